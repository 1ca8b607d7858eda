package io.github.wasm2mpy.model;

/**
 * A run of {@code count} locals of one type, as declared in a function body. Kept as runs (not expanded) so
 * that a body declaring billions of locals costs no memory and is written back the way it was read.
 */
public record Locals(long count, ValType type) {
    public Locals {
        if (type == null) {
            throw new NullPointerException("type");
        }
        if (count < 0 || count > 0xffff_ffffL) {
            throw new IllegalArgumentException("local count out of u32 range: " + count);
        }
    }
}
