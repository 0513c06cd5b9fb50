// Views (share storage and version counter), concatenation, and indexing.
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/tensor_iterator.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace detail {
// A view of t's storage with the given geometry; it remembers t's root base.
Tensor make_view(const Tensor& t, std::vector<int64_t> sizes, std::vector<int64_t> strides, int64_t offset) {
  auto impl = make_intrusive<TensorImpl>(t.impl()->storage(), t.dtype(), std::move(sizes), std::move(strides), offset,
                                         t.impl()->version_counter());
  impl->set_view_base(t.impl()->is_view() && t.impl()->view_base() ? t.impl()->view_base() : t.impl_ptr());
  return Tensor(std::move(impl));
}
}  // namespace detail
using detail::make_view;

namespace {

// Records a view's backward: g -> fn(g).
template <typename F>
void record_view(Tensor& out, const Tensor& in, const char* name, F fn) {
  if (!any_requires_grad({&in})) return;
  auto node = make_node(name, {in}, [fn](BackwardNode&, const TensorList& g) { return TensorList{fn(g[0])}; });
  set_history(out, node);
}

// Resolves one -1 in shape against numel; RuntimeError when impossible.
std::vector<int64_t> infer_size(const IntArrayRef& shape, int64_t numel, const char* op) {
  std::vector<int64_t> res = shape;
  int64_t known = 1, infer = -1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      PYT_CHECK(infer < 0, RuntimeError, op, ": only one dimension can be inferred");
      infer = static_cast<int64_t>(i);
    } else {
      PYT_CHECK(shape[i] >= 0, RuntimeError, op, ": invalid shape dimension ", shape[i]);
      known *= shape[i];
    }
  }
  if (infer >= 0) {
    PYT_CHECK(known != 0 && numel % known == 0, RuntimeError, op, ": shape '", shape_to_string(shape),
              "' is invalid for input of size ", numel);
    res[infer] = numel / known;
  } else {
    PYT_CHECK(known == numel, RuntimeError, op, ": shape '", shape_to_string(shape), "' is invalid for input of size ",
              numel);
  }
  return res;
}

// Strides for viewing (sizes, strides) as new_sizes without copying, if possible
// (torch's computeStride).
std::optional<std::vector<int64_t>> compute_view_strides(const std::vector<int64_t>& old_sizes,
                                                         const std::vector<int64_t>& old_strides,
                                                         const std::vector<int64_t>& new_sizes) {
  std::vector<int64_t> new_strides(new_sizes.size());
  if (old_sizes.empty()) {
    std::fill(new_strides.begin(), new_strides.end(), 1);
    return new_strides;
  }
  int64_t numel = compute_numel(old_sizes);
  if (numel == 0) return contiguous_strides(new_sizes);
  int64_t view_d = static_cast<int64_t>(new_sizes.size()) - 1;
  int64_t chunk_base_stride = old_strides.back();
  int64_t tensor_numel = 1, view_numel = 1;
  for (int64_t td = static_cast<int64_t>(old_sizes.size()) - 1; td >= 0; td--) {
    tensor_numel *= old_sizes[td];
    if (td == 0 || (old_sizes[td - 1] != 1 && old_strides[td - 1] != tensor_numel * chunk_base_stride)) {
      while (view_d >= 0 && (view_numel < tensor_numel || new_sizes[view_d] == 1)) {
        new_strides[view_d] = view_numel * chunk_base_stride;
        view_numel *= new_sizes[view_d];
        view_d--;
      }
      if (view_numel != tensor_numel) return std::nullopt;
      if (td > 0) {
        chunk_base_stride = old_strides[td - 1];
        tensor_numel = 1;
        view_numel = 1;
      }
    }
  }
  if (view_d != -1) return std::nullopt;
  return new_strides;
}

}  // namespace

Tensor view(const Tensor& t, const IntArrayRef& shape) {
  std::vector<int64_t> sizes = infer_size(shape, t.numel(), "view");
  auto strides = compute_view_strides(t.sizes(), t.strides(), sizes);
  PYT_CHECK(strides.has_value(), RuntimeError, "view size is not compatible with input tensor's size and stride (at "
            "least one dimension spans across two contiguous subspaces) for input of shape ", t.shape_str(),
            " and strides ", shape_to_string(t.strides()), ". Use .reshape(...) instead.");
  Tensor out = make_view(t, sizes, *strides, t.storage_offset());
  std::vector<int64_t> in_sizes = t.sizes();
  record_view(out, t, "ViewBackward0", [in_sizes](const Tensor& g) { return reshape(g, in_sizes); });
  return out;
}

Tensor reshape(const Tensor& t, const IntArrayRef& shape) {
  std::vector<int64_t> sizes = infer_size(shape, t.numel(), "reshape");
  if (compute_view_strides(t.sizes(), t.strides(), sizes)) return view(t, sizes);
  return view(clone(t), sizes);
}

