"""Differential tests of the recurrent layers against torch: RNN, LSTM, GRU (layers,
directions, batch_first, initial states, unbatched input, packed sequences, dropout,
proj_size), the cells, the cell ops (gradcheck in float64), nn.utils.rnn, state_dict names,
repr and errors. Weights are copied from torch through numpy."""

import warnings

import numpy as np
import pyt
import pytest
import torch
from pyt.nn.utils import rnn as prnn
from torch.nn.utils import rnn as trnn

TOL = {"float32": dict(rtol=1e-4, atol=1e-5), "float64": dict(rtol=1e-9, atol=1e-11)}
DT = {"float32": (pyt.float32, torch.float32, np.float32), "float64": (pyt.float64, torch.float64, np.float64)}


def _np(t):
    return np.array(t.detach().numpy(), copy=True)


def _close(p, t, dtype, what):
    np.testing.assert_allclose(_np(p), _np(t), err_msg=what, **TOL[dtype])


def _pair(cls, *args, dtype="float64", seed=0, **kw):
    """(pyt module, torch module) with torch's weights copied into pyt's."""
    torch.manual_seed(seed)
    tm = getattr(torch.nn, cls)(*args, **kw).to(DT[dtype][1])
    pm = getattr(pyt.nn, cls)(*args, **kw).to(DT[dtype][0])
    assert list(pm.state_dict().keys()) == list(tm.state_dict().keys())
    pm.load_state_dict({k: pyt.tensor(_np(v)) for k, v in tm.state_dict().items()})
    return pm, tm


def _both(arr, grad=True):
    p, t = pyt.tensor(arr.copy()), torch.tensor(arr.copy())
    if grad:
        p.requires_grad_(True)
        t.requires_grad_(True)
    return p, t


def _loss(lib, out, states, rng_seed=1):
    """A scalar mixing every output with fixed random weights (so gradients differ per entry)."""
    parts = [out] + [s for s in states if s is not None]
    total = 0
    for i, x in enumerate(parts):
        w = np.random.default_rng(rng_seed + i).standard_normal(tuple(x.shape))
        total = total + (x * lib.tensor(w, dtype=x.dtype)).sum()
    return total


def _compare_grads(pm, tm, leaves, dtype):
    for (pl, tl), name in leaves:
        _close(pl.grad, tl.grad, dtype, f"grad of {name}")
    for (n, p), (_, t) in zip(pm.named_parameters(), tm.named_parameters()):
        _close(p.grad, t.grad, dtype, f"grad of {n}")


CONFIGS = [
    dict(),
    dict(num_layers=2),
    dict(bidirectional=True),
    dict(num_layers=2, bidirectional=True, batch_first=True),
    dict(bias=False),
    dict(num_layers=3, batch_first=True),
]
MODES = [("LSTM", {}), ("GRU", {}), ("RNN", {}), ("RNN", {"nonlinearity": "relu"})]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("cfg", CONFIGS, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()) or "default")
@pytest.mark.parametrize("mode", MODES, ids=lambda m: m[0] + "".join(m[1].values()))
@pytest.mark.parametrize("with_h0", [False, True])
def test_rnn_modules_match_torch(mode, cfg, dtype, with_h0):
    cls, extra = mode
    kw = {**cfg, **extra}
    pm, tm = _pair(cls, 3, 5, dtype=dtype, **kw)
    rng = np.random.default_rng(0)
    T, B = 4, 3
    shape = (B, T, 3) if kw.get("batch_first") else (T, B, 3)
    px, tx = _both(rng.standard_normal(shape).astype(DT[dtype][2]))
    D = 2 if kw.get("bidirectional") else 1
    L = kw.get("num_layers", 1)
    leaves = [((px, tx), "input")]
    if with_h0:
        ph, th = _both(rng.standard_normal((D * L, B, 5)).astype(DT[dtype][2]))
        leaves.append(((ph, th), "h0"))
        if cls == "LSTM":
            pc, tc = _both(rng.standard_normal((D * L, B, 5)).astype(DT[dtype][2]))
            leaves.append(((pc, tc), "c0"))
            phx, thx = (ph, pc), (th, tc)
        else:
            phx, thx = ph, th
        pout, pst = pm(px, phx)
        tout, tst = tm(tx, thx)
    else:
        pout, pst = pm(px)
        tout, tst = tm(tx)
    assert tuple(pout.shape) == tuple(tout.shape)
    _close(pout, tout, dtype, "output")
    pst = list(pst) if cls == "LSTM" else [pst]
    tst = list(tst) if cls == "LSTM" else [tst]
    for i, (a, b) in enumerate(zip(pst, tst)):
        _close(a, b, dtype, f"state {i}")
    _loss(pyt, pout, pst).backward()
    _loss(torch, tout, tst).backward()
    _compare_grads(pm, tm, leaves, dtype)


