"""Differential tests (torch 2.13 CPU is the oracle) of pyt.nn behaviours a new user found to
differ: reduced-precision recurrent layers and cells, norms with a float16 / bfloat16 input and
float32 parameters, recurrent layers on an empty batch or an empty sequence."""

import pickle

import numpy as np
import pyt
import pytest
import torch

from helpers import dtype_name, rng_for

# float16 keeps 11 significant bits, bfloat16 8: torch's half recurrent kernels round every op,
# pyt rounds each op's outputs once, so a few roundings apart.
TOL = {"float16": dict(rtol=1e-2, atol=3e-3), "bfloat16": dict(rtol=5e-2, atol=3e-2)}
HALF = ("float16", "bfloat16")


def _np(x):
    return x.detach().float().numpy()


def _close(p, t, dt, what):
    assert dtype_name(p.dtype) == dtype_name(t.dtype), what
    assert tuple(p.shape) == tuple(t.shape), what
    np.testing.assert_allclose(_np(p), _np(t), err_msg=what, **TOL[dt])


def _pair_module(ctor, dt):
    """(pyt module, torch module) with torch's initial values, both converted to dt."""
    torch.manual_seed(0)
    tm = ctor(torch)
    pm = ctor(pyt)
    pm.load_state_dict({k: pyt.tensor(v.detach().numpy()) for k, v in tm.state_dict().items()})
    return pm.to(getattr(pyt, dt)), tm.to(getattr(torch, dt))


def _inputs(arr, dt):
    p = pyt.tensor(arr).to(getattr(pyt, dt)).requires_grad_(True)
    t = torch.tensor(arr).to(getattr(torch, dt)).requires_grad_(True)
    return p, t


def _flat(out):
    if isinstance(out, (tuple, list)):
        return [y for o in out for y in _flat(o)]
    return [out]


RNN_LAYERS = [
    ("LSTM", dict(num_layers=2, bidirectional=True)),
    ("LSTM", dict(batch_first=True)),
    ("LSTM", dict(proj_size=2)),
    ("GRU", dict(num_layers=2)),
    ("GRU", dict(bidirectional=True, batch_first=True)),
    ("RNN", dict(nonlinearity="relu")),
    ("RNN", dict(num_layers=2, bidirectional=True)),
]


@pytest.mark.parametrize("dt", HALF)
@pytest.mark.parametrize("name,kw", RNN_LAYERS)
def test_rnn_layers_reduced_precision(dt, name, kw):
    pm, tm = _pair_module(lambda m: getattr(m.nn, name)(3, 4, **kw), dt)
    arr = rng_for("rnn half", name, repr(kw), dt).standard_normal((4, 2, 3)).astype(np.float32)
    px, tx = _inputs(arr, dt)
    po, to = pm(px), tm(tx)
    for i, (p, t) in enumerate(zip(_flat(po), _flat(to))):
        _close(p, t, dt, f"output {i}")
    sum(y.float().pow(2).sum() for y in _flat(po)).backward()
    sum(y.float().pow(2).sum() for y in _flat(to)).backward()
    _close(px.grad, tx.grad, dt, "input grad")
    for (n, p), (_, t) in zip(pm.named_parameters(), tm.named_parameters()):
        _close(p.grad, t.grad, dt, f"grad of {n}")


@pytest.mark.parametrize("dt", HALF)
def test_rnn_layer_reduced_precision_with_states_unbatched(dt):
    pm, tm = _pair_module(lambda m: m.nn.LSTM(3, 4), dt)
    rng = rng_for("lstm half states", dt)
    px, tx = _inputs(rng.standard_normal((5, 3)).astype(np.float32), dt)
    ph, th = _inputs(rng.standard_normal((1, 4)).astype(np.float32), dt)
    pc, tc = _inputs(rng.standard_normal((1, 4)).astype(np.float32), dt)
    po, (phn, pcn) = pm(px, (ph, pc))
    to, (thn, tcn) = tm(tx, (th, tc))
    for p, t, w in ((po, to, "output"), (phn, thn, "h_n"), (pcn, tcn, "c_n")):
        _close(p, t, dt, w)
    (po.float().sum() + pcn.float().sum()).backward()
    (to.float().sum() + tcn.float().sum()).backward()
    for p, t, w in ((px, tx, "x"), (ph, th, "h0"), (pc, tc, "c0")):
        _close(p.grad, t.grad, dt, f"grad of {w}")


