// Advanced indexing (ops/index.h): index, index_put. See Note [Advanced indexing].
#include "pyt/ops/index.h"

#include <algorithm>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/index_kernels.h"
#include "pyt/ops/cpu/tensor_iterator.h"
#include "pyt/ops/ops.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace {

// The indices of Note [Advanced indexing] in normal form: int64 or int32 entries aligned with self's
// dims (masks replaced by their nonzero() columns), undefined for whole dims.
TensorList expand_indices(const Tensor& self, const TensorList& indices, const char* op) {
  TensorList out;
  for (const Tensor& idx : indices) {
    if (!idx.defined()) {
      out.emplace_back();
      continue;
    }
    ScalarType dt = idx.dtype();
    if (dt == ScalarType::Bool || dt == ScalarType::UInt8) {
      int64_t k = idx.dim();
      PYT_CHECK(static_cast<int64_t>(out.size()) + k <= self.dim(), IndexError, "too many indices for tensor of "
                "dimension ", self.dim(), " (got ", out.size() + k, ")");
      for (int64_t j = 0; j < k; ++j) {
        int64_t src = static_cast<int64_t>(out.size()) + j;
        PYT_CHECK(idx.sizes()[j] == self.sizes()[src], IndexError, "The shape of the mask ", idx.shape_str(),
                  " at index ", j, " does not match the shape of the indexed tensor ", self.shape_str(), " at index ",
                  src);
      }
      Tensor nz = nonzero(dt == ScalarType::Bool ? idx.detach() : to_dtype(idx.detach(), ScalarType::Bool));
      for (int64_t j = 0; j < k; ++j) out.push_back(select(nz, 1, j));
      continue;
    }
    PYT_CHECK(dt == ScalarType::Int64 || dt == ScalarType::Int32, IndexError, "tensors used as indices must be long, "
              "int, byte or bool tensors (", op, " got ", scalar_type_name(dt), ")");
    out.push_back(idx.detach());  // int32 stays int32: plan_index reads either

  }
  PYT_CHECK(static_cast<int64_t>(out.size()) <= self.dim(), IndexError, "too many indices for tensor of dimension ",
            self.dim(), " (got ", out.size(), ")");
  return out;
}

// Everything a gather or scatter through indices needs (see index_kernels.h).
struct IndexGeometry {
  Tensor src;                          // self, permuted so that the indexed dims are adjacent
  std::vector<int64_t> result_sizes;   // (pre..., B..., post...)
  std::vector<int64_t> pre_off, post_off;
  Tensor offsets;                      // int64 (nb), element offsets of the indexed dims
  int64_t nb = 1;
};

std::vector<int64_t> offsets_of(const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides, size_t begin,
                                size_t end) {
  std::vector<int64_t> offs{0};
  for (size_t d = begin; d < end; ++d) {
    std::vector<int64_t> next;
    next.reserve(offs.size() * sizes[d]);
    for (int64_t o : offs)
      for (int64_t i = 0; i < sizes[d]; ++i) next.push_back(o + i * strides[d]);
    offs.swap(next);
  }
  return offs;
}

