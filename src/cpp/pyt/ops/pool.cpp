// Pooling: max / average / adaptive, 1-d and 2-d. 1-d pools are the 2-d pool of an
// unsqueezed input (as torch's). Each plane (n, c) is independent, so the kernels run
// in parallel over planes and are deterministic for any thread count.
#include <algorithm>
#include <cmath>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/conv_pool.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace {

std::vector<int64_t> pair_param(const IntArrayRef& v, const char* name, const char* op) {
  PYT_CHECK(v.size() == 1 || v.size() == 2, RuntimeError, op, ": ", name,
            " must either be a single int, or a tuple of two ints, but got ", name, "=", shape_to_string(v));
  return v.size() == 1 ? std::vector<int64_t>{v[0], v[0]} : v;
}

int64_t pool_out(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, bool ceil_mode) {
  int64_t num = in + 2 * p - d * (k - 1) - 1 + (ceil_mode ? s - 1 : 0);
  int64_t o = (num >= 0 ? num / s : -((-num + s - 1) / s)) + 1;
  if (ceil_mode && (o - 1) * s >= in + p) --o;
  return o;
}

// The planes of a (N, C, H, W) or (C, H, W) input.
struct Planes {
  Tensor x;  // contiguous, detached
  int64_t P, H, W;
  std::vector<int64_t> lead;  // (N, C) or (C)
  std::vector<int64_t> out_sizes(int64_t Ho, int64_t Wo) const {
    std::vector<int64_t> s = lead;
    s.push_back(Ho);
    s.push_back(Wo);
    return s;
  }
};

Planes planes_of(const Tensor& input, const char* op, bool allow_integer = false) {
  PYT_CHECK(input.dim() == 3 || input.dim() == 4, RuntimeError, op,
            ": Expected 3D or 4D (batch mode) tensor for input, got ", input.describe());
  bool ok = (is_floating_type(input.dtype()) && input.dtype() != ScalarType::Float16 &&
             input.dtype() != ScalarType::BFloat16) ||
            (allow_integer && !is_floating_type(input.dtype()) && input.dtype() != ScalarType::Bool);
  PYT_CHECK(ok, NotImplementedError, op, ": \"", op, "\" not implemented for '", torch_dispatch_name(input.dtype()),
            "' (input ", input.describe(), ")");
  Planes p;
  int64_t nd = input.dim();
  p.lead.assign(input.sizes().begin(), input.sizes().end() - 2);
  p.H = input.sizes()[nd - 2];
  p.W = input.sizes()[nd - 1];
  for (int64_t d = 1; d < nd; ++d)
    PYT_CHECK(input.sizes()[d] > 0, RuntimeError, op,
              ": Expected input's non-batch dimensions to have positive length, but input has a shape of ",
              input.shape_str(), " and non-batch dimension ", d, " has length zero");
  p.P = 1;
  for (int64_t v : p.lead) p.P *= v;
  p.x = contiguous(input.detach());
  return p;
}

// Runs f(plane) over all planes in parallel.
template <typename F>
void over_planes(int64_t P, int64_t work_per_plane, F f) {
  parallel_for(0, P, std::max<int64_t>(1, 16384 / std::max<int64_t>(1, work_per_plane)), [&](int64_t b, int64_t e) {
    for (int64_t q = b; q < e; ++q) f(q);
  });
}

// grad_out (planes x L) scattered into zeros(input_sizes) at indices (into H*W).
Tensor scatter_kernel(const Tensor& grad_out, const Tensor& indices, const IntArrayRef& input_sizes) {
  Tensor gin = zeros(input_sizes, grad_out.dtype());
  Tensor go = contiguous(grad_out.detach());
  Tensor ix = contiguous(indices);
  int64_t nd = static_cast<int64_t>(input_sizes.size());
  int64_t HW = input_sizes[nd - 2] * input_sizes[nd - 1];
  int64_t planes = HW == 0 ? 0 : gin.numel() / HW;
  if (planes == 0) return gin;
  int64_t L = go.numel() / planes;
  PYT_DISPATCH_FLOATING(grad_out.dtype(), "max_pool2d_backward", [&] {
    const scalar_t* pg = go.data_ptr<scalar_t>();
    const int64_t* pi = ix.data_ptr<int64_t>();
    scalar_t* po = gin.data_ptr<scalar_t>();
    over_planes(planes, L, [&](int64_t pl) {
      for (int64_t l = 0; l < L; ++l) {
        int64_t j = pi[pl * L + l];
        PYT_INTERNAL_ASSERT(j >= 0 && j < HW);
        po[pl * HW + j] += pg[pl * L + l];
      }
    });
  });
  return gin;
}