Tensor flatten(const Tensor& t, int64_t start_dim, int64_t end_dim) {
  if (t.dim() == 0) return reshape(t, {1});
  int64_t s = maybe_wrap_dim(start_dim, t.dim(), "flatten");
  int64_t e = maybe_wrap_dim(end_dim, t.dim(), "flatten");
  PYT_CHECK(s <= e, RuntimeError, "flatten() has invalid args: start_dim cannot come after end_dim");
  if (s == e) return t;
  std::vector<int64_t> sizes;
  for (int64_t d = 0; d < s; ++d) sizes.push_back(t.sizes()[d]);
  int64_t m = 1;
  for (int64_t d = s; d <= e; ++d) m *= t.sizes()[d];
  sizes.push_back(m);
  for (int64_t d = e + 1; d < t.dim(); ++d) sizes.push_back(t.sizes()[d]);
  return reshape(t, sizes);
}

Tensor squeeze(const Tensor& t, const DimList& dims) {
  std::vector<bool> drop(t.dim(), false);
  if (!dims) {
    for (int64_t d = 0; d < t.dim(); ++d) drop[d] = t.sizes()[d] == 1;
  } else {
    for (int64_t d : *dims) {
      int64_t w = maybe_wrap_dim(d, t.dim(), "squeeze");
      if (t.dim() > 0 && t.sizes()[w] == 1) drop[w] = true;
    }
  }
  std::vector<int64_t> sizes, strides;
  for (int64_t d = 0; d < t.dim(); ++d)
    if (!drop[d]) {
      sizes.push_back(t.sizes()[d]);
      strides.push_back(t.strides()[d]);
    }
  Tensor out = make_view(t, sizes, strides, t.storage_offset());
  std::vector<int64_t> in_sizes = t.sizes();
  const char* name = !dims ? "SqueezeBackward0" : dims->size() == 1 ? "SqueezeBackward1" : "SqueezeBackward2";
  record_view(out, t, name, [in_sizes](const Tensor& g) { return reshape(g, in_sizes); });
  return out;
}

Tensor unsqueeze(const Tensor& t, int64_t dim) {
  int64_t d = maybe_wrap_dim(dim, t.dim() + 1, "unsqueeze");
  std::vector<int64_t> sizes = t.sizes(), strides = t.strides();
  int64_t st = d < t.dim() ? sizes[d] * strides[d] : 1;
  sizes.insert(sizes.begin() + d, 1);
  strides.insert(strides.begin() + d, st);
  Tensor out = make_view(t, sizes, strides, t.storage_offset());
  std::vector<int64_t> in_sizes = t.sizes();
  record_view(out, t, "UnsqueezeBackward0", [in_sizes](const Tensor& g) { return reshape(g, in_sizes); });
  return out;
}

Tensor expand(const Tensor& t, const IntArrayRef& sizes) {
  int64_t nd = static_cast<int64_t>(sizes.size());
  PYT_CHECK(nd >= t.dim(), RuntimeError, "expand: the number of sizes provided (", nd,
            ") must be greater or equal to the number of dimensions in the tensor (", t.dim(), ")");
  std::vector<int64_t> out_sizes(nd), out_strides(nd);
  for (int64_t i = nd - 1; i >= 0; --i) {
    int64_t td = i - (nd - t.dim());
    int64_t want = sizes[i];
    if (td < 0) {
      PYT_CHECK(want >= 0, RuntimeError, "expand: the expanded size of the tensor (", want,
                ") isn't allowed in a leading, non-existing dimension ", i);
      out_sizes[i] = want;
      out_strides[i] = 0;
      continue;
    }
    int64_t have = t.sizes()[td];
    if (want == -1) want = have;
    PYT_CHECK(have == want || have == 1, RuntimeError, "expand: the expanded size of the tensor (", want,
              ") must match the existing size (", have, ") at non-singleton dimension ", i, ".  Target sizes: ",
              shape_to_string(sizes), ".  Tensor sizes: ", t.shape_str());
    out_sizes[i] = want;
    out_strides[i] = have == want ? t.strides()[td] : 0;
  }
  Tensor out = make_view(t, out_sizes, out_strides, t.storage_offset());
  std::vector<int64_t> in_sizes = t.sizes();
  record_view(out, t, "ExpandBackward0", [in_sizes](const Tensor& g) { return sum_to_size(g, in_sizes); });
  return out;
}

Tensor permute(const Tensor& t, const IntArrayRef& dims) {
  int64_t nd = t.dim();
  PYT_CHECK(static_cast<int64_t>(dims.size()) == nd, RuntimeError, "permute(sparse_coo): number of dimensions in the "
            "tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ", nd,
            " is not equal to len(dims) = ", dims.size());
  std::vector<int64_t> sizes(nd), strides(nd), inv(nd);
  std::vector<bool> seen(nd, false);
  for (int64_t i = 0; i < nd; ++i) {
    int64_t d = maybe_wrap_dim(dims[i], nd, "permute");
    PYT_CHECK(!seen[d], RuntimeError, "permute(): duplicate dims are not allowed.");
    seen[d] = true;
    sizes[i] = t.sizes()[d];
    strides[i] = t.strides()[d];
    inv[d] = i;
  }
  Tensor out = make_view(t, sizes, strides, t.storage_offset());
  record_view(out, t, "PermuteBackward0", [inv](const Tensor& g) { return permute(g, inv); });
  return out;
}

