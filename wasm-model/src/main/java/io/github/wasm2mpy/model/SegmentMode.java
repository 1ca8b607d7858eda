package io.github.wasm2mpy.model;

/** When an element or data segment is applied. */
public enum SegmentMode {
    /** Copied into its table or memory at instantiation. */
    ACTIVE,
    /** Used only by {@code table.init} / {@code memory.init}. */
    PASSIVE,
    /** Element segments only: declares functions referenced by {@code ref.func}; never applied. */
    DECLARATIVE
}
