// Pooling: max / average / adaptive over 1 to 3 spatial dims, and max unpooling. 1-d pools
// are the 2-d pool of an unsqueezed input (as torch's); 2-d and 3-d pools share one set of
// volume kernels (a 2-d pool is a 3-d one with a leading dim of size 1). Each volume (n, c)
// is independent, so the kernels run in parallel over volumes and are deterministic for any
// thread count.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/pool_kernels.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace {

// Autograd node names of the 2-d and 3-d pools (static strings: nodes keep the pointer).
struct PoolNames {
  const char* max;
  const char* max_bwd;
  const char* avg;
  const char* avg_bwd;
  const char* adaptive_avg;
  const char* adaptive_avg_bwd;
  const char* adaptive_max;
  const char* adaptive_max_bwd;
  const char* unpool;
};
const PoolNames& names_of(int nd) {
  static const PoolNames n2{"MaxPool2DWithIndicesBackward0",      "MaxPool2DWithIndicesBackwardBackward0",
                            "AvgPool2DBackward0",                 "AvgPool2DBackwardBackward0",
                            "AdaptiveAvgPool2DBackward0",         "AdaptiveAvgPool2DBackwardBackward0",
                            "AdaptiveMaxPool2DBackward0",         "AdaptiveMaxPool2DBackwardBackward0",
                            "MaxUnpool2DBackward0"};
  static const PoolNames n3{"MaxPool3DWithIndicesBackward0",      "MaxPool3DWithIndicesBackwardBackward0",
                            "AvgPool3DBackward0",                 "AvgPool3DBackwardBackward0",
                            "AdaptiveAvgPool3DBackward0",         "AdaptiveAvgPool3DBackwardBackward0",
                            "AdaptiveMaxPool3DBackward0",         "AdaptiveMaxPool3DBackwardBackward0",
                            "MaxUnpool3DBackward0"};
  return nd == 3 ? n3 : n2;
}

// A size parameter of an nd-dim pool: one value (repeated) or nd values.
std::vector<int64_t> nd_param(const IntArrayRef& v, int nd, const char* name, const char* op) {
  PYT_CHECK(v.size() == 1 || static_cast<int>(v.size()) == nd, RuntimeError, op, ": ", name,
            " must either be a single int, or a tuple of ", nd == 3 ? "three" : "two", " ints, but got ", name, "=",
            shape_to_string(v));
  return v.size() == 1 ? std::vector<int64_t>(nd, v[0]) : v;
}

int64_t pool_out(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, bool ceil_mode) {
  int64_t num = in + 2 * p - d * (k - 1) - 1 + (ceil_mode ? s - 1 : 0);
  int64_t o = (num >= 0 ? num / s : -((-num + s - 1) / s)) + 1;
  if (ceil_mode && (o - 1) * s >= in + p) --o;
  return o;
}

std::string join_x(const std::vector<int64_t>& v) {
  std::ostringstream os;
  for (size_t i = 0; i < v.size(); ++i) os << (i ? "x" : "") << v[i];
  return os.str();
}

// The volumes of a (N, C, *spatial) or (C, *spatial) input with nd spatial dims, as 3-d
// volumes (leading spatial dims of size 1 for nd < 3).
struct Volumes {
  Tensor x;  // contiguous, detached
  int nd;
  int64_t P;                  // number of volumes (N*C or C)
  int64_t in[3];              // spatial sizes, padded to 3 dims
  std::vector<int64_t> lead;  // (N, C) or (C)
  std::vector<int64_t> out_sizes(const std::vector<int64_t>& out) const {
    std::vector<int64_t> s = lead;
    s.insert(s.end(), out.begin(), out.end());
    return s;
  }
  // The kernel geometry for output spatial sizes out (nd values); sliding parameters default
  // to a 1-tap window.
  cpu::PoolGeom geom(const std::vector<int64_t>& out) const {
    cpu::PoolGeom g{};
    for (int i = 0; i < 3; ++i) {
      g.in[i] = in[i];
      g.out[i] = 1;
      g.k[i] = g.s[i] = g.d[i] = 1;
      g.p[i] = 0;
    }
    for (int i = 0; i < nd; ++i) g.out[3 - nd + i] = out[i];
    return g;
  }
};

