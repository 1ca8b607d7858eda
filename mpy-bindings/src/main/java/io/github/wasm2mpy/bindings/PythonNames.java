package io.github.wasm2mpy.bindings;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The Python attribute names of exports.
 *
 * <p>An export whose name is a Python identifier (ASCII letters, digits, underscore, not starting with a
 * digit, not a keyword) keeps it. Any other name is spelled as an identifier: every other character becomes
 * {@code _}, a leading digit gets a {@code _} in front, a keyword gets one at the end ({@code "draw-line"} is
 * {@code draw_line}, {@code "2d"} is {@code _2d}, {@code "class"} is {@code class_}). Two exports that end up
 * with the same name, or one that takes a name the bindings define themselves, are a build-time error.
 * Qstrs must be identifiers too: the qstr header format carries the string in the macro name.
 */
public final class PythonNames {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
            "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
            "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
            "return", "try", "while", "with", "yield");

    /** Names the bindings themselves put in the module. */
    static final List<String> RESERVED = List.of("bind", "reset", "instantiate", "set_global", "Trap", "_memory",
            "_w2m_state");

    private PythonNames() {}

    static boolean isIdentifier(String s) {
        return s != null && IDENTIFIER.matcher(s).matches() && !KEYWORDS.contains(s);
    }

    /** The Python attribute an export name becomes. */
    public static String toIdentifier(String exportName) {
        if (isIdentifier(exportName)) {
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

    /**
     * Attribute name of each export (keyed by export name, in the given order).
     *
     * @throws BindingException naming both exports when two map to one attribute
     */
    static Map<String, String> assign(String wasmModule, List<String> exportNames) {
        return assign(wasmModule, exportNames, s -> false);
    }

    /**
     * As {@link #assign(String, List)}, for a target whose module defines more names of its own than the native
     * glue ({@code alsoReserved}): an export on one of those fails the build the same way.
     */
    public static Map<String, String> assign(String wasmModule, List<String> exportNames, Predicate<String> alsoReserved) {
        Map<String, String> byExport = new LinkedHashMap<>();
        Map<String, String> owner = new HashMap<>();
        for (String reserved : RESERVED) {
            owner.put(reserved, null);
        }
        for (String export : exportNames) {
            String attribute = toIdentifier(export);
            if (owner.containsKey(attribute) || alsoReserved.test(attribute)) {
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
}
