package io.github.wasm2mpy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.pipeline.CompilerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixArchTest {

    @Test
    void coversExactlyTheArchsThePipelineTargets() {
        List<String> targets = new ArrayList<>(CompilerSpec.archs());
        targets.add("webassembly");
        assertThat(Arrays.stream(MatrixArch.values()).map(MatrixArch::id)).containsExactlyInAnyOrderElementsOf(targets);
        assertThat(MatrixArch.values()).filteredOn(MatrixArch::webassembly).containsExactly(MatrixArch.WEBASSEMBLY);
    }

    @Test
    void everyArchSaysHowItIsChecked() {
        assertThat(MatrixArch.withCheck(MatrixArch.Check.RUN)).extracting(MatrixArch::id)
                .containsExactly("x64", "x86", "armv6m", "armv7m", "armv7em", "armv7emsp", "armv7emdp", "rv32imc",
                        "webassembly");
        assertThat(MatrixArch.withCheck(MatrixArch.Check.LINK)).containsExactly(MatrixArch.XTENSA);
        assertThat(MatrixArch.values()).allSatisfy(a -> assertThat(a.how()).isNotBlank());
        assertThat(MatrixArch.of("ARMv7EMdp")).isEqualTo(MatrixArch.ARMV7EMDP);
        assertThatThrownBy(() -> MatrixArch.of("mips")).hasMessageContaining("unknown arch 'mips'");
    }
}
