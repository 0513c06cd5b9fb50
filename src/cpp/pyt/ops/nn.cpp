// Neural-network ops: linear, softmax, log_softmax, losses, conv2d, max_pool2d, dropout.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/blas.h"
#include "pyt/ops/cpu/conv_pool.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/vec_math.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

Tensor linear(const Tensor& x, const Tensor& weight, const Tensor& bias) {
  PYT_CHECK(weight.dim() == 2, RuntimeError, "linear: expected weight to be 2-d (out_features, in_features), got ",
            weight.describe());
  PYT_CHECK(x.dim() >= 1, RuntimeError, "linear: expected input with at least 1 dim, got ", x.describe());
  PYT_CHECK(x.sizes().back() == weight.sizes()[1], RuntimeError, "linear: mat1 and mat2 shapes cannot be multiplied (",
            x.numel() / std::max<int64_t>(1, x.sizes().back()), "x", x.sizes().back(), " and ", weight.sizes()[1], "x",
            weight.sizes()[0], "); input ", x.describe(), ", weight ", weight.describe());
  if (bias.defined())
    PYT_CHECK(bias.dim() <= 1 && bias.numel() == weight.sizes()[0], RuntimeError, "linear: expected bias of shape [",
              weight.sizes()[0], "], got ", bias.describe());
  if (x.dim() == 2 && bias.defined()) return addmm(bias, x, t(weight));
  Tensor y = matmul(x, t(weight));
  return bias.defined() ? add(y, bias) : y;
}

// ------------------------------------------------------------- softmax ---

namespace {

// y = softmax or log_softmax of x (contiguous) along dim (outer, n, inner layout).
void softmax_kernel(const Tensor& x, Tensor& y, int64_t dim, bool log) {
  int64_t outer = 1, inner = 1, n = x.dim() == 0 ? 1 : x.sizes()[dim];
  for (int64_t d = 0; d < dim; ++d) outer *= x.sizes()[d];
  for (int64_t d = dim + 1; d < x.dim(); ++d) inner *= x.sizes()[d];
  if (n == 0) return;
  if (x.dtype() == ScalarType::Float32 && inner == 1) {
    // Rows along the last dim: vectorised max, exp(x - max) with its sum, then one scaling
    // pass (Note [SIMD dispatch]). A row is computed by one thread, so the result does not
    // depend on the thread count.
    const cpu::vec::Table& vt = cpu::vec::table();
    const float* px = x.data_ptr<float>();
    float* py = y.data_ptr<float>();
    parallel_for(0, outer, std::max<int64_t>(1, 16384 / n), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        const float* xr = px + r * n;
        float* yr = py + r * n;
        float mx = vt.max(xr, n);
        if (std::isinf(mx) && mx < 0) mx = 0;  // all -inf row: avoid inf - inf
        float s = vt.exp_shifted_sum(xr, yr, n, mx);
        if (log) {
          float ls = std::log(s);
          for (int64_t k = 0; k < n; ++k) yr[k] = (xr[k] - mx) - ls;
        } else {
          float inv = 1.0f / s;
          for (int64_t k = 0; k < n; ++k) yr[k] *= inv;
        }
      }
    });
    return;
  }
  PYT_DISPATCH_FLOATING(x.dtype(), log ? "log_softmax" : "softmax", [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    scalar_t* py = y.data_ptr<scalar_t>();
    int64_t rows = outer * inner;
    parallel_for(0, rows, std::max<int64_t>(1, 16384 / n), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        int64_t o = r / inner, i = r % inner;
        const scalar_t* xr = px + o * n * inner + i;
        scalar_t* yr = py + o * n * inner + i;
        scalar_t mx = -std::numeric_limits<scalar_t>::infinity();
        for (int64_t k = 0; k < n; ++k) mx = std::max(mx, xr[k * inner]);
        if (std::isinf(mx) && mx < 0) mx = 0;  // all -inf row: avoid inf - inf
        double s = 0;
        for (int64_t k = 0; k < n; ++k) s += std::exp(static_cast<double>(xr[k * inner] - mx));
        if (log) {
          scalar_t lse = static_cast<scalar_t>(std::log(s)) + mx;
          for (int64_t k = 0; k < n; ++k) yr[k * inner] = xr[k * inner] - lse;
        } else {
          scalar_t inv = static_cast<scalar_t>(1.0 / s);
          for (int64_t k = 0; k < n; ++k) yr[k * inner] = std::exp(xr[k * inner] - mx) * inv;
        }
      }
    });
  });
}

