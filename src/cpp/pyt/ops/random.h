#pragma once
// Random sampling and spaced ranges beyond the core creation functions (torch names and
// semantics). Part of ops.h. Every sampler draws from the counter-based Philox stream of
// Note [Counter-based RNG] (pyt/generator.h): element i of a result uses counter
// (offset + i), so results are bitwise identical for any thread count. gen = nullptr uses
// the default generator. The streams are pyt's own: they do not reproduce torch's values.
#include <optional>

#include "pyt/export.h"
#include "pyt/generator.h"
#include "pyt/tensor.h"

namespace pyt {

/// steps values base ** linspace(start, end, steps) (torch.logspace), computed in float64
/// and converted to dtype. RuntimeError for steps < 0.
PYT_API Tensor logspace(double start, double end, int64_t steps, double base, ScalarType dtype);

/// Normal samples with elementwise means and standard deviations (torch.normal): the
/// tensors broadcast together (the result has their promoted floating dtype). std must be
/// >= 0 (RuntimeError naming the op otherwise). The gradient w.r.t. mean and std is zero,
/// as torch's (nodes NormalBackward1 / NormalBackward2 / NormalBackward3).
PYT_API Tensor normal(const Tensor& mean, const Tensor& std, Generator* gen = nullptr);
PYT_API Tensor normal(const Tensor& mean, double std, Generator* gen = nullptr);
PYT_API Tensor normal(double mean, const Tensor& std, Generator* gen = nullptr);
/// Normal samples of one mean and std, of shape size (torch.normal(mean, std, size)).
PYT_API Tensor normal(double mean, double std, const IntArrayRef& size, ScalarType dtype,
                      Generator* gen = nullptr);
/// 1 with probability p[i], else 0, in p's dtype (torch.bernoulli(p)); p must lie in
/// [0, 1] (RuntimeError otherwise). Node BernoulliBackward0 (zero gradient).
PYT_API Tensor bernoulli(const Tensor& p, Generator* gen = nullptr);
/// 1 with probability p, else 0, shaped and typed like t (torch.bernoulli(t, p)).
PYT_API Tensor bernoulli(const Tensor& t, double p, Generator* gen = nullptr);
/// In place: t[i] = 1 with probability p[i] (p broadcast to t), else 0 (Tensor.bernoulli_).
PYT_API Tensor& bernoulli_(Tensor& t, const Tensor& p, Generator* gen = nullptr);
/// num_samples category indices (int64) drawn from the unnormalized, non-negative weights
/// in each row of probs (1-d (k) or 2-d (n, k)) (torch.multinomial). Without replacement,
/// each row yields distinct categories (needs num_samples <= k nonzero weights); with it,
/// draws are independent. RuntimeError for negative, inf or nan weights, a row summing to
/// zero, or too many samples without replacement.
PYT_API Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement = false,
                           Generator* gen = nullptr);
/// In place: exponential samples of rate lambd > 0 (Tensor.exponential_).
PYT_API Tensor& exponential_(Tensor& t, double lambd = 1.0, Generator* gen = nullptr);
/// In place: integers uniform on [from, to) (Tensor.random_(from, to)); without to, on
/// [from, 2**mantissa] for floats or the dtype's max + 1 for integers (Tensor.random_()).
PYT_API Tensor& random_(Tensor& t, int64_t from, std::optional<int64_t> to, Generator* gen = nullptr);

}  // namespace pyt
