package io.github.wasm2mpy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        run("gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-O2", "-o", dir.resolve("t").toString(), main.toString(),
                dir.resolve("w2m_host_default.c").toString());
        String result = run(dir.resolve("t").toString());
        assertThat(result).isEqualTo("integer divide by zero|2|-4|0\n");
    }
    /**
     * The lazy-memory helpers are defined weak in every unit that includes w2m_rt.h (two modules and a driver link
     * together) and only declared where W2M_RT_SHARED_EXTERN is defined (the glue), which then calls a module's copy.
     */
    @Test
    void sharedLazyMemoryHelpersLinkOncePerProgram(@TempDir Path dir) throws Exception {
        CRuntime.writeTo(dir, CRuntime.allFiles());
        String module = """
            #include "w2m_rt.h"
            void %s_put(w2m_memory *m, u32 a, u8 v) { w2m_memory_write(m, a, &v, 1); }
            """;
        Files.writeString(dir.resolve("a.c"), module.formatted("a"));
        Files.writeString(dir.resolve("b.c"), module.formatted("b"));
        Files.writeString(dir.resolve("glue.c"), """
            #define W2M_RT_SHARED_EXTERN 1
            #include "w2m_rt.h"
            #include <stdio.h>
            void a_put(w2m_memory *m, u32 a, u8 v);
            void b_put(w2m_memory *m, u32 a, u8 v);
            int main(void) {
              w2m_memory m;
              memset(&m, 0, sizeof m); /* like the zeroed instance a memory lives in */
              w2m_memory_init_lazy(&m, 1, 1, 65536, 1024, 10, 65536);
              a_put(&m, 5, 7);
              b_put(&m, 40000, 9);
              u8 x = 0, y = 0, z = 1;
              w2m_memory_read(&m, 5, &x, 1);
              w2m_memory_read(&m, 40000, &y, 1);
              w2m_memory_read(&m, 50000, &z, 1);
              printf("%u %u %u %u\\n", x, y, z, (unsigned)m.used);
              return 0;
            }
            """);
        run("gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-Os", "-o", dir.resolve("t").toString(),
                dir.resolve("a.c").toString(), dir.resolve("b.c").toString(), dir.resolve("glue.c").toString(),
                dir.resolve("w2m_host_default.c").toString());
        String symbols = run("nm", dir.resolve("t").toString());
        assertThat(symbols.lines().filter(l -> l.endsWith(" w2m_memory_span"))).hasSize(1);
        String result = run(dir.resolve("t").toString());
        assertThat(result).isEqualTo("7 9 0 2048\n"); // the prefix and the one chunk b_put committed
    }

    /**
     * memory.copy on a lazy memory goes piece by piece where both sides are contiguous (forward for d <= s, backward
     * otherwise): checked against memmove on a plain array, with overlaps across the prefix and chunk boundaries, a
     * last chunk cut short by a size that is no multiple of the chunk (custom page size 1), and a copy out of
     * uncommitted chunks that commits nothing. A slow access whose address plus offset passes 4 GiB traps.
     */
    @Test
    void lazyMemoryCopiesLikeMemmoveAcrossChunks(@TempDir Path dir) throws Exception {
        CRuntime.writeTo(dir, CRuntime.allFiles());
        Files.writeString(dir.resolve("main.c"), """
            #include "w2m_host_default.h"
            #include <stdio.h>
            static u8 ref[3000];
            static w2m_memory m;
            static void copy(u32 d, u32 s, u32 n) {
              w2m_memory_copy(&m, d, s, n);
              memmove(ref + d, ref + s, n);
            }
            static int same(void) {
              u8 b[3000];
              w2m_memory_read(&m, 0, b, 3000);
              return memcmp(b, ref, 3000) == 0;
            }
            static int traps(u32 a, u32 o) {
              w2m_try_frame frame;
              w2m_trap_code code = W2M_TRY(frame);
              if (code == W2M_TRAP_NONE) {
                (void)w2m_mem_load_u32(&m, a, o);
                w2m_try_end(&frame);
                return 0;
              }
              w2m_try_end(&frame);
              return code == W2M_TRAP_MEMORY_OOB;
            }
            int main(void) {
              w2m_memory_init_lazy(&m, 3000, 3000, 1, 1024, 10, 65536);
              copy(2100, 2500, 100);
              printf("%u ", (unsigned)m.used);
              u8 pattern[100];
              for (int i = 0; i < 100; i++) pattern[i] = (u8)(i + 1);
              w2m_memory_write(&m, 1000, pattern, 100);
              memcpy(ref + 1000, pattern, 100);
              copy(990, 1000, 100);
              copy(1010, 990, 100);
              copy(2000, 1000, 60);
              copy(2030, 2000, 60);
              copy(2950, 1010, 50);
              copy(1020, 2990, 10);
              printf("%d %u %d %d %d\\n", same(), (unsigned)m.used, traps(0xfffffffcu, 8), traps(2996, 1),
                     traps(2996, 0));
              return 0;
            }
            """);
        run("gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-Os", "-o", dir.resolve("t").toString(),
                dir.resolve("main.c").toString(), dir.resolve("w2m_host_default.c").toString());
        String result = run(dir.resolve("t").toString());
        // Only the prefix before any write; then it and chunks 1 and 2 (the last one, 952 bytes of address space).
        assertThat(result).isEqualTo("1024 1 3072 1 1 0\n");
    }

    /**
     * The alignment-testing loads and stores of strict-alignment targets (forced on the host with
     * W2M_STRICT_ALIGN=1) read and write the same little-endian bytes as memcpy, at every offset of a word: the
     * aligned word move and the byte-wise fallback both run.
     */
    @Test
    void strictAlignmentAccessesMatchMemcpyAtEveryOffset(@TempDir Path dir) throws Exception {
        assertThat(accessesAtEveryOffset(dir, "w2m_", "-O2", "-DW2M_STRICT_ALIGN=1")).isEqualTo("0\n");
    }

    /** The same for the -Os accessors' moves (w2m_acc_*), which test the address on strict-alignment targets. */
    @Test
    void accessorMovesMatchMemcpyAtEveryOffset(@TempDir Path dir) throws Exception {
        assertThat(accessesAtEveryOffset(dir, "w2m_acc_", "-Os", "-DW2M_STRICT_TARGET=1")).isEqualTo("0\n");
    }

    /** Stores and loads each width at offsets 0 to 7 through the moves named prefix + load_/store_ + kind. */
    private static String accessesAtEveryOffset(Path dir, String prefix, String... flags) throws Exception {
        CRuntime.writeTo(dir, CRuntime.allFiles());
        Files.writeString(dir.resolve("main.c"), """
            #include "w2m_host_default.h"
            #include <stdio.h>
            static union { u8 b[32]; u64 align; } mem;
            static int bad;
            #define CHECK(x) do { if (!(x)) { bad++; printf("fail at %u: %s\\n", o, #x); } } while (0)
            int main(void) {
              for (u32 o = 0; o < 8; o++) {
                u8 *p = mem.b + o;
                u64 v = 0x8877665544332211ull + o, w; u32 v32 = (u32)v, w32; u16 w16; f32 f; f64 d;
                memset(mem.b, 0xee, sizeof mem.b);
                w2m_store_u64(p, v); memcpy(&w, p, 8); CHECK(w == v); CHECK(w2m_load_u64(p) == v);
                CHECK(mem.b[o + 8] == 0xee && (o == 0 || mem.b[o - 1] == 0xee));
                w2m_store_u32(p, v32); memcpy(&w32, p, 4); CHECK(w32 == v32); CHECK(w2m_load_u32(p) == v32);
                w2m_store_u16(p, 0x9abc); memcpy(&w16, p, 2); CHECK(w16 == 0x9abc);
                CHECK(w2m_load_u16(p) == 0x9abc); CHECK(w2m_load_s16(p) == 0xffff9abcu);
                w2m_store_f32(p, -1.5f); memcpy(&f, p, 4); CHECK(f == -1.5f); CHECK(w2m_load_f32(p) == -1.5f);
                w2m_store_f64(p, 0.1); memcpy(&d, p, 8); CHECK(d == 0.1); CHECK(w2m_load_f64(p) == 0.1);
              }
              printf("%d\\n", bad);
              return 0;
            }
            """.replace("w2m_load_", prefix + "load_").replace("w2m_store_", prefix + "store_"));
        List<String> command = new ArrayList<>(List.of("gcc", "-std=c99", "-Wall", "-Wextra", "-Werror"));
        command.addAll(List.of(flags));
        command.addAll(List.of("-o", dir.resolve("t").toString(), dir.resolve("main.c").toString(),
                dir.resolve("w2m_host_default.c").toString()));
        run(command.toArray(String[]::new));
        return run(dir.resolve("t").toString());
    }

    /** Runs a command to its end and returns what it printed; it must exit 0 (its output says why when not). */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
