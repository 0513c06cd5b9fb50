"""Gradient clipping (torch/nn/utils/clip_grad.py): by total norm or by value, in place."""

import warnings

import pyt
from pyt import _C
from pyt.autograd.grad_mode import no_grad

__all__ = [
    "clip_grad_norm_",
    "clip_grad_norm",
    "clip_grad_value_",
    "clip_grads_with_norm_",
    "get_total_norm",
]


def _as_list(x):
    if isinstance(x, _C.Tensor):
        return [x]
    return list(x)


def _vector_norm(t, norm_type):
    return t.reshape(-1).norm(norm_type)


@no_grad()
def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Return the ``norm_type``-norm of the norms of ``tensors`` (as if concatenated).

    Args:
        tensors (Tensor or Iterable[Tensor]): e.g. the gradients; ``None`` entries skipped.
        norm_type (float): the p of the p-norm; ``inf`` for the max-abs norm. Default 2.
        error_if_nonfinite (bool): raise if the total norm is nan or inf. Default ``False``.
        foreach (bool, optional): accepted for torch compatibility (pyt has one path).

    Returns:
        Tensor: 0-d total norm (``tensor(0.)`` when there are no tensors).

    Raises:
        RuntimeError: a non-finite norm with ``error_if_nonfinite=True``.

    Source: ``torch.nn.utils.get_total_norm``.

    Example::

        >>> pyt.nn.utils.get_total_norm([pyt.tensor([3.0]), pyt.tensor([4.0])])
        tensor(5.)
    """
    tensors = [t for t in _as_list(tensors) if t is not None]
    norm_type = float(norm_type)
    if len(tensors) == 0:
        return pyt.tensor(0.0)
    norms = [_vector_norm(t, norm_type) for t in tensors]
    dtype = norms[0].dtype
    total_norm = _vector_norm(pyt.stack([n.to(dtype) for n in norms]), norm_type)
    if error_if_nonfinite and bool((total_norm.isnan() | total_norm.isinf()).item()):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from "
            "`parameters` is non-finite, so it cannot be clipped. To disable "
            "this error and scale the gradients by the non-finite norm anyway, "
            "set `error_if_nonfinite=False`"
        )
    return total_norm


@no_grad()
def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Scale the gradients of ``parameters`` by ``min(1, max_norm / (total_norm + 1e-6))``.

    Args:
        parameters (Tensor or Iterable[Tensor]): tensors whose ``.grad`` is scaled in place.
        max_norm (float): the norm to clip to.
        total_norm (Tensor): the precomputed total norm (e.g. from :func:`get_total_norm`).
        foreach (bool, optional): accepted for torch compatibility.

    Returns:
        None.

    Raises:
        Nothing.

    Source: ``torch.nn.utils.clip_grads_with_norm_``.

    Example::

        >>> w = pyt.nn.Parameter(pyt.ones(2)); w.grad = pyt.tensor([3.0, 4.0])
        >>> pyt.nn.utils.clip_grads_with_norm_([w], 1.0, pyt.tensor(5.0))
    """
    grads = [p.grad for p in _as_list(parameters) if p.grad is not None]
    if len(grads) == 0:
        return
    max_norm = float(max_norm)
    clip_coef = max_norm / (total_norm + 1e-6)
    clip_coef_clamped = clip_coef.clamp(max=1.0)
    for g in grads:
        g.mul_(clip_coef_clamped.to(g.dtype))


@no_grad()
def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Clip the gradient norm of ``parameters`` (as one concatenated vector) in place.

    Args:
        parameters (Tensor or Iterable[Tensor]): parameters with gradients.
        max_norm (float): maximum norm of the gradients.
        norm_type (float): p of the p-norm, ``inf`` for max-abs. Default 2.
        error_if_nonfinite (bool): raise if the total norm is nan/inf. Default ``False``.
        foreach (bool, optional): accepted for torch compatibility.

    Returns:
        Tensor: 0-d total norm of the gradients before clipping.

    Raises:
        RuntimeError: non-finite norm with ``error_if_nonfinite=True``.

    Source: ``torch.nn.utils.clip_grad_norm_``.

    Example::

        >>> net = pyt.nn.Linear(3, 2); net(pyt.randn(4, 3)).sum().backward()
        >>> total = pyt.nn.utils.clip_grad_norm_(net.parameters(), max_norm=1.0)
    """
    parameters = _as_list(parameters)
    grads = [p.grad for p in parameters if p.grad is not None]
    total_norm = get_total_norm(grads, norm_type, error_if_nonfinite, foreach)
    clip_grads_with_norm_(parameters, max_norm, total_norm, foreach)
    return total_norm


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Deprecated alias of :func:`clip_grad_norm_` (warns, as torch).

    Args:
        parameters, max_norm, norm_type, error_if_nonfinite, foreach: see clip_grad_norm_.

    Returns:
        Tensor: the total norm.

    Raises:
        See :func:`clip_grad_norm_`.

    Source: ``torch.nn.utils.clip_grad_norm``.

    Example::

        >>> # use pyt.nn.utils.clip_grad_norm_ instead
    """
    warnings.warn(
        "`torch.nn.utils.clip_grad_norm` is now deprecated in favor of "
        "`torch.nn.utils.clip_grad_norm_`.",
        FutureWarning,
        stacklevel=2,
    )
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


@no_grad()
def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient element of ``parameters`` to ``[-clip_value, clip_value]``.

    Args:
        parameters (Tensor or Iterable[Tensor]): parameters with gradients.
        clip_value (float): the bound.
        foreach (bool, optional): accepted for torch compatibility.

    Returns:
        None.

    Raises:
        Nothing.

    Source: ``torch.nn.utils.clip_grad_value_``.

    Example::

        >>> w = pyt.nn.Parameter(pyt.ones(2)); w.grad = pyt.tensor([3.0, -4.0])
        >>> pyt.nn.utils.clip_grad_value_([w], 1.0); w.grad
        tensor([ 1., -1.])
    """
    clip_value = float(clip_value)
    for p in _as_list(parameters):
        if p.grad is not None:
            p.grad.clamp_(min=-clip_value, max=clip_value)
