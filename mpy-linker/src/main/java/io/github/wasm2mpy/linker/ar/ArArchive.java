package io.github.wasm2mpy.linker.ar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Unix {@code ar} archive (static library) in GNU or BSD flavour. The archive's own symbol index is skipped:
 * the linker reads each member's symbol table itself, which is always right even for stale indexes.
 */
public record ArArchive(String source, List<ArMember> members) {
  private static final byte[] MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] THIN_MAGIC = "!<thin>\n".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_SIZE = 60;

  public ArArchive {
    members = List.copyOf(members);
  }

  public static boolean isArchive(byte[] bytes) {
    return startsWith(bytes, MAGIC) || startsWith(bytes, THIN_MAGIC);
  }

  public static ArArchive read(Path path) {
    try {
      return read(path.toString(), Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": cannot read: " + e.getMessage(), e);
    }
  }

  public static ArArchive read(String source, byte[] bytes) {
    if (startsWith(bytes, THIN_MAGIC)) {
      throw new MalformedArchiveException(source, "archive header", 0, "thin archives (members stored outside the archive) are not supported");
    }
    if (!startsWith(bytes, MAGIC)) {
      throw new MalformedArchiveException(source, "archive header", 0, "not an ar archive (bad magic, expected \"!<arch>\")");
    }
    List<ArMember> members = new ArrayList<>();
    byte[] longNames = null;
    long at = MAGIC.length;
    while (at < bytes.length) {
      if (bytes.length - at == 1 && bytes[(int) at] == '\n') {
        break; // padding after the last odd-sized member
      }
      if (bytes.length - at < HEADER_SIZE) {
        throw new MalformedArchiveException(source, "member header", at, "truncated header (" + (bytes.length - at) + " of 60 bytes)");
      }
      int h = (int) at;
      if (bytes[h + 58] != '`' || bytes[h + 59] != '\n') {
        throw new MalformedArchiveException(source, "member header", at, "bad header terminator (expected \"`\\n\")");
      }
      String rawName = ascii(bytes, h, 16).stripTrailing();
      long size = decimal(source, bytes, h + 48, 10, at);
      long dataStart = at + HEADER_SIZE;
      if (size > bytes.length - dataStart) {
        throw new MalformedArchiveException(source, "member " + rawName, at, "size " + size + " extends past end of archive (" + bytes.length + " bytes)");
      }
      int start = (int) dataStart;
      int length = (int) size;
      String name;
      if (rawName.equals("/") || rawName.equals("/SYM64/") || rawName.startsWith("__.SYMDEF")) {
        name = null; // symbol index
      } else if (rawName.equals("//")) {
        longNames = slice(bytes, start, length);
        name = null;
      } else if (rawName.startsWith("#1/")) {
        // BSD: the name is stored at the start of the data, its length in the header.
        long nameLength = decimal(source, bytes, h + 3, 13, at);
        if (nameLength > length) {
          throw new MalformedArchiveException(source, "member " + rawName, at, "BSD name length " + nameLength + " exceeds member size " + size);
        }
        name = ascii(bytes, start, (int) nameLength).replace("\0", "");
        start += (int) nameLength;
        length -= (int) nameLength;
        if (name.startsWith("__.SYMDEF")) {
          name = null;
        }
      } else if (rawName.startsWith("/") && rawName.length() > 1) {
        long index = decimal(source, bytes, h + 1, 15, at);
        name = longName(source, longNames, index, at);
      } else {
        name = rawName.endsWith("/") ? rawName.substring(0, rawName.length() - 1) : rawName;
      }
      if (name != null) {
        members.add(new ArMember(name, at, slice(bytes, start, length)));
      }
      at = dataStart + size + (size & 1);
    }
    return new ArArchive(source, members);
  }

  private static String longName(String source, byte[] table, long index, long at) {
    if (table == null) {
      throw new MalformedArchiveException(source, "member header", at, "long name reference /" + index + " before the \"//\" name table");
    }
    if (index >= table.length) {
      throw new MalformedArchiveException(source, "member header", at, "long name offset " + index + " outside name table of " + table.length + " bytes");
    }
    int end = (int) index;
    while (end < table.length && table[end] != '\n' && table[end] != 0) {
      end++;
    }
    String name = new String(table, (int) index, end - (int) index, StandardCharsets.ISO_8859_1);
    return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }

  private static long decimal(String source, byte[] bytes, int start, int length, long header) {
    String text = ascii(bytes, start, length).trim();
    if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(Character::isDigit)) {
      throw new MalformedArchiveException(source, "member header", header, "bad decimal field \"" + text + "\"");
    }
    return Long.parseLong(text);
  }

  private static String ascii(byte[] bytes, int start, int length) {
    return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
  }

  private static byte[] slice(byte[] bytes, int start, int length) {
    byte[] out = new byte[length];
    System.arraycopy(bytes, start, out, 0, length);
    return out;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
