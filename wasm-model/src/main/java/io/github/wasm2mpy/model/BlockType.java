package io.github.wasm2mpy.model;

import java.util.List;

/**
 * The type of a {@code block}, {@code loop} or {@code if}: empty, a single result type, or a function type
 * index (multi-value: parameters and several results).
 */
public sealed interface BlockType {
    /** The block type {@code [] -> []}. */
    BlockType EMPTY = new Empty();

    /** The block's parameter and result types, resolving a type index against the module's types. */
    FuncType resolve(List<FuncType> types);

    /** {@code [] -> []}, encoded as {@code 0x40}. */
    record Empty() implements BlockType {
        @Override
        public FuncType resolve(List<FuncType> types) {
            return FuncType.EMPTY;
        }
    }

    /** {@code [] -> [type]}, encoded as the value type byte. */
    record Value(ValType type) implements BlockType {
        public Value {
            if (type == null) {
                throw new NullPointerException("type");
            }
        }

        @Override
        public FuncType resolve(List<FuncType> types) {
            return new FuncType(List.of(), List.of(type));
        }
    }

    /** The function type at {@code typeIndex}, encoded as a positive signed LEB128 (s33). */
    record TypeIndex(int typeIndex) implements BlockType {
        @Override
        public FuncType resolve(List<FuncType> types) {
            return types.get(typeIndex);
        }
    }
}
