package io.github.wasm2mpy.linker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code ar} archives in GNU and BSD flavours for tests. */
final class ArchiveFixtures {
  private ArchiveFixtures() {}

  /** A GNU archive; names longer than 15 characters go to a "//" table. */
  static byte[] gnu(String[] names, byte[]... members) {
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    String[] headerNames = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      if (names[i].length() > 15) {
        headerNames[i] = "/" + table.size();
        table.writeBytes((names[i] + "/\n").getBytes(StandardCharsets.US_ASCII));
      } else {
        headerNames[i] = names[i] + "/";
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("!<arch>\n".getBytes(StandardCharsets.US_ASCII));
    if (table.size() > 0) {
      member(out, "//", table.toByteArray());
    }
    for (int i = 0; i < names.length; i++) {
      member(out, headerNames[i], members[i]);
    }
    return out.toByteArray();
  }

  /** A BSD archive: every name stored after the header as {@code #1/<length>}. */
  static byte[] bsd(String[] names, byte[]... members) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("!<arch>\n".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < names.length; i++) {
      byte[] name = names[i].getBytes(StandardCharsets.US_ASCII);
      byte[] data = new byte[name.length + members[i].length];
      System.arraycopy(name, 0, data, 0, name.length);
      System.arraycopy(members[i], 0, data, name.length, members[i].length);
      member(out, "#1/" + name.length, data);
    }
    return out.toByteArray();
  }

  static Path gnuArchive(Path path, String[] names, byte[]... members) throws IOException {
    return Files.write(path, gnu(names, members));
  }

  static void member(ByteArrayOutputStream out, String name, byte[] data) {
    String header = String.format("%-16s%-12s%-6s%-6s%-8s%-10s`\n", name, "0", "0", "0", "644", data.length);
    out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(data);
    if (data.length % 2 == 1) {
      out.write('\n');
    }
  }
}
