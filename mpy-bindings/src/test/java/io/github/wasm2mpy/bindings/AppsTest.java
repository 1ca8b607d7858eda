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
            new App("rust", LIFECYCLE.formatted("rust"), List.of("Rust is running!", "ok")),
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
        Path wasm = repo().resolve("testdata/apps/" + name + ".wasm");
        Module module = WasmReader.read(wasm);
        CSources c = CEmitter.emit(wasm, CodegenOptions.builder().prefix(name).memory(CodegenOptions.MemoryMode.HEAP)
                .build());
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

    @TestFactory
    Stream<DynamicTest> appsRunOnUnix(@TempDir Path tmp) {
        List<DynamicTest> tests = new ArrayList<>();
        for (TargetArch target : List.of(TargetArch.X64, TargetArch.X86)) {
            for (App app : APPS) {
                tests.add(DynamicTest.dynamicTest(app.name() + ".wasm: " + app.session() + " on " + target.id(), () -> {
                    Path dir = Files.createDirectories(tmp.resolve(target.id() + "-" + app.name()));
                    Path mods = build(app.name(), NativeBuild.Arch.valueOf(target.name()), dir);
                    RunResult r = Testbed.get().mpyRun(target).modules(mods).heap("4m")
                            .timeout(Duration.ofSeconds(60)).code(app.session());
                    assertThat(r.ok()).as(r.output()).isTrue();
                    assertThat(r.output()).contains(app.expected());
                }));
            }
        }
        return tests.stream();
    }
}
