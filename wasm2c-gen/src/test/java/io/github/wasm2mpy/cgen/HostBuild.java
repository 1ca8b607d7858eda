package io.github.wasm2mpy.cgen;

import io.github.wasm2mpy.runtime.CRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds a test executable from generated C with the host gcc and runs it: the compile line the spec and fuzz
 * harnesses share, so that both test the C the same way.
 */
final class HostBuild {
    /** gcc and the flags every harness build uses; a target adds its own (SpecTest.Target#cflags). */
    static final List<String> GCC = List.of("gcc", "-O2", "-std=c99", "-w", "-pipe", "-fsignaling-nans");

    private HostBuild() {
    }

    /**
     * Compiles {@code sources} with the runtime's default host hooks into {@code dir/run}. Returns null, or the
     * compiler's first error line (its whole log is kept in {@code dir/cc.log}).
     */
    static String compile(Path dir, List<String> cflags, List<Path> sources) throws Exception {
        CRuntime.writeTo(dir, CRuntime.allFiles());
        List<String> cmd = new ArrayList<>(GCC);
        cmd.addAll(cflags);
        cmd.addAll(List.of("-o", dir.resolve("run").toString(), dir.resolve("w2m_host_default.c").toString()));
        for (Path s : sources) cmd.add(s.toString());
        cmd.add("-lm");
        Process cc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (cc.waitFor(300, TimeUnit.SECONDS) && cc.exitValue() == 0) return null;
        cc.destroyForcibly();
        Files.writeString(dir.resolve("cc.log"), log);
        return "C compile failed: " + log.lines().filter(l -> l.contains("error")).findFirst().orElse(log);
    }

    /** How a run ended: its exit status (-1 when killed after the timeout) and everything it printed. */
    record Run(int exit, boolean timedOut, String output) {}

    /** Runs {@code dir/run}, its output going through {@code dir/run.out} so that a hung program cannot block us. */
    static Run run(Path dir, int timeoutSeconds) throws Exception {
        Path out = dir.resolve("run.out");
        Process p = new ProcessBuilder(dir.resolve("run").toString()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
            p.waitFor();
        }
        return new Run(done ? p.exitValue() : -1, !done, Files.readString(out, StandardCharsets.ISO_8859_1));
    }
}
