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
      out[i] = validate_output(i, g.cast<Tensor>());
    }
    return out;
  }
  /// Shape and dtype of forward input i (for validate_output).
  std::vector<autograd::InputMeta> input_metas;
  void release_variables() override {
    py::gil_scoped_acquire gil;
    released_ = true;
    (*release_)();
  }

 private:
  // torch's validate_outputs: a gradient of another shape that sums to the input's shape is
  // reduced (sum_to), any other shape is an error; another dtype is cast to the input's.
  Tensor validate_output(size_t i, Tensor g) const {
    if (i >= input_metas.size()) return g;
    const autograd::InputMeta& m = input_metas[i];
    if (g.sizes() != m.sizes) {
      const size_t nm = m.sizes.size();
      const size_t ng = g.sizes().size();
      bool expandable = nm <= ng;  // torch's is_expandable_to(input shape, gradient shape)
      for (size_t k = 1; expandable && k <= nm; ++k) {
        int64_t ms = m.sizes[nm - k], gs = g.sizes()[ng - k];
        expandable = ms == gs || ms == 1;
      }
      PYT_CHECK(expandable, RuntimeError, "Function ", name_, " returned an invalid gradient at index ", i,
                " - got ", g.shape_str(), " but expected shape compatible with ", shape_to_string(m.sizes));
      g = sum_to_size(g, m.sizes);
    }
    if (g.dtype() != m.dtype) g = to_dtype(g, m.dtype);
    return g;
  }

 private:
  std::string name_;
  std::shared_ptr<py::object> backward_, release_;
  bool released_ = false;
  bool materialize_ = true;
};

// A tuple of gradients for a node hook (None for undefined ones).
py::tuple grads_to_tuple(const TensorList& grads) {
  py::tuple out(grads.size());
  for (size_t i = 0; i < grads.size(); ++i) out[i] = grads[i].defined() ? py::cast(grads[i]) : py::none();
  return out;
}

// Replaces grads by what a node hook returned (None: keep them), with torch's checks.
void apply_hook_result(py::handle r, TensorList& grads, const py::handle& fn) {
  if (r.is_none()) return;
  PYT_CHECK(py::isinstance<py::tuple>(r) || py::isinstance<py::list>(r), TypeError,
            "expected tuple, but hook returned '", std::string(py::str(py::type::of(r).attr("__name__"))), "'");
  py::sequence seq = py::reinterpret_borrow<py::sequence>(r);
  std::string hook_name = py::hasattr(fn, "__name__") ? std::string(py::str(fn.attr("__name__"))) : "hook";
  PYT_CHECK(py::len(seq) == grads.size(), RuntimeError, "hook '", hook_name, "' has returned an incorrect number of "
            "values (got ", py::len(seq), ", but expected ", grads.size(), ")");
  for (size_t i = 0; i < grads.size(); ++i) {
    py::handle g = seq[i];
    if (g.is_none()) {
      grads[i] = Tensor();
      continue;
    }
    PYT_CHECK(py::isinstance<Tensor>(g), TypeError, "expected Variable or None (got ",
              std::string(py::str(py::type::of(g).attr("__name__"))), ")");
    grads[i] = g.cast<Tensor>();
  }
}

// A removable handle of a node hook (Node.register_hook / register_prehook); it holds the node
// weakly, so that a kept handle does not keep the graph alive.
struct NodeHookHandle {
  std::weak_ptr<autograd::Node> node;
  uint64_t id = 0;
  void remove() {
    if (auto n = node.lock()) n->remove_node_hook(id);
  }
};

}  // namespace

