"""``Flatten`` (torch/nn/modules/flatten.py)."""

from pyt.nn.modules.module import Module

__all__ = ["Flatten"]


class Flatten(Module):
    """Flatten dims ``start_dim..end_dim`` into one (by default all but the batch dim).

    Args:
        start_dim (int): first dim to flatten. Default 1.
        end_dim (int): last dim to flatten. Default -1.

    Returns:
        Flatten: forward maps ``(N, *dims)`` to ``(N, prod(dims))`` with the defaults.

    Raises:
        IndexError: at forward, a dim out of range.

    Source: ``torch.nn.Flatten``.

    Example::

        >>> pyt.nn.Flatten()(pyt.zeros(32, 1, 5, 5)).shape
        pyt.Size([32, 25])
    """

    __constants__ = ["start_dim", "end_dim"]

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        """Flatten the input.

        Args:
            input (Tensor): any shape with enough dims.

        Returns:
            Tensor: a view when possible.

        Raises:
            IndexError: a dim out of range.

        Source: ``torch.nn.Flatten.forward``.

        Example::

            >>> pyt.nn.Flatten()(pyt.zeros(2, 3, 4)).shape
            pyt.Size([2, 12])
        """
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"
