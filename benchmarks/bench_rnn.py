#!/usr/bin/env python3
"""pyt vs torch on the recurrent and attention layers, side by side in one process.

The harness (alternating rounds, median per call, ratio = pyt_ms / torch_ms) is
bench_train.py's. Without ``--threads`` the whole table runs twice, at 1 and at 2 threads.
Workloads (forward + backward of a sum, float32, same inputs in both frameworks):

- ``lstm2_256``: 2-layer LSTM(256, 256) over seq 35 x batch 20 (issue 5 target <= 1.2);
- ``gru2_256``, ``lstm_bi_packed``: a 2-layer GRU, a bidirectional LSTM on a packed batch;
- ``encoder_layer_256``: TransformerEncoderLayer(d_model 256, 4 heads), seq 128 x batch 16,
  batch_first, train mode (issue 5 target <= 1.2);
- ``sdpa_16x4x128x64``, ``mha_256``: attention alone.

Usage::

    python benchmarks/bench_rnn.py                  # 1 and 2 threads
    python benchmarks/bench_rnn.py --threads 2 --only lstm
    python benchmarks/bench_rnn.py --quick          # one short round each
"""

from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_train  # noqa: E402


def _np(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape, dtype=np.float32)


def _same_weights(pm, tm):
    """Copy torch's parameters into the pyt module (through numpy)."""
    import pyt

    pm.load_state_dict({k: pyt.from_numpy(v.detach().numpy().copy()) for k, v in tm.state_dict().items()})


def _pair_module(fw, make):
    """The module for fw; pyt's gets torch's weights so both compute the same thing."""
    import torch

    torch.manual_seed(0)
    tm = make(torch)
    if fw is torch:
        return tm
    pm = make(fw)
    _same_weights(pm, tm)
    return pm


def lstm2_256(fw, seed=0):
    """2-layer LSTM(256) forward + backward over (35, 20, 256)."""
    m = _pair_module(fw, lambda f: f.nn.LSTM(256, 256, num_layers=2))
    x = fw.from_numpy(_np((35, 20, 256), seed)).requires_grad_(True)

    def step():
        out, (h, c) = m(x)
        out.sum().backward()
    return step


def gru2_256(fw, seed=0):
    """2-layer GRU(256) forward + backward over (35, 20, 256)."""
    m = _pair_module(fw, lambda f: f.nn.GRU(256, 256, num_layers=2))
    x = fw.from_numpy(_np((35, 20, 256), seed)).requires_grad_(True)

    def step():
        out, h = m(x)
        out.sum().backward()
    return step


def lstm_bi_packed(fw, seed=0):
    """Bidirectional LSTM(128) over a packed batch of 20 sequences of lengths 35..16."""
    m = _pair_module(fw, lambda f: f.nn.LSTM(128, 128, bidirectional=True))
    x = fw.from_numpy(_np((35, 20, 128), seed)).requires_grad_(True)
    lengths = list(range(35, 15, -1))
    rnn_utils = __import__(fw.__name__ + ".nn.utils.rnn", fromlist=["rnn"])

    def step():
        p = rnn_utils.pack_padded_sequence(x, lengths)
        out, _ = m(p)
        out.data.sum().backward()
    return step


def encoder_layer_256(fw, seed=0):
    """TransformerEncoderLayer(256, 4 heads) forward + backward on (16, 128, 256), train mode."""
    m = _pair_module(fw, lambda f: f.nn.TransformerEncoderLayer(256, 4, batch_first=True))
    x = fw.from_numpy(_np((16, 128, 256), seed)).requires_grad_(True)

    def step():
        m(x).sum().backward()
    return step


def sdpa_16x4x128x64(fw, seed=0):
    """scaled_dot_product_attention forward + backward, (16, 4, 128, 64), causal."""
    q, k, v = (fw.from_numpy(_np((16, 4, 128, 64), seed + i)).requires_grad_(True) for i in range(3))
    F = fw.nn.functional

    def step():
        F.scaled_dot_product_attention(q, k, v, is_causal=True).sum().backward()
    return step


def mha_256(fw, seed=0):
    """MultiheadAttention(256, 4) self-attention forward + backward, (16, 128, 256), need_weights=False."""
    m = _pair_module(fw, lambda f: f.nn.MultiheadAttention(256, 4, batch_first=True))
    x = fw.from_numpy(_np((16, 128, 256), seed)).requires_grad_(True)

    def step():
        out, _ = m(x, x, x, need_weights=False)
        out.sum().backward()
    return step


BENCHMARKS = [
    ("lstm2_256", lstm2_256),
    ("gru2_256", gru2_256),
    ("lstm_bi_packed", lstm_bi_packed),
    ("encoder_layer_256", encoder_layer_256),
    ("sdpa_16x4x128x64", sdpa_16x4x128x64),
    ("mha_256", mha_256),
]


if __name__ == "__main__":
    bench_train.BENCHMARKS = BENCHMARKS
    argv = sys.argv[1:]
    if "--threads" in argv or any(a.startswith("--threads=") for a in argv):
        sys.exit(bench_train.main(argv))
    rc = 0
    for n in (1, 2):
        rc |= bench_train.main(argv + ["--threads", str(n)])
        print()
    sys.exit(rc)
