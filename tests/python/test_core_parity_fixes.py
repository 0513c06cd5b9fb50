"""Differential tests against torch for tensor-core behaviours a new user found different:
int32 indices of the indexing ops, Python ints beyond int64 in pyt.tensor, lists as
indices (numpy's legacy sequence-as-tuple rule), internal overlap of in-place writes,
multinomial without replacement, sort/argsort signatures and topk among ties."""

import warnings

import numpy as np
import pytest
import pyt
import torch

from helpers import assert_same, both, gradcheck, to_np


def _outcome(fn, mod):
    try:
        return "ok", fn(mod)
    except Exception as e:  # noqa: BLE001 - the exception type is what is compared
        return "exc", e


def _same_outcome(fn, rtol=0.0, atol=0.0):
    """fn(pyt) and fn(torch) both succeed with equal results, or both raise the same type."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (kt, rt), (kp, rp) = _outcome(fn, torch), _outcome(fn, pyt)
    if kt == "exc" or kp == "exc":
        assert kt == kp == "exc", f"torch: {kt} {rt!r}; pyt: {kp} {rp!r}"
        assert type(rp).__name__ == type(rt).__name__, f"torch raised {rt!r}, pyt raised {rp!r}"
        return rt, rp
    assert_same(rp, rt, rtol=rtol, atol=atol)
    return rt, rp


# ------------------------------------------------------------------ int32 indices ---

A = np.arange(12.0, dtype=np.float32).reshape(3, 4)
IDX2 = [[2, 0, 1, 3], [1, 1, 0, 0]]

INDEX_OPS = {
    "gather": lambda m, i: m.tensor(A).gather(1, i(IDX2)),
    "gather_fn": lambda m, i: m.gather(m.tensor(A), 0, i([[2, 0, 1, 0]])),
    "gather_0d": lambda m, i: m.tensor(3.0).gather(0, i(0)),
    "scatter_src": lambda m, i: m.zeros(3, 4).scatter(1, i(IDX2), m.ones(2, 4)),
    "scatter_value": lambda m, i: m.zeros(3, 4).scatter(1, i(IDX2), 5.0),
    "scatter_": lambda m, i: m.zeros(3, 4).scatter_(1, i(IDX2), m.tensor(A)),
    "scatter_value_": lambda m, i: m.zeros(3, 4).scatter_(0, i(IDX2), -2.0),
    "scatter_reduce_add_": lambda m, i: m.ones(3, 4).scatter_(1, i(IDX2), m.tensor(A), reduce="add"),
    "scatter_reduce_mul_": lambda m, i: m.full((3, 4), 2.0).scatter_(1, i(IDX2), m.tensor(A), reduce="multiply"),
    "scatter_add": lambda m, i: m.zeros(3, 4).scatter_add(1, i(IDX2), m.tensor(A)),
    "scatter_add_": lambda m, i: m.zeros(3, 4).scatter_add_(0, i(IDX2), m.tensor(A)),
    "scatter_reduce": lambda m, i: m.zeros(3, 4).scatter_reduce(1, i(IDX2), m.tensor(A), "amax"),
    "scatter_reduce_": lambda m, i: m.ones(3, 4).scatter_reduce_(1, i(IDX2), m.tensor(A), "mean",
                                                                 include_self=False),
    "index_select": lambda m, i: m.tensor(A).index_select(1, i([3, 0, 3])),
    "index_select_fn": lambda m, i: m.index_select(m.tensor(A), 0, i([2])),
    "index_add": lambda m, i: m.zeros(3, 4).index_add(1, i([3, 0, 3]), m.ones(3, 3), alpha=2),
    "index_add_": lambda m, i: m.zeros(3, 4).index_add_(0, i([1, 1]), m.ones(2, 4)),
    "index_copy": lambda m, i: m.zeros(3, 4).index_copy(1, i([3, 0]), m.ones(3, 2)),
    "index_copy_": lambda m, i: m.zeros(3, 4).index_copy_(1, i([3, 0]), m.ones(3, 2)),
    "index_fill": lambda m, i: m.zeros(3, 4).index_fill(1, i([3, 0]), 7.0),
    "index_fill_": lambda m, i: m.zeros(3, 4).index_fill_(0, i([1]), 7.0),
    "index_put": lambda m, i: m.zeros(3, 4).index_put((i([2, 0]),), m.ones(4)),
    "index_put_acc": lambda m, i: m.zeros(3, 4).index_put_((i([2, 2]), i([1, 1])), m.ones(2), accumulate=True),
    "take": lambda m, i: m.tensor(A).take(i([[5, 11]])),
    "put": lambda m, i: m.zeros(3, 4).put(i([5, 11]), m.ones(2)),
    "put_": lambda m, i: m.zeros(3, 4).put_(i([5, 5]), m.ones(2), accumulate=True),
    "take_along_dim": lambda m, i: m.take_along_dim(m.tensor(A), i([[2], [0], [1]]), 1),
    "take_along_dim_flat": lambda m, i: m.take_along_dim(m.tensor(A), i([7, 1])),
    "getitem": lambda m, i: m.tensor(A)[i([2, 0, 2])],
    "getitem_2": lambda m, i: m.tensor(A)[i([2, 0]), i([[3], [1]])],
    "getitem_slice": lambda m, i: m.tensor(A)[:, i([3, 0])],
    "setitem": lambda m, i: _setitem(m.tensor(A), (slice(None), i([1, 3])), -1.0),
    "setitem_2": lambda m, i: _setitem(m.tensor(A), (i([0, 2]), i([1, 3])), m.tensor([5.0, 6.0])),
    "embedding": lambda m, i: m.nn.functional.embedding(i([[1, 0]]), m.tensor(A)),
}


def _setitem(x, idx, v):
    x[idx] = v
    return x


@pytest.mark.parametrize("dt", ["int64", "int32", "int16", "int8", "uint8", "float32", "bool"])
@pytest.mark.parametrize("op", sorted(INDEX_OPS))
def test_index_dtypes_match_torch(op, dt):
    """Each indexing op accepts exactly the index dtypes torch 2.13 accepts, with its exception type."""
    fn = INDEX_OPS[op]
    if dt == "bool" and op in ("getitem", "getitem_2", "getitem_slice", "setitem", "setitem_2",
                               "index_put", "index_put_acc"):
        pytest.skip("a bool index is a mask there (covered by test_indexing)")
    rt, rp = _same_outcome(lambda m: fn(m, lambda v: m.tensor(v, dtype=getattr(m, dt))))
    if isinstance(rt, Exception):
        # torch's wording (its first sentence) is kept; pyt may add the dtype and op.
        head = str(rt).split(",")[0].split(" but got")[0].rstrip(".")
        assert head in str(rp), f"torch: {rt}; pyt: {rp}"


@pytest.mark.parametrize("op", ["gather", "scatter_add", "scatter_src", "index_select", "index_add",
                                "index_put_acc", "getitem_2", "scatter_reduce"])
def test_int32_index_grads_match_torch(op):
    """Gradients through the ops with an int32 index match torch's (and gradcheck)."""
    arrs = {
        "gather": (lambda m, x, i: x.gather(1, i(IDX2)), (3, 4)),
        "scatter_add": (lambda m, x, i: m.zeros(3, 4, dtype=x.dtype).scatter_add(1, i(IDX2), x[:2]), (3, 4)),
        "scatter_src": (lambda m, x, i: (x * 2).scatter(1, i([[1, 0], [3, 2]]), x[:2, :2]), (3, 4)),
        "index_select": (lambda m, x, i: x.index_select(1, i([3, 0, 3])), (3, 4)),
        "index_add": (lambda m, x, i: (x * 1).index_add(0, i([2, 2, 0]), x * 3), (3, 4)),
        "index_put_acc": (lambda m, x, i: (x * 1).index_put((i([2, 2]),), x[:2], accumulate=True), (3, 4)),
        "getitem_2": (lambda m, x, i: x[i([2, 0, 2]), i([[3], [1]])], (3, 4)),
        "scatter_reduce": (lambda m, x, i: x.scatter_reduce(1, i(IDX2), x[:2] * 2, "prod"), (3, 4)),
    }
    fn, shape = arrs[op]
    data = np.random.default_rng(3).standard_normal(shape)
    p, t = both(data, requires_grad=True)
    op_p = fn(pyt, p, lambda v: pyt.tensor(v, dtype=pyt.int32))
    op_t = fn(torch, t, lambda v: torch.tensor(v, dtype=torch.int32))
    assert_same(op_p, op_t, rtol=1e-12, atol=1e-12)
    assert type(op_p.grad_fn).__name__ if hasattr(op_p.grad_fn, "__name__") else True
    cot = np.random.default_rng(4).standard_normal(tuple(op_t.shape))
    op_p.backward(pyt.tensor(cot))
    op_t.backward(torch.tensor(cot))
    np.testing.assert_allclose(to_np(p.grad), to_np(t.grad), rtol=1e-12, atol=1e-12)
    x = pyt.tensor(data, requires_grad=True)
    assert gradcheck(lambda x: fn(pyt, x, lambda v: pyt.tensor(v, dtype=pyt.int32)), [x])


