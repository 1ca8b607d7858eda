package io.github.wasm2mpy.cgen;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wasm2mpy.model.Export;
import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.GlobalType;
import io.github.wasm2mpy.model.Import;
import io.github.wasm2mpy.model.Limits;
import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.TableType;
import io.github.wasm2mpy.model.ValType;
import io.github.wasm2mpy.model.validation.ValidatedModule;
import io.github.wasm2mpy.model.validation.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one wast2json script into C: each module translated with its own prefix, and a driver whose main()
 * runs every command in order and prints {@code PASS <line>} or {@code FAIL <line> <why>} per command.
 * Commands the C cannot decide (link errors) are decided here and printed by the driver as constants.
 */
final class SpecDriver {
    /** A command the driver reports on, with the JUnit display name. */
    record Command(int line, String name, boolean skipped) {}

    private final Path jsonDir;
    private final CodegenOptions options;
    final List<Command> commands = new ArrayList<>();
    final List<Path> sources = new ArrayList<>();
    private final StringBuilder main = new StringBuilder();
    private final StringBuilder decls = new StringBuilder();
    private final Map<String, Integer> named = new HashMap<>();
    private final Map<String, Integer> registered = new HashMap<>();
    private final List<Module> binaries = new ArrayList<>();
    private final List<Integer> liveInstances = new ArrayList<>();
    private int current = -1;
    private int moduleCount;
    private final String file;

    SpecDriver(String file, Path jsonDir, CodegenOptions options) {
        this.file = file;
        this.jsonDir = jsonDir;
        this.options = options;
    }

    /** Writes module C and driver.c into {@code outDir}; returns the C files to compile. */
    List<Path> generate(JsonNode script, Path outDir) throws Exception {
        Files.createDirectories(outDir);
        for (JsonNode cmd : script.get("commands")) command(cmd, outDir);
        StringBuilder c = new StringBuilder();
        c.append("/* The driver is not what is under test: compile it fast. */\n#pragma GCC optimize (\"O0\")\n");
        c.append("#include <stdio.h>\n#include <string.h>\n#include \"w2m_host_default.h\"\n");
        for (int m = 0; m < moduleCount; m++) if (binaries.get(m) != null) c.append("#include \"m").append(m).append(".h\"\n");
        c.append(SPECTEST);
        c.append(decls);
        c.append("\nstatic void reset_depths(void) {\n");
        for (int m : liveInstances) c.append("  inst").append(m).append(".w2m_depth = 0;\n");
        // As in the reference interpreter, the expected text is a prefix of the trap's message; its texts may also
        // add a detail ("uninitialized element 2") that the runtime's fixed messages do not carry.
        c.append("}\n\nstatic int trap_is(w2m_trap_code code, const char *text) {\n")
                .append("  const char *m = w2m_trap_message(code);\n  size_t nm = strlen(m), nt = strlen(text);\n")
                .append("  if (nt <= nm) return strncmp(m, text, nt) == 0;\n")
                .append("  return strncmp(m, text, nm) == 0 && text[nm] == ' ';\n}\n");
        c.append("\nint main(void) {\n  w2m_try_frame fr;\n  w2m_trap_code code;\n  setvbuf(stdout, NULL, _IOLBF, 0);\n  spectest_init();\n");
        c.append(main);
        c.append("  return 0;\n}\n");
        Path driver = outDir.resolve("driver.c");
        Files.writeString(driver, c.toString());
        List<Path> all = new ArrayList<>(sources);
        all.add(driver);
        return all;
    }

    private void command(JsonNode cmd, Path outDir) throws Exception {
        String type = cmd.get("type").asText();
        int line = cmd.get("line").asInt();
        switch (type) {
            case "module" -> module(cmd, line, outDir, null);
            case "register" -> {
                int m = cmd.has("name") ? named.getOrDefault(cmd.get("name").asText(), -1) : current;
                registered.put(cmd.get("as").asText(), m);
            }
            case "assert_return", "action" -> action(cmd, line, type);
            case "assert_trap", "assert_exhaustion" -> action(cmd, line, type);
            case "assert_uninstantiable" -> module(cmd, line, outDir, "assert_uninstantiable");
            case "assert_unlinkable" -> module(cmd, line, outDir, "assert_unlinkable");
            case "assert_malformed", "assert_invalid" -> rejected(cmd, line, type);
            default -> throw new IllegalStateException("unknown command " + type);
        }
    }

