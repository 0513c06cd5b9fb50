#pragma once
// The autograd graph: Node (a backward function), Edge (node + input number),
// SavedVariable (a tensor saved for backward, checked against its version counter),
// AccumulateGrad (the sink of a leaf) and BackwardNode (a node whose backward is a
// function written with public pyt ops, so that it is itself differentiable).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pyt/export.h"
#include "pyt/tensor.h"

namespace pyt::autograd {

struct Node;

/// Where a gradient flows: input number input_nr of node function.
struct PYT_API Edge {
  std::shared_ptr<Node> function;
  uint32_t input_nr = 0;
  Edge() = default;
  Edge(std::shared_ptr<Node> f, uint32_t nr) : function(std::move(f)), input_nr(nr) {}
  bool is_valid() const { return function != nullptr; }
};

/// Shape and dtype of one gradient a node receives (the forward output it belongs to).
struct InputMeta {
  std::vector<int64_t> sizes;
  ScalarType dtype = ScalarType::Float32;
};

/// A node of the backward graph. apply() maps the gradients of the forward outputs to
/// the gradients of the forward inputs, in next_edges() order.
struct PYT_API Node : std::enable_shared_from_this<Node> {
  Node();
  virtual ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  /// grads[i] is the gradient of forward output i (never undefined when called by the
  /// engine: missing ones are zero-filled from input_metadata).
  virtual TensorList apply(TensorList&& grads) = 0;
  /// torch's name of the node, e.g. "AddBackward0".
  virtual std::string name() const = 0;
  /// Frees saved tensors (after a backward pass without retain_graph).
  virtual void release_variables() {}
  /// Drops what the node holds besides its edges (saved tensors, captured state) just before
  /// it is destroyed by ~Node's iterative teardown (Note [Iterative graph destruction]).
  virtual void release_for_destruction() {}
  /// Whether the engine replaces missing output gradients by zeros before apply() (false for
  /// a Python Function whose ctx.set_materialize_grads(False) asks for None instead).
  virtual bool materializes_grads() const { return true; }

  const std::vector<Edge>& next_edges() const { return next_edges_; }
  std::vector<Edge>& mutable_next_edges() { return next_edges_; }
  uint64_t sequence_nr() const { return sequence_nr_; }
  /// Records the shape and dtype of forward output nr; returns its index.
  uint32_t add_input_metadata(const Tensor& t);
  const std::vector<InputMeta>& input_metadata() const { return input_metadata_; }
  uint32_t num_inputs() const { return static_cast<uint32_t>(input_metadata_.size()); }
  /// True when the forward input i needs a gradient (its edge leads somewhere).
  bool needs_input_grad(size_t i) const { return i < next_edges_.size() && next_edges_[i].is_valid(); }

  /// A hook on the gradient of forward output `slot`, run before apply(); it may return a
  /// replacement gradient (or an undefined tensor to keep the gradient).
  using PreHook = std::function<Tensor(const Tensor& grad)>;
  /// Registers a pre-hook; returns a handle for remove_pre_hook.
  uint64_t add_pre_hook(uint32_t slot, PreHook hook);
  /// Removes a pre-hook; false if the handle is unknown.
  bool remove_pre_hook(uint64_t handle);
  /// Runs the pre-hooks of every slot, in registration order, replacing grads in place.
  virtual void run_pre_hooks(TensorList& grads);
  virtual bool has_pre_hooks() const { return !pre_hooks_.empty(); }

  /// A hook on the node itself (torch.autograd.graph.Node.register_prehook): receives the
  /// gradients of the forward outputs (one per slot, undefined where none arrived) after the
  /// tensor pre-hooks and may replace them in place.
  using NodePreHook = std::function<void(TensorList& grad_outputs)>;
  /// A hook run after apply() (Node.register_hook): receives the gradients computed for the
  /// forward inputs (one per next edge, undefined where none) and those apply() received; it
  /// may replace the former in place.
  using PostHook = std::function<void(TensorList& grad_inputs, const TensorList& grad_outputs)>;
  /// Registers a node pre-hook / post-hook; returns a handle for remove_node_hook.
  uint64_t add_node_pre_hook(NodePreHook hook);
  uint64_t add_post_hook(PostHook hook);
  /// Removes a hook registered with add_node_pre_hook or add_post_hook; false if unknown.
  bool remove_node_hook(uint64_t handle);
  bool has_node_pre_hooks() const { return !node_pre_hooks_.empty(); }
  bool has_post_hooks() const { return !post_hooks_.empty(); }
  /// Runs the node pre-hooks / post-hooks in registration order.
  void run_node_pre_hooks(TensorList& grad_outputs);
  void run_post_hooks(TensorList& grad_inputs, const TensorList& grad_outputs);
  /// The stack that created this node, recorded in anomaly mode only.
  const std::string& anomaly_trace() const { return anomaly_trace_; }

