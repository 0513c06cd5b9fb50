// Elementwise ops of the `extra` family (ops/extra.h): argument checks, dtype rules, kernel
// call, autograd recording. Backward formulas follow torch's tools/autograd/derivatives.yaml
// and use public pyt ops only, so they are differentiable again.
#include <algorithm>
#include <cmath>
#include <limits>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/extra_kernels.h"
#include "pyt/ops/elementwise_util.h"
#include "pyt/ops/ops.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;
using cpu::ExtraBinaryKind;
using cpu::ExtraUnaryKind;

namespace {

using internal::inplace_op;
using internal::InputInfo;
using internal::is_reduced_float;
using internal::reduce_grad;
using internal::round_to;
using internal::num;
using internal::run;

constexpr double kPi = 3.14159265358979323846;
constexpr double kLn2 = 0.693147180559945309417;



ScalarType float_or_default(ScalarType t) { return is_floating_type(t) ? t : get_default_dtype(); }

// A node whose backward raises torch's "not implemented" error (heaviside).
std::shared_ptr<BackwardNode> not_implemented_node(const char* node_name, const std::string& op,
                                                   const TensorList& inputs) {
  std::string msg = str("the derivative for '", op, "' is not implemented.");
  return make_node(node_name, inputs, [msg](BackwardNode&, const TensorList&) -> TensorList { throw RuntimeError(msg); });
}

// ------------------------------------------------------------------ binary ---

const char* binary_name(ExtraBinaryKind k) {
  switch (k) {
    case ExtraBinaryKind::LShift: return "bitwise_left_shift";
    case ExtraBinaryKind::RShift: return "bitwise_right_shift";
    case ExtraBinaryKind::Copysign: return "copysign";
    case ExtraBinaryKind::Heaviside: return "heaviside";
    case ExtraBinaryKind::Fmax: return "fmax";
    case ExtraBinaryKind::Fmin: return "fmin";
    case ExtraBinaryKind::Logaddexp: return "logaddexp";
    case ExtraBinaryKind::Logaddexp2: return "logaddexp2";
    case ExtraBinaryKind::Nextafter: return "nextafter";
    case ExtraBinaryKind::Xlogy: return "xlogy";
  }
  return "binary";
}

Tensor binary_compute(ExtraBinaryKind kind, const Tensor& out, const Tensor& a, const Tensor& b) {
  const char* op = binary_name(kind);
  PYT_CHECK(a.device() == b.device(), RuntimeError, op, ": expected all tensors to be on the same device");
  if (kind == ExtraBinaryKind::Heaviside)
    PYT_CHECK(a.dtype() == b.dtype(), RuntimeError,
              "heaviside is not yet implemented for tensors with different dtypes.");
  ScalarType compute = result_type({a, b});
  if (kind == ExtraBinaryKind::Copysign || kind == ExtraBinaryKind::Xlogy) compute = float_or_default(compute);
  if (kind == ExtraBinaryKind::Nextafter && is_reduced_float(compute)) {
    // the next 16-bit value is not a float32 result rounded: the kernel steps the 16-bit pattern
    autograd::NoGradGuard ng;
    if (out.defined())
      PYT_CHECK(can_cast(compute, out.dtype()), RuntimeError, op, ": result type ", scalar_type_name(compute),
                " can't be cast to the desired output type ", scalar_type_name(out.dtype()));
    IterConfig cfg;
    cfg.op = op;
    cfg.outputs = {out};
    cfg.inputs = {a, b};
    cfg.compute_dtype = compute;
    cfg.output_dtype = compute;
    TensorIterator it(std::move(cfg));
    cpu::extra_binary_kernel(it, kind);
    it.finish();
    return it.output(0);
  }
  return run(op, out, {a, b}, compute, compute,
             [kind](const TensorIterator& it) { cpu::extra_binary_kernel(it, kind); });
}

// mask ? g : 0
Tensor keep_where(const Tensor& mask, const Tensor& g) { return where(mask, g, zeros_like(g)); }

void record_binary(ExtraBinaryKind kind, Tensor& out, const Tensor& a, const Tensor& b) {
  if (!is_floating_type(out.dtype())) return;
  InputInfo ia(a), ib(b);
  std::shared_ptr<BackwardNode> node;
  switch (kind) {
    case ExtraBinaryKind::Copysign: {
      // d/da = copysign(1, b) * sign(a) = out / a (0 where a == 0); d/db = 0. A Python-number
      // other is torch's copysign.Scalar (CopysignBackward1).
      bool scalar_other = b.impl()->is_wrapped_number();
      node = make_node(scalar_other ? "CopysignBackward1" : "CopysignBackward0", {a, b},
                       [ia, ib](BackwardNode& n, const TensorList& g) {
                         TensorList r(2);
                         if (n.needs_input_grad(0)) {
                           Tensor x = n.saved(0), y = n.saved(1);
                           Tensor zero = eq(x, num(0.0));
                           Tensor ratio = where(zero, zeros_like(y), div(y, x));
                           r[0] = reduce_grad(mul(g[0], ratio), ia.sizes, ia.dtype);
                         }
                         if (n.needs_input_grad(1)) r[1] = zeros(ib.sizes, ib.dtype);
                         return r;
                       });
      node->save(a);
      node->save(out, true);
      break;
    }
    case ExtraBinaryKind::Fmax:
    case ExtraBinaryKind::Fmin: {
      // The gradient goes to the operand chosen: a where a >= b (fmin: a <= b) or b is NaN.
      bool is_max = kind == ExtraBinaryKind::Fmax;
      node = make_node(is_max ? "FmaxBackward0" : "FminBackward0", {a, b},
                       [ia, ib, is_max](BackwardNode& n, const TensorList& g) {
                         Tensor x = n.saved(0), y = n.saved(1);
                         Tensor pick_a = logical_or(is_max ? ge(x, y) : le(x, y), isnan(y));
                         TensorList r(2);
                         if (n.needs_input_grad(0)) r[0] = reduce_grad(keep_where(pick_a, g[0]), ia.sizes, ia.dtype);
                         if (n.needs_input_grad(1))
                           r[1] = reduce_grad(keep_where(logical_not(pick_a), g[0]), ib.sizes, ib.dtype);
                         return r;
                       });
      node->save(a);
      node->save(b);
      break;
    }
    case ExtraBinaryKind::Logaddexp:
    case ExtraBinaryKind::Logaddexp2: {
      // d/da = 1 / (1 + e^(b - a)) (base 2 for logaddexp2), d/db symmetric.
      bool two = kind == ExtraBinaryKind::Logaddexp2;
      node = make_node(two ? "Logaddexp2Backward0" : "LogaddexpBackward0", {a, b},
                       [ia, ib, two](BackwardNode& n, const TensorList& g) {
                         Tensor x = n.saved(0), y = n.saved(1);
                         auto e = [two](const Tensor& t) { return two ? exp2(t) : exp(t); };
                         TensorList r(2);
                         if (n.needs_input_grad(0))
                           r[0] = reduce_grad(div(g[0], add(e(sub(y, x)), num(1.0))), ia.sizes, ia.dtype);
                         if (n.needs_input_grad(1))
                           r[1] = reduce_grad(div(g[0], add(e(sub(x, y)), num(1.0))), ib.sizes, ib.dtype);
                         return r;
                       });
      node->save(a);
      node->save(b);
      break;
    }
    case ExtraBinaryKind::Xlogy: {
      // d/da = log(b), 0 where a == 0 and b <= 0 (torch's formula); d/db = a / b. A Python-number self is torch's
      // xlogy.Scalar_Self (XlogyBackward1), a Python-number other xlogy.Scalar_Other (2).
      const char* name = a.impl()->is_wrapped_number()   ? "XlogyBackward1"
                         : b.impl()->is_wrapped_number() ? "XlogyBackward2"
                                                         : "XlogyBackward0";
      node = make_node(name, {a, b}, [ia, ib](BackwardNode& n, const TensorList& g) {
        Tensor x = n.saved(0), y = n.saved(1);
        TensorList r(2);
        if (n.needs_input_grad(0)) {
          Tensor d = xlogy(g[0], y);
          r[0] = reduce_grad(where(logical_and(eq(x, num(0.0)), le(y, num(0.0))), zeros_like(d), d), ia.sizes, ia.dtype);
        }
        if (n.needs_input_grad(1)) r[1] = reduce_grad(div(mul(g[0], x), y), ib.sizes, ib.dtype);
        return r;
      });
      node->save(a);
      node->save(b);
      break;
    }
    case ExtraBinaryKind::Heaviside:
      node = not_implemented_node("torch::autograd::NotImplemented", "heaviside", {a, b});
      break;
    case ExtraBinaryKind::Nextafter:
      // torch's formula: the gradient passes to input unchanged; other gets 0
      node = make_node("NextafterBackward0", {a, b}, [ia, ib](BackwardNode& n, const TensorList& g) {
        TensorList r(2);
        if (n.needs_input_grad(0)) r[0] = reduce_grad(g[0], ia.sizes, ia.dtype);
        if (n.needs_input_grad(1)) r[1] = zeros(ib.sizes, ib.dtype);
        return r;
      });
      break;
    default: return;
  }
  set_history(out, node);
}

Tensor binary_op(ExtraBinaryKind kind, const Tensor& a, const Tensor& b) {
  Tensor out = binary_compute(kind, Tensor(), a, b);
  if (any_requires_grad({&a, &b})) record_binary(kind, out, a, b);
  return out;
}

template <typename OutOfPlace>
Tensor& binary_inplace(Tensor& a, const Tensor& b, ExtraBinaryKind kind, const char* op, OutOfPlace oop) {
  return inplace_op(a, {b}, op, oop, [&] { binary_compute(kind, a, a, b); });
}

// ------------------------------------------------------------------ unary ---

const char* unary_name(ExtraUnaryKind k) {
  switch (k) {
    case ExtraUnaryKind::Lgamma: return "lgamma";
    case ExtraUnaryKind::Digamma: return "digamma";
    case ExtraUnaryKind::Sinc: return "sinc";
    case ExtraUnaryKind::I0: return "i0";
    case ExtraUnaryKind::I1: return "special_i1";
  }
  return "unary";
}

Tensor unary_compute(ExtraUnaryKind kind, const Tensor& out, const Tensor& a) {
  ScalarType compute = float_or_default(a.dtype());
  return run(unary_name(kind), out, {a}, compute, compute,
             [kind](const TensorIterator& it) { cpu::extra_unary_kernel(it, kind); });
}

Tensor polygamma_compute(const Tensor& out, int64_t n, const Tensor& a) {
  PYT_CHECK(n >= 0, RuntimeError, "polygamma(n, x) does not support negative n.");
  ScalarType compute = float_or_default(a.dtype());
  return run("polygamma", out, {a}, compute, compute, [n](const TensorIterator& it) { cpu::polygamma_kernel(it, n); });
}

Tensor logit_compute(const Tensor& out, const Tensor& a, std::optional<double> eps) {
  ScalarType compute = float_or_default(a.dtype());
  double e = eps.has_value() ? *eps : -1.0;
  return run("logit", out, {a}, compute, compute, [e](const TensorIterator& it) { cpu::logit_kernel(it, e); });
}

void record_unary(ExtraUnaryKind kind, Tensor& out, const Tensor& a) {
  if (!is_floating_type(out.dtype())) return;
  std::shared_ptr<BackwardNode> node;
  switch (kind) {
    case ExtraUnaryKind::Lgamma:
      node = make_node("LgammaBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{mul(g[0], digamma(n.saved(0)))};
      });
      break;
    case ExtraUnaryKind::Digamma:
      node = make_node("DigammaBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{mul(g[0], polygamma(1, n.saved(0)))};
      });
      break;
    case ExtraUnaryKind::Sinc:
      // (pi x cos(pi x) - sin(pi x)) / (pi x^2), 0 at x == 0
      node = make_node("SincBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor x = n.saved(0);
        Tensor px = mul(x, num(kPi));
        Tensor d = div(sub(mul(px, cos(px)), sin(px)), mul(px, x));
        return TensorList{mul(g[0], where(eq(x, num(0.0)), zeros_like(d), d))};
      });
      break;
    case ExtraUnaryKind::I0:
      node = make_node("I0Backward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{mul(g[0], special_i1(n.saved(0)))};
      });
      break;
    case ExtraUnaryKind::I1:
      // i0(x) - i1(x) / x, 1/2 at x == 0
      node = make_node("SpecialI1Backward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor x = n.saved(0);
        Tensor d = sub(i0(x), div(special_i1(x), x));
        return TensorList{mul(g[0], where(eq(x, num(0.0)), full_like(d, Scalar(0.5)), d))};
      });
      break;
  }
  node->save(a);
  set_history(out, node);
}

