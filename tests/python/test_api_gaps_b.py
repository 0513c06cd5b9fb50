"""API gaps portable PyTorch code touches: pickling/deep-copying devices and generators, a device
in a weights_only checkpoint, the CPU-only answers of cuda / accelerator / backends, the default
device, the global RNG state (pyt.random) and the deterministic-algorithms flag. torch 2.13 is
the oracle throughout."""

import copy
import io
import math
import pickle
import subprocess
import sys

import numpy as np
import pytest
import torch

import pyt


def to_np(t):
    return t.detach().numpy()


# ---- 1. device and Generator: pickle / deepcopy / save

@pytest.mark.parametrize("args", [("cpu",), ("cpu", 0), ("cpu:0",)])
def test_device_pickle_and_deepcopy(args):
    d, td = pyt.device(*args), torch.device(*args)
    for new, tnew in ((pickle.loads(pickle.dumps(d)), pickle.loads(pickle.dumps(td))),
                      (copy.deepcopy(d), copy.deepcopy(td)), (copy.copy(d), copy.copy(td))):
        assert isinstance(new, pyt.device)
        assert new == d
        assert (new.type, new.index) == (tnew.type, tnew.index)
        assert str(new) == str(tnew) and repr(new) == repr(tnew).replace("torch.", "")
    assert d.__reduce__()[1] == td.__reduce__()[1]


def test_deepcopy_module_storing_a_device():
    for mod in (pyt, torch):
        m = mod.nn.Linear(2, 3)
        m.device = mod.device("cpu")
        m2 = copy.deepcopy(m)
        assert m2.device == mod.device("cpu")
        assert m2.weight is not m.weight
        np.testing.assert_array_equal(m2.weight.detach().numpy(), m.weight.detach().numpy())


@pytest.mark.parametrize("weights_only", [True, None])
def test_save_load_device(weights_only):
    kw = {} if weights_only is None else {"weights_only": weights_only}
    for mod in (pyt, torch):
        buf = io.BytesIO()
        mod.save({"device": mod.device("cpu"), "w": mod.ones(2)}, buf)
        buf.seek(0)
        out = mod.load(buf, **kw)
        assert out["device"] == mod.device("cpu") and isinstance(out["device"], mod.device)
        np.testing.assert_array_equal(out["w"].numpy(), np.ones(2, np.float32))
    # A checkpoint that is pickled (a set is outside the JSON vocabulary) keeps its device too.
    for mod in (pyt, torch):
        buf = io.BytesIO()
        mod.save({"device": mod.device("cpu", 0), "ids": {1, 2}}, buf)
        buf.seek(0)
        out = mod.load(buf, **kw)
        assert out["device"] == mod.device("cpu", 0) and out["ids"] == {1, 2}


def test_generator_deepcopy_and_pickle_are_independent_with_same_state():
    for mod in (pyt, torch):
        g = mod.Generator().manual_seed(123)
        mod.rand(5, generator=g)
        for make in (copy.deepcopy, lambda g: pickle.loads(pickle.dumps(g))):
            g2 = make(g)
            assert g2 is not g
            assert g2.initial_seed() == g.initial_seed() == 123
            a = mod.rand(4, generator=g2)
            b = mod.rand(4, generator=g)  # g advanced independently, from the same state
            np.testing.assert_array_equal(a.numpy(), b.numpy())
            mod.rand(7, generator=g2)  # advancing the copy does not move g
            g.set_state(g2.get_state())
            np.testing.assert_array_equal(mod.rand(3, generator=g).numpy(), mod.rand(3, generator=g2).numpy())


def test_generator_state_is_a_uint8_tensor():
    for mod in (pyt, torch):
        g = mod.Generator().manual_seed(5)
        s = g.get_state()
        assert isinstance(s, mod.Tensor) and s.dtype == mod.uint8 and s.dim() == 1
        x = mod.randn(4, generator=g)
        g.set_state(s)
        np.testing.assert_array_equal(mod.randn(4, generator=g).numpy(), x.numpy())
        with pytest.raises(TypeError, match="ByteTensor"):
            g.set_state(mod.zeros(3))
        with pytest.raises(TypeError, match="ByteTensor"):
            g.set_state([1, 2])
        with pytest.raises(RuntimeError, match="size"):
            g.set_state(mod.zeros(3, dtype=mod.uint8))


