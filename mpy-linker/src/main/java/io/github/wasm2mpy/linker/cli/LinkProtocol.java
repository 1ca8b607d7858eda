package io.github.wasm2mpy.linker.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The link server's wire format, kept small enough for a few dozen lines of C in the client
 * ({@code src/main/c/mpy-link-client.c}).
 *
 * <p>Request: NUL-terminated fields {@code "mpy-link/1", secret, key, verb, cwd, umask (octal), argc, args...}.
 * Verbs: {@code link} (run the command line), {@code ping}, {@code stop}.
 *
 * <p>Reply: one ASCII line, then bodies. {@code "mpy-link/1 ok STATUS OUTLEN ERRLEN\n"} followed by that many
 * bytes of stdout and of stderr; or {@code "mpy-link/1 refused REASON\n"}, on which the client runs the linker
 * itself (a wrong secret, a server older than the linker on disk, an internal failure).
 */
public final class LinkProtocol {
  public static final String MAGIC = "mpy-link/1";
  /** Bounds on what a request may hold, so a stray or hostile connection cannot make the server hoard memory. */
  static final int MAX_FIELD_BYTES = 64 * 1024;
  static final int MAX_ARGS = 100_000;

  public enum Verb { LINK, PING, STOP }

  /** A request; {@code secret} and {@code key} are checked by the server before anything else. */
  public record Request(String secret, String key, Verb verb, String cwd, int umask, List<String> args) {
    public Request {
      args = List.copyOf(args);
    }
  }

  /** A reply: {@code refusal} null for a command that ran, with its exit status and output. */
  public record Reply(String refusal, int status, byte[] stdout, byte[] stderr) {
    public static Reply ran(int status, byte[] stdout, byte[] stderr) {
      return new Reply(null, status, stdout, stderr);
    }

    public static Reply refused(String reason) {
      return new Reply(reason, 0, new byte[0], new byte[0]);
    }
  }

  /** A request or reply that does not follow the format; the message says which field and why. */
  public static final class ProtocolException extends IOException {
    public ProtocolException(String message) {
      super(message);
    }
  }

  private LinkProtocol() {}

  public static void writeRequest(Request r, OutputStream out) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String field : List.of(MAGIC, r.secret(), r.key(), r.verb().name().toLowerCase(), r.cwd(),
        Integer.toOctalString(r.umask()), Integer.toString(r.args().size()))) {
      field(b, field);
    }
    for (String arg : r.args()) {
      field(b, arg);
    }
    out.write(b.toByteArray());
    out.flush();
  }

  public static Request readRequest(InputStream in) throws IOException {
    String magic = readField(in, "magic");
    if (!magic.equals(MAGIC)) {
      throw new ProtocolException("not an " + MAGIC + " request (magic " + quote(magic) + ")");
    }
    String secret = readField(in, "secret");
    String key = readField(in, "key");
    String verbName = readField(in, "verb");
    Verb verb = switch (verbName) {
      case "link" -> Verb.LINK;
      case "ping" -> Verb.PING;
      case "stop" -> Verb.STOP;
      default -> throw new ProtocolException("unknown verb " + quote(verbName));
    };
    String cwd = readField(in, "cwd");
    int umask = parse(readField(in, "umask"), 8, 0777, "umask");
    int argc = parse(readField(in, "argc"), 10, MAX_ARGS, "argc");
    List<String> args = new ArrayList<>(argc);
    for (int i = 0; i < argc; i++) {
      args.add(readField(in, "argument " + i));
    }
    return new Request(secret, key, verb, cwd, umask, args);
  }

  public static void writeReply(Reply r, OutputStream out) throws IOException {
    String head = r.refusal() != null
        ? MAGIC + " refused " + r.refusal().replaceAll("\\s+", "-") + "\n"
        : MAGIC + " ok " + r.status() + " " + r.stdout().length + " " + r.stderr().length + "\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(r.stdout());
    out.write(r.stderr());
    out.flush();
  }

  public static Reply readReply(InputStream in) throws IOException {
    String head = readLine(in);
    String[] words = head.split(" ");
    if (words.length < 2 || !words[0].equals(MAGIC)) {
      throw new ProtocolException("not an " + MAGIC + " reply: " + quote(head));
    }
    if (words[1].equals("refused") && words.length == 3) {
      return Reply.refused(words[2]);
    }
    if (!words[1].equals("ok") || words.length != 5) {
      throw new ProtocolException("malformed reply line " + quote(head));
    }
    int status = parse(words[2], 10, 255, "status");
    byte[] stdout = readBody(in, parse(words[3], 10, Integer.MAX_VALUE - 8, "stdout length"), "stdout");
    byte[] stderr = readBody(in, parse(words[4], 10, Integer.MAX_VALUE - 8, "stderr length"), "stderr");
    return Reply.ran(status, stdout, stderr);
  }

  private static byte[] readBody(InputStream in, int length, String what) throws IOException {
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new ProtocolException("reply ends after " + body.length + " of " + length + " " + what + " bytes");
    }
    return body;
  }

  private static void field(ByteArrayOutputStream b, String value) throws ProtocolException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (byte x : bytes) {
      if (x == 0) {
        throw new ProtocolException("a field cannot hold a NUL byte: " + quote(value));
      }
    }
    b.writeBytes(bytes);
    b.write(0);
  }

  private static String readField(InputStream in, String what) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new ProtocolException("request ends inside its " + what + " field");
      }
      if (c == 0) {
        return b.toString(StandardCharsets.UTF_8);
      }
      if (b.size() >= MAX_FIELD_BYTES) {
        throw new ProtocolException(what + " field longer than " + MAX_FIELD_BYTES + " bytes");
      }
      b.write(c);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new ProtocolException("reply ends before its first line does" + (b.size() > 0 ? ": " + quote(b.toString(StandardCharsets.US_ASCII)) : ""));
      }
      if (b.size() >= 256) {
        throw new ProtocolException("reply line longer than 256 bytes");
      }
      b.write(c);
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  private static int parse(String text, int radix, int max, String what) throws ProtocolException {
    try {
      int v = Integer.parseInt(text, radix);
      if (v < 0 || v > max) {
        throw new ProtocolException(what + " " + text + " out of range 0.." + max);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ProtocolException(what + " is not a number: " + quote(text));
    }
  }

  private static String quote(String s) {
    return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
  }
}
