"""pyt.nn.utils.spectral_norm / remove_spectral_norm (hook version) and
pyt.nn.utils.parametrizations.spectral_norm, differential against torch: with u/v copied from
torch's module, outputs, weights, buffers and gradients equal torch's over several training
and eval forwards; state_dict keys and errors as torch's."""

import numpy as np
import pytest
import torch

import pyt


def to_pyt(t):
    return pyt.from_numpy(t.detach().numpy().copy())


def assert_close(p, t, rtol=1e-5, atol=1e-6):
    # atol scaled by the largest magnitude: float32 sums of terms of that size cancel
    t = t.detach().numpy()
    scale = max(1.0, float(np.abs(t).max())) if t.size else 1.0
    np.testing.assert_allclose(p.detach().numpy(), t, rtol=rtol, atol=atol * scale)


MODULES = {
    "linear": (lambda fw: fw.nn.Linear(5, 4), (3, 5)),
    "conv2d": (lambda fw: fw.nn.Conv2d(2, 3, 3), (2, 2, 5, 5)),
    "convT2d": (lambda fw: fw.nn.ConvTranspose2d(3, 2, 3), (2, 3, 4, 4)),
    "conv1d": (lambda fw: fw.nn.Conv1d(3, 4, 2), (2, 3, 6)),
}


def make_pair(name, apply_t, apply_p, dtype=torch.float32):
    ctor, shape = MODULES[name]
    torch.manual_seed(0)
    tm = ctor(torch).to(dtype)
    pm = ctor(pyt).to(getattr(pyt, str(dtype).split(".")[-1]))
    pm.load_state_dict({k: to_pyt(v) for k, v in tm.state_dict().items()})
    tm = apply_t(tm)
    pm = apply_p(pm)
    return tm, pm, shape


def run_modes(tm, pm, shape, g, modes, weight_of):
    """Forward and backward in each mode (train/eval) in both frameworks, comparing the
    outputs, the input gradients and the gradients of the raw weight."""
    for mode in modes:
        tm.train(mode == "train")
        pm.train(mode == "train")
        x = torch.randn(shape, generator=g, requires_grad=True)
        px = to_pyt(x).requires_grad_()
        ty, py = tm(x), pm(px)
        assert_close(py, ty)
        gy = torch.randn(ty.shape, generator=g)
        ty.backward(gy)
        py.backward(to_pyt(gy))
        assert_close(px.grad, x.grad)
        assert_close(weight_of(pm).grad, weight_of(tm).grad)


def hook_keys(prefix=""):
    return [prefix + k for k in ("bias", "weight_orig", "weight_u", "weight_v")]


@pytest.mark.parametrize("name", list(MODULES))
@pytest.mark.parametrize("kw", [{}, {"n_power_iterations": 3}, {"eps": 1e-3, "dim": 1}])
def test_hook_spectral_norm(name, kw):
    tm, pm, shape = make_pair(
        name,
        lambda m: torch.nn.utils.spectral_norm(m, **kw),
        lambda m: pyt.nn.utils.spectral_norm(m, **kw),
    )
    assert sorted(pm.state_dict()) == sorted(tm.state_dict()) == sorted(hook_keys())
    assert sorted(n for n, _ in pm.named_parameters()) == sorted(n for n, _ in tm.named_parameters())
    with torch.no_grad():
        pm.weight_u.copy_(to_pyt(tm.weight_u))
        pm.weight_v.copy_(to_pyt(tm.weight_v))
    g = torch.Generator().manual_seed(1)
    run_modes(tm, pm, shape, g, ("train", "train", "eval", "train", "eval"), lambda m: m.weight_orig)
    assert_close(pm.weight, tm.weight)
    assert_close(pm.weight_u, tm.weight_u)
    assert_close(pm.weight_v, tm.weight_v)
    # two training forwards sharing one backward (the GAN pattern)
    tm.train()
    pm.train()
    x = torch.randn(shape, generator=g)
    (tm(x).sum() + tm(x).sum()).backward()
    (pm(to_pyt(x)).sum() + pm(to_pyt(x)).sum()).backward()
    assert_close(pm.weight_orig.grad, tm.weight_orig.grad)
    # remove: the weight becomes a plain parameter holding the current normalised weight
    torch.nn.utils.remove_spectral_norm(tm)
    pyt.nn.utils.remove_spectral_norm(pm)
    assert sorted(pm.state_dict()) == sorted(tm.state_dict()) == ["bias", "weight"]
    assert isinstance(pm.weight, pyt.nn.Parameter)
    assert_close(pm.weight, tm.weight)


def test_hook_state_dict_roundtrip_and_metadata():
    tm, pm, shape = make_pair(
        "linear", torch.nn.utils.spectral_norm, pyt.nn.utils.spectral_norm
    )
    sd = tm.state_dict()
    pm.load_state_dict({k: to_pyt(v) for k, v in sd.items()})
    assert_close(pm.weight_u, tm.weight_u)
    assert_close(pm.weight_v, tm.weight_v)
    x = torch.randn(shape)
    assert_close(pm(to_pyt(x)), tm(x))
    assert pm.state_dict()._metadata[""]["spectral_norm"] == {"weight.version": 1}


def test_hook_errors():
    for fw in (torch, pyt):
        m = fw.nn.utils.spectral_norm(fw.nn.Linear(2, 2))
        with pytest.raises(RuntimeError, match="Cannot register two spectral_norm hooks"):
            fw.nn.utils.spectral_norm(m)
        with pytest.raises(ValueError, match="Expected n_power_iterations to be positive"):
            fw.nn.utils.spectral_norm(fw.nn.Linear(2, 2), n_power_iterations=0)
        with pytest.raises(ValueError, match="spectral_norm of 'bias' not found"):
            fw.nn.utils.remove_spectral_norm(m, "bias")


