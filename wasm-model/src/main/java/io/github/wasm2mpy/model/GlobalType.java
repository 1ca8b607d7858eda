package io.github.wasm2mpy.model;

/**
 * A global variable's type.
 *
 * @param type the value type
 * @param mutable whether {@code global.set} may change it
 */
public record GlobalType(ValType type, boolean mutable) {
    public GlobalType {
        if (type == null) {
            throw new NullPointerException("type");
        }
    }
}
