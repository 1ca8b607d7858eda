package io.github.wasm2mpy.linker.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.wasm2mpy.linker.Arch;
import io.github.wasm2mpy.linker.LinkException;
import io.github.wasm2mpy.linker.MpyLinker;
import io.github.wasm2mpy.linker.ar.ArArchive;
import io.github.wasm2mpy.linker.ar.MalformedArchiveException;
import io.github.wasm2mpy.linker.elf.ElfFile;
import io.github.wasm2mpy.linker.elf.MalformedElfException;

/**
 * Any bytes given to the readers (and the linker behind them) end in a result or in one of our exceptions, never
 * in an {@code ArrayIndexOutOfBoundsException}, {@code NegativeArraySizeException} or out-of-memory. In a
 * normal build the committed corpus under {@code src/test/resources/.../ReadersFuzzTestInputs} is replayed;
 * {@code JAZZER_FUZZ=1 ./mvnw -pl mpy-linker test -Dtest=ReadersFuzzTest} fuzzes for real.
 */
class ReadersFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void elfReader(byte[] data) {
    try {
      ElfFile.read("fuzz.o", data);
    } catch (MalformedElfException expected) {
      // the only acceptable failure
    }
  }

  @FuzzTest(maxDuration = "30s")
  void arReader(byte[] data) {
    try {
      ArArchive.read("fuzz.a", data);
    } catch (MalformedArchiveException expected) {
      // the only acceptable failure
    }
  }

  @FuzzTest(maxDuration = "30s")
  void linker(byte[] data) {
    for (Arch arch : new Arch[] {Arch.X64, Arch.ARMV7M, Arch.XTENSAWIN}) {
      try {
        MpyLinker.builder().arch(arch).addObject("fuzz.o", data).link();
      } catch (MalformedElfException | LinkException expected) {
        // the only acceptable failures
      }
    }
  }
}
