// Bindings of Tensor.resize_ / resize_as_ (pyt/ops/resize.h), the resizing step of `out=`
// arguments (python/pyt/_out.py).
#include "common.h"

namespace pyt::python {

void init_out(py::module_& m) {
  py::class_<Tensor> cls = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));
  cls.def("resize_", [](Tensor& t, py::args size) -> Tensor& {
        return resize_(t, parse_shape(size, "resize_"));
      }, py::return_value_policy::reference_internal, R"doc(
resize_(*sizes) -> Tensor

Gives this tensor the contiguous shape ``sizes`` in place (torch.Tensor.resize_). The storage
is kept when it is large enough, else replaced by a larger one that starts with the old
bytes; elements beyond the old ones are uninitialised. Returns self.

Raises:
    RuntimeError: a negative size, or a tensor that requires grad.

Example:
    >>> t = pyt.zeros(2); t.resize_(2, 3).shape
    pyt.Size([2, 3])
)doc")
      .def("resize_as_", [](Tensor& t, const Tensor& other) -> Tensor& {
        return resize_(t, other.sizes());
      }, py::arg("other"), py::return_value_policy::reference_internal,
      "resize_as_(other) -> Tensor\n\nResizes this tensor in place to other's shape (torch.Tensor.resize_as_); "
      "see resize_().");
}

}  // namespace pyt::python
