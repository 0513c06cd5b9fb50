"""Convolution, pooling, padding and resampling functions of ``pyt.nn.functional``.

Each function checks its Python-level arguments as torch does (``torch/nn/functional.py``),
normalises ints and tuples, and calls one fused C++ kernel in ``pyt._C._nn`` whose backward
is C++ too. Re-exported from ``pyt.nn.functional``.
"""

import math

from pyt import _C

__all__ = [
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "max_pool1d",
    "max_pool2d",
    "max_pool1d_with_indices",
    "max_pool2d_with_indices",
    "avg_pool1d",
    "avg_pool2d",
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "adaptive_max_pool1d",
    "adaptive_max_pool1d_with_indices",
    "adaptive_max_pool2d",
    "adaptive_max_pool2d_with_indices",
    "pad",
    "interpolate",
    "upsample",
    "pixel_shuffle",
    "pixel_unshuffle",
    "unfold",
    "fold",
]


def _check_tensor(x, fn, name="input"):
    if not isinstance(x, _C.Tensor):
        raise TypeError(f"{fn}(): argument '{name}' must be Tensor, not {type(x).__name__}")


def _ntuple_list(x, n, name):
    if isinstance(x, (list, tuple)):
        if len(x) == 1:
            return [int(x[0])] * n
        if len(x) != n:
            raise RuntimeError(
                f"expected {name} to be a single integer value or a list of {n} values to match "
                f"the convolution dimensions, but got {name}={list(x)}"
            )
        return [int(v) for v in x]
    return [int(x)] * n


