#pragma once
// The public functional API of pyt. Every function checks its arguments (throwing
// errors of the form "op: expected ..., got ..." that name shapes and dtypes), decides
// the output shape and dtype, runs a kernel from ops/cpu/, and records an autograd node
// when grad mode is on and an input requires grad. Semantics follow the torch function
// of the same name (https://pytorch.org/docs/stable/torch.html).
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "pyt/export.h"
#include "pyt/generator.h"
#include "pyt/scalar.h"
#include "pyt/tensor.h"

namespace pyt {

using OptScalar = std::optional<Scalar>;
using OptDtype = std::optional<ScalarType>;
using DimList = std::optional<std::vector<int64_t>>;

// ---------------------------------------------------------------- creation ---
/// A 0-d tensor holding s, with dtype (default: s's natural dtype, floats -> default dtype).
PYT_API Tensor scalar_tensor(const Scalar& s, OptDtype dtype = std::nullopt);
/// A 0-d "wrapped number" tensor: a Python scalar operand, weak in type promotion.
PYT_API Tensor wrapped_scalar(const Scalar& s);
/// torch.zeros / ones / full: a tensor of shape sizes filled with 0, 1 or value.
PYT_API Tensor zeros(const IntArrayRef& sizes, ScalarType dtype = ScalarType::Float32);
PYT_API Tensor ones(const IntArrayRef& sizes, ScalarType dtype = ScalarType::Float32);
PYT_API Tensor full(const IntArrayRef& sizes, const Scalar& value, ScalarType dtype);
PYT_API Tensor zeros_like(const Tensor& t, OptDtype dtype = std::nullopt);
PYT_API Tensor ones_like(const Tensor& t, OptDtype dtype = std::nullopt);
PYT_API Tensor full_like(const Tensor& t, const Scalar& value, OptDtype dtype = std::nullopt);
PYT_API Tensor empty_like(const Tensor& t, OptDtype dtype = std::nullopt);
/// torch.arange: values start, start+step, ... below end (above, for step < 0).
PYT_API Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step, OptDtype dtype);
/// torch.linspace: steps values evenly spaced from start to end inclusive.
PYT_API Tensor linspace(double start, double end, int64_t steps, ScalarType dtype);
/// torch.eye: an n x m matrix with ones on the diagonal.
PYT_API Tensor eye(int64_t n, int64_t m, ScalarType dtype);
/// torch.rand: uniform on [0, 1). gen = nullptr uses the default generator.
PYT_API Tensor rand(const IntArrayRef& sizes, ScalarType dtype, Generator* gen = nullptr);
/// torch.randn: standard normal (Box-Muller on Philox uniforms).
PYT_API Tensor randn(const IntArrayRef& sizes, ScalarType dtype, Generator* gen = nullptr);
/// torch.randint: integers uniform on [low, high).
PYT_API Tensor randint(int64_t low, int64_t high, const IntArrayRef& sizes, ScalarType dtype,
                       Generator* gen = nullptr);
/// torch.randperm: a random permutation of 0..n-1.
PYT_API Tensor randperm(int64_t n, ScalarType dtype, Generator* gen = nullptr);
/// In place: fills t with uniform values on [from, to).
PYT_API Tensor& uniform_(Tensor& t, double from, double to, Generator* gen = nullptr);
/// In place: fills t with normal values of the given mean and std.
PYT_API Tensor& normal_(Tensor& t, double mean, double std, Generator* gen = nullptr);
/// In place: fills t with 1 with probability p, else 0.
PYT_API Tensor& bernoulli_(Tensor& t, double p, Generator* gen = nullptr);