    /**
     * A binary module the emitter must refuse (wasm-model's validator decides). Text-format cases test the wat
     * parser, which is wabt's, so they are skipped.
     */
    private void rejected(JsonNode cmd, int line, String type) throws Exception {
        String wasmFile = cmd.get("filename").asText();
        boolean binary = "binary".equals(cmd.path("module_type").asText()) || wasmFile.endsWith(".wasm");
        if (!binary) {
            commands.add(new Command(line, name(line, type, wasmFile), true));
            return;
        }
        commands.add(new Command(line, name(line, type, wasmFile), false));
        try {
            CEmitter.emit(wasmFile, Files.readAllBytes(jsonDir.resolve(wasmFile)), options);
            fail(line, "translated a module the spec rejects");
        } catch (CodegenException e) {
            pass(line);
        }
    }

    private String name(int line, String kind, String detail) {
        return file + ":" + line + " " + kind + (detail == null ? "" : "(" + detail + ")");
    }

    private void pass(int line) { main.append("  printf(\"PASS ").append(line).append("\\n\");\n"); }

    private void fail(int line, String why) {
        main.append("  printf(\"FAIL ").append(line).append(" %s\\n\", ").append(CEmitter.cString(why)).append(");\n");
    }

    private void module(JsonNode cmd, int line, Path outDir, String assertion) throws Exception {
        int m = moduleCount++;
        String wasmFile = cmd.get("filename").asText();
        Module bin;
        CSources c;
        try {
            ValidatedModule valid = Validator.read(Files.readAllBytes(jsonDir.resolve(wasmFile)));
            bin = valid.module();
            c = CEmitter.emit(wasmFile, valid, options.toBuilder().prefix("m" + m).build());
        } catch (RuntimeException e) {
            binaries.add(null);
            commands.add(new Command(line, name(line, assertion == null ? "module" : assertion, wasmFile), false));
            fail(line, "translation failed: " + e.getMessage());
            if (assertion == null) current = -1;
            return;
        }
        binaries.add(bin);
        c.writeTo(outDir);
        sources.add(outDir.resolve("m" + m + ".c"));
        String linkError = link(m, bin);
        String kind = assertion == null ? "module" : assertion;
        commands.add(new Command(line, name(line, kind, wasmFile), false));
        String sizesOk = runtimeChecks.isEmpty() ? "1" : String.join(" && ", runtimeChecks);
        if ("assert_unlinkable".equals(assertion)) {
            if (linkError != null) {
                pass(line);
            } else {
                main.append("  if (!(").append(sizesOk).append(")) {\n  ");
                pass(line);
                main.append("  } else {\n  ");
                fail(line, "linked");
                main.append("  }\n");
            }
            return;
        }
        if (linkError != null) {
            fail(line, "link: " + linkError);
            if (assertion == null) current = -1;
            return;
        }
        decls.append("static m").append(m).append("_instance inst").append(m).append(";\n");
        liveInstances.add(m);
        main.append("  if (!(").append(sizesOk).append(")) {\n  ");
        fail(line, "link: imported memory or table too small");
        main.append("  } else {\n");
        main.append("  code = W2M_TRY(fr);\n  if (code == W2M_TRAP_NONE) {\n").append(importCode.toString())
                .append("    m").append(m).append("_instantiate(&inst").append(m).append(");\n    w2m_try_end(&fr);\n");
        if ("assert_uninstantiable".equals(assertion)) {
            fail(line, "instantiated");
            main.append("  } else {\n    w2m_try_end(&fr); reset_depths();\n");
            expectedTrap(cmd, line);
            main.append("  }\n  }\n");
        } else {
            pass(line);
            main.append("  } else {\n    w2m_try_end(&fr); reset_depths();\n");
            main.append("    printf(\"FAIL ").append(line).append(" trap in instantiation: %s\\n\", w2m_trap_message(code));\n  }\n  }\n");
            current = m;
            if (cmd.has("name")) named.put(cmd.get("name").asText(), m);
        }
    }

    private final StringBuilder importCode = new StringBuilder();

    /** Resolves the imports of module m into C assignments (importCode); returns why linking fails, or null. */
    private final List<String> runtimeChecks = new ArrayList<>();

