package io.github.wasm2mpy.bindings;

import io.github.wasm2mpy.model.Function;
import io.github.wasm2mpy.model.Instruction;
import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.Opcode;
import java.util.EnumSet;
import java.util.Set;

/**
 * The traps a module can raise, so its glue carries only their messages. The codes and messages are those of
 * {@code w2m_trap_code} in the runtime's {@code w2m_rt.h} and of the wasm spec's test suite.
 *
 * <p>The answer is a superset, read from the model rather than the emitted C: a kind is in when the module has an
 * instruction or a part (a memory, a table) whose C can raise it, whether or not that code is reachable.
 */
final class TrapKinds {
    /** One trap kind: its {@code w2m_trap_code} and message. */
    enum Kind {
        UNREACHABLE(1, "unreachable"),
        MEMORY_OOB(2, "out of bounds memory access"),
        INT_OVERFLOW(3, "integer overflow"),
        DIV_BY_ZERO(4, "integer divide by zero"),
        INVALID_CONVERSION(5, "invalid conversion to integer"),
        TABLE_OOB(6, "out of bounds table access"),
        UNINITIALIZED(7, "uninitialized element"),
        INDIRECT_TYPE(8, "indirect call type mismatch"),
        EXHAUSTION(9, "call stack exhausted"),
        OUT_OF_MEMORY(10, "out of memory"),
        UNDEFINED_ELEMENT(11, "undefined element");

        final int code;
        final String message;

        Kind(int code, String message) {
            this.code = code;
            this.message = message;
        }
    }

    private static final Set<Opcode> DIVISIONS = EnumSet.of(Opcode.I32_DIV_S, Opcode.I32_DIV_U, Opcode.I32_REM_S,
            Opcode.I32_REM_U, Opcode.I64_DIV_S, Opcode.I64_DIV_U, Opcode.I64_REM_S, Opcode.I64_REM_U);
    /** The float-to-int truncations that trap (the _sat forms do not). */
    private static final Set<Opcode> TRUNCATIONS = EnumSet.of(Opcode.I32_TRUNC_F32_S, Opcode.I32_TRUNC_F32_U,
            Opcode.I32_TRUNC_F64_S, Opcode.I32_TRUNC_F64_U, Opcode.I64_TRUNC_F32_S, Opcode.I64_TRUNC_F32_U,
            Opcode.I64_TRUNC_F64_S, Opcode.I64_TRUNC_F64_U);

    private TrapKinds() {}

    /** Every kind: for a module the glue knows only by its interface. */
    static Set<Kind> all() {
        return EnumSet.allOf(Kind.class);
    }

    /**
     * The kinds a module can raise. Always the host's own, out of memory (instantiation, lazy memory commits); call
     * stack exhausted when a function calls (only functions that call count the call depth). With a memory, out of bounds memory access
     * (accesses, bulk operations, data segments, the built-in imports); with a table, the three kinds of table
     * accesses and {@code call_indirect}; the rest by instruction ({@code call_indirect} past its table's end is
     * "undefined element").
     */
    static Set<Kind> of(Module module) {
        Set<Kind> kinds = EnumSet.of(Kind.OUT_OF_MEMORY);
        if (!module.allMemories().isEmpty()) {
            kinds.add(Kind.MEMORY_OOB);
        }
        if (!module.allTables().isEmpty()) {
            kinds.addAll(EnumSet.of(Kind.TABLE_OOB, Kind.UNINITIALIZED, Kind.INDIRECT_TYPE));
        }
        for (Function f : module.functions()) {
            for (Instruction insn : f.body()) {
                Opcode op = insn.opcode();
                if (op == Opcode.CALL || op == Opcode.CALL_INDIRECT) {
                    kinds.add(Kind.EXHAUSTION);
                    if (op == Opcode.CALL_INDIRECT) kinds.add(Kind.UNDEFINED_ELEMENT);
                } else if (op == Opcode.UNREACHABLE) {
                    kinds.add(Kind.UNREACHABLE);
                } else if (DIVISIONS.contains(op)) {
                    kinds.add(Kind.DIV_BY_ZERO);
                    if (op == Opcode.I32_DIV_S || op == Opcode.I64_DIV_S) {
                        kinds.add(Kind.INT_OVERFLOW);
                    }
                } else if (TRUNCATIONS.contains(op)) {
                    kinds.add(Kind.INVALID_CONVERSION);
                    kinds.add(Kind.INT_OVERFLOW);
                }
            }
        }
        return kinds;
    }
}
