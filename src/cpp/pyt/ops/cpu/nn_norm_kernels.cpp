// Float compares and selects in the activation loops compile to branches under the default
// -ftrapping-math, which stops GCC from vectorising them; FP exceptions are never observed
// here, so this file assumes none (results are unchanged).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math")
#endif
#include "pyt/ops/cpu/nn_norm_kernels.h"


#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <vector>

#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/loops.h"
#include "pyt/ops/cpu/vec_math.h"
#include "pyt/parallel.h"

namespace pyt::cpu {

namespace {

constexpr double kSqrt1_2 = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;  // 1 / sqrt(2 pi)
constexpr double kGeluBeta = 0.79788456080286535588;    // sqrt(2 / pi)
constexpr double kGeluKappa = 0.044715;

// Note [Vectorisable float32 GELU]: glibc's erff / expf / tanhf are scalar calls, so a loop
// over them cannot vectorise. For float32 GELU and SiLU the kernels use branch-free inline
// forms instead: expf by range reduction (x = n ln2 + r, 2^n through the exponent bits) and a
// degree-6 polynomial (Cephes), erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7; the
// same approximation torch's vectorised CPU erf uses).
inline float fast_expf(float x) {
  x = std::min(std::max(x, -87.3f), 88.3f);
  // round to nearest by the 1.5 * 2^23 trick (nearbyint is a libm call without SSE4.1)
  float n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof(scale));
  return p * scale;
}

inline float fast_erff(float x) {
  const float ax = std::abs(x);
  const float t = 1.0f / (1.0f + 0.3275911f * ax);
  const float poly = ((((1.061405429f * t - 1.453152027f) * t + 1.421413741f) * t - 0.284496736f) * t +
                      0.254829592f) * t;
  const float r = 1.0f - poly * fast_expf(-ax * ax);
  return x < 0.0f ? -r : r;
}

inline float fast_tanhf(float x) {
  // 1 - 2 / (exp(2x) + 1); saturates correctly at +-1 through fast_expf's clamp.
  return 1.0f - 2.0f / (fast_expf(2.0f * x) + 1.0f);
}

template <typename T>
inline T erf_of(T x) {
  if constexpr (std::is_same_v<T, float>) return fast_erff(x);
  else return std::erf(x);
}
template <typename T>
inline T exp_of(T x) {
  if constexpr (std::is_same_v<T, float>) return fast_expf(x);
  else return std::exp(x);
}
template <typename T>
inline T tanh_of(T x) {
  if constexpr (std::is_same_v<T, float>) return fast_tanhf(x);
  else return std::tanh(x);
}

// Scalar forms of the activations (torch's aten/src/ATen/native/cpu/Activation.cpp).
template <typename T>
struct Act {
  T a, b, c;
  explicit Act(const ActParams& p) : a(static_cast<T>(p.a)), b(static_cast<T>(p.b)), c(static_cast<T>(p.c)) {}

  static T sigmoid(T x) { return T(1) / (T(1) + std::exp(-x)); }

  T fwd(ActKind k, T x) const {
    switch (k) {
      case ActKind::Gelu: return T(0.5) * x * (T(1) + erf_of(x * T(kSqrt1_2)));
      case ActKind::GeluTanh: {
        T inner = T(kGeluBeta) * (x + T(kGeluKappa) * x * x * x);
        return T(0.5) * x * (T(1) + tanh_of(inner));
      }
      case ActKind::Silu: return x / (T(1) + exp_of(-x));
      case ActKind::Mish: return x * std::tanh(std::log1p(std::exp(x)));
      case ActKind::Elu: return x <= T(0) ? std::expm1(x * c) * (a * b) : x * b;
      case ActKind::LeakyRelu: return x > T(0) ? x : x * a;
      case ActKind::Hardtanh: return x <= a ? a : (x >= b ? b : x);
      case ActKind::Hardsigmoid: return std::min(std::max(x + T(3), T(0)), T(6)) / T(6);
      case ActKind::Hardswish: return x * std::min(std::max(x + T(3), T(0)), T(6)) / T(6);
      case ActKind::Softplus: return x * a > b ? x : std::log1p(std::exp(x * a)) / a;
      case ActKind::Threshold: return x <= a ? b : x;
      case ActKind::LogSigmoid: return std::min(x, T(0)) - std::log1p(std::exp(-std::abs(x)));
      case ActKind::Hardshrink: return (x >= -a && x <= a) ? T(0) : x;
      case ActKind::Softshrink: return x > a ? x - a : (x < -a ? x + a : x * T(0));  // NaN stays NaN
    }
    return x;
  }

