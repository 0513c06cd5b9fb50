#!/usr/bin/env python3
"""Normalisation, embedding and activation kernels, pyt vs torch side by side in one process.

Forward + backward of (float32):

* ``batch_norm2d``: ``F.batch_norm`` in training mode on (32, 64, 28, 28) with weight, bias
  and running statistics;
* ``layer_norm``: ``F.layer_norm`` over the last dim of (16, 128, 256) with weight and bias;
* ``embedding``: ``F.embedding`` of (32, 128) indices into a (10000, 256) table;
* ``embedding_bag_sum`` / ``embedding_bag_mean`` / ``embedding_bag_max``: ``F.embedding_bag``
  of 4096 indices in 256 bags (1-d input with offsets) into a (10000, 128) table; the sum
  row also takes per_sample_weights (both gradients);
* ``gelu`` / ``gelu_tanh``: ``F.gelu`` on (64, 128, 256).

Each benchmark is timed in alternating rounds (pyt, torch, pyt, torch, ...) after a warm-up,
both frameworks set to the same number of threads (1 and 2 by default). The reported time is
the median over rounds of the time per call; ``ratio`` is pyt_ms / torch_ms (below 1: pyt is
faster).

Usage::

    python benchmarks/bench_norm.py                 # 1 and 2 threads
    python benchmarks/bench_norm.py --threads 4     # one thread count
    python benchmarks/bench_norm.py --quick         # short rounds (smoke test)

Numbers from a loaded machine are directions, not claims; see benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


def _setup(fw, name, seed=0):
    """Returns a closure running one forward + backward of benchmark name in framework fw."""
    F = fw.nn.functional
    rng = np.random.default_rng(seed)

    def t(a, grad=False):
        x = fw.from_numpy(np.ascontiguousarray(a))
        return x.requires_grad_(True) if grad else x

    if name == "batch_norm2d":
        x = t(rng.standard_normal((32, 64, 28, 28), dtype=np.float32), True)
        w, b = t(np.ones(64, np.float32), True), t(np.zeros(64, np.float32), True)
        rm, rv = t(np.zeros(64, np.float32)), t(np.ones(64, np.float32))
        g = t(rng.standard_normal((32, 64, 28, 28), dtype=np.float32))

        def run():
            F.batch_norm(x, rm, rv, w, b, True).backward(g)
    elif name == "layer_norm":
        x = t(rng.standard_normal((16, 128, 256), dtype=np.float32), True)
        w, b = t(np.ones(256, np.float32), True), t(np.zeros(256, np.float32), True)
        g = t(rng.standard_normal((16, 128, 256), dtype=np.float32))

        def run():
            F.layer_norm(x, (256,), w, b).backward(g)
    elif name == "embedding":
        w = t(rng.standard_normal((10000, 256), dtype=np.float32), True)
        idx = t(rng.integers(0, 10000, size=(32, 128)).astype(np.int64))
        g = t(rng.standard_normal((32, 128, 256), dtype=np.float32))

        def run():
            F.embedding(idx, w).backward(g)
    elif name.startswith("embedding_bag_"):
        mode = name[len("embedding_bag_"):]
        w = t(rng.standard_normal((10000, 128), dtype=np.float32), True)
        idx = t(rng.integers(0, 10000, size=4096).astype(np.int64))
        offs = np.sort(rng.integers(0, 4096, size=256)).astype(np.int64)
        offs[0] = 0
        offs = t(offs)
        psw = t(rng.standard_normal(4096, dtype=np.float32), True) if mode == "sum" else None
        g = t(rng.standard_normal((256, 128), dtype=np.float32))

        def run():
            F.embedding_bag(idx, w, offs, mode=mode, per_sample_weights=psw).backward(g)
    elif name in ("gelu", "gelu_tanh"):
        x = t(rng.standard_normal((64, 128, 256), dtype=np.float32), True)
        g = t(rng.standard_normal((64, 128, 256), dtype=np.float32))
        approx = "tanh" if name == "gelu_tanh" else "none"

        def run():
            F.gelu(x, approximate=approx).backward(g)
    else:
        raise ValueError(name)
    return run


def _time(run, n):
    t0 = time.perf_counter()
    for _ in range(n):
        run()
    return (time.perf_counter() - t0) / n


def bench(names, threads, rounds, per_round):
    import pyt
    import torch

    out = []
    for nt in threads:
        pyt.set_num_threads(nt)
        torch.set_num_threads(nt)
        for name in names:
            runs = {"pyt": _setup(pyt, name), "torch": _setup(torch, name)}
            for r in runs.values():
                r()
                r()
            times = {"pyt": [], "torch": []}
            for _ in range(rounds):
                for fw in ("pyt", "torch"):
                    times[fw].append(_time(runs[fw], per_round))
            p, t = statistics.median(times["pyt"]), statistics.median(times["torch"])
            out.append((name, nt, p * 1e3, t * 1e3, p / t))
            print(f"{name:18s} threads={nt}  pyt {p * 1e3:8.3f} ms  torch {t * 1e3:8.3f} ms  ratio {p / t:5.2f}",
                  flush=True)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", nargs="*", default=None)
    args = ap.parse_args()
    names = args.only or [
        "batch_norm2d", "layer_norm", "embedding", "embedding_bag_sum", "embedding_bag_mean",
        "embedding_bag_max", "gelu", "gelu_tanh",
    ]
    rounds, per_round = (3, 2) if args.quick else (7, 5)
    bench(names, args.threads, rounds, per_round)


if __name__ == "__main__":
    main()
