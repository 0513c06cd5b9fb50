"""Floating -> integer conversion of NaN, infinities and out-of-range values (pyt/float_cast.h).

A plain C++ cast of such a value is undefined behaviour; pyt gives torch's x86-64 results
(truncation toward zero; NaN and out-of-range values become INT64_MIN or INT32_MIN, then wrap
to the target type) for every floating source dtype, through .to(), in-place copy_ and
Python scalars, and never crashes.
"""

import numpy as np
import pyt
import pytest
import torch

VALUES = [float("nan"), float("inf"), -float("inf"), 300.0, -1.0, 3e9, -3e9, 1e20, -1e20, 2.5,
          -2.5, -129.7, 255.9, 256.0, 65535.5, -32769.2, 2147483520.0, -2147483648.0,
          9.2e18, -9.3e18, 0.0, -0.0]
INT_DTYPES = ["uint8", "int8", "int16", "int32", "int64"]
FLOAT_DTYPES = ["float32", "float64", "float16", "bfloat16"]


@pytest.mark.parametrize("src", FLOAT_DTYPES)
@pytest.mark.parametrize("dst", INT_DTYPES)
def test_to_integer_matches_torch(src, dst):
    want = torch.tensor(VALUES, dtype=getattr(torch, src)).to(getattr(torch, dst))
    got = pyt.tensor(VALUES, dtype=getattr(pyt, src)).to(getattr(pyt, dst))
    assert got.tolist() == want.tolist()


@pytest.mark.parametrize("dst", INT_DTYPES)
def test_copy_into_integer_tensor(dst):
    x = np.array(VALUES, dtype=np.float32)
    out = pyt.zeros(len(VALUES), dtype=getattr(pyt, dst))
    out.copy_(pyt.from_numpy(x))
    want = torch.zeros(len(VALUES), dtype=getattr(torch, dst)).copy_(torch.from_numpy(x))
    assert out.tolist() == want.tolist()


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1e30, 1e30])
@pytest.mark.parametrize("dst", INT_DTYPES)
def test_python_float_scalars_into_integer_ops(value, dst):
    # Filling an integer tensor with a non-finite or huge float raises, as torch's checked_convert.
    with pytest.raises(RuntimeError, match="without overflow"):
        torch.full((3,), value, dtype=getattr(torch, dst))
    with pytest.raises(RuntimeError, match="without overflow"):
        pyt.full((3,), value, dtype=getattr(pyt, dst))
    x = pyt.ones(3, dtype=getattr(pyt, dst))
    with pytest.raises(RuntimeError, match="without overflow"):
        x.fill_(value)
    assert x.tolist() == [1, 1, 1]