Tensor transpose(const Tensor& t, int64_t d0, int64_t d1) {
  int64_t nd = t.dim();
  if (nd == 0) {
    maybe_wrap_dim(d0, nd, "transpose");
    maybe_wrap_dim(d1, nd, "transpose");
    Tensor out = make_view(t, {}, {}, t.storage_offset());
    record_view(out, t, "TransposeBackward0", [](const Tensor& g) { return g; });
    return out;
  }
  int64_t a = maybe_wrap_dim(d0, nd, "transpose"), b = maybe_wrap_dim(d1, nd, "transpose");
  std::vector<int64_t> sizes = t.sizes(), strides = t.strides();
  std::swap(sizes[a], sizes[b]);
  std::swap(strides[a], strides[b]);
  Tensor out = make_view(t, sizes, strides, t.storage_offset());
  record_view(out, t, "TransposeBackward0", [a, b](const Tensor& g) { return transpose(g, a, b); });
  return out;
}

Tensor t(const Tensor& x) {
  PYT_CHECK(x.dim() <= 2, RuntimeError, "t() expects a tensor with <= 2 dimensions, but self is ", x.dim(), "D");
  std::vector<int64_t> sizes = x.sizes(), strides = x.strides();
  if (x.dim() == 2) {
    std::swap(sizes[0], sizes[1]);
    std::swap(strides[0], strides[1]);
  }
  Tensor out = make_view(x, sizes, strides, x.storage_offset());
  record_view(out, x, "TBackward0", [](const Tensor& g) { return t(g); });  // torch's node name for t()
  return out;
}

Tensor select(const Tensor& t, int64_t dim, int64_t index) {
  PYT_CHECK(t.dim() > 0, IndexError, "select() cannot be applied to a 0-dim tensor.");
  int64_t d = maybe_wrap_dim(dim, t.dim(), "select");
  int64_t size = t.sizes()[d];
  PYT_CHECK(index >= -size && index < size, IndexError, "index ", index, " is out of bounds for dimension ", d,
            " with size ", size);
  if (index < 0) index += size;
  std::vector<int64_t> sizes = t.sizes(), strides = t.strides();
  int64_t offset = t.storage_offset() + index * strides[d];
  sizes.erase(sizes.begin() + d);
  strides.erase(strides.begin() + d);
  Tensor out = make_view(t, sizes, strides, offset);
  std::vector<int64_t> in_sizes = t.sizes();
  record_view(out, t, "SelectBackward0", [in_sizes, d, index](const Tensor& g) {
    Tensor idx = scalar_tensor(Scalar(index), ScalarType::Int64);
    return index_add(zeros(in_sizes, g.dtype()), d, reshape(idx, {1}), unsqueeze(g, d));
  });
  return out;
}

Tensor slice(const Tensor& t, int64_t dim, std::optional<int64_t> start_o, std::optional<int64_t> end_o, int64_t step) {
  PYT_CHECK(t.dim() > 0, IndexError, "slice() cannot be applied to a 0-dim tensor.");
  PYT_CHECK(step > 0, ValueError, "step must be greater than zero");
  int64_t d = maybe_wrap_dim(dim, t.dim(), "slice");
  int64_t size = t.sizes()[d];
  int64_t start = start_o.value_or(0), end = end_o.value_or(size);
  if (start < 0) start += size;
  if (end < 0) end += size;
  start = std::clamp<int64_t>(start, 0, size);
  end = std::clamp<int64_t>(end, start, size);
  int64_t len = (end - start + step - 1) / step;
  std::vector<int64_t> sizes = t.sizes(), strides = t.strides();
  int64_t offset = t.storage_offset() + start * strides[d];
  sizes[d] = len;
  strides[d] *= step;
  Tensor out = make_view(t, sizes, strides, offset);
  std::vector<int64_t> in_sizes = t.sizes();
  record_view(out, t, "SliceBackward0", [in_sizes, d, start, end, step](const Tensor& g) {
    Tensor idx = arange(Scalar(start), Scalar(end), Scalar(step), ScalarType::Int64);
    return index_add(zeros(in_sizes, g.dtype()), d, idx, g);
  });
  return out;
}

// as_strided (with AsStridedBackward0) lives in tmeta.cpp.

// ---------------------------------------------------------------- cat / stack ---

