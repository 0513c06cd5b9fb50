#pragma once
// Kernels of the sampling family (ops/sampling.h): grid_sample's forward and backward over
// contiguous float32/float64 buffers. They know nothing of autograd or dtype promotion.
#include <cstdint>

namespace pyt::cpu {

/// Interpolation and padding of grid_sample, numbered as torch's GridSamplerInterpolation and
/// GridSamplerPadding enums (torch.grid_sampler's integer arguments).
enum class GridMode { Bilinear = 0, Nearest = 1, Bicubic = 2 };
enum class GridPadding { Zeros = 0, Border = 1, Reflection = 2 };

/// The geometry of one grid_sample call. A 2-D call (nd = 2) has in_d = out_d = 1. The
/// input is (N, C, in_d, in_h, in_w), the grid (N, out_d, out_h, out_w, nd) holding (x, y[, z])
/// in [-1, 1], the output (N, C, out_d, out_h, out_w), all contiguous.
struct GridSampleGeom {
  int64_t N = 0, C = 0;
  int64_t in_d = 1, in_h = 0, in_w = 0;
  int64_t out_d = 1, out_h = 0, out_w = 0;
  int nd = 2;
  GridMode mode = GridMode::Bilinear;
  GridPadding padding = GridPadding::Zeros;
  bool align_corners = false;
};

/// out = grid_sample(input, grid). Parallel over the N * out_d * out_h output rows.
template <typename T>
void grid_sample_forward(const GridSampleGeom& g, const T* input, const T* grid, T* out);

/// Gradients of grid_sample given grad_out (N, C, out_d, out_h, out_w). grad_input (the
/// input's shape; written in full) and grad_grid (the grid's shape) may be null when not
/// wanted. Deterministic for any thread count (Note [Deterministic grid_sample backward]).
template <typename T>
void grid_sample_backward(const GridSampleGeom& g, const T* grad_out, const T* input, const T* grid,
                          T* grad_input, T* grad_grid);

}  // namespace pyt::cpu
