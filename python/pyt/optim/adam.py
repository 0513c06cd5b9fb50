"""``Adam`` and ``AdamW`` (torch/optim/adam.py, torch/optim/adamw.py)."""

import pyt
from pyt import _C
from pyt.optim.optimizer import (
    Optimizer,
    _check_args,
    _fused_step,
    _init_optimizer,
    _step_doc,
    _tensor_steps,
    _to_float,
    _zero_state,
)

__all__ = ["Adam", "AdamW"]


class Adam(Optimizer):
    r"""Adam: adaptive moment estimation, optionally AMSGrad and decoupled weight decay.

    Per parameter with gradient ``g`` (negated when ``maximize``) at step ``t``:
    ``g += wd * p`` (or ``p *= 1 - lr * wd`` when ``decoupled_weight_decay``),
    ``m = b1 m + (1 - b1) g``, ``v = b2 v + (1 - b2) g^2``,
    ``p -= lr / (1 - b1^t) * m / (sqrt(v_hat / (1 - b2^t)) + eps)`` with ``v_hat = v`` or
    the running max of ``v`` (AMSGrad). A group's update is one fused C++ kernel call
    (``pyt._C._adam_step_t``). State per parameter, as torch: ``"step"`` (0-d float32 tensor),
    ``"exp_avg"``, ``"exp_avg_sq"`` and, with AMSGrad, ``"max_exp_avg_sq"``.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate. Default 1e-3.
        betas (tuple[float, float]): decay rates of the moment estimates. Default
            ``(0.9, 0.999)``.
        eps (float): added to the denominator. Default 1e-8.
        weight_decay (float): L2 penalty (decoupled for AdamW). Default 0.
        amsgrad (bool): use the AMSGrad variant. Default ``False``.
        maximize (bool): maximize the objective. Default ``False``.
        foreach, capturable, fused (bool, optional): accepted for torch compatibility.
            ``capturable=True`` makes ``step`` raise torch's AssertionError (pyt tensors
            are on the CPU, which CUDA-graph capture does not support).
        differentiable (bool): must be ``False``.
        decoupled_weight_decay (bool): AdamW's decay. Default ``False``.

    Returns:
        Adam: the optimizer.

    Raises:
        ValueError: invalid lr, eps, betas or weight_decay (torch's messages), or betas that
            are not both floats / both tensors.
        NotImplementedError: ``differentiable=True``.

    Source: ``torch.optim.Adam`` (Kingma & Ba, 2014; AMSGrad: Reddi et al., 2018).

    Example::

        >>> opt = pyt.optim.Adam(model.parameters(), lr=1e-3)
        >>> opt.zero_grad(); loss.backward(); opt.step()
    """

    _defaults_order = (
        "lr",
        "betas",
        "eps",
        "weight_decay",
        "amsgrad",
        "maximize",
        "foreach",
        "capturable",
        "differentiable",
        "fused",
        "decoupled_weight_decay",
    )
    _setstate_defaults = {
        "amsgrad": False,
        "maximize": False,
        "foreach": None,
        "capturable": False,
        "differentiable": False,
        "decoupled_weight_decay": False,
        "fused": None,
    }
    _setstate_tensor_keys = ("step",)

    def __init__(
        self,
        params,
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        amsgrad=False,
        *,
        foreach=None,
        maximize=False,
        capturable=False,
        differentiable=False,
        fused=None,
        decoupled_weight_decay=False,
    ):
        def check_betas():
            if not (
                (isinstance(betas[0], float) and isinstance(betas[1], float))
                or (isinstance(betas[0], _C.Tensor) and isinstance(betas[1], _C.Tensor))
            ):
                raise ValueError("betas must be either both floats or both Tensors")
            for i, b in enumerate(betas):
                if isinstance(b, _C.Tensor) and b.numel() != 1:
                    raise ValueError(f"Tensor betas[{i}] must be 1-element")

        _check_args(locals(), ("lr", "eps", "betas", "weight_decay", check_betas))
        _init_optimizer(self, params, locals(), betas=tuple(_to_float(b, "betas") for b in betas))

    def step(self, closure=None):
        return _fused_step(self, closure, self._init_state, self._update)

    step.__doc__ = _step_doc("Adam")

    @staticmethod
    def _init_state(group, p, state):
        _zero_state(state, p, "exp_avg", "exp_avg_sq")
        if group["amsgrad"]:
            state["max_exp_avg_sq"] = pyt.zeros_like(p)

    @staticmethod
    def _update(group, params, grads, states):
        amsgrad = group["amsgrad"]
        if amsgrad:  # a state made while amsgrad was off
            for p, st in zip(params, states):
                if "max_exp_avg_sq" not in st:
                    st["max_exp_avg_sq"] = pyt.zeros_like(p)
        beta1, beta2 = group["betas"]
        _C._adam_step_t(
            params,
            grads,
            [st["exp_avg"] for st in states],
            [st["exp_avg_sq"] for st in states],
            [st["max_exp_avg_sq"] for st in states] if amsgrad else [],
            _tensor_steps(states),
            _to_float(group["lr"], "lr"),
            _to_float(beta1, "betas[0]"),
            _to_float(beta2, "betas[1]"),
            float(group["eps"]),
            float(group["weight_decay"]),
            bool(amsgrad),
            bool(group["maximize"]),
            bool(group["decoupled_weight_decay"]),
        )


class AdamW(Adam):
    r"""Adam with decoupled weight decay: ``p *= 1 - lr * weight_decay`` before the update.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate. Default 1e-3.
        betas (tuple[float, float]): Default ``(0.9, 0.999)``.
        eps (float): Default 1e-8.
        weight_decay (float): decoupled decay coefficient. Default 1e-2.
        amsgrad (bool): AMSGrad variant. Default ``False``.
        maximize (bool): maximize the objective. Default ``False``.
        foreach, capturable, fused (bool, optional): accepted for torch compatibility.
            ``capturable=True`` makes ``step`` raise torch's AssertionError (pyt tensors
            are on the CPU, which CUDA-graph capture does not support).
        differentiable (bool): must be ``False``.

    Returns:
        AdamW: the optimizer.

    Raises:
        ValueError: invalid hyper-parameters (as :class:`Adam`).
        NotImplementedError: ``differentiable=True``.

    Source: ``torch.optim.AdamW`` (Loshchilov & Hutter, 2019).

    Example::

        >>> opt = pyt.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    """

    def __init__(
        self,
        params,
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=1e-2,
        amsgrad=False,
        *,
        maximize=False,
        foreach=None,
        capturable=False,
        differentiable=False,
        fused=None,
    ):
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad,
            foreach=foreach,
            maximize=maximize,
            capturable=capturable,
            differentiable=differentiable,
            fused=fused,
            decoupled_weight_decay=True,
        )

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
