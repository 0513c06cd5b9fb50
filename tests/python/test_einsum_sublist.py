"""torch.einsum's sublist form (einsum(a, [0, 1], b, [1, 2], [0, 2])), differential against torch."""

import numpy as np
import pytest
import pyt
import torch

rng = np.random.default_rng(7)
A = rng.standard_normal((2, 3))
B = rng.standard_normal((3, 4))
C = rng.standard_normal((2, 3, 3))
V = rng.standard_normal(3)

# (name, operands as numpy arrays, builder of the args from the library's tensors)
CASES = [
    ("matmul", (A, B), lambda a, b: (a, [0, 1], b, [1, 2], [0, 2])),
    ("matmul_implicit", (A, B), lambda a, b: (a, [0, 1], b, [1, 2])),
    ("transpose_implicit_order", (A,), lambda a: (a, [30, 1])),  # 'e', 'B': output is 'Be'
    ("sum_all", (A,), lambda a: (a, [0, 1], [])),
    ("trace", (C,), lambda c: (c, [0, 1, 1], [0])),
    ("diag", (C,), lambda c: (c, [0, 1, 1], [0, 1])),
    ("batch_matmul", (C, C), lambda c, d: (c, [0, 1, 2], d, [0, 2, 3], [0, 1, 3])),
    ("ellipsis", (C, V), lambda c, v: (c, [Ellipsis, 1], v, [1], [Ellipsis])),
    ("outer_tuple_sublists", (V, V), lambda v, w: (v, (0,), w, (51,), (0, 51))),
    ("three_operands", (A, B, B.T), lambda a, b, c: (a, [0, 1], b, [1, 2], c, [2, 3], [0, 3])),
]


@pytest.mark.parametrize("name,arrays,build", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sublist_matches_torch(name, arrays, build, dtype):
    pts = [pyt.tensor(a.astype(dtype)) for a in arrays]
    tts = [torch.tensor(a.astype(dtype)) for a in arrays]
    p = pyt.einsum(*build(*pts))
    t = torch.einsum(*build(*tts))
    assert tuple(p.shape) == tuple(t.shape)
    assert str(p.dtype).split(".")[-1] == dtype
    np.testing.assert_allclose(p.numpy(), t.numpy(), rtol=1e-5 if dtype == "float32" else 1e-12, atol=1e-6)


def test_sublist_gradients_match_torch():
    pa, pb = pyt.tensor(A, requires_grad=True), pyt.tensor(B, requires_grad=True)
    ta, tb = torch.tensor(A, requires_grad=True), torch.tensor(B, requires_grad=True)
    (pyt.einsum(pa, [0, 1], pb, [1, 2], [0, 2]) ** 2).sum().backward()
    (torch.einsum(ta, [0, 1], tb, [1, 2], [0, 2]) ** 2).sum().backward()
    np.testing.assert_allclose(pa.grad.numpy(), ta.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(pb.grad.numpy(), tb.grad.numpy(), rtol=1e-12)


@pytest.mark.parametrize("args", [
    lambda T, a: (a, [0, 52]),
    lambda T, a: (a, [-1, 1]),
], ids=["too_big", "negative"])
def test_sublist_out_of_range_raises_value_error(args):
    with pytest.raises(ValueError, match=r"valid range \[0, 52\)"):
        torch.einsum(*args(torch, torch.ones(2, 3)))
    with pytest.raises(ValueError, match=r"valid range \[0, 52\)"):
        pyt.einsum(*args(pyt, pyt.ones(2, 3)))


def test_sublist_bad_subscript_types_raise_type_error():
    with pytest.raises(TypeError):
        torch.einsum(torch.ones(2, 3), [0, "x"])
    with pytest.raises(TypeError):
        pyt.einsum(pyt.ones(2, 3), [0, "x"])


def test_sublist_wrong_rank_raises_runtime_error():
    with pytest.raises(RuntimeError):
        torch.einsum(torch.ones(2, 3), [0, 1, 2])
    with pytest.raises(RuntimeError):
        pyt.einsum(pyt.ones(2, 3), [0, 1, 2])
