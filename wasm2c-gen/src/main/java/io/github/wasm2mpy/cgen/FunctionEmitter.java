package io.github.wasm2mpy.cgen;

import io.github.wasm2mpy.cgen.WasmBinary.FuncType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes one wasm function as one C function. Operand-stack slots become C locals named by type and depth
 * ({@code si3} is the i32 at depth 3), so gcc sees plain SSA-friendly variables; structured control flow
 * becomes labels and gotos that only exist where a branch targets them.
 */
final class FunctionEmitter {
    private static final int BLOCK = 0, LOOP = 1, IF = 2, FUNC = 3;

    private static final class Frame {
        final int kind;
        final int label;
        final byte[] params;
        final byte[] results;
        final int base;
        boolean unreachable;
        boolean labelUsed;
        /** Bounds facts at the entry of an if (valid at its else), and at the end of its then branch. */
        Map<Integer, Long> entryFacts, thenFacts;
        /** Bounds facts true at every branch to this block's end so far; null while nothing branches there. */
        Map<Integer, Long> exitFacts;

        Frame(int kind, int label, byte[] params, byte[] results, int base) {
            this.kind = kind;
            this.label = label;
            this.params = params;
            this.results = results;
            this.base = base;
        }

        byte[] branchTypes() {
            return kind == LOOP ? params : results;
        }
    }

    private final CEmitter.ModuleContext ctx;
    private final WasmBinary wasm;
    private final int funcIndex;
    private final FuncType type;
    private final StringBuilder body = new StringBuilder();
    private final List<Byte> stack = new ArrayList<>();
    private final List<Frame> frames = new ArrayList<>();
    private final TreeSet<String> slotDecls = new TreeSet<>();
    private final List<Byte> localTypes = new ArrayList<>();
    private int labels;
    private int indent = 1;
    private boolean usesMemory;
    /** Slots known to hold an i32.const (by depth), for bounds-check elision; forgotten at any control flow. */
    private final Map<Integer, Long> slotConsts = new HashMap<>();
    /** Slots known to hold a copy of a local (by depth), forgotten like slotConsts and when the local changes. */
    private final Map<Integer, Integer> slotLocals = new HashMap<>();
    /**
     * Slots known to hold local + constant (by depth: {local, constant}), from an i32.add of the two; forgotten
     * like slotLocals. An access through such a slot is proven when the local's fact reaches past constant +
     * offset + width (then local + constant cannot have wrapped), but it teaches nothing about the local: a
     * wrapped sum can be in bounds while the local is not.
     */
    private final Map<Integer, long[]> slotSums = new HashMap<>();
    /**
     * Slots known to hold a multiple of 2, 4 or 8 (by depth; absent means no knowledge), from constants, aligned
     * globals, locals with an alignment fact, and sums, differences and masks of those; forgotten like
     * slotConsts. A proven access at such an address (plus an offset of the same alignment) in a memory with an
     * 8-aligned base is one word move (w2m_load_*_aligned) instead of a byte-wise access on Cortex-M0 and RV32.
     */
    private final Map<Integer, Integer> slotAligns = new HashMap<>();
    /**
     * Bounds facts: local l maps to k when l + k <= memory size is proven on every path to here (an earlier
     * access through l passed its check). A memory never shrinks, so only writes to l and control flow merges
     * end a fact; calls and memory.grow do not. Alignment facts share the map under {@link #alignKey}: the key
     * maps to 2, 4 or 8 when l holds a multiple of it on every path to here (the meet's minimum fits both).
     */
    private Map<Integer, Long> checked = new HashMap<>();

    FunctionEmitter(CEmitter.ModuleContext ctx, int funcIndex) {
        this.ctx = ctx;
        this.wasm = ctx.wasm();
        this.funcIndex = funcIndex;
        this.type = wasm.funcType(funcIndex);
    }

    String emit() {
        WasmBinary.Code code = wasm.codes.get(funcIndex - wasm.importedFuncs);
        for (byte p : type.params()) localTypes.add(p);
        for (byte[] g : code.localGroups()) {
            long count = ((g[0] & 0xffL) << 24) | ((g[1] & 0xffL) << 16) | ((g[2] & 0xffL) << 8) | (g[3] & 0xffL);
            if (localTypes.size() + count > 50000) throw ctx.error(funcIndex, "too many locals");
            for (long i = 0; i < count; i++) localTypes.add(g[4]);
        }
        frames.add(new Frame(FUNC, labels++, new byte[0], type.results(), 0));
        wasm.seek(code.bodyStart());
        while (!frames.isEmpty()) {
            if (wasm.pos() >= code.bodyEnd()) throw ctx.error(funcIndex, "function body ends inside a block");
            instruction();
        }
        return assemble();
    }

