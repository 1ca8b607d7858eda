package io.github.wasm2mpy.linker;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ELF32 little-endian relocatable objects (RELA), so tests can build inputs for archs without a
 * compiler here (xtensawin) and malformed inputs, instead of committing opaque binaries.
 */
final class TestElfWriter {
  record Section(String name, int type, int flags, int align, byte[] data) {}

  record Symbol(String name, int value, int size, int bind, int type, int section) {}

  record Rela(int section, int offset, int type, int symbol, int addend) {}

  private final int machine;
  final List<Section> sections = new ArrayList<>();
  final List<Symbol> symbols = new ArrayList<>();
  final List<Rela> relocations = new ArrayList<>();

  TestElfWriter(int machine) {
    this.machine = machine;
    symbols.add(new Symbol("", 0, 0, 0, 0, 0));
  }

  /** Adds a section; returns its ELF section index (1-based: index 0 is the null section). */
  int section(String name, int type, int flags, int align, byte[] data) {
    sections.add(new Section(name, type, flags, align, data));
    return sections.size();
  }

  /** Adds a symbol; locals must be added before globals. Returns its symbol index. */
  int symbol(String name, int value, int size, int bind, int type, int section) {
    symbols.add(new Symbol(name, value, size, bind, type, section));
    return symbols.size() - 1;
  }

  int sectionSymbol(int section) {
    return symbol("", 0, 0, 0, 3, section);
  }

  void rela(int section, int offset, int type, int symbol, int addend) {
    relocations.add(new Rela(section, offset, type, symbol, addend));
  }

  byte[] toBytes() {
    // Section order: null, user sections, .rela.* for each user section with relocations, .symtab, .strtab, .shstrtab
    List<String> names = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    List<Integer> flags = new ArrayList<>();
    List<Integer> aligns = new ArrayList<>();
    List<Integer> links = new ArrayList<>();
    List<Integer> infos = new ArrayList<>();
    List<Integer> entsizes = new ArrayList<>();
    List<byte[]> datas = new ArrayList<>();
    for (Section s : sections) {
      add(names, types, flags, aligns, links, infos, entsizes, datas, s.name, s.type, s.flags, s.align, 0, 0, 0, s.data);
    }
    int symtabIndex = sections.size() + 1 + (int) sections.stream().filter(s -> hasRelocations(sections.indexOf(s) + 1)).count();
    for (int i = 1; i <= sections.size(); i++) {
      if (hasRelocations(i)) {
        ByteBuffer b = le(relocations.stream().filter(r -> true).mapToInt(r -> 12).sum());
        int count = 0;
        for (Rela r : relocations) {
          if (r.section == i) {
            b.putInt(r.offset).putInt(r.symbol << 8 | r.type).putInt(r.addend);
            count++;
          }
        }
        byte[] data = new byte[count * 12];
        System.arraycopy(b.array(), 0, data, 0, data.length);
        add(names, types, flags, aligns, links, infos, entsizes, datas, ".rela" + sections.get(i - 1).name, 4, 0x40, 4, symtabIndex, i, 12, data);
      }
    }
    ByteArrayOutputStream strtab = new ByteArrayOutputStream();
    strtab.write(0);
    ByteBuffer symtab = le(symbols.size() * 16);
    int firstGlobal = symbols.size();
    for (int i = 0; i < symbols.size(); i++) {
      Symbol s = symbols.get(i);
      int nameOffset = 0;
      if (!s.name.isEmpty()) {
        nameOffset = strtab.size();
        strtab.writeBytes(s.name.getBytes(StandardCharsets.US_ASCII));
        strtab.write(0);
      }
      if (s.bind != 0 && firstGlobal == symbols.size()) {
        firstGlobal = i;
      }
      symtab.putInt(nameOffset).putInt(s.value).putInt(s.size).put((byte) (s.bind << 4 | s.type)).put((byte) 0).putShort((short) s.section);
    }
    add(names, types, flags, aligns, links, infos, entsizes, datas, ".symtab", 2, 0, 4, symtabIndex + 1, firstGlobal, 16, symtab.array());
    add(names, types, flags, aligns, links, infos, entsizes, datas, ".strtab", 3, 0, 1, 0, 0, 0, strtab.toByteArray());
    ByteArrayOutputStream shstrtab = new ByteArrayOutputStream();
    shstrtab.write(0);
    List<Integer> nameOffsets = new ArrayList<>();
    names.add(".shstrtab");
    for (String n : names) {
      nameOffsets.add(shstrtab.size());
      shstrtab.writeBytes(n.getBytes(StandardCharsets.US_ASCII));
      shstrtab.write(0);
    }
    add(names.subList(0, 0), types, flags, aligns, links, infos, entsizes, datas, null, 3, 0, 1, 0, 0, 0, shstrtab.toByteArray());

    int count = datas.size() + 1;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int[] offsets = new int[datas.size()];
    int position = 52;
    for (int i = 0; i < datas.size(); i++) {
      while (position % 4 != 0) {
        body.write(0);
        position++;
      }
      offsets[i] = position;
      if (types.get(i) != 8) { // NOBITS has no file data
        body.writeBytes(datas.get(i));
        position += datas.get(i).length;
      }
    }
    while (position % 4 != 0) {
      body.write(0);
      position++;
    }
    int shoff = position;
    ByteBuffer header = le(52);
    header.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    header.putShort((short) 1).putShort((short) machine).putInt(1).putInt(0).putInt(0).putInt(shoff).putInt(0)
        .putShort((short) 52).putShort((short) 0).putShort((short) 0).putShort((short) 40).putShort((short) count)
        .putShort((short) (count - 1));
    ByteBuffer shdrs = le(40 * count);
    shdrs.put(new byte[40]);
    for (int i = 0; i < datas.size(); i++) {
      shdrs.putInt(nameOffsets.get(i)).putInt(types.get(i)).putInt(flags.get(i)).putInt(0).putInt(offsets[i])
          .putInt(datas.get(i).length).putInt(links.get(i)).putInt(infos.get(i)).putInt(aligns.get(i)).putInt(entsizes.get(i));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header.array());
    out.writeBytes(body.toByteArray());
    out.writeBytes(shdrs.array());
    return out.toByteArray();
  }

  private boolean hasRelocations(int section) {
    return relocations.stream().anyMatch(r -> r.section == section);
  }

  private static void add(List<String> names, List<Integer> types, List<Integer> flags, List<Integer> aligns, List<Integer> links,
      List<Integer> infos, List<Integer> entsizes, List<byte[]> datas, String name, int type, int flag, int align, int link,
      int info, int entsize, byte[] data) {
    if (name != null) {
      names.add(name);
    }
    types.add(type);
    flags.add(flag);
    aligns.add(align);
    links.add(link);
    infos.add(info);
    entsizes.add(entsize);
    datas.add(data);
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