  T bwd(ActKind k, T g, T x) const {
    switch (k) {
      case ActKind::Gelu: {
        T cdf = T(0.5) * (T(1) + erf_of(x * T(kSqrt1_2)));
        T pdf = exp_of(T(-0.5) * x * x) * T(kInvSqrt2Pi);
        return g * (cdf + x * pdf);
      }
      case ActKind::GeluTanh: {
        T x_sq = x * x;
        T inner = T(kGeluBeta) * (x + T(kGeluKappa) * x_sq * x);
        T t = tanh_of(inner);
        T left_d = T(0.5) * (T(1) + t);
        T right_d = T(0.5) * x * (T(1) - t * t) * T(kGeluBeta) * (T(1) + T(3 * kGeluKappa) * x_sq);
        return g * (left_d + right_d);
      }
      case ActKind::Silu: {
        T s = T(1) / (T(1) + exp_of(-x));
        return g * s * (T(1) + x * (T(1) - s));
      }
      case ActKind::Mish: {
        T tsp = std::tanh(std::log1p(std::exp(x)));
        return g * (tsp + x * sigmoid(x) * (T(1) - tsp * tsp));
      }
      case ActKind::Elu: return x <= T(0) ? g * c * (a * b) * std::exp(x * c) : g * b;
      case ActKind::LeakyRelu: return x > T(0) ? g : g * a;
      case ActKind::Hardtanh: return (x <= a || x >= b) ? T(0) : g;
      // torch multiplies by 1/6 rounded to float32 even for float64 (HardsigmoidBackward).
      case ActKind::Hardsigmoid: return (x > T(-3) && x < T(3)) ? g * T(static_cast<float>(1.0 / 6.0)) : T(0);
      case ActKind::Hardswish: return x < T(-3) ? T(0) : (x <= T(3) ? g * (x / T(3) + T(0.5)) : g);
      case ActKind::Softplus: {
        T z = std::exp(x * a);
        return x * a > b ? g : g * z / (z + T(1));
      }
      case ActKind::Threshold: return x <= a ? T(0) : g;
      case ActKind::LogSigmoid: {
        bool neg = x < T(0);
        T z = std::exp(-std::abs(x));
        return g * ((neg ? T(1) : T(0)) - (neg ? T(1) : T(-1)) * (z / (T(1) + z)));
      }
      case ActKind::Hardshrink:
      case ActKind::Softshrink: return (x >= -a && x <= a) ? T(0) : g;
    }
    return g;
  }
};

// One switch outside the loop: the loop body is a fixed function the compiler can inline.
template <typename T, typename F>
void act_switch(ActKind kind, F f) {
  switch (kind) {
#define PYT_ACT_CASE(K) \
  case ActKind::K: f(std::integral_constant<ActKind, ActKind::K>{}); return;
    PYT_ACT_CASE(Gelu) PYT_ACT_CASE(GeluTanh) PYT_ACT_CASE(Silu) PYT_ACT_CASE(Mish) PYT_ACT_CASE(Elu)
    PYT_ACT_CASE(LeakyRelu) PYT_ACT_CASE(Hardtanh) PYT_ACT_CASE(Hardsigmoid) PYT_ACT_CASE(Hardswish)
    PYT_ACT_CASE(Softplus) PYT_ACT_CASE(Threshold) PYT_ACT_CASE(LogSigmoid) PYT_ACT_CASE(Hardshrink)
    PYT_ACT_CASE(Softshrink)
#undef PYT_ACT_CASE
  }
}

// Sum of x[0..n) in double, four interleaved accumulators (a fixed order).
template <typename T>
inline double row_sum(const T* x, int64_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += x[i];
    s1 += x[i + 1];
    s2 += x[i + 2];
    s3 += x[i + 3];
  }
  for (; i < n; ++i) s0 += x[i];
  return (s0 + s1) + (s2 + s3);
}

