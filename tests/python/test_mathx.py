"""Tests of the mathx family beyond the op table (op_table_mathx.py): gcd / lcm edge cases and
errors, erfc tails, torch.special's erfc / erfcx / ndtr / log_ndtr, cov / corrcoef, histogram /
histogramdd (bitwise edges and torch's binning at edges, errors), vander, frexp, angle, trapz
and the top-level in-place aliases; every result against torch 2.13."""

import math
import warnings

import numpy as np
import pyt
import pytest
import torch
from helpers import assert_tensor_close as _close
from helpers import gradcheck, to_np


def assert_tensor_close(p, t, rtol=0.0, atol=0.0, what="output"):
    """helpers.assert_tensor_close, bfloat16 compared through float32 (numpy has no bfloat16)."""
    if t.dtype == torch.bfloat16:
        assert str(p.dtype).endswith("bfloat16"), f"{what}: dtype {p.dtype} != torch bfloat16"
        p, t = p.float(), t.float()
    _close(p, t, rtol, atol, what)

INTS = ["uint8", "int8", "int16", "int32", "int64"]


def both(a, dtype=None):
    """The same numpy array as a pyt and a torch tensor."""
    a = np.asarray(a) if dtype is None else np.asarray(a).astype(dtype)
    return pyt.from_numpy(a.copy()), torch.from_numpy(a.copy())


def same_error(fn_p, fn_t, exc, word):
    with pytest.raises(exc) as ep:
        fn_p()
    with pytest.raises(exc):
        fn_t()
    assert word in str(ep.value)


