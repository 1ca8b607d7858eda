package io.github.wasm2mpy.bindings;

import io.github.wasm2mpy.model.ExternalKind;
import io.github.wasm2mpy.model.FuncType;
import java.util.List;

/**
 * What of a wasm module the Python side sees: its function imports (in import order), its exports, and
 * anything imported that is not a function (which cannot be bound and is reported at build time).
 *
 * @param moduleName the wasm module's name, used in messages (usually the file name)
 */
public record ModuleInterface(
        String moduleName,
        List<FunctionImport> functionImports,
        List<FunctionExport> functionExports,
        List<String> memoryExports,
        List<GlobalExport> globalExports,
        List<OtherImport> otherImports) {

    public ModuleInterface {
        functionImports = List.copyOf(functionImports);
        functionExports = List.copyOf(functionExports);
        memoryExports = List.copyOf(memoryExports);
        globalExports = List.copyOf(globalExports);
        otherImports = List.copyOf(otherImports);
    }

    /** An imported function: {@code module.field} with its type. */
    public record FunctionImport(String module, String field, FuncType type) {
        /** The name Python code binds it by, {@code module.field}. */
        public String qualifiedName() {
            return module + "." + field;
        }
    }

    /** An exported function and its type. */
    public record FunctionExport(String name, FuncType type) {}

    /** An exported global. */
    public record GlobalExport(String name, io.github.wasm2mpy.model.GlobalType type) {}

    /** An import of a table, memory or global. */
    public record OtherImport(String module, String field, ExternalKind kind) {}
}
