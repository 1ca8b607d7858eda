package io.github.wasm2mpy.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one way wasm2mpy publishes a file: write a temporary beside the target (same directory, so the same file
 * system), then rename it over the target. A reader, a concurrent build of the same output or a later build after
 * a crash sees either the old file, the new file or no file, never half of one; on any failure the temporary is
 * removed and the target is left as it was.
 *
 * <p>It lives in the most upstream module that writes files ({@code c-runtime}), so every later stage (C
 * generator, bindings, linker, pipeline) can use it without a dependency against the data flow.
 */
public final class AtomicFiles {

    /** Fills the temporary file; whatever it throws aborts the publication. */
    @FunctionalInterface
    public interface Producer {
        void produce(Path temporary) throws IOException;
    }

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target} (creating its directory), with this process's default mode. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, Optional.empty());
    }

    /** Writes {@code text} as UTF-8 to {@code target} (creating its directory). */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code bytes} to {@code target}; with {@code mode} present the file has exactly that mode, and the
     * temporary has it from its creation on, so a secret is never readable by others even for a moment.
     */
    public static void write(Path target, byte[] bytes, Optional<Set<PosixFilePermission>> mode) throws IOException {
        publish(target, mode, temporary -> {
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
        });
    }

    /**
     * Lets {@code producer} fill an empty temporary beside {@code target} (for instance a compiler given it as
     * its {@code -o}), then moves it into place. If the producer throws, the target is untouched and the temporary
     * is gone.
     */
    public static void publish(Path target, Producer producer) throws IOException {
        publish(target, Optional.empty(), producer);
    }

    private static void publish(Path target, Optional<Set<PosixFilePermission>> mode, Producer producer)
            throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        try {
            Files.createDirectories(directory);
        } catch (FileAlreadyExistsException e) {
            // Java names only the path; say what is wrong with it, as the system does for a file deeper down
            throw new FileSystemException(e.getFile(), null, "Not a directory");
        }
        Path temporary = createTemporary(directory, absolute.getFileName().toString(), mode);
        try {
            producer.produce(temporary);
            if (mode.isPresent()) {
                // The creation mode went through the umask; this makes it exact.
                Files.setPosixFilePermissions(temporary, mode.get());
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                // Some file systems (a few network mounts) cannot rename atomically; a plain replace still never
                // exposes a partly written file under the target's name.
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Why a write failed, without the paths Java puts into most I/O messages (the temporary's name among them):
     * the caller names the file it meant to write, once.
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * A new empty hidden file beside the target, its name unique per process and call (and
     * per start of a process that reused a crashed one's pid), created with the
     * process's default mode (unlike {@link Files#createTempFile}, which makes it 0600) unless a mode is given.
     */
    private static Path createTemporary(Path directory, String name, Optional<Set<PosixFilePermission>> mode)
            throws IOException {
        Path temporary = directory.resolve("." + name + "." + ProcessHandle.current().pid() + "."
                + SEQUENCE.incrementAndGet() + "." + System.nanoTime() + ".tmp");
        if (mode.isPresent()) {
            return Files.createFile(temporary, PosixFilePermissions.asFileAttribute(mode.get()));
        }
        return Files.createFile(temporary);
    }
}
