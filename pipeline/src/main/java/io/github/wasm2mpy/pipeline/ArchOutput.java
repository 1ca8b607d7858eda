package io.github.wasm2mpy.pipeline;

import java.nio.file.Path;
import java.util.Map;

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
 */
public record ArchOutput(String arch, Path mpy, long size, Map<String, Long> sections, boolean upToDate,
                         String toolchain) {
    public ArchOutput {
        sections = Map.copyOf(sections);
    }
}
