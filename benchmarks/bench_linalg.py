#!/usr/bin/env python3
"""pyt.linalg vs torch.linalg side by side in one process (float64 unless noted).

* ``inv_b64x32``: linalg.inv of 64 matrices 32x32;
* ``solve_256``: linalg.solve of one 256x256 system with 16 right-hand sides;
* ``det_b256x8``: linalg.det of 256 matrices 8x8, forward + backward;
* ``cholesky_b64x64``: linalg.cholesky of 64 SPD matrices 64x64;
* ``qr_128x64``: linalg.qr of one 128x64 matrix;
* ``eigh_b16x64``: linalg.eigh of 16 symmetric matrices 64x64;
* ``svd_b16x48x32``: linalg.svd(full_matrices=False) of 16 matrices 48x32;
* ``svdvals_grad_b16x32``: linalg.svdvals of 16 matrices 32x32, forward + backward;
* ``matrix_norm_nuc_f32``: linalg.matrix_norm(ord='nuc') of (32, 16, 16) float32.

Rounds alternate (pyt, torch, ...) after a warm-up, both frameworks on the same number of
threads; the time is the median per call, ``ratio`` = pyt_ms / torch_ms (below 1: pyt faster).

Usage::

    python benchmarks/bench_linalg.py               # 1 and 2 threads
    python benchmarks/bench_linalg.py --threads 1
    python benchmarks/bench_linalg.py --quick

Numbers from a loaded machine are directions, not claims; see benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

NAMES = ["inv_b64x32", "solve_256", "det_b256x8", "cholesky_b64x64", "qr_128x64", "eigh_b16x64", "svd_b16x48x32",
         "svdvals_grad_b16x32", "matrix_norm_nuc_f32"]


def _setup(fw, name, seed=0):
    rng = np.random.default_rng(seed)
    L = fw.linalg

    def t(a, grad=False):
        x = fw.from_numpy(np.ascontiguousarray(a))
        return x.requires_grad_(True) if grad else x

    def well(*shape):
        return rng.standard_normal(shape) + shape[-1] * np.eye(shape[-1])

    if name == "inv_b64x32":
        a = t(well(64, 32, 32))
        return lambda: L.inv(a)
    if name == "solve_256":
        a, b = t(well(256, 256)), t(rng.standard_normal((256, 16)))
        return lambda: L.solve(a, b)
    if name == "det_b256x8":
        a = t(well(256, 8, 8), True)
        return lambda: L.det(a).sum().backward()
    if name == "cholesky_b64x64":
        x = rng.standard_normal((64, 64, 64))
        a = t(x @ x.transpose(0, 2, 1) + 64 * np.eye(64))
        return lambda: L.cholesky(a)
    if name == "qr_128x64":
        a = t(rng.standard_normal((128, 64)))
        return lambda: L.qr(a)
    if name == "eigh_b16x64":
        x = rng.standard_normal((16, 64, 64))
        a = t(x + x.transpose(0, 2, 1))
        return lambda: L.eigh(a)
    if name == "svd_b16x48x32":
        a = t(rng.standard_normal((16, 48, 32)))
        return lambda: L.svd(a, full_matrices=False)
    if name == "svdvals_grad_b16x32":
        a = t(rng.standard_normal((16, 32, 32)), True)
        return lambda: L.svdvals(a).sum().backward()
    if name == "matrix_norm_nuc_f32":
        a = t(rng.standard_normal((32, 16, 16)).astype(np.float32))
        return lambda: L.matrix_norm(a, "nuc")
    raise ValueError(name)


def _time(run, min_ms):
    n, t0 = 0, time.perf_counter()
    while True:
        run()
        n += 1
        el = (time.perf_counter() - t0) * 1e3
        if el >= min_ms:
            return el / n


def main():
    import pyt
    import torch

    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    rounds, min_ms = (1, 5) if args.quick else (args.rounds, 50)
    print(f"{'name':24s} {'threads':>7s} {'pyt_ms':>9s} {'torch_ms':>9s} {'ratio':>6s}")
    for nt in args.threads:
        pyt.set_num_threads(nt)
        torch.set_num_threads(nt)
        for name in NAMES:
            rp, rt = _setup(pyt, name), _setup(torch, name)
            for _ in range(2):
                rp()
                rt()
            tp, tt = [], []
            for _ in range(rounds):
                tp.append(_time(rp, min_ms))
                tt.append(_time(rt, min_ms))
            mp, mt = statistics.median(tp), statistics.median(tt)
            print(f"{name:24s} {nt:7d} {mp:9.3f} {mt:9.3f} {mp / mt:6.2f}")


if __name__ == "__main__":
    main()