// Sum of (x - m)^2 over x[0..n) in double.
template <typename T>
inline double row_sqdev(const T* x, int64_t n, double m) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    double d0 = x[i] - m, d1 = x[i + 1] - m, d2 = x[i + 2] - m, d3 = x[i + 3] - m;
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; i < n; ++i) {
    double d = x[i] - m;
    s0 += d * d;
  }
  return (s0 + s1) + (s2 + s3);
}

// Sum of a[i] * b[i] in double.
template <typename T>
inline double row_dot(const T* a, const T* b, int64_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += static_cast<double>(a[i]) * b[i];
    s1 += static_cast<double>(a[i + 1]) * b[i + 1];
    s2 += static_cast<double>(a[i + 2]) * b[i + 2];
    s3 += static_cast<double>(a[i + 3]) * b[i + 3];
  }
  for (; i < n; ++i) s0 += static_cast<double>(a[i]) * b[i];
  return (s0 + s1) + (s2 + s3);
}

// Rows per block of a column reduction (gamma/beta gradients): a constant, so the
// partial sums and their order do not depend on the thread count.
constexpr int64_t kRowBlock = 32;

int64_t grain_for(int64_t per_item) { return std::max<int64_t>(1, kGrainSize / std::max<int64_t>(1, per_item)); }

}  // namespace

// The vectorised float32 kernels of kind (Note [SIMD dispatch]), or null.
static const vec::ActF32* vec_act(ActKind kind) {
  const vec::Table& t = vec::table();
  switch (kind) {
    case ActKind::Gelu: return &t.gelu;
    case ActKind::GeluTanh: return &t.gelu_tanh;
    case ActKind::Silu: return &t.silu;
    case ActKind::Mish: return &t.mish;
    case ActKind::Softplus: return &t.softplus;
    case ActKind::Elu: return &t.elu;
    case ActKind::LogSigmoid: return &t.log_sigmoid;
    default: return nullptr;
  }
}

void act_forward_kernel(const TensorIterator& it, ActKind kind, const ActParams& p) {
  if (it.compute_dtype() == ScalarType::Float32) {
    if (const vec::ActF32* f = vec_act(kind)) {
      const float pf[3] = {static_cast<float>(p.a), static_cast<float>(p.b), static_cast<float>(p.c)};
      unary_array_loop<float>(it, [&](const float* in, float* out, int64_t n) { f->fwd(in, out, n, pf); });
      return;
    }
  }
  PYT_DISPATCH_FLOATING(it.compute_dtype(), "activation", [&] {
    Act<scalar_t> act(p);
    act_switch<scalar_t>(kind, [&](auto K) {
      unary_loop<scalar_t, scalar_t>(it, [&](scalar_t x) { return act.fwd(decltype(K)::value, x); });
    });
  });
}

void act_backward_kernel(const TensorIterator& it, ActKind kind, const ActParams& p) {
  if (it.compute_dtype() == ScalarType::Float32) {
    if (const vec::ActF32* f = vec_act(kind)) {
      const float pf[3] = {static_cast<float>(p.a), static_cast<float>(p.b), static_cast<float>(p.c)};
      binary_array_loop<float>(it, [&](const float* g, const float* x, float* out, int64_t n) {
        f->bwd(g, x, out, n, pf);
      });
      return;
    }
  }
  PYT_DISPATCH_FLOATING(it.compute_dtype(), "activation_backward", [&] {
    Act<scalar_t> act(p);
    act_switch<scalar_t>(kind, [&](auto K) {
      binary_loop<scalar_t, scalar_t>(it, [&](scalar_t g, scalar_t x) { return act.bwd(decltype(K)::value, g, x); });
    });
  });
}

