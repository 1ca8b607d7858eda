package io.github.wasm2mpy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.model.text.Wat;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasmReaderTest {
    private static final byte[] HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};

    private static byte[] module(int... sectionBytes) {
        byte[] out = new byte[HEADER.length + sectionBytes.length];
        System.arraycopy(HEADER, 0, out, 0, HEADER.length);
        for (int i = 0; i < sectionBytes.length; i++) {
            out[HEADER.length + i] = (byte) sectionBytes[i];
        }
        return out;
    }

    @Test
    void readsFromBytesPathAndStream(@TempDir Path dir) throws Exception {
        byte[] wasm = Wat.toWasm("(module (func (export \"f\") (param i32) (result i32) local.get 0))");
        Path file = dir.resolve("f.wasm");
        Files.write(file, wasm);
        Module fromBytes = WasmReader.read(wasm);
        assertThat(WasmReader.read(file)).isEqualTo(fromBytes);
        assertThat(WasmReader.read(new ByteArrayInputStream(wasm))).isEqualTo(fromBytes);
        assertThat(fromBytes.functionType(0)).hasToString("[i32] -> [i32]");
        assertThat(fromBytes.functions().get(0).body()).containsExactly(
                new Instruction.Local(Opcode.LOCAL_GET, 0), new Instruction.Plain(Opcode.END));
    }

    @Test
    void errorsNameFileOffsetSectionFunctionAndInstruction(@TempDir Path dir) throws Exception {
        // type [] -> [], one function whose body has the unknown opcode 0xfd 0x9a.
        byte[] wasm = module(1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 7, 1, 5, 0, 0xfd, 0x9a, 0x01, 0x0b);
        Path file = dir.resolve("app.wasm");
        Files.write(file, wasm);
        assertThatThrownBy(() -> WasmReader.read(file))
                .isInstanceOf(MalformedModuleException.class)
                .hasMessage(file + ": offset 0x17 (code section, function 0, instruction at 0x17): "
                        + "illegal opcode 0xfd 0x9a")
                .satisfies(e -> {
                    MalformedModuleException m = (MalformedModuleException) e;
                    assertThat(m.getSource()).isEqualTo(file.toString());
                    assertThat(m.getOffset()).isEqualTo(0x17);
                    assertThat(m.getSection()).isEqualTo(SectionId.CODE);
                    assertThat(m.getFunctionIndex()).isZero();
                    assertThat(m.getInstructionOffset()).isEqualTo(0x17);
                });
    }

    @Test
    void hugeCountsFailCleanlyWithoutAllocating() {
        // A type section claiming 2^32-1 entries in 5 bytes.
        assertThatThrownBy(() -> WasmReader.read(module(1, 5, 0xff, 0xff, 0xff, 0xff, 0x0f)))
                .isInstanceOf(MalformedModuleException.class)
                .hasMessageContaining("type section")
                .hasMessageContaining("vector of 4294967295 elements");
        // A function declaring 2^32-1 locals twice.
        byte[] locals = module(1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 16, 1, 14, 2,
                0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x0b);
        assertThatThrownBy(() -> WasmReader.read(locals)).isInstanceOf(MalformedModuleException.class)
                .hasMessageContaining("too many locals");
    }

    @Test
    void truncatedAndGarbageInputsAreMalformed() {
        assertThatThrownBy(() -> WasmReader.read(new byte[0])).isInstanceOf(MalformedModuleException.class)
                .hasMessageContaining("magic header not detected");
        assertThatThrownBy(() -> WasmReader.read(new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0}))
                .isInstanceOf(MalformedModuleException.class).hasMessageContaining("unknown binary version 2");
        assertThatThrownBy(() -> WasmReader.read(module(1, 10, 1)))
                .isInstanceOf(MalformedModuleException.class).hasMessageContaining("length out of bounds");
        assertThatThrownBy(() -> WasmReader.read(module(14, 0)))
                .isInstanceOf(MalformedModuleException.class).hasMessageContaining("malformed section id 14");
    }

    @Test
    void memoryFlagsOfUnsupportedProposalsSayWhichProposal() {
        // memory section: one memory, flags 0x03 (max + shared), min 1, max 1.
        assertThatThrownBy(() -> WasmReader.read(module(5, 4, 1, 0x03, 1, 1)))
                .isInstanceOf(MalformedModuleException.class)
                .hasMessageContaining("integer too large: memory limits flags 3")
                .hasMessageContaining("shared memory, from the threads proposal");
        assertThatThrownBy(() -> WasmReader.read(module(5, 3, 1, 0x04, 1)))
                .isInstanceOf(MalformedModuleException.class)
                .hasMessageContaining("64-bit memory, from the memory64 proposal");
    }

    @Test
    void decodesCustomPageSizesAndMemoryLimits() {
        // memory section: one memory, flags 0x09 (max + page size), min 1, max 4, log2(page size) 0.
        Module m = WasmReader.read(module(5, 5, 1, 0x09, 1, 4, 0));
        MemoryType memory = m.memories().get(0);
        assertThat(memory.limits()).isEqualTo(Limits.of(1, 4));
        assertThat(memory.pageSizeLog2()).isEqualTo(OptionalInt.of(0));
        assertThat(memory.pageSize()).isEqualTo(1);
        assertThat(WasmWriter.write(m)).isEqualTo(module(5, 5, 1, 0x09, 1, 4, 0));
    }

    @Test
    void decodesTheNameSectionAndKeepsItVerbatim() {
        Module m = WasmReader.read(Wat.toWasm("(module $demo (func $fib (param $n i32)))"));
        // wat2wasm only writes names with --debug-names, so build the section by hand as well.
        assertThat(m.names()).isEqualTo(Names.NONE);
        byte[] names = module(1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 4, 1, 2, 0, 0x0b,
                0, 22, 4, 'n', 'a', 'm', 'e', 0, 5, 4, 'd', 'e', 'm', 'o', 1, 6, 1, 0, 3, 'f', 'i', 'b',
                2, 0); // a truncated local-names subsection must not make the module malformed
        Module named = WasmReader.read(names);
        assertThat(named.names().moduleName()).contains("demo");
        assertThat(named.names().functionName(0)).contains("fib");
        assertThat(named.customSections()).extracting(CustomSection::name).containsExactly("name");
        assertThat(named.customSections().get(0).after()).isEqualTo(SectionId.CODE);
    }

    @Test
    void filtersChainAndSeeEveryInstruction() {
        byte[] wasm = Wat.toWasm("(module (func $a) (func call $a call $a))");
        int[] calls = new int[1];
        ModuleBuilder builder = new ModuleBuilder();
        new WasmReader(wasm).accept(new ModuleVisitor(builder) {
            @Override
            public CodeVisitor visitCode(int functionIndex, List<Locals> locals) {
                return new CodeVisitor(super.visitCode(functionIndex, locals)) {
                    @Override
                    public void visitFunctionInsn(Opcode op, int index) {
                        calls[0]++;
                        super.visitFunctionInsn(op, index);
                    }
                };
            }
        });
        assertThat(calls[0]).isEqualTo(2);
        assertThat(builder.build()).isEqualTo(WasmReader.read(wasm));
    }
}
