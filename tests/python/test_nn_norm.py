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
    """fn() run with 1, 2 and again 1 thread; the results (lists of arrays) must be bitwise equal."""
    outs = []
    n0 = pyt.get_num_threads()
    try:
        for n in (1, 2, 1):
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


# ------------------------------------------------------------------------ BatchNorm
BATCH_NORMS = [
    ("BatchNorm1d", (4,), {}, (8, 4)),
    ("BatchNorm1d", (3,), {}, (5, 3, 6)),
    ("BatchNorm1d", (3,), {"momentum": None}, (5, 3, 6)),
    ("BatchNorm2d", (3,), {}, (4, 3, 5, 5)),
    ("BatchNorm2d", (3,), {"momentum": 0.3, "eps": 1e-3}, (2, 3, 4, 4)),
    ("BatchNorm2d", (3,), {"affine": False}, (2, 3, 4, 4)),
    ("BatchNorm2d", (3,), {"bias": False}, (2, 3, 4, 4)),
    ("BatchNorm2d", (3,), {"track_running_stats": False}, (2, 3, 4, 4)),
    ("BatchNorm3d", (2,), {}, (2, 2, 3, 3, 3)),
]


@pytest.mark.parametrize("name,args,kw,shape", BATCH_NORMS, ids=[f"{n}-{sorted(k.items())}-{s}" for n, _, k, s in BATCH_NORMS])
def test_batch_norm_module(name, args, kw, shape):
    rng = rng_for("batchnorm", name, tuple(kw.items()), shape)
    pm, tm = getattr(pyt.nn, name)(*args, **kw), getattr(torch.nn, name)(*args, **kw)
    for k, v in tm.state_dict().items():  # default initialisation and buffers
        np.testing.assert_array_equal(to_np(pm.state_dict()[k]), v.numpy())
        assert str(pm.state_dict()[k].dtype).split(".")[-1] == str(v.dtype).split(".")[-1]
    _randomise(tm, rng)
    _copy_state(pm, tm)
    _check_module(pm, tm, shape, rng, steps=3)  # running statistics after 3 steps
    pm.eval()
    tm.eval()
    _check_module(pm, tm, shape, rng, steps=2)


def test_batch_norm_no_grad_updates_stats():
    rng = rng_for("bn-nograd")
    pm, tm = pyt.nn.BatchNorm1d(3), torch.nn.BatchNorm1d(3)
    x = rng.standard_normal((6, 3)).astype(np.float32)
    with pyt.no_grad():
        pm(pyt.tensor(x))
    with torch.no_grad():
        tm(torch.tensor(x))
    assert_tensor_close(pm.running_mean, tm.running_mean, 1e-6, 1e-6)
    assert_tensor_close(pm.running_var, tm.running_var, 1e-6, 1e-6)
    assert int(pm.num_batches_tracked) == 1


def test_batch_norm_state_dict_from_torch_gives_same_outputs():
    rng = rng_for("bn-sd")
    tnet = torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3), torch.nn.BatchNorm2d(3), torch.nn.ReLU())
    pnet = pyt.nn.Sequential(pyt.nn.Conv2d(2, 3, 3), pyt.nn.BatchNorm2d(3), pyt.nn.ReLU())
    tnet.train()
    for _ in range(3):
        tnet(torch.tensor(rng.standard_normal((4, 2, 6, 6)).astype(np.float32)))
    assert list(pnet.state_dict().keys()) == list(tnet.state_dict().keys())
    _copy_state(pnet, tnet)
    pnet.eval()
    tnet.eval()
    x = rng.standard_normal((2, 2, 6, 6)).astype(np.float32)
    assert_tensor_close(pnet(pyt.tensor(x)), tnet(torch.tensor(x)), *TOL)