Tensor unary_op(ExtraUnaryKind kind, const Tensor& a) {
  Tensor out = unary_compute(kind, Tensor(), a);
  if (any_requires_grad({&a})) record_unary(kind, out, a);
  return out;
}

// An in-place unary op whose result is floating: integer self raises before anything runs.
void check_float_result(const Tensor& self, const char* op) {
  ScalarType r = float_or_default(self.dtype());
  PYT_CHECK(can_cast(r, self.dtype()), RuntimeError, op, ": result type ", scalar_type_name(r),
            " can't be cast to the desired output type ", scalar_type_name(self.dtype()));
}

// t * factor in t's floating dtype (integers: the default float dtype), recorded as node.
Tensor scale_op(const Tensor& t, double factor, const char* node_name) {
  Tensor out;
  {
    autograd::NoGradGuard ng;
    Tensor x = is_floating_type(t.dtype()) ? t : to_dtype(t, get_default_dtype());
    out = mul(x, num(factor));
  }
  if (any_requires_grad({&t}) && is_floating_type(t.dtype())) {
    auto node = make_node(node_name, {t}, [factor](BackwardNode&, const TensorList& g) {
      return TensorList{mul(g[0], num(factor))};
    });
    set_history(out, node);
  }
  return out;
}

// Without autograd: computes oop(self) and copies it into self.
template <typename OutOfPlace>
void assign_result(Tensor& self, OutOfPlace oop, const char* op) {
  Tensor r;
  {
    autograd::NoGradGuard ng;
    r = oop(self);
  }
  PYT_CHECK(r.sizes() == self.sizes(), RuntimeError, op, ": output with shape ", self.shape_str(),
            " doesn't match the broadcast shape ", r.shape_str());
  PYT_CHECK(can_cast(r.dtype(), self.dtype()), RuntimeError, op, ": result type ", scalar_type_name(r.dtype()),
            " can't be cast to the desired output type ", scalar_type_name(self.dtype()));
  autograd::NoGradGuard ng;
  detail::copy_data(self, r);
}

}  // namespace

