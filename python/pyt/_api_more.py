"""Small parts of torch's API composed from pyt ops: in-place forms of existing ops
(remainder_, sign_, bitwise_*_, cumprod_, addmm_, greater_, ...), tensor predicates
(is_cpu, is_nonzero, get_device, is_same_size), the *_scatter ops, and aliases/constants
(pyt.pi, pyt.newaxis, pyt.vdot, pyt.combinations, pyt.asarray, ...).

Each function follows the torch doc of the same name (https://pytorch.org/docs/stable/).
"""
import builtins
import itertools
import math

from . import _C

Tensor = _C.Tensor


# ---------------------------------------------------------------- in-place forms ---
def _check_inplace_result(self, result, name):
    """torch's rules for writing an out-of-place result back into self."""
    if tuple(result.shape) != tuple(self.shape):
        raise RuntimeError(f"{name}: output with shape {list(self.shape)} doesn't match the broadcast shape "
                           f"{list(result.shape)}")
    if not _C.can_cast(result.dtype, self.dtype):
        names = {"float32": "Float", "float64": "Double", "float16": "Half", "bfloat16": "BFloat16",
                 "int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}
        r, s = (names[str(d).split(".")[-1]] for d in (result.dtype, self.dtype))
        raise RuntimeError(f"{name}: result type {r} can't be cast to the desired output type {s}")


def _inplace(name, method):
    """The in-place form ``name`` of Tensor method ``method``: self = self.method(...)."""

    def fn(self, *args, **kwargs):
        result = getattr(self, method)(*args, **kwargs)
        _check_inplace_result(self, result, name)
        return self.copy_(result)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"In-place version of Tensor.{method} (torch.Tensor.{name}): writes the result into self "
                  f"and returns self.\n\nRaises RuntimeError when the result does not broadcast to self's shape "
                  f"or its dtype cannot be cast to self's dtype, as torch.\n\nExample:\n"
                  f"    >>> x = pyt.tensor([1., -2.]); x.{name}(...)  # same arguments as Tensor.{method}\n")
    return fn


_INPLACE = {
    "remainder_": "remainder", "sign_": "sign", "bitwise_not_": "bitwise_not", "bitwise_and_": "bitwise_and",
    "bitwise_or_": "bitwise_or", "bitwise_xor_": "bitwise_xor", "cumprod_": "cumprod", "addmm_": "addmm",
    "addmv_": "addmv", "baddbmm_": "baddbmm", "addbmm_": "addbmm", "greater_": "greater", "less_": "less",
    "greater_equal_": "greater_equal", "less_equal_": "less_equal", "not_equal_": "not_equal",
}


def clamp_(input, min=None, max=None):
    """In place: clamps input to [min, max] and returns it (torch.clamp_). See Tensor.clamp_.

    Example:
        >>> x = pyt.tensor([-1., 2.]); pyt.clamp_(x, 0., 1.); x
        tensor([0., 1.])
    """
    return input.clamp_(min, max)


def exp_(input):
    """In place: input = exp(input); returns input (torch.exp_).

    Example:
        >>> x = pyt.zeros(2); pyt.exp_(x)
        tensor([1., 1.])
    """
    return input.exp_()


# ------------------------------------------------------------- tensor predicates ---
def _is_cpu(self):
    """True: pyt tensors live on the CPU (torch.Tensor.is_cpu)."""
    return True


def is_nonzero(input):
    """Whether the single element of input is nonzero (torch.is_nonzero).

    Raises:
        RuntimeError: input does not have exactly one element.

    Example:
        >>> pyt.tensor([0.]).is_nonzero()
        False
    """
    n = input.numel()
    if n == 0:
        raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
    if n > 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return builtins.bool(input.item() != 0)


def _get_device(self):
    """The device index of self: -1 for a CPU tensor (torch.Tensor.get_device)."""
    return -1


def is_same_size(input, other):
    """Whether input and other have the same shape (torch.is_same_size).

    Example:
        >>> pyt.ones(2, 3).is_same_size(pyt.zeros(2, 3))
        True
    """
    return tuple(input.shape) == tuple(other.shape)


