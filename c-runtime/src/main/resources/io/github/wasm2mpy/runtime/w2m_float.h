/*
 * Float semantics of WebAssembly, exact per spec on any C99 target with IEEE binary32/binary64 (hardware or
 * soft float). Sign, abs and copysign work on bits so NaN payloads survive; rounding functions are written
 * with integer conversions and need no libm; conversions to integers check their ranges before the C cast,
 * whose out-of-range behaviour is undefined.
 */
#ifndef W2M_FLOAT_H
#define W2M_FLOAT_H

static inline W2M_UNUSED W2M_FN u32 w2m_f32_bits(f32 x) { u32 b; memcpy(&b, &x, 4); return b; }
static inline W2M_UNUSED W2M_FN f32 w2m_f32_from_bits(u32 b) { f32 x; memcpy(&x, &b, 4); return x; }
static inline W2M_UNUSED W2M_FN u64 w2m_f64_bits(f64 x) { u64 b; memcpy(&b, &x, 8); return b; }
static inline W2M_UNUSED W2M_FN f64 w2m_f64_from_bits(u64 b) { f64 x; memcpy(&x, &b, 8); return x; }

static inline W2M_UNUSED W2M_FN f32 w2m_f32_neg(f32 x) { return w2m_f32_from_bits(w2m_f32_bits(x) ^ 0x80000000u); }
static inline W2M_UNUSED W2M_FN f32 w2m_f32_abs(f32 x) { return w2m_f32_from_bits(w2m_f32_bits(x) & 0x7fffffffu); }
static inline W2M_UNUSED W2M_FN f32 w2m_f32_copysign(f32 x, f32 y) {
  return w2m_f32_from_bits((w2m_f32_bits(x) & 0x7fffffffu) | (w2m_f32_bits(y) & 0x80000000u));
}
static inline W2M_UNUSED W2M_FN f64 w2m_f64_neg(f64 x) { return w2m_f64_from_bits(w2m_f64_bits(x) ^ 0x8000000000000000ull); }
static inline W2M_UNUSED W2M_FN f64 w2m_f64_abs(f64 x) { return w2m_f64_from_bits(w2m_f64_bits(x) & 0x7fffffffffffffffull); }
static inline W2M_UNUSED W2M_FN f64 w2m_f64_copysign(f64 x, f64 y) {
  return w2m_f64_from_bits((w2m_f64_bits(x) & 0x7fffffffffffffffull) | (w2m_f64_bits(y) & 0x8000000000000000ull));
}

/* min/max: NaN if either operand is (a + b quiets a signalling NaN and keeps a payload), and -0 < +0. */
static inline W2M_UNUSED W2M_FN f32 w2m_f32_min(f32 a, f32 b) {
  if (W2M_UNLIKELY(a != a || b != b)) return a + b;
  if (a == b) return w2m_f32_from_bits(w2m_f32_bits(a) | w2m_f32_bits(b));
  return a < b ? a : b;
}
static inline W2M_UNUSED W2M_FN f32 w2m_f32_max(f32 a, f32 b) {
  if (W2M_UNLIKELY(a != a || b != b)) return a + b;
  if (a == b) return w2m_f32_from_bits(w2m_f32_bits(a) & w2m_f32_bits(b));
  return a > b ? a : b;
}
static inline W2M_UNUSED W2M_FN f64 w2m_f64_min(f64 a, f64 b) {
  if (W2M_UNLIKELY(a != a || b != b)) return a + b;
  if (a == b) return w2m_f64_from_bits(w2m_f64_bits(a) | w2m_f64_bits(b));
  return a < b ? a : b;
}
static inline W2M_UNUSED W2M_FN f64 w2m_f64_max(f64 a, f64 b) {
  if (W2M_UNLIKELY(a != a || b != b)) return a + b;
  if (a == b) return w2m_f64_from_bits(w2m_f64_bits(a) & w2m_f64_bits(b));
  return a > b ? a : b;
}