# ------------------------------------------------------------------------ convolution
def _conv(op, nd, input, weight, bias, stride, padding, dilation, groups):
    _check_tensor(input, op)
    _check_tensor(weight, op, "weight")
    stride_ = _ntuple_list(stride, nd, "stride")
    dilation_ = _ntuple_list(dilation, nd, "dilation")
    kernel = getattr(_C._nn, op)
    if not isinstance(padding, str):
        return kernel(
            input,
            weight,
            bias,
            stride_,
            _ntuple_list(padding, nd, "padding"),
            dilation_,
            int(groups),
        )
    if padding == "valid":
        return kernel(input, weight, bias, stride_, [0] * nd, dilation_, int(groups))
    if padding != "same":
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    if any(s != 1 for s in stride_):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    if weight.dim() != nd + 2:
        raise RuntimeError(
            f"{op}: expected weight to be {nd + 2}-D (out_channels, in_channels/groups, *kernel_size), "
            f"got {weight.dim()}-D of shape {list(weight.shape)}"
        )
    totals = [d * (k - 1) for d, k in zip(dilation_, weight.shape[2:])]
    pad_ = [t // 2 for t in totals]
    if any(t % 2 for t in totals):
        # Odd total: torch pads the extra element at the end of the dim, as F.pad does here.
        extra = []
        for t in reversed(totals):
            extra += [0, t % 2]
        input = pad(input, extra)
    return kernel(input, weight, bias, stride_, pad_, dilation_, int(groups))


_CONV_DOC = """Apply a {nd}-D convolution (cross-correlation) over an input of {what}.

    Args:
        input (Tensor): ``(N, C_in, {sp})`` or unbatched ``(C_in, {sp})``; float32 or float64.
        weight (Tensor): ``(C_out, C_in / groups, {ks})``, input's dtype.
        bias (Tensor, optional): ``(C_out,)``.
        stride (int or tuple): default 1.
        padding (int, tuple or str): zero padding on both sides, or ``"valid"`` (none) or
            ``"same"`` (output size = input size; stride 1 only; an odd total pads the end).
            Default 0.
        dilation (int or tuple): spacing of kernel elements. Default 1.
        groups (int): blocked connections; divides ``C_in`` and ``C_out``. Default 1.

    Returns:
        Tensor: ``(N, C_out, {osp})`` with ``out = floor((in + 2*pad - dil*(k-1) - 1) / stride + 1)``.

    Raises:
        RuntimeError: channels that do not match ("Given groups=1, weight of size [...],
            expected input[...] to have 3 channels, but got 4 channels instead"), a kernel
            larger than the padded input, wrong dims, mixed dtypes, non-positive stride,
            dilation or groups, negative padding, an invalid padding string.

    Source: ``torch.nn.functional.conv{nd}d``.

    Example::

        >>> F.conv{nd}d(pyt.randn(1, 3, {ex}), pyt.randn(4, 3, {exk}), padding=1).shape
        {exo}
    """


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv("conv3d", 3, input, weight, bias, stride, padding, dilation, groups)


conv1d.__doc__ = _CONV_DOC.format(
    nd=1, what="signals", sp="L", ks="kL", osp="L_out", ex="8", exk="3", exo="pyt.Size([1, 4, 8])"
)
conv2d.__doc__ = _CONV_DOC.format(
    nd=2,
    what="planes",
    sp="H, W",
    ks="kH, kW",
    osp="H_out, W_out",
    ex="8, 8",
    exk="3, 3",
    exo="pyt.Size([1, 4, 8, 8])",
)
conv3d.__doc__ = _CONV_DOC.format(
    nd=3,
    what="volumes",
    sp="D, H, W",
    ks="kD, kH, kW",
    osp="D_out, H_out, W_out",
    ex="4, 4, 4",
    exk="3, 3, 3",
    exo="pyt.Size([1, 4, 4, 4, 4])",
)


def _conv_transpose(op, nd, input, weight, bias, stride, padding, output_padding, groups, dilation):
    _check_tensor(input, op)
    _check_tensor(weight, op, "weight")
    if isinstance(padding, str):
        raise RuntimeError(f"{op}: padding must be an int or a tuple of ints, got '{padding}'")
    return getattr(_C._nn, op)(
        input,
        weight,
        bias,
        _ntuple_list(stride, nd, "stride"),
        _ntuple_list(padding, nd, "padding"),
        _ntuple_list(output_padding, nd, "output_padding"),
        int(groups),
        _ntuple_list(dilation, nd, "dilation"),
    )


_CONVT_DOC = """Apply a {nd}-D transposed convolution ("deconvolution"), the adjoint of conv{nd}d.

    Args:
        input (Tensor): ``(N, C_in, {sp})`` or unbatched ``(C_in, {sp})``; float32 or float64.
        weight (Tensor): ``(C_in, C_out / groups, {ks})``.
        bias (Tensor, optional): ``(C_out,)``.
        stride (int or tuple): default 1.
        padding (int or tuple): ``dilation * (k - 1) - padding`` zero padding on both sides of
            the input. Default 0.
        output_padding (int or tuple): extra size added to one side of the output; smaller
            than stride or dilation. Default 0.
        groups (int): blocked connections. Default 1.
        dilation (int or tuple): default 1.

    Returns:
        Tensor: ``(N, C_out, {osp})``, ``out = (in - 1)*stride - 2*padding + dilation*(k - 1)
        + output_padding + 1``.

    Raises:
        RuntimeError: channel mismatch ("Given transposed=1, weight of size [...], expected
            input[...] to have C channels ..."), output_padding too large, output too small,
            wrong dims or dtypes.

    Source: ``torch.nn.functional.conv_transpose{nd}d``.

    Example::

        >>> F.conv_transpose{nd}d(pyt.randn(1, 4, {ex}), pyt.randn(4, 2, {exk}), stride=2).shape
        {exo}
    """


def _make_conv_transpose(nd, **doc):
    """Make conv_transpose1d/2d/3d: one signature and body, its docstring from _CONVT_DOC."""
    op = f"conv_transpose{nd}d"

    def conv_transpose(
        input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1
    ):
        return _conv_transpose(
            op, nd, input, weight, bias, stride, padding, output_padding, groups, dilation
        )

    conv_transpose.__name__ = conv_transpose.__qualname__ = op
    conv_transpose.__doc__ = _CONVT_DOC.format(nd=nd, **doc)
    return conv_transpose


conv_transpose1d = _make_conv_transpose(
    1, sp="L", ks="kL", osp="L_out", ex="5", exk="3", exo="pyt.Size([1, 2, 11])"
)
conv_transpose2d = _make_conv_transpose(
    2,
    sp="H, W",
    ks="kH, kW",
    osp="H_out, W_out",
    ex="5, 5",
    exk="3, 3",
    exo="pyt.Size([1, 2, 11, 11])",
)
conv_transpose3d = _make_conv_transpose(
    3,
    sp="D, H, W",
    ks="kD, kH, kW",
    osp="D_out, H_out, W_out",
    ex="2, 2, 2",
    exk="3, 3, 3",
    exo="pyt.Size([1, 2, 5, 5, 5])",
)


# ---------------------------------------------------------------------------- pooling
def _stride_or_kernel(stride):
    return (
        None
        if stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0)
        else stride
    )


