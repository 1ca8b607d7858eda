package io.github.wasm2mpy.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** How runs end on every arch, seen through the Java API: ok, exception, fault, timeout, heap limit. */
class MpyRunTest {

    private static Testbed testbed;

    @BeforeAll
    static void provisioned() {
        testbed = Testbed.get();
    }

    @TestFactory
    Stream<DynamicTest> outcomesOnEveryArch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (TargetArch arch : TargetArch.values()) {
            tests.add(DynamicTest.dynamicTest("print on " + arch.id(), () -> {
                RunResult r = testbed.mpyRun(arch).code("print('hello', 6 * 7)\nprint('second line')");
                assertThat(r.ok()).as(arch.id() + ": " + r.output()).isTrue();
                assertThat(r.exitCode()).isZero();
                assertThat(r.output()).isEqualTo("hello 42\nsecond line\n");
            }));
            tests.add(DynamicTest.dynamicTest("uncaught exception on " + arch.id(), () -> {
                RunResult r = testbed.mpyRun(arch).code("print('before')\nraise ValueError('boom')");
                assertThat(r.status()).as(arch.id() + ": " + r.output()).isEqualTo(Status.PYTHON_EXCEPTION);
                assertThat(r.exitCode()).isEqualTo(1);
                assertThat(r.output()).startsWith("before\n").contains("Traceback").contains("ValueError: boom");
            }));
            tests.add(DynamicTest.dynamicTest("natmod store to an invalid address on " + arch.id(), () -> {
                Path dir = testbed.buildNatmod(pokeSource(), arch.id(),
                        Path.of("target/natmods-poke").toAbsolutePath().resolve(arch.id()), Map.of()).getParent();
                RunResult r = testbed.mpyRun(arch).modules(dir).timeout(Duration.ofSeconds(20))
                        .code("import poke\nprint('poking')\npoke.poke(" + invalidAddress(arch) + ")\nprint('survived')");
                assertThat(r.status()).as(arch.id() + ": " + r.output()).isEqualTo(Status.CPU_FAULT);
                assertThat(r.exitCode()).isEqualTo(3);
                assertThat(r.output()).startsWith("poking\n").doesNotContain("survived");
            }));
        }
        for (TargetArch arch : List.of(TargetArch.X64, TargetArch.ARMV7M, TargetArch.RV32IMC)) {
            tests.add(DynamicTest.dynamicTest("infinite loop with a 2 s timeout on " + arch.id(), () -> {
                long start = System.nanoTime();
                RunResult r = testbed.mpyRun(arch).timeout(Duration.ofSeconds(2)).code("print('looping')\nwhile True:\n    pass");
                long seconds = (System.nanoTime() - start) / 1_000_000_000L;
                assertThat(r.status()).as(arch.id() + ": " + r.output()).isEqualTo(Status.TIMEOUT);
                assertThat(r.exitCode()).isEqualTo(124);
                assertThat(r.output()).startsWith("looping\n");
                assertThat(seconds).isBetween(2L, 15L);
            }));
            tests.add(DynamicTest.dynamicTest("a 24k heap refuses a 40000-byte object on " + arch.id(), () -> {
                String program = "import gc\nb = bytearray(8000)\nprint(len(b))\nb = bytearray(40000)";
                RunResult small = testbed.mpyRun(arch).heap("24k").code(program);
                assertThat(small.status()).as(arch.id() + ": " + small.output()).isEqualTo(Status.PYTHON_EXCEPTION);
                assertThat(small.output()).startsWith("8000\n").contains("MemoryError");
                RunResult big = testbed.mpyRun(arch).heap("256k").code(program);
                assertThat(big.ok()).as(arch.id() + ": " + big.output()).isTrue();
            }));
        }
        return tests.stream();
    }

    @Test
    void boardMemoryWriteToAnUnmappedAddressIsACpuFault() {
        RunResult r = testbed.mpyRun(TargetArch.ARMV7M).code("import machine\nmachine.mem32[0x7ffffff0] = 1");
        assertThat(r.status()).as(r.output()).isEqualTo(Status.CPU_FAULT);
        assertThat(r.output()).contains("HardFault");
    }

    @Test
    void aFaultInTheFaultHandlerLocksUpTheCpuAndIsACpuFault() {
        // With the vector table moved to unmapped memory, the BusFault cannot be taken: QEMU stops with a lockup.
        RunResult r = testbed.mpyRun(TargetArch.ARMV7M).code(
                "import machine\nprint('x')\nmachine.mem32[0xE000ED08] = 0x30000000\nmachine.mem32[0x7ffffff0] = 1");
        assertThat(r.status()).as(r.output()).isEqualTo(Status.CPU_FAULT);
        assertThat(r.output()).startsWith("x\n").contains("Lockup");
    }

    @Test
    void boardsHaveATimeModuleBackedByAHardwareCounter() {
        String program = "import time\nt = time.ticks_ms()\ntime.sleep_ms(150)\nd = time.ticks_diff(time.ticks_ms(), t)\n"
                + "print(140 <= d < 1000, time.ticks_add(time.ticks_ms(), 5) != 0)";
        for (TargetArch arch : List.of(TargetArch.ARMV7M, TargetArch.ARMV7EMSP, TargetArch.RV32IMC, TargetArch.X64)) {
            RunResult r = testbed.mpyRun(arch).code(program);
            assertThat(r.output()).as(arch.id()).isEqualTo("True True\n");
        }
    }

    @Test
    void runsAFileAndImportsModulesAndPackagesFromTheModuleDirectory(@TempDir Path dir) throws Exception {
        Path mods = Files.createDirectories(dir.resolve("mods"));
        Files.writeString(mods.resolve("helper.py"), "def greet(n):\n    return 'hi ' + n\n");
        Path pkg = Files.createDirectories(mods.resolve("pkg/sub"));
        Files.writeString(pkg.resolve("../__init__.py"), "NAME = 'pkg'\n");
        Files.writeString(pkg.resolve("__init__.py"), "");
        Files.writeString(pkg.resolve("leaf.py"), "VALUE = 7\n");
        Path main = Files.writeString(dir.resolve("main.py"),
                "import helper, pkg\nfrom pkg.sub import leaf\nprint(helper.greet('board'), pkg.NAME, leaf.VALUE)\n");
        for (TargetArch arch : List.of(TargetArch.X86, TargetArch.ARMV6M, TargetArch.RV32IMC)) {
            RunResult r = testbed.mpyRun(arch).modules(mods).file(main);
            assertThat(r.output()).as(arch.id()).isEqualTo("hi board pkg 7\n");
        }
    }

    @Test
    void sysExitGivesTheSameStatusEverywhere() {
        for (TargetArch arch : List.of(TargetArch.X64, TargetArch.ARMV7M, TargetArch.RV32IMC)) {
            RunResult zero = testbed.mpyRun(arch).code("import sys\nprint('bye')\nsys.exit(0)\nprint('not here')");
            assertThat(zero.status()).as(arch.id()).isEqualTo(Status.OK);
            assertThat(zero.output()).as(arch.id()).isEqualTo("bye\n");
            RunResult three = testbed.mpyRun(arch).code("import sys\nsys.exit(3)");
            assertThat(three.status()).as(arch.id()).isEqualTo(Status.PYTHON_EXCEPTION);
        }
    }

    @Test
    void tracebacksReadTheSameOnTheBoardsAsOnTheUnixPort() {
        String program = "def f():\n    raise KeyError('k')\nf()";
        String unix = testbed.mpyRun(TargetArch.X64).code(program).output();
        assertThat(unix).contains("line 3, in <module>").contains("line 2, in f");
        assertThat(testbed.mpyRun(TargetArch.ARMV6M).code(program).output()).isEqualTo(unix);
    }

    @Test
    void largeModuleFilesLoadQuickly(@TempDir Path dir) throws Exception {
        // 600 kB: too much to paste over the emulated UART in reasonable time, and more than a small heap.
        Files.writeString(dir.resolve("big.py"), "SIZE = 600000\n# " + "x".repeat(600_000) + "\n");
        for (TargetArch arch : List.of(TargetArch.ARMV7M, TargetArch.RV32IMC)) {
            RunResult r = testbed.mpyRun(arch).modules(dir).timeout(Duration.ofSeconds(30))
                    .code("import os, big\nprint(big.SIZE, os.stat('/mods/big.py')[6])");
            assertThat(r.output()).as(arch.id()).isEqualTo("600000 600017\n");
        }
    }

    @Test
    void aMissingProgramFileIsRejectedBeforeRunning(@TempDir Path dir) {
        assertThatThrownBy(() -> testbed.mpyRun(TargetArch.X64).file(dir.resolve("absent.py")))
                .isInstanceOf(TestbedException.class).hasMessageContaining("absent.py");
    }

    @Test
    void aMissingModuleDirectoryIsARunnerError(@TempDir Path dir) {
        RunResult r = testbed.mpyRun(TargetArch.ARMV7M).modules(dir.resolve("nowhere")).code("print(1)");
        assertThat(r.status()).isEqualTo(Status.RUNNER_ERROR);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output()).contains("nowhere").contains("does not exist");
    }

    @Test
    void timeoutMustBePositive() {
        assertThatThrownBy(() -> testbed.mpyRun(TargetArch.X64).timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Path pokeSource() throws Exception {
        Path source = Path.of(MpyRunTest.class.getResource("/natmod/poke/Makefile").toURI()).getParent();
        assertThat(source.resolve("poke.c")).isRegularFile();
        return source;
    }

    /** An address whose store faults: the null page on the unix port, unmapped space on the boards. */
    private static String invalidAddress(TargetArch arch) {
        return switch (arch) {
            case X64, X86 -> "8";
            case ARMV7M, ARMV6M, ARMV7EMSP -> "0x7ffffff0";
            case RV32IMC -> "0";
        };
    }
}
