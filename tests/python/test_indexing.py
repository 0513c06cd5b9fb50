"""Advanced indexing against torch: several index tensors in __getitem__/__setitem__, their
placement rule, masks, index_put_, gradients and errors (pyt/ops/index.h)."""

import numpy as np
import pyt
import pytest
import torch
from helpers import assert_tensor_close, both, gradcheck, to_np


def _idx(L, v):
    """('t', data) -> int64 tensor, ('m', data) -> bool tensor, tuples recursively."""
    if isinstance(v, tuple) and len(v) == 2 and v[0] in ("t", "m"):
        return L.tensor(np.asarray(v[1]), dtype=L.int64 if v[0] == "t" else L.bool)
    if isinstance(v, tuple):
        return tuple(_idx(L, e) for e in v)
    return v


_M23 = np.array([[True, False, True, True, False], [False, True, True, False, False], [True] * 5, [False] * 5])

# (id, index) into a (4, 5, 6) tensor
ADV_GETITEM = [
    ("two_lists", ([0, 3], [1, 4])),
    ("two_adjacent_after_slice", (slice(None), [0, 4], [5, 1])),
    ("separated_by_slice", ([0, 3], slice(None), [1, 5])),
    ("separated_by_int", ([0, 3], 2, [1, 5])),
    ("int_then_adjacent", (1, [0, 4], [5, 1])),
    ("broadcast", (("t", [[0], [3]]), ("t", [1, 2, 4]))),
    ("broadcast_0d_tensor_int", (("t", [[0, 1]]), slice(None), ("t", 3))),
    ("three", ([0, 1], [1, 2], [2, 3])),
    ("three_neg", ([-1, 0], [-5, 2], [5, -6])),
    ("none_between", ([0, 2], None, [1, 3])),
    ("none_first", (None, [0, 2], [1, 3])),
    ("ellipsis_between", ([1, 2], Ellipsis, [0, 5])),
    ("ellipsis_last_two", (Ellipsis, [0, 1], [2, 3])),
    ("slice_step_adv", (slice(None, None, 2), [1, 3], slice(1, None, 2))),
    ("mask2d_then_int", (("m", _M23), 0)),
    ("mask2d_then_slice", (("m", _M23), slice(1, 4))),
    ("int_list_then_mask", ([0, 0, 2], ("m", [True, False, True, False, True]))),
    ("mask_and_list_separated", (("m", [True, False, True, True]), slice(None), [0, 5, 2])),
    ("true", True),
    ("false", False),
    ("true_tuple", (0, True, slice(1, 3))),
    ("mask0d_tensor", (("m", True), 1)),
    ("empty_lists", ([], [])),
    ("2d_index_two", (("t", [[0, 1], [2, 3]]), ("t", [[4, 3], [2, 1]]))),
    ("numpy_array", (np.array([0, 2]), slice(None), np.array([1, 1]))),
]


@pytest.mark.parametrize("index", [pytest.param(v, id=i) for i, v in ADV_GETITEM])
def test_advanced_getitem(index):
    base = np.random.default_rng(0).standard_normal((4, 5, 6))
    px, tx = both(base, requires_grad=True)
    pr, tr = px[_idx(pyt, index)], tx[_idx(torch, index)]
    assert_tensor_close(pr, tr)
    if tr.grad_fn is not None and tr.grad_fn.name() == "IndexBackward0":
        assert pr.grad_fn.name() == "IndexBackward0"
    cot = np.random.default_rng(1).standard_normal(tuple(tr.shape))
    tr.backward(torch.tensor(cot))
    pr.backward(pyt.tensor(cot))
    assert_tensor_close(px.grad, tx.grad, 1e-12, 1e-12, "grad")


@pytest.mark.parametrize("dtype", ["float32", "int64", "bool", "float16", "bfloat16", "uint8", "int8"])
def test_advanced_getitem_dtypes(dtype):
    base = np.arange(60).reshape(3, 4, 5) % 7
    p = pyt.tensor(base).to(getattr(pyt, dtype))
    t = torch.tensor(base).to(getattr(torch, dtype))
    i0, i1 = [2, 0, 1, 2], [3, 3, 0, 1]
    pr, tr = p[i0, :, i1], t[i0, :, i1]
    assert_tensor_close(pr.float() if "16" in dtype else pr, tr.float() if "16" in dtype else tr)


