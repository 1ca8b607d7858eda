package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.testbed.Testbed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Natmod builds shared by the tests: MicroPython's examples (and our own under {@code src/test/natmod}) built
 * with {@code dynruntime.mk}, linked by the reference {@code mpy_ld.py} or by {@code bin/mpy-link}. Builds run
 * two at a time in the background and are memoised for the JVM; the outputs stay under {@code target/natmods}.
 */
final class Natmods {
  /** A finished build: the final .mpy and the directory holding the objects, config header and native .mpy. */
  record Build(Path mpy, Path buildDir, String module) {
    Path nativeMpy() {
      return buildDir.resolve(module + ".native.mpy");
    }

    Path configHeader() {
      return buildDir.resolve(module + ".config.h");
    }

    List<Path> objects() {
      try (Stream<Path> s = Files.list(buildDir)) {
        return s.filter(p -> p.toString().endsWith(".o")).sorted().toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  enum Linker { REFERENCE, OURS }

  private static final ExecutorService POOL = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "natmod-build");
    t.setDaemon(true);
    return t;
  });
  private static final Map<String, Future<Build>> BUILDS = new ConcurrentHashMap<>();

  private Natmods() {}

  static Testbed testbed() {
    return Testbed.get();
  }

  static Path example(String name) {
    return testbed().micropythonSource().resolve("examples/natmod").resolve(name);
  }

  static Path ownNatmod(String name) {
    return testbed().repoRoot().resolve("mpy-linker/src/test/natmod").resolve(name);
  }

  static Path workDir() {
    return testbed().repoRoot().resolve("mpy-linker/target/natmods");
  }

  static String ourLinkerCommand() {
    Path script = testbed().repoRoot().resolve("mpy-linker/bin/mpy-link");
    if (!Files.isExecutable(script) || !Files.isRegularFile(testbed().repoRoot().resolve("mpy-linker/target/classpath.txt"))) {
      throw new IllegalStateException(script + " is not runnable: build mpy-linker first (./mvnw -pl mpy-linker package)");
    }
    return script + " -q";
  }

  /** Starts (or joins) a build in the background. */
  static Future<Build> submit(Path source, String arch, Linker linker, boolean linkRuntime) {
    return submit(source, arch, linker, linkRuntime, Map.of());
  }

  /** As above with extra make variables (e.g. {@code CFLAGS_EXTRA}); such builds get their own directory. */
  static Future<Build> submit(Path source, String arch, Linker linker, boolean linkRuntime, Map<String, String> extra) {
    String key = source + "|" + arch + "|" + linker + "|" + linkRuntime + "|" + new java.util.TreeMap<>(extra);
    return BUILDS.computeIfAbsent(key, k -> POOL.submit(() -> build(source, arch, linker, linkRuntime, extra)));
  }

  static Build get(Future<Build> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static String moduleName(Path source) {
    try {
      return Files.readAllLines(source.resolve("Makefile")).stream()
          .filter(l -> l.matches("\\s*MOD\\s*[:?]?=.*"))
          .map(l -> l.substring(l.indexOf('=') + 1).trim())
          .findFirst().orElseThrow(() -> new IllegalStateException(source + "/Makefile has no MOD line"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Build build(Path source, String arch, Linker linker, boolean linkRuntime) {
    return build(source, arch, linker, linkRuntime, Map.of());
  }

  static Build build(Path source, String arch, Linker linker, boolean linkRuntime, Map<String, String> extra) {
    String variant = extra.isEmpty() ? "" : "-x" + Integer.toHexString(new java.util.TreeMap<>(extra).toString().hashCode());
    Path out = workDir().resolve(linker.name().toLowerCase() + (linkRuntime ? "-rt" : "") + variant).resolve(arch);
    Map<String, String> vars = new java.util.TreeMap<>(extra);
    if (linker == Linker.OURS) {
      vars.putIfAbsent("MPY_LD", ourLinkerCommand()); // extra may name it with options
    }
    if (linkRuntime) {
      vars.put("LINK_RUNTIME", "1");
    }
    String mod = moduleName(source);
    if (mod.contains("$(ARCH)")) {
      vars.put("MOD", mod.replace("$(ARCH)", arch)); // the testbed reads MOD literally from the Makefile
    }
    deleteTree(out.resolve("natmod-build").resolve(source.getFileName() + "-" + arch)); // no stale objects
    Path mpy = testbed().buildNatmod(source, arch, out, vars);
    String module = mpy.getFileName().toString().replaceFirst("\\.mpy$", "");
    Path buildDir = out.resolve("natmod-build").resolve(source.getFileName() + "-" + arch).resolve("build");
    return new Build(mpy, buildDir, module);
  }
}