Tensor cat(const TensorList& tensors, int64_t dim) {
  PYT_CHECK(!tensors.empty(), RuntimeError, "torch.cat(): expected a non-empty list of Tensors");
  // 1-d empty tensors are skipped (legacy torch behaviour).
  const Tensor* ref = nullptr;
  for (auto& x : tensors)
    if (!(x.dim() == 1 && x.numel() == 0)) {
      ref = &x;
      break;
    }
  if (!ref) ref = &tensors[0];
  PYT_CHECK(ref->dim() > 0, RuntimeError, "zero-dimensional tensor (at position 0) cannot be concatenated");
  int64_t d = maybe_wrap_dim(dim, ref->dim(), "cat");
  ScalarType dt = result_type(tensors);
  std::vector<int64_t> out_sizes = ref->sizes();
  out_sizes[d] = 0;
  std::vector<int64_t> lens;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& x = tensors[i];
    if (x.dim() == 1 && x.numel() == 0 && ref->dim() != 1) {
      lens.push_back(0);
      continue;
    }
    PYT_CHECK(x.dim() == ref->dim(), RuntimeError, "torch.cat(): Tensors must have same number of dimensions: got ",
              ref->dim(), " and ", x.dim(), " (tensor at position ", i, ")");
    for (int64_t k = 0; k < x.dim(); ++k)
      PYT_CHECK(k == d || x.sizes()[k] == ref->sizes()[k], RuntimeError, "torch.cat(): Sizes of tensors must match "
                "except in dimension ", d, ". Expected size ", ref->sizes()[k], " but got size ", x.sizes()[k],
                " for tensor number ", i, " in the list.");
    out_sizes[d] += x.sizes()[d];
    lens.push_back(x.sizes()[d]);
  }
  Tensor out = empty(out_sizes, dt);
  {
    autograd::NoGradGuard ng;
    int64_t pos = 0;
    for (size_t i = 0; i < tensors.size(); ++i) {
      if (lens[i] == 0) continue;
      Tensor dst = slice(out, d, pos, pos + lens[i], 1);
      detail::copy_data(dst, tensors[i]);
      pos += lens[i];
    }
  }
  if (any_requires_grad(tensors) && is_floating_type(dt)) {
    std::vector<ScalarType> dts;
    std::vector<std::vector<int64_t>> szs;
    for (auto& x : tensors) {
      dts.push_back(x.dtype());
      szs.push_back(x.sizes());
    }
    auto node = make_node("CatBackward0", tensors, [lens, dts, szs, d](BackwardNode& n, const TensorList& g) {
      TensorList r(lens.size());
      int64_t pos = 0;
      for (size_t i = 0; i < lens.size(); ++i) {
        if (n.needs_input_grad(i)) {
          Tensor gi = lens[i] == 0 ? zeros(szs[i], dts[i]) : slice(g[0], d, pos, pos + lens[i], 1);
          r[i] = gi.dtype() == dts[i] ? gi : to_dtype(gi, dts[i]);
        }
        pos += lens[i];
      }
      return r;
    });
    set_history(out, node);
  }
  return out;
}

Tensor stack(const TensorList& tensors, int64_t dim) {
  PYT_CHECK(!tensors.empty(), RuntimeError, "stack expects a non-empty TensorList");
  int64_t d = maybe_wrap_dim(dim, tensors[0].dim() + 1, "stack");
  TensorList parts;
  for (size_t i = 0; i < tensors.size(); ++i) {
    PYT_CHECK(tensors[i].sizes() == tensors[0].sizes(), RuntimeError, "stack expects each tensor to be equal size, "
              "but got ", tensors[0].shape_str(), " at entry 0 and ", tensors[i].shape_str(), " at entry ", i);
    parts.push_back(unsqueeze(tensors[i], d));
  }
  return cat(parts, d);
}

// ---------------------------------------------------------------- indexing ---

namespace {

// Validated int64 copy of an index tensor; negative values wrap when allow_negative.
// (index must be int32 or int64: callers check with their op's torch message first).
Tensor checked_index(const Tensor& index, int64_t size, const char* op, bool allow_negative, int64_t dim) {
  PYT_CHECK(index.dtype() == ScalarType::Int64 || index.dtype() == ScalarType::Int32, RuntimeError, op,
            "(): Expected dtype int32/int64 for index, got ", scalar_type_name(index.dtype()));
  Tensor idx = clone(to_dtype(index.detach(), ScalarType::Int64));
  int64_t* p = idx.data_ptr<int64_t>();
  for (int64_t i = 0; i < idx.numel(); ++i) {
    int64_t v = p[i];
    if (allow_negative && v < 0 && v >= -size) v += size;
    PYT_CHECK(v >= 0 && v < size, IndexError, op, ": index ", p[i], " is out of bounds for dimension ", dim,
              " with size ", size);
    p[i] = v;
  }
  return idx;
}

// Splits shape into (outer, size at dim, inner).
void split_dims(const std::vector<int64_t>& s, int64_t d, int64_t& outer, int64_t& inner) {
  outer = 1;
  inner = 1;
  for (int64_t k = 0; k < d; ++k) outer *= s[k];
  for (size_t k = d + 1; k < s.size(); ++k) inner *= s[k];
}

}  // namespace