def test_batch_norm_double_backward():
    rng = rng_for("bn-double")
    x, w, b = rng.standard_normal((4, 3, 2)), rng.standard_normal(3), rng.standard_normal(3)
    g, v = rng.standard_normal((4, 3, 2)), rng.standard_normal((4, 3, 2))
    rm, rv = rng.standard_normal(3), rng.uniform(0.5, 2, 3)
    for training in (True, False):
        res = []
        for lib in (pyt, torch):
            xt, wt, bt = (lib.tensor(a, requires_grad=True) for a in (x, w, b))
            y = lib.nn.functional.batch_norm(xt, lib.tensor(rm), lib.tensor(rv), wt, bt, training)
            gx, gw = lib.autograd.grad(y, (xt, wt), lib.tensor(g), create_graph=True)
            ((gx * lib.tensor(v)).sum() + (gw * gw).sum()).backward()
            res.append((y, gx, gw, xt.grad, wt.grad))
        for i, (p, t) in enumerate(zip(*res)):
            if t is None:
                assert p is None or not np.any(to_np(p))
            else:
                assert_tensor_close(p, t, 1e-9, 1e-10, f"training={training} result {i}")


def test_batch_norm_gradcheck():
    rng = rng_for("bn-gc")
    x = pyt.tensor(rng.standard_normal((3, 2, 4)), requires_grad=True)
    w = pyt.tensor(rng.standard_normal(2), requires_grad=True)
    b = pyt.tensor(rng.standard_normal(2), requires_grad=True)
    assert gradcheck(lambda x, w, b: pyt.nn.functional.batch_norm(x, None, None, w, b, True), [x, w, b])
    rm, rv = pyt.tensor(rng.standard_normal(2)), pyt.tensor(rng.uniform(0.5, 2, 2))
    assert gradcheck(lambda x, w, b: pyt.nn.functional.batch_norm(x, rm, rv, w, b, False), [x, w, b])


def test_batch_norm_thread_count_deterministic():
    rng = rng_for("bn-threads")
    xa = rng.standard_normal((16, 5, 40, 40)).astype(np.float32)
    g = pyt.tensor(rng.standard_normal((16, 5, 40, 40)).astype(np.float32))

    def run():
        m = pyt.nn.BatchNorm2d(5)
        x = pyt.tensor(xa, requires_grad=True)
        y = m(x)
        y.backward(g)
        return [to_np(y), to_np(x.grad), to_np(m.weight.grad), to_np(m.running_var)]

    _with_threads(run)


def test_batch_norm_errors():
    with pytest.raises(ValueError, match=r"expected 2D or 3D input \(got 4D input\)"):
        pyt.nn.BatchNorm1d(3)(pyt.ones(2, 3, 4, 5))
    with pytest.raises(ValueError, match=r"expected 4D input \(got 3D input\)"):
        pyt.nn.BatchNorm2d(3)(pyt.ones(2, 3, 4))
    with pytest.raises(RuntimeError, match="running_mean should contain 4 elements not 3"):
        pyt.nn.BatchNorm2d(3)(pyt.ones(2, 4, 4, 5))
    with pytest.raises(RuntimeError, match="weight should contain 3 elements not 4"):
        pyt.nn.functional.batch_norm(pyt.ones(4, 3, 5), None, None, pyt.ones(4), training=True)
    with pytest.raises(ValueError, match="Expected more than 1 value per channel when training"):
        pyt.nn.BatchNorm1d(3)(pyt.ones(1, 3))
    # evaluation with one sample is fine
    pyt.nn.BatchNorm1d(3).eval()(pyt.ones(1, 3))


# ------------------------------------------------------------------- InstanceNorm
INSTANCE_NORMS = [
    ("InstanceNorm2d", (3,), {}, (2, 3, 4, 4)),
    ("InstanceNorm2d", (3,), {"affine": True}, (2, 3, 4, 4)),
    ("InstanceNorm2d", (3,), {"affine": True, "track_running_stats": True}, (2, 3, 4, 5)),
    ("InstanceNorm2d", (3,), {"affine": True}, (3, 4, 4)),
    ("InstanceNorm1d", (2,), {"track_running_stats": True}, (3, 2, 6)),
]


@pytest.mark.parametrize("name,args,kw,shape", INSTANCE_NORMS, ids=[f"{n}-{sorted(k.items())}-{s}" for n, _, k, s in INSTANCE_NORMS])
def test_instance_norm_module(name, args, kw, shape):
    rng = rng_for("instnorm", name, tuple(kw.items()), shape)
    pm, tm = getattr(pyt.nn, name)(*args, **kw), getattr(torch.nn, name)(*args, **kw)
    _randomise(tm, rng)
    _copy_state(pm, tm)
    _check_module(pm, tm, shape, rng, steps=3)
    pm.eval()
    tm.eval()
    _check_module(pm, tm, shape, rng, steps=1)


