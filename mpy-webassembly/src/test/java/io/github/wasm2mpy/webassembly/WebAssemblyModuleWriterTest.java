package io.github.wasm2mpy.webassembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.bindings.BindingException;
import io.github.wasm2mpy.bindings.BindingOptions;
import io.github.wasm2mpy.bindings.Bindings;
import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.WasmReader;
import io.github.wasm2mpy.model.text.Wat;
import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.TargetArch;
import io.github.wasm2mpy.testbed.Testbed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the writer produces, run on the webassembly port in Node where it matters. The nine apps' sessions and
 * the comparison with the native module are the pipeline's WebAssemblyBuildTest.
 */
class WebAssemblyModuleWriterTest {
    private static final Path APPS = Path.of(System.getProperty("wasm2mpy.repo", ".."), "testdata/apps");
    private static NodeMicroPython node;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        node = NodeMicroPython.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private Path write(String name, byte[] wasm) throws IOException {
        Module module = WasmReader.read(wasm);
        return Files.writeString(dir.resolve(name + ".py"), WebAssemblyModuleWriter.write(name + ".wasm", module, wasm, name));
    }

    private static Set<String> matches(String regex, String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @ParameterizedTest
    @ValueSource(strings = {"assemblyscript", "coremark", "cpp", "rust", "simple", "tinygo", "virgil", "wat", "zig"})
    void exportsHaveTheNamesOfTheNativeModulesStub(String app) throws IOException {
        byte[] wasm = Files.readAllBytes(APPS.resolve(app + ".wasm"));
        String pyi = Bindings.generate(app + ".wasm", WasmReader.read(wasm), app, BindingOptions.of(app)).pyi();
        String py = Files.readString(write(app, wasm));
        Set<String> nativeFunctions = matches("^def (\\w+)\\(", pyi);
        nativeFunctions.removeAll(Set.of("bind", "reset", "instantiate", "set_global"));
        assertThat(matches("^def (\\w+)\\(\\*args\\):", py)).containsExactlyElementsOf(nativeFunctions);
        Set<String> nativeAttributes = matches("^(\\w+): ", pyi);
        nativeAttributes.remove("_memory");
        for (String attribute : nativeAttributes) {
            assertThat(py).contains("\"" + attribute + "\"");
        }
    }

    @Test
    void aMemoryTheModuleDoesNotExportIsStillUnderMemory() throws IOException {
        Path py = write("hidden", Wat.toWasm("""
                (module (memory 1) (data (i32.const 8) "secret")
                  (func (export "put") (param i32 i32) local.get 0 local.get 1 i32.store8))
                """));
        NodeMicroPython.Session s = node.run(Map.of("hidden.py", py), """
                import hidden
                hidden.put(14, 33)
                print(bytes(hidden._memory[8:15]), len(hidden._memory), hasattr(hidden, '__w2m_memory'))
                """);
        assertThat(s.error()).as(s.output()).isEmpty();
        assertThat(s.output()).isEqualTo("b'secret!' 65536 False\n");
    }

    @Test
    void memoryIndexesCountFromTheEndAndStopAtIt() throws IOException {
        Path py = write("indexed", Wat.toWasm("""
                (module (memory (export "memory") 1) (data (i32.const 65535) "z")
                  (func (export "at") (param i32) (result i32) local.get 0 i32.load8_u))
                """));
        NodeMicroPython.Session s = node.run(Map.of("indexed.py", py), """
                import indexed
                m = indexed.memory
                m[-2] = 0x161
                print(m[-1], indexed.at(65534), m[0])
                for i in (65536, -65537):
                    try:
                        m[i]
                    except IndexError as e:
                        print('get', e.args[0])
                    try:
                        m[i] = 1
                    except IndexError as e:
                        print('set', e.args[0])
                """);
        assertThat(s.error()).as(s.output()).isEmpty();
        assertThat(s.output()).isEqualTo("122 97 0\n" + ("get bytearray index out of range\nset bytearray index out of range\n").repeat(2));
    }

    @Test
    void wasiBuiltInsPrintAndExit() throws IOException {
        Path py = write("wasi", Wat.toWasm("""
                (module
                  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
                  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
                  (memory (export "memory") 1)
                  (data (i32.const 100) "hi wasi\\n")
                  (data (i32.const 0) "\\64\\00\\00\\00\\08\\00\\00\\00")
                  (func (export "_start") (result i32)
                    i32.const 1 i32.const 0 i32.const 1 i32.const 16 call $fd_write)
                  (func (export "bad_fd") (result i32)
                    i32.const 7 i32.const 0 i32.const 1 i32.const 16 call $fd_write)
                  (func (export "rand") (result i32) i32.const 200 i32.const 4 call $random)
                  (func (export "quit") (param i32) local.get 0 call $exit))
                """));
        NodeMicroPython.Session s = node.run(Map.of("wasi.py", py), """
                import wasi
                print(wasi._start(), wasi._memory[16], wasi.bad_fd(), wasi.rand())
                try:
                    wasi.quit(3)
                except SystemExit as e:
                    print('exit', e.args[0])
                print(wasi._start())
                """);
        assertThat(s.error()).as(s.output()).isEmpty();
        assertThat(s.output()).isEqualTo("hi wasi\n0 8 8 0\nexit 3\nhi wasi\n0\n");
    }

    @Test
    void aTrapInTheStartFunctionIsATrapAtImport() throws IOException {
        Path py = write("starts", Wat.toWasm("(module (func $s unreachable) (start $s))"));
        NodeMicroPython.Session s = node.run(Map.of("starts.py", py), """
                try:
                    import starts
                except RuntimeError as e:
                    print(type(e).__name__, e)
                """);
        assertThat(s.output()).isEqualTo("Trap unreachable\n");
    }

    @Test
    void importsThatAreNotFunctionsFailTheBuildAsForTheNativeTarget() {
        byte[] wasm = Wat.toWasm("(module (import \"env\" \"g\" (global i32)))");
        assertThatThrownBy(() -> WebAssemblyModuleWriter.write("g.wasm", WasmReader.read(wasm), wasm, "g"))
                .isInstanceOf(BindingException.class)
                .hasMessage("g.wasm: import env.g is a global; only functions can be imported from Python");
    }

    @Test
    void onAnotherPortTheImportErrorSaysWhichFileToUse() throws IOException {
        write("simple", Files.readAllBytes(APPS.resolve("simple.wasm")));
        RunResult r = Testbed.get().mpyRun(TargetArch.X64).modules(dir).code("import simple");
        assertThat(r.ok()).isFalse();
        assertThat(r.output()).contains("ImportError: this module is for MicroPython's webassembly port (it needs the "
                + "js module); elsewhere import the .mpy built for the board's arch");
    }

    @Test
    void theWasmIsEmbeddedAsBase64AndTheFileIsAscii() throws IOException {
        byte[] wasm = Files.readAllBytes(APPS.resolve("simple.wasm"));
        String py = Files.readString(write("simple", wasm));
        assertThat(py).contains("_WASM = \"" + java.util.Base64.getEncoder().encodeToString(wasm) + "\"");
        assertThat(py.chars().allMatch(c -> c < 128)).isTrue();
        assertThat(py).endsWith("\nreset()\n");
    }
}
