// Bindings of the ops declared in pyt/ops/math.h: pyt.<name> functions, Tensor.<name>
// methods and their in-place Tensor.<name>_ variants, with torch's signatures.
#include "common.h"

namespace pyt::python {

namespace {

using GIL = py::gil_scoped_release;

std::optional<double> opt_double(py::handle h, const char* op) {
  if (h.is_none()) return std::nullopt;
  return to_scalar(h, op).to_double();
}

// Docstring of a unary function: what it computes, the source it follows, an example.
#define PYT_UNARY_DOC(NAME, WHAT, EX_IN, EX_OUT)                                                \
  NAME "(input) -> Tensor\n\n" WHAT " (torch." NAME ").\n\n"                                    \
  "Args:\n    input (Tensor): any shape.\n\n"                                                   \
  "Returns:\n    Tensor: input's shape.\n\n"                                                     \
  "Example:\n    >>> pyt." NAME "(pyt.tensor(" EX_IN "))\n    " EX_OUT

#define PYT_FLOAT_FN(WHAT) WHAT "; integer and bool inputs compute in the default float dtype"

}  // namespace

void init_math(py::module_& m) {
  auto cls = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));

  // ---- unary: pyt.f(input), Tensor.f(), Tensor.f_()
#define PYT_UNARY(NAME, DOC)                                                                     \
  m.def(#NAME, [](const Tensor& t) { GIL g; return NAME(t); }, py::arg("input"), DOC);           \
  cls.def(#NAME, [](const Tensor& t) { GIL g; return NAME(t); }, "See pyt." #NAME "().");        \
  cls.def(#NAME "_", [](Tensor& t) -> Tensor& { GIL g; return NAME##_(t); },                    \
          py::return_value_policy::reference_internal, "In-place version of Tensor." #NAME "().");
  PYT_UNARY(exp2, PYT_UNARY_DOC("exp2", PYT_FLOAT_FN("Elementwise 2 ** input"), "[0.0, 1.0, 3.0]",
                                "tensor([1., 2., 8.])"))
  PYT_UNARY(log2, PYT_UNARY_DOC("log2", PYT_FLOAT_FN("Elementwise base-2 logarithm"), "[1.0, 2.0, 8.0]",
                                "tensor([0., 1., 3.])"))
  PYT_UNARY(log10, PYT_UNARY_DOC("log10", PYT_FLOAT_FN("Elementwise base-10 logarithm"), "[1.0, 10.0, 1000.0]",
                                 "tensor([0., 1., 3.])"))
  PYT_UNARY(log1p, PYT_UNARY_DOC("log1p", PYT_FLOAT_FN("Elementwise log(1 + input), accurate for small input"),
                                 "[0.0, 1e-8, 1.0]", "tensor([0.0000e+00, 1.0000e-08, 6.9315e-01])"))
  PYT_UNARY(expm1, PYT_UNARY_DOC("expm1", PYT_FLOAT_FN("Elementwise exp(input) - 1, accurate for small input"),
                                 "[0.0, 1e-8, 1.0]", "tensor([0.0000e+00, 1.0000e-08, 1.7183e+00])"))
  PYT_UNARY(rsqrt, PYT_UNARY_DOC("rsqrt", PYT_FLOAT_FN("Elementwise 1 / sqrt(input)"), "[1.0, 4.0, 0.25]",
                                 "tensor([1.0000, 0.5000, 2.0000])"))
  PYT_UNARY(sin, PYT_UNARY_DOC("sin", PYT_FLOAT_FN("Elementwise sine, in radians"), "[0.0, 1.5707964]",
                               "tensor([0., 1.])"))
  PYT_UNARY(cos, PYT_UNARY_DOC("cos", PYT_FLOAT_FN("Elementwise cosine, in radians"), "[0.0, 3.1415927]",
                               "tensor([ 1., -1.])"))
  PYT_UNARY(tan, PYT_UNARY_DOC("tan", PYT_FLOAT_FN("Elementwise tangent, in radians"), "[0.0, 0.7853982]",
                               "tensor([0., 1.])"))
  PYT_UNARY(asin, PYT_UNARY_DOC("asin", PYT_FLOAT_FN("Elementwise arcsine; NaN outside [-1, 1]"), "[0.0, 1.0]",
                                "tensor([0.0000, 1.5708])"))
  PYT_UNARY(acos, PYT_UNARY_DOC("acos", PYT_FLOAT_FN("Elementwise arccosine; NaN outside [-1, 1]"), "[1.0, 0.0]",
                                "tensor([0.0000, 1.5708])"))
  PYT_UNARY(atan, PYT_UNARY_DOC("atan", PYT_FLOAT_FN("Elementwise arctangent"), "[0.0, 1.0]",
                                "tensor([0.0000, 0.7854])"))
  PYT_UNARY(sinh, PYT_UNARY_DOC("sinh", PYT_FLOAT_FN("Elementwise hyperbolic sine"), "[0.0, 1.0]",
                                "tensor([0.0000, 1.1752])"))
  PYT_UNARY(cosh, PYT_UNARY_DOC("cosh", PYT_FLOAT_FN("Elementwise hyperbolic cosine"), "[0.0, 1.0]",
                                "tensor([1.0000, 1.5431])"))
  PYT_UNARY(asinh, PYT_UNARY_DOC("asinh", PYT_FLOAT_FN("Elementwise inverse hyperbolic sine"), "[0.0, 1.0]",
                                 "tensor([0.0000, 0.8814])"))
  PYT_UNARY(acosh, PYT_UNARY_DOC("acosh", PYT_FLOAT_FN("Elementwise inverse hyperbolic cosine; NaN below 1"),
                                 "[1.0, 2.0]", "tensor([0.0000, 1.3170])"))
  PYT_UNARY(atanh, PYT_UNARY_DOC("atanh", PYT_FLOAT_FN("Elementwise inverse hyperbolic tangent; +-inf at +-1, NaN "
                                                        "outside [-1, 1]"),
                                 "[0.0, 0.5]", "tensor([0.0000, 0.5493])"))
  PYT_UNARY(erf, PYT_UNARY_DOC("erf", PYT_FLOAT_FN("Elementwise Gauss error function"), "[0.0, 0.5, -3.0]",
                               "tensor([ 0.0000,  0.5205, -1.0000])"))
  PYT_UNARY(erfinv, PYT_UNARY_DOC("erfinv", PYT_FLOAT_FN("Elementwise inverse of erf: +-inf at +-1, NaN outside "
                                                         "[-1, 1]"),
                                  "[0.0, 0.5, -1.0]", "tensor([0.0000, 0.4769,   -inf])"))
  PYT_UNARY(reciprocal, PYT_UNARY_DOC("reciprocal", PYT_FLOAT_FN("Elementwise 1 / input"), "[2.0, -0.5, 0.0]",
                                      "tensor([ 0.5000, -2.0000,     inf])"))
  PYT_UNARY(floor, PYT_UNARY_DOC("floor", "Elementwise largest integer <= input; integer inputs are returned as "
                                          "they are, bool raises NotImplementedError",
                                 "[-1.5, 0.5, 2.0]", "tensor([-2.,  0.,  2.])"))
  PYT_UNARY(ceil, PYT_UNARY_DOC("ceil", "Elementwise smallest integer >= input; integer inputs are returned as "
                                        "they are, bool raises NotImplementedError",
                                "[-1.5, 0.5, 2.0]", "tensor([-1.,  1.,  2.])"))
  PYT_UNARY(trunc, PYT_UNARY_DOC("trunc", "Elementwise rounding toward zero; integer inputs are returned as they "
                                          "are, bool raises NotImplementedError",
                                 "[-1.5, 0.5, 2.7]", "tensor([-1.,  0.,  2.])"))
  PYT_UNARY(frac, PYT_UNARY_DOC("frac", "Elementwise input - trunc(input), with input's sign; floating inputs only "
                                        "(NotImplementedError otherwise)",
                                "[-1.5, 0.25, 2.0]", "tensor([-0.5000,  0.2500,  0.0000])"))
  PYT_UNARY(square, PYT_UNARY_DOC("square", "Elementwise input * input, as pow(input, 2): integer dtypes are kept, "
                                            "bool becomes int64",
                                  "[-2, 0, 3]", "tensor([4, 0, 9])"))
#undef PYT_UNARY

  // ---- round(input, *, decimals=None)
  auto round_fn = [](const Tensor& t, std::optional<int64_t> decimals) {
    GIL g;
    return decimals ? round(t, *decimals) : round(t);
  };
  m.def("round", round_fn, py::arg("input"), py::kw_only(), py::arg("decimals") = py::none(),
        "round(input, *, decimals=None) -> Tensor\n\n"
        "Elementwise rounding half to even (torch.round). Without decimals integer inputs are returned as they\n"
        "are; with decimals (digits after the point, negative: before it) the input must be floating.\n\n"
        "Args:\n    input (Tensor): any shape.\n    decimals (int, optional): number of decimal places.\n\n"
        "Returns:\n    Tensor: input's shape and dtype.\n\n"
        "Example:\n    >>> pyt.round(pyt.tensor([0.5, 1.5, -2.5, 2.7]))\n    tensor([ 0.,  2., -2.,  3.])\n"
        "    >>> pyt.round(pyt.tensor([1.2345, 123.45]), decimals=2)\n    tensor([  1.2300, 123.4500])");
  cls.def("round", round_fn, py::kw_only(), py::arg("decimals") = py::none(), "See pyt.round().");
  cls.def("round_", [](Tensor& t, std::optional<int64_t> decimals) -> Tensor& {
    GIL g;
    return decimals ? round_(t, *decimals) : round_(t);
  }, py::kw_only(), py::arg("decimals") = py::none(), py::return_value_policy::reference_internal,
     "In-place version of Tensor.round().");

  // ---- binary functions of two tensors (Python numbers are not accepted, as in torch)
#define PYT_TENSOR_BINARY(NAME, DOC)                                                                         \
  m.def(#NAME, [](const Tensor& a, const Tensor& b) { GIL g; return NAME(a, b); }, py::arg("input"),          \
        py::arg("other"), DOC);                                                                              \
  cls.def(#NAME, [](const Tensor& a, const Tensor& b) { GIL g; return NAME(a, b); }, py::arg("other"),        \
          "See pyt." #NAME "().");                                                                           \
  cls.def(#NAME "_", [](Tensor& a, const Tensor& b) -> Tensor& { GIL g; return NAME##_(a, b); },             \
          py::arg("other"), py::return_value_policy::reference_internal, "In-place version of Tensor." #NAME "().");
  PYT_TENSOR_BINARY(atan2,
                    "atan2(input, other) -> Tensor\n\n"
                    "Elementwise arctangent of input / other in the quadrant of (other, input), in (-pi, pi]\n"
                    "(torch.atan2). Operands broadcast and promote; integer results compute in the default float "
                    "dtype.\n\n"
                    "Args:\n    input (Tensor): y coordinates.\n    other (Tensor): x coordinates, broadcastable.\n\n"
                    "Returns:\n    Tensor: the broadcast shape.\n\n"
                    "Example:\n    >>> pyt.atan2(pyt.tensor([1.0, -1.0]), pyt.tensor([-1.0, -1.0]))\n"
                    "    tensor([ 2.3562, -2.3562])")
  PYT_TENSOR_BINARY(hypot,
                    "hypot(input, other) -> Tensor\n\n"
                    "Elementwise sqrt(input**2 + other**2) without intermediate overflow (torch.hypot); floating\n"
                    "dtypes only (NotImplementedError otherwise).\n\n"
                    "Args:\n    input (Tensor): any shape.\n    other (Tensor): broadcastable to input.\n\n"
                    "Returns:\n    Tensor: the broadcast shape.\n\n"
                    "Example:\n    >>> pyt.hypot(pyt.tensor([3.0, 5.0]), pyt.tensor([4.0, 12.0]))\n"
                    "    tensor([ 5., 13.])")
  PYT_TENSOR_BINARY(logical_and,
                    "logical_and(input, other) -> Tensor\n\n"
                    "Elementwise logical AND of the truth values (nonzero is true) of any dtypes, as bool\n"
                    "(torch.logical_and). Tensor.logical_and_ keeps self's dtype (1 / 0).\n\n"
                    "Args:\n    input (Tensor): any shape and dtype.\n    other (Tensor): broadcastable.\n\n"
                    "Returns:\n    Tensor: bool, the broadcast shape.\n\n"
                    "Example:\n    >>> pyt.logical_and(pyt.tensor([True, False, True]), pyt.tensor([1, 1, 0]))\n"
                    "    tensor([ True, False, False])")
  PYT_TENSOR_BINARY(logical_or,
                    "logical_or(input, other) -> Tensor\n\n"
                    "Elementwise logical OR of the truth values (nonzero is true) of any dtypes, as bool\n"
                    "(torch.logical_or).\n\n"
                    "Args:\n    input (Tensor): any shape and dtype.\n    other (Tensor): broadcastable.\n\n"
                    "Returns:\n    Tensor: bool, the broadcast shape.\n\n"
                    "Example:\n    >>> pyt.logical_or(pyt.tensor([True, False, False]), pyt.tensor([0, 1, 0]))\n"
                    "    tensor([ True,  True, False])")
  PYT_TENSOR_BINARY(logical_xor,
                    "logical_xor(input, other) -> Tensor\n\n"
                    "Elementwise logical XOR of the truth values (nonzero is true) of any dtypes, as bool\n"
                    "(torch.logical_xor).\n\n"
                    "Args:\n    input (Tensor): any shape and dtype.\n    other (Tensor): broadcastable.\n\n"
                    "Returns:\n    Tensor: bool, the broadcast shape.\n\n"
                    "Example:\n    >>> pyt.logical_xor(pyt.tensor([True, False, True]), pyt.tensor([0, 1, 1]))\n"
                    "    tensor([ True,  True, False])")
#undef PYT_TENSOR_BINARY

  // ---- fmod(input, other): other a Tensor or a Python number
  m.def("fmod", [](const Tensor& a, py::handle b) {
    Tensor o = to_operand(b, "fmod");
    GIL g;
    return fmod(a, o);
  }, py::arg("input"), py::arg("other"),
     "fmod(input, other) -> Tensor\n\n"
     "Elementwise C-style remainder of input / other: the result has the sign of input (torch.fmod; compare\n"
     "pyt.remainder). Integer division by zero raises RuntimeError; floating gives NaN.\n\n"
     "Args:\n    input (Tensor): the dividend.\n    other (Tensor or Number): the divisor, broadcastable.\n\n"
     "Returns:\n    Tensor: the broadcast shape, the promoted dtype.\n\n"
     "Example:\n    >>> pyt.fmod(pyt.tensor([-3.0, 3.0, 5.5]), 2)\n    tensor([-1.0000,  1.0000,  1.5000])");
  cls.def("fmod", [](const Tensor& a, py::handle b) {
    Tensor o = to_operand(b, "fmod");
    GIL g;
    return fmod(a, o);
  }, py::arg("other"), "See pyt.fmod().");
  cls.def("fmod_", [](Tensor& a, py::handle b) -> Tensor& {
    Tensor o = to_operand(b, "fmod_");
    GIL g;
    return fmod_(a, o);
  }, py::arg("other"), py::return_value_policy::reference_internal, "In-place version of Tensor.fmod().");

  // ---- binary ops whose operands may both be Python numbers' partners (torch's Tensor/Number overloads)
#define PYT_NUMBER_BINARY(NAME, DOC)                                                                  \
  m.def(#NAME, [](py::handle a, py::handle b) {                                                       \
    Tensor x = to_operand(a, #NAME), y = to_operand(b, #NAME);                                        \
    GIL g;                                                                                            \
    return NAME(x, y);                                                                                \
  }, py::arg("input"), py::arg("other"), DOC);                                                        \
  cls.def(#NAME, [](const Tensor& a, py::handle b) {                                                  \
    Tensor y = to_operand(b, #NAME);                                                                  \
    GIL g;                                                                                            \
    return NAME(a, y);                                                                                \
  }, py::arg("other"), "See pyt." #NAME "().");                                                      \
  cls.def(#NAME "_", [](Tensor& a, py::handle b) -> Tensor& {                                         \
    Tensor y = to_operand(b, #NAME "_");                                                              \
    GIL g;                                                                                            \
    return NAME##_(a, y);                                                                             \
  }, py::arg("other"), py::return_value_policy::reference_internal, "In-place version of Tensor." #NAME "().");
  PYT_NUMBER_BINARY(floor_divide,
                    "floor_divide(input, other) -> Tensor\n\n"
                    "Elementwise floor(input / other) in the promoted dtype (torch.floor_divide, Python's //).\n"
                    "Integer division by zero raises RuntimeError. Its gradient is not implemented (as in torch):\n"
                    "backward through it raises RuntimeError.\n\n"
                    "Args:\n    input (Tensor or Number): the dividend.\n"
                    "    other (Tensor or Number): the divisor, broadcastable.\n\n"
                    "Returns:\n    Tensor: the broadcast shape.\n\n"
                    "Example:\n    >>> pyt.floor_divide(pyt.tensor([7, -7]), 2)\n    tensor([ 3, -4])")
  PYT_NUMBER_BINARY(true_divide,
                    "true_divide(input, other) -> Tensor\n\n"
                    "Alias of pyt.div without rounding mode (torch.true_divide).\n\n"
                    "Args:\n    input (Tensor or Number): the dividend.\n"
                    "    other (Tensor or Number): the divisor, broadcastable.\n\n"
                    "Returns:\n    Tensor: the broadcast shape; integer operands give the default float dtype.\n\n"
                    "Example:\n    >>> pyt.true_divide(pyt.tensor([1, 3]), 2)\n    tensor([0.5000, 1.5000])")
  PYT_NUMBER_BINARY(multiply,
                    "multiply(input, other) -> Tensor\n\n"
                    "Alias of pyt.mul (torch.multiply).\n\n"
                    "Args:\n    input (Tensor or Number): a factor.\n"
                    "    other (Tensor or Number): a factor, broadcastable.\n\n"
                    "Returns:\n    Tensor: the broadcast shape, the promoted dtype.\n\n"
                    "Example:\n    >>> pyt.multiply(pyt.tensor([1, 3]), 2)\n    tensor([2, 6])")
#undef PYT_NUMBER_BINARY

  // ---- subtract(input, other, *, alpha=1)
  m.def("subtract", [](py::handle a, py::handle b, py::handle alpha) {
    Tensor x = to_operand(a, "subtract"), y = to_operand(b, "subtract");
    Scalar al = to_scalar(alpha, "subtract");
    GIL g;
    return subtract(x, y, al);
  }, py::arg("input"), py::arg("other"), py::kw_only(), py::arg("alpha") = 1,
     "subtract(input, other, *, alpha=1) -> Tensor\n\n"
     "Alias of pyt.sub: input - alpha * other (torch.subtract).\n\n"
     "Args:\n    input (Tensor or Number): the minuend.\n    other (Tensor or Number): broadcastable.\n"
     "    alpha (Number): the multiplier of other.\n\n"
     "Returns:\n    Tensor: the broadcast shape, the promoted dtype.\n\n"
     "Example:\n    >>> pyt.subtract(pyt.tensor([5, 7]), 2, alpha=2)\n    tensor([1, 3])");
  cls.def("subtract", [](const Tensor& a, py::handle b, py::handle alpha) {
    Tensor y = to_operand(b, "subtract");
    Scalar al = to_scalar(alpha, "subtract");
    GIL g;
    return subtract(a, y, al);
  }, py::arg("other"), py::kw_only(), py::arg("alpha") = 1, "See pyt.subtract().");
  cls.def("subtract_", [](Tensor& a, py::handle b, py::handle alpha) -> Tensor& {
    Tensor y = to_operand(b, "subtract_");
    Scalar al = to_scalar(alpha, "subtract_");
    GIL g;
    return subtract_(a, y, al);
  }, py::arg("other"), py::kw_only(), py::arg("alpha") = 1, py::return_value_policy::reference_internal,
     "In-place version of Tensor.subtract().");

  // ---- lerp(input, end, weight): weight a Python number (LerpBackward0) or a tensor (LerpBackward1)
  auto lerp_fn = [](const Tensor& a, const Tensor& end, py::handle w) {
    if (py::isinstance<Tensor>(w)) {
      Tensor wt = w.cast<Tensor>();
      GIL g;
      return lerp(a, end, wt);
    }
    Scalar ws = to_scalar(w, "lerp");
    GIL g;
    return lerp(a, end, ws);
  };
  m.def("lerp", lerp_fn, py::arg("input"), py::arg("end"), py::arg("weight"),
        "lerp(input, end, weight) -> Tensor\n\n"
        "Linear interpolation input + weight * (end - input), exact at weight 0 and 1 (torch.lerp).\n"
        "input and end (and a weight tensor with dimensions) must share one floating dtype.\n\n"
        "Args:\n    input (Tensor): the start points.\n    end (Tensor): the end points, broadcastable.\n"
        "    weight (float or Tensor): the weight, broadcastable.\n\n"
        "Returns:\n    Tensor: the broadcast shape, input's dtype.\n\n"
        "Example:\n    >>> pyt.lerp(pyt.tensor([0.0, 10.0]), pyt.tensor([10.0, 20.0]), 0.25)\n"
        "    tensor([ 2.5000, 12.5000])");
  cls.def("lerp", lerp_fn, py::arg("end"), py::arg("weight"), "See pyt.lerp().");
  cls.def("lerp_", [](Tensor& a, const Tensor& end, py::handle w) -> Tensor& {
    if (py::isinstance<Tensor>(w)) {
      Tensor wt = w.cast<Tensor>();
      GIL g;
      return lerp_(a, end, wt);
    }
    Scalar ws = to_scalar(w, "lerp_");
    GIL g;
    return lerp_(a, end, ws);
  }, py::arg("end"), py::arg("weight"), py::return_value_policy::reference_internal,
     "In-place version of Tensor.lerp().");

  // ---- isnan / isinf / isfinite (no in-place variants, as in torch)
#define PYT_CLASSIFY(NAME, DOC)                                                                  \
  m.def(#NAME, [](const Tensor& t) { GIL g; return NAME(t); }, py::arg("input"), DOC);           \
  cls.def(#NAME, [](const Tensor& t) { GIL g; return NAME(t); }, "See pyt." #NAME "().");
  PYT_CLASSIFY(isnan, PYT_UNARY_DOC("isnan", "Bool tensor: which elements are NaN (none for integer dtypes)",
                                    "[1.0, float('nan'), float('inf')]", "tensor([False,  True, False])"))
  PYT_CLASSIFY(isinf, PYT_UNARY_DOC("isinf", "Bool tensor: which elements are +inf or -inf",
                                    "[1.0, float('nan'), float('inf')]", "tensor([False, False,  True])"))
  PYT_CLASSIFY(isfinite, PYT_UNARY_DOC("isfinite", "Bool tensor: which elements are neither NaN nor infinite",
                                       "[1.0, float('nan'), float('inf')]", "tensor([ True, False, False])"))
#undef PYT_CLASSIFY

  // ---- logical_not
  m.def("logical_not", [](const Tensor& t) { GIL g; return logical_not(t); }, py::arg("input"),
        PYT_UNARY_DOC("logical_not", "Bool tensor: which elements are zero (the logical NOT of any dtype)",
                      "[0.0, 2.0, -1.0]", "tensor([ True, False, False])"));
  cls.def("logical_not", [](const Tensor& t) { GIL g; return logical_not(t); }, "See pyt.logical_not().");
  cls.def("logical_not_", [](Tensor& t) -> Tensor& { GIL g; return logical_not_(t); },
          py::return_value_policy::reference_internal,
          "In place: self = logical_not(self) in self's dtype (1 / 0).");

  // ---- nan_to_num(input, nan=0.0, posinf=None, neginf=None)
  auto ntn = [](const Tensor& t, py::handle nan, py::handle posinf, py::handle neginf) {
    double n = to_scalar(nan, "nan_to_num").to_double();
    auto p = opt_double(posinf, "nan_to_num"), q = opt_double(neginf, "nan_to_num");
    GIL g;
    return nan_to_num(t, n, p, q);
  };
  m.def("nan_to_num", ntn, py::arg("input"), py::arg("nan") = 0.0, py::arg("posinf") = py::none(),
        py::arg("neginf") = py::none(),
        "nan_to_num(input, nan=0.0, posinf=None, neginf=None) -> Tensor\n\n"
        "input with NaN, +inf and -inf replaced (torch.nan_to_num). Absent posinf / neginf become the largest /\n"
        "lowest finite value of input's dtype; integer and bool inputs are copied unchanged. The gradient flows\n"
        "through the finite elements only.\n\n"
        "Args:\n    input (Tensor): any shape.\n    nan (float): the value for NaN.\n"
        "    posinf, neginf (float, optional): the values for +inf and -inf.\n\n"
        "Returns:\n    Tensor: input's shape and dtype.\n\n"
        "Example:\n    >>> x = pyt.tensor([float('nan'), float('inf'), -float('inf'), 1.0])\n"
        "    >>> pyt.nan_to_num(x, nan=0.0, posinf=1.0, neginf=-1.0)\n    tensor([ 0.,  1., -1.,  1.])");
  cls.def("nan_to_num", ntn, py::arg("nan") = 0.0, py::arg("posinf") = py::none(), py::arg("neginf") = py::none(),
          "See pyt.nan_to_num().");
  cls.def("nan_to_num_", [](Tensor& t, py::handle nan, py::handle posinf, py::handle neginf) -> Tensor& {
    double n = to_scalar(nan, "nan_to_num_").to_double();
    auto p = opt_double(posinf, "nan_to_num_"), q = opt_double(neginf, "nan_to_num_");
    GIL g;
    return nan_to_num_(t, n, p, q);
  }, py::arg("nan") = 0.0, py::arg("posinf") = py::none(), py::arg("neginf") = py::none(),
     py::return_value_policy::reference_internal, "In-place version of Tensor.nan_to_num().");
}

#undef PYT_UNARY_DOC
#undef PYT_FLOAT_FN

}  // namespace pyt::python
