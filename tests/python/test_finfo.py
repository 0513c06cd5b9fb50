"""pyt.finfo / pyt.iinfo against torch's."""
import pytest
import torch

import pyt

FLOATS = ["float16", "bfloat16", "float32", "float64"]
INTS = ["uint8", "int8", "int16", "int32", "int64"]


@pytest.mark.parametrize("name", FLOATS)
def test_finfo_matches_torch(name):
    p, t = pyt.finfo(getattr(pyt, name)), torch.finfo(getattr(torch, name))
    for attr in ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution"):
        assert getattr(p, attr) == getattr(t, attr), attr
    assert p.dtype == t.dtype


@pytest.mark.parametrize("name", INTS)
def test_iinfo_matches_torch(name):
    p, t = pyt.iinfo(getattr(pyt, name)), torch.iinfo(getattr(torch, name))
    assert (p.bits, p.min, p.max, p.dtype) == (t.bits, t.min, t.max, t.dtype)


def test_default_and_errors():
    assert pyt.finfo().eps == torch.finfo().eps
    with pytest.raises(TypeError):
        pyt.finfo(pyt.int32)
    with pytest.raises(TypeError):
        pyt.iinfo(pyt.float32)
    with pytest.raises(TypeError):
        pyt.finfo("float32")
