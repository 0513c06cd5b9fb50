// Autograd bindings: graph nodes (grad_fn), grad mode and the backward entry point.
#include "common.h"
#include "pyt/ops/op_list.h"

namespace pyt::python {

namespace {

// A Python object that may be released on any thread: takes the GIL to drop it. Graph nodes
// and hooks holding Python callables die wherever the last tensor of the graph dies.
std::shared_ptr<py::object> gil_safe(py::object o) {
  return std::shared_ptr<py::object>(new py::object(std::move(o)), [](py::object* p) {
    if (!Py_IsInitialized()) {
      p->release();  // interpreter gone: leak rather than crash
      delete p;
      return;
    }
    py::gil_scoped_acquire gil;
    delete p;
  });
}

// Tensor.register_hook's Python callable as a C++ gradient hook.
std::function<Tensor(const Tensor&)> python_grad_hook(py::function fn) {
  auto f = gil_safe(std::move(fn));
  return [f](const Tensor& grad) -> Tensor {
    py::gil_scoped_acquire gil;
    py::object r = (*f)(grad);
    if (r.is_none()) return Tensor();
    PYT_CHECK(py::isinstance<Tensor>(r), TypeError, "hook should return None or a Tensor, got ",
              std::string(py::str(py::type::of(r).attr("__name__"))));
    return r.cast<Tensor>();
  };
}

// Note [Python autograd.Function]: a node whose backward calls back into Python (holding
// the GIL only there). It holds the Python backward closure, which owns the ctx.
struct PyFunctionNode : autograd::Node {
  PyFunctionNode(std::string name, py::function backward, py::function release, bool materialize)
      : name_(std::move(name)),
        backward_(gil_safe(std::move(backward))),
        release_(gil_safe(std::move(release))),
        materialize_(materialize) {}
  std::string name() const override { return name_; }
  bool materializes_grads() const override { return materialize_; }
  TensorList apply(TensorList&& grads) override {
    py::gil_scoped_acquire gil;
    PYT_CHECK(!released_, RuntimeError, "Trying to backward through the graph a second time (or directly access saved "
              "tensors after they have already been freed). Specify retain_graph=True if you need to backward through "
              "the graph a second time.");
    py::tuple args(grads.size());
    for (size_t i = 0; i < grads.size(); ++i) args[i] = grads[i].defined() ? py::cast(grads[i]) : py::none();
    py::object r = (*backward_)(*args);
    py::tuple res = py::isinstance<py::tuple>(r) ? py::reinterpret_borrow<py::tuple>(r) : py::make_tuple(r);
    size_t n = next_edges_.size();
    bool count_ok = res.size() >= n;
    for (size_t i = n; i < res.size(); ++i) count_ok = count_ok && res[i].is_none();  // extra Nones are fine
    PYT_CHECK(count_ok, RuntimeError, "function ", name_, " returned an incorrect number of gradients (expected ", n,
              ", got ", res.size(), ")");
    TensorList out(n);
    for (size_t i = 0; i < n; ++i) {
      py::handle g = res[i];
      if (g.is_none()) continue;
      PYT_CHECK(py::isinstance<Tensor>(g), TypeError, "function ", name_, " returned a gradient of type ",
                std::string(py::str(py::type::of(g).attr("__name__"))), " at index ", i, "; expected a Tensor or None");
      if (!needs_input_grad(i)) continue;
      out[i] = g.cast<Tensor>();
    }
    return out;
  }
  void release_variables() override {
    py::gil_scoped_acquire gil;
    released_ = true;
    (*release_)();
  }