Volumes volumes_of(const Tensor& input, int nd, const char* op, bool allow_integer = false) {
  PYT_CHECK(input.dim() == nd + 1 || input.dim() == nd + 2, RuntimeError, op, ": Expected ", nd + 1, "D or ", nd + 2,
            "D (batch mode) tensor for input, got ", input.describe());
  bool ok = (is_floating_type(input.dtype()) && input.dtype() != ScalarType::Float16 &&
             input.dtype() != ScalarType::BFloat16) ||
            (allow_integer && !is_floating_type(input.dtype()) && input.dtype() != ScalarType::Bool);
  PYT_CHECK(ok, NotImplementedError, op, ": \"", op, "\" not implemented for '", torch_dispatch_name(input.dtype()),
            "' (input ", input.describe(), ")");
  Volumes v;
  v.nd = nd;
  int64_t dim = input.dim();
  v.lead.assign(input.sizes().begin(), input.sizes().end() - nd);
  for (int i = 0; i < 3; ++i) v.in[i] = i < 3 - nd ? 1 : input.sizes()[dim - 3 + i];
  for (int64_t d = 1; d < dim; ++d)
    PYT_CHECK(input.sizes()[d] > 0, RuntimeError, op,
              ": Expected input's non-batch dimensions to have positive length, but input has a shape of ",
              input.shape_str(), " and non-batch dimension ", d, " has length zero");
  v.P = 1;
  for (int64_t s : v.lead) v.P *= s;
  v.x = contiguous(input.detach());
  return v;
}

// Runs f(volume) over all volumes in parallel.
template <typename F>
void over_volumes(int64_t P, int64_t work_per_volume, F f) {
  parallel_for(0, P, std::max<int64_t>(1, 16384 / std::max<int64_t>(1, work_per_volume)), [&](int64_t b, int64_t e) {
    for (int64_t q = b; q < e; ++q) f(q);
  });
}

void check_sliding(const std::vector<int64_t>& k, const std::vector<int64_t>& s, const std::vector<int64_t>& p,
                   const std::vector<int64_t>& d, const char* op) {
  for (size_t i = 0; i < k.size(); ++i) {
    PYT_CHECK(k[i] > 0, RuntimeError, op, ": kernel_size must be greater than zero, but got ", shape_to_string(k));
    PYT_CHECK(s[i] > 0, RuntimeError, op, ": stride must be greater than zero, but got ", shape_to_string(s));
    PYT_CHECK(d[i] > 0, RuntimeError, op, ": dilation must be greater than zero, but got ", shape_to_string(d));
  }
  for (size_t i = 0; i < k.size(); ++i)
    PYT_CHECK(p[i] >= 0 && p[i] <= k[i] / 2, RuntimeError, op,
              ": pad should be at most half of effective kernel size, but got pad=", shape_to_string(p),
              ", kernel_size=", shape_to_string(k), " and dilation=", shape_to_string(d));
}

// The output spatial sizes of a sliding pool; RuntimeError when one is not positive.
std::vector<int64_t> sliding_out(const Volumes& v, const std::vector<int64_t>& k, const std::vector<int64_t>& s,
                                 const std::vector<int64_t>& p, const std::vector<int64_t>& d, bool ceil_mode,
                                 const char* op) {
  std::vector<int64_t> in(v.in + 3 - v.nd, v.in + 3), out(v.nd);
  bool ok = true;
  for (int i = 0; i < v.nd; ++i) {
    out[i] = pool_out(in[i], k[i], s[i], p[i], d[i], ceil_mode);
    ok = ok && out[i] > 0;
  }
  std::vector<int64_t> c_in{v.lead.back()}, c_out{v.lead.back()};
  c_in.insert(c_in.end(), in.begin(), in.end());
  c_out.insert(c_out.end(), out.begin(), out.end());
  PYT_CHECK(ok, RuntimeError, op, ": Given input size: (", join_x(c_in), "). Calculated output size: (", join_x(c_out),
            "). Output size is too small");
  return out;
}

void fill_sliding(cpu::PoolGeom& g, int nd, const std::vector<int64_t>& k, const std::vector<int64_t>& s,
                  const std::vector<int64_t>& p, const std::vector<int64_t>& d) {
  for (int i = 0; i < nd; ++i) {
    int j = 3 - nd + i;
    g.k[j] = k[i];
    g.s[j] = s[i];
    g.p[j] = p[i];
    g.d[j] = d[i];
  }
}

