package io.github.wasm2mpy.runtime;

import io.github.wasm2mpy.files.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The C runtime that generated modules include, packaged as resources of this jar.
 *
 * <p>{@link #MODULE_FILES} are what every generated module needs (headers only: everything in them is a type,
 * a hook declaration or a static inline helper, so nothing is linked that a module does not use).
 * {@link #HOST_DEFAULT_FILES} implement the hooks with {@code longjmp} and the C heap, for programs outside
 * MicroPython such as tests and benchmarks; the MicroPython glue brings its own.
 */
public final class CRuntime {
    /** Headers included by generated code. */
    public static final List<String> MODULE_FILES = List.of("w2m_rt.h", "w2m_int.h", "w2m_float.h");

    /** A default implementation of the host hooks ({@code w2m_trap}, {@code w2m_mem_realloc}). */
    public static final List<String> HOST_DEFAULT_FILES = List.of("w2m_host_default.h", "w2m_host_default.c");

    private CRuntime() {}

    /** All runtime files, in a stable order. */
    public static List<String> allFiles() {
        List<String> all = new ArrayList<>(MODULE_FILES);
        all.addAll(HOST_DEFAULT_FILES);
        return List.copyOf(all);
    }

    /** The text of one runtime file. */
    public static String read(String name) {
        try (InputStream in = CRuntime.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no runtime file named " + name + "; known: " + allFiles());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read runtime resource " + name, e);
        }
    }

    /**
     * Writes the named runtime files into {@code dir} (created if missing), each through a temporary file and
     * a move so a reader never sees half a file. Returns the written paths.
     */
    public static List<Path> writeTo(Path dir, List<String> names) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (String name : names) {
            Path target = dir.resolve(name);
            AtomicFiles.writeString(target, read(name));
            written.add(target);
        }
        return List.copyOf(written);
    }
}
