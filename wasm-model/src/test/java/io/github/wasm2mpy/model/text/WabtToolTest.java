package io.github.wasm2mpy.model.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WabtToolTest {

    @Test
    void outputFilesComeBackByName() {
        byte[] script = "(module (func (export \"f\")))\n(assert_invalid (module (func (result i32))) \"type mismatch\")\n"
                .getBytes(StandardCharsets.UTF_8);
        WabtTool.Output out = WabtTool.WAST2JSON.run(script, "s.wast", "s.wast",
                List.of("-o", WabtTool.outPath("s.json")), "the script");
        assertThat(out.files()).containsOnlyKeys("s.json", "s.0.wasm", "s.1.wasm");
        assertThat(new String(out.files().get("s.json"), StandardCharsets.UTF_8)).contains("\"assert_invalid\"");
        assertThat(out.files().get("s.0.wasm")).startsWith(0, 'a', 's', 'm');
    }

    @Test
    void longDiagnosticsAreCutAfterTheFirstLines() {
        // Twelve invalid functions: wat2wasm reports each with the source line and a caret.
        StringBuilder text = new StringBuilder("(module\n");
        for (int i = 0; i < 12; i++) {
            text.append("  (func (result i32) i64.const 0)\n");
        }
        byte[] wat = text.append(")\n").toString().getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WabtTool.WAT2WASM.run(wat, "many.wat", "many.wat", List.of("--output=-"), "the module"))
                .isInstanceOf(TextFormatException.class)
                .hasMessageStartingWith("many.wat: wat2wasm rejected the module:\n  2:")
                .hasMessageEndingWith("\n  ...")
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1 + 8 + 1));
    }
}