    private String assemble() {
        StringBuilder out = new StringBuilder();
        out.append(ctx.signature(funcIndex)).append(" {\n");
        if (ctx.countsDepth(funcIndex)) {
            out.append("  if (W2M_UNLIKELY(++inst->w2m_depth > ").append(ctx.options().callDepthLimit())
                    .append("u)) w2m_trap(W2M_TRAP_EXHAUSTION);\n");
        }
        for (int i = type.params().length; i < localTypes.size(); i++) {
            out.append("  ").append(ctx.ctype(localTypes.get(i))).append(" l").append(i).append(" = 0;\n");
        }
        for (String decl : slotDecls) {
            out.append("  ").append(decl).append(" = 0;\n");
        }
        if (usesMemory) out.append(ctx.memoryLocals());
        StringBuilder voids = new StringBuilder("  (void)inst;");
        for (int i = 0; i < localTypes.size(); i++) voids.append(" (void)l").append(i).append(';');
        for (String decl : slotDecls) voids.append(" (void)").append(decl.substring(decl.lastIndexOf(' ') + 1).replace("*", "")).append(';');
        if (usesMemory) voids.append(ctx.memoryLocalsVoid());
        out.append(wrap(voids.toString())).append('\n');
        String text = body.toString();
        // Loop labels are written before we know whether anything branches to them.
        for (int l = 0; l < labels; l++) {
            String marker = "\u0001" + l + "\u0001";
            if (text.contains(marker)) {
                text = text.replace(marker, usedLoopLabels.contains(l) ? "L" + l + ":;" : "");
            }
        }
        out.append(text);
        out.append("}\n");
        return out.toString().replaceAll("(?m)^[ ]+\n", "");
    }

    private static String wrap(String line) {
        StringBuilder sb = new StringBuilder();
        int col = 0;
        for (String part : line.trim().split(" ")) {
            if (col > 0 && col + part.length() > 110) { sb.append("\n  "); col = 2; }
            else if (col > 0) { sb.append(' '); col++; }
            else { sb.append("  "); col = 2; }
            sb.append(part);
            col += part.length();
        }
        return sb.toString();
    }

    private final TreeSet<Integer> usedLoopLabels = new TreeSet<>();

    // ---- stack slots ----

    private String slot(int depth, byte t) {
        String name = "s" + slotChar(t) + depth;
        slotDecls.add(ctx.ctype(t) + " " + name);
        return name;
    }

    private static char slotChar(byte t) {
        return switch (t) {
            case WasmBinary.I32 -> 'i';
            case WasmBinary.I64 -> 'j';
            case WasmBinary.F32 -> 'f';
            case WasmBinary.F64 -> 'd';
            case WasmBinary.V128 -> 'v';
            case WasmBinary.FUNCREF -> 'r';
            default -> 'e';
        };
    }

    /** Name of the slot k positions below the top (0 = top). */
    private String peek(int k) {
        int d = stack.size() - 1 - k;
        return slot(d, stack.get(d));
    }

    private String pop() {
        String s = peek(0);
        stack.remove(stack.size() - 1);
        return s;
    }

    private String push(byte t) {
        stack.add(t);
        slotConsts.remove(stack.size() - 1);
        slotAligns.remove(stack.size() - 1);
        slotLocals.remove(stack.size() - 1);
        slotSums.remove(stack.size() - 1);
        return slot(stack.size() - 1, t);
    }

    private void localChanged(int l) {
        checked.remove(l);
        checked.remove(alignKey(l));
        slotLocals.values().removeIf(v -> v == l);
        slotSums.values().removeIf(v -> v[0] == l);
    }

    /**
     * Local l was assigned the slot at depth d holding from + c: when from + k <= size is known with k >= c,
     * then l + (k - c) <= size, since from + c did not wrap.
     */
    private void localSummed(int l, int d) {
        long[] sum = slotSums.get(d);
        Long fact = sum == null ? null : checked.get((int) sum[0]);
        localChanged(l);
        if (fact != null && fact > sum[1]) checked.put(l, fact - sum[1]);
    }

    /** Local l was assigned; when the value was a copy of local from, l inherits from's bounds fact. */
    private void localCopied(int l, Integer from) {
        Long fact = from == null ? null : checked.get(from);
        localChanged(l);
        if (fact != null) checked.put(l, fact);
    }

    /** The key of local l's alignment fact in {@link #checked}; negative, so apart from the bounds facts. */
    private static int alignKey(int l) {
        return -1 - l;
    }

    /** The largest of 1, 2, 4 and 8 that divides the 32-bit value v. */
    static int alignmentOf(long v) {
        int low = Integer.lowestOneBit((int) v);
        return low == 0 ? 8 : Math.min(low, 8);
    }

    private int slotAlignment(int d) {
        return slotAligns.getOrDefault(d, 1);
    }

    /** Local l was assigned the slot at depth d: it keeps the slot's alignment as a fact. */
    private void localAligned(int l, int d) {
        int a = slotAlignment(d);
        if (a > 1) checked.put(alignKey(l), (long) a);
    }

    /** The facts true on both of two paths; null stands for a path that cannot be taken. */
    private static Map<Integer, Long> meet(Map<Integer, Long> a, Map<Integer, Long> b) {
        if (a == null) return b == null ? null : new HashMap<>(b);
        if (b == null) return new HashMap<>(a);
        Map<Integer, Long> m = new HashMap<>();
        for (var e : a.entrySet()) {
            Long k = b.get(e.getKey());
            if (k != null) m.put(e.getKey(), Math.min(k, e.getValue()));
        }
        return m;
    }

    /** Locals written between here (just after a loop's block type) and the loop's end. */
    private Set<Integer> localsWrittenInLoop() {
        int save = wasm.pos();
        Set<Integer> written = new HashSet<>();
        for (int depth = 0; ; ) {
            int op = wasm.u8();
            switch (op) {
                case 0x02, 0x03, 0x04 -> { blockType(); depth++; }
                case 0x0b -> {
                    if (depth-- == 0) {
                        wasm.seek(save);
                        return written;
                    }
                }
                case 0x21, 0x22 -> written.add(wasm.u32());
                default -> skipImmediates(op);
            }
        }
    }

