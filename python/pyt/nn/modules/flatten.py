"""``Flatten`` and ``Unflatten`` (torch/nn/modules/flatten.py)."""

from pyt.nn.modules.module import Module

__all__ = ["Flatten", "Unflatten"]


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


class Unflatten(Module):
    """Split dim ``dim`` of the input into the shape ``unflattened_size``.

    Args:
        dim (int): the dim to unflatten.
        unflattened_size (tuple or list of int): the new shape of that dim (may hold one
            ``-1``); its product must equal the dim's size.

    Returns:
        Unflatten: forward maps ``(*, S_dim, *)`` to ``(*, U_1, ..., U_n, *)``.

    Raises:
        TypeError: ``unflattened_size`` is not a tuple/list of ints.
        RuntimeError: at forward, sizes whose product does not match.

    Source: ``torch.nn.Unflatten``.

    Example::

        >>> pyt.nn.Unflatten(1, (2, 5, 5))(pyt.zeros(2, 50)).shape
        pyt.Size([2, 2, 5, 5])
    """

    __constants__ = ["dim", "unflattened_size"]

    def __init__(self, dim, unflattened_size):
        super().__init__()
        self._require_tuple_int(unflattened_size)
        self.dim = dim
        self.unflattened_size = unflattened_size

    def _require_tuple_int(self, input):
        if isinstance(input, (tuple, list)):
            for idx, elem in enumerate(input):
                if not isinstance(elem, int):
                    raise TypeError(
                        "unflattened_size must be tuple of ints, "
                        f"but found element of type {type(elem).__name__} at pos {idx}"
                    )
            return
        raise TypeError(
            f"unflattened_size must be a tuple of ints, but found type {type(input).__name__}"
        )

    def forward(self, input):
        """Unflatten the input.

        Args:
            input (Tensor): any shape with dim ``dim``.

        Returns:
            Tensor: a view when possible.

        Raises:
            RuntimeError: the sizes do not multiply to the dim's size.

        Source: ``torch.nn.Unflatten.forward``.

        Example::

            >>> pyt.nn.Unflatten(0, (2, 3))(pyt.zeros(6)).shape
            pyt.Size([2, 3])
        """
        return input.unflatten(self.dim, self.unflattened_size)

    def extra_repr(self):
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
