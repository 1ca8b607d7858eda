package io.github.wasm2mpy.model;

import java.util.List;

/**
 * Receives the contents of a module in binary section order. Every method forwards to the delegate given at
 * construction, so visitors chain into filters as with ObjectWeb ASM:
 *
 * <pre>{@code
 * new WasmReader(bytes).accept(new Validator(new ModuleBuilder()));
 * }</pre>
 *
 * <p>Order of calls: {@link #visitSection} before the entries of each section; {@link #visitType} ...,
 * {@link #visitImport} ..., {@link #visitFunction} ... (the function section: one type index per defined
 * function), {@link #visitTable}, {@link #visitMemory}, {@link #visitGlobal}, {@link #visitExport},
 * {@link #visitStart}, {@link #visitElement}, {@link #visitDataCount}, {@link #visitCode} (one per defined
 * function), {@link #visitData}; {@link #visitCustomSection} wherever custom sections occur (followed by
 * {@link #visitNames} for a {@code name} section); finally {@link #visitEnd()}.
 */
public abstract class ModuleVisitor {
    /** The visitor calls are forwarded to, or {@code null}. */
    protected final ModuleVisitor delegate;

    /** A visitor that forwards nothing. */
    protected ModuleVisitor() {
        this(null);
    }

    /** A visitor that forwards every call to {@code delegate} (may be {@code null}). */
    protected ModuleVisitor(ModuleVisitor delegate) {
        this.delegate = delegate;
    }

    /**
     * A section starts. {@code offset} is the byte offset of its contents in the binary, or -1 when replaying
     * a {@link Module}. Not called for empty sections when replaying.
     */
    public void visitSection(SectionId section, int offset) {
        if (delegate != null) delegate.visitSection(section, offset);
    }

    /** An entry of the type section. */
    public void visitType(FuncType type) {
        if (delegate != null) delegate.visitType(type);
    }

    /** An entry of the import section. */
    public void visitImport(Import entry) {
        if (delegate != null) delegate.visitImport(entry);
    }

    /** An entry of the function section: the type of the next defined function. */
    public void visitFunction(int typeIndex) {
        if (delegate != null) delegate.visitFunction(typeIndex);
    }

    /** A table defined in the module. */
    public void visitTable(TableType type) {
        if (delegate != null) delegate.visitTable(type);
    }

    /** A memory defined in the module. */
    public void visitMemory(MemoryType type) {
        if (delegate != null) delegate.visitMemory(type);
    }

    /** A global defined in the module. */
    public void visitGlobal(Global global) {
        if (delegate != null) delegate.visitGlobal(global);
    }

    /** An export. */
    public void visitExport(Export export) {
        if (delegate != null) delegate.visitExport(export);
    }

    /** The start function. */
    public void visitStart(int functionIndex) {
        if (delegate != null) delegate.visitStart(functionIndex);
    }

    /** An element segment. */
    public void visitElement(ElementSegment segment) {
        if (delegate != null) delegate.visitElement(segment);
    }

    /** The data count section. */
    public void visitDataCount(int count) {
        if (delegate != null) delegate.visitDataCount(count);
    }

    /**
     * A function body starts.
     *
     * @param functionIndex the function's index in the function index space (imported functions first)
     * @param locals the declared locals
     * @return the visitor for the body's instructions, or {@code null} to ignore them
     */
    public CodeVisitor visitCode(int functionIndex, List<Locals> locals) {
        return delegate != null ? delegate.visitCode(functionIndex, locals) : null;
    }

    /** A data segment. */
    public void visitData(DataSegment segment) {
        if (delegate != null) delegate.visitData(segment);
    }

    /** A custom section, verbatim. */
    public void visitCustomSection(CustomSection section) {
        if (delegate != null) delegate.visitCustomSection(section);
    }

    /** The decoded {@code name} section (after its {@link #visitCustomSection}). */
    public void visitNames(Names names) {
        if (delegate != null) delegate.visitNames(names);
    }

    /** The module is complete. */
    public void visitEnd() {
        if (delegate != null) delegate.visitEnd();
    }
}
