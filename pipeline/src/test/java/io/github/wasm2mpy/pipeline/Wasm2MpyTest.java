package io.github.wasm2mpy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.cgen.CodegenOptions;
import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.TargetArch;
import io.github.wasm2mpy.testbed.Testbed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class Wasm2MpyTest {
    /** Each demo app's banner, printed by setup() through the wiring.print import. */
    private static final Map<String, String> BANNERS = Map.of(
            "assemblyscript", "AssemblyScript is running!", "cpp", "C++ is running!",
            "rust", "Rust is running!", "tinygo", "TinyGo is running!", "virgil", "Virgil is running",
            "wat", "WAT is running!", "zig", "Zig is running!");

    private static Testbed testbed;

    @TempDir
    Path out;

    @BeforeAll
    static void provisioned() {
        testbed = Testbed.get();
    }

    private static Path app(String name) {
        return testbed.repoRoot().resolve("testdata/apps/" + name + ".wasm");
    }

    @TestFactory
    Stream<DynamicTest> demoAppsRunOnX64() {
        return BANNERS.keySet().stream().sorted().map(name -> DynamicTest.dynamicTest(
                name + ".wasm: setup(); loop(); loop() on x64", () -> {
                    BuildResult result = Wasm2Mpy.builder().input(app(name)).arch("x64").outputDirectory(out)
                            .build().run();
                    RunResult run = testbed.mpyRun(TargetArch.X64).modules(result.output("x64").mpy().getParent())
                            .timeout(Duration.ofSeconds(30))
                            .code("import " + name + " as app; app.setup(); app.loop(); app.loop(); print('done')");
                    assertThat(run.ok()).as(run.output()).isTrue();
                    assertThat(run.output()).contains(BANNERS.get(name)).contains("Blink").endsWith("done\n");
                }));
    }

    /**
     * Issue 9: rust and tinygo grow their memory, which is committed lazily (only the pages they touch take RAM),
     * so they run in the heap of a small board. Before, rust needed about 200 KB.
     */
    @TestFactory
    Stream<DynamicTest> growingAppsRunInA72kHeap() {
        return Stream.of("rust", "tinygo").map(name -> DynamicTest.dynamicTest(name + " in a 72k heap", () -> {
            BuildResult result = Wasm2Mpy.builder().input(app(name)).arch("x64").outputDirectory(out).build().run();
            RunResult run = testbed.mpyRun(TargetArch.X64).modules(result.output("x64").mpy().getParent())
                    .heap("72k").timeout(Duration.ofSeconds(30))
                    .code("import " + name + " as app; app.setup(); app.loop(); app.loop(); print(len(app.memory))");
            assertThat(run.ok()).as(run.output()).isTrue();
            assertThat(run.output()).contains(BANNERS.get(name)).contains("Blink");
        }));
    }

    /**
     * The C runs on the instance its live-instance variable names (singleInstance): a Python callable that makes a
     * new instance in the middle of a call must not move the rest of the call onto it. f stores 1..8 through one
     * kind of out-of-line accessor, calls the import, and sums the words through another, each load at its own
     * parameter so that no earlier check proves it and each is an accessor call; 36 means the loads read the
     * memory the stores wrote. Lazy memory on x64 (the data segment commits the first KiB, where the accessors'
     * fast path reads) and contiguous on armv6m, the -Os builds that call accessors.
     */
    @TestFactory
    Stream<DynamicTest> aResetInsideACallLeavesTheCallOnItsInstance() throws IOException {
        StringBuilder stores = new StringBuilder();
        StringBuilder loads = new StringBuilder("(i32.const 0)");
        for (int i = 0; i < 8; i++) {
            stores.append("(i32.store offset=").append(4 * i).append(" (local.get 0) (i32.const ").append(i + 1).append("))\n");
            loads.insert(0, "(i32.add ").append(" (i32.load (local.get ").append(i + 1).append(")))");
        }
        Path wat = Files.writeString(out.resolve("relive.wat"), """
                (module
                  (import "env" "cb" (func $cb))
                  (memory (export "memory") 1)
                  (data (i32.const 1000) "\\ff")
                  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
                  (func (export "f") (param i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
                    %s(call $cb)
                    %s))
                """.formatted(stores, loads));
        String session = String.join("\n",
                "import relive",
                "relive.bind({'env.cb': lambda: relive.reset()})",
                "print('first', relive.f(100, *range(100, 132, 4)))",
                "relive.bind({'env.cb': lambda: None})",
                "print('second', relive.f(200, *range(200, 232, 4)), bytes(relive.memory[200:208]))",
                // the live-instance variable (in the module's data, which a board's MicroPython keeps with its code
                // and scans) does not keep an unloaded module's instance and memory alive: stored as a plain
                // pointer, armv6m frees 64 bytes here instead of 65,968
                "import gc, sys",
                "gc.collect()",
                "before = gc.mem_free()",
                "del sys.modules['relive']",
                "relive = None",
                "max(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)",  // overwrite stale value-stack slots
                "def churn(n):",
                "    return churn(n - 1) + [n] if n else [bytearray(64)]",
                "churn(8)",
                "gc.collect()",
                "print('freed', gc.mem_free() - before >= 1024)");
        record Build(TargetArch arch, int chunk) {}
        return Stream.of(new Build(TargetArch.X64, 1024), new Build(TargetArch.ARMV6M, 0)).map(b -> DynamicTest.dynamicTest(
                b.arch().id() + (b.chunk() == 0 ? ", contiguous memory" : ", lazy memory"), () -> {
                    Path dir = out.resolve(b.arch().id());
                    BuildResult result = Wasm2Mpy.builder().input(wat).arch(b.arch().id()).outputDirectory(dir)
                            .optimization(Wasm2Mpy.Optimization.SIZE)
                            .options(CodegenOptions.builder().heapChunkSize(b.chunk()).build()).keepCSources(true)
                            .build().run();
                    // the build this is about: accessors without the instance argument
                    assertThat(dir.resolve("c/relive.c")).content().contains("relive_live_inst = 0 - (uintptr_t)inst;");
                    RunResult run = testbed.mpyRun(b.arch()).modules(result.output(b.arch().id()).mpy().getParent())
                            .timeout(Duration.ofSeconds(60)).code(session);
                    assertThat(run.ok()).as(run.output()).isTrue();
                    assertThat(run.output())
                            .isEqualTo("first 36\nsecond 36 b'\\x01\\x00\\x00\\x00\\x02\\x00\\x00\\x00'\nfreed True\n");
                }));
    }

    /**
     * Under -Os the out-of-line accessors of a fixed memory trap through W2M_ACCESSOR_TRAP, on Thumb a call gcc
     * does not see, so its callers keep values in the registers an accessor leaves alone. mix() makes 48 accessor
     * calls (u32, u8 and s16 loads, at unaligned addresses too) with eight parameters live across them;
     * the sum must match Python's, an access past the end must raise Trap, and the module must work after it.
     * On Armv7-M, Armv6-M, Armv7E-M with the FPU (hard-float calls) and RV32 (the plain call).
     */
    @TestFactory
    Stream<DynamicTest> outOfLineAccessorsKeepTheCallersValuesAndTrap() throws IOException {
        // One function per round: each load is a parameter's first access in its function, so no earlier check
        // proves it and every one of the 48 sites stays a checked accessor call (on Armv7-M too, which outlines
        // only modules with that many).
        StringBuilder rounds = new StringBuilder();
        StringBuilder body = new StringBuilder("(i32.const 0)");
        String params = " (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4) (local.get 5)"
                + " (local.get 6) (local.get 7)";
        for (int r = 0; r < 6; r++) {
            String load = switch (r % 3) {
                case 0 -> "i32.load offset=" + 4 * r;
                case 1 -> "i32.load8_u offset=" + r;
                default -> "i32.load16_s offset=" + 2 * r;
            };
            StringBuilder sum = new StringBuilder("(i32.const 0)");
            for (int i = 0; i < 8; i++) {
                sum.insert(0, "(i32.add ").append(" (i32.mul (").append(load).append(" (local.get ").append(i)
                        .append(")) (local.get ").append((i + 1) % 8).append(")))");
            }
            rounds.append("(func $r").append(r).append(" (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)\n  ")
                    .append(sum).append(")\n");
            body.insert(0, "(i32.add ").append(" (call $r").append(r).append(params).append("))");
        }
        for (int i = 0; i < 8; i++) {
            body.insert(0, "(i32.add ").append(" (local.get ").append(i).append("))");
        }
        Path wat = Files.writeString(out.resolve("keeps.wat"), """
                (module
                  (memory 1)
                  (func (export "fill")
                    (local $i i32)
                    (loop $next
                      (i32.store8 (local.get $i) (i32.add (i32.mul (local.get $i) (i32.const 37)) (i32.const 11)))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (br_if $next (i32.lt_u (local.get $i) (i32.const 65536)))))
                  %s
                  (func (export "mix") (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
                    %s))
                """.formatted(rounds, body));
        String session = String.join("\n",
                "import keeps",
                "keeps.fill()",
                "def b(i): return (i * 37 + 11) & 255",
                "def ld(kind, a):",
                "    if kind == 0: return b(a) | b(a + 1) << 8 | b(a + 2) << 16 | b(a + 3) << 24",
                "    if kind == 1: return b(a)",
                "    v = b(a) | b(a + 1) << 8",
                "    return v - 65536 if v & 0x8000 else v",
                "def mix(ps):",
                "    acc = sum(ps)",
                "    for r in range(6):",
                "        off = (4 * r, r, 2 * r)[r % 3]",
                "        for i in range(8): acc += ld(r % 3, ps[i] + off) * ps[(i + 1) % 8]",
                "    return acc & 0xffffffff",
                "ps = [3, 100, 257, 1001, 2050, 4093, 777, 60001]",
                "print('mix', (keeps.mix(*ps) & 0xffffffff) == mix(ps))",
                "try:",
                "    keeps.mix(3, 100, 257, 1001, 2050, 4093, 777, 65533)",
                "    print('no trap')",
                "except keeps.Trap as e:",
                "    print('trap', e)",
                "ps[7] = 65000",
                "print('after', (keeps.mix(*ps) & 0xffffffff) == mix(ps))");
        Stream<TargetArch> archs =
                Stream.of(TargetArch.ARMV7M, TargetArch.ARMV6M, TargetArch.ARMV7EMSP, TargetArch.RV32IMC);
        return archs.map(arch -> DynamicTest.dynamicTest(arch.id(), () -> {
            Path dir = out.resolve(arch.id());
            BuildResult result = Wasm2Mpy.builder().input(wat).arch(arch.id()).outputDirectory(dir)
                    .optimization(Wasm2Mpy.Optimization.SIZE).keepCSources(true).build().run();
            // the build this is about: out-of-line accessors that trap through the hidden call
            assertThat(dir.resolve("c/keeps.c")).content()
                    .contains("static W2M_NOINLINE W2M_FN u32 w2m_ld0_u32(u32 a) {\n"
                            + "  if (W2M_UNLIKELY(a > 65536u - 4u)) W2M_ACCESSOR_TRAP(W2M_TRAP_MEMORY_OOB);\n");
            RunResult run = testbed.mpyRun(arch).modules(result.output(arch.id()).mpy().getParent())
                    .timeout(Duration.ofSeconds(60)).code(session);
            assertThat(run.ok()).as(run.output()).isTrue();
            assertThat(run.output()).isEqualTo("mix True\ntrap out of bounds memory access\nafter True\n");
        }));
    }

    /**
     * A size build compiles each C file as is and with -fno-thread-jumps and links the second object when it is
     * at least 2 % smaller: CoreMark's state machine is, a module without branches to thread is the same either way
     * (the first object stays); a speed build compiles once.
     */
    @Test
    void sizeBuildsLinkTheSmallerOfTwoObjects() throws IOException {
        List<String> log = new ArrayList<>();
        Path work = out.resolve("work");
        Wasm2Mpy size = Wasm2Mpy.builder().input(app("coremark")).arch("armv7m").outputDirectory(out.resolve("size"))
                .workDirectory(work).optimization(Wasm2Mpy.Optimization.SIZE).log(log::add).build();
        ArchOutput built = size.run().output("armv7m");
        List<String> choices = log.stream().filter(line -> line.contains(" is smaller with ")).toList();
        assertThat(choices).anySatisfy(line -> assertThat(line)
                .matches("armv7m: coremark\\.c is smaller with -fno-thread-jumps \\(\\d+ bytes instead of \\d+\\)"));
        String coremark = choices.stream().filter(line -> line.contains("coremark.c")).findFirst().orElseThrow();
        long kept = bytesIn(coremark, 1);
        assertThat(kept * 50).isLessThanOrEqualTo(bytesIn(coremark, 2) * 49);
        Path objects = work.resolve("armv7m/obj");
        assertThat(ObjectSize.allocatedBytes(objects.resolve("coremark.o"))).isEqualTo(kept);
        try (Stream<Path> files = Files.list(objects)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("coremark.o", "coremark_glue.o", "w2m_toolchain_shims.o");
        }
        // the build says how each file was compiled, also when it reuses the build
        assertThat(built.compileFlags()).containsOnlyKeys("coremark.c", "coremark_glue.c", "w2m_toolchain_shims.c");
        assertThat(built.compileFlags().get("coremark.c")).startsWith("-Os").endsWith("-fno-thread-jumps");
        ArchOutput reused = size.run().output("armv7m");
        assertThat(reused.upToDate()).isTrue();
        assertThat(reused.compileFlags()).isEqualTo(built.compileFlags());
        assertThat(out.resolve("size/coremark.build.json")).content().contains("\"-fno-thread-jumps\"");

        log.clear();
        ArchOutput simple = Wasm2Mpy.builder().input(app("simple")).arch("armv7m")
                .outputDirectory(out.resolve("simple")).workDirectory(out.resolve("work-simple"))
                .optimization(Wasm2Mpy.Optimization.SIZE).log(log::add).build().run().output("armv7m");
        assertThat(log).noneMatch(line -> line.contains("simple.c is smaller"));
        assertThat(simple.compileFlags().get("simple.c")).startsWith("-Os").doesNotContain("-fno-thread-jumps");
        assertThat(log).anyMatch(line -> line.contains("wrote"));

        log.clear();
        ArchOutput speed = Wasm2Mpy.builder().input(app("coremark")).arch("armv7m")
                .outputDirectory(out.resolve("speed")).workDirectory(out.resolve("work-speed")).log(log::add).build()
                .run().output("armv7m");
        assertThat(log).noneMatch(line -> line.contains(" is smaller with "));
        assertThat(speed.compileFlags().get("coremark.c")).startsWith("-O2").doesNotContain("-fno-thread-jumps");
        assertThat(Wasm2Mpy.Optimization.SPEED.variants()).containsExactly(List.of());
    }

    /** From a log line "... is smaller with F (N bytes instead of M)": N (group 1) or M (group 2). */
    private static long bytesIn(String choice, int group) {
        return Long.parseLong(choice.replaceAll(".*\\((\\d+) bytes instead of (\\d+)\\)", "$" + group));
    }

    /**
     * On RISC-V a size build also links the whole module compiled with -msave-restore, and keeps that .mpy where it
     * is smaller: rust's many functions share libgcc's register save and restore routines, while for wat, with few
     * functions, the routines cost more than they save and the first build stays. The kept build runs.
     */
    @Test
    void sizeBuildsOnRiscvKeepTheSmallerLink() throws IOException {
        List<String> log = new ArrayList<>();
        BuildResult rust = Wasm2Mpy.builder().input(app("rust")).arch("rv32imc").outputDirectory(out.resolve("rust"))
                .workDirectory(out.resolve("work-rust")).optimization(Wasm2Mpy.Optimization.SIZE).log(log::add)
                .build().run();
        String choice = log.stream().filter(line -> line.startsWith("rv32imc: rust.mpy is smaller")).findFirst()
                .orElseThrow(() -> new AssertionError(String.join("\n", log)));
        assertThat(choice)
                .matches("rv32imc: rust\\.mpy is smaller with -msave-restore \\(\\d+ bytes instead of \\d+\\)");
        long kept = bytesIn(choice, 1);
        assertThat(kept * 50).isLessThanOrEqualTo(bytesIn(choice, 2) * 49);
        assertThat(Files.size(rust.output("rv32imc").mpy())).isEqualTo(kept);
        assertThat(rust.output("rv32imc").compileFlags().values()).hasSize(3).allSatisfy(flags -> assertThat(flags)
                .startsWith("-Os").contains("-msave-restore"));
        RunResult run = testbed.mpyRun(TargetArch.RV32IMC).modules(rust.output("rv32imc").mpy().getParent())
                .timeout(Duration.ofSeconds(120)).code(String.join("\n",
                        "import rust", "rust.setup(); rust.loop(); rust.loop()", "print('done')"));
        assertThat(run.ok()).as(run.output()).isTrue();
        assertThat(run.output()).contains(BANNERS.get("rust")).contains("Blink").endsWith("done\n");

        log.clear();
        Wasm2Mpy.builder().input(app("wat")).arch("rv32imc").outputDirectory(out.resolve("wat"))
                .workDirectory(out.resolve("work-wat")).optimization(Wasm2Mpy.Optimization.SIZE).log(log::add)
                .build().run();
        assertThat(log).anyMatch(line -> line.equals("rv32imc: linking wat.mpy (with -msave-restore)"))
                .noneMatch(line -> line.startsWith("rv32imc: wat.mpy is smaller"));
        assertThat(CompilerSpec.of("armv7m").orElseThrow().sizeVariants()).containsExactly(List.of());
    }

    /** A lazily committed memory is a memory object: the bytearray operations, and clear errors for the others. */
    @Test
    void growingMemoryIsAMemoryObject() {
        BuildResult result = Wasm2Mpy.builder().input(app("rust")).arch("x64").outputDirectory(out).build().run();
        String session = String.join("\n",
                "import rust",
                "m = rust.memory",
                "print(type(m).__name__, len(m), m[-1], bool(m))",
                "rust.setup(); rust.loop()",
                "print(len(m), m[65536 - 1], bytes(m[0:4]), len(m[-10:]), len(m[5:2]))",
                "m[100:104] = bytearray(b'wxyz'); m[104] = 255",
                "print(bytes(m[99:106]))",
                "for bad in ('m[0:2] = b\"abc\"', 'm[0] = 256', 'm[len(m)]', 'm[0:4:2]', 'del m[0]', 'm[\"a\"]',",
                "        'm[0:2] = 5'):",
                "    try:",
                "        exec(bad)",
                "    except Exception as e:",
                "        print(type(e).__name__, e)");
        RunResult run = testbed.mpyRun(TargetArch.X64).modules(result.output("x64").mpy().getParent())
                .timeout(Duration.ofSeconds(30)).code(session);
        assertThat(run.ok()).as(run.output()).isTrue();
        assertThat(run.output()).contains("memory 65536 0 True\n", "131072 0 b'\\x00\\x00\\x00\\x00' 10 0\n",
                "b'\\x00wxyz\\xff\\x00'\n", "ValueError memory slices cannot change length\n",
                "ValueError memory bytes take ints in range(256)\n", "IndexError memory index out of range\n",
                "ValueError memory slices take no step\n", "TypeError memory bytes cannot be deleted\n",
                "TypeError memory indices must be ints\n", "TypeError memory slices take a bytes-like object\n");
    }

    /**
     * A memory cap below the declared 64 KiB page: zig's fixed one-page memory is committed lazily, at most 16 KiB,
     * so the app runs in a 32k heap, where its uncapped build (a 64 KiB .bss array) cannot even be imported.
     */
    @Test
    void cappedAppRunsInA32kHeap() {
        Path capped = out.resolve("capped");
        BuildResult small = Wasm2Mpy.builder().input(app("zig")).arch("x64").outputDirectory(capped)
                .options(CodegenOptions.builder().maxMemory(16 * 1024).build()).build().run();
        RunResult run = testbed.mpyRun(TargetArch.X64).modules(small.output("x64").mpy().getParent()).heap("32k")
                .timeout(Duration.ofSeconds(30))
                .code("import zig; zig.setup(); zig.loop(); zig.loop(); print(len(zig.memory))");
        assertThat(run.ok()).as(run.output()).isTrue();
        assertThat(run.output()).contains("Zig is running!").contains("Blink").endsWith("65536\n");

        BuildResult whole = Wasm2Mpy.builder().input(app("zig")).arch("x64").outputDirectory(out.resolve("whole"))
                .build().run();
        RunResult uncapped = testbed.mpyRun(TargetArch.X64).modules(whole.output("x64").mpy().getParent()).heap("32k")
                .timeout(Duration.ofSeconds(30)).code("import zig");
        assertThat(uncapped.ok()).isFalse();
        assertThat(uncapped.output()).contains("MemoryError");
    }

    @Test
    void simpleAddOnX64AndX86() throws IOException {
        BuildResult result = Wasm2Mpy.builder().input(app("simple")).arch("x64").arch("x86").outputDirectory(out)
                .build().run();

        assertThat(result.outputs()).extracting(ArchOutput::arch).containsExactly("x64", "x86");
        for (ArchOutput output : result.outputs()) {
            assertThat(output.mpy()).isEqualTo(out.resolve(output.arch()).resolve("simple.mpy"));
            assertThat(Files.readAllBytes(output.mpy())).startsWith('M', 6);
            assertThat(output.size()).isEqualTo(Files.size(output.mpy()));
            RunResult run = testbed.mpyRun(TargetArch.of(output.arch())).modules(output.mpy().getParent())
                    .code("import simple; print(simple.add(3, 4), simple.add(-1, 2**31))");
            assertThat(run.output()).isEqualTo("7 2147483647\n");
        }
        assertThat(result.stub()).content().contains("def add(");
        assertThat(result.report()).content().contains("\"module\" : \"simple\"").contains("\"arch\" : \"x86\"")
                // the options the C was generated with, the glue's guarantees included
                .contains("prefix=simple,").contains("hostGrowsMemory=false").contains("singleInstance=true");
    }

    @Test
    void anUnchangedInputIsNotRebuiltButAChangedOptionIs() throws IOException {
        Wasm2Mpy.Builder builder = Wasm2Mpy.builder().input(app("zig")).arch("x64").outputDirectory(out);
        List<String> log = new ArrayList<>();

        ArchOutput first = builder.build().run().output("x64");
        ArchOutput second = builder.log(log::add).build().run().output("x64");
        ArchOutput third = builder.options(CodegenOptions.builder().callDepthLimit(100).build()).build().run()
                .output("x64");

        assertThat(first.upToDate()).isFalse();
        assertThat(second.upToDate()).isTrue();
        assertThat(second.size()).isEqualTo(first.size());
        assertThat(log).anySatisfy(line -> assertThat(line).contains("up to date"));
        assertThat(third.upToDate()).isFalse();
    }

    @Test
    void keepCSourcesWritesTheCompiledFiles() {
        BuildResult result = Wasm2Mpy.builder().input(app("wat")).arch("x64").outputDirectory(out)
                .keepCSources(true).build().run();
        Path c = result.cSources().orElseThrow();
        assertThat(c.resolve("wat.c")).content().contains("wat_instantiate");
        assertThat(c.resolve("wat.h")).exists();
        assertThat(c.resolve("wat_glue.c")).exists();
    }

    @Test
    void malformedInputNamesTheFileAndWritesNothing() throws IOException {
        Path bad = Files.write(out.resolve("bad.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5});
        Path target = out.resolve("target");
        assertThatThrownBy(() -> Wasm2Mpy.builder().input(bad).arch("x64").outputDirectory(target).build().run())
                .isInstanceOf(PipelineException.class)
                .hasMessageStartingWith(bad.toString())
                .hasMessageContaining("offset");
        assertThat(target).doesNotExist();
    }

    @Test
    void anInvalidModuleIsRejectedBeforeAnyCIsWritten() throws IOException {
        // Well formed, but i32.add finds an empty operand stack.
        Path invalid = out.resolve("invalid.wat");
        Files.writeString(invalid, "(module (func (export \"f\") (result i32) i32.add))");
        Path target = out.resolve("target");
        assertThatThrownBy(() -> Wasm2Mpy.builder().input(invalid).arch("x64").outputDirectory(target).build().run())
                .isInstanceOf(PipelineException.class)
                .hasMessageStartingWith(invalid.toString());
        assertThat(target).doesNotExist();
    }

    @Test
    void aMissingCompilerFailsNamingArchAndPackageWithoutPartialOutput() {
        Path target = out.resolve("target");
        assertThatThrownBy(() -> Wasm2Mpy.builder().input(app("simple")).arch("armv7m")
                .toolchain("armv7m", ToolchainSettings.DEFAULT.withPrefix("/nowhere/arm-none-eabi-"))
                .outputDirectory(target).build().run())
                .isInstanceOf(ToolchainException.class)
                .hasMessageContaining("arch armv7m")
                .hasMessageContaining("gcc-arm-none-eabi");
        assertThat(target.resolve("armv7m/simple.mpy")).doesNotExist();
    }

    @Test
    void aCompileErrorCarriesTheCompilersLines() {
        Path target = out.resolve("target");
        assertThatThrownBy(() -> Wasm2Mpy.builder().input(app("simple")).arch("x64")
                .toolchain("x64", ToolchainSettings.DEFAULT.withExtraFlags(List.of("-DW2M_BROKEN=", "-include",
                        "/nonexistent/header.h")))
                .outputDirectory(target).build().run())
                .isInstanceOfSatisfying(ToolchainException.class, e -> assertThat(e.diagnostics())
                        .anySatisfy(line -> assertThat(line).contains("/nonexistent/header.h")));
        assertThat(target.resolve("x64/simple.mpy")).doesNotExist();
    }

    @Test
    void unknownArchIsRejectedWhenConfigured() {
        assertThatThrownBy(() -> Wasm2Mpy.builder().arch("z80"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown arch 'z80'");
    }
}
