package io.github.wasm2mpy.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program to completion, capturing its combined output. */
record Command(List<String> argv, Path workingDirectory) {

    /** What a finished program left behind. */
    record Outcome(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }

        List<String> lines() {
            return output.lines().toList();
        }
    }

    Command {
        argv = List.copyOf(argv);
    }

    static Command of(List<String> argv) {
        return new Command(argv, null);
    }

    Outcome run(long timeoutSeconds) {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
        try (InputStream out = process.getInputStream()) {
            // Read before waiting, so a chatty compiler cannot block on a full pipe.
            byte[] bytes = out.readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Outcome(124, new String(bytes, StandardCharsets.UTF_8) + "\n(timed out after "
                        + timeoutSeconds + " s)");
            }
            return new Outcome(process.exitValue(), new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PipelineException("interrupted while running " + argv.get(0), e);
        }
    }
}
