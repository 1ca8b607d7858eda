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
 * {@link XtensaLinkChecks}. Built with {@code LINK_RUNTIME=1}. {@code random} and {@code framebuf} divide: they
 * need {@code __divsi3}/{@code __udivsi3}, which Debian's lx106 libgcc.a lacks because the ESP8266 has them in
 * mask ROM; the linker resolves them to their ROM addresses ({@link Esp8266Rom}), and the checks insist that
 * their literals hold exactly those addresses.
 */
class XtensaLinkCheckTest {
  private static final List<String> EXAMPLES = List.of("features0", "features1", "features3", "features4", "heapq", "re");
  /** Examples that call ESP8266 ROM routines, with the routines each must reach. */
  private static final java.util.Map<String, java.util.Set<String>> ROM_USERS = java.util.Map.of(
      "random", java.util.Set.of("__divsi3"), "framebuf", java.util.Set.of("__divsi3", "__udivsi3"));

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
    for (var example : new java.util.TreeMap<>(ROM_USERS).entrySet()) {
      Future<Natmods.Build> build = Natmods.submit(Natmods.example(example.getKey()), "xtensa", Natmods.Linker.OURS, true);
      tests.add(DynamicTest.dynamicTest(example.getKey() + " --arch xtensa (ESP8266 ROM routines)", () -> {
        Natmods.Build b = Natmods.get(build);
        assertThat(b.mpy()).isRegularFile();
        List<ElfFile> objects = b.objects().stream().map(ElfFile::read).toList();
        MpyLinker.Builder linker = MpyLinker.builder().arch(Arch.XTENSA).qstrHeader(b.configHeader());
        b.objects().forEach(linker::addObject);
        LinkResult result = linker.link();
        XtensaLinkChecks checks = new XtensaLinkChecks(objects, result);
        assertThat(checks.run()).isGreaterThan(5);
        assertThat(checks.romLiteralsChecked.keySet()).containsAll(example.getValue());
        checks.romLiteralsChecked.forEach((name, address) ->
            assertThat(address).as(name).isEqualTo(XtensaLinkChecks.ESP8266_ROM.get(name)));
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