// ------------------------------------------------------------ public API ---

#define PYT_EXTRA_BINARY(NAME, KIND)                                                                     \
  Tensor NAME(const Tensor& a, const Tensor& b) { return binary_op(ExtraBinaryKind::KIND, a, b); }
#define PYT_EXTRA_BINARY_INPLACE(NAME, KIND)                                                             \
  Tensor& NAME##_(Tensor& a, const Tensor& b) {                                                          \
    return binary_inplace(a, b, ExtraBinaryKind::KIND, #NAME "_", [&](const Tensor& s) { return NAME(s, b); }); \
  }
PYT_EXTRA_BINARY(bitwise_left_shift, LShift)
PYT_EXTRA_BINARY(bitwise_right_shift, RShift)
PYT_EXTRA_BINARY(copysign, Copysign)
PYT_EXTRA_BINARY(heaviside, Heaviside)
PYT_EXTRA_BINARY(fmax, Fmax)
PYT_EXTRA_BINARY(fmin, Fmin)
PYT_EXTRA_BINARY(logaddexp, Logaddexp)
PYT_EXTRA_BINARY(logaddexp2, Logaddexp2)
PYT_EXTRA_BINARY(nextafter, Nextafter)
PYT_EXTRA_BINARY(xlogy, Xlogy)
PYT_EXTRA_BINARY_INPLACE(bitwise_left_shift, LShift)
PYT_EXTRA_BINARY_INPLACE(bitwise_right_shift, RShift)
PYT_EXTRA_BINARY_INPLACE(copysign, Copysign)
PYT_EXTRA_BINARY_INPLACE(heaviside, Heaviside)
PYT_EXTRA_BINARY_INPLACE(nextafter, Nextafter)
PYT_EXTRA_BINARY_INPLACE(xlogy, Xlogy)
#undef PYT_EXTRA_BINARY
#undef PYT_EXTRA_BINARY_INPLACE