def _ints(x, n, name):
    """[int] * n from an int or a tuple of length 1 or n."""
    if isinstance(x, (list, tuple)):
        if len(x) not in (1, n):
            raise RuntimeError(
                f"{name} must either be a single int, or a tuple of {n} ints, but got {name}={list(x)}"
            )
        return [_index(v, name) for v in x] * (n if len(x) == 1 else 1)
    return [_index(x, name)] * n


def _index(v, name):
    """``operator.index(v)``; TypeError naming the argument for floats and other non-ints (as torch)."""
    import operator

    try:
        return operator.index(v)
    except TypeError:
        raise TypeError(f"argument '{name}' must be tuple of ints, not {type(v).__name__}") from None


def max_pool1d_with_indices(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=True
):
    """1-D max pooling returning ``(values, indices)``; see :func:`max_pool1d`.

    Args:
        input (Tensor): ``(N, C, L)`` or ``(C, L)``.
        kernel_size, stride, padding, dilation, ceil_mode: as :func:`max_pool1d`.
        return_indices (bool): ignored (always returned).

    Returns:
        tuple[Tensor, Tensor]: values ``(N, C, L_out)`` and int64 indices into ``L``.

    Raises:
        RuntimeError: as :func:`max_pool1d`.

    Source: ``torch.nn.functional.max_pool1d_with_indices``.

    Example::

        >>> F.max_pool1d_with_indices(pyt.tensor([[[1.0, 3.0, 2.0, 0.0]]]), 2)[1]
        tensor([[[1, 2]]])
    """
    _check_tensor(input, "max_pool1d")
    s = _stride_or_kernel(stride)
    return tuple(
        _C._nn.max_pool1d_with_indices(
            input,
            _ints(kernel_size, 1, "kernel_size"),
            [] if s is None else _ints(s, 1, "stride"),
            _ints(padding, 1, "padding"),
            _ints(dilation, 1, "dilation"),
            bool(ceil_mode),
        )
    )


def max_pool1d(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False
):
    """1-D max pooling over windows of a signal.

    Args:
        input (Tensor): ``(N, C, L)`` or ``(C, L)``, float32/float64.
        kernel_size (int): window size.
        stride (int, optional): default ``kernel_size``.
        padding (int): implicit ``-inf`` padding, at most half the kernel. Default 0.
        dilation (int): spacing of window elements. Default 1.
        ceil_mode (bool): ceil instead of floor for the output size. Default False.
        return_indices (bool): also return the argmax indices. Default False.

    Returns:
        Tensor ``(N, C, L_out)``, ``L_out = floor((L + 2*pad - dil*(k-1) - 1)/stride + 1)``;
        or ``(values, indices)``.

    Raises:
        RuntimeError: padding larger than half the kernel, output too small, wrong dims.

    Source: ``torch.nn.functional.max_pool1d``.

    Example::

        >>> F.max_pool1d(pyt.tensor([[[1.0, 3.0, 2.0, 0.0]]]), 2)
        tensor([[[3., 2.]]])
    """
    if return_indices:
        return max_pool1d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    _check_tensor(input, "max_pool1d")
    s = _stride_or_kernel(stride)
    return _C._nn.max_pool1d(
        input,
        _ints(kernel_size, 1, "kernel_size"),
        [] if s is None else _ints(s, 1, "stride"),
        _ints(padding, 1, "padding"),
        _ints(dilation, 1, "dilation"),
        bool(ceil_mode),
    )


def _pool2d_args(kernel_size, stride, padding, dilation):
    s = _stride_or_kernel(stride)
    return (
        _ints(kernel_size, 2, "kernel_size"),
        [] if s is None else _ints(s, 2, "stride"),
        _ints(padding, 2, "padding"),
        _ints(dilation, 2, "dilation"),
    )


def max_pool2d_with_indices(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=True
):
    """2-D max pooling that also returns the flat ``H*W`` index of each maximum.

    Args:
        input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
        kernel_size, stride, padding, dilation, ceil_mode: as :func:`max_pool2d`.
        return_indices (bool): ignored (always returns the indices).

    Returns:
        tuple[Tensor, Tensor]: values ``(N, C, H_out, W_out)`` and int64 indices, same shape.

    Raises:
        RuntimeError: padding too large or output size too small.

    Source: ``torch.nn.functional.max_pool2d_with_indices``.

    Example::

        >>> out, idx = F.max_pool2d_with_indices(pyt.randn(1, 1, 4, 4), 2)
        >>> idx.dtype
        pyt.int64
    """
    _check_tensor(input, "max_pool2d")
    k, s, p, d = _pool2d_args(kernel_size, stride, padding, dilation)
    return tuple(_C._nn.max_pool2d_with_indices(input, k, s or None, p, d, bool(ceil_mode)))


