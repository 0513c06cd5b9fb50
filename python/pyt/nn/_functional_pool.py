"""3-d pooling, power-average (LP) pooling and max unpooling of ``pyt.nn.functional``.

The 3-d pools and the 2-d / 3-d unpools call one fused C++ kernel each in ``pyt._C._nn``
(backward in C++ too; they share the volume kernels of the 1-d and 2-d pools). The LP pools
and ``max_unpool1d`` are composed from those ops exactly as torch composes them
(``torch/nn/functional.py``), so their ``grad_fn`` names follow the composition as torch's
do. Re-exported from ``pyt.nn.functional``.
"""

import math

from pyt import _C
from pyt.nn._functional_conv import (
    _adaptive_size,
    _check_tensor,
    _ints,
    _stride_or_kernel,
    avg_pool1d,
    avg_pool2d,
    max_pool1d,
    max_pool2d,
)

__all__ = [
    "max_pool3d",
    "max_pool3d_with_indices",
    "avg_pool3d",
    "adaptive_avg_pool3d",
    "adaptive_max_pool3d",
    "adaptive_max_pool3d_with_indices",
    "fractional_max_pool2d",
    "fractional_max_pool2d_with_indices",
    "lp_pool1d",
    "lp_pool2d",
    "lp_pool3d",
    "max_unpool1d",
    "max_unpool2d",
    "max_unpool3d",
]


# ---------------------------------------------------------------------------- 3-d pools
_WORDS = {1: "one", 2: "two", 3: "three"}


def _sizes(x, n, name, op):
    """[int] * n from an int or a sequence of 1 or n ints; RuntimeError naming op otherwise."""
    if isinstance(x, (list, tuple)) and len(x) not in (1, n):
        raise RuntimeError(
            f"{op}: {name} must either be a single int, or a tuple of {_WORDS[n]} ints, "
            f"but got {name}={list(x)}"
        )
    return _ints(x, n, name)


def _pool3d_args(kernel_size, stride, padding, dilation, op):
    s = _stride_or_kernel(stride)
    return (
        _sizes(kernel_size, 3, "kernel_size", op),
        [] if s is None else _sizes(s, 3, "stride", op),
        _sizes(padding, 3, "padding", op),
        _sizes(dilation, 3, "dilation", op),
    )


def max_pool3d_with_indices(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=True
):
    """3-D max pooling that also returns the flat ``D*H*W`` index of each maximum.

    Args:
        input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``; floating or integer.
        kernel_size, stride, padding, dilation, ceil_mode: as :func:`max_pool3d`.
        return_indices (bool): ignored (always returns the indices).

    Returns:
        tuple[Tensor, Tensor]: values ``(N, C, D_out, H_out, W_out)`` and int64 indices of the
        same shape.

    Raises:
        RuntimeError: wrong dims, padding larger than half the kernel, output too small.

    Source: ``torch.nn.functional.max_pool3d_with_indices``.

    Example::

        >>> out, idx = F.max_pool3d_with_indices(pyt.randn(1, 1, 4, 4, 4), 2)
        >>> idx.shape
        pyt.Size([1, 1, 2, 2, 2])
    """
    _check_tensor(input, "max_pool3d")
    k, s, p, d = _pool3d_args(kernel_size, stride, padding, dilation, "max_pool3d")
    return tuple(_C._nn.max_pool3d_with_indices(input, k, s, p, d, bool(ceil_mode)))


def max_pool3d(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False
):
    """3-D max pooling over windows of a volume, with implicit ``-inf`` padding.

    Args:
        input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``; floating (float16 and
            bfloat16 computed in float32) or integer.
        kernel_size (int or tuple[int, int, int]): window size.
        stride (int or tuple[int, int, int], optional): default ``kernel_size``.
        padding (int or tuple[int, int, int]): at most half the kernel. Default 0.
        dilation (int or tuple[int, int, int]): spacing of window elements. Default 1.
        ceil_mode (bool): ceil instead of floor for the output size. Default ``False``.
        return_indices (bool): also return the argmax indices. Default ``False``.

    Returns:
        Tensor ``(N, C, D_out, H_out, W_out)`` with
        ``D_out = floor((D + 2*pad - dil*(k-1) - 1) / stride + 1)``; or ``(values, indices)``.

    Raises:
        RuntimeError: wrong dims, padding too large, output size too small.

    Source: ``torch.nn.functional.max_pool3d``.

    Example::

        >>> F.max_pool3d(pyt.randn(1, 2, 4, 6, 6), 2).shape
        pyt.Size([1, 2, 2, 3, 3])
    """
    if return_indices:
        return max_pool3d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    _check_tensor(input, "max_pool3d")
    k, s, p, d = _pool3d_args(kernel_size, stride, padding, dilation, "max_pool3d")
    return _C._nn.max_pool3d(input, k, s, p, d, bool(ceil_mode))


