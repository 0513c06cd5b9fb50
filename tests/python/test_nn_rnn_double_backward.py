"""Double backward through the fused recurrent kernels (Note [Double backward of the recurrent
kernels]): gradgradcheck in float64 of the cell ops, of rnn_layer on packed steps and of
nn.RNN / LSTM / GRU (layers, directions, batch_first, proj_size, initial states, packed input,
with and without bias); and second-order values (the gradient of the sum of squared
first-order gradients with respect to the input, the states and every weight) against torch
for the same weights. The fused first-order backward stays in use without create_graph."""

import numpy as np
import pyt
import pytest
import torch
from pyt.nn.utils import rnn as prnn
from torch.nn.utils import rnn as trnn

TOL = dict(rtol=1e-8, atol=1e-10)
CELL_OPS = [("lstm_cell", 4), ("gru_cell", 3), ("rnn_tanh_cell", 1), ("rnn_relu_cell", 1)]


def _np(t):
    return np.array(t.detach().numpy(), copy=True)


def _pair(cls, *args, seed=0, **kw):
    """(pyt module, torch module) in float64, torch's weights copied into pyt's."""
    torch.manual_seed(seed)
    tm = getattr(torch.nn, cls)(*args, **kw).double()
    pm = getattr(pyt.nn, cls)(*args, **kw).double()
    pm.load_state_dict({k: pyt.tensor(_np(v)) for k, v in tm.state_dict().items()})
    return pm, tm


def _both(arr):
    return (pyt.tensor(arr.copy(), requires_grad=True), torch.tensor(arr.copy(), requires_grad=True))


def _mix(lib, parts, seed=1):
    """A scalar mixing every part with fixed random weights."""
    total = 0
    for i, x in enumerate(parts):
        w = np.random.default_rng(seed + i).standard_normal(tuple(x.shape))
        total = total + (x * lib.tensor(w, dtype=x.dtype)).sum()
    return total


def _second_order(lib, outputs, leaves):
    """Backward of sum(g ** 2) over the first-order gradients g of a mix of outputs w.r.t. leaves."""
    grads = lib.autograd.grad(_mix(lib, outputs), leaves, create_graph=True)
    # the first-order gradients carry a graph (a relu step's bias gradient is piecewise
    # constant: it may have none)
    assert any(g.requires_grad for g in grads)
    sum((g * g).sum() for g in grads).backward()
    return grads


def _compare(p_leaves, t_leaves, p_grads, t_grads):
    for k, (pg, tg) in enumerate(zip(p_grads, t_grads)):
        np.testing.assert_allclose(_np(pg), _np(tg), err_msg=f"first-order gradient {k}", **TOL)
    for k, (pl, tl) in enumerate(zip(p_leaves, t_leaves)):
        # no gradient at all and a zero gradient are the same value
        pv = _np(pl.grad) if pl.grad is not None else np.zeros(tuple(pl.shape))
        tv = _np(tl.grad) if tl.grad is not None else np.zeros(tuple(tl.shape))
        np.testing.assert_allclose(pv, tv, err_msg=f"second-order gradient {k}", **TOL)


# ------------------------------------------------------------------------------ cell ops
@pytest.mark.parametrize("op,G", CELL_OPS)
@pytest.mark.parametrize("bias", [True, False])
def test_cell_ops_gradgradcheck(op, G, bias):
    rng = np.random.default_rng(3)
    B, I, H = 2, 3, 2

    def t(*s):
        return pyt.tensor(rng.standard_normal(s), dtype=pyt.float64, requires_grad=True)

    x, h, c, wi, wh = t(B, I), t(B, H), t(B, H), t(G * H, I), t(G * H, H)
    b = [t(G * H), t(G * H)] if bias else []
    if op == "lstm_cell":
        fn = lambda x, h, c, wi, wh, *b: pyt.lstm_cell(x, (h, c), wi, wh, *b)  # noqa: E731
        args = [x, h, c, wi, wh] + b
    else:
        fn = lambda x, h, wi, wh, *b: getattr(pyt, op)(x, h, wi, wh, *b)  # noqa: E731
        args = [x, h, wi, wh] + b
    assert pyt.autograd.gradgradcheck(fn, args)


