// The loss2 family (ops/loss2.h): pointwise losses (smooth L1, Huber, soft margin) fused into
// one pass per direction, the multi-class margin losses, and embedding_bag.
//
// Note [Fused loss reductions]: a reduced pointwise loss never materialises the elementwise
// losses. The flat range is cut into fixed chunks of kChunk elements; each chunk's sum is
// accumulated in double and the chunk sums are added in chunk order, so the result is the
// same for any thread count. Backward without grad mode is one pass writing the gradient;
// under grad mode (create_graph) the same formula runs as pyt ops, so it is differentiable.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/tensor_iterator.h"
#include "pyt/ops/cpu/vec_math.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace {

constexpr int64_t kChunk = 2048;

void check_reduction(const std::string& reduction) {
  PYT_CHECK(reduction == "none" || reduction == "mean" || reduction == "sum", ValueError, reduction,
            " is not a valid value for reduction");
}

Tensor scalar_tensor(double v, ScalarType dt) {
  Tensor t = empty(std::vector<int64_t>{}, dt);
  PYT_DISPATCH_FLOATING(dt, "loss", [&] { t.data_ptr<scalar_t>()[0] = static_cast<scalar_t>(v); });
  return t;
}

Tensor cast_to(const Tensor& t, ScalarType dt) { return t.dtype() == dt ? t : to_dtype(t, dt); }

// ------------------------------------------------------------------ pointwise losses ---

enum class Pw { SmoothL1, Huber, SoftMargin };

// Note [Branch-free pointwise losses]: smooth L1 / Huber switch between two expressions at
// |d| = beta. Written as a select, GCC (under its default -ftrapping-math) sinks each side into
// a branch, which mispredicts half the time on typical data and is never vectorised (8x
// slower). With c = min(|d|, beta) both become one arithmetic expression (min is minps):
// smooth L1 = 0.5 c^2 / beta + (|d| - c), Huber = 0.5 c^2 + beta (|d| - c); the same values
// on each side of beta (to rounding), inf for inf and NaN for NaN.
template <typename T>
inline T min_of(T a, T b) {
  return a < b ? a : b;  // NaN a -> b; only used where the other term carries the NaN
}

// Elementwise losses of one chunk of m elements into buf.
template <Pw K, typename T>
inline void pw_loss_chunk(const T* x, const T* y, int64_t m, T p, T* buf) {
  // Note [Branch-free pointwise losses]
  if constexpr (K == Pw::SmoothL1) {
    const T half_inv = T(0.5) / p;
    for (int64_t i = 0; i < m; ++i) {
      T z = std::abs(x[i] - y[i]);
      T c = min_of(z, p);
      buf[i] = half_inv * c * c + (z - c);
    }
  } else if constexpr (K == Pw::Huber) {
    for (int64_t i = 0; i < m; ++i) {
      T z = std::abs(x[i] - y[i]);
      T c = min_of(z, p);
      buf[i] = T(0.5) * c * c + p * (z - c);
    }
  } else {
    // log(1 + exp(t)), t = -x y, as max(t, 0) + log1p(exp(-|t|)): finite for any t.
    if constexpr (std::is_same_v<T, float>) {
      const auto& vt = cpu::vec::table();
      for (int64_t i = 0; i < m; ++i) buf[i] = -std::abs(x[i] * y[i]);
      vt.exp(buf, buf, m);
      vt.log1p(buf, buf, m);
      for (int64_t i = 0; i < m; ++i) buf[i] += std::max(-x[i] * y[i], T(0));
    } else {
      for (int64_t i = 0; i < m; ++i) {
        T t = -x[i] * y[i];
        buf[i] = std::max(t, T(0)) + std::log1p(std::exp(-std::abs(t)));
      }
    }
  }
}

// d loss / d x times gs (g[i] * scale, or g[0] * scale when g_scalar) for one chunk.
template <Pw K, typename T>
inline void pw_grad_chunk(const T* x, const T* y, int64_t m, T p, const T* g, bool g_scalar, T scale, T* gx) {
  const T g0 = g_scalar ? g[0] * scale : T(0);
  auto gs = [&](int64_t i) { return g_scalar ? g0 : g[i] * scale; };
  // clamp(d / beta, -1, 1) and clamp(d, -delta, delta), branch-free (NaN stays NaN).
  if constexpr (K == Pw::SmoothL1) {
    const T inv = T(1) / p;
    for (int64_t i = 0; i < m; ++i) {
      T q = (x[i] - y[i]) * inv;
      q = T(-1) > q ? T(-1) : q;  // maxps / minps: NaN q stays NaN
      q = T(1) < q ? T(1) : q;
      gx[i] = q * gs(i);
    }
  } else if constexpr (K == Pw::Huber) {
    for (int64_t i = 0; i < m; ++i) {
      T d = x[i] - y[i];
      d = -p > d ? -p : d;
      d = p < d ? p : d;
      gx[i] = d * gs(i);
    }
  } else {
    // d/dx log(1 + exp(-x y)) = -y sigmoid(-x y)
    if constexpr (std::is_same_v<T, float>) {
      for (int64_t i = 0; i < m; ++i) gx[i] = -x[i] * y[i];
      cpu::vec::table().sigmoid(gx, gx, m);
      for (int64_t i = 0; i < m; ++i) gx[i] = -y[i] * gx[i] * gs(i);
    } else {
      for (int64_t i = 0; i < m; ++i) gx[i] = -y[i] / (T(1) + std::exp(x[i] * y[i])) * gs(i);
    }
  }
}