// ---------------------------------------------------------- conversion ---
/// Tensor.to(dtype): the same values in dtype (a copy unless dtype already matches and
/// copy is false).
PYT_API Tensor to_dtype(const Tensor& t, ScalarType dtype, bool copy = false);
/// A contiguous tensor with the same values (t itself if already contiguous).
PYT_API Tensor contiguous(const Tensor& t);
/// A copy with its own storage (Tensor.clone).
PYT_API Tensor clone(const Tensor& t);
/// Copies src (broadcast, converted) into dst in place (Tensor.copy_).
PYT_API Tensor& copy_(Tensor& dst, const Tensor& src);
/// Fills t in place with value (Tensor.fill_).
PYT_API Tensor& fill_(Tensor& t, const Scalar& value);
PYT_API Tensor& zero_(Tensor& t);

/// Checks that t may be modified in place by op while grad mode records the graph:
/// RuntimeError for a leaf that requires grad, a view of one, or (not yet supported) a
/// view of a tensor that requires grad.
PYT_API void check_inplace(const Tensor& t, const char* op);
/// Resizes self in place to sizes (torch.Tensor.resize_): nothing happens (no version bump)
/// when sizes are unchanged; otherwise self gets contiguous strides, the storage grows (keeping
/// its bytes, new ones zeroed) when the new shape needs more, and the version is bumped
/// (an inference tensor outside inference mode then raises). RuntimeError when self requires
/// grad ("cannot resize variables that require grad"), for negative sizes, and for storage
/// borrowed from numpy that would have to grow.
PYT_API Tensor& resize_(Tensor& self, const std::vector<int64_t>& sizes);

namespace detail {
/// Copies src (broadcast to dst's shape) into dst without version bump or autograd.
PYT_API void copy_data(Tensor& dst, const Tensor& src);
/// Fills t with value without version bump or autograd.
PYT_API void fill_data(Tensor& t, const Scalar& value);
/// A view of t's storage with the given sizes, strides and storage offset, sharing t's version
/// counter and remembering t's root base (no autograd, no bounds check: callers check).
PYT_API Tensor make_view(const Tensor& t, std::vector<int64_t> sizes, std::vector<int64_t> strides, int64_t offset);
/// Storage positions of every element of a strided geometry, in row-major element order.
PYT_API std::vector<int64_t> element_positions(const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides,
                                               int64_t offset);
}  // namespace detail

// --------------------------------------------------- elementwise binary ---
/// a + alpha * b with broadcasting and type promotion (torch.add).
PYT_API Tensor add(const Tensor& a, const Tensor& b, const Scalar& alpha = Scalar(1));
/// a - alpha * b (torch.sub).
PYT_API Tensor sub(const Tensor& a, const Tensor& b, const Scalar& alpha = Scalar(1));
PYT_API Tensor mul(const Tensor& a, const Tensor& b);
/// a / b; rounding_mode "" (true division), "trunc" or "floor" (torch.div).
PYT_API Tensor div(const Tensor& a, const Tensor& b, const std::string& rounding_mode = "");
/// a ** b (torch.pow).
PYT_API Tensor pow(const Tensor& a, const Tensor& b);
/// Python-style modulus: the result has the sign of b (torch.remainder).
PYT_API Tensor remainder(const Tensor& a, const Tensor& b);
/// Bitwise (logical for bool) and / or / xor / not of integral or bool tensors.
PYT_API Tensor bitwise_and(const Tensor& a, const Tensor& b);
PYT_API Tensor bitwise_or(const Tensor& a, const Tensor& b);
PYT_API Tensor bitwise_xor(const Tensor& a, const Tensor& b);
PYT_API Tensor bitwise_not(const Tensor& t);
PYT_API Tensor maximum(const Tensor& a, const Tensor& b);
PYT_API Tensor minimum(const Tensor& a, const Tensor& b);
PYT_API Tensor eq(const Tensor& a, const Tensor& b);
PYT_API Tensor ne(const Tensor& a, const Tensor& b);
PYT_API Tensor lt(const Tensor& a, const Tensor& b);
PYT_API Tensor le(const Tensor& a, const Tensor& b);
PYT_API Tensor gt(const Tensor& a, const Tensor& b);
PYT_API Tensor ge(const Tensor& a, const Tensor& b);
/// The gradient of relu: grad where output > 0, else 0 (same shapes; output is relu's result).
PYT_API Tensor threshold_backward(const Tensor& grad, const Tensor& output);
/// Elementwise cond ? a : b with broadcasting (torch.where).
PYT_API Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);

