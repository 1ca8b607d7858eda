package io.github.wasm2mpy.linker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.linker.RiscvRelaxer.Deletion;
import io.github.wasm2mpy.linker.elf.ElfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same objects, compiled with {@code -mrelax}, linked with and without relaxation: the relaxed code must be
 * the unrelaxed code with calls shortened and padding cut, every branch, jump and switch-table entry landing on
 * the instruction it landed on before. Execution on QEMU is {@link NatmodImportTest#riscvRelaxPairsRun}.
 */
class RiscvRelaxerTest {
  private static final String MODULE = """
      extern void *mp_fun_table[];
      static int counter;
      __attribute__((noinline)) int helper(int x) { counter += x; return x * 3 + counter; }
      __attribute__((noinline)) int tail(int x) { return helper(x + 1); }
      __attribute__((noinline)) int sw(int x, int y) {
        switch (x) {
          case 0: return helper(y);
          case 1: return y + 7;
          case 2: return helper(y) * 2;
          case 3: return y - 3;
          case 4: return y ^ 99;
          case 5: return y * y;
          default: return 0;
        }
      }
      __attribute__((noinline, aligned(16))) int loop(int n) {
        int s = 0;
        for (int i = 0; i < n; i++) { s += helper(i); if (s > 1000) break; }
        return s;
      }
      void *mpy_init(void) { return (char *)mp_fun_table[1] + sw(2, helper(1)) + loop(3) + tail(4) + (long)&loop; }
      """;

  private static final List<String> FUNCTIONS = List.of("helper", "tail", "sw", "loop", "mpy_init");

  @Test
  void callsShrinkAndEveryBranchStillLandsOnItsInstruction(@TempDir Path dir) throws Exception {
    byte[] o = Compilers.compile("rv32imc", MODULE, dir, "-mrelax");
    LinkResult plain = link(o, false);
    LinkResult relaxed = link(o, true);
    assertThat(relaxed.mpy().length).isLessThan(plain.mpy().length);
    Code before = new Code(plain);
    Code after = new Code(relaxed);
    int compressedCalls = 0;
    for (String f : FUNCTIONS) {
      Map<Long, Long> moved = after.walkAgainst(before, f);
      for (Map.Entry<Long, Long> jump : before.jumps(f).entrySet()) {
        long from = jump.getKey();
        long to = jump.getValue();
        long newTarget = after.jumps(f).get(moved.get(from));
        assertThat(newTarget).as("%s: jump at 0x%x to 0x%x", f, from, to)
            .isEqualTo(to == before.address("helper") ? after.address("helper") : moved.get(to));
      }
      compressedCalls += after.compressedCallsTo(f, after.address("helper"));
    }
    // mpy_init, tail (as c.j), sw twice and loop call helper; each within 2 KiB: all 2-byte calls.
    assertThat(compressedCalls).isGreaterThanOrEqualTo(5);
    assertThat(after.address("loop") % 16).as("loop is aligned(16)").isZero();
    assertSwitchTableKeepsTargets(before, after);
    // &loop goes through the GOT: its slot must hold loop's new place, after the calls that shrank before it.
    assertThat(relaxed.report().got()).filteredOn(g -> g.name().equals("loop")).extracting(LinkReport.GotSlot::word)
        .containsExactly(after.address("loop"));
    assertThat(after.address("loop")).isLessThan(before.address("loop"));
  }

  /** Entry i of the table is {@code .Lcase_i - table}: it must reach the same case code in both links. */
  private static void assertSwitchTableKeepsTargets(Code before, Code after) {
    long tableBefore = before.rodataStart();
    long tableAfter = after.rodataStart();
    Map<Long, Long> moved = after.walkAgainst(before, "sw");
    for (int i = 0; i < 6; i++) {
      long caseBefore = tableBefore + before.word(tableBefore + 4L * i);
      long caseAfter = (tableAfter + after.word(tableAfter + 4L * i)) & 0xFFFFFFFFL;
      assertThat(caseAfter).as("case %d", i).isEqualTo(moved.get(caseBefore & 0xFFFFFFFFL));
    }
  }

  @Test
  void objectsWithoutRelaxLinkAsBefore(@TempDir Path dir) throws Exception {
    byte[] o = Compilers.compile("rv32imc", MODULE, dir);
    assertThat(link(o, true).mpy()).isEqualTo(link(o, false).mpy());
  }

  @Test
  void farCallBecomesJalNotCJal() {
    // caller at 0: call callee (RELAX); 4 KiB of nops; callee: ret. Too far for c.jal, near enough for jal.
    byte[] text = new byte[8 + 4096 + 4];
    put32(text, 0, 0x00000097); // auipc ra, 0
    put32(text, 4, 0x000080E7); // jalr ra, 0(ra)
    for (int at = 8; at < 8 + 4096; at += 4) {
      put32(text, at, 0x00000013);
    }
    put32(text, 8 + 4096, 0x00008067); // ret
    TestElfWriter w = new TestElfWriter(ElfFile.EM_RISCV);
    int t = w.section(".text", 1, 6, 4, text);
    int callee = w.symbol("callee", 8 + 4096, 4, 0, 2, t);
    w.symbol("mpy_init", 0, 8 + 4096 + 4, 1, 2, t);
    w.rela(t, 0, RiscvRelocator.R_RISCV_CALL_PLT, callee, 0);
    w.rela(t, 0, RiscvRelocator.R_RISCV_RELAX, 0, 0);
    LinkResult r = MpyLinker.builder().arch(Arch.RV32IMC).addObject("far.o", w.toBytes()).link();
    Code code = new Code(r);
    long at = code.address("mpy_init");
    assertThat(code.half(at) & 0x7F).as("jal").isEqualTo(0x6F);
    assertThat(code.jumpTarget(at)).isEqualTo(code.address("callee")).isEqualTo(at + 4 + 4096);
    assertThat(code.size("mpy_init")).isEqualTo(4 + 4096 + 4);
  }

  @Test
  void sectionPlusAddendFollowsTheBytesItNames() {
    byte[] text = new byte[12];
    put32(text, 0, 0x00000097); // auipc ra, 0
    put32(text, 4, 0x000080E7); // jalr ra, 0(ra): becomes jal, 4 bytes go
    put32(text, 8, 0x00008067); // callee: ret
    TestElfWriter w = new TestElfWriter(ElfFile.EM_RISCV);
    int t = w.section(".text", 1, 6, 4, text);
    int rodata = w.section(".rodata", 1, 2, 4, new byte[4]);
    int textSection = w.sectionSymbol(t);
    int callee = w.symbol("callee", 8, 4, 0, 2, t);
    w.symbol("mpy_init", 0, 12, 1, 2, t);
    w.rela(t, 0, RiscvRelocator.R_RISCV_CALL, callee, 0);
    w.rela(t, 0, RiscvRelocator.R_RISCV_RELAX, 0, 0);
    w.rela(rodata, 0, RiscvRelocator.R_RISCV_32, textSection, 8); // a pointer to callee as .text + 8
    LinkResult r = MpyLinker.builder().arch(Arch.RV32IMC).addObject("addend.o", w.toBytes()).link();
    Code code = new Code(r);
    assertThat(code.size("mpy_init")).isEqualTo(8);
    assertThat(code.jumpTarget(code.address("mpy_init"))).isEqualTo(code.address("callee"));
    assertThat(code.word(code.rodataStart())).isEqualTo(SimulatedLoad.TEXT + code.address("callee"));
  }

  /** Relaxed code: three calls that shrink, then {@code dest} 24 bytes after {@code base} before relaxation. */
  private static final String CALLS = """
        .text
        .globl mpy_init, base, dest
        .type base, @function
        .type dest, @function
        .p2align 2
      base:
      mpy_init:
        call helper
        call helper
        call helper
      dest:
        ret
      helper:
        ret
      """;

  /**
   * Another object names {@code dest} as {@code base + 24} (hand-written or LTO'd code may; gcc's own output
   * names a global by its own symbol): through a data word, an {@code lla} and a call. After relaxation each
   * must reach {@code dest}'s new place, not {@code base}'s new place + 24.
   */
  @Test
  void referencesFromAnotherObjectFollowTheBytesTheyName(@TempDir Path dir) throws Exception {
    byte[] a = Compilers.assembleRv32imc(CALLS, dir);
    byte[] b = Compilers.assembleRv32imc("""
          .section .rodata
          .p2align 2
          .word base + 24
          .text
          .globl far_user
          .type far_user, @function
        far_user:
          lla a0, base + 24
          call base + 24
          ret
        """, dir);
    Code plain = new Code(MpyLinker.builder().arch(Arch.RV32IMC).addObject("a.o", a).addObject("b.o", b)
        .relax(false).link());
    Code relaxed = new Code(MpyLinker.builder().arch(Arch.RV32IMC).addObject("a.o", a).addObject("b.o", b).link());
    for (Code code : List.of(plain, relaxed)) {
      long dest = code.address("dest");
      long user = code.address("far_user");
      assertThat(code.word(code.rodataStart())).as("the .word").isEqualTo(SimulatedLoad.TEXT + dest);
      assertThat(code.auipcAddi(user)).as("lla").isEqualTo(dest);
      assertThat(code.callTarget(user + 8)).as("the call").isEqualTo(dest);
    }
    // Relaxation did move dest closer to base: the addends had to change.
    assertThat(relaxed.address("dest") - relaxed.address("base")).isEqualTo(6);
    assertThat(plain.address("dest") - plain.address("base")).isEqualTo(24);
  }

  @Test
  void aReferenceIntoTheBytesOfAShortenedCallIsRefusedByName(@TempDir Path dir) throws Exception {
    byte[] a = Compilers.assembleRv32imc(CALLS, dir);
    // base + 4 is the first call's jalr, which relaxation cuts (the call becomes a 2-byte c.jal).
    byte[] b = Compilers.assembleRv32imc("""
          .section .rodata
          .word base + 4
        """, dir);
    assertThatThrownBy(() -> MpyLinker.builder().arch(Arch.RV32IMC).addObject("a.o", a).addObject("b.o", b).link())
        .isInstanceOf(LinkException.class)
        .hasMessageContaining("b.o(.rodata): R_RISCV_32 at offset 0x0 refers to base + 4, offset 0x6 of a.o(.text), "
            + "inside a call that relaxation shortens; link with relaxation off (mpy-link --no-relax)");
    assertThat(MpyLinker.builder().arch(Arch.RV32IMC).addObject("a.o", a).addObject("b.o", b).relax(false).link()
        .mpy()).startsWith('M');
  }

  @Test
  void relocationInDeletedBytesIsRefused() {
    byte[] text = new byte[12];
    put32(text, 0, 0x00000097);
    put32(text, 4, 0x000080E7);
    put32(text, 8, 0x00008067);
    TestElfWriter w = new TestElfWriter(ElfFile.EM_RISCV);
    int t = w.section(".text", 1, 6, 4, text);
    int init = w.symbol("mpy_init", 0, 12, 1, 2, t);
    w.rela(t, 0, RiscvRelocator.R_RISCV_CALL, init, 8);
    w.rela(t, 0, RiscvRelocator.R_RISCV_RELAX, 0, 0);
    w.rela(t, 4, RiscvRelocator.R_RISCV_PCREL_LO12_I, init, 0);
    assertThatThrownBy(() -> MpyLinker.builder().arch(Arch.RV32IMC).addObject("bad.o", w.toBytes()).link())
        .isInstanceOf(LinkException.class)
        .hasMessageContaining("bad.o(.text): cannot relax R_RISCV_PCREL_LO12_I at offset 0x4: "
            + "lies in bytes that relaxation deletes");
  }

  @Test
  void offsetsMoveByWhatWasDeletedBeforeThem() {
    RiscvRelaxer.Deletions d = new RiscvRelaxer.Deletions(List.of(new Deletion(4, 4), new Deletion(10, 6)));
    assertThat(d.total()).isEqualTo(10);
    assertThat(List.of(d.map(0), d.map(4), d.map(6), d.map(8), d.map(10), d.map(12), d.map(16), d.map(20)))
        .containsExactly(0L, 4L, 4L, 4L, 6L, 6L, 6L, 10L);
    assertThat(d.deletes(7)).isTrue();
    assertThat(d.deletes(8)).isFalse();
  }

  private static LinkResult link(byte[] object, boolean relax) {
    return MpyLinker.builder().arch(Arch.RV32IMC).addObject("m.o", object).relax(relax).link();
  }

  private static void put32(byte[] d, int at, long v) {
    for (int i = 0; i < 4; i++) {
      d[at + i] = (byte) (v >> 8 * i);
    }
  }

  /** A linked module's text with its report: just enough RV32IC decoding to follow control flow. */
  private static final class Code {
    private final SimulatedLoad load;
    private final LinkReport report;

    Code(LinkResult r) {
      this.load = new SimulatedLoad(r.mpy());
      this.report = r.report();
    }

    long address(String symbol) {
      return report.symbols().stream().filter(s -> s.name().equals(symbol)).findFirst().orElseThrow().address();
    }

    long size(String symbol) {
      return report.symbols().stream().filter(s -> s.name().equals(symbol)).findFirst().orElseThrow().size();
    }

    long rodataStart() {
      return report.sections().stream().filter(s -> s.name().startsWith(".rodata")).findFirst().orElseThrow().address();
    }

    int half(long at) {
      return load.text.getShort((int) at) & 0xFFFF;
    }

    long word(long at) {
      return load.textWord((int) at);
    }

    static int length(int firstHalf) {
      return (firstHalf & 3) == 3 ? 4 : 2;
    }

    /** Instruction address → target, for every jal, branch, c.j, c.jal, c.beqz, c.bnez of the function. */
    Map<Long, Long> jumps(String function) {
      Map<Long, Long> jumps = new HashMap<>();
      long end = address(function) + size(function);
      for (long at = address(function); at < end; at += length(half(at))) {
        long target = jumpTarget(at);
        if (target >= 0) {
          jumps.put(at, target);
        }
      }
      return jumps;
    }

    /** Calls of {@code target} two bytes long (c.jal, or c.j as a tail call). */
    int compressedCallsTo(String function, long target) {
      int n = 0;
      long end = address(function) + size(function);
      for (long at = address(function); at < end; at += length(half(at))) {
        int h = half(at);
        if (length(h) == 2 && (h >> 13 == 1 || h >> 13 == 5) && (h & 3) == 1 && jumpTarget(at) == target) {
          n++;
        }
      }
      return n;
    }

    /** The address an {@code auipc rd; addi rd, rd, lo} pair at {@code at} computes. */
    long auipcAddi(long at) {
      return auipcPair(at, 0x13, "addi");
    }

    /** Where the call at {@code at} goes: a jump, or an {@code auipc; jalr} pair. */
    long callTarget(long at) {
      long jump = jumpTarget(at);
      return jump >= 0 ? jump : auipcPair(at, 0x67, "jalr");
    }

    private long auipcPair(long at, long secondOpcode, String second) {
      long auipc = word(at);
      long next = word(at + 4);
      assertThat(auipc & 0x7F).as("auipc at 0x%x", at).isEqualTo(0x17);
      assertThat(next & 0x707F).as("%s at 0x%x", second, at + 4).isEqualTo(secondOpcode);
      return (at + signExtend(auipc & 0xFFFFF000L, 32) + signExtend(next >> 20, 12)) & 0xFFFFFFFFL;
    }

    long jumpTarget(long at) {
      int h = half(at);
      if (length(h) == 4) {
        long i = word(at);
        long opcode = i & 0x7F;
        if (opcode == 0x6F) {
          long imm = (i >> 31 & 1) << 20 | (i >> 12 & 0xFF) << 12 | (i >> 20 & 1) << 11 | (i >> 21 & 0x3FF) << 1;
          return at + signExtend(imm, 21);
        }
        if (opcode == 0x63) {
          long imm = (i >> 31 & 1) << 12 | (i >> 7 & 1) << 11 | (i >> 25 & 0x3F) << 5 | (i >> 8 & 0xF) << 1;
          return at + signExtend(imm, 13);
        }
        return -1;
      }
      int funct3 = h >> 13;
      if ((h & 3) == 1 && (funct3 == 1 || funct3 == 5)) { // c.jal, c.j
        long imm = (h >> 12 & 1) << 11 | (h >> 11 & 1) << 4 | (h >> 9 & 3) << 8 | (h >> 8 & 1) << 10 | (h >> 7 & 1) << 6
            | (h >> 6 & 1) << 7 | (h >> 3 & 7) << 1 | (h >> 2 & 1) << 5;
        return at + signExtend(imm, 12);
      }
      if ((h & 3) == 1 && (funct3 == 6 || funct3 == 7)) { // c.beqz, c.bnez
        long imm = (h >> 12 & 1) << 8 | (h >> 10 & 3) << 3 | (h >> 5 & 3) << 6 | (h >> 3 & 3) << 1 | (h >> 2 & 1) << 5;
        return at + signExtend(imm, 9);
      }
      return -1;
    }

    private static long signExtend(long v, int bits) {
      return v << (64 - bits) >> (64 - bits);
    }

    /**
     * Walks {@code function} here (relaxed) and in {@code unrelaxed} side by side and returns where each old
     * instruction address went. Instructions must match one for one: a call pair ({@code auipc; jalr}) may have
     * become a jal or c.jal/c.j, and jumps may differ in their offsets; anything else must be the same bits.
     */
    Map<Long, Long> walkAgainst(Code unrelaxed, String function) {
      Map<Long, Long> moved = new HashMap<>();
      long old = unrelaxed.address(function);
      long oldEnd = old + unrelaxed.size(function);
      long now = address(function);
      long nowEnd = now + size(function);
      List<String> mismatches = new ArrayList<>();
      boolean afterAuipc = false;
      while (old < oldEnd && now < nowEnd) {
        moved.put(old, now);
        int oldHalf = unrelaxed.half(old);
        int nowHalf = half(now);
        int oldLength = length(oldHalf);
        if (oldLength == 4 && (unrelaxed.word(old) & 0x7F) == 0x17 && (unrelaxed.word(old + 4) & 0x707F) == 0x67
            && (jumpTarget(now) >= 0)) {
          old += 8; // call pair, now a single jump
        } else if (unrelaxed.jumpTarget(old) >= 0) {
          if (jumpTarget(now) < 0 || length(nowHalf) != oldLength) {
            mismatches.add(String.format("jump at 0x%x became 0x%x", old, nowHalf));
          }
          old += oldLength;
        } else {
          long mask = 0xFFFFFFFFL;
          long opcode = unrelaxed.word(old) & 0x7F;
          if (opcode == 0x17) {
            mask = 0xFFF; // auipc: the distance to a PCREL_HI20 target changes with the code in between
          } else if (afterAuipc) {
            mask = opcode == 0x23 ? 0x01FFF07FL : 0x000FFFFFL; // its LO12 partner: S-type or I-type immediate
          }
          boolean same = oldLength == 4 ? (unrelaxed.word(old) & mask) == (word(now) & mask) : oldHalf == nowHalf;
          afterAuipc = oldLength == 4 && opcode == 0x17;
          if (!same) {
            mismatches.add(String.format("0x%x: instruction differs", old));
          }
          old += oldLength;
        }
        now += length(nowHalf);
      }
      moved.put(old, now);
      assertThat(mismatches).as(function).isEmpty();
      assertThat(old).as(function + " walked to its end").isEqualTo(oldEnd);
      assertThat(now).isEqualTo(nowEnd);
      return moved;
    }
  }
}
