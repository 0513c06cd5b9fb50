#include "pyt/ops/cpu/mathx_kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/loops.h"
#include "pyt/parallel.h"

namespace pyt::cpu {

namespace {

// |v| with two's-complement wrap-around: the minimum value stays itself, as torch's abs_impl
// (std::abs through int, cast back) gives for every integer type.
template <typename T>
T wrap_abs(T v) {
  if constexpr (std::is_signed_v<T>) {
    using U = std::make_unsigned_t<T>;
    return v < 0 ? static_cast<T>(static_cast<U>(0) - static_cast<U>(v)) : v;
  } else {
    return v;
  }
}

// b % a, where the one trapping case (minimum % -1) is 0, as mathematically.
template <typename T>
T safe_mod(T b, T a) {
  if constexpr (std::is_signed_v<T>)
    if (a == T(-1)) return T(0);
  return static_cast<T>(b % a);
}

// torch's calc_gcd (aten/src/ATen/native/Math.h): Euclid on |a|, |b|.
template <typename T>
T gcd_one(T a, T b) {
  a = wrap_abs(a);
  b = wrap_abs(b);
  while (a != 0) {
    T c = a;
    a = safe_mod(b, a);
    b = c;
  }
  return b;
}

// torch's lcm kernel: abs(a / g * b) evaluated in T's promoted type W (int for the types
// narrower than int, else T itself) with wrap-around, then truncated to T.
template <typename T>
T lcm_one(T a, T b) {
  using W = decltype(T() * T());
  using UW = std::make_unsigned_t<W>;
  T g = gcd_one(a, b);
  if (g == 0) return T(0);
  // g may be negative: the minimum value, or -1 for gcd(INT_MIN, INT_MAX) by the wrapped
  // Euclid steps. a / -1 wraps here (torch's int32 / int64 kernels trap with SIGFPE).
  W wa = static_cast<W>(a), wg = static_cast<W>(g);
  W q = (std::is_signed_v<W> && wg == W(-1)) ? static_cast<W>(UW(0) - static_cast<UW>(wa)) : static_cast<W>(wa / wg);
  W p = static_cast<W>(static_cast<UW>(q) * static_cast<UW>(static_cast<W>(b)));
  return static_cast<T>(wrap_abs(p));
}

constexpr double kInvSqrtPi = 0.56418958354775628695;  // 1 / sqrt(pi)

// exp(x^2) with x^2 split into its rounded value and the rounding error, so the result keeps
// its relative accuracy for large |x| (a plain exp(x * x) loses up to x^2 ulp).
double exp_sq(double x) {
  double h = x * x;
  double l = std::fma(x, x, -h);
  return std::exp(h) * (1.0 + l);
}

// Note [erfcx]: the scaled complementary error function exp(x^2) erfc(x). For 0 <= x < 26 the
// product of exp_sq and libm's erfc (both accurate to an ulp or two, erfc still normal there);
// beyond, the asymptotic series 1/(x sqrt(pi)) sum_k (-1)^k (2k-1)!! / (2x^2)^k, whose terms
// shrink by (2k-1)/(2x^2) < 1/30 per step; for x < 0, 2 exp(x^2) - erfcx(-x), +inf below
// -26.7 as torch's (Faddeeva-based) calc_erfcx.
double erfcx_pos(double x) {
  if (x < 26.0) return exp_sq(x) * std::erfc(x);
  if (x > 5e7) return kInvSqrtPi / x;
  double z = 1.0 / (2.0 * x * x);
  double term = 1.0, sum = 1.0;
  for (int k = 1; k < 40; ++k) {
    term *= -(2.0 * k - 1.0) * z;
    sum += term;
    if (std::abs(term) < 1e-18) break;
  }
  return kInvSqrtPi / x * sum;
}

double erfcx_d(double x) {
  if (std::isnan(x)) return x;
  if (x >= 0) return erfcx_pos(x);
  if (x < -26.7) return std::numeric_limits<double>::infinity();
  return 2.0 * exp_sq(x) - erfcx_pos(-x);
}

template <typename T>
T erfcx_t(T x) {
  return static_cast<T>(erfcx_d(static_cast<double>(x)));
}

// torch's calc_log_ndtr: log(erfcx(-t) / 2) - t^2 in the left tail (no underflow), else
// log1p(-erfc(t) / 2), with t = x / sqrt(2).
template <typename T>
T log_ndtr_one(T x) {
  T t = x * static_cast<T>(0.70710678118654752440);
  if (x < T(-1)) return std::log(erfcx_t(-t) / T(2)) - t * t;
  return std::log1p(-std::erfc(t) / T(2));
}

// torch.special.ndtr's composition (1 + erf(x * sqrt(1/2))) * 0.5, each step in T.
template <typename T>
T ndtr_one(T x) {
  T t = x * static_cast<T>(0.70710678118654752440);
  T e = std::erf(t);
  T s = T(1) + e;
  return s * T(0.5);
}

// libm's erfc; float32 results that are subnormal (x > 9.1) go through double, where libm's
// erfcf misrounds (erfcf(10) is 2 ulp of the subnormal range, the exact value 1.49 ulp).
template <typename T>
T erfc_one(T a) {
  if constexpr (std::is_same_v<T, float>)
    if (a > 9.1f) return static_cast<float>(std::erfc(static_cast<double>(a)));
  return std::erfc(a);
}

template <typename T>
void erfc_typed(const TensorIterator& it, ErfcKind kind) {
  switch (kind) {
    case ErfcKind::Erfc: unary_loop<T, T>(it, [](T a) -> T { return erfc_one(a); }); return;
    case ErfcKind::Erfcx: unary_loop<T, T>(it, [](T a) -> T { return erfcx_t(a); }); return;
    case ErfcKind::Ndtr: unary_loop<T, T>(it, [](T a) -> T { return ndtr_one(a); }); return;
    case ErfcKind::LogNdtr: unary_loop<T, T>(it, [](T a) -> T { return log_ndtr_one(a); }); return;
  }
}

// Note [Reduced-precision histograms]: torch computes float16 / bfloat16 histograms in that
// type, each operation rounded (c10::Half arithmetic goes through float and rounds back):
// the linspace edges, the linear bin guess and every accumulation. Acc<T> is the type the
// arithmetic runs in and rnd<T> the rounding after each step (the identity for float and
// double, which compute natively).
template <typename T>
using Acc = std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>, float, T>;
template <typename T>
Acc<T> rnd(Acc<T> v) {
  return static_cast<Acc<T>>(static_cast<T>(v));
}

// torch's linspace in a reduced type: step = (end - start) / (steps - 1) and start + step * i
// (end - step * (steps - 1 - i)), each operation rounded, no fused multiply-add.
template <typename T>
void linspace_reduced(T* p, double start_d, double end_d, int64_t steps) {
  using A = float;
  const A start = static_cast<A>(static_cast<T>(static_cast<float>(start_d)));
  const A end = static_cast<A>(static_cast<T>(static_cast<float>(end_d)));
  if (steps == 1) {
    p[0] = static_cast<T>(start);
    return;
  }
  const A step = rnd<T>(rnd<T>(end - start) / static_cast<A>(static_cast<T>(static_cast<float>(steps - 1))));
  const int64_t halfway = steps / 2;
  for (int64_t i = 0; i < steps; ++i) {
    A k = static_cast<A>(static_cast<T>(static_cast<float>(i < halfway ? i : steps - i - 1)));
    A v = i < halfway ? start + rnd<T>(step * k) : end - rnd<T>(step * k);
    p[i] = static_cast<T>(v);
  }
}

template <typename T>
void linspace_typed(T* p, double start_d, double end_d, int64_t steps) {
  const T start = static_cast<T>(start_d), end = static_cast<T>(end_d);
  if (steps == 1) {
    p[0] = start;
    return;
  }
  const T step = (end - start) / static_cast<T>(steps - 1);
  const int64_t halfway = steps / 2;
  for (int64_t i = 0; i < steps; ++i)
    p[i] = i < halfway ? std::fma(step, static_cast<T>(i), start)
                       : std::fma(-step, static_cast<T>(steps - i - 1), end);
}

// The flat bin index of row i of x (row-major over the bin counts), or -1 when the row is
// skipped (a coordinate outside its edges, or NaN). Follows torch's histogramdd_cpu_contiguous.
template <typename T, bool kLinear>
int64_t bin_of(const T* row, int64_t D, const std::vector<const T*>& edges, const std::vector<int64_t>& nedges,
               const std::vector<int64_t>& hstride) {
  int64_t index = 0;
  for (int64_t d = 0; d < D; ++d) {
    using A = Acc<T>;
    const A elt = static_cast<A>(row[d]);
    const T* e = edges[d];
    const int64_t ne = nedges[d];
    const A left = static_cast<A>(e[0]), right = static_cast<A>(e[ne - 1]);
    if (!(elt >= left && elt <= right)) return -1;
    int64_t pos;
    if constexpr (kLinear) {
      // Linear interpolation, then a search among the neighbouring edges to agree with them.
      const A n = static_cast<A>(static_cast<T>(static_cast<A>(ne - 1)));
      pos = static_cast<int64_t>(rnd<T>(rnd<T>(rnd<T>(elt - left) * n) / rnd<T>(right - left)));
      int64_t lo = std::max<int64_t>(0, pos - 1), hi = std::min<int64_t>(pos + 2, ne);
      pos = std::upper_bound(e + lo, e + hi, elt) - e - 1;
    } else {
      pos = std::upper_bound(e, e + ne, elt) - e - 1;
    }
    if (pos == ne - 1) pos -= 1;  // the rightmost bin includes its right edge
    index += hstride[d] * pos;
  }
  return index;
}

template <typename T, bool kLinear>
void histogramdd_typed(const T* x, int64_t M, int64_t D, const std::vector<const T*>& edges,
                       const std::vector<int64_t>& nedges, const T* w, T* hist) {
  std::vector<int64_t> hstride(D, 1);
  for (int64_t d = D - 2; d >= 0; --d) hstride[d] = hstride[d + 1] * (nedges[d + 1] - 1);
  // Bin indices in parallel (each row on its own), accumulation in row order: the sums do not
  // depend on the thread count.
  std::vector<int64_t> idx(static_cast<size_t>(M));
  parallel_for(0, M, 4096, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) idx[i] = bin_of<T, kLinear>(x + i * D, D, edges, nedges, hstride);
  });
  for (int64_t i = 0; i < M; ++i)
    if (idx[i] >= 0) hist[idx[i]] = static_cast<T>(static_cast<Acc<T>>(hist[idx[i]]) + (w ? static_cast<Acc<T>>(w[i]) : Acc<T>(1)));
}

}  // namespace

