package io.github.wasm2mpy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.TargetArch;
import io.github.wasm2mpy.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs the .mpy files this project's build produced. */
class HelloWatIT {
    private static final Path MPY = Path.of(System.getProperty("mpy.directory"));
    /** session.py and what it prints, shared with the e2e arch matrix. */
    private static final Path SESSION = Path.of("src/test/resources").toAbsolutePath();

    @Test
    void theBuildProducedAnMpyPerArchAndAStub() {
        assertThat(MPY.resolve("x64/hello.mpy")).isNotEmptyFile();
        assertThat(MPY.resolve("armv7m/hello.mpy")).isNotEmptyFile();
        assertThat(MPY.resolve("rv32imc/hello.mpy")).isNotEmptyFile();
        assertThat(MPY.resolve("hello.pyi")).content().contains("def add(").contains("def factorial(");
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(value = TargetArch.class, names = {"X64", "ARMV7M", "RV32IMC"})
    void exportsWorkOnMicroPython(TargetArch arch) throws Exception {
        RunResult run = Testbed.get().mpyRun(arch).modules(MPY.resolve(arch.id())).timeout(Duration.ofSeconds(60))
                .file(SESSION.resolve("session.py"));
        assertThat(run.ok()).as(run.output()).isTrue();
        assertThat(run.output().lines()).containsExactlyElementsOf(Files.readAllLines(SESSION.resolve("session.out")));
    }
}
