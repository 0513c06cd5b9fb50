"""pyt.optim.swa_utils differential against torch.optim.swa_utils: the same training program
run in both, averaged parameters/buffers, n_averaged, state_dict keys, update_bn's running
statistics and SWALR's learning-rate sequences compared."""

import math

import numpy as np
import pytest
import torch

import pyt
from pyt.optim import swa_utils as pswa
from torch.optim import swa_utils as tswa


def to_pyt(t):
    return pyt.from_numpy(t.detach().numpy().copy())


def make_models(seed=0):
    torch.manual_seed(seed)
    tm = torch.nn.Sequential(
        torch.nn.Linear(4, 6), torch.nn.BatchNorm1d(6), torch.nn.ReLU(), torch.nn.Linear(6, 3)
    )
    pm = pyt.nn.Sequential(
        pyt.nn.Linear(4, 6), pyt.nn.BatchNorm1d(6), pyt.nn.ReLU(), pyt.nn.Linear(6, 3)
    )
    pm.load_state_dict({k: to_pyt(v) for k, v in tm.state_dict().items()})
    return tm, pm


def data(steps=6, seed=1):
    g = torch.Generator().manual_seed(seed)
    return [(torch.randn(8, 4, generator=g), torch.randn(8, 3, generator=g)) for _ in range(steps)]


