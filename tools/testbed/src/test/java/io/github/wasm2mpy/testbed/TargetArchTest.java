package io.github.wasm2mpy.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetArchTest {

    @Test
    void idsAreTheNatmodArchNames() {
        assertThat(TargetArch.values()).extracting(TargetArch::id)
                .containsExactly("x64", "x86", "armv7m", "armv6m", "armv7emsp", "rv32imc");
    }

    @Test
    void ofFindsEachArchByItsId() {
        for (TargetArch arch : TargetArch.values()) {
            assertThat(TargetArch.of(arch.id())).isSameAs(arch);
        }
        assertThat(TargetArch.of("ARMV7M")).isSameAs(TargetArch.ARMV7M);
    }

    @Test
    void unknownIdListsTheKnownOnes() {
        assertThatThrownBy(() -> TargetArch.of("xtensa"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown testbed arch 'xtensa', expected one of x64, x86, armv7m, armv6m, armv7emsp, rv32imc");
    }

    @Test
    void onlyTheBoardsAreEmulated() {
        assertThat(TargetArch.X64.emulated()).isFalse();
        assertThat(TargetArch.X86.emulated()).isFalse();
        assertThat(TargetArch.ARMV7M.emulated()).isTrue();
        assertThat(TargetArch.ARMV6M.emulated()).isTrue();
        assertThat(TargetArch.ARMV7EMSP.emulated()).isTrue();
        assertThat(TargetArch.RV32IMC.emulated()).isTrue();
    }
}
