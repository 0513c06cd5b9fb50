"""Convolution, pooling, padding and resampling layers against torch: same weights (copied
through numpy), outputs, input and parameter gradients, reprs, state_dict names, default
initialisation bounds, determinism across thread counts, and error messages."""

import math

import numpy as np
import pyt
import pytest
import torch

RNG = np.random.default_rng(0)


def _pair_modules(make, *args, **kw):
    """The same layer in pyt and torch, torch's parameters copied into pyt."""
    p = make(pyt.nn, *args, **kw)
    t = make(torch.nn, *args, **kw)
    with torch.no_grad():
        sd = {k: pyt.tensor(v.detach().numpy().copy()) for k, v in t.state_dict().items()}
    p.load_state_dict(sd)
    return p, t


def _check_module(p, t, shape, tol=1e-4, view=None):
    x = RNG.uniform(-2, 2, size=shape).astype(np.float32)
    xp = pyt.tensor(x, requires_grad=True)
    xt = torch.tensor(x, requires_grad=True)
    ip, it = (view(xp), view(xt)) if view else (xp, xt)
    op, ot = p(ip), t(it)
    np.testing.assert_allclose(op.detach().numpy(), ot.detach().numpy(), rtol=tol, atol=tol)
    g = RNG.uniform(-1, 1, size=tuple(ot.shape)).astype(np.float32)
    op.backward(pyt.tensor(g))
    ot.backward(torch.tensor(g))
    np.testing.assert_allclose(xp.grad.numpy(), xt.grad.numpy(), rtol=tol, atol=tol)
    for (n, pp), (_, tp) in zip(p.named_parameters(), t.named_parameters()):
        np.testing.assert_allclose(pp.grad.numpy(), tp.grad.numpy(), rtol=tol, atol=tol, err_msg=n)


CONV_CASES = [
    ("Conv1d", (3, 4, 3), {}, (2, 3, 11)),
    (
        "Conv1d",
        (4, 6, 4),
        {"stride": 2, "padding": "same" if False else 2, "groups": 2, "dilation": 2},
        (2, 4, 13),
    ),
    ("Conv1d", (3, 4, 4), {"padding": "same", "padding_mode": "reflect"}, (2, 3, 9)),
    ("Conv1d", (3, 4, 3), {"padding": 2, "padding_mode": "circular"}, (2, 3, 9)),
    ("Conv2d", (3, 8, 3), {"padding": 1}, (2, 3, 9, 8)),
    (
        "Conv2d",
        (4, 8, (3, 2)),
        {"stride": (2, 1), "padding": (1, 0), "dilation": (1, 2), "groups": 4},
        (2, 4, 9, 9),
    ),
    ("Conv2d", (3, 5, 3), {"padding": "valid", "bias": False}, (1, 3, 6, 7)),
    ("Conv2d", (3, 5, (3, 4)), {"padding": "same"}, (2, 3, 6, 7)),
    ("Conv2d", (3, 5, 3), {"padding": 1, "padding_mode": "reflect"}, (2, 3, 6, 7)),
    ("Conv2d", (3, 5, 3), {"padding": (2, 1), "padding_mode": "replicate"}, (2, 3, 6, 7)),
    ("Conv2d", (3, 5, 3), {"padding": 1, "padding_mode": "circular", "stride": 2}, (2, 3, 6, 7)),
    ("Conv2d", (3, 5, 1), {}, (2, 3, 6, 7)),
    ("Conv2d", (3, 5, 3), {}, (3, 6, 7)),
    ("Conv2d", (3, 5, 3), {}, (0, 3, 6, 7)),
    ("Conv3d", (2, 4, 3), {"padding": 1, "stride": (1, 2, 1)}, (2, 2, 5, 6, 4)),
    ("Conv3d", (2, 4, 2), {"padding": 1, "padding_mode": "replicate"}, (1, 2, 3, 4, 4)),
    ("ConvTranspose1d", (4, 3, 3), {"stride": 2, "padding": 1, "output_padding": 1}, (2, 4, 7)),
    ("ConvTranspose2d", (4, 6, 3), {"stride": 2, "groups": 2, "dilation": 2}, (2, 4, 5, 4)),
    (
        "ConvTranspose2d",
        (3, 2, (2, 3)),
        {"stride": (3, 2), "output_padding": (2, 1), "bias": False},
        (1, 3, 4, 5),
    ),
    ("ConvTranspose3d", (2, 3, 2), {"stride": 2}, (1, 2, 3, 2, 3)),
]


