"""3-d pooling, LP pooling and max unpooling layers and functionals against torch: outputs,
indices, input gradients (and double backward), float64 gradcheck, reprs, state_dict and
pickling, thread-count determinism, and the errors torch raises (type and key words).

The ops' rows in op_table_pool.py cover the functionals' values and gradients per dtype; this
file covers the layers, the composed LP pools and max_unpool1d, and the error paths."""

import pickle

import numpy as np
import pyt
import pytest
import torch
from helpers import gradcheck

RNG = np.random.default_rng(0)


def _distinct(shape):
    """Values without ties (max pools are differentiable everywhere)."""
    n = int(np.prod(shape))
    return (RNG.permutation(n).reshape(shape) - n / 2 + 0.25) * 0.37


def _both(x, requires_grad=True, dtype=np.float32):
    x = np.asarray(x, dtype=dtype)
    return (
        pyt.tensor(x.copy(), requires_grad=requires_grad),
        torch.tensor(x.copy(), requires_grad=requires_grad),
    )


def _close(p, t, tol=1e-5):
    if isinstance(t, (tuple, list)):
        assert isinstance(p, (tuple, list)) and len(p) == len(t)
        for a, b in zip(p, t):
            _close(a, b, tol)
        return
    assert tuple(p.shape) == tuple(t.shape)
    assert str(p.dtype).split(".")[-1] == str(t.dtype).split(".")[-1]
    np.testing.assert_allclose(p.detach().numpy(), t.detach().numpy(), rtol=tol, atol=tol)


def _check_forward_backward(fp, ft, x, view=None, tol=1e-5):
    xp, xt = _both(x)
    ip, it = (view(xp), view(xt)) if view else (xp, xt)
    op, ot = fp(ip), ft(it)
    _close(op, ot, tol)
    vp = op[0] if isinstance(op, tuple) else op
    vt = ot[0] if isinstance(ot, tuple) else ot
    assert type(vp.grad_fn).__name__ == type(vt.grad_fn).__name__
    g = RNG.uniform(-1, 1, size=tuple(vt.shape)).astype(np.float32)
    vp.backward(pyt.tensor(g))
    vt.backward(torch.tensor(g))
    np.testing.assert_allclose(xp.grad.numpy(), xt.grad.numpy(), rtol=tol, atol=tol)


def CL3(t):
    """(N, D, H, W, C) storage seen as (N, C, D, H, W): a channels_last_3d input."""
    return t.permute(0, 4, 1, 2, 3)


# (layer, args, kwargs, input shape, view)
LAYER_CASES = [
    ("MaxPool3d", (2,), {}, (2, 3, 4, 6, 5), None),
    ("MaxPool3d", ((2, 3, 2),), {"stride": (1, 2, 2), "padding": 1, "dilation": (2, 1, 1)}, (1, 2, 7, 7, 6), None),
    ("MaxPool3d", (3,), {"stride": 2, "padding": 1, "ceil_mode": True}, (1, 2, 6, 6, 6), None),
    ("MaxPool3d", (2,), {"return_indices": True}, (2, 4, 4, 6), None),
    ("MaxPool3d", (2,), {}, (1, 4, 6, 5, 3), CL3),
    ("AvgPool3d", (2,), {}, (2, 3, 4, 6, 5), None),
    ("AvgPool3d", (3,), {"stride": 2, "padding": 1, "count_include_pad": False, "ceil_mode": True}, (1, 2, 5, 7, 6), None),
    ("AvgPool3d", ((2, 3, 2),), {"divisor_override": 5}, (2, 4, 6, 5), None),
    ("AvgPool3d", (2,), {}, (1, 4, 6, 5, 3), CL3),
    ("AdaptiveAvgPool3d", ((2, 3, 4),), {}, (2, 3, 5, 7, 9), None),
    ("AdaptiveAvgPool3d", ((None, 2, None),), {}, (2, 4, 6, 5), None),
    ("AdaptiveAvgPool3d", ((2, 1, 2),), {}, (1, 4, 6, 5, 3), CL3),
    ("AdaptiveMaxPool3d", ((2, 3, 4),), {}, (2, 3, 5, 7, 9), None),
    ("AdaptiveMaxPool3d", (3,), {"return_indices": True}, (2, 4, 6, 5), None),
    ("AdaptiveMaxPool3d", (2,), {}, (1, 4, 6, 5, 3), CL3),
    ("LPPool1d", (2, 3), {"stride": 2}, (2, 3, 9), None),
    ("LPPool1d", (1.5, 2), {"ceil_mode": True}, (2, 7), None),
    ("LPPool2d", (2, (2, 3)), {}, (2, 3, 6, 7), None),
    ("LPPool2d", (3, 2), {"stride": 1, "ceil_mode": True}, (2, 3, 5, 5), None),
    ("LPPool2d", (float("inf"), 2), {}, (2, 3, 6, 6), None),
    ("LPPool3d", (2, 2), {}, (2, 3, 4, 6, 4), None),
    ("LPPool3d", (4, (2, 3, 2)), {"stride": (1, 2, 2)}, (3, 5, 7, 6), None),
    ("FractionalMaxPool2d", (3,), {"output_size": (4, 3), "_random_samples": "fixed"}, (2, 3, 9, 7), None),
    ("FractionalMaxPool2d", (2,), {"output_ratio": 0.5, "return_indices": True, "_random_samples": "fixed"},
     (2, 3, 8, 9), None),
]


