package io.github.wasm2mpy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The size a compiled C file is judged by: what would reach the .mpy, not the RAM .bss reserves. */
class ObjectSizeTest {
    @TempDir
    Path dir;

    private Path compile(String name, int dataWords, int bssWords) throws Exception {
        Path source = Files.writeString(dir.resolve(name + ".c"), """
                int data[%d] = {1, 2, 3};
                int zeros[%d];
                static const char text[] = "read-only bytes";
                int f(int i) { return data[i] + zeros[i] + text[i]; }
                """.formatted(dataWords, bssWords));
        Path object = dir.resolve(name + ".o");
        Command.Outcome outcome = Command.of(List.of("gcc", "-Os", "-c", source.toString(), "-o", object.toString()))
                .run(60);
        assertThat(outcome.succeeded()).as(outcome.output()).isTrue();
        return object;
    }

    @Test
    void countsCodeAndDataButNotBss() throws Exception {
        long small = ObjectSize.allocatedBytes(compile("small", 4, 10));
        assertThat(ObjectSize.allocatedBytes(compile("more_bss", 4, 1000))).isEqualTo(small);
        assertThat(ObjectSize.allocatedBytes(compile("more_data", 104, 10))).isEqualTo(small + 400);
        assertThat(small).isGreaterThan(16 + 16);
    }

    @Test
    void anUnreadableObjectIsNamed() throws Exception {
        Path object = Files.write(dir.resolve("broken.o"), new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0});
        assertThatThrownBy(() -> ObjectSize.allocatedBytes(object)).isInstanceOf(PipelineException.class)
                .hasMessageStartingWith("the compiler wrote an object the linker cannot read: " + object);
    }
}