Tensor softmax_impl(const Tensor& t, int64_t dim, OptDtype dtype, bool log) {
  const char* op = log ? "log_softmax" : "softmax";
  int64_t d = maybe_wrap_dim(dim, t.dim(), op);
  Tensor in = dtype ? to_dtype(t, *dtype) : t;
  PYT_CHECK(is_floating_type(in.dtype()), NotImplementedError, op, ": \"", op, "_lastdim_kernel_impl\" not implemented for '",
            scalar_type_name(in.dtype()), "'");
  Tensor x = contiguous(in.detach());
  Tensor y = empty(in.sizes(), in.dtype());
  softmax_kernel(x, y, d, log);
  if (any_requires_grad({&in})) {
    std::shared_ptr<BackwardNode> node;
    if (log) {
      node = make_node("LogSoftmaxBackward0", {in}, [d](BackwardNode& n, const TensorList& g) {
        Tensor y = n.saved(0);
        return TensorList{sub(g[0], mul(exp(y), sum(g[0], std::vector<int64_t>{d}, true)))};
      });
    } else {
      node = make_node("SoftmaxBackward0", {in}, [d](BackwardNode& n, const TensorList& g) {
        Tensor y = n.saved(0);
        Tensor gy = mul(g[0], y);
        return TensorList{sub(gy, mul(y, sum(gy, std::vector<int64_t>{d}, true)))};
      });
    }
    node->save(y, true);
    set_history(y, node);
  }
  return y;
}

}  // namespace

Tensor softmax(const Tensor& t, int64_t dim, OptDtype dtype) { return softmax_impl(t, dim, dtype, false); }
Tensor log_softmax(const Tensor& t, int64_t dim, OptDtype dtype) { return softmax_impl(t, dim, dtype, true); }

// -------------------------------------------------------------- losses ---

namespace {
Tensor apply_reduction(const Tensor& loss, const std::string& reduction, const char* op) {
  if (reduction == "none") return loss;
  if (reduction == "sum") return sum(loss);
  if (reduction == "mean") return mean(loss);
  throw ValueError(str(op, ": ", reduction, " is not a valid value for reduction"));
}
}  // namespace

Tensor nll_loss(const Tensor& input, const Tensor& target, const Tensor& weight, const std::string& reduction,
                int64_t ignore_index) {
  PYT_CHECK(reduction == "none" || reduction == "mean" || reduction == "sum", ValueError, "nll_loss: ", reduction,
            " is not a valid value for reduction");
  PYT_CHECK(input.dim() >= 1, ValueError, "nll_loss: expected input with at least 1 dim, got ", input.describe());
  PYT_CHECK(is_floating_type(input.dtype()), RuntimeError, "nll_loss: expected a floating point input, got ",
            input.describe());
  PYT_CHECK(target.dtype() == ScalarType::Int64, RuntimeError,
            "nll_loss: expected target of dtype int64 (class indices), got ", target.describe());
  // Arrange as (M, C) rows with targets (M).
  Tensor x2;
  std::vector<int64_t> out_sizes;
  int64_t C;
  if (input.dim() == 1) {
    PYT_CHECK(target.dim() == 0, ValueError, "nll_loss: expected target of shape [] for input ", input.describe(),
              ", got ", target.describe());
    C = input.sizes()[0];
    x2 = unsqueeze(input, 0);
  } else {
    C = input.sizes()[1];
    std::vector<int64_t> expect_t{input.sizes()[0]};
    for (int64_t d = 2; d < input.dim(); ++d) expect_t.push_back(input.sizes()[d]);
    PYT_CHECK(target.sizes() == expect_t, ValueError, "nll_loss: Expected target of shape ", shape_to_string(expect_t),
              " for input ", input.describe(), ", got ", target.describe());
    out_sizes = expect_t;
    if (input.dim() == 2) {
      x2 = input;
    } else {
      std::vector<int64_t> perm{0};
      for (int64_t d = 2; d < input.dim(); ++d) perm.push_back(d);
      perm.push_back(1);
      x2 = reshape(permute(input, perm), {-1, C});
    }
  }
  if (weight.defined())
    PYT_CHECK(weight.dim() == 1 && weight.numel() == C, RuntimeError, "nll_loss: weight tensor should be defined "
              "either for all ", C, " classes or no classes but got weight tensor of shape: ", weight.shape_str());
  Tensor tflat = reshape(target.detach(), {-1});
  // Validate targets; ignored entries are redirected to class 0 and masked out.
  Tensor tsafe = clone(tflat);
  Tensor maskf = empty({tflat.numel()}, input.dtype());
  {
    int64_t* pt = tsafe.data_ptr<int64_t>();
    PYT_DISPATCH_FLOATING(input.dtype(), "nll_loss", [&] {
      scalar_t* pm = maskf.data_ptr<scalar_t>();
      for (int64_t i = 0; i < tsafe.numel(); ++i) {
        int64_t v = pt[i];
        if (v == ignore_index) {
          pt[i] = 0;
          pm[i] = 0;
          continue;
        }
        PYT_CHECK(v >= 0 && v < C, IndexError, "nll_loss: Target ", v, " is out of bounds (", C, " classes).");
        pm[i] = 1;
      }
    });
  }
  if (C == 0) PYT_CHECK(tflat.numel() == 0, IndexError, "nll_loss: Target is out of bounds (0 classes).");
  Tensor w = maskf;
  if (weight.defined()) w = mul(index_select(to_dtype(weight.detach(), input.dtype()), 0, tsafe), maskf);
  Tensor out, total_weight;
  {
    autograd::NoGradGuard ng;
    Tensor picked = reshape(gather(x2.detach(), 1, unsqueeze(tsafe, 1)), {-1});
    Tensor losses = neg(mul(picked, w));
    total_weight = sum(w);
    if (reduction == "none") out = reshape(losses, out_sizes);
    else if (reduction == "sum") out = sum(losses);
    else out = div(sum(losses), total_weight);
  }
  if (any_requires_grad({&input})) {
    std::vector<int64_t> in_sizes = input.sizes(), x2_sizes = x2.sizes();
    bool is_mean = reduction == "mean", is_none = reduction == "none";
    int64_t in_dim = input.dim();
    auto node = make_node("NllLossBackward0", {input},
                          [in_sizes, x2_sizes, is_mean, is_none, in_dim, C](BackwardNode& n, const TensorList& g) {
                            Tensor tsafe = n.saved(0), wts = n.saved(1), tw = n.saved(2);
                            // d loss_i / d x[i, t_i] = -w_i (divided by the total weight for 'mean').
                            Tensor gi = is_none ? reshape(g[0], {-1}) : expand(g[0], wts.sizes());
                            Tensor coef = neg(mul(wts, gi));
                            if (is_mean) coef = div(coef, tw);
                            Tensor g2 = scatter_add(zeros(x2_sizes, coef.dtype()), 1, unsqueeze(tsafe, 1),
                                                    unsqueeze(coef, 1));
                            if (in_dim == 1) return TensorList{reshape(g2, in_sizes)};
                            if (in_dim == 2) return TensorList{g2};
                            // (N*d1*..., C) back to (N, C, d1, ...)
                            std::vector<int64_t> perm_sizes{in_sizes[0]};
                            for (int64_t d = 2; d < in_dim; ++d) perm_sizes.push_back(in_sizes[d]);
                            perm_sizes.push_back(C);
                            std::vector<int64_t> inv{0, in_dim - 1};
                            for (int64_t d = 1; d < in_dim - 1; ++d) inv.push_back(d);
                            return TensorList{contiguous(permute(reshape(g2, perm_sizes), inv))};
                          });
    node->save(tsafe);
    node->save(w);
    node->save(total_weight);
    set_history(out, node);
  }
  return out;
}

