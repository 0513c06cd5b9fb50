"""pyt.optim.lr_scheduler, differential against torch.optim.lr_scheduler.

Each row of SCHEDULES builds the same scheduler (same arguments) on a pyt optimizer and on a
torch optimizer with the same param groups, replays the same calls (``opt.step();
sched.step()``, deprecated ``step(epoch)`` calls, metrics for ReduceLROnPlateau) and compares
``get_last_lr()``, the groups' ``lr`` and the cycled momentum after every call. The values are
Python floats computed by the same operations in the same order, so they must be equal; the
comparison allows 1e-12 relative only where a row says so (none needs it today).
"""

import copy
import math
import warnings

import pyt
import pyt.nn as nn
import pytest
import torch
from pyt.optim import lr_scheduler as P

T = torch.optim.lr_scheduler

GROUP_LRS = (0.1, 0.02)


def make_opts(kind, lrs=GROUP_LRS):
    """(pyt optimizer, torch optimizer) with one param group per lr."""
    pparams = [nn.Parameter(pyt.zeros(2)) for _ in lrs]
    tparams = [torch.zeros(2, requires_grad=True) for _ in lrs]
    if kind == "sgd":
        popt = pyt.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(pparams, lrs)],
                             lr=0.1, momentum=0.9)
        topt = torch.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(tparams, lrs)],
                               lr=0.1, momentum=0.9)
    elif kind == "sgd0":  # no momentum in defaults' value, but the key exists
        popt = pyt.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(pparams, lrs)], lr=0.1)
        topt = torch.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(tparams, lrs)], lr=0.1)
    elif kind == "adam":
        popt = pyt.optim.Adam([{"params": [p], "lr": lr} for p, lr in zip(pparams, lrs)])
        topt = torch.optim.Adam([{"params": [p], "lr": lr} for p, lr in zip(tparams, lrs)])
    else:
        raise AssertionError(kind)
    return popt, topt


def snapshot(sched, opt):
    """Everything a scheduler sets, as plain Python values."""
    groups = opt.param_groups
    out = {"last_lr": [float(x) for x in sched.get_last_lr()],
           "lr": [float(g["lr"]) for g in groups]}
    if "momentum" in groups[0]:
        out["momentum"] = [g["momentum"] for g in groups]
    if "betas" in groups[0]:
        out["betas"] = [tuple(float(b) for b in g["betas"]) for g in groups]
    return out


def assert_same(ps, ts, rel=0.0, where=""):
    assert ps.keys() == ts.keys(), where
    for key in ts:
        for a, b in zip(ps[key], ts[key]):
            if rel == 0.0:
                assert a == b, f"{where} {key}: pyt {ps[key]} != torch {ts[key]}"
            else:
                assert a == pytest.approx(b, rel=rel, abs=1e-300), f"{where} {key}"


