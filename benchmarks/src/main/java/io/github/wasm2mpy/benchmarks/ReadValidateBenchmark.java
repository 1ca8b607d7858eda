package io.github.wasm2mpy.benchmarks;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.WasmReader;
import io.github.wasm2mpy.model.validation.ValidatedModule;
import io.github.wasm2mpy.model.validation.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding + validation throughput of wasm-model against Chicory's parser (which validates too) on the same
 * bytes in the same run. {@code module} names a file in the directory given by the system property
 * {@code wasm2mpy.bench.modules}; {@link ModelBenchmarkMain} prepares it and turns operations/s into MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadValidateBenchmark {
    /** Module file names, without {@code .wasm}. */
    @Param({"coremark", "wasi-libc"})
    public String module;

    private byte[] bytes;

    @Setup
    public void load() throws IOException {
        String dir = System.getProperty("wasm2mpy.bench.modules");
        if (dir == null) {
            throw new IllegalStateException("system property wasm2mpy.bench.modules is not set");
        }
        bytes = Files.readAllBytes(Path.of(dir, module + ".wasm"));
    }

    /** wasm-model: decode into the immutable model and validate (the pipeline's path). */
    @Benchmark
    public ValidatedModule wasm2mpyReadValidate() {
        return Validator.read(bytes);
    }

    /** wasm-model: decode only. */
    @Benchmark
    public Module wasm2mpyRead() {
        return WasmReader.read(bytes);
    }

    /** Chicory: {@code Parser.parse}, which decodes and validates. */
    @Benchmark
    public WasmModule chicoryParse() {
        return Parser.parse(bytes);
    }
}