def _dim_order(self, *, ambiguity_check=False):
    """The dims of self from outermost to innermost in memory: sorted by decreasing stride,
    ties in dim order (torch.Tensor.dim_order).

    Example:
        >>> pyt.ones(2, 3).t().dim_order()
        (1, 0)
    """
    strides = self.stride()
    return tuple(sorted(range(self.dim()), key=lambda d: -strides[d]))


def _mH(self):
    """The conjugate transpose of the last two dims; for pyt's real dtypes the transpose
    (torch.Tensor.mH). RuntimeError for fewer than 2 dims."""
    if self.dim() < 2:
        raise RuntimeError(f"tensor.mH is only supported on matrices or batches of matrices. Got {self.dim()}-D tensor.")
    return self.transpose(-2, -1)


def _H(self):
    """The conjugate transpose of a matrix (torch.Tensor.H); a 0-d tensor is returned as is.
    RuntimeError for other numbers of dims."""
    if self.dim() == 0:
        return self
    if self.dim() != 2:
        extra = " For batches of matrices, consider using tensor.mH" if self.dim() > 2 else ""
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {self.dim()}-D tensor.{extra}")
    return self.transpose(0, 1)


def _real(self):
    """The real part of self: self itself for pyt's real dtypes (torch.Tensor.real)."""
    return self


def _conj(self):
    """The complex conjugate: self itself for pyt's real dtypes (torch.Tensor.conj)."""
    return self


def _apply_(self, callable):
    """In place: replaces each element x of self by callable(x) (torch.Tensor.apply_); slow,
    element by element in Python. Returns self.

    Example:
        >>> pyt.tensor([1., 2.]).apply_(lambda v: v * 10)
        tensor([10., 20.])
    """
    flat = self.reshape(-1).tolist()
    values = [callable(v) for v in flat]
    import pyt

    self.copy_(pyt.tensor(values, dtype=self.dtype).reshape(self.shape))
    return self


# ----------------------------------------------------------------- functions ---
def split_with_sizes(input, split_sizes, dim=0):
    """Splits input along dim into pieces of the given sizes (torch.split_with_sizes).

    Raises:
        RuntimeError: the sizes do not sum to input.size(dim).

    Example:
        >>> [p.shape[0] for p in pyt.arange(5).split_with_sizes([2, 3])]
        [2, 3]
    """
    sizes = [int(s) for s in split_sizes]
    if builtins.sum(sizes) != input.shape[dim]:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {input.shape[dim]} (input tensor's "
                           f"size at dimension {dim}), but got split_sizes={sizes}")
    return tuple(input.split(sizes, dim))


def narrow_copy(input, dim, start, length):
    """A copy of input.narrow(dim, start, length) (torch.narrow_copy).

    Example:
        >>> pyt.arange(5).narrow_copy(0, 1, 2)
        tensor([1, 2])
    """
    return input.narrow(dim, start, length).clone()


def vdot(input, other, *, out=None):
    """The dot product of two 1-D tensors, conjugating the first (torch.vdot); pyt's dtypes are
    real, so it equals pyt.dot.

    Raises:
        RuntimeError: not both 1-D, or different dtypes.

    Example:
        >>> pyt.vdot(pyt.tensor([1., 2.]), pyt.tensor([3., 4.]))
        tensor(11.)
    """
    if input.dim() != 1 or other.dim() != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.dim()}D and {other.dim()}D tensors")
    if input.dtype != other.dtype:
        raise RuntimeError(f"vdot: expected both vectors to have same dtype, but found {input.dtype} and {other.dtype}")
    r = input.dot(other)
    return r if out is None else out.copy_(r)


def isreal(input):
    """Elementwise whether each element is real: all True for pyt's real dtypes (torch.isreal).

    Example:
        >>> pyt.isreal(pyt.ones(2))
        tensor([True, True])
    """
    import pyt

    return pyt.ones(input.shape, dtype=pyt.bool)


