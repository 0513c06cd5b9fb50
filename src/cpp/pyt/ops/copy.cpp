// Type promotion, conversion and data movement: result_type, to_dtype, copy_,
// contiguous, clone, fill_.
#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/float_cast.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/loops.h"
#include "pyt/ops/ops.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

// Note [Weak Python scalars]: torch's result_type. Operands fall into three groups of
// decreasing priority: dimensioned tensors, 0-d tensors, wrapped Python numbers. A lower
// group changes the result only when it is of a higher category (bool < int < float);
// a wrapped Python float then takes the default dtype, a Python int int64.
ScalarType result_type(const TensorList& operands) {
  ScalarType dim_r = ScalarType::Undefined, zero_r = ScalarType::Undefined, wrapped_r = ScalarType::Undefined;
  auto promote_skip = [](ScalarType a, ScalarType b) {
    if (a == ScalarType::Undefined) return b;
    if (b == ScalarType::Undefined) return a;
    return promote_types(a, b);
  };
  for (const Tensor& t : operands) {
    if (!t.defined()) continue;
    ScalarType cur = t.dtype();
    if (t.impl()->is_wrapped_number()) {
      if (is_floating_type(cur)) cur = get_default_dtype();
      wrapped_r = promote_skip(wrapped_r, cur);
    } else if (t.dim() == 0) {
      zero_r = promote_skip(zero_r, cur);
    } else {
      dim_r = promote_skip(dim_r, cur);
    }
  }
  auto combine = [&](ScalarType higher, ScalarType lower) {
    if (higher == ScalarType::Undefined) return lower;
    if (is_floating_type(higher)) return higher;
    if (higher == ScalarType::Bool || (lower != ScalarType::Undefined && is_floating_type(lower)))
      return promote_skip(higher, lower);
    return higher;
  };
  ScalarType r = combine(dim_r, combine(zero_r, wrapped_r));
  PYT_CHECK(r != ScalarType::Undefined, RuntimeError, "result_type: no operands");
  return r;
}

namespace {
// dst[i] = static_cast<dst_t>(src[i]) over an iterator (output 0 = dst, input 0 = src).
void cast_kernel(const TensorIterator& it, ScalarType src_t, ScalarType dst_t) {
  PYT_DISPATCH_ALL(dst_t, "copy_", [&] {
    using dst_scalar = scalar_t;
    PYT_DISPATCH_ALL(src_t, "copy_", [&] {
      using src_scalar = scalar_t;
      unary_loop<dst_scalar, src_scalar>(it, [](src_scalar v) {
        if constexpr (std::is_same_v<dst_scalar, bool>) {
          if constexpr (std::is_same_v<src_scalar, Half> || std::is_same_v<src_scalar, BFloat16>)
            return static_cast<float>(v) != 0.0f;
          else
            return v != src_scalar(0);
        } else if constexpr (std::is_same_v<src_scalar, Half> || std::is_same_v<src_scalar, BFloat16>) {
          if constexpr (std::is_integral_v<dst_scalar>)
            return float_to_integral<dst_scalar>(static_cast<float>(v));
          else
            return static_cast<dst_scalar>(static_cast<float>(v));
        } else if constexpr (std::is_integral_v<dst_scalar> && std::is_floating_point_v<src_scalar>) {
          return float_to_integral<dst_scalar>(v);  // NaN / out of range: torch's x86 values, no UB
        } else {
          return static_cast<dst_scalar>(v);
        }
      });
    });
  });
}
}  // namespace

// check_inplace without the overlap check: the autograd rules of a write into t.
static void check_inplace_autograd(const Tensor& t, const char* op) {
  if (!autograd::GradMode::is_enabled()) return;
  AutogradMeta* m = t.impl()->autograd_meta();
  PYT_CHECK(!(m && m->requires_grad && !m->grad_fn), RuntimeError,
            "a leaf Variable that requires grad is being used in an in-place operation (", op, ").");
  if (!t.impl()->is_view()) return;
  autograd::check_inplace_view(t, op);
  const auto& base = t.impl()->view_base();
  AutogradMeta* bm = base->autograd_meta();
  PYT_CHECK(!(bm && bm->requires_grad && !bm->grad_fn), RuntimeError,
            "a view of a leaf Variable that requires grad is being used in an in-place operation (", op, ").");
}

void check_inplace(const Tensor& t, const char* op) {
  // torch's assert_no_internal_overlap: a write through a tensor whose elements share memory
  // (an expanded view) has no well-defined result.
  for (int64_t d = 0; d < t.dim(); ++d)
    PYT_CHECK(t.strides()[d] != 0 || t.sizes()[d] <= 1, RuntimeError, op, ": unsupported operation: more than "
              "one element of the written-to tensor refers to a single memory location. Please clone() the tensor "
              "before performing the operation (tensor of shape ", t.shape_str(), " and strides ",
              shape_to_string(t.strides()), ").");
  check_inplace_autograd(t, op);
}