@pytest.mark.parametrize("cls", ["LSTM", "GRU", "RNN"])
def test_unbatched_input(cls):
    pm, tm = _pair(cls, 3, 4, num_layers=2, bidirectional=True)
    rng = np.random.default_rng(1)
    px, tx = _both(rng.standard_normal((5, 3)))
    ph, th = _both(rng.standard_normal((4, 4)))
    if cls == "LSTM":
        pc, tc = _both(rng.standard_normal((4, 4)))
        pout, (phn, pcn) = pm(px, (ph, pc))
        tout, (thn, tcn) = tm(tx, (th, tc))
        _close(pcn, tcn, "float64", "c_n")
    else:
        pout, phn = pm(px, ph)
        tout, thn = tm(tx, th)
    assert tuple(pout.shape) == (5, 8) and tuple(phn.shape) == (4, 4)
    _close(pout, tout, "float64", "output")
    _close(phn, thn, "float64", "h_n")
    (pout.sum() + phn.sum()).backward()
    (tout.sum() + thn.sum()).backward()
    _close(px.grad, tx.grad, "float64", "input grad")
    _close(ph.grad, th.grad, "float64", "h0 grad")


@pytest.mark.parametrize("cfg", [dict(), dict(num_layers=2, bidirectional=True), dict(batch_first=True)])
def test_lstm_proj_size(cfg):
    pm, tm = _pair("LSTM", 3, 6, proj_size=2, **cfg)
    rng = np.random.default_rng(2)
    shape = (2, 4, 3) if cfg.get("batch_first") else (4, 2, 3)
    px, tx = _both(rng.standard_normal(shape))
    pout, (ph, pc) = pm(px)
    tout, (th, tc) = tm(tx)
    for a, b, w in [(pout, tout, "output"), (ph, th, "h_n"), (pc, tc, "c_n")]:
        assert tuple(a.shape) == tuple(b.shape)
        _close(a, b, "float64", w)
    _loss(pyt, pout, [ph, pc]).backward()
    _loss(torch, tout, [th, tc]).backward()
    _compare_grads(pm, tm, [((px, tx), "input")], "float64")


