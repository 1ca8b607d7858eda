package io.github.wasm2mpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** A failure the user can act on: exit 1, the message, no stack trace, nothing left in the output directory. */
    private void assertFailsCleanly(CliRun run, String... message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.FAILED);
        assertThat(run.err()).contains(message).doesNotContain("\tat ", "Exception", "internal error");
        assertThat(out.resolve("o")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "truncated   | 0061736d0100000001070160027f7f01  | offset 0xa: length out of bounds: section size 7 exceeds the 6 bytes left",
        "bad magic   | 0061736e01000000                  | offset 0x0: magic header not detected",
        "bad section | 0061736d0100000042                | offset 0x8: malformed section id 66"})
    void aMalformedModuleNamesFileAndOffset(String kind, String hex, String message) throws Exception {
        Path input = Files.write(out.resolve("bad.wasm"), java.util.HexFormat.of().parseHex(hex));
        assertFailsCleanly(CliRun.of("build", input.toString(), "--arch", "x64", "-o", out.resolve("o").toString()),
                "wasm2mpy build: " + input + ": " + message);
    }

    @Test
    void anUnsupportedFeatureNamesFileAndWhat() throws Exception {
        Path input = Files.writeString(out.resolve("simd.wat"), "(module (func (export \"f\") (param v128)))");
        assertFailsCleanly(CliRun.of("build", input.toString(), "--arch", "x64", "-o", out.resolve("o").toString()),
                "simd.wat: function 0 takes or returns v128: SIMD (v128) is not supported yet");
    }

    @Test
    void aMissingCompilerNamesWhereItLookedAndThePackage() {
        assertFailsCleanly(CliRun.of("build", APPS.resolve("simple.wasm").toString(), "--arch", "armv7m",
                "--toolchain-prefix", "armv7m=/nonexistent/", "-o", out.resolve("o").toString()),
                "no C compiler for arch armv7m: looked for '/nonexistent/gcc'", "gcc-arm-none-eabi");
    }

    @Test
    void aToolchainForAnUnknownArchIsAUsageError() {
        CliRun run = CliRun.of("build", APPS.resolve("simple.wasm").toString(), "--arch", "x64",
                "--toolchain-prefix", "x=/nonexistent/", "-o", out.resolve("o").toString());
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("--toolchain-prefix: toolchain for unknown arch 'x'");
        assertThat(out.resolve("o")).doesNotExist();
    }

    @Test
    void anUnwritableOutputDirectoryNamesIt() throws Exception {
        // A file where the directory should be: unwritable even for root, unlike a read-only directory.
        Path blocker = Files.writeString(out.resolve("o"), "a file");
        CliRun run = CliRun.of("build", APPS.resolve("simple.wasm").toString(), "--arch", "x64",
                "-o", blocker.resolve("sub").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.FAILED);
        assertThat(run.err()).contains("cannot write outputs to " + blocker.resolve("sub"), "Not a directory")
                .doesNotContain("\tat ");
        assertThat(blocker).hasContent("a file");
    }

    @Test
    void anUnwritableReportNamesItWithoutAStackTrace() throws Exception {
        Path blocker = Files.writeString(out.resolve("blocker"), "a file");
        CliRun run = CliRun.of("build", APPS.resolve("simple.wasm").toString(), "--arch", "x64",
                "-o", out.resolve("b").toString(), "--report", blocker.resolve("report.json").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.FAILED);
        assertThat(run.err()).contains("cannot write the report to " + blocker.resolve("report.json"),
                "Not a directory").doesNotContain("\tat ", "internal error");
    }
}