def test_deepcopy_dataloader_with_generator():
    for mod in (pyt, torch):
        ds = mod.utils.data.TensorDataset(mod.arange(10))
        loader = mod.utils.data.DataLoader(ds, batch_size=3, shuffle=True, generator=mod.Generator().manual_seed(7))
        loader2 = copy.deepcopy(loader)
        assert loader2.generator is not loader.generator
        first = [b[0].tolist() for b in loader]
        second = [b[0].tolist() for b in loader2]
        assert first == second  # same state, independent generators
        assert sorted(sum(first, [])) == list(range(10))


# ---- 2. CPU-only module-level names

def test_cuda_cpu_only_answers():
    assert pyt.cuda.is_available() is torch.cuda.is_available() is False
    assert pyt.cuda.device_count() == torch.cuda.device_count() == 0
    assert pyt.cuda.is_initialized() is torch.cuda.is_initialized() is False
    for mod in (pyt, torch):
        assert mod.cuda.manual_seed(1) is None
        assert mod.cuda.manual_seed_all(2) is None
        mod.cuda.empty_cache()
    for name, args in (("synchronize", ()), ("current_device", ()), ("get_device_name", ())):
        for mod in (pyt, torch):
            with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
                getattr(mod.cuda, name)(*args)
    # torch's CPU build fails set_device with an AttributeError from its missing CUDA bindings;
    # pyt raises the clearer "not compiled with CUDA" AssertionError of the other functions.
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        pyt.cuda.set_device(0)


def test_cuda_manual_seed_does_not_touch_cpu_stream():
    for mod in (pyt, torch):
        mod.manual_seed(3)
        a = mod.rand(3)
        mod.manual_seed(3)
        mod.cuda.manual_seed_all(99)
        np.testing.assert_array_equal(mod.rand(3).numpy(), a.numpy())


def test_accelerator_and_backends():
    for mod in (pyt, torch):
        assert mod.accelerator.is_available() is False
        assert mod.accelerator.current_accelerator() is None
        assert mod.accelerator.device_count() == 0
        assert mod.backends.mps.is_available() is False and mod.backends.mps.is_built() is False
        assert mod.backends.cudnn.is_available() is False and mod.backends.cudnn.version() is None
        cudnn = mod.backends.cudnn
        assert (cudnn.deterministic, cudnn.benchmark, cudnn.enabled, cudnn.allow_tf32) == (False, False, True, True)
        old = cudnn.deterministic, cudnn.benchmark
        try:
            cudnn.deterministic, cudnn.benchmark = True, True
            assert mod.backends.cudnn.deterministic is True and mod.backends.cudnn.benchmark is True
        finally:
            cudnn.deterministic, cudnn.benchmark = old


def test_default_device():
    for mod in (pyt, torch):
        for d in ("cpu", mod.device("cpu"), None):
            mod.set_default_device(d)
            assert mod.get_default_device() == mod.device("cpu")
            assert mod.zeros(2).device == mod.device("cpu")
    with pytest.raises(RuntimeError, match="no backend for device 'cuda'"):
        pyt.set_default_device("cuda")
    with pytest.raises(RuntimeError, match="no backend for device 'meta'"):
        pyt.set_default_device(pyt.device("cpu").type.replace("cpu", "meta"))
    assert pyt.get_default_device() == pyt.device("cpu")


def test_rng_state_round_trip_and_errors():
    for mod in (pyt, torch):
        mod.manual_seed(42)
        mod.rand(3)
        s = mod.get_rng_state()
        assert s.dtype == mod.uint8 and s.dim() == 1
        a, b = mod.rand(5), mod.randn(2, 3)
        mod.set_rng_state(s)
        np.testing.assert_array_equal(mod.rand(5).numpy(), a.numpy())
        np.testing.assert_array_equal(mod.randn(2, 3).numpy(), b.numpy())
        assert mod.random.get_rng_state is not None
        mod.random.set_rng_state(s)
        np.testing.assert_array_equal(mod.rand(5).numpy(), a.numpy())
        with pytest.raises(TypeError, match="ByteTensor"):
            mod.set_rng_state(mod.zeros(16))
        with pytest.raises(TypeError, match="ByteTensor"):
            mod.set_rng_state(list(range(16)))
        with pytest.raises(RuntimeError, match="size"):
            mod.set_rng_state(mod.zeros(3, dtype=mod.uint8))
        # a failed set leaves the state alone
        mod.set_rng_state(s)
        np.testing.assert_array_equal(mod.rand(5).numpy(), a.numpy())