PYT_API Tensor& add_(Tensor& a, const Tensor& b, const Scalar& alpha = Scalar(1));
PYT_API Tensor& sub_(Tensor& a, const Tensor& b, const Scalar& alpha = Scalar(1));
PYT_API Tensor& mul_(Tensor& a, const Tensor& b);
PYT_API Tensor& div_(Tensor& a, const Tensor& b, const std::string& rounding_mode = "");
PYT_API Tensor& pow_(Tensor& a, const Tensor& b);

// ---------------------------------------------------- elementwise unary ---
PYT_API Tensor neg(const Tensor& t);
PYT_API Tensor exp(const Tensor& t);
PYT_API Tensor log(const Tensor& t);
PYT_API Tensor sqrt(const Tensor& t);
PYT_API Tensor abs(const Tensor& t);
PYT_API Tensor sign(const Tensor& t);
PYT_API Tensor relu(const Tensor& t);
PYT_API Tensor sigmoid(const Tensor& t);
PYT_API Tensor tanh(const Tensor& t);
/// Elementwise min(max(t, min), max); either bound may be absent (torch.clamp).
PYT_API Tensor clamp(const Tensor& t, const OptScalar& min, const OptScalar& max);
/// clamp with tensor bounds (either may be undefined), broadcast together; the result dtype
/// promotes over all three; NaN in any operand gives NaN (torch.clamp(input, Tensor, Tensor)).
PYT_API Tensor clamp(const Tensor& t, const Tensor& min, const Tensor& max);
PYT_API Tensor& neg_(Tensor& t);
PYT_API Tensor& exp_(Tensor& t);
PYT_API Tensor& log_(Tensor& t);
PYT_API Tensor& sqrt_(Tensor& t);
PYT_API Tensor& abs_(Tensor& t);
PYT_API Tensor& relu_(Tensor& t);
PYT_API Tensor& sigmoid_(Tensor& t);
PYT_API Tensor& tanh_(Tensor& t);
PYT_API Tensor& clamp_(Tensor& t, const OptScalar& min, const OptScalar& max);

// ----------------------------------------------------------- reductions ---
/// Sum over dims (all when absent), keeping reduced dims as size 1 when keepdim.
/// Integer and bool inputs sum to int64 unless dtype is given (torch.sum).
PYT_API Tensor sum(const Tensor& t, const DimList& dims = std::nullopt, bool keepdim = false,
                   OptDtype dtype = std::nullopt);
/// Mean over dims; floating inputs only (torch.mean).
PYT_API Tensor mean(const Tensor& t, const DimList& dims = std::nullopt, bool keepdim = false,
                    OptDtype dtype = std::nullopt);
/// Maximum of all elements (torch.max(input)); RuntimeError on an empty tensor.
PYT_API Tensor max(const Tensor& t);
PYT_API Tensor min(const Tensor& t);
/// (values, indices) of the maximum along dim (torch.max(input, dim, keepdim)).
PYT_API std::tuple<Tensor, Tensor> max(const Tensor& t, int64_t dim, bool keepdim = false);
PYT_API std::tuple<Tensor, Tensor> min(const Tensor& t, int64_t dim, bool keepdim = false);
/// Index of the maximum along dim, or of the flattened tensor when dim is absent.
PYT_API Tensor argmax(const Tensor& t, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);
PYT_API Tensor argmin(const Tensor& t, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);
/// Reduces a gradient of a broadcast result back to sizes (sums broadcast dims).
PYT_API Tensor sum_to_size(const Tensor& t, const IntArrayRef& sizes);

