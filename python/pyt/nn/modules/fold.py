"""Fold and Unfold (torch/nn/modules/fold.py)."""

from pyt.nn import functional as F
from pyt.nn.modules.module import Module

__all__ = ["Fold", "Unfold"]


class Fold(Module):
    """Sum sliding local blocks into a tensor (col2im), the adjoint of Unfold.

    Args:
        output_size (int or tuple): ``(H, W)`` of the output.
        kernel_size (int or tuple): block size.
        dilation (int or tuple): default 1.
        padding (int or tuple): default 0.
        stride (int or tuple): default 1.

    Returns:
        Fold: forward maps ``(N, C*kH*kW, L)`` to ``(N, C, H, W)``.

    Raises:
        RuntimeError: at forward, L not the number of blocks or channels not divisible.

    Source: ``torch.nn.Fold``.

    Example::

        >>> pyt.nn.Fold((4, 5), (2, 2))(pyt.randn(1, 12, 12)).shape
        pyt.Size([1, 3, 4, 5])
    """

    __constants__ = ["output_size", "kernel_size", "dilation", "padding", "stride"]

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.output_size = output_size
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, input):
        """Fold ``input``.

        Args:
            input (Tensor): ``(N, C*kH*kW, L)`` or ``(C*kH*kW, L)``.

        Returns:
            Tensor: ``(N, C, H, W)``.

        Raises:
            RuntimeError: shape mismatch (from the kernel).

        Source: ``torch.nn.Fold.forward``.

        Example::

            >>> pyt.nn.Fold(3, 2)(pyt.ones(4, 4)).shape
            pyt.Size([1, 3, 3])
        """
        return F.fold(
            input, self.output_size, self.kernel_size, self.dilation, self.padding, self.stride
        )

    def extra_repr(self):
        return (
            "output_size={output_size}, kernel_size={kernel_size}, "
            "dilation={dilation}, padding={padding}, stride={stride}".format(**self.__dict__)
        )


class Unfold(Module):
    """Extract sliding local blocks (im2col).

    Args:
        kernel_size (int or tuple): block size.
        dilation (int or tuple): default 1.
        padding (int or tuple): default 0.
        stride (int or tuple): default 1.

    Returns:
        Unfold: forward maps ``(N, C, H, W)`` to ``(N, C*kH*kW, L)``.

    Raises:
        RuntimeError: at forward, no block fits or wrong dims.

    Source: ``torch.nn.Unfold``.

    Example::

        >>> pyt.nn.Unfold(kernel_size=(2, 3))(pyt.randn(2, 5, 3, 4)).shape
        pyt.Size([2, 30, 4])
    """

    __constants__ = ["kernel_size", "dilation", "padding", "stride"]

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, input):
        """Unfold ``input``.

        Args:
            input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.

        Returns:
            Tensor: ``(N, C*kH*kW, L)``.

        Raises:
            RuntimeError: no block fits (from the kernel).

        Source: ``torch.nn.Unfold.forward``.

        Example::

            >>> pyt.nn.Unfold(2)(pyt.randn(1, 1, 3, 3)).shape
            pyt.Size([1, 4, 4])
        """
        return F.unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self):
        return (
            "kernel_size={kernel_size}, dilation={dilation}, padding={padding},"
            " stride={stride}".format(**self.__dict__)
        )
