package io.github.wasm2mpy.linker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QstrsTest {
  /** The bundled static qstr table must be MicroPython 1.25's, in order: the .mpy numbers depend on it. */
  @Test
  void staticTableMatchesTestbedMicroPython() throws Exception {
    Process p = new ProcessBuilder("/usr/bin/python3", "-c",
        "import sys; sys.path.insert(0, sys.argv[1]); import makeqstrdata as q; print(repr(q.static_qstr_list))",
        Natmods.testbed().micropythonSource().resolve("py").toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<String> ours = Qstrs.staticQstrs();
    assertThat(ours).hasSize(165);
    StringBuilder repr = new StringBuilder("[");
    for (int i = 0; i < ours.size(); i++) {
      repr.append(i == 0 ? "" : ", ").append('\'').append(ours.get(i).replace("\n", "\\n")).append('\'');
    }
    assertThat(repr.append(']').toString()).isEqualTo(out);
  }

  @Test
  void staticNumbersAreOneBased() {
    assertThat(Qstrs.staticNumber("")).isEqualTo(1);
    assertThat(Qstrs.staticNumber("__init__")).isPositive();
    assertThat(Qstrs.staticNumber("features1")).isZero();
  }

  @Test
  void headerTextRoundTripsThroughParse() {
    String header = Qstrs.preprocessTexts(List.of("MP_QSTR_zeta MP_QSTR___init__", "x = MP_QSTR_alpha;"));
    assertThat(header).contains("#define MP_QSTR_alpha (mp_native_qstr_table[1])")
        .contains("#define MP_QSTR_zeta (mp_native_qstr_table[2])");
    assertThat(Qstrs.parseHeader(header)).containsExactly("alpha", "zeta");
    assertThat(Qstrs.parseHeader(header.replace("\n", "\r\n"))).containsExactly("alpha", "zeta");
  }
}
