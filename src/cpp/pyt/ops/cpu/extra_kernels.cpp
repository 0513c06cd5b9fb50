// Kernels of the `extra` elementwise family (see extra_kernels.h). The special functions
// (lgamma's derivative digamma, trigamma, the Hurwitz zeta of polygamma, the modified Bessel
// functions i0 and i1) follow torch's aten/src/ATen/native/Math.h, which derives them from the
// Cephes Math Library (3-clause BSD), so results agree with torch to the last bits or so.
#include "pyt/ops/cpu/extra_kernels.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>
#include <type_traits>

#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/loops.h"

namespace pyt::cpu {

namespace {

constexpr double kPi = 3.14159265358979323846;

// ------------------------------------------------------------------ shifts ---
// torch's lshift / rshift (aten/src/ATen/native/cpu/BinaryOpsKernel.cpp): a shift by a
// negative amount or by the width or more gives 0 (left) or the sign fill (right).
template <typename T>
T lshift_one(T a, T b) {
  constexpr T max_shift = static_cast<T>(sizeof(T) * CHAR_BIT);
  if (static_cast<std::make_signed_t<T>>(b) < 0 || b >= max_shift) return T(0);
  return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a) << b);
}

template <typename T>
T rshift_one(T a, T b) {
  constexpr T max_shift = static_cast<T>(sizeof(T) * CHAR_BIT - std::is_signed_v<T>);
  if (static_cast<std::make_signed_t<T>>(b) < 0 || b >= max_shift) return static_cast<T>(a >> max_shift);
  return static_cast<T>(a >> b);
}

// --------------------------------------------------------- special functions ---
template <typename T>
T polevl(T x, const T* a, int len) {
  T r = 0;
  for (int i = 0; i <= len; ++i) r = r * x + a[i];
  return r;
}

template <typename T>
T digamma_one(T x) {
  const T psi_10 = T(2.25175258906672110764);
  if (x == 0) return std::copysign(std::numeric_limits<T>::infinity(), -x);
  bool is_int = x == std::trunc(x);
  if (x < 0) {
    if (is_int) return std::numeric_limits<T>::quiet_NaN();
    double q;
    double r = std::modf(static_cast<double>(x), &q);
    return digamma_one<T>(1 - x) - static_cast<T>(kPi / std::tan(kPi * r));
  }
  T result = 0;
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  if (x == 10) return result + psi_10;
  static const T A[] = {T(8.33333333333333333333E-2), T(-2.10927960927960927961E-2), T(7.57575757575757575758E-3),
                        T(-4.16666666666666666667E-3), T(3.96825396825396825397E-3), T(-8.33333333333333333333E-3),
                        T(8.33333333333333333333E-2)};
  T y = 0;
  if (x < T(1.0e17)) {
    T z = 1 / (x * x);
    y = z * polevl<T>(z, A, 6);
  }
  return result + std::log(x) - (T(0.5) / x) - y;
}

template <typename T>
T trigamma_one(T x) {
  T sign = 1, result = 0;
  if (x < T(0.5)) {
    sign = -1;
    T s = std::sin(static_cast<T>(kPi) * x);
    result -= static_cast<T>(kPi * kPi) / (s * s);
    x = 1 - x;
  }
  for (int i = 0; i < 6; ++i) {
    result += 1 / (x * x);
    x += 1;
  }
  const T ixx = 1 / (x * x);
  result += (1 + 1 / (2 * x) + ixx * (T(1) / 6 - ixx * (T(1) / 30 - ixx * (T(1) / 42)))) / x;
  return sign * result;
}