# (id, index, value shape or scalar) into a (4, 5, 6) tensor
ADV_SETITEM = [
    ("two_lists_scalar", ([0, 3], [1, 4]), 2.5),
    ("two_lists_tensor", ([0, 3], [1, 4]), (2, 6)),
    ("two_lists_bcast_value", ([0, 3], [1, 4]), (6,)),
    ("separated", ([0, 3], slice(None), [1, 5]), (2, 5)),
    ("separated_leading_ones", ([0, 3], slice(None), [1, 5]), (1, 1, 2, 5)),
    ("adjacent_after_slice", (slice(None), [0, 4], [5, 1]), (4, 2)),
    ("slice_view_then_adv", (slice(1, 3), [0, 4]), (2, 2, 6)),
    ("mask2d", (("m", _M23),), (6,)),
    ("mask2d_int", (("m", _M23), 2), 7.0),
    ("dups_last_wins", ([1, 1, 1], [2, 2, 2], [3, 3, 3]), (3,)),
    ("broadcast_indices", (("t", [[0], [3]]), ("t", [1, 2, 4])), (1, 3, 6)),
    ("int_then_list", (1, [0, 2]), (2, 6)),
    ("none_ellipsis", (None, Ellipsis, [0, 2]), 3.0),
]


@pytest.mark.parametrize("index,value", [pytest.param(x, v, id=i) for i, x, v in ADV_SETITEM])
def test_advanced_setitem(index, value):
    base = np.random.default_rng(0).standard_normal((4, 5, 6))
    px, tx = both(base)
    if isinstance(value, tuple):
        pv, tv = both(np.random.default_rng(2).standard_normal(value))
    else:
        pv = tv = value
    tx[_idx(torch, index)] = tv
    px[_idx(pyt, index)] = pv
    assert_tensor_close(px, tx)


def test_setitem_casts_and_int_tensor():
    for L in (pyt, torch):
        x = L.zeros(3, 4, dtype=L.int32)
        x[[0, 2], [1, 3]] = 7.9  # a number is converted; a tensor value must match the dtype
        x[L.tensor([1, 1]), :] = 5
        if L is pyt:
            p = x
        else:
            t = x
    assert_tensor_close(p, t)


def test_setitem_autograd_through_index_put():
    rng = np.random.default_rng(3)
    xs, vs = rng.standard_normal((4, 5)), rng.standard_normal((2, 5))
    res = {}
    for L in (torch, pyt):
        x, v = L.tensor(xs, requires_grad=True), L.tensor(vs, requires_grad=True)
        y = x * 2
        y[[3, 0]] = v * 3  # a pure advanced index writes y itself: IndexPutBackward0
        y[:, [1, 1]] = 0.5  # a whole ":" makes no view either
        assert y.grad_fn.name() == "IndexPutBackward0"
        (y * y).sum().backward()
        res[L] = (y, x.grad, v.grad)
    for p, t in zip(res[pyt], res[torch]):
        assert_tensor_close(p, t, 1e-12, 1e-12)


def test_index_put_accumulate_deterministic_and_grad():
    rng = np.random.default_rng(4)
    idx = rng.integers(0, 50, size=200_000)
    vals = rng.standard_normal(200_000).astype(np.float32)
    outs = []
    for n in (1, 2):
        pyt.set_num_threads(n)
        try:
            outs.append(to_np(pyt.zeros(50).index_put_((pyt.tensor(idx),), pyt.tensor(vals), accumulate=True)))
        finally:
            pyt.set_num_threads(2)
    np.testing.assert_array_equal(outs[0], outs[1])
    expected = torch.zeros(50, dtype=torch.float64).index_put_((torch.tensor(idx),), torch.tensor(vals).double(),
                                                               accumulate=True)
    np.testing.assert_allclose(outs[0], expected.numpy(), rtol=1e-4, atol=1e-3)
    # double backward through IndexBackward0 (its backward is an index_put)
    x = pyt.tensor(rng.standard_normal((5, 3)), requires_grad=True)
    i = pyt.tensor([0, 4, 4, 1])
    gradcheck(lambda x: x[i, 1:] ** 2, [x])
    (g,) = pyt.autograd.grad((x[i] ** 2).sum(), x, create_graph=True)
    (gg,) = pyt.autograd.grad(g.sum(), x)
    xt = torch.tensor(to_np(x), requires_grad=True)
    (gt,) = torch.autograd.grad((xt[torch.tensor([0, 4, 4, 1])] ** 2).sum(), xt, create_graph=True)
    (ggt,) = torch.autograd.grad(gt.sum(), xt)
    assert_tensor_close(gg, ggt, 1e-12, 1e-12)


