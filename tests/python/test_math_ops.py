"""The elementwise math family (ops/math.h) beyond what the op table checks one op at a time:
in-place variants and their autograd, second derivatives, dtype rules, float16/bfloat16,
the Python-number forms the table cannot express, and every error path (torch is the
oracle for values, dtypes, exception types and a key word of each message).
"""

import numpy as np
import pyt
import pytest
import torch
from helpers import assert_tensor_close, dtype_name


def _lib_of(t):
    return pyt if isinstance(t, pyt.Tensor) else torch


# --------------------------------------------------------------------------- in place
def _inputs(L):
    x = L.tensor(np.array([[0.6, -1.2, 2.0], [1.5, -0.3, 0.8]]), requires_grad=True)
    z = L.tensor(np.array([[0.5, 1.5, -2.0], [2.5, 0.7, -1.1]]), requires_grad=True)
    return x, z


# (id, in-place step on a non-leaf y (= x * 1.5) with another tensor z requiring grad)
INPLACE = [
    ("exp2_", lambda y, z: y.exp2_()),
    ("log2_", lambda y, z: y.abs().log2_()),
    ("log10_", lambda y, z: y.abs().log10_()),
    ("log1p_", lambda y, z: y.abs().log1p_()),
    ("expm1_", lambda y, z: y.expm1_()),
    ("rsqrt_", lambda y, z: y.abs().rsqrt_()),
    ("sin_", lambda y, z: y.sin_()),
    ("cos_", lambda y, z: y.cos_()),
    ("tan_", lambda y, z: (y * 0.4).tan_()),
    ("asin_", lambda y, z: (y * 0.3).asin_()),
    ("acos_", lambda y, z: (y * 0.3).acos_()),
    ("atan_", lambda y, z: y.atan_()),
    ("sinh_", lambda y, z: y.sinh_()),
    ("cosh_", lambda y, z: y.cosh_()),
    ("erf_", lambda y, z: y.erf_()),
    ("erfinv_", lambda y, z: (y * 0.3).erfinv_()),
    ("reciprocal_", lambda y, z: y.reciprocal_()),
    ("floor_", lambda y, z: y.floor_()),
    ("ceil_", lambda y, z: y.ceil_()),
    ("round_", lambda y, z: y.round_()),
    ("round_decimals", lambda y, z: y.round_(decimals=1)),
    ("trunc_", lambda y, z: y.trunc_()),
    ("frac_", lambda y, z: y.frac_()),
    ("square_", lambda y, z: y.square_()),
    ("atan2_", lambda y, z: y.atan2_(z)),
    ("hypot_", lambda y, z: y.hypot_(z)),
    ("fmod_", lambda y, z: y.fmod_(z)),
    ("fmod_scalar", lambda y, z: y.fmod_(0.7)),
    ("lerp_scalar", lambda y, z: y.lerp_(z, 0.3)),
    ("lerp_tensor", lambda y, z: y.lerp_(z, z.sigmoid())),
    ("nan_to_num_", lambda y, z: y.log().nan_to_num_(nan=1.0)),
    ("logical_and_", lambda y, z: y.logical_and_(z)),
    ("logical_or_", lambda y, z: y.logical_or_(z)),
    ("logical_xor_", lambda y, z: y.logical_xor_(z)),
    ("logical_not_", lambda y, z: y.logical_not_()),
    ("true_divide_", lambda y, z: y.true_divide_(z)),
    ("multiply_", lambda y, z: y.multiply_(z)),
    ("subtract_", lambda y, z: y.subtract_(z, alpha=2)),
    ("chain", lambda y, z: y.sin_().mul_(z).atan2_(z).lerp_(z, 0.75)),
]


def _node_kind(name):
    """A node's name without namespace and overload number: 'DivBackward1' -> 'DivBackward'."""
    return name.split("::")[-1].rstrip("0123456789")


