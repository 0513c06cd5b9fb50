// Loss kernels: ctc_loss (forward alpha recursion, backward beta recursion, in log space) and
// binary_cross_entropy_with_logits (one fused elementwise pass).
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/vec_math.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace {

// Where each sample's targets start in the flat int64 target buffer, and its length.
struct CtcLayout {
  int64_t T = 0, N = 0, C = 0, max_target = 0;
  std::vector<int64_t> tg_offset, tg_stride;  // element offsets / strides into targets
  std::vector<int64_t> in_len, tg_len;
};

CtcLayout ctc_layout(const Tensor& log_probs, const Tensor& targets, const std::vector<int64_t>& input_lengths,
                     const std::vector<int64_t>& target_lengths, int64_t blank) {
  const char* op = "ctc_loss";
  PYT_CHECK(log_probs.dim() == 3, RuntimeError, op, ": expected log_probs of shape (T, N, C) or (T, C), got ",
            log_probs.describe());
  // torch's CPU kernel: float32 and float64 only
  PYT_CHECK(log_probs.dtype() == ScalarType::Float32 || log_probs.dtype() == ScalarType::Float64, NotImplementedError,
            op, ": \"ctc_loss_cpu\" not implemented for '", torch_dispatch_name(log_probs.dtype()), "' (log_probs ",
            log_probs.describe(), ")");
  PYT_CHECK(targets.dtype() == ScalarType::Int64 || targets.dtype() == ScalarType::Int32, RuntimeError, op,
            ": expected integer targets, got ", targets.describe());
  CtcLayout L;
  L.T = log_probs.sizes()[0];
  L.N = log_probs.sizes()[1];
  L.C = log_probs.sizes()[2];
  PYT_CHECK(blank >= 0 && blank < L.C, RuntimeError, op, ": blank must be in label range [0, ", L.C, "), got ",
            blank);
  PYT_CHECK(static_cast<int64_t>(input_lengths.size()) == L.N, RuntimeError, op,
            ": input_lengths must be of size batch_size (", L.N, "), got ", input_lengths.size());
  PYT_CHECK(static_cast<int64_t>(target_lengths.size()) == L.N, RuntimeError, op,
            ": target_lengths must be of size batch_size (", L.N, "), got ", target_lengths.size());
  L.in_len = input_lengths;
  L.tg_len = target_lengths;
  L.tg_offset.resize(L.N);
  L.tg_stride.resize(L.N);
  if (targets.dim() == 1) {
    int64_t pos = 0;
    for (int64_t b = 0; b < L.N; ++b) {
      PYT_CHECK(target_lengths[b] >= 0, RuntimeError, op, ": target_lengths[", b, "] = ", target_lengths[b],
                " is negative");
      L.tg_offset[b] = pos;
      L.tg_stride[b] = 1;
      pos += target_lengths[b];
      L.max_target = std::max(L.max_target, target_lengths[b]);
    }
    PYT_CHECK(targets.sizes()[0] >= pos, RuntimeError, op, ": targets of shape ", targets.shape_str(),
              " hold fewer than sum(target_lengths) = ", pos, " labels");
  } else {
    PYT_CHECK(targets.dim() == 2 && targets.sizes()[0] == L.N, RuntimeError, op,
              ": expected targets of shape (N, S) with N = ", L.N, " or 1-d concatenated targets, got ",
              targets.describe());
    int64_t S = targets.sizes()[1];
    for (int64_t b = 0; b < L.N; ++b) {
      PYT_CHECK(target_lengths[b] >= 0 && target_lengths[b] <= S, RuntimeError, op,
                ": Expected tensor to have size at least ", target_lengths[b],
                " at dimension 1, but got size ", S, " for argument #2 'targets' (sample ", b, ")");
      L.tg_offset[b] = b * S;
      L.tg_stride[b] = 1;
      L.max_target = std::max(L.max_target, target_lengths[b]);
    }
  }
  for (int64_t b = 0; b < L.N; ++b)
    PYT_CHECK(input_lengths[b] >= 0 && input_lengths[b] <= L.T, RuntimeError, op,
              ": Expected input_lengths to have value at most ", L.T, ", but got value ", input_lengths[b],
              " (sample ", b, ")");
  return L;
}

template <typename T>
inline T log_add3(T a, T b, T c) {
  T m = std::max(a, std::max(b, c));
  if (m == -std::numeric_limits<T>::infinity()) return m;
  return std::log(std::exp(a - m) + std::exp(b - m) + std::exp(c - m)) + m;
}

template <typename T>
inline T log_add(T a, T b) {
  T m = std::max(a, b);
  if (m == -std::numeric_limits<T>::infinity()) return m;
  return std::log(std::exp(a - m) + std::exp(b - m)) + m;
}

// Note [CTC layout]: lp is contiguous (T, N, C); alpha/beta are (N, T, 2 * max_target + 1);
// the extended target l' of sample b has blank at even s and tg[s / 2] at odd s.
template <typename T>
void ctc_alpha(const CtcLayout& L, const T* lp, const int64_t* tg, int64_t blank, T* alpha, T* nll) {
  const T neg_inf = -std::numeric_limits<T>::infinity();
  const int64_t S2 = 2 * L.max_target + 1;
  parallel_for(0, L.N, 1, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      const int64_t il = L.in_len[b], tl = L.tg_len[b];
      const int64_t* t = tg + L.tg_offset[b];
      T* a = alpha + b * L.T * S2;
      std::fill(a, a + L.T * S2, neg_inf);
      auto prime = [&](int64_t s) { return (s % 2 == 0) ? blank : t[s / 2]; };
      auto lpv = [&](int64_t time, int64_t c) { return lp[(time * L.N + b) * L.C + c]; };
      if (il == 0) {
        nll[b] = tl == 0 ? T(0) : std::numeric_limits<T>::infinity();
        continue;
      }
      a[0] = lpv(0, blank);
      if (tl > 0) a[1] = lpv(0, prime(1));
      for (int64_t time = 1; time < il; ++time) {
        const T* prev = a + (time - 1) * S2;
        T* cur = a + time * S2;
        for (int64_t s = 0; s < 2 * tl + 1; ++s) {
          int64_t c = prime(s);
          T la1 = prev[s];
          T la2 = s > 0 ? prev[s - 1] : neg_inf;
          T la3 = (s > 1 && prime(s - 2) != c) ? prev[s - 2] : neg_inf;
          cur[s] = log_add3(la1, la2, la3) + lpv(time, c);
        }
      }
      const T* last = a + (il - 1) * S2;
      T l1 = last[2 * tl];
      T l2 = tl > 0 ? last[2 * tl - 1] : neg_inf;
      nll[b] = -log_add(l1, l2);
    }
  });
}

