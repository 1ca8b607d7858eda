package io.github.wasm2mpy.linker;

import static io.github.wasm2mpy.linker.RiscvRelocator.R_RISCV_ALIGN;
import static io.github.wasm2mpy.linker.RiscvRelocator.R_RISCV_CALL;
import static io.github.wasm2mpy.linker.RiscvRelocator.R_RISCV_CALL_PLT;
import static io.github.wasm2mpy.linker.RiscvRelocator.R_RISCV_JAL;
import static io.github.wasm2mpy.linker.RiscvRelocator.R_RISCV_RELAX;
import static io.github.wasm2mpy.linker.RiscvRelocator.R_RISCV_RVC_JUMP;

import io.github.wasm2mpy.linker.elf.ElfRelocation;
import io.github.wasm2mpy.linker.elf.ElfSymbol;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * RISC-V RV32 linker relaxation, run between layout and relocation when some input carries {@code R_RISCV_RELAX}
 * (code compiled with {@code -mrelax}). A call, {@code auipc rd; jalr rd2, 0(rd)} (8 bytes), whose target is close
 * enough becomes {@code jal rd2} (4 bytes), or {@code c.jal}/{@code c.j} (2 bytes) when the object uses the C
 * extension and rd2 is {@code ra}/{@code x0}; the freed bytes are deleted. Deleting moves everything after, so
 * passes repeat, each followed by a new layout, until no call shrinks; then the nop padding of each
 * {@code R_RISCV_ALIGN} is cut down to what the alignment needs at its final place.
 *
 * <p>Every deletion moves the section's symbols (values and sizes), its relocation offsets and, for references
 * {@code sym + addend} into it from the same object, the addend. The relocations are applied afterwards by
 * {@link RiscvRelocator} from the new positions, which recomputes every pc-relative field and label difference.
 * Shrinking only ever brings code closer, except that section alignment can give back up to the largest
 * alignment in text: a call is relaxed only if it still fits with that margin, so an earlier decision never
 * becomes out of range. Relocation range checks still run on the final layout.
 */
final class RiscvRelaxer {
  private static final long NOP = 0x00000013L; // addi x0, x0, 0
  private static final int C_NOP = 0x0001;
  private static final long EF_RISCV_RVC = 0x1;
  private static final int MAX_PASSES = 100;

  private final LinkState st;
  /** The JAL relocations made from calls: a later pass may shrink them again to c.jal / c.j. */
  private final Set<ElfRelocation> fromCalls = Collections.newSetFromMap(new IdentityHashMap<>());

  /** One run of deleted bytes, {@code [offset, offset + length)} in the section as it was before the pass. */
  record Deletion(long offset, int length) {}

  RiscvRelaxer(LinkState st) {
    this.st = st;
  }

  /** True if some loaded section asks for relaxation. */
  static boolean wanted(LinkState st) {
    for (InputSection s : st.sections) {
      if (relaxable(s)) {
        return true;
      }
    }
    return false;
  }

  private static boolean relaxable(InputSection s) {
    if (s.object == null || s.kind != SectionKind.TEXT) {
      return false;
    }
    for (ElfRelocation r : s.relocations) {
      if (r.type() == R_RISCV_RELAX || r.type() == R_RISCV_ALIGN) {
        return true;
      }
    }
    return false;
  }

  /** Relaxes until nothing changes; the sections are laid out again after every change. */
  void relax(Relocator relocator) {
    long margin = 0;
    for (InputSection s : st.sections) {
      if (s.block == Block.TEXT) {
        margin = Math.max(margin, s.alignment);
      }
    }
    for (int pass = 0; ; pass++) {
      if (pass == MAX_PASSES) {
        throw new LinkException("RISC-V relaxation did not settle after " + MAX_PASSES + " passes");
      }
      boolean changed = false;
      for (InputSection s : st.sections) {
        if (relaxable(s)) {
          changed |= relaxCalls(s, margin);
        }
      }
      if (!changed) {
        break;
      }
      st.layout(relocator);
    }
    boolean aligned = false;
    for (InputSection s : st.sections) {
      if (relaxable(s)) {
        aligned |= trimAlignment(s);
      }
    }
    if (aligned) {
      st.layout(relocator);
    }
    resolveGotAgain();
  }

  /**
   * GOT entries were resolved before any byte moved; the same names, in the same order, now resolve to where
   * their symbols are.
   */
  private void resolveGotAgain() {
    List<String> names = List.copyOf(st.got.keySet());
    st.got.clear();
    st.buildGot();
    if (!List.copyOf(st.got.keySet()).equals(names)) {
      throw new IllegalStateException("GOT changed under relaxation: " + names + " became " + st.got.keySet());
    }
  }

  // ---------------------------------------------------------------- calls

