package io.github.wasm2mpy.bindings;

import static io.github.wasm2mpy.cgen.Signatures.code;

import io.github.wasm2mpy.bindings.BuiltinImports.Builtin;
import io.github.wasm2mpy.bindings.ModuleInterface.FunctionExport;
import io.github.wasm2mpy.bindings.ModuleInterface.FunctionImport;
import io.github.wasm2mpy.cgen.Signatures;
import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.ValType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the glue C file: one small wrapper per export (the nlr guard that turns a trap into a Python exception
 * after restoring the instance, around the call), one trampoline per import (a built-in or the Python callable
 * bound to it), instantiation, {@code bind}/{@code reset}/{@code instantiate}, and {@code mpy_init}.
 *
 * <p>Size matters more than speed here, since every module carries the glue: argument and result conversions,
 * calls to Python and error messages are shared code driven by each function's signature string ({@code "ij>f"}),
 * messages are formatted at run time from one format string and the names the module already holds (qstrs, the
 * import name table), and the parts of {@code w2m_mpy_host.h} a module does not use are configured out. The
 * output depends only on the inputs (no hash order, no dates).
 */
final class GlueWriter {
    /** bind()'s error for a key that is not an import; the import names follow. */
    private static final String BIND_ERROR = "bind(): unknown import name; this module imports ";

    private final ModuleInterface module;
    private final CModuleInfo c;
    private final BindingOptions options;
    private final Map<String, String> attributes;
    private final QstrTable qstrs;
    private final Set<TrapKinds.Kind> traps;
    private final boolean memoryGrows;
    private final List<Optional<Builtin>> builtins = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();

    GlueWriter(ModuleInterface module, CModuleInfo c, BindingOptions options, Map<String, String> attributes,
            QstrTable qstrs, Set<TrapKinds.Kind> traps, boolean memoryGrows) {
        this.module = module;
        this.memoryGrows = memoryGrows;
        this.traps = Set.copyOf(traps);
        this.c = c;
        this.options = options;
        this.attributes = attributes;
        this.qstrs = qstrs;
        for (FunctionImport imp : module.functionImports()) {
            builtins.add(options.builtins() ? BuiltinImports.find(imp.qualifiedName()) : Optional.empty());
        }
        qstrs.use("RuntimeError"); // w2m_trap
        qstrs.use("ValueError"); // bind()
        if (!module.functionImports().isEmpty()) {
            qstrs.use("get"); // bind()
        }
    }

    /** Every value type of the signatures Python sees: export and import functions and exported globals. */
    private Set<ValType> valueTypes() {
        Set<ValType> types = EnumSet.noneOf(ValType.class);
        for (FunctionExport e : module.functionExports()) {
            types.addAll(e.type().params());
            types.addAll(e.type().results());
        }
        for (FunctionImport i : module.functionImports()) {
            types.addAll(i.type().params());
            types.addAll(i.type().results());
        }
        module.globalExports().forEach(g -> types.add(g.type().type()));
        return types;
    }

    /** Whether Python values are ever converted to wasm: export arguments, import results, globals, table indices. */
    private boolean convertsToWasm() {
        return module.functionExports().stream().anyMatch(e -> !e.type().params().isEmpty())
                || module.functionImports().stream().anyMatch(i -> !i.type().results().isEmpty())
                || module.globalExports().stream().anyMatch(g -> g.type().mutable())
                || !module.tableExports().isEmpty();
    }

    /** The configuration macros of w2m_mpy_host.h: what this module uses of it. */
    private List<String> hostMacros() {
        List<String> macros = new ArrayList<>();
        int maxValues = 1;
        for (FunctionExport e : module.functionExports()) {
            maxValues = Math.max(maxValues, Math.max(e.type().params().size(), e.type().results().size()));
        }
        for (FunctionImport i : module.functionImports()) {
            maxValues = Math.max(maxValues, i.type().params().size());
        }
        macros.add("W2M_MPY_MAX_VALUES " + maxValues);
        if (module.functionExports().stream().anyMatch(e -> e.type().results().size() > 1)) {
            macros.add("W2M_MPY_MULTI_VALUE 1");
        }
        Set<ValType> types = valueTypes();
        if (types.contains(ValType.I64)) {
            macros.add("W2M_MPY_I64 1");
        }
        if (types.contains(ValType.F32)) {
            macros.add("W2M_MPY_F32 1");
        }
        if (types.contains(ValType.F64)) {
            macros.add("W2M_MPY_F64 1");
        }
        if (convertsToWasm()) {
            macros.add("W2M_MPY_TO_WASM 1");
            qstrs.use("TypeError");
            qstrs.use("OverflowError");
            qstrs.use("int");
        }
        if (c.memory().isPresent() && !module.memoryExports().isEmpty()) {
            // the memory attributes: a bytearray, or for a lazily committed memory the glue's memory object
            macros.add("W2M_MPY_MEMORY 1");
            List.of("TypeError", "ValueError", "IndexError").forEach(qstrs::use);
        }
        if (!module.tableExports().isEmpty()) {
            macros.add("W2M_MPY_TABLES 1");
            qstrs.use("IndexError");
        }
        String calls = builtins.stream().flatMap(Optional::stream).map(Builtin::call).collect(Collectors.joining(" "));
        if (calls.matches(".*(w2m_wiring_millis|w2m_wiring_delay|w2m_wasi_clock_time_get|w2m_wasi_random_get).*")) {
            macros.add("W2M_MPY_TIME 1");
            List.of("time", "ticks_ms", "sleep_ms").forEach(qstrs::use);
        }
        if (calls.matches(".*(w2m_wiring_pin_mode|w2m_wiring_digital_write).*")) {
            macros.add("W2M_MPY_PIN 1");
            List.of("machine", "Pin", "IN", "OUT", "value").forEach(qstrs::use);
        }
        if (calls.contains("w2m_wasi_proc_exit")) {
            macros.add("W2M_MPY_PROC_EXIT 1");
            qstrs.use("SystemExit");
        }
        return macros;
    }