    private void line(String s) {
        body.append("  ".repeat(indent)).append(s).append('\n');
    }

    private Frame frame(int depth) {
        return frames.get(frames.size() - 1 - depth);
    }

    // ---- instructions ----

    private void instruction() {
        int at = wasm.pos();
        int op = wasm.u8();
        Frame top = frames.get(frames.size() - 1);
        if (top.unreachable) {
            skipUnreachable(op);
            return;
        }
        if ((op >= 0x02 && op <= 0x05) || (op >= 0x0b && op <= 0x0f) || op == 0x1b || op == 0x1c || op == 0x40) {
            slotConsts.clear();
            slotLocals.clear();
            slotSums.clear();
            slotAligns.clear();
        }
        try {
            dispatch(op);
        } catch (CodegenException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ctx.error(funcIndex, "instruction at 0x" + Integer.toHexString(at) + " (opcode 0x"
                    + Integer.toHexString(op) + "): " + e);
        }
    }

    /** Dead code after br/return/unreachable: decode to find the end of the block, write nothing. */
    private int skipDepth;

    private void skipUnreachable(int op) {
        switch (op) {
            case 0x02, 0x03, 0x04 -> { blockType(); skipDepth++; }
            case 0x05 -> { if (skipDepth == 0) elseInsn(); }
            case 0x0b -> { if (skipDepth > 0) skipDepth--; else end(); }
            default -> skipImmediates(op);
        }
    }

    private void skipImmediates(int op) {
        switch (op) {
            case 0x0c, 0x0d, 0x10, 0x12, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0xd2, 0xd0 -> wasm.u32();
            case 0x0e -> { for (int n = wasm.u32(); n >= 0; n--) wasm.u32(); }
            case 0x11, 0x13 -> { wasm.u32(); wasm.u32(); }
            case 0x1c -> { for (int n = wasm.u32(); n > 0; n--) wasm.u8(); }
            case 0x3f, 0x40 -> wasm.u8();
            case 0x41 -> wasm.s32();
            case 0x42 -> wasm.s64();
            case 0x43 -> wasm.f32bits();
            case 0x44 -> wasm.f64bits();
            case 0xfc -> {
                int sub = wasm.u32();
                switch (sub) {
                    case 8 -> { wasm.u32(); wasm.u8(); }
                    case 9, 13, 15, 16, 17 -> wasm.u32();
                    case 10 -> { wasm.u8(); wasm.u8(); }
                    case 11 -> wasm.u8();
                    case 12, 14 -> { wasm.u32(); wasm.u32(); }
                    default -> { }
                }
            }
            default -> {
                if (op >= 0x28 && op <= 0x3e) { wasm.u32(); wasm.u32(); }
            }
        }
    }

    /** What a body does that matters to the whole module. */
    record Facts(java.util.Set<Integer> calls, java.util.Set<Integer> refs, boolean growsMemory, boolean callsIndirect) {}

    /** Decodes a body for its call-graph edges, function references, memory.grow and call_indirect. */
    static Facts scan(WasmBinary wasm, WasmBinary.Code code) {
        wasm.seek(code.bodyStart());
        FunctionEmitter reader = new FunctionEmitter(wasm);
        java.util.Set<Integer> calls = new java.util.TreeSet<>();
        java.util.Set<Integer> refs = new java.util.TreeSet<>();
        boolean grows = false;
        boolean indirect = false;
        while (wasm.pos() < code.bodyEnd()) {
            int op = wasm.u8();
            switch (op) {
                case 0x02, 0x03, 0x04 -> reader.blockType();
                case 0x10 -> calls.add(wasm.u32());
                case 0xd2 -> refs.add(wasm.u32());
                case 0x11 -> { indirect = true; reader.skipImmediates(op); }
                case 0x40 -> { grows = true; reader.skipImmediates(op); }
                default -> reader.skipImmediates(op);
            }
        }
        return new Facts(calls, refs, grows, indirect);
    }

    private FunctionEmitter(WasmBinary wasm) {
        this.ctx = null;
        this.wasm = wasm;
        this.funcIndex = -1;
        this.type = null;
    }

    private byte[][] blockType() {
        int b = wasm.bytes[wasm.pos()] & 0xff;
        if (b == 0x40) { wasm.u8(); return new byte[][] {new byte[0], new byte[0]}; }
        if (b == 0x7f || b == 0x7e || b == 0x7d || b == 0x7c || b == 0x7b || b == 0x70 || b == 0x6f) {
            wasm.u8();
            return new byte[][] {new byte[0], new byte[] {(byte) b}};
        }
        long idx = wasm.s64();
        FuncType t = wasm.types.get((int) idx);
        return new byte[][] {t.params(), t.results()};
    }

    private void elseInsn() {
        Frame f = frames.get(frames.size() - 1);
        if (f.kind != IF) throw ctx.error(funcIndex, "else outside if");
        while (stack.size() > f.base) stack.remove(stack.size() - 1);
        for (byte p : f.params) stack.add(p);
        f.thenFacts = f.unreachable ? null : checked;
        checked = new HashMap<>(f.entryFacts);
        f.unreachable = false;
        indent--;
        line("} else {");
        indent++;
        elseSeen.add(f);
    }

