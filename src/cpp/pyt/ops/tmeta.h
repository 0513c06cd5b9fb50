#pragma once
// Tensor-metadata ops (torch names and semantics). Part of ops.h.
//
// In-place view ops (squeeze_, unsqueeze_, transpose_, t_) change a tensor's own sizes and
// strides and keep its storage; they bump the version counter. Under grad mode they raise
// torch's RuntimeError on a leaf that requires grad (or a view of one); on a tensor with
// history its grad_fn becomes the op's node (SqueezeBackward3/4/5, UnsqueezeBackward1,
// TransposeBackward1, TBackward1), chained after the old grad_fn.
// as_strided (declared in ops.h) and unfold are views; view_dtype reinterprets the bytes.
#include <optional>
#include <string>
#include <vector>

#include "pyt/export.h"
#include "pyt/tensor.h"

namespace pyt {

// ------------------------------------------------------------ in-place view ops ---
/// squeeze in place (torch.Tensor.squeeze_): dims = nullopt drops every size-1 dim, otherwise
/// the listed ones that have size 1; node_name is SqueezeBackward3 (no dim), SqueezeBackward4
/// (one int dim) or SqueezeBackward5 (a tuple of dims).
PYT_API Tensor& squeeze_(Tensor& self, const std::optional<std::vector<int64_t>>& dims, bool dims_is_tuple = false);
/// unsqueeze in place (torch.Tensor.unsqueeze_); dim in [-dim()-1, dim()] (IndexError otherwise).
PYT_API Tensor& unsqueeze_(Tensor& self, int64_t dim);
/// transpose in place (torch.Tensor.transpose_ / swapdims_ / swapaxes_).
PYT_API Tensor& transpose_(Tensor& self, int64_t dim0, int64_t dim1);
/// t in place (torch.Tensor.t_); RuntimeError for more than 2 dims.
PYT_API Tensor& t_(Tensor& self);
/// as_strided in place (torch.Tensor.as_strided_), bounds-checked as as_strided.
PYT_API Tensor& as_strided_(Tensor& self, const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides,
                            std::optional<int64_t> storage_offset = std::nullopt);

// ---------------------------------------------------------------------- views ---
/// All slices of length size taken every step along dimension, as a new last dim
/// (torch.Tensor.unfold): dim d becomes (size(d) - size) / step + 1. A view; UnfoldBackward0.
/// RuntimeError for size > size(d), size < 0 or step <= 0; IndexError for a bad dimension.
PYT_API Tensor unfold(const Tensor& self, int64_t dimension, int64_t size, int64_t step);
/// The bytes of self reinterpreted as dtype (torch.Tensor.view(dtype)). With a different
/// element size, the last dim must have stride 1 and its size (and the storage offset and
/// the other strides, when growing) must scale by the size ratio (RuntimeError otherwise,
/// with torch's messages). Not differentiable (the result never requires grad).
PYT_API Tensor view_dtype(const Tensor& self, ScalarType dtype);

// ------------------------------------------------------- masked / index reductions ---
/// self with the elements where mask is true replaced, in row-major order, by the leading
/// elements of source (torch.masked_scatter); self and mask broadcast; mask must be bool,
/// source self's dtype with at least as many elements as mask has true values.
PYT_API Tensor masked_scatter(const Tensor& self, const Tensor& mask, const Tensor& source);
/// In place (torch.Tensor.masked_scatter_); mask must broadcast to self's shape.
PYT_API Tensor& masked_scatter_(Tensor& self, const Tensor& mask, const Tensor& source);
/// self with source's slices reduced into the slices index[i] along dim (torch.index_reduce):
/// reduce is "prod", "mean", "amax" or "amin"; include_self = false ignores self's values at
/// the indexed slots. Deterministic (index order). IndexReduceBackward0.
PYT_API Tensor index_reduce(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                            const std::string& reduce, bool include_self = true);
PYT_API Tensor& index_reduce_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                              const std::string& reduce, bool include_self = true);

}  // namespace pyt
