"""The vectorised float32 math (src/cpp/pyt/ops/cpu/vec_math.h, Note [SIMD dispatch]).

Each function is checked over a wide range against a float64 reference (numpy/scipy), in ulp
of the float32 result, next to torch on the same input; special values (+-0, +-inf, NaN,
denormals) against torch; strided and tail elements against the contiguous result bit for
bit; and the baseline (SSE2) table, forced with PYT_SIMD=sse2, in a child process.
"""

import os
import subprocess
import sys

import numpy as np
import pyt
import pytest
import torch

SPECIALS = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5,
                     1e-40, -1e-40, 1e-45, 3e38, -3e38, 1e-8, -1e-8, 88.7, -88.7, 100.0, -100.0,
                     8388607.5, -8388607.5, 1e7, 70000.0, -1e6], dtype=np.float32)


def _expit(x):
    return 1.0 / (1.0 + np.exp(-x))


def _erf(x):
    from scipy import special

    return special.erf(x)


# name, float64 reference, input range (log-uniform when lo > 0), max ulp allowed
CASES = [
    ("exp", np.exp, (-87.0, 88.0), 2),
    ("exp2", np.exp2, (-126.0, 127.0), 2),
    ("expm1", np.expm1, (-20.0, 20.0), 4),
    ("log", np.log, (1e-38, 1e38), 2),
    ("log2", np.log2, (1e-38, 1e38), 2),
    ("log10", np.log10, (1e-38, 1e38), 2),
    ("log1p", np.log1p, (-0.999, 1e6), 3),
    ("sin", np.sin, (-70000.0, 70000.0), 2),
    ("cos", np.cos, (-70000.0, 70000.0), 2),
    ("tan", np.tan, (-100.0, 100.0), 4),
    ("tanh", np.tanh, (-10.0, 10.0), 2),
    ("sigmoid", _expit, (-80.0, 80.0), 3),
    ("erf", _erf, (-5.0, 5.0), 3),
    ("sqrt", np.sqrt, (1e-38, 1e38), 0.5),
    ("rsqrt", lambda x: 1 / np.sqrt(x), (1e-38, 1e38), 1.5),
    ("floor", np.floor, (-1e7, 1e7), 0),
    ("ceil", np.ceil, (-1e7, 1e7), 0),
    ("round", np.round, (-1e7, 1e7), 0),
    ("trunc", np.trunc, (-1e7, 1e7), 0),
    ("frac", lambda x: x - np.trunc(x), (-1e4, 1e4), 0),
]


def _inputs(lo, hi, n=200003, seed=0):
    rng = np.random.default_rng(seed)
    if lo > 0:
        x = np.exp(rng.uniform(np.log(lo), np.log(hi), n))
    else:
        x = np.concatenate([rng.uniform(lo, hi, n), rng.uniform(-3, 3, n // 4)])
    return x.astype(np.float32)


def _ulp_error(got, ref):
    ref32 = ref.astype(np.float32)
    ok = np.isfinite(ref32) & (np.abs(ref32) >= np.finfo(np.float32).tiny)
    sp = np.spacing(np.abs(ref32[ok])).astype(np.float64)
    return np.abs(got[ok].astype(np.float64) - ref[ok]) / sp


@pytest.mark.parametrize("name,ref,rng,max_ulp", CASES, ids=[c[0] for c in CASES])
def test_accuracy_in_ulp(name, ref, rng, max_ulp):
    x = _inputs(*rng)
    got = getattr(pyt, name)(pyt.from_numpy(x)).numpy()
    with np.errstate(all="ignore"):
        want = ref(x.astype(np.float64))
    err = _ulp_error(got, want)
    assert err.max() <= max_ulp, f"{name}: {err.max():.2f} ulp"


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_special_values_match_torch(name):
    x = SPECIALS
    got = getattr(pyt, name)(pyt.from_numpy(x)).numpy()
    want = getattr(torch, name)(torch.from_numpy(x)).numpy()
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    fin = ~np.isnan(want)
    # atol: torch rounds some denormal results (log1p(1e-45)) to 0
    np.testing.assert_allclose(got[fin], want[fin], rtol=2e-6, atol=1e-44)
    if name in ("floor", "ceil", "round", "trunc", "frac", "sqrt"):  # exact, signed zeros too
        np.testing.assert_array_equal(np.signbit(got[fin]), np.signbit(want[fin]))


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_strided_and_tails_equal_contiguous(name):
    x = _inputs(-3.0, 3.0, n=1001) if name not in ("log", "log2", "log10", "sqrt", "rsqrt") \
        else _inputs(0.01, 100.0, n=1001)
    f = getattr(pyt, name)
    full = f(pyt.from_numpy(x)).numpy()
    t = pyt.from_numpy(x)
    np.testing.assert_array_equal(f(t[::3]).numpy(), full[::3])
    for n in (1, 7, 9, 17):  # lengths that end inside a vector
        np.testing.assert_array_equal(f(t[5:5 + n]).numpy(), full[5:5 + n])
    y = t.clone()
    getattr(y, name + "_")() if hasattr(y, name + "_") else None
    if hasattr(y, name + "_"):
        np.testing.assert_array_equal(y.numpy(), full)


def test_softmax_rows_match_torch():
    rng = np.random.default_rng(3)
    for shape in [(7, 1), (5, 13), (3, 1024), (2, 3, 33)]:
        x = rng.standard_normal(shape).astype(np.float32) * 10
        for fn in ("softmax", "log_softmax"):
            got = getattr(pyt, fn)(pyt.from_numpy(x), -1).numpy()
            want = getattr(torch, fn)(torch.from_numpy(x), -1).numpy()
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    x = np.array([[1.0, np.nan, 2.0], [-np.inf, -np.inf, -np.inf], [np.inf, 0.0, 1.0]],
                 dtype=np.float32)
    got = pyt.softmax(pyt.from_numpy(x), -1).numpy()
    want = torch.softmax(torch.from_numpy(x), -1).numpy()
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))


def test_baseline_table_in_child():
    code = (
        "import numpy as np, pyt, torch\n"
        "x = np.random.default_rng(0).uniform(-50, 50, 100003).astype(np.float32)\n"
        "for f in ['exp', 'log1p', 'sin', 'cos', 'tanh', 'sigmoid', 'erf', 'floor', 'round']:\n"
        "    a = getattr(pyt, f)(pyt.from_numpy(x)).numpy()\n"
        "    b = getattr(torch, f)(torch.from_numpy(x)).numpy()\n"
        "    ok = np.isnan(a) == np.isnan(b)\n"
        "    m = ~np.isnan(b)\n"
        "    assert ok.all() and np.allclose(a[m], b[m], rtol=1e-6, atol=1e-7), f\n"
        "print('ok')\n"
    )
    env = dict(os.environ, PYT_SIMD="sse2")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                       timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "ok"
