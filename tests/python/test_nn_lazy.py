"""Lazy modules against torch: inferred shapes, the class swap after the first call, repr
before and after, state_dict round trips (from torch through numpy, and uninitialized into
uninitialized), optimizers built before the first call, and errors when used uninitialized."""

import copy

import numpy as np
import pyt
import pytest
import torch
from helpers import to_np

# (class name, constructor args, kwargs, input shape)
LAZY = [
    ("LazyLinear", (4,), {}, (3, 5)),
    ("LazyLinear", (4,), {"bias": False}, (2, 3, 5)),
    ("LazyConv1d", (4, 3), {"padding": 1}, (2, 3, 8)),
    ("LazyConv1d", (4, 3), {"groups": 2, "bias": False}, (4, 8)),  # unbatched
    ("LazyConv2d", (4, 3), {"stride": 2}, (2, 3, 7, 7)),
    ("LazyConv3d", (2, 2), {}, (1, 3, 4, 4, 4)),
    ("LazyConvTranspose1d", (4, 3), {"stride": 2, "output_padding": 1}, (2, 3, 5)),
    ("LazyConvTranspose2d", (4, 3), {}, (2, 3, 4, 4)),
    ("LazyConvTranspose3d", (2, 2), {"dilation": 2}, (1, 3, 3, 3, 3)),
    ("LazyBatchNorm1d", (), {}, (4, 3)),
    ("LazyBatchNorm2d", (), {"momentum": None}, (2, 3, 4, 4)),
    ("LazyBatchNorm3d", (), {"affine": False}, (2, 3, 2, 2, 2)),
    ("LazyInstanceNorm1d", (), {}, (2, 3, 6)),
    ("LazyInstanceNorm2d", (), {"track_running_stats": False}, (2, 3, 4, 4)),
    ("LazyInstanceNorm3d", (), {"affine": False}, (2, 3, 2, 3, 2)),
]
IDS = [f"{c}-{i}" for i, (c, *_rest) in enumerate(LAZY)]


def _make(lib, name, args, kwargs):
    return getattr(lib.nn, name)(*args, **kwargs)


def _state_to_pyt(sd):
    return {k: pyt.tensor(v.detach().numpy().copy()) for k, v in sd.items()}