Tensor index_select(const Tensor& t, int64_t dim, const Tensor& index) {
  PYT_CHECK(index.dim() <= 1, IndexError, "index_select(): Index is supposed to be a vector, got ", index.dim(), "-d");
  PYT_CHECK(index.dtype() == ScalarType::Int64 || index.dtype() == ScalarType::Int32, RuntimeError,
            "index_select(): Expected dtype int32 or int64 for index, got ", torch_dispatch_name(index.dtype()));
  int64_t nd = t.dim();
  int64_t d = maybe_wrap_dim(dim, nd, "index_select");
  int64_t size = nd == 0 ? 1 : t.sizes()[d];
  Tensor idx = checked_index(index, size, "index_select", false, d);
  std::vector<int64_t> out_sizes = t.sizes();
  if (nd > 0) out_sizes[d] = idx.numel();
  Tensor src = contiguous(t.detach());
  Tensor out = empty(out_sizes, t.dtype());
  int64_t outer, inner;
  split_dims(nd == 0 ? std::vector<int64_t>{1} : t.sizes(), nd == 0 ? 0 : d, outer, inner);
  int64_t n = idx.numel();
  const int64_t* pi = idx.data_ptr<int64_t>();
  size_t es = t.element_size();
  const char* ps = static_cast<const char*>(src.data_ptr());
  char* po = static_cast<char*>(out.data_ptr());
  parallel_for(0, outer, std::max<int64_t>(1, 32768 / std::max<int64_t>(1, n * inner)), [&](int64_t b, int64_t e) {
    for (int64_t o = b; o < e; ++o)
      for (int64_t j = 0; j < n; ++j)
        std::memcpy(po + ((o * n + j) * inner) * es, ps + ((o * size + pi[j]) * inner) * es, inner * es);
  });
  if (any_requires_grad({&t})) {
    std::vector<int64_t> in_sizes = t.sizes();
    auto node = make_node("IndexSelectBackward0", {t}, [in_sizes, d](BackwardNode& n, const TensorList& g) {
      return TensorList{index_add(zeros(in_sizes, g[0].dtype()), d, n.saved(0), g[0])};
    });
    node->save(idx);
    set_history(out, node);
  }
  return out;
}

Tensor index_dim(const Tensor& t, int64_t dim, const Tensor& index) {
  int64_t d = maybe_wrap_dim(dim, t.dim(), "index");
  PYT_CHECK(t.dim() > 0, IndexError, "too many indices for tensor of dimension 0");
  Tensor idx = checked_index(index, t.sizes()[d], "index", true, d);
  Tensor flat = reshape(idx, {idx.numel()});
  Tensor r = index_select(t, d, flat);
  std::vector<int64_t> sizes(t.sizes().begin(), t.sizes().begin() + d);
  for (auto s : index.sizes()) sizes.push_back(s);
  for (int64_t k = d + 1; k < t.dim(); ++k) sizes.push_back(t.sizes()[k]);
  return reshape(r, sizes);
}

Tensor index_add(const Tensor& t, int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha) {
  // float16 / bfloat16: accumulated in float32, rounded once
  if (ScalarType rd = reduced_float_of({t, source}); rd != ScalarType::Undefined)
    return run_in_float32({t, index, source}, rd, [&](const TensorList& a) {
      return TensorList{index_add(a[0], dim, a[1], a[2], alpha)};
    })[0];
  int64_t nd = t.dim();
  int64_t d = maybe_wrap_dim(dim, nd, "index_add");
  PYT_CHECK(index.dim() <= 1, IndexError, "index_add_(): Index is supposed to be a vector");
  PYT_CHECK(index.dtype() == ScalarType::Int64 || index.dtype() == ScalarType::Int32, RuntimeError,
            "index_add_(): Expected dtype int32/int64 for index but got: ", torch_dispatch_name(index.dtype()));
  int64_t size = nd == 0 ? 1 : t.sizes()[d];
  Tensor idx = checked_index(index, size, "index_add_", false, d);
  std::vector<int64_t> expect = t.sizes();
  if (nd > 0) expect[d] = idx.numel();
  PYT_CHECK(source.sizes() == expect || (nd == 0 && source.dim() == 0), RuntimeError,
            "source tensor shape must match self tensor shape, excluding the specified dimension. Got self.shape = ",
            t.shape_str(), " source.shape = ", source.shape_str(), " (index_add_ with ", idx.numel(),
            " indices along dim ", d, ")");
  PYT_CHECK(source.dtype() == t.dtype(), RuntimeError, "index_add_(): self (", scalar_type_name(t.dtype()),
            ") and source (", scalar_type_name(source.dtype()), ") must have the same scalar type");
  Tensor out = clone(t.detach());
  Tensor src = contiguous(source.detach());
  int64_t outer, inner;
  split_dims(nd == 0 ? std::vector<int64_t>{1} : t.sizes(), nd == 0 ? 0 : d, outer, inner);
  int64_t n = idx.numel();
  const int64_t* pi = idx.data_ptr<int64_t>();
  PYT_DISPATCH_ALL(t.dtype(), "index_add", [&] {
    scalar_t al = alpha.to<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    const scalar_t* ps = src.data_ptr<scalar_t>();
    // Deterministic: each output row is written by one thread, indices in order.
    parallel_for(0, outer, 1, [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o)
        for (int64_t j = 0; j < n; ++j) {
          scalar_t* dst = po + (o * size + pi[j]) * inner;
          const scalar_t* s = ps + (o * n + j) * inner;
          if constexpr (std::is_same_v<scalar_t, bool>) {
            for (int64_t k = 0; k < inner; ++k) dst[k] = dst[k] || (al && s[k]);
          } else if constexpr (std::is_arithmetic_v<scalar_t>) {
            for (int64_t k = 0; k < inner; ++k) dst[k] = static_cast<scalar_t>(dst[k] + al * s[k]);
          } else {  // float16 / bfloat16: computed in float32, rounded once
            const float af = static_cast<float>(alpha.to_double());
            for (int64_t k = 0; k < inner; ++k)
              dst[k] = scalar_t(static_cast<float>(dst[k]) + af * static_cast<float>(s[k]));
          }
        }
    });
  });
  if (any_requires_grad({&t, &source})) {
    auto node = make_node("IndexAddBackward0", {t, source}, [d, alpha, nd](BackwardNode& n, const TensorList& g) {
      TensorList r(2);
      if (n.needs_input_grad(0)) r[0] = g[0];
      if (n.needs_input_grad(1)) {
        Tensor gs = nd == 0 ? g[0] : index_select(g[0], d, n.saved(0));
        if (alpha.to_double() != 1.0) gs = mul(gs, wrapped_scalar(alpha));
        r[1] = gs;
      }
      return r;
    });
    node->save(idx);
    set_history(out, node);
  }
  return out;
}

