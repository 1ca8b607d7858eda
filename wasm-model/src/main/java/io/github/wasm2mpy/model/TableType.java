package io.github.wasm2mpy.model;

/**
 * A table's type.
 *
 * @param elementType {@link ValType#FUNCREF} or {@link ValType#EXTERNREF}
 * @param limits size limits in elements
 */
public record TableType(ValType elementType, Limits limits) {
    public TableType {
        if (elementType == null || limits == null) {
            throw new NullPointerException();
        }
    }
}
