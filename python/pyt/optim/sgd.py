"""``SGD``: stochastic gradient descent with momentum (torch/optim/sgd.py)."""

from pyt import _C
from pyt.autograd.grad_mode import no_grad
from pyt.optim.optimizer import (
    Optimizer,
    _closure_loss,
    _init_optimizer,
    _step_doc,
    _to_float,
)

__all__ = ["SGD"]


class SGD(Optimizer):
    r"""Stochastic gradient descent, optionally with (Nesterov) momentum and weight decay.

    For each parameter with a gradient ``g`` (negated when ``maximize``):
    ``g += weight_decay * p``; with momentum, ``b = g`` on the first step, then
    ``b = momentum * b + (1 - dampening) * g``, and ``g = g + momentum * b`` (Nesterov) or
    ``g = b``; finally ``p -= lr * g``. The update of a whole group runs in one fused C++
    kernel (``pyt._C._sgd_step``); the buffers are kept in ``state[p]["momentum_buffer"]``.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate. Default 1e-3.
        momentum (float): momentum factor. Default 0.
        dampening (float): dampening of the momentum. Default 0.
        weight_decay (float): L2 penalty. Default 0.
        nesterov (bool): Nesterov momentum. Default ``False``.
        maximize (bool): maximize the objective instead of minimizing. Default ``False``.
        foreach, fused (bool, optional): accepted for torch compatibility; pyt always runs
            its fused kernel.
        differentiable (bool): must be ``False`` (not supported).

    Returns:
        SGD: the optimizer.

    Raises:
        ValueError: negative lr, momentum or weight_decay ("Invalid learning rate: -1"), or
            Nesterov without momentum / with dampening.
        NotImplementedError: ``differentiable=True``.

    Source: ``torch.optim.SGD``.

    Example::

        >>> opt = pyt.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        >>> opt.zero_grad(); loss_fn(model(x), y).backward(); opt.step()
    """

    _defaults_order = (
        "lr",
        "momentum",
        "dampening",
        "weight_decay",
        "nesterov",
        "maximize",
        "foreach",
        "differentiable",
        "fused",
    )
    _setstate_defaults = {
        "nesterov": False,
        "maximize": False,
        "foreach": None,
        "differentiable": False,
        "fused": False,
    }

    def __init__(
        self,
        params,
        lr=1e-3,
        momentum=0,
        dampening=0,
        weight_decay=0,
        nesterov=False,
        *,
        maximize=False,
        foreach=None,
        differentiable=False,
        fused=None,
    ):
        def check_nesterov():
            if nesterov and (momentum <= 0 or dampening != 0):
                raise ValueError("Nesterov momentum requires a momentum and zero dampening")

        _init_optimizer(
            self,
            params,
            locals(),
            ("lr", "momentum", "weight_decay"),
            negative_only=True,
            validate=check_nesterov,
        )

    def step(self, closure=None):
        loss = _closure_loss(closure)
        with no_grad():
            for group in self.param_groups:
                params, grads, bufs = [], [], []
                momentum = group["momentum"]
                for p in group["params"]:
                    g = p.grad
                    if g is not None:
                        params.append(p)
                        grads.append(g)
                        bufs.append(self.state[p].get("momentum_buffer") if momentum != 0 else None)
                if not params:
                    continue
                new_bufs = _C._sgd_step(
                    params,
                    grads,
                    bufs,
                    _to_float(group["lr"], "lr"),
                    float(momentum),
                    float(group["dampening"]),
                    float(group["weight_decay"]),
                    bool(group["nesterov"]),
                    bool(group["maximize"]),
                )
                if momentum != 0:
                    for p, b in zip(params, new_bufs):
                        self.state[p]["momentum_buffer"] = b
        return loss

    step.__doc__ = _step_doc("SGD")
