package io.github.wasm2mpy.model;

/**
 * The memory argument of a load or store.
 *
 * @param alignLog2 the alignment hint, log2 of bytes; must not exceed the access's natural alignment
 * @param offset the constant offset added to the dynamic address (a u32 for 32-bit memories)
 * @param memoryIndex the memory accessed; always 0 in WebAssembly 2.0
 */
public record MemArg(int alignLog2, long offset, int memoryIndex) {
    /** A memory argument for memory 0. */
    public MemArg(int alignLog2, long offset) {
        this(alignLog2, offset, 0);
    }
}
