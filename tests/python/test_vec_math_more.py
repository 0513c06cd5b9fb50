"""Vectorised float32 inverse trigonometric, hyperbolic, erfinv and activation kernels.

src/cpp/pyt/ops/cpu/vec_math_impl.h (Note [SIMD dispatch]) computes float32 asin, acos, atan,
atan2, sinh, cosh, erfinv and the activations gelu (erf and tanh forms), silu, mish, softplus,
elu/selu/celu and logsigmoid, forward and backward. Checked here: accuracy in ulp against a
float64 reference over each function's whole domain (next to torch's own error), special values
(+-0, +-inf, NaN, out of domain) against torch, activations and their gradients against torch,
strided and tail elements bit for bit against the contiguous result, and all of it again with
the baseline (SSE2) table, forced with PYT_SIMD=sse2, in a child process.
"""

import os
import subprocess
import sys

import numpy as np
import pyt
import pytest
import torch

SPECIALS = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5,
                     1e-40, -1e-40, 1e-45, -1e-45, 1e-38, 3e38, -3e38, 1e-8, -1e-8, 0.9999999,
                     -0.9999999, 1.0000001, 20.0, -20.0, 88.7, -88.7, 89.4, -89.4, 89.5, 100.0,
                     -100.0, 1e7], dtype=np.float32)


def _log_uniform(rng, lo, hi, n):
    return np.exp(rng.uniform(np.log(lo), np.log(hi), n)) * rng.choice([-1.0, 1.0], n)


