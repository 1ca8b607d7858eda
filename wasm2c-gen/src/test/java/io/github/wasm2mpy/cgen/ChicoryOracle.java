package io.github.wasm2mpy.cgen;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.ValueType;
import io.github.wasm2mpy.model.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference side of the differential fuzz test: runs a {@link FuzzPlan} in Chicory's interpreter (a Java
 * implementation of the spec, not derived from our model or emitter) and returns the trace it prints.
 */
final class ChicoryOracle {
    private ChicoryOracle() {
    }

    static List<String> trace(byte[] wasm, FuzzPlan plan) {
        List<String> trace = new ArrayList<>();
        List<ImportFunction> loggers = new ArrayList<>();
        for (FuzzPlan.Logger l : plan.loggers()) {
            List<ValType> params = l.type().params();
            loggers.add(new HostFunction("fuzzing-support", l.name(), params.stream().map(ChicoryOracle::type).toList(),
                    List.of(), (instance, args) -> {
                        StringBuilder sb = new StringBuilder("log ").append(l.name());
                        for (int i = 0; i < args.length; i++) sb.append(' ').append(FuzzPlan.token(params.get(i), args[i]));
                        trace.add(sb.toString());
                        return null;
                    }));
        }
        Instance instance;
        Instance[] running = new Instance[1];
        try {
            instance = Instance.builder(Parser.parse(wasm))
                    .withImportValues(ImportValues.builder().withFunctions(loggers).build())
                    .withUnsafeExecutionListener((ins, stack) -> checkNarrowStore(ins, stack, running[0])).build();
        } catch (RuntimeException | StackOverflowError e) {
            trace.add("instantiate trap " + trapKind(e));
            return trace;
        }
        running[0] = instance;
        // Instantiation drops every active data segment (spec 4.5.4), so that memory.init of one with a nonzero
        // length traps; Chicory 1.0.0 keeps their bytes, so the oracle drops them itself.
        for (int d : plan.activeData()) instance.memory().drop(d);
        for (FuzzPlan.Call call : plan.calls()) {
            trace.add(call.line());
            long[] args = call.args().stream().mapToLong(Long::longValue).toArray();
            try {
                if (plan.hangLimitReset() != null) instance.export(plan.hangLimitReset()).apply();
                long[] results = instance.export(call.export()).apply(args);
                StringBuilder sb = new StringBuilder("result");
                List<ValType> types = call.type().results();
                for (int i = 0; i < types.size(); i++) sb.append(' ').append(FuzzPlan.token(types.get(i), results[i]));
                trace.add(sb.toString());
            } catch (RuntimeException | StackOverflowError e) {
                trace.add("trap " + trapKind(e));
            }
        }
        for (int g = 0; g < plan.globals().size(); g++) {
            long bits = instance.global(plan.firstGlobal() + g).getValue();
            trace.add("global " + g + " " + FuzzPlan.token(plan.globals().get(g).type(), bits));
        }
        if (plan.hasMemory()) {
            Memory memory = instance.memory();
            byte[] bytes = memory.readBytes(0, memory.pages() * Memory.PAGE_SIZE);
            trace.add("memory " + memory.pages() + " " + String.format("%016x", FuzzPlan.fnv1a(bytes)));
        }
        return trace;
    }

    /**
     * Chicory 1.0.0 computes the address of {@code i32.store8}, {@code i64.store8} and {@code i64.store32} as
     * {@code (int) (offset + (int) base)} without the check its other accesses make, so a base of 2^31 or more
     * plus an offset wraps around to a small address and the store lands instead of trapping (binaryen's and
     * wabt's interpreters trap, as the spec says). This listener, run before each instruction, traps those stores
     * the way the spec does: when base + offset + width, without wrapping, passes the end of memory.
     */
    private static void checkNarrowStore(Instruction ins, MStack stack, Instance instance) {
        int width = switch (ins.opcode()) {
            case I32_STORE8, I64_STORE8 -> 1;
            case I64_STORE32 -> 4;
            default -> 0;
        };
        if (width == 0) return;
        long base = stack.array()[stack.size() - 2] & 0xffffffffL;
        long end = base + ins.operand(1) + width;
        // During instantiation (no instance yet) only the start function runs stores: translate-to-fuzz has none.
        if (instance != null && end > (long) instance.memory().pages() * Memory.PAGE_SIZE) throw new WasmRuntimeException("out of bounds memory access");
    }

    private static ValueType type(ValType t) {
        return switch (t) {
            case I32 -> ValueType.I32;
            case I64 -> ValueType.I64;
            case F32 -> ValueType.F32;
            case F64 -> ValueType.F64;
            default -> throw new IllegalArgumentException("logger parameter of type " + t);
        };
    }

    /**
     * The spec's name of the trap Chicory threw, as {@code w2m_trap_message} spells it. Anything else (a bug in
     * Chicory, say) keeps its class and message, and shows up as a difference.
     */
    static String trapKind(Throwable e) {
        if (e instanceof StackOverflowError) return "call stack exhausted";
        String m = String.valueOf(e.getMessage());
        for (String kind : List.of("out of bounds memory access", "integer divide by zero", "integer overflow",
                "invalid conversion to integer", "out of bounds table access", "uninitialized element",
                "undefined element", "indirect call type mismatch", "call stack exhausted")) {
            if (m.contains(kind)) return kind;
        }
        // Chicory 1.0.0 checks memory.init's source range with signed ints: a source of 2^31 or more reaches
        // System.arraycopy, whose exception is the spec's out of bounds trap.
        if (e instanceof IndexOutOfBoundsException) return "out of bounds memory access";
        // Its memory.fill adds destination and length as ints: past 2^31 the sum wraps negative and Arrays.fill
        // refuses the range. The sum is then beyond any memory a Java array holds, so the spec traps.
        if (e instanceof IllegalArgumentException && m.matches("fromIndex\\(\\d+\\) > toIndex\\(-\\d+\\)")) {
            return "out of bounds memory access";
        }
        if (m.toLowerCase().contains("unreachable")) return "unreachable";
        return "unknown (" + e.getClass().getName() + ": " + m + ")";
    }
}
