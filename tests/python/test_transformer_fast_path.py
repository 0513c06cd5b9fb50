"""TransformerEncoder's sparsity fast path, differential against torch 2.13: in eval mode
without grad, a batch-first encoder given a src_key_padding_mask returns exactly 0 at the
padded positions (torch's nested-tensor computation); elsewhere the padded computation."""

import warnings

import numpy as np
import pytest
import torch

import pyt


def _pair(batch_first=True, nhead=2, norm=False, activation="relu", num_layers=2, **enc_kw):
    torch.manual_seed(0)
    tl = torch.nn.TransformerEncoderLayer(
        8, nhead, 16, dropout=0.0, batch_first=batch_first, activation=activation
    )
    pl = pyt.nn.TransformerEncoderLayer(
        8, nhead, 16, dropout=0.0, batch_first=batch_first, activation=activation
    )
    with warnings.catch_warnings(record=True) as tw:
        warnings.simplefilter("always")
        tenc = torch.nn.TransformerEncoder(
            tl, num_layers, norm=torch.nn.LayerNorm(8) if norm else None, **enc_kw
        )
    with warnings.catch_warnings(record=True) as pw:
        warnings.simplefilter("always")
        penc = pyt.nn.TransformerEncoder(
            pl, num_layers, norm=pyt.nn.LayerNorm(8) if norm else None, **enc_kw
        )
    assert [str(w.message) for w in pw] == [str(w.message) for w in tw]
    sd = {k: pyt.from_numpy(v.detach().numpy().copy()) for k, v in tenc.state_dict().items()}
    penc.load_state_dict(sd)
    assert penc.use_nested_tensor == tenc.use_nested_tensor
    return tenc, penc


def _inputs(batch_first=True, mask_rows=((5,), (3,), (6,)), S=6):
    x = np.random.default_rng(1).standard_normal((3, S, 8)).astype(np.float32)
    if not batch_first:
        x = x.transpose(1, 0, 2).copy()
    m = np.zeros((3, S), dtype=bool)
    for i, row in enumerate(mask_rows):
        if len(row) == 1:
            m[i, row[0]:] = True  # pad a suffix
        else:
            m[i, list(row)] = True
    return x, m


def _run(tenc, penc, x, m, grad=False, train=False):
    tenc.train(train)
    penc.train(train)
    if grad:
        t = tenc(torch.from_numpy(x), src_key_padding_mask=torch.from_numpy(m))
        p = penc(pyt.from_numpy(x), src_key_padding_mask=pyt.from_numpy(m))
    else:
        with torch.no_grad():
            t = tenc(torch.from_numpy(x), src_key_padding_mask=torch.from_numpy(m))
        with pyt.no_grad():
            p = penc(pyt.from_numpy(x), src_key_padding_mask=pyt.from_numpy(m))
    return t.detach().numpy(), p.detach().numpy()


@pytest.mark.parametrize("activation", ["relu", "gelu"])
def test_eval_no_grad_zeros_padded_positions(activation):
    tenc, penc = _pair(activation=activation)
    x, m = _inputs()
    t, p = _run(tenc, penc, x, m)
    assert (t[m] == 0).all()  # torch's fast path
    assert (p[m] == 0).all()
    np.testing.assert_allclose(p, t, rtol=1e-4, atol=1e-5)


def test_fully_padded_row_and_final_norm():
    tenc, penc = _pair(norm=True)
    x, m = _inputs(mask_rows=((0,), (3,), (6,)))
    t, p = _run(tenc, penc, x, m)
    # norm runs after the padding back: its bias at padded positions
    np.testing.assert_allclose(p, t, rtol=1e-4, atol=1e-5)


def test_not_left_aligned_mask_uses_padded_computation():
    tenc, penc = _pair()
    x, m = _inputs(mask_rows=((0, 2), (3,), (6,)))
    t, p = _run(tenc, penc, x, m)
    assert not (t[m] == 0).all()
    np.testing.assert_allclose(p, t, rtol=1e-4, atol=1e-5)


def test_no_mask_check_takes_first_positions():
    # mask_check=False: torch keeps the first (~mask).sum() positions of each row
    tenc, penc = _pair(mask_check=False)
    x, m = _inputs(mask_rows=((0, 2), (3,), (6,)))
    t, p = _run(tenc, penc, x, m)
    np.testing.assert_allclose(p, t, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize(
    "kw,run_kw",
    [
        (dict(), dict(grad=True)),  # grad needed: no fast path
        (dict(), dict(train=True)),  # training mode
        (dict(enable_nested_tensor=False), dict()),
        (dict(nhead=1), dict()),  # odd num_heads: a warning, no fast path
        (dict(batch_first=False), dict()),
    ],
)
def test_no_fast_path_computes_padded_positions(kw, run_kw):
    tenc, penc = _pair(**kw)
    x, m = _inputs(batch_first=kw.get("batch_first", True))
    t, p = _run(tenc, penc, x, m, **run_kw)
    np.testing.assert_allclose(p, t, rtol=1e-4, atol=1e-5)
    pad = m if kw.get("batch_first", True) else m.T
    assert not (p[pad] == 0).all()


def test_warning_message_matches_torch():
    with pytest.warns(UserWarning, match="self.use_nested_tensor is False because encoder_layer"):
        pyt.nn.TransformerEncoder(pyt.nn.TransformerEncoderLayer(8, 2), 1)
