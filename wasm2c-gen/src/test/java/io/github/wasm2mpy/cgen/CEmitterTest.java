package io.github.wasm2mpy.cgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CEmitterTest {
    static byte[] wat(String text) {
        return Wat2Wasm.parse(text);
    }

    static final String FIB = """
            (module
              (memory 1 1)
              (func $fib (export "fib") (param $n i32) (result i32)
                (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
                  (then (local.get $n))
                  (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                                 (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
              (func $dead (result i32) (i32.load (i32.const 8)))
              (func (export "peek") (param i32) (result i32) (i32.load offset=4 (local.get 0))))
            """;

    @Test
    void sameInputSameBytes() {
        byte[] w = wat(FIB);
        CSources a = CEmitter.emit("fib.wasm", w, CodegenOptions.defaults());
        CSources b = CEmitter.emit("fib.wasm", w, CodegenOptions.defaults());
        assertThat(a).isEqualTo(b);
    }

    @Test
    void deadCodeRemoved() {
        // Chicory's wat2wasm writes no name section, so functions are named by index.
        CSources c = CEmitter.emit("fib.wasm", wat(FIB), CodegenOptions.builder().prefix("fib").build());
        assertThat(c.source()).contains("static W2M_FN u32 fn0(fib_instance *inst, u32 l0)");
        assertThat(c.source()).doesNotContain("fn1(");
        assertThat(c.header()).contains("W2M_FN u32 fib_x_fib(fib_instance *inst, u32 a0);");
        CSources all = CEmitter.emit("fib.wasm", wat(FIB), CodegenOptions.builder().removeDeadCode(false).build());
        assertThat(all.source()).contains("fn1(");
    }

    @Test
    void staticMemoryHasConstantBaseAndBounds() {
        CSources c = CEmitter.emit("fib.wasm", wat(FIB), CodegenOptions.builder().memory(CodegenOptions.MemoryMode.STATIC).build());
        // Default prefix "wasm"; external linkage so -fpic code reaches it through the GOT and it stays in .bss.
        assertThat(c.source()).contains("\nu8 wasm_mem0_data[65536u]").doesNotContain("static u8 wasm_mem0_data");
        assertThat(c.source()).contains("> 65528u))"); // 65536 - (offset 4 + 4 bytes)
        CSources none = CEmitter.emit("fib.wasm", wat(FIB), CodegenOptions.builder().boundsChecks(CodegenOptions.BoundsChecks.NONE).build());
        assertThat(none.source()).doesNotContain("W2M_TRAP_MEMORY_OOB");
    }

    @Test
    void callDepthLimitIsCounted() {
        assertThat(CEmitter.emit("f.wasm", wat(FIB), CodegenOptions.builder().callDepthLimit(64).build()).source())
                .contains("++inst->w2m_depth > 64u");
        assertThat(CEmitter.emit("f.wasm", wat(FIB), CodegenOptions.builder().callDepthLimit(0).build()).source())
                .doesNotContain("w2m_depth >");
    }

    @Test
    void maxMemoryTooSmallFailsAtBuildTime() {
        assertThatThrownBy(() -> CEmitter.emit("fib.wasm", wat(FIB), CodegenOptions.builder().maxMemory(4096).build()))
                .isInstanceOf(CodegenException.class).hasMessageContaining("fib.wasm").hasMessageContaining("maxMemory");
    }

    @Test
    void acceptsAValidatedModelAndRejectsInvalidModules() {
        var valid = io.github.wasm2mpy.model.validation.Validator.read(wat(FIB));
        assertThat(CEmitter.emit("fib.wasm", valid, CodegenOptions.defaults()))
                .isEqualTo(CEmitter.emit("fib.wasm", wat(FIB), CodegenOptions.defaults()));
        // (func (result i32)) with an empty body: well-formed but invalid.
        byte[] invalid = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7f, 3, 2, 1, 0, 10, 4, 1, 2, 0, 0x0b};
        assertThatThrownBy(() -> CEmitter.emit("bad.wasm", invalid, CodegenOptions.defaults()))
                .isInstanceOf(CodegenException.class).hasMessageStartingWith("bad.wasm: ");
    }

    @Test
    void badInputNamesTheFile() {
        assertThatThrownBy(() -> CEmitter.emit("junk.wasm", new byte[] {1, 2, 3}, CodegenOptions.defaults()))
                .isInstanceOf(CodegenException.class).hasMessageContaining("junk.wasm");
    }

    @Test
    void writesRuntimeBesideTheModule(@TempDir Path dir) throws Exception {
        CEmitter.emit("fib.wasm", wat(FIB), CodegenOptions.builder().prefix("fib").build()).writeTo(dir);
        assertThat(dir.resolve("fib.c")).exists();
        assertThat(dir.resolve("fib.h")).exists();
        assertThat(dir.resolve("w2m_rt.h")).exists();
        assertThat(Files.readString(dir.resolve("fib.c"))).contains("#include \"fib.h\"");
    }
}
