package io.github.wasm2mpy.linker;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Parses a native .mpy and applies its relocations the way {@code mp_native_relocate} in
 * {@code py/persistentcode.c} does, with made-up load addresses, so tests can check what code would see at run
 * time on archs we cannot execute (32-bit words only).
 */
final class SimulatedLoad {
  static final long TEXT = 0x40080000L;
  static final long RODATA = 0x3FFB0000L;
  static final long BSS = 0x3FFC0000L;
  static final long QSTR_TABLE = 0x3FFD0000L;
  static final long OBJ_TABLE = 0x3FFD8000L;
  static final long FUN_TABLE = 0x3FFE0000L;

  final int archCode;
  final ByteBuffer text;
  final ByteBuffer rodata;
  final int bssSize;
  final int relocationOps;
  /** Byte offsets of the text words the loader patched. */
  final java.util.Set<Integer> relocatedTextWords = new java.util.HashSet<>();
  private final byte[] mpy;
  private int at;

  /** The value the loader stores in {@code mp_fun_table[i]}: made up, but distinct per entry. */
  static long funTableEntry(int i) {
    return 0x50000000L + 0x100L * i;
  }

  SimulatedLoad(byte[] mpy) {
    this.mpy = mpy;
    if (mpy[0] != 'M' || mpy[1] != 6 || (mpy[2] & 3) != 3 || mpy[3] != 31) {
      throw new AssertionError("bad .mpy header");
    }
    archCode = (mpy[2] & 0xff) >> 2;
    at = 4;
    long nQstr = uint();
    if (uint() != 0) {
      throw new AssertionError("unexpected constant objects");
    }
    for (long i = 0; i < nQstr; i++) {
      long q = uint();
      if ((q & 1) == 0) {
        at += (int) (q >> 1) + 1;
      }
    }
    long kindLen = uint();
    if ((kindLen & 7) != 2) {
      throw new AssertionError("not native viper code: kind " + (kindLen & 7));
    }
    byte[] t = new byte[(int) (kindLen >> 3)];
    System.arraycopy(mpy, at, t, 0, t.length);
    at += t.length;
    long flags = uint();
    int rodataSize = (flags & 0x20) != 0 ? (int) uint() : 0;
    bssSize = (flags & 0x40) != 0 ? (int) uint() : 0;
    byte[] r = new byte[rodataSize];
    System.arraycopy(mpy, at, r, 0, rodataSize);
    at += rodataSize;
    text = ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN);
    rodata = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
    int ops = 0;
    ByteBuffer target = null;
    int word = 0;
    while (true) {
      int op = mpy[at++] & 0xff;
      if (op == 0xff) {
        break;
      }
      ops++;
      if ((op & 1) != 0) {
        long a = uint();
        target = (a & 1) == 0 ? text : rodata;
        word = (int) (a >> 1);
      }
      op >>= 1;
      long n = 1;
      long dest;
      if (op <= 5) {
        if ((op & 1) != 0) {
          n = uint();
        }
        op >>= 1;
        dest = op == 0 ? TEXT : op == 1 ? RODATA : BSS;
      } else if (op == 6) {
        dest = QSTR_TABLE;
      } else if (op == 7) {
        dest = OBJ_TABLE;
      } else if (op == 8) {
        dest = FUN_TABLE;
      } else {
        dest = funTableEntry(op - 9);
      }
      if (target == null) {
        throw new AssertionError("relocation before any offset");
      }
      for (long i = 0; i < n; i++) {
        int p = word * 4;
        target.putInt(p, (int) (target.getInt(p) + dest));
        if (target == text) {
          relocatedTextWords.add(p);
        }
        word++;
      }
    }
    if (at != mpy.length) {
      throw new AssertionError((mpy.length - at) + " bytes after the relocation sentinel");
    }
    relocationOps = ops;
  }

  long textWord(int offset) {
    return text.getInt(offset) & 0xFFFFFFFFL;
  }

  long rodataWord(int offset) {
    return rodata.getInt(offset) & 0xFFFFFFFFL;
  }

  static long blockBase(String block) {
    return switch (block) {
      case "text" -> TEXT;
      case "rodata" -> RODATA;
      case "bss" -> BSS;
      default -> throw new AssertionError(block);
    };
  }

  private long uint() {
    long v = 0;
    while (true) {
      int b = mpy[at++] & 0xff;
      v = v << 7 | (b & 0x7f);
      if ((b & 0x80) == 0) {
        return v;
      }
    }
  }
}
