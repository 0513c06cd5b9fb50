"""Differential tests of attention against torch: F.scaled_dot_product_attention (masks,
causal, scale, GQA, dropout statistics, gradcheck and gradgradcheck in float64),
nn.MultiheadAttention (self / cross attention, kdim/vdim, masks, need_weights, averaging,
batch_first, unbatched, bias_kv, zero_attn, train/eval) and the Transformer layers (which
need nn.LayerNorm and F.gelu; skipped while those are missing). Weights come from torch
through numpy."""

import numpy as np
import pyt
import pytest
import torch
import torch.nn.functional as TF

F = pyt.nn.functional
HAS_NORM = hasattr(pyt.nn, "LayerNorm") and hasattr(F, "gelu")
needs_norm = pytest.mark.skipif(not HAS_NORM, reason="pyt.nn.LayerNorm / F.gelu not available yet")
TOL = {"float32": dict(rtol=1e-4, atol=1e-5), "float64": dict(rtol=1e-9, atol=1e-11)}


def _np(t):
    return np.array(t.detach().numpy(), copy=True)


def _close(p, t, dtype="float64", what=""):
    np.testing.assert_allclose(_np(p), _np(t), err_msg=what, **TOL[dtype])


def _both(a, grad=True):
    p, t = pyt.tensor(np.array(a, copy=True)), torch.tensor(np.array(a, copy=True))
    if grad and np.asarray(a).dtype.kind == "f":
        p.requires_grad_(True)
        t.requires_grad_(True)
    return p, t


def _pair(cls, *args, dtype=torch.float64, **kw):
    torch.manual_seed(0)
    tm = getattr(torch.nn, cls)(*args, **kw).to(dtype)
    pm = getattr(pyt.nn, cls)(*args, **kw).to(pyt.float64 if dtype == torch.float64 else pyt.float32)
    assert list(pm.state_dict().keys()) == list(tm.state_dict().keys())
    pm.load_state_dict({k: pyt.tensor(_np(v)) for k, v in tm.state_dict().items()})
    return pm, tm


# ---------------------------------------------------------------------------- sdpa
SDPA_CASES = {
    "plain": dict(),
    "bool_mask": dict(mask="bool"),
    "float_mask": dict(mask="float"),
    "causal": dict(is_causal=True),
    "scale": dict(scale=0.25),
    "bool_mask_full_row": dict(mask="bool_row"),
}


def _sdpa_inputs(case, rng, L=5, S=6, E=4):
    q, k, v = (rng.standard_normal(s) for s in [(2, 3, L, E), (2, 3, S, E), (2, 3, S, 3)])
    kw = {k_: v_ for k_, v_ in SDPA_CASES[case].items() if k_ != "mask"}
    mask = None
    m = SDPA_CASES[case].get("mask")
    if m == "bool":
        mask = rng.random((L, S)) < 0.7
        mask[:, 0] = True
    elif m == "bool_row":
        mask = rng.random((2, 1, L, S)) < 0.7
        mask[0, 0, 1] = False  # a query with no key: zeros
    elif m == "float":
        mask = rng.standard_normal((1, 3, L, S))
    return q, k, v, mask, kw


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", list(SDPA_CASES))
def test_sdpa_matches_torch(case, dtype):
    rng = np.random.default_rng(0)
    q, k, v, mask, kw = _sdpa_inputs(case, rng)
    npd = np.float32 if dtype == "float32" else np.float64
    pq, tq = _both(q.astype(npd))
    pk, tk = _both(k.astype(npd))
    pv, tv = _both(v.astype(npd))
    pm = tm = None
    if mask is not None:
        pm, tm = _both(mask.astype(npd) if mask.dtype.kind == "f" else mask)
    po = F.scaled_dot_product_attention(pq, pk, pv, attn_mask=pm, **kw)
    to = TF.scaled_dot_product_attention(tq, tk, tv, attn_mask=tm, **kw)
    _close(po, to, dtype, "output")
    w = np.random.default_rng(1).standard_normal(tuple(to.shape)).astype(npd)
    (po * pyt.tensor(w)).sum().backward()
    (to * torch.tensor(w)).sum().backward()
    for a, b, n in [(pq, tq, "q"), (pk, tk, "k"), (pv, tv, "v")] + (
        [(pm, tm, "mask")] if mask is not None and mask.dtype.kind == "f" else []
    ):
        _close(a.grad, b.grad, dtype, f"grad {n}")


