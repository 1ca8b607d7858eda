package io.github.wasm2mpy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.TargetArch;
import io.github.wasm2mpy.testbed.Testbed;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BlinkIT {
    private static final Path MPY = Path.of(System.getProperty("mpy.directory"));

    @Test
    void blinksTwiceOnMicroPythonX64() {
        RunResult run = Testbed.get().mpyRun(TargetArch.X64).modules(MPY.resolve("x64")).code("""
                import blink
                blink.setup(); blink.loop(); blink.loop()
                print("blinks:", blink.count())
                """);
        assertThat(run.ok()).as(run.output()).isTrue();
        assertThat(run.output()).isEqualTo("blink ready\nLED on\nLED off\nLED on\nLED off\nblinks: 2\n");
    }

    @Test
    void theSameModuleWasBuiltForTheBoards() {
        assertThat(MPY.resolve("armv6m/blink.mpy")).isNotEmptyFile();
        assertThat(MPY.resolve("rv32imc/blink.mpy")).isNotEmptyFile();
    }
}
