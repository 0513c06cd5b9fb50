"""``Identity``, ``Linear`` and ``Bilinear`` (torch/nn/modules/linear.py)."""

import math

import pyt
from pyt.nn import functional as F
from pyt.nn import init
from pyt.nn.modules.module import Module
from pyt.nn.parameter import Parameter

__all__ = ["Identity", "Linear", "Bilinear"]


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
        try:
            return F.linear(input, self.weight, self.bias)
        except RuntimeError as e:
            # Say which layer and what it expects (the op's own message stays first).
            if isinstance(input, pyt.Tensor) and (input.dim() == 0 or input.shape[-1] != self.in_features):
                got = list(input.shape)
                raise RuntimeError(
                    f"{e.args[0] if e.args else e}; Linear(in_features={self.in_features}, "
                    f"out_features={self.out_features}) expects input of shape "
                    f"(*, {self.in_features}), got {got}"
                ) from None
            raise

    def extra_repr(self):
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class Bilinear(Module):
    """Bilinear layer ``y_k = x1^T A_k x2 + b_k``.

    Weight ``(out_features, in1_features, in2_features)`` and bias ``(out_features,)`` are
    initialised from ``U(-1/sqrt(in1_features), 1/sqrt(in1_features))``, as torch.

    Args:
        in1_features (int): size of each first input sample.
        in2_features (int): size of each second input sample.
        out_features (int): size of each output sample.
        bias (bool): learn an additive bias. Default ``True``.
        device (str or pyt.device, optional): where to allocate the parameters.
        dtype (pyt.dtype, optional): floating dtype of the parameters.

    Returns:
        Bilinear: forward maps ``(*, in1_features)`` and ``(*, in2_features)`` to
        ``(*, out_features)``.

    Raises:
        RuntimeError: at forward, inputs whose sizes do not match (see ``F.bilinear``).

    Source: ``torch.nn.Bilinear``.

    Example::

        >>> m = pyt.nn.Bilinear(20, 30, 40)
        >>> m(pyt.randn(128, 20), pyt.randn(128, 30)).shape
        pyt.Size([128, 40])
    """

    __constants__ = ["in1_features", "in2_features", "out_features"]

    def __init__(self, in1_features, in2_features, out_features, bias=True, device=None,
                 dtype=None):
        factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__()
        self.in1_features = in1_features
        self.in2_features = in2_features
        self.out_features = out_features
        self.weight = Parameter(
            pyt.empty((out_features, in1_features, in2_features), **factory_kwargs)
        )
        if bias:
            self.bias = Parameter(pyt.empty(out_features, **factory_kwargs))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Re-initialise weight and bias from ``U(-1/sqrt(in1), 1/sqrt(in1))``.

        Args:
            None.

        Returns:
            None.

        Raises:
            Nothing.

        Source: ``torch.nn.Bilinear.reset_parameters``.

        Example::

            >>> pyt.nn.Bilinear(2, 3, 4).reset_parameters()
        """
        bound = 1 / math.sqrt(self.weight.size(1))
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1, input2):
        """Apply the layer (see the class).

        Args:
            input1 (Tensor): ``(*, in1_features)``.
            input2 (Tensor): ``(*, in2_features)``.

        Returns:
            Tensor: ``(*, out_features)``.

        Raises:
            RuntimeError: size mismatches.

        Source: ``torch.nn.Bilinear.forward``.

        Example::

            >>> pyt.nn.Bilinear(2, 3, 4)(pyt.ones(2), pyt.ones(3)).shape
            pyt.Size([4])
        """
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self):
        return (
            f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
            f"out_features={self.out_features}, bias={self.bias is not None}"
        )
