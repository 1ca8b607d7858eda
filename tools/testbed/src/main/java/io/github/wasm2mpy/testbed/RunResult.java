package io.github.wasm2mpy.testbed;

/**
 * The outcome of one MicroPython run.
 *
 * @param status   how the run ended
 * @param exitCode the exit code of {@code mpy-run}
 * @param output   everything the program and the runner printed, stdout and stderr interleaved as they came
 *                 (tracebacks go to stderr on the unix port but to the serial console on the boards)
 */
public record RunResult(Status status, int exitCode, String output) {

    public RunResult {
        if (status == null || output == null) {
            throw new NullPointerException("status and output are required");
        }
    }

    /** True if the program ran to its end without an uncaught exception. */
    public boolean ok() {
        return status == Status.OK;
    }
}
