package io.github.wasm2mpy.bindings;

/** A module cannot be bound to Python; the message names the export or import and its type. */
public final class BindingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BindingException(String message) {
        super(message);
    }
}
