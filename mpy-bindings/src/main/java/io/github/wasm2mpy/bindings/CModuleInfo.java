package io.github.wasm2mpy.bindings;

import io.github.wasm2mpy.cgen.CNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the C emitter spelled a module, so the glue can call it. In the templates, {@code {inst}} stands for
 * a pointer to the instance.
 *
 * @param header the emitted header the glue includes
 * @param instanceType the C type of an instance (a struct the glue allocates, zeroed, on the GC heap)
 * @param instantiateFunction {@code void f(instanceType *)}: applies data and element segments and runs
 *     the start function; the glue has set the imports before it calls this
 * @param exportFunctions export name to C function, called as {@code result f(instanceType *, params...)}
 * @param globalFunctions exported global's name to C function {@code T *f(instanceType *)} returning a pointer
 *     to the global's value
 * @param tableFunctions exported table's name to C function {@code w2m_table *f(instanceType *)}
 * @param importSlots one lvalue template per function import, in import order, of type {@code w2m_funcref}
 *     (or {@code const w2m_funcref *} when {@code importsByPointer})
 * @param importsByPointer whether import slots hold pointers to {@code w2m_funcref}s (kept in the glue's
 *     state) rather than copies
 * @param memory a template of type {@code w2m_memory *} for the memory, if the module has one
 * @param callDepth an lvalue template of the call-depth counter, restored after a trap unwinds
 */
public record CModuleInfo(
        String header,
        String instanceType,
        String instantiateFunction,
        Map<String, String> exportFunctions,
        Map<String, String> globalFunctions,
        Map<String, String> tableFunctions,
        List<String> importSlots,
        boolean importsByPointer,
        Optional<String> memory,
        Optional<String> callDepth) {

    public CModuleInfo {
        exportFunctions = Map.copyOf(exportFunctions);
        globalFunctions = Map.copyOf(globalFunctions);
        tableFunctions = Map.copyOf(tableFunctions);
        importSlots = List.copyOf(importSlots);
    }

    /** The C names of a module that exports no tables. */
    public CModuleInfo(String header, String instanceType, String instantiateFunction, Map<String, String> exportFunctions,
            Map<String, String> globalFunctions, List<String> importSlots, boolean importsByPointer,
            Optional<String> memory, Optional<String> callDepth) {
        this(header, instanceType, instantiateFunction, exportFunctions, globalFunctions, Map.of(), importSlots,
                importsByPointer, memory, callDepth);
    }

    /**
     * The names {@code CEmitter} gives a module emitted with {@code prefix} (see its header and docs/c-abi.md):
     * {@code <prefix>.h}, {@code <prefix>_instance}, {@code <prefix>_instantiate}, exports
     * {@code <prefix>_x_<mangled name>}, globals {@code <prefix>_global_<mangled name>}, tables {@code <prefix>_table_<mangled name>}, imports in {@code w2m_imports[]}, memory 0 behind {@code mem0}, the
     * call depth in {@code w2m_depth}.
     */
    public static CModuleInfo forEmitter(ModuleInterface module, String prefix, boolean hasMemory) {
        Map<String, String> functions = new LinkedHashMap<>();
        for (ModuleInterface.FunctionExport e : module.functionExports()) {
            functions.put(e.name(), prefix + "_x_" + CNames.mangle(e.name()));
        }
        Map<String, String> globals = new LinkedHashMap<>();
        for (ModuleInterface.GlobalExport g : module.globalExports()) {
            globals.put(g.name(), prefix + "_global_" + CNames.mangle(g.name()));
        }
        Map<String, String> tables = new LinkedHashMap<>();
        for (ModuleInterface.TableExport t : module.tableExports()) {
            tables.put(t.name(), prefix + "_table_" + CNames.mangle(t.name()));
        }
        List<String> slots = new ArrayList<>();
        for (int i = 0; i < module.functionImports().size(); i++) {
            slots.add("{inst}->w2m_imports[" + i + "]");
        }
        return new CModuleInfo(prefix + ".h", prefix + "_instance", prefix + "_instantiate", functions, globals, tables, slots, false,
                hasMemory ? Optional.of("{inst}->mem0") : Optional.empty(), Optional.of("{inst}->w2m_depth"));
    }

    /** Replaces {@code {inst}} in a template with a C expression for the instance pointer. */
    static String expand(String template, String instance) {
        return template.replace("{inst}", instance);
    }
}