// The Hurwitz zeta function zeta(x, q), accumulated in double (torch's acc_type on CPU).
template <typename T>
T zeta_one(T xt, T qt) {
  const double machep = 1.11022302462515654042E-16;
  static const double A[] = {12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9, 7.47242496e10,
                             -2.950130727918164224e12, 1.1646782814350067249e14, -4.5979787224074726105e15,
                             1.8152105401943546773e17, -7.1661652561756670113e18};
  double x = xt, q = qt;
  if (x == 1) return std::numeric_limits<T>::infinity();
  if (x < 1) return std::numeric_limits<T>::quiet_NaN();
  if (q <= 0) {
    if (q == std::floor(q)) return std::numeric_limits<T>::infinity();
    if (x != std::floor(x)) return std::numeric_limits<T>::quiet_NaN();
  }
  double s = std::pow(q, -x), a = q, b = 0;
  int i = 0;
  while (i < 9 || a <= 9.0) {
    i += 1;
    a += 1;
    b = std::pow(a, -x);
    s += b;
    if (-machep * s < b && b < machep * s) return static_cast<T>(s);
  }
  double w = a;
  s += b * w / (x - 1);
  s -= 0.5 * b;
  a = 1;
  double k = 0;
  for (i = 0; i < 12; ++i) {
    a *= x + k;
    b /= w;
    double t = a * b / A[i];
    s = s + t;
    t = std::fabs(t / s);
    if (t < machep) return static_cast<T>(s);
    k += 1;
    a *= x + k;
    b /= w;
    k += 1;
  }
  return static_cast<T>(s);
}

template <typename T>
T polygamma_one(T x, int64_t n) {
  if (n == 0) return digamma_one(x);
  if (n == 1) return trigamma_one(x);
  const T one = 1;
  return ((n % 2) ? one : -one) * std::exp(std::lgamma(static_cast<T>(n) + one)) *
         zeta_one<T>(static_cast<T>(n + 1), x);
}

template <typename T>
T chbevl(T x, const T* array, int len) {
  T b0 = array[0], b1 = 0, b2 = 0;
  for (int i = 1; i < len; ++i) {
    b2 = b1;
    b1 = b0;
    b0 = x * b1 - b2 + array[i];
  }
  return T(0.5) * (b0 - b2);
}

// Chebyshev coefficients of exp(-x) I0(x) on [0, 8] and exp(-x) sqrt(x) I0(x) on [8, inf).
const double kI0A[] = {
    -4.41534164647933937950E-18, 3.33079451882223809783E-17,  -2.43127984654795469359E-16, 1.71539128555513303061E-15,
    -1.16853328779934516808E-14, 7.67618549860493561688E-14,  -4.85644678311192946090E-13, 2.95505266312963983461E-12,
    -1.72682629144155570723E-11, 9.67580903537323691224E-11,  -5.18979560163526290666E-10, 2.65982372468238665035E-9,
    -1.30002500998624804212E-8,  6.04699502254191894932E-8,   -2.67079385394061173391E-7,  1.11738753912010371815E-6,
    -4.41673835845875056359E-6,  1.64484480707288970893E-5,   -5.75419501008210370398E-5,  1.88502885095841655729E-4,
    -5.76375574538582365885E-4,  1.63947561694133579842E-3,   -4.32430999505057594430E-3,  1.05464603945949983183E-2,
    -2.37374148058994688156E-2,  4.93052842396707084878E-2,   -9.49010970480476444210E-2,  1.71620901522208775349E-1,
    -3.04682672343198398683E-1,  6.76795274409476084995E-1};
const double kI0B[] = {
    -7.23318048787475395456E-18, -4.83050448594418207126E-18, 4.46562142029675999901E-17,  3.46122286769746109310E-17,
    -2.82762398051658348494E-16, -3.42548561967721913462E-16, 1.77256013305652638360E-15,  3.81168066935262242075E-15,
    -9.55484669882830764870E-15, -4.15056934728722208663E-14, 1.54008621752140982691E-14,  3.85277838274214270114E-13,
    7.18012445138366623367E-13,  -1.79417853150680611778E-12, -1.32158118404477131188E-11, -3.14991652796324136454E-11,
    1.18891471078464383424E-11,  4.94060238822496958910E-10,  3.39623202570838634515E-9,   2.26666899049817806459E-8,
    2.04891858946906374183E-7,   2.89137052083475648297E-6,   6.88975834691682398426E-5,   3.36911647825569408990E-3,
    8.04490411014108831608E-1};
