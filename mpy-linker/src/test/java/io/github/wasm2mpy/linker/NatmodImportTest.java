package io.github.wasm2mpy.linker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.linker.elf.ElfFile;
import io.github.wasm2mpy.linker.elf.ElfRelocation;
import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.Status;
import io.github.wasm2mpy.testbed.TargetArch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * End to end: every upstream natmod example (but {@code btree}, whose Berkeley DB sources the Debian source
 * package leaves out) and our own modules ({@code statics}: writable statics and a table of function pointers;
 * {@code softfloat}: libgcc's soft-float with absolute relocations; {@code ownlibc}: its own memset and calloc
 * next to the C library) are built by {@code dynruntime.mk} with
 * {@code MPY_LD=bin/mpy-link} and {@code LINK_RUNTIME=1} (libgcc, and libm or picolibc's libc, pulled on demand),
 * then imported and exercised on the five runnable archs, one MicroPython run per arch.
 */
class NatmodImportTest {
  /** Module → what the smoke script prints for it; the example directory name is the module's key. */
  private static final Map<String, String> EXPECTED = new LinkedHashMap<>();
  /** Our own natmods, under src/test/natmod: each does something the reference linker cannot link. */
  private static final List<String> OWN = List.of("statics", "softfloat", "ownlibc");

  static {
    EXPECTED.put("features0", "3628800");
    EXPECTED.put("features1", "(3, 55, 0, 4)");
    EXPECTED.put("features2", "ok");
    EXPECTED.put("features3", "([], 9)");
    EXPECTED.put("features4", "720");
    EXPECTED.put("deflate", "(True, True)");
    EXPECTED.put("framebuf", "(1, 0)");
    EXPECTED.put("heapq", "[1, 3, 5, 7, 9]");
    EXPECTED.put("random", "True");
    EXPECTED.put("re", "('aaab', None)");
    EXPECTED.put("statics", "(2501, 2602, 13, -1, 42, 42, 13, 'add', 'mul')");
    EXPECTED.put("softfloat", "(10500, 233334)");
    EXPECTED.put("ownlibc", "(30, 5, 28)");
  }

  @TestFactory
  List<DynamicTest> importsOnEveryRunnableArch() {
    List<DynamicTest> tests = new ArrayList<>();
    for (TargetArch arch : TargetArch.values()) {
      Map<String, Future<Natmods.Build>> builds = new LinkedHashMap<>();
      for (String module : EXPECTED.keySet()) {
        Path source = OWN.contains(module) ? Natmods.ownNatmod(module) : Natmods.example(module);
        builds.put(module, Natmods.submit(source, arch.id(), Natmods.Linker.OURS, true));
      }
      tests.add(DynamicTest.dynamicTest(String.join(",", EXPECTED.keySet()) + " on " + arch.id(), () -> {
        Path dir = Natmods.workDir().resolve("run").resolve(arch.id());
        Natmods.deleteTree(dir);
        Files.createDirectories(dir);
        for (Future<Natmods.Build> f : builds.values()) {
          Path mpy = Natmods.get(f).mpy();
          Files.copy(mpy, dir.resolve(mpy.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        String script = "ARCH = '" + arch.id() + "'\nMODULES = " + EXPECTED.keySet().stream()
            .map(m -> "'" + m + "'").collect(Collectors.joining(", ", "[", "]")) + "\n" + smokeScript();
        Path scriptFile = dir.resolveSibling(arch.id() + "-smoke.py");
        Files.writeString(scriptFile, script);
        RunResult r = Natmods.testbed().mpyRun(arch).modules(dir).timeout(Duration.ofSeconds(60)).file(scriptFile);
        assertThat(r.status()).as(r.output()).isEqualTo(Status.OK);
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : r.output().lines().toList()) {
          int space = line.indexOf(' ');
          if (space > 0 && EXPECTED.containsKey(line.substring(0, space))) {
            results.put(line.substring(0, space), line.substring(space + 1));
          }
        }
        assertThat(results).as(r.output()).containsExactlyEntriesOf(EXPECTED);
        // features2 prints one True per check it ran (three or four, depending on double support).
        assertThat(r.output()).as(r.output()).containsPattern("\\[True, True, True(, True)?\\]").doesNotContain("False");
      }));
    }
    return tests;
  }

  /** Modules built again with {@code -mrelax} on rv32imc: calls to near functions, switch tables, loops. */
  private static final List<String> RELAXED = List.of("statics", "features0", "features1", "heapq", "re", "framebuf", "deflate");

  /**
   * RISC-V code compiled with linker relaxation on (dynruntime.mk passes {@code -mno-relax}; {@code -mrelax}
   * after it wins): every auipc pair carries {@code R_RISCV_RELAX}, so {@link RiscvRelaxer} shortens the calls and
   * drops surplus alignment. The modules, smaller than the same objects linked unrelaxed, must still run.
   */
  @TestFactory
  List<DynamicTest> riscvRelaxPairsRun() {
    Map<String, Future<Natmods.Build>> builds = new LinkedHashMap<>();
    Map<String, Future<Natmods.Build>> unrelaxedBuilds = new LinkedHashMap<>();
    for (String module : RELAXED) {
      Path source = OWN.contains(module) ? Natmods.ownNatmod(module) : Natmods.example(module);
      builds.put(module, Natmods.submit(source, "rv32imc", Natmods.Linker.OURS, true, Map.of("CFLAGS_EXTRA", "-mrelax")));
      unrelaxedBuilds.put(module, Natmods.submit(source, "rv32imc", Natmods.Linker.OURS, true,
          Map.of("CFLAGS_EXTRA", "-mrelax", "MPY_LD", Natmods.ourLinkerCommand() + " --no-relax")));
    }
    return List.of(DynamicTest.dynamicTest(String.join(",", RELAXED) + " with -mrelax on rv32imc", () -> {
      Path dir = Natmods.workDir().resolve("run").resolve("rv32imc-relax");
      Natmods.deleteTree(dir);
      Files.createDirectories(dir);
      long relaxedTotal = 0;
      long unrelaxedTotal = 0;
      for (Map.Entry<String, Future<Natmods.Build>> e : builds.entrySet()) {
        Natmods.Build b = Natmods.get(e.getValue());
        ElfFile elf = ElfFile.read(b.objects().get(0));
        assertThat(elf.section(".text").orElseThrow().relocations()).extracting(ElfRelocation::type).contains(51); // R_RISCV_RELAX
        byte[] relaxed = Files.readAllBytes(b.mpy()); // linked by bin/mpy-link, which relaxes by default
        relaxedTotal += relaxed.length;
        unrelaxedTotal += Files.size(Natmods.get(unrelaxedBuilds.get(e.getKey())).mpy());
        Files.write(dir.resolve(b.mpy().getFileName()), relaxed);
      }
      assertThat(relaxedTotal).isLessThan(unrelaxedTotal);
      String script = "ARCH = 'rv32imc'\nMODULES = " + RELAXED.stream().map(m -> "'" + m + "'")
          .collect(Collectors.joining(", ", "[", "]")) + "\n" + smokeScript();
      Path scriptFile = dir.resolveSibling("rv32imc-relax-smoke.py");
      Files.writeString(scriptFile, script);
      RunResult r = Natmods.testbed().mpyRun(TargetArch.RV32IMC).modules(dir).timeout(Duration.ofSeconds(60)).file(scriptFile);
      assertThat(r.status()).as(r.output()).isEqualTo(Status.OK);
      for (String module : RELAXED) {
        assertThat(r.output()).as(r.output()).contains(module + " " + EXPECTED.get(module));
      }
    }));
  }

  private static String smokeScript() throws IOException {
    try (InputStream in = NatmodImportTest.class.getResourceAsStream("natmod-smoke.py")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
