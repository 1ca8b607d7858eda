package io.github.wasm2mpy.pipeline;

import io.github.wasm2mpy.files.AtomicFiles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A C compiler found for one arch, with the flags that make its objects loadable by MicroPython.
 *
 * <p>Discovery looks for the spec's compiler on the {@code PATH} (or at the configured prefix/path) and asks it for
 * its version, so build caches can be keyed on it. A missing compiler is an error naming the arch, what was looked
 * for and the Debian package that provides it.
 */
public final class Toolchain {
    private static final long TIMEOUT_SECONDS = 600;

    private final CompilerSpec spec;
    private final Path compiler;
    private final String version;
    private final List<String> flags;

    private Toolchain(CompilerSpec spec, Path compiler, String version, List<String> flags) {
        this.spec = spec;
        this.compiler = compiler;
        this.version = version;
        this.flags = List.copyOf(flags);
    }

    /** Finds the compiler for {@code arch}, or throws a {@link ToolchainException} saying what to install. */
    public static Toolchain discover(String arch, ToolchainSettings settings) {
        CompilerSpec spec = CompilerSpec.of(arch).orElseThrow(() -> new ToolchainException(
                "unknown arch '" + arch + "'; known archs: " + String.join(", ", CompilerSpec.archs())));
        String wanted = settings.compiler().map(Path::toString)
                .orElse(settings.prefix().orElse(spec.compilerPrefix()) + "gcc");
        Path compiler = resolveExecutable(wanted).orElseThrow(() -> new ToolchainException(
                "no C compiler for arch " + spec.arch() + ": looked for '" + wanted + "'"
                        + (wanted.contains(File.separator) ? "" : " on the PATH")
                        + "; install the Debian package " + spec.debianPackage()
                        + " or configure the compiler prefix/path for " + spec.arch()));
        Command.Outcome versionRun = Command.of(List.of(compiler.toString(), "-dumpfullversion")).run(60);
        if (!versionRun.succeeded()) {
            throw new ToolchainException("the compiler " + compiler + " for arch " + spec.arch()
                    + " does not run", versionRun.lines());
        }
        List<String> flags = new ArrayList<>(CompilerSpec.COMMON_FLAGS);
        flags.addAll(spec.archFlags());
        picolibcSpecs(compiler, spec).ifPresent(specs -> flags.add("-specs=" + specs));
        flags.addAll(settings.extraFlags());
        String version = compiler.getFileName() + " " + versionRun.output().strip();
        return new Toolchain(spec, compiler, version, flags);
    }

    /**
     * Bare-metal compilers here ship picolibc as a specs file rather than as their default C library; the riscv
     * compiler finds its specs itself, the xtensa one only in its target directory.
     */
    private static Optional<String> picolibcSpecs(Path compiler, CompilerSpec spec) {
        if (spec.compilerPrefix().isEmpty() || spec.arch().startsWith("arm")) {
            return Optional.empty();
        }
        Command.Outcome outcome = Command.of(List.of(compiler.toString(), "-print-file-name=picolibc.specs")).run(60);
        String answer = outcome.output().strip();
        if (outcome.succeeded() && answer.contains(File.separator)) {
            return Optional.of(answer);
        }
        Path beside = Path.of("/usr/lib", triple(spec), "picolibc.specs");
        return Files.isRegularFile(beside) ? Optional.of(beside.toString()) : Optional.empty();
    }

    private static String triple(CompilerSpec spec) {
        String prefix = spec.compilerPrefix();
        return prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    private static Optional<Path> resolveExecutable(String name) {
        if (name.contains(File.separator)) {
            Path path = Path.of(name);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String directory : pathVariable.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public CompilerSpec spec() {
        return spec;
    }

    public String arch() {
        return spec.arch();
    }

    public Path compiler() {
        return compiler;
    }

    /** The compiler's name and full version, e.g. {@code arm-none-eabi-gcc 12.2.1}. */
    public String version() {
        return version;
    }

    /** The flags every compile gets, before the optimisation level and per-call flags. */
    public List<String> flags() {
        return flags;
    }

    /**
     * Compiles one C file to an object. The object is written beside a temporary name and moved into place, so a
     * failed compile never leaves a half-written object behind.
     */
    public void compile(Path source, Path object, List<Path> includeDirectories, List<String> extraFlags) {
        List<String> argv = new ArrayList<>();
        argv.add(compiler.toString());
        argv.addAll(flags);
        argv.addAll(extraFlags);
        for (Path include : includeDirectories) {
            argv.add("-I" + include);
        }
        argv.addAll(List.of("-c", source.toString(), "-o"));
        try {
            AtomicFiles.publish(object, temporary -> {
                List<String> command = new ArrayList<>(argv);
                command.add(temporary.toString());
                Command.Outcome outcome = Command.of(command).run(TIMEOUT_SECONDS);
                if (!outcome.succeeded()) {
                    throw new ToolchainException("compiling " + source.getFileName() + " for " + spec.arch()
                            + " failed (" + compiler.getFileName() + " exit " + outcome.exitCode() + ")"
                            + hintFor(outcome.output()), errorLines(outcome.output()));
                }
            });
        } catch (java.io.IOException e) {
            throw new ToolchainException("compiling " + source.getFileName() + " for " + spec.arch() + ": " + e);
        }
    }

    private String hintFor(String output) {
        if (output.contains("stubs-32.h") || output.contains("bits/libc-header-start.h")) {
            return "; 32-bit headers are missing: install the Debian package gcc-multilib";
        }
        return "";
    }

    /** The compiler's diagnostics, without the noise lines that only say where an error was included from. */
    private static List<String> errorLines(String output) {
        List<String> lines = output.lines()
                .filter(line -> !line.startsWith("In file included from") && !line.isBlank())
                .toList();
        return lines.size() > 40 ? lines.subList(0, 40) : lines;
    }

    /**
     * The support libraries a module may need members of (integer division and soft float helpers in libgcc,
     * math functions in libm or picolibc's libc), as the compiler reports them for this arch's flags.
     */
    public List<Path> supportLibraries() {
        List<Path> libraries = new ArrayList<>();
        ask("-print-libgcc-file-name").map(Path::of).filter(Files::isRegularFile).ifPresent(libraries::add);
        boolean picolibc = flags.stream().anyMatch(flag -> flag.startsWith("-specs=") && flag.contains("picolibc"));
        if (picolibc) {
            // picolibc's libc.a holds libm too; it sits in the multilib directory gcc picks for these flags.
            String multilib = ask("-print-multi-directory").orElse(".");
            Stream.of(Path.of("/usr/lib/picolibc", triple(spec), "lib", multilib, "libc.a"),
                            Path.of("/usr/lib", triple(spec), "lib", multilib, "libc.a"))
                    .filter(Files::isRegularFile).findFirst().ifPresent(libraries::add);
        } else if (!spec.compilerPrefix().isEmpty()) {
            ask("-print-file-name=libm.a").map(Path::of).filter(Files::isRegularFile).ifPresent(libraries::add);
        }
        return libraries.stream().map(Path::normalize).toList();
    }

    private Optional<String> ask(String question) {
        List<String> argv = new ArrayList<>();
        argv.add(compiler.toString());
        argv.addAll(spec.archFlags());
        flags.stream().filter(flag -> flag.startsWith("-specs=")).forEach(argv::add);
        argv.add(question);
        Command.Outcome outcome = Command.of(argv).run(60);
        String answer = outcome.output().strip();
        return outcome.succeeded() && !answer.isEmpty() ? Optional.of(answer) : Optional.empty();
    }

    @Override
    public String toString() {
        return spec.arch() + ": " + version;
    }
}
