/* Integer semantics of WebAssembly that C leaves undefined: division traps, shifts, rotations, bit counts. */
#ifndef W2M_INT_H
#define W2M_INT_H

static inline W2M_UNUSED W2M_FN u32 w2m_i32_div_s(u32 a, u32 b) {
  if (W2M_UNLIKELY(b == 0)) w2m_trap(W2M_TRAP_DIV_BY_ZERO);
  if (W2M_UNLIKELY(a == 0x80000000u && b == 0xffffffffu)) w2m_trap(W2M_TRAP_INT_OVERFLOW);
  return (u32)((s32)a / (s32)b);
}
static inline W2M_UNUSED W2M_FN u32 w2m_i32_div_u(u32 a, u32 b) {
  if (W2M_UNLIKELY(b == 0)) w2m_trap(W2M_TRAP_DIV_BY_ZERO);
  return a / b;
}
static inline W2M_UNUSED W2M_FN u32 w2m_i32_rem_s(u32 a, u32 b) {
  if (W2M_UNLIKELY(b == 0)) w2m_trap(W2M_TRAP_DIV_BY_ZERO);
  /* INT_MIN % -1 overflows in C; its wasm result is 0. */
  if (W2M_UNLIKELY(b == 0xffffffffu)) return 0;
  return (u32)((s32)a % (s32)b);
}
static inline W2M_UNUSED W2M_FN u32 w2m_i32_rem_u(u32 a, u32 b) {
  if (W2M_UNLIKELY(b == 0)) w2m_trap(W2M_TRAP_DIV_BY_ZERO);
  return a % b;
}
static inline W2M_UNUSED W2M_FN u64 w2m_i64_div_s(u64 a, u64 b) {
  if (W2M_UNLIKELY(b == 0)) w2m_trap(W2M_TRAP_DIV_BY_ZERO);
  if (W2M_UNLIKELY(a == 0x8000000000000000ull && b == 0xffffffffffffffffull)) w2m_trap(W2M_TRAP_INT_OVERFLOW);
  return (u64)((s64)a / (s64)b);
}
static inline W2M_UNUSED W2M_FN u64 w2m_i64_div_u(u64 a, u64 b) {
  if (W2M_UNLIKELY(b == 0)) w2m_trap(W2M_TRAP_DIV_BY_ZERO);
  return a / b;
}
static inline W2M_UNUSED W2M_FN u64 w2m_i64_rem_s(u64 a, u64 b) {
  if (W2M_UNLIKELY(b == 0)) w2m_trap(W2M_TRAP_DIV_BY_ZERO);
  if (W2M_UNLIKELY(b == 0xffffffffffffffffull)) return 0;
  return (u64)((s64)a % (s64)b);
}
static inline W2M_UNUSED W2M_FN u64 w2m_i64_rem_u(u64 a, u64 b) {
  if (W2M_UNLIKELY(b == 0)) w2m_trap(W2M_TRAP_DIV_BY_ZERO);
  return a % b;
}

/* Right shift of a negative value is implementation-defined in C; this form is exact everywhere and gcc
   still emits one arithmetic shift. */
static inline W2M_UNUSED W2M_FN u32 w2m_i32_shr_s(u32 a, u32 b) {
  b &= 31;
  return (a & 0x80000000u) ? ~(~a >> b) : a >> b;
}
static inline W2M_UNUSED W2M_FN u64 w2m_i64_shr_s(u64 a, u64 b) {
  b &= 63;
  return (a & 0x8000000000000000ull) ? ~(~a >> b) : a >> b;
}
static inline W2M_UNUSED W2M_FN u32 w2m_i32_rotl(u32 a, u32 b) { b &= 31; return (a << b) | (a >> ((32 - b) & 31)); }
static inline W2M_UNUSED W2M_FN u32 w2m_i32_rotr(u32 a, u32 b) { b &= 31; return (a >> b) | (a << ((32 - b) & 31)); }
static inline W2M_UNUSED W2M_FN u64 w2m_i64_rotl(u64 a, u64 b) { b &= 63; return (a << b) | (a >> ((64 - b) & 63)); }
static inline W2M_UNUSED W2M_FN u64 w2m_i64_rotr(u64 a, u64 b) { b &= 63; return (a >> b) | (a << ((64 - b) & 63)); }

