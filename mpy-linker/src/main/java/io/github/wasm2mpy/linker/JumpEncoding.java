package io.github.wasm2mpy.linker;

/**
 * The instruction at offset 0 of text that jumps to {@code mpy_init}. The loader calls offset 0; the jump is
 * written first with a dummy target to reserve space, so each encoding has a fixed length.
 */
final class JumpEncoding {
  private JumpEncoding() {}

  /** {@code jmp rel32}: E9 + displacement from the end of the 5-byte instruction. */
  static byte[] x86(long entry) {
    long rel = entry - 5;
    return new byte[] {(byte) 0xE9, (byte) rel, (byte) (rel >> 8), (byte) (rel >> 16), (byte) (rel >> 24)};
  }

  /**
   * Thumb-1 (Cortex-M0): a 16-bit {@code b} when the target is within ±2 KiB, otherwise
   * {@code push {r0, lr}; bl entry; pop {r0, pc}} since M0 has no 32-bit {@code b.w}. Always 8 bytes.
   */
  static byte[] thumb(long entry) {
    long off = entry - 4;
    if (off >> 11 == 0 || off >> 11 == -1) {
      return halfwords(0xE000 | (off >> 1 & 0x7FF), 0, 0, 0);
    }
    off -= 2; // the bl sits after the 2-byte push
    return halfwords(0xB501, 0xF000 | ((off >> 12) & 0x7FF), 0xF800 | ((off >> 1) & 0x7FF), 0xBD01);
  }

  /** Thumb-2: a 16-bit {@code b} padded with a zero half-word, or a 32-bit {@code b.w}. Always 4 bytes. */
  static byte[] thumb2(long entry) {
    long off = entry - 4;
    if (off >> 11 == 0 || off >> 11 == -1) {
      return halfwords(0xE000 | (off >> 1 & 0x7FF), 0);
    }
    return halfwords(0xF000 | (off >> 12 & 0x7FF), 0xB800 | (off >> 1 & 0x7FF));
  }

  /** Xtensa {@code j}: 18-bit offset from pc + 4 in bits 6..23 of a 3-byte instruction. */
  static byte[] xtensa(long entry) {
    long op = (entry - 4) << 6 | 6;
    if (op >> 24 != 0) {
      throw new LinkException("entry point mpy_init at 0x" + Long.toHexString(entry) + " is out of range of the xtensa entry jump");
    }
    return new byte[] {(byte) op, (byte) (op >> 8), (byte) (op >> 16)};
  }

  /** {@code auipc t6, hi(entry); jalr zero, lo(entry)(t6)}: 8 bytes whatever the distance. */
  static byte[] rv32(long entry) {
    long[] split = RiscvRelocator.splitAddress(entry);
    long auipc = (split[0] | 0x00000F97) & 0xFFFFFFFFL;
    long jalr = ((split[1] << 20) | 0x000F8067) & 0xFFFFFFFFL;
    return new byte[] {
      (byte) auipc, (byte) (auipc >> 8), (byte) (auipc >> 16), (byte) (auipc >> 24),
      (byte) jalr, (byte) (jalr >> 8), (byte) (jalr >> 16), (byte) (jalr >> 24)
    };
  }

  private static byte[] halfwords(long... values) {
    byte[] out = new byte[values.length * 2];
    for (int i = 0; i < values.length; i++) {
      out[2 * i] = (byte) values[i];
      out[2 * i + 1] = (byte) (values[i] >> 8);
    }
    return out;
  }
}
