package io.github.wasm2mpy.linker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerStateTest {
  @Test
  void writtenForTheOwnerOnlyAndReadBack(@TempDir Path dir) throws Exception {
    ServerState s = new ServerState(40123, "0123456789abcdef0123456789abcdef", 4242);
    Path file = dir.resolve("server-k.state");
    s.writeTo(file);
    assertThat(Files.readString(file)).isEqualTo("mpy-link/1 40123 0123456789abcdef0123456789abcdef 4242\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(ServerState.read(file)).contains(s);
    try (var listing = Files.list(dir)) {
      assertThat(listing.toList()).containsExactly(file); // no temporary left behind
    }
  }

  @Test
  void missingOrForeignFilesReadAsNoServer(@TempDir Path dir) throws Exception {
    assertThat(ServerState.read(dir.resolve("none"))).isEmpty();
    assertThat(ServerState.read(Files.writeString(dir.resolve("a"), "mpy-link/2 1 00112233445566778899 1\n"))).isEmpty();
    assertThat(ServerState.read(Files.writeString(dir.resolve("b"), "mpy-link/1 99999 0011223344556677 1\n"))).isEmpty();
  }

  @Test
  void rejectsImpossibleValues() {
    assertThatThrownBy(() -> new ServerState(0, "0123456789abcdef", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ServerState(1, "short", 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
