package io.github.wasm2mpy.model;

/** The kind of an import or export, with its binary code. */
public enum ExternalKind {
    FUNCTION(0),
    TABLE(1),
    MEMORY(2),
    GLOBAL(3);

    private final int code;

    ExternalKind(int code) {
        this.code = code;
    }

    /** The byte that encodes this kind in import and export entries. */
    public int code() {
        return code;
    }

    /** The kind encoded by {@code code}, or {@code null}. */
    public static ExternalKind fromCode(int code) {
        return code >= 0 && code < 4 ? values()[code] : null;
    }
}
