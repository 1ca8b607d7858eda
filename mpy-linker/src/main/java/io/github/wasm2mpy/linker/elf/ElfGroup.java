package io.github.wasm2mpy.linker.elf;

import java.util.List;

/** A section group ({@code SHT_GROUP}); COMDAT groups carry {@code GRP_COMDAT} in {@code flags}. */
public record ElfGroup(String signature, int flags, List<Integer> sectionIndices) {
  public static final int GRP_COMDAT = 1;

  public ElfGroup {
    sectionIndices = List.copyOf(sectionIndices);
  }

  public boolean isComdat() {
    return (flags & GRP_COMDAT) != 0;
  }
}