// --------------------------------------------------------- shape, views ---
/// A view with a new shape (one dim may be -1); RuntimeError if the strides do not allow
/// it (torch.Tensor.view).
PYT_API Tensor view(const Tensor& t, const IntArrayRef& shape);
/// view when possible, else a copy (torch.reshape).
PYT_API Tensor reshape(const Tensor& t, const IntArrayRef& shape);
PYT_API Tensor flatten(const Tensor& t, int64_t start_dim = 0, int64_t end_dim = -1);
/// Removes size-1 dims (all, or only those listed).
PYT_API Tensor squeeze(const Tensor& t, const DimList& dims = std::nullopt);
PYT_API Tensor unsqueeze(const Tensor& t, int64_t dim);
/// A broadcast view to sizes (-1 keeps a dim) (torch.Tensor.expand).
PYT_API Tensor expand(const Tensor& t, const IntArrayRef& sizes);
PYT_API Tensor permute(const Tensor& t, const IntArrayRef& dims);
PYT_API Tensor transpose(const Tensor& t, int64_t d0, int64_t d1);
/// Transpose of a <= 2-d tensor (torch.t).
PYT_API Tensor t(const Tensor& t);
/// The view t[..., index, ...] along dim (torch.select); IndexError when out of range.
PYT_API Tensor select(const Tensor& t, int64_t dim, int64_t index);
/// The view t[start:end:step] along dim (Python slice semantics, step > 0).
PYT_API Tensor slice(const Tensor& t, int64_t dim, std::optional<int64_t> start,
                     std::optional<int64_t> end, int64_t step = 1);
/// A view with explicit sizes, strides and storage offset (checked against the storage).
PYT_API Tensor as_strided(const Tensor& t, const IntArrayRef& sizes, const IntArrayRef& strides,
                          std::optional<int64_t> storage_offset = std::nullopt);
/// Concatenates tensors along dim (torch.cat); shapes must match except along dim.
PYT_API Tensor cat(const TensorList& tensors, int64_t dim = 0);
/// Stacks equally shaped tensors along a new dim (torch.stack).
PYT_API Tensor stack(const TensorList& tensors, int64_t dim = 0);

// ------------------------------------------------------------- indexing ---
/// Rows of t along dim picked by the 1-d (or 0-d) integer tensor index (torch.index_select).
PYT_API Tensor index_select(const Tensor& t, int64_t dim, const Tensor& index);
/// t[..., index, ...] with an integer tensor of any shape on dim: the result has
/// index's shape in place of dim (advanced indexing on one dim).
PYT_API Tensor index_dim(const Tensor& t, int64_t dim, const Tensor& index);
/// Out of place: t with source added at positions index along dim (torch.index_add).
PYT_API Tensor index_add(const Tensor& t, int64_t dim, const Tensor& index, const Tensor& source,
                         const Scalar& alpha = Scalar(1));
/// out[i][j] = t[i][index[i][j]] along dim (torch.gather).
PYT_API Tensor gather(const Tensor& t, int64_t dim, const Tensor& index);
/// Out of place: t with src written at index along dim; duplicates: the last write wins
/// (torch.scatter with a src tensor).
PYT_API Tensor scatter(const Tensor& t, int64_t dim, const Tensor& index, const Tensor& src);
/// Elements of t picked along dim by indices broadcast against t (torch.take_along_dim);
/// without dim, t and indices are flattened.
PYT_API Tensor take_along_dim(const Tensor& t, const Tensor& indices, std::optional<int64_t> dim = std::nullopt);
/// Out of place: t with src added at index along dim (torch.scatter_add).
PYT_API Tensor scatter_add(const Tensor& t, int64_t dim, const Tensor& index, const Tensor& src);

