"""Custom autograd.Function, tensor hooks, retain_grad and gradcheck, differential against torch."""
import gc

import numpy as np
import pytest
import torch

import pyt

LIBS = [pytest.param(pyt, id="pyt"), pytest.param(torch, id="torch")]


def _np(t):
    return None if t is None else t.detach().numpy()


def _square_fn(L, once=False):
    class Square(L.autograd.Function):
        @staticmethod
        def forward(ctx, x, k):
            ctx.save_for_backward(x)
            ctx.k = k
            return x * x * k

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g * ctx.k, None

    if once:
        Square.backward = staticmethod(L.autograd.function.once_differentiable(Square.__dict__["backward"].__func__))
    return Square


def test_function_forward_backward_matches_torch():
    res = []
    for L in (pyt, torch):
        x = L.tensor(np.array([1.0, -2.0, 3.0]), requires_grad=True)
        y = _square_fn(L).apply(x, 3.0)
        y.sum().backward()
        res.append((_np(y), _np(x.grad), type(y.grad_fn).__name__ if L is torch else y.grad_fn.name()))
    np.testing.assert_allclose(res[0][0], res[1][0])
    np.testing.assert_allclose(res[0][1], res[1][1])
    assert res[0][2] == res[1][2] == "SquareBackward"


def test_function_double_backward():
    out = []
    for L in (pyt, torch):
        x = L.tensor(np.array([1.0, 2.0]), requires_grad=True)
        (g,) = L.autograd.grad(_square_fn(L).apply(x, 1.0).sum(), [x], create_graph=True)
        g.sum().backward()
        out.append(_np(x.grad))
    np.testing.assert_allclose(out[0], out[1])


@pytest.mark.parametrize("L", LIBS)
def test_function_errors(L):
    class Bad(L.autograd.Function):
        @staticmethod
        def forward(ctx, x, y):
            return x * y

        @staticmethod
        def backward(ctx, g):
            return g  # one gradient for two inputs

    x = L.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="incorrect number of gradients"):
        Bad.apply(x, L.ones(2, requires_grad=True)).sum().backward()

    y = L.ones(2, requires_grad=True) * 1
    out = _square_fn(L).apply(y, 1.0)
    with L.no_grad():
        y.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        out.sum().backward()

    z = L.ones(2, requires_grad=True)
    out = _square_fn(L).apply(z, 1.0)
    out.sum().backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        out.sum().backward()


@pytest.mark.parametrize("L", LIBS)
def test_mark_non_differentiable_and_needs_input_grad(L):
    seen = {}

    class SortLike(L.autograd.Function):
        @staticmethod
        def forward(ctx, x, y):
            seen["needs"] = tuple(ctx.needs_input_grad)
            idx = L.arange(x.shape[0])
            ctx.mark_non_differentiable(idx)
            return x * 2, idx

        @staticmethod
        def backward(ctx, g, gidx):
            return g * 2, None

    x = L.ones(3, requires_grad=True)
    y, idx = SortLike.apply(x, L.ones(3))
    assert seen["needs"] == (True, False)
    assert y.requires_grad and not idx.requires_grad
    y.sum().backward()
    np.testing.assert_allclose(_np(x.grad), [2.0, 2.0, 2.0])


@pytest.mark.parametrize("L", LIBS)
def test_once_differentiable(L):
    x = L.tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = _square_fn(L, once=True).apply(x, 1.0)
    (g,) = L.autograd.grad(y.sum(), [x], create_graph=True)
    assert not g.requires_grad


def test_tensor_hooks_and_retain_grad_match_torch():
    out = []
    for L in (pyt, torch):
        calls = []
        a = L.tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
        h = a.register_hook(lambda g: g * 10)
        b = a * a
        b.retain_grad()
        b.register_hook(lambda g: calls.append(_np(g).copy()))
        c = (b * 3).sum()
        c.backward()
        r = [_np(a.grad).copy(), _np(b.grad).copy(), b.retains_grad, calls[0]]
        h.remove()
        a.grad = None
        (a * 2).sum().backward()
        r.append(_np(a.grad).copy())
        post = []
        a.register_post_accumulate_grad_hook(lambda t: post.append(float(t.grad.sum())))
        (a * 3).sum().backward()
        r.append(post)
        out.append(r)
    for p, t in zip(out[0], out[1]):
        if isinstance(p, np.ndarray):
            np.testing.assert_allclose(p, t)
        else:
            assert p == t


