"""equal / allclose / isclose, addcmul / addcdiv, clamp_min / clamp_max, memory formats and
Tensor.stride/size return types, differential against torch (python/pyt/_compare_ops.py,
python/pyt/_memory_format.py)."""

import numpy as np
import pytest
import pyt
import torch

from helpers import assert_tensor_close, both, rng_for, to_np
from pyt.autograd import gradcheck

NAN, INF = float("nan"), float("inf")


def lib_of(p):
    return pyt if isinstance(p, pyt.Tensor) else torch


# ---------------------------------------------------------------- equal / isclose / allclose

EQUAL_CASES = [
    ([1.0, 2.0], [1.0, 2.0]),
    ([1.0, 2.0], [1.0, 2.5]),
    ([1.0, 2.0], [1.0, 2.0, 3.0]),
    ([[1.0, 2.0]], [1.0, 2.0]),  # no broadcasting
    ([NAN], [NAN]),
    ([], []),
    (3.0, 3.0),
]


@pytest.mark.parametrize("a,b", EQUAL_CASES)
def test_equal(a, b):
    pa, ta = both(np.array(a, dtype=np.float32))
    pb, tb = both(np.array(b, dtype=np.float32))
    assert pyt.equal(pa, pb) is torch.equal(ta, tb)
    assert pa.equal(pb) is ta.equal(tb)


def test_equal_mixed_dtypes_and_noncontiguous():
    pa, ta = both(np.array([1, 2], dtype=np.int64))
    pb, tb = both(np.array([1.0, 2.0], dtype=np.float32))
    assert pyt.equal(pa, pb) is torch.equal(ta, tb) is True
    x = rng_for("eqnc").standard_normal((3, 4)).astype(np.float32)
    px, tx = both(x)
    assert pyt.equal(px.t(), px.t().contiguous()) is torch.equal(tx.t(), tx.t().contiguous()) is True
    assert pyt.equal(px.t(), px) is torch.equal(tx.t(), tx) is False
    with pytest.raises(TypeError):
        torch.equal(ta, [1, 2])
    with pytest.raises(TypeError):
        pyt.equal(pa, [1, 2])


