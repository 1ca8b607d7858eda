package io.github.wasm2mpy.cgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wast2Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The spec testsuite, through our C: one executable per .wast and target, built and run two at a time.
 * Writes target/spec/summary-&lt;target&gt;.json.
 */
class SpecTest {
    static final Path REPO = AppsCompileTest.REPO;
    static final Path OUT = REPO.resolve("wasm2c-gen/target/spec");
    static final ObjectMapper JSON = new ObjectMapper();

    /** A build configuration, and the word a script must contain for the configuration to apply to it. */
    record Target(String name, List<String> cflags, CodegenOptions options, String appliesTo) {}

    static final List<Target> TARGETS = List.of(
            new Target("x64", List.of(), CodegenOptions.defaults(), ""),
            new Target("x86", List.of("-m32", "-msse2", "-mfpmath=sse"), CodegenOptions.defaults(), ""),
            new Target("x64-static", List.of(),
                    CodegenOptions.builder().memory(CodegenOptions.MemoryMode.STATIC).build(), "memory"),
            new Target("x64-depth300", List.of(), CodegenOptions.builder().callDepthLimit(300).build(),
                    "assert_exhaustion"),
            // Lazily committed HEAP memory with 16-byte chunks: most accesses take the slow path, and 8-byte ones
            // straddle chunks. (x64 and x86 use the default 1 KiB chunks.)
            new Target("x64-chunk16", List.of(), CodegenOptions.builder().memory(CodegenOptions.MemoryMode.HEAP)
                    .heapChunkSize(16).build(), "memory"),
            // The same through the lazy memory's out-of-line accessors (-Os selects them for frequent kinds; =2
            // for every kind, so that each accessor runs), which find the instance as the MicroPython glue's do
            // (singleInstance: each module of a script is instantiated once).
            new Target("x64-chunk16-outline", List.of("-Os", "-DW2M_OUTLINE_LAZY_ACCESS=2", "-DW2M_STRICT_TARGET=1"),
                    CodegenOptions.builder().memory(CodegenOptions.MemoryMode.HEAP).heapChunkSize(16)
                            .singleInstance(true).build(), "memory"),
            // The out-of-line checked accessors that -Os selects on Cortex-M0 and RISC-V, with the alignment test
            // they make there (W2M_STRICT_TARGET), as the glue builds them (singleInstance).
            new Target("x64-outline", List.of("-Os", "-DW2M_OUTLINE_ACCESS=2", "-DW2M_STRICT_TARGET=1"),
                    CodegenOptions.builder().singleInstance(true).build(), "memory"),
            // The same accessors where unaligned moves exist, as large modules get them on Armv7-M: proven
            // accesses plain and widened checks made, beside the calls.
            new Target("x64-outline-plain", List.of("-Os", "-DW2M_OUTLINE_ACCESS=2"), CodegenOptions.defaults(), "memory"),
            // The alignment-testing loads and stores of Cortex-M0, RISC-V and Xtensa (w2m_int.h), unaligned
            // addresses included, which those targets' QEMU boards would not fault on.
            new Target("x64-strict-align", List.of("-DW2M_STRICT_ALIGN=1"), CodegenOptions.defaults(), "memory"));

    /** Outcome of one command. */
    record Outcome(SpecDriver.Command command, String failure) {}

