package io.github.wasm2mpy.bindings;

import static io.github.wasm2mpy.model.ValType.F32;
import static io.github.wasm2mpy.model.ValType.F64;
import static io.github.wasm2mpy.model.ValType.I32;
import static io.github.wasm2mpy.model.ValType.I64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.bindings.ModuleInterface.FunctionExport;
import io.github.wasm2mpy.bindings.ModuleInterface.FunctionImport;
import io.github.wasm2mpy.bindings.ModuleInterface.GlobalExport;
import io.github.wasm2mpy.bindings.ModuleInterface.OtherImport;
import io.github.wasm2mpy.model.ExternalKind;
import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.GlobalType;
import io.github.wasm2mpy.model.ValType;
import io.github.wasm2mpy.runtime.CRuntime;
import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.TargetArch;
import io.github.wasm2mpy.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class BindingsTest {

    private static FuncType fn(List<ValType> params, List<ValType> results) {
        return new FuncType(params, results);
    }

    /** The hand-written calc module's interface (see calc/calc.h). */
    static ModuleInterface calcInterface() {
        List<FunctionExport> exports = List.of(
                new FunctionExport("add", fn(List.of(I32, I32), List.of(I32))),
                new FunctionExport("div_s", fn(List.of(I32, I32), List.of(I32))),
                new FunctionExport("add64", fn(List.of(I64, I64), List.of(I64))),
                new FunctionExport("mulf", fn(List.of(F32, F32), List.of(F32))),
                new FunctionExport("addd", fn(List.of(F64, F64), List.of(F64))),
                new FunctionExport("ping", fn(List.of(I32), List.of(I32))),
                new FunctionExport("hello", FuncType.EMPTY),
                new FunctionExport("grow", fn(List.of(I32), List.of(I32))),
                new FunctionExport("load", fn(List.of(I32), List.of(I32))),
                new FunctionExport("recurse", fn(List.of(I32), List.of(I32))),
                new FunctionExport("unreachable", FuncType.EMPTY),
                new FunctionExport("bump", FuncType.EMPTY),
                new FunctionExport("trap_kind", fn(List.of(I32), List.of(I32))),
                new FunctionExport("triple", fn(List.of(I32, I64, F64), List.of(I32, I64, F64))),
                new FunctionExport("add-one", fn(List.of(I32), List.of(I32))));
        return new ModuleInterface("calc.wasm",
                List.of(new FunctionImport("hosted", "pong", fn(List.of(I32), List.of(I32))),
                        new FunctionImport("wiring", "print", fn(List.of(I32, I32), List.of()))),
                exports, List.of("memory"),
                List.of(new GlobalExport("counter", new GlobalType(I32, true)), new GlobalExport("pi", new GlobalType(F64, false))),
                List.of());
    }

    static CModuleInfo calcInfo() {
        Map<String, String> functions = new LinkedHashMap<>();
        for (FunctionExport e : calcInterface().functionExports()) {
            functions.put(e.name(), "calc_" + e.name().replace('-', '_'));
        }
        return new CModuleInfo("calc.h", "calc_instance", "calc_instantiate", functions,
                Map.of("counter", "calc_global_counter", "pi", "calc_global_pi"), List.of("{inst}->imports[0]", "{inst}->imports[1]"), false, Optional.of("&{inst}->mem0"),
                Optional.of("{inst}->depth"));
    }

    /** Generates, compiles and links calc for an arch; returns the directory holding calc.mpy. */
    static Path buildCalc(NativeBuild.Arch arch, Path dir, boolean referenceLinker) throws Exception {
        GeneratedGlue glue = Bindings.generate(calcInterface(), calcInfo(), BindingOptions.of("calc"));
        glue.writeTo(dir);
        CRuntime.writeTo(dir, CRuntime.MODULE_FILES);
        NativeBuild.copyResource("calc/calc.h", dir.resolve("calc.h"));
        NativeBuild.copyResource("calc/calc.c", dir.resolve("calc.c"));
        List<Path> objects = new ArrayList<>();
        objects.add(NativeBuild.compile(arch, dir.resolve(glue.glueSource()), dir.resolve("calc_glue.o")));
        objects.add(NativeBuild.compile(arch, dir.resolve("calc.c"), dir.resolve("calc.o")));
        Path out = Files.createDirectories(dir.resolve("mods"));
        if (referenceLinker) {
            NativeBuild.linkReference(arch, dir.resolve(glue.qstrHeader()), objects, out.resolve("calc.mpy"));
        } else {
            NativeBuild.link(arch, dir.resolve(glue.qstrHeader()), objects, out.resolve("calc.mpy"));
        }
        return out;
    }

    private static final String CALC_SESSION = String.join("\n",
            "import calc, gc",
            "print('add', calc.add(3, 4), calc.add(-1, 0), calc.add(0xffffffff, 0))",
            "print('i64', calc.add64(1 << 40, 5), calc.add64(-3, 1), calc.add64(0xffffffffffffffff, 0))",
            "print('f32', calc.mulf(1.5, 2))",
            "print('f64', calc.addd(0.25, 1))",
            "print('multi', calc.triple(-1, 1 << 40, 5))",
            "print('renamed', calc.add_one(41))",
            "for name, call in (('div', lambda: calc.div_s(1, 0)), ('ovf', lambda: calc.div_s(-2147483648, -1)),",
            "                   ('oob', lambda: calc.load(70000)), ('unr', lambda: calc.unreachable()),",
            "                   ('deep', lambda: calc.recurse(1000)), ('conv', lambda: calc.trap_kind(0)),",
            "                   ('tab', lambda: calc.trap_kind(1)), ('null', lambda: calc.trap_kind(2)),",
            "                   ('sig', lambda: calc.trap_kind(3)), ('undef', lambda: calc.trap_kind(4))):",
            "    try:",
            "        call()",
            "        print(name, 'no trap')",
            "    except RuntimeError as e:",
            "        print(name, type(e).__name__, e, isinstance(e, calc.Trap))",
            "print('after traps', calc.recurse(150), calc.div_s(-7, 2))",
            "print('globals', calc.counter, calc.pi)",
            "calc.bump()",
            "print('bumped', calc.counter)",
            "calc.set_global('counter', -1)",
            "calc.bump()",
            "print('set', calc.counter)",
            "try:",
            "    calc.set_global('pi', 1)",
            "except ValueError as e:",
            "    print('immutable', e)",
            "try:",
            "    calc.ping(1)",
            "except RuntimeError as e:",
            "    print('unbound', e)",
            "calc.bind({'hosted.pong': lambda x: calc.add(x, 100)})",
            "print('ping', calc.ping(1))",
            "calc.hello()",
            "calc.bind({'wiring.print': lambda p, n: print('py print', bytes(calc._memory[p:p + n]))})",
            "calc.hello()",
            "try:",
            "    calc.bind({'hosted.pung': print})",
            "except ValueError as e:",
            "    print('bad bind', e)",
            "calc.bind({})",
            "for bad in ('x', 1 << 32, -(1 << 31) - 1, 1.5):",
            "    try:",
            "        calc.add(bad, 1)",
            "    except (TypeError, OverflowError) as e:",
            "        print('arg', type(e).__name__, e)",
            "m = calc._memory",
            "m[100] = 42",
            "junk = [bytearray(100) for i in range(2000)]",
            "del junk",
            "gc.collect()",
            "print('gc', calc.load(100), len(calc.memory), calc.memory is calc._memory)",
            "print('segment', bytes(calc._memory[16:32]))",
            "print('grow', calc.grow(1), len(calc._memory), calc._memory[100], calc.load(100), len(m))",
            "calc.reset()",
            "print('reset', len(calc._memory), calc.load(100))",
            "calc.instantiate({'hosted.pong': abs})",
            "print('instantiate', calc.ping(-5))",
            "calc.instantiate(None)",  // the documented default: keeps the bindings
            "print('instantiate None', calc.ping(-5))",
            "calc.bind(None)",  // bind(None) is bind({}): every import back to its built-in or unbound
            "try:",
            "    calc.ping(1)",
            "except RuntimeError as e:",
            "    print('bind None', e)",
            "for bad in (5, [('hosted.pong', abs)]):",
            "    try:",
            "        calc.bind(bad)",
            "    except AttributeError as e:",
            "        print('not a mapping', type(bad).__name__)",
            "import sys",
            "f = calc.add",
            "m = None",
            "del sys.modules['calc']",
            "calc = None",
            "gc.collect()",
            "before = gc.mem_free()",
            "print('kept', f(2, 3))",
            "f = None",
            // overwrite the main frame's Python value-stack slots, which can still hold calc objects from earlier lines
            "max(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)",
            "def churn(n):",  // overwrite stale stack words the conservative GC would otherwise follow
            "    return churn(n - 1) + [n] if n else [bytearray(64)]",
            "churn(8)",
            "gc.collect()",
            "print('freed', gc.mem_free() - before >= 65536)",
            "print('done')");

    private static final List<String> CALC_EXPECTED = List.of(
            "add 7 -1 -1",
            "i64 1099511627781 -2 -1",
            "multi (0, 2199023255552, 2.5)",
            "renamed 42",
            "div Trap integer divide by zero True",
            "ovf Trap integer overflow True",
            "oob Trap out of bounds memory access True",
            "unr Trap unreachable True",
            "deep Trap call stack exhausted True",
            "conv Trap invalid conversion to integer True",
            "tab Trap out of bounds table access True",
            "null Trap uninitialized element True",
            "sig Trap indirect call type mismatch True",
            "undef Trap undefined element True",
            "after traps 150 -3",
            "globals 7 3.25",
            "bumped 8",
            "set 0",
            "immutable set_global(): not a mutable exported global; this module's are counter",
            "unbound import hosted.pong is not bound: pass it to calc.bind({'hosted.pong': fn})",
            "ping 204",
            "hello from calc",
            "py print b'hello from calc\\n'",
            "bad bind bind(): unknown import name; this module imports hosted.pong, wiring.print",
            "gc 42 65536 True",
            "segment b'hello from calc\\n'",
            "grow 1 131072 42 42 65536",
            "reset 65536 0",
            "instantiate 8",
            "instantiate None 8",
            "bind None import hosted.pong is not bound: pass it to calc.bind({'hosted.pong': fn})",
            "not a mapping int",
            "not a mapping list",
            "kept 5",
            "freed True",
            "done");

    @TestFactory
    Stream<DynamicTest> calcRunsOnEveryArch(@TempDir Path tmp) {
        return Stream.of(TargetArch.values()).map(target -> DynamicTest.dynamicTest(
                "calc session on " + target.id(), () -> {
                    NativeBuild.Arch arch = NativeBuild.Arch.valueOf(target.name());
                    Path mods = buildCalc(arch, Files.createDirectories(tmp.resolve(target.id())), false);
                    RunResult r = Testbed.get().mpyRun(target).modules(mods).heap(target.emulated() ? "512k" : "2m")
                            .timeout(Duration.ofSeconds(60)).code(CALC_SESSION);
                    assertThat(r.ok()).as(r.output()).isTrue();
                    assertThat(r.output()).contains(CALC_EXPECTED);
                    assertThat(r.output()).contains("f32 3.0", "f64 1.25");
                    assertThat(r.output()).contains("arg TypeError add() argument 1 must be an int in i32 range",
                            "arg OverflowError add() argument 1 must be an int in i32 range");
                }));
    }

    /** The glue links byte-identically with MicroPython's mpy_ld.py (one differential check). */
    @Test
    void ourLinkerAndTheReferenceAgreeOnTheGlue(@TempDir Path tmp) throws Exception {
        Path ours = buildCalc(NativeBuild.Arch.X64, Files.createDirectories(tmp.resolve("ours")), false);
        Path reference = buildCalc(NativeBuild.Arch.X64, Files.createDirectories(tmp.resolve("reference")), true);
        byte[] a = Files.readAllBytes(ours.resolve("calc.mpy"));
        byte[] b = Files.readAllBytes(reference.resolve("calc.mpy"));
        assertThat(a.length).isGreaterThan(1000);
        assertThat(java.util.Arrays.mismatch(a, b)).as("first differing byte of %d and %d", a.length, b.length)
                .isEqualTo(-1);
    }

    @Test
    void glueIsDeterministic() {
        GeneratedGlue a = Bindings.generate(calcInterface(), calcInfo(), BindingOptions.of("calc"));
        GeneratedGlue b = Bindings.generate(calcInterface(), calcInfo(), BindingOptions.of("calc"));
        assertThat(a.files()).isEqualTo(b.files());
        assertThat(a.files()).containsKeys("calc_glue.c", "calc_qstrs.h", "calc.pyi", "mpy_natmod.h",
                "w2m_mpy_host.h");
    }

    @Test
    void pyiHasTypedSignatures() {
        GeneratedGlue glue = Bindings.generate(calcInterface(), calcInfo(), BindingOptions.of("calc"));
        assertThat(glue.pyi()).contains("def add(a0: int, a1: int, /) -> int:",
                "def mulf(a0: float, a1: float, /) -> float:",
                "def triple(a0: int, a1: int, a2: float, /) -> tuple[int, int, float]:", "def add_one(a0: int, /) -> int:", "def hello() -> None:", "_memory: bytearray",
                "memory: bytearray", "def bind(", "class Trap(RuntimeError):", "counter: int  # mutable", "pi: float\n");
    }

    @Test
    void qstrHeaderHasTheReferenceLinkerFormat() {
        GeneratedGlue glue = Bindings.generate(calcInterface(), calcInfo(), BindingOptions.of("calc"));
        String header = glue.files().get(glue.qstrHeader());
        List<String> qstrs = glue.qstrs();
        assertThat(qstrs).isSorted().contains("add", "add64", "_memory", "memory", "bind").doesNotContain("RuntimeError");
        for (int i = 0; i < qstrs.size(); i++) {
            assertThat(header).contains("#define MP_QSTR_" + qstrs.get(i) + " (mp_native_qstr_table[" + (i + 1) + "])\n");
        }
        // a static qstr is its number, as the reference's --preprocess writes it
        assertThat(header).contains("#define MP_QSTR_RuntimeError (50)\n");
        assertThat(header).endsWith("extern const uint16_t mp_native_qstr_table[];\n"
                + "extern const mp_uint_t mp_native_obj_table[];\n");
    }

    @Test
    void unbindableImportsAndExportsAreNamed() {
        ModuleInterface base = calcInterface();
        ModuleInterface tableImport = new ModuleInterface("t.wasm", base.functionImports(), base.functionExports(),
                base.memoryExports(), base.globalExports(), List.of(new OtherImport("env", "table", ExternalKind.TABLE)));
        assertThatThrownBy(() -> Bindings.generate(tableImport, calcInfo(), BindingOptions.of("t")))
                .isInstanceOf(BindingException.class).hasMessage(
                        "t.wasm: import env.table is a table; only functions can be imported from Python");

        List<FunctionExport> exports = new ArrayList<>(base.functionExports());
        exports.add(new FunctionExport("refs", fn(List.of(ValType.EXTERNREF), List.of())));
        Map<String, String> functions = new LinkedHashMap<>(calcInfo().exportFunctions());
        functions.put("refs", "calc_refs");
        CModuleInfo info = new CModuleInfo("calc.h", "calc_instance", "calc_instantiate", functions,
                calcInfo().globalFunctions(), calcInfo().importSlots(), false, calcInfo().memory(), calcInfo().callDepth());
        ModuleInterface withRef = new ModuleInterface("r.wasm", base.functionImports(), exports, base.memoryExports(),
                base.globalExports(), List.of());
        assertThatThrownBy(() -> Bindings.generate(withRef, info, BindingOptions.of("r")))
                .isInstanceOf(BindingException.class)
                .hasMessageContaining("export \"refs\"").hasMessageContaining("externref");

        ModuleInterface badPrint = new ModuleInterface("p.wasm",
                List.of(base.functionImports().get(0), new FunctionImport("wiring", "print", fn(List.of(I32), List.of()))),
                base.functionExports(), base.memoryExports(), base.globalExports(), List.of());
        assertThatThrownBy(() -> Bindings.generate(badPrint, calcInfo(), BindingOptions.of("p")))
                .isInstanceOf(BindingException.class)
                .hasMessageContaining("import wiring.print").hasMessageContaining("does not match the built-in");
    }
}
