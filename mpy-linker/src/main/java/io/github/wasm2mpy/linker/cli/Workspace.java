package io.github.wasm2mpy.linker.cli;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where a command runs: the directory its relative file names resolve against, and the permissions of the
 * files it creates. A command never consults the JVM's own working directory or umask, because in the link
 * server those belong to whichever client happened to start the server, not to the one being served.
 *
 * @param directory relative names resolve against it; the empty path means this process's working directory
 * @param newFilePermissions the mode of created files, or empty for this process's default (its umask)
 */
public record Workspace(Path directory, Optional<Set<PosixFilePermission>> newFilePermissions) {
  public Workspace {
    newFilePermissions = newFilePermissions.map(Set::copyOf);
  }

  /** This process's working directory and umask: what a one-shot {@code mpy-link} JVM uses. */
  public static Workspace ofThisProcess() {
    return new Workspace(Path.of(""), Optional.empty());
  }

  /** A client's absolute directory, creating files as {@code open(..., 0666)} does under the client's umask. */
  public static Workspace ofClient(Path directory, int umask) {
    if (!directory.isAbsolute()) {
      throw new IllegalArgumentException("working directory " + directory + " is not absolute");
    }
    return new Workspace(directory, Optional.of(permissions(0666 & ~umask)));
  }

  /** {@code name} as a path: absolute names stay, relative ones resolve against {@link #directory}. */
  public Path resolve(String name) {
    return directory.resolve(name);
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << (bits.length - 1 - i))) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }
}
