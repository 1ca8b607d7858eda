package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.linker.elf.ElfRelocation;

/** i386 (REL: addends live in the patched field, so every formula adds to what is there). */
final class X86Relocator implements Relocator {
  static final int R_386_NONE = 0;
  static final int R_386_32 = 1;
  static final int R_386_PC32 = 2;
  static final int R_386_GOT32 = 3;
  static final int R_386_PLT32 = 4;
  static final int R_386_GOTOFF = 9;
  static final int R_386_GOTPC = 10;
  static final int R_386_GOT32X = 43;

  @Override
  public boolean isPcRelative(LinkState st, InputSection s, ElfRelocation r) {
    return r.type() == R_386_PC32 || r.type() == R_386_PLT32 || r.type() == R_386_GOTOFF;
  }

  @Override
  public boolean isAbsoluteWord(LinkState st, InputSection s, ElfRelocation r) {
    return r.type() == R_386_32;
  }

  @Override
  public void relocate(LinkState st, InputSection s, ElfRelocation r) {
    int place = LinkState.place(s, r);
    switch (r.type()) {
      case R_386_NONE -> { }
      // S + A - P: calls and PC-relative data within text
      case R_386_PC32, R_386_PLT32 -> Relocator.addLe32(st, s, r, st.fixedAddress(s, r) - place + r.addend());
      // GOT + A - P: materialises the GOT base (the compiler adds the pc obtained from a thunk)
      case R_386_GOTPC -> Relocator.addLe32(st, s, r, st.gotSection.address - place + r.addend());
      // G: offset of the symbol's slot from the GOT base
      case R_386_GOT32, R_386_GOT32X -> Relocator.addLe32(st, s, r, st.gotOffset(st.symbol(s, r).name(), s, r));
      // S + A - GOT: statics addressed from the GOT base
      case R_386_GOTOFF -> Relocator.addLe32(st, s, r, st.fixedAddress(s, r) - st.gotSection.address + r.addend());
      default -> throw st.unsupported(s, r, "not used by position-independent i386 code");
    }
  }
}
