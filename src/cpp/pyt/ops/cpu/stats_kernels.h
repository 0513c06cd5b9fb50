#pragma once
// Kernels of the statistics / sorting / searching family (ops/stats.cpp). They work on
// contiguous arrays already in their compute dtype (float16 / bfloat16 are widened to
// float32 by the caller: the conversion preserves order and equality, so selections and
// their indices are those of the narrow type), split rows over pyt's thread pool, and
// write finished outputs allocated by the caller. Every row is computed by one thread in a
// fixed order, so results do not depend on the thread count. Internal header.
#include <cstdint>

#include "pyt/tensor.h"

namespace pyt::cpu {

/// Which element of a row select_rows picks. NaN orders as the largest value throughout.
///  Median: the lower median (a NaN row gives its first NaN), ties broken by index;
///  NanMedian: the lower median of the row's non-NaN values (all NaN: the first NaN);
///  Kth: the k-th smallest (k counts from 1), with torch's quickselect, so that the index
///       chosen among ties is torch's;
///  Mode: the most frequent value (the smallest one on a tie of counts) and the index torch
///        reports for it.
enum class SelectKind { Median, NanMedian, Kth, Mode };

/// For every row r of the contiguous (outer, n) array x (n >= 1): values[r] and indices[r]
/// (int64) of the element chosen by kind. values has x's dtype; both are contiguous (outer).
void select_rows(const Tensor& x, int64_t outer, int64_t n, SelectKind kind, int64_t k, Tensor& values,
                 Tensor& indices);

/// The lower median of all n elements of the contiguous x (NaN if any is NaN unless
/// ignore_nan; the median of the non-NaN ones otherwise), written to the 0-d out.
void median_all(const Tensor& x, bool ignore_nan, Tensor& out);

/// Running max (is_max) or min of every row of the contiguous (outer, n) x, with the index
/// of the element holding it: ties move the index forward (>=, <=) and a NaN, once seen,
/// stays (each later NaN takes the index), as torch.cummax / cummin.
void cummaxmin_rows(const Tensor& x, int64_t outer, int64_t n, bool is_max, Tensor& values, Tensor& indices);

/// Running log(sum(exp)) of every row of the contiguous (outer, n) floating x.
void logcumsumexp_rows(const Tensor& x, int64_t outer, int64_t n, Tensor& out);

/// For every row r: out[r, j] = the insertion point of v[r, j] into the sorted row
/// seq[r, :] (seq_stride 0: one shared row), left (first i with seq[i] >= v) or right
/// (first i with seq[i] > v). sorter (or undefined) holds per-row indices that sort seq.
/// seq, v, sorter contiguous; seq and v in one dtype; out int64 or int32.
void searchsorted_rows(const Tensor& seq, const Tensor& v, const Tensor& sorter, int64_t rows, int64_t n_seq,
                       int64_t n_v, bool seq_shared, bool right, Tensor& out);

/// Histogram of the contiguous floating x into bins equal-width bins over [lo, hi]
/// (the last bin includes hi; values outside and NaN are skipped), as torch.histc.
void histc_kernel(const Tensor& x, int64_t bins, double lo, double hi, Tensor& out);

/// out[x[i]] += weights[i] (or 1): x contiguous non-negative integers, weights contiguous
/// in out's dtype or undefined, out zero-filled (int64, float32 or float64).
void bincount_kernel(const Tensor& x, const Tensor& weights, Tensor& out);

/// out[i] = (x[i] occurs in sorted_test) != invert; x and sorted_test contiguous in one
/// dtype, sorted_test sorted ascending with NaN last; out bool.
void isin_kernel(const Tensor& x, const Tensor& sorted_test, bool invert, Tensor& out);

}  // namespace pyt::cpu
