package io.github.wasm2mpy.model.validation;

import io.github.wasm2mpy.model.CodeVisitor;
import io.github.wasm2mpy.model.DataSegment;
import io.github.wasm2mpy.model.ElementSegment;
import io.github.wasm2mpy.model.Export;
import io.github.wasm2mpy.model.ExternalKind;
import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.Global;
import io.github.wasm2mpy.model.GlobalType;
import io.github.wasm2mpy.model.Import;
import io.github.wasm2mpy.model.Instruction;
import io.github.wasm2mpy.model.InvalidModuleException;
import io.github.wasm2mpy.model.Limits;
import io.github.wasm2mpy.model.Locals;
import io.github.wasm2mpy.model.MemoryType;
import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.ModuleBuilder;
import io.github.wasm2mpy.model.ModuleVisitor;
import io.github.wasm2mpy.model.Opcode;
import io.github.wasm2mpy.model.SectionId;
import io.github.wasm2mpy.model.SegmentMode;
import io.github.wasm2mpy.model.TableType;
import io.github.wasm2mpy.model.ValType;
import io.github.wasm2mpy.model.WasmReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Validates a module by the WebAssembly 2.0 rules (plus custom page sizes), as a {@link ModuleVisitor} filter
 * so it can validate while a {@link WasmReader} decodes, with byte offsets in its errors:
 *
 * <pre>{@code
 * ValidatedModule m = Validator.read(Path.of("app.wasm"));         // decode + validate
 * ValidatedModule v = Validator.validate(module);                 // an in-memory model (no offsets)
 * new WasmReader(bytes).accept(new Validator(new ModuleBuilder())); // as a filter
 * }</pre>
 *
 * Violations are {@link InvalidModuleException}s naming the section, function and instruction.
 */
public class Validator extends ModuleVisitor {
    private static final long MAX_PAGES_64K = 65536;
    private static final long MAX_BYTES = 1L << 32;

    private final List<FuncType> types = new ArrayList<>();
    private final List<Integer> functionTypes = new ArrayList<>();
    private final List<TableType> tables = new ArrayList<>();
    private final List<MemoryType> memories = new ArrayList<>();
    private final List<GlobalType> globals = new ArrayList<>();
    private final List<ValType> elementTypes = new ArrayList<>();
    private final Set<Integer> references = new HashSet<>();
    private final Set<String> exportNames = new HashSet<>();
    private final List<Global> definedGlobals = new ArrayList<>();
    private final List<ElementSegment> elements = new ArrayList<>();
    private OptionalInt dataCount = OptionalInt.empty();
    private int importedGlobals;
    private ModuleContext context;
    private SectionId section;
    private int sectionOffset = -1;

    /** A validator that forwards everything to {@code delegate} (may be {@code null}). */
    public Validator(ModuleVisitor delegate) {
        super(delegate);
    }

    /** Decodes and validates {@code bytes}. */
    public static ValidatedModule read(byte[] bytes) {
        return read(bytes, null);
    }

    /** Decodes and validates the file at {@code path}; errors name the file. */
    public static ValidatedModule read(Path path) throws IOException {
        return read(Files.readAllBytes(path), path.toString());
    }

    /**
     * Decodes the whole module first, because a decoding error anywhere makes a module malformed even when a
     * validation error comes earlier in the bytes. Only when validation fails is the binary read again with
     * the validator streaming behind the reader, so that the error carries the instruction's byte offset.
     */
    private static ValidatedModule read(byte[] bytes, String source) {
        ModuleBuilder builder = new ModuleBuilder();
        new WasmReader(bytes, source).accept(builder);
        Module module = builder.build();
        try {
            return validate(module);
        } catch (InvalidModuleException e) {
            new WasmReader(bytes, source).accept(new Validator(null));
            throw source == null ? e : e.withSource(source);
        }
    }

    /** Validates an in-memory module (errors carry no byte offsets). */
    public static ValidatedModule validate(Module module) {
        Validator validator = new Validator(null);
        module.accept(validator);
        return new ValidatedModule(module, validator.context());
    }

    /** The validation context; complete after {@link #visitEnd()}. */
    public ModuleContext context() {
        return context != null ? context : snapshot();
    }

    @Override
    public void visitSection(SectionId id, int offset) {
        section = id;
        sectionOffset = offset;
        super.visitSection(id, offset);
    }

    @Override
    public void visitType(FuncType type) {
        types.add(type);
        super.visitType(type);
    }

