package io.github.wasm2mpy.linker.ar;

/**
 * One file stored in an archive.
 *
 * @param offset where the member's header starts in the archive
 */
public record ArMember(String name, long offset, byte[] data) {
  @Override
  public String toString() {
    return "ArMember[" + name + " size=" + data.length + "]";
  }
}
