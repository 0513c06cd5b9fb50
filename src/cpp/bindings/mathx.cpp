// Bindings of the ops declared in pyt/ops/mathx.h: pyt.gcd / lcm / erfc (functions, Tensor
// methods, in-place variants), and the private entry points of pyt.special.erfcx / ndtr /
// log_ndtr and pyt.histogram / histogramdd (whose argument parsing lives in pyt/_mathx.py).
#include "common.h"

namespace pyt::python {

namespace {

using GIL = py::gil_scoped_release;

Tensor opt_tensor(py::handle h) { return h.is_none() ? Tensor() : h.cast<Tensor>(); }

}  // namespace

void init_mathx(py::module_& m) {
  auto cls = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));

#define PYT_GCD_LIKE(NAME, DOC)                                                                               \
  m.def(#NAME, [](const Tensor& a, const Tensor& b) { GIL g; return NAME(a, b); }, py::arg("input"),          \
        py::arg("other"), DOC);                                                                               \
  m.def(#NAME "_", [](Tensor& a, const Tensor& b) -> Tensor& { GIL g; return NAME##_(a, b); },                \
        py::arg("input"), py::arg("other"), py::return_value_policy::reference_internal,                      \
        "In-place version of pyt." #NAME "().");                                                              \
  cls.def(#NAME, [](const Tensor& a, const Tensor& b) { GIL g; return NAME(a, b); }, py::arg("other"),        \
          "See pyt." #NAME "().");                                                                            \
  cls.def(#NAME "_", [](Tensor& a, const Tensor& b) -> Tensor& { GIL g; return NAME##_(a, b); },              \
          py::arg("other"), py::return_value_policy::reference_internal, "In-place version of Tensor." #NAME "().");
  PYT_GCD_LIKE(gcd,
               "gcd(input, other) -> Tensor\n\n"
               "Elementwise greatest common divisor of |input| and |other| (torch.gcd). gcd(0, 0) = 0; the minimum\n"
               "value of a signed dtype has no positive counterpart and stays itself (gcd(-2**63, 0) = -2**63).\n\n"
               "Args:\n    input (Tensor): integer dtype (uint8, int8, int16, int32, int64), any shape.\n"
               "    other (Tensor): integer dtype, broadcastable to input.\n\n"
               "Returns:\n    Tensor: the broadcast shape, the promoted dtype.\n\n"
               "Raises:\n    NotImplementedError: floating or bool operands.\n"
               "    TypeError: other is not a Tensor.\n\n"
               "Example:\n    >>> pyt.gcd(pyt.tensor([5, 10, 15]), pyt.tensor([3, 4, -5]))\n    tensor([1, 2, 5])")
  PYT_GCD_LIKE(lcm,
               "lcm(input, other) -> Tensor\n\n"
               "Elementwise least common multiple |input / gcd * other| of input and other (torch.lcm); 0 when\n"
               "either is 0. The product wraps around on overflow, as torch's kernel.\n\n"
               "Args:\n    input (Tensor): integer dtype, any shape.\n"
               "    other (Tensor): integer dtype, broadcastable to input.\n\n"
               "Returns:\n    Tensor: the broadcast shape, the promoted dtype.\n\n"
               "Raises:\n    NotImplementedError: floating or bool operands.\n\n"
               "Example:\n    >>> pyt.lcm(pyt.tensor([5, 10, 15]), pyt.tensor([3, 4, -5]))\n    tensor([15, 20, 15])")
#undef PYT_GCD_LIKE

  m.def("erfc", [](const Tensor& t) { GIL g; return erfc(t); }, py::arg("input"),
        "erfc(input) -> Tensor\n\n"
        "Elementwise complementary error function 1 - erf(input) = 2/sqrt(pi) int_x^inf exp(-t^2) dt\n"
        "(torch.erfc), computed directly (libm's erfc), so the right tail keeps its relative accuracy\n"
        "(erfc(10) = 2.09e-45 in float64). Integer and bool inputs compute in the default float dtype;\n"
        "float16 / bfloat16 compute in float32 and round once. Differentiable: -2/sqrt(pi) exp(-x^2).\n\n"
        "Args:\n    input (Tensor): any shape.\n\n"
        "Returns:\n    Tensor: input's shape.\n\n"
        "Example:\n    >>> pyt.erfc(pyt.tensor([0.0, -1.0, 10.0], dtype=pyt.float64))\n"
        "    tensor([1.0000e+00, 1.8427e+00, 2.0885e-45], dtype=pyt.float64)");
  m.def("erfc_", [](Tensor& t) -> Tensor& { GIL g; return erfc_(t); }, py::arg("input"),
        py::return_value_policy::reference_internal, "In-place version of pyt.erfc().");
  cls.def("erfc", [](const Tensor& t) { GIL g; return erfc(t); }, "See pyt.erfc().");
  cls.def("erfc_", [](Tensor& t) -> Tensor& { GIL g; return erfc_(t); }, py::return_value_policy::reference_internal,
          "In-place version of Tensor.erfc().");

  m.def("_special_erfcx", [](const Tensor& t) { GIL g; return special_erfcx(t); }, py::arg("input"),
        "exp(x^2) erfc(x) (torch.special.erfcx); see pyt.special.erfcx.");
  m.def("_special_ndtr", [](const Tensor& t) { GIL g; return special_ndtr(t); }, py::arg("input"),
        "The standard normal CDF (torch.special.ndtr); see pyt.special.ndtr.");
  m.def("_special_log_ndtr", [](const Tensor& t) { GIL g; return special_log_ndtr(t); }, py::arg("input"),
        "log of the standard normal CDF (torch.special.log_ndtr); see pyt.special.log_ndtr.");

  m.def("_histogram_bins", [](const Tensor& input, int64_t bins, py::object range, py::object weight, bool density) {
    std::optional<std::pair<double, double>> r;
    if (!range.is_none()) {
      auto v = range.cast<std::vector<double>>();
      PYT_CHECK(v.size() == 2, RuntimeError, "torch.histogramdd: for a 1-dimensional histogram range should have 2 "
                "elements, but got ", v.size());
      r = std::make_pair(v[0], v[1]);
    }
    Tensor w = opt_tensor(weight);
    GIL g;
    return histogram(input, bins, r, w, density);
  }, py::arg("input"), py::arg("bins"), py::arg("range"), py::arg("weight"), py::arg("density"),
     "histogram with a bin count (see pyt.histogram).");
  m.def("_histogram_edges", [](const Tensor& input, const Tensor& bins, py::object weight, bool density) {
    Tensor w = opt_tensor(weight);
    GIL g;
    return histogram(input, bins, w, density);
  }, py::arg("input"), py::arg("bins"), py::arg("weight"), py::arg("density"),
     "histogram with a tensor of bin edges (see pyt.histogram).");
  m.def("_histogramdd_bins", [](const Tensor& input, std::vector<int64_t> bins, py::object range, py::object weight,
                                bool density) {
    std::optional<std::vector<double>> r;
    if (!range.is_none()) r = range.cast<std::vector<double>>();
    Tensor w = opt_tensor(weight);
    GIL g;
    return histogramdd(input, bins, r, w, density);
  }, py::arg("input"), py::arg("bins"), py::arg("range"), py::arg("weight"), py::arg("density"),
     "histogramdd with bin counts (see pyt.histogramdd).");
  m.def("_histogramdd_edges", [](const Tensor& input, std::vector<Tensor> bins, py::object weight, bool density) {
    Tensor w = opt_tensor(weight);
    GIL g;
    return histogramdd(input, bins, w, density);
  }, py::arg("input"), py::arg("bins"), py::arg("weight"), py::arg("density"),
     "histogramdd with tensors of bin edges (see pyt.histogramdd).");
}

}  // namespace pyt::python
