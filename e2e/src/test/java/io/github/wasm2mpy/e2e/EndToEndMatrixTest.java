package io.github.wasm2mpy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wasm2mpy.e2e.MatrixArch.Check;
import io.github.wasm2mpy.e2e.MatrixCell.Status;
import io.github.wasm2mpy.linker.LinkReport;
import io.github.wasm2mpy.pipeline.ArchOutput;
import io.github.wasm2mpy.pipeline.BuildResult;
import io.github.wasm2mpy.pipeline.PipelineException;
import io.github.wasm2mpy.pipeline.ToolchainException;
import io.github.wasm2mpy.pipeline.Wasm2Mpy;
import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.Testbed;
import io.github.wasm2mpy.webassembly.NodeMicroPython;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The arch matrix end to end: every app and example input built once by the library API for every arch, each
 * runnable arch's modules imported in one MicroPython session (a QEMU boot costs seconds), link-level checks for
 * every built module, then {@code target/matrix/matrix.json} and the check that {@code docs/arch-matrix.md}
 * says what this run found. The tests are named {@code app × arch}.
 */
class EndToEndMatrixTest {
    private static final Path REPO = Path.of(System.getProperty("wasm2mpy.repo", "..")).toAbsolutePath().normalize();
    private static final Path OUT = Path.of("target/matrix").toAbsolutePath();
    private static final Path DOC = REPO.resolve("docs/arch-matrix.md");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** CoreMark alone takes tens of seconds on the slower boards; the rest of a session a few. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(420);

    /**
     * Cells that fail today for a reason outside this module, with a fragment of the error they must fail with:
     * the cell is reported as "fails" with that reason, and the test fails as soon as the cell passes or fails
     * differently, so this list cannot go stale.
     */
    private static final Map<String, String> KNOWN_FAILURES = Map.of();
    /**
     * Bytes of module code, rodata and bss one board session may load. MicroPython never frees a loaded
     * natmod's memory (the loader tracks it for the life of the VM), so each board session imports only as many
     * modules as leave room for the apps' own heap allocations in the boards' 1 MiB heap. The loaded blocks stay
     * where they are, between the freed ones, so the budget must leave a contiguous 64 KiB (a one-page memory in
     * .bss) free as well: at 512 KiB, once the modules had shrunk enough to fit zig into the first armv6m session,
     * its 65,544-byte .bss no longer found a hole; at 384 KiB, once they had shrunk again, wat's (the fourth
     * one-page .bss of that session) did not either.
     */
    private static final long BOARD_SESSION_BUDGET = 256 * 1024;

    /** What the pipeline left for one input: an output per built arch, an error per arch that failed. */
    private record Built(Map<String, ArchOutput> outputs, Map<String, PipelineException> errors) {
    }

    private final List<MatrixInput> inputs = MatrixInput.all(REPO);
    private final Map<String, Built> builds = new LinkedHashMap<>();
    private final Map<String, RunResult> runs = new LinkedHashMap<>();
    private final Map<String, Future<RunResult>> pendingRuns = new LinkedHashMap<>();
    private final Map<String, MatrixCell> cells = new LinkedHashMap<>();

    @TestFactory
    Stream<DynamicNode> matrix() {
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(DynamicTest.dynamicTest("examples/coremark is the app coremark.wasm", () ->
                assertThat(REPO.resolve("examples/coremark/src/main/wasm/coremark.wasm"))
                        .hasSameBinaryContentAs(REPO.resolve("testdata/apps/coremark.wasm"))));
        nodes.add(DynamicContainer.dynamicContainer("build", inputs.stream().map(input ->
                DynamicTest.dynamicTest("build " + input.name() + " for every arch", () -> build(input)))));
        nodes.add(DynamicContainer.dynamicContainer("run", MatrixArch.withCheck(Check.RUN).stream().map(arch ->
                DynamicTest.dynamicTest("run every module on " + arch.id(), () -> run(arch)))));
        for (MatrixInput input : inputs) {
            nodes.add(DynamicContainer.dynamicContainer(input.name(), Arrays.stream(MatrixArch.values()).map(arch ->
                    DynamicTest.dynamicTest(input.name() + " × " + arch.id(), () -> cell(input, arch)))));
        }
        nodes.add(DynamicTest.dynamicTest("matrix.json and docs/arch-matrix.md", this::writeResults));
        return nodes.stream();
    }

    // ---- build ------------------------------------------------------------------------------------------