void gcd_kernel(const TensorIterator& it, GcdKind kind) {
  const char* name = kind == GcdKind::Gcd ? "gcd_cpu" : "lcm_cpu";
  switch (it.compute_dtype()) {
    PYT_DISPATCH_INTEGRAL_CASES([&] {
      if (kind == GcdKind::Gcd)
        binary_loop<scalar_t, scalar_t>(it, [](scalar_t a, scalar_t b) { return gcd_one(a, b); });
      else
        binary_loop<scalar_t, scalar_t>(it, [](scalar_t a, scalar_t b) { return lcm_one(a, b); });
    })
    PYT_DISPATCH_FAIL(it.compute_dtype(), name)
  }
}

const char* erfc_kind_name(ErfcKind kind) {
  switch (kind) {
    case ErfcKind::Erfc: return "erfc";
    case ErfcKind::Erfcx: return "erfcx";
    case ErfcKind::Ndtr: return "ndtr";
    case ErfcKind::LogNdtr: return "log_ndtr";
  }
  return "erfc";
}

void erfc_kernel(const TensorIterator& it, ErfcKind kind) {
  PYT_DISPATCH_FLOATING(it.compute_dtype(), str(erfc_kind_name(kind), "_cpu"), [&] { erfc_typed<scalar_t>(it, kind); });
}

