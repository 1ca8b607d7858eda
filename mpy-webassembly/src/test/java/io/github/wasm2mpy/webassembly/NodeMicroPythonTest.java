package io.github.wasm2mpy.webassembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeMicroPythonTest {
    private static NodeMicroPython node;

    @BeforeAll
    static void start() {
        node = NodeMicroPython.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void runsCodeOnTheWebassemblyPortOfThePinnedVersion() {
        NodeMicroPython.Session s = node.run(Map.of(), "import sys\nprint(sys.platform, sys.implementation.version[:2])");
        assertThat(s.ok()).isTrue();
        assertThat(s.output()).isEqualTo("webassembly (1, 27)\n");
    }

    @Test
    void filesGoToLibAndEachSessionIsAFreshInterpreter(@TempDir Path dir) throws IOException {
        Path mod = Files.writeString(dir.resolve("greet.py"), "count = 0\ndef hi():\n    global count\n    count += 1\n    return count\n");
        assertThat(node.run(Map.of("greet.py", mod), "import greet; greet.hi(); print(greet.hi())").output())
                .isEqualTo("2\n");
        assertThat(node.run(Map.of("greet.py", mod), "import greet; print(greet.hi())").output()).isEqualTo("1\n");
    }

    @Test
    void anUncaughtExceptionIsReportedWithWhatWasPrintedBefore() {
        NodeMicroPython.Session s = node.run(Map.of(), "print('before')\nraise ValueError('bad')");
        assertThat(s.ok()).isFalse();
        assertThat(s.output()).isEqualTo("before\n");
        assertThat(s.error()).get().asString().contains("ValueError: bad");
    }

    @Test
    void outputKeepsBytesWithoutANewline() {
        NodeMicroPython.Session s = node.run(Map.of(), "import sys\nsys.stdout.write('no newline \\u00e9')");
        assertThat(s.output()).isEqualTo("no newline \u00e9");
    }
}
