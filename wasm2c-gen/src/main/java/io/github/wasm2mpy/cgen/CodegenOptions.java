package io.github.wasm2mpy.cgen;

import java.util.Objects;

/**
 * How {@link CEmitter} writes C. Immutable; build with {@link #builder()}.
 *
 * @param prefix          prefix of every public C symbol of the module (instance type, instantiate, exports);
 *                        a C identifier
 * @param memory          where linear memory lives
 * @param boundsChecks    whether memory accesses are checked
 * @param maxMemory       cap in bytes on any memory (declared maximum and growth); 0 means only the spec's
 *                        limit. A module whose declared minimum or data does not fit fails at build time.
 * @param callDepthLimit  nested wasm calls allowed before trapping with "call stack exhausted"; 0 disables the
 *                        counter (then deep recursion overflows the C stack)
 * @param removeDeadCode  emit only functions reachable from exports, start, element segments and ref.func
 * @param hostGrowsMemory whether something outside the module (the host, or another module importing it) may
 *                        grow an exported memory. The spec allows it, hence the default; a host that never does
 *                        (the MicroPython glue) sets false, so a module without memory.grow gets a fixed-size
 *                        memory: STATIC placement under AUTO and bounds checks against a constant
 */
public record CodegenOptions(
        String prefix,
        MemoryMode memory,
        BoundsChecks boundsChecks,
        long maxMemory,
        int callDepthLimit,
        boolean removeDeadCode,
        boolean hostGrowsMemory) {

    /** Placement of a module's linear memory. */
    public enum MemoryMode {
        /** STATIC when the memory cannot grow past a declared size that fits {@code maxMemory}, else HEAP. */
        AUTO,
        /**
         * A {@code .bss} array sized for the declared maximum: constant base, no pointer load per access. Falls
         * back to HEAP for a memory without a usable maximum (growth would otherwise change meaning).
         */
        STATIC,
        /** Allocated (and grown) through the host hook {@code w2m_mem_realloc}. */
        HEAP
    }

    /** Memory access checks. */
    public enum BoundsChecks {
        /** Every access the generator cannot prove in bounds traps when out of bounds (the spec). */
        TRAP,
        /** No checks: an out-of-bounds access corrupts the host. Unsafe; only for trusted modules. */
        NONE
    }

    public CodegenOptions {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(boundsChecks, "boundsChecks");
        if (!prefix.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("prefix is not a C identifier: '" + prefix + "'");
        }
        if (maxMemory < 0) {
            throw new IllegalArgumentException("maxMemory must be >= 0, was " + maxMemory);
        }
        if (callDepthLimit < 0) {
            throw new IllegalArgumentException("callDepthLimit must be >= 0, was " + callDepthLimit);
        }
    }

    /** The defaults: prefix {@code wasm}, AUTO memory, trapping checks, call depth 500, dead code removed. */
    public static CodegenOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().prefix(prefix).memory(memory).boundsChecks(boundsChecks).maxMemory(maxMemory)
                .callDepthLimit(callDepthLimit).removeDeadCode(removeDeadCode).hostGrowsMemory(hostGrowsMemory);
    }

    /** Builder of {@link CodegenOptions}. */
    public static final class Builder {
        private String prefix = "wasm";
        private MemoryMode memory = MemoryMode.AUTO;
        private BoundsChecks boundsChecks = BoundsChecks.TRAP;
        private long maxMemory;
        private int callDepthLimit = 500;
        private boolean removeDeadCode = true;
        private boolean hostGrowsMemory = true;

        private Builder() {}

        public Builder prefix(String prefix) { this.prefix = prefix; return this; }
        public Builder memory(MemoryMode memory) { this.memory = memory; return this; }
        public Builder boundsChecks(BoundsChecks boundsChecks) { this.boundsChecks = boundsChecks; return this; }
        public Builder maxMemory(long maxMemory) { this.maxMemory = maxMemory; return this; }
        public Builder callDepthLimit(int callDepthLimit) { this.callDepthLimit = callDepthLimit; return this; }
        public Builder removeDeadCode(boolean removeDeadCode) { this.removeDeadCode = removeDeadCode; return this; }
        public Builder hostGrowsMemory(boolean hostGrowsMemory) { this.hostGrowsMemory = hostGrowsMemory; return this; }

        public CodegenOptions build() {
            return new CodegenOptions(prefix, memory, boundsChecks, maxMemory, callDepthLimit, removeDeadCode,
                    hostGrowsMemory);
        }
    }
}
