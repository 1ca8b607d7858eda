package io.github.wasm2mpy.model.text;

/**
 * wabt rejected a text-format input, or its output could not be read. The message names the input and the
 * tool, and for wat2wasm its own diagnostics (line:column and what is wrong).
 */
public final class TextFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code input}. */
    public TextFormatException(String input, String what, Throwable cause) {
        super(input + ": " + what + (cause != null && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : ""),
                cause);
    }
}
