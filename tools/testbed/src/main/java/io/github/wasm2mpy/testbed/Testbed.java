package io.github.wasm2mpy.testbed;

import io.github.wasm2mpy.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The provisioned MicroPython testbed: MicroPython's source and tools, the unix port and the QEMU firmwares, as
 * {@code tools/testbed/setup} leaves them in the cache directory.
 *
 * <pre>{@code
 * Testbed testbed = Testbed.get();
 * Path mpy = testbed.buildNatmod(exampleDir, "armv7m", outDir, Map.of());
 * RunResult r = testbed.mpyRun(TargetArch.ARMV7M).modules(outDir).code("import features0; print(features0.x)");
 * }</pre>
 */
public final class Testbed {

    private static final String PROVISION_HINT =
            "run tools/testbed/setup (or ./mvnw -pl tools/testbed process-test-resources)";

    /** Archs whose natmods run on the QEMU boards, which use single-precision floats. */
    private static final Set<String> SINGLE_FLOAT_ARCHS = Set.of("armv6m", "armv7m", "rv32imc");

    private static final Pattern MOD_LINE = Pattern.compile("(?m)^\\s*MOD\\s*[:?]?=\\s*(\\S+)\\s*$");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

    private static volatile Testbed instance;

    private final Path home;
    private final Path repoRoot;

    private Testbed(Path home, Path repoRoot) {
        this.home = home;
        this.repoRoot = repoRoot;
    }

    /**
     * The testbed named by {@code -Dwasm2mpy.testbed}, else {@code $WASM2MPY_TESTBED}, else
     * {@code ~/.cache/wasm2mpy/testbed}; checked once per JVM.
     *
     * @throws TestbedException naming what is missing and the command that provisions it
     */
    public static Testbed get() {
        Testbed t = instance;
        if (t == null) {
            synchronized (Testbed.class) {
                t = instance;
                if (t == null) {
                    t = locate();
                    instance = t;
                }
            }
        }
        return t;
    }

