package io.github.wasm2mpy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.TargetArch;
import io.github.wasm2mpy.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs src/test/resources/session.py (shared with the e2e arch matrix) against the .mpy this build produced. */
class WasiHelloIT {
    private static final Path MPY = Path.of(System.getProperty("mpy.directory"));
    private static final Path SESSION = Path.of("src/test/resources").toAbsolutePath();

    @Test
    void printfOfAWasiCommandReachesTheConsole() throws Exception {
        RunResult run = Testbed.get().mpyRun(TargetArch.X64).modules(MPY.resolve("x64"))
                .file(SESSION.resolve("session.py"));
        assertThat(run.ok()).as(run.output()).isTrue();
        assertThat(run.output().lines()).containsExactlyElementsOf(Files.readAllLines(SESSION.resolve("session.out")));
    }
}
