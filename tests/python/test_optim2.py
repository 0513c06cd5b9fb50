"""pyt.optim RMSprop, Adagrad, Adadelta, Adamax, NAdam, RAdam, LBFGS and optimizer hooks,
differential against torch: N steps from the same start, parameters and state compared."""

import inspect

import numpy as np
import pytest
import torch

import pyt
import pyt.nn as nn

SHAPES = ((4, 3), (4,), (2, 4), ())


def to_pyt(t):
    return pyt.from_numpy(t.detach().numpy().copy())


def make_params(dtype, seed=0):
    g = torch.Generator().manual_seed(seed)
    tparams = [torch.randn(s, generator=g, dtype=dtype).requires_grad_() for s in SHAPES]
    pparams = [nn.Parameter(to_pyt(t)) for t in tparams]
    return tparams, pparams


def run_both(name, kwargs, dtype=torch.float32, steps=12, groups=None):
    tparams, pparams = make_params(dtype)
    tcls, pcls = getattr(torch.optim, name), getattr(pyt.optim, name)
    if groups is None:
        topt, popt = tcls(tparams, **kwargs), pcls(pparams, **kwargs)
    else:
        topt = tcls([dict(params=[tparams[i] for i in ix], **ex) for ix, ex in groups], **kwargs)
        popt = pcls([dict(params=[pparams[i] for i in ix], **ex) for ix, ex in groups], **kwargs)
    g = torch.Generator().manual_seed(123)
    for _ in range(steps):
        for tp, pp in zip(tparams, pparams):
            gr = torch.randn(tp.shape, generator=g, dtype=dtype)
            tp.grad = gr.clone()
            pp.grad = to_pyt(gr)
        topt.step()
        popt.step()
    return topt, popt, tparams, pparams


def assert_same(topt, popt, tparams, pparams, dtype):
    rtol, atol = (2e-5, 1e-6) if dtype == torch.float32 else (1e-12, 1e-13)
    for tp, pp in zip(tparams, pparams):
        np.testing.assert_allclose(pp.detach().numpy(), tp.detach().numpy(), rtol=rtol, atol=atol)
        ts, ps = topt.state[tp], popt.state[pp]
        assert list(ps.keys()) == list(ts.keys())
        for k, tv in ts.items():
            pv = ps[k]
            assert isinstance(pv, pyt.Tensor), k
            assert str(pv.dtype).split(".")[-1] == str(tv.dtype).split(".")[-1], k
            assert tuple(pv.shape) == tuple(tv.shape), k
            np.testing.assert_allclose(pv.numpy(), tv.numpy(), rtol=rtol, atol=atol, err_msg=k)
    tsd, psd = topt.state_dict(), popt.state_dict()
    assert psd["param_groups"] == tsd["param_groups"]
    assert sorted(psd["state"]) == sorted(tsd["state"])


