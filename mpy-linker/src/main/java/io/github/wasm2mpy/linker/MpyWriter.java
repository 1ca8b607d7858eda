package io.github.wasm2mpy.linker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/** Serialises a linked module in the .mpy v6.3 native layout (see {@code py/persistentcode.c}). */
final class MpyWriter {
  private static final int MPY_VERSION = 6;
  private static final int MPY_SUB_VERSION = 3;
  private static final int SMALL_INT_BITS = 31;
  /** {@code MP_CODE_NATIVE_VIPER - MP_CODE_BYTECODE}. */
  private static final int KIND_NATIVE_VIPER = 2;
  private static final int FLAG_RELOCATIONS = 0x10;
  private static final int FLAG_RODATA = 0x20;
  private static final int FLAG_BSS = 0x40;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final boolean compact;
  /** Block and word just past the last run written: where the loader's patch pointer stands. */
  private int nextBase = -1;
  private long nextWord = -1;

  /**
   * @param compact write what the format allows to be shorter than the reference linker writes it: a run of
   *     relocations that starts where the previous one ended omits its offset (the loader's pointer is already
   *     there), and the source name is the empty static qstr (MicroPython reads it only for bytecode
   *     tracebacks, and a native module has no bytecode)
   */
  MpyWriter(boolean compact) {
    this.compact = compact;
  }

  byte[] write(Arch arch, String sourceName, List<String> nativeQstrs, byte[] text, byte[] rodata, int bssSize,
      List<MpyRelocation> relocations) {
    out.write('M');
    out.write(MPY_VERSION);
    out.write(arch.mpyCode() << 2 | MPY_SUB_VERSION);
    out.write(SMALL_INT_BITS);
    uint(1 + nativeQstrs.size());
    uint(0); // constant objects
    qstr(compact ? "" : sourceName);
    nativeQstrs.forEach(this::qstr);
    uint((long) text.length << 3 | KIND_NATIVE_VIPER);
    out.writeBytes(text);
    int flags = FLAG_RELOCATIONS | (rodata.length > 0 ? FLAG_RODATA : 0) | (bssSize > 0 ? FLAG_BSS : 0);
    uint(flags);
    if (rodata.length > 0) {
      uint(rodata.length);
    }
    if (bssSize > 0) {
      uint(bssSize);
    }
    out.writeBytes(rodata);
    relocations(arch, relocations);
    out.write(0xff);
    return out.toByteArray();
  }

  /**
   * Coalesces consecutive words with the same base and destination into runs. Compact: in address order first
   * (each relocation adds to its own word, so the order does not matter to the loader), so that more runs
   * continue where the previous one ended.
   */
  private void relocations(Arch arch, List<MpyRelocation> relocations) {
    if (compact) {
      relocations = relocations.stream()
          .sorted(Comparator.comparingInt(MpyRelocation::base).thenComparingLong(MpyRelocation::address))
          .toList();
    }
    int runBase = -1;
    int runDest = -1;
    long runStart = 0;
    long runLast = 0;
    int runLength = 0;
    for (MpyRelocation r : relocations) {
      long word = r.address() / arch.wordSize();
      if (runLength > 0 && r.destination() == runDest && r.base() == runBase && word == runLast + 1) {
        runLength++;
        runLast = word;
        continue;
      }
      if (runLength > 0) {
        run(runBase, runStart, runDest, runLength);
      }
      runBase = r.base();
      runDest = r.destination();
      runStart = word;
      runLast = word;
      runLength = 1;
    }
    if (runLength > 0) {
      run(runBase, runStart, runDest, runLength);
    }
  }

  /**
   * One run: a byte {@code dest << 1 | hasOffset} (for text/rodata/bss dests, {@code dest} itself carries a
   * "count follows" bit), then the word offset with the base in bit 0. The format lets a run that continues the
   * previous one omit its offset; the reference linker always writes it (its check for that compares against a
   * base it never records), and so do we unless compact, to stay byte-identical.
   */
  private void run(int base, long offset, int destination, int count) {
    boolean needOffset = !(compact && base == nextBase && offset == nextWord);
    int dest;
    if (destination <= 2) {
      dest = destination << 1 | (count > 1 ? 1 : 0);
    } else {
      if (destination > 127) {
        throw new LinkException("mp_fun_table entry " + (destination - 9) + " cannot be encoded in a .mpy relocation");
      }
      dest = destination;
      if (count > 1) {
        // The format has no run length for table destinations: emit them one by one.
        for (int i = 0; i < count; i++) {
          run(base, offset + i, destination, 1);
        }
        return;
      }
    }
    nextBase = base;
    nextWord = offset + count;
    out.write(dest << 1 | (needOffset ? 1 : 0));
    if (needOffset) {
      uint(offset << 1 | base);
    }
    if (count > 1) {
      uint(count);
    }
  }

  private void qstr(String text) {
    int number = Qstrs.staticNumber(text);
    if (number > 0) {
      uint((long) number << 1 | 1);
      return;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    uint((long) bytes.length << 1);
    out.writeBytes(bytes);
    out.write(0);
  }

  /** Unsigned varint, most significant 7-bit group first, continuation bit 0x80. */
  private void uint(long value) {
    byte[] buf = new byte[10];
    int i = buf.length;
    buf[--i] = (byte) (value & 0x7f);
    value >>>= 7;
    while (value != 0) {
      buf[--i] = (byte) (0x80 | (value & 0x7f));
      value >>>= 7;
    }
    out.write(buf, i, buf.length - i);
  }
}
