package io.github.wasm2mpy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.TargetArch;
import io.github.wasm2mpy.testbed.Testbed;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs the .mpy files this project's build produced. */
class HelloWatIT {
    private static final Path MPY = Path.of(System.getProperty("mpy.directory"));

    @Test
    void theBuildProducedAnMpyPerArchAndAStub() {
        assertThat(MPY.resolve("x64/hello.mpy")).isNotEmptyFile();
        assertThat(MPY.resolve("armv7m/hello.mpy")).isNotEmptyFile();
        assertThat(MPY.resolve("rv32imc/hello.mpy")).isNotEmptyFile();
        assertThat(MPY.resolve("hello.pyi")).content().contains("def add(").contains("def factorial(");
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(value = TargetArch.class, names = {"X64", "ARMV7M", "RV32IMC"})
    void exportsWorkOnMicroPython(TargetArch arch) {
        RunResult run = Testbed.get().mpyRun(arch).modules(MPY.resolve(arch.id())).timeout(Duration.ofSeconds(60))
                .code("""
                import hello
                print(hello.add(2, 3), hello.divide(7, 2), hello.factorial(20), hello.hypot(3, 4))
                try:
                    hello.divide(1, 0)
                except RuntimeError as e:
                    print("trap:", e)
                print(hello.add(1, 1))
                """);
        assertThat(run.ok()).as(run.output()).isTrue();
        // The boards print floats in single precision, the unix port in double: both show 5.0 here.
        assertThat(run.output()).isEqualTo("5 3 2432902008176640000 5.0\ntrap: integer divide by zero\n2\n");
    }
}