def avg_pool3d(
    input,
    kernel_size,
    stride=None,
    padding=0,
    ceil_mode=False,
    count_include_pad=True,
    divisor_override=None,
):
    """3-D average pooling over windows of a volume, with implicit zero padding.

    Args:
        input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``; float32, float64 or int64
            (float16 and bfloat16 raise NotImplementedError, as torch's CPU kernel does).
        kernel_size (int or tuple[int, int, int]): window size.
        stride (int or tuple[int, int, int], optional): default ``kernel_size``.
        padding (int or tuple[int, int, int]): at most half the kernel. Default 0.
        ceil_mode (bool): ceil instead of floor for the output size. Default ``False``.
        count_include_pad (bool): count padded zeros in the divisor. Default ``True``.
        divisor_override (int, optional): divide every window sum by this instead.

    Returns:
        Tensor: ``(N, C, D_out, H_out, W_out)``.

    Raises:
        RuntimeError: wrong dims, padding too large, output too small, a zero divisor.
        NotImplementedError: a bool, float16 or bfloat16 input.

    Source: ``torch.nn.functional.avg_pool3d``.

    Example::

        >>> F.avg_pool3d(pyt.ones(1, 1, 4, 4, 4), 2).shape
        pyt.Size([1, 1, 2, 2, 2])
    """
    _check_tensor(input, "avg_pool3d")
    k, s, p, _ = _pool3d_args(kernel_size, stride, padding, 1, "avg_pool3d")
    div = None if divisor_override is None else int(divisor_override)
    return _C._nn.avg_pool3d(input, k, s, p, bool(ceil_mode), bool(count_include_pad), div)


def adaptive_avg_pool3d(input, output_size):
    """3-D adaptive average pooling to ``output_size`` (``None`` keeps the input's size).

    Window ``i`` of a dim of size ``n`` covers ``[floor(i*n/out), ceil((i+1)*n/out))``.

    Args:
        input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``; floating.
        output_size (int or tuple): ``(D_out, H_out, W_out)``; an int means a cube.

    Returns:
        Tensor: ``(N, C, D_out, H_out, W_out)``.

    Raises:
        RuntimeError: wrong dims, a zero-size non-batch dim, a negative output size.

    Source: ``torch.nn.functional.adaptive_avg_pool3d``.

    Example::

        >>> F.adaptive_avg_pool3d(pyt.randn(1, 3, 5, 7, 9), (1, 2, 3)).shape
        pyt.Size([1, 3, 1, 2, 3])
    """
    _check_tensor(input, "adaptive_avg_pool3d")
    return _C._nn.adaptive_avg_pool3d(input, _adaptive_size(input, output_size, 3, "adaptive_avg_pool3d"))


def adaptive_max_pool3d_with_indices(input, output_size, return_indices=True):
    """3-D adaptive max pooling returning ``(values, indices into D*H*W)``.

    Args:
        input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``; floating.
        output_size (int or tuple): ``(D_out, H_out, W_out)``; ``None`` keeps the input's size.
        return_indices (bool): ignored (always returned).

    Returns:
        tuple[Tensor, Tensor]: values and int64 indices, ``(N, C, D_out, H_out, W_out)``.

    Raises:
        RuntimeError: wrong dims, a zero-size non-batch dim, a negative output size.

    Source: ``torch.nn.functional.adaptive_max_pool3d_with_indices``.

    Example::

        >>> F.adaptive_max_pool3d_with_indices(pyt.randn(1, 1, 4, 4, 4), 2)[1].shape
        pyt.Size([1, 1, 2, 2, 2])
    """
    _check_tensor(input, "adaptive_max_pool3d")
    return tuple(
        _C._nn.adaptive_max_pool3d(input, _adaptive_size(input, output_size, 3, "adaptive_max_pool3d"))
    )


