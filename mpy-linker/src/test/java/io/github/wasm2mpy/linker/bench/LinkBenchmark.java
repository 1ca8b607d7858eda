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
import java.util.stream.Stream;

/**
 * Link time, side by side in one run: MicroPython's {@code mpy_ld.py} and our {@code bin/mpy-link} as
 * processes (what {@code make} pays per module), and {@link MpyLinker} embedded in a warm JVM (what the Maven
 * plugin pays). Inputs are natmod build directories ({@code build/} with objects and the config header).
 *
 * <pre>java -cp ... io.github.wasm2mpy.linker.bench.LinkBenchmark MPY_LD_PY MPY_LINK ARCH:BUILD_DIR ...</pre>
 */
public final class LinkBenchmark {
  private static final int PROCESS_RUNS = 7;
  private static final int EMBEDDED_RUNS = 200;

  private LinkBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path mpyLd = Path.of(args[0]);
    Path mpyLink = Path.of(args[1]);
    System.out.println("| input | arch | objects (bytes) | mpy_ld.py process | mpy-link process | MpyLinker embedded | process speed-up | embedded speed-up |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    for (int i = 2; i < args.length; i++) {
      String arch = args[i].substring(0, args[i].indexOf(':'));
      Path build = Path.of(args[i].substring(args[i].indexOf(':') + 1));
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
      objects.forEach(o -> python.add(o.toString()));
      List<String> ours = new ArrayList<>(List.of(mpyLink.toString(), "-q", "--arch", arch, "--qstrs", header.toString(), "-o", out.toString()));
      objects.forEach(o -> ours.add(o.toString()));
      double py = medianMillis(PROCESS_RUNS, () -> run(python));
      double cli = medianMillis(PROCESS_RUNS, () -> run(ours));
      List<String> qstrs = Qstrs.readHeader(header);
      Arch a = Arch.byId(arch).orElseThrow();
      double embedded = medianMillis(EMBEDDED_RUNS, () -> {
        MpyLinker.Builder b = MpyLinker.builder().arch(a).qstrs(qstrs);
        objects.forEach(b::addObject);
        b.link();
      });
      Files.deleteIfExists(out);
      String name = build.getParent().getFileName().toString();
      System.out.printf("| %s | %s | %d | %.1f ms | %.1f ms | %.2f ms | %.1f× | %.0f× |%n", name, arch, size, py, cli, embedded, py / cli, py / embedded);
    }
  }

  interface Step {
    void run() throws Exception;
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

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("failed: " + String.join(" ", command));
    }
  }
}