// exp(-x) I1(x) on [0, 8] (float32 uses the last 17) and exp(-x) sqrt(x) I1(x) on [8, inf)
// (float32 uses the last 7).
const double kI1A[] = {
    2.77791411276104639959E-18,  -2.11142121435816608115E-17, 1.55363195773620046921E-16,  -1.10559694773538630805E-15,
    7.60068429473540693410E-15,  -5.04218550472791168711E-14, 3.22379336594557470981E-13,  -1.98397439776494371520E-12,
    1.17361862988909016308E-11,  -6.66348972350202774223E-11, 3.62559028155211703701E-10,  -1.88724975172282928790E-9,
    9.38153738649577178388E-9,   -4.44505912879632808065E-8,  2.00329475355213526229E-7,   -8.56872026469545474066E-7,
    3.47025130813767847674E-6,   -1.32731636560394358279E-5,  4.78156510755005422638E-5,   -1.61760815825896745588E-4,
    5.12285956168575772895E-4,   -1.51357245063125314899E-3,  4.15642294431288815669E-3,   -1.05640848946261981558E-2,
    2.47264490306265168283E-2,   -5.29459812080949914269E-2,  1.02643658689847095384E-1,   -1.76416518357834055153E-1,
    2.52587186443633654823E-1};
const double kI1B[] = {
    7.51729631084210481353E-18,  4.41434832307170791151E-18,  -4.65030536848935832153E-17, -3.20952592199342395980E-17,
    2.96262899764595013876E-16,  3.30820231092092828324E-16,  -1.88035477551078244854E-15, -3.81440307243700780478E-15,
    1.04202769841288027642E-14,  4.27244001671195135429E-14,  -2.10154184277266431302E-14, -4.08355111109219731823E-13,
    -7.19855177624590851209E-13, 2.03562854414708950722E-12,  1.41258074366137813316E-11,  3.25260358301548823856E-11,
    -1.89749581235054123450E-11, -5.58974346219658380687E-10, -3.83538038596423702205E-9,  -2.63146884688951950684E-8,
    -2.51223623787020892529E-7,  -3.88256480887769039346E-6,  -1.10588938762623716291E-4,  -9.76109749136146840777E-3,
    7.78576235018280120474E-1};

// The coefficient table in T (float32 rounds the double literals as torch's float tables do).
template <typename T, int N>
struct Coeffs {
  T v[N];
  explicit Coeffs(const double* src) {
    for (int i = 0; i < N; ++i) v[i] = static_cast<T>(src[i]);
  }
};

template <typename T>
T i0_one(T x0) {
  static const Coeffs<T, 30> A(kI0A);
  static const Coeffs<T, 25> B(kI0B);
  T x = std::abs(x0);
  if (x <= T(8)) return std::exp(x) * chbevl<T>(x / T(2) - T(2), A.v, 30);
  return std::exp(x) * chbevl<T>(T(32) / x - T(2), B.v, 25) / std::sqrt(x);
}

template <typename T>
T i1_one(T x0) {
  constexpr bool dbl = std::is_same_v<T, double>;
  constexpr int na = dbl ? 29 : 17, nb = dbl ? 25 : 7;
  static const Coeffs<T, na> A(kI1A + (29 - na));
  static const Coeffs<T, nb> B(kI1B + (25 - nb));
  T x = std::abs(x0);
  T out;
  if (x <= T(8))
    out = std::exp(x) * x * chbevl<T>(x / T(2) - T(2), A.v, na);
  else
    out = std::exp(x) * chbevl<T>(T(32) / x - T(2), B.v, nb) / std::sqrt(x);
  return x0 < T(0) ? -out : out;
}

template <typename T>
T sinc_one(T a) {
  if (a == T(0)) return T(1);
  T p = static_cast<T>(kPi) * a;
  return std::sin(p) / p;
}

template <typename T>
T logaddexp_one(T a, T b) {
  if (std::isinf(a) && a == b) return a;
  T m = std::max(a, b);
  return m + std::log1p(std::exp(-std::abs(a - b)));
}

template <typename T>
T logaddexp2_one(T a, T b) {
  const T inv_log_2 = static_cast<T>(1.0 / 0.693147180559945309417);
  if (std::isinf(a) && a == b) return a;
  T m = std::max(a, b);
  return m + std::log1p(std::exp2(-std::abs(a - b))) * inv_log_2;
}

template <typename T>
T xlogy_one(T x, T y) {
  if (std::isnan(y)) return std::numeric_limits<T>::quiet_NaN();
  if (x == T(0)) return T(0);
  return x * std::log(y);
}

