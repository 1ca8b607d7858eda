package io.github.wasm2mpy.cgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The out-of-line accessors one kind of memory access gets under -Os, from the offsets its sites use. A body
 * without the offset argument ({@code zero}: zero-offset sites pass one argument less); a stub per frequent offset
 * ({@code offsets}: a site passes no offset, 2 bytes on Thumb and RV32C, and gcc has one value less to place)
 * that adds it and calls that body; and the general accessor for the other offsets ({@code general}), itself such
 * a stub when the body exists. A stub turns a sum that wraps into 2^32 - 1, which no memory reaches, so the
 * body's check traps for it and the check and the access are compiled once.
 */
record AccessorVariants(boolean zero, int zeroSites, List<Long> offsets, boolean general) {
    /** Zero-offset sites a kind needs before the body without the offset pays for itself beside the general one. */
    static final int ZERO_OFFSET_SITES = 12;
    /** Sites one nonzero offset needs before its own stub pays (rust cortex-m0 / rv32imc with 8: −376 / −320 B). */
    static final int OFFSET_SITES = 8;

    /** The variants for a kind whose sites use these offsets (offset → sites). */
    static AccessorVariants of(Map<Long, Integer> sitesByOffset) {
        int sites = sitesByOffset.values().stream().mapToInt(Integer::intValue).sum();
        int zeroSites = sitesByOffset.getOrDefault(0L, 0);
        List<Long> offsets = new ArrayList<>();
        int covered = 0;
        for (var e : sitesByOffset.entrySet()) {
            if (e.getKey() != 0 && e.getValue() >= OFFSET_SITES) {
                offsets.add(e.getKey());
                covered += e.getValue();
            }
        }
        offsets.sort(null);
        boolean zero = zeroSites == sites || zeroSites >= ZERO_OFFSET_SITES || !offsets.isEmpty();
        if (zero) covered += zeroSites;
        return new AccessorVariants(zero, zeroSites, List.copyOf(offsets), covered < sites);
    }

    /** Whether the general accessor is a stub that goes on as the zero-offset body. */
    boolean generalIsStub() {
        return zero && general;
    }

    /**
     * The macro body that picks the accessor by the constant offset {@code o} of a site: nested conditionals,
     * which the compiler folds, ending in the accessor that covers every remaining site.
     */
    String dispatch(String zeroCall, LongFunction<String> offsetCall, String generalCall) {
        List<String[]> choices = new ArrayList<>();
        if (zero && zeroSites > 0) choices.add(new String[] {"(o) == 0u", zeroCall});
        for (long offset : offsets) choices.add(new String[] {"(o) == " + offset + "u", offsetCall.apply(offset)});
        if (general) choices.add(new String[] {null, generalCall});
        StringBuilder sb = new StringBuilder();
        for (String[] choice : choices.subList(0, choices.size() - 1)) {
            sb.append('(').append(choice[0]).append(" ? ").append(choice[1]).append(" : ");
        }
        return sb.append(choices.get(choices.size() - 1)[1]).append(")".repeat(choices.size() - 1)).toString();
    }

    /** The macro body for a kind's sites: {@link #dispatch} over the calls of the accessors named with prefix. */
    String dispatch(String prefix, boolean load, String kind, String instArg) {
        return dispatch(call(prefix, load, kind, 0L, instArg), offset -> call(prefix, load, kind, offset, instArg),
                call(prefix, load, kind, null, instArg));
    }

    /**
     * Writes the kind's accessors: the zero-offset body (zeroBody writes it), a stub per frequent offset, and the
     * general accessor, a stub beside the zero-offset body, else its own body (generalBody).
     */
    void write(StringBuilder sb, String prefix, boolean load, String kind, String ctype, String instParam,
               String instArg, Runnable zeroBody, Runnable generalBody) {
        if (zero) zeroBody.run();
        for (long offset : offsets) sb.append(stub(prefix, load, kind, ctype, instParam, instArg, offset));
        if (generalIsStub()) {
            sb.append(stub(prefix, load, kind, ctype, instParam, instArg, null));
        } else if (general) {
            generalBody.run();
        }
    }

    /**
     * An accessor's name: {@code <prefix>ld<offset>_<kind>} (0: the zero-offset body, another offset: its stub) or,
     * for a null offset, the general {@code <prefix>ld_<kind>}; {@code st} for stores.
     */
    static String name(String prefix, boolean load, String kind, Long offset) {
        return prefix + (load ? "ld" : "st") + (offset == null ? "" : offset.toString()) + "_" + kind;
    }

    /** A site's call of an accessor (see {@link #name}): the general one takes the offset o. */
    private static String call(String prefix, boolean load, String kind, Long offset, String instArg) {
        return name(prefix, load, kind, offset) + "(" + instArg + "a" + (offset == null ? ", o" : "") + (load ? ")" : ", v)");
    }

    /**
     * A stub: the address plus {@code offset} (the argument {@code o} when null), 2^32 - 1 when that wraps, passed
     * to the zero-offset body {@code <prefix>ld0_<kind>} / {@code <prefix>st0_<kind>}.
     */
    static String stub(String prefix, boolean load, String kind, String ctype, String instParam, String instArg,
                       Long offset) {
        String params = instParam + "u32 a" + (offset == null ? ", u32 o" : "") + (load ? "" : ", " + ctype + " v");
        String sum = "  u32 s = a + " + (offset == null ? "o" : offset + "u") + ";\n  s |= 0u - (u32)(s < a);\n";
        return "static W2M_NOINLINE W2M_UNUSED W2M_FN " + (load ? ctype : "void") + " " + name(prefix, load, kind, offset)
                + "(" + params + ") {\n" + sum + "  " + (load ? "return " : "") + name(prefix, load, kind, 0L) + "("
                + instArg + "s" + (load ? "" : ", v") + ");\n}\n";
    }
}
