// Neural-network ops: linear, softmax, log_softmax, losses, dropout (convolution and pooling: conv.cpp, pool.cpp).
#include <algorithm>
#include <cmath>
#include <cstring>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/generator.h"
#include "pyt/ops/cpu/blas.h"
#include "pyt/ops/cpu/conv_pool.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/vec_math.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

Tensor linear(const Tensor& x, const Tensor& weight, const Tensor& bias) {
  PYT_CHECK(weight.dim() == 2, RuntimeError, "linear: expected weight to be 2-d (out_features, in_features), got ",
            weight.describe());
  PYT_CHECK(x.dim() >= 1, RuntimeError, "linear: expected input with at least 1 dim, got ", x.describe());
  PYT_CHECK(x.sizes().back() == weight.sizes()[1], RuntimeError, "linear: mat1 and mat2 shapes cannot be multiplied (",
            x.numel() / std::max<int64_t>(1, x.sizes().back()), "x", x.sizes().back(), " and ", weight.sizes()[1], "x",
            weight.sizes()[0], "); input ", x.describe(), ", weight ", weight.describe());
  if (bias.defined())
    PYT_CHECK(bias.dim() <= 1 && bias.numel() == weight.sizes()[0], RuntimeError, "linear: expected bias of shape [",
              weight.sizes()[0], "], got ", bias.describe());
  if (x.dim() == 2 && bias.defined()) return addmm(bias, x, t(weight));
  Tensor y = matmul(x, t(weight));
  return bias.defined() ? add(y, bias) : y;
}

// ------------------------------------------------------------- softmax ---

namespace {

// y = softmax or log_softmax of x (contiguous) along dim (outer, n, inner layout).
void softmax_kernel(const Tensor& x, Tensor& y, int64_t dim, bool log) {
  int64_t outer = 1, inner = 1, n = x.dim() == 0 ? 1 : x.sizes()[dim];
  for (int64_t d = 0; d < dim; ++d) outer *= x.sizes()[d];
  for (int64_t d = dim + 1; d < x.dim(); ++d) inner *= x.sizes()[d];
  if (n == 0) return;
  if (x.dtype() == ScalarType::Float32 && inner == 1) {
    // Rows along the last dim: vectorised max, exp(x - max) with its sum, then one scaling
    // pass (Note [SIMD dispatch]). A row is computed by one thread, so the result does not
    // depend on the thread count.
    const cpu::vec::Table& vt = cpu::vec::table();
    const float* px = x.data_ptr<float>();
    float* py = y.data_ptr<float>();
    parallel_for(0, outer, std::max<int64_t>(1, 16384 / n), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        const float* xr = px + r * n;
        float* yr = py + r * n;
        float mx = vt.max(xr, n);
        if (std::isinf(mx) && mx < 0) mx = 0;  // all -inf row: avoid inf - inf
        float s = vt.exp_shifted_sum(xr, yr, n, mx);
        if (log)
          vt.sub2(xr, yr, n, mx, std::log(s));
        else
          vt.scale(yr, yr, n, 1.0f / s);
      }
    });
    return;
  }
  PYT_DISPATCH_FLOATING(x.dtype(), log ? "log_softmax" : "softmax", [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    scalar_t* py = y.data_ptr<scalar_t>();
    int64_t rows = outer * inner;
    parallel_for(0, rows, std::max<int64_t>(1, 16384 / n), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        int64_t o = r / inner, i = r % inner;
        const scalar_t* xr = px + o * n * inner + i;
        scalar_t* yr = py + o * n * inner + i;
        scalar_t mx = -std::numeric_limits<scalar_t>::infinity();
        for (int64_t k = 0; k < n; ++k) mx = std::max(mx, xr[k * inner]);
        if (std::isinf(mx) && mx < 0) mx = 0;  // all -inf row: avoid inf - inf
        double s = 0;
        for (int64_t k = 0; k < n; ++k) s += std::exp(static_cast<double>(xr[k * inner] - mx));
        if (log) {
          scalar_t lse = static_cast<scalar_t>(std::log(s)) + mx;
          for (int64_t k = 0; k < n; ++k) yr[k * inner] = xr[k * inner] - lse;
        } else {
          scalar_t inv = static_cast<scalar_t>(1.0 / s);
          for (int64_t k = 0; k < n; ++k) yr[k * inner] = std::exp(xr[k * inner] - mx) * inv;
        }
      }
    });
  });
}

