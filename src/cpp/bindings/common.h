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
/// torch's legacy scatter reduce= ("add"/"multiply") as a scatter_reduce name; warns as torch
/// for a tensor src; RuntimeError for another name.
const char* legacy_scatter_reduce(const std::string& reduce, bool tensor_src);
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
void init_pool(py::module_& m);
void init_loss(py::module_& m);
void init_loss2(py::module_& m);
void init_sampling(py::module_& m);
void init_nn_norm(py::module_& m);
void init_rnn(py::module_& m);
void init_index(py::module_& m);
void init_linalg2(py::module_& m);
void init_linalg(py::module_& m);
void init_stats(py::module_& m);
void init_mathx(py::module_& m);
void init_extra(py::module_& m);
void init_tmeta(py::module_& m);
void init_random(py::module_& m);
void init_dlpack(py::module_& m);
void init_allocator(py::module_& m);
void init_serialization(py::module_& m);
/// Torch-style argument errors for every pybind11 function of m (Note [Argument errors]).
void install_arg_error_translation(py::module_& m);

}  // namespace pyt::python

namespace pyt::python {
// Note [One Python object per tensor]: as torch keeps one Python object per tensor (its
// PyObject slot), `x.grad is x.grad` and `x.add_(1) is x` hold. Every Tensor returned to
// Python goes through type_caster<Tensor> below, which reuses the object recorded in the
// TensorImpl (TensorImpl::pyobj) while that object is alive, and records the object it
// creates. The record is a borrowed pointer: it holds no reference (no cycle, no leak), is
// read and written only with the GIL held, and is cleared by the Tensor type's tp_dealloc
// (install_tensor_identity) before the object's memory is freed. An object whose reference
// count has dropped to zero (being deallocated, e.g. while weakref callbacks of a subclass
// run) is never handed out again. This relies on the Tensor handle inside a Python object
// never being reassigned to another TensorImpl (bindings mutate the impl instead, as
// `Tensor.data = ...` does).

/// The live Python object recorded for t's impl, or null.
inline PyObject* cached_tensor_object(const Tensor& t) {
  const auto& impl = t.impl_ptr();
  if (!impl) return nullptr;
  auto* o = static_cast<PyObject*>(impl->pyobj());
  return (o && Py_REFCNT(o) > 0) ? o : nullptr;
}
/// Records h as the Python object of impl; returns h.
inline pybind11::handle remember_tensor_object(TensorImpl* impl, pybind11::handle h) {
  if (impl && h) impl->set_pyobj(h.ptr());
  return h;
}
/// Makes the Tensor type clear the record when one of its objects is deallocated.
void install_tensor_identity(pybind11::handle tensor_type);
/// A graph node as a Python object whose class is named after the node ("AddBackward0"), a
/// subclass of _C.Node (Note [Node classes] in autograd.cpp); None for a null node.
pybind11::object node_to_py(const std::shared_ptr<autograd::Node>& n);
}  // namespace pyt::python

namespace pybind11::detail {
/// Tensors go to Python through their recorded object (Note [One Python object per tensor]).
template <>
class type_caster<pyt::Tensor> : public type_caster_base<pyt::Tensor> {
  using base = type_caster_base<pyt::Tensor>;

 public:
  static handle cast(const pyt::Tensor& src, return_value_policy policy, handle parent) {
    if (PyObject* o = pyt::python::cached_tensor_object(src)) return handle(o).inc_ref();
    return pyt::python::remember_tensor_object(src.impl_ptr().get(), base::cast(src, policy, parent));
  }
  static handle cast(pyt::Tensor&& src, return_value_policy policy, handle parent) {
    if (PyObject* o = pyt::python::cached_tensor_object(src)) return handle(o).inc_ref();
    pyt::TensorImpl* impl = src.impl_ptr().get();
    return pyt::python::remember_tensor_object(impl, base::cast(std::move(src), policy, parent));
  }
  static handle cast(const pyt::Tensor* src, return_value_policy policy, handle parent) {
    if (!src) return none().release();
    if (PyObject* o = pyt::python::cached_tensor_object(*src)) return handle(o).inc_ref();
    return pyt::python::remember_tensor_object(src->impl_ptr().get(), base::cast(src, policy, parent));
  }
};

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
