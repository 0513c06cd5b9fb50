// Bindings of the ops declared in pyt/ops/nn_norm.h, in pyt._C._nn (the Python wrappers in
// pyt/nn/_functional_norm.py and _functional_activation.py check Python-level arguments
// and call these), plus torch's top-level aliases (pyt.layer_norm, ...).
#include "common.h"

namespace pyt::python {

namespace {

using GIL = py::gil_scoped_release;

Tensor opt_tensor(py::handle h) { return h.is_none() ? Tensor() : h.cast<Tensor>(); }

std::optional<int64_t> opt_int(py::handle h) {
  if (h.is_none()) return std::nullopt;
  return h.cast<int64_t>();
}

}  // namespace

void init_nn_norm(py::module_& m) {
  py::module_ nn = m.attr("_nn").cast<py::module_>();

  // ---- activations: _nn.<name>(input, params...) and _nn.<name>_ in place
#define PYT_ACT1(NAME, DOC)                                                                           \
  nn.def(#NAME, [](const Tensor& x) { GIL g; return NAME(x); }, py::arg("input"), DOC);
#define PYT_ACT1_(NAME)                                                                               \
  nn.def(#NAME "_", [](Tensor& x) -> Tensor& { GIL g; return NAME##_(x); }, py::arg("input"),        \
         py::return_value_policy::reference, "In-place " #NAME ".");
  nn.def("gelu", [](const Tensor& x, const std::string& approximate) { GIL g; return gelu(x, approximate); },
         py::arg("input"), py::arg("approximate") = "none",
         "gelu(input, approximate='none'): x * Phi(x), or the tanh approximation (torch.nn.functional.gelu).");
  PYT_ACT1(silu, "silu(input): x * sigmoid(x) (torch.nn.functional.silu).")
  PYT_ACT1_(silu)
  PYT_ACT1(mish, "mish(input): x * tanh(softplus(x)) (torch.nn.functional.mish).")
  PYT_ACT1_(mish)
  PYT_ACT1(selu, "selu(input) (torch.nn.functional.selu).")
  PYT_ACT1_(selu)
  PYT_ACT1(relu6, "relu6(input) = hardtanh(input, 0, 6) (torch.nn.functional.relu6).")
  PYT_ACT1_(relu6)
  PYT_ACT1(hardsigmoid, "hardsigmoid(input) = relu6(x + 3) / 6 (torch.nn.functional.hardsigmoid).")
  PYT_ACT1_(hardsigmoid)
  PYT_ACT1(hardswish, "hardswish(input) = x relu6(x + 3) / 6 (torch.nn.functional.hardswish).")
  PYT_ACT1_(hardswish)
  PYT_ACT1(log_sigmoid, "log_sigmoid(input) = log(sigmoid(x)) (torch.nn.functional.logsigmoid).")
#undef PYT_ACT1
#undef PYT_ACT1_
  nn.def("elu", [](const Tensor& x, double a) { GIL g; return elu(x, a); }, py::arg("input"), py::arg("alpha") = 1.0,
         "elu(input, alpha=1.0) (torch.nn.functional.elu).");
  nn.def("elu_", [](Tensor& x, double a) -> Tensor& { GIL g; return elu_(x, a); }, py::arg("input"),
         py::arg("alpha") = 1.0, py::return_value_policy::reference, "In-place elu.");
  nn.def("celu", [](const Tensor& x, double a) { GIL g; return celu(x, a); }, py::arg("input"),
         py::arg("alpha") = 1.0, "celu(input, alpha=1.0) (torch.nn.functional.celu).");
  nn.def("celu_", [](Tensor& x, double a) -> Tensor& { GIL g; return celu_(x, a); }, py::arg("input"),
         py::arg("alpha") = 1.0, py::return_value_policy::reference, "In-place celu.");
  nn.def("leaky_relu", [](const Tensor& x, double s) { GIL g; return leaky_relu(x, s); }, py::arg("input"),
         py::arg("negative_slope") = 0.01, "leaky_relu(input, negative_slope=0.01) (torch.nn.functional.leaky_relu).");
  nn.def("leaky_relu_", [](Tensor& x, double s) -> Tensor& { GIL g; return leaky_relu_(x, s); }, py::arg("input"),
         py::arg("negative_slope") = 0.01, py::return_value_policy::reference, "In-place leaky_relu.");
  nn.def("hardtanh", [](const Tensor& x, double lo, double hi) { GIL g; return hardtanh(x, lo, hi); },
         py::arg("input"), py::arg("min_val") = -1.0, py::arg("max_val") = 1.0,
         "hardtanh(input, min_val=-1, max_val=1) (torch.nn.functional.hardtanh).");
  nn.def("hardtanh_", [](Tensor& x, double lo, double hi) -> Tensor& { GIL g; return hardtanh_(x, lo, hi); },
         py::arg("input"), py::arg("min_val") = -1.0, py::arg("max_val") = 1.0, py::return_value_policy::reference,
         "In-place hardtanh.");
  nn.def("softplus", [](const Tensor& x, double b, double t) { GIL g; return softplus(x, b, t); }, py::arg("input"),
         py::arg("beta") = 1.0, py::arg("threshold") = 20.0,
         "softplus(input, beta=1, threshold=20) (torch.nn.functional.softplus).");
  nn.def("threshold", [](const Tensor& x, double t, double v) { GIL g; return threshold(x, t, v); },
         py::arg("input"), py::arg("threshold"), py::arg("value"),
         "threshold(input, threshold, value) (torch.nn.functional.threshold).");
  nn.def("threshold_", [](Tensor& x, double t, double v) -> Tensor& { GIL g; return threshold_(x, t, v); },
         py::arg("input"), py::arg("threshold"), py::arg("value"), py::return_value_policy::reference,
         "In-place threshold.");
  nn.def("hardshrink", [](const Tensor& x, double l) { GIL g; return hardshrink(x, l); }, py::arg("input"),
         py::arg("lambd") = 0.5, "hardshrink(input, lambd=0.5) (torch.nn.functional.hardshrink).");
  nn.def("softshrink", [](const Tensor& x, double l) { GIL g; return softshrink(x, l); }, py::arg("input"),
         py::arg("lambd") = 0.5, "softshrink(input, lambd=0.5) (torch.nn.functional.softshrink).");
  nn.def("prelu", [](const Tensor& x, const Tensor& w) { GIL g; return prelu(x, w); }, py::arg("input"),
         py::arg("weight"), "prelu(input, weight) (torch.nn.functional.prelu).");
  nn.def("glu", [](const Tensor& x, int64_t d) { GIL g; return glu(x, d); }, py::arg("input"), py::arg("dim") = -1,
         "glu(input, dim=-1) (torch.nn.functional.glu).");

  // ---- normalisation
  nn.def("layer_norm", [](const Tensor& x, const std::vector<int64_t>& shape, py::object w, py::object b, double eps) {
    Tensor wt = opt_tensor(w), bt = opt_tensor(b);
    GIL g;
    return layer_norm(x, shape, wt, bt, eps);
  }, py::arg("input"), py::arg("normalized_shape"), py::arg("weight") = py::none(), py::arg("bias") = py::none(),
     py::arg("eps") = 1e-5, "layer_norm(input, normalized_shape, weight, bias, eps) (torch.nn.functional.layer_norm).");
  nn.def("rms_norm", [](const Tensor& x, const std::vector<int64_t>& shape, py::object w, double eps) {
    Tensor wt = opt_tensor(w);
    GIL g;
    return rms_norm(x, shape, wt, eps);
  }, py::arg("input"), py::arg("normalized_shape"), py::arg("weight"), py::arg("eps"),
     "rms_norm(input, normalized_shape, weight, eps) (torch.nn.functional.rms_norm; eps required).");
  nn.def("batch_norm", [](const Tensor& x, py::object rm, py::object rv, py::object w, py::object b, bool training,
                          double momentum, double eps) {
    Tensor rmt = opt_tensor(rm), rvt = opt_tensor(rv), wt = opt_tensor(w), bt = opt_tensor(b);
    GIL g;
    return batch_norm(x, rmt, rvt, wt, bt, training, momentum, eps);
  }, py::arg("input"), py::arg("running_mean"), py::arg("running_var"), py::arg("weight") = py::none(),
     py::arg("bias") = py::none(), py::arg("training") = false, py::arg("momentum") = 0.1, py::arg("eps") = 1e-5,
     "batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps) "
     "(torch.nn.functional.batch_norm).");
  nn.def("group_norm", [](const Tensor& x, int64_t groups, py::object w, py::object b, double eps) {
    Tensor wt = opt_tensor(w), bt = opt_tensor(b);
    GIL g;
    return group_norm(x, groups, wt, bt, eps);
  }, py::arg("input"), py::arg("num_groups"), py::arg("weight") = py::none(), py::arg("bias") = py::none(),
     py::arg("eps") = 1e-5, "group_norm(input, num_groups, weight, bias, eps) (torch.nn.functional.group_norm).");

  // ---- embeddings
  nn.def("embedding", [](const Tensor& w, const Tensor& idx, py::object pad, bool sgf) {
    auto p = opt_int(pad);
    GIL g;
    return embedding(w, idx, p, sgf);
  }, py::arg("weight"), py::arg("indices"), py::arg("padding_idx") = py::none(), py::arg("scale_grad_by_freq") = false,
     "embedding(weight, indices, padding_idx, scale_grad_by_freq): rows of weight (torch.embedding).");
  nn.def("embedding_renorm_", [](Tensor& w, const Tensor& idx, double max_norm, double norm_type) -> Tensor& {
    GIL g;
    return embedding_renorm_(w, idx, max_norm, norm_type);
  }, py::arg("weight"), py::arg("indices"), py::arg("max_norm"), py::arg("norm_type"),
     py::return_value_policy::reference, "Renormalises the referenced rows of weight in place (torch.embedding_renorm_).");
}

}  // namespace pyt::python
