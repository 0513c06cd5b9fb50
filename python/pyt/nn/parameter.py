"""``nn.Parameter``: a tensor that a Module registers as a learnable parameter."""

from pyt import _C

__all__ = ["Parameter", "UninitializedParameter", "UninitializedBuffer", "is_lazy"]


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


_UNINIT_USE = (
    "Attempted to use an uninitialized parameter in {func}. This error happens when you are "
    "using a `LazyModule` or explicitly manipulating `pyt.nn.parameter.{cls}` objects. When "
    "using LazyModules Call `forward` with a dummy batch to initialize the parameters before "
    "calling pyt functions"
)

# What an uninitialized tensor still allows (torch's UninitializedTensorMixin._allowed_methods,
# plus Python's object protocol); every other Tensor method raises ValueError.
_UNINIT_ALLOWED = frozenset(
    [
        "__hash__", "size", "copy_", "is_complex", "is_floating_point", "half", "float",
        "double", "char", "short", "int", "long", "cuda", "cpu", "to", "get_device",
        "__init__", "__new__", "__init_subclass__", "__subclasshook__", "__getattribute__",
        "__getattr__", "__setattr__", "__delattr__", "__dir__", "__reduce__", "__reduce_ex__",
        "__repr__", "__str__", "__format__", "__sizeof__", "__getstate__", "__setstate__",
        "__deepcopy__", "__copy__", "__class_getitem__", "_make_subclass",
    ]
)


class UninitializedTensorMixin:
    """Behaviour shared by :class:`UninitializedParameter` and :class:`UninitializedBuffer`:
    no data until :meth:`materialize`; ``shape`` raises RuntimeError and Tensor methods other
    than dtype/device conversions, ``size`` and ``copy_`` raise ValueError (torch's rule).

    Source: ``torch.nn.parameter.UninitializedTensorMixin``.
    """

    # No slots of its own, so that materialize can swap the class to pyt.Tensor in place.
    __slots__ = ()
    cls_to_become = None

    def materialize(self, shape, device=None, dtype=None):
        """Give the tensor data of ``shape`` (uninitialized memory, like ``pyt.empty``) and turn
        it into its ``cls_to_become`` (Parameter or Tensor) in place, keeping its identity.

        Args:
            shape (tuple of int): the shape of the materialized tensor.
            device (pyt.device, optional): default: the current device.
            dtype (pyt.dtype, optional): default: the current dtype.

        Returns:
            None.

        Example::

            >>> p = pyt.nn.UninitializedParameter()
            >>> p.materialize((2, 3))
            >>> type(p).__name__, tuple(p.shape)
            ('Parameter', (2, 3))
        """
        import pyt

        data = self.data
        self.data = pyt.empty(
            shape,
            device=data.device if device is None else device,
            dtype=data.dtype if dtype is None else dtype,
        )
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        raise RuntimeError(
            "Can't access the shape of an uninitialized parameter or buffer. "
            "This error usually happens in `load_state_dict` when trying to load "
            "an uninitialized parameter into an initialized one. "
            "Call `forward` to initialize the parameters before accessing their attributes."
        )

    def share_memory_(self):
        raise RuntimeError(
            "Can't share memory on an uninitialized parameter or buffer. "
            "Call `forward` to initialize the parameters before calling "
            "`module.share_memory()`."
        )

    def __repr__(self):
        return f"<{self.__class__.__name__}>"

    __str__ = __repr__

    def __reduce_ex__(self, proto):
        return (self.__class__, (self.requires_grad,))


def _blocked(name):
    def method(self, *args, **kwargs):
        raise ValueError(
            _UNINIT_USE.format(
                func=f"<method '{name}' of 'pyt.Tensor' objects>", cls=type(self).__name__
            )
        )

    method.__name__ = name
    method.__doc__ = f"Raises ValueError: ``{name}`` needs an initialized tensor."
    return method


def _block_tensor_methods():
    import inspect

    for name in dir(_C.Tensor):
        if name in _UNINIT_ALLOWED or name in UninitializedTensorMixin.__dict__:
            continue
        attr = inspect.getattr_static(_C.Tensor, name)
        if isinstance(attr, (property, staticmethod, classmethod)) or not callable(attr):
            continue
        if type(attr).__name__ in ("getset_descriptor", "member_descriptor", "type"):
            continue
        setattr(UninitializedTensorMixin, name, _blocked(name))


_block_tensor_methods()


class UninitializedParameter(UninitializedTensorMixin, Parameter):
    """A parameter whose shape is not known yet (the parameters of a lazy module).

    It holds no data: reading ``shape`` raises RuntimeError and Tensor operations raise
    ValueError, except dtype/device conversions. :meth:`materialize` (called by the lazy
    module on its first ``forward``) turns it into a regular :class:`Parameter` in place, so
    an optimizer built before that sees the initialized parameter.

    Args:
        requires_grad (bool): default ``True``.
        device (pyt.device, optional): the device to materialize on.
        dtype (pyt.dtype, optional): the dtype to materialize with.

    Source: ``torch.nn.parameter.UninitializedParameter``.

    Example::

        >>> p = pyt.nn.UninitializedParameter()
        >>> p
        <UninitializedParameter>
    """

    cls_to_become = Parameter

    def __init__(self, requires_grad=True, device=None, dtype=None):
        import pyt

        _C.Tensor.__init__(self, pyt.empty(0, device=device, dtype=dtype))
        _C.Tensor.requires_grad_(self, requires_grad)

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.requires_grad, self.data.device, self.data.dtype)
        memo[id(self)] = result
        return result


class UninitializedBuffer(UninitializedTensorMixin, _C.Tensor):
    """A buffer whose shape is not known yet (the running statistics of a lazy norm layer).

    Like :class:`UninitializedParameter`, but :meth:`materialize` turns it into a plain
    ``pyt.Tensor``.

    Args:
        requires_grad (bool): default ``False``.
        device (pyt.device, optional): the device to materialize on.
        dtype (pyt.dtype, optional): the dtype to materialize with.
        persistent (bool): whether the buffer belongs in ``state_dict``. Default ``True``.

    Source: ``torch.nn.parameter.UninitializedBuffer``.

    Example::

        >>> pyt.nn.UninitializedBuffer()
        <UninitializedBuffer>
    """

    __slots__ = ()
    cls_to_become = _C.Tensor

    def __init__(self, requires_grad=False, device=None, dtype=None, persistent=True):
        import pyt

        _C.Tensor.__init__(self, pyt.empty(0, device=device, dtype=dtype))
        _C.Tensor.requires_grad_(self, requires_grad)
        self.persistent = persistent
        self._is_buffer = True


def is_lazy(param):
    """Whether ``param`` is an :class:`UninitializedParameter` or :class:`UninitializedBuffer`.

    Source: ``torch.nn.parameter.is_lazy``.

    Example::

        >>> pyt.nn.parameter.is_lazy(pyt.nn.UninitializedParameter())
        True
    """
    return isinstance(param, UninitializedTensorMixin)
