package io.github.wasm2mpy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.testbed.Testbed;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToolchainTest {
    @TempDir
    Path work;

    @BeforeAll
    static void testbedIsProvisioned() {
        // The testbed's setup installs every cross compiler these tests use; fail loudly if it has not run.
        Testbed.get();
    }

    @ParameterizedTest(name = "{0} compiles to ELF machine {1}, class {2}")
    @CsvSource({"x64, 62, 2", "x86, 3, 1", "armv6m, 40, 1", "armv7m, 40, 1", "armv7emsp, 40, 1",
            "rv32imc, 243, 1", "xtensa, 94, 1"})
    void compilesForEachInstalledArch(String arch, int elfMachine, int elfClass) throws IOException {
        Path source = Files.writeString(work.resolve("f.c"), "int twice(int x) { return 2 * x; }\n");
        Path object = work.resolve(arch + "/f.o");

        Toolchain toolchain = Toolchain.discover(arch, ToolchainSettings.DEFAULT);
        toolchain.compile(source, object, List.of(), List.of("-O2"));

        byte[] bytes = Files.readAllBytes(object);
        assertThat(bytes).startsWith(0x7f, 'E', 'L', 'F');
        assertThat(bytes[4]).as("ELF class").isEqualTo((byte) elfClass);
        int machine = ByteBuffer.wrap(bytes, 18, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        assertThat(machine).isEqualTo(elfMachine);
        assertThat(toolchain.version()).startsWith(toolchain.spec().compilerName()).matches(".* \\d+\\.\\d+.*");
    }

    @Test
    void unknownArchListsTheKnownOnes() {
        assertThatThrownBy(() -> Toolchain.discover("pdp11", ToolchainSettings.DEFAULT))
                .isInstanceOf(ToolchainException.class)
                .hasMessageContaining("unknown arch 'pdp11'")
                .hasMessageContaining("armv7m");
    }

    @Test
    void missingCompilerNamesArchWhatWasLookedForAndThePackage() {
        assertThatThrownBy(() -> Toolchain.discover("armv7m", ToolchainSettings.DEFAULT.withPrefix("no-such-")))
                .isInstanceOf(ToolchainException.class)
                .hasMessageContaining("arch armv7m")
                .hasMessageContaining("'no-such-gcc'")
                .hasMessageContaining("gcc-arm-none-eabi");
    }

    @Test
    void failedCompileCarriesTheCompilerLinesAndLeavesNoObject() throws IOException {
        Path source = Files.writeString(work.resolve("bad.c"), "int f(void) { return undeclared; }\n");
        Path object = work.resolve("bad.o");

        assertThatThrownBy(() -> Toolchain.discover("x64", ToolchainSettings.DEFAULT)
                .compile(source, object, List.of(), List.of()))
                .isInstanceOfSatisfying(ToolchainException.class, e -> assertThat(e.diagnostics())
                        .anySatisfy(line -> assertThat(line).contains("bad.c:1").contains("undeclared")))
                .hasMessageContaining("compiling bad.c for x64 failed");
        assertThat(object).doesNotExist();
        try (java.util.stream.Stream<Path> left = Files.list(work)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("bad.c");
        }
    }

    @Test
    void bareMetalArchsFindTheirSupportLibraries() {
        assertThat(Toolchain.discover("armv6m", ToolchainSettings.DEFAULT).supportLibraries())
                .anySatisfy(lib -> assertThat(lib.toString()).endsWith("libgcc.a").contains("v6-m"))
                .anySatisfy(lib -> assertThat(lib.toString()).endsWith("libm.a"));
        assertThat(Toolchain.discover("rv32imc", ToolchainSettings.DEFAULT).supportLibraries())
                .anySatisfy(lib -> assertThat(lib.toString()).endsWith("libgcc.a").contains("rv32im"))
                .anySatisfy(lib -> assertThat(lib.toString()).endsWith("libc.a"));
    }
}
