"""Pooling layers (torch/nn/modules/pooling.py): max, average and adaptive pools."""

from pyt.nn import functional as F
from pyt.nn.modules.module import Module

__all__ = [
    "MaxPool1d",
    "MaxPool2d",
    "AvgPool1d",
    "AvgPool2d",
    "AdaptiveAvgPool1d",
    "AdaptiveAvgPool2d",
    "AdaptiveMaxPool1d",
    "AdaptiveMaxPool2d",
]


def _single(x):
    return tuple(x) if isinstance(x, (list, tuple)) else (x,)


class _MaxPoolNd(Module):
    """Shared state, repr and forward of the max pooling layers
    (torch.nn.modules.pooling._MaxPoolNd); each layer sets ``_functional``, its
    ``F.max_pool*d``."""

    __constants__ = [
        "kernel_size",
        "stride",
        "padding",
        "dilation",
        "return_indices",
        "ceil_mode",
    ]

    def __init__(
        self,
        kernel_size,
        stride=None,
        padding=0,
        dilation=1,
        return_indices=False,
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
        """Apply the max pooling over the layer's spatial dims (``L``, or ``H, W``).

        Args:
            input (Tensor): ``(N, C, *spatial)`` or ``(C, *spatial)``.

        Returns:
            Tensor ``(N, C, *spatial_out)``, or ``(values, indices)`` when
            ``return_indices``.

        Raises:
            RuntimeError: invalid sizes (from the kernel).

        Source: ``torch.nn.MaxPool1d.forward``, ``torch.nn.MaxPool2d.forward``.

        Example::

            >>> pyt.nn.MaxPool2d(2)(pyt.randn(1, 1, 4, 4)).shape
            pyt.Size([1, 1, 2, 2])
        """
        return self._functional(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.dilation,
            ceil_mode=self.ceil_mode,
            return_indices=self.return_indices,
        )


class MaxPool1d(_MaxPoolNd):
    """1-D max pooling over an input signal.

    Args:
        kernel_size (int): window size.
        stride (int, optional): default ``kernel_size``.
        padding (int): implicit ``-inf`` padding, at most half the kernel. Default 0.
        dilation (int): spacing of window elements. Default 1.
        return_indices (bool): also return the argmax indices. Default ``False``.
        ceil_mode (bool): ceil instead of floor for the output size. Default ``False``.

    Returns:
        MaxPool1d: forward maps ``(N, C, L)`` to ``(N, C, L_out)``.

    Raises:
        RuntimeError: at forward, padding too large or output too small.

    Source: ``torch.nn.MaxPool1d``.

    Example::

        >>> pyt.nn.MaxPool1d(3, stride=2)(pyt.randn(20, 16, 50)).shape
        pyt.Size([20, 16, 24])
    """

    _functional = staticmethod(F.max_pool1d)


class MaxPool2d(_MaxPoolNd):
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

    _functional = staticmethod(F.max_pool2d)


class _AvgPoolNd(Module):
    """Shared constants and repr of the average pooling layers
    (torch.nn.modules.pooling._AvgPoolNd)."""

    __constants__ = ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"]

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool1d(_AvgPoolNd):
    """1-D average pooling over an input signal.

    Args:
        kernel_size (int): window size.
        stride (int, optional): default ``kernel_size``.
        padding (int): implicit zero padding, at most half the kernel. Default 0.
        ceil_mode (bool): ceil instead of floor for the output size. Default ``False``.
        count_include_pad (bool): count padded zeros in the divisor. Default ``True``.

    Returns:
        AvgPool1d: forward maps ``(N, C, L)`` to ``(N, C, L_out)``.

    Raises:
        RuntimeError: at forward, padding too large or output too small.

    Source: ``torch.nn.AvgPool1d``.

    Example::

        >>> pyt.nn.AvgPool1d(3, stride=2)(pyt.randn(20, 16, 50)).shape
        pyt.Size([20, 16, 24])
    """

    def __init__(
        self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True
    ):
        super().__init__()
        self.kernel_size = _single(kernel_size)
        self.stride = _single(stride if stride is not None else kernel_size)
        self.padding = _single(padding)
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad

    def forward(self, input):
        """Apply the pooling.

        Args:
            input (Tensor): ``(N, C, L)`` or ``(C, L)``.

        Returns:
            Tensor: ``(N, C, L_out)``.

        Raises:
            RuntimeError: invalid sizes (from the kernel).

        Source: ``torch.nn.AvgPool1d.forward``.

        Example::

            >>> pyt.nn.AvgPool1d(2)(pyt.ones(1, 1, 4))
            tensor([[[1., 1.]]])
        """
        return F.avg_pool1d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
        )


