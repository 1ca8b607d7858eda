package io.github.wasm2mpy.cgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every demo app translates and compiles warning-free with each compiler we target. */
class AppsCompileTest {
    static final Path REPO = Path.of(System.getProperty("wasm2mpy.repo", "..")).toAbsolutePath().normalize();

    record Compiler(String name, List<String> command) {}

    static final List<Compiler> COMPILERS = List.of(
            new Compiler("x64", List.of("gcc", "-O2")),
            new Compiler("x86", List.of("gcc", "-O2", "-m32", "-msse2", "-mfpmath=sse")),
            new Compiler("cortex-m0", List.of("arm-none-eabi-gcc", "-Os", "-mthumb", "-mcpu=cortex-m0", "-mfloat-abi=soft")),
            new Compiler("cortex-m4", List.of("arm-none-eabi-gcc", "-Os", "-mthumb", "-mcpu=cortex-m4", "-mfloat-abi=soft")),
            new Compiler("rv32imc", List.of("riscv64-unknown-elf-gcc", "-Os", "-march=rv32imc", "-mabi=ilp32", "--specs=picolibc.specs")),
            new Compiler("xtensa-lx106", List.of("xtensa-lx106-elf-gcc", "-Os", "-mlongcalls")));

    @TestFactory
    Stream<DynamicTest> appsCompileWarningFree() throws Exception {
        Path apps = REPO.resolve("testdata/apps");
        List<Path> wasms;
        try (Stream<Path> s = Files.list(apps)) {
            wasms = s.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
        }
        assertThat(wasms).hasSize(9);
        Path out = REPO.resolve("wasm2c-gen/target/apps");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path wasm : wasms) {
            String name = wasm.getFileName().toString().replace(".wasm", "");
            tests.add(DynamicTest.dynamicTest(wasm.getFileName() + " translates", () -> {
                CSources c = CEmitter.emit(wasm, CodegenOptions.builder().prefix(name).build());
                c.writeTo(out.resolve(name));
                assertThat(c.source()).contains("void " + name + "_instantiate(");
            }));
            for (Compiler cc : COMPILERS) {
                tests.add(DynamicTest.dynamicTest(wasm.getFileName() + " compiles on " + cc.name(), () -> {
                    Path dir = out.resolve(name);
                    List<String> cmd = new ArrayList<>(cc.command());
                    cmd.addAll(List.of("-std=c99", "-Wall", "-Wextra", "-Werror", "-c", "-o",
                            dir.resolve(name + "-" + cc.name() + ".o").toString(), dir.resolve(name + ".c").toString()));
                    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                    String log = new String(p.getInputStream().readAllBytes());
                    assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + log).isZero();
                }));
            }
        }
        return tests.stream();
    }
}