// Sum of m values in double with 8 interleaved accumulators (a fixed order: the same for
// any thread count), so the adds pipeline and vectorise.
template <typename T>
double chunk_sum(const T* v, int64_t m) {
  double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 8 <= m; i += 8)
    for (int k = 0; k < 8; ++k) acc[k] += static_cast<double>(v[i + k]);
  for (int k = 0; i < m; ++i, ++k) acc[k] += static_cast<double>(v[i]);
  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

template <Pw K>
const char* pw_name() {
  return K == Pw::SmoothL1 ? "smooth_l1_loss" : K == Pw::Huber ? "huber_loss" : "soft_margin_loss";
}
template <Pw K>
const char* pw_node() {
  return K == Pw::SmoothL1 ? "SmoothL1LossBackward0" : K == Pw::Huber ? "HuberLossBackward0"
                                                                       : "SoftMarginLossBackward0";
}

// The broadcast shape and the compute dtype (float16/bfloat16 compute in float32).
struct PwLayout {
  std::vector<int64_t> shape;
  ScalarType out_dt, cdt;
};

// smooth_l1_loss returns the promoted dtype; huber_loss and soft_margin_loss, like torch's
// (structured out= kernels), return the input's dtype.
PwLayout pw_layout(const Tensor& input, const Tensor& target, const char* op, bool out_is_input) {
  PwLayout L;
  const ScalarType common = promote_types(input.dtype(), target.dtype());
  PYT_CHECK(is_floating_type(common), NotImplementedError, "\"", op, "\" not implemented for '",
            scalar_type_name(common), "' (input ", input.describe(), ", target ", target.describe(), ")");
  PYT_CHECK(!out_is_input || is_floating_type(input.dtype()), RuntimeError, op, ": result type ",
            scalar_type_name(common), " can't be cast to the desired output type ",
            scalar_type_name(input.dtype()), " (input ", input.describe(), ")");
  L.out_dt = out_is_input ? input.dtype() : common;
  L.cdt = common == ScalarType::Float64 ? ScalarType::Float64 : ScalarType::Float32;
  L.shape = input.sizes() == target.sizes() ? input.sizes() : broadcast_shapes(input.sizes(), target.sizes(), op);
  return L;
}

Tensor pw_operand(const Tensor& t, const PwLayout& L) {
  Tensor d = cast_to(t.detach(), L.cdt);
  if (d.sizes() != L.shape) d = expand(d, L.shape);
  return contiguous(d);
}

template <Pw K>
Tensor pointwise_loss(const Tensor& input, const Tensor& target, const std::string& reduction, double param) {
  const char* op = pw_name<K>();
  check_reduction(reduction);
  if (K == Pw::SoftMargin)
    PYT_CHECK(!(autograd::GradMode::is_enabled() && target.requires_grad()), RuntimeError,
              "The function 'soft_margin_loss' is not differentiable with respect to argument 'target'. This "
              "input cannot have requires_grad True.");
  const PwLayout L = pw_layout(input, target, op, K != Pw::SmoothL1);
  Tensor x = pw_operand(input, L), y = pw_operand(target, L);
  const int64_t n = x.numel();
  const int64_t nchunks = (n + kChunk - 1) / kChunk;
  Tensor out;
  PYT_DISPATCH_FLOATING(L.cdt, op, [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    const scalar_t* py = y.data_ptr<scalar_t>();
    const scalar_t p = static_cast<scalar_t>(param);
    if (reduction == "none") {
      out = empty(L.shape, L.cdt);
      scalar_t* po = out.data_ptr<scalar_t>();
      parallel_for(0, nchunks, std::max<int64_t>(1, kGrainSize / kChunk), [&](int64_t c0, int64_t c1) {
        for (int64_t c = c0; c < c1; ++c) {
          const int64_t b = c * kChunk, m = std::min(kChunk, n - b);
          pw_loss_chunk<K, scalar_t>(px + b, py + b, m, p, po + b);
        }
      });
    } else {
      std::vector<double> partial(nchunks, 0.0);
      parallel_for(0, nchunks, std::max<int64_t>(1, kGrainSize / kChunk), [&](int64_t c0, int64_t c1) {
        scalar_t buf[kChunk];
        for (int64_t c = c0; c < c1; ++c) {
          const int64_t b = c * kChunk, m = std::min(kChunk, n - b);
          pw_loss_chunk<K, scalar_t>(px + b, py + b, m, p, buf);
          partial[c] = chunk_sum(buf, m);
        }
      });
      double total = 0;
      for (double s : partial) total += s;
      if (reduction == "mean") total = n == 0 ? std::numeric_limits<double>::quiet_NaN() : total / n;
      out = scalar_tensor(total, L.cdt);
    }
  });
  out = cast_to(out, L.out_dt);
  if (any_requires_grad({&input, &target})) {
    const std::vector<int64_t> in_sizes = input.sizes(), t_sizes = target.sizes();
    const ScalarType in_dt = input.dtype(), t_dt = target.dtype();
    auto node = make_node(pw_node<K>(), {input, target}, [=](BackwardNode& nd, const TensorList& g) {
      Tensor xi = nd.saved(0), yi = nd.saved(1);
      TensorList r(2);
      if (!autograd::GradMode::is_enabled()) {
        Tensor xc = pw_operand(xi, L), yc = pw_operand(yi, L);
        Tensor gc = contiguous(cast_to(g[0].detach(), L.cdt));
        Tensor gx = empty(L.shape, L.cdt);
        PYT_DISPATCH_FLOATING(L.cdt, op, [&] {
          const scalar_t* px = xc.data_ptr<scalar_t>();
          const scalar_t* py = yc.data_ptr<scalar_t>();
          const scalar_t* pg = gc.data_ptr<scalar_t>();
          scalar_t* pgx = gx.data_ptr<scalar_t>();
          const bool g_scalar = reduction != "none";
          const scalar_t scale = reduction == "mean" ? scalar_t(1) / static_cast<scalar_t>(std::max<int64_t>(n, 1))
                                                     : scalar_t(1);
          const scalar_t p = static_cast<scalar_t>(param);
          parallel_for(0, nchunks, std::max<int64_t>(1, kGrainSize / kChunk), [&](int64_t c0, int64_t c1) {
            for (int64_t c = c0; c < c1; ++c) {
              const int64_t b = c * kChunk, m = std::min(kChunk, n - b);
              pw_grad_chunk<K, scalar_t>(px + b, py + b, m, p, g_scalar ? pg : pg + b, g_scalar, scale, pgx + b);
            }
          });
        });
        if (nd.needs_input_grad(0)) r[0] = cast_to(in_sizes == L.shape ? gx : sum_to_size(gx, in_sizes), in_dt);
        if (K != Pw::SoftMargin && nd.needs_input_grad(1)) {
          Tensor gy = neg(gx);
          r[1] = cast_to(t_sizes == L.shape ? gy : sum_to_size(gy, t_sizes), t_dt);
        }
        return r;
      }
      // Differentiable form (create_graph): the same derivative from pyt ops.
      Tensor gg = g[0];
      if (reduction == "mean") gg = div(gg, wrapped_scalar(Scalar(static_cast<double>(std::max<int64_t>(n, 1)))));
      Tensor gd;
      if (K == Pw::SoftMargin) {
        gd = mul(neg(yi), sigmoid(neg(mul(xi, yi))));
      } else {
        Tensor d = sub(xi, yi);
        gd = K == Pw::SmoothL1 ? clamp(div(d, wrapped_scalar(Scalar(param))), Scalar(-1.0), Scalar(1.0))
                               : clamp(d, Scalar(-param), Scalar(param));
      }
      Tensor gx = mul(gd, gg);
      if (gx.sizes() != L.shape) gx = expand(gx, L.shape);
      if (nd.needs_input_grad(0)) r[0] = cast_to(sum_to_size(gx, in_sizes), in_dt);
      if (K != Pw::SoftMargin && nd.needs_input_grad(1)) r[1] = cast_to(sum_to_size(neg(gx), t_sizes), t_dt);
      return r;
    });
    node->save(input);
    node->save(target);
    set_history(out, node);
  }
  return out;
}

