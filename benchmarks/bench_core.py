#!/usr/bin/env python3
"""pyt vs torch on the core kernels, side by side in one process, with the issue's targets.

Each case builds the same inputs (same values) in both frameworks and times them in
interleaved rounds (pyt, torch, pyt, torch, ...): a round runs the case ``inner`` times,
``inner`` chosen so that a round of torch lasts at least ``--min-round-ms``; the reported
time is the median over rounds of the time per call. ``ratio`` is pyt / torch (below 1: pyt is
faster) and ``target`` the ratio the core aims for (``-``: no target, reported for
information). ``rate`` is the achieved memory traffic (GB/s: bytes read plus bytes written,
per pyt call) or arithmetic rate (GFLOP/s) of pyt, with torch's next to it.

Usage::

    python benchmarks/bench_core.py                    # every case, 1 thread each
    python benchmarks/bench_core.py --threads 2
    python benchmarks/bench_core.py --only add relu    # names containing these words
    python benchmarks/bench_core.py --quick            # one short round each: does it run?

The machine these run on is shared and noisy: quote ratios, and re-measure when the load
(``uptime``) is low. Numbers are directions, not claims; see benchmarks/README.md.
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

N16M = 16 * 1024 * 1024


def _rng(seed=0):
    return np.random.default_rng(seed)


# --------------------------------------------------------------------------- cases
# A case is (name, factory, target ratio or None, work). factory(fw) returns a zero-argument
# callable; work is (amount, unit) per call with unit "GB" or "GFLOP", or None.

def small_add(fw):
    a = fw.from_numpy(_rng(0).standard_normal(4, dtype=np.float32))
    b = fw.from_numpy(_rng(1).standard_normal(4, dtype=np.float32))
    return lambda: a + b


def small_index(fw):
    a = fw.from_numpy(_rng(0).standard_normal(4, dtype=np.float32))
    return lambda: a[1]


def small_tensor(fw):
    return lambda: fw.tensor([1.0, 2.0, 3.0])


def big_add(fw):
    a = fw.from_numpy(_rng(0).standard_normal(N16M, dtype=np.float32))
    b = fw.from_numpy(_rng(1).standard_normal(N16M, dtype=np.float32))
    return lambda: a + b


def big_relu(fw):
    a = fw.from_numpy(_rng(0).standard_normal(N16M, dtype=np.float32))
    return lambda: fw.relu(a)


def matmul_1024(fw):
    a = fw.from_numpy(_rng(0).standard_normal((1024, 1024), dtype=np.float32))
    b = fw.from_numpy(_rng(1).standard_normal((1024, 1024), dtype=np.float32))
    return lambda: fw.matmul(a, b)


def big_sum(fw):
    a = fw.from_numpy(_rng(0).standard_normal(N16M, dtype=np.float32))
    return lambda: a.sum()


def softmax_4096x1024(fw):
    a = fw.from_numpy(_rng(0).standard_normal((4096, 1024), dtype=np.float32))
    return lambda: fw.softmax(a, -1)


N1M = 1024 * 1024


def _unary(fname, lo=-3.0, hi=3.0, dtype=np.float32):
    def factory(fw):
        a = fw.from_numpy(_rng(0).uniform(lo, hi, N1M).astype(dtype))
        f = getattr(fw, fname)
        return lambda: f(a)

    return factory


CASES = [
    ("add_4 (a + b)", small_add, 0.8, None),
    ("index_4 (a[1])", small_index, 0.8, None),
    ("tensor_3 (tensor([1.,2.,3.]))", small_tensor, 0.8, None),
    ("add_16M_f32", big_add, 0.6, (3 * 4 * N16M / 1e9, "GB")),
    ("relu_16M_f32", big_relu, 0.6, (2 * 4 * N16M / 1e9, "GB")),
    ("matmul_1024_f32", matmul_1024, 1.1, (2 * 1024.0 ** 3 / 1e9, "GFLOP")),
    ("sum_16M_f32", big_sum, 1.1, (4 * N16M / 1e9, "GB")),
    ("softmax_4096x1024_f32", softmax_4096x1024, 1.2, (2 * 4 * 4096 * 1024 / 1e9, "GB")),
]
_UNARY = [("exp", -10, 10), ("log", 0.01, 100), ("sin", -10, 10), ("cos", -10, 10),
          ("tan", -1.5, 1.5), ("tanh", -5, 5), ("sigmoid", -10, 10), ("erf", -3, 3),
          ("expm1", -3, 3), ("log1p", -0.9, 10), ("exp2", -10, 10), ("log2", 0.01, 100),
          ("sqrt", 0, 100), ("rsqrt", 0.01, 100), ("round", -100, 100), ("floor", -100, 100),
          ("ceil", -100, 100), ("trunc", -100, 100), ("abs", -3, 3), ("neg", -3, 3)]
for _name, _lo, _hi in _UNARY:
    CASES.append((f"{_name}_1M_f32", _unary(_name, _lo, _hi), None, (2 * 4 * N1M / 1e9, "GB")))
for _name, _lo, _hi in [("asin", -1, 1), ("acos", -1, 1), ("atan", -10, 10), ("sinh", -10, 10),
                        ("cosh", -10, 10), ("erfinv", -1, 1)]:
    CASES.append((f"{_name}_1M_f32", _unary(_name, _lo, _hi), None, (2 * 4 * N1M / 1e9, "GB")))


def atan2_1m(fw):
    rng = _rng(0)
    y = fw.from_numpy(rng.standard_normal(N1M).astype(np.float32))
    x = fw.from_numpy(rng.standard_normal(N1M).astype(np.float32))
    return lambda: fw.atan2(y, x)


CASES.append(("atan2_1M_f32", atan2_1m, None, (3 * 4 * N1M / 1e9, "GB")))

N4M = 4 * N1M
# torch.nn.functional activations on 4M float32 values in [-6, 6]: forward, and the backward
# alone (autograd.grad of a kept graph with a given output gradient).
_ACTS = [("gelu", {}), ("gelu_tanh", {"approximate": "tanh"}), ("silu", {}), ("mish", {}),
         ("softplus", {}), ("elu", {}), ("selu", {}), ("celu", {}), ("logsigmoid", {}),
         ("sigmoid", None)]


def _act(fname, kwargs, backward):
    def factory(fw):
        rng = _rng(0)
        x = fw.from_numpy(rng.uniform(-6, 6, N4M).astype(np.float32))
        if kwargs is None:
            f = getattr(fw, fname)
        else:
            g = getattr(fw.nn.functional, fname.replace("_tanh", ""))
            f = lambda t: g(t, **kwargs)  # noqa: E731
        if not backward:
            return lambda: f(x)
        x.requires_grad_(True)
        y = f(x)
        gy = fw.from_numpy(rng.standard_normal(N4M).astype(np.float32))
        return lambda: fw.autograd.grad(y, x, gy, retain_graph=True)

    return factory


for _name, _kw in _ACTS:
    CASES.append((f"{_name}_4M_f32", _act(_name, _kw, False), None, (2 * 4 * N4M / 1e9, "GB")))
    CASES.append((f"{_name}_bwd_4M_f32", _act(_name, _kw, True), None, (3 * 4 * N4M / 1e9, "GB")))


def log_softmax_4096x1024(fw):
    a = fw.from_numpy(_rng(0).standard_normal((4096, 1024), dtype=np.float32))
    return lambda: fw.log_softmax(a, -1)


CASES.append(("log_softmax_4096x1024_f32", log_softmax_4096x1024, None,
              (2 * 4 * 4096 * 1024 / 1e9, "GB")))
CASES.append(("exp_1M_f64", _unary("exp", -10, 10, np.float64), None, (2 * 8 * N1M / 1e9, "GB")))
CASES.append(("tanh_1M_f64", _unary("tanh", -5, 5, np.float64), None, (2 * 8 * N1M / 1e9, "GB")))


# --------------------------------------------------------------------------- timing

_CLOCK = time.perf_counter  # --clock thread: time.thread_time (CPU time of this thread)


def _time_calls(fn, n):
    start = _CLOCK()
    for _ in range(n):
        fn()
    return (_CLOCK() - start) / n


def run_case(frameworks, factory, rounds, warmup, min_round_ms):
    """Median seconds per call of each framework's callable, in interleaved rounds."""
    fns = {name: factory(fw) for name, fw in frameworks.items()}
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    one = min(_time_calls(fns["torch"], 1) for _ in range(3))
    inner = max(1, int(math.ceil(min_round_ms / 1000.0 / max(one, 1e-9))))
    samples = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            samples[name].append(_time_calls(fn, inner))
    return {name: statistics.median(s) for name, s in samples.items()}, inner