def combinations(input, r=2, with_replacement=False):
    """The length-r combinations of a 1-D tensor's elements, as rows (torch.combinations;
    itertools.combinations order, or combinations_with_replacement).

    Args:
        input: 1-D tensor of n elements.
        r (int): elements per combination.
        with_replacement (bool): allow an element more than once.

    Returns:
        Tensor of shape (k, r) (k combinations); for r == 0 an empty 1-D tensor. Differentiable
        in input (a gather).

    Raises:
        RuntimeError: input is not 1-D.

    Example:
        >>> pyt.combinations(pyt.tensor([1, 2, 3]))
        tensor([[1, 2],
                [1, 3],
                [2, 3]])
    """
    import pyt

    if input.dim() != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input.shape)}")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return pyt.empty(0, dtype=input.dtype)
    import numpy as np

    n = input.shape[0]
    count = math.comb(n + r - 1, r) if with_replacement else math.comb(n, r)
    if count == 0:
        return pyt.empty(0, r, dtype=input.dtype)
    # the result is allocated before any combination is made: sizes too large fail at once
    idx = pyt.empty(count, r, dtype=pyt.int64)
    pyt.empty(count, r, dtype=input.dtype)  # the gathered result must fit as well
    make = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    idx.numpy()[...] = np.fromiter(itertools.chain.from_iterable(make(range(n), r)), dtype=np.int64,
                                   count=count * r).reshape(count, r)
    return input[idx]


def chain_matmul(*matrices, out=None):
    """The product of 2-D matrices, left to right (torch.chain_matmul; deprecated in torch in
    favour of torch.linalg.multi_dot, with the same UserWarning).

    Raises:
        RuntimeError: a matrix that is not 2-D, or no matrices.

    Example:
        >>> pyt.chain_matmul(pyt.eye(2), pyt.ones(2, 3)).shape
        pyt.Size([2, 3])
    """
    import warnings

    warnings.warn("torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use "
                  "torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than "
                  "multiple parameters.", UserWarning, stacklevel=2)
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    for m in matrices:
        if m.dim() != 2:
            raise RuntimeError(f"Tensor dimension is {m.dim()}, expected 2 instead.")
    result = matrices[0] if len(matrices) > 1 else matrices[0].clone()
    for m in matrices[1:]:
        result = result.mm(m)
    return result if out is None else out.copy_(result)


def _scatter_into(input, src, view_of, name):
    if not isinstance(src, Tensor):
        raise TypeError(f"{name}(): argument 'src' must be Tensor, not {type(src).__name__}")
    out = input.clone()
    target = view_of(out)
    if tuple(target.shape) != tuple(src.shape):
        raise RuntimeError(f"{name}(): expected src to have a size equal to the slice of self. src size = "
                           f"{list(src.shape)}, slice size = {list(target.shape)}")
    target.copy_(src)
    return out


def select_scatter(input, src, dim, index):
    """A copy of input with ``src`` written at ``input.select(dim, index)`` (torch.select_scatter).
    Differentiable in input and src.

    Raises:
        RuntimeError: src's shape is not the selected slice's shape.

    Example:
        >>> pyt.select_scatter(pyt.zeros(2, 2), pyt.ones(2), 0, 0)
        tensor([[1., 1.],
                [0., 0.]])
    """
    return _scatter_into(input, src, lambda t: t.select(dim, index), "select_scatter")


def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    """A copy of input with ``src`` written at ``input[..., start:end:step, ...]`` along dim
    (torch.slice_scatter). Differentiable in input and src.

    Example:
        >>> pyt.slice_scatter(pyt.zeros(4), pyt.ones(2), 0, 0, 4, 2)
        tensor([1., 0., 1., 0.])
    """
    d = dim + input.dim() if dim < 0 else dim
    index = (slice(None),) * d + (slice(start, end, step),)
    return _scatter_into(input, src, lambda t: t[index], "slice_scatter")


def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    """A copy of input with ``src`` written on ``input.diagonal(offset, dim1, dim2)``
    (torch.diagonal_scatter). Differentiable in input and src.

    Example:
        >>> pyt.diagonal_scatter(pyt.zeros(2, 2), pyt.ones(2))
        tensor([[1., 0.],
                [0., 1.]])
    """
    return _scatter_into(input, src, lambda t: t.diagonal(offset, dim1, dim2), "diagonal_scatter")


