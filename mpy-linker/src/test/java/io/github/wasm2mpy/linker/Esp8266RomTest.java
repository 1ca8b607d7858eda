package io.github.wasm2mpy.linker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.linker.ar.ArArchive;
import io.github.wasm2mpy.linker.ar.ArMember;
import io.github.wasm2mpy.linker.elf.ElfFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ESP8266 (arch xtensa): libgcc routines that the chip keeps in mask ROM, and that Debian's lx106 libgcc.a
 * therefore lacks, resolve to their ROM addresses. Objects are compiled with dynruntime.mk's flags; there is no
 * emulator, so {@link XtensaLinkChecks} verifies after a simulated load that every literal which referred to a
 * ROM routine holds exactly that routine's address and is left alone by the loader.
 */
class Esp8266RomTest {
  /** Integer division and float/double arithmetic that the ROM provides. */
  private static final String ROM_ONLY = """
      int idiv(int a, int b) { return a / b; }
      unsigned udiv(unsigned a, unsigned b) { return a / b; }
      unsigned umod(unsigned a, unsigned b) { return a % b; }
      long long lmul(long long a, long long b) { return a * b; }
      long long ldiv(long long a, long long b) { return a / b; }
      unsigned long long uldiv(unsigned long long a, unsigned long long b) { return a / b; }
      unsigned long long ulmod(unsigned long long a, unsigned long long b) { return a % b; }
      double dadd(double a, double b) { return a + b; }
      double dsub(double a, double b) { return a - b; }
      double dmul(double a, double b) { return a * b; }
      double ddiv(double a, double b) { return a / b; }
      float fadd(float a, float b) { return a + b; }
      float fsub(float a, float b) { return a - b; }
      float fmul(float a, float b) { return a * b; }
      double i2d(int a) { return a; }
      double u2d(unsigned a) { return a; }
      int d2i(double a) { return a; }
      unsigned d2u(double a) { return a; }
      float i2f(int a) { return a; }
      float u2f(unsigned a) { return a; }
      unsigned f2u(float a) { return a; }
      double f2d(float a) { return a; }
      float d2f(double a) { return a; }
      int mpy_init(int n) { return idiv(n, 3) + (int)udiv(n, 5) + d2i(dadd(i2d(n), 0.5)); }
      """;

  private static final Set<String> ROM_ROUTINES = Set.of("__divsi3", "__udivsi3", "__umodsi3", "__muldi3", "__divdi3",
      "__udivdi3", "__umoddi3", "__adddf3", "__subdf3", "__muldf3", "__divdf3", "__addsf3", "__subsf3", "__mulsf3",
      "__floatsidf", "__floatunsidf", "__fixdfsi", "__fixunsdfsi", "__floatsisf", "__floatunsisf", "__fixunssfsi",
      "__extendsfdf2", "__truncdfsf2");

  /** Routines libgcc has and the ROM does not: signed modulo, float division, comparisons, float to int. */
  private static final String NOT_IN_ROM = """
      int imod(int a, int b) { return a % b; }
      float fdiv(float a, float b) { return a / b; }
      int dlt(double a, double b) { return a < b; }
      int feq(float a, float b) { return a == b; }
      int f2i(float a) { return a; }
      """;

  @Test
  void romRoutinesResolveToTheirRomAddresses(@TempDir Path dir) throws Exception {
    byte[] o = Compilers.compile("xtensa", ROM_ONLY, dir);
    LinkResult result = MpyLinker.builder().arch(Arch.XTENSA).addObject("arith.o", o).link();
    XtensaLinkChecks checks = new XtensaLinkChecks(List.of(ElfFile.read("arith.o", o)), result);
    assertThat(checks.run()).isGreaterThan(ROM_ROUTINES.size());
    assertThat(checks.romLiteralsChecked.keySet()).containsExactlyInAnyOrderElementsOf(ROM_ROUTINES);
    assertThat(checks.romLiteralsChecked).containsEntry("__divsi3", 0x4000dc88L).containsEntry("__udivsi3", 0x4000e21cL)
        .containsEntry("__adddf3", 0x4000c538L).containsEntry("__mulsf3", 0x4000c3dcL);
    // ROM addresses are literal-table constants: no GOT slot, no loader relocation for them.
    assertThat(result.report().got()).noneMatch(g -> ROM_ROUTINES.contains(g.name()));
    assertThat(result.report().literalEntries()).isGreaterThanOrEqualTo(ROM_ROUTINES.size());
  }

