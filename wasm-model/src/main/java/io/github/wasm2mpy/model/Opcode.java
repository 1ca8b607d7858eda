package io.github.wasm2mpy.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Every WebAssembly 2.0 instruction, including the {@code 0xfc} (saturating truncation, bulk memory, tables)
 * and {@code 0xfd} (SIMD) prefixed ones. Each constant carries its prefix byte (0 when unprefixed), its code
 * (the byte, or the LEB128 value after a prefix), its text-format mnemonic, its {@link OperandShape} and, for
 * instructions whose stack effect does not depend on context, its {@link #signature()}.
 */
public enum Opcode {
    UNREACHABLE(0, 0x00, "unreachable", OperandShape.PLAIN, null),
    NOP(0, 0x01, "nop", OperandShape.PLAIN, ":"),
    BLOCK(0, 0x02, "block", OperandShape.BLOCK, null),
    LOOP(0, 0x03, "loop", OperandShape.BLOCK, null),
    IF(0, 0x04, "if", OperandShape.BLOCK, null),
    ELSE(0, 0x05, "else", OperandShape.PLAIN, null),
    END(0, 0x0b, "end", OperandShape.PLAIN, null),
    BR(0, 0x0c, "br", OperandShape.BRANCH, null),
    BR_IF(0, 0x0d, "br_if", OperandShape.BRANCH, null),
    BR_TABLE(0, 0x0e, "br_table", OperandShape.BRANCH_TABLE, null),
    RETURN(0, 0x0f, "return", OperandShape.PLAIN, null),
    CALL(0, 0x10, "call", OperandShape.FUNCTION, null),
    CALL_INDIRECT(0, 0x11, "call_indirect", OperandShape.CALL_INDIRECT, null),
    DROP(0, 0x1a, "drop", OperandShape.PLAIN, null),
    SELECT(0, 0x1b, "select", OperandShape.PLAIN, null),
    SELECT_TYPED(0, 0x1c, "select", OperandShape.SELECT, null),
    LOCAL_GET(0, 0x20, "local.get", OperandShape.LOCAL, null),
    LOCAL_SET(0, 0x21, "local.set", OperandShape.LOCAL, null),
    LOCAL_TEE(0, 0x22, "local.tee", OperandShape.LOCAL, null),
    GLOBAL_GET(0, 0x23, "global.get", OperandShape.GLOBAL, null),
    GLOBAL_SET(0, 0x24, "global.set", OperandShape.GLOBAL, null),
    TABLE_GET(0, 0x25, "table.get", OperandShape.TABLE, null),
    TABLE_SET(0, 0x26, "table.set", OperandShape.TABLE, null),
    I32_LOAD(0, 0x28, "i32.load", OperandShape.MEMORY, "i:i"),
    I64_LOAD(0, 0x29, "i64.load", OperandShape.MEMORY, "i:l"),
    F32_LOAD(0, 0x2a, "f32.load", OperandShape.MEMORY, "i:f"),
    F64_LOAD(0, 0x2b, "f64.load", OperandShape.MEMORY, "i:d"),
    I32_LOAD8_S(0, 0x2c, "i32.load8_s", OperandShape.MEMORY, "i:i"),
    I32_LOAD8_U(0, 0x2d, "i32.load8_u", OperandShape.MEMORY, "i:i"),
    I32_LOAD16_S(0, 0x2e, "i32.load16_s", OperandShape.MEMORY, "i:i"),
    I32_LOAD16_U(0, 0x2f, "i32.load16_u", OperandShape.MEMORY, "i:i"),
    I64_LOAD8_S(0, 0x30, "i64.load8_s", OperandShape.MEMORY, "i:l"),
    I64_LOAD8_U(0, 0x31, "i64.load8_u", OperandShape.MEMORY, "i:l"),
    I64_LOAD16_S(0, 0x32, "i64.load16_s", OperandShape.MEMORY, "i:l"),
    I64_LOAD16_U(0, 0x33, "i64.load16_u", OperandShape.MEMORY, "i:l"),
    I64_LOAD32_S(0, 0x34, "i64.load32_s", OperandShape.MEMORY, "i:l"),
    I64_LOAD32_U(0, 0x35, "i64.load32_u", OperandShape.MEMORY, "i:l"),
    I32_STORE(0, 0x36, "i32.store", OperandShape.MEMORY, "ii:"),
    I64_STORE(0, 0x37, "i64.store", OperandShape.MEMORY, "il:"),
    F32_STORE(0, 0x38, "f32.store", OperandShape.MEMORY, "if:"),
    F64_STORE(0, 0x39, "f64.store", OperandShape.MEMORY, "id:"),
    I32_STORE8(0, 0x3a, "i32.store8", OperandShape.MEMORY, "ii:"),
    I32_STORE16(0, 0x3b, "i32.store16", OperandShape.MEMORY, "ii:"),
    I64_STORE8(0, 0x3c, "i64.store8", OperandShape.MEMORY, "il:"),
    I64_STORE16(0, 0x3d, "i64.store16", OperandShape.MEMORY, "il:"),
    I64_STORE32(0, 0x3e, "i64.store32", OperandShape.MEMORY, "il:"),
    MEMORY_SIZE(0, 0x3f, "memory.size", OperandShape.MEMORY_INDEX, ":i"),
    MEMORY_GROW(0, 0x40, "memory.grow", OperandShape.MEMORY_INDEX, "i:i"),
    I32_CONST(0, 0x41, "i32.const", OperandShape.I32_CONST, ":i"),
    I64_CONST(0, 0x42, "i64.const", OperandShape.I64_CONST, ":l"),
    F32_CONST(0, 0x43, "f32.const", OperandShape.F32_CONST, ":f"),
    F64_CONST(0, 0x44, "f64.const", OperandShape.F64_CONST, ":d"),
    I32_EQZ(0, 0x45, "i32.eqz", OperandShape.PLAIN, "i:i"),
    I32_EQ(0, 0x46, "i32.eq", OperandShape.PLAIN, "ii:i"),
    I32_NE(0, 0x47, "i32.ne", OperandShape.PLAIN, "ii:i"),
    I32_LT_S(0, 0x48, "i32.lt_s", OperandShape.PLAIN, "ii:i"),
    I32_LT_U(0, 0x49, "i32.lt_u", OperandShape.PLAIN, "ii:i"),
    I32_GT_S(0, 0x4a, "i32.gt_s", OperandShape.PLAIN, "ii:i"),
    I32_GT_U(0, 0x4b, "i32.gt_u", OperandShape.PLAIN, "ii:i"),
    I32_LE_S(0, 0x4c, "i32.le_s", OperandShape.PLAIN, "ii:i"),
    I32_LE_U(0, 0x4d, "i32.le_u", OperandShape.PLAIN, "ii:i"),
    I32_GE_S(0, 0x4e, "i32.ge_s", OperandShape.PLAIN, "ii:i"),
    I32_GE_U(0, 0x4f, "i32.ge_u", OperandShape.PLAIN, "ii:i"),
    I64_EQZ(0, 0x50, "i64.eqz", OperandShape.PLAIN, "l:i"),
    I64_EQ(0, 0x51, "i64.eq", OperandShape.PLAIN, "ll:i"),
    I64_NE(0, 0x52, "i64.ne", OperandShape.PLAIN, "ll:i"),
    I64_LT_S(0, 0x53, "i64.lt_s", OperandShape.PLAIN, "ll:i"),
    I64_LT_U(0, 0x54, "i64.lt_u", OperandShape.PLAIN, "ll:i"),
    I64_GT_S(0, 0x55, "i64.gt_s", OperandShape.PLAIN, "ll:i"),
    I64_GT_U(0, 0x56, "i64.gt_u", OperandShape.PLAIN, "ll:i"),
    I64_LE_S(0, 0x57, "i64.le_s", OperandShape.PLAIN, "ll:i"),
    I64_LE_U(0, 0x58, "i64.le_u", OperandShape.PLAIN, "ll:i"),
    I64_GE_S(0, 0x59, "i64.ge_s", OperandShape.PLAIN, "ll:i"),
    I64_GE_U(0, 0x5a, "i64.ge_u", OperandShape.PLAIN, "ll:i"),
    F32_EQ(0, 0x5b, "f32.eq", OperandShape.PLAIN, "ff:i"),
    F32_NE(0, 0x5c, "f32.ne", OperandShape.PLAIN, "ff:i"),
    F32_LT(0, 0x5d, "f32.lt", OperandShape.PLAIN, "ff:i"),
    F32_GT(0, 0x5e, "f32.gt", OperandShape.PLAIN, "ff:i"),
    F32_LE(0, 0x5f, "f32.le", OperandShape.PLAIN, "ff:i"),
    F32_GE(0, 0x60, "f32.ge", OperandShape.PLAIN, "ff:i"),
    F64_EQ(0, 0x61, "f64.eq", OperandShape.PLAIN, "dd:i"),
    F64_NE(0, 0x62, "f64.ne", OperandShape.PLAIN, "dd:i"),
    F64_LT(0, 0x63, "f64.lt", OperandShape.PLAIN, "dd:i"),
    F64_GT(0, 0x64, "f64.gt", OperandShape.PLAIN, "dd:i"),
    F64_LE(0, 0x65, "f64.le", OperandShape.PLAIN, "dd:i"),
    F64_GE(0, 0x66, "f64.ge", OperandShape.PLAIN, "dd:i"),
    I32_CLZ(0, 0x67, "i32.clz", OperandShape.PLAIN, "i:i"),
    I32_CTZ(0, 0x68, "i32.ctz", OperandShape.PLAIN, "i:i"),
    I32_POPCNT(0, 0x69, "i32.popcnt", OperandShape.PLAIN, "i:i"),
    I32_ADD(0, 0x6a, "i32.add", OperandShape.PLAIN, "ii:i"),
    I32_SUB(0, 0x6b, "i32.sub", OperandShape.PLAIN, "ii:i"),
    I32_MUL(0, 0x6c, "i32.mul", OperandShape.PLAIN, "ii:i"),
    I32_DIV_S(0, 0x6d, "i32.div_s", OperandShape.PLAIN, "ii:i"),
    I32_DIV_U(0, 0x6e, "i32.div_u", OperandShape.PLAIN, "ii:i"),
    I32_REM_S(0, 0x6f, "i32.rem_s", OperandShape.PLAIN, "ii:i"),
    I32_REM_U(0, 0x70, "i32.rem_u", OperandShape.PLAIN, "ii:i"),
    I32_AND(0, 0x71, "i32.and", OperandShape.PLAIN, "ii:i"),
    I32_OR(0, 0x72, "i32.or", OperandShape.PLAIN, "ii:i"),
    I32_XOR(0, 0x73, "i32.xor", OperandShape.PLAIN, "ii:i"),
    I32_SHL(0, 0x74, "i32.shl", OperandShape.PLAIN, "ii:i"),
    I32_SHR_S(0, 0x75, "i32.shr_s", OperandShape.PLAIN, "ii:i"),
    I32_SHR_U(0, 0x76, "i32.shr_u", OperandShape.PLAIN, "ii:i"),
    I32_ROTL(0, 0x77, "i32.rotl", OperandShape.PLAIN, "ii:i"),
    I32_ROTR(0, 0x78, "i32.rotr", OperandShape.PLAIN, "ii:i"),
    I64_CLZ(0, 0x79, "i64.clz", OperandShape.PLAIN, "l:l"),
    I64_CTZ(0, 0x7a, "i64.ctz", OperandShape.PLAIN, "l:l"),
    I64_POPCNT(0, 0x7b, "i64.popcnt", OperandShape.PLAIN, "l:l"),
    I64_ADD(0, 0x7c, "i64.add", OperandShape.PLAIN, "ll:l"),
    I64_SUB(0, 0x7d, "i64.sub", OperandShape.PLAIN, "ll:l"),
    I64_MUL(0, 0x7e, "i64.mul", OperandShape.PLAIN, "ll:l"),
    I64_DIV_S(0, 0x7f, "i64.div_s", OperandShape.PLAIN, "ll:l"),
    I64_DIV_U(0, 0x80, "i64.div_u", OperandShape.PLAIN, "ll:l"),
    I64_REM_S(0, 0x81, "i64.rem_s", OperandShape.PLAIN, "ll:l"),
    I64_REM_U(0, 0x82, "i64.rem_u", OperandShape.PLAIN, "ll:l"),
    I64_AND(0, 0x83, "i64.and", OperandShape.PLAIN, "ll:l"),
    I64_OR(0, 0x84, "i64.or", OperandShape.PLAIN, "ll:l"),
    I64_XOR(0, 0x85, "i64.xor", OperandShape.PLAIN, "ll:l"),
    I64_SHL(0, 0x86, "i64.shl", OperandShape.PLAIN, "ll:l"),
    I64_SHR_S(0, 0x87, "i64.shr_s", OperandShape.PLAIN, "ll:l"),
    I64_SHR_U(0, 0x88, "i64.shr_u", OperandShape.PLAIN, "ll:l"),
    I64_ROTL(0, 0x89, "i64.rotl", OperandShape.PLAIN, "ll:l"),
    I64_ROTR(0, 0x8a, "i64.rotr", OperandShape.PLAIN, "ll:l"),
    F32_ABS(0, 0x8b, "f32.abs", OperandShape.PLAIN, "f:f"),
    F32_NEG(0, 0x8c, "f32.neg", OperandShape.PLAIN, "f:f"),
    F32_CEIL(0, 0x8d, "f32.ceil", OperandShape.PLAIN, "f:f"),
    F32_FLOOR(0, 0x8e, "f32.floor", OperandShape.PLAIN, "f:f"),
    F32_TRUNC(0, 0x8f, "f32.trunc", OperandShape.PLAIN, "f:f"),
    F32_NEAREST(0, 0x90, "f32.nearest", OperandShape.PLAIN, "f:f"),
    F32_SQRT(0, 0x91, "f32.sqrt", OperandShape.PLAIN, "f:f"),
    F32_ADD(0, 0x92, "f32.add", OperandShape.PLAIN, "ff:f"),
    F32_SUB(0, 0x93, "f32.sub", OperandShape.PLAIN, "ff:f"),
    F32_MUL(0, 0x94, "f32.mul", OperandShape.PLAIN, "ff:f"),
    F32_DIV(0, 0x95, "f32.div", OperandShape.PLAIN, "ff:f"),
    F32_MIN(0, 0x96, "f32.min", OperandShape.PLAIN, "ff:f"),
    F32_MAX(0, 0x97, "f32.max", OperandShape.PLAIN, "ff:f"),
    F32_COPYSIGN(0, 0x98, "f32.copysign", OperandShape.PLAIN, "ff:f"),
    F64_ABS(0, 0x99, "f64.abs", OperandShape.PLAIN, "d:d"),
    F64_NEG(0, 0x9a, "f64.neg", OperandShape.PLAIN, "d:d"),
    F64_CEIL(0, 0x9b, "f64.ceil", OperandShape.PLAIN, "d:d"),
    F64_FLOOR(0, 0x9c, "f64.floor", OperandShape.PLAIN, "d:d"),
    F64_TRUNC(0, 0x9d, "f64.trunc", OperandShape.PLAIN, "d:d"),
    F64_NEAREST(0, 0x9e, "f64.nearest", OperandShape.PLAIN, "d:d"),
    F64_SQRT(0, 0x9f, "f64.sqrt", OperandShape.PLAIN, "d:d"),
    F64_ADD(0, 0xa0, "f64.add", OperandShape.PLAIN, "dd:d"),
    F64_SUB(0, 0xa1, "f64.sub", OperandShape.PLAIN, "dd:d"),
    F64_MUL(0, 0xa2, "f64.mul", OperandShape.PLAIN, "dd:d"),
    F64_DIV(0, 0xa3, "f64.div", OperandShape.PLAIN, "dd:d"),
    F64_MIN(0, 0xa4, "f64.min", OperandShape.PLAIN, "dd:d"),
    F64_MAX(0, 0xa5, "f64.max", OperandShape.PLAIN, "dd:d"),
    F64_COPYSIGN(0, 0xa6, "f64.copysign", OperandShape.PLAIN, "dd:d"),
    I32_WRAP_I64(0, 0xa7, "i32.wrap_i64", OperandShape.PLAIN, "l:i"),
    I32_TRUNC_F32_S(0, 0xa8, "i32.trunc_f32_s", OperandShape.PLAIN, "f:i"),
    I32_TRUNC_F32_U(0, 0xa9, "i32.trunc_f32_u", OperandShape.PLAIN, "f:i"),
    I32_TRUNC_F64_S(0, 0xaa, "i32.trunc_f64_s", OperandShape.PLAIN, "d:i"),
    I32_TRUNC_F64_U(0, 0xab, "i32.trunc_f64_u", OperandShape.PLAIN, "d:i"),
    I64_EXTEND_I32_S(0, 0xac, "i64.extend_i32_s", OperandShape.PLAIN, "i:l"),
    I64_EXTEND_I32_U(0, 0xad, "i64.extend_i32_u", OperandShape.PLAIN, "i:l"),
    I64_TRUNC_F32_S(0, 0xae, "i64.trunc_f32_s", OperandShape.PLAIN, "f:l"),
    I64_TRUNC_F32_U(0, 0xaf, "i64.trunc_f32_u", OperandShape.PLAIN, "f:l"),
    I64_TRUNC_F64_S(0, 0xb0, "i64.trunc_f64_s", OperandShape.PLAIN, "d:l"),
    I64_TRUNC_F64_U(0, 0xb1, "i64.trunc_f64_u", OperandShape.PLAIN, "d:l"),
    F32_CONVERT_I32_S(0, 0xb2, "f32.convert_i32_s", OperandShape.PLAIN, "i:f"),
    F32_CONVERT_I32_U(0, 0xb3, "f32.convert_i32_u", OperandShape.PLAIN, "i:f"),
    F32_CONVERT_I64_S(0, 0xb4, "f32.convert_i64_s", OperandShape.PLAIN, "l:f"),
    F32_CONVERT_I64_U(0, 0xb5, "f32.convert_i64_u", OperandShape.PLAIN, "l:f"),
    F32_DEMOTE_F64(0, 0xb6, "f32.demote_f64", OperandShape.PLAIN, "d:f"),
    F64_CONVERT_I32_S(0, 0xb7, "f64.convert_i32_s", OperandShape.PLAIN, "i:d"),
    F64_CONVERT_I32_U(0, 0xb8, "f64.convert_i32_u", OperandShape.PLAIN, "i:d"),
    F64_CONVERT_I64_S(0, 0xb9, "f64.convert_i64_s", OperandShape.PLAIN, "l:d"),
    F64_CONVERT_I64_U(0, 0xba, "f64.convert_i64_u", OperandShape.PLAIN, "l:d"),
    F64_PROMOTE_F32(0, 0xbb, "f64.promote_f32", OperandShape.PLAIN, "f:d"),
    I32_REINTERPRET_F32(0, 0xbc, "i32.reinterpret_f32", OperandShape.PLAIN, "f:i"),
    I64_REINTERPRET_F64(0, 0xbd, "i64.reinterpret_f64", OperandShape.PLAIN, "d:l"),
    F32_REINTERPRET_I32(0, 0xbe, "f32.reinterpret_i32", OperandShape.PLAIN, "i:f"),
    F64_REINTERPRET_I64(0, 0xbf, "f64.reinterpret_i64", OperandShape.PLAIN, "l:d"),
    I32_EXTEND8_S(0, 0xc0, "i32.extend8_s", OperandShape.PLAIN, "i:i"),
    I32_EXTEND16_S(0, 0xc1, "i32.extend16_s", OperandShape.PLAIN, "i:i"),
    I64_EXTEND8_S(0, 0xc2, "i64.extend8_s", OperandShape.PLAIN, "l:l"),
    I64_EXTEND16_S(0, 0xc3, "i64.extend16_s", OperandShape.PLAIN, "l:l"),
    I64_EXTEND32_S(0, 0xc4, "i64.extend32_s", OperandShape.PLAIN, "l:l"),
    REF_NULL(0, 0xd0, "ref.null", OperandShape.HEAP_TYPE, null),
    REF_IS_NULL(0, 0xd1, "ref.is_null", OperandShape.PLAIN, null),
    REF_FUNC(0, 0xd2, "ref.func", OperandShape.FUNCTION, null),
    I32_TRUNC_SAT_F32_S(0xfc, 0x00, "i32.trunc_sat_f32_s", OperandShape.PLAIN, "f:i"),
    I32_TRUNC_SAT_F32_U(0xfc, 0x01, "i32.trunc_sat_f32_u", OperandShape.PLAIN, "f:i"),
    I32_TRUNC_SAT_F64_S(0xfc, 0x02, "i32.trunc_sat_f64_s", OperandShape.PLAIN, "d:i"),
    I32_TRUNC_SAT_F64_U(0xfc, 0x03, "i32.trunc_sat_f64_u", OperandShape.PLAIN, "d:i"),
    I64_TRUNC_SAT_F32_S(0xfc, 0x04, "i64.trunc_sat_f32_s", OperandShape.PLAIN, "f:l"),
    I64_TRUNC_SAT_F32_U(0xfc, 0x05, "i64.trunc_sat_f32_u", OperandShape.PLAIN, "f:l"),
    I64_TRUNC_SAT_F64_S(0xfc, 0x06, "i64.trunc_sat_f64_s", OperandShape.PLAIN, "d:l"),
    I64_TRUNC_SAT_F64_U(0xfc, 0x07, "i64.trunc_sat_f64_u", OperandShape.PLAIN, "d:l"),
    MEMORY_INIT(0xfc, 0x08, "memory.init", OperandShape.SEGMENT, "iii:"),
    DATA_DROP(0xfc, 0x09, "data.drop", OperandShape.DROP_SEGMENT, ":"),
    MEMORY_COPY(0xfc, 0x0a, "memory.copy", OperandShape.COPY, "iii:"),
    MEMORY_FILL(0xfc, 0x0b, "memory.fill", OperandShape.MEMORY_INDEX, "iii:"),
    TABLE_INIT(0xfc, 0x0c, "table.init", OperandShape.SEGMENT, "iii:"),
    ELEM_DROP(0xfc, 0x0d, "elem.drop", OperandShape.DROP_SEGMENT, ":"),
    TABLE_COPY(0xfc, 0x0e, "table.copy", OperandShape.COPY, "iii:"),
    TABLE_GROW(0xfc, 0x0f, "table.grow", OperandShape.TABLE, null),
    TABLE_SIZE(0xfc, 0x10, "table.size", OperandShape.TABLE, ":i"),
    TABLE_FILL(0xfc, 0x11, "table.fill", OperandShape.TABLE, null),
    V128_LOAD(0xfd, 0x00, "v128.load", OperandShape.MEMORY, "i:v"),
    V128_LOAD8X8_S(0xfd, 0x01, "v128.load8x8_s", OperandShape.MEMORY, "i:v"),
    V128_LOAD8X8_U(0xfd, 0x02, "v128.load8x8_u", OperandShape.MEMORY, "i:v"),
    V128_LOAD16X4_S(0xfd, 0x03, "v128.load16x4_s", OperandShape.MEMORY, "i:v"),
    V128_LOAD16X4_U(0xfd, 0x04, "v128.load16x4_u", OperandShape.MEMORY, "i:v"),
    V128_LOAD32X2_S(0xfd, 0x05, "v128.load32x2_s", OperandShape.MEMORY, "i:v"),
    V128_LOAD32X2_U(0xfd, 0x06, "v128.load32x2_u", OperandShape.MEMORY, "i:v"),
    V128_LOAD8_SPLAT(0xfd, 0x07, "v128.load8_splat", OperandShape.MEMORY, "i:v"),
    V128_LOAD16_SPLAT(0xfd, 0x08, "v128.load16_splat", OperandShape.MEMORY, "i:v"),
    V128_LOAD32_SPLAT(0xfd, 0x09, "v128.load32_splat", OperandShape.MEMORY, "i:v"),
    V128_LOAD64_SPLAT(0xfd, 0x0a, "v128.load64_splat", OperandShape.MEMORY, "i:v"),
    V128_STORE(0xfd, 0x0b, "v128.store", OperandShape.MEMORY, "iv:"),
    V128_CONST(0xfd, 0x0c, "v128.const", OperandShape.V128_CONST, ":v"),
    I8X16_SHUFFLE(0xfd, 0x0d, "i8x16.shuffle", OperandShape.SHUFFLE, "vv:v"),
    I8X16_SWIZZLE(0xfd, 0x0e, "i8x16.swizzle", OperandShape.PLAIN, "vv:v"),
    I8X16_SPLAT(0xfd, 0x0f, "i8x16.splat", OperandShape.PLAIN, "i:v"),
    I16X8_SPLAT(0xfd, 0x10, "i16x8.splat", OperandShape.PLAIN, "i:v"),
    I32X4_SPLAT(0xfd, 0x11, "i32x4.splat", OperandShape.PLAIN, "i:v"),
    I64X2_SPLAT(0xfd, 0x12, "i64x2.splat", OperandShape.PLAIN, "l:v"),
    F32X4_SPLAT(0xfd, 0x13, "f32x4.splat", OperandShape.PLAIN, "f:v"),
    F64X2_SPLAT(0xfd, 0x14, "f64x2.splat", OperandShape.PLAIN, "d:v"),
    I8X16_EXTRACT_LANE_S(0xfd, 0x15, "i8x16.extract_lane_s", OperandShape.LANE, "v:i"),
    I8X16_EXTRACT_LANE_U(0xfd, 0x16, "i8x16.extract_lane_u", OperandShape.LANE, "v:i"),
    I8X16_REPLACE_LANE(0xfd, 0x17, "i8x16.replace_lane", OperandShape.LANE, "vi:v"),
    I16X8_EXTRACT_LANE_S(0xfd, 0x18, "i16x8.extract_lane_s", OperandShape.LANE, "v:i"),
    I16X8_EXTRACT_LANE_U(0xfd, 0x19, "i16x8.extract_lane_u", OperandShape.LANE, "v:i"),
    I16X8_REPLACE_LANE(0xfd, 0x1a, "i16x8.replace_lane", OperandShape.LANE, "vi:v"),
    I32X4_EXTRACT_LANE(0xfd, 0x1b, "i32x4.extract_lane", OperandShape.LANE, "v:i"),
    I32X4_REPLACE_LANE(0xfd, 0x1c, "i32x4.replace_lane", OperandShape.LANE, "vi:v"),
    I64X2_EXTRACT_LANE(0xfd, 0x1d, "i64x2.extract_lane", OperandShape.LANE, "v:l"),
    I64X2_REPLACE_LANE(0xfd, 0x1e, "i64x2.replace_lane", OperandShape.LANE, "vl:v"),
    F32X4_EXTRACT_LANE(0xfd, 0x1f, "f32x4.extract_lane", OperandShape.LANE, "v:f"),
    F32X4_REPLACE_LANE(0xfd, 0x20, "f32x4.replace_lane", OperandShape.LANE, "vf:v"),
    F64X2_EXTRACT_LANE(0xfd, 0x21, "f64x2.extract_lane", OperandShape.LANE, "v:d"),
    F64X2_REPLACE_LANE(0xfd, 0x22, "f64x2.replace_lane", OperandShape.LANE, "vd:v"),
    I8X16_EQ(0xfd, 0x23, "i8x16.eq", OperandShape.PLAIN, "vv:v"),
    I8X16_NE(0xfd, 0x24, "i8x16.ne", OperandShape.PLAIN, "vv:v"),
    I8X16_LT_S(0xfd, 0x25, "i8x16.lt_s", OperandShape.PLAIN, "vv:v"),
    I8X16_LT_U(0xfd, 0x26, "i8x16.lt_u", OperandShape.PLAIN, "vv:v"),
    I8X16_GT_S(0xfd, 0x27, "i8x16.gt_s", OperandShape.PLAIN, "vv:v"),
    I8X16_GT_U(0xfd, 0x28, "i8x16.gt_u", OperandShape.PLAIN, "vv:v"),
    I8X16_LE_S(0xfd, 0x29, "i8x16.le_s", OperandShape.PLAIN, "vv:v"),
    I8X16_LE_U(0xfd, 0x2a, "i8x16.le_u", OperandShape.PLAIN, "vv:v"),
    I8X16_GE_S(0xfd, 0x2b, "i8x16.ge_s", OperandShape.PLAIN, "vv:v"),
    I8X16_GE_U(0xfd, 0x2c, "i8x16.ge_u", OperandShape.PLAIN, "vv:v"),
    I16X8_EQ(0xfd, 0x2d, "i16x8.eq", OperandShape.PLAIN, "vv:v"),
    I16X8_NE(0xfd, 0x2e, "i16x8.ne", OperandShape.PLAIN, "vv:v"),
    I16X8_LT_S(0xfd, 0x2f, "i16x8.lt_s", OperandShape.PLAIN, "vv:v"),
    I16X8_LT_U(0xfd, 0x30, "i16x8.lt_u", OperandShape.PLAIN, "vv:v"),
    I16X8_GT_S(0xfd, 0x31, "i16x8.gt_s", OperandShape.PLAIN, "vv:v"),
    I16X8_GT_U(0xfd, 0x32, "i16x8.gt_u", OperandShape.PLAIN, "vv:v"),
    I16X8_LE_S(0xfd, 0x33, "i16x8.le_s", OperandShape.PLAIN, "vv:v"),
    I16X8_LE_U(0xfd, 0x34, "i16x8.le_u", OperandShape.PLAIN, "vv:v"),
    I16X8_GE_S(0xfd, 0x35, "i16x8.ge_s", OperandShape.PLAIN, "vv:v"),
    I16X8_GE_U(0xfd, 0x36, "i16x8.ge_u", OperandShape.PLAIN, "vv:v"),
    I32X4_EQ(0xfd, 0x37, "i32x4.eq", OperandShape.PLAIN, "vv:v"),
    I32X4_NE(0xfd, 0x38, "i32x4.ne", OperandShape.PLAIN, "vv:v"),
    I32X4_LT_S(0xfd, 0x39, "i32x4.lt_s", OperandShape.PLAIN, "vv:v"),
    I32X4_LT_U(0xfd, 0x3a, "i32x4.lt_u", OperandShape.PLAIN, "vv:v"),
    I32X4_GT_S(0xfd, 0x3b, "i32x4.gt_s", OperandShape.PLAIN, "vv:v"),
    I32X4_GT_U(0xfd, 0x3c, "i32x4.gt_u", OperandShape.PLAIN, "vv:v"),
    I32X4_LE_S(0xfd, 0x3d, "i32x4.le_s", OperandShape.PLAIN, "vv:v"),
    I32X4_LE_U(0xfd, 0x3e, "i32x4.le_u", OperandShape.PLAIN, "vv:v"),
    I32X4_GE_S(0xfd, 0x3f, "i32x4.ge_s", OperandShape.PLAIN, "vv:v"),
    I32X4_GE_U(0xfd, 0x40, "i32x4.ge_u", OperandShape.PLAIN, "vv:v"),
    F32X4_EQ(0xfd, 0x41, "f32x4.eq", OperandShape.PLAIN, "vv:v"),
    F32X4_NE(0xfd, 0x42, "f32x4.ne", OperandShape.PLAIN, "vv:v"),
    F32X4_LT(0xfd, 0x43, "f32x4.lt", OperandShape.PLAIN, "vv:v"),
    F32X4_GT(0xfd, 0x44, "f32x4.gt", OperandShape.PLAIN, "vv:v"),
    F32X4_LE(0xfd, 0x45, "f32x4.le", OperandShape.PLAIN, "vv:v"),
    F32X4_GE(0xfd, 0x46, "f32x4.ge", OperandShape.PLAIN, "vv:v"),
    F64X2_EQ(0xfd, 0x47, "f64x2.eq", OperandShape.PLAIN, "vv:v"),
    F64X2_NE(0xfd, 0x48, "f64x2.ne", OperandShape.PLAIN, "vv:v"),
    F64X2_LT(0xfd, 0x49, "f64x2.lt", OperandShape.PLAIN, "vv:v"),
    F64X2_GT(0xfd, 0x4a, "f64x2.gt", OperandShape.PLAIN, "vv:v"),
    F64X2_LE(0xfd, 0x4b, "f64x2.le", OperandShape.PLAIN, "vv:v"),
    F64X2_GE(0xfd, 0x4c, "f64x2.ge", OperandShape.PLAIN, "vv:v"),
    V128_NOT(0xfd, 0x4d, "v128.not", OperandShape.PLAIN, "v:v"),
    V128_AND(0xfd, 0x4e, "v128.and", OperandShape.PLAIN, "vv:v"),
    V128_ANDNOT(0xfd, 0x4f, "v128.andnot", OperandShape.PLAIN, "vv:v"),
    V128_OR(0xfd, 0x50, "v128.or", OperandShape.PLAIN, "vv:v"),
    V128_XOR(0xfd, 0x51, "v128.xor", OperandShape.PLAIN, "vv:v"),
    V128_BITSELECT(0xfd, 0x52, "v128.bitselect", OperandShape.PLAIN, "vvv:v"),
    V128_ANY_TRUE(0xfd, 0x53, "v128.any_true", OperandShape.PLAIN, "v:i"),
    V128_LOAD8_LANE(0xfd, 0x54, "v128.load8_lane", OperandShape.MEMORY_LANE, "iv:v"),
    V128_LOAD16_LANE(0xfd, 0x55, "v128.load16_lane", OperandShape.MEMORY_LANE, "iv:v"),
    V128_LOAD32_LANE(0xfd, 0x56, "v128.load32_lane", OperandShape.MEMORY_LANE, "iv:v"),
    V128_LOAD64_LANE(0xfd, 0x57, "v128.load64_lane", OperandShape.MEMORY_LANE, "iv:v"),
    V128_STORE8_LANE(0xfd, 0x58, "v128.store8_lane", OperandShape.MEMORY_LANE, "iv:"),
    V128_STORE16_LANE(0xfd, 0x59, "v128.store16_lane", OperandShape.MEMORY_LANE, "iv:"),
    V128_STORE32_LANE(0xfd, 0x5a, "v128.store32_lane", OperandShape.MEMORY_LANE, "iv:"),
    V128_STORE64_LANE(0xfd, 0x5b, "v128.store64_lane", OperandShape.MEMORY_LANE, "iv:"),
    V128_LOAD32_ZERO(0xfd, 0x5c, "v128.load32_zero", OperandShape.MEMORY, "i:v"),
    V128_LOAD64_ZERO(0xfd, 0x5d, "v128.load64_zero", OperandShape.MEMORY, "i:v"),
    F32X4_DEMOTE_F64X2_ZERO(0xfd, 0x5e, "f32x4.demote_f64x2_zero", OperandShape.PLAIN, "v:v"),
    F64X2_PROMOTE_LOW_F32X4(0xfd, 0x5f, "f64x2.promote_low_f32x4", OperandShape.PLAIN, "v:v"),
    I8X16_ABS(0xfd, 0x60, "i8x16.abs", OperandShape.PLAIN, "v:v"),
    I8X16_NEG(0xfd, 0x61, "i8x16.neg", OperandShape.PLAIN, "v:v"),
    I8X16_POPCNT(0xfd, 0x62, "i8x16.popcnt", OperandShape.PLAIN, "v:v"),
    I8X16_ALL_TRUE(0xfd, 0x63, "i8x16.all_true", OperandShape.PLAIN, "v:i"),
    I8X16_BITMASK(0xfd, 0x64, "i8x16.bitmask", OperandShape.PLAIN, "v:i"),
    I8X16_NARROW_I16X8_S(0xfd, 0x65, "i8x16.narrow_i16x8_s", OperandShape.PLAIN, "vv:v"),
    I8X16_NARROW_I16X8_U(0xfd, 0x66, "i8x16.narrow_i16x8_u", OperandShape.PLAIN, "vv:v"),
    F32X4_CEIL(0xfd, 0x67, "f32x4.ceil", OperandShape.PLAIN, "v:v"),
    F32X4_FLOOR(0xfd, 0x68, "f32x4.floor", OperandShape.PLAIN, "v:v"),
    F32X4_TRUNC(0xfd, 0x69, "f32x4.trunc", OperandShape.PLAIN, "v:v"),
    F32X4_NEAREST(0xfd, 0x6a, "f32x4.nearest", OperandShape.PLAIN, "v:v"),
    I8X16_SHL(0xfd, 0x6b, "i8x16.shl", OperandShape.PLAIN, "vi:v"),
    I8X16_SHR_S(0xfd, 0x6c, "i8x16.shr_s", OperandShape.PLAIN, "vi:v"),
    I8X16_SHR_U(0xfd, 0x6d, "i8x16.shr_u", OperandShape.PLAIN, "vi:v"),
    I8X16_ADD(0xfd, 0x6e, "i8x16.add", OperandShape.PLAIN, "vv:v"),
    I8X16_ADD_SAT_S(0xfd, 0x6f, "i8x16.add_sat_s", OperandShape.PLAIN, "vv:v"),
    I8X16_ADD_SAT_U(0xfd, 0x70, "i8x16.add_sat_u", OperandShape.PLAIN, "vv:v"),
    I8X16_SUB(0xfd, 0x71, "i8x16.sub", OperandShape.PLAIN, "vv:v"),
    I8X16_SUB_SAT_S(0xfd, 0x72, "i8x16.sub_sat_s", OperandShape.PLAIN, "vv:v"),
    I8X16_SUB_SAT_U(0xfd, 0x73, "i8x16.sub_sat_u", OperandShape.PLAIN, "vv:v"),
    F64X2_CEIL(0xfd, 0x74, "f64x2.ceil", OperandShape.PLAIN, "v:v"),
    F64X2_FLOOR(0xfd, 0x75, "f64x2.floor", OperandShape.PLAIN, "v:v"),
    I8X16_MIN_S(0xfd, 0x76, "i8x16.min_s", OperandShape.PLAIN, "vv:v"),
    I8X16_MIN_U(0xfd, 0x77, "i8x16.min_u", OperandShape.PLAIN, "vv:v"),
    I8X16_MAX_S(0xfd, 0x78, "i8x16.max_s", OperandShape.PLAIN, "vv:v"),
    I8X16_MAX_U(0xfd, 0x79, "i8x16.max_u", OperandShape.PLAIN, "vv:v"),
    F64X2_TRUNC(0xfd, 0x7a, "f64x2.trunc", OperandShape.PLAIN, "v:v"),
    I8X16_AVGR_U(0xfd, 0x7b, "i8x16.avgr_u", OperandShape.PLAIN, "vv:v"),
    I16X8_EXTADD_PAIRWISE_I8X16_S(0xfd, 0x7c, "i16x8.extadd_pairwise_i8x16_s", OperandShape.PLAIN, "v:v"),
    I16X8_EXTADD_PAIRWISE_I8X16_U(0xfd, 0x7d, "i16x8.extadd_pairwise_i8x16_u", OperandShape.PLAIN, "v:v"),
    I32X4_EXTADD_PAIRWISE_I16X8_S(0xfd, 0x7e, "i32x4.extadd_pairwise_i16x8_s", OperandShape.PLAIN, "v:v"),
    I32X4_EXTADD_PAIRWISE_I16X8_U(0xfd, 0x7f, "i32x4.extadd_pairwise_i16x8_u", OperandShape.PLAIN, "v:v"),
    I16X8_ABS(0xfd, 0x80, "i16x8.abs", OperandShape.PLAIN, "v:v"),
    I16X8_NEG(0xfd, 0x81, "i16x8.neg", OperandShape.PLAIN, "v:v"),
    I16X8_Q15MULR_SAT_S(0xfd, 0x82, "i16x8.q15mulr_sat_s", OperandShape.PLAIN, "vv:v"),
    I16X8_ALL_TRUE(0xfd, 0x83, "i16x8.all_true", OperandShape.PLAIN, "v:i"),
    I16X8_BITMASK(0xfd, 0x84, "i16x8.bitmask", OperandShape.PLAIN, "v:i"),
    I16X8_NARROW_I32X4_S(0xfd, 0x85, "i16x8.narrow_i32x4_s", OperandShape.PLAIN, "vv:v"),
    I16X8_NARROW_I32X4_U(0xfd, 0x86, "i16x8.narrow_i32x4_u", OperandShape.PLAIN, "vv:v"),
    I16X8_EXTEND_LOW_I8X16_S(0xfd, 0x87, "i16x8.extend_low_i8x16_s", OperandShape.PLAIN, "v:v"),
    I16X8_EXTEND_HIGH_I8X16_S(0xfd, 0x88, "i16x8.extend_high_i8x16_s", OperandShape.PLAIN, "v:v"),
    I16X8_EXTEND_LOW_I8X16_U(0xfd, 0x89, "i16x8.extend_low_i8x16_u", OperandShape.PLAIN, "v:v"),
    I16X8_EXTEND_HIGH_I8X16_U(0xfd, 0x8a, "i16x8.extend_high_i8x16_u", OperandShape.PLAIN, "v:v"),
    I16X8_SHL(0xfd, 0x8b, "i16x8.shl", OperandShape.PLAIN, "vi:v"),
    I16X8_SHR_S(0xfd, 0x8c, "i16x8.shr_s", OperandShape.PLAIN, "vi:v"),
    I16X8_SHR_U(0xfd, 0x8d, "i16x8.shr_u", OperandShape.PLAIN, "vi:v"),
    I16X8_ADD(0xfd, 0x8e, "i16x8.add", OperandShape.PLAIN, "vv:v"),
    I16X8_ADD_SAT_S(0xfd, 0x8f, "i16x8.add_sat_s", OperandShape.PLAIN, "vv:v"),
    I16X8_ADD_SAT_U(0xfd, 0x90, "i16x8.add_sat_u", OperandShape.PLAIN, "vv:v"),
    I16X8_SUB(0xfd, 0x91, "i16x8.sub", OperandShape.PLAIN, "vv:v"),
    I16X8_SUB_SAT_S(0xfd, 0x92, "i16x8.sub_sat_s", OperandShape.PLAIN, "vv:v"),
    I16X8_SUB_SAT_U(0xfd, 0x93, "i16x8.sub_sat_u", OperandShape.PLAIN, "vv:v"),
    F64X2_NEAREST(0xfd, 0x94, "f64x2.nearest", OperandShape.PLAIN, "v:v"),
    I16X8_MUL(0xfd, 0x95, "i16x8.mul", OperandShape.PLAIN, "vv:v"),
    I16X8_MIN_S(0xfd, 0x96, "i16x8.min_s", OperandShape.PLAIN, "vv:v"),
    I16X8_MIN_U(0xfd, 0x97, "i16x8.min_u", OperandShape.PLAIN, "vv:v"),
    I16X8_MAX_S(0xfd, 0x98, "i16x8.max_s", OperandShape.PLAIN, "vv:v"),
    I16X8_MAX_U(0xfd, 0x99, "i16x8.max_u", OperandShape.PLAIN, "vv:v"),
    I16X8_AVGR_U(0xfd, 0x9b, "i16x8.avgr_u", OperandShape.PLAIN, "vv:v"),
    I16X8_EXTMUL_LOW_I8X16_S(0xfd, 0x9c, "i16x8.extmul_low_i8x16_s", OperandShape.PLAIN, "vv:v"),
    I16X8_EXTMUL_HIGH_I8X16_S(0xfd, 0x9d, "i16x8.extmul_high_i8x16_s", OperandShape.PLAIN, "vv:v"),
    I16X8_EXTMUL_LOW_I8X16_U(0xfd, 0x9e, "i16x8.extmul_low_i8x16_u", OperandShape.PLAIN, "vv:v"),
    I16X8_EXTMUL_HIGH_I8X16_U(0xfd, 0x9f, "i16x8.extmul_high_i8x16_u", OperandShape.PLAIN, "vv:v"),
    I32X4_ABS(0xfd, 0xa0, "i32x4.abs", OperandShape.PLAIN, "v:v"),
    I32X4_NEG(0xfd, 0xa1, "i32x4.neg", OperandShape.PLAIN, "v:v"),
    I32X4_ALL_TRUE(0xfd, 0xa3, "i32x4.all_true", OperandShape.PLAIN, "v:i"),
    I32X4_BITMASK(0xfd, 0xa4, "i32x4.bitmask", OperandShape.PLAIN, "v:i"),
    I32X4_EXTEND_LOW_I16X8_S(0xfd, 0xa7, "i32x4.extend_low_i16x8_s", OperandShape.PLAIN, "v:v"),
    I32X4_EXTEND_HIGH_I16X8_S(0xfd, 0xa8, "i32x4.extend_high_i16x8_s", OperandShape.PLAIN, "v:v"),
    I32X4_EXTEND_LOW_I16X8_U(0xfd, 0xa9, "i32x4.extend_low_i16x8_u", OperandShape.PLAIN, "v:v"),
    I32X4_EXTEND_HIGH_I16X8_U(0xfd, 0xaa, "i32x4.extend_high_i16x8_u", OperandShape.PLAIN, "v:v"),
    I32X4_SHL(0xfd, 0xab, "i32x4.shl", OperandShape.PLAIN, "vi:v"),
    I32X4_SHR_S(0xfd, 0xac, "i32x4.shr_s", OperandShape.PLAIN, "vi:v"),
    I32X4_SHR_U(0xfd, 0xad, "i32x4.shr_u", OperandShape.PLAIN, "vi:v"),
    I32X4_ADD(0xfd, 0xae, "i32x4.add", OperandShape.PLAIN, "vv:v"),
    I32X4_SUB(0xfd, 0xb1, "i32x4.sub", OperandShape.PLAIN, "vv:v"),
    I32X4_MUL(0xfd, 0xb5, "i32x4.mul", OperandShape.PLAIN, "vv:v"),
    I32X4_MIN_S(0xfd, 0xb6, "i32x4.min_s", OperandShape.PLAIN, "vv:v"),
    I32X4_MIN_U(0xfd, 0xb7, "i32x4.min_u", OperandShape.PLAIN, "vv:v"),
    I32X4_MAX_S(0xfd, 0xb8, "i32x4.max_s", OperandShape.PLAIN, "vv:v"),
    I32X4_MAX_U(0xfd, 0xb9, "i32x4.max_u", OperandShape.PLAIN, "vv:v"),
    I32X4_DOT_I16X8_S(0xfd, 0xba, "i32x4.dot_i16x8_s", OperandShape.PLAIN, "vv:v"),
    I32X4_EXTMUL_LOW_I16X8_S(0xfd, 0xbc, "i32x4.extmul_low_i16x8_s", OperandShape.PLAIN, "vv:v"),
    I32X4_EXTMUL_HIGH_I16X8_S(0xfd, 0xbd, "i32x4.extmul_high_i16x8_s", OperandShape.PLAIN, "vv:v"),
    I32X4_EXTMUL_LOW_I16X8_U(0xfd, 0xbe, "i32x4.extmul_low_i16x8_u", OperandShape.PLAIN, "vv:v"),
    I32X4_EXTMUL_HIGH_I16X8_U(0xfd, 0xbf, "i32x4.extmul_high_i16x8_u", OperandShape.PLAIN, "vv:v"),
    I64X2_ABS(0xfd, 0xc0, "i64x2.abs", OperandShape.PLAIN, "v:v"),
    I64X2_NEG(0xfd, 0xc1, "i64x2.neg", OperandShape.PLAIN, "v:v"),
    I64X2_ALL_TRUE(0xfd, 0xc3, "i64x2.all_true", OperandShape.PLAIN, "v:i"),
    I64X2_BITMASK(0xfd, 0xc4, "i64x2.bitmask", OperandShape.PLAIN, "v:i"),
    I64X2_EXTEND_LOW_I32X4_S(0xfd, 0xc7, "i64x2.extend_low_i32x4_s", OperandShape.PLAIN, "v:v"),
    I64X2_EXTEND_HIGH_I32X4_S(0xfd, 0xc8, "i64x2.extend_high_i32x4_s", OperandShape.PLAIN, "v:v"),
    I64X2_EXTEND_LOW_I32X4_U(0xfd, 0xc9, "i64x2.extend_low_i32x4_u", OperandShape.PLAIN, "v:v"),
    I64X2_EXTEND_HIGH_I32X4_U(0xfd, 0xca, "i64x2.extend_high_i32x4_u", OperandShape.PLAIN, "v:v"),
    I64X2_SHL(0xfd, 0xcb, "i64x2.shl", OperandShape.PLAIN, "vi:v"),
    I64X2_SHR_S(0xfd, 0xcc, "i64x2.shr_s", OperandShape.PLAIN, "vi:v"),
    I64X2_SHR_U(0xfd, 0xcd, "i64x2.shr_u", OperandShape.PLAIN, "vi:v"),
    I64X2_ADD(0xfd, 0xce, "i64x2.add", OperandShape.PLAIN, "vv:v"),
    I64X2_SUB(0xfd, 0xd1, "i64x2.sub", OperandShape.PLAIN, "vv:v"),
    I64X2_MUL(0xfd, 0xd5, "i64x2.mul", OperandShape.PLAIN, "vv:v"),
    I64X2_EQ(0xfd, 0xd6, "i64x2.eq", OperandShape.PLAIN, "vv:v"),
    I64X2_NE(0xfd, 0xd7, "i64x2.ne", OperandShape.PLAIN, "vv:v"),
    I64X2_LT_S(0xfd, 0xd8, "i64x2.lt_s", OperandShape.PLAIN, "vv:v"),
    I64X2_GT_S(0xfd, 0xd9, "i64x2.gt_s", OperandShape.PLAIN, "vv:v"),
    I64X2_LE_S(0xfd, 0xda, "i64x2.le_s", OperandShape.PLAIN, "vv:v"),
    I64X2_GE_S(0xfd, 0xdb, "i64x2.ge_s", OperandShape.PLAIN, "vv:v"),
    I64X2_EXTMUL_LOW_I32X4_S(0xfd, 0xdc, "i64x2.extmul_low_i32x4_s", OperandShape.PLAIN, "vv:v"),
    I64X2_EXTMUL_HIGH_I32X4_S(0xfd, 0xdd, "i64x2.extmul_high_i32x4_s", OperandShape.PLAIN, "vv:v"),
    I64X2_EXTMUL_LOW_I32X4_U(0xfd, 0xde, "i64x2.extmul_low_i32x4_u", OperandShape.PLAIN, "vv:v"),
    I64X2_EXTMUL_HIGH_I32X4_U(0xfd, 0xdf, "i64x2.extmul_high_i32x4_u", OperandShape.PLAIN, "vv:v"),
    F32X4_ABS(0xfd, 0xe0, "f32x4.abs", OperandShape.PLAIN, "v:v"),
    F32X4_NEG(0xfd, 0xe1, "f32x4.neg", OperandShape.PLAIN, "v:v"),
    F32X4_SQRT(0xfd, 0xe3, "f32x4.sqrt", OperandShape.PLAIN, "v:v"),
    F32X4_ADD(0xfd, 0xe4, "f32x4.add", OperandShape.PLAIN, "vv:v"),
    F32X4_SUB(0xfd, 0xe5, "f32x4.sub", OperandShape.PLAIN, "vv:v"),
    F32X4_MUL(0xfd, 0xe6, "f32x4.mul", OperandShape.PLAIN, "vv:v"),
    F32X4_DIV(0xfd, 0xe7, "f32x4.div", OperandShape.PLAIN, "vv:v"),
    F32X4_MIN(0xfd, 0xe8, "f32x4.min", OperandShape.PLAIN, "vv:v"),
    F32X4_MAX(0xfd, 0xe9, "f32x4.max", OperandShape.PLAIN, "vv:v"),
    F32X4_PMIN(0xfd, 0xea, "f32x4.pmin", OperandShape.PLAIN, "vv:v"),
    F32X4_PMAX(0xfd, 0xeb, "f32x4.pmax", OperandShape.PLAIN, "vv:v"),
    F64X2_ABS(0xfd, 0xec, "f64x2.abs", OperandShape.PLAIN, "v:v"),
    F64X2_NEG(0xfd, 0xed, "f64x2.neg", OperandShape.PLAIN, "v:v"),
    F64X2_SQRT(0xfd, 0xef, "f64x2.sqrt", OperandShape.PLAIN, "v:v"),
    F64X2_ADD(0xfd, 0xf0, "f64x2.add", OperandShape.PLAIN, "vv:v"),
    F64X2_SUB(0xfd, 0xf1, "f64x2.sub", OperandShape.PLAIN, "vv:v"),
    F64X2_MUL(0xfd, 0xf2, "f64x2.mul", OperandShape.PLAIN, "vv:v"),
    F64X2_DIV(0xfd, 0xf3, "f64x2.div", OperandShape.PLAIN, "vv:v"),
    F64X2_MIN(0xfd, 0xf4, "f64x2.min", OperandShape.PLAIN, "vv:v"),
    F64X2_MAX(0xfd, 0xf5, "f64x2.max", OperandShape.PLAIN, "vv:v"),
    F64X2_PMIN(0xfd, 0xf6, "f64x2.pmin", OperandShape.PLAIN, "vv:v"),
    F64X2_PMAX(0xfd, 0xf7, "f64x2.pmax", OperandShape.PLAIN, "vv:v"),
    I32X4_TRUNC_SAT_F32X4_S(0xfd, 0xf8, "i32x4.trunc_sat_f32x4_s", OperandShape.PLAIN, "v:v"),
    I32X4_TRUNC_SAT_F32X4_U(0xfd, 0xf9, "i32x4.trunc_sat_f32x4_u", OperandShape.PLAIN, "v:v"),
    F32X4_CONVERT_I32X4_S(0xfd, 0xfa, "f32x4.convert_i32x4_s", OperandShape.PLAIN, "v:v"),
    F32X4_CONVERT_I32X4_U(0xfd, 0xfb, "f32x4.convert_i32x4_u", OperandShape.PLAIN, "v:v"),
    I32X4_TRUNC_SAT_F64X2_S_ZERO(0xfd, 0xfc, "i32x4.trunc_sat_f64x2_s_zero", OperandShape.PLAIN, "v:v"),
    I32X4_TRUNC_SAT_F64X2_U_ZERO(0xfd, 0xfd, "i32x4.trunc_sat_f64x2_u_zero", OperandShape.PLAIN, "v:v"),
    F64X2_CONVERT_LOW_I32X4_S(0xfd, 0xfe, "f64x2.convert_low_i32x4_s", OperandShape.PLAIN, "v:v"),
    F64X2_CONVERT_LOW_I32X4_U(0xfd, 0xff, "f64x2.convert_low_i32x4_u", OperandShape.PLAIN, "v:v");


    private static final Opcode[] PLAIN_CODES = new Opcode[256];
    private static final Opcode[] FC_CODES = new Opcode[32];
    private static final Opcode[] FD_CODES = new Opcode[256];

    static {
        for (Opcode op : values()) {
            switch (op.prefix) {
                case 0: PLAIN_CODES[op.code] = op; break;
                case 0xfc: FC_CODES[op.code] = op; break;
                default: FD_CODES[op.code] = op; break;
            }
        }
    }

    private final int prefix;
    private final int code;
    private final String mnemonic;
    private final OperandShape shape;
    private final FuncType signature;
    private final int naturalAlignmentLog2;
    private final int laneCount;

    Opcode(int prefix, int code, String mnemonic, OperandShape shape, String signature) {
        this.prefix = prefix;
        this.code = code;
        this.mnemonic = mnemonic;
        this.shape = shape;
        this.signature = signature == null ? null : parseSignature(signature);
        // Computed once here: validators ask for these on every memory and lane instruction.
        this.naturalAlignmentLog2 = computeNaturalAlignmentLog2(mnemonic, shape);
        this.laneCount = computeLaneCount(mnemonic, shape, naturalAlignmentLog2);
    }

    /** The prefix byte ({@code 0xfc} or {@code 0xfd}), or 0 for a single-byte opcode. */
    public int prefix() {
        return prefix;
    }

    /** The opcode byte, or the LEB128-encoded sub-opcode after the prefix. */
    public int code() {
        return code;
    }

    /** The text-format name, e.g. {@code i32.add}. Both select forms are {@code select}. */
    public String mnemonic() {
        return mnemonic;
    }

    /** The immediates this instruction carries. */
    public OperandShape shape() {
        return shape;
    }

    /**
     * The fixed stack effect {@code [params] -> [results]}, or {@code null} for instructions whose effect
     * depends on context (control, locals, globals, calls, {@code select}, {@code drop}, reference and table
     * instructions). Memory instructions report the effect with an {@code i32} address.
     */
    public FuncType signature() {
        return signature;
    }

    /** The opcode with this prefix and code, or {@code null} when there is none. */
    public static Opcode of(int prefix, int code) {
        switch (prefix) {
            case 0: return code >= 0 && code < 256 ? PLAIN_CODES[code] : null;
            case 0xfc: return code >= 0 && code < 32 ? FC_CODES[code] : null;
            case 0xfd: return code >= 0 && code < 256 ? FD_CODES[code] : null;
            default: return null;
        }
    }

    /**
     * The natural alignment (log2 of the access width in bytes) of a memory instruction, or -1 when the
     * instruction does not access memory through a memory argument.
     */
    public int naturalAlignmentLog2() {
        return naturalAlignmentLog2;
    }

    private static int computeNaturalAlignmentLog2(String mnemonic, OperandShape shape) {
        if (shape != OperandShape.MEMORY && shape != OperandShape.MEMORY_LANE) {
            return -1;
        }
        String m = mnemonic;
        if (m.startsWith("v128.load") && (m.endsWith("x8_s") || m.endsWith("x8_u") || m.endsWith("x4_s")
                || m.endsWith("x4_u") || m.endsWith("x2_s") || m.endsWith("x2_u"))) {
            return 3;
        }
        if (m.contains("8_") || m.endsWith("8")) {
            return 0;
        }
        if (m.contains("16")) {
            return 1;
        }
        if (m.contains("32")) {
            return 2;
        }
        if (m.contains("64")) {
            return 3;
        }
        return m.startsWith("v128") ? 4 : -1;
    }

    /** For lane instructions, the number of lanes (lane immediates must be below it); otherwise -1. */
    public int laneCount() {
        return laneCount;
    }

    private static int computeLaneCount(String mnemonic, OperandShape shape, int naturalAlignmentLog2) {
        if (shape == OperandShape.MEMORY_LANE) {
            return 16 >> naturalAlignmentLog2;
        }
        if (shape != OperandShape.LANE) {
            return -1;
        }
        String m = mnemonic;
        return m.startsWith("i8x16") ? 16 : m.startsWith("i16x8") ? 8 : m.startsWith("i32x4") || m.startsWith("f32x4") ? 4 : 2;
    }

    @Override
    public String toString() {
        return mnemonic;
    }

    private static FuncType parseSignature(String signature) {
        int colon = signature.indexOf(':');
        return new FuncType(parseTypes(signature.substring(0, colon)), parseTypes(signature.substring(colon + 1)));
    }

    private static List<ValType> parseTypes(String letters) {
        List<ValType> types = new ArrayList<>();
        for (char c : letters.toCharArray()) {
            switch (c) {
                case 'i': types.add(ValType.I32); break;
                case 'l': types.add(ValType.I64); break;
                case 'f': types.add(ValType.F32); break;
                case 'd': types.add(ValType.F64); break;
                case 'v': types.add(ValType.V128); break;
                default: throw new IllegalArgumentException(letters);
            }
        }
        return types;
    }
}
