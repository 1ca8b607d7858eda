package io.github.wasm2mpy.linker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A "library" that is a GNU ld script listing archives, as glibc ships {@code libm.a}:
 * {@code OUTPUT_FORMAT(elf64-x86-64) GROUP ( libm-2.36.a libmvec.a )}. Only {@code GROUP}, {@code INPUT} and
 * {@code OUTPUT_FORMAT} are understood; anything else is an error naming the script.
 */
final class LinkerScriptLibrary {
  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
  private static final Pattern COMMAND = Pattern.compile("\\s*(GROUP|INPUT|OUTPUT_FORMAT)\\s*\\(([^)]*)\\)\\s*");

  private LinkerScriptLibrary() {}

  /** The archives a script names, resolved against the script's directory. */
  static List<Path> members(Path script, byte[] bytes) {
    String text = COMMENT.matcher(new String(bytes, StandardCharsets.ISO_8859_1)).replaceAll(" ");
    if (text.indexOf('\0') >= 0) {
      throw new LinkException(script + ": neither an ar archive nor a linker script");
    }
    List<Path> files = new ArrayList<>();
    Matcher m = COMMAND.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (text.substring(at).isBlank()) {
        break;
      }
      if (!m.find(at) || m.start() != at) {
        throw new LinkException(script + ": neither an ar archive nor a linker script of GROUP/INPUT/OUTPUT_FORMAT "
            + "(unexpected text at character " + at + ")");
      }
      if (!m.group(1).equals("OUTPUT_FORMAT")) {
        for (String f : m.group(2).replace("AS_NEEDED", " ").split("[,\\s()]+")) {
          if (!f.isBlank()) {
            Path p = Path.of(f);
            files.add(p.isAbsolute() ? p : script.toAbsolutePath().getParent().resolve(p));
          }
        }
      }
      at = m.end();
    }
    return files;
  }
}
