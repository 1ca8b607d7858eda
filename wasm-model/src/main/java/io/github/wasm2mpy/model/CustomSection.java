package io.github.wasm2mpy.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A custom section, kept verbatim (the {@code name} section is also decoded into {@link Names}).
 *
 * @param name the section name
 * @param bytes the contents after the name (copied on the way in and out)
 * @param after the last non-custom section before this one, or {@link SectionId#CUSTOM} when it precedes all
 *     of them; the writer puts the section back at the same place
 */
public record CustomSection(String name, byte[] bytes, SectionId after) {
    public CustomSection {
        if (name == null || after == null) {
            throw new NullPointerException();
        }
        bytes = bytes.clone();
    }

    /** A copy of the contents. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomSection c && name.equals(c.name) && after == c.after
                && Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, after) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "CustomSection[name=" + name + ", size=" + bytes.length + ", after=" + after + "]";
    }
}
