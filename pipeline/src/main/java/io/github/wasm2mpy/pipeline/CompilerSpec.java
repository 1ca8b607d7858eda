package io.github.wasm2mpy.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a target arch needs from a C compiler: which one, which flags, and which Debian package provides it.
 *
 * <p>The flags follow MicroPython's {@code py/dynruntime.mk} where it matters for the loader (position independent
 * code, no common symbols, no stack protector or fortified libc calls), plus section-per-function so the linker
 * can drop unused code.
 *
 * @param arch the MicroPython native arch name ({@code x64}, {@code armv7m}, ...)
 * @param compilerPrefix the cross prefix ({@code arm-none-eabi-}), empty for the host compiler
 * @param archFlags flags that select the instruction set and ABI
 * @param floatImpl the float width MicroPython boards of this arch use
 * @param debianPackage the package that provides the compiler here
 */
public record CompilerSpec(String arch, String compilerPrefix, List<String> archFlags, FloatImpl floatImpl,
                           String debianPackage) {

    /** The C type MicroPython boards of an arch use for {@code float} objects. */
    public enum FloatImpl { FLOAT, DOUBLE }

    /** Flags every arch gets: C99, loadable as a natmod, and one section per function and object. */
    public static final List<String> COMMON_FLAGS = List.of(
            "-std=c99", "-fpic", "-fno-common", "-fno-math-errno", "-U_FORTIFY_SOURCE", "-ffunction-sections", "-fdata-sections",
            "-fno-asynchronous-unwind-tables", "-fno-unwind-tables");

    // x86: SSE2 arithmetic, because x87's extended precision rounds twice and breaks wasm's float semantics.
    private static final Map<String, CompilerSpec> SPECS = Map.ofEntries(
            spec("x64", "", List.of("-fno-stack-protector"), FloatImpl.DOUBLE, "gcc"),
            spec("x86", "", List.of("-m32", "-msse2", "-mfpmath=sse", "-fno-stack-protector"), FloatImpl.DOUBLE, "gcc-multilib"),
            spec("armv6m", "arm-none-eabi-", List.of("-mthumb", "-mcpu=cortex-m0"), FloatImpl.FLOAT,
                    "gcc-arm-none-eabi"),
            spec("armv7m", "arm-none-eabi-", List.of("-mthumb", "-mcpu=cortex-m3"), FloatImpl.FLOAT,
                    "gcc-arm-none-eabi"),
            spec("armv7em", "arm-none-eabi-", List.of("-mthumb", "-mcpu=cortex-m4", "-mfloat-abi=soft"),
                    FloatImpl.FLOAT, "gcc-arm-none-eabi"),
            spec("armv7emsp", "arm-none-eabi-",
                    List.of("-mthumb", "-mcpu=cortex-m4", "-mfpu=fpv4-sp-d16", "-mfloat-abi=hard"),
                    FloatImpl.FLOAT, "gcc-arm-none-eabi"),
            spec("armv7emdp", "arm-none-eabi-",
                    List.of("-mthumb", "-mcpu=cortex-m7", "-mfpu=fpv5-d16", "-mfloat-abi=hard"),
                    FloatImpl.DOUBLE, "gcc-arm-none-eabi"),
            spec("xtensa", "xtensa-lx106-elf-", List.of("-mforce-l32"), FloatImpl.FLOAT,
                    "gcc-xtensa-lx106"),
            // No Debian package: ESP-IDF's toolchain, configured by prefix or path.
            spec("xtensawin", "xtensa-esp32-elf-", List.of(), FloatImpl.FLOAT,
                    "(none in Debian: install Espressif's xtensa-esp32-elf toolchain and set its prefix)"),
            // Linker relaxation on (gcc's default; dynruntime.mk turns it off): mpy-linker shortens the 8-byte
            // auipc/jalr calls to jal or c.jal: the nine apps shrink 6-14 % at -Os, 2-8 % at -O2.
            spec("rv32imc", "riscv64-unknown-elf-", List.of("-march=rv32imc", "-mabi=ilp32"),
                    FloatImpl.FLOAT, "gcc-riscv64-unknown-elf"));

    private static Map.Entry<String, CompilerSpec> spec(String arch, String prefix, List<String> flags,
                                                        FloatImpl floatImpl, String debianPackage) {
        return Map.entry(arch, new CompilerSpec(arch, prefix, List.copyOf(flags), floatImpl, debianPackage));
    }

    public CompilerSpec {
        archFlags = List.copyOf(archFlags);
    }

    /** The spec of a MicroPython arch name, case-insensitive. */
    public static Optional<CompilerSpec> of(String arch) {
        return Optional.ofNullable(SPECS.get(arch.toLowerCase(Locale.ROOT)));
    }

    /** Every arch this pipeline can target, sorted. */
    public static List<String> archs() {
        return SPECS.keySet().stream().sorted().toList();
    }

    /**
     * The flag sets a size build links the whole module with, one after the other, keeping a later one's
     * {@code .mpy} only when it is at least 2 % smaller than the first's. On RISC-V {@code -msave-restore} saves
     * and restores the callee-saved registers through shared libgcc routines instead of in every prologue and
     * epilogue (rust's rv32imc {@code .mpy} 1,000 bytes smaller), but the routines cost a small module more than
     * they save (wat 20 bytes larger), which only the linked size tells, and the calls slow a module down
     * (CoreMark at -Os: 31 % more instructions, for 1 % fewer bytes, so it keeps the first build). One empty
     * list: linked once.
     */
    public List<List<String>> sizeVariants() {
        return arch.equals("rv32imc") ? List.of(List.of(), List.of("-msave-restore")) : List.of(List.of());
    }

    /** The compiler command name looked for on the PATH. */
    public String compilerName() {
        return compilerPrefix + "gcc";
    }
}