// nextafter on the 16-bit floating formats, by stepping the bit pattern.
template <typename H>
H nextafter16(H a, H b) {
  float fa = a, fb = b;
  if (std::isnan(fa) || std::isnan(fb)) return H(std::numeric_limits<float>::quiet_NaN());
  if (fa == fb) return b;
  if (fa == 0.0f) return H::from_bits(fb < 0 ? 0x8001 : 0x0001);
  uint16_t bits = a.x;
  bits = ((fa < fb) == (fa > 0)) ? static_cast<uint16_t>(bits + 1) : static_cast<uint16_t>(bits - 1);
  return H::from_bits(bits);
}

template <typename T>
void floating_binary(const TensorIterator& it, ExtraBinaryKind kind) {
  switch (kind) {
    case ExtraBinaryKind::Copysign: binary_loop<T, T>(it, [](T a, T b) -> T { return std::copysign(a, b); }); return;
    case ExtraBinaryKind::Logaddexp: binary_loop<T, T>(it, [](T a, T b) -> T { return logaddexp_one(a, b); }); return;
    case ExtraBinaryKind::Logaddexp2:
      binary_loop<T, T>(it, [](T a, T b) -> T { return logaddexp2_one(a, b); });
      return;
    case ExtraBinaryKind::Nextafter: binary_loop<T, T>(it, [](T a, T b) -> T { return std::nextafter(a, b); }); return;
    case ExtraBinaryKind::Xlogy: binary_loop<T, T>(it, [](T a, T b) -> T { return xlogy_one(a, b); }); return;
    default: return;
  }
}

}  // namespace

const char* extra_binary_kernel_name(ExtraBinaryKind kind) {
  switch (kind) {
    case ExtraBinaryKind::LShift: return "lshift_cpu";
    case ExtraBinaryKind::RShift: return "rshift_cpu";
    case ExtraBinaryKind::Copysign: return "copysign_cpu";
    case ExtraBinaryKind::Heaviside: return "heaviside_cpu";
    case ExtraBinaryKind::Fmax: return "fmax_cpu";
    case ExtraBinaryKind::Fmin: return "fmin_cpu";
    case ExtraBinaryKind::Logaddexp: return "logaddexp_cpu";
    case ExtraBinaryKind::Logaddexp2: return "logaddexp2_cpu";
    case ExtraBinaryKind::Nextafter: return "nextafter_cpu";
    case ExtraBinaryKind::Xlogy: return "xlogy_cpu";
  }
  return "binary";
}

void extra_binary_kernel(const TensorIterator& it, ExtraBinaryKind kind) {
  const char* name = extra_binary_kernel_name(kind);
  ScalarType dt = it.compute_dtype();
  switch (kind) {
    case ExtraBinaryKind::LShift:
      [&] {
        switch (dt) {
          PYT_DISPATCH_INTEGRAL_CASES([&] { binary_loop<scalar_t, scalar_t>(it, lshift_one<scalar_t>); })
          PYT_DISPATCH_FAIL(dt, name)
        }
      }();
      return;
    case ExtraBinaryKind::RShift:
      [&] {
        switch (dt) {
          PYT_DISPATCH_INTEGRAL_CASES([&] { binary_loop<scalar_t, scalar_t>(it, rshift_one<scalar_t>); })
          PYT_DISPATCH_FAIL(dt, name)
        }
      }();
      return;
    case ExtraBinaryKind::Heaviside:
      PYT_DISPATCH_NUMERIC_AND_BOOL(dt, name, [&] {
        using T = scalar_t;
        binary_loop<T, T>(it, [](T a, T b) -> T { return a == T(0) ? b : static_cast<T>(a > T(0)); });
      });
      return;
    case ExtraBinaryKind::Fmax:
    case ExtraBinaryKind::Fmin: {
      bool is_max = kind == ExtraBinaryKind::Fmax;
      PYT_DISPATCH_NUMERIC_AND_BOOL(dt, name, [&] {
        using T = scalar_t;
        if constexpr (std::is_floating_point_v<T>) {
          if (is_max)
            binary_loop<T, T>(it, [](T a, T b) -> T { return std::fmax(a, b); });
          else
            binary_loop<T, T>(it, [](T a, T b) -> T { return std::fmin(a, b); });
        } else {
          if (is_max)
            binary_loop<T, T>(it, [](T a, T b) -> T { return a < b ? b : a; });
          else
            binary_loop<T, T>(it, [](T a, T b) -> T { return b < a ? b : a; });
        }
      });
      return;
    }
    case ExtraBinaryKind::Nextafter:
      if (dt == ScalarType::Float16) {
        binary_loop<Half, Half>(it, [](Half a, Half b) { return nextafter16(a, b); });
        return;
      }
      if (dt == ScalarType::BFloat16) {
        binary_loop<BFloat16, BFloat16>(it, [](BFloat16 a, BFloat16 b) { return nextafter16(a, b); });
        return;
      }
      PYT_DISPATCH_FLOATING(dt, name, [&] { floating_binary<scalar_t>(it, kind); });
      return;
    default:
      PYT_DISPATCH_FLOATING(dt, name, [&] { floating_binary<scalar_t>(it, kind); });
      return;
  }
}