CLOSE_CASES = [
    # (a, b, kwargs)
    ([1.0, 2.0, 3.0], [1.0, 2.00001, 3.1], {}),
    ([1.0, 2.0, 3.0], [1.0, 2.00001, 3.1], {"rtol": 0.1}),
    ([1.0, NAN, INF, -INF, INF], [1.0, NAN, INF, -INF, -INF], {}),
    ([1.0, NAN, INF, -INF, INF], [1.0, NAN, INF, -INF, -INF], {"equal_nan": True}),
    ([0.0, 1e-9, 1e-7], [0.0, 0.0, 0.0], {}),
    ([0.0, 1e-9, 1e-7], [0.0, 0.0, 0.0], {"atol": 0.0, "rtol": 0.0}),
    ([[1.0], [2.0]], [1.0, 2.0, 2.05], {"atol": 0.06}),  # broadcast
    (2.0, [2.0, 2.0000001, 3.0], {}),  # 0-d against 1-d
    ([], [], {}),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("a,b,kw", CLOSE_CASES)
def test_isclose_allclose_float(a, b, kw, dtype):
    pa, ta = both(np.array(a, dtype=dtype))
    pb, tb = both(np.array(b, dtype=dtype))
    r = pyt.isclose(pa, pb, **kw)
    assert_tensor_close(r, torch.isclose(ta, tb, **kw))
    assert_tensor_close(pa.isclose(pb, **kw), ta.isclose(tb, **kw))
    assert pyt.allclose(pa, pb, **kw) is torch.allclose(ta, tb, **kw)
    assert pa.allclose(pb, **kw) is ta.allclose(tb, **kw)


@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8", "bool"])
@pytest.mark.parametrize("kw", [{}, {"atol": 1.0}, {"rtol": 0.5}, {"rtol": 0.0, "atol": 0.0}])
def test_isclose_integral(dtype, kw):
    a = np.array([0, 1, 2, 4, 9], dtype=np.int64)
    b = np.array([0, 2, 3, 5, 1], dtype=np.int64)
    if dtype == "bool":
        a, b = a % 2, b % 2
    pa, ta = both(a.astype(dtype))
    pb, tb = both(b.astype(dtype))
    assert_tensor_close(pyt.isclose(pa, pb, **kw), torch.isclose(ta, tb, **kw))
    assert pyt.allclose(pa, pb, **kw) is torch.allclose(ta, tb, **kw)


def test_isclose_noncontiguous():
    x = rng_for("iscl").standard_normal((4, 3)).astype(np.float32)
    px, tx = both(x)
    py_, ty = both(x.T.copy() + np.float32(1e-6))
    assert_tensor_close(pyt.isclose(px.t(), py_), torch.isclose(tx.t(), ty))


@pytest.mark.parametrize("fn", ["isclose", "allclose"])
def test_close_errors(fn):
    pf, tf = both(np.array([1.0, 2.0], dtype=np.float32))
    pi, ti = both(np.array([1, 2], dtype=np.int64))
    pd, td = both(np.array([1.0, 2.0], dtype=np.float64))
    p3, t3 = both(np.ones(3, dtype=np.float32))
    for (pa, pb), (ta, tb), kw in [((pf, pi), (tf, ti), {}), ((pd, pf), (td, tf), {}), ((pf, p3), (tf, t3), {}),
                                   ((pf, pf), (tf, tf), {"rtol": -1.0}), ((pf, pf), (tf, tf), {"atol": -1.0})]:
        with pytest.raises(RuntimeError):
            getattr(torch, fn)(ta, tb, **kw)
        with pytest.raises(RuntimeError):
            getattr(pyt, fn)(pa, pb, **kw)
    with pytest.raises(RuntimeError, match="Float did not match Long"):
        pyt.isclose(pf, pi)
    with pytest.raises(TypeError):
        getattr(torch, fn)(tf, 1.0)
    with pytest.raises(TypeError):
        getattr(pyt, fn)(pf, 1.0)


# ---------------------------------------------------------------- addcmul / addcdiv

SHAPES = [((2, 3), (2, 3), (2, 3)), ((), (), ()), ((2, 1), (1, 3), (3,)), ((0, 3), (0, 3), (3,)), ((3,), (), (2, 1))]


@pytest.mark.parametrize("op", ["addcmul", "addcdiv"])
@pytest.mark.parametrize("shapes", SHAPES)
@pytest.mark.parametrize("value", [1, 0.5, -2])
def test_addc_forward_backward(op, shapes, value):
    rng = rng_for(op, shapes, value)
    arrays = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    if op == "addcdiv":
        arrays[2] = np.sign(arrays[2]) * (np.abs(arrays[2]) + 0.5)
    ps, ts = zip(*(both(a, requires_grad=True) for a in arrays))
    p = getattr(pyt, op)(*ps, value=value)
    t = getattr(torch, op)(*ts, value=value)
    assert_tensor_close(p, t, rtol=1e-6, atol=1e-6)
    assert_tensor_close(getattr(ps[0], op)(ps[1], ps[2], value=value), t, rtol=1e-6, atol=1e-6)
    g = rng.standard_normal(t.shape).astype(np.float32)
    p.backward(pyt.tensor(g))
    t.backward(torch.tensor(g))
    for a, b in zip(ps, ts):
        assert_tensor_close(a.grad, b.grad, rtol=1e-5, atol=1e-5, what="grad")


@pytest.mark.parametrize("op", ["addcmul", "addcdiv"])
def test_addc_gradcheck(op):
    rng = rng_for("gc", op)
    xs = [pyt.tensor(rng.standard_normal(s) + (2.0 if i == 2 else 0.0), dtype=pyt.float64, requires_grad=True)
          for i, s in enumerate([(2, 3), (3,), (2, 1)])]
    assert gradcheck(lambda a, b, c: getattr(pyt, op)(a, b, c, value=0.7), xs)


def test_addc_noncontiguous_and_dtypes():
    x = rng_for("nc").standard_normal((3, 4)).astype(np.float32)
    px, tx = both(x)
    assert_tensor_close(pyt.addcmul(px.t(), px.t(), px.t(), value=2), torch.addcmul(tx.t(), tx.t(), tx.t(), value=2),
                        rtol=1e-6)
    assert_tensor_close(pyt.addcdiv(px.t(), px.t(), px.t() + 5), torch.addcdiv(tx.t(), tx.t(), tx.t() + 5),
                        rtol=1e-6)
    pi, ti = both(np.array([1, 2, 3], dtype=np.int64))
    pf, tf = both(np.array([0.5, 1.5, 2.5], dtype=np.float32))
    for value in (1, 3, 0.5, 2.5):
        assert_tensor_close(pyt.addcmul(pi, pi, pi, value=value), torch.addcmul(ti, ti, ti, value=value))
    assert_tensor_close(pyt.addcmul(pi, pi, pf), torch.addcmul(ti, ti, tf))
    assert_tensor_close(pyt.addcdiv(pi, pf, pi), torch.addcdiv(ti, tf, ti), rtol=1e-6)
    pd, td = both(np.array([1.0, 2.0, 3.0], dtype=np.float64))
    assert_tensor_close(pyt.addcmul(pf, pd, pf, value=0.25), torch.addcmul(tf, td, tf, value=0.25), rtol=1e-12)


def test_addcdiv_integer_raises():
    pi, ti = both(np.array([1, 2], dtype=np.int64))
    pf, tf = both(np.array([1.0, 2.0], dtype=np.float32))
    for call in (lambda T, i, f: T.addcdiv(i, i, i), lambda T, i, f: T.addcdiv(f, i, i),
                 lambda T, i, f: f.addcdiv(i, i), lambda T, i, f: f.clone().addcdiv_(i, i)):
        with pytest.raises(RuntimeError):
            call(torch, ti, tf)
        with pytest.raises(RuntimeError, match="Integer division with addcdiv"):
            call(pyt, pi, pf)


@pytest.mark.parametrize("op", ["addcmul_", "addcdiv_"])
def test_addc_inplace(op):
    rng = rng_for(op)
    base, a, b = (rng.standard_normal(s).astype(np.float32) + (3.0 if i == 2 else 0) for i, s in
                  enumerate([(2, 3), (3,), (2, 1)]))
    pb, tb = both(base)
    pa, ta = both(a)
    pc, tc = both(b)
    rp = getattr(pb, op)(pa, pc, value=0.5)
    rt = getattr(tb, op)(ta, tc, value=0.5)
    assert rp is pb and rt is tb
    assert_tensor_close(pb, tb, rtol=1e-6, atol=1e-6)
    # autograd through an in-place op on a non-leaf
    pl, tl = both(base, requires_grad=True)
    pa.requires_grad_(True)
    ta.requires_grad_(True)
    pout = getattr(pl * 1, op)(pa, pc)
    tout = getattr(tl * 1, op)(ta, tc)
    pout.sum().backward()
    tout.sum().backward()
    assert_tensor_close(pl.grad, tl.grad, what="grad")
    assert_tensor_close(pa.grad, ta.grad, rtol=1e-6, atol=1e-6, what="grad")
    # errors torch raises: a result dtype that cannot be cast, a shape that is not self's
    pi, ti = both(np.array([1, 2, 3], dtype=np.int64))
    pf, tf = both(np.array([0.5, 1.5, 2.5], dtype=np.float32))
    with pytest.raises(RuntimeError):
        getattr(ti, op)(tf, tf)
    with pytest.raises(RuntimeError):
        getattr(pi, op)(pf, pf)
    with pytest.raises(RuntimeError):
        getattr(torch.ones(3), op)(torch.ones(2, 3), torch.ones(2, 3))
    with pytest.raises(RuntimeError):
        getattr(pyt.ones(3), op)(pyt.ones(2, 3), pyt.ones(2, 3))


def test_addc_out():
    pa, ta = both(np.array([1.0, 2.0], dtype=np.float32))
    po, to = pyt.empty(2), torch.empty(2)
    assert pyt.addcmul(pa, pa, pa, value=2, out=po) is po
    torch.addcmul(ta, ta, ta, value=2, out=to)
    assert_tensor_close(po, to)
    assert pyt.addcdiv(pa, pa, pa + 1, out=po) is po
    torch.addcdiv(ta, ta, ta + 1, out=to)
    assert_tensor_close(po, to, rtol=1e-6)


# ---------------------------------------------------------------- clamp_min / clamp_max

@pytest.mark.parametrize("op", ["clamp_min", "clamp_max"])
def test_clamp_min_max(op):
    x = rng_for(op).standard_normal((3, 4)).astype(np.float32)
    px, tx = both(x, requires_grad=True)
    for bound in (0.25, -1, both(np.float32(0.1))[0], both(np.linspace(-1, 1, 4).astype(np.float32))[0]):
        tbound = torch.tensor(to_np(bound)) if isinstance(bound, pyt.Tensor) else bound
        assert_tensor_close(getattr(pyt, op)(px, bound), getattr(torch, op)(tx, tbound))
        assert_tensor_close(getattr(px, op)(bound), getattr(tx, op)(tbound))
        assert_tensor_close(getattr(pyt, op)(px.t(), 0.1), getattr(torch, op)(tx.t(), 0.1))
    getattr(pyt, op)(px, 0.1).sum().backward()
    getattr(torch, op)(tx, 0.1).sum().backward()
    assert_tensor_close(px.grad, tx.grad, what="grad")
    # in place, int with a float bound raises like torch
    pc, tc = both(x)
    assert getattr(pc, op + "_")(0.3) is pc
    getattr(tc, op + "_")(0.3)
    assert_tensor_close(pc, tc)
    pi, ti = both(np.array([1, 2, 3], dtype=np.int64))
    assert_tensor_close(getattr(pyt, op)(pi, 2), getattr(torch, op)(ti, 2))
    assert_tensor_close(getattr(pyt, op)(pi, 1.5), getattr(torch, op)(ti, 1.5))
    with pytest.raises(RuntimeError):
        getattr(ti, op + "_")(1.5)
    with pytest.raises(RuntimeError):
        getattr(pi, op + "_")(1.5)
    e = pyt.empty(0, 3)
    assert tuple(getattr(pyt, op)(e, 0.0).shape) == (0, 3)


# ---------------------------------------------------------------- memory formats

def test_memory_format_objects():
    for name in ("preserve_format", "contiguous_format", "channels_last", "channels_last_3d"):
        f = getattr(pyt, name)
        assert isinstance(f, pyt.memory_format)
        assert repr(f) == repr(getattr(torch, name)).replace("torch", "pyt")
    import pickle
    assert pickle.loads(pickle.dumps(pyt.channels_last)) is pyt.channels_last


LIKE = ["zeros_like", "ones_like", "empty_like", "rand_like", "randn_like", "full_like"]


def like_call(lib, name, x, **kw):
    if name == "full_like":
        return getattr(lib, name)(x, 2.5, **kw)
    return getattr(lib, name)(x, **kw)


@pytest.mark.parametrize("name", LIKE)
def test_like_memory_format(name):
    px, tx = both(np.ones((2, 3, 4, 5), dtype=np.float32))
    for fmt in ("preserve_format", "contiguous_format", "channels_last"):
        p = like_call(pyt, name, px, memory_format=getattr(pyt, fmt))
        t = like_call(torch, name, tx, memory_format=getattr(torch, fmt))
        assert tuple(p.shape) == tuple(t.shape) and p.dtype == pyt.float32
        assert p.stride() == t.stride(), fmt
        if name in ("zeros_like", "ones_like", "full_like"):
            assert_tensor_close(p, t)
    p = like_call(pyt, name, px, memory_format=pyt.channels_last, requires_grad=True)
    t = like_call(torch, name, tx, memory_format=torch.channels_last, requires_grad=True)
    assert p.is_leaf and p.requires_grad and t.is_leaf
    p2, t2 = both(np.ones((2, 3), dtype=np.float32))
    with pytest.raises(RuntimeError):
        like_call(torch, name, t2, memory_format=torch.channels_last)
    with pytest.raises(RuntimeError, match="channels_last"):
        like_call(pyt, name, p2, memory_format=pyt.channels_last)
    with pytest.raises(TypeError):
        like_call(torch, name, t2, memory_format=5)
    with pytest.raises(TypeError, match=name):
        like_call(pyt, name, p2, memory_format=5)


def test_clone_contiguous_memory_format():
    x = rng_for("mf").standard_normal((2, 3, 4, 5)).astype(np.float32)
    px, tx = both(x, requires_grad=True)
    for fmt in ("preserve_format", "contiguous_format", "channels_last"):
        p = px.clone(memory_format=getattr(pyt, fmt))
        t = tx.clone(memory_format=getattr(torch, fmt))
        assert p.stride() == t.stride()
        assert_tensor_close(p, t)
        assert_tensor_close(pyt.clone(px, memory_format=getattr(pyt, fmt)), t)
    pc = px.contiguous(memory_format=pyt.channels_last)
    tc = tx.contiguous(memory_format=torch.channels_last)
    assert pc.stride() == tc.stride() == (60, 1, 15, 3)
    assert pc.is_contiguous(memory_format=pyt.channels_last) == tc.is_contiguous(memory_format=torch.channels_last)
    assert pc.is_contiguous() == tc.is_contiguous() is False
    assert pc.contiguous(memory_format=pyt.channels_last) is pc
    assert tc.contiguous(memory_format=torch.channels_last) is tc
    assert_tensor_close(pc.contiguous(), tc.contiguous())
    (pc * pc).sum().backward()
    (tc * tc).sum().backward()
    assert_tensor_close(px.grad, tx.grad, rtol=1e-6, what="grad")
    # channels_last_3d
    y = np.arange(2 * 3 * 4 * 5 * 6, dtype=np.float32).reshape(2, 3, 4, 5, 6)
    py_, ty = both(y)
    assert (py_.contiguous(memory_format=pyt.channels_last_3d).stride()
            == ty.contiguous(memory_format=torch.channels_last_3d).stride())
    # preserve_format on contiguous(): as is when contiguous, RuntimeError otherwise
    p2, t2 = both(np.ones((3, 2), dtype=np.float32))
    assert p2.contiguous(memory_format=pyt.preserve_format) is p2
    assert t2.contiguous(memory_format=torch.preserve_format) is t2
    with pytest.raises(RuntimeError):
        t2.t().contiguous(memory_format=torch.preserve_format)
    with pytest.raises(RuntimeError):
        p2.t().contiguous(memory_format=pyt.preserve_format)
    assert p2.is_contiguous(memory_format=pyt.preserve_format) is t2.is_contiguous(memory_format=torch.preserve_format)
    for call in (lambda T, t: t.clone(memory_format=T.channels_last),
                 lambda T, t: t.contiguous(memory_format=T.channels_last)):
        with pytest.raises(RuntimeError):
            call(torch, t2)
        with pytest.raises(RuntimeError, match="rank 4"):
            call(pyt, p2)
    with pytest.raises(TypeError):
        t2.clone(memory_format="channels_last")
    with pytest.raises(TypeError, match="clone"):
        p2.clone(memory_format="channels_last")
    assert (p2.t().contiguous(memory_format=pyt.contiguous_format).stride()
            == t2.t().contiguous(memory_format=torch.contiguous_format).stride() == (3, 1))


# ---------------------------------------------------------------- stride / size types

def test_stride_and_size_types():
    px, tx = both(np.zeros((2, 3), dtype=np.float32))
    assert px.stride() == tx.stride() == (3, 1)
    assert type(px.stride()) is tuple and type(tx.stride()) is tuple
    assert px.stride(0) == tx.stride(0) == 3 and px.stride(-1) == tx.stride(-1) == 1
    assert type(px.stride(1)) is int
    assert px.t().stride() == tx.t().stride() == (1, 3)
    assert pyt.tensor(1.0).stride() == torch.tensor(1.0).stride() == ()
    assert isinstance(px.size(), pyt.Size) and isinstance(px.size(), tuple)
    assert px.size() == tx.size() == (2, 3) and px.shape == (2, 3)
    assert px.size(1) == 3 and type(px.size(1)) is int
    with pytest.raises(IndexError):
        tx.stride(2)
    with pytest.raises(IndexError):
        px.stride(2)
