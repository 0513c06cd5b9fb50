"""Autograd engine tests: backward/grad API, grad modes, requires_grad rules, version counters,
deep graphs and higher-order gradients, each checked against torch where torch can run it."""

import subprocess
import sys
import time

import numpy as np
import pyt
import pytest
import torch
from helpers import assert_tensor_close, to_np

LIBS = [pytest.param(pyt, id="pyt"), pytest.param(torch, id="torch")]


def _both_run(fn):
    """Runs fn(lib) for torch and pyt and returns (pyt result, torch result)."""
    return fn(pyt), fn(torch)


def _close(p, t, tol=1e-12):
    if isinstance(t, (tuple, list)):
        assert len(p) == len(t)
        for a, b in zip(p, t):
            _close(a, b, tol)
    elif t is None:
        assert p is None
    else:
        assert_tensor_close(p, t, tol, tol)


# ------------------------------------------------------------------------------ backward
def test_backward_with_gradient_argument():
    def run(L):
        x = L.tensor(np.array([[1.0, -2.0], [0.5, 3.0]]), requires_grad=True)
        y = x * x + x.exp()
        y.backward(L.tensor(np.array([[1.0, 0.5], [-1.0, 2.0]])))
        return x.grad

    _close(*_both_run(run))


def test_backward_multiple_outputs():
    def run(L):
        a = L.tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
        b = L.tensor(np.array([0.5, -1.0, 4.0]), requires_grad=True)
        y1, y2 = (a * b).sum(), (a.exp() * 2)
        L.autograd.backward([y1, y2], [None, L.tensor(np.array([1.0, -1.0, 0.5]))])
        return a.grad, b.grad

    _close(*_both_run(run))


def test_backward_inputs_kw():
    def run(L):
        a = L.tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
        b = L.tensor(np.array([0.5, -1.0, 4.0]), requires_grad=True)
        (a * b * b).sum().backward(inputs=[b])  # only b accumulates
        return a.grad, b.grad

    _close(*_both_run(run))


@pytest.mark.parametrize("L", LIBS)
def test_backward_errors(L):
    x = L.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="implicitly created only for scalar"):
        (x * 2).backward()
    with pytest.raises(RuntimeError, match="does not require grad"):
        L.ones(3).sum().backward()
    with pytest.raises(RuntimeError, match="Mismatch in shape"):
        (x * 2).backward(L.ones(4))


@pytest.mark.parametrize(
    "L",
    [
        pytest.param(pyt, id="pyt"),
        pytest.param(torch, id="torch"),
    ],
)
def test_backward_gradient_of_wrong_type(L):
    x = L.ones(3, requires_grad=True)
    with pytest.raises(TypeError):
        (x * 2).backward([1.0, 2.0, 3.0])


@pytest.mark.parametrize("L", LIBS)
def test_retain_graph(L):
    x = L.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    g1 = to_np(x.grad)
    y.backward()  # the graph was retained: works, and accumulates
    np.testing.assert_allclose(to_np(x.grad), 2 * g1)
    with pytest.raises(RuntimeError, match="retain_graph"):
        y.backward()
    z = (x.sigmoid() * 3).sum()
    L.autograd.grad(z, x)
    with pytest.raises(RuntimeError, match="retain_graph"):
        L.autograd.grad(z, x)


def test_grad_accumulates_across_backward_calls():
    def run(L):
        x = L.tensor(np.array([1.0, -1.0, 2.0]), requires_grad=True)
        (x * x).sum().backward()
        first = x.grad.clone()
        (x.tanh() * 3).sum().backward()
        return first, x.grad

    p, t = _both_run(run)
    _close(p, t)
    assert not np.allclose(to_np(p[0]), to_np(p[1]))


def test_grad_setter_and_zeroing():
    x = pyt.ones(2, requires_grad=True)
    assert x.grad is None
    (x * 3).sum().backward()
    g = x.grad
    np.testing.assert_array_equal(to_np(g), [3.0, 3.0])
    (x * 3).sum().backward()
    assert x.grad is g or np.array_equal(to_np(g), [6.0, 6.0])  # accumulated in place like torch
    np.testing.assert_array_equal(to_np(x.grad), [6.0, 6.0])
    x.grad = None
    (x * 2).sum().backward()
    np.testing.assert_array_equal(to_np(x.grad), [2.0, 2.0])
    x.grad = pyt.zeros(2)
    (x * 2).sum().backward()
    np.testing.assert_array_equal(to_np(x.grad), [2.0, 2.0])


