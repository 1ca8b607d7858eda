package io.github.wasm2mpy.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decodes a WebAssembly binary and drives a {@link ModuleVisitor}, the way ObjectWeb ASM's {@code ClassReader}
 * drives a {@code ClassVisitor}. Decoding errors are {@link MalformedModuleException}s carrying the offset,
 * section and function; no other exception escapes for any input. Counts are checked against the bytes left
 * before anything is allocated, so a small hostile input cannot request a huge allocation.
 *
 * <pre>{@code
 * Module module = WasmReader.read(Path.of("app.wasm"));
 * new WasmReader(bytes).accept(new Validator(new ModuleBuilder()));
 * }</pre>
 */
public final class WasmReader {
    private static final int MAGIC = 0x6d736100;
    private static final long MAX_LOCALS = 0xffff_ffffL;

    private final byte[] bytes;
    private final String source;

    private int pos;
    private int limit;
    private SectionId section;
    private int functionIndex = -1;
    private int instructionOffset = -1;
    private boolean usesDataCount;
    private int firstDataCountUser = -1;
    private boolean canonical = true;

    /** A reader of {@code bytes} (not copied: do not change them while reading). */
    public WasmReader(byte[] bytes) {
        this(bytes, null);
    }

    /** A reader of {@code bytes} whose errors name {@code sourceName}. */
    public WasmReader(byte[] bytes, String sourceName) {
        this.bytes = bytes;
        this.source = sourceName;
    }

    /** Decodes {@code bytes} into a module (not validated). */
    public static Module read(byte[] bytes) {
        ModuleBuilder builder = new ModuleBuilder();
        new WasmReader(bytes).accept(builder);
        return builder.build();
    }

    /** Decodes the file at {@code path}; errors name the file. */
    public static Module read(Path path) throws IOException {
        ModuleBuilder builder = new ModuleBuilder();
        new WasmReader(Files.readAllBytes(path), path.toString()).accept(builder);
        return builder.build();
    }

    /** Decodes everything {@code in} provides (the stream is not closed). */
    public static Module read(InputStream in) throws IOException {
        return read(in.readAllBytes());
    }