 protected:
  std::vector<Edge> next_edges_;
  std::vector<InputMeta> input_metadata_;
  uint64_t sequence_nr_;
  struct PreHookEntry {
    uint64_t handle;
    uint32_t slot;
    PreHook fn;
  };
  std::vector<PreHookEntry> pre_hooks_;
  std::vector<std::pair<uint64_t, NodePreHook>> node_pre_hooks_;
  std::vector<std::pair<uint64_t, PostHook>> post_hooks_;
  std::string anomaly_trace_;
};

/// Saved-tensor hooks (torch.autograd.graph.saved_tensors_hooks): pack turns a tensor saved
/// for backward into an opaque object, unpack turns it back into a tensor when backward
/// needs it. `user` carries the front end's own objects (the Python callables).
struct PYT_API SavedTensorHooks {
  using Packed = std::shared_ptr<void>;
  std::function<Packed(const Tensor&)> pack;
  std::function<Tensor(const Packed&)> unpack;
  std::shared_ptr<void> user;
};
/// Makes hooks the innermost pair for tensors saved on this thread from now on.
/// RuntimeError with the message given to disable_saved_tensor_hooks when disabled.
PYT_API void push_saved_tensor_hooks(SavedTensorHooks hooks);
/// Removes the innermost pair.
PYT_API void pop_saved_tensor_hooks();
/// The innermost pair on this thread, or null.
PYT_API const SavedTensorHooks* current_saved_tensor_hooks();
/// Disables saved-tensor hooks on this thread (pushing them raises RuntimeError(message));
/// an empty message enables them again. Returns the previous message.
PYT_API std::string disable_saved_tensor_hooks(const std::string& message);

/// A tensor saved for backward. Records the version counter's value at save time;
/// unpack() throws the in-place-modification error when it changed, and the
/// retain_graph error after release.
class PYT_API SavedVariable {
 public:
  SavedVariable() = default;
  /// is_output: the tensor is an output of the node saving it; it is then stored
  /// without its grad_fn (no reference cycle) and re-attached at unpack.
  SavedVariable(const Tensor& t, bool is_output);
  /// The saved tensor; saved_for is the node that saved it (needed for outputs).
  Tensor unpack(const Node* saved_for) const;
  void reset();
  bool defined() const { return was_defined_; }

 private:
  Tensor data_;
  // With saved-tensor hooks: the packed object, the hooks that made it, and the edge of the
  // original tensor (re-attached to the unpacked tensor, as torch does).
  SavedTensorHooks::Packed packed_;
  std::shared_ptr<const SavedTensorHooks> hooks_;
  Edge hooked_edge_;
  uint32_t saved_version_ = 0;
  uint32_t output_nr_ = 0;
  bool is_output_ = false;
  bool was_defined_ = false;
  bool released_ = false;
};

/// Accumulates the incoming gradient into a leaf's .grad, then runs the leaf's
/// post-accumulate-grad hooks (Tensor.register_post_accumulate_grad_hook).
struct PYT_API AccumulateGrad : Node {
  explicit AccumulateGrad(Tensor variable);
  TensorList apply(TensorList&& grads) override;
  std::string name() const override { return "AccumulateGrad"; }
  /// Also runs the leaf's own hooks (AutogradMeta::leaf_hooks).
  void run_pre_hooks(TensorList& grads) override;
  bool has_pre_hooks() const override;
  Tensor variable;

