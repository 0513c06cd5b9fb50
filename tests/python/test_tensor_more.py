"""Everyday Tensor methods and functions composed of pyt ops (pyt/_tensor_more.py) vs torch."""
import numpy as np
import pytest
import torch

import pyt

RS = np.random.RandomState(0)
A = RS.randn(3, 4).astype(np.float32)
B = RS.randn(4).astype(np.float32)
M = RS.rand(3, 4) > 0.5


def both(fn):
    out = []
    for m in (torch, pyt):
        r = fn(m)
        out.append(r)
    return out


def to_np(x):
    if isinstance(x, (tuple, list)):
        return [to_np(v) for v in x]
    if hasattr(x, "detach"):
        return x.detach().numpy()
    return x


def check(fn, dtype_check=True):
    t, p = both(fn)
    if isinstance(t, torch.Size):
        assert tuple(t) == tuple(p)
    elif isinstance(t, (tuple, list)):
        assert len(t) == len(p)
        for a, b in zip(t, p):
            check_pair(a, b, dtype_check)
    else:
        check_pair(t, p, dtype_check)


def check_pair(a, b, dtype_check):
    if hasattr(a, "shape") and not isinstance(a, torch.Size):
        assert tuple(a.shape) == tuple(b.shape)
        if dtype_check:
            assert str(a.dtype).split(".")[-1] == str(b.dtype).split(".")[-1]
        np.testing.assert_allclose(to_np(b).astype(np.float64), to_np(a).astype(np.float64), rtol=1e-5, atol=1e-6)
    else:
        assert tuple(a) == tuple(b)


