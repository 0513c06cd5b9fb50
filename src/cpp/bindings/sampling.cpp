// Bindings of the ops declared in pyt/ops/sampling.h, under pyt._C._nn (the kernels behind
// pyt.nn.functional.grid_sample and affine_grid).
#include "common.h"
#include "pyt/ops/sampling.h"

namespace pyt::python {

void init_sampling(py::module_& m) {
  py::module_ nn = m.attr("_nn");
  nn.def("grid_sample", [](const Tensor& input, const Tensor& grid, const std::string& mode,
                           const std::string& padding_mode, bool align_corners) {
    py::gil_scoped_release g;
    return grid_sample(input, grid, mode, padding_mode, align_corners);
  }, py::arg("input"), py::arg("grid"), py::arg("mode") = "bilinear", py::arg("padding_mode") = "zeros",
     py::arg("align_corners") = false,
     "grid_sample(input, grid, mode='bilinear', padding_mode='zeros', align_corners=False) -> Tensor\n\n"
     "Samples input (N, C, H, W) / (N, C, D, H, W) at grid (N, H_out, W_out, 2) / (N, D_out, H_out, W_out, 3)\n"
     "(GridSampler2DBackward0 / GridSampler3DBackward0); see pyt.nn.functional.grid_sample.\n\n"
     "Example:\n    >>> pyt._C._nn.grid_sample(pyt.ones(1, 1, 2, 2), pyt.zeros(1, 1, 1, 2)).shape\n"
     "    pyt.Size([1, 1, 1, 1])");
  nn.def("affine_grid", [](const Tensor& theta, const std::vector<int64_t>& size, bool align_corners) {
    py::gil_scoped_release g;
    return affine_grid(theta, size, align_corners);
  }, py::arg("theta"), py::arg("size"), py::arg("align_corners") = false,
     "affine_grid(theta, size, align_corners=False) -> Tensor\n\n"
     "Sampling grid (N, H, W, 2) / (N, D, H, W, 3) of affine matrices theta (N, 2, 3) / (N, 3, 4)\n"
     "(AffineGridGeneratorBackward0); see pyt.nn.functional.affine_grid.\n\n"
     "Example:\n    >>> pyt._C._nn.affine_grid(pyt.eye(2, 3).unsqueeze(0), [1, 1, 2, 2]).shape\n"
     "    pyt.Size([1, 2, 2, 2])");
}

}  // namespace pyt::python
