// Bindings of the ops declared in pyt/ops/extra.h: pyt.<name> functions, Tensor.<name>
// methods, their in-place Tensor.<name>_ variants and the << / >> operators, with torch's
// signatures.
#include "common.h"

namespace pyt::python {

namespace {

using GIL = py::gil_scoped_release;

std::optional<double> opt_eps(py::handle h, const char* op) {
  if (h.is_none()) return std::nullopt;
  return to_scalar(h, op).to_double();
}

// Docstring of a unary function: what it computes, the source it follows, an example.
#define PYT_EXTRA_UNARY_DOC(NAME, WHAT, EX_IN, EX_OUT)                                            \
  NAME "(input) -> Tensor\n\n" WHAT " (torch." NAME ").\n\n"                                      \
  "Args:\n    input (Tensor): any shape; integer and bool inputs compute in the default float dtype.\n\n" \
  "Returns:\n    Tensor: input's shape, floating.\n\n"                                              \
  "Example:\n    >>> pyt." NAME "(pyt.tensor(" EX_IN "))\n    " EX_OUT

// Docstring of a binary function.
#define PYT_EXTRA_BINARY_DOC(NAME, WHAT, ARGS, RET, EX, EX_OUT)                                  \
  NAME "(input, other) -> Tensor\n\n" WHAT " (torch." NAME ").\n\n"                              \
  "Args:\n" ARGS "\n\nReturns:\n    " RET "\n\nExample:\n    >>> " EX "\n    " EX_OUT

}  // namespace

void init_extra(py::module_& m) {
  auto cls = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));

  // ---- binary ops taking Tensors or Python numbers on either side (torch's Scalar overloads)