def test_instance_norm_functional_grad_fn():
    x = pyt.randn(2, 3, 4, requires_grad=True)
    assert pyt.nn.functional.instance_norm(x).grad_fn.name() == "ViewBackward0"


def test_instance_norm_errors():
    with pytest.raises(ValueError, match=r"expected 3D or 4D input \(got 2D input\)"):
        pyt.nn.InstanceNorm2d(3)(pyt.ones(3, 4))
    with pytest.raises(ValueError, match=r"expected input's size at dim=1 to match num_features \(3\), but got: 4"):
        pyt.nn.InstanceNorm2d(3, affine=True)(pyt.ones(2, 4, 4, 5))
    with pytest.warns(UserWarning, match="does not match num_features"):
        pyt.nn.InstanceNorm2d(3)(pyt.randn(2, 4, 4, 5))
    with pytest.raises(ValueError, match="Expected more than 1 spatial element when training"):
        pyt.nn.functional.instance_norm(pyt.ones(2, 3, 1, 1))


# ---------------------------------------------------------------------- GroupNorm
GROUP_NORMS = [
    ((2, 4), {}, (3, 4, 5)),
    ((3, 6), {"eps": 1e-3}, (2, 6, 3, 3)),
    ((1, 4), {"affine": False}, (2, 4, 5)),
    ((4, 4), {"bias": False}, (2, 4, 5)),
    ((2, 4), {}, (3, 4)),
]


@pytest.mark.parametrize("args,kw,shape", GROUP_NORMS, ids=[str(i) for i in range(len(GROUP_NORMS))])
def test_group_norm_module(args, kw, shape):
    rng = rng_for("groupnorm", args, tuple(kw.items()), shape)
    pm, tm = pyt.nn.GroupNorm(*args, **kw), torch.nn.GroupNorm(*args, **kw)
    for k, v in tm.state_dict().items():
        np.testing.assert_array_equal(to_np(pm.state_dict()[k]), v.numpy())
    _randomise(tm, rng)
    _copy_state(pm, tm)
    _check_module(pm, tm, shape, rng)


def test_group_norm_double_backward_and_gradcheck():
    rng = rng_for("gn-double")
    x, w, b = rng.standard_normal((2, 4, 3)), rng.standard_normal(4), rng.standard_normal(4)
    g, v = rng.standard_normal((2, 4, 3)), rng.standard_normal((2, 4, 3))
    res = []
    for lib in (pyt, torch):
        xt, wt, bt = (lib.tensor(a, requires_grad=True) for a in (x, w, b))
        y = lib.nn.functional.group_norm(xt, 2, wt, bt)
        gx, gw = lib.autograd.grad(y, (xt, wt), lib.tensor(g), create_graph=True)
        ((gx * lib.tensor(v)).sum() + (gw * gw).sum()).backward()
        res.append((gx, gw, xt.grad, wt.grad))
    for i, (p, t) in enumerate(zip(*res)):
        assert_tensor_close(p, t, 1e-9, 1e-10, f"result {i}")
    xp, wp, bp = (pyt.tensor(a, requires_grad=True) for a in (x, w, b))
    assert gradcheck(lambda x, w, b: pyt.nn.functional.group_norm(x, 2, w, b), [xp, wp, bp])


def test_group_norm_errors():
    with pytest.raises(ValueError, match=r"num_channels \(6\) must be divisible by num_groups \(4\)"):
        pyt.nn.GroupNorm(4, 6)
    with pytest.raises(
        RuntimeError,
        match=r"Expected weight to be a vector of size equal to the number of channels in input, "
        r"but got weight of shape \[6\] and input of shape \[4, 3, 5\]",
    ):
        pyt.nn.GroupNorm(3, 6)(pyt.ones(4, 3, 5))
    with pytest.raises(RuntimeError, match="divisible by num_groups, but got input of shape \\[4, 3, 5\\] and num_groups=2"):
        pyt.nn.functional.group_norm(pyt.ones(4, 3, 5), 2)
    with pytest.raises(RuntimeError, match="at least 2 dimensions"):
        pyt.nn.functional.group_norm(pyt.ones(4), 2)