CASES = {
    "masked_fill_": lambda m: m.from_numpy(A.copy()).masked_fill_(m.from_numpy(M), 2.5),
    "masked_fill_bcast": lambda m: m.from_numpy(A.copy()).masked_fill_(m.from_numpy(M[0]), -1),
    "masked_fill_0d_value": lambda m: m.from_numpy(A.copy()).masked_fill_(m.from_numpy(M), m.tensor(3.)),
    "masked_fill_int": lambda m: m.arange(6).masked_fill_(m.arange(6) > 2, 7),
    "new_tensor": lambda m: m.ones(2, dtype=m.float64).new_tensor([1, 2]),
    "new_tensor_dtype": lambda m: m.ones(2).new_tensor([1.5, 2], dtype=m.int32),
    "type_as": lambda m: m.tensor([1, 2]).type_as(m.ones(1)),
    "where_method": lambda m: m.from_numpy(A).where(m.from_numpy(M), 0.0),
    "addmm_method": lambda m: m.ones(3, 2).addmm(m.from_numpy(A), m.ones(4, 2), beta=0.5, alpha=2),
    "tril_": lambda m: m.from_numpy(A.copy()).tril_(1),
    "triu_": lambda m: m.from_numpy(A.copy()).triu_(-1),
    "cumsum_": lambda m: m.from_numpy(A.copy()).cumsum_(1),
    "eq_": lambda m: m.tensor([1., 2., 3.]).eq_(2.),
    "lt_": lambda m: m.tensor([1, 2, 3]).lt_(m.tensor([3, 2, 1])),
    "ge_": lambda m: m.tensor([1., 2., 3.]).ge_(2),
    "broadcast_to": lambda m: m.broadcast_to(m.from_numpy(B), (3, 4)),
    "broadcast_to_method": lambda m: m.from_numpy(B).broadcast_to((2, 3, 4)),
    "broadcast_tensors": lambda m: m.broadcast_tensors(m.ones(2, 1), m.from_numpy(B)),
    "broadcast_shapes": lambda m: m.broadcast_shapes((2, 1), (3,), 1),
    "ravel": lambda m: m.ravel(m.from_numpy(A).t()),
    "concatenate": lambda m: m.concatenate([m.from_numpy(A), m.from_numpy(A)], axis=1),
    "aminmax": lambda m: tuple(m.aminmax(m.from_numpy(A))),
    "aminmax_dim": lambda m: tuple(m.aminmax(m.from_numpy(A), dim=1, keepdim=True)),
    "aminmax_int": lambda m: tuple(m.aminmax(m.tensor([3, 1, 2]), dim=0)),
    "std_mean": lambda m: m.std_mean(m.from_numpy(A)),
    "std_mean_dim": lambda m: m.std_mean(m.from_numpy(A), 1, correction=0, keepdim=True),
    "var_mean": lambda m: m.var_mean(m.from_numpy(A), dim=(0, 1)),
    "var_mean_unbiased": lambda m: m.var_mean(m.from_numpy(A), 0, unbiased=False),
    "isposinf": lambda m: m.isposinf(m.tensor([1., float("inf"), -float("inf"), float("nan")])),
    "isneginf": lambda m: m.isneginf(m.tensor([1., float("inf"), -float("inf"), float("nan")])),
    "isposinf_int": lambda m: m.isposinf(m.tensor([1, 2])),
    "rsub": lambda m: m.rsub(m.from_numpy(A), 5.),
    "rsub_tensor_alpha": lambda m: m.rsub(m.from_numpy(A), m.from_numpy(B), alpha=2),
    "rsub_int": lambda m: m.rsub(m.tensor([1, 2], dtype=m.uint8), 1),
    "dist": lambda m: m.dist(m.from_numpy(A), m.from_numpy(B)),
    "dist_p1": lambda m: m.dist(m.from_numpy(A), m.from_numpy(B), 1),
    "inner_1d": lambda m: m.inner(m.from_numpy(B), m.from_numpy(B)),
    "inner_nd": lambda m: m.inner(m.from_numpy(A), m.from_numpy(A)),
    "inner_scalar": lambda m: m.inner(m.tensor(2.), m.from_numpy(B)),
    "diff": lambda m: m.diff(m.from_numpy(A)),
    "diff_n2_dim0": lambda m: m.diff(m.from_numpy(A), n=2, dim=0),
    "diff_prepend": lambda m: m.diff(m.from_numpy(B), prepend=m.zeros(2), append=m.ones(1)),
    "diff_bool": lambda m: m.diff(m.tensor([True, False, False, True])),
    "diff_int": lambda m: m.tensor([1, 4, 9, 16]).diff(),
    "greater": lambda m: m.greater(m.from_numpy(A), 0),
    "less_equal": lambda m: m.less_equal(m.from_numpy(A), m.from_numpy(B)),
    "not_equal": lambda m: m.from_numpy(A).not_equal(0.5),
    "empty_aminmax_dim": lambda m: tuple(m.aminmax(m.ones(0, 3), dim=1)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    check(CASES[name])


ERRORS = {
    "masked_fill_bad_bcast": lambda m: m.ones(2).masked_fill_(m.ones(3, 2, dtype=m.bool), 1.),
    "broadcast_shapes": lambda m: m.broadcast_shapes((2,), (3,)),
    "aminmax_empty": lambda m: m.aminmax(m.ones(0)),
    "diff_0d": lambda m: m.diff(m.tensor(1.)),
    "inner_mismatch": lambda m: m.inner(m.ones(2), m.ones(3)),
    "eq_bcast": lambda m: m.ones(2).eq_(m.ones(3, 2)),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_match_torch(name):
    with pytest.raises(Exception) as te:
        ERRORS[name](torch)
    with pytest.raises(type(te.value)):
        ERRORS[name](pyt)


def test_gradients_flow():
    for m in (torch, pyt):
        x = m.tensor([1., 2., 3.], requires_grad=True)
        y = x * 1
        y.masked_fill_(m.tensor([False, True, False]), 0.)
        s, mu = m.std_mean(x)
        (y.sum() + s + mu + m.diff(x).pow(2).sum() + m.dist(x, m.zeros(3))).backward()
        if m is torch:
            expected = x.grad.numpy().copy()
        else:
            np.testing.assert_allclose(x.grad.numpy(), expected, rtol=1e-5, atol=1e-6)


def test_gradcheck():
    x = pyt.tensor(A.astype(np.float64), requires_grad=True)
    assert pyt.autograd.gradcheck(lambda t: pyt.diff(t, n=2, dim=1), (x,))
    assert pyt.autograd.gradcheck(lambda t: pyt.std_mean(t, 1), (x,))
    assert pyt.autograd.gradcheck(lambda t: pyt.inner(t, t), (x,))