Tensor ldexp(const Tensor& a, const Tensor& b) {
  Tensor p, out;
  {
    autograd::NoGradGuard ng;
    p = pow(num(2.0), b);  // 2^b: the default float dtype for integer b
    out = mul(a, p);
    // torch's dtype: the inputs' promoted type when floating (float16 * 2^int stays float16),
    // else the default dtype; scaling by 2^b is exact, so rounding once here loses nothing
    ScalarType rt = result_type({a, b});
    if (!is_floating_type(rt)) rt = get_default_dtype();
    if (out.dtype() != rt) out = to_dtype(out, rt);
  }
  if (any_requires_grad({&a, &b}) && is_floating_type(out.dtype())) {
    // d/da = 2^b, d/db = a 2^b ln 2 = out ln 2
    InputInfo ia(a), ib(b);
    auto node = make_node("LdexpBackward0", {a, b}, [ia, ib](BackwardNode& n, const TensorList& g) {
      TensorList r(2);
      if (n.needs_input_grad(0)) r[0] = reduce_grad(mul(g[0], pow(num(2.0), n.saved(0))), ia.sizes, ia.dtype);
      if (n.needs_input_grad(1)) r[1] = reduce_grad(mul(g[0], mul(n.saved(1), num(kLn2))), ib.sizes, ib.dtype);
      return r;
    });
    node->save(b);
    node->save(out, true);
    set_history(out, node);
  }
  return out;
}

Tensor& ldexp_(Tensor& a, const Tensor& b) {
  auto oop = [&](const Tensor& s) { return ldexp(s, b); };
  return inplace_op(a, {b}, "ldexp_", oop, [&] { assign_result(a, oop, "ldexp_"); });
}

namespace {
// The float64 form of a float_power operand: a Python number stays a (float64) Python number.
Tensor as_double(const Tensor& t) {
  if (t.impl()->is_wrapped_number()) return wrapped_scalar(Scalar(t.item().to_double()));
  return t.dtype() == ScalarType::Float64 ? t : to_dtype(t, ScalarType::Float64);
}
}  // namespace

Tensor float_power(const Tensor& a, const Tensor& b) {
  // A Python-number operand stays one (float64); the tensor operand becomes float64, so the
  // result is float64 and pow records PowBackward0 / 1 / 2 as torch's float_power does.
  return pow(as_double(a), as_double(b));
}

Tensor& float_power_(Tensor& a, const Tensor& b) {
  PYT_CHECK(a.dtype() == ScalarType::Float64, RuntimeError, "the base given to float_power_ has dtype ",
            scalar_type_name(a.dtype()), " but the operation's result requires dtype Double");
  return pow_(a, as_double(b));
}

#define PYT_EXTRA_UNARY(NAME, KIND)                                                                   \
  Tensor NAME(const Tensor& t) { return unary_op(ExtraUnaryKind::KIND, t); }
PYT_EXTRA_UNARY(lgamma, Lgamma)
PYT_EXTRA_UNARY(digamma, Digamma)
PYT_EXTRA_UNARY(sinc, Sinc)
PYT_EXTRA_UNARY(i0, I0)
PYT_EXTRA_UNARY(special_i1, I1)
#undef PYT_EXTRA_UNARY

#define PYT_EXTRA_UNARY_INPLACE(NAME, KIND)                                                           \
  Tensor& NAME##_(Tensor& t) {                                                                        \
    check_float_result(t, #NAME "_");                                                                 \
    return inplace_op(t, {}, #NAME "_", [](const Tensor& s) { return NAME(s); },                      \
                      [&] { unary_compute(ExtraUnaryKind::KIND, t, t); });                            \
  }
PYT_EXTRA_UNARY_INPLACE(lgamma, Lgamma)
PYT_EXTRA_UNARY_INPLACE(digamma, Digamma)
PYT_EXTRA_UNARY_INPLACE(sinc, Sinc)
PYT_EXTRA_UNARY_INPLACE(i0, I0)
#undef PYT_EXTRA_UNARY_INPLACE