def max_pool2d(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False
):
    """2-D max pooling over windows of an input of planes.

    Args:
        input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
        kernel_size (int or tuple[int, int]): window size.
        stride (int or tuple[int, int], optional): default ``kernel_size``.
        padding (int or tuple[int, int]): implicit ``-inf`` padding, at most half the
            kernel. Default 0.
        dilation (int or tuple[int, int]): spacing of window elements. Default 1.
        ceil_mode (bool): ceil instead of floor for the output size. Default ``False``.
        return_indices (bool): also return the argmax indices. Default ``False``.

    Returns:
        Tensor ``(N, C, H_out, W_out)``, with
        ``H_out = floor((H + 2*pad - dil*(k-1) - 1) / stride + 1)``; or ``(values, indices)``
        when ``return_indices``.

    Raises:
        RuntimeError: padding too large or output size too small.

    Source: ``torch.nn.functional.max_pool2d``.

    Example::

        >>> F.max_pool2d(pyt.randn(1, 1, 4, 4), 2).shape
        pyt.Size([1, 1, 2, 2])
    """
    if return_indices:
        return max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    _check_tensor(input, "max_pool2d")
    k, s, p, d = _pool2d_args(kernel_size, stride, padding, dilation)
    return _C._nn.max_pool2d(input, k, s or None, p, d, bool(ceil_mode))


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """1-D average pooling over windows of a signal.

    Args:
        input (Tensor): ``(N, C, L)`` or ``(C, L)``.
        kernel_size (int): window size.
        stride (int, optional): default ``kernel_size``.
        padding (int): implicit zero padding, at most half the kernel. Default 0.
        ceil_mode (bool): ceil instead of floor for the output size. Default False.
        count_include_pad (bool): count padded zeros in the divisor. Default True.

    Returns:
        Tensor: ``(N, C, L_out)``.

    Raises:
        RuntimeError: padding too large, output too small, wrong dims.

    Source: ``torch.nn.functional.avg_pool1d``.

    Example::

        >>> F.avg_pool1d(pyt.tensor([[[1.0, 3.0, 2.0, 0.0]]]), 2)
        tensor([[[2., 1.]]])
    """
    _check_tensor(input, "avg_pool1d")
    s = _stride_or_kernel(stride)
    return _C._nn.avg_pool1d(
        input,
        _ints(kernel_size, 1, "kernel_size"),
        [] if s is None else _ints(s, 1, "stride"),
        _ints(padding, 1, "padding"),
        bool(ceil_mode),
        bool(count_include_pad),
    )


def avg_pool2d(
    input,
    kernel_size,
    stride=None,
    padding=0,
    ceil_mode=False,
    count_include_pad=True,
    divisor_override=None,
):
    """2-D average pooling over windows of an input of planes.

    Args:
        input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
        kernel_size (int or tuple[int, int]): window size.
        stride (int or tuple[int, int], optional): default ``kernel_size``.
        padding (int or tuple[int, int]): implicit zero padding, at most half the kernel.
        ceil_mode (bool): ceil instead of floor for the output size. Default False.
        count_include_pad (bool): count padded zeros in the divisor. Default True.
        divisor_override (int, optional): divide every window sum by this instead.

    Returns:
        Tensor: ``(N, C, H_out, W_out)``.

    Raises:
        RuntimeError: padding too large, output too small, a zero divisor_override.

    Source: ``torch.nn.functional.avg_pool2d``.

    Example::

        >>> F.avg_pool2d(pyt.ones(1, 1, 4, 4), 2).shape
        pyt.Size([1, 1, 2, 2])
    """
    _check_tensor(input, "avg_pool2d")
    k, s, p, _ = _pool2d_args(kernel_size, stride, padding, 1)
    div = None if divisor_override is None else int(divisor_override)
    return _C._nn.avg_pool2d(input, k, s, p, bool(ceil_mode), bool(count_include_pad), div)


