package io.github.wasm2mpy.linker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.linker.TestArchives;
import io.github.wasm2mpy.linker.ar.ArArchive;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveCacheTest {
  private final ArchiveCache cache = new ArchiveCache();
  private final AtomicInteger reads = new AtomicInteger();

  private Supplier<byte[]> reader(Path file) {
    return () -> {
      reads.incrementAndGet();
      try {
        return Files.readAllBytes(file);
      } catch (java.io.IOException e) {
        throw new UncheckedIOException(file.getFileName() + ": cannot read", e);
      }
    };
  }

  @Test
  void unchangedLibraryIsReadOnce(@TempDir Path dir) throws Exception {
    Path lib = Files.write(dir.resolve("libx.a"), TestArchives.gnu(new String[0]));
    ArArchive first = cache.get("libx.a", lib, reader(lib)).orElseThrow();
    ArArchive second = cache.get("libx.a", lib, reader(lib)).orElseThrow();
    assertThat(second).isSameAs(first);
    assertThat(reads).hasValue(1);
    assertThat(first.source()).isEqualTo("libx.a");
    // Another name for the same file keeps its own name in messages.
    assertThat(cache.get("other.a", lib, reader(lib)).orElseThrow().source()).isEqualTo("other.a");
  }

  @Test
  void rewrittenLibraryIsReadAgain(@TempDir Path dir) throws Exception {
    Path lib = Files.write(dir.resolve("libx.a"), TestArchives.gnu(new String[0]));
    ArArchive first = cache.get("libx.a", lib, reader(lib)).orElseThrow();
    Files.setLastModifiedTime(lib, FileTime.fromMillis(Files.getLastModifiedTime(lib).toMillis() + 2000));
    assertThat(cache.get("libx.a", lib, reader(lib)).orElseThrow()).isNotSameAs(first);
    assertThat(reads).hasValue(2);
  }

  @Test
  void linkerScriptsAndMissingFilesAreLeftToTheCaller(@TempDir Path dir) throws Exception {
    Path script = Files.writeString(dir.resolve("libc.so"), "GROUP ( libc.a )\n");
    assertThat(cache.get("libc.so", script, reader(script))).isEmpty();
    assertThat(cache.size()).isZero();
    assertThatThrownBy(() -> cache.get("gone.a", dir.resolve("gone.a"), reader(dir.resolve("gone.a"))))
        .isInstanceOf(UncheckedIOException.class).hasMessage("gone.a: cannot read");
  }
}
