"""Tests of the statistics / sorting / searching family beyond the op table
(op_table_stats.py): every dtype against torch, error types and messages, unique with dim,
thread-count independence and double backward."""

import numpy as np
import pyt
import pytest
import torch
from helpers import gradcheck
from test_dtype_parity import DTYPES, Inputs, _compare


# ----------------------------------------------------------------- dtype parity sweep
def _cases():
    c = {}
    c["median"] = lambda T, d: T.median(d.x)
    c["median_dim"] = lambda T, d: T.median(d.b, 1)
    c["median_keep"] = lambda T, d: T.median(d.a, 0, keepdim=True)
    c["median_nan"] = lambda T, d: T.median(d.xn, 1)
    c["nanmedian"] = lambda T, d: T.nanmedian(d.xn)
    c["nanmedian_dim"] = lambda T, d: T.nanmedian(d.xn, 1)
    c["kthvalue"] = lambda T, d: T.kthvalue(d.b, 2, 2)
    c["kthvalue_nan"] = lambda T, d: T.kthvalue(d.xn, 3)
    c["mode"] = lambda T, d: T.mode(d.b, 1)
    c["mode_method"] = lambda T, d: d.a.mode(0)
    c["median_0d"] = lambda T, d: T.median(d.x[1, 2], 0)
    c["median_empty"] = lambda T, d: T.median(d.x[:0], 1)
    c["median_noncontig"] = lambda T, d: T.median(d.a.t(), 1)
    c["quantile"] = lambda T, d: T.quantile(d.x, 0.3)
    c["quantile_dim"] = lambda T, d: T.quantile(d.a, 0.6, 1, interpolation="midpoint")
    c["nanquantile"] = lambda T, d: T.nanquantile(d.xn, 0.5, 1)
    c["nansum"] = lambda T, d: T.nansum(d.xn)
    c["nansum_dim"] = lambda T, d: T.nansum(d.b, (0, 2))
    c["nansum_dtype"] = lambda T, d: T.nansum(d.x, 1, dtype=T.float64)
    c["nanmean"] = lambda T, d: T.nanmean(d.xn, 1)
    c["cummax"] = lambda T, d: T.cummax(d.b, 2)
    c["cummin"] = lambda T, d: T.cummin(d.xn, 1)
    c["cummax_0d"] = lambda T, d: T.cummax(d.x[0, 0], 0)
    c["cummin_noncontig"] = lambda T, d: T.cummin(d.a.t(), 1)
    c["logcumsumexp"] = lambda T, d: T.logcumsumexp(d.x, 1)
    c["logcumsumexp_nan"] = lambda T, d: T.logcumsumexp(d.xn, 1)
    c["searchsorted"] = lambda T, d: T.searchsorted(d.v.sort().values, d.x)
    c["searchsorted_right"] = lambda T, d: T.searchsorted(d.a.sort().values, d.a, right=True)
    c["searchsorted_scalar"] = lambda T, d: T.searchsorted(d.v.sort().values, 1)
    c["bucketize"] = lambda T, d: T.bucketize(d.x, d.w.sort().values, out_int32=True)
    c["histc"] = lambda T, d: T.histc(d.x, bins=5)
    c["histc_range"] = lambda T, d: T.histc(d.x, bins=4, min=-1, max=2)
    c["bincount"] = lambda T, d: T.bincount(d.flat.to(d.x.dtype))
    c["bincount_weights"] = lambda T, d: T.bincount(d.flat, d.v)
    c["isin"] = lambda T, d: T.isin(d.x, d.y)
    c["isin_invert"] = lambda T, d: T.isin(d.x, d.v, invert=True)
    c["argwhere"] = lambda T, d: T.argwhere(d.x)
    c["unique_consecutive"] = lambda T, d: T.unique_consecutive(d.x, return_inverse=True, return_counts=True)
    c["unique_consecutive_dim"] = lambda T, d: T.unique_consecutive(d.b, return_counts=True, dim=1)
    c["unique_dim"] = lambda T, d: T.unique(d.b, dim=2, return_inverse=True, return_counts=True)
    return c


