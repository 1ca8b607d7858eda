package io.github.wasm2mpy.linker.cli;

import io.github.wasm2mpy.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * What a client needs to reach a running link server, kept in a file only its user can read (0600): the
 * loopback port, the secret every request must carry, and the server's pid (for humans and tests). One line,
 * {@code "mpy-link/1 PORT SECRET PID"}, which the C client reads with one {@code sscanf}.
 */
public record ServerState(int port, String secret, long pid) {
  public ServerState {
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port);
    }
    if (!secret.matches("[0-9a-f]{16,128}")) {
      throw new IllegalArgumentException("secret must be 16 to 128 lower-case hex digits");
    }
  }

  String line() {
    return LinkProtocol.MAGIC + " " + port + " " + secret + " " + pid + "\n";
  }

  /** Publishes the state atomically (a 0600 temporary, renamed), so a client never reads half a line. */
  void writeTo(Path file) throws IOException {
    AtomicFiles.write(file, line().getBytes(StandardCharsets.US_ASCII),
        Optional.of(PosixFilePermissions.fromString("rw-------")));
  }

  /** The state in {@code file}, or empty when there is none or it is not in this format. */
  public static Optional<ServerState> read(Path file) {
    try {
      String[] words = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
      if (words.length != 4 || !words[0].equals(LinkProtocol.MAGIC)) {
        return Optional.empty();
      }
      return Optional.of(new ServerState(Integer.parseInt(words[1]), words[2], Long.parseLong(words[3])));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
