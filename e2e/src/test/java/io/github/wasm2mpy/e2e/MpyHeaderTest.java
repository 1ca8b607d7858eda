package io.github.wasm2mpy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MpyHeaderTest {

    @Test
    void decodesTheFeatureByte(@TempDir Path dir) throws IOException {
        // What MicroPython 1.25 writes for an xtensa natmod: 'M', 6, 9 << 2 | 3, 31-bit small ints.
        Path mpy = Files.write(dir.resolve("m.mpy"), new byte[] {'M', 6, (9 << 2) | 3, 31, 0, 0});
        MpyHeader header = MpyHeader.read(mpy);
        assertThat(header).isEqualTo(new MpyHeader(6, 9, 3, 31));
        assertThat(header.archName()).isEqualTo("xtensa");
        assertThat(new MpyHeader(6, 8, 3, 31).archName()).isEqualTo("armv7emdp");
        assertThat(new MpyHeader(6, 11, 3, 31).archName()).isEqualTo("rv32imc");
        assertThat(new MpyHeader(6, 99, 3, 31).archName()).isEqualTo("code 99");
    }

    @Test
    void rejectsWhatIsNotAnMpyFileNamingTheFile(@TempDir Path dir) throws IOException {
        Path elf = Files.write(dir.resolve("a.o"), new byte[] {0x7f, 'E', 'L', 'F'});
        assertThatThrownBy(() -> MpyHeader.read(elf)).isInstanceOf(IOException.class)
                .hasMessageContaining("a.o").hasMessageContaining("offset 0").hasMessageContaining("magic 0x7f");
        Path shortFile = Files.write(dir.resolve("s.mpy"), new byte[] {'M', 6});
        assertThatThrownBy(() -> MpyHeader.read(shortFile)).hasMessageContaining("s.mpy: shorter than");
    }
}
