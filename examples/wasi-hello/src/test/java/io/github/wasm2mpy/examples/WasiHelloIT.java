package io.github.wasm2mpy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.TargetArch;
import io.github.wasm2mpy.testbed.Testbed;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WasiHelloIT {
    private static final Path MPY = Path.of(System.getProperty("mpy.directory"));

    @Test
    void printfOfAWasiCommandReachesTheConsole() {
        // A WASI command's _start runs main; wasi-libc may end it through proc_exit, which is SystemExit here.
        RunResult run = Testbed.get().mpyRun(TargetArch.X64).modules(MPY.resolve("x64")).code("""
                import hello
                try:
                    hello._start()
                    print("returned")
                except SystemExit as e:
                    print("exit", e.args[0] if e.args else 0)
                """);
        assertThat(run.ok()).as(run.output()).isTrue();
        assertThat(run.output()).startsWith(
                "hello from C: 20! = 2432902008176640000, pi ~ 3.14159\nand hello on stderr\n")
                .containsPattern("(returned|exit 0)\n$");
    }
}
