"""Pooling layers (torch/nn/modules/pooling.py): max, average and adaptive pools.

Each family has one base class holding the state, repr and forward (torch's ``_MaxPoolNd``,
``_AvgPoolNd``, ...); a layer of the family only names its functional (``_functional``) and
gets its docstring from the family's template, filled in per dimension.
"""

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


# Per-dimension words of the docstring templates: the spatial dims, the type of a size
# argument, and the input / output shapes and sizes of the example.
_DIMS = {
    1: dict(sp="L", osp="L_out", size="int", word="an input signal"),
    2: dict(sp="H, W", osp="H_out, W_out", size="int or tuple[int, int]", word="an input of planes"),
}


def _doc(template, n, **example):
    """A layer's docstring: ``template`` filled with the words of dimension ``n``."""
    return template.format(n=n, **_DIMS[n], **example)


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
        """Apply the max pooling over the layer's spatial dims (``L``, ``H, W`` or ``D, H, W``).

        Args:
            input (Tensor): ``(N, C, *spatial)`` or ``(C, *spatial)``.

        Returns:
            Tensor ``(N, C, *spatial_out)``, or ``(values, indices)`` when
            ``return_indices``.

        Raises:
            RuntimeError: invalid sizes (from the kernel).

        Source: ``torch.nn.MaxPool1d.forward`` (and the 2-d, 3-d layers').

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


_MAX_DOC = """{n}-D max pooling over {word}.

    Args:
        kernel_size ({size}): window size.
        stride ({size}, optional): default ``kernel_size``.
        padding ({size}): implicit ``-inf`` padding, at most half the kernel. Default 0.
        dilation ({size}): spacing of window elements. Default 1.
        return_indices (bool): also return the argmax indices. Default ``False``.
        ceil_mode (bool): ceil instead of floor for the output size. Default ``False``.

    Returns:
        MaxPool{n}d: forward maps ``(N, C, {sp})`` to ``(N, C, {osp})``, each output size
        ``floor((in + 2*padding - dilation*(kernel_size-1) - 1) / stride + 1)``.

    Raises:
        RuntimeError: at forward, padding too large or output too small.

    Source: ``torch.nn.MaxPool{n}d``.

    Example::

        >>> pyt.nn.MaxPool{n}d(3, stride=2)(pyt.randn({ex})).shape
        pyt.Size([{exo}])
    """


class MaxPool1d(_MaxPoolNd):
    __doc__ = _doc(_MAX_DOC, 1, ex="20, 16, 50", exo="20, 16, 24")
    _functional = staticmethod(F.max_pool1d)


class MaxPool2d(_MaxPoolNd):
    __doc__ = _doc(_MAX_DOC, 2, ex="20, 16, 50, 32", exo="20, 16, 24, 15")
    _functional = staticmethod(F.max_pool2d)


class _AvgPoolNd(Module):
    """Shared constants, repr, state and forward of the average pooling layers
    (torch.nn.modules.pooling._AvgPoolNd); each layer sets ``_functional``, its
    ``F.avg_pool*d`` (AvgPool1d keeps torch's own state: sizes as 1-tuples and no
    ``divisor_override``)."""

    __constants__ = ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"]
    _has_divisor = True  # the functional takes divisor_override

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

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"

    def forward(self, input):
        """Apply the average pooling over the layer's spatial dims.

        Args:
            input (Tensor): ``(N, C, *spatial)`` or ``(C, *spatial)``.

        Returns:
            Tensor: ``(N, C, *spatial_out)``.

        Raises:
            RuntimeError: invalid sizes (from the kernel).

        Source: ``torch.nn.AvgPool2d.forward`` (and the 1-d, 3-d layers').

        Example::

            >>> pyt.nn.AvgPool2d(2)(pyt.ones(1, 1, 4, 4)).shape
            pyt.Size([1, 1, 2, 2])
        """
        extra = (self.divisor_override,) if self._has_divisor else ()
        return self._functional(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
            *extra,
        )


_AVG_DOC = """{n}-D average pooling over {word}.

    Args:
        kernel_size ({size}): window size.
        stride ({size}, optional): default ``kernel_size``.
        padding ({size}): implicit zero padding, at most half the kernel. Default 0.
        ceil_mode (bool): ceil instead of floor for the output size. Default ``False``.
        count_include_pad (bool): count padded zeros in the divisor. Default ``True``.{div}

    Returns:
        AvgPool{n}d: forward maps ``(N, C, {sp})`` to ``(N, C, {osp})``.

    Raises:
        RuntimeError: at forward, padding too large, output too small{divr}.

    Source: ``torch.nn.AvgPool{n}d``.

    Example::

        >>> pyt.nn.AvgPool{n}d(3, stride=2)(pyt.randn({ex})).shape
        pyt.Size([{exo}])
    """
_DIVISOR = dict(
    div="\n        divisor_override (int, optional): divide every window sum by this instead.",
    divr=", zero divisor",
)


class AvgPool1d(_AvgPoolNd):
    __doc__ = _doc(_AVG_DOC, 1, ex="20, 16, 50", exo="20, 16, 24", div="", divr="")
    _functional = staticmethod(F.avg_pool1d)
    _has_divisor = False

    def __init__(
        self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True
    ):
        Module.__init__(self)
        self.kernel_size = _single(kernel_size)
        self.stride = _single(stride if stride is not None else kernel_size)
        self.padding = _single(padding)
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad


class AvgPool2d(_AvgPoolNd):
    __doc__ = _doc(_AVG_DOC, 2, ex="20, 16, 50, 32", exo="20, 16, 24, 15", **_DIVISOR)
    __constants__ = [*_AvgPoolNd.__constants__, "divisor_override"]
    _functional = staticmethod(F.avg_pool2d)


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
        """Apply the pooling over the layer's spatial dims (``L``, ``H, W`` or ``D, H, W``).

        Args:
            input (Tensor): ``(N, C, *spatial)`` or ``(C, *spatial)``.

        Returns:
            Tensor: ``(N, C, *output_size)``.

        Raises:
            RuntimeError: wrong dims (from the kernel).

        Source: ``torch.nn.AdaptiveAvgPool1d.forward`` (and the 2-d, 3-d layers').

        Example::

            >>> pyt.nn.AdaptiveAvgPool2d(1)(pyt.ones(1, 1, 4, 4)).shape
            pyt.Size([1, 1, 1, 1])
        """
        return self._functional(input, self.output_size)


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
        """Apply the pooling over the layer's spatial dims (``L``, ``H, W`` or ``D, H, W``).

        Args:
            input (Tensor): ``(N, C, *spatial)`` or ``(C, *spatial)``.

        Returns:
            Tensor ``(N, C, *output_size)``, or ``(values, indices)`` when
            ``return_indices``.

        Raises:
            RuntimeError: wrong dims (from the kernel).

        Source: ``torch.nn.AdaptiveMaxPool1d.forward`` (and the 2-d, 3-d layers').

        Example::

            >>> pyt.nn.AdaptiveMaxPool2d(1)(pyt.ones(1, 1, 4, 4)).shape
            pyt.Size([1, 1, 1, 1])
        """
        return self._functional(input, self.output_size, self.return_indices)


_ADAPTIVE_DOC = """{n}-D adaptive {kind} pooling to a fixed output size.

    Window ``i`` of a dim of size ``in`` covers ``[floor(i*in/out), ceil((i+1)*in/out))``.

    Args:
        output_size ({size}): ``({osp})``; ``None`` in a tuple keeps that input size.{ri}

    Returns:
        Adaptive{Kind}Pool{n}d: forward maps ``(N, C, {sp})`` to ``(N, C, {osp})``.

    Raises:
        RuntimeError: at forward, wrong dims or a zero-size non-batch dim.

    Source: ``torch.nn.Adaptive{Kind}Pool{n}d``.

    Example::

        >>> pyt.nn.Adaptive{Kind}Pool{n}d({out})(pyt.randn({ex})).shape
        pyt.Size([{exo}])
    """
_AVG = dict(kind="average", Kind="Avg", ri="")
_MAX = dict(
    kind="max",
    Kind="Max",
    ri="\n        return_indices (bool): also return the argmax indices. Default ``False``.",
)
_EX1 = dict(out="5", ex="1, 64, 8", exo="1, 64, 5")
_EX2 = dict(out="(5, 7)", ex="1, 64, 8, 9", exo="1, 64, 5, 7")


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    __doc__ = _doc(_ADAPTIVE_DOC, 1, **_AVG, **_EX1)
    _functional = staticmethod(F.adaptive_avg_pool1d)


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    __doc__ = _doc(_ADAPTIVE_DOC, 2, **_AVG, **_EX2)
    _functional = staticmethod(F.adaptive_avg_pool2d)


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    __doc__ = _doc(_ADAPTIVE_DOC, 1, **_MAX, **_EX1)
    _functional = staticmethod(F.adaptive_max_pool1d)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    __doc__ = _doc(_ADAPTIVE_DOC, 2, **_MAX, **_EX2)
    _functional = staticmethod(F.adaptive_max_pool2d)