# ---------------------------------------------------------------------------- gcd / lcm
@pytest.mark.parametrize("dtype", INTS)
@pytest.mark.parametrize("op", ["gcd", "lcm"])
def test_gcd_lcm_extremes(dtype, op):
    info = np.iinfo(dtype)
    vals = np.array([info.min, info.max, 0, 1, -1, 2, -2, 12, -18, info.min // 2, info.max // 3], dtype=np.int64)
    vals = vals[(vals >= info.min) & (vals <= info.max)].astype(dtype)
    a = np.repeat(vals, len(vals))
    b = np.tile(vals, len(vals))
    # torch's int32 / int64 lcm kernels die with SIGFPE on lcm(min, max) (gcd -1, min / -1):
    # those pairs are compared with the wrapped result instead.
    trap = (op == "lcm") & (dtype in ("int32", "int64")) & (
        ((a == info.min) & (b == info.max)) | ((a == info.max) & (b == info.min)))
    pa, ta = both(a[~trap])
    pb, tb = both(b[~trap])
    got, exp = getattr(pyt, op)(pa, pb), getattr(torch, op)(ta, tb)
    assert_tensor_close(got, exp)
    if trap.any():
        r = getattr(pyt, op)(pyt.from_numpy(a[trap]), pyt.from_numpy(b[trap]))
        assert (to_np(r) == info.min).all()


@pytest.mark.parametrize("op", ["gcd", "lcm"])
def test_gcd_lcm_promotion_broadcast_noncontig(op):
    rng = np.random.default_rng(0)
    a = rng.integers(-50, 50, size=(4, 6)).astype(np.int32)
    b = rng.integers(-50, 50, size=(6,)).astype(np.int8)
    pa, ta = both(a)
    pb, tb = both(b)
    assert_tensor_close(getattr(pyt, op)(pa[:, ::2], pa.t()[1::2].t()), getattr(torch, op)(ta[:, ::2], ta.t()[1::2].t()))
    assert_tensor_close(getattr(pyt, op)(pa, pb), getattr(torch, op)(ta, tb))
    assert_tensor_close(getattr(pa, op)(pb), getattr(ta, op)(tb))
    p0, t0 = both(np.array(12))
    assert_tensor_close(getattr(pyt, op)(p0, pb), getattr(torch, op)(t0, tb))
    pe, te = both(np.zeros((0, 6), np.int64))
    assert_tensor_close(getattr(pyt, op)(pe, pb), getattr(torch, op)(te, tb))
    u, tu = both(np.array([200, 4], np.uint8))
    assert_tensor_close(getattr(pyt, op)(u, pb[:2]), getattr(torch, op)(tu, tb[:2]))  # uint8 x int8 -> int16


@pytest.mark.parametrize("op", ["gcd", "lcm"])
def test_gcd_lcm_inplace(op):
    a = np.array([[4, 6, -9], [0, 7, 10]], np.int64)
    b = np.array([6, -4, 3], np.int32)
    pa, ta = both(a)
    pb, tb = both(b)
    rp = getattr(pa, op + "_")(pb)
    rt = getattr(ta, op + "_")(tb)
    assert rp is pa
    assert_tensor_close(pa, ta)
    pa, ta = both(a)
    getattr(pyt, op + "_")(pa, pb)
    getattr(torch, op + "_")(ta, tb)
    assert_tensor_close(pa, ta)
    # the broadcast shape must be self's
    ps, ts = both(b)
    same_error(lambda: getattr(ps, op + "_")(pyt.from_numpy(a)), lambda: getattr(ts, op + "_")(torch.from_numpy(a)),
               RuntimeError, "shape")


@pytest.mark.parametrize("op", ["gcd", "lcm"])
def test_gcd_lcm_errors(op):
    for dt in ["float32", "float64", "bool"]:
        pa, ta = both(np.array([4, 6]), dt)
        same_error(lambda: getattr(pyt, op)(pa, pa), lambda: getattr(torch, op)(ta, ta), NotImplementedError, op)
    pi, ti = both(np.array([4, 6]))
    pf, tf = both(np.array([4.0, 6.0]))
    same_error(lambda: getattr(pyt, op)(pi, pf), lambda: getattr(torch, op)(ti, tf), NotImplementedError, op)
    same_error(lambda: getattr(pyt, op)(pi, 6), lambda: getattr(torch, op)(ti, 6), TypeError, "")
    same_error(lambda: getattr(pyt, op)(pi, pyt.tensor([1, 2, 3])), lambda: getattr(torch, op)(ti, torch.tensor([1, 2, 3])),
               RuntimeError, "")


# -------------------------------------------------------------------------------- erfc
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_erfc_tails(dtype):
    x = np.array([5.0, 10.0, 26.0, -5.0, -26.0, 0.0, -0.0, 1e-30, 9.0, 9.5, 27.0, np.inf, -np.inf, np.nan], dtype)
    px, tx = both(x)
    got, exp = pyt.erfc(px), torch.erfc(tx)
    assert_tensor_close(got, exp, rtol=1e-6 if dtype == "float32" else 1e-14, atol=0.0)
    # the tail is not 1 - erf (which is 0 there)
    assert float(got[0]) > 0 and (dtype == "float32" or float(got[2]) > 0)


def test_erfc_reduced_precision_and_ints():
    x = np.linspace(-4, 4, 41)
    for dt in ["float16", "bfloat16"]:
        p = pyt.tensor(x.tolist(), dtype=getattr(pyt, dt))
        t = torch.tensor(x.tolist(), dtype=getattr(torch, dt))
        assert_tensor_close(pyt.erfc(p), torch.erfc(t), rtol=1e-2, atol=1e-3)
    for dt in ["int64", "int32", "uint8", "bool"]:
        p, t = both(np.array([0, 1, 2, 1]), dt)
        assert_tensor_close(pyt.erfc(p), torch.erfc(t), rtol=1e-6)


def test_erfc_inplace_and_grad():
    p, t = both(np.array([0.3, -1.2, 2.5]))
    assert p.erfc_() is p
    t.erfc_()
    assert_tensor_close(p, t, rtol=1e-14)
    p, t = both(np.array([0.3, -1.2]))
    pyt.erfc_(p)
    torch.erfc_(t)
    assert_tensor_close(p, t, rtol=1e-14)
    pi, ti = both(np.array([1, 2]))
    same_error(lambda: pi.erfc_(), lambda: ti.erfc_(), RuntimeError, "can't be cast")
    # in place on a non-leaf keeps the graph
    a = pyt.tensor([0.5, 1.5], dtype=pyt.float64, requires_grad=True)
    ta = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)
    (a * 2).erfc_().sum().backward()
    (ta * 2).erfc_().sum().backward()
    assert_tensor_close(a.grad, ta.grad, rtol=1e-12)


def test_erfc_double_backward():
    x = pyt.tensor([0.2, -0.7, 1.9], dtype=pyt.float64, requires_grad=True)
    assert pyt.autograd.gradgradcheck(pyt.erfc, (x,))


# ------------------------------------------------------------------- special functions
SPECIAL = ["erfc", "erfcx", "ndtr", "log_ndtr"]
SPECIAL_NODE = {"erfc": "ErfcBackward0", "erfcx": "SpecialErfcxBackward0", "ndtr": "MulBackward1",
                "log_ndtr": "SpecialLogNdtrBackward0"}


@pytest.mark.parametrize("name", SPECIAL)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_special_values(name, dtype):
    x = np.concatenate([np.linspace(-40, 40, 161), [-26.6, -9.3, -1.0, -0.999, 0.0, -0.0, 1e-20, 5e7, 1e10, 1e300,
                                                    -1e300, np.inf, -np.inf, np.nan]]).astype(dtype)
    px, tx = both(x)
    got = getattr(pyt.special, name)(px)
    exp = getattr(torch.special, name)(tx)
    rtol = 2e-6 if dtype == "float32" else 1e-13
    assert_tensor_close(got, exp, rtol=rtol, atol=1e-300 if dtype == "float64" else 1e-38)
    # 0-d, empty, non-contiguous
    m = np.linspace(-3, 3, 12).astype(dtype).reshape(3, 4)
    pm, tm = both(m)
    for fp, ft in [(pm.t(), tm.t()), (pm[0, 1], tm[0, 1]), (pm[:0], tm[:0]), (pm[:, ::2], tm[:, ::2])]:
        assert_tensor_close(getattr(pyt.special, name)(fp), getattr(torch.special, name)(ft), rtol=rtol)


@pytest.mark.parametrize("name", SPECIAL)
def test_special_dtypes(name):
    for dt in ["int64", "int32", "bool"]:
        p, t = both(np.array([0, 1, 1, 0]), dt)
        assert_tensor_close(getattr(pyt.special, name)(p), getattr(torch.special, name)(t), rtol=1e-6)
    for dt in ["float16", "bfloat16"]:
        p = pyt.tensor([-2.0, 0.5, 3.0], dtype=getattr(pyt, dt))
        t = torch.tensor([-2.0, 0.5, 3.0], dtype=getattr(torch, dt))
        if name in ("erfcx", "log_ndtr"):
            same_error(lambda: getattr(pyt.special, name)(p), lambda: getattr(torch.special, name)(t),
                       NotImplementedError, name)
        else:
            assert_tensor_close(getattr(pyt.special, name)(p), getattr(torch.special, name)(t), rtol=1e-2, atol=1e-3)


@pytest.mark.parametrize("name", SPECIAL)
def test_special_grads(name):
    x = np.array([-30.0, -5.0, -1.5, -0.3, 0.0, 0.4, 2.0, 6.0, 30.0])
    p = pyt.tensor(x, dtype=pyt.float64, requires_grad=True)
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    yp, yt = getattr(pyt.special, name)(p), getattr(torch.special, name)(t)
    assert yp.grad_fn.name() == SPECIAL_NODE[name] == yt.grad_fn.name()
    g = np.linspace(-1, 1, len(x))
    yp.backward(pyt.tensor(g))
    yt.backward(torch.tensor(g))
    assert_tensor_close(p.grad, t.grad, rtol=1e-10, atol=1e-300)
    xs = pyt.tensor([-2.3, -0.4, 0.7, 3.1], dtype=pyt.float64, requires_grad=True)
    assert gradcheck(getattr(pyt.special, name), (xs,))
    assert pyt.autograd.gradgradcheck(getattr(pyt.special, name), (xs,))


def test_special_out():
    p, t = both(np.array([0.5, -1.0]))
    op, ot = pyt.empty(2, dtype=pyt.float64), torch.empty(2, dtype=torch.float64)
    pyt.special.erfcx(p, out=op)
    torch.special.erfcx(t, out=ot)
    assert_tensor_close(op, ot, rtol=1e-14)


# ---------------------------------------------------------------------- cov / corrcoef
def _cov_cases():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(3, 7))
    fw = rng.integers(0, 4, size=7)
    aw = rng.uniform(0.1, 2, size=7)
    return [
        ("2d", x, {}),
        ("1d", x[0], {}),
        ("0d", np.array(1.5), {}),
        ("corr0", x, {"correction": 0}),
        ("corr3", x, {"correction": 3}),
        ("fw", x, {"fweights": fw}),
        ("aw", x, {"aweights": aw}),
        ("fw_aw", x, {"fweights": fw, "aweights": aw}),
        ("fw_aw_corr0", x, {"fweights": fw, "aweights": aw, "correction": 0}),
        ("fw_corr2", x, {"fweights": fw, "correction": 2}),
        ("one_obs_aw", x[:, :1], {"aweights": aw[:1]}),
        ("one_obs_fw", x[:, :1], {"fweights": fw[:1] + 1}),
        ("empty_obs", np.zeros((2, 0)), {}),
        ("empty_vars", np.zeros((0, 3)), {}),
    ]


