package io.github.wasm2mpy.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesIntoMissingDirectoriesAndLeavesOnlyTheTarget() throws IOException {
        Path target = dir.resolve("a/b/out.mpy");
        AtomicFiles.write(target, new byte[] {'M', 6});
        assertThat(target).hasBinaryContent(new byte[] {'M', 6});
        assertThat(names(target.getParent())).containsExactly("out.mpy");
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path target = dir.resolve("app.pyi");
        Files.writeString(target, "old and longer than the new text");
        AtomicFiles.writeString(target, "new");
        assertThat(target).hasContent("new");
        assertThat(names(dir)).containsExactly("app.pyi");
    }

    @Test
    void anInterruptedWriteLeavesNoTargetAndNoTemporary() {
        Path target = dir.resolve("app.o");
        assertThatThrownBy(() -> AtomicFiles.publish(target, temporary -> {
            Files.writeString(temporary, "half of an obj");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(target).doesNotExist();
        assertThat(names(dir)).isEmpty();
    }

    @Test
    void anInterruptedWriteKeepsThePreviousFile() throws IOException {
        Path target = dir.resolve("app.o");
        Files.writeString(target, "previous");
        RuntimeException crash = new IllegalStateException("compiler crashed");
        assertThatThrownBy(() -> AtomicFiles.publish(target, temporary -> {
            Files.writeString(temporary, "half");
            throw crash;
        })).isSameAs(crash);
        assertThat(target).hasContent("previous");
        assertThat(names(dir)).containsExactly("app.o");
    }

    @Test
    void aFailedMoveRemovesTheTemporary() throws IOException {
        // A directory in the target's place cannot be replaced by a file: the move fails after the write.
        Path target = dir.resolve("out");
        Files.createDirectories(target.resolve("not-empty"));
        assertThatThrownBy(() -> AtomicFiles.write(target, new byte[] {1})).isInstanceOf(IOException.class);
        assertThat(names(dir)).containsExactly("out");
    }

    @Test
    void anUnusableDirectoryFailsBeforeAnythingIsWritten() throws IOException {
        // A file where the output directory should be fails for root too, unlike a read-only directory.
        Path blocker = Files.writeString(dir.resolve("out"), "a file");
        assertThatThrownBy(() -> AtomicFiles.writeString(blocker.resolve("x.mpy"), "x"))
                .isInstanceOf(IOException.class).hasMessage(blocker.toAbsolutePath() + ": Not a directory");
        assertThat(names(dir)).containsExactly("out");
    }

    @Test
    void theReasonLeavesOutThePathsJavaPutsInTheMessage() throws IOException {
        Path target = dir.resolve("out");
        Files.createDirectories(target.resolve("not-empty"));
        IOException moved = catchIo(() -> AtomicFiles.write(target, new byte[] {1}));
        assertThat(moved.getMessage()).contains(".tmp"); // Java names the temporary and the target
        assertThat(AtomicFiles.reason(moved)).isEqualTo("Is a directory");

        Path blocker = Files.writeString(dir.resolve("blocker"), "a file");
        assertThat(AtomicFiles.reason(catchIo(() -> AtomicFiles.writeString(blocker.resolve("x"), "x"))))
                .isEqualTo("Not a directory");
        assertThat(AtomicFiles.reason(catchIo(() -> Files.createDirectories(blocker)))).isEqualTo("File exists");
        assertThat(AtomicFiles.reason(catchIo(() -> Files.readAllBytes(dir.resolve("missing")))))
                .isEqualTo("No such file or directory");
        assertThat(AtomicFiles.reason(new IOException("disk on fire"))).isEqualTo("disk on fire");
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static IOException catchIo(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("no IOException");
    }

    @Test
    void aGivenModeIsExactAndTheDefaultFollowsTheUmask() throws IOException {
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
        Path secret = dir.resolve("state");
        AtomicFiles.write(secret, "s".getBytes(StandardCharsets.US_ASCII), Optional.of(owner));
        assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(owner);

        Path shared = dir.resolve("shared.mpy");
        AtomicFiles.write(shared, new byte[] {1});
        Path reference = Files.createFile(dir.resolve("reference"));
        assertThat(Files.getPosixFilePermissions(shared)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    private static List<String> names(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
