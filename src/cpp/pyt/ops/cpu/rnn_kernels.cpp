// Elementwise kernels of the recurrent cells (see rnn_kernels.h). Each row is independent;
// the caller parallelises over rows when the step is large enough.
// GCC will not if-convert (and so not vectorise) a clamp followed by float arithmetic while
// it must preserve floating-point traps; pyt never reads the FP exception flags, so the gate
// loops here are compiled without trapping math (values are unchanged).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math")
#endif
#include "pyt/ops/cpu/rnn_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace pyt::cpu {

namespace {

// Note [Fast gate functions]: glibc's tanhf costs ~40 ns and expf ~6 ns, called one at a time;
// an LSTM step needs five per hidden unit. For float, exp is computed inline (Cephes' expf:
// 2^n times a degree-6 polynomial on [-ln2/2, ln2/2], n rounded with the 1.5 * 2^23 trick,
// 2^n built from its exponent bits), branch-free, so the gate loops vectorise; its error is
// within 2 ulp. tanh(x) = sign(x) (1 - e) / (1 + e) with e = exp(-2|x|), and below
// |x| = 1/16, where 1 - e cancels, the odd Taylor series to x^9. double keeps <cmath>.
inline float vexp(float x) {
  x = x < -87.33654f ? -87.33654f : x;  // comparisons keep NaN (std::max would not)
  x = x > 88.37626f ? 88.37626f : x;
  float n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  float r = x - n * 0.693359375f + n * 2.12194440e-4f;
  float r2 = r * r;
  float y = (((((1.9875691500e-4f * r + 1.3981999507e-3f) * r + 8.3334519073e-3f) * r + 4.1665795894e-2f) * r +
              1.6666665459e-1f) * r + 5.0000001201e-1f) * r2 + r + 1.0f;
  int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof(scale));
  return y * scale;
}

template <typename T>
inline T sigmoid(T x) {
  return T(1) / (T(1) + std::exp(-x));
}
template <>
inline float sigmoid<float>(float x) {
  return 1.0f / (1.0f + vexp(-x));
}

template <typename T>
inline T fast_tanh(T x) {
  return std::tanh(x);
}
template <>
inline float fast_tanh<float>(float x) {
  float a = std::abs(x);
  float x2 = x * x;
  float small = x * (1.0f + x2 * (-1.0f / 3 + x2 * (2.0f / 15 + x2 * (-17.0f / 315 + x2 * (62.0f / 2835)))));
  float e = vexp(-2.0f * a);
  float big = std::copysign((1.0f - e) / (1.0f + e), x);
  return a < 0.0625f ? small : big;
}
}  // namespace

// Each row is one call of a *_row function whose buffers are __restrict parameters (callers
// never pass overlapping buffers; GCC honours restrict on parameters, not on locals), so the
// loops over a row vectorise.
namespace {

template <typename T>
__attribute__((noinline)) void lstm_fwd_row(int64_t H, T* __restrict gi, T* __restrict gf, T* __restrict gg,
                                            T* __restrict go, const T* __restrict cp, T* __restrict cn,
                                            T* __restrict tc, T* __restrict h) {
  for (int64_t j = 0; j < H; ++j) {
    T i = sigmoid(gi[j]), f = sigmoid(gf[j]), g = fast_tanh(gg[j]), o = sigmoid(go[j]);
    gi[j] = i;
    gf[j] = f;
    gg[j] = g;
    go[j] = o;
    T c = f * cp[j] + i * g;
    T t = fast_tanh(c);
    cn[j] = c;
    tc[j] = t;
    h[j] = o * t;
  }
}

template <typename T>
__attribute__((noinline)) void lstm_bwd_row(int64_t H, const T* __restrict ai, const T* __restrict af,
                                            const T* __restrict ag, const T* __restrict ao, const T* __restrict cp,
                                            const T* __restrict tc, const T* __restrict dhr, T* __restrict dcr,
                                            T* __restrict di, T* __restrict df, T* __restrict dg,
                                            T* __restrict dO) {
  for (int64_t j = 0; j < H; ++j) {
    T i = ai[j], f = af[j], g = ag[j], o = ao[j], t = tc[j];
    T dct = dcr[j] + dhr[j] * o * (T(1) - t * t);
    di[j] = dct * g * i * (T(1) - i);
    df[j] = dct * cp[j] * f * (T(1) - f);
    dg[j] = dct * i * (T(1) - g * g);
    dO[j] = dhr[j] * t * o * (T(1) - o);
    dcr[j] = dct * f;
  }
}

template <typename T>
__attribute__((noinline)) void gru_fwd_row(int64_t H, const T* __restrict ar, const T* __restrict az,
                                           const T* __restrict an, const T* __restrict br, const T* __restrict bz,
                                           const T* __restrict bn, const T* __restrict hp, T* __restrict wr,
                                           T* __restrict wz, T* __restrict wn, T* __restrict h) {
  for (int64_t j = 0; j < H; ++j) {
    T rr = sigmoid(ar[j] + br[j]);
    T z = sigmoid(az[j] + bz[j]);
    T nn = fast_tanh(an[j] + rr * bn[j]);
    wr[j] = rr;
    wz[j] = z;
    wn[j] = nn;
    h[j] = (T(1) - z) * nn + z * hp[j];
  }
}

template <typename T>
__attribute__((noinline)) void gru_bwd_row(int64_t H, const T* __restrict wr, const T* __restrict wz,
                                           const T* __restrict wn, const T* __restrict bn, const T* __restrict hp,
                                           const T* __restrict d, T* __restrict dir, T* __restrict diz,
                                           T* __restrict din, T* __restrict dhr, T* __restrict dhz,
                                           T* __restrict dhn, T* __restrict dp) {
  for (int64_t j = 0; j < H; ++j) {
    T rr = wr[j], z = wz[j], nn = wn[j];
    T dn = d[j] * (T(1) - z) * (T(1) - nn * nn);
    T dz = d[j] * (hp[j] - nn) * z * (T(1) - z);
    T dr = dn * bn[j] * rr * (T(1) - rr);
    dir[j] = dr;
    diz[j] = dz;
    din[j] = dn;
    dhr[j] = dr;
    dhz[j] = dz;
    dhn[j] = dn * rr;
    dp[j] = d[j] * z;
  }
}

}  // namespace

