package io.github.wasm2mpy.cgen;

import java.util.Map;
import java.util.TreeMap;

/**
 * The C through which generated functions access memory 0: the checked macros W2M_LD/W2M_ST (inline, or out of
 * line with their accessors) and a lazy memory's W2M_LZ_LD/W2M_LZ_ST. The functions report each access site
 * while they are emitted; the macros are written afterwards, shaped by how many sites of each kind and offset
 * there are.
 */
final class MemoryAccessors {
    /** Under -Os, the sites an access kind needs before its own out-of-line accessor pays off. */
    static final int LAZY_OUTLINE_SITES = 8;
    /**
     * Under -Os a kind of checked access with fewer sites than this stays inline: its accessor's body, and on
     * RV32 the 8-byte call pairs of the unlinked object, cost more than one or two inline checks (cortex-m0 /
     * rv32imc: zig 1,522 -> 1,486 / 1,928 -> 1,826 B, virgil 317 -> 305 / 419 -> 383, cpp 833 -> 825 / 1,035 -> 1,027;
     * assemblyscript rv32imc +6; with 4, assemblyscript and rust grew by 6 to 24 B).
     */
    static final int OUTLINE_ACCESS_SITES = 3;
    /**
     * Under -Os on RV32 and Armv7-M a module with fewer checked and proven access sites than this keeps every access
     * inline: with few sites the accessors' bodies cost more than the inline checks. On RV32 each call is an 8-byte
     * auipc/jalr pair in the unlinked object (rv32imc, inline / out of line: cpp, 18 sites, 949 / 1,015 B; tinygo,
     * 24, 1,672 / 1,718; zig, 33, 1,722 / 1,744; but assemblyscript, 107, 7,390 / 6,428). On Armv7-M, which has
     * unaligned loads, an inline check is small but needs the limit and base in registers: large modules gain
     * from calls at their checked sites, with the proven ones left plain (cortex-m4, inline / out of line:
     * assemblyscript 4,888 / 4,624, rust 13,139 / 12,983, coremark 10,891 / 10,895; zig, 33 sites, 1,170 / 1,218).
     * Cortex-M0 gains from outlining at every size (cpp 857 / 813).
     */
    static final int OUTLINE_MODULE_SITES = 48;

    /** How an out-of-line checked accessor traps (w2m_rt.h: on Thumb a call gcc does not count as one). */
    private static final String ACCESSOR_TRAP = " W2M_ACCESSOR_TRAP(W2M_TRAP_MEMORY_OOB);\n";

    /**
     * The name, after the module's prefix, of the variable that holds the running instance under
     * {@link CodegenOptions#singleInstance()}, as 0 minus its address.
     */
    static final String LIVE_INSTANCE = "_live_inst";

    private final String p;
    private final CEmitter.MemoryPlan memoryPlan;
    /** Whether the accessors find the instance through {@link #LIVE_INSTANCE} rather than an argument. */
    private final boolean singleInstance;
    /** Checked access kinds the functions use through W2M_LD/W2M_ST ("ld_u32", "st_u8", ...). */
    private final Map<String, Integer> accessHelpers = new TreeMap<>();
    /** The kinds of proven accesses (W2M_LDN/W2M_STN, same keys as accessHelpers) and their site counts. */
    private final Map<String, Integer> provenAccesses = new TreeMap<>();
    /** Whether some function widened a check (W2M_WIDE_CHECK, W2M_WIDE). */
    private boolean wideChecks;
    /** accessHelpers' and provenAccesses' sites by their offsets (by the same keys), for AccessorVariants. */
    private final Map<String, Map<Long, Integer>> sitesByOffset = new TreeMap<>();
    /** Access kinds that reach the lazy memory's accessors w2m_lz_ld_* / w2m_lz_st_*, with their call sites. */
    private final Map<String, Integer> lazyHelpers = new TreeMap<>();
    /** lazyHelpers' sites by their offsets (by the same keys). */
    private final Map<String, Map<Long, Integer>> lazySitesByOffset = new TreeMap<>();

