package io.github.wasm2mpy.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.model.text.Wat;
import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.TargetArch;
import io.github.wasm2mpy.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WASI built-ins, with C programs compiled here by clang against wasi-libc: a command whose printf output is
 * checked, and a reactor (so {@code _initialize} runs at import) whose {@code exit(3)} becomes SystemExit(3).
 */
class BuiltinImportsTest {

    static Path compileWasi(Path dir, String name, List<String> extra) throws Exception {
        Path source = dir.resolve(name + ".c");
        NativeBuild.copyResource("wasi/" + name + ".c", source);
        Path wasm = dir.resolve(name + ".wasm");
        List<String> cmd = new java.util.ArrayList<>(List.of("clang", "--target=wasm32-wasi", "-Os"));
        cmd.addAll(extra);
        cmd.addAll(List.of("-Wl,--strip-all", source.toString(), "-o", wasm.toString()));
        NativeBuild.run(cmd, dir);
        return wasm;
    }

    private static final String SESSION = String.join("\n",
            "import hello, exiter",
            "try:",
            "    hello._start()",
            "    print('returned')",
            "except SystemExit as e:",
            "    print('exit', e.args[0])",
            "try:",
            "    exiter.quit(3)",
            "except SystemExit as e:",
            "    print('exit', e.args[0])",
            "print('done')");

    @TestFactory
    Stream<DynamicTest> wasiLibcProgramsRun(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("wasm"));
        Path hello = compileWasi(src, "hello", List.of());
        Path exiter = compileWasi(src, "exiter", List.of("-mexec-model=reactor"));
        return AppsTest.archs().stream().map(target -> DynamicTest.dynamicTest(
                "hello.c and exiter.c (clang + wasi-libc) on " + target.id(), () -> {
                    NativeBuild.Arch arch = NativeBuild.Arch.valueOf(target.name());
                    Path mods = AppsTest.build(hello, "hello", arch, Files.createDirectories(tmp.resolve(target.id() + "-hello")));
                    Path exiterMods = AppsTest.build(exiter, "exiter", arch,
                            Files.createDirectories(tmp.resolve(target.id() + "-exiter")));
                    Files.copy(exiterMods.resolve("exiter.mpy"), mods.resolve("exiter.mpy"));
                    RunResult r = Testbed.get().mpyRun(target).modules(mods).heap(target.emulated() ? null : "2m")
                            .timeout(Duration.ofSeconds(60)).code(SESSION);
                    assertThat(r.ok()).as(r.output()).isTrue();
                    assertThat(r.output()).contains("hello from wasi-libc: 20 + 22 = 42", "to stderr too",
                            "clock ok: 1", "bye 3", "exit 3", "done");
                }));
    }

    /** A growable memory is committed lazily: wiring.print copies it out in pieces, across chunks, range-checked. */
    static final String LAZY_PRINT = """
            (module
              (import "wiring" "print" (func $print (param i32 i32)))
              (memory (export "memory") 2 16)
              (data (i32.const 100) "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!")
              (func (export "show") (param i32 i32) (call $print (local.get 0) (local.get 1))))
            """;

    private static final String LAZY_PRINT_SESSION = String.join("\n",
            "import lazyprint as m",
            "print(type(m.memory).__name__)",
            "m.show(100, 63); print('|')",
            "m.memory[73700:73750] = b'<' + b'x' * 48 + b'>'",
            "m.show(73700, 50); print('|')",
            "m.show(0, 0); print('empty|')",
            "try:",
            "    m.show(131071, 2)",
            "except RuntimeError as e:",
            "    print('trap', e)");

    @Test
    void aGrowableMemoryIsLazy() throws Exception {
        GeneratedGlue glue = Bindings.generate("lazyprint.wasm",
                io.github.wasm2mpy.model.WasmReader.read(Wat.toWasm(LAZY_PRINT)), "lazyprint", BindingOptions.of("lazyprint"));
        assertThat(glue.files().get(glue.glueSource())).contains("w2m_mpy_publish_lazy_memory(", "W2M_MPY_MEMORY 1");
    }

    @TestFactory
    Stream<DynamicTest> printCopiesALazyMemoryOutInPieces(@TempDir Path tmp) throws Exception {
        return WatSession.run(Stream.of(TargetArch.X64, TargetArch.ARMV6M), tmp, "lazyprint", LAZY_PRINT,
                LAZY_PRINT_SESSION, List.of("memory\n",
                        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!|\n",
                        "<" + "x".repeat(48) + ">|\n", "empty|\n", "trap out of bounds memory access\n"));
    }
}
