#pragma once
// Statistics, sorting and searching ops (torch names and semantics). Part of ops.h.
//
// Selections (median, nanmedian, kthvalue, mode) order NaN as the largest value and report
// the index torch reports (Note [Selection order] in ops/cpu/stats_kernels.cpp); their
// gradient flows to the selected element (to all elements equal to the result, shared
// evenly, for the whole-tensor median and nanmedian). Errors name the op, the shapes and
// the offending dim or value, with torch's exception types.
#include <optional>
#include <string>
#include <tuple>

#include "pyt/ops/ops.h"
#include "pyt/tensor.h"

namespace pyt {

// ------------------------------------------------------------- selections ---
/// The lower median of all elements (torch.median(input)): NaN when any element is NaN or
/// the input is empty. Integer and floating dtypes. Node MedianBackward0.
PYT_API Tensor median(const Tensor& t);
/// (values, indices) of the lower median along dim (torch.median(input, dim, keepdim)); a
/// slice holding NaN gives its first NaN. IndexError for a reduced dim of size 0. Node
/// MedianBackward1.
PYT_API std::tuple<Tensor, Tensor> median(const Tensor& t, int64_t dim, bool keepdim = false);
/// median ignoring NaN (NaN only when every element is NaN) (torch.nanmedian). Nodes
/// NanmedianBackward0 / NanmedianBackward1.
PYT_API Tensor nanmedian(const Tensor& t);
PYT_API std::tuple<Tensor, Tensor> nanmedian(const Tensor& t, int64_t dim, bool keepdim = false);
/// (values, indices) of the k-th smallest element along dim, k counting from 1
/// (torch.kthvalue). RuntimeError unless 1 <= k <= size of dim. Node KthvalueBackward0.
PYT_API std::tuple<Tensor, Tensor> kthvalue(const Tensor& t, int64_t k, int64_t dim = -1, bool keepdim = false);
/// (values, indices) of the most frequent value along dim, the smallest one on a tie of
/// counts (torch.mode). Bool inputs too. Node ModeBackward0.
PYT_API std::tuple<Tensor, Tensor> mode(const Tensor& t, int64_t dim = -1, bool keepdim = false);

/// The q-quantiles of t (flattened when dim is absent) with torch.quantile's interpolation
/// (linear, lower, higher, midpoint, nearest) between the sorted values at ranks q * (n - 1).
/// q: a 0-d or 1-d tensor of t's dtype with values in [0, 1]; a 1-d q adds a leading dim of
/// its size. float32 / float64 inputs only; a slice holding NaN gives NaN. Differentiable
/// through sort, gather and lerp.
PYT_API Tensor quantile(const Tensor& t, const Tensor& q, std::optional<int64_t> dim = std::nullopt,
                        bool keepdim = false, const std::string& interpolation = "linear");
/// quantile with a Python-number q (RuntimeError outside [0, 1]).
PYT_API Tensor quantile(const Tensor& t, double q, std::optional<int64_t> dim = std::nullopt, bool keepdim = false,
                        const std::string& interpolation = "linear");
/// quantile over the non-NaN values of each slice (NaN when all are NaN) (torch.nanquantile).
PYT_API Tensor nanquantile(const Tensor& t, const Tensor& q, std::optional<int64_t> dim = std::nullopt,
                           bool keepdim = false, const std::string& interpolation = "linear");
PYT_API Tensor nanquantile(const Tensor& t, double q, std::optional<int64_t> dim = std::nullopt,
                           bool keepdim = false, const std::string& interpolation = "linear");

// ---------------------------------------------------- NaN-aware reductions ---
/// Sum over dims treating NaN as zero (torch.nansum); integer and bool inputs sum to int64
/// unless dtype is given. Node NansumBackward0.
PYT_API Tensor nansum(const Tensor& t, const DimList& dims = std::nullopt, bool keepdim = false,
                      OptDtype dtype = std::nullopt);
/// Mean over dims of the non-NaN elements: nansum / count of non-NaN (torch.nanmean);
/// floating inputs (or dtype) only. Records DivBackward0 over NansumBackward0.
PYT_API Tensor nanmean(const Tensor& t, const DimList& dims = std::nullopt, bool keepdim = false,
                       OptDtype dtype = std::nullopt);

// ------------------------------------------------------------- cumulative ---
/// (values, indices) of the running maximum / minimum along dim (torch.cummax / cummin):
/// on ties the later index, NaN propagates. Nodes CummaxBackward0 / CumminBackward0.
PYT_API std::tuple<Tensor, Tensor> cummax(const Tensor& t, int64_t dim);
PYT_API std::tuple<Tensor, Tensor> cummin(const Tensor& t, int64_t dim);
/// log(cumsum(exp(t))) along dim, computed stably (torch.logcumsumexp); floating inputs.
/// Node LogcumsumexpBackward0.
PYT_API Tensor logcumsumexp(const Tensor& t, int64_t dim);

// -------------------------------------------------------------- searching ---
/// Indices where values would be inserted into the innermost dim of sorted_sequence to keep
/// it sorted (torch.searchsorted): sorted_sequence 1-d (shared) or with values' leading
/// dims; right (or side == "right") gives the last such index; sorter sorts an unsorted
/// sequence. int64, or int32 with out_int32. Inputs are promoted to a common dtype.
PYT_API Tensor searchsorted(const Tensor& sorted_sequence, const Tensor& values, bool out_int32 = false,
                            bool right = false, const std::optional<std::string>& side = std::nullopt,
                            const std::optional<Tensor>& sorter = std::nullopt);
/// The bucket of every element of t for the sorted 1-d boundaries (torch.bucketize):
/// searchsorted(boundaries, t, out_int32, right).
PYT_API Tensor bucketize(const Tensor& t, const Tensor& boundaries, bool out_int32 = false, bool right = false);
/// Histogram of t into bins equal bins over [min, max] (the data's range when min == max),
/// ignoring elements outside (torch.histc). Floating inputs; the result has t's dtype.
PYT_API Tensor histc(const Tensor& t, int64_t bins = 100, double min = 0, double max = 0);
/// Counts (or summed weights) of every value 0..max(t) of a 1-d non-negative integer t, at
/// least minlength of them (torch.bincount). int64; float32 weights give float32, other
/// weights float64.
PYT_API Tensor bincount(const Tensor& t, const std::optional<Tensor>& weights = std::nullopt, int64_t minlength = 0);
/// Whether each element of elements occurs in test_elements (negated with invert), bool of
/// elements' shape (torch.isin). Operands are promoted to a common dtype.
PYT_API Tensor isin(const Tensor& elements, const Tensor& test_elements, bool assume_unique = false,
                    bool invert = false);
/// The indices of the nonzero elements, one row per element (N, t.dim()), int64
/// (torch.argwhere).
PYT_API Tensor argwhere(const Tensor& t);

// ------------------------------------------------------------------ unique ---
/// (unique slices along dim sorted lexicographically, inverse (size of dim), counts)
/// (torch.unique with dim). inverse and counts are undefined unless asked for.
PYT_API std::tuple<Tensor, Tensor, Tensor> unique_dim(const Tensor& t, int64_t dim, bool sorted = true,
                                                      bool return_inverse = false, bool return_counts = false);
/// (values with consecutive repeats collapsed, inverse, counts), of the flattened t or of
/// slices along dim (torch.unique_consecutive). inverse has t's shape (dim absent) or the
/// size of dim.
PYT_API std::tuple<Tensor, Tensor, Tensor> unique_consecutive(const Tensor& t, bool return_inverse = false,
                                                              bool return_counts = false,
                                                              std::optional<int64_t> dim = std::nullopt);

}  // namespace pyt