def _fmt_time(s):
    if s < 1e-3:
        return f"{s * 1e6:9.2f}us"
    return f"{s * 1e3:9.3f}ms"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="pyt vs torch core kernels, side by side")
    p.add_argument("--threads", type=int, default=1, help="threads for both (default: 1)")
    p.add_argument("--rounds", type=int, default=9, help="timed rounds per case (default: 9)")
    p.add_argument("--warmup", type=int, default=3, help="untimed calls first (default: 3)")
    p.add_argument("--min-round-ms", type=float, default=60.0,
                   help="minimum duration of one round of torch calls (default: 60)")
    p.add_argument("--only", nargs="+", default=None, metavar="WORD",
                   help="run only the cases whose name contains one of these words")
    p.add_argument("--targets", action="store_true", help="run only the cases with a target")
    p.add_argument("--quick", action="store_true", help="one short round each: checks it runs")
    p.add_argument("--json", default=None, metavar="PATH", help="also write the results here")
    p.add_argument("--clock", choices=("wall", "thread"), default="wall",
                   help="wall: elapsed time (default); thread: CPU time of the calling thread, "
                        "which a busy machine's preemptions do not inflate (meaningful with "
                        "--threads 1 only)")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    global _CLOCK
    _CLOCK = time.thread_time if args.clock == "thread" else time.perf_counter
    if args.quick:
        args.rounds, args.warmup, args.min_round_ms = 1, 1, 0.0
    import pyt
    import torch

    pyt.set_num_threads(args.threads)
    torch.set_num_threads(args.threads)
    frameworks = {"pyt": pyt, "torch": torch}
    selected = [c for c in CASES
                if (not args.only or any(w in c[0] for w in args.only))
                and (not args.targets or c[2] is not None)]
    if not selected:
        print("bench_core.py: no case matches", file=sys.stderr)
        return 2
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    print(f"pyt vs torch {torch.__version__}, python {platform.python_version()}, "
          f"{platform.machine()}, {args.threads} thread(s) each, {args.rounds} interleaved "
          f"rounds, median per call, load average {load:.2f}")
    header = (f"{'case':<32}{'pyt':>11}{'torch':>11}{'ratio':>7}{'target':>7}  "
              f"{'pyt rate':>14}{'torch rate':>14}")
    print(header)
    print("-" * len(header))
    results, failures, missed = [], 0, 0
    for name, factory, target, work in selected:
        try:
            t, inner = run_case(frameworks, factory, args.rounds, args.warmup, args.min_round_ms)
        except Exception as e:  # report and go on: one failing case must not hide the rest
            failures += 1
            print(f"{name:<32}  failed: {type(e).__name__}: {e}", flush=True)
            results.append({"name": name, "error": f"{type(e).__name__}: {e}"})
            continue
        ratio = t["pyt"] / t["torch"]
        ok = target is None or ratio <= target
        missed += not ok
        rates = ["", ""]
        if work is not None:
            amount, unit = work
            unit_s = "GB/s" if unit == "GB" else "GFLOP/s"
            rates = [f"{amount / t[k]:8.1f} {unit_s}" for k in ("pyt", "torch")]
        tgt = f"{target:.2f}" if target is not None else "-"
        flag = "" if ok else "  (misses target)"
        print(f"{name:<32}{_fmt_time(t['pyt']):>11}{_fmt_time(t['torch']):>11}{ratio:>7.2f}"
              f"{tgt:>7}  {rates[0]:>14}{rates[1]:>14}{flag}", flush=True)
        results.append({"name": name, "pyt_s": t["pyt"], "torch_s": t["torch"], "ratio": ratio,
                        "target": target, "calls_per_round": inner})
    print("-" * len(header))
    print(f"{missed} case(s) miss their target; load average now {os.getloadavg()[0]:.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"threads": args.threads, "rounds": args.rounds, "results": results}, f,
                      indent=2)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
