#pragma once
// 3-d pooling and max unpooling (torch.nn.functional names and semantics). Part of ops.h;
// the 1-d and 2-d pools are declared in conv.h and share these kernels (pool.cpp).
// Inputs are batched (N, C, *spatial) or unbatched (C, *spatial); float32 / float64, and
// float16 / bfloat16 computed in float32 and rounded once; sizes such as stride or padding
// are given per spatial dim (a single value is repeated). Errors are RuntimeError naming the
// op, the shapes and the dtypes (NotImplementedError for an unsupported dtype).
#include <optional>
#include <tuple>

#include "pyt/export.h"
#include "pyt/tensor.h"

namespace pyt {

/// 3-d max pooling with -inf padding (torch.nn.functional.max_pool3d_with_indices): input
/// (N, C, D, H, W) or (C, D, H, W), floating or integer; returns the values
/// (N, C, D_out, H_out, W_out), D_out = floor((D + 2p - d(k-1) - 1)/s + 1) (ceil with
/// ceil_mode, windows starting in the right padding dropped), and int64 flat indices into
/// D*H*W. stride empty means kernel_size; padding at most half the kernel. Records
/// MaxPool3DWithIndicesBackward0.
PYT_API std::tuple<Tensor, Tensor> max_pool3d_with_indices(const Tensor& input, const IntArrayRef& kernel_size,
                                                           const IntArrayRef& stride, const IntArrayRef& padding,
                                                           const IntArrayRef& dilation, bool ceil_mode);
/// The values of max_pool3d_with_indices (torch.nn.functional.max_pool3d).
PYT_API Tensor max_pool3d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                          const IntArrayRef& padding, const IntArrayRef& dilation, bool ceil_mode);
/// 3-d average pooling with zero padding (torch.nn.functional.avg_pool3d): the divisor is the
/// window clipped to the padded input (count_include_pad) or to the input, or
/// divisor_override (non-zero). float32, float64 or int64 (rounded toward zero); float16 and
/// bfloat16 raise NotImplementedError, as torch's CPU kernel does. Records AvgPool3DBackward0.
PYT_API Tensor avg_pool3d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                          const IntArrayRef& padding, bool ceil_mode, bool count_include_pad,
                          std::optional<int64_t> divisor_override = std::nullopt);
/// 3-d adaptive average pooling to output_size (D_out, H_out, W_out) (torch.nn.functional.
/// adaptive_avg_pool3d): output index o of a dim covers [floor(o*in/out), ceil((o+1)*in/out)).
/// Records AdaptiveAvgPool3DBackward0.
PYT_API Tensor adaptive_avg_pool3d(const Tensor& input, const IntArrayRef& output_size);
/// 3-d adaptive max pooling with the windows of adaptive_avg_pool3d, returning (values,
/// int64 flat indices into D*H*W) (torch.nn.functional.adaptive_max_pool3d). Records
/// AdaptiveMaxPool3DBackward0.
PYT_API std::tuple<Tensor, Tensor> adaptive_max_pool3d(const Tensor& input, const IntArrayRef& output_size);

/// Fractional max pooling (torch.nn.functional.fractional_max_pool2d; Graham, "Fractional
/// Max-Pooling", 2014): input (N, C, H, W) or (C, H, W), floating; windows kernel_size placed
/// by the pseudo-random sequences of random_samples (N' >= N, C, 2) of input's dtype
/// (u_w, u_h per plane, in [0, 1)); returns (values, int64 indices into H*W) of shape
/// (N, C, *output_size). Records FractionalMaxPool2DBackward0.
PYT_API std::tuple<Tensor, Tensor> fractional_max_pool2d(const Tensor& input, const IntArrayRef& kernel_size,
                                                         const IntArrayRef& output_size,
                                                         const Tensor& random_samples);

/// Max unpooling (torch.nn.functional.max_unpool2d / max_unpool3d), the partial inverse of a
/// max pool: input and int64 indices of the same shape (N, C, *in) or (C, *in), with 2 or 3
/// spatial dims; returns zeros (N, C, *output_size) with out[n, c].flatten()[indices[n, c, i]]
/// = input[n, c, i] (the last of repeated indices wins). Every index is checked before any
/// write: RuntimeError "Found an invalid max index" for one outside the output volume.
/// Records MaxUnpool2DBackward0 / MaxUnpool3DBackward0 (the gradient gathers at the indices).
PYT_API Tensor max_unpool2d(const Tensor& input, const Tensor& indices, const IntArrayRef& output_size);
PYT_API Tensor max_unpool3d(const Tensor& input, const Tensor& indices, const IntArrayRef& output_size);

}  // namespace pyt
