package io.github.wasm2mpy.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.wasm2mpy.model.validation.ValidatedModule;
import io.github.wasm2mpy.model.validation.Validator;

/**
 * Fuzzes reader + validator + writer: whatever the bytes, the only exceptions are {@link WasmModelException}s,
 * and a module that validates round-trips through the writer to an equal model. {@code mvn test} replays the
 * committed corpus ({@code src/test/resources/.../WasmReaderFuzzTestInputs/readAndValidate}); see
 * {@code docs/fuzzing.md} to fuzz for longer.
 */
class WasmReaderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void readAndValidate(byte[] bytes) {
        ValidatedModule validated;
        try {
            validated = Validator.read(bytes);
        } catch (WasmModelException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            return;
        }
        Module module = validated.module();
        assertThat(WasmReader.read(WasmWriter.write(module))).isEqualTo(module);
    }
}
