package io.github.wasm2mpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.pipeline.Wasm2Mpy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("info", "link").contains("exit codes");
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertThat(CliRun.of().exitCode()).isEqualTo(Main.USAGE);
    }

    @Test
    void unknownCommandIsAUsageErrorWithOneLine() {
        CliRun run = CliRun.of("frobnicate");
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.err()).isEqualTo("wasm2mpy: unknown command 'frobnicate' (try wasm2mpy --help)\n");
    }

    @Test
    void unknownOptionNamesTheOptionAndTheCommand() {
        CliRun run = CliRun.of("info", "--colour", "x.wasm");
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("wasm2mpy info: unknown option --colour");
    }

    @Test
    void verboseBeforeTheCommandIsGlobal() {
        CliRun run = CliRun.of("-v", "info", "no/such.wasm");
        assertThat(run.exitCode()).isEqualTo(Main.FAILED);
        assertThat(run.err()).contains("no/such.wasm: no such file").contains("\tat ");
    }

    @Test
    void verboseAfterTheCommandBelongsToTheCommand(@TempDir Path dir) throws Exception {
        assertThat(CliRun.of("info", "no/such.wasm", "-v").err()).contains("unknown option -v");

        // The linker, like mpy_ld.py, prints its link map at -v: the flag must reach it, not the CLI.
        Path work = dir.resolve("work");
        Wasm2Mpy.builder().input(BuildCommandTest.APPS.resolve("simple.wasm")).arch("x64")
                .outputDirectory(dir.resolve("out")).workDirectory(work).build().run();
        List<String> link = new ArrayList<>(List.of("link", "-v", "--arch", "x64",
                "--qstrs", work.resolve("x64/src/simple_qstrs.h").toString(),
                "-o", dir.resolve("simple.mpy").toString()));
        try (Stream<Path> objects = Files.list(work.resolve("x64/obj"))) {
            objects.map(Path::toString).filter(name -> name.endsWith(".o")).sorted().forEach(link::add);
        }
        CliRun run = CliRun.of(link.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("sections:");
    }

    @Test
    void commandHelpIsPrintedWithoutRunningIt() {
        CliRun run = CliRun.of("info", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("usage: wasm2mpy info");
    }
}