// ------------------------------------------------------------------- margin losses ---

// (nframe, dim) of a margin loss input: (N, C), (C) or () (one sample of one class).
struct MarginLayout {
  int64_t nframe = 1, dim = 1;
};

MarginLayout margin_layout(const Tensor& input, const char* op) {
  const int64_t nd = input.dim();
  PYT_CHECK((nd == 2 && input.sizes()[1] != 0) || (nd == 1 && input.sizes()[0] != 0) || nd == 0, RuntimeError,
            op, ": Expected non-empty vector or matrix with optional 0-dim batch size, but got: ",
            input.shape_str());
  PYT_CHECK(input.dtype() == ScalarType::Float32 || input.dtype() == ScalarType::Float64, NotImplementedError,
            "\"", op, "_cpu_kernel\" not implemented for '", scalar_type_name(input.dtype()), "' (input ",
            input.describe(), ")");
  MarginLayout L;
  if (nd == 2) {
    L.nframe = input.sizes()[0];
    L.dim = input.sizes()[1];
  } else {
    L.dim = nd == 0 ? 1 : input.sizes()[0];
  }
  return L;
}

std::vector<int64_t> long_values(const Tensor& t, const char* op, const char* what) {
  PYT_CHECK(t.dtype() == ScalarType::Int64, RuntimeError, op, ": expected scalar type Long but found ",
            scalar_type_name(t.dtype()), " for ", what, " ", t.describe());
  Tensor c = contiguous(t.detach());
  const int64_t* p = c.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + c.numel());
}

// Sum (or mean) of per-sample losses, added in sample order.
template <typename T>
double ordered_sum(const T* l, int64_t n) {
  double s = 0;
  for (int64_t i = 0; i < n; ++i) s += l[i];
  return s;
}

}  // namespace

Tensor smooth_l1_loss(const Tensor& input, const Tensor& target, const std::string& reduction, double beta) {
  PYT_CHECK(beta >= 0, RuntimeError, "smooth_l1_loss does not support negative values for beta.");
  PYT_CHECK(beta > 0, RuntimeError, "smooth_l1_loss: beta == 0 is l1_loss (the caller lowers it), got beta = 0");
  return pointwise_loss<Pw::SmoothL1>(input, target, reduction, beta);
}

Tensor huber_loss(const Tensor& input, const Tensor& target, const std::string& reduction, double delta) {
  PYT_CHECK(delta > 0, RuntimeError, "huber_loss does not support non-positive values for delta.");
  return pointwise_loss<Pw::Huber>(input, target, reduction, delta);
}

Tensor soft_margin_loss(const Tensor& input, const Tensor& target, const std::string& reduction) {
  return pointwise_loss<Pw::SoftMargin>(input, target, reduction, 0.0);
}

