package io.github.wasm2mpy.bindings;

import io.github.wasm2mpy.model.Export;
import io.github.wasm2mpy.model.ExternalKind;
import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.Import;
import io.github.wasm2mpy.model.Module;
import java.util.ArrayList;
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
        List<TableExport> tableExports,
        List<OtherImport> otherImports) {

    public ModuleInterface {
        functionImports = List.copyOf(functionImports);
        functionExports = List.copyOf(functionExports);
        memoryExports = List.copyOf(memoryExports);
        globalExports = List.copyOf(globalExports);
        tableExports = List.copyOf(tableExports);
        otherImports = List.copyOf(otherImports);
    }

    /** A module that exports no tables. */
    public ModuleInterface(String moduleName, List<FunctionImport> functionImports, List<FunctionExport> functionExports,
            List<String> memoryExports, List<GlobalExport> globalExports, List<OtherImport> otherImports) {
        this(moduleName, functionImports, functionExports, memoryExports, globalExports, List.of(), otherImports);
    }

    /** The interface of a parsed module; {@code moduleName} (e.g. the file name) appears in messages. */
    public static ModuleInterface of(String moduleName, Module module) {
        List<FunctionImport> functionImports = new ArrayList<>();
        List<OtherImport> otherImports = new ArrayList<>();
        for (Import imp : module.imports()) {
            if (imp.descriptor() instanceof Import.FunctionImport f) {
                functionImports.add(new FunctionImport(imp.module(), imp.name(), module.types().get(f.typeIndex())));
            } else {
                otherImports.add(new OtherImport(imp.module(), imp.name(), imp.kind()));
            }
        }
        List<FunctionExport> functionExports = new ArrayList<>();
        List<String> memoryExports = new ArrayList<>();
        List<GlobalExport> globalExports = new ArrayList<>();
        List<TableExport> tableExports = new ArrayList<>();
        for (Export e : module.exports()) {
            switch (e.kind()) {
                case FUNCTION -> functionExports.add(new FunctionExport(e.name(), module.functionType(e.index())));
                case MEMORY -> memoryExports.add(e.name());
                case GLOBAL -> globalExports.add(new GlobalExport(e.name(), module.allGlobals().get(e.index())));
                case TABLE -> tableExports.add(new TableExport(e.name(), module.allTables().get(e.index()).elementType()));
            }
        }
        return new ModuleInterface(moduleName, functionImports, functionExports, memoryExports, globalExports,
                tableExports, otherImports);
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

    /** An exported table and the type of its elements (funcref or externref). */
    public record TableExport(String name, io.github.wasm2mpy.model.ValType elementType) {}

    /** An import of a table, memory or global. */
    public record OtherImport(String module, String field, ExternalKind kind) {}
}
