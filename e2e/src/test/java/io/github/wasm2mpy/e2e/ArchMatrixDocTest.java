package io.github.wasm2mpy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.e2e.MatrixCell.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchMatrixDocTest {

    @Test
    void rendersATableCountsPerArchAndEveryFailureWithItsReason() {
        String md = ArchMatrixDoc.render(ArchMatrixTest.SAMPLE);
        assertThat(md).contains("| app | x64 | xtensa |\n|---|---|---|\n")
                .contains("| zig | runs | links only |\n")
                .contains("| cpp | fails | not buildable here |\n")
                .contains("- **x64** (1 runs, 1 fails): MicroPython unix port, 64-bit\n")
                .contains("- **xtensa** (1 links only, 1 not buildable here): built with xtensa-lx106-elf-gcc")
                .contains("## Failures\n\n- cpp × x64: missing [C++ is running!]\n")
                .doesNotContain("6363");   // sizes stay in matrix.json
    }

    @Test
    void saysNoneWhenNothingFailsAndFlattensLongReasons() {
        String longReason = "line one\n" + "x".repeat(700);
        ArchMatrix ok = new ArchMatrix(List.of(new MatrixCell("simple", "armv6m", Status.RUNS, "printed", 1)));
        assertThat(ArchMatrixDoc.render(ok)).endsWith("## Failures\n\nNone.\n");
        ArchMatrix bad = new ArchMatrix(List.of(new MatrixCell("simple", "armv6m", Status.FAILS, longReason, 1)));
        String failure = ArchMatrixDoc.render(bad).lines().filter(l -> l.startsWith("- simple")).findFirst().orElseThrow();
        assertThat(failure).startsWith("- simple × armv6m: line one xxx").endsWith("...").hasSizeLessThan(640);
    }

    @Test
    void mainRewritesTheDocFromAResultFile(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("matrix.json");
        ArchMatrixTest.SAMPLE.write(json);
        Path doc = dir.resolve("arch-matrix.md");
        ArchMatrixDoc.main(new String[] {json.toString(), doc.toString()});
        assertThat(doc).content().isEqualTo(ArchMatrixDoc.render(ArchMatrixTest.SAMPLE));
        assertThat(Files.list(dir)).hasSize(2);
    }
}