def test_int32_index_noncontiguous_and_out_of_range():
    """A non-contiguous int32 index reads correctly; out-of-range int32 values raise as int64 ones."""
    idx = np.array([[3, 0, 2], [1, 2, 0], [0, 1, 1]], dtype=np.int32)
    _same_outcome(lambda m: m.tensor(A[:, :3]).gather(0, m.tensor(idx).t()))
    _same_outcome(lambda m: m.zeros(3, 3).scatter_add(1, m.tensor(idx[:, ::2]), m.ones(3, 2)))
    _same_outcome(lambda m: m.tensor(A).gather(1, m.tensor([[4]], dtype=m.int32)))
    _same_outcome(lambda m: m.tensor(A)[m.tensor([3], dtype=m.int32)])
    _same_outcome(lambda m: m.tensor(A).index_select(0, m.tensor([-1], dtype=m.int32)))
    _same_outcome(lambda m: m.tensor(A)[:, m.tensor([-1, -4], dtype=m.int32)])
    _same_outcome(lambda m: m.tensor(A).gather(1, m.tensor([[-1]], dtype=m.int32)))


# ------------------------------------------------------- Python ints beyond int64 ---

@pytest.mark.parametrize("data", ["2**63", "[1, 2**64]", "-2**63-1", "-2**63", "2**63-1", "[[1], [2**70]]",
                                  "[2**64, 1.5]", "[True, 2**64]", "[]"])
