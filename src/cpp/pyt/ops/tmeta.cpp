// Tensor-metadata ops: in-place view ops, unfold, as_strided, view(dtype), masked_scatter and
// index_reduce (torch names, semantics and error messages).
#include <algorithm>
#include <limits>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/tensor_iterator.h"
#include "pyt/ops/ops.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::Edge;
using autograd::GradMode;
using autograd::make_node;
using autograd::NoGradGuard;
using autograd::set_history;
using detail::element_positions;
using detail::make_view;

namespace {

Tensor index_tensor(const std::vector<int64_t>& v, int64_t shift) {
  Tensor t = empty({static_cast<int64_t>(v.size())}, ScalarType::Int64);
  int64_t* p = t.data_ptr<int64_t>();
  for (size_t i = 0; i < v.size(); ++i) p[i] = v[i] - shift;
  return t;
}

// Note [as_strided backward]: torch's as_strided_backward, in storage space. The output's
// gradient is summed into the storage positions it views (so overlapping outputs add up),
// then read back at the input's positions; an input whose elements overlap in memory shares
// each position's gradient evenly among them. Positions the input does not view get none.
// Written with index_add / index_select / div, so it is differentiable again.
autograd::BackwardFn as_strided_backward_fn(const Tensor& in, const std::vector<int64_t>& out_sizes,
                                            const std::vector<int64_t>& out_strides, int64_t out_offset) {
  std::vector<int64_t> in_pos = element_positions(in.sizes(), in.strides(), in.storage_offset());
  std::vector<int64_t> out_pos = element_positions(out_sizes, out_strides, out_offset);
  int64_t lo = 0, hi = -1;
  if (!in_pos.empty() || !out_pos.empty()) {
    lo = std::numeric_limits<int64_t>::max();
    hi = std::numeric_limits<int64_t>::min();
    for (int64_t p : in_pos) lo = std::min(lo, p), hi = std::max(hi, p);
    for (int64_t p : out_pos) lo = std::min(lo, p), hi = std::max(hi, p);
  }
  int64_t span = hi - lo + 1;
  Tensor in_idx = index_tensor(in_pos, lo), out_idx = index_tensor(out_pos, lo);
  // Overlap counts of the input's positions (only when some position repeats).
  Tensor share;
  {
    std::vector<int64_t> count(static_cast<size_t>(std::max<int64_t>(span, 0)), 0);
    bool overlap = false;
    for (int64_t p : in_pos) overlap |= ++count[static_cast<size_t>(p - lo)] > 1;
    if (overlap) {
      share = empty({static_cast<int64_t>(in_pos.size())}, ScalarType::Int64);
      int64_t* ps = share.data_ptr<int64_t>();
      for (size_t i = 0; i < in_pos.size(); ++i) ps[i] = count[static_cast<size_t>(in_pos[i] - lo)];
    }
  }
  std::vector<int64_t> in_sizes = in.sizes();
  return [in_idx, out_idx, share, span, in_sizes](BackwardNode&, const TensorList& g) {
    Tensor storage = zeros({std::max<int64_t>(span, 0)}, g[0].dtype());
    storage = index_add(storage, 0, out_idx, reshape(g[0], {-1}));
    Tensor gi = index_select(storage, 0, in_idx);
    if (share.defined()) gi = div(gi, to_dtype(share, gi.dtype()));
    return TensorList{reshape(gi, in_sizes)};
  };
}

// torch's as_strided geometry checks, overflow-safe; returns the storage offset to use.
int64_t check_as_strided(const Tensor& t, const IntArrayRef& sizes, const IntArrayRef& strides,
                         std::optional<int64_t> storage_offset) {
  PYT_CHECK(sizes.size() == strides.size(), RuntimeError, "mismatch in length of strides and shape (as_strided: ",
            sizes.size(), " sizes, ", strides.size(), " strides)");
  for (int64_t s : strides)
    PYT_CHECK(s >= 0, RuntimeError, "as_strided: Negative strides are not supported at the moment, got strides: ",
              shape_to_string(strides));
  int64_t off = storage_offset.value_or(t.storage_offset());
  PYT_CHECK(off >= 0, RuntimeError, "Tensor: invalid storage offset ", off);
  int64_t extent = 1;  // 1 + max index reached from the offset
  bool empty_view = false, overflow = false;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] < 0) overflow = true;
    if (sizes[i] == 0) empty_view = true;
  }
  PYT_CHECK(!overflow, RuntimeError, "Storage size calculation overflowed with sizes=", shape_to_string(sizes),
            " and strides=", shape_to_string(strides));
  if (empty_view) return off;
  for (size_t i = 0; i < sizes.size(); ++i) {
    int64_t step = 0;
    overflow |= __builtin_mul_overflow(sizes[i] - 1, strides[i], &step);
    overflow |= __builtin_add_overflow(extent, step, &extent);
  }
  int64_t itemsize = static_cast<int64_t>(t.element_size()), need = 0;
  overflow |= __builtin_add_overflow(extent, off, &need);
  overflow |= __builtin_mul_overflow(need, itemsize, &need);
  PYT_CHECK(!overflow, RuntimeError, "Storage size calculation overflowed with sizes=", shape_to_string(sizes),
            " and strides=", shape_to_string(strides));
  int64_t have = static_cast<int64_t>(t.impl()->storage()->nbytes());
  PYT_CHECK(need <= have, RuntimeError, "setStorage: sizes ", shape_to_string(sizes), ", strides ",
            shape_to_string(strides), ", storage offset ", off, ", and itemsize ", itemsize,
            " requiring a storage size of ", need, " are out of bounds for storage of size ", have);
  return off;
}

