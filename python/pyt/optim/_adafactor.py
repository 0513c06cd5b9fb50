"""``Adafactor`` (torch/optim/_adafactor.py)."""

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

__all__ = ["Adafactor"]


class Adafactor(Optimizer):
    r"""Adafactor: Adam-like steps whose second moment of a matrix is kept factored as a row
    and a column vector (memory ``O(n + m)`` instead of ``O(nm)``).

    Per parameter ``p`` with gradient ``g`` (negated when ``maximize``) at step ``t``:
    ``b = t^beta2_decay``, ``rho = min(lr, 1/sqrt(t))``,
    ``alpha = max(eps2, ||p||_2 / sqrt(numel)) * rho``; ``p *= 1 - lr * weight_decay``; for
    ``p`` of 2 or more dims (factored over the last two), ``R = lerp(R, mean(g^2, -1), b)``,
    ``C = lerp(C, mean(g^2, -2), b)``, ``V = (R @ C) / max(mean(R, -2), eps1)``; otherwise
    ``V = lerp(V, g^2, b)``; then ``u = g / sqrt(max(V, eps1^2))`` and
    ``p -= alpha / max(1, RMS(u) / d) * u``. ``eps1 = None`` means the parameter dtype's
    machine epsilon.

    Implementation choice: the update needs per-parameter norms and row/column means between
    its elementwise parts, which does not fit the fused elementwise optimizer kernels
    (``optim_loops.h``), so each parameter's update is composed of pyt tensor ops (each a C++
    kernel), in torch's order of operations (torch's single-tensor path, which torch uses on
    the CPU). State per parameter, as torch: ``"step"`` (0-d float32 tensor), and
    ``"row_var"`` (shape with last dim 1) plus ``"col_var"`` (second-to-last dim 1) for
    parameters of 2 or more dims, or ``"variance"`` (the parameter's shape) otherwise.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): the maximal relative step size. Default 1e-2.
        beta2_decay (float): the decay exponent of the second-moment rate, ``<= 0``.
            Default -0.8.
        eps (tuple[float or None, float]): ``(eps1, eps2)``: the floor of the variance
            (None: the dtype's epsilon) and of the parameter RMS. Default ``(None, 1e-3)``.
        d (float): the clipping threshold of the update's RMS, ``>= 1``. Default 1.0.
        weight_decay (float): decoupled weight decay. Default 0.0.
        foreach (bool, optional): accepted for torch compatibility.
        maximize (bool): maximize the objective. Default False.

    Returns:
        Adafactor: the optimizer.

    Raises:
        ValueError: an invalid argument (torch's messages, e.g.
            "beta2_decay should be <= 0 but is: 0.5").
        RuntimeError: (in ``step``) a complex parameter.

    Source: ``torch.optim.Adafactor`` (Shazeer & Stern, 2018, "Adafactor: Adaptive Learning
    Rates with Sublinear Memory Cost").

    Example::

        >>> opt = pyt.optim.Adafactor(model.parameters(), lr=1e-2)
        >>> opt.zero_grad(); loss.backward(); opt.step()
    """

    _defaults_order = ("lr", "beta2_decay", "eps", "d", "weight_decay", "foreach", "maximize")
    _setstate_defaults = {"foreach": None}
    _setstate_tensor_keys = ("step",)

    def __init__(
        self,
        params,
        lr=1e-2,
        beta2_decay=-0.8,
        eps=(None, 1e-3),
        d=1.0,
        weight_decay=0.0,
        *,
        foreach=None,
        maximize=False,
    ):
        if isinstance(lr, _C.Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        if not 0.0 >= beta2_decay:
            raise ValueError(f"beta2_decay should be <= 0 but is: {beta2_decay}")
        if eps[0] is not None and not 0.0 <= eps[0]:
            raise ValueError(f"epsilon1 should be >= 0 but is: {eps[0]}")
        if not 0.0 <= eps[1]:
            raise ValueError(f"epsilon2 should be >= 0 but is: {eps[1]}")
        if not 1.0 <= d:
            raise ValueError(f"Clipping threshold d should be >= 1 but is: {d}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight_decay should be >= 0 but is: {weight_decay}")
        _init_optimizer(self, params, locals())

    def step(self, closure=None):
        return _fused_step(self, closure, self._init_state, self._update)

    step.__doc__ = _step_doc("Adafactor")

    @staticmethod
    def _init_state(group, p, state):
        if p.dtype.is_complex:
            raise RuntimeError("Adafactor does not support complex parameters")
        state["step"] = pyt.tensor(0.0, dtype=pyt.float32)
        g = p.grad
        if g.dim() > 1:
            row_shape = list(g.shape)
            row_shape[-1] = 1
            state["row_var"] = g.new_zeros(row_shape)
            col_shape = list(g.shape)
            col_shape[-2] = 1
            state["col_var"] = g.new_zeros(col_shape)
        else:
            state["variance"] = pyt.zeros_like(g)

    @staticmethod
    def _update(group, params, grads, states):
        lr = _to_float(group["lr"], "lr")
        beta2_decay = group["beta2_decay"]
        weight_decay = group["weight_decay"]
        eps1, eps2 = group["eps"]
        d = group["d"]
        for param, grad, state, step_t in zip(params, grads, states, _tensor_steps(states)):
            if group["maximize"]:
                grad = -grad
            if eps1 is None:  # as torch: the first parameter's dtype sets it for the group
                eps1 = pyt.finfo(param.dtype).eps
            step_t += 1
            step_float = step_t.item()
            one_minus_beta2_t = step_float**beta2_decay
            rho_t = min(lr, 1 / (step_float**0.5))
            alpha = max(eps2, param.norm(2).item() / (param.numel() ** 0.5)) * rho_t
            if weight_decay != 0:
                param.mul_(1 - lr * weight_decay)
            if grad.dim() > 1:
                row_var, col_var = state["row_var"], state["col_var"]
                row_mean = pyt.norm(grad, dim=-1, keepdim=True).square_().div_(grad.size(-1))
                row_var.lerp_(row_mean, one_minus_beta2_t)
                col_mean = pyt.norm(grad, dim=-2, keepdim=True).square_().div_(grad.size(-2))
                col_var.lerp_(col_mean, one_minus_beta2_t)
                var_estimate = row_var @ col_var
                var_estimate.div_(row_var.mean(dim=-2, keepdim=True).clamp_(min=eps1))
            else:
                variance = state["variance"]
                variance.lerp_(grad * grad, one_minus_beta2_t)
                var_estimate = variance.clone()
            update = var_estimate.clamp_(min=eps1 * eps1).rsqrt_()
            update.mul_(grad)
            denom = max(1.0, update.norm(2).item() / ((update.numel() ** 0.5) * d))
            param.add_(update, alpha=-alpha / denom)
