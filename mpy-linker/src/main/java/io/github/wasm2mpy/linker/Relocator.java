package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.linker.elf.ElfRelocation;

/** Applies one architecture's relocations to text and rodata; one small method per relocation shape. */
interface Relocator {
  /** True if {@code r} is resolved at link time relative to text, so its target must be placed in text. */
  boolean isPcRelative(LinkState st, InputSection s, ElfRelocation r);

  /** True if {@code r} is a plain absolute pointer, left to the loader as a .mpy relocation. */
  boolean isAbsoluteWord(LinkState st, InputSection s, ElfRelocation r);

  void relocate(LinkState st, InputSection s, ElfRelocation r);

  /** {@code field += delta}, 32 bits, for every arch whose PC-relative fields are plain words. */
  static void addLe32(LinkState st, InputSection s, ElfRelocation r, long delta) {
    OutputBuffer out = st.buffer(s.block);
    int at = LinkState.place(s, r);
    out.put32(at, (out.u32(at) + delta) & 0xFFFFFFFFL);
  }
}
