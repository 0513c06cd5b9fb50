#pragma once
// Advanced indexing and the indexed reads/writes of torch (torch names and semantics).
// Part of ops.h. Index arguments are bounds-checked: an out-of-range index raises
// IndexError naming the index, the dim and its size, before anything is written.
#include <optional>
#include <string>

#include "pyt/export.h"
#include "pyt/scalar.h"
#include "pyt/tensor.h"

namespace pyt {

// ------------------------------------------------------------ advanced indexing ---
// Note [Advanced indexing]: indices[i] indexes dim i of self; an undefined entry leaves that
// dim whole (a ":"), and missing trailing entries too. Integer entries (any integer dtype)
// are broadcast together to a shape B; a bool (or uint8) entry of k dims is a mask over k
// consecutive dims and stands for k integer entries (the columns of its nonzero()).
// The result has self's un-indexed leading dims, then B, then the remaining dims, when the
// indexed dims are adjacent; otherwise B comes first (numpy's and torch's rule).

/// self[indices] (torch.Tensor.__getitem__ with tensor indices, aten::index): a new tensor
/// of shape (pre..., *B, post...). Negative indices count from the end. Errors: IndexError
/// for an out-of-range index, a mask whose shape does not match the dims it covers, indices
/// that do not broadcast, more indices than dims, or a non-integer index dtype.
/// Node IndexBackward0.
///
///   pyt::Tensor x = pyt::arange(0, 12, 1, std::nullopt).reshape({3, 4});
///   pyt::Tensor i = pyt::arange(0, 3, 2, std::nullopt);      // [0, 2]
///   pyt::Tensor r = pyt::index(x, {i, i});                    // x[[0, 2], [0, 2]] = [0, 10]
PYT_API Tensor index(const Tensor& self, const TensorList& indices);

/// Out of place: a copy of self with values written at self[indices] (torch.index_put).
/// values broadcasts to the shape of self[indices] and has self's dtype. With accumulate,
/// values are added, duplicates summing in index order (deterministic); without it,
/// duplicates resolve to the last one. RuntimeError on a dtype or shape mismatch.
/// Node IndexPutBackward0.
PYT_API Tensor index_put(const Tensor& self, const TensorList& indices, const Tensor& values,
                         bool accumulate = false);
/// In place: self[indices] = values (or += with accumulate) (torch.Tensor.index_put_).
PYT_API Tensor& index_put_(Tensor& self, const TensorList& indices, const Tensor& values,
                           bool accumulate = false);

// ---------------------------------------------------------- indexed reads/writes ---
/// Out of place: self with src reduced into it at index along dim (torch.scatter_reduce):
/// for every position i of index, out[i with dim -> index[i]] = reduce(out[...], src[i]).
/// reduce is "sum", "prod", "mean", "amax" or "amin"; include_self=false ignores self's
/// values at the positions that receive at least one src value. index (int64) and src have
/// self's number of dims, index no larger than src, nor than self outside dim. "mean" of
/// integers rounds down (floor division); amax/amin propagate NaN. Reductions run in index
/// order (deterministic); float16/bfloat16 accumulate through float32. Errors: RuntimeError
/// for an unknown reduce or an index out of range, naming the index, the dim and its size.
/// Node ScatterReduceBackward0.
PYT_API Tensor scatter_reduce(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                              const std::string& reduce, bool include_self = true);
/// In place scatter_reduce (torch.Tensor.scatter_reduce_).
PYT_API Tensor& scatter_reduce_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                                const std::string& reduce, bool include_self = true);
/// In place scatter, scatter_add and index_add (torch.Tensor.scatter_, scatter_add_,
/// index_add_): the out-of-place op's result written into self, version bumped; on a view the
/// base records CopySlices. Index dtypes, shapes and errors as the out-of-place ops (int32 or
/// int64 index).
PYT_API Tensor& scatter_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
PYT_API Tensor& scatter_add_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
PYT_API Tensor& index_add_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                           const Scalar& alpha = Scalar(1));
/// Out of place: self with the slices of source along dim copied to the positions index
/// (1-d or 0-d int64 tensor; torch refuses int32 here) along dim (torch.index_copy); source has self's shape with
/// index.numel() at dim and self's dtype. Duplicates: the last one wins. IndexError for an
/// index out of range. Node IndexCopyBackward0.
PYT_API Tensor index_copy(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source);
PYT_API Tensor& index_copy_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& source);
/// Out of place: self with the slices at positions index (int64, 1-d or 0-d) along dim set
/// to value (torch.index_fill). IndexError for an index out of range. Node IndexFillBackward0.
PYT_API Tensor index_fill(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value);
PYT_API Tensor& index_fill_(Tensor& self, int64_t dim, const Tensor& index, const Scalar& value);
/// The elements of self, viewed as 1-d in row-major order, at index; the result has
/// index's shape (torch.take). IndexError for an index out of range. Node TakeBackward0.
PYT_API Tensor take(const Tensor& self, const Tensor& index);
/// Out of place: self, viewed as 1-d, with source's elements written (added, with
/// accumulate) at index (torch.Tensor.put); index and source have as many elements, source
/// has self's dtype. Node PutBackward0.
PYT_API Tensor put(const Tensor& self, const Tensor& index, const Tensor& source, bool accumulate = false);
PYT_API Tensor& put_(Tensor& self, const Tensor& index, const Tensor& source, bool accumulate = false);

}  // namespace pyt