Tensor polygamma(int64_t n, const Tensor& t) {
  Tensor out = polygamma_compute(Tensor(), n, t);
  if (any_requires_grad({&t}) && is_floating_type(out.dtype())) {
    auto node = make_node("PolygammaBackward0", {t}, [n](BackwardNode& nd, const TensorList& g) {
      return TensorList{mul(g[0], polygamma(n + 1, nd.saved(0)))};
    });
    node->save(t);
    set_history(out, node);
  }
  return out;
}

Tensor& polygamma_(Tensor& t, int64_t n) {
  check_float_result(t, "polygamma_");
  return inplace_op(t, {}, "polygamma_", [n](const Tensor& s) { return polygamma(n, s); },
                    [&] { polygamma_compute(t, n, t); });
}

Tensor logit(const Tensor& t, std::optional<double> eps) {
  Tensor out = logit_compute(Tensor(), t, eps);
  if (any_requires_grad({&t}) && is_floating_type(out.dtype())) {
    // g / (x (1 - x)) inside the domain; outside: NaN (no eps) or 0 (eps: the clamp is flat).
    auto node = make_node("LogitBackward0", {t}, [eps](BackwardNode& n, const TensorList& g) {
      Tensor x = n.saved(0);
      Tensor d = div(g[0], mul(x, sub(num(1.0), x)));
      double lo = eps.value_or(0.0), hi = 1.0 - eps.value_or(0.0);
      Tensor outside = logical_or(lt(x, num(lo)), gt(x, num(hi)));
      Tensor fill = full_like(d, Scalar(eps.has_value() ? 0.0 : std::numeric_limits<double>::quiet_NaN()));
      return TensorList{where(outside, fill, d)};
    });
    node->save(t);
    set_history(out, node);
  }
  return out;
}

Tensor& logit_(Tensor& t, std::optional<double> eps) {
  check_float_result(t, "logit_");
  return inplace_op(t, {}, "logit_", [eps](const Tensor& s) { return logit(s, eps); },
                    [&] { logit_compute(t, t, eps); });
}

Tensor deg2rad(const Tensor& t) { return scale_op(t, kPi / 180.0, "Deg2RadBackward0"); }
Tensor rad2deg(const Tensor& t) { return scale_op(t, 180.0 / kPi, "Rad2DegBackward0"); }

Tensor& deg2rad_(Tensor& t) {
  check_float_result(t, "deg2rad_");
  auto oop = [](const Tensor& s) { return deg2rad(s); };
  return inplace_op(t, {}, "deg2rad_", oop, [&] { assign_result(t, oop, "deg2rad_"); });
}

Tensor& rad2deg_(Tensor& t) {
  check_float_result(t, "rad2deg_");
  auto oop = [](const Tensor& s) { return rad2deg(s); };
  return inplace_op(t, {}, "rad2deg_", oop, [&] { assign_result(t, oop, "rad2deg_"); });
}

Tensor sgn(const Tensor& t) {
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = sign(t);
  }
  if (any_requires_grad({&t}) && is_floating_type(out.dtype())) {
    // the sign of a real number is piecewise constant
    auto node = make_node("SgnBackward0", {t}, [](BackwardNode&, const TensorList& g) {
      return TensorList{zeros_like(g[0])};
    });
    set_history(out, node);
  }
  return out;
}

Tensor& sgn_(Tensor& t) {
  auto oop = [](const Tensor& s) { return sgn(s); };
  return inplace_op(t, {}, "sgn_", oop, [&] { assign_result(t, oop, "sgn_"); });
}

Tensor signbit(const Tensor& t) {
  return run("signbit", Tensor(), {t}, t.dtype(), ScalarType::Bool,
             [](const TensorIterator& it) { cpu::signbit_kernel(it); });
}

// -------------------------------------------------------- shape and construction ---

namespace {

int64_t wrap_dim_of(int64_t d, int64_t nd, const char* op) {
  int64_t lo = nd > 0 ? -nd : -1, hi = nd > 0 ? nd - 1 : 0;
  PYT_CHECK(d >= lo && d <= hi, IndexError, op, ": Dimension out of range (expected to be in range of [", lo, ", ",
            hi, "], but got ", d, ")");
  return d < 0 ? d + (nd > 0 ? nd : 1) : d;
}

// g laid onto diagonal k of a zero (rows, cols) matrix (the gradient of diag / trace),
// made of differentiable ops: diag_embed, then cropping or zero-padding to the shape.
Tensor diag_to_matrix(const Tensor& g, int64_t rows, int64_t cols, int64_t k) {
  Tensor e = diag_embed(g, k, 0, 1);
  auto fit = [](Tensor t, int64_t dim, int64_t want) {
    int64_t have = t.size(dim);
    if (have > want) return narrow(t, dim, 0, want);
    if (have < want) {
      std::vector<int64_t> s = t.sizes();
      s[dim] = want - have;
      return cat({t, zeros(s, t.dtype())}, dim);
    }
    return t;
  };
  return fit(fit(e, 0, rows), 1, cols);
}

}  // namespace

