package io.github.wasm2mpy.cgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.text.Wat;
import io.github.wasm2mpy.model.validation.Validator;
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
}