@pytest.mark.parametrize("step", [pytest.param(s, id=i) for i, s in INPLACE])
def test_inplace(step):
    res = {}
    for L in (torch, pyt):
        x, z = _inputs(L)
        y = x * 1.5
        v0 = y._version
        out = step(y, z)
        res[L] = (x, z, y, out, v0)
    (tx, tz, ty, tout, tv0), (px, pz, py, pout, pv0) = res[torch], res[pyt]
    assert_tensor_close(pout, tout, 1e-6, 1e-7)
    assert (pout is py) == (tout is ty), "in-place op should return self"
    assert (py._version > pv0) == (ty._version > tv0), "version counter not bumped"
    assert _node_kind(pout.grad_fn.name()) == _node_kind(tout.grad_fn.name())
    cot = np.linspace(-1, 1, 6).reshape(2, 3)
    tout.backward(torch.tensor(cot))
    pout.backward(pyt.tensor(cot))
    for name, p, t in (("x", px, tx), ("z", pz, tz)):
        if t.grad is None:
            assert p.grad is None, f"{name}: torch has no grad, pyt has one"
        else:
            assert_tensor_close(p.grad, t.grad, 1e-6, 1e-7, f"grad of {name}")


# (id, in-place call on a fresh tensor without autograd): values and dtype kept, as torch
INPLACE_DTYPES = [
    ("f32.atan2_(int64)", lambda L: L.tensor([0.5, -1.5, 2.5]).atan2_(L.tensor([1, 2, -3]))),
    ("f32.hypot_(int64)", lambda L: L.tensor([0.5, -1.5, 2.5]).hypot_(L.tensor([1, 2, -3]))),
    ("int64.fmod_(int64)", lambda L: L.tensor([7, -7, 5]).fmod_(L.tensor([3, 3, -2]))),
    ("int8.fmod_(2)", lambda L: L.tensor([7, -7, 5], dtype=L.int8).fmod_(2)),
    (
        "f32.fmod_(f64)",
        lambda L: L.tensor([0.5, -1.5, 2.5]).fmod_(L.tensor([0.3], dtype=L.float64)),
    ),
    (
        "int64.floor_divide_(int64)",
        lambda L: L.tensor([7, -7, 5]).floor_divide_(L.tensor([2, 2, -3])),
    ),
    ("f32.floor_divide_(int64)", lambda L: L.tensor([7.5, -7.5]).floor_divide_(L.tensor([2, 2]))),
    ("int64.floor_", lambda L: L.tensor([7, -7]).floor_()),
    ("int32.round_", lambda L: L.tensor([7, -7], dtype=L.int32).round_()),
    ("int64.square_", lambda L: L.tensor([7, -7]).square_()),
    ("int64.nan_to_num_", lambda L: L.tensor([7, -7]).nan_to_num_()),
    (
        "int64.logical_and_(f32)",
        lambda L: L.tensor([7, 0, 3]).logical_and_(L.tensor([0.5, 1.0, 0.0])),
    ),
    (
        "f32.logical_or_(int64)",
        lambda L: L.tensor([0.0, 0.0, 2.5]).logical_or_(L.tensor([0, 3, 0])),
    ),
    (
        "bool.logical_xor_(bool)",
        lambda L: L.tensor([True, False]).logical_xor_(L.tensor([True, True])),
    ),
    ("int64.logical_not_", lambda L: L.tensor([7, 0]).logical_not_()),
    ("f16.sin_", lambda L: L.tensor([0.5, -1.5, 2.5]).half().sin_()),
    (
        "bf16.lerp_",
        lambda L: L.tensor([0.5, -1.5]).bfloat16().lerp_(L.tensor([1.0, 2.0]).bfloat16(), 0.3),
    ),
    ("f16.nan_to_num_", lambda L: L.tensor([float("nan"), float("inf"), 1.0]).half().nan_to_num_()),
    ("f32.round_dec", lambda L: L.tensor([1.2345, -2.5]).round_(decimals=2)),
    ("noncontig.exp2_", lambda L: L.arange(6.0).reshape(2, 3).t().exp2_()),
    (
        "bcast.lerp_",
        lambda L: L.ones(2, 3).lerp_(L.tensor([0.0, 2.0, 4.0]), L.tensor([[0.5], [0.25]])),
    ),
]


