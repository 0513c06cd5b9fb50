// The autograd members of Tensor.
#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/ops.h"
#include "pyt/ops/reduced_precision.h"

namespace pyt {

using autograd::Node;

bool Tensor::requires_grad() const {
  TensorImpl* i = impl();
  AutogradMeta* m = i->autograd_meta();
  if (m && (m->requires_grad || m->grad_fn)) return true;
  // A view requires grad when its base does (the base is a root: no recursion).
  if (i->is_view()) {
    AutogradMeta* bm = i->view_base()->autograd_meta();
    return bm && (bm->requires_grad || bm->grad_fn);
  }
  return false;
}

namespace {
// torch's names in the grad-assignment message: the C++ element type of the gradient...
const char* cpp_type_name(ScalarType st) {
  switch (st) {
    case ScalarType::Bool: return "bool";
    case ScalarType::UInt8: return "unsigned char";
    case ScalarType::Int8: return "signed char";
    case ScalarType::Int16: return "short int";
    case ScalarType::Int32: return "int";
    case ScalarType::Int64: return "long int";
    case ScalarType::Float16: return "c10::Half";
    case ScalarType::BFloat16: return "c10::BFloat16";
    case ScalarType::Float32: return "float";
    case ScalarType::Float64: return "double";
    default: return scalar_type_name(st);
  }
}
}  // namespace

Tensor& Tensor::set_requires_grad(bool r) {
  AutogradMeta* m = impl()->autograd_meta();
  if (m && m->grad_fn) {
    PYT_CHECK(r, RuntimeError,
              "you can only change requires_grad flags of leaf variables. If you want to use a computed "
              "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    return *this;
  }
  if (r) {
    PYT_CHECK(!impl()->is_inference() || autograd::InferenceMode::is_enabled(), RuntimeError,
              "Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.");
    PYT_CHECK(is_floating_type(dtype()), RuntimeError,
              "only Tensors of floating point dtype can require gradients; got ", scalar_type_name(dtype()));
  }
  if (r || m) impl()->ensure_autograd_meta().requires_grad = r;
  return *this;
}

Tensor Tensor::grad() const {
  AutogradMeta* m = impl()->autograd_meta();
  if (!m) return Tensor();
  if (m->retained_grad && m->grad_fn) return *m->retained_grad ? Tensor(*m->retained_grad) : Tensor();
  return m->grad ? Tensor(m->grad) : Tensor();
}

void Tensor::set_grad(const Tensor& g) {
  if (g.defined()) {
    PYT_CHECK(g.sizes() == sizes(), RuntimeError, "attempting to assign a gradient of size '", g.shape_str(),
              "' to a tensor of size '", shape_str(), "'. Please ensure that the gradient and the tensor are the "
              "same size");
    PYT_CHECK(g.dtype() == dtype(), RuntimeError, "attempting to assign a gradient with dtype '",
              cpp_type_name(g.dtype()), "' to a tensor with grad_dtype '", torch_dispatch_name(dtype()),
              "'. The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can set the "
              "tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. Set grad_dtype with "
              "caution. Diverging the dtypes of a tensor and its gradient may break downstream systems that assume "
              "they match.");
    auto& meta = impl()->ensure_autograd_meta();
    if (meta.retained_grad && meta.grad_fn) *meta.retained_grad = g.impl_ptr();
    else meta.grad = g.impl_ptr();
  } else if (AutogradMeta* m = impl()->autograd_meta()) {
    m->grad.reset();
    if (m->retained_grad) m->retained_grad->reset();
  }
}

const std::shared_ptr<Node>& Tensor::grad_fn() const {
  static const std::shared_ptr<Node> kNone;
  if (impl()->is_view()) return autograd::view_aware_grad_fn(*this);
  AutogradMeta* m = impl()->autograd_meta();
  return m ? m->grad_fn : kNone;
}

bool Tensor::is_leaf() const { return !grad_fn(); }

uint32_t Tensor::output_nr() const {
  if (impl()->is_view()) autograd::view_aware_grad_fn(*this);
  AutogradMeta* m = impl()->autograd_meta();
  return m ? m->output_nr : 0;
}

void Tensor::backward(const Tensor& gradient, bool retain_graph, bool create_graph) const {
  autograd::run_backward({*this}, {gradient}, retain_graph || create_graph, create_graph);
}

Tensor Tensor::detach() const {
  // Not a view for autograd (torch: detach()._is_view() is False): in-place ops on the alias
  // never rebase the history of the tensor it was detached from.
  auto alias = make_intrusive<TensorImpl>(impl()->storage(), dtype(), sizes(), strides(), storage_offset(),
                                          impl()->version_counter());
  alias->set_inference(impl()->is_inference());  // an alias of an inference tensor is one
  return Tensor(std::move(alias));
}

}  // namespace pyt