@pytest.mark.parametrize("name,args,kw,shape", CONV_CASES, ids=lambda v: str(v))
def test_conv_modules_match_torch(name, args, kw, shape):
    p, t = _pair_modules(lambda nn, *a, **k: getattr(nn, name)(*a, **k), *args, **kw)
    assert repr(p) == repr(t)
    assert list(p.state_dict().keys()) == list(t.state_dict().keys())
    _check_module(p, t, shape)


def test_conv_noncontiguous_input_and_big_batch():
    p, t = _pair_modules(lambda nn: nn.Conv2d(3, 16, 3, padding=1))
    _check_module(p, t, (20, 3, 10, 9), view=lambda x: x.transpose(2, 3))
    p, t = _pair_modules(lambda nn: nn.Conv2d(8, 16, 3, stride=2, groups=2))
    _check_module(p, t, (37, 8, 5, 6))


def test_conv_transpose_output_size():
    p, t = _pair_modules(lambda nn: nn.ConvTranspose2d(2, 3, 3, stride=2))
    x = RNG.standard_normal((1, 2, 4, 4)).astype(np.float32)
    op = p(pyt.tensor(x), output_size=[10, 10])
    ot = t(torch.tensor(x), output_size=[10, 10])
    assert tuple(op.shape) == tuple(ot.shape) == (1, 3, 10, 10)
    np.testing.assert_allclose(op.detach().numpy(), ot.detach().numpy(), rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError, match="output size"):
        p(pyt.tensor(x), output_size=[20, 20])


@pytest.mark.parametrize(
    "make",
    [
        lambda nn: nn.Conv1d(4, 6, 3, groups=2),
        lambda nn: nn.Conv2d(3, 8, (3, 5)),
        lambda nn: nn.Conv3d(2, 4, 2, bias=False),
        lambda nn: nn.ConvTranspose2d(6, 4, 3, groups=2),
    ],
)
def test_conv_default_init_bounds(make):
    m = make(pyt.nn)
    w = m.weight.detach().numpy()
    fan_in = w.shape[1] * int(np.prod(w.shape[2:]))
    bound = 1 / math.sqrt(fan_in)  # kaiming_uniform_(a=sqrt(5)) gives sqrt(6/((1+5) fan_in))
    assert np.abs(w).max() <= bound + 1e-7
    assert np.abs(w).max() > 0.5 * bound
    if m.bias is not None:
        b = m.bias.detach().numpy()
        assert np.abs(b).max() <= bound + 1e-7
    assert m.weight.shape == make(torch.nn).weight.shape


def test_conv_module_argument_errors():
    with pytest.raises(ValueError, match="divisible by groups"):
        pyt.nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match="padding_mode"):
        pyt.nn.Conv2d(3, 4, 3, padding_mode="bogus")
    with pytest.raises(ValueError, match="strided"):
        pyt.nn.Conv1d(3, 4, 3, stride=2, padding="same")
    with pytest.raises(ValueError, match="zeros"):
        pyt.nn.ConvTranspose2d(3, 4, 3, padding_mode="reflect")


