package io.github.wasm2mpy.cgen;

import io.github.wasm2mpy.model.Export;
import io.github.wasm2mpy.model.ExternalKind;
import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.GlobalType;
import io.github.wasm2mpy.model.Import;
import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.SegmentMode;
import io.github.wasm2mpy.model.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the differential fuzz test does with one module, and the trace both sides print while doing it.
 *
 * <p>Each exported function (but binaryen's {@code hangLimitInitializer}) is called once with zeros, as binaryen's
 * own harness does, and, if it has parameters, once more with values picked by the seed from a list of edge
 * cases. Before every call {@code hangLimitInitializer} resets the module's hang limit, which bounds every loop
 * and call chain of a translate-to-fuzz module: so every call ends, and recursion stays ten calls deep, far
 * from any call depth limit.
 *
 * <p>The trace is text, one event a line: {@code call NAME ARGS}, {@code log IMPORT ARGS} for each call of a
 * {@code fuzzing-support} import, then {@code result VALUES} or {@code trap KIND}; after the last call
 * {@code global INDEX VALUE} for each global the module defines and {@code memory PAGES FNV1A64} for memory 0. A
 * value is {@code i32:} or {@code i64:} and its unsigned decimal, or {@code f32:}/{@code f64:} and its bits in hex,
 * except that every NaN prints as {@code nan}: the spec lets an operation return any NaN of the right kind
 * (canonical or arithmetic), so NaN bits are not something two correct engines must agree on.
 *
 * @param calls the calls, in export order
 * @param hangLimitReset the export that resets the hang limit before each call, or null
 * @param loggers the imported functions, in import order; all are {@code fuzzing-support} loggers (no results)
 * @param globals the types of the module's own globals, from index {@code firstGlobal}
 * @param hasMemory whether the module has a memory (then the trace ends with its digest)
 * @param activeData the indices of the active data segments, which instantiation drops
 */
record FuzzPlan(List<Call> calls, String hangLimitReset, List<Logger> loggers, int firstGlobal,
        List<GlobalType> globals, boolean hasMemory, List<Integer> activeData) {

    /** The export binaryen's harness calls before each export to reset the hang limit. */
    static final String HANG_LIMIT_INITIALIZER = "hangLimitInitializer";

    /** One call: export name, type, arguments as raw bits (f32 in the low 32). */
    record Call(String export, FuncType type, List<Long> args) {
        /** The trace's line for this call. */
        String line() {
            StringBuilder sb = new StringBuilder("call ").append(export);
            for (int i = 0; i < args.size(); i++) sb.append(' ').append(token(type.params().get(i), args.get(i)));
            return sb.toString();
        }
    }

    /** An imported logging function: its name and parameter types. */
    record Logger(String name, FuncType type) {}

    /** The plan for {@code module}; {@code seed} picks the edge-case arguments. */
    static FuzzPlan of(Module module, long seed) {
        List<Logger> loggers = new ArrayList<>();
        for (Import imp : module.imports()) {
            if (imp.kind() != ExternalKind.FUNCTION || !imp.module().equals("fuzzing-support")) {
                throw new IllegalArgumentException("import " + imp.module() + "." + imp.name() + " (" + imp.kind()
                        + "): the fuzz harness provides only fuzzing-support's logging functions");
            }
            FuncType t = module.functionType(loggers.size());
            if (!t.results().isEmpty()) throw new IllegalArgumentException("import fuzzing-support." + imp.name() + " returns values");
            loggers.add(new Logger(imp.name(), t));
        }
        Random random = new Random(seed);
        List<Call> calls = new ArrayList<>();
        String reset = null;
        for (Export e : module.exports()) {
            if (e.kind() != ExternalKind.FUNCTION) continue;
            if (e.name().equals(HANG_LIMIT_INITIALIZER)) {
                reset = e.name();
                continue;
            }
            FuncType t = module.functionType(e.index());
            List<Long> zeros = new ArrayList<>();
            List<Long> edges = new ArrayList<>();
            for (ValType p : t.params()) {
                zeros.add(0L);
                edges.add(edgeCase(p, random));
            }
            calls.add(new Call(e.name(), t, zeros));
            if (!t.params().isEmpty()) calls.add(new Call(e.name(), t, edges));
        }
        int firstGlobal = module.importedGlobalCount();
        List<GlobalType> globals = module.allGlobals().subList(firstGlobal, module.allGlobals().size());
        List<Integer> activeData = new ArrayList<>();
        for (int d = 0; d < module.data().size(); d++) {
            if (module.data().get(d).mode() == SegmentMode.ACTIVE) activeData.add(d);
        }
        return new FuzzPlan(calls, reset, loggers, firstGlobal, List.copyOf(globals), !module.allMemories().isEmpty(),
                List.copyOf(activeData));
    }

    private static final int[] I32_EDGES = {0, 1, -1, 2, 7, 8, 16, 255, 256, 0xffff, 0x10000, 0x7fffffff,
            0x80000000, 0xfffffff8, 100, 1024, 65535 * 16};
    private static final long[] I64_EDGES = {0, 1, -1, 0x7fffffffL, 0x80000000L, 0xffffffffL, 0x100000000L,
            Long.MAX_VALUE, Long.MIN_VALUE, -4294967296L, 42};
    private static final float[] F32_EDGES = {0f, -0f, 1f, -1f, 0.5f, -1.5f, 1e10f, -1e-10f, Float.MIN_VALUE,
            Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 2147483648f, -2147483904f, 4294967296f,
            65536.75f};
    private static final double[] F64_EDGES = {0d, -0d, 1d, -1d, 0.5d, -1.5d, 1e300, -1e-300, Double.MIN_VALUE,
            Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2147483648d, -2147483649d,
            9223372036854775808d, 18446744073709551615d, 4294967295.5d};

    /**
     * An edge case of type {@code t}, or now and then a random value. Never a NaN: arithmetic on one gives a NaN
     * whose bits the spec leaves open, and such bits reach the trace through a reinterpret or a store.
     */
    private static long edgeCase(ValType t, Random r) {
        boolean any = r.nextInt(4) == 0;
        return switch (t) {
            case I32 -> (any ? r.nextInt() : I32_EDGES[r.nextInt(I32_EDGES.length)]) & 0xffffffffL;
            case I64 -> any ? r.nextLong() : I64_EDGES[r.nextInt(I64_EDGES.length)];
            case F32 -> Float.floatToRawIntBits(any ? (float) (r.nextGaussian() * 1e4) : F32_EDGES[r.nextInt(F32_EDGES.length)])
                    & 0xffffffffL;
            case F64 -> Double.doubleToRawLongBits(any ? r.nextGaussian() * 1e9 : F64_EDGES[r.nextInt(F64_EDGES.length)]);
            default -> throw new IllegalArgumentException("parameter of type " + t + " in an export");
        };
    }

    /** The trace's text of a value of type {@code t} with raw bits {@code bits}. */
    static String token(ValType t, long bits) {
        return switch (t) {
            case I32 -> "i32:" + Integer.toUnsignedString((int) bits);
            case I64 -> "i64:" + Long.toUnsignedString(bits);
            case F32 -> Float.isNaN(Float.intBitsToFloat((int) bits)) ? "f32:nan" : String.format("f32:%08x", bits & 0xffffffffL);
            case F64 -> Double.isNaN(Double.longBitsToDouble(bits)) ? "f64:nan" : String.format("f64:%016x", bits);
            default -> t.name().toLowerCase() + ":ref";
        };
    }

    /** FNV-1a, 64 bits: the trace's digest of a memory. */
    static long fnv1a(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
