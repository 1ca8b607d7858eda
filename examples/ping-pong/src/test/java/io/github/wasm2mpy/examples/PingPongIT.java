package io.github.wasm2mpy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.TargetArch;
import io.github.wasm2mpy.testbed.Testbed;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PingPongIT {
    private static final Path MPY = Path.of(System.getProperty("mpy.directory"));

    @Test
    void aPythonHostFunctionIsCalledFromWasmAndReentersIt() {
        RunResult run = Testbed.get().mpyRun(TargetArch.X64).modules(MPY.resolve("x64")).code("""
                import pingpong
                try:
                    pingpong.ping(1)
                except RuntimeError as e:
                    print("unbound:", e)
                calls = []
                def pong(n):
                    calls.append(n)
                    return pingpong.double(n)   # back into wasm
                pingpong.bind({"hosted.pong": pong})
                print(pingpong.ping(20), calls)
                """);
        assertThat(run.ok()).as(run.output()).isTrue();
        assertThat(run.output()).startsWith("unbound: import hosted.pong is not bound").endsWith("41 [20]\n");
    }
}