def test_random_module():
    for mod in (pyt, torch):
        r = mod.random
        r.manual_seed(9)
        assert r.initial_seed() == mod.initial_seed() == 9
        s = r.seed()
        assert isinstance(s, int) and mod.initial_seed() == s and 0 <= s < 2 ** 64
        assert mod.seed() == mod.initial_seed()
        mod.manual_seed(1)
        x = mod.rand(2)
        mod.manual_seed(1)
        with r.fork_rng():
            mod.rand(10)
        np.testing.assert_array_equal(mod.rand(2).numpy(), x.numpy())  # the fork did not advance
        mod.manual_seed(1)
        with r.fork_rng(enabled=False):
            mod.rand(10)
        assert not np.array_equal(mod.rand(2).numpy(), x.numpy())
        assert r.default_generator is mod.default_generator


def test_deterministic_flag():
    for mod in (pyt, torch):
        try:
            assert mod.are_deterministic_algorithms_enabled() is False
            mod.use_deterministic_algorithms(True)
            assert mod.are_deterministic_algorithms_enabled() is True
            assert mod.is_deterministic_algorithms_warn_only_enabled() is False
            mod.use_deterministic_algorithms(True, warn_only=True)
            assert mod.is_deterministic_algorithms_warn_only_enabled() is True
            with pytest.raises(TypeError, match="must be bool"):
                mod.use_deterministic_algorithms(1)
        finally:
            mod.use_deterministic_algorithms(False)
        assert mod.are_deterministic_algorithms_enabled() is False
        assert mod.is_deterministic_algorithms_warn_only_enabled() is False


def test_new_names_stay_lazy_and_documented():
    code = ("import sys, pyt; lazy = ['pyt.cuda', 'pyt.accelerator', 'pyt.backends', 'pyt.random', "
            "'pyt._global_flags']; print([m for m in lazy if m in sys.modules], 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] False"
    for obj in (pyt.cuda, pyt.cuda.is_available, pyt.accelerator.current_accelerator, pyt.backends.cudnn,
                pyt.backends.mps.is_available, pyt.random, pyt.random.fork_rng, pyt.get_rng_state,
                pyt.set_rng_state, pyt.seed, pyt.set_default_device, pyt.get_default_device,
                pyt.use_deterministic_algorithms, pyt.are_deterministic_algorithms_enabled,
                pyt.Generator.get_state, pyt.Generator.set_state):
        assert obj.__doc__ and len(obj.__doc__) > 40
    for name in ("cuda", "accelerator", "backends", "random", "get_rng_state", "set_default_device"):
        assert name in dir(pyt)


# ---- 'Learning PyTorch with Examples': the autograd polynomial fit, run on pyt and torch

def _polynomial_fit(torch, init, steps=300):
    dtype = torch.float
    device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
    torch.set_default_device(device)

    x = torch.linspace(-math.pi, math.pi, 2000, dtype=dtype)
    y = torch.sin(x)
    a, b, c, d = (torch.tensor(v, dtype=dtype, requires_grad=True) for v in init)

    learning_rate = 1e-6
    losses = []
    for t in range(steps):
        y_pred = a + b * x + c * x ** 2 + d * x ** 3
        loss = (y_pred - y).pow(2).sum()
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            a -= learning_rate * a.grad
            b -= learning_rate * b.grad
            c -= learning_rate * c.grad
            d -= learning_rate * d.grad
            a.grad = None
            b.grad = None
            c.grad = None
            d.grad = None
    torch.set_default_device(None)
    return device, losses, [v.item() for v in (a, b, c, d)]


def test_learning_pytorch_with_examples_autograd_program():
    init = [float(v) for v in np.random.default_rng(0).standard_normal(4).astype(np.float32)]
    dev_p, loss_p, coef_p = _polynomial_fit(pyt, init)
    dev_t, loss_t, coef_t = _polynomial_fit(torch, init)
    assert dev_p == dev_t == "cpu"
    np.testing.assert_allclose(loss_p, loss_t, rtol=1e-4)
    np.testing.assert_allclose(coef_p, coef_t, rtol=1e-4, atol=1e-6)
    assert loss_p[-1] < loss_p[0]
