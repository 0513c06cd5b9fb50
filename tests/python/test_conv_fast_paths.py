"""Fast paths of the convolution and max-pool kernels against torch.

- The input gradient of a unit-stride convolution (and the forward of a unit-stride
  transposed convolution) computed as a forward convolution of the output gradient with the
  flipped, transposed weight (Note [Adjoint as a flipped convolution] in ops/conv.cpp): taken
  when out_channels/groups <= in_channels/groups and padding <= dilation*(kernel-1). Checked
  for 1-3 spatial dims, dilation, groups, padding modes, batched image groups, gradcheck /
  gradgradcheck in float64, and bitwise equality at 1 and 2 threads.
- max_pool2d with a 2x2 or 3x3 window, no padding, no dilation, every window inside the
  plane (the branch-free kernel): values and indices (first maximum, last NaN, as torch) and
  gradients.
"""

import numpy as np
import pyt
import pytest
import torch

RNG = np.random.default_rng(7)


@pytest.fixture
def restore_threads():
    n = pyt.get_num_threads()
    yield
    pyt.set_num_threads(n)


def _pair(make):
    """The same module in pyt and torch, torch's parameters copied into pyt."""
    t = make(torch.nn)
    p = make(pyt.nn)
    p.load_state_dict({k: pyt.tensor(v.detach().numpy().copy()) for k, v in t.state_dict().items()})
    return p, t


def _check(p, t, shape, tol=2e-4, dtype=np.float32):
    x = RNG.uniform(-2, 2, size=shape).astype(dtype)
    xp, xt = pyt.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    op, ot = p(xp), t(xt)
    np.testing.assert_allclose(op.detach().numpy(), ot.detach().numpy(), rtol=tol, atol=tol)
    g = RNG.uniform(-1, 1, size=tuple(ot.shape)).astype(dtype)
    op.backward(pyt.tensor(g))
    ot.backward(torch.tensor(g))
    np.testing.assert_allclose(xp.grad.numpy(), xt.grad.numpy(), rtol=tol, atol=tol)
    for (n, pp), (_, tp) in zip(p.named_parameters(), t.named_parameters()):
        np.testing.assert_allclose(pp.grad.numpy(), tp.grad.numpy(), rtol=tol, atol=tol, err_msg=n)


# (module, args, kwargs, input shape): out_channels/groups <= in_channels/groups, stride 1,
# so the input gradient takes the flipped-weight path; the last rows fall back (k=1 with
# padding 1: padding > dilation*(kernel-1)) or sit on its edge (padding = dilation*(k-1)).
FLIP_CASES = [
    ("Conv2d", (32, 32, 3), {"padding": 1}, (3, 32, 8, 8)),
    ("Conv2d", (16, 8, 3), {"padding": 1}, (40, 16, 4, 4)),  # images batched per GEMM
    ("Conv2d", (6, 4, 3), {"padding": 0}, (2, 6, 7, 9)),
    ("Conv2d", (6, 4, (3, 2)), {"padding": (2, 1), "dilation": 1}, (2, 6, 7, 9)),
    ("Conv2d", (6, 4, 3), {"padding": (2, 3), "dilation": (2, 3)}, (2, 6, 11, 12)),
    ("Conv2d", (8, 4, 3), {"padding": 1, "groups": 2}, (2, 8, 6, 5)),
    ("Conv2d", (8, 8, 3), {"padding": 1, "groups": 8, "bias": False}, (2, 8, 6, 5)),
    ("Conv2d", (6, 6, 3), {"padding": 1, "padding_mode": "reflect"}, (2, 6, 6, 7)),
    ("Conv2d", (6, 3, 3), {"padding": 2, "padding_mode": "circular"}, (2, 6, 6, 7)),
    ("Conv2d", (6, 3, 4), {"padding": "same"}, (2, 6, 6, 7)),
    ("Conv2d", (6, 3, 1), {}, (2, 6, 5, 4)),
    ("Conv2d", (6, 3, 1), {"padding": 1}, (2, 6, 5, 4)),
    ("Conv1d", (5, 5, 3), {"padding": 1, "dilation": 2}, (3, 5, 17)),
    ("Conv1d", (6, 2, 5), {"padding": "same", "groups": 2}, (3, 6, 9)),
    ("Conv3d", (4, 4, 3), {"padding": 1}, (2, 4, 4, 5, 3)),
    ("Conv3d", (4, 2, (2, 3, 1)), {"padding": (1, 0, 0), "dilation": (1, 2, 1)}, (2, 4, 4, 6, 3)),
    # transposed, unit stride, weight (in, out/groups, *k) with in/groups >= out/groups: the
    # forward itself is the flipped convolution
    ("ConvTranspose2d", (8, 4, 3), {"padding": 1}, (2, 8, 6, 5)),
    ("ConvTranspose2d", (8, 8, 3), {"padding": 0, "groups": 2}, (2, 8, 4, 5)),
    ("ConvTranspose1d", (6, 3, 4), {"padding": 3, "dilation": 1}, (2, 6, 7)),
    ("ConvTranspose3d", (4, 4, 2), {"padding": 1}, (1, 4, 3, 4, 3)),
]