@pytest.mark.parametrize(
    "call,exc,words",
    [
        (
            lambda F: F.conv2d(pyt.randn(1, 4, 5, 5), pyt.randn(2, 3, 3, 3)),
            RuntimeError,
            [
                "conv2d",
                "Given groups=1, weight of size [2, 3, 3, 3], expected input[1, 4, 5, 5] to have 3 "
                "channels, but got 4 channels instead",
            ],
        ),
        (
            lambda F: F.conv2d(pyt.randn(1, 3, 2, 2), pyt.randn(2, 3, 3, 3)),
            RuntimeError,
            ["conv2d", "Kernel size can't be greater than actual input size", "(2 x 2)", "(3 x 3)"],
        ),
        (
            lambda F: F.conv1d(pyt.randn(1, 3, 2, 2), pyt.randn(2, 3, 3)),
            RuntimeError,
            ["Expected 2D (unbatched) or 3D (batched) input to conv1d", "[1, 3, 2, 2]"],
        ),
        (
            lambda F: F.conv2d(pyt.randn(1, 4, 5, 5), pyt.randn(3, 2, 3, 3), groups=2),
            RuntimeError,
            ["divisible by 2"],
        ),
        (
            lambda F: F.conv2d(pyt.randn(1, 3, 5, 5), pyt.randn(2, 3, 3, 3), pyt.randn(3)),
            RuntimeError,
            ["bias", "2 elements"],
        ),
        (
            lambda F: F.conv2d(pyt.randn(1, 3, 5, 5).double(), pyt.randn(2, 3, 3, 3)),
            RuntimeError,
            ["Input type", "float64", "float32"],
        ),
        (
            lambda F: F.conv2d(pyt.randn(1, 3, 5, 5), pyt.randn(2, 3, 3, 3), stride=0),
            RuntimeError,
            ["non-positive stride"],
        ),
        (
            lambda F: F.conv2d(pyt.randn(1, 3, 5, 5), pyt.randn(2, 3, 3, 3), padding="full"),
            RuntimeError,
            ["Invalid padding string"],
        ),
        (
            lambda F: F.conv_transpose2d(
                pyt.randn(1, 3, 2, 2), pyt.randn(3, 2, 3, 3), stride=2, output_padding=2
            ),
            RuntimeError,
            ["output padding must be smaller than either stride or dilation"],
        ),
        (
            lambda F: F.conv_transpose2d(pyt.randn(1, 4, 2, 2), pyt.randn(3, 2, 3, 3)),
            RuntimeError,
            [
                "Given transposed=1, weight of size [3, 2, 3, 3], expected input[1, 4, 2, 2] to have 3 channels"
            ],
        ),
        (
            lambda F: F.avg_pool2d(pyt.randn(1, 3, 4, 4), 3, padding=2),
            RuntimeError,
            ["avg_pool2d", "pad should be at most half"],
        ),
        (
            lambda F: F.max_pool2d(pyt.randn(1, 3, 2, 2), 3),
            RuntimeError,
            ["max_pool2d", "Output size is too small"],
        ),
        (
            lambda F: F.max_pool1d(pyt.randn(3, 4, 5, 5), 2),
            RuntimeError,
            ["max_pool1d", "2D or 3D"],
        ),
        (
            lambda F: F.adaptive_avg_pool2d(pyt.randn(2, 0, 4), 2),
            RuntimeError,
            ["non-batch dimension"],
        ),
        (
            lambda F: F.pad(pyt.randn(2, 3, 6, 6), (1, 1), mode="reflect"),
            NotImplementedError,
            ["Padding size 2 is not supported for 4D input tensor"],
        ),
        (
            lambda F: F.pad(pyt.randn(1, 2, 3), (3, 0), mode="reflect"),
            RuntimeError,
            ["Padding size should be less than the corresponding input dimension"],
        ),
        (lambda F: F.pad(pyt.randn(1, 2, 3), (1, 1, 1)), RuntimeError, ["divisible by 2"]),
        (lambda F: F.pad(pyt.randn(1, 2, 3), (-2, -2)), RuntimeError, ["negative output size"]),
        (
            lambda F: F.interpolate(pyt.randn(1, 3, 2, 2), scale_factor=2, mode="linear"),
            NotImplementedError,
            ["Got 4D input, but linear mode needs 3D input"],
        ),
        (
            lambda F: F.interpolate(pyt.randn(1, 3, 2, 2), size=4, scale_factor=2),
            ValueError,
            ["only one of size or scale_factor"],
        ),
        (
            lambda F: F.interpolate(pyt.randn(1, 3, 2, 2), scale_factor=2, align_corners=True),
            ValueError,
            ["align_corners option can only be set"],
        ),
        (
            lambda F: F.pixel_shuffle(pyt.randn(1, 3, 2, 2), 2),
            RuntimeError,
            ["divisible by the square"],
        ),
        (lambda F: F.fold(pyt.randn(1, 12, 5), (4, 5), 2), RuntimeError, ["sliding blocks"]),
        (lambda F: F.unfold(pyt.randn(1, 2, 2, 2), 3), RuntimeError, ["sliding blocks"]),
    ],
)
def test_errors_like_torch(call, exc, words):
    with pytest.raises(exc) as ei:
        call(pyt.nn.functional)
    for w in words:
        assert w in str(ei.value), (w, str(ei.value))

    # torch rejects the same call with the same exception type
    def to_torch(F):
        return call(_TorchShim(F))

    with pytest.raises(exc):
        to_torch(torch.nn.functional)


