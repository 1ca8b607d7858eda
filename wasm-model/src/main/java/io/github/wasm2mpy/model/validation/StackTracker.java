package io.github.wasm2mpy.model.validation;

import io.github.wasm2mpy.model.BlockType;
import io.github.wasm2mpy.model.CodeVisitor;
import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.GlobalType;
import io.github.wasm2mpy.model.InvalidModuleException;
import io.github.wasm2mpy.model.Locals;
import io.github.wasm2mpy.model.MemArg;
import io.github.wasm2mpy.model.Opcode;
import io.github.wasm2mpy.model.SectionId;
import io.github.wasm2mpy.model.TableType;
import io.github.wasm2mpy.model.V128;
import io.github.wasm2mpy.model.ValType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A {@link CodeVisitor} filter that knows the type of every operand-stack slot and the open control frames at
 * every instruction of a function body, in the manner of ObjectWeb ASM's {@code AnalyzerAdapter}. It implements
 * the spec's validation algorithm (operand and control stacks, polymorphic stack after {@code unreachable},
 * {@code br}, {@code br_table} and {@code return}), so it also validates the body: any violation is an
 * {@link InvalidModuleException} naming the function and instruction offset.
 *
 * <h2>Contract for a code generator</h2>
 * <ul>
 *   <li><b>Timing.</b> Each callback first forwards to the delegate, then applies the instruction. So while the
 *       delegate's callback runs, every query below describes the state <em>before</em> the instruction: for
 *       {@code i32.add} the operands are {@code peek(1)} and {@code peek(0)}, in slots {@code stackHeight()-2}
 *       and {@code stackHeight()-1}, and the result will be in slot {@code stackHeight()-2}.</li>
 *   <li><b>Slots.</b> {@link #stackHeight()} counts the values of the whole function's operand stack; slot
 *       {@code i} (0 = bottom) has type {@link #slotType(int)}. A slot's number is stable while it is live, so
 *       a generator can name C variables after slots (one per slot and type).</li>
 *   <li><b>Unreachable code.</b> After {@code unreachable}, {@code br}, {@code br_table} or {@code return} the
 *       rest of the block is dead and {@link #isUnreachable()} is true. Its stack is polymorphic: values pushed
 *       after the dead point have their real types, but values popped below the frame's height are of unknown
 *       type, reported as {@code null} by {@link #peek} (e.g. the result of a {@code select} of two unknowns).
 *       The stack height never goes below the frame's height. A generator can skip dead code until the
 *       matching {@code else} or {@code end}.</li>
 *   <li><b>Frames.</b> {@link #frame(int)} gives the control frames, 0 = innermost (the label {@code br 0}
 *       targets); the outermost is the function itself ({@link FrameKind#FUNCTION}). Each frame has its block
 *       type (params and results), the stack height at its start (below its params), and the types a branch to
 *       it carries ({@link Frame#labelTypes()}: params for a {@code loop}, results otherwise). At {@code else}
 *       and {@code end}, frame 0 is the frame being closed; after {@code end} its results sit on top of the
 *       stack, starting at slot {@code frame.height()}.</li>
 *   <li>The function's parameters and locals are not on the operand stack; {@link #localType(int)} gives
 *       their types.</li>
 * </ul>
 */
public class StackTracker extends CodeVisitor {
    /** The kind of a control frame. */
    public enum FrameKind {
        /** The function body itself. */
        FUNCTION,
        /** A {@code block}. */
        BLOCK,
        /** A {@code loop}: branches go back to its start and carry its parameters. */
        LOOP,
        /** An {@code if} before its {@code else}. */
        IF,
        /** The {@code else} arm of an {@code if}. */
        ELSE
    }

    /**
     * An open control frame.
     *
     * @param kind what opened it
     * @param type the block's parameter and result types
     * @param height the operand-stack height at the start of the block, below its parameters
     * @param unreachable whether the rest of this frame is dead code
     */
    public record Frame(FrameKind kind, FuncType type, int height, boolean unreachable) {
        /** The types a branch to this frame's label carries. */
        public List<ValType> labelTypes() {
            return kind == FrameKind.LOOP ? type.params() : type.results();
        }
    }

    private final ModuleContext context;
    private final int functionIndex;
    private final FuncType functionType;
    private final long[] localRunEnds;
    private final ValType[] localRunTypes;

    private ValType[] stack = new ValType[16];
    private int height;
    private Frame[] frames = new Frame[8];
    private int frameCount;
    private int offset = -1;
    private boolean finished;

    /**
     * A tracker for the body of function {@code functionIndex} (index space including imports; its type
     * comes from the context) with the given declared locals.
     */
    public StackTracker(ModuleContext context, int functionIndex, List<Locals> locals, CodeVisitor delegate) {
        super(delegate);
        this.context = context;
        this.functionIndex = functionIndex;
        this.functionType = context.functionType(functionIndex);
        this.localRunEnds = new long[locals.size()];
        this.localRunTypes = new ValType[locals.size()];
        long end = functionType.params().size();
        for (int i = 0; i < locals.size(); i++) {
            end += locals.get(i).count();
            localRunEnds[i] = end;
            localRunTypes[i] = locals.get(i).type();
        }
        pushFrame(FrameKind.FUNCTION, new FuncType(List.of(), functionType.results()));
    }

    // -------------------------------------------------------------------------------------------- queries

    /** The function's signature. */
    public FuncType functionType() {
        return functionType;
    }

    /** The number of values on the operand stack. */
    public int stackHeight() {
        return height;
    }

    /** The type of the value {@code depth} slots below the top (0 = top), or {@code null} when unknown. */
    public ValType peek(int depth) {
        return stack[height - 1 - depth];
    }

    /** The type in slot {@code slot} (0 = bottom), or {@code null} when unknown. */
    public ValType slotType(int slot) {
        if (slot < 0 || slot >= height) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + height);
        }
        return stack[slot];
    }

    /** The operand stack, bottom first; may contain {@code null} (unknown) in unreachable code. */
    public List<ValType> stack() {
        return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(stack).subList(0, height)));
    }

    /** True when the current instruction is dead code. */
    public boolean isUnreachable() {
        return frameCount > 0 && frames[frameCount - 1].unreachable();
    }

    /** The number of open control frames, including the function's. 0 after the body's final {@code end}. */
    public int frameCount() {
        return frameCount;
    }

    /** Control frame {@code depth} (0 = innermost, the target of {@code br 0}). */
    public Frame frame(int depth) {
        return frames[frameCount - 1 - depth];
    }

    /** The type of local {@code index} (parameters first). */
    public ValType localType(int index) {
        long i = Integer.toUnsignedLong(index);
        if (i < functionType.params().size()) {
            return functionType.params().get((int) i);
        }
        int lo = 0;
        int hi = localRunEnds.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (localRunEnds[mid] <= i) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (lo >= localRunEnds.length) {
            throw invalid("unknown local " + i);
        }
        return localRunTypes[lo];
    }

    // ------------------------------------------------------------------------------------------ callbacks

    @Override
    public void visitPosition(int offset) {
        this.offset = offset;
        super.visitPosition(offset);
    }

    @Override
    public void visitInsn(Opcode op) {
        super.visitInsn(op);
        checkOpen();
        switch (op) {
            case UNREACHABLE:
                markUnreachable();
                break;
            case NOP:
                break;
            case ELSE: {
                Frame f = popFrame();
                if (f.kind() != FrameKind.IF) {
                    throw invalid("else without a matching if");
                }
                pushFrame(FrameKind.ELSE, f.type());
                pushAll(f.type().params());
                break;
            }
            case END: {
                Frame f = popFrame();
                if (f.kind() == FrameKind.IF && !f.type().params().equals(f.type().results())) {
                    throw invalid("type mismatch: if without else must leave its parameters as results, "
                            + f.type());
                }
                if (frameCount == 0) {
                    finished = true;
                } else {
                    pushAll(f.type().results());
                }
                break;
            }
            case RETURN:
                popAll(functionType.results());
                markUnreachable();
                break;
            case DROP:
                pop();
                break;
            case SELECT: {
                pop(ValType.I32);
                ValType t1 = pop();
                ValType t2 = pop();
                if (t1 != null && t1.isReference() || t2 != null && t2.isReference()) {
                    throw invalid("type mismatch: select without types needs numeric or vector operands");
                }
                if (t1 != null && t2 != null && t1 != t2) {
                    throw invalid("type mismatch: select operands " + t2 + " and " + t1);
                }
                push(t1 != null ? t1 : t2);
                break;
            }
            case REF_IS_NULL: {
                ValType t = pop();
                if (t != null && !t.isReference()) {
                    throw invalid("type mismatch: ref.is_null expects a reference, found " + t);
                }
                push(ValType.I32);
                break;
            }
            default:
                apply(op);
        }
    }

    @Override
    public void visitBlockInsn(Opcode op, BlockType type) {
        super.visitBlockInsn(op, type);
        checkOpen();
        FuncType ft = resolve(type);
        if (op == Opcode.IF) {
            pop(ValType.I32);
        }
        popAll(ft.params());
        pushFrame(op == Opcode.BLOCK ? FrameKind.BLOCK : op == Opcode.LOOP ? FrameKind.LOOP : FrameKind.IF, ft);
        pushAll(ft.params());
    }

    @Override
    public void visitBranchInsn(Opcode op, int depth) {
        super.visitBranchInsn(op, depth);
        checkOpen();
        List<ValType> label = label(depth);
        if (op == Opcode.BR_IF) {
            pop(ValType.I32);
            popAll(label);
            pushAll(label);
        } else {
            popAll(label);
            markUnreachable();
        }
    }

    @Override
    public void visitBranchTableInsn(List<Integer> depths, int defaultDepth) {
        super.visitBranchTableInsn(depths, defaultDepth);
        checkOpen();
        pop(ValType.I32);
        List<ValType> defaults = label(defaultDepth);
        int arity = defaults.size();
        for (int depth : depths) {
            List<ValType> label = label(depth);
            if (label.size() != arity) {
                throw invalid("type mismatch: br_table labels carry " + label.size() + " and " + arity + " values");
            }
            ValType[] popped = popAll(label);
            for (ValType t : popped) {
                push(t);
            }
        }
        popAll(defaults);
        markUnreachable();
    }

    @Override
    public void visitFunctionInsn(Opcode op, int index) {
        super.visitFunctionInsn(op, index);
        checkOpen();
        if (index < 0 || index >= context.functionTypeIndices().size()) {
            throw invalid("unknown function " + Integer.toUnsignedLong(index));
        }
        if (op == Opcode.CALL) {
            FuncType callee = context.functionType(index);
            popAll(callee.params());
            pushAll(callee.results());
        } else {
            if (!context.declaredReferences().contains(index)) {
                throw invalid("undeclared function reference " + index);
            }
            push(ValType.FUNCREF);
        }
    }

    @Override
    public void visitCallIndirectInsn(int typeIndex, int tableIndex) {
        super.visitCallIndirectInsn(typeIndex, tableIndex);
        checkOpen();
        TableType table = table(tableIndex);
        if (table.elementType() != ValType.FUNCREF) {
            throw invalid("type mismatch: call_indirect through table " + tableIndex + " of " + table.elementType());
        }
        FuncType callee = type(typeIndex);
        pop(ValType.I32);
        popAll(callee.params());
        pushAll(callee.results());
    }

    @Override
    public void visitSelectInsn(List<ValType> types) {
        super.visitSelectInsn(types);
        checkOpen();
        if (types.size() != 1) {
            throw invalid("invalid result arity: typed select with " + types.size() + " types");
        }
        ValType t = types.get(0);
        pop(ValType.I32);
        pop(t);
        pop(t);
        push(t);
    }

    @Override
    public void visitLocalInsn(Opcode op, int index) {
        super.visitLocalInsn(op, index);
        checkOpen();
        ValType t = localType(index);
        switch (op) {
            case LOCAL_GET:
                push(t);
                break;
            case LOCAL_SET:
                pop(t);
                break;
            default:
                pop(t);
                push(t);
        }
    }

    @Override
    public void visitGlobalInsn(Opcode op, int index) {
        super.visitGlobalInsn(op, index);
        checkOpen();
        if (index < 0 || index >= context.globals().size()) {
            throw invalid("unknown global " + Integer.toUnsignedLong(index));
        }
        GlobalType g = context.globals().get(index);
        if (op == Opcode.GLOBAL_GET) {
            push(g.type());
        } else {
            if (!g.mutable()) {
                throw invalid("global is immutable: global.set of global " + index);
            }
            pop(g.type());
        }
    }

    @Override
    public void visitTableInsn(Opcode op, int index) {
        super.visitTableInsn(op, index);
        checkOpen();
        ValType t = table(index).elementType();
        switch (op) {
            case TABLE_GET:
                pop(ValType.I32);
                push(t);
                break;
            case TABLE_SET:
                pop(t);
                pop(ValType.I32);
                break;
            case TABLE_SIZE:
                push(ValType.I32);
                break;
            case TABLE_GROW:
                pop(ValType.I32);
                pop(t);
                push(ValType.I32);
                break;
            default:
                pop(ValType.I32);
                pop(t);
                pop(ValType.I32);
        }
    }

    @Override
    public void visitMemoryInsn(Opcode op, MemArg memArg) {
        super.visitMemoryInsn(op, memArg);
        checkOpen();
        checkMemArg(op, memArg);
        apply(op);
    }

    @Override
    public void visitMemoryLaneInsn(Opcode op, MemArg memArg, int lane) {
        super.visitMemoryLaneInsn(op, memArg, lane);
        checkOpen();
        checkMemArg(op, memArg);
        checkLane(op, lane);
        apply(op);
    }

    @Override
    public void visitMemoryIndexInsn(Opcode op, int memoryIndex) {
        super.visitMemoryIndexInsn(op, memoryIndex);
        checkOpen();
        memory(memoryIndex);
        apply(op);
    }

    @Override
    public void visitSegmentInsn(Opcode op, int segmentIndex, int targetIndex) {
        super.visitSegmentInsn(op, segmentIndex, targetIndex);
        checkOpen();
        if (op == Opcode.MEMORY_INIT) {
            memory(targetIndex);
            data(segmentIndex);
        } else {
            TableType table = table(targetIndex);
            ValType elem = element(segmentIndex);
            if (elem != table.elementType()) {
                throw invalid("type mismatch: table.init of " + elem + " segment into table of "
                        + table.elementType());
            }
        }
        apply(op);
    }

    @Override
    public void visitDropSegmentInsn(Opcode op, int segmentIndex) {
        super.visitDropSegmentInsn(op, segmentIndex);
        checkOpen();
        if (op == Opcode.DATA_DROP) {
            data(segmentIndex);
        } else {
            element(segmentIndex);
        }
    }

    @Override
    public void visitCopyInsn(Opcode op, int destinationIndex, int sourceIndex) {
        super.visitCopyInsn(op, destinationIndex, sourceIndex);
        checkOpen();
        if (op == Opcode.MEMORY_COPY) {
            memory(destinationIndex);
            memory(sourceIndex);
        } else {
            ValType dst = table(destinationIndex).elementType();
            ValType src = table(sourceIndex).elementType();
            if (dst != src) {
                throw invalid("type mismatch: table.copy from " + src + " table into " + dst + " table");
            }
        }
        apply(op);
    }

    @Override
    public void visitConstInsn(Opcode op, long bits) {
        super.visitConstInsn(op, bits);
        checkOpen();
        apply(op);
    }

    @Override
    public void visitV128ConstInsn(V128 value) {
        super.visitV128ConstInsn(value);
        checkOpen();
        push(ValType.V128);
    }

    @Override
    public void visitRefNullInsn(ValType type) {
        super.visitRefNullInsn(type);
        checkOpen();
        push(type);
    }

    @Override
    public void visitLaneInsn(Opcode op, int lane) {
        super.visitLaneInsn(op, lane);
        checkOpen();
        checkLane(op, lane);
        apply(op);
    }

    @Override
    public void visitShuffleInsn(V128 lanes) {
        super.visitShuffleInsn(lanes);
        checkOpen();
        for (int i = 0; i < 16; i++) {
            if (lanes.byteAt(i) >= 32) {
                throw invalid("invalid lane index " + lanes.byteAt(i) + " in i8x16.shuffle");
            }
        }
        apply(Opcode.I8X16_SHUFFLE);
    }

    @Override
    public void visitEnd() {
        if (!finished) {
            throw invalid("function body does not end with end");
        }
        super.visitEnd();
    }

    // ---------------------------------------------------------------------------------------- the algorithm

    private void apply(Opcode op) {
        FuncType sig = op.signature();
        if (sig == null) {
            throw new IllegalStateException("no fixed signature for " + op);
        }
        List<ValType> params = sig.params();
        for (int i = params.size() - 1; i >= 0; i--) {
            pop(params.get(i));
        }
        pushAll(sig.results());
    }

    private void push(ValType t) {
        if (height == stack.length) {
            stack = Arrays.copyOf(stack, height * 2);
        }
        stack[height++] = t;
    }

    private void pushAll(List<ValType> types) {
        for (ValType t : types) {
            push(t);
        }
    }

    /** Pops any value; {@code null} when it is of unknown type (polymorphic stack). */
    private ValType pop() {
        Frame f = frames[frameCount - 1];
        if (height == f.height()) {
            if (f.unreachable()) {
                return null;
            }
            throw invalid("type mismatch: operand stack underflow");
        }
        return stack[--height];
    }

    private ValType pop(ValType expected) {
        ValType actual = pop();
        if (actual != null && expected != null && actual != expected) {
            throw invalid("type mismatch: expected " + expected + ", found " + actual);
        }
        return actual;
    }

    private ValType[] popAll(List<ValType> types) {
        ValType[] popped = new ValType[types.size()];
        for (int i = types.size() - 1; i >= 0; i--) {
            popped[i] = pop(types.get(i));
        }
        return popped;
    }

    private void pushFrame(FrameKind kind, FuncType type) {
        if (frameCount == frames.length) {
            frames = Arrays.copyOf(frames, frameCount * 2);
        }
        frames[frameCount++] = new Frame(kind, type, height, false);
    }

    private Frame popFrame() {
        Frame f = frames[frameCount - 1];
        popAll(f.type().results());
        if (height != f.height()) {
            throw invalid("type mismatch: " + (height - f.height()) + " values left on the stack at the end of a "
                    + f.kind().name().toLowerCase() + " expecting " + f.type().results());
        }
        frameCount--;
        return f;
    }

    private void markUnreachable() {
        Frame f = frames[frameCount - 1];
        height = f.height();
        frames[frameCount - 1] = new Frame(f.kind(), f.type(), f.height(), true);
    }

    private List<ValType> label(int depth) {
        if (depth < 0 || depth >= frameCount) {
            throw invalid("unknown label " + Integer.toUnsignedLong(depth));
        }
        return frame(depth).labelTypes();
    }

    private void checkOpen() {
        if (finished) {
            throw invalid("instruction after the end of the function body");
        }
    }

    // ----------------------------------------------------------------------------------------- index checks

    private FuncType resolve(BlockType type) {
        if (type instanceof BlockType.TypeIndex t) {
            return type(t.typeIndex());
        }
        return type.resolve(context.types());
    }

    private FuncType type(int index) {
        if (index < 0 || index >= context.types().size()) {
            throw invalid("unknown type " + Integer.toUnsignedLong(index));
        }
        return context.types().get(index);
    }

    private TableType table(int index) {
        if (index < 0 || index >= context.tables().size()) {
            throw invalid("unknown table " + Integer.toUnsignedLong(index));
        }
        return context.tables().get(index);
    }

    private void memory(int index) {
        if (index < 0 || index >= context.memories().size()) {
            throw invalid("unknown memory " + Integer.toUnsignedLong(index));
        }
    }

    private void data(int index) {
        // Without a data count section there is no data segment to name. (A module that also has a data
        // section is malformed; the reader reports that.)
        if (index < 0 || index >= context.dataCount().orElse(0)) {
            throw invalid("unknown data segment " + Integer.toUnsignedLong(index));
        }
    }

    private ValType element(int index) {
        if (index < 0 || index >= context.elementTypes().size()) {
            throw invalid("unknown elem segment " + Integer.toUnsignedLong(index));
        }
        return context.elementTypes().get(index);
    }

    private void checkMemArg(Opcode op, MemArg memArg) {
        memory(memArg.memoryIndex());
        if (memArg.alignLog2() < 0 || memArg.alignLog2() > op.naturalAlignmentLog2()) {
            throw invalid("alignment must not be larger than natural: " + op + " with align 2^"
                    + Integer.toUnsignedLong(memArg.alignLog2()));
        }
    }

    private void checkLane(Opcode op, int lane) {
        if (lane < 0 || lane >= op.laneCount()) {
            throw invalid("invalid lane index " + lane + " for " + op);
        }
    }

    private InvalidModuleException invalid(String detail) {
        return new InvalidModuleException(null, offset, SectionId.CODE, functionIndex, offset, detail);
    }
}