namespace {
// dtype_op: the name torch's dtype message uses ("gather" or, for every scatter, "scatter").
void check_gather_shapes(const Tensor& t, int64_t d, const Tensor& index, const char* op, const char* dtype_op) {
  PYT_CHECK(index.dtype() == ScalarType::Int64 || index.dtype() == ScalarType::Int32, RuntimeError, dtype_op,
            "(): Expected dtype int32/int64 for index, got ", scalar_type_name(index.dtype()),
            std::string(op) == dtype_op ? std::string() : str(" (in ", op, ")"));
  PYT_CHECK(index.dim() == t.dim(), RuntimeError, op, "(): Index tensor must have the same number of dimensions as "
            "input tensor (", index.dim(), " vs ", t.dim(), ")");
  for (int64_t k = 0; k < t.dim(); ++k)
    PYT_CHECK(k == d || index.sizes()[k] <= t.sizes()[k], RuntimeError, op, "(): Size does not match at dimension ",
              k, " expected index ", index.shape_str(), " to be smaller than self ", t.shape_str(),
              " apart from dimension ", d);
}

// Calls f(p) with index's data as const int32_t* or const int64_t* (gather and scatter read
// an int32 index in place, without an int64 copy).
template <typename F>
void with_index_data(const Tensor& index, F f) {
  if (index.dtype() == ScalarType::Int32)
    f(index.data_ptr<int32_t>());
  else
    f(index.data_ptr<int64_t>());
}

// Calls f(out_offset, in_offset_base) for every index element; offsets in elements of
// contiguous tensors, with the indexed dim's offset left to f via its stride.
template <typename F>
void for_each_index(const std::vector<int64_t>& idx_sizes, const std::vector<int64_t>& idx_strides,
                    const std::vector<int64_t>& other_strides, int64_t d, F f) {
  int64_t nd = static_cast<int64_t>(idx_sizes.size());
  int64_t n = compute_numel(idx_sizes);
  std::vector<int64_t> coord(nd, 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t io = 0, oo = 0;
    for (int64_t k = 0; k < nd; ++k) {
      io += coord[k] * idx_strides[k];
      if (k != d) oo += coord[k] * other_strides[k];
    }
    f(io, oo);
    for (int64_t k = nd - 1; k >= 0; --k) {
      if (++coord[k] < idx_sizes[k]) break;
      coord[k] = 0;
    }
  }
}
}  // namespace

Tensor gather(const Tensor& t, int64_t dim, const Tensor& index) {
  int64_t d = maybe_wrap_dim(dim, t.dim(), "gather");
  check_gather_shapes(t, d, index, "gather", "gather");
  Tensor src = contiguous(t.detach());
  Tensor idx = contiguous(index.detach());
  Tensor out = empty(index.sizes(), t.dtype());
  if (t.dim() == 0) {
    int64_t v = idx.item().to_int();
    PYT_CHECK(v == 0 || v == -1, IndexError, "gather(): index ", v, " is out of bounds for dimension 0 with size 1");
    autograd::NoGradGuard ng;
    detail::copy_data(out, src);
  } else {
    int64_t size = t.sizes()[d];
    std::vector<int64_t> ss = src.strides();
    std::vector<int64_t> is = contiguous_strides(index.sizes());
    with_index_data(idx, [&](const auto* pi) {
      PYT_DISPATCH_ALL(t.dtype(), "gather", [&] {
        const scalar_t* ps = src.data_ptr<scalar_t>();
        scalar_t* po = out.data_ptr<scalar_t>();
        for_each_index(index.sizes(), is, ss, d, [&](int64_t io, int64_t so) {
          int64_t v = pi[io];
          PYT_CHECK(v >= 0 && v < size, RuntimeError, "gather(): index ", v, " is out of bounds for dimension ", d,
                    " with size ", size);
          po[io] = ps[so + v * ss[d]];
        });
      });
    });
  }
  if (any_requires_grad({&t})) {
    std::vector<int64_t> in_sizes = t.sizes();
    auto node = make_node("GatherBackward0", {t}, [in_sizes, d](BackwardNode& n, const TensorList& g) {
      return TensorList{scatter_add(zeros(in_sizes, g[0].dtype()), d, n.saved(0), g[0])};
    });
    node->save(index);
    set_history(out, node);
  }
  return out;
}

