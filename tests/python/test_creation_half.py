"""arange / linspace / logspace with float16 and bfloat16, against torch (computed through
float32 and rounded once; torch's own half arange may round a value one half-ulp-step the
other way, so values are compared with torch's default tolerances for the dtype)."""
import pytest
import torch

import pyt

CASES = [
    ("arange_float_step", lambda L, dt: L.arange(0, 10, 0.3, dtype=dt)),
    ("arange_int", lambda L, dt: L.arange(5, dtype=dt)),
    ("arange_large", lambda L, dt: L.arange(3000, dtype=dt)),
    ("arange_negative_step", lambda L, dt: L.arange(4, -4, -0.5, dtype=dt)),
    ("arange_empty", lambda L, dt: L.arange(0, dtype=dt)),
    ("linspace", lambda L, dt: L.linspace(-3, 7, 17, dtype=dt)),
    ("linspace_one", lambda L, dt: L.linspace(2.5, 9, 1, dtype=dt)),
    ("linspace_empty", lambda L, dt: L.linspace(0, 1, 0, dtype=dt)),
    ("logspace", lambda L, dt: L.logspace(0, 2, 5, dtype=dt)),
]


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("name,make", CASES, ids=[c[0] for c in CASES])
def test_half_creation_matches_torch(name, make, dtype):
    ours = make(pyt, getattr(pyt, dtype))
    ref = make(torch, getattr(torch, dtype))
    assert str(ours.dtype) == f"pyt.{dtype}"
    assert tuple(ours.shape) == tuple(ref.shape)
    torch.testing.assert_close(torch.from_numpy(ours.float().numpy()), ref.float(),
                               **({"rtol": 1e-3, "atol": 1e-5} if dtype == "float16"
                                  else {"rtol": 1.6e-2, "atol": 1e-5}))


def test_half_arange_repr_summarises():
    text = repr(pyt.arange(2000, dtype=pyt.float16))
    assert "..." in text and "dtype=pyt.float16" in text