@pytest.mark.parametrize("call", [pytest.param(c, id=i) for i, c in INPLACE_DTYPES])
def test_inplace_values_and_dtype(call):
    p, t = call(pyt), call(torch)
    if t.dtype in (torch.float16, torch.bfloat16):
        p, t = p.float(), t.float()
    assert_tensor_close(p, t, 1e-6, 1e-7)


def test_inplace_on_a_leaf_that_requires_grad_raises():
    for L in (torch, pyt):
        x = L.ones(3, requires_grad=True)
        for step in (
            lambda x: x.sin_(),
            lambda x: x.lerp_(x.detach(), 0.5),
            lambda x: x.round_(),
        ):
            with pytest.raises(RuntimeError, match="leaf"):
                step(x)
        x.logical_not_()  # not recorded by autograd at all, as in torch
        assert x.is_leaf and x.requires_grad and x.sum().item() == 0.0


def test_saved_input_modified_in_place_is_detected():
    for L in (torch, pyt):
        x = L.tensor([0.5, 1.0], requires_grad=True)
        y = x * 2
        s = y.sin()  # saves y
        y.cos_()
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            s.sum().backward()


# ------------------------------------------------------------------ second derivatives
def _xz(L):
    x = L.tensor(np.array([0.31, -0.62, 0.83, 0.45]), requires_grad=True)
    z = L.tensor(np.array([0.52, 0.27, -0.71, 1.3]), requires_grad=True)
    return x, z


# (id, f(L, x, z)); x and z lie in every op's domain (|x| < 1, z != 0)
SECOND_ORDER = [
    ("exp2", lambda L, x, z: x.exp2()),
    ("log2", lambda L, x, z: (x + 2).log2()),
    ("log10", lambda L, x, z: (x + 2).log10()),
    ("log1p", lambda L, x, z: x.log1p()),
    ("expm1", lambda L, x, z: x.expm1()),
    ("rsqrt", lambda L, x, z: (x + 2).rsqrt()),
    ("sin", lambda L, x, z: L.sin(x)),
    ("cos", lambda L, x, z: L.cos(x)),
    ("tan", lambda L, x, z: L.tan(x)),
    ("asin", lambda L, x, z: L.asin(x)),
    ("acos", lambda L, x, z: L.acos(x)),
    ("atan", lambda L, x, z: L.atan(x)),
    ("sinh", lambda L, x, z: L.sinh(x)),
    ("cosh", lambda L, x, z: L.cosh(x)),
    ("erf", lambda L, x, z: L.erf(x)),
    ("erfinv", lambda L, x, z: L.erfinv(x)),
    ("reciprocal", lambda L, x, z: L.reciprocal(z)),
    ("frac", lambda L, x, z: L.frac(x) * x),
    ("round", lambda L, x, z: L.round(x * 3) * x),
    ("square", lambda L, x, z: L.square(x)),
    ("atan2", lambda L, x, z: L.atan2(x, z)),
    ("hypot", lambda L, x, z: L.hypot(x, z)),
    ("fmod", lambda L, x, z: L.fmod(x, z) * z),
    ("lerp_scalar", lambda L, x, z: L.lerp(x, z * z, 0.3)),
    ("lerp_tensor", lambda L, x, z: L.lerp(x, z, x * z)),
    ("nan_to_num", lambda L, x, z: L.nan_to_num(x.log()) * x),
]


@pytest.mark.parametrize("f", [pytest.param(f, id=i) for i, f in SECOND_ORDER])
def test_second_derivative(f):
    res = {}
    for L in (torch, pyt):
        x, z = _xz(L)
        y = f(L, x, z)
        v = L.tensor(np.array([0.7, -1.1, 0.4, 0.9]))
        gx, gz = L.autograd.grad((y * v).sum(), (x, z), create_graph=True, allow_unused=True)
        s = sum(g.square().sum() for g in (gx, gz) if g is not None)
        hx, hz = L.autograd.grad(s, (x, z), allow_unused=True)
        res[L] = (gx, gz, hx, hz)
    for name, p, t in zip(("dx", "dz", "d2x", "d2z"), res[pyt], res[torch]):
        if t is None:
            assert p is None or not np.any(p.detach().numpy()), f"{name}: torch has none"
        else:
            assert_tensor_close(p, t, 1e-10, 1e-12, name)