// ---------------------------------------------------------------- layer norm ---
template <typename T>
void layer_norm_fwd(const T* x, const T* w, const T* b, T* y, T* mean, T* rstd, int64_t M, int64_t N, double eps) {
  const vec::Table& vt = vec::table();
  parallel_for(0, M, grain_for(N), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const T* xr = x + r * N;
      T* yr = y + r * N;
      double m, var;
      if constexpr (std::is_same_v<T, float>) {  // Note [SIMD dispatch]
        m = N ? vt.row_sum(xr, N) / N : 0.0;
        var = N ? vt.row_sqdev(xr, N, m) / N : 0.0;
      } else {
        m = N ? row_sum(xr, N) / N : 0.0;
        var = N ? row_sqdev(xr, N, m) / N : 0.0;
      }
      double rs = 1.0 / std::sqrt(var + eps);
      mean[r] = static_cast<T>(m);
      rstd[r] = static_cast<T>(rs);
      const T scale = static_cast<T>(rs), shift = static_cast<T>(-m * rs);
      if constexpr (std::is_same_v<T, float>) {
        vt.norm_affine(xr, w, b, yr, N, scale, shift);
      } else if (w && b) {
        for (int64_t i = 0; i < N; ++i) yr[i] = (xr[i] * scale + shift) * w[i] + b[i];
      } else if (w) {
        for (int64_t i = 0; i < N; ++i) yr[i] = (xr[i] * scale + shift) * w[i];
      } else if (b) {
        for (int64_t i = 0; i < N; ++i) yr[i] = (xr[i] * scale + shift) + b[i];
      } else {
        for (int64_t i = 0; i < N; ++i) yr[i] = xr[i] * scale + shift;
      }
    }
  });
}

template <typename T>
void layer_norm_bwd(const T* g, const T* x, const T* mean, const T* rstd, const T* w, T* gx, T* gw, T* gb,
                    int64_t M, int64_t N) {
  const int64_t nblocks = (M + kRowBlock - 1) / kRowBlock;
  const bool want_params = gw || gb;
  std::vector<double> pw(want_params ? nblocks * N : 0), pb(want_params ? nblocks * N : 0);
  const vec::Table& vt = vec::table();
  parallel_for(0, nblocks, grain_for(kRowBlock * N), [&](int64_t b0, int64_t b1) {
    std::vector<T> gwrow(gx ? N : 0);
    for (int64_t blk = b0; blk < b1; ++blk) {
      double* bw = want_params ? pw.data() + blk * N : nullptr;
      double* bb = want_params ? pb.data() + blk * N : nullptr;
      int64_t r_end = std::min(M, (blk + 1) * kRowBlock);
      if constexpr (std::is_same_v<T, float>)
        if (want_params)
          vt.norm_param_grads(g + blk * kRowBlock * N, x + blk * kRowBlock * N, r_end - blk * kRowBlock, N,
                              mean + blk * kRowBlock, rstd + blk * kRowBlock, bw, bb);
      for (int64_t r = blk * kRowBlock; r < r_end; ++r) {
        const T* gr = g + r * N;
        const T* xr = x + r * N;
        const T m = mean[r], rs = rstd[r];
        if constexpr (std::is_same_v<T, float>) {  // Note [SIMD dispatch]: the same steps
          if (gx) {
            double s_g, s_gxw;
            vt.norm_grad_sums(gr, w, xr, gwrow.data(), N, &s_g, &s_gxw);
            double s_gx = s_gxw - m * s_g;
            const float c1 = static_cast<float>(s_g / N);
            const float c2 = static_cast<float>(s_gx * rs * rs / N);
            vt.norm_input_grad(w ? gwrow.data() : gr, xr, gx + r * N, N, m, rs, c1, c2);
          }
          continue;
        }
        if (want_params) {
          for (int64_t i = 0; i < N; ++i) {
            bw[i] += static_cast<double>(gr[i]) * ((xr[i] - m) * rs);
            bb[i] += gr[i];
          }
        }
        if (gx) {
          // gx = rstd * (gw - mean(gw) - xhat * mean(gw * xhat)), gw = g * w
          T* gxr = gx + r * N;
          for (int64_t i = 0; i < N; ++i) gwrow[i] = w ? gr[i] * w[i] : gr[i];
          double s_g = row_sum(gwrow.data(), N);
          double s_gx = row_dot(gwrow.data(), xr, N) - m * s_g;  // sum gw * (x - m)
          const T c1 = static_cast<T>(s_g / N);
          const T c2 = static_cast<T>(s_gx * rs * rs / N);
          for (int64_t i = 0; i < N; ++i) gxr[i] = rs * (gwrow[i] - c1 - (xr[i] - m) * c2);
        }
      }
    }
  });
  if (!want_params) return;
  parallel_for(0, N, grain_for(nblocks), [&](int64_t c0, int64_t c1) {
    for (int64_t i = c0; i < c1; ++i) {
      double sw = 0, sb = 0;
      for (int64_t blk = 0; blk < nblocks; ++blk) {
        sw += pw[blk * N + i];
        sb += pb[blk * N + i];
      }
      if (gw) gw[i] = static_cast<T>(sw);
      if (gb) gb[i] = static_cast<T>(sb);
    }
  });
}

