"""Activations: ``ReLU``, ``Sigmoid``, ``Tanh``, ``Softmax``, ``LogSoftmax``, ``GELU``, ``SiLU``, ...

(torch/nn/modules/activation.py).
"""

import warnings

import pyt
from pyt.nn import functional as F
from pyt.nn.modules.module import Module
from pyt.nn.parameter import Parameter

__all__ = ["ReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "GELU", "SiLU", "Mish", "ELU", "SELU", "CELU", "LeakyReLU", "Hardsigmoid", "Hardswish", "Softplus", "Softsign", "Tanhshrink", "Threshold", "LogSigmoid", "Softmin", "GLU", "Hardshrink", "Softshrink", "Hardtanh", "ReLU6", "PReLU"]


# Shared pieces of the activations that torch writes out class by class: constructors and
# extra_repr of the same shape, and the forward docstring of the elementwise activations.


def _inplace_init(self, inplace=False):
    """``__init__`` of the activations whose only option is ``inplace``."""
    Module.__init__(self)
    self.inplace = inplace


def _inplace_repr(self):
    return "inplace=True" if self.inplace else ""


def _dim_init(self, dim=None):
    """``__init__`` of the activations normalised along ``dim``."""
    Module.__init__(self)
    self.dim = dim


def _dim_repr(self):
    return f"dim={self.dim}"


def _alpha_init(self, alpha=1.0, inplace=False):
    """``__init__`` of ELU and CELU."""
    Module.__init__(self)
    self.alpha = alpha
    self.inplace = inplace


def _alpha_repr(self):
    return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


def _lambd_init(self, lambd=0.5):
    """``__init__`` of Hardshrink and Softshrink."""
    Module.__init__(self)
    self.lambd = lambd


_FORWARD_DOC = """Apply the activation (see the class docstring).

        Args:
            input (Tensor): any shape.

        Returns:
            Tensor: the activation of ``input``.

        Raises:
            TypeError: not a Tensor.

        Source: ``torch.nn.{name}.forward``.

        Example::

{example}
        """


# The sections every elementwise activation's class docstring shares; _elementwise adds them.
_ELEMENTWISE_DOC = """

    Returns:
        {name}: forward maps ``(*)`` to ``(*)`` (GLU halves ``dim``).

    Raises:
        TypeError: in forward, the input is not a Tensor.

    Source: ``torch.nn.{name}``."""


def _elementwise(functional):
    """Class decorator of the elementwise activations, whose forward torch writes out class by
    class as ``F.<functional>(input, *options)``: gives ``cls`` that forward, the options being
    its attributes named in ``cls.__constants__``, in that order (the functional's positional
    order); completes the class docstring with the Returns, Raises and Source sections they
    share, and gives forward the docstring of :func:`_forward_doc`."""

    def decorate(cls):
        options = tuple(cls.__dict__.get("__constants__", ()))

        def forward(self, input):
            return getattr(F, functional)(input, *[getattr(self, name) for name in options])

        forward.__qualname__ = f"{cls.__qualname__}.forward"
        forward.__module__ = cls.__module__
        cls.forward = forward
        if cls.__doc__ is not None and "\n    Returns:" not in cls.__doc__:
            head, example = cls.__doc__.split("\n\n    Example::", 1)
            cls.__doc__ = head + _ELEMENTWISE_DOC.format(name=cls.__name__) + "\n\n    Example::" + example
        return _forward_doc(cls)

    return decorate


def _forward_doc(cls):
    """Class decorator: give ``cls.forward`` the elementwise activations' docstring, with the
    example of the class docstring."""
    if cls.__doc__ is None:  # python -OO
        return cls
    example = cls.__doc__.split("Example::\n\n", 1)[1].rstrip()
    example = "\n".join("    " + line for line in example.splitlines())
    cls.forward.__doc__ = _FORWARD_DOC.format(name=cls.__name__, example=example)
    return cls


class ReLU(Module):
    """Rectified linear unit ``max(0, x)``, elementwise.

    Args:
        inplace (bool): overwrite the input. Default ``False``.

    Returns:
        ReLU: forward maps ``(*)`` to ``(*)``.

    Raises:
        Nothing.

    Source: ``torch.nn.ReLU``.

    Example::

        >>> pyt.nn.ReLU()(pyt.tensor([-1., 1.]))
        tensor([0., 1.])
    """

    __constants__ = ["inplace"]
    __init__ = _inplace_init
    extra_repr = _inplace_repr

    def forward(self, input):
        """Apply ReLU.

        Args:
            input (Tensor): any shape.

        Returns:
            Tensor: same shape.

        Raises:
            TypeError: not a Tensor.

        Source: ``torch.nn.ReLU.forward``.

        Example::

            >>> pyt.nn.ReLU()(pyt.tensor([-2.]))
            tensor([0.])
        """
        return F.relu(input, inplace=self.inplace)


class Sigmoid(Module):
    """Logistic sigmoid ``1 / (1 + exp(-x))``, elementwise.

    Args:
        None.

    Returns:
        Sigmoid: forward maps ``(*)`` to ``(*)``.

    Raises:
        Nothing.

    Source: ``torch.nn.Sigmoid``.

    Example::

        >>> pyt.nn.Sigmoid()(pyt.tensor([0.]))
        tensor([0.5000])
    """

    def forward(self, input):
        """Apply the sigmoid.

        Args:
            input (Tensor): any shape.

        Returns:
            Tensor: same shape.

        Raises:
            TypeError: not a Tensor.

        Source: ``torch.nn.Sigmoid.forward``.

        Example::

            >>> pyt.nn.Sigmoid()(pyt.zeros(1))
            tensor([0.5000])
        """
        return F.sigmoid(input)


class Tanh(Module):
    """Hyperbolic tangent, elementwise.

    Args:
        None.

    Returns:
        Tanh: forward maps ``(*)`` to ``(*)``.

    Raises:
        Nothing.

    Source: ``torch.nn.Tanh``.

    Example::

        >>> pyt.nn.Tanh()(pyt.zeros(1))
        tensor([0.])
    """

    def forward(self, input):
        """Apply tanh.

        Args:
            input (Tensor): any shape.

        Returns:
            Tensor: same shape.

        Raises:
            TypeError: not a Tensor.

        Source: ``torch.nn.Tanh.forward``.

        Example::

            >>> pyt.nn.Tanh()(pyt.zeros(1))
            tensor([0.])
        """
        return F.tanh(input)


class Softmax(Module):
    """Softmax along ``dim``: outputs in ``[0, 1]`` that sum to 1 along ``dim``.

    Args:
        dim (int, optional): the normalised dim (``None``: torch's deprecated implicit
            choice, with a warning).

    Returns:
        Softmax: forward maps ``(*)`` to ``(*)``.

    Raises:
        IndexError: at forward, ``dim`` out of range.

    Source: ``torch.nn.Softmax``.

    Example::

        >>> pyt.nn.Softmax(dim=1)(pyt.zeros(1, 2))
        tensor([[0.5000, 0.5000]])
    """

    __constants__ = ["dim"]
    __init__ = _dim_init
    extra_repr = _dim_repr

    def forward(self, input):
        """Apply softmax.

        Args:
            input (Tensor): any shape.

        Returns:
            Tensor: same shape.

        Raises:
            IndexError: ``dim`` out of range.

        Source: ``torch.nn.Softmax.forward``.

        Example::

            >>> pyt.nn.Softmax(0)(pyt.zeros(2))
            tensor([0.5000, 0.5000])
        """
        return F.softmax(input, self.dim, _stacklevel=5)


class LogSoftmax(Module):
    """``log(softmax(x))`` along ``dim``, computed stably.

    Args:
        dim (int, optional): the normalised dim.

    Returns:
        LogSoftmax: forward maps ``(*)`` to ``(*)``.

    Raises:
        IndexError: at forward, ``dim`` out of range.

    Source: ``torch.nn.LogSoftmax``.

    Example::

        >>> pyt.nn.LogSoftmax(dim=0)(pyt.zeros(2))
        tensor([-0.6931, -0.6931])
    """

    __constants__ = ["dim"]
    __init__ = _dim_init
    extra_repr = _dim_repr

    def forward(self, input):
        """Apply log-softmax.

        Args:
            input (Tensor): any shape.

        Returns:
            Tensor: same shape.

        Raises:
            IndexError: ``dim`` out of range.

        Source: ``torch.nn.LogSoftmax.forward``.

        Example::

            >>> pyt.nn.LogSoftmax(0)(pyt.zeros(2))
            tensor([-0.6931, -0.6931])
        """
        return F.log_softmax(input, self.dim, _stacklevel=5)


@_elementwise("gelu")
class GELU(Module):
    """Gaussian Error Linear Unit ``x * Phi(x)``; ``approximate='tanh'`` uses the tanh form.

    Args:
        approximate (str): ``'none'`` or ``'tanh'``. Default ``'none'``.

    Example::

        >>> pyt.nn.GELU()(pyt.tensor([0.0, 1.0]))
        tensor([0.0000, 0.8413])
    """

    __constants__ = ["approximate"]

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


@_elementwise("silu")
class SiLU(Module):
    """Sigmoid Linear Unit ``x * sigmoid(x)``.

    Args:
        inplace (bool): overwrite the input. Default ``False``.

    Example::

        >>> pyt.nn.SiLU()(pyt.tensor([0.0]))
        tensor([0.])
    """

    __constants__ = ["inplace"]
    __init__ = _inplace_init
    extra_repr = _inplace_repr


@_elementwise("mish")
class Mish(Module):
    """Mish ``x * tanh(softplus(x))``.

    Args:
        inplace (bool): overwrite the input. Default ``False``.

    Example::

        >>> pyt.nn.Mish()(pyt.tensor([0.0]))
        tensor([0.])
    """

    __constants__ = ["inplace"]
    __init__ = _inplace_init
    extra_repr = _inplace_repr


@_elementwise("elu")
class ELU(Module):
    """Exponential Linear Unit: ``x`` for ``x > 0``, else ``alpha * (exp(x) - 1)``.

    Args:
        alpha (float): Default 1.0. inplace (bool): Default ``False``.

    Example::

        >>> pyt.nn.ELU()(pyt.tensor([-1.0]))
        tensor([-0.6321])
    """

    __constants__ = ["alpha", "inplace"]
    __init__ = _alpha_init
    extra_repr = _alpha_repr


@_elementwise("selu")
class SELU(Module):
    """Scaled ELU with torch's fixed ``alpha`` and ``scale``.

    Args:
        inplace (bool): Default ``False``.

    Example::

        >>> pyt.nn.SELU()(pyt.tensor([1.0]))
        tensor([1.0507])
    """

    __constants__ = ["inplace"]
    __init__ = _inplace_init
    extra_repr = _inplace_repr


@_elementwise("celu")
class CELU(Module):
    """Continuously differentiable ELU ``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``.

    Args:
        alpha (float): Default 1.0. inplace (bool): Default ``False``.

    Example::

        >>> pyt.nn.CELU()(pyt.tensor([1.0]))
        tensor([1.])
    """

    __constants__ = ["alpha", "inplace"]
    __init__ = _alpha_init
    extra_repr = _alpha_repr


@_elementwise("leaky_relu")
class LeakyReLU(Module):
    """``x`` for ``x > 0``, else ``negative_slope * x``.

    Args:
        negative_slope (float): Default 0.01. inplace (bool): Default ``False``.

    Example::

        >>> pyt.nn.LeakyReLU()(pyt.tensor([-1.0]))
        tensor([-0.0100])
    """

    __constants__ = ["negative_slope", "inplace"]

    def __init__(self, negative_slope=0.01, inplace=False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def extra_repr(self):
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


@_elementwise("hardsigmoid")
class Hardsigmoid(Module):
    """``relu6(x + 3) / 6``.

    Args:
        inplace (bool): Default ``False``.

    Example::

        >>> pyt.nn.Hardsigmoid()(pyt.tensor([0.0]))
        tensor([0.5000])
    """

    __constants__ = ["inplace"]
    __init__ = _inplace_init


@_elementwise("hardswish")
class Hardswish(Module):
    """``x * relu6(x + 3) / 6``.

    Args:
        inplace (bool): Default ``False``.

    Example::

        >>> pyt.nn.Hardswish()(pyt.tensor([1.0]))
        tensor([0.6667])
    """

    __constants__ = ["inplace"]
    __init__ = _inplace_init


@_elementwise("softplus")
class Softplus(Module):
    """``log(1 + exp(beta x)) / beta``, linear above ``threshold``.

    Args:
        beta (float): Default 1. threshold (float): Default 20.

    Example::

        >>> pyt.nn.Softplus()(pyt.tensor([0.0]))
        tensor([0.6931])
    """

    __constants__ = ["beta", "threshold"]

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def extra_repr(self):
        return f"beta={self.beta}, threshold={self.threshold}"


@_elementwise("softsign")
class Softsign(Module):
    """``x / (1 + |x|)``.

    Args:
        None.

    Example::

        >>> pyt.nn.Softsign()(pyt.tensor([1.0]))
        tensor([0.5000])
    """

    def __init__(self):
        super().__init__()


@_elementwise("tanhshrink")
class Tanhshrink(Module):
    """``x - tanh(x)``.

    Args:
        None.

    Example::

        >>> pyt.nn.Tanhshrink()(pyt.tensor([0.0]))
        tensor([0.])
    """

    def __init__(self):
        super().__init__()


@_elementwise("threshold")
class Threshold(Module):
    """``x`` where ``x > threshold``, else ``value``.

    Args:
        threshold (float), value (float), inplace (bool): Default ``False``.

    Example::

        >>> pyt.nn.Threshold(1.0, 0.0)(pyt.tensor([0.5]))
        tensor([0.])
    """

    __constants__ = ["threshold", "value", "inplace"]

    def __init__(self, threshold, value, inplace=False):
        super().__init__()
        self.threshold = threshold
        self.value = value
        self.inplace = inplace

    def extra_repr(self):
        return f"threshold={self.threshold}, value={self.value}" + (", inplace=True" if self.inplace else "")


@_elementwise("logsigmoid")
class LogSigmoid(Module):
    """``log(sigmoid(x))``.

    Args:
        None.

    Example::

        >>> pyt.nn.LogSigmoid()(pyt.tensor([0.0]))
        tensor([-0.6931])
    """

    def __init__(self):
        super().__init__()


@_forward_doc
class Softmin(Module):
    """``softmax(-x)`` along ``dim``.

    Args:
        dim (int): the dim to normalise over.

    Returns:
        Softmin: forward maps ``(*)`` to ``(*)`` (GLU halves ``dim``).

    Raises:
        TypeError: in forward, the input is not a Tensor.

    Source: ``torch.nn.Softmin``.

    Example::

        >>> pyt.nn.Softmin(dim=0)(pyt.tensor([0.0, 0.0]))
        tensor([0.5000, 0.5000])
    """

    __constants__ = ["dim"]
    __init__ = _dim_init
    extra_repr = _dim_repr

    def forward(self, input):
        return F.softmin(input, self.dim, _stacklevel=5)


@_elementwise("glu")
class GLU(Module):
    """Gated linear unit ``a * sigmoid(b)`` over the halves of the input along ``dim``.

    Args:
        dim (int): Default -1.

    Example::

        >>> pyt.nn.GLU()(pyt.tensor([1.0, 0.0]))
        tensor([0.5000])
    """

    __constants__ = ["dim"]

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    extra_repr = _dim_repr


@_elementwise("hardshrink")
class Hardshrink(Module):
    """``x`` where ``|x| > lambd``, else 0.

    Args:
        lambd (float): Default 0.5.

    Example::

        >>> pyt.nn.Hardshrink()(pyt.tensor([1.0]))
        tensor([1.])
    """

    __constants__ = ["lambd"]
    __init__ = _lambd_init

    def extra_repr(self):
        return f"{self.lambd}"


@_elementwise("softshrink")
class Softshrink(Module):
    """Shrink toward 0 by ``lambd``; 0 inside ``[-lambd, lambd]``.

    Args:
        lambd (float): Default 0.5.

    Example::

        >>> pyt.nn.Softshrink()(pyt.tensor([1.0]))
        tensor([0.5000])
    """

    __constants__ = ["lambd"]
    __init__ = _lambd_init

    def extra_repr(self):
        return str(self.lambd)


class Hardtanh(Module):
    """``x`` clamped to ``[min_val, max_val]``.

    Args:
        min_val (float): Default -1. max_val (float): Default 1.
        inplace (bool): overwrite the input. Default ``False``.
        min_value, max_value: deprecated aliases of ``min_val`` / ``max_val``.

    Returns:
        Hardtanh: forward maps ``(*)`` to ``(*)``.

    Raises:
        ValueError: ``max_val < min_val``.

    Source: ``torch.nn.Hardtanh``.

    Example::

        >>> pyt.nn.Hardtanh()(pyt.tensor([2.0]))
        tensor([1.])
    """

    __constants__ = ["min_val", "max_val", "inplace"]

    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None):
        super().__init__()
        if min_value is not None:
            warnings.warn("keyword argument `min_value` is deprecated and rename to `min_val`", FutureWarning, stacklevel=2)
            min_val = min_value
        if max_value is not None:
            warnings.warn("keyword argument `max_value` is deprecated and rename to `max_val`", FutureWarning, stacklevel=2)
            max_val = max_value
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace
        if self.max_val < self.min_val:
            raise ValueError(f"max_val ({self.max_val}) must be greater than or equal to min_val ({self.min_val})")

    def forward(self, input):
        """Apply hardtanh.

        Args:
            input (Tensor): any shape.

        Returns:
            Tensor: same shape.

        Raises:
            TypeError: not a Tensor.

        Source: ``torch.nn.Hardtanh.forward``.

        Example::

            >>> pyt.nn.Hardtanh()(pyt.tensor([-2.0]))
            tensor([-1.])
        """
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self):
        inplace_str = ", inplace=True" if self.inplace else ""
        return f"min_val={self.min_val}, max_val={self.max_val}{inplace_str}"


