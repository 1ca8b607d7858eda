package io.github.wasm2mpy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.cgen.CodegenOptions;
import io.github.wasm2mpy.pipeline.ArchOutput;
import io.github.wasm2mpy.pipeline.Wasm2Mpy;
import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code --optimize size} builds run on the boards without unaligned moves or with few registers, where -Os takes
 * the generated code's out-of-line paths that -O2 (the matrix's builds) never compiles: the checked accessors
 * with their zero-offset bodies, per-offset stubs and chained general accessor (coremark's fixed memory, and
 * rust's and assemblyscript's growing ones made contiguous), the lazy memory's accessors (rust, assemblyscript
 * and tinygo as the pipeline builds them), and the alignment-testing moves inside them.
 */
class SizeOptimizedRunTest {
    private static final Path REPO = Path.of(System.getProperty("wasm2mpy.repo", "..")).toAbsolutePath().normalize();
    private static final Path OUT = Path.of("target/size-optimized").toAbsolutePath();
    private static final List<String> ARCHS = List.of("armv6m", "armv7m", "rv32imc");

    /** A module to build: its app, the Python name it gets, and whether its memory is one contiguous block. */
    private record Build(String app, String module, boolean contiguous) {
    }

    private static final List<Build> BUILDS = List.of(new Build("coremark", "coremark", false),
            new Build("rust", "rust", false), new Build("rust", "rust_contiguous", true),
            new Build("assemblyscript", "assemblyscript", false),
            new Build("assemblyscript", "assemblyscript_contiguous", true), new Build("tinygo", "tinygo", false));

    @TestFactory
    Stream<DynamicTest> sizeOptimizedBuildsRunOnTheBoards() {
        return ARCHS.stream().map(arch -> DynamicTest.dynamicTest("-Os builds run on " + arch, () -> runOn(arch)));
    }

    private static void runOn(String arch) throws Exception {
        Path modules = Files.createDirectories(OUT.resolve(arch));
        StringBuilder py = new StringBuilder("import gc, sys\n");
        for (Build b : BUILDS) {
            CodegenOptions options = b.contiguous() ? CodegenOptions.builder().heapChunkSize(0).build()
                    : CodegenOptions.defaults();
            ArchOutput output = Wasm2Mpy.builder().input(REPO.resolve("testdata/apps/" + b.app() + ".wasm"))
                    .moduleName(b.module()).archs(List.of(arch)).options(options)
                    .optimization(Wasm2Mpy.Optimization.SIZE).outputDirectory(OUT.resolve("build").resolve(b.module()))
                    .parallelism(2).build().run().output(arch);
            Files.copy(output.mpy(), modules.resolve(b.module() + ".mpy"), StandardCopyOption.REPLACE_EXISTING);
            py.append("print('== ").append(b.module()).append("')\n")
                    .append("import ").append(b.module()).append(" as app\n")
                    .append("app.setup()\n").append(b.app().equals("coremark") ? "" : "app.loop()\napp.loop()\n")
                    .append("print('ok')\n")
                    .append("sys.modules.pop('").append(b.module()).append("')\napp = None\ngc.collect()\n");
        }
        RunResult result = Testbed.get().mpyRun(arch).modules(modules).timeout(Duration.ofSeconds(600))
                .code(py.toString());
        assertThat(result.ok()).as(result.output()).isTrue();
        for (Build b : BUILDS) {
            String part = EndToEndMatrixTest.part(result.output(), b.module());
            assertThat(part).as(arch + " " + b.module() + ":\n" + result.output()).contains("\nok\n")
                    .doesNotContain("Traceback");
        }
        assertThat(EndToEndMatrixTest.part(result.output(), "coremark")).contains("Running CoreMark 1.0...")
                .contains("Result: ");
    }
}
