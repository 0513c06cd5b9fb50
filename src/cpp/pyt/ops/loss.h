#pragma once
// Loss kernels beyond nll_loss / cross_entropy / mse_loss (torch names and semantics). Part
// of ops.h.
#include <vector>

#include "pyt/export.h"
#include "pyt/tensor.h"

namespace pyt {

/// Connectionist Temporal Classification loss per sample (torch.ctc_loss with reduction
/// "none"): log_probs (T, N, C) float32/float64 log-probabilities, targets (N, S) padded or
/// (sum(target_lengths)) concatenated int64 class indices, input_lengths and target_lengths
/// of N entries. Returns (N) negative log-likelihoods, computed with the alpha recursion in
/// log space (Graves et al., 2006); the backward (CtcLossBackward0) uses the beta recursion
/// and, like torch's, assumes log_probs are normalised (log_softmax outputs). With
/// zero_infinity the gradient of an infinite loss is zero (the caller zeroes the value).
/// Throws RuntimeError on bad shapes, lengths, blank or target values, naming the sample.
PYT_API Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, const std::vector<int64_t>& input_lengths,
                        const std::vector<int64_t>& target_lengths, int64_t blank = 0, bool zero_infinity = false);

}  // namespace pyt
