"""``Rprop`` (torch/optim/rprop.py), in Python over pyt tensor ops."""

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

__all__ = ["Rprop"]


class Rprop(Optimizer):
    r"""Resilient backpropagation: per-element step sizes adapted from the gradient's sign.

    Per parameter with gradient ``g`` (negated when ``maximize``) and previous gradient
    ``g'``: where ``g * g' > 0`` the step size grows by ``etaplus``, where ``< 0`` it shrinks
    by ``etaminus`` and ``g`` is zeroed (no move), elsewhere it is kept; step sizes are clamped
    to ``step_sizes``; then ``p -= sign(g) * step_size`` and ``g'`` becomes ``g``. State per
    parameter, as torch: ``"step"`` (0-d float32 tensor), ``"prev"``, ``"step_size"``
    (starts at ``lr``).

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): initial step size. Default 1e-2.
        etas (tuple[float, float]): ``(etaminus, etaplus)``, ``0 < etaminus < 1 < etaplus``.
            Default ``(0.5, 1.2)``.
        step_sizes (tuple[float, float]): minimal and maximal step size. Default
            ``(1e-6, 50)``.
        capturable, foreach (optional): accepted for torch compatibility.
            ``capturable=True`` makes ``step`` raise torch's AssertionError (pyt tensors
            are on the CPU, which CUDA-graph capture does not support).
        maximize (bool): maximize the objective. Default False.
        differentiable (bool): must be False.

    Returns:
        Rprop: the optimizer.

    Raises:
        ValueError: invalid lr or etas (torch's messages).
        NotImplementedError: ``differentiable=True``.

    Source: ``torch.optim.Rprop`` (Riedmiller & Braun, 1993, "A direct adaptive method for
    faster backpropagation learning: the RPROP algorithm").

    Example::

        >>> opt = pyt.optim.Rprop(model.parameters(), lr=0.01)
        >>> opt.zero_grad(); loss.backward(); opt.step()
    """

    _defaults_order = (
        "lr",
        "etas",
        "step_sizes",
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
        lr=1e-2,
        etas=(0.5, 1.2),
        step_sizes=(1e-6, 50),
        *,
        capturable=False,
        foreach=None,
        maximize=False,
        differentiable=False,
    ):
        _init_optimizer(self, params, locals(), ("lr", "etas"))

    def step(self, closure=None):
        return _fused_step(self, closure, self._init_state, self._update)

    step.__doc__ = _step_doc("Rprop")

    @staticmethod
    def _init_state(group, p, state):
        state["step"] = pyt.tensor(0.0, dtype=pyt.float32)
        state["prev"] = pyt.zeros_like(p)
        state["step_size"] = pyt.full_like(p, _to_float(group["lr"], "lr"))

    @staticmethod
    def _update(group, params, grads, states):
        etaminus, etaplus = group["etas"]
        step_size_min, step_size_max = group["step_sizes"]
        steps = _tensor_steps(states)
        for p, g, st, step in zip(params, grads, states, steps):
            if group["maximize"]:
                g = -g
            prev, step_size = st["prev"], st["step_size"]
            step.add_(1)
            prod = g.mul(prev)
            shrink = prod.lt(0)
            factor = pyt.where(
                prod.gt(0),
                pyt.full_like(prod, etaplus),
                pyt.where(shrink, pyt.full_like(prod, etaminus), pyt.ones_like(prod)),
            )
            step_size.mul_(factor).clamp_(step_size_min, step_size_max)
            g = pyt.where(shrink, pyt.zeros_like(g), g)
            p.sub_(g.sign().mul(step_size))  # torch: addcmul_(sign(g), step_size, value=-1)
            prev.copy_(g)