template <typename T>
void lstm_cell_forward(int64_t n, int64_t H, T* gates, const T* c_prev, T* c_new, T* tanh_c, T* h_new) {
  for (int64_t r = 0; r < n; ++r) {
    T* g = gates + r * 4 * H;
    lstm_fwd_row<T>(H, g, g + H, g + 2 * H, g + 3 * H, c_prev + r * H, c_new + r * H, tanh_c + r * H, h_new + r * H);
  }
}

template <typename T>
void lstm_cell_backward(int64_t n, int64_t H, const T* dh, T* dc, const T* act, const T* c_prev, const T* tanh_c,
                        T* dgates) {
  for (int64_t r = 0; r < n; ++r) {
    const T* a = act + r * 4 * H;
    T* d = dgates + r * 4 * H;
    lstm_bwd_row<T>(H, a, a + H, a + 2 * H, a + 3 * H, c_prev + r * H, tanh_c + r * H, dh + r * H, dc + r * H, d,
                    d + H, d + 2 * H, d + 3 * H);
  }
}

template <typename T>
void gru_cell_forward(int64_t n, int64_t H, const T* gi, const T* gh, const T* h_prev, T* ws, T* h_new) {
  for (int64_t r = 0; r < n; ++r) {
    const T* a = gi + r * 3 * H;
    const T* b = gh + r * 3 * H;
    T* w = ws + r * 3 * H;
    gru_fwd_row<T>(H, a, a + H, a + 2 * H, b, b + H, b + 2 * H, h_prev + r * H, w, w + H, w + 2 * H, h_new + r * H);
  }
}

template <typename T>
void gru_cell_backward(int64_t n, int64_t H, const T* dh, const T* ws, const T* gh, const T* h_prev, T* dgi, T* dgh,
                       T* dh_prev) {
  for (int64_t r = 0; r < n; ++r) {
    const T* w = ws + r * 3 * H;
    T* di = dgi + r * 3 * H;
    T* dd = dgh + r * 3 * H;
    gru_bwd_row<T>(H, w, w + H, w + 2 * H, gh + r * 3 * H + 2 * H, h_prev + r * H, dh + r * H, di, di + H, di + 2 * H,
                   dd, dd + H, dd + 2 * H, dh_prev + r * H);
  }
}

template <typename T>
void rnn_cell_forward(int64_t count, bool relu, T* pre) {
  if (relu) {
    for (int64_t k = 0; k < count; ++k) pre[k] = pre[k] > T(0) ? pre[k] : (std::isnan(pre[k]) ? pre[k] : T(0));
  } else {
    for (int64_t k = 0; k < count; ++k) pre[k] = fast_tanh(pre[k]);
  }
}

template <typename T>
void rnn_cell_backward(int64_t count, bool relu, const T* dh, const T* h, T* dpre) {
  if (relu) {
    for (int64_t k = 0; k < count; ++k) dpre[k] = h[k] > T(0) ? dh[k] : T(0);
  } else {
    for (int64_t k = 0; k < count; ++k) dpre[k] = dh[k] * (T(1) - h[k] * h[k]);
  }
}

#define PYT_RNN_INSTANTIATE(T)                                                                                  \
  template void lstm_cell_forward<T>(int64_t, int64_t, T*, const T*, T*, T*, T*);                               \
  template void lstm_cell_backward<T>(int64_t, int64_t, const T*, T*, const T*, const T*, const T*, T*);        \
  template void gru_cell_forward<T>(int64_t, int64_t, const T*, const T*, const T*, T*, T*);                    \
  template void gru_cell_backward<T>(int64_t, int64_t, const T*, const T*, const T*, const T*, T*, T*, T*);     \
  template void rnn_cell_forward<T>(int64_t, bool, T*);                                                         \
  template void rnn_cell_backward<T>(int64_t, bool, const T*, const T*, T*);
PYT_RNN_INSTANTIATE(float)
PYT_RNN_INSTANTIATE(double)
#undef PYT_RNN_INSTANTIATE

}  // namespace pyt::cpu
