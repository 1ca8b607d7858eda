package io.github.wasm2mpy.cgen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stop-gap decoder of the module sections the emitter needs, until wasm-model's {@code Module} is available.
 * Function bodies stay as bytes; {@link FunctionEmitter} decodes their instructions while it writes C.
 */
final class WasmBinary {
    static final byte I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b, FUNCREF = 0x70, EXTERNREF = 0x6f;

    record FuncType(byte[] params, byte[] results) {
        /** The runtime's signature text, e.g. {@code ij>f}. */
        String sig() {
            StringBuilder sb = new StringBuilder();
            for (byte p : params) sb.append(code(p));
            sb.append('>');
            for (byte r : results) sb.append(code(r));
            return sb.toString();
        }
        @Override public boolean equals(Object o) {
            return o instanceof FuncType t && Arrays.equals(params, t.params) && Arrays.equals(results, t.results);
        }
        @Override public int hashCode() { return Arrays.hashCode(params) * 31 + Arrays.hashCode(results); }
    }

    /** A constant expression: one of the const opcodes with its value, global.get, ref.null or ref.func. */
    record ConstExpr(int opcode, long value) {}

    record Import(String module, String name, int kind, int index) {}

    record Table(byte elemType, long min, long max) {}

    record Memory(long min, long max, int pageSize) {}

    record Global(byte type, boolean mutable, ConstExpr init) {}

    record Export(String name, int kind, int index) {}

    /** mode: 0 active, 1 passive, 2 declarative; items are const exprs (ref.func, ref.null, global.get). */
    record Elem(int mode, int table, ConstExpr offset, byte type, List<ConstExpr> items) {}

    record Data(int mode, int memory, ConstExpr offset, byte[] bytes) {}

    record Code(List<byte[]> localGroups, int bodyStart, int bodyEnd) {}

    static final int KIND_FUNC = 0, KIND_TABLE = 1, KIND_MEMORY = 2, KIND_GLOBAL = 3;

    final byte[] bytes;
    final List<FuncType> types = new ArrayList<>();
    final List<Import> imports = new ArrayList<>();
    /** Type index of every function, imported ones first. */
    final List<Integer> funcTypes = new ArrayList<>();
    final List<Table> tables = new ArrayList<>();
    final List<Memory> memories = new ArrayList<>();
    final List<Global> globals = new ArrayList<>();
    final List<Export> exports = new ArrayList<>();
    final List<Elem> elems = new ArrayList<>();
    final List<Data> datas = new ArrayList<>();
    final List<Code> codes = new ArrayList<>();
    final Map<Integer, String> funcNames = new HashMap<>();
    int start = -1;
    int importedFuncs, importedTables, importedMemories, importedGlobals;
    /** Global types of imported globals, in import order. */
    final List<Global> importedGlobalTypes = new ArrayList<>();
    final List<Table> importedTableTypes = new ArrayList<>();
    final List<Memory> importedMemoryTypes = new ArrayList<>();

    private int pos;
    private final String source;

    static char code(byte t) {
        return switch (t) {
            case I32 -> 'i';
            case I64 -> 'j';
            case F32 -> 'f';
            case F64 -> 'd';
            case V128 -> 'v';
            case FUNCREF -> 'r';
            case EXTERNREF -> 'e';
            default -> throw new IllegalArgumentException("unknown value type 0x" + Integer.toHexString(t & 0xff));
        };
    }

    WasmBinary(String source, byte[] bytes) {
        this.source = source;
        this.bytes = bytes;
        parse();
    }

    CodegenException error(String message) {
        return new CodegenException(source + ": offset 0x" + Integer.toHexString(pos) + ": " + message);
    }

    FuncType funcType(int funcIndex) {
        return types.get(funcTypes.get(funcIndex));
    }

    Table tableType(int index) {
        return index < importedTables ? importedTableTypes.get(index) : tables.get(index - importedTables);
    }

