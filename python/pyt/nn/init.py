"""Parameter initialisation (torch/nn/init.py): same formulas, bounds and errors.

Every function fills its tensor in place under ``no_grad`` (so it works on parameters that
require grad) and returns it.
"""

import math
import warnings

from pyt.autograd.grad_mode import no_grad

__all__ = [
    "calculate_gain",
    "uniform_",
    "normal_",
    "constant_",
    "ones_",
    "zeros_",
    "xavier_uniform_",
    "xavier_normal_",
    "kaiming_uniform_",
    "kaiming_normal_",
    "eye_",
    "dirac_",
    "trunc_normal_",
    "orthogonal_",
    "sparse_",
]


def calculate_gain(nonlinearity, param=None):
    """Return the recommended gain for a nonlinearity.

    ============  ==========================================
    nonlinearity  gain
    ============  ==========================================
    linear/convN  1
    sigmoid       1
    tanh          5/3
    relu          sqrt(2)
    leaky_relu    sqrt(2 / (1 + negative_slope^2))
    selu          3/4
    ============  ==========================================

    Args:
        nonlinearity (str): name of the function, e.g. ``"relu"``.
        param (int or float, optional): negative slope for ``"leaky_relu"`` (default 0.01).

    Returns:
        float: the gain.

    Raises:
        ValueError: unknown nonlinearity, or a non-numeric ``param``.

    Source: ``torch.nn.init.calculate_gain``.

    Example::

        >>> pyt.nn.init.calculate_gain("relu")
        1.4142135623730951
    """
    linear_fns = [
        "linear",
        "conv1d",
        "conv2d",
        "conv3d",
        "conv_transpose1d",
        "conv_transpose2d",
        "conv_transpose3d",
    ]
    if nonlinearity in linear_fns or nonlinearity == "sigmoid":
        return 1
    elif nonlinearity == "tanh":
        return 5.0 / 3
    elif nonlinearity == "relu":
        return math.sqrt(2.0)
    elif nonlinearity == "leaky_relu":
        if param is None:
            negative_slope = 0.01
        elif not isinstance(param, bool) and isinstance(param, int) or isinstance(param, float):
            negative_slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + negative_slope**2))
    elif nonlinearity == "selu":
        return 3.0 / 4
    else:
        raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fill ``tensor`` with values from ``U(a, b)``.

    Args:
        tensor (Tensor): any shape, floating dtype.
        a (float): lower bound. Default 0.
        b (float): upper bound. Default 1.
        generator (pyt.Generator, optional): source of randomness.

    Returns:
        Tensor: ``tensor``.

    Raises:
        RuntimeError: non-floating dtype or ``a > b`` (from the kernel).

    Source: ``torch.nn.init.uniform_``.

    Example::

        >>> w = pyt.nn.init.uniform_(pyt.empty(3, 5), -1, 1)
    """
    with no_grad():
        return tensor.uniform_(a, b, generator=generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fill ``tensor`` with values from ``N(mean, std^2)``.

    Args:
        tensor (Tensor): any shape, floating dtype.
        mean (float): default 0.
        std (float): default 1.
        generator (pyt.Generator, optional): source of randomness.

    Returns:
        Tensor: ``tensor``.

    Raises:
        RuntimeError: non-floating dtype or ``std < 0`` (from the kernel).

    Source: ``torch.nn.init.normal_``.

    Example::

        >>> w = pyt.nn.init.normal_(pyt.empty(3, 5), std=0.02)
    """
    with no_grad():
        return tensor.normal_(mean, std, generator=generator)


def constant_(tensor, val):
    """Fill ``tensor`` with ``val``.

    Args:
        tensor (Tensor): any shape.
        val (float): the value.

    Returns:
        Tensor: ``tensor``.

    Raises:
        Nothing for valid tensors.

    Source: ``torch.nn.init.constant_``.

    Example::

        >>> pyt.nn.init.constant_(pyt.empty(2), 0.3)
        tensor([0.3000, 0.3000])
    """
    with no_grad():
        return tensor.fill_(val)


