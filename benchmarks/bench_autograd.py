#!/usr/bin/env python3
"""Autograd cost, pyt vs torch side by side in one process.

* ``mlp_backward``: the backward pass only of a training step of an MLP 784-512-256-10
  (ReLU, cross-entropy, batch 128, float32): each call runs a fresh forward (untimed), then
  ``loss.backward()`` is timed alone, with ``.grad`` set to None before (so AccumulateGrad
  takes the incoming gradient, as in a training loop with ``zero_grad()``).
* ``add_requires_grad``: the small-op dispatch cost ``a + b`` on 4 floats whose inputs
  require grad (an ``AddBackward0`` node is recorded and dropped on every call), and the same
  without grad for reference.

Each benchmark is timed in alternating rounds (pyt, torch, pyt, torch, ...) after a warm-up,
both frameworks set to the same number of threads (1 and 2 by default). The reported time is
the median over rounds of the time per call; ``ratio`` is pyt_ms / torch_ms (below 1: pyt is
faster).

Usage::

    python benchmarks/bench_autograd.py                 # 1 and 2 threads
    python benchmarks/bench_autograd.py --threads 4     # one thread count
    python benchmarks/bench_autograd.py --quick         # short rounds (smoke test)
    python benchmarks/bench_autograd.py --json out.json

Numbers from a loaded machine are directions, not claims; see benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

import numpy as np


def mlp_backward(fw, seed=0):
    """Returns run(n): mean seconds of loss.backward() over n fresh forwards (MLP, batch 128)."""
    nn = fw.nn
    rng = np.random.default_rng(seed)
    x = fw.from_numpy(rng.standard_normal((128, 784), dtype=np.float32))
    y = fw.from_numpy(rng.integers(0, 10, size=128).astype(np.int64))
    fw.manual_seed(seed)
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                          nn.Linear(256, 10))
    loss_fn = nn.CrossEntropyLoss()
    clock = time.perf_counter

    def run(n):
        total = 0.0
        for _ in range(n):
            model.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            t0 = clock()
            loss.backward()
            total += clock() - t0
        return total / n
    return run


def _add(fw, requires_grad):
    a = fw.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=requires_grad)
    b = fw.tensor([0.5, -1.0, 2.0, 3.0], requires_grad=requires_grad)
    clock = time.perf_counter

    def run(n):
        t0 = clock()
        for _ in range(n):
            a + b
        return (clock() - t0) / n
    return run


def add_requires_grad(fw, seed=0):
    """a + b on 4 float32s that require grad (a node is recorded per call)."""
    return _add(fw, True)


def add_no_grad_inputs(fw, seed=0):
    """a + b on 4 float32s that do not require grad (dispatch alone)."""
    return _add(fw, False)


BENCHMARKS = [("mlp_backward", mlp_backward, 20), ("add_requires_grad", add_requires_grad, 20000),
              ("add_plain", add_no_grad_inputs, 20000)]


def run_benchmark(frameworks, factory, inner, rounds, warmup):
    """Median seconds per call of each framework, over alternating rounds."""
    runs = {name: factory(fw) for name, fw in frameworks}
    for name, _ in frameworks:
        runs[name](warmup)
    samples = {name: [] for name, _ in frameworks}
    for _ in range(rounds):
        for name, _ in frameworks:
            samples[name].append(runs[name](inner))
    return {name: 1000.0 * statistics.median(s) for name, s in samples.items()}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, nargs="*", default=[1, 2], help="thread counts (default: 1 2)")
    p.add_argument("--rounds", type=int, default=9, help="alternating rounds per benchmark")
    p.add_argument("--quick", action="store_true", help="3 short rounds each (smoke test)")
    p.add_argument("--only", nargs="*", default=None, help="run benchmarks whose name contains these words")
    p.add_argument("--json", default=None, help="also write the results to this file")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    import pyt
    import torch

    frameworks = [("pyt", pyt), ("torch", torch)]
    rounds = 3 if args.quick else args.rounds
    results = []
    print(f"{'benchmark':<22}{'threads':>8}{'pyt ms':>12}{'torch ms':>12}{'ratio':>8}")
    for threads in args.threads:
        pyt.set_num_threads(threads)
        torch.set_num_threads(threads)
        for name, factory, inner in BENCHMARKS:
            if args.only and not any(w in name for w in args.only):
                continue
            n = max(1, inner // 10) if args.quick else inner
            ms = run_benchmark(frameworks, factory, n, rounds, warmup=max(1, n // 4))
            ratio = ms["pyt"] / ms["torch"]
            results.append({"name": name, "threads": threads, "pyt_ms": ms["pyt"], "torch_ms": ms["torch"],
                            "ratio": ratio})
            unit = 1000.0 if ms["torch"] < 0.01 else 1.0
            label = "us" if unit == 1000.0 else "ms"
            print(f"{name:<22}{threads:>8}{ms['pyt'] * unit:>10.3f}{label}{ms['torch'] * unit:>10.3f}{label}"
                  f"{ratio:>8.2f}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
