#pragma once
// Binary elementwise kernels over a TensorIterator (output 0, inputs 1 and 2 already
// in the compute dtype). Internal header.
#include "pyt/ops/cpu/tensor_iterator.h"
#include "pyt/scalar.h"

namespace pyt::cpu {

enum class BinaryKind { Add, Sub, Mul, Div, DivTrunc, DivFloor, Pow, Maximum, Minimum, Remainder, BitAnd, BitOr, BitXor };
enum class CompareKind { Eq, Ne, Lt, Le, Gt, Ge };

/// out = a (op) b; alpha scales b for Add/Sub.
void binary_kernel(const TensorIterator& it, BinaryKind kind, const Scalar& alpha);
/// out = y > 0 ? g : 0 (inputs g, y in the output dtype): the gradient of relu.
void threshold_backward_kernel(const TensorIterator& it);
/// out (bool) = a (cmp) b.
void compare_kernel(const TensorIterator& it, CompareKind kind);
/// out = cond ? a : b (inputs: cond bool, a, b in the output dtype).
void where_kernel(const TensorIterator& it);

enum class UnaryKind { Neg, Exp, Log, Sqrt, Abs, Sign, Relu, Sigmoid, Tanh, BitNot };
/// out = f(a).
void unary_kernel(const TensorIterator& it, UnaryKind kind);
/// out = clamp(a, lo, hi); absent bounds are skipped.
void clamp_kernel(const TensorIterator& it, const std::optional<Scalar>& lo, const std::optional<Scalar>& hi);

}  // namespace pyt::cpu
