package io.github.wasm2mpy.linker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiles small C snippets (or assembles RV32 assembly) into relocatable objects with the testbed's compilers (a
 * missing one fails).
 */
final class Compilers {
  private Compilers() {}

  /** The compiler command and flags natmods use for {@code arch} (as in dynruntime.mk), without -o/-c. */
  static List<String> command(String arch) {
    return switch (arch) {
      case "x64" -> List.of("gcc", "-fno-stack-protector");
      case "x86" -> List.of("gcc", "-m32", "-fno-stack-protector");
      case "armv6m" -> List.of("arm-none-eabi-gcc", "-mthumb", "-mcpu=cortex-m0");
      case "armv7m" -> List.of("arm-none-eabi-gcc", "-mthumb", "-mcpu=cortex-m3");
      case "rv32imc" -> List.of("riscv64-unknown-elf-gcc", "-march=rv32imac", "-mabi=ilp32", "-mno-relax");
      case "xtensa" -> List.of("xtensa-lx106-elf-gcc", "-mforce-l32");
      default -> throw new IllegalArgumentException(arch);
    };
  }

  static byte[] compile(String arch, String source, Path dir, String... extraFlags) throws IOException, InterruptedException {
    Path c = Files.createTempFile(dir, "snippet", ".c");
    Path o = dir.resolve(c.getFileName().toString().replace(".c", ".o"));
    List<String> cmd = new ArrayList<>(command(arch));
    cmd.addAll(List.of("-std=c99", "-Os", "-fpic", "-fno-common", "-U_FORTIFY_SOURCE"));
    cmd.addAll(List.of(extraFlags));
    cmd.addAll(List.of("-c", c.toString(), "-o", o.toString()));
    return run(cmd, c, source, o);
  }

  /**
   * Assembles RV32IMC source as written, with the assembler's default linker relaxation: every call and
   * {@code auipc} pair carries {@code R_RISCV_RELAX}, alignment {@code R_RISCV_ALIGN}.
   */
  static byte[] assembleRv32imc(String source, Path dir) throws IOException, InterruptedException {
    Path s = Files.createTempFile(dir, "snippet", ".s");
    Path o = dir.resolve(s.getFileName().toString().replace(".s", ".o"));
    return run(List.of("riscv64-unknown-elf-as", "-march=rv32imc", "-mabi=ilp32", s.toString(), "-o", o.toString()),
        s, source, o);
  }

  /** Writes {@code source} to {@code input}, runs {@code cmd} and returns the object it wrote to {@code o}. */
  private static byte[] run(List<String> cmd, Path input, String source, Path o) throws IOException, InterruptedException {
    Files.writeString(input, source);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("compile failed: " + String.join(" ", cmd) + "\n" + log);
    }
    return Files.readAllBytes(o);
  }
}
