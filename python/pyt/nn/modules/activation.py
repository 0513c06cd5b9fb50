"""Activations: ``ReLU``, ``Sigmoid``, ``Tanh``, ``Softmax``, ``LogSoftmax``."""

from pyt.nn import functional as F
from pyt.nn.modules.module import Module

__all__ = ["ReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax"]


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

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

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

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


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

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

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

    def extra_repr(self):
        return f"dim={self.dim}"


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

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

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

    def extra_repr(self):
        return f"dim={self.dim}"