class AvgPool2d(_AvgPoolNd):
    """2-D average pooling over an input of planes.

    Args:
        kernel_size (int or tuple[int, int]): window size.
        stride (int or tuple[int, int], optional): default ``kernel_size``.
        padding (int or tuple[int, int]): implicit zero padding, at most half the kernel.
        ceil_mode (bool): ceil instead of floor for the output size. Default ``False``.
        count_include_pad (bool): count padded zeros in the divisor. Default ``True``.
        divisor_override (int, optional): divide every window sum by this instead.

    Returns:
        AvgPool2d: forward maps ``(N, C, H, W)`` to ``(N, C, H_out, W_out)``.

    Raises:
        RuntimeError: at forward, padding too large, output too small, zero divisor.

    Source: ``torch.nn.AvgPool2d``.

    Example::

        >>> pyt.nn.AvgPool2d(3, stride=2)(pyt.randn(20, 16, 50, 32)).shape
        pyt.Size([20, 16, 24, 15])
    """

    __constants__ = [*_AvgPoolNd.__constants__, "divisor_override"]

    def __init__(
        self,
        kernel_size,
        stride=None,
        padding=0,
        ceil_mode=False,
        count_include_pad=True,
        divisor_override=None,
    ):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if (stride is not None) else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input):
        """Apply the pooling.

        Args:
            input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.

        Returns:
            Tensor: ``(N, C, H_out, W_out)``.

        Raises:
            RuntimeError: invalid sizes (from the kernel).

        Source: ``torch.nn.AvgPool2d.forward``.

        Example::

            >>> pyt.nn.AvgPool2d(2)(pyt.ones(1, 1, 4, 4)).shape
            pyt.Size([1, 1, 2, 2])
        """
        return F.avg_pool2d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
            self.divisor_override,
        )


class _AdaptiveAvgPoolNd(Module):
    """Shared state, repr and forward of the adaptive average pooling layers
    (torch.nn.modules.pooling._AdaptiveAvgPoolNd); each layer sets ``_functional``, its
    ``F.adaptive_avg_pool*d``."""

    __constants__ = ["output_size"]

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def extra_repr(self):
        return f"output_size={self.output_size}"

    def forward(self, input):
        """Apply the pooling over the layer's spatial dims (``L``, or ``H, W``).

        Args:
            input (Tensor): ``(N, C, *spatial)`` or ``(C, *spatial)``.

        Returns:
            Tensor: ``(N, C, *output_size)``.

        Raises:
            RuntimeError: wrong dims (from the kernel).

        Source: ``torch.nn.AdaptiveAvgPool1d.forward``, ``torch.nn.AdaptiveAvgPool2d.forward``.

        Example::

            >>> pyt.nn.AdaptiveAvgPool2d(1)(pyt.ones(1, 1, 4, 4)).shape
            pyt.Size([1, 1, 1, 1])
        """
        return self._functional(input, self.output_size)


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    """1-D adaptive average pooling to a fixed output length.

    Args:
        output_size (int): ``L_out``.

    Returns:
        AdaptiveAvgPool1d: forward maps ``(N, C, L)`` to ``(N, C, L_out)``.

    Raises:
        RuntimeError: at forward, wrong dims.

    Source: ``torch.nn.AdaptiveAvgPool1d``.

    Example::

        >>> pyt.nn.AdaptiveAvgPool1d(5)(pyt.randn(1, 64, 8)).shape
        pyt.Size([1, 64, 5])
    """

    _functional = staticmethod(F.adaptive_avg_pool1d)


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    """2-D adaptive average pooling to a fixed output size.

    Args:
        output_size (int or tuple): ``(H_out, W_out)``; ``None`` keeps the input's size.

    Returns:
        AdaptiveAvgPool2d: forward maps ``(N, C, H, W)`` to ``(N, C, H_out, W_out)``.

    Raises:
        RuntimeError: at forward, wrong dims.

    Source: ``torch.nn.AdaptiveAvgPool2d``.

    Example::

        >>> pyt.nn.AdaptiveAvgPool2d((5, 7))(pyt.randn(1, 64, 8, 9)).shape
        pyt.Size([1, 64, 5, 7])
    """

    _functional = staticmethod(F.adaptive_avg_pool2d)