Tensor softmax_impl(const Tensor& t, int64_t dim, OptDtype dtype, bool log) {
  const char* op = log ? "log_softmax" : "softmax";
  int64_t d = maybe_wrap_dim(dim, t.dim(), op);
  Tensor in = dtype ? to_dtype(t, *dtype) : t;
  if (is_half_float(in.dtype()))
    return run_in_float32({in}, in.dtype(), [&](const TensorList& a) {
      return TensorList{softmax_impl(a[0], d, std::nullopt, log)};
    })[0];
  PYT_CHECK(is_floating_type(in.dtype()), NotImplementedError, op, ": \"", op, "_lastdim_kernel_impl\" not implemented for '",
            torch_dispatch_name(in.dtype()), "'");
  Tensor x = contiguous(in.detach());
  Tensor y = empty(in.sizes(), in.dtype());
  softmax_kernel(x, y, d, log);
  if (any_requires_grad({&in})) {
    std::shared_ptr<BackwardNode> node;
    if (log) {
      node = make_node("LogSoftmaxBackward0", {in}, [d](BackwardNode& n, const TensorList& g) {
        Tensor y = n.saved(0);
        return TensorList{sub(g[0], mul(exp(y), sum(g[0], std::vector<int64_t>{d}, true)))};
      });
    } else {
      node = make_node("SoftmaxBackward0", {in}, [d](BackwardNode& n, const TensorList& g) {
        Tensor y = n.saved(0);
        Tensor gy = mul(g[0], y);
        return TensorList{sub(gy, mul(y, sum(gy, std::vector<int64_t>{d}, true)))};
      });
    }
    node->save(y, true);
    set_history(y, node);
  }
  return y;
}

}  // namespace

Tensor softmax(const Tensor& t, int64_t dim, OptDtype dtype) { return softmax_impl(t, dim, dtype, false); }
Tensor log_softmax(const Tensor& t, int64_t dim, OptDtype dtype) { return softmax_impl(t, dim, dtype, true); }

// -------------------------------------------------------------- losses ---

namespace {
Tensor apply_reduction(const Tensor& loss, const std::string& reduction, const char* op) {
  if (reduction == "none") return loss;
  if (reduction == "sum") return sum(loss);
  if (reduction == "mean") return mean(loss);
  throw ValueError(str(op, ": ", reduction, " is not a valid value for reduction"));
}
}  // namespace

