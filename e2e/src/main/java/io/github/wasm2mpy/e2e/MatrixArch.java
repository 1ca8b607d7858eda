package io.github.wasm2mpy.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every arch the pipeline targets, with how the matrix checks it here and why: run on the testbed's MicroPython,
 * link-level checks only, or not buildable on this machine at all.
 */
public enum MatrixArch {
    X64("x64", Check.RUN, "MicroPython unix port, 64-bit"),
    X86("x86", Check.RUN, "MicroPython unix port, 32-bit"),
    ARMV6M("armv6m", Check.RUN, "QEMU mps2-an385 (Cortex-M3) with the port's MPS2_AN385 firmware; armv6m code is a subset"),
    ARMV7M("armv7m", Check.RUN, "QEMU mps2-an385 (Cortex-M3) with the port's MPS2_AN385 firmware"),
    ARMV7EM("armv7em", Check.RUN, "the soft-float MPS2_AN385 firmware on QEMU mps2-an386 (Cortex-M4, so DSP "
            + "instructions exist; floats cross the natmod boundary in core registers as armv7em code expects)"),
    ARMV7EMSP("armv7emsp", Check.RUN, "QEMU mps2-an386 (Cortex-M4F) with our MPS2_AN386 board: hard-float ABI, "
            + "single-precision floats"),
    ARMV7EMDP("armv7emdp", Check.RUN, "QEMU mps2-an500 (Cortex-M7, double-precision FPU) with our MPS2_AN500 board: "
            + "hard-float ABI, double-precision floats"),
    RV32IMC("rv32imc", Check.RUN, "QEMU virt (rv32) with the port's VIRT_RV32 firmware"),
    WEBASSEMBLY("webassembly", Check.RUN, "no native code: the pipeline writes APP.py, which runs the module in "
            + "the host's WebAssembly engine under MicroPython's webassembly port (npm "
            + "@micropython/micropython-webassembly-pyscript 1.27.0 in Node)"),
    XTENSA("xtensa", Check.LINK, "built with xtensa-lx106-elf-gcc and linked; no ESP8266 emulator here, so the "
            + ".mpy header, the linker's report and MicroPython's mpy-tool.py are checked instead"),
    XTENSAWIN("xtensawin", Check.BUILD_IF_COMPILER, "no compiler here: ESP32 code uses the windowed register ABI, "
            + "which Debian's only xtensa compiler (xtensa-lx106-elf-gcc, call0 ABI) cannot produce, and "
            + "Espressif's xtensa-esp32-elf-gcc is not packaged in Debian");

    /** What the matrix can do with an arch on this machine. */
    public enum Check {
        /** Build, link-level checks, and the app's session on the testbed's MicroPython. */
        RUN,
        /** Build and link-level checks only. */
        LINK,
        /** Link-level checks when a compiler is configured; otherwise the pipeline must say which one is missing. */
        BUILD_IF_COMPILER
    }

    private final String id;
    private final Check check;
    private final String how;

    MatrixArch(String id, Check check, String how) {
        this.id = id;
        this.check = check;
        this.how = how;
    }

    /** The MicroPython arch name, as the pipeline, {@code mpy-run} and {@code mpy_ld.py} spell it. */
    public String id() {
        return id;
    }

    public Check check() {
        return check;
    }

    /** Where it runs, or why it does not: the text the doc prints for the arch. */
    public String how() {
        return how;
    }

    /** True for the target whose output is a Python file run in Node rather than a {@code .mpy}. */
    public boolean webassembly() {
        return this == WEBASSEMBLY;
    }

    /** The archs of one check kind, in declaration order. */
    public static List<MatrixArch> withCheck(Check check) {
        return Arrays.stream(values()).filter(a -> a.check == check).toList();
    }

    public static MatrixArch of(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown arch '" + id + "'"));
    }
}
