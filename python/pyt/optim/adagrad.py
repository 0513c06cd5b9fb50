"""``Adagrad`` (torch/optim/adagrad.py)."""

import pyt
from pyt import _C
from pyt.optim.optimizer import (
    Optimizer,
    _check_common,
    _fused_step,
    _no_differentiable,
    _set_group_defaults,
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
        _check_common(lr)
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError(
                f"Invalid initial_accumulator_value value: {initial_accumulator_value}"
            )
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        _no_differentiable(self, differentiable)
        defaults = {
            "lr": lr,
            "lr_decay": lr_decay,
            "eps": eps,
            "weight_decay": weight_decay,
            "initial_accumulator_value": initial_accumulator_value,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "fused": fused,
        }
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                state = self.state[p]
                state["step"] = pyt.tensor(0.0, dtype=pyt.float32)
                state["sum"] = pyt.full_like(p, float(group["initial_accumulator_value"]))

    def __setstate__(self, state):
        super().__setstate__(state)
        _set_group_defaults(self, foreach=None, maximize=False, differentiable=False, fused=None)

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