Tensor diag_embed(const Tensor& t, int64_t offset, int64_t dim1, int64_t dim2) {
  int64_t nd = t.dim() + 1;
  int64_t d1 = wrap_dim_of(dim1, nd, "diag_embed"), d2 = wrap_dim_of(dim2, nd, "diag_embed");
  PYT_CHECK(d1 != d2, RuntimeError, "diagonal dimensions cannot be identical ", dim1, ", ", dim2);
  PYT_CHECK(t.dim() >= 1, RuntimeError, "diag_embed: expected a tensor with at least 1 dimension, but got a 0-d tensor");
  int64_t n = t.size(-1) + (offset < 0 ? -offset : offset);
  std::vector<int64_t> sizes(t.sizes().begin(), t.sizes().end() - 1);
  int64_t lo = std::min(d1, d2), hi = std::max(d1, d2);
  sizes.insert(sizes.begin() + lo, n);
  sizes.insert(sizes.begin() + hi, n);
  Tensor out = zeros(sizes, t.dtype());
  {
    autograd::NoGradGuard ng;
    Tensor d = diagonal(out, offset, d1, d2);
    detail::copy_data(d, t);
  }
  if (any_requires_grad({&t})) {
    auto node = make_node("DiagEmbedBackward0", {t}, [offset, d1, d2](BackwardNode&, const TensorList& g) {
      return TensorList{diagonal(g[0], offset, d1, d2)};
    });
    set_history(out, node);
  }
  return out;
}

Tensor diag(const Tensor& t, int64_t k) {
  PYT_CHECK(t.dim() == 1 || t.dim() == 2, RuntimeError, "diag(): Supports 1D or 2D tensors. Got ", t.dim(), "D");
  if (t.dim() == 1) return diag_embed(t, k, 0, 1);
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = clone(diagonal(t, k, 0, 1));
  }
  if (any_requires_grad({&t})) {
    int64_t rows = t.size(0), cols = t.size(1);
    auto node = make_node("DiagonalBackward0_copy", {t}, [rows, cols, k](BackwardNode&, const TensorList& g) {
      return TensorList{diag_to_matrix(g[0], rows, cols, k)};
    });
    set_history(out, node);
  }
  return out;
}

Tensor trace(const Tensor& t) {
  PYT_CHECK(t.dim() == 2, RuntimeError, "trace: expected a matrix, but got tensor with dim ", t.dim());
  if (t.dtype() == ScalarType::Bool) throw NotImplementedError("\"trace\" not implemented for 'Bool'");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = sum(diagonal(t, 0, 0, 1));
  }
  if (any_requires_grad({&t}) && is_floating_type(out.dtype())) {
    int64_t rows = t.size(0), cols = t.size(1);
    auto node = make_node("TraceBackward0", {t}, [rows, cols](BackwardNode&, const TensorList& g) {
      int64_t n = std::min(rows, cols);
      return TensorList{diag_to_matrix(expand(g[0], {n}), rows, cols, 0)};
    });
    set_history(out, node);
  }
  return out;
}

Tensor linalg_cross(const Tensor& a, const Tensor& b, int64_t dim) {
  PYT_CHECK(a.dtype() == b.dtype(), RuntimeError, "expected scalar type ", scalar_type_name(a.dtype()),
            " but found ", scalar_type_name(b.dtype()));
  if (a.dtype() == ScalarType::Bool) throw NotImplementedError("\"cross\" not implemented for 'Bool'");
  PYT_CHECK(a.dim() == b.dim(), RuntimeError, "linalg.cross: inputs must have the same number of dimensions.");
  std::vector<int64_t> shape = broadcast_shapes(a.sizes(), b.sizes(), "linalg.cross");
  int64_t d = wrap_dim_of(dim, static_cast<int64_t>(shape.size()), "linalg.cross");
  PYT_CHECK(a.size(d) == 3 && b.size(d) == 3, RuntimeError, "linalg.cross: inputs dimension ", dim,
            " must have length 3. Got ", a.size(d), " and ", b.size(d));
  Tensor out;
  {
    autograd::NoGradGuard ng;
    Tensor x = expand(a, shape), y = expand(b, shape);
    auto c = [&](const Tensor& t, int64_t i) { return narrow(t, d, i, 1); };
    out = cat({sub(mul(c(x, 1), c(y, 2)), mul(c(x, 2), c(y, 1))), sub(mul(c(x, 2), c(y, 0)), mul(c(x, 0), c(y, 2))),
               sub(mul(c(x, 0), c(y, 1)), mul(c(x, 1), c(y, 0)))},
              d);
  }
  if (any_requires_grad({&a, &b}) && is_floating_type(out.dtype())) {
    InputInfo ia(a), ib(b);
    auto node = make_node("LinalgCrossBackward0", {a, b}, [ia, ib, d](BackwardNode& n, const TensorList& g) {
      TensorList r(2);
      if (n.needs_input_grad(0)) r[0] = reduce_grad(linalg_cross(expand(n.saved(1), g[0].sizes()), g[0], d), ia.sizes, ia.dtype);
      if (n.needs_input_grad(1)) r[1] = reduce_grad(linalg_cross(g[0], expand(n.saved(0), g[0].sizes()), d), ib.sizes, ib.dtype);
      return r;
    });
    node->save(a.requires_grad() || b.requires_grad() ? a : Tensor());
    node->save(b);
    set_history(out, node);
  }
  return out;
}