def test_diamond_and_reused_inputs():
    def run(L):
        x = L.tensor(np.array([0.3, -0.7, 1.2]), requires_grad=True)
        a = x.sigmoid()
        b = a * x
        c = a + b * a  # a used three times
        d = L.stack([c, x * x]).sum(0)
        (d * d).sum().backward()
        return x.grad

    _close(*_both_run(run))


# ------------------------------------------------------------------------------ grad mode
@pytest.mark.parametrize("L", LIBS)
def test_no_grad_and_enable_grad_context_managers(L):
    x = L.ones(2, requires_grad=True)
    assert L.is_grad_enabled()
    with L.no_grad():
        assert not L.is_grad_enabled()
        y = x * 2
        with L.enable_grad():
            assert L.is_grad_enabled()
            z = x * 2
        assert not L.is_grad_enabled()
    assert L.is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None
    assert z.requires_grad and z.grad_fn is not None


@pytest.mark.parametrize("L", LIBS)
def test_no_grad_and_enable_grad_decorators(L):
    x = L.ones(2, requires_grad=True)

    @L.no_grad()
    def f(t):
        return t * 2

    @L.enable_grad()
    def g(t):
        return t * 2

    assert not f(x).requires_grad
    with L.no_grad():
        assert g(x).requires_grad
    assert L.is_grad_enabled()

    @L.no_grad()
    def raises():
        raise ValueError("boom")

    with pytest.raises(ValueError):
        raises()
    assert L.is_grad_enabled(), "grad mode must be restored when the body raises"


@pytest.mark.parametrize("L", LIBS)
def test_set_grad_enabled(L):
    x = L.ones(2, requires_grad=True)
    with L.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert L.is_grad_enabled()
    L.set_grad_enabled(False)
    try:
        assert not (x * 2).requires_grad
    finally:
        L.set_grad_enabled(True)
    assert (x * 2).requires_grad
    with L.autograd.inference_mode():
        assert not (x * 2).requires_grad


# ------------------------------------------------------------------------ requires_grad rules
# (id, action on lib) that must raise RuntimeError containing the key word
REQUIRES_GRAD_ERRORS = [
    ("int_requires_grad_", lambda L: L.ones(2, dtype=L.int64).requires_grad_(), "floating point"),
    ("int_factory", lambda L: L.zeros(2, dtype=L.int64, requires_grad=True), "floating point"),
    (
        "bool_set_attr",
        lambda L: setattr(L.ones(2, dtype=L.bool), "requires_grad", True),
        "floating point",
    ),
    ("non_leaf_flag", lambda L: (L.ones(2, requires_grad=True) * 2).requires_grad_(False), "leaf"),
    ("leaf_inplace", lambda L: L.ones(2, requires_grad=True).add_(1), "leaf Variable"),
    ("leaf_inplace_mul", lambda L: L.ones(2, requires_grad=True).mul_(2), "in-place"),
    ("leaf_setitem", lambda L: L.ones(2, requires_grad=True).__setitem__(0, 5.0), "in-place"),
    ("leaf_view_inplace", lambda L: L.ones(2, 2, requires_grad=True)[0].zero_(), "in-place"),
    ("numpy_requires_grad", lambda L: L.ones(2, requires_grad=True).numpy(), "requires grad"),
]


def _rg_cases():
    out = []
    for i, a, w in REQUIRES_GRAD_ERRORS:
        for L in (pyt, torch):
            out.append(pytest.param(L, a, w, id=f"{i}-{L.__name__}"))
    return out


@pytest.mark.parametrize("L,action,word", _rg_cases())
def test_requires_grad_errors(L, action, word):
    with pytest.raises(RuntimeError, match=word):
        action(L)


@pytest.mark.parametrize("L", LIBS)
def test_requires_grad_propagation_and_leaves(L):
    x = L.ones(2, requires_grad=True)
    c = L.ones(2)
    assert x.is_leaf and c.is_leaf and x.grad_fn is None
    y = x * c
    assert y.requires_grad and not y.is_leaf
    assert not (c * 2).requires_grad
    assert not (x > 0).requires_grad  # comparisons are not differentiable
    assert not x.argmax().requires_grad
    i = x.max(0)[1]
    assert not i.requires_grad
    with L.no_grad():
        x.add_(1)  # in-place on a leaf is fine without grad (optimizer steps)
    np.testing.assert_array_equal(to_np(x), [2.0, 2.0])
    assert x.is_leaf and x.grad_fn is None
    x.requires_grad_(False)
    assert not x.requires_grad
    x.requires_grad = True
    assert x.requires_grad


