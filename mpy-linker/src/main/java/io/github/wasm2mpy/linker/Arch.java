package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.linker.elf.ElfFile;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The native architectures a {@code .mpy} file can target, with the facts the linker needs about each: ELF
 * machine, the arch code in the {@code .mpy} header, word size, whether rodata travels apart from text, which
 * relocation types are routed through the GOT, how the entry jump is encoded and who applies relocations.
 */
public enum Arch {
  X86("x86", 1, ElfFile.EM_386, 4, false, Set.of(2, 3, 43), JumpEncoding::x86, X86Relocator::new),
  X64("x64", 2, ElfFile.EM_X86_64, 8, false, Set.of(9, 42), JumpEncoding::x86, X64Relocator::new),
  ARMV6M("armv6m", 4, ElfFile.EM_ARM, 4, false, Set.of(26), JumpEncoding::thumb, ThumbRelocator::new),
  ARMV7M("armv7m", 5, ElfFile.EM_ARM, 4, false, Set.of(26), JumpEncoding::thumb2, ThumbRelocator::new),
  ARMV7EM("armv7em", 6, ElfFile.EM_ARM, 4, false, Set.of(26), JumpEncoding::thumb2, ThumbRelocator::new),
  ARMV7EMSP("armv7emsp", 7, ElfFile.EM_ARM, 4, false, Set.of(26), JumpEncoding::thumb2, ThumbRelocator::new),
  ARMV7EMDP("armv7emdp", 8, ElfFile.EM_ARM, 4, false, Set.of(26), JumpEncoding::thumb2, ThumbRelocator::new),
  XTENSA("xtensa", 9, ElfFile.EM_XTENSA, 4, false, Set.of(1, 6), JumpEncoding::xtensa, XtensaRelocator::new),
  XTENSAWIN("xtensawin", 10, ElfFile.EM_XTENSA, 4, true, Set.of(1, 6), JumpEncoding::xtensa, XtensaRelocator::new),
  RV32IMC("rv32imc", 11, ElfFile.EM_RISCV, 4, false, Set.of(1, 20, 41), JumpEncoding::rv32, RiscvRelocator::new);

  private final String id;
  private final int mpyCode;
  private final int elfMachine;
  private final int wordSize;
  private final boolean separateRodata;
  private final Set<Integer> gotRelocationTypes;
  private final LongFunction<byte[]> jump;
  private final Supplier<Relocator> relocator;

  Arch(String id, int mpyCode, int elfMachine, int wordSize, boolean separateRodata, Set<Integer> gotRelocationTypes,
      LongFunction<byte[]> jump, Supplier<Relocator> relocator) {
    this.id = id;
    this.mpyCode = mpyCode;
    this.elfMachine = elfMachine;
    this.wordSize = wordSize;
    this.separateRodata = separateRodata;
    this.gotRelocationTypes = gotRelocationTypes;
    this.jump = jump;
    this.relocator = relocator;
  }

  /** The name used by {@code mpy_ld.py --arch} and {@code dynruntime.mk ARCH=}. */
  public String id() {
    return id;
  }

  /** {@code MP_NATIVE_ARCH_*}: stored as {@code arch << 2} in the third header byte. */
  public int mpyCode() {
    return mpyCode;
  }

  public int elfMachine() {
    return elfMachine;
  }

  public int wordSize() {
    return wordSize;
  }

  /** True where the loader keeps rodata in its own RAM block (xtensawin: text lives in IRAM). */
  public boolean separateRodata() {
    return separateRodata;
  }

  /** Relocation types whose global target symbol gets a GOT slot (the same set as the reference linker). */
  boolean usesGot(int relocationType) {
    return gotRelocationTypes.contains(relocationType);
  }

  boolean isXtensa() {
    return elfMachine == ElfFile.EM_XTENSA;
  }

  /** The jump to {@code entry} placed at offset 0 of text; its length never depends on {@code entry}. */
  byte[] entryJump(long entry) {
    return jump.apply(entry);
  }

  Relocator newRelocator() {
    return relocator.get();
  }

  public static Optional<Arch> byId(String id) {
    String wanted = id.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(a -> a.id.equals(wanted)).findFirst();
  }
}