def empty_strided(size, stride, *, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
    """An uninitialised tensor with the given size and strides (torch.empty_strided).

    Raises:
        RuntimeError: size and stride of different lengths, or a negative size or stride.

    Example:
        >>> pyt.empty_strided((2, 3), (1, 2)).stride()
        (1, 2)
    """
    import pyt

    size, stride = [int(s) for s in size], [int(s) for s in stride]
    if len(size) != len(stride):
        raise RuntimeError(f"empty_strided: mismatch in length of strides and shape ({len(stride)} vs {len(size)})")
    if any(s < 0 for s in size) or any(s < 0 for s in stride):
        raise RuntimeError(f"empty_strided: negative sizes or strides are not supported (size {size}, stride {stride})")
    if device is not None:
        pyt.device(str(device))
    n = 0 if 0 in size else 1 + builtins.sum((s - 1) * st for s, st in zip(size, stride))
    out = pyt.empty(n, dtype=dtype).as_strided(size, stride)
    if requires_grad:
        out.requires_grad_(True)
    return out


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False):
    """Converts obj to a tensor, sharing memory when possible (torch.asarray).

    Args:
        obj: a tensor, a numpy array, a buffer-protocol object or a (nested) sequence of numbers.
        dtype: the result's dtype (default: obj's, or inferred as pyt.tensor).
        copy (bool, optional): True always copies; False raises ValueError when a copy is
            needed; None copies only when needed.
        requires_grad (bool): record operations on the result.

    Example:
        >>> pyt.asarray([1, 2])
        tensor([1, 2])
    """
    import pyt

    if device is not None:
        pyt.device(str(device))
    if isinstance(obj, Tensor):
        out = obj if dtype is None else obj.to(dtype)
        shares = out is obj
    else:
        import numpy as np

        if isinstance(obj, np.ndarray) or (hasattr(obj, "__array_interface__") and not isinstance(obj, (list, tuple))):
            out = pyt.as_tensor(obj, dtype=dtype)
            shares = dtype is None or out.dtype == pyt.as_tensor(obj).dtype
        elif isinstance(obj, (bytes, bytearray, memoryview)):
            out = frombuffer(obj, dtype=dtype if dtype is not None else pyt.get_default_dtype())
            shares = True
        else:
            out, shares = pyt.tensor(obj, dtype=dtype), False
    if copy and shares:
        out = out.clone()
    elif copy is False and not shares:
        raise ValueError("asarray(): copy=False but the data must be copied (another dtype or a Python sequence)")
    if requires_grad:
        out = out.detach().requires_grad_(True) if out is obj else out.requires_grad_(True)
    return out


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """A 1-D tensor sharing the memory of a buffer-protocol object (torch.frombuffer).

    Args:
        buffer: bytes-like object (writable for in-place changes to reach it).
        dtype: element dtype.
        count (int): number of elements (-1: all after offset).
        offset (int): bytes to skip.

    Raises:
        ValueError: the buffer's length (after offset) is not a multiple of the element size,
            or offset/count out of range.

    Example:
        >>> pyt.frombuffer(bytearray(8), dtype=pyt.int32)
        tensor([0, 0], dtype=pyt.int32)
    """
    import numpy as np
    import pyt

    size = dtype.itemsize
    nbytes = memoryview(buffer).nbytes
    if offset < 0 or offset > nbytes:
        raise ValueError(f"both buffer length ({nbytes}) and offset ({offset}) must not be negative and offset "
                         "must be smaller than the buffer length")
    if count == -1:
        if (nbytes - offset) % size:
            raise ValueError(f"buffer length ({nbytes - offset} after offset {offset}) must be a multiple of element "
                             f"size ({size})")
        count = (nbytes - offset) // size
    if count <= 0 or offset + count * size > nbytes:
        raise ValueError(f"requested buffer length ({count} * {size} bytes) after offset ({offset}) must not be "
                         f"greater than actual buffer length ({nbytes})")
    name = str(dtype).split(".")[-1]
    if name == "bfloat16":
        raise TypeError("frombuffer(): bfloat16 is not supported (numpy has no bfloat16 dtype)")
    arr = np.frombuffer(buffer, dtype=np.dtype(name), count=count, offset=offset)
    if arr.flags.writeable:
        out = pyt.from_numpy(arr)  # shares the buffer's memory
    else:
        # torch shares a read-only buffer too (with a warning); pyt copies it instead.
        out = pyt.tensor(arr)
    if requires_grad:
        out.requires_grad_(True)
    return out


def dropout(input, p, train):
    """Functional dropout (torch.dropout): see pyt.nn.functional.dropout (training = train).

    Example:
        >>> pyt.dropout(pyt.ones(3), 0.0, True)
        tensor([1., 1., 1.])
    """
    from .nn import functional as F

    return F.dropout(input, p, train)