@pytest.mark.parametrize("dt", HALF)
@pytest.mark.parametrize(
    "name,kw,grad_fns",
    [
        ("LSTMCell", {}, ("MulBackward0", "AddBackward0")),
        ("GRUCell", {}, ("AddBackward0",)),
        ("RNNCell", {}, ("TanhBackward0",)),
        ("RNNCell", {"nonlinearity": "relu"}, ("ReluBackward0",)),
    ],
)
def test_rnn_cells_reduced_precision(dt, name, kw, grad_fns):
    pm, tm = _pair_module(lambda m: getattr(m.nn, name)(3, 4, **kw), dt)
    arr = rng_for("cell half", name, repr(kw), dt).standard_normal((2, 3)).astype(np.float32)
    px, tx = _inputs(arr, dt)
    po, to = _flat(pm(px)), _flat(tm(tx))
    assert tuple(type(y.grad_fn).__name__ for y in po) == grad_fns
    assert tuple(type(y.grad_fn).__name__ for y in to) == grad_fns
    for p, t in zip(po, to):
        _close(p, t, dt, "output")
    sum(y.float().pow(2).sum() for y in po).backward()
    sum(y.float().pow(2).sum() for y in to).backward()
    _close(px.grad, tx.grad, dt, "input grad")
    for (n, p), (_, t) in zip(pm.named_parameters(), tm.named_parameters()):
        _close(p.grad, t.grad, dt, f"grad of {n}")


@pytest.mark.parametrize("name", ["LSTM", "GRU", "RNN"])
def test_rnn_input_and_weight_dtypes_differ_raises_value_error(name):
    for m in (pyt, torch):
        with pytest.raises(ValueError, match="does not match weight dtype"):
            getattr(m.nn, name)(3, 4)(m.ones(2, 1, 3, dtype=m.float16))
        with pytest.raises(ValueError, match="does not match weight dtype"):
            getattr(m.nn, name)(3, 4).half()(m.ones(2, 1, 3))


@pytest.mark.parametrize("name", ["LSTMCell", "GRUCell", "RNNCell"])
def test_rnn_cell_input_and_weight_dtypes_differ_raise_runtime_error(name):
    for m in (pyt, torch):
        with pytest.raises(RuntimeError):
            getattr(m.nn, name)(3, 4)(m.ones(2, 3, dtype=m.float16))
        with pytest.raises(RuntimeError):
            getattr(m.nn, name)(3, 4).half()(m.ones(2, 3))


# ------------------------------------------------------------------ empty batch / sequence ---


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("name", ["LSTM", "GRU", "RNN"])
def test_rnn_empty_batch_matches_torch(name, batch_first):
    res = {}
    for m in (pyt, torch):
        mod = getattr(m.nn, name)(3, 4, num_layers=2, bidirectional=True, batch_first=batch_first)
        x = m.ones((0, 5, 3) if batch_first else (5, 0, 3), requires_grad=True)
        out, hx = mod(x)
        states = hx if name == "LSTM" else (hx,)
        (out.sum() + sum(s.sum() for s in states)).backward()
        res[m] = (out, states, x.grad, [p.grad for p in mod.parameters()])
    (po, ps, pg, pw), (to, ts, tg, tw) = res[pyt], res[torch]
    assert tuple(po.shape) == tuple(to.shape) == ((0, 5, 8) if batch_first else (5, 0, 8))
    assert [tuple(s.shape) for s in ps] == [tuple(s.shape) for s in ts]
    assert all(tuple(s.shape) == (4, 0, 4) for s in ps)
    assert tuple(pg.shape) == tuple(tg.shape)
    for p, t in zip(pw, tw):  # zeros, as torch
        np.testing.assert_array_equal(p.numpy(), t.numpy())


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("name", ["LSTM", "GRU", "RNN"])
def test_rnn_empty_sequence_raises_like_torch(name, batch_first):
    for m in (pyt, torch):
        mod = getattr(m.nn, name)(3, 4, batch_first=batch_first)
        for shape in ((5, 0, 3) if batch_first else (0, 5, 3), (0, 3)):
            with pytest.raises(RuntimeError, match="Expected sequence length to be larger than 0 in RNN"):
                mod(m.ones(shape))