    private void build(MatrixInput input) throws Exception {
        Path wasm = input.wasm(OUT.resolve("wasm"));
        Map<String, ArchOutput> outputs = new LinkedHashMap<>();
        Map<String, PipelineException> errors = new LinkedHashMap<>();
        List<String> compiled = Arrays.stream(MatrixArch.values()).filter(a -> a.check() != Check.BUILD_IF_COMPILER)
                .map(MatrixArch::id).toList();
        try {
            pipeline(input, wasm, compiled).run().outputs().forEach(o -> outputs.put(o.arch(), o));
        } catch (PipelineException whole) {
            // One arch's failure stops the whole build; build each alone to know which archs fail and why.
            for (String arch : compiled) {
                buildOne(input, wasm, arch, outputs, errors);
            }
        }
        for (MatrixArch arch : MatrixArch.withCheck(Check.BUILD_IF_COMPILER)) {
            buildOne(input, wasm, arch.id(), outputs, errors);
        }
        builds.put(input.name(), new Built(outputs, errors));
        errors.forEach((arch, e) -> {
            if (MatrixArch.of(arch).check() != Check.BUILD_IF_COMPILER
                    && !KNOWN_FAILURES.containsKey(input.name() + " × " + arch)) {
                throw new AssertionError(input.name() + " does not build for " + arch + ": " + e.getMessage(), e);
            }
        });
    }

    private void buildOne(MatrixInput input, Path wasm, String arch, Map<String, ArchOutput> outputs,
                          Map<String, PipelineException> errors) {
        try {
            outputs.put(arch, pipeline(input, wasm, List.of(arch)).run().output(arch));
        } catch (PipelineException e) {
            errors.put(arch, e);
        }
    }

    private static Wasm2Mpy pipeline(MatrixInput input, Path wasm, List<String> archs) {
        return Wasm2Mpy.builder().input(wasm).moduleName(input.module()).archs(archs)
                .outputDirectory(OUT.resolve("build").resolve(input.module())).parallelism(2).build();
    }

    // ---- run --------------------------------------------------------------------------------------------

    /**
     * Runs every module built for {@code arch}, two archs at a time (each QEMU or unix-port process is single
     * threaded), started together the first time any arch's result is wanted.
     */
    private void run(MatrixArch arch) throws Exception {
        if (pendingRuns.isEmpty()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            for (MatrixArch each : MatrixArch.withCheck(Check.RUN)) {
                pendingRuns.put(each.id(), pool.submit(() -> runSessions(each)));
            }
            pool.shutdown();
        }
        RunResult result = pendingRuns.get(arch.id()).get();
        runs.put(arch.id(), result);
        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(result.output()).contains("== end");
    }

    /**
     * Imports the modules built for {@code arch}, each between markers, in as few MicroPython sessions as the
     * board's heap allows; returns the sessions' joined output and the first unsuccessful status.
     */
    private RunResult runSessions(MatrixArch arch) throws IOException {
        if (arch.webassembly()) {
            return runInNode();
        }
        Path mods = OUT.resolve("run").resolve(arch.id());
        Files.createDirectories(mods);
        boolean unix = arch == MatrixArch.X64 || arch == MatrixArch.X86;
        List<StringBuilder> sessions = new ArrayList<>();
        StringBuilder py = null;
        long loaded = 0;
        for (MatrixInput input : inputs) {
            Built built = builds.get(input.name());
            ArchOutput output = built == null ? null : built.outputs().get(arch.id());
            if (output == null) {
                continue;   // the cell reports the build failure
            }
            long cost = output.size() + output.sections().getOrDefault("bss", 0L);
            if (py == null || (!unix && loaded + cost > BOARD_SESSION_BUDGET)) {
                py = new StringBuilder("import gc, sys\n");
                sessions.add(py);
                loaded = 0;
            }
            loaded += cost;
            Files.copy(output.mpy(), mods.resolve(input.module() + ".mpy"), StandardCopyOption.REPLACE_EXISTING);
            py.append("print('== ").append(input.name()).append("')\ntry:\n");
            StringBuilder session = py;
            input.session().lines().forEach(line -> session.append("    ").append(line).append('\n'));
            py.append("except Exception as e:\n    print('FAILED', repr(e))\n");
            py.append("sys.modules.pop('").append(input.module()).append("', None)\napp = None\ngc.collect()\n");
        }
        StringBuilder joined = new StringBuilder();
        RunResult last = null;
        for (StringBuilder session : sessions) {
            RunResult result = Testbed.get().mpyRun(arch.id()).modules(mods).heap(unix ? "4m" : null)
                    .timeout(RUN_TIMEOUT).code(session.toString());
            joined.append(result.output());
            if (last == null || last.ok()) {
                last = result;
            }
        }
        joined.append("== end\n");
        return last == null ? new RunResult(io.github.wasm2mpy.testbed.Status.OK, 0, joined.toString())
                : new RunResult(last.status(), last.exitCode(), joined.toString());
    }

