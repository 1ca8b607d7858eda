package io.github.wasm2mpy.linker.elf;

/**
 * One entry of {@code .symtab}.
 *
 * @param index position in the symbol table, as used by relocations
 * @param sectionIndex {@code st_shndx}, already widened through {@code SHT_SYMTAB_SHNDX} when present
 */
public record ElfSymbol(int index, String name, long value, long size, int bind, int type, int sectionIndex) {
  public static final int STB_LOCAL = 0;
  public static final int STB_GLOBAL = 1;
  public static final int STB_WEAK = 2;

  public static final int STT_NOTYPE = 0;
  public static final int STT_OBJECT = 1;
  public static final int STT_FUNC = 2;
  public static final int STT_SECTION = 3;
  public static final int STT_FILE = 4;
  public static final int STT_TLS = 6;

  public static final int SHN_UNDEF = 0;
  public static final int SHN_ABS = 0xfff1;
  public static final int SHN_COMMON = 0xfff2;
  public static final int SHN_XINDEX = 0xffff;

  public boolean isGlobalOrWeak() {
    return bind == STB_GLOBAL || bind == STB_WEAK;
  }

  public boolean isUndefined() {
    return sectionIndex == SHN_UNDEF;
  }
}
