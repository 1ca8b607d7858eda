package io.github.wasm2mpy.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestbedTest {

    private final Testbed testbed = Testbed.get();

    @Test
    void locatesTheProvisionedTools() {
        assertThat(testbed.home()).isAbsolute().isDirectory();
        assertThat(testbed.micropythonSource().resolve("py/dynruntime.mk")).isRegularFile();
        assertThat(testbed.mpyCross()).isExecutable();
        assertThat(testbed.referenceLinker()).hasFileName("mpy_ld.py").isRegularFile();
        assertThat(testbed.repoRoot().resolve("pom.xml")).isRegularFile();
        assertThat(testbed.mpyRunScript()).isExecutable();
        assertThat(Testbed.get()).isSameAs(testbed);
    }

    @Test
    void runsTheArmv7emBoardsThatAreNotTargetArchValues() {
        // sys.implementation._mpy >> 10 is the native arch the firmware's loader accepts up to (armv7em = 6,
        // armv7emdp = 8); 1/3 shows the float width the natmods of that arch must be built for.
        String code = "import sys; print(sys.implementation._mpy >> 10, 1/3)";
        RunResult em = testbed.mpyRun("armv7em").code(code);
        assertThat(em.ok()).as(em.output()).isTrue();
        assertThat(em.output()).isEqualTo("6 0.3333333\n");
        RunResult emdp = testbed.mpyRun("armv7emdp").code(code);
        assertThat(emdp.ok()).as(emdp.output()).isTrue();
        assertThat(emdp.output()).isEqualTo("8 0.3333333333333333\n");
        assertThat(testbed.mpyRun("armv9").code("print(1)").status()).isEqualTo(Status.RUNNER_ERROR);
    }

    @Test
    void buildsANatmodOutsideTheSourceTree(@TempDir Path out) throws Exception {
        Path source = testbed.micropythonSource().resolve("examples/natmod/features0");
        Path mpy = testbed.buildNatmod(source, "armv7m", out, Map.of());
        assertThat(mpy).isEqualTo(out.resolve("features0.mpy"));
        byte[] header = Files.readAllBytes(mpy);
        // 'M', version 6, (arch armv7m = 5) << 2 | sub-version 3, 31 bits in a small int
        assertThat(header).startsWith('M', 6, (5 << 2) | 3, 31);
        assertThat(source.resolve("features0.mpy")).doesNotExist();
        assertThat(source.resolve("build")).doesNotExist();
    }

    @Test
    void buildsForArchsWithoutAnEmulatorToo(@TempDir Path out) throws Exception {
        Path mpy = testbed.buildNatmod(testbed.micropythonSource().resolve("examples/natmod/features0"),
                "armv7emsp", out, Map.of());
        assertThat(Files.readAllBytes(mpy)).startsWith('M', 6, (7 << 2) | 3, 31);
    }

    @Test
    void linkerFailuresAreReportedWithTheLinkerMessage(@TempDir Path out) {
        // A known problem of the reference linker (see the testbed notes): Debian's xtensa-lx106 gcc 12 puts
        // qstr_table + offset into literal pools, which mpy_ld.py does not handle.
        assertThatThrownBy(() -> testbed.buildNatmod(
                testbed.micropythonSource().resolve("examples/natmod/features0"), "xtensa", out, Map.of()))
                .isInstanceOf(TestbedException.class)
                .hasMessageContaining("for xtensa failed")
                .hasMessageContaining("AssertionError: ('mp_native_qstr_table+0x2'");
    }

    @Test
    void makeVarsOverrideTheDefaults(@TempDir Path out) {
        // A linker that does not exist shows that MPY_LD reaches make and that its failure is reported.
        assertThatThrownBy(() -> testbed.buildNatmod(testbed.micropythonSource().resolve("examples/natmod/features0"),
                "x64", out, Map.of("MPY_LD", "/no/such/linker")))
                .isInstanceOf(TestbedException.class)
                .hasMessageContaining("for x64 failed")
                .hasMessageContaining("/no/such/linker");
    }

    @Test
    void compileErrorsAreReportedWithTheCompilerLine(@TempDir Path dir) throws Exception {
        Path source = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(source.resolve("Makefile"),
                "MOD = broken\nSRC = broken.c\nARCH = x64\ninclude $(MPY_DIR)/py/dynruntime.mk\n");
        Files.writeString(source.resolve("broken.c"), "#include \"py/dynruntime.h\"\nint f(void) { return nope; }\n");
        assertThatThrownBy(() -> testbed.buildNatmod(source, "rv32imc", dir.resolve("out"), Map.of()))
                .isInstanceOf(TestbedException.class)
                .hasMessageContaining("broken.c:2")
                .hasMessageContaining("'nope' undeclared");
        assertThat(dir.resolve("out/broken.mpy")).doesNotExist();
    }

    @Test
    void aDirectoryWithoutMakefileIsRejected(@TempDir Path dir) {
        assertThatThrownBy(() -> testbed.buildNatmod(dir, "x64", dir.resolve("out"), Map.of()))
                .isInstanceOf(TestbedException.class)
                .hasMessage(dir + ": no natmod Makefile");
    }

    @Test
    void aMakefileWithoutModNeedsItInMakeVars(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Makefile"), "SRC = x.c\n");
        assertThatThrownBy(() -> testbed.buildNatmod(dir, "x64", dir.resolve("out"), Map.of()))
                .isInstanceOf(TestbedException.class)
                .hasMessageContaining("no 'MOD = name' line");
    }
}
