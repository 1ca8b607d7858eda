package io.github.wasm2mpy.webassembly;

import io.github.wasm2mpy.bindings.BindingException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Python attribute names of exports, by the rules of {@code docs/python-api.md} ("Names"), which the native
 * bindings implement in their own package-private class: an identifier keeps its name, other characters become
 * {@code _}, a leading digit gets {@code _} in front, a keyword {@code _} at the end; two exports on one name, or
 * one on a name the module defines itself, fail the build. The test checks both spell the nine apps alike.
 */
final class PythonAttributes {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
            "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
            "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
            "return", "try", "while", "with", "yield");

    /** Names the module defines itself (the native list, plus what this target's runtime adds). */
    static final List<String> RESERVED = List.of("bind", "reset", "instantiate", "set_global", "Trap", "_memory",
            "_w2m_state", "Memory", "js", "sys");

    private PythonAttributes() {}

    static String toIdentifier(String exportName) {
        if (IDENTIFIER.matcher(exportName).matches() && !KEYWORDS.contains(exportName)) {
            return exportName;
        }
        StringBuilder b = new StringBuilder();
        exportName.codePoints().forEach(c -> b.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? (char) c : '_'));
        if (b.length() == 0 || Character.isDigit(b.charAt(0))) {
            b.insert(0, '_');
        }
        String s = b.toString();
        return KEYWORDS.contains(s) ? s + "_" : s;
    }

    /** Attribute of each export name, in order; fails naming both exports when two share one. */
    static Map<String, String> assign(String wasmModule, List<String> exportNames) {
        Map<String, String> byExport = new LinkedHashMap<>();
        Map<String, String> owner = new HashMap<>();
        RESERVED.forEach(r -> owner.put(r, null));
        for (String export : exportNames) {
            String attribute = toIdentifier(export);
            // The runtime's own module globals (runtime.py) would be overwritten by the export.
            if (owner.containsKey(attribute) || isRuntimePrivate(attribute)) {
                String other = owner.get(attribute);
                throw new BindingException(wasmModule + ": export \"" + export + "\" would be the Python attribute '"
                        + attribute + "', which " + (other == null ? "the bindings define themselves"
                                : "export \"" + other + "\" already has") + "; rename one of the exports");
            }
            owner.put(attribute, export);
            byExport.put(export, attribute);
        }
        return byExport;
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
