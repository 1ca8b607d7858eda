package io.github.wasm2mpy.cgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.model.Instruction;
import io.github.wasm2mpy.model.Opcode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstExprsTest {
    private static final Instruction END = new Instruction.Plain(Opcode.END);

    @Test
    void anI32ConstantIsReadUnsigned() {
        assertThat(ConstExprs.i32(List.of(new Instruction.Const(Opcode.I32_CONST, -1), END))).hasValue(0xffffffffL);
        assertThat(ConstExprs.i32(List.of(new Instruction.Const(Opcode.I32_CONST, 1024), END))).hasValue(1024);
    }

    @Test
    void otherExpressionsHaveNoI32Value() {
        assertThat(ConstExprs.i32(List.of(new Instruction.Global(Opcode.GLOBAL_GET, 0), END))).isEmpty();
        assertThat(ConstExprs.i32(List.of(new Instruction.Const(Opcode.I64_CONST, 5), END))).isEmpty();
        // An extended constant expression is not one the emitter plans with.
        assertThat(ConstExprs.i32(List.of(new Instruction.Const(Opcode.I32_CONST, 1),
                new Instruction.Const(Opcode.I32_CONST, 2), new Instruction.Plain(Opcode.I32_ADD), END))).isEmpty();
        assertThat(ConstExprs.single(List.of())).isNull();
    }

    @Test
    void refFuncNamesItsFunction() {
        assertThat(ConstExprs.refFunc(List.of(new Instruction.FunctionRef(Opcode.REF_FUNC, 7), END))).isEqualTo(7);
        assertThat(ConstExprs.refFunc(List.of(new Instruction.RefNull(io.github.wasm2mpy.model.ValType.FUNCREF), END)))
                .isEqualTo(-1);
    }
}
