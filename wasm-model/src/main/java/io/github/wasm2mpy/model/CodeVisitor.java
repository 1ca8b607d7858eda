package io.github.wasm2mpy.model;

import java.util.List;

/**
 * Receives the instructions of one function body (or of a constant expression), one callback per
 * {@link OperandShape}. Every method forwards to the delegate given at construction, so a subclass that
 * overrides one callback and calls {@code super} is a filter in a chain, as with ObjectWeb ASM:
 *
 * <pre>{@code
 * class CountCalls extends CodeVisitor {
 *     int calls;
 *     CountCalls(CodeVisitor next) { super(next); }
 *     @Override public void visitFunctionInsn(Opcode op, int index) {
 *         if (op == Opcode.CALL) calls++;
 *         super.visitFunctionInsn(op, index);
 *     }
 * }
 * }</pre>
 *
 * <p>Order of calls for a function body: {@link #visitPosition} before each instruction when the source is a
 * binary (never when replaying a {@link Module}), one instruction callback per instruction including the body's
 * final {@code end} (visited as {@code visitInsn(Opcode.END)}), then {@link #visitEnd()} once.
 */
public abstract class CodeVisitor {
    /** The visitor calls are forwarded to, or {@code null}. */
    protected final CodeVisitor delegate;

    /** A visitor that forwards nothing (the end of a chain). */
    protected CodeVisitor() {
        this(null);
    }

    /** A visitor that forwards every call to {@code delegate} (may be {@code null}). */
    protected CodeVisitor(CodeVisitor delegate) {
        this.delegate = delegate;
    }

    /** The byte offset in the module of the next instruction; used for error messages. */
    public void visitPosition(int offset) {
        if (delegate != null) delegate.visitPosition(offset);
    }

    /** An instruction without immediates ({@link OperandShape#PLAIN}), including {@code else} and {@code end}. */
    public void visitInsn(Opcode opcode) {
        if (delegate != null) delegate.visitInsn(opcode);
    }

    /** {@code block}, {@code loop} or {@code if}. */
    public void visitBlockInsn(Opcode opcode, BlockType type) {
        if (delegate != null) delegate.visitBlockInsn(opcode, type);
    }

    /** {@code br} or {@code br_if} to the label {@code depth} levels out (0 = innermost). */
    public void visitBranchInsn(Opcode opcode, int depth) {
        if (delegate != null) delegate.visitBranchInsn(opcode, depth);
    }

    /** {@code br_table}. */
    public void visitBranchTableInsn(List<Integer> depths, int defaultDepth) {
        if (delegate != null) delegate.visitBranchTableInsn(depths, defaultDepth);
    }

    /** {@code call} or {@code ref.func} with a function index (imports first). */
    public void visitFunctionInsn(Opcode opcode, int functionIndex) {
        if (delegate != null) delegate.visitFunctionInsn(opcode, functionIndex);
    }

    /** {@code call_indirect}. */
    public void visitCallIndirectInsn(int typeIndex, int tableIndex) {
        if (delegate != null) delegate.visitCallIndirectInsn(typeIndex, tableIndex);
    }

    /** The typed {@code select} ({@code 0x1c}); the untyped one is {@code visitInsn(Opcode.SELECT)}. */
    public void visitSelectInsn(List<ValType> types) {
        if (delegate != null) delegate.visitSelectInsn(types);
    }

    /** {@code local.get}, {@code local.set} or {@code local.tee}; parameters come first. */
    public void visitLocalInsn(Opcode opcode, int localIndex) {
        if (delegate != null) delegate.visitLocalInsn(opcode, localIndex);
    }

    /** {@code global.get} or {@code global.set}. */
    public void visitGlobalInsn(Opcode opcode, int globalIndex) {
        if (delegate != null) delegate.visitGlobalInsn(opcode, globalIndex);
    }

    /** {@code table.get}, {@code table.set}, {@code table.size}, {@code table.grow} or {@code table.fill}. */
    public void visitTableInsn(Opcode opcode, int tableIndex) {
        if (delegate != null) delegate.visitTableInsn(opcode, tableIndex);
    }

    /** A load or store, including the SIMD ones without a lane. */
    public void visitMemoryInsn(Opcode opcode, MemArg memArg) {
        if (delegate != null) delegate.visitMemoryInsn(opcode, memArg);
    }

    /** {@code memory.size}, {@code memory.grow} or {@code memory.fill}. */
    public void visitMemoryIndexInsn(Opcode opcode, int memoryIndex) {
        if (delegate != null) delegate.visitMemoryIndexInsn(opcode, memoryIndex);
    }

    /**
     * {@code memory.init} (data segment, memory) or {@code table.init} (element segment, table).
     */
    public void visitSegmentInsn(Opcode opcode, int segmentIndex, int targetIndex) {
        if (delegate != null) delegate.visitSegmentInsn(opcode, segmentIndex, targetIndex);
    }

    /** {@code data.drop} or {@code elem.drop}. */
    public void visitDropSegmentInsn(Opcode opcode, int segmentIndex) {
        if (delegate != null) delegate.visitDropSegmentInsn(opcode, segmentIndex);
    }

    /** {@code memory.copy} or {@code table.copy}, destination first as in the binary format. */
    public void visitCopyInsn(Opcode opcode, int destinationIndex, int sourceIndex) {
        if (delegate != null) delegate.visitCopyInsn(opcode, destinationIndex, sourceIndex);
    }

    /**
     * A scalar constant. {@code bits} is the value for {@code i64.const}, the sign-extended value for
     * {@code i32.const}, and the raw IEEE bits (zero-extended for {@code f32}) for the float constants, so that
     * NaN payloads survive.
     */
    public void visitConstInsn(Opcode opcode, long bits) {
        if (delegate != null) delegate.visitConstInsn(opcode, bits);
    }

    /** {@code v128.const}. */
    public void visitV128ConstInsn(V128 value) {
        if (delegate != null) delegate.visitV128ConstInsn(value);
    }

    /** {@code ref.null} of a reference type. */
    public void visitRefNullInsn(ValType type) {
        if (delegate != null) delegate.visitRefNullInsn(type);
    }

    /** A SIMD extract_lane or replace_lane. */
    public void visitLaneInsn(Opcode opcode, int lane) {
        if (delegate != null) delegate.visitLaneInsn(opcode, lane);
    }

    /** {@code i8x16.shuffle} with its 16 lane indices. */
    public void visitShuffleInsn(V128 lanes) {
        if (delegate != null) delegate.visitShuffleInsn(lanes);
    }

    /** {@code v128.loadN_lane} or {@code v128.storeN_lane}. */
    public void visitMemoryLaneInsn(Opcode opcode, MemArg memArg, int lane) {
        if (delegate != null) delegate.visitMemoryLaneInsn(opcode, memArg, lane);
    }

    /** The body is complete. */
    public void visitEnd() {
        if (delegate != null) delegate.visitEnd();
    }
}
