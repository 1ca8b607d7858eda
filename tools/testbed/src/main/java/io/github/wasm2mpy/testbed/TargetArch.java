package io.github.wasm2mpy.testbed;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The architectures the testbed can run natmods on, named as {@code mpy-run} and MicroPython's natmod ARCH name them. */
public enum TargetArch {
    /** The unix port, 64-bit. */
    X64("x64", false),
    /** The unix port, 32-bit build. */
    X86("x86", false),
    /** {@code ports/qemu} board MPS2_AN385 (Cortex-M3). */
    ARMV7M("armv7m", true),
    /** The same Cortex-M3 board; armv6m code is a subset of what it executes. */
    ARMV6M("armv6m", true),
    /** Our own {@code ports/qemu} board MPS2_AN386 (Cortex-M4 with single-precision FPU, hard-float ABI). */
    ARMV7EMSP("armv7emsp", true),
    /** {@code ports/qemu} board VIRT_RV32. */
    RV32IMC("rv32imc", true);

    private final String id;
    private final boolean emulated;

    TargetArch(String id, boolean emulated) {
        this.id = id;
        this.emulated = emulated;
    }

    /** The name {@code mpy-run}, {@code mpy-cross -march} and {@code py/dynruntime.mk}'s {@code ARCH} use. */
    public String id() {
        return id;
    }

    /** True for the QEMU boards, whose firmware uses single-precision floats and a fixed heap. */
    public boolean emulated() {
        return emulated;
    }

    /** Looks an arch up by its {@link #id()}; the message of the exception lists the known ones. */
    public static TargetArch of(String id) {
        for (TargetArch arch : values()) {
            if (arch.id.equals(id.toLowerCase(Locale.ROOT))) {
                return arch;
            }
        }
        throw new IllegalArgumentException("unknown testbed arch '" + id + "', expected one of "
                + Arrays.stream(values()).map(TargetArch::id).collect(Collectors.joining(", ")));
    }
}
