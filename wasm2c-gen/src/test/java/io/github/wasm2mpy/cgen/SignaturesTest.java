package io.github.wasm2mpy.cgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.ValType;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignaturesTest {
    @Test
    void signatureIsParamLettersArrowResultLetters() {
        assertThat(Signatures.of(new FuncType(List.of(ValType.I32, ValType.I64, ValType.FUNCREF), List.of(ValType.F32))))
                .isEqualTo("ijr>f");
        assertThat(Signatures.of(FuncType.EMPTY)).isEqualTo(">");
        assertThat(Signatures.of(new FuncType(List.of(), List.of(ValType.F64, ValType.EXTERNREF)))).isEqualTo(">de");
    }

    @Test
    void everyValueTypeHasItsOwnLetter() {
        for (ValType t : ValType.values()) {
            assertThat(Signatures.type(Signatures.code(t))).isEqualTo(t);
        }
        assertThat(List.of(ValType.values()).stream().map(Signatures::code).distinct()).hasSize(ValType.values().length);
    }
}