Tensor nll_loss(const Tensor& input, const Tensor& target, const Tensor& weight, const std::string& reduction,
                int64_t ignore_index) {
  PYT_CHECK(reduction == "none" || reduction == "mean" || reduction == "sum", ValueError, "nll_loss: ", reduction,
            " is not a valid value for reduction");
  PYT_CHECK(input.dim() >= 1, ValueError, "nll_loss: expected input with at least 1 dim, got ", input.describe());
  if (ScalarType rd = reduced_float_of({input, weight}); rd != ScalarType::Undefined)
    return run_in_float32({input, target, weight}, rd, [&](const TensorList& a) {
      return TensorList{nll_loss(a[0], a[1], a[2], reduction, ignore_index)};
    })[0];
  PYT_CHECK(is_floating_type(input.dtype()), NotImplementedError, "nll_loss: \"",
            input.dim() >= 3 ? "nll_loss2d_forward_out_frame" : "nll_loss_out_frame", "\" not implemented for '",
            torch_dispatch_name(input.dtype()), "' (input ", input.describe(), ")");
  PYT_CHECK(target.dtype() == ScalarType::Int64, RuntimeError,
            "nll_loss: expected target of dtype int64 (class indices), got ", target.describe());
  // Arrange as (M, C) rows with targets (M).
  Tensor x2;
  std::vector<int64_t> out_sizes;
  int64_t C;
  if (input.dim() == 1) {
    PYT_CHECK(target.dim() == 0, ValueError, "nll_loss: expected target of shape [] for input ", input.describe(),
              ", got ", target.describe());
    C = input.sizes()[0];
    x2 = unsqueeze(input, 0);
  } else {
    C = input.sizes()[1];
    std::vector<int64_t> expect_t{input.sizes()[0]};
    for (int64_t d = 2; d < input.dim(); ++d) expect_t.push_back(input.sizes()[d]);
    PYT_CHECK(target.sizes() == expect_t, ValueError, "nll_loss: Expected target of shape ", shape_to_string(expect_t),
              " for input ", input.describe(), ", got ", target.describe());
    out_sizes = expect_t;
    if (input.dim() == 2) {
      x2 = input;
    } else {
      std::vector<int64_t> perm{0};
      for (int64_t d = 2; d < input.dim(); ++d) perm.push_back(d);
      perm.push_back(1);
      x2 = reshape(permute(input, perm), {-1, C});
    }
  }
  if (weight.defined())
    PYT_CHECK(weight.dim() == 1 && weight.numel() == C, RuntimeError, "nll_loss: weight tensor should be defined "
              "either for all ", C, " classes or no classes but got weight tensor of shape: ", weight.shape_str());
  Tensor tflat = reshape(target.detach(), {-1});
  // Validate targets; ignored entries are redirected to class 0 and masked out.
  Tensor tsafe = clone(tflat);
  Tensor maskf = empty({tflat.numel()}, input.dtype());
  {
    int64_t* pt = tsafe.data_ptr<int64_t>();
    PYT_DISPATCH_FLOATING(input.dtype(), "nll_loss", [&] {
      scalar_t* pm = maskf.data_ptr<scalar_t>();
      for (int64_t i = 0; i < tsafe.numel(); ++i) {
        int64_t v = pt[i];
        if (v == ignore_index) {
          pt[i] = 0;
          pm[i] = 0;
          continue;
        }
        PYT_CHECK(v >= 0 && v < C, IndexError, "nll_loss: Target ", v, " is out of bounds (", C, " classes).");
        pm[i] = 1;
      }
    });
  }
  if (C == 0) PYT_CHECK(tflat.numel() == 0, IndexError, "nll_loss: Target is out of bounds (0 classes).");
  Tensor w = maskf;
  if (weight.defined()) w = mul(index_select(to_dtype(weight.detach(), input.dtype()), 0, tsafe), maskf);
  Tensor out, total_weight;
  {
    autograd::NoGradGuard ng;
    Tensor picked = reshape(gather(x2.detach(), 1, unsqueeze(tsafe, 1)), {-1});
    Tensor losses = neg(mul(picked, w));
    total_weight = sum(w);
    if (reduction == "none") out = reshape(losses, out_sizes);
    else if (reduction == "sum") out = sum(losses);
    else out = div(sum(losses), total_weight);
  }
  if (any_requires_grad({&input})) {
    std::vector<int64_t> in_sizes = input.sizes(), x2_sizes = x2.sizes();
    bool is_mean = reduction == "mean", is_none = reduction == "none";
    int64_t in_dim = input.dim();
    auto node = make_node("NllLossBackward0", {input},
                          [in_sizes, x2_sizes, is_mean, is_none, in_dim, C](BackwardNode& n, const TensorList& g) {
                            Tensor tsafe = n.saved(0), wts = n.saved(1), tw = n.saved(2), keep = n.saved(3);
                            // d loss_i / d x[i, t_i] = -w_i (divided by the total weight for 'mean').
                            Tensor gi = is_none ? reshape(g[0], {-1}) : expand(g[0], wts.sizes());
                            Tensor coef = neg(mul(wts, gi));
                            if (is_mean) coef = div(coef, tw);
                            // Ignored targets get exactly 0, even when the total weight is 0 (as
                            // ATen's kernels, which skip them); other rows keep 0 * inf = nan.
                            coef = where(keep, coef, zeros({}, coef.dtype()));
                            Tensor g2 = scatter_add(zeros(x2_sizes, coef.dtype()), 1, unsqueeze(tsafe, 1),
                                                    unsqueeze(coef, 1));
                            if (in_dim == 1) return TensorList{reshape(g2, in_sizes)};
                            if (in_dim == 2) return TensorList{g2};
                            // (N*d1*..., C) back to (N, C, d1, ...)
                            std::vector<int64_t> perm_sizes{in_sizes[0]};
                            for (int64_t d = 2; d < in_dim; ++d) perm_sizes.push_back(in_sizes[d]);
                            perm_sizes.push_back(C);
                            std::vector<int64_t> inv{0, in_dim - 1};
                            for (int64_t d = 1; d < in_dim - 1; ++d) inv.push_back(d);
                            return TensorList{contiguous(permute(reshape(g2, perm_sizes), inv))};
                          });
    node->save(tsafe);
    node->save(w);
    node->save(total_weight);
    node->save(ne(tflat, wrapped_scalar(Scalar(ignore_index))));
    set_history(out, node);
  }
  return out;
}