@pytest.mark.parametrize("case", ["plain", "bool_mask", "float_mask", "causal", "scale"])
def test_sdpa_gradcheck_and_gradgradcheck(case):
    rng = np.random.default_rng(2)
    q, k, v, mask, kw = _sdpa_inputs(case, rng, L=3, S=4, E=2)
    ts = [pyt.tensor(a, requires_grad=True) for a in (q[:1, :2], k[:1, :2], v[:1, :2])]
    args = list(ts)
    if mask is not None and mask.dtype.kind == "f":
        args.append(pyt.tensor(mask[..., :3, :4][:, :2].copy(), requires_grad=True))
    elif mask is not None:
        args.append(pyt.tensor(mask[:3, :4].copy()))

    def fn(q, k, v, *m):
        return F.scaled_dot_product_attention(q, k, v, attn_mask=m[0] if m else None, **kw)

    assert pyt.autograd.gradcheck(fn, args)
    assert pyt.autograd.gradgradcheck(fn, args)


def test_sdpa_gqa_matches_torch():
    rng = np.random.default_rng(3)
    pq, tq = _both(rng.standard_normal((2, 4, 3, 5)))
    pk, tk = _both(rng.standard_normal((2, 2, 6, 5)))
    pv, tv = _both(rng.standard_normal((2, 2, 6, 2)))
    po = F.scaled_dot_product_attention(pq, pk, pv, enable_gqa=True)
    to = TF.scaled_dot_product_attention(tq, tk, tv, enable_gqa=True)
    _close(po, to)
    po.sum().backward()
    to.sum().backward()
    _close(pk.grad, tk.grad)
    _close(pv.grad, tv.grad)


def test_sdpa_dropout_statistics_and_determinism():
    q = pyt.zeros(1, 1, 64, 8)
    k = pyt.zeros(1, 1, 256, 8)
    v = pyt.ones(1, 1, 256, 8)
    pyt.manual_seed(0)
    a = F.scaled_dot_product_attention(q, k, v, dropout_p=0.25)
    pyt.manual_seed(0)
    b = F.scaled_dot_product_attention(q, k, v, dropout_p=0.25)
    np.testing.assert_array_equal(_np(a), _np(b))
    # uniform weights 1/256, kept with prob 0.75 and rescaled by 1/0.75: mean stays 1
    assert abs(float(a.mean()) - 1.0) < 0.05
    assert float(a.std()) > 0.01
    assert float(F.scaled_dot_product_attention(q, k, v, dropout_p=1.0).abs().sum()) == 0.0


def test_sdpa_errors():
    q = pyt.randn(2, 3, 4)
    with pytest.raises(RuntimeError, match="attn_mask should not be set when is_causal=True"):
        F.scaled_dot_product_attention(q, q, q, attn_mask=pyt.ones(3, 3, dtype=pyt.bool), is_causal=True)
    with pytest.raises(RuntimeError, match="same dtype"):
        F.scaled_dot_product_attention(q, q.double(), q)
    with pytest.raises(RuntimeError, match="key's last dim"):
        F.scaled_dot_product_attention(q, pyt.randn(2, 3, 5), q)
    with pytest.raises(RuntimeError, match="attn_mask dtype"):
        F.scaled_dot_product_attention(q, q, q, attn_mask=pyt.ones(3, 3, dtype=pyt.int64))
    with pytest.raises(RuntimeError):
        F.scaled_dot_product_attention(q, pyt.randn(2, 3, 4), pyt.randn(2, 5, 4))
    with pytest.raises(TypeError):
        F.scaled_dot_product_attention(q, q, 3)