// torch's checks before an in-place view op: a leaf that requires grad (or a view of one)
// cannot change under grad mode; nor can a view made in no_grad mode or an output of split.
void check_inplace_view_op(const Tensor& self, const char* op) {
  if (!GradMode::is_enabled()) return;
  AutogradMeta* m = self.impl()->autograd_meta();
  PYT_CHECK(!(m && m->requires_grad && !m->grad_fn), RuntimeError,
            "a leaf Variable that requires grad is being used in an in-place operation (", op, ").");
  if (!self.impl()->is_view()) return;
  autograd::check_inplace_view(self, op);
  AutogradMeta* bm = self.impl()->view_base()->autograd_meta();
  PYT_CHECK(!(bm && bm->requires_grad && !bm->grad_fn), RuntimeError,
            "a view of a leaf Variable that requires grad is being used in an in-place operation (", op, ").");
}

// Gives self the geometry of v (a view of self computed without grad), bumps the version and,
// under grad mode, makes node_name (backward fn) self's grad_fn after its old history.
Tensor& apply_inplace_view(Tensor& self, const Tensor& v, const char* op, const char* node_name,
                           autograd::BackwardFn fn) {
  bool record = GradMode::is_enabled() && self.requires_grad();
  Edge prev = record ? autograd::gradient_edge(self) : Edge();
  self.impl()->set_sizes_strides(v.sizes(), v.strides(), v.storage_offset());
  self.bump_version(op);
  if (record) {
    auto node = std::make_shared<BackwardNode>(node_name, std::move(fn));
    node->mutable_next_edges().push_back(prev);
    set_history(self, node);
  }
  return self;
}

std::vector<int64_t> broadcast2(const std::vector<int64_t>& a, const std::vector<int64_t>& b, const char* op) {
  return broadcast_shapes(a, b, op);
}

}  // namespace

// ------------------------------------------------------------ in-place view ops ---

Tensor& squeeze_(Tensor& self, const std::optional<std::vector<int64_t>>& dims, bool dims_is_tuple) {
  check_inplace_view_op(self, "squeeze_");
  Tensor v;
  {
    NoGradGuard ng;
    v = squeeze(self, dims);
  }
  std::vector<int64_t> in_sizes = self.sizes();
  const char* name = !dims ? "SqueezeBackward3" : dims_is_tuple ? "SqueezeBackward5" : "SqueezeBackward4";
  return apply_inplace_view(self, v, "squeeze_", name, [in_sizes](BackwardNode&, const TensorList& g) {
    return TensorList{reshape(g[0], in_sizes)};
  });
}

Tensor& unsqueeze_(Tensor& self, int64_t dim) {
  check_inplace_view_op(self, "unsqueeze_");
  Tensor v;
  {
    NoGradGuard ng;
    v = unsqueeze(self, dim);
  }
  std::vector<int64_t> in_sizes = self.sizes();
  return apply_inplace_view(self, v, "unsqueeze_", "UnsqueezeBackward1", [in_sizes](BackwardNode&, const TensorList& g) {
    return TensorList{reshape(g[0], in_sizes)};
  });
}

Tensor& transpose_(Tensor& self, int64_t dim0, int64_t dim1) {
  check_inplace_view_op(self, "transpose_");
  Tensor v;
  {
    NoGradGuard ng;
    v = transpose(self, dim0, dim1);
  }
  int64_t nd = self.dim();
  int64_t a = nd == 0 ? 0 : maybe_wrap_dim(dim0, nd, "transpose_"), b = nd == 0 ? 0 : maybe_wrap_dim(dim1, nd, "transpose_");
  return apply_inplace_view(self, v, "transpose_", "TransposeBackward1", [a, b, nd](BackwardNode&, const TensorList& g) {
    return TensorList{nd == 0 ? g[0] : transpose(g[0], a, b)};
  });
}

