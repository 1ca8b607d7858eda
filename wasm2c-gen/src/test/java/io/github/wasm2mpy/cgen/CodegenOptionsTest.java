package io.github.wasm2mpy.cgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodegenOptionsTest {
    @Test
    void defaultsAreSafe() {
        CodegenOptions o = CodegenOptions.defaults();
        assertThat(o.boundsChecks()).isEqualTo(CodegenOptions.BoundsChecks.TRAP);
        assertThat(o.memory()).isEqualTo(CodegenOptions.MemoryMode.AUTO);
        assertThat(o.callDepthLimit()).isEqualTo(500);
        assertThat(o.removeDeadCode()).isTrue();
        // A library host may keep several instances of one compiled module.
        assertThat(o.singleInstance()).isFalse();
    }

    @Test
    void toBuilderRoundTrips() {
        CodegenOptions o = CodegenOptions.builder().prefix("app").memory(CodegenOptions.MemoryMode.STATIC)
                .maxMemory(32768).callDepthLimit(0).hostGrowsMemory(false).heapChunkSize(64).singleInstance(true).build();
        assertThat(o.toBuilder().build()).isEqualTo(o);
    }

    @Test
    void rejectsBadValuesByName() {
        assertThatThrownBy(() -> CodegenOptions.builder().prefix("1abc").build()).hasMessageContaining("1abc");
        assertThatThrownBy(() -> CodegenOptions.builder().maxMemory(-1).build()).hasMessageContaining("maxMemory");
        assertThatThrownBy(() -> CodegenOptions.builder().callDepthLimit(-2).build()).hasMessageContaining("callDepthLimit");
    }
}
