// Fused RMSprop, Adagrad, Adadelta, Adamax, NAdam and RAdam updates (contracts in optim2.h).
//
// Note [Fused optimizer arithmetic]: each element runs the same sequence of float operations
// as torch.optim's single-tensor code, in the parameter's dtype, with torch's kernel formulas:
// addcmul_(a, b, value=v) is self + (v*a)*b, addcdiv_(a, b, value=v) is self + (v*a)/b,
// add_(x, alpha=a) is self + a*x, lerp with weight w is self + w*(end-self) for w < 0.5 and
// end - (end-self)*(1-w) otherwise, and `scalar / tensor` is tensor.reciprocal() * scalar.
// Step-dependent factors (bias corrections, learning-rate decay) are computed in double as
// torch computes them in Python, then rounded to the dtype once.
#include <cmath>

#include "pyt/autograd/grad_mode.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

namespace {

constexpr int64_t kGrain = 32768;

struct StateList {
  TensorList* list;
  const char* name;
};

// Increments a 0-d floating step counter (torch keeps 'step' as a float32 tensor) and returns
// its new value.
double bump_step(Tensor& s, const char* op, size_t i) {
  PYT_CHECK(s.defined() && s.numel() == 1 && is_floating_type(s.dtype()), RuntimeError, op,
            ": state 'step' of parameter ", i, " must be a one-element floating tensor");
  double v = 0;
  PYT_DISPATCH_FLOATING(s.dtype(), op, [&] {
    scalar_t* d = s.data_ptr<scalar_t>();
    d[0] = d[0] + scalar_t(1);
    v = static_cast<double>(d[0]);
  });
  s.bump_version(op);
  return v;
}

// Checks parameter i, its gradient and its state tensors, then runs kernel(i, p, g, step) with
// p contiguous (a non-contiguous parameter is updated through a contiguous copy written back)
// and g contiguous. step is the incremented step counter (0 when `steps` is null).
template <typename K>
void for_each_param(const char* op, TensorList& params, const TensorList& grads, std::initializer_list<StateList> states,
                    TensorList* steps, K kernel) {
  autograd::NoGradGuard ng;
  const size_t n = params.size();
  PYT_CHECK(grads.size() == n, RuntimeError, op, ": got ", n, " params and ", grads.size(), " grads");
  for (const StateList& s : states)
    PYT_CHECK(s.list->size() == n, RuntimeError, op, ": got ", n, " params and ", s.list->size(), " ", s.name);
  if (steps) PYT_CHECK(steps->size() == n, RuntimeError, op, ": got ", n, " params and ", steps->size(), " steps");
  for (size_t i = 0; i < n; ++i) {
    Tensor& p = params[i];
    const Tensor& g0 = grads[i];
    PYT_CHECK(p.defined() && g0.defined(), RuntimeError, op, ": parameter ", i, " has no gradient");
    PYT_CHECK(is_floating_type(p.dtype()), RuntimeError, op, ": parameter ", i, " must be floating point, got ",
              scalar_type_name(p.dtype()));
    PYT_CHECK(p.sizes() == g0.sizes() && p.dtype() == g0.dtype(), RuntimeError, op, ": parameter ", i, " (",
              scalar_type_name(p.dtype()), ", shape ", p.shape_str(), ") has a gradient of dtype ",
              scalar_type_name(g0.dtype()), " and shape ", g0.shape_str());
    for (const StateList& s : states) {
      const Tensor& t = (*s.list)[i];
      PYT_CHECK(t.defined() && t.sizes() == p.sizes() && t.dtype() == p.dtype() && t.is_contiguous(), RuntimeError,
                op, ": state '", s.name, "' of parameter ", i, " must be a contiguous ", scalar_type_name(p.dtype()),
                " tensor of shape ", p.shape_str(), ", got ",
                t.defined() ? scalar_type_name(t.dtype()) : "an undefined tensor", t.defined() ? " of shape " : "",
                t.defined() ? t.shape_str() : "");
    }
    double step = steps ? bump_step((*steps)[i], op, i) : 0.0;
    Tensor g = contiguous(g0);
    if (p.is_contiguous()) {
      kernel(i, p, g, step);
    } else {
      Tensor c = clone(p);
      kernel(i, c, g, step);
      detail::copy_data(p, c);
    }
    for (const StateList& s : states) (*s.list)[i].bump_version(op);
    p.bump_version(op);
  }
}

template <typename T>
inline T lerp(T self, T end, T w) {
  return w < T(0.5) ? self + w * (end - self) : end - (end - self) * (T(1) - w);
}

}  // namespace

