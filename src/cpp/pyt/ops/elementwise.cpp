// Elementwise ops: argument checks, dtype rules, kernel call, autograd recording.
#include <cmath>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/binary_kernels.h"
#include "pyt/ops/cpu/vec_math.h"
#include "pyt/ops/elementwise_util.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;
using cpu::BinaryKind;
using cpu::CompareKind;
using cpu::UnaryKind;

bool any_true(const Tensor& mask);

namespace {

using internal::inplace_op;
using internal::InputInfo;
using internal::is_reduced_float;
using internal::reduce_grad;
using internal::round_to;

const char* binary_name(BinaryKind k) {
  switch (k) {
    case BinaryKind::Add: return "add";
    case BinaryKind::Sub: return "sub";
    case BinaryKind::Mul: return "mul";
    case BinaryKind::Div: return "div";
    case BinaryKind::DivTrunc: return "div";
    case BinaryKind::DivFloor: return "div";
    case BinaryKind::Pow: return "pow";
    case BinaryKind::Maximum: return "maximum";
    case BinaryKind::Minimum: return "minimum";
    case BinaryKind::Remainder: return "remainder";
    case BinaryKind::BitAnd: return "bitwise_and";
    case BinaryKind::BitOr: return "bitwise_or";
    case BinaryKind::BitXor: return "bitwise_xor";
  }
  return "binary";
}

// Checks for integer division by zero, which has no defined result.
void check_int_div_by_zero(const Tensor& b, ScalarType compute) {
  if (is_floating_type(compute)) return;
  Tensor bz = eq(b, wrapped_scalar(Scalar(0)));
  PYT_CHECK(!any_true(bz), RuntimeError, "ZeroDivisionError: integer division by zero");
}

// Runs a binary kernel; out may be undefined (allocate) or the in-place target.
Tensor binary_compute(BinaryKind kind, const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& alpha) {
  const char* op = binary_name(kind);
  PYT_CHECK(a.device() == b.device(), RuntimeError, op, ": expected all tensors to be on the same device");
  ScalarType common = result_type({a, b});
  ScalarType compute = common;
  // torch rejects a bool operand of either side, Python bools included.
  if (kind == BinaryKind::Sub && a.dtype() == ScalarType::Bool && b.dtype() == ScalarType::Bool)
    throw RuntimeError(str("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
                           "`logical_xor()` operator instead. (sub of ", a.describe(), " and ", b.describe(), ")"));
  if (kind == BinaryKind::Sub && (a.dtype() == ScalarType::Bool || b.dtype() == ScalarType::Bool))
    throw RuntimeError(str("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying "
                           "to invert a mask, use the `~` or `logical_not()` operator instead. (sub of ",
                           a.describe(), " and ", b.describe(), ")"));
  if (kind == BinaryKind::Div && !is_floating_type(common)) compute = get_default_dtype();
  if ((kind == BinaryKind::Add || kind == BinaryKind::Sub) && !is_floating_type(common))
    PYT_CHECK(!alpha.is_floating_point(), RuntimeError, "For integral input tensors, argument alpha must not be a "
              "floating point number.");
  if ((kind == BinaryKind::Add || kind == BinaryKind::Sub) && common != ScalarType::Bool)
    PYT_CHECK(!alpha.is_bool(), RuntimeError, "Boolean alpha only supported for Boolean results.");
  // Bool has no division, remainder or power kernel in torch: the kernel raises NotImplementedError.
  if ((kind == BinaryKind::DivTrunc || kind == BinaryKind::DivFloor || kind == BinaryKind::Remainder) &&
      compute != ScalarType::Bool)
    check_int_div_by_zero(b, compute);
  // A Python-number exponent may not be a negative integer; tensor exponents follow torch's powi.
  if (kind == BinaryKind::Pow && is_integral_type(compute, false) && b.impl()->is_wrapped_number()) {
    Tensor neg_exp = lt(b, wrapped_scalar(Scalar(0)));
    PYT_CHECK(!any_true(neg_exp), RuntimeError, "Integers to negative integer powers are not allowed.");
  }
  if (kind == BinaryKind::Pow && b.impl()->is_wrapped_number() && !a.impl()->is_wrapped_number()) {
    // A Python-number exponent is converted to an integer or float16/bfloat16 result dtype with
    // torch's overflow check (int8 ** 300 raises; float32 ** 1e39 gives inf).
    if (is_integral_type(compute, false) || is_reduced_float(compute)) check_scalar_fits(b.item(), compute);
    // bool ** True is the tensor, bool ** False all True (torch's pow_tensor_scalar special cases);
    // a bool tensor exponent has no kernel.
    if (compute == ScalarType::Bool) {
      Tensor r = b.item().to_bool() ? a.detach() : ones_like(a);
      if (!out.defined()) return clone(r);
      Tensor o = out;
      if (!b.item().to_bool()) detail::fill_data(o, Scalar(true));
      return out;
    }
  }
  bool reduced = is_reduced_float(compute);
  IterConfig cfg;
  cfg.op = op;
  cfg.outputs = {reduced ? Tensor() : out};
  cfg.inputs = {a, b};
  cfg.compute_dtype = reduced ? ScalarType::Float32 : compute;
  TensorIterator it(std::move(cfg));
  cpu::binary_kernel(it, kind, alpha);
  it.finish();
  return reduced ? round_to(it.output(0), compute, out, op) : it.output(0);
}

Tensor record_binary(BinaryKind kind, Tensor out, const Tensor& a, const Tensor& b, const Scalar& alpha) {
  if (!is_floating_type(out.dtype())) return out;
  InputInfo ia(a), ib(b);
  std::shared_ptr<BackwardNode> node;
  switch (kind) {
    case BinaryKind::Add:
    case BinaryKind::Sub: {
      bool sub = kind == BinaryKind::Sub;
      node = make_node(sub ? "SubBackward0" : "AddBackward0", {a, b},
                       [ia, ib, alpha, sub](BackwardNode& n, const TensorList& g) {
                         TensorList r(2);
                         if (n.needs_input_grad(0)) r[0] = reduce_grad(g[0], ia.sizes, ia.dtype);
                         if (n.needs_input_grad(1)) {
                           Tensor gb = g[0];
                           double al = alpha.to_double();
                           if (sub) gb = al == 1.0 ? neg(gb) : mul(gb, wrapped_scalar(Scalar(-al)));
                           else if (al != 1.0) gb = mul(gb, wrapped_scalar(alpha));
                           r[1] = reduce_grad(gb, ib.sizes, ib.dtype);
                         }
                         return r;
                       });
      break;
    }
    case BinaryKind::Mul: {
      node = make_node("MulBackward0", {a, b}, [ia, ib](BackwardNode& n, const TensorList& g) {
        TensorList r(2);
        if (n.needs_input_grad(0)) r[0] = reduce_grad(mul(g[0], n.saved(1)), ia.sizes, ia.dtype);
        if (n.needs_input_grad(1)) r[1] = reduce_grad(mul(g[0], n.saved(0)), ib.sizes, ib.dtype);
        return r;
      });
      node->save(b.requires_grad() ? a : Tensor());
      node->save(a.requires_grad() ? b : Tensor());
      break;
    }
    case BinaryKind::Div: {
      node = make_node("DivBackward0", {a, b}, [ia, ib](BackwardNode& n, const TensorList& g) {
        TensorList r(2);
        Tensor bb = n.saved(1);
        if (n.needs_input_grad(0)) r[0] = reduce_grad(div(g[0], bb), ia.sizes, ia.dtype);
        if (n.needs_input_grad(1)) {
          Tensor aa = n.saved(0);
          r[1] = reduce_grad(neg(div(mul(g[0], aa), mul(bb, bb))), ib.sizes, ib.dtype);
        }
        return r;
      });
      node->save(b.requires_grad() ? a : Tensor());
      node->save(b);
      break;
    }
    case BinaryKind::DivTrunc:
    case BinaryKind::DivFloor: {
      node = make_node("DivBackward2", {a, b}, [ia, ib](BackwardNode&, const TensorList& g) {
        return TensorList{zeros(ia.sizes, ia.dtype), zeros(ib.sizes, ib.dtype)};
      });
      break;
    }
    case BinaryKind::Pow: {
      node = make_node(b.impl()->is_wrapped_number() ? "PowBackward0" : "PowBackward1", {a, b}, [ia, ib](BackwardNode& n, const TensorList& g) {
        TensorList r(2);
        Tensor aa = n.saved(0), bb = n.saved(1);
        if (n.needs_input_grad(0)) {
          // d/da a^b = b * a^(b-1); 0 where b == 0 (torch's convention)
          Tensor d = mul(bb, pow(aa, sub(bb, wrapped_scalar(Scalar(1)))));
          d = where(eq(bb, wrapped_scalar(Scalar(0))), wrapped_scalar(Scalar(0.0)), d);
          r[0] = reduce_grad(mul(g[0], d), ia.sizes, ia.dtype);
        }
        if (n.needs_input_grad(1)) {
          // d/db a^b = a^b log a; 0 where a == 0 and b >= 0
          Tensor out = pow(aa, bb);
          Tensor d = mul(out, log(aa));
          Tensor mask = mul(eq(aa, wrapped_scalar(Scalar(0))), ge(bb, wrapped_scalar(Scalar(0))));
          d = where(mask, wrapped_scalar(Scalar(0.0)), d);
          r[1] = reduce_grad(mul(g[0], d), ib.sizes, ib.dtype);
        }
        return r;
      });
      node->save(a);
      node->save(b);
      break;
    }
    case BinaryKind::Remainder: {
      node = make_node("RemainderBackward0", {a, b}, [ia, ib](BackwardNode& n, const TensorList& g) {
        TensorList r(2);
        if (n.needs_input_grad(0)) r[0] = reduce_grad(g[0], ia.sizes, ia.dtype);
        if (n.needs_input_grad(1))
          r[1] = reduce_grad(neg(mul(g[0], div(n.saved(0), n.saved(1), "floor"))), ib.sizes, ib.dtype);
        return r;
      });
      node->save(a);
      node->save(b);
      break;
    }
    case BinaryKind::BitAnd:
    case BinaryKind::BitOr:
    case BinaryKind::BitXor:
      return out;  // integral results: no gradient
    case BinaryKind::Maximum:
    case BinaryKind::Minimum: {
      bool is_max = kind == BinaryKind::Maximum;
      node = make_node(is_max ? "MaximumBackward0" : "MinimumBackward0", {a, b},
                       [ia, ib, is_max](BackwardNode& n, const TensorList& g) {
                         Tensor aa = n.saved(0), bb = n.saved(1);
                         Tensor win_a = is_max ? gt(aa, bb) : lt(aa, bb);
                         Tensor tie = eq(aa, bb);
                         Tensor half = mul(g[0], wrapped_scalar(Scalar(0.5)));
                         Tensor zero = wrapped_scalar(Scalar(0.0));
                         Tensor ga = add(where(win_a, g[0], zero), where(tie, half, zero));
                         Tensor gb = sub(g[0], ga);
                         return TensorList{reduce_grad(ga, ia.sizes, ia.dtype), reduce_grad(gb, ib.sizes, ib.dtype)};
                       });
      node->save(a);
      node->save(b);
      break;
    }
  }
  set_history(out, node);
  return out;
}

Tensor binary_op(BinaryKind kind, const Tensor& a, const Tensor& b, const Scalar& alpha) {
  Tensor out = binary_compute(kind, Tensor(), a, b, alpha);
  if (any_requires_grad({&a, &b})) record_binary(kind, out, a, b, alpha);
  return out;
}


}  // namespace