Tensor block_diag(const TensorList& tensors) {
  if (tensors.empty()) return zeros({1, 0}, get_default_dtype());
  ScalarType dt = tensors[0].dtype();
  for (const auto& t : tensors) dt = promote_types(dt, t.dtype());
  std::vector<std::pair<int64_t, int64_t>> shapes;
  int64_t rows = 0, cols = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    PYT_CHECK(t.dim() <= 2, RuntimeError, "torch.block_diag: Input tensors must have 2 or fewer dimensions. Input ", i,
              " has ", t.dim(), " dimensions");
    int64_t r = t.dim() == 2 ? t.size(0) : 1, c = t.dim() == 2 ? t.size(1) : (t.dim() == 1 ? t.size(0) : 1);
    shapes.emplace_back(r, c);
    rows += r;
    cols += c;
  }
  Tensor out = zeros({rows, cols}, dt);
  {
    autograd::NoGradGuard ng;
    int64_t r0 = 0, c0 = 0;
    for (size_t i = 0; i < tensors.size(); ++i) {
      auto [r, c] = shapes[i];
      Tensor blk = narrow(narrow(out, 0, r0, r), 1, c0, c);
      Tensor src = reshape(tensors[i], {r, c});
      detail::copy_data(blk, src.dtype() == dt ? src : to_dtype(src, dt));
      r0 += r;
      c0 += c;
    }
  }
  if (any_requires_grad(tensors) && is_floating_type(dt)) {
    std::vector<InputInfo> infos;
    for (const auto& t : tensors) infos.emplace_back(t);
    auto node = make_node("BlockDiagBackward0", tensors, [infos, shapes](BackwardNode& n, const TensorList& g) {
      TensorList r(infos.size());
      int64_t r0 = 0, c0 = 0;
      for (size_t i = 0; i < infos.size(); ++i) {
        auto [rr, cc] = shapes[i];
        if (n.needs_input_grad(i)) {
          Tensor blk = reshape(narrow(narrow(g[0], 0, r0, rr), 1, c0, cc), infos[i].sizes);
          r[i] = blk.dtype() == infos[i].dtype ? blk : to_dtype(blk, infos[i].dtype);
        }
        r0 += rr;
        c0 += cc;
      }
      return r;
    });
    set_history(out, node);
  }
  return out;
}

Tensor rot90(const Tensor& t, int64_t k, const std::vector<int64_t>& dims) {
  PYT_CHECK(dims.size() == 2, RuntimeError, "expected total rotation dims == 2, but got dims = ", dims.size());
  PYT_CHECK(t.dim() >= 2, RuntimeError, "expected total dims >= 2, but got total dims = ", t.dim());
  int64_t d0 = wrap_dim_of(dims[0], t.dim(), "rot90"), d1 = wrap_dim_of(dims[1], t.dim(), "rot90");
  PYT_CHECK(d0 != d1, RuntimeError, "expected rotation dims to be different, but got dim0 = ", d0, " and dim1 = ", d1);
  int64_t kk = ((k % 4) + 4) % 4;
  Tensor out;
  {
    autograd::NoGradGuard ng;
    switch (kk) {
      case 1: out = contiguous(transpose(flip(t, {d1}), d0, d1)); break;
      case 2: out = flip(t, {d0, d1}); break;
      case 3: out = contiguous(transpose(flip(t, {d0}), d0, d1)); break;
      default: out = clone(t); break;
    }
  }
  if (any_requires_grad({&t})) {
    std::vector<int64_t> ds{d0, d1};
    auto node = make_node("Rot90Backward0", {t}, [kk, ds](BackwardNode&, const TensorList& g) {
      return TensorList{rot90(g[0], -kk, ds)};
    });
    set_history(out, node);
  }
  return out;
}

