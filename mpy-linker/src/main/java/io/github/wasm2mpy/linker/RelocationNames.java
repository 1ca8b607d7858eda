package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.linker.elf.ElfFile;
import java.util.Map;

/** Names of relocation types for error messages (the ELF psABI spellings). */
final class RelocationNames {
  private static final Map<Integer, String> I386 = Map.of(0, "R_386_NONE", 1, "R_386_32", 2, "R_386_PC32", 3, "R_386_GOT32",
      4, "R_386_PLT32", 9, "R_386_GOTOFF", 10, "R_386_GOTPC", 43, "R_386_GOT32X");
  private static final Map<Integer, String> X86_64 = Map.of(1, "R_X86_64_64", 2, "R_X86_64_PC32", 4, "R_X86_64_PLT32",
      9, "R_X86_64_GOTPCREL", 10, "R_X86_64_32", 11, "R_X86_64_32S", 41, "R_X86_64_GOTPCRELX", 42, "R_X86_64_REX_GOTPCRELX");
  private static final Map<Integer, String> ARM = Map.of(2, "R_ARM_ABS32", 3, "R_ARM_REL32", 10, "R_ARM_THM_CALL",
      25, "R_ARM_BASE_PREL", 26, "R_ARM_GOT_BREL", 30, "R_ARM_THM_JUMP24", 47, "R_ARM_THM_MOVW_ABS_NC", 48, "R_ARM_THM_MOVT_ABS",
      102, "R_ARM_THM_JUMP11", 103, "R_ARM_THM_JUMP8");
  private static final Map<Integer, String> XTENSA = Map.of(1, "R_XTENSA_32", 6, "R_XTENSA_PLT", 11, "R_XTENSA_ASM_EXPAND",
      17, "R_XTENSA_DIFF8", 18, "R_XTENSA_DIFF16", 19, "R_XTENSA_DIFF32", 20, "R_XTENSA_SLOT0_OP", 59, "R_XTENSA_PDIFF32",
      62, "R_XTENSA_NDIFF32");
  private static final Map<Integer, String> RISCV = Map.ofEntries(Map.entry(1, "R_RISCV_32"), Map.entry(16, "R_RISCV_BRANCH"),
      Map.entry(17, "R_RISCV_JAL"), Map.entry(18, "R_RISCV_CALL"), Map.entry(19, "R_RISCV_CALL_PLT"), Map.entry(20, "R_RISCV_GOT_HI20"),
      Map.entry(22, "R_RISCV_TLS_GD_HI20"), Map.entry(23, "R_RISCV_PCREL_HI20"), Map.entry(24, "R_RISCV_PCREL_LO12_I"),
      Map.entry(25, "R_RISCV_PCREL_LO12_S"), Map.entry(26, "R_RISCV_HI20"), Map.entry(27, "R_RISCV_LO12_I"),
      Map.entry(28, "R_RISCV_LO12_S"), Map.entry(29, "R_RISCV_TPREL_HI20"), Map.entry(35, "R_RISCV_ADD32"),
      Map.entry(39, "R_RISCV_SUB32"), Map.entry(41, "R_RISCV_GOT32_PCREL"), Map.entry(43, "R_RISCV_ALIGN"),
      Map.entry(44, "R_RISCV_RVC_BRANCH"), Map.entry(45, "R_RISCV_RVC_JUMP"), Map.entry(51, "R_RISCV_RELAX"),
      Map.entry(57, "R_RISCV_32_PCREL"), Map.entry(60, "R_RISCV_SET_ULEB128"), Map.entry(61, "R_RISCV_SUB_ULEB128"));

  private RelocationNames() {}

  static String name(Arch arch, int type) {
    Map<Integer, String> names = switch (arch.elfMachine()) {
      case ElfFile.EM_386 -> I386;
      case ElfFile.EM_X86_64 -> X86_64;
      case ElfFile.EM_ARM -> ARM;
      case ElfFile.EM_XTENSA -> XTENSA;
      case ElfFile.EM_RISCV -> RISCV;
      default -> Map.of();
    };
    return names.getOrDefault(type, "type " + type) + (names.containsKey(type) ? "" : " (" + ElfFile.machineName(arch.elfMachine()) + ")");
  }
}
