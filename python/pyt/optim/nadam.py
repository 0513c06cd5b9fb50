"""``NAdam`` (torch/optim/nadam.py)."""

import pyt
from pyt import _C
from pyt.optim.optimizer import (
    Optimizer,
    _fused_step,
    _init_optimizer,
    _step_doc,
    _tensor_steps,
    _to_float,
)

__all__ = ["NAdam"]


class NAdam(Optimizer):
    r"""NAdam: Adam with Nesterov momentum and a momentum schedule.

    Per parameter with gradient ``g`` (negated when ``maximize``) at step ``t``: weight decay
    as Adam (``g += wd p``) or, with ``decoupled_weight_decay``, as AdamW
    (``p *= 1 - lr wd``); ``mu_t = b1 (1 - 0.5 * 0.96^(t psi))`` with ``psi =
    momentum_decay``, ``P_t = prod mu_i``; ``m = b1 m + (1 - b1) g``,
    ``v = b2 v + (1 - b2) g^2``, ``denom = sqrt(v / (1 - b2^t)) + eps``,
    ``p -= lr (1 - mu_t) / (1 - P_t) g / denom + lr mu_{t+1} / (1 - P_t mu_{t+1}) m / denom``.
    A group's update is one fused C++ kernel call (``pyt._C._nadam_step``). State per
    parameter, as torch: ``"step"`` and ``"mu_product"`` (0-d float32 tensors),
    ``"exp_avg"``, ``"exp_avg_sq"``.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate. Default 2e-3.
        betas (tuple[float, float]): decay rates. Default ``(0.9, 0.999)``.
        eps (float): added to the denominator. Default 1e-8.
        weight_decay (float): weight decay. Default 0.
        momentum_decay (float): psi of the momentum schedule. Default 4e-3.
        decoupled_weight_decay (bool): AdamW-style decay (NAdamW). Default False.
        foreach, capturable (optional): accepted for torch compatibility.
            ``capturable=True`` makes ``step`` raise torch's AssertionError (pyt tensors
            are on the CPU, which CUDA-graph capture does not support).
        maximize (bool): maximize the objective. Default False.
        differentiable (bool): must be False.

    Returns:
        NAdam: the optimizer.

    Raises:
        ValueError: invalid lr, eps, betas, weight_decay or momentum_decay.
        NotImplementedError: ``differentiable=True``.

    Source: ``torch.optim.NAdam`` (Dozat, 2016, "Incorporating Nesterov Momentum into Adam").

    Example::

        >>> opt = pyt.optim.NAdam(model.parameters(), lr=2e-3)
        >>> opt.zero_grad(); loss.backward(); opt.step()
    """

    _capturable_what = "params, mu_products and state_steps"

    _defaults_order = (
        "lr",
        "betas",
        "eps",
        "weight_decay",
        "momentum_decay",
        "decoupled_weight_decay",
        "maximize",
        "foreach",
        "capturable",
        "differentiable",
    )
    _setstate_defaults = {
        "maximize": False,
        "foreach": None,
        "capturable": False,
        "differentiable": False,
        "decoupled_weight_decay": False,
    }
    _setstate_tensor_keys = ("mu_product",)

    def __init__(
        self,
        params,
        lr=2e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        momentum_decay=4e-3,
        decoupled_weight_decay=False,
        *,
        foreach=None,
        maximize=False,
        capturable=False,
        differentiable=False,
    ):
        _init_optimizer(
            self, params, locals(), ("lr", "eps", "betas", "weight_decay", "momentum_decay")
        )

    def step(self, closure=None):
        return _fused_step(self, closure, self._init_state, self._update)

    step.__doc__ = _step_doc("NAdam")

    @staticmethod
    def _init_state(group, p, state):
        state["step"] = pyt.tensor(0.0, dtype=pyt.float32)
        state["mu_product"] = pyt.tensor(1.0, dtype=pyt.float32)
        state["exp_avg"] = pyt.zeros_like(p)
        state["exp_avg_sq"] = pyt.zeros_like(p)

    @staticmethod
    def _update(group, params, grads, states):
        beta1, beta2 = group["betas"]
        _C._nadam_step(
            params,
            grads,
            [st["exp_avg"] for st in states],
            [st["exp_avg_sq"] for st in states],
            [st["mu_product"] for st in states],
            _tensor_steps(states),
            _to_float(group["lr"], "lr"),
            float(beta1),
            float(beta2),
            float(group["eps"]),
            float(group["weight_decay"]),
            float(group["momentum_decay"]),
            bool(group["decoupled_weight_decay"]),
            bool(group["maximize"]),
        )