/*
 * Rounding. Values with |x| >= 2^23 (2^52) are integers already, and NaN goes through x + x to become an
 * arithmetic NaN. Below that, a C conversion to an integer truncates exactly; the sign is copied back so that
 * -0.5 rounds to -0.
 */
static inline W2M_UNUSED W2M_FN f32 w2m_f32_trunc(f32 x) {
  if (x != x) return x + x;
  if (!(w2m_f32_abs(x) < 8388608.0f)) return x;
  return w2m_f32_copysign((f32)(s32)x, x);
}
static inline W2M_UNUSED W2M_FN f32 w2m_f32_floor(f32 x) {
  if (x != x) return x + x;
  if (!(w2m_f32_abs(x) < 8388608.0f)) return x;
  f32 t = (f32)(s32)x;
  if (t > x) t -= 1.0f;
  return w2m_f32_copysign(t, x);
}
static inline W2M_UNUSED W2M_FN f32 w2m_f32_ceil(f32 x) {
  if (x != x) return x + x;
  if (!(w2m_f32_abs(x) < 8388608.0f)) return x;
  f32 t = (f32)(s32)x;
  if (t < x) t += 1.0f;
  return w2m_f32_copysign(t, x);
}
static inline W2M_UNUSED W2M_FN f32 w2m_f32_nearest(f32 x) {
  if (x != x) return x + x;
  f32 a = w2m_f32_abs(x);
  if (!(a < 8388608.0f)) return x;
  /* Round half to even by integer arithmetic, independent of the FPU's rounding mode. */
  s32 i = (s32)a;
  f32 frac = a - (f32)i;
  if (frac > 0.5f || (frac == 0.5f && (i & 1))) i++;
  return w2m_f32_copysign((f32)i, x);
}
static inline W2M_UNUSED W2M_FN f64 w2m_f64_trunc(f64 x) {
  if (x != x) return x + x;
  if (!(w2m_f64_abs(x) < 4503599627370496.0)) return x;
  return w2m_f64_copysign((f64)(s64)x, x);
}
static inline W2M_UNUSED W2M_FN f64 w2m_f64_floor(f64 x) {
  if (x != x) return x + x;
  if (!(w2m_f64_abs(x) < 4503599627370496.0)) return x;
  f64 t = (f64)(s64)x;
  if (t > x) t -= 1.0;
  return w2m_f64_copysign(t, x);
}
static inline W2M_UNUSED W2M_FN f64 w2m_f64_ceil(f64 x) {
  if (x != x) return x + x;
  if (!(w2m_f64_abs(x) < 4503599627370496.0)) return x;
  f64 t = (f64)(s64)x;
  if (t < x) t += 1.0;
  return w2m_f64_copysign(t, x);
}
static inline W2M_UNUSED W2M_FN f64 w2m_f64_nearest(f64 x) {
  if (x != x) return x + x;
  f64 a = w2m_f64_abs(x);
  if (!(a < 4503599627370496.0)) return x;
  s64 i = (s64)a;
  f64 frac = a - (f64)i;
  if (frac > 0.5 || (frac == 0.5 && (i & 1))) i++;
  return w2m_f64_copysign((f64)i, x);
}

/* Promotion and demotion quiet a NaN explicitly: gcc folds f32->f64->f32 to nothing, which would keep a
   signalling NaN signalling. */
static inline W2M_UNUSED W2M_FN f64 w2m_f64_promote_f32(f32 x) {
  f64 r = (f64)x;
  if (W2M_UNLIKELY(r != r)) r = w2m_f64_from_bits(w2m_f64_bits(r) | 0x0008000000000000ull);
  return r;
}
static inline W2M_UNUSED W2M_FN f32 w2m_f32_demote_f64(f64 x) {
  f32 r = (f32)x;
  if (W2M_UNLIKELY(r != r)) r = w2m_f32_from_bits(w2m_f32_bits(r) | 0x00400000u);
  return r;
}

static inline W2M_UNUSED W2M_FN f32 w2m_f32_sqrt(f32 x) { return __builtin_sqrtf(x); }
static inline W2M_UNUSED W2M_FN f64 w2m_f64_sqrt(f64 x) { return __builtin_sqrt(x); }