static inline W2M_UNUSED W2M_FN u32 w2m_i32_clz(u32 a) { return a == 0 ? 32 : (u32)__builtin_clz(a); }
static inline W2M_UNUSED W2M_FN u32 w2m_i32_ctz(u32 a) { return a == 0 ? 32 : (u32)__builtin_ctz(a); }
static inline W2M_UNUSED W2M_FN u32 w2m_i32_popcnt(u32 a) { return (u32)__builtin_popcount(a); }
static inline W2M_UNUSED W2M_FN u64 w2m_i64_clz(u64 a) { return a == 0 ? 64 : (u64)__builtin_clzll(a); }
static inline W2M_UNUSED W2M_FN u64 w2m_i64_ctz(u64 a) { return a == 0 ? 64 : (u64)__builtin_ctzll(a); }
static inline W2M_UNUSED W2M_FN u64 w2m_i64_popcnt(u64 a) { return (u64)__builtin_popcountll(a); }

static inline W2M_UNUSED W2M_FN u32 w2m_i32_extend8_s(u32 a) { return (u32)(s32)(s8)(u8)a; }
static inline W2M_UNUSED W2M_FN u32 w2m_i32_extend16_s(u32 a) { return (u32)(s32)(s16)(u16)a; }
static inline W2M_UNUSED W2M_FN u64 w2m_i64_extend8_s(u64 a) { return (u64)(s64)(s8)(u8)a; }
static inline W2M_UNUSED W2M_FN u64 w2m_i64_extend16_s(u64 a) { return (u64)(s64)(s16)(u16)a; }
static inline W2M_UNUSED W2M_FN u64 w2m_i64_extend32_s(u64 a) { return (u64)(s64)(s32)(u32)a; }

/* Loads and stores at an address known to be a multiple of the width (a constant address in a memory whose
 * base is 8-aligned): one word move even on targets that fault on unaligned words (Cortex-M0, RV32). Always
 * inline, because under -Os gcc keeps w2m_load_u32 and friends out of line once they are used often, and the
 * alignment the caller knows does not cross that call: the call would test the address again. */
#if defined(__GNUC__)
#define W2M_ALIGNED_FN static inline __attribute__((always_inline)) W2M_UNUSED W2M_FN
#define W2M_ASSUME_ALIGNED(p, n) __builtin_assume_aligned((p), (n))
#else
#define W2M_ALIGNED_FN static inline W2M_UNUSED W2M_FN
#define W2M_ASSUME_ALIGNED(p, n) (p)
#endif
#define W2M_ALIGNED_LOAD(name, t, r, n) \
  W2M_ALIGNED_FN r w2m_load_##name##_aligned(const u8 *p) { t v; memcpy(&v, W2M_ASSUME_ALIGNED(p, n), n); return (r)v; }
#define W2M_ALIGNED_STORE(name, t, r, n) \
  W2M_ALIGNED_FN void w2m_store_##name##_aligned(u8 *p, r v) { t w = (t)v; memcpy(W2M_ASSUME_ALIGNED(p, n), &w, n); }
W2M_ALIGNED_LOAD(u16, u16, u32, 2)
W2M_ALIGNED_LOAD(u32, u32, u32, 4)
W2M_ALIGNED_LOAD(u64, u64, u64, 8)
W2M_ALIGNED_LOAD(f32, f32, f32, 4)
W2M_ALIGNED_LOAD(f64, f64, f64, 8)
W2M_ALIGNED_FN u32 w2m_load_s16_aligned(const u8 *p) { return (u32)(s32)(s16)w2m_load_u16_aligned(p); }
W2M_ALIGNED_STORE(u16, u16, u32, 2)
W2M_ALIGNED_STORE(u32, u32, u32, 4)
W2M_ALIGNED_STORE(u64, u64, u64, 8)
W2M_ALIGNED_STORE(f32, f32, f32, 4)
W2M_ALIGNED_STORE(f64, f64, f64, 8)

/*
 * Targets that fault on unaligned word accesses: Cortex-M0/M0+ (ARMv6-M), RISC-V without fast misaligned
 * accesses, Xtensa. There gcc turns a memcpy at an unknown alignment into byte moves (RISC-V -O2) or a call of
 * memcpy (-Os, and ARMv6-M at -O2 too), for every access. Wasm code accesses aligned words almost always, so
 * these targets test the address and move one word when it is aligned; the rare unaligned access goes through
 * one out-of-line byte-wise copy per width. Not under -Os, where the test at every access site made modules
 * larger. -DW2M_STRICT_ALIGN=1 selects this path on any target (the spec harness runs it on x64), 0 the memcpy.
 */