@pytest.mark.parametrize(
    "cls,kw", [("RNNCell", {}), ("RNNCell", dict(nonlinearity="relu")), ("LSTMCell", {}), ("GRUCell", {})],
    ids=["tanh", "relu", "lstm", "gru"],
)
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("batched", [True, False])
def test_cell_modules_second_order_match_torch(cls, kw, bias, batched):
    pm, tm = _pair(cls, 3, 4, bias=bias, **kw)
    rng = np.random.default_rng(5)
    shape = (2,) if batched else ()
    px, tx = _both(rng.standard_normal(shape + (3,)))
    ph, th = _both(rng.standard_normal(shape + (4,)) * 0.5)
    if cls == "LSTMCell":
        pc, tc = _both(rng.standard_normal(shape + (4,)))
        pout, tout = pm(px, (ph, pc)), tm(tx, (th, tc))
        p_leaves, t_leaves = [px, ph, pc], [tx, th, tc]
    else:
        pout, tout = (pm(px, ph),), (tm(tx, th),)
        p_leaves, t_leaves = [px, ph], [tx, th]
    p_leaves += list(pm.parameters())
    t_leaves += list(tm.parameters())
    pg = _second_order(pyt, list(pout), p_leaves)
    tg = _second_order(torch, list(tout), t_leaves)
    _compare(p_leaves, t_leaves, pg, tg)


# ---------------------------------------------------------------------------- layer op
@pytest.mark.parametrize("mode", ["LSTM", "GRU", "RNN_TANH", "RNN_RELU"])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("bias", [True, False])
def test_layer_op_gradgradcheck_packed(mode, reverse, bias):
    rng = np.random.default_rng(8)
    G = {"LSTM": 4, "GRU": 3}.get(mode, 1)
    I, H, bs = 2, 2, [3, 2, 1]

    def t(*s):
        return pyt.tensor(rng.standard_normal(s) * 0.7, dtype=pyt.float64, requires_grad=True)

    x, h, wi, wh = t(sum(bs), I), t(3, H), t(G * H, I), t(G * H, H)
    b = [t(G * H), t(G * H)] if bias else []
    c = [t(3, H)] if mode == "LSTM" else []

    def fn(x, h, wi, wh, *rest):
        bi, bh = rest[:2] if bias else (None, None)
        cx = rest[-1] if c else None
        out, hn, cn = pyt._C._nn.rnn_layer(mode, x, bs, h, cx, wi, wh, bi, bh, reverse)
        return (out, hn) if cn is None else (out, hn, cn)

    assert pyt.autograd.gradgradcheck(fn, [x, h, wi, wh] + b + c)


def test_layer_op_without_steps():
    x = pyt.zeros(0, 2, dtype=pyt.float64, requires_grad=True)
    h = pyt.randn(2, 3, dtype=pyt.float64, requires_grad=True)
    wi = pyt.randn(3, 2, dtype=pyt.float64, requires_grad=True)
    wh = pyt.randn(3, 3, dtype=pyt.float64, requires_grad=True)
    out, hn, _ = pyt._C._nn.rnn_layer("RNN_TANH", x, [], h, None, wi, wh, None, None, False)
    gx, gh, gwi, gwh = pyt.autograd.grad((hn * hn).sum() + out.sum(), [x, h, wi, wh], create_graph=True)
    assert gx.shape == (0, 2) and float(gwi.abs().sum()) == 0 and float(gwh.abs().sum()) == 0
    np.testing.assert_allclose(_np(gh), 2 * _np(h))
    (gh * gh).sum().backward()
    np.testing.assert_allclose(_np(h.grad), 8 * _np(h))


# ----------------------------------------------------------------------------- modules
MODULES = [
    ("LSTM", dict(num_layers=2)),
    ("GRU", dict(num_layers=2)),
    ("RNN", dict(num_layers=2)),
    ("RNN", dict(nonlinearity="relu", num_layers=2)),
    ("LSTM", dict(bidirectional=True, batch_first=True)),
    ("GRU", dict(bidirectional=True, bias=False)),
    ("RNN", dict(bidirectional=True, batch_first=True, bias=False)),
    ("LSTM", dict(proj_size=2)),
    ("LSTM", dict(proj_size=2, bidirectional=True, num_layers=2, bias=False)),
]
MODULE_IDS = [c + "-" + "-".join(f"{k}={v}" for k, v in kw.items()) for c, kw in MODULES]