class _AdaptiveMaxPoolNd(Module):
    """Shared state, repr and forward of the adaptive max pooling layers
    (torch.nn.modules.pooling._AdaptiveMaxPoolNd); each layer sets ``_functional``, its
    ``F.adaptive_max_pool*d``."""

    __constants__ = ["output_size", "return_indices"]

    def __init__(self, output_size, return_indices=False):
        super().__init__()
        self.output_size = output_size
        self.return_indices = return_indices

    def extra_repr(self):
        return f"output_size={self.output_size}"

    def forward(self, input):
        """Apply the pooling over the layer's spatial dims (``L``, or ``H, W``).

        Args:
            input (Tensor): ``(N, C, *spatial)`` or ``(C, *spatial)``.

        Returns:
            Tensor ``(N, C, *output_size)``, or ``(values, indices)`` when
            ``return_indices``.

        Raises:
            RuntimeError: wrong dims (from the kernel).

        Source: ``torch.nn.AdaptiveMaxPool1d.forward``, ``torch.nn.AdaptiveMaxPool2d.forward``.

        Example::

            >>> pyt.nn.AdaptiveMaxPool2d(1)(pyt.ones(1, 1, 4, 4)).shape
            pyt.Size([1, 1, 1, 1])
        """
        return self._functional(input, self.output_size, self.return_indices)


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    """1-D adaptive max pooling to a fixed output length.

    Args:
        output_size (int): ``L_out``.
        return_indices (bool): also return the argmax indices. Default ``False``.

    Returns:
        AdaptiveMaxPool1d: forward maps ``(N, C, L)`` to ``(N, C, L_out)``.

    Raises:
        RuntimeError: at forward, wrong dims.

    Source: ``torch.nn.AdaptiveMaxPool1d``.

    Example::

        >>> pyt.nn.AdaptiveMaxPool1d(5)(pyt.randn(1, 64, 8)).shape
        pyt.Size([1, 64, 5])
    """

    _functional = staticmethod(F.adaptive_max_pool1d)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    """2-D adaptive max pooling to a fixed output size.

    Args:
        output_size (int or tuple): ``(H_out, W_out)``; ``None`` keeps the input's size.
        return_indices (bool): also return the argmax indices. Default ``False``.

    Returns:
        AdaptiveMaxPool2d: forward maps ``(N, C, H, W)`` to ``(N, C, H_out, W_out)``.

    Raises:
        RuntimeError: at forward, wrong dims.

    Source: ``torch.nn.AdaptiveMaxPool2d``.

    Example::

        >>> pyt.nn.AdaptiveMaxPool2d((5, 7))(pyt.randn(1, 64, 8, 9)).shape
        pyt.Size([1, 64, 5, 7])
    """

    _functional = staticmethod(F.adaptive_max_pool2d)