// Whether any element of a bool tensor is true (used by argument checks).
bool any_true(const Tensor& mask) {
  Tensor m = contiguous(mask);
  const bool* p = m.data_ptr<bool>();
  for (int64_t i = 0; i < m.numel(); ++i)
    if (p[i]) return true;
  return false;
}

// torch converts alpha to the result dtype with its overflow check (uint8.add(x, alpha=300) raises).
static void check_alpha(const Tensor& a, const Tensor& b, const Scalar& alpha) {
  if (alpha.is_integral() && alpha.to_int() == 1) return;
  check_scalar_fits(alpha, result_type({a, b}));
}
Tensor add(const Tensor& a, const Tensor& b, const Scalar& alpha) {
  check_alpha(a, b, alpha);
  return binary_op(BinaryKind::Add, a, b, alpha);
}
Tensor sub(const Tensor& a, const Tensor& b, const Scalar& alpha) {
  check_alpha(a, b, alpha);
  return binary_op(BinaryKind::Sub, a, b, alpha);
}
Tensor mul(const Tensor& a, const Tensor& b) { return binary_op(BinaryKind::Mul, a, b, Scalar(1)); }
Tensor div(const Tensor& a, const Tensor& b, const std::string& rounding_mode) {
  BinaryKind k;
  if (rounding_mode.empty()) k = BinaryKind::Div;
  else if (rounding_mode == "trunc") k = BinaryKind::DivTrunc;
  else if (rounding_mode == "floor") k = BinaryKind::DivFloor;
  else
    throw RuntimeError(str("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '",
                           rounding_mode, "'"));
  return binary_op(k, a, b, Scalar(1));
}
Tensor pow(const Tensor& a, const Tensor& b) { return binary_op(BinaryKind::Pow, a, b, Scalar(1)); }
Tensor remainder(const Tensor& a, const Tensor& b) { return binary_op(BinaryKind::Remainder, a, b, Scalar(1)); }
Tensor bitwise_and(const Tensor& a, const Tensor& b) { return binary_op(BinaryKind::BitAnd, a, b, Scalar(1)); }
Tensor bitwise_or(const Tensor& a, const Tensor& b) { return binary_op(BinaryKind::BitOr, a, b, Scalar(1)); }
Tensor bitwise_xor(const Tensor& a, const Tensor& b) { return binary_op(BinaryKind::BitXor, a, b, Scalar(1)); }