namespace {

// Gradient for src of a scatter: grad gathered at index, zero-padded when src is larger.
Tensor scatter_src_grad(const Tensor& g, int64_t d, const Tensor& index, const std::vector<int64_t>& src_sizes) {
  Tensor gs = gather(g, d, index);
  if (gs.sizes() == src_sizes) return gs;
  Tensor z = zeros(src_sizes, gs.dtype());
  Tensor view_z = z;
  for (size_t k = 0; k < src_sizes.size(); ++k) view_z = slice(view_z, k, 0, gs.sizes()[k], 1);
  autograd::NoGradGuard ng;
  detail::copy_data(view_z, gs);
  return z;
}

// out = t with src written (accumulate: added) at index along d, serially in index order,
// so duplicates resolve deterministically (last write wins / sums in order).
Tensor scatter_impl(const Tensor& t, int64_t d, const Tensor& index, const Tensor& src_in, bool accumulate,
                    const char* op) {
  check_gather_shapes(t, d, index, op, "scatter");
  PYT_CHECK(src_in.dtype() == t.dtype(), RuntimeError, op, "(): Expected self.dtype to be equal to src.dtype");
  PYT_CHECK(src_in.dim() == index.dim(), RuntimeError, op, "(): Index tensor must have the same number of "
            "dimensions as src tensor");
  for (int64_t k = 0; k < index.dim(); ++k)
    PYT_CHECK(index.sizes()[k] <= src_in.sizes()[k], RuntimeError, op, "(): Expected index ", index.shape_str(),
              " to be smaller than src ", src_in.shape_str());
  Tensor out = clone(t.detach());
  Tensor src = contiguous(src_in.detach());
  Tensor idx = contiguous(index.detach());
  if (t.dim() == 0) {
    int64_t v = idx.item().to_int();
    PYT_CHECK(v == 0 || v == -1, IndexError, op, "(): index ", v, " is out of bounds for dimension 0 with size 1");
    autograd::NoGradGuard ng;
    if (accumulate)
      add_(out, src);
    else
      detail::copy_data(out, src);
    return out;
  }
  int64_t size = t.sizes()[d];
  std::vector<int64_t> os = out.strides();
  std::vector<int64_t> is = contiguous_strides(index.sizes());
  std::vector<int64_t> ss = src.strides();
  with_index_data(idx, [&](const auto* pi) {
  PYT_DISPATCH_ALL(t.dtype(), op, [&] {
    const scalar_t* ps = src.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    int64_t nd = index.dim();
    int64_t n = index.numel();
    std::vector<int64_t> coord(nd, 0);
    for (int64_t i = 0; i < n; ++i) {
      int64_t io = 0, oo = 0, so = 0;
      for (int64_t k = 0; k < nd; ++k) {
        io += coord[k] * is[k];
        so += coord[k] * ss[k];
        if (k != d) oo += coord[k] * os[k];
      }
      int64_t v = pi[io];
      PYT_CHECK(v >= 0 && v < size, RuntimeError, op, "(): index ", v, " is out of bounds for dimension ", d,
                " with size ", size);
      scalar_t& dst = po[oo + v * os[d]];
      if (accumulate) {
        if constexpr (std::is_same_v<scalar_t, bool>)
          dst = dst || ps[so];
        else if constexpr (std::is_same_v<scalar_t, Half> || std::is_same_v<scalar_t, BFloat16>)
          dst = scalar_t(static_cast<float>(dst) + static_cast<float>(ps[so]));
        else
          dst = static_cast<scalar_t>(dst + ps[so]);
      } else {
        dst = ps[so];
      }
      for (int64_t k = nd - 1; k >= 0; --k) {
        if (++coord[k] < index.sizes()[k]) break;
        coord[k] = 0;
      }
    }
  });
  });
  return out;
}

}  // namespace

Tensor scatter_add(const Tensor& t, int64_t dim, const Tensor& index, const Tensor& src_in) {
  int64_t d = maybe_wrap_dim(dim, t.dim(), "scatter_add");
  Tensor out = scatter_impl(t, d, index, src_in, true, "scatter_add");
  if (any_requires_grad({&t, &src_in})) {
    std::vector<int64_t> src_sizes = src_in.sizes();
    auto node = make_node("ScatterAddBackward0", {t, src_in}, [d, src_sizes](BackwardNode& n, const TensorList& g) {
      TensorList r(2);
      if (n.needs_input_grad(0)) r[0] = g[0];
      if (n.needs_input_grad(1)) r[1] = scatter_src_grad(g[0], d, n.saved(0), src_sizes);
      return r;
    });
    node->save(index);
    set_history(out, node);
  }
  return out;
}