class _TorchShim:
    """Runs a pyt-written call against torch by converting pyt tensors on the way in."""

    def __init__(self, F):
        self.F = F

    def __getattr__(self, name):
        f = getattr(self.F, name)

        def call(*a, **k):
            conv = lambda v: torch.tensor(v.numpy()) if isinstance(v, pyt.Tensor) else v  # noqa: E731
            return f(*[conv(v) for v in a], **{n: conv(v) for n, v in k.items()})

        return call


POOL_CASES = [
    (lambda nn: nn.MaxPool1d(3, stride=2, padding=1), (2, 3, 11)),
    (lambda nn: nn.MaxPool2d((3, 2), stride=(2, 1), dilation=(1, 2), ceil_mode=True), (2, 3, 9, 8)),
    (lambda nn: nn.AvgPool1d(4, stride=3, padding=2, count_include_pad=False), (2, 3, 11)),
    (
        lambda nn: nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, divisor_override=5),
        (2, 3, 8, 9),
    ),
    (lambda nn: nn.AdaptiveAvgPool1d(4), (2, 3, 11)),
    (lambda nn: nn.AdaptiveAvgPool2d((None, 3)), (2, 3, 5, 11)),
    (lambda nn: nn.AdaptiveMaxPool2d((3, 5)), (2, 3, 7, 11)),
    (lambda nn: nn.AdaptiveMaxPool1d(4), (2, 3, 11)),
    (lambda nn: nn.ReflectionPad2d((1, 2, 3, 0)), (2, 3, 5, 4)),
    (lambda nn: nn.ReplicationPad2d(2), (2, 3, 5, 4)),
    (lambda nn: nn.ReplicationPad1d((3, 1)), (2, 3, 5)),
    (lambda nn: nn.ReflectionPad1d(2), (3, 5)),
    (lambda nn: nn.ReflectionPad3d(1), (1, 2, 3, 3, 3)),
    (lambda nn: nn.CircularPad2d((1, 2, 2, 1)), (2, 3, 5, 4)),
    (lambda nn: nn.ZeroPad2d((1, 0, 2, 3)), (2, 3, 5, 4)),
    (lambda nn: nn.ConstantPad1d(2, 0.5), (2, 3, 5)),
    (lambda nn: nn.ConstantPad2d((1, -1, 0, 2), -1.0), (2, 3, 5, 4)),
    (lambda nn: nn.Upsample(scale_factor=2, mode="nearest"), (2, 3, 5, 4)),
    (lambda nn: nn.Upsample(size=(7, 3), mode="bilinear"), (2, 3, 5, 4)),
    (
        lambda nn: nn.Upsample(scale_factor=(1.5, 2.5), mode="bicubic", align_corners=True),
        (2, 3, 5, 4),
    ),
    (lambda nn: nn.Upsample(scale_factor=3, mode="linear"), (2, 3, 5)),
    (lambda nn: nn.UpsamplingBilinear2d(scale_factor=2), (1, 2, 3, 4)),
    (lambda nn: nn.UpsamplingNearest2d(size=5), (1, 2, 3, 4)),
    (lambda nn: nn.PixelShuffle(2), (2, 8, 3, 4)),
    (lambda nn: nn.PixelUnshuffle(2), (2, 2, 4, 6)),
    (lambda nn: nn.Unfold((2, 3), dilation=(2, 1), padding=1, stride=2), (2, 3, 7, 8)),
    (lambda nn: nn.Fold((5, 6), (2, 3), padding=1, stride=(1, 2)), (2, 12, 18)),
]