# ------------------------------------------------------------------------ RMSNorm
RMS_NORMS = [
    ((4,), {}, (2, 3, 4)),
    ((3, 4), {"eps": 1e-3}, (2, 3, 4)),
    (5, {"elementwise_affine": False}, (7, 5)),
]


@pytest.mark.parametrize("shape,kw,xshape", RMS_NORMS, ids=[str(i) for i in range(len(RMS_NORMS))])
def test_rms_norm_module(shape, kw, xshape):
    rng = rng_for("rmsnorm", shape, tuple(kw.items()))
    pm, tm = pyt.nn.RMSNorm(shape, **kw), torch.nn.RMSNorm(shape, **kw)
    _randomise(tm, rng)
    _copy_state(pm, tm)
    _check_module(pm, tm, xshape, rng)


def test_rms_norm_double_backward_and_default_eps():
    rng = rng_for("rms-double")
    x, w = rng.standard_normal((3, 5)), rng.standard_normal(5)
    g, v = rng.standard_normal((3, 5)), rng.standard_normal((3, 5))
    res = []
    for lib in (pyt, torch):
        xt, wt = (lib.tensor(a, requires_grad=True) for a in (x, w))
        y = lib.nn.functional.rms_norm(xt, (5,), wt)
        gx, gw = lib.autograd.grad(y, (xt, wt), lib.tensor(g), create_graph=True)
        ((gx * lib.tensor(v)).sum() + (gw * gw).sum()).backward()
        res.append((y, gx, gw, xt.grad, wt.grad))
    for i, (p, t) in enumerate(zip(*res)):
        assert_tensor_close(p, t, 1e-9, 1e-10, f"result {i}")
    # tiny inputs: the default eps (finfo(dtype).eps) dominates, as in torch
    tiny = np.full((2, 3), 1e-5, dtype=np.float32)
    assert_tensor_close(
        pyt.nn.functional.rms_norm(pyt.tensor(tiny), (3,)), torch.nn.functional.rms_norm(torch.tensor(tiny), (3,)), 1e-5, 1e-6
    )


def test_rms_norm_errors():
    with pytest.raises(RuntimeError, match=r"Given normalized_shape=\[4\], expected input with shape"):
        pyt.nn.RMSNorm(4)(pyt.ones(4, 3, 5))
    with pytest.raises(RuntimeError, match="Expected weight to be of same shape"):
        pyt.nn.functional.rms_norm(pyt.ones(4, 3, 5), (5,), pyt.ones(4))


# ---------------------------------------------------------- normalize, local response
@pytest.mark.parametrize("kw", [{}, {"p": 1.0, "dim": 0}, {"p": 3.0, "dim": -1, "eps": 0.5}])
def test_normalize(kw):
    x = rng_for("normalize", tuple(kw.items())).standard_normal((3, 4))
    px, tx = both(x, requires_grad=True)
    py, ty = pyt.nn.functional.normalize(px, **kw), torch.nn.functional.normalize(tx, **kw)
    assert_tensor_close(py, ty, 1e-10, 1e-12)
    py.sum().backward()
    ty.sum().backward()
    assert_tensor_close(px.grad, tx.grad, 1e-9, 1e-11)


def test_local_response_norm():
    rng = rng_for("lrn")
    x = rng.standard_normal((2, 5, 3, 3))
    pm, tm = pyt.nn.LocalResponseNorm(3, 0.1, 0.7, 2.0), torch.nn.LocalResponseNorm(3, 0.1, 0.7, 2.0)
    assert repr(pm) == repr(tm)
    px, tx = both(x, requires_grad=True)
    py, ty = pm(px), tm(tx)
    # torch sums the window with avg_pool3d (divide, then multiply back): ~1e-9 apart
    assert_tensor_close(py, ty, 1e-8, 1e-10)
    py.sum().backward()
    ty.sum().backward()
    assert_tensor_close(px.grad, tx.grad, 1e-8, 1e-10)
    with pytest.raises(ValueError, match="3D or higher"):
        pyt.nn.functional.local_response_norm(pyt.ones(2, 3), 2)