Tensor cross_entropy(const Tensor& input, const Tensor& target, const Tensor& weight, const std::string& reduction,
                     int64_t ignore_index) {
  PYT_CHECK(input.dim() >= 1, ValueError, "cross_entropy: expected input with at least 1 dim, got ", input.describe());
  int64_t cdim = input.dim() == 1 ? 0 : 1;
  Tensor logp = log_softmax(input, cdim);
  if (is_floating_type(target.dtype())) {
    // Class probabilities.
    PYT_CHECK(target.sizes() == input.sizes(), RuntimeError, "cross_entropy: expected probability target of shape ",
              input.shape_str(), ", got ", target.describe());
    Tensor prod = mul(logp, target);
    if (weight.defined()) {
      std::vector<int64_t> wshape(input.dim(), 1);
      wshape[cdim] = weight.numel();
      prod = mul(prod, reshape(weight, wshape));
    }
    Tensor losses = neg(sum(prod, std::vector<int64_t>{cdim}));
    if (reduction == "mean") {
      int64_t n = input.dim() == 1 ? 1 : input.numel() / std::max<int64_t>(1, input.sizes()[1]);
      return div(sum(losses), wrapped_scalar(Scalar(static_cast<double>(n))));
    }
    return apply_reduction(losses, reduction, "cross_entropy");
  }
  return nll_loss(logp, target, weight, reduction, ignore_index);
}

Tensor mse_loss(const Tensor& input, const Tensor& target, const std::string& reduction) {
  PYT_CHECK(reduction == "none" || reduction == "mean" || reduction == "sum", ValueError, "mse_loss: ", reduction,
            " is not a valid value for reduction");
  PYT_CHECK(is_floating_type(input.dtype()) || is_floating_type(target.dtype()), NotImplementedError,
            "mse_loss: \"mse_cpu\" not implemented for '", torch_dispatch_name(input.dtype()), "' (input ",
            input.describe(), ", target ", target.describe(), ")");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    Tensor d = sub(input, target);
    out = apply_reduction(mul(d, d), reduction, "mse_loss");
  }
  if (any_requires_grad({&input, &target})) {
    std::vector<int64_t> in_sizes = input.sizes(), t_sizes = target.sizes();
    ScalarType in_dt = input.dtype(), t_dt = target.dtype();
    auto node = make_node("MseLossBackward0", {input, target},
                          [reduction, in_sizes, t_sizes, in_dt, t_dt](BackwardNode& n, const TensorList& g) {
                            Tensor d = sub(n.saved(0), n.saved(1));
                            Tensor scale = mul(g[0], wrapped_scalar(Scalar(2.0)));
                            if (reduction == "mean")
                              scale = div(scale, wrapped_scalar(Scalar(static_cast<double>(d.numel()))));
                            Tensor gd = mul(d, scale);
                            TensorList r(2);
                            if (n.needs_input_grad(0)) {
                              Tensor gi = sum_to_size(gd, in_sizes);
                              r[0] = gi.dtype() == in_dt ? gi : to_dtype(gi, in_dt);
                            }
                            if (n.needs_input_grad(1)) {
                              Tensor gt = sum_to_size(neg(gd), t_sizes);
                              r[1] = gt.dtype() == t_dt ? gt : to_dtype(gt, t_dt);
                            }
                            return r;
                          });
    node->save(input);
    node->save(target);
    set_history(out, node);
  }
  return out;
}

