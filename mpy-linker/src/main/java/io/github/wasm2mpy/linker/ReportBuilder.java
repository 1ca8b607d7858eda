package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.linker.elf.ElfSymbol;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns the final link state into a {@link LinkReport}. */
final class ReportBuilder {
  private ReportBuilder() {}

  static LinkReport build(LinkState st, int mpySize) {
    List<LinkReport.SectionEntry> sections = new ArrayList<>();
    for (InputSection s : st.sections) {
      sections.add(new LinkReport.SectionEntry(s.file(), s.name, block(s.block), s.address, s.data.length));
    }
    sections.sort(Comparator.comparing(LinkReport.SectionEntry::block).thenComparingInt(LinkReport.SectionEntry::address));
    java.util.Set<InputSection> placed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    placed.addAll(st.sections);
    List<LinkReport.SymbolEntry> symbols = new ArrayList<>();
    for (LoadedObject o : st.objects) {
      for (ElfSymbol sym : o.elf.symbols()) {
        InputSection s = o.section(sym.sectionIndex());
        if (s == null || s.block == null || sym.name().isEmpty() || s.kind == SectionKind.LITERAL
            || (sym.type() != ElfSymbol.STT_FUNC && sym.type() != ElfSymbol.STT_OBJECT) || !placed.contains(s)) {
          continue;
        }
        symbols.add(new LinkReport.SymbolEntry(sym.name(), o.name, s.name, block(s.block), s.address + o.value(sym), o.size(sym)));
      }
    }
    symbols.sort(Comparator.comparing(LinkReport.SymbolEntry::block).thenComparingLong(LinkReport.SymbolEntry::address)
        .thenComparing(LinkReport.SymbolEntry::name));
    List<LinkReport.GotSlot> got = new ArrayList<>();
    st.got.values().stream().sorted(Comparator.comparingInt(e -> e.offset))
        .forEach(e -> got.add(new LinkReport.GotSlot(e.name, st.gotSection.address + e.offset, e.word, e.destination)));
    List<String> inputs = st.objects.stream().map(o -> o.name).toList();
    return new LinkReport(st.arch.id(), mpySize, st.text.size(), st.rodata.size(), st.bss.size(), st.got.size(),
        st.literals.size(), st.mpyRelocations.size(), inputs, sections, symbols, got);
  }

  private static String block(Block b) {
    return b == null ? "none" : b.name().toLowerCase(java.util.Locale.ROOT);
  }
}
