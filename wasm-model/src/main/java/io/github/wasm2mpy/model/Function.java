package io.github.wasm2mpy.model;

import java.util.List;

/**
 * A function defined in the module (imported functions are {@link Import}s).
 *
 * @param typeIndex index of the function's {@link FuncType} in {@link Module#types()}
 * @param locals the declared locals (parameters not included), as runs
 * @param body the instructions, ending with the function's final {@code end}
 */
public record Function(int typeIndex, List<Locals> locals, List<Instruction> body) {
    public Function {
        locals = List.copyOf(locals);
        body = List.copyOf(body);
    }

    /** Replays the body into {@code visitor}, finishing with {@link CodeVisitor#visitEnd()}. */
    public void accept(CodeVisitor visitor) {
        for (Instruction insn : body) {
            insn.accept(visitor);
        }
        visitor.visitEnd();
    }
}
