package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.linker.elf.ElfRelocation;
import io.github.wasm2mpy.linker.elf.ElfSymbol;
import java.util.Map;
import java.util.Set;

/**
 * Xtensa (RELA). Code reaches constants and addresses through {@code l32r} loads from literal pools; the pools are
 * rebuilt by the linker as the GOT and the literal table, so the interesting relocation is the one that points an
 * {@code l32r} at its new slot.
 */
final class XtensaRelocator implements Relocator {
  static final int R_XTENSA_NONE = 0;
  static final int R_XTENSA_32 = 1;
  static final int R_XTENSA_ASM_EXPAND = 11;
  static final int R_XTENSA_SLOT0_OP = 20;
  /** DIFF8/16/32, PDIFF8/16/32 and NDIFF8/16/32: distances between two labels, already right within one section. */
  private static final Set<Integer> DIFFERENCES = Set.of(17, 18, 19, 57, 58, 59, 60, 61, 62);

  @Override
  public boolean isPcRelative(LinkState st, InputSection s, ElfRelocation r) {
    return r.type() == R_XTENSA_32 && st.symbol(s, r).bind() == ElfSymbol.STB_LOCAL;
  }

  @Override
  public boolean isAbsoluteWord(LinkState st, InputSection s, ElfRelocation r) {
    return r.type() == R_XTENSA_32 && st.symbol(s, r).bind() != ElfSymbol.STB_LOCAL;
  }

  @Override
  public void relocate(LinkState st, InputSection s, ElfRelocation r) {
    ElfSymbol sym = st.symbol(s, r);
    int place = LinkState.place(s, r);
    if (r.type() == R_XTENSA_NONE) {
      return;
    }
    if (r.type() == R_XTENSA_32) {
      // Local pointers inside text: resolved relative to the field, as the reference linker does.
      Relocator.addLe32(st, s, r, st.fixedAddress(s, r) - place + r.addend());
      return;
    }
    InputSection targetSection = s.object.section(sym.sectionIndex());
    if (r.type() == R_XTENSA_ASM_EXPAND || DIFFERENCES.contains(r.type())) {
      if (targetSection == null || targetSection.kind == SectionKind.TEXT) {
        return; // relaxation hints and label differences inside text need no change
      }
      throw st.unsupported(s, r, "label difference or expansion outside text");
    }
    if (r.type() != R_XTENSA_SLOT0_OP) {
      throw st.unsupported(s, r, "not used by xtensa natmod code");
    }
    if (targetSection == s) {
      return; // branches and loops within one section are already encoded PC-relative by the assembler
    }
    if (targetSection == null && sym.isUndefined() && st.target(s, r).kind() == Target.Kind.ABSOLUTE) {
      Integer veneer = st.romVeneers.get((st.target(s, r).value() + r.addend()) & 0xFFFFFFFFL);
      if (veneer != null && isDirectBranch(st.buffer(s.block).u24(place))) {
        patchDirectBranch(st, s, r, st.veneerSection.address + veneer);
        return;
      }
      long rom = st.romAddress(sym.name());
      String insn = instructionName(st.buffer(s.block).u24(LinkState.place(s, r)));
      throw new LinkException(s + ": " + insn + " at offset 0x" + Long.toHexString(r.offset()) + " to " + sym.name()
          + (rom >= 0 ? " (ESP8266 ROM, 0x" + Long.toHexString(rom) + ")" : " (absolute address)")
          + " is out of range: a loadable module cannot reach a fixed address with a direct call or jump;"
          + " compile with -mlongcalls (or -fpic, as dynruntime.mk does) so the call goes through a literal");
    }
    if (targetSection != null ? targetSection.kind == SectionKind.TEXT
        : sym.isUndefined() && st.target(s, r).kind() == Target.Kind.SECTION && st.target(s, r).section().kind == SectionKind.TEXT) {
      // A direct call or jump into another text section (code built without -mlongcalls, e.g. libc's -ffunction-sections
      // members): only the linker knows the distance.
      patchDirectBranch(st, s, r, st.fixedAddress(s, r) + r.addend());
      return;
    }
    if (targetSection == null || targetSection.kind != SectionKind.LITERAL) {
      throw st.unsupported(s, r, "SLOT0_OP to a section that is neither text nor a literal pool");
    }
    Map<Long, Object> slots = st.literalSlots.get(targetSection);
    Object slot = slots == null ? null : slots.get(sym.value() + r.addend());
    long slotAddress;
    if (slot instanceof String gotName) {
      slotAddress = st.gotAddress(gotName, s, r);
    } else if (slot instanceof Long value) {
      slotAddress = st.literalSection.address + st.literals.get(value);
    } else {
      throw st.unsupported(s, r, "l32r from offset 0x" + Long.toHexString(sym.value() + r.addend()) + " outside its literal pool");
    }
    // l32r: imm16 is a negative word offset from (pc + 3) & ~3; the reference computes (slot - P) >> 2.
    OutputBuffer out = st.buffer(s.block);
    long l32r = out.u24(place);
    if ((l32r & 0xF) != 1) {
      throw st.unsupported(s, r, "SLOT0_OP on an instruction that is not l32r (0x" + Long.toHexString(l32r) + ")");
    }
    long imm = ((l32r >> 8) + slotAddress - place >> 2) & 0xFFFF;
    out.put24(place, l32r & 0xFF | imm << 8);
  }

  /**
   * Points a CALLn or J at {@code target}. Both carry a signed 18-bit offset in bits 6..23: CALLn counts words from
   * {@code (P & ~3) + 4} (the callee must be word-aligned), J counts bytes from {@code P + 4}.
   */
  private static void patchDirectBranch(LinkState st, InputSection s, ElfRelocation r, long target) {
    int place = LinkState.place(s, r);
    OutputBuffer out = st.buffer(s.block);
    long insn = out.u24(place);
    long offset;
    if ((insn & 0xF) == 5) {
      long distance = target - ((place & ~3L) + 4);
      if ((distance & 3) != 0) {
        throw st.unsupported(s, r, "call to 0x" + Long.toHexString(target) + ", which is not word-aligned");
      }
      offset = distance >> 2;
    } else if ((insn & 0x3F) == 6) {
      offset = target - (place + 4);
    } else {
      throw st.unsupported(s, r, "SLOT0_OP into another text section on " + instructionName(insn)
          + ", which is neither a call nor a jump");
    }
    if (offset < -(1 << 17) || offset >= 1 << 17) {
      throw st.unsupported(s, r, instructionName(insn) + " to 0x" + Long.toHexString(target) + " is out of range"
          + " (18-bit offset); compile with -mlongcalls");
    }
    out.put24(place, insn & 0x3F | (offset & 0x3FFFF) << 6);
  }

  /** CALL0..CALL12 or J: the instructions with an 18-bit PC-relative target. */
  static boolean isDirectBranch(long insn) {
    return (insn & 0xF) == 5 || (insn & 0x3F) == 6;
  }

  /** The direct-call or jump mnemonic of a 3-byte instruction, for error messages. */
  static String instructionName(long insn) {
    int op0 = (int) (insn & 0xF);
    if (op0 == 5) {
      return "call" + 4 * (int) (insn >> 4 & 3);
    }
    if (op0 == 6 && (insn >> 4 & 3) == 0) {
      return "j";
    }
    return "instruction 0x" + Long.toHexString(insn);
  }
}
