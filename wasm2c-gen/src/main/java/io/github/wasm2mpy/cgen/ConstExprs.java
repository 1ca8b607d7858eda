package io.github.wasm2mpy.cgen;

import io.github.wasm2mpy.model.Instruction;
import io.github.wasm2mpy.model.Opcode;
import java.util.List;
import java.util.OptionalLong;

/**
 * Questions the emitter asks of a constant expression (a segment offset, a global's initialiser, an element
 * item), each a list of instructions ending with {@code end}. Only one-instruction expressions have an answer:
 * the emitter plans with constants it can see, and writes anything else as C that computes it.
 */
final class ConstExprs {
    private ConstExprs() {
    }

    /** The value of {@code i32.const c; end} as an unsigned 32-bit number, else empty. */
    static OptionalLong i32(List<Instruction> expr) {
        return single(expr) instanceof Instruction.Const c && c.opcode() == Opcode.I32_CONST
                ? OptionalLong.of(c.bits() & 0xffffffffL) : OptionalLong.empty();
    }

    /** The function of {@code ref.func f; end}, else -1. */
    static int refFunc(List<Instruction> expr) {
        return single(expr) instanceof Instruction.FunctionRef r && r.opcode() == Opcode.REF_FUNC
                ? r.functionIndex() : -1;
    }

    /** The expression's one instruction before {@code end}, or null when it has more (extended constants). */
    static Instruction single(List<Instruction> expr) {
        return expr.size() == 2 ? expr.get(0) : null;
    }
}