def replay(sched, opt, calls):
    """Run calls: None -> opt.step(); sched.step(); ("epoch", e) -> sched.step(e);
    ("metric", m) -> sched.step(m). Returns the snapshot after each call."""
    out = [snapshot(sched, opt)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        for c in calls:
            if c is None:
                opt.step()
                sched.step()
            elif c[0] == "epoch":
                opt.step()
                sched.step(c[1])
            else:
                sched.step(c[1])
            out.append(snapshot(sched, opt))
    return out


def steps(n):
    return [None] * n


class Scale:
    """A callable object (its __dict__ goes into state_dict, unlike a lambda's)."""

    def __init__(self, base):
        self.base = base

    def __call__(self, epoch):
        return self.base**epoch


# (id, optimizer kind, factory(M, opt) -> scheduler, calls, rel tolerance)
SCHEDULES = [
    ("StepLR", "sgd", lambda M, o: M.StepLR(o, step_size=3), steps(12), 0),
    ("StepLR-gamma", "adam", lambda M, o: M.StepLR(o, step_size=2, gamma=0.7), steps(9), 0),
    ("MultiStepLR", "sgd", lambda M, o: M.MultiStepLR(o, milestones=[2, 5, 5, 8]), steps(11), 0),
    ("MultiStepLR-gamma", "adam", lambda M, o: M.MultiStepLR(o, [1, 3], gamma=0.5), steps(6), 0),
    ("ExponentialLR", "sgd", lambda M, o: M.ExponentialLR(o, gamma=0.9), steps(15), 0),
    ("LinearLR", "sgd", lambda M, o: M.LinearLR(o), steps(8), 0),
    ("LinearLR-down", "adam",
     lambda M, o: M.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=7), steps(10), 0),
    ("LinearLR-up", "sgd",
     lambda M, o: M.LinearLR(o, start_factor=0.05, end_factor=0.9, total_iters=4), steps(6), 0),
    ("ConstantLR", "sgd", lambda M, o: M.ConstantLR(o), steps(8), 0),
    ("ConstantLR-half", "adam", lambda M, o: M.ConstantLR(o, factor=0.5, total_iters=3),
     steps(5), 0),
    ("CosineAnnealingLR", "sgd", lambda M, o: M.CosineAnnealingLR(o, T_max=10), steps(35), 0),
    ("CosineAnnealingLR-eta", "adam",
     lambda M, o: M.CosineAnnealingLR(o, T_max=7, eta_min=1e-3), steps(30), 0),
    ("CosineAnnealingLR-T1", "sgd", lambda M, o: M.CosineAnnealingLR(o, T_max=1), steps(6), 0),
    ("CosineAnnealingWarmRestarts", "sgd",
     lambda M, o: M.CosineAnnealingWarmRestarts(o, T_0=5), steps(17), 0),
    ("CosineAnnealingWarmRestarts-mult", "adam",
     lambda M, o: M.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001), steps(25), 0),
    ("CosineAnnealingWarmRestarts-frac", "sgd",
     lambda M, o: M.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=3),
     [("epoch", e / 4) for e in range(40)] + [None, None, ("epoch", 3), None], 0),
    ("OneCycleLR", "sgd", lambda M, o: M.OneCycleLR(o, max_lr=0.5, total_steps=20), steps(20), 0),
    ("OneCycleLR-linear", "sgd",
     lambda M, o: M.OneCycleLR(o, max_lr=[0.5, 0.2], epochs=3, steps_per_epoch=5,
                               anneal_strategy="linear"), steps(15), 0),
    ("OneCycleLR-three-phase", "adam",
     lambda M, o: M.OneCycleLR(o, max_lr=0.01, total_steps=25, three_phase=True,
                               pct_start=0.25), steps(25), 0),
    ("OneCycleLR-no-momentum", "sgd",
     lambda M, o: M.OneCycleLR(o, max_lr=1.0, total_steps=10, cycle_momentum=False,
                               div_factor=10.0, final_div_factor=100.0), steps(10), 0),
    ("OneCycleLR-momenta", "sgd",
     lambda M, o: M.OneCycleLR(o, max_lr=0.3, total_steps=12, base_momentum=[0.8, 0.7],
                               max_momentum=(0.99, 0.9)), steps(12), 0),
    ("CyclicLR", "sgd", lambda M, o: M.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4),
     steps(20), 0),
    ("CyclicLR-triangular2", "sgd",
     lambda M, o: M.CyclicLR(o, base_lr=[0.01, 0.001], max_lr=[0.1, 0.05], step_size_up=3,
                             step_size_down=5, mode="triangular2"), steps(30), 0),
    ("CyclicLR-exp_range", "adam",
     lambda M, o: M.CyclicLR(o, base_lr=0.001, max_lr=0.01, step_size_up=2, mode="exp_range",
                             gamma=0.9, base_momentum=0.85, max_momentum=0.95), steps(20), 0),
    ("CyclicLR-no-momentum", "sgd0",
     lambda M, o: M.CyclicLR(o, 0.01, 0.1, step_size_up=5, cycle_momentum=False), steps(12), 0),
    ("CyclicLR-scale_fn", "sgd",
     lambda M, o: M.CyclicLR(o, 0.01, 0.1, step_size_up=2, scale_fn=lambda x: 1.0 / (x + 1),
                             scale_mode="iterations"), steps(10), 0),
    ("LambdaLR", "sgd", lambda M, o: M.LambdaLR(o, lr_lambda=lambda e: 0.95**e), steps(10), 0),
    ("LambdaLR-list", "adam",
     lambda M, o: M.LambdaLR(o, lr_lambda=[lambda e: e // 3, Scale(0.9)]), steps(10), 0),
    ("MultiplicativeLR", "sgd", lambda M, o: M.MultiplicativeLR(o, lr_lambda=lambda e: 0.95),
     steps(10), 0),
    ("MultiplicativeLR-list", "sgd",
     lambda M, o: M.MultiplicativeLR(o, lr_lambda=(lambda e: 0.9, lambda e: 1.0 + 0.01 * e)),
     steps(8), 0),
    ("PolynomialLR", "sgd", lambda M, o: M.PolynomialLR(o), steps(8), 0),
    ("PolynomialLR-power", "adam", lambda M, o: M.PolynomialLR(o, total_iters=6, power=2.0),
     steps(9), 0),
    ("SequentialLR", "sgd",
     lambda M, o: M.SequentialLR(o, [M.ConstantLR(o, factor=0.1, total_iters=2),
                                     M.ExponentialLR(o, gamma=0.9)], milestones=[2]),
     steps(8), 0),
    ("SequentialLR-three", "adam",
     lambda M, o: M.SequentialLR(o, [M.LinearLR(o, start_factor=0.1, total_iters=3),
                                     M.CosineAnnealingLR(o, T_max=4),
                                     M.StepLR(o, step_size=2)], milestones=[3, 7]),
     steps(14), 0),
    ("ChainedScheduler", "sgd",
     lambda M, o: M.ChainedScheduler([M.ConstantLR(o, factor=0.1, total_iters=2),
                                      M.ExponentialLR(o, gamma=0.9)], optimizer=o), steps(8), 0),
    ("ChainedScheduler-default-opt", "adam",
     lambda M, o: M.ChainedScheduler([M.MultiStepLR(o, [2, 4]),
                                      M.CosineAnnealingLR(o, T_max=5)]), steps(10), 0),
    # Deprecated step(epoch): the closed forms.
    ("StepLR-epoch", "sgd", lambda M, o: M.StepLR(o, step_size=2),
     [("epoch", e) for e in (1, 2, 3, 7, 4)] + steps(3), 0),
    ("MultiStepLR-epoch", "sgd", lambda M, o: M.MultiStepLR(o, [2, 4, 4]),
     [("epoch", e) for e in (3, 5, 1)] + steps(3), 0),
    ("ExponentialLR-epoch", "adam", lambda M, o: M.ExponentialLR(o, gamma=0.8),
     [("epoch", e) for e in (4, 2)] + steps(2), 0),
    ("LinearLR-epoch", "sgd", lambda M, o: M.LinearLR(o, total_iters=4),
     [("epoch", e) for e in (2, 6, 1)], 0),
    ("ConstantLR-epoch", "sgd", lambda M, o: M.ConstantLR(o), [("epoch", e) for e in (3, 5, 9)],
     0),
    ("PolynomialLR-epoch", "sgd", lambda M, o: M.PolynomialLR(o, power=0.5),
     [("epoch", e) for e in (2, 3, 9)], 0),
    ("CosineAnnealingLR-epoch", "sgd", lambda M, o: M.CosineAnnealingLR(o, T_max=6),
     [("epoch", e) for e in (3, 1, 8)] + steps(3), 0),
    ("LambdaLR-epoch", "sgd", lambda M, o: M.LambdaLR(o, lambda e: 1.0 / (e + 1)),
     [("epoch", 5)] + steps(2), 0),
    # ReduceLROnPlateau: metrics instead of steps.
    ("ReduceLROnPlateau", "sgd", lambda M, o: M.ReduceLROnPlateau(o, patience=2),
     [("metric", m) for m in (1.0, 0.9, 0.95, 0.91, 0.92, 0.93, 0.5, 0.6, 0.7, 0.8, 0.9)], 0),
    ("ReduceLROnPlateau-max-abs", "adam",
     lambda M, o: M.ReduceLROnPlateau(o, mode="max", factor=0.5, patience=1, threshold=0.1,
                                      threshold_mode="abs", cooldown=2, min_lr=[0.03, 0.0]),
     [("metric", m) for m in (1.0, 1.05, 1.2, 1.25, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)], 0),
    ("ReduceLROnPlateau-max-rel", "sgd",
     lambda M, o: M.ReduceLROnPlateau(o, mode="max", factor=0.2, patience=0, eps=0.01),
     [("metric", m) for m in (1.0, 0.9, 0.9, 0.9, 0.9, 2.0)], 0),
    ("ReduceLROnPlateau-min-abs", "sgd",
     lambda M, o: M.ReduceLROnPlateau(o, threshold=0.05, threshold_mode="abs", patience=0,
                                      min_lr=0.005),
     [("metric", m) for m in (1.0, 0.97, 0.9, 0.89, 0.88, 0.87)], 0),
    ("ReduceLROnPlateau-tensor-metric", "sgd", lambda M, o: M.ReduceLROnPlateau(o, patience=0),
     [("metric", 1.0), ("metric", 2.0), ("metric", 3.0)], 0),
]


def _mk(kind, factory):
    popt, topt = make_opts(kind)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return factory(P, popt), popt, factory(T, topt), topt


@pytest.mark.parametrize("row", SCHEDULES, ids=[r[0] for r in SCHEDULES])
def test_schedule_matches_torch(row):
    name, kind, factory, calls, rel = row
    psched, popt, tsched, topt = _mk(kind, factory)
    pout = replay(psched, popt, calls)
    tout = replay(tsched, topt, calls)
    for i, (ps, ts) in enumerate(zip(pout, tout)):
        assert_same(ps, ts, rel, where=f"{name} call {i}")
    assert getattr(psched, "last_epoch", None) == getattr(tsched, "last_epoch", None)
    if hasattr(tsched, "base_lrs"):
        assert psched.base_lrs == tsched.base_lrs
    for pg, tg in zip(popt.param_groups, topt.param_groups):
        for key in ("initial_lr", "max_lr", "min_lr", "max_momentum", "base_momentum"):
            assert pg.get(key) == tg.get(key), key


@pytest.mark.parametrize("row", SCHEDULES, ids=[r[0] for r in SCHEDULES])
def test_state_dict_round_trip(row):
    """Save after half the calls, load into a fresh optimizer + scheduler, finish: the values
    are those of torch's uninterrupted run, and the state_dict has torch's keys."""
    name, kind, factory, calls, rel = row
    half = len(calls) // 2
    psched, popt, tsched, topt = _mk(kind, factory)
    tout = replay(tsched, topt, calls)
    replay(psched, popt, calls[:half])

    psd, tsd = psched.state_dict(), tsched.state_dict()
    assert "optimizer" not in psd
    assert set(psd) == set(tsd) - {"_scale_fn_ref"}
    saved_opt = copy.deepcopy(popt.state_dict())
    saved = copy.deepcopy(psd)

    psched2, popt2, _, _ = _mk(kind, factory)
    popt2.load_state_dict(saved_opt)
    psched2.load_state_dict(saved)
    assert saved == psd  # load_state_dict leaves the dict as it was
    pout = replay(psched2, popt2, calls[half:])
    for i, (ps, ts) in enumerate(zip(pout, tout[half:])):
        assert_same(ps, ts, rel, where=f"{name} resumed call {half + i}")


@pytest.mark.parametrize("name", ["StepLR", "CosineAnnealingLR", "OneCycleLR", "CyclicLR",
                                  "ReduceLROnPlateau-max-abs", "SequentialLR"])
def test_load_torch_state_dict(name):
    """A torch scheduler's state_dict (plain Python values) loads into the pyt scheduler."""
    row = next(r for r in SCHEDULES if r[0] == name)
    _, kind, factory, calls, rel = row
    psched, popt, tsched, topt = _mk(kind, factory)
    replay(tsched, topt, calls[:3])
    tsd = copy.deepcopy(tsched.state_dict())
    tsd.pop("_scale_fn_ref", None)
    psched.load_state_dict(tsd)
    for pg, tg in zip(popt.param_groups, topt.param_groups):
        pg["lr"] = tg["lr"]
        for key in ("momentum", "betas"):
            if key in tg:
                pg[key] = tg[key]
    pout, tout = replay(psched, popt, calls[3:]), replay(tsched, topt, calls[3:])
    for ps, ts in zip(pout, tout):
        assert_same(ps, ts, rel, where=name)


def test_lambda_state_dict_saves_callable_objects_only():
    popt, _ = make_opts("sgd")
    obj = Scale(0.9)
    sched = P.LambdaLR(popt, lr_lambda=[lambda e: 1.0, obj])
    sd = sched.state_dict()
    assert sd["lr_lambdas"] == [None, {"base": 0.9}]
    obj2 = Scale(0.5)
    popt2, _ = make_opts("sgd")
    sched2 = P.LambdaLR(popt2, lr_lambda=[lambda e: 1.0, obj2])
    sched2.load_state_dict(sd)
    assert obj2.base == 0.9


def test_cyclic_state_dict_drops_function_scale_fn():
    popt, topt = make_opts("sgd")
    p = P.CyclicLR(popt, 0.01, 0.1, scale_fn=lambda x: 1.0)
    t = T.CyclicLR(topt, 0.01, 0.1, scale_fn=lambda x: 1.0)
    assert p.state_dict()["_scale_fn_custom"] is None is t.state_dict()["_scale_fn_custom"]
    popt, _ = make_opts("sgd")
    obj = Scale(0.5)
    p = P.CyclicLR(popt, 0.01, 0.1, scale_fn=obj)
    assert p.state_dict()["_scale_fn_custom"] == {"base": 0.5}


def test_initial_lr_and_base_lrs():
    popt, topt = make_opts("sgd")
    p, t = P.StepLR(popt, 2), T.StepLR(topt, 2)
    assert [g["initial_lr"] for g in popt.param_groups] == list(GROUP_LRS)
    assert p.base_lrs == t.base_lrs == list(GROUP_LRS)
    assert p.last_epoch == t.last_epoch == 0 and p._step_count == t._step_count == 1
    # a second scheduler keeps the first initial_lr (setdefault), as torch
    popt.param_groups[0]["lr"] = 0.5
    p2 = P.ExponentialLR(popt, 0.5)
    assert p2.base_lrs[0] == 0.1
    assert p2.get_last_lr()[0] == 0.5


def test_resume_with_last_epoch():
    popt, topt = make_opts("sgd")
    for o in (popt, topt):
        for g in o.param_groups:
            g["initial_lr"] = 1.0
    p = P.CosineAnnealingLR(popt, T_max=10, last_epoch=3)
    t = T.CosineAnnealingLR(topt, T_max=10, last_epoch=3)
    assert_same(replay(p, popt, steps(5))[-1], replay(t, topt, steps(5))[-1])
    assert p.last_epoch == t.last_epoch == 9


def test_tensor_lr_filled_in_place():
    p = nn.Parameter(pyt.zeros(2))
    lr = pyt.tensor(0.1)
    opt = pyt.optim.SGD([p], lr=lr)
    sched = P.StepLR(opt, step_size=1, gamma=0.5)
    assert isinstance(opt.param_groups[0]["initial_lr"], pyt.Tensor)
    assert opt.param_groups[0]["initial_lr"] is not lr
    opt.step()
    sched.step()
    assert opt.param_groups[0]["lr"] is lr and float(lr) == pytest.approx(0.05)
    last = sched.get_last_lr()[0]
    assert isinstance(last, pyt.Tensor) and last is not lr


def test_warnings():
    popt, _ = make_opts("sgd")
    sched = P.StepLR(popt, 2)
    with pytest.warns(UserWarning, match="before `optimizer.step"):
        sched.step()
    with pytest.warns(UserWarning, match="get_last_lr"):
        sched.get_lr()
    with pytest.warns(UserWarning, match="epoch parameter"):
        sched.step(3)
    # optimizer.step replaced after construction
    popt, _ = make_opts("sgd")
    sched = P.StepLR(popt, 2)
    popt.step = lambda: None
    with pytest.warns(UserWarning, match="overridden"):
        sched.step()
    # the right order does not warn
    popt, _ = make_opts("sgd")
    sched = P.StepLR(popt, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        popt.step()
        sched.step()
    # step is wrapped once for several schedulers
    P.ExponentialLR(popt, 0.9)
    assert popt.step._wrapped_by_lr_sched
    assert popt._opt_called
    plateau = P.ReduceLROnPlateau(popt)
    with pytest.warns(UserWarning, match="epoch parameter"):
        plateau.step(1.0, epoch=4)
    assert plateau.last_epoch == 4


def test_reduce_lr_on_plateau_groups_added():
    popt, _ = make_opts("sgd")
    s = P.ReduceLROnPlateau(popt, patience=0, min_lr=[0.0, 0.0])
    popt.add_param_group({"params": [nn.Parameter(pyt.zeros(1))], "lr": 0.3})
    s.step(1.0)
    with pytest.raises(RuntimeError, match="number of param groups"):
        s.step(2.0)
    popt, _ = make_opts("sgd")
    s = P.ReduceLROnPlateau(popt, patience=0, min_lr=0.001)
    popt.add_param_group({"params": [nn.Parameter(pyt.zeros(1))], "lr": 0.3})
    s.step(1.0)
    s.step(2.0)
    assert [g["lr"] for g in popt.param_groups] == pytest.approx([0.01, 0.002, 0.03])
    assert s.step(pyt.tensor(0.5)) is None  # a 0-d tensor metric


def _bad(M, kind, build):
    popt = make_opts(kind)[0] if M is P else make_opts(kind)[1]
    return build(M, popt)


# (id, optimizer kind, build(M, opt), exception type, message fragment)
ERRORS = [
    ("not-an-optimizer", "sgd", lambda M, o: M.StepLR(object(), 2), TypeError,
     "is not an Optimizer"),
    ("resume-without-initial_lr", "sgd", lambda M, o: M.StepLR(o, 2, last_epoch=3), KeyError,
     "initial_lr"),
    ("lambda-list-length", "sgd", lambda M, o: M.LambdaLR(o, [lambda e: 1.0]), ValueError,
     "Expected 2 lr_lambdas"),
    ("multiplicative-list-length", "sgd",
     lambda M, o: M.MultiplicativeLR(o, [lambda e: 1.0] * 3), ValueError, "Expected 2"),
    ("multiplicative-not-callable", "sgd", lambda M, o: M.MultiplicativeLR(o, 0.9), TypeError,
     "lr_lambda should be a function"),
    ("constant-factor", "sgd", lambda M, o: M.ConstantLR(o, factor=1.5), ValueError,
     "between 0 and 1"),
    ("linear-start", "sgd", lambda M, o: M.LinearLR(o, start_factor=0), ValueError,
     "Starting multiplicative factor"),
    ("linear-end", "sgd", lambda M, o: M.LinearLR(o, end_factor=1.1), ValueError,
     "Ending multiplicative factor"),
    ("sequential-empty", "sgd", lambda M, o: M.SequentialLR(o, [], []), ValueError,
     "at least one scheduler"),
    ("sequential-milestones", "sgd",
     lambda M, o: M.SequentialLR(o, [M.StepLR(o, 2), M.StepLR(o, 3)], milestones=[]), ValueError,
     "number of milestone"),
    ("sequential-no-optimizer", "sgd", lambda M, o: M.SequentialLR(o, [object()], []),
     TypeError, "should have `optimizer`"),
    ("sequential-plateau", "sgd",
     lambda M, o: M.SequentialLR(o, [M.ReduceLROnPlateau(o)], []), ValueError,
     "does not support `ReduceLROnPlateau`"),
    ("sequential-other-optimizer", "sgd",
     lambda M, o: M.SequentialLR(o, [M.StepLR(o, 2), M.StepLR(_other(M), 2)], [2]), ValueError,
     "same optimizer"),
    ("chained-empty", "sgd", lambda M, o: M.ChainedScheduler([]), ValueError,
     "at least one scheduler"),
    ("chained-other-optimizer", "sgd",
     lambda M, o: M.ChainedScheduler([M.StepLR(o, 2), M.StepLR(_other(M), 2)]), ValueError,
     "same optimizer"),
    ("chained-plateau", "sgd", lambda M, o: M.ChainedScheduler([M.ReduceLROnPlateau(o)]),
     ValueError, "does not support"),
    ("plateau-factor", "sgd", lambda M, o: M.ReduceLROnPlateau(o, factor=1.0), ValueError,
     "Factor should be < 1.0"),
    ("plateau-not-optimizer", "sgd", lambda M, o: M.ReduceLROnPlateau(None), TypeError,
     "is not an Optimizer"),
    ("plateau-min-lrs", "sgd", lambda M, o: M.ReduceLROnPlateau(o, min_lr=[0.1]), ValueError,
     "expected 2 min_lrs, got 1"),
    ("plateau-mode", "sgd", lambda M, o: M.ReduceLROnPlateau(o, mode="avg"), ValueError,
     "mode avg is unknown"),
    ("plateau-threshold-mode", "sgd",
     lambda M, o: M.ReduceLROnPlateau(o, threshold_mode="x"), ValueError,
     "threshold mode x is unknown"),
    ("plateau-bad-metric", "sgd", lambda M, o: M.ReduceLROnPlateau(o).step("abc"), ValueError,
     "could not convert"),
    ("cyclic-not-optimizer", "sgd", lambda M, o: M.CyclicLR(1, 0.1, 1.0), TypeError,
     "is not an Optimizer"),
    ("cyclic-mode", "sgd", lambda M, o: M.CyclicLR(o, 0.01, 0.1, mode="sine"), ValueError,
     "mode is invalid"),
    ("cyclic-no-momentum", "sgd",
     lambda M, o: M.CyclicLR(_nomomentum(M), 0.01, 0.1), ValueError,
     "must support momentum or beta1"),
    ("cyclic-list-length", "sgd", lambda M, o: M.CyclicLR(o, [0.1], 0.2), ValueError,
     "base_lr must have the same length"),
    ("warm-T0", "sgd", lambda M, o: M.CosineAnnealingWarmRestarts(o, T_0=0), ValueError,
     "positive integer T_0"),
    ("warm-T0-float", "sgd", lambda M, o: M.CosineAnnealingWarmRestarts(o, T_0=2.0), ValueError,
     "positive integer T_0"),
    ("warm-Tmult", "sgd", lambda M, o: M.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=0),
     ValueError, "T_mult >= 1"),
    ("warm-eta", "sgd", lambda M, o: M.CosineAnnealingWarmRestarts(o, T_0=2, eta_min="0"),
     ValueError, "float or int eta_min"),
    ("warm-negative-epoch", "sgd", lambda M, o: M.CosineAnnealingWarmRestarts(o, 2).step(-1),
     ValueError, "non-negative epoch"),
    ("onecycle-not-optimizer", "sgd", lambda M, o: M.OneCycleLR([], 0.1, 10), TypeError,
     "is not an Optimizer"),
    ("onecycle-total", "sgd", lambda M, o: M.OneCycleLR(o, 0.1, total_steps=0), ValueError,
     "positive integer total_steps"),
    ("onecycle-epochs", "sgd", lambda M, o: M.OneCycleLR(o, 0.1, epochs=0, steps_per_epoch=2),
     ValueError, "positive integer epochs"),
    ("onecycle-steps-per-epoch", "sgd",
     lambda M, o: M.OneCycleLR(o, 0.1, epochs=2, steps_per_epoch=1.5), ValueError,
     "positive integer steps_per_epoch"),
    ("onecycle-nothing", "sgd", lambda M, o: M.OneCycleLR(o, 0.1), ValueError,
     "total_steps OR"),
    ("onecycle-pct", "sgd", lambda M, o: M.OneCycleLR(o, 0.1, 10, pct_start=1.5), ValueError,
     "pct_start"),
    ("onecycle-pct-int", "sgd", lambda M, o: M.OneCycleLR(o, 0.1, 10, pct_start=1), ValueError,
     "pct_start"),
    ("onecycle-anneal", "sgd", lambda M, o: M.OneCycleLR(o, 0.1, 10, anneal_strategy="exp"),
     ValueError, "anneal_strategy must be one of"),
    ("onecycle-no-momentum", "sgd", lambda M, o: M.OneCycleLR(_nomomentum(M), 0.1, 10),
     ValueError, "must support momentum"),
    ("onecycle-max-lr-list", "sgd", lambda M, o: M.OneCycleLR(o, [0.1, 0.2, 0.3], 10),
     ValueError, "max_lr must have the same length"),
    ("onecycle-too-many-steps", "sgd", lambda M, o: _overstep(M.OneCycleLR(o, 0.1, 3), o, 4),
     ValueError, "Tried to step 4 times"),
    ("base-get-lr", "sgd", lambda M, o: M.LRScheduler(o), NotImplementedError, ""),
]


def _nomomentum(M):
    """An optimizer whose defaults have neither momentum nor betas."""
    if M is P:

        class Opt(pyt.optim.Optimizer):
            def step(self, closure=None):
                return None

        return Opt([nn.Parameter(pyt.zeros(1))], {"lr": 0.1})

    class TOpt(torch.optim.Optimizer):
        def step(self, closure=None):
            return None

    return TOpt([torch.zeros(1, requires_grad=True)], {"lr": 0.1})


def _other(M):
    popt, topt = make_opts("sgd")
    return popt if M is P else topt


def _overstep(sched, opt, n):
    for _ in range(n):
        opt.step()
        sched.step()


@pytest.mark.parametrize("row", ERRORS, ids=[r[0] for r in ERRORS])
def test_errors_match_torch(row):
    _, kind, build, exc, match = row
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with pytest.raises(exc) as texc:
            _bad(T, kind, build)
        with pytest.raises(exc, match=match) as pexc:
            _bad(P, kind, build)
    assert type(pexc.value) is type(texc.value)
    if match and exc is not KeyError:
        assert match in str(texc.value)


def test_onecycle_unknown_anneal_type_in_loaded_state():
    popt, _ = make_opts("sgd")
    sched = P.OneCycleLR(popt, max_lr=0.1, total_steps=10)
    sched._anneal_func_type = "sine"
    popt.step()
    with pytest.raises(ValueError, match="Unknown _anneal_func_type: sine"):
        sched.step()


def test_module_layout():
    assert pyt.optim.lr_scheduler is P
    assert set(P.__all__) == set(T.__all__)
    for name in T.__all__:
        assert hasattr(P, name), name
    assert issubclass(P._LRScheduler, P.LRScheduler)
    assert math.isinf(P.ReduceLROnPlateau(make_opts("sgd")[0]).best)
