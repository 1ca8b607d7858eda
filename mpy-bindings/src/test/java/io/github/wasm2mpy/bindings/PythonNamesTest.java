package io.github.wasm2mpy.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PythonNamesTest {

    @Test
    void identifiersKeepTheirNames() {
        assertThat(PythonNames.toIdentifier("add")).isEqualTo("add");
        assertThat(PythonNames.toIdentifier("_initialize")).isEqualTo("_initialize");
        assertThat(PythonNames.toIdentifier("__heap_base")).isEqualTo("__heap_base");
    }

    @Test
    void otherNamesAreSpelledAsIdentifiers() {
        assertThat(PythonNames.toIdentifier("draw-line")).isEqualTo("draw_line");
        assertThat(PythonNames.toIdentifier("2d")).isEqualTo("_2d");
        assertThat(PythonNames.toIdentifier("class")).isEqualTo("class_");
        assertThat(PythonNames.toIdentifier("")).isEqualTo("_");
        assertThat(PythonNames.toIdentifier("grüße")).isEqualTo("gr__e");
    }

    @Test
    void collisionsNameBothExports() {
        assertThatThrownBy(() -> PythonNames.assign("m.wasm", List.of("a-b", "a_b")))
                .isInstanceOf(BindingException.class)
                .hasMessage("m.wasm: export \"a_b\" would be the Python attribute 'a_b', which export \"a-b\" already "
                        + "has; rename one of the exports");
        assertThatThrownBy(() -> PythonNames.assign("m.wasm", List.of("bind")))
                .isInstanceOf(BindingException.class).hasMessageContaining("the bindings define themselves");
        assertThat(PythonNames.assign("m.wasm", List.of("x", "y-z"))).containsEntry("x", "x").containsEntry("y-z", "y_z");
    }
}
