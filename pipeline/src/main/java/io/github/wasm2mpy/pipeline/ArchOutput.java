package io.github.wasm2mpy.pipeline;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One arch's result of a build.
 *
 * @param arch the MicroPython arch name
 * @param mpy the written {@code .mpy}; for the {@code webassembly} arch, the written {@code NAME.py}
 * @param size its size in bytes
 * @param sections bytes per output part as the linker reports them (text, rodata, bss, ...); for
 *     {@code webassembly}, the embedded module's size ({@code wasm})
 * @param upToDate true if an earlier build with the same inputs, options and toolchain was reused
 * @param toolchain the compiler and version that built it
 * @param compileFlags per C file, the flags it was compiled with after the toolchain's own (the optimisation level
 *     and, in a size build, the variant that was kept, e.g. {@code -fno-thread-jumps}); empty for {@code webassembly}
 */
public record ArchOutput(String arch, Path mpy, long size, Map<String, Long> sections, boolean upToDate,
                         String toolchain, Map<String, List<String>> compileFlags) {
    public ArchOutput {
        sections = Map.copyOf(sections);
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        compileFlags.forEach((unit, flags) -> sorted.put(unit, List.copyOf(flags)));
        compileFlags = Collections.unmodifiableSortedMap(sorted);
    }
}