@pytest.mark.parametrize("enforce_sorted", [True, False])
@pytest.mark.parametrize("mode", MODES[:3], ids=lambda m: m[0])
@pytest.mark.parametrize("cfg", [dict(), dict(num_layers=2, bidirectional=True), dict(batch_first=True)])
def test_packed_sequences(mode, cfg, enforce_sorted):
    cls, extra = mode
    pm, tm = _pair(cls, 3, 4, **cfg, **extra)
    rng = np.random.default_rng(3)
    bf = cfg.get("batch_first", False)
    lengths = [5, 3, 3, 1] if enforce_sorted else [3, 5, 1, 3]
    T, B = 5, 4
    px, tx = _both(rng.standard_normal((B, T, 3) if bf else (T, B, 3)))
    pp = prnn.pack_padded_sequence(px, lengths, batch_first=bf, enforce_sorted=enforce_sorted)
    tp = trnn.pack_padded_sequence(tx, torch.tensor(lengths), batch_first=bf, enforce_sorted=enforce_sorted)
    D = 2 if cfg.get("bidirectional") else 1
    L = cfg.get("num_layers", 1)
    ph, th = _both(rng.standard_normal((D * L, B, 4)))
    if cls == "LSTM":
        pc, tc = _both(rng.standard_normal((D * L, B, 4)))
        pout, pst = pm(pp, (ph, pc))
        tout, tst = tm(tp, (th, tc))
        pst, tst = list(pst), list(tst)
    else:
        pout, pst = pm(pp, ph)
        tout, tst = tm(tp, th)
        pst, tst = [pst], [tst]
    assert isinstance(pout, prnn.PackedSequence)
    _close(pout.data, tout.data, "float64", "packed output data")
    assert pout.batch_sizes.tolist() == tout.batch_sizes.tolist()
    for a, b in zip(pst, tst):
        _close(a, b, "float64", "final state")
    pu, plen = prnn.pad_packed_sequence(pout, batch_first=bf)
    tu, tlen = trnn.pad_packed_sequence(tout, batch_first=bf)
    _close(pu, tu, "float64", "padded output")
    assert plen.tolist() == tlen.tolist()
    _loss(pyt, pu, pst).backward()
    _loss(torch, tu, tst).backward()
    _compare_grads(pm, tm, [((px, tx), "input"), ((ph, th), "h0")], "float64")


def test_dropout_between_layers_train_and_eval():
    pm, tm = _pair("LSTM", 3, 4, num_layers=3, dropout=0.5)
    x = np.random.default_rng(4).standard_normal((6, 2, 3))
    pm.eval()
    tm.eval()
    _close(pm(pyt.tensor(x))[0], tm(torch.tensor(x))[0], "float64", "eval output")
    pm.train()
    pyt.manual_seed(0)
    a = pm(pyt.tensor(x))[0]
    pyt.manual_seed(0)
    b = pm(pyt.tensor(x))[0]
    c = pm(pyt.tensor(x))[0]
    np.testing.assert_array_equal(_np(a), _np(b))  # same seed, same masks
    assert not np.allclose(_np(a), _np(c))
    pm.eval()
    assert not np.allclose(_np(a), _np(pm(pyt.tensor(x))[0]))


def test_dropout_single_layer_warns_like_torch():
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers greater than 1"):
        pyt.nn.GRU(2, 3, dropout=0.2)


# ----------------------------------------------------------------------------- cells
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize(
    "cls,kw", [("LSTMCell", {}), ("GRUCell", {}), ("RNNCell", {}), ("RNNCell", {"nonlinearity": "relu"}),
               ("LSTMCell", {"bias": False}), ("GRUCell", {"bias": False})]
)
@pytest.mark.parametrize("batched", [True, False])
def test_cells_match_torch(cls, kw, dtype, batched):
    pm, tm = _pair(cls, 3, 4, dtype=dtype, **kw)
    rng = np.random.default_rng(5)
    lead = (2,) if batched else ()
    npd = DT[dtype][2]
    px, tx = _both(rng.standard_normal(lead + (3,)).astype(npd))
    ph, th = _both(rng.standard_normal(lead + (4,)).astype(npd))
    leaves = [((px, tx), "input"), ((ph, th), "hx")]
    if cls == "LSTMCell":
        pc, tc = _both(rng.standard_normal(lead + (4,)).astype(npd))
        leaves.append(((pc, tc), "cx"))
        pout = pm(px, (ph, pc))
        tout = tm(tx, (th, tc))
    else:
        pout, tout = (pm(px, ph),), (tm(tx, th),)
    for a, b in zip(pout, tout):
        assert tuple(a.shape) == tuple(b.shape)
        _close(a, b, dtype, "cell output")
    _loss(pyt, pout[0], pout[1:]).backward()
    _loss(torch, tout[0], tout[1:]).backward()
    _compare_grads(pm, tm, leaves, dtype)
    # hx omitted: zeros
    _close(pm(px)[0] if cls == "LSTMCell" else pm(px), tm(tx)[0] if cls == "LSTMCell" else tm(tx), dtype, "no hx")


