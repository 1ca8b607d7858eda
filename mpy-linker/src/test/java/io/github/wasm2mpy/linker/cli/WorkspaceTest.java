package io.github.wasm2mpy.linker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class WorkspaceTest {
  @Test
  void clientWorkspaceResolvesRelativeNamesAndKeepsAbsoluteOnes() {
    Workspace w = Workspace.ofClient(Path.of("/home/u/mod"), 022);
    assertThat(w.resolve("build/m.o")).isEqualTo(Path.of("/home/u/mod/build/m.o"));
    assertThat(w.resolve("/usr/lib/libgcc.a")).isEqualTo(Path.of("/usr/lib/libgcc.a"));
    assertThatThrownBy(() -> Workspace.ofClient(Path.of("mod"), 022)).hasMessageContaining("not absolute");
  }

  @Test
  void thisProcessLeavesRelativeNamesToTheJvm() {
    assertThat(Workspace.ofThisProcess().resolve("m.o")).isEqualTo(Path.of("m.o"));
    assertThat(Workspace.ofThisProcess().newFilePermissions()).isEmpty();
  }

  @Test
  void umaskGivesTheModeOpenWouldGive() {
    assertThat(PosixFilePermissions.toString(Workspace.ofClient(Path.of("/"), 022).newFilePermissions().orElseThrow()))
        .isEqualTo("rw-r--r--");
    assertThat(PosixFilePermissions.toString(Workspace.ofClient(Path.of("/"), 077).newFilePermissions().orElseThrow()))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Workspace.permissions(0751))).isEqualTo("rwxr-x--x");
  }
}
