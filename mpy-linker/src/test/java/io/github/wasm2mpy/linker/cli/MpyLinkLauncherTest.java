package io.github.wasm2mpy.linker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.linker.Qstrs;
import io.github.wasm2mpy.linker.TestElfs;
import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.TargetArch;
import io.github.wasm2mpy.testbed.Testbed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/mpy-link} as {@code make} runs it: the shell script, its C client (compiled on first use) and a
 * link server in a JVM of its own, with each test's servers in a private directory and stopped at the end.
 * {@code MPY_LINK_SERVER=require} turns the fallback into an error where a test must know the server linked.
 */
class MpyLinkLauncherTest {
  private static final Path SCRIPT = Testbed.get().repoRoot().resolve("mpy-linker/bin/mpy-link");

  @TempDir
  static Path serverDir;
  @TempDir
  Path work;

  private record Run(int status, String out, String err) {}

  @BeforeEach
  void objects() throws IOException {
    Files.write(work.resolve("m.o"), TestElfs.minimalXtensa());
  }

  @AfterAll
  static void stopServers() {
    MpyLinkServers.stopAll(serverDir);
    assertThat(stateFiles(serverDir)).isEmpty();
  }

  private static List<Path> stateFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".state")).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, String> env(String mode) {
    Map<String, String> env = new HashMap<>();
    env.put("MPY_LINK_SERVER_DIR", serverDir.toString());
    env.put("MPY_LINK_SERVER", mode);
    return env;
  }

  private static Process start(Path cwd, Map<String, String> env, List<String> command, Path outFile, Path errFile) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
        .redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(env);
    return pb.start();
  }

  private static Run run(Path cwd, Map<String, String> env, List<String> command) throws Exception {
    Path out = Files.createTempFile("mpy-link", ".out");
    Path err = Files.createTempFile("mpy-link", ".err");
    try {
      Process p = start(cwd, env, command, out, err);
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private Run link(String mode, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    return run(work, env(mode), command);
  }

  private static Run server(String option, Map<String, String> env) throws Exception {
    return run(Path.of("/"), env, List.of(SCRIPT.toString(), option));
  }

  @Test
  void disabledLinksInItsOwnJvmAndStartsNoServer() throws Exception {
    Map<String, String> env = env("0");
    Path unused = work.resolve("no-servers-here");
    env.put("MPY_LINK_SERVER_DIR", unused.toString());
    Run r = run(work, env, List.of(SCRIPT.toString(), "--arch", "xtensa", "-o", "m.mpy", "m.o"));
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("arch:         EM_XTENSA");
    assertThat(work.resolve("m.mpy")).isRegularFile();
    assertThat(unused).doesNotExist();
  }

  @Test
  void serverLinksAsTheLinkerInItsOwnJvmDoes() throws Exception {
    assertThat(server("--server-start", env("1")).status()).isZero();
    Run status = server("--server-status", env("1"));
    assertThat(status.status()).isZero();
    assertThat(status.out()).startsWith("running: pid ");

    Run direct = link("0", "--arch", "xtensawin", "-o", "out/m.mpy", "m.o");
    byte[] directMpy = Files.readAllBytes(work.resolve("out/m.mpy"));
    Files.delete(work.resolve("out/m.mpy"));
    Run served = link("require", "--arch", "xtensawin", "-o", "out/m.mpy", "m.o");
    assertThat(served).isEqualTo(direct);
    assertThat(served.status()).isZero();
    assertThat(work.resolve("out/m.mpy")).hasBinaryContent(directMpy);

    Run directError = link("0", "--arch", "armv7m", "-o", "bad.mpy", "m.o");
    Run servedError = link("require", "--arch", "armv7m", "-o", "bad.mpy", "m.o");
    assertThat(servedError).isEqualTo(directError);
    assertThat(servedError.status()).isEqualTo(1);
    assertThat(servedError.out()).startsWith("LinkError: m.o: arch mismatch");
    assertThat(work.resolve("bad.mpy")).doesNotExist();

    Run usage = link("require", "--arch", "x64");
    assertThat(usage.status()).isEqualTo(2);
    assertThat(usage.err()).contains("usage: mpy-link");
  }

  @Test
  void concurrentClientsAreServedTogether() throws Exception {
    assertThat(server("--server-start", env("1")).status()).isZero();
    int n = 4;
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Files.write(work.resolve("c" + i + ".o"), TestElfs.minimalXtensa());
      processes.add(start(work, env("require"), List.of(SCRIPT.toString(), "-q", "--arch", "xtensawin", "-o", "c" + i + ".mpy", "c" + i + ".o"),
          work.resolve("c" + i + ".out"), work.resolve("c" + i + ".err")));
    }
    for (int i = 0; i < n; i++) {
      assertThat(processes.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(processes.get(i).exitValue()).as(Files.readString(work.resolve("c" + i + ".err"))).isZero();
      assertThat(work.resolve("c" + i + ".mpy")).isRegularFile();
    }
  }

  /** A server that refuses (here: a state file with the wrong secret) makes the script link by itself. */
  @Test
  void fallsBackWhenTheServerRefuses() throws Exception {
    assertThat(server("--server-start", env("1")).status()).isZero();
    Path state = stateFiles(serverDir).get(0);
    String original = Files.readString(state);
    ServerState s = ServerState.read(state).orElseThrow();
    new ServerState(s.port(), "0".repeat(64), s.pid()).writeTo(state);
    try {
      Run fallback = link("1", "--arch", "xtensawin", "-o", "m.mpy", "m.o");
      assertThat(fallback.status()).as(fallback.err()).isZero();
      assertThat(fallback.out()).contains("arch:         EM_XTENSA");
      assertThat(work.resolve("m.mpy")).isRegularFile();
      Run required = link("require", "--arch", "xtensawin", "-o", "m2.mpy", "m.o");
      assertThat(required.status()).isEqualTo(3);
      assertThat(required.err()).contains("MPY_LINK_SERVER=require");
      assertThat(work.resolve("m2.mpy")).doesNotExist();
    } finally {
      Files.writeString(state, original);
    }
  }

  @Test
  void stopStopsAndTheNextLinkStartsAServerInTheBackground() throws Exception {
    assertThat(server("--server-start", env("1")).status()).isZero();
    assertThat(server("--server-stop", env("1")).status()).isZero();
    assertThat(server("--server-status", env("1")).status()).isEqualTo(3);
    assertThat(stateFiles(serverDir)).isEmpty();

    Run first = link("1", "-q", "--arch", "xtensawin", "-o", "m.mpy", "m.o"); // links in its own JVM
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(work.resolve("m.mpy")).isRegularFile();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (server("--server-status", env("1")).status() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(server("--server-status", env("1")).status()).isZero();
  }

  @Test
  void idleServerExitsByItself(@TempDir Path ownServerDir) throws Exception {
    Path client = serverDir.resolve("mpy-link-client");
    if (Files.isRegularFile(client)) { // spare a second compile of the client
      Files.copy(client, ownServerDir.resolve("mpy-link-client"), StandardCopyOption.COPY_ATTRIBUTES);
    }
    Map<String, String> env = env("1");
    env.put("MPY_LINK_SERVER_DIR", ownServerDir.toString());
    env.put("MPY_LINK_SERVER_IDLE", "1");
    try {
      assertThat(server("--server-start", env).status()).isZero();
      long pid = ServerState.read(stateFiles(ownServerDir).get(0)).orElseThrow().pid();
      ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
      assertThat(handle.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
      assertThat(stateFiles(ownServerDir)).isEmpty();
    } finally {
      MpyLinkServers.stopAll(ownServerDir);
    }
  }

  /** {@code --server-stop} stops every server in the directory, also one of another (say deleted) build. */
  @Test
  void stopReachesServersOfOtherBuilds(@TempDir Path ownServerDir) throws Exception {
    Map<String, String> env = env("1");
    env.put("MPY_LINK_SERVER_DIR", ownServerDir.toString());
    assertThat(server("--server-status", env).status()).isEqualTo(3); // compiles the client, starts nothing
    LinkServer other = LinkServer.start(new LinkServer.Config(ownServerDir.resolve("server-00000000deadbeef.state"),
        "00000000deadbeef", java.util.Optional.empty(), Duration.ofMinutes(1), 1));
    Thread serving = new Thread(other::serve);
    serving.start();
    try {
      Run stop = server("--server-stop", env);
      assertThat(stop.status()).isZero();
      assertThat(stop.err()).contains("stopped the link server");
      serving.join(30_000);
      assertThat(serving.isAlive()).isFalse();
      assertThat(stateFiles(ownServerDir)).isEmpty();
    } finally {
      other.close();
    }
  }

  /**
   * Issue 6's acceptance: {@code make} with MicroPython's {@code dynruntime.mk} and {@code MPY_LD=bin/mpy-link},
   * every linker step (the qstr preprocess and the link) served by the server, the .mpy byte-identical to the
   * same link in this JVM, and the module running on the armv7m board.
   */
  @Test
  void makeWithDynruntimeLinksThroughTheServer(@TempDir Path build) throws Exception {
    Testbed tb = Testbed.get();
    Path example = build.resolve("features1");
    Files.createDirectories(example);
    for (String f : List.of("Makefile", "features1.c")) {
      Files.copy(tb.micropythonSource().resolve("examples/natmod/features1").resolve(f), example.resolve(f));
    }
    assertThat(server("--server-start", env("1")).status()).isZero();
    Run make = run(example, env("require"), List.of("make", "-C", example.toString(), "ARCH=armv7m", "MPY_LD=" + SCRIPT,
        "MPY_DIR=" + tb.micropythonSource(), "PYTHON=/usr/bin/python3", "MPY_CROSS=" + tb.mpyCross(), "MICROPY_FLOAT_IMPL=float"));
    assertThat(make.status()).as(make.out() + make.err()).isZero();

    Path nativeMpy = example.resolve("build/features1.native.mpy");
    byte[] served = Files.readAllBytes(nativeMpy);
    assertThat(Files.readString(example.resolve("build/features1.config.h")))
        .isEqualTo(Qstrs.preprocess(List.of(example.resolve("features1.c"))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = new MpyLinkCommand(Workspace.ofClient(example, 022), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(out, true, StandardCharsets.UTF_8)).run("--arch", "armv7m", "--qstrs", "build/features1.config.h",
        "-o", "build/features1.native.mpy", "build/features1.o");
    assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(nativeMpy).hasBinaryContent(served);

    Path modules = Files.createDirectories(build.resolve("modules"));
    Files.copy(example.resolve("features1.mpy"), modules.resolve("features1.mpy"));
    RunResult r = tb.mpyRun(TargetArch.ARMV7M).modules(modules).timeout(Duration.ofSeconds(60))
        .code("import features1\nprint(features1.add(1, 2), features1.fibonacci(20), features1.VAL, features1.MSG)");
    assertThat(r.ok()).as(r.output()).isTrue();
    assertThat(r.output()).contains("3 6765 42 HELLO_MICROPYTHON");
  }
}