    private String link(int m, Module bin) {
        importCode.setLength(0);
        runtimeChecks.clear();
        String inst = "inst" + m;
        int[] countsByKind = new int[4];
        for (Import imp : bin.imports()) {
            // The index of what this import brings in, in its kind's index space.
            int index = countsByKind[imp.kind().ordinal()]++;
            if (imp.module().equals("spectest")) {
                String err = spectest(inst, bin, imp, index);
                if (err != null) return err;
                continue;
            }
            Integer from = registered.get(imp.module());
            if (from == null || from < 0 || binaries.get(from) == null) return "unknown module " + imp.module();
            Module exp = binaries.get(from);
            Export e = exp.exports().stream().filter(x -> x.name().equals(imp.name())).findFirst().orElse(null);
            if (e == null) return "unknown import " + imp.module() + "." + imp.name();
            if (e.kind() != imp.kind()) return "incompatible import type";
            String src = "&inst" + from;
            String mangled = CNames.mangle(imp.name());
            switch (imp.kind()) {
                case FUNCTION -> {
                    String want = Signatures.of(bin.functionType(index));
                    String have = Signatures.of(exp.functionType(e.index()));
                    if (!want.equals(have)) return "incompatible import type";
                    importCode.append("    ").append(inst).append(".w2m_imports[").append(index).append("] = (w2m_funcref){\"")
                            .append(have).append("\", (w2m_fn)m").append(from).append("_x_").append(mangled).append(", ").append(src).append("};\n");
                }
                case GLOBAL -> {
                    GlobalType want = bin.allGlobals().get(index);
                    GlobalType have = exp.allGlobals().get(e.index());
                    if (want.type() != have.type() || want.mutable() != have.mutable()) return "incompatible import type";
                    importCode.append("    ").append(inst).append(".g").append(index).append(" = m").append(from)
                            .append("_global_").append(mangled).append("(").append(src).append(");\n");
                }
                case MEMORY -> {
                    Limits want = bin.allMemories().get(index).limits();
                    Limits have = exp.allMemories().get(e.index()).limits();
                    // The exporter's current size may exceed its declared minimum: the minimum is checked in C.
                    if (!limitsMatch(0, max(want), have.min(), max(have))) return "incompatible import type";
                    runtimeChecks.add("m" + from + "_memory_" + mangled + "(" + src + ")->pages >= " + want.min() + "u");
                    importCode.append("    ").append(inst).append(".mem").append(index).append(" = m").append(from)
                            .append("_memory_").append(mangled).append("(").append(src).append(");\n");
                }
                default -> {
                    TableType want = bin.allTables().get(index);
                    TableType have = exp.allTables().get(e.index());
                    if (want.elementType() != have.elementType()
                            || !limitsMatch(0, max(want.limits()), have.limits().min(), max(have.limits()))) {
                        return "incompatible import type";
                    }
                    runtimeChecks.add("m" + from + "_table_" + mangled + "(" + src + ")->size >= " + want.limits().min() + "u");
                    importCode.append("    ").append(inst).append(".tab").append(index).append(" = m").append(from)
                            .append("_table_").append(mangled).append("(").append(src).append(");\n");
                }
            }
        }
        return null;
    }

    /** The maximum of {@code limits}, or -1 when unbounded. */
    private static long max(Limits limits) {
        return limits.max().orElse(-1);
    }

    private static boolean limitsMatch(long wantMin, long wantMax, long haveMin, long haveMax) {
        if (haveMin < wantMin) return false;
        if (wantMax < 0) return true;
        return haveMax >= 0 && haveMax <= wantMax;
    }

    private String spectest(String inst, Module bin, Import imp, int index) {
        switch (imp.kind()) {
            case FUNCTION -> {
                String sig = Signatures.of(bin.functionType(index));
                String fn = switch (imp.name()) {
                    case "print" -> ">";
                    case "print_i32" -> "i>";
                    case "print_i64" -> "j>";
                    case "print_f32" -> "f>";
                    case "print_f64" -> "d>";
                    case "print_i32_f32" -> "if>";
                    case "print_f64_f64" -> "dd>";
                    default -> null;
                };
                if (fn == null) return "unknown import spectest." + imp.name();
                if (!fn.equals(sig)) return "incompatible import type";
                importCode.append("    ").append(inst).append(".w2m_imports[").append(index).append("] = (w2m_funcref){\"")
                        .append(sig).append("\", (w2m_fn)spectest_").append(imp.name()).append(", NULL};\n");
            }
            case GLOBAL -> {
                GlobalType g = bin.allGlobals().get(index);
                String want = switch (imp.name()) {
                    case "global_i32" -> "i";
                    case "global_i64" -> "j";
                    case "global_f32" -> "f";
                    case "global_f64" -> "d";
                    default -> null;
                };
                if (want == null) return "unknown import spectest." + imp.name();
                if (g.mutable() || Signatures.code(g.type()) != want.charAt(0)) return "incompatible import type";
                importCode.append("    ").append(inst).append(".g").append(index).append(" = &spectest_")
                        .append(imp.name()).append(";\n");
            }
            case MEMORY -> {
                if (!imp.name().equals("memory")) return "unknown import spectest." + imp.name();
                Limits want = bin.allMemories().get(index).limits();
                if (!limitsMatch(want.min(), max(want), 1, 2)) return "incompatible import type";
                importCode.append("    ").append(inst).append(".mem").append(index).append(" = &spectest_memory;\n");
            }
            default -> {
                if (!imp.name().equals("table")) return "unknown import spectest." + imp.name();
                TableType want = bin.allTables().get(index);
                if (want.elementType() != ValType.FUNCREF || !limitsMatch(want.limits().min(), max(want.limits()), 10, 20)) {
                    return "incompatible import type";
                }
                importCode.append("    ").append(inst).append(".tab").append(index).append(" = &spectest_table;\n");
            }
        }
        return null;
    }

