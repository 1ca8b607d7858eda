package io.github.wasm2mpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {
    private static final Path APPS = Path.of(System.getProperty("wasm2mpy.repo", "../"), "testdata/apps");

    @Test
    void showsImportsExportsAndMemoryOfAnApp() {
        CliRun run = CliRun.of("info", APPS.resolve("zig.wasm").toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("module zig, 1208 bytes")
                .contains("memory: 1 pages of 65536 bytes (65536 bytes), at most 1 pages")
                .containsPattern("wiring\\.print +function \\[i32 i32\\] -> \\[\\]")
                .containsPattern("setup +function \\[\\] -> \\[\\]");
    }

    @Test
    void readsTheTextFormat(@TempDir Path dir) throws Exception {
        Path wat = Files.writeString(dir.resolve("my-math.wat"),
                "(module (func (export \"twice\") (param i32) (result i32) local.get 0 i32.const 2 i32.mul))");
        CliRun run = CliRun.of("info", wat.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("module my_math").containsPattern("twice +function \\[i32\\] -> \\[i32\\]");
    }

    @Test
    void malformedInputNamesFileAndOffsetWithoutStackTrace(@TempDir Path dir) throws Exception {
        Path bad = Files.write(dir.resolve("bad.wasm"), new byte[] {0, 'a', 's', 'm', 9, 0, 0, 0});
        CliRun run = CliRun.of("info", bad.toString());
        assertThat(run.exitCode()).isEqualTo(Main.FAILED);
        assertThat(run.err()).startsWith("wasm2mpy info: " + bad).contains("offset 0x4").doesNotContain("\tat ");
    }

    @Test
    void missingInputIsAFailureNamingTheFile() {
        CliRun run = CliRun.of("info", "no/such.wasm");
        assertThat(run.exitCode()).isEqualTo(Main.FAILED);
        assertThat(run.err()).contains("no/such.wasm: no such file");
    }
}
