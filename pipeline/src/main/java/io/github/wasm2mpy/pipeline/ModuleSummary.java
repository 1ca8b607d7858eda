package io.github.wasm2mpy.pipeline;

import io.github.wasm2mpy.model.Export;
import io.github.wasm2mpy.model.ExternalKind;
import io.github.wasm2mpy.model.GlobalType;
import io.github.wasm2mpy.model.Import;
import io.github.wasm2mpy.model.MemoryType;
import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.TableType;
import java.util.ArrayList;
import java.util.List;

/**
 * A module's interface as users see it: what it exports and imports, and how much memory it wants. Shown by
 * {@code wasm2mpy info} and written into build reports.
 *
 * @param exports every export with its kind and type
 * @param imports every import with its kind and type
 * @param memories declared and imported memories
 * @param functions the number of functions defined by the module (imports excluded)
 */
public record ModuleSummary(List<Entity> exports, List<Entity> imports, List<Memory> memories, int functions) {

    /** One export or import: {@code name} is {@code module.field} for imports. */
    public record Entity(String name, String kind, String type) {
    }

    /**
     * A memory's limits in pages; {@code maxPages} is null when unbounded.
     *
     * @param imported whether the host supplies it
     */
    public record Memory(long minPages, Long maxPages, long pageSize, boolean imported) {
        public long minBytes() {
            return minPages * pageSize;
        }
    }

    public ModuleSummary {
        exports = List.copyOf(exports);
        imports = List.copyOf(imports);
        memories = List.copyOf(memories);
    }

    public static ModuleSummary of(Module module) {
        List<Entity> exports = module.exports().stream().map(e -> exportEntity(module, e)).toList();
        List<Entity> imports = module.imports().stream().map(i -> importEntity(module, i)).toList();
        List<Memory> memories = new ArrayList<>();
        for (Import i : module.imports(ExternalKind.MEMORY)) {
            memories.add(memory(((Import.MemoryImport) i.descriptor()).type(), true));
        }
        module.memories().forEach(m -> memories.add(memory(m, false)));
        return new ModuleSummary(exports, imports, memories, module.functions().size());
    }

    private static Memory memory(MemoryType type, boolean imported) {
        Long max = type.limits().max().isPresent() ? type.limits().max().getAsLong() : null;
        return new Memory(type.limits().min(), max, type.pageSize(), imported);
    }

    private static Entity exportEntity(Module module, Export export) {
        String type = switch (export.kind()) {
            case FUNCTION -> module.functionType(export.index()).toString();
            case TABLE -> describe(module.allTables().get(export.index()));
            case MEMORY -> describe(module.allMemories().get(export.index()));
            case GLOBAL -> describe(module.allGlobals().get(export.index()));
            default -> "";
        };
        return new Entity(export.name(), kindName(export.kind()), type);
    }

    private static Entity importEntity(Module module, Import anImport) {
        Import.ImportDescriptor descriptor = anImport.descriptor();
        String type;
        if (descriptor instanceof Import.FunctionImport f) {
            type = module.types().get(f.typeIndex()).toString();
        } else if (descriptor instanceof Import.TableImport t) {
            type = describe(t.type());
        } else if (descriptor instanceof Import.MemoryImport m) {
            type = describe(m.type());
        } else {
            type = describe(((Import.GlobalImport) descriptor).type());
        }
        return new Entity(anImport.module() + "." + anImport.name(), kindName(anImport.kind()), type);
    }

    private static String describe(MemoryType memory) {
        String pages = memory.limits().min() + ".." + (memory.limits().max().isPresent()
                ? String.valueOf(memory.limits().max().getAsLong()) : "");
        return pages + " pages" + (memory.pageSize() == 65536 ? "" : " of " + memory.pageSize() + " bytes");
    }

    private static String describe(TableType table) {
        return table.elementType().mnemonic() + " " + table.limits().min() + ".."
                + (table.limits().max().isPresent() ? String.valueOf(table.limits().max().getAsLong()) : "");
    }

    private static String describe(GlobalType global) {
        return (global.mutable() ? "mut " : "const ") + global.type().mnemonic();
    }

    private static String kindName(ExternalKind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
