"""logspace and the random samplers (normal, bernoulli, multinomial, exponential_, random_):
values of logspace against torch; for samplers, torch's shapes, dtypes, errors and gradient
nodes, plus statistics and bitwise determinism across thread counts (pyt's Philox streams
are its own, so values are not compared with torch's)."""

import math

import numpy as np
import pyt
import pytest
import torch
from helpers import assert_tensor_close, dtype_name, to_np

N = 100_000


@pytest.mark.parametrize(
    "args,kw",
    [
        ((0, 2, 3), {}),
        ((-1, 1, 5), {"base": 2.0}),
        ((0, 3, 4), {"base": 2, "dtype": "int64"}),
        ((1, 0, 6), {"dtype": "float64"}),
        ((0, 1, 0), {}),
        ((0, 1, 1), {}),
        ((0.5, 2.5, 7), {"base": 3.0, "dtype": "float64"}),
    ],
)
def test_logspace(args, kw):
    def call(L):
        k = dict(kw)
        if "dtype" in k:
            k["dtype"] = getattr(L, k["dtype"])
        return L.logspace(*args, **k)

    assert_tensor_close(call(pyt), call(torch), 1e-6, 1e-6)


def _stats_ok(a, mean, std, n):
    assert abs(a.mean() - mean) < 5 * std / math.sqrt(n) + 1e-12, f"mean {a.mean()} far from {mean}"
    assert abs(a.std() - std) < 0.03 * std + 1e-12, f"std {a.std()} far from {std}"


# (id, sampler over lib and generator-kwargs): pyt and torch give the same shape and dtype
SAMPLERS = [
    ("normal_tt", lambda L, g: L.normal(L.zeros(3, 1), L.ones(4), **g)),
    ("normal_tf", lambda L, g: L.normal(L.zeros(2, 3, dtype=L.float64), 2.0, **g)),
    ("normal_ft", lambda L, g: L.normal(1.0, L.ones(5), **g)),
    ("normal_ff", lambda L, g: L.normal(0.0, 1.0, (2, 3), **g)),
    ("normal_ff_dtype", lambda L, g: L.normal(0.0, 1.0, size=(4,), dtype=L.float64, **g)),
    ("normal_half", lambda L, g: L.normal(L.zeros(3, dtype=L.float16), 1.0, **g)),
    ("normal_empty", lambda L, g: L.normal(L.zeros(0, 2), 1.0, **g)),
    ("bernoulli_t", lambda L, g: L.bernoulli(L.full((3, 4), 0.5), **g)),
    ("bernoulli_p", lambda L, g: L.bernoulli(L.zeros(3, dtype=L.float64), 0.3, **g)),
    ("bernoulli_p_int", lambda L, g: L.bernoulli(L.zeros(3, dtype=L.int64), 0.3, **g)),
    ("bernoulli_method", lambda L, g: L.full((2,), 0.5).bernoulli(**g)),
    ("bernoulli__tensor", lambda L, g: L.zeros(2, 3).bernoulli_(L.full((3,), 0.5), **g)),
    ("multinomial_1d", lambda L, g: L.multinomial(L.tensor([1.0, 2.0, 3.0]), 2, **g)),
    ("multinomial_2d_repl", lambda L, g: L.tensor([[1.0, 0.0], [0.5, 0.5]]).multinomial(5, True, **g)),
    ("exponential_", lambda L, g: L.empty(3, dtype=L.float64).exponential_(2.0, **g)),
    ("random_", lambda L, g: L.empty(4, dtype=L.int32).random_(0, 5, **g)),
    ("random_to", lambda L, g: L.empty(4).random_(7, **g)),
]


@pytest.mark.parametrize("sampler", [pytest.param(f, id=i) for i, f in SAMPLERS])
def test_sampler_shapes_dtypes_and_threads(sampler):
    p = sampler(pyt, {"generator": pyt.Generator().manual_seed(3)})
    t = sampler(torch, {"generator": torch.Generator().manual_seed(3)})
    assert tuple(p.shape) == tuple(t.shape)
    assert dtype_name(p.dtype) == dtype_name(t.dtype)
    # bitwise identical for any thread count (Note [Counter-based RNG])
    outs = []
    for n in (1, 2):
        pyt.set_num_threads(n)
        try:
            outs.append(to_np(sampler(pyt, {"generator": pyt.Generator().manual_seed(5)}).float()))
        finally:
            pyt.set_num_threads(2)
    np.testing.assert_array_equal(outs[0], outs[1])


