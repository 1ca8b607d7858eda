package io.github.wasm2mpy.bindings;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The qstrs a glue file uses, written as the header {@code mpy_ld.py --preprocess} writes: each qstr is
 * {@code #define MP_QSTR_name (mp_native_qstr_table[i])} with {@code i} counting from 1 in sorted order, so
 * the reference linker ({@code --qstrs FILE}) and ours read it alike. Every qstr goes through the table,
 * including the ones the firmware already has, so the glue does not depend on one firmware's static qstrs.
 */
final class QstrTable {
    private final TreeSet<String> names = new TreeSet<>();
    private boolean frozen;

    /** Registers a qstr and returns the C macro for it. */
    String use(String name) {
        if (frozen && !names.contains(name)) {
            throw new IllegalStateException("qstr " + name + " registered after the table's indices were handed out");
        }
        if (!PythonNames.isIdentifier(name) && !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new BindingException("'" + name + "' cannot be a qstr: the qstr header needs identifier characters");
        }
        names.add(name);
        return "MP_QSTR_" + name;
    }

    /**
     * The position of a registered qstr in {@code mp_native_qstr_table} (from 1), for tables that name qstrs by
     * index. The indices depend on every name, so from the first call no new name can be registered.
     */
    int index(String name) {
        if (!names.contains(name)) {
            throw new IllegalArgumentException("qstr " + name + " is not registered");
        }
        frozen = true;
        return names.headSet(name).size() + 1;
    }

    List<String> names() {
        return List.copyOf(new ArrayList<>(names));
    }

    String header() {
        StringBuilder b = new StringBuilder();
        b.append("#include <stdint.h>\n");
        b.append("typedef uintptr_t mp_uint_t;\n");
        b.append("typedef intptr_t mp_int_t;\n");
        b.append("typedef uintptr_t mp_off_t;\n");
        int i = 1;
        for (String name : names) {
            b.append("#define MP_QSTR_").append(name).append(" (mp_native_qstr_table[").append(i++).append("])\n");
        }
        b.append("extern const uint16_t mp_native_qstr_table[];\n");
        b.append("extern const mp_uint_t mp_native_obj_table[];\n");
        return b.toString();
    }
}
