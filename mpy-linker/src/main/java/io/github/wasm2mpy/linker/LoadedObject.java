package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.linker.elf.ElfFile;
import io.github.wasm2mpy.linker.elf.ElfSymbol;

/** An input object and the sections the linker took from it, indexed by ELF section number. */
final class LoadedObject {
  final String name;
  final ElfFile elf;
  final InputSection[] sections;

  /** Symbol values and sizes once relaxation has moved them, indexed by symbol number; null until then. */
  private long[] values;
  private long[] sizes;

  LoadedObject(String name, ElfFile elf) {
    this.name = name;
    this.elf = elf;
    this.sections = new InputSection[elf.sections().size()];
  }

  /** The symbol's offset in its section, after any bytes relaxation deleted before it. */
  long value(ElfSymbol sym) {
    return values == null ? sym.value() : values[sym.index()];
  }

  long size(ElfSymbol sym) {
    return sizes == null ? sym.size() : sizes[sym.index()];
  }

  void move(ElfSymbol sym, long value, long size) {
    if (values == null) {
      values = elf.symbols().stream().mapToLong(ElfSymbol::value).toArray();
      sizes = elf.symbols().stream().mapToLong(ElfSymbol::size).toArray();
    }
    values[sym.index()] = value;
    sizes[sym.index()] = size;
  }

  InputSection section(int index) {
    return index >= 0 && index < sections.length ? sections[index] : null;
  }
}
