"""``RAdam`` (torch/optim/radam.py)."""

from pyt import _C
from pyt.optim.optimizer import (
    Optimizer,
    _fused_step,
    _init_optimizer,
    _step_doc,
    _tensor_steps,
    _to_float,
    _zero_state,
)

__all__ = ["RAdam"]


class RAdam(Optimizer):
    r"""RAdam: Adam with a rectified adaptive learning rate.

    Per parameter with gradient ``g`` (negated when ``maximize``) at step ``t``: weight decay
    as Adam or decoupled (``p *= 1 - lr wd``); ``m = b1 m + (1 - b1) g``,
    ``v = b2 v + (1 - b2) g^2``, ``m_hat = m / (1 - b1^t)``, ``rho_inf = 2 / (1 - b2) - 1``,
    ``rho_t = rho_inf - 2 t b2^t / (1 - b2^t)``; if ``rho_t > 5``:
    ``p -= lr m_hat sqrt(1 - b2^t) / (sqrt(v) + eps) * r_t`` with the rectification
    ``r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))``,
    else ``p -= lr m_hat``. A group's update is one fused C++ kernel call
    (``pyt._C._radam_step``). State per parameter, as torch: ``"step"`` (0-d float32
    tensor), ``"exp_avg"``, ``"exp_avg_sq"``.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate. Default 1e-3.
        betas (tuple[float, float]): decay rates. Default ``(0.9, 0.999)``.
        eps (float): added to the denominator. Default 1e-8.
        weight_decay (float): weight decay. Default 0.
        decoupled_weight_decay (bool): AdamW-style decay. Default False.
        foreach, capturable (optional): accepted for torch compatibility.
            ``capturable=True`` makes ``step`` raise torch's AssertionError (pyt tensors
            are on the CPU, which CUDA-graph capture does not support).
        maximize (bool): maximize the objective. Default False.
        differentiable (bool): must be False.

    Returns:
        RAdam: the optimizer.

    Raises:
        ValueError: invalid lr, eps, betas or weight_decay.
        NotImplementedError: ``differentiable=True``.

    Source: ``torch.optim.RAdam`` (Liu et al., 2019, "On the Variance of the Adaptive
    Learning Rate and Beyond").

    Example::

        >>> opt = pyt.optim.RAdam(model.parameters())
        >>> opt.zero_grad(); loss.backward(); opt.step()
    """

    _defaults_order = (
        "lr",
        "betas",
        "eps",
        "weight_decay",
        "maximize",
        "foreach",
        "capturable",
        "decoupled_weight_decay",
        "differentiable",
    )
    _setstate_defaults = {
        "foreach": None,
        "maximize": False,
        "differentiable": False,
        "decoupled_weight_decay": False,
        "capturable": False,
    }

    def __init__(
        self,
        params,
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        decoupled_weight_decay=False,
        *,
        foreach=None,
        maximize=False,
        capturable=False,
        differentiable=False,
    ):
        _init_optimizer(self, params, locals(), ("lr", "eps", "betas", "weight_decay"))

    def step(self, closure=None):
        return _fused_step(self, closure, self._init_state, self._update)

    step.__doc__ = _step_doc("RAdam")

    @staticmethod
    def _init_state(group, p, state):
        _zero_state(state, p, "exp_avg", "exp_avg_sq")

    @staticmethod
    def _update(group, params, grads, states):
        beta1, beta2 = group["betas"]
        _C._radam_step(
            params,
            grads,
            [st["exp_avg"] for st in states],
            [st["exp_avg_sq"] for st in states],
            _tensor_steps(states),
            _to_float(group["lr"], "lr"),
            float(beta1),
            float(beta2),
            float(group["eps"]),
            float(group["weight_decay"]),
            bool(group["decoupled_weight_decay"]),
            bool(group["maximize"]),
        )
