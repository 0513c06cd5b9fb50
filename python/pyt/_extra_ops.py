"""Aliases and composite ops of the ``extra`` family, as pyt functions and Tensor methods.

The elementwise kernels of the family (copysign, xlogy, lgamma, the shifts, ...) are C++
(``pyt/ops/extra.h``) and bound in ``bindings/extra.cpp``; this module adds what torch defines
as aliases or compositions of other ops, with torch's signatures, so autograd flows through the
pyt ops they are made of and records the grad_fn torch records (``fix`` is ``trunc``:
``TruncBackward0``; ``fliplr`` is ``flip``: ``FlipBackward0``; ...):

* aliases: fix, absolute, negative, arcsin, arccos, arctan, arcsinh, arccosh, arctanh, arctan2,
  clip, divide, positive;
* shape and construction: diagflat, meshgrid, repeat_interleave, tensordot, kron,
  cartesian_prod, atleast_1d / 2d / 3d, flipud, fliplr, column_stack, dstack, tensor_split,
  hsplit, vsplit, dsplit, trapezoid, cumulative_trapezoid.

``install(namespace)`` puts them into pyt (with torch's ``out=`` keyword where torch has it,
through ``_out.with_out``) and onto Tensor where torch has a method of the name.
"""
import builtins
import math
import warnings

from . import _C

_ALIASES = {
    # name: (target, in-place too, out= policy)
    "fix": ("trunc", True, "same"),
    "absolute": ("abs", True, "same"),
    "negative": ("neg", True, "same"),
    "arcsin": ("asin", True, "cast"),
    "arccos": ("acos", True, "cast"),
    "arctan": ("atan", True, "cast"),
    "arcsinh": ("asinh", True, "cast"),
    "arccosh": ("acosh", True, "cast"),
    "arctanh": ("atanh", True, "cast"),
    "arctan2": ("atan2", True, "cast"),
    "clip": ("clamp", True, "clamp"),
    "divide": ("div", True, "cast"),
}

# out= policies (see _out.py) of the family's C++ functions.
_OUT_POLICY = {
    "bitwise_left_shift": "cast", "bitwise_right_shift": "cast", "copysign": "cast", "heaviside": "cast",
    "fmax": "cast", "fmin": "cast", "logaddexp": "cast", "logaddexp2": "cast", "nextafter": "cast",
    "xlogy": "cast", "ldexp": "cast", "float_power": "exact", "lgamma": "cast", "digamma": "cast",
    "polygamma": "cast", "sinc": "cast", "i0": "cast", "deg2rad": "cast", "rad2deg": "cast", "logit": "cast",
    "sgn": "same", "signbit": "exact",
}


def _alias(name, target):
    """A function that calls pyt.<target> (torch.<name> is an alias of torch.<target>)."""
    def fn(*args, **kwargs):
        import pyt
        return getattr(pyt, target)(*args, **kwargs)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"{name}(*args, **kwargs) -> Tensor\n\nAlias of pyt.{target} (torch.{name}); the arguments, "
                  f"result, gradient and errors are pyt.{target}'s.\n\nExample:\n    >>> pyt.{name}(...)  # same as "
                  f"pyt.{target}(...)\n")
    return fn


def _method_alias(name, target):
    def m(self, *args, **kwargs):
        return getattr(self, target)(*args, **kwargs)

    m.__name__ = m.__qualname__ = name
    m.__doc__ = f"Alias of Tensor.{target} (torch.Tensor.{name})."
    return m


def positive(input):
    """positive(input) -> Tensor

    Returns input itself (torch.positive); bool tensors raise RuntimeError, as torch's.

    Args:
        input (Tensor): any shape, a numeric dtype.

    Returns:
        Tensor: input (the same object).

    Example:
        >>> x = pyt.tensor([-1.0, 2.0]); pyt.positive(x) is x
        True
    """
    if input.dtype == _C.bool:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