template <typename T>
void ctc_grad(const CtcLayout& L, const T* lp, const int64_t* tg, int64_t blank, const T* alpha, const T* nll,
              const T* gout, int64_t gout_stride, bool zero_infinity, T* grad) {
  const T neg_inf = -std::numeric_limits<T>::infinity();
  const int64_t S2 = 2 * L.max_target + 1;
  parallel_for(0, L.N, 1, [&](int64_t b0, int64_t b1) {
    std::vector<T> beta(static_cast<size_t>(L.T * S2));
    std::vector<T> lg(static_cast<size_t>(L.T * L.C));  // log of sum alpha * beta per (t, c)
    for (int64_t b = b0; b < b1; ++b) {
      const int64_t il = L.in_len[b], tl = L.tg_len[b];
      const int64_t* t = tg + L.tg_offset[b];
      const T* a = alpha + b * L.T * S2;
      auto prime = [&](int64_t s) { return (s % 2 == 0) ? blank : t[s / 2]; };
      auto lpv = [&](int64_t time, int64_t c) { return lp[(time * L.N + b) * L.C + c]; };
      auto gidx = [&](int64_t time, int64_t c) { return (time * L.N + b) * L.C + c; };
      const T g = gout[b * gout_stride];
      const T nl = nll[b];
      if ((zero_infinity && std::isinf(nl)) || il == 0) {
        for (int64_t time = 0; time < L.T; ++time)
          for (int64_t c = 0; c < L.C; ++c) grad[gidx(time, c)] = 0;
        continue;
      }
      std::fill(beta.begin(), beta.end(), neg_inf);
      std::fill(lg.begin(), lg.end(), neg_inf);
      auto acc = [&](int64_t time, int64_t s) {
        T v = a[time * S2 + s] + beta[time * S2 + s];
        T& dst = lg[time * L.C + prime(s)];
        dst = log_add(dst, v);
      };
      beta[(il - 1) * S2 + 2 * tl] = lpv(il - 1, blank);
      acc(il - 1, 2 * tl);
      if (tl > 0) {
        beta[(il - 1) * S2 + 2 * tl - 1] = lpv(il - 1, prime(2 * tl - 1));
        acc(il - 1, 2 * tl - 1);
      }
      for (int64_t time = il - 2; time >= 0; --time) {
        const T* next = beta.data() + (time + 1) * S2;
        T* cur = beta.data() + time * S2;
        for (int64_t s = 2 * tl; s >= 0; --s) {
          int64_t c = prime(s);
          T lb1 = next[s];
          T lb2 = s < 2 * tl ? next[s + 1] : neg_inf;
          T lb3 = (s < 2 * tl - 1 && prime(s + 2) != c) ? next[s + 2] : neg_inf;
          cur[s] = log_add3(lb1, lb2, lb3) + lpv(time, c);
          acc(time, s);
        }
      }
      // d nll / d lp[t, c] = exp(lp) - exp(log(sum alpha beta) + nll - lp), torch's formula
      // (the exp(lp) term is the gradient through a log_softmax that produced lp).
      for (int64_t time = 0; time < L.T; ++time)
        for (int64_t c = 0; c < L.C; ++c) {
          if (time >= il) {
            grad[gidx(time, c)] = 0;
            continue;
          }
          T l = lpv(time, c);
          T res = lg[time * L.C + c];
          grad[gidx(time, c)] = (std::exp(l) - std::exp(res + nl - l)) * g;
        }
    }
  });
}