def adaptive_max_pool3d(input, output_size, return_indices=False):
    """3-D adaptive max pooling to ``output_size``.

    Args:
        input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``; floating.
        output_size (int or tuple): ``(D_out, H_out, W_out)``; ``None`` keeps the input's size.
        return_indices (bool): also return the argmax indices (into ``D*H*W``). Default False.

    Returns:
        Tensor ``(N, C, D_out, H_out, W_out)``, or ``(values, indices)``.

    Raises:
        RuntimeError: wrong dims, a zero-size non-batch dim, a negative output size.

    Source: ``torch.nn.functional.adaptive_max_pool3d``.

    Example::

        >>> F.adaptive_max_pool3d(pyt.randn(1, 3, 5, 7, 9), 2).shape
        pyt.Size([1, 3, 2, 2, 2])
    """
    out = adaptive_max_pool3d_with_indices(input, output_size)
    return out if return_indices else out[0]


# -------------------------------------------------------------- fractional max pooling
def fractional_max_pool2d_with_indices(
    input, kernel_size, output_size=None, output_ratio=None, return_indices=False, _random_samples=None
):
    """2-D fractional max pooling returning ``(values, indices into H*W)``; see
    :func:`fractional_max_pool2d`.

    Args:
        input, kernel_size, output_size, output_ratio, _random_samples: as
            :func:`fractional_max_pool2d`.
        return_indices (bool): ignored (always returned).

    Returns:
        tuple[Tensor, Tensor]: values and int64 indices, ``(N, C, H_out, W_out)``.

    Raises:
        ValueError: neither ``output_size`` nor ``output_ratio`` given.
        RuntimeError: a pool too large for the input and output, samples of another dtype
            or shape.

    Source: ``torch.nn.functional.fractional_max_pool2d_with_indices``.

    Example::

        >>> s = pyt.tensor([[[0.3, 0.7]]])
        >>> F.fractional_max_pool2d_with_indices(pyt.randn(1, 1, 7, 7), 2, 3, _random_samples=s)[1].shape
        pyt.Size([1, 1, 3, 3])
    """
    _check_tensor(input, "fractional_max_pool2d")
    if output_size is None and output_ratio is None:
        raise ValueError(
            "fractional_max_pool2d requires specifying either an output_size or an output_ratio"
        )
    if output_size is None:
        if len(output_ratio) > 2:  # torch's check (a float ratio fails here too, as in torch)
            raise ValueError(
                "fractional_max_pool2d requires output_ratio to either be a single Int or tuple of Ints."
            )
        ratio = tuple(output_ratio) * (2 if len(output_ratio) == 1 else 1)
        output_size = [int(input.shape[-2] * ratio[0]), int(input.shape[-1] * ratio[1])]
    if _random_samples is None:
        import pyt

        n_batch = 1 if input.dim() == 3 else input.shape[0]
        _random_samples = pyt.rand(n_batch, input.shape[-3], 2, dtype=input.dtype)
    k = _sizes(kernel_size, 2, "kernel_size", "fractional_max_pool2d")
    size = _sizes(output_size, 2, "output_size", "fractional_max_pool2d")
    return tuple(_C._nn.fractional_max_pool2d(input, k, size, _random_samples))


def fractional_max_pool2d(
    input, kernel_size, output_size=None, output_ratio=None, return_indices=False, _random_samples=None
):
    """2-D fractional max pooling (Graham, "Fractional Max-Pooling", 2014).

    Windows of ``kernel_size`` start at pseudo-random, increasing positions chosen per plane
    from ``_random_samples`` (uniform in ``[0, 1)`` unless given), so the output size need
    not divide the input size.

    Args:
        input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``; floating (float16 and bfloat16
            computed in float32).
        kernel_size (int or tuple[int, int]): window size.
        output_size (int or tuple[int, int], optional): ``(H_out, W_out)``.
        output_ratio (tuple[float, float], optional): ``output_size = int(in * ratio)``
            instead.
        return_indices (bool): also return the argmax indices. Default ``False``.
        _random_samples (Tensor, optional): ``(N, C, 2)`` of input's dtype, the
            ``(u_w, u_h)`` of each plane.

    Returns:
        Tensor ``(N, C, H_out, W_out)``, or ``(values, indices)``.

    Raises:
        ValueError: neither ``output_size`` nor ``output_ratio`` given.
        RuntimeError: a pool too large for the input and output, samples of another dtype
            or shape, wrong dims.

    Source: ``torch.nn.functional.fractional_max_pool2d``.

    Example::

        >>> F.fractional_max_pool2d(pyt.randn(1, 2, 9, 9), 3, output_ratio=(0.5, 0.5)).shape
        pyt.Size([1, 2, 4, 4])
    """
    out = fractional_max_pool2d_with_indices(
        input, kernel_size, output_size, output_ratio, _random_samples=_random_samples
    )
    return out if return_indices else out[0]


