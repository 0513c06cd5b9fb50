#pragma once
// Number-theoretic, error-function and histogram ops (torch names and semantics). Part of ops.h.
//
// gcd / lcm take integer operands only (NotImplementedError otherwise), broadcast and promote
// as torch's binary ops and wrap around on overflow as torch's kernels do. The erfc family
// computes integer and bool inputs in the default float dtype; float16 / bfloat16 compute in
// float32 and round once (erfc only: the special functions reject them as torch does).
#include <optional>
#include <tuple>
#include <vector>

#include "pyt/export.h"
#include "pyt/tensor.h"

namespace pyt {

/// Elementwise greatest common divisor of |a| and |b| (torch.gcd): gcd(0, 0) = 0; the minimum
/// value of a signed dtype stays itself (gcd(INT64_MIN, 0) = INT64_MIN). Integer dtypes only.
PYT_API Tensor gcd(const Tensor& a, const Tensor& b);
/// Elementwise least common multiple |a / gcd(a, b) * b| (torch.lcm), 0 when either is 0; the
/// product wraps around on overflow. Integer dtypes only.
PYT_API Tensor lcm(const Tensor& a, const Tensor& b);
/// In-place gcd / lcm into a (RuntimeError when the broadcast shape is not a's, or the result
/// dtype cannot be cast to a's).
PYT_API Tensor& gcd_(Tensor& a, const Tensor& b);
PYT_API Tensor& lcm_(Tensor& a, const Tensor& b);

/// The complementary error function 1 - erf(t), accurate in the right tail (torch.erfc).
/// Node ErfcBackward0: -2 / sqrt(pi) exp(-t^2).
PYT_API Tensor erfc(const Tensor& t);
PYT_API Tensor& erfc_(Tensor& t);
/// exp(t^2) erfc(t) without overflow (torch.special.erfcx); +inf below -26.7 (float64).
/// float32 / float64 (and integers via the default dtype). Node SpecialErfcxBackward0.
PYT_API Tensor special_erfcx(const Tensor& t);
/// The standard normal CDF (1 + erf(t / sqrt 2)) / 2 (torch.special.ndtr). Node MulBackward1
/// (the last step of torch's composite).
PYT_API Tensor special_ndtr(const Tensor& t);
/// log of the standard normal CDF, accurate for very negative t (torch.special.log_ndtr).
/// float32 / float64. Node SpecialLogNdtrBackward0.
PYT_API Tensor special_log_ndtr(const Tensor& t);

/// (hist, bin_edges) of torch.histogramdd with bin counts: input (..., D) is a list of points
/// in D dimensions; bins (D counts > 0) equal-width bins per dimension over range (2 D values,
/// min <= max, finite) or the data's min / max (an empty range widened by 0.5 each side),
/// edges as torch's linspace. weight: shape input.shape[:-1] or undefined. density divides by
/// the total and by each bin's volume. float32 / float64; float16 / bfloat16 too with a range
/// or an empty input (computed in that type, as torch); NotImplementedError otherwise.
PYT_API std::tuple<Tensor, std::vector<Tensor>> histogramdd(const Tensor& input, const std::vector<int64_t>& bins,
                                                            const std::optional<std::vector<double>>& range,
                                                            const Tensor& weight, bool density);
/// histogramdd with explicit edges (one 1-D tensor per dimension, input's dtype; searched as
/// given, so non-increasing edges bin as torch's binary search does). Floating dtypes.
PYT_API std::tuple<Tensor, std::vector<Tensor>> histogramdd(const Tensor& input, const std::vector<Tensor>& bins,
                                                            const Tensor& weight, bool density);
/// torch.histogram of all elements of input: bins equal-width bins (the default 100) over
/// range or the data's min / max; returns (hist (bins,), bin_edges (bins + 1,)).
PYT_API std::tuple<Tensor, Tensor> histogram(const Tensor& input, int64_t bins,
                                             const std::optional<std::pair<double, double>>& range,
                                             const Tensor& weight, bool density);
/// torch.histogram with a 1-D tensor of edges.
PYT_API std::tuple<Tensor, Tensor> histogram(const Tensor& input, const Tensor& bins, const Tensor& weight,
                                             bool density);

}  // namespace pyt
