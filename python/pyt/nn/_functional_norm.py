"""Normalisation functions of ``pyt.nn.functional`` (torch/nn/functional.py).

``layer_norm``, ``batch_norm``, ``group_norm`` and ``rms_norm`` are fused C++ kernels with
fused backward (``pyt._C._nn``); ``instance_norm`` runs ``batch_norm`` over the input viewed
as one sample of ``N * C`` channels, as torch does. Re-exported from ``pyt.nn.functional``.
"""

import pyt
from pyt import _C

__all__ = [
    "layer_norm",
    "batch_norm",
    "group_norm",
    "instance_norm",
    "rms_norm",
    "normalize",
    "local_response_norm",
]


def _check_tensor(x, fn, name="input"):
    if not isinstance(x, _C.Tensor):
        raise TypeError(f"{fn}(): argument '{name}' must be Tensor, not {type(x).__name__}")


def _shape_list(shape, fn):
    if isinstance(shape, int):
        return [shape]
    try:
        return [int(s) for s in shape]
    except TypeError:
        raise TypeError(
            f"{fn}(): argument 'normalized_shape' must be tuple of ints, not {type(shape).__name__}"
        ) from None


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise over the trailing ``len(normalized_shape)`` dims, then scale and shift.

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias`` with the biased variance,
    statistics taken over the last dims of ``input`` given by ``normalized_shape``.

    Args:
        input (Tensor): ``(*, *normalized_shape)``, float32 or float64.
        normalized_shape (int or sequence of int): the trailing shape to normalise over.
        weight (Tensor, optional): ``normalized_shape``, same dtype.
        bias (Tensor, optional): ``normalized_shape``, same dtype.
        eps (float): added to the variance. Default 1e-5.

    Returns:
        Tensor: same shape as ``input``; ``grad_fn`` ``NativeLayerNormBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor.
        RuntimeError: the trailing dims of ``input`` differ from ``normalized_shape``, or
            ``weight`` / ``bias`` have another shape (the message names both shapes).

    Source: ``torch.nn.functional.layer_norm`` (Ba et al., 2016).

    Example::

        >>> F.layer_norm(pyt.tensor([[1.0, 3.0]]), (2,))
        tensor([[-1.0000,  1.0000]])
    """
    _check_tensor(input, "layer_norm")
    return _C._nn.layer_norm(input, _shape_list(normalized_shape, "layer_norm"), weight, bias, float(eps))


def _size_str(size):
    return f"pyt.Size({list(size)})"


def _verify_batch_size(size):
    n = size[0]
    for s in size[2:]:
        n *= s
    if n == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {_size_str(size)}")


def _verify_spatial_size(size):
    n = 1
    for s in size[2:]:
        n *= s
    if n == 1:
        raise ValueError(f"Expected more than 1 spatial element when training, got input size {_size_str(size)}")


def batch_norm(
    input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5
):
    """Normalise each channel (dim 1) over the batch and spatial dims, then scale and shift.

    In training (or without running statistics) the batch mean and biased variance are used,
    and ``running_mean`` / ``running_var`` (when given) are updated in place:
    ``running = (1 - momentum) * running + momentum * batch_stat`` with the unbiased batch
    variance. In evaluation the running statistics normalise the input.

    Args:
        input (Tensor): ``(N, C)`` or ``(N, C, *)``, float32 or float64.
        running_mean (Tensor or None): ``(C,)``.
        running_var (Tensor or None): ``(C,)``.
        weight (Tensor, optional): ``(C,)``. bias (Tensor, optional): ``(C,)``.
        training (bool): use batch statistics. Default ``False``.
        momentum (float): running-statistics factor. Default 0.1.
        eps (float): added to the variance. Default 1e-5.

    Returns:
        Tensor: same shape as ``input``; ``grad_fn`` ``NativeBatchNormBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor.
        ValueError: training with one value per channel.
        RuntimeError: a ``(C,)`` argument with another size ("running_mean should contain 3
            elements not 4").

    Source: ``torch.nn.functional.batch_norm`` (Ioffe & Szegedy, 2015).

    Example::

        >>> F.batch_norm(pyt.tensor([[1.0], [3.0]]), None, None, training=True)
        tensor([[-1.0000],
                [ 1.0000]])
    """
    _check_tensor(input, "batch_norm")
    if training:
        _verify_batch_size(input.shape)
    return _C._nn.batch_norm(
        input,
        running_mean,
        running_var,
        weight,
        bias,
        bool(training),
        0.0 if momentum is None else float(momentum),
        float(eps),
    )


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalise each group of ``C / num_groups`` channels per sample, then scale and shift per channel.

    Args:
        input (Tensor): ``(N, C, *)``, float32 or float64.
        num_groups (int): divides ``C``.
        weight (Tensor, optional): ``(C,)``. bias (Tensor, optional): ``(C,)``.
        eps (float): added to the variance. Default 1e-5.

    Returns:
        Tensor: same shape; ``grad_fn`` ``NativeGroupNormBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor.
        RuntimeError: fewer than 2 dims, ``C`` not divisible by ``num_groups`` or a
            ``weight`` / ``bias`` of another size (the message names the shapes).
        ValueError: one value per group.

    Source: ``torch.nn.functional.group_norm`` (Wu & He, 2018).

    Example::

        >>> F.group_norm(pyt.tensor([[[1.0], [3.0]]]), 1).flatten()
        tensor([-1.0000,  1.0000])
    """
    _check_tensor(input, "group_norm")
    if input.dim() < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.dim()}")
    num_groups = int(num_groups)
    if num_groups > 0 and input.shape[1] % num_groups == 0:
        _verify_batch_size([input.shape[0] * input.shape[1] // num_groups, num_groups] + list(input.shape[2:]))
    return _C._nn.group_norm(input, num_groups, weight, bias, float(eps))


def instance_norm(
    input,
    running_mean=None,
    running_var=None,
    weight=None,
    bias=None,
    use_input_stats=True,
    momentum=0.1,
    eps=1e-5,
):
    """Normalise each channel of each sample over its spatial dims.

    Runs :func:`batch_norm` over the input viewed as ``(1, N * C, *)``, as torch does; the
    running statistics (when given) receive the mean over the batch of the per-sample
    updates.

    Args:
        input (Tensor): ``(N, C, *)``, float32 or float64.
        running_mean, running_var (Tensor, optional): ``(C,)``.
        weight, bias (Tensor, optional): ``(C,)``.
        use_input_stats (bool): normalise with the input's statistics. Default ``True``.
        momentum (float): Default 0.1. eps (float): Default 1e-5.

    Returns:
        Tensor: same shape; ``grad_fn`` ``ViewBackward0`` (as torch).

    Raises:
        TypeError: ``input`` is not a Tensor.
        ValueError: one spatial element while using input statistics.
        RuntimeError: a ``(C,)`` argument of another size.

    Source: ``torch.nn.functional.instance_norm`` (Ulyanov et al., 2016).

    Example::

        >>> F.instance_norm(pyt.tensor([[[1.0, 3.0]]]))
        tensor([[[-1.0000,  1.0000]]])
    """
    _check_tensor(input, "instance_norm")
    if use_input_stats:
        _verify_spatial_size(input.shape)
    if input.dim() < 2:
        raise RuntimeError(f"instance_norm: expected an input of at least 2 dims (N, C, *), got {input.dim()} dims")
    b, c = input.shape[0], input.shape[1]

    def rep(t):
        return None if t is None else t.repeat(b)

    rm, rv = rep(running_mean), rep(running_var)
    x = input.contiguous().view([1, b * c] + list(input.shape[2:]))
    out = _C._nn.batch_norm(
        x, rm, rv, rep(weight), rep(bias), bool(use_input_stats), float(momentum), float(eps)
    )
    with pyt.no_grad():
        if running_mean is not None:
            running_mean.copy_(rm.view(b, c).mean(0))
        if running_var is not None:
            running_var.copy_(rv.view(b, c).mean(0))
    return out.view(list(input.shape))


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """Root-mean-square normalisation over the trailing dims: ``x / sqrt(mean(x^2) + eps) * weight``.

    Args:
        input (Tensor): ``(*, *normalized_shape)``, float32 or float64.
        normalized_shape (int or sequence of int): the trailing shape.
        weight (Tensor, optional): ``normalized_shape``.
        eps (float, optional): default ``pyt.finfo(input.dtype).eps``.

    Returns:
        Tensor: same shape; ``grad_fn`` ``MulBackward0`` (torch's composite ends in a mul).

    Raises:
        TypeError: ``input`` is not a Tensor.
        RuntimeError: wrong trailing shape or weight shape (the message names both).

    Source: ``torch.nn.functional.rms_norm`` (Zhang & Sennrich, 2019).

    Example::

        >>> F.rms_norm(pyt.tensor([[3.0, 4.0]]), (2,), eps=0.0)
        tensor([[0.8485, 1.1314]])
    """
    _check_tensor(input, "rms_norm")
    if eps is None:
        eps = pyt.finfo(input.dtype).eps if input.is_floating_point() else 0.0
    return _C._nn.rms_norm(input, _shape_list(normalized_shape, "rms_norm"), weight, float(eps))


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """Divide by the ``p``-norm along ``dim``: ``x / max(||x||_p, eps)``.

    Args:
        input (Tensor): any shape, floating dtype.
        p (float): the norm's exponent. Default 2. dim (int): Default 1.
        eps (float): lower bound of the norm. Default 1e-12.
        out (Tensor, optional): written with the result.

    Returns:
        Tensor: same shape.

    Raises:
        TypeError: ``input`` is not a Tensor. IndexError: ``dim`` out of range.

    Source: ``torch.nn.functional.normalize``.

    Example::

        >>> F.normalize(pyt.tensor([[3.0, 4.0]]))
        tensor([[0.6000, 0.8000]])
    """
    _check_tensor(input, "normalize")
    denom = input.norm(p, dim, keepdim=True).clamp(min=eps).expand_as(input)
    if out is None:
        return input / denom
    out.copy_(input / denom)
    return out


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """Normalise each element by the summed squares of ``size`` neighbouring channels.

    ``b_c = a_c / (k + alpha / size * sum_{c' in window(c)} a_{c'}^2) ** beta``, the window
    centred on ``c`` (zero-padded), composed of pyt ops as torch does.

    Args:
        input (Tensor): ``(N, C, *)`` with at least 3 dims.
        size (int): channels in the window. alpha, beta, k (float): the formula's constants.

    Returns:
        Tensor: same shape.

    Raises:
        TypeError: ``input`` is not a Tensor. ValueError: fewer than 3 dims.

    Source: ``torch.nn.functional.local_response_norm`` (Krizhevsky et al., 2012).

    Example::

        >>> F.local_response_norm(pyt.ones(1, 2, 1), 2).shape
        pyt.Size([1, 2, 1])
    """
    _check_tensor(input, "local_response_norm")
    dim = input.dim()
    if dim < 3:
        raise ValueError(
            f"Expected 3D or higher dimensionality input (got {dim} dimensions)"
        )
    if input.numel() == 0:
        return input
    sq = input * input
    c = input.shape[1]
    lo, hi = size // 2, (size - 1) // 2
    # zero-pad the channel dim by (lo, hi) and sum size-wide windows: cumulative sums
    zeros_lo = pyt.zeros([input.shape[0], lo] + list(input.shape[2:]), dtype=input.dtype)
    zeros_hi = pyt.zeros([input.shape[0], hi] + list(input.shape[2:]), dtype=input.dtype)
    padded = pyt.cat([zeros_lo, sq, zeros_hi], 1)
    div = padded.narrow(1, 0, c) if hasattr(padded, "narrow") else padded[:, 0:c]
    for i in range(1, size):
        div = div + padded[:, i : i + c]
    div = (div * (alpha / size) + k) ** beta
    return input / div
