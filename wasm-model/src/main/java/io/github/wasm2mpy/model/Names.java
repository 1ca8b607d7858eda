package io.github.wasm2mpy.model;

import java.util.Map;
import java.util.Optional;

/**
 * The decoded {@code name} custom section: debug names that make generated code readable.
 *
 * @param moduleName the module's name, if given
 * @param functionNames function index (imports first) to name
 * @param localNames function index to (local index to name)
 */
public record Names(
        Optional<String> moduleName, Map<Integer, String> functionNames, Map<Integer, Map<Integer, String>> localNames) {
    /** No names at all. */
    public static final Names NONE = new Names(Optional.empty(), Map.of(), Map.of());

    public Names {
        if (moduleName == null) {
            throw new NullPointerException("moduleName");
        }
        functionNames = Map.copyOf(functionNames);
        localNames = localNames.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
    }

    /** The name of function {@code index}, if the section gives one. */
    public Optional<String> functionName(int index) {
        return Optional.ofNullable(functionNames.get(index));
    }

    /** The name of local {@code local} of function {@code function}, if the section gives one. */
    public Optional<String> localName(int function, int local) {
        Map<Integer, String> locals = localNames.get(function);
        return locals == null ? Optional.empty() : Optional.ofNullable(locals.get(local));
    }
}