Tensor maximum(const Tensor& a, const Tensor& b) {
  PYT_CHECK(!a.impl()->is_wrapped_number() && !b.impl()->is_wrapped_number(), TypeError,
            "maximum(): argument 'other' must be Tensor, not a number");
  return binary_op(BinaryKind::Maximum, a, b, Scalar(1));
}
Tensor minimum(const Tensor& a, const Tensor& b) {
  PYT_CHECK(!a.impl()->is_wrapped_number() && !b.impl()->is_wrapped_number(), TypeError,
            "minimum(): argument 'other' must be Tensor, not a number");
  return binary_op(BinaryKind::Minimum, a, b, Scalar(1));
}

Tensor& add_(Tensor& a, const Tensor& b, const Scalar& alpha) {
  return inplace_op(a, {b}, "add_", [&](const Tensor& s) { return add(s, b, alpha); },
                    [&] { binary_compute(BinaryKind::Add, a, a, b, alpha); });
}
Tensor& sub_(Tensor& a, const Tensor& b, const Scalar& alpha) {
  return inplace_op(a, {b}, "sub_", [&](const Tensor& s) { return sub(s, b, alpha); },
                    [&] { binary_compute(BinaryKind::Sub, a, a, b, alpha); });
}
Tensor& mul_(Tensor& a, const Tensor& b) {
  return inplace_op(a, {b}, "mul_", [&](const Tensor& s) { return mul(s, b); },
                    [&] { binary_compute(BinaryKind::Mul, a, a, b, Scalar(1)); });
}
Tensor& div_(Tensor& a, const Tensor& b, const std::string& rounding_mode) {
  BinaryKind k = rounding_mode.empty() ? BinaryKind::Div
                 : rounding_mode == "trunc" ? BinaryKind::DivTrunc
                 : rounding_mode == "floor" ? BinaryKind::DivFloor
                 : throw RuntimeError(str("div_ expected rounding_mode to be one of None, 'trunc', or 'floor' "
                                        "but found '", rounding_mode, "'"));
  return inplace_op(a, {b}, "div_", [&](const Tensor& s) { return div(s, b, rounding_mode); },
                    [&] { binary_compute(k, a, a, b, Scalar(1)); });
}
Tensor& pow_(Tensor& a, const Tensor& b) {
  return inplace_op(a, {b}, "pow_", [&](const Tensor& s) { return pow(s, b); },
                    [&] { binary_compute(BinaryKind::Pow, a, a, b, Scalar(1)); });
}