    private final List<Frame> elseSeen = new ArrayList<>();

    private void end() {
        Frame f = frames.remove(frames.size() - 1);
        skipDepth = 0;
        Map<Integer, Long> after = f.unreachable ? null : checked;
        if (f.kind == IF) after = meet(after, elseSeen.contains(f) ? f.thenFacts : f.entryFacts);
        if (f.kind != LOOP) after = meet(after, f.exitFacts);
        checked = after == null ? new HashMap<>() : after;
        // No path reaches this end (a loop that only branches back, a block nothing leaves): what follows up to
        // the enclosing end or else is dead too, and its facts must not weaken the ones of the paths that exist.
        if (after == null && f.kind != FUNC) frames.get(frames.size() - 1).unreachable = true;
        while (stack.size() > f.base) stack.remove(stack.size() - 1);
        for (byte r : f.results) stack.add(r);
        switch (f.kind) {
            case IF -> {
                if (!elseSeen.contains(f) && f.params.length > 0) {
                    // An if without else passes its params through as results; the slots already hold them.
                }
                indent--;
                line("}");
                if (f.labelUsed) line("L" + f.label + ":;");
            }
            case BLOCK -> { if (f.labelUsed) line("L" + f.label + ":;"); }
            case LOOP -> { }
            case FUNC -> {
                if (f.labelUsed) line("L" + f.label + ":;");
                returnStatement();
            }
            default -> throw new IllegalStateException();
        }
    }

    private void returnStatement() {
        String depth = ctx.countsDepth(funcIndex) ? "inst->w2m_depth--; " : "";
        byte[] r = type.results();
        if (r.length == 0) {
            line(depth + "return;");
        } else if (r.length == 1) {
            line(depth + "return " + slot(0, r[0]) + ";");
        } else {
            StringBuilder sb = new StringBuilder(depth + "{ " + ctx.retStruct(type) + " w2m_r;");
            for (int i = 0; i < r.length; i++) sb.append(" w2m_r.r").append(i).append(" = ").append(slot(i, r[i])).append(';');
            sb.append(" return w2m_r; }");
            line(sb.toString());
        }
    }

    /** Moves the branch values into the target frame's slots and jumps. */
    private void branch(int depth) {
        Frame target = frame(depth);
        byte[] types = target.branchTypes();
        int n = types.length;
        for (int i = 0; i < n; i++) {
            int from = stack.size() - n + i;
            int to = target.base + i;
            if (from != to) line(slot(to, types[i]) + " = " + slot(from, types[i]) + ";");
        }
        target.labelUsed = true;
        if (target.kind == LOOP) usedLoopLabels.add(target.label);
        else target.exitFacts = meet(target.exitFacts == null ? null : target.exitFacts, checked);
        line("goto L" + target.label + ";");
    }

    private String branchCode(int depth) {
        int save = body.length();
        int saveIndent = indent;
        indent = 0;
        branch(depth);
        String s = body.substring(save).replace("\n", " ").trim();
        body.setLength(save);
        indent = saveIndent;
        return s;
    }

    private void markUnreachable() {
        frames.get(frames.size() - 1).unreachable = true;
    }

