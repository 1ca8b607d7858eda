package io.github.wasm2mpy.linker.cli;

import io.github.wasm2mpy.linker.ar.ArArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Parsed static libraries kept between links, for the link server: with {@code LINK_RUNTIME=1} every module of a
 * build names the same libgcc and libm (about 11 MB for Cortex-M), and reading and parsing them again would cost
 * more than the rest of the link. An entry is reused only while the file's size, modification time and file key
 * (device and inode) are unchanged.
 */
final class ArchiveCache {
  private static final int KEPT = 8;

  private record Identity(long size, FileTime modified, Object fileKey) {}

  private record Entry(Identity identity, ArArchive archive) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > KEPT;
    }
  };

  /**
   * The archive at {@code file}, named {@code name} in messages; empty when the file is not an archive (a linker
   * script, which the caller resolves itself). {@code bytes} reads the file when the cache cannot answer.
   */
  Optional<ArArchive> get(String name, Path file, Supplier<byte[]> bytes) {
    Identity id;
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      id = new Identity(a.size(), a.lastModifiedTime(), a.fileKey());
    } catch (IOException e) {
      id = null; // let the read report it, in the caller's words
    }
    String key = name + "\0" + file.toAbsolutePath();
    synchronized (entries) {
      Entry e = entries.get(key);
      if (e != null && id != null && id.fileKey() != null && e.identity.equals(id)) {
        return Optional.of(e.archive);
      }
    }
    byte[] data = bytes.get();
    if (!ArArchive.isArchive(data)) {
      return Optional.empty();
    }
    ArArchive archive = ArArchive.read(name, data);
    if (id != null && data.length == id.size()) { // not rewritten while we read it
      synchronized (entries) {
        entries.put(key, new Entry(id, archive));
      }
    }
    return Optional.of(archive);
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  /** The cache of this JVM: one per link server, shared by its requests. */
  static ArchiveCache shared() {
    return SHARED;
  }

  private static final ArchiveCache SHARED = new ArchiveCache();
}