@pytest.mark.parametrize("name", ["LSTMCell", "GRUCell", "RNNCell"])
def test_rnn_cells_empty_batch(name):
    res = {}
    for m in (pyt, torch):
        mod = getattr(m.nn, name)(3, 4)
        x = m.ones(0, 3, requires_grad=True)
        out = _flat(mod(x))
        sum(y.sum() for y in out).backward()
        res[m] = ([tuple(y.shape) for y in out], tuple(x.grad.shape), [p.grad.numpy() for p in mod.parameters()])
    assert res[pyt][:2] == res[torch][:2]
    for p, t in zip(res[pyt][2], res[torch][2]):
        np.testing.assert_array_equal(p, t)


# ------------------------------------------------------- norms with mixed parameter dtypes ---

NORMS = [
    ("LayerNorm", lambda m: m.nn.LayerNorm(5)),
    ("LayerNorm no bias", lambda m: m.nn.LayerNorm(5, bias=False)),
    ("LayerNorm 2d shape", lambda m: m.nn.LayerNorm((3, 5))),
    ("GroupNorm", lambda m: m.nn.GroupNorm(2, 4)),
    ("BatchNorm2d", lambda m: m.nn.BatchNorm2d(4)),
    ("BatchNorm2d eval", lambda m: m.nn.BatchNorm2d(4).eval()),
    ("RMSNorm", lambda m: m.nn.RMSNorm(5)),
    ("RMSNorm 2d shape", lambda m: m.nn.RMSNorm((3, 5))),
    ("InstanceNorm2d affine", lambda m: m.nn.InstanceNorm2d(4, affine=True)),
    ("InstanceNorm2d tracked", lambda m: m.nn.InstanceNorm2d(4, track_running_stats=True)),
]


@pytest.mark.parametrize("dt", HALF)
@pytest.mark.parametrize("name,ctor", NORMS, ids=[n for n, _ in NORMS])
def test_norms_reduced_input_float32_params(dt, name, ctor):
    torch.manual_seed(0)
    tm, pm = ctor(torch), ctor(pyt)
    rng = rng_for("norm mixed", name, dt)
    for k, v in tm.named_parameters():  # non-trivial affine parameters
        v.data.copy_(torch.tensor(rng.standard_normal(tuple(v.shape)).astype(np.float32)))
    pm.load_state_dict({k: pyt.tensor(v.detach().numpy()) for k, v in tm.state_dict().items()})
    px, tx = _inputs((rng.standard_normal((2, 4, 3, 5)) * 2 + 0.5).astype(np.float32), dt)
    po, to = pm(px), tm(tx)
    assert type(po.grad_fn).__name__ == type(to.grad_fn).__name__
    _close(po, to, dt, "output")
    # a random projection: sum(y^2) of a normalised y is constant and would test only noise
    r = rng.standard_normal(tuple(to.shape)).astype(np.float32)
    (po.float() * pyt.tensor(r)).sum().backward()
    (to.float() * torch.tensor(r)).sum().backward()
    _close(px.grad, tx.grad, dt, "input grad")
    for (n, p), (_, t) in zip(pm.named_parameters(), tm.named_parameters()):
        assert dtype_name(p.grad.dtype) == dtype_name(t.grad.dtype) == "float32"
        np.testing.assert_allclose(_np(p.grad), _np(t.grad), rtol=2e-2, atol=2e-2 * np.abs(_np(t.grad)).max(),
                                   err_msg=n)
    for (n, p), (_, t) in zip(pm.named_buffers(), tm.named_buffers()):
        np.testing.assert_allclose(_np(p), _np(t), rtol=1e-2, atol=1e-2, err_msg=n)


@pytest.mark.parametrize("dt", HALF)
def test_functional_layer_and_group_norm_reduced_input_float32_params(dt):
    rng = rng_for("F norms mixed", dt)
    arr = rng.standard_normal((2, 4, 5)).astype(np.float32)
    w4, b4 = rng.standard_normal(4).astype(np.float32), rng.standard_normal(4).astype(np.float32)
    w5, b5 = rng.standard_normal(5).astype(np.float32), rng.standard_normal(5).astype(np.float32)
    r = rng.standard_normal((2, 4, 5)).astype(np.float32)
    res = {}
    for m in (pyt, torch):
        x = m.tensor(arr).to(getattr(m, dt)).requires_grad_(True)
        ws = [m.tensor(a).requires_grad_(True) for a in (w4, b4, w5, b5)]
        F = m.nn.functional
        ys = [
            F.layer_norm(x, (5,), ws[2], ws[3]),
            F.layer_norm(x, (5,), ws[2], None),
            F.group_norm(x, 2, ws[0], ws[1]),
            F.rms_norm(x, (5,), ws[2]),
            F.rms_norm(x, (5,)),
        ]
        sum((y.float() * m.tensor(r)).sum() for y in ys).backward()
        res[m] = (ys, x.grad, [w.grad for w in ws])
    for p, t in zip(res[pyt][0], res[torch][0]):
        _close(p, t, dt, "output")
    _close(res[pyt][1], res[torch][1], dt, "input grad")
    for p, t in zip(res[pyt][2], res[torch][2]):
        np.testing.assert_allclose(p.numpy(), t.numpy(), rtol=2e-2, atol=2e-2 * np.abs(t.numpy()).max())