    /**
     * Decodes the module, calling {@code visitor} for each part in section order. Exceptions thrown by the
     * visitor propagate unchanged; {@link WasmModelException}s thrown by a validating visitor get this
     * reader's source name.
     */
    public void accept(ModuleVisitor visitor) {
        try {
            decodeModule(visitor);
        } catch (WasmModelException e) {
            throw source == null ? e : e.withSource(source);
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw error("module too large or too deeply nested to decode (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * After {@link #accept}: true when the input used only shortest-form integers and had no empty section,
     * i.e. {@link WasmWriter} reproduces it byte for byte.
     */
    public boolean isCanonical() {
        return canonical;
    }

    // ---------------------------------------------------------------------------------------------- sections

    private void decodeModule(ModuleVisitor v) {
        pos = 0;
        limit = bytes.length;
        firstDataCountUser = -1;
        canonical = true;
        if (limit < 4 || u32le() != MAGIC) {
            pos = 0;
            throw error("magic header not detected");
        }
        if (limit < 8) {
            throw error("unexpected end: no version");
        }
        int version = u32le();
        if (version != 1) {
            throw errorAt(4, "unknown binary version " + version);
        }
        SectionId previous = SectionId.CUSTOM;
        int declaredFunctions = -1;
        int codeCount = -1;
        int importedFunctions = 0;
        OptionalInt dataCount = OptionalInt.empty();
        int dataSegments = -1;
        while (pos < bytes.length) {
            section = null;
            limit = bytes.length;
            int idOffset = pos;
            int id = u8();
            SectionId s = SectionId.fromId(id);
            if (s == null) {
                throw errorAt(idOffset, "malformed section id " + id);
            }
            long size = u32();
            if (size > bytes.length - pos) {
                throw error("length out of bounds: section size " + size + " exceeds the " + (bytes.length - pos)
                        + " bytes left");
            }
            section = s;
            limit = pos + (int) size;
            int start = pos;
            if (s != SectionId.CUSTOM) {
                if (s.ordinal() <= previous.ordinal()) {
                    throw errorAt(idOffset, "unexpected content after last section: " + s.displayName()
                            + " section out of order or repeated");
                }
                previous = s;
                v.visitSection(s, start);
            }
            switch (s) {
                case CUSTOM:
                    decodeCustom(v, previous);
                    break;
                case TYPE:
                    for (int i = 0, n = count(); i < n; i++) {
                        v.visitType(funcType());
                    }
                    break;
                case IMPORT:
                    for (int i = 0, n = count(); i < n; i++) {
                        Import imp = importEntry();
                        if (imp.kind() == ExternalKind.FUNCTION) {
                            importedFunctions++;
                        }
                        v.visitImport(imp);
                    }
                    break;
                case FUNCTION:
                    declaredFunctions = count();
                    for (int i = 0; i < declaredFunctions; i++) {
                        v.visitFunction(index());
                    }
                    break;
                case TABLE:
                    for (int i = 0, n = count(); i < n; i++) {
                        v.visitTable(tableType());
                    }
                    break;
                case MEMORY:
                    for (int i = 0, n = count(); i < n; i++) {
                        v.visitMemory(memoryType());
                    }
                    break;
                case GLOBAL:
                    for (int i = 0, n = count(); i < n; i++) {
                        GlobalType type = globalType();
                        v.visitGlobal(new Global(type, constExpr()));
                    }
                    break;
                case EXPORT:
                    for (int i = 0, n = count(); i < n; i++) {
                        String name = name();
                        int kindOffset = pos;
                        ExternalKind kind = ExternalKind.fromCode(u8());
                        if (kind == null) {
                            throw errorAt(kindOffset, "malformed export kind " + (bytes[kindOffset] & 0xff));
                        }
                        v.visitExport(new Export(name, kind, index()));
                    }
                    break;
                case START:
                    v.visitStart(index());
                    break;
                case ELEMENT:
                    for (int i = 0, n = count(); i < n; i++) {
                        v.visitElement(elementSegment());
                    }
                    break;
                case DATA_COUNT:
                    dataCount = OptionalInt.of(index());
                    v.visitDataCount(dataCount.getAsInt());
                    break;
                case CODE:
                    codeCount = count();
                    if (codeCount != Math.max(declaredFunctions, 0)) {
                        throw error("function and code section have inconsistent lengths: " + declaredFunctions
                                + " functions declared, " + codeCount + " bodies");
                    }
                    for (int i = 0; i < codeCount; i++) {
                        functionIndex = importedFunctions + i;
                        decodeBody(v, dataCount.isPresent());
                        functionIndex = -1;
                        instructionOffset = -1;
                    }
                    break;
                case DATA:
                    dataSegments = count();
                    if (dataCount.isPresent() && dataCount.getAsInt() != dataSegments) {
                        throw error("data count and data section have inconsistent lengths: data count "
                                + dataCount.getAsInt() + ", " + dataSegments + " segments");
                    }
                    for (int i = 0; i < dataSegments; i++) {
                        v.visitData(dataSegment());
                    }
                    break;
                default:
                    throw new AssertionError(s);
            }
            if (s != SectionId.CUSTOM && s != SectionId.START && s != SectionId.DATA_COUNT && bytes[start] == 0
                    && pos == start + 1) {
                canonical = false;
            }
            if (pos != limit) {
                throw error("section size mismatch: " + (limit - pos) + " bytes left at the end of the "
                        + s.displayName() + " section");
            }
        }
        section = null;
        if (declaredFunctions > 0 && codeCount < 0) {
            throw error("function and code section have inconsistent lengths: " + declaredFunctions
                    + " functions declared, no code section");
        }
        if (firstDataCountUser >= 0 && dataSegments >= 0) {
            throw new MalformedModuleException(source, pos, SectionId.DATA, firstDataCountUser, -1,
                    "data count section required: function " + firstDataCountUser
                            + " uses memory.init or data.drop");
        }
        if (dataCount.isPresent() && dataSegments < 0 && dataCount.getAsInt() != 0) {
            throw error("data count and data section have inconsistent lengths: data count "
                    + dataCount.getAsInt() + ", no data section");
        }
        v.visitEnd();
    }

    private void decodeCustom(ModuleVisitor v, SectionId after) {
        String name = name();
        byte[] content = java.util.Arrays.copyOfRange(bytes, pos, limit);
        int contentOffset = pos;
        pos = limit;
        v.visitCustomSection(new CustomSection(name, content, after));
        if (name.equals("name")) {
            v.visitNames(decodeNames(content, contentOffset));
        }
    }

    /** Decodes what it can of a name section; a broken name section must not make the module malformed. */
    private Names decodeNames(byte[] content, int contentOffset) {
        int savedPos = pos;
        int savedLimit = limit;
        Optional<String> moduleName = Optional.empty();
        Map<Integer, String> functionNames = new HashMap<>();
        Map<Integer, Map<Integer, String>> localNames = new HashMap<>();
        try {
            pos = contentOffset;
            int end = contentOffset + content.length;
            while (pos < end) {
                limit = end;
                int id = u8();
                long size = u32();
                if (size > end - pos) {
                    break;
                }
                int subEnd = pos + (int) size;
                limit = subEnd;
                if (id == 0) {
                    moduleName = Optional.of(name());
                } else if (id == 1) {
                    nameMap(functionNames);
                } else if (id == 2) {
                    for (int i = 0, n = count(); i < n; i++) {
                        int function = index();
                        Map<Integer, String> locals = new HashMap<>();
                        nameMap(locals);
                        localNames.put(function, locals);
                    }
                }
                pos = subEnd;
            }
        } catch (MalformedModuleException e) {
            // Keep the names decoded before the damage.
        } finally {
            pos = savedPos;
            limit = savedLimit;
        }
        return new Names(moduleName, functionNames, localNames);
    }

    private void nameMap(Map<Integer, String> into) {
        for (int i = 0, n = count(); i < n; i++) {
            int index = index();
            into.put(index, name());
        }
    }

    // ------------------------------------------------------------------------------------------------ types

    private FuncType funcType() {
        int formOffset = pos;
        int form = u8();
        if (form != 0x60) {
            throw errorAt(formOffset, String.format("integer representation too long: function type form 0x%02x,"
                    + " expected 0x60", form));
        }
        List<ValType> params = valTypes();
        List<ValType> results = valTypes();
        return new FuncType(params, results);
    }

    private List<ValType> valTypes() {
        int n = count();
        List<ValType> types = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            types.add(valType());
        }
        return types;
    }

    private ValType valType() {
        int at = pos;
        int code = u8();
        ValType t = ValType.fromCode(code);
        if (t == null) {
            throw errorAt(at, String.format("malformed value type 0x%02x", code));
        }
        return t;
    }

    private ValType refType() {
        int at = pos;
        int code = u8();
        ValType t = ValType.fromCode(code);
        if (t == null || !t.isReference()) {
            throw errorAt(at, String.format("malformed reference type 0x%02x", code));
        }
        return t;
    }

    private Import importEntry() {
        String module = name();
        String name = name();
        int kindOffset = pos;
        int kind = u8();
        switch (kind) {
            case 0: return new Import(module, name, new Import.FunctionImport(index()));
            case 1: return new Import(module, name, new Import.TableImport(tableType()));
            case 2: return new Import(module, name, new Import.MemoryImport(memoryType()));
            case 3: return new Import(module, name, new Import.GlobalImport(globalType()));
            default: throw errorAt(kindOffset, "malformed import kind " + kind);
        }
    }

    private TableType tableType() {
        ValType element = refType();
        int flagOffset = pos;
        int flags = u8();
        if (flags > 1) {
            throw errorAt(flagOffset, "integer too large: table limits flags " + flags);
        }
        long min = u32();
        return new TableType(element, flags == 1 ? Limits.of(min, u32()) : Limits.of(min));
    }

    /** What a flag we reject would have meant: the proposals it belongs to are not supported. */
    private static String memoryFlagsHint(int flags) {
        if ((flags & 0x02) != 0) {
            return " (0x02 marks a shared memory, from the threads proposal, which is not supported)";
        }
        if ((flags & 0x04) != 0) {
            return " (0x04 marks a 64-bit memory, from the memory64 proposal, which is not supported)";
        }
        return "";
    }

    private MemoryType memoryType() {
        int flagOffset = pos;
        int flags = u8();
        if ((flags & ~0x09) != 0) {
            throw errorAt(flagOffset, "integer too large: memory limits flags " + flags + memoryFlagsHint(flags));
        }
        long min = u32();
        Limits limits = (flags & 1) != 0 ? Limits.of(min, u32()) : Limits.of(min);
        if ((flags & 0x08) != 0) {
            long log2 = u32();
            return new MemoryType(limits, OptionalInt.of((int) Math.min(log2, Integer.MAX_VALUE)));
        }
        return new MemoryType(limits);
    }

    private GlobalType globalType() {
        ValType type = valType();
        int at = pos;
        int mut = u8();
        if (mut > 1) {
            throw errorAt(at, "malformed mutability " + mut);
        }
        return new GlobalType(type, mut == 1);
    }

    // -------------------------------------------------------------------------------------------- segments

    private ElementSegment elementSegment() {
        int flagOffset = pos;
        long flags = u32();
        if (flags > 7) {
            throw errorAt(flagOffset, "malformed elements segment kind " + flags);
        }
        boolean passiveOrDeclarative = (flags & 1) != 0;
        boolean explicitTable = (flags & 2) != 0;
        boolean expressions = (flags & 4) != 0;
        SegmentMode mode = !passiveOrDeclarative ? SegmentMode.ACTIVE
                : explicitTable ? SegmentMode.DECLARATIVE : SegmentMode.PASSIVE;
        int table = 0;
        List<Instruction> offset = List.of();
        if (mode == SegmentMode.ACTIVE) {
            if (explicitTable) {
                table = index();
            }
            offset = constExpr();
        }
        ValType type = ValType.FUNCREF;
        if (passiveOrDeclarative || explicitTable) {
            if (expressions) {
                type = refType();
            } else {
                int at = pos;
                int kind = u8();
                if (kind != 0) {
                    throw errorAt(at, "malformed element kind " + kind);
                }
            }
        }
        int n = count();
        List<List<Instruction>> init = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (expressions) {
                init.add(constExpr());
            } else {
                init.add(List.of(new Instruction.FunctionRef(Opcode.REF_FUNC, index()),
                        new Instruction.Plain(Opcode.END)));
            }
        }
        return new ElementSegment(mode, table, offset, type, init, !expressions,
                mode == SegmentMode.ACTIVE && explicitTable);
    }

    private DataSegment dataSegment() {
        int flagOffset = pos;
        long flags = u32();
        if (flags > 2) {
            throw errorAt(flagOffset, "malformed data segment kind " + flags);
        }
        int memory = flags == 2 ? index() : 0;
        List<Instruction> offset = flags == 1 ? List.of() : constExpr();
        int n = count();
        byte[] content = java.util.Arrays.copyOfRange(bytes, pos, pos + n);
        pos += n;
        return new DataSegment(flags == 1 ? SegmentMode.PASSIVE : SegmentMode.ACTIVE, memory, offset, content,
                flags == 2);
    }

    private List<Instruction> constExpr() {
        InstructionCollector collector = new InstructionCollector();
        decodeInstructions(collector, false);
        return collector.instructions();
    }

    // ---------------------------------------------------------------------------------------------- bodies

    private void decodeBody(ModuleVisitor v, boolean hasDataCount) {
        long size = u32();
        if (size > limit - pos) {
            throw error("unexpected end of section or function: body size " + size + " exceeds the section");
        }
        int sectionLimit = limit;
        limit = pos + (int) size;
        List<Locals> locals = new ArrayList<>();
        long total = 0;
        for (int i = 0, n = count(); i < n; i++) {
            long c = u32();
            total += c;
            if (total > MAX_LOCALS) {
                throw error("too many locals: more than 2^32 - 1 declared");
            }
            locals.add(new Locals(c, valType()));
        }
        CodeVisitor code = v.visitCode(functionIndex, List.copyOf(locals));
        usesDataCount = false;
        decodeInstructions(code == null ? new InstructionSink() : code, true);
        if (pos != limit) {
            throw error("section size mismatch: " + (limit - pos) + " bytes after the end of the function body");
        }
        if (usesDataCount && !hasDataCount && firstDataCountUser < 0) {
            firstDataCountUser = functionIndex;
        }
        if (code != null) {
            code.visitEnd();
        }
        limit = sectionLimit;
    }

    /** Reads instructions up to and including the {@code end} that closes the expression. */
    private void decodeInstructions(CodeVisitor cv, boolean body) {
        // One entry per open block: 1 for an `if` whose `else` is still allowed, 0 otherwise.
        byte[] blocks = new byte[16];
        int depth = 0;
        while (true) {
            if (pos >= limit) {
                throw error(body ? "unexpected end of section or function: missing end of function body"
                        : "unexpected end of section or function: constant expression without end");
            }
            int at = pos;
            if (body) {
                instructionOffset = at;
                cv.visitPosition(at);
            }
            int b = bytes[pos++] & 0xff;
            Opcode op;
            if (b == 0xfc || b == 0xfd) {
                long sub = u32();
                op = sub < 256 ? Opcode.of(b, (int) sub) : null;
                if (op == null) {
                    throw errorAt(at, String.format("illegal opcode 0x%02x 0x%x", b, sub));
                }
            } else {
                op = Opcode.of(0, b);
                if (op == null) {
                    throw errorAt(at, String.format("illegal opcode 0x%02x", b));
                }
            }
            switch (op.shape()) {
                case PLAIN:
                    if (op == Opcode.END) {
                        if (depth == 0) {
                            cv.visitInsn(op);
                            return;
                        }
                        depth--;
                    } else if (op == Opcode.ELSE) {
                        if (depth == 0 || blocks[depth - 1] != 1) {
                            throw errorAt(at, "else without a matching if");
                        }
                        blocks[depth - 1] = 0;
                    }
                    cv.visitInsn(op);
                    break;
                case BLOCK: {
                    BlockType type = blockType();
                    if (depth == blocks.length) {
                        blocks = java.util.Arrays.copyOf(blocks, depth * 2);
                    }
                    blocks[depth++] = (byte) (op == Opcode.IF ? 1 : 0);
                    cv.visitBlockInsn(op, type);
                    break;
                }
                case BRANCH:
                    cv.visitBranchInsn(op, index());
                    break;
                case BRANCH_TABLE: {
                    int n = count();
                    List<Integer> depths = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        depths.add(index());
                    }
                    cv.visitBranchTableInsn(depths, index());
                    break;
                }
                case FUNCTION:
                    cv.visitFunctionInsn(op, index());
                    break;
                case CALL_INDIRECT: {
                    int type = index();
                    cv.visitCallIndirectInsn(type, index());
                    break;
                }
                case SELECT:
                    cv.visitSelectInsn(valTypes());
                    break;
                case LOCAL:
                    cv.visitLocalInsn(op, index());
                    break;
                case GLOBAL:
                    cv.visitGlobalInsn(op, index());
                    break;
                case TABLE:
                    cv.visitTableInsn(op, index());
                    break;
                case MEMORY:
                    cv.visitMemoryInsn(op, memArg());
                    break;
                case MEMORY_LANE: {
                    MemArg arg = memArg();
                    cv.visitMemoryLaneInsn(op, arg, u8());
                    break;
                }
                case MEMORY_INDEX:
                    cv.visitMemoryIndexInsn(op, zeroByte());
                    break;
                case SEGMENT: {
                    if (op == Opcode.MEMORY_INIT) {
                        usesDataCount = true;
                    }
                    int segment = index();
                    cv.visitSegmentInsn(op, segment, op == Opcode.MEMORY_INIT ? zeroByte() : index());
                    break;
                }
                case DROP_SEGMENT:
                    if (op == Opcode.DATA_DROP) {
                        usesDataCount = true;
                    }
                    cv.visitDropSegmentInsn(op, index());
                    break;
                case COPY:
                    if (op == Opcode.MEMORY_COPY) {
                        int dst = zeroByte();
                        cv.visitCopyInsn(op, dst, zeroByte());
                    } else {
                        int dst = index();
                        cv.visitCopyInsn(op, dst, index());
                    }
                    break;
                case I32_CONST:
                    cv.visitConstInsn(op, s32());
                    break;
                case I64_CONST:
                    cv.visitConstInsn(op, s64());
                    break;
                case F32_CONST:
                    cv.visitConstInsn(op, u32le() & 0xffff_ffffL);
                    break;
                case F64_CONST: {
                    long lo = u32le() & 0xffff_ffffL;
                    long hi = u32le() & 0xffff_ffffL;
                    cv.visitConstInsn(op, lo | (hi << 32));
                    break;
                }
                case V128_CONST:
                    cv.visitV128ConstInsn(v128());
                    break;
                case SHUFFLE:
                    cv.visitShuffleInsn(v128());
                    break;
                case HEAP_TYPE:
                    cv.visitRefNullInsn(refType());
                    break;
                case LANE:
                    cv.visitLaneInsn(op, u8());
                    break;
                default:
                    throw new AssertionError(op);
            }
        }
    }

