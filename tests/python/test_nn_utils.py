"""pyt.nn.utils against torch.nn.utils: clipping, vector conversion, weight norm,
parametrizations."""

import importlib.util
import math
import subprocess
import sys
import warnings

import numpy as np
import pytest
import torch

import pyt


def _grads(shapes, seed=0, scale=1.0):
    r = np.random.default_rng(seed)
    return [r.normal(size=s) * scale for s in shapes]


def _params(lib, arrays, grads):
    ps = []
    for a, g in zip(arrays, grads):
        p = lib.nn.Parameter(lib.tensor(a, dtype=lib.float32))
        p.grad = None if g is None else lib.tensor(g, dtype=lib.float32)
        ps.append(p)
    return ps


SHAPES = [(3, 4), (5,), (2, 2, 2)]


@pytest.mark.parametrize("norm_type", [2.0, 1, 3.5, math.inf, 0.5])
@pytest.mark.parametrize("max_norm", [0.1, 1e6])
@pytest.mark.parametrize("foreach", [None, True, False])
def test_clip_grad_norm_matches_torch(norm_type, max_norm, foreach):
    arrays = _grads(SHAPES, 1)
    grads = _grads(SHAPES, 2)
    grads[1] = None  # a parameter without a gradient is skipped
    tp = _params(torch, arrays, grads)
    pp = _params(pyt, arrays, grads)
    tn = torch.nn.utils.clip_grad_norm_(tp, max_norm, norm_type, foreach=foreach)
    pn = pyt.nn.utils.clip_grad_norm_(iter(pp), max_norm, norm_type, foreach=foreach)
    np.testing.assert_allclose(pn.numpy(), tn.numpy(), rtol=1e-6)
    assert pn.dim() == 0
    for a, b in zip(pp, tp):
        if b.grad is None:
            assert a.grad is None
        else:
            np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-6, atol=1e-7)


def test_clip_grad_norm_single_tensor_empty_and_nonfinite():
    p = pyt.nn.Parameter(pyt.ones(3))
    p.grad = pyt.tensor([3.0, 4.0, 0.0])
    n = pyt.nn.utils.clip_grad_norm_(p, 1.0)
    assert abs(n.item() - 5.0) < 1e-6
    np.testing.assert_allclose(p.grad.numpy(), np.array([0.6, 0.8, 0]) * 5 / (5 + 1e-6), rtol=1e-6)
    assert pyt.nn.utils.clip_grad_norm_([], 1.0).item() == 0.0
    q = pyt.nn.Parameter(pyt.ones(2))
    q.grad = pyt.tensor([math.inf, 1.0])
    with pytest.raises(RuntimeError, match="non-finite"):
        pyt.nn.utils.clip_grad_norm_([q], 1.0, error_if_nonfinite=True)
    t = torch.nn.Parameter(torch.ones(2))
    t.grad = torch.tensor([math.inf, 1.0])
    tn = torch.nn.utils.clip_grad_norm_([t], 1.0)
    pn = pyt.nn.utils.clip_grad_norm_([q], 1.0)
    np.testing.assert_array_equal(pn.numpy(), tn.numpy())
    np.testing.assert_array_equal(q.grad.numpy(), t.grad.numpy())


def test_get_total_norm_and_clip_with_norm():
    gs = _grads(SHAPES, 3)
    tn = torch.nn.utils.get_total_norm([torch.tensor(g) for g in gs], 3.0)
    pn = pyt.nn.utils.get_total_norm([pyt.tensor(g) for g in gs], 3.0)
    np.testing.assert_allclose(pn.numpy(), tn.numpy(), rtol=1e-12)


@pytest.mark.parametrize("clip", [0.3, 2.0])
def test_clip_grad_value_matches_torch(clip):
    arrays, grads = _grads(SHAPES, 4), _grads(SHAPES, 5)
    tp, pp = _params(torch, arrays, grads), _params(pyt, arrays, grads)
    torch.nn.utils.clip_grad_value_(tp, clip)
    assert pyt.nn.utils.clip_grad_value_(pp, clip, foreach=True) is None
    for a, b in zip(pp, tp):
        np.testing.assert_array_equal(a.grad.numpy(), b.grad.numpy())