# ---------------------------------------------------------------- construction
def diagflat(input, offset=0):
    """diagflat(input, offset=0) -> Tensor

    A 2-D tensor with the flattened input on its offset-th diagonal (torch.diagflat).

    Args:
        input (Tensor): any shape (flattened to n elements).
        offset (int): 0 the main diagonal, > 0 above it, < 0 below it.

    Returns:
        Tensor: (n + |offset|, n + |offset|), input's dtype; grad_fn DiagEmbedBackward0.

    Example:
        >>> pyt.diagflat(pyt.tensor([[1, 2]]))
        tensor([[1, 0],
                [0, 2]])
    """
    return _C.diag_embed(input.reshape(-1), offset, 0, 1)


def _default_indexing_warning():
    warnings.warn(
        "torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.",
        UserWarning, stacklevel=3)


def meshgrid(*tensors, indexing=None):
    """meshgrid(*tensors, indexing=None) -> tuple of Tensors

    Coordinate grids of the 1-D (or 0-d) inputs (torch.meshgrid). With N inputs of sizes s_i, each
    output has shape (s_1, ..., s_N) ('ij') or (s_2, s_1, s_3, ..., s_N) ('xy', the first two swapped)
    and is an expanded view of its input (ExpandBackward0). Omitting indexing means 'ij' and gives
    torch's UserWarning.

    Args:
        tensors: 1-D or 0-d tensors of one dtype, or one list / tuple of them.
        indexing (str, optional): 'ij' (matrix) or 'xy' (Cartesian).

    Raises:
        RuntimeError: for inputs of other dims or different dtypes, or an unknown indexing.

    Example:
        >>> xs, ys = pyt.meshgrid(pyt.tensor([1, 2]), pyt.tensor([3, 4, 5]), indexing='ij')
        >>> xs.shape, ys.shape
        (pyt.Size([2, 3]), pyt.Size([2, 3]))
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        _default_indexing_warning()
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: {indexing}")
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    for i, t in enumerate(tensors):
        if t.dim() > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t.dim()}D "
                               f"tensor at index {i}")
        if t.dtype != tensors[0].dtype:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    swap = indexing == "xy" and len(tensors) >= 2
    ts = list(tensors)
    if swap:
        ts[0], ts[1] = ts[1], ts[0]
    shape = [t.numel() for t in ts]
    n = len(ts)
    out = []
    for i, t in enumerate(ts):
        view = [1] * n
        view[i] = -1
        out.append(t.reshape(view).expand(shape))
    if swap:
        out[0], out[1] = out[1], out[0]
    return tuple(out)


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """repeat_interleave(input, repeats, dim=None, *, output_size=None) -> Tensor

    Repeats each element (or each slice along dim) of input repeats times (torch.repeat_interleave).
    repeats is an int or a 1-D int64 tensor with one count per element (or per slice); without dim,
    input is flattened. The tensor-only form repeat_interleave(repeats) returns
    ``arange(len(repeats))`` repeated repeats times.

    Args:
        input (Tensor): any shape.
        repeats (int or Tensor): counts, >= 0.
        dim (int, optional): the dim to repeat along.
        output_size (int, optional): the total size along dim (checked).

    Returns:
        Tensor: input's dtype; int repeats record ViewBackward0-style views, tensor repeats
        IndexSelectBackward0.

    Raises:
        RuntimeError: for negative repeats, repeats of the wrong size or dtype, or a wrong output_size.

    Example:
        >>> pyt.repeat_interleave(pyt.tensor([1, 2]), 2)
        tensor([1, 1, 2, 2])
        >>> pyt.repeat_interleave(pyt.tensor([[1, 2], [3, 4]]), pyt.tensor([1, 2]), dim=0)
        tensor([[1, 2],
                [3, 4],
                [3, 4]])
    """
    import pyt

    if repeats is None:  # repeat_interleave(repeats)
        reps = input
        if reps.dim() != 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        if reps.dtype not in (pyt.int64, pyt.int32):
            raise RuntimeError("repeats has to be Long or Int tensor")
        if reps.numel() and int(reps.min()) < 0:
            raise RuntimeError("repeats can not be negative")
        idx = pyt.arange(reps.numel(), dtype=reps.dtype)
        return _repeat_index(idx, reps.to(pyt.int64), output_size)
    if dim is None:
        input = input.reshape(-1)
        dim = 0
    nd = builtins.max(input.dim(), 1)
    if not -nd <= dim < nd:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got {dim})")
    if input.dim() == 0:
        input = input.reshape(1)
    dim = dim % input.dim()
    n = input.shape[dim]
    if isinstance(repeats, pyt.Tensor):
        if repeats.dim() > 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        if repeats.dtype not in (pyt.int64, pyt.int32):
            raise RuntimeError("repeats has to be Long or Int tensor")
        if repeats.numel() == 1:
            repeats = int(repeats.reshape(-1)[0])
        else:
            if repeats.numel() != n:
                raise RuntimeError("repeats must have the same size as input along dim, but got repeats.size(0) = "
                                   f"{repeats.numel()} and input.size({dim}) = {n}")
            if repeats.numel() and int(repeats.min()) < 0:
                raise RuntimeError("repeats can not be negative")
            index = _repeat_index(pyt.arange(n), repeats.to(pyt.int64), output_size)
            return input.index_select(dim, index)
    repeats = int(repeats)
    if repeats < 0:
        raise RuntimeError("repeats can not be negative")
    if output_size is not None and output_size != n * repeats:
        raise RuntimeError(f"repeat_interleave: Invalid output_size, expected {n * repeats} but got {output_size}")
    shape = list(input.shape)
    expanded = input.unsqueeze(dim + 1).expand(*shape[:dim + 1], repeats, *shape[dim + 1:])
    return expanded.reshape(*shape[:dim], n * repeats, *shape[dim + 1:])


def _repeat_index(values, counts, output_size):
    """values[i] repeated counts[i] times (int64), as a 1-D tensor."""
    import pyt

    total = int(counts.sum()) if counts.numel() else 0
    if output_size is not None and output_size != total:
        raise RuntimeError(f"repeat_interleave: Invalid output_size, expected {total} but got {output_size}")
    if total == 0:
        return pyt.zeros(0, dtype=values.dtype)
    # position j of the output takes element searchsorted(cumsum(counts), j, right=True)
    ends = counts.cumsum(0)
    marks = pyt.zeros(total + 1, dtype=pyt.int64)
    marks = marks.index_add(0, ends, pyt.ones(ends.numel(), dtype=pyt.int64))
    which = marks[:total].cumsum(0)
    return values.index_select(0, which).to(values.dtype)


def tensordot(a, b, dims=2, out=None):
    """tensordot(a, b, dims=2, out=None) -> Tensor

    The contraction of a and b over dims (torch.tensordot): an int d contracts the last d dims of a
    with the first d of b; a pair of lists ([a dims], [b dims]) names them. Computed as one matmul of
    the permuted, reshaped operands.

    Args:
        a (Tensor), b (Tensor): the operands, one dtype.
        dims (int, tuple of two lists, or a 2-row tensor): the dims to contract.

    Returns:
        Tensor: a's free dims followed by b's.

    Raises:
        RuntimeError: if contracted sizes differ or dims is negative / too large.

    Example:
        >>> pyt.tensordot(pyt.ones(2, 3), pyt.ones(3, 4), dims=1).shape
        pyt.Size([2, 4])
    """
    import pyt

    if isinstance(dims, pyt.Tensor):
        dims = dims.tolist() if dims.dim() > 0 else int(dims)
    if isinstance(dims, builtins.int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > a.dim() or dims > b.dim():
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        da = list(range(a.dim() - dims, a.dim()))
        db = list(range(dims))
    else:
        if len(dims) != 2:
            raise RuntimeError("tensordot expects dims to be a pair of lists")
        da, db = dims
        da = [da] if isinstance(da, builtins.int) else list(da)
        db = [db] if isinstance(db, builtins.int) else list(db)
        if len(da) != len(db):
            raise RuntimeError("both dimension lists should have same length")
    da = [d % a.dim() if a.dim() else d for d in da]
    db = [d % b.dim() if b.dim() else d for d in db]
    for x, y in zip(da, db):
        if a.shape[x] != b.shape[y]:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {a.shape[x]} in dim {x} "
                               f"and second has size {b.shape[y]} in dim {y}")
    fa = [d for d in range(a.dim()) if d not in da]
    fb = [d for d in range(b.dim()) if d not in db]
    k = math.prod(a.shape[d] for d in da)
    ma = math.prod(a.shape[d] for d in fa)
    nb = math.prod(b.shape[d] for d in fb)
    left = a.permute(*fa, *da).reshape(ma, k)
    right = b.permute(*db, *fb).reshape(k, nb)
    r = left.mm(right).reshape(*[a.shape[d] for d in fa], *[b.shape[d] for d in fb])
    if out is not None:
        return _write_out("tensordot", r, out)
    return r


def _write_out(name, r, out):
    from . import _out

    return _out._call_out(lambda: r, name, "exact", (), {}, out)


def kron(input, other):
    """kron(input, other) -> Tensor

    The Kronecker product (torch.kron): for inputs of (padded to) equal rank, the result has size
    input.size(i) * other.size(i) in each dim, with block (i, j) = input[i, j] * other.

    Args:
        input (Tensor), other (Tensor): any ranks (the lower one is padded with leading 1s).

    Returns:
        Tensor: the promoted dtype.

    Example:
        >>> pyt.kron(pyt.tensor([[1, 2]]), pyt.tensor([[1], [10]]))
        tensor([[ 1,  2],
                [10, 20]])
    """
    nd = builtins.max(input.dim(), other.dim())
    a = input.reshape(*([1] * (nd - input.dim())), *input.shape)
    b = other.reshape(*([1] * (nd - other.dim())), *other.shape)
    ia, ib = [], []
    for d in range(nd):
        ia += [a.shape[d], 1]
        ib += [1, b.shape[d]]
    r = a.reshape(*ia) * b.reshape(*ib)
    return r.reshape(*[a.shape[d] * b.shape[d] for d in range(nd)])


def cartesian_prod(*tensors):
    """cartesian_prod(*tensors) -> Tensor

    The Cartesian product of 1-D tensors (torch.cartesian_prod, itertools.product order): (N, k)
    for k inputs of sizes n_i, N = prod(n_i); one input is returned as it is.

    Args:
        tensors: 1-D tensors of one dtype.

    Example:
        >>> pyt.cartesian_prod(pyt.tensor([1, 2]), pyt.tensor([3, 4]))
        tensor([[1, 3],
                [1, 4],
                [2, 3],
                [2, 4]])
    """
    import pyt

    for t in tensors:
        if t.dim() != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t.shape)}")
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return pyt.stack([g.reshape(-1) for g in grids], 1)


def _atleast(n, tensors):
    import pyt

    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        return tuple(_atleast(n, tuple(tensors[0])))
    out = []
    for t in tensors:
        if not isinstance(t, pyt.Tensor):
            raise TypeError(f"atleast_{n}d(): argument must be a Tensor, not {type(t).__name__}")
        if t.dim() >= n:
            out.append(t)
        elif n == 1:
            out.append(t.reshape(1))
        elif n == 2:
            out.append(t.reshape(1, 1) if t.dim() == 0 else t.unsqueeze(0))
        else:
            out.append(t.reshape(1, 1, 1) if t.dim() == 0 else (t.unsqueeze(0).unsqueeze(-1) if t.dim() == 1
                                                                 else t.unsqueeze(-1)))
    return out[0] if len(out) == 1 else tuple(out)


def atleast_1d(*tensors):
    """atleast_1d(*tensors) -> Tensor or tuple of Tensors

    Views of the inputs with at least one dim: 0-d becomes (1,) (torch.atleast_1d); higher ranks
    are returned as they are. One tensor gives a tensor, several (or a list) a tuple.

    Example:
        >>> pyt.atleast_1d(pyt.tensor(1.5))
        tensor([1.5000])
    """
    return _atleast(1, tensors)


def atleast_2d(*tensors):
    """atleast_2d(*tensors) -> Tensor or tuple of Tensors

    Views with at least two dims: 0-d -> (1, 1), (n,) -> (1, n) (torch.atleast_2d).

    Example:
        >>> pyt.atleast_2d(pyt.tensor([1, 2])).shape
        pyt.Size([1, 2])
    """
    return _atleast(2, tensors)


def atleast_3d(*tensors):
    """atleast_3d(*tensors) -> Tensor or tuple of Tensors

    Views with at least three dims: 0-d -> (1, 1, 1), (n,) -> (1, n, 1), (m, n) -> (m, n, 1)
    (torch.atleast_3d, numpy's convention).

    Example:
        >>> pyt.atleast_3d(pyt.ones(2, 3)).shape
        pyt.Size([2, 3, 1])
    """
    return _atleast(3, tensors)


def flipud(input):
    """flipud(input) -> Tensor

    input reversed along dim 0 (torch.flipud = flip(input, [0])); needs >= 1 dim.

    Example:
        >>> pyt.flipud(pyt.tensor([[1, 2], [3, 4]]))
        tensor([[3, 4],
                [1, 2]])
    """
    if input.dim() < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return input.flip(0)


def fliplr(input):
    """fliplr(input) -> Tensor

    input reversed along dim 1 (torch.fliplr = flip(input, [1])); needs >= 2 dims.

    Example:
        >>> pyt.fliplr(pyt.tensor([[1, 2], [3, 4]]))
        tensor([[2, 1],
                [4, 3]])
    """
    if input.dim() < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return input.flip(1)


def column_stack(tensors, *, out=None):
    """column_stack(tensors, *, out=None) -> Tensor

    Stacks tensors horizontally as columns (torch.column_stack): 0-d and 1-D tensors of n elements
    become (n, 1) columns first, then everything is concatenated along dim 1.

    Example:
        >>> pyt.column_stack([pyt.tensor([1, 2]), pyt.tensor([3, 4])])
        tensor([[1, 3],
                [2, 4]])
    """
    import pyt

    if not tensors:
        raise RuntimeError("column_stack expects a non-empty TensorList")
    cols = [t.reshape(t.numel(), 1) if t.dim() <= 1 else t for t in tensors]
    return pyt.hstack(cols, out=out) if out is not None else pyt.hstack(cols)


def dstack(tensors, *, out=None):
    """dstack(tensors, *, out=None) -> Tensor

    Concatenates atleast_3d views of tensors along dim 2 (torch.dstack).

    Example:
        >>> pyt.dstack([pyt.ones(2, 3), pyt.zeros(2, 3)]).shape
        pyt.Size([2, 3, 2])
    """
    import pyt

    if not tensors:
        raise RuntimeError("dstack expects a non-empty TensorList")
    ts = _atleast(3, tuple(tensors))
    ts = [ts] if isinstance(ts, pyt.Tensor) else list(ts)
    return pyt.cat(ts, 2, out=out) if out is not None else pyt.cat(ts, 2)


def tensor_split(input, indices_or_sections, dim=0):
    """tensor_split(input, indices_or_sections, dim=0) -> tuple of Tensors

    Splits input along dim into views (torch.tensor_split): an int n gives n parts, the first
    size % n of them one element longer; a list (or 1-D int64 tensor) of indices gives the parts
    between them (numpy.array_split semantics).

    Raises:
        RuntimeError: for sections < 1 or a 0-d input.

    Example:
        >>> [t.tolist() for t in pyt.tensor_split(pyt.arange(7), 3)]
        [[0, 1, 2], [3, 4], [5, 6]]
    """
    import pyt

    if input.dim() == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims")
    nd = input.dim()
    if not -nd <= dim < nd:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got {dim})")
    dim %= nd
    size = input.shape[dim]
    if isinstance(indices_or_sections, pyt.Tensor):
        t = indices_or_sections
        if t.dtype != pyt.int64:
            raise RuntimeError("tensor_split expected tensor_indices_or_sections to have dtype of long, but got "
                               f"{t.dtype}")
        if t.dim() > 1:
            raise RuntimeError("tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                               f"one-dimensional tensor, but got a tensor with {t.dim()} dims")
        indices_or_sections = int(t) if t.dim() == 0 else t.tolist()
    if isinstance(indices_or_sections, builtins.int):
        n = indices_or_sections
        if n <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {n}")
        q, r = divmod(size, n)
        bounds, start = [], 0
        for i in range(n):
            length = q + (1 if i < r else 0)
            bounds.append((start, length))
            start += length
    else:
        idx = list(indices_or_sections)
        bounds, start = [], 0
        for i in idx + [size]:
            i = builtins.int(i)
            s = builtins.min(builtins.max(start, 0), size)
            e = builtins.min(builtins.max(i, s), size) if i >= 0 else builtins.min(builtins.max(size + i, s), size)
            bounds.append((s, e - s))
            start = i if i >= 0 else size + i
    return tuple(input.narrow(dim, s, n) for s, n in bounds)


def _split_helper(name, input, indices_or_sections, dim, min_dim):
    if input.dim() < min_dim:
        raise RuntimeError(f"torch.{name} requires a tensor with at least {min_dim} dimension, but got a tensor "
                           f"with {input.dim()} dimensions!")
    if isinstance(indices_or_sections, builtins.int):
        size = input.shape[dim]
        if indices_or_sections == 0 or size % indices_or_sections != 0:
            raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but the size of the "
                               f"dimension {size} is not divisible by the split_size {indices_or_sections}!")
    return tensor_split(input, indices_or_sections, dim)


def hsplit(input, indices_or_sections):
    """hsplit(input, indices_or_sections) -> tuple of Tensors

    tensor_split along dim 1 (dim 0 for 1-D input) (torch.hsplit); an int must divide the size.

    Example:
        >>> [t.shape for t in pyt.hsplit(pyt.ones(2, 4), 2)]
        [pyt.Size([2, 2]), pyt.Size([2, 2])]
    """
    return _split_helper("hsplit", input, indices_or_sections, 1 if input.dim() > 1 else 0, 1)


def vsplit(input, indices_or_sections):
    """vsplit(input, indices_or_sections) -> tuple of Tensors

    tensor_split along dim 0 of an input with >= 2 dims (torch.vsplit); an int must divide the size.

    Example:
        >>> [t.shape for t in pyt.vsplit(pyt.ones(4, 2), [1])]
        [pyt.Size([1, 2]), pyt.Size([3, 2])]
    """
    return _split_helper("vsplit", input, indices_or_sections, 0, 2)


def dsplit(input, indices_or_sections):
    """dsplit(input, indices_or_sections) -> tuple of Tensors

    tensor_split along dim 2 of an input with >= 3 dims (torch.dsplit); an int must divide the size.

    Example:
        >>> [t.shape for t in pyt.dsplit(pyt.ones(1, 2, 4), 2)]
        [pyt.Size([1, 2, 2]), pyt.Size([1, 2, 2])]
    """
    return _split_helper("dsplit", input, indices_or_sections, 2, 3)


def trapezoid(y, x=None, *, dx=None, dim=-1):
    """trapezoid(y, x=None, *, dx=None, dim=-1) -> Tensor

    The trapezoidal rule along dim (torch.trapezoid): sum((y[1:] + y[:-1]) / 2 * dx) with a constant
    spacing dx (default 1) or the sample points x (a tensor broadcastable to y, or 1-D of y's size).

    Example:
        >>> pyt.trapezoid(pyt.tensor([1.0, 2.0, 3.0]))
        tensor(4.)
    """
    import pyt

    n = y.shape[dim] if y.dim() else 0
    if x is not None and dx is not None:
        raise RuntimeError("trapezoid: received both x and dx")
    if n == 0:
        return pyt.zeros_like(y.sum(dim))
    left = y.narrow(dim, 0, n - 1)
    right = y.narrow(dim, 1, n - 1)
    if x is None:
        return (left + right).sum(dim) * ((1 if dx is None else dx) / 2)
    if x.dim() == 1:
        d = x[1:] - x[:-1]
        shape = [1] * y.dim()
        shape[dim] = n - 1
        d = d.reshape(shape)
    else:
        d = x.narrow(dim, 1, n - 1) - x.narrow(dim, 0, n - 1)
    return ((left + right) * d).sum(dim) / 2


def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """cumulative_trapezoid(y, x=None, *, dx=None, dim=-1) -> Tensor

    The running trapezoidal rule along dim (torch.cumulative_trapezoid): one element fewer along dim
    than y.

    Example:
        >>> pyt.cumulative_trapezoid(pyt.tensor([1.0, 2.0, 3.0]))
        tensor([1.5000, 4.0000])
    """
    n = y.shape[dim]
    if x is not None and dx is not None:
        raise RuntimeError("cumulative_trapezoid: received both x and dx")
    left = y.narrow(dim, 0, builtins.max(n - 1, 0))
    right = y.narrow(dim, builtins.min(1, n), builtins.max(n - 1, 0))
    if x is None:
        return ((left + right) * ((1 if dx is None else dx) / 2)).cumsum(dim)
    if x.dim() == 1:
        d = x[1:] - x[:-1]
        shape = [1] * y.dim()
        shape[dim] = n - 1
        d = d.reshape(shape)
    else:
        d = x.narrow(dim, 1, n - 1) - x.narrow(dim, 0, n - 1)
    return ((left + right) * d / 2).cumsum(dim)


def cross(input, other, dim=None, *, out=None):
    """cross(input, other, dim=None, *, out=None) -> Tensor

    The cross product of 3-vectors along dim (torch.cross). input and other broadcast and must share
    one dtype. Without dim, the first dim of size 3 is used and torch's deprecation UserWarning is
    given (pyt.linalg.cross defaults to dim=-1 instead).

    Args:
        input (Tensor), other (Tensor): size 3 along dim.
        dim (int, optional): the dim of the vectors.

    Returns:
        Tensor: the broadcast shape; grad_fn LinalgCrossBackward0.

    Raises:
        RuntimeError: for different dtypes or a size other than 3 along dim.

    Example:
        >>> pyt.cross(pyt.tensor([[1., 0, 0]]), pyt.tensor([[0., 1, 0]]), dim=1)
        tensor([[0., 0., 1.]])
    """
    if dim is None:
        warnings.warn(
            "Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim "
            "explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree with "
            "that of linalg.cross in a future release.", UserWarning, stacklevel=2)
        shape = _broadcast_shape(input.shape, other.shape)
        dim = next((i for i, s in enumerate(shape) if s == 3), None)
        if dim is None:
            raise RuntimeError(f"no dimension of size 3 in input")
    r = _C._linalg_cross(input, other, dim)
    return _write_out("cross", r, out) if out is not None else r


def linalg_cross(input, other, *, dim=-1, out=None):
    """linalg.cross(input, other, *, dim=-1, out=None) -> Tensor

    The cross product of 3-vectors along dim of the broadcast inputs (torch.linalg.cross).

    Args:
        input (Tensor), other (Tensor): one dtype, size 3 along dim.
        dim (int): the dim of the vectors (default: the last).

    Returns:
        Tensor: the broadcast shape; grad_fn LinalgCrossBackward0.

    Example:
        >>> pyt.linalg.cross(pyt.tensor([1., 0, 0]), pyt.tensor([0., 1, 0]))
        tensor([0., 0., 1.])
    """
    r = _C._linalg_cross(input, other, dim)
    return _write_out("linalg.cross", r, out) if out is not None else r


linalg_cross.__name__ = linalg_cross.__qualname__ = "cross"


def _broadcast_shape(a, b):
    n = builtins.max(len(a), len(b))
    a = [1] * (n - len(a)) + list(a)
    b = [1] * (n - len(b)) + list(b)
    return [x if y == 1 else y for x, y in zip(a, b)]


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """cdist(x1, x2, p=2.0, compute_mode='use_mm_for_euclid_dist_if_necessary') -> Tensor

    The p-norm distance between each row of x1 (B..., P, M) and each row of x2 (B..., R, M):
    (B..., P, R), the batch dims broadcast (torch.cdist). For p = 2 torch's matrix-multiplication form
    ``sqrt(clamp(|x1|^2 - 2 x1 x2^T + |x2|^2, 0))`` is used when compute_mode is
    'use_mm_for_euclid_dist', or the default 'use_mm_for_euclid_dist_if_necessary' and P > 25 or
    R > 25; otherwise the distances are computed from the differences (CdistBackward0). p may be 0
    (the number of differing coordinates), fractional, or inf.

    Args:
        x1 (Tensor): (B..., P, M), floating.
        x2 (Tensor): (B..., R, M), x1's dtype.
        p (float): >= 0.
        compute_mode (str): see above; also 'donot_use_mm_for_euclid_dist'.

    Raises:
        RuntimeError: for fewer than 2 dims, different M, non-floating dtypes, negative p or an unknown
            compute_mode.

    Example:
        >>> pyt.cdist(pyt.tensor([[0., 0.]]), pyt.tensor([[3., 4.], [0., 1.]]))
        tensor([[5., 1.]])
    """
    modes = ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist", "donot_use_mm_for_euclid_dist")
    if compute_mode is None:
        compute_mode = modes[0]
    if compute_mode not in modes:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    if x1.dtype in (_C.float16, _C.bfloat16):
        raise NotImplementedError(f"\"cdist\" not implemented for '{'Half' if x1.dtype == _C.float16 else 'BFloat16'}'")
    if x1.dim() < 2 or x2.dim() < 2 or x1.shape[-1] != x2.shape[-1] or x1.dtype != x2.dtype or p < 0 \
            or not x1.is_floating_point():
        return _C._cdist_direct(x1, x2, float(p))  # raises torch's error
    P, R = x1.shape[-2], x2.shape[-2]
    use_mm = p == 2 and (compute_mode == modes[1] or (compute_mode == modes[0] and (P > 25 or R > 25)))
    if not use_mm:
        return _C._cdist_direct(x1, x2, float(p))
    import pyt

    batch = _broadcast_shape(x1.shape[:-2], x2.shape[:-2])
    a = x1.expand(*batch, P, x1.shape[-1]).reshape(-1, P, x1.shape[-1])
    b = x2.expand(*batch, R, x2.shape[-1]).reshape(-1, R, x2.shape[-1])
    an = a.pow(2).sum(-1, keepdim=True)
    bn = b.pow(2).sum(-1, keepdim=True)
    a_ = pyt.cat([a * -2, an, pyt.ones_like(an)], -1)
    b_ = pyt.cat([b, pyt.ones_like(bn), bn], -1)
    r = a_.matmul(b_.transpose(-1, -2)).clamp_min(0).sqrt()
    return r.reshape(*batch, P, R)


_FUNCTIONS = (positive, diagflat, meshgrid, repeat_interleave, tensordot, kron, cartesian_prod, atleast_1d,
              atleast_2d, atleast_3d, flipud, fliplr, column_stack, dstack, tensor_split, hsplit, vsplit, dsplit,
              trapezoid, cumulative_trapezoid, cross, cdist)
# Tensor methods torch has (hasattr(torch.Tensor, name)).
_METHODS = ("positive", "diagflat", "repeat_interleave", "kron", "flipud", "fliplr", "tensor_split", "hsplit",
            "vsplit", "dsplit", "cross")


def _as_method(fn):
    def m(self, *args, **kwargs):
        return fn(self, *args, **kwargs)

    m.__name__ = m.__qualname__ = fn.__name__
    m.__doc__ = f"See pyt.{fn.__name__} (torch.Tensor.{fn.__name__}).\n\n{fn.__doc__}"
    return m


def install(namespace):
    """Puts the family's functions into pyt's namespace (with out= where torch has it) and the
    methods on Tensor."""
    from . import _out

    Tensor = _C.Tensor
    for name, kind in _OUT_POLICY.items():
        if name in namespace:
            _out._POLICY[name] = kind
            namespace[name] = _out.with_out(namespace[name], name)
    for name, (target, inplace, kind) in _ALIASES.items():
        _out._POLICY[name] = kind
        namespace[name] = _out.with_out(_alias(name, target), name)
        setattr(Tensor, name, _method_alias(name, target))
        if inplace:
            setattr(Tensor, name + "_", _method_alias(name + "_", target + "_"))
    for fn in _FUNCTIONS:
        namespace[fn.__name__] = fn
    for name in _METHODS:
        setattr(Tensor, name, _as_method(namespace[name]))
    _install_linalg(namespace)


def _install_linalg(namespace):
    """pyt.linalg.cross: onto the pyt.linalg module when pyt has one, else a new module."""
    import importlib
    import importlib.util
    import sys
    import types

    try:
        spec = importlib.util.find_spec("pyt.linalg")
    except (ImportError, ValueError):
        spec = None
    if spec is not None:
        mod = importlib.import_module("pyt.linalg")
    else:
        mod = types.ModuleType("pyt.linalg", "Linear algebra functions (torch.linalg).")
        sys.modules["pyt.linalg"] = mod
    if not hasattr(mod, "cross"):
        mod.cross = linalg_cross
    namespace["linalg"] = mod