@pytest.mark.parametrize("op,G", [("lstm_cell", 4), ("gru_cell", 3), ("rnn_tanh_cell", 1), ("rnn_relu_cell", 1)])
@pytest.mark.parametrize("bias", [True, False])
def test_cell_ops_gradcheck(op, G, bias):
    rng = np.random.default_rng(6)
    B, I, H = 2, 3, 2

    def t(*s):
        return pyt.tensor(rng.standard_normal(s), dtype=pyt.float64, requires_grad=True)

    x, h, c, wi, wh = t(B, I), t(B, H), t(B, H), t(G * H, I), t(G * H, H)
    bi, bh = (t(G * H), t(G * H)) if bias else (None, None)
    if op == "lstm_cell":
        fn = lambda x, h, c, wi, wh, *b: pyt.lstm_cell(x, (h, c), wi, wh, *b)  # noqa: E731
        args = [x, h, c, wi, wh] + ([bi, bh] if bias else [])
    else:
        fn = lambda x, h, wi, wh, *b: getattr(pyt, op)(x, h, wi, wh, *b)  # noqa: E731
        args = [x, h, wi, wh] + ([bi, bh] if bias else [])
    assert pyt.autograd.gradcheck(fn, args)


@pytest.mark.parametrize("mode", ["LSTM", "GRU", "RNN_TANH", "RNN_RELU"])
@pytest.mark.parametrize("reverse", [False, True])
def test_layer_op_gradcheck_packed(mode, reverse):
    rng = np.random.default_rng(7)
    G = {"LSTM": 4, "GRU": 3}.get(mode, 1)
    I, H, bs = 2, 2, [3, 2, 2, 1]

    def t(*s):
        return pyt.tensor(rng.standard_normal(s), dtype=pyt.float64, requires_grad=True)

    x, h, wi, wh, bi, bh = t(sum(bs), I), t(3, H), t(G * H, I), t(G * H, H), t(G * H), t(G * H)
    c = t(3, H) if mode == "LSTM" else None

    def fn(x, h, wi, wh, bi, bh, *c):
        out, hn, cn = pyt._C._nn.rnn_layer(mode, x, bs, h, c[0] if c else None, wi, wh, bi, bh, reverse)
        return (out, hn) if cn is None else (out, hn, cn)

    assert pyt.autograd.gradcheck(fn, [x, h, wi, wh, bi, bh] + ([c] if c is not None else []))


def test_cell_grad_fn_names():
    x, h = pyt.randn(2, 3, requires_grad=True), pyt.randn(2, 4)
    cell = pyt.nn.LSTMCell(3, 4)
    assert cell(x, (h, h))[0].grad_fn.name() == "ThnnFusedLstmCellBackward0"
    assert pyt.nn.GRUCell(3, 4)(x, h).grad_fn.name() == "ThnnFusedGruCellBackward0"
    assert pyt.nn.RNNCell(3, 4)(x, h).grad_fn.name() == "TanhBackward0"
    w = pyt.randn(16, 3, requires_grad=True)
    out = pyt._C._nn.rnn_layer("LSTM", x, [2], h, h, w, pyt.randn(16, 4), None, None, False)
    assert all(t.grad_fn.name() == "MkldnnRnnLayerBackward0" for t in out)


# ------------------------------------------------------------------ names, repr, init
@pytest.mark.parametrize(
    "cls,kw",
    [("LSTM", dict(num_layers=2, bidirectional=True)), ("LSTM", dict(proj_size=2, bidirectional=True)),
     ("GRU", dict(num_layers=2, bias=False)), ("RNN", dict(nonlinearity="relu", num_layers=2)),
     ("LSTMCell", {}), ("GRUCell", dict(bias=False)), ("RNNCell", dict(nonlinearity="relu"))],
)
def test_state_dict_names_shapes_and_repr(cls, kw):
    tm = getattr(torch.nn, cls)(3, 5, **kw)
    pm = getattr(pyt.nn, cls)(3, 5, **kw)
    tsd, psd = tm.state_dict(), pm.state_dict()
    assert list(psd.keys()) == list(tsd.keys())
    for k in tsd:
        assert tuple(psd[k].shape) == tuple(tsd[k].shape), k
    assert repr(pm) == repr(tm)
    # default init: U(-1/sqrt(H), 1/sqrt(H)) for every parameter
    bound = 1 / np.sqrt(5)
    for p in pm.parameters():
        a = _np(p)
        assert a.min() >= -bound and a.max() <= bound
        if a.size >= 20:
            assert a.std() > bound / 4


