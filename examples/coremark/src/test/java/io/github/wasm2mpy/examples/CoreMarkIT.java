package io.github.wasm2mpy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.TargetArch;
import io.github.wasm2mpy.testbed.Testbed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CoreMarkIT {
    private static final Path MPY = Path.of(System.getProperty("mpy.directory"));

    @Test
    void runsCoreMarkAndPrintsAScore() {
        RunResult run = Testbed.get().mpyRun(TargetArch.X64).modules(MPY.resolve("x64"))
                .timeout(Duration.ofSeconds(120))
                .code("import coremark; coremark.setup()");
        assertThat(run.ok()).as(run.output()).isTrue();
        // This build of CoreMark (the original project's) prints only its banner and the score.
        assertThat(run.output()).startsWith("Running CoreMark 1.0...\n");
        Matcher score = Pattern.compile("Result: ([0-9.]+)").matcher(run.output());
        assertThat(score.find()).as(run.output()).isTrue();
        assertThat(Double.parseDouble(score.group(1))).isPositive();
    }
}
