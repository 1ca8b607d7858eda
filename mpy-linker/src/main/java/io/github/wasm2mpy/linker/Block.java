package io.github.wasm2mpy.linker;

/** The three blocks of a native .mpy, each loaded at its own address; the values are the .mpy destination codes. */
enum Block {
  TEXT(0),
  RODATA(1),
  BSS(2);

  final int mpyCode;

  Block(int mpyCode) {
    this.mpyCode = mpyCode;
  }
}