# ---------------------------------------------------------------------- embeddings
def _emb_pair(rng, v, d, **kw):
    pm, tm = pyt.nn.Embedding(v, d, **kw), torch.nn.Embedding(v, d, **kw)
    assert repr(pm) == repr(tm)
    w = rng.standard_normal((v, d)).astype(np.float32)
    if kw.get("padding_idx") is not None:
        w[kw["padding_idx"]] = 0
    with torch.no_grad():
        tm.weight.copy_(torch.tensor(w))
    _copy_state(pm, tm)
    return pm, tm


@pytest.mark.parametrize(
    "kw",
    [{}, {"padding_idx": 0}, {"padding_idx": -1}, {"scale_grad_by_freq": True}, {"max_norm": 1.0}, {"max_norm": 0.5, "norm_type": 1.0}],
    ids=lambda k: str(sorted(k.items())),
)
def test_embedding_module(kw):
    rng = rng_for("embedding", tuple(kw.items()))
    pm, tm = _emb_pair(rng, 10, 4, **kw)
    idx = rng.integers(0, 10, size=(3, 5))
    idx[0, 0] = idx[1, 1] = 9  # repeats
    py, ty = pm(pyt.tensor(idx)), tm(torch.tensor(idx))
    assert_tensor_close(py, ty, 1e-6, 1e-6)
    assert py.grad_fn.name() == "EmbeddingBackward0"
    g = rng.standard_normal((3, 5, 4)).astype(np.float32)
    py.backward(pyt.tensor(g))
    ty.backward(torch.tensor(g))
    assert_tensor_close(pm.weight.grad, tm.weight.grad, 1e-5, 1e-6, "weight grad")
    assert_tensor_close(pm.weight, tm.weight, 1e-6, 1e-6, "weight (after max_norm)")


def test_embedding_default_init_and_from_pretrained():
    e = pyt.nn.Embedding(2000, 8, padding_idx=3)
    w = to_np(e.weight)
    assert abs(w.mean()) < 0.05 and abs(w.std() - 1) < 0.05  # N(0, 1)
    assert not np.any(w[3])
    pre = pyt.tensor([[1.0, 2.0], [3.0, 4.0]])
    m = pyt.nn.Embedding.from_pretrained(pre)
    assert not m.weight.requires_grad and m.num_embeddings == 2
    assert pyt.nn.Embedding.from_pretrained(pre, freeze=False).weight.requires_grad
    np.testing.assert_array_equal(to_np(m(pyt.tensor([1]))), [[3.0, 4.0]])
    assert list(e.state_dict().keys()) == list(torch.nn.Embedding(2000, 8).state_dict().keys())


def test_embedding_double_backward_and_int32():
    rng = rng_for("emb-double")
    w = rng.standard_normal((6, 3))
    idx = np.array([1, 5, 1, 0])
    res = []
    for lib in (pyt, torch):
        wt = lib.tensor(w, requires_grad=True)
        # (torch's double backward ignores scale_grad_by_freq, so it is left out here)
        y = lib.nn.functional.embedding(lib.tensor(idx), wt, padding_idx=0)
        g = lib.tensor(rng_for("emb-g").standard_normal((4, 3)), requires_grad=True)
        (gw,) = lib.autograd.grad(y, wt, g, create_graph=True)
        (gw * gw).sum().backward()
        res.append((gw, g.grad))
    for p, t in zip(*res):
        assert_tensor_close(p, t, 1e-10, 1e-12)
    p32 = pyt.nn.functional.embedding(pyt.tensor(idx.astype(np.int32)), pyt.tensor(w))
    t32 = torch.nn.functional.embedding(torch.tensor(idx.astype(np.int32)), torch.tensor(w))
    assert_tensor_close(p32, t32)


def test_embedding_errors():
    w = pyt.randn(5, 3)
    with pytest.raises(IndexError, match="index out of range in self"):
        pyt.nn.functional.embedding(pyt.tensor([5]), w)
    with pytest.raises(IndexError, match="index out of range"):
        pyt.nn.functional.embedding(pyt.tensor([-1]), w)
    with pytest.raises(RuntimeError, match="Long, Int"):
        pyt.nn.functional.embedding(pyt.tensor([1.0]), w)
    with pytest.raises(AssertionError, match="Padding_idx must be within num_embeddings"):
        pyt.nn.Embedding(5, 3, padding_idx=5)


BAGS = [
    ("sum", {}),
    ("mean", {}),
    ("max", {}),
    ("sum", {"padding_idx": 2}),
    ("mean", {"padding_idx": 2}),
    ("max", {"padding_idx": 2}),
    ("sum", {"include_last_offset": True}),
]