    /**
     * The accessors of memory 0 laid out as {@code memoryPlan}, in a module whose names start with prefix; with
     * singleInstance they take no instance argument (see {@link CodegenOptions#singleInstance()}).
     */
    MemoryAccessors(String prefix, CEmitter.MemoryPlan memoryPlan, boolean singleInstance) {
        this.p = prefix;
        this.memoryPlan = memoryPlan;
        this.singleInstance = singleInstance;
    }

    /** An accessor's instance parameter, where it takes one. */
    private String instParam() {
        return usesLiveInstance() ? "" : p + "_instance *inst, ";
    }

    /** The instance argument of an accessor call, where it takes one. */
    private String instArg() {
        return usesLiveInstance() ? "" : "inst, ";
    }

    /**
     * The first line of an accessor's body that uses the instance: the live one, when it is not an argument.
     */
    private String liveInstance() {
        return usesLiveInstance() ? "  " + p + "_instance *inst = (" + p + "_instance *)(0 - " + p + LIVE_INSTANCE + ");\n" : "";
    }

    /** A checked access site of a kind ("ld_u32", "st_u8", ...) with this constant offset. */
    void useAccess(String helper, long offset) {
        accessHelpers.merge(helper, 1, Integer::sum);
        sitesByOffset.computeIfAbsent(helper, k -> new TreeMap<>()).merge(offset, 1, Integer::sum);
    }

    /** A proven site; it counts for the kind's helper only when the kind has checked sites too. */
    void useProvenAccess(String helper, long offset) {
        provenAccesses.merge(helper, 1, Integer::sum);
        sitesByOffset.computeIfAbsent(helper, k -> new TreeMap<>()).merge(offset, 1, Integer::sum);
    }

    /** A site of a lazy memory's accessor kind. */
    void useLazyAccess(String helper, long offset) {
        lazyHelpers.merge(helper, 1, Integer::sum);
        lazySitesByOffset.computeIfAbsent(helper, k -> new TreeMap<>()).merge(offset, 1, Integer::sum);
    }

    /** Some function widened a check (W2M_WIDE_CHECK, W2M_WIDE). */
    void useWideCheck() {
        wideChecks = true;
    }

    /**
     * Whether the accessors read the live-instance variable instead of taking the instance: with singleInstance,
     * when some kind has an accessor that -Os calls and that needs the instance. Accessors that only the forced
     * level 2 calls (the spec harness) would not pay for the variable, its setting in instantiate and in the glue
     * (tinygo, whose kinds all have fewer sites: +44 to +64 bytes of .mpy), so then every accessor takes the argument.
     */
    boolean usesLiveInstance() {
        if (!singleInstance) return false;
        boolean checked = checkedAccessorsNeedInstance()
                && accessHelpers.keySet().stream().anyMatch(h -> checkedSites(h) >= OUTLINE_ACCESS_SITES);
        return checked || lazyHelpers.values().stream().anyMatch(sites -> sites >= LAZY_OUTLINE_SITES);
    }

    /** Whether the checked accessors read the instance: all but a fixed-size .bss memory's (constant base and limit). */
    private boolean checkedAccessorsNeedInstance() {
        return !memoryPlan.isStatic() || !memoryPlan.fixedSize();
    }

    /** A checked kind's sites: its checked ones, and its proven ones, which call its accessor too (see W2M_LDN). */
    private int checkedSites(String helper) {
        return accessHelpers.get(helper) + provenAccesses.getOrDefault(helper, 0);
    }

