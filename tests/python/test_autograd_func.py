"""torch.autograd.functional's jvp / vhp / hvp and the torch.func transforms (grad, vjp, jvp,
jacrev, hessian, vmap), pyt against torch on the same float64 inputs."""

import numpy as np
import pyt
import pytest
import torch
from helpers import assert_tensor_close

LIBS = [pytest.param(pyt, id="pyt"), pytest.param(torch, id="torch")]
RNG = np.random.default_rng(21)
X = RNG.standard_normal(4)
Y = RNG.standard_normal(4)
M = RNG.standard_normal((3, 4))
V1, V2 = RNG.standard_normal(4), RNG.standard_normal(4)


def _close(p, t, tol=1e-10):
    if isinstance(t, (tuple, list)):
        assert isinstance(p, (tuple, list)) and len(p) == len(t)
        for a, b in zip(p, t):
            _close(a, b, tol)
    else:
        assert_tensor_close(p, t, tol, tol)


def _both(fn):
    return fn(pyt), fn(torch)


def _scalar_f(x, y):
    return (x.sin() * y.exp()).sum() + (x[:2] * y[1:3]).prod() + (x * x * x).sum()


def _vector_f(x, y):
    return x.tanh() * y, (x * y).sum().reshape(1)


def _t(L, a, rg=False):
    return L.tensor(a.copy(), requires_grad=rg)


@pytest.mark.parametrize("create_graph", [False, True])
def test_jvp_matches_torch(create_graph):
    def run(L):
        x, y = _t(L, X, create_graph), _t(L, Y, create_graph)
        out, j = L.autograd.functional.jvp(_vector_f, (x, y), (_t(L, V1), _t(L, V2)), create_graph=create_graph)
        if create_graph:
            assert j[0].requires_grad
            (j[0].sum() + j[1].sum()).backward()
            return out, j, x.grad, y.grad
        assert not j[0].requires_grad
        return out, j

    _close(*_both(run))


def test_jvp_single_input_and_default_v():
    def run(L):
        a = L.autograd.functional.jvp(lambda x: x.exp() * 2, _t(L, X), _t(L, V1))
        b = L.autograd.functional.jvp(lambda x: (x * 3).sin(), L.tensor(0.7, dtype=L.float64))
        return a, b

    _close(*_both(run))


@pytest.mark.parametrize("which", ["vhp", "hvp"])
@pytest.mark.parametrize("create_graph", [False, True])
def test_vhp_hvp_match_torch(which, create_graph):
    def run(L):
        x, y = _t(L, X, create_graph), _t(L, Y, create_graph)
        fn = getattr(L.autograd.functional, which)
        out, r = fn(_scalar_f, (x, y), (_t(L, V1), _t(L, V2)), create_graph=create_graph)
        single = fn(lambda x: (x.exp() * x).sum(), _t(L, X), _t(L, V1))
        if create_graph:
            (r[0] * r[1]).sum().backward()
            return out, r, single, x.grad, y.grad
        return out, r, single

    _close(*_both(run))


def test_hvp_non_symmetric_use_of_inputs():
    # hvp and vhp agree for smooth functions; both against torch on a product-heavy function.
    def run(L):
        f = lambda a: (a.prod() * a.sum().sin()).reshape(())  # noqa: E731
        return (L.autograd.functional.hvp(f, _t(L, X), _t(L, V1))[1],
                L.autograd.functional.vhp(f, _t(L, X), _t(L, V1))[1])

    (ph, pv), (th, tv) = _both(run)
    _close(ph, th)
    _close(pv, tv)
    _close(ph, pv, 1e-9)