def _adaptive_size(input, output_size, n, op):
    sizes = (
        _ints(output_size, n, "output_size") if not _has_none(output_size) else list(output_size)
    )
    if isinstance(output_size, (list, tuple)) and len(output_size) == 1:
        sizes = list(output_size) * n
    return [int(input.shape[-n + i]) if v is None else int(v) for i, v in enumerate(sizes)]


def _has_none(x):
    return isinstance(x, (list, tuple)) and any(v is None for v in x)


def adaptive_avg_pool1d(input, output_size):
    """1-D adaptive average pooling to ``output_size`` positions.

    Window ``i`` covers ``[floor(i*L/out), ceil((i+1)*L/out))``.

    Args:
        input (Tensor): ``(N, C, L)`` or ``(C, L)``.
        output_size (int): ``L_out``.

    Returns:
        Tensor: ``(N, C, L_out)``.

    Raises:
        RuntimeError: wrong dims, a zero-size non-batch dim, negative output size.

    Source: ``torch.nn.functional.adaptive_avg_pool1d``.

    Example::

        >>> F.adaptive_avg_pool1d(pyt.tensor([[[1.0, 3.0, 2.0, 0.0]]]), 2)
        tensor([[[2., 1.]]])
    """
    _check_tensor(input, "adaptive_avg_pool1d")
    return _C._nn.adaptive_avg_pool1d(
        input, _adaptive_size(input, output_size, 1, "adaptive_avg_pool1d")
    )


def adaptive_avg_pool2d(input, output_size):
    """2-D adaptive average pooling to ``output_size`` (``None`` keeps the input's size).

    Args:
        input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
        output_size (int or tuple): ``(H_out, W_out)``; an int means a square output.

    Returns:
        Tensor: ``(N, C, H_out, W_out)``.

    Raises:
        RuntimeError: wrong dims, a zero-size non-batch dim, negative output size.

    Source: ``torch.nn.functional.adaptive_avg_pool2d``.

    Example::

        >>> F.adaptive_avg_pool2d(pyt.randn(1, 3, 7, 9), (2, 3)).shape
        pyt.Size([1, 3, 2, 3])
    """
    _check_tensor(input, "adaptive_avg_pool2d")
    return _C._nn.adaptive_avg_pool2d(
        input, _adaptive_size(input, output_size, 2, "adaptive_avg_pool2d")
    )


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=True):
    """2-D adaptive max pooling returning ``(values, indices into H*W)``.

    Args:
        input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
        output_size (int or tuple): ``(H_out, W_out)``; ``None`` keeps the input's size.
        return_indices (bool): ignored (always returned).

    Returns:
        tuple[Tensor, Tensor]: values and int64 indices, ``(N, C, H_out, W_out)``.

    Raises:
        RuntimeError: wrong dims, a zero-size non-batch dim.

    Source: ``torch.nn.functional.adaptive_max_pool2d_with_indices``.

    Example::

        >>> F.adaptive_max_pool2d_with_indices(pyt.randn(1, 1, 4, 4), 2)[1].shape
        pyt.Size([1, 1, 2, 2])
    """
    _check_tensor(input, "adaptive_max_pool2d")
    return tuple(
        _C._nn.adaptive_max_pool2d(
            input, _adaptive_size(input, output_size, 2, "adaptive_max_pool2d")
        )
    )


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """2-D adaptive max pooling to ``output_size``.

    Args:
        input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
        output_size (int or tuple): ``(H_out, W_out)``; ``None`` keeps the input's size.
        return_indices (bool): also return the argmax indices (into ``H*W``). Default False.

    Returns:
        Tensor ``(N, C, H_out, W_out)``, or ``(values, indices)``.

    Raises:
        RuntimeError: wrong dims, a zero-size non-batch dim.

    Source: ``torch.nn.functional.adaptive_max_pool2d``.

    Example::

        >>> F.adaptive_max_pool2d(pyt.randn(1, 3, 7, 9), 2).shape
        pyt.Size([1, 3, 2, 2])
    """
    out = adaptive_max_pool2d_with_indices(input, output_size)
    return out if return_indices else out[0]


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=True):
    """1-D adaptive max pooling returning ``(values, indices into L)``.

    The 2-D kernel on ``input.unsqueeze(-2)``, as torch computes it.

    Args:
        input (Tensor): ``(N, C, L)`` or ``(C, L)``.
        output_size (int): ``L_out``.
        return_indices (bool): ignored (always returned).

    Returns:
        tuple[Tensor, Tensor]: values and int64 indices, ``(N, C, L_out)``.

    Raises:
        RuntimeError: input not 2-D or 3-D, a zero-size non-batch dim.

    Source: ``torch.nn.functional.adaptive_max_pool1d_with_indices``.

    Example::

        >>> F.adaptive_max_pool1d_with_indices(pyt.tensor([[[1.0, 3.0, 2.0, 0.0]]]), 2)[1]
        tensor([[[1, 2]]])
    """
    _check_tensor(input, "adaptive_max_pool1d")
    if input.dim() not in (2, 3):
        raise RuntimeError(
            f"adaptive_max_pool1d: Expected 2 to 3 dimensions, but got {input.dim()}-dimensional "
            f"tensor of shape {list(input.shape)} for argument #1 'self'"
        )
    size = _adaptive_size(input, output_size, 1, "adaptive_max_pool1d")
    values, indices = _C._nn.adaptive_max_pool2d(input.unsqueeze(-2), [1, size[0]])
    return values.squeeze(-2), indices.squeeze(-2)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """1-D adaptive max pooling to ``output_size`` positions.

    Args:
        input (Tensor): ``(N, C, L)`` or ``(C, L)``.
        output_size (int): ``L_out``.
        return_indices (bool): also return the argmax indices. Default False.

    Returns:
        Tensor ``(N, C, L_out)``, or ``(values, indices)``.

    Raises:
        RuntimeError: input not 2-D or 3-D.

    Source: ``torch.nn.functional.adaptive_max_pool1d``.

    Example::

        >>> F.adaptive_max_pool1d(pyt.tensor([[[1.0, 3.0, 2.0, 0.0]]]), 2)
        tensor([[[3., 2.]]])
    """
    out = adaptive_max_pool1d_with_indices(input, output_size)
    return out if return_indices else out[0]


