package io.github.wasm2mpy.cgen;

import io.github.wasm2mpy.model.DataSegment;
import io.github.wasm2mpy.model.ElementSegment;
import io.github.wasm2mpy.model.Export;
import io.github.wasm2mpy.model.ExternalKind;
import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.Function;
import io.github.wasm2mpy.model.Global;
import io.github.wasm2mpy.model.GlobalType;
import io.github.wasm2mpy.model.Import;
import io.github.wasm2mpy.model.Instruction;
import io.github.wasm2mpy.model.MemoryType;
import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.SegmentMode;
import io.github.wasm2mpy.model.TableType;
import io.github.wasm2mpy.model.ValType;
import io.github.wasm2mpy.model.WasmModelException;
import io.github.wasm2mpy.model.validation.ValidatedModule;
import io.github.wasm2mpy.model.validation.Validator;
import io.github.wasm2mpy.runtime.CRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Translates a validated WebAssembly {@link Module} into one C translation unit and a header, per
 * {@link CodegenOptions}. Everything it knows of the module comes from the model: the sections' records and,
 * through {@link FunctionEmitter}, each body's instructions.
 *
 * <pre>{@code
 * CSources c = CEmitter.emit("app.wasm", Files.readAllBytes(path), CodegenOptions.builder().prefix("app").build());
 * c.writeTo(outDir);   // app.h, app.c, w2m_rt.h, ...
 * }</pre>
 *
 * The ABI of the output is described in docs/c-abi.md and in the generated header.
 */
public final class CEmitter {
    private final Module module;
    private final List<FuncType> types;
    /** The signature of every function, imported ones first. */
    private final List<FuncType> functionTypes;
    /** The import of every imported function, in function index order. */
    private final List<Import> functionImports;
    /** The types in the table, memory and global index spaces, imported ones first. */
    private final List<TableType> tableTypes;
    private final List<MemoryType> memoryTypes;
    private final List<GlobalType> globalTypes;
    private final int importedFuncs, importedTables, importedMemories, importedGlobals;
    private final CodegenOptions options;
    private final String source;
    /**
     * Global alignment facts: an i32 global defined here, not writable from outside, holds a multiple of its
     * initial value's alignment (up to 8) as long as every global.set stores one, which the functions assume
     * while they are emitted (LLVM's shadow-stack pointer: frame addresses are then aligned, so a frame slot is
     * one word move on Cortex-M0 and RV32). A global.set that cannot be shown to keep it lowers the global's
     * cap here, and the module is emitted again with the caps lowered ({@link #globalAlignCaps}).
     */
    private final Map<Integer, Integer> globalAlignCaps;
    private final Map<Integer, Integer> loweredAlignCaps = new TreeMap<>();
    private final String p;
    private final Set<Integer> reachable = new TreeSet<>();
    /** Defined functions that need a w2m_funcref object, mapped to their index in inst->w2m_funcs. */
    private final Map<Integer, Integer> refSlots = new TreeMap<>();
    private final Set<String> sigs = new TreeSet<>();
    private final Set<String> retStructs = new TreeSet<>();
    private boolean tableInitUsed;
    /** Tables that emitted code grows (table.grow); set while emitting functions. */
    private final Set<Integer> grownTables = new TreeSet<>();
    /** Whether emitted code drops element segments (elem.drop); set while emitting functions. */
    private boolean elemDropUsed;
    /** Whether emitted code reads or drops data segments (memory.init, data.drop); set while emitting functions. */
    private boolean dataUsedAtRunTime;
    /** The active segments packed for instantiation, or null; decided after the functions are emitted. */
    private DataImage dataImage;
    private final Set<Integer> movesMemory = new TreeSet<>();
    /** Functions that count their calls against callDepthLimit: those through which a call chain can recur. */
    private final Set<Integer> countsDepth = new TreeSet<>();
    private boolean anyMemoryGrow;
    private MemoryPlan memoryPlan;
    /** The macros and accessors of memory 0; created with memoryPlan, fed while the functions are emitted. */
    private MemoryAccessors accessors;

    /**
     * An access to a lazy memory whose offset + width is at most this many bytes takes the fast path when its
     * address is below prefix - LAZY_UNIFORM_REACH: one limit for most accesses of a module, which the compiler
     * keeps in a register or materialises once, instead of a constant per reach (-3 KB of 24 KB on rust -O2).
     * The prefix's last bytes then go through the accessor, which checks exactly.
     */
    static final int LAZY_UNIFORM_REACH = 64;

    /**
     * How memory 0 is laid out. A lazy memory commits {@code prefixBytes} at instantiation and the rest in chunks
     * of {@code 1 << chunkShift} bytes, at most {@code limit} bytes in all.
     */
    record MemoryPlan(boolean imported, boolean isStatic, boolean fixedSize, long minBytes, long capacityPages,
                      long maxPages, int pageSize, boolean lazy, long prefixBytes, int chunkShift, long limit) {
        /** Whether accesses past the committed prefix go to the runtime's slow path (which may commit chunks). */
        boolean slowPath() { return lazy || imported; }

        /**
         * Memory 0 as generated code names it. An own memory's pointer always points at mem0_own, so naming the
         * field directly saves a load (and on Thumb an instruction) at each base or size read.
         */
        String mem0() { return imported ? "inst->mem0" : "&inst->mem0_own"; }

        /** A field of memory 0 as generated code names it (see {@link #mem0}). */
        String mem0Field(String field) { return imported ? "inst->mem0->" + field : "inst->mem0_own." + field; }
    }

    private CEmitter(String source, Module module, CodegenOptions options) {
        this(source, module, options, Map.of());
    }

    private CEmitter(String source, Module module, CodegenOptions options, Map<Integer, Integer> globalAlignCaps) {
        this.source = source;
        this.module = module;
        this.options = options;
        this.p = options.prefix();
        this.globalAlignCaps = globalAlignCaps;
        this.types = module.types();
        this.functionTypes = module.functionTypeIndices().stream().map(types::get).toList();
        this.functionImports = module.imports(ExternalKind.FUNCTION);
        this.tableTypes = module.allTables();
        this.memoryTypes = module.allMemories();
        this.globalTypes = module.allGlobals();
        this.importedFuncs = functionImports.size();
        this.importedTables = tableTypes.size() - module.tables().size();
        this.importedMemories = memoryTypes.size() - module.memories().size();
        this.importedGlobals = globalTypes.size() - module.globals().size();
    }

    /**
     * Validates {@code bytes} (named {@code source} in errors) with wasm-model's validator, then translates them.
     *
     * @throws CodegenException for a malformed or invalid module (the cause is wasm-model's exception), or one
     *                          this emitter cannot translate with {@code options}
     */
    public static CSources emit(String source, byte[] bytes, CodegenOptions options) {
        ValidatedModule module;
        try {
            module = Validator.read(bytes);
        } catch (WasmModelException e) {
            throw new CodegenException(source + ": " + e.getMessage(), e);
        }
        return emit(source, module, options);
    }

    /** Validates and translates the file at {@code wasm}. */
    public static CSources emit(Path wasm, CodegenOptions options) throws IOException {
        return emit(wasm.getFileName().toString(), Files.readAllBytes(wasm), options);
    }

    /**
     * Translates an already validated module (read from a binary, or built or transformed in memory), named
     * {@code source} in errors.
     *
     * @throws CodegenException for a module this emitter cannot translate with {@code options}
     */
    public static CSources emit(String source, ValidatedModule module, CodegenOptions options) {
        SimdCheck.check(source, module.module());
        return new CEmitter(source, module.module(), options).emit();
    }

    // ---- planning ----

