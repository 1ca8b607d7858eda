package io.github.wasm2mpy.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that mpy_natmod.h declares MicroPython 1.25's ABI: a C file includes it next to MicroPython's own
 * headers (configured as py/dynruntime.mk configures a natmod build) and asserts, at compile time, every
 * offset, size and constant, for each arch we have a compiler for.
 */
class GlueResourcesTest {

    /** Field names of the function table as mpy_natmod.h declares them, in order. */
    static List<String> funTableFields() {
        String header = GlueResources.read(GlueResources.ABI_HEADER);
        String body = header.substring(header.indexOf("typedef struct mpn_fun_table {"),
                header.indexOf("} mpn_fun_table_t;"));
        List<String> fields = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s+[^/*\\n][^;]*?[\\s*(]\\(?\\*?(\\w+)\\)?(?:\\([^;]*\\))?;").matcher(body);
        while (m.find()) {
            fields.add(m.group(1));
        }
        return fields;
    }

    static String layoutCheck() {
        StringBuilder c = new StringBuilder();
        c.append("#define MPN_LAYOUT_CHECK 1\n#include \"mpy_natmod.h\"\n#include \"py/dynruntime.h\"\n");
        c.append("#define SAME_OFFSET(a, b, f) _Static_assert(offsetof(a, f) == offsetof(b, f), #f)\n");
        c.append("#define CHECK(e) _Static_assert(e, #e)\n");
        for (String f : funTableFields()) {
            c.append("SAME_OFFSET(mpn_fun_table_t, mp_fun_table_t, ").append(f).append(");\n");
        }
        c.append("""
                CHECK(sizeof(mpn_fun_table_t) == sizeof(mp_fun_table_t));
                CHECK(sizeof(mpn_fun_table_t) == MPN_FUN_TABLE_ENTRIES * sizeof(void *));
                CHECK(offsetof(mp_fun_table_t, type_type) == 73 * sizeof(void *));
                CHECK(offsetof(mpn_nlr_buf_t, prev) == offsetof(nlr_buf_t, prev));
                CHECK(offsetof(mpn_nlr_buf_t, ret_val) == offsetof(nlr_buf_t, ret_val));
                CHECK(sizeof(mpn_nlr_buf_t) >= sizeof(nlr_buf_t));
                CHECK(sizeof(mpn_obj_base_t) == sizeof(mp_obj_base_t));
                CHECK(offsetof(mpn_obj_fun_builtin_var_t, sig) == offsetof(mp_obj_fun_builtin_var_t, sig));
                CHECK(offsetof(mpn_obj_fun_builtin_var_t, fun) == offsetof(mp_obj_fun_builtin_var_t, fun));
                CHECK(sizeof(mpn_obj_fun_builtin_var_t) == sizeof(mp_obj_fun_builtin_var_t));
                CHECK(offsetof(mpn_obj_fun_bc_t, context) == offsetof(mp_obj_fun_bc_t, context));
                CHECK(offsetof(mpn_module_context_t, module) == offsetof(mp_module_context_t, module));
                CHECK(offsetof(mpn_obj_module_t, globals) == offsetof(mp_obj_module_t, globals));
                CHECK(offsetof(mpn_print_t, print_strn) == offsetof(mp_print_t, print_strn));
                CHECK(sizeof(mpn_obj_full_type_t) == sizeof(mp_obj_full_type_t));
                SAME_OFFSET(mpn_obj_full_type_t, mp_obj_full_type_t, flags);
                SAME_OFFSET(mpn_obj_full_type_t, mp_obj_full_type_t, name);
                SAME_OFFSET(mpn_obj_full_type_t, mp_obj_full_type_t, slot_index_make_new);
                SAME_OFFSET(mpn_obj_full_type_t, mp_obj_full_type_t, slot_index_print);
                SAME_OFFSET(mpn_obj_full_type_t, mp_obj_full_type_t, slot_index_attr);
                SAME_OFFSET(mpn_obj_full_type_t, mp_obj_full_type_t, slot_index_parent);
                SAME_OFFSET(mpn_obj_full_type_t, mp_obj_full_type_t, slot_index_locals_dict);
                SAME_OFFSET(mpn_obj_full_type_t, mp_obj_full_type_t, slots);
                CHECK(sizeof(mpn_uint_t) == sizeof(mp_uint_t));
                CHECK(sizeof(mpn_qstr) == sizeof(qstr));
                CHECK(MPN_NATIVE_TYPE_OBJ == MP_NATIVE_TYPE_OBJ);
                CHECK(MPN_NATIVE_TYPE_BOOL == MP_NATIVE_TYPE_BOOL);
                CHECK(MPN_NATIVE_TYPE_INT == MP_NATIVE_TYPE_INT);
                CHECK(MPN_NATIVE_TYPE_UINT == MP_NATIVE_TYPE_UINT);
                CHECK(MPN_NATIVE_TYPE_QSTR == MP_NATIVE_TYPE_QSTR);
                CHECK(MPN_BINARY_OP_LESS == MP_BINARY_OP_LESS);
                CHECK(MPN_BINARY_OP_EQUAL == MP_BINARY_OP_EQUAL);
                CHECK(MPN_BINARY_OP_OR == MP_BINARY_OP_OR);
                CHECK(MPN_BINARY_OP_AND == MP_BINARY_OP_AND);
                CHECK(MPN_BINARY_OP_LSHIFT == MP_BINARY_OP_LSHIFT);
                CHECK(MPN_BINARY_OP_RSHIFT == MP_BINARY_OP_RSHIFT);
                CHECK(MPN_FUN_SIG(2, 5, 1) == MP_OBJ_FUN_MAKE_SIG(2, 5, 1));
                CHECK(MICROPY_OBJ_REPR == MICROPY_OBJ_REPR_A);
                """);
        return c.toString();
    }

    @Test
    void everyFunTableEntryIsChecked() {
        List<String> fields = funTableFields();
        assertThat(fields).hasSize(87).startsWith("const_none", "const_false", "const_true")
                .contains("nlr_push", "realloc_", "plat_print", "type_fun_builtin_var").endsWith("stream_write_obj");
        assertThat(fields.indexOf("type_type")).isEqualTo(73);
    }

    @TestFactory
    Stream<DynamicTest> layoutMatchesMicroPython(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("layout"));
        Files.writeString(dir.resolve(GlueResources.ABI_HEADER), GlueResources.read(GlueResources.ABI_HEADER));
        Files.writeString(dir.resolve("layout.c"), layoutCheck());
        Path mpy = Testbed.get().micropythonSource();
        // py/dynruntime.mk generates the config header with mpy_ld.py --preprocess over the sources.
        NativeBuild.run(List.of("/usr/bin/python3", Testbed.get().referenceLinker().toString(), "--arch", "x64",
                "--preprocess", "-o", "layout.config.h", "layout.c"), dir);
        return Stream.of(NativeBuild.Arch.values()).map(arch -> DynamicTest.dynamicTest(
                "mpy_natmod.h matches MicroPython 1.25 on " + arch.id, () -> {
                    String floats = arch == NativeBuild.Arch.X64 || arch == NativeBuild.Arch.X86 ? "DOUBLE" : "FLOAT";
                    List<String> cmd = new ArrayList<>(List.of(arch.cc, "-std=c99", "-Wall", "-Werror", "-fpic",
                            "-fno-common", "-DNO_QSTR", "-DMICROPY_ENABLE_DYNRUNTIME",
                            "-DMP_CONFIGFILE=<layout.config.h>", "-DMICROPY_FLOAT_IMPL=MICROPY_FLOAT_IMPL_" + floats,
                            "-I", dir.toString(), "-I", mpy.toString()));
                    cmd.addAll(NativeBuild.cflags(arch, dir));
                    cmd.addAll(List.of("-c", "layout.c", "-o", "layout-" + arch.id + ".o"));
                    NativeBuild.run(cmd, dir);
                    assertThat(dir.resolve("layout-" + arch.id + ".o")).isNotEmptyFile();
                }));
    }

    @Test
    void aWrongOffsetFailsTheCheck(@TempDir Path dir) throws Exception {
        // The check is only worth something if it can fail: swap two entries and expect the compiler to object.
        String broken = GlueResources.read(GlueResources.ABI_HEADER).replace(
                "    void *new_list;                                                  /* 20 */\n    void *new_dict;\n",
                "    void *new_dict;\n    void *new_list;                                                  /* 20 */\n");
        assertThat(broken).isNotEqualTo(GlueResources.read(GlueResources.ABI_HEADER));
        Files.writeString(dir.resolve(GlueResources.ABI_HEADER), broken);
        Files.writeString(dir.resolve("layout.c"), layoutCheck());
        NativeBuild.run(List.of("/usr/bin/python3", Testbed.get().referenceLinker().toString(), "--arch", "x64",
                "--preprocess", "-o", "layout.config.h", "layout.c"), dir);
        Process p = new ProcessBuilder("gcc", "-std=c99", "-DNO_QSTR", "-DMICROPY_ENABLE_DYNRUNTIME",
                "-DMP_CONFIGFILE=<layout.config.h>", "-I", dir.toString(), "-I",
                Testbed.get().micropythonSource().toString(), "-c", "layout.c", "-o", "/dev/null")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isNotZero();
        assertThat(out).contains("new_list");
    }
}
