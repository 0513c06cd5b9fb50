#include "pyt/autograd/node.h"

#include <atomic>

#include "pyt/autograd/grad_mode.h"
#include "pyt/ops/ops.h"

namespace pyt::autograd {

static std::atomic<uint64_t> g_next_sequence_nr{0};

Node::Node() : sequence_nr_(g_next_sequence_nr.fetch_add(1, std::memory_order_relaxed)) {}
Node::~Node() = default;

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

TensorList AccumulateGrad::apply(TensorList&& grads) {
  Tensor new_grad = std::move(grads[0]);
  if (!new_grad.defined()) return {};
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
  return {};
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
  if (meta->grad_fn) return Edge(meta->grad_fn, meta->output_nr);
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
