"""Padding layers (torch/nn/modules/padding.py): constant, zero, reflection, replication, circular."""

from pyt.nn import functional as F
from pyt.nn.modules.module import Module

__all__ = [
    "ConstantPad1d",
    "ConstantPad2d",
    "ConstantPad3d",
    "ZeroPad1d",
    "ZeroPad2d",
    "ZeroPad3d",
    "ReflectionPad1d",
    "ReflectionPad2d",
    "ReflectionPad3d",
    "ReplicationPad1d",
    "ReplicationPad2d",
    "ReplicationPad3d",
    "CircularPad1d",
    "CircularPad2d",
    "CircularPad3d",
]


def _ntuple(n):
    def parse(x):
        if isinstance(x, (list, tuple)):
            return tuple(x)
        return (x,) * n

    return parse


_pair, _quadruple, _sextuple = _ntuple(2), _ntuple(4), _ntuple(6)
_BY_DIMS = {1: _pair, 2: _quadruple, 3: _sextuple}


class _PadNd(Module):
    """Pads the last 1, 2 or 3 dims of its input with F.pad in one mode.

    Args:
        padding (int or tuple): the same padding on every side, or ``(left, right)``,
            ``(left, right, top, bottom)``, ``(left, right, top, bottom, front, back)``.

    Returns:
        _PadNd: the layer.

    Raises:
        RuntimeError / NotImplementedError: at forward, as :func:`pyt.nn.functional.pad`.

    Source: ``torch.nn.modules.padding``.

    Example::

        >>> pyt.nn.ReflectionPad2d(1)(pyt.randn(1, 1, 3, 3)).shape
        pyt.Size([1, 1, 5, 5])
    """

    __constants__ = ["padding"]
    _mode = "constant"
    _dims = 2

    def __init__(self, padding):
        super().__init__()
        self.padding = _BY_DIMS[self._dims](padding)

    def forward(self, input):
        """Pad ``input``.

        Args:
            input (Tensor): ``(N, C, *spatial)`` or ``(C, *spatial)``.

        Returns:
            Tensor: padded.

        Raises:
            RuntimeError: padding too large for the mode (from the kernel).

        Source: ``torch.nn.ReflectionPad2d.forward``.

        Example::

            >>> pyt.nn.ReplicationPad1d(2)(pyt.ones(1, 1, 3)).shape
            pyt.Size([1, 1, 7])
        """
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self):
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    __constants__ = ["padding", "value"]

    def __init__(self, padding, value):
        super().__init__(padding)
        self.value = value

    def forward(self, input):
        """Pad ``input`` with ``value``.

        Args:
            input (Tensor): any tensor with at least the padded dims.

        Returns:
            Tensor: padded.

        Raises:
            RuntimeError: a negative output size (from the kernel).

        Source: ``torch.nn.ConstantPad2d.forward``.

        Example::

            >>> pyt.nn.ConstantPad1d(1, 3.5)(pyt.zeros(1, 2))
            tensor([[3.5000, 0.0000, 0.0000, 3.5000]])
        """
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


def _doc(cls, what, nd, example_in, example_out):
    cls.__doc__ = f"""{what} of the last {nd} dim(s).

    Args:
        padding (int or tuple): every side, or a {2 * nd}-tuple (left, right{", top, bottom" if nd > 1 else ""}{", front, back" if nd > 2 else ""}).

    Returns:
        {cls.__name__}: forward pads ``(N, C, *)`` or ``(C, *)``.

    Raises:
        RuntimeError: at forward, padding too large for the mode.

    Source: ``torch.nn.{cls.__name__}``.

    Example::

        >>> pyt.nn.{cls.__name__}(1{", 0.5" if "Constant" in cls.__name__ else ""})(pyt.randn({example_in})).shape
        pyt.Size([{example_out}])
    """


class ConstantPad1d(_ConstantPadNd):
    _dims = 1


class ConstantPad2d(_ConstantPadNd):
    _dims = 2


class ConstantPad3d(_ConstantPadNd):
    _dims = 3


class ZeroPad1d(ConstantPad1d):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ZeroPad2d(ConstantPad2d):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ZeroPad3d(ConstantPad3d):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ReflectionPad1d(_PadNd):
    _mode, _dims = "reflect", 1


class ReflectionPad2d(_PadNd):
    _mode, _dims = "reflect", 2


class ReflectionPad3d(_PadNd):
    _mode, _dims = "reflect", 3


class ReplicationPad1d(_PadNd):
    _mode, _dims = "replicate", 1


class ReplicationPad2d(_PadNd):
    _mode, _dims = "replicate", 2


class ReplicationPad3d(_PadNd):
    _mode, _dims = "replicate", 3


class CircularPad1d(_PadNd):
    _mode, _dims = "circular", 1


class CircularPad2d(_PadNd):
    _mode, _dims = "circular", 2


class CircularPad3d(_PadNd):
    _mode, _dims = "circular", 3


_EX = {
    1: ("1, 2, 4", "1, 2, 6"),
    2: ("1, 2, 4, 4", "1, 2, 6, 6"),
    3: ("1, 2, 3, 3, 3", "1, 2, 5, 5, 5"),
}
for _cls, _what in [
    (ConstantPad1d, "Constant padding"),
    (ConstantPad2d, "Constant padding"),
    (ConstantPad3d, "Constant padding"),
    (ZeroPad1d, "Zero padding"),
    (ZeroPad2d, "Zero padding"),
    (ZeroPad3d, "Zero padding"),
    (ReflectionPad1d, "Reflection padding"),
    (ReflectionPad2d, "Reflection padding"),
    (ReflectionPad3d, "Reflection padding"),
    (ReplicationPad1d, "Replication padding"),
    (ReplicationPad2d, "Replication padding"),
    (ReplicationPad3d, "Replication padding"),
    (CircularPad1d, "Circular padding"),
    (CircularPad2d, "Circular padding"),
    (CircularPad3d, "Circular padding"),
]:
    _doc(_cls, _what, _cls._dims, *_EX[_cls._dims])