    private boolean dispatch(int op) {
        switch (op) {
            case 0x00 -> { line("w2m_trap(W2M_TRAP_UNREACHABLE);"); markUnreachable(); }
            case 0x01 -> { }
            case 0x02, 0x03 -> {
                byte[][] bt = blockType();
                Frame f = new Frame(op == 0x02 ? BLOCK : LOOP, labels++, bt[0], bt[1], stack.size() - bt[0].length);
                frames.add(f);
                if (op == 0x03) {
                    // Back edges may arrive with any local the body writes changed.
                    Set<Integer> written = localsWrittenInLoop();
                    checked.keySet().removeIf(k -> written.contains(k < 0 ? alignKey(k) : k));
                    body.append("\u0001").append(f.label).append("\u0001\n");
                }
            }
            case 0x04 -> {
                byte[][] bt = blockType();
                String c = pop();
                Frame f = new Frame(IF, labels++, bt[0], bt[1], stack.size() - bt[0].length);
                f.entryFacts = new HashMap<>(checked);
                frames.add(f);
                line("if (" + c + ") {");
                indent++;
            }
            case 0x05 -> elseInsn();
            case 0x0b -> end();
            case 0x0c -> { branch(wasm.u32()); markUnreachable(); }
            case 0x0d -> {
                int d = wasm.u32();
                String c = pop();
                line("if (" + c + ") { " + branchCode(d) + " }");
            }
            case 0x0e -> {
                int n = wasm.u32();
                int[] targets = new int[n];
                for (int i = 0; i < n; i++) targets[i] = wasm.u32();
                int def = wasm.u32();
                String c = pop();
                line("switch (" + c + ") {");
                for (int i = 0; i < n; i++) {
                    if (targets[i] == def) continue;
                    line("  case " + i + "u: " + branchCode(targets[i]));
                }
                line("  default: " + branchCode(def));
                line("}");
                markUnreachable();
            }
            case 0x0f -> { branch(frames.size() - 1); markUnreachable(); }
            case 0x10 -> call(wasm.u32());
            case 0x11 -> callIndirect(wasm.u32(), wasm.u32());
            case 0x1a -> pop();
            case 0x1b, 0x1c -> {
                if (op == 0x1c) { for (int n = wasm.u32(); n > 0; n--) wasm.u8(); }
                String c = pop();
                String b = pop();
                String a = peek(0);
                line(a + " = " + c + " ? " + a + " : " + b + ";");
            }
            case 0x20 -> {
                int l = wasm.u32();
                line(push(localTypes.get(l)) + " = l" + l + ";");
                slotLocals.put(stack.size() - 1, l);
                Long a = checked.get(alignKey(l));
                if (a != null) slotAligns.put(stack.size() - 1, a.intValue());
            }
            case 0x21 -> {
                int l = wasm.u32();
                Integer from = slotLocals.get(stack.size() - 1);
                boolean summed = from == null && slotSums.containsKey(stack.size() - 1);
                if (summed) localSummed(l, stack.size() - 1);
                int d = stack.size() - 1;
                line("l" + l + " = " + pop() + ";");
                if (!summed) localCopied(l, from);
                localAligned(l, d);
            }
            case 0x22 -> {
                int l = wasm.u32();
                Integer from = slotLocals.get(stack.size() - 1);
                if (from == null && slotSums.containsKey(stack.size() - 1)) localSummed(l, stack.size() - 1);
                else localCopied(l, from);
                localAligned(l, stack.size() - 1);
                line("l" + l + " = " + peek(0) + ";");
                slotSums.remove(stack.size() - 1);
                slotLocals.put(stack.size() - 1, l);
            }
            case 0x23 -> {
                int g = wasm.u32();
                line(push(wasm.globalType(g).type()) + " = " + ctx.global(g) + ";");
                int a = ctx.globalAlignment(g);
                if (a > 1) slotAligns.put(stack.size() - 1, a);
            }
            case 0x24 -> {
                int g = wasm.u32();
                ctx.globalAssigned(g, slotAlignment(stack.size() - 1));
                line(ctx.global(g) + " = " + pop() + ";");
            }
            case 0x25 -> { int t = wasm.u32(); String i = pop(); line(push(ctx.tableElemType(t)) + " = w2m_table_get(" + ctx.table(t) + ", " + i + ");"); }
            case 0x26 -> { int t = wasm.u32(); String v = pop(); String i = pop(); line("w2m_table_set(" + ctx.table(t) + ", " + i + ", " + v + ");"); }
            case 0x3f -> { wasm.u8(); usesMemory = true; line(push(WasmBinary.I32) + " = " + ctx.memoryPages() + ";"); }
            case 0x40 -> {
                wasm.u8();
                usesMemory = true;
                String d = peek(0);
                line(d + " = w2m_memory_grow(" + ctx.memory() + ", " + d + ");");
                line(ctx.memoryReload());
            }
            case 0x41 -> {
                int v = wasm.s32();
                line(push(WasmBinary.I32) + " = " + Long.toString(v & 0xffffffffL) + "u;");
                slotConsts.put(stack.size() - 1, v & 0xffffffffL);
                if (alignmentOf(v) > 1) slotAligns.put(stack.size() - 1, alignmentOf(v));
            }
            case 0x42 -> { long v = wasm.s64(); line(push(WasmBinary.I64) + " = UINT64_C(" + Long.toUnsignedString(v) + ");"); }
            case 0x43 -> line(push(WasmBinary.F32) + " = " + CEmitter.f32Literal(wasm.f32bits()) + ";");
            case 0x44 -> line(push(WasmBinary.F64) + " = " + CEmitter.f64Literal(wasm.f64bits()) + ";");
            case 0xd0 -> { byte t = (byte) wasm.u8(); line(push(t) + " = NULL;"); }
            case 0xd1 -> { String r = pop(); line(push(WasmBinary.I32) + " = " + r + " == NULL;"); }
            case 0xd2 -> { int f = wasm.u32(); line(push(WasmBinary.FUNCREF) + " = " + ctx.funcRef(f) + ";"); }
            case 0xfc -> prefixed(wasm.u32());
            case 0x6a -> addI32();
            case 0x6b -> alignedBinary(Math.min(slotAlignment(stack.size() - 2), slotAlignment(stack.size() - 1)), "$0 - $1");
            // x & m is a multiple of whatever divides x or m (the idiom that aligns a frame down).
            case 0x71 -> alignedBinary(Math.max(slotAlignment(stack.size() - 2), slotAlignment(stack.size() - 1)), "$0 & $1");
            default -> {
                if (op >= 0x28 && op <= 0x3e) memoryAccess(op);
                else if (!Ops.numeric(this, op)) {
                    throw ctx.error(funcIndex, "unsupported opcode 0x" + Integer.toHexString(op));
                }
            }
        }
        return false;
    }

    /** i32.add, remembering local + constant for bounds facts. */
    private void addI32() {
        int d = stack.size() - 2;
        Integer local = slotLocals.containsKey(d) ? slotLocals.get(d) : slotLocals.get(d + 1);
        Long c = slotLocals.containsKey(d) ? slotConsts.get(d + 1) : slotConsts.get(d);
        alignedBinary(Math.min(slotAlignment(d), slotAlignment(d + 1)), "$0 + $1");
        if (local != null && c != null) slotSums.put(d, new long[] {local, c});
    }

