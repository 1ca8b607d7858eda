package io.github.wasm2mpy.model;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The visitor at the end of a chain that collects everything into an immutable {@link Module}; call
 * {@link #build()} after {@link #visitEnd()}.
 */
public class ModuleBuilder extends ModuleVisitor {
    private final List<FuncType> types = new ArrayList<>();
    private final List<Import> imports = new ArrayList<>();
    private final List<Integer> functionTypes = new ArrayList<>();
    private final List<Function> functions = new ArrayList<>();
    private final List<TableType> tables = new ArrayList<>();
    private final List<MemoryType> memories = new ArrayList<>();
    private final List<Global> globals = new ArrayList<>();
    private final List<Export> exports = new ArrayList<>();
    private final List<ElementSegment> elements = new ArrayList<>();
    private final List<DataSegment> data = new ArrayList<>();
    private final List<CustomSection> customSections = new ArrayList<>();
    private OptionalInt start = OptionalInt.empty();
    private OptionalInt dataCount = OptionalInt.empty();
    private Names names = Names.NONE;
    private int importedFunctions;

    /** A builder that is the end of its chain. */
    public ModuleBuilder() {
        super();
    }

    @Override
    public void visitType(FuncType type) {
        types.add(type);
    }

    @Override
    public void visitImport(Import entry) {
        imports.add(entry);
        if (entry.kind() == ExternalKind.FUNCTION) {
            importedFunctions++;
        }
    }

    @Override
    public void visitFunction(int typeIndex) {
        functionTypes.add(typeIndex);
    }

    @Override
    public void visitTable(TableType type) {
        tables.add(type);
    }

    @Override
    public void visitMemory(MemoryType type) {
        memories.add(type);
    }

    @Override
    public void visitGlobal(Global global) {
        globals.add(global);
    }

    @Override
    public void visitExport(Export export) {
        exports.add(export);
    }

    @Override
    public void visitStart(int functionIndex) {
        start = OptionalInt.of(functionIndex);
    }

    @Override
    public void visitElement(ElementSegment segment) {
        elements.add(segment);
    }

    @Override
    public void visitDataCount(int count) {
        dataCount = OptionalInt.of(count);
    }

    @Override
    public CodeVisitor visitCode(int functionIndex, List<Locals> locals) {
        int defined = functionIndex - importedFunctions;
        int typeIndex = defined >= 0 && defined < functionTypes.size() ? functionTypes.get(defined) : -1;
        List<Locals> declared = List.copyOf(locals);
        return new CodeVisitor(new InstructionCollector()) {
            @Override
            public void visitEnd() {
                functions.add(new Function(typeIndex, declared, ((InstructionCollector) delegate).instructions()));
            }
        };
    }

    @Override
    public void visitData(DataSegment segment) {
        data.add(segment);
    }

    @Override
    public void visitCustomSection(CustomSection section) {
        customSections.add(section);
    }

    @Override
    public void visitNames(Names decoded) {
        names = decoded;
    }

    /** The module visited so far. */
    public Module build() {
        return new Module(types, imports, functions, tables, memories, globals, exports, start, elements, dataCount,
                data, customSections, names);
    }
}
