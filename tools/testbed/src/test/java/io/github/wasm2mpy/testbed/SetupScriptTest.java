package io.github.wasm2mpy.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code tools/testbed/setup} on a provisioned testbed: nothing to do, nothing rebuilt. */
class SetupScriptTest {

    @Test
    void aSecondRunOnlyChecksAndPrintsTheTestbed() {
        Testbed testbed = Testbed.get();
        ProcessRunner.Outcome outcome = ProcessRunner.run(
                List.of(testbed.repoRoot().resolve("tools/testbed/setup").toString()), null,
                Map.of("WASM2MPY_TESTBED", testbed.home().toString()), Duration.ofMinutes(5));
        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        // Every step that does work logs "testbed: ..."; a provisioned testbed gets only its path printed.
        assertThat(outcome.output()).isEqualTo(testbed.home() + "\n");
    }

    @Test
    void everyBoardHasItsFirmware() {
        Testbed testbed = Testbed.get();
        for (String board : List.of("MPS2_AN385", "MPS2_AN386", "MPS2_AN500", "VIRT_RV32")) {
            assertThat(testbed.home().resolve("qemu").resolve(board).resolve("firmware.elf")).isRegularFile();
            assertThat(Files.isRegularFile(testbed.home().resolve("qemu").resolve(board).resolve("settings"))).isTrue();
        }
    }
}
