#pragma once
// Kernels of the mathx family (ops/mathx.cpp): integer gcd / lcm, the complementary error
// function and the normal-distribution functions built on it, and the histogram binning of
// torch's CPU kernel. Internal header.
#include <cstdint>
#include <vector>

#include "pyt/ops/cpu/tensor_iterator.h"

namespace pyt::cpu {

/// out = gcd(a, b) or lcm(a, b) over integer operands (inputs in the compute dtype), torch's
/// calc_gcd: |a| and |b| by Euclid's algorithm with two's-complement wrap-around (so
/// gcd(INT_MIN, 0) is INT_MIN); lcm = |a / gcd * b| (wrapping), 0 when gcd is 0.
/// NotImplementedError ("gcd_cpu" / "lcm_cpu") for a non-integer compute dtype.
enum class GcdKind { Gcd, Lcm };
void gcd_kernel(const TensorIterator& it, GcdKind kind);

/// Unary functions of one floating argument (float32 / float64 compute).
/// Erfc: std::erfc; Erfcx: exp(x^2) erfc(x) without overflow; Ndtr: (1 + erf(x / sqrt 2)) / 2
/// as torch.special.ndtr composes it; LogNdtr: log(ndtr(x)), accurate in the far left tail.
enum class ErfcKind { Erfc, Erfcx, Ndtr, LogNdtr };
const char* erfc_kind_name(ErfcKind kind);
void erfc_kernel(const TensorIterator& it, ErfcKind kind);

/// steps values from start to end in dtype (float32 / float64), bitwise as torch's CPU
/// linspace kernel: start + step * i for i < steps / 2, end - step * (steps - 1 - i) after,
/// each a fused multiply-add.
void linspace_fma(void* out, ScalarType dtype, double start, double end, int64_t steps);

/// Histogram of the rows of x (M, D contiguous, float32 / float64) into hist (contiguous,
/// shape the bin counts, zero-filled, x's dtype). edges[d] points at dimension d's sorted edges
/// (count nedges[d]). w: M weights or null. linear: edges form a linspace (torch's
/// LINEAR_INTERPOLATION_WITH_LOCAL_SEARCH), else binary search (torch's BINARY_SEARCH).
/// Out-of-range and NaN rows are skipped; the rightmost bin includes its right edge. Rows are
/// split into fixed chunks summed in order, so results do not depend on the thread count.
void histogramdd_kernel(const void* x, int64_t M, int64_t D, const std::vector<const void*>& edges,
                        const std::vector<int64_t>& nedges, const void* w, void* hist, ScalarType dtype, bool linear);

}  // namespace pyt::cpu
