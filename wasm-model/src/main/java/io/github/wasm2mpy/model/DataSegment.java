package io.github.wasm2mpy.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A data segment: bytes to place in a memory.
 *
 * @param mode active or passive
 * @param memoryIndex the memory an active segment initialises
 * @param offset for an active segment, the constant offset expression ending with {@code end}; else empty
 * @param bytes the contents (copied on the way in and out)
 * @param explicitMemoryIndex true when an active segment spelled out its memory index (encoding flag 2)
 */
public record DataSegment(
        SegmentMode mode, int memoryIndex, List<Instruction> offset, byte[] bytes, boolean explicitMemoryIndex) {
    public DataSegment {
        if (mode == null || mode == SegmentMode.DECLARATIVE) {
            throw new IllegalArgumentException("a data segment is active or passive");
        }
        offset = List.copyOf(offset);
        bytes = bytes.clone();
    }

    /** A copy of the contents. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The number of bytes, without copying them. */
    public int size() {
        return bytes.length;
    }

    /** Byte {@code i}, without copying the contents. */
    public byte byteAt(int i) {
        return bytes[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataSegment d && mode == d.mode && memoryIndex == d.memoryIndex
                && explicitMemoryIndex == d.explicitMemoryIndex && offset.equals(d.offset)
                && Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, memoryIndex, offset, explicitMemoryIndex) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "DataSegment[mode=" + mode + ", memoryIndex=" + memoryIndex + ", offset=" + offset + ", size="
                + bytes.length + "]";
    }
}