// grad_out (volumes x L) accumulated into zeros(input_sizes) at indices (flat into the last
// nd dims of input_sizes).
Tensor scatter_kernel(const Tensor& grad_out, const Tensor& indices, const IntArrayRef& input_sizes, int nd) {
  Tensor gin = zeros(input_sizes, grad_out.dtype());
  Tensor go = contiguous(grad_out.detach());
  Tensor ix = contiguous(indices);
  int64_t n_in = static_cast<int64_t>(input_sizes.size());
  int64_t V = 1;
  for (int64_t i = n_in - nd; i < n_in; ++i) V *= input_sizes[i];
  int64_t vols = V == 0 ? 0 : gin.numel() / V;
  if (vols == 0) return gin;
  int64_t L = go.numel() / vols;
  PYT_DISPATCH_FLOATING(grad_out.dtype(), "max_pool_backward", [&] {
    const scalar_t* pg = go.data_ptr<scalar_t>();
    const int64_t* pi = ix.data_ptr<int64_t>();
    scalar_t* po = gin.data_ptr<scalar_t>();
    over_volumes(vols, L, [&](int64_t q) {
      for (int64_t l = 0; l < L; ++l) {
        int64_t j = pi[q * L + l];
        PYT_INTERNAL_ASSERT(j >= 0 && j < V);
        po[q * V + j] += pg[q * L + l];
      }
    });
  });
  return gin;
}

// The gradient of a max pool's input: grad_out at the argmax positions (a scatter), recorded
// as name when grad_out requires grad: its adjoint gathers at the same indices.
Tensor scatter_by_indices(const Tensor& grad_out, const Tensor& indices, const IntArrayRef& input_sizes, int nd,
                          const char* name) {
  Tensor gin = scatter_kernel(grad_out, indices, input_sizes, nd);
  if (any_requires_grad({&grad_out})) {
    std::vector<int64_t> out_sizes = grad_out.sizes();
    auto node = make_node(name, {grad_out}, [out_sizes, nd](BackwardNode& n, const TensorList& g) {
      Tensor idx = n.saved(0);
      Tensor flat_g = flatten(g[0], -nd, -1);
      Tensor flat_i = flatten(idx, -nd, -1);
      return TensorList{reshape(gather(flat_g, -1, flat_i), out_sizes)};
    });
    node->save(indices);
    set_history(gin, node);
  }
  return gin;
}

// Runs an op returning (values, indices) through float32 for float16 / bfloat16 inputs.
template <typename F>
std::tuple<Tensor, Tensor> pair_in_float32(const Tensor& input, F f) {
  TensorList r = run_in_float32({input}, input.dtype(), [&](const TensorList& a) {
    auto [v, i] = f(a[0]);
    return TensorList{v, i};
  });
  return {r[0], r[1]};
}

std::tuple<Tensor, Tensor> max_pool_impl(const Tensor& input, int nd, const IntArrayRef& kernel_size,
                                         const IntArrayRef& stride_in, const IntArrayRef& padding,
                                         const IntArrayRef& dilation, bool ceil_mode, const char* op) {
  if (is_half_float(input.dtype()))
    return pair_in_float32(input, [&](const Tensor& x) {
      return max_pool_impl(x, nd, kernel_size, stride_in, padding, dilation, ceil_mode, op);
    });
  auto k = nd_param(kernel_size, nd, "kernel_size", op);
  auto s = stride_in.empty() ? k : nd_param(stride_in, nd, "stride", op);
  auto p = nd_param(padding, nd, "padding", op);
  auto d = nd_param(dilation, nd, "dilation", op);
  check_sliding(k, s, p, d, op);
  Volumes v = volumes_of(input, nd, op, /*allow_integer=*/true);
  auto out = sliding_out(v, k, s, p, d, ceil_mode, op);
  cpu::PoolGeom g = v.geom(out);
  fill_sliding(g, nd, k, s, p, d);
  Tensor values = empty(v.out_sizes(out), input.dtype());
  Tensor idx = empty(v.out_sizes(out), ScalarType::Int64);
  PYT_DISPATCH_NUMERIC(input.dtype(), op, [&] {
    const scalar_t* px = v.x.data_ptr<scalar_t>();
    scalar_t* po = values.data_ptr<scalar_t>();
    int64_t* pi = idx.data_ptr<int64_t>();
    const int64_t I = g.in_numel(), O = g.out_numel();
    over_volumes(v.P, O * g.window(),
                 [&](int64_t q) { cpu::max_pool_volume(px + q * I, po + q * O, pi + q * O, g); });
  });
  if (any_requires_grad({&input})) {
    std::vector<int64_t> in_sizes = input.sizes();
    const char* bwd = names_of(nd).max_bwd;
    auto node = make_node(names_of(nd).max, {input}, [in_sizes, nd, bwd](BackwardNode& n, const TensorList& gr) {
      return TensorList{scatter_by_indices(gr[0], n.saved(0), in_sizes, nd, bwd)};
    });
    node->save(idx);
    set_history(values, node);
  }
  return {values, idx};
}

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