# ------------------------------------------------------------------------- LP pooling
def _lp_pool(nd, pool, maxpool, input, norm_type, kernel_size, stride, ceil_mode):
    # torch's composition: (sign(a) * relu(|a|) * prod(kernel)) ** (1/p), a = avg_pool(x ** p)
    if nd == 1:
        if isinstance(kernel_size, (list, tuple)):
            raise TypeError(f"lp_pool1d(): kernel_size must be an int, got {kernel_size!r}")
        numel = int(kernel_size)
    else:
        numel = math.prod(_sizes(kernel_size, nd, "kernel_size", f"lp_pool{nd}d"))
    if isinstance(norm_type, (int, float)):
        if norm_type == float("inf"):
            return maxpool(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
        if norm_type == -float("inf"):
            return -maxpool(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if stride is not None:
        out = pool(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = pool(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return (out.sign() * out.abs().relu()).mul(numel).pow(1.0 / norm_type)


_LP_DOC = """{n}-D power-average pooling: ``(sum over the window of x**p) ** (1/p)``.

    ``p = inf`` is max pooling of ``|x|``; ``p = 1`` is sum pooling. Computed as torch does,
    from ``avg_pool{n}d(x ** p)`` times the window size, so where the windowed sum is zero the
    gradient is zero as well; no padding.

    Args:
        input (Tensor): ``(N, C, {sp})`` or ``(C, {sp})``; floating.
        norm_type (int or float): the power ``p`` (non-zero).
        kernel_size ({kt}): window size.
        stride ({kt}, optional): default ``kernel_size``.
        ceil_mode (bool): ceil instead of floor for the output size. Default ``False``.

    Returns:
        Tensor: ``(N, C, {osp})``.

    Raises:
        RuntimeError: wrong dims or an output size that is too small (from avg_pool{n}d).

    Source: ``torch.nn.functional.lp_pool{n}d``.

    Example::

        >>> F.lp_pool{n}d(pyt.ones(1, 1, {ex}), 2, 2).shape
        {exo}
    """


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    _check_tensor(input, "lp_pool1d")
    return _lp_pool(1, avg_pool1d, max_pool1d, input, norm_type, kernel_size, stride, ceil_mode)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    _check_tensor(input, "lp_pool2d")
    return _lp_pool(2, avg_pool2d, max_pool2d, input, norm_type, kernel_size, stride, ceil_mode)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    _check_tensor(input, "lp_pool3d")
    return _lp_pool(3, avg_pool3d, max_pool3d, input, norm_type, kernel_size, stride, ceil_mode)


lp_pool1d.__doc__ = _LP_DOC.format(
    n=1, sp="L", kt="int", osp="L_out", ex="4", exo="pyt.Size([1, 1, 2])"
)
lp_pool2d.__doc__ = _LP_DOC.format(
    n=2, sp="H, W", kt="int or tuple[int, int]", osp="H_out, W_out", ex="4, 4",
    exo="pyt.Size([1, 1, 2, 2])",
)
lp_pool3d.__doc__ = _LP_DOC.format(
    n=3, sp="D, H, W", kt="int or tuple[int, int, int]", osp="D_out, H_out, W_out",
    ex="4, 4, 4", exo="pyt.Size([1, 1, 2, 2, 2])",
)


# ---------------------------------------------------------------------- max unpooling
def _unpool_output_size(input, kernel_size, stride, padding, output_size):
    """torch's ``_unpool_output_size``: the default ``(in - 1)*stride + kernel - 2*padding``
    per dim, or ``output_size`` (its spatial dims) checked to lie within ``stride`` of it."""
    n = len(kernel_size)
    default = [
        (input.shape[-n + d] - 1) * stride[d] + kernel_size[d] - 2 * padding[d] for d in range(n)
    ]
    if output_size is None:
        ret = default
    else:
        output_size = list(output_size)
        if len(output_size) == n + 2:
            output_size = output_size[2:]
        if len(output_size) != n:
            raise ValueError(
                "output_size should be a sequence containing "
                f"{n} or {n + 2} elements, but it has a length of '{len(output_size)}'"
            )
        for d in range(n):
            lo, hi = default[d] - stride[d], default[d] + stride[d]
            if not (lo < output_size[d] < hi):
                raise ValueError(
                    f'invalid output_size "{tuple(output_size)}" (dim {d} must be between {lo} and {hi})'
                )
        ret = [int(v) for v in output_size]
    for d in range(n):
        if ret[d] < 0:
            raise ValueError(
                "max_unpooling: output_size must contain non-negative spatial dimensions, "
                f"but got output_size[{d}]={ret[d]}"
            )
    return ret


def _unpool_args(n, kernel_size, stride, padding):
    op = f"max_unpool{n}d"
    k = _sizes(kernel_size, n, "kernel_size", op)
    s = _stride_or_kernel(stride)
    return k, (k if s is None else _sizes(s, n, "stride", op)), _sizes(padding, n, "padding", op)


_UNPOOL_DOC = """{n}-D max unpooling: the partial inverse of :func:`max_pool{n}d`.

    Places each input value at its index (from ``max_pool{n}d(..., return_indices=True)``)
    in a zero output of ``output_size``; the gradient gathers at the same indices.

    Args:
        input (Tensor): ``(N, C, {sp})`` or ``(C, {sp})``; floating (float16 and bfloat16
            computed in float32).
        indices (Tensor): int64, the shape of ``input``, flat indices into ``{vol}``.
        kernel_size ({kt}): the pool's window size.
        stride ({kt}, optional): the pool's stride; default ``kernel_size``.
        padding ({kt}): the pool's padding. Default 0.
        output_size (sequence, optional): ``({osp})`` (or with ``N, C`` in front); default
            ``(in - 1)*stride + kernel_size - 2*padding`` per dim; it must lie within
            ``stride`` of that default.

    Returns:
        Tensor: ``(N, C, {osp})``.

    Raises:
        RuntimeError: an index outside the output volume ("Found an invalid max index"),
            indices not int64 or not of the input's shape, wrong dims.
        ValueError: an invalid ``output_size``.

    Source: ``torch.nn.functional.max_unpool{n}d``.

    Example::

        >>> out, idx = F.max_pool{n}d(pyt.randn(1, 1, {ex}), 2, return_indices=True)
        >>> F.max_unpool{n}d(out, idx, 2).shape
        {exo}
    """


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    _check_tensor(input, "max_unpool1d")
    _check_tensor(indices, "max_unpool1d", "indices")
    k, s, p = _unpool_args(1, kernel_size, stride, padding)
    size = _unpool_output_size(input, k, s, p, output_size)
    try:
        return _C._nn.max_unpool2d(input.unsqueeze(-1), indices.unsqueeze(-1), size + [1]).squeeze(-1)
    except RuntimeError as e:
        msg = str(e)
        if msg.startswith("max_unpool2d: ") and "not implemented for" not in msg:
            raise RuntimeError("max_unpool1d: " + msg[len("max_unpool2d: "):]) from None
        raise


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    _check_tensor(input, "max_unpool2d")
    _check_tensor(indices, "max_unpool2d", "indices")
    k, s, p = _unpool_args(2, kernel_size, stride, padding)
    size = _unpool_output_size(input, k, s, p, output_size)
    return _C._nn.max_unpool2d(input, indices, size)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    _check_tensor(input, "max_unpool3d")
    _check_tensor(indices, "max_unpool3d", "indices")
    k, s, p = _unpool_args(3, kernel_size, stride, padding)
    size = _unpool_output_size(input, k, s, p, output_size)
    return _C._nn.max_unpool3d(input, indices, size)


max_unpool1d.__doc__ = _UNPOOL_DOC.format(
    n=1, sp="L_in", vol="L_out", kt="int", osp="L_out", ex="4", exo="pyt.Size([1, 1, 4])"
)
max_unpool2d.__doc__ = _UNPOOL_DOC.format(
    n=2, sp="H_in, W_in", vol="H_out*W_out", kt="int or tuple[int, int]", osp="H_out, W_out",
    ex="4, 4", exo="pyt.Size([1, 1, 4, 4])",
)
max_unpool3d.__doc__ = _UNPOOL_DOC.format(
    n=3, sp="D_in, H_in, W_in", vol="D_out*H_out*W_out", kt="int or tuple[int, int, int]",
    osp="D_out, H_out, W_out", ex="4, 4, 4", exo="pyt.Size([1, 1, 4, 4, 4])",
)