class ReLU6(Hardtanh):
    """``min(max(0, x), 6)`` (a ``Hardtanh(0, 6)``).

    Args:
        inplace (bool): overwrite the input. Default ``False``.

    Returns:
        ReLU6: forward maps ``(*)`` to ``(*)``.

    Raises:
        Nothing.

    Source: ``torch.nn.ReLU6``.

    Example::

        >>> pyt.nn.ReLU6()(pyt.tensor([7.0]))
        tensor([6.])
    """

    def __init__(self, inplace=False):
        super().__init__(0.0, 6.0, inplace)

    extra_repr = _inplace_repr


class PReLU(Module):
    """``x`` for ``x > 0``, else ``a * x`` with ``a`` learned (one value, or one per channel).

    Args:
        num_parameters (int): 1, or the number of channels ``C`` (dim 1 of the input).
            Default 1.
        init (float): initial value of ``a``. Default 0.25.
        device, dtype: factory arguments of the weight.

    Returns:
        PReLU: forward maps ``(N, C, *)`` to the same shape; parameter ``weight``
        ``(num_parameters,)``.

    Raises:
        RuntimeError: in forward, ``num_parameters`` is neither 1 nor ``C``.

    Source: ``torch.nn.PReLU`` (He et al., 2015).

    Example::

        >>> pyt.nn.PReLU()(pyt.tensor([-4.0]))
        tensor([-1.], grad_fn=<PreluKernelBackward0>)
    """

    __constants__ = ["num_parameters"]

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        factory_kwargs = {"device": device, "dtype": dtype}
        self.num_parameters = num_parameters
        super().__init__()
        self.init = init
        self.weight = Parameter(pyt.empty(num_parameters, **factory_kwargs))
        self.reset_parameters()

    def reset_parameters(self):
        """Fill ``weight`` with ``init``.

        Source: ``torch.nn.PReLU.reset_parameters``.

        Example::

            >>> pyt.nn.PReLU(init=0.1).reset_parameters()
        """
        from pyt.nn import init as nn_init

        nn_init.constant_(self.weight, self.init)

    def forward(self, input):
        """Apply PReLU.

        Args:
            input (Tensor): ``(N, C, *)`` or any shape with one parameter.

        Returns:
            Tensor: same shape.

        Raises:
            RuntimeError: channel count mismatch.

        Source: ``torch.nn.PReLU.forward``.

        Example::

            >>> pyt.nn.PReLU()(pyt.tensor([1.0]))
            tensor([1.], grad_fn=<PreluKernelBackward0>)
        """
        return F.prelu(input, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"
