// The extension module pyt._C: exception translation and the init of each area.
#include "common.h"

namespace pyt::python {

static py::object g_size_class;

py::object make_size(const std::vector<int64_t>& sizes) {
  py::tuple t(sizes.size());
  for (size_t i = 0; i < sizes.size(); ++i) t[i] = py::int_(sizes[i]);
  if (g_size_class) return g_size_class(t);
  return std::move(t);
}

}  // namespace pyt::python

PYBIND11_MODULE(_C, m) {
  using namespace pyt::python;
  m.doc() = "pyt's C++ core: tensors, kernels and autograd, bound with pybind11.";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const pyt::IndexError& e) {
      PyErr_SetString(PyExc_IndexError, e.what());
    } catch (const pyt::TypeError& e) {
      PyErr_SetString(PyExc_TypeError, e.what());
    } catch (const pyt::ValueError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const pyt::NotImplementedError& e) {
      PyErr_SetString(PyExc_NotImplementedError, e.what());
    } catch (const pyt::Error& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    } catch (const std::bad_alloc&) {
      PyErr_SetString(PyExc_MemoryError, "pyt: out of memory");
    }
  });
  m.def("_set_size_class", [](py::object cls) { g_size_class = cls; }, "Registers pyt.Size (internal).");
  init_dtype(m);
  init_tensor(m);
  init_functions(m);
  init_autograd(m);
  init_math(m);
  init_shape_reduce(m);
  init_optim(m);
  init_conv(m);
  init_pool(m);
  init_loss(m);
  init_loss2(m);
  init_sampling(m);
  init_nn_norm(m);
  init_rnn(m);
  init_index(m);
  init_linalg2(m);
  init_linalg(m);
  init_stats(m);
  init_mathx(m);
  init_extra(m);
  init_tmeta(m);
  init_random(m);
  init_dlpack(m);
  init_allocator(m);
  init_serialization(m);
  install_arg_error_translation(m);  // last: it patches the functions bound above
  // Leak-free shutdown: drop the cached Size class before the interpreter goes away.
  auto atexit = py::module_::import("atexit");
  atexit.attr("register")(py::cpp_function([]() { g_size_class = py::object(); }));
}
