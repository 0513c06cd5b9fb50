"""Tensor metadata queries and small Tensor methods composed of pyt ops.

Queries (``is_signed``, ``is_complex``, ``is_nonzero``, ``is_same_size``, ``nbytes``,
``itemsize``, ``is_cpu``, ``get_device``...), ``sum_to_size``, ``fill_diagonal_``, the
one-argument ``pyt.where(condition)``, and torch's numpy-style ``axis`` / ``keepdims`` keyword
aliases on reductions and dim-taking functions (Note [numpy keyword aliases] in
bindings/tmeta.cpp), with torch's names, signatures and results.

Source: the torch.Tensor and torch function reference of the same names.
"""
from . import _C

# Functions and methods whose `dim` / `keepdim` arguments also take torch's `axis` / `keepdims`.
_NUMPY_ALIAS_NAMES = (
    "sum", "mean", "std", "var", "max", "min", "amax", "amin", "all", "any", "prod", "argmax", "argmin",
    "logsumexp", "cumsum", "cumprod", "softmax", "log_softmax", "median", "nanmedian", "nansum", "nanmean",
    "count_nonzero", "sort", "argsort", "topk", "kthvalue", "mode", "cummax", "cummin", "logcumsumexp",
    "quantile", "nanquantile", "select", "index_select", "gather", "narrow", "squeeze", "unsqueeze", "chunk",
    "unbind", "cat", "concat", "stack", "std_mean", "var_mean", "scatter", "scatter_add", "index_add",
)


def _builtin(obj):
    return type(obj).__name__ == "builtin_function_or_method"


def _takes_kwargs(f):
    """Whether the pybind11 function f's first overload takes **kwargs (then the alias overloads
    must come before it)."""
    lines = (f.__doc__ or "").splitlines()
    if len(lines) > 1 and lines[1].startswith("Overloaded function"):
        lines = [ln for ln in lines if ln.startswith("1. ")]
    return bool(lines) and "**kwargs" in lines[0]


def _install_numpy_aliases():
    Tensor = _C.Tensor
    for name in _NUMPY_ALIAS_NAMES:
        meth = Tensor.__dict__.get(name)
        func = getattr(meth, "__func__", None)
        if func is not None and _builtin(func):
            _C._add_numpy_aliases(Tensor, name, True, _takes_kwargs(func))
        f = _C.__dict__.get(name)
        if f is not None and _builtin(f) and f is not func:
            _C._add_numpy_aliases(_C, name, False, _takes_kwargs(f))


def is_signed(self):
    """True when self's dtype is signed: floating types and int8/16/32/64 (torch.Tensor.is_signed).

    Example:
        >>> pyt.tensor([1], dtype=pyt.uint8).is_signed()
        False
    """
    return self.dtype not in (_C.uint8, _C.bool) and not str(self.dtype).startswith("pyt.uint")


def is_complex(self):
    """False: pyt has no complex dtypes (torch.Tensor.is_complex).

    Example:
        >>> pyt.zeros(2).is_complex()
        False
    """
    return False


def is_nonzero(self):
    """Whether a one-element tensor is nonzero (torch.Tensor.is_nonzero).

    Raises:
        RuntimeError: for an empty tensor ("Boolean value of Tensor with no values is ambiguous") or
            one with more than one value.

    Example:
        >>> pyt.tensor([1.5]).is_nonzero()
        True
    """
    n = self.numel()
    if n == 0:
        raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
    if n > 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return bool(self.item() != 0)


def is_same_size(self, other):
    """Whether self and other have the same shape (torch.Tensor.is_same_size).

    Example:
        >>> pyt.zeros(2, 3).is_same_size(pyt.ones(2, 3))
        True
    """
    return tuple(self.shape) == tuple(other.shape)


def get_device(self):
    """-1 for a CPU tensor, as torch.Tensor.get_device.

    Example:
        >>> pyt.zeros(1).get_device()
        -1
    """
    return -1