 private:
  std::string name_;
  std::shared_ptr<py::object> backward_, release_;
  bool released_ = false;
  bool materialize_ = true;
};

}  // namespace

std::string python_stack() {
  if (!Py_IsInitialized()) return "";
  py::gil_scoped_acquire gil;
  try {
    py::list frames = py::module_::import("traceback").attr("format_stack")();
    std::string out;
    for (py::handle f : frames) out += py::str(f).cast<std::string>();
    return out;
  } catch (...) {
    return "";
  }
}

void init_autograd(py::module_& m) {
  autograd::AnomalyMode::set_trace_provider(&python_stack);
  m.def("_set_anomaly_enabled", [](bool e, bool check_nan) { autograd::AnomalyMode::set_enabled(e, check_nan); },
        py::arg("enabled"), py::arg("check_nan") = true);
  m.def("_is_anomaly_enabled", []() { return autograd::AnomalyMode::is_enabled(); });
  m.def("_is_anomaly_check_nan_enabled", []() { return autograd::AnomalyMode::check_nan(); });
  using autograd::Node;
  py::class_<Node, std::shared_ptr<Node>>(m, "Node", "A node of the backward graph (tensor.grad_fn), e.g. AddBackward0.")
      .def("name", &Node::name)
      .def_property_readonly("next_functions", [](const Node& n) {
        py::list out;
        for (const auto& e : n.next_edges()) {
          if (e.function)
            out.append(py::make_tuple(py::cast(e.function), e.input_nr));
          else
            out.append(py::make_tuple(py::none(), 0));
        }
        return py::tuple(out);
      })
      .def_property_readonly("variable", [](const Node& n) -> py::object {
        auto* acc = dynamic_cast<const autograd::AccumulateGrad*>(&n);
        if (!acc) throw py::attribute_error("'" + n.name() + "' object has no attribute 'variable'");
        return py::cast(acc->variable);
      })
      .def("__repr__", [](const Node& n) {
        std::ostringstream os;
        os << "<" << n.name() << " object at " << static_cast<const void*>(&n) << ">";
        return os.str();
      });
  // ---- saved-tensor hooks (pyt.autograd.graph)
  m.def("_push_saved_tensors_hooks", [](py::function pack, py::function unpack) {
    auto p = gil_safe(pack), u = gil_safe(unpack);
    autograd::SavedTensorHooks h;
    h.pack = [p](const Tensor& t) -> autograd::SavedTensorHooks::Packed {
      py::gil_scoped_acquire gil;
      return gil_safe((*p)(t));
    };
    h.unpack = [u](const autograd::SavedTensorHooks::Packed& x) -> Tensor {
      py::gil_scoped_acquire gil;
      py::object r = (*u)(*static_cast<py::object*>(x.get()));
      PYT_CHECK(py::isinstance<Tensor>(r), TypeError, "Output of saved tensor unpack_hook expected to be a Tensor "
                "but got result of type ", std::string(py::str(py::type::of(r).attr("__name__"))));
      return r.cast<Tensor>();
    };
    h.user = gil_safe(py::make_tuple(pack, unpack));
    autograd::push_saved_tensor_hooks(std::move(h));
  }, "Makes (pack, unpack) the innermost saved-tensor hooks of this thread.");
  m.def("_pop_saved_tensors_hooks", []() { autograd::pop_saved_tensor_hooks(); });
  m.def("_current_saved_tensors_hooks", []() -> py::object {
    const autograd::SavedTensorHooks* h = autograd::current_saved_tensor_hooks();
    if (!h) return py::none();
    return *static_cast<py::object*>(h->user.get());
  }, "The innermost (pack, unpack) pair of this thread, or None.");
  m.def("_set_saved_tensors_hooks_disabled", [](std::optional<std::string> message) -> py::object {
    std::string prev = autograd::disable_saved_tensor_hooks(message.value_or(""));
    return prev.empty() ? py::object(py::none()) : py::object(py::str(prev));
  }, py::arg("message"), "Disables saved-tensor hooks with an error message (None enables them); returns the "
     "previous message or None.");
  m.def("_op_list", []() {
    py::list out;
#define PYT_OP_ENTRY(N, B) out.append(py::make_tuple(#N, B));
    PYT_FORALL_OPS(PYT_OP_ENTRY)
#undef PYT_OP_ENTRY
    PYT_INTERNAL_ASSERT(static_cast<int>(py::len(out)) == kNumOps);
    return out;
  }, "The op list (name, autograd node name or ''): see Note [The op list].");
  m.def("_function_record", [](const std::string& name, py::function backward, py::function release,
                               py::list inputs, py::list outputs, py::list differentiable, py::list dirty, bool materialize) {
    // Records a PyFunctionNode for outputs of a Python autograd.Function; returns the outputs
    // to hand back (an output that is also an input becomes an alias, keeping the input intact).
    TensorList ins;
    for (py::handle h : inputs) ins.push_back(h.is_none() ? Tensor() : h.cast<Tensor>());
    auto node = std::make_shared<PyFunctionNode>(name, backward, release, materialize);
    auto& edges = node->mutable_next_edges();
    for (const Tensor& t : ins) edges.push_back(autograd::gradient_edge(t));
    py::list result;
    for (size_t i = 0; i < py::len(outputs); ++i) {
      py::handle h = outputs[i];
      if (!py::isinstance<Tensor>(h)) {
        result.append(h);
        continue;
      }
      Tensor o = h.cast<Tensor>();
      bool diff = differentiable[i].cast<bool>() && is_floating_type(o.dtype());
      bool is_input = false;
      for (const Tensor& t : ins)
        if (t.defined() && t.is_same(o)) {
          is_input = true;
          break;
        }
      if (is_input && dirty[i].cast<bool>()) {
        // ctx.mark_dirty: the input was modified in place and is returned; its history (on a
        // view: its base's, through CopySlices) is rebased onto this node, as torch does.
        PYT_CHECK(!(o.is_leaf() && o.requires_grad()), RuntimeError,
                  "a leaf Variable that requires grad has been used in an in-place operation.");
        uint32_t nr = node->add_input_metadata(o);
        if (diff) autograd::rebase_history(o, autograd::Edge(node, nr));
        result.append(h);
        continue;
      }
      if (is_input) o = o.detach();  // returned an input as is: give the output its own identity
      if (diff) {
        autograd::set_history(o, node);
      } else {
        node->add_input_metadata(o);  // keeps output numbering aligned with backward's grads
      }
      result.append(o.is_same(h.cast<Tensor>()) ? py::reinterpret_borrow<py::object>(h) : py::cast(o));
    }
    return result;
  });
  m.def("_register_hook", [](const Tensor& t, py::function fn) {
    return autograd::register_tensor_hook(t, python_grad_hook(std::move(fn)));
  });
  m.def("_remove_hook", [](const Tensor& t, uint64_t handle) { return autograd::remove_tensor_hook(t, handle); });
  m.def("_register_post_accumulate_grad_hook", [](const Tensor& t, py::function fn) {
    auto f = gil_safe(std::move(fn));
    return autograd::register_post_accumulate_grad_hook(t, [f](const Tensor& v) {
      py::gil_scoped_acquire gil;
      (*f)(v);
    });
  });
  m.def("_set_grad_enabled", [](bool e) { autograd::GradMode::set_enabled(e); }, py::arg("mode"));
  m.def("_is_grad_enabled", []() { return autograd::GradMode::is_enabled(); });
  m.def("_live_tensor_count", []() { return TensorImpl::live_count(); },
        "Number of tensors alive in the process (a leak check for tests).");
  m.def("is_grad_enabled", []() { return autograd::GradMode::is_enabled(); },
        "Whether grad mode is on in this thread (torch.is_grad_enabled).");
  m.def("_run_backward", [](py::sequence tensors, py::sequence grads, bool keep_graph, bool create_graph,
                            py::sequence inputs, bool allow_unused) {
    TensorList ts, gs, ins;
    for (py::handle h : tensors) ts.push_back(h.cast<Tensor>());
    for (py::handle h : grads) gs.push_back(h.is_none() ? Tensor() : h.cast<Tensor>());
    for (py::handle h : inputs) ins.push_back(h.cast<Tensor>());
    TensorList out;
    {
      py::gil_scoped_release gil;
      out = autograd::run_backward(ts, gs, keep_graph, create_graph, ins, allow_unused);
    }
    py::list res;
    for (auto& t : out) res.append(t.defined() ? py::cast(t) : py::none());
    return res;
  }, py::arg("tensors"), py::arg("grad_tensors"), py::arg("keep_graph"), py::arg("create_graph"),
     py::arg("inputs"), py::arg("allow_unused"));
}

}  // namespace pyt::python