// ------------------------------------------------------------------ max pooling ---

std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input, const IntArrayRef& kernel_size,
                                                   const IntArrayRef& stride, const IntArrayRef& padding,
                                                   const IntArrayRef& dilation, bool ceil_mode) {
  return max_pool_impl(input, 2, kernel_size, stride, padding, dilation, ceil_mode, "max_pool2d");
}

Tensor max_pool2d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                  const IntArrayRef& padding, const IntArrayRef& dilation, bool ceil_mode) {
  return std::get<0>(max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode));
}

std::tuple<Tensor, Tensor> max_pool3d_with_indices(const Tensor& input, const IntArrayRef& kernel_size,
                                                   const IntArrayRef& stride, const IntArrayRef& padding,
                                                   const IntArrayRef& dilation, bool ceil_mode) {
  return max_pool_impl(input, 3, kernel_size, stride, padding, dilation, ceil_mode, "max_pool3d");
}

Tensor max_pool3d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                  const IntArrayRef& padding, const IntArrayRef& dilation, bool ceil_mode) {
  return std::get<0>(max_pool3d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode));
}

Tensor max_pool2d_backward(const Tensor& grad_out, const Tensor& indices, const IntArrayRef& input_sizes) {
  return scatter_kernel(grad_out, indices, input_sizes, 2);
}