    private BlockType blockType() {
        int at = pos;
        int first = u8();
        if (first == 0x40) {
            return BlockType.EMPTY;
        }
        ValType t = ValType.fromCode(first);
        if (t != null) {
            return new BlockType.Value(t);
        }
        pos = at;
        long index = s33();
        if (index < 0) {
            throw errorAt(at, "malformed block type " + index);
        }
        if (index > Integer.MAX_VALUE) {
            throw errorAt(at, "block type index too large: " + index);
        }
        return new BlockType.TypeIndex((int) index);
    }

    private MemArg memArg() {
        long align = u32();
        long offset = u32();
        return new MemArg((int) align, offset, 0);
    }

    private int zeroByte() {
        int at = pos;
        int b = u8();
        if (b != 0) {
            throw errorAt(at, "zero byte expected, found " + b);
        }
        return 0;
    }

    private V128 v128() {
        need(16);
        byte[] value = java.util.Arrays.copyOfRange(bytes, pos, pos + 16);
        pos += 16;
        return new V128(value);
    }

    // -------------------------------------------------------------------------------------------- primitives

    private void need(int n) {
        if (limit - pos < n) {
            throw error(limit == bytes.length ? "unexpected end" : "unexpected end of section or function");
        }
    }

    private int u8() {
        if (pos >= limit) {
            need(1);
        }
        return bytes[pos++] & 0xff;
    }

