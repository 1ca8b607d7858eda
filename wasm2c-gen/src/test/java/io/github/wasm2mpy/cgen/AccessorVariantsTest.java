package io.github.wasm2mpy.cgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessorVariantsTest {
    private static String dispatch(AccessorVariants v) {
        return v.dispatch("Z(a)", offset -> "O" + offset + "(a)", "G(a, o)");
    }

    @Test
    void onlyZeroOffsetSitesGetTheBodyWithoutTheOffset() {
        AccessorVariants v = AccessorVariants.of(Map.of(0L, 3));
        assertThat(v).isEqualTo(new AccessorVariants(true, 3, List.of(), false));
        assertThat(dispatch(v)).isEqualTo("Z(a)");
    }

    @Test
    void fewZeroOffsetSitesBesideOthersShareTheGeneralAccessor() {
        AccessorVariants v = AccessorVariants.of(Map.of(0L, AccessorVariants.ZERO_OFFSET_SITES - 1, 4L, 2, 12L, 1));
        assertThat(v).isEqualTo(new AccessorVariants(false, AccessorVariants.ZERO_OFFSET_SITES - 1, List.of(), true));
        assertThat(v.generalIsStub()).isFalse();
        assertThat(dispatch(v)).isEqualTo("G(a, o)");
    }

    @Test
    void aFrequentOffsetGetsAStubAndTheZeroOffsetBodyItCalls() {
        AccessorVariants v = AccessorVariants.of(Map.of(0L, 2, 8L, AccessorVariants.OFFSET_SITES, 4L,
                AccessorVariants.OFFSET_SITES + 5, 12L, 1));
        assertThat(v).isEqualTo(new AccessorVariants(true, 2, List.of(4L, 8L), true));
        assertThat(v.generalIsStub()).isTrue();
        assertThat(dispatch(v)).isEqualTo("((o) == 0u ? Z(a) : ((o) == 4u ? O4(a) : ((o) == 8u ? O8(a) : G(a, o))))");
        // Every site covered: the last choice needs no test, and no general accessor is written.
        AccessorVariants covered = AccessorVariants.of(Map.of(8L, AccessorVariants.OFFSET_SITES));
        assertThat(covered).isEqualTo(new AccessorVariants(true, 0, List.of(8L), false));
        assertThat(dispatch(covered)).isEqualTo("O8(a)");
    }

    @Test
    void aStubAddsItsOffsetMasksAWrapAndCallsTheZeroOffsetBody() {
        assertThat(AccessorVariants.stub("w2m_", true, "u32", "u32", "m_instance *inst, ", "inst, ", 4L)).isEqualTo("""
                static W2M_NOINLINE W2M_UNUSED W2M_FN u32 w2m_ld4_u32(m_instance *inst, u32 a) {
                  u32 s = a + 4u;
                  s |= 0u - (u32)(s < a);
                  return w2m_ld0_u32(inst, s);
                }
                """);
        assertThat(AccessorVariants.stub("w2m_lz_", false, "u64", "u64", "", "", null)).isEqualTo("""
                static W2M_NOINLINE W2M_UNUSED W2M_FN void w2m_lz_st_u64(u32 a, u32 o, u64 v) {
                  u32 s = a + o;
                  s |= 0u - (u32)(s < a);
                  w2m_lz_st0_u64(s, v);
                }
                """);
    }
}
