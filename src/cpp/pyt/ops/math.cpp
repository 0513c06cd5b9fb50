// Elementwise math ops (ops/math.h): argument checks, dtype rules, kernel call, autograd
// recording. Backward formulas follow torch's tools/autograd/derivatives.yaml and use public
// pyt ops only, so they are differentiable again.
#include <cmath>
#include <limits>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/math_kernels.h"
#include "pyt/ops/elementwise_util.h"
#include "pyt/ops/ops.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;
using cpu::FloatClassKind;
using cpu::LogicalKind;
using cpu::MathBinaryKind;
using cpu::MathUnaryKind;

bool any_true(const Tensor& mask);  // elementwise.cpp

namespace {

using internal::inplace_op;
using internal::InputInfo;
using internal::is_reduced_float;
using internal::reduce_grad;
using internal::round_to;
using internal::num;
using internal::run;

constexpr double kLn2 = 0.693147180559945309417;
constexpr double kLn10 = 2.302585092994045684018;
constexpr double kPi = 3.14159265358979323846;




// The result-type error of an in-place op whose result cannot live in self's dtype.
void check_result_fits(const Tensor& self, ScalarType result, const char* op) {
  PYT_CHECK(can_cast(result, self.dtype()), RuntimeError, op, ": result type ", scalar_type_name(result),
            " can't be cast to the desired output type ", scalar_type_name(self.dtype()));
}


// Without autograd: computes oop(self) and copies it into self (for ops whose kernel path
// is a composite of other ops).
template <typename OutOfPlace>
void assign_result(Tensor& self, OutOfPlace oop, const char* op) {
  Tensor r;
  {
    autograd::NoGradGuard ng;
    r = oop(self);
  }
  PYT_CHECK(r.sizes() == self.sizes(), RuntimeError, op, ": output with shape ", self.shape_str(),
            " doesn't match the broadcast shape ", r.shape_str());
  check_result_fits(self, r.dtype(), op);
  autograd::NoGradGuard ng;
  detail::copy_data(self, r);
}

// ------------------------------------------------------------------ unary ---

bool is_rounding(MathUnaryKind k) {
  return k == MathUnaryKind::Floor || k == MathUnaryKind::Ceil || k == MathUnaryKind::Round ||
         k == MathUnaryKind::Trunc;
}

// Whether integer and bool inputs compute in the default float dtype (every unary op of
// this family but the rounding ones and frac, which keep or reject integers).
bool promotes_to_float(MathUnaryKind k) { return !is_rounding(k) && k != MathUnaryKind::Frac; }

Tensor unary_compute(MathUnaryKind kind, const Tensor& out, const Tensor& a) {
  const char* op = cpu::math_unary_name(kind);
  ScalarType dt = a.dtype();
  if (is_rounding(kind) && is_integral_type(dt, false)) {
    // Integers are already whole: torch returns them unchanged (a copy).
    if (out.defined()) {
      if (!out.is_same(a)) {
        autograd::NoGradGuard ng;
        Tensor o = out;
        detail::copy_data(o, a);
      }
      return out;
    }
    return clone(a);
  }
  ScalarType compute = promotes_to_float(kind) && !is_floating_type(dt) ? get_default_dtype() : dt;
  return run(op, out, {a}, compute, compute, [kind](const TensorIterator& it) { cpu::math_unary_kernel(it, kind); });
}

Tensor record_unary(MathUnaryKind kind, Tensor out, const Tensor& a) {
  if (!is_floating_type(out.dtype())) return out;
  std::shared_ptr<BackwardNode> node;
  // Formulas of torch's derivatives.yaml; y is the saved result, x the saved input.
  switch (kind) {
    case MathUnaryKind::Exp2:
      node = make_node("Exp2Backward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{mul(g[0], mul(n.saved(0), num(kLn2)))};
      });
      node->save(out, true);
      break;
    case MathUnaryKind::Log2:
      node = make_node("Log2Backward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{div(g[0], mul(n.saved(0), num(kLn2)))};
      });
      node->save(a);
      break;
    case MathUnaryKind::Log10:
      node = make_node("Log10Backward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{div(g[0], mul(n.saved(0), num(kLn10)))};
      });
      node->save(a);
      break;
    case MathUnaryKind::Log1p:
      node = make_node("Log1PBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{div(g[0], add(n.saved(0), num(1.0)))};
      });
      node->save(a);
      break;
    case MathUnaryKind::Expm1:
      node = make_node("Expm1Backward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{mul(g[0], add(n.saved(0), num(1.0)))};
      });
      node->save(out, true);
      break;
    case MathUnaryKind::Rsqrt:
      // d/dx x^-1/2 = -1/2 y^3
      node = make_node("RsqrtBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor y = n.saved(0);
        return TensorList{mul(g[0], mul(pow(y, wrapped_scalar(Scalar(3))), num(-0.5)))};
      });
      node->save(out, true);
      break;
    case MathUnaryKind::Sin:
      node = make_node("SinBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{mul(g[0], cos(n.saved(0)))};
      });
      node->save(a);
      break;
    case MathUnaryKind::Cos:
      node = make_node("CosBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{mul(g[0], neg(sin(n.saved(0))))};
      });
      node->save(a);
      break;
    case MathUnaryKind::Tan:
      // 1 + y^2
      node = make_node("TanBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor y = n.saved(0);
        return TensorList{mul(g[0], add(mul(y, y), num(1.0)))};
      });
      node->save(out, true);
      break;
    case MathUnaryKind::Asin:
    case MathUnaryKind::Acos: {
      // +-1 / sqrt(1 - x^2)
      bool is_acos = kind == MathUnaryKind::Acos;
      node = make_node(is_acos ? "AcosBackward0" : "AsinBackward0", {a},
                       [is_acos](BackwardNode& n, const TensorList& g) {
                         Tensor x = n.saved(0);
                         Tensor d = rsqrt(sub(num(1.0), mul(x, x)));
                         return TensorList{mul(g[0], is_acos ? neg(d) : d)};
                       });
      node->save(a);
      break;
    }
    case MathUnaryKind::Atan:
      node = make_node("AtanBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor x = n.saved(0);
        return TensorList{div(g[0], add(mul(x, x), num(1.0)))};
      });
      node->save(a);
      break;
    case MathUnaryKind::Sinh:
      node = make_node("SinhBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{mul(g[0], cosh(n.saved(0)))};
      });
      node->save(a);
      break;
    case MathUnaryKind::Cosh:
      node = make_node("CoshBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        return TensorList{mul(g[0], sinh(n.saved(0)))};
      });
      node->save(a);
      break;
    case MathUnaryKind::Asinh:
      // 1 / sqrt(x^2 + 1)
      node = make_node("AsinhBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor x = n.saved(0);
        return TensorList{mul(g[0], rsqrt(add(mul(x, x), num(1.0))))};
      });
      node->save(a);
      break;
    case MathUnaryKind::Acosh:
      // 1 / (sqrt(x - 1) sqrt(x + 1))
      node = make_node("AcoshBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor x = n.saved(0);
        return TensorList{mul(g[0], mul(rsqrt(sub(x, num(1.0))), rsqrt(add(x, num(1.0)))))};
      });
      node->save(a);
      break;
    case MathUnaryKind::Atanh:
      // 1 / (1 - x^2)
      node = make_node("AtanhBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor x = n.saved(0);
        return TensorList{div(g[0], sub(num(1.0), mul(x, x)))};
      });
      node->save(a);
      break;
    case MathUnaryKind::Erf:
      // 2/sqrt(pi) exp(-x^2)
      node = make_node("ErfBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor x = n.saved(0);
        return TensorList{mul(g[0], mul(exp(neg(mul(x, x))), num(2.0 / std::sqrt(kPi))))};
      });
      node->save(a);
      break;
    case MathUnaryKind::Erfinv:
      // sqrt(pi)/2 exp(y^2)
      node = make_node("ErfinvBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor y = n.saved(0);
        return TensorList{mul(g[0], mul(exp(mul(y, y)), num(0.5 * std::sqrt(kPi))))};
      });
      node->save(out, true);
      break;
    case MathUnaryKind::Floor:
    case MathUnaryKind::Ceil:
    case MathUnaryKind::Round:
    case MathUnaryKind::Trunc: {
      const char* name = kind == MathUnaryKind::Floor  ? "FloorBackward0"
                         : kind == MathUnaryKind::Ceil ? "CeilBackward0"
                         : kind == MathUnaryKind::Round ? "RoundBackward0"
                                                        : "TruncBackward0";
      node = make_node(name, {a}, [](BackwardNode&, const TensorList& g) { return TensorList{zeros_like(g[0])}; });
      break;
    }
    case MathUnaryKind::Frac:
      node = make_node("FracBackward0", {a}, [](BackwardNode&, const TensorList& g) { return TensorList{g[0]}; });
      break;
    case MathUnaryKind::Reciprocal:
      // -y^2
      node = make_node("ReciprocalBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor y = n.saved(0);
        return TensorList{neg(mul(g[0], mul(y, y)))};
      });
      node->save(out, true);
      break;
  }
  set_history(out, node);
  return out;
}

