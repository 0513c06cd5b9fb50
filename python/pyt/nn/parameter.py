"""``nn.Parameter``: a tensor that a Module registers as a learnable parameter."""

from pyt import _C

__all__ = ["Parameter"]


class Parameter(_C.Tensor):
    """A tensor that is a module parameter: assigned as a Module attribute, it is registered
    and returned by ``parameters()``, ``named_parameters()`` and ``state_dict()``.

    The parameter shares storage with ``data`` (like ``data.detach()``) and is a leaf that
    requires grad by default, also when created inside ``no_grad``. Operations on a parameter
    return plain ``pyt.Tensor`` results.

    Args:
        data (Tensor, optional): the values, any shape and dtype (``requires_grad=True`` needs
            a floating dtype). Default: an empty float tensor of shape ``(0,)``.
        requires_grad (bool): whether the parameter requires gradient. Default ``True``.

    Returns:
        Parameter: a leaf tensor aliasing ``data``.

    Raises:
        TypeError: ``data`` is not a tensor.
        RuntimeError: ``requires_grad=True`` on a non-floating dtype.

    Source: ``torch.nn.Parameter`` (torch/nn/parameter.py).

    Example::

        >>> p = pyt.nn.Parameter(pyt.zeros(2))
        >>> p
        Parameter containing:
        tensor([0., 0.], requires_grad=True)
    """

    def __init__(self, data=None, requires_grad=True):
        if data is None:
            import pyt

            data = pyt.empty(0)
        if not isinstance(data, _C.Tensor):
            raise TypeError(
                f"Parameter: expected data to be a Tensor, got {type(data).__name__}"
            )
        super().__init__(data)
        self.requires_grad_(requires_grad)

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.data.clone(), self.requires_grad)
        memo[id(self)] = result
        return result

    def __reduce_ex__(self, proto):
        return (_rebuild_parameter, (self.data, self.requires_grad))

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__


def _rebuild_parameter(data, requires_grad):
    return Parameter(data, requires_grad)
