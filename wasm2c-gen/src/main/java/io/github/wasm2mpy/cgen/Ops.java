package io.github.wasm2mpy.cgen;

import static io.github.wasm2mpy.model.ValType.F32;
import static io.github.wasm2mpy.model.ValType.F64;
import static io.github.wasm2mpy.model.ValType.I32;
import static io.github.wasm2mpy.model.ValType.I64;

import io.github.wasm2mpy.model.Opcode;

/**
 * The numeric instructions, each one C expression over its operands ($0, $1). Where C's meaning differs from
 * wasm's (signed shifts, division, float rounding and conversions) the expression calls a runtime helper.
 */
final class Ops {
    private Ops() {}

    /** Emits {@code op} if it is numeric; false if it is not. */
    static boolean numeric(FunctionEmitter e, Opcode op) {
        switch (op) {
            case I32_EQZ -> e.unary(I32, I32, "$0 == 0");
            case I32_EQ -> e.binary(I32, I32, "$0 == $1");
            case I32_NE -> e.binary(I32, I32, "$0 != $1");
            case I32_LT_S -> e.binary(I32, I32, "(s32)$0 < (s32)$1");
            case I32_LT_U -> e.binary(I32, I32, "$0 < $1");
            case I32_GT_S -> e.binary(I32, I32, "(s32)$0 > (s32)$1");
            case I32_GT_U -> e.binary(I32, I32, "$0 > $1");
            case I32_LE_S -> e.binary(I32, I32, "(s32)$0 <= (s32)$1");
            case I32_LE_U -> e.binary(I32, I32, "$0 <= $1");
            case I32_GE_S -> e.binary(I32, I32, "(s32)$0 >= (s32)$1");
            case I32_GE_U -> e.binary(I32, I32, "$0 >= $1");
            case I64_EQZ -> e.unary(I64, I32, "$0 == 0");
            case I64_EQ -> e.binary(I64, I32, "$0 == $1");
            case I64_NE -> e.binary(I64, I32, "$0 != $1");
            case I64_LT_S -> e.binary(I64, I32, "(s64)$0 < (s64)$1");
            case I64_LT_U -> e.binary(I64, I32, "$0 < $1");
            case I64_GT_S -> e.binary(I64, I32, "(s64)$0 > (s64)$1");
            case I64_GT_U -> e.binary(I64, I32, "$0 > $1");
            case I64_LE_S -> e.binary(I64, I32, "(s64)$0 <= (s64)$1");
            case I64_LE_U -> e.binary(I64, I32, "$0 <= $1");
            case I64_GE_S -> e.binary(I64, I32, "(s64)$0 >= (s64)$1");
            case I64_GE_U -> e.binary(I64, I32, "$0 >= $1");
            case F32_EQ -> e.binary(F32, I32, "$0 == $1");
            case F32_NE -> e.binary(F32, I32, "$0 != $1");
            case F32_LT -> e.binary(F32, I32, "$0 < $1");
            case F32_GT -> e.binary(F32, I32, "$0 > $1");
            case F32_LE -> e.binary(F32, I32, "$0 <= $1");
            case F32_GE -> e.binary(F32, I32, "$0 >= $1");
            case F64_EQ -> e.binary(F64, I32, "$0 == $1");
            case F64_NE -> e.binary(F64, I32, "$0 != $1");
            case F64_LT -> e.binary(F64, I32, "$0 < $1");
            case F64_GT -> e.binary(F64, I32, "$0 > $1");
            case F64_LE -> e.binary(F64, I32, "$0 <= $1");
            case F64_GE -> e.binary(F64, I32, "$0 >= $1");
            case I32_CLZ -> e.unary(I32, I32, "w2m_i32_clz($0)");
            case I32_CTZ -> e.unary(I32, I32, "w2m_i32_ctz($0)");
            case I32_POPCNT -> e.unary(I32, I32, "w2m_i32_popcnt($0)");
            case I32_ADD -> e.binary(I32, I32, "$0 + $1");
            case I32_SUB -> e.binary(I32, I32, "$0 - $1");
            case I32_MUL -> e.binary(I32, I32, "$0 * $1");
            case I32_DIV_S -> e.binary(I32, I32, "w2m_i32_div_s($0, $1)");
            case I32_DIV_U -> e.binary(I32, I32, "w2m_i32_div_u($0, $1)");
            case I32_REM_S -> e.binary(I32, I32, "w2m_i32_rem_s($0, $1)");
            case I32_REM_U -> e.binary(I32, I32, "w2m_i32_rem_u($0, $1)");
            case I32_AND -> e.binary(I32, I32, "$0 & $1");
            case I32_OR -> e.binary(I32, I32, "$0 | $1");
            case I32_XOR -> e.binary(I32, I32, "$0 ^ $1");
            case I32_SHL -> e.binary(I32, I32, "$0 << ($1 & 31)");
            case I32_SHR_S -> e.binary(I32, I32, "w2m_i32_shr_s($0, $1)");
            case I32_SHR_U -> e.binary(I32, I32, "$0 >> ($1 & 31)");
            case I32_ROTL -> e.binary(I32, I32, "w2m_i32_rotl($0, $1)");
            case I32_ROTR -> e.binary(I32, I32, "w2m_i32_rotr($0, $1)");
            case I64_CLZ -> e.unary(I64, I64, "w2m_i64_clz($0)");
            case I64_CTZ -> e.unary(I64, I64, "w2m_i64_ctz($0)");
            case I64_POPCNT -> e.unary(I64, I64, "w2m_i64_popcnt($0)");
            case I64_ADD -> e.binary(I64, I64, "$0 + $1");
            case I64_SUB -> e.binary(I64, I64, "$0 - $1");
            case I64_MUL -> e.binary(I64, I64, "$0 * $1");
            case I64_DIV_S -> e.binary(I64, I64, "w2m_i64_div_s($0, $1)");
            case I64_DIV_U -> e.binary(I64, I64, "w2m_i64_div_u($0, $1)");
            case I64_REM_S -> e.binary(I64, I64, "w2m_i64_rem_s($0, $1)");
            case I64_REM_U -> e.binary(I64, I64, "w2m_i64_rem_u($0, $1)");
            case I64_AND -> e.binary(I64, I64, "$0 & $1");
            case I64_OR -> e.binary(I64, I64, "$0 | $1");
            case I64_XOR -> e.binary(I64, I64, "$0 ^ $1");
            case I64_SHL -> e.binary(I64, I64, "$0 << ($1 & 63)");
            case I64_SHR_S -> e.binary(I64, I64, "w2m_i64_shr_s($0, $1)");
            case I64_SHR_U -> e.binary(I64, I64, "$0 >> ($1 & 63)");
            case I64_ROTL -> e.binary(I64, I64, "w2m_i64_rotl($0, $1)");
            case I64_ROTR -> e.binary(I64, I64, "w2m_i64_rotr($0, $1)");
            case F32_ABS -> e.unary(F32, F32, "w2m_f32_abs($0)");
            case F32_NEG -> e.unary(F32, F32, "w2m_f32_neg($0)");
            case F32_CEIL -> e.unary(F32, F32, "w2m_f32_ceil($0)");
            case F32_FLOOR -> e.unary(F32, F32, "w2m_f32_floor($0)");
            case F32_TRUNC -> e.unary(F32, F32, "w2m_f32_trunc($0)");
            case F32_NEAREST -> e.unary(F32, F32, "w2m_f32_nearest($0)");
            case F32_SQRT -> e.unary(F32, F32, "w2m_f32_sqrt($0)");
            case F32_ADD -> e.binary(F32, F32, "$0 + $1");
            case F32_SUB -> e.binary(F32, F32, "$0 - $1");
            case F32_MUL -> e.binary(F32, F32, "$0 * $1");
            case F32_DIV -> e.binary(F32, F32, "$0 / $1");
            case F32_MIN -> e.binary(F32, F32, "w2m_f32_min($0, $1)");
            case F32_MAX -> e.binary(F32, F32, "w2m_f32_max($0, $1)");
            case F32_COPYSIGN -> e.binary(F32, F32, "w2m_f32_copysign($0, $1)");
            case F64_ABS -> e.unary(F64, F64, "w2m_f64_abs($0)");
            case F64_NEG -> e.unary(F64, F64, "w2m_f64_neg($0)");
            case F64_CEIL -> e.unary(F64, F64, "w2m_f64_ceil($0)");
            case F64_FLOOR -> e.unary(F64, F64, "w2m_f64_floor($0)");
            case F64_TRUNC -> e.unary(F64, F64, "w2m_f64_trunc($0)");
            case F64_NEAREST -> e.unary(F64, F64, "w2m_f64_nearest($0)");
            case F64_SQRT -> e.unary(F64, F64, "w2m_f64_sqrt($0)");
            case F64_ADD -> e.binary(F64, F64, "$0 + $1");
            case F64_SUB -> e.binary(F64, F64, "$0 - $1");
            case F64_MUL -> e.binary(F64, F64, "$0 * $1");
            case F64_DIV -> e.binary(F64, F64, "$0 / $1");
            case F64_MIN -> e.binary(F64, F64, "w2m_f64_min($0, $1)");
            case F64_MAX -> e.binary(F64, F64, "w2m_f64_max($0, $1)");
            case F64_COPYSIGN -> e.binary(F64, F64, "w2m_f64_copysign($0, $1)");
            case I32_WRAP_I64 -> e.unary(I64, I32, "(u32)$0");
            case I32_TRUNC_F32_S -> e.unary(F32, I32, "(u32)w2m_i32_trunc_f32_s($0)");
            case I32_TRUNC_F32_U -> e.unary(F32, I32, "w2m_i32_trunc_f32_u($0)");
            case I32_TRUNC_F64_S -> e.unary(F64, I32, "(u32)w2m_i32_trunc_f64_s($0)");
            case I32_TRUNC_F64_U -> e.unary(F64, I32, "w2m_i32_trunc_f64_u($0)");
            case I64_EXTEND_I32_S -> e.unary(I32, I64, "(u64)(s64)(s32)$0");
            case I64_EXTEND_I32_U -> e.unary(I32, I64, "(u64)$0");
            case I64_TRUNC_F32_S -> e.unary(F32, I64, "(u64)w2m_i64_trunc_f32_s($0)");
            case I64_TRUNC_F32_U -> e.unary(F32, I64, "w2m_i64_trunc_f32_u($0)");
            case I64_TRUNC_F64_S -> e.unary(F64, I64, "(u64)w2m_i64_trunc_f64_s($0)");
            case I64_TRUNC_F64_U -> e.unary(F64, I64, "w2m_i64_trunc_f64_u($0)");
            case F32_CONVERT_I32_S -> e.unary(I32, F32, "(f32)(s32)$0");
            case F32_CONVERT_I32_U -> e.unary(I32, F32, "(f32)$0");
            case F32_CONVERT_I64_S -> e.unary(I64, F32, "(f32)(s64)$0");
            case F32_CONVERT_I64_U -> e.unary(I64, F32, "(f32)$0");
            case F32_DEMOTE_F64 -> e.unary(F64, F32, "w2m_f32_demote_f64($0)");
            case F64_CONVERT_I32_S -> e.unary(I32, F64, "(f64)(s32)$0");
            case F64_CONVERT_I32_U -> e.unary(I32, F64, "(f64)$0");
            case F64_CONVERT_I64_S -> e.unary(I64, F64, "(f64)(s64)$0");
            case F64_CONVERT_I64_U -> e.unary(I64, F64, "(f64)$0");
            case F64_PROMOTE_F32 -> e.unary(F32, F64, "w2m_f64_promote_f32($0)");
            case I32_REINTERPRET_F32 -> e.unary(F32, I32, "w2m_f32_bits($0)");
            case I64_REINTERPRET_F64 -> e.unary(F64, I64, "w2m_f64_bits($0)");
            case F32_REINTERPRET_I32 -> e.unary(I32, F32, "w2m_f32_from_bits($0)");
            case F64_REINTERPRET_I64 -> e.unary(I64, F64, "w2m_f64_from_bits($0)");
            case I32_EXTEND8_S -> e.unary(I32, I32, "w2m_i32_extend8_s($0)");
            case I32_EXTEND16_S -> e.unary(I32, I32, "w2m_i32_extend16_s($0)");
            case I64_EXTEND8_S -> e.unary(I64, I64, "w2m_i64_extend8_s($0)");
            case I64_EXTEND16_S -> e.unary(I64, I64, "w2m_i64_extend16_s($0)");
            case I64_EXTEND32_S -> e.unary(I64, I64, "w2m_i64_extend32_s($0)");
            case I32_TRUNC_SAT_F32_S -> e.unary(F32, I32, "(u32)w2m_i32_trunc_sat_f32_s($0)");
            case I32_TRUNC_SAT_F32_U -> e.unary(F32, I32, "w2m_i32_trunc_sat_f32_u($0)");
            case I32_TRUNC_SAT_F64_S -> e.unary(F64, I32, "(u32)w2m_i32_trunc_sat_f64_s($0)");
            case I32_TRUNC_SAT_F64_U -> e.unary(F64, I32, "w2m_i32_trunc_sat_f64_u($0)");
            case I64_TRUNC_SAT_F32_S -> e.unary(F32, I64, "(u64)w2m_i64_trunc_sat_f32_s($0)");
            case I64_TRUNC_SAT_F32_U -> e.unary(F32, I64, "w2m_i64_trunc_sat_f32_u($0)");
            case I64_TRUNC_SAT_F64_S -> e.unary(F64, I64, "(u64)w2m_i64_trunc_sat_f64_s($0)");
            case I64_TRUNC_SAT_F64_U -> e.unary(F64, I64, "w2m_i64_trunc_sat_f64_u($0)");
            default -> { return false; }
        }
        return true;
    }
}
