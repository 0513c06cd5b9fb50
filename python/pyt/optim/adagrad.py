"""``Adagrad`` (torch/optim/adagrad.py)."""

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

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    r"""Adagrad: per-element learning rates from the sum of squared gradients.

    Per parameter with gradient ``g`` (negated when ``maximize``, plus ``weight_decay * p``)
    at step ``t``: ``clr = lr / (1 + (t - 1) lr_decay)``, ``s += g^2``,
    ``p -= clr g / (sqrt(s) + eps)``. A group's update is one fused C++ kernel call
    (``pyt._C._adagrad_step``). As in torch, the state (``"step"``, a 0-d float32 tensor,
    and ``"sum"``, filled with ``initial_accumulator_value``) is created in the constructor.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate. Default 1e-2.
        lr_decay (float): learning-rate decay. Default 0.
        weight_decay (float): L2 penalty. Default 0.
        initial_accumulator_value (float): initial value of ``sum``. Default 0.
        eps (float): added to the denominator. Default 1e-10.
        foreach, fused (optional): accepted for torch compatibility.
        maximize (bool): maximize the objective. Default False.
        differentiable (bool): must be False.

    Returns:
        Adagrad: the optimizer.

    Raises:
        ValueError: a negative lr, lr_decay, weight_decay, initial_accumulator_value or eps.
        NotImplementedError: ``differentiable=True``.

    Source: ``torch.optim.Adagrad`` (Duchi et al., 2011).

    Example::

        >>> opt = pyt.optim.Adagrad(model.parameters(), lr=0.1)
        >>> opt.zero_grad(); loss.backward(); opt.step()
    """

    _defaults_order = (
        "lr",
        "lr_decay",
        "eps",
        "weight_decay",
        "initial_accumulator_value",
        "foreach",
        "maximize",
        "differentiable",
        "fused",
    )
    _setstate_defaults = {
        "foreach": None,
        "maximize": False,
        "differentiable": False,
        "fused": None,
    }

    def __init__(
        self,
        params,
        lr=1e-2,
        lr_decay=0,
        weight_decay=0,
        initial_accumulator_value=0,
        eps=1e-10,
        foreach=None,
        *,
        maximize=False,
        differentiable=False,
        fused=None,
    ):
        _init_optimizer(
            self,
            params,
            locals(),
            ("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"),
        )
        for group in self.param_groups:
            for p in group["params"]:
                state = self.state[p]
                state["step"] = pyt.tensor(0.0, dtype=pyt.float32)
                state["sum"] = pyt.full_like(p, float(group["initial_accumulator_value"]))

    def share_memory(self):
        """Accepted for torch compatibility (pyt tensors live in one process's memory).

        Args:
            None.

        Returns:
            None.

        Raises:
            Nothing.

        Source: ``torch.optim.Adagrad.share_memory``.

        Example::

            >>> opt.share_memory()
        """

    def step(self, closure=None):
        return _fused_step(self, closure, self._init_state, self._update)

    step.__doc__ = _step_doc("Adagrad")

    @staticmethod
    def _init_state(group, p, state):
        state["step"] = pyt.tensor(0.0, dtype=pyt.float32)
        state["sum"] = pyt.full_like(p, float(group["initial_accumulator_value"]))

    @staticmethod
    def _update(group, params, grads, states):
        _C._adagrad_step(
            params,
            grads,
            [st["sum"] for st in states],
            _tensor_steps(states),
            _to_float(group["lr"], "lr"),
            float(group["lr_decay"]),
            float(group["weight_decay"]),
            float(group["eps"]),
            bool(group["maximize"]),
        )
