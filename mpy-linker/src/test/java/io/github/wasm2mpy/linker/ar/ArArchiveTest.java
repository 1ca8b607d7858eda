package io.github.wasm2mpy.linker.ar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArArchiveTest {
  @Test
  void readsArchiveWrittenByGnuAr(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("short.o"), "odd");
    Files.writeString(dir.resolve("a_really_long_member_name.o"), "even!!");
    Process p = new ProcessBuilder("ar", "rc", "lib.a", "short.o", "a_really_long_member_name.o").directory(dir.toFile())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    ArArchive a = ArArchive.read(dir.resolve("lib.a"));
    assertThat(a.members()).extracting(ArMember::name).containsExactly("short.o", "a_really_long_member_name.o");
    assertThat(new String(a.members().get(0).data(), StandardCharsets.US_ASCII)).isEqualTo("odd");
    assertThat(new String(a.members().get(1).data(), StandardCharsets.US_ASCII)).isEqualTo("even!!");
  }

  @Test
  void readsToolchainLibgcc() throws Exception {
    Process p = new ProcessBuilder("arm-none-eabi-gcc", "-mthumb", "-mcpu=cortex-m0", "--print-libgcc-file-name").start();
    String path = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    ArArchive a = ArArchive.read(Path.of(path));
    assertThat(a.members()).extracting(ArMember::name).contains("_udivsi3.o", "_arm_addsubdf3.o");
    assertThat(a.members()).allMatch(m -> m.data().length > 4 && m.data()[0] == 0x7f && m.data()[1] == 'E');
  }

  @Test
  void readsBsdNames() {
    byte[] bytes = io.github.wasm2mpy.linker.TestArchives.bsd(new String[] {"x.o", "with spaces and long.o"}, "12345".getBytes(), "ab".getBytes());
    ArArchive a = ArArchive.read("bsd.a", bytes);
    assertThat(a.members()).extracting(ArMember::name).containsExactly("x.o", "with spaces and long.o");
    assertThat(a.members().get(1).data()).isEqualTo("ab".getBytes());
  }

  @Test
  void rejectsBadMagic() {
    assertThatThrownBy(() -> ArArchive.read("x.a", "!<arch\n....".getBytes()))
        .isInstanceOf(MalformedArchiveException.class)
        .hasMessage("x.a: archive header at offset 0x0: not an ar archive (bad magic, expected \"!<arch>\")");
  }

  @Test
  void rejectsThinArchive() {
    assertThatThrownBy(() -> ArArchive.read("thin.a", "!<thin>\n".getBytes()))
        .hasMessageContaining("thin archives");
  }

  @Test
  void rejectsMemberPastEnd() {
    byte[] ok = io.github.wasm2mpy.linker.TestArchives.gnu(new String[] {"m.o"}, "abcdef".getBytes());
    byte[] cut = Arrays.copyOf(ok, ok.length - 3);
    assertThatThrownBy(() -> ArArchive.read("cut.a", cut))
        .isInstanceOf(MalformedArchiveException.class)
        .hasMessage("cut.a: member m.o/ at offset 0x8: size 6 extends past end of archive (71 bytes)");
  }

  @Test
  void rejectsBadHeaderFields() {
    byte[] ok = io.github.wasm2mpy.linker.TestArchives.gnu(new String[] {"m.o"}, "abcdef".getBytes());
    byte[] badSize = ok.clone();
    badSize[8 + 48] = 'x';
    assertThatThrownBy(() -> ArArchive.read("size.a", badSize)).hasMessageContaining("size.a: member header at offset 0x8: bad decimal field");
    byte[] badEnd = ok.clone();
    badEnd[8 + 58] = '!';
    assertThatThrownBy(() -> ArArchive.read("end.a", badEnd)).hasMessageContaining("end.a: member header at offset 0x8: bad header terminator");
  }

  @Test
  void rejectsLongNameWithoutTable() {
    byte[] bytes = io.github.wasm2mpy.linker.TestArchives.raw("/0", "abc".getBytes());
    assertThatThrownBy(() -> ArArchive.read("n.a", bytes)).hasMessageContaining("long name reference /0 before the \"//\" name table");
  }
}
