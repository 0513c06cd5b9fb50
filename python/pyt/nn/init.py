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