Tensor cross_entropy(const Tensor& input, const Tensor& target, const Tensor& weight, const std::string& reduction,
                     int64_t ignore_index) {
  PYT_CHECK(input.dim() >= 1, ValueError, "cross_entropy: expected input with at least 1 dim, got ", input.describe());
  int64_t cdim = input.dim() == 1 ? 0 : 1;
  Tensor logp = log_softmax(input, cdim);
  if (is_floating_type(target.dtype())) {
    // Class probabilities.
    PYT_CHECK(target.sizes() == input.sizes(), RuntimeError, "cross_entropy: expected probability target of shape ",
              input.shape_str(), ", got ", target.describe());
    Tensor prod = mul(logp, target);
    if (weight.defined()) {
      std::vector<int64_t> wshape(input.dim(), 1);
      wshape[cdim] = weight.numel();
      prod = mul(prod, reshape(weight, wshape));
    }
    Tensor losses = neg(sum(prod, std::vector<int64_t>{cdim}));
    if (reduction == "mean") {
      int64_t n = input.dim() == 1 ? 1 : input.numel() / std::max<int64_t>(1, input.sizes()[1]);
      return div(sum(losses), wrapped_scalar(Scalar(static_cast<double>(n))));
    }
    return apply_reduction(losses, reduction, "cross_entropy");
  }
  return nll_loss(logp, target, weight, reduction, ignore_index);
}