    /** An i32 binary operation whose result is known to be a multiple of align. */
    private void alignedBinary(int align, String template) {
        binary(WasmBinary.I32, WasmBinary.I32, template);
        if (align > 1) slotAligns.put(stack.size() - 1, align);
    }

    // Used by Ops for the many one-line numeric instructions.
    void unary(byte in, byte out, String template) {
        String a = pop();
        String r = push(out);
        line(r + " = " + template.replace("$0", a) + ";");
    }

    void binary(byte in, byte out, String template) {
        String b = pop();
        String a = pop();
        String r = push(out);
        line(r + " = " + template.replace("$0", a).replace("$1", b) + ";");
    }

    private void call(int f) {
        FuncType t = wasm.funcType(f);
        callWith(t, ctx.funcName(f) + "(inst", ")", ctx.mayMoveMemory(f));
    }

    private void callWith(FuncType t, String head, String tail, boolean mayMoveMemory) {
        int n = t.params().length;
        StringBuilder args = new StringBuilder(head);
        for (int i = n - 1; i >= 0; i--) args.append(", ").append(peek(i));
        args.append(tail);
        for (int i = 0; i < n; i++) pop();
        byte[] r = t.results();
        if (r.length == 0) {
            line(args + ";");
        } else if (r.length == 1) {
            line(push(r[0]) + " = " + args + ";");
        } else {
            StringBuilder sb = new StringBuilder("{ " + ctx.retStruct(t) + " w2m_r = " + args + ";");
            for (int i = 0; i < r.length; i++) sb.append(' ').append(push(r[i])).append(" = w2m_r.r").append(i).append(';');
            line(sb.append(" }").toString());
        }
        if (ctx.hasMemory() && mayMoveMemory) {
            usesMemory = true;
            line(ctx.memoryReload());
        }
    }

    private void callIndirect(int typeIndex, int table) {
        FuncType t = wasm.types.get(typeIndex);
        String i = pop();
        line("w2m_callee = w2m_call_target(" + ctx.table(table) + ", " + i + ", " + ctx.sigName(t) + ");");
        slotDecls.add("const w2m_funcref *w2m_callee");
        callWith(t, "((" + ctx.fnPointerType(t) + ")w2m_callee->fn)(w2m_callee->ctx", ")", true);
    }

    private void memoryAccess(int op) {
        int align = wasm.u32();
        if ((align & 0x40) != 0) throw ctx.error(funcIndex, "multi-memory is not supported");
        long offset = wasm.u32() & 0xffffffffL;
        usesMemory = true;
        int width = switch (op) {
            case 0x2c, 0x2d, 0x30, 0x31, 0x3a, 0x3c -> 1;
            case 0x2e, 0x2f, 0x32, 0x33, 0x3b, 0x3d -> 2;
            case 0x28, 0x2a, 0x34, 0x35, 0x36, 0x38, 0x3e -> 4;
            default -> 8;
        };
        boolean store = op >= 0x36;
        int addrDepth = store ? stack.size() - 2 : stack.size() - 1;
        String addr = slot(addrDepth, WasmBinary.I32);
        Long known = slotConsts.get(addrDepth);
        if (ctx.memorySlowPath()) {
            slowPathAccess(op, store, addr, offset, width, known);
            return;
        }
        Integer local = slotLocals.get(addrDepth);
        long[] sum = slotSums.get(addrDepth);
        // An earlier check through the same unchanged local with at least this reach proves this access.
        boolean proven = local != null && checked.getOrDefault(local, -1L) >= offset + width
                || sum != null && checked.getOrDefault((int) sum[0], -1L) >= sum[1] + offset + width;
        if (local != null && !proven) checked.put(local, offset + width);
        String kind = switch (op) {
            case 0x28, 0x34, 0x35, 0x36, 0x3e -> "u32";
            case 0x29, 0x37 -> "u64";
            case 0x2a, 0x38 -> "f32";
            case 0x2b, 0x39 -> "f64";
            case 0x2c, 0x30 -> "s8";
            case 0x2d, 0x31, 0x3a, 0x3c -> "u8";
            case 0x2e, 0x32 -> "s16";
            default -> "u16";
        };
        // Common case: a check the module's access macros can do (inline at -O2, one out-of-line function per
        // kind under -Os). Otherwise an explicit check line (or none) and the plain access.
        boolean viaMacro = !proven && ctx.checkedByMacro(offset + width, known);
        if (!viaMacro && !proven) {
            String check = ctx.boundsCheck(addr, offset + width, known);
            if (check != null) line(check);
        }
        String off = offset + "u";
        String ptr = ctx.memoryBase() + " + " + addr + (offset != 0 ? " + " + off : "");
        // A constant address that is a multiple of the width, in a memory whose base is 8-aligned: one word move
        // instead of the byte-wise access (or a call to it) that Cortex-M0 and RV32 need for an unknown alignment.
        boolean alignedAddress = known != null ? (known + offset) % width == 0
                : Math.min(slotAlignment(addrDepth), alignmentOf(offset)) >= width;
        String aligned = !viaMacro && width > 1 && alignedAddress && ctx.memoryBaseAligned() ? "_aligned" : "";
        // A proven access of unknown alignment: W2M_LDN/W2M_STN, plain at -O2; where the checked accesses are out
        // of line, a call of the checked helper, which is smaller than the byte-wise access (or memcpy call) gcc
        // makes of it on Cortex-M0 and RV32, and leaves the function without a live memory base.
        boolean viaProvenMacro = proven && width > 1 && aligned.isEmpty() && ctx.checkedByMacro(offset + width, null);
        if (store) {
            String v = pop();
            pop();
            String value = storeValue(op, v);
            if (viaMacro || viaProvenMacro) {
                if (viaMacro) ctx.useAccess("st_" + kind, offset);
                else ctx.useProvenAccess("st_" + kind, offset);
                line("W2M_ST" + (viaMacro ? "" : "N") + "(" + kind + ", " + width + "u, " + addr + ", " + off + ", " + value + ");");
            } else {
                line("w2m_store_" + kind + aligned + "(" + ptr + ", " + value + ");");
            }
        } else {
            pop();
            String access;
            if (viaMacro || viaProvenMacro) {
                if (viaMacro) ctx.useAccess("ld_" + kind, offset);
                else ctx.useProvenAccess("ld_" + kind, offset);
                access = "W2M_LD" + (viaMacro ? "" : "N") + "(" + kind + ", " + width + "u, " + addr + ", " + off + ")";
            } else {
                access = "w2m_load_" + kind + aligned + "(" + ptr + ")";
            }
            String expr = switch (op) {
                case 0x30, 0x32, 0x34 -> "(u64)(s64)(s32)" + access;
                case 0x31, 0x33, 0x35 -> "(u64)" + access;
                default -> access;
            };
            line(push(loadType(op)) + " = " + expr + ";");
        }
    }