IndexGeometry plan_index(const Tensor& self, const TensorList& idx, const char* op) {
  IndexGeometry g;
  const int64_t nd = self.dim();
  std::vector<int64_t> pos;  // dims with a defined index
  for (size_t d = 0; d < idx.size(); ++d)
    if (idx[d].defined()) pos.push_back(static_cast<int64_t>(d));
  // Broadcast shape of the indices (IndexError, as torch).
  std::vector<int64_t> bshape;
  for (int64_t d : pos) {
    const auto& s = idx[d].sizes();
    std::vector<int64_t> r(std::max(bshape.size(), s.size()), 1);
    bool ok = true;
    for (size_t k = 0; k < r.size(); ++k) {
      int64_t a = k < r.size() - bshape.size() ? 1 : bshape[k - (r.size() - bshape.size())];
      int64_t b = k < r.size() - s.size() ? 1 : s[k - (r.size() - s.size())];
      if (a != b && a != 1 && b != 1) ok = false;
      r[k] = a == 1 ? b : a;
    }
    if (!ok) {
      std::string shapes;
      for (int64_t e : pos) shapes += (shapes.empty() ? "" : ", ") + idx[e].shape_str();
      throw IndexError(str(op, ": shape mismatch: indexing tensors could not be broadcast together with shapes ",
                           shapes));
    }
    bshape = r;
  }
  // Non-adjacent indexed dims go to the front (transposed view of self).
  std::vector<int64_t> order;  // order[i] = original dim placed at i
  bool adjacent = pos.empty() || pos.back() - pos.front() + 1 == static_cast<int64_t>(pos.size());
  int64_t first = pos.empty() ? 0 : pos.front();
  if (adjacent) {
    for (int64_t d = 0; d < nd; ++d) order.push_back(d);
    g.src = self;
  } else {
    order = pos;
    for (int64_t d = 0; d < nd; ++d)
      if (!idx.size() || d >= static_cast<int64_t>(idx.size()) || !idx[d].defined()) order.push_back(d);
    g.src = permute(self.detach(), order);
    first = 0;
  }
  const int64_t k = static_cast<int64_t>(pos.size());
  const auto& sz = g.src.sizes();
  const auto& st = g.src.strides();
  g.result_sizes.assign(sz.begin(), sz.begin() + first);
  g.result_sizes.insert(g.result_sizes.end(), bshape.begin(), bshape.end());
  g.result_sizes.insert(g.result_sizes.end(), sz.begin() + first + k, sz.end());
  g.nb = compute_numel(bshape);
  // Offsets of the indexed dims, bounds-checked.
  g.offsets = zeros({g.nb}, ScalarType::Int64);
  int64_t* off = g.offsets.data_ptr<int64_t>();
  for (int64_t j = 0; j < k; ++j) {
    int64_t d = first + j;  // dim in src
    int64_t orig = order[d];
    int64_t size = sz[d], stride = st[d];
    Tensor e = contiguous(expand(idx[orig], bshape));
    auto add_offsets = [&](const auto* pi) {
      for (int64_t b = 0; b < g.nb; ++b) {
        int64_t v = pi[b];
        PYT_CHECK(v >= -size && v < size, IndexError, "index ", v, " is out of bounds for dimension ", orig,
                  " with size ", size);
        off[b] += (v < 0 ? v + size : v) * stride;
      }
    };
    if (e.dtype() == ScalarType::Int32)
      add_offsets(e.data_ptr<int32_t>());
    else
      add_offsets(e.data_ptr<int64_t>());
  }
  g.pre_off = offsets_of(sz, st, 0, first);
  g.post_off = offsets_of(sz, st, first + k, nd);
  return g;
}

// Private copies of the normalized indices, for a backward formula.
TensorList saved_indices(const TensorList& idx) {
  TensorList out;
  for (const Tensor& t : idx) out.push_back(t.defined() ? clone(t) : Tensor());
  return out;
}

// Writes values (already broadcast-checked) into dst through geometry g.
void scatter_into(Tensor& dst, const TensorList& idx, const Tensor& values, bool accumulate, const char* op) {
  IndexGeometry g = plan_index(dst, idx, op);
  PYT_CHECK(values.dtype() == dst.dtype(), RuntimeError, op, ": Index put requires the source and destination "
            "dtypes match, got ", scalar_type_name(dst.dtype()), " for the destination and ",
            scalar_type_name(values.dtype()), " for the source.");
  bool fits = values.dim() <= static_cast<int64_t>(g.result_sizes.size());
  for (int64_t k = 0; fits && k < values.dim(); ++k) {
    int64_t v = values.sizes()[values.dim() - 1 - k];
    int64_t r = g.result_sizes[g.result_sizes.size() - 1 - k];
    fits = v == r || v == 1;
  }
  PYT_CHECK(fits, RuntimeError, op, ": shape mismatch: value tensor of shape ", values.shape_str(),
            " cannot be broadcast to indexing result of shape ", shape_to_string(g.result_sizes));
  autograd::NoGradGuard ng;
  Tensor v = expand(values.detach(), g.result_sizes);
  // A value that shares memory with the destination is read in full before anything is written.
  if (v.impl()->storage().get() == dst.impl()->storage().get() || !v.is_contiguous()) v = clone(v);
  cpu::index_scatter(static_cast<char*>(g.src.data_ptr()), static_cast<const char*>(v.data_ptr()), dst.dtype(),
                     g.pre_off, g.offsets.data_ptr<int64_t>(), g.nb, g.post_off, accumulate);
}

