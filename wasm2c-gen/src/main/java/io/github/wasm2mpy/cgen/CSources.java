package io.github.wasm2mpy.cgen;

import io.github.wasm2mpy.files.AtomicFiles;
import io.github.wasm2mpy.runtime.CRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The C of one module: {@code <prefix>.h} (instance struct, exports, imports) and {@code <prefix>.c}, plus the
 * names of the runtime headers it includes.
 *
 * @param lazyMemory whether the module's own memory 0 is committed lazily (its header defines
 *     {@code W2M_MEM0_LAZY}): its bytes are a prefix and chunks, not one block, which hosts that show the memory
 *     to users must know
 */
public record CSources(String headerName, String header, String sourceName, String source, List<String> runtimeFiles,
        boolean lazyMemory) {
    public CSources {
        runtimeFiles = List.copyOf(runtimeFiles);
    }

    /**
     * Writes the module's files and the runtime headers into {@code dir}; each file goes through a temporary
     * file and a move. Returns the paths of the module's header and source.
     */
    public List<Path> writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        CRuntime.writeTo(dir, runtimeFiles);
        List<Path> out = new ArrayList<>();
        for (String[] f : new String[][] {{headerName, header}, {sourceName, source}}) {
            Path target = dir.resolve(f[0]);
            AtomicFiles.writeString(target, f[1]);
            out.add(target);
        }
        return List.copyOf(out);
    }
}