    private static String storeFunction(int op) {
        return switch (op) {
            case 0x37 -> "w2m_store_u64";
            case 0x38 -> "w2m_store_f32";
            case 0x39 -> "w2m_store_f64";
            case 0x3a, 0x3c -> "w2m_store_u8";
            case 0x3b, 0x3d -> "w2m_store_u16";
            default -> "w2m_store_u32";
        };
    }

    private static String storeValue(int op, String v) {
        return (op == 0x3c || op == 0x3d || op == 0x3e) ? "(u32)" + v : v;
    }

    /** The load expression with P standing for the host pointer. */
    private static String loadTemplate(int op) {
        return switch (op) {
            case 0x28 -> "w2m_load_u32(P)";
            case 0x29 -> "w2m_load_u64(P)";
            case 0x2a -> "w2m_load_f32(P)";
            case 0x2b -> "w2m_load_f64(P)";
            case 0x2c -> "w2m_load_s8(P)";
            case 0x2d -> "w2m_load_u8(P)";
            case 0x2e -> "w2m_load_s16(P)";
            case 0x2f -> "w2m_load_u16(P)";
            case 0x30 -> "(u64)(s64)(s32)w2m_load_s8(P)";
            case 0x31 -> "(u64)w2m_load_u8(P)";
            case 0x32 -> "(u64)(s64)(s32)w2m_load_s16(P)";
            case 0x33 -> "(u64)w2m_load_u16(P)";
            case 0x34 -> "(u64)(s64)(s32)w2m_load_u32(P)";
            default -> "(u64)w2m_load_u32(P)";
        };
    }

    private static byte loadType(int op) {
        return switch (op) {
            case 0x28, 0x2c, 0x2d, 0x2e, 0x2f -> WasmBinary.I32;
            case 0x2a -> WasmBinary.F32;
            case 0x2b -> WasmBinary.F64;
            default -> WasmBinary.I64;
        };
    }

    /**
     * A load or store on a memory with a committed prefix (lazily committed, or imported): base + address when
     * the access lies in the prefix, else the runtime's w2m_mem_load_* / w2m_mem_store_*, which trap beyond the
     * logical size and commit chunks. Same cost as a bounds check on the fast path.
     */
    private void slowPathAccess(int op, boolean store, String addr, long offset, int width, Long known) {
        if (ctx.lazyAccessors()) {
            lazyAccess(op, store, addr, offset, width, known);
            return;
        }
        String cond = ctx.fastPathCondition(addr, offset + width, known);
        String ptr = ctx.memoryBase() + " + " + addr + (offset != 0 ? " + " + offset + "u" : "");
        String slowArgs = ctx.memory() + ", " + addr + ", " + offset + "u";
        if (store) {
            String v = pop();
            pop();
            String fn = storeFunction(op);
            String fast = fn + "(" + ptr + ", " + storeValue(op, v) + ");";
            String slow = fn.replace("w2m_store_", "w2m_mem_store_") + "(" + slowArgs + ", " + storeValue(op, v) + ");";
            line(cond == null ? fast : "if (W2M_LIKELY(" + cond + ")) " + fast + " else " + slow);
        } else {
            pop();
            String template = loadTemplate(op);
            String fast = template.replace("P", ptr);
            String slow = template.replace("w2m_load_", "w2m_mem_load_").replace("(P)", "(" + slowArgs + ")");
            line(push(loadType(op)) + " = " + (cond == null ? fast : "W2M_LIKELY(" + cond + ") ? " + fast + " : " + slow) + ";");
        }
    }

