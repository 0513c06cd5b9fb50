#pragma once
// Fused updates of RMSprop, Adagrad, Adadelta, Adamax, NAdam and RAdam.
//
// Each function updates every parameter of one parameter group in one call: for each
// parameter i with gradient grads[i] it runs a single pass over the elements (parallel over
// pyt's thread pool), reading and writing the optimizer state tensors of that parameter in
// place. The element arithmetic follows torch.optim's single-tensor implementations op by
// op in the parameter's dtype (float32 or float64), so results agree with torch to rounding.
//
// `steps` are the per-parameter 0-d step counters (float32 or float64 tensors, as torch keeps
// them); each function increments them by one before using them.
//
// Errors (RuntimeError): list lengths that differ, a gradient or state tensor whose shape or
// dtype differs from its parameter's, a non-floating parameter, a step that is not a 0-d
// floating tensor.
#include <vector>

#include "pyt/export.h"
#include "pyt/tensor.h"

namespace pyt {

/// RMSprop (torch.optim.RMSprop): square_avg = alpha*sa + (1-alpha)*g^2; with `centered`,
/// grad_avg tracks the mean gradient and the denominator is sqrt(sa - ga^2) + eps; with
/// momentum, buf = momentum*buf + g/denom and p -= lr*buf, else p -= lr*g/denom.
/// grad_avgs is used only when centered, momentum_buffers only when momentum > 0.
/// Example: rmsprop_step(ps, gs, sqs, {}, {}, steps, 1e-2, 0.99, 1e-8, 0, 0, false, false);
PYT_API void rmsprop_step(TensorList& params, const TensorList& grads, TensorList& square_avgs,
                          TensorList& grad_avgs, TensorList& momentum_buffers, TensorList& steps, double lr,
                          double alpha, double eps, double weight_decay, double momentum, bool centered,
                          bool maximize);

/// Adagrad (torch.optim.Adagrad): sum += g^2; p -= clr * g / (sqrt(sum) + eps) with
/// clr = lr / (1 + (step - 1) * lr_decay).
/// Example: adagrad_step(ps, gs, sums, steps, 1e-2, 0, 0, 1e-10, false);
PYT_API void adagrad_step(TensorList& params, const TensorList& grads, TensorList& state_sums, TensorList& steps,
                          double lr, double lr_decay, double weight_decay, double eps, bool maximize);

/// Adadelta (torch.optim.Adadelta, Zeiler 2012): sa = rho*sa + (1-rho)*g^2;
/// delta = sqrt(acc + eps) / sqrt(sa + eps) * g; acc = rho*acc + (1-rho)*delta^2; p -= lr*delta.
/// Example: adadelta_step(ps, gs, sqs, accs, steps, 1.0, 0.9, 1e-6, 0, false);
PYT_API void adadelta_step(TensorList& params, const TensorList& grads, TensorList& square_avgs,
                           TensorList& acc_deltas, TensorList& steps, double lr, double rho, double eps,
                           double weight_decay, bool maximize);

/// Adamax (torch.optim.Adamax): m = lerp(m, g, 1-beta1); u = max(beta2*u, |g| + eps);
/// p -= lr / (1 - beta1^t) * m / u.
/// Example: adamax_step(ps, gs, ms, us, steps, 2e-3, 0.9, 0.999, 1e-8, 0, false);
PYT_API void adamax_step(TensorList& params, const TensorList& grads, TensorList& exp_avgs, TensorList& exp_infs,
                         TensorList& steps, double lr, double beta1, double beta2, double eps, double weight_decay,
                         bool maximize);

/// NAdam (torch.optim.NAdam, Dozat 2016): Adam with Nesterov momentum and the momentum
/// schedule mu_t = beta1 * (1 - 0.5 * 0.96^(t * momentum_decay)); mu_products are the 0-d
/// float32 running products of mu_t (updated here). decoupled_weight_decay: p *= 1 - lr*wd.
/// Example: nadam_step(ps, gs, ms, vs, mus, steps, 2e-3, 0.9, 0.999, 1e-8, 0, 4e-3, false, false);
PYT_API void nadam_step(TensorList& params, const TensorList& grads, TensorList& exp_avgs, TensorList& exp_avg_sqs,
                        TensorList& mu_products, TensorList& steps, double lr, double beta1, double beta2,
                        double eps, double weight_decay, double momentum_decay, bool decoupled_weight_decay,
                        bool maximize);

/// RAdam (torch.optim.RAdam, Liu et al. 2019): Adam whose adaptive term is used only when the
/// variance rectification rho_t > 5, scaled by the rectification factor; otherwise
/// p -= lr * m / (1 - beta1^t).
/// Example: radam_step(ps, gs, ms, vs, steps, 1e-3, 0.9, 0.999, 1e-8, 0, false, false);
PYT_API void radam_step(TensorList& params, const TensorList& grads, TensorList& exp_avgs, TensorList& exp_avg_sqs,
                        TensorList& steps, double lr, double beta1, double beta2, double eps, double weight_decay,
                        bool decoupled_weight_decay, bool maximize);

}  // namespace pyt