// ------------------------------------------------------------ comparisons ---

static Tensor compare(CompareKind kind, const char* op, const Tensor& a, const Tensor& b) {
  IterConfig cfg;
  cfg.op = op;
  cfg.outputs = {Tensor()};
  cfg.inputs = {a, b};
  cfg.output_dtype = ScalarType::Bool;
  ScalarType common = result_type({a, b});
  if (is_reduced_float(common)) cfg.compute_dtype = ScalarType::Float32;
  TensorIterator it(std::move(cfg));
  cpu::compare_kernel(it, kind);
  return it.output(0);
}

Tensor eq(const Tensor& a, const Tensor& b) { return compare(CompareKind::Eq, "eq", a, b); }
Tensor ne(const Tensor& a, const Tensor& b) { return compare(CompareKind::Ne, "ne", a, b); }
Tensor lt(const Tensor& a, const Tensor& b) { return compare(CompareKind::Lt, "lt", a, b); }
Tensor le(const Tensor& a, const Tensor& b) { return compare(CompareKind::Le, "le", a, b); }
Tensor gt(const Tensor& a, const Tensor& b) { return compare(CompareKind::Gt, "gt", a, b); }
Tensor ge(const Tensor& a, const Tensor& b) { return compare(CompareKind::Ge, "ge", a, b); }