    @Override
    public void visitImport(Import entry) {
        if (entry.descriptor() instanceof Import.FunctionImport f) {
            checkType(f.typeIndex());
            functionTypes.add(f.typeIndex());
        } else if (entry.descriptor() instanceof Import.TableImport t) {
            checkTable(t.type());
            tables.add(t.type());
        } else if (entry.descriptor() instanceof Import.MemoryImport m) {
            checkMemory(m.type());
            memories.add(m.type());
        } else if (entry.descriptor() instanceof Import.GlobalImport g) {
            globals.add(g.type());
            importedGlobals++;
        }
        super.visitImport(entry);
    }

    @Override
    public void visitFunction(int typeIndex) {
        checkType(typeIndex);
        functionTypes.add(typeIndex);
        super.visitFunction(typeIndex);
    }

    @Override
    public void visitTable(TableType type) {
        checkTable(type);
        tables.add(type);
        super.visitTable(type);
    }

    @Override
    public void visitMemory(MemoryType type) {
        checkMemory(type);
        memories.add(type);
        super.visitMemory(type);
    }

    @Override
    public void visitGlobal(Global global) {
        checkConstant(global.init(), global.type().type(), importedGlobals, "global initialiser");
        ModuleContext.collectReferences(global.init(), references);
        globals.add(global.type());
        definedGlobals.add(global);
        super.visitGlobal(global);
    }

    @Override
    public void visitExport(Export export) {
        if (!exportNames.add(export.name())) {
            throw invalid("duplicate export name \"" + export.name() + "\"");
        }
        int count;
        switch (export.kind()) {
            case FUNCTION: count = functionTypes.size(); break;
            case TABLE: count = tables.size(); break;
            case MEMORY: count = memories.size(); break;
            default: count = globals.size(); break;
        }
        if (export.index() < 0 || export.index() >= count) {
            throw invalid("unknown " + export.kind().name().toLowerCase() + " "
                    + Integer.toUnsignedLong(export.index()) + " in export \"" + export.name() + "\"");
        }
        if (export.kind() == ExternalKind.FUNCTION) {
            references.add(export.index());
        }
        super.visitExport(export);
    }

    @Override
    public void visitStart(int functionIndex) {
        if (functionIndex < 0 || functionIndex >= functionTypes.size()) {
            throw invalid("unknown function " + Integer.toUnsignedLong(functionIndex) + " as start function");
        }
        FuncType type = types.get(functionTypes.get(functionIndex));
        if (!type.params().isEmpty() || !type.results().isEmpty()) {
            throw invalid("start function must have type [] -> [], not " + type);
        }
        super.visitStart(functionIndex);
    }

    @Override
    public void visitElement(ElementSegment segment) {
        if (segment.mode() == SegmentMode.ACTIVE) {
            if (segment.tableIndex() < 0 || segment.tableIndex() >= tables.size()) {
                throw invalid("unknown table " + Integer.toUnsignedLong(segment.tableIndex()));
            }
            ValType tableType = tables.get(segment.tableIndex()).elementType();
            if (tableType != segment.type()) {
                throw invalid("type mismatch: " + segment.type() + " segment for a table of " + tableType);
            }
            checkConstant(segment.offset(), ValType.I32, importedGlobals, "element segment offset");
        }
        for (List<Instruction> init : segment.init()) {
            checkConstant(init, segment.type(), importedGlobals, "element initialiser");
            ModuleContext.collectReferences(init, references);
        }
        elementTypes.add(segment.type());
        elements.add(segment);
        super.visitElement(segment);
    }

    @Override
    public void visitDataCount(int count) {
        dataCount = OptionalInt.of(count);
        super.visitDataCount(count);
    }

    @Override
    public CodeVisitor visitCode(int functionIndex, List<Locals> locals) {
        if (context == null) {
            context = snapshot();
        }
        if (functionIndex < 0 || functionIndex >= functionTypes.size()) {
            throw invalid("function and code section have inconsistent lengths: no type for function "
                    + functionIndex);
        }
        CodeVisitor next = super.visitCode(functionIndex, locals);
        return new StackTracker(context, functionIndex, locals, next);
    }

    @Override
    public void visitData(DataSegment segment) {
        if (segment.mode() == SegmentMode.ACTIVE) {
            if (segment.memoryIndex() < 0 || segment.memoryIndex() >= memories.size()) {
                throw invalid("unknown memory " + Integer.toUnsignedLong(segment.memoryIndex()));
            }
            checkConstant(segment.offset(), ValType.I32, importedGlobals, "data segment offset");
        }
        super.visitData(segment);
    }