namespace {
// Element i in [b, e) of a dropout mask: scale when the float64 uniform of Philox block
// base + i (philox4x32, generator.cpp) is below keep, else 0.
template <typename T>
void dropout_mask_scalar(T* pm, int64_t b, int64_t e, uint64_t seed, uint64_t base, double keep, T scale) {
  for (int64_t i = b; i < e; ++i) {
    PhiloxOut r = philox4x32(seed, base + static_cast<uint64_t>(i));
    double u = uint64_to_uniform_double((static_cast<uint64_t>(r.v[0]) << 32) | r.v[1]);
    pm[i] = u < keep ? scale : T(0);
  }
}

#if defined(__x86_64__)
// The same with AVX2: Philox4x32-10 of 8 consecutive blocks at once, each 32-bit word in
// the low half of a 64-bit lane (_mm256_mul_epu32 gives the full 64-bit products). Bit for
// bit the words of philox4x32.
template <typename T>
__attribute__((target("avx2"))) void dropout_mask_avx2(T* pm, int64_t b, int64_t e, uint64_t seed, uint64_t base,
                                                       double keep, T scale) {
  const __m256i m0 = _mm256_set1_epi64x(0xD2511F53u), m1 = _mm256_set1_epi64x(0xCD9E8D57u);
  const __m256i lo32 = _mm256_set1_epi64x(0xFFFFFFFFu);
  const __m256i thr = _mm256_set1_epi64x(static_cast<int64_t>(std::ceil(keep * 9007199254740992.0)));
  const T vals[2] = {T(0), scale};
  int64_t i = b;
  for (; i + 8 <= e; i += 8) {
    __m256i c0[2], c1[2], c2[2], c3[2];
    for (int h = 0; h < 2; ++h) {
      uint64_t q = base + static_cast<uint64_t>(i + 4 * h);
      __m256i blk = _mm256_set_epi64x(static_cast<int64_t>(q + 3), static_cast<int64_t>(q + 2),
                                      static_cast<int64_t>(q + 1), static_cast<int64_t>(q));
      c0[h] = _mm256_and_si256(blk, lo32);
      c1[h] = _mm256_srli_epi64(blk, 32);
      c2[h] = c3[h] = _mm256_setzero_si256();
    }
    uint32_t k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
    for (int r = 0; r < 10; ++r) {
      const __m256i vk0 = _mm256_set1_epi64x(k0), vk1 = _mm256_set1_epi64x(k1);
      for (int h = 0; h < 2; ++h) {
        __m256i p0 = _mm256_mul_epu32(m0, c0[h]);
        __m256i p1 = _mm256_mul_epu32(m1, c2[h]);
        __m256i n0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), c1[h]), vk0);
        __m256i n2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), c3[h]), vk1);
        c1[h] = _mm256_and_si256(p1, lo32);
        c3[h] = _mm256_and_si256(p0, lo32);
        c0[h] = n0;
        c2[h] = n2;
      }
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    // u = (w >> 11) * 2^-53 < keep  <=>  the integer w >> 11 < ceil(keep * 2^53): compared
    // as integers, the kept bits then pick 0 or scale without branches.
    int bits = 0;
    for (int h = 0; h < 2; ++h) {
      __m256i v = _mm256_srli_epi64(_mm256_or_si256(_mm256_slli_epi64(c0[h], 32), c1[h]), 11);
      bits |= _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_cmpgt_epi64(thr, v))) << (4 * h);
    }
    for (int l = 0; l < 8; ++l) pm[i + l] = vals[(bits >> l) & 1];
  }
  dropout_mask_scalar(pm, i, e, seed, base, keep, scale);
}
#endif
}  // namespace

Tensor dropout(const Tensor& input, double p, bool train, Generator* gen) {
  PYT_CHECK(p >= 0 && p <= 1, ValueError, "dropout probability has to be between 0 and 1, but got ", p);
  if (!train || p == 0 || input.numel() == 0) return input;
  if (p == 1) return mul(input, zeros_like(input));
  Tensor mask = empty(input.sizes(), input.dtype());
  if (mask.dtype() == ScalarType::Float32 || mask.dtype() == ScalarType::Float64) {
    // bernoulli_(mask, 1 - p) and the 1 / (1 - p) scale in one pass: the same draws as
    // bernoulli_ (element i keeps when the float64 uniform of Philox block offset + i is
    // below 1 - p), without its float64 and bool temporaries.
    Generator& g = gen ? *gen : default_generator();
    const int64_t n = mask.numel();
    const uint64_t seed = g.initial_seed();
    const uint64_t base = g.reserve(static_cast<uint64_t>(n));
    const double keep = 1.0 - p;
#if defined(__x86_64__)
    static const bool avx2 = __builtin_cpu_supports("avx2");
#endif
    PYT_DISPATCH_FLOATING(mask.dtype(), "dropout", [&] {
      scalar_t* pm = mask.data_ptr<scalar_t>();
      const scalar_t scale = static_cast<scalar_t>(1.0 / keep);
      parallel_for(0, n, 4096, [&](int64_t b, int64_t e) {
#if defined(__x86_64__)
        if (avx2) return dropout_mask_avx2(pm, b, e, seed, base, keep, scale);
#endif
        dropout_mask_scalar(pm, b, e, seed, base, keep, scale);
      });
    });
  } else {
    bernoulli_(mask, 1.0 - p, gen);
    autograd::NoGradGuard ng;
    mul_(mask, wrapped_scalar(Scalar(1.0 / (1.0 - p))));
  }
  return mul(input, mask);
}

}  // namespace pyt
