package io.github.wasm2mpy.model;

import java.util.List;
import java.util.stream.Collectors;

/** A function signature: parameter types and result types (several results with multi-value). */
public record FuncType(List<ValType> params, List<ValType> results) {
    /** The type {@code [] -> []}. */
    public static final FuncType EMPTY = new FuncType(List.of(), List.of());

    public FuncType {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    @Override
    public String toString() {
        return "[" + join(params) + "] -> [" + join(results) + "]";
    }

    private static String join(List<ValType> types) {
        return types.stream().map(ValType::mnemonic).collect(Collectors.joining(" "));
    }
}
