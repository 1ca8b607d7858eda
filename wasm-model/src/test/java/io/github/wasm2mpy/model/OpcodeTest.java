package io.github.wasm2mpy.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.model.text.Wat;
import io.github.wasm2mpy.model.validation.Validator;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpcodeTest {

    @Test
    void everyOpcodeHasAUniqueEncodingAndIsFoundByIt() {
        Set<Integer> seen = new HashSet<>();
        for (Opcode op : Opcode.values()) {
            assertThat(seen.add(op.prefix() << 16 | op.code())).as("%s encoding unique", op.name()).isTrue();
            assertThat(Opcode.of(op.prefix(), op.code())).isSameAs(op);
        }
        assertThat(Opcode.of(0, 0xff)).isNull();
        assertThat(Opcode.of(0xfd, 0x9a)).isNull();
        assertThat(Opcode.of(0x42, 0)).isNull();
    }

    @Test
    void coversWebAssembly20() {
        long simd = EnumSet.allOf(Opcode.class).stream().filter(o -> o.prefix() == 0xfd).count();
        long fc = EnumSet.allOf(Opcode.class).stream().filter(o -> o.prefix() == 0xfc).count();
        assertThat(simd).isEqualTo(236);
        assertThat(fc).isEqualTo(18);
        assertThat(Opcode.I8X16_SHUFFLE.shape()).isEqualTo(OperandShape.SHUFFLE);
        assertThat(Opcode.V128_LOAD64_LANE.laneCount()).isEqualTo(2);
        assertThat(Opcode.I64_LOAD32_U.naturalAlignmentLog2()).isEqualTo(2);
        assertThat(Opcode.V128_LOAD8X8_S.naturalAlignmentLog2()).isEqualTo(3);
        assertThat(Opcode.F64X2_REPLACE_LANE.signature()).hasToString("[v128 f64] -> [v128]");
    }

    /**
     * Every opcode with a fixed signature, spelled by its mnemonic in one function each, compiled by wabt's
     * wat2wasm and read back: the encoding wabt chose must decode to the same constant (checks the numbering of
     * all SIMD and prefixed opcodes against an independent implementation).
     */
    @Test
    void agreesWithWabtOnEveryFixedSignatureOpcode() {
        List<Opcode> ops = new ArrayList<>();
        StringBuilder wat = new StringBuilder("(module (memory 1) (table 1 funcref)\n");
        for (Opcode op : Opcode.values()) {
            if (op.signature() == null || op.shape() == OperandShape.SEGMENT || op.shape() == OperandShape.DROP_SEGMENT
                    || op.shape() == OperandShape.COPY) {
                continue;
            }
            ops.add(op);
            FuncType sig = op.signature();
            wat.append("(func");
            if (!sig.params().isEmpty()) {
                wat.append(" (param ").append(sig.params().stream().map(ValType::mnemonic)
                        .collect(Collectors.joining(" "))).append(')');
            }
            if (!sig.results().isEmpty()) {
                wat.append(" (result ").append(sig.results().stream().map(ValType::mnemonic)
                        .collect(Collectors.joining(" "))).append(')');
            }
            for (int i = 0; i < sig.params().size(); i++) {
                wat.append(" local.get ").append(i);
            }
            wat.append(' ').append(op.mnemonic()).append(immediates(op)).append(")\n");
        }
        Module module = Validator.read(Wat.toWasm(wat.append(')').toString())).module();
        assertThat(module.functions()).hasSize(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            List<Instruction> body = module.functions().get(i).body();
            assertThat(body.get(body.size() - 2).opcode()).as("function for %s", ops.get(i).mnemonic())
                    .isEqualTo(ops.get(i));
        }
    }

    private static String immediates(Opcode op) {
        switch (op.shape()) {
            case LANE: return " 1";
            case MEMORY_LANE: return " 1";
            case SHUFFLE: return " 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15";
            case TABLE: return " 0";
            case I32_CONST: case I64_CONST: return " 7";
            case F32_CONST: case F64_CONST: return " 1.5";
            case V128_CONST: return " i32x4 1 2 3 4";
            default: return "";
        }
    }
}