// torch's index_put_ writes through masked_fill_ when the only index is one bool (or byte)
// mask and values has one element (can_dispatch_to_masked_fill in TensorAdvancedIndexing.cpp);
// that path casts values to self's dtype, so x[mask] = tensor(3.) works on an int tensor.
// pyt keeps one index_put path and casts such values up front (with the cast's gradient).
Tensor masked_fill_value(const Tensor& self, const TensorList& indices, const Tensor& values, bool accumulate) {
  if (accumulate || values.numel() != 1 || values.dtype() == self.dtype()) return values;
  int masks = 0;
  for (const Tensor& i : indices) {
    if (!i.defined()) continue;
    if (i.dtype() != ScalarType::Bool && i.dtype() != ScalarType::UInt8) return values;
    ++masks;
  }
  return masks == 1 ? to_dtype(values, self.dtype()) : values;
}

std::shared_ptr<BackwardNode> index_put_node(const Tensor& self, const TensorList& idx, const Tensor& values,
                                             bool accumulate) {
  TensorList saved = saved_indices(idx);
  std::vector<int64_t> vsizes = values.sizes();
  return make_node("IndexPutBackward0", {self, values},
                   [saved, vsizes, accumulate](BackwardNode& n, const TensorList& g) {
                     TensorList r(2);
                     if (n.needs_input_grad(0))
                       r[0] = accumulate ? g[0] : index_put(g[0], saved, zeros({}, g[0].dtype()), false);
                     if (n.needs_input_grad(1)) r[1] = sum_to_size(index(g[0], saved), vsizes);
                     return r;
                   });
}

}  // namespace

Tensor index(const Tensor& self, const TensorList& indices) {
  TensorList idx = expand_indices(self, indices, "index");
  IndexGeometry g = plan_index(self, idx, "index");
  Tensor out = empty(g.result_sizes, self.dtype());
  cpu::index_gather(static_cast<const char*>(g.src.data_ptr()), static_cast<char*>(out.data_ptr()),
                    self.element_size(), g.pre_off, g.offsets.data_ptr<int64_t>(), g.nb, g.post_off);
  if (any_requires_grad({&self})) {
    TensorList saved = saved_indices(idx);
    std::vector<int64_t> in_sizes = self.sizes();
    auto node = make_node("IndexBackward0", {self}, [saved, in_sizes](BackwardNode&, const TensorList& g) {
      return TensorList{index_put(zeros(in_sizes, g[0].dtype()), saved, g[0], true)};
    });
    set_history(out, node);
  }
  return out;
}

Tensor index_put(const Tensor& self, const TensorList& indices, const Tensor& values_in, bool accumulate) {
  Tensor values = masked_fill_value(self, indices, values_in, accumulate);
  TensorList idx = expand_indices(self, indices, "index_put");
  Tensor out = clone(self.detach());
  scatter_into(out, idx, values, accumulate, "index_put");
  if (any_requires_grad({&self, &values})) set_history(out, index_put_node(self, idx, values, accumulate));
  return out;
}

Tensor& index_put_(Tensor& self, const TensorList& indices, const Tensor& values_in, bool accumulate) {
  check_inplace(self, "index_put_");
  Tensor values = masked_fill_value(self, indices, values_in, accumulate);
  TensorList idx = expand_indices(self, indices, "index_put_");
  bool record = any_requires_grad({&self, &values});
  std::shared_ptr<BackwardNode> node;
  if (record) node = index_put_node(self, idx, values, accumulate);  // edges to self's old history
  scatter_into(self, idx, values, accumulate, "index_put_");
  self.bump_version("index_put_");
  if (record) {
    node->add_input_metadata(self);
    autograd::rebase_history(self, autograd::Edge(node, 0));  // on a view: CopySlices on the base
  }
  return self;
}

}  // namespace pyt

