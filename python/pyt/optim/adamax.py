"""``Adamax`` (torch/optim/adamax.py)."""

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

__all__ = ["Adamax"]


class Adamax(Optimizer):
    r"""Adamax: Adam with the infinity norm of past gradients as the denominator.

    Per parameter with gradient ``g`` (negated when ``maximize``, plus ``weight_decay * p``)
    at step ``t``: ``m = b1 m + (1 - b1) g``, ``u = max(b2 u, |g| + eps)``,
    ``p -= lr / (1 - b1^t) * m / u``. A group's update is one fused C++ kernel call
    (``pyt._C._adamax_step``). State per parameter, as torch: ``"step"`` (0-d float32
    tensor), ``"exp_avg"``, ``"exp_inf"``.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate. Default 2e-3.
        betas (tuple[float, float]): decay rates. Default ``(0.9, 0.999)``.
        eps (float): added to ``|g|``. Default 1e-8.
        weight_decay (float): L2 penalty. Default 0.
        foreach, capturable (optional): accepted for torch compatibility.
            ``capturable=True`` makes ``step`` raise torch's AssertionError (pyt tensors
            are on the CPU, which CUDA-graph capture does not support).
        maximize (bool): maximize the objective. Default False.
        differentiable (bool): must be False.

    Returns:
        Adamax: the optimizer.

    Raises:
        ValueError: invalid lr, eps, betas or weight_decay (torch's messages).
        NotImplementedError: ``differentiable=True``.

    Source: ``torch.optim.Adamax`` (Kingma & Ba, 2014, section 7).

    Example::

        >>> opt = pyt.optim.Adamax(model.parameters())
        >>> opt.zero_grad(); loss.backward(); opt.step()
    """

    _defaults_order = (
        "lr",
        "betas",
        "eps",
        "weight_decay",
        "foreach",
        "maximize",
        "differentiable",
        "capturable",
    )
    _setstate_defaults = {
        "foreach": None,
        "maximize": False,
        "differentiable": False,
        "capturable": False,
    }

    def __init__(
        self,
        params,
        lr=2e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        foreach=None,
        *,
        maximize=False,
        differentiable=False,
        capturable=False,
    ):
        _init_optimizer(self, params, locals(), ("lr", "eps", "betas", "weight_decay"))

    def step(self, closure=None):
        return _fused_step(self, closure, self._init_state, self._update)

    step.__doc__ = _step_doc("Adamax")

    @staticmethod
    def _init_state(group, p, state):
        _zero_state(state, p, "exp_avg", "exp_inf")

    @staticmethod
    def _update(group, params, grads, states):
        beta1, beta2 = group["betas"]
        _C._adamax_step(
            params,
            grads,
            [st["exp_avg"] for st in states],
            [st["exp_inf"] for st in states],
            _tensor_steps(states),
            _to_float(group["lr"], "lr"),
            float(beta1),
            float(beta2),
            float(group["eps"]),
            float(group["weight_decay"]),
            bool(group["maximize"]),
        )
