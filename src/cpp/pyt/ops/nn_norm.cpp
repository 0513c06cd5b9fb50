// Normalisation layers of the nn_norm family (ops/nn_norm.h): argument checks, the fused
// kernels of ops/cpu/nn_norm_kernels.cpp, and autograd. Backward runs the fused kernel;
// under create_graph it is written with public pyt ops (recomputing the statistics from
// the input) so that double backward works. Formulas: torch's
// aten/src/ATen/native/cpu/{layer_norm_kernel,batch_norm_kernel,group_norm_kernel}.cpp.
#include <algorithm>
#include <cmath>
#include <limits>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/nn_norm_kernels.h"
#include "pyt/ops/ops.h"

namespace pyt {

using autograd::BackwardNode;

namespace {

Tensor num(double v) { return wrapped_scalar(Scalar(v)); }

// The input as a contiguous tensor outside the graph.
Tensor plain(const Tensor& t) { return t.defined() ? contiguous(t.detach()) : Tensor(); }

template <typename T>
const T* ptr_or_null(const Tensor& t) {
  return t.defined() ? t.data_ptr<T>() : nullptr;
}
template <typename T>
T* mut_or_null(const Tensor& t) {
  return t.defined() ? t.data_ptr<T>() : nullptr;
}

void check_float_input(const Tensor& x, const char* op) {
  PYT_CHECK(x.dtype() == ScalarType::Float32 || x.dtype() == ScalarType::Float64, NotImplementedError, op,
            ": \"", op, "\" not implemented for '", torch_dispatch_name(x.dtype()), "' (expected a float32 or float64 "
            "input, got ", x.describe(), ")");
}

void check_param(const Tensor& p, const Tensor& x, const std::vector<int64_t>& expect, const char* op,
                 const char* what) {
  if (!p.defined()) return;
  PYT_CHECK(p.dtype() == x.dtype(), RuntimeError, op, ": expected ", what, " of dtype ",
            scalar_type_name(x.dtype()), " (the input's), got ", p.describe());
  PYT_CHECK(p.sizes() == expect, RuntimeError, op, ": expected ", what, " of shape ", shape_to_string(expect),
            ", got ", p.describe(), " (input ", x.describe(), ")");
}

// Note [Mixed-dtype norms]: torch's CPU layer_norm and group_norm take a float16 / bfloat16
// input with parameters of its dtype or of float32 ("mixed type"): they compute in float32 and
// return the input's dtype, with float32 gradients for float32 parameters. Parameters of any
// other dtype are refused with torch's RuntimeError. Returns the dtype to compute through
// float32 for (Undefined for a float32 / float64 input).
ScalarType mixed_reduced_of(const Tensor& x, const Tensor& weight, const Tensor& bias, const char* op) {
  if (!is_half_float(x.dtype())) return ScalarType::Undefined;
  for (const Tensor* p : {&weight, &bias})
    PYT_CHECK(!p->defined() || p->dtype() == x.dtype() || p->dtype() == ScalarType::Float32, RuntimeError, op,
              ": mixed dtype (CPU): expect parameter to have scalar type of Float; got input ", x.describe(),
              " and parameter ", p->describe());
  return x.dtype();
}

}  // namespace

// --------------------------------------------------------------- layer_norm ---
Tensor layer_norm(const Tensor& x, const IntArrayRef& normalized_shape, const Tensor& weight, const Tensor& bias,
                  double eps) {
  const char* op = "layer_norm";
  if (ScalarType rd = mixed_reduced_of(x, weight, bias, op); rd != ScalarType::Undefined)
    return run_in_float32({x, weight, bias}, rd, [&](const TensorList& a) {
      return TensorList{layer_norm(a[0], normalized_shape, a[1], a[2], eps)};
    })[0];
  const int64_t k = static_cast<int64_t>(normalized_shape.size());
  PYT_CHECK(k >= 1, RuntimeError, op, ": Expected normalized_shape to be at least 1-dimensional, i.e., containing at "
            "least one element, but got normalized_shape = ", shape_to_string(normalized_shape));
  if (weight.defined())
    PYT_CHECK(weight.sizes() == normalized_shape, RuntimeError, op, ": Expected weight to be of same shape as "
              "normalized_shape, but got weight of shape ", weight.shape_str(), " and normalized_shape = ",
              shape_to_string(normalized_shape));
  if (bias.defined())
    PYT_CHECK(bias.sizes() == normalized_shape, RuntimeError, op, ": Expected bias to be of same shape as "
              "normalized_shape, but got bias of shape ", bias.shape_str(), " and normalized_shape = ",
              shape_to_string(normalized_shape));
  bool ok = x.dim() >= k;
  for (int64_t i = 0; ok && i < k; ++i) ok = x.sizes()[x.dim() - k + i] == normalized_shape[i];
  PYT_CHECK(ok, RuntimeError, op, ": Given normalized_shape=", shape_to_string(normalized_shape),
            ", expected input with shape [*", [&] {
              std::string s;
              for (auto v : normalized_shape) s += ", " + std::to_string(v);
              return s;
            }(), "], but got input of size", x.shape_str());
  check_float_input(x, op);
  check_param(weight, x, normalized_shape, op, "weight");
  check_param(bias, x, normalized_shape, op, "bias");
  int64_t N = 1;
  for (auto v : normalized_shape) N *= v;
  const int64_t M = N == 0 ? 0 : x.numel() / N;
  int64_t Mrows = 1;
  for (int64_t d = 0; d < x.dim() - k; ++d) Mrows *= x.sizes()[d];
  Tensor xc = plain(x), wc = plain(weight), bc = plain(bias);
  Tensor y = empty(x.sizes(), x.dtype());
  Tensor mean = empty({Mrows}, x.dtype()), rstd = empty({Mrows}, x.dtype());
  if (M > 0) {
    PYT_DISPATCH_FLOATING(x.dtype(), op, [&] {
      cpu::layer_norm_fwd<scalar_t>(xc.data_ptr<scalar_t>(), ptr_or_null<scalar_t>(wc), ptr_or_null<scalar_t>(bc),
                                    y.data_ptr<scalar_t>(), mean.data_ptr<scalar_t>(), rstd.data_ptr<scalar_t>(), M,
                                    N, eps);
    });
  } else if (N == 0) {
    // Rows of nothing: torch gives mean 0 and rstd 1/sqrt(eps).
    autograd::NoGradGuard ng;
    fill_(mean, Scalar(0.0));
    fill_(rstd, Scalar(1.0 / std::sqrt(eps)));
  }
  if (autograd::any_requires_grad({&x, &weight, &bias})) {
    std::vector<int64_t> xs = x.sizes();
    auto node = autograd::make_node(
        "NativeLayerNormBackward0", {x, weight, bias}, [xs, M, N, Mrows, eps](BackwardNode& n, const TensorList& g) {
          Tensor xin = n.saved(0), w = n.saved(1), mean = n.saved(2), rstd = n.saved(3);
          bool nx = n.needs_input_grad(0), nw = n.needs_input_grad(1), nb = n.needs_input_grad(2);
          Tensor gx, gw, gb;
          if (autograd::GradMode::is_enabled()) {
            // Differentiable form: statistics recomputed from x.
            Tensor x2 = reshape(xin, {Mrows, N}), g2 = reshape(g[0], {Mrows, N});
            std::vector<int64_t> one{1};
            Tensor mu = pyt::mean(x2, one, true);
            Tensor xm = sub(x2, mu);
            Tensor rs = rsqrt(add(pyt::mean(mul(xm, xm), one, true), num(eps)));
            Tensor xhat = mul(xm, rs);
            std::vector<int64_t> wshape{1, N};
            Tensor gwx = w.defined() ? mul(g2, reshape(w, wshape)) : g2;
            if (nx)
              gx = reshape(mul(rs, sub(sub(gwx, pyt::mean(gwx, one, true)),
                                       mul(xhat, pyt::mean(mul(gwx, xhat), one, true)))),
                           xs);
            std::vector<int64_t> zero{0};
            if (nw) gw = reshape(sum(mul(g2, xhat), zero), w.sizes());
            if (nb) gb = reshape(sum(g2, zero), w.defined() ? w.sizes() : std::vector<int64_t>{N});
            return TensorList{gx, gw, gb};
          }
          Tensor gc = contiguous(g[0]), xc = contiguous(xin), wc = w.defined() ? contiguous(w) : Tensor();
          if (nx) gx = empty(xs, xc.dtype());
          if (nw) gw = empty(w.sizes(), xc.dtype());
          if (nb) gb = empty(w.defined() ? w.sizes() : std::vector<int64_t>{N}, xc.dtype());
          if (M > 0) {
            PYT_DISPATCH_FLOATING(xc.dtype(), "layer_norm_backward", [&] {
              cpu::layer_norm_bwd<scalar_t>(gc.data_ptr<scalar_t>(), xc.data_ptr<scalar_t>(),
                                            mean.data_ptr<scalar_t>(), rstd.data_ptr<scalar_t>(),
                                            ptr_or_null<scalar_t>(wc), mut_or_null<scalar_t>(gx),
                                            mut_or_null<scalar_t>(gw), mut_or_null<scalar_t>(gb), M, N);
            });
          } else {
            autograd::NoGradGuard ng;
            if (gw.defined()) zero_(gw);
            if (gb.defined()) zero_(gb);
          }
          return TensorList{gx, gw, gb};
        });
    node->save(x);
    node->save(weight);
    node->save(mean);
    node->save(rstd);
    autograd::set_history(y, node);
  }
  return y;
}

// ----------------------------------------------------------------- rms_norm ---
Tensor rms_norm(const Tensor& x, const IntArrayRef& normalized_shape, const Tensor& weight, double eps) {
  const char* op = "rms_norm";
  // torch's CPU rms_norm is a composite: it normalises in float32 for a float16 / bfloat16 input,
  // multiplies by a weight of any floating dtype in the promoted dtype, and casts the result back
  // to the input's dtype (ToCopyBackward0 when that is a cast).
  if (is_floating_type(x.dtype()) &&
      (is_half_float(x.dtype()) || (weight.defined() && is_floating_type(weight.dtype()) && weight.dtype() != x.dtype()))) {
    Tensor xw = is_half_float(x.dtype()) ? to_dtype(x, ScalarType::Float32) : x;
    ScalarType ct = weight.defined() ? promote_types(xw.dtype(), weight.dtype()) : xw.dtype();
    if (is_half_float(ct)) ct = ScalarType::Float32;
    Tensor y = rms_norm(to_dtype(xw, ct), normalized_shape, weight.defined() ? to_dtype(weight, ct) : weight, eps);
    return y.dtype() == x.dtype() ? y : to_dtype(y, x.dtype());
  }
  const int64_t k = static_cast<int64_t>(normalized_shape.size());
  PYT_CHECK(k >= 1, RuntimeError, op, ": Expected normalized_shape to be at least 1-dimensional, i.e., containing at "
            "least one element, but got normalized_shape = ", shape_to_string(normalized_shape));
  if (weight.defined())
    PYT_CHECK(weight.sizes() == normalized_shape, RuntimeError, op, ": Expected weight to be of same shape as "
              "normalized_shape, but got weight of shape ", weight.shape_str(), " and normalized_shape = ",
              shape_to_string(normalized_shape));
  bool ok = x.dim() >= k;
  for (int64_t i = 0; ok && i < k; ++i) ok = x.sizes()[x.dim() - k + i] == normalized_shape[i];
  PYT_CHECK(ok, RuntimeError, op, ": Given normalized_shape=", shape_to_string(normalized_shape),
            ", expected input with shape [*", [&] {
              std::string s;
              for (auto v : normalized_shape) s += ", " + std::to_string(v);
              return s;
            }(), "], but got input of size", x.shape_str());
  check_float_input(x, op);
  check_param(weight, x, normalized_shape, op, "weight");
  int64_t N = 1;
  for (auto v : normalized_shape) N *= v;
  int64_t Mrows = 1;
  for (int64_t d = 0; d < x.dim() - k; ++d) Mrows *= x.sizes()[d];
  const int64_t M = N == 0 ? 0 : Mrows;
  Tensor xc = plain(x), wc = plain(weight);
  Tensor y = empty(x.sizes(), x.dtype());
  Tensor rrms = empty({Mrows}, x.dtype());
  if (M > 0) {
    PYT_DISPATCH_FLOATING(x.dtype(), op, [&] {
      cpu::rms_norm_fwd<scalar_t>(xc.data_ptr<scalar_t>(), ptr_or_null<scalar_t>(wc), y.data_ptr<scalar_t>(),
                                  rrms.data_ptr<scalar_t>(), M, N, eps);
    });
  }
  if (autograd::any_requires_grad({&x, &weight})) {
    std::vector<int64_t> xs = x.sizes();
    // torch composes rms_norm from elementwise ops ending in a mul: its grad_fn is MulBackward0.
    auto node = autograd::make_node("MulBackward0", {x, weight}, [xs, M, N, Mrows, eps](BackwardNode& n,
                                                                                        const TensorList& g) {
      Tensor xin = n.saved(0), w = n.saved(1), rr = n.saved(2);
      bool nx = n.needs_input_grad(0), nw = n.needs_input_grad(1);
      Tensor gx, gw;
      if (autograd::GradMode::is_enabled()) {
        Tensor x2 = reshape(xin, {Mrows, N}), g2 = reshape(g[0], {Mrows, N});
        std::vector<int64_t> one{1};
        Tensor r = rsqrt(add(pyt::mean(mul(x2, x2), one, true), num(eps)));
        Tensor gwx = w.defined() ? mul(g2, reshape(w, {1, N})) : g2;
        if (nx) gx = reshape(mul(r, sub(gwx, mul(mul(x2, mul(r, r)), pyt::mean(mul(gwx, x2), one, true)))), xs);
        if (nw) gw = reshape(sum(mul(g2, mul(x2, r)), std::vector<int64_t>{0}), w.sizes());
        return TensorList{gx, gw};
      }
      Tensor gc = contiguous(g[0]), xc = contiguous(xin), wc = w.defined() ? contiguous(w) : Tensor();
      if (nx) gx = empty(xs, xc.dtype());
      if (nw) gw = empty(w.sizes(), xc.dtype());
      if (M > 0) {
        PYT_DISPATCH_FLOATING(xc.dtype(), "rms_norm_backward", [&] {
          cpu::rms_norm_bwd<scalar_t>(gc.data_ptr<scalar_t>(), xc.data_ptr<scalar_t>(), rr.data_ptr<scalar_t>(),
                                      ptr_or_null<scalar_t>(wc), mut_or_null<scalar_t>(gx), mut_or_null<scalar_t>(gw),
                                      M, N);
        });
      } else if (gw.defined()) {
        autograd::NoGradGuard ng;
        zero_(gw);
      }
      return TensorList{gx, gw};
    });
    node->save(x);
    node->save(weight);
    node->save(rrms);
    autograd::set_history(y, node);
  }
  return y;
}

// --------------------------------------------------------------- batch_norm ---
namespace {

// Shape (1, C, 1, ...) of a per-channel tensor broadcast against x.
std::vector<int64_t> channel_view(const Tensor& x) {
  std::vector<int64_t> s(x.dim(), 1);
  s[1] = x.sizes()[1];
  return s;
}

std::vector<int64_t> non_channel_dims(const Tensor& x) {
  std::vector<int64_t> d{0};
  for (int64_t i = 2; i < x.dim(); ++i) d.push_back(i);
  return d;
}

void check_channel_vec(const Tensor& t, int64_t C, const char* what) {
  if (!t.defined()) return;
  PYT_CHECK(t.numel() == C, RuntimeError, "batch_norm: ", what, " should contain ", C, " elements not ", t.numel(),
            " (the input has ", C, " channels along dim 1; ", what, " is ", t.describe(), ")");
}

}  // namespace

Tensor batch_norm(const Tensor& x, const Tensor& running_mean, const Tensor& running_var, const Tensor& weight,
                  const Tensor& bias, bool training, double momentum, double eps) {
  const char* op = "batch_norm";
  if (is_half_float(x.dtype())) {
    // float16 / bfloat16 input: computed in float32 (parameters and running statistics of the
    // input's dtype are widened too, float32 ones are used as they are); updated running
    // statistics are written back into the caller's tensors
    return run_in_float32({x, running_mean, running_var, weight, bias}, x.dtype(), [&](const TensorList& a) {
      Tensor out = batch_norm(a[0], a[1], a[2], a[3], a[4], training, momentum, eps);
      if (training) {
        autograd::NoGradGuard ng;
        for (int i : {1, 2}) {
          const Tensor& orig = i == 1 ? running_mean : running_var;
          if (orig.defined() && !a[i].is_same(orig)) {
            Tensor dst = orig;
            copy_(dst, a[i]);
          }
        }
      }
      return TensorList{out};
    })[0];
  }
  PYT_CHECK(x.dim() >= 2, RuntimeError, op, ": expected an input of at least 2 dims (N, C, *), got ", x.describe());
  check_float_input(x, op);
  const int64_t N = x.sizes()[0], C = x.sizes()[1];
  int64_t S_shape = 1;
  for (int64_t d = 2; d < x.dim(); ++d) S_shape *= x.sizes()[d];
  check_channel_vec(running_mean, C, "running_mean");
  check_channel_vec(running_var, C, "running_var");
  check_channel_vec(weight, C, "weight");
  check_channel_vec(bias, C, "bias");
  for (const Tensor* p : {&weight, &bias})
    if (p->defined())
      PYT_CHECK(p->dtype() == x.dtype(), RuntimeError, op, ": expected weight and bias of dtype ",
                scalar_type_name(x.dtype()), " (the input's), got ", p->describe());
  const bool use_batch = training || !running_mean.defined() || !running_var.defined();
  PYT_CHECK(use_batch || (running_mean.defined() && running_var.defined()), RuntimeError, op,
            ": running_mean and running_var must be defined in evaluation mode");
  const int64_t cnt = N * S_shape;
  std::vector<double> mean(C, 0.0), invstd(C, 0.0);
  Tensor xc = plain(x), wc = plain(weight), bc = plain(bias);
  if (use_batch) {
    std::vector<double> var(C, 0.0);
    if (cnt > 0) {
      PYT_DISPATCH_FLOATING(x.dtype(), op, [&] {
        cpu::channel_moments<scalar_t>(xc.data_ptr<scalar_t>(), N, C, S_shape, mean.data(), var.data());
      });
    } else {
      std::fill(mean.begin(), mean.end(), std::numeric_limits<double>::quiet_NaN());
      std::fill(var.begin(), var.end(), std::numeric_limits<double>::quiet_NaN());
    }
    for (int64_t c = 0; c < C; ++c) invstd[c] = 1.0 / std::sqrt(var[c] + eps);
    if (training && running_mean.defined() && running_var.defined() && cnt > 0) {
      // Running statistics, updated in place outside the graph (unbiased variance).
      autograd::NoGradGuard ng;
      const double unbias = cnt > 1 ? static_cast<double>(cnt) / (cnt - 1) : std::numeric_limits<double>::infinity();
      Tensor rm = contiguous(running_mean.detach()), rv = contiguous(running_var.detach());
      PYT_DISPATCH_FLOATING(rm.dtype(), op, [&] {
        scalar_t* pm = rm.data_ptr<scalar_t>();
        scalar_t* pv = rv.data_ptr<scalar_t>();
        for (int64_t c = 0; c < C; ++c) {
          pm[c] = static_cast<scalar_t>((1.0 - momentum) * pm[c] + momentum * mean[c]);
          pv[c] = static_cast<scalar_t>((1.0 - momentum) * pv[c] + momentum * var[c] * unbias);
        }
      });
      Tensor rmo = running_mean, rvo = running_var;
      if (!rm.is_same(running_mean)) detail::copy_data(rmo, rm);
      if (!rv.is_same(running_var)) detail::copy_data(rvo, rv);
      running_mean.bump_version("batch_norm");
      running_var.bump_version("batch_norm");
    }
  } else {
    Tensor rm = to_dtype(contiguous(running_mean.detach()), ScalarType::Float64);
    Tensor rv = to_dtype(contiguous(running_var.detach()), ScalarType::Float64);
    for (int64_t c = 0; c < C; ++c) {
      mean[c] = rm.data_ptr<double>()[c];
      invstd[c] = 1.0 / std::sqrt(rv.data_ptr<double>()[c] + eps);
    }
  }
  Tensor y = empty(x.sizes(), x.dtype());
  if (x.numel() > 0) {
    PYT_DISPATCH_FLOATING(x.dtype(), op, [&] {
      cpu::channel_affine<scalar_t>(xc.data_ptr<scalar_t>(), mean.data(), invstd.data(), ptr_or_null<scalar_t>(wc),
                                    ptr_or_null<scalar_t>(bc), y.data_ptr<scalar_t>(), N, C, S_shape);
    });
  }
  if (autograd::any_requires_grad({&x, &weight, &bias})) {
    auto node = autograd::make_node(
        "NativeBatchNormBackward0", {x, weight, bias},
        [mean, invstd, use_batch, eps, N, C, S_shape](BackwardNode& n, const TensorList& g) {
          Tensor xin = n.saved(0), w = n.saved(1);
          bool nx = n.needs_input_grad(0), nw = n.needs_input_grad(1), nb = n.needs_input_grad(2);
          Tensor gx, gw, gb;
          if (autograd::GradMode::is_enabled()) {
            std::vector<int64_t> dims = non_channel_dims(xin), cv = channel_view(xin);
            Tensor wv = w.defined() ? reshape(w, cv) : Tensor();
            Tensor xhat, rs;
            if (use_batch) {
              Tensor mu = pyt::mean(xin, dims, true);
              Tensor xm = sub(xin, mu);
              rs = rsqrt(add(pyt::mean(mul(xm, xm), dims, true), num(eps)));
              xhat = mul(xm, rs);
            } else {
              Tensor mt = empty({C}, ScalarType::Float64), it = empty({C}, ScalarType::Float64);
              std::copy(mean.begin(), mean.end(), mt.data_ptr<double>());
              std::copy(invstd.begin(), invstd.end(), it.data_ptr<double>());
              rs = reshape(to_dtype(it, xin.dtype()), cv);
              xhat = mul(sub(xin, reshape(to_dtype(mt, xin.dtype()), cv)), rs);
            }
            if (nx) {
              Tensor gxh = wv.defined() ? mul(g[0], wv) : g[0];
              gx = use_batch ? mul(rs, sub(sub(gxh, pyt::mean(gxh, dims, true)),
                                           mul(xhat, pyt::mean(mul(gxh, xhat), dims, true))))
                             : mul(gxh, rs);
            }
            if (nw) gw = sum(mul(g[0], xhat), dims);
            if (nb) gb = sum(g[0], dims);
            return TensorList{gx, gw, gb};
          }
          Tensor gc = contiguous(g[0]), xc = contiguous(xin), wc = w.defined() ? contiguous(w) : Tensor();
          if (nx) gx = empty(xin.sizes(), xc.dtype());
          if (nw) gw = empty({C}, xc.dtype());
          if (nb) gb = empty({C}, xc.dtype());
          PYT_DISPATCH_FLOATING(xc.dtype(), "batch_norm_backward", [&] {
            cpu::batch_norm_bwd<scalar_t>(gc.data_ptr<scalar_t>(), xc.data_ptr<scalar_t>(), mean.data(), invstd.data(),
                                          ptr_or_null<scalar_t>(wc), mut_or_null<scalar_t>(gx),
                                          mut_or_null<scalar_t>(gw), mut_or_null<scalar_t>(gb), N, C, S_shape,
                                          use_batch);
          });
          return TensorList{gx, gw, gb};
        });
    node->save(x);
    node->save(weight);
    autograd::set_history(y, node);
  }
  return y;
}

// --------------------------------------------------------------- group_norm ---
Tensor group_norm(const Tensor& x, int64_t G, const Tensor& weight, const Tensor& bias, double eps) {
  const char* op = "group_norm";
  if (ScalarType rd = mixed_reduced_of(x, weight, bias, op); rd != ScalarType::Undefined)
    return run_in_float32({x, weight, bias}, rd, [&](const TensorList& a) {
      return TensorList{group_norm(a[0], G, a[1], a[2], eps)};
    })[0];
  PYT_CHECK(x.dim() >= 2, RuntimeError, op, ": Expected at least 2 dimensions for input tensor but received ",
            x.dim());
  const int64_t N = x.sizes()[0], C = x.sizes()[1];
  PYT_CHECK(G > 0 && C % G == 0, RuntimeError, op, ": Expected number of channels in input to be divisible by "
            "num_groups, but got input of shape ", x.shape_str(), " and num_groups=", G);
  for (auto [p, what] : {std::pair<const Tensor*, const char*>{&weight, "weight"}, {&bias, "bias"}})
    if (p->defined())
      PYT_CHECK(p->dim() == 1 && p->numel() == C, RuntimeError, op, ": Expected ", what, " to be a vector of size "
                "equal to the number of channels in input, but got ", what, " of shape ", p->shape_str(),
                " and input of shape ", x.shape_str());
  check_float_input(x, op);
  check_param(weight, x, {C}, op, "weight");
  check_param(bias, x, {C}, op, "bias");
  int64_t S = 1;
  for (int64_t d = 2; d < x.dim(); ++d) S *= x.sizes()[d];
  Tensor xc = plain(x), wc = plain(weight), bc = plain(bias);
  Tensor y = empty(x.sizes(), x.dtype());
  Tensor mean = empty({N * G}, x.dtype()), rstd = empty({N * G}, x.dtype());
  if (N * C * S > 0 || N * G > 0) {
    PYT_DISPATCH_FLOATING(x.dtype(), op, [&] {
      cpu::group_norm_fwd<scalar_t>(xc.data_ptr<scalar_t>(), ptr_or_null<scalar_t>(wc), ptr_or_null<scalar_t>(bc),
                                    y.data_ptr<scalar_t>(), mean.data_ptr<scalar_t>(), rstd.data_ptr<scalar_t>(), N, C,
                                    S, G, eps);
    });
  }
  if (autograd::any_requires_grad({&x, &weight, &bias})) {
    auto node = autograd::make_node(
        "NativeGroupNormBackward0", {x, weight, bias}, [N, C, S, G, eps](BackwardNode& n, const TensorList& g) {
          Tensor xin = n.saved(0), w = n.saved(1), mean = n.saved(2), rstd = n.saved(3);
          bool nx = n.needs_input_grad(0), nw = n.needs_input_grad(1), nb = n.needs_input_grad(2);
          Tensor gx, gw, gb;
          if (autograd::GradMode::is_enabled()) {
            const int64_t K = (C / G) * S;
            std::vector<int64_t> two{2};
            Tensor x3 = reshape(xin, {N, G, K});
            Tensor mu = pyt::mean(x3, two, true);
            Tensor xm = sub(x3, mu);
            Tensor rs = rsqrt(add(pyt::mean(mul(xm, xm), two, true), num(eps)));
            Tensor xhat3 = mul(xm, rs);
            Tensor xhat = reshape(xhat3, {N, C, S});
            Tensor g3 = reshape(g[0], {N, C, S});
            if (nx) {
              Tensor gxh = w.defined() ? mul(g3, reshape(w, {1, C, 1})) : g3;
              Tensor gg = reshape(gxh, {N, G, K});
              gx = reshape(mul(rs, sub(sub(gg, pyt::mean(gg, two, true)),
                                       mul(xhat3, pyt::mean(mul(gg, xhat3), two, true)))),
                           xin.sizes());
            }
            std::vector<int64_t> d02{0, 2};
            if (nw) gw = sum(mul(g3, xhat), d02);
            if (nb) gb = sum(g3, d02);
            return TensorList{gx, gw, gb};
          }
          Tensor gc = contiguous(g[0]), xc = contiguous(xin), wc = w.defined() ? contiguous(w) : Tensor();
          if (nx) gx = empty(xin.sizes(), xc.dtype());
          if (nw) gw = empty({C}, xc.dtype());
          if (nb) gb = empty({C}, xc.dtype());
          PYT_DISPATCH_FLOATING(xc.dtype(), "group_norm_backward", [&] {
            cpu::group_norm_bwd<scalar_t>(gc.data_ptr<scalar_t>(), xc.data_ptr<scalar_t>(), mean.data_ptr<scalar_t>(),
                                          rstd.data_ptr<scalar_t>(), ptr_or_null<scalar_t>(wc),
                                          mut_or_null<scalar_t>(gx), mut_or_null<scalar_t>(gw),
                                          mut_or_null<scalar_t>(gb), N, C, S, G);
          });
          return TensorList{gx, gw, gb};
        });
    node->save(x);
    node->save(weight);
    node->save(mean);
    node->save(rstd);
    autograd::set_history(y, node);
  }
  return y;
}

}  // namespace pyt