// --------------------------------------------------------- indexed reads/writes ---
namespace pyt {

namespace {

// index moved onto dim of a tensor of nd dims: {undefined x dim, index}.
TensorList at_dim(int64_t dim, const Tensor& index) {
  TensorList l(dim);
  l.push_back(index);
  return l;
}

// A 1-d or 0-d int64 index of op (torch's index_copy and index_fill refuse int32, each with
// its own exception type and wording).
void check_vector_index(const Tensor& index, const char* op) {
  PYT_CHECK(index.dim() <= 1, IndexError, op, "(): Index is supposed to be a vector, got a ", index.dim(),
            "-d tensor of shape ", index.shape_str());
  if (index.dtype() == ScalarType::Int64) return;
  if (std::string(op) == "index_fill_")
    throw IndexError(str(op, "(): Expected dtype int64 for index. (got ", scalar_type_name(index.dtype()), ")"));
  throw RuntimeError(str(op, "(): Expected a long tensor for index, but got ", torch_dispatch_name(index.dtype())));
}

// Copies out's values into self (self may be strided) and records node on self, as an
// in-place op does (Note [In-place ops and autograd]).
Tensor& assign_inplace(Tensor& self, const Tensor& out, const char* op) {
  {
    autograd::NoGradGuard ng;
    detail::copy_data(self, out);
  }
  self.bump_version(op);
  if (out.grad_fn()) autograd::rebase_history(self, autograd::gradient_edge(out));  // views: CopySlices
  return self;
}

// Zero-padded grad for src when src is larger than index (as scatter's).
Tensor pad_to(const Tensor& g, const std::vector<int64_t>& sizes) {
  if (g.sizes() == sizes) return g;
  Tensor z = zeros(sizes, g.dtype());
  TensorList idx;
  for (size_t k = 0; k < sizes.size(); ++k)
    idx.push_back(reshape(arange(Scalar(0), Scalar(g.sizes()[k]), Scalar(1), ScalarType::Int64),
                          [&] {
                            std::vector<int64_t> s(sizes.size(), 1);
                            s[k] = g.sizes()[k];
                            return s;
                          }()));
  return index_put(z, idx, g, false);
}

// The leading part of t of the given sizes (src restricted to index's shape).
Tensor narrow_to(const Tensor& t, const std::vector<int64_t>& sizes) {
  Tensor r = t;
  for (size_t k = 0; k < sizes.size(); ++k)
    if (r.sizes()[k] != sizes[k]) r = slice(r, static_cast<int64_t>(k), 0, sizes[k], 1);
  return r;
}

cpu::ScatterReduce reduce_kind(const std::string& reduce) {
  if (reduce == "sum") return cpu::ScatterReduce::Sum;
  if (reduce == "prod") return cpu::ScatterReduce::Prod;
  if (reduce == "mean") return cpu::ScatterReduce::Mean;
  if (reduce == "amax") return cpu::ScatterReduce::Amax;
  if (reduce == "amin") return cpu::ScatterReduce::Amin;
  throw RuntimeError(str("scatter_reduce(): reduce argument must be either sum, prod, mean, amax or amin, got ",
                         reduce));
}

Tensor scatter_reduce_forward(const Tensor& self, int64_t d, const Tensor& index, const Tensor& src,
                              const std::string& reduce, bool include_self) {
  cpu::ScatterReduce op = reduce_kind(reduce);
  const char* name = "scatter_reduce";
  PYT_CHECK(index.dtype() == ScalarType::Int64 || index.dtype() == ScalarType::Int32, RuntimeError,
            "scatter(): Expected dtype int32/int64 for index, got ", scalar_type_name(index.dtype()), " (in ", name,
            ")");
  PYT_CHECK(src.dtype() == self.dtype(), RuntimeError, name, "(): Expected self.dtype to be equal to src.dtype, got ",
            scalar_type_name(self.dtype()), " and ", scalar_type_name(src.dtype()));
  PYT_CHECK(!(op == cpu::ScatterReduce::Mean && self.dtype() == ScalarType::Bool), NotImplementedError,
            "\"scatter_reduce\" with reduce='mean' not implemented for 'Bool'");
  int64_t nd = std::max<int64_t>(1, self.dim());
  PYT_CHECK(std::max<int64_t>(1, index.dim()) == nd && std::max<int64_t>(1, src.dim()) == nd, RuntimeError, name,
            "(): Index tensor must have the same number of dimensions as self and src tensors; got self ",
            self.describe(), ", index ", index.describe(), ", src ", src.describe());
  Tensor s1 = self.dim() == 0 ? reshape(self.detach(), {1}) : self.detach();
  Tensor i1 = index.dim() == 0 ? reshape(index.detach(), {1}) : index.detach();
  Tensor x1 = src.dim() == 0 ? reshape(src.detach(), {1}) : src.detach();
  for (int64_t k = 0; k < nd; ++k) {
    PYT_CHECK(i1.sizes()[k] <= x1.sizes()[k], RuntimeError, name, "(): Expected index ", index.shape_str(),
              " to be smaller than src ", src.shape_str(), " at dimension ", k);
    PYT_CHECK(k == d || i1.sizes()[k] <= s1.sizes()[k], RuntimeError, name, "(): Expected index ",
              index.shape_str(), " to be smaller than self ", self.shape_str(), " apart from dimension ", d);
  }
  Tensor out = empty(s1.sizes(), self.dtype());
  detail::copy_data(out, s1);
  Tensor ic = contiguous(i1.dtype() == ScalarType::Int64 ? i1 : to_dtype(i1, ScalarType::Int64));
  int64_t size = s1.sizes()[d];
  const int64_t* pi = ic.data_ptr<int64_t>();
  for (int64_t j = 0; j < ic.numel(); ++j)
    PYT_CHECK(pi[j] >= 0 && pi[j] < size, RuntimeError, name, "(): index ", pi[j], " is out of bounds for dimension ",
              d, " with size ", size);
  Tensor counts;
  if (op == cpu::ScatterReduce::Mean) counts = full(s1.sizes(), Scalar(int64_t(1)), ScalarType::Int64);
  cpu::scatter_reduce_kernel(static_cast<char*>(out.data_ptr()), out.sizes(), pi, ic.sizes(),
                             static_cast<const char*>(x1.data_ptr()), x1.strides(), d, self.dtype(), op, include_self,
                             counts.defined() ? counts.data_ptr<int64_t>() : nullptr);
  if (op == cpu::ScatterReduce::Mean) {
    autograd::NoGradGuard ng;
    Tensor c = masked_fill(counts, eq(counts, scalar_tensor(Scalar(int64_t(0)), ScalarType::Int64)), Scalar(1));
    Tensor q = is_floating_type(self.dtype()) ? div(out, c) : div(out, c, "floor");
    detail::copy_data(out, q);
  }
  return self.dim() == 0 ? reshape(out, {}) : out;
}

}  // namespace

Tensor scatter_reduce(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                      const std::string& reduce, bool include_self) {
  int64_t d = maybe_wrap_dim(dim, std::max<int64_t>(1, self.dim()), "scatter_reduce");
  Tensor out = scatter_reduce_forward(self, d, index, src, reduce, include_self);
  if (any_requires_grad({&self, &src})) {
    std::vector<int64_t> src_sizes = src.sizes();
    Tensor idx = clone(index.detach());
    auto node = make_node("ScatterReduceBackward0", {self, src},
                          [d, reduce, include_self, src_sizes, idx](BackwardNode& n, const TensorList& g) {
      // torch's scatter_reduce_backward, written with pyt ops.
      Tensor self_ = n.saved(0), src_ = n.saved(1), result = n.saved(2), grad = g[0];
      Tensor gself, gsrc;
      if (reduce == "sum") {
        gself = grad;
        gsrc = gather(grad, d, idx);
      } else if (reduce == "mean") {
        Tensor ones_src = ones_like(src_);
        Tensor N = include_self ? ones_like(grad) : zeros_like(grad);
        N = scatter_add(N, d, idx, narrow_to(ones_src, idx.sizes()));
        N = masked_fill(N, eq(N, wrapped_scalar(Scalar(0))), Scalar(1));
        gself = div(grad, N);
        gsrc = gather(gself, d, idx);
      } else if (reduce == "prod") {
        Tensor zero = wrapped_scalar(Scalar(0));
        Tensor masked_self = masked_fill(self_, eq(self_, zero), Scalar(1));
        Tensor masked_self_result = scatter_reduce(masked_self, d, idx, src_, reduce, include_self);
        gself = div(mul(grad, masked_self_result), masked_self);
        Tensor srcv = narrow_to(src_, idx.sizes());
        Tensor src_zero = eq(srcv, zero);
        Tensor nz = gather(scatter_add(zeros_like(self_), d, idx, to_dtype(src_zero, self_.dtype())), d, idx);
        Tensor single = logical_and(src_zero, eq(nz, wrapped_scalar(Scalar(1))));
        Tensor masked_src = masked_fill(srcv, single, Scalar(1));
        Tensor masked_src_result = scatter_reduce(self_, d, idx, masked_src, reduce, include_self);
        Tensor g1 = gather(mul(grad, masked_src_result), d, idx);
        Tensor g2 = div(gather(mul(grad, result), d, idx), masked_fill(srcv, src_zero, Scalar(1)));
        gsrc = where(single, g1, g2);
      } else {  // amax / amin: the gradient is shared evenly by the values equal to the result
        Tensor srcv = narrow_to(src_, idx.sizes());
        Tensor self_is = to_dtype(eq(self_, result), grad.dtype());
        Tensor src_is = to_dtype(eq(srcv, gather(result, d, idx)), grad.dtype());
        Tensor share = div(grad, scatter_add(self_is, d, idx, src_is));
        gself = mul(self_is, share);
        gsrc = mul(src_is, gather(share, d, idx));
      }
      if (!include_self) gself = scatter(gself, d, idx, zeros(idx.sizes(), gself.dtype()));
      TensorList r(2);
      if (n.needs_input_grad(0)) r[0] = gself;
      if (n.needs_input_grad(1)) r[1] = pad_to(gsrc, src_sizes);
      return r;
    });
    node->save(self);
    node->save(src);
    set_history(out, node);
    node->save(out, true);
  }
  return out;
}

Tensor& scatter_reduce_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, const std::string& reduce,
                        bool include_self) {
  check_inplace(self, "scatter_reduce_");
  Tensor out = scatter_reduce(any_requires_grad({&self, &src}) ? clone(self) : self, dim, index, src, reduce,
                              include_self);
  return assign_inplace(self, out, "scatter_reduce_");
}