namespace detail {
void copy_data(Tensor& dst, const Tensor& src) {
  PYT_CHECK(dst.device() == src.device(), RuntimeError, "copy_: expected both tensors on one device");
  if (dst.numel() == 0) return;
  Tensor s = src.sizes() == dst.sizes() ? src.detach() : expand(src.detach(), dst.sizes());
  IterConfig cfg;
  cfg.op = "copy_";
  cfg.outputs = {dst};
  cfg.inputs = {s};
  cfg.compute_dtype = src.dtype();
  cfg.output_dtype = dst.dtype();
  cfg.cast_inputs = false;
  cfg.check_cast = false;
  TensorIterator it(std::move(cfg));
  cast_kernel(it, src.dtype(), dst.dtype());
  it.finish();
}
}  // namespace detail

Tensor& copy_(Tensor& dst, const Tensor& src) {
  PYT_CHECK(dst.defined() && src.defined(), RuntimeError, "copy_: expected defined tensors");
  bool record = autograd::any_requires_grad({&dst, &src});
  check_inplace(dst, "copy_");
  {
    autograd::NoGradGuard ng;
    detail::copy_data(dst, src);
  }
  dst.bump_version("copy_");
  if (record) {
    ScalarType src_dtype = src.dtype();
    std::vector<int64_t> src_sizes = src.sizes();
    auto node = make_node("CopyBackwards", {dst, src}, [src_dtype, src_sizes](BackwardNode& n, const TensorList& g) {
      TensorList out(2);
      if (n.needs_input_grad(0)) out[0] = zeros_like(g[0]);
      if (n.needs_input_grad(1)) out[1] = to_dtype(sum_to_size(g[0], src_sizes), src_dtype);
      return out;
    });
    node->add_input_metadata(dst);
    autograd::rebase_history(dst, autograd::Edge(node, 0));
  }
  return dst;
}

Tensor to_dtype(const Tensor& t, ScalarType dtype, bool copy) {
  if (t.dtype() == dtype && !copy) return t;
  Tensor out = empty(t.sizes(), dtype, t.device());
  {
    autograd::NoGradGuard ng;
    detail::copy_data(out, t);
  }
  if (any_requires_grad({&t}) && is_floating_type(dtype)) {
    ScalarType src = t.dtype();
    auto node = make_node("ToCopyBackward0", {t}, [src](BackwardNode&, const TensorList& g) {
      return TensorList{to_dtype(g[0], src)};
    });
    set_history(out, node);
  }
  return out;
}

Tensor clone(const Tensor& t) {
  Tensor out = empty(t.sizes(), t.dtype(), t.device());
  {
    autograd::NoGradGuard ng;
    detail::copy_data(out, t);
  }
  if (any_requires_grad({&t})) {
    auto node = make_node("CloneBackward0", {t}, [](BackwardNode&, const TensorList& g) { return TensorList{g[0]}; });
    set_history(out, node);
  }
  return out;
}

Tensor contiguous(const Tensor& t) { return t.is_contiguous() ? t : clone(t); }

namespace detail {
void fill_data(Tensor& t, const Scalar& value) {
  // A value that does not fit raises (torch's fill kernel); torch's one-element fill takes the
  // 0-d path, where float16/bfloat16 round an out-of-range value to inf instead.
  bool reduced = t.dtype() == ScalarType::Float16 || t.dtype() == ScalarType::BFloat16;
  if (!(reduced && t.numel() == 1)) check_scalar_fits(value, t.dtype());
  Tensor v = scalar_tensor(value, t.dtype());
  if (t.is_contiguous()) {
    if (t.numel() == 0) return;
    PYT_DISPATCH_ALL(t.dtype(), "fill_", [&] {
      scalar_t x = *v.data_ptr<scalar_t>();
      scalar_t* p = t.data_ptr<scalar_t>();
      int64_t n = t.numel();
      for (int64_t i = 0; i < n; ++i) p[i] = x;
    });
  } else {
    copy_data(t, v);
  }
}
}  // namespace detail

static Tensor& fill_impl(Tensor& t, const Scalar& value, const char* node_name) {
  // Unlike other writes, fill_ and zero_ accept an internally overlapping tensor (an expanded
  // view), as torch: every element gets the same value, so the result is well defined. The
  // fill goes through the view with each stride-0 dim narrowed to one element.
  check_inplace_autograd(t, node_name[0] == 'Z' ? "zero_" : "fill_");
  {
    Tensor u = t.detach();
    for (int64_t d = 0; d < u.dim(); ++d)
      if (u.strides()[d] == 0 && u.sizes()[d] > 1) u = narrow(u, d, 0, 1);
    detail::fill_data(u, value);
  }
  t.bump_version(node_name[0] == 'Z' ? "zero_" : "fill_");
  if (autograd::GradMode::is_enabled() && t.requires_grad()) {
    auto node = make_node(node_name, {t}, [](BackwardNode&, const TensorList& g) {
      return TensorList{zeros_like(g[0])};
    });
    node->add_input_metadata(t);
    autograd::rebase_history(t, autograd::Edge(node, 0));
  }
  return t;
}

Tensor& fill_(Tensor& t, const Scalar& value) { return fill_impl(t, value, "FillBackward0"); }
Tensor& zero_(Tensor& t) { return fill_impl(t, Scalar(0), "ZeroBackward0"); }

}  // namespace pyt
