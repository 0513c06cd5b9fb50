#pragma once
// Kernels of the elementwise math family (ops/math.cpp) over a TensorIterator: output 0,
// then the inputs, already in the compute dtype unless a kernel says otherwise. They
// dispatch on the iterator's compute dtype and throw NotImplementedError naming the op
// for a dtype they do not handle. Internal header.
#include <optional>

#include "pyt/ops/cpu/tensor_iterator.h"
#include "pyt/scalar.h"

namespace pyt::cpu {

/// Unary functions of one floating argument (float32 / float64 compute).
enum class MathUnaryKind {
  Exp2, Log2, Log10, Log1p, Expm1, Rsqrt, Sin, Cos, Tan, Asin, Acos, Atan, Sinh, Cosh, Asinh, Acosh, Atanh, Erf, Erfinv,
  Floor, Ceil, Round, Trunc, Frac, Reciprocal
};
/// torch's name of the op (also the kernel name in NotImplementedError messages).
const char* math_unary_name(MathUnaryKind kind);
/// out = f(a).
void math_unary_kernel(const TensorIterator& it, MathUnaryKind kind);
/// out = round(a * 10^d) / 10^d (d > 0) or round(a / 10^-d) * 10^-d (d < 0), half to even.
void round_decimals_kernel(const TensorIterator& it, int64_t decimals);

/// Binary functions: atan2 and hypot (floating), fmod (floating and integral; integral
/// divisors must be nonzero, which the caller checks).
enum class MathBinaryKind { Atan2, Hypot, Fmod };
void math_binary_kernel(const TensorIterator& it, MathBinaryKind kind);

/// out = lerp(self, end, weight) with a scalar weight (inputs self, end).
void lerp_scalar_kernel(const TensorIterator& it, const Scalar& weight);
/// out = lerp(self, end, weight) (inputs self, end, weight, all in the compute dtype).
void lerp_tensor_kernel(const TensorIterator& it);

/// out = a with NaN, +inf and -inf replaced by the given values (floating compute).
void nan_to_num_kernel(const TensorIterator& it, double nan, double posinf, double neginf);

/// out (bool) = isnan / isinf / isfinite of a floating input.
enum class FloatClassKind { IsNan, IsInf, IsFinite };
void float_class_kernel(const TensorIterator& it, FloatClassKind kind);

/// out (bool) = (a != 0) op (b != 0); inputs in the compute dtype.
enum class LogicalKind { And, Or, Xor };
void logical_kernel(const TensorIterator& it, LogicalKind kind);
/// out (bool) = !(a != 0).
void logical_not_kernel(const TensorIterator& it);

}  // namespace pyt::cpu
