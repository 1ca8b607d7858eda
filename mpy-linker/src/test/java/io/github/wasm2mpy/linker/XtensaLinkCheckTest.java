package io.github.wasm2mpy.linker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.linker.elf.ElfFile;
import io.github.wasm2mpy.testbed.TestbedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * ESP8266 (xtensa) objects from Debian's gcc 12, where {@code mpy_ld.py} fails on literal pools holding
 * {@code mp_native_qstr_table + offset}. There is no emulator, so the output is checked at link level by
 * {@link XtensaLinkChecks}. Built with {@code LINK_RUNTIME=1}: the lx106 code calls libgcc's {@code __divsi3} and
 * friends, pulled from the toolchain's libgcc.a. {@code random} and {@code framebuf} are left out: they need
 * {@code __divsi3}/{@code __udivsi3}, which no library of Debian's lx106 toolchain defines (only references).
 */
class XtensaLinkCheckTest {
  private static final List<String> EXAMPLES = List.of("features0", "features1", "features3", "features4", "heapq", "re");

  @TestFactory
  List<DynamicTest> gcc12ObjectsLinkAndCheck() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String example : EXAMPLES) {
      Future<Natmods.Build> build = Natmods.submit(Natmods.example(example), "xtensa", Natmods.Linker.OURS, true);
      tests.add(DynamicTest.dynamicTest(example + " --arch xtensa", () -> {
        Natmods.Build b = Natmods.get(build);
        List<ElfFile> objects = b.objects().stream().map(ElfFile::read).toList();
        MpyLinker.Builder linker = MpyLinker.builder().arch(Arch.XTENSA).qstrHeader(b.configHeader());
        b.objects().forEach(linker::addObject);
        LinkResult result = linker.link();
        assertThat(result.report().gotEntries()).isPositive();
        assertThat(new XtensaLinkChecks(objects, result).run()).isGreaterThan(5);
      }));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> referenceLinkerFailsOnTheseObjects() {
    return List.of(DynamicTest.dynamicTest("features0 --arch xtensa with mpy_ld.py", () ->
        assertThatThrownBy(() -> Natmods.build(Natmods.example("features0"), "xtensa", Natmods.Linker.REFERENCE, false))
            .isInstanceOf(TestbedException.class)
            .hasMessageContaining("mp_native_qstr_table+0x")));
  }
}