@pytest.mark.parametrize("name,args,kwargs,shape", FLIP_CASES)
def test_flipped_adjoint_matches_torch(name, args, kwargs, shape):
    p, t = _pair(lambda nn: getattr(nn, name)(*args, **kwargs))
    _check(p, t, shape)


@pytest.mark.parametrize("name,args,kwargs,shape", FLIP_CASES[:3] + FLIP_CASES[12:13] + FLIP_CASES[16:17])
def test_flipped_adjoint_float64(name, args, kwargs, shape):
    p, t = _pair(lambda nn: getattr(nn, name)(*args, **kwargs).double())
    _check(p, t, shape, tol=1e-10, dtype=np.float64)


@pytest.mark.parametrize(
    "fn,xs,ws",
    [
        (lambda F, x, w: F.conv2d(x, w, padding=1), (2, 4, 5, 4), (3, 4, 3, 3)),
        (lambda F, x, w: F.conv2d(x, w, padding=(1, 2), dilation=(1, 2), groups=2), (2, 4, 5, 6), (2, 2, 3, 2)),
        (lambda F, x, w: F.conv1d(x, w, padding=2), (2, 3, 6), (3, 3, 3)),
        (lambda F, x, w: F.conv_transpose2d(x, w, padding=1), (2, 4, 4, 3), (4, 2, 3, 3)),
    ],
)
def test_flipped_adjoint_gradcheck(fn, xs, ws):
    x = pyt.tensor(RNG.standard_normal(xs), dtype=pyt.float64, requires_grad=True)
    w = pyt.tensor(RNG.standard_normal(ws), dtype=pyt.float64, requires_grad=True)
    F = pyt.nn.functional
    assert pyt.autograd.gradcheck(lambda a, b: fn(F, a, b), (x, w))
    assert pyt.autograd.gradgradcheck(lambda a, b: fn(F, a, b), (x, w))


def test_flipped_adjoint_double_backward_matches_torch():
    x = RNG.standard_normal((2, 4, 5, 5))
    w = RNG.standard_normal((4, 4, 3, 3))
    out = {}
    for fw in (pyt, torch):
        xx = fw.tensor(x, requires_grad=True)
        ww = fw.tensor(w, requires_grad=True)
        y = fw.nn.functional.conv2d(xx, ww, padding=1)
        (gx,) = fw.autograd.grad((y * y).sum(), xx, create_graph=True)
        (gw,) = fw.autograd.grad((gx * gx).sum(), ww)
        out[fw.__name__] = (gx.detach().numpy(), gw.numpy())
    for a, b in zip(out["pyt"], out["torch"]):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-9)


