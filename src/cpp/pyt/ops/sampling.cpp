// The sampling family (ops/sampling.h): grid_sample (one fused kernel per direction, in
// ops/cpu/sampling_kernels.cpp) and affine_grid (a base grid times theta, with pyt ops).
#include "pyt/ops/sampling.h"

#include <algorithm>
#include <memory>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/sampling_kernels.h"
#include "pyt/ops/ops.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace {

cpu::GridMode grid_mode(const std::string& mode) {
  if (mode == "bilinear") return cpu::GridMode::Bilinear;
  if (mode == "nearest") return cpu::GridMode::Nearest;
  if (mode == "bicubic") return cpu::GridMode::Bicubic;
  throw ValueError(str("nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', "
                       "but got: '", mode, "'"));
}

cpu::GridPadding grid_padding(const std::string& padding_mode) {
  if (padding_mode == "zeros") return cpu::GridPadding::Zeros;
  if (padding_mode == "border") return cpu::GridPadding::Border;
  if (padding_mode == "reflection") return cpu::GridPadding::Reflection;
  throw ValueError(str("nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                       "'reflection', but got: '", padding_mode, "'"));
}

// torch's check_grid_sampler_common / _2d / _3d, in torch's order.
cpu::GridSampleGeom grid_geom(const Tensor& input, const Tensor& grid, cpu::GridMode mode) {
  const std::string shapes = str("input with sizes ", input.shape_str(), " and grid with sizes ", grid.shape_str());
  PYT_CHECK(input.dim() >= 1 && grid.dim() >= 1 && input.size(0) == grid.size(0), RuntimeError,
            "grid_sampler(): expected grid and input to have same batch size, but got ", shapes);
  PYT_CHECK(grid.size(-1) == input.dim() - 2, RuntimeError, "grid_sampler(): expected grid to have size ",
            input.dim() - 2, " in last dimension, but got grid with sizes ", grid.shape_str());
  for (int64_t i = 2; i < input.dim(); ++i)
    PYT_CHECK(input.size(i) > 0, RuntimeError,
              "grid_sampler(): expected input to have non-empty spatial dimensions, but input has sizes ",
              input.shape_str(), " with dimension ", i, " being empty");
  if (input.dim() == 4) {
    PYT_CHECK(grid.dim() == 4, RuntimeError,
              "grid_sampler(): expected 4D input and grid with same number of dimensions, but got ", shapes);
  } else {
    PYT_CHECK(input.dim() == 5 && grid.dim() == 5, RuntimeError,
              "grid_sampler(): expected 5D input and grid with same number of dimensions, but got ", shapes);
    PYT_CHECK(mode != cpu::GridMode::Bicubic, RuntimeError,
              "grid_sampler(): bicubic interpolation only supports 4D input (got ", shapes, ")");
  }
  cpu::GridSampleGeom g;
  g.nd = static_cast<int>(input.dim() - 2);
  g.N = input.size(0);
  g.C = input.size(1);
  const int64_t o = g.nd == 3 ? 1 : 0;
  if (g.nd == 3) {
    g.in_d = input.size(2);
    g.out_d = grid.size(1);
  }
  g.in_h = input.size(2 + o);
  g.in_w = input.size(3 + o);
  g.out_h = grid.size(1 + o);
  g.out_w = grid.size(2 + o);
  g.mode = mode;
  return g;
}

Tensor plain(const Tensor& t) { return contiguous(t.detach()); }

}  // namespace

Tensor grid_sample(const Tensor& input, const Tensor& grid, const std::string& mode,
                   const std::string& padding_mode, bool align_corners) {
  const cpu::GridMode m = grid_mode(mode);
  const cpu::GridPadding pm = grid_padding(padding_mode);
  cpu::GridSampleGeom g = grid_geom(input, grid, m);
  g.padding = pm;
  g.align_corners = align_corners;
  const ScalarType dt = input.dtype();
  PYT_CHECK(!is_floating_type(dt) || grid.dtype() == dt, RuntimeError, "grid_sampler(): expected scalar type ",
            torch_dispatch_name(dt), " but found ", torch_dispatch_name(grid.dtype()), " (input ", input.describe(),
            ", grid ", grid.describe(), ")");
  if (is_half_float(dt))
    return run_in_float32({input, grid}, dt, [&](const TensorList& a) {
      return TensorList{grid_sample(a[0], a[1], mode, padding_mode, align_corners)};
    })[0];
  const char* kernel_name = g.nd == 2 ? "grid_sampler_2d_cpu_kernel_impl" : "grid_sampler_3d_cpu";
  PYT_CHECK(dt == ScalarType::Float32 || dt == ScalarType::Float64, NotImplementedError, "\"", kernel_name,
            "\" not implemented for '", torch_dispatch_name(dt), "'");
  Tensor x = plain(input), gr = plain(grid);
  std::vector<int64_t> out_sizes{g.N, g.C};
  if (g.nd == 3) out_sizes.push_back(g.out_d);
  out_sizes.push_back(g.out_h);
  out_sizes.push_back(g.out_w);
  Tensor out = empty(out_sizes, dt);
  PYT_DISPATCH_FLOATING(dt, "grid_sample", [&] {
    cpu::grid_sample_forward<scalar_t>(g, x.data_ptr<scalar_t>(), gr.data_ptr<scalar_t>(), out.data_ptr<scalar_t>());
  });
  if (any_requires_grad({&input, &grid})) {
    const char* name = g.nd == 2 ? "GridSampler2DBackward0" : "GridSampler3DBackward0";
    const char* bw_name = g.nd == 2 ? "grid_sampler_2d_backward" : "grid_sampler_3d_backward";
    auto node = make_node(name, {input, grid}, [g, dt, bw_name](BackwardNode& nd, const TensorList& grads) {
      Tensor xi = nd.saved(0), gi = nd.saved(1);
      const bool want_in = nd.needs_input_grad(0), want_grid = nd.needs_input_grad(1);
      Tensor go = contiguous(to_dtype(grads[0].detach(), dt));
      Tensor xc = plain(xi), gc = plain(gi);
      Tensor g_in = want_in ? empty(xi.sizes(), dt) : Tensor();
      Tensor g_grid = want_grid ? empty(gi.sizes(), dt) : Tensor();
      PYT_DISPATCH_FLOATING(dt, "grid_sample_backward", [&] {
        cpu::grid_sample_backward<scalar_t>(g, go.data_ptr<scalar_t>(), xc.data_ptr<scalar_t>(),
                                            gc.data_ptr<scalar_t>(), want_in ? g_in.data_ptr<scalar_t>() : nullptr,
                                            want_grid ? g_grid.data_ptr<scalar_t>() : nullptr);
      });
      // torch has no derivative of grid_sampler_*_backward: a double backward through these
      // gradients raises, as it does there.
      if (autograd::GradMode::is_enabled() && any_requires_grad({&grads[0], &xi, &gi})) {
        auto nyi = make_node("NotImplemented", {grads[0], xi, gi}, [bw_name](BackwardNode&, const TensorList&) -> TensorList {
          throw RuntimeError(str("the derivative for '", bw_name, "' is not implemented."));
        });
        if (want_in) set_history(g_in, nyi);
        if (want_grid) set_history(g_grid, nyi);
      }
      return TensorList{g_in, g_grid};
    });
    node->save(input);
    node->save(grid);
    set_history(out, node);
  }
  return out;
}

// ------------------------------------------------------------------- affine_grid ---

namespace {

// torch's linspace_from_neg_one: -1 .. 1 in steps values, scaled by (steps - 1) / steps
// unless align_corners; a single step is 0.
Tensor linspace_from_neg_one(int64_t steps, bool align_corners, ScalarType dt) {
  if (steps <= 1) return zeros({steps}, dt);
  Tensor r = linspace(-1.0, 1.0, steps, dt);
  if (!align_corners)
    r = div(mul(r, wrapped_scalar(Scalar(steps - 1))), wrapped_scalar(Scalar(steps)));
  return r;
}

// The (prod(spatial), nd + 1) base grid: rows (x, y[, z], 1), x fastest.
Tensor base_grid(const std::vector<int64_t>& spatial, bool align_corners, ScalarType dt) {
  const size_t nd = spatial.size();  // (D,) H, W
  std::vector<int64_t> shape(spatial.begin(), spatial.end());
  TensorList cols;
  for (size_t a = 0; a < nd; ++a) {  // x (last spatial dim) first
    const size_t dim = nd - 1 - a;
    std::vector<int64_t> vshape(nd, 1);
    vshape[dim] = spatial[dim];
    cols.push_back(expand(reshape(linspace_from_neg_one(spatial[dim], align_corners, dt), vshape), shape));
  }
  cols.push_back(ones(shape, dt));
  int64_t total = 1;
  for (int64_t s : spatial) total *= s;
  return reshape(stack(cols, -1), {total, static_cast<int64_t>(nd) + 1});
}

}  // namespace

Tensor affine_grid(const Tensor& theta, const std::vector<int64_t>& size, bool align_corners) {
  PYT_CHECK(is_floating_type(theta.dtype()), ValueError, "Expected theta to have floating point type, but got ",
            scalar_type_name(theta.dtype()));
  PYT_CHECK(size.size() == 4 || size.size() == 5, NotImplementedError,
            "affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size ",
            shape_to_string(size), ".");
  const int64_t nd = static_cast<int64_t>(size.size()) - 2;
  PYT_CHECK(theta.dim() == 3 && theta.size(1) == nd && theta.size(2) == nd + 1, ValueError, "Expected a batch of ",
            nd, "D affine matrices of shape Nx", nd, "x", nd + 1, " for size ", shape_to_string(size), ". Got ",
            theta.shape_str(), ".");
  PYT_CHECK(*std::min_element(size.begin(), size.end()) > 0, ValueError,
            "Expected non-zero, positive output size. Got ", shape_to_string(size));
  PYT_CHECK(theta.size(0) == size[0], RuntimeError, "affine_grid: expected theta of batch size ", size[0],
            " (size ", shape_to_string(size), "), got theta ", theta.describe());
  if (is_half_float(theta.dtype()))
    return run_in_float32({theta}, theta.dtype(), [&](const TensorList& a) {
      return TensorList{affine_grid(a[0], size, align_corners)};
    })[0];
  const ScalarType dt = theta.dtype();
  const std::vector<int64_t> spatial(size.begin() + 2, size.end());
  Tensor base = base_grid(spatial, align_corners, dt);  // (P, nd + 1)
  std::vector<int64_t> out_sizes{size[0]};
  out_sizes.insert(out_sizes.end(), spatial.begin(), spatial.end());
  out_sizes.push_back(nd);
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = reshape(matmul(base, transpose(theta.detach(), 1, 2)), out_sizes);  // (N, P, nd) -> (N, ..., nd)
  }
  if (any_requires_grad({&theta})) {
    const int64_t N = size[0], P = base.size(0);
    auto node = make_node("AffineGridGeneratorBackward0", {theta}, [base, N, P, nd](BackwardNode&, const TensorList& g) {
      // d theta[n] = (base^T @ grad[n])^T: (nd, nd + 1)
      Tensor gg = reshape(g[0], {N, P, nd});
      return TensorList{transpose(matmul(transpose(base, 0, 1), gg), 1, 2)};
    });
    set_history(out, node);
  }
  return out;
}

}  // namespace pyt
