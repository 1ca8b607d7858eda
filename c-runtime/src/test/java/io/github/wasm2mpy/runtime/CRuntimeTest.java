package io.github.wasm2mpy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CRuntimeTest {
    @Test
    void everyListedFileIsPackaged() {
        for (String name : CRuntime.allFiles()) {
            assertThat(CRuntime.read(name)).as(name).containsIgnoringCase("w2m_");
        }
    }

    @Test
    void writesFilesBesideEachOther(@TempDir Path dir) throws Exception {
        List<Path> written = CRuntime.writeTo(dir.resolve("rt"), CRuntime.allFiles());
        assertThat(written).hasSize(CRuntime.allFiles().size());
        assertThat(Files.readString(dir.resolve("rt/w2m_rt.h"))).isEqualTo(CRuntime.read("w2m_rt.h"));
        try (var files = Files.list(dir.resolve("rt"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void unknownFileIsNamedInTheError() {
        assertThatThrownBy(() -> CRuntime.read("nope.h")).hasMessageContaining("nope.h");
    }

    @Test
    void headersCompileWarningFreeWithTheDefaultHost(@TempDir Path dir) throws Exception {
        CRuntime.writeTo(dir, CRuntime.allFiles());
        Path main = dir.resolve("main.c");
        Files.writeString(main, """
            #include "w2m_host_default.h"
            #include <stdio.h>
            int main(void) {
              w2m_try_frame frame;
              w2m_trap_code code = W2M_TRY(frame);
              if (code == W2M_TRAP_NONE) {
                u32 r = w2m_i32_div_s(1, 0);
                w2m_try_end(&frame);
                return (int)r;
              }
              w2m_try_end(&frame);
              printf("%s|%g|%g|%u\\n", w2m_trap_message(code), (double)w2m_f32_nearest(2.5f),
                     w2m_f64_nearest(-3.5), (unsigned)w2m_i32_trunc_sat_f64_u(-7.0));
              return 0;
            }
            """);
        Process p = new ProcessBuilder("gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-O2", "-o",
                dir.resolve("t").toString(), main.toString(), dir.resolve("w2m_host_default.c").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        Process run = new ProcessBuilder(dir.resolve("t").toString()).redirectErrorStream(true).start();
        String result = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor()).isZero();
        assertThat(result).isEqualTo("integer divide by zero|2|-4|0\n");
    }
}
