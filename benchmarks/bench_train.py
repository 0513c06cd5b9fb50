#!/usr/bin/env python3
"""pyt vs torch, side by side in one process: training steps, one digits epoch, a few ops.

Every benchmark builds the same workload (same shapes, same input values) in both
frameworks, then times it in alternating rounds (pyt, torch, pyt, torch, ...) after a
warm-up, both frameworks set to the same number of threads. A round runs the workload
``inner`` times, ``inner`` chosen so that a round of torch takes at least ``--min-round-ms``;
the reported time is the median over rounds of the time per call, and ``ratio`` is
pyt_ms / torch_ms (below 1: pyt is faster).

Usage::

    python benchmarks/bench_train.py                  # everything, default threads
    python benchmarks/bench_train.py --threads 1      # single-threaded
    python benchmarks/bench_train.py --only mlp lenet  # names containing these words
    python benchmarks/bench_train.py --quick          # one short round each (smoke test)

Numbers from a loaded machine are directions, not claims; see benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "examples"))

import digits  # noqa: E402  (examples/digits.py: build_model, make_loader, train_epoch)


# --------------------------------------------------------------------------- workloads
# Each factory takes the framework module (pyt or torch) and the shared numpy inputs and
# returns a zero-argument callable that runs the workload once.

def _rng(seed=0):
    return np.random.default_rng(seed)


def mlp_train_step(fw, seed=0):
    """MLP 784-512-256-10, ReLU, cross-entropy, Adam: one step on a batch of 128."""
    nn = fw.nn
    rng = _rng(seed)
    x = fw.from_numpy(rng.standard_normal((128, 784), dtype=np.float32))
    y = fw.from_numpy(rng.integers(0, 10, size=128).astype(np.int64))
    fw.manual_seed(seed)
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                          nn.Linear(256, 10))
    opt = fw.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return step


def lenet_train_step(fw, seed=0):
    """LeNet-5 style CNN on 64x1x28x28, cross-entropy, SGD with momentum: one step."""
    nn = fw.nn
    rng = _rng(seed)
    x = fw.from_numpy(rng.standard_normal((64, 1, 28, 28), dtype=np.float32))
    y = fw.from_numpy(rng.integers(0, 10, size=64).astype(np.int64))
    fw.manual_seed(seed)
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    opt = fw.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return step


_DIGITS_DATA = None


def digits_epoch(fw, seed=0):
    """One epoch of examples/digits.py's training loop (data loader included)."""
    global _DIGITS_DATA
    if _DIGITS_DATA is None:
        _DIGITS_DATA = digits.load_data(1)
    x_train, _, y_train, _ = _DIGITS_DATA
    fw.manual_seed(seed)
    loader = digits.make_loader(fw, x_train, y_train, batch_size=64, seed=seed)
    model = digits.build_model(fw.nn)
    opt = fw.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = fw.nn.CrossEntropyLoss()

    def step():
        digits.train_epoch(fw, model, loader, opt, loss_fn)
    return step


def op_add(fw, seed=0):
    """a + b, two contiguous float32 tensors of 1024x1024."""
    rng = _rng(seed)
    a = fw.from_numpy(rng.standard_normal((1024, 1024), dtype=np.float32))
    b = fw.from_numpy(rng.standard_normal((1024, 1024), dtype=np.float32))
    return lambda: a + b


def op_add_broadcast(fw, seed=0):
    """a + b with b broadcast along rows: 1024x1024 + 1024."""
    rng = _rng(seed)
    a = fw.from_numpy(rng.standard_normal((1024, 1024), dtype=np.float32))
    b = fw.from_numpy(rng.standard_normal((1024,), dtype=np.float32))
    return lambda: a + b


def op_matmul(fw, seed=0):
    """a @ b, float32 256x256 by 256x256."""
    rng = _rng(seed)
    a = fw.from_numpy(rng.standard_normal((256, 256), dtype=np.float32))
    b = fw.from_numpy(rng.standard_normal((256, 256), dtype=np.float32))
    return lambda: fw.matmul(a, b)


def op_sum(fw, seed=0):
    """Sum of all elements of a float32 1024x1024 tensor."""
    a = fw.from_numpy(_rng(seed).standard_normal((1024, 1024), dtype=np.float32))
    return lambda: a.sum()


def op_sum_dim(fw, seed=0):
    """Sum over dim 0 of a float32 1024x1024 tensor."""
    a = fw.from_numpy(_rng(seed).standard_normal((1024, 1024), dtype=np.float32))
    return lambda: a.sum(dim=0)


def op_conv2d(fw, seed=0):
    """conv2d forward: input 32x16x32x32, weight 32x16x3x3, padding 1."""
    rng = _rng(seed)
    x = fw.from_numpy(rng.standard_normal((32, 16, 32, 32), dtype=np.float32))
    w = fw.from_numpy(rng.standard_normal((32, 16, 3, 3), dtype=np.float32))
    b = fw.from_numpy(rng.standard_normal((32,), dtype=np.float32))
    conv2d = fw.nn.functional.conv2d
    return lambda: conv2d(x, w, b, padding=1)


