#pragma once
// The sampling family: grid_sample and affine_grid (spatial transformer networks). Part of
// ops.h. Semantics: torch.nn.functional.grid_sample / affine_grid (torch's
// aten/src/ATen/native/GridSampler.cpp and AffineGridGenerator.cpp).
#include <string>
#include <vector>

#include "pyt/export.h"
#include "pyt/tensor.h"

namespace pyt {

/// Samples input at the locations of grid (torch.nn.functional.grid_sample): input
/// (N, C, H_in, W_in) with grid (N, H_out, W_out, 2) gives (N, C, H_out, W_out); input
/// (N, C, D_in, H_in, W_in) with grid (N, D_out, H_out, W_out, 3) gives
/// (N, C, D_out, H_out, W_out). grid holds (x, y[, z]) normalized to [-1, 1] (-1: the left /
/// top edge; with align_corners the centre of the corner pixel, else its outer corner).
/// mode "bilinear" (trilinear for 5-D), "nearest" (round half to even) or "bicubic" (4-D
/// only; cubic convolution with A = -0.75); padding_mode "zeros", "border" or "reflection"
/// decides the values outside the input. float32/float64 (float16/bfloat16 compute in
/// float32); input and grid share a dtype. Backward GridSampler2DBackward0 /
/// GridSampler3DBackward0 for input and grid, deterministic for any thread count; it has no
/// derivative of its own (as in torch). Throws ValueError for an unknown mode or
/// padding_mode, RuntimeError for mismatched batch sizes, a grid whose last dim is not
/// input.dim() - 2, empty spatial input dims, inputs that are not 4-D/5-D, bicubic 5-D input,
/// or different dtypes; NotImplementedError for integer dtypes.
/// Example: grid_sample(img, affine_grid(theta, {1, 3, 8, 8}, false), "bilinear", "zeros", false)
PYT_API Tensor grid_sample(const Tensor& input, const Tensor& grid, const std::string& mode = "bilinear",
                           const std::string& padding_mode = "zeros", bool align_corners = false);

/// The sampling grid of a batch of affine matrices (torch.nn.functional.affine_grid):
/// theta (N, 2, 3) with size {N, C, H, W} gives (N, H, W, 2); theta (N, 3, 4) with size
/// {N, C, D, H, W} gives (N, D, H, W, 3): grid[n, h, w] = theta[n] @ (x_w, y_h, 1), where x, y
/// run over [-1, 1] (scaled by (W - 1) / W when not align_corners; a size-1 dim gives 0).
/// Floating theta (float16/bfloat16 compute in float32). Backward
/// AffineGridGeneratorBackward0, written with pyt ops (double backward works). Throws
/// RuntimeError for a non-floating theta, a theta shape that does not match size, a size of
/// length other than 4 or 5, or a non-positive size.
/// Example: affine_grid(eye(2, 3).unsqueeze(0), {1, 1, 4, 4}, false)
PYT_API Tensor affine_grid(const Tensor& theta, const std::vector<int64_t>& size, bool align_corners = false);

}  // namespace pyt
