package io.github.wasm2mpy.bindings;

import io.github.wasm2mpy.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The generated bindings.
 *
 * @param files file name to text: the glue C file (the only one to compile), the qstr header, the ABI and
 *     host headers it includes, and the {@code .pyi} stub; sorted by name
 * @param glueSource the name of the C file to compile, among {@code files}
 * @param qstrHeader the name of the qstr header (pass it to {@code mpy_ld.py --qstrs} or our linker)
 * @param qstrs the qstrs the glue uses, in table order (index 1 is the first)
 * @param pyi the stub's text
 */
public record GeneratedGlue(Map<String, String> files, String glueSource, String qstrHeader, List<String> qstrs,
        String pyi) {

    public GeneratedGlue {
        files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
        qstrs = List.copyOf(qstrs);
    }

    /** Writes every file into {@code dir} (created if missing), each through a temporary file and a move. */
    public List<Path> writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path target = dir.resolve(e.getKey());
            AtomicFiles.writeString(target, e.getValue());
            written.add(target);
        }
        return List.copyOf(written);
    }
}
