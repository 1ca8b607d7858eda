package io.github.wasm2mpy.maven;

import io.github.wasm2mpy.cgen.CodegenOptions;
import io.github.wasm2mpy.pipeline.ArchOutput;
import io.github.wasm2mpy.pipeline.BuildResult;
import io.github.wasm2mpy.pipeline.PipelineException;
import io.github.wasm2mpy.pipeline.ToolchainSettings;
import io.github.wasm2mpy.pipeline.Wasm2Mpy;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Builds a MicroPython native module ({@code .mpy}) for each configured arch from every {@code .wasm} and
 * {@code .wat} file in the source directory, and attaches each {@code .mpy} to the project with the arch as
 * classifier and type {@code mpy}.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildMojo extends AbstractMojo {

    /** Where the {@code .wasm} and {@code .wat} inputs are. */
    @Parameter(property = "wasm2mpy.sourceDirectory", defaultValue = "${project.basedir}/src/main/wasm")
    private File sourceDirectory;

    /** Extra input files outside the source directory (e.g. a {@code .wasm} another plugin produced). */
    @Parameter
    private List<File> inputs;

    /**
     * Target archs ({@code x64, x86, armv6m, armv7m, armv7emsp, armv7emdp, rv32imc, xtensa, xtensawin}, and
     * {@code webassembly} for MicroPython's webassembly port, which gets {@code webassembly/<name>.py}). Defaults
     * to the host's.
     */
    @Parameter(property = "wasm2mpy.archs")
    private List<String> archs;

    /** Where {@code <arch>/<name>.mpy}, {@code <name>.pyi} and {@code <name>.build.json} go. */
    @Parameter(property = "wasm2mpy.outputDirectory", defaultValue = "${project.build.directory}/mpy")
    private File outputDirectory;

    /** {@code AUTO}, {@code STATIC} ({@code .bss} array) or {@code HEAP} (MicroPython heap, can grow). */
    @Parameter(property = "wasm2mpy.memory", defaultValue = "AUTO")
    private String memory;

    /** {@code TRAP} (default) or {@code NONE} (unsafe: out-of-bounds accesses are not caught). */
    @Parameter(property = "wasm2mpy.boundsChecks", defaultValue = "TRAP")
    private String boundsChecks;

    /**
     * The most RAM in bytes a module's memory may use (0: no cap). A memory larger than that is committed lazily
     * up to it (a write beyond traps with "out of memory"); the build fails only if a data segment ends beyond it.
     */
    @Parameter(property = "wasm2mpy.maxMemory", defaultValue = "0")
    private long maxMemory;

    /**
     * How a memory that can grow is committed: in chunks of this many bytes on first write (a power of two of at
     * least 8; smaller wastes less RAM per touched chunk), or 0 to allocate it whole. Default 1024.
     */
    @Parameter(property = "wasm2mpy.heapChunkSize")
    private Integer heapChunkSize;

    /** Nested wasm calls allowed before a "call stack exhausted" trap (0: no limit). */
    @Parameter(property = "wasm2mpy.callDepthLimit", defaultValue = "500")
    private int callDepthLimit;

    /** Emit only functions reachable from exports, the start function and tables. */
    @Parameter(property = "wasm2mpy.removeDeadCode", defaultValue = "true")
    private boolean removeDeadCode;

    /** {@code SPEED} ({@code -O2}) or {@code SIZE} ({@code -Os}, the smallest of a few builds; see docs/maven-plugin.md). */
    @Parameter(property = "wasm2mpy.optimization", defaultValue = "SPEED")
    private String optimization;

    /** Per-arch compiler settings. */
    @Parameter
    private List<ToolchainConfig> toolchains;

    /** Also write the generated C to {@code <outputDirectory>/c}. */
    @Parameter(property = "wasm2mpy.keepCSources", defaultValue = "false")
    private boolean keepCSources;

    /** Attach the {@code .mpy} files to the project so install and deploy publish them. */
    @Parameter(property = "wasm2mpy.attach", defaultValue = "true")
    private boolean attach;

    @Parameter(property = "wasm2mpy.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Component
    private MavenProjectHelper projectHelper;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("wasm2mpy: skipped");
            return;
        }
        List<Path> found = findInputs();
        if (found.isEmpty()) {
            getLog().info("wasm2mpy: no .wasm or .wat files in " + sourceDirectory);
            return;
        }
        CodegenOptions options = codegenOptions();
        for (Path input : found) {
            BuildResult result = build(input, options, found.size() > 1);
            for (ArchOutput output : result.outputs()) {
                getLog().info(String.format("wasm2mpy: %s %-9s %7d bytes%s", output.mpy(), output.arch(),
                        output.size(), output.upToDate() ? " (up to date)" : ""));
                if (attach) {
                    String classifier = found.size() > 1 ? result.moduleName() + "-" + output.arch() : output.arch();
                    // the webassembly arch's output is a .py module, attached as such
                    String type = output.mpy().getFileName().toString().endsWith(".py") ? "py" : "mpy";
                    projectHelper.attachArtifact(project, type, classifier, output.mpy().toFile());
                }
            }
        }
    }

    private BuildResult build(Path input, CodegenOptions options, boolean severalModules)
            throws MojoFailureException {
        Path out = outputDirectory.toPath();
        Wasm2Mpy.Builder builder = Wasm2Mpy.builder()
                .input(input)
                .outputDirectory(out)
                .workDirectory(Path.of(project.getBuild().getDirectory(), "wasm2mpy-work"))
                .options(options)
                .keepCSources(keepCSources)
                .optimization(enumValue(Wasm2Mpy.Optimization.class, optimization, "optimization"))
                .log(message -> getLog().debug("wasm2mpy: " + message));
        try {
            if (archs != null) {
                builder.archs(archs);
            }
            if (toolchains != null) {
                for (ToolchainConfig config : toolchains) {
                    builder.toolchain(config.arch, toolchainSettings(config));
                }
            }
            return builder.build().run();
        } catch (PipelineException e) {
            throw new MojoFailureException("wasm2mpy: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("wasm2mpy: bad configuration: " + e.getMessage(), e);
        }
    }

    private static ToolchainSettings toolchainSettings(ToolchainConfig config) throws MojoFailureException {
        if (config.arch == null) {
            throw new MojoFailureException("wasm2mpy: a <toolchain> needs an <arch>");
        }
        ToolchainSettings settings = ToolchainSettings.DEFAULT;
        if (config.prefix != null) {
            settings = settings.withPrefix(config.prefix);
        }
        if (config.compiler != null) {
            settings = settings.withCompiler(config.compiler.toPath());
        }
        if (config.extraFlags != null) {
            settings = settings.withExtraFlags(config.extraFlags);
        }
        return settings;
    }

    private CodegenOptions codegenOptions() throws MojoFailureException {
        try {
            CodegenOptions.Builder options = CodegenOptions.builder()
                    .memory(enumValue(CodegenOptions.MemoryMode.class, memory, "memory"))
                    .boundsChecks(enumValue(CodegenOptions.BoundsChecks.class, boundsChecks, "boundsChecks"))
                    .maxMemory(maxMemory)
                    .callDepthLimit(callDepthLimit)
                    .removeDeadCode(removeDeadCode);
            if (heapChunkSize != null) {
                // unset keeps the generator's default instead of a copy of it here
                options.heapChunkSize(heapChunkSize);
            }
            return options.build();
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("wasm2mpy: bad configuration: " + e.getMessage(), e);
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String parameter)
            throws MojoFailureException {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = Stream.of(type.getEnumConstants()).map(Enum::name).toList();
            throw new MojoFailureException("wasm2mpy: <" + parameter + "> is '" + value + "'; use one of " + allowed);
        }
    }

    private List<Path> findInputs() throws MojoExecutionException {
        List<Path> found = new ArrayList<>();
        Path sources = sourceDirectory.toPath();
        if (Files.isDirectory(sources)) {
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(Files::isRegularFile).filter(BuildMojo::isModule).sorted().forEach(found::add);
            } catch (IOException e) {
                throw new MojoExecutionException("wasm2mpy: cannot list " + sources + ": " + e.getMessage(), e);
            }
        }
        Optional.ofNullable(inputs).orElse(List.of()).forEach(file -> found.add(file.toPath()));
        return found;
    }

    private static boolean isModule(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".wasm") || name.endsWith(".wat");
    }
}
