package io.github.wasm2mpy.cgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.text.Wat;
import io.github.wasm2mpy.model.validation.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionEmitterTest {
    private static Module module(String wat) {
        return Validator.read(Wat.toWasm(wat)).module();
    }

    @Test
    void scanFindsCallsReferencesGrowAndIndirectCallsEvenInDeadCode() {
        Module m = module("""
                (module (memory 1) (table 1 funcref) (type $t (func))
                  (func $a) (func $b)
                  (func (call $a) (drop (ref.func $b)) (return)
                        (call_indirect (type $t) (i32.const 0)) (drop (memory.grow (i32.const 1))))
                  (elem declare func $b))
                """);
        FunctionEmitter.Facts facts = FunctionEmitter.scan(m.functions().get(2));
        assertThat(facts.calls()).containsExactly(0);
        assertThat(facts.refs()).containsExactly(1);
        assertThat(facts.growsMemory()).isTrue();
        assertThat(facts.callsIndirect()).isTrue();
        FunctionEmitter.Facts leaf = FunctionEmitter.scan(m.functions().get(0));
        assertThat(leaf.calls()).isEmpty();
        assertThat(leaf.growsMemory()).isFalse();
    }

    @Test
    void deadCodeAfterABranchWritesNothingButKeepsTheNesting() {
        String c = CEmitter.emit("d.wasm", Validator.read(Wat.toWasm("""
                (module (func (export "f") (param i32) (result i32)
                  (block (result i32)
                    (br 0 (i32.const 7))
                    (block (drop (i32.const 99)) (loop (br 0))))
                  (local.get 0) (i32.add)))
                """)), CodegenOptions.builder().prefix("d").build()).source();
        assertThat(c).contains("7u").doesNotContain("99u");
        assertThat(c).contains("return si0;");
    }

    private static String emitted(String module, CodegenOptions options) {
        String c = CEmitter.emit("w.wasm", Validator.read(Wat.toWasm(module)), options).source();
        return c.substring(c.indexOf("/* Functions. */"));
    }

    /** The C of one function in a module with one fixed page of memory (checks against the constant 65536). */
    private static String fixed(String func) {
        return emitted("(module (memory 1) " + func + ")", CodegenOptions.defaults());
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    /** The bounds checks of a build with inline accesses: W2M_WIDE takes its proven half there. */
    private static int checks(String c) {
        return count(c, "W2M_LD(") + count(c, "W2M_ST(") - count(c, "W2M_WIDE(") + count(c, "W2M_WIDE_CHECK(");
    }

    @Test
    void aRunOfLoadsThroughOneLocalIsCheckedOnceForItsLargestReach() {
        // The shape of an unrolled loop: base + 6 first, then base, base + 2, base + 4, with only arithmetic between.
        String c = fixed("""
                (func (export "f") (param i32) (result i32)
                  (i32.load16_s (i32.add (local.get 0) (i32.const 6)))
                  (i32.mul (i32.load16_s (local.get 0)) (i32.load16_s (i32.add (local.get 0) (i32.const 2))))
                  (i32.add)
                  (i32.load16_s (i32.add (local.get 0) (i32.const 4)))
                  (i32.add))
                """);
        assertThat(c).contains("W2M_WIDE_CHECK(l0 > 65528u);");
        assertThat(checks(c)).isEqualTo(1);
        // Where accesses are out of line on Cortex-M0 and RV32, the covered ones stay checked calls (smaller than
        // a check and a byte-wise access there), and the widened check is left out.
        assertThat(c).contains("W2M_WIDE(W2M_LD(s16, 2u, si0, 0u), W2M_LDN(s16, 2u, si0, 0u))");
        String macros = CEmitter.emit("w.wasm", Validator.read(Wat.toWasm("""
                (module (memory 1) (func (export "f") (param i32) (result i32)
                  (i32.add (i32.load (local.get 0)) (i32.load offset=4 (local.get 0)))))
                """)), CodegenOptions.defaults()).source();
        // Out of line on a target with unaligned moves (Armv7-M), the widened check is made and pays as inline.
        String made = "#define W2M_WIDE_CHECK(c) do { if (W2M_UNLIKELY(c)) w2m_trap(W2M_TRAP_MEMORY_OOB); } while (0)\n"
                + "#define W2M_WIDE(checked, proven) proven\n";
        assertThat(macros).contains("#if W2M_OUTLINE_ACCESS\n").contains("#if !W2M_STRICT_TARGET\n" + made)
                .contains("#define W2M_WIDE_CHECK(c) ((void)0)\n#define W2M_WIDE(checked, proven) checked\n#endif\n#else\n"
                        + "#define W2M_LD(t, n, a, o) W2M_INLINE_LD(t, n, a, o)\n"
                        + "#define W2M_ST(t, n, a, o, v) W2M_INLINE_ST(t, n, a, o, v)\n" + made);
        // A first access through the local itself widens to what a later one reaches, here a store's offset 8.
        String store = fixed("""
                (func (export "f") (param i32)
                  (i32.store offset=8 (local.get 0) (i32.load (local.get 0))))
                """);
        assertThat(store).contains("W2M_WIDE_CHECK(l0 > 65524u);")
                .contains("W2M_WIDE(W2M_ST(u32, 4u, si0, 8u, si1), W2M_STN(u32, 4u, si0, 8u, si1));");
        assertThat(checks(store)).isEqualTo(1);
    }

    @Test
    void aCheckIsNotWidenedOverAnythingThatCouldBeSeenBeforeTheLaterAccess() {
        String[] between = {
            "(i32.store (i32.const 0) (i32.const 1))",
            "(global.set $g (i32.const 1))",
            "(call $h)",
            "(drop (i32.div_s (local.get 1) (local.get 1)))",
            "(drop (i32.trunc_f32_s (f32.const 1)))",
            "(local.set 0 (local.get 1))",
            "(if (local.get 1) (then (nop)))",
        };
        for (String insn : between) {
            String c = fixed("""
                    (global $g (mut i32) (i32.const 0)) (func $h)
                    (func (export "f") (param i32 i32) (result i32)
                      (drop (i32.load (i32.add (local.get 0) (i32.const 8))))
                      %s
                      (i32.load (local.get 0)))
                    """.formatted(insn));
            assertThat(c).as(insn).doesNotContain("W2M_WIDE").contains("si0 = W2M_LD(u32, 4u, si0, 0u);");
        }
        // memory.grow (only in a growable memory; a contiguous one, where checks are against m0size)
        String grow = emitted("""
                (module (memory 1)
                  (func (export "f") (param i32) (result i32)
                    (drop (i32.load (i32.add (local.get 0) (i32.const 8))))
                    (drop (memory.grow (i32.const 0)))
                    (i32.load (local.get 0))))
                """, CodegenOptions.builder().heapChunkSize(0).build());
        assertThat(grow).doesNotContain("W2M_WIDE").contains("si0 = W2M_LD(u32, 4u, si0, 0u);");
        // Operations that cannot trap, and loads through other addresses, are no obstacle.
        String pure = fixed("""
                (func (export "f") (param i32 i32) (result i32)
                  (drop (i32.load (i32.add (local.get 0) (i32.const 8))))
                  (drop (i32.trunc_sat_f32_s (f32.div (f32.const 1) (f32.const 0))))
                  (drop (select (i32.load (local.get 1)) (i32.const 2) (local.get 1)))
                  (local.set 1 (i32.const 3))
                  (i32.load (local.get 0)))
                """);
        assertThat(pure).contains("W2M_WIDE_CHECK(l0 > 65524u);");
    }

    @Test
    void aCheckedSumBoundsItsLocalOnceAnEarlierCheckBoundedTheLocal() {
        // LLVM's unrolled zeroing: l, then l + 12, l + 8, l + 4. Stores are never widened (each write is seen
        // before a later trap), but once l <= size - 4 is known, l + 12 cannot wrap, and its check proves the rest.
        String stores = """
                (func (export "f") (param i32)
                  (i32.store (local.get 0) (i32.const 0))
                  (i32.store (i32.add (local.get 0) (i32.const 12)) (i32.const 0))
                  (i32.store (i32.add (local.get 0) (i32.const 8)) (i32.const 0))
                  (i32.store (i32.add (local.get 0) (i32.const 4)) (i32.const 0)))
                """;
        assertThat(checks(fixed(stores))).isEqualTo(2);
        // Without the earlier check, l + 12 may have wrapped: every store keeps its check.
        assertThat(checks(fixed(stores.replace("(i32.store (local.get 0) (i32.const 0))\n", "")))).isEqualTo(3);
        // A growable memory without a maximum stays below 2^32 - 65536: l + 65536 cannot wrap, l + 65537 can.
        String module = """
                (module (memory 1) (func (export "g") (drop (memory.grow (i32.const 1))))
                  (func (export "f") (param i32)
                    (i32.store (local.get 0) (i32.const 0))
                    (i32.store (i32.add (local.get 0) (i32.const %d)) (i32.const 0))
                    (i32.store offset=65536 (local.get 0) (i32.const 0))))
                """;
        CodegenOptions contiguous = CodegenOptions.builder().heapChunkSize(0).build();
        String third = "if (W2M_UNLIKELY((u64)si0 + 65540u > m0size)) w2m_trap(W2M_TRAP_MEMORY_OOB);";
        assertThat(emitted(module.formatted(65536), contiguous)).doesNotContain(third);
        assertThat(emitted(module.formatted(65537), contiguous)).contains(third);
    }

    @Test
    void aRunWithoutAnAccessThroughTheLocalItselfIsNotWidened() {
        // local + 8 and local + 4 may both have wrapped to small in-bounds addresses while local is out of bounds.
        String c = fixed("""
                (func (export "f") (param i32) (result i32)
                  (i32.add (i32.load (i32.add (local.get 0) (i32.const 8)))
                           (i32.load (i32.add (local.get 0) (i32.const 4)))))
                """);
        assertThat(checks(c)).isEqualTo(2);
        assertThat(c).doesNotContain("W2M_WIDE");
    }

    @Test
    void aSumIsWidenedOnlyWhenItsWrappingPutsTheLocalBeyondAnySize() {
        // A growable memory without a maximum stays below 2^32 - 65536: a wrapped local + 65536 leaves local
        // beyond every size, local + 65537 does not.
        String module = """
                (module (memory 1) (func (export "g") (drop (memory.grow (i32.const 1))))
                  (func (export "f") (param i32) (result i32)
                    (i32.add (i32.load (i32.add (local.get 0) (i32.const %d))) (i32.load (local.get 0)))))
                """;
        CodegenOptions contiguous = CodegenOptions.builder().heapChunkSize(0).build();
        assertThat(emitted(module.formatted(65536), contiguous)).contains("W2M_WIDE_CHECK((u64)l0 + 65540u > m0size);");
        assertThat(emitted(module.formatted(65537), contiguous)).doesNotContain("W2M_WIDE");
        // A lazily committed memory checks each access against its prefix: nothing is widened there.
        assertThat(emitted(module.formatted(8), CodegenOptions.defaults())).doesNotContain("W2M_WIDE");
    }

    @Test
    void aWidenedCheckTrapsExactlyWhenOneOfTheAccessesItCoversWould(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // run(l): loads at l + 6, l, l + 2, l + 4 (one widened check of l + 8 <= 65536);
        // barrier(l): a load at l + 8, a store to byte 0, a load at l (the store keeps the two checks apart).
        CSources c = CEmitter.emit("t.wasm", Validator.read(Wat.toWasm("""
                (module (memory (export "mem") 1 1)
                  (func (export "run") (param i32) (result i32)
                    (i32.load16_u (i32.add (local.get 0) (i32.const 6)))
                    (i32.add (i32.load16_u (local.get 0)) (i32.load16_u (i32.add (local.get 0) (i32.const 2))))
                    (i32.add)
                    (i32.add (i32.load16_u (i32.add (local.get 0) (i32.const 4)))))
                  (func (export "barrier") (param i32) (result i32)
                    (drop (i32.load8_u (i32.add (local.get 0) (i32.const 8))))
                    (i32.store8 (i32.const 0) (i32.const 1))
                    (i32.load8_u (local.get 0))))
                """)), CodegenOptions.builder().prefix("t").build());
        String main = """
                #include <stdio.h>
                #include "w2m_host_default.h"
                #include "t.h"
                static t_instance inst;
                static void call(const char *f, u32 l) {
                  w2m_try_frame fr;
                  w2m_trap_code code = W2M_TRY(fr);
                  if (code != W2M_TRAP_NONE) { printf("%s %u trap %d byte0 %u\\n", f, l, (int)code, inst.mem0->data[0]); return; }
                  u32 r = f[0] == 'r' ? t_x_run(&inst, l) : t_x_barrier(&inst, l);
                  w2m_try_end(&fr);
                  printf("%s %u = %u byte0 %u\\n", f, l, r, inst.mem0->data[0]);
                }
                int main(void) {
                  t_instantiate(&inst);
                  call("run", 65528u); call("run", 65529u); call("run", 65530u); call("run", 4294967290u);
                  call("barrier", 65530u); call("barrier", 4294967288u);
                  return 0;
                }
                """;
        String expected = """
                run 65528 = 0 byte0 0
                run 65529 trap 2 byte0 0
                run 65530 trap 2 byte0 0
                run 4294967290 trap 2 byte0 0
                barrier 65530 trap 2 byte0 0
                barrier 4294967288 trap 2 byte0 1
                """;
        assertThat(c.source()).contains("W2M_WIDE_CHECK(l0 > 65528u);");
        for (String outline : List.of("0", "1", "2")) {
            java.nio.file.Path d = java.nio.file.Files.createDirectories(dir.resolve("outline" + outline));
            List<java.nio.file.Path> sources = new java.util.ArrayList<>(c.writeTo(d));
            sources.removeIf(p -> !p.toString().endsWith(".c"));
            java.nio.file.Path driver = d.resolve("main.c");
            java.nio.file.Files.writeString(driver, main);
            sources.add(driver);
            assertThat(HostBuild.compile(d, List.of("-I" + d, "-DW2M_OUTLINE_ACCESS=" + outline), sources)).isNull();
            assertThat(HostBuild.run(d, 60).output()).as("W2M_OUTLINE_ACCESS=" + outline).isEqualTo(expected);
        }
    }
}