# ------------------------------------------------------------------- padding, resampling
def pad(input, pad, mode="constant", value=None):
    """Pad the last ``len(pad) // 2`` dims of ``input``.

    Args:
        input (Tensor): any shape for ``"constant"``; 2-D to 5-D for the other modes.
        pad (tuple[int]): ``(left_last, right_last, left_second_last, ...)``; negative
            values crop (constant mode).
        mode (str): ``"constant"``, ``"reflect"``, ``"replicate"`` or ``"circular"``.
        value (float, optional): fill value of constant padding. Default 0.

    Returns:
        Tensor: input's dtype, each padded dim grown by its two pads.

    Raises:
        RuntimeError: an odd pad length, more pads than dims, a negative output size,
            reflect padding not smaller than the dim, circular padding larger than the dim.
        NotImplementedError: a non-constant mode on an unsupported (pad length, dims)
            combination, or an unknown mode.

    Source: ``torch.nn.functional.pad``.

    Example::

        >>> F.pad(pyt.ones(1, 2, 2), (1, 1), mode="replicate").shape
        pyt.Size([1, 2, 4])
    """
    _check_tensor(input, "pad")
    if not isinstance(pad, (list, tuple)):
        raise TypeError(f"pad(): argument 'pad' must be tuple of ints, not {type(pad).__name__}")
    if mode != "constant" and value is not None and value != 0:
        raise NotImplementedError(f'Padding mode "{mode}" doesn\'t take in value argument.')
    import operator

    ints = []
    for i, p in enumerate(pad):
        try:
            ints.append(operator.index(p))
        except TypeError:
            raise TypeError(
                f"pad(): argument 'pad' (position 2) must be tuple of ints, but found element of type "
                f"{type(p).__name__} at pos {i}"
            ) from None
    k = len(ints) // 2
    if mode in ("reflect", "replicate") and 1 <= k <= 3 and input.dim() in (k + 1, k + 2):
        if any(s == 0 for s in input.shape[1:]):
            raise RuntimeError(
                f"Expected {k + 1}D or {k + 2}D (batch mode) tensor with possibly 0 batch size and other "
                f"non-zero dimensions for input, but got: {list(input.shape)}"
            )
    try:
        return _C._nn.pad(input, ints, mode, 0.0 if value is None else float(value))
    except MemoryError:
        shape = list(input.shape)
        for j in range(k):
            shape[-1 - j] += ints[2 * j] + ints[2 * j + 1]
        numel = 1
        for s in shape:
            numel *= s
        raise RuntimeError(
            f"pad: can't allocate memory: you tried to allocate {numel * input.element_size()} bytes "
            f"(output of shape {shape}, dtype {input.dtype}, input {list(input.shape)})"
        ) from None


