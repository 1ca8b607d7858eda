package io.github.wasm2mpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
    void commandHelpIsPrintedWithoutRunningIt() {
        CliRun run = CliRun.of("info", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("usage: wasm2mpy info");
    }
}
