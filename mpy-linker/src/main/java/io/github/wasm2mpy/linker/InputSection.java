package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.linker.elf.ElfRelocation;
import io.github.wasm2mpy.linker.elf.ElfSection;
import java.util.List;

/** A section taken from an input object (or made by the linker: GOT, literal table), and where it landed. */
final class InputSection {
  final LoadedObject object;
  final String name;
  final SectionKind kind;
  /** The contents; replaced (never modified) when relaxation deletes bytes. */
  byte[] data;
  final long alignment;
  /** Ordered by offset as in the object; replaced when relaxation rewrites the section. */
  List<ElfRelocation> relocations;
  Block block;
  int address;
  boolean live = true;

  InputSection(LoadedObject object, String name, SectionKind kind, byte[] data, long alignment, List<ElfRelocation> relocations) {
    this.object = object;
    this.name = name;
    this.kind = kind;
    this.data = data;
    this.alignment = alignment;
    this.relocations = relocations;
  }

  static InputSection of(LoadedObject object, ElfSection s, SectionKind kind) {
    return new InputSection(object, s.name(), kind, s.data(), s.alignment(), s.relocations());
  }

  static InputSection synthetic(String name, int size, int alignment) {
    return new InputSection(null, name, SectionKind.TEXT, new byte[size], alignment, List.of());
  }

  String file() {
    return object == null ? "<linker>" : object.name;
  }

  @Override
  public String toString() {
    return file() + "(" + name + ")";
  }
}
