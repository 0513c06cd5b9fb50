// pyt.dtype objects, pyt.device, and the argument conversion helpers of common.h.
#include <array>

#include "common.h"

namespace pyt::python {

// Leaked on purpose: destroying Python objects after interpreter shutdown would crash.
static auto& g_dtypes = *new std::array<py::object, kNumScalarTypes>();

py::object dtype_object(ScalarType st) {
  PYT_CHECK(st != ScalarType::Undefined && static_cast<int>(st) < kNumScalarTypes, RuntimeError, "undefined dtype");
  return g_dtypes[static_cast<int>(st)];
}

ScalarType to_scalar_type(py::handle h) {
  if (py::isinstance<PyDType>(h)) return h.cast<PyDType&>().st;
  if (h.ptr() == reinterpret_cast<PyObject*>(&PyFloat_Type)) return ScalarType::Float64;
  if (h.ptr() == reinterpret_cast<PyObject*>(&PyBool_Type)) return ScalarType::Bool;
  if (h.ptr() == reinterpret_cast<PyObject*>(&PyLong_Type)) return ScalarType::Int64;
  throw TypeError(str("expected a pyt.dtype, got ", std::string(py::str(py::type::of(h).attr("__name__")))));
}

bool is_number(py::handle h) {
  return PyBool_Check(h.ptr()) || PyLong_Check(h.ptr()) || PyFloat_Check(h.ptr()) ||
         (py::hasattr(h, "dtype") && py::hasattr(h, "item") && !py::isinstance<Tensor>(h) &&
          py::len(h.attr("shape")) == 0);
}

Scalar to_scalar(py::handle h, const char* op) {
  if (PyBool_Check(h.ptr())) return Scalar(h.ptr() == Py_True);
  if (PyLong_Check(h.ptr())) {
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(h.ptr(), &overflow);
    PYT_CHECK(!overflow, RuntimeError, op, ": Overflow when unpacking long");
    return Scalar(static_cast<int64_t>(v));
  }
  if (PyFloat_Check(h.ptr())) return Scalar(PyFloat_AsDouble(h.ptr()));
  // torch takes complex scalars (add(alpha=1.5j) is its RuntimeError for real inputs); pyt has
  // no complex dtypes, so every complex scalar is that RuntimeError.
  PYT_CHECK(!PyComplex_Check(h.ptr()), RuntimeError, op, ": complex numbers are not supported (got ",
            std::string(py::repr(h)), "): pyt has no complex dtypes, and for non-complex input tensors a scalar "
            "argument such as alpha must not be a complex number");
  if (py::isinstance<Tensor>(h)) {
    const Tensor& t = h.cast<const Tensor&>();
    PYT_CHECK(t.numel() == 1, RuntimeError, op, ": a Tensor with ", t.numel(), " elements cannot be converted to Scalar");
    return t.item();
  }
  // numpy scalars and other objects with item()
  if (py::hasattr(h, "item") && py::hasattr(h, "dtype")) {
    py::object v = h.attr("item")();
    if (PyBool_Check(v.ptr()) || PyLong_Check(v.ptr()) || PyFloat_Check(v.ptr())) return to_scalar(v, op);
  }
  throw TypeError(str(op, "(): expected a number, got ", std::string(py::str(py::type::of(h).attr("__name__")))));
}

Tensor to_operand(py::handle h, const char* op) {
  if (py::isinstance<Tensor>(h)) return h.cast<Tensor>();
  if (PyBool_Check(h.ptr()) || PyLong_Check(h.ptr()) || PyFloat_Check(h.ptr())) return wrapped_scalar(to_scalar(h, op));
  if (py::hasattr(h, "dtype") && py::hasattr(h, "shape") && py::hasattr(h, "item") && py::len(h.attr("shape")) == 0)
    return wrapped_scalar(to_scalar(h, op));
  if (py::hasattr(h, "__array_interface__"))  // a numpy array operand becomes a tensor (a copy)
    return py::module_::import("pyt").attr("as_tensor")(h).cast<Tensor>();
  throw TypeError(str(op, "(): argument 'other' must be Tensor or Number, not ",
                      std::string(py::str(py::type::of(h).attr("__name__")))));
}

static int64_t to_int(py::handle h, const char* op) {
  if (PyBool_Check(h.ptr()))
    throw TypeError(str(op, "(): expected an int, got bool"));
  if (py::isinstance<Tensor>(h)) {
    const Tensor& t = h.cast<const Tensor&>();
    PYT_CHECK(t.numel() == 1 && is_integral_type(t.dtype(), false), TypeError, op,
              "(): only integer tensors of a single element can be converted to an index");
    return t.item().to_int();
  }
  PyObject* idx = PyNumber_Index(h.ptr());
  if (!idx) {
    PyErr_Clear();
    throw TypeError(str(op, "(): expected a sequence of integers, got ",
                        std::string(py::str(py::type::of(h).attr("__name__")))));
  }
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(idx, &overflow);
  Py_DECREF(idx);
  PYT_CHECK(!overflow, TypeError, op, "(): argument 'size' failed to unpack the object ", std::string(py::str(h)),
            " with error \"Overflow when unpacking long long\" (sizes must fit in int64)");
  return v;
}

std::vector<int64_t> to_int_list(py::handle h, const char* op) {
  std::vector<int64_t> out;
  if (py::isinstance<Tensor>(h)) {  // as torch: a one-element integer tensor stands for one int
    const Tensor& t = h.cast<const Tensor&>();
    PYT_CHECK(t.numel() == 1 && is_integral_type(t.dtype(), false), TypeError, op,
              "(): argument 'size' must be tuple of ints, not Tensor (a Tensor is accepted only with one "
              "integer element; got shape ", t.shape_str(), " and dtype ", scalar_type_name(t.dtype()), ")");
    out.push_back(t.item().to_int());
    return out;
  }
  if (PyLong_Check(h.ptr()) && !PyBool_Check(h.ptr())) {
    out.push_back(to_int(h, op));
    return out;
  }
  if (!PySequence_Check(h.ptr()) || py::isinstance<py::str>(h))
    throw TypeError(str(op, "(): expected a sequence of integers, got ",
                        std::string(py::str(py::type::of(h).attr("__name__")))));
  for (py::handle item : py::reinterpret_borrow<py::sequence>(h)) out.push_back(to_int(item, op));
  return out;
}

std::vector<int64_t> parse_shape(const py::args& args, const char* op) {
  if (args.size() == 1 && py::isinstance<Tensor>(args[0])) return to_int_list(args[0], op);
  if (args.size() == 1 && !PyLong_Check(args[0].ptr()) && PySequence_Check(args[0].ptr()))
    return to_int_list(args[0], op);
  std::vector<int64_t> out;
  for (py::handle a : args) out.push_back(to_int(a, op));
  return out;
}

Generator* to_generator(py::handle h) {
  if (h.is_none()) return nullptr;
  if (py::isinstance<Generator>(h)) return &h.cast<Generator&>();
  throw TypeError(str("expected a pyt.Generator, got ", std::string(py::str(py::type::of(h).attr("__name__")))));
}

void init_dtype(py::module_& m) {
  py::class_<PyDType>(m, "dtype", "The dtype of a tensor's elements (torch.dtype). Example: pyt.float32.itemsize == 4")
      .def_property_readonly("is_floating_point", [](const PyDType& d) { return is_floating_type(d.st); })
      .def_property_readonly("is_signed", [](const PyDType& d) {
        return d.st != ScalarType::Bool && d.st != ScalarType::UInt8;
      })
      .def_property_readonly("is_complex", [](const PyDType&) { return false; })
      .def_property_readonly("itemsize", [](const PyDType& d) { return element_size(d.st); })
      .def("__repr__", [](const PyDType& d) { return std::string("pyt.") + scalar_type_name(d.st); })
      .def("__reduce__", [](const PyDType& d) { return std::string(scalar_type_name(d.st)); });
#define PYT_BIND_DTYPE(T, N, S)                                                          \
  g_dtypes[static_cast<int>(ScalarType::N)] = py::cast(PyDType{ScalarType::N}, py::return_value_policy::move); \
  m.attr(S) = g_dtypes[static_cast<int>(ScalarType::N)];
  PYT_FORALL_SCALAR_TYPES(PYT_BIND_DTYPE)
#undef PYT_BIND_DTYPE
  m.attr("float") = m.attr("float32");
  m.attr("double") = m.attr("float64");
  m.attr("half") = m.attr("float16");
  m.attr("long") = m.attr("int64");
  m.attr("int") = m.attr("int32");
  m.attr("short") = m.attr("int16");
  m.def("get_default_dtype", &get_default_dtype, "The default floating dtype (torch.get_default_dtype).");
  m.def("set_default_dtype", &set_default_dtype, py::arg("d"),
        "Sets the default floating dtype; float32 or float64 (torch.set_default_dtype).");
  m.def("promote_types", &promote_types, py::arg("type1"), py::arg("type2"),
        "The smallest dtype both convert to without changing category (torch.promote_types).");
  m.def("can_cast", &can_cast, py::arg("from_"), py::arg("to"),
        "Whether a cast from one dtype to another keeps the category (torch.can_cast).");

  py::class_<Device>(m, "device", "A device (torch.device); only 'cpu' has a backend.")
      .def(py::init([](const std::string& s) { return Device(s); }), py::arg("type"))
      .def(py::init([](const std::string& s, int index) {
             Device d(s);
             d.index = index;
             return d;
           }),
           py::arg("type"), py::arg("index"))
      .def_property_readonly("type", [](const Device& d) { return d.str(); })
      .def_property_readonly("index", [](const Device& d) -> py::object {
        return d.index < 0 ? py::none() : py::object(py::int_(d.index));
      })
      .def("__eq__", [](const Device& a, py::object b) {
        if (py::isinstance<Device>(b)) return a == b.cast<Device>();
        if (py::isinstance<py::str>(b)) return a.str() == b.cast<std::string>();
        return false;
      })
      .def("__hash__", [](const Device& d) { return static_cast<int>(d.type); })
      .def("__str__", [](const Device& d) { return d.index < 0 ? d.str() : d.str() + ":" + std::to_string(d.index); })
      .def("__repr__", [](const Device& d) {
        return d.index < 0 ? "device(type='" + d.str() + "')"
                           : "device(type='" + d.str() + "', index=" + std::to_string(d.index) + ")";
      });
}

}  // namespace pyt::python