  private boolean relaxCalls(InputSection s, long margin) {
    boolean rvc = (s.object.elf.flags() & EF_RISCV_RVC) != 0;
    s.data = s.data.clone(); // the object's bytes may be shared (a cached archive member): rewrite a copy
    List<ElfRelocation> relocations = new ArrayList<>(s.relocations);
    List<Deletion> deletions = new ArrayList<>();
    for (int i = 0; i < relocations.size(); i++) {
      ElfRelocation r = relocations.get(i);
      boolean call = r.type() == R_RISCV_CALL || r.type() == R_RISCV_CALL_PLT;
      boolean shrinkableJal = r.type() == R_RISCV_JAL && fromCalls.contains(r);
      if (!(call || shrinkableJal) || !hasRelax(relocations, i)) {
        continue;
      }
      Target t = st.target(s, r);
      if (t.kind() != Target.Kind.SECTION || t.section().block != s.block) {
        continue; // not placed by this link next to the caller: left as a full call
      }
      long distance = st.address(t) + r.addend() - LinkState.place(s, r);
      int at = (int) r.offset();
      int rd;
      if (call) {
        long auipc = le32(s.data, at);
        long jalr = le32(s.data, at + 4);
        if ((auipc & 0x7F) != 0x17 || (jalr & 0x707F) != 0x67 || (auipc >> 7 & 0x1F) != (jalr >> 15 & 0x1F)) {
          throw unsupported(s, r, "not an auipc/jalr pair through one register");
        }
        rd = (int) (jalr >> 7 & 0x1F);
      } else {
        rd = (int) (le32(s.data, at) >> 7 & 0x1F);
      }
      int oldLength = call ? 8 : 4;
      if (rvc && (rd == 1 || rd == 0) && fits(distance, 12, margin)) {
        // c.jal (RV32 only) / c.j: funct3 001 / 101, quadrant 1; the offset is filled in by R_RISCV_RVC_JUMP
        put16(s.data, at, rd == 1 ? 0x2001 : 0xA001);
        relocations.set(i, new ElfRelocation(r.offset(), R_RISCV_RVC_JUMP, r.symbolIndex(), r.addend(), true));
        deletions.add(new Deletion(at + 2, oldLength - 2));
      } else if (call && fits(distance, 21, margin)) {
        put32(s.data, at, 0x6F | (long) rd << 7); // jal rd; the offset is filled in by R_RISCV_JAL
        ElfRelocation jal = new ElfRelocation(r.offset(), R_RISCV_JAL, r.symbolIndex(), r.addend(), true);
        fromCalls.add(jal);
        relocations.set(i, jal);
        deletions.add(new Deletion(at + 4, 4));
      }
    }
    if (deletions.isEmpty()) {
      return false;
    }
    s.relocations = relocations;
    delete(s, deletions);
    return true;
  }

  private static boolean hasRelax(List<ElfRelocation> relocations, int i) {
    long offset = relocations.get(i).offset();
    for (int j = i + 1; j < relocations.size() && relocations.get(j).offset() == offset; j++) {
      if (relocations.get(j).type() == R_RISCV_RELAX) {
        return true;
      }
    }
    for (int j = i - 1; j >= 0 && relocations.get(j).offset() == offset; j--) {
      if (relocations.get(j).type() == R_RISCV_RELAX) {
        return true;
      }
    }
    return false;
  }

  /** A signed {@code bits}-wide even displacement, with room to spare for alignment moving things apart. */
  private static boolean fits(long distance, int bits, long margin) {
    long limit = 1L << (bits - 1);
    return distance - margin >= -limit && distance + margin < limit;
  }

  // ---------------------------------------------------------------- alignment

  /**
   * Cuts the nops of each {@code R_RISCV_ALIGN} (the addend is how many the assembler wrote: enough for the
   * worst case) to what its position now needs, and rewrites the ones kept as whole nops.
   */
  private boolean trimAlignment(InputSection s) {
    boolean rvc = (s.object.elf.flags() & EF_RISCV_RVC) != 0;
    s.data = s.data.clone();
    List<ElfRelocation> kept = new ArrayList<>();
    List<Deletion> deletions = new ArrayList<>();
    long deleted = 0;
    for (ElfRelocation r : s.relocations) {
      if (r.type() != R_RISCV_ALIGN) {
        kept.add(r);
        continue;
      }
      long padding = r.addend();
      if (padding == 0) {
        continue;
      }
      long alignment = Long.highestOneBit(padding) << 1; // the next power of two above the padding written
      if (alignment > s.alignment) {
        throw unsupported(s, r, "aligns to " + alignment + " in a section aligned to only " + s.alignment);
      }
      if (r.offset() + padding > s.data.length) {
        throw unsupported(s, r, "its " + padding + " bytes of padding run past the section");
      }
      long position = r.offset() - deleted; // where the padding starts once earlier deletions are done
      long needed = -position & (alignment - 1);
      if (needed > padding || (!rvc && needed % 4 != 0) || needed % 2 != 0) {
        throw unsupported(s, r, needed + " bytes of padding needed at its place, " + padding + " written");
      }
      int at = (int) r.offset();
      int filled = 0;
      for (; needed - filled >= 4; filled += 4) {
        put32(s.data, at + filled, NOP);
      }
      if (needed - filled == 2) {
        put16(s.data, at + filled, C_NOP);
      }
      if (padding > needed) {
        deletions.add(new Deletion(r.offset() + needed, (int) (padding - needed)));
        deleted += padding - needed;
      }
    }
    s.relocations = kept;
    if (deletions.isEmpty()) {
      return false;
    }
    delete(s, deletions);
    return true;
  }

  // ---------------------------------------------------------------- deleting bytes

  /**
   * Removes the runs from the section and moves whatever points into it: relocation offsets, the values and
   * sizes of the object's symbols in it, and the addends of the object's references into it.
   */
  private void delete(InputSection s, List<Deletion> deletions) {
    Deletions map = new Deletions(deletions);
    byte[] data = new byte[s.data.length - map.total()];
    int from = 0;
    int to = 0;
    for (Deletion d : deletions) {
      int length = (int) d.offset() - from;
      System.arraycopy(s.data, from, data, to, length);
      to += length;
      from = (int) d.offset() + d.length();
    }
    System.arraycopy(s.data, from, data, to, s.data.length - from);
    List<ElfRelocation> moved = new ArrayList<>(s.relocations.size());
    for (ElfRelocation r : s.relocations) {
      if (map.deletes(r.offset())) {
        throw unsupported(s, r, "lies in bytes that relaxation deletes");
      }
      moved.add(rebuilt(r, map.map(r.offset()), r.addend()));
    }
    s.relocations = moved;
    s.data = data;
    LoadedObject o = s.object;
    int sectionIndex = -1;
    for (int i = 0; i < o.sections.length; i++) {
      if (o.sections[i] == s) {
        sectionIndex = i;
      }
    }
    // sym + addend names a place in the section (a section symbol's addend is the whole offset): the addend
    // becomes the distance from the symbol's new place to that place's new place.
    for (InputSection other : o.sections) {
      if (other == null) {
        continue;
      }
      List<ElfRelocation> adjusted = null;
      for (int i = 0; i < other.relocations.size(); i++) {
        ElfRelocation r = other.relocations.get(i);
        ElfSymbol sym = o.elf.symbols().get(r.symbolIndex());
        if (r.addend() != 0 && sym.index() != 0 && sym.sectionIndex() == sectionIndex) {
          long value = o.value(sym);
          long addend = map.map(value + r.addend()) - map.map(value);
          if (addend != r.addend()) {
            if (adjusted == null) {
              adjusted = new ArrayList<>(other.relocations);
            }
            adjusted.set(i, rebuilt(r, r.offset(), addend));
          }
        }
      }
      if (adjusted != null) {
        other.relocations = adjusted;
      }
    }
    for (ElfSymbol sym : o.elf.symbols()) {
      if (sym.index() != 0 && sym.sectionIndex() == sectionIndex) {
        long value = o.value(sym);
        long end = map.map(value + o.size(sym));
        long newValue = map.map(value);
        o.move(sym, newValue, end - newValue);
      }
    }
  }

  private ElfRelocation rebuilt(ElfRelocation r, long offset, long addend) {
    if (offset == r.offset() && addend == r.addend()) {
      return r;
    }
    ElfRelocation moved = new ElfRelocation(offset, r.type(), r.symbolIndex(), addend, r.explicitAddend());
    if (fromCalls.remove(r)) {
      fromCalls.add(moved);
    }
    return moved;
  }

  /** Maps offsets in a section before a pass's deletions to offsets after them. */
  static final class Deletions {
    private final List<Deletion> runs;

    Deletions(List<Deletion> runs) {
      this.runs = List.copyOf(runs);
      for (int i = 1; i < runs.size(); i++) {
        Deletion previous = runs.get(i - 1);
        if (runs.get(i).offset() < previous.offset() + previous.length()) {
          throw new IllegalArgumentException("deletions overlap or are out of order: " + runs);
        }
      }
    }

    int total() {
      return runs.stream().mapToInt(Deletion::length).sum();
    }

    /** True if the byte at {@code offset} is deleted. */
    boolean deletes(long offset) {
      for (Deletion d : runs) {
        if (offset >= d.offset() && offset < d.offset() + d.length()) {
          return true;
        }
      }
      return false;
    }

    /** The new offset; a point inside a deleted run moves to where the run was (an end of a range, say). */
    long map(long offset) {
      long shift = 0;
      for (Deletion d : runs) {
        if (offset >= d.offset() + d.length()) {
          shift += d.length();
        } else if (offset > d.offset()) {
          return d.offset() - shift;
        } else {
          break;
        }
      }
      return offset - shift;
    }
  }

  private LinkException unsupported(InputSection s, ElfRelocation r, String why) {
    return new LinkException(s + ": cannot relax " + RelocationNames.name(st.arch, r.type()) + " at offset 0x"
        + Long.toHexString(r.offset()) + ": " + why);
  }

  private static long le32(byte[] d, int at) {
    return LinkState.le32(d, at);
  }

  private static void put16(byte[] d, int at, int v) {
    d[at] = (byte) v;
    d[at + 1] = (byte) (v >> 8);
  }

  private static void put32(byte[] d, int at, long v) {
    put16(d, at, (int) v);
    put16(d, at + 2, (int) (v >> 16));
  }
}
