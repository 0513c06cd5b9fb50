// Bindings of the fused optimizer updates (pyt/ops/optim2.h) used by pyt.optim. Each takes
// lists of tensors (parameters, gradients, state) of one parameter group and updates them in
// place with the GIL released.
#include "common.h"

namespace pyt::python {

using GIL = py::gil_scoped_release;

void init_optim(py::module_& m) {
  m.def("_rmsprop_step",
        [](TensorList p, TensorList g, TensorList square_avgs, TensorList grad_avgs, TensorList bufs, TensorList steps,
           double lr, double alpha, double eps, double weight_decay, double momentum, bool centered, bool maximize) {
          GIL gil;
          rmsprop_step(p, g, square_avgs, grad_avgs, bufs, steps, lr, alpha, eps, weight_decay, momentum, centered,
                       maximize);
        },
        "Fused RMSprop update of one parameter group (torch.optim.RMSprop).");
  m.def("_adagrad_step",
        [](TensorList p, TensorList g, TensorList sums, TensorList steps, double lr, double lr_decay,
           double weight_decay, double eps, bool maximize) {
          GIL gil;
          adagrad_step(p, g, sums, steps, lr, lr_decay, weight_decay, eps, maximize);
        },
        "Fused Adagrad update of one parameter group (torch.optim.Adagrad).");
  m.def("_adadelta_step",
        [](TensorList p, TensorList g, TensorList square_avgs, TensorList acc_deltas, TensorList steps, double lr,
           double rho, double eps, double weight_decay, bool maximize) {
          GIL gil;
          adadelta_step(p, g, square_avgs, acc_deltas, steps, lr, rho, eps, weight_decay, maximize);
        },
        "Fused Adadelta update of one parameter group (torch.optim.Adadelta).");
  m.def("_adamax_step",
        [](TensorList p, TensorList g, TensorList exp_avgs, TensorList exp_infs, TensorList steps, double lr,
           double beta1, double beta2, double eps, double weight_decay, bool maximize) {
          GIL gil;
          adamax_step(p, g, exp_avgs, exp_infs, steps, lr, beta1, beta2, eps, weight_decay, maximize);
        },
        "Fused Adamax update of one parameter group (torch.optim.Adamax).");
  m.def("_nadam_step",
        [](TensorList p, TensorList g, TensorList exp_avgs, TensorList exp_avg_sqs, TensorList mu_products,
           TensorList steps, double lr, double beta1, double beta2, double eps, double weight_decay,
           double momentum_decay, bool decoupled, bool maximize) {
          GIL gil;
          nadam_step(p, g, exp_avgs, exp_avg_sqs, mu_products, steps, lr, beta1, beta2, eps, weight_decay,
                     momentum_decay, decoupled, maximize);
        },
        "Fused NAdam update of one parameter group (torch.optim.NAdam).");
  m.def("_radam_step",
        [](TensorList p, TensorList g, TensorList exp_avgs, TensorList exp_avg_sqs, TensorList steps, double lr,
           double beta1, double beta2, double eps, double weight_decay, bool decoupled, bool maximize) {
          GIL gil;
          radam_step(p, g, exp_avgs, exp_avg_sqs, steps, lr, beta1, beta2, eps, weight_decay, decoupled, maximize);
        },
        "Fused RAdam update of one parameter group (torch.optim.RAdam).");
}

}  // namespace pyt::python
