package io.github.wasm2mpy.linker.elf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An immutable view of a little-endian ELF32 or ELF64 relocatable object.
 *
 * @param source the name used in error messages (a path, or {@code lib.a(member.o)})
 * @param is64 true for ELFCLASS64
 * @param machine {@code e_machine}
 * @param sections every section, indexed by section header number
 * @param symbols the whole {@code .symtab}, indexed by symbol number (entry 0 is the null symbol)
 */
public record ElfFile(
    String source,
    boolean is64,
    int machine,
    int fileType,
    long flags,
    List<ElfSection> sections,
    List<ElfSymbol> symbols,
    List<ElfGroup> groups) {
  public static final int ET_REL = 1;

  public static final int EM_386 = 3;
  public static final int EM_ARM = 40;
  public static final int EM_X86_64 = 62;
  public static final int EM_XTENSA = 94;
  public static final int EM_RISCV = 243;

  public ElfFile {
    sections = List.copyOf(sections);
    symbols = List.copyOf(symbols);
    groups = List.copyOf(groups);
  }

  /** Parses {@code bytes}; any defect is reported as a {@link MalformedElfException} naming {@code source}. */
  public static ElfFile read(String source, byte[] bytes) {
    return new ElfReader(source, bytes).read();
  }

  public static ElfFile read(Path path) {
    try {
      return read(path.toString(), Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** True if {@code bytes} start with the ELF magic number. */
  public static boolean isElf(byte[] bytes) {
    return bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
  }

  public Optional<ElfSection> section(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public static String machineName(int machine) {
    return switch (machine) {
      case EM_386 -> "EM_386";
      case EM_ARM -> "EM_ARM";
      case EM_X86_64 -> "EM_X86_64";
      case EM_XTENSA -> "EM_XTENSA";
      case EM_RISCV -> "EM_RISCV";
      default -> "EM_" + machine;
    };
  }
}