def ones_(tensor):
    """Fill ``tensor`` with ones.

    Args:
        tensor (Tensor): any shape.

    Returns:
        Tensor: ``tensor``.

    Raises:
        Nothing.

    Source: ``torch.nn.init.ones_``.

    Example::

        >>> pyt.nn.init.ones_(pyt.empty(2))
        tensor([1., 1.])
    """
    with no_grad():
        return tensor.fill_(1.0)


def zeros_(tensor):
    """Fill ``tensor`` with zeros.

    Args:
        tensor (Tensor): any shape.

    Returns:
        Tensor: ``tensor``.

    Raises:
        Nothing.

    Source: ``torch.nn.init.zeros_``.

    Example::

        >>> pyt.nn.init.zeros_(pyt.empty(2))
        tensor([0., 0.])
    """
    with no_grad():
        return tensor.zero_()


def _calculate_fan_in_and_fan_out(tensor):
    """Return ``(fan_in, fan_out)`` of a weight: ``size(1)`` / ``size(0)`` times the kernel size.

    Args:
        tensor (Tensor): at least 2-D, e.g. Linear ``(out, in)``, Conv2d ``(out, in, kH, kW)``.

    Returns:
        tuple[int, int]: ``(fan_in, fan_out)``.

    Raises:
        ValueError: fewer than 2 dimensions.

    Source: ``torch.nn.init._calculate_fan_in_and_fan_out``.

    Example::

        >>> pyt.nn.init._calculate_fan_in_and_fan_out(pyt.empty(8, 3, 5, 5))
        (75, 200)
    """
    dimensions = tensor.dim()
    if dimensions < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"
        )
    num_input_fmaps = tensor.size(1)
    num_output_fmaps = tensor.size(0)
    receptive_field_size = 1
    if tensor.dim() > 2:
        for s in tuple(tensor.shape)[2:]:
            receptive_field_size *= s
    fan_in = num_input_fmaps * receptive_field_size
    fan_out = num_output_fmaps * receptive_field_size
    return fan_in, fan_out


def _calculate_correct_fan(tensor, mode):
    mode = mode.lower()
    valid_modes = ["fan_in", "fan_out"]
    if mode not in valid_modes:
        raise ValueError(f"Mode {mode} not supported, please use one of {valid_modes}")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """Glorot uniform: ``U(-a, a)`` with ``a = gain * sqrt(6 / (fan_in + fan_out))``.

    Args:
        tensor (Tensor): at least 2-D, floating dtype.
        gain (float): scaling factor. Default 1.
        generator (pyt.Generator, optional): source of randomness.

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: fewer than 2 dimensions.

    Source: ``torch.nn.init.xavier_uniform_`` (Glorot & Bengio, 2010).

    Example::

        >>> gain = pyt.nn.init.calculate_gain("relu")
        >>> w = pyt.nn.init.xavier_uniform_(pyt.empty(3, 5), gain=gain)
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    with no_grad():
        return tensor.uniform_(-a, a, generator=generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """Glorot normal: ``N(0, std^2)`` with ``std = gain * sqrt(2 / (fan_in + fan_out))``.

    Args:
        tensor (Tensor): at least 2-D, floating dtype.
        gain (float): scaling factor. Default 1.
        generator (pyt.Generator, optional): source of randomness.

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: fewer than 2 dimensions.

    Source: ``torch.nn.init.xavier_normal_`` (Glorot & Bengio, 2010).

    Example::

        >>> w = pyt.nn.init.xavier_normal_(pyt.empty(3, 5))
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    with no_grad():
        return tensor.normal_(0.0, std, generator=generator)


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He uniform: ``U(-bound, bound)``, ``bound = gain * sqrt(3 / fan_mode)``.

    ``nn.Linear`` and ``nn.Conv2d`` initialise their weights with ``a=sqrt(5)``.

    Args:
        tensor (Tensor): at least 2-D, floating dtype.
        a (float): negative slope of the following leaky_relu. Default 0.
        mode (str): ``"fan_in"`` (default) or ``"fan_out"``.
        nonlinearity (str): ``"relu"`` or ``"leaky_relu"`` (default), see
            :func:`calculate_gain`.
        generator (pyt.Generator, optional): source of randomness.

    Returns:
        Tensor: ``tensor`` (unchanged, with a warning, when it has no elements).

    Raises:
        ValueError: unknown mode or nonlinearity, or fewer than 2 dimensions.

    Source: ``torch.nn.init.kaiming_uniform_`` (He et al., 2015).

    Example::

        >>> w = pyt.nn.init.kaiming_uniform_(pyt.empty(3, 5), mode="fan_in", nonlinearity="relu")
    """
    if 0 in tuple(tensor.shape):
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    gain = calculate_gain(nonlinearity, a)
    std = gain / math.sqrt(fan)
    bound = math.sqrt(3.0) * std
    with no_grad():
        return tensor.uniform_(-bound, bound, generator=generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He normal: ``N(0, std^2)``, ``std = gain / sqrt(fan_mode)``.

    Args:
        tensor (Tensor): at least 2-D, floating dtype.
        a (float): negative slope of the following leaky_relu. Default 0.
        mode (str): ``"fan_in"`` (default) or ``"fan_out"``.
        nonlinearity (str): ``"relu"`` or ``"leaky_relu"`` (default).
        generator (pyt.Generator, optional): source of randomness.

    Returns:
        Tensor: ``tensor`` (unchanged, with a warning, when it has no elements).

    Raises:
        ValueError: unknown mode or nonlinearity, or fewer than 2 dimensions.

    Source: ``torch.nn.init.kaiming_normal_`` (He et al., 2015).

    Example::

        >>> w = pyt.nn.init.kaiming_normal_(pyt.empty(3, 5), mode="fan_out", nonlinearity="relu")
    """
    if 0 in tuple(tensor.shape):
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    gain = calculate_gain(nonlinearity, a)
    std = gain / math.sqrt(fan)
    with no_grad():
        return tensor.normal_(0, std, generator=generator)


