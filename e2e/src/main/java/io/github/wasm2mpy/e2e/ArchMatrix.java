package io.github.wasm2mpy.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The results of one matrix run, app × arch, in the order they were produced: the content of
 * {@code target/matrix/matrix.json}.
 */
public record ArchMatrix(List<MatrixCell> cells) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ArchMatrix {
        cells = List.copyOf(cells);
    }

    /** The apps, in the order of their first cell. */
    public List<String> apps() {
        return List.copyOf(cells.stream().map(MatrixCell::app).collect(
                Collectors.toCollection(LinkedHashSet::new)));
    }

    /** The archs, in the order of their first cell. */
    public List<String> archs() {
        return List.copyOf(cells.stream().map(MatrixCell::arch).collect(
                Collectors.toCollection(LinkedHashSet::new)));
    }

    public Optional<MatrixCell> cell(String app, String arch) {
        return cells.stream().filter(c -> c.app().equals(app) && c.arch().equals(arch)).findFirst();
    }

    /** Writes the JSON through a temporary file, so a reader never sees half of it. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static ArchMatrix read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), ArchMatrix.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": not a matrix result file: " + e.getOriginalMessage(), e);
        }
    }
}
