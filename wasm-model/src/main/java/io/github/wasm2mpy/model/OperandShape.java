package io.github.wasm2mpy.model;

/**
 * The immediate operands an instruction carries. Each shape has one {@link CodeVisitor} callback and one
 * {@link Instruction} record, so a new opcode of an existing shape is only a new {@link Opcode} constant.
 */
public enum OperandShape {
    /** No immediates: {@link CodeVisitor#visitInsn}. */
    PLAIN,
    /** A block type: {@code block}, {@code loop}, {@code if}; {@link CodeVisitor#visitBlockInsn}. */
    BLOCK,
    /** A label depth: {@code br}, {@code br_if}; {@link CodeVisitor#visitBranchInsn}. */
    BRANCH,
    /** A label vector and a default: {@code br_table}; {@link CodeVisitor#visitBranchTableInsn}. */
    BRANCH_TABLE,
    /** A function index: {@code call}, {@code ref.func}; {@link CodeVisitor#visitFunctionInsn}. */
    FUNCTION,
    /** A type and a table index: {@code call_indirect}; {@link CodeVisitor#visitCallIndirectInsn}. */
    CALL_INDIRECT,
    /** Operand types of a typed {@code select}; {@link CodeVisitor#visitSelectInsn}. */
    SELECT,
    /** A local index; {@link CodeVisitor#visitLocalInsn}. */
    LOCAL,
    /** A global index; {@link CodeVisitor#visitGlobalInsn}. */
    GLOBAL,
    /** A table index: {@code table.get/set/size/grow/fill}; {@link CodeVisitor#visitTableInsn}. */
    TABLE,
    /** A memory argument (alignment, offset, memory): loads and stores; {@link CodeVisitor#visitMemoryInsn}. */
    MEMORY,
    /** A memory index: {@code memory.size/grow/fill}; {@link CodeVisitor#visitMemoryIndexInsn}. */
    MEMORY_INDEX,
    /** A segment and a target: {@code memory.init}, {@code table.init}; {@link CodeVisitor#visitSegmentInsn}. */
    SEGMENT,
    /** A segment index: {@code data.drop}, {@code elem.drop}; {@link CodeVisitor#visitDropSegmentInsn}. */
    DROP_SEGMENT,
    /** Destination and source: {@code memory.copy}, {@code table.copy}; {@link CodeVisitor#visitCopyInsn}. */
    COPY,
    /** {@code i32.const}; {@link CodeVisitor#visitConstInsn}. */
    I32_CONST,
    /** {@code i64.const}; {@link CodeVisitor#visitConstInsn}. */
    I64_CONST,
    /** {@code f32.const} (raw bits); {@link CodeVisitor#visitConstInsn}. */
    F32_CONST,
    /** {@code f64.const} (raw bits); {@link CodeVisitor#visitConstInsn}. */
    F64_CONST,
    /** {@code v128.const}; {@link CodeVisitor#visitV128ConstInsn}. */
    V128_CONST,
    /** A reference type: {@code ref.null}; {@link CodeVisitor#visitRefNullInsn}. */
    HEAP_TYPE,
    /** A lane index: SIMD extract/replace lane; {@link CodeVisitor#visitLaneInsn}. */
    LANE,
    /** Sixteen lane indices: {@code i8x16.shuffle}; {@link CodeVisitor#visitShuffleInsn}. */
    SHUFFLE,
    /** A memory argument and a lane: {@code v128.load8_lane} etc.; {@link CodeVisitor#visitMemoryLaneInsn}. */
    MEMORY_LANE
}