CASES = _cases()


def run_case(case, dtype):
    fn = CASES[case]
    try:
        expected = fn(torch, Inputs(torch, dtype))
    except Exception as e:  # torch refuses: pyt must refuse with the same type
        with pytest.raises(type(e)):
            fn(pyt, Inputs(pyt, dtype))
        return
    got = fn(pyt, Inputs(pyt, dtype))
    _compare(got, expected, f"{case}[{dtype}]")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_stats_dtype_parity(case, dtype):
    run_case(case, dtype)


# -------------------------------------------------------------------------- errors
def _raises(call, exc, word):
    with pytest.raises(exc) as ei:
        call(torch)
    with pytest.raises(exc, match=word) as pi:
        call(pyt)
    return ei, pi


ERRORS = {
    "median_empty_dim": (lambda T: T.median(T.zeros(0, 3), 0), IndexError, "non-zero size"),
    "mode_empty_dim": (lambda T: T.mode(T.zeros(3, 0), 1), IndexError, "non-zero size"),
    "kthvalue_k_big": (lambda T: T.kthvalue(T.zeros(3, 4), 5, 1), RuntimeError, "k out of range"),
    "kthvalue_k_zero": (lambda T: T.kthvalue(T.zeros(3, 4), 0), RuntimeError, "k out of range"),
    "kthvalue_dim": (lambda T: T.kthvalue(T.zeros(3, 4), 1, 2), IndexError, "out of range"),
    "median_bool": (lambda T: T.median(T.ones(3, dtype=T.bool)), NotImplementedError, "Bool"),
    "quantile_empty": (lambda T: T.quantile(T.zeros(0), 0.5), RuntimeError, "non-empty"),
    "quantile_q_range": (lambda T: T.quantile(T.zeros(3), 1.5), RuntimeError, r"\[0, 1\]"),
    "quantile_qt_range": (lambda T: T.quantile(T.zeros(3), T.tensor([0.5, -0.1])), RuntimeError, r"\[0, 1\]"),
    "quantile_q_dtype": (lambda T: T.quantile(T.zeros(3), T.tensor([0.5], dtype=T.float64)), RuntimeError, "dtype"),
    "quantile_q_2d": (lambda T: T.quantile(T.zeros(3), T.zeros(1, 1)), RuntimeError, "1D"),
    "quantile_int": (lambda T: T.quantile(T.arange(3), 0.5), RuntimeError, "float or double"),
    "quantile_interp": (lambda T: T.quantile(T.zeros(3), 0.5, interpolation="foo"), RuntimeError, "interpolation"),
    "nanmean_int": (lambda T: T.nanmean(T.arange(3)), RuntimeError, "floating point"),
    "logcumsumexp_int": (lambda T: T.logcumsumexp(T.arange(3), 0), NotImplementedError, "Long"),
    "cummax_dim": (lambda T: T.cummax(T.zeros(2, 3), 2), IndexError, "out of range"),
    "searchsorted_0d": (lambda T: T.searchsorted(T.tensor(1), T.tensor([2])), RuntimeError, "positive dimension"),
    "searchsorted_side": (lambda T: T.searchsorted(T.arange(3), T.tensor([1]), side="up"), RuntimeError, "side"),
    "searchsorted_conflict": (
        lambda T: T.searchsorted(T.arange(3), T.tensor([1]), right=True, side="left"),
        RuntimeError,
        "opposites",
    ),
    "searchsorted_dims": (lambda T: T.searchsorted(T.zeros(2, 3), T.zeros(3, 1)), RuntimeError, "must match"),
    "searchsorted_sorter_range": (
        lambda T: T.searchsorted(T.arange(3), T.tensor([1]), sorter=T.tensor([0, 5, 1])),
        RuntimeError,
        "out of range",
    ),
    "searchsorted_sorter_size": (
        lambda T: T.searchsorted(T.arange(3), T.tensor([1]), sorter=T.tensor([0, 1])),
        RuntimeError,
        "same size",
    ),
    "searchsorted_bool": (lambda T: T.searchsorted(T.tensor([True]), T.tensor([True])), NotImplementedError, "Bool"),
    "bucketize_2d": (lambda T: T.bucketize(T.zeros(3), T.zeros(2, 2)), RuntimeError, "1 dimension"),
    "histc_int": (lambda T: T.histc(T.arange(3)), NotImplementedError, "Long"),
    "histc_bins": (lambda T: T.histc(T.zeros(3), bins=0), RuntimeError, "bins"),
    "histc_minmax": (lambda T: T.histc(T.zeros(3), bins=3, min=2, max=1), RuntimeError, "larger than min"),
    "histc_nan": (lambda T: T.histc(T.tensor([1.0, float("nan")])), RuntimeError, "not finite"),
    "histc_inf": (lambda T: T.histc(T.tensor([1.0, float("inf")])), RuntimeError, "not finite"),
    "bincount_negative": (lambda T: T.bincount(T.tensor([1, -1])), RuntimeError, "non-negative"),
    "bincount_2d": (lambda T: T.bincount(T.tensor([[1]])), RuntimeError, "1-d"),
    "bincount_float": (lambda T: T.bincount(T.tensor([1.0])), NotImplementedError, "Float"),
    "bincount_minlength": (lambda T: T.bincount(T.tensor([1]), minlength=-1), RuntimeError, "minlength"),
    "bincount_weights": (lambda T: T.bincount(T.tensor([1, 2]), T.ones(3)), RuntimeError, "same length"),
    "isin_bool": (lambda T: T.isin(T.tensor([True]), T.tensor([1])), RuntimeError, "Bool"),
    "unique_dim_0d": (lambda T: T.unique(T.tensor(1.0), dim=0), IndexError, "no dimensions"),
    "unique_dim_zero_other": (lambda T: T.unique(T.zeros(2, 0), dim=0), RuntimeError, "0 sized"),
    "unique_consecutive_0d": (lambda T: T.unique_consecutive(T.tensor(1.0), dim=0), IndexError, "no dimensions"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_stats_errors(case):
    call, exc, word = ERRORS[case]
    _raises(call, exc, word)


# ---------------------------------------------------------------------- unique(dim)
def _both(arr):
    return pyt.tensor(arr.copy()), torch.tensor(arr.copy())


def _same(p, t):
    if isinstance(t, tuple):
        assert isinstance(p, tuple) and len(p) == len(t)
        for a, b in zip(p, t):
            _same(a, b)
        return
    assert str(p.dtype).split(".")[-1] == str(t.dtype).split(".")[-1]
    assert tuple(p.shape) == tuple(t.shape)
    np.testing.assert_array_equal(p.numpy(), t.numpy())


@pytest.mark.parametrize("dim", [0, 1, -1, 2])
@pytest.mark.parametrize("flags", [(False, False), (True, False), (False, True), (True, True)])
def test_unique_dim(dim, flags):
    rng = np.random.default_rng(dim + 7)
    arr = rng.integers(0, 2, size=(5, 4, 3)).astype(np.float32)
    arr[3] = arr[1]  # repeated slices along 0
    arr[:, 2] = arr[:, 0]
    p, t = _both(arr)
    kw = {"return_inverse": flags[0], "return_counts": flags[1], "dim": dim}
    _same(pyt.unique(p, **kw), torch.unique(t, **kw))
    _same(p.unique(**kw), t.unique(**kw))


def test_unique_dim_noncontig_empty_nan():
    arr = np.array([[1, 2, 1, 2], [3, 4, 3, 4], [1, 2, 1, 2]], dtype=np.int64)
    p, t = _both(arr)
    _same(pyt.unique(p.t(), dim=0, return_inverse=True), torch.unique(t.t(), dim=0, return_inverse=True))
    _same(pyt.unique(p[:, ::2], dim=1, return_counts=True), torch.unique(t[:, ::2], dim=1, return_counts=True))
    e = np.zeros((0, 3), dtype=np.float32)
    p, t = _both(e)
    kw = {"dim": 0, "return_inverse": True, "return_counts": True}
    _same(pyt.unique(p, **kw), torch.unique(t, **kw))
    n = np.array([[np.nan], [np.nan], [1.0]], dtype=np.float64)
    p, t = _both(n)
    # NaN slices stay distinct (torch's order of them is unspecified: its comparator is no order with NaN)
    pv, pc = pyt.unique(p, dim=0, return_counts=True)
    tv, tc = torch.unique(t, dim=0, return_counts=True)
    assert tuple(pv.shape) == tuple(tv.shape) and pc.tolist() == tc.tolist() == [1, 1, 1]


# ------------------------------------------------------------ determinism, threads
def test_selections_independent_of_threads():
    rng = np.random.default_rng(3)
    arr = rng.integers(-3, 4, size=(300, 257)).astype(np.float32)
    x = pyt.tensor(arr)
    fns = [
        lambda: pyt.median(x, 1),
        lambda: pyt.kthvalue(x, 100, 1),
        lambda: pyt.mode(x, 1),
        lambda: pyt.cummax(x, 1),
        lambda: pyt.logcumsumexp(x, 0),
        lambda: (pyt.histc(x, bins=13),),
        lambda: (pyt.searchsorted(pyt.arange(-3.0, 4.0, 0.5), x),),
    ]
    old = pyt.get_num_threads()
    try:
        pyt.set_num_threads(1)
        one = [[o.numpy().copy() for o in f()] for f in fns]
        pyt.set_num_threads(4)
        many = [[o.numpy().copy() for o in f()] for f in fns]
    finally:
        pyt.set_num_threads(old)
    for a, b in zip(one, many):
        for u, v in zip(a, b):
            np.testing.assert_array_equal(u, v)
    # and the large case agrees with torch, indices included
    t = torch.tensor(arr)
    for name, args in [("median", (1,)), ("kthvalue", (100, 1)), ("mode", (1,)), ("cummax", (1,))]:
        _same(tuple(getattr(pyt, name)(x, *args)), tuple(getattr(torch, name)(t, *args)))


# ------------------------------------------------------------------ double backward
@pytest.mark.parametrize(
    "f",
    [
        lambda L, x: L.logcumsumexp(x, 1),
        lambda L, x: L.quantile(x, 0.3, 1),
        lambda L, x: L.nansum(x * x, 0),
        lambda L, x: L.cummax(x * x, 1).values,
        lambda L, x: L.median(x * x, 1).values,
        lambda L, x: L.median(x * x),
    ],
    ids=["logcumsumexp", "quantile", "nansum", "cummax", "median_dim", "median"],
)
def test_double_backward(f):
    arr = np.random.default_rng(5).uniform(-2, 2, size=(3, 5))
    p = pyt.tensor(arr.copy(), requires_grad=True)
    t = torch.tensor(arr.copy(), requires_grad=True)
    gp = pyt.autograd.grad(f(pyt, p).sum(), p, create_graph=True)[0]
    gt = torch.autograd.grad(f(torch, t).sum(), t, create_graph=True)[0]
    np.testing.assert_allclose(gp.detach().numpy(), gt.detach().numpy(), rtol=1e-10, atol=1e-12)
    if not gt.requires_grad:  # torch's gradient is constant in x (quantile): pyt's must be too
        assert not gp.requires_grad or np.allclose(
            pyt.autograd.grad((gp * gp).sum(), p, allow_unused=True)[0].numpy(), 0
        )
        return
    hp = pyt.autograd.grad((gp * gp).sum(), p, allow_unused=True)[0]
    ht = torch.autograd.grad((gt * gt).sum(), t, allow_unused=True)[0]
    if ht is None:
        assert hp is None or np.allclose(hp.numpy(), 0)
    else:
        np.testing.assert_allclose(hp.numpy(), ht.numpy(), rtol=1e-9, atol=1e-11)


def test_gradcheck_logcumsumexp_mixed_sign_grads():
    arr = np.random.default_rng(9).uniform(-2, 2, size=(2, 6))
    x = pyt.tensor(arr, requires_grad=True)
    w = pyt.tensor(np.random.default_rng(10).uniform(-1, 1, size=(2, 6)))
    assert gradcheck(lambda v: (pyt.logcumsumexp(v, 1) * w).sum(), [x])


def test_return_types_and_fields():
    x = pyt.tensor([[3.0, 1.0, 2.0]])
    for name, r in [
        ("median", pyt.median(x, 1)),
        ("nanmedian", pyt.nanmedian(x, 1)),
        ("kthvalue", pyt.kthvalue(x, 1)),
        ("mode", pyt.mode(x)),
        ("cummax", pyt.cummax(x, 1)),
        ("cummin", pyt.cummin(x, 1)),
    ]:
        assert type(r).__name__ == name
        assert r.values is r[0] and r.indices is r[1]


# ------------------------------------------------------------------------------ out=
OUT_CASES = {
    "median_dim": (lambda L, x, o: L.median(x, 1, out=o), "pair"),
    "nanmedian_dim": (lambda L, x, o: L.nanmedian(x, 0, True, out=o), "pair"),
    "kthvalue": (lambda L, x, o: L.kthvalue(x, 2, out=o), "pair"),
    "mode": (lambda L, x, o: L.mode(x, 0, out=o), "pair"),
    "cummax": (lambda L, x, o: L.cummax(x, 1, out=o), "pair"),
    "cummin": (lambda L, x, o: L.cummin(x, 0, out=o), "pair"),
    "quantile": (lambda L, x, o: L.quantile(x, 0.5, 1, out=o), "float"),
    "nanquantile": (lambda L, x, o: L.nanquantile(x, L.tensor([0.2, 0.9]), out=o), "float"),
    "nansum": (lambda L, x, o: L.nansum(x, 1, out=o), "float"),
    "nanmean": (lambda L, x, o: L.nanmean(x, 0, out=o), "float"),
    "logcumsumexp": (lambda L, x, o: L.logcumsumexp(x, 1, out=o), "float"),
    "histc": (lambda L, x, o: L.histc(x, 4, out=o), "float"),
    "searchsorted": (lambda L, x, o: L.searchsorted(L.tensor([-1.0, 0.0, 1.0]), x, out=o), "long"),
    "bucketize": (lambda L, x, o: L.bucketize(x, L.tensor([-1.0, 0.0, 1.0]), out=o), "long"),
    "isin": (lambda L, x, o: L.isin(x, x[0], out=o), "bool"),
}


@pytest.mark.parametrize("case", sorted(OUT_CASES))
def test_out(case):
    call, kind = OUT_CASES[case]
    arr = np.random.default_rng(4).uniform(-2, 2, size=(3, 4)).astype(np.float32)
    res = {}
    for L in (pyt, torch):
        x = L.tensor(arr.copy())
        if kind == "pair":
            o = (L.empty(0), L.empty(0, dtype=L.int64))
            r = call(L, x, o)
            assert r[0] is o[0] and r[1] is o[1]
        else:
            o = L.empty(0, dtype={"float": L.float32, "long": L.int64, "bool": L.bool}[kind])
            r = call(L, x, o)
            assert r is o
        res[L.__name__] = [t.numpy() for t in (o if kind == "pair" else (o,))]
    for a, b in zip(res["pyt"], res["torch"]):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    # a wrong out dtype raises RuntimeError in both
    if kind == "float":
        for L in (pyt, torch):
            with pytest.raises(RuntimeError):
                call(L, L.tensor(arr.copy()), L.empty(0, dtype=L.int64))
