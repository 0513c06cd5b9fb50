"""``RMSprop`` (torch/optim/rmsprop.py)."""

import pyt
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

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    r"""RMSprop: divide the gradient by a running root mean square of recent gradients.

    Per parameter with gradient ``g`` (negated when ``maximize``, plus ``weight_decay * p``):
    ``v = alpha v + (1 - alpha) g^2``; centered: ``ga = alpha ga + (1 - alpha) g`` and
    ``denom = sqrt(v - ga^2) + eps``, else ``denom = sqrt(v) + eps``; with momentum
    ``b = momentum b + g / denom; p -= lr b``, else ``p -= lr g / denom``. A group's update is
    one fused C++ kernel call (``pyt._C._rmsprop_step``). State per parameter, as torch:
    ``"step"`` (0-d float32 tensor), ``"square_avg"``, ``"momentum_buffer"`` (momentum > 0),
    ``"grad_avg"`` (centered).

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate. Default 1e-2.
        alpha (float): smoothing constant. Default 0.99.
        eps (float): added to the denominator. Default 1e-8.
        weight_decay (float): L2 penalty. Default 0.
        momentum (float): momentum factor. Default 0.
        centered (bool): normalise by an estimate of the gradient's variance. Default False.
        capturable, foreach (optional): accepted for torch compatibility.
            ``capturable=True`` makes ``step`` raise torch's AssertionError (pyt tensors
            are on the CPU, which CUDA-graph capture does not support).
        maximize (bool): maximize the objective. Default False.
        differentiable (bool): must be False.

    Returns:
        RMSprop: the optimizer.

    Raises:
        ValueError: a negative lr, eps, momentum, weight_decay or alpha (torch's messages).
        NotImplementedError: ``differentiable=True``.

    Source: ``torch.optim.RMSprop`` (Hinton's lecture notes; centered: Graves, 2013).

    Example::

        >>> opt = pyt.optim.RMSprop(model.parameters(), lr=1e-2, momentum=0.9)
        >>> opt.zero_grad(); loss.backward(); opt.step()
    """

    _defaults_order = (
        "lr",
        "momentum",
        "alpha",
        "eps",
        "centered",
        "weight_decay",
        "capturable",
        "foreach",
        "maximize",
        "differentiable",
    )
    _setstate_defaults = {
        "momentum": 0,
        "centered": False,
        "foreach": None,
        "maximize": False,
        "differentiable": False,
        "capturable": False,
    }

    def __init__(
        self,
        params,
        lr=1e-2,
        alpha=0.99,
        eps=1e-8,
        weight_decay=0,
        momentum=0,
        centered=False,
        capturable=False,
        foreach=None,
        maximize=False,
        differentiable=False,
    ):
        _init_optimizer(self, params, locals(), ("lr", "eps", "momentum", "weight_decay", "alpha"))

    def step(self, closure=None):
        return _fused_step(self, closure, self._init_state, self._update)

    step.__doc__ = _step_doc("RMSprop")

    @staticmethod
    def _init_state(group, p, state):
        _zero_state(state, p, "square_avg")
        if group["momentum"] > 0:
            state["momentum_buffer"] = pyt.zeros_like(p)
        if group["centered"]:
            state["grad_avg"] = pyt.zeros_like(p)

    @staticmethod
    def _update(group, params, grads, states):
        momentum, centered = group["momentum"], group["centered"]
        for st, p in zip(states, params):
            if momentum > 0 and "momentum_buffer" not in st:
                st["momentum_buffer"] = pyt.zeros_like(p)
            if centered and "grad_avg" not in st:
                st["grad_avg"] = pyt.zeros_like(p)
        _C._rmsprop_step(
            params,
            grads,
            [st["square_avg"] for st in states],
            [st["grad_avg"] for st in states] if centered else [],
            [st["momentum_buffer"] for st in states] if momentum > 0 else [],
            _tensor_steps(states),
            _to_float(group["lr"], "lr"),
            float(group["alpha"]),
            float(group["eps"]),
            float(group["weight_decay"]),
            float(momentum),
            bool(centered),
            bool(group["maximize"]),
        )
