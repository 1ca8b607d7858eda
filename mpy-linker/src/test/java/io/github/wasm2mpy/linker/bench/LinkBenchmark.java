package io.github.wasm2mpy.linker.bench;

import io.github.wasm2mpy.linker.Arch;
import io.github.wasm2mpy.linker.MpyLinker;
import io.github.wasm2mpy.linker.Qstrs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Link time, side by side in one run: MicroPython's {@code mpy_ld.py} and our {@code bin/mpy-link} as
 * processes (what {@code make} pays per module), the latter both as one JVM per link ({@code MPY_LINK_SERVER=0})
 * and as the thin client of a warm link server, and {@link MpyLinker} embedded in a warm JVM (what the Maven
 * plugin pays). Inputs are natmod build directories ({@code build/} with objects and the config header).
 *
 * <pre>java -cp ... io.github.wasm2mpy.linker.bench.LinkBenchmark MPY_LD_PY MPY_LINK ARCH:BUILD_DIR[:LIB,LIB] ...</pre>
 *
 * <p>The three process variants run interleaved (one of each per round), so a change in the machine's load
 * hits them alike. The server runs from a private directory, is warmed by {@value #SERVER_WARMUP_RUNS} links of
 * each input before timing (as a server that has served a build already is), and is stopped at the end.
 * With libraries, {@code mpy_ld.py} runs with its archive-index cache ({@code .mpy_ld_cache}) already warm
 * from the warm-up run, its best case; {@code PYTHONPATH} must provide the {@code ar} module it needs.
 */
public final class LinkBenchmark {
  private static final int PROCESS_RUNS = 11;
  private static final int SERVER_WARMUP_RUNS = 10;
  private static final int EMBEDDED_RUNS = 200;
  private static final Path WORK = createWork();

  private static Path createWork() {
    try {
      return Files.createTempDirectory("link-bench");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private LinkBenchmark() {}

  /** A command and the environment it runs with. */
  private record Command(List<String> args, Map<String, String> env) {}

  public static void main(String[] args) throws Exception {
    Path mpyLd = Path.of(args[0]);
    Path mpyLink = Path.of(args[1]);
    Map<String, String> oneJvm = Map.of("MPY_LINK_SERVER", "0");
    Map<String, String> server = Map.of("MPY_LINK_SERVER", "require", "MPY_LINK_SERVER_DIR", WORK.resolve("server").toString());
    run(new Command(List.of(mpyLink.toString(), "--server-start"), server));
    try {
      System.out.println("| input | arch | objects (bytes) | mpy_ld.py process | mpy-link process (one JVM) | mpy-link process (server warm) "
          + "| MpyLinker embedded | one-JVM speed-up | server speed-up | embedded speed-up |");
      System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
      for (int i = 2; i < args.length; i++) {
        row(args[i], mpyLd, mpyLink, oneJvm, server);
      }
    } finally {
      run(new Command(List.of(mpyLink.toString(), "--server-stop"), server));
      try (Stream<Path> files = Files.walk(WORK)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void row(String specText, Path mpyLd, Path mpyLink, Map<String, String> oneJvm, Map<String, String> server) throws Exception {
    String[] spec = specText.split(":");
    String arch = spec[0];
    Path build = Path.of(spec[1]);
    List<String> libs = spec.length > 2 ? List.of(spec[2].split(",")) : List.of();
    List<Path> objects;
    try (Stream<Path> s = Files.list(build)) {
      objects = s.filter(p -> p.toString().endsWith(".o")).sorted().toList();
    }
    Path header;
    try (Stream<Path> s = Files.list(build)) {
      header = s.filter(p -> p.toString().endsWith(".config.h")).findFirst().orElseThrow();
    }
    long size = 0;
    for (Path o : objects) {
      size += Files.size(o);
    }
    Path out = Files.createTempFile("bench", ".mpy");
    List<String> python = new ArrayList<>(List.of("/usr/bin/python3", mpyLd.toString(), "--arch", arch, "--qstrs", header.toString(), "-o", out.toString()));
    libs.forEach(l -> python.addAll(List.of("-l", l)));
    objects.forEach(o -> python.add(o.toString()));
    List<String> ours = new ArrayList<>(List.of(mpyLink.toString(), "-q", "--arch", arch, "--qstrs", header.toString(), "-o", out.toString()));
    libs.forEach(l -> ours.addAll(List.of("-l", l)));
    objects.forEach(o -> ours.add(o.toString()));
    Command py = new Command(python, Map.of());
    Command jvm = new Command(ours, oneJvm);
    Command served = new Command(ours, server);
    for (int i = 0; i < SERVER_WARMUP_RUNS; i++) {
      run(served);
    }
    double[] t = interleavedMedianMillis(PROCESS_RUNS, py, jvm, served);
    List<String> qstrs = Qstrs.readHeader(header);
    Arch a = Arch.byId(arch).orElseThrow();
    double embedded = medianMillis(EMBEDDED_RUNS, () -> {
      MpyLinker.Builder b = MpyLinker.builder().arch(a).qstrs(qstrs);
      objects.forEach(b::addObject);
      libs.forEach(l -> b.addLibrary(Path.of(l)));
      b.link();
    });
    Files.deleteIfExists(out);
    String name = build.getParent().getFileName().toString() + (libs.isEmpty() ? "" : " + " + libs.size() + " libraries");
    System.out.printf("| %s | %s | %d | %.1f ms | %.1f ms | %.1f ms | %.2f ms | %.1f× | %.1f× | %.0f× |%n", name, arch, size,
        t[0], t[1], t[2], embedded, t[0] / t[1], t[0] / t[2], t[0] / embedded);
  }

  interface Step {
    void run() throws Exception;
  }

  /** Medians in milliseconds of each command, run once each per round after one warm-up round. */
  private static double[] interleavedMedianMillis(int rounds, Command... commands) throws Exception {
    double[][] t = new double[commands.length][rounds];
    for (int r = -1; r < rounds; r++) {
      for (int c = 0; c < commands.length; c++) {
        long start = System.nanoTime();
        run(commands[c]);
        if (r >= 0) {
          t[c][r] = (System.nanoTime() - start) / 1e6;
        }
      }
    }
    double[] medians = new double[commands.length];
    for (int c = 0; c < commands.length; c++) {
      Arrays.sort(t[c]);
      medians[c] = t[c][rounds / 2];
    }
    return medians;
  }

  private static double medianMillis(int runs, Step step) throws Exception {
    step.run(); // warm-up (and fail early)
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      step.run();
      t[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(t);
    return t[runs / 2];
  }

  private static void run(Command command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command.args()).directory(WORK.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(command.env());
    Process p = pb.start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("failed: " + command);
    }
  }
}
