package io.github.wasm2mpy.cgen;

import java.util.Objects;

/**
 * How {@link CEmitter} writes C. Immutable; build with {@link #builder()}.
 *
 * @param prefix          prefix of every public C symbol of the module (instance type, instantiate, exports);
 *                        a C identifier
 * @param memory          where linear memory lives
 * @param boundsChecks    whether memory accesses are checked
 * @param maxMemory       cap in bytes on the RAM a memory may use; 0 means no cap. A memory committed lazily
 *                        (HEAP placement, see {@code heapChunkSize}) keeps its declared size and growth, and
 *                        writing more than the cap's worth of chunks traps with "out of memory"; a memory whose
 *                        declared size does not fit the cap is committed lazily. Where that is impossible
 *                        (bounds checks off) the cap limits the size and growth. A module whose active data
 *                        segments end beyond the cap fails at build time.
 * @param callDepthLimit  nested wasm calls allowed before trapping with "call stack exhausted"; 0 disables the
 *                        counter (then deep recursion overflows the C stack)
 * @param removeDeadCode  emit only functions reachable from exports, start, element segments and ref.func
 * @param hostGrowsMemory whether something outside the module (the host, or another module importing it) may
 *                        grow an exported memory. The spec allows it, hence the default; a host that never does
 *                        (the MicroPython glue) sets false, so a module without memory.grow gets a fixed-size
 *                        memory: STATIC placement under AUTO and bounds checks against a constant
 * @param heapChunkSize   how a HEAP memory is committed: 0 allocates it whole (and reallocates it on growth);
 *                        a power of two (at least 8) commits it lazily: the data segments and the stack in one block at
 *                        instantiation, the rest in chunks of this many bytes on first write, so memory.grow
 *                        costs nothing and untouched pages no RAM. Default 1024. Needs trapping bounds checks
 *                        (with {@code boundsChecks} NONE the memory is allocated whole)
 * @param singleInstance  whether memory 0's out-of-line accessors (-Os) find the instance through the module's
 *                        variable {@code <prefix>_live_inst} (set by instantiate, and by a host that switches
 *                        between instances or returns to wasm after a host function that may have), instead of
 *                        taking it as an argument at every call: on RV32 a register move per call site (rust's
 *                        rv32imc code 16,897 -> 16,221 bytes). Default false; the MicroPython glue sets it and
 *                        the variable (docs/c-abi.md)
 */
public record CodegenOptions(
        String prefix,
        MemoryMode memory,
        BoundsChecks boundsChecks,
        long maxMemory,
        int callDepthLimit,
        boolean removeDeadCode,
        boolean hostGrowsMemory,
        int heapChunkSize,
        boolean singleInstance) {

    /** Placement of a module's linear memory. */
    public enum MemoryMode {
        /** STATIC when the memory cannot grow past a declared size that fits {@code maxMemory}, else HEAP. */
        AUTO,
        /**
         * A {@code .bss} array sized for the declared maximum: constant base, no pointer load per access. Falls
         * back to HEAP for a memory without a usable maximum (growth would otherwise change meaning).
         */
        STATIC,
        /** Allocated through the host hook {@code w2m_mem_realloc}: lazily in chunks, or whole (see heapChunkSize). */
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
        if (heapChunkSize != 0 && (heapChunkSize < 8 || Integer.bitCount(heapChunkSize) != 1)) {
            throw new IllegalArgumentException("heapChunkSize must be 0 or a power of two >= 8, was " + heapChunkSize);
        }
        if (callDepthLimit < 0) {
            throw new IllegalArgumentException("callDepthLimit must be >= 0, was " + callDepthLimit);
        }
    }

    /**
     * The defaults: prefix {@code wasm}, AUTO memory, trapping checks, call depth 500, dead code removed, HEAP
     * memories committed lazily in 1 KiB chunks.
     */
    public static CodegenOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().prefix(prefix).memory(memory).boundsChecks(boundsChecks).maxMemory(maxMemory)
                .callDepthLimit(callDepthLimit).removeDeadCode(removeDeadCode).hostGrowsMemory(hostGrowsMemory)
                .heapChunkSize(heapChunkSize).singleInstance(singleInstance);
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
        private int heapChunkSize = 1024;
        private boolean singleInstance;

        private Builder() {}

        public Builder prefix(String prefix) { this.prefix = prefix; return this; }
        public Builder memory(MemoryMode memory) { this.memory = memory; return this; }
        public Builder boundsChecks(BoundsChecks boundsChecks) { this.boundsChecks = boundsChecks; return this; }
        public Builder maxMemory(long maxMemory) { this.maxMemory = maxMemory; return this; }
        public Builder callDepthLimit(int callDepthLimit) { this.callDepthLimit = callDepthLimit; return this; }
        public Builder removeDeadCode(boolean removeDeadCode) { this.removeDeadCode = removeDeadCode; return this; }
        public Builder hostGrowsMemory(boolean hostGrowsMemory) { this.hostGrowsMemory = hostGrowsMemory; return this; }
        public Builder heapChunkSize(int heapChunkSize) { this.heapChunkSize = heapChunkSize; return this; }
        public Builder singleInstance(boolean singleInstance) { this.singleInstance = singleInstance; return this; }

        public CodegenOptions build() {
            return new CodegenOptions(prefix, memory, boundsChecks, maxMemory, callDepthLimit, removeDeadCode,
                    hostGrowsMemory, heapChunkSize, singleInstance);
        }
    }
}