Tensor multi_margin_loss(const Tensor& input, const Tensor& target, int64_t p, double margin, const Tensor& weight,
                         const std::string& reduction) {
  const char* op = "multi_margin_loss";
  check_reduction(reduction);
  PYT_CHECK(p == 1 || p == 2, ValueError, "only p == 1 and p == 2 supported");
  const MarginLayout L = margin_layout(input, op);
  const int64_t N = L.nframe, C = L.dim;
  PYT_CHECK(target.dim() <= 1 && target.numel() == N, RuntimeError, op,
            ": target tensor should be 1-D with size equal to the number of input samples (batch size). Expected "
            "target size [", N, "], but got ", target.shape_str(), ". Input has shape ", input.shape_str(), ".");
  std::vector<int64_t> tg = long_values(target, op, "target");
  for (int64_t i = 0; i < N; ++i)
    PYT_CHECK(tg[i] >= 0 && tg[i] < C, RuntimeError, op, ": target out of range (target[", i, "] = ", tg[i],
              " for ", C, " classes)");
  const ScalarType dt = input.dtype();
  Tensor w;
  if (weight.defined()) {
    PYT_CHECK(weight.dim() <= 1 && weight.numel() == C, RuntimeError, op, ": inconsistent weight size, expected ",
              C, " but got ", weight.shape_str());
    PYT_CHECK(weight.dtype() == dt, RuntimeError, op, ": expected scalar type ", scalar_type_name(dt),
              " but found ", scalar_type_name(weight.dtype()), " for weight");
    PYT_CHECK(!(autograd::GradMode::is_enabled() && weight.requires_grad()), RuntimeError,
              "The function 'multi_margin_loss' is not differentiable with respect to argument 'weight'. This "
              "input cannot have requires_grad True.");
    w = contiguous(reshape(weight.detach(), {C}));
  }
  Tensor x = contiguous(reshape(input.detach(), {N, C}));
  Tensor losses = empty({N}, dt);
  PYT_DISPATCH_FLOATING(dt, op, [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    const scalar_t* pw = w.defined() ? w.data_ptr<scalar_t>() : nullptr;
    scalar_t* pl = losses.data_ptr<scalar_t>();
    const scalar_t mg = static_cast<scalar_t>(margin);
    parallel_for(0, N, std::max<int64_t>(1, kGrainSize / C), [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        const scalar_t* row = px + i * C;
        const int64_t t = tg[i];
        const scalar_t xt = row[t];
        scalar_t s = 0;
        for (int64_t d = 0; d < C; ++d) {
          if (d == t) continue;
          scalar_t z = mg - xt + row[d];
          if (z > 0) {
            scalar_t h = p == 1 ? z : z * z;
            if (pw) h *= pw[t];
            s += h;
          }
        }
        pl[i] = s / static_cast<scalar_t>(C);
      }
    });
  });
  Tensor out;
  if (reduction == "none") {
    out = target.dim() > 0 ? losses : reshape(losses, std::vector<int64_t>{});
  } else {
    double total = 0;
    PYT_DISPATCH_FLOATING(dt, op, [&] { total = ordered_sum(losses.data_ptr<scalar_t>(), N); });
    if (reduction == "mean" && N > 0) total /= N;  // an empty batch gives 0, as torch's kernel
    out = scalar_tensor(total, dt);
  }
  if (any_requires_grad({&input})) {
    const std::vector<int64_t> in_sizes = input.sizes();
    Tensor tg_t = empty({N}, ScalarType::Int64);
    std::copy(tg.begin(), tg.end(), tg_t.data_ptr<int64_t>());
    auto node = make_node("MultiMarginLossBackward0", {input}, [=](BackwardNode& nd, const TensorList& g) {
      Tensor xi = reshape(nd.saved(0), {N, C});
      const double scale = reduction == "mean" ? 1.0 / static_cast<double>(std::max<int64_t>(N, 1)) : 1.0;
      // per-sample upstream gradient, (N, 1)
      Tensor gs = reduction == "none" ? reshape(g[0], {N, 1}) : g[0];
      if (!autograd::GradMode::is_enabled()) {
        Tensor xc = contiguous(xi.detach());
        Tensor gc = contiguous(cast_to(g[0].detach(), dt));
        Tensor gx = empty({N, C}, dt);
        PYT_DISPATCH_FLOATING(dt, op, [&] {
          const scalar_t* px = xc.data_ptr<scalar_t>();
          const scalar_t* pw = w.defined() ? w.data_ptr<scalar_t>() : nullptr;
          const scalar_t* pg = gc.data_ptr<scalar_t>();
          const int64_t* pt = tg_t.data_ptr<int64_t>();
          scalar_t* pgx = gx.data_ptr<scalar_t>();
          const scalar_t mg = static_cast<scalar_t>(margin);
          const scalar_t base = static_cast<scalar_t>(scale) / static_cast<scalar_t>(C);
          parallel_for(0, N, std::max<int64_t>(1, kGrainSize / C), [&](int64_t b, int64_t e) {
            for (int64_t i = b; i < e; ++i) {
              const scalar_t* row = px + i * C;
              scalar_t* grow = pgx + i * C;
              const int64_t t = pt[i];
              const scalar_t gi = (reduction == "none" ? pg[i] : pg[0]) * base * (pw ? pw[t] : scalar_t(1));
              scalar_t acc = 0;
              for (int64_t d = 0; d < C; ++d) {
                scalar_t z = mg - row[t] + row[d];
                scalar_t h = (d != t && z > 0) ? (p == 1 ? gi : scalar_t(2) * z * gi) : scalar_t(0);
                grow[d] = h;
                acc += h;
              }
              grow[t] = -acc;
            }
          });
        });
        return TensorList{reshape(gx, in_sizes)};
      }
      // Differentiable form: h = w[y] / C * (p == 1 ? [z > 0] : 2 relu(z)) off the target column,
      // the target column gets -sum(h).
      Tensor tcol = unsqueeze(tg_t, 1);
      Tensor z = add(sub(xi, gather(xi, 1, tcol)), wrapped_scalar(Scalar(margin)));
      Tensor is_t = eq(arange(Scalar(int64_t(0)), Scalar(C), Scalar(int64_t(1)), ScalarType::Int64), tcol);
      Tensor h = p == 1 ? to_dtype(gt(z, wrapped_scalar(Scalar(0.0))), xi.dtype())
                        : mul(relu(z), wrapped_scalar(Scalar(2.0)));
      h = masked_fill(h, is_t, Scalar(0.0));
      Tensor coef = wrapped_scalar(Scalar(scale / static_cast<double>(C)));
      if (w.defined()) h = mul(h, unsqueeze(index_select(w, 0, tg_t), 1));
      h = sub(h, mul(to_dtype(is_t, xi.dtype()), sum(h, std::vector<int64_t>{1}, true)));
      return TensorList{reshape(mul(mul(h, coef), gs), in_sizes)};
    });
    node->save(input);
    set_history(out, node);
  }
  return out;
}