def test_sdpa_thread_count_does_not_change_results():
    rng = np.random.default_rng(4)
    q, k, v = (pyt.tensor(rng.standard_normal((8, 4, 33, 16)).astype(np.float32), requires_grad=True) for _ in range(3))
    old = pyt.get_num_threads()
    res = []
    try:
        for n in (1, 2):
            pyt.set_num_threads(n)
            for t in (q, k, v):
                t.grad = None
            out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            out.sum().backward()
            res.append([_np(out), _np(q.grad), _np(k.grad), _np(v.grad)])
    finally:
        pyt.set_num_threads(old)
    for a, b in zip(*res):
        np.testing.assert_array_equal(a, b)


# ---------------------------------------------------------------- MultiheadAttention
MHA_CFGS = {
    "default": dict(),
    "batch_first": dict(batch_first=True),
    "kdim_vdim": dict(kdim=3, vdim=5),
    "bias_kv_zero_attn": dict(add_bias_kv=True, add_zero_attn=True),
    "no_bias": dict(bias=False),
}


@pytest.mark.parametrize("cfg", list(MHA_CFGS))
@pytest.mark.parametrize("need_weights,average", [(True, True), (True, False), (False, True)])
@pytest.mark.parametrize("masks", ["none", "bool", "float", "causal"])
@pytest.mark.parametrize("mode", ["self", "cross"])
def test_mha_matches_torch(cfg, need_weights, average, masks, mode):
    kw = MHA_CFGS[cfg]
    if mode == "self" and "kdim" in kw:
        pytest.skip("self-attention needs kdim == vdim == embed_dim")
    pm, tm = _pair("MultiheadAttention", 8, 2, **kw)
    rng = np.random.default_rng(5)
    bf = kw.get("batch_first", False)
    L, S, N = 4, 4 if mode == "self" else 6, 3

    def seq(n, e):
        return rng.standard_normal((N, n, e) if bf else (n, N, e))

    pq, tq = _both(seq(L, 8))
    if mode == "self":
        pk, tk, pv, tv = pq, tq, pq, tq
    else:
        pk, tk = _both(seq(S, kw.get("kdim", 8)))
        pv, tv = _both(seq(S, kw.get("vdim", 8)))
    args = {}
    if masks == "bool":
        kpm = np.zeros((N, S), bool)
        kpm[0, -1] = True
        am = rng.random((L, S)) < 0.3
        am[:, 0] = False
        args = dict(key_padding_mask=_both(kpm), attn_mask=_both(am))
    elif masks == "float":
        args = dict(attn_mask=_both(rng.standard_normal((N * 2, L, S)), grad=False))
    elif masks == "causal":
        if mode == "cross":
            pytest.skip("causal self-attention only")
        cm = torch.nn.Transformer.generate_square_subsequent_mask(L).double().numpy()
        args = dict(attn_mask=_both(cm, grad=False), is_causal=True)
    pargs = {k: (v[0] if isinstance(v, tuple) else v) for k, v in args.items()}
    targs = {k: (v[1] if isinstance(v, tuple) else v) for k, v in args.items()}
    po, pw = pm(pq, pk, pv, need_weights=need_weights, average_attn_weights=average, **pargs)
    to, tw = tm(tq, tk, tv, need_weights=need_weights, average_attn_weights=average, **targs)
    _close(po, to, what="output")
    if need_weights:
        assert tuple(pw.shape) == tuple(tw.shape)
        _close(pw, tw, what="weights")
    else:
        assert pw is None and tw is None
    wt = np.random.default_rng(6).standard_normal(tuple(to.shape))
    (po * pyt.tensor(wt)).sum().backward()
    (to * torch.tensor(wt)).sum().backward()
    _close(pq.grad, tq.grad, what="query grad")
    if mode == "cross":
        _close(pk.grad, tk.grad, what="key grad")
        _close(pv.grad, tv.grad, what="value grad")
    for (n, a), (_, b) in zip(pm.named_parameters(), tm.named_parameters()):
        _close(a.grad, b.grad, what=f"grad of {n}")