# ---------------------------------------------------------------------- dtype rules
def _ints(L, dtype="int64"):
    return L.tensor(np.array([3, -2, 0, 7]), dtype=getattr(L, dtype))


def _flts(L, dtype="float32"):
    return L.tensor(np.array([0.5, -1.25, 2.0, 0.0]), dtype=getattr(L, dtype))


# (id, expression over lib): result dtypes (and values) as torch's
DTYPES = [
    ("sin(int32)", lambda L: _ints(L, "int32").sin()),
    ("log1p(uint8)", lambda L: _ints(L).abs().to(L.uint8).log1p()),
    ("exp2(bool)", lambda L: (_ints(L) > 0).exp2()),
    ("erfinv(int8)", lambda L: _ints(L, "int8").erfinv()),
    ("reciprocal(int64)", lambda L: _ints(L).reciprocal()),
    ("floor(int32)", lambda L: _ints(L, "int32").floor()),
    ("ceil(int8)", lambda L: _ints(L, "int8").ceil()),
    ("round(int16)", lambda L: _ints(L, "int16").round()),
    ("trunc(uint8)", lambda L: _ints(L).abs().to(L.uint8).trunc()),
    ("square(int8)", lambda L: _ints(L, "int8").square()),
    ("square(bool)", lambda L: (_ints(L) > 0).square()),
    ("square(f64)", lambda L: _flts(L, "float64").square()),
    ("atan2(int32,int64)", lambda L: L.atan2(_ints(L, "int32"), _ints(L))),
    ("atan2(f32,f64_0d)", lambda L: L.atan2(_flts(L), L.tensor(2.0, dtype=L.float64))),
    ("atan2(int,f32)", lambda L: L.atan2(_ints(L), _flts(L))),
    ("hypot(f32,int)", lambda L: L.hypot(_flts(L), _ints(L))),
    ("hypot(f32,f64)", lambda L: L.hypot(_flts(L), _flts(L, "float64"))),
    ("fmod(int8,int8)", lambda L: L.fmod(_ints(L, "int8"), L.tensor([3, 3, -3, 2], dtype=L.int8))),
    ("fmod(int32,2.5)", lambda L: L.fmod(_ints(L, "int32"), 2.5)),
    ("fmod(int64,True)", lambda L: L.fmod(_ints(L), True)),
    ("fmod(f32,0.0)", lambda L: L.fmod(_flts(L), 0.0)),
    ("floor_divide(int32,2)", lambda L: L.floor_divide(_ints(L, "int32"), 2)),
    ("floor_divide(int,2.5)", lambda L: L.floor_divide(_ints(L), 2.5)),
    ("floor_divide(7,int)", lambda L: L.floor_divide(7, _ints(L).clamp(min=1))),
    ("floor_divide(2.5,f32)", lambda L: L.floor_divide(2.5, _flts(L))),
    ("floor_divide(f32,0)", lambda L: L.floor_divide(_flts(L), 0.0)),
    ("true_divide(2,int)", lambda L: L.true_divide(2, _ints(L))),
    ("true_divide(int,int)", lambda L: L.true_divide(_ints(L), L.tensor([2, 4, 1, 3]))),
    ("multiply(3,bool)", lambda L: L.multiply(3, _ints(L) > 0)),
    ("subtract(2.5,int)", lambda L: L.subtract(2.5, _ints(L))),
    ("subtract(int,int,alpha)", lambda L: L.subtract(_ints(L), _ints(L), alpha=3)),
    (
        "lerp(f32,f32,f64_0d)",
        lambda L: L.lerp(_flts(L), _flts(L) * 3, L.tensor(0.25, dtype=L.float64)),
    ),
    ("lerp(f32,f32,int64_0d)", lambda L: L.lerp(_flts(L), _flts(L) * 3, L.tensor(2))),
    ("lerp(f32,f32,True)", lambda L: L.lerp(_flts(L), _flts(L) * 3, True)),
    ("isnan(int)", lambda L: _ints(L).isnan()),
    ("isinf(bool)", lambda L: (_ints(L) > 0).isinf()),
    ("isfinite(int8)", lambda L: _ints(L, "int8").isfinite()),
    ("nan_to_num(bool)", lambda L: (_ints(L) > 0).nan_to_num()),
    (
        "nan_to_num(f64)",
        lambda L: L.tensor([np.nan, np.inf, -np.inf], dtype=L.float64).nan_to_num(),
    ),
    ("logical_and(f32,int8)", lambda L: L.logical_and(_flts(L), _ints(L, "int8"))),
    ("logical_xor(nan,0)", lambda L: L.logical_xor(L.tensor([np.nan, 0.0]), L.tensor([0.0, 0.0]))),
    ("logical_not(int)", lambda L: _ints(L).logical_not()),
]


