#pragma once
// Kernels of the `extra` elementwise family (ops/extra.cpp) over a TensorIterator: output 0,
// then the inputs, already in the compute dtype. They dispatch on the iterator's compute
// dtype and throw NotImplementedError naming torch's kernel for a dtype they do not handle.
// Internal header.
#include <cstdint>

#include "pyt/ops/cpu/tensor_iterator.h"

namespace pyt::cpu {

/// Binary functions. Shifts: integral dtypes; Fmax / Fmin: numeric and bool; the others:
/// floating dtypes (float32 / float64; Nextafter also float16 / bfloat16, computed natively).
enum class ExtraBinaryKind {
  LShift, RShift, Copysign, Heaviside, Fmax, Fmin, Logaddexp, Logaddexp2, Nextafter, Xlogy
};
/// torch's kernel name of the op, as its NotImplementedError messages show it.
const char* extra_binary_kernel_name(ExtraBinaryKind kind);
/// out = f(a, b).
void extra_binary_kernel(const TensorIterator& it, ExtraBinaryKind kind);

/// Unary functions of one floating argument (float32 / float64 compute).
enum class ExtraUnaryKind { Lgamma, Digamma, Sinc, I0, I1 };
const char* extra_unary_kernel_name(ExtraUnaryKind kind);
void extra_unary_kernel(const TensorIterator& it, ExtraUnaryKind kind);

/// out = polygamma(n, a) (n >= 0; n = 0 is digamma, 1 trigamma).
void polygamma_kernel(const TensorIterator& it, int64_t n);
/// out = log(z / (1 - z)), z = a clamped to [eps, 1 - eps] when eps >= 0 (no clamp otherwise).
void logit_kernel(const TensorIterator& it, double eps);
/// out (bool) = the sign bit of a (any numeric or bool compute dtype).
void signbit_kernel(const TensorIterator& it);

}  // namespace pyt::cpu