Tensor mse_loss(const Tensor& input, const Tensor& target, const std::string& reduction) {
  PYT_CHECK(reduction == "none" || reduction == "mean" || reduction == "sum", ValueError, "mse_loss: ", reduction,
            " is not a valid value for reduction");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    Tensor d = sub(input, target);
    out = apply_reduction(mul(d, d), reduction, "mse_loss");
  }
  if (any_requires_grad({&input, &target})) {
    std::vector<int64_t> in_sizes = input.sizes(), t_sizes = target.sizes();
    ScalarType in_dt = input.dtype(), t_dt = target.dtype();
    auto node = make_node("MseLossBackward0", {input, target},
                          [reduction, in_sizes, t_sizes, in_dt, t_dt](BackwardNode& n, const TensorList& g) {
                            Tensor d = sub(n.saved(0), n.saved(1));
                            Tensor scale = mul(g[0], wrapped_scalar(Scalar(2.0)));
                            if (reduction == "mean")
                              scale = div(scale, wrapped_scalar(Scalar(static_cast<double>(d.numel()))));
                            Tensor gd = mul(d, scale);
                            TensorList r(2);
                            if (n.needs_input_grad(0)) {
                              Tensor gi = sum_to_size(gd, in_sizes);
                              r[0] = gi.dtype() == in_dt ? gi : to_dtype(gi, in_dt);
                            }
                            if (n.needs_input_grad(1)) {
                              Tensor gt = sum_to_size(neg(gd), t_sizes);
                              r[1] = gt.dtype() == t_dt ? gt : to_dtype(gt, t_dt);
                            }
                            return r;
                          });
    node->save(input);
    node->save(target);
    set_history(out, node);
  }
  return out;
}

Tensor dropout(const Tensor& input, double p, bool train, Generator* gen) {
  PYT_CHECK(p >= 0 && p <= 1, ValueError, "dropout probability has to be between 0 and 1, but got ", p);
  if (!train || p == 0 || input.numel() == 0) return input;
  if (p == 1) return mul(input, zeros_like(input));
  Tensor mask = empty(input.sizes(), input.dtype());
  bernoulli_(mask, 1.0 - p, gen);
  {
    autograd::NoGradGuard ng;
    mul_(mask, wrapped_scalar(Scalar(1.0 / (1.0 - p))));
  }
  return mul(input, mask);
}

// -------------------------------------------------------------- conv2d ---

