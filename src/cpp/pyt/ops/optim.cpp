// Fused optimizer updates: one pass over each parameter, no per-element Python.
// The arithmetic follows torch.optim's single-tensor implementations op by op, in the
// parameter's dtype, so results agree with torch to rounding.
#include <cmath>

#include "pyt/autograd/grad_mode.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/optim_loops.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

namespace {

void check_param_grad(const Tensor& p, const Tensor& g, const char* op, size_t i) {
  PYT_CHECK(p.defined() && g.defined(), RuntimeError, op, ": parameter ", i, " has no gradient");
  PYT_CHECK(p.sizes() == g.sizes(), RuntimeError, op, ": parameter ", i, " of shape ", p.shape_str(),
            " has a gradient of shape ", g.shape_str());
  PYT_CHECK(p.dtype() == g.dtype(), RuntimeError, op, ": parameter ", i, " (", scalar_type_name(p.dtype()),
            ") and its gradient (", scalar_type_name(g.dtype()), ") differ in dtype");
  PYT_CHECK(is_floating_type(p.dtype()), RuntimeError, op, ": parameter ", i, " must be floating point, got ",
            scalar_type_name(p.dtype()));
}

// Runs f over a contiguous working copy of t when t is not contiguous, then writes it back.
template <typename F>
void with_contiguous(Tensor& t, F f) {
  if (t.is_contiguous()) {
    f(t);
    return;
  }
  Tensor c = clone(t);
  f(c);
  detail::copy_data(t, c);
}

}  // namespace

void sgd_step(TensorList& params, const TensorList& grads, TensorList& momentum_buffers, double lr, double momentum,
              double dampening, double weight_decay, bool nesterov, bool maximize) {
  autograd::NoGradGuard ng;
  PYT_CHECK(params.size() == grads.size(), RuntimeError, "sgd_step: got ", params.size(), " params and ", grads.size(),
            " grads");
  momentum_buffers.resize(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    Tensor& p = params[i];
    check_param_grad(p, grads[i], "sgd_step", i);
    Tensor g = contiguous(grads[i]);
    bool new_buf = momentum != 0 && !momentum_buffers[i].defined();
    if (new_buf) momentum_buffers[i] = empty(p.sizes(), p.dtype());
    Tensor buf = momentum_buffers[i];
    with_contiguous(p, [&](Tensor& pc) {
      PYT_DISPATCH_FLOATING_AND_REDUCED(p.dtype(), "sgd_step", [&] {
        using T = scalar_t;
        T* pp = pc.data_ptr<T>();
        const T* pg = g.data_ptr<T>();
        T* pb = buf.defined() ? buf.data_ptr<T>() : nullptr;
        using C = optim_loops::opmath_t<T>;
        const C wd = static_cast<C>(weight_decay), mom = static_cast<C>(momentum),
                damp1 = static_cast<C>(1 - dampening), nlr = static_cast<C>(-lr);
        optim_loops::with_flags(
            [&](auto MAX, auto WD, auto MOM, auto FIRST, auto NEST) {
              parallel_for(0, p.numel(), 32768, [&](int64_t b, int64_t e) {
                optim_loops::sgd<PYT_FLAG(MAX), PYT_FLAG(WD), PYT_FLAG(MOM), PYT_FLAG(FIRST), PYT_FLAG(NEST)>(
                    pp + b, pg + b, pb ? pb + b : nullptr, e - b, wd, mom, damp1, nlr);
              });
            },
            maximize, weight_decay != 0, momentum != 0, new_buf, nesterov && momentum != 0);
      });
    });
    p.bump_version("sgd_step");
  }
}

void adam_step(TensorList& params, const TensorList& grads, TensorList& exp_avgs, TensorList& exp_avg_sqs,
               TensorList& max_exp_avg_sqs, const std::vector<int64_t>& steps, double lr, double beta1, double beta2,
               double eps, double weight_decay, bool amsgrad, bool maximize, bool decoupled_weight_decay) {
  autograd::NoGradGuard ng;
  size_t n = params.size();
  PYT_CHECK(grads.size() == n && exp_avgs.size() == n && exp_avg_sqs.size() == n && steps.size() == n, RuntimeError,
            "adam_step: expected ", n, " grads, exp_avgs, exp_avg_sqs and steps");
  PYT_CHECK(!amsgrad || max_exp_avg_sqs.size() == n, RuntimeError, "adam_step: amsgrad needs ", n, " max_exp_avg_sqs");
  for (size_t i = 0; i < n; ++i) {
    Tensor& p = params[i];
    check_param_grad(p, grads[i], "adam_step", i);
    PYT_CHECK(steps[i] >= 1, RuntimeError, "adam_step: step must be >= 1 after incrementing, got ", steps[i]);
    Tensor g = contiguous(grads[i]);
    Tensor m = exp_avgs[i], v = exp_avg_sqs[i];
    PYT_CHECK(m.sizes() == p.sizes() && v.sizes() == p.sizes() && m.is_contiguous() && v.is_contiguous() &&
                  m.dtype() == p.dtype() && v.dtype() == p.dtype(),
              RuntimeError, "adam_step: state of parameter ", i, " does not match it (shape ", p.shape_str(), ")");
    Tensor vmax = amsgrad ? max_exp_avg_sqs[i] : Tensor();
    if (amsgrad)
      PYT_CHECK(vmax.sizes() == p.sizes() && vmax.is_contiguous() && vmax.dtype() == p.dtype(), RuntimeError,
                "adam_step: max_exp_avg_sq of parameter ", i, " does not match it");
    double step = static_cast<double>(steps[i]);
    double bias_correction1 = 1 - std::pow(beta1, step);
    double bias_correction2 = 1 - std::pow(beta2, step);
    double step_size = lr / bias_correction1;
    double bc2_sqrt = std::sqrt(bias_correction2);
    with_contiguous(p, [&](Tensor& pc) {
      PYT_DISPATCH_FLOATING_AND_REDUCED(p.dtype(), "adam_step", [&] {
        using T = scalar_t;
        T* pp = pc.data_ptr<T>();
        const T* pg = g.data_ptr<T>();
        T* pm = m.data_ptr<T>();
        T* pv = v.data_ptr<T>();
        T* pvm = amsgrad ? vmax.data_ptr<T>() : nullptr;
        using C = optim_loops::opmath_t<T>;
        const C wd = static_cast<C>(weight_decay), w1 = static_cast<C>(1 - beta1), b2 = static_cast<C>(beta2),
                c2 = static_cast<C>(1 - beta2), bc2s = static_cast<C>(bc2_sqrt), ep = static_cast<C>(eps),
                nss = static_cast<C>(-step_size), decay = static_cast<C>(1 - lr * weight_decay);
        optim_loops::with_flags(
            [&](auto MAX, auto WD, auto DEC, auto AMS) {
              parallel_for(0, p.numel(), 32768, [&](int64_t b, int64_t e) {
                optim_loops::adam<PYT_FLAG(MAX), PYT_FLAG(WD), PYT_FLAG(DEC), PYT_FLAG(AMS)>(
                    pp + b, pg + b, pm + b, pv + b, pvm ? pvm + b : nullptr, e - b, wd, decay, w1, b2, c2, bc2s, ep,
                    nss);
              });
            },
            maximize, weight_decay != 0, decoupled_weight_decay, amsgrad);
      });
    });
    p.bump_version("adam_step");
  }
}

}  // namespace pyt