void rmsprop_step(TensorList& params, const TensorList& grads, TensorList& square_avgs, TensorList& grad_avgs,
                  TensorList& momentum_buffers, TensorList& steps, double lr, double alpha, double eps,
                  double weight_decay, double momentum, bool centered, bool maximize) {
  const char* op = "rmsprop_step";
  TensorList none;
  for_each_param(
      op, params, grads,
      {{&square_avgs, "square_avg"},
       {centered ? &grad_avgs : &square_avgs, centered ? "grad_avg" : "square_avg"},
       {momentum > 0 ? &momentum_buffers : &square_avgs, momentum > 0 ? "momentum_buffer" : "square_avg"}},
      &steps, [&](size_t i, Tensor& p, const Tensor& g, double) {
        PYT_DISPATCH_FLOATING(p.dtype(), op, [&] {
          using T = scalar_t;
          T* pp = p.data_ptr<T>();
          const T* pg = g.data_ptr<T>();
          T* psa = square_avgs[i].data_ptr<T>();
          T* pga = centered ? grad_avgs[i].data_ptr<T>() : nullptr;
          T* pb = momentum > 0 ? momentum_buffers[i].data_ptr<T>() : nullptr;
          const T wd = T(weight_decay), a = T(alpha), a1 = T(1 - alpha), ep = T(eps), mom = T(momentum),
                  nlr = T(-lr), neg1 = T(-1);
          parallel_for(0, p.numel(), kGrain, [&](int64_t b, int64_t e) {
            for (int64_t k = b; k < e; ++k) {
              T gr = maximize ? -pg[k] : pg[k];
              if (weight_decay != 0) gr = gr + wd * pp[k];
              T sa = psa[k] * a;
              sa = sa + (a1 * gr) * gr;
              psa[k] = sa;
              T avg;
              if (centered) {
                T ga = lerp(pga[k], gr, a1);
                pga[k] = ga;
                avg = std::sqrt(sa + (neg1 * ga) * ga);
              } else {
                avg = std::sqrt(sa);
              }
              avg = avg + ep;
              if (momentum > 0) {
                T bv = pb[k] * mom;
                bv = bv + gr / avg;
                pb[k] = bv;
                pp[k] = pp[k] + nlr * bv;
              } else {
                pp[k] = pp[k] + (nlr * gr) / avg;
              }
            }
          });
        });
      });
}

void adagrad_step(TensorList& params, const TensorList& grads, TensorList& state_sums, TensorList& steps, double lr,
                  double lr_decay, double weight_decay, double eps, bool maximize) {
  const char* op = "adagrad_step";
  for_each_param(op, params, grads, {{&state_sums, "sum"}}, &steps, [&](size_t i, Tensor& p, const Tensor& g, double step) {
    const double clr = lr / (1 + (step - 1) * lr_decay);
    PYT_DISPATCH_FLOATING(p.dtype(), op, [&] {
      using T = scalar_t;
      T* pp = p.data_ptr<T>();
      const T* pg = g.data_ptr<T>();
      T* ps = state_sums[i].data_ptr<T>();
      const T wd = T(weight_decay), ep = T(eps), nclr = T(-clr);
      parallel_for(0, p.numel(), kGrain, [&](int64_t b, int64_t e) {
        for (int64_t k = b; k < e; ++k) {
          T gr = maximize ? -pg[k] : pg[k];
          if (weight_decay != 0) gr = gr + wd * pp[k];
          T s = ps[k] + (T(1) * gr) * gr;
          ps[k] = s;
          T std_ = std::sqrt(s) + ep;
          pp[k] = pp[k] + (nclr * gr) / std_;
        }
      });
    });
  });
}

