"""``LayerNorm``, ``GroupNorm``, ``RMSNorm`` (torch/nn/modules/normalization.py)."""

import numbers

import pyt
from pyt.nn import functional as F
from pyt.nn import init
from pyt.nn.modules.module import Module
from pyt.nn.parameter import Parameter

__all__ = ["LayerNorm"]


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
