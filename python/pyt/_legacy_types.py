"""torch's legacy tensor types (pyt.FloatTensor, pyt.LongTensor, ...) and Tensor.type().

Each legacy type stands for "a CPU tensor of one dtype": calling it builds such a tensor
(``pyt.FloatTensor([1, 2])`` copies data, ``pyt.FloatTensor(2, 3)`` is uninitialised of that
shape, ``pyt.FloatTensor()`` is empty), and ``isinstance(t, pyt.FloatTensor)`` checks t's dtype.
As in torch, the types are not subclasses of Tensor: their objects are plain Tensors.

Source: https://pytorch.org/docs/stable/tensors.html (legacy constructors, Tensor.type).
"""
from . import _C

# (name, dtype attribute of _C), in torch's order.
_TYPES = (
    ("FloatTensor", "float32"), ("DoubleTensor", "float64"), ("HalfTensor", "float16"),
    ("BFloat16Tensor", "bfloat16"), ("ByteTensor", "uint8"), ("CharTensor", "int8"),
    ("ShortTensor", "int16"), ("IntTensor", "int32"), ("LongTensor", "int64"), ("BoolTensor", "bool"),
)


class _LegacyTensorMeta(type):
    """Metaclass of the legacy types: isinstance checks the dtype, calling constructs."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, _C.Tensor) and obj.dtype == cls.dtype

    def __call__(cls, *args, device=None):
        import pyt

        if device is not None and str(device) != "cpu":
            pyt.device(str(device))  # raises the usual message for devices pyt lacks
        if not args:
            return pyt.empty(0, dtype=cls.dtype)
        if len(args) == 1 and isinstance(args[0], _C.Tensor):
            t = args[0]
            if t.dtype != cls.dtype:
                raise TypeError(f"expected {cls.dtype} (got {t.dtype})")
            return _C.Tensor(t)  # aliases t's storage, as torch
        if all(isinstance(a, int) and not isinstance(a, bool) for a in args) or (
                len(args) == 1 and isinstance(args[0], pyt.Size)):
            return pyt.empty(*args, dtype=cls.dtype)
        if len(args) == 1:
            return pyt.tensor(args[0], dtype=cls.dtype)
        raise TypeError(f"{cls.__name__}(): expected sizes (ints), a sequence of numbers or a Tensor, got "
                        f"({', '.join(type(a).__name__ for a in args)})")

    def __repr__(cls):
        return f"<class 'pyt.{cls.__name__}'>"


def _make(name, dtype):
    doc = (f"Legacy constructor of {dtype} CPU tensors (torch.{name}).\n\n"
           f"``pyt.{name}(data)`` copies a sequence or array as {dtype}; ``pyt.{name}(*sizes)`` is an\n"
           f"uninitialised tensor of that shape; ``pyt.{name}()`` an empty one; ``pyt.{name}(t)`` aliases\n"
           f"a {dtype} tensor t (TypeError for another dtype). ``isinstance(t, pyt.{name})`` is\n"
           f"``t.dtype == pyt.{dtype}``.\n\n"
           f"Example:\n    >>> pyt.{name}([1, 2]).dtype\n    pyt.{dtype}\n")
    return _LegacyTensorMeta(name, (), {"dtype": getattr(_C, dtype), "__doc__": doc, "__module__": "pyt"})


def _type_of(t):
    for cls in _CLASSES.values():
        if cls.dtype == t.dtype:
            return cls
    raise TypeError(f"no legacy tensor type for {t.dtype}")


def _tensor_type(self, dtype=None, non_blocking=False, **kwargs):
    """The type name of self (``'pyt.FloatTensor'``) or self converted to a type (torch.Tensor.type).

    Args:
        dtype: None (return the name), a pyt.dtype, a legacy type (pyt.IntTensor) or its name
            (``'pyt.IntTensor'`` or torch's ``'torch.IntTensor'``).

    Returns:
        str without dtype; otherwise self if it already has that type, else a converted copy.

    Raises:
        ValueError: an unknown type name (as torch: "invalid type: 'float'").

    Example:
        >>> pyt.ones(2).type()
        'pyt.FloatTensor'
        >>> pyt.ones(2).type('torch.IntTensor').dtype
        pyt.int32
    """
    if dtype is None:
        return f"pyt.{_type_of(self).__name__}"
    if isinstance(dtype, str):
        prefix, _, name = dtype.rpartition(".")
        cls = _CLASSES.get(name) if prefix in ("pyt", "torch") else None
        if cls is None:
            raise ValueError(f"invalid type: '{dtype}'")
        dtype = cls.dtype
    elif isinstance(dtype, _LegacyTensorMeta):
        dtype = dtype.dtype
    return self.to(dtype)


_CLASSES = {name: _make(name, dt) for name, dt in _TYPES}


def install(namespace):
    """Puts the legacy types into pyt's namespace and Tensor.type on Tensor."""
    namespace.update(_CLASSES)
    _C.Tensor.type = _tensor_type
