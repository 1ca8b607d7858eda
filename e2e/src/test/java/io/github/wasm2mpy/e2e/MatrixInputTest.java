package io.github.wasm2mpy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixInputTest {
    private static final Path REPO = Path.of(System.getProperty("wasm2mpy.repo", "..")).toAbsolutePath().normalize();

    @Test
    void theNineAppsAndTheExamplesWithDistinctModuleNames() {
        List<MatrixInput> inputs = MatrixInput.all(REPO);
        assertThat(inputs).extracting(MatrixInput::name).startsWith("assemblyscript", "coremark", "cpp", "rust",
                "simple", "tinygo", "virgil", "wat", "zig").contains("examples/hello-wat", "examples/wasi-hello");
        assertThat(inputs).extracting(MatrixInput::module).doesNotHaveDuplicates();
        assertThat(inputs).allSatisfy(input -> {
            assertThat(input.source()).isRegularFile();
            assertThat(input.expected()).isNotEmpty();
            assertThat(input.session()).contains("import " + input.module());
        });
    }

    @Test
    void aWasmInputIsUsedAsItIs(@TempDir Path work) throws Exception {
        MatrixInput zig = MatrixInput.all(REPO).stream().filter(i -> i.name().equals("zig")).findFirst().orElseThrow();
        assertThat(zig.wasm(work)).isEqualTo(REPO.resolve("testdata/apps/zig.wasm"));
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void aCSourceThatDoesNotCompileIsReportedWithClangsMessage(@TempDir Path work) throws IOException {
        Path broken = Files.writeString(work.resolve("broken.c"), "int f( {");
        MatrixInput input = new MatrixInput("broken", "broken", broken, "wasm32", "import broken", List.of("x"));
        assertThatThrownBy(() -> input.wasm(work.resolve("out"))).isInstanceOf(IOException.class)
                .hasMessageContaining("broken.c: clang --target=wasm32 failed").hasMessageContaining("error");
        assertThat(work.resolve("out/broken.wasm")).doesNotExist();
    }
}
