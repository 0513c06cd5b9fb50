// Normalisation layers of the nn_norm family (ops/nn_norm.h): argument checks, the fused
// kernels of ops/cpu/nn_norm_kernels.cpp, and autograd. Backward runs the fused kernel;
// under create_graph it is written with public pyt ops (recomputing the statistics from
// the input) so that double backward works. Formulas: torch's
// aten/src/ATen/native/cpu/{layer_norm_kernel,batch_norm_kernel,group_norm_kernel}.cpp.
#include <cmath>

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
            ": \"", op, "\" not implemented for '", scalar_type_name(x.dtype()), "' (expected a float32 or float64 "
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

std::vector<int64_t> keep_sizes(int64_t M) { return {M, 1}; }

}  // namespace

// --------------------------------------------------------------- layer_norm ---
Tensor layer_norm(const Tensor& x, const IntArrayRef& normalized_shape, const Tensor& weight, const Tensor& bias,
                  double eps) {
  const char* op = "layer_norm";
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

}  // namespace pyt
