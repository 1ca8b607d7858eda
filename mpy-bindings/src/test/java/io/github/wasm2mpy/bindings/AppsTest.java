package io.github.wasm2mpy.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.cgen.CEmitter;
import io.github.wasm2mpy.cgen.CSources;
import io.github.wasm2mpy.cgen.CodegenOptions;
import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.WasmReader;
import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.TargetArch;
import io.github.wasm2mpy.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nine demo apps, end to end through our own pipeline stages: CEmitter, these bindings, gcc, our linker, and
 * the testbed's MicroPython, each run as the original project ran them.
 */
class AppsTest {

    /** App, the Python session, and what its output must contain. */
    record App(String name, String session, List<String> expected) {}

    private static final String LIFECYCLE = "import %s as app; app.setup(); app.loop(); app.loop(); print('ok')";

    static final List<App> APPS = List.of(
            new App("simple", "import simple; print(simple.add(3, 4))", List.of("7")),
            new App("assemblyscript", LIFECYCLE.formatted("assemblyscript"), List.of("AssemblyScript is running!", "ok")),
            new App("cpp", LIFECYCLE.formatted("cpp"), List.of("C++ is running!", "ok")),
            new App("rust", "import rust as app; app.setup(); app.loop(); app.loop(); "
                    + "print('globals', app.__heap_base > app.__data_end > 0); "
                    // rust grows its memory, which is committed lazily and seen through the glue's memory object
                    + "m = app.memory; m[len(m) - 1] = 7; m[70000:70002] = b'hi'; "
                    + "print('memory', len(m), m[-1], bytes(m[69999:70003]), m is app._memory); print('ok')",
                    List.of("Rust is running!", "globals True", "memory 131072 7 b'\\x00hi\\x00' True", "ok")),
            new App("tinygo", LIFECYCLE.formatted("tinygo"), List.of("TinyGo is running!", "ok")),
            new App("virgil", LIFECYCLE.formatted("virgil"), List.of("Virgil is running", "ok")),
            new App("wat", LIFECYCLE.formatted("wat"), List.of("WAT is running!", "ok")),
            new App("zig", LIFECYCLE.formatted("zig"), List.of("Zig is running!", "ok")),
            new App("coremark", LIFECYCLE.formatted("coremark"), List.of("CoreMark", "ok")));

    static Path repo() {
        return Path.of(System.getProperty("wasm2mpy.repo", "..")).toAbsolutePath().normalize();
    }

    /** Translates, binds, compiles and links one app; returns the directory holding APP.mpy. */
    static Path build(String name, NativeBuild.Arch arch, Path dir) throws Exception {
        return build(repo().resolve("testdata/apps/" + name + ".wasm"), name, arch, dir);
    }

    /** Translates, binds, compiles and links a wasm file as Python module {@code name}. */
    static Path build(Path wasm, String name, NativeBuild.Arch arch, Path dir) throws Exception {
        Module module = WasmReader.read(wasm);
        // The pipeline's defaults: memories that cannot grow past a small size are static (.bss), others on the heap.
        CSources c = CEmitter.emit(wasm, CodegenOptions.defaults().toBuilder().prefix(name).build());
        c.writeTo(dir);
        GeneratedGlue glue = Bindings.generate(name + ".wasm", module, name, BindingOptions.of(name));
        glue.writeTo(dir);
        List<Path> objects = new ArrayList<>();
        objects.add(NativeBuild.compile(arch, dir.resolve(c.sourceName()), dir.resolve(name + ".o")));
        objects.add(NativeBuild.compile(arch, dir.resolve(glue.glueSource()), dir.resolve(name + "_glue.o")));
        Path mods = Files.createDirectories(dir.resolve("mods"));
        NativeBuild.link(arch, dir.resolve(glue.qstrHeader()), objects, mods.resolve(name + ".mpy"));
        return mods;
    }

    /** -Dapps.archs=x64,armv7m narrows the matrix when iterating; every testbed arch by default. */
    static List<TargetArch> archs() {
        String only = System.getProperty("apps.archs", "");
        return only.isBlank() ? List.of(TargetArch.values())
                : Stream.of(only.split(",")).map(TargetArch::of).toList();
    }

    /**
     * A MicroPython run imports several apps in turn (a QEMU boot costs seconds); each app's part of the output
     * is between its "== name" marker and the next. The boards never free a loaded native module's code and
     * .bss, so the apps are split over two runs to stay well inside the boards' 1 MiB heap.
     */
    static String session(List<App> apps) {
        StringBuilder py = new StringBuilder("import gc, sys\n");
        for (App app : apps) {
            py.append("print('== ").append(app.name()).append("')\n");
            py.append("try:\n");
            for (String statement : app.session().split("; ")) {
                py.append("    ").append(statement).append('\n');
            }
            py.append("except Exception as e:\n    print('FAILED', repr(e))\n");
            py.append("sys.modules.pop('").append(app.name()).append("', None)\n");
            py.append("app = None\ngc.collect()\n");
        }
        py.append("print('== end')\n");
        return py.toString();
    }

    static String part(String output, String app) {
        int from = output.indexOf("== " + app + "\n");
        if (from < 0) {
            return "";
        }
        int to = output.indexOf("\n== ", from + 1);
        return output.substring(from, to < 0 ? output.length() : to);
    }

    @TestFactory
    Stream<DynamicNode> appsRun(@TempDir Path tmp) {
        List<DynamicNode> perArch = new ArrayList<>();
        for (TargetArch target : archs()) {
            NativeBuild.Arch arch = NativeBuild.Arch.valueOf(target.name());
            Path mods = tmp.resolve(target.id()).resolve("mods");
            String[] output = {null};
            List<DynamicNode> steps = new ArrayList<>();
            for (App app : APPS) {
                steps.add(DynamicTest.dynamicTest("build " + app.name() + ".wasm for " + target.id(), () -> {
                    Path dir = Files.createDirectories(tmp.resolve(target.id()).resolve(app.name()));
                    Files.createDirectories(mods);
                    Path built = build(app.name(), arch, dir);
                    Files.copy(built.resolve(app.name() + ".mpy"), mods.resolve(app.name() + ".mpy"));
                }));
            }
            steps.add(DynamicTest.dynamicTest("run the nine apps on " + target.id(), () -> {
                StringBuilder all = new StringBuilder();
                int half = (APPS.size() + 1) / 2;
                for (List<App> apps : List.of(APPS.subList(0, half), APPS.subList(half, APPS.size()))) {
                    RunResult r = Testbed.get().mpyRun(target).modules(mods).heap(target.emulated() ? null : "4m")
                            .timeout(Duration.ofSeconds(240)).code(session(apps));
                    assertThat(r.ok()).as(r.output()).isTrue();
                    assertThat(r.output()).contains("== end");
                    all.append(r.output());
                }
                output[0] = all.toString();
            }));
            for (App app : APPS) {
                steps.add(DynamicTest.dynamicTest(app.name() + ".wasm: " + app.session() + " on " + target.id(), () -> {
                    assertThat(output[0]).as("the run on " + target.id() + " did not happen").isNotNull();
                    String part = part(output[0], app.name());
                    assertThat(part).as(output[0]).doesNotContain("FAILED").contains(app.expected());
                }));
            }
            perArch.add(DynamicContainer.dynamicContainer(target.id(), steps));
        }
        return perArch.stream();
    }
}
