package io.github.wasm2mpy.model.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.model.WasmReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatTest {

    @Test
    void compilesTextFromAStringOrAFile(@TempDir Path dir) throws Exception {
        String text = "(module (func (export \"answer\") (result i32) i32.const 42))";
        Path file = dir.resolve("answer.wat");
        Files.writeString(file, text);
        byte[] fromString = Wat.toWasm(text);
        assertThat(Wat.toWasm(file)).isEqualTo(fromString);
        assertThat(WasmReader.read(fromString).export("answer")).isPresent();
    }

    @Test
    void errorsNameTheInput(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.wat");
        Files.writeString(file, "(module (func i32.bogus))");
        assertThatThrownBy(() -> Wat.toWasm(file)).isInstanceOf(TextFormatException.class)
                .hasMessageStartingWith(file + ": wat2wasm rejected the module")
                .hasMessageContaining("1:15: error: unexpected token i32.bogus");
        assertThatThrownBy(() -> Wat.toWasm(dir.resolve("missing.wat"))).isInstanceOf(TextFormatException.class)
                .hasMessageContaining("missing.wat: no such file");
        assertThatThrownBy(() -> Wat.toWasm("(module (func i32.bogus))")).isInstanceOf(TextFormatException.class)
                .hasMessageContaining("(module (func i32.bogus))");
    }

    @Test
    void aValidationErrorSaysWhatAndWhere() {
        assertThatThrownBy(() -> Wat.toWasm("(module\n  (func (result i32)\n    i32.add))"))
                .isInstanceOf(TextFormatException.class)
                .hasMessageContaining("3:5: error: type mismatch in i32.add");
    }
}