Tensor cdist(const Tensor& x1, const Tensor& x2, double p) {
  PYT_CHECK(x1.dim() >= 2, RuntimeError, "cdist only supports at least 2D tensors, X1 got: ", x1.dim(), "D");
  PYT_CHECK(x2.dim() >= 2, RuntimeError, "cdist only supports at least 2D tensors, X2 got: ", x2.dim(), "D");
  PYT_CHECK(x1.size(-1) == x2.size(-1), RuntimeError, "X1 and X2 must have the same number of columns. X1: ",
            x1.size(-1), " X2: ", x2.size(-1));
  PYT_CHECK(is_floating_type(x1.dtype()), RuntimeError, "cdist only supports floating-point dtypes, X1 got: ",
            scalar_type_name(x1.dtype()));
  PYT_CHECK(is_floating_type(x2.dtype()), RuntimeError, "cdist only supports floating-point dtypes, X2 got: ",
            scalar_type_name(x2.dtype()));
  PYT_CHECK(x1.dtype() == x2.dtype(), RuntimeError, "expected scalar type ", scalar_type_name(x1.dtype()),
            " but found ", scalar_type_name(x2.dtype()));
  PYT_CHECK(p >= 0, RuntimeError, "cdist only supports non-negative p values");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    Tensor diff = sub(unsqueeze(x1, -2), unsqueeze(x2, -3));  // (..., P, R, M)
    out = norm(diff, p, std::vector<int64_t>{-1});
  }
  if (any_requires_grad({&x1, &x2})) {
    InputInfo i1(x1), i2(x2);
    auto node = make_node("CdistBackward0", {x1, x2}, [i1, i2, p](BackwardNode& n, const TensorList& g) {
      Tensor a = n.saved(0), b = n.saved(1), dist = n.saved(2);
      Tensor diff = sub(unsqueeze(a, -2), unsqueeze(b, -3));
      Tensor gd = unsqueeze(g[0], -1), dd = unsqueeze(dist, -1);
      Tensor zero = zeros_like(diff);
      Tensor gdiff;
      if (p == 0.0) {
        gdiff = zero;
      } else if (p == 1.0) {
        gdiff = mul(gd, sign(diff));
      } else if (p == 2.0) {
        gdiff = where(eq(dd, num(0.0)), zero, mul(gd, div(diff, dd)));
      } else if (std::isinf(p)) {
        Tensor hit = eq(abs(diff), dd);
        gdiff = where(logical_and(hit, ne(dd, num(0.0))), mul(gd, sign(diff)), zero);
      } else {
        // sign(d) |d|^(p-1) / dist^(p-1)
        Tensor t = mul(sign(diff), pow(div(abs(diff), dd), num(p - 1.0)));
        Tensor bad = eq(dd, num(0.0));
        if (p < 1.0) bad = logical_or(bad, eq(diff, num(0.0)));
        gdiff = where(bad, zero, mul(gd, t));
      }
      TensorList r(2);
      if (n.needs_input_grad(0)) r[0] = reduce_grad(sum(gdiff, std::vector<int64_t>{-2}), i1.sizes, i1.dtype);
      if (n.needs_input_grad(1)) r[1] = reduce_grad(neg(sum(gdiff, std::vector<int64_t>{-3})), i2.sizes, i2.dtype);
      return r;
    });
    node->save(x1);
    node->save(x2);
    node->save(out, true);
    set_history(out, node);
  }
  return out;
}

namespace {
Tensor tri_indices(int64_t rows, int64_t cols, int64_t offset, ScalarType dtype, bool lower, const char* op) {
  // torch's wording, "got" and the number unspaced
  PYT_CHECK(rows >= 0, RuntimeError, "row must be non-negative, got", rows);
  PYT_CHECK(cols >= 0, RuntimeError, "col must be non-negative, got", cols);
  if (dtype != ScalarType::Int64 && dtype != ScalarType::Int32)
    throw NotImplementedError(str("\"", op, "\" not implemented for '", scalar_type_name(dtype), "'"));
  // The count first, in closed form (sum over rows of a clamped linear function), so that the
  // output is allocated (or refused) before any work: huge sizes fail at once instead of looping.
  using I128 = __int128;
  auto clamped_sum = [rows, cols](I128 a) {  // sum_{i<rows} clamp(i + a, 0, cols)
    I128 total = 0, lo = std::max<I128>(0, 1 - a), hi = std::min<I128>(rows - 1, I128(cols) - a - 1);
    if (lo <= hi) total += (hi - lo + 1) * (2 * a + lo + hi) / 2;   // rows where 0 < i + a < cols
    I128 full_from = std::max<I128>(0, I128(cols) - a);              // rows where i + a >= cols
    if (full_from < rows) total += (I128(rows) - full_from) * cols;
    return total;
  };
  I128 count = lower ? clamped_sum(I128(offset) + 1) : I128(rows) * cols - clamped_sum(offset);
  PYT_CHECK(count <= (I128(1) << 58), RuntimeError, op, "(): the result would hold ", static_cast<double>(count),
            " index pairs for row=", rows, ", col=", cols, ", offset=", offset, "; storage size calculation overflowed");
  int64_t n = static_cast<int64_t>(count);
  Tensor out = empty({2, n}, ScalarType::Int64);
  int64_t* p = out.data_ptr<int64_t>();
  int64_t k = 0;
  // lower: rows before -offset-1 are empty; upper: the empty rows come last (k reaches n first)
  int64_t first = lower ? static_cast<int64_t>(std::clamp<I128>(-(I128(offset) + 1), 0, rows)) : 0;
  for (int64_t i = first; i < rows && k < n; ++i) {
    int64_t c0 = lower ? 0 : static_cast<int64_t>(std::clamp<I128>(I128(i) + offset, 0, cols));
    int64_t c1 = lower ? static_cast<int64_t>(std::clamp<I128>(I128(i) + offset + 1, 0, cols)) : cols;
    for (int64_t j = c0; j < c1; ++j, ++k) {
      p[k] = i;
      p[n + k] = j;
    }
  }
  return dtype == ScalarType::Int64 ? out : to_dtype(out, dtype);
}
}  // namespace

Tensor tril_indices(int64_t rows, int64_t cols, int64_t offset, ScalarType dtype) {
  return tri_indices(rows, cols, offset, dtype, true, "tril_indices");
}
Tensor triu_indices(int64_t rows, int64_t cols, int64_t offset, ScalarType dtype) {
  return tri_indices(rows, cols, offset, dtype, false, "triu_indices");
}

}  // namespace pyt
