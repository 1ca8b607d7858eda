package io.github.wasm2mpy.linker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.linker.elf.ElfFile;
import io.github.wasm2mpy.linker.elf.ElfRelocation;
import io.github.wasm2mpy.linker.elf.ElfSection;
import io.github.wasm2mpy.linker.elf.ElfSymbol;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Link-level checks for xtensa output, which nothing here can execute: after a simulated load, every
 * {@code l32r} of the input must fetch the value its literal-pool word stood for, every absolute pointer in data
 * must point where its relocation said, and the entry jump must land on {@code mpy_init}. Returns the number of
 * checks made so callers can insist that something was checked.
 */
final class XtensaLinkChecks {
  private static final int SLOT0_OP = 20;
  private static final int R_XTENSA_32 = 1;

  private final List<ElfFile> objects;
  private final LinkResult result;
  private final SimulatedLoad load;
  private final Map<String, LinkReport.SectionEntry> placed;
  /** ROM routines (arch xtensa only) whose literals were checked, with the address each literal held. */
  final Map<String, Long> romLiteralsChecked = new java.util.TreeMap<>();

  /**
   * ESP8266 ROM addresses the checks expect, typed here independently of the linker's own table (both taken from
   * the PROVIDE lines of ld/eagle.rom.addr.v6.ld in Espressif's ESP8266_NONOS_SDK).
   */
  static final Map<String, Long> ESP8266_ROM = Map.ofEntries(
      Map.entry("__divsi3", 0x4000dc88L), Map.entry("__udivsi3", 0x4000e21cL), Map.entry("__umodsi3", 0x4000e268L),
      Map.entry("__muldi3", 0x40000650L), Map.entry("__divdi3", 0x4000ce60L), Map.entry("__udivdi3", 0x4000d310L),
      Map.entry("__umoddi3", 0x4000d770L), Map.entry("__umulsidi3", 0x4000dcf0L),
      Map.entry("__addsf3", 0x4000c180L), Map.entry("__subsf3", 0x4000c268L), Map.entry("__mulsf3", 0x4000c3dcL),
      Map.entry("__fixunssfsi", 0x4000c4c4L), Map.entry("__floatsisf", 0x4000e2acL), Map.entry("__floatunsisf", 0x4000e2a4L),
      Map.entry("__adddf3", 0x4000c538L), Map.entry("__subdf3", 0x4000c688L), Map.entry("__muldf3", 0x4000c8f0L),
      Map.entry("__divdf3", 0x4000cb94L), Map.entry("__fixdfsi", 0x4000ccb8L), Map.entry("__fixunsdfsi", 0x4000cd00L),
      Map.entry("__floatsidf", 0x4000e2f0L), Map.entry("__floatunsidf", 0x4000e2e8L),
      Map.entry("__extendsfdf2", 0x4000cdfcL), Map.entry("__truncdfsf2", 0x4000cd5cL));

  XtensaLinkChecks(List<ElfFile> objects, LinkResult result) {
    this.objects = objects;
    this.result = result;
    this.load = new SimulatedLoad(result.mpy());
    this.placed = result.report().sections().stream()
        .collect(Collectors.toMap(s -> s.file() + "|" + s.name(), Function.identity()));
  }

  /** How many direct calls or jumps into another text section {@link #run} verified. */
  int directCallsChecked;
  /** ROM routines whose veneer {@link #run} verified. */
  final java.util.Set<String> romVeneersChecked = new java.util.TreeSet<>();

  int run() {
    int checks = 0;
    for (ElfFile o : objects) {
      for (ElfSection s : o.sections()) {
        LinkReport.SectionEntry at = placed.get(o.source() + "|" + s.name());
        if (at == null) {
          continue;
        }
        for (ElfRelocation r : s.relocations()) {
          ElfSymbol sym = o.symbols().get(r.symbolIndex());
          if (r.type() == SLOT0_OP && s.name().startsWith(".text")) {
            ElfSection target = o.sections().get(sym.sectionIndex());
            if (isDirectCallToRom(sym, at.address() + (int) r.offset())) {
              int place = at.address() + (int) r.offset();
              long insn = insnAt(place);
              long offset = insn >> 6 << 46 >> 46;
              int veneer = (int) ((insn & 0xF) == 5 ? (place & ~3L) + 4 + (offset << 2) : place + 4 + offset);
              long l32r = insnAt(veneer);
              long jx = insnAt(veneer + 3);
              assertThat(l32r & 0xFF).as("veneer for %s starts with l32r a8", sym.name()).isEqualTo(0x81);
              assertThat(jx).as("veneer for %s ends with jx a8", sym.name()).isEqualTo(0x0008A0);
              long slot = ((veneer + 3) & ~3L) + (((l32r >> 8) - 0x10000) << 2);
              assertThat(load.textWord((int) slot)).as("veneer literal for %s", sym.name()).isEqualTo(ESP8266_ROM.get(sym.name()));
              romVeneersChecked.add(sym.name());
              checks++;
              continue;
            }
            if (isDirectCallAcrossSections(o, s, sym, target)) {
              int place = at.address() + (int) r.offset();
              long insn = insnAt(place);
              long offset = insn >> 6 << 46 >> 46; // signed 18-bit
              long reached = (insn & 0xF) == 5 ? (place & ~3L) + 4 + (offset << 2) : place + 4 + offset;
              assertThat(SimulatedLoad.blockBase("text") + reached)
                  .as("%s: call/jump at %s+0x%x reaches %s", o.source(), s.name(), r.offset(), sym.name())
                  .isEqualTo(runtimeAddress(o, sym) + r.addend());
              directCallsChecked++;
              checks++;
              continue;
            }
            if (!target.name().startsWith(".literal")) {
              continue;
            }
            int place = at.address() + (int) r.offset();
            long insn = insnAt(place);
            assertThat(insn & 0xF).as("l32r opcode at text 0x%x", place).isEqualTo(1);
            long slot = ((place + 3) & ~3L) + (((insn >> 8) - 0x10000) << 2); // l32r offsets are negative
            long expected = literal(o, target, sym.value() + r.addend());
            assertThat(load.textWord((int) slot)).as("%s: l32r at %s+0x%x reads slot 0x%x", o.source(), s.name(), r.offset(), slot)
                .isEqualTo(expected);
            String rom = romSymbol(o, target, sym.value() + r.addend());
            if (rom != null) {
              assertThat(load.textWord((int) slot)).as("literal for ROM routine %s", rom).isEqualTo(ESP8266_ROM.get(rom));
              assertThat(load.relocatedTextWords).as("ROM address of %s is not relocated by the loader", rom).doesNotContain((int) slot);
              romLiteralsChecked.put(rom, load.textWord((int) slot));
            }
            checks++;
          } else if (r.type() == R_XTENSA_32 && s.name().startsWith(".data.rel.ro")) {
            // xtensa keeps section-relative offsets in place (the word) as well as in r_addend for named symbols
            long inPlace = ByteOrderWord.le32(s.data(), (int) r.offset());
            long expected = (runtimeAddress(o, sym) + inPlace + r.addend()) & 0xFFFFFFFFL;
            int offset = at.address() + (int) r.offset();
            long actual = at.block().equals("rodata") ? load.rodataWord(offset) : load.textWord(offset);
            assertThat(actual).as("%s: pointer at %s+0x%x", o.source(), s.name(), r.offset()).isEqualTo(expected);
            checks++;
          }
        }
      }
    }
    long jump = insnAt(0);
    assertThat(jump & 0x3F).as("entry jump opcode").isEqualTo(6);
    long entry = 4 + (jump >> 6 << 46 >> 46); // signed 18-bit offset from pc + 4
    LinkReport.SymbolEntry init = result.report().symbols().stream().filter(s -> s.name().equals("mpy_init")).findFirst().orElseThrow();
    assertThat(entry).as("entry jump target").isEqualTo(init.address());
    return checks + 1;
  }

  /** A call0 or j straight to an ESP8266 ROM routine that no input defines: it must go through a veneer. */
  private boolean isDirectCallToRom(ElfSymbol sym, int place) {
    if (!sym.isUndefined() || !ESP8266_ROM.containsKey(sym.name()) || definition(sym.name()) != null) {
      return false;
    }
    long insn = insnAt(place);
    return (insn & 0xF) == 5 || (insn & 0x3F) == 6;
  }

  /** A SLOT0_OP whose symbol lives in another text section (of this object or another): the linker must patch it. */
  private boolean isDirectCallAcrossSections(ElfFile o, ElfSection from, ElfSymbol sym, ElfSection target) {
    if (sym.isUndefined()) {
      Map.Entry<ElfFile, ElfSymbol> d = definition(sym.name());
      return d != null && d.getKey().sections().get(d.getValue().sectionIndex()).name().startsWith(".text");
    }
    return target != from && target.name().startsWith(".text");
  }

  /** The 3-byte instruction at a text offset of the loaded module. */
  private long insnAt(int at) {
    return load.text.getShort(at) & 0xFFFFL | (long) (load.text.get(at + 2) & 0xff) << 16;
  }

  /** What a literal-pool word means at run time: a relocated address, or the constant it holds. */
  private long literal(ElfFile o, ElfSection pool, long offset) {
    long word = pool.size() >= offset + 4 ? ByteOrderWord.le32(pool.data(), (int) offset) : 0;
    for (ElfRelocation r : pool.relocations()) {
      if (r.offset() == offset) {
        return (runtimeAddress(o, o.symbols().get(r.symbolIndex())) + word + r.addend()) & 0xFFFFFFFFL;
      }
    }
    return word;
  }

  /** The ROM routine a literal-pool word refers to, if it refers to one that no input defines. */
  private String romSymbol(ElfFile o, ElfSection pool, long offset) {
    if (!"xtensa".equals(result.report().arch())) {
      return null;
    }
    for (ElfRelocation r : pool.relocations()) {
      ElfSymbol sym = o.symbols().get(r.symbolIndex());
      if (r.offset() == offset && sym.isUndefined() && ESP8266_ROM.containsKey(sym.name()) && definition(sym.name()) == null) {
        return sym.name();
      }
    }
    return null;
  }

  private Map.Entry<ElfFile, ElfSymbol> definition(String name) {
    for (ElfFile other : objects) {
      for (ElfSymbol d : other.symbols()) {
        if (d.name().equals(name) && !d.isUndefined() && d.isGlobalOrWeak()) {
          return Map.entry(other, d);
        }
      }
    }
    return null;
  }

  private long runtimeAddress(ElfFile o, ElfSymbol sym) {
    if (sym.isUndefined()) {
      switch (sym.name()) {
        case "mp_fun_table": return SimulatedLoad.FUN_TABLE;
        case "mp_native_qstr_table": return SimulatedLoad.QSTR_TABLE;
        case "mp_native_obj_table": return SimulatedLoad.OBJ_TABLE;
        default:
          int slot = FunTable.slotOf(sym.name());
          if (slot >= 0) {
            return SimulatedLoad.funTableEntry(slot);
          }
          Map.Entry<ElfFile, ElfSymbol> d = definition(sym.name());
          if (d != null) {
            return runtimeAddress(d.getKey(), d.getValue());
          }
          if ("xtensa".equals(result.report().arch()) && ESP8266_ROM.containsKey(sym.name())) {
            return ESP8266_ROM.get(sym.name());
          }
          throw new AssertionError("undefined " + sym.name());
      }
    }
    ElfSection s = o.sections().get(sym.sectionIndex());
    LinkReport.SectionEntry at = placed.get(o.source() + "|" + s.name());
    assertThat(at).as("section %s of %s is placed", s.name(), o.source()).isNotNull();
    return SimulatedLoad.blockBase(at.block()) + at.address() + sym.value();
  }

  static final class ByteOrderWord {
    static long le32(byte[] d, int i) {
      return (d[i] & 0xffL) | (d[i + 1] & 0xffL) << 8 | (d[i + 2] & 0xffL) << 16 | (d[i + 3] & 0xffL) << 24;
    }
  }
}