def typename(obj):
    """The type name of obj (torch.typename): 'pyt.FloatTensor' style for a tensor, the
    qualified class name otherwise.

    Example:
        >>> pyt.typename(pyt.ones(1))
        'pyt.FloatTensor'
    """
    if isinstance(obj, Tensor):
        return obj.type()
    module = getattr(obj, "__module__", "") or ""
    qual = getattr(obj, "__qualname__", type(obj).__qualname__)
    mod = type(obj).__module__ if not hasattr(obj, "__qualname__") else module
    return qual if mod in ("", "builtins") else f"{mod}.{qual}"


def renorm(input, p, dim, maxnorm):
    """Each slice of input along dim (the sub-tensors input.select(dim, i)) rescaled so that its
    p-norm is at most maxnorm (torch.renorm). Differentiable.

    Example:
        >>> pyt.renorm(pyt.tensor([[3., 4.], [0.3, 0.4]]), 2, 0, 1.)
        tensor([[0.6000, 0.8000],
                [0.3000, 0.4000]])
    """
    import pyt

    if not input.is_floating_point():
        names = {pyt.int64: "Long", pyt.int32: "Int", pyt.int16: "Short", pyt.int8: "Char", pyt.uint8: "Byte",
                 pyt.bool: "Bool"}
        raise RuntimeError("renorm: Expected a floating point or complex tensor as input. Got "
                           f"{names.get(input.dtype, str(input.dtype))}")
    if input.dim() < 2:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {input.dim()} dimensions")
    if p <= 0:
        raise RuntimeError(f"renorm: non-positive-norm not supported (p = {p})")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm}")
    if not -input.dim() <= dim < input.dim():
        raise IndexError(f"Dimension out of range (expected to be in range of [{-input.dim()}, "
                         f"{input.dim() - 1}], but got {dim})")
    d = dim + input.dim() if dim < 0 else dim
    others = [i for i in range(input.dim()) if i != d]
    norms = pyt.linalg.vector_norm(input, ord=p, dim=others, keepdim=True)  # p = inf: the max abs
    factor = pyt.where(norms > maxnorm, maxnorm / (norms + 1e-7), pyt.ones_like(norms))
    return input * factor


_FUNCTIONS = (split_with_sizes, narrow_copy, vdot, isreal, combinations, chain_matmul, select_scatter, slice_scatter,
              diagonal_scatter, empty_strided, asarray, frombuffer, dropout, typename, clamp_, exp_, is_nonzero,
              is_same_size, renorm)
_METHODS = {"is_nonzero": is_nonzero, "is_same_size": is_same_size, "split_with_sizes": split_with_sizes,
            "narrow_copy": narrow_copy, "renorm": renorm, "apply_": _apply_, "dim_order": _dim_order,
            "get_device": _get_device, "conj": _conj, "vdot": vdot}
_PROPERTIES = {"is_cpu": _is_cpu, "mH": _mH, "H": _H, "real": _real}


def _cuda(self, device=None, non_blocking=False, memory_format=None):
    """A copy of the tensor on a CUDA device (torch.Tensor.cuda). pyt has no CUDA backend, so
    this raises AssertionError("Torch not compiled with CUDA enabled"), as torch's CPU builds."""
    from . import cuda

    cuda._lazy_init()


_METHODS["cuda"] = _cuda


def install(namespace):
    """Adds what pyt lacks of the above to pyt's namespace and to Tensor (never replacing)."""
    for fn in _FUNCTIONS:
        namespace.setdefault(fn.__name__, fn)
    for name, value in (("pi", math.pi), ("e", math.e), ("inf", math.inf), ("nan", math.nan), ("newaxis", None)):
        namespace.setdefault(name, value)
    for name, method in _INPLACE.items():
        if not hasattr(Tensor, name) and hasattr(Tensor, method):
            setattr(Tensor, name, _inplace(name, method))
    for name, fn in _METHODS.items():
        if not hasattr(Tensor, name):
            setattr(Tensor, name, fn)
    for name, fn in _PROPERTIES.items():
        if not hasattr(Tensor, name):
            setattr(Tensor, name, property(fn, doc=fn.__doc__))