    /**
     * A load or store on a lazily committed memory: W2M_LZ_LD / W2M_LZ_ST with the fast-path condition, which
     * check inline or call the kind's accessor (see CEmitter.lazyAccessors); a plain access where the address is
     * known to lie in the prefix, and the runtime's slow path alone where the access can never fit in it.
     */
    private void lazyAccess(int op, boolean store, String addr, long offset, int width, Long known) {
        String cond = ctx.lazyFastPathCondition(addr, offset + width, known);
        String off = offset + "u";
        String ptr = ctx.memoryBase() + " + " + addr + (offset != 0 ? " + " + off : "");
        if (store) {
            String v = storeValue(op, pop());
            pop();
            String fn = storeFunction(op);
            String kind = fn.substring("w2m_store_".length());
            if (cond == null) {
                line(fn + "(" + ptr + ", " + v + ");");
            } else {
                if (cond.equals("0")) {
                    line("w2m_mem_store_" + kind + "(" + ctx.memory() + ", " + addr + ", " + off + ", " + v + ");");
                } else {
                    ctx.useLazyAccess("st_" + kind);
                    line("W2M_LZ_ST(" + kind + ", " + cond + ", " + addr + ", " + off + ", " + v + ");");
                }
            }
        } else {
            pop();
            String template = loadTemplate(op);
            String kind = template.substring(template.indexOf("w2m_load_") + "w2m_load_".length(), template.indexOf("(P)"));
            String access;
            if (cond == null) {
                access = template.replace("P", ptr);
            } else {
                if (!cond.equals("0")) ctx.useLazyAccess("ld_" + kind);
                access = template.replace("w2m_load_" + kind + "(P)", cond.equals("0")
                        ? "w2m_mem_load_" + kind + "(" + ctx.memory() + ", " + addr + ", " + off + ")"
                        : "W2M_LZ_LD(" + kind + ", " + cond + ", " + addr + ", " + off + ")");
            }
            line(push(loadType(op)) + " = " + access + ";");
        }
    }

    private void prefixed(int sub) {
        switch (sub) {
            case 0 -> unary(WasmBinary.F32, WasmBinary.I32, "(u32)w2m_i32_trunc_sat_f32_s($0)");
            case 1 -> unary(WasmBinary.F32, WasmBinary.I32, "w2m_i32_trunc_sat_f32_u($0)");
            case 2 -> unary(WasmBinary.F64, WasmBinary.I32, "(u32)w2m_i32_trunc_sat_f64_s($0)");
            case 3 -> unary(WasmBinary.F64, WasmBinary.I32, "w2m_i32_trunc_sat_f64_u($0)");
            case 4 -> unary(WasmBinary.F32, WasmBinary.I64, "(u64)w2m_i64_trunc_sat_f32_s($0)");
            case 5 -> unary(WasmBinary.F32, WasmBinary.I64, "w2m_i64_trunc_sat_f32_u($0)");
            case 6 -> unary(WasmBinary.F64, WasmBinary.I64, "(u64)w2m_i64_trunc_sat_f64_s($0)");
            case 7 -> unary(WasmBinary.F64, WasmBinary.I64, "w2m_i64_trunc_sat_f64_u($0)");
            case 8 -> {
                int seg = wasm.u32();
                wasm.u8();
                usesMemory = true;
                String n = pop(), s = pop(), d = pop();
                line("w2m_memory_init_segment(" + ctx.memory() + ", " + ctx.dataSegment(seg) + ", " + d + ", " + s + ", " + n + ");");
            }
            case 9 -> line(ctx.dataDrop(wasm.u32()));
            case 10 -> {
                wasm.u8();
                wasm.u8();
                usesMemory = true;
                String n = pop(), s = pop(), d = pop();
                line("w2m_memory_copy(" + ctx.memory() + ", " + ctx.memory() + ", " + d + ", " + s + ", " + n + ");");
            }
            case 11 -> {
                wasm.u8();
                usesMemory = true;
                String n = pop(), v = pop(), d = pop();
                line("w2m_memory_fill(" + ctx.memory() + ", " + d + ", " + v + ", " + n + ");");
            }
            case 12 -> {
                int seg = wasm.u32();
                int t = wasm.u32();
                String n = pop(), s = pop(), d = pop();
                line(ctx.prefix() + "_table_init(inst, " + ctx.table(t) + ", " + seg + "u, " + d + ", " + s + ", " + n + ");");
                ctx.useTableInit();
            }
            case 13 -> line(ctx.elemDrop(wasm.u32()));
            case 14 -> {
                int dt = wasm.u32();
                int st = wasm.u32();
                String n = pop(), s = pop(), d = pop();
                line("w2m_table_copy(" + ctx.table(dt) + ", " + ctx.table(st) + ", " + d + ", " + s + ", " + n + ");");
            }
            case 15 -> {
                int t = wasm.u32();
                String n = pop();
                String v = pop();
                line(push(WasmBinary.I32) + " = w2m_table_grow(" + ctx.table(t) + ", " + v + ", " + n + ");");
            }
            case 16 -> { int t = wasm.u32(); line(push(WasmBinary.I32) + " = " + ctx.table(t) + "->size;"); }
            case 17 -> {
                int t = wasm.u32();
                String n = pop(), v = pop(), d = pop();
                line("w2m_table_fill(" + ctx.table(t) + ", " + d + ", " + v + ", " + n + ");");
            }
            default -> throw ctx.error(funcIndex, "unsupported opcode 0xfc " + sub);
        }
    }
}