@pytest.mark.parametrize("dtype", [None, "int64", "float32", "bool"])
def test_tensor_big_python_ints(data, dtype):
    """pyt.tensor of ints outside int64: ValueError as torch ("Overflow when unpacking long long")."""
    def fn(m):
        kw = {} if dtype is None else {"dtype": getattr(m, dtype)}
        return m.tensor(eval(data), **kw)
    rt, rp = _same_outcome(fn, rtol=1e-6)
    if isinstance(rt, ValueError):
        assert "Overflow when unpacking long long" in str(rp)


@pytest.mark.parametrize("npdt", [np.uint16, np.uint32, np.uint64])
@pytest.mark.parametrize("make", ["tensor", "as_tensor", "from_numpy"])
def test_unsigned_numpy_arrays_refused_clearly(npdt, make):
    """numpy uint16/32/64 arrays: pyt has no such dtypes; TypeError naming the numpy dtype."""
    arr = np.ones(3, npdt)
    with pytest.raises(TypeError) as e:
        getattr(pyt, make)(arr)
    msg = str(e.value)
    assert np.dtype(npdt).name in msg and "int64" in msg and "uint8" in msg


# --------------------------------------------------------------- lists as indices ---

LIST_INDICES = [
    "[[0, 1]]", "[[0, 1], [1, 2]]", "[0, [1]]", "[slice(None), 0]", "[0, 1]", "[None, 0]", "[Ellipsis, 0]",
    "[m.tensor([0, 2])]", "[m.tensor(1)]", "[0, m.tensor([1])]", "[[True, False, True]]", "[True]",
    "[0] * 40", "[[0, 1]] * 40", "[0, 1, 2] * 11 + [[0]]", "[1, slice(None)]", "[[0, 1], slice(1, 3)]",
    "[[[0, 1]], [2]]", "np.array([[0, 1]])", "[np.array([0, 2])]", "[[0, 1], [[1], [2]]]", "(0, [1])",
    "[]", "[[]]",
]


