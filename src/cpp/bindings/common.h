#pragma once
// Shared helpers of the pybind11 bindings: dtype objects, operand conversion (Python
// numbers become weak "wrapped number" tensors), shape parsing.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <vector>

#include "pyt/pyt.h"

namespace py = pybind11;

namespace pyt::python {

/// The Python object behind pyt.float32 etc.
struct PyDType {
  ScalarType st;
};

/// The singleton Python dtype object of st.
py::object dtype_object(ScalarType st);
/// Converts pyt.dtype, or the Python types float/int/bool, to a ScalarType; TypeError otherwise.
ScalarType to_scalar_type(py::handle h);
/// A Tensor from a Tensor, a Python bool/int/float (wrapped number) or a numpy scalar.
Tensor to_operand(py::handle h, const char* op);
/// A Scalar from a Python bool/int/float, numpy scalar or one-element tensor.
Scalar to_scalar(py::handle h, const char* op);
bool is_number(py::handle h);
/// Shape from (*ints) or (sequence,) as Python callers pass it.
std::vector<int64_t> parse_shape(const py::args& args, const char* op);
std::vector<int64_t> to_int_list(py::handle h, const char* op);
/// Wraps a torch.Size-like tuple (pyt.Size).
py::object make_size(const std::vector<int64_t>& sizes);
/// The Generator* for a Python generator argument (None -> nullptr = default).
Generator* to_generator(py::handle h);

void init_dtype(py::module_& m);
void init_tensor(py::module_& m);
void init_functions(py::module_& m);
void init_autograd(py::module_& m);
void init_math(py::module_& m);
void init_shape_reduce(py::module_& m);
void init_optim(py::module_& m);
void init_conv(py::module_& m);
void init_loss(py::module_& m);
void init_loss2(py::module_& m);
void init_nn_norm(py::module_& m);
void init_rnn(py::module_& m);
void init_index(py::module_& m);
void init_linalg2(py::module_& m);
void init_random(py::module_& m);
void init_dlpack(py::module_& m);
void init_allocator(py::module_& m);

}  // namespace pyt::python

namespace pybind11::detail {
/// Lets bound functions take and return pyt::ScalarType as pyt.dtype objects.
template <>
struct type_caster<pyt::ScalarType> {
 public:
  PYBIND11_TYPE_CASTER(pyt::ScalarType, const_name("pyt.dtype"));
  bool load(handle src, bool) {
    try {
      value = pyt::python::to_scalar_type(src);
      return true;
    } catch (...) {
      return false;
    }
  }
  static handle cast(pyt::ScalarType st, return_value_policy, handle) {
    return pyt::python::dtype_object(st).release();
  }
};
}  // namespace pybind11::detail
