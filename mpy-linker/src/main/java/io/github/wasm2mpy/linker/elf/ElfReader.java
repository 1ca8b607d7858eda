package io.github.wasm2mpy.linker.elf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Bounds-checked parser behind {@link ElfFile#read}; every read names what it was reading. */
final class ElfReader {
  /** Refuse absurd counts before allocating for them: no real object file comes close. */
  private static final int MAX_SECTIONS = 1 << 20;

  private final String source;
  private final byte[] bytes;
  private boolean is64;

  ElfReader(String source, byte[] bytes) {
    this.source = source;
    this.bytes = bytes;
  }

  ElfFile read() {
    if (bytes.length < 16 || !ElfFile.isElf(bytes)) {
      throw error("ELF header", 0, "not an ELF file (bad magic number)");
    }
    int elfClass = bytes[4];
    if (elfClass != 1 && elfClass != 2) {
      throw error("ELF header", 4, "unknown ELF class " + elfClass);
    }
    is64 = elfClass == 2;
    if (bytes[5] != 1) {
      throw error("ELF header", 5, "only little-endian ELF is supported (EI_DATA=" + bytes[5] + ")");
    }
    int headerSize = is64 ? 64 : 52;
    need("ELF header", 0, headerSize);
    int fileType = u16(16);
    int machine = u16(18);
    long flags = u32(is64 ? 48 : 36);
    long shoff = is64 ? u64("ELF header", 40) : u32(32);
    int shentsize = u16(is64 ? 58 : 46);
    long shnum = u16(is64 ? 60 : 48);
    int shstrndx = u16(is64 ? 62 : 50);
    int expectedEntSize = is64 ? 64 : 40;
    if (shoff == 0) {
      return new ElfFile(source, is64, machine, fileType, flags, List.of(), List.of(), List.of());
    }
    if (shentsize != expectedEntSize) {
      throw error("ELF header", is64 ? 58 : 46, "section header size " + shentsize + ", expected " + expectedEntSize);
    }
    if (shnum == 0) {
      // More than 0xff00 sections: the real count lives in section 0's sh_size.
      need("section header 0", shoff, expectedEntSize);
      shnum = is64 ? u64("section header 0", shoff + 32) : u32(shoff + 20);
    }
    if (shnum > MAX_SECTIONS) {
      throw error("ELF header", shoff, "implausible section count " + shnum);
    }
    need("section header table", shoff, shnum * expectedEntSize);
    if (shstrndx == 0xffff) {
      shstrndx = (int) u32(shoff + (is64 ? 44 : 28));
    }
    int count = (int) shnum;
    List<RawSection> raw = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      raw.add(readSectionHeader(i, shoff + (long) i * expectedEntSize));
    }
    if (shstrndx < 0 || shstrndx >= count) {
      throw error("ELF header", is64 ? 62 : 50, "section name table index " + shstrndx + " out of range (" + count + " sections)");
    }
    RawSection names = raw.get(shstrndx);
    String[] sectionNames = new String[count];
    for (int i = 0; i < count; i++) {
      sectionNames[i] = i == 0 && raw.get(i).type == ElfSection.SHT_NULL ? "" : string(names, raw.get(i).nameOffset, "section header " + i + " name");
    }

    RawSection symtab = null;
    RawSection symtabShndx = null;
    for (RawSection s : raw) {
      if (s.type == ElfSection.SHT_SYMTAB) {
        if (symtab != null) {
          throw error("section header " + s.index, s.headerOffset, "second SHT_SYMTAB section");
        }
        symtab = s;
      } else if (s.type == ElfSection.SHT_SYMTAB_SHNDX) {
        symtabShndx = s;
      }
    }
    List<ElfSymbol> symbols = symtab == null ? List.of() : readSymbols(symtab, symtabShndx, raw, count);

    List<List<ElfRelocation>> relocations = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      relocations.add(new ArrayList<>());
    }
    List<ElfGroup> groups = new ArrayList<>();
    for (RawSection s : raw) {
      if (s.type == ElfSection.SHT_REL || s.type == ElfSection.SHT_RELA) {
        if (s.info <= 0 || s.info >= count) {
          throw error("section header " + s.index + " (" + sectionNames[s.index] + ")", s.headerOffset,
              "relocations apply to section " + s.info + ", out of range");
        }
        readRelocations(s, sectionNames[s.index], symbols.size(), relocations.get(s.info));
      } else if (s.type == ElfSection.SHT_GROUP) {
        groups.add(readGroup(s, sectionNames[s.index], symbols, count));
      }
    }

    List<ElfSection> sections = new ArrayList<>(count);
    for (RawSection s : raw) {
      byte[] data;
      if (s.type == ElfSection.SHT_NOBITS) {
        if (s.size < 0 || s.size > Integer.MAX_VALUE - 8 || s.size > 16L * bytes.length + (1 << 24)) {
          throw error("section header " + s.index + " (" + sectionNames[s.index] + ")", s.headerOffset, "implausible SHT_NOBITS size 0x" + Long.toHexString(s.size));
        }
        data = new byte[(int) s.size];
      } else if (s.type == ElfSection.SHT_NULL) {
        data = new byte[0];
      } else {
        data = contents(s, sectionNames[s.index]);
      }
      sections.add(new ElfSection(s.index, sectionNames[s.index], s.type, s.flags, s.align, s.link, s.info, data, relocations.get(s.index)));
    }
    return new ElfFile(source, is64, machine, fileType, flags, sections, symbols, groups);
  }

  private record RawSection(int index, long headerOffset, long nameOffset, int type, long flags, long offset, long size,
      int link, int info, long align, long entsize) {}

  private RawSection readSectionHeader(int i, long at) {
    String where = "section header " + i;
    if (is64) {
      return new RawSection(i, at, u32(at), (int) u32(at + 4), u64(where, at + 8), u64(where, at + 24), u64(where, at + 32),
          (int) u32(at + 40), (int) u32(at + 44), u64(where, at + 48), u64(where, at + 56));
    }
    return new RawSection(i, at, u32(at), (int) u32(at + 4), u32(at + 8), u32(at + 16), u32(at + 20),
        (int) u32(at + 24), (int) u32(at + 28), u32(at + 32), u32(at + 36));
  }

  private byte[] contents(RawSection s, String name) {
    String where = "section " + s.index + " (" + name + ")";
    if (s.offset < 0 || s.size < 0 || s.offset > bytes.length || s.size > bytes.length - s.offset) {
      throw error(where, s.offset, "data extends past end of file (size 0x" + Long.toHexString(s.size) + ", file size 0x" + Integer.toHexString(bytes.length) + ")");
    }
    byte[] data = new byte[(int) s.size];
    System.arraycopy(bytes, (int) s.offset, data, 0, data.length);
    return data;
  }

  private List<ElfSymbol> readSymbols(RawSection symtab, RawSection shndxTable, List<RawSection> raw, int count) {
    String where = "section " + symtab.index + " (.symtab)";
    int entSize = is64 ? 24 : 16;
    if (symtab.entsize != entSize) {
      throw error(where, symtab.headerOffset, "symbol entry size " + symtab.entsize + ", expected " + entSize);
    }
    if (symtab.link <= 0 || symtab.link >= count) {
      throw error(where, symtab.headerOffset, "string table index " + symtab.link + " out of range");
    }
    RawSection strtab = raw.get(symtab.link);
    byte[] data = contents(symtab, ".symtab");
    int n = data.length / entSize;
    List<ElfSymbol> symbols = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long at = symtab.offset + (long) i * entSize;
      long nameOffset = u32(at);
      long value;
      long size;
      int info;
      int shndx;
      if (is64) {
        info = bytes[(int) at + 4] & 0xff;
        shndx = u16(at + 6);
        value = u64(where, at + 8);
        size = u64(where, at + 16);
      } else {
        value = u32(at + 4);
        size = u32(at + 8);
        info = bytes[(int) at + 12] & 0xff;
        shndx = u16(at + 14);
      }
      if (shndx == ElfSymbol.SHN_XINDEX) {
        if (shndxTable == null) {
          throw error(where + " symbol " + i, at, "SHN_XINDEX without a SHT_SYMTAB_SHNDX section");
        }
        long entry = shndxTable.offset + 4L * i;
        need("section " + shndxTable.index + " (SHT_SYMTAB_SHNDX)", entry, 4);
        long extended = u32(entry);
        // An extended index names a real section: SHN_ABS and the like never need the extension.
        if (extended >= count) {
          throw error(where + " symbol " + i, entry, "extended section index " + extended + " out of range (" + count
              + " sections)");
        }
        shndx = (int) extended;
      }
      if (shndx >= count && shndx < 0xff00 && i > 0) {
        throw error(where + " symbol " + i, at, "section index " + shndx + " out of range (" + count + " sections)");
      }
      String name = string(strtab, nameOffset, where + " symbol " + i + " name");
      symbols.add(new ElfSymbol(i, name, value, size, info >> 4, info & 0xf, shndx));
    }
    return symbols;
  }

  private void readRelocations(RawSection s, String name, int symbolCount, List<ElfRelocation> into) {
    boolean rela = s.type == ElfSection.SHT_RELA;
    int entSize = is64 ? (rela ? 24 : 16) : (rela ? 12 : 8);
    String where = "section " + s.index + " (" + name + ")";
    if (s.entsize != entSize) {
      throw error(where, s.headerOffset, "relocation entry size " + s.entsize + ", expected " + entSize);
    }
    byte[] data = contents(s, name);
    int n = data.length / entSize;
    for (int i = 0; i < n; i++) {
      long at = s.offset + (long) i * entSize;
      long offset;
      int type;
      long sym;
      long addend = 0;
      if (is64) {
        offset = u64(where, at);
        long info = u64(where, at + 8);
        sym = info >>> 32;
        type = (int) (info & 0xffffffffL);
        if (rela) {
          addend = u64(where, at + 16);
        }
      } else {
        offset = u32(at);
        long info = u32(at + 4);
        sym = info >>> 8;
        type = (int) (info & 0xff);
        if (rela) {
          addend = (int) u32(at + 8);
        }
      }
      if (sym >= symbolCount) {
        throw error(where + " entry " + i, at, "symbol index " + sym + " out of range (" + symbolCount + " symbols)");
      }
      into.add(new ElfRelocation(offset, type, (int) sym, addend, rela));
    }
  }

  private ElfGroup readGroup(RawSection s, String name, List<ElfSymbol> symbols, int count) {
    String where = "section " + s.index + " (" + name + ")";
    byte[] data = contents(s, name);
    if (data.length < 4 || data.length % 4 != 0) {
      throw error(where, s.offset, "group section size " + data.length + " is not a positive multiple of 4");
    }
    String signature = s.info >= 0 && s.info < symbols.size() ? symbols.get(s.info).name() : "";
    int flags = (int) u32(s.offset);
    List<Integer> members = new ArrayList<>();
    for (int i = 4; i < data.length; i += 4) {
      long member = u32(s.offset + i);
      if (member <= 0 || member >= count) {
        throw error(where, s.offset + i, "group member section " + member + " out of range");
      }
      members.add((int) member);
    }
    return new ElfGroup(signature, flags, members);
  }

  private String string(RawSection table, long offset, String what) {
    if (table.type != ElfSection.SHT_STRTAB) {
      throw error(what, table.headerOffset, "string table section " + table.index + " is not SHT_STRTAB");
    }
    if (offset >= table.size) {
      throw error(what, table.offset, "string offset 0x" + Long.toHexString(offset) + " outside string table of size 0x" + Long.toHexString(table.size));
    }
    if (table.offset < 0 || table.offset > bytes.length || table.size > bytes.length - table.offset) {
      throw error(what, table.offset, "string table extends past end of file");
    }
    int start = (int) (table.offset + offset);
    int end = start;
    int limit = (int) (table.offset + table.size);
    while (end < limit && bytes[end] != 0) {
      end++;
    }
    if (end == limit) {
      throw error(what, start, "string not NUL-terminated within its table");
    }
    return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
  }

  private void need(String what, long at, long length) {
    if (at < 0 || length < 0 || at > bytes.length || length > bytes.length - at) {
      throw error(what, at, "needs 0x" + Long.toHexString(length) + " bytes but the file has 0x" + Integer.toHexString(bytes.length));
    }
  }

  private int u16(long at) {
    need("field", at, 2);
    int i = (int) at;
    return (bytes[i] & 0xff) | (bytes[i + 1] & 0xff) << 8;
  }

  private long u32(long at) {
    need("field", at, 4);
    int i = (int) at;
    return (bytes[i] & 0xffL) | (bytes[i + 1] & 0xffL) << 8 | (bytes[i + 2] & 0xffL) << 16 | (bytes[i + 3] & 0xffL) << 24;
  }

  private long u64(String where, long at) {
    need(where, at, 8);
    return u32(at) | u32(at + 4) << 32;
  }

  private MalformedElfException error(String where, long offset, String problem) {
    return new MalformedElfException(source, where, offset, problem);
  }
}
