package io.github.wasm2mpy.bindings;

import io.github.wasm2mpy.linker.Qstrs;
import java.util.List;
import java.util.TreeSet;

/**
 * The qstrs a glue file uses, written as the header {@code mpy_ld.py --preprocess} writes: a static qstr (one of
 * the fixed list every firmware of the .mpy version has, which the format numbers the same everywhere) is its
 * number, {@code #define MP_QSTR_get (86)}; every other qstr is {@code #define MP_QSTR_name
 * (mp_native_qstr_table[i])} with {@code i} counting from 1 in sorted order, so the reference linker
 * ({@code --qstrs FILE}) and ours read it alike. A static qstr costs the code no table load and the .mpy no
 * table entry. A name a table refers to by index ({@link #index}) is in the table even when static.
 */
final class QstrTable {
    private final TreeSet<String> names = new TreeSet<>();
    /** The names in {@code mp_native_qstr_table}, in table order. */
    private final TreeSet<String> table = new TreeSet<>();
    private boolean frozen;

    /** Registers a qstr and returns the C macro for it. */
    String use(String name) {
        return register(name, Qstrs.staticNumber(name) == 0);
    }

    /** Registers a qstr that {@link #index} will be asked for: it goes into the table even when static. */
    String useIndexed(String name) {
        return register(name, true);
    }

    private String register(String name, boolean inTable) {
        if (inTable && frozen && !table.contains(name)) {
            throw new IllegalStateException("qstr " + name + " registered after the table's indices were handed out");
        }
        if (!PythonNames.isIdentifier(name) && !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new BindingException("'" + name + "' cannot be a qstr: the qstr header needs identifier characters");
        }
        names.add(name);
        if (inTable) {
            table.add(name);
        }
        return "MP_QSTR_" + name;
    }

    /**
     * The position of a qstr registered by {@link #useIndexed} in {@code mp_native_qstr_table} (from 1), for
     * tables that name qstrs by index. The indices depend on every name in the table, so from the first call no
     * new name can go into it.
     */
    int index(String name) {
        if (!table.contains(name)) {
            throw new IllegalArgumentException("qstr " + name + " is not registered for the table");
        }
        frozen = true;
        return table.headSet(name).size() + 1;
    }

    /** The names of {@code mp_native_qstr_table}, in table order: what the linker stores in the .mpy. */
    List<String> names() {
        return List.copyOf(table);
    }

    String header() {
        StringBuilder b = new StringBuilder();
        b.append("#include <stdint.h>\n");
        b.append("typedef uintptr_t mp_uint_t;\n");
        b.append("typedef intptr_t mp_int_t;\n");
        b.append("typedef uintptr_t mp_off_t;\n");
        for (String name : names) {
            if (!table.contains(name)) {
                b.append("#define MP_QSTR_").append(name).append(" (").append(Qstrs.staticNumber(name)).append(")\n");
            }
        }
        int i = 1;
        for (String name : table) {
            b.append("#define MP_QSTR_").append(name).append(" (mp_native_qstr_table[").append(i++).append("])\n");
        }
        b.append("extern const uint16_t mp_native_qstr_table[];\n");
        b.append("extern const mp_uint_t mp_native_obj_table[];\n");
        return b.toString();
    }
}
