package io.github.wasm2mpy.cgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryAccessorsTest {
    /** One fixed page in .bss, as a module declaring (memory 1 1) gets it. */
    private static final CEmitter.MemoryPlan STATIC_PAGE =
            new CEmitter.MemoryPlan(false, true, true, 65536, 1, 1, 65536, false, 65536, 0, 65536);
    /** A growable memory allocated whole, as a module declaring (memory 1) gets it without lazy commits. */
    private static final CEmitter.MemoryPlan GROWABLE =
            new CEmitter.MemoryPlan(false, false, false, 65536, 1, 65536, 65536, false, 0, 0, 0xffffffffL);
    /** A growable memory committed lazily, with a 4 KiB prefix in 1 KiB chunks. */
    private static final CEmitter.MemoryPlan LAZY =
            new CEmitter.MemoryPlan(false, false, false, 65536, 1, 65536, 65536, true, 4096, 10, 0xffffffffL);

    @Test
    void writesNothingForAModuleWithoutAccesses() {
        MemoryAccessors accessors = new MemoryAccessors("m", STATIC_PAGE, false);
        assertThat(accessors.checkedAccessMacros()).isEmpty();
        assertThat(accessors.lazyAccessMacros()).isEmpty();
    }

    @Test
    void checkedSitesShapeTheAccessorsOfAFixedMemory() {
        MemoryAccessors accessors = new MemoryAccessors("m", STATIC_PAGE, false);
        for (int i = 0; i < AccessorVariants.ZERO_OFFSET_SITES; i++) accessors.useAccess("ld_u32", 0);
        for (int i = 0; i < AccessorVariants.OFFSET_SITES; i++) accessors.useAccess("ld_u32", 4);
        accessors.useAccess("st_u8", 1);
        String c = accessors.checkedAccessMacros();
        // A fixed .bss memory: constant limit and base, no instance argument.
        assertThat(c).contains("static W2M_NOINLINE W2M_FN u32 w2m_ld0_u32(u32 a) {\n"
                        + "  if (W2M_UNLIKELY(a > 65536u - 4u)) W2M_ACCESSOR_TRAP(W2M_TRAP_MEMORY_OOB);\n"
                        + "  return w2m_acc_load_u32(m_mem0_data + a);\n}\n")
                .contains("u32 w2m_ld4_u32(u32 a) {")
                .contains("#define W2M_LD_u32(a, o) ((o) == 0u ? w2m_ld0_u32(a) : w2m_ld4_u32(a))\n")
                // One store site: inline unless every kind is forced out of line.
                .contains("#if W2M_OUTLINE_ACCESS >= 2\nstatic W2M_FN void w2m_st_u8(u32 a, u32 o, u32 v) {")
                .contains("#else\n#define W2M_ST_u8(a, o, v) W2M_INLINE_ST(u8, 1u, a, o, v)\n#endif\n");
        assertThat(accessors.lazyAccessMacros()).isEmpty();
    }

    @Test
    void lazySitesGetAccessorsThatCheckThePrefixAndFallBackToTheRuntime() {
        MemoryAccessors accessors = new MemoryAccessors("m", LAZY, false);
        for (int i = 0; i < MemoryAccessors.LAZY_OUTLINE_SITES; i++) accessors.useLazyAccess("st_u32", 8);
        accessors.useLazyAccess("ld_u16", 0);
        String c = accessors.lazyAccessMacros();
        assertThat(c).contains("void w2m_lz_st0_u32(m_instance *inst, u32 a, u32 v) {\n"
                        + "  if (W2M_LIKELY(a <= 4092u)) w2m_acc_store_u32(inst->mem0_own.data + a, v);\n"
                        + "  else w2m_mem_store_u32(&inst->mem0_own, a, 0u, v);\n}\n")
                .contains("void w2m_lz_st8_u32(m_instance *inst, u32 a, u32 v) {")
                .contains("#if W2M_OUTLINE_LAZY_ACCESS >= 1\n#define W2M_LZ_ST_u32(c, a, o, v) w2m_lz_st8_u32(inst, a, v)\n")
                // One load site: an accessor only where every kind is forced out of line.
                .contains("#if W2M_OUTLINE_LAZY_ACCESS >= 2\n#define W2M_LZ_LD_u16(c, a, o) w2m_lz_ld0_u16(inst, a)\n");
        assertThat(accessors.checkedAccessMacros()).isEmpty();
    }

    @Test
    void singleInstanceAccessorsTakeTheLiveInstanceInsteadOfAnArgument() {
        MemoryAccessors checked = new MemoryAccessors("m", GROWABLE, true);
        for (int i = 0; i < AccessorVariants.ZERO_OFFSET_SITES; i++) checked.useAccess("ld_u32", 0);
        for (int i = 0; i < AccessorVariants.OFFSET_SITES; i++) checked.useAccess("ld_u32", 4);
        assertThat(checked.checkedAccessMacros())
                .contains("static W2M_NOINLINE W2M_FN u32 w2m_ld0_u32(u32 a) {\n"
                        + "  m_instance *inst = (m_instance *)(0 - m_live_inst);\n"
                        + "  if (W2M_UNLIKELY(a > inst->mem0_own.size - 4u)) W2M_ACCESSOR_TRAP(W2M_TRAP_MEMORY_OOB);\n"
                        + "  return w2m_acc_load_u32(inst->mem0_own.data + a);\n}\n")
                .contains("#define W2M_LD_u32(a, o) ((o) == 0u ? w2m_ld0_u32(a) : w2m_ld4_u32(a))\n")
                .doesNotContain("(inst, ");
        assertThat(checked.usesLiveInstance()).isTrue();
        // A fixed .bss memory's accessors need no instance: the module then has no live-instance variable.
        MemoryAccessors fixed = new MemoryAccessors("m", STATIC_PAGE, true);
        for (int i = 0; i < AccessorVariants.ZERO_OFFSET_SITES; i++) fixed.useAccess("ld_u32", 0);
        assertThat(fixed.checkedAccessMacros()).doesNotContain("m_live_inst");
        assertThat(fixed.usesLiveInstance()).isFalse();
        // Kinds too rare for -Os to call their accessors: the forced level 2 gets them with the instance argument.
        MemoryAccessors rare = new MemoryAccessors("m", LAZY, true);
        rare.useLazyAccess("ld_u32", 0);
        assertThat(rare.lazyAccessMacros()).contains("w2m_lz_ld0_u32(m_instance *inst, u32 a)").doesNotContain("m_live_inst");
        assertThat(rare.usesLiveInstance()).isFalse();
        MemoryAccessors lazy = new MemoryAccessors("m", LAZY, true);
        for (int i = 0; i < MemoryAccessors.LAZY_OUTLINE_SITES; i++) lazy.useLazyAccess("st_u32", 0);
        assertThat(lazy.lazyAccessMacros())
                .contains("void w2m_lz_st0_u32(u32 a, u32 v) {\n  m_instance *inst = (m_instance *)(0 - m_live_inst);\n"
                        + "  if (W2M_LIKELY(a <= 4092u)) w2m_acc_store_u32(inst->mem0_own.data + a, v);\n")
                .contains("#define W2M_LZ_ST_u32(c, a, o, v) w2m_lz_st0_u32(a, v)\n")
                .doesNotContain("(inst, ");
    }
}