@pytest.mark.parametrize("L", LIBS)
def test_detach_shares_storage(L):
    x = L.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    d = y.detach()
    assert not d.requires_grad and d.grad_fn is None and d.is_leaf
    d[0] = 100.0  # shares storage with y
    assert y[0].item() == 100.0
    dx = x.detach()
    dx.add_(1.0)
    np.testing.assert_array_equal(to_np(x), [2.0, 3.0, 4.0])
    z = x * 3
    z.detach_()
    assert not z.requires_grad and z.grad_fn is None
    dat = x.data
    assert not dat.requires_grad
    dat.mul_(2)
    np.testing.assert_array_equal(to_np(x), [4.0, 6.0, 8.0])
    x.data = L.zeros(3)
    assert x.requires_grad and x.sum().item() == 0.0


# ------------------------------------------------------------------------ version counter
@pytest.mark.parametrize("L", LIBS)
def test_modified_by_inplace_error(L):
    x = L.ones(3, requires_grad=True)
    y = x.exp()
    y.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation") as e:
        y.sum().backward()
    if L is pyt:
        assert "add_" in str(e.value), "pyt's message should name the in-place op"


def _sigmoid_output(x):
    y = x.sigmoid()  # SigmoidBackward saves its output
    return y.mul_(2)


def _tanh_output(x):
    y = x.tanh()  # TanhBackward saves its output
    y.relu_()
    return y * 1


def _mul_input(x):
    y = x * 1
    z = y * y  # MulBackward saves y
    y.zero_()
    return z


def _view_write(x):
    y = x + 0
    z = y.pow(2)  # PowBackward saves y
    y[0].fill_(2.0)  # a write through a view bumps y's version too
    return z


@pytest.mark.parametrize("L", LIBS)
@pytest.mark.parametrize(
    "build",
    [_sigmoid_output, _tanh_output, _mul_input, _view_write],
    ids=lambda f: f.__name__.strip("_"),
)
def test_inplace_on_saved_tensor_raises(L, build):
    x = L.tensor([0.5, -1.0, 2.0], requires_grad=True)
    out = build(x)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        out.sum().backward()


@pytest.mark.parametrize("L", LIBS)
def test_inplace_not_needed_for_backward_is_fine(L):
    x = L.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = x * 2  # MulBackward saves x and the scalar, not y
    y.add_(1)
    (y * 1).sum().backward()
    np.testing.assert_array_equal(to_np(x.grad), [2.0, 2.0, 2.0])


def test_version_counter_matches_torch():
    def run(L):
        x = L.ones(3, requires_grad=True)
        z = L.ones(3)
        out = [z._version]
        y = x.exp()
        out.append(y._version)
        y.add_(1)
        out.append(y._version)
        y.mul_(2)
        out.append(y._version)
        z.add_(1)
        out.append(z._version)
        z[0] = 3.0
        out.append(z._version)
        v = z[1:]
        v.zero_()
        out += [z._version, v._version]
        return out

    assert run(pyt) == run(torch)


# ------------------------------------------------------------------------------ deep graphs
N_DEEP = 100_000


def test_deep_chain_backward_no_stack_overflow():
    x = pyt.tensor([1.0], requires_grad=True)
    y = x
    t0 = time.time()
    for _ in range(N_DEEP):
        y = y * 1.0
    y.backward()
    assert x.grad.item() == 1.0
    assert time.time() - t0 < 20


def test_deep_chain_freed_without_backward():
    # Destroying a long graph must not recurse once per node either.
    x = pyt.tensor([1.0], requires_grad=True)
    y = x
    for _ in range(N_DEEP):
        y = y + 1.0
    del y
    assert x.grad is None