# (id, expression over lib, exception type, words of the message)
INDEX_ERRORS = [
    ("out_of_range_dim1", lambda L: L.zeros(2, 3, 4)[:, [0, 5]], IndexError, ["index 5", "dimension 1", "size 3"]),
    ("out_of_range_second", lambda L: L.zeros(2, 3)[[0, 1], [0, -4]], IndexError, ["index -4", "size 3"]),
    ("int_out_of_range", lambda L: L.zeros(2, 3)[0, 3], IndexError, ["index 3", "size 3"]),
    ("no_broadcast", lambda L: L.zeros(2, 3)[[0, 1], [0, 1, 2]], IndexError, ["shape mismatch", "[2]", "[3]"]),
    ("mask_shape", lambda L: L.zeros(2, 3)[L.ones(3, dtype=L.bool)], IndexError, ["mask", "[3]"]),
    ("too_many", lambda L: L.zeros(2, 3)[0, 0, 0], IndexError, ["too many indices"]),
    ("float_index", lambda L: L.zeros(2, 3)[L.tensor([0.0])], IndexError, ["tensors used as indices"]),
    ("setitem_out_of_range", lambda L: L.zeros(2, 3).__setitem__(([0, 2], 0), 1.0), IndexError, ["index 2"]),
    ("setitem_value_shape", lambda L: L.zeros(4, 3).__setitem__([0, 1], L.ones(3, 3)), RuntimeError,
     ["shape mismatch", "[3, 3]", "[2, 3]"]),
    ("setitem_tensor_dtype", lambda L: L.zeros(3, dtype=L.int32).__setitem__([0], L.tensor([1.5])), RuntimeError,
     ["dtypes match"]),
    ("index_put_dtype", lambda L: L.zeros(3).index_put_((L.tensor([0]),), L.ones(1, dtype=L.float64)),
     RuntimeError, ["dtype"]),
    ("index_put_leaf", lambda L: L.zeros(3, requires_grad=True).index_put_((L.tensor([0]),), L.ones(1)),
     RuntimeError, ["leaf"]),
    ("scatter_reduce_bad", lambda L: L.zeros(3).scatter_reduce(0, L.tensor([0]), L.ones(1), "foo"),
     RuntimeError, ["reduce argument", "foo"]),
    ("scatter_reduce_range", lambda L: L.zeros(3).scatter_reduce(0, L.tensor([3]), L.ones(1), "sum"),
     RuntimeError, ["index 3", "size 3"]),
    ("index_copy_range", lambda L: L.zeros(2, 3).index_copy(0, L.tensor([2]), L.ones(1, 3)), IndexError,
     ["index 2", "size 2"]),
    ("index_copy_dtype", lambda L: L.zeros(2, 3).index_copy(0, L.tensor([0]), L.ones(1, 3, dtype=L.float64)),
     RuntimeError, ["same dtype"]),
    ("index_fill_range", lambda L: L.zeros(2, 3).index_fill(1, L.tensor([3]), 1.0), IndexError, ["index 3"]),
    ("take_range", lambda L: L.zeros(2, 3).take(L.tensor([6])), IndexError, ["index 6", "6 elements"]),
    ("put_range", lambda L: L.zeros(2, 3).put(L.tensor([-7]), L.ones(1)), IndexError, ["index -7"]),
]


@pytest.mark.parametrize("expr,exc,words", [pytest.param(e, x, w, id=i) for i, e, x, w in INDEX_ERRORS])
def test_index_errors(expr, exc, words):
    with pytest.raises(exc):
        expr(torch)
    with pytest.raises(exc) as info:
        expr(pyt)
    for w in words:
        assert w in str(info.value), f"{w!r} not in {str(info.value)!r}"


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_reduced_precision_scatter_reduce_and_index_put(dtype):
    rng = np.random.default_rng(0)
    s, src = rng.uniform(-2, 2, (3, 5)), rng.uniform(-2, 2, (3, 4))
    idx = rng.integers(0, 5, (3, 4))
    for red in ["sum", "prod", "mean", "amax", "amin"]:
        for inc in (True, False):
            r = {}
            for L in (pyt, torch):
                x = L.tensor(s).to(getattr(L, dtype))
                r[L] = x.scatter_reduce(1, L.tensor(idx), L.tensor(src).to(x.dtype), red, include_self=inc)
            assert_tensor_close(r[pyt].float(), r[torch].float(), 1e-2, 1e-2, f"{red} include_self={inc}")
    r = {}
    for L in (pyt, torch):
        x = L.tensor(s).to(getattr(L, dtype))
        x.index_put_((L.tensor([0, 0, 2]),), L.ones(3, 5).to(x.dtype), accumulate=True)
        r[L] = x[[0, 2], [1, 4]]
    assert_tensor_close(r[pyt].float(), r[torch].float())
