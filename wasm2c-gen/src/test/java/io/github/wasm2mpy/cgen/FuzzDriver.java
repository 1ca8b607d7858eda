package io.github.wasm2mpy.cgen;

import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.ValType;
import java.util.List;

/**
 * The C side of the differential fuzz test: a {@code main()} that runs a {@link FuzzPlan} against the module
 * translated with prefix {@code m} and prints the same trace as {@link ChicoryOracle}, line by line.
 */
final class FuzzDriver {
    /** The C prefix of the module under test. */
    static final String PREFIX = "m";

    private FuzzDriver() {
    }

    static String source(FuzzPlan plan) {
        StringBuilder c = new StringBuilder();
        c.append("/* The driver is not what is under test: compile it fast. */\n#pragma GCC optimize (\"O0\")\n");
        c.append("#include <inttypes.h>\n#include <stdio.h>\n#include \"w2m_host_default.h\"\n#include \"w2m_float.h\"\n");
        c.append("#include \"").append(PREFIX).append(".h\"\n\n");
        c.append(PRINTERS);
        c.append("static ").append(PREFIX).append("_instance inst;\n\n");
        List<FuzzPlan.Logger> loggers = plan.loggers();
        for (int i = 0; i < loggers.size(); i++) {
            List<ValType> params = loggers.get(i).type().params();
            c.append("static W2M_FN void log").append(i).append("(void *ctx");
            for (int a = 0; a < params.size(); a++) c.append(", ").append(ctype(params.get(a))).append(" a").append(a);
            c.append(") {\n  (void)ctx;\n  fputs(").append(CEmitter.cString("log " + loggers.get(i).name())).append(", stdout);\n");
            for (int a = 0; a < params.size(); a++) c.append("  put_").append(letter(params.get(a))).append("(a").append(a).append(");\n");
            c.append("  putchar('\\n');\n}\n\n");
        }
        c.append("int main(void) {\n  w2m_try_frame fr;\n  w2m_trap_code code;\n  setvbuf(stdout, NULL, _IOLBF, 0);\n");
        for (int i = 0; i < loggers.size(); i++) {
            c.append("  inst.w2m_imports[").append(i).append("] = (w2m_funcref){\"").append(Signatures.of(loggers.get(i).type()))
                    .append("\", (w2m_fn)log").append(i).append(", NULL};\n");
        }
        c.append("  code = W2M_TRY(fr);\n  if (code == W2M_TRAP_NONE) {\n    ").append(PREFIX).append("_instantiate(&inst);\n")
                .append("    w2m_try_end(&fr);\n  } else {\n    w2m_try_end(&fr);\n")
                .append("    printf(\"instantiate trap %s\\n\", w2m_trap_message(code));\n    return 0;\n  }\n");
        for (FuzzPlan.Call call : plan.calls()) call(c, plan, call);
        for (int g = 0; g < plan.globals().size(); g++) {
            ValType t = plan.globals().get(g).type();
            if (t == ValType.FUNCREF || t == ValType.EXTERNREF) {
                c.append("  puts(\"global ").append(g).append(' ').append(FuzzPlan.token(t, 0)).append("\");\n");
                continue;
            }
            c.append("  printf(\"global ").append(g).append("\");\n  put_").append(letter(t)).append("(inst.g")
                    .append(plan.firstGlobal() + g).append(");\n  putchar('\\n');\n");
        }
        if (plan.hasMemory()) c.append("  put_memory(inst.mem0);\n");
        c.append("  ").append(PREFIX).append("_free(&inst);\n  return 0;\n}\n");
        return c.toString();
    }

