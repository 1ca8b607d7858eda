package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.linker.elf.ElfFile;

/** An input object and the sections the linker took from it, indexed by ELF section number. */
final class LoadedObject {
  final String name;
  final ElfFile elf;
  final InputSection[] sections;

  LoadedObject(String name, ElfFile elf) {
    this.name = name;
    this.elf = elf;
    this.sections = new InputSection[elf.sections().size()];
  }

  InputSection section(int index) {
    return index >= 0 && index < sections.length ? sections[index] : null;
  }
}
