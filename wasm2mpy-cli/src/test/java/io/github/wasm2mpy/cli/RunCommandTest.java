package io.github.wasm2mpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path out;

    private static String simple() {
        return BuildCommandTest.APPS.resolve("simple.wasm").toString();
    }

    @Test
    void runsCodeAgainstTheBuiltModuleAndPrintsItsOutput() {
        CliRun run = CliRun.of("run", simple(), "--arch", "x86", "-o", out.toString(),
                "-c", "import simple; print(simple.add(40, 2))");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("42\n");
    }

    @Test
    void runsAPythonFile() throws Exception {
        Path script = Files.writeString(out.resolve("check.py"), "import simple\nprint(simple.add(1, 1))\n");
        CliRun run = CliRun.of("run", simple(), script.toString(), "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("2\n");
    }

    @Test
    void aModuleWithSmallHeapChunksRunsAndUsesItsWholeMemory() throws Exception {
        // rust's memory grows, so it is committed lazily: 256-byte chunks are committed one by one as the app and
        // the slice writes below touch them, far beyond the initial block.
        CliRun run = CliRun.of("run", BuildCommandTest.APPS.resolve("rust.wasm").toString(), "--arch", "x64",
                "--heap-chunk-size", "256", "-o", out.toString(), "-c", String.join("\n",
                        "import rust",
                        "rust.setup(); rust.loop()",
                        "m = rust.memory",
                        "for a in range(60000, len(m) - 3, 4099): m[a:a + 3] = b'abc'",
                        "print(len(m), all(m[a + 1] == 98 for a in range(60000, len(m) - 3, 4099)))"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Rust is running!").endsWith("131072 True\n");
        assertThat(out.resolve("rust.build.json")).content().contains("heapChunkSize=256");
    }

    @Test
    void aPythonExceptionExitsWithOne() {
        CliRun run = CliRun.of("run", simple(), "-o", out.toString(), "-c", "import simple; simple.add(1)");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("TypeError");
    }

    @Test
    void codeAndFileTogetherIsAUsageError() {
        CliRun run = CliRun.of("run", simple(), "x.py", "-c", "print(1)");
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
    }

    @Test
    void anArchWithoutARunnerIsAUsageError() {
        CliRun run = CliRun.of("run", simple(), "--arch", "xtensa", "-c", "print(1)");
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("run supports archs x64, x86, armv7m, armv6m, armv7emsp, rv32imc, not 'xtensa'");
    }

    @Test
    void theHelpNamesEveryArchTheTestbedRuns() {
        CliRun run = CliRun.of("run", "--help");
        assertThat(run.exitCode()).isEqualTo(Main.OK);
        assertThat(run.out()).contains("Builds IN for ARCH (x64 x86 armv7m armv6m armv7emsp rv32imc; default x64)");
    }
}
