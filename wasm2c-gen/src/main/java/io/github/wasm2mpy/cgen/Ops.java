package io.github.wasm2mpy.cgen;

import static io.github.wasm2mpy.cgen.WasmBinary.F32;
import static io.github.wasm2mpy.cgen.WasmBinary.F64;
import static io.github.wasm2mpy.cgen.WasmBinary.I32;
import static io.github.wasm2mpy.cgen.WasmBinary.I64;

/**
 * The numeric instructions, each one C expression over its operands ($0, $1). Where C's meaning differs from
 * wasm's (signed shifts, division, float rounding and conversions) the expression calls a runtime helper.
 */
final class Ops {
    private Ops() {}

    /** Emits {@code op} if it is numeric; false if it is not. */
    static boolean numeric(FunctionEmitter e, int op) {
        switch (op) {
            case 0x45 -> e.unary(I32, I32, "$0 == 0");
            case 0x46 -> e.binary(I32, I32, "$0 == $1");
            case 0x47 -> e.binary(I32, I32, "$0 != $1");
            case 0x48 -> e.binary(I32, I32, "(s32)$0 < (s32)$1");
            case 0x49 -> e.binary(I32, I32, "$0 < $1");
            case 0x4a -> e.binary(I32, I32, "(s32)$0 > (s32)$1");
            case 0x4b -> e.binary(I32, I32, "$0 > $1");
            case 0x4c -> e.binary(I32, I32, "(s32)$0 <= (s32)$1");
            case 0x4d -> e.binary(I32, I32, "$0 <= $1");
            case 0x4e -> e.binary(I32, I32, "(s32)$0 >= (s32)$1");
            case 0x4f -> e.binary(I32, I32, "$0 >= $1");
            case 0x50 -> e.unary(I64, I32, "$0 == 0");
            case 0x51 -> e.binary(I64, I32, "$0 == $1");
            case 0x52 -> e.binary(I64, I32, "$0 != $1");
            case 0x53 -> e.binary(I64, I32, "(s64)$0 < (s64)$1");
            case 0x54 -> e.binary(I64, I32, "$0 < $1");
            case 0x55 -> e.binary(I64, I32, "(s64)$0 > (s64)$1");
            case 0x56 -> e.binary(I64, I32, "$0 > $1");
            case 0x57 -> e.binary(I64, I32, "(s64)$0 <= (s64)$1");
            case 0x58 -> e.binary(I64, I32, "$0 <= $1");
            case 0x59 -> e.binary(I64, I32, "(s64)$0 >= (s64)$1");
            case 0x5a -> e.binary(I64, I32, "$0 >= $1");
            case 0x5b -> e.binary(F32, I32, "$0 == $1");
            case 0x5c -> e.binary(F32, I32, "$0 != $1");
            case 0x5d -> e.binary(F32, I32, "$0 < $1");
            case 0x5e -> e.binary(F32, I32, "$0 > $1");
            case 0x5f -> e.binary(F32, I32, "$0 <= $1");
            case 0x60 -> e.binary(F32, I32, "$0 >= $1");
            case 0x61 -> e.binary(F64, I32, "$0 == $1");
            case 0x62 -> e.binary(F64, I32, "$0 != $1");
            case 0x63 -> e.binary(F64, I32, "$0 < $1");
            case 0x64 -> e.binary(F64, I32, "$0 > $1");
            case 0x65 -> e.binary(F64, I32, "$0 <= $1");
            case 0x66 -> e.binary(F64, I32, "$0 >= $1");
            case 0x67 -> e.unary(I32, I32, "w2m_i32_clz($0)");
            case 0x68 -> e.unary(I32, I32, "w2m_i32_ctz($0)");
            case 0x69 -> e.unary(I32, I32, "w2m_i32_popcnt($0)");
            case 0x6a -> e.binary(I32, I32, "$0 + $1");
            case 0x6b -> e.binary(I32, I32, "$0 - $1");
            case 0x6c -> e.binary(I32, I32, "$0 * $1");
            case 0x6d -> e.binary(I32, I32, "w2m_i32_div_s($0, $1)");
            case 0x6e -> e.binary(I32, I32, "w2m_i32_div_u($0, $1)");
            case 0x6f -> e.binary(I32, I32, "w2m_i32_rem_s($0, $1)");
            case 0x70 -> e.binary(I32, I32, "w2m_i32_rem_u($0, $1)");
            case 0x71 -> e.binary(I32, I32, "$0 & $1");
            case 0x72 -> e.binary(I32, I32, "$0 | $1");
            case 0x73 -> e.binary(I32, I32, "$0 ^ $1");
            case 0x74 -> e.binary(I32, I32, "$0 << ($1 & 31)");
            case 0x75 -> e.binary(I32, I32, "w2m_i32_shr_s($0, $1)");
            case 0x76 -> e.binary(I32, I32, "$0 >> ($1 & 31)");
            case 0x77 -> e.binary(I32, I32, "w2m_i32_rotl($0, $1)");
            case 0x78 -> e.binary(I32, I32, "w2m_i32_rotr($0, $1)");
            case 0x79 -> e.unary(I64, I64, "w2m_i64_clz($0)");
            case 0x7a -> e.unary(I64, I64, "w2m_i64_ctz($0)");
            case 0x7b -> e.unary(I64, I64, "w2m_i64_popcnt($0)");
            case 0x7c -> e.binary(I64, I64, "$0 + $1");
            case 0x7d -> e.binary(I64, I64, "$0 - $1");
            case 0x7e -> e.binary(I64, I64, "$0 * $1");
            case 0x7f -> e.binary(I64, I64, "w2m_i64_div_s($0, $1)");
            case 0x80 -> e.binary(I64, I64, "w2m_i64_div_u($0, $1)");
            case 0x81 -> e.binary(I64, I64, "w2m_i64_rem_s($0, $1)");
            case 0x82 -> e.binary(I64, I64, "w2m_i64_rem_u($0, $1)");
            case 0x83 -> e.binary(I64, I64, "$0 & $1");
            case 0x84 -> e.binary(I64, I64, "$0 | $1");
            case 0x85 -> e.binary(I64, I64, "$0 ^ $1");
            case 0x86 -> e.binary(I64, I64, "$0 << ($1 & 63)");
            case 0x87 -> e.binary(I64, I64, "w2m_i64_shr_s($0, $1)");
            case 0x88 -> e.binary(I64, I64, "$0 >> ($1 & 63)");
            case 0x89 -> e.binary(I64, I64, "w2m_i64_rotl($0, $1)");
            case 0x8a -> e.binary(I64, I64, "w2m_i64_rotr($0, $1)");
            case 0x8b -> e.unary(F32, F32, "w2m_f32_abs($0)");
            case 0x8c -> e.unary(F32, F32, "w2m_f32_neg($0)");
            case 0x8d -> e.unary(F32, F32, "w2m_f32_ceil($0)");
            case 0x8e -> e.unary(F32, F32, "w2m_f32_floor($0)");
            case 0x8f -> e.unary(F32, F32, "w2m_f32_trunc($0)");
            case 0x90 -> e.unary(F32, F32, "w2m_f32_nearest($0)");
            case 0x91 -> e.unary(F32, F32, "w2m_f32_sqrt($0)");
            case 0x92 -> e.binary(F32, F32, "$0 + $1");
            case 0x93 -> e.binary(F32, F32, "$0 - $1");
            case 0x94 -> e.binary(F32, F32, "$0 * $1");
            case 0x95 -> e.binary(F32, F32, "$0 / $1");
            case 0x96 -> e.binary(F32, F32, "w2m_f32_min($0, $1)");
            case 0x97 -> e.binary(F32, F32, "w2m_f32_max($0, $1)");
            case 0x98 -> e.binary(F32, F32, "w2m_f32_copysign($0, $1)");
            case 0x99 -> e.unary(F64, F64, "w2m_f64_abs($0)");
            case 0x9a -> e.unary(F64, F64, "w2m_f64_neg($0)");
            case 0x9b -> e.unary(F64, F64, "w2m_f64_ceil($0)");
            case 0x9c -> e.unary(F64, F64, "w2m_f64_floor($0)");
            case 0x9d -> e.unary(F64, F64, "w2m_f64_trunc($0)");
            case 0x9e -> e.unary(F64, F64, "w2m_f64_nearest($0)");
            case 0x9f -> e.unary(F64, F64, "w2m_f64_sqrt($0)");
            case 0xa0 -> e.binary(F64, F64, "$0 + $1");
            case 0xa1 -> e.binary(F64, F64, "$0 - $1");
            case 0xa2 -> e.binary(F64, F64, "$0 * $1");
            case 0xa3 -> e.binary(F64, F64, "$0 / $1");
            case 0xa4 -> e.binary(F64, F64, "w2m_f64_min($0, $1)");
            case 0xa5 -> e.binary(F64, F64, "w2m_f64_max($0, $1)");
            case 0xa6 -> e.binary(F64, F64, "w2m_f64_copysign($0, $1)");
            case 0xa7 -> e.unary(I64, I32, "(u32)$0");
            case 0xa8 -> e.unary(F32, I32, "(u32)w2m_i32_trunc_f32_s($0)");
            case 0xa9 -> e.unary(F32, I32, "w2m_i32_trunc_f32_u($0)");
            case 0xaa -> e.unary(F64, I32, "(u32)w2m_i32_trunc_f64_s($0)");
            case 0xab -> e.unary(F64, I32, "w2m_i32_trunc_f64_u($0)");
            case 0xac -> e.unary(I32, I64, "(u64)(s64)(s32)$0");
            case 0xad -> e.unary(I32, I64, "(u64)$0");
            case 0xae -> e.unary(F32, I64, "(u64)w2m_i64_trunc_f32_s($0)");
            case 0xaf -> e.unary(F32, I64, "w2m_i64_trunc_f32_u($0)");
            case 0xb0 -> e.unary(F64, I64, "(u64)w2m_i64_trunc_f64_s($0)");
            case 0xb1 -> e.unary(F64, I64, "w2m_i64_trunc_f64_u($0)");
            case 0xb2 -> e.unary(I32, F32, "(f32)(s32)$0");
            case 0xb3 -> e.unary(I32, F32, "(f32)$0");
            case 0xb4 -> e.unary(I64, F32, "(f32)(s64)$0");
            case 0xb5 -> e.unary(I64, F32, "(f32)$0");
            case 0xb6 -> e.unary(F64, F32, "w2m_f32_demote_f64($0)");
            case 0xb7 -> e.unary(I32, F64, "(f64)(s32)$0");
            case 0xb8 -> e.unary(I32, F64, "(f64)$0");
            case 0xb9 -> e.unary(I64, F64, "(f64)(s64)$0");
            case 0xba -> e.unary(I64, F64, "(f64)$0");
            case 0xbb -> e.unary(F32, F64, "w2m_f64_promote_f32($0)");
            case 0xbc -> e.unary(F32, I32, "w2m_f32_bits($0)");
            case 0xbd -> e.unary(F64, I64, "w2m_f64_bits($0)");
            case 0xbe -> e.unary(I32, F32, "w2m_f32_from_bits($0)");
            case 0xbf -> e.unary(I64, F64, "w2m_f64_from_bits($0)");
            case 0xc0 -> e.unary(I32, I32, "w2m_i32_extend8_s($0)");
            case 0xc1 -> e.unary(I32, I32, "w2m_i32_extend16_s($0)");
            case 0xc2 -> e.unary(I64, I64, "w2m_i64_extend8_s($0)");
            case 0xc3 -> e.unary(I64, I64, "w2m_i64_extend16_s($0)");
            case 0xc4 -> e.unary(I64, I64, "w2m_i64_extend32_s($0)");
            default -> { return false; }
        }
        return true;
    }
}
