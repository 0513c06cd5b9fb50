"""``ASGD`` (torch/optim/asgd.py), in Python over pyt tensor ops."""

import pyt
from pyt.optim.optimizer import (
    Optimizer,
    _fused_step,
    _init_optimizer,
    _step_doc,
    _tensor_steps,
    _to_float,
)

__all__ = ["ASGD"]


class ASGD(Optimizer):
    r"""Averaged stochastic gradient descent.

    Per parameter with gradient ``g`` (negated when ``maximize``, plus ``weight_decay * p``)
    at step ``t``: ``p *= 1 - lambd * eta``, ``p -= eta * g``; the average ``ax`` becomes
    ``p`` while ``mu == 1`` else ``ax += mu * (p - ax)``; then
    ``eta = lr / (1 + lambd * lr * t) ** alpha`` and ``mu = 1 / max(1, t - t0)``. State per
    parameter, as torch: ``"step"``, ``"eta"``, ``"mu"`` (0-d float32 tensors), ``"ax"``.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate. Default 1e-2.
        lambd (float): decay term. Default 1e-4.
        alpha (float): power for the eta update. Default 0.75.
        t0 (float): step at which averaging starts. Default 1e6.
        weight_decay (float): L2 penalty. Default 0.
        foreach, capturable (optional): accepted for torch compatibility.
            ``capturable=True`` makes ``step`` raise torch's AssertionError (pyt tensors
            are on the CPU, which CUDA-graph capture does not support).
        maximize (bool): maximize the objective. Default False.
        differentiable (bool): must be False.

    Returns:
        ASGD: the optimizer.

    Raises:
        ValueError: invalid lr or weight_decay (torch's messages).
        NotImplementedError: ``differentiable=True``.

    Source: ``torch.optim.ASGD`` (Polyak & Juditsky, 1992, "Acceleration of stochastic
    approximation by averaging").

    Example::

        >>> opt = pyt.optim.ASGD(model.parameters(), lr=0.01)
        >>> opt.zero_grad(); loss.backward(); opt.step()
    """

    _capturable_what = "params, mus, etas, and state_steps"

    _defaults_order = (
        "lr",
        "lambd",
        "alpha",
        "t0",
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
    _setstate_tensor_keys = ("eta", "mu")

    def __init__(
        self,
        params,
        lr=1e-2,
        lambd=1e-4,
        alpha=0.75,
        t0=1e6,
        weight_decay=0,
        foreach=None,
        maximize=False,
        differentiable=False,
        capturable=False,
    ):
        _init_optimizer(self, params, locals(), ("lr", "weight_decay"))

    def step(self, closure=None):
        return _fused_step(self, closure, self._init_state, self._update)

    step.__doc__ = _step_doc("ASGD")

    @staticmethod
    def _init_state(group, p, state):
        state["step"] = pyt.tensor(0.0, dtype=pyt.float32)
        state["eta"] = pyt.tensor(_to_float(group["lr"], "lr"), dtype=pyt.float32)
        state["mu"] = pyt.tensor(1.0, dtype=pyt.float32)
        state["ax"] = pyt.zeros_like(p)

    @staticmethod
    def _update(group, params, grads, states):
        lr = _to_float(group["lr"], "lr")
        lambd, alpha, t0 = group["lambd"], group["alpha"], group["t0"]
        weight_decay = group["weight_decay"]
        steps = _tensor_steps(states)
        for p, g, st, step_t in zip(params, grads, states, steps):
            if group["maximize"]:
                g = -g
            eta, mu, ax = st["eta"], st["mu"], st["ax"]
            step_t.add_(1)
            if weight_decay != 0:
                g = g.add(p, alpha=weight_decay)
            eta_value = eta.item()
            p.mul_(1 - lambd * eta_value)
            p.add_(g, alpha=-eta_value)
            if mu.item() != 1:
                ax.add_(p.sub(ax).mul_(mu))
            else:
                ax.copy_(p)
            step = step_t.item()
            eta.fill_(lr / ((1 + lambd * lr * step) ** alpha))
            mu.fill_(1 / max(1, step - t0))
