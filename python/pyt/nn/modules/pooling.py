"""Pooling layers (torch/nn/modules/pooling.py): max, average, adaptive, power-average (LP)
pools and max unpooling.

Each family has one base class holding the state, repr and forward (torch's ``_MaxPoolNd``,
``_AvgPoolNd``, ...); a layer of the family only names its functional (``_functional``) and
gets its docstring from the family's template, filled in per dimension.
"""

from pyt.nn import functional as F
from pyt.nn.modules.module import Module

__all__ = [
    "MaxPool1d",
    "MaxPool2d",
    "MaxPool3d",
    "AvgPool1d",
    "AvgPool2d",
    "AvgPool3d",
    "AdaptiveAvgPool1d",
    "AdaptiveAvgPool2d",
    "AdaptiveAvgPool3d",
    "AdaptiveMaxPool1d",
    "AdaptiveMaxPool2d",
    "AdaptiveMaxPool3d",
    "LPPool1d",
    "LPPool2d",
    "LPPool3d",
    "MaxUnpool1d",
    "MaxUnpool2d",
    "MaxUnpool3d",
    "FractionalMaxPool2d",
]


def _ntuple(n):
    def parse(x):
        return tuple(x) if isinstance(x, (list, tuple)) else (x,) * n

    return parse


_single, _pair, _triple = _ntuple(1), _ntuple(2), _ntuple(3)


