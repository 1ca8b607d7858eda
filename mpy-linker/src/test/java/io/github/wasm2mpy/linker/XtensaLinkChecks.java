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

  XtensaLinkChecks(List<ElfFile> objects, LinkResult result) {
    this.objects = objects;
    this.result = result;
    this.load = new SimulatedLoad(result.mpy());
    this.placed = result.report().sections().stream()
        .collect(Collectors.toMap(s -> s.file() + "|" + s.name(), Function.identity()));
  }

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
            if (!target.name().startsWith(".literal")) {
              continue;
            }
            int place = at.address() + (int) r.offset();
            long insn = load.text.getShort(place) & 0xFFFFL | (long) (load.text.get(place + 2) & 0xff) << 16;
            assertThat(insn & 0xF).as("l32r opcode at text 0x%x", place).isEqualTo(1);
            long slot = ((place + 3) & ~3L) + (((insn >> 8) - 0x10000) << 2); // l32r offsets are negative
            long expected = literal(o, target, sym.value() + r.addend());
            assertThat(load.textWord((int) slot)).as("%s: l32r at %s+0x%x reads slot 0x%x", o.source(), s.name(), r.offset(), slot)
                .isEqualTo(expected);
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
    long jump = load.text.getShort(0) & 0xFFFFL | (long) (load.text.get(2) & 0xff) << 16;
    assertThat(jump & 0x3F).as("entry jump opcode").isEqualTo(6);
    long entry = 4 + (jump >> 6 << 46 >> 46); // signed 18-bit offset from pc + 4
    LinkReport.SymbolEntry init = result.report().symbols().stream().filter(s -> s.name().equals("mpy_init")).findFirst().orElseThrow();
    assertThat(entry).as("entry jump target").isEqualTo(init.address());
    return checks + 1;
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
          for (ElfFile other : objects) {
            for (ElfSymbol d : other.symbols()) {
              if (d.name().equals(sym.name()) && !d.isUndefined() && d.isGlobalOrWeak()) {
                return runtimeAddress(other, d);
              }
            }
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
