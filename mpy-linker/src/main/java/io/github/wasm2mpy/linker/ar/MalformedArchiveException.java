package io.github.wasm2mpy.linker.ar;

/** An {@code ar} archive that cannot be read; the message names the archive, the member and the byte offset. */
public final class MalformedArchiveException extends RuntimeException {
  private final long offset;

  public MalformedArchiveException(String source, String where, long offset, String problem) {
    super(source + ": " + where + " at offset 0x" + Long.toHexString(offset) + ": " + problem);
    this.offset = offset;
  }

  public long offset() {
    return offset;
  }
}
