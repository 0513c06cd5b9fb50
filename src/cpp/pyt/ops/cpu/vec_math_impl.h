// The vectorised float32 math of vec_math.h, written once with GCC vector extensions and
// compiled once per instruction set (Note [SIMD dispatch]). Include only from
// vec_math_base.cpp / vec_math_avx2.cpp, after defining PYT_VEC_TABLE (the name of the table
// to define) and PYT_VEC_ISA (its name as a string).
//
// Everything here has internal linkage and calls no inline function of another header: an
// inline function instantiated in the AVX2 translation unit could otherwise be picked by the
// linker for the whole library and run AVX2 code on a CPU without it. Scalar fallbacks call
// libm's extern "C" functions (sinf, cosf, tanf) directly.
//
// The algorithms are Cephes' single-precision ones (S. L. Moshier, Cephes Math Library:
// expf, logf, log2f, log10f, sinf/cosf, tanhf), evaluated on 8 lanes at once (sin, cos and
// tan reduce their argument in double precision, as fdlibm's two-part pi/2); erf uses
// least-squares fits of erf(x)/x in x^2 on [0, 1] and of log(erfc(x)) on [1, 4].
#include <math.h>

#include <cstdint>

#include "pyt/ops/cpu/vec_math.h"

namespace {

constexpr int W = 8;
typedef float vf __attribute__((vector_size(32)));
typedef int32_t vi __attribute__((vector_size(32)));

#define PYT_VI __attribute__((always_inline)) static inline

PYT_VI vf load(const float* p) {
  vf v;
  __builtin_memcpy(&v, p, sizeof(v));
  return v;
}
PYT_VI void store(float* p, vf v) { __builtin_memcpy(p, &v, sizeof(v)); }
PYT_VI vf splat(float c) { return vf{} + c; }
PYT_VI vi as_int(vf v) { return __builtin_bit_cast(vi, v); }
PYT_VI vf as_float(vi v) { return __builtin_bit_cast(vf, v); }
PYT_VI vf select(vi m, vf a, vf b) { return m ? a : b; }
PYT_VI vf vabs(vf x) { return as_float(as_int(x) & 0x7fffffff); }
PYT_VI vf copysign_of(vf mag, vf sgn) {
  return as_float((as_int(mag) & 0x7fffffff) | (as_int(sgn) & int32_t(0x80000000u)));
}
PYT_VI vf vmin(vf a, vf b) { return a < b ? a : b; }  // b when a is NaN
PYT_VI vf vmax(vf a, vf b) { return a > b ? a : b; }
// x rounded to an integer, half to even (the default rounding mode), for |x| < 2^22.
PYT_VI vf round_small(vf x) {
  const float magic = 12582912.0f;  // 1.5 * 2^23
  return (x + magic) - magic;
}
typedef uint32_t vu __attribute__((vector_size(32)));
// 2^n for integer n in [-126, 127] (shifted as unsigned: a NaN lane's garbage n stays defined).
PYT_VI vf pow2i(vi n) { return as_float(reinterpret_cast<vi>(reinterpret_cast<vu>(n + 127) << 23)); }
PYT_VI vi to_int(vf x) { return __builtin_convertvector(x, vi); }
PYT_VI vf to_float(vi x) { return __builtin_convertvector(x, vf); }
PYT_VI bool any(vi m) {
  int32_t r = 0;
  for (int i = 0; i < W; ++i) r |= m[i];
  return r != 0;
}
// NaN inputs give NaN (the input itself) whatever the algorithm computed for them.
PYT_VI vf keep_nan(vf x, vf r) { return select(x != x, x, r); }

// ------------------------------------------------------------------ exp family
// exp(r) for |r| <= ln2/2 (Cephes expf's polynomial).
PYT_VI vf exp_poly(vf r) {
  vf p = splat(1.9875691500e-4f);
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  return p * (r * r) + r + 1.0f;
}
// y * 2^n for n in [-151, 129], with one rounding (denormal results included).
PYT_VI vf scale(vf y, vf nf) {
  vi n = to_int(nf);
  vi n1 = n >> 1;
  return y * pow2i(n1) * pow2i(n - n1);
}

PYT_VI vf v_exp(vf x) {
  vf xc = vmax(vmin(x, splat(88.8f)), splat(-104.0f));
  vf n = round_small(xc * 1.44269504088896341f);
  vf r = xc - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  return keep_nan(x, scale(exp_poly(r), n));
}

PYT_VI vf v_exp2(vf x) {
  vf xc = vmax(vmin(x, splat(128.5f)), splat(-151.0f));
  vf n = round_small(xc);
  vf r = (xc - n) * 0.693147180559945309f;  // xc - n is exact
  return keep_nan(x, scale(exp_poly(r), n));
}

PYT_VI vf v_expm1(vf x) {
  // Taylor series below 0.35 (no cancellation), exp(x) - 1 above.
  vf p = splat(1.0f / 40320);
  p = p * x + 1.0f / 5040;
  p = p * x + 1.0f / 720;
  p = p * x + 1.0f / 120;
  p = p * x + 1.0f / 24;
  p = p * x + 1.0f / 6;
  p = p * x + 0.5f;
  vf small = p * (x * x) + x;
  vf big = v_exp(x) - 1.0f;
  return keep_nan(x, select(vabs(x) < 0.35f, small, big));
}

// exp(x) for sigmoid-like uses, 1 / (1 + exp(x)) and x / (1 + exp(x)), where an exp below
// FLT_MIN and 0 give the same result: v_exp's value wherever that is a normal float, inf above
// (x > 88.72), and 0 or a normal float for x < -86.6 (no denormals). One power-of-two factor;
// NaN passes through the clamps (a NaN operand is returned by the second operand's side).
PYT_VI vf exp_lean(vf x) {
  vf xc = vmin(splat(88.8f), vmax(splat(-87.0f), x));
  vf n = round_small(xc * 1.44269504088896341f);
  vf r = xc - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  return (exp_poly(r) * 2.0f) * pow2i(to_int(n - 1.0f));
}

PYT_VI vf v_sigmoid(vf x) { return 1.0f / (1.0f + exp_lean(-x)); }

PYT_VI vf v_tanh(vf x) {
  vf ax = vabs(x);
  vf z = x * x;
  vf p = splat(-5.70498872745e-3f);
  p = p * z + 2.06390887954e-2f;
  p = p * z - 5.37397155531e-2f;
  p = p * z + 1.33314422036e-1f;
  p = p * z - 3.33332819422e-1f;
  vf small = p * z * x + x;
  vf big = copysign_of(1.0f - 2.0f / (v_exp(ax + ax) + 1.0f), x);
  return keep_nan(x, select(ax < 0.625f, small, big));
}

// ------------------------------------------------------------------ log family
// Splits x > 0 (finite, normal or denormal) into e and f with x = 2^e * (1 + f),
// 1 + f in [sqrt(1/2), sqrt(2)); returns f and sets e.
PYT_VI vf log_split(vf x, vf& e) {
  vi den = x < 1.17549435e-38f;
  x = select(den, x * 8388608.0f, x);  // 2^23
  vi bits = as_int(x);
  vi ei = ((bits >> 23) & 0xff) - 126;
  ei = ei - (den & 23);
  vf m = as_float((bits & 0x007fffff) | 0x3f000000);  // [0.5, 1)
  vi lo = m < 0.707106781186547524f;
  ei = ei + lo;  // lo is -1 where true
  e = to_float(ei);
  return m - 1.0f + select(lo, m, splat(0.0f));
}
// log(1 + f) - f + f^2/2 for f in [sqrt(1/2) - 1, sqrt(2) - 1] (Cephes logf's polynomial).
PYT_VI vf log_poly(vf f) {
  vf z = f * f;
  vf p = splat(7.0376836292e-2f);
  p = p * f - 1.1514610310e-1f;
  p = p * f + 1.1676998740e-1f;
  p = p * f - 1.2420140846e-1f;
  p = p * f + 1.4249322787e-1f;
  p = p * f - 1.6668057665e-1f;
  p = p * f + 2.0000714765e-1f;
  p = p * f - 2.4999993993e-1f;
  p = p * f + 3.3333331174e-1f;
  return p * f * z;
}
// NaN for x < 0 or NaN, -inf for 0, +inf for +inf.
PYT_VI vf log_special(vf x, vf r) {
  r = select(x == 0.0f, splat(-__builtin_inff()), r);
  r = select(x == __builtin_inff(), splat(__builtin_inff()), r);
  return select((x < 0.0f) | (x != x), splat(__builtin_nanf("")), r);
}

PYT_VI vf v_log(vf x) {
  vf e;
  vf f = log_split(x, e);
  vf y = log_poly(f) + e * -2.12194440e-4f;
  y = y - 0.5f * (f * f);
  vf r = f + y + e * 0.693359375f;
  return log_special(x, r);
}

PYT_VI vf v_log2(vf x) {
  vf e;
  vf f = log_split(x, e);
  vf y = log_poly(f) - 0.5f * (f * f);  // log(1 + f) - f
  const float a = 0.44269504088896340736f;  // log2(e) - 1
  vf r = y * a + f * a + y + f + e;       // Cephes log2f's order
  return log_special(x, r);
}

PYT_VI vf v_log10(vf x) {
  vf e;
  vf f = log_split(x, e);
  vf y = log_poly(f) - 0.5f * (f * f);
  vf r = (f + y) * 7.00731903251827651129e-4f;  // Cephes log10f's order: small terms first
  r = r + y * 4.3359375e-1f;
  r = r + f * 4.3359375e-1f;
  r = r + e * 2.48745663981195213739e-4f;
  r = r + e * 3.0078125e-1f;
  return log_special(x, r);
}

PYT_VI vf v_log1p(vf x) {
  // log(u) * x / (u - 1) with u = 1 + x rounded: corrects u's rounding error (Goldberg).
  vf u = 1.0f + x;
  vf d = u - 1.0f;
  vf r = select(d == 0.0f, x, v_log(u) * (x / d));
  r = select(x == __builtin_inff(), x, r);
  return keep_nan(x, r);
}

// ------------------------------------------------------------------ trigonometry
constexpr float kTrigMax = 65536.0f;  // beyond this: libm

typedef double vd __attribute__((vector_size(32)));
typedef float vf4 __attribute__((vector_size(16)));

// (a - n * pi/2) in double with pi/2 split in two (fdlibm's pio2_1, pio2_1t: n * pio2_1 is
// exact for n < 2^20), so r is accurate to ~1e-20 even where sin or cos is tiny.
PYT_VI vf4 reduce_half(vf4 a, vf4 n) {
  vd ad = __builtin_convertvector(a, vd), nd = __builtin_convertvector(n, vd);
  vd r = (ad - nd * 1.57079632673412561417e+00) - nd * 6.07710050650619224932e-11;
  return __builtin_convertvector(r, vf4);
}
// r = |x| - n * pi/2 in [-pi/4, pi/4] (about), n returned in q.
PYT_VI vf trig_reduce(vf ax, vi& q) {
  vf n = round_small(ax * 0.636619772367581343f);
  q = to_int(n);
  vf4 r0 = reduce_half(__builtin_shufflevector(ax, ax, 0, 1, 2, 3), __builtin_shufflevector(n, n, 0, 1, 2, 3));
  vf4 r1 = reduce_half(__builtin_shufflevector(ax, ax, 4, 5, 6, 7), __builtin_shufflevector(n, n, 4, 5, 6, 7));
  return __builtin_shufflevector(r0, r1, 0, 1, 2, 3, 4, 5, 6, 7);
}
PYT_VI vf sin_poly(vf r) {
  vf z = r * r;
  vf p = splat(-1.9515295891e-4f);
  p = p * z + 8.3321608736e-3f;
  p = p * z - 1.6666654611e-1f;
  return p * z * r + r;
}
PYT_VI vf cos_poly(vf r) {
  vf z = r * r;
  vf p = splat(2.443315711809948e-5f);
  p = p * z - 1.388731625493765e-3f;
  p = p * z + 4.166664568298827e-2f;
  return p * z * z - 0.5f * z + 1.0f;
}
PYT_VI vf negate_if(vi m, vf v) { return as_float(as_int(v) ^ (m & int32_t(0x80000000u))); }

template <float (*Scalar)(float)>
PYT_VI vf trig_fallback(vf x, vf r) {
  vi big = ~(vabs(x) <= kTrigMax);  // large, inf or NaN: libm
  if (__builtin_expect(any(big), 0)) {
    for (int i = 0; i < W; ++i)
      if (big[i]) r[i] = Scalar(x[i]);
  }
  return r;
}
float sinf_c(float x) { return ::sinf(x); }
float cosf_c(float x) { return ::cosf(x); }
float tanf_c(float x) { return ::tanf(x); }

PYT_VI vf v_sin(vf x) {
  vi q;
  vf r = trig_reduce(vabs(x), q);
  vf s = sin_poly(r), c = cos_poly(r);
  vf v = select((q & 1) != 0, c, s);
  v = negate_if((q & 2) != 0, v);
  v = negate_if(x < 0.0f, v);
  return trig_fallback<sinf_c>(x, v);
}

PYT_VI vf v_cos(vf x) {
  vi q;
  vf r = trig_reduce(vabs(x), q);
  vf s = sin_poly(r), c = cos_poly(r);
  vf v = select((q & 1) != 0, s, c);
  v = negate_if(((q + 1) & 2) != 0, v);
  return trig_fallback<cosf_c>(x, v);
}

PYT_VI vf v_tan(vf x) {
  vi q;
  vf r = trig_reduce(vabs(x), q);
  vf s = sin_poly(r), c = cos_poly(r);
  vf v = select((q & 1) != 0, -c / s, s / c);
  v = negate_if(x < 0.0f, v);
  return trig_fallback<tanf_c>(x, v);
}

// ------------------------------------------------------------------ erf
// erf(x) for |x| <= 1: x times a polynomial in x^2.
PYT_VI vf erf_small(vf x) {
  vf z = x * x;
  vf p = splat(7.898210122e-05f);
  p = p * z - 8.024354100e-04f;
  p = p * z + 5.190053574e-03f;
  p = p * z - 2.685480853e-02f;
  p = p * z + 1.128361243e-01f;
  p = p * z - 3.761262884e-01f;
  p = p * z + 1.128379167e+00f;
  return p * x;
}
// log(erfc(t)) for t in [1, 4] (|error| < 2e-8).
PYT_VI vf erfc_log(vf t) {
  vf g = splat(1.605184437e-06f);
  g = g * t - 4.541955039e-05f;
  g = g * t + 5.913667914e-04f;
  g = g * t - 4.733841424e-03f;
  g = g * t + 2.634713407e-02f;
  g = g * t - 1.099482305e-01f;
  g = g * t - 6.319680557e-01f;
  g = g * t - 1.130149040e+00f;
  g = g * t + 2.989683117e-04f;
  return g;
}
PYT_VI vf v_erf(vf x) {
  vf ax = vabs(x);
  vf small = erf_small(x);
  vf t = vmin(ax, splat(4.0f));  // erf(x) rounds to 1 beyond 3.92
  vf big = copysign_of(1.0f - v_exp(erfc_log(t)), x);
  return keep_nan(x, select(ax <= 1.0f, small, big));
}

// ------------------------------------------------------------------ rounding (exact)
#if defined(__AVX__)
// vroundps: exact, the same results as the portable versions below (modes: 8 nearest-even,
// 9 down, 10 up, 11 toward zero; exceptions suppressed).
PYT_VI vf v_round(vf x) { return __builtin_ia32_roundps256(x, 8); }
PYT_VI vf v_floor(vf x) { return __builtin_ia32_roundps256(x, 9); }
PYT_VI vf v_ceil(vf x) { return __builtin_ia32_roundps256(x, 10); }
PYT_VI vf v_trunc(vf x) { return __builtin_ia32_roundps256(x, 11); }
#else
PYT_VI vf v_round(vf x) {
  vf ax = vabs(x);
  vf r = (ax + 8388608.0f) - 8388608.0f;  // 2^23: half to even for |x| < 2^23
  return select(ax < 8388608.0f, copysign_of(r, x), x);
}
// The sign of floor/ceil/trunc of x is always x's (floor(-0.5) = -1, ceil(-0.5) = -0).
PYT_VI vf v_floor(vf x) {
  vf r = v_round(x);
  r = select(r > x, r - 1.0f, r);
  return copysign_of(r, x);
}
PYT_VI vf v_ceil(vf x) {
  vf r = v_round(x);
  r = select(r < x, r + 1.0f, r);
  return copysign_of(r, x);
}
PYT_VI vf v_trunc(vf x) {
  vf ax = vabs(x);
  vf r = v_round(ax);
  r = select(r > ax, r - 1.0f, r);
  return copysign_of(r, x);
}
#endif
PYT_VI vf v_frac(vf x) { return x - v_trunc(x); }

PYT_VI vf v_sqrt(vf x) {
#if defined(__AVX__)
  return __builtin_ia32_sqrtps256(x);
#elif !defined(__SSE__)
  for (int i = 0; i < W; ++i) x[i] = __builtin_sqrtf(x[i]);
  return x;
#else
  typedef float v4 __attribute__((vector_size(16)));
  v4 lo, hi;
  __builtin_memcpy(&lo, &x, 16);
  __builtin_memcpy(&hi, reinterpret_cast<char*>(&x) + 16, 16);
  lo = __builtin_ia32_sqrtps(lo);
  hi = __builtin_ia32_sqrtps(hi);
  vf r;
  __builtin_memcpy(&r, &lo, 16);
  __builtin_memcpy(reinterpret_cast<char*>(&r) + 16, &hi, 16);
  return r;
#endif
}
PYT_VI vf v_rsqrt(vf x) { return 1.0f / v_sqrt(x); }

// erfinv: Giles' single-precision approximation (M. Giles, "Approximating the erfinv function",
// GPU Computing Gems, 2011): a polynomial in w = -log((1 - y)(1 + y)) (in sqrt(w) - 3 for
// w >= 5) times y. Relative error ~1.3e-7 in exact arithmetic; within 4 ulp of the correctly
// rounded result in float, up to |y| = 1 - 2^-24 (1 - y is exact there, and the polynomial's
// sensitivity to w's rounding is small). A Newton step on erf was tried and made it worse:
// float erf's own error near x = 1 is larger than the approximation's.
PYT_VI vf v_erfinv(vf y) {
  vf ay = vabs(y);
  vf w = -v_log((1.0f - ay) * (1.0f + ay));
  vf w1 = w - 2.5f;
  vf p1 = splat(2.81022636e-08f);
  p1 = p1 * w1 + 3.43273939e-07f;
  p1 = p1 * w1 - 3.5233877e-06f;
  p1 = p1 * w1 - 4.39150654e-06f;
  p1 = p1 * w1 + 0.00021858087f;
  p1 = p1 * w1 - 0.00125372503f;
  p1 = p1 * w1 - 0.00417768164f;
  p1 = p1 * w1 + 0.246640727f;
  p1 = p1 * w1 + 1.50140941f;
  vf w2 = v_sqrt(w) - 3.0f;
  vf p2 = splat(-0.000200214257f);
  p2 = p2 * w2 + 0.000100950558f;
  p2 = p2 * w2 + 0.00134934322f;
  p2 = p2 * w2 - 0.00367342844f;
  p2 = p2 * w2 + 0.00573950773f;
  p2 = p2 * w2 - 0.0076224613f;
  p2 = p2 * w2 + 0.00943887047f;
  p2 = p2 * w2 + 1.00167406f;
  p2 = p2 * w2 + 2.83297682f;
  vf x = select(w < 5.0f, p1, p2) * ay;
  vf r = copysign_of(x, y);
  r = select(ay == 1.0f, copysign_of(splat(__builtin_inff()), y), r);
  r = select(ay > 1.0f, splat(__builtin_nanf("")), r);
  return keep_nan(y, r);
}

// ------------------------------------------------------------------ inverse trigonometry
// Two-part pi/2 and pi/4 (fdlibm's pio2_hi/lo rounded to float): hi + lo is pi/2 to ~1e-15.
constexpr float kPio2Hi = 1.57079637e+00f, kPio2Lo = -4.37113883e-08f;
constexpr float kPio4Hi = 7.85398185e-01f, kPio4Lo = -2.18556941e-08f;
constexpr float kPiHi = 3.14159274e+00f, kPiLo = -8.74227766e-08f;

// asin(s) for |s| <= 0.5 (Cephes asinf's polynomial in s^2); keeps s's sign, -0 included.
PYT_VI vf asin_poly(vf s) {
  vf z = s * s;
  vf p = splat(4.2163199048e-2f);
  p = p * z + 2.4181311049e-2f;
  p = p * z + 4.5470025998e-2f;
  p = p * z + 7.4953002686e-2f;
  p = p * z + 1.6666752422e-1f;
  return p * z * s + s;
}

PYT_VI vf v_asin(vf x) {
  // |x| > 0.5: asin(a) = pi/2 - 2 asin(sqrt((1 - a) / 2)) (Cephes asinf).
  vf ax = vabs(x);
  vi big = ax > 0.5f;
  vf s = select(big, v_sqrt(0.5f * (1.0f - ax)), ax);
  vf p = asin_poly(s);
  vf r = select(big, (kPio2Hi - 2.0f * p) + kPio2Lo, p);
  r = copysign_of(r, x);
  return keep_nan(x, select(ax > 1.0f, splat(__builtin_nanf("")), r));
}

PYT_VI vf v_acos(vf x) {
  // x > 0.5: 2 asin(sqrt((1 - x) / 2)); x < -0.5: pi - 2 asin(sqrt((1 + x) / 2));
  // else pi/2 - asin(x) (Cephes acosf), the constants in two parts.
  vf ax = vabs(x);
  vi big = ax > 0.5f;
  vf s = select(big, v_sqrt(0.5f * (1.0f - ax)), x);
  vf p = asin_poly(s);
  vf r_pos = p + p;
  vf r_neg = (kPiHi - 2.0f * p) + kPiLo;
  vf r_mid = (kPio2Hi - p) + kPio2Lo;
  vf r = select(big, select(x < 0.0f, r_neg, r_pos), r_mid);
  return keep_nan(x, select(ax > 1.0f, splat(__builtin_nanf("")), r));
}

// atan(a) for a >= 0 (+inf included): Cephes atanf's reduction to |t| <= tan(pi/8)
// (a > tan(3pi/8): pi/2 + atan(-1/a); a > tan(pi/8): pi/4 + atan((a - 1) / (a + 1))),
// one division for all three ranges.
PYT_VI vf atan_pos(vf a) {
  vi big = a > 2.414213562373095f;
  vi mid = (a > 0.4142135623730950f) & ~big;
  vf num = select(big, splat(-1.0f), select(mid, a - 1.0f, a));
  vf den = select(big, a, select(mid, a + 1.0f, splat(1.0f)));
  vf t = num / den;
  vf z = t * t;
  vf p = splat(8.05374449538e-2f);
  p = p * z - 1.38776856032e-1f;
  p = p * z + 1.99777106478e-1f;
  p = p * z - 3.33329491539e-1f;
  p = p * z * t + t;
  vf hi = select(big, splat(kPio2Hi), select(mid, splat(kPio4Hi), splat(0.0f)));
  vf lo = select(big, splat(kPio2Lo), select(mid, splat(kPio4Lo), splat(0.0f)));
  return hi + (lo + p);
}

PYT_VI vf v_atan(vf x) { return keep_nan(x, copysign_of(atan_pos(vabs(x)), x)); }

// atan2(y, x) through atan of min(|x|, |y|) / max(|x|, |y|) in [0, 1], then the octant:
// C99 Annex F's special values (signed zeros, infinities) come out of the same formulas.
PYT_VI vf v_atan2(vf y, vf x) {
  vf ax = vabs(x), ay = vabs(y);
  vi swap = ay > ax;
  vf num = select(swap, ax, ay), den = select(swap, ay, ax);
  vf t = num / den;
  t = select(den == 0.0f, splat(0.0f), t);                                    // 0 / 0
  t = select((num == __builtin_inff()) & (den == __builtin_inff()), splat(1.0f), t);  // inf / inf
  vf a = atan_pos(t);
  a = select(swap, (kPio2Hi - a) + kPio2Lo, a);
  a = select(as_int(x) < 0, (kPiHi - a) + kPiLo, a);  // x < 0 or x = -0
  vf r = copysign_of(a, y);
  return select((x != x) | (y != y), x + y, r);
}

// ------------------------------------------------------------------ hyperbolic
// exp(a) / 2 for a in [0, +inf] (NaN passes through), without overflowing before exp(a) / 2 does.
PYT_VI vf exp_half(vf a) {
  vf xc = vmin(a, splat(89.5f));  // exp(89.5) / 2 > FLT_MAX
  vf n = round_small(xc * 1.44269504088896341f);
  vf r = xc - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  return scale(exp_poly(r), n - 1.0f);
}

PYT_VI vf v_sinh(vf x) {
  // |x| <= 1: Cephes sinhf's odd polynomial; above, h - 1/(4h) with h = exp(|x|) / 2.
  vf ax = vabs(x);
  vf z = x * x;
  vf p = splat(2.03721912945e-4f);
  p = p * z + 8.33028376239e-3f;
  p = p * z + 1.66667160211e-1f;
  vf small = p * z * x + x;
  vf h = exp_half(ax);
  vf big = copysign_of(h - 0.25f / h, x);
  return keep_nan(x, select(ax <= 1.0f, small, big));
}

PYT_VI vf v_cosh(vf x) {
  vf h = exp_half(vabs(x));
  return keep_nan(x, h + 0.25f / h);
}

// ------------------------------------------------------------------ activations
// Forward f(x) and backward g * f'(x) of torch.nn.functional's activations, in torch's formulas
// (aten/src/ATen/native/cpu/Activation.cpp) unless a comment says otherwise; p = {a, b, c} as
// in ActParams (nn_norm_kernels.h).
// erf form: 1 + erf(x / sqrt 2) by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7, the
// approximation torch's vectorised CPU GELU uses), written as q = 1 - |erf| = t P(t) exp(-x^2/2)
// so that 1 + erf = q for x < 0 has no cancellation; the backward shares q's exp with the pdf.
PYT_VI vf gelu_q(vf x, vf& e) {
  vf t = 1.0f / (1.0f + 0.3275911f * 0.70710678118654752f * vabs(x));
  vf p = splat(1.061405429f);
  p = p * t - 1.453152027f;
  p = p * t + 1.421413741f;
  p = p * t - 0.284496736f;
  p = p * t + 0.254829592f;
  e = v_exp(-0.5f * (x * x));
  return p * t * e;
}
PYT_VI vf v_gelu(vf x, const float*) {
  vf e;
  vf q = gelu_q(x, e);
  return x * 0.5f * select(x < 0.0f, q, 2.0f - q);
}
PYT_VI vf v_gelu_bwd(vf g, vf x, const float*) {
  vf e;
  vf q = gelu_q(x, e);
  vf cdf = 0.5f * select(x < 0.0f, q, 2.0f - q);
  vf pdf = e * 0.39894228040143267794f;
  return g * (cdf + x * pdf);
}

// tanh form: 0.5 x (1 + tanh(u)) = x s with s = sigmoid(2u) = 1 / (1 + exp(-2u)), and
// 1 - tanh(u)^2 = 4 s (1 - s): one exp and one division, no cancellation for x < 0.
constexpr float kGeluBeta = 0.79788456080286535588f, kGeluKappa = 0.044715f;
PYT_VI vf gelu_tanh_s(vf x) {
  vf u = kGeluBeta * (x + kGeluKappa * x * x * x);
  return 1.0f / (1.0f + v_exp(-2.0f * u));
}
PYT_VI vf v_gelu_tanh(vf x, const float*) { return x * gelu_tanh_s(x); }
PYT_VI vf v_gelu_tanh_bwd(vf g, vf x, const float*) {
  vf s = gelu_tanh_s(x);
  vf right = 2.0f * x * s * (1.0f - s) * (kGeluBeta * (1.0f + 3.0f * kGeluKappa * (x * x)));
  return g * (s + right);
}

PYT_VI vf v_silu(vf x, const float*) { return x / (1.0f + exp_lean(-x)); }
PYT_VI vf v_silu_bwd(vf g, vf x, const float*) {
  vf s = 1.0f / (1.0f + exp_lean(-x));
  return g * s * (1.0f + x * (1.0f - s));
}

// mish: tanh(log1p(e)) = n / (n + 2) with e = exp(x), n = e (e + 2) (exact algebra; 1 beyond
// x = 20, where exp would overflow n), and 1 - tanh^2 = (1 - t)(1 + t) with 1 - t = 2 / (n + 2).
PYT_VI vf v_mish(vf x, const float*) {
  vf e = v_exp(x);
  vf n = e * (e + 2.0f);
  vf t = select(x > 20.0f, splat(1.0f), n / (n + 2.0f));
  return x * t;
}
PYT_VI vf v_mish_bwd(vf g, vf x, const float*) {
  vf e = v_exp(x);
  vf n = e * (e + 2.0f);
  vi big = x > 20.0f;
  vf q = 1.0f / (n + 2.0f);
  vf t = select(big, splat(1.0f), n * q);
  vf one_minus_t = select(big, splat(0.0f), 2.0f * q);
  vf sig = select(big, splat(1.0f), e / (1.0f + e));
  return g * (t + x * sig * (one_minus_t * (1.0f + t)));
}

// log(1 + e) for e in [0, 1] (or NaN): Cephes logf on 1 + e = 2^k (1 + f) with f taken
// from e exactly (f = e, or (e - 1) / 2 for 1 + e > sqrt 2), so no correction step is needed.
PYT_VI vf log1p_unit(vf e) {
  vi hi = e > 0.41421356237309505f;
  vf f = select(hi, (e - 1.0f) * 0.5f, e);
  vf k = select(hi, splat(1.0f), splat(0.0f));
  vf y = log_poly(f) + k * -2.12194440e-4f;
  y = y - 0.5f * (f * f);
  return f + y + k * 0.693359375f;
}

// softplus: a = beta, b = threshold; log1p(exp(z)) = max(z, 0) + log1p(exp(-|z|)).
PYT_VI vf v_softplus(vf x, const float* p) {
  vf z = x * p[0];
  return select(z > p[1], x, (vmax(z, splat(0.0f)) + log1p_unit(v_exp(-vabs(z)))) / p[0]);
}
PYT_VI vf v_softplus_bwd(vf g, vf x, const float* p) {
  vf xb = x * p[0];
  vf z = v_exp(xb);
  return select(xb > p[1], g, g * z / (z + 1.0f));
}

// elu / selu / celu: a = alpha, b = scale, c = input_scale.
PYT_VI vf v_elu(vf x, const float* p) {
  return select(x <= 0.0f, v_expm1(x * p[2]) * (p[0] * p[1]), x * p[1]);
}
PYT_VI vf v_elu_bwd(vf g, vf x, const float* p) {
  return select(x <= 0.0f, g * p[2] * (p[0] * p[1]) * v_exp(x * p[2]), g * p[1]);
}

PYT_VI vf v_log_sigmoid(vf x, const float*) {
  return vmin(x, splat(0.0f)) - log1p_unit(v_exp(-vabs(x)));
}
PYT_VI vf v_log_sigmoid_bwd(vf g, vf x, const float*) {
  vi neg = x < 0.0f;
  vf z = v_exp(-vabs(x));
  return g * (select(neg, splat(1.0f), splat(0.0f)) - select(neg, splat(1.0f), splat(-1.0f)) * (z / (1.0f + z)));
}

// ------------------------------------------------------------------ array drivers
// Whole vectors, then the tail padded to one vector: every element goes through the same code.
template <vf (*F)(vf)>
void apply(const float* in, float* out, int64_t n) {
  int64_t i = 0;
  for (; i + W <= n; i += W) store(out + i, F(load(in + i)));
  if (i < n) {
    float buf[W] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t rest = n - i;
    for (int64_t k = 0; k < rest; ++k) buf[k] = in[i + k];
    vf r = F(load(buf));
    store(buf, r);
    for (int64_t k = 0; k < rest; ++k) out[i + k] = buf[k];
  }
}

// The same for f(in[i], p) with activation parameters p, and for two inputs.
template <vf (*F)(vf, const float*)>
void apply_p(const float* in, float* out, int64_t n, const float* p) {
  int64_t i = 0;
  for (; i + W <= n; i += W) store(out + i, F(load(in + i), p));
  if (i < n) {
    float buf[W] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t rest = n - i;
    for (int64_t k = 0; k < rest; ++k) buf[k] = in[i + k];
    store(buf, F(load(buf), p));
    for (int64_t k = 0; k < rest; ++k) out[i + k] = buf[k];
  }
}
template <vf (*F)(vf, vf, const float*)>
void apply2_p(const float* a, const float* b, float* out, int64_t n, const float* p) {
  int64_t i = 0;
  for (; i + W <= n; i += W) store(out + i, F(load(a + i), load(b + i), p));
  if (i < n) {
    float ba[W] = {0, 0, 0, 0, 0, 0, 0, 0}, bb[W] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t rest = n - i;
    for (int64_t k = 0; k < rest; ++k) {
      ba[k] = a[i + k];
      bb[k] = b[i + k];
    }
    store(ba, F(load(ba), load(bb), p));
    for (int64_t k = 0; k < rest; ++k) out[i + k] = ba[k];
  }
}
PYT_VI vf atan2_p(vf y, vf x, const float*) { return v_atan2(y, x); }
void atan2_arrays(const float* a, const float* b, float* out, int64_t n) {
  apply2_p<atan2_p>(a, b, out, n, nullptr);
}

// sigmoid's backward from its output: g * (y * (1 - y)) (SigmoidBackward0's composite order).
void sigmoid_bwd_arrays(const float* g, const float* y, float* out, int64_t n) {
  int64_t i = 0;
  for (; i + W <= n; i += W) {
    vf yv = load(y + i);
    store(out + i, load(g + i) * (yv * (1.0f - yv)));
  }
  for (; i < n; ++i) out[i] = g[i] * (y[i] * (1.0f - y[i]));
}

// out[i] = in[i] * s, and out[i] = (in[i] - a) - b: softmax's and log_softmax's last pass.
void scale_array(const float* in, float* out, int64_t n, float s) {
  int64_t i = 0;
  for (; i + W <= n; i += W) store(out + i, load(in + i) * s);
  for (; i < n; ++i) out[i] = in[i] * s;
}
void sub2_array(const float* in, float* out, int64_t n, float a, float b) {
  int64_t i = 0;
  for (; i + W <= n; i += W) store(out + i, (load(in + i) - a) - b);
  for (; i < n; ++i) out[i] = (in[i] - a) - b;
}

// ------------------------------------------------------------------ layer norm rows
// Float rows summed in double with sixteen interleaved accumulators (four vectors of four
// doubles, so the additions do not wait on each other): element i goes to accumulator
// i mod 16 while 16 elements remain, then to accumulators 0-3, the last n mod 4 to
// accumulator 0; the vectors are added as (a0 + a1) + (a2 + a3), their lanes as
// (s0 + s1) + (s2 + s3). A fixed order, whatever the thread count.
typedef double vd4 __attribute__((vector_size(32)));
PYT_VI vd4 load4d(const float* p) {
  vf4 v;
  __builtin_memcpy(&v, p, sizeof(v));
  return __builtin_convertvector(v, vd4);
}
PYT_VI double combine16(vd4 a0, vd4 a1, vd4 a2, vd4 a3) {
  vd4 s = (a0 + a1) + (a2 + a3);
  return (s[0] + s[1]) + (s[2] + s[3]);
}

double row_sum_f64(const float* x, int64_t n) {
  vd4 a0 = vd4{}, a1 = vd4{}, a2 = vd4{}, a3 = vd4{};
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    a0 += load4d(x + i);
    a1 += load4d(x + i + 4);
    a2 += load4d(x + i + 8);
    a3 += load4d(x + i + 12);
  }
  for (; i + 4 <= n; i += 4) a0 += load4d(x + i);
  for (; i < n; ++i) a0[0] += x[i];
  return combine16(a0, a1, a2, a3);
}
double row_sqdev_f64(const float* x, int64_t n, double m) {
  vd4 a0 = vd4{}, a1 = vd4{}, a2 = vd4{}, a3 = vd4{};
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    vd4 d0 = load4d(x + i) - m, d1 = load4d(x + i + 4) - m, d2 = load4d(x + i + 8) - m,
        d3 = load4d(x + i + 12) - m;
    a0 += d0 * d0;
    a1 += d1 * d1;
    a2 += d2 * d2;
    a3 += d3 * d3;
  }
  for (; i + 4 <= n; i += 4) {
    vd4 d = load4d(x + i) - m;
    a0 += d * d;
  }
  for (; i < n; ++i) {
    double d = x[i] - m;
    a0[0] += d * d;
  }
  return combine16(a0, a1, a2, a3);
}
double row_dot_f64(const float* a, const float* b, int64_t n) {
  vd4 a0 = vd4{}, a1 = vd4{}, a2 = vd4{}, a3 = vd4{};
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    a0 += load4d(a + i) * load4d(b + i);
    a1 += load4d(a + i + 4) * load4d(b + i + 4);
    a2 += load4d(a + i + 8) * load4d(b + i + 8);
    a3 += load4d(a + i + 12) * load4d(b + i + 12);
  }
  for (; i + 4 <= n; i += 4) a0 += load4d(a + i) * load4d(b + i);
  for (; i < n; ++i) a0[0] += static_cast<double>(a[i]) * b[i];
  return combine16(a0, a1, a2, a3);
}
// y = (x * scale + shift) * w + b, w and/or b may be null.
void norm_affine(const float* x, const float* w, const float* b, float* y, int64_t n, float scale, float shift) {
  int64_t i = 0;
  if (w && b) {
    for (; i + W <= n; i += W) store(y + i, (load(x + i) * scale + shift) * load(w + i) + load(b + i));
    for (; i < n; ++i) y[i] = (x[i] * scale + shift) * w[i] + b[i];
  } else if (w) {
    for (; i + W <= n; i += W) store(y + i, (load(x + i) * scale + shift) * load(w + i));
    for (; i < n; ++i) y[i] = (x[i] * scale + shift) * w[i];
  } else if (b) {
    for (; i + W <= n; i += W) store(y + i, (load(x + i) * scale + shift) + load(b + i));
    for (; i < n; ++i) y[i] = (x[i] * scale + shift) + b[i];
  } else {
    for (; i + W <= n; i += W) store(y + i, load(x + i) * scale + shift);
    for (; i < n; ++i) y[i] = x[i] * scale + shift;
  }
}
// Layer norm backward, rows r = 0..rows-1 of g and x (row length n) in order:
// bw[i] += g[r][i] * ((x[r][i] - mean[r]) * rstd[r]) and bb[i] += g[r][i], in double; eight
// columns at a time kept in registers over all the rows (the same additions, in the same
// order, as row after row).
void norm_param_grads(const float* g, const float* x, int64_t rows, int64_t n, const float* mean,
                      const float* rstd, double* bw, double* bb) {
  int64_t i = 0;
  for (; i + W <= n; i += W) {
    vd4 w0, w1, b0, b1;
    __builtin_memcpy(&w0, bw + i, sizeof(w0));
    __builtin_memcpy(&w1, bw + i + 4, sizeof(w1));
    __builtin_memcpy(&b0, bb + i, sizeof(b0));
    __builtin_memcpy(&b1, bb + i + 4, sizeof(b1));
    for (int64_t r = 0; r < rows; ++r) {
      vf gv = load(g + r * n + i);
      vf xh = (load(x + r * n + i) - mean[r]) * rstd[r];
      vd4 g0 = __builtin_convertvector(__builtin_shufflevector(gv, gv, 0, 1, 2, 3), vd4);
      vd4 g1 = __builtin_convertvector(__builtin_shufflevector(gv, gv, 4, 5, 6, 7), vd4);
      w0 += g0 * __builtin_convertvector(__builtin_shufflevector(xh, xh, 0, 1, 2, 3), vd4);
      w1 += g1 * __builtin_convertvector(__builtin_shufflevector(xh, xh, 4, 5, 6, 7), vd4);
      b0 += g0;
      b1 += g1;
    }
    __builtin_memcpy(bw + i, &w0, sizeof(w0));
    __builtin_memcpy(bw + i + 4, &w1, sizeof(w1));
    __builtin_memcpy(bb + i, &b0, sizeof(b0));
    __builtin_memcpy(bb + i + 4, &b1, sizeof(b1));
  }
  for (; i < n; ++i)
    for (int64_t r = 0; r < rows; ++r) {
      bw[i] += static_cast<double>(g[r * n + i]) * ((x[r * n + i] - mean[r]) * rstd[r]);
      bb[i] += g[r * n + i];
    }
}
// One pass over a row of g (and w, null for none) and x: gw = g * w stored (when w), and
// returns sum(gw) in *s and sum(gw * x) in *d, in double in row_sum_f64's order.
void norm_grad_sums(const float* g, const float* w, const float* x, float* gw, int64_t n, double* s, double* d) {
  vd4 s0 = vd4{}, s1 = vd4{}, s2 = vd4{}, s3 = vd4{};
  vd4 d0 = vd4{}, d1 = vd4{}, d2 = vd4{}, d3 = vd4{};
  int64_t i = 0;
  auto gw4 = [&](int64_t k) -> vd4 {
    vf4 gv;
    __builtin_memcpy(&gv, g + k, sizeof(gv));
    if (w) {
      vf4 wv;
      __builtin_memcpy(&wv, w + k, sizeof(wv));
      gv = gv * wv;
      __builtin_memcpy(gw + k, &gv, sizeof(gv));
    }
    return __builtin_convertvector(gv, vd4);
  };
  for (; i + 16 <= n; i += 16) {
    vd4 a0 = gw4(i), a1 = gw4(i + 4), a2 = gw4(i + 8), a3 = gw4(i + 12);
    s0 += a0;
    s1 += a1;
    s2 += a2;
    s3 += a3;
    d0 += a0 * load4d(x + i);
    d1 += a1 * load4d(x + i + 4);
    d2 += a2 * load4d(x + i + 8);
    d3 += a3 * load4d(x + i + 12);
  }
  for (; i + 4 <= n; i += 4) {
    vd4 a0 = gw4(i);
    s0 += a0;
    d0 += a0 * load4d(x + i);
  }
  for (; i < n; ++i) {
    float v = w ? g[i] * w[i] : g[i];
    if (w) gw[i] = v;
    s0[0] += v;
    d0[0] += static_cast<double>(v) * x[i];
  }
  *s = combine16(s0, s1, s2, s3);
  *d = combine16(d0, d1, d2, d3);
}
// gx[i] = rs * (gw[i] - c1 - (x[i] - m) * c2).
void norm_input_grad(const float* gw, const float* x, float* gx, int64_t n, float m, float rs, float c1, float c2) {
  int64_t i = 0;
  for (; i + W <= n; i += W) store(gx + i, rs * (load(gw + i) - c1 - (load(x + i) - m) * c2));
  for (; i < n; ++i) gx[i] = rs * (gw[i] - c1 - (x[i] - m) * c2);
}

