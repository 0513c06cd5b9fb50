// Bindings of the ops declared in pyt/ops/loss.h, under pyt._C._nn (the kernels behind
// pyt.nn.functional's losses).
#include "common.h"

namespace pyt::python {

void init_loss(py::module_& m) {
  py::module_ nn = m.attr("_nn");
  nn.def("ctc_loss", [](const Tensor& log_probs, const Tensor& targets, std::vector<int64_t> input_lengths,
                        std::vector<int64_t> target_lengths, int64_t blank, bool zero_infinity) {
    py::gil_scoped_release g;
    return ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, zero_infinity);
  }, py::arg("log_probs"), py::arg("targets"), py::arg("input_lengths"), py::arg("target_lengths"),
     py::arg("blank") = 0, py::arg("zero_infinity") = false,
     "ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, zero_infinity=False) -> Tensor\n\n"
     "Per-sample CTC negative log-likelihood (N) for log_probs (T, N, C) and int64 targets (N, S) or\n"
     "(sum(target_lengths)); see pyt.nn.functional.ctc_loss.\n\n"
     "Example:\n    >>> pyt._C._nn.ctc_loss(pyt.zeros(2, 1, 2).log_softmax(2), pyt.tensor([[1]]), [2], [1])\n"
     "    tensor([0.2877])");
}

}  // namespace pyt::python