Tensor& scatter_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  check_inplace(self, "scatter_");
  Tensor out = scatter(self, dim, index, src);
  return assign_inplace(self, out, "scatter_");
}

Tensor& scatter_add_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  check_inplace(self, "scatter_add_");
  Tensor out = scatter_add(self, dim, index, src);
  return assign_inplace(self, out, "scatter_add_");
}

Tensor& index_add_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha) {
  check_inplace(self, "index_add_");
  Tensor out = index_add(self, dim, index, source, alpha);
  return assign_inplace(self, out, "index_add_");
}

Tensor index_copy(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source) {
  check_vector_index(index, "index_copy_");
  int64_t nd = std::max<int64_t>(1, self.dim());
  int64_t d = maybe_wrap_dim(dim, nd, "index_copy");
  PYT_CHECK(source.dtype() == self.dtype(), RuntimeError, "index_copy_(): self and source expected to have the same "
            "dtype, but got (self) ", scalar_type_name(self.dtype()), " and (source) ",
            scalar_type_name(source.dtype()));
  Tensor s1 = self.dim() == 0 ? reshape(self, {1}) : self;
  Tensor src1 = source.dim() == 0 ? reshape(source, {1}) : source;
  Tensor i1 = reshape(index, {-1});
  std::vector<int64_t> expect = s1.sizes();
  expect[d] = i1.numel();
  PYT_CHECK(src1.sizes() == expect, RuntimeError, "index_copy_(): source ", source.shape_str(), " should have the "
            "shape of self ", self.shape_str(), " with ", i1.numel(), " (the number of indices) at dim ", d,
            ", i.e. ", shape_to_string(expect));
  const int64_t size = s1.sizes()[d];
  Tensor ic = contiguous(to_dtype(i1.detach(), ScalarType::Int64));
  for (int64_t j = 0; j < ic.numel(); ++j) {
    int64_t v = ic.data_ptr<int64_t>()[j];
    PYT_CHECK(v >= 0 && v < size, IndexError, "index_copy_(): index ", v, " is out of bounds for dimension ", d,
              " with size ", size);
  }
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = index_put(s1.detach(), at_dim(d, ic), src1.detach(), false);
    if (self.dim() == 0) out = reshape(out, {});
  }
  if (any_requires_grad({&self, &source})) {
    std::vector<int64_t> ssizes = source.sizes();
    auto node = make_node("IndexCopyBackward0", {self, source}, [d, ic, ssizes](BackwardNode& n, const TensorList& g) {
      TensorList r(2);
      Tensor g1 = g[0].dim() == 0 ? reshape(g[0], {1}) : g[0];
      if (n.needs_input_grad(0)) r[0] = reshape(index_fill(g1, d, ic, Scalar(0)), g[0].sizes());
      if (n.needs_input_grad(1)) r[1] = reshape(index_select(g1, d, ic), ssizes);
      return r;
    });
    set_history(out, node);
  }
  return out;
}

