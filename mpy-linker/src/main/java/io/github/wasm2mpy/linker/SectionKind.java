package io.github.wasm2mpy.linker;

/** What a loaded input section holds, decided by its name as the reference linker does. */
enum SectionKind {
  TEXT,
  /** xtensa literal pools: turned into GOT and literal-table entries, never copied as they are. */
  LITERAL,
  RODATA,
  /** Read-only after relocation: tables of pointers, patched at load time. */
  DATA_REL_RO,
  BSS,
  /** Initialised writable data: the reference linker rejects it; we place it with text (RAM on every port). */
  DATA,
  IGNORED;

  static SectionKind classify(String name) {
    if (name.startsWith(".literal")) {
      return LITERAL;
    }
    if (name.startsWith(".text")) {
      return TEXT;
    }
    if (name.startsWith(".rodata") || name.startsWith(".srodata")) {
      return RODATA;
    }
    if (name.startsWith(".data.rel.ro")) {
      return DATA_REL_RO;
    }
    if (name.startsWith(".bss") || name.startsWith(".sbss")) {
      return BSS;
    }
    if (name.startsWith(".data") || name.startsWith(".sdata")) {
      return DATA;
    }
    return IGNORED;
  }

  /** Sort rank of a GOT slot pointing here, so runs of same-destination slots coalesce in the .mpy. */
  int gotRank() {
    return switch (this) {
      case TEXT, DATA -> 2;
      case RODATA, DATA_REL_RO -> 3;
      case BSS -> 4;
      default -> 0;
    };
  }
}
