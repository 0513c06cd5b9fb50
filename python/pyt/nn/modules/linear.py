"""``Identity`` and ``Linear`` (torch/nn/modules/linear.py)."""

import math

import pyt
from pyt.nn import functional as F
from pyt.nn import init
from pyt.nn.modules.module import Module
from pyt.nn.parameter import Parameter

__all__ = ["Identity", "Linear"]


class Identity(Module):
    """A placeholder layer that returns its input unchanged (arguments are ignored).

    Args:
        *args, **kwargs: ignored.

    Returns:
        Identity: forward maps any input ``(*)`` to itself.

    Raises:
        Nothing.

    Source: ``torch.nn.Identity``.

    Example::

        >>> pyt.nn.Identity(54, unused="x")(pyt.ones(2))
        tensor([1., 1.])
    """

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        """Return ``input``.

        Args:
            input: anything.

        Returns:
            ``input``.

        Raises:
            Nothing.

        Source: ``torch.nn.Identity.forward``.

        Example::

            >>> pyt.nn.Identity()(3)
            3
        """
        return input


class Linear(Module):
    """Affine layer ``y = x W^T + b``.

    Weight ``(out_features, in_features)`` is initialised with
    ``kaiming_uniform_(a=sqrt(5))``, i.e. ``U(-1/sqrt(in_features), 1/sqrt(in_features))``,
    and the bias ``(out_features,)`` with the same bound, exactly like torch.

    Args:
        in_features (int): size of each input sample.
        out_features (int): size of each output sample.
        bias (bool): learn an additive bias. Default ``True``.
        device (str or pyt.device, optional): where to allocate the parameters.
        dtype (pyt.dtype, optional): floating dtype of the parameters (default: the default
            dtype).

    Returns:
        Linear: forward maps ``(*, in_features)`` to ``(*, out_features)``.

    Raises:
        RuntimeError: the input's last dim is not ``in_features`` (at forward).

    Source: ``torch.nn.Linear``.

    Example::

        >>> m = pyt.nn.Linear(20, 30)
        >>> m(pyt.randn(128, 20)).shape
        pyt.Size([128, 30])
    """

    __constants__ = ["in_features", "out_features"]

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(pyt.empty((out_features, in_features), **factory_kwargs))
        if bias:
            self.bias = Parameter(pyt.empty(out_features, **factory_kwargs))
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

        Source: ``torch.nn.Linear.reset_parameters``.

        Example::

            >>> pyt.nn.Linear(2, 2).reset_parameters()
        """
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        """Apply the layer.

        Args:
            input (Tensor): ``(*, in_features)``.

        Returns:
            Tensor: ``(*, out_features)``.

        Raises:
            RuntimeError: shape or dtype mismatch.

        Source: ``torch.nn.Linear.forward``.

        Example::

            >>> pyt.nn.Linear(2, 3)(pyt.ones(2)).shape
            pyt.Size([3])
        """
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )
