package io.github.wasm2mpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkCommandTest {
    @TempDir
    Path dir;

    /** Assembles {@code source} for x64 with the host's gcc (the build's own x64 compiler). */
    private Path assemble(String name, String source) throws Exception {
        Path s = Files.writeString(dir.resolve(name + ".s"), source);
        Path o = dir.resolve(name + ".o");
        Process gcc = new ProcessBuilder("gcc", "-c", s.toString(), "-o", o.toString()).inheritIO().start();
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0).as("gcc assembled " + s).isTrue();
        return o;
    }

    @Test
    void anUnknownRelocationNamesObjectSectionOffsetAndSymbolAndWritesNothing() throws Exception {
        // R_X86_64_SIZE32: valid ELF, but nothing position-independent C compiles to, so the linker refuses it
        Path object = assemble("odd", "\t.text\n\t.globl mpy_init\nmpy_init:\n"
                + "\t.reloc ., R_X86_64_SIZE32, mpy_init\n\t.long 0\n\tret\n");
        Path mpy = dir.resolve("odd.mpy");
        CliRun run = CliRun.of("link", "--arch", "x64", "-o", mpy.toString(), object.toString());
        assertThat(run.exitCode()).isEqualTo(Main.FAILED);
        // on stdout after "LinkError: ", as mpy_ld.py prints it
        assertThat(run.out()).contains("LinkError: " + object
                + "(.text): unsupported relocation type 32 (EM_X86_64) at offset 0x0 (symbol mpy_init)")
                .doesNotContain("\tat ");
        assertThat(run.err()).doesNotContain("\tat ");
        assertThat(mpy).doesNotExist();
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void anOutputInsideAFileNamesItWithoutAStackTrace() throws Exception {
        Path object = assemble("ok", "\t.text\n\t.globl mpy_init\nmpy_init:\n\tret\n");
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file");
        CliRun run = CliRun.of("link", "--arch", "x64", "-o", blocker.resolve("ok.mpy").toString(), object.toString());
        assertThat(run.exitCode()).isEqualTo(Main.FAILED);
        assertThat(run.out()).contains("LinkError: " + blocker.resolve("ok.mpy") + ": cannot write: Not a directory")
                .doesNotContain("\tat ");
        assertThat(run.err()).doesNotContain("\tat ");
    }
}