    /** One call: its line, then its result or trap. The hang limit is reset inside the same try. */
    private static void call(StringBuilder c, FuzzPlan plan, FuzzPlan.Call call) {
        FuncType t = call.type();
        c.append("  puts(").append(CEmitter.cString(call.line())).append(");\n");
        c.append("  code = W2M_TRY(fr);\n  if (code == W2M_TRAP_NONE) {\n");
        if (plan.hangLimitReset() != null) {
            c.append("    ").append(PREFIX).append("_x_").append(CNames.mangle(plan.hangLimitReset())).append("(&inst);\n");
        }
        StringBuilder invoke = new StringBuilder(PREFIX).append("_x_").append(CNames.mangle(call.export())).append("(&inst");
        for (int i = 0; i < call.args().size(); i++) invoke.append(", ").append(literal(t.params().get(i), call.args().get(i)));
        invoke.append(")");
        List<ValType> results = t.results();
        if (results.isEmpty()) {
            c.append("    ").append(invoke).append(";\n    w2m_try_end(&fr);\n    puts(\"result\");\n");
        } else {
            StringBuilder codes = new StringBuilder();
            for (ValType r : results) codes.append(letter(r));
            String type = results.size() == 1 ? ctype(results.get(0)) : "w2m_ret_" + codes;
            c.append("    ").append(type).append(" r = ").append(invoke).append(";\n    w2m_try_end(&fr);\n");
            c.append("    fputs(\"result\", stdout);\n");
            for (int i = 0; i < results.size(); i++) {
                c.append("    put_").append(letter(results.get(i))).append(results.size() == 1 ? "(r);\n" : "(r.r" + i + ");\n");
            }
            c.append("    putchar('\\n');\n");
        }
        c.append("  } else {\n    w2m_try_end(&fr);\n    inst.w2m_depth = 0;\n")
                .append("    printf(\"trap %s\\n\", w2m_trap_message(code));\n  }\n");
    }

    private static char letter(ValType t) {
        return Signatures.code(t);
    }

    private static String ctype(ValType t) {
        return SpecDriver.ctype(letter(t));
    }

    private static String literal(ValType t, long bits) {
        return switch (t) {
            case I32 -> Long.toUnsignedString(bits & 0xffffffffL) + "u";
            case I64 -> "UINT64_C(" + Long.toUnsignedString(bits) + ")";
            case F32 -> "w2m_f32_from_bits(" + Long.toUnsignedString(bits & 0xffffffffL) + "u)";
            case F64 -> "w2m_f64_from_bits(UINT64_C(" + Long.toUnsignedString(bits) + "))";
            default -> throw new IllegalArgumentException("argument of type " + t);
        };
    }

    /** Value printers matching {@link FuzzPlan#token}, and the memory digest matching {@link FuzzPlan#fnv1a}. */
    private static final String PRINTERS = """
            static void put_i(u32 v) { printf(" i32:%" PRIu32, v); }
            static void put_j(u64 v) { printf(" i64:%" PRIu64, v); }
            static W2M_FN void put_f(f32 v) {
              u32 b = w2m_f32_bits(v);
              if ((b & 0x7fffffffu) > 0x7f800000u) fputs(" f32:nan", stdout); else printf(" f32:%08" PRIx32, b);
            }
            static W2M_FN void put_d(f64 v) {
              u64 b = w2m_f64_bits(v);
              if ((b & UINT64_C(0x7fffffffffffffff)) > UINT64_C(0x7ff0000000000000)) fputs(" f64:nan", stdout);
              else printf(" f64:%016" PRIx64, b);
            }
            static void put_memory(w2m_memory *m) {
              u64 h = UINT64_C(0xcbf29ce484222325);
              u8 buf[4096];
              for (u32 a = 0; a < m->size; a += sizeof buf) {
                u32 n = m->size - a < sizeof buf ? m->size - a : (u32)sizeof buf;
                w2m_memory_read(m, a, buf, n);
                for (u32 i = 0; i < n; i++) { h ^= buf[i]; h *= UINT64_C(0x100000001b3); }
              }
              printf("memory %" PRIu32 " %016" PRIx64 "\\n", m->pages, h);
            }

            """;
}