    /**
     * The W2M_LD/W2M_ST macros of memory 0. At -O2 each access checks inline against a local copy of the size
     * (or a constant, for a fixed-size memory). Under -Os each kind of access is one out-of-line function that
     * checks and accesses, so an access site is a call with the address and the offset: on targets without
     * unaligned loads (Cortex-M0, RV32) the inline form costs about three times as much code per access.
     * {@code -DW2M_OUTLINE_ACCESS=0} or {@code =1} overrides the choice.
     */
    String checkedAccessMacros() {
        if (accessHelpers.isEmpty() && provenAccesses.isEmpty()) return "";
        boolean fixed = memoryPlan.fixedSize();
        boolean needsInst = checkedAccessorsNeedInstance();
        String limit = fixed ? memoryPlan.minBytes() + "u" : "m0size";
        String helperLimit = fixed ? memoryPlan.minBytes() + "u" : memoryPlan.mem0Field("size");
        String base = memoryPlan.isStatic() ? p + "_mem0_data" : "m0";
        String helperBase = memoryPlan.isStatic() ? p + "_mem0_data" : memoryPlan.mem0Field("data");
        String instParam = needsInst ? instParam() : "";
        String instArg = needsInst ? instArg() : "";
        String live = needsInst ? liveInstance() : "";
        StringBuilder sb = new StringBuilder("\n/* Checked accesses to memory 0: inline at -O2, out of line under -Os. */\n");
        // The inline checked access, once: the -O2 macros and, under -Os, the kinds with few sites expand to it.
        sb.append("#define W2M_INLINE_LD(t, n, a, o) (W2M_UNLIKELY((a) > ").append(limit)
                .append(" - ((o) + (n))) ? w2m_trap(W2M_TRAP_MEMORY_OOB) : (void)0, w2m_load_##t(").append(base)
                .append(" + (a) + (o)))\n");
        sb.append("#define W2M_INLINE_ST(t, n, a, o, v) do { if (W2M_UNLIKELY((a) > ").append(limit)
                .append(" - ((o) + (n)))) w2m_trap(W2M_TRAP_MEMORY_OOB); w2m_store_##t(").append(base)
                .append(" + (a) + (o), v); } while (0)\n");
        // x86 keeps the inline form even under -Os: there a check and a load are a few bytes, less than the call.
        // On RV32 and Armv7-M a module with few access sites keeps them inline too (see OUTLINE_MODULE_SITES).
        int moduleSites = accessHelpers.values().stream().mapToInt(Integer::intValue).sum()
                + provenAccesses.values().stream().mapToInt(Integer::intValue).sum();
        sb.append("#ifndef W2M_OUTLINE_ACCESS\n")
                .append(moduleSites < OUTLINE_MODULE_SITES
                        ? "#if defined(__OPTIMIZE_SIZE__) && !defined(__ARM_FEATURE_UNALIGNED) && !defined(__x86_64__) && !defined(__i386__) && !defined(__riscv)\n"
                        : "#if defined(__OPTIMIZE_SIZE__) && !defined(__x86_64__) && !defined(__i386__)\n")
                .append("#define W2M_OUTLINE_ACCESS 1\n#else\n#define W2M_OUTLINE_ACCESS 0\n#endif\n#endif\n#if W2M_OUTLINE_ACCESS\n");
        for (var use : accessHelpers.entrySet()) {
            String h = use.getKey();
            boolean load = h.startsWith("ld_");
            String kind = h.substring(3);
            int sites = checkedSites(h);
            // Level 2 outlines every kind (the spec harness uses it to run each accessor).
            boolean few = sites < OUTLINE_ACCESS_SITES;
            if (few) sb.append("#if W2M_OUTLINE_ACCESS >= 2\n");
            AccessorVariants variants = AccessorVariants.of(sitesByOffset.get(h));
            int width = width(kind);
            String ctype = ctype(kind);
            // A helper with a few call sites is left to gcc, which inlines it where that is smaller; one with many
            // stays out of line (noinline, not noipa: gcc still drops a parameter every site passes alike, and
            // its interprocedural register allocation lets a caller keep values in registers the accessor leaves).
            variants.write(sb, "w2m_", load, kind, ctype, instParam, instArg, () -> {
                String check = live + "  if (W2M_UNLIKELY(a > " + helperLimit + " - " + width + "u))" + ACCESSOR_TRAP;
                int calls = variants.general() || !variants.offsets().isEmpty() ? sites : variants.zeroSites();
                accessHelper(sb, calls, load, kind, ctype, instParam + "u32 a", check, helperBase + " + a", 0L);
            }, () -> {
                // The macros are only used where the memory is at least offset + width bytes, so limit - width
                // cannot underflow; the two comparisons together are addr + offset + width <= limit without overflow.
                String check = live + "  if (W2M_UNLIKELY(a > " + helperLimit + " - " + width + "u || o > " + helperLimit + " - "
                        + width + "u - a))" + ACCESSOR_TRAP;
                accessHelper(sb, sites, load, kind, ctype, instParam + "u32 a, u32 o", check, helperBase + " + a + o", null);
            });
            sb.append("#define W2M_").append(load ? "LD_" : "ST_").append(kind).append(load ? "(a, o) " : "(a, o, v) ")
                    .append(variants.dispatch("w2m_", load, kind, instArg)).append('\n');
            if (few) {
                sb.append("#else\n").append(inlineAccess(load, kind)).append("#endif\n");
            }
        }
        sb.append("#define W2M_LD(t, n, a, o) W2M_LD_##t(a, o)\n");
        sb.append("#define W2M_ST(t, n, a, o, v) W2M_ST_##t(a, o, v)\n");
        // Where unaligned moves exist (Armv7-M, or x86 forced out of line) an access an earlier check proved is
        // one plain move, and a widened check pays as it does inline.
        sb.append("#if !W2M_STRICT_TARGET\n").append(plainProvenAccesses(base)).append("#else\n");
        // On targets without them (Cortex-M0, RV32, Xtensa), a call of the kind's checked helper when there is
        // one, smaller than the byte-wise access (or memcpy call) gcc makes of an unchecked one; without a helper
        // the plain access, which gcc keeps out of line itself when that is smaller.
        sb.append("#define W2M_LDN(t, n, a, o) W2M_LDN_##t(a, o)\n#define W2M_STN(t, n, a, o, v) W2M_STN_##t(a, o, v)\n");
        for (String h : provenAccesses.keySet()) {
            String kind = h.substring(3);
            boolean load = h.startsWith("ld_");
            String macro = "#define W2M_" + (load ? "LDN_" : "STN_") + kind + (load ? "(a, o) " : "(a, o, v) ");
            String plain = (load ? "w2m_load_" : "w2m_store_") + kind + "(" + base + (load ? " + (a) + (o))\n" : " + (a) + (o), v)\n");
            if (accessHelpers.containsKey(h)) {
                String checked = macro + "W2M_" + (load ? "LD_" : "ST_") + kind + (load ? "(a, o)\n" : "(a, o, v)\n");
                if (accessHelpers.get(h) + provenAccesses.get(h) < OUTLINE_ACCESS_SITES) {
                    sb.append("#if W2M_OUTLINE_ACCESS >= 2\n").append(checked).append("#else\n").append(macro).append(plain)
                            .append("#endif\n");
                } else {
                    sb.append(checked);
                }
            } else {
                sb.append(macro).append(plain);
            }
        }
        // A check widened to the accesses after it (FunctionEmitter.widenedReach) pays where accesses are inline;
        // out of line, the accesses it covers stay calls of the checked helpers and the check is left out.
        if (wideChecks) sb.append("#define W2M_WIDE_CHECK(c) ((void)0)\n#define W2M_WIDE(checked, proven) checked\n");
        sb.append("#endif\n#else\n");
        sb.append("#define W2M_LD(t, n, a, o) W2M_INLINE_LD(t, n, a, o)\n");
        sb.append("#define W2M_ST(t, n, a, o, v) W2M_INLINE_ST(t, n, a, o, v)\n");
        sb.append(plainProvenAccesses(base));
        sb.append("#endif\n");
        return sb.toString();
    }