Tensor multilabel_margin_loss(const Tensor& input, const Tensor& target, const std::string& reduction) {
  const char* op = "multilabel_margin_loss";
  check_reduction(reduction);
  const MarginLayout L = margin_layout(input, op);
  const int64_t N = L.nframe, C = L.dim;
  if (input.dim() <= 1)
    PYT_CHECK(target.dim() <= 1 && target.numel() == C, RuntimeError, op, ": inconsistent target size: ",
              target.shape_str(), " for input of size: ", input.shape_str());
  else
    PYT_CHECK(target.dim() == 2 && target.sizes() == input.sizes(), RuntimeError, op,
              ": inconsistent target size: ", target.shape_str(), " for input of size: ", input.shape_str());
  std::vector<int64_t> tg = long_values(target, op, "target");
  for (size_t i = 0; i < tg.size(); ++i)
    PYT_CHECK(tg[i] >= -1 && tg[i] < C, RuntimeError, op, ": argument #2 'target' is out of range (target value ",
              tg[i], " at flat position ", i, " for ", C, " classes)");
  const ScalarType dt = input.dtype();
  Tensor x = contiguous(reshape(input.detach(), {N, C}));
  // is_target (N, C) and the per-sample list length, shared by forward and backward
  auto is_target = std::make_shared<std::vector<uint8_t>>(N * C, 0);
  auto n_targets = std::make_shared<std::vector<int64_t>>(N, 0);
  for (int64_t i = 0; i < N; ++i) {
    int64_t k = 0;
    for (; k < C && tg[i * C + k] >= 0; ++k) (*is_target)[i * C + tg[i * C + k]] = 1;
    (*n_targets)[i] = k;
  }
  auto tgp = std::make_shared<std::vector<int64_t>>(std::move(tg));
  Tensor losses = empty({N}, dt);
  PYT_DISPATCH_FLOATING(dt, op, [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    scalar_t* pl = losses.data_ptr<scalar_t>();
    parallel_for(0, N, std::max<int64_t>(1, kGrainSize / (C * C)), [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        const scalar_t* row = px + i * C;
        const uint8_t* ist = is_target->data() + i * C;
        const int64_t* tl = tgp->data() + i * C;
        scalar_t s = 0;
        for (int64_t k = 0; k < (*n_targets)[i]; ++k) {
          const scalar_t xt = row[tl[k]];
          for (int64_t d = 0; d < C; ++d) {
            if (ist[d]) continue;
            scalar_t z = scalar_t(1) - xt + row[d];
            if (z > 0) s += z;
          }
        }
        pl[i] = s / static_cast<scalar_t>(C);
      }
    });
  });
  Tensor out;
  if (reduction == "none") {
    out = target.dim() > 1 ? losses : reshape(losses, std::vector<int64_t>{});
  } else {
    double total = 0;
    PYT_DISPATCH_FLOATING(dt, op, [&] { total = ordered_sum(losses.data_ptr<scalar_t>(), N); });
    if (reduction == "mean" && N > 0) total /= N;  // an empty batch gives 0, as torch's kernel
    out = scalar_tensor(total, dt);
  }
  if (any_requires_grad({&input})) {
    const std::vector<int64_t> in_sizes = input.sizes();
    auto node = make_node("MultilabelMarginLossBackward0", {input}, [=](BackwardNode& nd, const TensorList& g) {
      // The loss is piecewise linear in x: its gradient is coef * g with coef (N, C) constant
      // between kinks, so the differentiable form below is exact.
      Tensor xc = contiguous(reshape(nd.saved(0).detach(), {N, C}));
      Tensor coef = zeros({N, C}, dt);
      const double scale = (reduction == "mean" ? 1.0 / static_cast<double>(std::max<int64_t>(N, 1)) : 1.0) /
                           static_cast<double>(C);
      PYT_DISPATCH_FLOATING(dt, op, [&] {
        const scalar_t* px = xc.data_ptr<scalar_t>();
        scalar_t* pc = coef.data_ptr<scalar_t>();
        const scalar_t sc = static_cast<scalar_t>(scale);
        parallel_for(0, N, std::max<int64_t>(1, kGrainSize / (C * C)), [&](int64_t b, int64_t e) {
          for (int64_t i = b; i < e; ++i) {
            const scalar_t* row = px + i * C;
            scalar_t* crow = pc + i * C;
            const uint8_t* ist = is_target->data() + i * C;
            const int64_t* tl = tgp->data() + i * C;
            for (int64_t k = 0; k < (*n_targets)[i]; ++k) {
              const int64_t t = tl[k];
              for (int64_t d = 0; d < C; ++d) {
                if (ist[d]) continue;
                if (scalar_t(1) - row[t] + row[d] > 0) {
                  crow[t] -= sc;
                  crow[d] += sc;
                }
              }
            }
          }
        });
      });
      Tensor gs = reduction == "none" ? reshape(g[0], {N, 1}) : g[0];
      if (!autograd::GradMode::is_enabled()) gs = contiguous(cast_to(gs.detach(), dt));
      return TensorList{reshape(mul(coef, gs), in_sizes)};
    });
    node->save(input);
    set_history(out, node);
  }
  return out;
}