def test_hook_initial_vectors_normalised():
    m = pyt.nn.utils.spectral_norm(pyt.nn.Linear(7, 3))
    assert tuple(m.weight_u.shape) == (3,) and tuple(m.weight_v.shape) == (7,)
    assert abs(float(m.weight_u.norm()) - 1) < 1e-5
    assert abs(float(m.weight_v.norm()) - 1) < 1e-5
    # many training forwards converge to the largest singular value
    for _ in range(50):
        m(pyt.ones(1, 7))
    w = m.weight_orig.detach().numpy()
    sigma = np.linalg.svd(w, compute_uv=False)[0]
    np.testing.assert_allclose(m.weight.detach().numpy(), w / sigma, rtol=1e-4, atol=1e-5)


P = pyt.nn.utils.parametrizations
TP = torch.nn.utils.parametrizations


@pytest.mark.parametrize("name", list(MODULES))
@pytest.mark.parametrize("kw", [{}, {"n_power_iterations": 2}, {"eps": 1e-4, "dim": 1}, {"dim": -1}])
def test_parametrization_spectral_norm(name, kw):
    tm, pm, shape = make_pair(
        name, lambda m: TP.spectral_norm(m, **kw), lambda m: P.spectral_norm(m, **kw)
    )
    tkeys = list(tm.state_dict())
    assert list(pm.state_dict()) == tkeys
    assert "parametrizations.weight.0._u" in tkeys and "parametrizations.weight.0._v" in tkeys
    tsn, psn = tm.parametrizations.weight[0], pm.parametrizations.weight[0]
    with torch.no_grad():
        psn._u.copy_(to_pyt(tsn._u))
        psn._v.copy_(to_pyt(tsn._v))
    g = torch.Generator().manual_seed(2)
    run_modes(
        tm, pm, shape, g, ("train", "eval", "train", "train", "eval"),
        lambda m: m.parametrizations.weight.original,
    )
    assert_close(psn._u, tsn._u)
    assert_close(psn._v, tsn._v)
    # load torch's state dict
    pm.load_state_dict({k: to_pyt(v) for k, v in tm.state_dict().items()})
    tm.eval()
    pm.eval()
    x = torch.randn(shape, generator=g)
    assert_close(pm(to_pyt(x)), tm(x))


def test_parametrization_float64_gradcheck():
    tm, pm, shape = make_pair("linear", TP.spectral_norm, P.spectral_norm, dtype=torch.float64)
    sn = pm.parametrizations.weight[0]
    sn.eval()
    w = pyt.randn(4, 5, dtype=pyt.float64, requires_grad=True)
    assert pyt.autograd.gradcheck(lambda w: sn(w), (w,))


def test_parametrization_1d_and_errors():
    for fw, mod in ((torch, TP), (pyt, P)):
        m = fw.nn.Module()
        m.weight = fw.nn.Parameter(fw.tensor([3.0, 4.0]))
        mod.spectral_norm(m)
        np.testing.assert_allclose(np.array(m.weight.tolist()), [0.6, 0.8], rtol=1e-6)
    msgs = []
    for fw, mod in ((torch, TP), (pyt, P)):
        with pytest.raises(IndexError) as e:
            mod.spectral_norm(fw.nn.Linear(2, 3), dim=2)
        msgs.append(str(e.value))
        with pytest.raises(ValueError) as e:
            mod.spectral_norm(fw.nn.Linear(2, 3), name="nope")
        with pytest.raises(ValueError, match="Expected n_power_iterations to be positive"):
            mod.spectral_norm(fw.nn.Linear(2, 3), n_power_iterations=0)
    assert msgs[0] == msgs[1]


def test_hook_loads_version0_state_dict():
    # an old (version 0) state dict has the normalised weight and no weight_v: v is solved
    # (torch's pinv(W^T W) W^T u, rescaled) so that u = normalize(W v) and
    # u^T W v = sigma = mean(W_orig / W); a square full-rank W keeps the solve well posed
    torch.manual_seed(0)
    tm = torch.nn.utils.spectral_norm(torch.nn.Linear(4, 4))
    tm(torch.randn(3, 4))
    old = {k: v.detach().clone() for k, v in tm.state_dict().items() if k != "weight_v"}
    old["weight"] = tm.weight.detach().clone()
    t2 = torch.nn.utils.spectral_norm(torch.nn.Linear(4, 4))
    p2 = pyt.nn.utils.spectral_norm(pyt.nn.Linear(4, 4))
    t2.load_state_dict(dict(old))
    p2.load_state_dict({k: to_pyt(v) for k, v in old.items()})
    assert_close(p2.weight_v, t2.weight_v, rtol=1e-3, atol=1e-4)
    w = old["weight_orig"].numpy().astype(np.float64)
    u = old["weight_u"].numpy().astype(np.float64)
    v = p2.weight_v.detach().numpy().astype(np.float64)
    wv = w @ v
    np.testing.assert_allclose(wv / np.linalg.norm(wv), u, rtol=1e-3, atol=1e-4)
    sigma = float((old["weight_orig"] / old["weight"]).mean())
    np.testing.assert_allclose(u @ w @ v, sigma, rtol=1e-4)
    t2.eval()
    p2.eval()
    x = torch.randn(2, 4)
    assert_close(p2(to_pyt(x)), t2(x), rtol=1e-3, atol=1e-4)