    /** W2M_LDN/W2M_STN as plain moves, and widened checks made: what inline accesses use. */
    private String plainProvenAccesses(String base) {
        StringBuilder sb = new StringBuilder();
        if (wideChecks) {
            sb.append("#define W2M_WIDE_CHECK(c) do { if (W2M_UNLIKELY(c)) w2m_trap(W2M_TRAP_MEMORY_OOB); } while (0)\n")
                    .append("#define W2M_WIDE(checked, proven) proven\n");
        }
        sb.append("#define W2M_LDN(t, n, a, o) w2m_load_##t(").append(base).append(" + (a) + (o))\n");
        sb.append("#define W2M_STN(t, n, a, o, v) w2m_store_##t(").append(base).append(" + (a) + (o), v)\n");
        return sb.toString();
    }

    /** The inline checked access of one kind, as W2M_LD/W2M_ST are at -O2. */
    private static String inlineAccess(boolean load, String kind) {
        return load
                ? "#define W2M_LD_" + kind + "(a, o) W2M_INLINE_LD(" + kind + ", " + width(kind) + "u, a, o)\n"
                : "#define W2M_ST_" + kind + "(a, o, v) W2M_INLINE_ST(" + kind + ", " + width(kind) + "u, a, o, v)\n";
    }

    /**
     * One out-of-line checked accessor with its own body: the zero-offset w2m_ld0_KIND / w2m_st0_KIND (offset 0) or
     * the general w2m_ld_KIND / w2m_st_KIND (null).
     */
    private static void accessHelper(StringBuilder sb, int sites, boolean load, String kind, String ctype, String params,
                                     String check, String pointer, Long offset) {
        String attrs = sites >= 4 ? "static W2M_NOINLINE W2M_FN " : "static W2M_FN ";
        String name = AccessorVariants.name("w2m_", load, kind, offset);
        if (load) {
            sb.append(attrs).append(ctype).append(' ').append(name).append('(').append(params).append(") {\n").append(check)
                    .append("  return w2m_acc_load_").append(kind).append('(').append(pointer).append(");\n}\n");
        } else {
            sb.append(attrs).append("void ").append(name).append('(').append(params).append(", ").append(ctype).append(" v) {\n")
                    .append(check).append("  w2m_acc_store_").append(kind).append('(').append(pointer).append(", v);\n}\n");
        }
    }

