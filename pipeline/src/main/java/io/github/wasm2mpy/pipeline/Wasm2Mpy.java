package io.github.wasm2mpy.pipeline;

import io.github.wasm2mpy.cgen.CodegenOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The wasm2mpy pipeline as a library: read → validate → C → compile → link, for one input and any number of
 * archs. The Maven plugin and the command line only build one of these and report what it returns.
 *
 * <pre>{@code
 * BuildResult result = Wasm2Mpy.builder()
 *         .input(Path.of("app.wasm"))
 *         .arch("armv7m").arch("x64")
 *         .options(CodegenOptions.builder().callDepthLimit(200).build())
 *         .outputDirectory(Path.of("target/mpy"))
 *         .build()
 *         .run();
 * Path mpy = result.output("armv7m").mpy();   // target/mpy/armv7m/app.mpy
 * }</pre>
 *
 * <p>The arch {@code webassembly} is MicroPython's webassembly port: it gets {@code webassembly/NAME.py} (the
 * {@code .wasm} embedded, run by the host's WebAssembly engine) instead of a {@code .mpy}.
 *
 * <p>Archs are built in parallel. Work is cached: an arch whose input bytes, options, toolchain and wasm2mpy
 * version are unchanged since its {@code .mpy} was written is not rebuilt. Every failure is a
 * {@link PipelineException} whose message names the input, the arch and the step.
 */
public final class Wasm2Mpy {
    private final Path input;
    private final String moduleName;
    private final List<String> archs;
    private final CodegenOptions options;
    private final Map<String, ToolchainSettings> toolchains;
    private final Path outputDirectory;
    private final Path workDirectory;
    private final boolean keepCSources;
    private final Optimization optimization;
    private final int parallelism;
    private final Consumer<String> log;

    /** What the C compiler optimises for. */
    public enum Optimization {
        /** {@code -O2}: the default; wasm code is usually hot code. */
        SPEED("-O2", List.of(List.of())),
        /**
         * {@code -Os}: smaller modules for boards short of flash. Each C file is compiled twice, as is and with
         * {@code -fno-thread-jumps}, and the second object is linked when it is at least 2 % smaller: gcc's jump
         * threading copies blocks so a branch whose outcome a path already knows is skipped, which in a loop over a
         * {@code br_table} (a state machine) copies the loop's tail into every case. Without it CoreMark's module
         * object is 3-4 % smaller (376 bytes on armv7m) and runs 5 % more instructions; most modules change by a
         * few dozen bytes either way and keep it. Some archs also link the whole module a second way
         * ({@link CompilerSpec#sizeVariants()}).
         */
        SIZE("-Os", List.of(List.of(), List.of("-fno-thread-jumps")));

        private final String flag;
        private final List<List<String>> variants;

        Optimization(String flag, List<List<String>> variants) {
            this.flag = flag;
            this.variants = variants;
        }

        public String flag() {
            return flag;
        }

        /**
         * The extra flags of each way a C file is compiled at this level; the pipeline links the first one's object
         * unless a later one has at least 2 % fewer allocated bytes. One empty list: compiled once.
         */
        public List<List<String>> variants() {
            return variants;
        }
    }

