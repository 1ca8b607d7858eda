package io.github.wasm2mpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCommandTest {
    static final Path APPS = Path.of(System.getProperty("wasm2mpy.repo", "../"), "testdata/apps");

    @TempDir
    Path out;

    @Test
    void buildsEachArchAndSaysWhereTheMpyWentAndItsSize() {
        CliRun run = CliRun.of("build", APPS.resolve("simple.wasm").toString(), "--arch", "x64,armv6m",
                "-o", out.toString(), "--report", out.resolve("report.json").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("x64 +" + out.resolve("x64/simple.mpy") + " +\\d+ bytes")
                .containsPattern("armv6m +" + out.resolve("armv6m/simple.mpy") + " +\\d+ bytes")
                .contains("stub      " + out.resolve("simple.pyi"));
        assertThat(out.resolve("armv6m/simple.mpy")).exists();
        assertThat(out.resolve("report.json")).content().contains("\"armv6m\"");
    }

    @Test
    void theWebassemblyArchWritesAPyModule() {
        CliRun run = CliRun.of("build", APPS.resolve("zig.wasm").toString(), "--arch", "webassembly",
                "-o", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("webassembly +" + out.resolve("webassembly/zig.py") + " +\\d+ bytes \\(wasm 1208\\)");
        assertThat(out.resolve("webassembly/zig.py")).content().contains("def setup(*args):", "new WebAssembly.Instance", "reset()");
    }

    @Test
    void anUnknownArchIsAUsageError() {
        CliRun run = CliRun.of("build", APPS.resolve("simple.wasm").toString(), "--arch", "z80", "-o", out.toString());
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("unknown arch 'z80'");
    }

    @Test
    void aBadOptionValueIsAUsageErrorListingTheChoices() {
        CliRun run = CliRun.of("build", APPS.resolve("simple.wasm").toString(), "--memory", "flash");
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("--memory takes one of [auto, static, heap], got 'flash'");
    }

    @Test
    void theCCommandWritesTheFilesToCompile() {
        CliRun run = CliRun.of("c", APPS.resolve("zig.wasm").toString(), "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly(out.resolve("zig.c").toString(),
                out.resolve("zig_glue.c").toString(), out.resolve("w2m_toolchain_shims.c").toString());
        assertThat(out.resolve("zig.h")).exists();
    }
}