// The backward of a max pool (a scatter of grad_out to the argmax positions), recorded as
// name when grad_out requires grad: its adjoint gathers at the same indices.
Tensor scatter_by_indices(const Tensor& grad_out, const Tensor& indices, const IntArrayRef& input_sizes,
                          const char* name = "MaxPool2DWithIndicesBackwardBackward0") {
  Tensor gin = scatter_kernel(grad_out, indices, input_sizes);
  if (any_requires_grad({&grad_out})) {
    std::vector<int64_t> out_sizes = grad_out.sizes();
    auto node = make_node(name, {grad_out}, [out_sizes](BackwardNode& n, const TensorList& g) {
      Tensor idx = n.saved(0);
      Tensor flat_g = flatten(g[0], -2, -1);
      Tensor flat_i = flatten(idx, -2, -1);
      return TensorList{reshape(gather(flat_g, -1, flat_i), out_sizes)};
    });
    node->save(indices);
    set_history(gin, node);
  }
  return gin;
}

std::tuple<Tensor, Tensor> max_pool2d_impl(const Tensor& input, const IntArrayRef& kernel_size,
                                           const IntArrayRef& stride_in, const IntArrayRef& padding,
                                           const IntArrayRef& dilation, bool ceil_mode, const char* op) {
  auto k = pair_param(kernel_size, "kernel_size", op);
  auto s = stride_in.empty() ? k : pair_param(stride_in, "stride", op);
  auto p = pair_param(padding, "padding", op);
  auto d = pair_param(dilation, "dilation", op);
  PYT_CHECK(k[0] > 0 && k[1] > 0, RuntimeError, op, ": kernel_size must be greater than zero, but got ",
            shape_to_string(k));
  PYT_CHECK(s[0] > 0 && s[1] > 0, RuntimeError, op, ": stride must be greater than zero, but got ", shape_to_string(s));
  PYT_CHECK(d[0] > 0 && d[1] > 0, RuntimeError, op, ": dilation must be greater than zero, but got ",
            shape_to_string(d));
  PYT_CHECK(p[0] >= 0 && p[1] >= 0 && p[0] <= k[0] / 2 && p[1] <= k[1] / 2, RuntimeError, op,
            ": pad should be at most half of effective kernel size, but got pad=", shape_to_string(p),
            ", kernel_size=", shape_to_string(k), " and dilation=", shape_to_string(d));
  Planes pl = planes_of(input, op, /*allow_integer=*/true);
  int64_t Ho = pool_out(pl.H, k[0], s[0], p[0], d[0], ceil_mode), Wo = pool_out(pl.W, k[1], s[1], p[1], d[1], ceil_mode);
  PYT_CHECK(Ho > 0 && Wo > 0, RuntimeError, op, ": Given input size: (", pl.lead.back(), "x", pl.H, "x", pl.W,
            "). Calculated output size: (", pl.lead.back(), "x", Ho, "x", Wo, "). Output size is too small");
  Tensor out = empty(pl.out_sizes(Ho, Wo), input.dtype());
  Tensor idx = empty(pl.out_sizes(Ho, Wo), ScalarType::Int64);
  PYT_DISPATCH_NUMERIC(input.dtype(), op, [&] {
    const scalar_t* px = pl.x.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    int64_t* pi = idx.data_ptr<int64_t>();
    over_planes(pl.P, Ho * Wo * k[0] * k[1], [&](int64_t q) {
      cpu::max_pool2d_plane(px + q * pl.H * pl.W, pl.H, pl.W, po + q * Ho * Wo, pi + q * Ho * Wo, Ho, Wo, k[0], k[1],
                            s[0], s[1], p[0], p[1], d[0], d[1]);
    });
  });
  if (any_requires_grad({&input})) {
    std::vector<int64_t> in_sizes = input.sizes();
    auto node = make_node("MaxPool2DWithIndicesBackward0", {input}, [in_sizes](BackwardNode& n, const TensorList& g) {
      return TensorList{scatter_by_indices(g[0], n.saved(0), in_sizes)};
    });
    node->save(idx);
    set_history(out, node);
  }
  return {out, idx};
}

}  // namespace

