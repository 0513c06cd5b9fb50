// float16 / bfloat16 support for ops whose kernels exist for float32 and float64 only.
#pragma once

#include <functional>

#include "pyt/tensor.h"

namespace pyt {

/// True for float16 and bfloat16.
PYT_API bool is_half_float(ScalarType t);

/// The reduced-precision dtype an op call should be computed through float32 for: the dtype
/// of the first defined tensor in `inputs` when it is float16 or bfloat16 and every other
/// defined floating tensor in `inputs` has that same dtype; ScalarType::Undefined otherwise
/// (the op then runs as usual and its own checks report any dtype mismatch).
PYT_API ScalarType reduced_float_of(const TensorList& inputs);

/// Computes an op for float16/bfloat16 inputs the way torch's CPU kernels do: the tensors in
/// `inputs` whose dtype is `dtype` are cast to float32 (other tensors, such as int64 indices,
/// pass through unchanged), `fn` runs the float32 op on them, and every float32 output is
/// rounded once to `dtype` (integer outputs, such as pooling indices, are returned as they
/// are). Under autograd each rounded output gets a node with the float32 output's grad_fn
/// name (e.g. ConvolutionBackward0) that casts the incoming gradient to float32; the float32
/// graph computes the input gradients, which are rounded once to `dtype`. All of it is
/// recorded with pyt ops, so double backward works where the float32 op supports it.
///
/// Example: `conv2d(x_half, w_half)` returns
/// `run_in_float32({x, w}, Float16, [&](auto& a) { return TensorList{conv2d(a[0], a[1])}; })[0]`.
PYT_API TensorList run_in_float32(const TensorList& inputs, ScalarType dtype,
                                  const std::function<TensorList(const TensorList&)>& fn);

/// torch's name of a scalar type in dispatch errors: 'Bool', 'Byte', 'Char', 'Short', 'Int',
/// 'Long', 'Half', 'BFloat16', 'Float', 'Double'.
PYT_API const char* torch_dispatch_name(ScalarType t);

}  // namespace pyt