namespace {

struct ConvArgs {
  int64_t N, C, H, W, O, kh, kw, groups, Hout, Wout;
  int64_t sh, sw, ph, pw, dh, dw;
};

std::vector<int64_t> expand_param(const IntArrayRef& v, const char* name, const char* op) {
  PYT_CHECK(v.size() == 1 || v.size() == 2, RuntimeError, op, ": expected ", name, " to be a single integer value or "
            "a list of 2 values, but got ", shape_to_string(v));
  return v.size() == 1 ? std::vector<int64_t>{v[0], v[0]} : v;
}

ConvArgs conv_args(const IntArrayRef& in_sizes, const IntArrayRef& w_sizes, const IntArrayRef& stride,
                   const IntArrayRef& padding, const IntArrayRef& dilation, int64_t groups) {
  auto s = expand_param(stride, "stride", "conv2d"), p = expand_param(padding, "padding", "conv2d"),
       d = expand_param(dilation, "dilation", "conv2d");
  ConvArgs a{};
  a.N = in_sizes[0];
  a.C = in_sizes[1];
  a.H = in_sizes[2];
  a.W = in_sizes[3];
  a.O = w_sizes[0];
  a.kh = w_sizes[2];
  a.kw = w_sizes[3];
  a.groups = groups;
  a.sh = s[0];
  a.sw = s[1];
  a.ph = p[0];
  a.pw = p[1];
  a.dh = d[0];
  a.dw = d[1];
  PYT_CHECK(a.sh > 0 && a.sw > 0, RuntimeError, "conv2d: non-positive stride is not supported");
  PYT_CHECK(a.ph >= 0 && a.pw >= 0, RuntimeError, "conv2d: negative padding is not supported");
  PYT_CHECK(a.dh > 0 && a.dw > 0, RuntimeError, "conv2d: dilation should be greater than zero");
  auto floor_div = [](int64_t x, int64_t y) { return x >= 0 ? x / y : -((-x + y - 1) / y); };
  a.Hout = floor_div(a.H + 2 * a.ph - a.dh * (a.kh - 1) - 1, a.sh) + 1;
  a.Wout = floor_div(a.W + 2 * a.pw - a.dw * (a.kw - 1) - 1, a.sw) + 1;
  return a;
}

cpu::Conv2dGeom geom(const ConvArgs& a) {
  return cpu::Conv2dGeom{a.C / a.groups, a.H, a.W, a.kh, a.kw, a.sh, a.sw, a.ph, a.pw, a.dh, a.dw, a.Hout, a.Wout};
}

// Note [Convolution lowering]: images are lowered to columns (im2col) in fixed groups of
// B images, B chosen from the output size alone so that each GEMM has at least ~512
// columns, and each group is one GEMM per conv group (W_g @ columns). Groups run in
// parallel on pyt's pool with single-threaded GEMMs when there are enough of them, else one
// after another with a multi-threaded GEMM. Weight gradients are summed per group and the
// groups combined in order, so results do not depend on the thread count.
int64_t images_per_gemm(const ConvArgs& a) {
  int64_t L = std::max<int64_t>(1, a.Hout * a.Wout);
  return std::clamp<int64_t>((512 + L - 1) / L, 1, 16);
}

// Runs f(group index, first image, image count, scratch) over the fixed image groups.
template <typename T, typename F>
void for_each_image_group(const ConvArgs& a, int64_t scratch_elems, F f) {
  int64_t B = images_per_gemm(a);
  int64_t ngroups = (a.N + B - 1) / B;
  int threads = get_num_threads();
  auto run = [&](int64_t b, int64_t e) {
    std::vector<T> scratch(static_cast<size_t>(scratch_elems));
    for (int64_t q = b; q < e; ++q) f(q, q * B, std::min(B, a.N - q * B), scratch.data());
  };
  if (threads > 1 && ngroups >= 2 * threads) {
    cpu::BlasThreadsGuard one(1);
    parallel_for(0, ngroups, 1, run);
  } else {
    run(0, ngroups);
  }
}

Tensor conv2d_forward(const Tensor& input, const Tensor& weight, const Tensor& bias, const ConvArgs& a) {
  Tensor x = contiguous(input.detach()), w = contiguous(weight.detach());
  Tensor out = empty({a.N, a.O, a.Hout, a.Wout}, input.dtype());
  int64_t L = a.Hout * a.Wout, Cg = a.C / a.groups, Og = a.O / a.groups, K = Cg * a.kh * a.kw;
  if (out.numel() == 0) return out;
  int64_t B = images_per_gemm(a);
  PYT_DISPATCH_FLOATING(input.dtype(), "conv2d", [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    const scalar_t* pw = w.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    Tensor bc = bias.defined() ? contiguous(to_dtype(bias.detach(), input.dtype())) : Tensor();
    const scalar_t* pb = bias.defined() ? bc.data_ptr<scalar_t>() : nullptr;
    cpu::Conv2dGeom gm = geom(a);
    // scratch: columns (K x B*L) then the GEMM result (Og x B*L)
    for_each_image_group<scalar_t>(a, (K + Og) * B * L, [&](int64_t, int64_t n0, int64_t nb, scalar_t* scratch) {
      scalar_t* col = scratch;
      scalar_t* res = scratch + K * B * L;
      int64_t ld = nb * L;
      for (int64_t g = 0; g < a.groups; ++g) {
        for (int64_t i = 0; i < nb; ++i)
          cpu::im2col(px + ((n0 + i) * a.C + g * Cg) * a.H * a.W, a.H * a.W, gm, col + i * L, ld);
        bool direct = nb == 1;  // one image: the GEMM writes the output rows in place
        scalar_t* dst = direct ? po + (n0 * a.O + g * Og) * L : res;
        if (K == 0)
          std::fill(dst, dst + Og * ld, scalar_t(0));
        else
          cpu::gemm(false, false, Og, ld, K, scalar_t(1), pw + g * Og * K, K, col, ld, scalar_t(0), dst, ld);
        if (!direct)
          for (int64_t i = 0; i < nb; ++i)
            for (int64_t o = 0; o < Og; ++o)
              std::memcpy(po + ((n0 + i) * a.O + g * Og + o) * L, res + o * ld + i * L, sizeof(scalar_t) * L);
      }
      if (pb)
        for (int64_t i = 0; i < nb; ++i)
          for (int64_t o = 0; o < a.O; ++o) {
            scalar_t* row = po + ((n0 + i) * a.O + o) * L;
            for (int64_t l = 0; l < L; ++l) row[l] += pb[o];
          }
    });
  });
  return out;
}

// Copies grad_out rows of images [n0, n0+nb) and conv group g into buf (Og x nb*L).
template <typename T>
void gather_grad(const T* pg, const ConvArgs& a, int64_t g, int64_t n0, int64_t nb, T* buf) {
  int64_t L = a.Hout * a.Wout, Og = a.O / a.groups;
  for (int64_t i = 0; i < nb; ++i)
    for (int64_t o = 0; o < Og; ++o)
      std::memcpy(buf + o * nb * L + i * L, pg + ((n0 + i) * a.O + g * Og + o) * L, sizeof(T) * L);
}

}  // namespace