def _layer(lib, name, args, kwargs):
    kw = dict(kwargs)
    if kw.get("_random_samples") == "fixed":  # the same samples in both libraries
        kw["_random_samples"] = lib.tensor(np.array([[[0.1, 0.9], [0.5, 0.25], [0.75, 0.0]]] * 2, dtype=np.float32))
    return getattr(lib.nn, name)(*args, **kw)


@pytest.mark.parametrize(
    "name,args,kwargs,shape,view",
    LAYER_CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(LAYER_CASES)],
)
def test_layers_match_torch(name, args, kwargs, shape, view):
    p = _layer(pyt, name, args, kwargs)
    t = _layer(torch, name, args, kwargs)
    assert repr(p) == repr(t)
    assert list(p.state_dict()) == list(t.state_dict())
    x = _distinct(shape)
    if name.startswith("LP"):
        x = np.abs(x) + 0.1  # LP pools of negative values take fractional powers of them
    _check_forward_backward(p, t, x, view, tol=1e-4)
    q = pickle.loads(pickle.dumps(p))
    assert repr(q) == repr(p)
    for attr in getattr(t, "__constants__", []):
        assert getattr(p, attr) == getattr(t, attr), attr


def test_fractional_max_pool2d_random_samples_and_module_errors():
    x = pyt.randn(2, 3, 9, 9)
    y = pyt.nn.functional.fractional_max_pool2d(x, 3, output_ratio=(0.5, 0.5))
    assert tuple(y.shape) == (2, 3, 4, 4)
    # every output is one of its plane's inputs
    for b in range(2):
        for c in range(3):
            assert set(y[b, c].flatten().tolist()) <= set(x[b, c].flatten().tolist())
    for lib in (pyt, torch):
        with pytest.raises(ValueError, match="output size, or a pooling ratio"):
            lib.nn.FractionalMaxPool2d(2)
        with pytest.raises(ValueError, match="only one of"):
            lib.nn.FractionalMaxPool2d(2, output_size=3, output_ratio=0.5)
        with pytest.raises(ValueError, match="between 0 and 1"):
            lib.nn.FractionalMaxPool2d(2, output_ratio=1.5)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_max_unpool_layers_and_functionals_match_torch(n):
    shape = {1: (2, 3, 9), 2: (2, 3, 7, 6), 3: (2, 2, 5, 4, 6)}[n]
    x = _distinct(shape)
    outs = []
    for lib in (pyt, torch):
        pool = getattr(lib.nn, f"MaxPool{n}d")(2, stride=2, return_indices=True)
        unpool = getattr(lib.nn, f"MaxUnpool{n}d")(2)
        xi = lib.tensor(x.astype(np.float32), requires_grad=True)
        v, i = pool(xi)
        out_default = unpool(v, i)
        out_sized = unpool(v, i, output_size=xi.shape[-n:])
        out_full = unpool(v, i, output_size=list(xi.shape))
        g = np.linspace(-1, 1, int(np.prod(out_sized.shape))).reshape(tuple(out_sized.shape))
        out_sized.backward(lib.tensor(g.astype(np.float32)))
        outs.append((repr(unpool), out_default, out_sized, out_full, xi.grad, out_sized.grad_fn))
    (rp, *p_vals, gp), (rt, *t_vals, gt) = outs
    assert rp == rt
    for a, b in zip(p_vals, t_vals):
        _close(a, b)
    assert type(gp).__name__ == type(gt).__name__