Tensor unary_op(MathUnaryKind kind, const Tensor& a) {
  Tensor out = unary_compute(kind, Tensor(), a);
  if (any_requires_grad({&a})) record_unary(kind, out, a);
  return out;
}

template <typename F>
Tensor& unary_inplace(Tensor& a, MathUnaryKind kind, const char* op, F oop) {
  if (promotes_to_float(kind) && !is_floating_type(a.dtype())) check_result_fits(a, get_default_dtype(), op);
  return inplace_op(a, {}, op, oop, [&] { unary_compute(kind, a, a); });
}

// round(t, decimals): floating only, integers included (torch has no integer fast path here).
Tensor round_decimals_compute(const Tensor& out, const Tensor& a, int64_t decimals) {
  ScalarType dt = a.dtype();
  if (decimals == 0)
    return run("round", out, {a}, dt, dt, [](const TensorIterator& it) {
      cpu::math_unary_kernel(it, MathUnaryKind::Round);
    });
  return run("round", out, {a}, dt, dt, [decimals](const TensorIterator& it) {
    cpu::round_decimals_kernel(it, decimals);
  });
}

// ----------------------------------------------------------------- binary ---

const char* binary_name(MathBinaryKind k) {
  switch (k) {
    case MathBinaryKind::Atan2: return "atan2";
    case MathBinaryKind::Hypot: return "hypot";
    case MathBinaryKind::Fmod: return "fmod";
  }
  return "binary";
}

