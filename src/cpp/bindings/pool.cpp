// Bindings of the ops declared in pyt/ops/pool.h, in pyt._C._nn (wrapped with torch's
// signatures by python/pyt/nn/_functional_pool.py).
#include "common.h"

namespace pyt::python {

namespace {
using GIL = py::gil_scoped_release;

std::vector<int64_t> ints(py::handle h, const char* op) {
  return h.is_none() ? std::vector<int64_t>{} : to_int_list(h, op);
}
}  // namespace

void init_pool(py::module_& m) {
  py::module_ nn = m.attr("_nn").cast<py::module_>();

  nn.def("max_pool3d_with_indices", [](const Tensor& x, py::handle k, py::handle s, py::handle p, py::handle d,
                                       bool ceil_mode) {
    auto kk = ints(k, "max_pool3d"), ss = ints(s, "max_pool3d"), pp = ints(p, "max_pool3d"),
         dd = ints(d, "max_pool3d");
    GIL g;
    return max_pool3d_with_indices(x, kk, ss, pp, dd, ceil_mode);
  }, py::arg("input"), py::arg("kernel_size"), py::arg("stride"), py::arg("padding"), py::arg("dilation"),
     py::arg("ceil_mode"), "See pyt.nn.functional.max_pool3d_with_indices.");
  nn.def("max_pool3d", [](const Tensor& x, py::handle k, py::handle s, py::handle p, py::handle d, bool ceil_mode) {
    auto kk = ints(k, "max_pool3d"), ss = ints(s, "max_pool3d"), pp = ints(p, "max_pool3d"),
         dd = ints(d, "max_pool3d");
    GIL g;
    return max_pool3d(x, kk, ss, pp, dd, ceil_mode);
  }, py::arg("input"), py::arg("kernel_size"), py::arg("stride"), py::arg("padding"), py::arg("dilation"),
     py::arg("ceil_mode"), "See pyt.nn.functional.max_pool3d.");
  nn.def("avg_pool3d", [](const Tensor& x, py::handle k, py::handle s, py::handle p, bool ceil_mode, bool cip,
                          std::optional<int64_t> div) {
    auto kk = ints(k, "avg_pool3d"), ss = ints(s, "avg_pool3d"), pp = ints(p, "avg_pool3d");
    GIL g;
    return avg_pool3d(x, kk, ss, pp, ceil_mode, cip, div);
  }, py::arg("input"), py::arg("kernel_size"), py::arg("stride"), py::arg("padding"), py::arg("ceil_mode"),
     py::arg("count_include_pad"), py::arg("divisor_override"), "See pyt.nn.functional.avg_pool3d.");
  nn.def("adaptive_avg_pool3d", [](const Tensor& x, py::handle o) {
    auto oo = ints(o, "adaptive_avg_pool3d");
    GIL g;
    return adaptive_avg_pool3d(x, oo);
  }, py::arg("input"), py::arg("output_size"), "See pyt.nn.functional.adaptive_avg_pool3d.");
  nn.def("adaptive_max_pool3d", [](const Tensor& x, py::handle o) {
    auto oo = ints(o, "adaptive_max_pool3d");
    GIL g;
    return adaptive_max_pool3d(x, oo);
  }, py::arg("input"), py::arg("output_size"), "See pyt.nn.functional.adaptive_max_pool3d.");
  nn.def("fractional_max_pool2d", [](const Tensor& x, py::handle k, py::handle o, const Tensor& samples) {
    auto kk = ints(k, "fractional_max_pool2d"), oo = ints(o, "fractional_max_pool2d");
    GIL g;
    return fractional_max_pool2d(x, kk, oo, samples);
  }, py::arg("input"), py::arg("kernel_size"), py::arg("output_size"), py::arg("random_samples"),
     "See pyt.nn.functional.fractional_max_pool2d.");
  nn.def("max_unpool2d", [](const Tensor& x, const Tensor& idx, py::handle o) {
    auto oo = ints(o, "max_unpool2d");
    GIL g;
    return max_unpool2d(x, idx, oo);
  }, py::arg("input"), py::arg("indices"), py::arg("output_size"), "See pyt.nn.functional.max_unpool2d.");
  nn.def("max_unpool3d", [](const Tensor& x, const Tensor& idx, py::handle o) {
    auto oo = ints(o, "max_unpool3d");
    GIL g;
    return max_unpool3d(x, idx, oo);
  }, py::arg("input"), py::arg("indices"), py::arg("output_size"), "See pyt.nn.functional.max_unpool3d.");
}

}  // namespace pyt::python