    private Wasm2Mpy(Builder builder) {
        this.input = Objects.requireNonNull(builder.input, "input");
        this.moduleName = builder.moduleName != null ? builder.moduleName : LoadedModule.pythonName(input);
        this.archs = List.copyOf(builder.archs.isEmpty() ? List.of(HostArch.detect()) : builder.archs);
        this.options = builder.options;
        this.toolchains = Map.copyOf(builder.toolchains);
        this.outputDirectory = Objects.requireNonNull(builder.outputDirectory, "outputDirectory");
        this.workDirectory = builder.workDirectory != null ? builder.workDirectory
                : outputDirectory.resolve(".wasm2mpy-work");
        this.keepCSources = builder.keepCSources;
        this.optimization = builder.optimization;
        this.parallelism = builder.parallelism;
        this.log = builder.log;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the pipeline for every arch. */
    public BuildResult run() {
        return new PipelineRun(this).execute();
    }

    /**
     * Writes the C a build would compile (the module, the runtime files it uses and the Python glue) into
     * {@code directory} without compiling anything, and returns the files to compile.
     */
    public List<Path> writeCSources(Path directory) {
        LoadedModule loaded = LoadedModule.load(input, moduleName);
        try {
            return SourceGenerator.generate(loaded, options).writeTo(directory);
        } catch (java.io.IOException e) {
            throw PipelineException.cannotWrite(input, "C sources to " + directory, e);
        }
    }

    Path input() {
        return input;
    }

    String moduleName() {
        return moduleName;
    }

    List<String> archs() {
        return archs;
    }

    CodegenOptions options() {
        return options;
    }

    ToolchainSettings toolchainSettings(String arch) {
        return toolchains.getOrDefault(arch, ToolchainSettings.DEFAULT);
    }

    Path outputDirectory() {
        return outputDirectory;
    }

    Path workDirectory() {
        return workDirectory;
    }

    boolean keepCSources() {
        return keepCSources;
    }

    Optimization optimization() {
        return optimization;
    }

    int parallelism() {
        return parallelism;
    }

    void log(String message) {
        log.accept(message);
    }

    /** Collects a pipeline's settings; only the input and the output directory are required. */
    public static final class Builder {
        private Path input;
        private String moduleName;
        private final LinkedHashSet<String> archs = new LinkedHashSet<>();
        private CodegenOptions options = CodegenOptions.defaults();
        private final Map<String, ToolchainSettings> toolchains = new LinkedHashMap<>();
        private Path outputDirectory;
        private Path workDirectory;
        private boolean keepCSources;
        private Optimization optimization = Optimization.SPEED;
        private int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors());
        private Consumer<String> log = message -> { };

        private Builder() {
        }

        /** The {@code .wasm} or {@code .wat} file. */
        public Builder input(Path input) {
            this.input = input;
            return this;
        }

        /** The Python module name; defaults to the input's file name made an identifier. */
        public Builder moduleName(String name) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("module name is not a Python identifier: '" + name + "'");
            }
            this.moduleName = name;
            return this;
        }

        /**
         * Adds a target arch ({@code x64}, {@code armv7m}, ...; {@code webassembly} writes {@code NAME.py} for
         * MicroPython's webassembly port instead of a {@code .mpy}); defaults to the host's.
         */
        public Builder arch(String arch) {
            if (arch.equalsIgnoreCase(WebAssemblyBuild.ARCH)) {
                archs.add(WebAssemblyBuild.ARCH);
                return this;
            }
            archs.add(compiledArch(arch, "unknown arch '" + arch + "'; known archs: "
                    + String.join(", ", CompilerSpec.archs()) + ", " + WebAssemblyBuild.ARCH));
            return this;
        }

        /** The canonical name of an arch built with a C compiler, or an IllegalArgumentException with message. */
        private static String compiledArch(String arch, String message) {
            return CompilerSpec.of(arch).map(CompilerSpec::arch).orElseThrow(() -> new IllegalArgumentException(
                    message));
        }

        public Builder archs(List<String> archList) {
            archList.forEach(this::arch);
            return this;
        }

        public Builder options(CodegenOptions codegenOptions) {
            this.options = Objects.requireNonNull(codegenOptions);
            return this;
        }

        /**
         * Overrides how the compiler for {@code arch} is found or called. An unknown arch fails here: silently
         * ignoring a misspelt one would build with the default compiler.
         */
        public Builder toolchain(String arch, ToolchainSettings settings) {
            toolchains.put(compiledArch(arch, "toolchain for unknown arch '" + arch + "'; archs built with a C"
                    + " compiler: " + String.join(", ", CompilerSpec.archs())), settings);
            return this;
        }

        /** Where {@code <arch>/<name>.mpy}, {@code <name>.pyi} and the report go. */
        public Builder outputDirectory(Path directory) {
            this.outputDirectory = directory;
            return this;
        }

        /** Scratch space for C and objects; defaults to {@code .wasm2mpy-work} inside the output directory. */
        public Builder workDirectory(Path directory) {
            this.workDirectory = directory;
            return this;
        }

        /** Also write the generated C to {@code <output>/c/}. */
        public Builder keepCSources(boolean keep) {
            this.keepCSources = keep;
            return this;
        }

        public Builder optimization(Optimization level) {
            this.optimization = Objects.requireNonNull(level);
            return this;
        }

        /** How many archs build at once; defaults to the number of processors. */
        public Builder parallelism(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1");
            }
            this.parallelism = threads;
            return this;
        }

        /** Receives one line per step taken (compiling, linking, up to date). */
        public Builder log(Consumer<String> sink) {
            this.log = Objects.requireNonNull(sink);
            return this;
        }

        public Wasm2Mpy build() {
            return new Wasm2Mpy(this);
        }
    }

    @Override
    public String toString() {
        return "wasm2mpy " + input + " -> " + outputDirectory + " " + new ArrayList<>(archs);
    }
}