Tensor binary_compute(MathBinaryKind kind, const Tensor& out, const Tensor& a, const Tensor& b) {
  const char* op = binary_name(kind);
  PYT_CHECK(a.device() == b.device(), RuntimeError, op, ": expected all tensors to be on the same device");
  ScalarType compute = result_type({a, b});
  if (kind == MathBinaryKind::Atan2 && !is_floating_type(compute)) compute = get_default_dtype();
  if (kind == MathBinaryKind::Fmod && is_integral_type(compute, false)) {
    Tensor zero = eq(b, wrapped_scalar(Scalar(0)));
    PYT_CHECK(!any_true(zero), RuntimeError, "ZeroDivisionError");
  }
  // hypot of integers and fmod of bools fail in the kernel's dispatch (NotImplementedError).
  return run(op, out, {a, b}, compute, compute, [kind](const TensorIterator& it) { cpu::math_binary_kernel(it, kind); });
}

Tensor record_binary(MathBinaryKind kind, Tensor out, const Tensor& a, const Tensor& b) {
  if (!is_floating_type(out.dtype())) return out;
  InputInfo ia(a), ib(b);
  std::shared_ptr<BackwardNode> node;
  switch (kind) {
    case MathBinaryKind::Atan2:
      // d/da = b / (a^2 + b^2), d/db = -a / (a^2 + b^2)
      node = make_node("Atan2Backward0", {a, b}, [ia, ib](BackwardNode& n, const TensorList& g) {
        Tensor x = n.saved(0), y = n.saved(1);
        Tensor gr = div(g[0], add(mul(x, x), mul(y, y)));
        TensorList r(2);
        if (n.needs_input_grad(0)) r[0] = reduce_grad(mul(gr, y), ia.sizes, ia.dtype);
        if (n.needs_input_grad(1)) r[1] = reduce_grad(neg(mul(gr, x)), ib.sizes, ib.dtype);
        return r;
      });
      node->save(a);
      node->save(b);
      break;
    case MathBinaryKind::Hypot:
      // d/da = a / out, d/db = b / out
      node = make_node("HypotBackward0", {a, b}, [ia, ib](BackwardNode& n, const TensorList& g) {
        Tensor y = n.saved(2);
        TensorList r(2);
        if (n.needs_input_grad(0)) r[0] = reduce_grad(mul(g[0], div(n.saved(0), y)), ia.sizes, ia.dtype);
        if (n.needs_input_grad(1)) r[1] = reduce_grad(mul(g[0], div(n.saved(1), y)), ib.sizes, ib.dtype);
        return r;
      });
      node->save(a);
      node->save(b);
      node->save(out, true);
      break;
    case MathBinaryKind::Fmod: {
      // d/da = 1, d/db = -trunc(a / b); a Python-number divisor is torch's fmod.Scalar.
      bool scalar_other = b.impl()->is_wrapped_number();
      node = make_node(scalar_other ? "FmodBackward0" : "FmodBackward1", {a, b},
                       [ia, ib](BackwardNode& n, const TensorList& g) {
                         TensorList r(2);
                         if (n.needs_input_grad(0)) r[0] = reduce_grad(g[0], ia.sizes, ia.dtype);
                         if (n.needs_input_grad(1))
                           r[1] = reduce_grad(neg(mul(g[0], div(n.saved(0), n.saved(1), "trunc"))), ib.sizes,
                                              ib.dtype);
                         return r;
                       });
      node->save(b.requires_grad() ? a : Tensor());
      node->save(b.requires_grad() ? b : Tensor());
      break;
    }
  }
  set_history(out, node);
  return out;
}

