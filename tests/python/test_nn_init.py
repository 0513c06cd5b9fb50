"""pyt.nn.init against torch.nn.init: exact where deterministic, statistically otherwise."""

import math

import numpy as np
import pytest
import torch

import pyt
import pyt.nn.init as init


def test_calculate_gain_matches_torch():
    for nl in ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
               "conv_transpose3d", "sigmoid", "tanh", "relu", "selu"]:
        assert init.calculate_gain(nl) == torch.nn.init.calculate_gain(nl)
    for p in [None, 0.2, 1, 0.0]:
        assert init.calculate_gain("leaky_relu", p) == torch.nn.init.calculate_gain("leaky_relu", p)
    with pytest.raises(ValueError, match="Unsupported nonlinearity"):
        init.calculate_gain("gelu2")
    with pytest.raises(ValueError, match="not a valid number"):
        init.calculate_gain("leaky_relu", "x")


@pytest.mark.parametrize("shape", [(3, 4), (5, 5), (4, 2)])
def test_eye_matches_torch(shape):
    p = init.eye_(pyt.empty(*shape))
    t = torch.nn.init.eye_(torch.empty(*shape))
    np.testing.assert_array_equal(p.numpy(), t.numpy())
    with pytest.raises(ValueError, match="2 dimensions"):
        init.eye_(pyt.empty(2, 2, 2))


@pytest.mark.parametrize("shape,groups", [((4, 2, 3), 1), ((4, 2, 3), 2), ((6, 3, 3, 3), 3),
                                          ((2, 4, 3, 5), 1), ((4, 2, 3, 3, 3), 2)])
def test_dirac_matches_torch(shape, groups):
    p = init.dirac_(pyt.empty(*shape), groups)
    t = torch.nn.init.dirac_(torch.empty(*shape), groups)
    np.testing.assert_array_equal(p.numpy(), t.numpy())


def test_dirac_errors():
    with pytest.raises(ValueError, match="3, 4, or 5 dimensions"):
        init.dirac_(pyt.empty(3, 3))
    with pytest.raises(ValueError, match="divisible by groups"):
        init.dirac_(pyt.empty(5, 2, 3), groups=2)


def test_constant_ones_zeros_keep_requires_grad():
    w = pyt.nn.Parameter(pyt.empty(3, 2))
    assert init.constant_(w, 0.25) is w
    assert np.all(w.detach().numpy() == 0.25) and w.requires_grad and w.grad_fn is None
    init.ones_(w)
    assert np.all(w.detach().numpy() == 1)
    init.zeros_(w)
    assert np.all(w.detach().numpy() == 0)


N = 200_000


def _moments(t):
    a = t.detach().numpy().astype(np.float64).ravel()
    return a.mean(), a.std(), a.min(), a.max()


def test_uniform_and_normal_distributions():
    m, s, lo, hi = _moments(init.uniform_(pyt.empty(N), -3.0, 1.0))
    assert -3 <= lo and hi <= 1
    assert abs(m - (-1.0)) < 0.02 and abs(s - 4 / math.sqrt(12)) < 0.02
    m, s, _, _ = _moments(init.normal_(pyt.empty(N), 2.0, 0.5))
    assert abs(m - 2.0) < 0.01 and abs(s - 0.5) < 0.01


@pytest.mark.parametrize("shape", [(400, 500), (64, 32, 3, 3)])
def test_xavier_and_kaiming_bounds_and_spread_match_torch_formula(shape):
    fan_in = shape[1] * int(np.prod(shape[2:]))
    fan_out = shape[0] * int(np.prod(shape[2:]))
    _, s, lo, hi = _moments(init.xavier_uniform_(pyt.empty(*shape), gain=2.0))
    bound = 2.0 * math.sqrt(6.0 / (fan_in + fan_out))
    assert -bound * (1 + 1e-6) <= lo and hi <= bound * (1 + 1e-6) and abs(s - bound / math.sqrt(3)) / s < 0.02
    _, s, _, _ = _moments(init.xavier_normal_(pyt.empty(*shape), gain=0.5))
    assert abs(s - 0.5 * math.sqrt(2.0 / (fan_in + fan_out))) / s < 0.02
    for mode, fan in (("fan_in", fan_in), ("fan_out", fan_out)):
        for nl, a in (("relu", 0), ("leaky_relu", 0.2), ("leaky_relu", math.sqrt(5))):
            gain = torch.nn.init.calculate_gain(nl, a)
            _, s, lo, hi = _moments(init.kaiming_uniform_(pyt.empty(*shape), a, mode, nl))
            bound = gain * math.sqrt(3.0 / fan)
            assert -bound * (1 + 1e-6) <= lo and hi <= bound * (1 + 1e-6) and abs(s - bound / math.sqrt(3)) / s < 0.02
            _, s, _, _ = _moments(init.kaiming_normal_(pyt.empty(*shape), a, mode, nl))
            assert abs(s - gain / math.sqrt(fan)) / s < 0.02


