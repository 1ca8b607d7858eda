package io.github.wasm2mpy.linker.elf;

/**
 * An ELF object that cannot be read: the message names the file, the part being read and the byte offset, e.g.
 * {@code features1.o: section header 7 at offset 0x2c8: section data extends past end of file (size 0x40)}.
 */
public final class MalformedElfException extends RuntimeException {
  private final String source;
  private final long offset;

  public MalformedElfException(String source, String where, long offset, String problem) {
    super(source + ": " + where + " at offset 0x" + Long.toHexString(offset) + ": " + problem);
    this.source = source;
    this.offset = offset;
  }

  /** The file (or archive member, {@code lib.a(member.o)}) that is malformed. */
  public String source() {
    return source;
  }

  /** Byte offset in the file where the problem was found. */
  public long offset() {
    return offset;
  }
}
