package io.github.wasm2mpy.linker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.linker.cli.LinkProtocol.ProtocolException;
import io.github.wasm2mpy.linker.cli.LinkProtocol.Reply;
import io.github.wasm2mpy.linker.cli.LinkProtocol.Request;
import io.github.wasm2mpy.linker.cli.LinkProtocol.Verb;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkProtocolTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void requestRoundTripsWithTheDocumentedLayout() throws Exception {
    Request r = new Request("00ff", "k1", Verb.LINK, "/tmp/dé jà", 027, List.of("--arch", "x64", "", "a b.o"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LinkProtocol.writeRequest(r, out);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("mpy-link/1\0" + "00ff\0k1\0link\0/tmp/dé jà\0" + "27\0" + "4\0--arch\0x64\0\0a b.o\0");
    assertThat(LinkProtocol.readRequest(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(r);
  }

  @Test
  void replyRoundTrips() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LinkProtocol.writeReply(Reply.ran(1, bytes("LinkError: x\n"), bytes("warn\n")), out);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("mpy-link/1 ok 1 13 5\nLinkError: x\nwarn\n");
    Reply back = LinkProtocol.readReply(new ByteArrayInputStream(out.toByteArray()));
    assertThat(back.status()).isEqualTo(1);
    assertThat(back.stdout()).isEqualTo(bytes("LinkError: x\n"));
    assertThat(back.stderr()).isEqualTo(bytes("warn\n"));
    ByteArrayOutputStream refused = new ByteArrayOutputStream();
    LinkProtocol.writeReply(Reply.refused("bad secret"), refused);
    assertThat(refused.toString(StandardCharsets.US_ASCII)).isEqualTo("mpy-link/1 refused bad-secret\n");
    assertThat(LinkProtocol.readReply(new ByteArrayInputStream(refused.toByteArray())).refusal()).isEqualTo("bad-secret");
  }

  @Test
  void malformedInputIsAProtocolErrorSayingWhere() {
    assertThatThrownBy(() -> LinkProtocol.readRequest(new ByteArrayInputStream(bytes("GET / HTTP/1.0\r\n"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("magic");
    assertThatThrownBy(() -> LinkProtocol.readRequest(new ByteArrayInputStream(bytes("mpy-link/1\0s\0k\0jump\0/\0" + "0\0" + "0\0"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown verb \"jump\"");
    assertThatThrownBy(() -> LinkProtocol.readRequest(new ByteArrayInputStream(bytes("mpy-link/1\0s\0k\0link\0/\0" + "0\0" + "2\0a\0"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("argument 1");
    assertThatThrownBy(() -> LinkProtocol.readRequest(new ByteArrayInputStream(bytes("mpy-link/1\0s\0k\0link\0/\0" + "999\0"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("umask");
    assertThatThrownBy(() -> LinkProtocol.readReply(new ByteArrayInputStream(bytes("mpy-link/1 ok 0 10 0\nshort"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("5 of 10 stdout bytes");
    assertThatThrownBy(() -> LinkProtocol.writeRequest(new Request("s", "k", Verb.LINK, "/", 0, List.of("a\0b")), new ByteArrayOutputStream()))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("NUL");
  }

  @Test
  void oversizedFieldIsRefusedBeforeItIsBuffered() {
    byte[] huge = new byte[LinkProtocol.MAX_FIELD_BYTES + 10];
    java.util.Arrays.fill(huge, (byte) 'x');
    assertThatThrownBy(() -> LinkProtocol.readRequest(new ByteArrayInputStream(huge)))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("longer than");
  }
}