    /**
     * Runs each input's {@code APP.py} in MicroPython's webassembly port under Node, a fresh interpreter per input
     * (about 25 ms each), with the same markers as the board sessions.
     */
    private RunResult runInNode() {
        StringBuilder joined = new StringBuilder();
        try (NodeMicroPython node = NodeMicroPython.start()) {
            for (MatrixInput input : inputs) {
                Built built = builds.get(input.name());
                ArchOutput output = built == null ? null : built.outputs().get(MatrixArch.WEBASSEMBLY.id());
                if (output == null) {
                    continue;
                }
                joined.append("== ").append(input.name()).append('\n');
                NodeMicroPython.Session session = node.run(Map.of(input.module() + ".py", output.mpy()),
                        input.session(), RUN_TIMEOUT);
                joined.append(session.output());
                session.error().ifPresent(error -> joined.append("\nFAILED ").append(error.strip()).append('\n'));
            }
        }
        joined.append("== end\n");
        return new RunResult(io.github.wasm2mpy.testbed.Status.OK, 0, joined.toString());
    }

    /** One input's part of a session's output: from its marker to the next. */
    static String part(String output, String name) {
        int from = output.indexOf("== " + name + "\n");
        if (from < 0) {
            return "";
        }
        int to = output.indexOf("\n== ", from + 1);
        return output.substring(from, to < 0 ? output.length() : to + 1);
    }

    // ---- cells ------------------------------------------------------------------------------------------

    private void cell(MatrixInput input, MatrixArch arch) {
        MatrixCell cell = evaluate(input, arch);
        String name = input.name() + " × " + arch.id();
        cells.put(name, cell);
        if (KNOWN_FAILURES.containsKey(name)) {
            assertThat(cell.status()).as(name + " is listed as a known failure but " + cell.status().label()
                    + ": " + cell.reason()).isEqualTo(Status.FAILS);
            assertThat(cell.reason()).as(name + " fails differently than listed").contains(KNOWN_FAILURES.get(name));
            return;
        }
        Status wanted = switch (arch.check()) {
            case RUN -> Status.RUNS;
            case LINK -> Status.LINKS_ONLY;
            // Links only where someone configured an ESP32 compiler; otherwise the pipeline's clear refusal.
            case BUILD_IF_COMPILER -> cell.mpySize() > 0 ? Status.LINKS_ONLY : Status.NOT_BUILDABLE;
        };
        assertThat(cell.status()).as(cell.reason()).isEqualTo(wanted);
    }

    private MatrixCell evaluate(MatrixInput input, MatrixArch arch) {
        Built built = builds.get(input.name());
        if (built == null) {
            return fails(input, arch, "the build step did not run", 0);
        }
        PipelineException error = built.errors().get(arch.id());
        if (error != null) {
            if (arch.check() == Check.BUILD_IF_COMPILER && error instanceof ToolchainException
                    && error.getMessage().startsWith("no C compiler")) {
                return new MatrixCell(input.name(), arch.id(), Status.NOT_BUILDABLE, relative(error.getMessage()), 0);
            }
            return fails(input, arch, "build failed: " + error.getMessage(), 0);
        }
        ArchOutput output = built.outputs().get(arch.id());
        if (output == null) {
            return fails(input, arch, "the pipeline returned no output for the arch", 0);
        }
        List<String> problems = linkProblems(input, arch, output);
        if (!problems.isEmpty()) {
            return fails(input, arch, "link-level check: " + String.join("; ", problems), output.size());
        }
        if (arch.check() != Check.RUN) {
            return new MatrixCell(input.name(), arch.id(), Status.LINKS_ONLY,
                    "header arch " + arch.id() + ", link report matches, mpy_init in text, mpy-tool.py reads it", output.size());
        }
        RunResult run = runs.get(arch.id());
        if (run == null) {
            return fails(input, arch, "the run on " + arch.id() + " did not happen", output.size());
        }
        String part = part(run.output(), input.name());
        List<String> missing = missingLines(part, input.expected());
        if (part.isEmpty() || part.contains("FAILED") || !missing.isEmpty()) {
            String seen = part.isEmpty() ? "the session stopped before it (" + run.status() + "): "
                    + tail(run.output()) : tail(part);
            return fails(input, arch, (missing.isEmpty() ? "" : "missing " + missing + "; ") + "output: " + seen,
                    output.size());
        }
        return new MatrixCell(input.name(), arch.id(), Status.RUNS,
                "printed " + input.expected() + " on " + arch.id(), output.size());
    }

