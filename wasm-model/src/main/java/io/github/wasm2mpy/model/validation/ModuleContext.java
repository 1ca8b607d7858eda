package io.github.wasm2mpy.model.validation;

import io.github.wasm2mpy.model.ElementSegment;
import io.github.wasm2mpy.model.Export;
import io.github.wasm2mpy.model.ExternalKind;
import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.Global;
import io.github.wasm2mpy.model.GlobalType;
import io.github.wasm2mpy.model.Instruction;
import io.github.wasm2mpy.model.MemoryType;
import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.Opcode;
import io.github.wasm2mpy.model.TableType;
import io.github.wasm2mpy.model.ValType;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a function body may refer to (the spec's validation context {@code C}): types, and the function, table,
 * memory and global index spaces with imports first, element segment types, the data count, and the functions
 * that {@code ref.func} may name.
 *
 * @param types the type section
 * @param functionTypeIndices the type index of each function
 * @param tables the table types
 * @param memories the memory types
 * @param globals the global types
 * @param elementTypes the reference type of each element segment
 * @param dataCount the data count section, absent when the module has none
 * @param declaredReferences functions named outside function bodies (exports, globals, element segments)
 */
public record ModuleContext(
        List<FuncType> types,
        List<Integer> functionTypeIndices,
        List<TableType> tables,
        List<MemoryType> memories,
        List<GlobalType> globals,
        List<ValType> elementTypes,
        OptionalInt dataCount,
        Set<Integer> declaredReferences) {

    public ModuleContext {
        types = List.copyOf(types);
        functionTypeIndices = List.copyOf(functionTypeIndices);
        tables = List.copyOf(tables);
        memories = List.copyOf(memories);
        globals = List.copyOf(globals);
        elementTypes = List.copyOf(elementTypes);
        declaredReferences = Set.copyOf(declaredReferences);
    }

    /** The context of a whole module. */
    public static ModuleContext of(Module module) {
        Set<Integer> refs = new HashSet<>();
        for (Export e : module.exports()) {
            if (e.kind() == ExternalKind.FUNCTION) {
                refs.add(e.index());
            }
        }
        for (Global g : module.globals()) {
            collectReferences(g.init(), refs);
        }
        for (ElementSegment s : module.elements()) {
            s.init().forEach(expr -> collectReferences(expr, refs));
        }
        return new ModuleContext(module.types(), module.functionTypeIndices(), module.allTables(),
                module.allMemories(), module.allGlobals(), module.elements().stream().map(ElementSegment::type).toList(),
                module.dataCount(), refs);
    }

    static void collectReferences(List<Instruction> expr, Set<Integer> refs) {
        for (Instruction i : expr) {
            if (i instanceof Instruction.FunctionRef f && f.opcode() == Opcode.REF_FUNC) {
                refs.add(f.functionIndex());
            }
        }
    }

    /** The signature of function {@code index}; the index must be valid. */
    public FuncType functionType(int index) {
        return types.get(functionTypeIndices.get(index));
    }
}
