"""``LayerNorm``, ``GroupNorm``, ``RMSNorm`` (torch/nn/modules/normalization.py)."""

import numbers

import pyt
from pyt.nn import functional as F
from pyt.nn import init
from pyt.nn.modules.module import Module
from pyt.nn.parameter import Parameter

__all__ = ["LayerNorm", "GroupNorm", "RMSNorm", "LocalResponseNorm"]


def _normalized_shape(normalized_shape):
    if isinstance(normalized_shape, numbers.Integral):
        return (int(normalized_shape),)
    return tuple(int(s) for s in normalized_shape)


class LayerNorm(Module):
    """Layer normalisation over the trailing ``normalized_shape`` dims of the input.

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias``, statistics per sample over the
    last ``len(normalized_shape)`` dims (biased variance), the same in train and eval mode.

    Args:
        normalized_shape (int or sequence of int): the trailing shape ``(*S)``.
        eps (float): added to the variance. Default 1e-5.
        elementwise_affine (bool): learn ``weight`` (ones) and ``bias`` (zeros) of shape
            ``S``. Default ``True``.
        bias (bool): learn ``bias`` too (when affine). Default ``True``.
        device, dtype: factory arguments of the parameters.

    Returns:
        LayerNorm: forward maps ``(*, *S)`` to the same shape.

    Raises:
        RuntimeError: in forward, an input whose trailing dims are not ``S`` (the message
            names the expected and actual shapes).

    Source: ``torch.nn.LayerNorm`` (Ba et al., 2016).

    Example::

        >>> m = pyt.nn.LayerNorm(4)
        >>> m(pyt.randn(2, 3, 4)).shape
        pyt.Size([2, 3, 4])
    """

    __constants__ = ["normalized_shape", "eps", "elementwise_affine"]

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None):
        factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__()
        self.normalized_shape = _normalized_shape(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if self.elementwise_affine:
            self.weight = Parameter(pyt.empty(self.normalized_shape, **factory_kwargs))
            if bias:
                self.bias = Parameter(pyt.empty(self.normalized_shape, **factory_kwargs))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Set ``weight`` to ones and ``bias`` to zeros (torch's initialisation).

        Source: ``torch.nn.LayerNorm.reset_parameters``.

        Example::

            >>> pyt.nn.LayerNorm(3).reset_parameters()
        """
        if self.elementwise_affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def forward(self, input):
        """Apply layer normalisation.

        Args:
            input (Tensor): ``(*, *normalized_shape)``.

        Returns:
            Tensor: same shape.

        Raises:
            RuntimeError: wrong trailing shape.

        Source: ``torch.nn.LayerNorm.forward``.

        Example::

            >>> pyt.nn.LayerNorm(2)(pyt.tensor([[1.0, 3.0]]))
            tensor([[-1.0000,  1.0000]], grad_fn=<NativeLayerNormBackward0>)
        """
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return "{normalized_shape}, eps={eps}, elementwise_affine={elementwise_affine}, bias={use_bias}".format(
            **self.__dict__, use_bias=self.bias is not None
        )


class GroupNorm(Module):
    """Group normalisation: per sample, over groups of ``num_channels / num_groups`` channels.

    Args:
        num_groups (int): divides ``num_channels``.
        num_channels (int): ``C``.
        eps (float): Default 1e-5.
        affine (bool): learn per-channel ``weight`` (ones) and ``bias`` (zeros). Default ``True``.
        device, dtype: factory arguments.
        bias (bool, keyword-only): learn ``bias`` (when affine). Default ``True``.

    Returns:
        GroupNorm: forward maps ``(N, C, *)`` to the same shape.

    Raises:
        ValueError: ``num_channels`` not divisible by ``num_groups``.
        RuntimeError: in forward, an input with another channel count (the message names
            the weight's and the input's shapes).

    Source: ``torch.nn.GroupNorm`` (Wu & He, 2018).

    Example::

        >>> pyt.nn.GroupNorm(2, 4)(pyt.randn(3, 4, 5)).shape
        pyt.Size([3, 4, 5])
    """

    __constants__ = ["num_groups", "num_channels", "eps", "affine"]

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, device=None, dtype=None, *, bias=True):
        factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError(f"num_channels ({num_channels}) must be divisible by num_groups ({num_groups})")
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.affine = affine
        if self.affine:
            self.weight = Parameter(pyt.empty(num_channels, **factory_kwargs))
            if bias:
                self.bias = Parameter(pyt.empty(num_channels, **factory_kwargs))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Set ``weight`` to ones and ``bias`` to zeros.

        Source: ``torch.nn.GroupNorm.reset_parameters``.

        Example::

            >>> pyt.nn.GroupNorm(1, 2).reset_parameters()
        """
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def forward(self, input):
        """Apply group normalisation.

        Args:
            input (Tensor): ``(N, C, *)``.

        Returns:
            Tensor: same shape.

        Raises:
            RuntimeError: channel count mismatch.

        Source: ``torch.nn.GroupNorm.forward``.

        Example::

            >>> pyt.nn.GroupNorm(1, 2)(pyt.ones(1, 2, 2)).shape
            pyt.Size([1, 2, 2])
        """
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return "{num_groups}, {num_channels}, eps={eps}, affine={affine}, bias={use_bias}".format(
            **self.__dict__, use_bias=self.bias is not None
        )


class RMSNorm(Module):
    """Root-mean-square normalisation over the trailing ``normalized_shape`` dims.

    ``y = x / sqrt(mean(x^2) + eps) * weight``.

    Args:
        normalized_shape (int or sequence of int): the trailing shape.
        eps (float, optional): default ``None``: ``pyt.finfo(input.dtype).eps``.
        elementwise_affine (bool): learn ``weight`` (ones). Default ``True``.
        device, dtype: factory arguments.

    Returns:
        RMSNorm: forward keeps the shape.

    Raises:
        RuntimeError: in forward, wrong trailing shape (the message names both shapes).

    Source: ``torch.nn.RMSNorm`` (Zhang & Sennrich, 2019).

    Example::

        >>> pyt.nn.RMSNorm(4)(pyt.randn(2, 4)).shape
        pyt.Size([2, 4])
    """

    __constants__ = ["normalized_shape", "eps", "elementwise_affine"]

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None):
        factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__()
        self.normalized_shape = _normalized_shape(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if self.elementwise_affine:
            self.weight = Parameter(pyt.empty(self.normalized_shape, **factory_kwargs))
        else:
            self.register_parameter("weight", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Set ``weight`` to ones.

        Source: ``torch.nn.RMSNorm.reset_parameters``.

        Example::

            >>> pyt.nn.RMSNorm(2).reset_parameters()
        """
        if self.elementwise_affine:
            init.ones_(self.weight)

    def forward(self, x):
        """Apply RMS normalisation.

        Args:
            x (Tensor): ``(*, *normalized_shape)``.

        Returns:
            Tensor: same shape.

        Raises:
            RuntimeError: wrong trailing shape.

        Source: ``torch.nn.RMSNorm.forward``.

        Example::

            >>> pyt.nn.RMSNorm(2, eps=0.0)(pyt.tensor([[3.0, 4.0]])).shape
            pyt.Size([1, 2])
        """
        return F.rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self):
        return "{normalized_shape}, eps={eps}, elementwise_affine={elementwise_affine}".format(**self.__dict__)


class LocalResponseNorm(Module):
    """Local response normalisation across channels (see ``F.local_response_norm``).

    Args:
        size (int): channels in the window. alpha (float): Default 1e-4.
        beta (float): Default 0.75. k (float): Default 1.

    Returns:
        LocalResponseNorm: forward keeps the shape of ``(N, C, *)``.

    Raises:
        ValueError: in forward, an input of fewer than 3 dims.

    Source: ``torch.nn.LocalResponseNorm`` (Krizhevsky et al., 2012).

    Example::

        >>> pyt.nn.LocalResponseNorm(2)(pyt.ones(1, 3, 2)).shape
        pyt.Size([1, 3, 2])
    """

    __constants__ = ["size", "alpha", "beta", "k"]

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0):
        super().__init__()
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k

    def forward(self, input):
        """Apply local response normalisation.

        Args:
            input (Tensor): ``(N, C, *)``.

        Returns:
            Tensor: same shape.

        Raises:
            ValueError: fewer than 3 dims.

        Source: ``torch.nn.LocalResponseNorm.forward``.

        Example::

            >>> pyt.nn.LocalResponseNorm(1)(pyt.ones(1, 1, 1)).shape
            pyt.Size([1, 1, 1])
        """
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return "{size}, alpha={alpha}, beta={beta}, k={k}".format(**self.__dict__)
