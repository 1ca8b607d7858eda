package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.linker.elf.ElfRelocation;
import io.github.wasm2mpy.linker.elf.ElfSymbol;
import java.util.Set;

/**
 * RISC-V RV32 (RELA). {@code R_RISCV_RELAX} and {@code R_RISCV_ALIGN} are no-ops here: {@link RiscvRelaxer} has
 * already shortened the code they mark, when relaxation is on.
 */
final class RiscvRelocator implements Relocator {
  static final int R_RISCV_NONE = 0;
  static final int R_RISCV_32 = 1;
  static final int R_RISCV_BRANCH = 16;
  static final int R_RISCV_JAL = 17;
  static final int R_RISCV_CALL = 18;
  static final int R_RISCV_CALL_PLT = 19;
  static final int R_RISCV_GOT_HI20 = 20;
  static final int R_RISCV_PCREL_HI20 = 23;
  static final int R_RISCV_PCREL_LO12_I = 24;
  static final int R_RISCV_PCREL_LO12_S = 25;
  static final int R_RISCV_HI20 = 26;
  static final int R_RISCV_LO12_I = 27;
  static final int R_RISCV_LO12_S = 28;
  static final int R_RISCV_GOT32_PCREL = 41;
  static final int R_RISCV_ALIGN = 43;
  static final int R_RISCV_RVC_BRANCH = 44;
  static final int R_RISCV_RVC_JUMP = 45;
  static final int R_RISCV_RELAX = 51;
  static final int R_RISCV_SUB6 = 52;
  static final int R_RISCV_SET6 = 53;
  static final int R_RISCV_SET8 = 54;
  static final int R_RISCV_SET16 = 55;
  static final int R_RISCV_SET32 = 56;
  static final int R_RISCV_32_PCREL = 57;
  static final int R_RISCV_PLT32 = 59;
  private static final Set<Integer> TLS = Set.of(21, 22, 29, 30, 31, 32, 62, 63, 64, 65);

  @Override
  public boolean isPcRelative(LinkState st, InputSection s, ElfRelocation r) {
    return switch (r.type()) {
      case R_RISCV_BRANCH, R_RISCV_JAL, R_RISCV_CALL, R_RISCV_CALL_PLT, R_RISCV_PCREL_HI20, R_RISCV_RVC_BRANCH,
          R_RISCV_RVC_JUMP, R_RISCV_32_PCREL, R_RISCV_PLT32 -> true;
      default -> false;
    };
  }

  @Override
  public boolean isAbsoluteWord(LinkState st, InputSection s, ElfRelocation r) {
    return r.type() == R_RISCV_32;
  }

  @Override
  public void relocate(LinkState st, InputSection s, ElfRelocation r) {
    int type = r.type();
    OutputBuffer out = st.buffer(s.block);
    int p = LinkState.place(s, r);
    if (TLS.contains(type)) {
      throw st.unsupported(s, r, "thread-local storage does not exist in a native module");
    }
    switch (type) {
      case R_RISCV_NONE, R_RISCV_RELAX, R_RISCV_ALIGN -> { }
      case R_RISCV_GOT_HI20, R_RISCV_PCREL_HI20, R_RISCV_HI20 -> {
        long v = hiValue(st, s, r);
        out.put32(p, (out.u32(p) & 0xFFF) | splitAddress(v)[0]);
      }
      case R_RISCV_PCREL_LO12_I, R_RISCV_PCREL_LO12_S, R_RISCV_LO12_I, R_RISCV_LO12_S -> {
        long v = type == R_RISCV_LO12_I || type == R_RISCV_LO12_S ? absoluteLo(st, s, r) : pairedHiValue(st, s, r);
        long lower = splitAddress(v)[1];
        long insn = out.u32(p);
        if (type == R_RISCV_PCREL_LO12_I || type == R_RISCV_LO12_I) {
          out.put32(p, (insn & 0xFFFFF) | (lower & 0xFFF) << 20); // I-type: imm[11:0] in bits 31..20
        } else {
          out.put32(p, (insn & 0x01FFF07F) | (lower & 0xFE0) << 20 | (lower & 0x1F) << 7); // S-type: imm[11:5], imm[4:0]
        }
      }
      case R_RISCV_BRANCH -> {
        long v = pcRel(st, s, r, 13);
        out.put32(p, (out.u32(p) & 0x01FFF07F) | (v & 0x1000) << 19 | (v & 0x800) >> 4 | (v & 0x7E0) << 20 | (v & 0x1E) << 7);
      }
      case R_RISCV_JAL -> {
        long v = pcRel(st, s, r, 21);
        out.put32(p, (out.u32(p) & 0xFFF) | (v & 0x100000) << 11 | (v & 0xFF000) | (v & 0x800) << 9 | (v & 0x7FE) << 20);
      }
      case R_RISCV_RVC_BRANCH -> {
        long v = pcRel(st, s, r, 9);
        out.put16(p, (out.u16(p) & 0xE383) | (v & 0x100) << 4 | (v & 0xC0) >> 1 | (v & 0x20) >> 3 | (v & 0x18) << 7 | (v & 0x06) << 2);
      }
      case R_RISCV_RVC_JUMP -> {
        long v = pcRel(st, s, r, 12);
        out.put16(p, (out.u16(p) & 0xE003) | (v & 0x800) << 1 | (v & 0x400) >> 2 | (v & 0x300) << 1 | (v & 0x80) >> 1
            | (v & 0x40) << 1 | (v & 0x20) >> 3 | (v & 0x10) << 7 | (v & 0x0E) << 2);
      }
      case R_RISCV_CALL, R_RISCV_CALL_PLT -> {
        // auipc + jalr pair: S + A - P split into hi20 / lo12
        long[] split = splitAddress(pcRel(st, s, r, 32));
        out.put32(p, (out.u32(p) & 0xFFF) | split[0]);
        out.put32(p + 4, (out.u32(p + 4) & 0xFFFFF) | (split[1] << 20) & 0xFFFFFFFFL);
      }
      case R_RISCV_32_PCREL, R_RISCV_PLT32 -> out.put32(p, pcRel(st, s, r, 32) & 0xFFFFFFFFL);
      // G + GOT + A - P
      case R_RISCV_GOT32_PCREL -> out.put32(p, (st.gotAddress(st.symbol(s, r).name(), s, r) + r.addend() - p) & 0xFFFFFFFFL);
      case 33, 34, 35, 36 -> addSub(out, p, type, value(st, s, r), 1);
      case 37, 38, 39, 40, R_RISCV_SUB6 -> addSub(out, p, type, value(st, s, r), -1);
      case R_RISCV_SET6 -> out.put8(p, (out.u8(p) & ~0x3F) | (value(st, s, r) & 0x3F));
      case R_RISCV_SET8 -> out.put8(p, value(st, s, r));
      case R_RISCV_SET16 -> out.put16(p, value(st, s, r));
      case R_RISCV_SET32 -> out.put32(p, value(st, s, r) & 0xFFFFFFFFL);
      default -> throw st.unsupported(s, r, "not supported in a native module");
    }
  }

