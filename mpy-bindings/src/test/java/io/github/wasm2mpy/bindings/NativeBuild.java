package io.github.wasm2mpy.bindings;

import io.github.wasm2mpy.linker.MpyLinker;
import io.github.wasm2mpy.testbed.Testbed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test support: compiles C files for a natmod arch with the flags of MicroPython's {@code py/dynruntime.mk}
 * and links them with our linker ({@code mpy-linker}) or, for differential checks, MicroPython's mpy_ld.py.
 */
final class NativeBuild {
    private NativeBuild() {}

    /** Compiler, flags and libgcc needs of each arch the tests build for. */
    enum Arch {
        X64("x64", "gcc", List.of("-fno-stack-protector"), false),
        X86("x86", "gcc", List.of("-m32", "-fno-stack-protector"), true),
        ARMV7M("armv7m", "arm-none-eabi-gcc", List.of("-mthumb", "-mcpu=cortex-m3"), true),
        ARMV6M("armv6m", "arm-none-eabi-gcc", List.of("-mthumb", "-mcpu=cortex-m0"), true),
        ARMV7EMSP("armv7emsp", "arm-none-eabi-gcc",
                List.of("-mthumb", "-mcpu=cortex-m4", "-mfpu=fpv4-sp-d16", "-mfloat-abi=hard"), true),
        RV32IMC("rv32imc", "riscv64-unknown-elf-gcc", List.of("-march=rv32imac", "-mabi=ilp32", "-mno-relax"), true),
        /** ESP8266: no emulator here; compiled for the ABI layout check only. */
        XTENSA("xtensa", "xtensa-lx106-elf-gcc", List.of("-mforce-l32"), true);

        final String id;
        final String cc;
        final List<String> flags;
        final boolean needsLibgcc;

        Arch(String id, String cc, List<String> flags, boolean needsLibgcc) {
            this.id = id;
            this.cc = cc;
            this.flags = flags;
            this.needsLibgcc = needsLibgcc;
        }
    }

    /**
     * The arch's flags, plus picolibc's specs for RISC-V (as dynruntime.mk adds them: Debian's bare-metal RISC-V
     * gcc has no default C library).
     */
    static List<String> cflags(Arch arch, Path dir) throws IOException, InterruptedException {
        List<String> flags = new ArrayList<>(arch.flags);
        if (arch == Arch.RV32IMC) {
            String specs = run(List.of(arch.cc, "--print-file-name=picolibc.specs"), dir).strip();
            if (!specs.equals("picolibc.specs")) {
                flags.add("-specs=" + specs);
            }
        }
        return flags;
    }

    static Path compile(Arch arch, Path source, Path out) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(arch.cc, "-std=c99", "-Os", "-Wall", "-Werror", "-fpic",
                "-fno-common", "-U_FORTIFY_SOURCE"));
        cmd.addAll(cflags(arch, source.getParent()));
        cmd.addAll(List.of("-I", source.getParent().toString(), "-c", source.toString(), "-o", out.toString()));
        run(cmd, source.getParent());
        return out;
    }

    /** Links objects into a .mpy with MicroPython's mpy_ld.py. */
    static Path linkReference(Arch arch, Path qstrHeader, List<Path> objects, Path mpy)
            throws IOException, InterruptedException {
        Testbed tb = Testbed.get();
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", tb.referenceLinker().toString(), "--arch",
                arch.id, "--qstrs", qstrHeader.toString(), "-o", mpy.getFileName().toString()));
        if (arch.needsLibgcc) {
            cmd.add("-l");
            cmd.add(libgcc(arch, mpy.getParent()));
        }
        objects.forEach(o -> cmd.add(o.toAbsolutePath().toString()));
        run(cmd, mpy.getParent()); // run in the output directory so the .mpy records only its file name
        return mpy;
    }

    /** Links objects into a .mpy with our linker, pulling libgcc helpers where the arch needs them. */
    static Path link(Arch arch, Path qstrHeader, List<Path> objects, Path mpy) throws IOException, InterruptedException {
        MpyLinker.Builder linker = MpyLinker.builder()
                .arch(io.github.wasm2mpy.linker.Arch.valueOf(arch.name()))
                .qstrHeader(qstrHeader)
                .sourceName(mpy.getFileName().toString());
        objects.forEach(linker::addObject);
        if (arch.needsLibgcc) {
            linker.addLibrary(Path.of(libgcc(arch, mpy.getParent())));
        }
        linker.link(mpy);
        return mpy;
    }

    static String libgcc(Arch arch, Path dir) throws IOException, InterruptedException {
        List<String> print = new ArrayList<>(List.of(arch.cc));
        print.addAll(arch.flags);
        print.add("-print-libgcc-file-name");
        return run(print, dir).strip();
    }

    static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + text);
        }
        return text;
    }

    static void copyResource(String name, Path target) throws IOException {
        try (var in = NativeBuild.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + name);
            }
            Files.write(target, in.readAllBytes());
        }
    }
}