@pytest.mark.parametrize("n", [1, 2, 3])
def test_max_unpool_gradient_is_gather_and_double_backward(n):
    shape = {1: (1, 2, 8), 2: (1, 2, 4, 6), 3: (1, 2, 4, 4, 2)}[n]
    x = _distinct(shape)
    res = []
    for lib in (pyt, torch):
        F = lib.nn.functional
        v, i = getattr(F, f"max_pool{n}d")(lib.tensor(x), 2, return_indices=True)
        v = v.detach().double().requires_grad_(True)
        y = getattr(F, f"max_unpool{n}d")(v, i, 2)
        g = lib.tensor(np.cos(np.arange(y.numel())).reshape(tuple(y.shape)), requires_grad=True)
        (gv,) = lib.autograd.grad(y, v, g, create_graph=True)
        (gg,) = lib.autograd.grad((gv * gv).sum(), g)
        res.append((gv, gg))
    _close(res[0][0], res[1][0], 1e-12)
    _close(res[0][1], res[1][1], 1e-12)


GRADCHECK_CASES = [
    ("max_pool3d", lambda F, x: F.max_pool3d(x, (2, 3, 2), (1, 2, 1), 1, (1, 1, 2)), (1, 2, 5, 6, 5)),
    ("avg_pool3d", lambda F, x: F.avg_pool3d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False), (1, 2, 5, 6, 5)),
    ("avg_pool3d_div", lambda F, x: F.avg_pool3d(x, 2, divisor_override=3), (2, 4, 4, 5)),
    ("adaptive_avg_pool3d", lambda F, x: F.adaptive_avg_pool3d(x, (2, 3, 4)), (1, 2, 5, 4, 7)),
    ("adaptive_max_pool3d", lambda F, x: F.adaptive_max_pool3d(x, (2, 3, 4)), (1, 2, 5, 4, 7)),
    ("lp_pool1d", lambda F, x: F.lp_pool1d(x.abs() + 0.5, 3, 2), (2, 3, 8)),
    ("lp_pool2d", lambda F, x: F.lp_pool2d(x.abs() + 0.5, 2, (2, 3), ceil_mode=True), (2, 3, 5, 7)),
    ("lp_pool3d", lambda F, x: F.lp_pool3d(x.abs() + 0.5, 2, 2, (1, 2, 2)), (1, 2, 4, 6, 5)),
    ("fractional_max_pool2d", lambda F, x: F.fractional_max_pool2d(
        x, (2, 3), (5, 4), _random_samples=_samples(F, x)), (2, 3, 8, 9)),
    ("max_unpool1d", lambda F, x: F.max_unpool1d(x, _idx_like(F, x, 1), 2), (2, 3, 4)),
]


def _samples(F, x):
    lib = pyt if F is pyt.nn.functional else torch
    u = np.linspace(0.05, 0.95, x.shape[0] * x.shape[1] * 2).reshape(x.shape[0], x.shape[1], 2)
    return lib.tensor(u, dtype=x.dtype)


def _idx_like(F, x, n):
    """Valid, distinct unpool indices for x: those of a max pool of a fixed input twice x's size."""
    lib = pyt if F is pyt.nn.functional else torch
    shape = tuple(x.shape[:-n]) + tuple(2 * s for s in x.shape[-n:])
    base = lib.tensor(np.sin(np.arange(int(np.prod(shape)))).reshape(shape))
    return getattr(F, f"max_pool{n}d")(base, 2, return_indices=True)[1]