@pytest.mark.parametrize(
    "xd,wd",
    [("float32", "float16"), ("float64", "float32"), ("float32", "float64"), ("float16", "bfloat16"),
     ("float16", "float64"), ("bfloat16", "float16")],
)
def test_rms_norm_any_weight_dtype(xd, wd):
    rng = rng_for("rms mixed", xd, wd)
    arr, warr = rng.standard_normal((3, 5)).astype(np.float32), rng.standard_normal(5).astype(np.float32)
    res = {}
    for m in (pyt, torch):
        x = m.tensor(arr).to(getattr(m, xd)).requires_grad_(True)
        w = m.tensor(warr).to(getattr(m, wd)).requires_grad_(True)
        y = m.nn.functional.rms_norm(x, (5,), w)
        y.double().sum().backward()
        res[m] = (y, type(y.grad_fn).__name__, x.grad, w.grad)
    (py, pn, pgx, pgw), (ty, tn, tgx, tgw) = res[pyt], res[torch]
    assert pn == tn
    tol = dict(rtol=5e-2, atol=5e-2) if "bfloat16" in (xd, wd) else dict(rtol=1e-2, atol=1e-2)
    for p, t in ((py, ty), (pgx, tgx), (pgw, tgw)):
        assert dtype_name(p.dtype) == dtype_name(t.dtype)
        np.testing.assert_allclose(_np(p), _np(t), **tol)


@pytest.mark.parametrize(
    "ctor",
    [
        lambda m: m.nn.LayerNorm(5).double(),
        lambda m: m.nn.LayerNorm(5).bfloat16(),
        lambda m: m.nn.GroupNorm(1, 2).double(),
    ],
)
def test_norm_reduced_input_other_param_dtype_raises(ctor):
    for m in (pyt, torch):
        with pytest.raises(RuntimeError, match="mixed dtype"):
            ctor(m)(m.ones(3, 2, 5, dtype=m.float16))


def test_norm_float32_input_half_params_raise():
    for m in (pyt, torch):
        for mod in (m.nn.LayerNorm(5).half(), m.nn.GroupNorm(1, 2).half(), m.nn.BatchNorm1d(2).half()):
            with pytest.raises(RuntimeError):
                mod(m.ones(3, 2, 5))


# ------------------------------------------- PairwiseDistance, CosineSimilarity, triplet loss ---


def _both_grad(arr):
    return pyt.tensor(arr).requires_grad_(True), torch.tensor(arr).requires_grad_(True)


