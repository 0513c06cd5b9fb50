"""pyt.optim: SGD / Adam / AdamW steps, state and state_dict, differential against torch."""

import copy

import numpy as np
import pytest
import torch

import pyt
import pyt.nn as nn


def to_pyt(t):
    return pyt.from_numpy(t.detach().numpy().copy())


def to_np(p):
    return p.detach().numpy()


def make_pair(seed=0, shapes=((4, 3), (4,), (2, 4))):
    """Same initial values as torch and pyt parameter lists."""
    g = torch.Generator().manual_seed(seed)
    tparams = [torch.randn(*s, generator=g).requires_grad_() for s in shapes]
    pparams = [nn.Parameter(to_pyt(t)) for t in tparams]
    return tparams, pparams


def clone_state_dict(sd):
    """A copy whose state tensors do not alias the optimizer's own (like deepcopy)."""
    return {
        "state": {
            k: {kk: vv.clone() if isinstance(vv, pyt.Tensor) else vv for kk, vv in v.items()}
            for k, v in sd["state"].items()
        },
        "param_groups": copy.deepcopy(sd["param_groups"]),
    }


def grads_for(step, shapes, seed=100):
    g = torch.Generator().manual_seed(seed + step)
    return [torch.randn(*s, generator=g) for s in shapes]


def run_both(topt_cls, popt_cls, kwargs, steps=5, shapes=((4, 3), (4,), (2, 4)), groups=None):
    tparams, pparams = make_pair(shapes=shapes)
    if groups is None:
        topt = topt_cls(tparams, **kwargs)
        popt = popt_cls(pparams, **kwargs)
    else:
        topt = topt_cls(
            [dict(params=[tparams[i] for i in idx], **extra) for idx, extra in groups], **kwargs
        )
        popt = popt_cls(
            [dict(params=[pparams[i] for i in idx], **extra) for idx, extra in groups], **kwargs
        )
    for s in range(steps):
        for tp, pp, g in zip(tparams, pparams, grads_for(s, shapes)):
            tp.grad = g.clone()
            pp.grad = to_pyt(g)
        topt.step()
        popt.step()
    for tp, pp in zip(tparams, pparams):
        np.testing.assert_allclose(to_np(pp), tp.detach().numpy(), rtol=1e-5, atol=1e-6)
    return topt, popt, tparams, pparams


SGD_CONFIGS = [
    dict(lr=0.1),
    dict(lr=0.1, momentum=0.9),
    dict(lr=0.05, momentum=0.9, dampening=0.3),
    dict(lr=0.05, momentum=0.9, nesterov=True),
    dict(lr=0.1, momentum=0.5, weight_decay=0.01),
    dict(lr=0.1, momentum=0.5, maximize=True),
    dict(lr=0.1, weight_decay=0.1, maximize=True),
]

ADAM_CONFIGS = [
    dict(lr=0.01),
    dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6),
    dict(lr=0.01, weight_decay=0.1),
    dict(lr=0.01, amsgrad=True),
    dict(lr=0.01, maximize=True),
    dict(lr=0.01, weight_decay=0.1, amsgrad=True, maximize=True),
]


@pytest.mark.parametrize("kwargs", SGD_CONFIGS, ids=str)
def test_sgd_matches_torch(kwargs):
    topt, popt, tparams, pparams = run_both(torch.optim.SGD, pyt.optim.SGD, kwargs)
    if kwargs.get("momentum", 0) != 0:
        for tp, pp in zip(tparams, pparams):
            np.testing.assert_allclose(
                to_np(popt.state[pp]["momentum_buffer"]),
                topt.state[tp]["momentum_buffer"].numpy(),
                rtol=1e-5,
                atol=1e-6,
            )
    else:
        assert len(popt.state) == 0


