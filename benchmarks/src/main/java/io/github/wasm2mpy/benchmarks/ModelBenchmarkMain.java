package io.github.wasm2mpy.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Prepares the inputs of {@link ReadValidateBenchmark} (copies {@code coremark.wasm}; builds a module of more
 * than 1 MB with clang {@code --target=wasm32-wasi}: a C main linked with the whole of Debian's wasi-libc
 * {@code libc.a} and {@code libm.a}, every function exported so none is dropped), runs it, and prints MB/s.
 *
 * <p>Arguments: the repository root and an output directory.
 */
public final class ModelBenchmarkMain {
    private ModelBenchmarkMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException, RunnerException {
        Path repo = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path modules = out.resolve("modules");
        Files.createDirectories(modules);
        Files.copy(repo.resolve("testdata/apps/coremark.wasm"), modules.resolve("coremark.wasm"),
                StandardCopyOption.REPLACE_EXISTING);
        buildLargeModule(modules);

        Options options = new OptionsBuilder()
                .include(ReadValidateBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
                .timeUnit(TimeUnit.SECONDS)
                .jvmArgsAppend("-Dwasm2mpy.bench.modules=" + modules.toAbsolutePath())
                .resultFormat(org.openjdk.jmh.results.format.ResultFormatType.JSON)
                .result(out.resolve("read-validate.json").toString())
                .build();
        Collection<RunResult> results = new Runner(options).run();

        List<String> lines = new ArrayList<>();
        lines.add("| module | size (bytes) | benchmark | ops/s | MB/s |");
        lines.add("|---|---:|---|---:|---:|");
        for (RunResult r : results) {
            String module = r.getParams().getParam("module");
            long size = Files.size(modules.resolve(module + ".wasm"));
            double ops = r.getPrimaryResult().getScore();
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            lines.add(String.format(Locale.ROOT, "| %s | %d | %s | %.1f ± %.1f | %.1f |", module, size, name, ops,
                    r.getPrimaryResult().getScoreError(), ops * size / 1e6));
        }
        Files.write(out.resolve("read-validate.md"), lines);
        lines.forEach(System.out::println);
    }

    private static void buildLargeModule(Path modules) throws IOException, InterruptedException {
        Path source = modules.resolve("wasi-libc-main.c");
        Files.writeString(source, "int main(void) { return 0; }\n");
        Path wasm = modules.resolve("wasi-libc.wasm");
        Path tmp = modules.resolve("wasi-libc.wasm.tmp");
        List<String> command = List.of("clang", "--target=wasm32-wasi", "--sysroot=/usr", "-O2", source.toString(),
                "-o", tmp.toString(), "-Wl,--whole-archive", "-lc", "-lm", "-Wl,--no-whole-archive",
                "-Wl,--export-all", "-Wl,--allow-undefined");
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("clang failed (exit " + p.exitValue() + "): " + String.join(" ", command)
                    + " (needs clang, lld and wasi-libc)");
        }
        Files.move(tmp, wasm, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (Files.size(wasm) < 1_000_000) {
            throw new IOException(wasm + " is only " + Files.size(wasm) + " bytes; the benchmark needs >= 1 MB");
        }
    }
}
