#pragma once
// The loss2 family: fused losses that torch implements as single ATen ops with their own
// backward (smooth_l1_loss, huber_loss, soft_margin_loss, multi_margin_loss,
// multilabel_margin_loss), and embedding_bag. Part of ops.h. Semantics: torch's
// aten/src/ATen/native/Loss.cpp, LossMultiMargin.cpp, LossMultiLabelMargin.cpp and
// EmbeddingBag.cpp.
#include <optional>
#include <string>

#include "pyt/export.h"
#include "pyt/scalar.h"
#include "pyt/tensor.h"

namespace pyt {

/// Smooth L1 loss (torch.nn.functional.smooth_l1_loss with beta > 0): with d = input - target
/// (broadcast), 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta; reduced by reduction
/// ("none", "mean", "sum"). Floating inputs (float16/bfloat16 compute in float32); the
/// result dtype is promote_types(input, target). Backward SmoothL1LossBackward0 for input
/// and target (written with pyt ops under grad mode, so double backward works).
/// Throws ValueError on a bad reduction, RuntimeError for beta <= 0 or shapes that do not
/// broadcast, NotImplementedError for non-floating dtypes.
/// Example: smooth_l1_loss(x, y, "sum", 0.5)
PYT_API Tensor smooth_l1_loss(const Tensor& input, const Tensor& target, const std::string& reduction = "mean",
                              double beta = 1.0);

/// Huber loss (torch.nn.functional.huber_loss): 0.5 d^2 where |d| < delta, else
/// delta (|d| - 0.5 delta), d = input - target (broadcast); reduced. Same dtypes, errors and
/// gradients as smooth_l1_loss (node HuberLossBackward0); delta must be positive.
/// Example: huber_loss(x, y, "mean", 1.0)
PYT_API Tensor huber_loss(const Tensor& input, const Tensor& target, const std::string& reduction = "mean",
                          double delta = 1.0);

/// Soft margin loss (torch.nn.functional.soft_margin_loss): log(1 + exp(-target * input)),
/// broadcast, reduced; computed as a stable softplus. Backward SoftMarginLossBackward0 for
/// input only: like torch, RuntimeError when target requires grad under grad mode.
/// Example: soft_margin_loss(x, sign(y), "mean")
PYT_API Tensor soft_margin_loss(const Tensor& input, const Tensor& target, const std::string& reduction = "mean");

/// Multi-class margin loss (torch.nn.functional.multi_margin_loss): input (N, C), (C) or (),
/// int64 target (N) or (); per sample sum over i != y of
/// weight[y] * max(0, margin - x[y] + x[i])^p / C, p in {1, 2}; reduced over samples ("none"
/// gives (N), or () for a 0-d target). float32/float64; weight (C) optional, no gradient.
/// Backward MultiMarginLossBackward0 (for input). Throws RuntimeError on bad shapes, a target
/// out of [0, C), a non-int64 target or a weight of another size.
/// Example: multi_margin_loss(x, target, 1, 1.0, Tensor(), "mean")
PYT_API Tensor multi_margin_loss(const Tensor& input, const Tensor& target, int64_t p = 1, double margin = 1.0,
                                 const Tensor& weight = Tensor(), const std::string& reduction = "mean");

/// Multi-label margin loss (torch.nn.functional.multilabel_margin_loss): input (N, C), (C) or
/// (), int64 target of the input's shape holding class indices, ended by the first -1; per
/// sample sum over target classes j and non-target classes i of max(0, 1 - (x[j] - x[i])) / C;
/// reduced over samples. float32/float64. Backward MultilabelMarginLossBackward0 (input).
/// Throws RuntimeError on bad shapes or a target value outside [-1, C).
/// Example: multilabel_margin_loss(x, target, "mean")
PYT_API Tensor multilabel_margin_loss(const Tensor& input, const Tensor& target,
                                      const std::string& reduction = "mean");

/// Bags of embedding rows reduced in one pass (torch.embedding_bag): weight (V, D), indices
/// (n) int32/int64 in [0, V), offsets (B) or (B + 1) with include_last_offset, the start of
/// each bag (offsets[0] == 0, non-decreasing, <= n). mode 0 = sum (times per_sample_weights
/// (n) when given), 1 = mean, 2 = max (per column; argmax rows get the gradient). Entries
/// equal to padding_idx (in [-V, V)) are left out; an empty bag gives zeros. Returns (B, D)
/// with node EmbeddingBagBackward0 for weight and per_sample_weights; the backward is
/// deterministic (each row sums its entries in index order), parallel over rows, and written
/// with pyt ops under grad mode. Throws RuntimeError on bad dtypes, indices or offsets.
/// Example: embedding_bag(w, idx, offsets, 0, Tensor(), false, std::nullopt, false)
PYT_API Tensor embedding_bag(const Tensor& weight, const Tensor& indices, const Tensor& offsets, int64_t mode = 1,
                             const Tensor& per_sample_weights = Tensor(), bool include_last_offset = false,
                             std::optional<int64_t> padding_idx = std::nullopt, bool scale_grad_by_freq = false);

}  // namespace pyt
