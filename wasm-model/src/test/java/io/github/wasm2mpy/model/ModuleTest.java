package io.github.wasm2mpy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.model.text.Wat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleTest {
    private static final String WAT = String.join("\n",
            "(module",
            "  (import \"env\" \"log\" (func $log (param i32)))",
            "  (import \"env\" \"g\" (global $g i32))",
            "  (memory 1) (table 2 funcref)",
            "  (global $h (mut i64) (i64.const 5))",
            "  (func $main (export \"main\") (result i32) i32.const 7 call $log global.get $g)",
            "  (elem (i32.const 0) $main $log)",
            "  (data (i32.const 16) \"hi\"))");

    @Test
    void indexSpacesPutImportsFirst() {
        Module m = WasmReader.read(Wat.toWasm(WAT));
        assertThat(m.importedFunctionCount()).isEqualTo(1);
        assertThat(m.importedGlobalCount()).isEqualTo(1);
        assertThat(m.functionTypeIndices()).hasSize(2);
        assertThat(m.functionType(0)).hasToString("[i32] -> []");
        assertThat(m.functionType(1)).hasToString("[] -> [i32]");
        assertThat(m.allGlobals()).extracting(GlobalType::mutable).containsExactly(false, true);
        assertThat(m.allMemories()).hasSize(1);
        assertThat(m.allTables().get(0).limits()).isEqualTo(Limits.of(2));
        assertThat(m.export("main").orElseThrow().index()).isEqualTo(1);
        assertThat(m.data().get(0).bytes()).containsExactly('h', 'i');
    }

    @Test
    void isImmutable() {
        Module m = WasmReader.read(Wat.toWasm(WAT));
        assertThatThrownBy(() -> m.functions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.functions().get(0).body().add(new Instruction.Plain(Opcode.NOP)))
                .isInstanceOf(UnsupportedOperationException.class);
        m.data().get(0).bytes()[0] = 'X';
        assertThat(m.data().get(0).byteAt(0)).isEqualTo((byte) 'h');
    }

    @Test
    void acceptReplaysInSectionOrder() {
        Module m = WasmReader.read(Wat.toWasm(WAT));
        List<String> events = new ArrayList<>();
        ModuleBuilder copy = new ModuleBuilder();
        m.accept(new ModuleVisitor(copy) {
            @Override
            public void visitSection(SectionId section, int offset) {
                events.add(section.displayName());
                assertThat(offset).isEqualTo(-1);
                super.visitSection(section, offset);
            }
        });
        assertThat(events).containsExactly("type", "import", "function", "table", "memory", "global", "export",
                "element", "code", "data");
        assertThat(copy.build()).isEqualTo(m);
    }
}
