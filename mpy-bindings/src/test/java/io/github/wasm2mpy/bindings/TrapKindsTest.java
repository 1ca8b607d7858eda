package io.github.wasm2mpy.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.bindings.TrapKinds.Kind;
import io.github.wasm2mpy.model.WasmReader;
import io.github.wasm2mpy.model.text.Wat;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The glue carries the messages of the traps its module can raise, and only those; each still raises Trap. */
class TrapKindsTest {

    /** One export per trap kind a module without tables can raise; an immutable exported global, no imports. */
    static final String WAT = """
            (module
              (memory 1)
              (global (export "answer") i32 (i32.const 42))
              (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (func (export "rem") (param i32 i32) (result i32) (i32.rem_u (local.get 0) (local.get 1)))
              (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
              (func (export "boom") unreachable)
              (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
              (func $down (export "down") (param i32) (result i32)
                (if (result i32) (local.get 0)
                  (then (call $down (i32.sub (local.get 0) (i32.const 1))))
                  (else (i32.const 0)))))
            """;

    private static final String SESSION = String.join("\n",
            "import traps as t",
            "def check(what, f, *args):",
            "    try:",
            "        f(*args)",
            "        print(what, 'no trap')",
            "    except t.Trap as e:",
            "        print(what, type(e).__name__, isinstance(e, RuntimeError), e)",
            "check('div0', t.div, 1, 0)",
            "check('overflow', t.div, -2147483648, -1)",
            "check('rem0', t.rem, 1, 0)",
            "check('nan', t.trunc, float('nan'))",
            "check('big', t.trunc, 1e10)",
            "check('boom', t.boom)",
            "check('load', t.load, 65536)",
            "check('deep', t.down, 100000)",
            "print('after', t.div(-7, 2), t.down(10), t.load(0), t.answer)",
            "print('set_global', hasattr(t, 'set_global'))",
            "try:",
            "    t.bind({'env.f': print})",
            "except ValueError as e:",
            "    print('bind', e)",
            "t.bind({})",
            "t.reset()",
            "t.instantiate({})",
            "t.instantiate()",
            "print('done', t.div(9, 3))");

    private static final List<String> EXPECTED = List.of(
            "div0 Trap True integer divide by zero",
            "overflow Trap True integer overflow",
            "rem0 Trap True integer divide by zero",
            "nan Trap True invalid conversion to integer",
            "big Trap True integer overflow",
            "boom Trap True unreachable",
            "load Trap True out of bounds memory access",
            "deep Trap True call stack exhausted",
            "after -3 0 0 42",
            "set_global False",
            "bind bind(): unknown import name; this module has no imports",
            "done 3");

    private static Kind[] kinds(String wat) throws Exception {
        return TrapKinds.of(WasmReader.read(Wat.toWasm(wat))).toArray(Kind[]::new);
    }

    @Test
    void aModuleThatOnlyAddsCanOnlyRunOutOfMemory() throws Exception {
        assertThat(kinds("(module (func (export \"add\") (param i32 i32) (result i32)"
                + " (i32.add (local.get 0) (local.get 1))))")).containsExactly(Kind.OUT_OF_MEMORY);
    }

    @Test
    void kindsFollowInstructionsMemoriesAndTables() throws Exception {
        assertThat(kinds(WAT)).containsExactlyInAnyOrder(Kind.OUT_OF_MEMORY, Kind.MEMORY_OOB, Kind.DIV_BY_ZERO,
                Kind.INT_OVERFLOW, Kind.INVALID_CONVERSION, Kind.UNREACHABLE, Kind.EXHAUSTION);
        assertThat(kinds("(module (func (export \"q\") (param i64 i64) (result i64)"
                + " (i64.div_u (local.get 0) (local.get 1))))")).containsExactlyInAnyOrder(Kind.OUT_OF_MEMORY,
                Kind.DIV_BY_ZERO);
        assertThat(kinds("(module (func (export \"s\") (param f64) (result i32) (i32.trunc_sat_f64_s (local.get 0))))"))
                .containsExactly(Kind.OUT_OF_MEMORY);
        assertThat(kinds(TablesTest.WAT)).contains(Kind.TABLE_OOB, Kind.UNINITIALIZED, Kind.INDIRECT_TYPE,
                Kind.EXHAUSTION, Kind.UNDEFINED_ELEMENT).doesNotContain(Kind.MEMORY_OOB, Kind.DIV_BY_ZERO);
        // A table without call_indirect cannot reach past its end through a call.
        assertThat(kinds("(module (table 1 funcref) (func (export \"g\") (result funcref) (table.get (i32.const 0))))"))
                .contains(Kind.TABLE_OOB).doesNotContain(Kind.UNDEFINED_ELEMENT);
    }

    @Test
    void theGlueCarriesOnlyTheMessagesAndFunctionsItsModuleUses() throws Exception {
        GeneratedGlue glue = Bindings.generate("add.wasm", WasmReader.read(Wat.toWasm("(module (func (export \"add\")"
                + " (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))")), "add", BindingOptions.of("add"));
        String c = glue.files().get(glue.glueSource());
        assertThat(c).contains("#define W2M_MPY_TRAP_NAMES \"\\012out of memory\\0\\377\"")
                .doesNotContain("glue_set_global", "integer divide by zero", "glue_import_names");
        assertThat(glue.pyi()).doesNotContain("set_global");
        assertThat(glue.qstrs()).doesNotContain("set_global", "len", "get");
        assertThat(glue.files().get(glue.qstrHeader())).doesNotContain("MP_QSTR_get ", "MP_QSTR_len ");

        // the interface-only path cannot see instructions: every message, and set_global for a mutable global
        GeneratedGlue calc = Bindings.generate(BindingsTest.calcInterface(), BindingsTest.calcInfo(),
                BindingOptions.of("calc"));
        String all = calc.files().get(calc.glueSource());
        for (Kind k : EnumSet.allOf(Kind.class)) {
            assertThat(all).contains(k.message);
        }
        assertThat(all).contains("glue_set_global");
        assertThat(calc.pyi()).contains("def set_global(");
    }

    @TestFactory
    Stream<DynamicTest> eachKindStillRaisesTrapWithTheSpecMessage(@TempDir Path tmp) throws Exception {
        return WatSession.run(AppsTest.archs().stream(), tmp, "traps", WAT, SESSION, EXPECTED);
    }
}
