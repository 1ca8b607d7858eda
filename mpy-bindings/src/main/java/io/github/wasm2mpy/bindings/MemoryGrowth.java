package io.github.wasm2mpy.bindings;

import io.github.wasm2mpy.model.Function;
import io.github.wasm2mpy.model.Instruction;
import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.Opcode;

/**
 * Whether a module's memory can change after instantiation. Only the module's own {@code memory.grow} can grow or
 * move it: the glue exposes no grow, the built-in imports never grow memory, and imported memories are not
 * supported. Without one, the glue publishes the memory attributes once per instance instead of after every call.
 */
final class MemoryGrowth {
    private MemoryGrowth() {}

    /** Whether any function of the module has a {@code memory.grow} (reachable or not). */
    static boolean possible(Module module) {
        for (Function f : module.functions()) {
            for (Instruction insn : f.body()) {
                if (insn.opcode() == Opcode.MEMORY_GROW) {
                    return true;
                }
            }
        }
        return false;
    }
}