    private int u32le() {
        need(4);
        int v = (bytes[pos] & 0xff) | (bytes[pos + 1] & 0xff) << 8 | (bytes[pos + 2] & 0xff) << 16
                | (bytes[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    /** An unsigned LEB128 u32 as a non-negative long. */
    private long u32() {
        int start = pos;
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = u8();
            if (shift == 28) {
                if ((b & 0x80) != 0) {
                    throw errorAt(start, "integer representation too long");
                }
                if ((b & 0x70) != 0) {
                    throw errorAt(start, "integer too large");
                }
            }
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && shift > 0) {
                    canonical = false;
                }
                return result;
            }
        }
    }

    /** A u32 used as an index or count, kept as a Java int (indices of 2^31 and more become negative). */
    private int index() {
        return (int) u32();
    }

    /** A vector length, checked against the bytes left (each element takes at least one byte). */
    private int count() {
        int at = pos;
        long n = u32();
        if (n > limit - pos) {
            throw errorAt(at, (limit == bytes.length ? "unexpected end" : "unexpected end of section or function")
                    + ": vector of " + n + " elements in " + (limit - pos) + " bytes");
        }
        return (int) n;
    }

    private int s32() {
        return (int) signedLeb(32);
    }

    private long s33() {
        return signedLeb(33);
    }