std::tuple<Tensor, Tensor> max_pool1d_with_indices(const Tensor& input, const IntArrayRef& kernel_size,
                                                   const IntArrayRef& stride, const IntArrayRef& padding,
                                                   const IntArrayRef& dilation, bool ceil_mode) {
  const char* op = "max_pool1d";
  check_1d_input(input, op);
  if (is_half_float(input.dtype()))
    return pair_in_float32(input, [&](const Tensor& x) {
      return max_pool1d_with_indices(x, kernel_size, stride, padding, dilation, ceil_mode);
    });
  auto k = single(kernel_size, "kernel_size", op), p = single(padding, "padding", op),
       d = single(dilation, "dilation", op);
  std::vector<int64_t> s2 = stride.empty() ? std::vector<int64_t>{1, k[0]}
                                           : std::vector<int64_t>{1, single(stride, "stride", op)[0]};
  auto [v, i] = max_pool_impl(unsqueeze(input, -2), 2, {1, k[0]}, s2, {0, p[0]}, {1, d[0]}, ceil_mode, op);
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
// Geometry of one average pool call: P volumes pooled by g, with the node names of nd.
struct AvgGeo {
  cpu::PoolGeom g;
  int64_t P;
  int nd;
  bool adaptive;
  std::vector<int64_t> in_sizes, out_sizes;
};

Tensor avg_pool_backward_op(const Tensor& grad, const AvgGeo& a);

// Average pooling (sliding or adaptive) of input, recording <Adaptive>AvgPool<nd>DBackward0.
Tensor avg_pool_forward_op(const Tensor& input, const AvgGeo& a) {
  Tensor x = contiguous(input.detach());
  Tensor out = empty(a.out_sizes, x.dtype());
  PYT_DISPATCH_FLOATING(x.dtype(), "avg_pool", [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    const int64_t I = a.g.in_numel(), O = a.g.out_numel();
    if (a.adaptive)
      over_volumes(a.P, I + O, [&](int64_t q) { cpu::adaptive_avg_pool_volume(px + q * I, po + q * O, a.g); });
    else
      over_volumes(a.P, O * a.g.window(), [&](int64_t q) { cpu::avg_pool_volume(px + q * I, po + q * O, a.g); });
  });
  if (any_requires_grad({&input})) {
    const PoolNames& nm = names_of(a.nd);
    auto node = make_node(a.adaptive ? nm.adaptive_avg : nm.avg, {input}, [a](BackwardNode&, const TensorList& g) {
      return TensorList{avg_pool_backward_op(g[0], a)};
    });
    set_history(out, node);
  }
  return out;
}

// The adjoint of avg_pool_forward_op, recording <Adaptive>AvgPool<nd>DBackwardBackward0
// (whose adjoint is the forward again).
Tensor avg_pool_backward_op(const Tensor& grad, const AvgGeo& a) {
  Tensor go = contiguous(grad.detach());
  Tensor gin = zeros(a.in_sizes, go.dtype());
  PYT_DISPATCH_FLOATING(go.dtype(), "avg_pool_backward", [&] {
    const scalar_t* pg = go.data_ptr<scalar_t>();
    scalar_t* pi = gin.data_ptr<scalar_t>();
    const int64_t I = a.g.in_numel(), O = a.g.out_numel();
    if (a.adaptive)
      over_volumes(a.P, I + O,
                   [&](int64_t q) { cpu::adaptive_avg_pool_volume_backward(pg + q * O, pi + q * I, a.g); });
    else
      over_volumes(a.P, O * a.g.window(),
                   [&](int64_t q) { cpu::avg_pool_volume_backward(pg + q * O, pi + q * I, a.g); });
  });
  if (any_requires_grad({&grad})) {
    const PoolNames& nm = names_of(a.nd);
    auto node = make_node(a.adaptive ? nm.adaptive_avg_bwd : nm.avg_bwd, {grad},
                          [a](BackwardNode&, const TensorList& gg) {
                            return TensorList{avg_pool_forward_op(gg[0], a)};
                          });
    set_history(gin, node);
  }
  return gin;
}

Tensor avg_pool_impl(const Tensor& input, int nd, const IntArrayRef& kernel_size, const IntArrayRef& stride_in,
                     const IntArrayRef& padding, bool ceil_mode, bool count_include_pad,
                     std::optional<int64_t> divisor_override, const char* op) {
  // torch's CPU avg_pool3d has no float16 / bfloat16 kernel (its avg_pool2d has)
  PYT_CHECK(nd == 2 || !is_half_float(input.dtype()), NotImplementedError, op,
            ": \"avg_pool3d_out_frame\" not implemented for '", torch_dispatch_name(input.dtype()), "' (input ",
            input.describe(), ")");
  if (is_half_float(input.dtype()))
    return run_in_float32({input}, input.dtype(), [&](const TensorList& a) {
      return TensorList{avg_pool_impl(a[0], nd, kernel_size, stride_in, padding, ceil_mode, count_include_pad,
                                      divisor_override, op)};
    })[0];
  if (input.dtype() == ScalarType::Int64) {
    // torch's int64 kernel: the window sum divided by the divisor, rounded toward zero.
    // Computed in float64 (exact while window sums stay below 2^53).
    autograd::NoGradGuard ng;
    Tensor avg = avg_pool_impl(to_dtype(input, ScalarType::Float64), nd, kernel_size, stride_in, padding, ceil_mode,
                               count_include_pad, divisor_override, op);
    return to_dtype(avg, ScalarType::Int64);
  }
  auto k = nd_param(kernel_size, nd, "kernel_size", op);
  auto s = stride_in.empty() ? k : nd_param(stride_in, nd, "stride", op);
  auto p = nd_param(padding, nd, "padding", op);
  std::vector<int64_t> d(nd, 1);
  check_sliding(k, s, p, d, op);
  if (divisor_override) PYT_CHECK(*divisor_override != 0, RuntimeError, op, ": divisor must be not zero");
  Volumes v = volumes_of(input, nd, op);
  auto out = sliding_out(v, k, s, p, d, ceil_mode, op);
  AvgGeo a{v.geom(out), v.P, nd, false, input.sizes(), v.out_sizes(out)};
  fill_sliding(a.g, nd, k, s, p, d);
  a.g.count_include_pad = count_include_pad;
  a.g.divisor_override = divisor_override.value_or(0);
  return avg_pool_forward_op(input, a);
}
}  // namespace

Tensor avg_pool2d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                  const IntArrayRef& padding, bool ceil_mode, bool count_include_pad,
                  std::optional<int64_t> divisor_override) {
  return avg_pool_impl(input, 2, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override,
                       "avg_pool2d");
}

Tensor avg_pool3d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                  const IntArrayRef& padding, bool ceil_mode, bool count_include_pad,
                  std::optional<int64_t> divisor_override) {
  return avg_pool_impl(input, 3, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override,
                       "avg_pool3d");
}

