package io.github.wasm2mpy.model;

import java.util.List;

/**
 * A global defined in the module.
 *
 * @param type the global's type
 * @param init the constant initialiser expression, ending with {@code end}
 */
public record Global(GlobalType type, List<Instruction> init) {
    public Global {
        if (type == null) {
            throw new NullPointerException("type");
        }
        init = List.copyOf(init);
    }
}