Tensor conv2d(const Tensor& input_, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
              const IntArrayRef& padding, const IntArrayRef& dilation, int64_t groups) {
  PYT_CHECK(input_.dim() == 3 || input_.dim() == 4, RuntimeError, "conv2d: Expected 3D (unbatched) or 4D (batched) "
            "input to conv2d, but got input of size: ", input_.shape_str());
  PYT_CHECK(weight.dim() == 4, RuntimeError, "conv2d: expected weight of shape (out_channels, in_channels/groups, kH, "
            "kW), got ", weight.describe());
  PYT_CHECK(groups > 0, RuntimeError, "conv2d: non-positive groups is not supported");
  PYT_CHECK(input_.dtype() == weight.dtype(), RuntimeError, "conv2d: Input type (", scalar_type_name(input_.dtype()),
            ") and weight type (", scalar_type_name(weight.dtype()), ") should be the same");
  PYT_CHECK(weight.sizes()[2] > 0 && weight.sizes()[3] > 0, RuntimeError, "conv2d: non-positive kernel size: weight ",
            weight.describe());
  if (bias.defined())
    PYT_CHECK(bias.dtype() == input_.dtype(), RuntimeError, "conv2d: Input type (", scalar_type_name(input_.dtype()),
              ") and bias type (", scalar_type_name(bias.dtype()), ") should be the same");
  if (bias.defined())
    PYT_CHECK(bias.dim() == 1 && bias.sizes()[0] == weight.sizes()[0], RuntimeError, "conv2d: Given weight of size ",
              weight.shape_str(), ", expected bias to be 1-dimensional with ", weight.sizes()[0],
              " elements, but got bias of size ", bias.shape_str(), " instead");
  bool unbatched = input_.dim() == 3;
  Tensor input = unbatched ? unsqueeze(input_, 0) : input_;
  PYT_CHECK(weight.sizes()[0] % groups == 0, RuntimeError, "conv2d: Given groups=", groups,
            ", expected weight to be divisible by ", groups, " at dimension 0, but got weight of size ",
            weight.shape_str(), " instead");
  PYT_CHECK(input.sizes()[1] == weight.sizes()[1] * groups, RuntimeError, "conv2d: Given groups=", groups,
            ", weight of size ", weight.shape_str(), ", expected input", input.shape_str(), " to have ",
            weight.sizes()[1] * groups, " channels, but got ", input.sizes()[1], " channels instead");
  ConvArgs a = conv_args(input.sizes(), weight.sizes(), stride, padding, dilation, groups);
  PYT_CHECK(a.Hout > 0 && a.Wout > 0, RuntimeError, "conv2d: Calculated output size: (", a.O, "x", a.Hout, "x",
            a.Wout, "). Output size is too small (input ", input.shape_str(), ", kernel ", a.kh, "x", a.kw, ")");
  Tensor out = conv2d_forward(input, weight, bias, a);
  if (any_requires_grad({&input, &weight, &bias})) {
    std::vector<int64_t> in_sizes = input.sizes(), w_sizes = weight.sizes();
    std::vector<int64_t> st = stride, pd = padding, dl = dilation;
    auto node = make_node("ConvolutionBackward0", {input, weight, bias},
                          [in_sizes, w_sizes, st, pd, dl, groups](BackwardNode& n, const TensorList& g) {
                            TensorList r(3);
                            if (n.needs_input_grad(0))
                              r[0] = conv2d_backward_input(g[0], n.saved(1), in_sizes, st, pd, dl, groups);
                            if (n.needs_input_grad(1))
                              r[1] = conv2d_backward_weight(g[0], n.saved(0), w_sizes, st, pd, dl, groups);
                            if (n.needs_input_grad(2)) r[2] = sum(g[0], std::vector<int64_t>{0, 2, 3});
                            return r;
                          });
    node->save(input);
    node->save(weight);
    set_history(out, node);
  }
  return unbatched ? squeeze(out, std::vector<int64_t>{0}) : out;
}

Tensor conv2d_backward_input(const Tensor& grad_out, const Tensor& weight, const IntArrayRef& input_sizes,
                             const IntArrayRef& stride, const IntArrayRef& padding, const IntArrayRef& dilation,
                             int64_t groups) {
  ConvArgs a = conv_args(input_sizes, weight.sizes(), stride, padding, dilation, groups);
  Tensor gin = zeros(input_sizes, grad_out.dtype());
  Tensor go = contiguous(grad_out.detach());
  Tensor w = contiguous(weight.detach());
  int64_t L = a.Hout * a.Wout, Cg = a.C / a.groups, Og = a.O / a.groups, K = Cg * a.kh * a.kw;
  if (gin.numel() == 0 || go.numel() == 0 || K == 0) return gin;
  int64_t B = images_per_gemm(a);
  PYT_DISPATCH_FLOATING(grad_out.dtype(), "conv2d_backward", [&] {
    const scalar_t* pg = go.data_ptr<scalar_t>();
    const scalar_t* pw = w.data_ptr<scalar_t>();
    scalar_t* pi = gin.data_ptr<scalar_t>();
    cpu::Conv2dGeom gm = geom(a);
    for_each_image_group<scalar_t>(a, (K + Og) * B * L, [&](int64_t, int64_t n0, int64_t nb, scalar_t* scratch) {
      scalar_t* col = scratch;
      scalar_t* gbuf = scratch + K * B * L;
      int64_t ld = nb * L;
      for (int64_t g = 0; g < a.groups; ++g) {
        const scalar_t* gsrc = pg + (n0 * a.O + g * Og) * L;
        if (nb > 1) {
          gather_grad(pg, a, g, n0, nb, gbuf);
          gsrc = gbuf;
        }
        // col (K x nb*L) = W_g^T (K x Og) @ grad (Og x nb*L)
        cpu::gemm(true, false, K, ld, Og, scalar_t(1), pw + g * Og * K, K, gsrc, ld, scalar_t(0), col, ld);
        for (int64_t i = 0; i < nb; ++i)
          cpu::col2im(col + i * L, ld, gm, pi + ((n0 + i) * a.C + g * Cg) * a.H * a.W, a.H * a.W);
      }
    });
  });
  return gin;
}

