"""Convolution layers (torch/nn/modules/conv.py): Conv1d/2d/3d, ConvTranspose1d/2d/3d."""

import math

import pyt
from pyt.nn import functional as F
from pyt.nn import init
from pyt.nn.modules.module import Module
from pyt.nn.parameter import Parameter

__all__ = ["Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"]


def _ntuple(n):
    def parse(x):
        if isinstance(x, (list, tuple)):
            if len(x) == 1:
                return tuple(x) * n
            return tuple(x)
        return (x,) * n

    return parse


_single, _pair, _triple = _ntuple(1), _ntuple(2), _ntuple(3)


class _ConvNd(Module):
    """Shared state of the convolution layers (torch.nn.modules.conv._ConvNd).

    Weight ``(out_channels, in_channels / groups, *kernel_size)`` (transposed:
    ``(in_channels, out_channels / groups, *kernel_size)``) is initialised with
    ``kaiming_uniform_(a=sqrt(5))`` and the bias with ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``,
    exactly like torch.

    Args:
        See the subclasses.

    Returns:
        _ConvNd: the layer.

    Raises:
        ValueError: groups not positive or not dividing the channels, an invalid padding
            string, ``"same"`` with a stride other than 1, an unknown padding_mode.

    Source: ``torch.nn.modules.conv._ConvNd``.

    Example::

        >>> pyt.nn.Conv2d(2, 4, 3).weight.shape
        pyt.Size([4, 2, 3, 3])
    """

    # Each layer class sets _functional (its F.conv* op) and _ntuple (an int or sequence ->
    # an n-tuple, n = the number of spatial dims).
    __constants__ = [
        "stride",
        "padding",
        "dilation",
        "groups",
        "padding_mode",
        "output_padding",
        "in_channels",
        "out_channels",
        "kernel_size",
    ]

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride,
        padding,
        dilation,
        transposed,
        output_padding,
        groups,
        bias,
        padding_mode,
        device=None,
        dtype=None,
    ):
        factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__()
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        valid_padding_strings = {"same", "valid"}
        if isinstance(padding, str):
            if padding not in valid_padding_strings:
                raise ValueError(
                    f"Invalid padding string {padding!r}, should be one of {valid_padding_strings}"
                )
            if padding == "same" and any(s != 1 for s in stride):
                raise ValueError("padding='same' is not supported for strided convolutions")
        valid_padding_modes = {"zeros", "reflect", "replicate", "circular"}
        if padding_mode not in valid_padding_modes:
            raise ValueError(
                f"padding_mode must be one of {valid_padding_modes}, but got "
                f"padding_mode='{padding_mode}'"
            )
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.transposed = transposed
        self.output_padding = output_padding
        self.groups = groups
        self.padding_mode = padding_mode
        if isinstance(self.padding, str):
            self._reversed_padding_repeated_twice = [0, 0] * len(kernel_size)
            if padding == "same":
                for d, k, i in zip(dilation, kernel_size, range(len(kernel_size) - 1, -1, -1)):
                    total_padding = d * (k - 1)
                    left_pad = total_padding // 2
                    self._reversed_padding_repeated_twice[2 * i] = left_pad
                    self._reversed_padding_repeated_twice[2 * i + 1] = total_padding - left_pad
        else:
            self._reversed_padding_repeated_twice = [
                p for p in reversed(self.padding) for _ in range(2)
            ]
        if transposed:
            shape = (in_channels, out_channels // groups, *kernel_size)
        else:
            shape = (out_channels, in_channels // groups, *kernel_size)
        self.weight = Parameter(pyt.empty(shape, **factory_kwargs))
        if bias:
            self.bias = Parameter(pyt.empty(out_channels, **factory_kwargs))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Re-initialise weight and bias with torch's default distributions.

        Args:
            None.

        Returns:
            None.

        Raises:
            Nothing.

        Source: ``torch.nn.modules.conv._ConvNd.reset_parameters``.

        Example::

            >>> pyt.nn.Conv2d(1, 1, 3).reset_parameters()
        """
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def extra_repr(self):
        s = "{in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}"
        if self.padding != (0,) * len(self.padding):
            s += ", padding={padding}"
        if self.dilation != (1,) * len(self.dilation):
            s += ", dilation={dilation}"
        if self.output_padding != (0,) * len(self.output_padding):
            s += ", output_padding={output_padding}"
        if self.groups != 1:
            s += ", groups={groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += ", padding_mode={padding_mode}"
        return s.format(**self.__dict__)

    def __setstate__(self, state):
        super().__setstate__(state)
        if not hasattr(self, "padding_mode"):
            self.padding_mode = "zeros"

    def _conv_forward(self, input, weight, bias):
        fn = self._functional
        if self.padding_mode != "zeros":
            return fn(
                F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode),
                weight,
                bias,
                self.stride,
                self._ntuple(0),
                self.dilation,
                self.groups,
            )
        return fn(input, weight, bias, self.stride, self.padding, self.dilation, self.groups)

    def forward(self, input):
        """Apply the convolution.

        Args:
            input (Tensor): ``(N, C_in, *spatial)`` or ``(C_in, *spatial)``.

        Returns:
            Tensor: ``(N, C_out, *spatial_out)``.

        Raises:
            RuntimeError: channel, size or dtype mismatch (from the kernel).

        Source: ``torch.nn.Conv2d.forward``.

        Example::

            >>> pyt.nn.Conv2d(1, 2, 3, padding="same")(pyt.randn(1, 1, 5, 5)).shape
            pyt.Size([1, 2, 5, 5])
        """
        return self._conv_forward(input, self.weight, self.bias)


_CONV_DOC = """{nd}-D convolution over an input of {what}.

    Args:
        in_channels (int): channels of the input.
        out_channels (int): channels produced.
        kernel_size (int or tuple): kernel size.
        stride (int or tuple): default 1.
        padding (int, tuple or str): padding on both sides, or ``"valid"`` / ``"same"``
            (stride 1 only). Default 0.
        dilation (int or tuple): spacing of kernel elements. Default 1.
        groups (int): blocked connections; divides both channel counts. Default 1.
        bias (bool): learn a bias. Default ``True``.
        padding_mode (str): ``"zeros"``, ``"reflect"``, ``"replicate"`` or ``"circular"``.
        device (str or pyt.device, optional): where to allocate the parameters.
        dtype (pyt.dtype, optional): floating dtype of the parameters.

    Returns:
        Conv{nd}d: forward maps ``(N, C_in, {sp})`` to ``(N, C_out, {osp})``,
        ``out = floor((in + 2*padding - dilation*(k-1) - 1) / stride + 1)``.

    Raises:
        ValueError: ``groups`` not positive or not dividing the channels, an invalid
            padding string, ``"same"`` with stride other than 1, or an unknown padding_mode.
        RuntimeError: at forward, a channel or size mismatch naming the shapes.

    Source: ``torch.nn.Conv{nd}d`` (weight ``kaiming_uniform_(a=sqrt(5))``, bias
    ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``).

    Example::

        >>> m = pyt.nn.Conv{nd}d(16, 33, 3, stride=2)
        >>> m(pyt.randn(20, 16, {ex})).shape
        {exo}
    """


def _conv_init(
    self,
    in_channels,
    out_channels,
    kernel_size,
    stride=1,
    padding=0,
    dilation=1,
    groups=1,
    bias=True,
    padding_mode="zeros",
    device=None,
    dtype=None,
):
    """``__init__`` of Conv1d/2d/3d: expand the sizes to the layer's ``_ntuple`` and build
    a :class:`_ConvNd` (a padding string is kept as given)."""
    ntuple = self._ntuple
    _ConvNd.__init__(
        self,
        in_channels,
        out_channels,
        ntuple(kernel_size),
        ntuple(stride),
        padding if isinstance(padding, str) else ntuple(padding),
        ntuple(dilation),
        False,
        ntuple(0),
        groups,
        bias,
        padding_mode,
        device,
        dtype,
    )


class Conv1d(_ConvNd):
    __doc__ = _CONV_DOC.format(
        nd=1, what="signals", sp="L", osp="L_out", ex="50", exo="pyt.Size([20, 33, 24])"
    )
    _functional = staticmethod(F.conv1d)
    _ntuple = staticmethod(_single)
    __init__ = _conv_init


class Conv2d(_ConvNd):
    __doc__ = _CONV_DOC.format(
        nd=2,
        what="planes",
        sp="H, W",
        osp="H_out, W_out",
        ex="50, 100",
        exo="pyt.Size([20, 33, 24, 49])",
    )
    _functional = staticmethod(F.conv2d)
    _ntuple = staticmethod(_pair)
    __init__ = _conv_init


class Conv3d(_ConvNd):
    __doc__ = _CONV_DOC.format(
        nd=3,
        what="volumes",
        sp="D, H, W",
        osp="D_out, H_out, W_out",
        ex="10, 50, 100",
        exo="pyt.Size([20, 33, 4, 24, 49])",
    )
    _functional = staticmethod(F.conv3d)
    _ntuple = staticmethod(_triple)
    __init__ = _conv_init


class _ConvTransposeNd(_ConvNd):
    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride,
        padding,
        dilation,
        transposed,
        output_padding,
        groups,
        bias,
        padding_mode,
        device=None,
        dtype=None,
    ):
        if padding_mode != "zeros":
            raise ValueError(
                f'Only "zeros" padding mode is supported for {self.__class__.__name__}'
            )
        super().__init__(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            dilation,
            transposed,
            output_padding,
            groups,
            bias,
            padding_mode,
            device,
            dtype,
        )

    def _output_padding(
        self, input, output_size, stride, padding, kernel_size, num_spatial_dims, dilation=None
    ):
        if output_size is None:
            return list(self.output_padding)
        has_batch_dim = input.dim() == num_spatial_dims + 2
        num_non_spatial_dims = 2 if has_batch_dim else 1
        output_size = list(output_size)
        if len(output_size) == num_non_spatial_dims + num_spatial_dims:
            output_size = output_size[num_non_spatial_dims:]
        if len(output_size) != num_spatial_dims:
            raise ValueError(
                f"ConvTranspose{num_spatial_dims}D: for {input.dim()}D input, output_size must have "
                f"{num_spatial_dims} or {num_non_spatial_dims + num_spatial_dims} elements "
                f"(got {len(output_size)})"
            )
        min_sizes, max_sizes = [], []
        for d in range(num_spatial_dims):
            dim_size = (
                (input.shape[d + num_non_spatial_dims] - 1) * stride[d]
                - 2 * padding[d]
                + (dilation[d] if dilation is not None else 1) * (kernel_size[d] - 1)
                + 1
            )
            min_sizes.append(dim_size)
            max_sizes.append(min_sizes[d] + stride[d] - 1)
        for i in range(len(output_size)):
            size, min_size, max_size = output_size[i], min_sizes[i], max_sizes[i]
            if size < min_size or size > max_size:
                raise ValueError(
                    f"requested an output size of {output_size}, but valid sizes range "
                    f"from {min_sizes} to {max_sizes} (for an input of {list(input.shape[2:])})"
                )
        return [output_size[d] - min_sizes[d] for d in range(num_spatial_dims)]

    def forward(self, input, output_size=None):
        """Apply the transposed convolution.

        Args:
            input (Tensor): ``(N, C_in, *spatial)`` or ``(C_in, *spatial)``.
            output_size (sequence of int, optional): the exact output size wanted, which
                picks the output_padding.

        Returns:
            Tensor: ``(N, C_out, *spatial_out)``.

        Raises:
            ValueError: an output_size outside the reachable range.
            RuntimeError: channel or size mismatch (from the kernel).

        Source: ``torch.nn.ConvTranspose2d.forward``.

        Example::

            >>> pyt.nn.ConvTranspose2d(2, 1, 3, stride=2)(pyt.randn(1, 2, 4, 4)).shape
            pyt.Size([1, 1, 9, 9])
        """
        nd = len(self.kernel_size)
        output_padding = self._output_padding(
            input, output_size, self.stride, self.padding, self.kernel_size, nd, self.dilation
        )
        return self._functional(
            input,
            self.weight,
            self.bias,
            self.stride,
            self.padding,
            output_padding,
            self.groups,
            self.dilation,
        )


_CONVT_DOC = """{nd}-D transposed convolution (the adjoint of Conv{nd}d, "deconvolution").

    Args:
        in_channels (int): channels of the input.
        out_channels (int): channels produced.
        kernel_size (int or tuple): kernel size.
        stride (int or tuple): default 1.
        padding (int or tuple): ``dilation * (k - 1) - padding`` zero padding. Default 0.
        output_padding (int or tuple): extra size on one side of the output. Default 0.
        groups (int): blocked connections. Default 1.
        bias (bool): learn a bias. Default ``True``.
        dilation (int or tuple): default 1.
        padding_mode (str): only ``"zeros"``.
        device (str or pyt.device, optional): where to allocate the parameters.
        dtype (pyt.dtype, optional): floating dtype of the parameters.

    Returns:
        ConvTranspose{nd}d: forward maps ``(N, C_in, {sp})`` to ``(N, C_out, {osp})``,
        ``out = (in - 1)*stride - 2*padding + dilation*(k - 1) + output_padding + 1``.

    Raises:
        ValueError: invalid groups or a padding_mode other than ``"zeros"``.

    Source: ``torch.nn.ConvTranspose{nd}d`` (weight ``(in, out/groups, *k)``, same init).

    Example::

        >>> m = pyt.nn.ConvTranspose{nd}d(16, 33, 3, stride=2)
        >>> m(pyt.randn(20, 16, {ex})).shape
        {exo}
    """


def _conv_transpose_init(
    self,
    in_channels,
    out_channels,
    kernel_size,
    stride=1,
    padding=0,
    output_padding=0,
    groups=1,
    bias=True,
    dilation=1,
    padding_mode="zeros",
    device=None,
    dtype=None,
):
    """``__init__`` of ConvTranspose1d/2d/3d: expand the sizes to the layer's ``_ntuple`` and
    build a :class:`_ConvTransposeNd`."""
    ntuple = self._ntuple
    _ConvTransposeNd.__init__(
        self,
        in_channels,
        out_channels,
        ntuple(kernel_size),
        ntuple(stride),
        ntuple(padding),
        ntuple(dilation),
        True,
        ntuple(output_padding),
        groups,
        bias,
        padding_mode,
        device,
        dtype,
    )


class ConvTranspose1d(_ConvTransposeNd):
    __doc__ = _CONVT_DOC.format(
        nd=1, sp="L", osp="L_out", ex="50", exo="pyt.Size([20, 33, 101])"
    )
    _functional = staticmethod(F.conv_transpose1d)
    _ntuple = staticmethod(_single)
    __init__ = _conv_transpose_init


class ConvTranspose2d(_ConvTransposeNd):
    __doc__ = _CONVT_DOC.format(
        nd=2, sp="H, W", osp="H_out, W_out", ex="50, 100", exo="pyt.Size([20, 33, 101, 201])"
    )
    _functional = staticmethod(F.conv_transpose2d)
    _ntuple = staticmethod(_pair)
    __init__ = _conv_transpose_init


class ConvTranspose3d(_ConvTransposeNd):
    __doc__ = _CONVT_DOC.format(
        nd=3,
        sp="D, H, W",
        osp="D_out, H_out, W_out",
        ex="5, 5, 5",
        exo="pyt.Size([20, 33, 11, 11, 11])",
    )
    _functional = staticmethod(F.conv_transpose3d)
    _ntuple = staticmethod(_triple)
    __init__ = _conv_transpose_init
