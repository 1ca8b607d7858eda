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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RISC-V RV32 linker relaxation, run between layout and relocation when some input carries {@code R_RISCV_RELAX}
 * (code compiled with {@code -mrelax}). A call, {@code auipc rd; jalr rd2, 0(rd)} (8 bytes), whose target is close
 * enough becomes {@code jal rd2} (4 bytes), or {@code c.jal}/{@code c.j} (2 bytes) when the object uses the C
 * extension and rd2 is {@code ra}/{@code x0}; the freed bytes are deleted. Deleting moves everything after, so
 * passes repeat, each followed by a new layout, until no call shrinks; then the nop padding of each
 * {@code R_RISCV_ALIGN} is cut down to what the alignment needs at its final place.
 *
 * <p>Every deletion moves the section's symbols (values and sizes), its relocation offsets and, for every
 * reference {@code sym + addend} the link resolves into it (from any object and section, through a local, a
 * section or a global symbol), the addend, so that it names the same instruction. A reference into the bytes cut
 * from a shortened call names nothing any more and fails the link, naming object, section and symbol. The
 * relocations are applied afterwards by {@link RiscvRelocator} from the new positions, which recomputes every
 * pc-relative field and label difference.
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

  /**
   * One run of deleted bytes, {@code [offset, offset + length)} in the section as it was before the pass.
   *
   * @param callTail the run is the rest of a shortened call: nothing may point into it (a point in cut padding
   *     just moves to the aligned instruction after it)
   */
  record Deletion(long offset, int length, boolean callTail) {
    Deletion(long offset, int length) {
      this(offset, length, false);
    }
  }

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
      Map<InputSection, List<Deletion>> pending = new LinkedHashMap<>(); // link order: failures are reproducible
      for (InputSection s : st.sections) {
        if (relaxable(s)) {
          List<Deletion> deletions = relaxCalls(s, margin);
          if (!deletions.isEmpty()) {
            pending.put(s, deletions);
          }
        }
      }
      if (pending.isEmpty()) {
        break;
      }
      delete(pending);
      st.layout(relocator);
    }
    Map<InputSection, List<Deletion>> padding = new LinkedHashMap<>();
    for (InputSection s : st.sections) {
      if (relaxable(s)) {
        List<Deletion> deletions = trimAlignment(s);
        if (!deletions.isEmpty()) {
          padding.put(s, deletions);
        }
      }
    }
    if (!padding.isEmpty()) {
      delete(padding);
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

  /** Shortens the section's calls in place and returns the bytes they no longer need (not yet deleted). */
  private List<Deletion> relaxCalls(InputSection s, long margin) {
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
        deletions.add(new Deletion(at + 2, oldLength - 2, true));
      } else if (call && fits(distance, 21, margin)) {
        put32(s.data, at, 0x6F | (long) rd << 7); // jal rd; the offset is filled in by R_RISCV_JAL
        ElfRelocation jal = new ElfRelocation(r.offset(), R_RISCV_JAL, r.symbolIndex(), r.addend(), true);
        fromCalls.add(jal);
        relocations.set(i, jal);
        deletions.add(new Deletion(at + 4, 4, true));
      }
    }
    s.relocations = relocations;
    return deletions;
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
   * worst case) to what its position now needs, and rewrites the ones kept as whole nops; returns the padding
   * to delete.
   */
  private List<Deletion> trimAlignment(InputSection s) {
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
    return deletions;
  }

  // ---------------------------------------------------------------- deleting bytes

  /**
   * Removes the runs from their sections and moves whatever points into them: first the addend of every
   * reference the link resolves into a changed section (while symbols still have their old values), then each
   * section's bytes and relocation offsets, then the values and sizes of the symbols defined in it.
   */
  private void delete(Map<InputSection, List<Deletion>> pending) {
    Map<InputSection, Deletions> maps = new LinkedHashMap<>();
    pending.forEach((s, runs) -> maps.put(s, new Deletions(runs)));
    for (InputSection from : st.sections) {
      if (from.object != null) {
        moveAddends(from, maps);
      }
    }
    maps.forEach(this::cut);
    maps.forEach(this::moveSymbols);
  }

  /**
   * {@code sym + addend} names a place in the target's section (a section symbol's addend is the whole offset):
   * the addend becomes the distance from the symbol's new place to that place's new place.
   */
  private void moveAddends(InputSection from, Map<InputSection, Deletions> maps) {
    List<ElfRelocation> adjusted = null;
    for (int i = 0; i < from.relocations.size(); i++) {
      ElfRelocation r = from.relocations.get(i);
      if (r.addend() == 0 || r.symbolIndex() == 0 || !symbolPlusAddend(r.type())) {
        continue;
      }
      Target t = st.target(from, r);
      Deletions map = t.kind() == Target.Kind.SECTION ? maps.get(t.section()) : null;
      if (map == null) {
        continue;
      }
      long place = t.value() + r.addend();
      if (map.cutsCall(place)) {
        ElfSymbol sym = st.symbol(from, r);
        throw new LinkException(from + ": " + RelocationNames.name(st.arch, r.type()) + " at offset 0x"
            + Long.toHexString(r.offset()) + " refers to " + LinkState.describe(sym, from.object) + " + " + r.addend()
            + ", offset 0x" + Long.toHexString(place) + " of " + t.section() + ", inside a call that relaxation "
            + "shortens; link with relaxation off (mpy-link --no-relax)");
      }
      long addend = map.map(place) - map.map(t.value());
      if (addend != r.addend()) {
        if (adjusted == null) {
          adjusted = new ArrayList<>(from.relocations);
        }
        adjusted.set(i, rebuilt(r, r.offset(), addend));
      }
    }
    if (adjusted != null) {
      from.relocations = adjusted;
    }
  }

  /**
   * True for the relocations whose value is {@code S + A} (or {@code S + A - P}): their addend is an offset from
   * the symbol. A GOT relocation's addend is relative to the GOT slot, and a {@code PCREL_LO12}'s symbol is its
   * {@code auipc}, whose own relocation carries the target.
   */
  private static boolean symbolPlusAddend(int type) {
    return type != RiscvRelocator.R_RISCV_GOT_HI20 && type != RiscvRelocator.R_RISCV_GOT32_PCREL
        && type != RiscvRelocator.R_RISCV_PCREL_LO12_I && type != RiscvRelocator.R_RISCV_PCREL_LO12_S
        && type != R_RISCV_RELAX && type != R_RISCV_ALIGN;
  }

  /** Removes the runs from the section's bytes and moves its relocations. */
  private void cut(InputSection s, Deletions map) {
    byte[] data = new byte[s.data.length - map.total()];
    int from = 0;
    int to = 0;
    for (Deletion d : map.runs) {
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
  }

  /** Moves the values and sizes of the symbols defined in the section (its object's; globals are among them). */
  private void moveSymbols(InputSection s, Deletions map) {
    LoadedObject o = s.object;
    int sectionIndex = -1;
    for (int i = 0; i < o.sections.length; i++) {
      if (o.sections[i] == s) {
        sectionIndex = i;
      }
    }
    for (ElfSymbol sym : o.elf.symbols()) {
      if (sym.index() != 0 && sym.sectionIndex() == sectionIndex) {
        long value = o.value(sym);
        if (map.cutsCall(value)) {
          throw new LinkException(s + ": symbol " + LinkState.describe(sym, o) + " at offset 0x"
              + Long.toHexString(value) + " lies inside a call that relaxation shortens; link with relaxation off "
              + "(mpy-link --no-relax)");
        }
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

    /** True if {@code offset} is one of the bytes cut from a shortened call: no instruction starts there now. */
    boolean cutsCall(long offset) {
      for (Deletion d : runs) {
        if (d.callTail() && offset >= d.offset() && offset < d.offset() + d.length()) {
          return true;
        }
      }
      return false;
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