    Memory memoryType(int index) {
        return index < importedMemories ? importedMemoryTypes.get(index) : memories.get(index - importedMemories);
    }

    Global globalType(int index) {
        return index < importedGlobals ? importedGlobalTypes.get(index) : globals.get(index - importedGlobals);
    }

    private void parse() {
        if (bytes.length < 8 || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm') {
            throw error("not a WebAssembly binary (bad magic)");
        }
        pos = 8;
        while (pos < bytes.length) {
            int id = u8();
            int size = u32();
            int end = pos + size;
            switch (id) {
                case 0 -> customSection(end);
                case 1 -> { for (int n = u32(); n > 0; n--) { if (u8() != 0x60) throw error("bad func type"); types.add(new FuncType(valTypes(), valTypes())); } }
                case 2 -> importSection();
                case 3 -> { for (int n = u32(); n > 0; n--) funcTypes.add(u32()); }
                case 4 -> { for (int n = u32(); n > 0; n--) tables.add(tableType()); }
                case 5 -> { for (int n = u32(); n > 0; n--) memories.add(memoryType()); }
                case 6 -> { for (int n = u32(); n > 0; n--) { byte t = (byte) u8(); boolean m = u8() == 1; globals.add(new Global(t, m, constExpr())); } }
                case 7 -> { for (int n = u32(); n > 0; n--) exports.add(new Export(name(), u8(), u32())); }
                case 8 -> start = u32();
                case 9 -> { for (int n = u32(); n > 0; n--) elems.add(elem()); }
                case 10 -> { for (int n = u32(); n > 0; n--) { int sz = u32(); int e = pos + sz; codes.add(code(e)); pos = e; } }
                case 11 -> { for (int n = u32(); n > 0; n--) datas.add(data()); }
                case 12 -> u32();
                default -> throw error("unknown section id " + id);
            }
            pos = end;
        }
    }

    private void customSection(int end) {
        String name = name();
        if (!name.equals("name")) return;
        try {
            while (pos < end) {
                int sub = u8();
                int size = u32();
                int subEnd = pos + size;
                if (sub == 1) {
                    for (int n = u32(); n > 0; n--) {
                        int idx = u32();
                        funcNames.put(idx, name());
                    }
                }
                pos = subEnd;
            }
        } catch (RuntimeException e) {
            funcNames.clear(); // a broken name section only costs readability
        }
    }

    private void importSection() {
        for (int n = u32(); n > 0; n--) {
            String module = name();
            String field = name();
            int kind = u8();
            switch (kind) {
                case KIND_FUNC -> { int t = u32(); imports.add(new Import(module, field, kind, funcTypes.size())); funcTypes.add(t); importedFuncs++; }
                case KIND_TABLE -> { importedTableTypes.add(tableType()); imports.add(new Import(module, field, kind, importedTables++)); }
                case KIND_MEMORY -> { importedMemoryTypes.add(memoryType()); imports.add(new Import(module, field, kind, importedMemories++)); }
                case KIND_GLOBAL -> { byte t = (byte) u8(); boolean m = u8() == 1; importedGlobalTypes.add(new Global(t, m, null)); imports.add(new Import(module, field, kind, importedGlobals++)); }
                default -> throw error("unknown import kind " + kind);
            }
        }
    }

    private Table tableType() {
        byte t = (byte) u8();
        int flags = u8();
        long min = u32() & 0xffffffffL;
        long max = (flags & 1) != 0 ? u32() & 0xffffffffL : -1;
        return new Table(t, min, max);
    }

    private Memory memoryType() {
        int flags = u8();
        long min = u32() & 0xffffffffL;
        long max = (flags & 1) != 0 ? u32() & 0xffffffffL : -1;
        int pageSize = 65536;
        if ((flags & 8) != 0) {
            int log2 = u32();
            if (log2 != 0 && log2 != 16) throw error("unsupported page size 2^" + log2);
            pageSize = 1 << log2;
        }
        if ((flags & ~9) != 0) throw error("unsupported memory flags 0x" + Integer.toHexString(flags));
        return new Memory(min, max, pageSize);
    }

