// Activations of the nn_norm family (ops/nn_norm.h): one elementwise kernel per op through
// the shared TensorIterator (ops/cpu/nn_norm_kernels.cpp), a fused elementwise backward, and
// the same derivative written with public pyt ops for create_graph (double backward).
// Formulas follow torch's aten/src/ATen/native/Activation.cpp and derivatives.yaml.
#include <cmath>
#include <cstdint>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/nn_norm_kernels.h"
#include "pyt/ops/elementwise_util.h"
#include "pyt/ops/ops.h"

namespace pyt {

using autograd::BackwardNode;
using cpu::ActKind;
using cpu::ActParams;

namespace {

using internal::inplace_op;
using internal::is_reduced_float;
using internal::round_to;

constexpr double kSqrt1_2 = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;
constexpr double kGeluBeta = 0.79788456080286535588;
constexpr double kGeluKappa = 0.044715;
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;

Tensor num(double v) { return wrapped_scalar(Scalar(v)); }

void check_floating(const Tensor& x, const char* op) {
  PYT_CHECK(is_floating_type(x.dtype()), NotImplementedError, "\"", op, "\" not implemented for '",
            scalar_type_name(x.dtype()), "'");
}

// out = f(x) (out undefined: allocated); reduced floats compute in float32 and round once.
Tensor act_compute(ActKind kind, const ActParams& p, const Tensor& out, const Tensor& x, const char* op) {
  autograd::NoGradGuard ng;
  bool reduced = is_reduced_float(x.dtype());
  IterConfig cfg;
  cfg.op = op;
  cfg.outputs = {reduced ? Tensor() : out};
  cfg.inputs = {x};
  cfg.compute_dtype = reduced ? ScalarType::Float32 : x.dtype();
  cfg.output_dtype = cfg.compute_dtype;
  TensorIterator it(std::move(cfg));
  cpu::act_forward_kernel(it, kind, p);
  it.finish();
  return reduced ? round_to(it.output(0), x.dtype(), out, op) : it.output(0);
}

// g * f'(x) with the fused kernel.
Tensor act_grad_fused(ActKind kind, const ActParams& p, const Tensor& g, const Tensor& x) {
  ScalarType dt = x.dtype();
  bool reduced = is_reduced_float(dt);
  IterConfig cfg;
  cfg.op = "activation_backward";
  cfg.outputs = {Tensor()};
  cfg.inputs = {g, x};
  cfg.compute_dtype = reduced ? ScalarType::Float32 : dt;
  cfg.output_dtype = cfg.compute_dtype;
  TensorIterator it(std::move(cfg));
  cpu::act_backward_kernel(it, kind, p);
  return reduced ? to_dtype(it.output(0), dt) : it.output(0);
}

// g * f'(x) written with public ops (differentiable again).
Tensor act_grad_composite(ActKind kind, const ActParams& p, const Tensor& g, const Tensor& x) {
  Tensor zero = num(0.0);
  switch (kind) {
    case ActKind::Gelu: {
      Tensor cdf = mul(add(erf(mul(x, num(kSqrt1_2))), num(1.0)), num(0.5));
      Tensor pdf = mul(exp(mul(mul(x, x), num(-0.5))), num(kInvSqrt2Pi));
      return mul(g, add(cdf, mul(x, pdf)));
    }
    case ActKind::GeluTanh: {
      Tensor x_sq = mul(x, x);
      Tensor t = tanh(mul(add(x, mul(mul(x_sq, x), num(kGeluKappa))), num(kGeluBeta)));
      Tensor left = mul(add(t, num(1.0)), num(0.5));
      Tensor right = mul(mul(mul(x, num(0.5 * kGeluBeta)), sub(num(1.0), mul(t, t))),
                         add(mul(x_sq, num(3 * kGeluKappa)), num(1.0)));
      return mul(g, add(left, right));
    }
    case ActKind::Silu: {
      Tensor s = sigmoid(x);
      return mul(g, mul(s, add(mul(x, sub(num(1.0), s)), num(1.0))));
    }
    case ActKind::Mish: {
      Tensor tsp = tanh(log1p(exp(x)));
      return mul(g, add(tsp, mul(mul(x, sigmoid(x)), sub(num(1.0), mul(tsp, tsp)))));
    }
    case ActKind::Elu:
      return where(le(x, zero), mul(g, mul(exp(mul(x, num(p.c))), num(p.c * p.a * p.b))), mul(g, num(p.b)));
    case ActKind::LeakyRelu: return where(gt(x, zero), g, mul(g, num(p.a)));
    case ActKind::Hardtanh:
      return where(logical_or(le(x, num(p.a)), ge(x, num(p.b))), zeros_like(g), g);
    case ActKind::Hardsigmoid:
      return where(logical_and(gt(x, num(-3.0)), lt(x, num(3.0))), mul(g, num(static_cast<float>(1.0 / 6.0))), zeros_like(g));
    case ActKind::Hardswish:
      return where(lt(x, num(-3.0)), zeros_like(g),
                   where(le(x, num(3.0)), mul(g, add(mul(x, num(1.0 / 3.0)), num(0.5))), g));
    case ActKind::Softplus:
      return where(gt(mul(x, num(p.a)), num(p.b)), g, mul(g, sigmoid(mul(x, num(p.a)))));
    case ActKind::Threshold: return where(le(x, num(p.a)), zeros_like(g), g);
    case ActKind::LogSigmoid: return mul(g, sigmoid(neg(x)));
    case ActKind::Hardshrink:
    case ActKind::Softshrink:
      return where(logical_and(ge(x, num(-p.a)), le(x, num(p.a))), zeros_like(g), g);
  }
  return g;
}

Tensor activation(ActKind kind, const ActParams& p, const Tensor& x, const char* op, const char* node_name) {
  check_floating(x, op);
  Tensor out = act_compute(kind, p, Tensor(), x, op);
  if (autograd::any_requires_grad({&x})) {
    auto node = autograd::make_node(node_name, {x}, [kind, p](BackwardNode& n, const TensorList& g) {
      Tensor xs = n.saved(0);
      if (autograd::GradMode::is_enabled()) return TensorList{act_grad_composite(kind, p, g[0], xs)};
      return TensorList{act_grad_fused(kind, p, g[0], xs)};
    });
    node->save(x);
    autograd::set_history(out, node);
  }
  return out;
}

Tensor& activation_(ActKind kind, const ActParams& p, Tensor& x, const char* op, const char* node_name) {
  check_floating(x, op);
  return inplace_op(
      x, {}, op, [&](const Tensor& s) { return activation(kind, p, s, op, node_name); },
      [&] {
        if (is_reduced_float(x.dtype())) {
          Tensor r = act_compute(kind, p, Tensor(), x, op);
          autograd::NoGradGuard ng;
          detail::copy_data(x, r);
        } else {
          act_compute(kind, p, x, x, op);
        }
      });
}

// hardtanh / relu6 on integer tensors: torch clamps in the input's type with the limits
// truncated to integers; bool is refused, and so are negative limits for uint8.
Tensor int_hardtanh(const Tensor& x, double lo, double hi, const char* op) {
  PYT_CHECK(x.dtype() != ScalarType::Bool, RuntimeError, op, ": Bool inputs not supported for hardtanh (input ",
            x.describe(), ")");
  PYT_CHECK(x.dtype() != ScalarType::UInt8 || (lo >= 0 && hi >= 0), RuntimeError, op,
            ": cannot do hardtanh on an unsigned type with negative limits (min_val=", lo, ", max_val=", hi, ")");
  return clamp(x, Scalar(static_cast<int64_t>(lo)), Scalar(static_cast<int64_t>(hi)));
}

// threshold on integer tensors: x <= threshold ? value : x with both numbers cast to the
// input's type as torch's threshold_cpu kernel does.
Tensor int_threshold(const Tensor& x, double th, double value) {
  PYT_CHECK(x.dtype() != ScalarType::Bool, NotImplementedError,
            "threshold: \"threshold_cpu\" not implemented for 'Bool' (input ", x.describe(), ")");
  const int64_t v = static_cast<int64_t>(value);
  int64_t lo = 0, hi = 0;
  switch (x.dtype()) {
    case ScalarType::UInt8: lo = 0, hi = 255; break;
    case ScalarType::Int8: lo = -128, hi = 127; break;
    case ScalarType::Int16: lo = -32768, hi = 32767; break;
    case ScalarType::Int32: lo = INT32_MIN, hi = INT32_MAX; break;
    default: lo = INT64_MIN, hi = INT64_MAX; break;
  }
  PYT_CHECK(value >= static_cast<double>(lo) && value <= static_cast<double>(hi), RuntimeError,
            "threshold: value cannot be converted to type ", scalar_type_name(x.dtype()), " without overflow (value=",
            value, ")");
  return where(le(x, wrapped_scalar(Scalar(static_cast<int64_t>(th)))), full_like(x, Scalar(v)), x);
}

ActParams params(double a = 0, double b = 0, double c = 0) {
  ActParams p;
  p.a = a;
  p.b = b;
  p.c = c;
  return p;
}

}  // namespace

Tensor gelu(const Tensor& x, const std::string& approximate) {
  PYT_CHECK(approximate == "none" || approximate == "tanh", RuntimeError, "gelu: approximate argument must be either ",
            "none or tanh., got '", approximate, "'");
  return activation(approximate == "tanh" ? ActKind::GeluTanh : ActKind::Gelu, params(), x, "gelu", "GeluBackward0");
}

Tensor silu(const Tensor& x) { return activation(ActKind::Silu, params(), x, "silu", "SiluBackward0"); }
Tensor& silu_(Tensor& x) { return activation_(ActKind::Silu, params(), x, "silu_", "SiluBackward0"); }
Tensor mish(const Tensor& x) { return activation(ActKind::Mish, params(), x, "mish", "MishBackward0"); }
Tensor& mish_(Tensor& x) { return activation_(ActKind::Mish, params(), x, "mish_", "MishBackward0"); }

Tensor elu(const Tensor& x, double alpha, double scale, double input_scale) {
  return activation(ActKind::Elu, params(alpha, scale, input_scale), x, "elu", "EluBackward0");
}
Tensor& elu_(Tensor& x, double alpha, double scale, double input_scale) {
  return activation_(ActKind::Elu, params(alpha, scale, input_scale), x, "elu_", "EluBackward0");
}
Tensor selu(const Tensor& x) {
  return activation(ActKind::Elu, params(kSeluAlpha, kSeluScale, 1.0), x, "selu", "EluBackward0");
}
Tensor& selu_(Tensor& x) {
  return activation_(ActKind::Elu, params(kSeluAlpha, kSeluScale, 1.0), x, "selu_", "EluBackward0");
}
Tensor celu(const Tensor& x, double alpha) {
  PYT_CHECK(alpha != 0, RuntimeError, "celu: ZeroDivisionError (alpha must not be 0)");
  return activation(ActKind::Elu, params(alpha, 1.0, 1.0 / alpha), x, "celu", "CeluBackward0");
}
Tensor& celu_(Tensor& x, double alpha) {
  PYT_CHECK(alpha != 0, RuntimeError, "celu_: ZeroDivisionError (alpha must not be 0)");
  return activation_(ActKind::Elu, params(alpha, 1.0, 1.0 / alpha), x, "celu_", "CeluBackward0");
}
Tensor leaky_relu(const Tensor& x, double s) {
  return activation(ActKind::LeakyRelu, params(s), x, "leaky_relu", "LeakyReluBackward0");
}
Tensor& leaky_relu_(Tensor& x, double s) {
  return activation_(ActKind::LeakyRelu, params(s), x, "leaky_relu_", "LeakyReluBackward0");
}
Tensor hardtanh(const Tensor& x, double lo, double hi) {
  PYT_CHECK(lo <= hi, ValueError, "hardtanh: min_val cannot be greater than max_val, got min_val=", lo,
            " max_val=", hi);
  if (!is_floating_type(x.dtype())) return int_hardtanh(x, lo, hi, "hardtanh");
  return activation(ActKind::Hardtanh, params(lo, hi), x, "hardtanh", "HardtanhBackward0");
}
Tensor& hardtanh_(Tensor& x, double lo, double hi) {
  PYT_CHECK(lo <= hi, ValueError, "hardtanh_: min_val cannot be greater than max_val, got min_val=", lo,
            " max_val=", hi);
  return activation_(ActKind::Hardtanh, params(lo, hi), x, "hardtanh_", "HardtanhBackward0");
}
Tensor relu6(const Tensor& x) {
  if (!is_floating_type(x.dtype())) return int_hardtanh(x, 0, 6, "relu6");
  return activation(ActKind::Hardtanh, params(0, 6), x, "relu6", "HardtanhBackward0"); }
Tensor& relu6_(Tensor& x) {
  return activation_(ActKind::Hardtanh, params(0, 6), x, "relu6_", "HardtanhBackward0");
}
Tensor hardsigmoid(const Tensor& x) {
  return activation(ActKind::Hardsigmoid, params(), x, "hardsigmoid", "HardsigmoidBackward0");
}
Tensor& hardsigmoid_(Tensor& x) {
  return activation_(ActKind::Hardsigmoid, params(), x, "hardsigmoid_", "HardsigmoidBackward0");
}
Tensor hardswish(const Tensor& x) {
  return activation(ActKind::Hardswish, params(), x, "hardswish", "HardswishBackward0");
}
Tensor& hardswish_(Tensor& x) {
  return activation_(ActKind::Hardswish, params(), x, "hardswish_", "HardswishBackward0");
}
Tensor softplus(const Tensor& x, double beta, double threshold) {
  return activation(ActKind::Softplus, params(beta, threshold), x, "softplus", "SoftplusBackward0");
}
Tensor threshold(const Tensor& x, double th, double value) {
  if (!is_floating_type(x.dtype())) return int_threshold(x, th, value);
  return activation(ActKind::Threshold, params(th, value), x, "threshold", "ThresholdBackward0");
}
Tensor& threshold_(Tensor& x, double th, double value) {
  return activation_(ActKind::Threshold, params(th, value), x, "threshold_", "ThresholdBackward0");
}
Tensor log_sigmoid(const Tensor& x) {
  return activation(ActKind::LogSigmoid, params(), x, "log_sigmoid", "LogSigmoidBackward0");
}
Tensor hardshrink(const Tensor& x, double lambd) {
  return activation(ActKind::Hardshrink, params(lambd), x, "hardshrink", "HardshrinkBackward0");
}
Tensor softshrink(const Tensor& x, double lambd) {
  PYT_CHECK(lambd >= 0, RuntimeError, "softshrink: lambda must be greater or equal to 0, but found to be ", lambd,
            ".");
  return activation(ActKind::Softshrink, params(lambd), x, "softshrink", "SoftshrinkBackward0");
}

// ------------------------------------------------------------------- prelu ---
Tensor prelu(const Tensor& x, const Tensor& weight) {
  check_floating(x, "prelu");
  int64_t nw = weight.numel();
  PYT_CHECK(weight.dim() <= 1, RuntimeError, "prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = ",
            weight.dim());
  int64_t channels = x.dim() >= 2 ? x.sizes()[1] : 1;
  if (nw != 1) {
    PYT_CHECK(x.dim() > 0, RuntimeError, "prelu: Not allow zero-dim input tensor.");
    PYT_CHECK(nw == channels, RuntimeError, "prelu: Mismatch of parameter numbers and input channel size. Found "
              "parameter numbers = ", nw, " and channel size = ", channels, ".");
  }
  PYT_CHECK(weight.dtype() == x.dtype(), RuntimeError, "prelu: expected weight of dtype ",
            scalar_type_name(x.dtype()), ", got ", weight.describe());
  // w broadcast along dim 1 of x.
  auto wview = [](const Tensor& x, const Tensor& w) {
    if (w.numel() == 1) return reshape(w, {});
    std::vector<int64_t> shape(x.dim(), 1);
    shape[1] = w.numel();
    return reshape(w, shape);
  };
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = where(gt(x, num(0.0)), x, mul(wview(x, weight), x));
  }
  if (autograd::any_requires_grad({&x, &weight})) {
    std::vector<int64_t> wsizes = weight.sizes();
    auto node = autograd::make_node("PreluKernelBackward0", {x, weight},
                                    [wview, wsizes](BackwardNode& n, const TensorList& g) {
                                      Tensor xs = n.saved(0), ws = n.saved(1);
                                      Tensor pos = gt(xs, num(0.0));
                                      Tensor gx, gw;
                                      if (n.needs_input_grad(0)) gx = where(pos, g[0], mul(wview(xs, ws), g[0]));
                                      if (n.needs_input_grad(1)) {
                                        Tensor c = where(pos, zeros_like(g[0]), mul(xs, g[0]));
                                        gw = reshape(sum_to_size(c, wview(xs, ws).sizes()), wsizes);
                                      }
                                      return TensorList{gx, gw};
                                    });
    node->save(x);
    node->save(weight);
    autograd::set_history(out, node);
  }
  return out;
}

