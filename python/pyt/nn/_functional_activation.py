"""Activation functions of ``pyt.nn.functional`` (torch/nn/functional.py).

Each is one fused C++ elementwise kernel (``pyt._C._nn.<name>``) with a fused backward,
except the few that torch itself composes from other ops (softsign, tanhshrink, softmin),
which are composed here the same way so their ``grad_fn`` matches torch's. Re-exported
from ``pyt.nn.functional``.
"""

from pyt import _C

__all__ = [
    "gelu",
    "silu",
    "mish",
    "elu",
    "elu_",
    "selu",
    "selu_",
    "celu",
    "celu_",
    "leaky_relu",
    "leaky_relu_",
    "prelu",
    "relu6",
    "hardtanh",
    "hardtanh_",
    "hardsigmoid",
    "hardswish",
    "softplus",
    "softsign",
    "tanhshrink",
    "threshold",
    "threshold_",
    "logsigmoid",
    "softmin",
    "glu",
    "hardshrink",
    "softshrink",
]


def _check_tensor(x, fn, name="input"):
    if not isinstance(x, _C.Tensor):
        raise TypeError(f"{fn}(): argument '{name}' must be Tensor, not {type(x).__name__}")


def gelu(input, approximate="none"):
    """Gaussian Error Linear Unit: ``x * Phi(x)`` with ``Phi`` the standard normal CDF.

    With ``approximate='tanh'``: ``0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))``.

    Args:
        input (Tensor): any shape, floating dtype.
        approximate (str): ``'none'`` (exact, via erf) or ``'tanh'``. Default ``'none'``.

    Returns:
        Tensor: same shape and dtype; ``grad_fn`` ``GeluBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor.
        RuntimeError: ``approximate`` is neither ``'none'`` nor ``'tanh'``.
        NotImplementedError: integer or bool input.

    Source: ``torch.nn.functional.gelu`` (Hendrycks & Gimpel, 2016).

    Example::

        >>> F.gelu(pyt.tensor([0.0, 1.0]))
        tensor([0.0000, 0.8413])
    """
    _check_tensor(input, "gelu")
    if not isinstance(approximate, str):
        raise TypeError(f"gelu(): argument 'approximate' must be str, not {type(approximate).__name__}")
    return _C._nn.gelu(input, approximate)


def _inplace_or(input, inplace, name, fn, fn_, *args):
    _check_tensor(input, name)
    return fn_(input, *args) if inplace else fn(input, *args)


_INPLACE_ACTIVATION_DOC = """{summary}

    Args:
        input (Tensor): any shape, floating dtype.
        inplace (bool): overwrite ``input``. Default ``False``.

    Returns:
        Tensor: same shape; ``grad_fn`` ``{grad_fn}``{grad_fn_note}.

    Raises:
        TypeError: ``input`` is not a Tensor. NotImplementedError: integer input.

    Source: ``torch.nn.functional.{name}``{source}.

    Example::

        >>> F.{name}({example})
        {result}
    """


def _inplace_activation(name, summary, grad_fn, example, result, source="", grad_fn_note=""):
    """The elementwise activations whose only option is ``inplace``: ``name(input, inplace=False)``
    checks that ``input`` is a Tensor and runs ``_C._nn.<name>`` (``<name>_`` in place), with
    the docstring they share, filled in from the arguments."""

    def activation(input, inplace=False):
        return _inplace_or(input, inplace, name, getattr(_C._nn, name), getattr(_C._nn, name + "_"))

    activation.__name__ = activation.__qualname__ = name
    activation.__doc__ = _INPLACE_ACTIVATION_DOC.format(
        name=name, summary=summary, grad_fn=grad_fn, grad_fn_note=grad_fn_note, source=source,
        example=example, result=result,
    )
    return activation


silu = _inplace_activation(
    "silu",
    "Sigmoid Linear Unit (swish): ``x * sigmoid(x)``.",
    "SiluBackward0",
    "pyt.tensor([0.0, 1.0])",
    "tensor([0.0000, 0.7311])",
    source=" (Elfwing et al., 2017)",
)


mish = _inplace_activation(
    "mish",
    "Mish: ``x * tanh(softplus(x))``.",
    "MishBackward0",
    "pyt.tensor([0.0, 1.0])",
    "tensor([0.0000, 0.8651])",
    source=" (Misra, 2019)",
)