// ------------------------------------------------------------------ max pooling ---

std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input, const IntArrayRef& kernel_size,
                                                   const IntArrayRef& stride, const IntArrayRef& padding,
                                                   const IntArrayRef& dilation, bool ceil_mode) {
  if (is_half_float(input.dtype())) {
    TensorList r = run_in_float32({input}, input.dtype(), [&](const TensorList& a) {
      auto [v, i] = max_pool2d_with_indices(a[0], kernel_size, stride, padding, dilation, ceil_mode);
      return TensorList{v, i};
    });
    return {r[0], r[1]};
  }
  return max_pool2d_impl(input, kernel_size, stride, padding, dilation, ceil_mode, "max_pool2d");
}

Tensor max_pool2d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                  const IntArrayRef& padding, const IntArrayRef& dilation, bool ceil_mode) {
  return std::get<0>(max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode));
}

Tensor max_pool2d_backward(const Tensor& grad_out, const Tensor& indices, const IntArrayRef& input_sizes) {
  return scatter_kernel(grad_out, indices, input_sizes);
}

namespace {
std::vector<int64_t> single(const IntArrayRef& v, const char* name, const char* op) {
  PYT_CHECK(v.size() == 1, RuntimeError, op, ": ", name, " must be a single int, but got ", name, "=",
            shape_to_string(v));
  return v;
}
void check_1d_input(const Tensor& input, const char* op) {
  PYT_CHECK(input.dim() == 2 || input.dim() == 3, RuntimeError, op, ": Expected 2D or 3D (batch mode) input, got ",
            input.describe());
}
}  // namespace

std::tuple<Tensor, Tensor> max_pool1d_with_indices(const Tensor& input, const IntArrayRef& kernel_size,
                                                   const IntArrayRef& stride, const IntArrayRef& padding,
                                                   const IntArrayRef& dilation, bool ceil_mode) {
  const char* op = "max_pool1d";
  check_1d_input(input, op);
  if (is_half_float(input.dtype())) {
    TensorList r = run_in_float32({input}, input.dtype(), [&](const TensorList& a) {
      auto [v, i] = max_pool1d_with_indices(a[0], kernel_size, stride, padding, dilation, ceil_mode);
      return TensorList{v, i};
    });
    return {r[0], r[1]};
  }
  auto k = single(kernel_size, "kernel_size", op), p = single(padding, "padding", op),
       d = single(dilation, "dilation", op);
  std::vector<int64_t> s2 = stride.empty() ? std::vector<int64_t>{1, k[0]}
                                           : std::vector<int64_t>{1, single(stride, "stride", op)[0]};
  auto [v, i] = max_pool2d_impl(unsqueeze(input, -2), {1, k[0]}, s2, {0, p[0]}, {1, d[0]}, ceil_mode, op);
  Tensor idx;
  {
    autograd::NoGradGuard ng;
    idx = squeeze(i, std::vector<int64_t>{-2});
  }
  return {squeeze(v, std::vector<int64_t>{-2}), idx};
}

Tensor max_pool1d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                  const IntArrayRef& padding, const IntArrayRef& dilation, bool ceil_mode) {
  // torch's max_pool1d without indices has floating kernels only (with indices it is max_pool2d's)
  PYT_CHECK(is_floating_type(input.dtype()), NotImplementedError, "max_pool1d: \"max_pool1d_impl\" not implemented for '",
            torch_dispatch_name(input.dtype()), "' (input ", input.describe(), ")");
  return std::get<0>(max_pool1d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode));
}