Tensor binary_op(MathBinaryKind kind, const Tensor& a, const Tensor& b) {
  Tensor out = binary_compute(kind, Tensor(), a, b);
  if (any_requires_grad({&a, &b})) record_binary(kind, out, a, b);
  return out;
}

// ------------------------------------------------------------------- lerp ---

// torch's wording names the C++ element type of the dtypes.
const char* cpp_type_name(ScalarType t) {
  switch (t) {
    case ScalarType::Bool: return "bool";
    case ScalarType::UInt8: return "unsigned char";
    case ScalarType::Int8: return "signed char";
    case ScalarType::Int16: return "short int";
    case ScalarType::Int32: return "int";
    case ScalarType::Int64: return "long int";
    case ScalarType::Float16: return "c10::Half";
    case ScalarType::BFloat16: return "c10::BFloat16";
    case ScalarType::Float32: return "float";
    case ScalarType::Float64: return "double";
    default: return "undefined";
  }
}

void check_lerp_dtypes(const Tensor& self, const Tensor& end, const Tensor* weight) {
  PYT_CHECK(end.dtype() == self.dtype(), RuntimeError, "lerp: expected dtype ", cpp_type_name(self.dtype()),
            " for `end` but got dtype ", cpp_type_name(end.dtype()));
  // A 0-d weight may have another dtype; it is converted (as in torch).
  if (weight)
    PYT_CHECK(weight->dtype() == self.dtype() || weight->dim() == 0, RuntimeError, "lerp: expected dtype ",
              cpp_type_name(self.dtype()), " for `weight` but got dtype ", cpp_type_name(weight->dtype()));
}

Tensor lerp_scalar_compute(const Tensor& out, const Tensor& self, const Tensor& end, const Scalar& w) {
  check_lerp_dtypes(self, end, nullptr);
  ScalarType dt = self.dtype();
  return run("lerp", out, {self, end}, dt, dt, [&w](const TensorIterator& it) { cpu::lerp_scalar_kernel(it, w); });
}

Tensor lerp_tensor_compute(const Tensor& out, const Tensor& self, const Tensor& end, const Tensor& w) {
  check_lerp_dtypes(self, end, &w);
  ScalarType dt = self.dtype();
  return run("lerp", out, {self, end, w}, dt, dt, [](const TensorIterator& it) { cpu::lerp_tensor_kernel(it); });
}

// ------------------------------------------------------------- nan_to_num ---

double finite_max(ScalarType t) {
  switch (t) {
    case ScalarType::Float16: return 65504.0;
    case ScalarType::BFloat16: return 3.3895313892515355e38;
    case ScalarType::Float32: return std::numeric_limits<float>::max();
    default: return std::numeric_limits<double>::max();
  }
}