Tensor conv2d_backward_weight(const Tensor& grad_out, const Tensor& input, const IntArrayRef& weight_sizes,
                              const IntArrayRef& stride, const IntArrayRef& padding, const IntArrayRef& dilation,
                              int64_t groups) {
  ConvArgs a = conv_args(input.sizes(), weight_sizes, stride, padding, dilation, groups);
  Tensor gw = zeros(weight_sizes, grad_out.dtype());
  Tensor go = contiguous(grad_out.detach());
  Tensor x = contiguous(input.detach());
  int64_t L = a.Hout * a.Wout, Cg = a.C / a.groups, Og = a.O / a.groups, K = Cg * a.kh * a.kw;
  if (gw.numel() == 0 || go.numel() == 0) return gw;
  int64_t B = images_per_gemm(a);
  int64_t ngroups = (a.N + B - 1) / B;
  PYT_DISPATCH_FLOATING(grad_out.dtype(), "conv2d_backward", [&] {
    const scalar_t* pg = go.data_ptr<scalar_t>();
    const scalar_t* px = x.data_ptr<scalar_t>();
    cpu::Conv2dGeom gm = geom(a);
    int64_t wsize = a.O * K;
    // One partial weight gradient per image group, summed in group order.
    std::vector<scalar_t> partial(static_cast<size_t>(ngroups * wsize));
    for_each_image_group<scalar_t>(a, (K + Og) * B * L, [&](int64_t q, int64_t n0, int64_t nb, scalar_t* scratch) {
      scalar_t* col = scratch;
      scalar_t* gbuf = scratch + K * B * L;
      scalar_t* acc = partial.data() + q * wsize;
      int64_t ld = nb * L;
      for (int64_t g = 0; g < a.groups; ++g) {
        for (int64_t i = 0; i < nb; ++i)
          cpu::im2col(px + ((n0 + i) * a.C + g * Cg) * a.H * a.W, a.H * a.W, gm, col + i * L, ld);
        const scalar_t* gsrc = pg + (n0 * a.O + g * Og) * L;
        if (nb > 1) {
          gather_grad(pg, a, g, n0, nb, gbuf);
          gsrc = gbuf;
        }
        // acc_g (Og x K) = grad (Og x nb*L) @ col^T (nb*L x K)
        cpu::gemm(false, true, Og, K, ld, scalar_t(1), gsrc, ld, col, ld, scalar_t(0), acc + g * Og * K, K);
      }
    });
    scalar_t* pw = gw.data_ptr<scalar_t>();
    for (int64_t q = 0; q < ngroups; ++q) {
      const scalar_t* src = partial.data() + q * wsize;
      for (int64_t k = 0; k < wsize; ++k) pw[k] += src[k];
    }
  });
  return gw;
}

// ----------------------------------------------------------- max_pool2d ---