CONFIGS = [
    ("RMSprop", dict()),
    ("RMSprop", dict(lr=1e-2, alpha=0.9, eps=1e-6, weight_decay=0.1)),
    ("RMSprop", dict(lr=1e-2, momentum=0.9)),
    ("RMSprop", dict(lr=1e-2, centered=True)),
    ("RMSprop", dict(lr=1e-2, centered=True, momentum=0.5, weight_decay=0.1, maximize=True)),
    ("Adagrad", dict()),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1)),
    ("Adagrad", dict(lr=0.1, weight_decay=0.1, eps=1e-6, maximize=True)),
    ("Adadelta", dict()),
    ("Adadelta", dict(lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.1)),
    ("Adadelta", dict(maximize=True)),
    ("Adamax", dict()),
    ("Adamax", dict(lr=1e-2, betas=(0.8, 0.99), weight_decay=0.1)),
    ("Adamax", dict(maximize=True)),
    ("NAdam", dict()),
    ("NAdam", dict(lr=1e-2, momentum_decay=1e-2, weight_decay=0.1)),
    ("NAdam", dict(lr=1e-2, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("RAdam", dict()),
    ("RAdam", dict(lr=1e-2, betas=(0.5, 0.9), weight_decay=0.1)),
    ("RAdam", dict(lr=1e-2, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["f32", "f64"])
@pytest.mark.parametrize("name,kwargs", CONFIGS, ids=[f"{n}-{k}" for n, k in CONFIGS])
def test_matches_torch(name, kwargs, dtype):
    # RAdam switches to its rectified update after step 5: 12 steps cover both branches.
    topt, popt, tparams, pparams = run_both(name, kwargs, dtype)
    assert_same(topt, popt, tparams, pparams, dtype)


@pytest.mark.parametrize("name", sorted({n for n, _ in CONFIGS}))
def test_signature_and_defaults_match_torch(name):
    tsig = inspect.signature(getattr(torch.optim, name).__init__)
    psig = inspect.signature(getattr(pyt.optim, name).__init__)
    assert list(psig.parameters) == list(tsig.parameters)
    for k, tp in tsig.parameters.items():
        assert psig.parameters[k].kind == tp.kind, k
        assert psig.parameters[k].default == tp.default, k
    topt = getattr(torch.optim, name)([torch.zeros(2, requires_grad=True)])
    popt = getattr(pyt.optim, name)([nn.Parameter(pyt.zeros(2))])
    assert popt.defaults == topt.defaults


@pytest.mark.parametrize("name", ["RMSprop", "Adagrad", "NAdam", "RAdam"])
def test_param_groups_state_dict_round_trip_and_continue(name):
    groups = [([0, 1], dict(lr=0.05)), ([2, 3], {})]
    topt, popt, tparams, pparams = run_both(name, {}, steps=3, groups=groups)
    # a fresh pyt optimizer loading pyt's state and one loading torch's both continue as torch
    psd = popt.state_dict()
    tsd = topt.state_dict()
    fresh = [nn.Parameter(p.detach().clone()) for p in pparams]
    fresh2 = [nn.Parameter(p.detach().clone()) for p in pparams]
    mk = lambda ps: getattr(pyt.optim, name)(  # noqa: E731
        [dict(params=[ps[i] for i in ix], **ex) for ix, ex in groups])
    o1, o2 = mk(fresh), mk(fresh2)
    o1.load_state_dict(psd)
    o2.load_state_dict({"state": {k: {kk: to_pyt(vv) for kk, vv in v.items()}
                                  for k, v in tsd["state"].items()},
                        "param_groups": tsd["param_groups"]})
    g = torch.Generator().manual_seed(7)
    for _ in range(3):
        for tp, a, b in zip(tparams, fresh, fresh2):
            gr = torch.randn(tp.shape, generator=g)
            tp.grad = gr.clone()
            a.grad, b.grad = to_pyt(gr), to_pyt(gr)
        topt.step()
        o1.step()
        o2.step()
    for tp, a, b in zip(tparams, fresh, fresh2):
        np.testing.assert_allclose(a.detach().numpy(), tp.detach().numpy(), rtol=2e-5, atol=1e-6)
        np.testing.assert_allclose(b.detach().numpy(), tp.detach().numpy(), rtol=2e-5, atol=1e-6)


def test_non_contiguous_parameter_and_skipped_grads():
    base = pyt.randn(4, 6)
    w = nn.Parameter(base.t())  # non-contiguous leaf
    assert not w.is_contiguous()
    tw = torch.from_numpy(w.detach().numpy().copy()).requires_grad_()
    other, tother = nn.Parameter(pyt.ones(3)), torch.ones(3, requires_grad=True)
    popt = pyt.optim.RMSprop([w, other], lr=0.1, momentum=0.9, centered=True)
    topt = torch.optim.RMSprop([tw, tother], lr=0.1, momentum=0.9, centered=True)
    for s in range(3):
        gr = torch.randn(6, 4, generator=torch.Generator().manual_seed(s))
        tw.grad, w.grad = gr, to_pyt(gr)
        topt.step()
        popt.step()
    np.testing.assert_allclose(w.detach().numpy(), tw.detach().numpy(), rtol=1e-5, atol=1e-6)
    assert len(popt.state[other]) == 0 and other.detach().numpy().tolist() == [1.0, 1.0, 1.0]


def test_adagrad_creates_state_at_construction():
    p = nn.Parameter(pyt.zeros(3))
    opt = pyt.optim.Adagrad([p], initial_accumulator_value=0.5)
    assert opt.state[p]["sum"].numpy().tolist() == [0.5, 0.5, 0.5]
    assert float(opt.state[p]["step"]) == 0.0


@pytest.mark.parametrize("factory,match", [
    (lambda p: pyt.optim.RMSprop(p, lr=-1), "Invalid learning rate: -1"),
    (lambda p: pyt.optim.RMSprop(p, alpha=-1), "Invalid alpha value"),
    (lambda p: pyt.optim.RMSprop(p, momentum=-1), "Invalid momentum value"),
    (lambda p: pyt.optim.Adagrad(p, lr_decay=-1), "Invalid lr_decay value"),
    (lambda p: pyt.optim.Adagrad(p, initial_accumulator_value=-1), "initial_accumulator_value"),
    (lambda p: pyt.optim.Adadelta(p, rho=1.5), "Invalid rho value"),
    (lambda p: pyt.optim.Adamax(p, betas=(1.0, 0.9)), "Invalid beta parameter at index 0"),
    (lambda p: pyt.optim.NAdam(p, momentum_decay=-1), "Invalid momentum_decay value"),
    (lambda p: pyt.optim.RAdam(p, eps=-1), "Invalid epsilon value"),
    (lambda p: pyt.optim.RAdam(p, weight_decay=-1), "Invalid weight_decay value"),
    (lambda p: pyt.optim.LBFGS(p, lr=-1), "Invalid learning rate"),
])
def test_validation_errors(factory, match):
    with pytest.raises(ValueError, match=match):
        factory([nn.Parameter(pyt.zeros(2))])


def test_kernel_rejects_mismatched_state():
    p = nn.Parameter(pyt.zeros(3))
    p.grad = pyt.ones(3)
    opt = pyt.optim.Adamax([p])
    opt.step()
    opt.state[p]["exp_inf"] = pyt.zeros(4)
    with pytest.raises(RuntimeError, match=r"adamax_step: state 'exp_inf' of parameter 0"):
        opt.step()
    q = nn.Parameter(pyt.zeros(3))
    st = [pyt.zeros(3)]
    with pytest.raises(RuntimeError, match=r"radam_step: parameter 0 .* has a gradient of dtype"):
        pyt._C._radam_step([q], [pyt.ones(2)], st, st, [pyt.tensor(0.0)], 1e-3, 0.9, 0.999,
                           1e-8, 0.0, False, False)
    with pytest.raises(RuntimeError, match=r"radam_step: got 1 params and 0 grads"):
        pyt._C._radam_step([q], [], st, st, [pyt.tensor(0.0)], 1e-3, 0.9, 0.999, 1e-8, 0.0,
                           False, False)
    with pytest.raises(RuntimeError, match=r"state 'step' of parameter 0"):
        pyt._C._radam_step([q], [pyt.ones(3)], st, st, [pyt.zeros(2)], 1e-3, 0.9, 0.999, 1e-8,
                           0.0, False, False)


# ---- LBFGS -------------------------------------------------------------------------------


def lbfgs_problem(lib, x0, kind):
    x = lib.tensor(x0, dtype=lib.float64, requires_grad=True)
    if kind == "rosenbrock":  # with the line search: a hard, non-convex problem

        def f():
            return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2 + ((x[2:] - 0.5) ** 2).sum()

    else:  # fixed steps: a convex problem, where rounding differences are not amplified
        a = lib.tensor([[3.0, 1.0, 0.0, 0.5], [1.0, 2.0, 0.3, 0.0], [0.0, 0.3, 1.0, 0.2],
                        [0.5, 0.0, 0.2, 4.0]], dtype=lib.float64)

        def f():
            r = a @ x - 1.0
            return 0.5 * (r * r).sum() + 0.1 * (x ** 4).sum()

    return x, f


@pytest.mark.parametrize("kwargs,kind", [
    (dict(), "convex"),
    (dict(lr=0.5, max_iter=7, history_size=3), "convex"),
    (dict(line_search_fn="strong_wolfe"), "rosenbrock"),
    (dict(line_search_fn="strong_wolfe", history_size=2, max_iter=30, tolerance_change=1e-12),
     "rosenbrock"),
], ids=str)
def test_lbfgs_iterates_match_torch(kwargs, kind):
    x0 = [-1.2, 1.0, 0.1, 2.0]
    results = {}
    for lib in (torch, pyt):
        x, f = lbfgs_problem(lib, x0, kind)
        opt = lib.optim.LBFGS([x], **kwargs)
        evals, xs, losses = [0], [], []

        def closure():
            evals[0] += 1
            opt.zero_grad()
            loss = f()
            loss.backward()
            return loss

        for _ in range(4):
            losses.append(float(opt.step(closure).detach()))
            xs.append(x.detach().numpy().copy())
        st = opt.state[opt.param_groups[0]["params"][0]]
        results[lib.__name__] = (np.array(xs), losses, evals[0], st["n_iter"], st["func_evals"])
    (tx, tl, te, tn, tf), (px, pl, pe, pn, pf) = results["torch"], results["pyt"]
    # float64; dot products sum in a different order than torch's, and L-BFGS on Rosenbrock
    # amplifies that last-bit difference a little over dozens of iterations
    np.testing.assert_allclose(px, tx, rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(pl, tl, rtol=1e-7, atol=1e-12)
    assert (pe, pn, pf) == (te, tn, tf)


def test_lbfgs_fits_a_model_like_torch():
    rng = np.random.default_rng(0)
    xs = rng.standard_normal((32, 3)).astype(np.float32)
    ys = (xs @ np.array([[1.0], [-2.0], [0.5]], dtype=np.float32) + 0.3).astype(np.float32)
    out = {}
    for lib in (torch, pyt):
        lib.manual_seed(0)
        lin = lib.nn.Linear(3, 1)
        with lib.no_grad():
            lin.weight.copy_(lib.tensor([[0.1, 0.2, 0.3]]))
            lin.bias.zero_()
        opt = lib.optim.LBFGS(lin.parameters(), line_search_fn="strong_wolfe")
        X, Y = lib.tensor(xs), lib.tensor(ys)

        def closure():
            opt.zero_grad()
            loss = lib.nn.functional.mse_loss(lin(X), Y)
            loss.backward()
            return loss

        for _ in range(3):
            opt.step(closure)
        out[lib.__name__] = (lin.weight.detach().numpy().copy(), float(closure().detach()))
    np.testing.assert_allclose(out["pyt"][0], out["torch"][0], rtol=1e-4, atol=1e-5)
    assert out["pyt"][1] < 1e-8


def test_lbfgs_errors():
    a, b = nn.Parameter(pyt.zeros(1)), nn.Parameter(pyt.zeros(1))
    with pytest.raises(ValueError, match="doesn't support per-parameter options"):
        pyt.optim.LBFGS([{"params": [a]}, {"params": [b]}])
    opt = pyt.optim.LBFGS([a], line_search_fn="armijo")

    def closure():
        opt.zero_grad()
        loss = ((a - 1) ** 2).sum()
        loss.backward()
        return loss

    with pytest.raises(RuntimeError, match="only 'strong_wolfe' is supported"):
        opt.step(closure)


# ---- hooks -------------------------------------------------------------------------------


def test_step_hooks_order_args_and_removal():
    from pyt.optim.optimizer import (
        register_optimizer_step_post_hook,
        register_optimizer_step_pre_hook,
    )

    p = nn.Parameter(pyt.ones(2))
    opt = pyt.optim.SGD([p], lr=0.5)
    calls = []
    h1 = opt.register_step_pre_hook(lambda o, a, k: calls.append(("pre", o is opt, len(a))))
    h2 = opt.register_step_post_hook(lambda o, a, k: calls.append(("post", float(p[0]))))
    g1 = register_optimizer_step_pre_hook(lambda o, a, k: calls.append(("gpre",)))
    g2 = register_optimizer_step_post_hook(lambda o, a, k: calls.append(("gpost",)))
    try:
        p.grad = pyt.ones(2)
        opt.step()
    finally:
        g1.remove()
        g2.remove()
    assert calls == [("gpre",), ("pre", True, 1), ("post", 0.5), ("gpost",)]
    h1.remove()
    h2.remove()
    calls.clear()
    opt.step()
    assert calls == []


def test_step_pre_hook_replaces_arguments_and_bad_return():
    p = nn.Parameter(pyt.ones(1))
    p.grad = pyt.ones(1)
    opt = pyt.optim.Adam([p])
    seen = []
    opt.register_step_pre_hook(lambda o, a, k: (a, {"closure": lambda: seen.append(1) or 3.0}))
    assert opt.step() == 3.0 and seen == [1]
    opt2 = pyt.optim.NAdam([p])
    opt2.register_step_pre_hook(lambda o, a, k: 5)
    with pytest.raises(RuntimeError, match="must return None or a tuple"):
        opt2.step()


def test_state_dict_hooks():
    p = nn.Parameter(pyt.ones(1))
    p.grad = pyt.ones(1)
    opt = pyt.optim.RAdam([p])
    opt.step()
    log = []
    opt.register_state_dict_pre_hook(lambda o: log.append("sd_pre"))
    opt.register_state_dict_post_hook(lambda o, sd: {**sd, "extra": 1})
    opt.register_load_state_dict_pre_hook(
        lambda o, sd: log.append("load_pre") or {k: v for k, v in sd.items() if k != "extra"})
    opt.register_load_state_dict_post_hook(lambda o: log.append("load_post"))
    sd = opt.state_dict()
    assert sd["extra"] == 1
    opt.load_state_dict(sd)
    assert log == ["sd_pre", "load_pre", "load_post"]


def test_add_param_group_checks():
    a, b = nn.Parameter(pyt.zeros(1)), nn.Parameter(pyt.zeros(1))
    opt = pyt.optim.RMSprop([a], lr=0.1)
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [a]})
    with pytest.raises(TypeError, match="must be a dict"):
        opt.add_param_group([b])
    with pytest.raises(TypeError, match="ordered collections"):
        opt.add_param_group({"params": {b}})
    with pytest.raises(ValueError, match="non-leaf"):
        opt.add_param_group({"params": [b * 2]})
    opt.add_param_group({"params": b, "momentum": 0.5})
    assert opt.param_groups[1]["lr"] == 0.1 and opt.param_groups[1]["momentum"] == 0.5
