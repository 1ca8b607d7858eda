package io.github.wasm2mpy.webassembly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * MicroPython's webassembly port in one Node process, for running {@code APP.py} modules: each {@link #run} is a
 * fresh interpreter (about 25 ms), so one process serves a whole test class.
 *
 * <pre>{@code
 * try (NodeMicroPython node = NodeMicroPython.start()) {
 *     Session s = node.run(Map.of("zig.py", Path.of("out/webassembly/zig.py")), "import zig; zig.setup()");
 *     s.output();   // "Zig is running!\n"
 * }
 * }</pre>
 *
 * <p>The port is the npm package {@value #PACKAGE} {@value #VERSION}, installed by {@code mpy-webassembly/setup}
 * into {@code ~/.cache/wasm2mpy/webassembly} (or {@code -Dwasm2mpy.webassembly} / {@code $WASM2MPY_WEBASSEMBLY}).
 */
public final class NodeMicroPython implements AutoCloseable {
    /** The npm package: MicroPython's webassembly port as PyScript ships it. */
    public static final String PACKAGE = "@micropython/micropython-webassembly-pyscript";
    /** The pinned version. */
    public static final String VERSION = "1.27.0";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedReader answers;
    private final OutputStream requests;
    private final Path runner;

    /** What one session printed, and its uncaught exception's traceback if it ended with one. */
    public record Session(String output, Optional<String> error) {
        public boolean ok() {
            return error.isEmpty();
        }
    }

    private NodeMicroPython(Process process, Path runner) {
        this.process = process;
        this.runner = runner;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.requests = process.getOutputStream();
    }

    /** The cache directory holding {@code node_modules/}{@value #PACKAGE}. */
    public static Path home() {
        String configured = System.getProperty("wasm2mpy.webassembly");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("WASM2MPY_WEBASSEMBLY");
        }
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("user.home") + "/.cache/wasm2mpy/webassembly";
        }
        return Path.of(configured).toAbsolutePath().normalize();
    }

    /** The package's directory (with {@code micropython.mjs} and {@code micropython.wasm}). */
    public static Path packageDirectory() {
        Path dir = home().resolve("node_modules").resolve(PACKAGE);
        if (!Files.isRegularFile(dir.resolve("micropython.mjs"))) {
            throw new IllegalStateException(dir.resolve("micropython.mjs") + " is missing: run mpy-webassembly/setup"
                    + " (or ./mvnw -pl mpy-webassembly process-test-resources)");
        }
        return dir;
    }

    /** Starts {@code node} with the installed package. */
    public static NodeMicroPython start() {
        Path mjs = packageDirectory().resolve("micropython.mjs");
        try {
            Path runner = Files.createTempFile("w2m-node-runner", ".mjs");
            try (InputStream in = NodeMicroPython.class.getResourceAsStream("node-runner.mjs")) {
                Files.write(runner, in.readAllBytes());
            }
            Process p = new ProcessBuilder("node", runner.toString(), mjs.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new NodeMicroPython(p, runner);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (Node 20 on the PATH is needed): " + e.getMessage(), e);
        }
    }

    /** Runs {@code code} in a fresh interpreter with {@code files} (name to host file) in its {@code /lib}. */
    public Session run(Map<String, Path> files, String code) {
        return run(files, code, Duration.ofSeconds(120));
    }

    public synchronized Session run(Map<String, Path> files, String code, Duration timeout) {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode fileMap = request.putObject("files");
        files.forEach((name, path) -> fileMap.put(name, path.toAbsolutePath().toString()));
        request.put("code", code);
        try {
            requests.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            requests.flush();
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return answers.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IllegalStateException("node ended (exit " + process.waitFor() + ")");
            }
            JsonNode answer = JSON.readTree(line);
            JsonNode error = answer.get("error");
            return new Session(answer.get("output").asText(),
                    error == null || error.isNull() ? Optional.empty() : Optional.of(error.asText()));
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the session did not end within " + timeout, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read node's answer: " + e.getCause(), e.getCause());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            requests.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(runner);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