/// Indices of the nonzero elements as an (n, ndim) int64 tensor, in row-major order (torch.nonzero).
PYT_API Tensor nonzero(const Tensor& t);
/// Elements of t where the bool mask (broadcastable to t) is true, as a 1-d tensor (torch.masked_select).
PYT_API Tensor masked_select(const Tensor& t, const Tensor& mask);
/// Out of place: t with elements where mask is true replaced by value (torch.masked_fill).
PYT_API Tensor masked_fill(const Tensor& t, const Tensor& mask, const Scalar& value);

// -------------------------------------------------------- linear algebra ---
/// Matrix product of two 2-d tensors (torch.mm).
PYT_API Tensor mm(const Tensor& a, const Tensor& b);
/// Batched matrix product of two 3-d tensors (torch.bmm).
PYT_API Tensor bmm(const Tensor& a, const Tensor& b);
/// torch.matmul: 1-d/2-d/batched products with batch broadcasting.
PYT_API Tensor matmul(const Tensor& a, const Tensor& b);
/// Inner product of two 1-d tensors of equal size and dtype (torch.dot).
PYT_API Tensor dot(const Tensor& a, const Tensor& b);
/// Matrix (n, m) times vector (m) (torch.mv).
PYT_API Tensor mv(const Tensor& mat, const Tensor& vec);
/// Outer product of two 1-d tensors: (n) x (m) -> (n, m) (torch.outer).
PYT_API Tensor outer(const Tensor& a, const Tensor& b);
/// beta * bias + alpha * (a @ b) (torch.addmm).
PYT_API Tensor addmm(const Tensor& bias, const Tensor& a, const Tensor& b,
                     const Scalar& beta = Scalar(1), const Scalar& alpha = Scalar(1));

// ------------------------------------------------------------------- nn ---
/// y = x W^T + b (torch.nn.functional.linear); x (*, in), W (out, in), b (out) or undefined.
PYT_API Tensor linear(const Tensor& x, const Tensor& weight, const Tensor& bias = Tensor());
PYT_API Tensor softmax(const Tensor& t, int64_t dim, OptDtype dtype = std::nullopt);
PYT_API Tensor log_softmax(const Tensor& t, int64_t dim, OptDtype dtype = std::nullopt);
/// Negative log likelihood (torch.nn.functional.nll_loss): input (N, C) or (C) of log
/// probabilities, target (N) or () class indices; reduction "none" | "mean" | "sum".
PYT_API Tensor nll_loss(const Tensor& input, const Tensor& target, const Tensor& weight = Tensor(),
                        const std::string& reduction = "mean", int64_t ignore_index = -100);
/// log_softmax + nll_loss over dim 1 (torch.nn.functional.cross_entropy, class indices).
PYT_API Tensor cross_entropy(const Tensor& input, const Tensor& target, const Tensor& weight = Tensor(),
                             const std::string& reduction = "mean", int64_t ignore_index = -100);
/// Mean squared error (torch.nn.functional.mse_loss).
PYT_API Tensor mse_loss(const Tensor& input, const Tensor& target, const std::string& reduction = "mean");
/// 2-d convolution (torch.nn.functional.conv2d): input (N, C_in, H, W) or (C_in, H, W),
/// weight (C_out, C_in/groups, kH, kW), bias (C_out) or undefined. Lowered onto GEMM.
PYT_API Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias,
                      const IntArrayRef& stride, const IntArrayRef& padding,
                      const IntArrayRef& dilation, int64_t groups);
/// 2-d max pooling returning (values, flat indices into H*W) (torch max_pool2d_with_indices).
PYT_API std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input, const IntArrayRef& kernel_size,
                                                           const IntArrayRef& stride, const IntArrayRef& padding,
                                                           const IntArrayRef& dilation, bool ceil_mode);
PYT_API Tensor max_pool2d(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& stride,
                          const IntArrayRef& padding, const IntArrayRef& dilation, bool ceil_mode);
/// Zeroes elements with probability p and scales the rest by 1/(1-p) when train.
PYT_API Tensor dropout(const Tensor& input, double p, bool train, Generator* gen = nullptr);

