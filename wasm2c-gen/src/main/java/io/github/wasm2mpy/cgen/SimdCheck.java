package io.github.wasm2mpy.cgen;

import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.Function;
import io.github.wasm2mpy.model.Global;
import io.github.wasm2mpy.model.Import;
import io.github.wasm2mpy.model.Instruction;
import io.github.wasm2mpy.model.Locals;
import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.ValType;
import java.util.List;

/**
 * Rejects a module that uses SIMD ({@code v128}), which the emitter does not translate yet, naming the first place
 * that uses it: the function (by index and name), its signature, local or instruction, or the global or import.
 * Without it the emitter would fail deep inside with only the value type's code.
 */
final class SimdCheck {
    private static final int SIMD_PREFIX = 0xfd;

    private SimdCheck() {
    }

    /** @throws CodegenException naming {@code source} and the first use of v128 in {@code module} */
    static void check(String source, Module module) {
        int index = 0;
        for (Import imp : module.imports()) {
            String what = null;
            if (imp.descriptor() instanceof Import.FunctionImport f && usesV128(module.types().get(f.typeIndex()))) {
                what = "takes or returns v128";
            } else if (imp.descriptor() instanceof Import.GlobalImport g && g.type().type() == ValType.V128) {
                what = "is a v128 global";
            }
            if (what != null) {
                throw unsupported(source, "import " + imp.module() + "." + imp.name() + " " + what);
            }
        }
        int firstFunction = module.importedFunctionCount();
        for (Function f : module.functions()) {
            int funcIndex = firstFunction + index++;
            String name = "function " + funcIndex + module.names().functionName(funcIndex).map(n -> " ($" + n + ")")
                    .orElse("");
            if (usesV128(module.types().get(f.typeIndex()))) {
                throw unsupported(source, name + " takes or returns v128");
            }
            for (Locals run : f.locals()) {
                if (run.type() == ValType.V128) {
                    throw unsupported(source, name + " declares v128 locals");
                }
            }
            List<Instruction> body = f.body();
            for (int i = 0; i < body.size(); i++) {
                if (body.get(i).opcode().prefix() == SIMD_PREFIX) {
                    throw unsupported(source, name + ", instruction " + i + ": " + body.get(i).opcode().mnemonic());
                }
            }
        }
        int globalIndex = module.importedGlobalCount();
        for (Global g : module.globals()) {
            if (g.type().type() == ValType.V128) {
                throw unsupported(source, "global " + globalIndex + " is a v128 global");
            }
            globalIndex++;
        }
    }

    private static boolean usesV128(FuncType type) {
        return type.params().contains(ValType.V128) || type.results().contains(ValType.V128);
    }

    private static CodegenException unsupported(String source, String where) {
        return new CodegenException(source + ": " + where
                + ": SIMD (v128) is not supported yet; build the module without SIMD (e.g. without -msimd128)");
    }
}
