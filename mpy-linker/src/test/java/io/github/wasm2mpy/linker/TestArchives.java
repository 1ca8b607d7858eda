package io.github.wasm2mpy.linker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Archive fixtures for tests outside this package. */
public final class TestArchives {
  private TestArchives() {}

  public static byte[] gnu(String[] names, byte[]... members) {
    return ArchiveFixtures.gnu(names, members);
  }

  public static byte[] bsd(String[] names, byte[]... members) {
    return ArchiveFixtures.bsd(names, members);
  }

  /** One member with the header name exactly as given. */
  public static byte[] raw(String headerName, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("!<arch>\n".getBytes(StandardCharsets.US_ASCII));
    ArchiveFixtures.member(out, headerName, data);
    return out.toByteArray();
  }
}