    /**
     * The accesses to a lazily committed memory 0. A site is W2M_LZ_LD(kind, fast-path condition, address,
     * offset) or W2M_LZ_ST(..., value). At -O2 it checks inline: base + address when the access lies in the
     * committed prefix (which never moves), else the runtime's w2m_mem_load_* / w2m_mem_store_*, which trap
     * beyond the logical size and commit chunks. Under -Os, a kind with at least {@link #LAZY_OUTLINE_SITES} sites
     * gets one accessor that does both, and each site is a call of it: the inline check, access and slow call
     * cost about three times as much code per site (rust: 28.1 KB of Cortex-M0 code inline, 17.1 KB with calls);
     * a kind with fewer sites does not pay for its accessor. {@code -DW2M_OUTLINE_LAZY_ACCESS=0} or {@code =1}
     * overrides the choice; {@code =2} makes every kind a call.
     */
    String lazyAccessMacros() {
        if (lazyHelpers.isEmpty()) return "";
        long prefix = memoryPlan.prefixBytes();
        StringBuilder sb = new StringBuilder("\n/* Accesses to memory 0, committed lazily: its first ").append(prefix)
                .append(" bytes are one block at m0. */\n");
        sb.append("#ifndef W2M_OUTLINE_LAZY_ACCESS\n#ifdef __OPTIMIZE_SIZE__\n#define W2M_OUTLINE_LAZY_ACCESS 1\n")
                .append("#else\n#define W2M_OUTLINE_LAZY_ACCESS 0\n#endif\n#endif\n");
        sb.append("#define W2M_LZ_LD(t, c, a, o) W2M_LZ_LD_##t(c, a, o)\n");
        sb.append("#define W2M_LZ_ST(t, c, a, o, v) W2M_LZ_ST_##t(c, a, o, v)\n");
        sb.append("#define W2M_LZ_INLINE_LD(t, c, a, o) (W2M_LIKELY(c) ? w2m_load_##t(m0 + (a) + (o))")
                .append(" : w2m_mem_load_##t(").append(memoryPlan.mem0()).append(", a, o))\n");
        sb.append("#define W2M_LZ_INLINE_ST(t, c, a, o, v) do { if (W2M_LIKELY(c)) w2m_store_##t(m0 + (a) + (o), v);")
                .append(" else w2m_mem_store_##t(").append(memoryPlan.mem0()).append(", a, o, v); } while (0)\n");
        StringBuilder choices = new StringBuilder();
        for (var use : lazyHelpers.entrySet()) {
            String h = use.getKey();
            String kind = h.substring(3);
            boolean load = h.startsWith("ld_");
            int sites = use.getValue();
            AccessorVariants variants = AccessorVariants.of(lazySitesByOffset.get(h));
            String outlined = variants.dispatch("w2m_lz_", load, kind, instArg());
            String macro = load ? "W2M_LZ_LD_" + kind + "(c, a, o) " : "W2M_LZ_ST_" + kind + "(c, a, o, v) ";
            // Level 2 outlines every kind (the spec harness uses it to run each accessor).
            choices.append("#if W2M_OUTLINE_LAZY_ACCESS >= ").append(sites >= LAZY_OUTLINE_SITES ? 1 : 2)
                    .append("\n#define ").append(macro).append(outlined)
                    .append("\n#else\n#define ").append(macro).append(load ? "W2M_LZ_INLINE_LD(" + kind + ", c, a, o)"
                            : "W2M_LZ_INLINE_ST(" + kind + ", c, a, o, v)").append("\n#endif\n");
            variants.write(sb, "w2m_lz_", load, kind, ctype(kind), instParam(), instArg(),
                    () -> lazyAccessor(sb, load, kind, prefix, false), () -> lazyAccessor(sb, load, kind, prefix, true));
        }
        sb.append(choices);
        return sb.toString();
    }

