package io.github.wasm2mpy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.e2e.MatrixCell.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchMatrixTest {
    static final ArchMatrix SAMPLE = new ArchMatrix(List.of(
            new MatrixCell("zig", "x64", Status.RUNS, "printed", 6363),
            new MatrixCell("zig", "xtensa", Status.LINKS_ONLY, "header", 7000),
            new MatrixCell("cpp", "x64", Status.FAILS, "missing [C++ is running!]", 5000),
            new MatrixCell("cpp", "xtensa", Status.NOT_BUILDABLE, "no C compiler", 0)));

    @Test
    void keepsAppsAndArchsInTheOrderTheyWereProduced() {
        assertThat(SAMPLE.apps()).containsExactly("zig", "cpp");
        assertThat(SAMPLE.archs()).containsExactly("x64", "xtensa");
        assertThat(SAMPLE.cell("cpp", "xtensa")).get().extracting(MatrixCell::status).isEqualTo(Status.NOT_BUILDABLE);
        assertThat(SAMPLE.cell("cpp", "armv7m")).isEmpty();
    }

    @Test
    void roundTripsThroughJson(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/matrix.json");
        SAMPLE.write(file);
        assertThat(file).content().contains("\"status\" : \"LINKS_ONLY\"").contains("\"mpySize\" : 6363");
        assertThat(ArchMatrix.read(file)).isEqualTo(SAMPLE);
        assertThat(dir.resolve("sub/matrix.json.tmp")).doesNotExist();
    }

    @Test
    void aFileThatIsNotAResultIsNamed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"cells\": 3}");
        assertThatThrownBy(() -> ArchMatrix.read(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + ": not a matrix result file");
    }
}