@pytest.mark.parametrize("name,args,kwargs,shape", LAZY, ids=IDS)
def test_lazy_module_matches_torch(name, args, kwargs, shape):
    pm, tm = _make(pyt, name, args, kwargs), _make(torch, name, args, kwargs)
    assert repr(pm) == repr(tm)
    assert pm.has_uninitialized_params() and tm.has_uninitialized_params()
    assert [repr(p) for p in pm.parameters()] == [repr(p) for p in tm.parameters()]
    assert list(pm.state_dict()) == list(tm.state_dict())
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    tout = tm(torch.tensor(x))
    pm(pyt.tensor(x))  # shape inference and the class swap
    assert type(pm).__name__ == type(tm).__name__ == name[4:]
    assert repr(pm) == repr(tm)
    assert not hasattr(pm, "_initialize_hook") and not hasattr(pm, "has_uninitialized_params")
    assert [tuple(p.shape) for p in pm.parameters()] == [tuple(p.shape) for p in tm.parameters()]
    assert all(type(p) is pyt.nn.Parameter for p in pm.parameters())
    assert all(type(b) is pyt.Tensor for b in pm.buffers())
    # torch's initialized state (through numpy) gives torch's output
    pm.load_state_dict(_state_to_pyt(tm.state_dict()))
    np.testing.assert_allclose(to_np(pm(pyt.tensor(x))), to_np(tout), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name,args,kwargs,shape", LAZY, ids=IDS)
def test_lazy_module_loads_initialized_state_as_torch(name, args, kwargs, shape):
    src = _make(torch, name, args, kwargs)
    src(torch.randn(*shape))
    pl, tl = _make(pyt, name, args, kwargs), _make(torch, name, args, kwargs)
    pl.load_state_dict(_state_to_pyt(src.state_dict()))
    tl.load_state_dict(src.state_dict())
    assert type(pl).__name__ == type(tl).__name__ == name  # loading does not run forward
    assert not pl.has_uninitialized_params()
    assert repr(pl) == repr(tl)
    psd, tsd = pl.state_dict(), tl.state_dict()
    assert list(psd) == list(tsd)
    for k in tsd:
        np.testing.assert_array_equal(to_np(psd[k]), tsd[k].numpy(), err_msg=k)


@pytest.mark.parametrize("name,args,kwargs,shape", LAZY, ids=IDS)
def test_lazy_module_infers_shapes_and_initializes(name, args, kwargs, shape):
    pm = _make(pyt, name, args, kwargs)
    out = pm(pyt.randn(*shape))
    tm = _make(torch, name, args, kwargs)
    tout = tm(torch.randn(*shape))
    assert tuple(out.shape) == tuple(tout.shape)
    assert {k: tuple(v.shape) for k, v in pm.state_dict().items()} == {
        k: tuple(v.shape) for k, v in tm.state_dict().items()
    }
    if hasattr(pm, "reset_parameters") and "Norm" in name and pm.affine:
        assert to_np(pm.weight).tolist() == [1.0] * pm.num_features  # reset ran
    if name.startswith("LazyLinear"):
        bound = 1 / np.sqrt(shape[-1])
        assert np.abs(to_np(pm.weight)).max() <= bound  # kaiming-uniform range of Linear


def test_lazy_optimizer_built_before_first_call():
    torch.manual_seed(0)
    for lib in (pyt, torch):
        m = lib.nn.LazyLinear(2)
        opt = lib.optim.SGD(m.parameters(), lr=0.5)
        params = list(m.parameters())
        m(lib.ones(3, 4)).sum().backward()
        before = m.weight.detach().clone()
        opt.step()
        assert params[0] is m.weight and type(params[0]).__name__ == "Parameter"
        np.testing.assert_allclose(to_np(m.weight), to_np(before) - 0.5 * 3.0, rtol=1e-6)


def test_lazy_state_dict_uninitialized_round_trip():
    src, dst = pyt.nn.LazyLinear(3), pyt.nn.LazyLinear(3)
    sd = src.state_dict()
    assert [repr(v) for v in sd.values()] == ["<UninitializedParameter>"] * 2
    dst.load_state_dict(sd)
    assert dst.has_uninitialized_params()
    dst(pyt.ones(1, 2))
    assert tuple(dst.weight.shape) == (3, 2)


def test_lazy_loaded_state_is_kept_by_the_first_call():
    tm = torch.nn.LazyConv2d(3, 2)
    tm(torch.randn(1, 4, 5, 5))
    pm = pyt.nn.LazyConv2d(3, 2)
    pm.load_state_dict(_state_to_pyt(tm.state_dict()))
    pm(pyt.randn(1, 4, 5, 5))
    np.testing.assert_array_equal(to_np(pm.weight), tm.weight.detach().numpy())


def test_initialized_state_into_lazy_then_wrong_input_size():
    m = pyt.nn.LazyLinear(2)
    m.load_state_dict({"weight": pyt.zeros(2, 3), "bias": pyt.zeros(2)})
    with pytest.raises(RuntimeError):
        m(pyt.ones(1, 5))  # in_features is 3 now


def test_uninitialized_parameter_use_errors_as_torch():
    for lib in (pyt, torch):
        w = lib.nn.LazyLinear(3).weight
        assert repr(w) == "<UninitializedParameter>"
        with pytest.raises(RuntimeError, match="Can't access the shape of an uninitialized"):
            w.shape
        for f in (lambda: w + 1, lambda: w.numel(), lambda: w.sum(), lambda: w.detach(),
                  lambda: w.dim(), lambda: w.requires_grad_(False), lambda: w == w):
            with pytest.raises(ValueError, match="Attempted to use an uninitialized parameter"):
                f()
        assert w.dtype == lib.float32 and w.requires_grad and w.is_leaf
        assert tuple(w.size()) == (0,)
        with pytest.raises(RuntimeError, match="share memory"):
            w.share_memory_()


def test_uninitialized_parameter_and_buffer_api():
    p = pyt.nn.UninitializedParameter(dtype=pyt.float64)
    assert isinstance(p, pyt.nn.Parameter) and pyt.nn.parameter.is_lazy(p)
    q = copy.deepcopy(p)
    assert type(q) is pyt.nn.UninitializedParameter and q is not p
    p.materialize((2, 3))
    assert type(p) is pyt.nn.Parameter and tuple(p.shape) == (2, 3) and p.dtype == pyt.float64
    assert not pyt.nn.parameter.is_lazy(p)
    b = pyt.nn.UninitializedBuffer()
    assert repr(b) == repr(torch.nn.UninitializedBuffer()) == "<UninitializedBuffer>"
    assert not b.requires_grad and b.persistent
    b.materialize((4,), dtype=pyt.float64)
    assert type(b) is pyt.Tensor and tuple(b.shape) == (4,) and b.dtype == pyt.float64


def test_lazy_module_dtype_conversion_before_first_call():
    for lib in (pyt, torch):
        m = lib.nn.LazyLinear(2).double()
        out = m(lib.ones(1, 3, dtype=lib.float64))
        assert out.dtype == lib.float64 and m.weight.dtype == lib.float64


def test_lazy_module_errors_as_torch():
    for lib in (pyt, torch):
        with pytest.raises(RuntimeError, match="Expected 3D \\(unbatched\\) or 4D \\(batched\\)"):
            lib.nn.LazyConv2d(2, 3)(lib.ones(2, 3))
        with pytest.raises(ValueError, match="in_channels must be divisible by groups"):
            lib.nn.LazyConv1d(4, 3, groups=2)(lib.ones(1, 3, 5))
        with pytest.raises(IndexError):
            lib.nn.LazyLinear(2)(lib.tensor(1.0))

    class Half(pyt.nn.modules.lazy.LazyModuleMixin, pyt.nn.Module):
        def __init__(self):
            super().__init__()
            self.a = pyt.nn.UninitializedParameter()
            self.b = pyt.nn.UninitializedParameter()

        def initialize_parameters(self, x):
            self.a.materialize((1,))

        def forward(self, x):
            return x

    with pytest.raises(RuntimeError, match="module Half has not been fully initialized"):
        Half()(pyt.ones(1))

    class NoInit(pyt.nn.modules.lazy.LazyModuleMixin, pyt.nn.Module):
        def forward(self, x):
            return x

    with pytest.raises(NotImplementedError, match="initialize_parameters is not implemented"):
        NoInit()(pyt.ones(1))