Tensor& index_copy_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& source) {
  check_inplace(self, "index_copy_");
  Tensor out = index_copy(self, dim, index, source);
  return assign_inplace(self, out, "index_copy_");
}

Tensor index_fill(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value) {
  check_vector_index(index, "index_fill_");
  check_scalar_fits(value, self.dtype());  // torch's index_fill kernel: int8 300 and float16 1e6 raise
  int64_t nd = std::max<int64_t>(1, self.dim());
  int64_t d = maybe_wrap_dim(dim, nd, "index_fill");
  Tensor s1 = self.dim() == 0 ? reshape(self.detach(), {1}) : self.detach();
  Tensor i1 = contiguous(reshape(index.detach(), {-1}));
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = index_put(s1, at_dim(d, i1), scalar_tensor(value, self.dtype()), false);
    if (self.dim() == 0) out = reshape(out, {});
  }
  if (any_requires_grad({&self})) {
    Tensor ic = clone(i1);
    auto node = make_node("IndexFillBackward0", {self}, [d, ic](BackwardNode&, const TensorList& g) {
      return TensorList{index_fill(g[0], d, ic, Scalar(0))};
    });
    set_history(out, node);
  }
  return out;
}

Tensor& index_fill_(Tensor& self, int64_t dim, const Tensor& index, const Scalar& value) {
  check_inplace(self, "index_fill_");
  Tensor out = index_fill(self, dim, index, value);
  return assign_inplace(self, out, "index_fill_");
}