void adadelta_step(TensorList& params, const TensorList& grads, TensorList& square_avgs, TensorList& acc_deltas,
                   TensorList& steps, double lr, double rho, double eps, double weight_decay, bool maximize) {
  const char* op = "adadelta_step";
  for_each_param(op, params, grads, {{&square_avgs, "square_avg"}, {&acc_deltas, "acc_delta"}}, &steps,
                 [&](size_t i, Tensor& p, const Tensor& g, double) {
                   PYT_DISPATCH_FLOATING(p.dtype(), op, [&] {
                     using T = scalar_t;
                     T* pp = p.data_ptr<T>();
                     const T* pg = g.data_ptr<T>();
                     T* psa = square_avgs[i].data_ptr<T>();
                     T* pad = acc_deltas[i].data_ptr<T>();
                     const T wd = T(weight_decay), r = T(rho), r1 = T(1 - rho), ep = T(eps), nlr = T(-lr);
                     parallel_for(0, p.numel(), kGrain, [&](int64_t b, int64_t e) {
                       for (int64_t k = b; k < e; ++k) {
                         T gr = maximize ? -pg[k] : pg[k];
                         if (weight_decay != 0) gr = gr + wd * pp[k];
                         T sa = psa[k] * r;
                         sa = sa + (r1 * gr) * gr;
                         psa[k] = sa;
                         T std_ = std::sqrt(sa + ep);
                         T delta = std::sqrt(pad[k] + ep);
                         delta = delta / std_;
                         delta = delta * gr;
                         T ad = pad[k] * r;
                         pad[k] = ad + (r1 * delta) * delta;
                         pp[k] = pp[k] + nlr * delta;
                       }
                     });
                   });
                 });
}

void adamax_step(TensorList& params, const TensorList& grads, TensorList& exp_avgs, TensorList& exp_infs,
                 TensorList& steps, double lr, double beta1, double beta2, double eps, double weight_decay,
                 bool maximize) {
  const char* op = "adamax_step";
  for_each_param(op, params, grads, {{&exp_avgs, "exp_avg"}, {&exp_infs, "exp_inf"}}, &steps,
                 [&](size_t i, Tensor& p, const Tensor& g, double step) {
                   const double clr = lr / (1 - std::pow(beta1, step));
                   PYT_DISPATCH_FLOATING(p.dtype(), op, [&] {
                     using T = scalar_t;
                     T* pp = p.data_ptr<T>();
                     const T* pg = g.data_ptr<T>();
                     T* pm = exp_avgs[i].data_ptr<T>();
                     T* pu = exp_infs[i].data_ptr<T>();
                     const T wd = T(weight_decay), w1 = T(1 - beta1), b2 = T(beta2), ep = T(eps), nclr = T(-clr);
                     parallel_for(0, p.numel(), kGrain, [&](int64_t b, int64_t e) {
                       for (int64_t k = b; k < e; ++k) {
                         T gr = maximize ? -pg[k] : pg[k];
                         if (weight_decay != 0) gr = gr + wd * pp[k];
                         T m = lerp(pm[k], gr, w1);
                         pm[k] = m;
                         T u = pu[k] * b2;
                         T ag = std::abs(gr) + ep;
                         // torch.maximum propagates NaN
                         u = (std::isnan(u) || u > ag) ? u : ag;
                         pu[k] = u;
                         pp[k] = pp[k] + (nclr * m) / u;
                       }
                     });
                   });
                 });
}

