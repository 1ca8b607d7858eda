package io.github.wasm2mpy.model;

import java.util.List;

/**
 * One instruction of a function body or constant expression, as data. There is one record per
 * {@link OperandShape}, mirroring the {@link CodeVisitor} callbacks; {@link #accept} replays it.
 */
public sealed interface Instruction {
    /** The instruction's opcode. */
    Opcode opcode();

    /** Calls the {@link CodeVisitor} callback for this instruction's shape. */
    void accept(CodeVisitor visitor);

    /** {@link OperandShape#PLAIN}. */
    record Plain(Opcode opcode) implements Instruction {
        @Override
        public void accept(CodeVisitor v) {
            v.visitInsn(opcode);
        }
    }

    /** {@link OperandShape#BLOCK}. */
    record Block(Opcode opcode, BlockType type) implements Instruction {
        @Override
        public void accept(CodeVisitor v) {
            v.visitBlockInsn(opcode, type);
        }
    }

    /** {@link OperandShape#BRANCH}. */
    record Branch(Opcode opcode, int depth) implements Instruction {
        @Override
        public void accept(CodeVisitor v) {
            v.visitBranchInsn(opcode, depth);
        }
    }

    /** {@link OperandShape#BRANCH_TABLE}. */
    record BranchTable(List<Integer> depths, int defaultDepth) implements Instruction {
        public BranchTable {
            depths = List.copyOf(depths);
        }

        @Override
        public Opcode opcode() {
            return Opcode.BR_TABLE;
        }

        @Override
        public void accept(CodeVisitor v) {
            v.visitBranchTableInsn(depths, defaultDepth);
        }
    }

    /** {@link OperandShape#FUNCTION}: {@code call} or {@code ref.func}. */
    record FunctionRef(Opcode opcode, int functionIndex) implements Instruction {
        @Override
        public void accept(CodeVisitor v) {
            v.visitFunctionInsn(opcode, functionIndex);
        }
    }

    /** {@link OperandShape#CALL_INDIRECT}. */
    record CallIndirect(int typeIndex, int tableIndex) implements Instruction {
        @Override
        public Opcode opcode() {
            return Opcode.CALL_INDIRECT;
        }

        @Override
        public void accept(CodeVisitor v) {
            v.visitCallIndirectInsn(typeIndex, tableIndex);
        }
    }

    /** {@link OperandShape#SELECT}: the typed {@code select}. */
    record Select(List<ValType> types) implements Instruction {
        public Select {
            types = List.copyOf(types);
        }

        @Override
        public Opcode opcode() {
            return Opcode.SELECT_TYPED;
        }

        @Override
        public void accept(CodeVisitor v) {
            v.visitSelectInsn(types);
        }
    }

    /** {@link OperandShape#LOCAL}. */
    record Local(Opcode opcode, int localIndex) implements Instruction {
        @Override
        public void accept(CodeVisitor v) {
            v.visitLocalInsn(opcode, localIndex);
        }
    }

    /** {@link OperandShape#GLOBAL}. */
    record Global(Opcode opcode, int globalIndex) implements Instruction {
        @Override
        public void accept(CodeVisitor v) {
            v.visitGlobalInsn(opcode, globalIndex);
        }
    }

    /** {@link OperandShape#TABLE}. */
    record Table(Opcode opcode, int tableIndex) implements Instruction {
        @Override
        public void accept(CodeVisitor v) {
            v.visitTableInsn(opcode, tableIndex);
        }
    }

    /** {@link OperandShape#MEMORY}. */
    record Memory(Opcode opcode, MemArg memArg) implements Instruction {
        @Override
        public void accept(CodeVisitor v) {
            v.visitMemoryInsn(opcode, memArg);
        }
    }

    /** {@link OperandShape#MEMORY_INDEX}. */
    record MemoryIndex(Opcode opcode, int memoryIndex) implements Instruction {
        @Override
        public void accept(CodeVisitor v) {
            v.visitMemoryIndexInsn(opcode, memoryIndex);
        }
    }

    /** {@link OperandShape#SEGMENT}. */
    record Segment(Opcode opcode, int segmentIndex, int targetIndex) implements Instruction {
        @Override
        public void accept(CodeVisitor v) {
            v.visitSegmentInsn(opcode, segmentIndex, targetIndex);
        }
    }

    /** {@link OperandShape#DROP_SEGMENT}. */
    record DropSegment(Opcode opcode, int segmentIndex) implements Instruction {
        @Override
        public void accept(CodeVisitor v) {
            v.visitDropSegmentInsn(opcode, segmentIndex);
        }
    }

    /** {@link OperandShape#COPY}. */
    record Copy(Opcode opcode, int destinationIndex, int sourceIndex) implements Instruction {
        @Override
        public void accept(CodeVisitor v) {
            v.visitCopyInsn(opcode, destinationIndex, sourceIndex);
        }
    }

    /** A scalar constant; see {@link CodeVisitor#visitConstInsn} for the meaning of {@code bits}. */
    record Const(Opcode opcode, long bits) implements Instruction {
        /** The value of an {@code i32.const}. */
        public int i32() {
            return (int) bits;
        }

        /** The value of an {@code f32.const}. */
        public float f32() {
            return Float.intBitsToFloat((int) bits);
        }

        /** The value of an {@code f64.const}. */
        public double f64() {
            return Double.longBitsToDouble(bits);
        }

        @Override
        public void accept(CodeVisitor v) {
            v.visitConstInsn(opcode, bits);
        }
    }

    /** {@link OperandShape#V128_CONST}. */
    record V128Const(V128 value) implements Instruction {
        @Override
        public Opcode opcode() {
            return Opcode.V128_CONST;
        }

        @Override
        public void accept(CodeVisitor v) {
            v.visitV128ConstInsn(value);
        }
    }

    /** {@link OperandShape#HEAP_TYPE}: {@code ref.null}. */
    record RefNull(ValType type) implements Instruction {
        @Override
        public Opcode opcode() {
            return Opcode.REF_NULL;
        }

        @Override
        public void accept(CodeVisitor v) {
            v.visitRefNullInsn(type);
        }
    }

    /** {@link OperandShape#LANE}. */
    record Lane(Opcode opcode, int lane) implements Instruction {
        @Override
        public void accept(CodeVisitor v) {
            v.visitLaneInsn(opcode, lane);
        }
    }

    /** {@link OperandShape#SHUFFLE}. */
    record Shuffle(V128 lanes) implements Instruction {
        @Override
        public Opcode opcode() {
            return Opcode.I8X16_SHUFFLE;
        }

        @Override
        public void accept(CodeVisitor v) {
            v.visitShuffleInsn(lanes);
        }
    }

    /** {@link OperandShape#MEMORY_LANE}. */
    record MemoryLane(Opcode opcode, MemArg memArg, int lane) implements Instruction {
        @Override
        public void accept(CodeVisitor v) {
            v.visitMemoryLaneInsn(opcode, memArg, lane);
        }
    }
}