/*
 * Trapping conversions. Each range is open or closed exactly where the first unrepresentable value lies;
 * the bounds are exact powers of two (or those minus one) in the source float type.
 */
#define W2M_TRUNC(name, T, F, lo_ok, hi_ok)                                      \
  static inline W2M_UNUSED W2M_FN T name(F x) {                                         \
    if (W2M_UNLIKELY(x != x)) w2m_trap(W2M_TRAP_INVALID_CONVERSION);             \
    if (W2M_UNLIKELY(!(lo_ok && hi_ok))) w2m_trap(W2M_TRAP_INT_OVERFLOW);        \
    return (T)x;                                                                 \
  }
W2M_TRUNC(w2m_i32_trunc_f32_s, s32, f32, x >= -2147483648.0f, x < 2147483648.0f)
W2M_TRUNC(w2m_i32_trunc_f32_u, u32, f32, x > -1.0f, x < 4294967296.0f)
W2M_TRUNC(w2m_i32_trunc_f64_s, s32, f64, x > -2147483649.0, x < 2147483648.0)
W2M_TRUNC(w2m_i32_trunc_f64_u, u32, f64, x > -1.0, x < 4294967296.0)
W2M_TRUNC(w2m_i64_trunc_f32_s, s64, f32, x >= -9223372036854775808.0f, x < 9223372036854775808.0f)
W2M_TRUNC(w2m_i64_trunc_f32_u, u64, f32, x > -1.0f, x < 18446744073709551616.0f)
W2M_TRUNC(w2m_i64_trunc_f64_s, s64, f64, x >= -9223372036854775808.0, x < 9223372036854775808.0)
W2M_TRUNC(w2m_i64_trunc_f64_u, u64, f64, x > -1.0, x < 18446744073709551616.0)
#undef W2M_TRUNC

/* Saturating conversions: NaN gives 0, out-of-range values give the nearest bound. */
#define W2M_TRUNC_SAT(name, T, F, lo_ok, hi_ok, lo, hi)                          \
  static inline W2M_UNUSED W2M_FN T name(F x) {                                         \
    if (W2M_UNLIKELY(x != x)) return 0;                                          \
    if (W2M_UNLIKELY(!(lo_ok))) return lo;                                       \
    if (W2M_UNLIKELY(!(hi_ok))) return hi;                                       \
    return (T)x;                                                                 \
  }
W2M_TRUNC_SAT(w2m_i32_trunc_sat_f32_s, s32, f32, x >= -2147483648.0f, x < 2147483648.0f, INT32_MIN, INT32_MAX)
W2M_TRUNC_SAT(w2m_i32_trunc_sat_f32_u, u32, f32, x > -1.0f, x < 4294967296.0f, 0, UINT32_MAX)
W2M_TRUNC_SAT(w2m_i32_trunc_sat_f64_s, s32, f64, x > -2147483649.0, x < 2147483648.0, INT32_MIN, INT32_MAX)
W2M_TRUNC_SAT(w2m_i32_trunc_sat_f64_u, u32, f64, x > -1.0, x < 4294967296.0, 0, UINT32_MAX)
W2M_TRUNC_SAT(w2m_i64_trunc_sat_f32_s, s64, f32, x >= -9223372036854775808.0f, x < 9223372036854775808.0f, INT64_MIN, INT64_MAX)
W2M_TRUNC_SAT(w2m_i64_trunc_sat_f32_u, u64, f32, x > -1.0f, x < 18446744073709551616.0f, 0, UINT64_MAX)
W2M_TRUNC_SAT(w2m_i64_trunc_sat_f64_s, s64, f64, x >= -9223372036854775808.0, x < 9223372036854775808.0, INT64_MIN, INT64_MAX)
W2M_TRUNC_SAT(w2m_i64_trunc_sat_f64_u, u64, f64, x > -1.0, x < 18446744073709551616.0, 0, UINT64_MAX)
#undef W2M_TRUNC_SAT

#endif /* W2M_FLOAT_H */
