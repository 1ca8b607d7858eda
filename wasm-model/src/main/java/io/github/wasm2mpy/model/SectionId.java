package io.github.wasm2mpy.model;

/** The sections of a binary module, in the order they must appear (custom sections may appear anywhere). */
public enum SectionId {
    CUSTOM(0, "custom"),
    TYPE(1, "type"),
    IMPORT(2, "import"),
    FUNCTION(3, "function"),
    TABLE(4, "table"),
    MEMORY(5, "memory"),
    GLOBAL(6, "global"),
    EXPORT(7, "export"),
    START(8, "start"),
    ELEMENT(9, "element"),
    DATA_COUNT(12, "data count"),
    CODE(10, "code"),
    DATA(11, "data");

    private final int id;
    private final String displayName;

    SectionId(int id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** The section id byte. */
    public int id() {
        return id;
    }

    /** A human name, e.g. {@code "data count"}, used in error messages. */
    public String displayName() {
        return displayName;
    }

    /** The section with id byte {@code id}, or {@code null}. */
    public static SectionId fromId(int id) {
        for (SectionId s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        return null;
    }
}
