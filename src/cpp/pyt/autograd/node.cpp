#include "pyt/autograd/node.h"

#include <algorithm>
#include <atomic>

#include "pyt/autograd/grad_mode.h"
#include "pyt/ops/ops.h"

namespace pyt::autograd {

static std::atomic<uint64_t> g_next_sequence_nr{0};

Node::Node() : sequence_nr_(g_next_sequence_nr.fetch_add(1, std::memory_order_relaxed)) {
  if (AnomalyMode::is_enabled()) anomaly_trace_ = AnomalyMode::current_trace();
}
// Note [Iterative graph destruction]: a node owns its next nodes through its edges, so
// letting the destructors run recursively would overflow the C++ stack when a long chain
// (100,000 ops, or far fewer on a thread with a small stack) is freed. ~Node therefore
// takes over every next node it is the last owner of and frees them one by one from an
// explicit stack, after emptying each one's edges and saved state, so that no destructor
// ever recurses. Nodes still owned elsewhere (by a tensor, or another node) are only
// released.
namespace {
void take_edges(std::vector<Edge>& edges, std::vector<std::shared_ptr<Node>>& stack) {
  for (auto& e : edges) {
    if (e.function && e.function.use_count() == 1) stack.push_back(std::move(e.function));
    e.function.reset();
  }
  edges.clear();
}
}  // namespace

Node::~Node() {
  if (next_edges_.empty()) return;
  std::vector<std::shared_ptr<Node>> stack;
  take_edges(next_edges_, stack);
  while (!stack.empty()) {
    std::shared_ptr<Node> n = std::move(stack.back());
    stack.pop_back();
    n->release_for_destruction();
    take_edges(n->next_edges_, stack);
  }  // each n is destroyed here, with no edges left
}

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
      PYT_CHECK(r.dtype() == grads[h.slot].dtype(), RuntimeError, "hook '", name(),
                "' has changed the type of value (was ", scalar_type_name(grads[h.slot].dtype()), " got ",
                scalar_type_name(r.dtype()), ")");
      grads[h.slot] = r;
    }
  }
}

uint64_t Node::add_node_pre_hook(NodePreHook hook) {
  uint64_t h = g_next_hook_handle.fetch_add(1);
  node_pre_hooks_.emplace_back(h, std::move(hook));
  return h;
}

uint64_t Node::add_post_hook(PostHook hook) {
  uint64_t h = g_next_hook_handle.fetch_add(1);
  post_hooks_.emplace_back(h, std::move(hook));
  return h;
}

bool Node::remove_node_hook(uint64_t handle) {
  for (auto it = node_pre_hooks_.begin(); it != node_pre_hooks_.end(); ++it)
    if (it->first == handle) {
      node_pre_hooks_.erase(it);
      return true;
    }
  for (auto it = post_hooks_.begin(); it != post_hooks_.end(); ++it)
    if (it->first == handle) {
      post_hooks_.erase(it);
      return true;
    }
  return false;
}

void Node::run_node_pre_hooks(TensorList& grad_outputs) {
  auto hooks = node_pre_hooks_;  // copy: a hook may remove itself
  for (auto& h : hooks) h.second(grad_outputs);
}

void Node::run_post_hooks(TensorList& grad_inputs, const TensorList& grad_outputs) {
  auto hooks = post_hooks_;
  for (auto& h : hooks) h.second(grad_inputs, grad_outputs);
}

uint32_t Node::add_input_metadata(const Tensor& t) {
  input_metadata_.push_back(InputMeta{t.sizes(), t.dtype()});
  return static_cast<uint32_t>(input_metadata_.size() - 1);
}

// ------------------------------------------------------------ SavedVariable ---

namespace {
// Note [Saved-tensor hooks]: a thread-local stack of hook pairs; a SavedVariable made while
// the stack is non-empty packs its tensor with the innermost pair and keeps only the packed
// object (plus a shared reference to the pair, which may be popped before backward runs).
thread_local std::vector<std::shared_ptr<const SavedTensorHooks>> t_saved_hooks;
thread_local std::string t_saved_hooks_disabled;
}  // namespace

void push_saved_tensor_hooks(SavedTensorHooks hooks) {
  PYT_CHECK(t_saved_hooks_disabled.empty(), RuntimeError, t_saved_hooks_disabled);
  t_saved_hooks.push_back(std::make_shared<const SavedTensorHooks>(std::move(hooks)));
}

void pop_saved_tensor_hooks() {
  PYT_INTERNAL_ASSERT(!t_saved_hooks.empty());
  t_saved_hooks.pop_back();
}

