"""pyt.autograd: grad-mode switches (context managers and decorators), backward and grad."""

import threading

import numpy as np
import pytest
import torch

import pyt


def to_np(p):
    return p.detach().numpy()


def test_no_grad_context_and_restore_on_error():
    x = pyt.ones(2, requires_grad=True)
    with pyt.no_grad():
        assert not pyt.is_grad_enabled()
        y = x * 2
    assert not y.requires_grad and pyt.is_grad_enabled()
    with pytest.raises(ZeroDivisionError):
        with pyt.no_grad():
            1 / 0
    assert pyt.is_grad_enabled()


def test_decorators_with_and_without_parentheses():
    @pyt.no_grad()
    def f(x):
        return x * 2

    @pyt.no_grad
    def g(x):
        return x * 2

    @pyt.enable_grad()
    def h(x):
        return x * 2

    x = pyt.ones(1, requires_grad=True)
    assert not f(x).requires_grad and not g(x).requires_grad
    with pyt.no_grad():
        assert h(x).requires_grad
    assert f.__name__ == "f"


def test_generator_decorator_keeps_mode_per_resume():
    @pyt.no_grad()
    def gen():
        for _ in range(2):
            yield pyt.is_grad_enabled()

    it = gen()
    assert next(it) is False
    assert pyt.is_grad_enabled()  # restored between resumes
    assert next(it) is False


def test_set_grad_enabled_function_context_and_decorator():
    pyt.set_grad_enabled(False)
    try:
        assert not pyt.is_grad_enabled()
    finally:
        pyt.set_grad_enabled(True)
    with pyt.set_grad_enabled(False):
        assert not pyt.is_grad_enabled()
    assert pyt.is_grad_enabled()

    @pyt.set_grad_enabled(False)
    def f():
        return pyt.is_grad_enabled()

    assert pyt.is_grad_enabled()  # creating the decorator did not leave it off
    assert f() is False and pyt.is_grad_enabled()
    with pyt.autograd.inference_mode():
        assert not pyt.is_grad_enabled()


def test_grad_mode_is_thread_local():
    seen = []
    with pyt.no_grad():
        t = threading.Thread(target=lambda: seen.append(pyt.is_grad_enabled()))
        t.start()
        t.join()
    assert seen == [True]


def test_autograd_backward_matches_torch():
    xt = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    xp = pyt.tensor([1.0, 2.0, 3.0], requires_grad=True)
    torch.autograd.backward([(xt * xt).sum(), (xt * 3).sum()])
    pyt.autograd.backward([(xp * xp).sum(), (xp * 3).sum()])
    np.testing.assert_allclose(to_np(xp.grad), xt.grad.numpy())
    yt, yp = xt * 2, xp * 2
    torch.autograd.backward(yt, grad_tensors=torch.tensor([1.0, 0.5, 0.0]))
    pyt.autograd.backward(yp, grad_tensors=pyt.tensor([1.0, 0.5, 0.0]))
    np.testing.assert_allclose(to_np(xp.grad), xt.grad.numpy())


def test_autograd_backward_inputs_accumulates_only_there():
    a = pyt.tensor([1.0, 2.0], requires_grad=True)
    b = pyt.tensor([3.0, 4.0], requires_grad=True)
    pyt.autograd.backward((a * b).sum(), inputs=[a])
    np.testing.assert_allclose(to_np(a.grad), [3.0, 4.0])
    assert b.grad is None
    pyt.autograd.backward((a * b).sum(), inputs=[a])
    np.testing.assert_allclose(to_np(a.grad), [6.0, 8.0])


def test_autograd_grad_matches_torch():
    xt = torch.tensor([1.0, 2.0], requires_grad=True)
    xp = pyt.tensor([1.0, 2.0], requires_grad=True)
    (gt,) = torch.autograd.grad((xt**3).sum(), xt, create_graph=True)
    (gp,) = pyt.autograd.grad((xp**3).sum(), xp, create_graph=True)
    np.testing.assert_allclose(to_np(gp), gt.detach().numpy())
    assert xp.grad is None
    (ggt,) = torch.autograd.grad(gt.sum(), xt)
    (ggp,) = pyt.autograd.grad(gp.sum(), xp)
    np.testing.assert_allclose(to_np(ggp), ggt.numpy())


def test_autograd_grad_unused_inputs():
    x = pyt.ones(2, requires_grad=True)
    z = pyt.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="allow_unused"):
        pyt.autograd.grad((x * 2).sum(), [x, z])
    gx, gz = pyt.autograd.grad((x * 2).sum(), [x, z], allow_unused=True)
    assert gz is None
    gx, gz = pyt.autograd.grad((x * 2).sum(), [x, z], materialize_grads=True)
    np.testing.assert_array_equal(to_np(gz), [0.0, 0.0])
    with pytest.raises(ValueError, match="allow_unused"):
        pyt.autograd.grad((x * 2).sum(), [x], allow_unused=False, materialize_grads=True)


def test_autograd_errors_match_torch():
    x = pyt.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar"):
        pyt.autograd.backward(x * 2)
    with pytest.raises(RuntimeError, match="Mismatch in shape"):
        pyt.autograd.backward(x * 2, grad_tensors=pyt.ones(2))
    with pytest.raises(RuntimeError, match="does not require grad"):
        pyt.autograd.backward(pyt.ones(1))
    with pytest.raises(TypeError, match="gradients can be either Tensors or None"):
        pyt.autograd.backward(x * 2, grad_tensors=[3])
    with pytest.raises(RuntimeError, match="cannot be empty"):
        pyt.autograd.backward((x * 2).sum(), inputs=[])
    with pytest.raises(RuntimeError, match="non-empty inputs"):
        pyt.autograd.grad((x * 2).sum(), [])