def assert_close(p, t, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(p.detach().numpy(), t.detach().numpy(), rtol=rtol, atol=atol)


def train_both(make_avg, steps=6):
    tm, pm = make_models()
    tavg, pavg = make_avg(tswa, tm), make_avg(pswa, pm)
    topt = torch.optim.SGD(tm.parameters(), lr=0.1, momentum=0.9)
    popt = pyt.optim.SGD(pm.parameters(), lr=0.1, momentum=0.9)
    for x, y in data(steps):
        for m, opt, fw, xx, yy, avg in (
            (tm, topt, torch, x, y, tavg),
            (pm, popt, pyt, to_pyt(x), to_pyt(y), pavg),
        ):
            opt.zero_grad()
            loss = ((m(xx) - yy) ** 2).mean()
            loss.backward()
            opt.step()
            avg.update_parameters(m)
    return tm, pm, tavg, pavg


def compare_avg(tavg, pavg):
    tsd, psd = tavg.state_dict(), pavg.state_dict()
    assert list(psd) == list(tsd)
    for k in tsd:
        assert str(psd[k].dtype).split(".")[-1] == str(tsd[k].dtype).split(".")[-1], k
        assert_close(psd[k], tsd[k])
    assert int(pavg.n_averaged) == int(tavg.n_averaged)


AVERAGERS = {
    "swa_default": lambda m, model: m.AveragedModel(model),
    "swa_avg_fn": lambda m, model: m.AveragedModel(model, avg_fn=m.get_swa_avg_fn()),
    "swa_multi": lambda m, model: m.AveragedModel(model, multi_avg_fn=m.get_swa_multi_avg_fn()),
    "ema_avg_fn": lambda m, model: m.AveragedModel(model, avg_fn=m.get_ema_avg_fn(0.9)),
    "ema_multi": lambda m, model: m.AveragedModel(
        model, multi_avg_fn=m.get_ema_multi_avg_fn(0.8)
    ),
    "ema_buffers": lambda m, model: m.AveragedModel(
        model, multi_avg_fn=m.get_ema_multi_avg_fn(0.7), use_buffers=True
    ),
    "swa_buffers": lambda m, model: m.AveragedModel(model, use_buffers=True),
}


@pytest.mark.parametrize("name", list(AVERAGERS))
def test_averaged_model(name):
    tm, pm, tavg, pavg = train_both(AVERAGERS[name])
    compare_avg(tavg, pavg)
    x = torch.randn(5, 4)
    tavg.eval()
    pavg.eval()
    assert_close(pavg(to_pyt(x)), tavg(x))


def test_averaged_model_copies_and_counts():
    tm, pm = make_models()
    avg = pswa.AveragedModel(pm)
    assert avg.module is not pm
    assert int(avg.n_averaged) == 0 and avg.n_averaged.dtype == pyt.int64
    assert "n_averaged" in avg.state_dict()
    with pytest.raises(AssertionError, match="Only one of avg_fn and multi_avg_fn"):
        pswa.AveragedModel(pm, avg_fn=pswa.get_swa_avg_fn(), multi_avg_fn=pswa.get_swa_multi_avg_fn())
    for fn in (pswa.get_ema_avg_fn, pswa.get_ema_multi_avg_fn):
        with pytest.raises(ValueError) as pe:
            fn(1.5)
        with pytest.raises(ValueError) as te:
            getattr(tswa, fn.__name__)(1.5)
        assert str(pe.value) == str(te.value)


def test_integer_buffers_averaged():
    # num_batches_tracked (int64) is averaged with use_buffers=True, as torch
    tm, pm, tavg, pavg = train_both(AVERAGERS["swa_buffers"], steps=3)
    key = "module.1.num_batches_tracked"
    assert int(pavg.state_dict()[key]) == int(tavg.state_dict()[key])


def test_multi_avg_fns_direct():
    g = torch.Generator().manual_seed(3)
    ta = [torch.randn(3, 2, generator=g), torch.randn(4, generator=g)]
    tb = [torch.randn(3, 2, generator=g), torch.randn(4, generator=g)]
    pa, pb = [to_pyt(t) for t in ta], [to_pyt(t) for t in tb]
    for n in (1, 2, torch.tensor(3)):
        pn = to_pyt(n) if isinstance(n, torch.Tensor) else n
        tswa.get_swa_multi_avg_fn()(ta, tb, n)
        pswa.get_swa_multi_avg_fn()(pa, pb, pn)
        for p, t in zip(pa, ta):
            assert_close(p, t, rtol=1e-6, atol=1e-7)
    # integer tensors: torch refuses both a float alpha and an integer addcdiv
    for n in (2, "tensor"):
        outcomes = []
        for fw, swa in ((torch, tswa), (pyt, pswa)):
            lst = [fw.tensor([10, 20, 30])]
            nn_ = fw.tensor(2) if n == "tensor" else n
            try:
                swa.get_swa_multi_avg_fn()(lst, [fw.tensor([1, 2, 3])], nn_)
                outcomes.append(lst[0].tolist())
            except RuntimeError:
                outcomes.append("RuntimeError")
        assert outcomes[0] == outcomes[1], (n, outcomes)


def test_update_bn():
    tm, pm = make_models()
    tm[1].running_mean.fill_(5.0)
    pm[1].running_mean.fill_(5.0)
    batches = [x for x, _ in data(4, seed=9)]
    tm.eval()
    pm.eval()
    tswa.update_bn([(x, 0) for x in batches], tm)
    pswa.update_bn([(to_pyt(x), 0) for x in batches], pm)
    assert not pm.training and not tm.training
    assert pm[1].momentum == tm[1].momentum == 0.1
    for k in ("running_mean", "running_var", "num_batches_tracked"):
        assert_close(getattr(pm[1], k), getattr(tm[1], k))
    # a model without batch norm is left alone; plain tensors as batches work
    lin = pyt.nn.Linear(2, 2)
    pswa.update_bn([pyt.ones(1, 2)], lin)


def test_update_bn_averaged_model():
    tm, pm, tavg, pavg = train_both(AVERAGERS["swa_default"])
    batches = [x for x, _ in data(3, seed=4)]
    tswa.update_bn(batches, tavg)
    pswa.update_bn([to_pyt(x) for x in batches], pavg)
    compare_avg(tavg, pavg)


def lr_sequences(kwargs, lrs=(0.5, 0.1), steps=14, sched_first=None):
    seqs = []
    for fw, swa in ((torch, tswa), (pyt, pswa)):
        params = [fw.zeros(2, requires_grad=True), fw.zeros(1, requires_grad=True)]
        opt = fw.optim.SGD([{"params": [params[0]], "lr": lrs[0]}, {"params": [params[1]], "lr": lrs[1]}])
        if sched_first is not None:
            pre = fw.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
        sched = swa.SWALR(opt, **kwargs)
        seq = [[g["lr"] for g in opt.param_groups]]
        for _ in range(steps):
            opt.step()
            if sched_first is not None:
                pre.step()
            sched.step()
            seq.append(list(sched.get_last_lr()))
            seq.append([g["lr"] for g in opt.param_groups])
        seqs.append((seq, [g["swa_lr"] for g in opt.param_groups], sched.state_dict()))
    return seqs


@pytest.mark.parametrize(
    "kwargs",
    [
        {"swa_lr": 0.05},
        {"swa_lr": [0.05, 0.2], "anneal_epochs": 3, "anneal_strategy": "linear"},
        {"swa_lr": 0.01, "anneal_epochs": 0},
        {"swa_lr": 0.3, "anneal_epochs": 5, "anneal_strategy": "cos"},
        {"swa_lr": 0.3, "anneal_epochs": 1, "anneal_strategy": "linear"},
    ],
)
def test_swalr_sequence(kwargs):
    (tseq, tswalr, tsd), (pseq, pswalr, psd) = lr_sequences(kwargs)
    assert pseq == tseq
    assert pswalr == tswalr
    assert sorted(psd) == sorted(tsd)
    assert {k: v for k, v in psd.items() if k != "_last_lr"} == {
        k: v for k, v in tsd.items() if k != "_last_lr"
    }


def test_swalr_state_dict_roundtrip():
    opt = pyt.optim.SGD([pyt.zeros(1, requires_grad=True)], lr=0.5)
    s = pswa.SWALR(opt, swa_lr=0.1, anneal_epochs=4, anneal_strategy="linear")
    for _ in range(2):
        opt.step()
        s.step()
    sd = s.state_dict()
    assert "optimizer" not in sd and "anneal_func" not in sd
    s2 = pswa.SWALR(opt, swa_lr=0.1, anneal_epochs=4, anneal_strategy="cos")
    s2.load_state_dict(sd)
    assert s2.anneal_func(0.5) == 0.5
    assert s2.anneal_epochs == 4


@pytest.mark.parametrize(
    "kwargs",
    [
        {"swa_lr": 0.1, "anneal_strategy": "exp"},
        {"swa_lr": 0.1, "anneal_epochs": -1},
        {"swa_lr": 0.1, "anneal_epochs": 1.5},
        {"swa_lr": [0.1, 0.2, 0.3]},
    ],
)
def test_swalr_errors(kwargs):
    msgs = []
    for fw, swa in ((torch, tswa), (pyt, pswa)):
        opt = fw.optim.SGD([fw.zeros(1, requires_grad=True)], lr=0.5)
        with pytest.raises(ValueError) as e:
            swa.SWALR(opt, **kwargs)
        msgs.append(str(e.value))
    assert msgs[0] == msgs[1]


def test_swalr_warns_outside_step():
    opt = pyt.optim.SGD([pyt.zeros(1, requires_grad=True)], lr=0.5)
    s = pswa.SWALR(opt, swa_lr=0.1)
    with pytest.warns(UserWarning, match="get_last_lr"):
        s.get_lr()
    assert math.isclose(s.get_last_lr()[0], 0.5)