def test_mha_unbatched_and_eval_dropout():
    pm, tm = _pair("MultiheadAttention", 8, 4, dropout=0.3)
    pm.eval()
    tm.eval()
    x = np.random.default_rng(7).standard_normal((5, 8))
    px, tx = _both(x)
    po, pw = pm(px, px, px)
    to, tw = tm(tx, tx, tx)
    assert tuple(po.shape) == (5, 8) and tuple(pw.shape) == (5, 5)
    _close(po, to)
    _close(pw, tw)
    pm.train()
    pyt.manual_seed(1)
    a, _ = pm(px, px, px, need_weights=False)
    assert not np.allclose(_np(a), _np(po))


def test_mha_init_names_and_repr():
    for kw in [dict(), dict(kdim=3, vdim=5), dict(add_bias_kv=True), dict(bias=False)]:
        pm = pyt.nn.MultiheadAttention(8, 2, **kw)
        tm = torch.nn.MultiheadAttention(8, 2, **kw)
        assert list(pm.state_dict()) == list(tm.state_dict())
        for k, v in tm.state_dict().items():
            assert tuple(pm.state_dict()[k].shape) == tuple(v.shape)
        assert repr(pm) == repr(tm)
    m = pyt.nn.MultiheadAttention(8, 2)
    assert float(m.in_proj_bias.abs().sum()) == 0 and float(m.out_proj.bias.abs().sum()) == 0
    bound = np.sqrt(6 / (8 + 24))  # xavier_uniform on (24, 8)
    w = _np(m.in_proj_weight)
    assert np.abs(w).max() <= bound and w.std() > bound / 4


def test_mha_errors():
    with pytest.raises(ValueError, match="must be greater than 0"):
        pyt.nn.MultiheadAttention(0, 2)
    with pytest.raises(AssertionError, match="divisible"):
        pyt.nn.MultiheadAttention(6, 4)
    m = pyt.nn.MultiheadAttention(8, 2)
    x = pyt.randn(4, 2, 8)
    with pytest.raises(RuntimeError, match="2D attn_mask"):
        m(x, x, x, attn_mask=pyt.zeros(3, 4))
    with pytest.raises(AssertionError, match="embedding dimension"):
        m(pyt.randn(4, 2, 6), x, x)
    with pytest.raises(AssertionError, match="key_padding_mask"):
        m(x, x, x, key_padding_mask=pyt.zeros(2, 5, dtype=pyt.bool))
    with pytest.raises(RuntimeError, match="Need attn_mask"):
        m(x, x, x, is_causal=True)


# ----------------------------------------------------------------------- Transformer
@needs_norm
@pytest.mark.parametrize(
    "kw",
    [dict(), dict(norm_first=True), dict(activation="gelu"), dict(batch_first=True), dict(bias=False)],
    ids=lambda k: "-".join(f"{a}={b}" for a, b in k.items()) or "default",
)
@pytest.mark.parametrize("masks", [False, True])
def test_encoder_layer_matches_torch(kw, masks):
    pm, tm = _pair("TransformerEncoderLayer", 8, 2, dim_feedforward=16, dropout=0.0, **kw)
    rng = np.random.default_rng(8)
    bf = kw.get("batch_first", False)
    px, tx = _both(rng.standard_normal((3, 5, 8) if bf else (5, 3, 8)))
    args = {}
    if masks:
        kpm = np.zeros((3, 5), bool)
        kpm[1, -2:] = True
        cm = torch.nn.Transformer.generate_square_subsequent_mask(5).double().numpy()
        args = dict(src_mask=_both(cm, grad=False), src_key_padding_mask=_both(kpm))
    po = pm(px, **{k: v[0] for k, v in args.items()})
    to = tm(tx, **{k: v[1] for k, v in args.items()})
    _close(po, to, what="output")
    po.sum().backward()
    to.sum().backward()
    _close(px.grad, tx.grad, what="input grad")
    for (n, a), (_, b) in zip(pm.named_parameters(), tm.named_parameters()):
        _close(a.grad, b.grad, what=f"grad of {n}")