@pytest.mark.parametrize("threads", [2, 3])
def test_flipped_adjoint_deterministic_across_threads(threads, restore_threads):
    x = RNG.standard_normal((37, 16, 6, 6)).astype(np.float32)
    w = RNG.standard_normal((8, 16, 3, 3)).astype(np.float32)
    b = RNG.standard_normal(8).astype(np.float32)
    g = RNG.standard_normal((37, 8, 6, 6)).astype(np.float32)

    def run():
        xp = pyt.tensor(x, requires_grad=True)
        wp = pyt.tensor(w, requires_grad=True)
        bp = pyt.tensor(b, requires_grad=True)
        y = pyt.nn.functional.conv2d(xp, wp, bp, padding=1)
        y.backward(pyt.tensor(g))
        return [y.detach().numpy(), xp.grad.numpy(), wp.grad.numpy(), bp.grad.numpy()]

    pyt.set_num_threads(1)
    one = run()
    pyt.set_num_threads(threads)
    many = run()
    for a, c in zip(one, many):
        assert np.array_equal(a, c)


def test_conv_forward_bias_batched_and_single_image():
    # 4x4 outputs batch several images per GEMM (bias added while scattering rows), 16x16
    # outputs one image per GEMM (bias accumulated by the GEMM)
    for shape in [(9, 3, 4, 4), (3, 3, 16, 16), (1, 3, 16, 16)]:
        p, t = _pair(lambda nn: nn.Conv2d(3, 5, 3, padding=1))
        _check(p, t, shape)


# --------------------------------------------------------------------- max pooling


def _pool_pair(x, k, s, ceil_mode=False):
    outs = {}
    for fw in (pyt, torch):
        xx = fw.tensor(x, requires_grad=x.dtype.kind == "f")
        v, i = fw.nn.functional.max_pool2d(xx, k, s, 0, 1, ceil_mode=ceil_mode, return_indices=True)
        grad = None
        if x.dtype.kind == "f":
            v.backward(fw.ones_like(v) * fw.arange(v.numel(), dtype=v.dtype).reshape(v.shape))
            grad = xx.grad.numpy()
        outs[fw.__name__] = (v.detach().numpy(), i.numpy(), grad)
    return outs


@pytest.mark.parametrize(
    "k,s,shape,ceil_mode",
    [
        (2, 2, (3, 4, 8, 8), False),
        (2, 2, (2, 3, 7, 9), False),
        (2, 1, (2, 3, 5, 6), False),
        (2, (1, 3), (2, 3, 6, 8), False),
        (3, 2, (2, 3, 9, 7), False),
        (3, 3, (2, 3, 9, 9), True),  # ceil_mode, every window inside
        (2, 2, (2, 3, 7, 7), True),  # ceil_mode, last window overhangs: general loop
        (3, 1, (1, 2, 3, 3), False),
    ],
)
def test_max_pool_inside_matches_torch(k, s, shape, ceil_mode):
    # few distinct values: many ties, so "first maximum" decides the indices
    x = RNG.integers(-2, 3, size=shape).astype(np.float32)
    out = _pool_pair(x, k, s, ceil_mode)
    for a, b in zip(out["pyt"], out["torch"]):
        np.testing.assert_array_equal(a, b)


def test_max_pool_inside_nan_inf_signed_zero():
    x = RNG.standard_normal((2, 3, 8, 8)).astype(np.float32)
    x[0, 0, 0, 1] = np.nan  # second element of a window
    x[0, 0, 1, 0] = np.nan  # and a later NaN in the same window
    x[0, 1, 3, 3] = np.nan  # last element of a window
    x[0, 2, 4:6, 4:6] = -np.inf
    x[1, 0, 0:2, 0:2] = [[-0.0, 0.0], [0.0, -0.0]]
    x[1, 0, 2:4, 2:4] = [[0.0, -0.0], [-1.0, 0.0]]
    x[1, 1, 0:2, 0:2] = np.inf
    for k in (2, 3):
        out = _pool_pair(x, k, 2)
        for a, b in zip(out["pyt"], out["torch"]):
            np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(np.signbit(out["pyt"][0]), np.signbit(out["torch"][0]))