#define PYT_EXTRA_NUMBER_BINARY(NAME, DOC)                                                            \
  m.def(#NAME, [](py::handle a, py::handle b) {                                                       \
    if (!py::isinstance<Tensor>(a) && !py::isinstance<Tensor>(b))                                     \
      throw py::type_error(#NAME "() received an invalid combination of arguments: one of input and "  \
                           "other must be a Tensor");                                                  \
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

  PYT_EXTRA_NUMBER_BINARY(
      bitwise_left_shift,
      PYT_EXTRA_BINARY_DOC("bitwise_left_shift",
                           "Elementwise input << other of integral operands (Python's <<). A shift by a negative\n"
                           "amount or by the bit width or more gives 0, as torch's CPU kernel; floating and bool\n"
                           "results raise NotImplementedError",
                           "    input (Tensor or int): the values.\n    other (Tensor or int): the shift amounts, "
                           "broadcastable.",
                           "Tensor: the broadcast shape, the promoted dtype.",
                           "pyt.bitwise_left_shift(pyt.tensor([1, -8], dtype=pyt.int8), 2)",
                           "tensor([  4, -32], dtype=torch.int8)"))
  PYT_EXTRA_NUMBER_BINARY(
      bitwise_right_shift,
      PYT_EXTRA_BINARY_DOC("bitwise_right_shift",
                           "Elementwise input >> other of integral operands (Python's >>, arithmetic for signed\n"
                           "dtypes). A shift by a negative amount or by the bit width or more gives the sign fill\n"
                           "(0 or -1); floating and bool results raise NotImplementedError",
                           "    input (Tensor or int): the values.\n    other (Tensor or int): the shift amounts, "
                           "broadcastable.",
                           "Tensor: the broadcast shape, the promoted dtype.",
                           "pyt.bitwise_right_shift(pyt.tensor([-8, 8]), 1)", "tensor([-4,  4])"))
  PYT_EXTRA_NUMBER_BINARY(
      copysign,
      PYT_EXTRA_BINARY_DOC("copysign",
                           "Elementwise |input| with the sign of other (-0.0 counts as negative). Integer and bool\n"
                           "operands give the default float dtype. The gradient w.r.t. input is sign(input) *\n"
                           "sign(other) (0 at input == 0); w.r.t. other it is 0",
                           "    input (Tensor or Number): the magnitudes.\n    other (Tensor or Number): the signs, "
                           "broadcastable.",
                           "Tensor: the broadcast shape, floating.",
                           "pyt.copysign(pyt.tensor([1.0, -2.0, 3.0]), pyt.tensor([-0.0, 1.0, -1.0]))",
                           "tensor([-1.,  2., -3.])"))
  PYT_EXTRA_NUMBER_BINARY(
      xlogy,
      PYT_EXTRA_BINARY_DOC("xlogy",
                           "Elementwise input * log(other), 0 where input == 0 unless other is NaN. Integer and\n"
                           "bool operands give the default float dtype",
                           "    input (Tensor or Number): the factors.\n    other (Tensor or Number): the log "
                           "arguments, broadcastable.",
                           "Tensor: the broadcast shape, floating.",
                           "pyt.xlogy(pyt.tensor([0.0, 2.0]), pyt.tensor([0.0, 3.0]))", "tensor([0.0000, 2.1972])"))
#undef PYT_EXTRA_NUMBER_BINARY

  // ---- binary ops of two tensors (torch has no Python-number overloads for them)
#define PYT_EXTRA_TENSOR_BINARY(NAME, DOC)                                                                  \
  m.def(#NAME, [](const Tensor& a, const Tensor& b) { GIL g; return NAME(a, b); }, py::arg("input"),       \
        py::arg("other"), DOC);                                                                             \
  cls.def(#NAME, [](const Tensor& a, const Tensor& b) { GIL g; return NAME(a, b); }, py::arg("other"),     \
          "See pyt." #NAME "().");
#define PYT_EXTRA_TENSOR_INPLACE(NAME)                                                                      \
  cls.def(#NAME "_", [](Tensor& a, const Tensor& b) -> Tensor& { GIL g; return NAME##_(a, b); },            \
          py::arg("other"), py::return_value_policy::reference_internal, "In-place version of Tensor." #NAME "().");

  PYT_EXTRA_TENSOR_BINARY(
      heaviside,
      "heaviside(input, values) -> Tensor\n\n"
      "The Heaviside step function: 0 where input < 0, values where input == 0, 1 where input > 0\n"
      "(torch.heaviside). input and values must have the same dtype (RuntimeError otherwise). Its\n"
      "derivative is not implemented, as in torch: backward through it raises RuntimeError.\n\n"
      "Args:\n    input (Tensor): any dtype.\n    values (Tensor): broadcastable, input's dtype.\n\n"
      "Returns:\n    Tensor: the broadcast shape, input's dtype.\n\n"
      "Example:\n    >>> pyt.heaviside(pyt.tensor([-1.5, 0.0, 2.0]), pyt.tensor([0.5]))\n"
      "    tensor([0.0000, 0.5000, 1.0000])")
  PYT_EXTRA_TENSOR_INPLACE(heaviside)
  PYT_EXTRA_TENSOR_BINARY(
      fmax, PYT_EXTRA_BINARY_DOC("fmax",
                                 "Elementwise maximum that ignores NaN: where one operand is NaN the other is taken\n"
                                 "(NaN only when both are). Compare pyt.maximum, which propagates NaN",
                                 "    input (Tensor): any dtype.\n    other (Tensor): broadcastable.",
                                 "Tensor: the broadcast shape, the promoted dtype.",
                                 "pyt.fmax(pyt.tensor([1.0, float('nan')]), pyt.tensor([float('nan'), 0.0]))",
                                 "tensor([1., 0.])"))
  PYT_EXTRA_TENSOR_BINARY(
      fmin, PYT_EXTRA_BINARY_DOC("fmin",
                                 "Elementwise minimum that ignores NaN: where one operand is NaN the other is taken\n"
                                 "(NaN only when both are). Compare pyt.minimum, which propagates NaN",
                                 "    input (Tensor): any dtype.\n    other (Tensor): broadcastable.",
                                 "Tensor: the broadcast shape, the promoted dtype.",
                                 "pyt.fmin(pyt.tensor([1.0, float('nan')]), pyt.tensor([float('nan'), 0.0]))",
                                 "tensor([1., 0.])"))
  PYT_EXTRA_TENSOR_BINARY(
      logaddexp, PYT_EXTRA_BINARY_DOC("logaddexp",
                                      "Elementwise log(exp(input) + exp(other)) without overflow; floating operands "
                                      "only\n(NotImplementedError otherwise)",
                                      "    input (Tensor): floating.\n    other (Tensor): broadcastable.",
                                      "Tensor: the broadcast shape, the promoted dtype.",
                                      "pyt.logaddexp(pyt.tensor([1000.0, 0.0]), pyt.tensor([1000.0, 0.0]))",
                                      "tensor([1000.6931,    0.6931])"))
  PYT_EXTRA_TENSOR_BINARY(
      logaddexp2, PYT_EXTRA_BINARY_DOC("logaddexp2",
                                       "Elementwise log2(2 ** input + 2 ** other) without overflow; floating "
                                       "operands only\n(NotImplementedError otherwise)",
                                       "    input (Tensor): floating.\n    other (Tensor): broadcastable.",
                                       "Tensor: the broadcast shape, the promoted dtype.",
                                       "pyt.logaddexp2(pyt.tensor([1.0, 3.0]), pyt.tensor([1.0, 3.0]))",
                                       "tensor([2., 4.])"))
  PYT_EXTRA_TENSOR_BINARY(
      nextafter, PYT_EXTRA_BINARY_DOC("nextafter",
                                      "Elementwise next representable floating value after input towards other;\n"
                                      "float32, float64, float16 and bfloat16 (stepping the 16-bit pattern). The gradient\n"
                                      "is torch's: the incoming gradient for input, zeros for other",
                                      "    input (Tensor): floating.\n    other (Tensor): broadcastable.",
                                      "Tensor: the broadcast shape, the promoted dtype.",
                                      "pyt.nextafter(pyt.tensor([1.0]), pyt.tensor([2.0])) - 1",
                                      "tensor([1.1921e-07])"))
  PYT_EXTRA_TENSOR_INPLACE(nextafter)
  PYT_EXTRA_TENSOR_BINARY(
      ldexp, PYT_EXTRA_BINARY_DOC("ldexp",
                                  "Elementwise input * 2 ** other; integer operands give the default float dtype",
                                  "    input (Tensor): the mantissas.\n    other (Tensor): the exponents, "
                                  "broadcastable.",
                                  "Tensor: the broadcast shape, floating.",
                                  "pyt.ldexp(pyt.tensor([1.0, 3.0]), pyt.tensor([3, -1]))", "tensor([8.0000, 1.5000])"))
  PYT_EXTRA_TENSOR_INPLACE(ldexp)
#undef PYT_EXTRA_TENSOR_BINARY
#undef PYT_EXTRA_TENSOR_INPLACE

  // ---- float_power(input, exponent): pow in float64
  m.def("float_power", [](py::handle a, py::handle b) {
    if (!py::isinstance<Tensor>(a) && !py::isinstance<Tensor>(b))
      throw py::type_error("float_power() received an invalid combination of arguments: one of input and exponent "
                           "must be a Tensor");
    Tensor x = to_operand(a, "float_power"), y = to_operand(b, "float_power");
    GIL g;
    return float_power(x, y);
  }, py::arg("input"), py::arg("exponent"),
     "float_power(input, exponent) -> Tensor\n\n"
     "input ** exponent computed in float64: both operands are cast to float64 first (torch.float_power).\n\n"
     "Args:\n    input (Tensor or Number): the base.\n    exponent (Tensor or Number): broadcastable.\n\n"
     "Returns:\n    Tensor: the broadcast shape, float64.\n\n"
     "Example:\n    >>> pyt.float_power(pyt.tensor([2, 3]), 2)\n    tensor([4., 9.], dtype=torch.float64)");
  cls.def("float_power", [](const Tensor& a, py::handle b) {
    Tensor y = to_operand(b, "float_power");
    GIL g;
    return float_power(a, y);
  }, py::arg("exponent"), "See pyt.float_power().");
  cls.def("float_power_", [](Tensor& a, py::handle b) -> Tensor& {
    Tensor y = to_operand(b, "float_power_");
    GIL g;
    return float_power_(a, y);
  }, py::arg("exponent"), py::return_value_policy::reference_internal,
     "In-place version of Tensor.float_power(); self must be float64 (RuntimeError otherwise).");

  // ---- the shift operators (with Python ints on either side) and their in-place forms
  cls.def("__lshift__", [](const Tensor& a, py::handle b) {
    Tensor y = to_operand(b, "__lshift__");
    GIL g;
    return bitwise_left_shift(a, y);
  });
  cls.def("__rlshift__", [](const Tensor& a, py::handle b) {
    Tensor x = to_operand(b, "__rlshift__");
    GIL g;
    return bitwise_left_shift(x, a);
  });
  cls.def("__ilshift__", [](Tensor& a, py::handle b) -> Tensor& {
    Tensor y = to_operand(b, "__ilshift__");
    GIL g;
    return bitwise_left_shift_(a, y);
  }, py::return_value_policy::reference_internal);
  cls.def("__rshift__", [](const Tensor& a, py::handle b) {
    Tensor y = to_operand(b, "__rshift__");
    GIL g;
    return bitwise_right_shift(a, y);
  });
  cls.def("__rrshift__", [](const Tensor& a, py::handle b) {
    Tensor x = to_operand(b, "__rrshift__");
    GIL g;
    return bitwise_right_shift(x, a);
  });
  cls.def("__irshift__", [](Tensor& a, py::handle b) -> Tensor& {
    Tensor y = to_operand(b, "__irshift__");
    GIL g;
    return bitwise_right_shift_(a, y);
  }, py::return_value_policy::reference_internal);

  // ---- unary: pyt.f(input), Tensor.f(), Tensor.f_()
#define PYT_EXTRA_UNARY(NAME, DOC)                                                                 \
  m.def(#NAME, [](const Tensor& t) { GIL g; return NAME(t); }, py::arg("input"), DOC);           \
  cls.def(#NAME, [](const Tensor& t) { GIL g; return NAME(t); }, "See pyt." #NAME "().");        \
  cls.def(#NAME "_", [](Tensor& t) -> Tensor& { GIL g; return NAME##_(t); },                    \
          py::return_value_policy::reference_internal, "In-place version of Tensor." #NAME "().");
  PYT_EXTRA_UNARY(lgamma, PYT_EXTRA_UNARY_DOC("lgamma", "Elementwise log|Gamma(input)|; +inf at 0 and the negative "
                                              "integers", "[0.5, 1.0, 3.0]", "tensor([0.5724, 0.0000, 0.6931])"))
  PYT_EXTRA_UNARY(digamma, PYT_EXTRA_UNARY_DOC("digamma", "Elementwise digamma (d/dx log Gamma(x)); -inf at 0, NaN at "
                                               "the negative integers", "[1.0, 0.5]", "tensor([-0.5772, -1.9635])"))
  PYT_EXTRA_UNARY(sinc, PYT_EXTRA_UNARY_DOC("sinc", "Elementwise normalized sinc: sin(pi x) / (pi x), 1 at 0",
                                            "[0.0, 0.5, 1.0]", "tensor([1.0000e+00, 6.3662e-01, 3.8982e-17])"))
  PYT_EXTRA_UNARY(i0, PYT_EXTRA_UNARY_DOC("i0", "Elementwise modified Bessel function of the first kind of order 0 "
                                          "(Cephes' Chebyshev expansions)", "[0.0, 1.0, 2.0]",
                                          "tensor([1.0000, 1.2661, 2.2796])"))
  PYT_EXTRA_UNARY(deg2rad, PYT_EXTRA_UNARY_DOC("deg2rad", "Elementwise input * pi / 180", "[180.0, 90.0]",
                                               "tensor([3.1416, 1.5708])"))
  PYT_EXTRA_UNARY(rad2deg, PYT_EXTRA_UNARY_DOC("rad2deg", "Elementwise input * 180 / pi", "[3.14159265, 1.0]",
                                               "tensor([180.0000,  57.2958])"))
#undef PYT_EXTRA_UNARY

  m.def("sgn", [](const Tensor& t) { GIL g; return sgn(t); }, py::arg("input"),
        "sgn(input) -> Tensor\n\n"
        "The sign of each element, -1, 0 or 1 (torch.sgn; for real dtypes the same as pyt.sign, but it\n"
        "records SgnBackward0). Its gradient is 0.\n\n"
        "Args:\n    input (Tensor): any shape and real dtype.\n\n"
        "Returns:\n    Tensor: input's shape and dtype.\n\n"
        "Example:\n    >>> pyt.sgn(pyt.tensor([-2.0, 0.0, 3.0]))\n    tensor([-1.,  0.,  1.])");
  cls.def("sgn", [](const Tensor& t) { GIL g; return sgn(t); }, "See pyt.sgn().");
  cls.def("sgn_", [](Tensor& t) -> Tensor& { GIL g; return sgn_(t); }, py::return_value_policy::reference_internal,
          "In-place version of Tensor.sgn().");
  m.def("signbit", [](const Tensor& t) { GIL g; return signbit(t); }, py::arg("input"),
        "signbit(input) -> Tensor\n\n"
        "Bool tensor: whether each element's sign bit is set, -0.0 included (torch.signbit).\n\n"
        "Args:\n    input (Tensor): any shape and dtype.\n\n"
        "Returns:\n    Tensor: input's shape, bool.\n\n"
        "Example:\n    >>> pyt.signbit(pyt.tensor([-1.0, -0.0, 0.0, 2.0]))\n"
        "    tensor([ True,  True, False, False])");
  cls.def("signbit", [](const Tensor& t) { GIL g; return signbit(t); }, "See pyt.signbit().");

  // ---- polygamma(n, input) / Tensor.polygamma(n)
  m.def("polygamma", [](int64_t n, const Tensor& t) { GIL g; return polygamma(n, t); }, py::arg("n"),
        py::arg("input"),
        "polygamma(n, input) -> Tensor\n\n"
        "The n-th derivative of the digamma function (torch.polygamma): n = 0 is digamma, n = 1 trigamma,\n"
        "higher orders use the Hurwitz zeta function (Cephes). Negative n raises RuntimeError.\n\n"
        "Args:\n    n (int): the order, >= 0.\n    input (Tensor): any shape; integers compute in the default "
        "float dtype.\n\n"
        "Returns:\n    Tensor: input's shape, floating.\n\n"
        "Example:\n    >>> pyt.polygamma(1, pyt.tensor([1.0, 0.5]))\n    tensor([1.6449, 4.9348])");
  cls.def("polygamma", [](const Tensor& t, int64_t n) { GIL g; return polygamma(n, t); }, py::arg("n"),
          "See pyt.polygamma().");
  cls.def("polygamma_", [](Tensor& t, int64_t n) -> Tensor& { GIL g; return polygamma_(t, n); }, py::arg("n"),
          py::return_value_policy::reference_internal, "In-place version of Tensor.polygamma().");

  // ---- logit(input, eps=None)
  m.def("logit", [](const Tensor& t, py::handle eps) {
    auto e = opt_eps(eps, "logit");
    GIL g;
    return logit(t, e);
  }, py::arg("input"), py::arg("eps") = py::none(),
     "logit(input, eps=None) -> Tensor\n\n"
     "Elementwise log(z / (1 - z)), with z = input clamped to [eps, 1 - eps] when eps is given\n"
     "(torch.logit). Without eps, inputs outside [0, 1] give NaN (and a NaN gradient); with eps, the\n"
     "gradient is 0 outside [eps, 1 - eps].\n\n"
     "Args:\n    input (Tensor): any shape; integers compute in the default float dtype.\n"
     "    eps (float, optional): the clamp bound.\n\n"
     "Returns:\n    Tensor: input's shape, floating.\n\n"
     "Example:\n    >>> pyt.logit(pyt.tensor([0.25, 0.5, 1.0]), eps=1e-6)\n    tensor([-1.0986,  0.0000, 13.8155])");
  cls.def("logit", [](const Tensor& t, py::handle eps) {
    auto e = opt_eps(eps, "logit");
    GIL g;
    return logit(t, e);
  }, py::arg("eps") = py::none(), "See pyt.logit().");
  cls.def("logit_", [](Tensor& t, py::handle eps) -> Tensor& {
    auto e = opt_eps(eps, "logit_");
    GIL g;
    return logit_(t, e);
  }, py::arg("eps") = py::none(), py::return_value_policy::reference_internal, "In-place version of Tensor.logit().");

  // ---- pyt._C._special_i1 (pyt.special.i1)
  m.def("_special_i1", [](const Tensor& t) { GIL g; return special_i1(t); }, py::arg("input"),
        PYT_EXTRA_UNARY_DOC("special.i1", "Elementwise modified Bessel function of the first kind of order 1 "
                            "(Cephes' Chebyshev expansions)", "[0.0, 1.0]", "tensor([0.0000, 0.5652])"));
  // ---- shape and construction
  m.def("diag_embed", [](const Tensor& t, int64_t offset, int64_t dim1, int64_t dim2) {
    GIL g;
    return diag_embed(t, offset, dim1, dim2);
  }, py::arg("input"), py::arg("offset") = 0, py::arg("dim1") = -2, py::arg("dim2") = -1,
     "diag_embed(input, offset=0, dim1=-2, dim2=-1) -> Tensor\n\n"
     "A tensor whose planes (dim1, dim2) hold input's last dim on their offset-th diagonal, zeros elsewhere\n"
     "(torch.diag_embed). input of shape (..., n) gives n + |offset| along dim1 and dim2 of the result.\n\n"
     "Args:\n    input (Tensor): at least 1-D.\n    offset (int): 0 the main diagonal, > 0 above, < 0 below.\n"
     "    dim1, dim2 (int): the plane's dims in the result (different).\n\n"
     "Returns:\n    Tensor: input.dim() + 1 dims, input's dtype.\n\n"
     "Raises:\n    RuntimeError: for a 0-d input or dim1 == dim2. IndexError: for dims out of range.\n\n"
     "Example:\n    >>> pyt.diag_embed(pyt.tensor([1, 2]))\n    tensor([[1, 0],\n            [0, 2]])");
  cls.def("diag_embed", [](const Tensor& t, int64_t offset, int64_t dim1, int64_t dim2) {
    GIL g;
    return diag_embed(t, offset, dim1, dim2);
  }, py::arg("offset") = 0, py::arg("dim1") = -2, py::arg("dim2") = -1, "See pyt.diag_embed().");
  m.def("diag", [](const Tensor& t, int64_t d) { GIL g; return diag(t, d); }, py::arg("input"), py::arg("diagonal") = 0,
        "diag(input, diagonal=0) -> Tensor\n\n"
        "torch.diag: a 1-D input (n,) gives the (n + |diagonal|)-square matrix with input on that diagonal; a\n"
        "2-D input gives a copy of its diagonal (1-D). Other ranks raise RuntimeError.\n\n"
        "Args:\n    input (Tensor): 1-D or 2-D.\n    diagonal (int): 0 the main diagonal, > 0 above, < 0 below.\n\n"
        "Returns:\n    Tensor: input's dtype.\n\n"
        "Example:\n    >>> pyt.diag(pyt.tensor([[1, 2], [3, 4]]))\n    tensor([1, 4])");
  cls.def("diag", [](const Tensor& t, int64_t d) { GIL g; return diag(t, d); }, py::arg("diagonal") = 0,
          "See pyt.diag().");
  m.def("trace", [](const Tensor& t) { GIL g; return trace(t); }, py::arg("input"),
        "trace(input) -> Tensor\n\n"
        "The sum of the main diagonal of a 2-D input (torch.trace); integer and bool inputs give int64.\n\n"
        "Args:\n    input (Tensor): (m, n).\n\n"
        "Returns:\n    Tensor: 0-d.\n\n"
        "Raises:\n    RuntimeError: if input is not 2-D.\n\n"
        "Example:\n    >>> pyt.trace(pyt.tensor([[1., 2.], [3., 4.]]))\n    tensor(5.)");
  cls.def("trace", [](const Tensor& t) { GIL g; return trace(t); }, "See pyt.trace().");
  m.def("_linalg_cross", [](const Tensor& a, const Tensor& b, int64_t dim) { GIL g; return linalg_cross(a, b, dim); },
        py::arg("input"), py::arg("other"), py::arg("dim") = -1,
        "_linalg_cross(input, other, dim=-1) -> Tensor\n\n"
        "The cross product of 3-vectors along dim of the broadcast inputs (torch.linalg.cross; pyt.cross and\n"
        "pyt.linalg.cross call it).\n\n"
        "Args:\n    input, other (Tensor): one dtype, size 3 along dim, broadcastable.\n    dim (int): the dim.\n\n"
        "Returns:\n    Tensor: the broadcast shape.\n\n"
        "Example:\n    >>> pyt._C._linalg_cross(pyt.tensor([1., 0, 0]), pyt.tensor([0., 1, 0]))\n"
        "    tensor([0., 0., 1.])");
  m.def("block_diag", [](py::args args) {
    TensorList ts;
    for (auto a : args) ts.push_back(a.cast<Tensor>());
    GIL g;
    return block_diag(ts);
  },
        "block_diag(*tensors) -> Tensor\n\n"
        "The block-diagonal matrix of the inputs (torch.block_diag): 0-d tensors are 1x1 blocks, 1-D ones\n"
        "rows, 2-D ones as they are; the result has the promoted dtype and zeros off the blocks.\n\n"
        "Args:\n    tensors (Tensor): 0-, 1- or 2-D.\n\n"
        "Returns:\n    Tensor: (sum of rows, sum of cols).\n\n"
        "Raises:\n    RuntimeError: for an input with more than 2 dims.\n\n"
        "Example:\n    >>> pyt.block_diag(pyt.tensor([[1, 2]]), pyt.tensor(3))\n"
        "    tensor([[1, 2, 0],\n            [0, 0, 3]])");
  auto rot90_fn = [](const Tensor& t, int64_t k, py::handle dims) {
    std::vector<int64_t> d = to_int_list(dims, "rot90");
    GIL g;
    return rot90(t, k, d);
  };
  m.def("rot90", rot90_fn, py::arg("input"), py::arg("k") = 1, py::arg("dims") = py::make_tuple(0, 1),
        "rot90(input, k=1, dims=(0, 1)) -> Tensor\n\n"
        "input rotated by k * 90 degrees in the plane dims, from dims[0] towards dims[1] (torch.rot90); k may\n"
        "be negative.\n\n"
        "Args:\n    input (Tensor): at least 2-D.\n    k (int): the number of quarter turns.\n"
        "    dims (list of two ints): the plane, different dims.\n\n"
        "Returns:\n    Tensor: a new tensor, input's dtype.\n\n"
        "Example:\n    >>> pyt.rot90(pyt.tensor([[1, 2], [3, 4]]))\n    tensor([[2, 4],\n            [1, 3]])");
  cls.def("rot90", rot90_fn, py::arg("k") = 1, py::arg("dims") = py::make_tuple(0, 1), "See pyt.rot90().");
  m.def("_cdist_direct", [](const Tensor& a, const Tensor& b, double p) { GIL g; return cdist(a, b, p); },
        py::arg("x1"), py::arg("x2"), py::arg("p") = 2.0,
        "_cdist_direct(x1, x2, p=2.0) -> Tensor\n\n"
        "p-norm distances between the rows of x1 (..., P, M) and x2 (..., R, M) computed from the differences\n"
        "(pyt.cdist's direct mode; CdistBackward0).\n\n"
        "Example:\n    >>> pyt._C._cdist_direct(pyt.zeros(1, 2), pyt.ones(1, 2))\n    tensor([[1.4142]])");
  auto tri = [](bool lower) {
    return [lower](int64_t row, int64_t col, int64_t offset, py::handle dtype, py::handle, py::handle) {
      ScalarType dt = dtype.is_none() ? ScalarType::Int64 : to_scalar_type(dtype);
      GIL g;
      return lower ? tril_indices(row, col, offset, dt) : triu_indices(row, col, offset, dt);
    };
  };
  m.def("tril_indices", tri(true), py::arg("row"), py::arg("col"), py::arg("offset") = 0, py::kw_only(),
        py::arg("dtype") = py::none(), py::arg("device") = py::none(), py::arg("layout") = py::none(),
        "tril_indices(row, col, offset=0, *, dtype=pyt.long) -> Tensor\n\n"
        "The (row, col) coordinates of the lower triangle of a row x col matrix, on and below diagonal offset,\n"
        "in row-major order, as a (2, N) tensor (torch.tril_indices).\n\n"
        "Args:\n    row, col (int): the matrix shape, >= 0.\n    offset (int): the diagonal.\n"
        "    dtype (pyt.dtype): int64 (default) or int32.\n\n"
        "Returns:\n    Tensor: (2, N).\n\n"
        "Example:\n    >>> pyt.tril_indices(2, 2)\n    tensor([[0, 1, 1],\n            [0, 0, 1]])");
  m.def("triu_indices", tri(false), py::arg("row"), py::arg("col"), py::arg("offset") = 0, py::kw_only(),
        py::arg("dtype") = py::none(), py::arg("device") = py::none(), py::arg("layout") = py::none(),
        "triu_indices(row, col, offset=0, *, dtype=pyt.long) -> Tensor\n\n"
        "The (row, col) coordinates of the upper triangle of a row x col matrix, on and above diagonal offset,\n"
        "in row-major order, as a (2, N) tensor (torch.triu_indices).\n\n"
        "Args:\n    row, col (int): the matrix shape, >= 0.\n    offset (int): the diagonal.\n"
        "    dtype (pyt.dtype): int64 (default) or int32.\n\n"
        "Returns:\n    Tensor: (2, N).\n\n"
        "Example:\n    >>> pyt.triu_indices(2, 2)\n    tensor([[0, 0, 1],\n            [0, 1, 1]])");
}

#undef PYT_EXTRA_UNARY_DOC
#undef PYT_EXTRA_BINARY_DOC

}  // namespace pyt::python
