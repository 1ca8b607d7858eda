package io.github.wasm2mpy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.cgen.CodegenOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildArgumentsTest {

    private static CodegenOptions options(String... args) {
        return BuildArguments.codegenOptions(
                Arguments.parse(List.of(args), BuildArguments.WITH_VALUE, BuildArguments.FLAGS));
    }

    @Test
    void everyCodegenOptionReachesTheOptions() {
        CodegenOptions o = options("--memory", "heap", "--bounds-checks", "none", "--max-memory", "16k",
                "--call-depth-limit", "100", "--heap-chunk-size", "256", "--keep-dead-code");
        assertThat(o.memory()).isEqualTo(CodegenOptions.MemoryMode.HEAP);
        assertThat(o.boundsChecks()).isEqualTo(CodegenOptions.BoundsChecks.NONE);
        assertThat(o.maxMemory()).isEqualTo(16 * 1024);
        assertThat(o.callDepthLimit()).isEqualTo(100);
        assertThat(o.heapChunkSize()).isEqualTo(256);
        assertThat(o.removeDeadCode()).isFalse();
    }

    @Test
    void withoutOptionsTheDefaultsApply() {
        assertThat(options()).isEqualTo(CodegenOptions.defaults());
    }

    @Test
    void heapChunkSizeTakesSuffixesAndZero() {
        assertThat(options("--heap-chunk-size", "4k").heapChunkSize()).isEqualTo(4096);
        assertThat(options("--heap-chunk-size", "8").heapChunkSize()).isEqualTo(8);
        assertThat(options("--heap-chunk-size", "0").heapChunkSize()).isZero();
    }

    @Test
    void aHeapChunkSizeThatIsNotAPowerOfTwoIsAUsageError() {
        for (String bad : List.of("1000", "4", "3k", "2g", "-256", "2m0")) {
            assertThatThrownBy(() -> options("--heap-chunk-size", bad)).as(bad)
                    .isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("--heap-chunk-size takes")
                    .hasMessageEndingWith("got '" + bad + "'");
        }
    }
}
