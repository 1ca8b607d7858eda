package io.github.wasm2mpy.cgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CNamesTest {
    @Test
    void manglesReversiblyIntoIdentifiers() {
        assertThat(CNames.mangle("add")).isEqualTo("add");
        assertThat(CNames.mangle("a_b")).isEqualTo("a__b");
        assertThat(CNames.mangle("i32.add")).isEqualTo("i32_2Eadd");
        assertThat(CNames.mangle("")).isEmpty();
        assertThat(CNames.mangle("a.b")).isNotEqualTo(CNames.mangle("a_2Eb"));
    }

    @Test
    void readableKeepsWordsOnly() {
        assertThat(CNames.readable("$fib-rec")).isEqualTo("fib_rec");
        assertThat(CNames.readable("<>")).isEmpty();
    }
}
