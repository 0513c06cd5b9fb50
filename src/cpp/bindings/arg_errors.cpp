// Torch-style messages for calls that match no signature of a bound function.
//
// Note [Argument errors]: when a call matches none of a pybind11 function's signatures,
// pybind11's dispatcher raises TypeError "f(): incompatible function arguments. The following
// argument types are supported: ... Invoked with: ...", which names C++ types and says nothing
// about which argument is wrong. torch names the function and the argument ("zeros() got an
// unexpected keyword argument 'dtyp'", "ones(): argument 'dtype' must be torch.dtype, not
// str"). Every pybind11 function of pyt._C shares one PyMethodDef per function, whose ml_meth
// is pybind11's dispatcher (METH_FASTCALL); install_arg_error_translation points each at translating_dispatcher,
// which calls the dispatcher and, only when it failed with that TypeError, asks the Python
// translator (pyt._arg_errors.translate) for the message. A successful call pays one extra C
// call and a null check, nothing else.
#include <cstring>

#include "common.h"

namespace pyt::python {

namespace {
// pybind11 3's dispatcher: METH_FASTCALL | METH_KEYWORDS.
using Dispatcher = PyObject* (*)(PyObject*, PyObject* const*, Py_ssize_t, PyObject*);
Dispatcher g_dispatcher = nullptr;
PyObject* g_translator = nullptr;  // a Python callable (message, args, kwargs) -> str or None

// The better message for the pending TypeError of a call, or null to keep it.
PyObject* translated_message(PyObject* msg, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
  py::tuple a(nargs);
  for (Py_ssize_t i = 0; i < nargs; ++i) a[i] = py::reinterpret_borrow<py::object>(args[i]);
  py::dict kw;
  Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
  for (Py_ssize_t i = 0; i < nkw; ++i)
    kw[py::handle(PyTuple_GET_ITEM(kwnames, i))] = py::reinterpret_borrow<py::object>(args[nargs + i]);
  return PyObject_CallFunctionObjArgs(g_translator, msg, a.ptr(), kw.ptr(), nullptr);
}

PyObject* translating_dispatcher(PyObject* self, PyObject* const* args, Py_ssize_t nargsf, PyObject* kwnames) {
  PyObject* r = g_dispatcher(self, args, nargsf, kwnames);
  if (r || !g_translator || !PyErr_ExceptionMatches(PyExc_TypeError)) return r;
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  PyErr_NormalizeException(&type, &value, &tb);
  PyObject* msg = value ? PyObject_Str(value) : nullptr;
  const char* text = msg ? PyUnicode_AsUTF8(msg) : nullptr;
  PyObject* better = nullptr;
  if (text && (std::strstr(text, "incompatible function arguments") ||
               std::strstr(text, "incompatible constructor arguments"))) {
    try {
      better = translated_message(msg, args, PyVectorcall_NARGS(nargsf), kwnames);
    } catch (...) {
      better = nullptr;
    }
  }
  Py_XDECREF(msg);
  if (better && PyUnicode_Check(better)) {
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    PyErr_SetObject(PyExc_TypeError, better);
    Py_DECREF(better);
    return nullptr;
  }
  Py_XDECREF(better);
  PyErr_Clear();  // a failing translator leaves pybind11's message in place
  PyErr_Restore(type, value, tb);
  return nullptr;
}

// Points the PyMethodDef of f (a builtin function made by pybind11) at translating_dispatcher.
void patch_function(PyObject* f) {
  if (!f || !PyCFunction_Check(f)) return;
  PyMethodDef* def = reinterpret_cast<PyCFunctionObject*>(f)->m_ml;
  if (!def || def->ml_flags != (METH_FASTCALL | METH_KEYWORDS)) return;
  auto meth = reinterpret_cast<Dispatcher>(reinterpret_cast<void (*)()>(def->ml_meth));
  if (meth == translating_dispatcher) return;
  if (!g_dispatcher) g_dispatcher = meth;  // the first function of pyt._C is pybind11's
  if (meth != g_dispatcher) return;
  def->ml_meth = reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(translating_dispatcher));
}

void patch_attr(PyObject* v) {
  if (PyCFunction_Check(v)) {
    patch_function(v);
  } else if (PyInstanceMethod_Check(v)) {
    patch_function(PyInstanceMethod_GET_FUNCTION(v));
  } else if (PyObject_TypeCheck(v, &PyStaticMethod_Type) || PyObject_TypeCheck(v, &PyClassMethod_Type)) {
    PyObject* f = PyObject_GetAttrString(v, "__func__");
    if (f) patch_function(f);
    Py_XDECREF(f);
    PyErr_Clear();
  }
}

void patch_namespace(py::handle ns, int depth) {
  if (depth > 3) return;
  py::dict d = py::reinterpret_borrow<py::dict>(PyModule_Check(ns.ptr()) ? PyModule_GetDict(ns.ptr())
                                                                         : reinterpret_cast<PyTypeObject*>(ns.ptr())->tp_dict);
  for (auto item : d) {
    PyObject* v = item.second.ptr();
    if (PyType_Check(v) || PyModule_Check(v)) {
      // Only pyt._C's own classes and submodules (not numpy's, builtins...).
      py::object mod = py::getattr(item.second, "__name__", py::none());
      std::string owner = PyModule_Check(v) ? std::string(py::str(mod))
                                            : std::string(py::str(py::getattr(item.second, "__module__", py::str(""))));
      if (owner.rfind("pyt._C", 0) == 0 && !py::handle(v).is(ns)) patch_namespace(item.second, depth + 1);
    } else {
      patch_attr(v);
    }
  }
}
}  // namespace

void install_arg_error_translation(py::module_& m) {
  patch_namespace(m, 0);
  m.def("_set_arg_error_translator", [](py::object f) {
    Py_XDECREF(g_translator);
    g_translator = f.is_none() ? nullptr : f.release().ptr();
  }, py::arg("translator"), "Sets the callable that words argument errors (Note [Argument errors]; internal).");
  m.def("_install_arg_error_translation", [](py::handle ns) { patch_namespace(ns, 0); }, py::arg("namespace"),
        "Translates argument errors of the pybind11 functions of a module or class (internal).");
}

}  // namespace pyt::python
