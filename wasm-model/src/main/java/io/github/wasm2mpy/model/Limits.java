package io.github.wasm2mpy.model;

import java.util.OptionalLong;

/**
 * Size limits of a memory (in pages) or a table (in elements).
 *
 * @param min the initial size
 * @param max the maximum size, absent when unbounded
 */
public record Limits(long min, OptionalLong max) {
    public Limits {
        if (max == null) {
            throw new NullPointerException("max");
        }
    }

    /** Limits with a minimum only. */
    public static Limits of(long min) {
        return new Limits(min, OptionalLong.empty());
    }

    /** Limits with a minimum and a maximum. */
    public static Limits of(long min, long max) {
        return new Limits(min, OptionalLong.of(max));
    }

    @Override
    public String toString() {
        return max.isPresent() ? min + ".." + max.getAsLong() : min + "..";
    }
}