  @Test
  void libgccSuppliesWhatTheRomLacks(@TempDir Path dir) throws Exception {
    byte[] o = Compilers.compile("xtensa", ROM_ONLY + NOT_IN_ROM, dir);
    Path libgcc = libgcc();
    LinkResult result = MpyLinker.builder().arch(Arch.XTENSA).addObject("arith.o", o).addLibrary(libgcc).link();
    List<ElfFile> inputs = new ArrayList<>(List.of(ElfFile.read("arith.o", o)));
    inputs.addAll(pulledMembers(libgcc, result));
    assertThat(inputs).hasSizeGreaterThan(1);
    XtensaLinkChecks checks = new XtensaLinkChecks(inputs, result);
    checks.run();
    assertThat(checks.romLiteralsChecked.keySet()).containsAll(ROM_ROUTINES);
    assertThat(result.report().symbols()).extracting(LinkReport.SymbolEntry::name)
        .contains("__modsi3", "__divsf3", "__ltdf2", "__fixsfsi")
        .doesNotContainAnyElementsOf(ROM_ROUTINES);
  }

  @Test
  void routinesNotInTheRomStayUndefined(@TempDir Path dir) throws Exception {
    byte[] o = Compilers.compile("xtensa", ROM_ONLY + NOT_IN_ROM, dir);
    assertThatThrownBy(() -> MpyLinker.builder().arch(Arch.XTENSA).addObject("arith.o", o).link())
        .isInstanceOf(LinkException.class)
        .hasMessageContaining("arith.o: undefined symbol: __modsi3")
        .hasMessageContaining("undefined symbol: __divsf3")
        .hasMessageContaining("undefined symbol: __ltdf2")
        .hasMessageNotContaining("__divsi3")
        .hasMessageNotContaining("__adddf3");
  }

  @Test
  void xtensawinHasNoEsp8266Rom(@TempDir Path dir) throws Exception {
    byte[] o = Compilers.compile("xtensa", ROM_ONLY, dir);
    assertThatThrownBy(() -> MpyLinker.builder().arch(Arch.XTENSAWIN).addObject("arith.o", o).link())
        .isInstanceOf(LinkException.class)
        .hasMessageContaining("arith.o: undefined symbol: __divsi3");
  }

  @Test
  void aDefinitionInTheLinkWinsOverTheRom(@TempDir Path dir) throws Exception {
    byte[] o = Compilers.compile("xtensa", "int idiv(int a, int b) { return a / b; }\nint mpy_init(int n) { return idiv(n, 7); }\n", dir);
    byte[] own = Compilers.compile("xtensa", "int __divsi3(int a, int b) { return a - b; }\n", dir);
    LinkResult result = MpyLinker.builder().arch(Arch.XTENSA).addObject("m.o", o).addObject("div.o", own).link();
    assertThat(result.report().got()).anyMatch(g -> g.name().equals("__divsi3"));
    XtensaLinkChecks checks = new XtensaLinkChecks(List.of(ElfFile.read("m.o", o), ElfFile.read("div.o", own)), result);
    checks.run();
    assertThat(checks.romLiteralsChecked).isEmpty();
  }

  @Test
  void aDirectCallToTheRomGoesThroughAVeneer(@TempDir Path dir) throws Exception {
    // Without -fpic (and without -mlongcalls) gcc calls __divsi3 with call0, which cannot reach a fixed address.
    byte[] o = Compilers.compile("xtensa", "int idiv(int a, int b) { return a / b; }\nint mpy_init(int n) { return idiv(n, 7); }\n",
        dir, "-fno-pic");
    LinkResult result = MpyLinker.builder().arch(Arch.XTENSA).addObject("direct.o", o).link();
    XtensaLinkChecks checks = new XtensaLinkChecks(List.of(ElfFile.read("direct.o", o)), result);
    checks.run();
    assertThat(checks.romVeneersChecked).containsExactly("__divsi3");
  }

  static Path libgcc() throws Exception {
    Process p = new ProcessBuilder("xtensa-lx106-elf-gcc", "-print-libgcc-file-name").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return Path.of(out);
  }

  /** The archive members a link pulled in, read under the names the linker gives them. */
  static List<ElfFile> pulledMembers(Path archive, LinkResult result) {
    Set<String> inputs = Set.copyOf(result.report().inputs());
    List<ElfFile> members = new ArrayList<>();
    for (ArMember m : ArArchive.read(archive).members()) {
      String name = archive + "(" + m.name() + ")";
      if (inputs.contains(name)) {
        members.add(ElfFile.read(name, m.data()));
      }
    }
    return members;
  }

}