    private void action(JsonNode cmd, int line, String type) {
        JsonNode action = cmd.get("action");
        String field = action.get("field").asText();
        String detail = field;
        int m = action.has("module") ? named.getOrDefault(action.get("module").asText(), -1) : current;
        commands.add(new Command(line, name(line, type, detail), false));
        if (m < 0 || binaries.get(m) == null) {
            fail(line, "no module instance");
            return;
        }
        Module bin = binaries.get(m);
        Export e = bin.exports().stream().filter(x -> x.name().equals(field)).findFirst().orElse(null);
        if (e == null) { fail(line, "no export " + field); return; }
        String mangled = CNames.mangle(field);
        StringBuilder call = new StringBuilder();
        List<Character> resultTypes = new ArrayList<>();
        if (action.get("type").asText().equals("get")) {
            call.append("*m").append(m).append("_global_").append(mangled).append("(&inst").append(m).append(")");
            resultTypes.add(Signatures.code(bin.allGlobals().get(e.index()).type()));
        } else {
            FuncType t = bin.functionType(e.index());
            call.append("m").append(m).append("_x_").append(mangled).append("(&inst").append(m);
            for (JsonNode a : action.get("args")) call.append(", ").append(value(a));
            call.append(")");
            for (ValType r : t.results()) resultTypes.add(Signatures.code(r));
        }
        JsonNode expected = cmd.get("expected");
        main.append("  code = W2M_TRY(fr);\n  if (code == W2M_TRAP_NONE) {\n");
        boolean expectTrap = type.equals("assert_trap") || type.equals("assert_exhaustion");
        if (resultTypes.isEmpty()) {
            main.append("    ").append(call).append(";\n    w2m_try_end(&fr);\n");
        } else if (resultTypes.size() == 1) {
            main.append("    ").append(ctype(resultTypes.get(0))).append(" r = ").append(call).append(";\n    w2m_try_end(&fr);\n");
        } else {
            StringBuilder s = new StringBuilder("w2m_ret_");
            for (char ch : resultTypes) s.append(ch);
            main.append("    ").append(s).append(" r = ").append(call).append(";\n    w2m_try_end(&fr);\n");
        }
        if (expectTrap) {
            fail(line, "returned instead of trapping");
        } else if (type.equals("action") || expected == null) {
            main.append("    (void)0;\n");
            pass(line);
        } else {
            StringBuilder cond = new StringBuilder("1");
            for (int i = 0; i < expected.size(); i++) {
                String r = resultTypes.size() == 1 ? "r" : "r.r" + i;
                cond.append(" && ").append(check(expected.get(i), r));
            }
            if (expected.size() != resultTypes.size()) cond.append(" && 0");
            main.append(resultTypes.isEmpty() ? "" : "    (void)r;\n").append("    if (").append(cond).append(") {\n  ");
            pass(line);
            main.append("    } else {\n  ");
            fail(line, "wrong result");
            main.append("    }\n");
        }
        main.append("  } else {\n    w2m_try_end(&fr); reset_depths();\n");
        if (type.equals("assert_exhaustion")) {
            main.append("    if (code == W2M_TRAP_EXHAUSTION) {\n  ");
            pass(line);
            main.append("    } else {\n  ");
            fail(line, "wrong trap");
            main.append("    }\n");
        } else if (expectTrap) {
            expectedTrap(cmd, line);
        } else {
            main.append("    printf(\"FAIL ").append(line).append(" trapped: %s\\n\", w2m_trap_message(code));\n");
        }
        main.append("  }\n");
    }

