package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.linker.elf.ElfRelocation;

/** x86-64 (RELA). */
final class X64Relocator implements Relocator {
  static final int R_X86_64_NONE = 0;
  static final int R_X86_64_64 = 1;
  static final int R_X86_64_PC32 = 2;
  static final int R_X86_64_PLT32 = 4;
  static final int R_X86_64_GOTPCREL = 9;
  static final int R_X86_64_GOTPCRELX = 41;
  static final int R_X86_64_REX_GOTPCRELX = 42;

  @Override
  public boolean isPcRelative(LinkState st, InputSection s, ElfRelocation r) {
    return r.type() == R_X86_64_PC32 || r.type() == R_X86_64_PLT32;
  }

  @Override
  public boolean isAbsoluteWord(LinkState st, InputSection s, ElfRelocation r) {
    return r.type() == R_X86_64_64;
  }

  @Override
  public void relocate(LinkState st, InputSection s, ElfRelocation r) {
    int place = LinkState.place(s, r);
    switch (r.type()) {
      case R_X86_64_NONE -> { }
      // S + A - P
      case R_X86_64_PC32, R_X86_64_PLT32 -> addChecked(st, s, r, st.fixedAddress(s, r) - place + r.addend());
      // G + GOT + A - P: rip-relative load of the symbol's GOT slot
      case R_X86_64_GOTPCREL, R_X86_64_GOTPCRELX, R_X86_64_REX_GOTPCRELX ->
          addChecked(st, s, r, st.gotAddress(st.symbol(s, r).name(), s, r) - place + r.addend());
      default -> throw st.unsupported(s, r, "not used by position-independent x86-64 code");
    }
  }

  private static void addChecked(LinkState st, InputSection s, ElfRelocation r, long delta) {
    OutputBuffer out = st.buffer(s.block);
    long value = (int) out.u32(LinkState.place(s, r)) + delta;
    if (value != (int) value) {
      throw st.outOfRange(s, r, value);
    }
    Relocator.addLe32(st, s, r, delta);
  }
}
