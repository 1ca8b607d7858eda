package io.github.wasm2mpy.cli;

import io.github.wasm2mpy.cgen.CodegenOptions;
import io.github.wasm2mpy.pipeline.ToolchainSettings;
import io.github.wasm2mpy.pipeline.Wasm2Mpy;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The code generation and toolchain options shared by {@code build}, {@code c} and {@code run}. */
final class BuildArguments {
    static final Set<String> WITH_VALUE = Set.of("--memory", "--bounds-checks", "--max-memory", "--call-depth-limit",
            "--heap-chunk-size", "--optimize", "--toolchain-prefix", "--module-name");
    static final Set<String> FLAGS = Set.of("--keep-dead-code");

    static final String HELP = """
            code generation:
              --memory auto|static|heap   where linear memory lives: a .bss array (static, fastest; only for
                                          memories that cannot grow) or the MicroPython heap (heap); default auto
              --bounds-checks trap|none   check every memory access (default trap; none is unsafe)
              --max-memory BYTES          the most RAM the memory may use (e.g. 16k), even below its declared
                                          size: it is committed lazily up to that; fails if its data does not fit
              --heap-chunk-size BYTES     how a growable (heap) memory is committed: in chunks of this many bytes
                                          on first write (a power of two >= 8, e.g. 256 or 4k; default 1k; smaller
                                          wastes less RAM per touched chunk, larger checks fewer chunks), or 0 to
                                          allocate it whole
              --call-depth-limit N        nested calls before a "call stack exhausted" trap (default 500, 0: none)
              --keep-dead-code            also emit functions nothing can reach
              --optimize speed|size       -O2 (default) or -Os (each C file also compiled with
                                          -fno-thread-jumps, on rv32imc the module also linked with
                                          -msave-restore; a variant is kept if 2 % smaller)
              --module-name NAME          the Python module name (default: the input's file name)
              --toolchain-prefix ARCH=PREFIX
                                          use PREFIXgcc for ARCH (e.g. xtensawin=/opt/esp/bin/xtensa-esp32-elf-)
            """;

    private BuildArguments() {
    }

    static Set<String> withValue(String... more) {
        Set<String> all = new LinkedHashSet<>(WITH_VALUE);
        all.addAll(List.of(more));
        return all;
    }

    static Set<String> flags(String... more) {
        Set<String> all = new LinkedHashSet<>(FLAGS);
        all.addAll(List.of(more));
        return all;
    }

    /** A pipeline builder with the input, options and toolchains of the command line. */
    static Wasm2Mpy.Builder pipeline(Arguments args, Path input, Path outputDirectory) {
        Wasm2Mpy.Builder builder = Wasm2Mpy.builder().input(input).outputDirectory(outputDirectory)
                .options(codegenOptions(args));
        args.value("--optimize").ifPresent(v -> builder.optimization(choice(Wasm2Mpy.Optimization.class, v,
                "--optimize")));
        args.value("--module-name").ifPresent(name -> {
            try {
                builder.moduleName(name);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        });
        for (String spec : args.values("--toolchain-prefix")) {
            int equals = spec.indexOf('=');
            if (equals <= 0) {
                throw new UsageException("--toolchain-prefix takes ARCH=PREFIX, got '" + spec + "'");
            }
            try {
                builder.toolchain(spec.substring(0, equals),
                        ToolchainSettings.DEFAULT.withPrefix(spec.substring(equals + 1)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--toolchain-prefix: " + e.getMessage());
            }
        }
        return builder;
    }

    static CodegenOptions codegenOptions(Arguments args) {
        CodegenOptions.Builder options = CodegenOptions.builder();
        args.value("--memory").ifPresent(v -> options.memory(choice(CodegenOptions.MemoryMode.class, v, "--memory")));
        args.value("--bounds-checks").ifPresent(v -> options.boundsChecks(
                choice(CodegenOptions.BoundsChecks.class, v, "--bounds-checks")));
        args.value("--max-memory").ifPresent(v -> options.maxMemory(size(v, "--max-memory")));
        args.value("--call-depth-limit").ifPresent(v -> options.callDepthLimit((int) size(v, "--call-depth-limit")));
        args.value("--heap-chunk-size").ifPresent(v -> options.heapChunkSize(heapChunkSize(v)));
        if (args.flag("--keep-dead-code")) {
            options.removeDeadCode(false);
        }
        return options.build();
    }

    static <E extends Enum<E>> E choice(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " takes one of " + Stream.of(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + value + "'");
        }
    }

    /** 0 or a power of two of at least 8 (what {@link CodegenOptions#heapChunkSize()} accepts), with k/m suffixes. */
    static int heapChunkSize(String value) {
        long bytes = size(value, "--heap-chunk-size");
        if (bytes != 0 && (bytes < 8 || bytes > 1 << 30 || Long.bitCount(bytes) != 1)) {
            throw new UsageException("--heap-chunk-size takes a power of two of at least 8 bytes (e.g. 256, 1k),"
                    + " or 0 to allocate the memory whole; got '" + value + "'");
        }
        return (int) bytes;
    }

    /** A count or byte size: {@code 4096}, {@code 16k}, {@code 1m}. */
    static long size(String value, String option) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("k")) {
            unit = 1024;
        } else if (v.endsWith("m")) {
            unit = 1024 * 1024;
        }
        try {
            long number = Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1));
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number * unit;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a non-negative number (k and m suffixes allowed), got '"
                    + value + "'");
        }
    }
}
