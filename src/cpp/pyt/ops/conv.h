#pragma once
// Convolution, pooling, padding and resampling ops (torch.nn.functional names and
// semantics). Part of ops.h. Inputs are floating (float32 / float64), batched (N, C, *) or
// unbatched (C, *); sizes such as stride or padding are given per spatial dim (a single
// value is repeated). Errors are RuntimeError naming the op, the shapes and the dtypes.
//
// Note [Convolution lowering] in conv.cpp: every convolution is one of three GEMM-lowered
// kernels over 3 spatial dims (forward, its adjoint w.r.t. the input, the weight gradient),
// parallel over fixed groups of images and deterministic for any thread count.
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "pyt/export.h"
#include "pyt/tensor.h"

namespace pyt {

// ------------------------------------------------------------------ convolution ---
/// General convolution (torch.convolution): input (N, C_in, *spatial) with 1 to 3 spatial
/// dims; weight (C_out, C_in/groups, *k), or (C_in, C_out/groups, *k) when transposed;
/// bias (C_out) or undefined. Output size per dim: (in + 2p - d(k-1) - 1)/s + 1, or for the
/// transposed convolution (in - 1)s - 2p + d(k-1) + output_padding + 1. Records
/// ConvolutionBackward0. op names the caller in error messages.
PYT_API Tensor convolution(const Tensor& input, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
                           const IntArrayRef& padding, const IntArrayRef& dilation, bool transposed,
                           const IntArrayRef& output_padding, int64_t groups, const char* op = "convolution");
/// 1-d convolution (torch.nn.functional.conv1d): input (N, C_in, L) or (C_in, L).
PYT_API Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
                      const IntArrayRef& padding, const IntArrayRef& dilation, int64_t groups);
/// 3-d convolution (torch.nn.functional.conv3d): input (N, C_in, D, H, W) or (C_in, D, H, W).
PYT_API Tensor conv3d(const Tensor& input, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
                      const IntArrayRef& padding, const IntArrayRef& dilation, int64_t groups);
/// Transposed convolutions (torch.nn.functional.conv_transpose{1,2,3}d): the adjoint of the
/// convolution with the same weight (C_in, C_out/groups, *k).
PYT_API Tensor conv_transpose1d(const Tensor& input, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
                                const IntArrayRef& padding, const IntArrayRef& output_padding, int64_t groups,
                                const IntArrayRef& dilation);
PYT_API Tensor conv_transpose2d(const Tensor& input, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
                                const IntArrayRef& padding, const IntArrayRef& output_padding, int64_t groups,
                                const IntArrayRef& dilation);
PYT_API Tensor conv_transpose3d(const Tensor& input, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
                                const IntArrayRef& padding, const IntArrayRef& output_padding, int64_t groups,
                                const IntArrayRef& dilation);
/// Sliding local blocks (torch.nn.functional.unfold, im2col): input (N, C, H, W) or
/// (C, H, W) -> (N, C*kH*kW, L), L the number of block positions. Records Im2ColBackward0.
PYT_API Tensor im2col(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& dilation,
                      const IntArrayRef& padding, const IntArrayRef& stride);
/// The adjoint of im2col (torch.nn.functional.fold, col2im): (N, C*kH*kW, L) or (C*kH*kW, L)
/// summed into (N, C, *output_size). Records Col2ImBackward0.
PYT_API Tensor col2im(const Tensor& input, const IntArrayRef& output_size, const IntArrayRef& kernel_size,
                      const IntArrayRef& dilation, const IntArrayRef& padding, const IntArrayRef& stride);
/// (*, C*r*r, H, W) -> (*, C, H*r, W*r) (torch.nn.functional.pixel_shuffle).
PYT_API Tensor pixel_shuffle(const Tensor& input, int64_t upscale_factor);
/// (*, C, H*r, W*r) -> (*, C*r*r, H, W) (torch.nn.functional.pixel_unshuffle).
PYT_API Tensor pixel_unshuffle(const Tensor& input, int64_t downscale_factor);

// ---------------------------------------------------------------------- pooling ---
/// 1-d max pooling of (N, C, L) or (C, L), returning (values, indices into L).
PYT_API std::tuple<Tensor, Tensor> max_pool1d_with_indices(const Tensor& input, const IntArrayRef& kernel_size,
                                                           const IntArrayRef& stride, const IntArrayRef& padding,
                                                           const IntArrayRef& dilation, bool ceil_mode);
PYT_API Tensor max_pool1d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                          const IntArrayRef& padding, const IntArrayRef& dilation, bool ceil_mode);
/// Average pooling (torch.nn.functional.avg_pool1d/2d); stride empty means kernel_size.
PYT_API Tensor avg_pool1d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                          const IntArrayRef& padding, bool ceil_mode, bool count_include_pad);
PYT_API Tensor avg_pool2d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                          const IntArrayRef& padding, bool ceil_mode, bool count_include_pad,
                          std::optional<int64_t> divisor_override = std::nullopt);
/// Adaptive average pooling to a fixed output size (torch.nn.functional.adaptive_avg_pool1d/2d).
PYT_API Tensor adaptive_avg_pool1d(const Tensor& input, const IntArrayRef& output_size);
PYT_API Tensor adaptive_avg_pool2d(const Tensor& input, const IntArrayRef& output_size);
/// Adaptive max pooling, returning (values, indices into H*W) (torch adaptive_max_pool2d).
PYT_API std::tuple<Tensor, Tensor> adaptive_max_pool2d(const Tensor& input, const IntArrayRef& output_size);

// ---------------------------------------------------------- padding, resampling ---
/// Pads the last len(pad)/2 dims (torch.nn.functional.pad): pad = (left_last, right_last,
/// left_second_last, ...); mode "constant" (any number of dims, negative pads crop),
/// "reflect", "replicate" or "circular" (the last 1 to 3 dims of a 2-d to 5-d input).
PYT_API Tensor pad(const Tensor& input, const IntArrayRef& pad, const std::string& mode = "constant",
                   double value = 0.0);
/// Resamples the spatial dims of (N, C, *spatial) to output_size (torch.nn.functional.
/// interpolate): mode "nearest", "nearest-exact", "linear", "bilinear", "bicubic" or
/// "trilinear"; scales[d] > 0 is the user's scale factor for dim d (used for the source
/// index as torch does), else in/out.
PYT_API Tensor interpolate(const Tensor& input, const IntArrayRef& output_size, const std::vector<double>& scales,
                           const std::string& mode, bool align_corners);

}  // namespace pyt
