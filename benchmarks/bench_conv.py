#!/usr/bin/env python3
"""Convolution and pooling workloads, pyt vs torch side by side in one process.

Each workload is built with the same shapes and input values in both frameworks and timed in
alternating rounds (pyt, torch, pyt, torch, ...) after a warm-up, with both frameworks set
to the same thread count. A round runs the workload ``inner`` times (``inner`` chosen so a
torch round lasts at least ``--min-round-ms``); the reported time is the median per-call time
over rounds and ``ratio`` = pyt_ms / torch_ms (below 1: pyt is faster). Issue 5's targets:
``conv2d_fwd_bwd`` <= 1.2 and ``lenet_train_step`` <= 1.0.

Usage::

    python benchmarks/bench_conv.py                    # 1 and 2 threads
    python benchmarks/bench_conv.py --threads 2 --only lenet
    python benchmarks/bench_conv.py --quick            # one short round each

On a shared, loaded machine the ratios are directions, not claims.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


def _rng(seed=0):
    return np.random.default_rng(seed)


def conv2d_fwd_bwd(fw):
    """Conv2d(3, 64, 3, padding=1) on (32, 3, 56, 56): forward + backward (weight, bias)."""
    rng = _rng()
    x = fw.from_numpy(rng.standard_normal((32, 3, 56, 56), dtype=np.float32))
    fw.manual_seed(0)
    m = fw.nn.Conv2d(3, 64, 3, padding=1)

    def run():
        m.zero_grad()
        m(x).sum().backward()

    return run


def conv2d_fwd_bwd_input(fw):
    """Conv2d(64, 64, 3, padding=1) on (8, 64, 28, 28), input requiring grad."""
    rng = _rng(1)
    x = fw.from_numpy(rng.standard_normal((8, 64, 28, 28), dtype=np.float32)).requires_grad_()
    fw.manual_seed(0)
    m = fw.nn.Conv2d(64, 64, 3, padding=1)

    def run():
        m.zero_grad()
        x.grad = None
        m(x).sum().backward()

    return run


def lenet_train_step(fw):
    """LeNet-5 style CNN on (64, 1, 28, 28): zero_grad + forward + cross-entropy + backward + SGD."""
    nn = fw.nn
    rng = _rng(2)
    x = fw.from_numpy(rng.standard_normal((64, 1, 28, 28), dtype=np.float32))
    y = fw.from_numpy(rng.integers(0, 10, size=64).astype(np.int64))
    fw.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(256, 120),
        nn.ReLU(),
        nn.Linear(120, 84),
        nn.ReLU(),
        nn.Linear(84, 10),
    )
    opt = fw.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()

    def run():
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()

    return run


def pools_fwd_bwd(fw):
    """max_pool2d(3, 2, 1) + avg_pool2d(2) + adaptive_avg_pool2d(1) on (32, 64, 56, 56)."""
    F = fw.nn.functional
    x = fw.from_numpy(_rng(3).standard_normal((32, 64, 56, 56), dtype=np.float32)).requires_grad_()

    def run():
        x.grad = None
        y = F.max_pool2d(x, 3, 2, 1)
        (F.avg_pool2d(y, 2).sum() + F.adaptive_avg_pool2d(y, 1).sum()).backward()

    return run


def interpolate_bilinear(fw):
    """Bilinear x2 upsampling of (16, 32, 32, 32): forward + backward."""
    F = fw.nn.functional
    x = fw.from_numpy(_rng(4).standard_normal((16, 32, 32, 32), dtype=np.float32)).requires_grad_()

    def run():
        x.grad = None
        F.interpolate(x, scale_factor=2, mode="bilinear").sum().backward()

    return run


def conv_transpose2d_fwd_bwd(fw):
    """ConvTranspose2d(32, 16, 4, stride=2, padding=1) on (16, 32, 16, 16): forward + backward."""
    x = fw.from_numpy(_rng(5).standard_normal((16, 32, 16, 16), dtype=np.float32)).requires_grad_()
    fw.manual_seed(0)
    m = fw.nn.ConvTranspose2d(32, 16, 4, stride=2, padding=1)

    def run():
        m.zero_grad()
        x.grad = None
        m(x).sum().backward()

    return run


WORKLOADS = [
    conv2d_fwd_bwd,
    lenet_train_step,
    conv2d_fwd_bwd_input,
    conv_transpose2d_fwd_bwd,
    pools_fwd_bwd,
    interpolate_bilinear,
]


def _time(fn, inner):
    t0 = time.perf_counter()
    for _ in range(inner):
        fn()
    return (time.perf_counter() - t0) / inner


def bench(make, threads, rounds, warmup, min_round_ms):
    import pyt
    import torch

    pyt.set_num_threads(threads)
    torch.set_num_threads(threads)
    fp, ft = make(pyt), make(torch)
    for _ in range(warmup):
        fp()
        ft()
    inner = max(1, int(np.ceil(min_round_ms / 1e3 / max(_time(ft, 1), 1e-6))))
    tp, tt = [], []
    for _ in range(rounds):
        tp.append(_time(fp, inner))
        tt.append(_time(ft, inner))
    mp, mt = statistics.median(tp), statistics.median(tt)
    return mp * 1e3, mt * 1e3, mp / mt


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--only", nargs="*", default=[])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--min-round-ms", type=float, default=100.0)
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    if a.quick:
        a.rounds, a.warmup, a.min_round_ms = 1, 1, 0.0
    print(f"{'workload':28s} {'threads':>7s} {'pyt ms':>9s} {'torch ms':>9s} {'ratio':>7s}")
    for threads in a.threads:
        for make in WORKLOADS:
            if a.only and not any(w in make.__name__ for w in a.only):
                continue
            mp, mt, r = bench(make, threads, a.rounds, a.warmup, a.min_round_ms)
            print(f"{make.__name__:28s} {threads:7d} {mp:9.3f} {mt:9.3f} {r:7.2f}", flush=True)


if __name__ == "__main__":
    main()
