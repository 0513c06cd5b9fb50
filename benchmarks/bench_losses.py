#!/usr/bin/env python3
"""pyt vs torch on the losses (forward + backward), side by side in one process.

The harness (alternating rounds, median per call, ratio = pyt_ms / torch_ms) and the options
are bench_train.py's; only the workloads differ. Inputs are float32, 256x1000 for the
elementwise and per-class losses (standard normal logits/predictions; class-index targets
for cross_entropy and multi_margin_loss, 3 labels per row for multilabel_margin_loss), and (T=50, N=16, C=20) log-probs
with targets of length 10 for CTC.

Usage::

    python benchmarks/bench_losses.py                 # everything
    python benchmarks/bench_losses.py --only ctc bce
    python benchmarks/bench_losses.py --quick         # one short round each
"""

from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_train  # noqa: E402


def _elementwise(name, target_kind="binary", **kwargs):
    """A workload factory: fw.nn.functional.<name>(x, target).backward() on 256x1000."""

    def factory(fw, seed=0):
        rng = np.random.default_rng(seed)
        x = fw.from_numpy(rng.standard_normal((256, 1000), dtype=np.float32)).requires_grad_()
        if target_kind == "binary":
            t = (rng.random((256, 1000)) > 0.5).astype(np.float32)
        elif target_kind == "sign":
            t = np.where(rng.random((256, 1000)) > 0.5, 1.0, -1.0).astype(np.float32)
        elif target_kind == "index":
            t = rng.integers(0, 1000, 256)
        elif target_kind == "labels":  # multilabel targets: 3 labels then -1
            t = np.full((256, 1000), -1, dtype=np.int64)
            t[:, :3] = rng.integers(0, 1000, (256, 3))
        elif target_kind == "prob":
            t = rng.random((256, 1000)).astype(np.float32)
            t /= t.sum(1, keepdims=True)
        elif target_kind == "pos":
            t = rng.random((256, 1000)).astype(np.float32) * 3
        else:
            t = rng.standard_normal((256, 1000), dtype=np.float32)
        tgt = fw.from_numpy(t)
        fn = getattr(fw.nn.functional, name)

        def step():
            x.grad = None
            fn(x, tgt, **kwargs).backward()

        return step

    return factory


def _ctc(fw, seed=0):
    rng = np.random.default_rng(seed)
    logits = fw.from_numpy(rng.standard_normal((50, 16, 20), dtype=np.float32)).requires_grad_()
    targets = fw.from_numpy(rng.integers(1, 20, (16, 10)))
    il = fw.from_numpy(np.full(16, 50))
    tl = fw.from_numpy(np.full(16, 10))

    def step():
        logits.grad = None
        fw.nn.functional.ctc_loss(logits.log_softmax(2), targets, il, tl).backward()

    return step


BENCHMARKS = [
    ("ctc_loss_T50_N16_C20_S10", _ctc),
    ("bce_with_logits", _elementwise("binary_cross_entropy_with_logits")),
    ("l1_loss", _elementwise("l1_loss", "normal")),
    ("smooth_l1_loss", _elementwise("smooth_l1_loss", "normal")),
    ("huber_loss", _elementwise("huber_loss", "normal")),
    ("soft_margin_loss", _elementwise("soft_margin_loss", "sign")),
    ("cross_entropy_label_smoothing", _elementwise("cross_entropy", "index", label_smoothing=0.1)),
    ("mse_loss", _elementwise("mse_loss", "normal")),
    ("multi_margin_loss", _elementwise("multi_margin_loss", "index")),
    ("multilabel_margin_loss", _elementwise("multilabel_margin_loss", "labels")),
    ("multilabel_soft_margin_loss", _elementwise("multilabel_soft_margin_loss", "binary")),
    ("kl_div", _elementwise("kl_div", "prob", reduction="batchmean")),
    ("poisson_nll_loss", _elementwise("poisson_nll_loss", "pos")),
]


if __name__ == "__main__":
    bench_train.BENCHMARKS = BENCHMARKS
    sys.exit(bench_train.main())