@pytest.mark.parametrize("L", LIBS)
def test_functional_errors(L):
    F = L.autograd.functional
    with pytest.raises(RuntimeError, match="single element"):
        F.vhp(lambda x: x * 2, _t(L, X), _t(L, V1))
    with pytest.raises(RuntimeError, match="v has invalid size|invalid size"):
        F.jvp(lambda x: x * 2, _t(L, X), _t(L, V1[:2]))
    with pytest.raises(RuntimeError, match="v can only be None"):
        F.hvp(lambda x: x.sum(), _t(L, X))
    with pytest.raises(RuntimeError, match="strict mode"):
        F.jvp(lambda x: L.ones(2, dtype=L.float64), _t(L, X), _t(L, V1), strict=True)
    with pytest.raises(RuntimeError, match="independent"):
        F.hvp(lambda x: x.sum(), _t(L, X), _t(L, V1), strict=True)


# ------------------------------------------------------------------------------ torch.func
def test_func_grad_and_nesting():
    def run(L):
        F = L.func
        x = _t(L, X)
        g = F.grad(lambda x: (x.sin() * x).sum())(x)
        g2 = F.grad(F.grad(lambda t: t**3 * t.sin()))(L.tensor(0.8, dtype=L.float64))
        ga, gb = F.grad(lambda a, b: (a * b.exp()).sum(), argnums=(0, 1))(x, _t(L, Y))
        gd = F.grad(lambda d: (d["w"] * d["v"][0]).sum())({"w": x, "v": [_t(L, Y)]})
        (gv, val) = F.grad_and_value(lambda x: (x * x).sum())(x)
        ga_aux, aux = F.grad(lambda x: ((x**2).sum(), x.mean()), has_aux=True)(x)
        return g, g2, ga, gb, gd["w"], gd["v"][0], gv, val, ga_aux, aux

    _close(*_both(run))


def test_func_grad_backprops_to_outer_graph():
    def run(L):
        w = _t(L, X, True)
        g = L.func.grad(lambda x: (x.tanh() * x).sum())(w * 2)
        g.sum().backward()
        return g, w.grad

    _close(*_both(run))


def test_func_vjp_jvp_jacrev_hessian():
    def run(L):
        F = L.func
        x, y = _t(L, X), _t(L, Y)
        out, fn = F.vjp(lambda a, b: (a * b.sin(), a.sum().reshape(1)), x, y)
        cot = fn((_t(L, V1), L.tensor([2.0], dtype=L.float64)))
        cot2 = fn((_t(L, V2), L.tensor([-1.0], dtype=L.float64)))  # vjp_fn may be called twice
        jv = F.jvp(lambda a: a.exp() * a[0], (x,), (_t(L, V1),))
        jac = F.jacrev(lambda a: a.exp() * a[1])(x)
        jac2 = F.jacrev(lambda a, m: m @ a.sin(), argnums=(0, 1))(x, _t(L, M))
        hes = F.hessian(lambda a: (a.sin() * a * a).sum())(x)
        return out, cot, cot2, jv, jac, jac2, hes

    _close(*_both(run))


def test_func_vmap_loop_matches_torch():
    def run(L):
        F = L.func
        m, x = _t(L, M), _t(L, X)
        a = F.vmap(lambda row: row.dot(row))(m)
        b = F.vmap(lambda row, v: (row * v).sum(), in_dims=(0, None))(m, x)
        c = F.vmap(lambda col: col.exp(), in_dims=1, out_dims=1)(m)
        d = F.vmap(lambda row: (row.sum(), row * 2))(m)
        e = F.vmap(F.grad(lambda row: (row**3).sum()))(m)  # per-sample gradients
        return a, b, c, d, e

    _close(*_both(run))


@pytest.mark.parametrize("L", LIBS)
def test_func_errors(L):
    F = L.func
    with pytest.raises(RuntimeError, match="scalar"):
        F.grad(lambda x: x * 2)(_t(L, X))
    with pytest.raises(ValueError):
        F.vmap(lambda a, b: a + b)(_t(L, M), _t(L, X[:3].reshape(3, 1)).t())
    with pytest.raises(ValueError):
        F.vmap(lambda a: a, in_dims=None)(_t(L, X))
    with pytest.raises(RuntimeError, match="argnum"):
        F.grad(lambda x: x.sum(), argnums=3)(_t(L, X))
