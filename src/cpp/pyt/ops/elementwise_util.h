#pragma once
// Helpers shared by the elementwise op families (elementwise.cpp, math.cpp). Internal
// header: not part of the public API.
#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/tensor_iterator.h"
#include "pyt/ops/ops.h"

namespace pyt::internal {

// Note [Reduced precision]: float16 and bfloat16 compute in float32 and are rounded once.
inline bool is_reduced_float(ScalarType t) { return t == ScalarType::Float16 || t == ScalarType::BFloat16; }

// Rounds a float32 result r to dtype, writing into out when out is defined (in place).
inline Tensor round_to(const Tensor& r, ScalarType dtype, const Tensor& out, const char* op) {
  autograd::NoGradGuard ng;
  if (!out.defined()) return to_dtype(r, dtype);
  PYT_CHECK(out.sizes() == r.sizes(), RuntimeError, op, ": output with shape ", out.shape_str(),
            " doesn't match the broadcast shape ", r.shape_str());
  PYT_CHECK(can_cast(dtype, out.dtype()), RuntimeError, op, ": result type ", scalar_type_name(dtype),
            " can't be cast to the desired output type ", scalar_type_name(out.dtype()));
  Tensor o = out;
  detail::copy_data(o, r);
  return out;
}

// Gradient g of a broadcast, promoted result, reduced to an input's shape and dtype.
inline Tensor reduce_grad(const Tensor& g, const std::vector<int64_t>& sizes, ScalarType dtype) {
  Tensor r = g.sizes() == sizes ? g : sum_to_size(g, sizes);
  return r.dtype() == dtype ? r : to_dtype(r, dtype);
}

// Shape and dtype of an op input, kept by backward formulas instead of the tensor.
struct InputInfo {
  std::vector<int64_t> sizes;
  ScalarType dtype;
  explicit InputInfo(const Tensor& t) : sizes(t.sizes()), dtype(t.dtype()) {}
};

// Note [In-place ops and autograd]: without autograd an in-place op runs its kernel
// straight into self. When the graph must be recorded, the op runs out of place on a
// clone of self (so the saved values are the old ones), the result is copied into self,
// and self's history is rebased onto the new node (on a view: the base's history, see
// Note [Views and in-place ops] in autograd/node.cpp).
template <typename OutOfPlace, typename Kernel>
Tensor& inplace_op(Tensor& self, const TensorList& others, const char* op, OutOfPlace oop, Kernel kernel) {
  check_inplace(self, op);
  TensorList all = others;
  all.push_back(self);
  if (autograd::any_requires_grad(all)) {
    for (auto& o : others)
      if (o.defined()) {
        broadcast_shapes(self.sizes(), o.sizes(), op);
        check_no_partial_overlap(self, o, op);  // as the kernel's TensorIterator would
      }
    Tensor snapshot = clone(self);
    Tensor result = oop(snapshot);
    PYT_CHECK(result.sizes() == self.sizes(), RuntimeError, op, ": output with shape ", self.shape_str(),
              " doesn't match the broadcast shape ", result.shape_str());
    PYT_CHECK(can_cast(result.dtype(), self.dtype()), RuntimeError, op, ": result type ",
              scalar_type_name(result.dtype()), " can't be cast to the desired output type ",
              scalar_type_name(self.dtype()));
    if (result.dtype() != self.dtype()) result = to_dtype(result, self.dtype());
    {
      autograd::NoGradGuard ng;
      Tensor s = self;
      detail::copy_data(s, result);
    }
    self.bump_version(op);
    autograd::rebase_history(self, autograd::gradient_edge(result));
    return self;
  }
  kernel();
  self.bump_version(op);
  return self;
}

/// A Python-number-like constant operand (weak in type promotion).
inline Tensor num(double v) { return wrapped_scalar(Scalar(v)); }

// Runs kernel over inputs into out (undefined: allocated). compute is the dtype the op
// computes in and result the dtype of its result; a reduced float in either becomes float32
// for the kernel and the result is rounded once (Note [Reduced precision]).
template <typename Kernel>
Tensor run(const char* op, const Tensor& out, const TensorList& inputs, ScalarType compute, ScalarType result,
           Kernel kernel) {
  autograd::NoGradGuard ng;  // casts of the inputs are not part of the graph
  if (out.defined())
    PYT_CHECK(can_cast(result, out.dtype()), RuntimeError, op, ": result type ", scalar_type_name(result),
              " can't be cast to the desired output type ", scalar_type_name(out.dtype()));
  bool reduced_result = is_reduced_float(result);
  IterConfig cfg;
  cfg.op = op;
  cfg.outputs = {reduced_result ? Tensor() : out};
  cfg.inputs = inputs;
  cfg.compute_dtype = is_reduced_float(compute) ? ScalarType::Float32 : compute;
  cfg.output_dtype = reduced_result ? ScalarType::Float32 : result;
  TensorIterator it(std::move(cfg));
  kernel(it);
  it.finish();
  return reduced_result ? round_to(it.output(0), result, out, op) : it.output(0);
}

}  // namespace pyt::internal