Tensor& t_(Tensor& self) {
  PYT_CHECK(self.dim() <= 2, RuntimeError, "t_() expects a tensor with <= 2 dimensions, but self is ", self.dim(), "D");
  check_inplace_view_op(self, "t_");
  Tensor v;
  {
    NoGradGuard ng;
    v = t(self);
  }
  return apply_inplace_view(self, v, "t_", "TBackward1", [](BackwardNode&, const TensorList& g) {
    return TensorList{t(g[0])};
  });
}

// ---------------------------------------------------------------------- views ---

Tensor as_strided(const Tensor& t, const IntArrayRef& sizes, const IntArrayRef& strides,
                  std::optional<int64_t> storage_offset) {
  int64_t off = check_as_strided(t, sizes, strides, storage_offset);
  Tensor out = make_view(t, sizes, strides, off);
  if (any_requires_grad({&t})) {
    auto node = make_node("AsStridedBackward0", {t}, as_strided_backward_fn(t, sizes, strides, off));
    set_history(out, node);
  }
  return out;
}

Tensor& as_strided_(Tensor& self, const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides,
                    std::optional<int64_t> storage_offset) {
  int64_t off = check_as_strided(self, sizes, strides, storage_offset);
  check_inplace_view_op(self, "as_strided_");
  Tensor v;
  {
    NoGradGuard ng;
    v = make_view(self, sizes, strides, off);
  }
  bool record = GradMode::is_enabled() && self.requires_grad();
  autograd::BackwardFn fn;
  if (record) fn = as_strided_backward_fn(self, sizes, strides, off);
  return apply_inplace_view(self, v, "as_strided_", "AsStridedBackward1", std::move(fn));
}

Tensor unfold(const Tensor& self, int64_t dimension, int64_t size, int64_t step) {
  int64_t nd = self.dim();
  int64_t d = maybe_wrap_dim(dimension, std::max<int64_t>(nd, 1), "unfold");
  int64_t max_size = nd == 0 ? 1 : self.sizes()[d];
  PYT_CHECK(size <= max_size, RuntimeError, "maximum size for tensor at dimension ", d, " is ", max_size,
            " but size is ", size);
  PYT_CHECK(size >= 0, RuntimeError, "size is ", size, " but must be >= 0");
  PYT_CHECK(step > 0, RuntimeError, "step is ", step, " but must be > 0");
  std::vector<int64_t> sizes = self.sizes(), strides = self.strides();
  int64_t st = nd == 0 ? 1 : strides[d];
  if (nd > 0) {
    sizes[d] = (sizes[d] - size) / step + 1;
    strides[d] = step * strides[d];
  }
  sizes.push_back(size);
  strides.push_back(st);
  Tensor out = make_view(self, sizes, strides, self.storage_offset());
  if (any_requires_grad({&self})) {
    std::vector<int64_t> in_sizes = self.sizes();
    auto node = make_node("UnfoldBackward0", {self}, [in_sizes, d, size, step](BackwardNode&, const TensorList& g) {
      // The gradient of each input element is the sum over the windows that contain it.
      int64_t n = compute_numel(in_sizes);
      Tensor pos = reshape(arange(Scalar(int64_t(0)), Scalar(n), Scalar(int64_t(1)), ScalarType::Int64), in_sizes);
      Tensor idx = reshape(contiguous(unfold(pos, d, size, step)), {-1});
      Tensor gi = index_add(zeros({n}, g[0].dtype()), 0, idx, reshape(g[0], {-1}));
      return TensorList{reshape(gi, in_sizes)};
    });
    set_history(out, node);
  }
  return out;
}

