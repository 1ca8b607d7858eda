package io.github.wasm2mpy.model;

import java.util.Arrays;

/** A 128-bit SIMD value (or the 16 lane indices of {@code i8x16.shuffle}), as 16 little-endian bytes. */
public record V128(byte[] bytes) {
    public V128 {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("a v128 has 16 bytes, not " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /** A copy of the 16 bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Byte {@code i} (0..15), unsigned. */
    public int byteAt(int i) {
        return bytes[i] & 0xff;
    }

    /** Lane {@code i} of the value seen as two little-endian 64-bit lanes. */
    public long i64Lane(int i) {
        long v = 0;
        for (int b = 7; b >= 0; b--) {
            v = (v << 8) | (bytes[i * 8 + b] & 0xffL);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof V128 && Arrays.equals(bytes, ((V128) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("v128(");
        for (int i = 0; i < 16; i++) {
            sb.append(String.format("%02x", bytes[i] & 0xff));
        }
        return sb.append(')').toString();
    }
}