 private:
  void accumulate(Tensor new_grad);
};

/// Registers hook to run on t's accumulated .grad after each accumulation
/// (Tensor.register_post_accumulate_grad_hook); t must be a leaf that requires grad.
PYT_API uint64_t register_post_accumulate_grad_hook(const Tensor& t, std::function<void(const Tensor&)> hook);

/// Registers hook on the gradient of t (Tensor.register_hook): on a leaf it runs before the
/// gradient is accumulated, on a non-leaf when its gradient reaches t's grad_fn. Returns a
/// handle for remove_tensor_hook. RuntimeError if t does not require grad.
PYT_API uint64_t register_tensor_hook(const Tensor& t, Node::PreHook hook);
/// Removes a hook registered with register_tensor_hook.
PYT_API bool remove_tensor_hook(const Tensor& t, uint64_t handle);
/// Makes a non-leaf tensor keep its .grad after backward (Tensor.retain_grad).
PYT_API void retain_grad(const Tensor& t);

struct BackwardNode;
/// A backward formula: receives the node (for saved tensors and needs_input_grad) and
/// the output gradients; returns one gradient per forward input (undefined allowed).
using BackwardFn = std::function<TensorList(BackwardNode& self, const TensorList& grads)>;

/// A node whose backward is a BackwardFn, with its saved tensors.
struct PYT_API BackwardNode : Node {
  BackwardNode(const char* name, BackwardFn fn) : name_(name), fn_(std::move(fn)) {}
  TensorList apply(TensorList&& grads) override;
  std::string name() const override { return name_; }
  void release_variables() override;
  void release_for_destruction() override;
  /// Saves t for backward; returns its slot for saved(i).
  size_t save(const Tensor& t, bool is_output = false);
  /// The tensor in slot i, checked against its version.
  Tensor saved(size_t i) const { return saved_.at(i).unpack(this); }
  /// Number of saved slots.
  size_t num_saved() const { return saved_.size(); }

 private:
  const char* name_;
  BackwardFn fn_;
  std::vector<SavedVariable> saved_;
  bool released_ = false;
};

/// The edge a gradient for t should flow along: its grad_fn, its AccumulateGrad
/// (created on demand), or an invalid edge when t does not require grad.
PYT_API Edge gradient_edge(const Tensor& t);

/// t's grad_fn. For a view whose base (or another view of it) was modified in place since
/// the view's grad_fn was set, the grad_fn is first regenerated from the base as an
/// AsStridedBackward0 node (torch's rule; Note [Views and in-place ops]).
PYT_API const std::shared_ptr<Node>& view_aware_grad_fn(const Tensor& t);

/// True when t is a view whose gradient flows to its base: made by a view op (not detach),
/// with a base that requires grad or with history of its own.
PYT_API bool is_differentiable_view(const Tensor& t);

/// Makes the gradient edge `value` (the new value of self computed out of place) self's
/// history after an in-place op. On a view, the base's history is rebased instead: the base
/// gets a CopySlices node (the old base outside the view's region, value inside it) and the
/// view's grad_fn becomes AsStridedBackward0 of the base. Raises torch's errors for views
/// created in no_grad mode and for outputs of multi-output view functions.
PYT_API void rebase_history(Tensor& self, const Edge& value);

/// Records, after an in-place op that overwrote t with values that do not depend on it
/// (normal_, uniform_, bernoulli_), a node named node_name whose gradient is zero; t's (or its
/// base's) history is rebased onto it. Does nothing when grad mode is off or t needs no grad.
PYT_API void record_overwrite(Tensor& t, const char* node_name);

/// Checks an in-place op on view t under grad mode (called by check_inplace): RuntimeError
/// for a view created in no_grad mode of a base that requires grad, and for an output of a
/// multi-output view function (split, unbind, chunk), as torch does.
PYT_API void check_inplace_view(const Tensor& t, const char* op);

/// True when grad mode is on and any defined tensor in inputs requires grad.
PYT_API bool any_requires_grad(std::initializer_list<const Tensor*> inputs);
PYT_API bool any_requires_grad(const TensorList& inputs);

/// Creates a BackwardNode named name with edges to inputs (undefined inputs and inputs
/// that need no grad get invalid edges).
PYT_API std::shared_ptr<BackwardNode> make_node(const char* name, const TensorList& inputs,
                                                BackwardFn fn);

/// Makes node the grad_fn of output (as output number output_nr).
PYT_API void set_history(Tensor& output, const std::shared_ptr<Node>& node);

/// Runs backward from roots with the given gradients (undefined = ones for a
/// one-element root). When inputs is non-empty, the gradients w.r.t. inputs are
/// returned instead of being accumulated into .grad (torch.autograd.grad).
PYT_API TensorList run_backward(const TensorList& roots, const TensorList& grad_roots,
                                bool keep_graph, bool create_graph, const TensorList& inputs = {},
                                bool allow_unused = false);

}  // namespace pyt::autograd