def test_parameters_to_vector_and_back():
    lin = pyt.nn.Linear(3, 2)
    v = pyt.nn.utils.parameters_to_vector(lin.parameters())
    expect = np.concatenate([lin.weight.detach().numpy().ravel(), lin.bias.detach().numpy()])
    np.testing.assert_array_equal(v.detach().numpy(), expect)
    assert v.grad_fn.name() == "CatBackward0"
    w_id = id(lin.weight)
    pyt.nn.utils.vector_to_parameters(pyt.arange(8.0), lin.parameters())
    assert id(lin.weight) == w_id and lin.weight.requires_grad
    np.testing.assert_array_equal(lin.weight.detach().numpy(), np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(lin.bias.detach().numpy(), [6.0, 7.0])
    with pytest.raises(TypeError, match="expected torch.Tensor"):
        pyt.nn.utils.vector_to_parameters([1.0], lin.parameters())


def _copy(pmod, tmod):
    pmod.load_state_dict({k: pyt.tensor(v.detach().numpy()) for k, v in tmod.state_dict().items()})


@pytest.mark.parametrize("dim", [0, 1, None])
def test_weight_norm_matches_torch(dim):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        tm = torch.nn.utils.weight_norm(torch.nn.Linear(4, 3), dim=dim)
        with pytest.warns(FutureWarning, match="deprecated"):
            pm = pyt.nn.utils.weight_norm(pyt.nn.Linear(4, 3), dim=dim)
    assert list(pm.state_dict()) == list(tm.state_dict())
    for k, v in tm.state_dict().items():
        assert tuple(pm.state_dict()[k].shape) == tuple(v.shape)
    _copy(pm, tm)
    x = np.random.default_rng(0).normal(size=(5, 4))
    tx, px = torch.tensor(x, dtype=torch.float32), pyt.tensor(x, dtype=pyt.float32)
    to, po = tm(tx), pm(px)
    np.testing.assert_allclose(po.detach().numpy(), to.detach().numpy(), rtol=1e-5, atol=1e-6)
    to.sum().backward()
    po.sum().backward()
    for n in ("weight_g", "weight_v", "bias"):
        np.testing.assert_allclose(getattr(pm, n).grad.numpy(), getattr(tm, n).grad.numpy(),
                                   rtol=1e-5, atol=1e-6)
    with pytest.raises(RuntimeError, match="Cannot register two weight_norm hooks"), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        pyt.nn.utils.weight_norm(pm, dim=dim)
    w = pm.weight.detach().numpy().copy()
    pyt.nn.utils.remove_weight_norm(pm)
    assert set(pm.state_dict()) == {"weight", "bias"}
    np.testing.assert_allclose(pm.weight.detach().numpy(), w)
    with pytest.raises(ValueError, match="weight_norm of 'weight' not found"):
        pyt.nn.utils.remove_weight_norm(pm)


@pytest.mark.parametrize("dim", [0, 1])
def test_parametrizations_weight_norm_matches_torch(dim):
    tm = torch.nn.utils.parametrizations.weight_norm(torch.nn.Linear(4, 3), dim=dim)
    pm = pyt.nn.utils.parametrizations.weight_norm(pyt.nn.Linear(4, 3), dim=dim)
    assert repr(pm) == repr(tm)
    assert type(pm).__name__ == "ParametrizedLinear"
    assert list(pm.state_dict()) == list(tm.state_dict())
    assert [n for n, _ in pm.named_parameters()] == [n for n, _ in tm.named_parameters()]
    _copy(pm, tm)
    x = np.random.default_rng(1).normal(size=(5, 4))
    to = tm(torch.tensor(x, dtype=torch.float32))
    po = pm(pyt.tensor(x, dtype=pyt.float32))
    np.testing.assert_allclose(po.detach().numpy(), to.detach().numpy(), rtol=1e-5, atol=1e-6)
    to.sum().backward()
    po.sum().backward()
    for (n, a), (_, b) in zip(pm.named_parameters(), tm.named_parameters()):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-5, atol=1e-6, err_msg=n)
    # assignment goes through right_inverse
    pm.weight = pyt.ones(3, 4)
    np.testing.assert_allclose(pm.weight.detach().numpy(), np.ones((3, 4)), rtol=1e-6)
    pyt.nn.utils.parametrize.remove_parametrizations(pm, "weight")
    assert type(pm).__name__ == "Linear"
    assert sorted(pm.state_dict()) == ["bias", "weight"]
    np.testing.assert_allclose(pm.weight.detach().numpy(), np.ones((3, 4)), rtol=1e-6)


def test_register_parametrization_symmetric_and_errors():
    class Sym(pyt.nn.Module):
        def forward(self, X):
            return X.triu() + X.triu(1).t()

    m = pyt.nn.utils.parametrize.register_parametrization(pyt.nn.Linear(3, 3), "weight", Sym())
    w = m.weight.detach().numpy()
    np.testing.assert_array_equal(w, w.T)
    assert pyt.nn.utils.parametrize.is_parametrized(m, "weight")
    assert list(m.state_dict()) == ["bias", "parametrizations.weight.original"]

    class Shrink(pyt.nn.Module):
        def forward(self, X):
            return X[:1]

    with pytest.raises(ValueError, match="may not change the shape"):
        pyt.nn.utils.parametrize.register_parametrization(pyt.nn.Linear(3, 3), "weight", Shrink())
    with pytest.raises(ValueError, match="does not have a parameter"):
        pyt.nn.utils.parametrize.register_parametrization(pyt.nn.Linear(3, 3), "nope", Sym())


def test_rnn_submodule_is_lazy():
    code = "import sys, pyt; print('pyt.nn.utils.rnn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    if importlib.util.find_spec("pyt.nn.utils.rnn") is None:
        with pytest.raises(ModuleNotFoundError):
            pyt.nn.utils.rnn  # noqa: B018
    else:
        assert pyt.nn.utils.rnn.__name__ == "pyt.nn.utils.rnn"
    with pytest.raises(AttributeError):
        pyt.nn.utils.not_a_thing  # noqa: B018
