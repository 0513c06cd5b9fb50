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
#include "pyt/ops/cpu/optim_loops.h"
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

}  // namespace




void rmsprop_step(TensorList& params, const TensorList& grads, TensorList& square_avgs, TensorList& grad_avgs,
                  TensorList& momentum_buffers, TensorList& steps, double lr, double alpha, double eps,
                  double weight_decay, double momentum, bool centered, bool maximize) {
  const char* op = "rmsprop_step";
  for_each_param(
      op, params, grads,
      {{&square_avgs, "square_avg"},
       {centered ? &grad_avgs : &square_avgs, centered ? "grad_avg" : "square_avg"},
       {momentum > 0 ? &momentum_buffers : &square_avgs, momentum > 0 ? "momentum_buffer" : "square_avg"}},
      &steps, [&](size_t i, Tensor& p, const Tensor& g, double) {
        PYT_DISPATCH_FLOATING_AND_REDUCED(p.dtype(), op, [&] {
          using T = scalar_t;
          T* pp = p.data_ptr<T>();
          const T* pg = g.data_ptr<T>();
          T* psa = square_avgs[i].data_ptr<T>();
          T* pga = centered ? grad_avgs[i].data_ptr<T>() : nullptr;
          T* pb = momentum > 0 ? momentum_buffers[i].data_ptr<T>() : nullptr;
          using C = optim_loops::opmath_t<T>;
          const C wd = C(weight_decay), a = C(alpha), a1 = C(1 - alpha), ep = C(eps), mom = C(momentum),
                  nlr = C(-lr);
          optim_loops::with_flags(
              [&](auto MAX, auto WD, auto CEN, auto MOM) {
                parallel_for(0, p.numel(), kGrain, [&](int64_t b, int64_t e) {
                  optim_loops::rmsprop<PYT_FLAG(MAX), PYT_FLAG(WD), PYT_FLAG(CEN), PYT_FLAG(MOM)>(
                      pp + b, pg + b, psa + b, pga ? pga + b : nullptr, pb ? pb + b : nullptr, e - b, wd, a, a1, ep,
                      mom, nlr);
                });
              },
              maximize, weight_decay != 0, centered, momentum > 0);
        });
      });
}

void adagrad_step(TensorList& params, const TensorList& grads, TensorList& state_sums, TensorList& steps, double lr,
                  double lr_decay, double weight_decay, double eps, bool maximize) {
  const char* op = "adagrad_step";
  for_each_param(op, params, grads, {{&state_sums, "sum"}}, &steps, [&](size_t i, Tensor& p, const Tensor& g, double step) {
    const double clr = lr / (1 + (step - 1) * lr_decay);
    PYT_DISPATCH_FLOATING_AND_REDUCED(p.dtype(), op, [&] {
      using T = scalar_t;
      T* pp = p.data_ptr<T>();
      const T* pg = g.data_ptr<T>();
      T* ps = state_sums[i].data_ptr<T>();
      using C = optim_loops::opmath_t<T>;
      const C wd = C(weight_decay), ep = C(eps), nclr = C(-clr);
      optim_loops::with_flags(
          [&](auto MAX, auto WD) {
            parallel_for(0, p.numel(), kGrain, [&](int64_t b, int64_t e) {
              optim_loops::adagrad<PYT_FLAG(MAX), PYT_FLAG(WD)>(pp + b, pg + b, ps + b, e - b, wd, ep, nclr);
            });
          },
          maximize, weight_decay != 0);
    });
  });
}