def eye_(tensor):
    """Fill a 2-D tensor with the identity matrix (ones on the main diagonal).

    Preserves the identity of the inputs in Linear layers.

    Args:
        tensor (Tensor): 2-D ``(n, m)``.

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: ``tensor`` is not 2-D.

    Source: ``torch.nn.init.eye_``.

    Example::

        >>> pyt.nn.init.eye_(pyt.empty(2, 3))
        tensor([[1., 0., 0.],
                [0., 1., 0.]])
    """
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    with no_grad():
        tensor.zero_()
        tensor.diagonal().fill_(1)
    return tensor


def dirac_(tensor, groups=1):
    """Fill a 3/4/5-D convolution weight with the Dirac delta (identity convolution).

    For each group, output channel ``d`` gets a 1 at input channel ``d`` and the kernel
    centre; everything else is 0.

    Args:
        tensor (Tensor): ``(out_channels, in_channels, *kernel)`` with 1 to 3 kernel dims.
        groups (int): number of groups of the convolution. Default 1.

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: not 3/4/5-D, or ``out_channels`` not divisible by ``groups``.

    Source: ``torch.nn.init.dirac_``.

    Example::

        >>> w = pyt.nn.init.dirac_(pyt.empty(3, 3, 5))
        >>> w[1, 1, 2].item()
        1.0
    """
    dimensions = tensor.dim()
    if dimensions not in [3, 4, 5]:
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    sizes = tuple(tensor.shape)
    if sizes[0] % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    out_chans_per_grp = sizes[0] // groups
    min_dim = min(out_chans_per_grp, sizes[1])
    with no_grad():
        tensor.zero_()
        centre = tuple(s // 2 for s in sizes[2:])
        for g in range(groups):
            for d in range(min_dim):
                tensor[(g * out_chans_per_grp + d, d) + centre] = 1
    return tensor


def _norm_cdf(x):
    return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """Fill ``tensor`` from ``N(mean, std^2)`` truncated to ``[a, b]``.

    Inverse-CDF sampling as torch: uniform values between the CDF of ``a`` and of ``b``,
    mapped through ``erfinv``, then clamped to ``[a, b]``. Warns when ``mean`` is more than
    2 std outside ``[a, b]`` (the distribution may then be inaccurate).

    Args:
        tensor (Tensor): any shape, floating dtype.
        mean (float): mean of the normal. Default 0.
        std (float): standard deviation of the normal. Default 1.
        a (float): lower cutoff. Default -2.
        b (float): upper cutoff. Default 2.
        generator (pyt.Generator, optional): source of randomness.

    Returns:
        Tensor: ``tensor``.

    Raises:
        RuntimeError: non-floating dtype (from the kernels).

    Source: ``torch.nn.init.trunc_normal_``.

    Example::

        >>> w = pyt.nn.init.trunc_normal_(pyt.empty(3, 5), std=0.02, a=-0.04, b=0.04)
    """
    if (mean < a - 2 * std) or (mean > b + 2 * std):
        warnings.warn(
            "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
            "The distribution of values may be incorrect.",
            stacklevel=2,
        )
    with no_grad():
        lo = _norm_cdf((a - mean) / std)
        hi = _norm_cdf((b - mean) / std)
        tensor.uniform_(2 * lo - 1, 2 * hi - 1, generator=generator)
        tensor.erfinv_()
        tensor.mul_(std * math.sqrt(2.0))
        tensor.add_(mean)
        tensor.clamp_(min=a, max=b)
    return tensor


def orthogonal_(tensor, gain=1, generator=None):
    """Fill ``tensor`` with a (semi-)orthogonal matrix (Saxe et al., 2013).

    The tensor is viewed as ``(size(0), numel / size(0))``; a standard normal matrix of that
    shape is QR-decomposed (through numpy) and ``Q``, with the signs of ``diag(R)`` applied
    so that the result is uniformly distributed, is scaled by ``gain``.

    Args:
        tensor (Tensor): at least 2-D, floating dtype.
        gain (float): scaling factor. Default 1.
        generator (pyt.Generator, optional): source of randomness.

    Returns:
        Tensor: ``tensor`` (rows orthonormal when ``rows <= cols``, columns otherwise,
        times ``gain``).

    Raises:
        ValueError: fewer than 2 dimensions.

    Source: ``torch.nn.init.orthogonal_``.

    Example::

        >>> w = pyt.nn.init.orthogonal_(pyt.empty(3, 5))
        >>> bool(((w @ w.t()) - pyt.eye(3)).abs().max() < 1e-5)
        True
    """
    if tensor.dim() < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    import numpy as np

    import pyt

    rows = tensor.size(0)
    cols = tensor.numel() // rows
    flattened = pyt.empty((rows, cols), dtype=pyt.float64).normal_(0, 1, generator=generator)
    a = flattened.numpy()
    if rows < cols:
        a = a.T
    q, r = np.linalg.qr(a)
    d = np.sign(np.diag(r))
    q = q * d
    if rows < cols:
        q = q.T
    with no_grad():
        tensor.view(rows, cols).copy_(pyt.from_numpy(np.ascontiguousarray(q)).to(tensor.dtype))
        tensor.mul_(gain)
    return tensor


def sparse_(tensor, sparsity, std=0.01, generator=None):
    """Fill a 2-D tensor as a sparse matrix: ``N(0, std^2)`` with a fraction of each column 0.

    In every column, ``ceil(sparsity * rows)`` randomly chosen rows are set to zero
    (Martens, 2010).

    Args:
        tensor (Tensor): 2-D ``(rows, cols)``, floating dtype.
        sparsity (float): fraction of zeros per column.
        std (float): standard deviation of the non-zeros. Default 0.01.
        generator (pyt.Generator, optional): source of randomness.

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: ``tensor`` is not 2-D.

    Source: ``torch.nn.init.sparse_``.

    Example::

        >>> w = pyt.nn.init.sparse_(pyt.empty(10, 3), sparsity=0.1)
        >>> int((w == 0).sum())
        3
    """
    import pyt

    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tuple(tensor.shape)
    num_zeros = int(math.ceil(sparsity * rows))
    with no_grad():
        tensor.normal_(0, std, generator=generator)
        for col_idx in range(cols):
            row_indices = pyt.randperm(rows, generator=generator)
            zero_indices = row_indices[:num_zeros]
            tensor[zero_indices, col_idx] = 0
    return tensor