@pytest.mark.parametrize(
    "name,args,kwargs,shapes",
    [
        ("PairwiseDistance", (), {}, [(4, 5), (4, 5)]),
        ("PairwiseDistance", (1.0, 0.1, True), {}, [(4, 5), (1, 5)]),
        ("PairwiseDistance", (), {"p": 3.0}, [(5,), (5,)]),
        ("PairwiseDistance", (), {"p": 2.0}, [(0, 5), (0, 5)]),
        ("CosineSimilarity", (), {}, [(4, 5), (4, 5)]),
        ("CosineSimilarity", (0, 1e-3), {}, [(5,), (5,)]),
        ("CosineSimilarity", (), {"dim": -1}, [(2, 3, 4), (3, 4)]),
        ("CosineSimilarity", (), {"dim": 2}, [(2, 3, 4), (2, 3, 4)]),
    ],
)
def test_distance_modules_match_torch(name, args, kwargs, shapes):
    pm, tm = getattr(pyt.nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    assert repr(pm) == repr(tm)
    assert list(pm.state_dict()) == list(tm.state_dict()) == []
    rng = rng_for("distance", name, args, repr(kwargs), shapes)
    arrs = [rng.standard_normal(s) for s in shapes]
    pin, tin = zip(*(_both_grad(a) for a in arrs))
    po, to = pm(*pin), tm(*tin)
    assert tuple(po.shape) == tuple(to.shape)
    np.testing.assert_allclose(po.detach().numpy(), to.detach().numpy(), rtol=1e-10, atol=1e-12)
    w = rng.standard_normal(tuple(to.shape))
    (po * pyt.tensor(w)).sum().backward()
    (to * torch.tensor(w)).sum().backward()
    for p, t in zip(pin, tin):
        np.testing.assert_allclose(p.grad.numpy(), t.grad.numpy(), rtol=1e-8, atol=1e-10)
    if arrs[0].ndim == 2 and arrs[0].size:  # non-contiguous inputs give the same values
        nc = [pyt.tensor(np.ascontiguousarray(a.T)).t() for a in arrs]
        assert not nc[0].is_contiguous()
        np.testing.assert_allclose(pm(*nc).numpy(), to.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_distance_module_grads_and_gradcheck():
    from helpers import gradcheck

    rng = rng_for("distance gradcheck")
    a, b = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    for mod in (pyt.nn.PairwiseDistance(p=1.5), pyt.nn.CosineSimilarity(dim=1)):
        ins = [pyt.tensor(a).requires_grad_(True), pyt.tensor(b).requires_grad_(True)]
        assert gradcheck(lambda x, y: mod(x, y), ins)
    for tmod, pmod in ((torch.nn.PairwiseDistance(), pyt.nn.PairwiseDistance()),
                       (torch.nn.CosineSimilarity(), pyt.nn.CosineSimilarity())):
        px, tx = _both_grad(a)
        py, ty = _both_grad(b)
        pmod(px, py).sum().backward()
        tmod(tx, ty).sum().backward()
        np.testing.assert_allclose(px.grad.numpy(), tx.grad.numpy(), rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(py.grad.numpy(), ty.grad.numpy(), rtol=1e-8, atol=1e-10)


def _dist_fns(m):
    return {
        "default": None,
        "cosine": lambda x, y: 1.0 - m.nn.functional.cosine_similarity(x, y, dim=-1),
        "l1 module": m.nn.PairwiseDistance(p=1.0),
    }


@pytest.mark.parametrize("dist", ["default", "cosine", "l1 module"])
@pytest.mark.parametrize("swap", [False, True])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("shape", [(6, 4), (4,), (0, 4)])
def test_triplet_margin_with_distance_loss_matches_torch(dist, swap, reduction, shape):
    rng = rng_for("triplet dist", dist, swap, reduction, shape)
    arrs = [rng.standard_normal(shape) for _ in range(3)]
    res = {}
    for m in (pyt, torch):
        ins = [m.tensor(a).requires_grad_(True) for a in arrs]
        kw = dict(distance_function=_dist_fns(m)[dist], margin=0.7, swap=swap, reduction=reduction)
        f = m.nn.functional.triplet_margin_with_distance_loss(*ins, **kw)
        mod = m.nn.TripletMarginWithDistanceLoss(**kw)
        y = mod(*ins)
        np.testing.assert_allclose(_np(f), _np(y))
        if y.numel():
            (y * m.tensor(rng_for("w", shape).standard_normal(tuple(y.shape)))).sum().backward()
        res[m] = (y, [i.grad for i in ins], repr(mod), list(mod.state_dict()))
    (py, pg, pr, ps), (ty, tg, tr, ts) = res[pyt], res[torch]
    assert tuple(py.shape) == tuple(ty.shape)
    np.testing.assert_allclose(py.detach().numpy(), ty.detach().numpy(), rtol=1e-9, atol=1e-12, equal_nan=True)
    for p, t in zip(pg, tg):
        assert (p is None) == (t is None)
        if p is not None:
            np.testing.assert_allclose(p.numpy(), t.numpy(), rtol=1e-8, atol=1e-10)
    if dist != "cosine":  # a lambda's repr holds its address
        assert pr == tr
    assert ps == ts == []


def test_triplet_margin_with_distance_loss_gradcheck():
    from helpers import gradcheck

    rng = rng_for("triplet gradcheck")
    arrs = [pyt.tensor(rng.standard_normal((3, 4))).requires_grad_(True) for _ in range(3)]
    for swap in (False, True):
        assert gradcheck(
            lambda a, p, n: pyt.nn.functional.triplet_margin_with_distance_loss(a, p, n, margin=2.0, swap=swap),
            arrs,
        )


def test_triplet_margin_with_distance_loss_errors_and_repr():
    for m in (pyt, torch):
        F = m.nn.functional
        a = m.ones(2, 3)
        with pytest.raises(ValueError, match="not a valid value for reduction"):
            F.triplet_margin_with_distance_loss(a, a, a, reduction="avg")
        with pytest.raises(ValueError, match="margin must be greater than 0"):
            F.triplet_margin_with_distance_loss(a, a, a, margin=0.0)
        with pytest.raises(RuntimeError, match="same number of dimensions"):
            F.triplet_margin_with_distance_loss(a, a, m.ones(3))
        with pytest.raises(ValueError, match="expected margin to be greater than 0"):
            m.nn.TripletMarginWithDistanceLoss(margin=-1.0)
        with pytest.raises(TypeError):
            m.nn.TripletMarginWithDistanceLoss(None)  # keyword-only
    pm, tm = pyt.nn.TripletMarginWithDistanceLoss(), torch.nn.TripletMarginWithDistanceLoss()
    assert repr(pm) == repr(tm)
    assert [n for n, _ in pm.named_modules()] == [n for n, _ in tm.named_modules()]
    q = pickle.loads(pickle.dumps(pm))
    assert repr(q) == repr(tm) and q.margin == 1.0 and q.swap is False and q.reduction == "mean"
    for name, kw in (("PairwiseDistance", {"p": 1.0, "keepdim": True}), ("CosineSimilarity", {"dim": 0})):
        q = pickle.loads(pickle.dumps(getattr(pyt.nn, name)(**kw)))
        t = getattr(torch.nn, name)(**kw)
        for k in getattr(torch.nn, name).__constants__:
            assert getattr(q, k) == getattr(t, k)


# ------------------------------------------- float16 conv_transpose / batch_norm: rounded once ---
# torch's CPU kernels round some intermediates to float16 (batch_norm's saved mean and invstd
# with float16 parameters, the transposed convolution's accumulation), so they can be several
# float16 ulps from the exact result; pyt computes in float32 and rounds each output once. These
# tests hold pyt to within one float16 rounding (plus float32 accumulation noise) of a float64
# reference on the same float16 data.


def _within_one_rounding(got, exact, what):
    ulp = np.spacing(np.abs(exact).astype(np.float16)).astype(np.float64)
    err = np.abs(got.astype(np.float64) - exact) / ulp
    assert err.max() <= 0.6, f"{what}: {err.max()} float16 ulps from the exact value"


def test_conv_transpose2d_float16_forward_and_backward_rounded_once():
    rng = rng_for("convT f16")
    x16 = rng.standard_normal((2, 4, 9, 9)).astype(np.float16)
    torch.manual_seed(0)
    ref = torch.nn.ConvTranspose2d(4, 6, 3, stride=2, groups=2, dilation=2, padding=1, output_padding=1)
    ref = ref.half().double()  # float16 parameters, exact arithmetic
    pm = pyt.nn.ConvTranspose2d(4, 6, 3, stride=2, groups=2, dilation=2, padding=1, output_padding=1).half()
    pm.load_state_dict({k: pyt.tensor(v.half().numpy()) for k, v in ref.state_dict().items()})
    px = pyt.tensor(x16).requires_grad_(True)
    py = pm(px)
    assert py.dtype == pyt.float16 and type(py.grad_fn).__name__ == "ConvolutionBackward0"
    tx = torch.tensor(x16.astype(np.float64)).requires_grad_(True)
    ty = ref(tx)
    _within_one_rounding(py.detach().float().numpy(), ty.detach().numpy(), "output")
    go = rng.standard_normal(tuple(ty.shape)).astype(np.float16)
    py.backward(pyt.tensor(go))
    ty.backward(torch.tensor(go.astype(np.float64)))
    _within_one_rounding(px.grad.float().numpy(), tx.grad.numpy(), "input grad")
    for (n, p), (_, t) in zip(pm.named_parameters(), ref.named_parameters()):
        _within_one_rounding(p.grad.float().numpy(), t.grad.numpy(), f"grad of {n}")


def test_batch_norm_float16_training_output_rounded_once():
    rng = rng_for("bn f16")
    x16 = rng.standard_normal((2, 4, 9, 9)).astype(np.float16)
    y = pyt.nn.BatchNorm2d(4).half()(pyt.tensor(x16))
    assert y.dtype == pyt.float16
    x = x16.astype(np.float64)
    exact = (x - x.mean((0, 2, 3), keepdims=True)) / np.sqrt(x.var((0, 2, 3), keepdims=True) + 1e-5)
    _within_one_rounding(y.detach().float().numpy(), exact, "output")