def test_torch_state_dict_loads_and_matches():
    torch.manual_seed(3)
    tm = torch.nn.LSTM(4, 6, num_layers=2, bidirectional=True, batch_first=True)
    pm = pyt.nn.LSTM(4, 6, num_layers=2, bidirectional=True, batch_first=True)
    result = pm.load_state_dict({k: pyt.from_numpy(v.numpy().copy()) for k, v in tm.state_dict().items()})
    assert list(result.missing_keys) == [] and list(result.unexpected_keys) == []
    x = np.random.default_rng(8).standard_normal((2, 7, 4)).astype(np.float32)
    _close(pm(pyt.tensor(x))[0], tm(torch.tensor(x))[0], "float32", "output")


# ---------------------------------------------------------------------------- errors
def _err(fn):
    with pytest.raises(Exception) as e:
        fn()
    return e


@pytest.mark.parametrize(
    "build",
    [
        lambda nn: nn.LSTMCell(4, 5)(nn._T(3, 6)),
        lambda nn: nn.LSTMCell(4, 5)(nn._T(3, 4), (nn._T(2, 5), nn._T(2, 5))),
        lambda nn: nn.GRUCell(4, 5)(nn._T(3, 4), nn._T(3, 6)),
        lambda nn: nn.RNNCell(4, 5)(nn._T(2, 3, 4)),
        lambda nn: nn.LSTM(4, 5)(nn._T(2, 3, 6)),
        lambda nn: nn.LSTM(4, 5)(nn._T(2, 3, 4), (nn._T(1, 3, 6), nn._T(1, 3, 5))),
        lambda nn: nn.LSTM(4, 5)(nn._T(2, 3, 4), (nn._T(1, 3, 5), nn._T(1, 2, 5))),
        lambda nn: nn.GRU(4, 5)(nn._T(2, 3, 4), nn._T(2, 3, 5)),
        lambda nn: nn.GRU(4, 5)(nn._T(2, 3, 3, 4)),
        lambda nn: nn.GRU(4, 5)(nn._T(3, 4), nn._T(1, 3, 5)),
        lambda nn: nn.RNN(4, 5, nonlinearity="foo"),
        lambda nn: nn.RNN(4, 0),
        lambda nn: nn.RNN(4, 5.0),
        lambda nn: nn.RNN(4, 5, dropout=2),
        lambda nn: nn.RNN(4, 5, num_layers=0),
        lambda nn: nn.GRU(4, 5, proj_size=2),
        lambda nn: nn.LSTM(4, 5, proj_size=5),
    ],
)
def test_errors_match_torch(build):
    class NS:
        pass

    results = []
    for lib in (pyt, torch):
        ns = NS()
        for name in dir(lib.nn):
            setattr(ns, name, getattr(lib.nn, name))
        ns._T = lambda *s, lib=lib: lib.randn(*s)
        results.append(_err(lambda: build(ns)))
    pe, te = results
    assert pe.type is te.type, (pe.value, te.value)
    assert str(te.value) in str(pe.value), (str(pe.value), str(te.value))


def test_dtype_mismatch_raises():
    for lib in (pyt, torch):  # torch raises ValueError for an input not of the weights' dtype
        m = lib.nn.GRU(2, 3)
        with pytest.raises(ValueError, match="does not match weight dtype"):
            m(lib.randn(4, 1, 2, dtype=lib.float64))


