"""Activation functions and modules against torch: modules (forward, input gradients, repr,
parameters), in-place variants, composites (softsign, tanhshrink, softmin), double backward,
reduced precision and errors. Values and first gradients of every fused op are in the op
table (op_table_nnnorm.py)."""

import numpy as np
import pyt
import pytest
import torch
from helpers import assert_tensor_close, both, gradcheck, rng_for, to_np

RTOL, ATOL = 1e-5, 1e-6

# (module name, constructor args, kwargs, input shape)
MODULES = [
    ("GELU", (), {}, (3, 4)),
    ("GELU", (), {"approximate": "tanh"}, (3, 4)),
    ("SiLU", (), {}, (3, 4)),
    ("Mish", (), {}, (3, 4)),
    ("ELU", (), {"alpha": 0.7}, (3, 4)),
    ("SELU", (), {}, (3, 4)),
    ("CELU", (), {"alpha": 1.5}, (3, 4)),
    ("LeakyReLU", (0.2,), {}, (3, 4)),
    ("ReLU6", (), {}, (3, 4)),
    ("Hardtanh", (-0.5, 0.5), {}, (3, 4)),
    ("Hardsigmoid", (), {}, (3, 4)),
    ("Hardswish", (), {}, (3, 4)),
    ("Softplus", (), {"beta": 2.0, "threshold": 5.0}, (3, 4)),
    ("Softsign", (), {}, (3, 4)),
    ("Tanhshrink", (), {}, (3, 4)),
    ("Threshold", (0.1, 20.0), {}, (3, 4)),
    ("LogSigmoid", (), {}, (3, 4)),
    ("Softmin", (), {"dim": 1}, (3, 4)),
    ("GLU", (), {}, (3, 4)),
    ("GLU", (), {"dim": 0}, (4, 3)),
    ("Hardshrink", (), {"lambd": 1.0}, (3, 4)),
    ("Softshrink", (), {}, (3, 4)),
    ("PReLU", (), {}, (2, 3, 4)),
    ("PReLU", (3,), {"init": 0.1}, (2, 3, 4)),
]


def _ids(m):
    return f"{m[0]}-{m[1]}-{sorted(m[2].items())}"


