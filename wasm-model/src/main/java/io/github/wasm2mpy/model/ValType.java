package io.github.wasm2mpy.model;

/**
 * A WebAssembly value type: the four numeric types, {@code v128}, and the two reference types of WebAssembly 2.0.
 */
public enum ValType {
    I32(0x7f, "i32"),
    I64(0x7e, "i64"),
    F32(0x7d, "f32"),
    F64(0x7c, "f64"),
    V128(0x7b, "v128"),
    FUNCREF(0x70, "funcref"),
    EXTERNREF(0x6f, "externref");

    private final int code;
    private final String mnemonic;

    ValType(int code, String mnemonic) {
        this.code = code;
        this.mnemonic = mnemonic;
    }

    /** The byte that encodes this type in the binary format. */
    public int code() {
        return code;
    }

    /** The name used in the text format, e.g. {@code i32}. */
    public String mnemonic() {
        return mnemonic;
    }

    /** True for {@code funcref} and {@code externref}. */
    public boolean isReference() {
        return this == FUNCREF || this == EXTERNREF;
    }

    /** True for the four numeric types. */
    public boolean isNumeric() {
        return this == I32 || this == I64 || this == F32 || this == F64;
    }

    /** The type encoded by {@code code}, or {@code null} when the byte encodes no value type. */
    public static ValType fromCode(int code) {
        switch (code) {
            case 0x7f: return I32;
            case 0x7e: return I64;
            case 0x7d: return F32;
            case 0x7c: return F64;
            case 0x7b: return V128;
            case 0x70: return FUNCREF;
            case 0x6f: return EXTERNREF;
            default: return null;
        }
    }

    @Override
    public String toString() {
        return mnemonic;
    }
}