Tensor avg_pool1d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                  const IntArrayRef& padding, bool ceil_mode, bool count_include_pad) {
  const char* op = "avg_pool1d";
  check_1d_input(input, op);
  auto k = single(kernel_size, "kernel_size", op), p = single(padding, "padding", op);
  std::vector<int64_t> s2 = stride.empty() ? std::vector<int64_t>{1, k[0]}
                                           : std::vector<int64_t>{1, single(stride, "stride", op)[0]};
  Tensor out = avg_pool_impl(unsqueeze(input, -2), 2, {1, k[0]}, s2, {0, p[0]}, ceil_mode, count_include_pad,
                             std::nullopt, op);
  return squeeze(out, std::vector<int64_t>{-2});
}

// ------------------------------------------------------------- adaptive pooling ---

namespace {
std::vector<int64_t> adaptive_size(const IntArrayRef& output_size, int nd, const char* op) {
  auto o = nd_param(output_size, nd, "output_size", op);
  for (int64_t v : o)
    PYT_CHECK(v >= 0, RuntimeError, op, ": elements of output_size must be greater than or equal to 0 but received ",
              shape_to_string(o));
  return o;
}

Tensor adaptive_avg_impl(const Tensor& input, int nd, const IntArrayRef& output_size, const char* op) {
  if (is_half_float(input.dtype()))
    return run_in_float32({input}, input.dtype(), [&](const TensorList& a) {
      return TensorList{adaptive_avg_impl(a[0], nd, output_size, op)};
    })[0];
  auto o = adaptive_size(output_size, nd, op);
  Volumes v = volumes_of(input, nd, op);
  AvgGeo a{v.geom(o), v.P, nd, true, input.sizes(), v.out_sizes(o)};
  return avg_pool_forward_op(input, a);
}

std::tuple<Tensor, Tensor> adaptive_max_impl(const Tensor& input, int nd, const IntArrayRef& output_size,
                                             const char* op) {
  if (is_half_float(input.dtype()))
    return pair_in_float32(input, [&](const Tensor& x) { return adaptive_max_impl(x, nd, output_size, op); });
  auto o = adaptive_size(output_size, nd, op);
  Volumes v = volumes_of(input, nd, op);
  cpu::PoolGeom g = v.geom(o);
  Tensor values = empty(v.out_sizes(o), input.dtype());
  Tensor idx = empty(v.out_sizes(o), ScalarType::Int64);
  PYT_DISPATCH_FLOATING(input.dtype(), op, [&] {
    const scalar_t* px = v.x.data_ptr<scalar_t>();
    scalar_t* po = values.data_ptr<scalar_t>();
    int64_t* pi = idx.data_ptr<int64_t>();
    const int64_t I = g.in_numel(), O = g.out_numel();
    over_volumes(v.P, I + O, [&](int64_t q) { cpu::adaptive_max_pool_volume(px + q * I, po + q * O, pi + q * O, g); });
  });
  if (any_requires_grad({&input})) {
    std::vector<int64_t> in_sizes = input.sizes();
    const char* bwd = names_of(nd).adaptive_max_bwd;
    auto node = make_node(names_of(nd).adaptive_max, {input},
                          [in_sizes, nd, bwd](BackwardNode& n, const TensorList& gr) {
                            return TensorList{scatter_by_indices(gr[0], n.saved(0), in_sizes, nd, bwd)};
    });
    node->save(idx);
    set_history(values, node);
  }
  return {values, idx};
}
}  // namespace

Tensor adaptive_avg_pool2d(const Tensor& input, const IntArrayRef& output_size) {
  return adaptive_avg_impl(input, 2, output_size, "adaptive_avg_pool2d");
}

Tensor adaptive_avg_pool3d(const Tensor& input, const IntArrayRef& output_size) {
  return adaptive_avg_impl(input, 3, output_size, "adaptive_avg_pool3d");
}

Tensor adaptive_avg_pool1d(const Tensor& input, const IntArrayRef& output_size) {
  const char* op = "adaptive_avg_pool1d";
  check_1d_input(input, op);
  auto o = single(output_size, "output_size", op);
  return squeeze(adaptive_avg_impl(unsqueeze(input, -2), 2, {1, o[0]}, op), std::vector<int64_t>{-2});
}

std::tuple<Tensor, Tensor> adaptive_max_pool2d(const Tensor& input, const IntArrayRef& output_size) {
  return adaptive_max_impl(input, 2, output_size, "adaptive_max_pool2d");
}

std::tuple<Tensor, Tensor> adaptive_max_pool3d(const Tensor& input, const IntArrayRef& output_size) {
  return adaptive_max_impl(input, 3, output_size, "adaptive_max_pool3d");
}

