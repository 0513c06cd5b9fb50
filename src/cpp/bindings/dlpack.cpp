// DLPack in Python: Tensor.__dlpack__ / __dlpack_device__ and pyt.from_dlpack (the array
// API's exchange protocol), zero-copy both ways, on top of pyt/dlpack.h.
#include "pyt/dlpack.h"

#include "common.h"

namespace pyt::python {

namespace {

// Capsule destructors: a capsule still named "dltensor[_versioned]" was never consumed, so
// its tensor is released here; a consumer renames it "used_..." and owns the tensor.
void legacy_capsule_destructor(PyObject* cap) {
  if (PyCapsule_IsValid(cap, "dltensor")) {
    auto* m = static_cast<dl::DLManagedTensor*>(PyCapsule_GetPointer(cap, "dltensor"));
    if (m && m->deleter) m->deleter(m);
  }
}
void versioned_capsule_destructor(PyObject* cap) {
  if (PyCapsule_IsValid(cap, "dltensor_versioned")) {
    auto* m = static_cast<dl::DLManagedTensorVersioned*>(PyCapsule_GetPointer(cap, "dltensor_versioned"));
    if (m && m->deleter) m->deleter(m);
  }
}

py::object legacy_capsule(const Tensor& t) {
  dl::DLManagedTensor* m = to_dlpack(t);
  PyObject* cap = PyCapsule_New(m, "dltensor", legacy_capsule_destructor);
  if (!cap) {
    m->deleter(m);
    throw py::error_already_set();
  }
  return py::reinterpret_steal<py::object>(cap);
}

// A tensor from a capsule; renames it "used_..." once pyt owns the DLPack tensor.
Tensor from_capsule(py::handle cap) {
  if (PyCapsule_IsValid(cap.ptr(), "dltensor_versioned")) {
    auto* m = static_cast<dl::DLManagedTensorVersioned*>(PyCapsule_GetPointer(cap.ptr(), "dltensor_versioned"));
    PYT_CHECK(m->version.major >= 1, RuntimeError, "from_dlpack: unsupported DLPack version ", m->version.major, ".",
              m->version.minor);
    Tensor t = from_dlpack(m);
    PyCapsule_SetName(cap.ptr(), "used_dltensor_versioned");
    // Memory the producer marks read-only is copied: pyt tensors are always writable.
    if (m->flags & dl::kFlagReadOnly) return clone(t);
    return t;
  }
  if (PyCapsule_IsValid(cap.ptr(), "dltensor")) {
    auto* m = static_cast<dl::DLManagedTensor*>(PyCapsule_GetPointer(cap.ptr(), "dltensor"));
    Tensor t = from_dlpack(m);
    PyCapsule_SetName(cap.ptr(), "used_dltensor");
    return t;
  }
  throw ValueError("from_dlpack: expected a DLPack capsule named 'dltensor' or 'dltensor_versioned' (a capsule can "
                   "be consumed only once)");
}

}  // namespace

void init_dlpack(py::module_& m) {
  auto cls = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));
  cls.def("__dlpack__", [](const Tensor& t, py::object stream, py::object max_version, py::object dl_device,
                           py::object copy) -> py::object {
    (void)stream;  // CPU memory has no streams: nothing to synchronize
    if (t.requires_grad()) throw py::buffer_error("Can't export tensors that require gradient, use tensor.detach()");
    if (!dl_device.is_none()) {
      auto dev = dl_device.cast<std::pair<int, int>>();
      PYT_CHECK(dev.first == dl::kDLCPU, ValueError, "__dlpack__: pyt tensors live on the CPU (device type 1), "
                "cannot export to device type ", dev.first);
    }
    Tensor src = t;
    bool copied = !copy.is_none() && copy.cast<bool>();
    if (copied) src = clone(t.detach());
    bool versioned = !max_version.is_none() && max_version.cast<std::pair<int, int>>().first >= 1;
    if (!versioned) return legacy_capsule(src);
    dl::DLManagedTensorVersioned* mt = to_dlpack_versioned(src);
    if (copied) mt->flags |= dl::kFlagIsCopied;
    PyObject* cap = PyCapsule_New(mt, "dltensor_versioned", versioned_capsule_destructor);
    if (!cap) {
      mt->deleter(mt);
      throw py::error_already_set();
    }
    return py::reinterpret_steal<py::object>(cap);
  }, py::kw_only(), py::arg("stream") = py::none(), py::arg("max_version") = py::none(),
     py::arg("dl_device") = py::none(), py::arg("copy") = py::none(), R"doc(
__dlpack__(*, stream=None, max_version=None, dl_device=None, copy=None) -> PyCapsule

Exports the tensor as a DLPack capsule sharing its memory (the array API's exchange
protocol; torch.Tensor.__dlpack__). ``max_version >= (1, 0)`` gives a versioned
("dltensor_versioned") capsule, else a legacy "dltensor" one. The capsule keeps the
storage alive until its consumer releases it. ``copy=True`` exports a copy.

Raises:
    BufferError: the tensor requires grad (export ``t.detach()``), as torch.
    ValueError: dl_device is not the CPU.

Example:
    >>> import numpy as np
    >>> np.from_dlpack(pyt.arange(3))
    array([0, 1, 2])
)doc");
  cls.def("__dlpack_device__", [](const Tensor&) { return py::make_tuple(static_cast<int>(dl::kDLCPU), 0); },
          "(device type, device id) of the tensor's memory for DLPack: (1, 0), the CPU.");
  m.def("from_dlpack", [](py::object ext) {
    if (PyCapsule_CheckExact(ext.ptr())) return from_capsule(ext);
    PYT_CHECK(py::hasattr(ext, "__dlpack__"), TypeError, "from_dlpack: expected an object with __dlpack__ or a DLPack "
              "capsule, got ", std::string(py::str(py::type::of(ext).attr("__name__"))));
    if (py::hasattr(ext, "__dlpack_device__")) {
      py::tuple dev = ext.attr("__dlpack_device__")();
      int type = dev[0].cast<int>();
      PYT_CHECK(type == dl::kDLCPU || type == dl::kDLCUDAHost, RuntimeError, "from_dlpack: pyt imports CPU memory "
                "only, got DLPack device type ", type);
    }
    py::object cap;
    try {
      cap = ext.attr("__dlpack__")(py::arg("max_version") = py::make_tuple(1, 0));
    } catch (py::error_already_set& e) {
      if (!e.matches(PyExc_TypeError)) throw;
      cap = ext.attr("__dlpack__")();  // a producer that predates DLPack 1.0
    }
    return from_capsule(cap);
  }, py::arg("ext_tensor"), R"doc(
from_dlpack(ext_tensor) -> Tensor

A tensor sharing memory with another library's array (torch.from_dlpack): any object with
``__dlpack__`` (numpy arrays, torch tensors, ...) or a DLPack capsule. Writes through either
side show in the other, and the memory stays valid after the source object is deleted.
Strides and all ten pyt dtypes (bool, bfloat16 and float16 included) carry over; memory the
producer marks read-only is copied instead.

Raises:
    RuntimeError: memory on another device than the CPU, or a dtype pyt has not (complex,
        uint16...).
    ValueError: a capsule that was already consumed.

Example:
    >>> import numpy as np
    >>> a = np.arange(3.0); t = pyt.from_dlpack(a); a[0] = 5; t
    tensor([5., 1., 2.], dtype=pyt.float64)
)doc");
  m.def("_to_dlpack", [](const Tensor& t) { return legacy_capsule(t); }, py::arg("tensor"),
        "A legacy 'dltensor' capsule sharing t's memory (torch.utils.dlpack.to_dlpack).");
}

}  // namespace pyt::python