    private long s64() {
        return signedLeb(64);
    }

    /**
     * A signed LEB128 of at most {@code bits} bits, sign-extended. The last byte a value of that width may
     * use carries only {@code bits - lastShift} payload bits; its other bits must repeat the sign, or the value
     * does not fit ("integer too large").
     */
    private long signedLeb(int bits) {
        int start = pos;
        int lastShift = (bits - 1) / 7 * 7;
        int payloadBits = bits - lastShift;
        int signBit = 1 << (payloadBits - 1);
        int unusedMask = 0x7f & -(1 << payloadBits);
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = u8();
            if (shift == lastShift) {
                if ((b & 0x80) != 0) {
                    throw errorAt(start, "integer representation too long");
                }
                if ((b & unusedMask) != ((b & signBit) != 0 ? unusedMask : 0)) {
                    throw errorAt(start, "integer too large");
                }
            }
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                checkSignedMinimal(b, shift);
                if (shift + 7 < 64 && (b & 0x40) != 0) {
                    result |= -1L << (shift + 7);
                }
                return result;
            }
        }
    }

    /** A signed LEB128 is longer than needed when its last byte only repeats the previous byte's sign. */
    private void checkSignedMinimal(int last, int shift) {
        if (shift > 0) {
            int previousSign = bytes[pos - 2] & 0x40;
            if (last == 0 && previousSign == 0 || last == 0x7f && previousSign != 0) {
                canonical = false;
            }
        }
    }

    private String name() {
        int n = count();
        int at = pos;
        pos += n;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, at, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw errorAt(at, "malformed UTF-8 encoding in a name");
        }
    }

    // --------------------------------------------------------------------------------------------- errors

    private MalformedModuleException error(String detail) {
        return errorAt(pos, detail);
    }

    private MalformedModuleException errorAt(long offset, String detail) {
        return new MalformedModuleException(source, offset, section, functionIndex,
                functionIndex >= 0 ? instructionOffset : -1, detail);
    }

    /** Swallows the instructions of a body nobody wants to see. */
    private static final class InstructionSink extends CodeVisitor {
    }
}