@pytest.mark.parametrize("expr", [pytest.param(e, id=i) for i, e in DTYPES])
def test_dtype_rules(expr):
    p, t = expr(pyt), expr(torch)
    assert_tensor_close(p, t, 1e-6, 1e-7)


def test_default_dtype_float64_drives_integer_promotion():
    pyt.set_default_dtype(pyt.float64)
    try:
        for f in (pyt.sin, pyt.exp2, pyt.erf, pyt.reciprocal):
            assert f(pyt.tensor([1, 2])).dtype == pyt.float64
        assert pyt.atan2(pyt.tensor([1]), pyt.tensor([2])).dtype == pyt.float64
        assert pyt.true_divide(pyt.tensor([1]), 2).dtype == pyt.float64
    finally:
        pyt.set_default_dtype(pyt.float32)


# --------------------------------------------------------------- float16 and bfloat16
def _half(L, dtype, data=(0.5, -1.25, 2.0, 0.140625, -0.0078125, 0.875)):
    return L.tensor(np.array(data, dtype=np.float32)).to(getattr(L, dtype))


# (id, expression over lib and a half dtype name): computed through float32, rounded once
HALF = [
    *[
        (n, lambda L, d, n=n: getattr(L, n)(_half(L, d)))
        for n in ("exp2", "expm1", "sin", "cos", "atan")
    ],
    *[
        (n, lambda L, d, n=n: getattr(L, n)(_half(L, d).abs()))
        for n in ("log2", "log10", "log1p", "rsqrt")
    ],
    *[
        (n, lambda L, d, n=n: getattr(L, n)(_half(L, d) * 0.5))
        for n in ("asin", "acos", "erfinv", "tan")
    ],
    *[
        (n, lambda L, d, n=n: getattr(L, n)(_half(L, d)))
        for n in ("sinh", "cosh", "erf", "reciprocal")
    ],
    *[
        (n, lambda L, d, n=n: getattr(L, n)(_half(L, d) * 3))
        for n in ("floor", "ceil", "round", "trunc", "frac")
    ],
    ("round_decimals", lambda L, d: L.round(_half(L, d) * 3, decimals=1)),
    ("square", lambda L, d: L.square(_half(L, d))),
    ("atan2", lambda L, d: L.atan2(_half(L, d), _half(L, d, (1.5, 0.25, -0.75, 2.0, 0.5, -3.0)))),
    ("hypot", lambda L, d: L.hypot(_half(L, d), _half(L, d, (1.5, 0.25, -0.75, 2.0, 0.5, -3.0)))),
    ("fmod", lambda L, d: L.fmod(_half(L, d) * 5, 0.75)),
    ("floor_divide", lambda L, d: L.floor_divide(_half(L, d) * 5, 0.75)),
    (
        "lerp",
        lambda L, d: L.lerp(_half(L, d), _half(L, d, (1.5, 0.25, -0.75, 2.0, 0.5, -3.0)), 0.3),
    ),
    (
        "lerp_tensor",
        lambda L, d: L.lerp(
            _half(L, d), _half(L, d, (1.5, 0.25, -0.75, 2.0, 0.5, -3.0)), _half(L, d).abs()
        ),
    ),
    ("atan2_mixed", lambda L, d: L.atan2(_half(L, d), _half(L, "float16"))),
    ("isnan", lambda L, d: L.isnan(_half(L, d, (np.nan, 1.0, np.inf)))),
    ("isinf", lambda L, d: L.isinf(_half(L, d, (np.nan, 1.0, -np.inf)))),
    ("isfinite", lambda L, d: L.isfinite(_half(L, d, (np.nan, 1.0, np.inf)))),
    ("nan_to_num", lambda L, d: L.nan_to_num(_half(L, d, (np.nan, np.inf, -np.inf, 2.0)))),
    ("nan_to_num_big", lambda L, d: L.nan_to_num(_half(L, d, (np.nan, np.inf)), posinf=1e6)),
    ("logical_and", lambda L, d: L.logical_and(_half(L, d), _half(L, d, (0, 1, 0, 1, 0, 1)))),
    ("logical_not", lambda L, d: L.logical_not(_half(L, d, (0, 1, np.nan)))),
]


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("expr", [pytest.param(e, id=i) for i, e in HALF])
def test_half_precision(expr, dtype):
    p, t = expr(pyt, dtype), expr(torch, dtype)
    assert dtype_name(p.dtype) == dtype_name(t.dtype)
    if p.dtype in (pyt.float16, pyt.bfloat16):
        p, t = p.float(), t.float()  # numpy has no bfloat16; the widening is exact
    assert_tensor_close(p, t)


