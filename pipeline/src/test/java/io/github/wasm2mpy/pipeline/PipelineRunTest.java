package io.github.wasm2mpy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a run writes and what it says when it cannot: one message naming the file that could not be written,
 * with the system's reason, and no stack-trace-like class names.
 */
class PipelineRunTest {
    @TempDir
    Path out;

    private static Path simple() {
        return Testbed.get().repoRoot().resolve("testdata/apps/simple.wasm");
    }

    private static Wasm2Mpy build(Path outputDirectory, String arch) {
        return Wasm2Mpy.builder().input(simple()).arch(arch).outputDirectory(outputDirectory)
                .workDirectory(outputDirectory.getParent().resolve("work")).build();
    }

    @Test
    void anOutputDirectoryUnderAFileIsNamedOnce() throws Exception {
        Path blocker = Files.writeString(out.resolve("blocker"), "a file");
        Path target = blocker.resolve("sub");
        assertThatThrownBy(() -> build(target, "x64").run()).isInstanceOf(PipelineException.class)
                .hasMessage(simple() + ": cannot write outputs to " + target + ": Not a directory");
    }

    @Test
    void anArchDirectoryThatIsAFileNamesTheMpy() throws Exception {
        Path target = out.resolve("o");
        Files.createDirectories(target);
        Files.writeString(target.resolve("x64"), "a file");
        assertThatThrownBy(() -> build(target, "x64").run()).isInstanceOf(PipelineException.class)
                .hasMessage(simple() + ": cannot write " + target.resolve("x64/simple.mpy") + ": Not a directory");
    }

    @Test
    void aStubThatCannotBeWrittenIsNamed() throws Exception {
        Path target = out.resolve("o");
        Files.createDirectories(target.resolve("simple.pyi"));
        assertThatThrownBy(() -> build(target, "x64").run()).isInstanceOf(PipelineException.class)
                .hasMessage(simple() + ": cannot write " + target.resolve("simple.pyi") + ": Is a directory");
    }

    @Test
    void aVariantMustBeTwoPercentSmaller() {
        assertThat(PipelineRun.worthItsCost(98, 100)).isTrue();
        assertThat(PipelineRun.worthItsCost(9_800, 10_000)).isTrue();
        assertThat(PipelineRun.worthItsCost(9_801, 10_000)).isFalse();
        assertThat(PipelineRun.worthItsCost(100, 100)).isFalse();
        assertThat(PipelineRun.worthItsCost(0, 0)).isFalse();
        assertThat(PipelineRun.worthItsCost(101, 100)).isFalse();
    }
}
