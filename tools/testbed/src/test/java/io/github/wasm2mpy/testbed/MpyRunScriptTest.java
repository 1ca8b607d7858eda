package io.github.wasm2mpy.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract of {@code tools/testbed/mpy-run} itself: exit codes and one-line reasons. */
class MpyRunScriptTest {

    private static ProcessRunner.Outcome mpyRun(Map<String, String> env, String... args) {
        Testbed testbed = Testbed.get();
        List<String> command = new ArrayList<>(List.of(testbed.mpyRunScript().toString()));
        command.addAll(List.of(args));
        Map<String, String> environment = env.isEmpty() ? Map.of("WASM2MPY_TESTBED", testbed.home().toString()) : env;
        return ProcessRunner.run(command, null, environment, Duration.ofSeconds(60));
    }

    private static void assertRunnerError(ProcessRunner.Outcome outcome, String reason) {
        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(2);
        assertThat(outcome.output()).startsWith("mpy-run: ").contains(reason);
        assertThat(outcome.output().strip().lines()).as("a one-line reason").hasSize(1);
    }

    @Test
    void badArchIsARunnerErrorNamingTheKnownArchs() {
        assertRunnerError(mpyRun(Map.of(), "armv9", "-c", "print(1)"),
                "unknown ARCH 'armv9' (expected one of x64, x86, armv7m, armv6m, armv7emsp, armv7em, armv7emdp, rv32imc)");
    }

    @Test
    void missingModuleDirectoryIsARunnerError(@TempDir Path dir) {
        assertRunnerError(mpyRun(Map.of(), "x64", "-d", dir.resolve("gone").toString(), "-c", "print(1)"),
                "module directory '" + dir.resolve("gone") + "' does not exist");
    }

    @Test
    void missingProgramIsARunnerError() {
        assertRunnerError(mpyRun(Map.of(), "x64"), "give exactly one of -c CODE or FILE.py");
        assertRunnerError(mpyRun(Map.of(), "x64", "/no/such/program.py"), "'/no/such/program.py' does not exist");
    }

    @Test
    void badOptionValuesAreRunnerErrors() {
        assertRunnerError(mpyRun(Map.of(), "x64", "--timeout", "soon", "-c", "1"), "--timeout needs a number");
        assertRunnerError(mpyRun(Map.of(), "x64", "--heap", "lots", "-c", "1"), "--heap needs a size");
        assertRunnerError(mpyRun(Map.of(), "x64", "--verbose", "-c", "1"), "unknown option '--verbose'");
        assertRunnerError(mpyRun(Map.of(), "armv7m", "--heap", "2m", "-c", "1"),
                "--heap 2097152 is more than the 1048576-byte heap of the MPS2_AN385 firmware");
    }

    @Test
    void unprovisionedTestbedIsARunnerErrorNamingTheSetupCommand(@TempDir Path empty) {
        for (String arch : List.of("x64", "armv7m", "rv32imc")) {
            assertRunnerError(mpyRun(Map.of("WASM2MPY_TESTBED", empty.toString()), arch, "-c", "print(1)"),
                    "run tools/testbed/setup");
        }
    }

    @Test
    void exitCodesOfTheProgram() {
        ProcessRunner.Outcome ok = mpyRun(Map.of(), "x64", "-c", "print('fine')");
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.output()).isEqualTo("fine\n");
        assertThat(mpyRun(Map.of(), "x86", "-c", "import sys\nsys.exit(5)").exitCode()).isEqualTo(1);
        assertThat(mpyRun(Map.of(), "rv32imc", "-c", "1/0").exitCode()).isEqualTo(1);
        assertThat(mpyRun(Map.of(), "armv6m", "--timeout", "1", "-c", "while 1: pass").exitCode()).isEqualTo(124);
    }

    @Test
    void noLeftoverQemuProcesses() {
        mpyRun(Map.of(), "armv7m", "--timeout", "1", "-c", "while 1: pass");
        mpyRun(Map.of(), "rv32imc", "-c", "import machine\nmachine.mem32[0] = 1");
        long ours = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").contains("qemu-system")).count();
        assertThat(ours).isZero();
    }
}
