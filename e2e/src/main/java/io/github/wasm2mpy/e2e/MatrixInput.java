package io.github.wasm2mpy.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One row of the matrix: a WebAssembly input, the Python module it becomes, the session run on MicroPython and
 * the lines that session must print.
 *
 * @param name the row's name: the app's, or {@code examples/<dir>}
 * @param module the Python module name the pipeline gives it
 * @param source the {@code .wasm}/{@code .wat} file, or the C file an example compiles to wasm32 with clang
 * @param clangTarget for a C source, clang's {@code --target}; empty for wasm and wat inputs
 * @param session the Python statements, one per line
 * @param expected lines the output must contain, in this order
 */
public record MatrixInput(String name, String module, Path source, String clangTarget, String session,
                          List<String> expected) {

    public MatrixInput {
        expected = List.copyOf(expected);
    }

    private static final String LIFECYCLE = "import %1$s as app\napp.setup()\napp.loop()\napp.loop()\nprint('ok')";

    /** The nine demo apps run as the original project ran them, then our examples' inputs. */
    public static List<MatrixInput> all(Path repo) {
        Path apps = repo.resolve("testdata/apps");
        Path examples = repo.resolve("examples");
        List<MatrixInput> inputs = new ArrayList<>();
        inputs.add(app(apps, "assemblyscript", "AssemblyScript is running!"));
        inputs.add(app(apps, "coremark", "Running CoreMark 1.0...", "Result: "));
        inputs.add(app(apps, "cpp", "C++ is running!"));
        inputs.add(new MatrixInput("rust", "rust", apps.resolve("rust.wasm"), "",
                LIFECYCLE.formatted("rust").replace("print('ok')",
                        "print('globals', app.__heap_base > app.__data_end > 0)\nprint('ok')"),
                List.of("Rust is running!", "globals True", "ok")));
        inputs.add(new MatrixInput("simple", "simple", apps.resolve("simple.wasm"), "",
                "import simple\nprint('add', simple.add(3, 4))", List.of("add 7")));
        inputs.add(app(apps, "tinygo", "TinyGo is running!"));
        inputs.add(app(apps, "virgil", "Virgil is running"));
        inputs.add(app(apps, "wat", "WAT is running!"));
        inputs.add(app(apps, "zig", "Zig is running!"));
        inputs.add(new MatrixInput("examples/blink", "blink", examples.resolve("blink/src/main/c/blink.c"), "wasm32",
                "import blink\nblink.setup()\nblink.loop()\nblink.loop()\nprint('blinks:', blink.count())",
                List.of("blink ready", "LED on", "LED off", "LED on", "LED off", "blinks: 2")));
        inputs.add(new MatrixInput("examples/hello-wat", "hello", examples.resolve("hello-wat/src/main/wasm/hello.wat"),
                "", """
                import hello
                print(hello.add(2, 3), hello.divide(7, 2), hello.factorial(20), hello.hypot(3, 4))
                try:
                    hello.divide(1, 0)
                except RuntimeError as e:
                    print('trap:', e)
                print(hello.add(1, 1))""",
                List.of("5 3 2432902008176640000 5.0", "trap: integer divide by zero", "2")));
        inputs.add(new MatrixInput("examples/ping-pong", "pingpong", examples.resolve("ping-pong/src/main/wasm/pingpong.wat"),
                "", """
                import pingpong
                try:
                    pingpong.ping(1)
                except RuntimeError as e:
                    print('unbound:', e)
                calls = []
                def pong(n):
                    calls.append(n)
                    return pingpong.double(n)
                pingpong.bind({'hosted.pong': pong})
                print('ping', pingpong.ping(20), calls)""",
                List.of("unbound: import hosted.pong is not bound", "ping 41 [20]")));
        inputs.add(new MatrixInput("examples/wasi-hello", "wasi_hello", examples.resolve("wasi-hello/src/main/c/hello.c"),
                "wasm32-wasi", """
                import wasi_hello
                try:
                    wasi_hello._start()
                    print('exit', 0)
                except SystemExit as e:
                    print('exit', e.args[0] if e.args else 0)""",
                List.of("hello from C: 20! = 2432902008176640000, pi ~ 3.14159", "and hello on stderr", "exit 0")));
        return List.copyOf(inputs);
    }

    private static MatrixInput app(Path apps, String name, String... banner) {
        List<String> expected = new ArrayList<>(List.of(banner));
        expected.add("ok");
        return new MatrixInput(name, name, apps.resolve(name + ".wasm"), "", LIFECYCLE.formatted(name), expected);
    }

    /**
     * The WebAssembly file to build: the source itself, or for a C example the module clang compiles into
     * {@code work} with the flags the example's own build uses.
     */
    public Path wasm(Path work) throws IOException, InterruptedException {
        if (clangTarget.isEmpty()) {
            return source;
        }
        Files.createDirectories(work);
        Path wasm = work.resolve(module + ".wasm");
        List<String> command = new ArrayList<>(List.of("clang", "--target=" + clangTarget, "-Os"));
        if (clangTarget.equals("wasm32")) {
            command.addAll(List.of("-nostdlib", "-Wl,--no-entry"));
        }
        command.addAll(List.of("-Wl,--strip-all", "-o", wasm.toString(), source.toString()));
        Process clang = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(clang.getInputStream().readAllBytes());
        if (!clang.waitFor(120, TimeUnit.SECONDS) || clang.exitValue() != 0) {
            clang.destroyForcibly();
            throw new IOException(source + ": clang --target=" + clangTarget + " failed: " + output.strip());
        }
        return wasm;
    }
}