@pytest.mark.parametrize("kwargs", ADAM_CONFIGS, ids=str)
def test_adam_matches_torch(kwargs):
    topt, popt, tparams, pparams = run_both(torch.optim.Adam, pyt.optim.Adam, kwargs)
    for tp, pp in zip(tparams, pparams):
        ts, ps = topt.state[tp], popt.state[pp]
        assert sorted(ps.keys()) == sorted(ts.keys())
        assert ps["step"].dtype == pyt.float32 and ps["step"].dim() == 0
        assert float(ps["step"]) == float(ts["step"]) == 5.0
        for key in ts:
            if key != "step":
                np.testing.assert_allclose(to_np(ps[key]), ts[key].numpy(), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("kwargs", [dict(lr=0.01), dict(lr=0.01, weight_decay=0.1, amsgrad=True)],
                         ids=str)
def test_adamw_matches_torch(kwargs):
    run_both(torch.optim.AdamW, pyt.optim.AdamW, kwargs)
    assert pyt.optim.AdamW([nn.Parameter(pyt.zeros(1))]).defaults["weight_decay"] == 1e-2


def test_param_groups_with_own_hyperparameters():
    groups = [([0, 1], dict(lr=0.5)), ([2], dict(momentum=0.9))]
    topt, popt, _, _ = run_both(torch.optim.SGD, pyt.optim.SGD, dict(lr=0.1), groups=groups)
    assert [g["lr"] for g in popt.param_groups] == [0.5, 0.1]
    assert [g["momentum"] for g in popt.param_groups] == [0, 0.9]
    groups = [([0], dict(lr=0.1)), ([1, 2], dict(betas=(0.5, 0.9)))]
    run_both(torch.optim.Adam, pyt.optim.Adam, dict(lr=0.01), groups=groups)


def test_params_without_grad_are_skipped():
    p1, p2 = nn.Parameter(pyt.ones(2)), nn.Parameter(pyt.ones(2))
    opt = pyt.optim.Adam([p1, p2], lr=0.1)
    p1.grad = pyt.ones(2)
    opt.step()
    assert p2 not in opt.state or len(opt.state[p2]) == 0
    np.testing.assert_array_equal(to_np(p2), [1.0, 1.0])
    assert float(opt.state[p1]["step"]) == 1.0


def test_state_dict_layout_matches_torch():
    for tcls, pcls, kwargs in [
        (torch.optim.SGD, pyt.optim.SGD, dict(lr=0.1, momentum=0.9)),
        (torch.optim.Adam, pyt.optim.Adam, dict(lr=0.01, amsgrad=True)),
        (torch.optim.AdamW, pyt.optim.AdamW, dict(lr=0.01)),
    ]:
        groups = [([0, 1], dict(lr=0.5)), ([2], {})]
        topt, popt, _, _ = run_both(tcls, pcls, kwargs, steps=2, groups=groups)
        tsd, psd = topt.state_dict(), popt.state_dict()
        assert set(psd.keys()) == {"state", "param_groups"}
        assert psd["param_groups"] == tsd["param_groups"]
        assert sorted(psd["state"].keys()) == sorted(tsd["state"].keys()) == [0, 1, 2]
        for i in tsd["state"]:
            assert sorted(psd["state"][i].keys()) == sorted(tsd["state"][i].keys())


def test_load_state_dict_then_continue_matches_uninterrupted():
    shapes = ((3, 2), (3,))
    for cls, kwargs in [(pyt.optim.SGD, dict(lr=0.1, momentum=0.9)),
                        (pyt.optim.Adam, dict(lr=0.05, amsgrad=True))]:
        _, a = make_pair(shapes=shapes)
        _, b = make_pair(shapes=shapes)
        opt_a = cls(a, **kwargs)
        for s in range(3):
            for p, g in zip(a, grads_for(s, shapes)):
                p.grad = to_pyt(g)
            opt_a.step()
        # b gets a's values and a fresh optimizer loaded from a's state dict
        with pyt.no_grad():
            for pa, pb in zip(a, b):
                pb.copy_(pa)
        opt_b = cls(b, lr=123.0)
        opt_b.load_state_dict(clone_state_dict(opt_a.state_dict()))
        assert opt_b.param_groups[0]["lr"] == kwargs["lr"]
        assert opt_b.param_groups[0]["params"] == b
        for s in range(3, 5):
            for pa, pb, g in zip(a, b, grads_for(s, shapes)):
                pa.grad = to_pyt(g)
                pb.grad = to_pyt(g)
            opt_a.step()
            opt_b.step()
        for pa, pb in zip(a, b):
            np.testing.assert_allclose(to_np(pa), to_np(pb), rtol=1e-6)


def test_load_torch_optimizer_state_dict():
    tparams, pparams = make_pair()
    topt = torch.optim.Adam(tparams, lr=0.01)
    for s in range(2):
        for tp, g in zip(tparams, grads_for(s, [tuple(t.shape) for t in tparams])):
            tp.grad = g
        topt.step()
    tsd = topt.state_dict()
    psd = {
        "state": {
            k: {kk: to_pyt(vv) for kk, vv in v.items()} for k, v in tsd["state"].items()
        },
        "param_groups": tsd["param_groups"],
    }
    popt = pyt.optim.Adam(pparams, lr=0.01)
    popt.load_state_dict(psd)
    assert float(popt.state[pparams[0]]["step"]) == 2.0


def test_load_state_dict_errors():
    p = [nn.Parameter(pyt.ones(1)), nn.Parameter(pyt.ones(1))]
    opt = pyt.optim.SGD(p, lr=0.1)
    sd = opt.state_dict()
    other = pyt.optim.SGD([p[0]], lr=0.1)
    with pytest.raises(ValueError, match="doesn't match the size"):
        other.load_state_dict(sd)
    two = pyt.optim.SGD([{"params": [p[0]]}, {"params": [p[1]]}], lr=0.1)
    with pytest.raises(ValueError, match="different number of parameter groups"):
        two.load_state_dict(sd)


def test_zero_grad_and_closure():
    w = nn.Parameter(pyt.tensor([1.0, 2.0]))
    opt = pyt.optim.SGD([w], lr=0.1)
    w.grad = pyt.ones(2)
    opt.zero_grad(set_to_none=False)
    np.testing.assert_array_equal(to_np(w.grad), [0.0, 0.0])
    opt.zero_grad()
    assert w.grad is None

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    loss = opt.step(closure)
    assert float(loss) == 5.0
    np.testing.assert_allclose(to_np(w), [0.8, 1.6], rtol=1e-6)


def test_add_param_group_and_repr():
    a, b = nn.Parameter(pyt.ones(1)), nn.Parameter(pyt.ones(1))
    opt = pyt.optim.SGD([a], lr=0.1, momentum=0.9)
    opt.add_param_group({"params": b, "lr": 0.01})
    assert opt.param_groups[1]["momentum"] == 0.9 and opt.param_groups[1]["lr"] == 0.01
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [a]})
    ta, tb = torch.nn.Parameter(torch.ones(1)), torch.nn.Parameter(torch.ones(1))
    topt = torch.optim.SGD([ta], lr=0.1, momentum=0.9)
    topt.add_param_group({"params": tb, "lr": 0.01})
    assert repr(opt) == repr(topt)


