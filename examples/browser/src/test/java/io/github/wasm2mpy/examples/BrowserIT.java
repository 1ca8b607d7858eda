package io.github.wasm2mpy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.wasm2mpy.webassembly.NodeMicroPython;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Serves the page as a user would deploy it (index.html, zig.py from the plugin, PyScript's MicroPython from
 * the npm package, all from one local directory) and loads it in headless Chromium; the page's output must show
 * what zig.setup() and zig.loop() print.
 */
class BrowserIT {
    private static final Path MPY = Path.of(System.getProperty("mpy.directory"));
    private static final Path WEB = Path.of(System.getProperty("web.directory"));

    /** The files of the deployed page, by URL path. */
    private static Map<String, Path> site() {
        Path port = NodeMicroPython.packageDirectory();
        return Map.of("/index.html", WEB.resolve("index.html"), "/zig.py", MPY.resolve("webassembly/zig.py"),
                "/micropython.mjs", port.resolve("micropython.mjs"), "/micropython.wasm", port.resolve("micropython.wasm"));
    }

    private static String contentType(String path) {
        if (path.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (path.endsWith(".mjs")) {
            return "text/javascript";
        }
        return path.endsWith(".wasm") ? "application/wasm" : "text/plain; charset=utf-8";
    }

    @Test
    void theBuildProducedAPyModule() throws IOException {
        assertThat(MPY.resolve("webassembly/zig.py")).content().contains("def setup(*args):", "def loop(*args):");
    }

    @Test
    void thePageShowsTheAppsOutputInHeadlessChromium() throws Exception {
        Map<String, Path> site = site();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = site.get(exchange.getRequestURI().getPath());
            byte[] body = file == null ? "not found".getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type", contentType(exchange.getRequestURI().getPath()));
            exchange.sendResponseHeaders(file == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Path profile = Files.createTempDirectory("w2m-chromium");
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/index.html";
            List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom", url));
            Process chromium = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(chromium.waitFor(120, TimeUnit.SECONDS)).as("chromium ended").isTrue();

            assertThat(dom).contains("<p id=\"status\">done</p>");
            String output = dom.substring(dom.indexOf("<pre id=\"output\">"), dom.indexOf("</pre>"));
            assertThat(output).contains("Zig is running!", " Blink\n",
                    "delays asked for: 1000 ms; linear memory: 65536 bytes");
        } finally {
            server.stop(0);
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