// ------------------------------------------------------------------ rms norm ---
template <typename T>
void rms_norm_fwd(const T* x, const T* w, T* y, T* rrms, int64_t M, int64_t N, double eps) {
  parallel_for(0, M, grain_for(N), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const T* xr = x + r * N;
      T* yr = y + r * N;
      double ms = N ? row_dot(xr, xr, N) / N : 0.0;
      const T rs = static_cast<T>(1.0 / std::sqrt(ms + eps));
      rrms[r] = rs;
      if (w) {
        for (int64_t i = 0; i < N; ++i) yr[i] = xr[i] * rs * w[i];
      } else {
        for (int64_t i = 0; i < N; ++i) yr[i] = xr[i] * rs;
      }
    }
  });
}

template <typename T>
void rms_norm_bwd(const T* g, const T* x, const T* rrms, const T* w, T* gx, T* gw, int64_t M, int64_t N) {
  const int64_t nblocks = (M + kRowBlock - 1) / kRowBlock;
  std::vector<double> pw(gw ? nblocks * N : 0);
  parallel_for(0, nblocks, grain_for(kRowBlock * N), [&](int64_t b0, int64_t b1) {
    std::vector<T> gwrow(gx ? N : 0);
    for (int64_t blk = b0; blk < b1; ++blk) {
      double* bw = gw ? pw.data() + blk * N : nullptr;
      int64_t r_end = std::min(M, (blk + 1) * kRowBlock);
      for (int64_t r = blk * kRowBlock; r < r_end; ++r) {
        const T* gr = g + r * N;
        const T* xr = x + r * N;
        const T rs = rrms[r];
        if (gw)
          for (int64_t i = 0; i < N; ++i) bw[i] += static_cast<double>(gr[i]) * (xr[i] * rs);
        if (gx) {
          // gx = rrms * (gw - x * rrms^2 * mean(gw * x)), gw = g * w
          T* gxr = gx + r * N;
          for (int64_t i = 0; i < N; ++i) gwrow[i] = w ? gr[i] * w[i] : gr[i];
          const T c = static_cast<T>(row_dot(gwrow.data(), xr, N) * rs * rs / N);
          for (int64_t i = 0; i < N; ++i) gxr[i] = rs * (gwrow[i] - xr[i] * c);
        }
      }
    }
  });
  if (!gw) return;
  parallel_for(0, N, grain_for(nblocks), [&](int64_t c0, int64_t c1) {
    for (int64_t i = c0; i < c1; ++i) {
      double sw = 0;
      for (int64_t blk = 0; blk < nblocks; ++blk) sw += pw[blk * N + i];
      gw[i] = static_cast<T>(sw);
    }
  });
}

// ---------------------------------------------------------------- batch norm ---
template <typename T>
void channel_moments(const T* x, int64_t N, int64_t C, int64_t S, double* mean, double* var) {
  parallel_for(0, C, grain_for(N * S), [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      double s = 0;
      for (int64_t n = 0; n < N; ++n) s += row_sum(x + (n * C + c) * S, S);
      int64_t cnt = N * S;
      double m = cnt ? s / cnt : 0.0;
      double q = 0;
      for (int64_t n = 0; n < N; ++n) q += row_sqdev(x + (n * C + c) * S, S, m);
      mean[c] = m;
      var[c] = cnt ? q / cnt : 0.0;
    }
  });
}

