package io.github.wasm2mpy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.TargetArch;
import io.github.wasm2mpy.testbed.Testbed;
import io.github.wasm2mpy.webassembly.NodeMicroPython;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code webassembly} arch end to end: the nine demo apps and {@code calc.wat} built for x64 and for
 * webassembly by the pipeline, then one Python script ({@code shared_api.py}) run unchanged on the unix port
 * (native {@code .mpy}) and on the webassembly port in Node (APP.py): the two outputs must be identical.
 * One Node process and one unix-port run serve the whole class.
 */
class WebAssemblyBuildTest {
    private static final List<String> APPS = List.of("assemblyscript", "coremark", "cpp", "rust", "simple", "tinygo",
            "virgil", "wat", "zig");

    private static Path out;
    private static NodeMicroPython node;
    private static Map<String, Path> pyFiles;

    @BeforeAll
    static void build() throws IOException {
        Testbed testbed = Testbed.get();
        // Under target/, not a temp dir, so a second run reuses the pipeline's cached builds.
        out = Path.of("target", "webassembly-test").toAbsolutePath();
        pyFiles = new LinkedHashMap<>();
        for (String app : APPS) {
            add(testbed.repoRoot().resolve("testdata/apps/" + app + ".wasm"));
        }
        Path calc = out.resolve("calc.wat");
        Files.createDirectories(out);
        Files.write(calc, resource("calc.wat"));
        add(calc);
        node = NodeMicroPython.start();
    }

    private static void add(Path input) {
        BuildResult result = Wasm2Mpy.builder().input(input).arch("x64").arch("webassembly").outputDirectory(out)
                .build().run();
        ArchOutput py = result.output("webassembly");
        assertThat(py.mpy()).hasFileName(result.moduleName() + ".py").isRegularFile();
        assertThat(result.output("x64").mpy()).isRegularFile();
        pyFiles.put(result.moduleName() + ".py", py.mpy());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WebAssemblyBuildTest.class.getResourceAsStream("/webassembly/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void sharedScriptPrintsTheSameOnTheUnixPortAndTheWebassemblyPort() throws IOException {
        String script = new String(resource("shared_api.py"), StandardCharsets.UTF_8);
        RunResult unix = Testbed.get().mpyRun(TargetArch.X64).modules(out.resolve("x64")).heap("4m")
                .timeout(Duration.ofSeconds(120)).code(script);
        NodeMicroPython.Session wasm = node.run(pyFiles, script);

        assertThat(unix.ok()).as(unix.output()).isTrue();
        assertThat(wasm.error()).as(wasm.output()).isEmpty();
        assertThat(wasm.output()).isEqualTo(unix.output());
        // What the acceptance asks for, seen in the (identical) output:
        assertThat(wasm.output())
                .contains("== simple\n7 -1\n")
                .contains("AssemblyScript is running!", "C++ is running!", "Rust is running!", "TinyGo is running!",
                        "Virgil is running", "WAT is running!", "Zig is running!", "CoreMark")
                .doesNotContain("FAILED")
                .contains("ping 202\n", "py print b'hello from calc\\n'\n", "KeyError from pong\n")
                .contains("div 0 Trap integer divide by zero True\n", "caught Trap integer divide by zero True\n")
                .contains("load oob Trap out of bounds memory access True\n")
                .endsWith("== end\n");
        for (String app : APPS) {
            if (!app.equals("simple")) {
                assertThat(wasm.output()).contains("ok " + app + "\n");
            }
        }
    }

    @Test
    void simpleAddAndAHostFunctionOnNode() {
        NodeMicroPython.Session s = node.run(pyFiles, """
                import simple, calc
                print(simple.add(3, 4))
                calc.bind({'hosted.pong': lambda x: x + 1})
                print(calc.ping(20))
                try:
                    calc.boom()
                except calc.Trap as e:
                    print(type(e).__name__, e)
                """);
        assertThat(s.error()).as(s.output()).isEmpty();
        assertThat(s.output()).isEqualTo("7\n42\nTrap unreachable\n");
    }

    @Test
    void rebuildingUnchangedInputIsUpToDate() {
        BuildResult again = Wasm2Mpy.builder().input(Path.of("..", "testdata", "apps", "zig.wasm").toAbsolutePath())
                .arch("webassembly").outputDirectory(out).build().run();
        assertThat(again.output("webassembly").upToDate()).isTrue();
        assertThat(again.output("webassembly").sections()).containsEntry("wasm", 1208L);
    }
}