@pytest.mark.parametrize("index", LIST_INDICES)
def test_list_index_getitem(index):
    """x[list] follows torch's treatSequenceAsTuple rule (x[[[0, 1]]] is x[[0, 1]])."""
    _same_outcome(lambda m: (lambda x: x[eval(index)])(m.arange(12).reshape(3, 4)))


@pytest.mark.parametrize("index", LIST_INDICES)
def test_list_index_setitem(index):
    """x[list] = v writes where torch writes."""
    def fn(m):
        x = m.arange(12).reshape(3, 4)
        x[eval(index)] = -1
        return x
    _same_outcome(fn)


# ------------------------------------------------------------ overlapping writes ---

OVERLAP_CASES = [
    "x[1:].copy_(x[:-1])", "x[1:].add_(x[:-1])", "x[:-1].add_(x[1:])", "x[:5].copy_(x[5:])", "x.add_(x)",
    "x.copy_(x)", "x.mul_(x)", "x[::2].copy_(x[1::2])", "x.view(2, 5).t().copy_(x.view(5, 2))", "x[1:].mul_(2)",
    "x[1:].add_(x[:-1].clone())", "x[2:6].copy_(x[3:7])", "x[1:].sub_(x[:-1], alpha=2)",
    "x.view(2, 5)[0].copy_(x.view(2, 5)[1])", "x[:3].expand(2, 3).add_(1)",
    "m.zeros(1).expand(5).copy_(m.arange(5.0))", "m.ones(4).expand(3, 4).add_(1)", "m.add(x[:-1], 1, out=x[1:])",
    "m.mul(x[:-1], x[1:], out=x[1:])", "m.add(x, 1, out=x)", "m.neg(x[1:], out=x[:-1])",
    "m.add(x[:5], x[5:], out=x[:5])", "x[1:4].copy_(x[:-1].view(3, 3)[0])",
]


@pytest.mark.parametrize("code", OVERLAP_CASES)
def test_overlapping_writes(code):
    """Partial overlap of an in-place/out= destination with an input, or a write into an expanded
    tensor, raises RuntimeError as torch (with its message); exact aliasing stays allowed."""
    def fn(m):
        x = m.arange(10.0)
        eval(code)
        return x
    rt, rp = _same_outcome(fn)
    if isinstance(rt, Exception):
        assert str(rt).split(".")[0] in str(rp)


def test_overlap_with_autograd():
    """The check also holds when the in-place op records a graph."""
    for m in (torch, pyt):
        a = m.zeros(4, requires_grad=True).clone()
        with pytest.raises(RuntimeError, match="some elements of the input tensor and the written-to tensor"):
            a[1:].add_(a[:-1])
        b = m.zeros(4, requires_grad=True).clone()
        b.add_(b)  # exact aliasing
        b.sum().backward()


# ------------------------------------------------------------------- multinomial ---

@pytest.mark.parametrize("probs,n", [([0.0, 1, 0], 2), ([0.0, 1, 0], 3), ([0.0, 1, 0], 4), ([0.0, 0, 0], 1),
                                     ([[0.0, 1, 0], [1, 1, 0]], 3), ([[0.0, 2, 0, 0], [0, 0, 0, 1]], 2)])
def test_multinomial_without_replacement_zero_weights(probs, n):
    """More samples than nonzero weights: allowed as torch; nonzero categories come first and the
    samples of a row are distinct. Errors (all-zero row, n > k) as torch."""
    rt, rp = (_outcome(lambda m: m.multinomial(m.tensor(probs), n), m) for m in (torch, pyt))
    assert rt[0] == rp[0], (rt, rp)
    if rt[0] == "exc":
        assert type(rt[1]) is type(rp[1]) and str(rt[1]).split(" (")[0] in str(rp[1])
        return
    p = np.atleast_2d(np.array(probs))
    out = np.atleast_2d(to_np(rp[1]))
    assert out.shape == np.atleast_2d(to_np(rt[1])).shape
    for row, w in zip(out, p):
        assert len(set(row.tolist())) == n
        nz = int((w > 0).sum())
        assert all(w[c] > 0 for c in row[:min(n, nz)]) and all(w[c] == 0 for c in row[nz:])


