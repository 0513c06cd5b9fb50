#pragma once
// Kernels of the advanced-indexing family (ops/index.h): gathers and scatters through
// precomputed element offsets. They know nothing of autograd, shapes or Python.
// Internal header: not part of the public API.
#include <cstdint>
#include <vector>

#include "pyt/dtype.h"

namespace pyt::cpu {

/// out[p][b][q] = src[pre_off[p] + off[b] + post_off[q]] for an out buffer laid out
/// contiguously as (pre, nb, post); offsets in elements of size es from src. Parallel over
/// (p, b) rows.
void index_gather(const char* src, char* out, size_t es, const std::vector<int64_t>& pre_off, const int64_t* off,
                  int64_t nb, const std::vector<int64_t>& post_off);

/// dst[pre_off[p] + off[b] + post_off[q]] = vals[p][b][q] (or +=, when accumulate) with vals
/// contiguous (pre, nb, post). Deterministic: every destination element sees the b's in
/// increasing order (the last write wins; sums accumulate in index order), whatever the
/// thread count. float16/bfloat16 accumulate through float32, bool accumulates as "or".
void index_scatter(char* dst, const char* vals, ScalarType dtype, const std::vector<int64_t>& pre_off,
                   const int64_t* off, int64_t nb, const std::vector<int64_t>& post_off, bool accumulate);

/// Reductions of scatter_reduce: dst[i] = op(dst[i], src) applied in index order.
enum class ScatterReduce { Sum, Prod, Mean, Amax, Amin };

}  // namespace pyt::cpu

namespace pyt::cpu {

/// out (contiguous) reduced with src at index along dim, in index order: for every position
/// i of index (contiguous int64, values already checked to lie in [0, out.size(dim))),
/// out[i, dim -> index[i]] = op(out[...], src[i]) with src read through src_strides
/// (elements). When !include_self the receiving positions first reset to op's identity.
/// For Mean, out holds sums afterwards and counts (contiguous, out's shape) the number of
/// values each position received (self included when include_self); the caller divides.
void scatter_reduce_kernel(char* out, const std::vector<int64_t>& out_sizes, const int64_t* index,
                           const std::vector<int64_t>& index_sizes, const char* src,
                           const std::vector<int64_t>& src_strides, int64_t dim, ScalarType dtype, ScatterReduce op,
                           bool include_self, int64_t* counts);

}  // namespace pyt::cpu