def elu(input, alpha=1.0, inplace=False):
    """Exponential Linear Unit: ``x`` for ``x > 0``, else ``alpha * (exp(x) - 1)``.

    Args:
        input (Tensor): any shape, floating dtype.
        alpha (float): the negative saturation value. Default 1.0.
        inplace (bool): overwrite ``input``. Default ``False``.

    Returns:
        Tensor: same shape; ``grad_fn`` ``EluBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor. NotImplementedError: integer input.

    Source: ``torch.nn.functional.elu`` (Clevert et al., 2015).

    Example::

        >>> F.elu(pyt.tensor([-1.0, 1.0]))
        tensor([-0.6321,  1.0000])
    """
    return _inplace_or(input, inplace, "elu", _C._nn.elu, _C._nn.elu_, float(alpha))


def elu_(input, alpha=1.0):
    """In-place :func:`elu`. Source: ``torch.nn.functional.elu_``.

    Example::

        >>> F.elu_(pyt.tensor([-1.0]))
        tensor([-0.6321])
    """
    return elu(input, alpha, inplace=True)


selu = _inplace_activation(
    "selu",
    "Scaled ELU: ``scale * elu(x, alpha)`` with ``alpha = 1.6732632...``, ``scale = 1.0507009...``.",
    "EluBackward0",
    "pyt.tensor([1.0])",
    "tensor([1.0507])",
    source=" (Klambauer et al., 2017)",
)


def selu_(input):
    """In-place :func:`selu`. Source: ``torch.nn.functional.selu_``.

    Example::

        >>> F.selu_(pyt.tensor([1.0]))
        tensor([1.0507])
    """
    return selu(input, inplace=True)


def celu(input, alpha=1.0, inplace=False):
    """Continuously differentiable ELU: ``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``.

    Args:
        input (Tensor): any shape, floating dtype.
        alpha (float): must not be 0. Default 1.0.
        inplace (bool): overwrite ``input``. Default ``False``.

    Returns:
        Tensor: same shape; ``grad_fn`` ``CeluBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor. RuntimeError: ``alpha == 0``.

    Source: ``torch.nn.functional.celu`` (Barron, 2017).

    Example::

        >>> F.celu(pyt.tensor([-1.0]), alpha=2.0)
        tensor([-0.7869])
    """
    return _inplace_or(input, inplace, "celu", _C._nn.celu, _C._nn.celu_, float(alpha))


def celu_(input, alpha=1.0):
    """In-place :func:`celu`. Source: ``torch.nn.functional.celu_``.

    Example::

        >>> F.celu_(pyt.tensor([1.0]))
        tensor([1.])
    """
    return celu(input, alpha, inplace=True)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """``x`` for ``x > 0``, else ``negative_slope * x``.

    Args:
        input (Tensor): any shape, floating dtype.
        negative_slope (float): Default 0.01.
        inplace (bool): overwrite ``input``. Default ``False``.

    Returns:
        Tensor: same shape; ``grad_fn`` ``LeakyReluBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor. NotImplementedError: integer input.

    Source: ``torch.nn.functional.leaky_relu``.

    Example::

        >>> F.leaky_relu(pyt.tensor([-1.0, 2.0]), 0.1)
        tensor([-0.1000,  2.0000])
    """
    return _inplace_or(
        input, inplace, "leaky_relu", _C._nn.leaky_relu, _C._nn.leaky_relu_, float(negative_slope)
    )


def leaky_relu_(input, negative_slope=0.01):
    """In-place :func:`leaky_relu`. Source: ``torch.nn.functional.leaky_relu_``.

    Example::

        >>> F.leaky_relu_(pyt.tensor([-1.0]))
        tensor([-0.0100])
    """
    return leaky_relu(input, negative_slope, inplace=True)


def prelu(input, weight):
    """``x`` for ``x > 0``, else ``weight * x`` with a learnable weight.

    Args:
        input (Tensor): ``(N, C, *)`` (or any shape when ``weight`` has one element).
        weight (Tensor): ``(1,)`` or ``(C,)``, same dtype as ``input``.

    Returns:
        Tensor: same shape as ``input``; ``grad_fn`` ``PreluKernelBackward0``.

    Raises:
        TypeError: an argument is not a Tensor.
        RuntimeError: ``weight`` has neither 1 nor ``C`` elements (the message names both).

    Source: ``torch.nn.functional.prelu`` (He et al., 2015).

    Example::

        >>> F.prelu(pyt.tensor([-2.0, 2.0]), pyt.tensor([0.25]))
        tensor([-0.5000,  2.0000])
    """
    _check_tensor(input, "prelu")
    _check_tensor(weight, "prelu", "weight")
    return _C._nn.prelu(input, weight)