Tensor nan_to_num_compute(const Tensor& out, const Tensor& a, double nan, std::optional<double> posinf,
                          std::optional<double> neginf) {
  ScalarType dt = a.dtype();
  if (!is_floating_type(dt)) {  // no NaN or inf to replace
    if (out.defined()) return out;
    return clone(a);
  }
  double hi = posinf.value_or(finite_max(dt)), lo = neginf.value_or(-finite_max(dt));
  return run("nan_to_num", out, {a}, dt, dt, [=](const TensorIterator& it) { cpu::nan_to_num_kernel(it, nan, hi, lo); });
}

// ---------------------------------------------------------------- logical ---

const char* logical_name(LogicalKind k) {
  switch (k) {
    case LogicalKind::And: return "logical_and";
    case LogicalKind::Or: return "logical_or";
    case LogicalKind::Xor: return "logical_xor";
  }
  return "logical";
}

Tensor logical_compute(LogicalKind kind, const Tensor& out, const Tensor& a, const Tensor& b) {
  const char* op = logical_name(kind);
  PYT_CHECK(a.device() == b.device(), RuntimeError, op, ": expected all tensors to be on the same device");
  return run(op, out, {a, b}, result_type({a, b}), ScalarType::Bool,
             [kind](const TensorIterator& it) { cpu::logical_kernel(it, kind); });
}

Tensor logical_not_compute(const Tensor& out, const Tensor& a) {
  return run("logical_not", out, {a}, a.dtype(), ScalarType::Bool,
             [](const TensorIterator& it) { cpu::logical_not_kernel(it); });
}

Tensor float_class(FloatClassKind kind, const char* op, const Tensor& a) {
  if (!is_floating_type(a.dtype())) return full(a.sizes(), Scalar(kind == FloatClassKind::IsFinite), ScalarType::Bool);
  return run(op, Tensor(), {a}, a.dtype(), ScalarType::Bool,
             [kind](const TensorIterator& it) { cpu::float_class_kernel(it, kind); });
}

}  // namespace

// ------------------------------------------------------------ public API ---

#define PYT_MATH_UNARY(NAME, KIND)                                                                   \
  Tensor NAME(const Tensor& t) { return unary_op(MathUnaryKind::KIND, t); }                           \
  Tensor& NAME##_(Tensor& t) {                                                                       \
    return unary_inplace(t, MathUnaryKind::KIND, #NAME "_", [](const Tensor& s) { return NAME(s); }); \
  }
PYT_MATH_UNARY(exp2, Exp2)
PYT_MATH_UNARY(log2, Log2)
PYT_MATH_UNARY(log10, Log10)
PYT_MATH_UNARY(log1p, Log1p)
PYT_MATH_UNARY(expm1, Expm1)
PYT_MATH_UNARY(rsqrt, Rsqrt)
PYT_MATH_UNARY(sin, Sin)
PYT_MATH_UNARY(cos, Cos)
PYT_MATH_UNARY(tan, Tan)
PYT_MATH_UNARY(asin, Asin)
PYT_MATH_UNARY(acos, Acos)
PYT_MATH_UNARY(atan, Atan)
PYT_MATH_UNARY(sinh, Sinh)
PYT_MATH_UNARY(cosh, Cosh)
PYT_MATH_UNARY(asinh, Asinh)
PYT_MATH_UNARY(acosh, Acosh)
PYT_MATH_UNARY(atanh, Atanh)
PYT_MATH_UNARY(erf, Erf)
PYT_MATH_UNARY(erfinv, Erfinv)
PYT_MATH_UNARY(reciprocal, Reciprocal)
PYT_MATH_UNARY(floor, Floor)
PYT_MATH_UNARY(ceil, Ceil)
PYT_MATH_UNARY(round, Round)
PYT_MATH_UNARY(trunc, Trunc)
PYT_MATH_UNARY(frac, Frac)
#undef PYT_MATH_UNARY

Tensor round(const Tensor& t, int64_t decimals) {
  Tensor out = round_decimals_compute(Tensor(), t, decimals);
  if (any_requires_grad({&t}) && is_floating_type(out.dtype())) {
    auto node = make_node("RoundBackward1", {t}, [](BackwardNode&, const TensorList& g) {
      return TensorList{zeros_like(g[0])};
    });
    set_history(out, node);
  }
  return out;
}

Tensor& round_(Tensor& t, int64_t decimals) {
  return inplace_op(t, {}, "round_", [decimals](const Tensor& s) { return round(s, decimals); },
                    [&] { round_decimals_compute(t, t, decimals); });
}

