package io.github.wasm2mpy.cgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wasm2mpy.model.validation.ValidatedModule;
import io.github.wasm2mpy.model.validation.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential fuzzing of the C emitter: random valid modules from binaryen's translate-to-fuzz, each run in
 * Chicory's interpreter (the oracle) and through our C for several targets, the traces compared line by line.
 *
 * <p><b>What runs.</b> {@code fuzz.modules} modules (default 36), whose seeds come from
 * {@code java.util.Random(fuzz.seed)} (default {@value #DEFAULT_SEED}); {@code -Dfuzz.seeds=HEX,HEX} runs exactly
 * those module seeds instead (a failure names its seed). {@link BinaryenFuzzer} makes each module from its seed
 * (which features, why not reference types), {@link FuzzPlan} says which calls are made and what the trace
 * holds: every export called with zeros and with edge cases, each call's {@code fuzzing-support} logging, results
 * and trap kinds, then every global and a digest of the whole memory. Each module is translated for x64 and x86
 * and two more of the {@link #TARGETS targets} in turn ({@link #rotation}), built with the spec harness's compile
 * line ({@link HostBuild}), and run; each run must print exactly Chicory's trace. {@code -Dfuzz.targets=all} builds
 * every module for every target, {@code -Dfuzz.targets=x64,x64-static} for the ones named.
 *
 * <p><b>The oracle.</b> Chicory 1.0.0 departs from the spec in two places these modules reach; {@link ChicoryOracle}
 * corrects both (active data segments not dropped by instantiation; narrow stores past 4 GiB wrapping around),
 * takes the {@code IndexOutOfBoundsException} its {@code memory.init} throws for a source at 2^31 or more for the
 * out-of-bounds trap it stands for, and {@link ChicoryOracleTest} shows each correction at work. Differences were checked against binaryen's interpreter
 * ({@code wasm-opt m.wasm -all --fuzz-exec-before}) and wabt's ({@code wasm-interp --run-all-exports --trace}).
 *
 * <p><b>Termination.</b> translate-to-fuzz bounds every loop and call chain with a hang limit (a global the
 * export {@code hangLimitInitializer} sets to 10, decremented on each loop iteration and function entry, and the
 * function returning a constant when it reaches 0). The harness resets it before every call, as binaryen's own
 * does, so each call ends, recursion stays shallow (no target's call depth limit is reached, nor the JVM's stack),
 * and a C run that does not end within 30 s is a failure, not a limit we accept.
 *
 * <p><b>Nondeterminism.</b> The spec leaves one thing open in these modules: the bits of a NaN an arithmetic
 * operation returns. The trace prints every NaN value as {@code nan}, but NaN bits can still reach an integer (a
 * reinterpret, a store then a load, the memory digest), where a correct C compiler and a correct interpreter may
 * disagree. So the modules are instrumented by binaryen's {@code --denan} pass, which replaces every NaN a
 * float-typed expression produces with 0; no argument is a NaN either. {@code -Dfuzz.denan=false} leaves NaNs in
 * (where a difference in NaN bits alone is not a bug). Nothing else is left to chance: no
 * threads, no clocks, memories well below any allocation limit, and a Chicory trap Chicory cannot name
 * ({@link ChicoryOracle#trapKind}) is a difference, never ignored.
 *
 * <p><b>Failures.</b> A module whose traces differ (or which does not validate, translate, compile or exit 0)
 * keeps its files under {@code target/fuzz/SEED/}: {@code m.wasm}, {@code input.bin}, {@code expected.txt}
 * (Chicory), and per target {@code m.c}, {@code driver.c} and {@code run.out}; the message names them and the
 * first differing line. Modules that pass are deleted (kept with {@code -Dfuzz.keep=true}).
 * {@code target/fuzz/summary.json} counts modules, builds, calls, traps, logged values and differences;
 * {@code -Dfuzz.progress=true} prints the same per module as it finishes.
 */
class DifferentialFuzzTest {
    static final long DEFAULT_SEED = 20261123L;
    static final int DEFAULT_MODULES = 36;
    static final Path OUT = AppsCompileTest.REPO.resolve("wasm2c-gen/target/fuzz");

    /**
     * The builds each module goes through: the spec harness's targets that change the C or how it is compiled
     * (default options on x64 and x86-32; STATIC memory; lazy HEAP memory in 16-byte chunks, inline and through
     * out-of-line accessors; the out-of-line checked accessors of -Os), and three of our own: memory whose size
     * only the module changes (what the MicroPython pipeline sets), no call depth counter, and HEAP memory in one
     * block. The spec harness's depth-300 target is left out: no fuzz module gets near either limit.
     */
    static final List<SpecTest.Target> TARGETS = Stream.concat(
            SpecTest.TARGETS.stream().filter(t -> !t.name().equals("x64-depth300")),
            Stream.of(
                    new SpecTest.Target("x64-fixed", List.of(), CodegenOptions.builder().hostGrowsMemory(false).build(), ""),
                    new SpecTest.Target("x64-nodepth", List.of(), CodegenOptions.builder().callDepthLimit(0).build(), ""),
                    new SpecTest.Target("x64-whole", List.of(), CodegenOptions.builder()
                            .memory(CodegenOptions.MemoryMode.HEAP).heapChunkSize(0).build(), "memory"))).toList();

    /** What happened to one module: the oracle's counts, and one message per target whose trace differs. */
    record Outcome(BinaryenFuzzer.Recipe recipe, int builds, int calls, int traps, int logs, List<String> failures) {}

    @TestFactory
    Stream<DynamicNode> fuzz() throws Exception {
        List<Long> seeds = seeds();
        boolean denan = Boolean.parseBoolean(System.getProperty("fuzz.denan", "true"));
        String only = System.getProperty("fuzz.targets", "");
        boolean all = !only.isEmpty() || Boolean.getBoolean("fuzz.allTargets");
        List<SpecTest.Target> targets = TARGETS.stream()
                .filter(t -> only.isEmpty() || only.equals("all") || List.of(only.split(",")).contains(t.name())).toList();
        assertThat(targets).as("targets named by fuzz.targets").isNotEmpty();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            long seed = seeds.get(i);
            List<SpecTest.Target> these = all ? targets : rotation(i);
            outcomes.add(pool.submit(() -> run(BinaryenFuzzer.Recipe.of(seed, denan), these)));
        }
        pool.shutdown();
        List<DynamicNode> tests = new ArrayList<>();
        ObjectNode summary = SpecTest.JSON.createObjectNode();
        ArrayNode failed = SpecTest.JSON.createArrayNode();
        int calls = 0, traps = 0, logs = 0, differences = 0, builds = 0;
        for (Future<Outcome> f : outcomes) {
            Outcome o = f.get();
            calls += o.calls();
            builds += o.builds();
            traps += o.traps();
            logs += o.logs();
            differences += o.failures().size();
            if (!o.failures().isEmpty()) failed.add(o.recipe().name());
            tests.add(DynamicTest.dynamicTest("seed " + o.recipe().name(),
                    () -> assertThat(o.failures()).as("seed " + o.recipe().name()).isEmpty()));
        }
        summary.put("seed", Long.getLong("fuzz.seed", DEFAULT_SEED)).put("modules", seeds.size()).put("builds", builds)
                .put("denan", denan).put("calls", calls).put("traps", traps).put("logs", logs)
                .put("differences", differences).set("failedSeeds", failed);
        Files.createDirectories(OUT);
        SpecTest.JSON.writerWithDefaultPrettyPrinter().writeValue(OUT.resolve("summary.json").toFile(), summary);
        System.out.printf("differential fuzz: %d modules, %d builds, %d calls, %d traps, %d logs, %d differences%n",
                seeds.size(), builds, calls, traps, logs, differences);
        return tests.stream();
    }

    /**
     * The targets of module {@code i} in the default run: x64 and x86, and two of the others in turn, so that
     * the run stays within its time budget and each other target still sees a quarter of the modules.
     */
    static List<SpecTest.Target> rotation(int i) {
        List<SpecTest.Target> others = TARGETS.subList(2, TARGETS.size());
        return List.of(TARGETS.get(0), TARGETS.get(1), others.get(2 * i % others.size()),
                others.get((2 * i + 1) % others.size()));
    }

    /** The module seeds: those of fuzz.seeds, else fuzz.modules of them from Random(fuzz.seed). */
    private static List<Long> seeds() {
        String listed = System.getProperty("fuzz.seeds", "");
        if (!listed.isEmpty()) return Stream.of(listed.split(",")).map(s -> Long.parseUnsignedLong(s.trim(), 16)).toList();
        Random random = new Random(Long.getLong("fuzz.seed", DEFAULT_SEED));
        int n = Integer.getInteger("fuzz.modules", DEFAULT_MODULES);
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < n; i++) seeds.add(random.nextLong());
        return seeds;
    }

    private static Outcome run(BinaryenFuzzer.Recipe recipe, List<SpecTest.Target> targets) throws Exception {
        Path dir = OUT.resolve(recipe.name());
        String rerun = " (rerun: -Dfuzz.seeds=" + recipe.name() + ")";
        List<String> failures = new ArrayList<>();
        byte[] wasm = BinaryenFuzzer.generate(recipe, dir);
        ValidatedModule valid;
        FuzzPlan plan;
        try {
            valid = Validator.read(wasm);
            plan = FuzzPlan.of(valid.module(), recipe.seed());
        } catch (RuntimeException e) {
            failures.add("seed " + recipe.name() + ": " + dir.resolve("m.wasm") + " rejected: " + e.getMessage() + rerun);
            return new Outcome(recipe, 0, 0, 0, 0, failures);
        }
        List<String> expected = ChicoryOracle.trace(wasm, plan);
        Files.write(dir.resolve("expected.txt"), expected);
        String driver = FuzzDriver.source(plan);
        int builds = 0;
        for (SpecTest.Target t : targets) {
            if (t.appliesTo().equals("memory") && !plan.hasMemory()) continue;
            builds++;
            Path tdir = dir.resolve(t.name());
            String failure = build(valid, t, tdir, driver);
            if (failure == null) failure = compare(expected, tdir);
            if (failure != null) {
                failures.add("seed " + recipe.name() + " on " + t.name() + ": " + failure + "\n  wasm " + dir.resolve("m.wasm")
                        + ", C " + tdir.resolve("m.c") + ", expected " + dir.resolve("expected.txt") + rerun);
            }
        }
        if (failures.isEmpty() && !Boolean.getBoolean("fuzz.keep")) deleteTree(dir);
        int calls = plan.calls().size();
        int traps = (int) expected.stream().filter(l -> l.startsWith("trap ") || l.startsWith("instantiate trap ")).count();
        int logs = (int) expected.stream().filter(l -> l.startsWith("log ")).count();
        if (Boolean.getBoolean("fuzz.progress")) {
            // For long runs: one line per module, so that an interrupted run still tells what it covered.
            System.err.printf("fuzz %s: %d builds, %d calls, %d traps, %d logs, %d differences%n", recipe.name(), builds,
                    calls, traps, logs, failures.size());
        }
        return new Outcome(recipe, builds, calls, traps, logs, failures);
    }

    /** Translates, writes the driver and compiles; returns null, or what went wrong. */
    private static String build(ValidatedModule valid, SpecTest.Target t, Path dir, String driver) throws Exception {
        CSources c;
        try {
            c = CEmitter.emit("m.wasm", valid, t.options().toBuilder().prefix(FuzzDriver.PREFIX).build());
        } catch (RuntimeException e) {
            return "translation failed: " + e;
        }
        c.writeTo(dir);
        Path driverC = dir.resolve("driver.c");
        Files.writeString(driverC, driver);
        return HostBuild.compile(dir, t.cflags(), List.of(dir.resolve(FuzzDriver.PREFIX + ".c"), driverC));
    }

    /** Runs the build in {@code dir}; returns null when it printed {@code expected} and exited 0, else the first difference. */
    private static String compare(List<String> expected, Path dir) throws Exception {
        HostBuild.Run run = HostBuild.run(dir, 30);
        List<String> actual = run.output().lines().toList();
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String want = i < expected.size() ? expected.get(i) : "(end)";
            String got = i < actual.size() ? actual.get(i) : "(end)";
            if (!want.equals(got)) {
                String call = "";
                for (int k = Math.min(i, expected.size()) - 1; k >= 0; k--) {
                    if (expected.get(k).startsWith("call ")) { call = " in `" + expected.get(k) + "`"; break; }
                }
                return "line " + (i + 1) + call + ": expected `" + want + "`, C printed `" + got + "`"
                        + (run.exit() != 0 ? " (exit " + (run.timedOut() ? "timeout" : run.exit()) + ")" : "");
            }
        }
        if (run.exit() != 0) return "trace matches but the run " + (run.timedOut() ? "timed out" : "exited with " + run.exit());
        return null;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
