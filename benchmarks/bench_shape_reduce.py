#!/usr/bin/env python3
"""pyt vs torch on the reduction, shape and ordering ops, side by side in one process.

The harness (alternating rounds, median per call, ratio = pyt_ms / torch_ms) and the options
are bench_train.py's; only the workloads differ. Every workload runs on the same float32
1024x1024 input (standard normal values) in both frameworks.

Usage::

    python benchmarks/bench_shape_reduce.py                 # everything
    python benchmarks/bench_shape_reduce.py --only sort topk
    python benchmarks/bench_shape_reduce.py --quick         # one short round each
"""

from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_train  # noqa: E402


def _on_input(call):
    """A workload factory: call(fw, x) on the shared 1024x1024 float32 input."""

    def factory(fw, seed=0):
        x = fw.from_numpy(
            np.random.default_rng(seed).standard_normal((1024, 1024), dtype=np.float32)
        )
        return lambda: call(fw, x)

    return factory


BENCHMARKS = [
    ("prod_dim1", _on_input(lambda fw, x: x.prod(1))),
    ("amax_dim0", _on_input(lambda fw, x: x.amax(0))),
    ("amax_all", _on_input(lambda fw, x: x.amax())),
    ("var_dim0", _on_input(lambda fw, x: x.var(0))),
    ("std_all", _on_input(lambda fw, x: x.std())),
    ("norm_all", _on_input(lambda fw, x: x.norm())),
    ("norm_dim1", _on_input(lambda fw, x: x.norm(dim=1))),
    ("logsumexp_dim1", _on_input(lambda fw, x: x.logsumexp(1))),
    ("cumsum_dim0", _on_input(lambda fw, x: x.cumsum(0))),
    ("cumsum_dim1", _on_input(lambda fw, x: x.cumsum(1))),
    ("cumprod_dim1", _on_input(lambda fw, x: x.cumprod(1))),
    ("all", _on_input(lambda fw, x: x.all())),
    ("count_nonzero_dim1", _on_input(lambda fw, x: x.count_nonzero(1))),
    ("flip_both", _on_input(lambda fw, x: x.flip(0, 1))),
    ("roll_dim1", _on_input(lambda fw, x: x.roll(3, 1))),
    ("tril", _on_input(lambda fw, x: x.tril())),
    ("repeat_2x2", _on_input(lambda fw, x: x.repeat(2, 2))),
    ("sort_dim1", _on_input(lambda fw, x: x.sort(1))),
    ("argsort_dim0", _on_input(lambda fw, x: x.argsort(0))),
    ("topk10", _on_input(lambda fw, x: x.topk(10))),
    ("unique", _on_input(lambda fw, x: x.unique())),
]


if __name__ == "__main__":
    bench_train.BENCHMARKS = BENCHMARKS
    sys.exit(bench_train.main())
