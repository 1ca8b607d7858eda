package io.github.wasm2mpy.linker.elf;

import java.util.List;

/**
 * A section of a relocatable object with the relocations that apply to it (gathered from every
 * {@code SHT_REL}/{@code SHT_RELA} section whose {@code sh_info} names this one).
 *
 * @param data the bytes; for {@code SHT_NOBITS} a zero-filled array of {@code sh_size} bytes
 */
public record ElfSection(
    int index,
    String name,
    int type,
    long flags,
    long alignment,
    int link,
    int info,
    byte[] data,
    List<ElfRelocation> relocations) {
  public static final int SHT_NULL = 0;
  public static final int SHT_PROGBITS = 1;
  public static final int SHT_SYMTAB = 2;
  public static final int SHT_STRTAB = 3;
  public static final int SHT_RELA = 4;
  public static final int SHT_NOBITS = 8;
  public static final int SHT_REL = 9;
  public static final int SHT_INIT_ARRAY = 14;
  public static final int SHT_FINI_ARRAY = 15;
  public static final int SHT_GROUP = 17;
  public static final int SHT_SYMTAB_SHNDX = 18;

  public static final long SHF_WRITE = 0x1;
  public static final long SHF_ALLOC = 0x2;
  public static final long SHF_EXECINSTR = 0x4;

  public ElfSection {
    relocations = List.copyOf(relocations);
  }

  public int size() {
    return data.length;
  }

  public boolean hasContents() {
    return type == SHT_PROGBITS || type == SHT_NOBITS;
  }

  @Override
  public String toString() {
    return "ElfSection[" + index + " " + name + " size=" + data.length + "]";
  }
}