# Per-dimension words of the docstring templates: the spatial dims, the type of a size
# argument, and the input / output shapes and sizes of the example.
_DIMS = {
    1: dict(sp="L", osp="L_out", size="int", word="an input signal"),
    2: dict(sp="H, W", osp="H_out, W_out", size="int or tuple[int, int]", word="an input of planes"),
    3: dict(
        sp="D, H, W",
        osp="D_out, H_out, W_out",
        size="int or tuple[int, int, int]",
        word="an input of volumes",
    ),
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


class MaxPool3d(_MaxPoolNd):
    __doc__ = _doc(_MAX_DOC, 3, ex="20, 16, 9, 50, 32", exo="20, 16, 4, 24, 15")
    _functional = staticmethod(F.max_pool3d)


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


class AvgPool3d(_AvgPoolNd):
    __doc__ = _doc(_AVG_DOC, 3, ex="20, 16, 9, 50, 32", exo="20, 16, 4, 24, 15", **_DIVISOR)
    __constants__ = [*_AvgPoolNd.__constants__, "divisor_override"]
    _functional = staticmethod(F.avg_pool3d)

    def __setstate__(self, d):
        # torch's AvgPool3d.__setstate__: pickles from before these attributes get the defaults
        super().__setstate__(d)
        self.__dict__.setdefault("padding", 0)
        self.__dict__.setdefault("ceil_mode", False)
        self.__dict__.setdefault("count_include_pad", True)


class _AdaptivePoolNd(Module):
    """Shared state, repr and forward of the adaptive pooling layers; each family sets
    ``__constants__`` and ``_extra_args`` (the attributes its functional takes after
    ``output_size``), each layer ``_functional``, its ``F.adaptive_*_pool*d``."""

    _extra_args = ()

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
            Tensor ``(N, C, *output_size)``; the max layers with ``return_indices`` return
            ``(values, indices)``.

        Raises:
            RuntimeError: wrong dims (from the kernel).

        Source: ``torch.nn.AdaptiveAvgPool1d.forward`` (and the other adaptive layers').

        Example::

            >>> pyt.nn.AdaptiveAvgPool2d(1)(pyt.ones(1, 1, 4, 4)).shape
            pyt.Size([1, 1, 1, 1])
        """
        return self._functional(
            input, self.output_size, *(getattr(self, a) for a in self._extra_args)
        )


class _AdaptiveAvgPoolNd(_AdaptivePoolNd):
    """The adaptive average pooling layers' base (torch.nn.modules.pooling._AdaptiveAvgPoolNd)."""

    __constants__ = ["output_size"]


class _AdaptiveMaxPoolNd(_AdaptivePoolNd):
    """The adaptive max pooling layers' base (torch.nn.modules.pooling._AdaptiveMaxPoolNd):
    ``return_indices`` besides ``output_size``."""

    __constants__ = ["output_size", "return_indices"]
    _extra_args = ("return_indices",)

    def __init__(self, output_size, return_indices=False):
        super().__init__(output_size)
        self.return_indices = return_indices


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
_EX3 = dict(out="(5, 7, 9)", ex="1, 64, 8, 9, 10", exo="1, 64, 5, 7, 9")


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    __doc__ = _doc(_ADAPTIVE_DOC, 1, **_AVG, **_EX1)
    _functional = staticmethod(F.adaptive_avg_pool1d)


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    __doc__ = _doc(_ADAPTIVE_DOC, 2, **_AVG, **_EX2)
    _functional = staticmethod(F.adaptive_avg_pool2d)


class AdaptiveAvgPool3d(_AdaptiveAvgPoolNd):
    __doc__ = _doc(_ADAPTIVE_DOC, 3, **_AVG, **_EX3)
    _functional = staticmethod(F.adaptive_avg_pool3d)


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    __doc__ = _doc(_ADAPTIVE_DOC, 1, **_MAX, **_EX1)
    _functional = staticmethod(F.adaptive_max_pool1d)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    __doc__ = _doc(_ADAPTIVE_DOC, 2, **_MAX, **_EX2)
    _functional = staticmethod(F.adaptive_max_pool2d)


class AdaptiveMaxPool3d(_AdaptiveMaxPoolNd):
    __doc__ = _doc(_ADAPTIVE_DOC, 3, **_MAX, **_EX3)
    _functional = staticmethod(F.adaptive_max_pool3d)


class _LPPoolNd(Module):
    """Shared state, repr and forward of the power-average pooling layers
    (torch.nn.modules.pooling._LPPoolNd); each layer sets ``_functional``, its
    ``F.lp_pool*d``."""

    __constants__ = ["norm_type", "kernel_size", "stride", "ceil_mode"]

    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        super().__init__()
        self.norm_type = norm_type
        self.kernel_size = kernel_size
        self.stride = stride
        self.ceil_mode = ceil_mode

    def extra_repr(self):
        return (
            "norm_type={norm_type}, kernel_size={kernel_size}, stride={stride}, "
            "ceil_mode={ceil_mode}".format(**self.__dict__)
        )

    def forward(self, input):
        """Apply the power-average pooling over the layer's spatial dims.

        Args:
            input (Tensor): ``(N, C, *spatial)`` or ``(C, *spatial)``.

        Returns:
            Tensor: ``(N, C, *spatial_out)``.

        Raises:
            RuntimeError: invalid sizes (from the average pool).

        Source: ``torch.nn.LPPool2d.forward`` (and the 1-d, 3-d layers').

        Example::

            >>> pyt.nn.LPPool2d(2, 2)(pyt.ones(1, 1, 4, 4))
            tensor([[[[2., 2.],
                      [2., 2.]]]])
        """
        return self._functional(
            input, float(self.norm_type), self.kernel_size, self.stride, self.ceil_mode
        )


_LP_DOC = """{n}-D power-average pooling over {word}: ``(sum over the window of x**p) ** (1/p)``.

    ``p = inf`` gives max pooling of ``|x|``, ``p = 1`` sum pooling; computed as torch does,
    from ``avg_pool{n}d(x ** p)`` (no padding).

    Args:
        norm_type (int or float): the power ``p``.
        kernel_size ({size}): window size.
        stride ({size}, optional): default ``kernel_size``.
        ceil_mode (bool): ceil instead of floor for the output size. Default ``False``.

    Returns:
        LPPool{n}d: forward maps ``(N, C, {sp})`` to ``(N, C, {osp})``.

    Raises:
        RuntimeError: at forward, wrong dims or output too small.

    Source: ``torch.nn.LPPool{n}d``.

    Example::

        >>> pyt.nn.LPPool{n}d(2, 3, stride=2)(pyt.randn({ex})).shape
        pyt.Size([{exo}])
    """


class LPPool1d(_LPPoolNd):
    __doc__ = _doc(_LP_DOC, 1, ex="20, 16, 50", exo="20, 16, 24")
    _functional = staticmethod(F.lp_pool1d)


class LPPool2d(_LPPoolNd):
    __doc__ = _doc(_LP_DOC, 2, ex="20, 16, 50, 32", exo="20, 16, 24, 15")
    _functional = staticmethod(F.lp_pool2d)


class LPPool3d(_LPPoolNd):
    __doc__ = _doc(_LP_DOC, 3, ex="20, 16, 9, 50, 32", exo="20, 16, 4, 24, 15")
    _functional = staticmethod(F.lp_pool3d)


class _MaxUnpoolNd(Module):
    """Shared state, repr and forward of the max unpooling layers
    (torch.nn.modules.pooling._MaxUnpoolNd); each layer sets ``_functional``, its
    ``F.max_unpool*d``, and ``_tuple``, how it stores its sizes (torch's ``_single``,
    ``_pair``, ``_triple``)."""

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        self.kernel_size = self._tuple(kernel_size)
        self.stride = self._tuple(stride if (stride is not None) else kernel_size)
        self.padding = self._tuple(padding)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"

    def forward(self, input, indices, output_size=None):
        """Place each input value at its index in a zero output (the partial inverse of the
        max pool that returned ``indices``).

        Args:
            input (Tensor): ``(N, C, *spatial)`` or ``(C, *spatial)``.
            indices (Tensor): int64, the shape of ``input`` (the max pool's indices).
            output_size (sequence, optional): the output's spatial size (or full size);
                default ``(in - 1)*stride + kernel_size - 2*padding`` per dim.

        Returns:
            Tensor: ``(N, C, *output_size)``.

        Raises:
            RuntimeError: an invalid index, indices not int64 or of another shape.
            ValueError: an invalid ``output_size``.

        Source: ``torch.nn.MaxUnpool2d.forward`` (and the 1-d, 3-d layers').

        Example::

            >>> out, idx = pyt.nn.MaxPool2d(2, return_indices=True)(pyt.randn(1, 1, 4, 4))
            >>> pyt.nn.MaxUnpool2d(2)(out, idx).shape
            pyt.Size([1, 1, 4, 4])
        """
        return self._functional(
            input, indices, self.kernel_size, self.stride, self.padding, output_size
        )


_UNPOOL_DOC = """{n}-D max unpooling: the partial inverse of :class:`MaxPool{n}d`.

    Args:
        kernel_size ({size}): the pool's window size (stored as a tuple).
        stride ({size}, optional): the pool's stride; default ``kernel_size``.
        padding ({size}): the pool's padding. Default 0.

    Returns:
        MaxUnpool{n}d: forward maps ``(N, C, {sp})`` and the pool's indices to
        ``(N, C, {osp})``, each output size ``(in - 1)*stride + kernel_size - 2*padding``
        unless ``output_size`` is given.

    Raises:
        RuntimeError: at forward, an index outside the output ("Found an invalid max index").

    Source: ``torch.nn.MaxUnpool{n}d``.

    Example::

        >>> out, idx = pyt.nn.MaxPool{n}d(2, return_indices=True)(pyt.randn({ex}))
        >>> pyt.nn.MaxUnpool{n}d(2)(out, idx).shape
        pyt.Size([{ex}])
    """


class MaxUnpool1d(_MaxUnpoolNd):
    __doc__ = _doc(_UNPOOL_DOC, 1, ex="1, 2, 8")
    _functional = staticmethod(F.max_unpool1d)
    _tuple = staticmethod(_single)


class MaxUnpool2d(_MaxUnpoolNd):
    __doc__ = _doc(_UNPOOL_DOC, 2, ex="1, 2, 4, 6")
    _functional = staticmethod(F.max_unpool2d)
    _tuple = staticmethod(_pair)


class MaxUnpool3d(_MaxUnpoolNd):
    __doc__ = _doc(_UNPOOL_DOC, 3, ex="1, 2, 4, 4, 6")
    _functional = staticmethod(F.max_unpool3d)
    _tuple = staticmethod(_triple)


class FractionalMaxPool2d(Module):
    """2-D fractional max pooling (Graham, "Fractional Max-Pooling", 2014).

    Args:
        kernel_size (int or tuple[int, int]): window size (stored as a pair).
        output_size (int or tuple[int, int], optional): ``(H_out, W_out)``.
        output_ratio (float or tuple[float, float], optional): ``H_out = int(H * ratio)``,
            each in ``(0, 1)``; exactly one of ``output_size`` and ``output_ratio``.
        return_indices (bool): also return the argmax indices. Default ``False``.
        _random_samples (Tensor, optional): fixed ``(N, C, 2)`` samples (a buffer).

    Returns:
        FractionalMaxPool2d: forward maps ``(N, C, H, W)`` to ``(N, C, H_out, W_out)``.

    Raises:
        ValueError: neither or both of ``output_size`` and ``output_ratio``, or a ratio
            outside ``(0, 1)``.

    Source: ``torch.nn.FractionalMaxPool2d``.

    Example::

        >>> pyt.nn.FractionalMaxPool2d(3, output_ratio=(0.5, 0.5))(pyt.randn(20, 16, 50, 32)).shape
        pyt.Size([20, 16, 25, 16])
    """

    __constants__ = ["kernel_size", "return_indices", "output_size", "output_ratio"]

    def __init__(
        self, kernel_size, output_size=None, output_ratio=None, return_indices=False, _random_samples=None
    ):
        super().__init__()
        self.kernel_size = _pair(kernel_size)
        self.return_indices = return_indices
        self.register_buffer("_random_samples", _random_samples)
        self.output_size = _pair(output_size) if output_size is not None else None
        self.output_ratio = _pair(output_ratio) if output_ratio is not None else None
        if output_size is None and output_ratio is None:
            raise ValueError(
                "FractionalMaxPool2d requires specifying either an output size, or a pooling ratio"
            )
        if output_size is not None and output_ratio is not None:
            raise ValueError("only one of output_size and output_ratio may be specified")
        if self.output_ratio is not None:
            if not (0 < self.output_ratio[0] < 1 and 0 < self.output_ratio[1] < 1):
                raise ValueError(f"output_ratio must be between 0 and 1 (got {output_ratio})")

    def forward(self, input):
        """Apply the fractional max pooling.

        Args:
            input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.

        Returns:
            Tensor ``(N, C, H_out, W_out)``, or ``(values, indices)`` when ``return_indices``.

        Raises:
            RuntimeError: a pool too large for the input and output (from the kernel).

        Source: ``torch.nn.FractionalMaxPool2d.forward``.

        Example::

            >>> pyt.nn.FractionalMaxPool2d(2, output_size=3)(pyt.randn(1, 1, 7, 7)).shape
            pyt.Size([1, 1, 3, 3])
        """
        return F.fractional_max_pool2d(
            input,
            self.kernel_size,
            self.output_size,
            self.output_ratio,
            self.return_indices,
            _random_samples=self._random_samples,
        )