def _inputs(lib, cls, kw, H, rng_seed, packed):
    """(input leaves, call(module, leaves) -> list of outputs) for hidden size H; packed:
    the input is packed from unsorted lengths."""
    rng = np.random.default_rng(rng_seed)
    T, B, I = 3, 3, 2
    D = 2 if kw.get("bidirectional") else 1
    L = kw.get("num_layers", 1)
    Hout = kw.get("proj_size") or H
    x = rng.standard_normal((B, T, I) if kw.get("batch_first") else (T, B, I))
    h0 = rng.standard_normal((D * L, B, Hout)) * 0.5
    c0 = rng.standard_normal((D * L, B, H)) * 0.5
    leaves = [lib.tensor(a.copy(), requires_grad=True) for a in ([x, h0, c0] if cls == "LSTM" else [x, h0])]
    utils = prnn if lib is pyt else trnn

    def call(m, xs):
        inp = xs[0]
        if packed:
            inp = utils.pack_padded_sequence(inp, [2, 3, 1], batch_first=kw.get("batch_first", False),
                                             enforce_sorted=False)
        hx = (xs[1], xs[2]) if cls == "LSTM" else xs[1]
        out, states = m(inp, hx)
        if packed:
            out = out.data
        return [out] + (list(states) if cls == "LSTM" else [states])

    return leaves, call


@pytest.mark.parametrize("cls,kw", MODULES, ids=MODULE_IDS)
@pytest.mark.parametrize("packed", [False, True])
def test_modules_second_order_match_torch(cls, kw, packed):
    pm, tm = _pair(cls, 2, 3, **kw)
    p_in, p_call = _inputs(pyt, cls, kw, 3, 11, packed)
    t_in, t_call = _inputs(torch, cls, kw, 3, 11, packed)
    p_leaves, t_leaves = p_in + list(pm.parameters()), t_in + list(tm.parameters())
    pg = _second_order(pyt, p_call(pm, p_in), p_leaves)
    tg = _second_order(torch, t_call(tm, t_in), t_leaves)
    _compare(p_leaves, t_leaves, pg, tg)


@pytest.mark.parametrize(
    "cls,kw,packed",
    [("LSTM", dict(num_layers=2), False), ("GRU", dict(bidirectional=True, batch_first=True), False),
     ("RNN", dict(nonlinearity="relu", bias=False), True), ("LSTM", dict(proj_size=1, bidirectional=True), True),
     ("GRU", dict(num_layers=2, bias=False), True)],
    ids=["lstm2", "gru_bi_bf", "relu_nobias_packed", "lstm_proj_bi_packed", "gru2_nobias_packed"],
)
def test_modules_gradgradcheck(cls, kw, packed):
    H = 2
    pm, _ = _pair(cls, 2, H, seed=2, **kw)
    leaves, call = _inputs(pyt, cls, kw, H, 13, packed)
    params = list(pm.parameters())
    n_in = len(leaves)

    def fn(*args):
        return tuple(call(pm, list(args[:n_in])))

    assert pyt.autograd.gradgradcheck(fn, leaves + params)


def test_first_order_fused_without_create_graph():
    """Without create_graph the gradients come from the fused kernels and carry no graph;
    with it they have the same values."""
    pm, _ = _pair("LSTM", 2, 3, num_layers=2)
    x = pyt.randn(4, 2, 2, dtype=pyt.float64, requires_grad=True)
    out, (h, c) = pm(x)
    loss = _mix(pyt, [out, h, c])
    leaves = [x] + list(pm.parameters())
    fused = pyt.autograd.grad(loss, leaves, retain_graph=True)
    assert not any(g.requires_grad for g in fused)
    composed = pyt.autograd.grad(loss, leaves, create_graph=True)
    assert all(g.requires_grad for g in composed)
    for a, b in zip(fused, composed):
        np.testing.assert_allclose(_np(a), _np(b), **TOL)


def test_double_backward_float32_cells_and_layers():
    """float32 (the default dtype) works too, to float32 accuracy."""
    pm, tm = _pair("GRU", 2, 3, num_layers=2)
    pm, tm = pm.float(), tm.float()
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3, 2, 2)).astype(np.float32)
    px, tx = (lib.tensor(x.copy(), requires_grad=True) for lib in (pyt, torch))
    p_leaves, t_leaves = [px] + list(pm.parameters()), [tx] + list(tm.parameters())
    pg = _second_order(pyt, [pm(px)[0]], p_leaves)
    tg = _second_order(torch, [tm(tx)[0]], t_leaves)
    for a, b in zip(pg, tg):
        np.testing.assert_allclose(_np(a), _np(b), rtol=1e-4, atol=1e-5)
    for a, b in zip(p_leaves, t_leaves):
        np.testing.assert_allclose(_np(a.grad), _np(b.grad), rtol=1e-4, atol=1e-4)