def test_max_pool_general_and_adaptive_pick_last_nan():
    x = np.zeros((1, 2, 4, 4), np.float32)
    x[0, :, 0, 1] = np.nan
    x[0, :, 1, 0] = np.nan
    for fn in (
        lambda F, a: F.max_pool2d(a, 3, 1, 1, return_indices=True),
        lambda F, a: F.adaptive_max_pool2d(a, 2, return_indices=True),
        lambda F, a: F.max_pool1d(a[0], 2, return_indices=True),
    ):
        (vp, ip), (vt, it) = fn(pyt.nn.functional, pyt.tensor(x)), fn(torch.nn.functional, torch.tensor(x))
        np.testing.assert_array_equal(vp.numpy(), vt.numpy())
        np.testing.assert_array_equal(ip.numpy(), it.numpy())


@pytest.mark.parametrize("dtype", [np.float64, np.int32, np.int64, np.uint8])
def test_max_pool_inside_dtypes(dtype):
    x = RNG.integers(0, 5, size=(2, 3, 6, 6)).astype(dtype)
    out = _pool_pair(x, 2, 2)
    for a, b in zip(out["pyt"], out["torch"]):
        np.testing.assert_array_equal(a, b)


def test_max_pool_inside_gradcheck():
    x = pyt.tensor(RNG.standard_normal((2, 2, 6, 6)), dtype=pyt.float64, requires_grad=True)
    assert pyt.autograd.gradcheck(lambda a: pyt.nn.functional.max_pool2d(a, 2), (x,))
    assert pyt.autograd.gradcheck(lambda a: pyt.nn.functional.max_pool2d(a, 3, 1), (x,))


# ------------------------------------------------------------------------ dropout


@pytest.mark.parametrize("dtype", [pyt.float32, pyt.float64])
@pytest.mark.parametrize("p", [0.5, 0.1, 0.9, 0.999])
@pytest.mark.parametrize("n", [1, 7, 8, 9, 4096 * 3 + 5])
def test_dropout_mask_is_bernoulli_stream(dtype, p, n):
    # the fused mask kernel draws exactly what bernoulli_(1 - p) draws, scaled by 1/(1-p),
    # and leaves the generator where bernoulli_ leaves it
    x = pyt.tensor(RNG.uniform(1, 2, size=n), dtype=dtype)
    g1, g2 = pyt.Generator(), pyt.Generator()
    g1.manual_seed(11)
    g2.manual_seed(11)
    pyt.manual_seed(5)
    y = pyt.nn.functional.dropout(x, p, True)
    after = pyt.rand(3, dtype=dtype)
    pyt.manual_seed(5)
    keep = pyt.empty(n, dtype=dtype).bernoulli_(1 - p)
    after_ref = pyt.rand(3, dtype=dtype)
    scale = np.asarray(1 / (1 - p), dtype=np.float32 if dtype == pyt.float32 else np.float64)
    np.testing.assert_array_equal(y.numpy(), x.numpy() * (keep.numpy() * scale))
    np.testing.assert_array_equal(after.numpy(), after_ref.numpy())


@pytest.mark.parametrize("threads", [2, 3])
def test_dropout_deterministic_across_threads(threads, restore_threads):
    x = pyt.ones(64, 1024)
    pyt.set_num_threads(1)
    pyt.manual_seed(1)
    one = pyt.nn.functional.dropout(x, 0.3, True).numpy()
    pyt.set_num_threads(threads)
    pyt.manual_seed(1)
    many = pyt.nn.functional.dropout(x, 0.3, True).numpy()
    assert np.array_equal(one, many)
    kept = (one != 0).mean()
    assert 0.68 < kept < 0.72


def test_dropout_grad_and_half():
    x = pyt.ones(300, requires_grad=True)
    y = pyt.nn.functional.dropout(x, 0.25, True)
    assert type(y.grad_fn).__name__ == "MulBackward0"
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), y.detach().numpy())
    h = pyt.nn.functional.dropout(pyt.ones(50, dtype=pyt.float16), 0.5, True)
    assert h.dtype == pyt.float16 and set(np.unique(h.float().numpy())) <= {0.0, 2.0}