    @Override
    public void visitEnd() {
        if (context == null) {
            context = snapshot();
        }
        super.visitEnd();
    }

    // ------------------------------------------------------------------------------------------- checks

    private ModuleContext snapshot() {
        return new ModuleContext(types, functionTypes, tables, memories, globals, elementTypes, dataCount, references);
    }

    private void checkType(int index) {
        if (index < 0 || index >= types.size()) {
            throw invalid("unknown type " + Integer.toUnsignedLong(index));
        }
    }

    private void checkTable(TableType type) {
        checkLimits(type.limits(), 0xffff_ffffL, "table");
    }

    private void checkMemory(MemoryType type) {
        if (memories.size() >= 1) {
            throw invalid("multiple memories are not supported");
        }
        if (type.pageSizeLog2().isPresent()) {
            int log2 = type.pageSizeLog2().getAsInt();
            if (log2 != 0 && log2 != 16) {
                throw invalid("invalid custom page size: 2^" + log2 + " (only 1 and 65536 are allowed)");
            }
        }
        long maxPages = type.effectivePageSizeLog2() == 16 ? MAX_PAGES_64K : MAX_BYTES;
        checkLimits(type.limits(), maxPages, "memory");
    }

    private void checkLimits(Limits limits, long range, String what) {
        if (limits.min() > range) {
            throw invalid(what + " size must be at most " + range + (what.equals("memory") ? " pages" : "")
                    + ", minimum is " + limits.min());
        }
        if (limits.max().isPresent()) {
            long max = limits.max().getAsLong();
            if (max > range) {
                throw invalid(what + " size must be at most " + range + (what.equals("memory") ? " pages" : "")
                        + ", maximum is " + max);
            }
            if (max < limits.min()) {
                throw invalid("size minimum must not be greater than maximum: " + limits);
            }
        }
    }

    /**
     * In WebAssembly 2.0 constant expressions may only read imported globals. A constant expression is
     * exactly one constant instruction and {@code end} is exactly one constant instruction and {@code end}:
     * a constant, {@code ref.null}, {@code ref.func}, or {@code global.get} of an immutable global among the
     * first {@code visibleGlobals}.
     */
    private void checkConstant(List<Instruction> expr, ValType expected, int visibleGlobals, String what) {
        ValType actual = null;
        int values = 0;
        for (int i = 0; i < expr.size() - 1; i++) {
            Instruction insn = expr.get(i);
            ValType t;
            switch (insn.opcode()) {
                case I32_CONST: t = ValType.I32; break;
                case I64_CONST: t = ValType.I64; break;
                case F32_CONST: t = ValType.F32; break;
                case F64_CONST: t = ValType.F64; break;
                case V128_CONST: t = ValType.V128; break;
                case REF_NULL: t = ((Instruction.RefNull) insn).type(); break;
                case REF_FUNC: {
                    int f = ((Instruction.FunctionRef) insn).functionIndex();
                    if (f < 0 || f >= functionTypes.size()) {
                        throw invalid("unknown function " + Integer.toUnsignedLong(f) + " in " + what);
                    }
                    t = ValType.FUNCREF;
                    break;
                }
                case GLOBAL_GET: {
                    int g = ((Instruction.Global) insn).globalIndex();
                    if (g < 0 || g >= visibleGlobals) {
                        throw invalid("unknown global " + Integer.toUnsignedLong(g) + " in " + what);
                    }
                    if (globals.get(g).mutable()) {
                        throw invalid("constant expression required: " + what + " reads mutable global " + g);
                    }
                    t = globals.get(g).type();
                    break;
                }
                default:
                    throw invalid("constant expression required: " + insn.opcode() + " in " + what);
            }
            actual = t;
            values++;
        }
        if (expr.isEmpty() || expr.get(expr.size() - 1).opcode() != Opcode.END) {
            throw invalid(what + " does not end with end");
        }
        if (values != 1 || actual != expected) {
            throw invalid("type mismatch: " + what + " must produce one " + expected + ", produces "
                    + (values == 1 ? actual : values + " values"));
        }
    }

    private InvalidModuleException invalid(String detail) {
        return new InvalidModuleException(null, sectionOffset, section, -1, -1, detail);
    }
}
