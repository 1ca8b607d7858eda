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

/**
 * A module written in WAT, built with the glue for each of some testbed archs and imported there by a Python
 * session whose output must contain the expected lines: the end-to-end half of the glue's unit tests.
 */
final class WatSession {
    private WatSession() {
    }

    /** One test per target, named "NAME.wat on ARCH"; builds under {@code tmp}. */
    static Stream<DynamicTest> run(Stream<TargetArch> targets, Path tmp, String name, String wat, String session,
                                   List<String> expected) throws Exception {
        Path wasm = Files.write(Files.createDirectories(tmp.resolve("wasm")).resolve(name + ".wasm"), Wat.toWasm(wat));
        return targets.map(target -> DynamicTest.dynamicTest(name + ".wat on " + target.id(), () -> {
            NativeBuild.Arch arch = NativeBuild.Arch.valueOf(target.name());
            Path mods = AppsTest.build(wasm, name, arch, Files.createDirectories(tmp.resolve(target.id())));
            RunResult r = Testbed.get().mpyRun(target).modules(mods).heap(target.emulated() ? null : "2m")
                    .timeout(Duration.ofSeconds(60)).code(session);
            assertThat(r.ok()).as(r.output()).isTrue();
            assertThat(r.output()).as(r.output()).contains(expected);
        }));
    }
}
