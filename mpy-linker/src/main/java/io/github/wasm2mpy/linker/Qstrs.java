package io.github.wasm2mpy.linker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Qstrs of a native module. MicroPython's static qstrs have fixed numbers; every other {@code MP_QSTR_name} a
 * module's source uses becomes an entry of {@code mp_native_qstr_table}, which the loader fills in. The
 * {@link #preprocess} header assigns those entries (the {@code --preprocess} step of {@code dynruntime.mk}); the
 * linker reads the same header back to know which strings to store in the .mpy.
 */
public final class Qstrs {
  private static final Pattern USE = Pattern.compile("MP_QSTR_[A-Za-z0-9_]*");
  private static final Pattern NATIVE_DEFINE = Pattern.compile("#define MP_QSTR_([A-Za-z0-9_]*) \\(mp_native_");
  private static final List<String> STATIC_TEXT = new ArrayList<>();
  private static final List<String> STATIC_ESCAPED = new ArrayList<>();
  private static final Map<String, Integer> STATIC_NUMBER = new HashMap<>();

  static {
    // A plain text table rather than JSON: the CLI starts faster without a JSON library to load.
    try (InputStream in = Qstrs.class.getResourceAsStream("static-qstrs.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("#") || line.isEmpty()) {
          continue;
        }
        int tab = line.indexOf('\t');
        String text = line.substring(tab + 1).replace("\\n", "\n").replace("\\\\", "\\");
        STATIC_ESCAPED.add(line.substring(0, tab));
        STATIC_TEXT.add(text);
        STATIC_NUMBER.putIfAbsent(text, STATIC_TEXT.size());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the static qstr table resource", e);
    }
  }

  private Qstrs() {}

  /** The static qstr number of {@code text} (1-based), or 0 if it must be stored as a string. */
  public static int staticNumber(String text) {
    return STATIC_NUMBER.getOrDefault(text, 0);
  }

  public static List<String> staticQstrs() {
    return List.copyOf(STATIC_TEXT);
  }

  /** The configuration header for the given C sources, byte-identical to the reference's {@code --preprocess}. */
  public static String preprocess(List<Path> sources) {
    List<String> texts = new ArrayList<>();
    for (Path source : sources) {
      try {
        texts.add(Files.readString(source, StandardCharsets.ISO_8859_1));
      } catch (IOException e) {
        throw new UncheckedIOException(source + ": cannot read: " + e.getMessage(), e);
      }
    }
    return preprocessTexts(texts);
  }

  /**
   * As {@link #preprocess}, from sources already read (as ISO-8859-1, so every byte maps to one char): for
   * callers that read files themselves, like the link server resolving names against a client's directory.
   */
  public static String preprocessTexts(List<String> sourceTexts) {
    Set<String> used = new TreeSet<>();
    for (String text : sourceTexts) {
      Matcher m = USE.matcher(text);
      while (m.find()) {
        used.add(m.group());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("#include <stdint.h>\ntypedef uintptr_t mp_uint_t;\ntypedef intptr_t mp_int_t;\ntypedef uintptr_t mp_off_t;\n");
    for (int i = 0; i < STATIC_ESCAPED.size(); i++) {
      String name = "MP_QSTR_" + STATIC_ESCAPED.get(i);
      used.remove(name);
      out.append("#define ").append(name).append(" (").append(i + 1).append(")\n");
    }
    int i = 1;
    for (String name : used) {
      out.append("#define ").append(name).append(" (mp_native_qstr_table[").append(i++).append("])\n");
    }
    out.append("extern const uint16_t mp_native_qstr_table[];\nextern const mp_uint_t mp_native_obj_table[];\n");
    return out.toString();
  }

  /** The native qstrs a preprocessed header assigns, in table order. */
  public static List<String> readHeader(Path header) {
    try {
      return parseHeader(Files.readString(header, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new UncheckedIOException(header + ": cannot read qstr header: " + e.getMessage(), e);
    }
  }

  /** As {@link #readHeader}, from the header's text (read as ISO-8859-1). */
  public static List<String> parseHeader(String headerText) {
    List<String> names = new ArrayList<>();
    for (String line : headerText.split("\n")) {
      Matcher m = NATIVE_DEFINE.matcher(line);
      if (m.lookingAt()) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
