"""``Conv2d`` (torch/nn/modules/conv.py)."""

import math

import pyt
from pyt.nn import functional as F
from pyt.nn import init
from pyt.nn.modules.module import Module
from pyt.nn.parameter import Parameter

__all__ = ["Conv2d"]


def _pair(x):
    if isinstance(x, (list, tuple)):
        if len(x) == 1:
            return (x[0], x[0])
        return tuple(x)
    return (x, x)


class Conv2d(Module):
    """2-D convolution over an input of planes.

    Weight ``(out_channels, in_channels / groups, kH, kW)`` is initialised with
    ``kaiming_uniform_(a=sqrt(5))`` and the bias with ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``,
    ``fan_in = in_channels / groups * kH * kW``, exactly like torch.

    Args:
        in_channels (int): channels of the input.
        out_channels (int): channels produced.
        kernel_size (int or tuple[int, int]): kernel size.
        stride (int or tuple[int, int]): default 1.
        padding (int, tuple[int, int], or str): zero padding, or ``"valid"`` / ``"same"``
            (stride 1 only). Default 0.
        dilation (int or tuple[int, int]): default 1.
        groups (int): blocked connections; divides both channel counts. Default 1.
        bias (bool): learn a bias. Default ``True``.
        padding_mode (str): ``"zeros"`` (default); ``"reflect"``, ``"replicate"`` and
            ``"circular"`` are accepted but raise NotImplementedError at forward, since pyt
            has no padding kernel for them yet.
        device (str or pyt.device, optional): where to allocate the parameters.
        dtype (pyt.dtype, optional): floating dtype of the parameters.

    Returns:
        Conv2d: forward maps ``(N, C_in, H, W)`` to ``(N, C_out, H_out, W_out)``,
        ``H_out = floor((H + 2*padding - dilation*(kH-1) - 1) / stride + 1)``.

    Raises:
        ValueError: ``groups`` not positive or not dividing the channels, an invalid
            padding string, ``"same"`` with stride other than 1, or an unknown padding_mode.
        NotImplementedError: at forward, for a padding_mode other than ``"zeros"``.

    Source: ``torch.nn.Conv2d``.

    Example::

        >>> m = pyt.nn.Conv2d(16, 33, 3, stride=2)
        >>> m(pyt.randn(20, 16, 50, 100)).shape
        pyt.Size([20, 33, 24, 49])
    """

    __constants__ = [
        "stride", "padding", "dilation", "groups", "padding_mode", "output_padding",
        "in_channels", "out_channels", "kernel_size",
    ]

    def __init__(
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
        factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__()
        kernel_size = _pair(kernel_size)
        stride = _pair(stride)
        padding = padding if isinstance(padding, str) else _pair(padding)
        dilation = _pair(dilation)
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
                    f"Invalid padding string {padding!r}, should be one of "
                    f"{valid_padding_strings}"
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
        self.transposed = False
        self.output_padding = (0, 0)
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
        self.weight = Parameter(
            pyt.empty((out_channels, in_channels // groups, *kernel_size), **factory_kwargs)
        )
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

        Source: ``torch.nn.Conv2d.reset_parameters``.

        Example::

            >>> pyt.nn.Conv2d(1, 1, 3).reset_parameters()
        """
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        """Apply the convolution.

        Args:
            input (Tensor): ``(N, C_in, H, W)``.

        Returns:
            Tensor: ``(N, C_out, H_out, W_out)``.

        Raises:
            NotImplementedError: padding_mode other than ``"zeros"``.
            RuntimeError: shape mismatch (from the kernel).

        Source: ``torch.nn.Conv2d.forward``.

        Example::

            >>> pyt.nn.Conv2d(1, 2, 3, padding="same")(pyt.randn(1, 1, 5, 5)).shape
            pyt.Size([1, 2, 5, 5])
        """
        if self.padding_mode != "zeros":
            raise NotImplementedError(
                f"Conv2d: padding_mode='{self.padding_mode}' is not supported by pyt yet "
                "(no pad kernel); only padding_mode='zeros' is implemented"
            )
        return F.conv2d(
            input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups
        )

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