def op_linear_backward(fw, seed=0):
    """Forward and backward of sum(relu(x @ W^T + b)), x 128x784, W 512x784."""
    rng = _rng(seed)
    x = fw.from_numpy(rng.standard_normal((128, 784), dtype=np.float32))
    w = fw.from_numpy(rng.standard_normal((512, 784), dtype=np.float32)).requires_grad_()
    b = fw.from_numpy(rng.standard_normal((512,), dtype=np.float32)).requires_grad_()
    linear = fw.nn.functional.linear

    def step():
        w.grad = None
        b.grad = None
        fw.relu(linear(x, w, b)).sum().backward()
    return step


BENCHMARKS = [
    ("mlp_train_step", mlp_train_step),
    ("lenet_train_step", lenet_train_step),
    ("digits_epoch", digits_epoch),
    ("add_1024x1024", op_add),
    ("add_broadcast_1024x1024", op_add_broadcast),
    ("matmul_256x256", op_matmul),
    ("sum_1024x1024", op_sum),
    ("sum_dim0_1024x1024", op_sum_dim),
    ("conv2d_fwd_32x16x32x32_k3", op_conv2d),
    ("linear_relu_sum_backward", op_linear_backward),
]


# --------------------------------------------------------------------------- timing

def _time_calls(fn, n):
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def run_benchmark(frameworks, factory, rounds, warmup, min_round_ms):
    """Median milliseconds per call of each framework's workload, in alternating rounds."""
    fns = {name: factory(fw) for name, fw in frameworks.items()}
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    # Calls per round: enough that a round of the reference framework lasts min_round_ms.
    ref = fns.get("torch", next(iter(fns.values())))
    one = _time_calls(ref, 1)
    inner = max(1, int(math.ceil(min_round_ms / 1000.0 / max(one, 1e-9))))
    samples = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            samples[name].append(_time_calls(fn, inner))
    return {name: 1000.0 * statistics.median(s) for name, s in samples.items()}, inner


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="pyt vs torch timings, side by side in one process")
    p.add_argument("--threads", type=int, default=None,
                   help="threads for both frameworks (default: the smaller of their defaults)")
    p.add_argument("--rounds", type=int, default=7, help="timed rounds per benchmark (default: 7)")
    p.add_argument("--warmup", type=int, default=3, help="untimed calls first (default: 3)")
    p.add_argument("--min-round-ms", type=float, default=50.0,
                   help="minimum duration of one round of torch calls (default: 50)")
    p.add_argument("--only", nargs="+", default=None, metavar="WORD",
                   help="run only the benchmarks whose name contains one of these words")
    p.add_argument("--quick", action="store_true",
                   help="one round, one warm-up call, short rounds: checks that it runs")
    p.add_argument("--json", default=None, metavar="PATH", help="also write the results here")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.quick:
        args.rounds, args.warmup, args.min_round_ms = 1, 1, 0.0
    import pyt
    import torch

    for fw in (pyt, torch):
        __import__(fw.__name__ + ".utils.data")
    threads = args.threads or min(pyt.get_num_threads(), torch.get_num_threads())
    pyt.set_num_threads(threads)
    torch.set_num_threads(threads)
    frameworks = {"pyt": pyt, "torch": torch}

    selected = [(n, f) for n, f in BENCHMARKS
                if not args.only or any(w in n for w in args.only)]
    if not selected:
        print("bench_train.py: no benchmark matches --only", file=sys.stderr)
        return 2

    print(f"pyt {getattr(pyt, '__version__', '?')}, torch {torch.__version__}, "
          f"python {platform.python_version()}, {platform.machine()}, "
          f"{threads} thread(s) each, {args.rounds} rounds, median per call")
    header = f"{'name':<28}{'pyt_ms':>12}{'torch_ms':>12}{'ratio':>9}"
    print(header)
    print("-" * len(header))
    results, failures, ratios = [], 0, []
    for name, factory in selected:
        try:
            ms, inner = run_benchmark(frameworks, factory, args.rounds, args.warmup,
                                      args.min_round_ms)
        except Exception as e:  # report and go on: one missing op must not hide the rest
            failures += 1
            print(f"{name:<28}  failed: {type(e).__name__}: {e}", flush=True)
            results.append({"name": name, "error": f"{type(e).__name__}: {e}"})
            continue
        ratio = ms["pyt"] / ms["torch"] if ms["torch"] > 0 else float("inf")
        ratios.append(ratio)
        print(f"{name:<28}{ms['pyt']:>12.3f}{ms['torch']:>12.3f}{ratio:>9.2f}", flush=True)
        results.append({"name": name, "pyt_ms": ms["pyt"], "torch_ms": ms["torch"],
                        "ratio": ratio, "calls_per_round": inner})
    if ratios:
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print("-" * len(header))
        print(f"{'geometric mean ratio':<28}{'':>24}{geo:>9.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"threads": threads, "rounds": args.rounds, "results": results}, f,
                      indent=2)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
