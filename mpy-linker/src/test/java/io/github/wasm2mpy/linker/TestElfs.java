package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.linker.elf.ElfFile;

/** Small ELF objects for tests outside this package. */
public final class TestElfs {
  private TestElfs() {}

  /** Sections: 1 .text (with one SLOT0_OP-free R_XTENSA_32 relocation), 2 .rela.text, 3 .symtab, 4 .strtab, 5 .shstrtab. */
  public static byte[] minimalXtensa() {
    TestElfWriter w = new TestElfWriter(ElfFile.EM_XTENSA);
    int text = w.section(".text", 1, 6, 4, new byte[8]);
    int init = w.symbol("mpy_init", 0, 8, 1, 2, text);
    w.rela(text, 4, 1, init, 0);
    return w.toBytes();
  }
}
