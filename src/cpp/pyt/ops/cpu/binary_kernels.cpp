#include "pyt/ops/cpu/binary_kernels.h"

#include <cmath>
#include <limits>
#include <type_traits>

#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/loops.h"
#include "pyt/ops/cpu/vec_math.h"

namespace pyt::cpu {

namespace {

// torch's powi: a negative exponent gives 1 / base^-exp truncated toward zero (1 for base 1,
// +-1 for base -1, else 0).
template <typename T>
T int_pow(T base, T exp) {
  if constexpr (std::is_signed_v<T>) {
    if (exp < 0) {
      if (base == T(1)) return T(1);
      if (base == T(-1)) return (exp & 1) ? T(-1) : T(1);
      return T(0);
    }
  }
  T result = 1;
  while (exp) {
    if (exp & 1) result = static_cast<T>(result * base);
    exp = static_cast<T>(exp >> 1);
    base = static_cast<T>(base * base);
  }
  return result;
}

// Python/torch floor division for floats (torch's div_floor_floating).
template <typename T>
T div_floor_float(T a, T b) {
  if (b == 0) return a / b;
  T mod = std::fmod(a, b);
  T div = (a - mod) / b;
  if (mod != 0 && ((b < 0) != (mod < 0))) div -= T(1);
  T floordiv;
  if (div != 0) {
    floordiv = std::floor(div);
    if (div - floordiv > T(0.5)) floordiv += T(1.0);
  } else {
    floordiv = std::copysign(T(0), a / b);
  }
  return floordiv;
}

// INT_MIN / -1 overflows (and traps on x86): the result wraps, as torch's does.
template <typename T>
inline bool is_min_by_minus_one(T a, T b) {
  if constexpr (std::is_signed_v<T>)
    return b == T(-1) && a == std::numeric_limits<T>::min();
  else
    return false;
}

template <typename T>
T div_floor_int(T a, T b) {
  if (is_min_by_minus_one(a, b)) return a;
  T q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q -= 1;
  return q;
}

template <typename scalar_t>
void binary_typed(const TensorIterator& it, BinaryKind kind, const Scalar& alpha_s) {
  using T = scalar_t;
  constexpr bool is_bool = std::is_same_v<T, bool>;
  constexpr bool is_float = std::is_floating_point_v<T>;
  switch (kind) {
    case BinaryKind::Add:
    case BinaryKind::Sub: {
      if constexpr (is_bool) {
        binary_loop<T, T>(it, [](T a, T b) -> T { return a || b; });
      } else {
        T alpha = alpha_s.to<T>();
        if (kind == BinaryKind::Sub) alpha = static_cast<T>(-alpha);
        if (alpha == T(1))
          binary_loop<T, T>(it, [](T a, T b) -> T { return static_cast<T>(a + b); });
        else if (alpha == static_cast<T>(-1))
          binary_loop<T, T>(it, [](T a, T b) -> T { return static_cast<T>(a - b); });
        else
          binary_loop<T, T>(it, [alpha](T a, T b) -> T { return static_cast<T>(a + alpha * b); });
      }
      return;
    }
    case BinaryKind::Mul:
      if constexpr (is_bool)
        binary_loop<T, T>(it, [](T a, T b) -> T { return a && b; });
      else
        binary_loop<T, T>(it, [](T a, T b) -> T { return static_cast<T>(a * b); });
      return;
    case BinaryKind::Div:
      if constexpr (is_float) {
        binary_loop<T, T>(it, [](T a, T b) -> T { return a / b; });
        return;
      }
      break;
    case BinaryKind::DivTrunc:
      if constexpr (is_float) {
        binary_loop<T, T>(it, [](T a, T b) -> T { return std::trunc(a / b); });
        return;
      } else if constexpr (!is_bool) {
        binary_loop<T, T>(it, [](T a, T b) -> T { return is_min_by_minus_one(a, b) ? a : static_cast<T>(a / b); });
        return;
      }
      break;
    case BinaryKind::DivFloor:
      if constexpr (is_float) {
        binary_loop<T, T>(it, [](T a, T b) -> T { return div_floor_float(a, b); });
        return;
      } else if constexpr (!is_bool) {
        binary_loop<T, T>(it, [](T a, T b) -> T { return div_floor_int(a, b); });
        return;
      }
      break;
    case BinaryKind::Pow:
      if constexpr (is_float) {
        binary_loop<T, T>(it, [](T a, T b) -> T {
          if (b == T(2)) return a * a;
          if (b == T(1)) return a;
          return std::pow(a, b);
        });
        return;
      } else if constexpr (!is_bool) {
        binary_loop<T, T>(it, [](T a, T b) -> T { return int_pow(a, b); });
        return;
      }
      break;
    case BinaryKind::Remainder:
      if constexpr (is_float) {
        binary_loop<T, T>(it, [](T a, T b) -> T {
          T mod = std::fmod(a, b);
          if (mod != 0 && ((b < 0) != (mod < 0))) mod += b;
          return mod;
        });
        return;
      } else if constexpr (!is_bool) {
        binary_loop<T, T>(it, [](T a, T b) -> T {
          if (is_min_by_minus_one(a, b)) return T(0);
          T r = static_cast<T>(a % b);
          if (r != 0 && ((r < 0) != (b < 0))) r = static_cast<T>(r + b);
          return r;
        });
        return;
      }
      break;
    case BinaryKind::BitAnd:
      if constexpr (!is_float) {
        binary_loop<T, T>(it, [](T a, T b) -> T { return static_cast<T>(a & b); });
        return;
      }
      break;
    case BinaryKind::BitOr:
      if constexpr (!is_float) {
        binary_loop<T, T>(it, [](T a, T b) -> T { return static_cast<T>(a | b); });
        return;
      }
      break;
    case BinaryKind::BitXor:
      if constexpr (!is_float) {
        binary_loop<T, T>(it, [](T a, T b) -> T { return static_cast<T>(a ^ b); });
        return;
      }
      break;
    case BinaryKind::Maximum:
      binary_loop<T, T>(it, [](T a, T b) -> T {
        if constexpr (is_float)
          if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<T>::quiet_NaN();
        return a > b ? a : b;
      });
      return;
    case BinaryKind::Minimum:
      binary_loop<T, T>(it, [](T a, T b) -> T {
        if constexpr (is_float)
          if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<T>::quiet_NaN();
        return a < b ? a : b;
      });
      return;
  }
  static const char* names[] = {"add", "sub", "mul", "div_true", "div_trunc", "div_floor", "pow", "maximum", "minimum",
                                "remainder", "bitwise_and", "bitwise_or", "bitwise_xor"};
  throw NotImplementedError(str("\"", names[static_cast<int>(kind)], "_cpu\" not implemented for '",
                         scalar_type_name(it.compute_dtype()), "'"));
}

template <typename T>
void compare_typed(const TensorIterator& it, CompareKind kind) {
  switch (kind) {
    case CompareKind::Eq: binary_loop<bool, T>(it, [](T a, T b) { return a == b; }); return;
    case CompareKind::Ne: binary_loop<bool, T>(it, [](T a, T b) { return a != b; }); return;
    case CompareKind::Lt: binary_loop<bool, T>(it, [](T a, T b) { return a < b; }); return;
    case CompareKind::Le: binary_loop<bool, T>(it, [](T a, T b) { return a <= b; }); return;
    case CompareKind::Gt: binary_loop<bool, T>(it, [](T a, T b) { return a > b; }); return;
    case CompareKind::Ge: binary_loop<bool, T>(it, [](T a, T b) { return a >= b; }); return;
  }
}

template <typename T>
void unary_typed(const TensorIterator& it, UnaryKind kind) {
  constexpr bool is_float = std::is_floating_point_v<T>;
  constexpr bool is_bool = std::is_same_v<T, bool>;
  switch (kind) {
    case UnaryKind::Neg:
      if constexpr (!is_bool) {
        unary_loop<T, T>(it, [](T a) -> T { return static_cast<T>(-a); });
        return;
      }
      break;
    case UnaryKind::Abs:
      if constexpr (is_bool) {
        unary_loop<T, T>(it, [](T a) -> T { return a; });
      } else if constexpr (std::is_unsigned_v<T>) {
        unary_loop<T, T>(it, [](T a) -> T { return a; });
      } else {
        unary_loop<T, T>(it, [](T a) -> T { return a < 0 ? static_cast<T>(-a) : a; });
      }
      return;
    case UnaryKind::Sign:
      if constexpr (is_bool) {
        unary_loop<T, T>(it, [](T a) -> T { return a; });
      } else {
        unary_loop<T, T>(it, [](T a) -> T { return static_cast<T>((T(0) < a) - (a < T(0))); });
      }
      return;
    case UnaryKind::Relu:
      if constexpr (!is_bool) {
        unary_loop<T, T>(it, [](T a) -> T {
          if constexpr (is_float)
            if (std::isnan(a)) return a;
          return a > T(0) ? a : T(0);
        });
        return;
      }
      break;
    case UnaryKind::BitNot:
      if constexpr (is_bool) {
        unary_loop<T, T>(it, [](T a) -> T { return !a; });
        return;
      } else if constexpr (!is_float) {
        unary_loop<T, T>(it, [](T a) -> T { return static_cast<T>(~a); });
        return;
      }
      break;
    case UnaryKind::Exp:
      if constexpr (is_float) { unary_loop<T, T>(it, [](T a) -> T { return std::exp(a); }); return; }
      break;
    case UnaryKind::Log:
      if constexpr (is_float) { unary_loop<T, T>(it, [](T a) -> T { return std::log(a); }); return; }
      break;
    case UnaryKind::Sqrt:
      if constexpr (is_float) { unary_loop<T, T>(it, [](T a) -> T { return std::sqrt(a); }); return; }
      break;
    case UnaryKind::Sigmoid:
      if constexpr (is_float) {
        unary_loop<T, T>(it, [](T a) -> T { return T(1) / (T(1) + std::exp(-a)); });
        return;
      }
      break;
    case UnaryKind::Tanh:
      if constexpr (is_float) { unary_loop<T, T>(it, [](T a) -> T { return std::tanh(a); }); return; }
      break;
  }
  static const char* names[] = {"neg", "exp", "log", "sqrt", "abs", "sign", "relu", "sigmoid", "tanh", "bitwise_not"};
  throw NotImplementedError(str("\"", names[static_cast<int>(kind)], "_cpu\" not implemented for '",
                         scalar_type_name(it.compute_dtype()), "'"));
}

}  // namespace

void binary_kernel(const TensorIterator& it, BinaryKind kind, const Scalar& alpha) {
  PYT_DISPATCH_NUMERIC_AND_BOOL(it.compute_dtype(), "binary op", [&] { binary_typed<scalar_t>(it, kind, alpha); });
}

void threshold_backward_kernel(const TensorIterator& it) {
  PYT_DISPATCH_FLOATING(it.compute_dtype(), "threshold_backward", [&] {
    binary_loop<scalar_t, scalar_t>(it, [](scalar_t g, scalar_t y) -> scalar_t { return y > scalar_t(0) ? g : scalar_t(0); });
  });
}

void compare_kernel(const TensorIterator& it, CompareKind kind) {
  PYT_DISPATCH_NUMERIC_AND_BOOL(it.compute_dtype(), "comparison", [&] { compare_typed<scalar_t>(it, kind); });
}

void where_kernel(const TensorIterator& it) {
  PYT_DISPATCH_ALL(it.output_dtype(), "where", [&] {
    ternary_loop<scalar_t, bool, scalar_t, scalar_t>(it, [](bool c, scalar_t a, scalar_t b) { return c ? a : b; });
  });
}

void unary_kernel(const TensorIterator& it, UnaryKind kind) {
  if (it.compute_dtype() == ScalarType::Float32) {  // Note [SIMD dispatch]
    const vec::Table& t = vec::table();
    vec::UnaryF32 f = kind == UnaryKind::Exp       ? t.exp
                      : kind == UnaryKind::Log     ? t.log
                      : kind == UnaryKind::Sqrt    ? t.sqrt
                      : kind == UnaryKind::Sigmoid ? t.sigmoid
                      : kind == UnaryKind::Tanh    ? t.tanh
                                                   : nullptr;
    if (f) {
      unary_array_loop<float>(it, f);
      return;
    }
  }
  PYT_DISPATCH_NUMERIC_AND_BOOL(it.compute_dtype(), "unary op", [&] { unary_typed<scalar_t>(it, kind); });
}

void clamp_kernel(const TensorIterator& it, const std::optional<Scalar>& lo, const std::optional<Scalar>& hi) {
  PYT_DISPATCH_NUMERIC(it.compute_dtype(), "clamp", [&] {
    using T = scalar_t;
    bool has_lo = lo.has_value(), has_hi = hi.has_value();
    T l = has_lo ? lo->to<T>() : T(0), h = has_hi ? hi->to<T>() : T(0);
    unary_loop<T, T>(it, [=](T a) -> T {
      if constexpr (std::is_floating_point_v<T>)
        if (std::isnan(a)) return a;
      if (has_lo && a < l) a = l;
      if (has_hi && a > h) a = h;
      return a;
    });
  });
}

}  // namespace pyt::cpu
