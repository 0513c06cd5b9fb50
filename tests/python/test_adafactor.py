"""pyt.optim.Adafactor differential against torch.optim.Adafactor: N steps from the same
start (factored 2-D/3-D parameters, vectors, 0-d), state (row_var/col_var/variance/step) and
state_dict compared, argument errors matched."""

import numpy as np
import pytest
import torch

import pyt
import pyt.nn as nn

SHAPES = ((5, 3), (4,), (2, 3, 4), (), (1, 6), (3, 1))


def to_pyt(t):
    return pyt.from_numpy(t.detach().numpy().copy())


def run_both(kwargs, dtype=torch.float32, steps=10, shapes=SHAPES, groups=None, noncontig=False):
    g = torch.Generator().manual_seed(0)
    tparams = [torch.randn(s, generator=g, dtype=dtype).requires_grad_() for s in shapes]
    pparams = [nn.Parameter(to_pyt(t)) for t in tparams]
    if groups is None:
        topt = torch.optim.Adafactor(tparams, **kwargs)
        popt = pyt.optim.Adafactor(pparams, **kwargs)
    else:
        topt = torch.optim.Adafactor(
            [dict(params=[tparams[i] for i in ix], **ex) for ix, ex in groups], **kwargs
        )
        popt = pyt.optim.Adafactor(
            [dict(params=[pparams[i] for i in ix], **ex) for ix, ex in groups], **kwargs
        )
    for _ in range(steps):
        for tp, pp in zip(tparams, pparams):
            if noncontig and tp.dim() == 2:
                gr = torch.randn(tuple(reversed(tp.shape)), generator=g, dtype=dtype).t()
                tp.grad = gr.clone()
                pp.grad = to_pyt(gr.t().contiguous()).t()
                assert not pp.grad.is_contiguous()
            else:
                gr = torch.randn(tp.shape, generator=g, dtype=dtype)
                tp.grad = gr.clone()
                pp.grad = to_pyt(gr)
        topt.step()
        popt.step()
    return topt, popt, tparams, pparams


def assert_same(topt, popt, tparams, pparams, dtype=torch.float32):
    rtol, atol = (1e-5, 1e-6) if dtype == torch.float32 else (1e-12, 1e-13)
    for tp, pp in zip(tparams, pparams):
        np.testing.assert_allclose(pp.detach().numpy(), tp.detach().numpy(), rtol=rtol, atol=atol)
        ts, ps = topt.state[tp], popt.state[pp]
        assert list(ps.keys()) == list(ts.keys())
        for k, tv in ts.items():
            pv = ps[k]
            assert str(pv.dtype).split(".")[-1] == str(tv.dtype).split(".")[-1], k
            assert tuple(pv.shape) == tuple(tv.shape), k
            np.testing.assert_allclose(pv.numpy(), tv.numpy(), rtol=rtol, atol=atol, err_msg=k)
    tsd, psd = topt.state_dict(), popt.state_dict()
    assert psd["param_groups"] == tsd["param_groups"]
    assert list(psd["param_groups"][0]) == list(tsd["param_groups"][0])
    assert sorted(psd["state"]) == sorted(tsd["state"])


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"lr": 0.1},
        {"lr": 1e-3, "weight_decay": 0.1},
        {"maximize": True, "beta2_decay": -0.5},
        {"eps": (1e-20, 1e-2), "d": 2.0},
        {"eps": (None, 0.0), "lr": 0.5},
    ],
)
def test_adafactor_steps(kwargs):
    assert_same(*run_both(kwargs))


def test_adafactor_float64():
    assert_same(*run_both({"lr": 0.05, "weight_decay": 0.01}, dtype=torch.float64), torch.float64)