const char* extra_unary_kernel_name(ExtraUnaryKind kind) {
  switch (kind) {
    case ExtraUnaryKind::Lgamma: return "lgamma_vml_cpu";
    case ExtraUnaryKind::Digamma: return "digamma";
    case ExtraUnaryKind::Sinc: return "sinc_cpu";
    case ExtraUnaryKind::I0: return "i0_cpu";
    case ExtraUnaryKind::I1: return "i1_cpu";
  }
  return "unary";
}

void extra_unary_kernel(const TensorIterator& it, ExtraUnaryKind kind) {
  PYT_DISPATCH_FLOATING(it.compute_dtype(), extra_unary_kernel_name(kind), [&] {
    using T = scalar_t;
    switch (kind) {
      case ExtraUnaryKind::Lgamma: unary_loop<T, T>(it, [](T a) -> T { return std::lgamma(a); }); return;
      case ExtraUnaryKind::Digamma: unary_loop<T, T>(it, [](T a) -> T { return digamma_one(a); }); return;
      case ExtraUnaryKind::Sinc: unary_loop<T, T>(it, [](T a) -> T { return sinc_one(a); }); return;
      case ExtraUnaryKind::I0: unary_loop<T, T>(it, [](T a) -> T { return i0_one(a); }); return;
      case ExtraUnaryKind::I1: unary_loop<T, T>(it, [](T a) -> T { return i1_one(a); }); return;
    }
  });
}

void polygamma_kernel(const TensorIterator& it, int64_t n) {
  PYT_DISPATCH_FLOATING(it.compute_dtype(), "polygamma", [&] {
    using T = scalar_t;
    unary_loop<T, T>(it, [n](T a) -> T { return polygamma_one(a, n); });
  });
}

void logit_kernel(const TensorIterator& it, double eps) {
  PYT_DISPATCH_FLOATING(it.compute_dtype(), "logit_cpu", [&] {
    using T = scalar_t;
    if (eps < 0) {
      unary_loop<T, T>(it, [](T x) -> T { return x == T(1) ? std::numeric_limits<T>::infinity() : std::log(x / (T(1) - x)); });
    } else {
      const T lo = static_cast<T>(eps), hi = T(1) - static_cast<T>(eps);
      unary_loop<T, T>(it, [lo, hi](T x0) -> T {
        T x = x0 < lo ? lo : (x0 > hi ? hi : x0);
        return x == T(1) ? std::numeric_limits<T>::infinity() : std::log(x / (T(1) - x));
      });
    }
  });
}

void signbit_kernel(const TensorIterator& it) {
  PYT_DISPATCH_NUMERIC_AND_BOOL(it.compute_dtype(), "signbit_cpu", [&] {
    using T = scalar_t;
    if constexpr (std::is_floating_point_v<T>)
      unary_loop<bool, T>(it, [](T a) { return std::signbit(a); });
    else if constexpr (std::is_signed_v<T>)
      unary_loop<bool, T>(it, [](T a) { return a < T(0); });
    else
      unary_loop<bool, T>(it, [](T) { return false; });
  });
}

}  // namespace pyt::cpu