// exp(r) for r <= 0 (or NaN): one scaling multiply (results below FLT_MIN flush to 0, as a
// softmax weight that small is 0 to float precision anyway); NaN stays NaN.
PYT_VI vf v_exp_nonpos(vf r) {
  vf rc = vmax(r, splat(-87.0f));
  vf n = round_small(rc * 1.44269504088896341f);
  vf t = rc - n * 0.693359375f;
  t = t - n * -2.12194440e-4f;
  vf y = exp_poly(t) * pow2i(to_int(n));
  y = select(r < -87.0f, splat(0.0f), y);
  return keep_nan(r, y);
}

float exp_shifted_sum(const float* in, float* out, int64_t n, float shift) {
  // shift is the row's max, so every in[i] - shift is <= 0 (or NaN when shift is +-inf/NaN).
  vf acc0 = splat(0.0f), acc1 = splat(0.0f);
  int64_t i = 0;
  for (; i + 2 * W <= n; i += 2 * W) {
    vf a = v_exp_nonpos(load(in + i) - shift);
    vf b = v_exp(load(in + i + W) - shift);
    store(out + i, a);
    store(out + i + W, b);
    acc0 += a;
    acc1 += b;
  }
  for (; i + W <= n; i += W) {
    vf a = v_exp_nonpos(load(in + i) - shift);
    store(out + i, a);
    acc0 += a;
  }
  acc0 += acc1;
  float s = 0.0f;
  for (int k = 0; k < W; ++k) s += acc0[k];
  for (; i < n; ++i) {
    float buf[W] = {0, 0, 0, 0, 0, 0, 0, 0};
    buf[0] = in[i] - shift;
    vf r = v_exp_nonpos(load(buf));
    out[i] = r[0];
    s += r[0];
  }
  return s;
}