namespace {
// index as a checked, wrapped int64 index into n elements (take / put's messages).
Tensor flat_index(const Tensor& index, int64_t n, const char* op) {
  PYT_CHECK(index.dtype() == ScalarType::Int64, RuntimeError, op, "(): Expected a long tensor for index, but got ",
            torch_dispatch_name(index.dtype()));
  Tensor ic = clone(contiguous(reshape(index.detach(), {-1})));
  int64_t* p = ic.data_ptr<int64_t>();
  for (int64_t j = 0; j < ic.numel(); ++j) {
    PYT_CHECK(p[j] >= -n && p[j] < n, IndexError, "out of range: tried to access index ", p[j], " on a tensor of ",
              n, " elements.");
    if (p[j] < 0) p[j] += n;
  }
  return ic;
}
}  // namespace

Tensor take(const Tensor& self, const Tensor& index) {
  Tensor ic = flat_index(index, self.numel(), "take");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = reshape(pyt::index(reshape(self.detach(), {-1}), {ic}), index.sizes());
  }
  if (any_requires_grad({&self})) {
    std::vector<int64_t> sizes = self.sizes();
    auto node = make_node("TakeBackward0", {self}, [ic, sizes](BackwardNode&, const TensorList& g) {
      return TensorList{put(zeros(sizes, g[0].dtype()), ic, g[0], true)};
    });
    set_history(out, node);
  }
  return out;
}

Tensor put(const Tensor& self, const Tensor& index, const Tensor& source, bool accumulate) {
  PYT_CHECK(index.numel() == source.numel(), IndexError, "put_(): Expected source and index to have the same "
            "number of elements, but got source ", source.describe(), " and index ", index.describe());
  PYT_CHECK(source.dtype() == self.dtype(), RuntimeError, "put_(): self and source expected to have the same dtype, "
            "but got self ", scalar_type_name(self.dtype()), " and source ", scalar_type_name(source.dtype()));
  Tensor ic = flat_index(index, self.numel(), "put_");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    Tensor flat = index_put(reshape(self.detach(), {-1}), {ic}, reshape(source.detach(), {-1}), accumulate);
    out = reshape(flat, self.sizes());
  }
  if (any_requires_grad({&self, &source})) {
    std::vector<int64_t> ssizes = source.sizes();
    auto node = make_node("PutBackward0", {self, source},
                          [ic, ssizes, accumulate](BackwardNode& n, const TensorList& g) {
      TensorList r(2);
      if (n.needs_input_grad(0)) r[0] = accumulate ? g[0] : put(g[0], ic, zeros(ssizes, g[0].dtype()), false);
      if (n.needs_input_grad(1)) r[1] = reshape(take(g[0], ic), ssizes);
      return r;
    });
    set_history(out, node);
  }
  return out;
}

Tensor& put_(Tensor& self, const Tensor& index, const Tensor& source, bool accumulate) {
  check_inplace(self, "put_");
  Tensor out = put(self, index, source, accumulate);
  return assign_inplace(self, out, "put_");
}

}  // namespace pyt