Tensor threshold_backward(const Tensor& grad, const Tensor& output) {
  PYT_CHECK(grad.sizes() == output.sizes(), RuntimeError, "threshold_backward: grad ", grad.describe(),
            " and output ", output.describe(), " differ in shape");
  IterConfig cfg;
  cfg.op = "threshold_backward";
  cfg.outputs = {Tensor()};
  cfg.inputs = {grad.detach(), output.detach()};
  // float16 / bfloat16: masked in float32 (exact) and rounded back
  const bool reduced = is_reduced_float(grad.dtype());
  cfg.compute_dtype = reduced ? ScalarType::Float32 : grad.dtype();
  cfg.output_dtype = cfg.compute_dtype;
  TensorIterator it(std::move(cfg));
  cpu::threshold_backward_kernel(it);
  Tensor out = reduced ? to_dtype(it.output(0), grad.dtype()) : it.output(0);
  if (any_requires_grad({&grad})) {
    // d/dgrad is the same mask; the mask itself has no gradient.
    auto node = make_node("ThresholdBackwardBackward0", {grad}, [](BackwardNode& n, const TensorList& g) {
      return TensorList{threshold_backward(g[0], n.saved(0))};
    });
    node->save(output.detach());
    set_history(out, node);
  }
  return out;
}

Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b) {
  PYT_CHECK(cond.dtype() == ScalarType::Bool, RuntimeError, "where expected condition to be a boolean tensor, but got a ",
            "tensor with dtype ", scalar_type_name(cond.dtype()));
  ScalarType dt = result_type({a, b});
  // A Python-number branch is converted to the result dtype with torch's overflow check (float16
  // and bfloat16 excepted: they round to inf, as torch's 0-d scalar tensor).
  if (!is_reduced_float(dt)) {
    if (a.impl()->is_wrapped_number()) check_scalar_fits(a.item(), dt);
    if (b.impl()->is_wrapped_number()) check_scalar_fits(b.item(), dt);
  }
  Tensor aa = a.dtype() == dt ? a : to_dtype(a, dt);
  Tensor bb = b.dtype() == dt ? b : to_dtype(b, dt);
  IterConfig cfg;
  cfg.op = "where";
  cfg.outputs = {Tensor()};
  cfg.inputs = {cond, aa.detach(), bb.detach()};
  cfg.compute_dtype = dt;
  cfg.output_dtype = dt;
  cfg.cast_inputs = false;
  TensorIterator it(std::move(cfg));
  cpu::where_kernel(it);
  Tensor out = it.output(0);
  if (any_requires_grad({&aa, &bb}) && is_floating_type(dt)) {
    InputInfo ia(aa), ib(bb);
    auto node = make_node("WhereBackward0", {aa, bb}, [ia, ib](BackwardNode& n, const TensorList& g) {
      Tensor c = n.saved(0);
      Tensor zero = wrapped_scalar(Scalar(0.0));
      TensorList r(2);
      if (n.needs_input_grad(0)) r[0] = reduce_grad(where(c, g[0], zero), ia.sizes, ia.dtype);
      if (n.needs_input_grad(1)) r[1] = reduce_grad(where(c, zero, g[0]), ib.sizes, ib.dtype);
      return r;
    });
    node->save(cond);
    set_history(out, node);
  }
  return out;
}