Tensor ctc_loss_backward(const Tensor& grad_out, const Tensor& lp, const Tensor& tg, const Tensor& alpha,
                         const Tensor& nll, const CtcLayout& L, int64_t blank, bool zero_infinity) {
  Tensor go = contiguous(to_dtype(grad_out.detach(), lp.dtype()));
  if (go.dim() == 0) go = expand(go, {L.N});
  go = contiguous(go);
  Tensor grad = empty(lp.sizes(), lp.dtype());
  PYT_DISPATCH_FLOATING(lp.dtype(), "ctc_loss_backward", [&] {
    ctc_grad<scalar_t>(L, lp.data_ptr<scalar_t>(), tg.data_ptr<int64_t>(), blank, alpha.data_ptr<scalar_t>(),
                       nll.data_ptr<scalar_t>(), go.data_ptr<scalar_t>(), 1, zero_infinity,
                       grad.data_ptr<scalar_t>());
  });
  return grad;
}

}  // namespace

Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, const std::vector<int64_t>& input_lengths,
                const std::vector<int64_t>& target_lengths, int64_t blank, bool zero_infinity) {
  CtcLayout L = ctc_layout(log_probs, targets, input_lengths, target_lengths, blank);
  Tensor lp = contiguous(log_probs.detach());
  Tensor tg = contiguous(to_dtype(targets.detach(), ScalarType::Int64));
  // Flatten padded targets so that offsets index a contiguous buffer.
  if (tg.dim() == 2) tg = reshape(tg, {-1});
  {
    const int64_t* pt = tg.data_ptr<int64_t>();
    for (int64_t b = 0; b < L.N; ++b)
      for (int64_t i = 0; i < L.tg_len[b]; ++i) {
        int64_t v = pt[L.tg_offset[b] + i];
        PYT_CHECK(v >= 0 && v < L.C && v != blank, RuntimeError, "ctc_loss: target ", v, " of sample ", b,
                  " at position ", i, " is out of range [0, ", L.C, ") or equals blank (", blank, ")");
      }
  }
  const int64_t S2 = 2 * L.max_target + 1;
  Tensor alpha = empty({L.N, L.T, S2}, lp.dtype());
  Tensor nll = empty({L.N}, lp.dtype());
  PYT_DISPATCH_FLOATING(lp.dtype(), "ctc_loss", [&] {
    ctc_alpha<scalar_t>(L, lp.data_ptr<scalar_t>(), tg.data_ptr<int64_t>(), blank, alpha.data_ptr<scalar_t>(),
                        nll.data_ptr<scalar_t>());
  });
  Tensor out = clone(nll);
  if (any_requires_grad({&log_probs})) {
    auto node = make_node("CtcLossBackward0", {log_probs},
                          [L, blank, zero_infinity](BackwardNode& n, const TensorList& g) {
                            return TensorList{ctc_loss_backward(g[0], n.saved(0), n.saved(1), n.saved(2),
                                                                n.saved(3), L, blank, zero_infinity)};
                          });
    node->save(lp);
    node->save(tg);
    node->save(alpha);
    node->save(nll);
    set_history(out, node);
  }
  return out;
}

