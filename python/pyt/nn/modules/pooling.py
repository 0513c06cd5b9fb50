"""``MaxPool2d`` (torch/nn/modules/pooling.py)."""

from pyt.nn import functional as F
from pyt.nn.modules.module import Module

__all__ = ["MaxPool2d"]


class MaxPool2d(Module):
    """2-D max pooling over an input of planes.

    Args:
        kernel_size (int or tuple[int, int]): window size.
        stride (int or tuple[int, int], optional): default ``kernel_size``.
        padding (int or tuple[int, int]): implicit ``-inf`` padding, at most half the
            kernel. Default 0.
        dilation (int or tuple[int, int]): spacing of window elements. Default 1.
        return_indices (bool): also return the argmax indices. Default ``False``.
        ceil_mode (bool): ceil instead of floor for the output size. Default ``False``.

    Returns:
        MaxPool2d: forward maps ``(N, C, H, W)`` to ``(N, C, H_out, W_out)``,
        ``H_out = floor((H + 2*padding - dilation*(k-1) - 1) / stride + 1)``.

    Raises:
        RuntimeError: at forward, padding too large or output too small.

    Source: ``torch.nn.MaxPool2d``.

    Example::

        >>> pyt.nn.MaxPool2d(3, stride=2)(pyt.randn(20, 16, 50, 32)).shape
        pyt.Size([20, 16, 24, 15])
    """

    __constants__ = [
        "kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode",
    ]

    def __init__(
        self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
        ceil_mode=False,
    ):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if (stride is not None) else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def extra_repr(self):
        return (
            "kernel_size={kernel_size}, stride={stride}, padding={padding}"
            ", dilation={dilation}, ceil_mode={ceil_mode}".format(**self.__dict__)
        )

    def forward(self, input):
        """Apply the pooling.

        Args:
            input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.

        Returns:
            Tensor, or ``(values, indices)`` when ``return_indices``.

        Raises:
            RuntimeError: invalid sizes (from the kernel).

        Source: ``torch.nn.MaxPool2d.forward``.

        Example::

            >>> pyt.nn.MaxPool2d(2)(pyt.randn(1, 1, 4, 4)).shape
            pyt.Size([1, 1, 2, 2])
        """
        return F.max_pool2d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.dilation,
            ceil_mode=self.ceil_mode,
            return_indices=self.return_indices,
        )