relu6 = _inplace_activation(
    "relu6",
    "``min(max(0, x), 6)``.",
    "HardtanhBackward0",
    "pyt.tensor([-1.0, 7.0])",
    "tensor([0., 6.])",
    grad_fn_note=" (as torch)",
)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """``x`` clamped to ``[min_val, max_val]``.

    Args:
        input (Tensor): any shape, floating dtype.
        min_val (float): Default -1. max_val (float): Default 1.
        inplace (bool): overwrite ``input``. Default ``False``.

    Returns:
        Tensor: same shape; ``grad_fn`` ``HardtanhBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor.
        ValueError: ``min_val > max_val``.

    Source: ``torch.nn.functional.hardtanh``.

    Example::

        >>> F.hardtanh(pyt.tensor([-2.0, 0.5]))
        tensor([-1.0000,  0.5000])
    """
    return _inplace_or(
        input, inplace, "hardtanh", _C._nn.hardtanh, _C._nn.hardtanh_, float(min_val), float(max_val)
    )


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    """In-place :func:`hardtanh`. Source: ``torch.nn.functional.hardtanh_``.

    Example::

        >>> F.hardtanh_(pyt.tensor([2.0]))
        tensor([1.])
    """
    return hardtanh(input, min_val, max_val, inplace=True)


hardsigmoid = _inplace_activation(
    "hardsigmoid",
    "``relu6(x + 3) / 6``.",
    "HardsigmoidBackward0",
    "pyt.tensor([0.0, 3.0])",
    "tensor([0.5000, 1.0000])",
)


hardswish = _inplace_activation(
    "hardswish",
    "``x * relu6(x + 3) / 6``.",
    "HardswishBackward0",
    "pyt.tensor([1.0])",
    "tensor([0.6667])",
    source=" (Howard et al., 2019)",
)


def softplus(input, beta=1.0, threshold=20.0):
    """``log(1 + exp(beta x)) / beta``, or ``x`` where ``beta x > threshold``.

    Args:
        input (Tensor): any shape, floating dtype.
        beta (float): Default 1. threshold (float): Default 20.

    Returns:
        Tensor: same shape; ``grad_fn`` ``SoftplusBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor. NotImplementedError: integer input.

    Source: ``torch.nn.functional.softplus``.

    Example::

        >>> F.softplus(pyt.tensor([0.0]))
        tensor([0.6931])
    """
    _check_tensor(input, "softplus")
    return _C._nn.softplus(input, float(beta), float(threshold))


def softsign(input):
    """``x / (1 + |x|)``, composed as torch does (``grad_fn`` ``DivBackward0``).

    Args:
        input (Tensor): any shape.

    Returns:
        Tensor: same shape.

    Raises:
        TypeError: ``input`` is not a Tensor.

    Source: ``torch.nn.functional.softsign``.

    Example::

        >>> F.softsign(pyt.tensor([1.0]))
        tensor([0.5000])
    """
    _check_tensor(input, "softsign")
    return input / (input.abs() + 1)


def tanhshrink(input):
    """``x - tanh(x)``, composed as torch does (``grad_fn`` ``SubBackward0``).

    Args:
        input (Tensor): any shape.

    Returns:
        Tensor: same shape.

    Raises:
        TypeError: ``input`` is not a Tensor.

    Source: ``torch.nn.functional.tanhshrink``.

    Example::

        >>> F.tanhshrink(pyt.tensor([0.0]))
        tensor([0.])
    """
    _check_tensor(input, "tanhshrink")
    return input - input.tanh()


def threshold(input, threshold, value, inplace=False):
    """``x`` where ``x > threshold``, else ``value``.

    Args:
        input (Tensor): any shape, floating dtype.
        threshold (float): the threshold. value (float): the replacement.
        inplace (bool): overwrite ``input``. Default ``False``.

    Returns:
        Tensor: same shape; ``grad_fn`` ``ThresholdBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor. NotImplementedError: integer input.

    Source: ``torch.nn.functional.threshold``.

    Example::

        >>> F.threshold(pyt.tensor([0.5, 2.0]), 1.0, -1.0)
        tensor([-1.,  2.])
    """
    return _inplace_or(
        input, inplace, "threshold", _C._nn.threshold, _C._nn.threshold_, float(threshold), float(value)
    )


