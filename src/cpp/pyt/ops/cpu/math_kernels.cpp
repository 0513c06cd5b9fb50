#include "pyt/ops/cpu/math_kernels.h"

#include <cmath>
#include <limits>
#include <type_traits>

#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/loops.h"
#include "pyt/ops/cpu/vec_math.h"

namespace pyt::cpu {

namespace {

// torch's calc_erfinv (aten/src/ATen/native/Math.h): a rational first guess (Giles-style
// central/tail split, from Pavlis' erfinv.m) refined by two Newton steps on erf, so
// results agree with torch to the last bits in both float32 and float64.
template <typename T>
T erfinv_impl(T y) {
  constexpr T kCentralRange = T(0.7);
  const T a[4] = {T(0.886226899), T(-1.645349621), T(0.914624893), T(-0.140543331)};
  const T b[4] = {T(-2.118377725), T(1.442710462), T(-0.329097515), T(0.012229801)};
  const T c[4] = {T(-1.970840454), T(-1.624906493), T(3.429567803), T(1.641345311)};
  const T d[2] = {T(3.543889200), T(1.637067800)};
  T y_abs = std::abs(y);
  if (y_abs > T(1)) return std::numeric_limits<T>::quiet_NaN();
  if (y_abs == T(1)) return std::copysign(std::numeric_limits<T>::infinity(), y);
  T x;
  if (y_abs <= kCentralRange) {
    T z = y * y;
    T num = ((a[3] * z + a[2]) * z + a[1]) * z + a[0];
    T dem = (((b[3] * z + b[2]) * z + b[1]) * z + b[0]) * z + T(1);
    x = y * num / dem;
  } else {
    T z = std::sqrt(-std::log((T(1) - y_abs) / T(2)));
    T num = ((c[3] * z + c[2]) * z + c[1]) * z + c[0];
    T dem = (d[1] * z + d[0]) * z + T(1);
    x = std::copysign(num, y) / dem;
  }
  const T two_over_sqrt_pi = T(2) / static_cast<T>(std::sqrt(3.14159265358979323846));
  x = x - (std::erf(x) - y) / (two_over_sqrt_pi * std::exp(-x * x));
  x = x - (std::erf(x) - y) / (two_over_sqrt_pi * std::exp(-x * x));
  return x;
}

template <typename T>
void math_unary_typed(const TensorIterator& it, MathUnaryKind kind) {
  switch (kind) {
    case MathUnaryKind::Exp2: unary_loop<T, T>(it, [](T a) -> T { return std::exp2(a); }); return;
    case MathUnaryKind::Log2: unary_loop<T, T>(it, [](T a) -> T { return std::log2(a); }); return;
    case MathUnaryKind::Log10: unary_loop<T, T>(it, [](T a) -> T { return std::log10(a); }); return;
    case MathUnaryKind::Log1p: unary_loop<T, T>(it, [](T a) -> T { return std::log1p(a); }); return;
    case MathUnaryKind::Expm1: unary_loop<T, T>(it, [](T a) -> T { return std::expm1(a); }); return;
    case MathUnaryKind::Rsqrt: unary_loop<T, T>(it, [](T a) -> T { return T(1) / std::sqrt(a); }); return;
    case MathUnaryKind::Sin: unary_loop<T, T>(it, [](T a) -> T { return std::sin(a); }); return;
    case MathUnaryKind::Cos: unary_loop<T, T>(it, [](T a) -> T { return std::cos(a); }); return;
    case MathUnaryKind::Tan: unary_loop<T, T>(it, [](T a) -> T { return std::tan(a); }); return;
    case MathUnaryKind::Asin: unary_loop<T, T>(it, [](T a) -> T { return std::asin(a); }); return;
    case MathUnaryKind::Acos: unary_loop<T, T>(it, [](T a) -> T { return std::acos(a); }); return;
    case MathUnaryKind::Atan: unary_loop<T, T>(it, [](T a) -> T { return std::atan(a); }); return;
    case MathUnaryKind::Sinh: unary_loop<T, T>(it, [](T a) -> T { return std::sinh(a); }); return;
    case MathUnaryKind::Cosh: unary_loop<T, T>(it, [](T a) -> T { return std::cosh(a); }); return;
    case MathUnaryKind::Asinh: unary_loop<T, T>(it, [](T a) -> T { return std::asinh(a); }); return;
    case MathUnaryKind::Acosh: unary_loop<T, T>(it, [](T a) -> T { return std::acosh(a); }); return;
    case MathUnaryKind::Atanh: unary_loop<T, T>(it, [](T a) -> T { return std::atanh(a); }); return;
    case MathUnaryKind::Erf: unary_loop<T, T>(it, [](T a) -> T { return std::erf(a); }); return;
    case MathUnaryKind::Erfinv: unary_loop<T, T>(it, [](T a) -> T { return erfinv_impl(a); }); return;
    case MathUnaryKind::Floor: unary_loop<T, T>(it, [](T a) -> T { return std::floor(a); }); return;
    case MathUnaryKind::Ceil: unary_loop<T, T>(it, [](T a) -> T { return std::ceil(a); }); return;
    // nearbyint in the default rounding mode: half to even, as torch.round.
    case MathUnaryKind::Round: unary_loop<T, T>(it, [](T a) -> T { return std::nearbyint(a); }); return;
    case MathUnaryKind::Trunc: unary_loop<T, T>(it, [](T a) -> T { return std::trunc(a); }); return;
    case MathUnaryKind::Frac: unary_loop<T, T>(it, [](T a) -> T { return a - std::trunc(a); }); return;
    case MathUnaryKind::Reciprocal: unary_loop<T, T>(it, [](T a) -> T { return T(1) / a; }); return;
  }
}

// C's % truncates toward zero, as fmod; x % -1 is 0 (and would trap for the minimum value).
template <typename T>
T int_fmod(T a, T b) {
  if (b == T(-1)) return T(0);
  return static_cast<T>(a % b);
}

template <typename T>
void fmod_typed(const TensorIterator& it) {
  if constexpr (std::is_floating_point_v<T>)
    binary_loop<T, T>(it, [](T a, T b) -> T { return std::fmod(a, b); });
  else
    binary_loop<T, T>(it, [](T a, T b) -> T { return int_fmod(a, b); });
}

// torch's lerp (aten/src/ATen/native/Lerp.h): the form that is exact at weight 0 and 1.
template <typename T>
T lerp_one(T self, T end, T w) {
  return std::abs(w) < T(0.5) ? self + w * (end - self) : end - (end - self) * (T(1) - w);
}

// The vectorised float32 implementation of kind (Note [SIMD dispatch]), or null.
vec::UnaryF32 vec_unary(MathUnaryKind kind) {
  const vec::Table& t = vec::table();
  switch (kind) {
    case MathUnaryKind::Exp2: return t.exp2;
    case MathUnaryKind::Log2: return t.log2;
    case MathUnaryKind::Log10: return t.log10;
    case MathUnaryKind::Log1p: return t.log1p;
    case MathUnaryKind::Expm1: return t.expm1;
    case MathUnaryKind::Rsqrt: return t.rsqrt;
    case MathUnaryKind::Sin: return t.sin;
    case MathUnaryKind::Cos: return t.cos;
    case MathUnaryKind::Tan: return t.tan;
    case MathUnaryKind::Erf: return t.erf;
    case MathUnaryKind::Asin: return t.asin;
    case MathUnaryKind::Acos: return t.acos;
    case MathUnaryKind::Atan: return t.atan;
    case MathUnaryKind::Sinh: return t.sinh;
    case MathUnaryKind::Cosh: return t.cosh;
    case MathUnaryKind::Erfinv: return t.erfinv;
    case MathUnaryKind::Floor: return t.floor;
    case MathUnaryKind::Ceil: return t.ceil;
    case MathUnaryKind::Round: return t.round;
    case MathUnaryKind::Trunc: return t.trunc;
    case MathUnaryKind::Frac: return t.frac;
    default: return nullptr;
  }
}

}  // namespace

const char* math_unary_name(MathUnaryKind kind) {
  switch (kind) {
    case MathUnaryKind::Exp2: return "exp2";
    case MathUnaryKind::Log2: return "log2";
    case MathUnaryKind::Log10: return "log10";
    case MathUnaryKind::Log1p: return "log1p";
    case MathUnaryKind::Expm1: return "expm1";
    case MathUnaryKind::Rsqrt: return "rsqrt";
    case MathUnaryKind::Sin: return "sin";
    case MathUnaryKind::Cos: return "cos";
    case MathUnaryKind::Tan: return "tan";
    case MathUnaryKind::Asin: return "asin";
    case MathUnaryKind::Acos: return "acos";
    case MathUnaryKind::Atan: return "atan";
    case MathUnaryKind::Sinh: return "sinh";
    case MathUnaryKind::Cosh: return "cosh";
    case MathUnaryKind::Asinh: return "asinh";
    case MathUnaryKind::Acosh: return "acosh";
    case MathUnaryKind::Atanh: return "atanh";
    case MathUnaryKind::Erf: return "erf";
    case MathUnaryKind::Erfinv: return "erfinv";
    case MathUnaryKind::Floor: return "floor";
    case MathUnaryKind::Ceil: return "ceil";
    case MathUnaryKind::Round: return "round";
    case MathUnaryKind::Trunc: return "trunc";
    case MathUnaryKind::Frac: return "frac";
    case MathUnaryKind::Reciprocal: return "reciprocal";
  }
  return "math";
}

void math_unary_kernel(const TensorIterator& it, MathUnaryKind kind) {
  if (it.compute_dtype() == ScalarType::Float32) {
    if (vec::UnaryF32 f = vec_unary(kind)) {
      unary_array_loop<float>(it, f);
      return;
    }
  }
  bool vml = kind == MathUnaryKind::Floor || kind == MathUnaryKind::Ceil || kind == MathUnaryKind::Round ||
             kind == MathUnaryKind::Trunc;  // torch's kernel names, as its errors show them
  PYT_DISPATCH_FLOATING(it.compute_dtype(), str(math_unary_name(kind), vml ? "_vml_cpu" : "_cpu"),
                        [&] { math_unary_typed<scalar_t>(it, kind); });
}

void round_decimals_kernel(const TensorIterator& it, int64_t decimals) {
  PYT_DISPATCH_FLOATING(it.compute_dtype(), "round_cpu", [&] {
    using T = scalar_t;
    bool neg = decimals < 0;
    T ten_pow = static_cast<T>(std::pow(10.0, static_cast<double>(neg ? -decimals : decimals)));
    if (neg)
      unary_loop<T, T>(it, [ten_pow](T a) -> T { return std::nearbyint(a / ten_pow) * ten_pow; });
    else
      unary_loop<T, T>(it, [ten_pow](T a) -> T { return std::nearbyint(a * ten_pow) / ten_pow; });
  });
}

void math_binary_kernel(const TensorIterator& it, MathBinaryKind kind) {
  switch (kind) {
    case MathBinaryKind::Atan2:
      if (it.compute_dtype() == ScalarType::Float32) {  // Note [SIMD dispatch]
        binary_array_loop<float>(it, vec::table().atan2);
        return;
      }
      PYT_DISPATCH_FLOATING(it.compute_dtype(), "atan2_cpu", [&] {
        binary_loop<scalar_t, scalar_t>(it, [](scalar_t a, scalar_t b) -> scalar_t { return std::atan2(a, b); });
      });
      return;
    case MathBinaryKind::Hypot:
      PYT_DISPATCH_FLOATING(it.compute_dtype(), "hypot_cpu", [&] {
        binary_loop<scalar_t, scalar_t>(it, [](scalar_t a, scalar_t b) -> scalar_t { return std::hypot(a, b); });
      });
      return;
    case MathBinaryKind::Fmod:
      PYT_DISPATCH_NUMERIC(it.compute_dtype(), "fmod_cpu", [&] { fmod_typed<scalar_t>(it); });
      return;
  }
}

void lerp_scalar_kernel(const TensorIterator& it, const Scalar& weight) {
  PYT_DISPATCH_FLOATING(it.compute_dtype(), "lerp_kernel_scalar", [&] {
    using T = scalar_t;
    T w = weight.to<T>();
    binary_loop<T, T>(it, [w](T a, T b) -> T { return lerp_one(a, b, w); });
  });
}

void lerp_tensor_kernel(const TensorIterator& it) {
  PYT_DISPATCH_FLOATING(it.compute_dtype(), "lerp_kernel_tensor", [&] {
    using T = scalar_t;
    ternary_loop<T, T, T, T>(it, [](T a, T b, T w) -> T { return lerp_one(a, b, w); });
  });
}

void nan_to_num_kernel(const TensorIterator& it, double nan, double posinf, double neginf) {
  PYT_DISPATCH_FLOATING(it.compute_dtype(), "nan_to_num", [&] {
    using T = scalar_t;
    // Out-of-range replacements become +-inf in a narrower type, as a C++ cast does in torch.
    T n = static_cast<T>(nan), p = static_cast<T>(posinf), m = static_cast<T>(neginf);
    unary_loop<T, T>(it, [=](T a) -> T {
      if (std::isnan(a)) return n;
      if (a == std::numeric_limits<T>::infinity()) return p;
      if (a == -std::numeric_limits<T>::infinity()) return m;
      return a;
    });
  });
}

void float_class_kernel(const TensorIterator& it, FloatClassKind kind) {
  PYT_DISPATCH_FLOATING(it.compute_dtype(), "isnan", [&] {
    using T = scalar_t;
    switch (kind) {
      case FloatClassKind::IsNan: unary_loop<bool, T>(it, [](T a) { return std::isnan(a); }); return;
      case FloatClassKind::IsInf: unary_loop<bool, T>(it, [](T a) { return std::isinf(a); }); return;
      case FloatClassKind::IsFinite: unary_loop<bool, T>(it, [](T a) { return std::isfinite(a); }); return;
    }
  });
}

void logical_kernel(const TensorIterator& it, LogicalKind kind) {
  PYT_DISPATCH_NUMERIC_AND_BOOL(it.compute_dtype(), "logical_op", [&] {
    using T = scalar_t;
    switch (kind) {
      case LogicalKind::And:
        binary_loop<bool, T>(it, [](T a, T b) { return a != T(0) && b != T(0); });
        return;
      case LogicalKind::Or:
        binary_loop<bool, T>(it, [](T a, T b) { return a != T(0) || b != T(0); });
        return;
      case LogicalKind::Xor:
        binary_loop<bool, T>(it, [](T a, T b) { return (a != T(0)) != (b != T(0)); });
        return;
    }
  });
}

void logical_not_kernel(const TensorIterator& it) {
  PYT_DISPATCH_NUMERIC_AND_BOOL(it.compute_dtype(), "logical_not_cpu", [&] {
    using T = scalar_t;
    unary_loop<bool, T>(it, [](T a) { return a == T(0); });
  });
}

}  // namespace pyt::cpu