@pytest.mark.parametrize("mode,kw", BAGS, ids=[f"{m}-{sorted(k.items())}" for m, k in BAGS])
def test_embedding_bag_module(mode, kw):
    rng = rng_for("bag", mode, tuple(kw.items()))
    pm = pyt.nn.EmbeddingBag(8, 3, mode=mode, **kw)
    tm = torch.nn.EmbeddingBag(8, 3, mode=mode, **kw)
    assert repr(pm) == repr(tm)
    w = rng.standard_normal((8, 3)).astype(np.float32)
    with torch.no_grad():
        tm.weight.copy_(torch.tensor(w))
    _copy_state(pm, tm)
    idx = np.array([1, 2, 4, 2, 3, 7, 0, 2])
    offsets = np.array([0, 3, 3, 6]) if not kw.get("include_last_offset") else np.array([0, 3, 3, 6, 8])
    py, ty = pm(pyt.tensor(idx), pyt.tensor(offsets)), tm(torch.tensor(idx), torch.tensor(offsets))
    assert_tensor_close(py, ty, 1e-6, 1e-6)
    g = rng.standard_normal(tuple(ty.shape)).astype(np.float32)
    py.backward(pyt.tensor(g))
    ty.backward(torch.tensor(g))
    assert_tensor_close(pm.weight.grad, tm.weight.grad, 1e-5, 1e-6, "weight grad")
    # 2-d input: fixed-size bags
    i2 = rng.integers(0, 8, size=(3, 4))
    assert_tensor_close(pm(pyt.tensor(i2)), tm(torch.tensor(i2)), 1e-6, 1e-6)


def test_embedding_bag_per_sample_weights():
    rng = rng_for("bag-psw")
    w, idx, off = rng.standard_normal((6, 2)), np.array([0, 5, 3, 3, 1]), np.array([0, 2])
    psw = rng.standard_normal(5)
    res = []
    for lib in (pyt, torch):
        wt, pt = lib.tensor(w, requires_grad=True), lib.tensor(psw, requires_grad=True)
        y = lib.nn.functional.embedding_bag(lib.tensor(idx), wt, lib.tensor(off), mode="sum", per_sample_weights=pt)
        (y * lib.tensor(np.arange(4.0).reshape(2, 2))).sum().backward()
        res.append((y, wt.grad, pt.grad))
    for p, t in zip(*res):
        assert_tensor_close(p, t, 1e-10, 1e-12)
    with pytest.raises(NotImplementedError, match="only supported for mode='sum'"):
        pyt.nn.functional.embedding_bag(pyt.tensor(idx), pyt.tensor(w), pyt.tensor(off), mode="mean",
                                        per_sample_weights=pyt.tensor(psw))
    with pytest.raises(ValueError, match="offsets has to be None"):
        pyt.nn.functional.embedding_bag(pyt.tensor([[1, 2]]), pyt.tensor(w), pyt.tensor([0]))
    with pytest.raises(ValueError, match="offsets has to be a 1D Tensor but got None"):
        pyt.nn.functional.embedding_bag(pyt.tensor([1, 2]), pyt.tensor(w))


def test_one_hot():
    x = np.array([[0, 3], [2, 1]])
    assert_tensor_close(pyt.nn.functional.one_hot(pyt.tensor(x)), torch.nn.functional.one_hot(torch.tensor(x)))
    assert_tensor_close(pyt.nn.functional.one_hot(pyt.tensor(x), 6), torch.nn.functional.one_hot(torch.tensor(x), 6))
    assert tuple(pyt.nn.functional.one_hot(pyt.tensor(2), 3).shape) == (3,)
    assert tuple(pyt.nn.functional.one_hot(pyt.zeros(0, dtype=pyt.int64), 4).shape) == (0, 4)
    with pytest.raises(RuntimeError, match="smaller than num_classes"):
        pyt.nn.functional.one_hot(pyt.tensor([3]), 3)
    with pytest.raises(RuntimeError, match="non-negative"):
        pyt.nn.functional.one_hot(pyt.tensor([-1]))
    with pytest.raises(RuntimeError, match="LongTensor"):
        pyt.nn.functional.one_hot(pyt.tensor([1.0]))


