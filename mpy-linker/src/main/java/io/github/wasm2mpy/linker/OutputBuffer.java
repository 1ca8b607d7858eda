package io.github.wasm2mpy.linker;

import java.util.Arrays;

/** A growable little-endian byte buffer: one per output block (text, separate rodata, bss). */
final class OutputBuffer {
  private byte[] bytes = new byte[256];
  private int size;

  int size() {
    return size;
  }

  /** Pads with zeros to {@code alignment} and returns the new end, where the next section starts. */
  int align(long alignment) {
    int aligned = (int) alignUp(size, Math.max(1, alignment));
    ensure(aligned);
    size = aligned;
    return size;
  }

  /** Empties the buffer (zeroed, since {@link #align} pads with whatever lies past the end) for a new layout. */
  void clear() {
    Arrays.fill(bytes, 0, size, (byte) 0);
    size = 0;
  }

  void append(byte[] data) {
    ensure(size + data.length);
    System.arraycopy(data, 0, bytes, size, data.length);
    size += data.length;
  }

  void put(int at, byte[] data) {
    System.arraycopy(data, 0, bytes, at, data.length);
  }

  int u8(int at) {
    return bytes[at] & 0xff;
  }

  int u16(int at) {
    return u8(at) | u8(at + 1) << 8;
  }

  long u24(int at) {
    return u8(at) | u8(at + 1) << 8 | (long) u8(at + 2) << 16;
  }

  long u32(int at) {
    return u16(at) | (long) u16(at + 2) << 16;
  }

  long word(int at, int wordSize) {
    return wordSize == 8 ? u32(at) | u32(at + 4) << 32 : u32(at);
  }

  void put8(int at, long value) {
    bytes[at] = (byte) value;
  }

  void put16(int at, long value) {
    put8(at, value);
    put8(at + 1, value >> 8);
  }

  void put24(int at, long value) {
    put16(at, value);
    put8(at + 2, value >> 16);
  }

  void put32(int at, long value) {
    put16(at, value);
    put16(at + 2, value >> 16);
  }

  void putWord(int at, long value, int wordSize) {
    put32(at, value);
    if (wordSize == 8) {
      put32(at + 4, value >>> 32);
    }
  }

  boolean inRange(long at, int length) {
    return at >= 0 && at + length <= size;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  static long alignUp(long value, long alignment) {
    return (value + alignment - 1) & -alignment;
  }

  private void ensure(int capacity) {
    if (capacity > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
    }
  }
}