float max_of(const float* in, int64_t n) {
  // NaN-propagating: a NaN lane makes the comparison false and the NaN is kept.
  vf m = splat(-__builtin_inff());
  vi nan = vi{} ;
  int64_t i = 0;
  for (; i + W <= n; i += W) {
    vf v = load(in + i);
    nan |= v != v;
    m = vmax(m, v);
  }
  float r = m[0];
  for (int k = 1; k < W; ++k) r = m[k] > r ? m[k] : r;
  bool has_nan = any(nan);
  for (; i < n; ++i) {
    has_nan |= in[i] != in[i];
    r = in[i] > r ? in[i] : r;
  }
  return has_nan ? __builtin_nanf("") : r;
}

}  // namespace

namespace pyt::cpu::vec {

extern const Table PYT_VEC_TABLE;
const Table PYT_VEC_TABLE = {
    PYT_VEC_ISA,
    &apply<v_exp>, &apply<v_exp2>, &apply<v_expm1>, &apply<v_log>, &apply<v_log2>, &apply<v_log10>,
    &apply<v_log1p>, &apply<v_sin>, &apply<v_cos>, &apply<v_tan>, &apply<v_tanh>, &apply<v_sigmoid>,
    &apply<v_erf>, &apply<v_sqrt>, &apply<v_rsqrt>, &apply<v_floor>, &apply<v_ceil>, &apply<v_round>,
    &apply<v_trunc>, &apply<v_frac>,
    &exp_shifted_sum, &max_of,
    &apply<v_asin>, &apply<v_acos>, &apply<v_atan>, &apply<v_sinh>, &apply<v_cosh>, &apply<v_erfinv>,
    &atan2_arrays,
    {&apply_p<v_gelu>, &apply2_p<v_gelu_bwd>},
    {&apply_p<v_gelu_tanh>, &apply2_p<v_gelu_tanh_bwd>},
    {&apply_p<v_silu>, &apply2_p<v_silu_bwd>},
    {&apply_p<v_mish>, &apply2_p<v_mish_bwd>},
    {&apply_p<v_softplus>, &apply2_p<v_softplus_bwd>},
    {&apply_p<v_elu>, &apply2_p<v_elu_bwd>},
    {&apply_p<v_log_sigmoid>, &apply2_p<v_log_sigmoid_bwd>},
    &scale_array, &sub2_array,
    &row_sum_f64, &row_sqdev_f64, &row_dot_f64, &norm_affine, &norm_param_grads, &norm_grad_sums, &norm_input_grad,
    &sigmoid_bwd_arrays,
};

}  // namespace pyt::cpu::vec
