package io.github.wasm2mpy.linker.cli;

import io.github.wasm2mpy.linker.cli.LinkProtocol.Reply;
import io.github.wasm2mpy.linker.cli.LinkProtocol.Request;
import io.github.wasm2mpy.linker.cli.LinkProtocol.Verb;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The tests' side of the link server: a Java client of {@link LinkProtocol}, and a session listener (registered
 * in {@code META-INF/services}) that stops every server left in {@code $MPY_LINK_SERVER_DIR} when the tests end,
 * since the natmod builds link through {@code bin/mpy-link} and so start one.
 */
public final class MpyLinkServers implements LauncherSessionListener {
  /** Sends one request to the server whose state file is {@code stateFile}. */
  static Reply send(Path stateFile, Verb verb, Path cwd, int umask, List<String> args) throws IOException {
    ServerState s = ServerState.read(stateFile).orElseThrow(() -> new IOException("no server state in " + stateFile));
    return send(s, keyOf(stateFile), new Request(s.secret(), keyOf(stateFile), verb, cwd.toString(), umask, args));
  }

  static Reply send(ServerState s, String key, Request request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
      socket.setSoTimeout(120_000);
      LinkProtocol.writeRequest(request, socket.getOutputStream());
      return LinkProtocol.readReply(socket.getInputStream());
    }
  }

  /** {@code KEY} of {@code server-KEY.state}. */
  static String keyOf(Path stateFile) {
    String name = stateFile.getFileName().toString();
    return name.substring("server-".length(), name.length() - ".state".length());
  }

  /**
   * Stops the servers whose state files are in {@code dir}; returns how many answered. A server a client has
   * just spawned (its {@code .spawn} marker still there) is waited for, so that it too is stopped.
   */
  static int stopAll(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && hasFreshSpawnMarker(dir)) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<Path> states;
    try (Stream<Path> s = Files.list(dir)) {
      states = s.filter(p -> p.getFileName().toString().matches("server-[0-9a-f]+\\.state")).toList();
    } catch (IOException e) {
      return 0;
    }
    int stopped = 0;
    for (Path state : states) {
      try {
        if (send(state, Verb.STOP, Path.of("/"), 022, List.of()).refusal() == null) {
          stopped++;
        }
      } catch (IOException e) {
        // gone already
      }
    }
    // A stopped server finishes its links, then removes its state file: wait for that.
    while (System.nanoTime() < deadline + java.util.concurrent.TimeUnit.SECONDS.toNanos(30) && states.stream().anyMatch(Files::exists)) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return stopped;
  }

  private static boolean hasFreshSpawnMarker(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> {
        try {
          return p.getFileName().toString().endsWith(".spawn")
              && System.currentTimeMillis() - Files.getLastModifiedTime(p).toMillis() < 30_000;
        } catch (IOException e) {
          return false;
        }
      });
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    Optional.ofNullable(System.getenv("MPY_LINK_SERVER_DIR")).map(Path::of).ifPresent(MpyLinkServers::stopAll);
  }
}