// --------------------------------------------------------------------- glu ---
Tensor glu(const Tensor& x, int64_t dim) {
  check_floating(x, "glu");
  PYT_CHECK(x.dim() > 0, RuntimeError, "glu: glu does not support scalars because halving size must be even");
  int64_t d = maybe_wrap_dim(dim, x.dim(), "glu");
  int64_t n = x.sizes()[d];
  PYT_CHECK(n % 2 == 0, RuntimeError, "glu: Halving dimension must be even, but dimension ", d, " is size ", n);
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = mul(slice(x, d, 0, n / 2, 1), sigmoid(slice(x, d, n / 2, n, 1)));
  }
  if (autograd::any_requires_grad({&x})) {
    auto node = autograd::make_node("GluBackward0", {x}, [d, n](BackwardNode& nd, const TensorList& g) {
      Tensor xs = nd.saved(0);
      Tensor a = slice(xs, d, 0, n / 2, 1), s = sigmoid(slice(xs, d, n / 2, n, 1));
      Tensor ga = mul(g[0], s);
      Tensor gb = mul(mul(ga, a), sub(num(1.0), s));
      return TensorList{cat({ga, gb}, d)};
    });
    node->save(x);
    autograd::set_history(out, node);
  }
  return out;
}

}  // namespace pyt
