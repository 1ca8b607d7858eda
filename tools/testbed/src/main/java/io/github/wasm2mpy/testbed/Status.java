package io.github.wasm2mpy.testbed;

/** How a run of {@code mpy-run} ended, decoded from its exit code. */
public enum Status {
    OK(0),
    PYTHON_EXCEPTION(1),
    RUNNER_ERROR(2),
    CPU_FAULT(3),
    TIMEOUT(124);

    private final int exitCode;

    Status(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The exit code {@code mpy-run} uses for this outcome. */
    public int exitCode() {
        return exitCode;
    }

    /** Decodes an exit code; anything {@code mpy-run} does not document counts as a runner error. */
    public static Status ofExitCode(int code) {
        for (Status s : values()) {
            if (s.exitCode == code) {
                return s;
            }
        }
        return RUNNER_ERROR;
    }
}
