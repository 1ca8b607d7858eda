package io.github.wasm2mpy.linker;

/**
 * Where a symbol points once resolved: into a loaded section, or to something the MicroPython loader supplies
 * (the function table, an entry of it, the qstr and object tables), or to the GOT itself.
 */
record Target(Kind kind, InputSection section, long value, int funTableIndex) {
  enum Kind { SECTION, MP_FUN_TABLE, FUN_TABLE_ENTRY, QSTR_TABLE, OBJ_TABLE, GOT, ABSOLUTE }

  static Target in(InputSection section, long value) {
    return new Target(Kind.SECTION, section, value, -1);
  }

  static Target of(Kind kind) {
    return new Target(kind, null, 0, -1);
  }

  static Target funTableEntry(int index) {
    return new Target(Kind.FUN_TABLE_ENTRY, null, 0, index);
  }

  boolean isExternal() {
    return kind == Kind.MP_FUN_TABLE || kind == Kind.FUN_TABLE_ENTRY || kind == Kind.QSTR_TABLE || kind == Kind.OBJ_TABLE;
  }

  boolean inSection(SectionKind k) {
    return kind == Kind.SECTION && section.kind == k;
  }
}