const SavedTensorHooks* current_saved_tensor_hooks() {
  return t_saved_hooks.empty() ? nullptr : t_saved_hooks.back().get();
}

std::string disable_saved_tensor_hooks(const std::string& message) {
  std::string prev = t_saved_hooks_disabled;
  t_saved_hooks_disabled = message;
  return prev;
}

SavedVariable::SavedVariable(const Tensor& t, bool is_output) : is_output_(is_output) {
  if (!t.defined()) return;
  PYT_CHECK(!t.impl()->is_inference() || InferenceMode::is_enabled(), RuntimeError,
            "Inference tensors cannot be saved for backward. Please do not use Tensors created in inference mode "
            "in computation tracked by autograd. To work around this, you can make a clone to get a normal tensor "
            "and use it in autograd, or use `torch.no_grad()` instead of `torch.inference_mode()`.");
  was_defined_ = true;
  saved_version_ = t._version();
  if (!t_saved_hooks.empty()) {
    hooks_ = t_saved_hooks.back();
    if (is_output) {
      output_nr_ = t.output_nr();
    } else if (t.requires_grad()) {
      hooked_edge_ = gradient_edge(t);
    }
    // The hook sees a grad-less alias for outputs (no cycle through the packed object). While
    // it runs, tensors its own ops save are not packed again (no recursion).
    auto outer = std::move(t_saved_hooks);
    t_saved_hooks.clear();
    try {
      packed_ = hooks_->pack(is_output ? t.detach() : t);
    } catch (...) {
      t_saved_hooks = std::move(outer);
      throw;
    }
    t_saved_hooks = std::move(outer);
    return;
  }
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
  if (hooks_) {
    Tensor r = hooks_->unpack(packed_);
    PYT_CHECK(r.defined(), TypeError, "Output of saved tensor unpack_hook expected to be a Tensor but got None");
    Tensor t = r.detach();
    if (is_output_ && saved_for) {
      auto& meta = t.impl()->ensure_autograd_meta();
      meta.grad_fn = const_cast<Node*>(saved_for)->shared_from_this();
      meta.output_nr = output_nr_;
    } else if (hooked_edge_.is_valid()) {
      auto& meta = t.impl()->ensure_autograd_meta();
      meta.grad_fn = hooked_edge_.function;
      meta.output_nr = hooked_edge_.input_nr;
    }
    return t;
  }
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
  packed_.reset();
  hooks_.reset();
  hooked_edge_ = Edge();
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
      PYT_CHECK(r.dtype() == grads[0].dtype(), RuntimeError, "hook has changed the type of value (was ",
                scalar_type_name(grads[0].dtype()), " got ", scalar_type_name(r.dtype()), ")");
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

// A gradient AccumulateGrad may keep as .grad without a copy: contiguous, and its memory held
// by nobody else: no other handle on it, and its storage shared at most with the base of a view
// that covers the same elements (e.g. the transpose of a weight gradient computed transposed,
// Note [Gradient layout of mm]) and that nothing else holds.
static bool stealable(const Tensor& g) {
  TensorImpl* impl = g.impl();
  if (g.impl_ptr().use_count() > 1 || !impl->is_contiguous()) return false;
  int64_t storage_refs = impl->storage().use_count();
  if (!impl->is_view()) return storage_refs == 1;
  const auto& base = impl->view_base();
  return storage_refs == 2 && base.use_count() == 1 && base->numel() == impl->numel() &&
         impl->storage_offset() == base->storage_offset();
}

void AccumulateGrad::accumulate(Tensor new_grad) {
  if (!new_grad.defined()) return;
  Tensor current = variable.grad();
  if (!current.defined()) {
    if (GradMode::is_enabled()) {
      variable.set_grad(new_grad);  // create_graph: keep the graph of the gradient
    } else if (stealable(new_grad)) {
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

void BackwardNode::release_for_destruction() {
  for (auto& s : saved_) s.reset();
  fn_ = nullptr;  // captured tensors go while the graph's edges still hold their nodes
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

// Note [Views and in-place ops]: torch's model. A view shares its base's storage and version
// counter. An in-place op on a view changes the base, so the base's history is rebased: it
// gets a CopySlices node whose gradient is the incoming gradient outside the view's region
// (flowing to the base's old history) and, inside it, the gradient of the op's out-of-place
// result (which flows back through the view's old history to the base's old history). The
// view itself, like any other view of the base whose grad_fn was set before the counter
// moved on, gets its grad_fn regenerated from the base: AsStridedBackward0, which scatters
// the view's gradient into the base's shape. Element positions are resolved once, when the
// node is made, into row-major indices of the base (index_select / index_add in backward,
// both differentiable, so double backward works through these nodes too).

}  // namespace pyt::autograd

namespace pyt::detail {
// Storage positions of every element of a strided geometry, in row-major order.
std::vector<int64_t> element_positions(const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides,
                                       int64_t offset) {
  int64_t n = compute_numel(sizes);
  std::vector<int64_t> out(static_cast<size_t>(n));
  if (n == 0) return out;
  int64_t nd = static_cast<int64_t>(sizes.size());
  std::vector<int64_t> idx(static_cast<size_t>(nd), 0);
  int64_t pos = offset;
  for (int64_t i = 0; i < n; ++i) {
    out[static_cast<size_t>(i)] = pos;
    for (int64_t d = nd - 1; d >= 0; --d) {
      if (++idx[d] < sizes[d]) {
        pos += strides[d];
        break;
      }
      pos -= strides[d] * (sizes[d] - 1);
      idx[d] = 0;
    }
  }
  return out;
}
}  // namespace pyt::detail

namespace pyt::autograd {
using pyt::detail::element_positions;

namespace {

// Row-major indices into base of the elements of view (a view of base's storage), as a 1-d
// int64 tensor in the view's row-major order.
Tensor view_index_in_base(const TensorImpl& base, const TensorImpl& view) {
  std::vector<int64_t> vpos = element_positions(view.sizes(), view.strides(), view.storage_offset());
  Tensor idx = empty({static_cast<int64_t>(vpos.size())}, ScalarType::Int64);
  int64_t* out = idx.data_ptr<int64_t>();
  auto outside = [&]() {
    return RuntimeError(str("in-place operation on a view: the view (sizes ", shape_to_string(view.sizes()),
                            ", strides ", shape_to_string(view.strides()), ", offset ", view.storage_offset(),
                            ") addresses elements outside its base (sizes ", shape_to_string(base.sizes()),
                            ", strides ", shape_to_string(base.strides()), ", offset ", base.storage_offset(), ")"));
  };
  if (base.is_contiguous()) {
    for (size_t i = 0; i < vpos.size(); ++i) {
      int64_t k = vpos[i] - base.storage_offset();
      if (k < 0 || k >= base.numel()) throw outside();
      out[i] = k;
    }
    return idx;
  }
  std::vector<int64_t> bpos = element_positions(base.sizes(), base.strides(), base.storage_offset());
  if (bpos.empty()) {
    if (!vpos.empty()) throw outside();
    return idx;
  }
  auto [lo, hi] = std::minmax_element(bpos.begin(), bpos.end());
  int64_t lo_v = *lo;
  std::vector<int64_t> inv(static_cast<size_t>(*hi - lo_v + 1), -1);
  for (size_t i = 0; i < bpos.size(); ++i) inv[static_cast<size_t>(bpos[i] - lo_v)] = static_cast<int64_t>(i);
  for (size_t i = 0; i < vpos.size(); ++i) {
    int64_t k = vpos[i] - lo_v;
    if (k < 0 || k >= static_cast<int64_t>(inv.size()) || inv[static_cast<size_t>(k)] < 0) throw outside();
    out[i] = inv[static_cast<size_t>(k)];
  }
  return idx;
}

// AsStridedBackward0 of view (given its element indices in base): the view's gradient
// scattered (summed, for views that repeat elements) into a zero tensor of base's shape.
std::shared_ptr<Node> make_as_strided_node(const Tensor& base, const Tensor& idx) {
  std::vector<int64_t> base_sizes = base.sizes();
  int64_t bn = base.numel();
  auto node = std::make_shared<BackwardNode>("AsStridedBackward0", [idx, base_sizes, bn](BackwardNode&,
                                                                                         const TensorList& g) {
    Tensor flat = zeros({bn}, g[0].dtype());
    return TensorList{reshape(index_add(flat, 0, idx, reshape(g[0], {-1})), base_sizes)};
  });
  node->mutable_next_edges().push_back(gradient_edge(base));
  return node;
}

void set_view_grad_fn(const Tensor& view, const std::shared_ptr<Node>& node) {
  auto& meta = view.impl()->ensure_autograd_meta();
  meta.output_nr = node->add_input_metadata(view);
  meta.grad_fn = node;
  meta.attr_version = view._version();
}

const char* const kNoGradViewInplace =
    "A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use "
    "case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the "
    "inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if "
    "you want the inplace to be tracked).";

}  // namespace

const std::shared_ptr<Node>& view_aware_grad_fn(const Tensor& t) {
  static const std::shared_ptr<Node> kNone;
  TensorImpl* impl = t.impl();
  AutogradMeta* m = impl->autograd_meta();
  if (impl->is_view() && !impl->view_created_in_no_grad()) {
    bool stale = !m || !m->grad_fn || m->attr_version != impl->version_counter()->current();
    if (stale) {
      Tensor base(impl->view_base());
      if (base.requires_grad()) {
        set_view_grad_fn(t, make_as_strided_node(base, view_index_in_base(*base.impl(), *impl)));
        return impl->autograd_meta()->grad_fn;
      }
    }
  }
  return m ? m->grad_fn : kNone;
}

bool is_differentiable_view(const Tensor& t) {
  TensorImpl* impl = t.impl();
  if (!impl->is_view() || impl->view_created_in_no_grad()) return false;
  AutogradMeta* m = impl->autograd_meta();
  return (m && m->grad_fn) || Tensor(impl->view_base()).requires_grad();
}

void check_inplace_view(const Tensor& t, const char* op) {
  TensorImpl* impl = t.impl();
  if (!impl->is_view()) return;
  if (impl->view_created_in_no_grad()) {
    PYT_CHECK(!Tensor(impl->view_base()).requires_grad(), RuntimeError, kNoGradViewInplace, " (in-place op: ", op,
              ")");
    return;
  }
  AutogradMeta* m = impl->autograd_meta();
  if (m && m->grad_fn) {
    std::string name = m->grad_fn->name();
    PYT_CHECK(name != "SplitBackward0" && name != "SplitWithSizesBackward0" && name != "UnbindBackward0",
              RuntimeError, "Output ", m->output_nr, " of ", name, " is a view and is being modified inplace (", op,
              "). This view is the output of a function that returns multiple views. Such functions do not allow "
              "the output views to be modified inplace. You should replace the inplace operation by an out-of-place "
              "one.");
  }
}

void rebase_history(Tensor& self, const Edge& value) {
  TensorImpl* impl = self.impl();
  if (impl->is_view()) {
    PYT_CHECK(!impl->view_created_in_no_grad(), RuntimeError, kNoGradViewInplace);
    Tensor base(impl->view_base());
    Tensor idx = view_index_in_base(*base.impl(), *impl);
    // The view's region of the base, as a bool mask of the base's shape.
    Tensor mask = zeros({base.numel()}, ScalarType::Bool);
    {
      bool* pm = mask.data_ptr<bool>();
      const int64_t* pi = idx.data_ptr<int64_t>();
      for (int64_t i = 0; i < idx.numel(); ++i) pm[pi[i]] = true;
    }
    mask = reshape(mask, base.sizes());
    std::vector<int64_t> view_sizes = self.sizes();
    auto node = std::make_shared<BackwardNode>("CopySlices", [idx, mask, view_sizes](BackwardNode& n,
                                                                                      const TensorList& g) {
      TensorList out(2);
      if (n.needs_input_grad(0)) out[0] = masked_fill(g[0], mask, Scalar(0));
      if (n.needs_input_grad(1)) out[1] = reshape(index_select(reshape(g[0], {-1}), 0, idx), view_sizes);
      return out;
    });
    node->mutable_next_edges() = {gradient_edge(base), value};
    set_history(base, node);
    set_view_grad_fn(self, make_as_strided_node(base, idx));
    return;
  }
  auto& meta = impl->ensure_autograd_meta();
  meta.grad_fn = value.function;
  meta.output_nr = value.input_nr;
  meta.attr_version = self._version();
}

void record_overwrite(Tensor& t, const char* node_name) {
  if (!GradMode::is_enabled() || !t.requires_grad()) return;
  auto node = make_node(node_name, {t}, [](BackwardNode&, const TensorList& g) {
    return TensorList{zeros_like(g[0])};
  });
  node->add_input_metadata(t);
  rebase_history(t, Edge(node, 0));
}

Edge gradient_edge(const Tensor& t) {
  if (!t.defined()) return Edge();
  TensorImpl* impl = t.impl();
  if (impl->is_view()) {
    const auto& fn = view_aware_grad_fn(t);
    if (fn) return Edge(fn, impl->autograd_meta()->output_nr);
  }
  AutogradMeta* meta = impl->autograd_meta();
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
  meta.attr_version = output._version();
}

}  // namespace pyt::autograd
