"""pyt.autograd.graph saved-tensor hooks (saved_tensors_hooks, save_on_cpu,
disable_saved_tensors_hooks), compared with torch: pack/unpack calls, gradients (first and
second order), Python Functions, nesting and errors."""

import numpy as np
import pyt
import pytest
import torch
from helpers import assert_tensor_close

LIBS = [pytest.param(pyt, id="pyt"), pytest.param(torch, id="torch")]


def _recording_hooks(L, log):
    def pack(t):
        log.append(("pack", tuple(t.shape)))
        return t.detach().numpy().copy()

    def unpack(a):
        log.append(("unpack", a.shape))
        return L.from_numpy(a)

    return pack, unpack


def test_pack_unpack_calls_match_torch():
    def run(L):
        log = []
        x = L.tensor(np.array([0.5, -1.0, 2.0]), requires_grad=True)
        with L.autograd.graph.saved_tensors_hooks(*_recording_hooks(L, log)):
            y = (x * x).exp().sum()  # mul saves x twice, exp saves its output
        n_packed = len(log)
        y.backward()
        return log, n_packed, x.grad

    (plog, pn, pg), (tlog, tn, tg) = run(pyt), run(torch)
    assert pn == tn and sorted(map(str, plog)) == sorted(map(str, tlog))
    assert_tensor_close(pg, tg, 1e-12, 1e-12)


def _mlp(L, x, w1, w2):
    h = L.nn.functional.relu(x @ w1)
    return L.nn.functional.log_softmax(h @ w2, dim=1).sum() + (h.tanh() * h).sum()


@pytest.mark.parametrize("kind", ["numpy_copy", "save_on_cpu", "identity"])
def test_grads_with_hooks_match_torch(kind):
    rng = np.random.default_rng(5)
    arrays = [rng.standard_normal((6, 4)), rng.standard_normal((4, 5)), rng.standard_normal((5, 3))]
    res = {}
    for L in (pyt, torch):
        x, w1, w2 = (L.tensor(a, requires_grad=True) for a in arrays)
        if kind == "numpy_copy":
            ctx = L.autograd.graph.saved_tensors_hooks(*_recording_hooks(L, []))
        elif kind == "save_on_cpu":
            ctx = L.autograd.graph.save_on_cpu()
        else:
            ctx = L.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t)
        with ctx:
            out = _mlp(L, x, w1, w2)
        g = L.autograd.grad(out, (x, w1, w2), create_graph=True)
        sum(gi.pow(2).sum() for gi in g).backward()
        res[L] = (out, *g, x.grad, w1.grad, w2.grad)
    for p, t in zip(res[pyt], res[torch]):
        assert_tensor_close(p, t, 1e-10, 1e-10)


@pytest.mark.parametrize("L", LIBS)
@pytest.mark.parametrize("pin_memory", [False, True])
def test_save_on_cpu_and_inplace_change(L, pin_memory):
    # Without pin_memory a CPU tensor is kept as is (tensor.cpu() is the tensor), so a later
    # change under no_grad is seen by backward; with it, a copy is kept.
    x = L.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 1
    with L.autograd.graph.save_on_cpu(pin_memory=pin_memory and L is pyt):
        z = (y * y).sum()
    with L.no_grad():
        y.mul_(10)
    z.backward()
    expected = [2.0, 4.0, 6.0] if pin_memory else [20.0, 40.0, 60.0]
    if pin_memory and L is torch:
        expected = [20.0, 40.0, 60.0]  # torch cannot pin memory without CUDA: ran unpinned
    np.testing.assert_allclose(x.grad.numpy(), expected)


@pytest.mark.parametrize("L", LIBS)
def test_packed_copy_survives_inplace_change(L):
    x = L.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 1
    with L.autograd.graph.saved_tensors_hooks(*_recording_hooks(L, [])):
        z = (y * y).sum()
    with L.no_grad():
        y.mul_(10)
    z.backward()
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 4.0, 6.0])


@pytest.mark.parametrize("L", LIBS)
def test_hooks_nest_innermost_wins(L):
    log = []
    x = L.ones(2, requires_grad=True)
    outer = L.autograd.graph.saved_tensors_hooks(lambda t: log.append("outer") or t, lambda t: t)
    inner = L.autograd.graph.saved_tensors_hooks(lambda t: log.append("inner") or t, lambda t: t)
    with outer:
        a = x.exp()
        with inner:
            b = x.sin()
        c = x.cos()
    assert log == ["outer", "inner", "outer"]
    (a + b + c).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), (np.exp(1) + np.cos(1) - np.sin(1)) * np.ones(2), rtol=1e-6)


@pytest.mark.parametrize("L", LIBS)
def test_hooks_apply_to_python_function(L):
    log = []

    class Cube(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x**3

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 3 * x * x * g

    x = L.tensor([1.0, -2.0], requires_grad=True)
    with L.autograd.graph.saved_tensors_hooks(
        lambda t: log.append("pack") or t.detach().numpy().copy(),
        lambda a: log.append("unpack") or L.from_numpy(a),
    ):
        y = Cube.apply(x)
    y.sum().backward()
    assert log == ["pack", "unpack"]
    np.testing.assert_allclose(x.grad.numpy(), [3.0, 12.0])


@pytest.mark.parametrize("L", LIBS)
def test_disable_saved_tensors_hooks(L):
    with L.autograd.graph.disable_saved_tensors_hooks("no hooks in this region"):
        with pytest.raises(RuntimeError, match="no hooks in this region"):
            with L.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
                pass
    with L.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):  # enabled again
        y = L.ones(2, requires_grad=True).exp()
    y.sum().backward()


@pytest.mark.parametrize("L", LIBS)
def test_unpack_hook_must_return_tensor(L):
    x = L.ones(2, requires_grad=True)
    with L.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: 3):
        y = x.exp().sum()
    with pytest.raises(TypeError, match="unpack_hook"):
        y.backward()