def test_adafactor_groups_and_tensor_lr():
    groups = [((0, 1), {"lr": 0.2}), ((2, 3, 4, 5), {"weight_decay": 0.05})]
    assert_same(*run_both({}, groups=groups))
    g = torch.Generator().manual_seed(1)
    t = torch.randn(4, 3, generator=g).requires_grad_()
    p = nn.Parameter(to_pyt(t))
    topt = torch.optim.Adafactor([t], lr=torch.tensor(0.05))
    popt = pyt.optim.Adafactor([p], lr=pyt.tensor(0.05))
    for _ in range(3):
        gr = torch.randn(4, 3, generator=g)
        t.grad, p.grad = gr.clone(), to_pyt(gr)
        topt.step()
        popt.step()
    np.testing.assert_allclose(p.detach().numpy(), t.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_adafactor_noncontiguous_grad():
    assert_same(*run_both({"lr": 0.05}, shapes=((5, 3), (3, 4)), noncontig=True))


def test_adafactor_state_dict_roundtrip_with_torch():
    topt, popt, tparams, pparams = run_both({"lr": 0.05}, steps=3)
    # torch's state dict loaded into a fresh pyt optimizer continues identically
    popt2 = pyt.optim.Adafactor([nn.Parameter(p.detach().clone()) for p in pparams], lr=0.05)
    tsd = topt.state_dict()
    psd = {
        "state": {
            i: {k: to_pyt(v) for k, v in st.items()} for i, st in tsd["state"].items()
        },
        "param_groups": tsd["param_groups"],
    }
    popt2.load_state_dict(psd)
    for i, st in popt2.state_dict()["state"].items():
        assert list(st) == list(tsd["state"][i])
    g = torch.Generator().manual_seed(7)
    params2 = popt2.param_groups[0]["params"]
    for tp, p2 in zip(tparams, params2):
        gr = torch.randn(tp.shape, generator=g)
        tp.grad, p2.grad = gr, to_pyt(gr)
    topt.step()
    popt2.step()
    for tp, p2 in zip(tparams, params2):
        np.testing.assert_allclose(p2.detach().numpy(), tp.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_adafactor_closure_and_skips_no_grad():
    t = torch.ones(3, 2, requires_grad=True)
    p = nn.Parameter(pyt.ones(3, 2))
    q = nn.Parameter(pyt.ones(2))
    popt = pyt.optim.Adafactor([p, q])
    topt = torch.optim.Adafactor([t])

    def pclosure():
        popt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    def tclosure():
        topt.zero_grad()
        loss = (t * t).sum()
        loss.backward()
        return loss

    assert float(popt.step(pclosure).detach()) == float(topt.step(tclosure).detach())
    np.testing.assert_allclose(p.detach().numpy(), t.detach().numpy(), rtol=1e-6)
    assert len(popt.state[q]) == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"lr": -1.0},
        {"beta2_decay": 0.5},
        {"eps": (-1.0, 1e-3)},
        {"eps": (None, -1.0)},
        {"d": 0.5},
        {"weight_decay": -0.1},
    ],
)
def test_adafactor_bad_args(kwargs):
    with pytest.raises(ValueError) as te:
        torch.optim.Adafactor([torch.zeros(2, requires_grad=True)], **kwargs)
    with pytest.raises(ValueError) as pe:
        pyt.optim.Adafactor([nn.Parameter(pyt.zeros(2))], **kwargs)
    assert str(pe.value) == str(te.value)


def test_adafactor_tensor_lr_numel():
    with pytest.raises(ValueError, match="Tensor lr must be 1-element"):
        pyt.optim.Adafactor([nn.Parameter(pyt.zeros(2))], lr=pyt.tensor([0.1, 0.2]))


def test_adafactor_defaults_and_repr():
    p = pyt.optim.Adafactor([nn.Parameter(pyt.zeros(2))])
    t = torch.optim.Adafactor([torch.zeros(2, requires_grad=True)])
    assert p.defaults == t.defaults
    assert list(p.defaults) == list(t.defaults)
    assert repr(p) == repr(t)


def test_adafactor_empty_param_raises_as_torch():
    # torch divides by sqrt(numel) in Python: an empty parameter raises ZeroDivisionError
    t = torch.zeros(0, 3, requires_grad=True)
    t.grad = torch.zeros(0, 3)
    p = nn.Parameter(pyt.zeros(0, 3))
    p.grad = pyt.zeros(0, 3)
    with pytest.raises(ZeroDivisionError):
        torch.optim.Adafactor([t]).step()
    with pytest.raises(ZeroDivisionError):
        pyt.optim.Adafactor([p]).step()