// --------------------------------------------------- backward-only kernels ---
/// Gradients of conv2d w.r.t. input and weight (not differentiable again).
PYT_API Tensor conv2d_backward_input(const Tensor& grad_out, const Tensor& weight, const IntArrayRef& input_sizes,
                                     const IntArrayRef& stride, const IntArrayRef& padding,
                                     const IntArrayRef& dilation, int64_t groups);
PYT_API Tensor conv2d_backward_weight(const Tensor& grad_out, const Tensor& input, const IntArrayRef& weight_sizes,
                                      const IntArrayRef& stride, const IntArrayRef& padding,
                                      const IntArrayRef& dilation, int64_t groups);
/// Gradient of max_pool2d: grad_out scattered to the argmax positions.
PYT_API Tensor max_pool2d_backward(const Tensor& grad_out, const Tensor& indices, const IntArrayRef& input_sizes);

// -------------------------------------------------------------- optim ---
/// One SGD step over all params of a group, in place, as torch.optim.SGD (foreach=False):
/// d = g (+ wd p); buf = momentum buf*momentum + (1-dampening) d; d = nesterov ? d + momentum buf : buf;
/// p -= lr d. momentum_buffers[i] is created on first use when momentum != 0.
PYT_API void sgd_step(TensorList& params, const TensorList& grads, TensorList& momentum_buffers, double lr,
                      double momentum, double dampening, double weight_decay, bool nesterov, bool maximize);
/// One Adam/AdamW step (torch.optim.Adam / AdamW, amsgrad supported), in place.
/// decoupled_weight_decay selects AdamW. steps[i] is the step count after this update.
PYT_API void adam_step(TensorList& params, const TensorList& grads, TensorList& exp_avgs,
                       TensorList& exp_avg_sqs, TensorList& max_exp_avg_sqs, const std::vector<int64_t>& steps,
                       double lr, double beta1, double beta2, double eps, double weight_decay, bool amsgrad,
                       bool maximize, bool decoupled_weight_decay);

// ----------------------------------------------------------- operators ---
PYT_API Tensor operator+(const Tensor& a, const Tensor& b);
PYT_API Tensor operator-(const Tensor& a, const Tensor& b);
PYT_API Tensor operator*(const Tensor& a, const Tensor& b);
PYT_API Tensor operator/(const Tensor& a, const Tensor& b);
PYT_API Tensor operator-(const Tensor& a);
PYT_API Tensor operator+(const Tensor& a, const Scalar& b);
PYT_API Tensor operator-(const Tensor& a, const Scalar& b);
PYT_API Tensor operator*(const Tensor& a, const Scalar& b);
PYT_API Tensor operator/(const Tensor& a, const Scalar& b);
PYT_API Tensor operator*(const Scalar& a, const Tensor& b);

/// The dtype an op on these operands computes in: torch.result_type semantics (dimensioned
/// tensors > 0-d tensors > wrapped numbers; a lower group only raises the category).
PYT_API ScalarType result_type(const TensorList& operands);

}  // namespace pyt

#include "pyt/ops/math.h"
#include "pyt/ops/shape_reduce.h"
#include "pyt/ops/optim2.h"
#include "pyt/ops/conv.h"
#include "pyt/ops/pool.h"
#include "pyt/ops/loss.h"
#include "pyt/ops/loss2.h"
#include "pyt/ops/sampling.h"
#include "pyt/ops/nn_norm.h"
#include "pyt/ops/rnn.h"
#include "pyt/ops/index.h"
#include "pyt/ops/linalg2.h"
#include "pyt/ops/linalg_lapack.h"
#include "pyt/ops/stats.h"
#include "pyt/ops/extra.h"
#include "pyt/ops/tmeta.h"
#include "pyt/ops/random.h"
#include "pyt/ops/reduced_precision.h"
#include "pyt/ops/mathx.h"
