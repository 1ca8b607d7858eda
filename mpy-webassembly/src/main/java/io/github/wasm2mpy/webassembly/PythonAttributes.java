package io.github.wasm2mpy.webassembly;

import io.github.wasm2mpy.bindings.PythonNames;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Python attribute names of exports: the native bindings' rules ({@link PythonNames}, {@code
 * docs/python-api.md} "Names"), with this target's own module globals reserved as well, since {@code runtime.py}
 * lives in the same module namespace as the exports.
 */
final class PythonAttributes {
    /** Names this target's runtime defines at module level besides the native glue's. */
    static final List<String> RESERVED = List.of("Memory", "js", "sys");

    private PythonAttributes() {}

    static String toIdentifier(String exportName) {
        return PythonNames.toIdentifier(exportName);
    }

    /** Attribute of each export name, in order; fails naming both exports when two share one. */
    static Map<String, String> assign(String wasmModule, List<String> exportNames) {
        return PythonNames.assign(wasmModule, exportNames,
                attribute -> RESERVED.contains(attribute) || isRuntimePrivate(attribute));
    }

    private static final Set<String> RUNTIME_PRIVATE = Set.of("_JS", "_H", "_MARK", "_WASM", "_IMPORTS", "_EXPORTS",
            "_MEMORIES", "_GLOBALS", "_SIGS", "_FUNC_SIGS", "_USE_BUILTINS", "_KINDS", "_BUILTINS", "_WASI",
            "_bound", "_pending", "_inst", "_mem", "_clock", "_time", "_Pin", "_call", "_host", "_publish",
            "_table", "_raise", "_to_wasm", "_from_wasm", "_what", "_millis", "_print_bytes", "_in_range",
            "_memory_or_trap", "_EBADF", "_EFAULT", "_EINVAL", "_ESPIPE");

    private static boolean isRuntimePrivate(String attribute) {
        return RUNTIME_PRIVATE.contains(attribute) || attribute.startsWith("_wiring_") || attribute.startsWith("_wasi_");
    }
}
