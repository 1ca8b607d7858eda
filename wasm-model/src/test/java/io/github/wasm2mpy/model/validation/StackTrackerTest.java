package io.github.wasm2mpy.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.model.BlockType;
import io.github.wasm2mpy.model.CodeVisitor;
import io.github.wasm2mpy.model.InvalidModuleException;
import io.github.wasm2mpy.model.Opcode;
import io.github.wasm2mpy.model.ValType;
import io.github.wasm2mpy.model.text.Wat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackTrackerTest {

    /** What a generator chained behind the tracker sees at each instruction (the state before it). */
    private record Seen(String insn, List<ValType> stack, boolean unreachable, int frames, StackTracker.Frame top) {
    }

    private static List<Seen> trace(String wat) {
        ValidatedModule v = Validator.read(Wat.toWasm(wat));
        List<Seen> seen = new ArrayList<>();
        StackTracker[] tracker = new StackTracker[1];
        CodeVisitor recorder = new CodeVisitor() {
            void record(String insn) {
                StackTracker t = tracker[0];
                seen.add(new Seen(insn, t.stack(), t.isUnreachable(), t.frameCount(), t.frame(0)));
            }

            @Override
            public void visitInsn(Opcode op) {
                record(op.mnemonic());
            }

            @Override
            public void visitBlockInsn(Opcode op, BlockType type) {
                record(op.mnemonic());
            }

            @Override
            public void visitBranchInsn(Opcode op, int depth) {
                record(op.mnemonic() + " " + depth);
            }

            @Override
            public void visitLocalInsn(Opcode op, int index) {
                record(op.mnemonic() + " " + index);
            }

            @Override
            public void visitConstInsn(Opcode op, long bits) {
                record(op.mnemonic());
            }
        };
        tracker[0] = v.tracker(0, recorder);
        v.module().functions().get(0).accept(tracker[0]);
        assertThat(tracker[0].frameCount()).as("all frames closed at the end").isZero();
        return seen;
    }

    private static Seen at(List<Seen> seen, String insn) {
        return seen.stream().filter(s -> s.insn().equals(insn)).findFirst().orElseThrow();
    }

    @Test
    void delegateSeesTheStackBeforeEachInstruction() {
        List<Seen> seen = trace("(module (func (param i32 i64) (result i64)"
                + " local.get 0 i32.const 2 i32.add i64.extend_i32_u local.get 1 i64.mul))");
        assertThat(at(seen, "local.get 0").stack()).isEmpty();
        assertThat(at(seen, "i32.add").stack()).containsExactly(ValType.I32, ValType.I32);
        assertThat(at(seen, "i64.extend_i32_u").stack()).containsExactly(ValType.I32);
        assertThat(at(seen, "i64.mul").stack()).containsExactly(ValType.I64, ValType.I64);
        assertThat(at(seen, "end").stack()).containsExactly(ValType.I64);
        assertThat(at(seen, "end").top().kind()).isEqualTo(StackTracker.FrameKind.FUNCTION);
    }

    @Test
    void framesCarryBlockTypesHeightsAndLabelTypes() {
        List<Seen> seen = trace("(module (type $t (func (param i32) (result i32)))"
                + " (func (result i32) i32.const 1"
                + "  (loop $l (type $t) (param i32) (result i32) br 0)))");
        Seen br = at(seen, "br 0");
        assertThat(br.frames()).isEqualTo(2);
        assertThat(br.top().kind()).isEqualTo(StackTracker.FrameKind.LOOP);
        assertThat(br.top().labelTypes()).containsExactly(ValType.I32);
        assertThat(br.top().height()).isZero();
        assertThat(br.stack()).containsExactly(ValType.I32);
    }

    @Test
    void unreachableCodeHasAPolymorphicStackWithUnknownSlots() {
        List<Seen> seen = trace("(module (func (result i32)"
                + " (block (result i32) unreachable select i32.const 1 i32.add)))");
        Seen select = at(seen, "select");
        assertThat(select.unreachable()).isTrue();
        assertThat(select.stack()).isEmpty();
        Seen i32const = at(seen, "i32.const");
        assertThat(i32const.stack()).hasSize(1);
        assertThat(i32const.stack().get(0)).as("select of unknown operands is unknown").isNull();
        assertThat(at(seen, "i32.add").stack()).containsExactly(null, ValType.I32);
    }

    @Test
    void typeErrorsAreInvalidWithFunctionAndInstructionOffset() {
        byte[] wasm = Wat.toWasm("(module (func (result i32) i32.const 1))");
        for (int i = 0; i + 2 < wasm.length; i++) {
            if (wasm[i] == 0x41 && wasm[i + 1] == 1 && wasm[i + 2] == 0x0b) {
                wasm[i] = 0x42; // wat2wasm validates, so make the i64.const by hand
            }
        }
        assertThatThrownBy(() -> Validator.read(wasm))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("function 0")
                .hasMessageContaining("instruction at 0x")
                .hasMessageContaining("type mismatch")
                .satisfies(e -> assertThat(((InvalidModuleException) e).getInstructionOffset()).isPositive());
    }

    @Test
    void localTypesSpanParametersAndRunsOfLocals() {
        ValidatedModule v = Validator.read(Wat.toWasm(
                "(module (func (param f32) (local i32 i32 i64) (local f64)))"));
        StackTracker t = v.tracker(0, null);
        assertThat(t.localType(0)).isEqualTo(ValType.F32);
        assertThat(t.localType(2)).isEqualTo(ValType.I32);
        assertThat(t.localType(3)).isEqualTo(ValType.I64);
        assertThat(t.localType(4)).isEqualTo(ValType.F64);
        assertThatThrownBy(() -> t.localType(5)).isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining("unknown local 5");
    }
}