  /** The value of a HI20-type relocation: what its paired LO12 also needs. */
  private static long hiValue(LinkState st, InputSection s, ElfRelocation r) {
    Long cached = st.riscvHiValues.get(r);
    if (cached != null) {
      return cached;
    }
    long p = LinkState.place(s, r);
    long v = switch (r.type()) {
      case R_RISCV_GOT_HI20 -> st.gotAddress(st.symbol(s, r).name(), s, r) + r.addend() - p; // G + GOT + A - P
      case R_RISCV_PCREL_HI20 -> st.fixedAddress(s, r) + r.addend() - p; // S + A - P
      default -> st.address(st.target(s, r)) + r.addend(); // S + A
    };
    st.riscvHiValues.put(r, v);
    return v;
  }

  /** A PCREL_LO12 names the label of its auipc; its value is that auipc's HI20 value. */
  private static long pairedHiValue(LinkState st, InputSection s, ElfRelocation r) {
    ElfSymbol label = st.symbol(s, r);
    InputSection labelSection = s.object.section(label.sectionIndex());
    if (labelSection != null) {
      for (ElfRelocation parent : labelSection.relocations) {
        if (parent.offset() == s.object.value(label)
            && (parent.type() == R_RISCV_GOT_HI20 || parent.type() == R_RISCV_PCREL_HI20 || parent.type() == R_RISCV_HI20)) {
          return hiValue(st, labelSection, parent);
        }
      }
    }
    throw st.unsupported(s, r, "no HI20 relocation at the label it pairs with");
  }

  private static long absoluteLo(LinkState st, InputSection s, ElfRelocation r) {
    return st.address(st.target(s, r)) + r.addend();
  }

  private static long value(LinkState st, InputSection s, ElfRelocation r) {
    return st.address(st.target(s, r)) + r.addend();
  }

  private static long pcRel(LinkState st, InputSection s, ElfRelocation r, int bits) {
    long v = st.fixedAddress(s, r) + r.addend() - LinkState.place(s, r);
    if (bits < 32 && (v < -(1L << (bits - 1)) || v >= 1L << (bits - 1))) {
      throw st.outOfRange(s, r, v);
    }
    return v;
  }

  private static void addSub(OutputBuffer out, int p, int type, long value, int sign) {
    int bits = switch (type) {
      case 33, 37 -> 8;
      case 34, 38 -> 16;
      case 35, 39 -> 32;
      case 36, 40 -> 64;
      default -> 6;
    };
    int bytes = bits == 6 ? 1 : bits / 8;
    long existing = bytes == 8 ? out.word(p, 8) : bytes == 4 ? out.u32(p) : bytes == 2 ? out.u16(p) : out.u8(p);
    long mask = bits == 64 ? -1L : (1L << bits) - 1;
    long result = (existing & mask) + value * sign;
    long merged = (existing & ~mask) | (result & mask);
    switch (bytes) {
      case 8 -> out.putWord(p, merged, 8);
      case 4 -> out.put32(p, merged);
      case 2 -> out.put16(p, merged);
      default -> out.put8(p, merged);
    }
  }

  /**
   * Splits a 32-bit value into the auipc/lui upper part and a sign-extended 12-bit lower part: when bit 11 is set
   * the lower part is negative, so the upper part is rounded up by 0x1000.
   */
  static long[] splitAddress(long value) {
    if (value < 0 && value > -2048) {
      return new long[] {0, 4096 + value};
    }
    if (value < 0) {
      value += 0x100000000L;
    }
    long upper = value & 0xFFFFF000L;
    long lower = value & 0xFFF;
    if ((lower & 0x800) != 0) {
      upper += 0x1000;
    }
    return new long[] {upper & 0xFFFFFFFFL, lower & 0xFFFFFFFFL};
  }
}
