"""Everyday Tensor methods and functions composed of pyt ops.

In-place forms of out-of-place ops (``masked_fill_``, ``tril_``, ``triu_``, ``cumsum_``, the
comparisons ``eq_`` ... ``ge_``), conversions (``new_tensor``, ``type_as``), method forms
(``Tensor.where``, ``Tensor.addmm``) and small functions (``broadcast_to``,
``broadcast_tensors``, ``broadcast_shapes``, ``ravel``, ``concatenate``, ``aminmax``,
``std_mean``, ``var_mean``, ``isposinf``, ``isneginf``, ``rsub``, ``dist``, ``inner``,
``diff``, the comparison aliases ``greater`` ... ``not_equal``), with torch's names, signatures
and results. Autograd flows through the pyt ops they are made of; an in-place form writes its
out-of-place result back with ``copy_`` (so its grad_fn is ``CopyBackwards``).

Source: the torch.Tensor and torch function reference of the same names.
"""
from collections import namedtuple

from . import _C

aminmax_result = namedtuple("aminmax", ["min", "max"])


def _inplace_from(name, doc_example):
    def method(self, *args, **kwargs):
        result = getattr(self, name)(*args, **kwargs)
        if tuple(result.shape) != tuple(self.shape):
            raise RuntimeError(f"{name}_: output with shape {list(self.shape)} doesn't match the broadcast "
                               f"shape {list(result.shape)}")
        return self.copy_(result)

    method.__name__ = method.__qualname__ = name + "_"
    method.__doc__ = (f"In-place :meth:`Tensor.{name}` (torch.Tensor.{name}_): writes the result into self "
                      f"(cast to self's dtype) and returns self.\n\nRaises:\n    RuntimeError: if the "
                      f"result does not have self's shape.\n\nExample:\n    >>> {doc_example}\n")
    return method


def masked_fill_(self, mask, value):
    """Fills self where ``mask`` is True with ``value``, in place (torch.Tensor.masked_fill_).

    Args:
        mask (BoolTensor): broadcastable to self's shape.
        value (number or 0-d Tensor): the fill value, cast to self's dtype.

    Returns:
        self.

    Raises:
        RuntimeError: for a mask that is not bool or does not broadcast to self's shape.

    Example:
        >>> x = pyt.zeros(3); x.masked_fill_(pyt.tensor([True, False, True]), 5.); x
        tensor([5., 0., 5.])
    """
    if isinstance(value, _C.Tensor) and value.dim() != 0:
        raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                           f"{value.dim()} dimension(s).")
    result = self.masked_fill(mask, value)
    if tuple(result.shape) != tuple(self.shape):
        raise RuntimeError(f"masked_fill_: mask of shape {list(mask.shape)} is not broadcastable to the "
                           f"shape {list(self.shape)} of the tensor being filled")
    return self.copy_(result)


def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False):
    """A new tensor holding a copy of ``data``, of self's dtype unless ``dtype`` is given
    (torch.Tensor.new_tensor).

    Example:
        >>> pyt.ones(2, dtype=pyt.float64).new_tensor([1, 2]).dtype
        pyt.float64
    """
    from . import tensor

    if isinstance(data, _C.Tensor):
        data = data.detach()
    return tensor(data, dtype=dtype if dtype is not None else self.dtype, device=device,
                  requires_grad=requires_grad)


def type_as(self, other):
    """self cast to ``other``'s dtype (torch.Tensor.type_as); self itself when they match.

    Example:
        >>> pyt.tensor([1, 2]).type_as(pyt.ones(1)).dtype
        pyt.float32
    """
    return self.to(other.dtype)


def _where_method(self, condition, other):
    """``pyt.where(condition, self, other)`` (torch.Tensor.where).

    Example:
        >>> pyt.tensor([1., 2.]).where(pyt.tensor([True, False]), 0.)
        tensor([1., 0.])
    """
    return _C.where(condition, self, other)


def _addmm_method(self, mat1, mat2, *, beta=1, alpha=1):
    """``beta * self + alpha * (mat1 @ mat2)`` (torch.Tensor.addmm); see pyt.addmm.

    Example:
        >>> pyt.zeros(2, 2).addmm(pyt.eye(2), pyt.ones(2, 2))
        tensor([[1., 1.],
                [1., 1.]])
    """
    return _C.addmm(self, mat1, mat2, beta=beta, alpha=alpha)