    @TestFactory
    Stream<DynamicNode> spec() throws Exception {
        List<Path> wasts;
        try (Stream<Path> s = Files.list(REPO.resolve("testdata/testsuite"))) {
            wasts = s.filter(p -> p.toString().endsWith(".wast") && !p.getFileName().toString().startsWith("simd_"))
                    .sorted().toList();
        }
        assertThat(wasts).hasSize(90);
        String only = System.getProperty("spec.files", "");
        if (!only.isEmpty()) {
            List<String> names = List.of(only.split(","));
            wasts = wasts.stream().filter(w -> names.contains(w.getFileName().toString().replace(".wast", ""))).toList();
        }
        String onlyTargets = System.getProperty("spec.targets", "");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Map<String, Future<JsonNode>> scripts = new LinkedHashMap<>();
        for (Path w : wasts) scripts.put(w.getFileName().toString(), pool.submit(() -> json(w)));
        Map<String, Map<String, Future<List<Outcome>>>> runs = new LinkedHashMap<>();
        List<Target> targets = TARGETS.stream()
                .filter(t -> onlyTargets.isEmpty() || List.of(onlyTargets.split(",")).contains(t.name())).toList();
        for (Target t : targets) {
            Map<String, Future<List<Outcome>>> perFile = new LinkedHashMap<>();
            for (Path w : wasts) {
                String f = w.getFileName().toString();
                if (!Files.readString(w).contains(t.appliesTo())) continue;
                perFile.put(f, pool.submit(() -> run(f, scripts.get(f).get(), t)));
            }
            runs.put(t.name(), perFile);
        }
        pool.shutdown();
        List<DynamicNode> nodes = new ArrayList<>();
        for (Target t : targets) {
            ArrayNode files = JSON.createArrayNode();
            int[] totals = new int[3];
            List<DynamicNode> fileNodes = new ArrayList<>();
            for (var e : runs.get(t.name()).entrySet()) {
                List<Outcome> outcomes = e.getValue().get();
                int passed = 0, failed = 0, skipped = 0;
                List<DynamicTest> tests = new ArrayList<>();
                for (Outcome o : outcomes) {
                    if (o.command().skipped()) { skipped++; continue; }
                    if (o.failure() == null) passed++; else failed++;
                    tests.add(DynamicTest.dynamicTest(o.command().name() + " on " + t.name(),
                            () -> assertThat(o.failure()).as(o.command().name()).isNull()));
                }
                ObjectNode f = files.addObject();
                f.put("file", e.getKey()).put("passed", passed).put("failed", failed).put("skipped", skipped);
                totals[0] += passed;
                totals[1] += failed;
                totals[2] += skipped;
                fileNodes.add(DynamicContainer.dynamicContainer(e.getKey() + " on " + t.name(), tests.stream()));
            }
            ObjectNode summary = JSON.createObjectNode();
            summary.set("files", files);
            summary.putObject("totals").put("passed", totals[0]).put("failed", totals[1]).put("skipped", totals[2]);
            Files.createDirectories(OUT);
            JSON.writerWithDefaultPrettyPrinter().writeValue(OUT.resolve("summary-" + t.name() + ".json").toFile(), summary);
            nodes.add(DynamicContainer.dynamicContainer(t.name(), fileNodes.stream()));
        }
        return nodes.stream();
    }

    /** wast2json output, cached under target/spec/json/&lt;file&gt;/. */
    private static JsonNode json(Path wast) throws Exception {
        String base = wast.getFileName().toString().replace(".wast", "");
        Path dir = OUT.resolve("json").resolve(base);
        Path json = dir.resolve(base + ".json");
        if (!Files.exists(json) || Files.getLastModifiedTime(json).compareTo(Files.getLastModifiedTime(wast)) < 0) {
            Files.createDirectories(dir);
            Wast2Json.builder().withFile(wast.toFile()).withOutput(json.toFile()).build().process();
        }
        return JSON.readTree(json.toFile());
    }

    private static List<Outcome> run(String file, JsonNode script, Target target) throws Exception {
        String base = file.replace(".wast", "");
        Path jsonDir = OUT.resolve("json").resolve(base);
        Path dir = OUT.resolve(target.name()).resolve(base);
        SpecDriver driver = new SpecDriver(file, jsonDir, target.options());
        List<Path> sources = driver.generate(script, dir);
        Map<Integer, String> results = new HashMap<>();
        String globalFailure = HostBuild.compile(dir, target.cflags(), sources);
        if (globalFailure == null) {
            HostBuild.Run run = HostBuild.run(dir, 60);
            for (String l : run.output().lines().toList()) {
                String[] parts = l.split(" ", 3);
                if (parts.length >= 2 && (parts[0].equals("PASS") || parts[0].equals("FAIL"))) {
                    int line = Integer.parseInt(parts[1]);
                    if (parts[0].equals("FAIL")) results.put(line, parts.length > 2 ? parts[2] : "failed");
                    else results.putIfAbsent(line, null);
                    if (parts[0].equals("PASS") && results.get(line) == null) results.put(line, null);
                }
            }
            if (run.exit() != 0) {
                globalFailure = "driver " + (run.timedOut() ? "timed out" : "exited with " + run.exit());
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (SpecDriver.Command c : driver.commands) {
            if (c.skipped()) { outcomes.add(new Outcome(c, null)); continue; }
            String failure;
            if (results.containsKey(c.line())) failure = results.get(c.line());
            else failure = globalFailure != null ? globalFailure : "no result reported";
            outcomes.add(new Outcome(c, failure));
        }
        return outcomes;
    }
}