def threshold_(input, threshold, value):
    """In-place :func:`threshold`. Source: ``torch.nn.functional.threshold_``.

    Example::

        >>> F.threshold_(pyt.tensor([0.5]), 1.0, 0.0)
        tensor([0.])
    """
    return globals()["threshold"](input, threshold, value, inplace=True)


def logsigmoid(input):
    """``log(sigmoid(x)) = -softplus(-x)``, computed stably.

    Args:
        input (Tensor): any shape, floating dtype.

    Returns:
        Tensor: same shape; ``grad_fn`` ``LogSigmoidBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor. NotImplementedError: integer input.

    Source: ``torch.nn.functional.logsigmoid``.

    Example::

        >>> F.logsigmoid(pyt.tensor([0.0]))
        tensor([-0.6931])
    """
    _check_tensor(input, "logsigmoid")
    return _C._nn.log_sigmoid(input)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """``softmax(-x)`` along ``dim`` (torch composes it the same way: ``SoftmaxBackward0``).

    Args:
        input (Tensor): any shape, floating dtype.
        dim (int): the dim to normalise over (implicit choice with a warning when None).
        dtype (pyt.dtype, optional): cast ``input`` to this dtype first.

    Returns:
        Tensor: same shape; sums to 1 along ``dim``.

    Raises:
        TypeError: ``input`` is not a Tensor. IndexError: ``dim`` out of range.

    Source: ``torch.nn.functional.softmin``.

    Example::

        >>> F.softmin(pyt.tensor([0.0, 0.0]), dim=0)
        tensor([0.5000, 0.5000])
    """
    from pyt.nn import functional as F

    _check_tensor(input, "softmin")
    if dim is None:
        dim = F._get_softmax_dim("softmin", input.dim(), _stacklevel)
    if dtype is None:
        return (-input).softmax(dim)
    return (-input.to(dtype)).softmax(dim)


def glu(input, dim=-1):
    """Gated linear unit: ``a * sigmoid(b)`` where ``a, b`` are the halves of ``input`` along ``dim``.

    Args:
        input (Tensor): ``(*, 2k, *)`` with an even size along ``dim``.
        dim (int): the dim to halve. Default -1.

    Returns:
        Tensor: ``(*, k, *)``; ``grad_fn`` ``GluBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor.
        RuntimeError: 0-d input, or an odd size along ``dim`` (the message names it).

    Source: ``torch.nn.functional.glu`` (Dauphin et al., 2016).

    Example::

        >>> F.glu(pyt.tensor([1.0, 0.0]))
        tensor([0.5000])
    """
    _check_tensor(input, "glu")
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    return _C._nn.glu(input, int(dim))


def hardshrink(input, lambd=0.5):
    """``x`` where ``|x| > lambd``, else 0.

    Args:
        input (Tensor): any shape, floating dtype.
        lambd (float): Default 0.5.

    Returns:
        Tensor: same shape; ``grad_fn`` ``HardshrinkBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor.

    Source: ``torch.nn.functional.hardshrink``.

    Example::

        >>> F.hardshrink(pyt.tensor([0.3, 1.0]))
        tensor([0., 1.])
    """
    _check_tensor(input, "hardshrink")
    return _C._nn.hardshrink(input, float(lambd))


def softshrink(input, lambd=0.5):
    """``x - lambd`` for ``x > lambd``, ``x + lambd`` for ``x < -lambd``, else 0.

    Args:
        input (Tensor): any shape, floating dtype.
        lambd (float): must be >= 0. Default 0.5.

    Returns:
        Tensor: same shape; ``grad_fn`` ``SoftshrinkBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor. RuntimeError: ``lambd < 0``.

    Source: ``torch.nn.functional.softshrink``.

    Example::

        >>> F.softshrink(pyt.tensor([0.3, 1.0]))
        tensor([0.0000, 0.5000])
    """
    _check_tensor(input, "softshrink")
    return _C._nn.softshrink(input, float(lambd))