@pytest.mark.parametrize("make,shape", POOL_CASES)
def test_parameter_free_layers_match_torch(make, shape):
    p, t = make(pyt.nn), make(torch.nn)
    assert repr(p) == repr(t)
    _check_module(p, t, shape, tol=1e-5)


def test_pool_return_indices_match_torch():
    x = RNG.permutation(2 * 3 * 7 * 9).reshape(2, 3, 7, 9).astype(np.float32)
    for make in (
        lambda nn: nn.MaxPool2d(3, stride=2, padding=1, return_indices=True),
        lambda nn: nn.AdaptiveMaxPool2d(3, return_indices=True),
        lambda nn: nn.MaxPool1d(3, stride=2, return_indices=True),
        lambda nn: nn.AdaptiveMaxPool1d(5, return_indices=True),
    ):
        xx = x if "1d" not in repr(make(torch.nn)) else x.reshape(2, 3, 63)
        (vp, ip), (vt, it) = make(pyt.nn)(pyt.tensor(xx)), make(torch.nn)(torch.tensor(xx))
        np.testing.assert_array_equal(vp.numpy(), vt.numpy())
        np.testing.assert_array_equal(ip.numpy(), it.numpy())


def test_conv_deterministic_across_threads():
    x = pyt.tensor(RNG.standard_normal((9, 4, 13, 11)).astype(np.float32), requires_grad=True)
    w = pyt.tensor(RNG.standard_normal((6, 2, 3, 3)).astype(np.float32), requires_grad=True)
    before = pyt.get_num_threads()
    results = []
    try:
        for n in (1, 2, 3):
            pyt.set_num_threads(n)
            x.grad = None
            w.grad = None
            y = pyt.nn.functional.conv2d(x, w, stride=(1, 2), padding=1, groups=2)
            (y * y).sum().backward()
            results.append((y.detach().numpy(), x.grad.numpy(), w.grad.numpy()))
    finally:
        pyt.set_num_threads(before)
    for r in results[1:]:
        for a, b in zip(results[0], r):
            np.testing.assert_array_equal(a, b)


def test_conv_double_backward_wrt_input_path():
    # The input gradient is itself a (transposed) convolution recorded in the graph.
    x = pyt.tensor(RNG.standard_normal((2, 3, 5, 5)), requires_grad=True)
    w = pyt.tensor(RNG.standard_normal((4, 3, 3, 3)))
    xt = torch.tensor(x.detach().numpy(), requires_grad=True)
    wt = torch.tensor(w.numpy())
    gp = pyt.autograd.grad(
        pyt.nn.functional.conv2d(x, w, padding=1).pow(2).sum(), x, create_graph=True
    )[0]
    gt = torch.autograd.grad(
        torch.nn.functional.conv2d(xt, wt, padding=1).pow(2).sum(), xt, create_graph=True
    )[0]
    (ggp,) = pyt.autograd.grad(gp.sum(), x)
    (ggt,) = torch.autograd.grad(gt.sum(), xt)
    np.testing.assert_allclose(ggp.numpy(), ggt.numpy(), rtol=1e-10, atol=1e-10)


