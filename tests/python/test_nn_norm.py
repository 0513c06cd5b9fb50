"""Normalisation layers against torch: LayerNorm, BatchNorm1d/2d, GroupNorm, InstanceNorm2d,
RMSNorm and their functional forms. Modules get identical weights (copied through numpy);
forward outputs, input and parameter gradients, running statistics after several steps (in
train and eval mode), repr and state_dict keys are compared; double backward against torch;
errors name the expected and actual shapes. Values and first gradients of the fused ops are
also in the op table (op_table_nnnorm.py)."""

import numpy as np
import pyt
import pytest
import torch
from helpers import assert_tensor_close, both, gradcheck, rng_for, to_np

TOL = (1e-4, 1e-5)


def _copy_state(pm, tm):
    """Loads torch module tm's state into pyt module pm (through numpy)."""
    sd = {k: pyt.tensor(v.detach().numpy().copy()) for k, v in tm.state_dict().items()}
    pm.load_state_dict(sd)


def _randomise(tm, rng):
    with torch.no_grad():
        for p in tm.parameters():
            p.copy_(torch.tensor(rng.uniform(0.5, 1.5, size=tuple(p.shape)).astype(np.float32)))


def _check_module(pm, tm, shape, rng, steps=1, grads=True):
    """Runs steps forward/backward passes with the same data; compares outputs, gradients, buffers."""
    assert repr(pm) == repr(tm)
    assert list(pm.state_dict().keys()) == list(tm.state_dict().keys())
    for _ in range(steps):
        x = rng.standard_normal(shape).astype(np.float32) * 2 + 0.5
        px, tx = both(x, requires_grad=grads)
        py, ty = pm(px), tm(tx)
        assert_tensor_close(py, ty, *TOL)
        if grads:
            g = rng.standard_normal(tuple(ty.shape)).astype(np.float32)
            py.backward(pyt.tensor(g))
            ty.backward(torch.tensor(g))
            assert_tensor_close(px.grad, tx.grad, *TOL, "input grad")
    for (pn, pp), (tn, tp) in zip(pm.named_parameters(), tm.named_parameters()):
        assert pn == tn
        if grads and tp.grad is not None:
            assert_tensor_close(pp.grad, tp.grad, 1e-4, 1e-4, f"grad of {pn}")
    for (pn, pb), (tn, tb) in zip(pm.named_buffers(), tm.named_buffers()):
        assert pn == tn
        assert_tensor_close(pb, tb, 1e-5, 1e-6, f"buffer {pn}")


# ------------------------------------------------------------------------ LayerNorm
LAYER_NORMS = [
    ((4,), {}, (2, 3, 4)),
    ((3, 4), {}, (2, 3, 4)),
    (5, {"eps": 1e-3}, (7, 5)),
    ((4,), {"bias": False}, (2, 3, 4)),
    ((4,), {"elementwise_affine": False}, (2, 3, 4)),
    ((6,), {}, (6,)),
]


@pytest.mark.parametrize("shape,kw,xshape", LAYER_NORMS, ids=[str(i) for i in range(len(LAYER_NORMS))])
def test_layer_norm_module(shape, kw, xshape):
    rng = rng_for("layernorm", shape, tuple(kw.items()))
    pm, tm = pyt.nn.LayerNorm(shape, **kw), torch.nn.LayerNorm(shape, **kw)
    for k, v in tm.state_dict().items():  # default initialisation: ones and zeros
        np.testing.assert_array_equal(to_np(pm.state_dict()[k]), v.numpy())
    _randomise(tm, rng)
    _copy_state(pm, tm)
    _check_module(pm, tm, xshape, rng)
    pm.eval()
    tm.eval()
    _check_module(pm, tm, xshape, rng)


def test_layer_norm_double_backward():
    rng = rng_for("ln-double")
    x, w, b = rng.standard_normal((3, 5)), rng.standard_normal(5), rng.standard_normal(5)
    g, v = rng.standard_normal((3, 5)), rng.standard_normal((3, 5))
    res = []
    for lib in (pyt, torch):
        xt, wt, bt = (lib.tensor(a, requires_grad=True) for a in (x, w, b))
        y = lib.nn.functional.layer_norm(xt, (5,), wt, bt)
        gx, gw = lib.autograd.grad(y, (xt, wt), lib.tensor(g), create_graph=True)
        ((gx * lib.tensor(v)).sum() + (gw * gw).sum()).backward()
        res.append((gx, gw, xt.grad, wt.grad))
    for i, (p, t) in enumerate(zip(*res)):
        assert_tensor_close(p, t, 1e-9, 1e-10, f"result {i}")


def test_layer_norm_gradcheck_all_inputs():
    rng = rng_for("ln-gc")
    x = pyt.tensor(rng.standard_normal((2, 3, 4)), requires_grad=True)
    w = pyt.tensor(rng.standard_normal((3, 4)), requires_grad=True)
    b = pyt.tensor(rng.standard_normal((3, 4)), requires_grad=True)
    assert gradcheck(lambda x, w, b: pyt.nn.functional.layer_norm(x, (3, 4), w, b), [x, w, b])


def _with_threads(fn):
    """fn() run with 1, 2 and 3 threads; the results (lists of arrays) must be bitwise equal."""
    outs = []
    n0 = pyt.get_num_threads()
    try:
        for n in (1, 2, 3):
            pyt.set_num_threads(n)
            outs.append(fn())
    finally:
        pyt.set_num_threads(n0)
    for o in outs[1:]:
        for a, b in zip(outs[0], o):
            np.testing.assert_array_equal(a, b)


def test_layer_norm_thread_count_deterministic():
    rng = rng_for("ln-threads")
    xa = rng.standard_normal((300, 257)).astype(np.float32)
    wa = rng.standard_normal(257).astype(np.float32)
    g = pyt.tensor(rng.standard_normal((300, 257)).astype(np.float32))

    def run():
        x, w = pyt.tensor(xa, requires_grad=True), pyt.tensor(wa, requires_grad=True)
        y = pyt.nn.functional.layer_norm(x, (257,), w)
        y.backward(g)
        return [to_np(y), to_np(x.grad), to_np(w.grad)]

    _with_threads(run)


def test_layer_norm_errors():
    F = pyt.nn.functional
    with pytest.raises(
        RuntimeError,
        match=r"Given normalized_shape=\[4\], expected input with shape \[\*, 4\], but got input of size\[2, 3\]",
    ):
        F.layer_norm(pyt.ones(2, 3), (4,))
    with pytest.raises(
        RuntimeError,
        match=r"Expected weight to be of same shape as normalized_shape, but got weight of shape \[4\] "
        r"and normalized_shape = \[3\]",
    ):
        F.layer_norm(pyt.ones(2, 3), (3,), pyt.ones(4))
    with pytest.raises(RuntimeError, match="bias of shape"):
        F.layer_norm(pyt.ones(2, 3), (3,), None, pyt.ones(2))
    with pytest.raises(NotImplementedError, match="int64"):
        F.layer_norm(pyt.tensor([[1, 2]]), (2,))
    with pytest.raises(RuntimeError, match="expected input with shape"):
        pyt.nn.LayerNorm(5)(pyt.ones(3, 4))
    with pytest.raises(TypeError, match="must be Tensor"):
        F.layer_norm([1.0], (1,))