Tensor square(const Tensor& t) { return pow(t, wrapped_scalar(Scalar(2))); }
Tensor& square_(Tensor& t) { return pow_(t, wrapped_scalar(Scalar(2))); }

Tensor atan2(const Tensor& a, const Tensor& b) { return binary_op(MathBinaryKind::Atan2, a, b); }
Tensor hypot(const Tensor& a, const Tensor& b) { return binary_op(MathBinaryKind::Hypot, a, b); }
Tensor fmod(const Tensor& a, const Tensor& b) { return binary_op(MathBinaryKind::Fmod, a, b); }

#define PYT_MATH_BINARY_INPLACE(NAME, KIND)                                                           \
  Tensor& NAME##_(Tensor& a, const Tensor& b) {                                                       \
    return inplace_op(a, {b}, #NAME "_", [&](const Tensor& s) { return NAME(s, b); },                  \
                      [&] { binary_compute(MathBinaryKind::KIND, a, a, b); });                        \
  }
PYT_MATH_BINARY_INPLACE(atan2, Atan2)
PYT_MATH_BINARY_INPLACE(hypot, Hypot)
PYT_MATH_BINARY_INPLACE(fmod, Fmod)
#undef PYT_MATH_BINARY_INPLACE

namespace {
// floor_divide out of place; name is the op torch's NotImplemented error names.
Tensor floor_divide_impl(const Tensor& a, const Tensor& b, const char* name) {
  ScalarType common = result_type({a, b});
  PYT_CHECK(common != ScalarType::Bool, NotImplementedError, "\"div_floor_cpu\" not implemented for '",
            scalar_type_name(common), "'");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = div(a, b, "floor");
  }
  if (any_requires_grad({&a, &b}) && is_floating_type(out.dtype())) {
    // torch records a node whose backward raises: floor_divide has no derivative formula.
    std::string msg = str("derivative for ", name, " is not implemented");
    auto node = make_node("torch::autograd::NotImplemented", {a, b},
                          [msg](BackwardNode&, const TensorList&) -> TensorList { throw RuntimeError(msg); });
    set_history(out, node);
  }
  return out;
}
}  // namespace

Tensor floor_divide(const Tensor& a, const Tensor& b) { return floor_divide_impl(a, b, "aten::floor_divide"); }

Tensor& floor_divide_(Tensor& a, const Tensor& b) {
  auto oop = [&](const Tensor& s) { return floor_divide_impl(s, b, "aten::floor_divide_"); };
  return inplace_op(a, {b}, "floor_divide_", oop, [&] { assign_result(a, oop, "floor_divide_"); });
}

Tensor lerp(const Tensor& self, const Tensor& end, const Scalar& weight) {
  Tensor out = lerp_scalar_compute(Tensor(), self, end, weight);
  if (any_requires_grad({&self, &end}) && is_floating_type(out.dtype())) {
    InputInfo is(self), ie(end);
    double w = weight.to_double();
    auto node = make_node("LerpBackward0", {self, end}, [is, ie, w](BackwardNode& n, const TensorList& g) {
      TensorList r(2);
      if (n.needs_input_grad(0)) r[0] = reduce_grad(mul(g[0], num(1.0 - w)), is.sizes, is.dtype);
      if (n.needs_input_grad(1)) r[1] = reduce_grad(mul(g[0], num(w)), ie.sizes, ie.dtype);
      return r;
    });
    set_history(out, node);
  }
  return out;
}

Tensor lerp(const Tensor& self, const Tensor& end, const Tensor& weight) {
  Tensor out = lerp_tensor_compute(Tensor(), self, end, weight);
  if (any_requires_grad({&self, &end, &weight}) && is_floating_type(out.dtype())) {
    InputInfo is(self), ie(end), iw(weight);
    auto node = make_node("LerpBackward1", {self, end, weight}, [is, ie, iw](BackwardNode& n, const TensorList& g) {
      Tensor s = n.saved(0), e = n.saved(1), w = n.saved(2);
      TensorList r(3);
      if (n.needs_input_grad(0)) r[0] = reduce_grad(mul(g[0], sub(num(1.0), w)), is.sizes, is.dtype);
      if (n.needs_input_grad(1)) r[1] = reduce_grad(mul(g[0], w), ie.sizes, ie.dtype);
      if (n.needs_input_grad(2)) r[2] = reduce_grad(mul(g[0], sub(e, s)), iw.sizes, iw.dtype);
      return r;
    });
    node->save(weight.requires_grad() ? self : Tensor());
    node->save(weight.requires_grad() ? end : Tensor());
    node->save(weight);
    set_history(out, node);
  }
  return out;
}