// ------------------------------------------------------------------ unary ---

namespace {

const char* unary_name(UnaryKind k) {
  switch (k) {
    case UnaryKind::Neg: return "neg";
    case UnaryKind::Exp: return "exp";
    case UnaryKind::Log: return "log";
    case UnaryKind::Sqrt: return "sqrt";
    case UnaryKind::Abs: return "abs";
    case UnaryKind::Sign: return "sign";
    case UnaryKind::Relu: return "relu";
    case UnaryKind::Sigmoid: return "sigmoid";
    case UnaryKind::Tanh: return "tanh";
    case UnaryKind::BitNot: return "bitwise_not";
  }
  return "unary";
}

bool promotes_to_float(UnaryKind k) {
  return k == UnaryKind::Exp || k == UnaryKind::Log || k == UnaryKind::Sqrt || k == UnaryKind::Sigmoid ||
         k == UnaryKind::Tanh;
}

Tensor unary_compute(UnaryKind kind, const Tensor& out, const Tensor& a) {
  const char* op = unary_name(kind);
  ScalarType compute = a.dtype();
  if (promotes_to_float(kind) && !is_floating_type(compute)) compute = get_default_dtype();
  if (kind == UnaryKind::Neg)
    PYT_CHECK(compute != ScalarType::Bool, RuntimeError, "Negation, the `-` operator, on a bool tensor is not "
              "supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
  if (kind == UnaryKind::Relu)
    PYT_CHECK(compute != ScalarType::Bool, RuntimeError, "relu: Boolean inputs not supported for relu");
  if (kind == UnaryKind::Abs)
    PYT_CHECK(compute != ScalarType::Bool, NotImplementedError, "\"abs_cpu\" not implemented for 'Bool'");
  bool reduced = is_reduced_float(compute);
  IterConfig cfg;
  cfg.op = op;
  cfg.outputs = {reduced ? Tensor() : out};
  cfg.inputs = {a};
  cfg.compute_dtype = reduced ? ScalarType::Float32 : compute;
  TensorIterator it(std::move(cfg));
  cpu::unary_kernel(it, kind);
  it.finish();
  return reduced ? round_to(it.output(0), compute, out, op) : it.output(0);
}

Tensor record_unary(UnaryKind kind, Tensor out, const Tensor& a) {
  if (!is_floating_type(out.dtype())) return out;
  std::shared_ptr<BackwardNode> node;
  Tensor zero = wrapped_scalar(Scalar(0.0));
  switch (kind) {
    case UnaryKind::Neg:
      node = make_node("NegBackward0", {a}, [](BackwardNode&, const TensorList& g) { return TensorList{neg(g[0])}; });
      break;
    case UnaryKind::Exp:
      node = make_node("ExpBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{mul(g[0], n.saved(0))};
      });
      node->save(out, true);
      break;
    case UnaryKind::Log:
      node = make_node("LogBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{div(g[0], n.saved(0))};
      });
      node->save(a);
      break;
    case UnaryKind::Sqrt:
      node = make_node("SqrtBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{div(g[0], mul(n.saved(0), wrapped_scalar(Scalar(2))))};
      });
      node->save(out, true);
      break;
    case UnaryKind::Abs:
      node = make_node("AbsBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{mul(g[0], sign(n.saved(0)))};
      });
      node->save(a);
      break;
    case UnaryKind::BitNot:
      return out;
    case UnaryKind::Sign:
      node = make_node("SignBackward0", {a}, [](BackwardNode&, const TensorList& g) {
        return TensorList{zeros_like(g[0])};
      });
      break;
    case UnaryKind::Relu:
      node = make_node("ReluBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{threshold_backward(g[0], n.saved(0))};
      });
      node->save(out, true);
      break;
    case UnaryKind::Sigmoid:
      node = make_node("SigmoidBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor y = n.saved(0);
        if (!autograd::GradMode::is_enabled() && y.dtype() == ScalarType::Float32 && g[0].dtype() == ScalarType::Float32 &&
            g[0].sizes() == y.sizes() && g[0].is_contiguous() && y.is_contiguous()) {
          // One vectorised pass, the same values as the composite below (Note [SIMD dispatch]).
          Tensor out = empty(y.sizes(), ScalarType::Float32);
          const float* pg = g[0].data_ptr<float>();
          const float* py = y.data_ptr<float>();
          float* po = out.data_ptr<float>();
          const auto f = cpu::vec::table().sigmoid_bwd;
          parallel_for(0, y.numel(), kGrainSize, [&](int64_t b, int64_t e) { f(pg + b, py + b, po + b, e - b); });
          return TensorList{out};
        }
        return TensorList{mul(g[0], mul(y, sub(wrapped_scalar(Scalar(1)), y)))};
      });
      node->save(out, true);
      break;
    case UnaryKind::Tanh:
      node = make_node("TanhBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor y = n.saved(0);
        return TensorList{mul(g[0], sub(wrapped_scalar(Scalar(1)), mul(y, y)))};
      });
      node->save(out, true);
      break;
  }
  set_history(out, node);
  return out;
}

