package io.github.wasm2mpy.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusTest {

    @Test
    void exitCodesOfMpyRun() {
        assertThat(Status.ofExitCode(0)).isEqualTo(Status.OK);
        assertThat(Status.ofExitCode(1)).isEqualTo(Status.PYTHON_EXCEPTION);
        assertThat(Status.ofExitCode(2)).isEqualTo(Status.RUNNER_ERROR);
        assertThat(Status.ofExitCode(3)).isEqualTo(Status.CPU_FAULT);
        assertThat(Status.ofExitCode(124)).isEqualTo(Status.TIMEOUT);
    }

    @Test
    void undocumentedExitCodesAreRunnerErrors() {
        assertThat(Status.ofExitCode(137)).isEqualTo(Status.RUNNER_ERROR);
        assertThat(Status.ofExitCode(-1)).isEqualTo(Status.RUNNER_ERROR);
    }

    @Test
    void roundTrip() {
        for (Status s : Status.values()) {
            assertThat(Status.ofExitCode(s.exitCode())).isSameAs(s);
        }
    }
}