def test_deep_chain_freed_on_a_small_stack():
    # Note [Iterative graph destruction]: freeing a chain must not recurse per node, even on a
    # thread with a 512 KiB stack (macOS's default for threads). Run in a child process so a
    # stack overflow shows as a failure, not a crash of the test run.
    code = """
import threading, pyt
def run():
    x = pyt.ones(1, requires_grad=True)
    y = x
    for _ in range(60000):
        y = y * 1.0
    y.backward()
    assert x.grad.item() == 1.0
    y = None
    z = x
    for _ in range(60000):
        z = z + 1.0
    del z
threading.stack_size(512 * 1024)
t = threading.Thread(target=run)
t.start()
t.join()
print("ok")
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "ok", (r.returncode, r.stderr[-2000:])


def test_deep_chain_wide_graph():
    # Many parallel branches into one node (the engine's dependency counting)
    x = pyt.tensor([2.0], requires_grad=True)
    parts = [x * float(i) for i in range(2000)]
    total = pyt.stack(parts).sum()
    total.backward()
    assert x.grad.item() == sum(range(2000))


# ------------------------------------------------------------------- autograd.grad, higher order
def test_grad_create_graph_double_derivative():
    def run(L):
        x = L.tensor(np.array([0.5, -1.5, 2.0]), requires_grad=True)
        y = x**3
        (g,) = L.autograd.grad(y.sum(), x, create_graph=True)
        assert g.requires_grad
        (g2,) = L.autograd.grad(g.sum(), x)
        assert x.grad is None  # grad() does not accumulate
        return g, g2

    (pg, pg2), (tg, tg2) = _both_run(run)
    _close((pg, pg2), (tg, tg2))
    np.testing.assert_allclose(to_np(pg2), 6 * np.array([0.5, -1.5, 2.0]))


@pytest.mark.filterwarnings("ignore:Using backward\\(\\) with create_graph=True")
def test_backward_create_graph_then_backward_again():
    def run(L):
        x = L.tensor(np.array([0.3, 1.1]), requires_grad=True)
        y = x.tanh() * x
        y.sum().backward(create_graph=True)
        g = x.grad
        x.grad = None
        g.sum().backward()
        return x.grad

    _close(*_both_run(run))


# (id, scalar function) for second derivatives: Hessian-vector products equal torch's
SECOND_ORDER = [
    ("mul_exp", lambda L, x: (x * x.exp()).sum()),
    ("tanh", lambda L, x: x.tanh().pow(2).sum()),
    ("sigmoid", lambda L, x: (x.sigmoid() * x).sum()),
    ("log_sqrt", lambda L, x: (x.abs() + 1).log().sum() + (x * x + 1).sqrt().sum()),
    ("div", lambda L, x: (1 / (x * x + 1)).sum()),
    ("softmax", lambda L, x: (L.softmax(x.view(2, 3), 1) * L.arange(3.0, dtype=L.float64)).sum()),
    ("log_softmax", lambda L, x: (L.log_softmax(x.view(2, 3), 0) ** 2).sum()),
    ("matmul", lambda L, x: (x.view(2, 3) @ x.view(3, 2)).pow(2).sum()),
    ("mean_max", lambda L, x: x.view(2, 3).max(1)[0].pow(3).mean()),
    ("pow_tensor", lambda L, x: (x.abs() + 0.5).pow(x).sum()),
    ("clamp_relu", lambda L, x: (x.clamp(-1.0, 1.0) * x.relu() * x).sum()),
    (
        "where_maximum",
        lambda L, x: (L.where(x > 0, x * x, x**3) + L.maximum(x, x * 0.5) ** 2).sum(),
    ),
    (
        "index_gather",
        lambda L, x: (
            (x.index_select(0, L.tensor([0, 2, 2])) ** 2).sum()
            + (x.view(2, 3).gather(1, L.tensor([[2], [0]])) ** 3).sum()
        ),
    ),
    (
        "cross_entropy",
        lambda L, x: L.nn.functional.cross_entropy(x.view(2, 3) * x.view(2, 3), L.tensor([2, 0])),
    ),
    ("mse", lambda L, x: L.nn.functional.mse_loss(x * x, x.detach() * 0.5 + 1)),
]


@pytest.mark.parametrize("f", [pytest.param(f, id=i) for i, f in SECOND_ORDER])
def test_second_order_matches_torch(f):
    data = np.array([0.3, -1.2, 0.8, 1.7, -0.4, 0.9])
    v = np.array([1.0, -0.5, 2.0, 0.3, -1.0, 0.7])

    def run(L):
        x = L.tensor(data, requires_grad=True)
        (g,) = L.autograd.grad(f(L, x), x, create_graph=True)
        (hv,) = L.autograd.grad((g * L.tensor(v)).sum(), x)
        return g, hv

    _close(*_both_run(run), tol=1e-10)


def test_grad_allow_unused_and_non_leaf_inputs():
    def run(L):
        x = L.tensor(np.array([1.0, 2.0]), requires_grad=True)
        w = L.tensor(np.array([3.0, 4.0]), requires_grad=True)
        h = x * 2
        y = (h * h).sum()
        gh, gw = L.autograd.grad(y, [h, w], allow_unused=True, retain_graph=True)
        return gh, gw

    p, t = _both_run(run)
    _close(p, t)
    assert p[1] is None
    x = pyt.ones(2, requires_grad=True)
    w = pyt.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="allow_unused"):
        pyt.autograd.grad((x * 2).sum(), [x, w])


# -------------------------------------------------------------- broadcasting gradients
# (id, shapes, function): grads of broadcast operands are reduced to each input's shape
BROADCAST_GRADS = [
    ("add_col_row", [(3, 1), (4,)], lambda L, a, b: a + b),
    ("sub_0d", [(2, 3), ()], lambda L, a, b: a - b),
    ("mul_lead", [(2, 1, 3), (4, 1)], lambda L, a, b: a * b),
    ("div_keep1", [(1, 3), (2, 1)], lambda L, a, b: a / (b * b + 1)),
    ("pow_bcast", [(3, 1), (1, 2)], lambda L, a, b: (a * a + 1) ** b),
    ("maximum", [(2, 3), (3,)], lambda L, a, b: L.maximum(a, b)),
    ("where", [(2, 1), (1, 3)], lambda L, a, b: L.where(a > 0, a, b)),
    ("matmul_batch", [(2, 1, 3, 4), (5, 4, 2)], lambda L, a, b: a @ b),
    ("matmul_vec", [(4,), (3, 4, 2)], lambda L, a, b: a @ b),
    ("addmm_bias", [(3,), (2, 3)], lambda L, a, b: L.addmm(a, b, b.t() @ b)),
    ("expand", [(3, 1), (1,)], lambda L, a, b: a.expand(2, 3, 4) * b),
    ("python_scalar", [(2, 2), (1,)], lambda L, a, b: 2.0 * a + b - 1),
]


@pytest.mark.parametrize("shapes,f", [pytest.param(s, f, id=i) for i, s, f in BROADCAST_GRADS])
def test_broadcasting_grads_reduce_to_input_shapes(shapes, f):
    rng = np.random.default_rng(5)
    arrays = [rng.standard_normal(s) for s in shapes]

    def run(L):
        xs = [L.tensor(a, requires_grad=True) for a in arrays]
        out = f(L, *xs)
        out.backward(L.tensor(np.linspace(-1, 1, out.numel()).reshape(tuple(out.shape))))
        return [x.grad for x in xs]

    p, t = _both_run(run)
    for g, s in zip(p, shapes):
        assert tuple(g.shape) == s
    _close(p, t, 1e-10)


def test_recursion_limit_untouched():
    assert sys.getrecursionlimit() <= 10_000  # the deep-chain tests must not rely on raising it


@pytest.mark.parametrize("L", LIBS)
def test_linear_weight_grad_layout(L):
    # Note [Gradient layout of mm]: the weight of x @ w.t() gets a contiguous gradient, the same
    # values as the plain formula.
    rng = np.random.default_rng(11)
    x = L.tensor(rng.standard_normal((5, 7)))
    w = L.tensor(rng.standard_normal((3, 7)), requires_grad=True)
    b = L.tensor(rng.standard_normal(3), requires_grad=True)
    g = rng.standard_normal((5, 3))
    L.nn.functional.linear(x, w, b).backward(L.tensor(g))
    assert w.grad.is_contiguous()
    np.testing.assert_allclose(to_np(w.grad), g.T @ to_np(x), rtol=1e-12, atol=1e-12)
    w2 = L.tensor(rng.standard_normal((7, 3)), requires_grad=True)
    a = L.tensor(rng.standard_normal((7, 5)), requires_grad=True)
    (a.t() @ w2).backward(L.tensor(g))  # mm with a transposed first operand
    np.testing.assert_allclose(to_np(a.grad), to_np(w2) @ g.T, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(to_np(w2.grad), to_np(a) @ g, rtol=1e-12, atol=1e-12)
    assert a.grad.is_contiguous() and w2.grad.is_contiguous()