// -------------------------------------------------------------- average pooling ---

namespace {
// Geometry of one average pool call: planes of (H, W) pooled to (Ho, Wo).
struct AvgGeo {
  cpu::AvgPoolParams prm;
  int64_t H, W, P, Ho, Wo;
  std::vector<int64_t> in_sizes, out_sizes;
};

Tensor avg_pool_backward_op(const Tensor& g, const AvgGeo& a);

// Average pooling of x (in_sizes), recording AvgPool2DBackward0.
Tensor avg_pool_forward_op(const Tensor& input, const AvgGeo& a) {
  Tensor x = contiguous(input.detach());
  Tensor out = empty(a.out_sizes, x.dtype());
  PYT_DISPATCH_FLOATING(x.dtype(), "avg_pool2d", [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    over_planes(a.P, a.Ho * a.Wo * a.prm.kh * a.prm.kw, [&](int64_t q) {
      cpu::avg_pool2d_plane(px + q * a.H * a.W, a.H, a.W, po + q * a.Ho * a.Wo, a.Ho, a.Wo, a.prm);
    });
  });
  if (any_requires_grad({&input})) {
    auto node = make_node("AvgPool2DBackward0", {input}, [a](BackwardNode&, const TensorList& g) {
      return TensorList{avg_pool_backward_op(g[0], a)};
    });
    set_history(out, node);
  }
  return out;
}

// The adjoint of avg_pool_forward_op, recording AvgPool2DBackwardBackward0 (whose adjoint is
// the forward again).
Tensor avg_pool_backward_op(const Tensor& g, const AvgGeo& a) {
  Tensor go = contiguous(g.detach());
  Tensor gin = zeros(a.in_sizes, go.dtype());
  PYT_DISPATCH_FLOATING(go.dtype(), "avg_pool2d_backward", [&] {
    const scalar_t* pg = go.data_ptr<scalar_t>();
    scalar_t* pi = gin.data_ptr<scalar_t>();
    over_planes(a.P, a.Ho * a.Wo * a.prm.kh * a.prm.kw, [&](int64_t q) {
      cpu::avg_pool2d_plane_backward(pg + q * a.Ho * a.Wo, a.H, a.W, pi + q * a.H * a.W, a.Ho, a.Wo, a.prm);
    });
  });
  if (any_requires_grad({&g})) {
    auto node = make_node("AvgPool2DBackwardBackward0", {g}, [a](BackwardNode&, const TensorList& gg) {
      return TensorList{avg_pool_forward_op(gg[0], a)};
    });
    set_history(gin, node);
  }
  return gin;
}

Tensor avg_pool2d_impl(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride_in,
                       const IntArrayRef& padding, bool ceil_mode, bool count_include_pad,
                       std::optional<int64_t> divisor_override, const char* op) {
  if (is_half_float(input.dtype()))
    return run_in_float32({input}, input.dtype(), [&](const TensorList& a) {
      return TensorList{avg_pool2d_impl(a[0], kernel_size, stride_in, padding, ceil_mode, count_include_pad,
                                        divisor_override, op)};
    })[0];
  if (input.dtype() == ScalarType::Int64) {
    // torch's int64 kernel: the window sum divided by the divisor, rounded toward zero.
    // Computed in float64 (exact while window sums stay below 2^53).
    autograd::NoGradGuard ng;
    Tensor sum = avg_pool2d_impl(to_dtype(input, ScalarType::Float64), kernel_size, stride_in, padding, ceil_mode,
                                 count_include_pad, divisor_override, op);
    return to_dtype(sum, ScalarType::Int64);
  }
  auto k = pair_param(kernel_size, "kernel_size", op);
  auto s = stride_in.empty() ? k : pair_param(stride_in, "stride", op);
  auto p = pair_param(padding, "padding", op);
  PYT_CHECK(k[0] > 0 && k[1] > 0, RuntimeError, op, ": kernel_size must be greater than zero, but got ",
            shape_to_string(k));
  PYT_CHECK(s[0] > 0 && s[1] > 0, RuntimeError, op, ": stride must be greater than zero, but got ", shape_to_string(s));
  PYT_CHECK(p[0] >= 0 && p[1] >= 0 && p[0] <= k[0] / 2 && p[1] <= k[1] / 2, RuntimeError, op,
            ": pad should be at most half of effective kernel size, but got pad=", shape_to_string(p),
            ", kernel_size=", shape_to_string(k), " and dilation=1");
  if (divisor_override)
    PYT_CHECK(*divisor_override != 0, RuntimeError, op, ": divisor must be not zero");
  Planes pl = planes_of(input, op);
  int64_t Ho = pool_out(pl.H, k[0], s[0], p[0], 1, ceil_mode), Wo = pool_out(pl.W, k[1], s[1], p[1], 1, ceil_mode);
  PYT_CHECK(Ho > 0 && Wo > 0, RuntimeError, op, ": Given input size: (", pl.lead.back(), "x", pl.H, "x", pl.W,
            "). Calculated output size: (", pl.lead.back(), "x", Ho, "x", Wo, "). Output size is too small");
  AvgGeo a{cpu::AvgPoolParams{k[0], k[1], s[0], s[1], p[0], p[1], count_include_pad, divisor_override.value_or(0)},
           pl.H, pl.W, pl.P, Ho, Wo, input.sizes(), pl.out_sizes(Ho, Wo)};
  return avg_pool_forward_op(input, a);
}
}  // namespace