@pytest.mark.parametrize("L", LIBS)
def test_hook_errors(L):
    with pytest.raises(RuntimeError, match="doesn't require gradient"):
        L.ones(2).register_hook(lambda g: g)
    x = L.ones(2, requires_grad=True)
    x.register_hook(lambda g: L.ones(3))
    with pytest.raises(RuntimeError, match="size"):
        (x * 2).sum().backward()
    with pytest.raises(RuntimeError, match="non-leaf"):
        (x * 2).register_post_accumulate_grad_hook(lambda t: None)


def test_gradcheck_accepts_correct_and_rejects_wrong_backward():
    x = pyt.tensor(np.array([0.5, -1.0, 2.0]), requires_grad=True)
    assert pyt.autograd.gradcheck(lambda t: _square_fn(pyt).apply(t, 2.0), (x,))
    assert pyt.autograd.gradgradcheck(lambda t: (t * t * t).sum(), (x,))

    class Wrong(pyt.autograd.Function):
        @staticmethod
        def forward(ctx, t):
            return t * t

        @staticmethod
        def backward(ctx, g):
            return g  # should be 2 t g

    with pytest.raises(pyt.autograd.GradcheckError, match="Jacobian mismatch"):
        pyt.autograd.gradcheck(Wrong.apply, (x,))
    assert pyt.autograd.gradcheck(Wrong.apply, (x,), raise_exception=False) is False


@pytest.mark.parametrize(
    "name, f, inputs",
    [
        ("vjp", lambda F, L, x: F.vjp(lambda t: t * t.sum(), x, L.ones(3))[1], (np.array([1.0, 2.0, 3.0]),)),
        ("jacobian", lambda F, L, x: F.jacobian(lambda t: t * t.sum(), x), (np.array([1.0, 2.0, 3.0]),)),
        ("hessian", lambda F, L, x: F.hessian(lambda t: (t ** 3).sum() * t.sum(), x), (np.array([1.0, -2.0]),)),
        ("jacobian_multi", lambda F, L, x: F.jacobian(lambda a, b: (a * b, a + b), (x, x * 2)),
         (np.array([1.0, 2.0]),)),
        ("hessian_multi", lambda F, L, x: F.hessian(lambda a, b: (a * a * b).sum(), (x, x + 1)),
         (np.array([1.0, 2.0]),)),
    ],
)
def test_functional_transforms_match_torch(name, f, inputs):
    res = [f(L.autograd.functional, L, *[L.tensor(a) for a in inputs]) for L in (pyt, torch)]

    def flat(r):
        if isinstance(r, (tuple, list)):
            return [y for x in r for y in flat(x)]
        return [r.detach().numpy()]

    for a, b in zip(flat(res[0]), flat(res[1]), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6)


@pytest.mark.filterwarnings("ignore:Anomaly Detection")
@pytest.mark.filterwarnings("ignore:Error detected in")
@pytest.mark.parametrize("L", LIBS)
def test_detect_anomaly_names_node_and_forward_stack(L):
    def forward_that_makes_nan(x):
        return (x / x).sum()

    with L.autograd.detect_anomaly():
        x = L.zeros(1, requires_grad=True)
        with pytest.raises(RuntimeError, match="DivBackward0' returned nan") as e:
            forward_that_makes_nan(x).backward()
    if L is pyt:  # torch prints the forward stack as a warning; pyt puts it in the message
        assert "forward_that_makes_nan" in str(e.value)
    assert not L.is_anomaly_enabled() if hasattr(L, "is_anomaly_enabled") else True
    x = L.zeros(1, requires_grad=True)
    forward_that_makes_nan(x).backward()  # off again: no error, nan gradient
    assert np.isnan(_np(x.grad)).all()


@pytest.mark.parametrize("L", LIBS)
def test_set_detect_anomaly_as_context_manager(L):
    with L.autograd.set_detect_anomaly(True):
        x = L.ones(2, requires_grad=True)
        (x * 2).sum().backward()
    np.testing.assert_allclose(_np(x.grad), [2.0, 2.0])