# ---------------------------------------------------------------- values off the table
def test_large_tensors_use_the_parallel_path():
    a = np.random.default_rng(0).uniform(-0.9, 0.9, size=(300, 400)).astype(np.float32)
    b = np.random.default_rng(1).uniform(0.5, 2.0, size=(400,)).astype(np.float32)
    for name in ("sin", "erfinv", "log1p", "round"):
        assert_tensor_close(
            getattr(pyt, name)(pyt.tensor(a)), getattr(torch, name)(torch.tensor(a)), 1e-5, 1e-6
        )
    assert_tensor_close(
        pyt.atan2(pyt.tensor(a), pyt.tensor(b)),
        torch.atan2(torch.tensor(a), torch.tensor(b)),
        1e-5,
        1e-6,
    )
    assert_tensor_close(
        pyt.lerp(pyt.tensor(a), pyt.tensor(b), 0.3),
        torch.lerp(torch.tensor(a), torch.tensor(b), 0.3),
        1e-5,
        1e-6,
    )


def test_erfinv_inverts_erf_in_float64():
    # Near +-1 the Newton steps on erf are limited by erf's rounding (~1e-11 relative), so
    # two libms may differ there; elsewhere torch's and pyt's results agree to a few ulps.
    y = np.linspace(-0.999999, 0.999999, 2001)
    p = pyt.erfinv(pyt.tensor(y)).numpy()
    np.testing.assert_allclose(p, torch.erfinv(torch.tensor(y)).numpy(), rtol=1e-10, atol=1e-15)
    inner = np.abs(y) < 0.99
    np.testing.assert_allclose(
        p[inner], torch.erfinv(torch.tensor(y[inner])).numpy(), rtol=1e-14, atol=1e-15
    )
    np.testing.assert_allclose(pyt.erf(pyt.tensor(p)).numpy(), y, rtol=1e-13, atol=1e-15)


def test_round_half_to_even_and_signed_zeros():
    x = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, -0.25, 0.0, -0.0]
    p, t = pyt.round(pyt.tensor(x)), torch.round(torch.tensor(x))
    assert_tensor_close(p, t)
    assert np.array_equal(np.signbit(p.numpy()), np.signbit(t.numpy()))
    p, t = pyt.trunc(pyt.tensor([-0.5, 0.5])), torch.trunc(torch.tensor([-0.5, 0.5]))
    assert np.array_equal(np.signbit(p.numpy()), np.signbit(t.numpy()))


def test_keyword_arguments():
    for L in (pyt, torch):
        x = L.tensor([0.5, -1.5, 2.5])
        assert L.lerp(input=x, end=x * 2, weight=0.5).shape == x.shape
        assert L.atan2(input=x, other=x).shape == x.shape
        assert L.fmod(x, other=2).shape == x.shape
        assert L.nan_to_num(x, nan=1.0, posinf=2.0, neginf=-2.0).shape == x.shape
        assert L.subtract(x, x, alpha=2).shape == x.shape