Tensor avg_pool2d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                  const IntArrayRef& padding, bool ceil_mode, bool count_include_pad,
                  std::optional<int64_t> divisor_override) {
  return avg_pool2d_impl(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override,
                         "avg_pool2d");
}

Tensor avg_pool1d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                  const IntArrayRef& padding, bool ceil_mode, bool count_include_pad) {
  const char* op = "avg_pool1d";
  check_1d_input(input, op);
  auto k = single(kernel_size, "kernel_size", op), p = single(padding, "padding", op);
  std::vector<int64_t> s2 = stride.empty() ? std::vector<int64_t>{1, k[0]}
                                           : std::vector<int64_t>{1, single(stride, "stride", op)[0]};
  Tensor out = avg_pool2d_impl(unsqueeze(input, -2), {1, k[0]}, s2, {0, p[0]}, ceil_mode, count_include_pad,
                               std::nullopt, op);
  return squeeze(out, std::vector<int64_t>{-2});
}

// ------------------------------------------------------------- adaptive pooling ---

namespace {
std::vector<int64_t> adaptive_size(const IntArrayRef& output_size, const char* op) {
  auto o = pair_param(output_size, "output_size", op);
  PYT_CHECK(o[0] >= 0 && o[1] >= 0, RuntimeError, op, ": elements of output_size must be greater than or equal to 0 "
            "but received ", shape_to_string(o));
  return o;
}

struct AdaptiveGeo {
  int64_t H, W, P, Ho, Wo;
  std::vector<int64_t> in_sizes, out_sizes;
};

Tensor adaptive_avg_backward_op(const Tensor& g, const AdaptiveGeo& a);

Tensor adaptive_avg_forward_op(const Tensor& input, const AdaptiveGeo& a) {
  Tensor x = contiguous(input.detach());
  Tensor out = empty(a.out_sizes, x.dtype());
  PYT_DISPATCH_FLOATING(x.dtype(), "adaptive_avg_pool2d", [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    over_planes(a.P, a.H * a.W + a.Ho * a.Wo, [&](int64_t q) {
      cpu::adaptive_avg_pool2d_plane(px + q * a.H * a.W, a.H, a.W, po + q * a.Ho * a.Wo, a.Ho, a.Wo);
    });
  });
  if (any_requires_grad({&input})) {
    auto node = make_node("AdaptiveAvgPool2DBackward0", {input}, [a](BackwardNode&, const TensorList& g) {
      return TensorList{adaptive_avg_backward_op(g[0], a)};
    });
    set_history(out, node);
  }
  return out;
}

Tensor adaptive_avg_backward_op(const Tensor& g, const AdaptiveGeo& a) {
  Tensor go = contiguous(g.detach());
  Tensor gin = zeros(a.in_sizes, go.dtype());
  PYT_DISPATCH_FLOATING(go.dtype(), "adaptive_avg_pool2d_backward", [&] {
    const scalar_t* pg = go.data_ptr<scalar_t>();
    scalar_t* pi = gin.data_ptr<scalar_t>();
    over_planes(a.P, a.H * a.W + a.Ho * a.Wo, [&](int64_t q) {
      cpu::adaptive_avg_pool2d_plane_backward(pg + q * a.Ho * a.Wo, a.H, a.W, pi + q * a.H * a.W, a.Ho, a.Wo);
    });
  });
  if (any_requires_grad({&g})) {
    auto node = make_node("AdaptiveAvgPool2DBackwardBackward0", {g}, [a](BackwardNode&, const TensorList& gg) {
      return TensorList{adaptive_avg_forward_op(gg[0], a)};
    });
    set_history(gin, node);
  }
  return gin;
}

Tensor adaptive_avg_impl(const Tensor& input, const IntArrayRef& output_size, const char* op) {
  if (is_half_float(input.dtype()))
    return run_in_float32({input}, input.dtype(), [&](const TensorList& a) {
      return TensorList{adaptive_avg_impl(a[0], output_size, op)};
    })[0];
  auto o = adaptive_size(output_size, op);
  Planes pl = planes_of(input, op);
  AdaptiveGeo a{pl.H, pl.W, pl.P, o[0], o[1], input.sizes(), pl.out_sizes(o[0], o[1])};
  return adaptive_avg_forward_op(input, a);
}
}  // namespace