#ifndef W2M_STRICT_TARGET
#if (defined(__arm__) && !defined(__ARM_FEATURE_UNALIGNED)) || (defined(__riscv) && !defined(__riscv_misaligned_fast)) \
    || defined(__XTENSA__)
#define W2M_STRICT_TARGET 1
#else
#define W2M_STRICT_TARGET 0
#endif
#endif
#ifndef W2M_STRICT_ALIGN
#if W2M_STRICT_TARGET && !defined(__OPTIMIZE_SIZE__)
#define W2M_STRICT_ALIGN 1
#else
#define W2M_STRICT_ALIGN 0
#endif
#endif

/* Little-endian loads and stores at any alignment. */
static inline W2M_UNUSED W2M_FN u32 w2m_load_u8(const u8 *p) { return *p; }
static inline W2M_UNUSED W2M_FN u32 w2m_load_s8(const u8 *p) { return (u32)(s32)(s8)*p; }
static inline W2M_UNUSED W2M_FN void w2m_store_u8(u8 *p, u32 v) { *p = (u8)v; }
#if W2M_STRICT_TARGET || W2M_STRICT_ALIGN
#define W2M_IS_ALIGNED(p, n) W2M_LIKELY(((uintptr_t)(p) & ((n) - 1)) == 0)
/* Halfwords byte by byte: two byte moves cost less than the test and the call (or the memcpy call). */
static inline W2M_UNUSED W2M_FN u32 w2m_load_u16_bytes(const u8 *p) { return (u32)p[0] | (u32)p[1] << 8; }
static inline W2M_UNUSED W2M_FN u32 w2m_load_s16_bytes(const u8 *p) { return (u32)(s32)(s16)(u16)w2m_load_u16_bytes(p); }
static inline W2M_UNUSED W2M_FN void w2m_store_u16_bytes(u8 *p, u32 v) { p[0] = (u8)v; p[1] = (u8)(v >> 8); }
#endif
#if W2M_STRICT_ALIGN
static W2M_NOIPA W2M_UNUSED W2M_FN u32 w2m_load_u32_bytes(const u8 *p) {
  return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}
static W2M_NOIPA W2M_UNUSED W2M_FN void w2m_store_u32_bytes(u8 *p, u32 v) {
  p[0] = (u8)v; p[1] = (u8)(v >> 8); p[2] = (u8)(v >> 16); p[3] = (u8)(v >> 24);
}
static inline W2M_UNUSED W2M_FN u32 w2m_load_u16(const u8 *p) { return w2m_load_u16_bytes(p); }
static inline W2M_UNUSED W2M_FN u32 w2m_load_s16(const u8 *p) { return w2m_load_s16_bytes(p); }
static inline W2M_UNUSED W2M_FN void w2m_store_u16(u8 *p, u32 v) { w2m_store_u16_bytes(p, v); }
static inline W2M_UNUSED W2M_FN u32 w2m_load_u32(const u8 *p) {
  return W2M_IS_ALIGNED(p, 4) ? w2m_load_u32_aligned(p) : w2m_load_u32_bytes(p);
}
static inline W2M_UNUSED W2M_FN void w2m_store_u32(u8 *p, u32 v) {
  if (W2M_IS_ALIGNED(p, 4)) w2m_store_u32_aligned(p, v); else w2m_store_u32_bytes(p, v);
}
/* Eight bytes as two words: a 32-bit target moves them with two word moves, which need 4-byte alignment only. */
static inline W2M_UNUSED W2M_FN u64 w2m_load_u64(const u8 *p) {
  if (W2M_IS_ALIGNED(p, 4)) return (u64)w2m_load_u32_aligned(p) | (u64)w2m_load_u32_aligned(p + 4) << 32;
  return (u64)w2m_load_u32_bytes(p) | (u64)w2m_load_u32_bytes(p + 4) << 32;
}
static inline W2M_UNUSED W2M_FN void w2m_store_u64(u8 *p, u64 v) {
  w2m_store_u32(p, (u32)v);
  w2m_store_u32(p + 4, (u32)(v >> 32));
}
static inline W2M_UNUSED W2M_FN f32 w2m_load_f32(const u8 *p) { u32 b = w2m_load_u32(p); f32 v; memcpy(&v, &b, 4); return v; }
static inline W2M_UNUSED W2M_FN f64 w2m_load_f64(const u8 *p) { u64 b = w2m_load_u64(p); f64 v; memcpy(&v, &b, 8); return v; }
static inline W2M_UNUSED W2M_FN void w2m_store_f32(u8 *p, f32 v) { u32 b; memcpy(&b, &v, 4); w2m_store_u32(p, b); }
static inline W2M_UNUSED W2M_FN void w2m_store_f64(u8 *p, f64 v) { u64 b; memcpy(&b, &v, 8); w2m_store_u64(p, b); }
#else
/* memcpy becomes one move where the target allows unaligned ones. */
static inline W2M_UNUSED W2M_FN u32 w2m_load_u16(const u8 *p) { u16 v; memcpy(&v, p, 2); return v; }
static inline W2M_UNUSED W2M_FN u32 w2m_load_s16(const u8 *p) { u16 v; memcpy(&v, p, 2); return (u32)(s32)(s16)v; }
static inline W2M_UNUSED W2M_FN u32 w2m_load_u32(const u8 *p) { u32 v; memcpy(&v, p, 4); return v; }
static inline W2M_UNUSED W2M_FN u64 w2m_load_u64(const u8 *p) { u64 v; memcpy(&v, p, 8); return v; }
static inline W2M_UNUSED W2M_FN f32 w2m_load_f32(const u8 *p) { f32 v; memcpy(&v, p, 4); return v; }
static inline W2M_UNUSED W2M_FN f64 w2m_load_f64(const u8 *p) { f64 v; memcpy(&v, p, 8); return v; }
static inline W2M_UNUSED W2M_FN void w2m_store_u16(u8 *p, u32 v) { u16 w = (u16)v; memcpy(p, &w, 2); }
static inline W2M_UNUSED W2M_FN void w2m_store_u32(u8 *p, u32 v) { memcpy(p, &v, 4); }
static inline W2M_UNUSED W2M_FN void w2m_store_u64(u8 *p, u64 v) { memcpy(p, &v, 8); }
static inline W2M_UNUSED W2M_FN void w2m_store_f32(u8 *p, f32 v) { memcpy(p, &v, 4); }
static inline W2M_UNUSED W2M_FN void w2m_store_f64(u8 *p, f64 v) { memcpy(p, &v, 8); }
#endif