    /**
     * One accessor of a lazy memory: the access in place when it lies in the committed prefix, else the
     * runtime's slow path, which traps beyond the memory's size and commits chunks. noipa: gcc's per-caller
     * specialisation would make every call site bigger.
     */
    private void lazyAccessor(StringBuilder sb, boolean load, String kind, long prefix, boolean withOffset) {
        int width = width(kind);
        String ctype = ctype(kind);
        String attrs = "static W2M_NOIPA W2M_UNUSED W2M_FN ";
        String name = AccessorVariants.name("w2m_lz_", load, kind, withOffset ? null : 0L);
        String params = instParam() + "u32 a" + (withOffset ? ", u32 o" : "");
        String at = withOffset ? "a + o" : "a";
        String slowArgs = memoryPlan.mem0() + ", a, " + (withOffset ? "o" : "0u");
        // The two comparisons together are addr + offset + width <= prefix without overflow.
        String inPrefix = prefix < width ? null : "W2M_LIKELY(a <= " + (prefix - width) + "u"
                + (withOffset ? " && o <= " + (prefix - width) + "u - a" : "") + ")";
        if (load) {
            sb.append(attrs).append(ctype).append(' ').append(name).append('(').append(params).append(") {\n")
                    .append(liveInstance());
            if (inPrefix != null) {
                sb.append("  if (").append(inPrefix).append(") return w2m_acc_load_").append(kind)
                        .append("(").append(memoryPlan.mem0Field("data")).append(" + ").append(at).append(");\n");
            }
            sb.append("  return w2m_mem_load_").append(kind).append("(").append(slowArgs).append(");\n}\n");
        } else {
            sb.append(attrs).append("void ").append(name).append('(').append(params).append(", ").append(ctype)
                    .append(" v) {\n").append(liveInstance());
            if (inPrefix != null) {
                sb.append("  if (").append(inPrefix).append(") w2m_acc_store_").append(kind)
                        .append("(").append(memoryPlan.mem0Field("data")).append(" + ").append(at).append(", v);\n  else ");
            } else {
                sb.append("  ");
            }
            sb.append("w2m_mem_store_").append(kind).append("(").append(slowArgs).append(", v);\n}\n");
        }
    }

    private static String ctype(String kind) {
        return switch (kind) {
            case "u64" -> "u64";
            case "f32" -> "f32";
            case "f64" -> "f64";
            default -> "u32";
        };
    }

    private static int width(String kind) {
        return switch (kind) {
            case "u8", "s8" -> 1;
            case "u16", "s16" -> 2;
            case "u32", "f32" -> 4;
            default -> 8;
        };
    }
}