    private void planReachability() {
        Deque<Integer> work = new ArrayDeque<>();
        int total = functionTypes.size();
        if (!options.removeDeadCode()) {
            for (int f = 0; f < total; f++) work.add(f);
        }
        for (Export e : module.exports()) if (e.kind() == ExternalKind.FUNCTION) work.add(e.index());
        module.start().ifPresent(work::add);
        Set<Integer> constRefs = constRefFuncs();
        work.addAll(constRefs);
        // Reference objects only for functions something takes a reference to: the host calls exports by symbol.
        // In element-segment order, so that a segment's functions get consecutive slots (see directElementStores).
        Set<Integer> refs = new java.util.LinkedHashSet<>(constRefs);
        Map<Integer, FunctionEmitter.Facts> facts = new TreeMap<>();
        while (!work.isEmpty()) {
            int f = work.pop();
            if (f < 0 || f >= total) throw new CodegenException(source + ": function index " + f + " out of range");
            if (!reachable.add(f) || f < importedFuncs) continue;
            FunctionEmitter.Facts fx = FunctionEmitter.scan(module.functions().get(f - importedFuncs));
            facts.put(f, fx);
            work.addAll(fx.calls());
            work.addAll(fx.refs());
            refs.addAll(fx.refs());
        }
        // Which calls can move or resize memory: imports, memory.grow, call_indirect, and their callers.
        for (int f : reachable) {
            FunctionEmitter.Facts fx = facts.get(f);
            if (f < importedFuncs || fx.growsMemory() || fx.callsIndirect()) movesMemory.add(f);
        }
        for (boolean changed = true; changed; ) {
            changed = false;
            for (var e : facts.entrySet()) {
                if (movesMemory.contains(e.getKey())) continue;
                for (int callee : e.getValue().calls()) {
                    if (movesMemory.contains(callee)) { movesMemory.add(e.getKey()); changed = true; break; }
                }
            }
        }
        anyMemoryGrow = facts.values().stream().anyMatch(FunctionEmitter.Facts::growsMemory);
        Set<Integer> entries = new TreeSet<>(refs);
        for (Export e : module.exports()) if (e.kind() == ExternalKind.FUNCTION) entries.add(e.index());
        if (options.callDepthLimit() > 0) planDepthCounting(facts, entries);
        for (int f : refs) if (f >= importedFuncs && reachable.contains(f)) refSlots.put(f, refSlots.size());
    }

    /** The functions that element segment items and global initialisers reference with ref.func. */
    private Set<Integer> constRefFuncs() {
        Set<Integer> refs = new java.util.LinkedHashSet<>();
        for (ElementSegment e : module.elements()) {
            for (List<Instruction> item : e.init()) {
                int f = ConstExprs.refFunc(item);
                if (f >= 0) refs.add(f);
            }
        }
        for (Global g : module.globals()) {
            int f = ConstExprs.refFunc(g.init());
            if (f >= 0) refs.add(f);
        }
        return refs;
    }