@pytest.mark.parametrize("name,args,kwargs,shape", MODULES, ids=[_ids(m) for m in MODULES])
def test_module_matches_torch(name, args, kwargs, shape):
    rng = rng_for("act-module", name, args, tuple(kwargs.items()))
    pm, tm = getattr(pyt.nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    assert repr(pm) == repr(tm)
    assert list(pm.state_dict().keys()) == list(tm.state_dict().keys())
    for k, v in tm.state_dict().items():
        np.testing.assert_array_equal(to_np(pm.state_dict()[k]), v.numpy())
    x = rng.uniform(-4, 4, size=shape).astype(np.float32)
    px, tx = both(x, requires_grad=True)
    py, ty = pm(px), tm(tx)
    assert_tensor_close(py, ty, RTOL, ATOL)
    assert py.grad_fn.name() == ty.grad_fn.name()
    g = rng.standard_normal(tuple(ty.shape)).astype(np.float32)
    py.backward(pyt.tensor(g))
    ty.backward(torch.tensor(g))
    assert_tensor_close(px.grad, tx.grad, 1e-5, 1e-5, "input grad")
    for (pn, pp), (tn, tp) in zip(pm.named_parameters(), tm.named_parameters()):
        assert pn == tn
        assert_tensor_close(pp.grad, tp.grad, 1e-5, 1e-5, f"grad of {pn}")


def test_module_reprs_with_options():
    pairs = [
        (pyt.nn.ELU(inplace=True), torch.nn.ELU(inplace=True)),
        (pyt.nn.LeakyReLU(0.3, True), torch.nn.LeakyReLU(0.3, True)),
        (pyt.nn.ReLU6(True), torch.nn.ReLU6(True)),
        (pyt.nn.Hardtanh(-2.0, 3.0, True), torch.nn.Hardtanh(-2.0, 3.0, True)),
        (pyt.nn.Threshold(1.0, 2.0, True), torch.nn.Threshold(1.0, 2.0, True)),
        (pyt.nn.SiLU(inplace=True), torch.nn.SiLU(inplace=True)),
        (pyt.nn.PReLU(5), torch.nn.PReLU(5)),
        (pyt.nn.Softmin(), torch.nn.Softmin()),
        (pyt.nn.Softplus(3, 7), torch.nn.Softplus(3, 7)),
    ]
    for p, t in pairs:
        assert repr(p) == repr(t)


INPLACE = [
    ("elu", {"alpha": 0.5}),
    ("selu", {}),
    ("celu", {"alpha": 2.0}),
    ("leaky_relu", {"negative_slope": 0.1}),
    ("relu6", {}),
    ("hardtanh", {"min_val": -0.5, "max_val": 0.5}),
    ("hardsigmoid", {}),
    ("hardswish", {}),
    ("silu", {}),
    ("mish", {}),
    ("threshold", {"threshold": 0.2, "value": -1.0}),
]


@pytest.mark.parametrize("name,kw", INPLACE, ids=[n for n, _ in INPLACE])
def test_inplace_matches_torch(name, kw):
    rng = rng_for("inplace", name)
    x = rng.uniform(-5, 5, size=(3, 5)).astype(np.float32)
    # without autograd: the same object comes back, overwritten
    px, tx = both(x)
    out = getattr(pyt.nn.functional, name)(px, **kw, inplace=True)
    getattr(torch.nn.functional, name)(tx, **kw, inplace=True)
    assert out is px
    assert_tensor_close(px, tx, RTOL, ATOL)
    # on a non-leaf that requires grad: the history is rebased, gradients match torch
    pl, tl = both(x, requires_grad=True)
    pa, ta = pl * 1.5, tl * 1.5
    getattr(pyt.nn.functional, name)(pa, **kw, inplace=True)
    getattr(torch.nn.functional, name)(ta, **kw, inplace=True)
    assert_tensor_close(pa, ta, RTOL, ATOL)
    pa.sum().backward()
    ta.sum().backward()
    assert_tensor_close(pl.grad, tl.grad, 1e-5, 1e-5, "grad")
    # a leaf that requires grad cannot be modified in place
    leaf = pyt.tensor(x, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        getattr(pyt.nn.functional, name)(leaf, **kw, inplace=True)


@pytest.mark.parametrize("name", ["elu_", "selu_", "celu_", "leaky_relu_", "hardtanh_", "threshold_"])
def test_underscore_functions(name):
    x = rng_for("underscore", name).uniform(-3, 3, size=(4,)).astype(np.float64)
    px, tx = both(x)
    args = (0.5, -2.0) if name == "threshold_" else ()
    assert getattr(pyt.nn.functional, name)(px, *args) is px
    getattr(torch.nn.functional, name)(tx, *args)
    assert_tensor_close(px, tx, 1e-12, 1e-14)


COMPOSITES = [
    ("softsign", {}, "DivBackward0"),
    ("tanhshrink", {}, "SubBackward0"),
    ("softmin", {"dim": 1}, "SoftmaxBackward0"),
    ("softmin", {"dim": 0, "dtype": "float64"}, "SoftmaxBackward0"),
]


@pytest.mark.parametrize("name,kw,node", COMPOSITES, ids=[f"{n}-{k}" for n, k, _ in COMPOSITES])
def test_composites(name, kw, node):
    x = rng_for("composite", name).uniform(-3, 3, size=(3, 4)).astype(np.float32)
    px, tx = both(x, requires_grad=True)
    pkw = {k: (getattr(pyt, v) if k == "dtype" else v) for k, v in kw.items()}
    tkw = {k: (getattr(torch, v) if k == "dtype" else v) for k, v in kw.items()}
    py = getattr(pyt.nn.functional, name)(px, **pkw)
    ty = getattr(torch.nn.functional, name)(tx, **tkw)
    assert_tensor_close(py, ty, RTOL, ATOL)
    assert py.grad_fn.name() == node == ty.grad_fn.name()
    g = np.linspace(-1, 1, 12).reshape(3, 4)
    py.backward(pyt.tensor(g, dtype=py.dtype))
    ty.backward(torch.tensor(g, dtype=ty.dtype))
    assert_tensor_close(px.grad, tx.grad, 1e-5, 1e-5, "grad")


def test_softmin_implicit_dim_warns():
    with pytest.warns(UserWarning, match="dim"):
        pyt.nn.functional.softmin(pyt.ones(2, 3))


DOUBLE = [
    ("gelu", {}),
    ("gelu", {"approximate": "tanh"}),
    ("silu", {}),
    ("mish", {}),
    ("elu", {"alpha": 0.5}),
    ("selu", {}),
    ("celu", {"alpha": 2.0}),
    ("softplus", {"beta": 2.0, "threshold": 3.0}),
    ("logsigmoid", {}),
    ("leaky_relu", {"negative_slope": 0.1}),
    ("hardswish", {}),
    ("hardtanh", {}),
    ("hardshrink", {}),
    ("softshrink", {}),
    ("threshold", {"threshold": 0.1, "value": 2.0}),
    ("glu", {}),
]


@pytest.mark.parametrize("name,kw", DOUBLE, ids=[f"{n}-{sorted(k.items())}" for n, k in DOUBLE])
def test_double_backward_matches_torch(name, kw):
    rng = rng_for("double", name, tuple(kw.items()))
    x = rng.uniform(-4, 4, size=(3, 4))
    g = rng.standard_normal((3, 2) if name == "glu" else (3, 4))
    v = rng.standard_normal((3, 4))
    res = []
    for lib in (pyt, torch):
        xt = lib.tensor(x, requires_grad=True)
        gt = lib.tensor(g, requires_grad=True)
        y = getattr(lib.nn.functional, name)(xt, **kw)
        (gx,) = lib.autograd.grad(y, xt, gt, create_graph=True)
        (gx * lib.tensor(v)).sum().backward()
        res.append((gx, xt.grad, gt.grad))
    (pgx, pxx, pgg), (tgx, txx, tgg) = res
    assert_tensor_close(pgx, tgx, 1e-10, 1e-12, "first grad")
    assert_tensor_close(pgg, tgg, 1e-10, 1e-12, "grad wrt cotangent")
    # piecewise-linear activations: the second derivative is 0 (torch fills zeros, pyt may
    # leave x without a gradient)
    if pxx is None or txx is None:
        for t in (pxx, txx):
            assert t is None or not np.any(to_np(t)), "second grad should be zero"
    else:
        assert_tensor_close(pxx, txx, 1e-9, 1e-11, "second grad")


def test_prelu_gradcheck_weight():
    rng = rng_for("prelu-gc")
    x = pyt.tensor(rng.uniform(-2, 2, size=(2, 3, 4)), requires_grad=True)
    w = pyt.tensor(rng.uniform(0, 1, size=(3,)), requires_grad=True)
    assert gradcheck(pyt.nn.functional.prelu, [x, w])


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("name", ["gelu", "silu", "elu", "hardswish", "softplus"])
def test_reduced_precision(name, dtype):
    x = rng_for("reduced", name).uniform(-3, 3, size=(4, 5)).astype(np.float32)
    px = pyt.tensor(x).to(getattr(pyt, dtype))
    tx = torch.tensor(x).to(getattr(torch, dtype))
    py = getattr(pyt.nn.functional, name)(px)
    ty = getattr(torch.nn.functional, name)(tx)
    assert str(py.dtype).split(".")[-1] == dtype
    np.testing.assert_allclose(to_np(py.float()), ty.float().numpy(), rtol=1e-2, atol=1e-2)


# --------------------------------------------------------------------------- errors
def test_errors():
    F = pyt.nn.functional
    with pytest.raises(NotImplementedError, match="not implemented for 'int64'"):
        F.gelu(pyt.tensor([1, 2]))
    with pytest.raises(NotImplementedError, match="silu"):
        F.silu(pyt.tensor([1]))
    with pytest.raises(RuntimeError, match="approximate argument must be either none or tanh"):
        F.gelu(pyt.ones(2), approximate="foo")
    with pytest.raises(RuntimeError, match="parameter numbers = 4 and channel size = 3"):
        F.prelu(pyt.ones(2, 3), pyt.ones(4))
    with pytest.raises(RuntimeError, match="Halving dimension must be even, but dimension 0 is size 3"):
        F.glu(pyt.ones(3))
    with pytest.raises(RuntimeError, match="scalars"):
        F.glu(pyt.tensor(1.0))
    with pytest.raises(ValueError, match="min_val cannot be greater than max_val"):
        F.hardtanh(pyt.ones(3), 2.0, 1.0)
    with pytest.raises(ValueError, match="must be greater than or equal"):
        pyt.nn.Hardtanh(2.0, 1.0)
    with pytest.raises(RuntimeError, match="lambda"):
        F.softshrink(pyt.ones(3), -1.0)
    with pytest.raises(RuntimeError, match="alpha"):
        F.celu(pyt.ones(2), 0.0)
    with pytest.raises(TypeError, match="must be Tensor"):
        F.gelu([1.0, 2.0])
    with pytest.raises(TypeError, match="must be Tensor"):
        pyt.nn.SiLU()(3.0)