// ------------------------------------------------------ bce with logits ---

namespace {

// log(sigmoid(x)) = -(log1p(exp(-|x|)) + max(-x, 0)), with pyt ops (for backward).
Tensor log_sigmoid_ops(const Tensor& x) { return neg(add(log1p(exp(neg(abs(x)))), relu(neg(x)))); }

// log1p(e) for e = exp(-|x|) in (0, 1]: log(1 + e) loses relative accuracy only for tiny e,
// where the series e - e^2/2 + e^3/3 is exact to rounding.
template <typename T>
inline T log1p_small(T e) {
  return e < T(1e-4) ? e * (T(1) - e * (T(0.5) - e / T(3))) : std::log(T(1) + e);
}

// Note [Fused BCE backward]: without create_graph the gradients are computed in one pass
// here; with create_graph the same formulas run as pyt ops so they can be differentiated.
template <typename T>
void bce_logits_grad(int64_t n, const T* x, const T* y, const T* w, const T* pw, const T* g, bool g_scalar,
                     T scale, T* gx, T* gy) {
  parallel_for(0, n, 32768, [&](int64_t b, int64_t e) {
    if constexpr (std::is_same_v<T, float>) {
      if (gx && !gy) {
        // float32, input gradient only (the common case): vectorised sigmoid into gx.
        cpu::vec::table().sigmoid(x + b, gx + b, e - b);
        for (int64_t i = b; i < e; ++i) {
          T gi = (g_scalar ? g[0] : g[i]) * scale;
          if (w) gi *= w[i];
          const T sig = gx[i], yi = y[i];
          gx[i] = pw ? gi * ((T(1) + (pw[i] - T(1)) * yi) * sig - pw[i] * yi) : gi * (sig - yi);
        }
        return;
      }
    }
    for (int64_t i = b; i < e; ++i) {
      T gi = (g_scalar ? g[0] : g[i]) * scale;
      if (w) gi *= w[i];
      T xi = x[i], yi = y[i];
      T sig = T(1) / (T(1) + std::exp(-xi));
      if (gx) gx[i] = pw ? gi * ((T(1) + (pw[i] - T(1)) * yi) * sig - pw[i] * yi) : gi * (sig - yi);
      if (gy) {
        T d = -xi;
        if (pw) d -= (pw[i] - T(1)) * -(log1p_small(std::exp(-std::abs(xi))) + std::max(-xi, T(0)));
        gy[i] = gi * d;
      }
    }
  });
}

}  // namespace

Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target, const Tensor& weight,
                                        const Tensor& pos_weight, const std::string& reduction) {
  const char* op = "binary_cross_entropy_with_logits";
  PYT_CHECK(reduction == "none" || reduction == "mean" || reduction == "sum", ValueError, reduction,
            " is not a valid value for reduction");
  PYT_CHECK(target.sizes() == input.sizes(), RuntimeError, op, ": Target size (", target.shape_str(),
            ") must be the same as input size (", input.shape_str(), ")");
  PYT_CHECK(input.dtype() == ScalarType::Float32 || input.dtype() == ScalarType::Float64, RuntimeError, op,
            ": expected a float32 or float64 input, got ", input.describe());
  const ScalarType dt = input.dtype();
  auto prep = [&](const Tensor& t, const char* name) {
    PYT_CHECK(is_floating_type(t.dtype()), RuntimeError, op, ": expected a floating ", name, ", got ", t.describe());
    Tensor d = t.detach();
    if (d.dtype() != dt) d = to_dtype(d, dt);
    if (d.sizes() != input.sizes()) d = expand(d, input.sizes());  // throws on a bad broadcast
    return contiguous(d);
  };
  Tensor x = prep(input, "input"), y = prep(target, "target");
  Tensor w = weight.defined() ? prep(weight, "weight") : Tensor();
  Tensor pw = pos_weight.defined() ? prep(pos_weight, "pos_weight") : Tensor();
  Tensor loss = empty(input.sizes(), dt);
  const int64_t n = x.numel();
  PYT_DISPATCH_FLOATING(dt, op, [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    const scalar_t* py = y.data_ptr<scalar_t>();
    const scalar_t* pwt = w.defined() ? w.data_ptr<scalar_t>() : nullptr;
    const scalar_t* ppw = pw.defined() ? pw.data_ptr<scalar_t>() : nullptr;
    scalar_t* pl = loss.data_ptr<scalar_t>();
    parallel_for(0, n, 32768, [&](int64_t b, int64_t e) {
      if constexpr (std::is_same_v<scalar_t, float>) {
        // float32: log1p(exp(-|x|)) through the vectorised exp/log1p (Note [SIMD dispatch]),
        // in place in the output, then the rest of the formula.
        const auto& vt = cpu::vec::table();
        for (int64_t i = b; i < e; ++i) pl[i] = -std::abs(px[i]);
        // (the dispatch lambda is not a template, so this branch is compiled for double too and
        // must type-check; it only runs when scalar_t is float, where the cast is the identity)
        float* lp = reinterpret_cast<float*>(pl) + b;
        vt.exp(lp, lp, e - b);
        vt.log1p(lp, lp, e - b);
        for (int64_t i = b; i < e; ++i) {
          scalar_t xi = px[i], yi = py[i];
          scalar_t sp = pl[i] + std::max(-xi, scalar_t(0));  // -log_sigmoid(x)
          scalar_t lw = ppw ? scalar_t(1) + (ppw[i] - scalar_t(1)) * yi : scalar_t(1);
          scalar_t l = (scalar_t(1) - yi) * xi + lw * sp;
          pl[i] = pwt ? l * pwt[i] : l;
        }
        return;
      }
      for (int64_t i = b; i < e; ++i) {
        scalar_t xi = px[i], yi = py[i];
        scalar_t sp = log1p_small(std::exp(-std::abs(xi))) + std::max(-xi, scalar_t(0));  // -log_sigmoid(x)
        scalar_t lw = ppw ? scalar_t(1) + (ppw[i] - scalar_t(1)) * yi : scalar_t(1);
        scalar_t l = (scalar_t(1) - yi) * xi + lw * sp;
        pl[i] = pwt ? l * pwt[i] : l;
      }
    });
  });
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = reduction == "none" ? loss : reduction == "sum" ? sum(loss) : mean(loss);
  }
  if (any_requires_grad({&input, &target})) {
    const bool has_w = weight.defined(), has_pw = pos_weight.defined();
    std::vector<int64_t> sizes = input.sizes();
    ScalarType in_dt = input.dtype(), t_dt = target.dtype();
    auto node = make_node(
        "BinaryCrossEntropyWithLogitsBackward0", {input, target},
        [reduction, has_w, has_pw, sizes, in_dt, t_dt, n](BackwardNode& nd, const TensorList& g) {
          Tensor x = nd.saved(0), y = nd.saved(1);
          const size_t pw_slot0 = has_w ? 3 : 2;
          if (!autograd::GradMode::is_enabled() && x.dtype() == y.dtype()) {
            Tensor xc = contiguous(x.detach()), yc = contiguous(y.detach());
            Tensor wc = has_w ? nd.saved(2) : Tensor(), pwc = has_pw ? nd.saved(pw_slot0) : Tensor();
            Tensor gc = contiguous(to_dtype(g[0].detach(), xc.dtype()));
            const bool g_scalar = reduction != "none";
            TensorList r(2);
            Tensor gx = nd.needs_input_grad(0) ? empty(sizes, xc.dtype()) : Tensor();
            Tensor gy = nd.needs_input_grad(1) ? empty(sizes, xc.dtype()) : Tensor();
            PYT_DISPATCH_FLOATING(xc.dtype(), "binary_cross_entropy_with_logits_backward", [&] {
              scalar_t scale = reduction == "mean" ? scalar_t(1) / static_cast<scalar_t>(std::max<int64_t>(n, 1))
                                                   : scalar_t(1);
              bce_logits_grad<scalar_t>(n, xc.data_ptr<scalar_t>(), yc.data_ptr<scalar_t>(),
                                        has_w ? wc.data_ptr<scalar_t>() : nullptr,
                                        has_pw ? pwc.data_ptr<scalar_t>() : nullptr, gc.data_ptr<scalar_t>(),
                                        g_scalar, scale, gx.defined() ? gx.data_ptr<scalar_t>() : nullptr,
                                        gy.defined() ? gy.data_ptr<scalar_t>() : nullptr);
            });
            if (gx.defined()) r[0] = gx.dtype() == in_dt ? gx : to_dtype(gx, in_dt);
            if (gy.defined()) r[1] = gy.dtype() == t_dt ? gy : to_dtype(gy, t_dt);
            return r;
          }
          Tensor gg = g[0];
          if (reduction == "mean") gg = div(gg, wrapped_scalar(Scalar(static_cast<double>(std::max<int64_t>(n, 1)))));
          if (reduction != "none") gg = expand(gg, sizes);
          if (has_w) gg = mul(gg, nd.saved(2));
          const size_t pw_slot = has_w ? 3 : 2;
          TensorList r(2);
          if (nd.needs_input_grad(0)) {
            // d/dx = lw * sigmoid(x) - pos_weight * y  (sigmoid(x) - y without pos_weight)
            Tensor gx;
            if (has_pw) {
              Tensor pw = nd.saved(pw_slot);
              Tensor lw = add(mul(sub(pw, wrapped_scalar(Scalar(1.0))), y), wrapped_scalar(Scalar(1.0)));
              gx = sub(mul(lw, sigmoid(x)), mul(pw, y));
            } else {
              gx = sub(sigmoid(x), y);
            }
            Tensor gi = mul(gg, gx);
            r[0] = gi.dtype() == in_dt ? gi : to_dtype(gi, in_dt);
          }
          if (nd.needs_input_grad(1)) {
            // d/dy = -x - (pos_weight - 1) * log_sigmoid(x)  (-x without pos_weight)
            Tensor gy = neg(x);
            if (has_pw) gy = sub(gy, mul(sub(nd.saved(pw_slot), wrapped_scalar(Scalar(1.0))), log_sigmoid_ops(x)));
            Tensor gt = mul(gg, gy);
            r[1] = gt.dtype() == t_dt ? gt : to_dtype(gt, t_dt);
          }
          return r;
        });
    // Saved: the inputs themselves (so that double backward reaches them), and the
    // broadcast weights.
    node->save(input);
    node->save(target.dtype() == dt ? target : to_dtype(target, dt));
    if (has_w) node->save(w);
    if (has_pw) node->save(pw);
    set_history(out, node);
  }
  return out;
}

}  // namespace pyt