Tensor view_dtype(const Tensor& self, ScalarType dtype) {
  int64_t old_es = static_cast<int64_t>(element_size(self.dtype())), new_es = static_cast<int64_t>(element_size(dtype));
  std::vector<int64_t> sizes = self.sizes(), strides = self.strides();
  int64_t off = self.storage_offset();
  if (old_es != new_es) {
    std::string what = str("to view ", torch_dispatch_name(self.dtype()), " as ", torch_dispatch_name(dtype),
                           " (different element sizes)");
    PYT_CHECK(self.dim() > 0, RuntimeError, "self.dim() cannot be 0 ", what);
    int64_t last = self.dim() - 1;
    PYT_CHECK(strides[last] == 1, RuntimeError, "self.stride(-1) must be 1 ", what, ", but got ", strides[last]);
    if (old_es > new_es) {
      int64_t r = old_es / new_es;
      sizes[last] *= r;
      for (int64_t i = 0; i < last; ++i) strides[i] *= r;
      off *= r;
    } else {
      int64_t r = new_es / old_es;
      PYT_CHECK(sizes[last] % r == 0, RuntimeError, "self.size(-1) must be divisible by ", r, " ", what,
                ", but got ", sizes[last]);
      PYT_CHECK(off % r == 0, RuntimeError, "self.storage_offset() must be divisible by ", r, " ", what,
                ", but got ", off);
      for (int64_t i = 0; i < last; ++i)
        PYT_CHECK(strides[i] % r == 0, RuntimeError, "self.stride(", i, ") must be divisible by ", r, " ", what,
                  ", but got ", strides[i]);
      sizes[last] /= r;
      for (int64_t i = 0; i < last; ++i) strides[i] /= r;
      off /= r;
    }
  }
  auto impl = make_intrusive<TensorImpl>(self.impl()->storage(), dtype, std::move(sizes), std::move(strides), off,
                                         self.impl()->version_counter());
  // A non-differentiable alias (torch's view.dtype is not differentiable): it shares the
  // storage and version counter but records no view base, so it never takes a gradient from
  // self (pyt reports ._base as None where torch reports self).
  return Tensor(std::move(impl));
}

// ------------------------------------------------------- masked / index reductions ---

namespace {

void check_masked_scatter(const Tensor& self, const Tensor& mask, const Tensor& source) {
  PYT_CHECK(self.dtype() == source.dtype(), RuntimeError,
            "masked_scatter: expected self and source to have same dtypes but got", torch_dispatch_name(self.dtype()),
            " and ", torch_dispatch_name(source.dtype()));
  PYT_CHECK(mask.dtype() == ScalarType::Bool, RuntimeError,
            "masked_scatter_ only supports boolean masks, but got mask with dtype ", torch_dispatch_name(mask.dtype()));
}

}  // namespace

Tensor masked_scatter(const Tensor& self, const Tensor& mask, const Tensor& source) {
  check_masked_scatter(self, mask, source);
  std::vector<int64_t> shape = broadcast2(self.sizes(), mask.sizes(), "masked_scatter");
  Tensor out;
  Tensor m = contiguous(expand(mask.detach(), shape));
  {
    NoGradGuard ng;
    out = contiguous(clone(expand(self.detach(), shape)));
    Tensor where_true = reshape(nonzero(reshape(m, {-1})), {-1});
    int64_t count = where_true.numel();
    PYT_CHECK(count <= source.numel(), RuntimeError, "Number of elements of source < number of ones in mask (",
              count, " > ", source.numel(), " for self ", self.describe(), ", mask ", mask.describe(), ")");
    if (count > 0) {
      Tensor vals = slice(reshape(source.detach(), {-1}), 0, 0, count, 1);
      out = reshape(index_copy(reshape(out, {-1}), 0, where_true, vals), shape);
    }
  }
  if (any_requires_grad({&self, &source})) {
    std::vector<int64_t> self_sizes = self.sizes(), src_sizes = source.sizes();
    auto node = make_node("MaskedScatterBackward0", {self, source},
                          [m, self_sizes, src_sizes](BackwardNode& n, const TensorList& g) {
      TensorList r(2);
      if (n.needs_input_grad(0)) r[0] = sum_to_size(masked_fill(g[0], m, Scalar(0)), self_sizes);
      if (n.needs_input_grad(1)) {
        // torch's masked_scatter_backward: the selected gradients, zero-padded to source.
        Tensor sel = masked_select(g[0], m);
        int64_t rest = compute_numel(src_sizes) - sel.numel();
        if (rest > 0) sel = cat({sel, zeros({rest}, sel.dtype())}, 0);
        r[1] = reshape(sel, src_sizes);
      }
      return r;
    });
    set_history(out, node);
  }
  return out;
}

namespace {

// Copies out's values into self and makes out's history self's (as an in-place op does).
Tensor& assign_result(Tensor& self, const Tensor& out, const char* op) {
  {
    NoGradGuard ng;
    detail::copy_data(self, out);
  }
  self.bump_version(op);
  if (out.grad_fn()) autograd::rebase_history(self, autograd::gradient_edge(out));
  return self;
}

}  // namespace