    private Elem elem() {
        int flags = u32();
        int mode = (flags & 1) == 0 ? 0 : (flags & 2) == 0 ? 1 : 2;
        int table = 0;
        ConstExpr offset = null;
        if (mode == 0) {
            if ((flags & 2) != 0) table = u32();
            offset = constExpr();
        }
        byte type = FUNCREF;
        boolean exprs = (flags & 4) != 0;
        if ((flags & 3) != 0) {
            int t = u8();
            if (exprs) type = (byte) t; // else elemkind 0x00 = funcref
        }
        List<ConstExpr> items = new ArrayList<>();
        for (int n = u32(); n > 0; n--) {
            items.add(exprs ? constExpr() : new ConstExpr(0xd2, u32()));
        }
        return new Elem(mode, table, offset, type, List.copyOf(items));
    }

    private Data data() {
        int flags = u32();
        int mode = flags == 1 ? 1 : 0;
        int memory = flags == 2 ? u32() : 0;
        ConstExpr offset = mode == 0 ? constExpr() : null;
        int len = u32();
        byte[] b = Arrays.copyOfRange(bytes, pos, pos + len);
        pos += len;
        return new Data(mode, memory, offset, b);
    }

    private Code code(int end) {
        List<byte[]> groups = new ArrayList<>();
        for (int n = u32(); n > 0; n--) {
            int count = u32();
            byte t = (byte) u8();
            groups.add(new byte[] {(byte) (count >>> 24), (byte) (count >>> 16), (byte) (count >>> 8), (byte) count, t});
        }
        return new Code(List.copyOf(groups), pos, end);
    }

    private ConstExpr constExpr() {
        int op = u8();
        long value = switch (op) {
            case 0x41 -> s32();
            case 0x42 -> s64();
            case 0x43 -> { long v = (bytes[pos] & 0xffL) | (bytes[pos + 1] & 0xffL) << 8 | (bytes[pos + 2] & 0xffL) << 16 | (bytes[pos + 3] & 0xffL) << 24; pos += 4; yield v; }
            case 0x44 -> { long v = 0; for (int i = 0; i < 8; i++) v |= (bytes[pos + i] & 0xffL) << (8 * i); pos += 8; yield v; }
            case 0x23, 0xd2 -> u32();
            case 0xd0 -> u8();
            default -> throw error("unsupported constant expression opcode 0x" + Integer.toHexString(op));
        };
        if (u8() != 0x0b) throw error("constant expression longer than one instruction");
        return new ConstExpr(op, value);
    }

    private byte[] valTypes() {
        int n = u32();
        byte[] t = new byte[n];
        for (int i = 0; i < n; i++) t[i] = (byte) u8();
        return t;
    }

    private String name() {
        int len = u32();
        String s = new String(bytes, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    int u8() {
        if (pos >= bytes.length) throw error("unexpected end");
        return bytes[pos++] & 0xff;
    }

    int u32() {
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) break;
            shift += 7;
        }
        return (int) result;
    }

    int s32() {
        return (int) s64();
    }

    long s64() {
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            result |= (long) (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) result |= -1L << shift;
        return result;
    }

    int pos() { return pos; }

    void seek(int p) { pos = p; }

    int f32bits() { int v = (bytes[pos] & 0xff) | (bytes[pos + 1] & 0xff) << 8 | (bytes[pos + 2] & 0xff) << 16 | (bytes[pos + 3] & 0xff) << 24; pos += 4; return v; }

    long f64bits() { long v = 0; for (int i = 0; i < 8; i++) v |= (bytes[pos + i] & 0xffL) << (8 * i); pos += 8; return v; }
}