void linspace_fma(void* out, ScalarType dtype, double start, double end, int64_t steps) {
  if (dtype == ScalarType::Float16)
    linspace_reduced(static_cast<Half*>(out), start, end, steps);
  else if (dtype == ScalarType::BFloat16)
    linspace_reduced(static_cast<BFloat16*>(out), start, end, steps);
  else
    PYT_DISPATCH_FLOATING(dtype, "linspace", [&] { linspace_typed(static_cast<scalar_t*>(out), start, end, steps); });
}

void histogramdd_kernel(const void* x, int64_t M, int64_t D, const std::vector<const void*>& edges,
                        const std::vector<int64_t>& nedges, const void* w, void* hist, ScalarType dtype, bool linear) {
  auto run = [&](auto tag) {
    using T = decltype(tag);
    std::vector<const T*> e(edges.size());
    for (size_t d = 0; d < edges.size(); ++d) e[d] = static_cast<const T*>(edges[d]);
    const T* xp = static_cast<const T*>(x);
    const T* wp = static_cast<const T*>(w);
    T* hp = static_cast<T*>(hist);
    if (linear)
      histogramdd_typed<T, true>(xp, M, D, e, nedges, wp, hp);
    else
      histogramdd_typed<T, false>(xp, M, D, e, nedges, wp, hp);
  };
  switch (dtype) {
    case ScalarType::Float32: run(float()); break;
    case ScalarType::Float64: run(double()); break;
    case ScalarType::Float16: run(Half(0.0f)); break;
    case ScalarType::BFloat16: run(BFloat16(0.0f)); break;
    default: PYT_CHECK(false, NotImplementedError, "\"histogram_cpu\" not implemented for '", scalar_type_name(dtype), "'");
  }
}

}  // namespace pyt::cpu
