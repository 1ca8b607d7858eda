package io.github.wasm2mpy.model;

import java.util.List;

/**
 * An element segment: references to place in a table.
 *
 * <p>The binary format has eight encodings of the same information; {@code functionIndexEncoding} and
 * {@code explicitTableIndex} record which one the module used, so that it is written back byte for byte.
 *
 * @param mode active, passive or declarative
 * @param tableIndex the table an active segment initialises (0 otherwise)
 * @param offset for an active segment, the constant offset expression ending with {@code end}; else empty
 * @param type the reference type of the elements
 * @param init one constant expression per element, each ending with {@code end}; with the function-index
 *     encoding each is {@code ref.func i; end}
 * @param functionIndexEncoding true when the binary listed function indices rather than expressions
 * @param explicitTableIndex true when an active segment spelled out its table index and element kind
 */
public record ElementSegment(
        SegmentMode mode,
        int tableIndex,
        List<Instruction> offset,
        ValType type,
        List<List<Instruction>> init,
        boolean functionIndexEncoding,
        boolean explicitTableIndex) {
    public ElementSegment {
        if (mode == null || type == null) {
            throw new NullPointerException();
        }
        offset = List.copyOf(offset);
        init = init.stream().map(List::copyOf).toList();
    }
}