_INTERP_MODES = ("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact")


def interpolate(
    input,
    size=None,
    scale_factor=None,
    mode="nearest",
    align_corners=None,
    recompute_scale_factor=None,
    antialias=False,
):
    """Resample the spatial dims of ``input`` to ``size`` or by ``scale_factor``.

    Args:
        input (Tensor): ``(N, C, L)``, ``(N, C, H, W)`` or ``(N, C, D, H, W)``, floating.
        size (int or tuple, optional): output spatial size.
        scale_factor (float or tuple, optional): multiplier of the spatial size (output
            size ``floor(in * scale)``); exactly one of size and scale_factor is given.
        mode (str): ``"nearest"``, ``"nearest-exact"``, ``"linear"`` (3-D), ``"bilinear"``
            / ``"bicubic"`` (4-D), ``"trilinear"`` (5-D) or ``"area"``. Default nearest.
        align_corners (bool, optional): for the linear and cubic modes, align the centres
            of the corner pixels. Default False.
        recompute_scale_factor (bool, optional): compute the source index from the output
            size instead of the given scale factor.
        antialias (bool): not supported (raises when True).

    Returns:
        Tensor: ``(N, C, *size)``.

    Raises:
        ValueError: both or neither of size and scale_factor, align_corners with a
            non-interpolating mode, sizes of the wrong length.
        NotImplementedError: an unknown mode, a mode on the wrong number of dims, antialias.

    Source: ``torch.nn.functional.interpolate`` (source-index rules of
    ``aten/src/ATen/native/UpSample.h``; cubic convolution with A = -0.75).

    Example::

        >>> F.interpolate(pyt.randn(1, 1, 4, 4), scale_factor=2, mode="bilinear").shape
        pyt.Size([1, 1, 8, 8])
    """
    _check_tensor(input, "interpolate")
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError(
                "align_corners option can only be set with the interpolating modes: "
                "linear | bilinear | bicubic | trilinear"
            )
    elif align_corners is None:
        align_corners = False
    if mode not in _INTERP_MODES:
        raise NotImplementedError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.dim()}D) for the modes: "
            f"nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got {mode})"
        )
    if antialias:
        raise NotImplementedError("interpolate: antialias=True is not supported by pyt")
    dim = input.dim() - 2
    if dim < 1:
        raise NotImplementedError(
            f"interpolate: expected input of at least 3 dims (N, C, *), got {list(input.shape)}"
        )
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError(
                    "Input and output must have the same number of spatial dimensions, but got input with "
                    f"spatial dimensions of {list(input.shape[2:])} and output size of {list(size)}. Please "
                    "provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) "
                    "format."
                )
            output_size = [_interp_size(s) for s in size]
        else:
            output_size = [_interp_size(size)] * dim
        scales = []
    elif scale_factor is not None:
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dim:
                raise ValueError(
                    "Input and scale_factor must have the same number of spatial dimensions, but got input "
                    f"with spatial dimensions of {list(input.shape[2:])} and scale_factor of shape "
                    f"{list(scale_factor)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
                    "scale_factor in (s1, s2, ...,sK) format."
                )
            factors = [float(s) for s in scale_factor]
        else:
            factors = [float(scale_factor)] * dim
        for f in factors:
            if not math.isfinite(f):
                raise RuntimeError(
                    f"interpolate: scale_factor {f} cannot be converted to an int64_t output size "
                    f"without overflow (input {list(input.shape)})"
                )
        output_size = [int(math.floor(float(input.shape[i + 2]) * factors[i])) for i in range(dim)]
        scales = [] if recompute_scale_factor else factors
    else:
        raise ValueError("either size or scale_factor should be defined")
    if mode == "area":
        if dim == 1:
            return adaptive_avg_pool1d(input, output_size)
        if dim == 2:
            return adaptive_avg_pool2d(input, output_size)
        raise NotImplementedError("interpolate: mode 'area' supports 3-D and 4-D inputs in pyt")
    return _C._nn.interpolate(input, output_size, scales, mode, bool(align_corners))