// Python classes of graph nodes, one per name (Note [Node classes]).
py::object node_to_py(const std::shared_ptr<autograd::Node>& n) {
  if (!n) return py::none();
  py::object o = py::cast(n);
  // Note [Node classes]: torch gives every kind of node its own Python class (type(grad_fn).__name__
  // is "AddBackward0"). pyt's C++ nodes share a few C++ types, so the object is given a Python
  // subclass of _C.Node named after the node (made once per name by pyt.autograd.graph._node_class,
  // which also adds the _saved_* properties of that node). The subclass adds no storage and uses
  // _C.Node's deallocator, so the object's class can be switched in place.
  static py::dict* classes = new py::dict();  // lives as long as the interpreter (never freed)
  py::str key(n->name());
  py::object cls;
  if (classes->contains(key)) {
    cls = (*classes)[key];
  } else {
    cls = py::module_::import("pyt.autograd.graph").attr("_node_class")(key);
    auto* tp = reinterpret_cast<PyTypeObject*>(cls.ptr());
    auto* base = reinterpret_cast<PyTypeObject*>(py::type::of(o).ptr());
    PYT_INTERNAL_ASSERT(tp->tp_basicsize == base->tp_basicsize && tp->tp_dictoffset == 0 && tp->tp_base == base);
    tp->tp_flags &= ~Py_TPFLAGS_HAVE_GC;  // no __dict__ or slots of its own: nothing to traverse
    tp->tp_dealloc = base->tp_dealloc;
    tp->tp_free = base->tp_free;
    tp->tp_traverse = base->tp_traverse;
    tp->tp_clear = base->tp_clear;
    PyType_Modified(tp);
    (*classes)[key] = cls;
  }
  o.attr("__class__") = cls;
  return o;
}

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
  m.def("_set_inference_mode", [](bool e) { autograd::InferenceMode::set_enabled(e); }, py::arg("enabled"));
  m.def("is_inference_mode_enabled", []() { return autograd::InferenceMode::is_enabled(); },
        "Whether inference mode is on in this thread (torch.is_inference_mode_enabled).");
  using autograd::Node;
  py::class_<NodeHookHandle>(m, "_NodeHookHandle", "Handle of a hook on a graph node; remove() unregisters it.")
      .def("remove", &NodeHookHandle::remove, "Unregisters the hook (no effect when already removed).")
      .def("__enter__", [](py::handle self) { return py::reinterpret_borrow<py::object>(self); })
      .def("__exit__", [](NodeHookHandle& h, py::args) { h.remove(); });
  py::class_<Node, std::shared_ptr<Node>>(m, "Node", "A node of the backward graph (tensor.grad_fn), e.g. AddBackward0.")
      .def("name", &Node::name)
      .def_property_readonly("next_functions", [](const Node& n) {
        py::list out;
        for (const auto& e : n.next_edges()) {
          if (e.function)
            out.append(py::make_tuple(node_to_py(e.function), e.input_nr));
          else
            out.append(py::make_tuple(py::none(), 0));
        }
        return py::tuple(out);
      })
      .def("register_hook", [](Node& n, py::function fn) {
        auto f = gil_safe(fn);
        uint64_t id = n.add_post_hook([f](TensorList& grad_inputs, const TensorList& grad_outputs) {
          py::gil_scoped_acquire gil;
          py::object r = (*f)(grads_to_tuple(grad_inputs), grads_to_tuple(grad_outputs));
          apply_hook_result(r, grad_inputs, *f);
        });
        return NodeHookHandle{n.shared_from_this(), id};
      }, py::arg("fn"), "Registers fn(grad_inputs, grad_outputs) to run after this node computed the gradients of "
         "its inputs; it may return a tuple replacing grad_inputs (torch.autograd.graph.Node.register_hook). "
         "Returns a handle with remove().")
      .def("register_prehook", [](Node& n, py::function fn) {
        auto f = gil_safe(fn);
        uint64_t id = n.add_node_pre_hook([f](TensorList& grad_outputs) {
          py::gil_scoped_acquire gil;
          py::object r = (*f)(grads_to_tuple(grad_outputs));
          apply_hook_result(r, grad_outputs, *f);
        });
        return NodeHookHandle{n.shared_from_this(), id};
      }, py::arg("fn"), "Registers fn(grad_outputs) to run before this node; it may return a tuple replacing "
         "grad_outputs (torch.autograd.graph.Node.register_prehook). Returns a handle with remove().")
      .def("_saved_tensor", [](const Node& n, size_t i) -> py::object {
        auto* b = dynamic_cast<const autograd::BackwardNode*>(&n);
        if (!b || i >= b->num_saved())
          throw py::attribute_error(str("'", n.name(), "' object has no saved tensor ", i));
        Tensor t = b->saved(i);
        return t.defined() ? py::cast(t) : py::none();
      }, "The tensor in saved slot i (used by the _saved_* attributes); None when the slot is empty.")

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
    for (const Tensor& t : ins) {
      edges.push_back(autograd::gradient_edge(t));
      node->input_metas.push_back(t.defined() ? autograd::InputMeta{t.sizes(), t.dtype()} : autograd::InputMeta{});
    }
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
  m.def("_node_to_py", [](std::shared_ptr<Node> n) { return node_to_py(n); });
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