def test_state_dict_from_torch_loads_and_matches():
    def make(nn):
        return nn.Sequential(
            nn.Conv2d(1, 4, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(4, 8, 3),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
            nn.Linear(8, 3),
        )

    p, t = _pair_modules(make)
    assert list(p.state_dict().keys()) == list(t.state_dict().keys())
    _check_module(p, t, (4, 1, 12, 12))


DOUBLE_BACKWARD = [
    ("conv2d", lambda F, x, w: F.conv2d(x, w, padding=1, stride=(2, 1), groups=2), (2, 4, 6, 5), (6, 2, 3, 3)),
    ("conv1d", lambda F, x, w: F.conv1d(x, w, dilation=2), (2, 3, 9), (4, 3, 3)),
    ("conv_transpose2d", lambda F, x, w: F.conv_transpose2d(x, w, stride=2, output_padding=1), (1, 3, 4, 3),
     (3, 2, 3, 3)),
    ("max_pool2d", lambda F, x, w: F.max_pool2d(x * w.sum(), 3, 2, 1), (2, 3, 7, 6), (2,)),
    ("avg_pool2d", lambda F, x, w: F.avg_pool2d(x * w.sum(), 3, 2, 1, count_include_pad=False), (2, 3, 7, 6),
     (2,)),
    ("adaptive_avg_pool2d", lambda F, x, w: F.adaptive_avg_pool2d(x * w.sum(), (3, 2)), (2, 3, 7, 6), (2,)),
    ("adaptive_max_pool2d", lambda F, x, w: F.adaptive_max_pool2d(x * w.sum(), (3, 2)), (2, 3, 7, 6), (2,)),
    ("reflect", lambda F, x, w: F.pad(x * w.sum(), (1, 2, 2, 1), mode="reflect"), (2, 3, 4, 5), (2,)),
    ("circular", lambda F, x, w: F.pad(x * w.sum(), (1, 2), mode="circular"), (2, 3, 5), (2,)),
    ("bilinear", lambda F, x, w: F.interpolate(x * w.sum(), scale_factor=1.5, mode="bilinear"), (1, 2, 4, 5),
     (2,)),
    ("bicubic", lambda F, x, w: F.interpolate(x * w.sum(), size=(5, 3), mode="bicubic", align_corners=True),
     (1, 2, 4, 5), (2,)),
    ("nearest", lambda F, x, w: F.interpolate(x * w.sum(), size=7), (1, 2, 5), (2,)),
    ("unfold", lambda F, x, w: F.unfold(x * w.sum(), 2, padding=1), (1, 2, 4, 5), (2,)),
]


@pytest.mark.parametrize("name,f,xs,ws", DOUBLE_BACKWARD, ids=[c[0] for c in DOUBLE_BACKWARD])
def test_double_backward_matches_torch(name, f, xs, ws):
    """Second derivatives through the backward formulas (create_graph=True), as torch (float64)."""
    rng = np.random.default_rng(7)
    if name.startswith("max") or name.startswith("adaptive_max"):
        x = rng.permutation(int(np.prod(xs))).reshape(xs) * 0.1
    else:
        x = rng.standard_normal(xs)
    w = rng.standard_normal(ws)
    res = {}
    for lib in (pyt, torch):
        xt = lib.tensor(x, requires_grad=True)
        wt = lib.tensor(w, requires_grad=True)
        out = f(lib.nn.functional, xt, wt)
        v = lib.tensor(np.random.default_rng(8).standard_normal(tuple(out.shape)))
        gx, gw = lib.autograd.grad((out * v).sum(), (xt, wt), create_graph=True)
        u = lib.tensor(np.random.default_rng(9).standard_normal(tuple(gx.shape)))
        uw = lib.tensor(np.random.default_rng(10).standard_normal(tuple(gw.shape)))
        second = (gx * gx * u).sum() + (gw * gw * uw).sum()
        ggx, ggw = lib.autograd.grad(second, (xt, wt), allow_unused=True)
        ggx = np.zeros(xs) if ggx is None else ggx.numpy()
        ggw = np.zeros(ws) if ggw is None else ggw.numpy()
        res[lib.__name__] = (gx.detach().numpy(), gw.detach().numpy(), ggx, ggw)
    for a, b in zip(res["pyt"], res["torch"]):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9)


def test_integer_max_pool_and_dtype_errors():
    x = RNG.integers(-50, 50, size=(2, 3, 7, 6)).astype(np.int64)
    vp, ip = pyt.nn.functional.max_pool2d(pyt.tensor(x), 3, 2, 1, return_indices=True)
    vt, it = torch.nn.functional.max_pool2d(torch.tensor(x), 3, 2, 1, return_indices=True)
    assert vp.dtype == pyt.int64
    np.testing.assert_array_equal(vp.numpy(), vt.numpy())
    np.testing.assert_array_equal(ip.numpy(), it.numpy())
    for call in (
        lambda L: L.nn.functional.adaptive_max_pool2d(L.ones(1, 2, 4, 4).long(), 2),
        lambda L: L.nn.functional.max_pool1d(L.ones(1, 2, 4).long(), 2),
        lambda L: L.nn.functional.avg_pool2d(L.ones(1, 2, 4, 4).bool(), 2),
    ):
        with pytest.raises((NotImplementedError, RuntimeError)):
            call(torch)
        with pytest.raises(NotImplementedError, match="not implemented for"):
            call(pyt)