// ------------------------------------------------------------------- embedding_bag ---

namespace {

// Everything the backward of embedding_bag needs besides the saved tensors.
struct BagCtx {
  int64_t V = 0, D = 0, B = 0, n = 0, mode = 0, pad = -1;
  bool scale_by_freq = false;
  std::vector<int64_t> idx;           // (n) row of each entry
  std::vector<int64_t> bag_of;        // (n) bag of each entry, -1 outside every bag or padding
  std::vector<int64_t> count;         // (B) entries that count (not padding)
  std::vector<int64_t> freq;          // (V) occurrences of each row (scale_grad_by_freq)
  Tensor argmax;                      // (B, D) int64 row of each max, -1 for an empty bag
};

// The kept entries, in entry order, grouped by row: order[] sorted stably by idx.
std::vector<int64_t> entries_by_row(const BagCtx& c) {
  std::vector<int64_t> order;
  order.reserve(c.n);
  for (int64_t i = 0; i < c.n; ++i)
    if (c.bag_of[i] >= 0) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return c.idx[a] < c.idx[b]; });
  return order;
}

// The multiplier of entry i's gradient row (sum/mean modes), without per_sample_weights.
inline double entry_coef(const BagCtx& c, int64_t i) {
  double k = c.mode == 1 ? 1.0 / static_cast<double>(c.count[c.bag_of[i]]) : 1.0;
  if (c.scale_by_freq) k /= static_cast<double>(c.freq[c.idx[i]]);
  return k;
}

template <typename T>
void bag_weight_grad(const BagCtx& c, const T* g, const T* psw, T* gw) {
  const int64_t D = c.D;
  if (c.mode == 2) {
    // max: column d of bag b goes to row argmax[b][d]; threads own columns, bags in order.
    const int64_t* am = c.argmax.data_ptr<int64_t>();
    parallel_for(0, D, std::max<int64_t>(1, kGrainSize / std::max<int64_t>(1, c.B)), [&](int64_t d0, int64_t d1) {
      for (int64_t b = 0; b < c.B; ++b)
        for (int64_t d = d0; d < d1; ++d) {
          const int64_t r = am[b * D + d];
          if (r >= 0) gw[r * D + d] += g[b * D + d];
        }
    });
    return;
  }
  // sum / mean: each row sums its entries in entry order (Note [Deterministic bag backward]:
  // rows are disjoint, so threads split the rows and the result does not depend on them).
  std::vector<int64_t> order = entries_by_row(c);
  std::vector<int64_t> starts;
  for (size_t k = 0; k < order.size(); ++k)
    if (k == 0 || c.idx[order[k]] != c.idx[order[k - 1]]) starts.push_back(static_cast<int64_t>(k));
  starts.push_back(static_cast<int64_t>(order.size()));
  const int64_t ngroups = static_cast<int64_t>(starts.size()) - 1;
  const int64_t avg = ngroups > 0 ? std::max<int64_t>(1, static_cast<int64_t>(order.size()) / ngroups) : 1;
  parallel_for(0, ngroups, std::max<int64_t>(1, kGrainSize / (avg * std::max<int64_t>(D, 1))),
               [&](int64_t q0, int64_t q1) {
                 for (int64_t q = q0; q < q1; ++q) {
                   T* wr = gw + c.idx[order[starts[q]]] * D;
                   for (int64_t k = starts[q]; k < starts[q + 1]; ++k) {
                     const int64_t i = order[k];
                     T coef = static_cast<T>(entry_coef(c, i));
                     if (psw) coef *= psw[i];
                     const T* gr = g + c.bag_of[i] * D;
                     for (int64_t d = 0; d < D; ++d) wr[d] += coef * gr[d];
                   }
                 }
               });
}

std::vector<int64_t> index_values(const Tensor& t, const char* arg, int64_t argno) {
  PYT_CHECK(t.dtype() == ScalarType::Int64 || t.dtype() == ScalarType::Int32, RuntimeError,
            "embedding_bag: Expected tensor for argument #", argno, " '", arg,
            "' to have one of the following scalar types: Long, Int; but got ", t.describe(), " instead");
  PYT_CHECK(t.dim() == 1, RuntimeError, "embedding_bag: expected 1-D ", arg, ", got ", t.describe());
  Tensor c = contiguous(cast_to(t.detach(), ScalarType::Int64));
  const int64_t* p = c.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + c.numel());
}

}  // namespace