    private static MatrixCell fails(MatrixInput input, MatrixArch arch, String reason, long size) {
        return new MatrixCell(input.name(), arch.id(), Status.FAILS, relative(reason), size);
    }

    /** The reason with this checkout's path taken out, so the doc reads the same from any clone. */
    private static String relative(String reason) {
        return reason.replace(REPO + "/", "").replace(OUT + "/", "e2e/target/matrix/");
    }

    /** The expected lines not found in order in {@code output}. */
    private static List<String> missingLines(String output, List<String> expected) {
        List<String> missing = new ArrayList<>();
        int at = 0;
        for (String line : expected) {
            int found = output.indexOf(line, at);
            if (found < 0) {
                missing.add(line);
            } else {
                at = found + line.length();
            }
        }
        return missing;
    }

    private static String tail(String text) {
        String flat = text.strip();
        return flat.length() > 400 ? "..." + flat.substring(flat.length() - 400) : flat;
    }

    // ---- link-level checks ------------------------------------------------------------------------------

    /**
     * What is wrong with a built module short of running it: the header's arch, the linker's report against
     * the file, the entry symbol, and, for archs nothing here can run, MicroPython's own reader.
     */
    private List<String> linkProblems(MatrixInput input, MatrixArch arch, ArchOutput output) {
        List<String> problems = new ArrayList<>();
        if (arch.webassembly()) {
            // A Python file embedding the module: nothing to link; running it is the check.
            if (!output.mpy().getFileName().toString().equals(input.module() + ".py")) {
                problems.add("the webassembly output is " + output.mpy().getFileName() + ", not " + input.module() + ".py");
            }
            return problems;
        }
        try {
            MpyHeader header = MpyHeader.read(output.mpy());
            if (header.version() != 6 || !header.archName().equals(arch.id())) {
                problems.add("header says version " + header.version() + " arch " + header.archName());
            }
            long size = Files.size(output.mpy());
            if (size != output.size()) {
                problems.add("file has " + size + " bytes, the pipeline reported " + output.size());
            }
            LinkReport report = linkReport(input, arch);
            if (!report.arch().equals(arch.id()) || report.mpySize() != size) {
                problems.add("link report is for " + report.arch() + ", " + report.mpySize() + " bytes");
            }
            if (report.symbols().stream().noneMatch(s -> s.name().equals("mpy_init") && s.block().equals("text"))) {
                problems.add("no mpy_init entry in text");
            }
            if (arch.check() != Check.RUN) {
                mpyToolProblem(output.mpy()).ifPresent(problems::add);
            }
        } catch (IOException | InterruptedException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    /** The linker's JSON report, which the pipeline keeps beside its objects. */
    private static LinkReport linkReport(MatrixInput input, MatrixArch arch) throws IOException {
        Path file = OUT.resolve("build").resolve(input.module()).resolve(".wasm2mpy-work").resolve(arch.id())
                .resolve(input.module() + ".link.json");
        if (!Files.isRegularFile(file)) {
            throw new IOException("no link report at " + file);
        }
        return JSON.readValue(file.toFile(), LinkReport.class);
    }

    private static java.util.Optional<String> mpyToolProblem(Path mpy) throws IOException, InterruptedException {
        Path tool = Testbed.get().micropythonSource().resolve("tools/mpy-tool.py");
        Process p = new ProcessBuilder("python3", tool.toString(), mpy.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return java.util.Optional.of("mpy-tool.py did not finish");
        }
        return p.exitValue() == 0 ? java.util.Optional.empty()
                : java.util.Optional.of("mpy-tool.py cannot read it: " + tail(out));
    }

    // ---- results ----------------------------------------------------------------------------------------

    private void writeResults() throws IOException {
        assertThat(cells).as("cells evaluated").hasSize(inputs.size() * MatrixArch.values().length);
        ArchMatrix matrix = new ArchMatrix(List.copyOf(cells.values()));
        matrix.write(OUT.resolve("matrix.json"));
        String rendered = ArchMatrixDoc.render(matrix);
        if (Boolean.getBoolean("matrix.writeDocs")) {
            ArchMatrixDoc.write(matrix, DOC);
        }
        assertThat(DOC).as("docs/arch-matrix.md is out of date: run ./mvnw -pl e2e verify -Dmatrix.writeDocs=true")
                .exists().content(StandardCharsets.UTF_8).isEqualTo(rendered);
    }
}
