package io.github.wasm2mpy.model;

import io.github.wasm2mpy.model.text.WastScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/** Locates the repository's test data and converts the spec scripts once per JVM (two at a time). */
public final class TestFiles {
    private static Map<Path, WastScript> scripts;

    private TestFiles() {
    }

    /** The repository root, from the {@code wasm2mpy.repo} system property set by the build. */
    public static Path repo() {
        String repo = System.getProperty("wasm2mpy.repo");
        if (repo == null) {
            throw new IllegalStateException("system property wasm2mpy.repo is not set; run the tests through Maven");
        }
        return Path.of(repo);
    }

    /** This module's build directory. */
    public static Path target() {
        return repo().resolve("wasm-model/target");
    }

    /** The {@code .wast} files of the official testsuite, sorted by name. */
    public static List<Path> wastFiles() {
        try (Stream<Path> files = Files.list(repo().resolve("testdata/testsuite"))) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".wast")).sorted().toList();
            if (list.isEmpty()) {
                throw new IllegalStateException("no .wast files under testdata/testsuite");
            }
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The nine demo apps. */
    public static List<Path> apps() {
        try (Stream<Path> files = Files.list(repo().resolve("testdata/apps"))) {
            return files.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every script converted by wast2json (cached under target/wast-cache), in file-name order. */
    public static synchronized Map<Path, WastScript> scripts() {
        if (scripts == null) {
            Path cache = target().resolve("wast-cache");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Map<Path, Future<WastScript>> futures = new TreeMap<>();
                for (Path wast : wastFiles()) {
                    futures.put(wast, pool.submit(() -> WastScript.load(wast, cache)));
                }
                Map<Path, WastScript> done = new TreeMap<>();
                for (Map.Entry<Path, Future<WastScript>> e : futures.entrySet()) {
                    done.put(e.getKey(), e.getValue().get());
                }
                scripts = done;
            } catch (Exception e) {
                throw new IllegalStateException("converting the spec scripts failed: " + e.getMessage(), e);
            } finally {
                pool.shutdownNow();
            }
        }
        return scripts;
    }
}