@pytest.mark.parametrize("name,f,shape", GRADCHECK_CASES, ids=[c[0] for c in GRADCHECK_CASES])
def test_gradcheck_and_grads_match_torch(name, f, shape):
    x = _distinct(shape)
    xp, xt = _both(x, dtype=np.float64)
    op, ot = f(pyt.nn.functional, xp), f(torch.nn.functional, xt)
    _close(op, ot, 1e-10)
    assert type(op.grad_fn).__name__ == type(ot.grad_fn).__name__
    op.sum().backward()
    ot.sum().backward()
    # lp_pool1d's p = 3: pyt's PowBackward0 rounds the exponent 1/p - 1 to float32 (a core
    # issue of pow with a Python-float exponent, outside the pools), hence 1e-6 there
    tol = 1e-6 if name == "lp_pool1d" else 1e-10
    np.testing.assert_allclose(xp.grad.numpy(), xt.grad.numpy(), rtol=tol, atol=tol)
    assert gradcheck(lambda t: f(pyt.nn.functional, t), [pyt.tensor(x, requires_grad=True)])


@pytest.mark.parametrize(
    "f",
    [
        lambda F, x: F.max_pool3d(x, 2, 1, 1),
        lambda F, x: F.avg_pool3d(x, 3, 2, 1),
        lambda F, x: F.adaptive_avg_pool3d(x, (2, 3, 2)),
        lambda F, x: F.adaptive_max_pool3d(x, (2, 3, 2)),
    ],
    ids=["max", "avg", "adaptive_avg", "adaptive_max"],
)
def test_double_backward_matches_torch(f):
    x = _distinct((1, 2, 4, 5, 4))
    res = []
    for lib in (pyt, torch):
        xi = lib.tensor(x, requires_grad=True)
        y = f(lib.nn.functional, xi)
        g = lib.tensor(np.cos(np.arange(y.numel())).reshape(tuple(y.shape)), requires_grad=True)
        (gx,) = lib.autograd.grad(y, xi, g, create_graph=True)
        (gg,) = lib.autograd.grad((gx * gx).sum(), g)
        res.append((type(gx.grad_fn).__name__, gx, gg))
    assert res[0][0] == res[1][0]
    _close(res[0][1], res[1][1], 1e-12)
    _close(res[0][2], res[1][2], 1e-12)


def test_nan_and_integer_max_pool3d_match_torch():
    x = np.array([1.0, np.nan, 2.0, np.nan, -1.0, 0.5, np.inf, -np.inf]).reshape(1, 1, 2, 2, 2)
    for f in (
        lambda F, t: F.max_pool3d(t, 2, return_indices=True),
        lambda F, t: F.adaptive_max_pool3d(t, 1, return_indices=True),
        lambda F, t: F.max_pool2d(t[0], (2, 2), return_indices=True),
    ):
        p = f(pyt.nn.functional, pyt.tensor(x))
        t = f(torch.nn.functional, torch.tensor(x))
        np.testing.assert_array_equal(p[0].numpy(), t[0].numpy())
        np.testing.assert_array_equal(p[1].numpy(), t[1].numpy())
    xi = np.floor(_distinct((1, 2, 4, 5, 4))).astype(np.int64)
    for f in (
        lambda F, t: F.max_pool3d(t, 2, 1, 1, return_indices=True),
        lambda F, t: (F.avg_pool3d(t, 3, 2, 1),),
    ):
        for a, b in zip(f(pyt.nn.functional, pyt.tensor(xi)), f(torch.nn.functional, torch.tensor(xi))):
            assert a.dtype == pyt.int64
            np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_empty_batch_and_unbatched_shapes():
    for f in (
        lambda F, t: F.max_pool3d(t, 2),
        lambda F, t: F.avg_pool3d(t, 2),
        lambda F, t: F.adaptive_avg_pool3d(t, (1, 2, 3)),
        lambda F, t: F.adaptive_max_pool3d(t, 2),
        lambda F, t: F.lp_pool3d(t, 2, 2),
    ):
        for shape in ((0, 2, 4, 4, 4), (2, 4, 4, 4)):
            p = f(pyt.nn.functional, pyt.zeros(shape, requires_grad=True))
            t = f(torch.nn.functional, torch.zeros(shape, requires_grad=True))
            assert tuple(p.shape) == tuple(t.shape)
            p.sum().backward()


