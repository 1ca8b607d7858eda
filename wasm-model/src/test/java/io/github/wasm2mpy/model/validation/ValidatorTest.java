package io.github.wasm2mpy.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.model.Function;
import io.github.wasm2mpy.model.Instruction;
import io.github.wasm2mpy.model.InvalidModuleException;
import io.github.wasm2mpy.model.Opcode;
import io.github.wasm2mpy.model.Limits;
import io.github.wasm2mpy.model.MalformedModuleException;
import io.github.wasm2mpy.model.MemoryType;
import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.ModuleBuilder;
import io.github.wasm2mpy.model.SectionId;
import io.github.wasm2mpy.model.WasmReader;
import io.github.wasm2mpy.model.WasmWriter;
import io.github.wasm2mpy.model.text.Wat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidatorTest {

    private static Module withMemory(MemoryType memory) {
        ModuleBuilder b = new ModuleBuilder();
        b.visitMemory(memory);
        b.visitEnd();
        return b.build();
    }

    @Test
    void customPageSizesOfOneByteAllowSmallMemories() {
        Module small = withMemory(new MemoryType(Limits.of(4096, 8192), OptionalInt.of(0)));
        assertThat(Validator.validate(small).module()).isEqualTo(small);
        assertThat(Validator.read(WasmWriter.write(small)).module().memories().get(0).minBytes()).isEqualTo(4096);
        // With 1-byte pages the limit is 2^32 pages, far beyond the 65536 allowed for 64 KiB pages.
        Module large = withMemory(new MemoryType(Limits.of(70000), OptionalInt.of(0)));
        assertThat(Validator.validate(large).module()).isEqualTo(large);
    }

    @Test
    void rejectsBadPageSizesAndLimits() {
        assertThatThrownBy(() -> Validator.validate(withMemory(new MemoryType(Limits.of(1), OptionalInt.of(12)))))
                .isInstanceOf(InvalidModuleException.class).hasMessageContaining("invalid custom page size: 2^12");
        assertThatThrownBy(() -> Validator.validate(withMemory(new MemoryType(Limits.of(65537)))))
                .isInstanceOf(InvalidModuleException.class).hasMessageContaining("memory size must be at most 65536");
        assertThatThrownBy(() -> Validator.validate(withMemory(new MemoryType(Limits.of(2, 1)))))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("size minimum must not be greater than maximum")
                .satisfies(e -> assertThat(((InvalidModuleException) e).getSection()).isEqualTo(SectionId.MEMORY));
    }

    @Test
    void readNamesTheFileAndTheSection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.wasm");
        Module m = WasmReader.read(Wat.toWasm("(module (func (export \"f\")))"));
        Module twice = new Module(m.types(), m.imports(), m.functions(), m.tables(), m.memories(), m.globals(),
                List.of(m.exports().get(0), m.exports().get(0)), m.start(), m.elements(), m.dataCount(), m.data(),
                m.customSections(), m.names());
        Files.write(file, WasmWriter.write(twice));
        assertThatThrownBy(() -> Validator.read(file))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageStartingWith(file + ": offset 0x")
                .hasMessageContaining("(export section)")
                .hasMessageEndingWith("duplicate export name \"f\"");
    }

    @Test
    void malformednessWinsOverAnEarlierValidationError() {
        // Function 0 has a type error; function 1's body is cut short. Decoding fails first, as the spec orders.
        byte[] good = Wat.toWasm("(module (func (result i32) i32.const 0) (func nop nop))");
        for (int i = 0; i + 2 < good.length; i++) {
            if (good[i] == 0x41 && good[i + 1] == 0 && good[i + 2] == 0x0b) {
                good[i] = 0x42; // i64.const where an i32 is expected
            }
        }
        byte[] cut = java.util.Arrays.copyOf(good, good.length);
        cut[cut.length - 1] = 0x01; // replace the last `end` with a `nop`
        assertThatThrownBy(() -> Validator.read(cut)).isInstanceOf(MalformedModuleException.class);
        assertThatThrownBy(() -> Validator.read(good)).isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("function 0");
    }

    @Test
    void validateReplaysAModelAndReportsTheFunction() {
        Module m = WasmReader.read(Wat.toWasm("(module (func) (func (result f32) f32.const 1))"));
        ValidatedModule v = Validator.validate(m);
        assertThat(v.context().functionTypeIndices()).hasSize(2);
        // The second function loses its body: nothing left to return its f32.
        Function f = m.functions().get(1);
        Module broken = new Module(m.types(), m.imports(),
                List.of(m.functions().get(0), new Function(f.typeIndex(), f.locals(), List.of(new Instruction.Plain(Opcode.END)))),
                m.tables(), m.memories(), m.globals(), m.exports(), m.start(), m.elements(), m.dataCount(), m.data(),
                m.customSections(), m.names());
        assertThatThrownBy(() -> Validator.validate(broken)).isInstanceOf(InvalidModuleException.class)
                .satisfies(e -> assertThat(((InvalidModuleException) e).getFunctionIndex()).isEqualTo(1));
    }
}