    String write(String qstrHeader) {
        int nImports = module.functionImports().size();
        line("/* " + options.pythonModule() + "_glue.c: MicroPython bindings of " + module.moduleName()
                + ", generated by wasm2mpy. Do not edit. */");
        line("");
        line("/*");
        line(" * The glue is not hot (conversions, bind, instantiation): it is built for size even in speed builds. Without");
        line(" * tree tail merging, which under -Os makes w2m_mem_realloc and a few other helpers larger, not smaller.");
        line(" */");
        line("#if defined(__GNUC__) && !defined(__clang__)");
        line("#pragma GCC optimize(\"Os\", \"no-tree-tail-merge\")");
        line("#endif");
        line("");
        for (String macro : hostMacros()) {
            line("#define " + macro);
        }
        line("/* The messages of the traps this module can raise, each after its w2m_trap_code; 0xff ends the list. */");
        line("#define W2M_MPY_TRAP_NAMES " + trapNames());
        line("/* The module's object defines the lazy-memory helpers the glue shares with it (w2m_memory_span, ...). */");
        line("#define W2M_RT_SHARED_EXTERN 1");
        // The module's header first: it tells w2m_rt.h what kind of memory the module has (W2M_CONTIGUOUS_MEMORY).
        line("#include \"" + c.header() + "\"");
        line("#include \"" + qstrHeader + "\"");
        line("#include \"" + GlueResources.HOST_HEADER + "\"");
        line("");
        line("/* An import as the instance calls it: the trampoline's context is this, which leads to the state and the index. */");
        line("typedef struct glue_import_ref {");
        line("    w2m_funcref ref;");
        line("    struct glue_state *s;");
        line("} glue_import_ref;");
        line("");
        line("typedef struct glue_state {");
        line("    " + c.instanceType() + " instance;");
        line("    w2m_mpy_env env;");
        line("    mpn_obj_t hosts[" + Math.max(1, nImports) + "];         /* callables bound by bind(); MPN_NULL when unbound */");
        line("    glue_import_ref refs[" + Math.max(1, nImports) + "];");
        line("} glue_state;");
        line("");
        line("/*");
        line(" * The live instance's address, negated so the conservative GC does not see it (and 0 is no instance): the");
        line(" * module's .bss is kept for as long as its code, which outlives the module, and a plain pointer would keep an");
        line(" * unloaded module's instance (its whole memory) alive forever. What keeps it alive is the module's globals");
        line(" * (_w2m_state), which every function object holds. A word of w2m_mpy_globals, which lives in .bss.");
        line(" */");
        line("#define glue_hidden_state (W2M_MPY_GLOBALS.hidden_state)");
        line("");
        line("static glue_state *glue_live(void) { return (glue_state *)(0 - glue_hidden_state); }");
        line("");
        line("/*");
        line(" * The C built with singleInstance runs on the instance W2M_LIVE_INST holds: wasm entered from Python, or going");
        line(" * on after a Python callable (which may have made or entered another instance), runs on s's.");
        line(" */");
        line("#ifdef W2M_LIVE_INST");
        line("#define glue_run_on(s) (W2M_LIVE_INST = 0 - (uintptr_t)&(s)->instance)");
        line("#else");
        line("#define glue_run_on(s) ((void)0)");
        line("#endif");
        line("");
        if (nImports > 0) {
            List<byte[]> names = module.functionImports().stream()
                    .map(i -> i.qualifiedName().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
            List<String> ends = new ArrayList<>();
            int end = 0;
            for (byte[] name : names) {
                end += name.length;
                ends.add(Integer.toString(end));
                end += 2;
            }
            line("/*");
            line(" * bind()'s error, which ends with the imports' module.field names in import order joined by \", \", and where");
            line(" * each name ends: bind() keys and messages. A plain string: raising it needs no formatting.");
            line(" */");
            line("static const char glue_bind_error[] = " + cString(BIND_ERROR + module.functionImports().stream()
                    .map(FunctionImport::qualifiedName).collect(Collectors.joining(", "))) + ";");
            line("#define glue_import_names (glue_bind_error + " + BIND_ERROR.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + ")");
            line("static const uint16_t glue_import_ends[] = {" + String.join(", ", ends) + "};");
            line("");
            line("/* Import index's name: returns where it starts, its length in *len. */");
            line("static const char *glue_import_name(unsigned index, int *len) {");
            line("    unsigned start = index == 0 ? 0 : glue_import_ends[index - 1] + 2u;");
            line("    *len = (int)(glue_import_ends[index] - start);");
            line("    return glue_import_names + start;");
            line("}");
            line("");
        }
        writeAfterCall();
        writeFrame();
        if (nImports > 0) {
            writeImportCall();
            writeTrampolines();
        }
        int e = 0;
        for (FunctionExport export : module.functionExports()) {
            writeExport(e++, export);
        }
        e = 0;
        for (ModuleInterface.TableExport table : module.tableExports()) {
            writeTable(e++, table);
        }
        writeInstantiate();
        writeBind();
        writeDefine();
        writeInit();
        return out.toString();
    }

    private boolean publishesMemory() {
        return c.memory().isPresent() && !module.memoryExports().isEmpty();
    }

    /**
     * glue_publish (the memory attributes of a fresh instance) and glue_after_call (what a call into wasm may have
     * changed: a memory that grew or moved, the exported globals). A lazy memory's object is published once and
     * always sees the live memory; a memory without memory.grow never changes: after_call skips both.
     */
    private void writeAfterCall() {
        if (publishesMemory()) {
            List<String> names = new ArrayList<>();
            names.add(qstrs.use("_memory"));
            for (String m : module.memoryExports()) {
                names.add(qstrs.use(attributes.get(m)));
            }
            line("/* Points the memory attributes at the live memory. */");
            line("static void glue_publish(glue_state *s) {");
            line("    mpn_qstr names[" + names.size() + "] = {" + String.join(", ", names) + "};");
            line("#ifdef W2M_MEM0_LAZY");
            line("    w2m_mpy_publish_lazy_memory(&s->env, " + memory("s") + ", s, " + qstrs.use("memory") + ", names, "
                    + names.size() + ");");
            line("#else");
            line("    w2m_mpy_publish_" + (memoryGrows ? "" : "fixed_") + "memory(&s->env, " + memory("s") + ", names, "
                    + names.size() + ");");
            line("#endif");
            line("}");
            line("");
        }
        line("/* What a call into wasm may have changed: " + (memoryGrows ? "a memory that grew or moved, " : "")
                + "the exported globals. */");
        line("static void glue_after_call(glue_state *s) {");
        line("    (void)s;");
        if (publishesMemory() && memoryGrows) {
            line("#ifndef W2M_MEM0_LAZY");
            line("    glue_publish(s);");
            line("#endif");
        }
        for (ModuleInterface.GlobalExport g : module.globalExports()) {
            line("    w2m_mpy_set_attr(&s->env, " + qstrs.use(attributes.get(g.name())) + ", "
                    + fromWasm(g.type().type(), "*" + c.globalFunctions().get(g.name()) + "(&s->instance)") + ");");
        }
        line("}");
        line("");
    }

    /** What every export wrapper shares: argument conversion, the nlr frame, restoring the instance, results. */
    private void writeFrame() {
        String depth = c.callDepth().map(d -> CModuleInfo.expand(d, "(&f->s->instance)")).orElse(null);
        line("/* One call from Python into wasm: its nlr buffer, its instance and the values in and out. */");
        line("typedef struct glue_frame {");
        line("    mpn_nlr_buf_t nlr;");
        line("    glue_state *s;");
        line("    u32 depth;");
        line("    w2m_mpy_val v[W2M_MPY_MAX_VALUES];");
        line("} glue_frame;");
        line("");
        line("typedef unsigned int (*glue_nlr_push_fn)(mpn_nlr_buf_t *buf);");
        line("");
        line("/*");
        line(" * Converts the arguments by the signature's parameter codes into f->v, naming a bad one. Returns nlr_push for");
        line(" * the wrapper to call in its own frame: then no wrapper needs the GOT. Not inlined into several wrappers, for the");
        line(" * same reason, nor are glue_leave and glue_unwound (a module's only wrapper is smaller with all three inlined).");
        line(" */");
        String noinline = module.functionExports().size() > 1 ? "W2M_NOINLINE " : "";
        line("static W2M_UNUSED " + noinline + "glue_nlr_push_fn glue_enter(glue_frame *f, const mpn_obj_t *args, const char *sig, mpn_qstr name) {");
        line("    (void)args;");
        line("    (void)name;");
        line("    f->s = glue_live();");
        line("    glue_run_on(f->s);");
        if (depth != null) {
            line("    f->depth = " + depth + ";");
        }
        if (module.functionExports().stream().anyMatch(e -> !e.type().params().isEmpty())) {
            line("    for (int i = 0; sig[i] != '>'; i++) {");
            line("        const mpn_obj_type_t *error = w2m_mpy_to_wasm(sig[i], args[i], &f->v[i]);");
            line("        if (error != NULL) {");
            line("            w2m_mpy_raise_fmt(error, \"%q() argument %d must be an int in %s range\", name, i + 1,");
            line("                    w2m_mpy_int_name(sig[i]));");
            line("        }");
            line("    }");
        } else {
            line("    (void)sig;");
        }
        line("    return MPN.nlr_push;");
        line("}");
        line("");
        line("/* A trap or a Python exception left wasm half-way: restore the instance, then let it propagate. */");
        line("static W2M_UNUSED " + noinline + "W2M_NORETURN void glue_unwound(glue_frame *f) {");
        if (depth != null) {
            line("    " + depth + " = f->depth;");
        }
        line("    glue_after_call(f->s);");
        line("    f->s = NULL; /* no stale pointer to the instance on the stack for the conservative GC */");
        line("    MPN.raise(f->nlr.ret_val);");
        line("    for (;;) {");
        line("    }");
        line("}");
        line("");
        line("/* wasm returned: leave the nlr frame, bring the attributes up to date, convert the results. */");
        line("static W2M_UNUSED " + noinline + "mpn_obj_t glue_leave(glue_frame *f, const char *sig) {");
        line("    MPN.nlr_pop();");
        line("    glue_after_call(f->s);");
        line("    f->s = NULL; /* no stale pointer to the instance on the stack for the conservative GC */");
        line("    return w2m_mpy_results(sig, f->v);");
        line("}");
        line("");
    }

    /**
     * The one routine every import trampoline calls: it reads the wasm arguments by the import's signature, then
     * runs the built-in (a case of a switch over the import index) or calls the bound Python callable.
     */
    private void writeImportCall() {
        Set<ValType> types = EnumSet.noneOf(ValType.class);
        int maxParams = 0;
        boolean results = false;
        for (FunctionImport imp : module.functionImports()) {
            types.addAll(imp.type().params());
            maxParams = Math.max(maxParams, imp.type().params().size());
            results |= !imp.type().results().isEmpty();
        }
        line("/*");
        line(" * Import ctx's call, the wasm arguments following typed by its signature: its built-in while no callable is");
        line(" * bound to it, else the callable. Every trampoline comes here, so an import costs a table entry, not code.");
        line(" */");
        line("static u64 glue_import_call(void *ctx, ...) {");
        line("    glue_import_ref *r = (glue_import_ref *)ctx;");
        line("    glue_state *s = r->s;");
        line("    unsigned index = (unsigned)(r - s->refs);");
        line("    const char *sig = r->ref.sig;");
        line("    w2m_mpy_val v[" + Math.max(1, maxParams) + "];");
        line("    size_t n = 0;");
        line("    va_list ap;");
        line("    va_start(ap, ctx);");
        line("    for (; sig[n] != '>'; n++) {");
        line("        switch (sig[n]) {");
        if (types.contains(ValType.I64)) {
            line("        case 'j': v[n].j = va_arg(ap, u64); break;");
        }
        if (types.contains(ValType.F32)) {
            line("        case 'f': v[n].f = (f32)va_arg(ap, double); break;");
        }
        if (types.contains(ValType.F64)) {
            line("        case 'd': v[n].d = va_arg(ap, f64); break;");
        }
        line("        default: v[n].i = va_arg(ap, u32); break;");
        line("        }");
        line("    }");
        line("    va_end(ap);");
        line("    mpn_obj_t host = s->hosts[index];");
        line("    if (host == MPN_NULL) {");
        // With every import built in, nothing can be unbound: the last case is the default, and there is no message.
        boolean allBuiltIn = builtins.stream().allMatch(Optional::isPresent);
        int lastBuiltIn = -1;
        for (int i = 0; i < builtins.size(); i++) {
            if (builtins.get(i).isPresent()) {
                lastBuiltIn = i;
            }
        }
        if (lastBuiltIn >= 0) {
            line("        switch (index) {");
            for (int i = 0; i < builtins.size(); i++) {
                if (builtins.get(i).isEmpty()) {
                    continue;
                }
                FunctionImport imp = module.functionImports().get(i);
                String call = builtins.get(i).get().call().replace("{env}", "&s->env");
                if (builtins.get(i).get().needsMemory()) {
                    call = call.replace("{mem}", memory("s"));
                }
                for (int p = 0; p < imp.type().params().size(); p++) {
                    call = call.replace("{a" + p + "}", "v[" + p + "]." + code(imp.type().params().get(p)));
                }
                line("        " + (allBuiltIn && i == lastBuiltIn ? "default" : "case " + i) + ": /* "
                        + imp.qualifiedName() + " */");
                if (imp.type().results().isEmpty()) {
                    line("            " + call + ";");
                    line("            return 0;");
                } else {
                    line("            return " + call + ";");
                }
            }
            line("        }");
        }
        if (!allBuiltIn) {
            line("        int len;");
            line("        const char *name = glue_import_name(index, &len);");
            line("        w2m_mpy_raise_fmt(w2m_mpy_builtin(MP_QSTR_RuntimeError), \"import %.*s is not bound: pass it to %s.bind({'%.*s': fn})\",");
            line("                len, name, " + cString(options.pythonModule()) + ", len, name);");
        }
        line("    }");
        line("    mpn_obj_t args[" + Math.max(1, maxParams) + "];");
        line("    for (size_t i = 0; i < n; i++) args[i] = w2m_mpy_from_wasm(sig[i], &v[i]);");
        line("    mpn_obj_t result = MPN.call_function_n_kw(host, n, args);");
        line("    glue_run_on(s);");
        line("    v[0].j = 0;");
        if (results) {
            line("    if (sig[n + 1] != 0) {");
            line("        const mpn_obj_type_t *error = w2m_mpy_to_wasm(sig[n + 1], result, &v[0]);");
            line("        if (error != NULL) {");
            List<FunctionImport> imports = module.functionImports();
            List<FunctionImport> withResults = imports.stream().filter(i -> !i.type().results().isEmpty()).toList();
            if (withResults.size() == 1) {
                // only this import gets here: its message, without a walk
                line("            w2m_mpy_raise_msg(error, " + cString("result of " + withResults.get(0).qualifiedName()) + ");");
            } else if (imports.size() < 127) { // the index + 1 is one byte of the string (ASCII)
                // One plain string a message, found by a walk like w2m_trap's: no formatting code for this error.
                StringBuilder messages = new StringBuilder();
                for (int i = 0; i < imports.size(); i++) {
                    if (!imports.get(i).type().results().isEmpty()) {
                        messages.append((char) (i + 1)).append("result of ").append(imports.get(i).qualifiedName()).append('\0');
                    }
                }
                line("            /* each import's message after its index + 1 */");
                line("            static const char messages[] = " + cString(messages.toString()) + ";");
                line("            const char *m = messages;");
                line("            while ((unsigned char)*m != index + 1u) {");
                line("                while (*m++ != 0) {");
                line("                }");
                line("            }");
                line("            w2m_mpy_raise_msg(error, m + 1);");
            } else {
                line("            int len;");
                line("            const char *name = glue_import_name(index, &len);");
                line("            w2m_mpy_raise_fmt(error, \"result of %.*s\", len, name);");
            }
            line("        }");
            line("    }");
        } else {
            line("    (void)result;");
        }
        line("    return v[0].j; /* a u64 comes back in registers, a union through memory */");
        line("}");
        line("");
    }

    /** The distinct import signatures in order of first use: one trampoline each. */
    private List<FuncType> trampolineTypes() {
        List<FuncType> types = new ArrayList<>();
        for (FunctionImport imp : module.functionImports()) {
            if (!types.contains(imp.type())) {
                types.add(imp.type());
            }
        }
        return types;
    }

    /** A C function of each import signature the instance calls: it forwards its arguments to glue_import_call. */
    private void writeTrampolines() {
        List<FuncType> types = trampolineTypes();
        for (int t = 0; t < types.size(); t++) {
            FuncType type = types.get(t);
            List<String> params = new ArrayList<>();
            List<String> args = new ArrayList<>();
            params.add("void *ctx");
            args.add("ctx");
            for (int p = 0; p < type.params().size(); p++) {
                params.add(cType(type.params().get(p)) + " a" + p);
                args.add("a" + p);
            }
            String result = type.results().isEmpty() ? "void" : cType(type.results().get(0));
            String call = "glue_import_call(" + String.join(", ", args) + ")";
            line("/* the imports of type " + type + " */");
            line("static " + result + " glue_trampoline_" + t + "(" + String.join(", ", params) + ") {");
            if (type.results().isEmpty()) {
                line("    " + call + ";");
            } else {
                line("    w2m_mpy_val r;");
                line("    r.j = " + call + ";");
                line("    return r." + code(type.results().get(0)) + ";");
            }
            line("}");
            line("");
        }
    }

    private String memory(String state) {
        return CModuleInfo.expand(c.memory().orElseThrow(), "(&" + state + "->instance)");
    }

    private void writeExport(int index, FunctionExport export) {
        FuncType type = export.type();
        String attr = attributes.get(export.name());
        String cFunction = c.exportFunctions().get(export.name());
        String sig = cString(Signatures.of(type));
        line("/* export \"" + export.name() + "\" " + type + " */");
        line("static mpn_obj_t glue_export_" + index + "(size_t n_args, const mpn_obj_t *args) {");
        line("    (void)n_args;");
        line("    glue_frame f;");
        line("    glue_nlr_push_fn push = glue_enter(&f, args, " + sig + ", " + qstrs.use(attr) + ");");
        line("    if (push(&f.nlr) != 0) glue_unwound(&f);");
        List<String> callArgs = new ArrayList<>();
        callArgs.add("&f.s->instance");
        for (int p = 0; p < type.params().size(); p++) {
            callArgs.add("f.v[" + p + "]." + code(type.params().get(p)));
        }
        String call = cFunction + "(" + String.join(", ", callArgs) + ")";
        List<ValType> results = type.results();
        if (results.isEmpty()) {
            line("    " + call + ";");
        } else if (results.size() == 1) {
            line("    f.v[0]." + code(results.get(0)) + " = " + call + ";");
        } else {
            line("    {");
            line("        " + Signatures.resultStruct(type) + " r = " + call + ";");
            for (int i = 0; i < results.size(); i++) {
                line("        f.v[" + i + "]." + code(results.get(i)) + " = r.r" + i + ";");
            }
            line("    }");
        }
        line("    return glue_leave(&f, " + sig + ");");
        line("}");
        line("");
    }

    private void writeTable(int index, ModuleInterface.TableExport table) {
        String attr = attributes.get(table.name());
        line("/* export \"" + table.name() + "\" (table " + table.elementType().mnemonic() + "): " + attr
                + "() is its length, " + attr + "(i) entry i's type or None */");
        line("static mpn_obj_t glue_table_" + index + "(size_t n_args, const mpn_obj_t *args) {");
        line("    const w2m_table *t = " + c.tableFunctions().get(table.name()) + "(&glue_live()->instance);");
        line("    return w2m_mpy_table_inspect(t, " + (table.elementType() == ValType.FUNCREF ? 1 : 0)
                + ", n_args, args, " + qstrs.use(attr) + ");");
        line("}");
        line("");
    }

    /** Whether the import slots are the elements 0.. of one array, so one loop can fill them. */
    private Optional<String> importSlotArray() {
        List<String> slots = c.importSlots();
        if (slots.isEmpty() || !slots.get(0).endsWith("[0]")) {
            return Optional.empty();
        }
        String array = slots.get(0).substring(0, slots.get(0).length() - 3);
        for (int i = 0; i < slots.size(); i++) {
            if (!slots.get(i).equals(array + "[" + i + "]")) {
                return Optional.empty();
            }
        }
        return Optional.of(array);
    }

    private void writeInstantiate() {
        int nImports = module.functionImports().size();
        if (nImports > 0) {
            line("/* Each import's signature and its signature's trampoline: one loop fills the instance's import slots from it. */");
            line("typedef struct glue_import {");
            line("    const char *sig;");
            line("    w2m_fn fn;");
            line("} glue_import;");
            line("");
            line("static const glue_import glue_imports[] = {");
            for (int i = 0; i < nImports; i++) {
                FunctionImport imp = module.functionImports().get(i);
                line("    {" + cString(Signatures.of(imp.type())) + ", (w2m_fn)glue_trampoline_" + trampolineTypes().indexOf(imp.type())
                        + "}, /* " + imp.qualifiedName() + " */");
            }
            line("};");
            line("");
        }
        line("/* A fresh instance (memory, data segments, start function); bindings carry over from the last one. */");
        line("static void glue_instantiate(mpn_obj_t globals) {");
        line("    glue_state *s = (glue_state *)w2m_mpy_alloc(sizeof(glue_state));");
        line("    MPN.memset_(s, 0, sizeof(glue_state));");
        if (nImports > 0) {
            line("    if (glue_live() != NULL) MPN.memmove_(s->hosts, glue_live()->hosts, sizeof(s->hosts));");
        }
        line("    w2m_mpy_env_init(&s->env, globals);");
        if (nImports > 0) {
            line("    for (unsigned i = 0; i < " + nImports + "; i++) {");
            line("        s->refs[i].ref.sig = glue_imports[i].sig;");
            line("        s->refs[i].ref.fn = glue_imports[i].fn;");
            line("        s->refs[i].ref.ctx = &s->refs[i];");
            line("        s->refs[i].s = s;");
            Optional<String> array = importSlotArray();
            if (array.isPresent()) {
                line("        " + CModuleInfo.expand(array.get(), "(&s->instance)") + "[i] = "
                        + (c.importsByPointer() ? "&" : "") + "s->refs[i].ref;");
            }
            line("    }");
            if (array.isEmpty()) {
                for (int i = 0; i < nImports; i++) {
                    line("    " + CModuleInfo.expand(c.importSlots().get(i), "(&s->instance)") + " = "
                            + (c.importsByPointer() ? "&" : "") + "s->refs[" + i + "].ref;");
                }
            }
        }
        line("    glue_hidden_state = 0 - (uintptr_t)s;");
        line("    w2m_mpy_set_attr(&s->env, " + qstrs.use("_w2m_state") + ", MPN.obj_new_bytearray_by_ref(sizeof(glue_state), s));");
        line("    " + c.instantiateFunction() + "(&s->instance);");
        if (publishesMemory()) {
            line("    glue_publish(s);");
        }
        line("    glue_after_call(s);");
        module.functionExports().stream()
                .filter(e -> e.name().equals("_initialize") && e.type().equals(FuncType.EMPTY))
                .findFirst()
                .ifPresent(e -> line("    " + c.exportFunctions().get(e.name()) + "(&s->instance); /* WASI reactor */"));
        line("}");
        line("");
    }

    private void writeBind() {
        List<FunctionImport> imports = module.functionImports();
        int n = imports.size();
        line("/*");
        line(" * bind({'module.field': callable, ...}): exactly these imports call Python from now on; bind(None) is bind({}).");
        line(" * A key that is not an import raises and changes nothing.");
        line(" */");
        line("static mpn_obj_t glue_bind(size_t n_args, const mpn_obj_t *args) {");
        line("    (void)n_args;");
        line("    mpn_obj_t mapping = args[0];");
        if (n > 0) {
            line("    mpn_obj_t none = (mpn_obj_t)MPN.const_none;");
            line("    size_t matched = 0;");
            line("    mpn_obj_t found[" + n + "];");
            line("    for (unsigned i = 0; i < " + n + "; i++) {");
            line("        found[i] = MPN_NULL;");
            line("        if (mapping == none) continue;");
            line("        int len;");
            line("        const char *name = glue_import_name(i, &len);");
            line("        mpn_obj_t call[3];");
            line("        MPN.load_method(mapping, MP_QSTR_get, call);");
            line("        call[2] = MPN.obj_new_str(name, (size_t)len);");
            line("        mpn_obj_t callable = MPN.call_method_n_kw(1, 0, call);");
            line("        if (callable != none) {");
            line("            found[i] = callable;");
            line("            matched++;");
            line("        }");
            line("    }");
            line("    /* len(mapping): every key was an import */");
            line("    if (mapping != none && MPN.unary_op(MPN_UNARY_OP_LEN, mapping) != MPN_NEW_SMALL_INT(matched)) {");
            line("        w2m_mpy_raise_msg(w2m_mpy_builtin(MP_QSTR_ValueError), glue_bind_error);");
            line("    }");
            line("    MPN.memmove_(glue_live()->hosts, found, sizeof(found));");
        } else {
            line("    if (MPN.obj_is_true(mapping)) { /* any key at all; None and {} bind nothing */");
            line("        w2m_mpy_raise_msg(w2m_mpy_builtin(MP_QSTR_ValueError), \"bind(): unknown import name; this module has no imports\");");
            line("    }");
        }
        line("    return " + (n > 0 ? "none" : "w2m_mpy_none()") + ";");
        line("}");
        line("");
        if (hasMutableGlobals()) {
            writeSetGlobal();
        }
        line("/* instantiate(imports=None): bind (when given), then a fresh instance; reset() is this without an argument. */");
        line("static mpn_obj_t glue_instantiate_fn(size_t n_args, const mpn_obj_t *args) {");
        line("    if (n_args == 1 && args[0] != (mpn_obj_t)MPN.const_none) glue_bind(1, args);");
        line("    glue_instantiate(glue_live()->env.globals);");
        line("    return w2m_mpy_none();");
        line("}");
        line("");
    }

    private boolean hasMutableGlobals() {
        return module.globalExports().stream().anyMatch(g -> g.type().mutable());
    }

    /** Only a module with a mutable exported global has set_global: without one, the function and its strings would be dead weight. */
    private void writeSetGlobal() {
        line("/* set_global(name, value): writes a mutable exported global. */");
        line("static mpn_obj_t glue_set_global(size_t n_args, const mpn_obj_t *args) {");
        line("    (void)n_args;");
        line("    glue_state *s = glue_live();");
        List<String> mutable = new ArrayList<>();
        for (ModuleInterface.GlobalExport g : module.globalExports()) {
            if (!g.type().mutable()) {
                continue;
            }
            String attr = attributes.get(g.name());
            mutable.add(attr);
            ValType t = g.type().type();
            String q = qstrs.use(attr);
            line("    if (MPN.binary_op(MPN_BINARY_OP_EQUAL, args[0], MPN_NEW_QSTR(" + q + ")) == (mpn_obj_t)MPN.const_true) {");
            line("        w2m_mpy_val v;");
            line("        const mpn_obj_type_t *error = w2m_mpy_to_wasm('" + code(t) + "', args[1], &v);");
            line("        if (error != NULL) {");
            line("            w2m_mpy_raise_fmt(error, \"set_global('%q') value must be an int in %s range\", " + q + ", "
                    + cString(t.mnemonic()) + ");");
            line("        }");
            line("        *" + c.globalFunctions().get(g.name()) + "(&s->instance) = v." + code(t) + ";");
            line("        glue_after_call(s);");
            line("        return w2m_mpy_none();");
            line("    }");
        }
        line("    w2m_mpy_raise_msg(w2m_mpy_builtin(MP_QSTR_ValueError), "
                + cString("set_global(): not a mutable exported global; this module's are " + String.join(", ", mutable))
                + ");");
        line("}");
        line("");
    }

    /** A module function: its attribute name, C function and argument counts. */
    private record Def(String name, String function, int minArgs, int maxArgs) {}

    private List<Def> defs() {
        List<Def> defs = new ArrayList<>();
        int e = 0;
        for (FunctionExport export : module.functionExports()) {
            int n = export.type().params().size();
            defs.add(new Def(attributes.get(export.name()), "glue_export_" + e++, n, n));
        }
        e = 0;
        for (ModuleInterface.TableExport table : module.tableExports()) {
            defs.add(new Def(attributes.get(table.name()), "glue_table_" + e++, 0, 1));
        }
        defs.add(new Def("bind", "glue_bind", 1, 1));
        defs.add(new Def("reset", "glue_instantiate_fn", 0, 0));
        defs.add(new Def("instantiate", "glue_instantiate_fn", 0, 1));
        if (hasMutableGlobals()) {
            defs.add(new Def("set_global", "glue_set_global", 2, 2));
        }
        return defs;
    }

    private void writeDefine() {
        line("/*");
        line(" * A module function on the GC heap, kept alive by the module's globals. One word past the object points at");
        line(" * the globals, so a function the user kept after unloading the module still has its instance (_w2m_state).");
        line(" */");
        line("typedef struct glue_fun {");
        line("    mpn_obj_fun_builtin_var_t fun;");
        line("    mpn_obj_t globals;");
        line("} glue_fun;");
        line("");
        line("/* What mpy_init defines, one entry a function: a loop over a table is smaller than a call each. */");
        line("typedef struct glue_def {");
        line("    mpn_fun_var_t fun;");
        line("    uint16_t name; /* an index into mp_native_qstr_table */");
        line("    uint8_t min_args;");
        line("    uint8_t max_args;");
        line("} glue_def;");
        line("");
        List<Def> defs = defs();
        defs.forEach(d -> qstrs.useIndexed(d.name()));
        qstrs.use("Trap");
        qstrs.use("_w2m_state");
        line("static const glue_def glue_defs[] = {");
        for (Def d : defs) {
            line("    {" + d.function() + ", " + qstrs.index(d.name()) + ", " + d.minArgs() + ", " + d.maxArgs() + "}, /* "
                    + d.name() + " */");
        }
        line("};");
        line("");
    }

    private void writeInit() {
        line("mpn_obj_t mpy_init(mpn_obj_fun_bc_t *self, size_t n_args, size_t n_kw, mpn_obj_t *args) {");
        line("    (void)n_args;");
        line("    (void)n_kw;");
        line("    (void)args;");
        line("    /* The importer has made the module's globals current and restores them if this raises. */");
        line("    mpn_obj_t globals = self->context->module.globals;");
        line("    MPN.dict_store(globals, MPN_NEW_QSTR(" + qstrs.use("Trap") + "), w2m_mpy_make_trap_type("
                + qstrs.use("Trap") + "));");
        line("    for (const glue_def *d = glue_defs; d < glue_defs + sizeof(glue_defs) / sizeof(glue_defs[0]); d++) {");
        line("        glue_fun *f = (glue_fun *)w2m_mpy_alloc(sizeof(glue_fun));");
        line("        f->globals = globals;");
        line("        f->fun.base.type = MPN.type_fun_builtin_var;");
        line("        f->fun.sig = MPN_FUN_SIG(d->min_args, d->max_args, false);");
        line("        f->fun.fun = d->fun;");
        line("        MPN.dict_store(globals, MPN_NEW_QSTR(mp_native_qstr_table[d->name]), f);");
        line("    }");
        line("    glue_instantiate(globals);");
        line("    return w2m_mpy_none();");
        line("}");
    }

    /** The W2M_MPY_TRAP_NAMES string: each kind's code as an octal escape, its message, a NUL; then 0xff. */
    private String trapNames() {
        StringBuilder b = new StringBuilder("\"");
        for (TrapKinds.Kind k : TrapKinds.Kind.values()) {
            if (traps.contains(k)) {
                b.append(String.format("\\%03o", k.code)).append(k.message).append("\\0");
            }
        }
        return b.append("\\377\"").toString();
    }

    static String cType(ValType t) {
        return switch (t) {
            case I32 -> "u32";
            case I64 -> "u64";
            case F32 -> "f32";
            case F64 -> "f64";
            default -> throw new IllegalArgumentException("no C type for " + t);
        };
    }

    private static String fromWasm(ValType t, String expr) {
        return "w2m_mpy_from_" + t.mnemonic() + "(" + expr + ")";
    }

    static String cString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c == '"' || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f && c != '?') {
                b.append((char) c);
            } else {
                b.append(String.format("\\%03o", c));
            }
        }
        return b.append('"').toString();
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
