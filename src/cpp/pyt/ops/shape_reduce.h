#pragma once
// Reductions and shape ops beyond the core set (torch names and semantics). Part of ops.h.
// Every function checks its arguments (errors name the op, the shapes and the dim), decides
// the output's shape and dtype, and records the autograd node torch records (named in
// op_list_shape.h) when an input requires grad.
#include <optional>
#include <tuple>
#include <vector>

#include "pyt/ops/ops.h"
#include "pyt/tensor.h"

namespace pyt {

// ----------------------------------------------------------- reductions ---
// dims: the dims to reduce (negative ones count from the end); absent or empty = all.
// Reductions are deterministic: see Note [Deterministic reductions] in reduce.cpp.

/// Product of all elements (torch.prod(input, *, dtype)); integer and bool inputs give
/// int64 unless dtype is given. Node ProdBackward0.
PYT_API Tensor prod(const Tensor& t, OptDtype dtype = std::nullopt);
/// Product along one dim (torch.prod(input, dim, keepdim, *, dtype)). Node ProdBackward1.
PYT_API Tensor prod(const Tensor& t, int64_t dim, bool keepdim = false, OptDtype dtype = std::nullopt);
/// Largest / smallest value over dims (torch.amax / amin); nan propagates; ties share the
/// gradient evenly. IndexError when a reduced dim has size 0.
PYT_API Tensor amax(const Tensor& t, const DimList& dims = std::nullopt, bool keepdim = false);
PYT_API Tensor amin(const Tensor& t, const DimList& dims = std::nullopt, bool keepdim = false);
/// Variance over dims with divisor max(0, N - correction) (torch.var; correction defaults
/// to 1). Floating inputs only. Computed in float64, two-pass, rounded once.
PYT_API Tensor var(const Tensor& t, const DimList& dims = std::nullopt, std::optional<double> correction = std::nullopt,
                   bool keepdim = false);
/// Standard deviation: sqrt of var, taken in float64 (torch.std).
PYT_API Tensor std(const Tensor& t, const DimList& dims = std::nullopt, std::optional<double> correction = std::nullopt,
                   bool keepdim = false);
/// Vector p-norm over dims (torch.linalg.vector_norm, behind torch.norm): p = 2, 1, inf,
/// -inf, 0 or any other real. dtype casts the input first. Floating inputs only.
PYT_API Tensor norm(const Tensor& t, double p = 2.0, const DimList& dims = std::nullopt, bool keepdim = false,
                    OptDtype dtype = std::nullopt);
/// log(sum(exp(t))) over dims, stable (max subtracted). Integer inputs compute in the
/// default dtype (torch.logsumexp).
PYT_API Tensor logsumexp(const Tensor& t, const IntArrayRef& dims, bool keepdim = false);
/// Running sum / product along dim (torch.cumsum / cumprod); integer and bool inputs give
/// int64 unless dtype is given. Floating values accumulate in float64, rounded per element.
PYT_API Tensor cumsum(const Tensor& t, int64_t dim, OptDtype dtype = std::nullopt);
PYT_API Tensor cumprod(const Tensor& t, int64_t dim, OptDtype dtype = std::nullopt);
/// Whether all / any elements over dims are nonzero (nan counts as nonzero). The result is
/// bool, or uint8 for a uint8 input, as in torch.
PYT_API Tensor all(const Tensor& t, const DimList& dims = std::nullopt, bool keepdim = false);
PYT_API Tensor any(const Tensor& t, const DimList& dims = std::nullopt, bool keepdim = false);
/// Number of nonzero elements over dims, int64 (torch.count_nonzero).
PYT_API Tensor count_nonzero(const Tensor& t, const DimList& dims = std::nullopt);

// ------------------------------------------------------------ shape ops ---
/// A copy with the order of elements reversed along dims (torch.flip).
PYT_API Tensor flip(const Tensor& t, const IntArrayRef& dims);
/// Elements shifted circularly by shifts[i] along dims[i]; with no dims the flattened tensor
/// is rolled and the shape restored (torch.roll).
PYT_API Tensor roll(const Tensor& t, const IntArrayRef& shifts, const IntArrayRef& dims = {});
/// The lower / upper triangle of the last two dims, other elements zero (torch.tril /
/// triu); diagonal > 0 moves the boundary above the main diagonal.
PYT_API Tensor tril(const Tensor& t, int64_t diagonal = 0);
PYT_API Tensor triu(const Tensor& t, int64_t diagonal = 0);
/// Views of consecutive pieces of split_size along dim, the last possibly smaller
/// (torch.split with an int). Node SplitBackward0.
PYT_API TensorList split(const Tensor& t, int64_t split_size, int64_t dim = 0);
/// Views of pieces of the given sizes along dim; they must sum to the dim's size
/// (torch.split with a list). Node SplitWithSizesBackward0.
PYT_API TensorList split_with_sizes(const Tensor& t, const IntArrayRef& sizes, int64_t dim = 0);
/// At most chunks views of ceil(size / chunks) elements along dim (torch.chunk).
PYT_API TensorList chunk(const Tensor& t, int64_t chunks, int64_t dim = 0);
/// The views t.select(dim, i) for every i (torch.unbind). Node UnbindBackward0.
PYT_API TensorList unbind(const Tensor& t, int64_t dim = 0);
/// t tiled repeats[i] times along dim i; repeats may have more dims than t (leading ones
/// are new) but not fewer (torch.Tensor.repeat).
PYT_API Tensor repeat(const Tensor& t, const IntArrayRef& repeats);
/// repeat, with dims padded with leading ones when shorter than t's dims (torch.tile).
PYT_API Tensor tile(const Tensor& t, const IntArrayRef& dims);
/// A view with dims source moved to positions destination, the others in order (torch.movedim).
PYT_API Tensor movedim(const Tensor& t, const IntArrayRef& source, const IntArrayRef& destination);
/// The view of the diagonal with offset of the dims dim1 and dim2, appended as the last dim
/// (torch.diagonal).
PYT_API Tensor diagonal(const Tensor& t, int64_t offset = 0, int64_t dim1 = 0, int64_t dim2 = 1);
/// Concatenation along dim 1 (dim 0 for 1-d inputs) after promoting 0-d inputs to 1-d (torch.hstack).
PYT_API Tensor hstack(const TensorList& tensors);
/// Concatenation along dim 0 of inputs viewed as at least 2-d (torch.vstack).
PYT_API Tensor vstack(const TensorList& tensors);
/// A view with dim split into sizes (one may be -1) (torch.unflatten).
PYT_API Tensor unflatten(const Tensor& t, int64_t dim, const IntArrayRef& sizes);
/// The view of length elements from start along dim; negative start counts from the end
/// (torch.narrow).
PYT_API Tensor narrow(const Tensor& t, int64_t dim, int64_t start, int64_t length);

// ------------------------------------------------------------- ordering ---
/// (values, indices) of t sorted along dim; equal elements keep their order (always stable),
/// nan sorts as the largest value (torch.sort). Node SortBackward0.
PYT_API std::tuple<Tensor, Tensor> sort(const Tensor& t, int64_t dim = -1, bool descending = false,
                                        bool stable = false);
/// The indices of sort (torch.argsort).
PYT_API Tensor argsort(const Tensor& t, int64_t dim = -1, bool descending = false, bool stable = false);
/// (values, indices) of the k largest (or smallest) elements along dim, sorted; ties in input
/// order (torch.topk). Node TopkBackward0.
PYT_API std::tuple<Tensor, Tensor> topk(const Tensor& t, int64_t k, int64_t dim = -1, bool largest = true,
                                        bool sorted = true);
/// (unique values, inverse indices shaped like t, counts) of the flattened t, values sorted
/// ascending, every nan distinct (torch.unique with dim=None). inverse and counts are
/// undefined unless asked for.
PYT_API std::tuple<Tensor, Tensor, Tensor> unique(const Tensor& t, bool sorted = true, bool return_inverse = false,
                                                  bool return_counts = false);

}  // namespace pyt