Tensor unary_op(UnaryKind kind, const Tensor& a) {
  Tensor out = unary_compute(kind, Tensor(), a);
  if (any_requires_grad({&a})) record_unary(kind, out, a);
  return out;
}

template <typename F>
Tensor& unary_inplace(Tensor& a, UnaryKind kind, const char* op, F oop) {
  if (promotes_to_float(kind))
    PYT_CHECK(is_floating_type(a.dtype()), RuntimeError, op, ": result type ",
              scalar_type_name(get_default_dtype()), " can't be cast to the desired output type ",
              scalar_type_name(a.dtype()));
  return inplace_op(a, {}, op, oop, [&] { unary_compute(kind, a, a); });
}

}  // namespace

Tensor neg(const Tensor& t) { return unary_op(UnaryKind::Neg, t); }
Tensor exp(const Tensor& t) { return unary_op(UnaryKind::Exp, t); }
Tensor log(const Tensor& t) { return unary_op(UnaryKind::Log, t); }
Tensor sqrt(const Tensor& t) { return unary_op(UnaryKind::Sqrt, t); }
Tensor abs(const Tensor& t) { return unary_op(UnaryKind::Abs, t); }
Tensor sign(const Tensor& t) { return unary_op(UnaryKind::Sign, t); }
Tensor relu(const Tensor& t) { return unary_op(UnaryKind::Relu, t); }
Tensor sigmoid(const Tensor& t) { return unary_op(UnaryKind::Sigmoid, t); }
Tensor tanh(const Tensor& t) { return unary_op(UnaryKind::Tanh, t); }
Tensor bitwise_not(const Tensor& t) { return unary_op(UnaryKind::BitNot, t); }

Tensor& neg_(Tensor& t) { return unary_inplace(t, UnaryKind::Neg, "neg_", [](const Tensor& s) { return neg(s); }); }
Tensor& exp_(Tensor& t) { return unary_inplace(t, UnaryKind::Exp, "exp_", [](const Tensor& s) { return exp(s); }); }
Tensor& log_(Tensor& t) { return unary_inplace(t, UnaryKind::Log, "log_", [](const Tensor& s) { return log(s); }); }
Tensor& sqrt_(Tensor& t) { return unary_inplace(t, UnaryKind::Sqrt, "sqrt_", [](const Tensor& s) { return sqrt(s); }); }
Tensor& abs_(Tensor& t) { return unary_inplace(t, UnaryKind::Abs, "abs_", [](const Tensor& s) { return abs(s); }); }
Tensor& relu_(Tensor& t) { return unary_inplace(t, UnaryKind::Relu, "relu_", [](const Tensor& s) { return relu(s); }); }
Tensor& sigmoid_(Tensor& t) {
  return unary_inplace(t, UnaryKind::Sigmoid, "sigmoid_", [](const Tensor& s) { return sigmoid(s); });
}
Tensor& tanh_(Tensor& t) { return unary_inplace(t, UnaryKind::Tanh, "tanh_", [](const Tensor& s) { return tanh(s); }); }

