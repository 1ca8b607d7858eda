package io.github.wasm2mpy.model;

import java.util.ArrayList;
import java.util.List;

/** A {@link CodeVisitor} that records the instructions it is given as {@link Instruction} records. */
public class InstructionCollector extends CodeVisitor {
    private final List<Instruction> instructions = new ArrayList<>();

    /** An empty collector. */
    public InstructionCollector() {
        super();
    }

    /** The instructions collected so far (an immutable copy). */
    public List<Instruction> instructions() {
        return List.copyOf(instructions);
    }

    @Override
    public void visitInsn(Opcode opcode) {
        instructions.add(new Instruction.Plain(opcode));
    }

    @Override
    public void visitBlockInsn(Opcode opcode, BlockType type) {
        instructions.add(new Instruction.Block(opcode, type));
    }

    @Override
    public void visitBranchInsn(Opcode opcode, int depth) {
        instructions.add(new Instruction.Branch(opcode, depth));
    }

    @Override
    public void visitBranchTableInsn(List<Integer> depths, int defaultDepth) {
        instructions.add(new Instruction.BranchTable(depths, defaultDepth));
    }

    @Override
    public void visitFunctionInsn(Opcode opcode, int functionIndex) {
        instructions.add(new Instruction.FunctionRef(opcode, functionIndex));
    }

    @Override
    public void visitCallIndirectInsn(int typeIndex, int tableIndex) {
        instructions.add(new Instruction.CallIndirect(typeIndex, tableIndex));
    }

    @Override
    public void visitSelectInsn(List<ValType> types) {
        instructions.add(new Instruction.Select(types));
    }

    @Override
    public void visitLocalInsn(Opcode opcode, int localIndex) {
        instructions.add(new Instruction.Local(opcode, localIndex));
    }

    @Override
    public void visitGlobalInsn(Opcode opcode, int globalIndex) {
        instructions.add(new Instruction.Global(opcode, globalIndex));
    }

    @Override
    public void visitTableInsn(Opcode opcode, int tableIndex) {
        instructions.add(new Instruction.Table(opcode, tableIndex));
    }

    @Override
    public void visitMemoryInsn(Opcode opcode, MemArg memArg) {
        instructions.add(new Instruction.Memory(opcode, memArg));
    }

    @Override
    public void visitMemoryIndexInsn(Opcode opcode, int memoryIndex) {
        instructions.add(new Instruction.MemoryIndex(opcode, memoryIndex));
    }

    @Override
    public void visitSegmentInsn(Opcode opcode, int segmentIndex, int targetIndex) {
        instructions.add(new Instruction.Segment(opcode, segmentIndex, targetIndex));
    }

    @Override
    public void visitDropSegmentInsn(Opcode opcode, int segmentIndex) {
        instructions.add(new Instruction.DropSegment(opcode, segmentIndex));
    }

    @Override
    public void visitCopyInsn(Opcode opcode, int destinationIndex, int sourceIndex) {
        instructions.add(new Instruction.Copy(opcode, destinationIndex, sourceIndex));
    }

    @Override
    public void visitConstInsn(Opcode opcode, long bits) {
        instructions.add(new Instruction.Const(opcode, bits));
    }

    @Override
    public void visitV128ConstInsn(V128 value) {
        instructions.add(new Instruction.V128Const(value));
    }

    @Override
    public void visitRefNullInsn(ValType type) {
        instructions.add(new Instruction.RefNull(type));
    }

    @Override
    public void visitLaneInsn(Opcode opcode, int lane) {
        instructions.add(new Instruction.Lane(opcode, lane));
    }

    @Override
    public void visitShuffleInsn(V128 lanes) {
        instructions.add(new Instruction.Shuffle(lanes));
    }

    @Override
    public void visitMemoryLaneInsn(Opcode opcode, MemArg memArg, int lane) {
        instructions.add(new Instruction.MemoryLane(opcode, memArg, lane));
    }
}
