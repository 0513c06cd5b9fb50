"""DLPack exchange with numpy and torch: zero-copy both ways, strides, dtypes, lifetime."""

import gc

import numpy as np
import pyt
import pytest
import torch
from helpers import assert_tensor_close, dtype_name

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64"]


def _sample(L, dtype):
    return (L.arange(24).reshape(4, 6) % 5).to(getattr(L, dtype))


@pytest.mark.parametrize("dtype", DTYPES)
def test_round_trip_with_torch_shares_memory(dtype):
    p = _sample(pyt, dtype)
    t = torch.from_dlpack(p)  # pyt -> torch
    assert dtype_name(t.dtype) == dtype and tuple(t.shape) == (4, 6)
    assert t.data_ptr() == p.data_ptr()
    one = torch.ones((), dtype=t.dtype)
    t[1, 2] = one  # a write through torch shows in pyt
    assert p[1, 2].item() == one.item()
    back = pyt.from_dlpack(t)  # torch -> pyt
    assert back.data_ptr() == p.data_ptr() and dtype_name(back.dtype) == dtype
    t2 = _sample(torch, dtype)
    q = pyt.from_dlpack(t2)
    assert q.data_ptr() == t2.data_ptr()
    q[0, 0] = True if dtype == "bool" else 3
    assert t2[0, 0].item() == q[0, 0].item()
    assert_tensor_close(q.float(), t2.float())


@pytest.mark.parametrize("dtype", [d for d in DTYPES if d != "bfloat16"])
def test_round_trip_with_numpy_shares_memory(dtype):
    a = (np.arange(12).reshape(3, 4) % 3).astype(dtype)
    p = pyt.from_dlpack(a)
    assert dtype_name(p.dtype) == dtype and p.data_ptr() == a.__array_interface__["data"][0]
    a[0, 1] = 1
    assert p[0, 1].item() == 1
    n = np.from_dlpack(p)  # pyt -> numpy
    assert n.dtype == a.dtype and np.shares_memory(n, a)
    p[2, 3] = 0
    assert n[2, 3] == 0 and a[2, 3] == 0


def test_strides_offsets_and_0d():
    base = pyt.arange(60.0).reshape(3, 4, 5)
    v = base.transpose(0, 2)[1:, ::2]  # offset, permuted and stepped strides
    t = torch.from_dlpack(v)
    assert tuple(t.stride()) == tuple(v.stride()) and tuple(t.shape) == tuple(v.shape)
    assert_tensor_close(pyt.from_dlpack(t), torch.arange(60.0).reshape(3, 4, 5).transpose(0, 2)[1:, ::2])
    a = np.arange(24.0).reshape(4, 6)[::2, 1::3]
    p = pyt.from_dlpack(a)
    assert tuple(p.stride()) == (12, 3)
    np.testing.assert_array_equal(p.numpy(), a)
    z = pyt.tensor(2.5)
    assert torch.from_dlpack(z).item() == 2.5 and np.from_dlpack(z).shape == ()
    e = pyt.zeros(0, 3)
    assert tuple(torch.from_dlpack(e).shape) == (0, 3)
    assert tuple(pyt.from_dlpack(np.zeros((2, 0))).shape) == (2, 0)


def test_lifetime_source_deleted():
    a = np.arange(1000.0)
    p = pyt.from_dlpack(a)
    del a
    gc.collect()
    assert p.sum().item() == sum(range(1000))
    x = pyt.arange(1000.0)
    t = torch.from_dlpack(x)
    del x
    gc.collect()
    assert t.sum().item() == sum(range(1000))
    t2 = torch.arange(500.0)
    q = pyt.from_dlpack(t2)
    del t2
    gc.collect()
    assert q.sum().item() == sum(range(500))


def test_capsules_and_protocol():
    x = pyt.arange(4)
    assert x.__dlpack_device__() == (1, 0)
    cap = x.__dlpack__()
    assert "dltensor" in repr(cap)
    y = pyt.from_dlpack(cap)
    assert y.data_ptr() == x.data_ptr()
    with pytest.raises(ValueError):
        pyt.from_dlpack(cap)  # a capsule is consumed once
    unused = x.__dlpack__(max_version=(1, 0))  # released by its destructor
    assert "dltensor_versioned" in repr(unused)
    del unused
    c = x.__dlpack__(copy=True)
    z = pyt.from_dlpack(c)
    assert z.data_ptr() != x.data_ptr() and z.tolist() == x.tolist()
    from pyt.utils.dlpack import from_dlpack, to_dlpack

    w = from_dlpack(to_dlpack(x))
    w[0] = 9
    assert x[0].item() == 9
    assert torch.utils.dlpack.from_dlpack(to_dlpack(x))[0].item() == 9


def test_dlpack_errors():
    with pytest.raises(BufferError):
        pyt.ones(2, requires_grad=True).__dlpack__()
    with pytest.raises(BufferError):
        torch.ones(2, requires_grad=True).__dlpack__()
    with pytest.raises(TypeError):
        pyt.from_dlpack([1, 2])
    with pytest.raises(RuntimeError):
        pyt.from_dlpack(np.zeros(2, dtype=np.complex64))
    with pytest.raises(RuntimeError):
        pyt.from_dlpack(np.zeros(2, dtype=np.uint16))
    ro = np.arange(3.0)
    ro.flags.writeable = False
    p = pyt.from_dlpack(ro)  # read-only memory is copied, never written
    p[0] = 5.0
    assert ro[0] == 0.0
