#pragma once
// Normalisation layers, activations and embeddings (torch.nn.functional names and
// semantics). Part of ops.h. Each op is one fused kernel (ops/cpu/nn_norm_kernels.cpp)
// with a fused backward; under create_graph the backward is written with public pyt ops
// instead, so double backward works. float16 and bfloat16 activations compute in float32
// and round once; the normalisations take float32 and float64.
#include <optional>
#include <string>
#include <tuple>

#include "pyt/export.h"
#include "pyt/tensor.h"

namespace pyt {

// ------------------------------------------------------------- activations ---
/// GELU, x * Phi(x) (approximate "none") or its tanh approximation ("tanh")
/// (torch.nn.functional.gelu). RuntimeError for another approximate string.
PYT_API Tensor gelu(const Tensor& x, const std::string& approximate = "none");
/// SiLU / swish, x * sigmoid(x) (torch.nn.functional.silu).
PYT_API Tensor silu(const Tensor& x);
PYT_API Tensor& silu_(Tensor& x);
/// Mish, x * tanh(softplus(x)) (torch.nn.functional.mish).
PYT_API Tensor mish(const Tensor& x);
PYT_API Tensor& mish_(Tensor& x);
/// ELU family: x > 0 ? scale x : scale alpha (exp(input_scale x) - 1) (torch.nn.functional.elu;
/// selu and celu are elu with fixed scale / input_scale).
PYT_API Tensor elu(const Tensor& x, double alpha = 1.0, double scale = 1.0, double input_scale = 1.0);
PYT_API Tensor& elu_(Tensor& x, double alpha = 1.0, double scale = 1.0, double input_scale = 1.0);
/// SELU with torch's constants alpha = 1.6732632..., scale = 1.0507009....
PYT_API Tensor selu(const Tensor& x);
PYT_API Tensor& selu_(Tensor& x);
/// CELU, max(0, x) + min(0, alpha (exp(x / alpha) - 1)); RuntimeError for alpha == 0.
PYT_API Tensor celu(const Tensor& x, double alpha = 1.0);
PYT_API Tensor& celu_(Tensor& x, double alpha = 1.0);
/// x > 0 ? x : negative_slope x (torch.nn.functional.leaky_relu).
PYT_API Tensor leaky_relu(const Tensor& x, double negative_slope = 0.01);
PYT_API Tensor& leaky_relu_(Tensor& x, double negative_slope = 0.01);
/// x clamped to [min_val, max_val] (torch.nn.functional.hardtanh; relu6 is hardtanh(0, 6)).
PYT_API Tensor hardtanh(const Tensor& x, double min_val = -1.0, double max_val = 1.0);
PYT_API Tensor& hardtanh_(Tensor& x, double min_val = -1.0, double max_val = 1.0);
PYT_API Tensor relu6(const Tensor& x);
PYT_API Tensor& relu6_(Tensor& x);
/// relu6(x + 3) / 6 (torch.nn.functional.hardsigmoid).
PYT_API Tensor hardsigmoid(const Tensor& x);
PYT_API Tensor& hardsigmoid_(Tensor& x);
/// x relu6(x + 3) / 6 (torch.nn.functional.hardswish).
PYT_API Tensor hardswish(const Tensor& x);
PYT_API Tensor& hardswish_(Tensor& x);
/// log(1 + exp(beta x)) / beta, or x where beta x > threshold (torch.nn.functional.softplus).
PYT_API Tensor softplus(const Tensor& x, double beta = 1.0, double threshold = 20.0);
/// x > threshold ? x : value (torch.nn.functional.threshold).
PYT_API Tensor threshold(const Tensor& x, double threshold, double value);
PYT_API Tensor& threshold_(Tensor& x, double threshold, double value);
/// log(sigmoid(x)), computed stably (torch.nn.functional.logsigmoid).
PYT_API Tensor log_sigmoid(const Tensor& x);
/// |x| > lambd ? x : 0 (torch.nn.functional.hardshrink).
PYT_API Tensor hardshrink(const Tensor& x, double lambd = 0.5);
/// x - lambd, x + lambd or 0 (torch.nn.functional.softshrink); RuntimeError for lambd < 0.
PYT_API Tensor softshrink(const Tensor& x, double lambd = 0.5);
/// x > 0 ? x : w x with w of one element or one per channel (dim 1) (torch.nn.functional.prelu).
PYT_API Tensor prelu(const Tensor& x, const Tensor& weight);
/// a * sigmoid(b) where (a, b) are the halves of x along dim (torch.nn.functional.glu).
PYT_API Tensor glu(const Tensor& x, int64_t dim = -1);

// ---------------------------------------------------------- normalisation ---
/// Layer normalisation over the trailing dims given by normalized_shape
/// (torch.nn.functional.layer_norm): y = (x - mean) / sqrt(var + eps) * weight + bias,
/// biased variance. weight and bias (normalized_shape) may be undefined. A float16/bfloat16 x
/// runs in float32 and is rounded once; its parameters may be of its dtype or float32 (other
/// dtypes: RuntimeError "mixed dtype"), as torch's CPU kernel (Note [Mixed-dtype norms]).
PYT_API Tensor layer_norm(const Tensor& x, const IntArrayRef& normalized_shape, const Tensor& weight = Tensor(),
                          const Tensor& bias = Tensor(), double eps = 1e-5);
/// RMS normalisation over the trailing dims: y = x / sqrt(mean(x^2) + eps) * weight
/// (torch.nn.functional.rms_norm; eps is required here, the Python layer fills in finfo.eps).
/// weight may have any floating dtype: the product is taken in the promoted dtype (float32 at
/// least) and cast back to x's dtype, as torch's composite.
PYT_API Tensor rms_norm(const Tensor& x, const IntArrayRef& normalized_shape, const Tensor& weight, double eps);
/// Batch normalisation over input (N, C, *) (torch.nn.functional.batch_norm). In training
/// (or without running stats) the batch statistics are used and, when running_mean /
/// running_var are defined, updated in place with momentum and the unbiased variance.
PYT_API Tensor batch_norm(const Tensor& x, const Tensor& running_mean, const Tensor& running_var,
                          const Tensor& weight, const Tensor& bias, bool training, double momentum, double eps);
/// Group normalisation over input (N, C, *) with num_groups groups of channels
/// (torch.nn.functional.group_norm). Reduced-precision inputs as layer_norm.
PYT_API Tensor group_norm(const Tensor& x, int64_t num_groups, const Tensor& weight = Tensor(),
                          const Tensor& bias = Tensor(), double eps = 1e-5);

// -------------------------------------------------------------- embeddings ---
/// Rows of weight (V, D) picked by indices (any shape, int64 or int32): (*, D)
/// (torch.nn.functional.embedding). padding_idx (wrapped, or nullopt) gets no gradient;
/// scale_grad_by_freq divides each row's gradient by its index count in the batch.
PYT_API Tensor embedding(const Tensor& weight, const Tensor& indices, std::optional<int64_t> padding_idx = std::nullopt,
                         bool scale_grad_by_freq = false);
/// Rescales, in place and without autograd, the rows of weight referenced by indices whose
/// norm_type-norm exceeds max_norm to norm max_norm (torch.embedding_renorm_).
PYT_API Tensor& embedding_renorm_(Tensor& weight, const Tensor& indices, double max_norm, double norm_type);

}  // namespace pyt