def _interp_size(s):
    import operator

    try:
        return operator.index(s)
    except TypeError:
        raise TypeError(
            f"interpolate: size must be an int or a tuple of ints, but got an element of type {type(s).__name__}"
        ) from None


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated alias of :func:`interpolate` (torch.nn.functional.upsample).

    Args:
        input, size, scale_factor, mode, align_corners: as :func:`interpolate`.

    Returns:
        Tensor: as :func:`interpolate`.

    Raises:
        As :func:`interpolate`.

    Source: ``torch.nn.functional.upsample``.

    Example::

        >>> F.upsample(pyt.randn(1, 1, 2, 2), scale_factor=2).shape
        pyt.Size([1, 1, 4, 4])
    """
    return interpolate(input, size, scale_factor, mode, align_corners)


def pixel_shuffle(input, upscale_factor):
    """Rearrange ``(*, C*r*r, H, W)`` into ``(*, C, H*r, W*r)`` (sub-pixel convolution).

    Args:
        input (Tensor): at least 3 dims, channels divisible by ``r*r``.
        upscale_factor (int): ``r``.

    Returns:
        Tensor: ``(*, C, H*r, W*r)``.

    Raises:
        RuntimeError: channels not divisible by ``r*r``, fewer than 3 dims.

    Source: ``torch.nn.functional.pixel_shuffle`` (Shi et al. 2016).

    Example::

        >>> F.pixel_shuffle(pyt.randn(1, 9, 4, 4), 3).shape
        pyt.Size([1, 1, 12, 12])
    """
    _check_tensor(input, "pixel_shuffle")
    return _C._nn.pixel_shuffle(input, int(upscale_factor))


def pixel_unshuffle(input, downscale_factor):
    """Rearrange ``(*, C, H*r, W*r)`` into ``(*, C*r*r, H, W)``, the inverse of pixel_shuffle.

    Args:
        input (Tensor): at least 3 dims, H and W divisible by ``r``.
        downscale_factor (int): ``r``.

    Returns:
        Tensor: ``(*, C*r*r, H, W)``.

    Raises:
        RuntimeError: H or W not divisible by ``r``, fewer than 3 dims.

    Source: ``torch.nn.functional.pixel_unshuffle``.

    Example::

        >>> F.pixel_unshuffle(pyt.randn(1, 1, 12, 12), 3).shape
        pyt.Size([1, 9, 4, 4])
    """
    _check_tensor(input, "pixel_unshuffle")
    return _C._nn.pixel_unshuffle(input, int(downscale_factor))


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Extract sliding local blocks (im2col).

    Args:
        input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
        kernel_size (int or tuple): block size.
        dilation (int or tuple): default 1.
        padding (int or tuple): zero padding on both sides. Default 0.
        stride (int or tuple): default 1.

    Returns:
        Tensor: ``(N, C*kH*kW, L)``, ``L`` the number of block positions.

    Raises:
        RuntimeError: wrong dims, non-positive sizes, no block fits.

    Source: ``torch.nn.functional.unfold``.

    Example::

        >>> F.unfold(pyt.randn(1, 2, 4, 4), 2).shape
        pyt.Size([1, 8, 9])
    """
    _check_tensor(input, "unfold")
    return _C._nn.im2col(
        input,
        _ints(kernel_size, 2, "kernel_size"),
        _ints(dilation, 2, "dilation"),
        _ints(padding, 2, "padding"),
        _ints(stride, 2, "stride"),
    )


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Sum sliding local blocks back into a tensor (col2im), the adjoint of :func:`unfold`.

    Args:
        input (Tensor): ``(N, C*kH*kW, L)`` or ``(C*kH*kW, L)``.
        output_size (int or tuple): ``(H, W)``.
        kernel_size, dilation, padding, stride: as :func:`unfold`.

    Returns:
        Tensor: ``(N, C, H, W)``.

    Raises:
        RuntimeError: dim 1 not divisible by the kernel size, L not the number of blocks.

    Source: ``torch.nn.functional.fold``.

    Example::

        >>> F.fold(pyt.ones(1, 4, 9), (4, 4), 2).shape
        pyt.Size([1, 1, 4, 4])
    """
    _check_tensor(input, "fold")
    return _C._nn.col2im(
        input,
        _ints(output_size, 2, "output_size"),
        _ints(kernel_size, 2, "kernel_size"),
        _ints(dilation, 2, "dilation"),
        _ints(padding, 2, "padding"),
        _ints(stride, 2, "stride"),
    )
