package io.github.wasm2mpy.linker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wasm2mpy.linker.elf.ElfFile;
import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.Status;
import io.github.wasm2mpy.testbed.TargetArch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MpyLinkerTest {
  private static final String MODULE = """
      extern void *mp_fun_table[];
      int helper(int x) { return x * 3; }
      int never_called(int x) { return x * 5 + 1; }
      void *mpy_init(void) { return (char *)mp_fun_table[1] + helper(2); }
      """;

  @Test
  void undefinedSymbolNamesObjectSectionAndOffset(@TempDir Path dir) throws Exception {
    byte[] o = Compilers.compile("x64", "int missing_function(int);\nint mpy_init(void) { return missing_function(1) + 1; }\n", dir);
    assertThatThrownBy(() -> MpyLinker.builder().arch(Arch.X64).addObject("needs.o", o).link())
        .isInstanceOf(LinkException.class)
        .hasMessageContaining("needs.o: undefined symbol: missing_function (needed by .text at offset 0x");
  }

  @Test
  void archMismatchIsReported(@TempDir Path dir) throws Exception {
    byte[] o = Compilers.compile("x86", MODULE, dir);
    assertThatThrownBy(() -> MpyLinker.builder().arch(Arch.ARMV7M).addObject("m.o", o).link())
        .isInstanceOf(LinkException.class)
        .hasMessageContaining("m.o: arch mismatch: object is EM_386, linking for armv7m");
  }

  @Test
  void literalPoolOutsideXtensaIsNamed(@TempDir Path dir) throws Exception {
    // Found by ReadersFuzzTest: a section named like an Xtensa literal pool in an ARM object was never placed,
    // and the first relocation to it failed with a NullPointerException.
    byte[] o = Compilers.compile("armv7m", "static const int pool[2] __attribute__((section(\".literal.pool\"))) = {1, 2};\n"
        + "int mpy_init(int i) { return pool[i]; }\n", dir);
    assertThatThrownBy(() -> MpyLinker.builder().arch(Arch.ARMV7M).addObject("m.o", o).link())
        .isInstanceOf(LinkException.class)
        .hasMessage("m.o: section .literal.pool is an Xtensa literal pool (by its name), which armv7m code cannot have");
  }

  @Test
  void duplicateSymbolNamesBothObjects(@TempDir Path dir) throws Exception {
    byte[] a = Compilers.compile("x64", MODULE, dir);
    byte[] b = Compilers.compile("x64", "int helper(int x) { return x; }\n", dir);
    assertThatThrownBy(() -> MpyLinker.builder().arch(Arch.X64).addObject("a.o", a).addObject("b.o", b).link())
        .hasMessageContaining("b.o: duplicate symbol: helper (first defined in a.o)");
  }

  @Test
  void missingEntryPointIsReported(@TempDir Path dir) throws Exception {
    byte[] o = Compilers.compile("x64", "int f(int x) { return x; }\n", dir);
    assertThatThrownBy(() -> MpyLinker.builder().arch(Arch.X64).addObject("f.o", o).link())
        .hasMessageContaining("undefined symbol: mpy_init");
  }

  @Test
  void unknownRelocationNamesTypeSectionOffsetAndSymbol() {
    TestElfWriter w = new TestElfWriter(ElfFile.EM_386);
    int text = w.section(".text", 1, 6, 4, new byte[16]);
    int init = w.symbol("mpy_init", 0, 16, 1, 2, text);
    w.rela(text, 8, 20, init, 0); // R_386_16: never emitted for position-independent code
    assertThatThrownBy(() -> MpyLinker.builder().arch(Arch.X86).addObject("odd.o", w.toBytes()).link())
        .isInstanceOf(LinkException.class)
        .hasMessageContaining("odd.o(.text): unsupported relocation type 20 (EM_386) at offset 0x8 (symbol mpy_init)");
  }

  @Test
  void commonSymbolAsksForNoCommon(@TempDir Path dir) throws Exception {
    byte[] o = Compilers.compile("x64", "int shared;\nint mpy_init(void) { return shared; }\n", dir, "-fcommon");
    assertThatThrownBy(() -> MpyLinker.builder().arch(Arch.X64).addObject("c.o", o).link())
        .isInstanceOf(LinkException.class)
        .hasMessageContaining("c.o: shared is a common symbol").hasMessageContaining("compile with -fno-common");
  }

  @Test
  void branchOutOfRangeIsReported() {
    TestElfWriter w = new TestElfWriter(ElfFile.EM_RISCV);
    int text = w.section(".text", 1, 6, 4, new byte[0x2010]);
    w.symbol("mpy_init", 0, 4, 1, 2, text);
    int far = w.symbol("far_away", 0x2000, 4, 1, 2, text);
    w.rela(text, 0, 16, far, 0); // R_RISCV_BRANCH reaches +-4 KiB only
    assertThatThrownBy(() -> MpyLinker.builder().arch(Arch.RV32IMC).addObject("far.o", w.toBytes()).link())
        .isInstanceOf(LinkException.class)
        .hasMessage("far.o(.text): relocation R_RISCV_BRANCH at offset 0x0 (symbol far_away): value 8192 out of range");
  }

  @Test
  void failedLinkLeavesNoFileBehind(@TempDir Path dir) throws Exception {
    byte[] o = Compilers.compile("x64", "int missing(void);\nint mpy_init(void) { return missing(); }\n", dir);
    Path out = dir.resolve("out.mpy");
    Files.writeString(out, "previous");
    assertThatThrownBy(() -> MpyLinker.builder().arch(Arch.X64).addObject("m.o", o).link(out)).isInstanceOf(LinkException.class);
    assertThat(Files.readString(out)).isEqualTo("previous");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void linkWritesFileAndReport(@TempDir Path dir) throws Exception {
    byte[] o = Compilers.compile("x64", MODULE, dir, "-ffunction-sections");
    Path out = dir.resolve("m.mpy");
    LinkResult r = MpyLinker.builder().arch(Arch.X64).addObject("m.o", o).link(out);
    assertThat(Files.readAllBytes(out)).isEqualTo(r.mpy());
    JsonNode json = new ObjectMapper().readTree(r.report().toJson());
    assertThat(json.get("arch").asText()).isEqualTo("x64");
    assertThat(json.get("textSize").asInt()).isEqualTo(r.report().textSize()).isPositive();
    assertThat(json.get("symbols").findValuesAsText("name")).contains("mpy_init", "helper", "never_called");
    assertThat(json.get("got").findValuesAsText("name")).contains("mp_fun_table");
    assertThat(r.report().toLinkMap()).contains("mpy_init").contains(".text.helper m.o");
  }

  @Test
  void sectionGarbageCollectionDropsUnreachableCode(@TempDir Path dir) throws Exception {
    byte[] o = Compilers.compile("x64", MODULE, dir, "-ffunction-sections");
    LinkReport all = MpyLinker.builder().arch(Arch.X64).addObject("m.o", o).link().report();
    LinkReport gc = MpyLinker.builder().arch(Arch.X64).addObject("m.o", o).gcSections(true).link().report();
    assertThat(all.symbols()).extracting(LinkReport.SymbolEntry::name).contains("never_called");
    assertThat(gc.symbols()).extracting(LinkReport.SymbolEntry::name).contains("mpy_init", "helper").doesNotContain("never_called");
    assertThat(gc.textSize()).isLessThan(all.textSize());
  }

  /**
   * The compact container loads to the same words as the reference layout: runs that continue the previous one
   * without their offset, the empty static qstr as source name, nothing else changed.
   */
  @Test
  void compactContainerLoadsTheSameWordsInFewerBytes(@TempDir Path dir) throws Exception {
    String source = """
        extern void *mp_fun_table[];
        int counter;
        int *where;
        static int one(void) { return 1; }
        static int two(void) { return 2; }
        int (*const table[])(void) = {one, two, one};
        void *mpy_init(void) { counter++; where = &counter; return (char *)mp_fun_table[3] + table[counter](); }
        """;
    byte[] o = Compilers.compile("armv7m", source, dir, "-ffunction-sections", "-fdata-sections");
    byte[] plain = MpyLinker.builder().arch(Arch.ARMV7M).addObject("m.o", o).sourceName("m.mpy").link().mpy();
    byte[] compact = MpyLinker.builder().arch(Arch.ARMV7M).addObject("m.o", o).sourceName("m.mpy").compact(true).link().mpy();
    SimulatedLoad a = new SimulatedLoad(plain);
    SimulatedLoad b = new SimulatedLoad(compact);
    assertThat(b.text.array()).isEqualTo(a.text.array());
    assertThat(b.relocatedTextWords).isEqualTo(a.relocatedTextWords).hasSizeGreaterThan(3);
    assertThat(b.bssSize).isEqualTo(a.bssSize);
    // "m.mpy" is 2 + 5 bytes as a string, 1 as the static qstr ""; each continued run saves its offset
    assertThat(compact.length).isLessThan(plain.length - 6);
    assertThat(plain[6]).isEqualTo((byte) (5 << 1));
    assertThat(compact[6]).isEqualTo((byte) (Qstrs.staticNumber("") << 1 | 1));
    assertThat(b.relocationOps).isLessThanOrEqualTo(a.relocationOps);
  }

  /** A real module with -ffunction-sections, garbage-collected, still imports and runs. */
  @Test
  void garbageCollectedNatmodRuns(@TempDir Path dir) throws Exception {
    Natmods.Build b = Natmods.get(Natmods.submit(Natmods.example("re"), "x64", Natmods.Linker.REFERENCE, false));
    MpyLinker.Builder plain = MpyLinker.builder().arch(Arch.X64).qstrHeader(b.configHeader());
    b.objects().forEach(plain::addObject);
    Path mods = Files.createDirectories(dir.resolve("mods"));
    LinkResult gc = plain.gcSections(true).link(mods.resolve("re_gc.mpy"));
    assertThat(gc.report().textSize()).isPositive();
    RunResult r = Natmods.testbed().mpyRun(TargetArch.X64).modules(mods)
        .code("import re_gc; print(re_gc.compile('b+').search('abbbc').group(0))");
    assertThat(r.status()).as(r.output()).isEqualTo(Status.OK);
    assertThat(r.output()).contains("bbb");
  }

  @Test
  void archiveMemberIsPulledOnlyWhenItDoesNotRedefineTheModule(@TempDir Path dir) throws Exception {
    byte[] module = Compilers.compile("x64", """
        int twice(int);
        int own(int x) { return x + 100; }
        void *mpy_init(void) { return (void *)(long)(twice(3) + own(1)); }
        """, dir);
    // lib.a: clash.o defines twice AND own (would clash); good.o defines twice alone.
    byte[] clash = Compilers.compile("x64", "int own(int x) { return x; }\nint twice(int x) { return 2 * x; }\n", dir);
    byte[] good = Compilers.compile("x64", "int twice(int x) { return x + x; }\n", dir);
    Path lib = ArchiveFixtures.gnuArchive(dir.resolve("lib.a"), new String[] {"clash.o", "good.o"}, clash, good);
    LinkReport r = MpyLinker.builder().arch(Arch.X64).addObject("m.o", module).addLibrary(lib).link().report();
    assertThat(r.inputs()).containsExactly("m.o", lib + "(good.o)");
  }
}
