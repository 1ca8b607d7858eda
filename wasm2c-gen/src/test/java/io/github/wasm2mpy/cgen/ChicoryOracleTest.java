package io.github.wasm2mpy.cgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.model.text.Wat;
import io.github.wasm2mpy.model.validation.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fuzz oracle's trace, and its corrections of Chicory 1.0.0 where Chicory departs from the spec. */
class ChicoryOracleTest {
    private static List<String> trace(String wat) {
        byte[] wasm = Wat.toWasm(wat);
        return ChicoryOracle.trace(wasm, FuzzPlan.of(Validator.read(wasm).module(), 1));
    }

    @Test
    void tracesCallsLogsResultsGlobalsAndMemory() {
        List<String> trace = trace("""
                (module
                  (import "fuzzing-support" "log-i32" (func $log (param i32)))
                  (memory 1 1)
                  (global $g (mut f32) (f32.const 1.5))
                  (global $n (mut f64) (f64.const nan:0x1234))
                  (func (export "f") (result i64 f32) (call $log (i32.const -1)) (i64.const -2) (f32.const -0))
                  (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 7) (local.get 0))))
                """);
        assertThat(trace).hasSize(10);
        assertThat(trace.subList(0, 3)).containsExactly("call f", "log log-i32 i32:4294967295",
                "result i64:18446744073709551614 f32:80000000");
        assertThat(trace.subList(3, 5)).containsExactly("call div i32:0", "trap integer divide by zero");
        assertThat(trace.get(5)).startsWith("call div i32:");
        assertThat(trace.get(6)).matches("result i32:\\d+|trap integer divide by zero");
        assertThat(trace.subList(7, 10)).containsExactly("global 0 f32:3fc00000", "global 1 f64:nan",
                "memory 1 " + String.format("%016x", FuzzPlan.fnv1a(new byte[65536])));
    }

    @Test
    void narrowStoresPastFourGibibytesTrap() {
        // Chicory 1.0.0 alone wraps these three around to address 21 and stores there.
        for (String store : List.of("i32.store8 offset=22 (i32.const -1) (i32.const 1)",
                "i64.store8 offset=22 (i32.const -1) (i64.const 1)", "i64.store32 offset=22 (i32.const -1) (i64.const 1)")) {
            List<String> trace = trace("(module (memory 1) (func (export \"s\") (" + store + ")))");
            assertThat(trace).as(store).startsWith("call s", "trap out of bounds memory access");
            assertThat(trace.get(2)).as(store).isEqualTo("memory 1 " + String.format("%016x", FuzzPlan.fnv1a(new byte[65536])));
        }
    }

    @Test
    void activeDataSegmentsAreDroppedByInstantiation() {
        // Chicory 1.0.0 keeps an active segment's bytes, so memory.init of them would succeed.
        List<String> trace = trace("""
                (module (memory 1) (data (i32.const 0) "abc")
                  (func (export "init") (memory.init 0 (i32.const 8) (i32.const 0) (i32.const 1)))
                  (func (export "empty") (memory.init 0 (i32.const 8) (i32.const 0) (i32.const 0)))
                  (func (export "far") (memory.init 0 (i32.const 8) (i32.const -120) (i32.const 1))))
                """);
        assertThat(trace.subList(0, 6)).containsExactly("call init", "trap out of bounds memory access",
                "call empty", "result", "call far", "trap out of bounds memory access");
    }

    @Test
    void aFillPastTwoGibibytesIsOutOfBounds() {
        // Chicory 1.0.0 adds destination and length as ints; the wrapped sum makes Arrays.fill throw instead of trap
        // (fuzz seed 9c59485d94b73832).
        List<String> trace = trace("(module (memory 1) (func (export \"f\")"
                + " (memory.fill (i32.const 15) (i32.const 7) (i32.const 2147483647))))");
        assertThat(trace.subList(0, 2)).containsExactly("call f", "trap out of bounds memory access");
    }

    @Test
    void namesTrapsAsTheCRuntimeDoes() {
        assertThat(ChicoryOracle.trapKind(new RuntimeException("undefined element"))).isEqualTo("undefined element");
        assertThat(ChicoryOracle.trapKind(new RuntimeException("uninitialized element 3"))).isEqualTo("uninitialized element");
        assertThat(ChicoryOracle.trapKind(new RuntimeException("Trapped on unreachable instruction"))).isEqualTo("unreachable");
        assertThat(ChicoryOracle.trapKind(new StackOverflowError())).isEqualTo("call stack exhausted");
        assertThat(ChicoryOracle.trapKind(new IllegalStateException("boom"))).isEqualTo("unknown (java.lang.IllegalStateException: boom)");
    }
}
