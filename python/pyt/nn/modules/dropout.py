"""``Dropout`` (torch/nn/modules/dropout.py)."""

from pyt.nn import functional as F
from pyt.nn.modules.module import Module

__all__ = ["Dropout"]


class Dropout(Module):
    """In training mode, zero elements with probability ``p`` and scale the rest by ``1/(1-p)``.

    In evaluation mode (``model.eval()``) it is the identity.

    Args:
        p (float): drop probability in ``[0, 1]``. Default 0.5.
        inplace (bool): overwrite the input. Default ``False``.

    Returns:
        Dropout: forward maps ``(*)`` to ``(*)``.

    Raises:
        ValueError: ``p`` outside ``[0, 1]``.

    Source: ``torch.nn.Dropout`` (Srivastava et al., 2014).

    Example::

        >>> m = pyt.nn.Dropout(p=0.2).eval()
        >>> m(pyt.ones(3))
        tensor([1., 1., 1.])
    """

    __constants__ = ["p", "inplace"]

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input):
        """Apply dropout (identity in eval mode).

        Args:
            input (Tensor): any shape, floating dtype.

        Returns:
            Tensor: same shape.

        Raises:
            TypeError: not a Tensor.

        Source: ``torch.nn.Dropout.forward``.

        Example::

            >>> pyt.nn.Dropout(0.0)(pyt.ones(2))
            tensor([1., 1.])
        """
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"