// ------------------------------------------------------- fractional max pooling ---

std::tuple<Tensor, Tensor> fractional_max_pool2d(const Tensor& input, const IntArrayRef& kernel_size,
                                                 const IntArrayRef& output_size, const Tensor& random_samples) {
  const char* op = "fractional_max_pool2d";
  PYT_CHECK(random_samples.dtype() == input.dtype(), RuntimeError, op,
            ": Expect _random_samples to have the same dtype as input, got ", random_samples.describe(),
            " and input ", input.describe());
  if (is_half_float(input.dtype()))
    return pair_in_float32(input, [&](const Tensor& x) {
      return fractional_max_pool2d(x, kernel_size, output_size, to_dtype(random_samples, ScalarType::Float32));
    });
  auto k = nd_param(kernel_size, 2, "kernel_size", op);
  auto o = nd_param(output_size, 2, "output_size", op);
  PYT_CHECK(k[0] > 0 && k[1] > 0, RuntimeError, op, ": kernel_size must be greater than zero, but got ",
            shape_to_string(k));
  PYT_CHECK(o[0] >= 0 && o[1] >= 0, RuntimeError, op, ": output_size must be non-negative, but got ",
            shape_to_string(o));
  PYT_CHECK(input.dim() == 3 || input.dim() == 4, RuntimeError, op,
            ": Expected 3D or 4D (batch mode) tensor for input, got ", input.describe());
  for (int64_t d = input.dim() - 3; d < input.dim(); ++d)
    PYT_CHECK(input.sizes()[d] > 0, RuntimeError, op,
              ": Expected input to have non-zero size for non-batch dimensions, but got ", input.shape_str(),
              " with dimension ", d, " being empty.");
  Volumes v = volumes_of(input, 2, op);
  const int64_t H = v.in[1], W = v.in[2];
  PYT_CHECK(o[0] + k[0] - 1 <= H, RuntimeError, op, ": pool height ", k[0], " too large relative to input height ", H,
            " and output height ", o[0]);
  PYT_CHECK(o[1] + k[1] - 1 <= W, RuntimeError, op, ": pool width ", k[1], " too large relative to input width ", W,
            " and output width ", o[1]);
  const int64_t N = input.dim() == 4 ? input.sizes()[0] : 1, C = input.sizes()[input.dim() - 3];
  PYT_CHECK(random_samples.dim() == 3 && random_samples.sizes()[0] >= N && random_samples.sizes()[1] == C &&
                random_samples.sizes()[2] == 2,
            RuntimeError, op, ": Expect _random_samples of shape (N >= ", N, ", ", C, ", 2), got ",
            random_samples.describe());
  Tensor samples = contiguous(random_samples.detach());
  Tensor values = empty(v.out_sizes(o), input.dtype());
  Tensor idx = empty(v.out_sizes(o), ScalarType::Int64);
  PYT_DISPATCH_FLOATING(input.dtype(), op, [&] {
    const scalar_t* px = v.x.data_ptr<scalar_t>();
    const scalar_t* ps = samples.data_ptr<scalar_t>();
    scalar_t* po = values.data_ptr<scalar_t>();
    int64_t* pi = idx.data_ptr<int64_t>();
    const int64_t O = o[0] * o[1];
    // volume q = n * C + c reads samples[n, c] (rows past N are unused, as torch's)
    over_volumes(v.P, O * k[0] * k[1], [&](int64_t q) {
      cpu::fractional_max_pool2d_plane(px + q * H * W, H, W, po + q * O, pi + q * O, o[0], o[1], k[0], k[1],
                                       ps + q * 2);
    });
  });
  if (any_requires_grad({&input})) {
    std::vector<int64_t> in_sizes = input.sizes();
    auto node = make_node("FractionalMaxPool2DBackward0", {input}, [in_sizes](BackwardNode& n, const TensorList& gr) {
      return TensorList{
          scatter_by_indices(gr[0], n.saved(0), in_sizes, 2, "FractionalMaxPool2DBackwardBackward0")};
    });
    node->save(idx);
    set_history(values, node);
  }
  return {values, idx};
}

// -------------------------------------------------------------- max unpooling ---

namespace {
// The gradient of max_unpool's input: grad at the indices (a gather, differentiable again).
Tensor unpool_gather(const Tensor& grad, const Tensor& indices, int nd) {
  Tensor flat_g = flatten(grad, -nd, -1);
  Tensor flat_i = flatten(indices, -nd, -1);
  return reshape(gather(flat_g, -1, flat_i), indices.sizes());
}

Tensor max_unpool_impl(const Tensor& input, const Tensor& indices, const IntArrayRef& output_size, int nd,
                       const char* op) {
  PYT_CHECK(indices.dtype() == ScalarType::Int64, RuntimeError, op,
            ": elements in indices should be type int64 but got: ", torch_dispatch_name(indices.dtype()));
  PYT_CHECK(input.dim() == nd + 1 || input.dim() == nd + 2, RuntimeError, op, ": Input to max_unpooling", nd,
            "d should be a ", nd + 1, "d or ", nd + 2, "d Tensor, but got a tensor with ", input.dim(),
            " dimensions (input ", input.describe(), ")");
  PYT_CHECK(static_cast<int>(output_size.size()) == nd, RuntimeError, op, ": There should be exactly ", nd,
            " elements in output_size, but got ", output_size.size(), " elements (output_size=",
            shape_to_string(output_size), ")");
  PYT_CHECK(input.sizes() == indices.sizes(), RuntimeError, op,
            ": Expected shape of indices to be same as that of the input tensor (", input.shape_str(),
            ") but got indices tensor with shape: ", indices.shape_str());
  for (int64_t d = 1; d < input.dim(); ++d)
    PYT_CHECK(input.sizes()[d] > 0, RuntimeError, op,
              ": Expected input to have non-zero size for non-batch dimensions, but got ", input.shape_str(),
              " with dimension ", d, " being empty");
  for (int64_t v : output_size)
    PYT_CHECK(v >= 0, RuntimeError, op, ": output_size must contain non-negative spatial dimensions, but got ",
              shape_to_string(output_size));
  if (is_half_float(input.dtype()))
    return run_in_float32({input}, input.dtype(), [&](const TensorList& a) {
      return TensorList{max_unpool_impl(a[0], indices, output_size, nd, op)};
    })[0];
  PYT_CHECK(is_floating_type(input.dtype()), NotImplementedError, op, ": \"", op, "\" not implemented for '",
            torch_dispatch_name(input.dtype()), "' (input ", input.describe(), ")");
  std::vector<int64_t> out_sizes(input.sizes().begin(), input.sizes().end() - nd);
  out_sizes.insert(out_sizes.end(), output_size.begin(), output_size.end());
  Tensor out = zeros(out_sizes, input.dtype());
  Tensor x = contiguous(input.detach());
  Tensor ix = contiguous(indices.detach());
  int64_t V = 1, L = 1;
  for (int64_t v : output_size) V *= v;
  for (int64_t i = input.dim() - nd; i < input.dim(); ++i) L *= input.sizes()[i];
  const int64_t* pi = ix.data_ptr<int64_t>();
  // Every index is checked before anything is written (Note: never an out-of-bounds write);
  // the first invalid one in memory order is reported.
  for (int64_t i = 0, n = ix.numel(); i < n; ++i) {
    const int64_t j = pi[i];
    if (j < 0 || j >= V) {
      std::vector<int64_t> os(output_size.begin(), output_size.end());
      PYT_CHECK(false, RuntimeError, op, ": Found an invalid max index: ", j, " (output volumes are of size ",
                join_x(os), ")");
    }
  }
  int64_t P = L == 0 ? 0 : x.numel() / L;
  PYT_DISPATCH_FLOATING(input.dtype(), op, [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    // In index order within a volume: the last of repeated indices wins, as torch's kernel.
    over_volumes(P, L, [&](int64_t q) {
      for (int64_t l = 0; l < L; ++l) po[q * V + pi[q * L + l]] = px[q * L + l];
    });
  });
  if (any_requires_grad({&input})) {
    auto node = make_node(names_of(nd).unpool, {input}, [nd](BackwardNode& n, const TensorList& g) {
      return TensorList{unpool_gather(g[0], n.saved(0), nd)};
    });
    node->save(indices);
    set_history(out, node);
  }
  return out;
}
}  // namespace

Tensor max_unpool2d(const Tensor& input, const Tensor& indices, const IntArrayRef& output_size) {
  return max_unpool_impl(input, indices, output_size, 2, "max_unpool2d");
}

Tensor max_unpool3d(const Tensor& input, const Tensor& indices, const IntArrayRef& output_size) {
  return max_unpool_impl(input, indices, output_size, 3, "max_unpool3d");
}

}  // namespace pyt
