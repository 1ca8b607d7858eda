package io.github.wasm2mpy.model.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.model.WasmReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WastScriptTest {
    private static final String SCRIPT = String.join("\n",
            "(module $m",
            "  (func (export \"id\") (param f32) (result f32) local.get 0)",
            "  (func (export \"v\") (result v128) v128.const i32x4 1 2 3 4)",
            "  (global (export \"g\") i64 (i64.const -1)))",
            "(register \"lib\" $m)",
            "(assert_return (invoke \"id\" (f32.const nan)) (f32.const nan:canonical))",
            "(assert_return (invoke $m \"v\") (v128.const i32x4 1 2 3 4))",
            "(assert_return (get \"g\") (i64.const -1))",
            "(assert_trap (invoke \"id\" (f32.const 0)) \"unreachable\")",
            "(assert_invalid (module (func (result i32) (i64.const 0))) \"type mismatch\")",
            "(assert_malformed (module quote \"(func\") \"unexpected end\")",
            "(assert_malformed (module binary \"\\00asm\\02\\00\\00\\00\") \"unknown binary version\")",
            "");

    @Test
    void convertsEveryCommandKind(@TempDir Path dir) throws Exception {
        Path wast = dir.resolve("demo.wast");
        Files.writeString(wast, SCRIPT);
        WastScript script = WastScript.load(wast, dir.resolve("cache"));
        List<WastScript.Command> c = script.commands();
        assertThat(c).extracting(WastScript.Command::type).containsExactly("module", "register", "assert_return",
                "assert_return", "assert_return", "assert_trap", "assert_invalid", "assert_malformed",
                "assert_malformed");
        assertThat(c).extracting(WastScript.Command::line).startsWith(1, 5, 6);

        WastScript.ModuleCommand module = (WastScript.ModuleCommand) c.get(0);
        assertThat(module.name()).contains("$m");
        assertThat(WasmReader.read(module.bytes()).exports()).hasSize(3);
        assertThat(((WastScript.Register) c.get(1)).as()).isEqualTo("lib");

        WastScript.AssertReturn nan = (WastScript.AssertReturn) c.get(2);
        assertThat(nan.action().field()).isEqualTo("id");
        assertThat(nan.action().args().get(0).type()).isEqualTo("f32");
        assertThat(nan.expected().get(0).isCanonicalNan(0)).isTrue();

        WastScript.AssertReturn v128 = (WastScript.AssertReturn) c.get(3);
        assertThat(v128.action().module()).contains("$m");
        assertThat(v128.expected().get(0).laneType()).contains("i32");
        assertThat(v128.expected().get(0).values()).containsExactly("1", "2", "3", "4");

        WastScript.AssertReturn get = (WastScript.AssertReturn) c.get(4);
        assertThat(get.action().type()).isEqualTo(WastScript.ActionType.GET);
        assertThat(get.expected().get(0).value()).isEqualTo("18446744073709551615");

        assertThat(((WastScript.AssertTrap) c.get(5)).text()).isEqualTo("unreachable");
        WastScript.AssertModule invalid = (WastScript.AssertModule) c.get(6);
        assertThat(invalid.assertion()).isEqualTo(WastScript.Assertion.INVALID);
        assertThat(invalid.moduleType()).isEqualTo(WastScript.ModuleType.BINARY);
        assertThat(((WastScript.AssertModule) c.get(7)).moduleType()).isEqualTo(WastScript.ModuleType.TEXT);
        assertThat(((WastScript.AssertModule) c.get(8)).bytes()).startsWith(0, 'a', 's', 'm', 2);

        // A second load comes from the cache and is the same script.
        assertThat(WastScript.load(wast, dir.resolve("cache")).commands()).hasSameSizeAs(c);
        assertThat(WastScript.load(wast).commands()).hasSameSizeAs(c);
    }

    @Test
    void errorsNameTheScriptLineColumnAndWhatIsWrong(@TempDir Path dir) throws Exception {
        Path wast = dir.resolve("broken.wast");
        Files.writeString(wast, "(module\n  (func (export \"f\") (result i32)\n    i32.bogus))\n");
        assertThatThrownBy(() -> WastScript.load(wast, dir.resolve("cache"))).isInstanceOf(TextFormatException.class)
                .hasMessageStartingWith(wast + ": wast2json rejected the script:\n  3:5: error: unexpected token")
                .hasMessageContaining("i32.bogus")
                .hasMessageNotContaining("\u001B");
        // Nothing half-converted is left in the cache: the next load runs wast2json again and fails the same way.
        assertThat(dir.resolve("cache")).isEmptyDirectory();

        Path unknown = dir.resolve("unknown.wast");
        Files.writeString(unknown, "(module)\n(assert_bogus (invoke \"f\"))\n");
        assertThatThrownBy(() -> WastScript.load(unknown)).isInstanceOf(TextFormatException.class)
                .hasMessageStartingWith(unknown + ": wast2json rejected the script:\n  2:1: error: unexpected token (, expected EOF.")
                .hasMessageContaining("assert_bogus");

        assertThatThrownBy(() -> WastScript.load(dir.resolve("missing.wast"))).isInstanceOf(TextFormatException.class)
                .hasMessage(dir.resolve("missing.wast") + ": no such file");
        assertThatThrownBy(() -> WastScript.load(dir.resolve("missing.wast"), dir.resolve("cache")))
                .isInstanceOf(TextFormatException.class).hasMessage(dir.resolve("missing.wast") + ": no such file");
    }
}
