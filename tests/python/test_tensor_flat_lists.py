"""pyt.tensor on flat lists and tuples of Python numbers (the path that skips numpy) vs torch."""
import math

import numpy as np
import pytest
import torch

import pyt

CASES = [
    [1.0, 2.0, 3.0],
    [1, 2, 3],
    (1, 2.5),
    [2 ** 62, -2 ** 63],
    [-0.0, math.nan, math.inf, -math.inf],
    [1e40, -1e-50],
    [3],
    [1.5] * 64,
    list(range(65)),
    [True, 1],
    [1, np.int32(4)],
    [],
    [[1.0, 2.0]],
]


@pytest.mark.parametrize("data", CASES, ids=range(len(CASES)))
@pytest.mark.parametrize("default", ["float32", "float64"])
def test_flat_lists_match_torch(data, default):
    old_p, old_t = pyt.get_default_dtype(), torch.get_default_dtype()
    pyt.set_default_dtype(getattr(pyt, default))
    torch.set_default_dtype(getattr(torch, default))
    try:
        a, b = pyt.tensor(data), torch.tensor(data)
    finally:
        pyt.set_default_dtype(old_p)
        torch.set_default_dtype(old_t)
    assert str(a.dtype).split(".")[-1] == str(b.dtype).split(".")[-1]
    assert tuple(a.shape) == tuple(b.shape)
    np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_flat_list_requires_grad_and_overflow():
    t = pyt.tensor([1.0, 2.0], requires_grad=True)
    assert t.requires_grad and t.is_leaf
    with pytest.raises(RuntimeError):
        pyt.tensor([1, 2], requires_grad=True)
    with pytest.raises(ValueError):
        pyt.tensor([1, 2 ** 64])
    assert pyt.tensor([1, 2 ** 64], dtype=pyt.float64).dtype == pyt.float64


@pytest.mark.parametrize("value", [np.float64(3.0), np.float32(2), np.int32(4), np.bool_(True), np.float16(1.5)],
                         ids=["f64", "f32", "i32", "bool", "f16"])
def test_numpy_scalars_keep_their_dtype(value):
    a, b = pyt.tensor(value), torch.tensor(value)
    assert str(a.dtype).split(".")[-1] == str(b.dtype).split(".")[-1]
    assert a.shape == () and a.item() == b.item()


def test_eye_negative_columns_raise():
    with pytest.raises(RuntimeError):
        torch.eye(2, -1)
    with pytest.raises(RuntimeError, match="eye"):
        pyt.eye(2, -1)
    assert pyt.eye(2, 0).shape == (2, 0)