void adadelta_step(TensorList& params, const TensorList& grads, TensorList& square_avgs, TensorList& acc_deltas,
                   TensorList& steps, double lr, double rho, double eps, double weight_decay, bool maximize) {
  const char* op = "adadelta_step";
  for_each_param(op, params, grads, {{&square_avgs, "square_avg"}, {&acc_deltas, "acc_delta"}}, &steps,
                 [&](size_t i, Tensor& p, const Tensor& g, double) {
                   PYT_DISPATCH_FLOATING_AND_REDUCED(p.dtype(), op, [&] {
                     using T = scalar_t;
                     T* pp = p.data_ptr<T>();
                     const T* pg = g.data_ptr<T>();
                     T* psa = square_avgs[i].data_ptr<T>();
                     T* pad = acc_deltas[i].data_ptr<T>();
                     using C = optim_loops::opmath_t<T>;
                     const C wd = C(weight_decay), r = C(rho), r1 = C(1 - rho), ep = C(eps), nlr = C(-lr);
                     optim_loops::with_flags(
                         [&](auto MAX, auto WD) {
                           parallel_for(0, p.numel(), kGrain, [&](int64_t b, int64_t e) {
                             optim_loops::adadelta<PYT_FLAG(MAX), PYT_FLAG(WD)>(pp + b, pg + b, psa + b, pad + b,
                                                                                e - b, wd, r, r1, ep, nlr);
                           });
                         },
                         maximize, weight_decay != 0);
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
                   PYT_DISPATCH_FLOATING_AND_REDUCED(p.dtype(), op, [&] {
                     using T = scalar_t;
                     T* pp = p.data_ptr<T>();
                     const T* pg = g.data_ptr<T>();
                     T* pm = exp_avgs[i].data_ptr<T>();
                     T* pu = exp_infs[i].data_ptr<T>();
                     using C = optim_loops::opmath_t<T>;
                     const C wd = C(weight_decay), w1 = C(1 - beta1), b2 = C(beta2), ep = C(eps), nclr = C(-clr);
                     optim_loops::with_flags(
                         [&](auto MAX, auto WD) {
                           parallel_for(0, p.numel(), kGrain, [&](int64_t b, int64_t e) {
                             optim_loops::adamax<PYT_FLAG(MAX), PYT_FLAG(WD)>(pp + b, pg + b, pm + b, pu + b, e - b,
                                                                              wd, w1, b2, ep, nclr);
                           });
                         },
                         maximize, weight_decay != 0);
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
        PYT_DISPATCH_FLOATING_AND_REDUCED(p.dtype(), op, [&] {
          using T = scalar_t;
          T* pp = p.data_ptr<T>();
          const T* pg = g.data_ptr<T>();
          T* pm = exp_avgs[i].data_ptr<T>();
          T* pv = exp_avg_sqs[i].data_ptr<T>();
          using C = optim_loops::opmath_t<T>;
          const C wd = C(weight_decay), decay = C(1 - lr * weight_decay), w1 = C(1 - beta1), b2 = C(beta2),
                  c2 = C(1 - beta2), bc2 = C(bias_correction2), ep = C(eps), cg = C(c_grad), ca = C(c_avg);
          optim_loops::with_flags(
              [&](auto MAX, auto WD, auto DEC) {
                parallel_for(0, p.numel(), kGrain, [&](int64_t b, int64_t e) {
                  optim_loops::nadam<PYT_FLAG(MAX), PYT_FLAG(WD), PYT_FLAG(DEC)>(
                      pp + b, pg + b, pm + b, pv + b, e - b, wd, decay, w1, b2, c2, bc2, ep, cg, ca);
                });
              },
              maximize, weight_decay != 0, decoupled_weight_decay);
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
        PYT_DISPATCH_FLOATING_AND_REDUCED(p.dtype(), op, [&] {
          using T = scalar_t;
          T* pp = p.data_ptr<T>();
          const T* pg = g.data_ptr<T>();
          T* pm = exp_avgs[i].data_ptr<T>();
          T* pv = exp_avg_sqs[i].data_ptr<T>();
          using C = optim_loops::opmath_t<T>;
          const C wd = C(weight_decay), decay = C(1 - lr * weight_decay), w1 = C(1 - beta1), b2 = C(beta2),
                  c2 = C(1 - beta2), bc1 = C(bias_correction1), bc2s = C(std::sqrt(bias_correction2)), ep = C(eps),
                  lr_t = C(lr), rect_t = C(rect);
          optim_loops::with_flags(
              [&](auto MAX, auto WD, auto DEC, auto RECT) {
                parallel_for(0, p.numel(), kGrain, [&](int64_t b, int64_t e) {
                  optim_loops::radam<PYT_FLAG(MAX), PYT_FLAG(WD), PYT_FLAG(DEC), PYT_FLAG(RECT)>(
                      pp + b, pg + b, pm + b, pv + b, e - b, wd, decay, w1, b2, c2, bc1, bc2s, ep, lr_t, rect_t);
                });
              },
              maximize, weight_decay != 0, decoupled_weight_decay, rectify);
        });
      });
}

void adam_step_t(TensorList& params, const TensorList& grads, TensorList& exp_avgs, TensorList& exp_avg_sqs,
                 TensorList& max_exp_avg_sqs, TensorList& steps, double lr, double beta1, double beta2, double eps,
                 double weight_decay, bool amsgrad, bool maximize, bool decoupled_weight_decay) {
  PYT_CHECK(steps.size() == params.size(), RuntimeError, "adam_step: got ", params.size(), " params and ",
            steps.size(), " steps");
  std::vector<int64_t> counts(steps.size());
  for (size_t i = 0; i < steps.size(); ++i) counts[i] = static_cast<int64_t>(bump_step(steps[i], "adam_step", i));
  adam_step(params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, counts, lr, beta1, beta2, eps, weight_decay, amsgrad,
            maximize, decoupled_weight_decay);
}

}  // namespace pyt
