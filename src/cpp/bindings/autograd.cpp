// Autograd bindings: graph nodes (grad_fn), grad mode and the backward entry point.
#include "common.h"
#include "pyt/ops/op_list.h"

namespace pyt::python {

void init_autograd(py::module_& m) {
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
  m.def("_op_list", []() {
    py::list out;
#define PYT_OP_ENTRY(N, B) out.append(py::make_tuple(#N, B));
    PYT_FORALL_OPS(PYT_OP_ENTRY)
#undef PYT_OP_ENTRY
    PYT_INTERNAL_ASSERT(static_cast<int>(py::len(out)) == kNumOps);
    return out;
  }, "The op list (name, autograd node name or ''): see Note [The op list].");
  m.def("_set_grad_enabled", [](bool e) { autograd::GradMode::set_enabled(e); }, py::arg("mode"));
  m.def("_is_grad_enabled", []() { return autograd::GradMode::is_enabled(); });
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