# ------------------------------------------------------------------------ utils.rnn
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("lengths,enforce", [([4, 2, 1], True), ([2, 4, 1], False), ([3, 3, 3], True)])
def test_pack_pad_roundtrip_matches_torch(batch_first, lengths, enforce):
    a = np.random.default_rng(9).standard_normal((3, 4, 2) if batch_first else (4, 3, 2))
    px, tx = _both(a)
    p = prnn.pack_padded_sequence(px, lengths, batch_first=batch_first, enforce_sorted=enforce)
    t = trnn.pack_padded_sequence(tx, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=enforce)
    _close(p.data, t.data, "float64", "data")
    assert p.batch_sizes.tolist() == t.batch_sizes.tolist()
    for f in ("sorted_indices", "unsorted_indices"):
        a_, b_ = getattr(p, f), getattr(t, f)
        assert (a_ is None) == (b_ is None)
        if a_ is not None:
            assert a_.tolist() == b_.tolist()
    for kw in [dict(), dict(padding_value=-1.0, total_length=6)]:
        po, pl = prnn.pad_packed_sequence(p, batch_first=batch_first, **kw)
        to, tl = trnn.pad_packed_sequence(t, batch_first=batch_first, **kw)
        _close(po, to, "float64", "padded")
        assert pl.tolist() == tl.tolist() and pl.dtype == pyt.int64
    po, _ = prnn.pad_packed_sequence(p, batch_first=batch_first)
    to, _ = trnn.pad_packed_sequence(t, batch_first=batch_first)
    w = np.random.default_rng(1).standard_normal(tuple(to.shape))
    (po * pyt.tensor(w)).sum().backward()
    (to * torch.tensor(w)).sum().backward()
    _close(px.grad, tx.grad, "float64", "gradient through pack/pad")


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("side", ["right", "left"])
def test_pad_sequence_pack_sequence_unpack(batch_first, side):
    rng = np.random.default_rng(10)
    arrs = [rng.standard_normal((n, 2)) for n in (2, 5, 3)]
    ps = [pyt.tensor(a, requires_grad=True) for a in arrs]
    ts = [torch.tensor(a, requires_grad=True) for a in arrs]
    po = prnn.pad_sequence(ps, batch_first=batch_first, padding_value=7.0, padding_side=side)
    to = trnn.pad_sequence(ts, batch_first=batch_first, padding_value=7.0, padding_side=side)
    _close(po, to, "float64", "pad_sequence")
    po.sum().backward()
    to.sum().backward()
    for a, b in zip(ps, ts):
        _close(a.grad, b.grad, "float64", "pad_sequence grad")
    pp = prnn.pack_sequence(ps, enforce_sorted=False)
    tp = trnn.pack_sequence(ts, enforce_sorted=False)
    _close(pp.data, tp.data, "float64", "pack_sequence")
    for a, b in zip(prnn.unpack_sequence(pp), trnn.unpack_sequence(tp)):
        _close(a, b, "float64", "unpack_sequence")


def test_packing_errors():
    x = pyt.randn(3, 2, 1)
    with pytest.raises(RuntimeError, match="must be sorted in decreasing order"):
        prnn.pack_padded_sequence(x, [1, 3])
    with pytest.raises(RuntimeError, match="greater than 0"):
        prnn.pack_padded_sequence(x, [3, 0])
    p = prnn.pack_padded_sequence(x, [3, 2])
    with pytest.raises(ValueError, match="total_length"):
        prnn.pad_packed_sequence(p, total_length=2)
    with pytest.raises(ValueError, match="padding_side"):
        prnn.pad_sequence([x[0]], padding_side="middle")


def test_thread_count_does_not_change_results():
    m = pyt.nn.LSTM(16, 32, num_layers=2, bidirectional=True)
    x = pyt.randn(7, 5, 16, requires_grad=True)
    res = []
    old = pyt.get_num_threads()
    try:
        for n in (1, 2):
            pyt.set_num_threads(n)
            x.grad = None
            for p in m.parameters():
                p.grad = None
            out, _ = m(x)
            out.sum().backward()
            res.append([_np(out), _np(x.grad)] + [_np(p.grad) for p in m.parameters()])
    finally:
        pyt.set_num_threads(old)
    for a, b in zip(*res):
        np.testing.assert_array_equal(a, b)
