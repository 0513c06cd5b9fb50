#pragma once
// Elementwise math ops beyond the core set (torch names and semantics). Part of ops.h.
//
// Dtype rules, as torch's: the transcendental functions, reciprocal and atan2 take integer
// and bool inputs to the default float dtype; floor/ceil/round/trunc return integer inputs
// unchanged; binary ops promote their operands (wrapped numbers are weak). float16 and
// bfloat16 compute in float32 and round once. An in-place variant name_ writes into self
// and throws RuntimeError when the result dtype cannot be cast to self's.
#include <optional>

#include "pyt/export.h"
#include "pyt/scalar.h"
#include "pyt/tensor.h"

namespace pyt {

// ------------------------------------------------------------ unary functions ---
/// 2^t (torch.exp2).
PYT_API Tensor exp2(const Tensor& t);
PYT_API Tensor log2(const Tensor& t);
PYT_API Tensor log10(const Tensor& t);
/// log(1 + t), accurate for small t (torch.log1p).
PYT_API Tensor log1p(const Tensor& t);
/// exp(t) - 1, accurate for small t (torch.expm1).
PYT_API Tensor expm1(const Tensor& t);
/// 1 / sqrt(t) (torch.rsqrt).
PYT_API Tensor rsqrt(const Tensor& t);
PYT_API Tensor sin(const Tensor& t);
PYT_API Tensor cos(const Tensor& t);
PYT_API Tensor tan(const Tensor& t);
PYT_API Tensor asin(const Tensor& t);
PYT_API Tensor acos(const Tensor& t);
PYT_API Tensor atan(const Tensor& t);
PYT_API Tensor sinh(const Tensor& t);
PYT_API Tensor cosh(const Tensor& t);
/// Inverse hyperbolic functions (torch.asinh, torch.acosh, torch.atanh): NaN outside the
/// domain (acosh: x < 1; atanh: |x| > 1), +-inf at atanh(+-1).
PYT_API Tensor asinh(const Tensor& t);
PYT_API Tensor acosh(const Tensor& t);
PYT_API Tensor atanh(const Tensor& t);
/// The Gauss error function (torch.erf).
PYT_API Tensor erf(const Tensor& t);
/// The inverse of erf on [-1, 1]; +-inf at +-1, NaN outside (torch.erfinv).
PYT_API Tensor erfinv(const Tensor& t);
/// 1 / t (torch.reciprocal).
PYT_API Tensor reciprocal(const Tensor& t);

/// Rounding: integer inputs are returned as a copy; bool raises NotImplementedError.
PYT_API Tensor floor(const Tensor& t);
PYT_API Tensor ceil(const Tensor& t);
/// Round half to even (torch.round).
PYT_API Tensor round(const Tensor& t);
/// Round half to even at decimals digits after the point (negative: before it);
/// floating inputs only (torch.round(input, decimals=...)).
PYT_API Tensor round(const Tensor& t, int64_t decimals);
PYT_API Tensor trunc(const Tensor& t);
/// t - trunc(t), with t's sign; floating inputs only (torch.frac).
PYT_API Tensor frac(const Tensor& t);
/// t * t, as torch.square = pow(t, 2): integer dtypes stay, bool becomes int64.
PYT_API Tensor square(const Tensor& t);

PYT_API Tensor& exp2_(Tensor& t);
PYT_API Tensor& log2_(Tensor& t);
PYT_API Tensor& log10_(Tensor& t);
PYT_API Tensor& log1p_(Tensor& t);
PYT_API Tensor& expm1_(Tensor& t);
PYT_API Tensor& rsqrt_(Tensor& t);
PYT_API Tensor& sin_(Tensor& t);
PYT_API Tensor& cos_(Tensor& t);
PYT_API Tensor& tan_(Tensor& t);
PYT_API Tensor& asin_(Tensor& t);
PYT_API Tensor& acos_(Tensor& t);
PYT_API Tensor& atan_(Tensor& t);
PYT_API Tensor& sinh_(Tensor& t);
PYT_API Tensor& cosh_(Tensor& t);
PYT_API Tensor& asinh_(Tensor& t);
PYT_API Tensor& acosh_(Tensor& t);
PYT_API Tensor& atanh_(Tensor& t);
PYT_API Tensor& erf_(Tensor& t);
PYT_API Tensor& erfinv_(Tensor& t);
PYT_API Tensor& reciprocal_(Tensor& t);
PYT_API Tensor& floor_(Tensor& t);
PYT_API Tensor& ceil_(Tensor& t);
PYT_API Tensor& round_(Tensor& t);
PYT_API Tensor& round_(Tensor& t, int64_t decimals);
PYT_API Tensor& trunc_(Tensor& t);
PYT_API Tensor& frac_(Tensor& t);
PYT_API Tensor& square_(Tensor& t);

// ----------------------------------------------------------- binary functions ---
/// atan(a / b) in the quadrant of (b, a); integer inputs give the default float dtype.
PYT_API Tensor atan2(const Tensor& a, const Tensor& b);
/// sqrt(a^2 + b^2) without overflow; floating dtypes only (torch.hypot).
PYT_API Tensor hypot(const Tensor& a, const Tensor& b);
/// C-style remainder: the result has the sign of a (torch.fmod); integer division by
/// zero raises RuntimeError.
PYT_API Tensor fmod(const Tensor& a, const Tensor& b);
/// floor(a / b) (torch.floor_divide); its gradient is not implemented, as in torch.
PYT_API Tensor floor_divide(const Tensor& a, const Tensor& b);
/// self + weight * (end - self) (torch.lerp); self and end (and a dimensioned weight
/// tensor) must share one floating dtype.
PYT_API Tensor lerp(const Tensor& self, const Tensor& end, const Scalar& weight);
PYT_API Tensor lerp(const Tensor& self, const Tensor& end, const Tensor& weight);
/// Aliases: div without rounding mode, mul, sub.
PYT_API Tensor true_divide(const Tensor& a, const Tensor& b);
PYT_API Tensor multiply(const Tensor& a, const Tensor& b);
PYT_API Tensor subtract(const Tensor& a, const Tensor& b, const Scalar& alpha = Scalar(1));

PYT_API Tensor& atan2_(Tensor& a, const Tensor& b);
PYT_API Tensor& hypot_(Tensor& a, const Tensor& b);
PYT_API Tensor& fmod_(Tensor& a, const Tensor& b);
PYT_API Tensor& floor_divide_(Tensor& a, const Tensor& b);
PYT_API Tensor& lerp_(Tensor& self, const Tensor& end, const Scalar& weight);
PYT_API Tensor& lerp_(Tensor& self, const Tensor& end, const Tensor& weight);
PYT_API Tensor& true_divide_(Tensor& a, const Tensor& b);
PYT_API Tensor& multiply_(Tensor& a, const Tensor& b);
PYT_API Tensor& subtract_(Tensor& a, const Tensor& b, const Scalar& alpha = Scalar(1));

// ------------------------------------------------- classification, logical ---
/// Bool tensors: which elements are NaN / +-inf / neither (all false / true for integers).
PYT_API Tensor isnan(const Tensor& t);
PYT_API Tensor isinf(const Tensor& t);
PYT_API Tensor isfinite(const Tensor& t);
/// t with NaN -> nan, +inf -> posinf, -inf -> neginf; absent infinities become the
/// dtype's largest / lowest finite value (torch.nan_to_num). Integers are copied.
PYT_API Tensor nan_to_num(const Tensor& t, double nan = 0.0, std::optional<double> posinf = std::nullopt,
                          std::optional<double> neginf = std::nullopt);
PYT_API Tensor& nan_to_num_(Tensor& t, double nan = 0.0, std::optional<double> posinf = std::nullopt,
                            std::optional<double> neginf = std::nullopt);
/// Elementwise truth of nonzero elements, as bool (any dtypes, broadcast).
PYT_API Tensor logical_and(const Tensor& a, const Tensor& b);
PYT_API Tensor logical_or(const Tensor& a, const Tensor& b);
PYT_API Tensor logical_xor(const Tensor& a, const Tensor& b);
PYT_API Tensor logical_not(const Tensor& t);
/// In place: self keeps its dtype and receives 1 / 0 (true / false).
PYT_API Tensor& logical_and_(Tensor& a, const Tensor& b);
PYT_API Tensor& logical_or_(Tensor& a, const Tensor& b);
PYT_API Tensor& logical_xor_(Tensor& a, const Tensor& b);
PYT_API Tensor& logical_not_(Tensor& t);

}  // namespace pyt
