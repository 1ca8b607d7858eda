package io.github.wasm2mpy.cgen;

import java.nio.charset.StandardCharsets;

/** C identifiers for wasm names: readable where the name allows, unique and reversible always. */
public final class CNames {
    private CNames() {}

    /**
     * Mangles an export or import name into a C identifier fragment: ASCII letters and digits stay, {@code _}
     * becomes {@code __}, every other UTF-8 byte becomes {@code _XX} (upper-case hex). Distinct names give
     * distinct fragments.
     */
    public static String mangle(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                sb.append((char) c);
            } else if (c == '_') {
                sb.append("__");
            } else {
                sb.append('_').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    /** A readable suffix from a debug name: letters, digits and underscores only, at most 40 characters. */
    static String readable(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (sb.length() >= 40) break;
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (ok) sb.append(c);
            else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '_') sb.append('_');
        }
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '_') sb.setLength(sb.length() - 1);
        return sb.toString();
    }
}