    private static Testbed locate() {
        String configured = Optional.ofNullable(System.getProperty("wasm2mpy.testbed"))
                .filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(System.getenv("WASM2MPY_TESTBED")).filter(s -> !s.isBlank()))
                .orElse(System.getProperty("user.home") + "/.cache/wasm2mpy/testbed");
        Path home = Path.of(configured).toAbsolutePath().normalize();
        Path repo = locateRepo();
        Testbed testbed = new Testbed(home, repo);
        List<String> missing = new ArrayList<>();
        for (Path required : List.of(testbed.micropythonSource().resolve("py/dynruntime.mk"),
                testbed.referenceLinker(), testbed.mpyCross(), home.resolve("bin/micropython-x64"),
                home.resolve("bin/micropython-x86"))) {
            if (!Files.exists(required)) {
                missing.add(required.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new TestbedException("testbed at " + home + " is not provisioned (missing "
                    + String.join(", ", missing) + "); " + PROVISION_HINT);
        }
        return testbed;
    }

    private static Path locateRepo() {
        String property = System.getProperty("wasm2mpy.repo");
        if (property != null && !property.isBlank()) {
            Path repo = Path.of(property).toAbsolutePath().normalize();
            if (!Files.isRegularFile(repo.resolve("tools/testbed/mpy-run"))) {
                throw new TestbedException("-Dwasm2mpy.repo=" + repo + " has no tools/testbed/mpy-run");
            }
            return repo;
        }
        // Outside Maven (an IDE run): walk up from the working directory.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("tools/testbed/mpy-run"))) {
                return dir;
            }
        }
        throw new TestbedException("cannot find the wasm2mpy checkout: set -Dwasm2mpy.repo=<repo root>");
    }

    /** The cache directory the testbed lives in. */
    public Path home() {
        return home;
    }

    /** MicroPython's source tree (Debian's 1.25 source package, unpacked). */
    public Path micropythonSource() {
        return home.resolve("micropython");
    }

    /** The {@code mpy-cross} compiler built from that source. */
    public Path mpyCross() {
        return home.resolve("bin/mpy-cross");
    }

    /** MicroPython's own natmod linker, {@code tools/mpy_ld.py}, the differential oracle for ours. */
    public Path referenceLinker() {
        return micropythonSource().resolve("tools/mpy_ld.py");
    }

    /** The root of the wasm2mpy checkout ({@code -Dwasm2mpy.repo}). */
    public Path repoRoot() {
        return repoRoot;
    }

    /** The {@code tools/testbed/mpy-run} script the {@link MpyRun} builder drives. */
    public Path mpyRunScript() {
        return repoRoot.resolve("tools/testbed/mpy-run");
    }

    /** A run of MicroPython on {@code arch}; configure it and call {@link MpyRun#code} or {@link MpyRun#file}. */
    public MpyRun mpyRun(TargetArch arch) {
        return new MpyRun(this, arch.id());
    }

    /**
     * A run on any arch {@code mpy-run} knows by name, including the boards that are not {@link TargetArch}
     * values: {@code armv7em} (the soft-float MPS2_AN385 firmware on QEMU's Cortex-M4) and {@code armv7emdp}
     * (our MPS2_AN500 board, Cortex-M7 with double floats). An unknown name is a {@link Status#RUNNER_ERROR}.
     */
    public MpyRun mpyRun(String arch) {
        return new MpyRun(this, arch);
    }

    /**
     * Builds a natmod with MicroPython's {@code py/dynruntime.mk} and the testbed's toolchains.
     *
     * <p>The sources of {@code sourceDir} (a directory with a natmod {@code Makefile} that sets {@code MOD}) are
     * copied to a work directory under {@code outDir}, so nothing is ever written into the source tree. For the
     * QEMU boards' archs the module is built for single-precision floats, as their firmware is. The work
     * directory is kept, so a second build of unchanged sources only relinks. Builds of different sources or
     * archs may run in parallel; two builds of the same source for the same arch into one {@code outDir} may not.
     *
     * @param mpyArch  any natmod arch name: x64 x86 armv6m armv7m armv7emsp armv7emdp rv32imc xtensa xtensawin …
     * @param makeVars extra {@code make} variables, applied last, e.g. {@code MPY_LD} to link with another linker
     * @return {@code outDir/<MOD>.mpy}
     * @throws TestbedException if the build fails, with make's error lines
     */
    public Path buildNatmod(Path sourceDir, String mpyArch, Path outDir, Map<String, String> makeVars) {
        if (!Files.isRegularFile(sourceDir.resolve("Makefile"))) {
            throw new TestbedException(sourceDir + ": no natmod Makefile");
        }
        String mod = makeVars.containsKey("MOD") ? makeVars.get("MOD") : moduleName(sourceDir);
        Path work = outDir.resolve("natmod-build").resolve(sourceDir.getFileName() + "-" + mpyArch);
        try {
            Files.createDirectories(outDir);
            copyTree(sourceDir, work);
        } catch (IOException e) {
            throw new TestbedException("cannot prepare " + work + ": " + e.getMessage(), e);
        }
        Map<String, String> vars = new TreeMap<>();
        vars.put("MPY_DIR", micropythonSource().toString());
        vars.put("ARCH", mpyArch);
        vars.put("PYTHON", "/usr/bin/python3");
        vars.put("MPY_CROSS", mpyCross().toString());
        vars.put("BUILD", "build");
        if (SINGLE_FLOAT_ARCHS.contains(mpyArch)) {
            vars.put("MICROPY_FLOAT_IMPL", "float");
        }
        vars.putAll(makeVars);
        List<String> command = new ArrayList<>(List.of("make", "-C", work.toString()));
        vars.forEach((k, v) -> command.add(k + "=" + v));
        // tools/testbed/python holds the `ar` reader the reference linker needs for LINK_RUNTIME=1.
        Map<String, String> env = Map.of("PYTHONPATH", repoRoot.resolve("tools/testbed/python").toString());
        ProcessRunner.Outcome outcome = ProcessRunner.run(command, work, env, BUILD_TIMEOUT);
        Path built = work.resolve(mod + ".mpy");
        if (outcome.timedOut() || outcome.exitCode() != 0 || !Files.isRegularFile(built)) {
            String why = outcome.timedOut() ? "timed out after " + BUILD_TIMEOUT.toMinutes() + " min"
                    : "make exit " + outcome.exitCode();
            throw new TestbedException("natmod build of " + sourceDir + " for " + mpyArch + " failed (" + why
                    + "):\n" + errorLines(outcome.output()));
        }
        Path target = outDir.resolve(mod + ".mpy");
        try {
            // make's work directory may be on another file system: the move lands beside the target first
            AtomicFiles.publish(target, temporary -> Files.move(built, temporary, StandardCopyOption.REPLACE_EXISTING));
        } catch (IOException e) {
            throw new TestbedException("cannot move " + built + " to " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    private static String moduleName(Path sourceDir) {
        try {
            Matcher m = MOD_LINE.matcher(Files.readString(sourceDir.resolve("Makefile")));
            if (m.find()) {
                return m.group(1);
            }
        } catch (IOException e) {
            throw new TestbedException("cannot read " + sourceDir.resolve("Makefile") + ": " + e.getMessage(), e);
        }
        throw new TestbedException(sourceDir.resolve("Makefile") + ": no 'MOD = name' line (pass MOD in makeVars)");
    }

    /** The lines of a make log that say what went wrong; the whole tail if none stands out. */
    static String errorLines(String log) {
        List<String> lines = log.lines().collect(Collectors.toList());
        List<String> errors = lines.stream()
                .filter(l -> Stream.of("error", "Error", "***", "undefined reference", "not found",
                        "No such file", "fatal", "Exception").anyMatch(l::contains))
                .collect(Collectors.toList());
        List<String> shown = errors.isEmpty() ? lines.subList(Math.max(0, lines.size() - 20), lines.size()) : errors;
        return String.join("\n", shown);
    }

    /** Copies the sources of a natmod, leaving out build products of earlier in-tree builds. */
    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && dir.getFileName().toString().startsWith("build")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.getFileName().toString().endsWith(".mpy")) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()),
                            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