# ------------------------------------------------------------------ dropout variants
@pytest.mark.parametrize(
    "name,shape",
    [("Dropout1d", (4, 16, 50)), ("Dropout1d", (16, 50)), ("Dropout2d", (4, 16, 5, 10)), ("Dropout3d", (2, 16, 5, 2, 5))],
)
def test_channel_dropout(name, shape):
    p = 0.4
    pm, tm = getattr(pyt.nn, name)(p), getattr(torch.nn, name)(p)
    assert repr(pm) == repr(tm)
    pyt.manual_seed(0)
    x = pyt.ones(*shape, requires_grad=True)
    y = pm(x)
    yn = to_np(y)
    # each channel is all zero or all 1/(1-p)
    lead = 2 if (name == "Dropout1d" and len(shape) == 3) or name != "Dropout1d" else 1
    chans = yn.reshape(int(np.prod(shape[:lead])), -1)
    for row in chans:
        assert np.all(row == 0) or np.allclose(row, 1 / (1 - p))
    frac = np.mean([np.all(r == 0) for r in chans])
    assert 0.2 < frac < 0.6
    y.sum().backward()
    np.testing.assert_allclose(to_np(x.grad), yn)
    pm.eval()
    assert pm(x) is x


def test_alpha_dropout_statistics_and_modules():
    pyt.manual_seed(1)
    x = pyt.randn(200000)
    y = pyt.nn.functional.alpha_dropout(x, 0.2, training=True)
    # alpha dropout keeps zero mean and unit variance of a standard normal input
    assert abs(float(y.mean())) < 0.02 and abs(float(y.std()) - 1) < 0.02
    assert pyt.nn.functional.alpha_dropout(x, 0.2) is x  # training=False by default
    for name in ("AlphaDropout", "FeatureAlphaDropout"):
        assert repr(getattr(pyt.nn, name)(0.3)) == repr(getattr(torch.nn, name)(0.3))
    z = pyt.nn.functional.feature_alpha_dropout(pyt.ones(8, 64, 3), 0.5, training=True)
    zn = to_np(z)
    assert np.all(zn.max(axis=2) == zn.min(axis=2))  # whole channels share one value
    with pytest.raises(ValueError, match="between 0 and 1"):
        pyt.nn.Dropout2d(1.5)
    with pytest.raises(RuntimeError, match="Expected 2D or 3D input"):
        pyt.nn.functional.dropout1d(pyt.ones(2, 3, 4, 5))


# ------------------------------------------------------------------------ distances
@pytest.mark.parametrize("shapes,kw", [(((3, 4), (3, 4)), {}), (((2, 1, 4), (3, 4)), {"dim": -1}), (((4, 3), (4, 3)), {"dim": 0, "eps": 0.5})])
def test_cosine_similarity(shapes, kw):
    rng = rng_for("cos", shapes, tuple(kw.items()))
    a, b = rng.standard_normal(shapes[0]), rng.standard_normal(shapes[1])
    pa, ta = both(a, requires_grad=True)
    pb, tb = both(b, requires_grad=True)
    py, ty = pyt.nn.functional.cosine_similarity(pa, pb, **kw), torch.nn.functional.cosine_similarity(ta, tb, **kw)
    assert_tensor_close(py, ty, 1e-10, 1e-12)
    py.sum().backward()
    ty.sum().backward()
    assert_tensor_close(pa.grad, ta.grad, 1e-9, 1e-11)
    assert_tensor_close(pb.grad, tb.grad, 1e-9, 1e-11)


@pytest.mark.parametrize("kw", [{}, {"p": 1.0}, {"p": 3.0, "keepdim": True}, {"eps": 0.0}])
def test_pairwise_distance(kw):
    rng = rng_for("pdist", tuple(kw.items()))
    a, b = rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    pa, ta = both(a, requires_grad=True)
    pb, tb = both(b)
    py, ty = pyt.nn.functional.pairwise_distance(pa, pb, **kw), torch.nn.functional.pairwise_distance(ta, tb, **kw)
    assert_tensor_close(py, ty, 1e-10, 1e-12)
    py.sum().backward()
    ty.sum().backward()
    assert_tensor_close(pa.grad, ta.grad, 1e-9, 1e-11)
