package io.github.wasm2mpy.bindings;

import io.github.wasm2mpy.bindings.BuiltinImports.Builtin;
import io.github.wasm2mpy.bindings.ModuleInterface.FunctionExport;
import io.github.wasm2mpy.bindings.ModuleInterface.FunctionImport;
import io.github.wasm2mpy.bindings.ModuleInterface.OtherImport;
import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.ValType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Generates the Python bindings of a module.
 *
 * <pre>{@code
 * GeneratedGlue glue = Bindings.generate(moduleInterface, cModuleInfo, BindingOptions.of("app"));
 * glue.writeTo(buildDir);   // compile glue.glueSource() with the emitted C, link with glue.qstrHeader()
 * }</pre>
 */
public final class Bindings {
    private Bindings() {}

    /**
     * The glue of a module translated by {@code CEmitter} with the given C prefix: the one call the pipeline
     * needs.
     *
     * @param wasmName the input's name, for messages and the generated comments
     */
    public static GeneratedGlue generate(String wasmName, io.github.wasm2mpy.model.Module module, String cPrefix,
            BindingOptions options) {
        ModuleInterface iface = ModuleInterface.of(wasmName, module);
        return generate(iface, CModuleInfo.forEmitter(iface, cPrefix, !module.allMemories().isEmpty()), options,
                TrapKinds.of(module), MemoryGrowth.possible(module));
    }

    /**
     * The glue of one module.
     *
     * @throws BindingException naming the export or import (and its type) that cannot be bound
     */
    public static GeneratedGlue generate(ModuleInterface module, CModuleInfo c, BindingOptions options) {
        return generate(module, c, options, TrapKinds.all(), true);
    }

    /**
     * The glue of one module that can raise only the trap kinds {@code traps} (the glue carries their messages);
     * {@code memoryGrows}: whether its memory can grow (and move) after instantiation (see {@link MemoryGrowth}).
     */
    static GeneratedGlue generate(ModuleInterface module, CModuleInfo c, BindingOptions options,
            Set<TrapKinds.Kind> traps, boolean memoryGrows) {
        check(module, c, options);
        List<String> names = new ArrayList<>();
        module.functionExports().forEach(e -> names.add(e.name()));
        names.addAll(module.memoryExports());
        module.globalExports().forEach(g -> names.add(g.name()));
        module.tableExports().forEach(t -> names.add(t.name()));
        Map<String, String> attributes = PythonNames.assign(module.moduleName(), names);

        QstrTable qstrs = new QstrTable();
        String qstrHeader = options.pythonModule() + "_qstrs.h";
        String glueSource = options.pythonModule() + "_glue.c";
        String glue = new GlueWriter(module, c, options, attributes, qstrs, traps, memoryGrows).write(qstrHeader);
        String pyi = PyiWriter.write(module, options, attributes);

        Map<String, String> files = new LinkedHashMap<>();
        files.put(glueSource, glue);
        files.put(qstrHeader, qstrs.header());
        for (String resource : GlueResources.FILES) {
            files.put(resource, GlueResources.read(resource));
        }
        files.put(options.pythonModule() + ".pyi", pyi);
        return new GeneratedGlue(files, glueSource, qstrHeader, qstrs.names(), pyi);
    }

    private static void check(ModuleInterface module, CModuleInfo c, BindingOptions options) {
        String where = module.moduleName();
        for (OtherImport other : module.otherImports()) {
            throw new BindingException(where + ": import " + other.module() + "." + other.field() + " is a "
                    + other.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + "; only functions can be imported from Python");
        }
        if (c.importSlots().size() != module.functionImports().size()) {
            throw new IllegalArgumentException(where + ": the C module has " + c.importSlots().size()
                    + " import slots for " + module.functionImports().size() + " function imports");
        }
        for (FunctionImport imp : module.functionImports()) {
            String what = where + ": import " + imp.qualifiedName() + " " + imp.type();
            checkTypes(what, imp.type());
            if (imp.type().results().size() > 1) {
                throw new BindingException(what + " returns several values; host functions can return at most one");
            }
            Optional<Builtin> builtin = options.builtins() ? BuiltinImports.find(imp.qualifiedName()) : Optional.empty();
            if (builtin.isPresent()) {
                if (!builtin.get().type().equals(imp.type())) {
                    throw new BindingException(what + " does not match the built-in " + imp.qualifiedName()
                            + builtin.get().type() + "; build without built-ins to bind it from Python");
                }
                if (builtin.get().needsMemory() && c.memory().isEmpty()) {
                    throw new BindingException(what + " needs a linear memory, and the module has none");
                }
            }
        }
        for (FunctionExport export : module.functionExports()) {
            String what = where + ": export \"" + export.name() + "\" " + export.type();
            checkTypes(what, export.type());
            if (!c.exportFunctions().containsKey(export.name())) {
                throw new IllegalArgumentException(what + " has no C function in the C module info");
            }
        }
        for (ModuleInterface.GlobalExport g : module.globalExports()) {
            ValType t = g.type().type();
            if (!t.isNumeric() || t == ValType.V128) {
                throw new BindingException(where + ": exported global \"" + g.name() + "\" is a " + t.mnemonic()
                        + ", which has no Python equivalent");
            }
            if (!c.globalFunctions().containsKey(g.name())) {
                throw new IllegalArgumentException(where + ": exported global \"" + g.name()
                        + "\" has no C function in the C module info");
            }
        }
        for (ModuleInterface.TableExport t : module.tableExports()) {
            if (!c.tableFunctions().containsKey(t.name())) {
                throw new IllegalArgumentException(where + ": exported table \"" + t.name()
                        + "\" has no C function in the C module info");
            }
        }
        if (!module.memoryExports().isEmpty() && c.memory().isEmpty()) {
            throw new IllegalArgumentException(where + ": memory is exported but the C module info names no memory");
        }
    }

    /**
     * Fails naming {@code what} when a signature uses a type Python cannot hold (references, v128); shared by
     * every target that gives exports and imports a Python face.
     */
    public static void checkTypes(String what, FuncType type) {
        List<ValType> all = new ArrayList<>(type.params());
        all.addAll(type.results());
        for (ValType t : all) {
            if (!t.isNumeric() || t == ValType.V128) {
                throw new BindingException(what + " uses " + t.mnemonic() + ", which has no Python equivalent");
            }
        }
    }
}
