// The backward engine. Note [Iterative engine]: dependencies are counted with an
// explicit stack (no recursion), so a chain of any length backpropagates without
// growing the C++ stack; nodes run once all gradients flowing into them have arrived.
#include <algorithm>
#include <unordered_map>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/ops.h"

namespace pyt::autograd {

namespace {

struct NodeState {
  int dependencies = 0;
  TensorList buffer;  // one slot per node input
};

void accumulate_into(TensorList& buffer, uint32_t slot, Tensor grad) {
  if (buffer.size() <= slot) buffer.resize(slot + 1);
  Tensor& cur = buffer[slot];
  if (!cur.defined())
    cur = std::move(grad);
  else
    cur = add(cur, grad);  // out of place: incoming gradients may be shared
}

void validate_grad(const Node& from, const Edge& e, const Tensor& g) {
  const auto& metas = e.function->input_metadata();
  if (e.input_nr >= metas.size()) return;
  const InputMeta& m = metas[e.input_nr];
  if (g.sizes() != m.sizes) {
    // Gradients of broadcast inputs are reduced here when a formula left them expanded.
    throw RuntimeError(str("Function ", from.name(), " returned an invalid gradient at index ", e.input_nr,
                           " - got ", shape_to_string(g.sizes()), " but expected shape compatible with ",
                           shape_to_string(m.sizes), " (pyt bug: please report)"));
  }
}

std::string with_trace(const Node& node) {
  if (node.anomaly_trace().empty()) return "";
  return str("\n\nTraceback of forward call that caused the error (", node.name(), "):\n", node.anomaly_trace());
}

// Note [Anomaly mode]: a backward node that returns NaN is named, with the stack of the
// forward call that created it.
void check_nan(const Node& node, const TensorList& outputs) {
  for (size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& g = outputs[i];
    if (!g.defined() || !is_floating_type(g.dtype()) || g.numel() == 0) continue;
    NoGradGuard ng;
    Tensor bad = ne(g, g);  // NaN != NaN
    Tensor c = contiguous(bad);
    const bool* p = c.data_ptr<bool>();
    for (int64_t k = 0; k < c.numel(); ++k)
      if (p[k])
        throw RuntimeError(str("Function '", node.name(), "' returned nan values in its ", i, "th output.",
                               with_trace(node)));
  }
}

}  // namespace

TensorList run_backward(const TensorList& roots, const TensorList& grad_roots, bool keep_graph,
                        bool create_graph, const TensorList& inputs, bool allow_unused) {
  PYT_CHECK(roots.size() == grad_roots.size(), RuntimeError, "backward: got ", roots.size(),
            " tensors and ", grad_roots.size(), " gradients");
  AutoGradMode grad_mode(create_graph);
  std::unordered_map<Node*, NodeState> state;
  std::vector<std::pair<std::shared_ptr<Node>, Tensor>> root_grads;

  for (size_t i = 0; i < roots.size(); ++i) {
    const Tensor& r = roots[i];
    PYT_CHECK(r.defined(), RuntimeError, "backward: got an undefined tensor");
    Edge e = gradient_edge(r);
    PYT_CHECK(e.is_valid(), RuntimeError, "element ", i,
              " of tensors does not require grad and does not have a grad_fn");
    Tensor g = grad_roots[i];
    if (!g.defined()) {
      PYT_CHECK(r.numel() == 1, RuntimeError, "grad can be implicitly created only for scalar outputs; got ",
                r.describe());
      g = ones_like(r);
    } else {
      PYT_CHECK(g.sizes() == r.sizes(), RuntimeError, "Mismatch in shape: grad_output[", i, "] has a shape of ",
                g.shape_str(), " and output[", i, "] has a shape of ", r.shape_str(), ".");
    }
    root_grads.emplace_back(e.function, g);
    accumulate_into(state[e.function.get()].buffer, e.input_nr, g);
  }

  // Count dependencies over every node reachable from the roots.
  std::vector<Node*> stack;
  std::unordered_map<Node*, bool> seen;
  for (auto& rg : root_grads)
    if (!seen[rg.first.get()]) {
      seen[rg.first.get()] = true;
      stack.push_back(rg.first.get());
    }
  while (!stack.empty()) {
    Node* n = stack.back();
    stack.pop_back();
    for (const Edge& e : n->next_edges()) {
      if (!e.is_valid()) continue;
      Node* m = e.function.get();
      state[m].dependencies++;
      if (!seen[m]) {
        seen[m] = true;
        stack.push_back(m);
      }
    }
  }

  // torch.autograd.grad: capture the gradient flowing into each input instead of
  // accumulating it.
  std::vector<std::pair<Node*, uint32_t>> capture_at;
  for (const Tensor& in : inputs) {
    Edge e = gradient_edge(in);
    PYT_CHECK(e.is_valid(), RuntimeError, "One of the differentiated Tensors does not require grad");
    capture_at.emplace_back(e.function.get(), e.input_nr);
  }
  TensorList captured(inputs.size());
  bool capture_mode = !inputs.empty();

  std::vector<std::shared_ptr<Node>> ready;
  for (auto& rg : root_grads) {
    NodeState& s = state[rg.first.get()];
    if (s.dependencies == 0 && std::find(ready.begin(), ready.end(), rg.first) == ready.end())
      ready.push_back(rg.first);
  }

  while (!ready.empty()) {
    // Run the ready node created last (highest sequence number) first, as torch does.
    auto it = std::max_element(ready.begin(), ready.end(), [](const auto& a, const auto& b) {
      return a->sequence_nr() < b->sequence_nr();
    });
    std::shared_ptr<Node> node = *it;
    ready.erase(it);
    NodeState& st = state[node.get()];
    TensorList grads = std::move(st.buffer);
    grads.resize(node->num_inputs());
    if (node->has_pre_hooks()) node->run_pre_hooks(grads);
    if (node->has_node_pre_hooks()) node->run_node_pre_hooks(grads);

    bool is_capture_target = false;
    if (capture_mode) {
      for (size_t k = 0; k < capture_at.size(); ++k) {
        if (capture_at[k].first == node.get()) {
          Tensor g = capture_at[k].second < grads.size() ? grads[capture_at[k].second] : Tensor();
          captured[k] = g.defined() ? (create_graph ? g : g.detach()) : g;
          is_capture_target = true;
        }
      }
    }

    bool any_defined = false;
    for (auto& g : grads) any_defined = any_defined || g.defined();
    TensorList outputs;
    bool skip = !any_defined || (capture_mode && dynamic_cast<AccumulateGrad*>(node.get()) != nullptr);
    (void)is_capture_target;
    if (!skip) {
      // Missing gradients of multi-output nodes are zeros of the output's shape.
      for (size_t k = 0; k < grads.size() && node->materializes_grads(); ++k)
        if (!grads[k].defined()) grads[k] = zeros(node->input_metadata()[k].sizes, node->input_metadata()[k].dtype);
      // Node.register_hook: post-hooks see the gradients apply() received.
      TensorList received;
      const bool post_hooks = node->has_post_hooks();
      if (post_hooks) received = grads;
      if (AnomalyMode::is_enabled()) {
        try {
          outputs = node->apply(std::move(grads));
        } catch (const Error& e) {
          throw RuntimeError(str(e.what(), with_trace(*node)));
        }
        if (AnomalyMode::check_nan()) check_nan(*node, outputs);
      } else {
        outputs = node->apply(std::move(grads));
      }
      if (post_hooks) {
        outputs.resize(node->next_edges().size());
        node->run_post_hooks(outputs, received);
      }
      if (!keep_graph) node->release_variables();
    }

    const auto& edges = node->next_edges();
    for (size_t k = 0; k < edges.size(); ++k) {
      const Edge& e = edges[k];
      if (!e.is_valid()) continue;
      NodeState& ns = state[e.function.get()];
      if (k < outputs.size() && outputs[k].defined()) {
        validate_grad(*node, e, outputs[k]);
        accumulate_into(ns.buffer, e.input_nr, outputs[k]);
      }
      if (--ns.dependencies == 0) ready.push_back(e.function);
    }
  }

  if (capture_mode) {
    for (size_t k = 0; k < captured.size(); ++k)
      PYT_CHECK(captured[k].defined() || allow_unused, RuntimeError, "One of the differentiated Tensors appears "
                "to not have been used in the graph. Set allow_unused=True if this is the desired behavior.");
  }
  return captured;
}

}  // namespace pyt::autograd
