package io.github.wasm2mpy.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QstrTableTest {
    @Test
    void staticQstrsAreNumbersAndStayOutOfTheTable() {
        QstrTable q = new QstrTable();
        assertThat(q.use("setup")).isEqualTo("MP_QSTR_setup");
        assertThat(q.use("get")).isEqualTo("MP_QSTR_get");
        q.use("TypeError");
        assertThat(q.names()).containsExactly("setup");
        assertThat(q.header()).contains("#define MP_QSTR_get (86)\n", "#define MP_QSTR_TypeError (54)\n",
                "#define MP_QSTR_setup (mp_native_qstr_table[1])\n").doesNotContain("MP_QSTR_get (mp_native");
    }

    @Test
    void anIndexedNameIsInTheTableEvenWhenStatic() {
        QstrTable q = new QstrTable();
        q.useIndexed("value");
        q.useIndexed("loop");
        q.use("value");
        assertThat(q.names()).containsExactly("loop", "value");
        assertThat(q.index("loop")).isEqualTo(1);
        assertThat(q.index("value")).isEqualTo(2);
        assertThat(q.header()).contains("#define MP_QSTR_value (mp_native_qstr_table[2])\n")
                .doesNotContain("MP_QSTR_value (162)");
    }

    @Test
    void theTableIsClosedOnceIndicesAreOut() {
        QstrTable q = new QstrTable();
        q.useIndexed("loop");
        q.index("loop");
        q.use("int"); // static: the table does not change
        assertThatThrownBy(() -> q.use("setup")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> q.index("int")).isInstanceOf(IllegalArgumentException.class);
    }
}
