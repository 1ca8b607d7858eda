package io.github.wasm2mpy.linker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.linker.elf.ElfFile;
import io.github.wasm2mpy.linker.elf.ElfRelocation;
import io.github.wasm2mpy.linker.elf.ElfSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Which relocation types the end-to-end modules put through the linker, per arch: each listed type occurs in
 * the objects that {@link NatmodImportTest} links and runs (and, for xtensa, that {@link XtensaLinkCheckTest}
 * checks), so each handler is exercised by code that is executed or verified. The builds are shared with those
 * tests.
 */
class RelocationCoverageTest {
  private static final List<String> RUN_MODULES = List.of("features0", "features1", "features2", "features3", "features4",
      "deflate", "framebuf", "heapq", "random", "re", "statics", "softfloat", "ownlibc");
  private static final List<String> OWN = List.of("statics", "softfloat", "ownlibc");

  private static final Map<String, Set<Integer>> EXPECTED = Map.of(
      // R_X86_64_64, PC32, PLT32, REX_GOTPCRELX
      "x64", Set.of(1, 2, 4, 42),
      // R_386_32, PC32, GOT32, PLT32, GOTOFF, GOTPC, GOT32X
      "x86", Set.of(1, 2, 3, 4, 9, 10, 43),
      // R_ARM_ABS32, REL32, THM_CALL, BASE_PREL, GOT_BREL, THM_JUMP24
      "armv7m", Set.of(2, 3, 10, 25, 26, 30),
      // R_ARM_ABS32, REL32, THM_CALL, BASE_PREL, GOT_BREL
      "armv6m", Set.of(2, 3, 10, 25, 26),
      // R_RISCV_32, BRANCH, CALL_PLT, GOT_HI20, PCREL_HI20, PCREL_LO12_I, ADD32, SUB32, RVC_BRANCH, RVC_JUMP
      "rv32imc", Set.of(1, 16, 19, 20, 23, 24, 35, 39, 44, 45),
      // R_XTENSA_32, PLT, SLOT0_OP, PDIFF32
      "xtensa", Set.of(1, 6, 20, 59));

  @TestFactory
  List<DynamicTest> endToEndModulesExerciseEveryHandler() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String arch : List.of("x64", "x86", "armv7m", "armv6m", "rv32imc", "xtensa")) {
      List<Future<Natmods.Build>> builds = new ArrayList<>();
      if (arch.equals("xtensa")) {
        for (String m : List.of("features0", "features1", "features3", "features4", "heapq", "re")) {
          builds.add(Natmods.submit(Natmods.example(m), arch, Natmods.Linker.OURS, true));
        }
      } else {
        for (String m : RUN_MODULES) {
          Path source = OWN.contains(m) ? Natmods.ownNatmod(m) : Natmods.example(m);
          builds.add(Natmods.submit(source, arch, Natmods.Linker.OURS, true));
        }
      }
      tests.add(DynamicTest.dynamicTest("relocation types on " + arch, () -> {
        Set<Integer> seen = new TreeSet<>();
        for (Future<Natmods.Build> f : builds) {
          for (Path o : Natmods.get(f).objects()) {
            for (ElfSection s : ElfFile.read(o).sections()) {
              s.relocations().stream().map(ElfRelocation::type).forEach(seen::add);
            }
          }
        }
        assertThat(seen).containsAll(EXPECTED.get(arch));
      }));
    }
    return tests;
  }
}