@pytest.mark.parametrize("case", _cov_cases(), ids=lambda c: c[0])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64"])
def test_cov_values(case, dtype):
    _, x, kw = case
    px, tx = both(x, dtype if dtype != "int64" else None)
    if dtype == "int64":
        px, tx = both(np.round(x * 3), "int64")
    if "aweights" in kw:  # same floating dtype as the input (torch's mm rejects a mix here)
        kw = dict(kw, aweights=np.asarray(kw["aweights"]).astype("float32" if dtype != "float64" else "float64"))
    pk = {k: (pyt.from_numpy(np.asarray(v)) if k != "correction" else v) for k, v in kw.items()}
    tk = {k: (torch.from_numpy(np.asarray(v)) if k != "correction" else v) for k, v in kw.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exp = torch.cov(tx, **tk)
        got = pyt.cov(px, **pk)
    tol = 1e-5 if dtype != "float64" else 1e-12
    assert_tensor_close(got, exp, rtol=tol, atol=tol)
    if x.ndim == 2 and x.shape[1] > 1 and not kw:
        assert_tensor_close(pyt.corrcoef(px), torch.corrcoef(tx), rtol=tol, atol=tol)
        assert_tensor_close(px.cov(), tx.cov(), rtol=tol, atol=tol)
        assert_tensor_close(px.corrcoef(), tx.corrcoef(), rtol=tol, atol=tol)


def test_cov_noncontig_and_warning():
    x = np.random.default_rng(0).normal(size=(6, 3))
    px, tx = both(x)
    assert_tensor_close(pyt.cov(px.t()), torch.cov(tx.t()), rtol=1e-12)
    assert_tensor_close(pyt.corrcoef(px[::2].t()), torch.corrcoef(tx[::2].t()), rtol=1e-12, atol=1e-12)
    with pytest.warns(UserWarning, match="degrees of freedom"):
        r = pyt.cov(px[:, 0], correction=6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_tensor_close(r, torch.cov(tx[:, 0], correction=6))


def test_corrcoef_zero_variance_and_scalar():
    for x in ([[1.0, 1.0, 1.0], [1.0, 2.0, 3.0]], [1.0, 2.0, 3.0], 2.0, [[1.0, 2.0], [2.0, 4.0], [5.0, 1.0]]):
        px, tx = both(np.array(x))
        assert_tensor_close(pyt.corrcoef(px), torch.corrcoef(tx), rtol=1e-12)


def test_cov_errors():
    x = np.ones((2, 3))
    px, tx = both(x)
    cases = [
        (lambda L, a: L.cov(L.ones(2, 2, 2)), "two or fewer"),
        (lambda L, a: L.cov(L.tensor([True, False])), "bool"),
        (lambda L, a: L.cov(a, fweights=L.tensor([1.0, 2.0, 1.0])), "integral"),
        (lambda L, a: L.cov(a, fweights=L.tensor([1, 2])), "same numel"),
        (lambda L, a: L.cov(a, fweights=L.tensor([[1, 2, 1]])), "one or fewer"),
        (lambda L, a: L.cov(a, fweights=L.tensor([1, -2, 1])), "negative"),
        (lambda L, a: L.cov(a, aweights=L.tensor([1, 2, 1])), "floating point"),
        (lambda L, a: L.cov(a, aweights=L.tensor([1.0, -2.0, 1.0], dtype=L.float64)), "negative"),
        (lambda L, a: L.cov(a, aweights=L.tensor([1.0, 2.0], dtype=L.float64)), "same numel"),
        (lambda L, a: L.cov(a, aweights=L.zeros(3, dtype=L.float64)), "sum to zero"),
        (lambda L, a: L.corrcoef(L.ones(2, 2, 2)), "two or fewer"),
    ]
    for f, word in cases:
        same_error(lambda: f(pyt, px), lambda: f(torch, tx), RuntimeError, word)
    same_error(lambda: pyt.cov(px, correction=1.5), lambda: torch.cov(tx, correction=1.5), TypeError, "correction")


@pytest.mark.parametrize("weights", ["none", "fw", "aw", "both"])
def test_cov_corrcoef_grads(weights):
    rng = np.random.default_rng(5)
    x = rng.normal(size=(3, 6))
    fw, aw = rng.integers(1, 4, size=6), rng.uniform(0.2, 2, size=6)
    kw = {}
    if weights in ("fw", "both"):
        kw["fweights"] = fw
    if weights in ("aw", "both"):
        kw["aweights"] = aw
    p = pyt.tensor(x, requires_grad=True)
    t = torch.tensor(x, requires_grad=True)
    pk = {k: pyt.from_numpy(v) for k, v in kw.items()}
    tk = {k: torch.from_numpy(v) for k, v in kw.items()}
    yp, yt = pyt.cov(p, **pk), torch.cov(t, **tk)
    assert yp.grad_fn.name() == yt.grad_fn.name() == "SqueezeBackward0"
    g = rng.normal(size=(3, 3))
    yp.backward(pyt.tensor(g))
    yt.backward(torch.tensor(g))
    assert_tensor_close(p.grad, t.grad, rtol=1e-10, atol=1e-12)
    assert gradcheck(lambda a: pyt.cov(a, **pk), (pyt.tensor(x, requires_grad=True),))
    if not kw:
        p.grad, t.grad = None, None
        cp, ct = pyt.corrcoef(p), torch.corrcoef(t)
        assert cp.grad_fn.name() == ct.grad_fn.name() == "ClampBackward1"
        cp.backward(pyt.tensor(g))
        ct.backward(torch.tensor(g))
        assert_tensor_close(p.grad, t.grad, rtol=1e-10, atol=1e-12)
        assert gradcheck(pyt.corrcoef, (pyt.tensor(x, requires_grad=True),))


# ------------------------------------------------------------------------------ histogram
def _hist_inputs(seed, dtype):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    kind = seed % 4
    if kind == 0:
        a = rng.normal(size=n) * rng.uniform(0.1, 1000)
    elif kind == 1:
        a = np.round(rng.uniform(-5, 5, size=n), 1)  # many values on or near edges
    elif kind == 2:
        a = rng.integers(-3, 4, size=n).astype(np.float64)  # exactly on integer edges
    else:
        a = rng.uniform(-3, 3, size=n)
    return rng, a.astype(dtype)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("seed", range(40))
def test_histogram_bitwise(dtype, seed):
    rng, a = _hist_inputs(seed, dtype)
    bins = int(rng.integers(1, 130))
    kw = {}
    if seed % 3 == 0:
        kw["range"] = (float(rng.uniform(-4, 0)), float(rng.uniform(0, 4)))
    if seed % 3 == 1:
        kw["range"] = (-3.0, 3.0)
    pa, ta = both(a)
    th, te = torch.histogram(ta, bins, **kw)
    ph, pe = pyt.histogram(pa, bins, **kw)
    np.testing.assert_array_equal(to_np(pe), te.numpy())  # edges bitwise
    np.testing.assert_array_equal(to_np(ph), th.numpy())  # counts exact
    assert ph.dtype == pa.dtype and pe.dtype == pa.dtype
    # the edges as a tensor: the binary-search path, values on the edges
    e = np.unique(rng.choice(a, size=min(len(a), 6), replace=False))
    if len(e) >= 2:
        th2, _ = torch.histogram(ta, torch.from_numpy(e))
        ph2, pe2 = pyt.histogram(pa, pyt.from_numpy(e))
        np.testing.assert_array_equal(to_np(ph2), th2.numpy())
        np.testing.assert_array_equal(to_np(pe2), e)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_histogram_weight_density(dtype):
    rng, a = _hist_inputs(7, dtype)
    w = rng.uniform(0, 2, size=a.shape).astype(dtype)
    pa, ta = both(a)
    pw, tw = both(w)
    tol = 1e-5 if dtype == "float32" else 1e-12
    for kw in [{"weight": 1}, {"density": True}, {"weight": 1, "density": True}, {"weight": 1, "range": (0.0, 1.0)}]:
        pk = {k: (pw if k == "weight" else v) for k, v in kw.items()}
        tk = {k: (tw if k == "weight" else v) for k, v in kw.items()}
        th, te = torch.histogram(ta, 9, **tk)
        ph, pe = pyt.histogram(pa, 9, **pk)
        np.testing.assert_array_equal(to_np(pe), te.numpy())
        assert_tensor_close(ph, th, rtol=tol, atol=tol)
    e = np.array([-2.0, -0.5, 0.0, 0.1, 3.0], dtype)
    th, _ = torch.histogram(ta, torch.from_numpy(e), weight=tw, density=True)
    ph, _ = pyt.histogram(pa, pyt.from_numpy(e), weight=pw, density=True)
    assert_tensor_close(ph, th, rtol=tol, atol=tol)


def test_histogram_shapes_and_special():
    cases = [np.array(2.5), np.array([]), np.array([2.5, 2.5]), np.ones((2, 3)), np.array([1.0, np.nan, 2.0, np.inf])]
    for a in cases:
        pa, ta = both(a.astype(np.float32))
        kw = {"range": (0.0, 3.0)} if not np.all(np.isfinite(a)) else {}
        th, te = torch.histogram(ta, 4, **kw)
        ph, pe = pyt.histogram(pa, 4, **kw)
        np.testing.assert_array_equal(to_np(pe), te.numpy())
        np.testing.assert_array_equal(to_np(ph), th.numpy())
    # weight of another shape with the same number of elements; method form; named fields
    pa, ta = both(np.arange(6.0).reshape(2, 3))
    pw, tw = both(np.arange(6.0).reshape(3, 2))
    r, rt = pa.histogram(3, weight=pw), ta.histogram(3, weight=tw)
    assert_tensor_close(r.hist, rt.hist)
    assert_tensor_close(r.bin_edges, rt.bin_edges)
    # non-increasing edges are searched as given (no error, as torch's CPU kernel)
    pa, ta = both(np.array([0.0, 1, 2, 3, 1.5]))
    for e in ([0.0, 1, 1, 3], [0.0, 2, 1]):
        th, _ = torch.histogram(ta, torch.tensor(e, dtype=torch.float64))
        ph, _ = pyt.histogram(pa, pyt.tensor(e, dtype=pyt.float64))
        assert_tensor_close(ph, th)


def test_histogram_out():
    pa, ta = both(np.array([0.5, 1.5, 1.7]))
    ho, eo = pyt.empty(0, dtype=pyt.float64), pyt.empty(0, dtype=pyt.float64)
    r = pyt.histogram(pa, 2, out=(ho, eo))
    rt = torch.histogram(ta, 2)
    assert r.hist is ho
    assert_tensor_close(ho, rt.hist)
    assert_tensor_close(eo, rt.bin_edges)


def test_histogram_errors():
    x = np.array([1.0, 2.0, 1.0, 4.0], np.float32)
    px, tx = both(x)
    rt = [
        (lambda L, a: L.histogram(a, 3, range=(3.0, 1.0)), "min should not exceed max"),
        (lambda L, a: L.histogram(a, 3, range=(1.0, float("inf"))), "not finite"),
        (lambda L, a: L.histogram(a.new_tensor([1.0, float("nan")]), 2), "not finite"),
        (lambda L, a: L.histogram(a, 0), "bins must be > 0"),
        (lambda L, a: L.histogram(a, -1), "bins must be > 0"),
        (lambda L, a: L.histogram(a, 3, weight=L.ones(3)), "weight"),
        (lambda L, a: L.histogram(a, 3, weight=L.ones(4, dtype=L.float64)), "same dtype"),
        (lambda L, a: L.histogram(a, L.tensor([0.0, 2, 3], dtype=L.float64)), "same dtype"),
        (lambda L, a: L.histogram(a, L.tensor([[0.0, 2, 3]])), "one dimension"),
        (lambda L, a: L.histogram(a, L.tensor([])), "at least 1 element"),
        (lambda L, a: L.histogram(a, L.tensor([1.0])), "bins must be > 0"),
        (lambda L, a: L.histogram(a, L.tensor(1.0)), "one dimension"),
        (lambda L, a: L.histogram(a, 3, range=(1.0, 2.0, 3.0)), "range should have 2"),
    ]
    for f, word in rt:
        same_error(lambda: f(pyt, px), lambda: f(torch, tx), RuntimeError, word)
    for dt in ["int64", "float16", "bfloat16"]:
        same_error(lambda: pyt.histogram(px.to(getattr(pyt, dt)), 3), lambda: torch.histogram(tx.to(getattr(torch, dt)), 3),
                   NotImplementedError, "histogramdd")
    same_error(lambda: pyt.histogram(px.long(), 3, range=(0.0, 1.0)), lambda: torch.histogram(tx.long(), 3, range=(0.0, 1.0)),
               NotImplementedError, "histogram_cpu")
    same_error(lambda: pyt.histogram(px, bins=pyt.tensor([0.0, 2.0]), range=(0.0, 1.0)),
               lambda: torch.histogram(tx, bins=torch.tensor([0.0, 2.0]), range=(0.0, 1.0)), TypeError, "range")


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_histogram_reduced_precision(dtype):
    rng = np.random.default_rng(2)
    a = np.round(rng.normal(size=3000), 2).astype(np.float32)
    p = pyt.from_numpy(a).to(getattr(pyt, dtype))
    t = torch.from_numpy(a).to(getattr(torch, dtype))
    # torch accumulates one histogram per thread and adds them: in bfloat16 a bin saturates at
    # 256 per thread, so its counts depend on torch's thread count. pyt accumulates in one
    # pass (thread-independent), which is torch's single-thread result.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        results = [(pyt.histogram(p, b, range=r), torch.histogram(t, b, range=r))
                   for b, r in [(7, (-2.0, 2.0)), (64, (-3.3, 1.7)), (3, (0.0, 0.1))]]
    finally:
        torch.set_num_threads(threads)
    for rp, rt in results:
        assert_tensor_close(rp.bin_edges, rt.bin_edges)  # bitwise
        assert_tensor_close(rp.hist, rt.hist)  # counts accumulate (and saturate) in the reduced type
    e = pyt.tensor([-1.0, 0.0, 0.5, 2.0], dtype=getattr(pyt, dtype))
    te = torch.tensor([-1.0, 0.0, 0.5, 2.0], dtype=getattr(torch, dtype))
    torch.set_num_threads(1)
    try:
        expected = torch.histogram(t, te).hist
    finally:
        torch.set_num_threads(threads)
    assert_tensor_close(pyt.histogram(p, e).hist, expected)
    rp = pyt.histogram(p, 5, range=(-1.0, 1.0), weight=p.abs(), density=True)
    torch.set_num_threads(1)
    try:
        rt = torch.histogram(t, 5, range=(-1.0, 1.0), weight=t.abs(), density=True)
    finally:
        torch.set_num_threads(threads)
    assert_tensor_close(rp.hist, rt.hist, rtol=2e-2, atol=1e-3)
    same_error(lambda: pyt.histogram(p, 3), lambda: torch.histogram(t, 3), NotImplementedError, "histogramdd")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_histogramdd(dtype):
    rng = np.random.default_rng(11)
    x = np.round(rng.normal(size=(4, 25, 3)), 1).astype(dtype)
    w = rng.uniform(0, 1, size=(4, 25)).astype(dtype)
    px, tx = both(x)
    pw, tw = both(w)
    tol = 1e-5 if dtype == "float32" else 1e-12
    for bins, kw in [(4, {}), ([3, 5, 2], {}), ([3, 5, 2], {"range": [-1.0, 1.0, -2.0, 0.5, 0.0, 3.0]}),
                     ([2, 2, 2], {"density": True}), ([3, 4, 2], {"weight": 1})]:
        pk = {k: (pw if k == "weight" else v) for k, v in kw.items()}
        tk = {k: (tw if k == "weight" else v) for k, v in kw.items()}
        rp, rt = pyt.histogramdd(px, bins, **pk), torch.histogramdd(tx, bins, **tk)
        assert len(rp.bin_edges) == len(rt.bin_edges) == 3
        for ep, et in zip(rp.bin_edges, rt.bin_edges):
            np.testing.assert_array_equal(to_np(ep), et.numpy())
        assert_tensor_close(rp.hist, rt.hist, rtol=tol, atol=tol)
    edges = [np.array([-1.0, 0.0, 0.5], dtype), np.array([-3.0, 3.0], dtype), np.array([-0.5, 0.0, 0.2, 0.4], dtype)]
    rp = pyt.histogramdd(px, [pyt.from_numpy(e) for e in edges], weight=pw)
    rt = torch.histogramdd(tx, [torch.from_numpy(e) for e in edges], weight=tw)
    assert_tensor_close(rp.hist, rt.hist, rtol=tol, atol=tol)
    same_error(lambda: pyt.histogramdd(px, [2, 2]), lambda: torch.histogramdd(tx, [2, 2]), RuntimeError, "sequences")


# ------------------------------------------------------------------- small composites
def test_vander():
    for x, N, inc in [([1, 2, 3], None, False), ([1.5, -2.0, 0.0], 4, True), ([True, False], None, False),
                      ([2, -3], 0, False), ([2, -3], 1, True), ([], 3, False)]:
        for dt in (None, "int8", "float32"):
            arr = np.array(x) if dt is None else np.array(x).astype(dt)
            px, tx = both(arr)
            assert_tensor_close(pyt.vander(px, N=N, increasing=inc), torch.vander(tx, N=N, increasing=inc), rtol=1e-6)
    px, tx = both(np.arange(8.0))
    assert_tensor_close(pyt.vander(px[::2]), torch.vander(tx[::2]))
    same_error(lambda: pyt.vander(pyt.ones(2, 2)), lambda: torch.vander(torch.ones(2, 2)), RuntimeError, "one-dimensional")
    same_error(lambda: pyt.vander(pyt.ones(2), N=-1), lambda: torch.vander(torch.ones(2), N=-1), RuntimeError, "N must")
    p = pyt.tensor([0.5, -1.5, 2.0], dtype=pyt.float64, requires_grad=True)
    t = torch.tensor([0.5, -1.5, 2.0], dtype=torch.float64, requires_grad=True)
    yp, yt = pyt.vander(p, N=4), torch.vander(t, N=4)
    assert yp.grad_fn.name() == yt.grad_fn.name() == "FlipBackward0"
    # torch's own vander backward fails (its in-place slice copy); the reference is x ** k
    yt = torch.stack([t ** (3 - j) for j in range(4)], 1)
    g = np.arange(12.0).reshape(3, 4)
    yp.backward(pyt.tensor(g))
    yt.backward(torch.tensor(g))
    assert_tensor_close(p.grad, t.grad, rtol=1e-12)
    assert gradcheck(lambda a: pyt.vander(a, N=4, increasing=True), (pyt.tensor([0.5, -1.5], dtype=pyt.float64,
                                                                                  requires_grad=True),))


def test_frexp():
    x = np.array([8.0, 0.75, -3.0, 0.0, -0.0, 1e-40, 1e30, np.inf, -np.inf, np.nan, 1.0, 0.5])
    for dt in ["float32", "float64", "float16"]:
        a = x.astype(dt)
        pa, ta = both(a)
        rp, rt = pyt.frexp(pa), torch.frexp(ta)
        assert_tensor_close(rp.mantissa, rt.mantissa)
        assert_tensor_close(rp.exponent[np.isfinite(a).tolist()], rt.exponent[np.isfinite(a).tolist()])
        rp2 = pa.frexp()
        assert_tensor_close(rp2[0], rt[0])
    pb = pyt.tensor([3.0, 0.1], dtype=pyt.bfloat16)
    tb = torch.tensor([3.0, 0.1], dtype=torch.bfloat16)
    assert_tensor_close(pyt.frexp(pb).mantissa, torch.frexp(tb).mantissa)
    assert_tensor_close(pyt.frexp(pb).exponent, torch.frexp(tb).exponent)
    pm, tm = both(np.arange(6.0).reshape(2, 3))
    assert_tensor_close(pyt.frexp(pm.t()).mantissa, torch.frexp(tm.t()).mantissa)
    assert_tensor_close(pyt.frexp(pm[:0]).exponent, torch.frexp(tm[:0]).exponent)
    same_error(lambda: pyt.frexp(pyt.tensor([1, 2])), lambda: torch.frexp(torch.tensor([1, 2])), RuntimeError, "floating")


def test_angle():
    x = np.array([-2.0, 0.0, -0.0, 3.0, np.nan, np.inf, -np.inf])
    for dt in ["float32", "float64"]:
        px, tx = both(x, dt)
        assert_tensor_close(pyt.angle(px), torch.angle(tx))
        assert_tensor_close(px.angle(), tx.angle())
    for dt in ["int64", "bool"]:
        px, tx = both(np.array([1, 0, 1]), dt) if dt == "bool" else both(np.array([-1, 0, 4]), dt)
        assert_tensor_close(pyt.angle(px), torch.angle(tx))
    p = pyt.tensor([-1.0, 2.0], requires_grad=True)
    t = torch.tensor([-1.0, 2.0], requires_grad=True)
    pyt.angle(p).sum().backward()
    torch.angle(t).sum().backward()
    assert_tensor_close(p.grad, t.grad)


def test_trapz_and_aliases():
    y = np.array([[1.0, 2.0, 4.0], [0.5, -1.0, 3.0]])
    xs = np.array([0.0, 0.5, 2.0])
    py, ty = both(y)
    px, tx = both(xs)
    assert_tensor_close(pyt.trapz(py), torch.trapz(ty), rtol=1e-12)
    assert_tensor_close(pyt.trapz(py, px), torch.trapz(ty, tx), rtol=1e-12)
    assert_tensor_close(pyt.trapz(py, dx=0.3, dim=0), torch.trapz(ty, dx=0.3, dim=0), rtol=1e-12)
    for name, args in [("clip_", (-1.0, 1.0)), ("fix_", ()), ("negative_", ()), ("deg2rad_", ()), ("rad2deg_", ())]:
        pa, ta = both(y * 1.7)
        rp = getattr(pyt, name)(pa, *args)
        getattr(torch, name)(ta, *args)
        assert rp is pa
        assert_tensor_close(pa, ta, rtol=1e-12)