# --------------------------------------------------------------- sort signatures ---

H = (np.random.RandomState(8).randint(-3, 4, (4, 50)) / 2).astype(np.float16)
H[0, 3], H[1, 5], H[2, 7] = np.nan, np.inf, -np.inf

SORT_CALLS = [
    "x.sort(0, stable=True)", "m.sort(x, 0, stable=True)", "x.sort(1, descending=True, stable=True)",
    "x.argsort(0, stable=True)", "m.argsort(x, 0, True, stable=True)", "x.sort(dim=0, stable=True)",
    "x.sort(stable=True, descending=True)", "x.sort(0, True)", "x.sort(stable=None)", "x.argsort(dim=1)",
    "x.argsort(1, True)", "m.sort(x, descending=True)", "x.sort(0, 1, 2)", "x.sort(0, dim=1)", "x.sort(0.5)",
    "x.sort(0, 1)", "x.sort(foo=1)", "m.msort(x)", "x.msort()", "m.msort(x[:, 0])",
]


@pytest.mark.parametrize("dt", ["float16", "float32", "int64"])
@pytest.mark.parametrize("call", SORT_CALLS)
def test_sort_signatures_and_msort(call, dt):
    """sort/argsort take stable only as a keyword with keyword dim/descending (torch's overloads);
    msort is sort along dim 0 (float16 with nan/inf included)."""
    data = H if dt == "float16" else (H.astype(np.float32) if dt == "float32" else
                                      np.nan_to_num(H, posinf=9, neginf=-9).astype(np.int64))

    def fn(m):
        x = m.tensor(data)
        r = eval(call)
        return r
    stable = "stable" in call and "None" not in call
    rt, rp = (_outcome(fn, m) for m in (torch, pyt))
    if stable or "msort" in call or rt[0] == "exc" or rp[0] == "exc":
        _same_outcome(fn)
        return
    # Without stable the order of ties is unspecified: compare values, and the input
    # gathered at pyt's indices.
    dim = 1 if ("dim=1" in call or "(1" in call) else (0 if "(0" in call or "x, 0" in call else -1)
    x = pyt.tensor(data)
    if "argsort" in call:
        assert_same(x.gather(dim, rp[1]), torch.tensor(data).gather(dim, rt[1]))
    else:
        assert_same(rp[1].values, rt[1].values)
        assert_same(x.gather(dim, rp[1].indices), rt[1].values)


# ---------------------------------------------------------------- topk among ties ---

@pytest.mark.parametrize("n", [5, 50, 3000])
@pytest.mark.parametrize("largest", [True, False])
@pytest.mark.parametrize("sorted_", [True, False])
@pytest.mark.parametrize("dim", [0, -1])
def test_topk_ties_values_and_gathered(n, largest, sorted_, dim):
    """With many ties torch's choice of indices follows no fixed rule (documented as unspecified):
    values match torch's, and gathering the input at pyt's indices gives those values."""
    shape = (n, 3) if dim == 0 else (3, n)
    data = np.random.RandomState(n).randint(0, 4, shape).astype(np.float32)
    k = min(n, 4)
    p, t = both(data)
    vp, ip = p.topk(k, dim, largest=largest, sorted=sorted_)
    vt, it = t.topk(k, dim, largest=largest, sorted=sorted_)
    if sorted_:
        assert_same(vp, vt)
    else:
        np.testing.assert_array_equal(np.sort(to_np(vp), axis=dim), np.sort(to_np(vt), axis=dim))
    np.testing.assert_array_equal(to_np(p.gather(dim, ip)), to_np(vp))
    assert len(set(to_np(ip.movedim(dim, -1))[0].tolist())) == k  # distinct positions