def test_empty_batches_match_torch():
    F_p, F_t = pyt.nn.functional, torch.nn.functional
    for name, f, shapes in [
        ("max_pool2d", lambda F, a: F.max_pool2d(a, 2), [(0, 3, 4, 4)]),
        ("avg_pool2d", lambda F, a: F.avg_pool2d(a, 2), [(0, 3, 4, 4)]),
        ("adaptive_avg_pool2d", lambda F, a: F.adaptive_avg_pool2d(a, 3), [(0, 3, 4, 4)]),
        ("pad", lambda F, a: F.pad(a, (1, 2), mode="reflect"), [(0, 3, 4)]),
        ("interpolate", lambda F, a: F.interpolate(a, scale_factor=2, mode="bilinear"), [(0, 3, 4, 4)]),
        ("unfold", lambda F, a: F.unfold(a, 2), [(0, 3, 4, 4)]),
        ("conv_transpose2d", lambda F, a, w: F.conv_transpose2d(a, w), [(0, 3, 4, 4), (3, 2, 3, 3)]),
        ("conv3d", lambda F, a, w: F.conv3d(a, w), [(0, 3, 4, 4, 4), (2, 3, 3, 3, 3)]),
    ]:
        arrs = [RNG.standard_normal(s).astype(np.float32) for s in shapes]
        tp = [pyt.tensor(a, requires_grad=True) for a in arrs]
        tt = [torch.tensor(a, requires_grad=True) for a in arrs]
        op, ot = f(F_p, *tp), f(F_t, *tt)
        assert tuple(op.shape) == tuple(ot.shape), name
        op.sum().backward()
        ot.sum().backward()
        for a, b in zip(tp, tt):
            np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), err_msg=name)
    with pytest.raises(RuntimeError, match="at least one"):
        F_p.conv2d(pyt.randn(1, 2, 4, 4), pyt.randn(0, 2, 3, 3))
    with pytest.raises(NotImplementedError):
        F_p.interpolate(pyt.randn(2, 7), scale_factor=2)


_DETERMINISM_SCRIPT = r"""
import sys
import numpy as np
import pyt

pyt.set_num_threads(int(sys.argv[1]))
F = pyt.nn.functional
x0 = np.random.default_rng(0).standard_normal((4, 3, 17, 15)).astype(np.float32)
calls = [
    lambda x: F.interpolate(x, scale_factor=1.7, mode="bicubic"),
    lambda x: F.pad(x, (3, 2, 1, 4), mode="reflect"),
    lambda x: F.avg_pool2d(x, 3, 2, 1),
    lambda x: F.adaptive_avg_pool2d(x, (5, 7)),
    lambda x: F.max_pool2d(x, 3, 2, 1),
    lambda x: F.fold(F.unfold(x, 3, padding=1), (17, 15), 3, padding=1),
    lambda x: F.conv_transpose2d(x, pyt.ones(3, 2, 3, 3), stride=2),
]
out = {}
for i, call in enumerate(calls):
    x = pyt.tensor(x0, requires_grad=True)
    y = call(x)
    (y * y).sum().backward()
    out[f"y{i}"] = y.detach().numpy()
    out[f"g{i}"] = x.grad.numpy()
np.savez(sys.argv[2], **out)
"""


def test_kernels_deterministic_across_threads(tmp_path):
    """Pooling, padding, resampling, fold and transposed-conv results and gradients are
    bitwise equal for 1, 2 and 3 threads (one process per thread count)."""
    import subprocess
    import sys

    script = tmp_path / "det.py"
    script.write_text(_DETERMINISM_SCRIPT)
    results = []
    for n in (1, 2, 3):
        path = tmp_path / f"out{n}.npz"
        subprocess.run([sys.executable, str(script), str(n), str(path)], check=True, timeout=300)
        results.append(np.load(path))
    for r in results[1:]:
        for k in results[0].files:
            np.testing.assert_array_equal(r[k], results[0][k], err_msg=k)