def sum_to_size(self, *size):
    """self summed down to ``size``, which must expand to self's shape (torch.Tensor.sum_to_size).

    Dims where ``size`` has 1 (and self does not) and the leading dims ``size`` lacks are summed.

    Args:
        *size (ints or one sequence): the target shape.

    Returns:
        Tensor of shape ``size`` (self itself when the shapes agree).

    Raises:
        RuntimeError: when ``size`` does not expand to self's shape.

    Example:
        >>> pyt.ones(2, 3).sum_to_size(1, 3)
        tensor([[2., 2., 2.]])
    """
    if len(size) == 1 and not isinstance(size[0], int):
        size = tuple(size[0])
    size = tuple(int(s) for s in size)
    shape = tuple(self.shape)
    lead = len(shape) - len(size)
    ok = lead >= 0 and all(s == d or s == 1 for s, d in zip(size, shape[lead:]))
    if not ok:
        raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(shape)}}}.")
    if size == shape:
        return self
    dims = list(range(lead)) + [lead + i for i, s in enumerate(size) if s == 1 and shape[lead + i] != 1]
    out = self.sum(dims, keepdim=True) if dims else self
    return out.view(size) if lead else out


def fill_diagonal_(self, fill_value, wrap=False):
    """Fills the main diagonal of self in place (torch.Tensor.fill_diagonal_).

    For a 2-D (h, w) tensor, elements (i, i) for i < min(h, w); with ``wrap=True`` a tall matrix's
    diagonal restarts after every w + 1 rows, as torch's. For more dims all sizes must be equal.

    Args:
        fill_value (number): cast to self's dtype.
        wrap (bool): continue the diagonal below the first N columns of a tall matrix.

    Returns:
        self.

    Raises:
        RuntimeError: fewer than 2 dims, or unequal sizes with more than 2 dims.

    Example:
        >>> pyt.zeros(2, 3).fill_diagonal_(5.)
        tensor([[5., 0., 0.],
                [0., 5., 0.]])
    """
    import pyt

    nd = self.dim()
    if nd < 2:
        raise RuntimeError("fill_diagonal_: dimensions must larger than 1")
    shape = tuple(self.shape)
    if nd > 2 and any(s != shape[0] for s in shape):
        raise RuntimeError("fill_diagonal_: all dimensions of input must be of equal length")
    if nd == 2:
        h, w = shape
        n = min(h, w)
        if wrap and h > w + 1 and w > 0:
            pos = pyt.arange(0, h * w, w + 1)
            idx = (pos // w, pos % w)
        else:
            r = pyt.arange(n)
            idx = (r, r)
    else:
        r = pyt.arange(shape[0])
        idx = (r,) * nd
    value = pyt.tensor(fill_value, dtype=self.dtype)
    return self.index_put_(idx, value)


def _torch_name(dtype):
    """torch's C++ name of a dtype, as its error messages print it (Float, Long, ...)."""
    names = {"float32": "Float", "float64": "Double", "float16": "Half", "bfloat16": "BFloat16", "int64": "Long",
             "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}
    short = str(dtype).split(".")[-1]
    return names.get(short, short)


def _inplace_of(name):
    """Tensor.<name>_ from Tensor.<name>: the result is written into self with copy_ (grad_fn
    CopyBackwards); RuntimeError, as torch, when its dtype cannot be cast to self's or its shape
    is not self's."""

    def method(self, *args, **kwargs):
        result = getattr(self, name)(*args, **kwargs)
        if not _C.can_cast(result.dtype, self.dtype):
            raise RuntimeError(f"result type {_torch_name(result.dtype)} can't be cast to the desired output type "
                               f"{_torch_name(self.dtype)} ({name}_)")
        if tuple(result.shape) != tuple(self.shape):
            raise RuntimeError(f"{name}_: output with shape {list(self.shape)} doesn't match the broadcast shape "
                               f"{list(result.shape)}")
        return self.copy_(result)

    method.__name__ = method.__qualname__ = name + "_"
    method.__doc__ = (f"In-place Tensor.{name} (torch.Tensor.{name}_): writes the result into self and returns "
                      f"self.\n\nRaises:\n    RuntimeError: when the result's dtype cannot be cast to self's or its "
                      f"shape is not self's.\n\nExample:\n    >>> x = pyt.ones(2, 2); x.{name}_(...)  # as x = "
                      f"x.{name}(...)\n")
    return method


_INPLACE_NAMES = ("addmm", "addmv", "addr", "addbmm", "baddbmm", "bitwise_and", "bitwise_or", "bitwise_xor",
                  "bitwise_not", "cumprod", "greater", "greater_equal", "less", "less_equal", "not_equal",
                  "remainder", "sign")


def _self(self):
    """self itself: conj, resolve_conj and resolve_neg of a real tensor (torch returns the same
    tensor; pyt has no complex dtypes).

    Example:
        >>> x = pyt.ones(2); x.conj() is x
        True
    """
    return self


def _false(self):
    """False: pyt has no conjugate / negative bits, meta, sparse, quantized or nested tensors
    (torch's is_conj, is_neg, is_meta, is_sparse, is_quantized, is_nested on a CPU real tensor).

    Example:
        >>> pyt.ones(2).is_conj()
        False
    """
    return False


def _mH(self):
    if self.dim() < 2:
        raise RuntimeError("tensor.mH is only supported on matrices or batches of matrices. "
                           f"Got {self.dim()}-D tensor.")
    return self.transpose(-2, -1)


def _H(self):
    if self.dim() == 2:
        return self.t()
    if self.dim() == 0:
        return self.t()
    raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {self.dim()}-D tensor.")


def adjoint(self):
    """The conjugate transpose of the last two dims, a view (torch.adjoint; real dtypes: transpose).

    Raises:
        RuntimeError: fewer than 2 dims.

    Example:
        >>> pyt.zeros(2, 3).adjoint().shape
        pyt.Size([3, 2])
    """
    if self.dim() < 2:
        raise RuntimeError("adjoint() is only supported on matrices or batches of matrices. "
                           f"Got {self.dim()}-D tensor.")
    return self.transpose(-2, -1)


def isreal(input):
    """True for every element of a real tensor (torch.isreal; pyt has no complex dtypes).

    Example:
        >>> pyt.isreal(pyt.tensor([1., 2.]))
        tensor([True, True])
    """
    import pyt

    return pyt.ones(tuple(input.shape), dtype=pyt.bool)


def narrow_copy(self, dim, start, length):
    """A copy of self.narrow(dim, start, length) (torch.Tensor.narrow_copy).

    Example:
        >>> pyt.arange(5).narrow_copy(0, 1, 2)
        tensor([1, 2])
    """
    return self.narrow(dim, start, length).clone()


def split_with_sizes(self, split_sizes, dim=0):
    """Splits self along dim into pieces of the given sizes, which must sum to size(dim)
    (torch.Tensor.split_with_sizes).

    Raises:
        RuntimeError: when the sizes do not sum to size(dim).

    Example:
        >>> [t.shape[0] for t in pyt.arange(5).split_with_sizes([2, 3])]
        [2, 3]
    """
    split_sizes = [int(s) for s in split_sizes]
    d = dim + self.dim() if dim < 0 else dim
    if self.dim() == 0 or not 0 <= d < self.dim():
        raise IndexError(f"Dimension out of range (expected to be in range of [{-max(self.dim(), 1)}, "
                         f"{max(self.dim(), 1) - 1}], but got {dim})")
    if sum(split_sizes) != self.shape[d]:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {self.shape[d]} (input tensor's "
                           f"size at dimension {dim}), but got split_sizes={split_sizes}")
    return self.split(split_sizes, dim)


def _unsafe_split(self, split_size, dim=0):
    """torch.Tensor.unsafe_split: split (the pieces are views here too)."""
    return self.split(split_size, dim)


def _unsafe_chunk(self, chunks, dim=0):
    """torch.Tensor.unsafe_chunk: chunk (the pieces are views here too)."""
    return self.chunk(chunks, dim)


def _ger(self, vec2):
    """torch.Tensor.ger: the outer product (alias of outer)."""
    return self.outer(vec2)


def _prelu(self, weight):
    """torch.Tensor.prelu: nn.functional.prelu(self, weight)."""
    from .nn import functional as F

    return F.prelu(self, weight)


def _hardshrink(self, lambd=0.5):
    """torch.Tensor.hardshrink: nn.functional.hardshrink(self, lambd)."""
    from .nn import functional as F

    return F.hardshrink(self, lambd)


_where3 = None


def where(condition, input=None, other=None, *, out=None):
    """``where(condition)``: nonzero(condition, as_tuple=True); ``where(condition, input, other)``:
    input where condition is True, other elsewhere (torch.where).

    Args:
        condition (BoolTensor): the selector (broadcast with input and other).
        input, other (Tensor or number): the values; both or neither.

    Returns:
        a tuple of 1-d int64 index tensors (one argument), or the broadcast selection.

    Raises:
        TypeError: when only one of input and other is given.

    Example:
        >>> pyt.where(pyt.tensor([0., 1., 2.]) > 0)
        (tensor([1, 2]),)
    """
    if input is None and other is None:
        if out is not None:
            raise TypeError("where(): the one-argument form takes no out=")
        return condition.nonzero(as_tuple=True)
    if input is None or other is None:
        raise TypeError("where() missing 1 required positional argument: 'input' or 'other'")
    if out is None:
        return _where3(condition, input, other)
    return _where3(condition, input, other, out=out)


def install(namespace):
    """Puts the functions into pyt's namespace, the methods on Tensor, and the keyword aliases."""
    global _where3
    Tensor = _C.Tensor
    _install_numpy_aliases()
    _where3 = namespace["where"]
    where.__name__ = "where"
    namespace["where"] = where
    methods = {"is_signed": is_signed, "is_complex": is_complex, "is_nonzero": is_nonzero,
               "is_same_size": is_same_size, "get_device": get_device, "sum_to_size": sum_to_size,
               "fill_diagonal_": fill_diagonal_}
    methods.update({"conj": _self, "resolve_conj": _self, "resolve_neg": _self, "is_conj": _false,
                    "is_neg": _false, "adjoint": adjoint, "isreal": isreal, "narrow_copy": narrow_copy,
                    "split_with_sizes": split_with_sizes, "unsafe_split": _unsafe_split,
                    "unsafe_chunk": _unsafe_chunk, "ger": _ger, "prelu": _prelu, "hardshrink": _hardshrink})
    for name in _INPLACE_NAMES:
        if hasattr(Tensor, name):
            methods[name + "_"] = _inplace_of(name)
    for name, fn in methods.items():
        if not hasattr(Tensor, name):
            setattr(Tensor, name, fn)
    for fn in (adjoint, isreal, narrow_copy, split_with_sizes):
        namespace.setdefault(fn.__name__, fn)
    for name, fn in (("conj", _self), ("resolve_conj", _self), ("resolve_neg", _self), ("is_conj", _false),
                     ("is_neg", _false), ("ger", _ger)):
        namespace.setdefault(name, fn)
    props = dict({
        "mH": (_mH, "The last two dims transposed, a view (torch.Tensor.mH; real dtypes)."),
        "H": (_H, "The transpose of a 2-D (or 0-d) tensor, a view (torch.Tensor.H; real dtypes)."),
        "is_meta": (_false, "False: no meta tensors in pyt (torch.Tensor.is_meta)."),
        "is_sparse": (_false, "False: no sparse tensors in pyt (torch.Tensor.is_sparse)."),
        "is_quantized": (_false, "False: no quantized tensors in pyt (torch.Tensor.is_quantized)."),
        "is_nested": (_false, "False: no nested tensors in pyt (torch.Tensor.is_nested)."),
        "nbytes": (lambda self: self.numel() * self.element_size(),
                   "Bytes of the tensor's elements: numel() * element_size() (torch.Tensor.nbytes)."),
        "itemsize": (lambda self: self.element_size(), "Bytes per element (torch.Tensor.itemsize)."),
        "is_cpu": (lambda self: True, "True: every pyt tensor lives on the CPU (torch.Tensor.is_cpu)."),
    })
    for name, (getter, doc) in props.items():
        if not hasattr(Tensor, name):
            setattr(Tensor, name, property(getter, doc=doc))