def test_floor_divide_gradient_is_not_implemented():
    for L in (torch, pyt):
        x = L.tensor([1.5, -2.5], requires_grad=True)
        y = L.floor_divide(x, 2)
        assert y.requires_grad and y.grad_fn is not None
        assert _node_kind(y.grad_fn.name()) == "NotImplemented"
        with pytest.raises(RuntimeError, match="not implemented"):
            y.sum().backward()
        y = (x * 1).floor_divide_(2)
        with pytest.raises(RuntimeError, match="floor_divide_ is not implemented"):
            y.sum().backward()


def test_logical_inplace_keeps_history_as_torch():
    res = {}
    for L in (torch, pyt):
        x, z = _inputs(L)
        y = x * 1.5
        y.logical_and_(z)
        (y * z).sum().backward()
        res[L] = (y, x.grad, z.grad)
    for p, t in zip(res[pyt], res[torch]):
        assert_tensor_close(p, t, 1e-12, 1e-12)


# -------------------------------------------------------------------------- errors
def _f(L, *shape, dtype="float32"):
    n = int(np.prod(shape)) if shape else 1
    return L.tensor(np.linspace(-0.9, 0.9, n).reshape(shape), dtype=getattr(L, dtype))


def _i(L, *shape, dtype="int64"):
    n = int(np.prod(shape)) if shape else 1
    return L.tensor(np.arange(n).reshape(shape) - n // 2, dtype=getattr(L, dtype))


def _b(L, n=3):
    return L.tensor([True, False, True][:n])


# (id, call over lib, exception type, words: any one must be in both messages)
ERRORS = [
    ("exp2_int_inplace", lambda L: _i(L, 3).exp2_(), RuntimeError, "cast"),
    ("sin_bool_inplace", lambda L: _b(L).sin_(), RuntimeError, "cast"),
    ("reciprocal_int_inplace", lambda L: _i(L, 3).reciprocal_(), RuntimeError, "cast"),
    ("floor_bool", lambda L: L.floor(_b(L)), NotImplementedError, "floor"),
    ("round_bool", lambda L: _b(L).round(), NotImplementedError, "round"),
    ("trunc_bool_inplace", lambda L: _b(L).trunc_(), NotImplementedError, "trunc"),
    ("frac_int", lambda L: L.frac(_i(L, 3)), NotImplementedError, "frac"),
    ("frac_bool_inplace", lambda L: _b(L).frac_(), NotImplementedError, "frac"),
    ("round_int_decimals", lambda L: L.round(_i(L, 3), decimals=1), NotImplementedError, "round"),
    ("round_int_decimals0", lambda L: L.round(_i(L, 3), decimals=0), NotImplementedError, "round"),
    (
        "round_positional_decimals",
        lambda L: L.round(_f(L, 3), 1),
        TypeError,
        ("argument", "positional"),
    ),
    ("square_bool_inplace", lambda L: _b(L).square_(), RuntimeError, "cast"),
    ("sin_two_args", lambda L: L.sin(_f(L, 3), 2), TypeError, ("argument", "positional")),
    ("atan2_number", lambda L: L.atan2(_f(L, 3), 2.0), TypeError, ("Tensor", "incompatible")),
    ("atan2_shape", lambda L: L.atan2(_f(L, 2, 3), _f(L, 4)), RuntimeError, "size"),
    ("atan2_int_inplace", lambda L: _i(L, 3).atan2_(_i(L, 3)), RuntimeError, "cast"),
    ("hypot_int", lambda L: L.hypot(_i(L, 3), _i(L, 3)), NotImplementedError, "hypot"),
    ("hypot_bool", lambda L: L.hypot(_b(L), _b(L)), NotImplementedError, "hypot"),
    ("hypot_number", lambda L: L.hypot(_f(L, 3), 2), TypeError, ("Tensor", "incompatible")),
    ("hypot_int_inplace_float", lambda L: _i(L, 3).hypot_(_f(L, 3)), RuntimeError, "cast"),
    ("fmod_bool", lambda L: L.fmod(_b(L), _b(L)), NotImplementedError, "fmod"),
    ("fmod_int_by_zero", lambda L: L.fmod(_i(L, 3), 0), RuntimeError, "ZeroDivisionError"),
    (
        "fmod_int_by_zero_tensor",
        lambda L: L.fmod(_i(L, 3), _i(L, 3)),
        RuntimeError,
        "ZeroDivisionError",
    ),
    (
        "fmod_number_first",
        lambda L: L.fmod(2, _f(L, 3)),
        TypeError,
        ("Tensor", "incompatible", "invalid"),
    ),
    ("fmod_int_inplace_float", lambda L: _i(L, 3).fmod_(2.5), RuntimeError, "cast"),
    ("floor_divide_bool", lambda L: L.floor_divide(_b(L), _b(L)), NotImplementedError, "div_floor"),
    (
        "floor_divide_int_by_zero",
        lambda L: L.floor_divide(_i(L, 3), 0),
        RuntimeError,
        "ZeroDivisionError",
    ),
    ("floor_divide_int_inplace_float", lambda L: _i(L, 3).floor_divide_(2.5), RuntimeError, "cast"),
    (
        "lerp_end_dtype",
        lambda L: L.lerp(_f(L, 3), _f(L, 3, dtype="float64"), 0.5),
        RuntimeError,
        "dtype",
    ),
    (
        "lerp_weight_dtype",
        lambda L: L.lerp(_f(L, 3), _f(L, 3), _f(L, 3, dtype="float64")),
        RuntimeError,
        "dtype",
    ),
    ("lerp_int_weight", lambda L: L.lerp(_f(L, 3), _f(L, 3), _i(L, 3)), RuntimeError, "dtype"),
    ("lerp_int", lambda L: L.lerp(_i(L, 3), _i(L, 3), 0.5), NotImplementedError, "lerp"),
    (
        "lerp_int_tensor",
        lambda L: L.lerp(_i(L, 3), _i(L, 3), _i(L, 3)),
        NotImplementedError,
        "lerp",
    ),
    ("lerp_shape", lambda L: L.lerp(_f(L, 2, 3), _f(L, 4), 0.5), RuntimeError, "size"),
    ("lerp_inplace_grows", lambda L: _f(L, 1).lerp_(_f(L, 3), 0.3), RuntimeError, "shape"),
    (
        "logical_and_number",
        lambda L: L.logical_and(_b(L), True),
        TypeError,
        ("Tensor", "incompatible"),
    ),
    ("logical_or_shape", lambda L: L.logical_or(_b(L, 3), _b(L, 2)), RuntimeError, "size"),
    ("isnan_inplace", lambda L: _f(L, 3).isnan_(), AttributeError, "isnan_"),
    (
        "nan_to_num_str",
        lambda L: L.nan_to_num(_f(L, 3), nan="x"),
        TypeError,
        ("nan", "number", "float"),
    ),
    ("subtract_bool", lambda L: L.subtract(_b(L), _b(L)), RuntimeError, "bool"),
    ("true_divide_int_inplace", lambda L: _i(L, 3).true_divide_(2), RuntimeError, "cast"),
    ("multiply_int_inplace_float", lambda L: _i(L, 3).multiply_(0.5), RuntimeError, "cast"),
    ("sin_leaf_inplace", lambda L: L.ones(2, requires_grad=True).sin_(), RuntimeError, "leaf"),
]


@pytest.mark.parametrize("call,exc,words", [pytest.param(c, e, w, id=i) for i, c, e, w in ERRORS])
def test_errors_match_torch(call, exc, words):
    words = (words,) if isinstance(words, str) else words
    with pytest.raises(Exception) as t_err:
        call(torch)
    assert isinstance(t_err.value, exc), (
        f"table error: torch raised {type(t_err.value).__name__}: {t_err.value}"
    )
    assert any(w in str(t_err.value) for w in words), f"table error: torch's message: {t_err.value}"
    with pytest.raises(Exception) as p_err:
        call(pyt)
    assert isinstance(p_err.value, type(t_err.value)), (
        f"pyt raised {type(p_err.value).__name__}: {p_err.value}; torch raises {type(t_err.value).__name__}"
    )
    assert any(w in str(p_err.value) for w in words), f"pyt's message lacks {words}: {p_err.value}"