def test_training_loop_does_not_leak_tensors_or_graphs():
    """Graphs whose outputs are dropped are freed at once: the number of live tensors is the
    same after 10 steps and after 2,000 more (no RSS timing involved)."""
    pyt.manual_seed(0)
    model = pyt.nn.Sequential(pyt.nn.Linear(8, 16), pyt.nn.ReLU(), pyt.nn.Linear(16, 3))
    opt = pyt.optim.Adam(model.parameters(), lr=1e-3)
    x, y = pyt.randn(32, 8), pyt.randint(0, 3, (32,))

    def step():
        opt.zero_grad()
        loss = pyt.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(10):
        step()
    before = pyt._C._live_tensor_count()
    for _ in range(2000):
        step()
    assert pyt._C._live_tensor_count() == before


def test_python_function_graphs_and_hooks_are_freed():
    Square = _square_fn(pyt)
    x = pyt.randn(16, requires_grad=True)
    x.register_hook(lambda g: g)

    def step():
        y = Square.apply(x * 2, 1.5)
        y.retain_grad()
        (y.sum() + Square.apply(y, 1.0).mean()).backward()

    for _ in range(5):
        step()
    gc.collect()  # garbage cycles of earlier tests (e.g. pytest.raises tracebacks) go first
    before = pyt._C._live_tensor_count()
    for _ in range(500):
        step()
    gc.collect()
    assert pyt._C._live_tensor_count() == before


def _mark_dirty_program(lib):
    class Double(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 2

    a = lib.tensor([1.0, 2.0], requires_grad=True)
    y = a.clone()
    z = Double.apply(y)
    same = z is y
    (y * lib.tensor([1.0, 3.0])).sum().backward()
    b = lib.ones(2, 3, requires_grad=True)
    w = b * 1
    Double.apply(w[0])  # a dirty view: the base's history goes through CopySlices
    (w * w).sum().backward()
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        Double.apply(lib.ones(2, requires_grad=True))
    return same, a.grad.numpy(), b.grad.numpy(), w.detach().numpy()


def test_mark_dirty_rebases_history_like_torch():
    got, want = _mark_dirty_program(pyt), _mark_dirty_program(torch)
    assert got[0] and want[0]
    for g, w in zip(got[1:], want[1:]):
        np.testing.assert_allclose(g, w, rtol=0, atol=0)


@pytest.mark.parametrize("L", [pyt, torch], ids=["pyt", "torch"])
@pytest.mark.parametrize("leaf", [False, True])
def test_hook_changing_dtype_raises(L, leaf):
    x = L.ones(2, requires_grad=True)
    y = x if leaf else x * 2
    y.register_hook(lambda g: g.double())
    with pytest.raises(RuntimeError, match="has changed the type of value"):
        (y * 1).sum().backward()


def _materialize_program(lib, materialize):
    seen = []

    class Two(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(materialize)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            seen.append((g1 is None, g2 is None))
            out = g1 * 2 if g1 is not None else None
            if g2 is not None:
                out = out + g2 * 3
            return out

    x = lib.ones(2, requires_grad=True)
    a, _ = Two.apply(x)
    a.sum().backward()
    return seen, x.grad.numpy()


@pytest.mark.parametrize("materialize", [True, False])
def test_set_materialize_grads_like_torch(materialize):
    got, want = _materialize_program(pyt, materialize), _materialize_program(torch, materialize)
    assert got[0] == want[0]
    np.testing.assert_array_equal(got[1], want[1])


@pytest.mark.parametrize("L", [pyt, torch], ids=["pyt", "torch"])
def test_data_alias_has_its_own_version_counter(L):
    x = L.ones(2, requires_grad=True)
    z = (x * x).sum()
    z.backward(retain_graph=True)
    x.data.add_(1)  # invisible to autograd's checks, as in torch
    assert x._version == 0
    z.backward()
    np.testing.assert_array_equal(x.grad.numpy(), [6.0, 6.0])
    d = x.data
    assert not d.requires_grad and d.is_leaf
    d[0] = 5.0
    assert x[0].item() == 5.0  # shares memory


@pytest.mark.parametrize("L", [pyt, torch], ids=["pyt", "torch"])
def test_function_with_non_tensor_output(L):
    class Scale(L.autograd.Function):
        @staticmethod
        def forward(ctx, x, n):
            return x * n, n

        @staticmethod
        def backward(ctx, g, g_n):
            assert g_n is None
            return g * 3, None

    x = L.ones(2, requires_grad=True)
    y, n = Scale.apply(x, 3)
    y.sum().backward()
    assert n == 3
    np.testing.assert_array_equal(x.grad.numpy(), [3.0, 3.0])
