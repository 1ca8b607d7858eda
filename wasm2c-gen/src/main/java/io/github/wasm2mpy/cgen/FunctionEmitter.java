package io.github.wasm2mpy.cgen;

import io.github.wasm2mpy.model.BlockType;
import io.github.wasm2mpy.model.CodeVisitor;
import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.Function;
import io.github.wasm2mpy.model.Instruction;
import io.github.wasm2mpy.model.Locals;
import io.github.wasm2mpy.model.MemArg;
import io.github.wasm2mpy.model.Opcode;
import io.github.wasm2mpy.model.V128;
import io.github.wasm2mpy.model.ValType;
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
 *
 * <p>The body's instructions arrive through the {@link CodeVisitor} callbacks, one instruction at a time in
 * order; {@link #emit()} drives them so that it can skip dead code and look ahead at a loop's body.
 */
final class FunctionEmitter extends CodeVisitor {
    private static final int BLOCK = 0, LOOP = 1, IF = 2, FUNC = 3;

    private static final class Frame {
        final int kind;
        final int label;
        final List<ValType> params;
        final List<ValType> results;
        final int base;
        boolean unreachable;
        boolean labelUsed;
        /** Bounds facts at the entry of an if (valid at its else), and at the end of its then branch. */
        Map<Integer, Long> entryFacts, thenFacts;
        /** Bounds facts true at every branch to this block's end so far; null while nothing branches there. */
        Map<Integer, Long> exitFacts;

        Frame(int kind, int label, List<ValType> params, List<ValType> results, int base) {
            this.kind = kind;
            this.label = label;
            this.params = params;
            this.results = results;
            this.base = base;
        }

        List<ValType> branchTypes() {
            return kind == LOOP ? params : results;
        }
    }

    private final CEmitter.ModuleContext ctx;
    private final Function function;
    private final int funcIndex;
    private final FuncType type;
    private final StringBuilder body = new StringBuilder();
    private final List<ValType> stack = new ArrayList<>();
    private final List<Frame> frames = new ArrayList<>();
    private final TreeSet<String> slotDecls = new TreeSet<>();
    private final List<ValType> localTypes = new ArrayList<>();
    /** Index in the body of the instruction being emitted. */
    private int position;
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
        this.funcIndex = funcIndex;
        this.function = ctx.function(funcIndex);
        this.type = ctx.functionType(funcIndex);
    }

    String emit() {
        localTypes.addAll(type.params());
        for (Locals run : function.locals()) {
            if (localTypes.size() + run.count() > 50000) throw ctx.error(funcIndex, "too many locals");
            for (long i = 0; i < run.count(); i++) localTypes.add(run.type());
        }
        frames.add(new Frame(FUNC, labels++, List.of(), type.results(), 0));
        List<Instruction> body = function.body();
        for (position = 0; !frames.isEmpty(); position++) {
            if (position >= body.size()) throw ctx.error(funcIndex, "function body ends inside a block");
            instruction(body.get(position));
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
        for (int i = type.params().size(); i < localTypes.size(); i++) {
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
        // Loop labels are written before we know whether anything branches to them: each marker \u0001<label>\u0001
        // becomes the label or nothing, in one pass (one search per label made large bodies quadratic).
        int from = 0;
        for (int at = body.indexOf("\u0001"); at >= 0; at = body.indexOf("\u0001", from)) {
            int close = body.indexOf("\u0001", at + 1);
            int label = Integer.parseInt(body, at + 1, close, 10);
            out.append(body, from, at);
            if (usedLoopLabels.contains(label)) out.append('L').append(label).append(":;");
            from = close + 1;
        }
        out.append(body, from, body.length());
        out.append("}\n");
        return withoutBlankLines(out);
    }

    /** The text without its lines of spaces only (a dropped loop label leaves its indentation). */
    private static String withoutBlankLines(CharSequence text) {
        StringBuilder sb = new StringBuilder(text.length());
        int start = 0;
        while (start < text.length()) {
            int end = start;
            while (end < text.length() && text.charAt(end) != '\n') end++;
            boolean blank = end < text.length() && end > start;
            for (int i = start; blank && i < end; i++) blank = text.charAt(i) == ' ';
            if (!blank) sb.append(text, start, Math.min(end + 1, text.length()));
            start = end + 1;
        }
        return sb.toString();
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

    private String slot(int depth, ValType t) {
        String name = "s" + Signatures.code(t) + depth;
        slotDecls.add(ctx.ctype(t) + " " + name);
        return name;
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

    private String push(ValType t) {
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
        checked.remove(wideKey(l));
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
        Long wide = sum == null ? null : checked.get(wideKey((int) sum[0]));
        localChanged(l);
        if (fact != null && fact > sum[1]) prove(l, fact - sum[1]);
        if (wide != null && wide > sum[1]) checked.merge(wideKey(l), wide - sum[1], Math::max);
    }

    /** Local l was assigned; when the value was a copy of local from, l inherits from's bounds facts. */
    private void localCopied(int l, Integer from) {
        Long fact = from == null ? null : checked.get(from);
        Long wide = from == null ? null : checked.get(wideKey(from));
        localChanged(l);
        if (fact != null) prove(l, fact);
        if (wide != null) checked.merge(wideKey(l), wide, Math::max);
    }

    /**
     * An access at l + c reaching need bytes past the sum passed its check. That teaches nothing about l when the
     * sum may have wrapped, but when an earlier check bounds l (l < size <= the memory's largest size) and c is
     * at most 2^32 minus that largest size, l + c did not wrap, so l + c + need <= size. LLVM's unrolled stores
     * (l, then l + 28, l + 24, ...) need only the first two checks then.
     */
    private void provedThroughSum(int l, long c, long need) {
        if (!checked.containsKey(l) || c > ctx.widenableSumConstant()) return;
        prove(l, Math.max(checked.get(l), c + need));
    }

    /** Local l + reach <= size is proven by a check that every build makes (so also where widened checks are not). */
    private void prove(int l, long reach) {
        checked.put(l, reach);
        checked.merge(wideKey(l), reach, Math::max);
    }

    /**
     * The key of local l's bounds fact counting widened checks (W2M_WIDE_CHECK, made only where accesses are
     * inline) in {@link #checked}; past every local index, so apart from the plain bounds facts.
     */
    private static int wideKey(int l) {
        return WIDE_KEYS + l;
    }

    private static final int WIDE_KEYS = 1 << 30;

    /** The local whose fact is under key k of {@link #checked}. */
    private static int localOfKey(int k) {
        return k < 0 ? alignKey(k) : k >= WIDE_KEYS ? k - WIDE_KEYS : k;
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

    /** Locals written between here (just after a loop instruction) and the loop's end. */
    private Set<Integer> localsWrittenInLoop() {
        List<Instruction> body = function.body();
        Set<Integer> written = new HashSet<>();
        for (int i = position + 1, depth = 0; ; i++) {
            Instruction insn = body.get(i);
            if (insn instanceof Instruction.Block) {
                depth++;
            } else if (insn.opcode() == Opcode.END) {
                if (depth-- == 0) return written;
            } else if (insn instanceof Instruction.Local l && l.opcode() != Opcode.LOCAL_GET) {
                written.add(l.localIndex());
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

    private void instruction(Instruction insn) {
        Opcode op = insn.opcode();
        Frame top = frames.get(frames.size() - 1);
        if (top.unreachable) {
            skipUnreachable(op);
            return;
        }
        if (endsSlotFacts(op)) {
            slotConsts.clear();
            slotLocals.clear();
            slotSums.clear();
            slotAligns.clear();
        }
        try {
            insn.accept(this);
        } catch (CodegenException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ctx.error(funcIndex, "instruction " + position + " (" + op.mnemonic() + "): " + e);
        }
    }

    /** Control flow (and memory.grow, and select's merge) ends what is known about the slots' values. */
    private static boolean endsSlotFacts(Opcode op) {
        return switch (op) {
            case BLOCK, LOOP, IF, ELSE, END, BR, BR_IF, BR_TABLE, RETURN, SELECT, SELECT_TYPED, MEMORY_GROW -> true;
            default -> false;
        };
    }

    /** Dead code after br/return/unreachable: follow the nesting to find the end of the block, write nothing. */
    private int skipDepth;

    private void skipUnreachable(Opcode op) {
        switch (op) {
            case BLOCK, LOOP, IF -> skipDepth++;
            case ELSE -> { if (skipDepth == 0) elseInsn(); }
            case END -> { if (skipDepth > 0) skipDepth--; else end(); }
            default -> { }
        }
    }

    /** What a body does that matters to the whole module. */
    record Facts(Set<Integer> calls, Set<Integer> refs, boolean growsMemory, boolean callsIndirect) {}

    /** The call-graph edges, function references, memory.grow and call_indirect of a body, dead code included. */
    static Facts scan(Function function) {
        Set<Integer> calls = new TreeSet<>();
        Set<Integer> refs = new TreeSet<>();
        boolean[] growsAndIndirect = new boolean[2];
        function.accept(new CodeVisitor() {
            @Override public void visitFunctionInsn(Opcode opcode, int functionIndex) {
                (opcode == Opcode.CALL ? calls : refs).add(functionIndex);
            }
            @Override public void visitCallIndirectInsn(int typeIndex, int tableIndex) {
                growsAndIndirect[1] = true;
            }
            @Override public void visitMemoryIndexInsn(Opcode opcode, int memoryIndex) {
                if (opcode == Opcode.MEMORY_GROW) growsAndIndirect[0] = true;
            }
        });
        return new Facts(calls, refs, growsAndIndirect[0], growsAndIndirect[1]);
    }

    private void elseInsn() {
        Frame f = frames.get(frames.size() - 1);
        if (f.kind != IF) throw ctx.error(funcIndex, "else outside if");
        while (stack.size() > f.base) stack.remove(stack.size() - 1);
        stack.addAll(f.params);
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
        stack.addAll(f.results);
        switch (f.kind) {
            case IF -> {
                if (!elseSeen.contains(f) && !f.params.isEmpty()) {
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
        List<ValType> r = type.results();
        if (r.isEmpty()) {
            line(depth + "return;");
        } else if (r.size() == 1) {
            line(depth + "return " + slot(0, r.get(0)) + ";");
        } else {
            StringBuilder sb = new StringBuilder(depth + "{ " + ctx.retStruct(type) + " w2m_r;");
            for (int i = 0; i < r.size(); i++) sb.append(" w2m_r.r").append(i).append(" = ").append(slot(i, r.get(i))).append(';');
            sb.append(" return w2m_r; }");
            line(sb.toString());
        }
    }

    /** Moves the branch values into the target frame's slots and jumps. */
    private void branch(int depth) {
        Frame target = frame(depth);
        List<ValType> types = target.branchTypes();
        int n = types.size();
        for (int i = 0; i < n; i++) {
            int from = stack.size() - n + i;
            int to = target.base + i;
            if (from != to) line(slot(to, types.get(i)) + " = " + slot(from, types.get(i)) + ";");
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

    @Override
    public void visitInsn(Opcode op) {
        switch (op) {
            case UNREACHABLE -> { line("w2m_trap(W2M_TRAP_UNREACHABLE);"); markUnreachable(); }
            case NOP -> { }
            case ELSE -> elseInsn();
            case END -> end();
            case RETURN -> { branch(frames.size() - 1); markUnreachable(); }
            case DROP -> pop();
            case SELECT -> select();
            case REF_IS_NULL -> { String r = pop(); line(push(ValType.I32) + " = " + r + " == NULL;"); }
            case I32_ADD -> addI32();
            case I32_SUB -> alignedBinary(Math.min(slotAlignment(stack.size() - 2), slotAlignment(stack.size() - 1)), "$0 - $1");
            // x & m is a multiple of whatever divides x or m (the idiom that aligns a frame down).
            case I32_AND -> alignedBinary(Math.max(slotAlignment(stack.size() - 2), slotAlignment(stack.size() - 1)), "$0 & $1");
            default -> {
                if (!Ops.numeric(this, op)) throw unsupported(op);
            }
        }
    }

    @Override
    public void visitBlockInsn(Opcode op, BlockType blockType) {
        FuncType bt = blockType.resolve(ctx.types());
        int base = stack.size() - bt.params().size();
        switch (op) {
            case BLOCK -> frames.add(new Frame(BLOCK, labels++, bt.params(), bt.results(), base));
            case LOOP -> {
                Frame f = new Frame(LOOP, labels++, bt.params(), bt.results(), base);
                frames.add(f);
                // Back edges may arrive with any local the body writes changed.
                Set<Integer> written = localsWrittenInLoop();
                checked.keySet().removeIf(k -> written.contains(localOfKey(k)));
                body.append("\u0001").append(f.label).append("\u0001\n");
            }
            default -> {
                String c = pop();
                Frame f = new Frame(IF, labels++, bt.params(), bt.results(), stack.size() - bt.params().size());
                f.entryFacts = new HashMap<>(checked);
                frames.add(f);
                line("if (" + c + ") {");
                indent++;
            }
        }
    }

    @Override
    public void visitBranchInsn(Opcode op, int depth) {
        if (op == Opcode.BR) {
            branch(depth);
            markUnreachable();
        } else {
            String c = pop();
            line("if (" + c + ") { " + branchCode(depth) + " }");
        }
    }

    @Override
    public void visitBranchTableInsn(List<Integer> depths, int defaultDepth) {
        String c = pop();
        line("switch (" + c + ") {");
        for (int i = 0; i < depths.size(); i++) {
            if (depths.get(i) == defaultDepth) continue;
            line("  case " + i + "u: " + branchCode(depths.get(i)));
        }
        line("  default: " + branchCode(defaultDepth));
        line("}");
        markUnreachable();
    }

    @Override
    public void visitFunctionInsn(Opcode op, int f) {
        if (op == Opcode.CALL) call(f);
        else line(push(ValType.FUNCREF) + " = " + ctx.funcRef(f) + ";");
    }

    @Override
    public void visitCallIndirectInsn(int typeIndex, int tableIndex) {
        callIndirect(typeIndex, tableIndex);
    }

    @Override
    public void visitSelectInsn(List<ValType> types) {
        select();
    }

    private void select() {
        String c = pop();
        String b = pop();
        String a = peek(0);
        line(a + " = " + c + " ? " + a + " : " + b + ";");
    }

    @Override
    public void visitLocalInsn(Opcode op, int l) {
        switch (op) {
            case LOCAL_GET -> {
                line(push(localTypes.get(l)) + " = l" + l + ";");
                slotLocals.put(stack.size() - 1, l);
                Long a = checked.get(alignKey(l));
                if (a != null) slotAligns.put(stack.size() - 1, a.intValue());
            }
            case LOCAL_SET -> {
                Integer from = slotLocals.get(stack.size() - 1);
                boolean summed = from == null && slotSums.containsKey(stack.size() - 1);
                if (summed) localSummed(l, stack.size() - 1);
                int d = stack.size() - 1;
                line("l" + l + " = " + pop() + ";");
                if (!summed) localCopied(l, from);
                localAligned(l, d);
            }
            default -> {
                Integer from = slotLocals.get(stack.size() - 1);
                if (from == null && slotSums.containsKey(stack.size() - 1)) localSummed(l, stack.size() - 1);
                else localCopied(l, from);
                localAligned(l, stack.size() - 1);
                line("l" + l + " = " + peek(0) + ";");
                slotSums.remove(stack.size() - 1);
                slotLocals.put(stack.size() - 1, l);
            }
        }
    }

    @Override
    public void visitGlobalInsn(Opcode op, int g) {
        if (op == Opcode.GLOBAL_GET) {
            line(push(ctx.globalType(g).type()) + " = " + ctx.global(g) + ";");
            int a = ctx.globalAlignment(g);
            if (a > 1) slotAligns.put(stack.size() - 1, a);
        } else {
            ctx.globalAssigned(g, slotAlignment(stack.size() - 1));
            line(ctx.global(g) + " = " + pop() + ";");
        }
    }

    @Override
    public void visitTableInsn(Opcode op, int t) {
        switch (op) {
            case TABLE_GET -> { String i = pop(); line(push(ctx.tableElemType(t)) + " = w2m_table_get(" + ctx.table(t) + ", " + i + ");"); }
            case TABLE_SET -> { String v = pop(); String i = pop(); line("w2m_table_set(" + ctx.table(t) + ", " + i + ", " + v + ");"); }
            case TABLE_GROW -> {
                String n = pop();
                String v = pop();
                line(push(ValType.I32) + " = w2m_table_grow(" + ctx.tableToGrow(t) + ", " + v + ", " + n + ");");
            }
            case TABLE_SIZE -> line(push(ValType.I32) + " = " + ctx.table(t) + "->size;");
            case TABLE_FILL -> {
                String n = pop(), v = pop(), d = pop();
                line("w2m_table_fill(" + ctx.table(t) + ", " + d + ", " + v + ", " + n + ");");
            }
            default -> throw unsupported(op);
        }
    }

    @Override
    public void visitMemoryIndexInsn(Opcode op, int memoryIndex) {
        usesMemory = true;
        switch (op) {
            case MEMORY_SIZE -> line(push(ValType.I32) + " = " + ctx.memoryPages() + ";");
            case MEMORY_GROW -> {
                String d = peek(0);
                line(d + " = w2m_memory_grow(" + ctx.memory() + ", " + d + ");");
                line(ctx.memoryReload());
            }
            case MEMORY_FILL -> {
                String n = pop(), v = pop(), d = pop();
                line("w2m_memory_fill(" + ctx.memory() + ", " + d + ", " + v + ", " + n + ");");
            }
            default -> throw unsupported(op);
        }
    }

    @Override
    public void visitSegmentInsn(Opcode op, int seg, int target) {
        String n = pop(), s = pop(), d = pop();
        if (op == Opcode.MEMORY_INIT) {
            usesMemory = true;
            line("w2m_memory_init_segment(" + ctx.memory() + ", " + ctx.dataSegment(seg) + ", " + d + ", " + s + ", " + n + ");");
        } else {
            line(ctx.prefix() + "_table_init(inst, " + ctx.table(target) + ", " + seg + "u, " + d + ", " + s + ", " + n + ");");
            ctx.useTableInit();
        }
    }

    @Override
    public void visitDropSegmentInsn(Opcode op, int seg) {
        line(op == Opcode.DATA_DROP ? ctx.dataDrop(seg) : ctx.elemDrop(seg));
    }

    @Override
    public void visitCopyInsn(Opcode op, int destination, int source) {
        String n = pop(), s = pop(), d = pop();
        if (op == Opcode.MEMORY_COPY) {
            usesMemory = true;
            line("w2m_memory_copy(" + ctx.memory() + ", " + d + ", " + s + ", " + n + ");");
        } else {
            line("w2m_table_copy(" + ctx.table(destination) + ", " + ctx.table(source) + ", " + d + ", " + s + ", " + n + ");");
        }
    }

    @Override
    public void visitConstInsn(Opcode op, long bits) {
        switch (op) {
            case I32_CONST -> {
                long v = bits & 0xffffffffL;
                line(push(ValType.I32) + " = " + v + "u;");
                slotConsts.put(stack.size() - 1, v);
                if (alignmentOf(v) > 1) slotAligns.put(stack.size() - 1, alignmentOf(v));
            }
            case I64_CONST -> line(push(ValType.I64) + " = UINT64_C(" + Long.toUnsignedString(bits) + ");");
            case F32_CONST -> line(push(ValType.F32) + " = " + CEmitter.f32Literal((int) bits) + ";");
            default -> line(push(ValType.F64) + " = " + CEmitter.f64Literal(bits) + ";");
        }
    }

    @Override
    public void visitRefNullInsn(ValType t) {
        line(push(t) + " = NULL;");
    }

    @Override
    public void visitMemoryInsn(Opcode op, MemArg memArg) {
        if (op.prefix() != 0) throw unsupported(op);
        memoryAccess(op, memArg);
    }

    // SIMD: SimdCheck rejects modules that use it before emission starts.

    @Override
    public void visitV128ConstInsn(V128 value) {
        throw unsupported(Opcode.V128_CONST);
    }

    @Override
    public void visitLaneInsn(Opcode op, int lane) {
        throw unsupported(op);
    }

    @Override
    public void visitShuffleInsn(V128 lanes) {
        throw unsupported(Opcode.I8X16_SHUFFLE);
    }

    @Override
    public void visitMemoryLaneInsn(Opcode op, MemArg memArg, int lane) {
        throw unsupported(op);
    }

    private CodegenException unsupported(Opcode op) {
        return ctx.error(funcIndex, "instruction " + position + ": unsupported instruction " + op.mnemonic());
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
        binary(ValType.I32, ValType.I32, template);
        if (align > 1) slotAligns.put(stack.size() - 1, align);
    }

    // Used by Ops for the many one-line numeric instructions.
    void unary(ValType in, ValType out, String template) {
        String a = pop();
        String r = push(out);
        line(r + " = " + template.replace("$0", a) + ";");
    }

    void binary(ValType in, ValType out, String template) {
        String b = pop();
        String a = pop();
        String r = push(out);
        line(r + " = " + template.replace("$0", a).replace("$1", b) + ";");
    }

    private void call(int f) {
        FuncType t = ctx.functionType(f);
        callWith(t, ctx.funcName(f) + "(inst", ")", ctx.mayMoveMemory(f));
    }

    private void callWith(FuncType t, String head, String tail, boolean mayMoveMemory) {
        int n = t.params().size();
        StringBuilder args = new StringBuilder(head);
        for (int i = n - 1; i >= 0; i--) args.append(", ").append(peek(i));
        args.append(tail);
        for (int i = 0; i < n; i++) pop();
        List<ValType> r = t.results();
        if (r.isEmpty()) {
            line(args + ";");
        } else if (r.size() == 1) {
            line(push(r.get(0)) + " = " + args + ";");
        } else {
            StringBuilder sb = new StringBuilder("{ " + ctx.retStruct(t) + " w2m_r = " + args + ";");
            for (int i = 0; i < r.size(); i++) sb.append(' ').append(push(r.get(i))).append(" = w2m_r.r").append(i).append(';');
            line(sb.append(" }").toString());
        }
        if (ctx.hasMemory() && mayMoveMemory) {
            usesMemory = true;
            line(ctx.memoryReload());
        }
    }

    private void callIndirect(int typeIndex, int table) {
        FuncType t = ctx.types().get(typeIndex);
        String i = pop();
        line("w2m_callee = w2m_call_target(" + ctx.table(table) + ", " + i + ", " + ctx.sigName(t) + ");");
        slotDecls.add("const w2m_funcref *w2m_callee");
        callWith(t, "((" + ctx.fnPointerType(t) + ")w2m_callee->fn)(w2m_callee->ctx", ")", true);
    }

    private void memoryAccess(Opcode op, MemArg memArg) {
        if (memArg.memoryIndex() != 0) throw ctx.error(funcIndex, "multi-memory is not supported");
        long offset = memArg.offset();
        usesMemory = true;
        int width = 1 << op.naturalAlignmentLog2();
        boolean store = op.signature().results().isEmpty();
        int addrDepth = store ? stack.size() - 2 : stack.size() - 1;
        String addr = slot(addrDepth, ValType.I32);
        Long known = slotConsts.get(addrDepth);
        if (ctx.memorySlowPath()) {
            slowPathAccess(op, store, addr, offset, width, known);
            return;
        }
        Integer local = slotLocals.get(addrDepth);
        long[] sum = slotSums.get(addrDepth);
        long need = offset + width;
        // An earlier check through the same unchanged local with at least this reach proves this access.
        boolean proven = reachOf(local, sum, false) >= need;
        // Proven only by a widened check: plain where accesses are inline, checked (as before widening) where they
        // are out of line, which keeps the smaller code there (see W2M_WIDE).
        boolean widened = false;
        if (!proven && ctx.checkedByMacro(need, known)) {
            widened = reachOf(local, sum, true) >= need;
            if (!widened && !store && (local != null || sum != null)) {
                int base = local != null ? local : (int) sum[0];
                long c = local != null ? 0 : sum[1];
                long reach = widenedReach(base, c, c + need);
                if (reach > 0) {
                    line("W2M_WIDE_CHECK(" + ctx.boundsCondition("l" + base, reach) + ");");
                    ctx.useWideCheck();
                    checked.merge(wideKey(base), reach, Math::max);
                    widened = true;
                }
            }
        }
        if (local != null && !proven) prove(local, need);
        if (sum != null && !proven && !widened) provedThroughSum((int) sum[0], sum[1], need);
        String kind = switch (op) {
            case I32_LOAD, I64_LOAD32_S, I64_LOAD32_U, I32_STORE, I64_STORE32 -> "u32";
            case I64_LOAD, I64_STORE -> "u64";
            case F32_LOAD, F32_STORE -> "f32";
            case F64_LOAD, F64_STORE -> "f64";
            case I32_LOAD8_S, I64_LOAD8_S -> "s8";
            case I32_LOAD8_U, I64_LOAD8_U, I32_STORE8, I64_STORE8 -> "u8";
            case I32_LOAD16_S, I64_LOAD16_S -> "s16";
            default -> "u16";
        };
        // Common case: a check the module's access macros can do (inline at -O2, one out-of-line function per
        // kind under -Os). Otherwise an explicit check line (or none) and the plain access.
        boolean viaMacro = !proven && ctx.checkedByMacro(need, known);
        if (!viaMacro && !proven) {
            String check = ctx.boundsCheck(addr, need, known);
            if (check != null) line(check);
        }
        String value = store ? storeValue(op, pop()) : null;
        pop();
        String text;
        if (widened) {
            // The checked form is what the out-of-line accessors see, so they are counted (and chosen) as before.
            String checkedText = accessText(op, kind, width, addr, offset, addrDepth, known, value, true, false, false);
            text = "W2M_WIDE(" + checkedText + ", "
                    + accessText(op, kind, width, addr, offset, addrDepth, known, value, false, true, true) + ")";
        } else {
            text = accessText(op, kind, width, addr, offset, addrDepth, known, value, viaMacro, proven, false);
        }
        if (store) {
            line(text + ";");
        } else {
            String expr = switch (op) {
                case I64_LOAD8_S, I64_LOAD16_S, I64_LOAD32_S -> "(u64)(s64)(s32)" + text;
                case I64_LOAD8_U, I64_LOAD16_U, I64_LOAD32_U -> "(u64)" + text;
                default -> text;
            };
            line(push(loadType(op)) + " = " + expr + ";");
        }
    }

    /**
     * The C of an access (a load's value, or a store's statement without its semicolon): the checked macro, or
     * for an access an earlier check proved the plain or aligned move or W2M_LDN/W2M_STN, and for one that needs
     * no check (a constant address inside the memory's minimum) the plain or aligned move. {@code uncounted}
     * leaves the helper counts alone: the proven half of a W2M_WIDE, which out-of-line builds never compile.
     */
    private String accessText(Opcode op, String kind, int width, String addr, long offset, int addrDepth, Long known,
            String value, boolean viaMacro, boolean proven, boolean uncounted) {
        boolean store = value != null;
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
        String helper = (store ? "st_" : "ld_") + kind;
        if (viaMacro || viaProvenMacro) {
            if (viaMacro) ctx.useAccess(helper, offset);
            else if (!uncounted) ctx.useProvenAccess(helper, offset);
            String args = kind + ", " + width + "u, " + addr + ", " + off + (store ? ", " + value : "");
            return (store ? "W2M_ST" : "W2M_LD") + (viaMacro ? "" : "N") + "(" + args + ")";
        }
        return store ? "w2m_store_" + kind + aligned + "(" + ptr + ", " + value + ")"
                : "w2m_load_" + kind + aligned + "(" + ptr + ")";
    }

    /**
     * How far past local (or past the sum's local, less the sum's constant) checks have proven memory: with
     * {@code wide}, counting the widened checks too, which only builds with inline accesses make.
     */
    private long reachOf(Integer local, long[] sum, boolean wide) {
        int l = local != null ? local : sum != null ? (int) sum[0] : -1;
        if (l < 0) return -1;
        long r = checked.getOrDefault(l, -1L);
        if (wide) r = Math.max(r, checked.getOrDefault(wideKey(l), -1L));
        return local != null || r < 0 ? r : r - sum[1];
    }

    /** Instructions {@link #widenedReach} looks at past an access: enough for an unrolled loop body. */
    private static final int WIDEN_LOOKAHEAD = 96;

    /**
     * The reach to check local {@code base} for at the load being emitted (at base + c, reaching firstReach bytes
     * past base), so that it covers the accesses through base that certainly follow; 0 when nothing is gained.
     *
     * <p>Looks ahead through straight-line code in which nothing observable can happen before those accesses: no
     * control flow, call, store (a store may end the run: its own check comes before its write), global.set,
     * memory or table operation, and no operation that could trap with another code; loads through other
     * addresses may trap too, but with the same code. One check of base + R <= size for the largest reach R then
     * traps exactly when one of the run's accesses would (so trapping at the first changes nothing visible),
     * provided the run has an access through base itself: if the check fails, either the access with reach R
     * does not wrap and is out of bounds, or base + c wrapped, and then base > 2^32 - c is beyond any size the
     * memory can have (c <= ctx.widenableSumConstant()), so the access through base itself is out of bounds.
     */
    private long widenedReach(int base, long c, long firstReach) {
        long sumLimit = ctx.widenableSumConstant();
        if (c > sumLimit) return 0;
        List<Instruction> body = function.body();
        // What each stack slot holds: {1, c} for base + c, {0, v} for the i32 constant v, null for anything else
        // (or unknown); the slots below the load's address as far as slotLocals and slotSums know them.
        List<long[]> slots = new ArrayList<>();
        for (int d = 0; d < stack.size() - 1; d++) {
            long[] sum = slotSums.get(d);
            slots.add(Integer.valueOf(base).equals(slotLocals.get(d)) ? new long[] {1, 0}
                    : sum != null && sum[0] == base ? new long[] {1, sum[1]} : null);
        }
        slots.add(null); // the load's result, in place of its address
        long reach = firstReach;
        boolean viaBase = c == 0;
        boolean later = false;
        int end = Math.min(body.size(), position + 1 + WIDEN_LOOKAHEAD);
        for (int i = position + 1; i < end; i++) {
            Instruction insn = body.get(i);
            Opcode op = insn.opcode();
            if (insn instanceof Instruction.Local l) {
                if (op == Opcode.LOCAL_GET) {
                    slots.add(l.localIndex() == base ? new long[] {1, 0} : null);
                } else if (l.localIndex() == base) {
                    break;
                } else if (op == Opcode.LOCAL_SET) {
                    popSlot(slots);
                }
            } else if (insn instanceof Instruction.Const k) {
                slots.add(op == Opcode.I32_CONST ? new long[] {0, k.bits() & 0xffffffffL} : null);
            } else if (insn instanceof Instruction.Global) {
                if (op != Opcode.GLOBAL_GET) break;
                slots.add(null);
            } else if (insn instanceof Instruction.Memory m) {
                boolean isStore = op.signature().results().isEmpty();
                if (isStore) popSlot(slots);
                long[] addr = popSlot(slots);
                if (addr != null && addr[0] == 1 && addr[1] <= sumLimit) {
                    reach = Math.max(reach, addr[1] + m.memArg().offset() + (1 << op.naturalAlignmentLog2()));
                    viaBase |= addr[1] == 0;
                    later = true;
                }
                if (isStore) break;
                slots.add(null);
            } else if (insn instanceof Instruction.Select || op == Opcode.SELECT) {
                popSlot(slots);
                popSlot(slots);
                popSlot(slots);
                slots.add(null);
            } else if (op == Opcode.DROP) {
                popSlot(slots);
            } else if (op == Opcode.I32_ADD) {
                long[] b = popSlot(slots), a = popSlot(slots);
                long[] local = a != null && a[0] == 1 ? a : b != null && b[0] == 1 ? b : null;
                long[] k = local == a ? b : a;
                slots.add(local != null && k != null && k[0] == 0 && local[1] + k[1] <= 0xffffffffL
                        ? new long[] {1, local[1] + k[1]} : null);
            } else if (insn instanceof Instruction.Plain && op.signature() != null && !mayTrap(op)) {
                for (int n = op.signature().params().size(); n > 0; n--) popSlot(slots);
                for (int n = op.signature().results().size(); n > 0; n--) slots.add(null);
            } else {
                break;
            }
        }
        return later && viaBase && (c != 0 || reach > firstReach) ? reach : 0;
    }

    private static long[] popSlot(List<long[]> slots) {
        return slots.isEmpty() ? null : slots.remove(slots.size() - 1);
    }

    /** Whether a numeric instruction can trap: integer division and remainder, and the non-saturating truncations. */
    static boolean mayTrap(Opcode op) {
        String m = op.mnemonic();
        return m.startsWith("i") && (m.contains(".div_") || m.contains(".rem_") || m.contains(".trunc_f"));
    }

    private static String storeFunction(Opcode op) {
        return switch (op) {
            case I64_STORE -> "w2m_store_u64";
            case F32_STORE -> "w2m_store_f32";
            case F64_STORE -> "w2m_store_f64";
            case I32_STORE8, I64_STORE8 -> "w2m_store_u8";
            case I32_STORE16, I64_STORE16 -> "w2m_store_u16";
            default -> "w2m_store_u32";
        };
    }

    private static String storeValue(Opcode op, String v) {
        return (op == Opcode.I64_STORE8 || op == Opcode.I64_STORE16 || op == Opcode.I64_STORE32) ? "(u32)" + v : v;
    }

    /** The load expression with P standing for the host pointer. */
    private static String loadTemplate(Opcode op) {
        return switch (op) {
            case I32_LOAD -> "w2m_load_u32(P)";
            case I64_LOAD -> "w2m_load_u64(P)";
            case F32_LOAD -> "w2m_load_f32(P)";
            case F64_LOAD -> "w2m_load_f64(P)";
            case I32_LOAD8_S -> "w2m_load_s8(P)";
            case I32_LOAD8_U -> "w2m_load_u8(P)";
            case I32_LOAD16_S -> "w2m_load_s16(P)";
            case I32_LOAD16_U -> "w2m_load_u16(P)";
            case I64_LOAD8_S -> "(u64)(s64)(s32)w2m_load_s8(P)";
            case I64_LOAD8_U -> "(u64)w2m_load_u8(P)";
            case I64_LOAD16_S -> "(u64)(s64)(s32)w2m_load_s16(P)";
            case I64_LOAD16_U -> "(u64)w2m_load_u16(P)";
            case I64_LOAD32_S -> "(u64)(s64)(s32)w2m_load_u32(P)";
            default -> "(u64)w2m_load_u32(P)";
        };
    }

    /** The type a load pushes. */
    private static ValType loadType(Opcode op) {
        return op.signature().results().get(0);
    }

    /**
     * A load or store on a memory with a committed prefix (lazily committed, or imported): base + address when
     * the access lies in the prefix, else the runtime's w2m_mem_load_* / w2m_mem_store_*, which trap beyond the
     * logical size and commit chunks. Same cost as a bounds check on the fast path.
     */
    private void slowPathAccess(Opcode op, boolean store, String addr, long offset, int width, Long known) {
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
     * check inline or call the kind's accessor (see MemoryAccessors.lazyAccessMacros); a plain access where the
     * address is known to lie in the prefix, and the runtime's slow path alone where the access can never fit in it.
     */
    private void lazyAccess(Opcode op, boolean store, String addr, long offset, int width, Long known) {
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
                    ctx.useLazyAccess("st_" + kind, offset);
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
                if (!cond.equals("0")) ctx.useLazyAccess("ld_" + kind, offset);
                access = template.replace("w2m_load_" + kind + "(P)", cond.equals("0")
                        ? "w2m_mem_load_" + kind + "(" + ctx.memory() + ", " + addr + ", " + off + ")"
                        : "W2M_LZ_LD(" + kind + ", " + cond + ", " + addr + ", " + off + ")");
            }
            line(push(loadType(op)) + " = " + access + ";");
        }
    }
}