/*
 * The moves inside the out-of-line accessors (-Os on Cortex-M0, RISC-V, Xtensa): there is one accessor per kind,
 * so the alignment test costs its bytes once per kind, and an aligned access no longer goes through memcpy (a
 * call of the port's memmove through MicroPython's function table in a natmod).
 */
#if W2M_STRICT_TARGET && !W2M_STRICT_ALIGN
#define W2M_ACC_WORD(name, r, n) \
  static inline W2M_UNUSED W2M_FN r w2m_acc_load_##name(const u8 *p) { \
    return W2M_IS_ALIGNED(p, n) ? w2m_load_##name##_aligned(p) : w2m_load_##name(p); } \
  static inline W2M_UNUSED W2M_FN void w2m_acc_store_##name(u8 *p, r v) { \
    if (W2M_IS_ALIGNED(p, n)) w2m_store_##name##_aligned(p, v); else w2m_store_##name(p, v); }
W2M_ACC_WORD(u32, u32, 4)
W2M_ACC_WORD(f32, f32, 4)
W2M_ACC_WORD(u64, u64, 8)
W2M_ACC_WORD(f64, f64, 8)
#undef W2M_ACC_WORD
#define w2m_acc_load_u16 w2m_load_u16_bytes
#define w2m_acc_load_s16 w2m_load_s16_bytes
#define w2m_acc_store_u16 w2m_store_u16_bytes
#else
#define w2m_acc_load_u16 w2m_load_u16
#define w2m_acc_load_s16 w2m_load_s16
#define w2m_acc_load_u32 w2m_load_u32
#define w2m_acc_load_u64 w2m_load_u64
#define w2m_acc_load_f32 w2m_load_f32
#define w2m_acc_load_f64 w2m_load_f64
#define w2m_acc_store_u16 w2m_store_u16
#define w2m_acc_store_u32 w2m_store_u32
#define w2m_acc_store_u64 w2m_store_u64
#define w2m_acc_store_f32 w2m_store_f32
#define w2m_acc_store_f64 w2m_store_f64
#endif
#define w2m_acc_load_u8 w2m_load_u8
#define w2m_acc_load_s8 w2m_load_s8
#define w2m_acc_store_u8 w2m_store_u8

#endif /* W2M_INT_H */
