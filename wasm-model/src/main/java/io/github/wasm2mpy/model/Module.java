package io.github.wasm2mpy.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An immutable WebAssembly module. Index spaces put imports first: function {@code i} is the {@code i}-th
 * function import when {@code i < importedFunctionCount()}, else {@code functions().get(i -
 * importedFunctionCount())}; likewise for tables, memories and globals.
 *
 * @param types the type section
 * @param imports the import section
 * @param functions the functions defined here (function and code sections together)
 * @param tables the tables defined here
 * @param memories the memories defined here
 * @param globals the globals defined here
 * @param exports the export section
 * @param start the start function, if any
 * @param elements the element segments
 * @param dataCount the data count section, if present
 * @param data the data segments
 * @param customSections custom sections verbatim, in order, each remembering where it stood
 * @param names the decoded {@code name} section ({@link Names#NONE} without one)
 */
public record Module(
        List<FuncType> types,
        List<Import> imports,
        List<Function> functions,
        List<TableType> tables,
        List<MemoryType> memories,
        List<Global> globals,
        List<Export> exports,
        OptionalInt start,
        List<ElementSegment> elements,
        OptionalInt dataCount,
        List<DataSegment> data,
        List<CustomSection> customSections,
        Names names) {

    public Module {
        types = List.copyOf(types);
        imports = List.copyOf(imports);
        functions = List.copyOf(functions);
        tables = List.copyOf(tables);
        memories = List.copyOf(memories);
        globals = List.copyOf(globals);
        exports = List.copyOf(exports);
        elements = List.copyOf(elements);
        data = List.copyOf(data);
        customSections = List.copyOf(customSections);
        if (start == null || dataCount == null || names == null) {
            throw new NullPointerException();
        }
    }

    /** Imports of one kind, in order. */
    public List<Import> imports(ExternalKind kind) {
        return imports.stream().filter(i -> i.kind() == kind).toList();
    }

    /** The number of imported functions (the index of the first defined function). */
    public int importedFunctionCount() {
        return (int) imports.stream().filter(i -> i.kind() == ExternalKind.FUNCTION).count();
    }

    /** The number of imported globals. */
    public int importedGlobalCount() {
        return (int) imports.stream().filter(i -> i.kind() == ExternalKind.GLOBAL).count();
    }

    /** The type indices of all functions in the function index space. */
    public List<Integer> functionTypeIndices() {
        List<Integer> all = new ArrayList<>();
        for (Import i : imports) {
            if (i.descriptor() instanceof Import.FunctionImport f) {
                all.add(f.typeIndex());
            }
        }
        for (Function f : functions) {
            all.add(f.typeIndex());
        }
        return List.copyOf(all);
    }

    /** The signature of function {@code functionIndex} (imports first). */
    public FuncType functionType(int functionIndex) {
        return types.get(functionTypeIndices().get(functionIndex));
    }

    /** All table types in the table index space. */
    public List<TableType> allTables() {
        List<TableType> all = new ArrayList<>();
        for (Import i : imports) {
            if (i.descriptor() instanceof Import.TableImport t) {
                all.add(t.type());
            }
        }
        all.addAll(tables);
        return List.copyOf(all);
    }

    /** All memory types in the memory index space. */
    public List<MemoryType> allMemories() {
        List<MemoryType> all = new ArrayList<>();
        for (Import i : imports) {
            if (i.descriptor() instanceof Import.MemoryImport m) {
                all.add(m.type());
            }
        }
        all.addAll(memories);
        return List.copyOf(all);
    }

    /** All global types in the global index space. */
    public List<GlobalType> allGlobals() {
        List<GlobalType> all = new ArrayList<>();
        for (Import i : imports) {
            if (i.descriptor() instanceof Import.GlobalImport g) {
                all.add(g.type());
            }
        }
        for (Global g : globals) {
            all.add(g.type());
        }
        return List.copyOf(all);
    }

    /** The export called {@code name}, if any. */
    public Optional<Export> export(String name) {
        return exports.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Replays the module into {@code visitor} in binary section order, custom sections where they stood. */
    public void accept(ModuleVisitor visitor) {
        customs(visitor, SectionId.CUSTOM);
        if (!types.isEmpty()) {
            visitor.visitSection(SectionId.TYPE, -1);
            types.forEach(visitor::visitType);
        }
        customs(visitor, SectionId.TYPE);
        if (!imports.isEmpty()) {
            visitor.visitSection(SectionId.IMPORT, -1);
            imports.forEach(visitor::visitImport);
        }
        customs(visitor, SectionId.IMPORT);
        if (!functions.isEmpty()) {
            visitor.visitSection(SectionId.FUNCTION, -1);
            functions.forEach(f -> visitor.visitFunction(f.typeIndex()));
        }
        customs(visitor, SectionId.FUNCTION);
        if (!tables.isEmpty()) {
            visitor.visitSection(SectionId.TABLE, -1);
            tables.forEach(visitor::visitTable);
        }
        customs(visitor, SectionId.TABLE);
        if (!memories.isEmpty()) {
            visitor.visitSection(SectionId.MEMORY, -1);
            memories.forEach(visitor::visitMemory);
        }
        customs(visitor, SectionId.MEMORY);
        if (!globals.isEmpty()) {
            visitor.visitSection(SectionId.GLOBAL, -1);
            globals.forEach(visitor::visitGlobal);
        }
        customs(visitor, SectionId.GLOBAL);
        if (!exports.isEmpty()) {
            visitor.visitSection(SectionId.EXPORT, -1);
            exports.forEach(visitor::visitExport);
        }
        customs(visitor, SectionId.EXPORT);
        if (start.isPresent()) {
            visitor.visitSection(SectionId.START, -1);
            visitor.visitStart(start.getAsInt());
        }
        customs(visitor, SectionId.START);
        if (!elements.isEmpty()) {
            visitor.visitSection(SectionId.ELEMENT, -1);
            elements.forEach(visitor::visitElement);
        }
        customs(visitor, SectionId.ELEMENT);
        if (dataCount.isPresent()) {
            visitor.visitSection(SectionId.DATA_COUNT, -1);
            visitor.visitDataCount(dataCount.getAsInt());
        }
        customs(visitor, SectionId.DATA_COUNT);
        if (!functions.isEmpty()) {
            visitor.visitSection(SectionId.CODE, -1);
            int index = importedFunctionCount();
            for (Function f : functions) {
                CodeVisitor code = visitor.visitCode(index++, f.locals());
                if (code != null) {
                    f.accept(code);
                }
            }
        }
        customs(visitor, SectionId.CODE);
        if (!data.isEmpty()) {
            visitor.visitSection(SectionId.DATA, -1);
            data.forEach(visitor::visitData);
        }
        customs(visitor, SectionId.DATA);
        visitor.visitEnd();
    }

    private void customs(ModuleVisitor visitor, SectionId after) {
        for (CustomSection c : customSections) {
            if (c.after() == after) {
                visitor.visitCustomSection(c);
                if (c.name().equals("name")) {
                    visitor.visitNames(names);
                }
            }
        }
    }
}