Tensor embedding_bag(const Tensor& weight, const Tensor& indices, const Tensor& offsets, int64_t mode,
                     const Tensor& per_sample_weights, bool include_last_offset, std::optional<int64_t> padding_idx,
                     bool scale_grad_by_freq) {
  const char* op = "embedding_bag";
  PYT_CHECK(weight.dim() == 2, RuntimeError, op, ": weight has to be a 2-D tensor (num_embeddings, embedding_dim), got ",
            weight.describe());
  PYT_CHECK(is_floating_type(weight.dtype()), NotImplementedError, "\"embedding_bag_cpu\" not implemented for '",
            scalar_type_name(weight.dtype()), "' (weight ", weight.describe(), ")");
  PYT_CHECK(mode >= 0 && mode <= 2, ValueError, op, ": mode has to be 0 (sum), 1 (mean) or 2 (max), got ", mode);
  auto c = std::make_shared<BagCtx>();
  c->V = weight.sizes()[0];
  c->D = weight.sizes()[1];
  c->mode = mode;
  c->scale_by_freq = scale_grad_by_freq;
  const int64_t V = c->V, D = c->D;
  if (padding_idx) {
    PYT_CHECK(*padding_idx >= -V && *padding_idx < V, RuntimeError, op,
              ": padding_idx must be within the number of embeddings, ", -V, " through ", V - 1, ", but got ",
              *padding_idx);
    c->pad = *padding_idx < 0 ? *padding_idx + V : *padding_idx;
  }
  c->idx = index_values(indices, "indices", 2);
  std::vector<int64_t> offs = index_values(offsets, "offsets", 3);
  const int64_t n = static_cast<int64_t>(c->idx.size());
  c->n = n;
  for (int64_t i = 0; i < n; ++i)
    PYT_CHECK(c->idx[i] >= 0 && c->idx[i] < V, RuntimeError, op, ": Index ", i, " of input takes value ",
              c->idx[i], " which is not in the valid range [0, ", V, ")");
  const int64_t no = static_cast<int64_t>(offs.size());
  const int64_t B = include_last_offset ? std::max<int64_t>(no - 1, 0) : no;
  c->B = B;
  if (no > 0) {
    PYT_CHECK(offs[0] == 0, RuntimeError, op,
              ": offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. "
              "However, got ", offs[0]);
    PYT_CHECK(offs[no - 1] <= n, RuntimeError, op, ": offsets[-1] can not be greater than input's length ", n,
              " but got offsets[-1] of ", offs[no - 1]);
    for (int64_t b = 1; b < no; ++b)
      PYT_CHECK(offs[b] >= offs[b - 1], RuntimeError, op, ": offsets must be non-decreasing, but offsets[", b,
                "] = ", offs[b], " < offsets[", b - 1, "] = ", offs[b - 1]);
  }
  std::vector<int64_t> bag_start(B), bag_end(B);
  for (int64_t b = 0; b < B; ++b) {
    bag_start[b] = offs[b];
    // With include_last_offset the last bag ends at offsets[B] (torch documents offsets[B] == n;
    // torch's own kernels disagree with each other when it is smaller).
    bag_end[b] = b + 1 < no ? offs[b + 1] : n;
  }
  Tensor psw;
  if (per_sample_weights.defined()) {
    PYT_CHECK(mode == 0, NotImplementedError, op,
              ": per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode=",
              mode, ")");
    PYT_CHECK(per_sample_weights.numel() == n && per_sample_weights.dim() == 1, RuntimeError, op,
              ": expected per_sample_weights of shape (", n, "), got ", per_sample_weights.describe());
    PYT_CHECK(per_sample_weights.dtype() == weight.dtype(), RuntimeError, op,
              ": Expected tensor for argument #1 'weight' to have the same type as tensor for argument #1 "
              "'per_sample_weights'; but weight is ", weight.describe(), " and per_sample_weights is ",
              per_sample_weights.describe());
  }
  c->bag_of.assign(n, -1);
  c->count.assign(B, 0);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t i = bag_start[b]; i < bag_end[b]; ++i)
      if (c->idx[i] != c->pad) {
        c->bag_of[i] = b;
        ++c->count[b];
      }
  if (scale_grad_by_freq) {
    c->freq.assign(V, 0);
    for (int64_t i = 0; i < n; ++i) ++c->freq[c->idx[i]];
  }
  const ScalarType wdt = weight.dtype();
  const ScalarType cdt = wdt == ScalarType::Float64 ? ScalarType::Float64 : ScalarType::Float32;
  Tensor wc = contiguous(cast_to(weight.detach(), cdt));
  if (per_sample_weights.defined()) psw = contiguous(cast_to(per_sample_weights.detach(), cdt));
  Tensor out = empty({B, D}, cdt);
  if (mode == 2) c->argmax = full({B, D}, Scalar(int64_t(-1)), ScalarType::Int64);
  PYT_DISPATCH_FLOATING(cdt, op, [&] {
    const scalar_t* pw = wc.data_ptr<scalar_t>();
    const scalar_t* pp = psw.defined() ? psw.data_ptr<scalar_t>() : nullptr;
    scalar_t* po = out.data_ptr<scalar_t>();
    int64_t* pam = mode == 2 ? c->argmax.data_ptr<int64_t>() : nullptr;
    const BagCtx& cc = *c;
    const int64_t avg = B > 0 ? std::max<int64_t>(1, n / B) : 1;
    parallel_for(0, B, std::max<int64_t>(1, kGrainSize / (avg * std::max<int64_t>(D, 1))), [&](int64_t b0, int64_t b1) {
      for (int64_t b = b0; b < b1; ++b) {
        scalar_t* o = po + b * D;
        std::fill(o, o + D, scalar_t(0));
        bool first = true;
        for (int64_t i = bag_start[b]; i < bag_end[b]; ++i) {
          const int64_t r = cc.idx[i];
          if (r == cc.pad) continue;
          const scalar_t* wr = pw + r * D;
          if (mode == 2) {
            int64_t* am = pam + b * D;
            for (int64_t d = 0; d < D; ++d) {
              const scalar_t v = wr[d];
              if (first || (!std::isnan(o[d]) && (std::isnan(v) || v > o[d]))) {
                o[d] = v;
                am[d] = r;
              }
            }
          } else if (pp) {
            const scalar_t k = pp[i];
            for (int64_t d = 0; d < D; ++d) o[d] += k * wr[d];
          } else {
            for (int64_t d = 0; d < D; ++d) o[d] += wr[d];
          }
          first = false;
        }
        if (mode == 1 && cc.count[b] > 0) {
          const scalar_t cnt = static_cast<scalar_t>(cc.count[b]);
          for (int64_t d = 0; d < D; ++d) o[d] /= cnt;
        }
      }
    });
  });
  out = cast_to(out, wdt);
  const bool psw_grad = per_sample_weights.defined();
  if (any_requires_grad({&weight, &per_sample_weights})) {
    const ScalarType pdt = psw_grad ? per_sample_weights.dtype() : wdt;
    auto node = make_node(
        "EmbeddingBagBackward0", {weight, per_sample_weights},
        [c, psw_grad, wdt, pdt, cdt](BackwardNode& nd, const TensorList& g) {
          const BagCtx& cc = *c;
          const int64_t V = cc.V, D = cc.D, n = cc.n;
          TensorList r(2);
          if (!autograd::GradMode::is_enabled()) {
            Tensor gc = contiguous(cast_to(g[0].detach(), cdt));
            if (nd.needs_input_grad(0)) {
              Tensor gw = zeros({V, D}, cdt);
              Tensor pc = psw_grad ? contiguous(cast_to(nd.saved(1).detach(), cdt)) : Tensor();
              PYT_DISPATCH_FLOATING(cdt, "embedding_bag_backward", [&] {
                bag_weight_grad<scalar_t>(cc, gc.data_ptr<scalar_t>(), pc.defined() ? pc.data_ptr<scalar_t>() : nullptr,
                                          gw.data_ptr<scalar_t>());
              });
              r[0] = cast_to(gw, wdt);
            }
            if (psw_grad && nd.needs_input_grad(1)) {
              Tensor wc = contiguous(cast_to(nd.saved(0).detach(), cdt));
              Tensor gp = empty({n}, cdt);
              PYT_DISPATCH_FLOATING(cdt, "embedding_bag_backward", [&] {
                const scalar_t* pg = gc.data_ptr<scalar_t>();
                const scalar_t* pw = wc.data_ptr<scalar_t>();
                scalar_t* out = gp.data_ptr<scalar_t>();
                parallel_for(0, n, std::max<int64_t>(1, kGrainSize / std::max<int64_t>(D, 1)), [&](int64_t b, int64_t e) {
                  for (int64_t i = b; i < e; ++i) {
                    const int64_t bag = cc.bag_of[i];
                    scalar_t s = 0;
                    if (bag >= 0) {
                      const scalar_t* gr = pg + bag * D;
                      const scalar_t* wr = pw + cc.idx[i] * D;
                      for (int64_t d = 0; d < D; ++d) s += gr[d] * wr[d];
                    }
                    out[i] = s;
                  }
                });
              });
              r[1] = cast_to(gp, pdt);
            }
            return r;
          }
          // Differentiable form (create_graph): index_select / index_add of pyt ops.
          if (cc.mode == 2) {
            std::vector<int64_t> dst, src;
            const int64_t* am = cc.argmax.data_ptr<int64_t>();
            for (int64_t k = 0; k < cc.B * D; ++k)
              if (am[k] >= 0) {
                dst.push_back(am[k] * D + k % D);
                src.push_back(k);
              }
            Tensor dst_t = empty({static_cast<int64_t>(dst.size())}, ScalarType::Int64);
            Tensor src_t = empty({static_cast<int64_t>(src.size())}, ScalarType::Int64);
            std::copy(dst.begin(), dst.end(), dst_t.data_ptr<int64_t>());
            std::copy(src.begin(), src.end(), src_t.data_ptr<int64_t>());
            Tensor gflat = index_select(reshape(g[0], {cc.B * D}), 0, src_t);
            r[0] = cast_to(reshape(index_add(zeros({V * D}, g[0].dtype()), 0, dst_t, gflat), {V, D}), wdt);
            return r;
          }
          std::vector<int64_t> pos, rows, bags;
          std::vector<double> coef;
          for (int64_t i = 0; i < n; ++i)
            if (cc.bag_of[i] >= 0) {
              pos.push_back(i);
              rows.push_back(cc.idx[i]);
              bags.push_back(cc.bag_of[i]);
              coef.push_back(entry_coef(cc, i));
            }
          const int64_t K = static_cast<int64_t>(pos.size());
          auto as_long = [K](const std::vector<int64_t>& v) {
            Tensor t = empty({K}, ScalarType::Int64);
            std::copy(v.begin(), v.end(), t.data_ptr<int64_t>());
            return t;
          };
          Tensor pos_t = as_long(pos), rows_t = as_long(rows), bags_t = as_long(bags);
          Tensor grows = index_select(g[0], 0, bags_t);  // (K, D)
          if (nd.needs_input_grad(0)) {
            Tensor k_t = empty({K}, ScalarType::Float64);
            std::copy(coef.begin(), coef.end(), k_t.data_ptr<double>());
            Tensor kk = to_dtype(k_t, g[0].dtype());
            if (psw_grad) kk = mul(kk, index_select(nd.saved(1), 0, pos_t));
            Tensor src = mul(grows, unsqueeze(kk, 1));
            r[0] = cast_to(index_add(zeros({V, D}, src.dtype()), 0, rows_t, src), wdt);
          }
          if (psw_grad && nd.needs_input_grad(1)) {
            Tensor dots = sum(mul(grows, index_select(nd.saved(0), 0, rows_t)), std::vector<int64_t>{1});
            r[1] = cast_to(index_add(zeros({n}, dots.dtype()), 0, pos_t, dots), pdt);
          }
          return r;
        });
    node->save(weight);
    node->save(psw_grad ? per_sample_weights : Tensor());
    set_history(out, node);
  }
  return out;
}

}  // namespace pyt
