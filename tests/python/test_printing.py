"""Tensor repr/str: differential against torch's printing (torch. -> pyt.)."""

import pytest
import torch

import pyt
from pyt._tensor_str import set_printoptions


def to_pyt(t):
    """Same values, dtype and shape in pyt (bfloat16 via float32, which is exact)."""
    if t.dtype == torch.bfloat16:
        return pyt.from_numpy(t.float().numpy().copy()).to(pyt.bfloat16)
    return pyt.from_numpy(t.numpy().copy())


def expected(t):
    return repr(t).replace("torch.", "pyt.")


g = torch.Generator().manual_seed(0)

CASES = {
    "scalar_float": torch.tensor(3.0),
    "scalar_int": torch.tensor(3),
    "scalar_bool": torch.tensor(True),
    "scalar_neg_frac": torch.tensor(-5.5),
    "scalar_tiny": torch.tensor(1e-10),
    "scalar_nan": torch.tensor(float("nan")),
    "vec_int_valued_float": torch.tensor([1.0, 2.0]),
    "mat": torch.tensor([[1.0, 2.0], [3.0, 4.0]]),
    "frac": torch.tensor([1.5, -2.25]),
    "sci_small": torch.tensor([1e-5, 1.0]),
    "sci_large": torch.tensor([1e10, 1.0]),
    "sci_ratio": torch.tensor([0.1, 100000.0]),
    "nonfinite": torch.tensor([float("nan"), float("inf"), -float("inf")]),
    "zeros": torch.zeros(2),
    "neg_zero": torch.tensor([-0.0, 1.0]),
    "nan_and_one": torch.tensor([1.0, float("nan")]),
    "randn_3d": torch.randn(3, 4, 5, generator=g),
    "randn_wide": torch.randn(4, 30, generator=g),
    "randn_100": torch.randn(100, generator=g),
    "summarized_1d": torch.randn(2000, generator=g),
    "summarized_2d": torch.randn(50, 50, generator=g),
    "summarized_int": torch.arange(2000).reshape(40, 50),
    "summarized_3d": torch.randn(10, 10, 12, generator=g),
    "summarized_bool": torch.ones(1001, dtype=torch.bool),
    "int32": torch.arange(10, dtype=torch.int32),
    "int16": torch.tensor([-3, 4], dtype=torch.int16),
    "int8": torch.tensor([-3, 4], dtype=torch.int8),
    "uint8": torch.tensor([255, 0], dtype=torch.uint8),
    "int64_wide": torch.randint(-1000, 1000, (30, 40), generator=g),
    "bool": torch.tensor([True, False]),
    "float64": torch.tensor([1.0, 2.5], dtype=torch.float64),
    "float16": torch.tensor([1.5, 2.0], dtype=torch.float16),
    "bfloat16": torch.tensor([1.5, 2.0], dtype=torch.bfloat16),
    "empty_2d": torch.zeros(0, 3),
    "empty_1d": torch.zeros(0),
    "empty_int64": torch.zeros(0, dtype=torch.int64),
    "empty_int32": torch.zeros(2, 0, dtype=torch.int32),
    "five_d": torch.randn(2, 3, 1, 2, 2, generator=g),
    "big_small_mix": torch.tensor([123456789.0, 1.0]),
    "huge_int_valued": torch.tensor([2.0**60]),
    "small_values": torch.randn(25, generator=g) * 1e-3,
    "large_values": torch.randn(30, generator=g) * 1000,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_repr_matches_torch(name):
    t = CASES[name]
    p = to_pyt(t)
    assert repr(p) == expected(t)
    assert str(p) == str(t).replace("torch.", "pyt.")


def test_noncontiguous_views():
    t = torch.randn(3, 4, generator=g)
    p = to_pyt(t)
    assert repr(p[:, ::2]) == expected(t[:, ::2])
    assert repr(p.t()) == expected(t.t())


def test_requires_grad_and_grad_fn_suffixes():
    t = torch.tensor([1.0, 2.0], requires_grad=True)
    p = pyt.tensor([1.0, 2.0], requires_grad=True)
    assert repr(p) == expected(t)
    assert repr(p + 1) == expected(t + 1)
    assert repr(p * 2) == expected(t * 2)
    assert repr((p * p).sum()) == expected((t * t).sum())


def test_long_suffix_wraps_to_new_line():
    t = torch.randn(2, 10, dtype=torch.float64, generator=g) * 1e3
    assert repr(to_pyt(t)) == expected(t)


def test_parameter_repr():
    t = torch.nn.Parameter(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    p = pyt.nn.Parameter(pyt.tensor([[1.0, 2.0], [3.0, 4.0]]))
    assert repr(p) == expected(t)
    assert str(p) == str(t).replace("torch.", "pyt.")


@pytest.mark.parametrize(
    "opts",
    [
        dict(precision=2),
        dict(threshold=5),
        dict(edgeitems=1, threshold=10),
        dict(sci_mode=True),
        dict(sci_mode=False),
        dict(linewidth=40),
        dict(profile="short"),
        dict(profile="full"),
        dict(edgeitems=0, threshold=3),
    ],
    ids=lambda d: ",".join(f"{k}={v}" for k, v in d.items()),
)
def test_printoptions_match_torch(opts):
    try:
        torch.set_printoptions(**opts)
        set_printoptions(**opts)
        for name in sorted(CASES):
            t = CASES[name]
            assert repr(to_pyt(t)) == expected(t), name
    finally:
        torch.set_printoptions(profile="default")
        set_printoptions(profile="default")


def test_set_printoptions_is_exported():
    # pyt/__init__.py should re-export it (torch.set_printoptions).
    assert pyt.set_printoptions is set_printoptions


def test_default_dtype_float64_changes_suffixes():
    old = pyt.get_default_dtype()
    try:
        torch.set_default_dtype(torch.float64)
        pyt.set_default_dtype(pyt.float64)
        for t in [torch.tensor([1.0, 2.0], dtype=torch.float64),
                  torch.tensor([1.0, 2.0], dtype=torch.float32),
                  torch.zeros(0, dtype=torch.float32)]:
            assert repr(to_pyt(t)) == expected(t)
    finally:
        torch.set_default_dtype(torch.float32)
        pyt.set_default_dtype(old)


def test_printoptions_context_manager_restores():
    from pyt._tensor_str import get_printoptions, printoptions

    before = get_printoptions()
    with printoptions(precision=1):
        assert repr(pyt.tensor([1.25, 2.5])) == "tensor([1.2, 2.5])"
    assert get_printoptions() == before


def test_huge_tensor_prints_only_edges():
    # 10^7 elements: only the corners are converted; printing must still match torch.
    t = torch.arange(10_000_000, dtype=torch.float32).reshape(1000, 10000)
    p = pyt.arange(10_000_000, dtype=pyt.float32).reshape(1000, 10000)
    assert repr(p) == expected(t)