@pytest.mark.parametrize(
    "factory,match",
    [
        (lambda p: pyt.optim.SGD(p, lr=-1), "Invalid learning rate: -1"),
        (lambda p: pyt.optim.SGD(p, momentum=-0.5), "Invalid momentum value: -0.5"),
        (lambda p: pyt.optim.SGD(p, weight_decay=-1), "Invalid weight_decay value: -1"),
        (lambda p: pyt.optim.SGD(p, nesterov=True), "Nesterov momentum requires"),
        (lambda p: pyt.optim.Adam(p, lr=-0.1), "Invalid learning rate: -0.1"),
        (lambda p: pyt.optim.Adam(p, eps=-1.0), "Invalid epsilon value"),
        (lambda p: pyt.optim.Adam(p, betas=(1.0, 0.9)), "Invalid beta parameter at index 0"),
        (lambda p: pyt.optim.Adam(p, betas=(0.9, -0.1)), "Invalid beta parameter at index 1"),
        (lambda p: pyt.optim.AdamW(p, weight_decay=-1.0), "Invalid weight_decay value"),
        (lambda p: pyt.optim.SGD([], lr=0.1), "empty parameter list"),
    ],
)
def test_validation_errors(factory, match):
    with pytest.raises(ValueError, match=match):
        factory([nn.Parameter(pyt.ones(1))])


def test_type_errors():
    with pytest.raises(TypeError, match="iterable of Tensors or dicts"):
        pyt.optim.SGD(nn.Parameter(pyt.ones(1)), lr=0.1)
    with pytest.raises(TypeError, match="ordered collections"):
        pyt.optim.SGD([{"params": {nn.Parameter(pyt.ones(1))}}], lr=0.1)
    with pytest.raises(TypeError, match="can only optimize Tensors"):
        pyt.optim.SGD([1.0], lr=0.1)
    x = pyt.ones(2, requires_grad=True)
    with pytest.raises(ValueError, match="non-leaf"):
        pyt.optim.SGD([x * 2], lr=0.1)


def test_training_loop_reduces_loss():
    pyt.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1))
    x = pyt.randn(64, 3)
    y = (x * pyt.tensor([1.0, -2.0, 0.5])).sum(1, keepdim=True)
    opt = pyt.optim.Adam(model.parameters(), lr=0.01)
    losses = []
    for _ in range(50):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
    assert losses[-1] < 0.2 * losses[0]
