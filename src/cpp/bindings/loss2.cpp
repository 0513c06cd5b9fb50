// Bindings of the ops declared in pyt/ops/loss2.h, under pyt._C._nn (the kernels behind
// pyt.nn.functional's fused losses and embedding_bag).
#include "common.h"

namespace pyt::python {

namespace {
Tensor opt_tensor(py::handle h) { return h.is_none() ? Tensor() : h.cast<Tensor>(); }
}  // namespace

void init_loss2(py::module_& m) {
  py::module_ nn = m.attr("_nn");
  nn.def("smooth_l1_loss", [](const Tensor& input, const Tensor& target, const std::string& reduction, double beta) {
    py::gil_scoped_release g;
    return smooth_l1_loss(input, target, reduction, beta);
  }, py::arg("input"), py::arg("target"), py::arg("reduction") = "mean", py::arg("beta") = 1.0,
     "smooth_l1_loss(input, target, reduction='mean', beta=1.0) -> Tensor\n\n"
     "Fused smooth L1 loss (beta > 0; SmoothL1LossBackward0); see pyt.nn.functional.smooth_l1_loss.\n\n"
     "Example:\n    >>> pyt._C._nn.smooth_l1_loss(pyt.tensor([0.5, 2.0]), pyt.zeros(2))\n    tensor(0.8125)");
  nn.def("huber_loss", [](const Tensor& input, const Tensor& target, const std::string& reduction, double delta) {
    py::gil_scoped_release g;
    return huber_loss(input, target, reduction, delta);
  }, py::arg("input"), py::arg("target"), py::arg("reduction") = "mean", py::arg("delta") = 1.0,
     "huber_loss(input, target, reduction='mean', delta=1.0) -> Tensor\n\n"
     "Fused Huber loss (HuberLossBackward0); see pyt.nn.functional.huber_loss.\n\n"
     "Example:\n    >>> pyt._C._nn.huber_loss(pyt.tensor([0.5, 2.0]), pyt.zeros(2))\n    tensor(0.8125)");
  nn.def("soft_margin_loss", [](const Tensor& input, const Tensor& target, const std::string& reduction) {
    py::gil_scoped_release g;
    return soft_margin_loss(input, target, reduction);
  }, py::arg("input"), py::arg("target"), py::arg("reduction") = "mean",
     "soft_margin_loss(input, target, reduction='mean') -> Tensor\n\n"
     "Fused log(1 + exp(-target * input)) (SoftMarginLossBackward0); see\n"
     "pyt.nn.functional.soft_margin_loss.\n\n"
     "Example:\n    >>> pyt._C._nn.soft_margin_loss(pyt.zeros(2), pyt.ones(2))\n    tensor(0.6931)");
  nn.def("multi_margin_loss", [](const Tensor& input, const Tensor& target, int64_t p, double margin,
                                 py::object weight, const std::string& reduction) {
    Tensor w = opt_tensor(weight);
    py::gil_scoped_release g;
    return multi_margin_loss(input, target, p, margin, w, reduction);
  }, py::arg("input"), py::arg("target"), py::arg("p") = 1, py::arg("margin") = 1.0, py::arg("weight") = py::none(),
     py::arg("reduction") = "mean",
     "multi_margin_loss(input, target, p=1, margin=1.0, weight=None, reduction='mean') -> Tensor\n\n"
     "Multi-class hinge loss of input (N, C) and int64 target (N) (MultiMarginLossBackward0); see\n"
     "pyt.nn.functional.multi_margin_loss.\n\n"
     "Example:\n    >>> pyt._C._nn.multi_margin_loss(pyt.zeros(1, 2), pyt.tensor([0]))\n    tensor(0.5000)");
  nn.def("multilabel_margin_loss", [](const Tensor& input, const Tensor& target, const std::string& reduction) {
    py::gil_scoped_release g;
    return multilabel_margin_loss(input, target, reduction);
  }, py::arg("input"), py::arg("target"), py::arg("reduction") = "mean",
     "multilabel_margin_loss(input, target, reduction='mean') -> Tensor\n\n"
     "Multi-label hinge loss of input (N, C) and int64 target (N, C) of class indices ended by -1\n"
     "(MultilabelMarginLossBackward0); see pyt.nn.functional.multilabel_margin_loss.\n\n"
     "Example:\n    >>> pyt._C._nn.multilabel_margin_loss(pyt.zeros(1, 2), pyt.tensor([[0, -1]]))\n"
     "    tensor(0.5000)");
  nn.def("embedding_bag", [](const Tensor& weight, const Tensor& indices, const Tensor& offsets, int64_t mode,
                             py::object per_sample_weights, bool include_last_offset,
                             std::optional<int64_t> padding_idx, bool scale_grad_by_freq) {
    Tensor psw = opt_tensor(per_sample_weights);
    py::gil_scoped_release g;
    return embedding_bag(weight, indices, offsets, mode, psw, include_last_offset, padding_idx, scale_grad_by_freq);
  }, py::arg("weight"), py::arg("indices"), py::arg("offsets"), py::arg("mode") = 1,
     py::arg("per_sample_weights") = py::none(), py::arg("include_last_offset") = false,
     py::arg("padding_idx") = py::none(), py::arg("scale_grad_by_freq") = false,
     "embedding_bag(weight, indices, offsets, mode=1, per_sample_weights=None, include_last_offset=False,\n"
     "              padding_idx=None, scale_grad_by_freq=False) -> Tensor\n\n"
     "Fused bags of embedding rows (mode 0 sum, 1 mean, 2 max) of weight (V, D), 1-D indices and\n"
     "offsets; (B, D) with EmbeddingBagBackward0. See pyt.nn.functional.embedding_bag.\n\n"
     "Example:\n    >>> pyt._C._nn.embedding_bag(pyt.eye(3), pyt.tensor([0, 2]), pyt.tensor([0]), 0)\n"
     "    tensor([[1., 0., 1.]])");
}

}  // namespace pyt::python