def test_pool3d_deterministic_across_thread_counts():
    x = pyt.tensor(RNG.standard_normal((4, 8, 9, 10, 11)).astype(np.float32), requires_grad=True)
    fs = [
        lambda t: pyt.nn.functional.max_pool3d(t, 3, 2, 1),
        lambda t: pyt.nn.functional.avg_pool3d(t, 3, 2, 1),
        lambda t: pyt.nn.functional.adaptive_avg_pool3d(t, (4, 5, 3)),
        lambda t: pyt.nn.functional.adaptive_max_pool3d(t, (4, 5, 3)),
    ]
    old = pyt.get_num_threads()
    results = []
    try:
        for n in (1, 2):
            pyt.set_num_threads(n)
            row = []
            for f in fs:
                x.grad = None
                y = f(x)
                (y * y).sum().backward()
                row.append((y.detach().numpy().copy(), x.grad.numpy().copy()))
            results.append(row)
    finally:
        pyt.set_num_threads(old)
    for (a, ga), (b, gb) in zip(*results):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(ga, gb)


ERRORS = [
    (lambda F: F.max_pool3d(_r(F, 3, 4, 4), 2), RuntimeError, ["max_pool3d", "4D or 5D"]),
    (lambda F: F.max_pool3d(_r(F, 1, 2, 3, 4, 4), 4), RuntimeError, ["max_pool3d"]),
    (lambda F: F.max_pool3d(_r(F, 1, 2, 3, 4, 4), 2, padding=2), RuntimeError, ["pad should be at most half"]),
    (lambda F: F.max_pool3d(_r(F, 1, 2, 3, 4, 4), 2, stride=0), RuntimeError, ["stride"]),
    (lambda F: F.max_pool3d(_r(F, 1, 2, 3, 4, 4), 2, dilation=0), RuntimeError, ["dilation"]),
    (lambda F: F.max_pool3d(_r(F, 1, 2, 3, 4, 4), (2, 2)), RuntimeError, ["max_pool3d", "kernel_size"]),
    (lambda F: F.max_pool3d(_r(F, 1, 0, 3, 4, 4), 2), RuntimeError, ["non-batch dimension"]),
    (lambda F: F.avg_pool3d(_r(F, 3, 4, 4), 2), RuntimeError, ["avg_pool3d"]),
    (lambda F: F.avg_pool3d(_r(F, 1, 2, 3, 4, 4), 4), RuntimeError, ["avg_pool3d"]),
    (lambda F: F.avg_pool3d(_r(F, 1, 2, 3, 4, 4), 2, padding=2), RuntimeError, ["pad should be at most half"]),
    (lambda F: F.avg_pool3d(_r(F, 1, 2, 3, 4, 4), 2, divisor_override=0), RuntimeError, ["divisor must be not zero"]),
    (lambda F: F.avg_pool3d(_r(F, 1, 2, 3, 4, 4).bool(), 2), RuntimeError, ["Bool"]),
    (lambda F: F.adaptive_avg_pool3d(_r(F, 3, 4, 4), 2), RuntimeError, ["adaptive_avg_pool3d"]),
    (lambda F: F.adaptive_avg_pool3d(_r(F, 1, 0, 3, 4, 4), 2), RuntimeError, ["adaptive_avg_pool3d"]),
    (lambda F: F.adaptive_avg_pool3d(_r(F, 1, 2, 3, 4, 4), (2, -1, 2)), RuntimeError, ["output_size"]),
    (lambda F: F.adaptive_avg_pool3d(_r(F, 1, 2, 3, 4, 4).long(), 2), NotImplementedError, ["Long"]),
    (lambda F: F.adaptive_max_pool3d(_r(F, 3, 4, 4), 2), RuntimeError, ["adaptive_max_pool3d"]),
    (lambda F: F.adaptive_max_pool3d(_r(F, 1, 2, 3, 4, 4).long(), 2), NotImplementedError, ["Long"]),
    (lambda F: F.max_unpool2d(*_pool(F, 2, 5), 2), RuntimeError, ["Found an invalid max index", "4x4"]),
    (lambda F: F.max_unpool3d(*_pool(F, 3, 9), 2), RuntimeError, ["Found an invalid max index", "4x4x4"]),
    (lambda F: F.max_unpool1d(*_pool(F, 1, 9), 2), RuntimeError, ["Found an invalid max index"]),
    (lambda F: F.max_unpool2d(*_pool(F, 2, -1), 2), RuntimeError, ["Found an invalid max index"]),
    (lambda F: F.max_unpool2d(_pool(F, 2)[0], _pool(F, 2)[1].int(), 2), RuntimeError, ["int64"]),
    (lambda F: F.max_unpool2d(_pool(F, 2)[0], _pool(F, 2)[1][..., :1], 2), RuntimeError, ["shape of indices"]),
    (lambda F: F.max_unpool2d(_pool(F, 2)[0][0, 0], _pool(F, 2)[1][0, 0], 2), RuntimeError, ["3d or 4d"]),
    (lambda F: F.max_unpool3d(_pool(F, 3)[0][0, 0], _pool(F, 3)[1][0, 0], 2), RuntimeError, ["4d or 5d"]),
    (lambda F: F.max_unpool2d(_pool(F, 2)[0].long(), _pool(F, 2)[1], 2), NotImplementedError, ["Long"]),
    (lambda F: F.max_unpool2d(*_pool(F, 2), 2, output_size=(9, 9)), ValueError, ["invalid output_size"]),
    (lambda F: F.max_unpool2d(*_pool(F, 2), 2, output_size=(5,)), ValueError, ["output_size"]),
    (lambda F: F.lp_pool3d(_r(F, 3, 4, 4), 2, 2), RuntimeError, ["avg_pool3d"]),
    (lambda F: F.fractional_max_pool2d(_r(F, 2, 3, 10, 9), 3, 9, _random_samples=_r(F, 2, 3, 2) / 2), RuntimeError,
     ["fractional_max_pool2d", "too large"]),
    (lambda F: F.fractional_max_pool2d(_r(F, 2, 3, 10, 9), 3, 5, _random_samples=_r(F, 2, 3, 2).double() / 2),
     RuntimeError, ["same dtype"]),
    (lambda F: F.fractional_max_pool2d(_r(F, 2, 3, 10, 9), 3, 5, _random_samples=_r(F, 1, 3, 2) / 2), RuntimeError,
     ["_random_samples"]),
    (lambda F: F.fractional_max_pool2d(_r(F, 2, 0, 10, 9), 3, 5, _random_samples=_r(F, 2, 0, 2) / 2), RuntimeError,
     ["non-zero size"]),
    (lambda F: F.fractional_max_pool2d(_r(F, 2, 3, 10, 9), 3), ValueError, ["output_size or an output_ratio"]),
]


