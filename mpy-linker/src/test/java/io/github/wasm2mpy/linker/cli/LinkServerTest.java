package io.github.wasm2mpy.linker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.linker.TestElfs;
import io.github.wasm2mpy.linker.cli.LinkProtocol.Reply;
import io.github.wasm2mpy.linker.cli.LinkProtocol.Request;
import io.github.wasm2mpy.linker.cli.LinkProtocol.Verb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server in this JVM, spoken to over loopback with {@link LinkProtocol}, as the C client does. */
class LinkServerTest {
  @TempDir
  Path dir;
  private Path work;
  private Path stateFile;
  private LinkServer server;
  private Thread serving;

  @BeforeEach
  void setUp() throws Exception {
    work = Files.createDirectories(dir.resolve("work"));
    Files.write(work.resolve("m.o"), TestElfs.minimalXtensa());
    stateFile = dir.resolve("servers/server-0123abcd.state");
  }

  @AfterEach
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
      serving.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(serving.isAlive()).isFalse();
    }
  }

  private void start(Duration idle, Optional<Path> stamp) throws Exception {
    server = LinkServer.start(new LinkServer.Config(stateFile, "0123abcd", stamp, idle, 4));
    serving = new Thread(server::serve, "test-server");
    serving.start();
  }

  private Reply link(int umask, String... args) throws Exception {
    return MpyLinkServers.send(stateFile, Verb.LINK, work, umask, List.of(args));
  }

  /** What the same command line prints and returns in this JVM: the reference for the server's answers. */
  private record Local(int status, String out, String err) {}

  private Local local(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = new MpyLinkCommand(Workspace.ofClient(work, 022), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    return new Local(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void publishesStateOnlyToItsUser() throws Exception {
    start(Duration.ofMinutes(1), Optional.empty());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateFile))).isEqualTo("rw-------");
    assertThat(ServerState.read(stateFile)).contains(server.state());
    assertThat(server.state().pid()).isEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void linksRelativeNamesInTheClientsDirectory() throws Exception {
    Local expected = local("--arch", "xtensawin", "-o", "out/m.mpy", "m.o");
    byte[] expectedMpy = Files.readAllBytes(work.resolve("out/m.mpy"));
    Files.delete(work.resolve("out/m.mpy"));
    start(Duration.ofMinutes(1), Optional.empty());

    Reply r = link(027, "--arch", "xtensawin", "-o", "out/m.mpy", "m.o");

    assertThat(r.refusal()).isNull();
    assertThat(r.status()).isZero();
    assertThat(text(r.stdout())).isEqualTo(expected.out()).contains("arch:         EM_XTENSA");
    assertThat(r.stderr()).isEmpty();
    assertThat(work.resolve("out/m.mpy")).hasBinaryContent(expectedMpy);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("out/m.mpy")))).isEqualTo("rw-r-----");
    assertThat(Path.of("m.o")).as("nothing resolved against the server's own directory").doesNotExist();
  }

  @Test
  void failingLinkReturnsItsMessageAndStatusOne() throws Exception {
    Local expected = local("--arch", "armv7m", "-o", "m.mpy", "m.o");
    start(Duration.ofMinutes(1), Optional.empty());

    Reply r = link(022, "--arch", "armv7m", "-o", "m.mpy", "m.o");

    assertThat(r.status()).isEqualTo(1).isEqualTo(expected.status());
    assertThat(text(r.stdout())).isEqualTo(expected.out()).startsWith("LinkError: m.o: arch mismatch");
    assertThat(work.resolve("m.mpy")).doesNotExist();
    Reply missing = link(022, "--arch", "xtensawin", "gone.o");
    assertThat(missing.status()).isEqualTo(1);
    assertThat(text(missing.stdout())).isEqualTo("LinkError: gone.o: cannot read: No such file or directory\n");
  }

  @Test
  void usageErrorGoesToStderrWithStatusTwo() throws Exception {
    start(Duration.ofMinutes(1), Optional.empty());
    Reply r = link(022, "--arch", "x64");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stdout()).isEmpty();
    assertThat(text(r.stderr())).contains("the following arguments are required: files").contains("usage: mpy-link");
  }

  @Test
  void refusesWrongSecretKeyAndGarbage() throws Exception {
    start(Duration.ofMinutes(1), Optional.empty());
    ServerState s = server.state();
    String otherSecret = s.secret().replace(s.secret().charAt(0), s.secret().charAt(0) == 'a' ? 'b' : 'a');
    Reply badSecret = MpyLinkServers.send(s, "0123abcd",
        new Request(otherSecret, "0123abcd", Verb.LINK, work.toString(), 022, List.of("--arch", "xtensawin", "m.o")));
    assertThat(badSecret.refusal()).isEqualTo("bad-secret");
    assertThat(work.resolve("m.mpy")).doesNotExist();
    Reply badKey = MpyLinkServers.send(s, "0123abcd",
        new Request(s.secret(), "ffff", Verb.PING, work.toString(), 022, List.of()));
    assertThat(badKey.refusal()).isEqualTo("wrong-key");
    Reply relativeCwd = MpyLinkServers.send(s, "0123abcd",
        new Request(s.secret(), "0123abcd", Verb.LINK, "work", 022, List.of("m.o")));
    assertThat(relativeCwd.refusal()).isEqualTo("bad-cwd");
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
      socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.shutdownOutput();
      assertThat(LinkProtocol.readReply(socket.getInputStream()).refusal()).isEqualTo("protocol-error");
    }
    assertThat(MpyLinkServers.send(stateFile, Verb.PING, work, 022, List.of()).status()).isZero(); // still serving
  }

  @Test
  void servesConcurrentLinks() throws Exception {
    for (int i = 0; i < 4; i++) {
      Files.write(work.resolve("m" + i + ".o"), TestElfs.minimalXtensa());
    }
    start(Duration.ofMinutes(1), Optional.empty());
    CyclicBarrier together = new CyclicBarrier(4);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String n = "m" + i;
        Callable<Reply> call = () -> {
          together.await(10, TimeUnit.SECONDS);
          return link(022, "-q", "--arch", "xtensawin", "-o", n + ".mpy", n + ".o");
        };
        replies.add(pool.submit(call));
      }
      for (int i = 0; i < 4; i++) {
        Reply r = replies.get(i).get(60, TimeUnit.SECONDS);
        assertThat(r.status()).as(text(r.stdout())).isZero();
        Local expected = local("-q", "--arch", "xtensawin", "-o", "x" + i + ".mpy", "m" + i + ".o");
        assertThat(expected.status()).isZero();
        byte[] mpy = Files.readAllBytes(work.resolve("m" + i + ".mpy"));
        // The .mpy records its own name; otherwise the concurrent outputs equal the local links.
        assertThat(new String(mpy, StandardCharsets.ISO_8859_1).replace("m" + i + ".mpy", "x" + i + ".mpy"))
            .isEqualTo(Files.readString(work.resolve("x" + i + ".mpy"), StandardCharsets.ISO_8859_1));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.served()).isEqualTo(4);
  }

  @Test
  void exitsWhenIdleAndCleansUp() throws Exception {
    start(Duration.ofMillis(300), Optional.empty());
    assertThat(MpyLinkServers.send(stateFile, Verb.PING, work, 022, List.of()).status()).isZero();
    serving.join(10_000);
    assertThat(serving.isAlive()).isFalse();
    assertThat(stateFile).doesNotExist();
    assertThat(LinkServer.sibling(stateFile, ".lock")).doesNotExist();
  }

  @Test
  void stopsOnRequest() throws Exception {
    start(Duration.ofMinutes(1), Optional.empty());
    assertThat(MpyLinkServers.send(stateFile, Verb.STOP, work, 022, List.of()).status()).isZero();
    serving.join(10_000);
    assertThat(serving.isAlive()).isFalse();
    assertThat(stateFile).doesNotExist();
  }

  @Test
  void oneServerPerStateFile() throws Exception {
    start(Duration.ofMinutes(1), Optional.empty());
    assertThatThrownBy(() -> LinkServer.start(new LinkServer.Config(stateFile, "0123abcd", Optional.empty(), Duration.ofMinutes(1), 1)))
        .isInstanceOf(LinkServer.AlreadyRunningException.class);
    assertThat(ServerState.read(stateFile)).contains(server.state());
  }

  @Test
  void refusesAndExitsOnceTheLinkerChangesOnDisk() throws Exception {
    Path stamp = Files.writeString(dir.resolve("mpy-linker.jar"), "v1");
    start(Duration.ofMinutes(1), Optional.of(stamp));
    assertThat(link(022, "-q", "--arch", "xtensawin", "m.o").status()).isZero();
    Files.writeString(stamp, "v2!");
    Files.setLastModifiedTime(stamp, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertThat(link(022, "-q", "--arch", "xtensawin", "m.o").refusal()).isEqualTo("stale");
    serving.join(10_000);
    assertThat(serving.isAlive()).isFalse();
  }
}