    /** Inside the trapped branch: passes when the trap's message is the command's expected text. */
    private void expectedTrap(JsonNode cmd, int line) {
        String text = cmd.path("text").asText("");
        main.append("    if (trap_is(code, ").append(CEmitter.cString(text)).append(")) {\n  ");
        pass(line);
        main.append("    } else {\n  ");
        main.append("    printf(\"FAIL ").append(line).append(" wrong trap: %s, expected %s\\n\", w2m_trap_message(code), ")
                .append(CEmitter.cString(text)).append(");\n");
        main.append("    }\n");
    }

    static String ctype(char c) {
        return switch (c) {
            case 'i' -> "u32";
            case 'j' -> "u64";
            case 'f' -> "f32";
            case 'd' -> "f64";
            default -> "void *";
        };
    }

    private static String value(JsonNode a) {
        String t = a.get("type").asText();
        String v = a.get("value").asText();
        return switch (t) {
            case "i32" -> Long.parseUnsignedLong(v) + "u";
            case "i64" -> "UINT64_C(" + v + ")";
            case "f32" -> "w2m_f32_from_bits(" + Long.parseUnsignedLong(v) + "u)";
            case "f64" -> "w2m_f64_from_bits(UINT64_C(" + v + "))";
            case "externref" -> v.equals("null") ? "NULL" : "(void *)(uintptr_t)(" + v + "u + 1u)";
            case "funcref" -> "NULL";
            default -> throw new IllegalArgumentException("unsupported value type " + t);
        };
    }

    private static String check(JsonNode e, String r) {
        String t = e.get("type").asText();
        String v = e.has("value") ? e.get("value").asText() : null;
        return switch (t) {
            case "i32" -> "(" + r + " == " + Long.parseUnsignedLong(v) + "u)";
            case "i64" -> "(" + r + " == UINT64_C(" + v + "))";
            case "f32" -> switch (v) {
                case "nan:canonical" -> "((w2m_f32_bits(" + r + ") & 0x7fffffffu) == 0x7fc00000u)";
                case "nan:arithmetic" -> "((w2m_f32_bits(" + r + ") & 0x7fc00000u) == 0x7fc00000u)";
                default -> "(w2m_f32_bits(" + r + ") == " + Long.parseUnsignedLong(v) + "u)";
            };
            case "f64" -> switch (v) {
                case "nan:canonical" -> "((w2m_f64_bits(" + r + ") & UINT64_C(0x7fffffffffffffff)) == UINT64_C(0x7ff8000000000000))";
                case "nan:arithmetic" -> "((w2m_f64_bits(" + r + ") & UINT64_C(0x7ff8000000000000)) == UINT64_C(0x7ff8000000000000))";
                default -> "(w2m_f64_bits(" + r + ") == UINT64_C(" + v + "))";
            };
            case "externref" -> v == null ? "(" + r + " != NULL)" : v.equals("null") ? "(" + r + " == NULL)"
                    : "(" + r + " == (void *)(uintptr_t)(" + v + "u + 1u))";
            case "funcref" -> v == null ? "(" + r + " != NULL)" : v.equals("null") ? "(" + r + " == NULL)" : "(" + r + " != NULL)";
            default -> "0";
        };
    }

    private static final String SPECTEST = """

            /* The spectest host module. */
            static u32 spectest_global_i32 = 666;
            static u64 spectest_global_i64 = 666;
            static f32 spectest_global_f32 = 666.6f;
            static f64 spectest_global_f64 = 666.6;
            static w2m_memory spectest_memory;
            static w2m_table spectest_table;
            static W2M_FN void spectest_print(void *c) { (void)c; }
            static W2M_FN void spectest_print_i32(void *c, u32 a) { (void)c; (void)a; }
            static W2M_FN void spectest_print_i64(void *c, u64 a) { (void)c; (void)a; }
            static W2M_FN void spectest_print_f32(void *c, f32 a) { (void)c; (void)a; }
            static W2M_FN void spectest_print_f64(void *c, f64 a) { (void)c; (void)a; }
            static W2M_FN void spectest_print_i32_f32(void *c, u32 a, f32 b) { (void)c; (void)a; (void)b; }
            static W2M_FN void spectest_print_f64_f64(void *c, f64 a, f64 b) { (void)c; (void)a; (void)b; }
            static void spectest_init(void) {
              w2m_memory_init(&spectest_memory, 1, 2, 65536);
              w2m_table_init(&spectest_table, 10, 20);
              (void)spectest_print; (void)spectest_print_i32; (void)spectest_print_i64; (void)spectest_print_f32;
              (void)spectest_print_f64; (void)spectest_print_i32_f32; (void)spectest_print_f64_f64;
            }
            """;
}
