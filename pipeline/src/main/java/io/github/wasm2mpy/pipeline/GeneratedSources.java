package io.github.wasm2mpy.pipeline;

import io.github.wasm2mpy.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything generated for one module before compiling, the same for every arch: C files by name, which of them
 * to compile, the qstrs the glue uses in table order, and the {@code .pyi} stub.
 */
record GeneratedSources(Map<String, String> files, List<String> compileUnits, List<String> qstrs, String stub) {

    GeneratedSources {
        files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
        compileUnits = List.copyOf(compileUnits);
        qstrs = List.copyOf(qstrs);
    }

    /** Writes every file into {@code dir} (through temporary files) and returns the paths of the compile units. */
    List<Path> writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> file : files.entrySet()) {
            AtomicFiles.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        List<Path> units = new ArrayList<>();
        compileUnits.forEach(name -> units.add(dir.resolve(name)));
        return units;
    }

    /** A digest of every file and qstr, part of each arch's cache key. */
    String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.forEach((name, text) -> {
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(text.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            qstrs.forEach(q -> digest.update((q + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
