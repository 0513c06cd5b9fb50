#include "pyt/autograd/node.h"

#include <atomic>

#include "pyt/autograd/grad_mode.h"
#include "pyt/ops/ops.h"

namespace pyt::autograd {

static std::atomic<uint64_t> g_next_sequence_nr{0};

Node::Node() : sequence_nr_(g_next_sequence_nr.fetch_add(1, std::memory_order_relaxed)) {
  if (AnomalyMode::is_enabled()) anomaly_trace_ = AnomalyMode::current_trace();
}
Node::~Node() = default;

static std::atomic<uint64_t> g_next_hook_handle{1};

uint64_t Node::add_pre_hook(uint32_t slot, PreHook hook) {
  uint64_t h = g_next_hook_handle.fetch_add(1);
  pre_hooks_.push_back(PreHookEntry{h, slot, std::move(hook)});
  return h;
}

bool Node::remove_pre_hook(uint64_t handle) {
  for (auto it = pre_hooks_.begin(); it != pre_hooks_.end(); ++it)
    if (it->handle == handle) {
      pre_hooks_.erase(it);
      return true;
    }
  return false;
}

void Node::run_pre_hooks(TensorList& grads) {
  // Copy: a hook may remove itself.
  std::vector<PreHookEntry> hooks = pre_hooks_;
  for (auto& h : hooks) {
    if (h.slot >= grads.size() || !grads[h.slot].defined()) continue;
    Tensor r = h.fn(grads[h.slot]);
    if (r.defined()) {
      PYT_CHECK(r.sizes() == grads[h.slot].sizes(), RuntimeError, "hook '", name(),
                "' has changed the size of value: expected ", grads[h.slot].shape_str(), ", got ", r.shape_str());
      grads[h.slot] = r;
    }
  }
}

uint32_t Node::add_input_metadata(const Tensor& t) {
  input_metadata_.push_back(InputMeta{t.sizes(), t.dtype()});
  return static_cast<uint32_t>(input_metadata_.size() - 1);
}

// ------------------------------------------------------------ SavedVariable ---

SavedVariable::SavedVariable(const Tensor& t, bool is_output) : is_output_(is_output) {
  if (!t.defined()) return;
  was_defined_ = true;
  saved_version_ = t._version();
  if (is_output) {
    // Note [Saved outputs]: an output saved by its own grad_fn would form a cycle
    // (tensor -> grad_fn -> saved tensor). Keep a grad-less alias sharing storage and
    // version counter; unpack re-attaches the node that saved it.
    output_nr_ = t.output_nr();
    data_ = t.detach();
  } else {
    data_ = t;
  }
}

Tensor SavedVariable::unpack(const Node* saved_for) const {
  if (!was_defined_) return Tensor();
  PYT_CHECK(!released_, RuntimeError,
            "Trying to backward through the graph a second time (or directly access saved tensors "
            "after they have already been freed). Saved intermediate values of the graph are freed "
            "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
            "backward through the graph a second time or if you need to access saved tensors after "
            "calling backward.");
  uint32_t now = data_._version();
  if (now != saved_version_) {
    std::string who = saved_for ? saved_for->name() : std::string("a backward node");
    std::string by = data_.impl()->version_counter()->last_op();
    throw RuntimeError(str(
        "one of the variables needed for gradient computation has been modified by an inplace "
        "operation: [", scalar_type_name(data_.dtype()), " ", data_.shape_str(), "]",
        (is_output_ ? str(", which is output ", output_nr_, " of ", who, ",") : std::string(",")),
        " is at version ", now, "; expected version ", saved_version_, " instead. It was modified by the "
        "in-place operation '", by.empty() ? "unknown" : by, "' after ", who,
        " saved it for backward. Hint: replace the in-place operation with its out-of-place form "
        "(e.g. x = x.", by.empty() ? "op" : by.substr(0, by.size() - (by.back() == '_' ? 1 : 0)),
        "(...)), or clone() the tensor before modifying it."));
  }
  if (is_output_ && saved_for) {
    // Re-attach the saving node so that double backward sees the real history.
    Tensor t = data_.detach();
    auto& meta = t.impl()->ensure_autograd_meta();
    meta.grad_fn = const_cast<Node*>(saved_for)->shared_from_this();
    meta.output_nr = output_nr_;
    return t;
  }
  return data_;
}

void SavedVariable::reset() {
  data_ = Tensor();
  released_ = true;
}

// ------------------------------------------------------------ AccumulateGrad ---

AccumulateGrad::AccumulateGrad(Tensor v) : variable(std::move(v)) {
  add_input_metadata(variable);
}

void AccumulateGrad::run_pre_hooks(TensorList& grads) {
  Node::run_pre_hooks(grads);
  AutogradMeta* m = variable.impl()->autograd_meta();
  if (!m || m->leaf_hooks.empty() || grads.empty() || !grads[0].defined()) return;
  auto hooks = m->leaf_hooks;  // a hook may remove itself
  for (auto& h : hooks) {
    Tensor r = h.second(grads[0]);
    if (r.defined()) {
      PYT_CHECK(r.sizes() == grads[0].sizes(), RuntimeError, "hook has changed the size of value: expected ",
                grads[0].shape_str(), ", got ", r.shape_str());
      grads[0] = r;
    }
  }
}

bool AccumulateGrad::has_pre_hooks() const {
  AutogradMeta* m = variable.impl()->autograd_meta();
  return Node::has_pre_hooks() || (m && !m->leaf_hooks.empty());
}

TensorList AccumulateGrad::apply(TensorList&& grads) {
  accumulate(std::move(grads[0]));
  AutogradMeta* m = variable.impl()->autograd_meta();
  if (m && !m->post_accumulate_hooks.empty()) {
    auto hooks = m->post_accumulate_hooks;
    for (auto& h : hooks) h.second(variable);
  }
  return {};
}

void AccumulateGrad::accumulate(Tensor new_grad) {
  if (!new_grad.defined()) return;
  Tensor current = variable.grad();
  if (!current.defined()) {
    if (GradMode::is_enabled()) {
      variable.set_grad(new_grad);  // create_graph: keep the graph of the gradient
    } else if (new_grad.impl_ptr().use_count() <= 1 && new_grad.is_contiguous() &&
               !new_grad.impl()->is_view()) {
      variable.set_grad(new_grad.detach());  // nobody else holds it: steal
    } else {
      variable.set_grad(clone(new_grad.detach()));
    }
  } else if (GradMode::is_enabled()) {
    variable.set_grad(add(current, new_grad));
  } else {
    Tensor cur = current;
    add_(cur, new_grad);
  }
}

// ------------------------------------------------------------ hooks ---

uint64_t register_tensor_hook(const Tensor& t, Node::PreHook hook) {
  PYT_CHECK(t.requires_grad(), RuntimeError, "cannot register a hook on a tensor that doesn't require gradient");
  if (t.is_leaf()) {
    uint64_t h = g_next_hook_handle.fetch_add(1);
    t.impl()->ensure_autograd_meta().leaf_hooks.emplace_back(h, std::move(hook));
    return h;
  }
  Edge e = gradient_edge(t);
  return e.function->add_pre_hook(e.input_nr, std::move(hook));
}

bool remove_tensor_hook(const Tensor& t, uint64_t handle) {
  if (AutogradMeta* m = t.impl()->autograd_meta()) {
    for (auto it = m->leaf_hooks.begin(); it != m->leaf_hooks.end(); ++it)
      if (it->first == handle) {
        m->leaf_hooks.erase(it);
        return true;
      }
    for (auto it = m->post_accumulate_hooks.begin(); it != m->post_accumulate_hooks.end(); ++it)
      if (it->first == handle) {
        m->post_accumulate_hooks.erase(it);
        return true;
      }
    if (m->grad_fn) return m->grad_fn->remove_pre_hook(handle);
  }
  return false;
}

uint64_t register_post_accumulate_grad_hook(const Tensor& t, std::function<void(const Tensor&)> hook) {
  PYT_CHECK(t.is_leaf(), RuntimeError, "post accumulate grad hooks cannot be registered on non-leaf tensors");
  PYT_CHECK(t.requires_grad(), RuntimeError,
            "cannot register a hook on a tensor that doesn't require gradient");
  uint64_t h = g_next_hook_handle.fetch_add(1);
  t.impl()->ensure_autograd_meta().post_accumulate_hooks.emplace_back(h, std::move(hook));
  return h;
}

void retain_grad(const Tensor& t) {
  PYT_CHECK(t.requires_grad(), RuntimeError, "can't retain_grad on Tensor that has requires_grad=False");
  if (t.is_leaf()) return;  // leaves keep .grad anyway
  auto& meta = t.impl()->ensure_autograd_meta();
  if (meta.retained_grad) return;
  auto box = std::make_shared<intrusive_ptr<TensorImpl>>();
  meta.retained_grad = box;
  meta.retain_grad_hook = meta.grad_fn->add_pre_hook(meta.output_nr, [box](const Tensor& g) {
    Tensor cur = *box ? Tensor(*box) : Tensor();
    if (!cur.defined()) {
      *box = g.detach().clone().impl_ptr();
    } else {
      Tensor sum = add(cur, g.detach());
      *box = sum.impl_ptr();
    }
    return Tensor();
  });
}

// ------------------------------------------------------------ BackwardNode ---

TensorList BackwardNode::apply(TensorList&& grads) {
  PYT_CHECK(!released_, RuntimeError,
            "Trying to backward through the graph a second time (or directly access saved tensors "
            "after they have already been freed). Saved intermediate values of the graph are freed "
            "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
            "backward through the graph a second time or if you need to access saved tensors after "
            "calling backward.");
  return fn_(*this, grads);
}

void BackwardNode::release_variables() {
  for (auto& s : saved_) s.reset();
  released_ = true;
}

size_t BackwardNode::save(const Tensor& t, bool is_output) {
  saved_.emplace_back(t, is_output);
  return saved_.size() - 1;
}

// ------------------------------------------------------------ graph building ---

Edge gradient_edge(const Tensor& t) {
  if (!t.defined()) return Edge();
  AutogradMeta* meta = t.impl()->autograd_meta();
  if (!meta) return Edge();
  if (meta->grad_fn) {
    if (meta->view_history) {
      // Note [Stale view history]: torch regenerates a view's grad_fn when its base was
      // modified in place after the view was taken; pyt does not yet, so it refuses rather
      // than return gradients that skip the in-place op.
      const auto& base = t.impl()->view_base();
      AutogradMeta* bm = base ? base->autograd_meta() : nullptr;
      std::shared_ptr<Node> now = bm ? bm->grad_fn : nullptr;
      PYT_CHECK(now == meta->view_base_grad_fn.lock(), RuntimeError,
                "a view (grad_fn ", meta->grad_fn->name(), ") is used after its base was modified by an in-place "
                "operation ('", t.impl()->version_counter()->last_op(), "'); pyt cannot yet replay the view on the "
                "new base. Take the view after the in-place operation, or use the out-of-place form.");
    }
    return Edge(meta->grad_fn, meta->output_nr);
  }
  if (!meta->requires_grad) return Edge();
  std::shared_ptr<Node> acc = meta->grad_accumulator.lock();
  if (!acc) {
    acc = std::make_shared<AccumulateGrad>(t);
    meta->grad_accumulator = acc;
  }
  return Edge(acc, 0);
}

bool any_requires_grad(std::initializer_list<const Tensor*> inputs) {
  if (!GradMode::is_enabled()) return false;
  for (const Tensor* t : inputs)
    if (t->defined() && t->requires_grad()) return true;
  return false;
}

bool any_requires_grad(const TensorList& inputs) {
  if (!GradMode::is_enabled()) return false;
  for (const Tensor& t : inputs)
    if (t.defined() && t.requires_grad()) return true;
  return false;
}

std::shared_ptr<BackwardNode> make_node(const char* name, const TensorList& inputs, BackwardFn fn) {
  auto node = std::make_shared<BackwardNode>(name, std::move(fn));
  auto& edges = node->mutable_next_edges();
  edges.reserve(inputs.size());
  for (const Tensor& t : inputs) edges.push_back(gradient_edge(t));
  return node;
}

void set_history(Tensor& output, const std::shared_ptr<Node>& node) {
  auto& meta = output.impl()->ensure_autograd_meta();
  meta.output_nr = node->add_input_metadata(output);
  meta.grad_fn = node;
  meta.requires_grad = false;  // derived from grad_fn
}

}  // namespace pyt::autograd