static Tensor clamp_compute(const Tensor& out, const Tensor& a, const OptScalar& lo, const OptScalar& hi) {
  PYT_CHECK(lo || hi, RuntimeError, "clamp: At least one of 'min' or 'max' must not be None");
  // Python float bounds promote an integer tensor to the default float dtype; int bounds a
  // bool tensor to int64. A bool result has no kernel in torch.
  TensorList ops{a};
  if (lo) ops.push_back(wrapped_scalar(*lo));
  if (hi) ops.push_back(wrapped_scalar(*hi));
  ScalarType compute = result_type(ops);
  if (compute == ScalarType::Bool) throw NotImplementedError("\"clamp_scalar_cpu\" not implemented for 'Bool'");
  if (lo) check_scalar_fits(*lo, compute);  // torch: clamp(uint8, max=300) overflows
  if (hi) check_scalar_fits(*hi, compute);
  // A NaN bound makes every element NaN (torch's clamp propagates NaN from the bounds).
  auto is_nan_bound = [](const OptScalar& s) { return s && s->is_floating_point() && std::isnan(s->to_double()); };
  if (is_nan_bound(lo) || is_nan_bound(hi)) {
    Tensor r = out.defined() ? out : empty(a.sizes(), compute);
    detail::fill_data(r, Scalar(std::numeric_limits<double>::quiet_NaN()));
    return r;
  }
  bool reduced = is_reduced_float(compute);
  IterConfig cfg;
  cfg.op = "clamp";
  cfg.outputs = {reduced ? Tensor() : out};
  cfg.inputs = {a};
  cfg.compute_dtype = reduced ? ScalarType::Float32 : compute;
  TensorIterator it(std::move(cfg));
  cpu::clamp_kernel(it, lo, hi);
  it.finish();
  return reduced ? round_to(it.output(0), compute, out, "clamp") : it.output(0);
}

Tensor clamp(const Tensor& t, const OptScalar& min, const OptScalar& max) {
  Tensor out = clamp_compute(Tensor(), t, min, max);
  if (any_requires_grad({&t}) && is_floating_type(out.dtype())) {
    auto node = make_node("ClampBackward1", {t}, [min, max](BackwardNode& n, const TensorList& g) {
      Tensor x = n.saved(0);
      Tensor mask;
      if (min) mask = ge(x, wrapped_scalar(*min));
      if (max) {
        Tensor m2 = le(x, wrapped_scalar(*max));
        mask = mask.defined() ? mul(mask, m2) : m2;
      }
      return TensorList{where(mask, g[0], wrapped_scalar(Scalar(0.0)))};
    });
    node->save(t);
    set_history(out, node);
  }
  return out;
}

Tensor clamp(const Tensor& t, const Tensor& min, const Tensor& max) {
  PYT_CHECK(min.defined() || max.defined(), RuntimeError,
            "torch.clamp: At least one of 'min' or 'max' must not be None");
  TensorList ops{t};
  if (min.defined()) ops.push_back(min);
  if (max.defined()) ops.push_back(max);
  ScalarType rt = result_type(ops);
  // torch's clamp_min / clamp_max (one bound) take bool; clamp with both has no bool kernel.
  if (rt == ScalarType::Bool && min.defined() && max.defined())
    throw NotImplementedError("\"clamp_cpu\" not implemented for 'Bool'");
  // min(max(t, min), max) with NaN anywhere propagating, as torch's clamp with tensor bounds.
  Tensor r = t.dtype() == rt ? t : to_dtype(t, rt);
  if (min.defined()) r = maximum(r, min);
  if (max.defined()) r = minimum(r, max);
  return r;
}

Tensor& clamp_(Tensor& t, const OptScalar& min, const OptScalar& max) {
  return inplace_op(t, {}, "clamp_", [&](const Tensor& s) { return clamp(s, min, max); },
                    [&] { clamp_compute(t, t, min, max); });
}

}  // namespace pyt
