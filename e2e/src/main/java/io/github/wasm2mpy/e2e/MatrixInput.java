package io.github.wasm2mpy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
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
        inputs.add(example(examples, "blink", "blink", "src/main/c/blink.c", "wasm32"));
        inputs.add(example(examples, "hello-wat", "hello", "src/main/wasm/hello.wat", ""));
        inputs.add(example(examples, "ping-pong", "pingpong", "src/main/wasm/pingpong.wat", ""));
        inputs.add(example(examples, "wasi-hello", "wasi_hello", "src/main/c/hello.c", "wasm32-wasi"));
        return List.copyOf(inputs);
    }

    /**
     * An example project: its source, and the session its own integration test runs with the lines it prints
     * ({@code src/test/resources/session.py} and {@code session.out}), so both test the same thing.
     */
    private static MatrixInput example(Path examples, String directory, String module, String source,
                                       String clangTarget) {
        Path project = examples.resolve(directory);
        Path session = project.resolve("src/test/resources");
        try {
            return new MatrixInput("examples/" + directory, module, project.resolve(source), clangTarget,
                    Files.readString(session.resolve("session.py")).strip(),
                    Files.readAllLines(session.resolve("session.out")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the session of examples/" + directory + ": " + e.getMessage(), e);
        }
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