def broadcast_shapes(*shapes):
    """The shape that tensors of ``shapes`` broadcast to (torch.broadcast_shapes).

    Args:
        *shapes: ints or sequences of ints.

    Returns:
        pyt.Size.

    Raises:
        RuntimeError: if the shapes do not broadcast (names the dim and both sizes).

    Example:
        >>> pyt.broadcast_shapes((2, 1), (3,))
        pyt.Size([2, 3])
    """
    from ._size import Size

    dims = []
    for s in shapes:
        s = (s,) if isinstance(s, int) else tuple(s)
        for d in s:
            if not isinstance(d, int) or isinstance(d, bool):
                raise TypeError(f"broadcast_shapes(): expected ints in the shapes, got {type(d).__name__}")
            if d < 0:
                raise RuntimeError(f"Trying to create tensor with negative dimension {d}: {list(s)}")
        dims.append(s)
    n = max((len(s) for s in dims), default=0)
    out = [1] * n
    for s in dims:
        for i, d in enumerate(s):
            j = n - len(s) + i
            if out[j] == 1:
                out[j] = d
            elif d != 1 and d != out[j]:
                raise RuntimeError(f"Shape mismatch: objects cannot be broadcast to a single shape.  Mismatch "
                                   f"is between {out[j]} and {d} at non-singleton dimension {i - len(s)}")
    return Size(out)


def broadcast_to(input, size):
    """``input.expand(size)`` (torch.broadcast_to): a view, no copy.

    Example:
        >>> pyt.broadcast_to(pyt.tensor([1, 2]), (2, 2))
        tensor([[1, 2],
                [1, 2]])
    """
    return input.expand(*size) if not isinstance(size, int) else input.expand(size)