    /**
     * Only a call chain that comes back to a function it passed through can grow without bound, so only the
     * functions on a cycle of the call graph count nested calls; so do those that call_indirect, because a table
     * can lead back into the module. The host can lead back too, from an import call, but only into a function
     * it holds a reference to (an export, a table element, a ref.func): of those, the ones from which direct
     * calls reach an import count, so a chain through the host passes one of them (or a call_indirect caller)
     * each time round. The functions between the entry and the import call need not count. Any unbounded chain
     * then keeps passing counted functions and still traps with "call stack exhausted", and the uncounted frames
     * between two counted ones are bounded by the acyclic rest of the graph.
     */
    private void planDepthCounting(Map<Integer, FunctionEmitter.Facts> facts, Set<Integer> entries) {
        Map<Integer, Integer> index = new TreeMap<>(), low = new TreeMap<>();
        Deque<Integer> stack = new ArrayDeque<>();
        Set<Integer> onStack = new TreeSet<>();
        for (int root : facts.keySet()) {
            if (index.containsKey(root)) continue;
            // Tarjan's strongly connected components, iterative: each entry is {function, next callee position}.
            Deque<int[]> work = new ArrayDeque<>();
            work.push(new int[] {root, 0});
            while (!work.isEmpty()) {
                int[] top = work.peek();
                int f = top[0];
                if (top[1] == 0 && !index.containsKey(f)) {
                    index.put(f, index.size());
                    low.put(f, index.get(f));
                    stack.push(f);
                    onStack.add(f);
                }
                Integer[] callees = facts.get(f).calls().stream().filter(facts::containsKey).toArray(Integer[]::new);
                if (top[1] < callees.length) {
                    int c = callees[top[1]++];
                    if (!index.containsKey(c)) work.push(new int[] {c, 0});
                    else if (onStack.contains(c)) low.put(f, Math.min(low.get(f), index.get(c)));
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    int parent = work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(f)));
                }
                if (low.get(f).equals(index.get(f))) {
                    java.util.List<Integer> component = new java.util.ArrayList<>();
                    int m;
                    do {
                        m = stack.pop();
                        onStack.remove(m);
                        component.add(m);
                    } while (m != f);
                    if (component.size() > 1 || facts.get(f).calls().contains(f)) countsDepth.addAll(component);
                }
            }
        }
        Set<Integer> reachesImport = new TreeSet<>();
        for (boolean changed = true; changed; ) {
            changed = false;
            for (var e : facts.entrySet()) {
                if (reachesImport.contains(e.getKey())) continue;
                if (e.getValue().calls().stream().anyMatch(c -> c < importedFuncs || reachesImport.contains(c))) {
                    reachesImport.add(e.getKey());
                    changed = true;
                }
            }
        }
        for (var e : facts.entrySet()) {
            int f = e.getKey();
            if (e.getValue().callsIndirect() || (entries.contains(f) && reachesImport.contains(f))) countsDepth.add(f);
        }
    }

    private void planMemory() {
        int memCount = importedMemories + module.memories().size();
        if (memCount == 0) return;
        if (memCount > 1) throw new CodegenException(source + ": multiple memories are not supported");
        MemoryType m = memoryTypes.get(0);
        long min = m.limits().min();
        long max = m.limits().max().orElse(-1);
        int pageSize = (int) m.pageSize();
        boolean imported = importedMemories > 0;
        long specMax = pageSize == 1 ? 0xffffffffL : 65536;
        long maxPages = max >= 0 ? max : specMax;
        long cap = options.maxMemory();
        long dataEnd = activeDataEnd();
        if (cap > 0 && dataEnd > cap) {
            throw new CodegenException(source + ": data segment " + lastActiveData() + " ends at " + dataEnd
                    + ", beyond maxMemory " + cap);
        }
        boolean canBeLazy = !imported && options.heapChunkSize() > 0
                && options.boundsChecks() == CodegenOptions.BoundsChecks.TRAP;
        boolean exported = module.exports().stream().anyMatch(e -> e.kind() == ExternalKind.MEMORY);
        boolean grows = usesMemoryGrow();
        boolean cannotGrow = maxPages == min || (!grows && (!exported || !options.hostGrowsMemory()));
        long staticLimit = cap > 0 ? cap : 64L << 20;
        long capacity = cannotGrow ? min : maxPages;
        boolean fits = capacity * pageSize <= staticLimit && (max >= 0 || cannotGrow);
        boolean isStatic = !imported && fits && switch (options.memory()) {
            case STATIC -> true;
            case HEAP -> false;
            case AUTO -> cannotGrow;
        };
        boolean lazy = !isStatic && canBeLazy;
        if (cap > 0 && !lazy) {
            // Only a lazily committed memory can be larger than the RAM it uses: any other must fit the cap whole.
            long capPages = cap / pageSize;
            if (min > capPages) {
                throw new CodegenException(source + ": memory 0 needs at least " + min * pageSize
                        + " bytes, more than maxMemory " + cap);
            }
            maxPages = Math.min(maxPages, capPages);
        }
        if (cannotGrow && !imported) maxPages = min;
        long prefix = 0;
        int chunkShift = 0;
        long limit = cap > 0 ? Math.min(cap, 0xffffffffL) : 0xffffffffL;
        if (lazy) {
            // The prefix holds what the module certainly uses: its data segments and, for LLVM-built modules,
            // the stack below the initial __stack_pointer (global 0) and the .bss below __heap_base.
            long chunk = options.heapChunkSize();
            chunkShift = Integer.numberOfTrailingZeros(options.heapChunkSize());
            long extent = Math.max(Math.max(dataEnd, initialStackPointer()), exportedHeapBase());
            // A memory that cannot grow but was capped below its size: the cap is the RAM the user grants it,
            // so commit that much at once and keep every access below it on the fast path.
            if (cannotGrow && cap > 0) extent = Math.max(extent, cap);
            prefix = (extent + chunk - 1) / chunk * chunk;
            prefix = Math.min(prefix, min * pageSize / chunk * chunk);
            prefix = Math.min(prefix, limit / chunk * chunk);
        }
        memoryPlan = new MemoryPlan(imported, isStatic, !imported && cannotGrow, min * pageSize,
                capacity, maxPages, pageSize, lazy, prefix, chunkShift, limit);
        accessors = new MemoryAccessors(p, memoryPlan, options.singleInstance());
    }

    /** Where the active data segments with constant offsets end (0 without any). */
    private long activeDataEnd() {
        long end = 0;
        for (DataSegment d : module.data()) {
            OptionalLong offset = ConstExprs.i32(d.offset());
            if (d.mode() == SegmentMode.ACTIVE && offset.isPresent()) {
                end = Math.max(end, offset.getAsLong() + d.size());
            }
        }
        return end;
    }

    private int lastActiveData() {
        int last = -1;
        long end = -1;
        for (int i = 0; i < module.data().size(); i++) {
            DataSegment d = module.data().get(i);
            OptionalLong offset = ConstExprs.i32(d.offset());
            if (d.mode() == SegmentMode.ACTIVE && offset.isPresent() && offset.getAsLong() + d.size() > end) {
                end = offset.getAsLong() + d.size();
                last = i;
            }
        }
        return last;
    }

    /** The value of an exported constant i32 global {@code __heap_base} (where LLVM's data and .bss end), else 0. */
    private long exportedHeapBase() {
        for (Export e : module.exports()) {
            if (e.kind() == ExternalKind.GLOBAL && e.name().equals("__heap_base") && e.index() >= importedGlobals) {
                Global g = module.globals().get(e.index() - importedGlobals);
                OptionalLong value = ConstExprs.i32(g.init());
                if (g.type().type() == ValType.I32 && value.isPresent()) return value.getAsLong();
            }
        }
        return 0;
    }

    /** The initial value of an own mutable i32 global 0 with a constant initialiser (LLVM's stack pointer), else 0. */
    private long initialStackPointer() {
        if (importedGlobals > 0 || module.globals().isEmpty()) return 0;
        Global g = module.globals().get(0);
        OptionalLong value = ConstExprs.i32(g.init());
        if (g.type().type() != ValType.I32 || !g.type().mutable() || value.isEmpty()) return 0;
        return value.getAsLong();
    }

    private boolean usesMemoryGrow() {
        return anyMemoryGrow;
    }

    // ---- emission ----

    private CSources emit() {
        planReachability();
        planMemory();
        ModuleContext ctx = new ModuleContext();
        for (FuncType t : types) if (t.results().size() > 1) retStruct(t);
        StringBuilder functions = new StringBuilder();
        for (int f : reachable) {
            if (f < importedFuncs) continue;
            functions.append('\n').append(new FunctionEmitter(ctx, f).emit());
        }
        if (!loweredAlignCaps.isEmpty()) {
            // Emitted again from the same Module (nothing is decoded twice), with the lowered caps.
            Map<Integer, Integer> caps = new TreeMap<>(globalAlignCaps);
            loweredAlignCaps.forEach((g, a) -> caps.merge(g, a, Math::min));
            return new CEmitter(source, module, options, caps).emit();
        }
        // Written before the header, which declares the live-instance variable only if an accessor reads it.
        String accessorC = accessors == null ? "" : accessors.checkedAccessMacros() + accessors.lazyAccessMacros();
        String header = header();
        StringBuilder c = new StringBuilder();
        c.append("/* Generated by wasm2mpy from ").append(comment(source)).append(". Do not edit. */\n");
        c.append("#include \"").append(p).append(".h\"\n\n");
        c.append(staticData());
        c.append(sigConstants());
        if (liveInstance()) c.append("\nW2M_HIDDEN uintptr_t ").append(p).append(MemoryAccessors.LIVE_INSTANCE).append(";\n");
        c.append(accessorC);
        c.append("\n/* Imported functions: called through the instance's import table. */\n");
        for (int f = 0; f < importedFuncs; f++) c.append(importTrampoline(f));
        c.append("\n/* Functions. */\n");
        for (int f : reachable) if (f >= importedFuncs) c.append(ctx.signature(f)).append(";\n");
        if (tableInitUsed || (!module.elements().isEmpty() && directElementStores() == null)) c.append(tableInitFunction());
        c.append(functions);
        c.append(instantiate());
        c.append(exports());
        return new CSources(p + ".h", header, p + ".c", c.toString(), CRuntime.MODULE_FILES, lazyOwnMemory());
    }

    private boolean lazyOwnMemory() {
        return memoryPlan != null && memoryPlan.lazy() && !memoryPlan.imported();
    }

    private static String comment(String s) {
        return s.replace("*/", "* /");
    }

    String ctype(ValType t) {
        return switch (t) {
            case I32 -> "u32";
            case I64 -> "u64";
            case F32 -> "f32";
            case F64 -> "f64";
            case FUNCREF, EXTERNREF -> "void *";
            case V128 -> throw new CodegenException(source + ": value type 0x" + Integer.toHexString(t.code())
                    + " (v128) is not supported yet");
        };
    }

    private String cparam(ValType t) {
        String c = ctype(t);
        return c.endsWith("*") ? c : c + " ";
    }

    private String returnType(FuncType t) {
        if (t.results().isEmpty()) return "void";
        if (t.results().size() == 1) return ctype(t.results().get(0));
        return retStruct(t);
    }

    String retStruct(FuncType t) {
        String name = Signatures.resultStruct(t);
        retStructs.add(name);
        return name;
    }

    String sigName(FuncType t) {
        String sig = Signatures.of(t);
        sigs.add(sig);
        return "w2m_sig_" + sig.replace('>', '_');
    }

    private String funcCName(int f) {
        if (f < importedFuncs) {
            Import imp = functionImports.get(f);
            return "import" + f + "_" + CNames.readable(imp.name());
        }
        String name = module.names().functionNames().get(f);
        String r = name == null ? "" : CNames.readable(name);
        return r.isEmpty() ? "fn" + f : "fn" + f + "_" + r;
    }

    private String params(FuncType t, String firstType, String prefix) {
        StringBuilder sb = new StringBuilder(firstType).append("inst");
        for (int i = 0; i < t.params().size(); i++) sb.append(", ").append(cparam(t.params().get(i))).append(prefix).append(i);
        return sb.toString();
    }

    private String header() {
        String guard = p.toUpperCase() + "_H";
        StringBuilder h = new StringBuilder();
        h.append("/* Generated by wasm2mpy from ").append(comment(source)).append(". Do not edit.\n");
        h.append(" *\n * Use: fill the imports of a ").append(p).append("_instance (see ").append(p).append("_imports),\n");
        h.append(" * call ").append(p).append("_instantiate(), then call exports; ").append(p).append("_free() releases HEAP memory.\n");
        h.append(" * Traps go to the host's w2m_trap(); after one, reset w2m_depth to 0. See docs/c-abi.md. */\n");
        h.append("#ifndef ").append(guard).append("\n#define ").append(guard).append("\n\n");
        if (memoryPlan == null || !memoryPlan.lazy() && !memoryPlan.imported()) {
            // Lets w2m_rt.h compile its memory helpers without the lazy-memory paths (when it is included first
            // through this header, as the module and the MicroPython glue do). A module without a memory needs
            // none of them, and only static ones can be dropped by the compiler.
            h.append("#ifndef W2M_CONTIGUOUS_MEMORY\n#define W2M_CONTIGUOUS_MEMORY 1\n#endif\n");
        }
        h.append("#include \"w2m_rt.h\"\n\n");
        if (lazyOwnMemory()) {
            // Hosts that show memory to users (the MicroPython glue) need to know its bytes are not contiguous.
            h.append("/* Memory 0 is committed lazily: a prefix and chunks, not one contiguous block. */\n");
            h.append("#define W2M_MEM0_LAZY 1\n\n");
        }
        for (String r : retStructs) {
            h.append("#ifndef W2M_RET_").append(r.substring(8)).append("\n#define W2M_RET_").append(r.substring(8)).append('\n');
            h.append("typedef struct { ");
            String codes = r.substring(8);
            for (int i = 0; i < codes.length(); i++) h.append(ctype(Signatures.type(codes.charAt(i)))).append(" r").append(i).append("; ");
            h.append("} ").append(r).append(";\n#endif\n");
        }
        h.append("\n/* One instance of the module. Fields marked [import] are set by the host before instantiation. */\n");
        h.append("typedef struct ").append(p).append("_instance {\n");
        // The fields generated code reads most come first, where Thumb-1's 5-bit load offsets reach them without
        // a constant: globals (the shadow-stack pointer), then memory 0's base and size.
        int globalCount = importedGlobals + module.globals().size();
        for (int g = 0; g < globalCount; g++) {
            String ct = ctype(globalTypes.get(g).type());
            if (g < importedGlobals) h.append("  ").append(ct).append(ct.endsWith("*") ? "" : " ").append("*g").append(g).append("; /* [import] */\n");
            else h.append("  ").append(ct).append(ct.endsWith("*") ? "" : " ").append("g").append(g).append(";\n");
        }
        int memCount = importedMemories + module.memories().size();
        for (int m = 0; m < memCount; m++) {
            h.append("  w2m_memory *mem").append(m).append(m < importedMemories ? "; /* [import] */\n" : ";\n");
            if (m >= importedMemories) h.append("  w2m_memory mem").append(m).append("_own;\n");
        }
        h.append("  u32 w2m_depth; /* nested calls, for the call depth limit */\n");
        if (importedFuncs > 0) {
            h.append("  w2m_funcref w2m_imports[").append(importedFuncs).append("]; /* [import] functions, in ")
                    .append(p).append("_imports order */\n");
        }
        int tabCount = importedTables + module.tables().size();
        for (int t = 0; t < tabCount; t++) {
            h.append("  w2m_table *tab").append(t).append(t < importedTables ? "; /* [import] */\n" : ";\n");
            if (t >= importedTables) h.append("  w2m_table tab").append(t).append("_own;\n");
            if (fixedTable(t)) {
                h.append("  void *tab").append(t).append("_slots[").append(tableTypes.get(t).limits().min())
                        .append("]; /* the entries of tab").append(t).append(", which nothing can grow */\n");
            }
        }
        if (!refSlots.isEmpty()) h.append("  w2m_funcref w2m_funcs[").append(refSlots.size()).append("]; /* references to own functions */\n");
        if (!module.data().isEmpty()) h.append("  u8 w2m_data_dropped[").append(module.data().size()).append("];\n");
        if (!module.elements().isEmpty()) h.append("  u8 w2m_elem_dropped[").append(module.elements().size()).append("];\n");
        h.append("} ").append(p).append("_instance;\n\n");
        h.append("/* Initialises memories, tables, globals and segments, then runs the start function. */\n");
        h.append("void ").append(p).append("_instantiate(").append(p).append("_instance *inst);\n");
        h.append("/* Releases what instantiation allocated through w2m_mem_realloc. */\n");
        h.append("void ").append(p).append("_free(").append(p).append("_instance *inst);\n\n");
        if (liveInstance()) {
            String live = p + MemoryAccessors.LIVE_INSTANCE;
            h.append("/*\n * The instance memory 0's out-of-line accessors run on (singleInstance), as 0 - its address, which a\n")
                    .append(" * conservative collector scanning this module's data does not take for a pointer. ").append(p)
                    .append("_instantiate()\n * sets it; a host that runs another instance's functions, or reenters wasm after a host function\n")
                    .append(" * that may have, sets it first. W2M_LIVE_INST names it for the one module a host unit includes.\n */\n")
                    .append("extern W2M_HIDDEN uintptr_t ").append(live).append(";\n")
                    .append("#ifndef W2M_LIVE_INST\n#define W2M_LIVE_INST ").append(live).append("\n#endif\n\n");
        }
        h.append("#ifdef W2M_REFLECTION /* tables for glue that looks imports and exports up by name */\n");
        h.append("extern const w2m_import ").append(p).append("_imports[];\n");
        h.append("extern const u32 ").append(p).append("_import_count;\n");
        h.append("extern const w2m_export ").append(p).append("_exports[];\n");
        h.append("extern const u32 ").append(p).append("_export_count;\n#endif\n\n");
        h.append("/* Exports. */\n");
        for (Export e : module.exports()) h.append(exportPrototype(e)).append(";\n");
        h.append("\n#endif /* ").append(guard).append(" */\n");
        return h.toString();
    }

    private String exportPrototype(Export e) {
        String m = CNames.mangle(e.name());
        String inst = p + "_instance *inst";
        return switch (e.kind()) {
            case FUNCTION -> {
                FuncType t = functionTypes.get(e.index());
                yield "/* \"" + comment(e.name()) + "\" */ W2M_FN " + returnType(t) + " " + p + "_x_" + m + "(" + params(t, p + "_instance *", "a") + ")";
            }
            case MEMORY -> "w2m_memory *" + p + "_memory_" + m + "(" + inst + ")";
            case TABLE -> "w2m_table *" + p + "_table_" + m + "(" + inst + ")";
            default -> {
                String ct = ctype(globalTypes.get(e.index()).type());
                yield ct + (ct.endsWith("*") ? "" : " ") + "*" + p + "_global_" + m + "(" + inst + ")";
            }
        };
    }

    private String exports() {
        StringBuilder sb = new StringBuilder("\n/* Exports. */\n");
        for (Export e : module.exports()) {
            sb.append(exportPrototype(e)).append(" {\n");
            switch (e.kind()) {
                case FUNCTION -> {
                    FuncType t = functionTypes.get(e.index());
                    StringBuilder call = new StringBuilder(funcCName(e.index())).append("(inst");
                    for (int i = 0; i < t.params().size(); i++) call.append(", a").append(i);
                    call.append(')');
                    sb.append("  ").append(t.results().isEmpty() ? "" : "return ").append(call).append(";\n");
                }
                case MEMORY -> sb.append("  return inst->mem").append(e.index()).append(";\n");
                case TABLE -> sb.append("  return inst->tab").append(e.index()).append(";\n");
                default -> sb.append("  return ").append(e.index() < importedGlobals ? "inst->g" : "&inst->g")
                        .append(e.index()).append(";\n");
            }
            sb.append("}\n");
        }
        // Only with -DW2M_REFLECTION: the MicroPython glue calls exports by symbol, and a natmod linker keeps
        // every section, so unused tables would cost each .mpy their entries and name strings.
        sb.append("\n#ifdef W2M_REFLECTION\nconst w2m_export ").append(p).append("_exports[] = {\n");
        for (Export e : module.exports()) {
            String m = CNames.mangle(e.name());
            String sig = switch (e.kind()) {
                case FUNCTION -> Signatures.of(functionTypes.get(e.index()));
                case GLOBAL -> String.valueOf(Signatures.code(globalTypes.get(e.index()).type()));
                default -> "";
            };
            String fn = switch (e.kind()) {
                case FUNCTION -> p + "_x_" + m;
                case MEMORY -> p + "_memory_" + m;
                case TABLE -> p + "_table_" + m;
                default -> p + "_global_" + m;
            };
            sb.append("  {").append(cString(e.name())).append(", ").append(e.kind().code()).append(", \"").append(sig)
                    .append("\", (w2m_fn)").append(fn).append("},\n");
        }
        sb.append("  {NULL, 0, NULL, NULL}\n};\n");
        sb.append("const u32 ").append(p).append("_export_count = ").append(module.exports().size()).append("u;\n");
        sb.append("\nconst w2m_import ").append(p).append("_imports[] = {\n");
        int importedFunc = 0, importedGlobal = 0;
        for (Import i : module.imports()) {
            String sig = switch (i.kind()) {
                case FUNCTION -> Signatures.of(functionTypes.get(importedFunc++));
                case GLOBAL -> String.valueOf(Signatures.code(globalTypes.get(importedGlobal++).type()));
                default -> "";
            };
            sb.append("  {").append(cString(i.module())).append(", ").append(cString(i.name())).append(", ")
                    .append(i.kind().code()).append(", \"").append(sig).append("\"},\n");
        }
        sb.append("  {NULL, NULL, 0, NULL}\n};\n");
        sb.append("const u32 ").append(p).append("_import_count = ").append(module.imports().size()).append("u;\n#endif\n");
        return sb.toString();
    }

    static String cString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') sb.append((char) c);
            else sb.append(String.format("\\%03o", c));
        }
        return sb.append('"').toString();
    }

    private String importTrampoline(int f) {
        FuncType t = functionTypes.get(f);
        Import imp = functionImports.get(f);
        StringBuilder sb = new StringBuilder();
        sb.append("/* ").append(comment(imp.module())).append(".").append(comment(imp.name())).append(" */\n");
        sb.append("static inline W2M_FN ").append(returnType(t)).append(' ').append(funcCName(f)).append('(')
                .append(params(t, p + "_instance *", "a")).append(") {\n");
        sb.append("  const w2m_funcref *w2m_f = &inst->w2m_imports[").append(f).append("];\n  ");
        if (!t.results().isEmpty()) sb.append("return ");
        sb.append("((").append(fnPointerType(t)).append(")w2m_f->fn)(w2m_f->ctx");
        for (int i = 0; i < t.params().size(); i++) sb.append(", a").append(i);
        sb.append(");\n}\n");
        return sb.toString();
    }

    String fnPointerType(FuncType t) {
        StringBuilder sb = new StringBuilder(returnType(t)).append(" (W2M_FN *)(void *");
        for (ValType b : t.params()) sb.append(", ").append(ctype(b));
        return sb.append(')').toString();
    }

    private static void byteArray(StringBuilder sb, String name, byte[] b) {
        sb.append("static const u8 ").append(name).append("[").append(Math.max(1, b.length)).append("] = {");
        for (int k = 0; k < b.length; k++) {
            if (k % 24 == 0) sb.append("\n  ");
            sb.append(b[k] & 0xff).append(',');
        }
        if (b.length == 0) sb.append('0');
        sb.append("\n};\n");
    }

    private String staticData() {
        StringBuilder sb = new StringBuilder();
        if (memoryPlan != null && !memoryPlan.imported()) {
            dataImage = DataImage.pack(module.data(), memoryPlan.minBytes(), dataUsedAtRunTime);
        }
        if (memoryPlan != null && memoryPlan.isStatic()) {
            long bytes = Math.max(1, memoryPlan.capacityPages() * memoryPlan.pageSize());
            sb.append("/* Linear memory 0: STATIC, ").append(memoryPlan.capacityPages()).append(" pages in .bss. */\n");
            // Not static: position-independent code then reaches it through one GOT word, so a natmod linker can
            // leave it in .bss. A static array is addressed PC-relatively, which only works if the linker puts its
            // zeros into the text of the .mpy file (64 KiB per page on flash, and in executable RAM on load).
            sb.append("u8 ").append(p).append("_mem0_data[").append(bytes)
                    .append("u] __attribute__((aligned(8)));\n\n");
        }
        if (dataImage != null) {
            if (!dataImage.runs().isEmpty()) {
                sb.append("/* The active data segments, packed: copied run by run at instantiation. */\n");
                byteArray(sb, "w2m_data_image", dataImage.image());
            }
            // One run is copied by a single call with constants (see instantiate): no table.
            if (dataImage.runs().size() > 1) {
                // Halfwords when every address and length fits: most modules' data lies in their first 64 KiB.
                boolean narrow = dataImage.runs().stream().allMatch(r -> r[0] <= 0xffff && r[1] <= 0xffff);
                sb.append("static const ").append(narrow ? "u16" : "u32").append(" w2m_data_runs[")
                        .append(2 * dataImage.runs().size()).append("] = {");
                for (long[] r : dataImage.runs()) sb.append(r[0]).append("u, ").append(r[1]).append("u, ");
                sb.append("};\n");
            }
        } else {
            for (int i = 0; i < module.data().size(); i++) byteArray(sb, "w2m_data" + i, module.data().get(i).bytes());
        }
        for (int i = 0; directElementStores() == null && i < module.elements().size(); i++) {
            List<List<Instruction>> items = module.elements().get(i).init();
            sb.append("/* element segment ").append(i).append(": function index, 0xffffffff null, 0x80000000|g global */\n");
            sb.append("static const u32 w2m_elem").append(i).append("[").append(Math.max(1, items.size())).append("] = {");
            for (int k = 0; k < items.size(); k++) {
                if (k % 12 == 0) sb.append("\n  ");
                Instruction item = ConstExprs.single(items.get(k));
                long code;
                if (item instanceof Instruction.FunctionRef f) code = f.functionIndex();
                else if (item instanceof Instruction.RefNull) code = 0xffffffffL;
                else if (item instanceof Instruction.Global g) code = 0x80000000L | g.globalIndex();
                else throw new CodegenException(source + ": element segment " + i + " item " + k + " is not a reference");
                sb.append(code).append("u,");
            }
            if (items.isEmpty()) sb.append('0');
            sb.append("\n};\n");
        }
        return sb.toString();
    }

    private String mem0() { return memoryPlan.mem0(); }
    private String mem0Field(String field) { return memoryPlan.mem0Field(field); }

    private String sigConstants() {
        // Sigs are collected while emitting; emit every type the module declares so order does not matter.
        for (FuncType t : types) sigName(t);
        StringBuilder sb = new StringBuilder("\n/* Function signatures (see w2m_funcref). */\n");
        for (String s : sigs) {
            sb.append("static const char w2m_sig_").append(s.replace('>', '_')).append("[] W2M_UNUSED = \"").append(s).append("\";\n");
        }
        return sb.toString();
    }

    private String tableInitFunction() {
        StringBuilder sb = new StringBuilder("\n/* An element segment item as a reference value. */\n");
        sb.append("static void *w2m_elem_item(").append(p).append("_instance *inst, u32 code) {\n");
        sb.append("  (void)inst;\n  if (code == 0xffffffffu) return NULL;\n");
        int globals = importedGlobals + module.globals().size();
        if (globals > 0) {
            sb.append("  if (code & 0x80000000u) {\n    switch (code & 0x7fffffffu) {\n");
            for (int g = 0; g < globals; g++) {
                if (globalTypes.get(g).type().isReference()) {
                    sb.append("      case ").append(g).append("u: return ").append(globalExpr(g)).append(";\n");
                }
            }
            sb.append("      default: return NULL;\n    }\n  }\n");
        }
        sb.append("  switch (code) {\n");
        for (var e : new TreeMap<>(refSlotsAndImports()).entrySet()) {
            sb.append("    case ").append(e.getKey()).append("u: return ").append(e.getValue()).append(";\n");
        }
        sb.append("    default: return NULL;\n  }\n}\n");
        sb.append("\n/* table.init: copies n items of element segment seg from s to table index d. */\n");
        sb.append("static W2M_UNUSED void ").append(p).append("_table_init(").append(p)
                .append("_instance *inst, w2m_table *t, u32 seg, u32 d, u32 s, u32 n) {\n");
        sb.append("  const u32 *items;\n  u32 len;\n  switch (seg) {\n");
        for (int i = 0; i < module.elements().size(); i++) {
            sb.append("    case ").append(i).append("u: items = w2m_elem").append(i).append("; len = inst->w2m_elem_dropped[")
                    .append(i).append("] ? 0u : ").append(module.elements().get(i).init().size()).append("u; break;\n");
        }
        sb.append("    default: items = NULL; len = 0; break;\n  }\n");
        sb.append("  if (W2M_UNLIKELY(!w2m_range_ok(d, n, t->size) || !w2m_range_ok(s, n, len))) w2m_trap(W2M_TRAP_TABLE_OOB);\n");
        sb.append("  for (u32 i = 0; i < n; i++) t->data[d + i] = w2m_elem_item(inst, items[s + i]);\n}\n");
        return sb.toString();
    }

    private Map<Integer, String> refSlotsAndImports() {
        Map<Integer, String> m = new TreeMap<>();
        Set<Integer> used = new TreeSet<>();
        for (ElementSegment e : module.elements()) {
            for (List<Instruction> item : e.init()) {
                int f = ConstExprs.refFunc(item);
                if (f >= 0) used.add(f);
            }
        }
        for (int f : used) m.put(f, funcRefExpr(f));
        return m;
    }

    private String funcRefExpr(int f) {
        if (f < importedFuncs) return "(void *)&inst->w2m_imports[" + f + "]";
        Integer slot = refSlots.get(f);
        if (slot == null) throw new CodegenException(source + ": no reference object for function " + f);
        return "(void *)&inst->w2m_funcs[" + slot + "]";
    }

    private String globalExpr(int g) {
        return g < importedGlobals ? "(*inst->g" + g + ")" : "inst->g" + g;
    }

    /** Whether a constant expression is all zero bits: an integer or float zero (not -0.0), or a null reference. */
    static boolean isZero(List<Instruction> expr) {
        Instruction insn = ConstExprs.single(expr);
        if (insn instanceof Instruction.RefNull) return true;
        return insn instanceof Instruction.Const c && c.bits() == 0 && switch (c.opcode()) {
            case I32_CONST, I64_CONST, F32_CONST, F64_CONST -> true;
            default -> false;
        };
    }

    /** The C value of a one-instruction constant expression. */
    private String constExpr(List<Instruction> expr) {
        Instruction insn = ConstExprs.single(expr);
        if (insn instanceof Instruction.Const c) {
            return switch (c.opcode()) {
                case I32_CONST -> (c.bits() & 0xffffffffL) + "u";
                case I64_CONST -> "UINT64_C(" + Long.toUnsignedString(c.bits()) + ")";
                case F32_CONST -> f32Literal((int) c.bits());
                default -> f64Literal(c.bits());
            };
        }
        if (insn instanceof Instruction.Global g) return globalExpr(g.globalIndex());
        if (insn instanceof Instruction.RefNull) return "NULL";
        if (insn instanceof Instruction.FunctionRef f) return funcRefExpr(f.functionIndex());
        throw new CodegenException(source + ": unsupported constant expression " + expr);
    }

    /** Fewest referenced functions for which instantiation fills w2m_funcs from a table (w2m_func_list). */
    static final int FUNC_LIST_MIN = 3;

    /** The signature and function of each w2m_funcs slot, as a constant table. */
    private String funcList() {
        String[] entries = new String[refSlots.size()];
        for (var e : refSlots.entrySet()) {
            entries[e.getValue()] = "{" + sigName(functionTypes.get(e.getKey())) + ", (w2m_fn)" + funcCName(e.getKey()) + "}";
        }
        StringBuilder sb = new StringBuilder("\n/* Signature and function of each w2m_funcs slot. */\n");
        sb.append("static const struct { const char *sig; w2m_fn fn; } w2m_func_list[").append(entries.length).append("] = {");
        for (int i = 0; i < entries.length; i++) sb.append(i % 4 == 0 ? "\n  " : " ").append(entries[i]).append(',');
        return sb.append("\n};\n").toString();
    }

    /**
     * The active element segments as direct stores into their tables, or null when they need the general
     * table.init path. Direct stores need segments nothing reads after instantiation (no table.init, no
     * elem.drop in the code, so no dropped flags either), each into an own table at a constant offset that fits
     * its initial size (so it cannot trap), of own functions only. A segment's functions have consecutive slots
     * when they are distinct (slots are numbered in element order), and then one loop stores them. When the
     * first active segment stores every w2m_funcs slot in order and those slots are filled by a loop, its store
     * goes into {@code intoFuncLoop} instead, for that loop's body: one loop less (rust: 9 and 9). Later segments'
     * stores still follow it, so overlapping segments keep their order.
     */
    private String directElementStores() {
        return directElementStores(new StringBuilder());
    }

    private String directElementStores(StringBuilder intoFuncLoop) {
        if (tableInitUsed || elemDropUsed) return null;
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (ElementSegment e : module.elements()) {
            if (e.mode() != SegmentMode.ACTIVE) continue;
            int t = e.tableIndex();
            OptionalLong offset = ConstExprs.i32(e.offset());
            if (t < importedTables || offset.isEmpty()) return null;
            int n = e.init().size();
            if (offset.getAsLong() + n > module.tables().get(t - importedTables).limits().min()) return null;
            int[] slots = new int[n];
            for (int k = 0; k < n; k++) {
                Integer slot = refSlots.get(ConstExprs.refFunc(e.init().get(k)));
                if (slot == null) return null;
                slots[k] = slot;
            }
            boolean consecutive = true;
            for (int k = 1; k < n; k++) consecutive &= slots[k] == slots[0] + k;
            String data = fixedTable(t) ? "inst->tab" + t + "_slots[" : "inst->tab" + t + "_own.data[";
            boolean fuse = first && consecutive && n > 1 && slots[0] == 0 && n == refSlots.size()
                    && refSlots.size() >= FUNC_LIST_MIN;
            first = false;
            if (fuse) {
                intoFuncLoop.append("    ").append(data).append(offset.getAsLong()).append("u + i] = (void *)&inst->w2m_funcs[i];\n");
            } else if (consecutive && n > 1) {
                sb.append("  for (u32 i = 0; i < ").append(n).append("u; i++) ").append(data).append(offset.getAsLong())
                        .append("u + i] = (void *)&inst->w2m_funcs[").append(slots[0]).append("u + i];\n");
            } else if (n <= 4) {
                for (int k = 0; k < n; k++) {
                    sb.append("  ").append(data).append(offset.getAsLong() + k).append("u] = (void *)&inst->w2m_funcs[")
                            .append(slots[k]).append("];\n");
                }
            } else {
                return null;
            }
        }
        return sb.toString();
    }

    /** Most entries a table that nothing can grow keeps inside the instance instead of in a heap block. */
    static final long FIXED_TABLE_MAX_SLOTS = 1024;

    /**
     * Whether own table {@code t} keeps its entries in the instance ({@code tabN_slots}): nothing can change its
     * size, because the code has no table.grow on it and no host sees it (not exported), so instantiation needs
     * no allocation (and no out-of-memory trap) and {@code free} nothing to release. Its entries start null
     * because the host zeroes the instance (docs/c-abi.md). Valid only once the functions are emitted.
     */
    private boolean fixedTable(int t) {
        if (t < importedTables || grownTables.contains(t)) return false;
        for (Export e : module.exports()) if (e.kind() == ExternalKind.TABLE && e.index() == t) return false;
        long min = tableTypes.get(t).limits().min();
        return min >= 1 && min <= FIXED_TABLE_MAX_SLOTS;
    }

    /** Whether memory 0's accessors find the instance through the module's live-instance variable (singleInstance). */
    private boolean liveInstance() {
        return accessors != null && accessors.usesLiveInstance();
    }

    private String instantiate() {
        StringBuilder sb = new StringBuilder(refSlots.size() >= FUNC_LIST_MIN ? funcList() : "").append("\nvoid ").append(p).append("_instantiate(").append(p).append("_instance *inst) {\n");
        // w2m_depth starts at 0 like every field the host zeroed; after a trap the host resets it (docs/c-abi.md).
        // A module with nothing to initialise (no memory, table or non-zero global) leaves inst unused.
        sb.append("  (void)inst;\n");
        if (liveInstance()) sb.append("  ").append(p).append(MemoryAccessors.LIVE_INSTANCE).append(" = 0 - (uintptr_t)inst;\n");
        for (int i = 0; i < module.memories().size(); i++) {
            int m = importedMemories + i;
            sb.append("  inst->mem").append(m).append(" = &inst->mem").append(m).append("_own;\n");
            if (memoryPlan.isStatic()) {
                long cap = memoryPlan.capacityPages() * memoryPlan.pageSize();
                sb.append("  memset(").append(p).append("_mem0_data, 0, ").append(Math.max(1, cap)).append("u);\n");
                sb.append("  inst->mem0_own.data = ").append(p).append("_mem0_data;\n");
                sb.append("  inst->mem0_own.size = ").append(memoryPlan.minBytes()).append("u;\n");
                sb.append("  inst->mem0_own.committed = ").append(memoryPlan.minBytes()).append("u;\n");
                sb.append("  inst->mem0_own.pages = ").append(memoryTypes.get(0).limits().min()).append("u;\n");
                sb.append("  inst->mem0_own.max_pages = ").append(memoryPlan.capacityPages()).append("u;\n");
                sb.append("  inst->mem0_own.page_size = ").append(memoryPlan.pageSize()).append("u;\n");
                sb.append("  inst->mem0_own.is_static = 1;\n");
            } else if (memoryPlan.lazy()) {
                sb.append("  w2m_memory_init_lazy(&inst->mem0_own, ").append(memoryTypes.get(0).limits().min()).append("u, ")
                        .append(memoryPlan.maxPages()).append("u, ").append(memoryPlan.pageSize()).append("u, ")
                        .append(memoryPlan.prefixBytes()).append("u, ").append(memoryPlan.chunkShift()).append("u, ")
                        .append(memoryPlan.limit()).append("u);\n");
            } else {
                sb.append("  w2m_memory_init(&inst->mem0_own, ").append(memoryTypes.get(0).limits().min()).append("u, ")
                        .append(memoryPlan.maxPages()).append("u, ").append(memoryPlan.pageSize()).append("u);\n");
            }
        }
        for (int i = 0; i < module.tables().size(); i++) {
            int t = importedTables + i;
            TableType tt = module.tables().get(i);
            sb.append("  inst->tab").append(t).append(" = &inst->tab").append(t).append("_own;\n");
            if (fixedTable(t)) {
                sb.append("  inst->tab").append(t).append("_own.data = inst->tab").append(t).append("_slots;\n");
                sb.append("  inst->tab").append(t).append("_own.size = ").append(tt.limits().min()).append("u;\n");
                sb.append("  inst->tab").append(t).append("_own.max = ").append(tt.limits().min()).append("u;\n");
                continue;
            }
            sb.append("  w2m_table_init(&inst->tab").append(t).append("_own, ").append(tt.limits().min()).append("u, ")
                    .append(tt.limits().max().orElse(0xffffffffL)).append("u);\n");
        }
        StringBuilder elementStoreInFuncLoop = new StringBuilder();
        String direct = directElementStores(elementStoreInFuncLoop);
        if (refSlots.size() >= FUNC_LIST_MIN) {
            // From a constant table in one loop: three stores and two address loads per entry cost more.
            sb.append("  for (u32 i = 0; i < ").append(refSlots.size()).append("u; i++) {\n")
                    .append("    inst->w2m_funcs[i] = (w2m_funcref){w2m_func_list[i].sig, w2m_func_list[i].fn, inst};\n")
                    .append(elementStoreInFuncLoop).append("  }\n");
        } else {
            for (var e : refSlots.entrySet()) {
                FuncType t = functionTypes.get(e.getKey());
                sb.append("  inst->w2m_funcs[").append(e.getValue()).append("] = (w2m_funcref){").append(sigName(t))
                        .append(", (w2m_fn)").append(funcCName(e.getKey())).append(", inst};\n");
            }
        }
        // The host zeroes the instance before instantiation (docs/c-abi.md), so zero initial values and cleared
        // dropped flags need no stores (assemblyscript has eleven zero globals).
        for (int i = 0; i < module.globals().size(); i++) {
            int g = importedGlobals + i;
            if (isZero(module.globals().get(i).init())) continue;
            sb.append("  inst->g").append(g).append(" = ").append(constExpr(module.globals().get(i).init())).append(";\n");
        }
        if (direct != null) sb.append(direct);
        for (int i = 0; direct == null && i < module.elements().size(); i++) {
            ElementSegment e = module.elements().get(i);
            if (e.mode() == SegmentMode.ACTIVE) {
                sb.append("  ").append(p).append("_table_init(inst, inst->tab").append(e.tableIndex()).append(", ").append(i)
                        .append("u, ").append(constExpr(e.offset())).append(", 0u, ").append(e.init().size()).append("u);\n");
            }
            if (e.mode() != SegmentMode.PASSIVE) sb.append("  inst->w2m_elem_dropped[").append(i).append("] = 1;\n");
        }
        if (dataImage != null && dataImage.runs().size() == 1) {
            long[] r = dataImage.runs().get(0);
            sb.append("  w2m_memory_write(").append(mem0()).append(", ").append(r[0]).append("u, w2m_data_image, ").append(r[1]).append("u);\n");
        } else if (dataImage != null && !dataImage.runs().isEmpty()) {
            sb.append("  const u8 *w2m_src = w2m_data_image;\n");
            sb.append("  for (u32 i = 0; i < ").append(2 * dataImage.runs().size()).append("u; i += 2) {\n");
            sb.append("    w2m_memory_write(").append(mem0()).append(", w2m_data_runs[i], w2m_src, w2m_data_runs[i + 1]);\n");
            sb.append("    w2m_src += w2m_data_runs[i + 1];\n  }\n");
        }
        for (int i = 0; dataImage == null && i < module.data().size(); i++) {
            DataSegment d = module.data().get(i);
            if (d.mode() == SegmentMode.ACTIVE) {
                sb.append("  w2m_memory_init_segment(").append(mem0()).append(", w2m_data").append(i).append(", ").append(d.size())
                        .append("u, ").append(constExpr(d.offset())).append(", 0u, ").append(d.size()).append("u);\n");
                sb.append("  inst->w2m_data_dropped[").append(i).append("] = 1;\n");
            }
        }
        if (module.start().isPresent()) sb.append("  ").append(funcCName(module.start().getAsInt())).append("(inst);\n");
        sb.append("}\n\nvoid ").append(p).append("_free(").append(p).append("_instance *inst) {\n");
        if (memoryPlan != null && !memoryPlan.imported() && !memoryPlan.isStatic()) {
            sb.append("  w2m_memory_free(&inst->mem0_own);\n");
        }
        for (int i = 0; i < module.tables().size(); i++) {
            int t = importedTables + i;
            if (fixedTable(t)) continue;
            sb.append("  w2m_mem_realloc(inst->tab").append(t).append("_own.data, inst->tab").append(t)
                    .append("_own.size * sizeof(void *), 0);\n  inst->tab").append(t).append("_own.data = NULL;\n");
        }
        sb.append("  (void)inst;\n}\n");
        return sb.toString();
    }

    static String f32Literal(int bits) {
        float v = Float.intBitsToFloat(bits);
        if (Float.isNaN(v) || Float.isInfinite(v)) return "w2m_f32_from_bits(0x" + Integer.toHexString(bits) + "u)";
        return Float.toHexString(v) + "f";
    }

    static String f64Literal(long bits) {
        double v = Double.longBitsToDouble(bits);
        if (Double.isNaN(v) || Double.isInfinite(v)) return "w2m_f64_from_bits(UINT64_C(0x" + Long.toHexString(bits) + "))";
        return Double.toHexString(v);
    }

    /** What a {@link FunctionEmitter} asks of the module. */
    final class ModuleContext {
        Function function(int f) { return module.functions().get(f - importedFuncs); }
        FuncType functionType(int f) { return functionTypes.get(f); }
        List<FuncType> types() { return types; }
        GlobalType globalType(int g) { return globalTypes.get(g); }
        CodegenOptions options() { return options; }
        String prefix() { return p; }
        String ctype(ValType t) { return CEmitter.this.ctype(t); }
        String retStruct(FuncType t) { return CEmitter.this.retStruct(t); }
        String sigName(FuncType t) { return CEmitter.this.sigName(t); }
        String fnPointerType(FuncType t) { return CEmitter.this.fnPointerType(t); }
        String funcName(int f) { return funcCName(f); }
        String funcRef(int f) { return funcRefExpr(f); }
        String global(int g) { return globalExpr(g); }
        String table(int t) { return "inst->tab" + t; }
        String tableToGrow(int t) { grownTables.add(t); return table(t); }
        ValType tableElemType(int t) { return tableTypes.get(t).elementType(); }
        void useTableInit() { tableInitUsed = true; }
        String dataSegment(int seg) {
            dataUsedAtRunTime = true;
            return "w2m_data" + seg + ", (inst->w2m_data_dropped[" + seg + "] ? 0u : " + module.data().get(seg).size() + "u)";
        }
        String dataDrop(int seg) { dataUsedAtRunTime = true; return "inst->w2m_data_dropped[" + seg + "] = 1;"; }
        String elemDrop(int seg) { elemDropUsed = true; return "inst->w2m_elem_dropped[" + seg + "] = 1;"; }
        boolean hasMemory() { return memoryPlan != null; }
        boolean countsDepth(int f) { return countsDepth.contains(f); }
        /** Whether calling f may grow (and so move) memory: only then must a caller re-read base and size. */
        boolean mayMoveMemory(int f) {
            if (memoryPlan == null) return false;
            boolean shared = memoryPlan.imported() || (options.hostGrowsMemory()
                    && module.exports().stream().anyMatch(e -> e.kind() == ExternalKind.MEMORY));
            return movesMemory.contains(f) && (anyMemoryGrow || shared);
        }
        String memory() { return mem0(); }
        String memoryPages() {
            return memoryPlan.fixedSize() ? memoryPlan.minBytes() / memoryPlan.pageSize() + "u" : mem0Field("pages");
        }
        String memoryBase() { return memoryPlan.isStatic() ? p + "_mem0_data" : "m0"; }
        /**
         * Whether memory 0's base is known to be 8-aligned: a STATIC array is declared so, and the module's own HEAP
         * memory comes from w2m_mem_realloc, which returns blocks aligned for any scalar (docs/c-abi.md). An imported
         * memory may come from anywhere.
         */
        boolean memoryBaseAligned() { return memoryPlan != null && !memoryPlan.imported(); }
        /** The alignment (1, 2, 4 or 8) every value of global g has, see {@link #globalAlignCaps}. */
        int globalAlignment(int g) {
            if (g < importedGlobals) return 1;
            Global gl = module.globals().get(g - importedGlobals);
            OptionalLong init = ConstExprs.i32(gl.init());
            if (gl.type().type() != ValType.I32 || init.isEmpty()) return 1;
            boolean exported = module.exports().stream().anyMatch(e -> e.kind() == ExternalKind.GLOBAL && e.index() == g);
            if (exported && gl.type().mutable()) return 1;
            return Math.min(FunctionEmitter.alignmentOf(init.getAsLong()), globalAlignCaps.getOrDefault(g, 8));
        }
        /** A global.set of g stores a value known to be a multiple of align. */
        void globalAssigned(int g, int align) {
            if (align < globalAlignment(g)) loweredAlignCaps.merge(g, align, Math::min);
        }
        /** Whether generated code keeps the size (or, with a slow path, the committed bytes) in a local. */
        private boolean sizeLocal() {
            return !memoryPlan.fixedSize() && !(memoryPlan.lazy() && !memoryPlan.imported());
        }
        private String sizeField() { return memoryPlan.slowPath() ? "committed" : "size"; }
        String memoryLocals() {
            StringBuilder sb = new StringBuilder();
            if (!memoryPlan.isStatic()) sb.append("  u8 *m0 = ").append(mem0Field("data")).append(";\n");
            if (sizeLocal()) sb.append("  u32 m0size = ").append(mem0Field(sizeField())).append(";\n");
            return sb.toString();
        }
        String memoryLocalsVoid() {
            return (memoryPlan.isStatic() ? "" : " (void)m0;") + (sizeLocal() ? " (void)m0size;" : "");
        }
        /** Re-reads what a call or memory.grow may have changed; the locals keep gcc from reloading per access. */
        String memoryReload() {
            if (memoryPlan.lazy() && !memoryPlan.imported()) return ""; // a lazy memory's prefix never moves
            return (memoryPlan.isStatic() ? "" : "m0 = " + mem0Field("data") + "; ") + (sizeLocal() ? "m0size = " + mem0Field(sizeField()) + ";" : "");
        }
        /** Whether accesses past the committed prefix go to the runtime (see {@link #fastPathCondition}). */
        boolean memorySlowPath() { return memoryPlan.slowPath() && options.boundsChecks() == CodegenOptions.BoundsChecks.TRAP; }
        /**
         * For a memory with a slow path: the C condition under which an access of k bytes at addr (+ offset within
         * k) lies in the committed prefix, or null when it always does.
         */
        String fastPathCondition(String addr, long k, Long known) {
            if (memoryPlan.imported()) return "(u64)" + addr + " + " + k + "u <= m0size";
            long prefix = memoryPlan.prefixBytes();
            if (known != null && known + k <= prefix) return null;
            if (k > prefix) return "0";
            return addr + " <= " + (prefix - k) + "u";
        }
        /**
         * Whether an access of k bytes past its address (offset + width) is checked by the W2M_LD/W2M_ST macros:
         * a check is needed, and the limit minus k cannot underflow (the memory is never smaller than k).
         */
        boolean checkedByMacro(long k, Long known) {
            if (options.boundsChecks() == CodegenOptions.BoundsChecks.NONE) return false;
            if (known != null && known + k <= memoryPlan.minBytes()) return false;
            return k <= memoryPlan.minBytes();
        }
        void useAccess(String helper, long offset) { accessors.useAccess(helper, offset); }
        void useProvenAccess(String helper, long offset) { accessors.useProvenAccess(helper, offset); }
        /** Whether accesses go through the lazy memory's accessors (W2M_LZ_LD/W2M_LZ_ST, see MemoryAccessors). */
        boolean lazyAccessors() { return memoryPlan.lazy() && !memoryPlan.imported(); }
        void useLazyAccess(String helper, long offset) { accessors.useLazyAccess(helper, offset); }
        /**
         * For a lazy memory: the C condition under which an access of k bytes at addr (+ offset within k) lies
         * in the committed prefix, null when it always does, "0" when it never can.
         */
        String lazyFastPathCondition(String addr, long k, Long known) {
            long prefix = memoryPlan.prefixBytes();
            if (known != null && known + k <= prefix) return null;
            if (k > prefix) return "0";
            if (k <= LAZY_UNIFORM_REACH && prefix > LAZY_UNIFORM_REACH) {
                return addr + " < " + (prefix - LAZY_UNIFORM_REACH) + "u";
            }
            return addr + " <= " + (prefix - k) + "u";
        }
        /**
         * For widening a check to a run of accesses through one local (FunctionEmitter.widenedReach): the largest
         * constant c for which local + c wrapping past 2^32 proves that the local itself is out of bounds, i.e.
         * 2^32 - c is at least the largest size the memory can reach; -1 when no check is widened (bounds checks
         * off, or a memory with a slow path, which checks per access against its committed prefix).
         */
        long widenableSumConstant() {
            if (options.boundsChecks() != CodegenOptions.BoundsChecks.TRAP || memoryPlan.slowPath()) return -1;
            // w2m_memory_grow never lets the size reach 2^32, so it stays a whole number of pages below that.
            long largest = Math.min(memoryPlan.maxPages() * memoryPlan.pageSize(),
                    0xffffffffL / memoryPlan.pageSize() * memoryPlan.pageSize());
            return (1L << 32) - largest;
        }
        void useWideCheck() { accessors.useWideCheck(); }
        /** The C condition under which an access of k bytes at addr is out of bounds (checks on, no slow path). */
        String boundsCondition(String addr, long k) {
            if (memoryPlan.fixedSize()) return k > memoryPlan.minBytes() ? "1" : addr + " > " + (memoryPlan.minBytes() - k) + "u";
            if (memoryPlan.minBytes() >= k) return addr + " > m0size - " + k + "u";
            return "(u64)" + addr + " + " + k + "u > m0size";
        }
        String boundsCheck(String addr, long k, Long known) {
            if (options.boundsChecks() == CodegenOptions.BoundsChecks.NONE) return null;
            if (known != null && known + k <= memoryPlan.minBytes()) return null;
            String trap = " w2m_trap(W2M_TRAP_MEMORY_OOB);";
            if (memoryPlan.fixedSize()) {
                long size = memoryPlan.minBytes();
                if (k > size) return "w2m_trap(W2M_TRAP_MEMORY_OOB);";
                return "if (W2M_UNLIKELY(" + addr + " > " + (size - k) + "u))" + trap;
            }
            if (memoryPlan.minBytes() >= k) return "if (W2M_UNLIKELY(" + addr + " > m0size - " + k + "u))" + trap;
            return "if (W2M_UNLIKELY((u64)" + addr + " + " + k + "u > m0size))" + trap;
        }
        CodegenException error(int f, String message) {
            String name = module.names().functionNames().get(f);
            return new CodegenException(source + ": function " + f + (name != null ? " (" + name + ")" : "") + ": " + message);
        }
        String signature(int f) {
            FuncType t = functionTypes.get(f);
            return "static W2M_FN " + returnType(t) + " " + funcCName(f) + "(" + params(t, p + "_instance *", "l") + ")";
        }
    }
}
