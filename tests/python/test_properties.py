"""Property-based tests (hypothesis) against torch: binary ops over random broadcastable
shapes (0-d and empty included, Python scalars as weak types) and random index expressions
(ints, slices with steps, None, Ellipsis, integer tensors and lists, bool masks) in
__getitem__ and __setitem__."""

import numpy as np
import pyt
import torch
from helpers import dtype_name
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DTYPES = ["bool", "uint8", "int32", "int64", "float32", "float64"]
OPS = {
    "add": lambda L, a, b: L.add(a, b),
    "sub": lambda L, a, b: a - b,
    "mul": lambda L, a, b: a * b,
    "maximum": lambda L, a, b: L.maximum(a, b),
    "eq": lambda L, a, b: a == b,
    "lt": lambda L, a, b: a < b,
    "where": lambda L, a, b: L.where(a > 0, a, b),
    "true_div": lambda L, a, b: a / b,
}


def _array(rng, shape, dtype):
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if dtype.startswith("float"):
        return rng.uniform(-3, 3, shape).astype(dtype)
    lo = 0 if dtype == "uint8" else -4
    return rng.integers(lo, 5, shape).astype(dtype)


def _same(p, t):
    assert tuple(p.shape) == tuple(t.shape), f"shape {tuple(p.shape)} != torch {tuple(t.shape)}"
    assert dtype_name(p.dtype) == dtype_name(t.dtype), f"dtype {p.dtype} != torch {t.dtype}"
    np.testing.assert_allclose(p.numpy().astype(np.float64), t.numpy().astype(np.float64), rtol=1e-6, atol=1e-6,
                               equal_nan=True)


@SETTINGS
@given(
    shapes=mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, min_side=0, max_side=3),
    op=st.sampled_from(sorted(OPS)),
    da=st.sampled_from(DTYPES),
    db=st.sampled_from(DTYPES),
    scalar=st.sampled_from([None, 2, -1.5, True]),
    seed=st.integers(0, 2**16),
)
def test_broadcasting_binary_ops(shapes, op, da, db, scalar, seed):
    rng = np.random.default_rng(seed)
    a = _array(rng, shapes.input_shapes[0], da)
    b = _array(rng, shapes.input_shapes[1], db) if scalar is None else scalar
    pa, ta = pyt.tensor(a), torch.tensor(a)
    pb, tb = (pyt.tensor(b), torch.tensor(b)) if scalar is None else (b, b)
    f = OPS[op]
    try:
        expected = f(torch, ta, tb)
    except (RuntimeError, TypeError) as e:  # torch rejects the combination: pyt must too, alike
        try:
            f(pyt, pa, pb)
        except type(e):
            return
        raise AssertionError(f"torch raised {type(e).__name__}: {e}; pyt did not")
    _same(f(pyt, pa, pb), expected)


# ------------------------------------------------------------------------ indexing
@st.composite
def index_expressions(draw):
    """(shape, index) for a random tensor shape: items for some leading dims, maybe an
    Ellipsis, items for some trailing dims, and Nones anywhere."""
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=4)))
    if len(shape) > 1 and draw(st.integers(0, 5)) == 0:
        shape = shape[:-1] + (0,)  # an empty dim
    nd = len(shape)
    ellipsis = draw(st.booleans())
    front = draw(st.integers(0, nd))
    back = draw(st.integers(0, nd - front)) if ellipsis else 0
    dims = list(range(front)) + (["..."] if ellipsis else []) + list(range(nd - back, nd))

    def item(size):
        kinds = ["int", "slice", "slice", "list", "tensor", "mask"] if size > 0 else ["slice", "list", "tensor"]
        kind = draw(st.sampled_from(kinds))
        if kind == "int":
            return draw(st.integers(-size, size - 1))
        if kind == "slice":
            lo = draw(st.one_of(st.none(), st.integers(-size - 1, size + 1)))
            hi = draw(st.one_of(st.none(), st.integers(-size - 1, size + 1)))
            return slice(lo, hi, draw(st.one_of(st.none(), st.integers(1, 3))))
        if kind in ("list", "tensor"):
            n = draw(st.sampled_from([1, 2, 3])) if size > 0 else 0
            vals = draw(st.lists(st.integers(-size, size - 1), min_size=n, max_size=n)) if size > 0 else []
            return ("list" if kind == "list" else "t", vals)
        return ("m", draw(st.lists(st.booleans(), min_size=size, max_size=size)))

    items = []
    for d in dims:
        if draw(st.integers(0, 4)) == 0:
            items.append(None)
        items.append(Ellipsis if d == "..." else item(shape[d]))
    if draw(st.integers(0, 4)) == 0:
        items.append(None)
    if not items:
        items = [slice(None)]
    return shape, tuple(items)


def _materialize(L, index):
    out = []
    for it in index:
        if isinstance(it, tuple) and it[0] == "list":
            out.append(list(it[1]))
        elif isinstance(it, tuple) and it[0] == "t":
            out.append(L.tensor(it[1], dtype=L.int64))
        elif isinstance(it, tuple) and it[0] == "m":
            out.append(L.tensor(it[1], dtype=L.bool))
        else:
            out.append(it)
    return tuple(out)


def _torch_result(x, index):
    try:
        return x[_materialize(torch, index)], None
    except (IndexError, RuntimeError, ValueError, TypeError) as e:
        return None, type(e)


@SETTINGS
@given(expr=index_expressions(), seed=st.integers(0, 2**16))
def test_getitem_matches_torch(expr, seed):
    shape, index = expr
    base = np.random.default_rng(seed).standard_normal(shape)
    tr, terr = _torch_result(torch.tensor(base), index)
    if terr is not None:  # torch rejects it (e.g. list indices that do not broadcast): pyt too
        try:
            pyt.tensor(base)[_materialize(pyt, index)]
        except Exception as e:  # noqa: BLE001
            assert isinstance(e, (IndexError, RuntimeError, ValueError, TypeError))
        else:
            raise AssertionError(f"torch raised {terr.__name__}, pyt did not")
        return
    px = pyt.tensor(base, requires_grad=True)
    pr = px[_materialize(pyt, index)]
    _same(pr.detach(), tr)
    if pr.numel() > 0:  # gradients flow back through every index kind
        tx = torch.tensor(base, requires_grad=True)
        tx[_materialize(torch, index)].sum().backward()
        pr.sum().backward()
        np.testing.assert_allclose(px.grad.numpy(), tx.grad.numpy())


@SETTINGS
@given(expr=index_expressions(), seed=st.integers(0, 2**16), scalar=st.booleans())
def test_setitem_matches_torch(expr, seed, scalar):
    shape, index = expr
    rng = np.random.default_rng(seed)
    base = rng.standard_normal(shape)
    tr, terr = _torch_result(torch.tensor(base), index)
    if terr is not None:
        return
    # positions written, to know whether the index repeats one (then the value is a scalar:
    # which duplicate wins is unspecified in torch)
    pos = torch.arange(int(np.prod(shape))).reshape(shape)[_materialize(torch, index)]
    unique = pos.numel() == len(set(pos.flatten().tolist()))
    if scalar or not unique:
        pv = tv = float(rng.standard_normal())
    else:
        v = rng.standard_normal(tuple(tr.shape))
        pv, tv = pyt.tensor(v), torch.tensor(v)
    tx, px = torch.tensor(base), pyt.tensor(base)
    tx[_materialize(torch, index)] = tv
    px[_materialize(pyt, index)] = pv
    _same(px, tx)
