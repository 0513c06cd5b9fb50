"""pyt.Size: the type of ``Tensor.shape`` (torch.Size), a tuple of ints."""


class Size(tuple):
    """The shape of a tensor: a tuple of non-negative ints (torch.Size).

    Example:
        >>> pyt.zeros(2, 3).shape
        pyt.Size([2, 3])
        >>> pyt.zeros(2, 3).shape.numel()
        6
    """

    __slots__ = ()

    def numel(self):
        """The number of elements a tensor of this shape holds (product of the sizes)."""
        n = 1
        for s in self:
            n *= s
        return n

    def __repr__(self):
        return f"pyt.Size({list(self)})"

    def __getitem__(self, item):
        r = tuple.__getitem__(self, item)
        return Size(r) if isinstance(item, slice) else r

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))

    def __reduce__(self):
        return (Size, (tuple(self),))
