package io.github.wasm2mpy.pipeline;

import io.github.wasm2mpy.linker.elf.ElfFile;
import io.github.wasm2mpy.linker.elf.ElfSection;
import io.github.wasm2mpy.linker.elf.MalformedElfException;
import java.nio.file.Path;

/** How much of a relocatable object would reach a board: what compiling a C file two ways is judged by. */
final class ObjectSize {
    private ObjectSize() {
    }

    /**
     * The bytes of the object's allocated sections with contents (code, read-only and initialised data); not
     * {@code .bss}, which takes RAM but no room in the {@code .mpy}.
     */
    static long allocatedBytes(Path object) {
        try {
            return ElfFile.read(object).sections().stream()
                    .filter(s -> s.type() != ElfSection.SHT_NOBITS && (s.flags() & ElfSection.SHF_ALLOC) != 0)
                    .mapToLong(ElfSection::size).sum();
        } catch (MalformedElfException e) {
            throw new PipelineException("the compiler wrote an object the linker cannot read: " + e.getMessage(), e);
        }
    }
}