def _inputs(name, n=100003, seed=0):
    rng = np.random.default_rng(seed)
    if name in ("asin", "acos", "erfinv"):
        x = np.concatenate([rng.uniform(-1, 1, n), _log_uniform(rng, 1e-38, 1.0, n // 2),
                            1 - _log_uniform(rng, 6e-8, 1e-2, n // 4) ** 1])
        x = x[np.abs(x) <= 1]
    elif name == "atan":
        x = np.concatenate([rng.uniform(-10, 10, n), _log_uniform(rng, 1e-38, 3e38, n)])
    else:  # sinh, cosh: the whole finite range of the result
        x = np.concatenate([rng.uniform(-5, 5, n), rng.uniform(-89.4, 89.4, n),
                            _log_uniform(rng, 1e-30, 1.0, n // 4)])
    return x.astype(np.float32)


def _ulp_error(got, ref):
    with np.errstate(all="ignore"):
        ref32 = ref.astype(np.float32)
    ok = np.isfinite(ref32)
    sp = np.maximum(np.spacing(np.abs(ref32[ok])).astype(np.float64), 2.0 ** -149)
    return np.abs(got[ok].astype(np.float64) - ref[ok]) / sp


# name, max ulp allowed (the reference is torch in float64)
UNARY = [("asin", 3), ("acos", 3), ("atan", 3), ("sinh", 3), ("cosh", 3), ("erfinv", 5)]


@pytest.mark.parametrize("name,max_ulp", UNARY, ids=[u[0] for u in UNARY])
def test_accuracy_in_ulp(name, max_ulp):
    x = _inputs(name)
    got = getattr(pyt, name)(pyt.from_numpy(x)).numpy()
    want = getattr(torch, name)(torch.from_numpy(x.astype(np.float64))).numpy()
    np.testing.assert_array_equal(np.isfinite(got), np.isfinite(want.astype(np.float32)))
    err = _ulp_error(got, want)
    assert err.max() <= max_ulp, f"{name}: {err.max():.2f} ulp at {x[np.argmax(err)]!r}"


def test_atan2_accuracy_in_ulp():
    rng = np.random.default_rng(1)
    n = 100003
    y = np.concatenate([rng.uniform(-10, 10, n), _log_uniform(rng, 1e-38, 3e38, n)])
    x = np.concatenate([rng.uniform(-10, 10, n), _log_uniform(rng, 1e-38, 3e38, n)])
    y, x = y.astype(np.float32), x.astype(np.float32)
    got = pyt.atan2(pyt.from_numpy(y), pyt.from_numpy(x)).numpy()
    want = torch.atan2(torch.from_numpy(y.astype(np.float64)),
                       torch.from_numpy(x.astype(np.float64))).numpy()
    err = _ulp_error(got, want)
    assert err.max() <= 4, f"atan2: {err.max():.2f} ulp"


def _same_as_torch(got, want, rtol=2e-6):
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    fin = ~np.isnan(want)
    np.testing.assert_allclose(got[fin], want[fin], rtol=rtol, atol=1e-44)
    exact = fin & ((want == 0) | np.isinf(want))  # signed zeros and infinities exactly
    np.testing.assert_array_equal(got[exact], want[exact])
    np.testing.assert_array_equal(np.signbit(got[exact]), np.signbit(want[exact]))


@pytest.mark.parametrize("name", [u[0] for u in UNARY])
def test_special_values_match_torch(name):
    got = getattr(pyt, name)(pyt.from_numpy(SPECIALS)).numpy()
    want = getattr(torch, name)(torch.from_numpy(SPECIALS)).numpy()
    # torch's vectorised float32 sinh/cosh overflow from |x| ~ 88.7 on, where the result (up
    # to |x| = 89.41) is still finite, as torch's own float64 and scalar float32 paths say.
    exact = getattr(torch, name)(torch.from_numpy(SPECIALS.astype(np.float64))).float().numpy()
    early = np.isinf(want) & np.isfinite(exact)
    want[early] = exact[early]
    _same_as_torch(got, want)


def test_atan2_special_values_match_torch():
    y, x = np.meshgrid(SPECIALS, SPECIALS)
    y, x = y.ravel().copy(), x.ravel().copy()
    got = pyt.atan2(pyt.from_numpy(y), pyt.from_numpy(x)).numpy()
    want = torch.atan2(torch.from_numpy(y), torch.from_numpy(x)).numpy()
    _same_as_torch(got, want)


def test_atan2_broadcast_and_strided():
    rng = np.random.default_rng(2)
    y = rng.standard_normal((37, 5)).astype(np.float32)
    x = rng.standard_normal((5,)).astype(np.float32)
    full = pyt.atan2(pyt.from_numpy(y), pyt.from_numpy(np.broadcast_to(x, y.shape).copy())).numpy()
    np.testing.assert_array_equal(pyt.atan2(pyt.from_numpy(y), pyt.from_numpy(x)).numpy(), full)
    yt = pyt.from_numpy(y)
    xt = pyt.from_numpy(np.broadcast_to(x, y.shape).copy())
    np.testing.assert_array_equal(pyt.atan2(yt.t(), xt.t()).numpy(), full.T)


@pytest.mark.parametrize("name", [u[0] for u in UNARY])
def test_strided_and_tails_equal_contiguous(name):
    x = np.random.default_rng(3).uniform(-0.999, 0.999, 1001).astype(np.float32)
    f = getattr(pyt, name)
    full = f(pyt.from_numpy(x)).numpy()
    t = pyt.from_numpy(x)
    np.testing.assert_array_equal(f(t[::3]).numpy(), full[::3])
    for n in (1, 7, 9, 17):  # lengths that end inside a vector
        np.testing.assert_array_equal(f(t[5:5 + n]).numpy(), full[5:5 + n])


# ------------------------------------------------------------------ activations
ACTS = [
    ("gelu", lambda F, t: F.gelu(t)),
    ("gelu_tanh", lambda F, t: F.gelu(t, approximate="tanh")),
    ("silu", lambda F, t: F.silu(t)),
    ("mish", lambda F, t: F.mish(t)),
    ("softplus", lambda F, t: F.softplus(t)),
    ("softplus_beta2", lambda F, t: F.softplus(t, beta=2.0, threshold=5.0)),
    ("elu", lambda F, t: F.elu(t)),
    ("elu_alpha0.5", lambda F, t: F.elu(t, alpha=0.5)),
    ("selu", lambda F, t: F.selu(t)),
    ("celu", lambda F, t: F.celu(t, alpha=2.0)),
    ("logsigmoid", lambda F, t: F.logsigmoid(t)),
]


def _act_inputs():
    rng = np.random.default_rng(4)
    x = np.concatenate([rng.uniform(-12, 12, 20001), rng.standard_normal(20001),
                        _log_uniform(rng, 1e-6, 100.0, 5001)])
    return x.astype(np.float32)


@pytest.mark.parametrize("name,f", ACTS, ids=[a[0] for a in ACTS])
def test_activation_and_gradient_match_torch(name, f):
    x = _act_inputs()
    g = np.random.default_rng(5).standard_normal(x.shape).astype(np.float32)
    res = {}
    for lib in (pyt, torch):
        xt = lib.from_numpy(x.copy()).requires_grad_(True)
        y = f(lib.nn.functional, xt)
        (gx,) = lib.autograd.grad(y, xt, lib.from_numpy(g))
        res[lib.__name__] = (y.detach().numpy(), gx.numpy())
    (y, gx), (ty, tgx) = res["pyt"], res["torch"]
    np.testing.assert_allclose(y, ty, rtol=1.3e-6, atol=1e-5)
    np.testing.assert_allclose(gx, tgx, rtol=1.3e-6, atol=1e-5)


@pytest.mark.parametrize("name,f", ACTS, ids=[a[0] for a in ACTS])
def test_activation_special_values_match_torch(name, f):
    # torch's own vectorised and scalar paths disagree at +-inf (gelu(inf) is NaN in a vector,
    # inf alone; elu's gradient there likewise), so the reference is torch on one element at
    # a time (its scalar path, the mathematically expected value).
    x = SPECIALS

    def run(lib, a, grad):
        xt = lib.from_numpy(a.copy()).requires_grad_(grad)
        y = f(lib.nn.functional, xt)
        return (lib.autograd.grad(y, xt, lib.ones_like(y))[0] if grad else y).detach().numpy()

    for grad in (False, True):
        got = run(pyt, x, grad)
        want = np.concatenate([run(torch, x[i:i + 1], grad) for i in range(len(x))])
        np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
        fin = ~np.isnan(want)
        np.testing.assert_allclose(got[fin], want[fin], rtol=1.3e-6, atol=1e-5)
        np.testing.assert_array_equal(np.isinf(got), np.isinf(want))


@pytest.mark.parametrize("name,f", ACTS, ids=[a[0] for a in ACTS])
def test_activation_strided_tails_and_threads(name, f):
    x = np.random.default_rng(6).uniform(-8, 8, 20011).astype(np.float32)
    F = pyt.nn.functional
    t = pyt.from_numpy(x)
    full = f(F, t).numpy()
    np.testing.assert_array_equal(f(F, t[::3]).numpy(), full[::3])
    for n in (1, 7, 9, 17):
        np.testing.assert_array_equal(f(F, t[5:5 + n]).numpy(), full[5:5 + n])
    threads = pyt.get_num_threads()
    try:
        grads = []
        for nt in (1, 2):
            pyt.set_num_threads(nt)
            xt = pyt.from_numpy(x.copy()).requires_grad_(True)
            grads.append(pyt.autograd.grad(f(F, xt).sum(), xt)[0].numpy())
        np.testing.assert_array_equal(grads[0], grads[1])
    finally:
        pyt.set_num_threads(threads)


def test_baseline_table_in_child():
    if os.environ.get("PYT_SIMD") == "sse2":
        pytest.skip("already the baseline table")
    env = dict(os.environ, PYT_SIMD="sse2")
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p",
                        "no:cacheprovider", "-x", __file__, "-k", "not baseline_table"],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
