package io.github.wasm2mpy.testbed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One MicroPython run on a testbed arch, through {@code tools/testbed/mpy-run}. A builder: set the module
 * directory, heap and timeout, then run code or a file. Each {@code code}/{@code file} call is a fresh run.
 */
public final class MpyRun {

    /** Extra time the JVM gives {@code mpy-run} beyond its own timeout, for booting QEMU and cleaning up. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final Testbed testbed;
    private final String arch;
    private Path modules;
    private String heap;
    private Duration timeout = Duration.ofSeconds(60);

    MpyRun(Testbed testbed, String arch) {
        this.testbed = testbed;
        this.arch = arch;
    }

    /** A directory whose {@code .mpy} (and {@code .py}) files the program can import. */
    public MpyRun modules(Path dir) {
        this.modules = dir;
        return this;
    }

    /**
     * The MicroPython heap, e.g. {@code "64k"} or {@code "1m"}; {@code null} (the default) keeps the port's own:
     * the unix port's default, or the boards' 1 MiB. On a board a smaller size is simulated by allocating the
     * rest before the program starts; a size above 1 MiB is not available there.
     */
    public MpyRun heap(String size) {
        this.heap = size;
        return this;
    }

    /** How long the program may run before it is killed and the run reported as {@link Status#TIMEOUT}. */
    public MpyRun timeout(Duration t) {
        if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + t);
        }
        this.timeout = t;
        return this;
    }

    /** Runs a program given as source text. */
    public RunResult code(String python) {
        return run(List.of("-c", python));
    }

    /** Runs a program from a file. */
    public RunResult file(Path py) {
        if (!Files.isRegularFile(py)) {
            throw new TestbedException(py + ": no such program file");
        }
        return run(List.of(py.toAbsolutePath().toString()));
    }

    private RunResult run(List<String> program) {
        List<String> command = new ArrayList<>(List.of(testbed.mpyRunScript().toString(), arch));
        if (modules != null) {
            command.add("-d");
            command.add(modules.toAbsolutePath().toString());
        }
        if (heap != null) {
            command.add("--heap");
            command.add(heap);
        }
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        command.add("--timeout");
        command.add(Long.toString(seconds));
        command.addAll(program);
        ProcessRunner.Outcome outcome = ProcessRunner.run(command, null,
                Map.of("WASM2MPY_TESTBED", testbed.home().toString()), timeout.plus(GRACE));
        if (outcome.timedOut()) {
            return new RunResult(Status.TIMEOUT, Status.TIMEOUT.exitCode(),
                    outcome.output() + "\n[mpy-run did not stop within " + timeout.plus(GRACE).toSeconds() + " s]");
        }
        return new RunResult(Status.ofExitCode(outcome.exitCode()), outcome.exitCode(), outcome.output());
    }

    @Override
    public String toString() {
        return "mpy-run " + arch + (modules == null ? "" : " -d " + modules);
    }
}