Tensor& masked_scatter_(Tensor& self, const Tensor& mask, const Tensor& source) {
  check_masked_scatter(self, mask, source);
  check_inplace(self, "masked_scatter_");
  Tensor m = expand(mask, self.sizes());  // mask must broadcast to self (torch's expand error)
  Tensor out = masked_scatter(any_requires_grad({&self, &source}) ? clone(self) : self.detach(), m, source);
  return assign_result(self, out, "masked_scatter_");
}

Tensor index_reduce(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                    const std::string& reduce, bool include_self) {
  PYT_CHECK(reduce == "prod" || reduce == "mean" || reduce == "amax" || reduce == "amin", RuntimeError,
            "index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got ", reduce, ".");
  int64_t d = maybe_wrap_dim(dim, std::max<int64_t>(self.dim(), 1), "index_reduce");
  PYT_CHECK(index.dim() <= 1, IndexError, "index_reduce_(): Index is supposed to be a vector, but got dim: ",
            index.dim(), " with type: ", torch_dispatch_name(index.dtype()), " and size: ", index.shape_str());
  PYT_CHECK(index.dtype() == ScalarType::Int64 || index.dtype() == ScalarType::Int32, RuntimeError,
            "index_reduce_(): Expected dtype int32/int64 for index but got: ", torch_dispatch_name(index.dtype()));
  PYT_CHECK(self.dtype() == source.dtype(), RuntimeError, "index_reduce_(): self (", torch_dispatch_name(self.dtype()),
            ") and source (", torch_dispatch_name(source.dtype()), ") must have the same scalar type");
  PYT_CHECK(d == 0 || d < source.dim(), IndexError, "index_reduce_(): Indexing dim ", d,
            " is out of bounds of the source tensor with dim ", source.dim());
  int64_t n = index.numel();
  int64_t src_n = source.dim() == 0 ? 1 : source.sizes()[d];
  PYT_CHECK(n == src_n, RuntimeError, "index_reduce_(): Number of indices (", n, ") should be equal to source.size(dim): (",
            src_n, "), for dim: ", d);
  std::vector<int64_t> ss = self.sizes(), xs = source.sizes();
  if (self.dim() > 0) ss.erase(ss.begin() + d);
  if (source.dim() > 0) xs.erase(xs.begin() + d);
  PYT_CHECK(ss == xs, RuntimeError, "source tensor shape must match self tensor shape, excluding the specified "
            "dimension. Got self.shape = ", self.shape_str(), " source.shape = ", source.shape_str());
  PYT_CHECK(self.dtype() != ScalarType::Bool, NotImplementedError, "\"index_func_\" not implemented for 'Bool'");
  int64_t size = self.dim() == 0 ? 1 : self.sizes()[d];
  Tensor idx = contiguous(to_dtype(reshape(index.detach(), {-1}), ScalarType::Int64));
  const int64_t* pi = idx.data_ptr<int64_t>();
  for (int64_t j = 0; j < n; ++j)
    PYT_CHECK(pi[j] >= 0 && pi[j] < size, IndexError, "index out of range in self (index_reduce: index ", pi[j],
              " for dimension ", d, " of size ", size, ")");
  // index_reduce is scatter_reduce with the index broadcast along source's other dims; its
  // node delegates to scatter_reduce's backward (torch's index_reduce_backward is the same
  // formula) under torch's name.
  Tensor s1 = self.dim() == 0 ? reshape(self, {1}) : self;
  Tensor x1 = source.dim() == 0 ? reshape(source, {1}) : source;
  std::vector<int64_t> ishape(static_cast<size_t>(x1.dim()), 1);
  ishape[static_cast<size_t>(d)] = n;
  Tensor ie = expand(reshape(idx, ishape), x1.sizes());
  Tensor out = scatter_reduce(s1, d, ie, x1, reduce, include_self);
  if (self.dim() == 0) out = reshape(out, {});
  if (out.grad_fn()) {
    std::shared_ptr<autograd::Node> inner = out.grad_fn();
    auto node = std::make_shared<BackwardNode>("IndexReduceBackward0", [inner](BackwardNode&, const TensorList& g) {
      return inner->apply(TensorList(g));
    });
    node->mutable_next_edges() = inner->next_edges();
    set_history(out, node);
  }
  return out;
}

Tensor& index_reduce_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& source, const std::string& reduce,
                      bool include_self) {
  check_inplace(self, "index_reduce_");
  Tensor out = index_reduce(any_requires_grad({&self, &source}) ? clone(self) : self.detach(), dim, index, source,
                            reduce, include_self);
  return assign_result(self, out, "index_reduce_");
}

}  // namespace pyt
