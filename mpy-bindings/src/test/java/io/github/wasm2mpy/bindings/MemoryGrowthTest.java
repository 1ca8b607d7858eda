package io.github.wasm2mpy.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.model.WasmReader;
import io.github.wasm2mpy.model.text.Wat;
import io.github.wasm2mpy.testbed.TargetArch;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** A memory without memory.grow is published once per instance; one with it after every call. */
class MemoryGrowthTest {

    /** A fixed memory (no memory.grow): a data segment, a store and a trap. */
    static final String FIXED = """
            (module
              (memory (export "mem") 1)
              (data (i32.const 16) "fixed")
              (func (export "put") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
              (func (export "get") (param i32) (result i32) (i32.load8_u (local.get 0))))
            """;

    private static final String GROWING = "(module (memory (export \"mem\") 1 4)"
            + " (func (export \"grow\") (result i32) (memory.grow (i32.const 1))))";

    private static final String SESSION = String.join("\n",
            "import fixed as m",
            "mem = m.mem",
            "m.put(3, 7)",
            "print('fixed', bytes(mem[16:21]), mem[3], m.get(3), len(mem), mem is m._memory)",
            "mem[4] = 9",
            "print('view', m.get(4))",
            "try:",
            "    m.put(70000, 1)",
            "except RuntimeError as e:",
            "    print('trap', e, m.mem is mem)",
            "m.reset()",
            "print('reset', m.mem is mem, m.mem[3], bytes(m.mem[16:21]))");

    private static final List<String> EXPECTED = List.of("fixed b'fixed' 7 7 65536 True", "view 9",
            "trap out of bounds memory access True", "reset False 0 b'fixed'");

    private static String glue(String wat) throws Exception {
        GeneratedGlue glue = Bindings.generate("m.wasm", WasmReader.read(Wat.toWasm(wat)), "m", BindingOptions.of("m"));
        return glue.files().get(glue.glueSource());
    }

    private static String afterCall(String c) {
        int from = c.indexOf("static void glue_after_call(");
        return c.substring(from, c.indexOf("\n}\n", from));
    }

    @Test
    void onlyMemoryGrowCanChangeTheMemory() throws Exception {
        assertThat(MemoryGrowth.possible(WasmReader.read(Wat.toWasm(FIXED)))).isFalse();
        assertThat(MemoryGrowth.possible(WasmReader.read(Wat.toWasm(GROWING)))).isTrue();
    }

    @Test
    void afterCallPublishesTheMemoryOnlyWhenItCanGrow() throws Exception {
        String fixed = glue(FIXED);
        assertThat(afterCall(fixed)).doesNotContain("glue_publish");
        assertThat(fixed).contains("static void glue_publish(glue_state *s)", "w2m_mpy_publish_fixed_memory(",
                "    glue_publish(s);\n    glue_after_call(s);");
        String growing = glue(GROWING);
        assertThat(afterCall(growing)).contains("#ifndef W2M_MEM0_LAZY\n    glue_publish(s);");
        assertThat(growing).contains("w2m_mpy_publish_memory(").doesNotContain("w2m_mpy_publish_fixed_memory(");
    }

    @TestFactory
    Stream<DynamicTest> aFixedMemoryIsOneBytearrayPerInstance(@TempDir Path tmp) throws Exception {
        return WatSession.run(Stream.of(TargetArch.X64, TargetArch.ARMV6M), tmp, "fixed", FIXED, SESSION, EXPECTED);
    }
}