def _r(F, *shape):
    lib = pyt if F is pyt.nn.functional else torch
    return lib.ones(*shape)


def _pool(F, n, scale=1):
    """(values, indices * scale) of a kernel-2 max pool of a (1, 2, 4, ...) input."""
    lib = pyt if F is pyt.nn.functional else torch
    x = lib.tensor(_distinct((1, 2) + (4,) * n).astype(np.float32))
    v, i = getattr(F, f"max_pool{n}d")(x, 2, return_indices=True)
    return v, i * scale


@pytest.mark.parametrize("f,exc,words", ERRORS, ids=[str(i) for i in range(len(ERRORS))])
def test_errors_match_torch(f, exc, words):
    with pytest.raises(exc):
        f(torch.nn.functional)
    with pytest.raises(exc) as e:
        f(pyt.nn.functional)
    for w in words:
        assert w in str(e.value), (w, str(e.value))


def test_unpool_invalid_index_writes_nothing_out_of_bounds():
    # a huge index must be rejected before any write, whatever its position
    v = pyt.ones(1, 1, 2, 2)
    i = pyt.tensor([[[[0, 1], [2, 1 << 40]]]])
    with pytest.raises(RuntimeError, match="Found an invalid max index: 1099511627776"):
        pyt.nn.functional.max_unpool2d(v, i, 2)