Tensor& lerp_(Tensor& self, const Tensor& end, const Scalar& weight) {
  return inplace_op(self, {end}, "lerp_", [&](const Tensor& s) { return lerp(s, end, weight); },
                    [&] { lerp_scalar_compute(self, self, end, weight); });
}

Tensor& lerp_(Tensor& self, const Tensor& end, const Tensor& weight) {
  return inplace_op(self, {end, weight}, "lerp_", [&](const Tensor& s) { return lerp(s, end, weight); },
                    [&] { lerp_tensor_compute(self, self, end, weight); });
}

Tensor true_divide(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor multiply(const Tensor& a, const Tensor& b) { return mul(a, b); }
Tensor subtract(const Tensor& a, const Tensor& b, const Scalar& alpha) { return sub(a, b, alpha); }
Tensor& true_divide_(Tensor& a, const Tensor& b) { return div_(a, b); }
Tensor& multiply_(Tensor& a, const Tensor& b) { return mul_(a, b); }
Tensor& subtract_(Tensor& a, const Tensor& b, const Scalar& alpha) { return sub_(a, b, alpha); }

Tensor isnan(const Tensor& t) { return float_class(FloatClassKind::IsNan, "isnan", t); }
Tensor isinf(const Tensor& t) { return float_class(FloatClassKind::IsInf, "isinf", t); }
Tensor isfinite(const Tensor& t) { return float_class(FloatClassKind::IsFinite, "isfinite", t); }

Tensor nan_to_num(const Tensor& t, double nan, std::optional<double> posinf, std::optional<double> neginf) {
  Tensor out = nan_to_num_compute(Tensor(), t, nan, posinf, neginf);
  if (any_requires_grad({&t}) && is_floating_type(out.dtype())) {
    // The gradient flows through the finite elements only.
    auto node = make_node("NanToNumBackward0", {t}, [](BackwardNode& n, const TensorList& g) {
      return TensorList{mul(g[0], isfinite(n.saved(0)))};
    });
    node->save(t);
    set_history(out, node);
  }
  return out;
}

Tensor& nan_to_num_(Tensor& t, double nan, std::optional<double> posinf, std::optional<double> neginf) {
  return inplace_op(t, {}, "nan_to_num_", [&](const Tensor& s) { return nan_to_num(s, nan, posinf, neginf); },
                    [&] { nan_to_num_compute(t, t, nan, posinf, neginf); });
}

Tensor logical_and(const Tensor& a, const Tensor& b) { return logical_compute(LogicalKind::And, Tensor(), a, b); }
Tensor logical_or(const Tensor& a, const Tensor& b) { return logical_compute(LogicalKind::Or, Tensor(), a, b); }
Tensor logical_xor(const Tensor& a, const Tensor& b) { return logical_compute(LogicalKind::Xor, Tensor(), a, b); }
Tensor logical_not(const Tensor& t) { return logical_not_compute(Tensor(), t); }

// Logical results have no gradient. In place, as in torch, they are not recorded at all (not
// even the leaf check): self's values change, its history stays, and gradients flow as if
// self were unchanged. The version bump still catches a saved self read in backward.
namespace {
template <typename Kernel>
Tensor& logical_inplace(Tensor& self, const char* op, Kernel kernel) {
  kernel();
  self.bump_version(op);
  return self;
}
}  // namespace

Tensor& logical_and_(Tensor& a, const Tensor& b) {
  return logical_inplace(a, "logical_and_", [&] { logical_compute(LogicalKind::And, a, a, b); });
}
Tensor& logical_or_(Tensor& a, const Tensor& b) {
  return logical_inplace(a, "logical_or_", [&] { logical_compute(LogicalKind::Or, a, a, b); });
}
Tensor& logical_xor_(Tensor& a, const Tensor& b) {
  return logical_inplace(a, "logical_xor_", [&] { logical_compute(LogicalKind::Xor, a, a, b); });
}
Tensor& logical_not_(Tensor& t) {
  return logical_inplace(t, "logical_not_", [&] { logical_not_compute(t, t); });
}

}  // namespace pyt
