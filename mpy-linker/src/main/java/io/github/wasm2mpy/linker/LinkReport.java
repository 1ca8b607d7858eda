package io.github.wasm2mpy.linker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;

/**
 * What a link produced: block sizes, every placed section and symbol, the GOT. Serialises to JSON (the size
 * report) and to a text link map.
 *
 * @param inputs objects in load order, archive members as {@code lib.a(member.o)}
 */
public record LinkReport(
    String arch,
    int mpySize,
    int textSize,
    int rodataSize,
    int bssSize,
    int gotEntries,
    int literalEntries,
    int loaderRelocations,
    List<String> inputs,
    List<SectionEntry> sections,
    List<SymbolEntry> symbols,
    List<GotSlot> got) {

  /** A placed section; {@code block} is text, rodata or bss. */
  public record SectionEntry(String file, String name, String block, int address, int size) {}

  public record SymbolEntry(String name, String file, String section, String block, long address, long size) {}

  /** A GOT slot and what the loader stores in it ({@code destination} as in the .mpy relocation encoding). */
  public record GotSlot(String name, int address, long word, int destination) {}

  public LinkReport {
    inputs = List.copyOf(inputs);
    sections = List.copyOf(sections);
    symbols = List.copyOf(symbols);
    got = List.copyOf(got);
  }

  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report is not serialisable", e);
    }
  }

  /** A human-readable map: blocks, sections with their addresses, symbols, GOT. */
  public String toLinkMap() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("arch %s: .mpy %d bytes, text %d, rodata %d, bss %d, GOT %d, literals %d, loader relocations %d%n",
        arch, mpySize, textSize, rodataSize, bssSize, gotEntries, literalEntries, loaderRelocations));
    out.append("\nsections:\n");
    for (SectionEntry s : sections) {
      out.append(String.format("  %-6s 0x%06x %8d  %s %s%n", s.block(), s.address(), s.size(), s.name(), s.file()));
    }
    out.append("\nsymbols:\n");
    for (SymbolEntry s : symbols) {
      out.append(String.format("  %-6s 0x%06x %8d  %s (%s %s)%n", s.block(), s.address(), s.size(), s.name(), s.file(), s.section()));
    }
    out.append("\nGOT:\n");
    for (GotSlot g : got) {
      out.append(String.format("  0x%06x 0x%08x dest %-3d %s%n", g.address(), g.word(), g.destination(), g.name()));
    }
    return out.toString();
  }
}
