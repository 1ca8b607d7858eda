package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.linker.elf.ElfRelocation;

/** ARM Thumb for Cortex-M (REL). */
final class ThumbRelocator implements Relocator {
  static final int R_ARM_NONE = 0;
  static final int R_ARM_ABS32 = 2;
  static final int R_ARM_REL32 = 3;
  static final int R_ARM_THM_CALL = 10;
  static final int R_ARM_GOTOFF32 = 24;
  static final int R_ARM_BASE_PREL = 25;
  static final int R_ARM_GOT_BREL = 26;
  static final int R_ARM_THM_JUMP24 = 30;
  static final int R_ARM_V4BX = 40;

  @Override
  public boolean isPcRelative(LinkState st, InputSection s, ElfRelocation r) {
    return r.type() == R_ARM_REL32 || r.type() == R_ARM_THM_CALL || r.type() == R_ARM_THM_JUMP24 || r.type() == R_ARM_GOTOFF32;
  }

  /** libgcc's Cortex-M0 soft-float routines keep absolute addresses in literal pools: the loader patches them. */
  @Override
  public boolean isAbsoluteWord(LinkState st, InputSection s, ElfRelocation r) {
    return r.type() == R_ARM_ABS32;
  }

  @Override
  public void relocate(LinkState st, InputSection s, ElfRelocation r) {
    int place = LinkState.place(s, r);
    switch (r.type()) {
      case R_ARM_NONE, R_ARM_V4BX -> { }
      // S + A - P
      case R_ARM_REL32 -> Relocator.addLe32(st, s, r, st.fixedAddress(s, r) - place);
      // ((S + A) | T) - P in the split 22-bit field of bl / b.w
      case R_ARM_THM_CALL, R_ARM_THM_JUMP24 -> branch(st, s, r, st.fixedAddress(s, r) - place);
      // S + A - GOT: statics addressed from the GOT base
      case R_ARM_GOTOFF32 -> Relocator.addLe32(st, s, r, st.fixedAddress(s, r) - st.gotSection.address);
      // GOT - P
      case R_ARM_BASE_PREL -> Relocator.addLe32(st, s, r, st.gotSection.address - place);
      // GOT(S) - GOT
      case R_ARM_GOT_BREL -> Relocator.addLe32(st, s, r, st.gotOffset(st.symbol(s, r).name(), s, r));
      default -> throw st.unsupported(s, r, "not used by position-independent Thumb code");
    }
  }

  private static void branch(LinkState st, InputSection s, ElfRelocation r, long delta) {
    OutputBuffer out = st.buffer(s.block);
    int at = LinkState.place(s, r);
    int hi = out.u16(at);
    int lo = out.u16(at + 2);
    long existing = (long) (hi & 0x7FF) << 12 | (long) (lo & 0x7FF) << 1;
    if (existing >= 0x400000) {
      existing -= 0x800000;
    }
    long value = existing + delta;
    if (value < -0x400000 || value >= 0x400000) {
      throw st.outOfRange(s, r, value);
    }
    out.put16(at, (hi & 0xF800) | (value >> 12) & 0x7FF);
    out.put16(at + 2, (lo & 0xF800) | (value >> 1) & 0x7FF);
  }
}
