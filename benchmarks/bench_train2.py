#!/usr/bin/env python3
"""pyt vs torch, side by side in one process: the training-pipeline targets.

Measures, with the same method as ``bench_train.py`` (same workload and inputs in both
frameworks, alternating timed rounds after a warm-up, median per call, equal thread
counts), the workloads that have a speed target, and prints each ratio pyt_ms / torch_ms
next to its target:

- ``mlp_train_step``: MLP 784-512-256-10, Adam, batch 128 (target <= 0.9)
- ``opt_<Name>``: one ``step()`` of each optimizer over that MLP's parameters, gradients
  fixed (target <= 1.0)
- ``dataloader_tensordataset``: one pass of a DataLoader over a TensorDataset of 8192
  samples (784 float32 features, int64 label), batch 128, shuffled, num_workers=0
  (target <= 0.8)
- ``digits_epoch``: one training epoch of examples/digits.py (target <= 1.0)
- ``save_100mb`` / ``load_100mb``: ``save`` / ``load`` of a 100 MB state_dict (25 float32
  tensors of 1M elements) to a file in ``--dir`` (target <= 1.0)

Usage::

    python benchmarks/bench_train2.py                 # everything
    python benchmarks/bench_train2.py --only opt_     # names containing these words
    python benchmarks/bench_train2.py --quick         # one short round each (smoke test)

Numbers from a loaded machine are directions, not claims; see benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench_train  # noqa: E402  (run_benchmark, mlp_train_step, digits_epoch)

OPTIMIZERS = {
    "SGD": dict(lr=1e-2, momentum=0.9),
    "Adam": dict(lr=1e-3),
    "AdamW": dict(lr=1e-3),
    "RMSprop": dict(lr=1e-3),
    "Adagrad": dict(lr=1e-2),
    "Adadelta": dict(),
    "Adamax": dict(),
    "NAdam": dict(),
    "RAdam": dict(),
}


def _mlp(fw):
    nn = fw.nn
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                         nn.Linear(256, 10))


def optimizer_step(name):
    def factory(fw, seed=0):
        """One optimizer step over the MLP's parameters (gradients set once)."""
        rng = np.random.default_rng(seed)
        model = _mlp(fw)
        for p in model.parameters():
            p.grad = fw.from_numpy(rng.standard_normal(tuple(p.shape)).astype(np.float32))
        opt = getattr(fw.optim, name)(model.parameters(), **OPTIMIZERS[name])
        return opt.step

    factory.__doc__ = f"{name}.step() over the 784-512-256-10 MLP's parameters"
    return factory


def dataloader_epoch(fw, seed=0):
    """One pass over DataLoader(TensorDataset(x, y), batch_size=128, shuffle=True)."""
    rng = np.random.default_rng(seed)
    x = fw.from_numpy(rng.standard_normal((8192, 784)).astype(np.float32))
    y = fw.from_numpy(rng.integers(0, 10, size=8192).astype(np.int64))
    data = fw.utils.data
    g = fw.Generator()
    g.manual_seed(seed)
    loader = data.DataLoader(data.TensorDataset(x, y), batch_size=128, shuffle=True, generator=g)

    def epoch():
        for xb, yb in loader:
            pass

    return epoch


_DIR = [None]


def _state_dict(fw):
    rng = np.random.default_rng(0)
    base = rng.standard_normal(1 << 20).astype(np.float32)
    return {f"layer{i}.weight": fw.from_numpy(base + i) for i in range(25)}


def save_100mb(fw, seed=0):
    """save() of a 100 MB state_dict (25 x 1M float32) to a file."""
    sd = _state_dict(fw)
    path = os.path.join(_DIR[0], f"save_{fw.__name__}.pt")

    def run():
        fw.save(sd, path)

    return run


def load_100mb(fw, seed=0):
    """load() of a 100 MB state_dict written by the same framework's save()."""
    path = os.path.join(_DIR[0], f"load_{fw.__name__}.pt")
    fw.save(_state_dict(fw), path)

    def run():
        fw.load(path)

    return run


BENCHMARKS = [
    ("mlp_train_step", bench_train.mlp_train_step, 0.9),
    *[(f"opt_{n}", optimizer_step(n), 1.0) for n in OPTIMIZERS],
    ("dataloader_tensordataset", dataloader_epoch, 0.8),
    ("digits_epoch", bench_train.digits_epoch, 1.0),
    ("save_100mb", save_100mb, 1.0),
    ("load_100mb", load_100mb, 1.0),
]


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="pyt vs torch: training-pipeline speed targets")
    p.add_argument("--threads", type=int, default=None,
                   help="threads for both frameworks (default: the smaller of their defaults)")
    p.add_argument("--rounds", type=int, default=7, help="timed rounds per benchmark (default: 7)")
    p.add_argument("--warmup", type=int, default=2, help="untimed calls first (default: 2)")
    p.add_argument("--min-round-ms", type=float, default=50.0,
                   help="minimum duration of one round of torch calls (default: 50)")
    p.add_argument("--only", nargs="+", default=None, metavar="WORD",
                   help="run only the benchmarks whose name contains one of these words")
    p.add_argument("--dir", default=None,
                   help="folder for the save/load files (default: a temporary folder)")
    p.add_argument("--quick", action="store_true",
                   help="one round, one warm-up call, short rounds: checks that it runs")
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
    selected = [b for b in BENCHMARKS if not args.only or any(w in b[0] for w in args.only)]
    if not selected:
        print("bench_train2.py: no benchmark matches --only", file=sys.stderr)
        return 2
    print(f"pyt vs torch {torch.__version__}, python {platform.python_version()}, "
          f"{platform.machine()}, {threads} thread(s) each, {args.rounds} rounds, median per call")
    header = f"{'name':<26}{'pyt_ms':>11}{'torch_ms':>11}{'ratio':>8}{'target':>8}  ok"
    print(header)
    print("-" * len(header))
    failures = 0
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        _DIR[0] = tmp
        for name, factory, target in selected:
            try:
                ms, _ = bench_train.run_benchmark(frameworks, factory, args.rounds, args.warmup,
                                                  args.min_round_ms)
            except Exception as e:  # report and go on
                failures += 1
                print(f"{name:<26}  failed: {type(e).__name__}: {e}", flush=True)
                continue
            ratio = ms["pyt"] / ms["torch"] if ms["torch"] > 0 else math.inf
            ok = "yes" if ratio <= target else "NO"
            print(f"{name:<26}{ms['pyt']:>11.3f}{ms['torch']:>11.3f}{ratio:>8.2f}{target:>8.2f}"
                  f"  {ok}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