Tensor scatter(const Tensor& t, int64_t dim, const Tensor& index, const Tensor& src_in) {
  int64_t d = maybe_wrap_dim(dim, t.dim(), "scatter");
  Tensor out = scatter_impl(t, d, index, src_in, false, "scatter");
  if (any_requires_grad({&t, &src_in})) {
    std::vector<int64_t> src_sizes = src_in.sizes();
    auto node = make_node("ScatterBackward0", {t, src_in}, [d, src_sizes](BackwardNode& n, const TensorList& g) {
      TensorList r(2);
      Tensor idx = n.saved(0);
      // Overwritten positions get no gradient in self; src gets the gradient where it landed.
      if (n.needs_input_grad(0)) r[0] = scatter(g[0], d, idx, zeros(idx.sizes(), g[0].dtype()));
      if (n.needs_input_grad(1)) r[1] = scatter_src_grad(g[0], d, idx, src_sizes);
      return r;
    });
    node->save(index);
    set_history(out, node);
  }
  return out;
}

Tensor take_along_dim(const Tensor& t, const Tensor& indices, std::optional<int64_t> dim) {
  // Without dim torch gathers from the flattened input (int32 indices allowed, gather's
  // message); with dim it asks for int64.
  if (!dim) return gather(reshape(t, {-1}), 0, reshape(indices, {-1}));
  PYT_CHECK(indices.dtype() == ScalarType::Int64, RuntimeError,
            "torch.take_along_dim(): dtype of indices should be Long but got ", torch_dispatch_name(indices.dtype()));
  PYT_CHECK(t.dim() == indices.dim(), RuntimeError, "torch.take_along_dim(): input and indices should have the same "
            "number of dimensions, but got ", t.dim(), " dimensions for input, and ", indices.dim(),
            " dimensions for indices");
  int64_t d = maybe_wrap_dim(*dim, t.dim(), "take_along_dim");
  // Broadcast every dim but d, then gather.
  std::vector<int64_t> ts = t.sizes(), is = indices.sizes();
  ts[d] = 1;
  is[d] = 1;
  std::vector<int64_t> b = broadcast_shapes(ts, is, "take_along_dim");
  std::vector<int64_t> tb = b, ib = b;
  tb[d] = t.sizes()[d];
  ib[d] = indices.sizes()[d];
  return gather(expand(t, tb), d, expand(indices, ib));
}

Tensor nonzero(const Tensor& t) {
  Tensor c = contiguous(to_dtype(t.detach(), ScalarType::Bool));
  const bool* p = c.data_ptr<bool>();
  int64_t n = c.numel(), nd = t.dim();
  std::vector<int64_t> hits;
  for (int64_t i = 0; i < n; ++i)
    if (p[i]) hits.push_back(i);
  int64_t cols = nd;
  Tensor out = empty({static_cast<int64_t>(hits.size()), cols}, ScalarType::Int64);
  int64_t* po = out.data_ptr<int64_t>();
  for (size_t h = 0; h < hits.size(); ++h) {
    int64_t rem = hits[h];
    for (int64_t d = nd - 1; d >= 0; --d) {
      po[h * cols + d] = rem % t.sizes()[d];
      rem /= t.sizes()[d];
    }
  }
  return out;
}

Tensor masked_select(const Tensor& t, const Tensor& mask) {
  PYT_CHECK(mask.dtype() == ScalarType::Bool, RuntimeError, "masked_select: expected BoolTensor for mask, got ",
            mask.describe());
  std::vector<int64_t> shape = broadcast_shapes(t.sizes(), mask.sizes(), "masked_select");
  Tensor te = expand(t, shape), me = contiguous(expand(mask.detach(), shape));
  Tensor flat = reshape(te, {-1});
  const bool* pm = me.data_ptr<bool>();
  std::vector<int64_t> idx;
  for (int64_t i = 0; i < me.numel(); ++i)
    if (pm[i]) idx.push_back(i);
  Tensor it = empty({static_cast<int64_t>(idx.size())}, ScalarType::Int64);
  if (!idx.empty()) std::memcpy(it.data_ptr(), idx.data(), idx.size() * sizeof(int64_t));
  return index_select(flat, 0, it);
}

Tensor masked_fill(const Tensor& t, const Tensor& mask, const Scalar& value) {
  PYT_CHECK(mask.dtype() == ScalarType::Bool, RuntimeError, "masked_fill: expected BoolTensor for mask, got ",
            mask.describe());
  check_scalar_fits(value, t.dtype());  // torch refuses a value that overflows t's dtype (float16 too)
  // The mask broadcasts to t (checked here so that the message names masked_fill, not where).
  for (int64_t k = 1; k <= mask.dim(); ++k) {
    int64_t m = mask.sizes()[mask.dim() - k], n = k <= t.dim() ? t.sizes()[t.dim() - k] : 1;
    PYT_CHECK(m == n || m == 1 || (k > t.dim() && n == 1), RuntimeError, "masked_fill: The size of tensor a (", n,
              ") must match the size of tensor b (", m, ") at non-singleton dimension ", t.dim() - k,
              " (self of shape ", t.shape_str(), ", mask of shape ", mask.shape_str(), ")");
  }
  Tensor v = scalar_tensor(value, t.dtype());
  Tensor r = where(mask, v, t);
  PYT_CHECK(r.sizes() == t.sizes(), RuntimeError, "masked_fill: mask of shape ", mask.shape_str(),
            " is not broadcastable to ", t.shape_str());
  return r;
}

}  // namespace pyt