def test_large_draws_identical_across_threads():
    def draw():
        g = pyt.Generator().manual_seed(11)
        return [
            to_np(pyt.normal(pyt.zeros(70_000), 2.0, generator=g)),
            to_np(pyt.bernoulli(pyt.rand(70_000, generator=g), generator=g)),
            to_np(pyt.multinomial(pyt.rand(300, 50, generator=g), 20, generator=g)),
            to_np(pyt.multinomial(pyt.rand(300, 50, generator=g), 20, True, generator=g)),
            to_np(pyt.empty(70_000).exponential_(generator=g)),
        ]

    runs = []
    for n in (1, 2):
        pyt.set_num_threads(n)
        try:
            runs.append(draw())
        finally:
            pyt.set_num_threads(2)
    for a, b in zip(*runs):
        np.testing.assert_array_equal(a, b)


def test_normal_statistics():
    g = pyt.Generator().manual_seed(0)
    mean = pyt.tensor([[-3.0], [0.0], [5.0]])
    std = pyt.tensor([0.5, 2.0])
    s = to_np(pyt.normal(mean.expand(3, N // 6).reshape(3, N // 6, 1).expand(3, N // 6, 2),
                         std.expand(3, N // 6, 2), generator=g))
    for i, m in enumerate([-3.0, 0.0, 5.0]):
        for j, sd in enumerate([0.5, 2.0]):
            _stats_ok(s[i, :, j], m, sd, N // 6)
    _stats_ok(to_np(pyt.normal(2.0, 3.0, (N,), generator=g)), 2.0, 3.0, N)
    _stats_ok(to_np(pyt.normal(pyt.full((N,), -1.0), 0.25, generator=g)), -1.0, 0.25, N)
    _stats_ok(to_np(pyt.normal(4.0, pyt.full((N,), 1.5), generator=g)), 4.0, 1.5, N)


def test_bernoulli_statistics():
    g = pyt.Generator().manual_seed(1)
    p = pyt.tensor([0.0, 0.2, 0.7, 1.0]).expand(N // 4, 4)
    s = to_np(pyt.bernoulli(p, generator=g))
    assert set(np.unique(s)) <= {0.0, 1.0}
    assert s[:, 0].sum() == 0 and s[:, 3].sum() == N // 4
    for j, pj in ((1, 0.2), (2, 0.7)):
        _stats_ok(s[:, j], pj, math.sqrt(pj * (1 - pj)), N // 4)
    s2 = to_np(pyt.zeros(N, dtype=pyt.float64).bernoulli_(pyt.tensor(0.4, dtype=pyt.float64), generator=g))
    _stats_ok(s2, 0.4, math.sqrt(0.24), N)
    _stats_ok(to_np(pyt.bernoulli(pyt.zeros(N), 0.9, generator=g)), 0.9, 0.3, N)


def test_multinomial_statistics():
    g = pyt.Generator().manual_seed(2)
    w = np.array([0.0, 1.0, 2.0, 5.0, 2.0])
    s = to_np(pyt.multinomial(pyt.tensor(w), N, replacement=True, generator=g))
    freq = np.bincount(s, minlength=5) / N
    np.testing.assert_allclose(freq, w / w.sum(), atol=0.01)
    assert freq[0] == 0
    # without replacement: distinct, never a zero weight; first draws follow the weights
    rows = pyt.tensor(w).expand(20_000, 5)
    d = to_np(pyt.multinomial(rows, 3, generator=g))
    assert all(len(set(r)) == 3 for r in d[:500])
    assert (d != 0).all()
    np.testing.assert_allclose(np.bincount(d[:, 0], minlength=5) / 20_000, w / w.sum(), atol=0.015)
    full = to_np(pyt.multinomial(pyt.tensor([1.0, 1.0, 1.0]), 3, generator=g))
    assert sorted(full.tolist()) == [0, 1, 2]


def test_exponential_and_random_ranges():
    g = pyt.Generator().manual_seed(4)
    e = to_np(pyt.empty(N, dtype=pyt.float64).exponential_(0.5, generator=g))
    assert (e >= 0).all()
    _stats_ok(e, 2.0, 2.0, N)
    r = to_np(pyt.empty(N, dtype=pyt.int64).random_(-3, 4, generator=g))
    assert set(np.unique(r)) == set(range(-3, 4))
    r = to_np(pyt.empty(N).random_(generator=g))
    assert r.min() >= 0 and r.max() <= 2**24 and (r == np.round(r)).all()
    assert set(np.unique(to_np(pyt.empty(1000, dtype=pyt.bool).random_(generator=g)))) == {False, True}
    assert to_np(pyt.empty(1000, dtype=pyt.uint8).random_(generator=g)).max() > 200


def test_sampler_autograd_nodes_match_torch():
    for make in (
        lambda L, m: L.normal(m, 1.0),
        lambda L, m: L.normal(1.0, m.abs() + 1),
        lambda L, m: L.normal(m, m.abs() + 1),
        lambda L, m: L.bernoulli(m.sigmoid()),
    ):
        res = {}
        for L in (pyt, torch):
            m = L.tensor([0.5, -1.0, 2.0], requires_grad=True)
            out = make(L, m)
            out.sum().backward()
            res[L] = (out.grad_fn.name(), m.grad)
        assert res[pyt][0] == res[torch][0]
        assert_tensor_close(res[pyt][1], res[torch][1])


# (id, expression over lib) raising RuntimeError in both
RANDOM_ERRORS = [
    ("normal_neg_std", lambda L: L.normal(L.zeros(2), -1.0)),
    ("normal_neg_std_tensor", lambda L: L.normal(L.zeros(2), L.tensor([1.0, -1.0]))),
    ("normal_int_mean", lambda L: L.normal(L.zeros(2, dtype=L.int64), 1.0)),
    ("bernoulli_p_range", lambda L: L.bernoulli(L.tensor([0.5, 1.5]))),
    ("multinomial_3d", lambda L: L.multinomial(L.ones(2, 2, 2), 1)),
    ("multinomial_negative", lambda L: L.multinomial(L.tensor([1.0, -1.0]), 1)),
    ("multinomial_zero_sum", lambda L: L.multinomial(L.zeros(3), 1)),
    ("multinomial_too_many", lambda L: L.multinomial(L.ones(3), 4)),
    ("multinomial_zero_samples", lambda L: L.multinomial(L.ones(3), 0)),
    ("multinomial_nan", lambda L: L.multinomial(L.tensor([1.0, float("nan")]), 1)),
    ("exponential_lambda", lambda L: L.empty(3).exponential_(-1.0)),
    ("random_from_to", lambda L: L.empty(3).random_(5, 2)),
    ("logspace_steps", lambda L: L.logspace(0, 1, -1)),
]


@pytest.mark.parametrize("expr", [pytest.param(e, id=i) for i, e in RANDOM_ERRORS])
def test_random_errors(expr):
    with pytest.raises(RuntimeError):
        expr(torch)
    with pytest.raises(RuntimeError):
        expr(pyt)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_reduced_precision_samplers(dtype):
    g = pyt.Generator().manual_seed(6)
    dt = getattr(pyt, dtype)
    x = pyt.empty(N, dtype=dt).normal_(1.0, 2.0, generator=g)
    assert x.dtype == dt
    _stats_ok(to_np(x.float()), 1.0, 2.0, N)
    u = to_np(pyt.empty(N, dtype=dt).uniform_(-1, 3, generator=g).float())
    assert u.min() >= -1 and u.max() < 3
    _stats_ok(u, 1.0, 4 / math.sqrt(12), N)
    assert pyt.rand(3, dtype=dt).dtype == dt and pyt.normal(0.0, 1.0, (2,), dtype=dt).dtype == dt
