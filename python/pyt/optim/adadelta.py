"""``Adadelta`` (torch/optim/adadelta.py)."""

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

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    r"""Adadelta: step sizes from running averages of squared gradients and updates.

    Per parameter with gradient ``g`` (negated when ``maximize``, plus ``weight_decay * p``):
    ``v = rho v + (1 - rho) g^2``, ``d = sqrt(u + eps) / sqrt(v + eps) * g``,
    ``u = rho u + (1 - rho) d^2``, ``p -= lr d``. A group's update is one fused C++ kernel
    call (``pyt._C._adadelta_step``). State per parameter, as torch: ``"step"`` (0-d float32
    tensor), ``"square_avg"`` (v), ``"acc_delta"`` (u).

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): scale of the delta. Default 1.0.
        rho (float): running-average coefficient in [0, 1]. Default 0.9.
        eps (float): added inside the square roots. Default 1e-6.
        weight_decay (float): L2 penalty. Default 0.
        foreach, capturable (optional): accepted for torch compatibility.
            ``capturable=True`` makes ``step`` raise torch's AssertionError (pyt tensors
            are on the CPU, which CUDA-graph capture does not support).
        maximize (bool): maximize the objective. Default False.
        differentiable (bool): must be False.

    Returns:
        Adadelta: the optimizer.

    Raises:
        ValueError: a negative lr, eps or weight_decay, or rho outside [0, 1].
        NotImplementedError: ``differentiable=True``.

    Source: ``torch.optim.Adadelta`` (Zeiler, 2012).

    Example::

        >>> opt = pyt.optim.Adadelta(model.parameters())
        >>> opt.zero_grad(); loss.backward(); opt.step()
    """

    _capturable_devices = "['cuda', 'xpu', 'hpu', 'privateuseone']"

    _defaults_order = (
        "lr",
        "rho",
        "eps",
        "weight_decay",
        "maximize",
        "capturable",
        "foreach",
        "differentiable",
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
        lr=1.0,
        rho=0.9,
        eps=1e-6,
        weight_decay=0,
        foreach=None,
        *,
        capturable=False,
        maximize=False,
        differentiable=False,
    ):
        _init_optimizer(self, params, locals(), ("lr", "rho", "eps", "weight_decay"))

    def step(self, closure=None):
        return _fused_step(self, closure, self._init_state, self._update)

    step.__doc__ = _step_doc("Adadelta")

    @staticmethod
    def _init_state(group, p, state):
        _zero_state(state, p, "square_avg", "acc_delta")

    @staticmethod
    def _update(group, params, grads, states):
        _C._adadelta_step(
            params,
            grads,
            [st["square_avg"] for st in states],
            [st["acc_delta"] for st in states],
            _tensor_steps(states),
            _to_float(group["lr"], "lr"),
            float(group["rho"]),
            float(group["eps"]),
            float(group["weight_decay"]),
            bool(group["maximize"]),
        )
