package io.github.wasm2mpy.linker.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfFileTest {
  private static final String SOURCE = """
      extern int callee(int);
      static int counter;
      int table[2] = {1, 2};
      int caller(int x) { counter += x; return callee(x) + table[1] + counter; }
      """;

  static byte[] compile(Path dir, String source, String... compiler) throws IOException, InterruptedException {
    Path c = dir.resolve("t.c");
    Path o = dir.resolve("t.o");
    Files.writeString(c, source);
    List<String> cmd = new java.util.ArrayList<>(List.of(compiler));
    cmd.addAll(List.of("-Os", "-fpic", "-c", c.toString(), "-o", o.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    return Files.readAllBytes(o);
  }

  @Test
  void readsElf64RelaObject(@TempDir Path dir) throws Exception {
    ElfFile elf = ElfFile.read("t.o", compile(dir, SOURCE, "gcc"));
    assertThat(elf.is64()).isTrue();
    assertThat(elf.machine()).isEqualTo(ElfFile.EM_X86_64);
    assertThat(elf.fileType()).isEqualTo(ElfFile.ET_REL);
    ElfSection text = elf.section(".text").orElseThrow();
    assertThat(text.flags() & ElfSection.SHF_EXECINSTR).isNotZero();
    ElfSymbol caller = elf.symbols().stream().filter(s -> s.name().equals("caller")).findFirst().orElseThrow();
    assertThat(caller.type()).isEqualTo(ElfSymbol.STT_FUNC);
    assertThat(caller.bind()).isEqualTo(ElfSymbol.STB_GLOBAL);
    assertThat(elf.sections().get(caller.sectionIndex()).name()).isEqualTo(".text");
    assertThat(text.relocations()).isNotEmpty().allMatch(ElfRelocation::explicitAddend);
    assertThat(text.relocations()).anySatisfy(r -> {
      assertThat(elf.symbols().get(r.symbolIndex()).name()).isEqualTo("callee");
      assertThat(r.type()).isEqualTo(4); // R_X86_64_PLT32
      assertThat(r.addend()).isEqualTo(-4);
    });
    ElfSection bss = elf.section(".bss").orElseThrow();
    assertThat(bss.type()).isEqualTo(ElfSection.SHT_NOBITS);
    assertThat(bss.data()).hasSize(4).containsOnly(0);
  }

  @Test
  void readsElf32RelObjectWithComdatGroup(@TempDir Path dir) throws Exception {
    ElfFile elf = ElfFile.read("t.o", compile(dir, SOURCE, "gcc", "-m32"));
    assertThat(elf.is64()).isFalse();
    assertThat(elf.machine()).isEqualTo(ElfFile.EM_386);
    assertThat(elf.section(".text").orElseThrow().relocations()).isNotEmpty().noneMatch(ElfRelocation::explicitAddend);
    assertThat(elf.groups()).anySatisfy(g -> {
      assertThat(g.signature()).startsWith("__x86.get_pc_thunk.");
      assertThat(g.isComdat()).isTrue();
      assertThat(elf.sections().get(g.sectionIndices().get(0)).name()).startsWith(".text.__x86.get_pc_thunk.");
    });
  }

  @Test
  void readsArmAndRiscvObjects(@TempDir Path dir) throws Exception {
    ElfFile arm = ElfFile.read("arm.o", compile(dir, SOURCE, "arm-none-eabi-gcc", "-mthumb", "-mcpu=cortex-m0"));
    assertThat(arm.machine()).isEqualTo(ElfFile.EM_ARM);
    ElfFile rv = ElfFile.read("rv.o", compile(dir, SOURCE, "riscv64-unknown-elf-gcc", "-march=rv32imac", "-mabi=ilp32"));
    assertThat(rv.machine()).isEqualTo(ElfFile.EM_RISCV);
    assertThat(rv.section(".text").orElseThrow().relocations()).extracting(ElfRelocation::type).contains(51); // R_RISCV_RELAX
  }

  @Test
  void rejectsNonElfWithOffset() {
    assertThatThrownBy(() -> ElfFile.read("notes.txt", "hello, world, not ELF".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(MalformedElfException.class)
        .hasMessage("notes.txt: ELF header at offset 0x0: not an ELF file (bad magic number)");
  }

  @Test
  void rejectsExtendedSectionIndexOutOfRange() throws Exception {
    // Found by ReadersFuzzTest: an SHT_SYMTAB_SHNDX entry of 0xfffffffc became section -4 and failed the linker
    // with an ArrayIndexOutOfBoundsException.
    byte[] elf;
    try (var in = ElfFileTest.class.getResourceAsStream(
        "/io/github/wasm2mpy/linker/fuzz/ReadersFuzzTestInputs/linker/extended-section-index-out-of-range")) {
      elf = in.readAllBytes();
    }
    assertThatThrownBy(() -> ElfFile.read("x.o", elf))
        .isInstanceOf(MalformedElfException.class)
        .hasMessage("x.o: section 11 (.symtab) symbol 4 at offset 0x2e0: extended section index 4294967292 out of range "
            + "(14 sections)");
  }

  @Test
  void rejectsBigEndian(@TempDir Path dir) throws Exception {
    byte[] elf = compile(dir, SOURCE, "gcc");
    elf[5] = 2;
    assertThatThrownBy(() -> ElfFile.read("be.o", elf)).hasMessageContaining("be.o: ELF header at offset 0x5: only little-endian");
  }

  @Test
  void rejectsTruncatedSectionHeaders(@TempDir Path dir) throws Exception {
    byte[] elf = compile(dir, SOURCE, "gcc");
    byte[] cut = Arrays.copyOf(elf, elf.length - 10);
    assertThatThrownBy(() -> ElfFile.read("cut.o", cut))
        .isInstanceOf(MalformedElfException.class)
        .hasMessageContaining("cut.o: section header table at offset 0x");
  }

  @Test
  void rejectsSectionDataPastEndOfFile() {
    byte[] elf = minimal();
    // first user section header (index 1) sh_size: make it huge
    int shoff = (int) le32(elf, 32);
    putLe32(elf, shoff + 40 + 20, 0x7fff0000);
    assertThatThrownBy(() -> ElfFile.read("big.o", elf))
        .isInstanceOf(MalformedElfException.class)
        .hasMessageMatching("big\\.o: section 1 \\(\\.text\\) at offset 0x[0-9a-f]+: data extends past end of file.*");
  }

  @Test
  void rejectsRelocationSymbolOutOfRange() {
    byte[] elf = minimal();
    int shoff = (int) le32(elf, 32);
    int relaOffset = (int) le32(elf, shoff + 2 * 40 + 16); // section 2 is .rela.text
    putLe32(elf, relaOffset + 4, 99 << 8 | 1);
    assertThatThrownBy(() -> ElfFile.read("rel.o", elf))
        .isInstanceOf(MalformedElfException.class)
        .hasMessageContaining("rel.o: section 2 (.rela.text) entry 0 at offset 0x")
        .hasMessageContaining("symbol index 99 out of range");
  }

  @Test
  void rejectsSymbolNameOutsideStringTable() {
    byte[] elf = minimal();
    int shoff = (int) le32(elf, 32);
    int symtabOffset = (int) le32(elf, shoff + 3 * 40 + 16); // section 3 is .symtab
    putLe32(elf, symtabOffset + 16, 5000); // symbol 1's st_name
    assertThatThrownBy(() -> ElfFile.read("sym.o", elf))
        .isInstanceOf(MalformedElfException.class)
        .hasMessageContaining("sym.o: section 3 (.symtab) symbol 1 name at offset 0x")
        .hasMessageContaining("string offset 0x1388 outside string table");
  }

  /** .text with one relocation, .rela.text, .symtab, .strtab, .shstrtab. */
  static byte[] minimal() {
    return io.github.wasm2mpy.linker.TestElfs.minimalXtensa();
  }

  static long le32(byte[] b, int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
  }

  static void putLe32(byte[] b, int at, int v) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (v >> (8 * i));
    }
  }
}