template <typename T>
void channel_affine(const T* x, const double* mean, const double* invstd, const T* w, const T* b, T* y, int64_t N,
                    int64_t C, int64_t S) {
  std::vector<T> scale(C), shift(C);
  for (int64_t c = 0; c < C; ++c) {
    double sc = invstd[c] * (w ? static_cast<double>(w[c]) : 1.0);
    scale[c] = static_cast<T>(sc);
    shift[c] = static_cast<T>((b ? static_cast<double>(b[c]) : 0.0) - mean[c] * sc);
  }
  parallel_for(0, N * C, grain_for(S), [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
      const T sc = scale[p % C], sh = shift[p % C];
      const T* xp = x + p * S;
      T* yp = y + p * S;
      for (int64_t i = 0; i < S; ++i) yp[i] = xp[i] * sc + sh;
    }
  });
}

template <typename T>
void batch_norm_bwd(const T* g, const T* x, const double* mean, const double* invstd, const T* w, T* gx, T* gw,
                    T* gb, int64_t N, int64_t C, int64_t S, bool train) {
  std::vector<double> sum_g(C), sum_gxm(C);
  parallel_for(0, C, grain_for(N * S), [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      double sg = 0, sgx = 0;
      for (int64_t n = 0; n < N; ++n) {
        const T* gp = g + (n * C + c) * S;
        const T* xp = x + (n * C + c) * S;
        double a = row_sum(gp, S);
        sg += a;
        sgx += row_dot(gp, xp, S) - mean[c] * a;
      }
      sum_g[c] = sg;
      sum_gxm[c] = sgx;
      if (gw) gw[c] = static_cast<T>(sgx * invstd[c]);
      if (gb) gb[c] = static_cast<T>(sg);
    }
  });
  if (!gx) return;
  const int64_t cnt = N * S;
  std::vector<T> k1(C), k2(C), k3(C);
  for (int64_t c = 0; c < C; ++c) {
    double wc = w ? static_cast<double>(w[c]) : 1.0;
    double is = invstd[c];
    if (train) {
      // gx = (g - mean(g) - (x - mean) * invstd^2 * mean(g (x - mean))) * invstd * w
      double proj = cnt ? sum_gxm[c] * is * is / cnt : 0.0;
      double gmean = cnt ? sum_g[c] / cnt : 0.0;
      k1[c] = static_cast<T>(is * wc);
      k2[c] = static_cast<T>(-proj * is * wc);
      k3[c] = static_cast<T>((mean[c] * proj - gmean) * is * wc);
    } else {
      k1[c] = static_cast<T>(is * wc);
      k2[c] = T(0);
      k3[c] = T(0);
    }
  }
  parallel_for(0, N * C, grain_for(S), [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
      const int64_t c = p % C;
      const T a = k1[c], bb = k2[c], cc = k3[c];
      const T* gp = g + p * S;
      const T* xp = x + p * S;
      T* o = gx + p * S;
      for (int64_t i = 0; i < S; ++i) o[i] = gp[i] * a + xp[i] * bb + cc;
    }
  });
}

// ---------------------------------------------------------------- group norm ---
template <typename T>
void group_norm_fwd(const T* x, const T* w, const T* b, T* y, T* mean, T* rstd, int64_t N, int64_t C, int64_t S,
                    int64_t G, double eps) {
  const int64_t D = C / G, K = D * S;
  parallel_for(0, N * G, grain_for(K), [&](int64_t q0, int64_t q1) {
    for (int64_t q = q0; q < q1; ++q) {
      const T* xq = x + q * K;
      T* yq = y + q * K;
      double m = K ? row_sum(xq, K) / K : 0.0;
      double var = K ? row_sqdev(xq, K, m) / K : 0.0;
      double rs = 1.0 / std::sqrt(var + eps);
      mean[q] = static_cast<T>(m);
      rstd[q] = static_cast<T>(rs);
      const int64_t g0 = (q % G) * D;
      for (int64_t d = 0; d < D; ++d) {
        double sc = rs * (w ? static_cast<double>(w[g0 + d]) : 1.0);
        const T scale = static_cast<T>(sc);
        const T shift = static_cast<T>((b ? static_cast<double>(b[g0 + d]) : 0.0) - m * sc);
        const T* xp = xq + d * S;
        T* yp = yq + d * S;
        for (int64_t i = 0; i < S; ++i) yp[i] = xp[i] * scale + shift;
      }
    }
  });
}

