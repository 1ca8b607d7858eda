package io.github.wasm2mpy.linker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.linker.Arch;
import io.github.wasm2mpy.linker.MpyLinker;
import io.github.wasm2mpy.linker.Qstrs;
import io.github.wasm2mpy.linker.TestArchives;
import io.github.wasm2mpy.linker.TestElfs;
import io.github.wasm2mpy.testbed.Testbed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MpyLinkCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final MpyLinkCommand command = new MpyLinkCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void preprocessWritesHeader(@TempDir Path dir) throws Exception {
    Path source = Testbed.get().micropythonSource().resolve("examples/natmod/features1/features1.c");
    Path header = dir.resolve("f.config.h");
    assertThat(command.run("--arch", "armv7m", "--preprocess", "-o", header.toString(), source.toString())).isZero();
    assertThat(Files.readString(header)).isEqualTo(Qstrs.preprocess(List.of(source)));
    assertThat(Files.readString(header)).contains("#define MP_QSTR_fibonacci (mp_native_qstr_table[");
  }

  @Test
  void linkModeMatchesBuilderAndPrintsSummary(@TempDir Path dir) throws Exception {
    Path obj = dir.resolve("m.o");
    Files.write(obj, TestElfs.minimalXtensa());
    Path lib = dir.resolve("empty.a");
    Files.write(lib, TestArchives.gnu(new String[0]));
    Path mpy = dir.resolve("m.mpy");
    Path report = dir.resolve("m.json");
    Path map = dir.resolve("m.map");
    int status = command.run("--arch=xtensawin", "-l" + lib, "-o", mpy.toString(), "--report", report.toString(),
        "--map", map.toString(), obj.toString());
    assertThat(status).as(out.toString() + err).isZero();
    byte[] expected = MpyLinker.builder().arch(Arch.XTENSAWIN).addObject(obj).sourceName(mpy.toString()).link().mpy();
    assertThat(Files.readAllBytes(mpy)).isEqualTo(expected);
    assertThat(out.toString()).contains("arch:         EM_XTENSA").contains("text size:").contains("GOT entries:");
    assertThat(Files.readString(report)).contains("\"arch\" : \"xtensawin\"");
    assertThat(Files.readString(map)).contains("mpy_init");
  }

  @Test
  void defaultOutputReplacesDotO(@TempDir Path dir) throws Exception {
    Path obj = dir.resolve("mod.o");
    Files.write(obj, TestElfs.minimalXtensa());
    assertThat(command.run("-q", "--arch", "xtensa", obj.toString())).isZero();
    assertThat(dir.resolve("mod.mpy")).isRegularFile();
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void linkErrorExitsOneWithoutOutput(@TempDir Path dir) throws Exception {
    Path obj = dir.resolve("m.o");
    Files.write(obj, TestElfs.minimalXtensa());
    Path mpy = dir.resolve("m.mpy");
    assertThat(command.run("--arch", "armv7m", "-o", mpy.toString(), obj.toString())).isEqualTo(1);
    assertThat(out.toString()).startsWith("LinkError: " + obj + ": arch mismatch");
    assertThat(mpy).doesNotExist();
  }

  @Test
  void malformedInputExitsOne(@TempDir Path dir) throws Exception {
    Path obj = dir.resolve("bad.o");
    Files.writeString(obj, "not an object");
    assertThat(command.run("--arch", "x64", "-o", dir.resolve("x.mpy").toString(), obj.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("LinkError: " + obj + ": ELF header at offset 0x0: not an ELF file");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(command.run("--arch", "x64")).isEqualTo(2);
    assertThat(err.toString()).contains("the following arguments are required: files").contains("usage: mpy-link");
    assertThat(command.run("--bogus", "a.o")).isEqualTo(2);
    assertThat(command.run("--arch", "x64", "-o")).isEqualTo(2);
  }

  @Test
  void unknownArchIsALinkError(@TempDir Path dir) throws Exception {
    Path obj = dir.resolve("m.o");
    Files.write(obj, TestElfs.minimalXtensa());
    assertThat(command.run("--arch", "pdp11", obj.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("unknown arch pdp11");
  }

  /** Names resolve against the workspace, never the JVM's directory, and messages keep them as given. */
  @Test
  void workspaceResolvesNamesAndMessagesKeepThemAsGiven(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("build"));
    Files.write(dir.resolve("build/m.o"), TestElfs.minimalXtensa());
    MpyLinkCommand inDir = new MpyLinkCommand(Workspace.ofClient(dir, 077), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(inDir.run("-q", "--arch", "xtensawin", "-o", "build/m.mpy", "--map", "m.map", "build/m.o")).as(out.toString()).isZero();
    assertThat(dir.resolve("build/m.mpy")).isRegularFile();
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("build/m.mpy"))))
        .isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("m.map"))).contains("build/m.o").doesNotContain(dir.toString());
    assertThat(Path.of("build/m.mpy")).doesNotExist();
    assertThat(inDir.run("--arch", "xtensawin", "-o", "x.mpy", "missing.o")).isEqualTo(1);
    assertThat(out.toString()).contains("LinkError: missing.o: cannot read: No such file or directory");
    assertThat(inDir.run("--arch", "xtensawin", "--qstrs", "none.h", "build/m.o")).isEqualTo(1);
    assertThat(out.toString()).contains("LinkError: none.h: cannot read: No such file or directory");
    Path source = Testbed.get().micropythonSource().resolve("examples/natmod/features1/features1.c");
    assertThat(inDir.run("--arch", "armv7m", "--preprocess", "-o", "build/f.config.h", source.toString())).isZero();
    assertThat(Files.readString(dir.resolve("build/f.config.h"))).isEqualTo(Qstrs.preprocess(List.of(source)));
  }

  /** The launcher script runs the built classes: what dynruntime.mk's MPY_LD calls. */
  @Test
  void launcherScriptRuns(@TempDir Path dir) throws Exception {
    Path obj = dir.resolve("m.o");
    Files.write(obj, TestElfs.minimalXtensa());
    Path script = Testbed.get().repoRoot().resolve("mpy-linker/bin/mpy-link");
    Process p = new ProcessBuilder(script.toString(), "--arch", "xtensa", "-o", dir.resolve("m.mpy").toString(), obj.toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(log).contains("arch:         EM_XTENSA");
    assertThat(dir.resolve("m.mpy")).isRegularFile();
  }
}
