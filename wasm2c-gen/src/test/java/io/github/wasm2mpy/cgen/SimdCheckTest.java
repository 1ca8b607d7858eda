package io.github.wasm2mpy.cgen;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.model.text.Wat;
import org.junit.jupiter.api.Test;

class SimdCheckTest {
    private static void rejects(String wat, String where) {
        assertThatThrownBy(() -> CEmitter.emit("simd.wasm", Wat.toWasm(wat), CodegenOptions.defaults()))
                .isInstanceOf(CodegenException.class)
                .hasMessageStartingWith("simd.wasm: " + where + ": SIMD (v128) is not supported yet");
    }

    @Test
    void namesTheFirstUseOfV128() {
        // (wat2wasm writes no name section here, so functions go by index; with one, the name follows it.)
        rejects("(module (func $lanes (param v128)))", "function 0 takes or returns v128");
        rejects("(module (func (local i32 v128)))", "function 0 declares v128 locals");
        rejects("(module (memory 1) (func $f (result i32) i32.const 0 v128.load i32x4.extract_lane 1))",
                "function 0, instruction 1: v128.load");
        rejects("(module (global v128 (v128.const i64x2 0 0)))", "global 0 is a v128 global");
        rejects("(module (import \"env\" \"g\" (func (result v128))) (func))", "import env.g takes or returns v128");
    }

    @Test
    void aModuleWithoutSimdPasses() {
        assertThatCode(() -> CEmitter.emit("plain.wasm", Wat.toWasm("(module (func (param i32)))"),
                CodegenOptions.defaults())).doesNotThrowAnyException();
    }
}