@needs_norm
@pytest.mark.parametrize("kw", [dict(), dict(norm_first=True, activation="gelu"), dict(batch_first=True)])
def test_transformer_matches_torch(kw):
    pm, tm = _pair("Transformer", 8, 2, 2, 2, 16, dropout=0.0, **kw)
    rng = np.random.default_rng(9)
    bf = kw.get("batch_first", False)
    ps, ts = _both(rng.standard_normal((3, 5, 8) if bf else (5, 3, 8)))
    pt, tt = _both(rng.standard_normal((3, 4, 8) if bf else (4, 3, 8)))
    mask = torch.nn.Transformer.generate_square_subsequent_mask(4).double()
    pmask = pyt.nn.Transformer.generate_square_subsequent_mask(4, dtype=pyt.float64)
    _close(pmask, mask, what="causal mask")
    mkpm = np.zeros((3, 5), bool)
    mkpm[2, -1] = True
    po = pm(ps, pt, tgt_mask=pmask, memory_key_padding_mask=pyt.tensor(mkpm), src_key_padding_mask=pyt.tensor(mkpm))
    to = tm(ts, tt, tgt_mask=mask, memory_key_padding_mask=torch.tensor(mkpm), src_key_padding_mask=torch.tensor(mkpm))
    _close(po, to, what="output")
    po.sum().backward()
    to.sum().backward()
    _close(ps.grad, ts.grad, what="src grad")
    _close(pt.grad, tt.grad, what="tgt grad")
    for (n, a), (_, b) in zip(pm.named_parameters(), tm.named_parameters()):
        _close(a.grad, b.grad, what=f"grad of {n}")


@needs_norm
def test_transformer_names_repr_init_and_errors():
    kw = dict(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=16)
    pm, tm = pyt.nn.Transformer(**kw), torch.nn.Transformer(**kw)
    assert list(pm.state_dict()) == list(tm.state_dict())
    assert repr(pm) == repr(tm)
    enc_l = pyt.nn.TransformerEncoderLayer(8, 2, 16)
    enc = pyt.nn.TransformerEncoder(enc_l, 3)
    tenc = torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(8, 2, 16), 3, enable_nested_tensor=False)
    assert list(enc.state_dict()) == list(tenc.state_dict())
    assert enc.layers[0].linear1.weight is not enc.layers[1].linear1.weight
    dec = pyt.nn.TransformerDecoder(pyt.nn.TransformerDecoderLayer(8, 2, 16), 2, norm=pyt.nn.LayerNorm(8))
    tdec = torch.nn.TransformerDecoder(torch.nn.TransformerDecoderLayer(8, 2, 16), 2, norm=torch.nn.LayerNorm(8))
    assert list(dec.state_dict()) == list(tdec.state_dict())
    with pytest.raises(RuntimeError, match="batch number of src and tgt"):
        pm(pyt.randn(5, 2, 8), pyt.randn(4, 3, 8))
    with pytest.raises(RuntimeError, match="feature number"):
        pm(pyt.randn(5, 2, 8), pyt.randn(4, 2, 6))
    with pytest.raises(RuntimeError, match="activation should be relu/gelu"):
        pyt.nn.TransformerEncoderLayer(8, 2, activation="tanh")


@needs_norm
def test_decoder_stack_and_callable_activation_train_eval():
    pm, tm = _pair("TransformerDecoderLayer", 8, 2, 16, dropout=0.2, activation=torch.tanh)
    pm = pyt.nn.TransformerDecoderLayer(8, 2, 16, dropout=0.2, activation=pyt.tanh).double()
    pm.load_state_dict({k: pyt.tensor(_np(v)) for k, v in tm.state_dict().items()})
    pdec = pyt.nn.TransformerDecoder(pm, 2)
    tdec = torch.nn.TransformerDecoder(tm, 2)
    pdec.eval()
    tdec.eval()
    rng = np.random.default_rng(10)
    t, m = rng.standard_normal((4, 2, 8)), rng.standard_normal((6, 2, 8))
    _close(pdec(pyt.tensor(t), pyt.tensor(m)), tdec(torch.tensor(t), torch.tensor(m)), what="eval output")
    pdec.train()
    a = pdec(pyt.tensor(t), pyt.tensor(m))
    assert not np.allclose(_np(a), _np(tdec(torch.tensor(t), torch.tensor(m))))