void nadam_step(TensorList& params, const TensorList& grads, TensorList& exp_avgs, TensorList& exp_avg_sqs,
                TensorList& mu_products, TensorList& steps, double lr, double beta1, double beta2, double eps,
                double weight_decay, double momentum_decay, bool decoupled_weight_decay, bool maximize) {
  const char* op = "nadam_step";
  PYT_CHECK(mu_products.size() == params.size(), RuntimeError, op, ": got ", params.size(), " params and ",
            mu_products.size(), " mu_products");
  for_each_param(
      op, params, grads, {{&exp_avgs, "exp_avg"}, {&exp_avg_sqs, "exp_avg_sq"}}, &steps,
      [&](size_t i, Tensor& p, const Tensor& g, double step) {
        Tensor& mp = mu_products[i];
        PYT_CHECK(mp.defined() && mp.numel() == 1 && is_floating_type(mp.dtype()), RuntimeError, op,
                  ": state 'mu_product' of parameter ", i, " must be a one-element floating tensor");
        const double bias_correction2 = 1 - std::pow(beta2, step);
        const double mu = beta1 * (1.0 - 0.5 * std::pow(0.96, step * momentum_decay));
        const double mu_next = beta1 * (1.0 - 0.5 * std::pow(0.96, (step + 1) * momentum_decay));
        // mu_product *= mu, in the counter's dtype (float32 in torch)
        double mu_product = 0;
        PYT_DISPATCH_FLOATING(mp.dtype(), op, [&] {
          scalar_t* d = mp.data_ptr<scalar_t>();
          d[0] = d[0] * static_cast<scalar_t>(mu);
          mu_product = static_cast<double>(d[0]);
        });
        mp.bump_version(op);
        const double mu_product_next = mu_product * mu_next;
        const double c_grad = -lr * (1.0 - mu) / (1.0 - mu_product);
        const double c_avg = (-lr * mu_next) / (1.0 - mu_product_next);
        PYT_DISPATCH_FLOATING(p.dtype(), op, [&] {
          using T = scalar_t;
          T* pp = p.data_ptr<T>();
          const T* pg = g.data_ptr<T>();
          T* pm = exp_avgs[i].data_ptr<T>();
          T* pv = exp_avg_sqs[i].data_ptr<T>();
          const T wd = T(weight_decay), decay = T(1 - lr * weight_decay), w1 = T(1 - beta1), b2 = T(beta2),
                  c2 = T(1 - beta2), bc2 = T(bias_correction2), ep = T(eps), cg = T(c_grad), ca = T(c_avg);
          parallel_for(0, p.numel(), kGrain, [&](int64_t b, int64_t e) {
            for (int64_t k = b; k < e; ++k) {
              T gr = maximize ? -pg[k] : pg[k];
              T pk = pp[k];
              if (weight_decay != 0) {
                if (decoupled_weight_decay)
                  pk = pk * decay;
                else
                  gr = gr + wd * pk;
              }
              T m = lerp(pm[k], gr, w1);
              pm[k] = m;
              T v = pv[k] * b2;
              v = v + (c2 * gr) * gr;
              pv[k] = v;
              T denom = std::sqrt(v / bc2) + ep;
              pk = pk + (cg * gr) / denom;
              pp[k] = pk + (ca * m) / denom;
            }
          });
        });
      });
}

void radam_step(TensorList& params, const TensorList& grads, TensorList& exp_avgs, TensorList& exp_avg_sqs,
                TensorList& steps, double lr, double beta1, double beta2, double eps, double weight_decay,
                bool decoupled_weight_decay, bool maximize) {
  const char* op = "radam_step";
  for_each_param(
      op, params, grads, {{&exp_avgs, "exp_avg"}, {&exp_avg_sqs, "exp_avg_sq"}}, &steps,
      [&](size_t i, Tensor& p, const Tensor& g, double step) {
        const double bias_correction1 = 1 - std::pow(beta1, step);
        const double bias_correction2 = 1 - std::pow(beta2, step);
        const double rho_inf = 2 / (1 - beta2) - 1;
        const double rho_t = rho_inf - 2 * step * std::pow(beta2, step) / bias_correction2;
        const bool rectify = rho_t > 5.0;
        const double rect =
            rectify ? std::sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) : 0.0;
        PYT_DISPATCH_FLOATING(p.dtype(), op, [&] {
          using T = scalar_t;
          T* pp = p.data_ptr<T>();
          const T* pg = g.data_ptr<T>();
          T* pm = exp_avgs[i].data_ptr<T>();
          T* pv = exp_avg_sqs[i].data_ptr<T>();
          const T wd = T(weight_decay), decay = T(1 - lr * weight_decay), w1 = T(1 - beta1), b2 = T(beta2),
                  c2 = T(1 - beta2), bc1 = T(bias_correction1), bc2s = T(std::sqrt(bias_correction2)), ep = T(eps),
                  lr_t = T(lr), rect_t = T(rect);
          parallel_for(0, p.numel(), kGrain, [&](int64_t b, int64_t e) {
            for (int64_t k = b; k < e; ++k) {
              T gr = maximize ? -pg[k] : pg[k];
              T pk = pp[k];
              if (weight_decay != 0) {
                if (decoupled_weight_decay)
                  pk = pk * decay;
                else
                  gr = gr + wd * pk;
              }
              T m = lerp(pm[k], gr, w1);
              pm[k] = m;
              T v = pv[k] * b2;
              v = v + (c2 * gr) * gr;
              pv[k] = v;
              T upd = (m / bc1) * lr_t;
              if (rectify) {
                T adaptive = (T(1) / (std::sqrt(v) + ep)) * bc2s;
                upd = (upd * adaptive) * rect_t;
              }
              pp[k] = pk - upd;
            }
          });
        });
      });
}

}  // namespace pyt