def broadcast_tensors(*tensors):
    """Views of ``tensors`` expanded to their common shape (torch.broadcast_tensors).

    Raises:
        RuntimeError: if the shapes do not broadcast.

    Example:
        >>> a, b = pyt.broadcast_tensors(pyt.ones(2, 1), pyt.ones(3)); a.shape
        pyt.Size([2, 3])
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    shape = broadcast_shapes(*[tuple(t.shape) for t in tensors])
    return tuple(t.expand(*shape) for t in tensors)


def ravel(input):
    """input flattened to 1-D, a view when possible (torch.ravel).

    Example:
        >>> pyt.ravel(pyt.ones(2, 2)).shape
        pyt.Size([4])
    """
    return input.reshape(-1)


def concatenate(tensors, axis=0, *, dim=None, out=None):
    """Alias of pyt.cat (torch.concatenate), accepting numpy's ``axis``.

    Example:
        >>> pyt.concatenate([pyt.ones(1), pyt.zeros(1)])
        tensor([1., 0.])
    """
    from . import cat

    return cat(tensors, dim=axis if dim is None else dim, out=out) if out is not None else \
        cat(tensors, dim=axis if dim is None else dim)


def aminmax(input, *, dim=None, keepdim=False):
    """``(amin, amax)`` of input over ``dim`` (all elements when None) (torch.aminmax).

    Returns:
        named tuple ``(min, max)``.

    Raises:
        RuntimeError: for an empty input without dim, or an empty reduced dim.

    Example:
        >>> pyt.aminmax(pyt.tensor([3, 1, 2]))
        aminmax(min=tensor(1), max=tensor(3))
    """
    if input.numel() == 0 and dim is None:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has "
                           "no identity.")
    if dim is None:
        if keepdim:
            return aminmax_result(input.amin(dim=tuple(range(input.dim())), keepdim=True),
                                  input.amax(dim=tuple(range(input.dim())), keepdim=True))
        return aminmax_result(input.amin(), input.amax())
    return aminmax_result(input.amin(dim, keepdim=keepdim), input.amax(dim, keepdim=keepdim))


def _stat_mean(kind):
    def fn(input, dim=None, *, correction=1, keepdim=False, unbiased=None):
        if unbiased is not None:
            correction = 1 if unbiased else 0
        if isinstance(dim, bool):  # std_mean(x, unbiased) positional form
            correction, dim = (1 if dim else 0), None
        stat = getattr(input, kind)(dim, correction=correction, keepdim=keepdim)
        mean = input.mean(dim, keepdim=keepdim) if dim is not None else input.mean()
        if dim is None and keepdim:
            mean = mean.reshape([1] * input.dim())
        return stat, mean

    fn.__name__ = fn.__qualname__ = f"{kind}_mean"
    fn.__doc__ = (f"``({kind}, mean)`` of input over ``dim`` (torch.{kind}_mean), with ``correction`` "
                  f"(Bessel's, default 1) as pyt.{kind}.\n\nReturns:\n    tuple of two tensors.\n\nExample:\n"
                  f"    >>> pyt.{kind}_mean(pyt.tensor([1., 3.]))[1]\n    tensor(2.)\n")
    return fn


std_mean = _stat_mean("std")
var_mean = _stat_mean("var")


def _bool_out(name, r, out):
    """Writes a bool result into out= as torch: a bool out only, resized when its shape differs."""
    from ._out import _write

    if not isinstance(out, _C.Tensor) or out.dtype != _C.bool:
        raise RuntimeError(f"{name} does not support non-boolean outputs.")
    return _write(out, r)


def isposinf(input, *, out=None):
    """Elementwise ``input == +inf`` (torch.isposinf); bool result. Example:
    ``pyt.isposinf(pyt.tensor([1., float('inf')]))`` is ``tensor([False, True])``."""
    r = input.isinf() & (input > 0) if input.is_floating_point() else _C.zeros_like(input, dtype=_C.bool)
    return _bool_out("isposinf", r, out) if out is not None else r


def isneginf(input, *, out=None):
    """Elementwise ``input == -inf`` (torch.isneginf); bool result. Example:
    ``pyt.isneginf(pyt.tensor([1., -float('inf')]))`` is ``tensor([False, True])``."""
    r = input.isinf() & (input < 0) if input.is_floating_point() else _C.zeros_like(input, dtype=_C.bool)
    return _bool_out("isneginf", r, out) if out is not None else r


def rsub(input, other, *, alpha=1):
    """``other - alpha * input`` (torch.rsub), with broadcasting and type promotion.

    Example:
        >>> pyt.rsub(pyt.tensor([1., 2.]), 5.)
        tensor([4., 3.])
    """
    if isinstance(other, _C.Tensor):
        return _C.sub(other, input, alpha=alpha)
    return input * -alpha + other


def dist(input, other, p=2):
    """The p-norm of ``input - other`` (torch.dist), broadcasting; a 0-d tensor.

    Example:
        >>> pyt.dist(pyt.tensor([3., 0.]), pyt.tensor([0., 4.]))
        tensor(5.)
    """
    return (input - other).norm(p)


def inner(input, other, *, out=None):
    """Inner product over the last dims (torch.inner): ``dot`` for 1-D inputs, otherwise
    ``tensordot(input, other, dims=([-1], [-1]))``; a scalar operand multiplies.

    Raises:
        RuntimeError: if the last dims differ.

    Example:
        >>> pyt.inner(pyt.tensor([1., 2.]), pyt.tensor([3., 4.]))
        tensor(11.)
    """
    if input.dim() == 0 or other.dim() == 0:
        r = input * other
    else:
        if input.shape[-1] != other.shape[-1]:
            raise RuntimeError(f"inner() the last dimension must match on both input tensors but got shapes "
                               f"{list(input.shape)} and {list(other.shape)}")
        from . import tensordot

        r = tensordot(input, other, dims=([input.dim() - 1], [other.dim() - 1]))
    return out.copy_(r) if out is not None else r


def diff(input, n=1, dim=-1, prepend=None, append=None):
    """n-th forward difference along ``dim`` (torch.diff): ``x[1:] - x[:-1]`` (logical xor for
    bool), after concatenating ``prepend`` / ``append``.

    Raises:
        RuntimeError: for a 0-d input or n < 0.

    Example:
        >>> pyt.diff(pyt.tensor([1, 4, 9]))
        tensor([3, 5])
    """
    from . import cat

    if input.dim() == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    parts = [t for t in (prepend, input, append) if t is not None]
    parts = [t if isinstance(t, _C.Tensor) else _C.full_like(input.narrow(dim, 0, 1), t) for t in parts]
    x = cat(parts, dim) if len(parts) > 1 else input
    for _ in range(n):
        size = x.shape[dim]
        if size == 0:
            break
        a, b = x.narrow(dim, 1, size - 1), x.narrow(dim, 0, size - 1)
        x = a.logical_xor(b) if x.dtype == _C.bool else a - b
    return x


def install(namespace):
    """Puts the functions into pyt's namespace and the methods on Tensor."""
    Tensor = _C.Tensor
    for fn in (broadcast_shapes, broadcast_to, broadcast_tensors, ravel, concatenate, aminmax, std_mean,
               var_mean, isposinf, isneginf, rsub, dist, inner, diff):
        namespace.setdefault(fn.__name__, fn)
    for alias, target in (("greater", "gt"), ("greater_equal", "ge"), ("less", "lt"), ("less_equal", "le"),
                          ("not_equal", "ne")):
        if alias not in namespace and target in namespace:
            namespace[alias] = namespace[target]
            if not hasattr(Tensor, alias) and hasattr(Tensor, target):
                setattr(Tensor, alias, getattr(Tensor, target))
    methods = {"masked_fill_": masked_fill_, "new_tensor": new_tensor, "type_as": type_as,
               "where": _where_method, "addmm": _addmm_method, "broadcast_to": broadcast_to, "ravel": ravel,
               "aminmax": aminmax, "isposinf": isposinf, "isneginf": isneginf, "dist": dist, "inner": inner,
               "diff": diff}
    for name, fn in methods.items():
        if not hasattr(Tensor, name):
            setattr(Tensor, name, fn)
    examples = {"tril": "x = pyt.ones(2, 2); x.tril_(); x", "triu": "x = pyt.ones(2, 2); x.triu_(); x",
                "cumsum": "x = pyt.ones(3); x.cumsum_(0); x", "eq": "x = pyt.ones(2); x.eq_(1.); x",
                "ne": "x = pyt.ones(2); x.ne_(1.); x", "lt": "x = pyt.ones(2); x.lt_(2.); x",
                "le": "x = pyt.ones(2); x.le_(1.); x", "gt": "x = pyt.ones(2); x.gt_(0.); x",
                "ge": "x = pyt.ones(2); x.ge_(1.); x"}
    for name, example in examples.items():
        if not hasattr(Tensor, name + "_"):
            setattr(Tensor, name + "_", _inplace_from(name, example))