Tensor adaptive_avg_pool2d(const Tensor& input, const IntArrayRef& output_size) {
  return adaptive_avg_impl(input, output_size, "adaptive_avg_pool2d");
}

Tensor adaptive_avg_pool1d(const Tensor& input, const IntArrayRef& output_size) {
  const char* op = "adaptive_avg_pool1d";
  check_1d_input(input, op);
  auto o = single(output_size, "output_size", op);
  return squeeze(adaptive_avg_impl(unsqueeze(input, -2), {1, o[0]}, op), std::vector<int64_t>{-2});
}

std::tuple<Tensor, Tensor> adaptive_max_pool2d(const Tensor& input, const IntArrayRef& output_size) {
  const char* op = "adaptive_max_pool2d";
  if (is_half_float(input.dtype())) {
    TensorList r = run_in_float32({input}, input.dtype(), [&](const TensorList& a) {
      auto [v, i] = adaptive_max_pool2d(a[0], output_size);
      return TensorList{v, i};
    });
    return {r[0], r[1]};
  }
  auto o = adaptive_size(output_size, op);
  Planes pl = planes_of(input, op);
  int64_t Ho = o[0], Wo = o[1];
  Tensor out = empty(pl.out_sizes(Ho, Wo), input.dtype());
  Tensor idx = empty(pl.out_sizes(Ho, Wo), ScalarType::Int64);
  PYT_DISPATCH_NUMERIC(input.dtype(), op, [&] {
    const scalar_t* px = pl.x.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    int64_t* pi = idx.data_ptr<int64_t>();
    over_planes(pl.P, pl.H * pl.W + Ho * Wo, [&](int64_t q) {
      cpu::adaptive_max_pool2d_plane(px + q * pl.H * pl.W, pl.H, pl.W, po + q * Ho * Wo, pi + q * Ho * Wo, Ho, Wo);
    });
  });
  if (any_requires_grad({&input})) {
    std::vector<int64_t> in_sizes = input.sizes();
    auto node = make_node("AdaptiveMaxPool2DBackward0", {input}, [in_sizes](BackwardNode& n, const TensorList& g) {
      return TensorList{scatter_by_indices(g[0], n.saved(0), in_sizes, "AdaptiveMaxPool2DBackwardBackward0")};
    });
    node->save(idx);
    set_history(out, node);
  }
  return {out, idx};
}

}  // namespace pyt
