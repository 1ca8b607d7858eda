package io.github.wasm2mpy.linker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.linker.elf.ElfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ESP32 (xtensawin) has no compiler here: the objects are written by {@link TestElfWriter}. The module keeps
 * rodata apart from text (IRAM), so its pointers are patched in the rodata block.
 */
class XtensawinFixtureTest {
  private static final int R_XTENSA_32 = 1;
  private static final int R_XTENSA_SLOT0_OP = 20;

  /**
   * One function loading five literals: a rodata address, mp_fun_table, a constant, a global in text and one
   * either in bss or (gcc 12 style) {@code mp_native_qstr_table + 2} with the offset in the addend.
   */
  static byte[] fixture(boolean gcc12Style) {
    TestElfWriter w = new TestElfWriter(ElfFile.EM_XTENSA);
    byte[] text = {0x21, 0, 0, 0x21, 0, 0, 0x21, 0, 0, 0x21, 0, 0, 0x21, 0, 0, 0x0d, (byte) 0xf0, 0, 0, 0};
    int textSec = w.section(".text", 1, 6, 4, text);
    int literal = w.section(".literal", 1, 2, 4, words(4, 0, 0x12345678, 0, 0));
    int rodata = w.section(".rodata", 1, 2, 4, "abcdefgh".getBytes(StandardCharsets.US_ASCII));
    int relro = w.section(".data.rel.ro", 1, 3, 4, words(4, 0));
    int bss = w.section(".bss", 8, 3, 4, new byte[16]);
    w.sectionSymbol(textSec);
    int literalSym = w.sectionSymbol(literal);
    int rodataSym = w.sectionSymbol(rodata);
    w.sectionSymbol(relro);
    w.sectionSymbol(bss);
    int init = w.symbol("mpy_init", 0, 17, 1, 2, textSec);
    int counter = w.symbol("counter", 4, 4, 1, 1, bss);
    int funTable = w.symbol("mp_fun_table", 0, 0, 1, 0, 0);
    int qstrTable = gcc12Style ? w.symbol("mp_native_qstr_table", 0, 0, 1, 0, 0) : -1;
    for (int i = 0; i < 5; i++) {
      w.rela(textSec, 3 * i, R_XTENSA_SLOT0_OP, literalSym, 4 * i);
    }
    w.rela(literal, 0, R_XTENSA_32, rodataSym, 0);
    w.rela(literal, 4, R_XTENSA_32, funTable, 0);
    w.rela(literal, 12, R_XTENSA_32, init, 0);
    w.rela(literal, 16, R_XTENSA_32, gcc12Style ? qstrTable : counter, gcc12Style ? 2 : 0);
    w.rela(relro, 0, R_XTENSA_32, rodataSym, 0);
    w.rela(relro, 4, R_XTENSA_32, init, 0);
    return w.toBytes();
  }

  @Test
  void sameBytesAsMpyLdAndLoadsRight(@TempDir Path dir) throws Exception {
    byte[] object = fixture(false);
    Files.write(dir.resolve("fixture.o"), object);
    for (Arch arch : List.of(Arch.XTENSAWIN, Arch.XTENSA)) {
      LinkResult ours = MpyLinker.builder().arch(arch).addObject("fixture.o", object).sourceName("fixture.mpy").link();
      byte[] reference = referenceLink(dir, arch);
      assertThat(ours.mpy()).as(arch.id()).isEqualTo(reference);
      assertThat(new XtensaLinkChecks(List.of(ElfFile.read("fixture.o", object)), ours).run()).isEqualTo(8);
    }
    LinkResult win = MpyLinker.builder().arch(Arch.XTENSAWIN).addObject("fixture.o", object).link();
    assertThat(win.report().rodataSize()).isEqualTo(16);
    assertThat(win.report().bssSize()).isEqualTo(16);
    assertThat(win.mpy()[2] & 0xff).isEqualTo(10 << 2 | 3);
  }

  @Test
  void gcc12StyleAddendLinksWhereMpyLdFails(@TempDir Path dir) throws Exception {
    byte[] object = fixture(true);
    Files.write(dir.resolve("fixture.o"), object);
    Process p = new ProcessBuilder("/usr/bin/python3", Natmods.testbed().referenceLinker().toString(), "--arch", "xtensawin",
        "-o", "fixture.mpy", "fixture.o").directory(dir.toFile()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isNotZero();
    assertThat(log).contains("mp_native_qstr_table+0x2");

    LinkResult ours = MpyLinker.builder().arch(Arch.XTENSAWIN).addObject("fixture.o", object).link();
    assertThat(new XtensaLinkChecks(List.of(ElfFile.read("fixture.o", object)), ours).run()).isEqualTo(8);
    assertThat(ours.report().got()).anySatisfy(g -> {
      assertThat(g.name()).isEqualTo("mp_native_qstr_table+0x2");
      assertThat(g.destination()).isEqualTo(6);
      assertThat(g.word()).isEqualTo(2);
    });
  }

  private static byte[] referenceLink(Path dir, Arch arch) throws IOException, InterruptedException {
    Files.deleteIfExists(dir.resolve("fixture.mpy"));
    Process p = new ProcessBuilder("/usr/bin/python3", Natmods.testbed().referenceLinker().toString(), "--arch", arch.id(),
        "-o", "fixture.mpy", "fixture.o").directory(dir.toFile()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    return Files.readAllBytes(dir.resolve("fixture.mpy"));
  }

  private static byte[] words(int... values) {
    byte[] out = new byte[values.length * 4];
    for (int i = 0; i < values.length; i++) {
      for (int b = 0; b < 4; b++) {
        out[4 * i + b] = (byte) (values[i] >> (8 * b));
      }
    }
    return out;
  }
}