template <typename T>
void group_norm_bwd(const T* g, const T* x, const T* mean, const T* rstd, const T* w, T* gx, T* gw, T* gb,
                    int64_t N, int64_t C, int64_t S, int64_t G) {
  const int64_t D = C / G, K = D * S;
  // Per (n, c): ds = sum g * x, db = sum g.
  std::vector<double> ds(N * C), db(N * C);
  parallel_for(0, N * C, grain_for(S), [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
      ds[p] = row_dot(g + p * S, x + p * S, S);
      db[p] = row_sum(g + p * S, S);
    }
  });
  if (gx) {
    // torch's GroupNormKernel.cpp: gx = rstd w g + c2 x + c3 per (n, c).
    parallel_for(0, N * G, grain_for(K), [&](int64_t q0, int64_t q1) {
      for (int64_t q = q0; q < q1; ++q) {
        const int64_t n = q / G, g0 = (q % G) * D;
        double ds_w = 0, db_w = 0;
        for (int64_t d = 0; d < D; ++d) {
          double wc = w ? static_cast<double>(w[g0 + d]) : 1.0;
          ds_w += ds[n * C + g0 + d] * wc;
          db_w += db[n * C + g0 + d] * wc;
        }
        const double m = mean[q], rs = rstd[q];
        const double c2 = K ? (db_w * m - ds_w) * rs * rs * rs / K : 0.0;
        const double c3 = K ? -c2 * m - db_w * rs / K : 0.0;
        for (int64_t d = 0; d < D; ++d) {
          const T a = static_cast<T>(rs * (w ? static_cast<double>(w[g0 + d]) : 1.0));
          const T bb = static_cast<T>(c2), cc = static_cast<T>(c3);
          const int64_t off = (n * C + g0 + d) * S;
          for (int64_t i = 0; i < S; ++i) gx[off + i] = a * g[off + i] + bb * x[off + i] + cc;
        }
      }
    });
  }
  if (gw || gb) {
    for (int64_t c = 0; c < C; ++c) {
      double sw = 0, sb = 0;
      for (int64_t n = 0; n < N; ++n) {
        const int64_t q = n * G + c / D;
        sw += (ds[n * C + c] - db[n * C + c] * static_cast<double>(mean[q])) * static_cast<double>(rstd[q]);
        sb += db[n * C + c];
      }
      if (gw) gw[c] = static_cast<T>(sw);
      if (gb) gb[c] = static_cast<T>(sb);
    }
  }
}

#define PYT_NN_NORM_INSTANTIATE(T)                                                                                \
  template void layer_norm_fwd<T>(const T*, const T*, const T*, T*, T*, T*, int64_t, int64_t, double);            \
  template void layer_norm_bwd<T>(const T*, const T*, const T*, const T*, const T*, T*, T*, T*, int64_t, int64_t); \
  template void rms_norm_fwd<T>(const T*, const T*, T*, T*, int64_t, int64_t, double);                            \
  template void rms_norm_bwd<T>(const T*, const T*, const T*, const T*, T*, T*, int64_t, int64_t);                \
  template void channel_moments<T>(const T*, int64_t, int64_t, int64_t, double*, double*);                        \
  template void channel_affine<T>(const T*, const double*, const double*, const T*, const T*, T*, int64_t,        \
                                  int64_t, int64_t);                                                              \
  template void batch_norm_bwd<T>(const T*, const T*, const double*, const double*, const T*, T*, T*, T*,         \
                                  int64_t, int64_t, int64_t, bool);                                               \
  template void group_norm_fwd<T>(const T*, const T*, const T*, T*, T*, T*, int64_t, int64_t, int64_t, int64_t,   \
                                  double);                                                                        \
  template void group_norm_bwd<T>(const T*, const T*, const T*, const T*, const T*, T*, T*, T*, int64_t,          \
                                  int64_t, int64_t, int64_t);
PYT_NN_NORM_INSTANTIATE(float)
PYT_NN_NORM_INSTANTIATE(double)
#undef PYT_NN_NORM_INSTANTIATE

}  // namespace pyt::cpu