std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input_, const IntArrayRef& kernel_size,
                                                   const IntArrayRef& stride_in, const IntArrayRef& padding,
                                                   const IntArrayRef& dilation, bool ceil_mode) {
  const char* op = "max_pool2d";
  PYT_CHECK(input_.dim() == 3 || input_.dim() == 4, RuntimeError, op, ": Expected 3D or 4D (batch mode) tensor for "
            "input, got ", input_.describe());
  auto k = expand_param(kernel_size, "kernel_size", op);
  auto s = stride_in.empty() ? k : expand_param(stride_in, "stride", op);
  auto p = expand_param(padding, "padding", op);
  auto d = expand_param(dilation, "dilation", op);
  PYT_CHECK(k[0] > 0 && k[1] > 0, RuntimeError, op, ": kernel_size must be greater than zero, but got ",
            shape_to_string(k));
  PYT_CHECK(s[0] > 0 && s[1] > 0, RuntimeError, op, ": stride must be greater than zero, but got ", shape_to_string(s));
  PYT_CHECK(d[0] > 0 && d[1] > 0, RuntimeError, op, ": dilation must be greater than zero, but got ",
            shape_to_string(d));
  PYT_CHECK(p[0] >= 0 && p[1] >= 0 && p[0] <= k[0] / 2 && p[1] <= k[1] / 2, RuntimeError, op,
            ": pad should be at most half of effective kernel size, but got pad=", shape_to_string(p),
            ", kernel_size=", shape_to_string(k));
  PYT_CHECK(is_floating_type(input_.dtype()), RuntimeError, op, ": \"max_pool2d\" not implemented for '",
            scalar_type_name(input_.dtype()), "'");
  bool unbatched = input_.dim() == 3;
  Tensor input = unbatched ? unsqueeze(input_.detach(), 0) : input_.detach();
  int64_t N = input.sizes()[0], C = input.sizes()[1], H = input.sizes()[2], W = input.sizes()[3];
  auto out_size = [&](int64_t in, int64_t kk, int64_t ss, int64_t pp, int64_t dd) {
    int64_t num = in + 2 * pp - dd * (kk - 1) - 1;
    auto floor_div = [](int64_t x, int64_t y) { return x >= 0 ? x / y : -((-x + y - 1) / y); };
    int64_t o = (ceil_mode ? floor_div(num + ss - 1, ss) : floor_div(num, ss)) + 1;
    if (ceil_mode && (o - 1) * ss >= in + pp) --o;
    return o;
  };
  int64_t Hout = out_size(H, k[0], s[0], p[0], d[0]), Wout = out_size(W, k[1], s[1], p[1], d[1]);
  PYT_CHECK(Hout > 0 && Wout > 0, RuntimeError, op, ": Given input size: (", C, "x", H, "x", W,
            "). Calculated output size: (", C, "x", Hout, "x", Wout, "). Output size is too small");
  Tensor x = contiguous(input.detach());
  Tensor out = empty({N, C, Hout, Wout}, input.dtype());
  Tensor idx = empty({N, C, Hout, Wout}, ScalarType::Int64);
  PYT_DISPATCH_FLOATING(input.dtype(), op, [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    int64_t* pi = idx.data_ptr<int64_t>();
    parallel_for(0, N * C, std::max<int64_t>(1, 4096 / std::max<int64_t>(1, Hout * Wout)), [&](int64_t b, int64_t e) {
      for (int64_t pl = b; pl < e; ++pl)
        cpu::max_pool2d_plane(px + pl * H * W, H, W, po + pl * Hout * Wout, pi + pl * Hout * Wout, Hout, Wout, k[0],
                              k[1], s[0], s[1], p[0], p[1], d[0], d[1]);
    });
  });
  if (unbatched) {
    autograd::NoGradGuard ng;
    out = squeeze(out, std::vector<int64_t>{0});
    idx = squeeze(idx, std::vector<int64_t>{0});
  }
  if (any_requires_grad({&input_})) {
    std::vector<int64_t> in_sizes = input_.sizes();
    auto node = make_node("MaxPool2DWithIndicesBackward0", {input_}, [in_sizes](BackwardNode& n, const TensorList& g) {
      return TensorList{max_pool2d_backward(g[0], n.saved(0), in_sizes)};
    });
    node->save(idx);
    set_history(out, node);
  }
  return {out, idx};
}

Tensor max_pool2d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                  const IntArrayRef& padding, const IntArrayRef& dilation, bool ceil_mode) {
  return std::get<0>(max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode));
}

Tensor max_pool2d_backward(const Tensor& grad_out, const Tensor& indices, const IntArrayRef& input_sizes) {
  if (input_sizes.size() == 3) {  // unbatched (C, H, W)
    std::vector<int64_t> batched{1, input_sizes[0], input_sizes[1], input_sizes[2]};
    return squeeze(max_pool2d_backward(unsqueeze(grad_out, 0), unsqueeze(indices, 0), batched),
                   std::vector<int64_t>{0});
  }
  Tensor gin = zeros(input_sizes, grad_out.dtype());
  Tensor go = contiguous(grad_out.detach());
  Tensor ix = contiguous(indices);
  int64_t planes = input_sizes[0] * input_sizes[1];
  int64_t HW = input_sizes[2] * input_sizes[3];
  int64_t L = go.numel() / std::max<int64_t>(1, planes);
  PYT_DISPATCH_FLOATING(grad_out.dtype(), "max_pool2d_backward", [&] {
    const scalar_t* pg = go.data_ptr<scalar_t>();
    const int64_t* pi = ix.data_ptr<int64_t>();
    scalar_t* po = gin.data_ptr<scalar_t>();
    parallel_for(0, planes, std::max<int64_t>(1, 4096 / std::max<int64_t>(1, L)), [&](int64_t b, int64_t e) {
      for (int64_t pl = b; pl < e; ++pl)
        for (int64_t l = 0; l < L; ++l) {
          int64_t j = pi[pl * L + l];
          PYT_INTERNAL_ASSERT(j >= 0 && j < HW);
          po[pl * HW + j] += pg[pl * L + l];
        }
    });
  });
  return gin;
}

}  // namespace pyt
