#pragma once
// Kernels of the nn_norm family (ops/nn_norm.cpp, ops/nn_activation.cpp): elementwise
// activations and their derivatives over a TensorIterator, and the row/channel kernels of
// the normalisation layers and embeddings over contiguous buffers. They know no autograd.
// Every parallel split is fixed by the shapes (never by the thread count), and every
// reduction adds in a fixed order, so results are bitwise identical for any thread count.
// Internal header.
#include <cstdint>

#include "pyt/ops/cpu/tensor_iterator.h"

namespace pyt::cpu {

/// Elementwise activations of one floating argument, with up to three parameters.
/// Parameters (a, b, c) per kind:
///   Gelu, GeluTanh, Silu, Mish, LogSigmoid: none
///   Elu: a = alpha, b = scale, c = input_scale  (elu, selu, celu)
///   LeakyRelu: a = negative_slope
///   Hardtanh: a = min_val, b = max_val          (hardtanh, relu6)
///   Hardsigmoid, Hardswish: none
///   Softplus: a = beta, b = threshold
///   Threshold: a = threshold, b = value
///   Hardshrink, Softshrink: a = lambd
enum class ActKind {
  Gelu, GeluTanh, Silu, Mish, Elu, LeakyRelu, Hardtanh, Hardsigmoid, Hardswish, Softplus, Threshold,
  LogSigmoid, Hardshrink, Softshrink
};
struct ActParams {
  double a = 0, b = 0, c = 0;
};

/// out = f(x); iterator operands (out, x) in float32 or float64.
void act_forward_kernel(const TensorIterator& it, ActKind kind, const ActParams& p);
/// out = grad * f'(x); iterator operands (out, grad, x).
void act_backward_kernel(const TensorIterator& it, ActKind kind, const ActParams& p);

// ------------------------------------------------------------- normalisation ---
/// Layer norm over rows: x (M, N) contiguous; w, b (N) or null; y (M, N); mean, rstd (M).
template <typename T>
void layer_norm_fwd(const T* x, const T* w, const T* b, T* y, T* mean, T* rstd, int64_t M, int64_t N, double eps);
/// Its gradients: gx (M, N) (null: skip), gw, gb (N) (null: skip).
template <typename T>
void layer_norm_bwd(const T* g, const T* x, const T* mean, const T* rstd, const T* w, T* gx, T* gw, T* gb,
                    int64_t M, int64_t N);

/// Batch-norm statistics over x (N, C, S) contiguous, per channel: mean (C) and biased var (C).
template <typename T>
void channel_moments(const T* x, int64_t N, int64_t C, int64_t S, double* mean, double* var);

/// y = (x - mean[c]) * invstd[c] * w[c] + b[c] over x (N, C, S); w, b may be null.
template <typename T>
void channel_affine(const T* x, const double* mean, const double* invstd, const T* w, const T* b, T* y, int64_t N,
                    int64_t C, int64_t S);

/// Training-mode batch-norm gradients over (N, C, S): gx (null: skip), gw, gb (C) (null: skip).
/// train: statistics came from the batch (the full formula); else gx = g * w * invstd.
template <typename T>
void batch_norm_bwd(const T* g, const T* x, const double* mean, const double* invstd, const T* w, T* gx, T* gw,
                    T* gb, int64_t N, int64_t C, int64_t S, bool train);

/// Group norm over x (N, C, S) with G groups: y, mean (N*G), rstd (N*G).
template <typename T>
void group_norm_fwd(const T* x, const T* w, const T* b, T* y, T* mean, T* rstd, int64_t N, int64_t C, int64_t S,
                    int64_t G, double eps);
template <typename T>
void group_norm_bwd(const T* g, const T* x, const T* mean, const T* rstd, const T* w, T* gx, T* gw, T* gb,
                    int64_t N, int64_t C, int64_t S, int64_t G);

/// RMS norm over rows: y = x * rrms * w; rrms (M) = 1/sqrt(mean(x^2) + eps).
template <typename T>
void rms_norm_fwd(const T* x, const T* w, T* y, T* rrms, int64_t M, int64_t N, double eps);
template <typename T>
void rms_norm_bwd(const T* g, const T* x, const T* rrms, const T* w, T* gx, T* gw, int64_t M, int64_t N);

}  // namespace pyt::cpu
