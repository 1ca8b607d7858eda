package io.github.wasm2mpy.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.model.WasmReader;
import io.github.wasm2mpy.model.text.Wat;
import io.github.wasm2mpy.testbed.TargetArch;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Imports share one trampoline per signature and one call routine, which tells them apart by their context. */
class GlueWriterTest {

    /** Four imports of three signatures, one of them built in, two of the same signature bound to different callables. */
    static final String WAT = """
            (module
              (import "env" "twice" (func $twice (param i32) (result i32)))
              (import "wiring" "delay" (func $delay (param i32)))
              (import "env" "thrice" (func $thrice (param i32) (result i32)))
              (import "env" "wide" (func $wide (param i64 f64) (result i64)))
              (func (export "f") (param i32) (result i32)
                (call $delay (i32.const 1))
                (i32.add (call $twice (local.get 0)) (call $thrice (local.get 0))))
              (func (export "g") (result i64) (call $wide (i64.const 1099511627776) (f64.const 0.5))))
            """;

    private static final String SESSION = String.join("\n",
            "import shared as m",
            "try:",
            "    m.f(3)",
            "except RuntimeError as e:",
            "    print('unbound', e)",
            "m.bind({'env.twice': lambda x: 2 * x, 'env.thrice': lambda x: 3 * x, 'env.wide': lambda a, b: a + int(b * 10)})",
            "print('f', m.f(3), m.f(-4))",
            "print('g', m.g())",
            "m.bind({'env.twice': lambda x: 'two', 'env.thrice': lambda x: 3 * x})",
            "try:",
            "    m.f(1)",
            "except TypeError as e:",
            "    print('result', e)",
            "m.bind({'env.thrice': lambda x: 3 * x})",
            "try:",
            "    m.f(1)",
            "except RuntimeError as e:",
            "    print('unbound', e)");

    private static final List<String> EXPECTED = List.of(
            "unbound import env.twice is not bound: pass it to shared.bind({'env.twice': fn})",
            "f 15 -20",
            "g 1099511627781",
            "result result of env.twice",
            "unbound import env.twice is not bound: pass it to shared.bind({'env.twice': fn})");

    private static String glue() throws Exception {
        GeneratedGlue glue = Bindings.generate("shared.wasm", WasmReader.read(Wat.toWasm(WAT)), "shared",
                BindingOptions.of("shared"));
        return glue.files().get(glue.glueSource());
    }

    @Test
    void oneTrampolinePerSignatureAndTheBuiltInsInTheSharedCall() throws Exception {
        String c = glue();
        assertThat(Pattern.compile("^static \\w+ glue_trampoline_\\d+\\(", Pattern.MULTILINE).matcher(c).results())
                .hasSize(3);
        assertThat(c).contains("(w2m_fn)glue_trampoline_0}, /* env.twice */",
                        "(w2m_fn)glue_trampoline_1}, /* wiring.delay */",
                        "(w2m_fn)glue_trampoline_0}, /* env.thrice */",
                        "(w2m_fn)glue_trampoline_2}, /* env.wide */",
                        "case 1: /* wiring.delay */",
                        "case 'j':", "case 'd':")
                .doesNotContain("case 0: /*", "case 2: /*", "case 'f':", "glue_import_0(");
    }

    @Test
    void withoutBuiltInsTheCallHasNoSwitchOverImports() throws Exception {
        GeneratedGlue glue = Bindings.generate("shared.wasm", WasmReader.read(Wat.toWasm(WAT)), "shared",
                new BindingOptions("shared", false, false));
        assertThat(glue.files().get(glue.glueSource())).doesNotContain("switch (index)", "w2m_wiring_delay(");
    }

    /** Nothing can be unbound when every import is built in: no message, and the last case is the switch's default. */
    @Test
    void withEveryImportBuiltInTheLastCaseIsTheDefault() throws Exception {
        String wat = "(module (import \"wiring\" \"delay\" (func (param i32)))"
                + " (import \"wiring\" \"millis\" (func (result i32))))";
        GeneratedGlue glue = Bindings.generate("all.wasm", WasmReader.read(Wat.toWasm(wat)), "all",
                BindingOptions.of("all"));
        assertThat(glue.files().get(glue.glueSource())).contains("case 0: /* wiring.delay */",
                "default: /* wiring.millis */").doesNotContain("is not bound");
        assertThat(glue()).contains("is not bound");
    }

    /**
     * The messages of bind() and of a bound import's bad result are plain strings (no formatting code for them), and
     * the lazy-memory helpers come from the module's object.
     */
    @Test
    void messagesWithoutFormattingAndTheModulesMemoryHelpers() throws Exception {
        String c = glue();
        assertThat(c).contains("static const char glue_bind_error[] = \"bind(): unknown import name; this module imports"
                        + " env.twice, wiring.delay, env.thrice, env.wide\";",
                "static const char messages[] = \"\\001result of env.twice\\000\\003result of env.thrice\\000"
                        + "\\004result of env.wide\\000\";",
                "#define W2M_RT_SHARED_EXTERN 1")
                .doesNotContain("\"result of %.*s\"", "MP_QSTR_len");
    }

    @TestFactory
    Stream<DynamicTest> importsOfOneSignatureReachTheirOwnCallables(@TempDir Path tmp) throws Exception {
        // a 64-bit and a 32-bit port (the i64 argument and result split into halves there) keep it to seconds
        return WatSession.run(Stream.of(TargetArch.X64, TargetArch.ARMV6M), tmp, "shared", WAT, SESSION, EXPECTED);
    }

    /** One import with a result: its bad result raises that import's message directly, without a walk. */
    static final String ONE_RESULT = """
            (module
              (import "wiring" "delay" (func $delay (param i32)))
              (import "wiring" "millis" (func $millis (result i32)))
              (func (export "now") (result i32) (call $delay (i32.const 0)) (call $millis)))
            """;

    private static final String ONE_RESULT_SESSION = String.join("\n",
            "import oneresult as m",
            "for value in ('x', 1 << 40, 42):",
            "    m.bind({'wiring.millis': lambda: value})",
            "    try:",
            "        print('now', m.now())",
            "    except (TypeError, OverflowError) as e:",
            "        print(type(e).__name__, e)");

    @Test
    void oneImportWithAResultHasItsMessageWithoutAWalk() throws Exception {
        GeneratedGlue glue = Bindings.generate("oneresult.wasm", WasmReader.read(Wat.toWasm(ONE_RESULT)), "oneresult",
                BindingOptions.of("oneresult"));
        assertThat(glue.files().get(glue.glueSource()))
                .contains("w2m_mpy_raise_msg(error, \"result of wiring.millis\");")
                .doesNotContain("static const char messages[]");
    }

    @TestFactory
    Stream<DynamicTest> oneImportWithAResultNamesItsBadResult(@TempDir Path tmp) throws Exception {
        return WatSession.run(Stream.of(TargetArch.X64, TargetArch.ARMV6M), tmp, "oneresult", ONE_RESULT,
                ONE_RESULT_SESSION, List.of("TypeError result of wiring.millis\n",
                        "OverflowError result of wiring.millis\n", "now 42\n"));
    }
}