def test_kaiming_errors_and_empty_warning():
    with pytest.raises(ValueError, match="Mode fan_avg not supported"):
        init.kaiming_uniform_(pyt.empty(3, 3), mode="fan_avg")
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.xavier_uniform_(pyt.empty(3))
    with pytest.warns(UserWarning, match="zero-element"):
        init.kaiming_normal_(pyt.empty(0, 3))


@pytest.mark.parametrize("mean,std,a,b", [(0.0, 1.0, -2.0, 2.0), (0.5, 0.02, 0.46, 0.6),
                                           (1.0, 2.0, 0.0, 10.0)])
def test_trunc_normal_bounds_and_moments(mean, std, a, b):
    m, s, lo, hi = _moments(init.trunc_normal_(pyt.empty(N), mean, std, a, b))
    assert a <= lo and hi <= b
    # moments of the truncated normal
    al, be = (a - mean) / std, (b - mean) / std
    phi = lambda x: math.exp(-x * x / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    Z = 0.5 * (math.erf(be / math.sqrt(2)) - math.erf(al / math.sqrt(2)))
    em = mean + std * (phi(al) - phi(be)) / Z
    var = std**2 * (1 + (al * phi(al) - be * phi(be)) / Z - ((phi(al) - phi(be)) / Z) ** 2)
    assert abs(m - em) < 0.01 * std + 1e-6
    assert abs(s - math.sqrt(var)) / math.sqrt(var) < 0.02
    with pytest.warns(UserWarning, match="more than 2 std"):
        init.trunc_normal_(pyt.empty(3), mean=10.0, a=-1.0, b=1.0)


@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 2, 3), (6, 6)])
def test_orthogonal(shape):
    w = init.orthogonal_(pyt.empty(*shape, dtype=pyt.float64), gain=2.0).numpy()
    m = w.reshape(shape[0], -1)
    if m.shape[0] <= m.shape[1]:
        np.testing.assert_allclose(m @ m.T, 4 * np.eye(m.shape[0]), atol=1e-10)
    else:
        np.testing.assert_allclose(m.T @ m, 4 * np.eye(m.shape[1]), atol=1e-10)
    with pytest.raises(ValueError, match="2 or more dimensions"):
        init.orthogonal_(pyt.empty(3))


def test_sparse():
    w = init.sparse_(pyt.empty(20, 7), sparsity=0.3, std=0.5).numpy()
    assert all((w[:, c] == 0).sum() == math.ceil(0.3 * 20) for c in range(7))
    nz = w[w != 0]
    assert abs(nz.std() - 0.5) < 0.2
    with pytest.raises(ValueError, match="2 dimensions"):
        init.sparse_(pyt.empty(3), 0.1)


@pytest.mark.parametrize("fn,args", [
    (init.uniform_, (-1.0, 1.0)), (init.normal_, (0.0, 1.0)), (init.xavier_uniform_, ()),
    (init.xavier_normal_, ()), (init.kaiming_uniform_, ()), (init.kaiming_normal_, ()),
    (init.trunc_normal_, ()), (init.orthogonal_, ()), (init.sparse_, (0.2,)),
])
def test_generator_makes_init_reproducible(fn, args):
    def run(seed):
        g = pyt.Generator()
        g.manual_seed(seed)
        return fn(pyt.empty(6, 5), *args, generator=g).numpy().copy()

    np.testing.assert_array_equal(run(3), run(3))
    assert not np.array_equal(run(3), run(4))


def test_layer_default_init_follows_torch_bounds():
    lin = pyt.nn.Linear(300, 200)
    bound = 1 / math.sqrt(300)
    for p in (lin.weight, lin.bias):
        a = p.detach().numpy()
        assert np.abs(a).max() <= bound
    assert abs(lin.weight.detach().numpy().std() - bound / math.sqrt(3)) / (bound / math.sqrt(3)) < 0.03
