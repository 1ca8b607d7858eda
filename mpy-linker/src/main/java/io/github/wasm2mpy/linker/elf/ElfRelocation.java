package io.github.wasm2mpy.linker.elf;

/**
 * One REL or RELA entry. For REL entries {@code addend} is 0 and {@code explicitAddend} is false: the addend is
 * then whatever the patched field already holds.
 */
public record ElfRelocation(long offset, int type, int symbolIndex, long addend, boolean explicitAddend) {}
