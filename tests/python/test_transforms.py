"""pyt.vision.transforms: shapes, dtypes, value ranges, determinism under pyt.manual_seed, and
values against hand-computed results, numpy references of the same formulas, and torch ops
that torchvision's tensor code calls (F.interpolate, F.pad, F.grid_sample). torchvision itself
is not installed (and must not be)."""

import math
import subprocess
import sys

import numpy as np
import pyt
import pytest
import torch
import torch.nn.functional as F
from pyt.vision import transforms as T

RNG = np.random.default_rng(1234)


def img(shape, dtype=np.float32, seed=0):
    g = np.random.default_rng(seed)
    if np.dtype(dtype) == np.uint8:
        return g.integers(0, 256, size=shape, dtype=np.uint8)
    return g.random(shape).astype(dtype)


def P(a):
    """A pyt tensor with a copy of numpy array a."""
    return pyt.from_numpy(np.ascontiguousarray(a).copy())


def N(t):
    return t.detach().numpy() if isinstance(t, pyt.Tensor) else np.asarray(t)


def test_import_pyt_vision_does_not_import_numpy():
    code = ("import sys, pyt, pyt.vision, pyt.vision.transforms, pyt.optim.lr_scheduler; "
            "assert 'numpy' not in sys.modules, 'numpy imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


# ----------------------------------------------------------------------------------------------
# ToTensor
# ----------------------------------------------------------------------------------------------

# (id, numpy input, expected dtype, expected values (C, H, W) as numpy)
def _u8():
    return img((4, 5, 3), np.uint8)


TO_TENSOR = [
    ("uint8-hwc", _u8(), pyt.float32,
     _u8().transpose(2, 0, 1).astype(np.float32) / np.float32(255)),
    ("uint8-hw", _u8()[:, :, 0], pyt.float32,
     _u8()[None, :, :, 0].astype(np.float32) / np.float32(255)),
    ("float32-kept", img((3, 2, 2)), pyt.float32, img((3, 2, 2)).transpose(2, 0, 1)),
    ("float64-kept", img((2, 3, 1), np.float64), pyt.float64,
     img((2, 3, 1), np.float64).transpose(2, 0, 1)),
    ("int32-kept", np.arange(12, dtype=np.int32).reshape(2, 2, 3), pyt.int32,
     np.arange(12, dtype=np.int32).reshape(2, 2, 3).transpose(2, 0, 1)),
    ("uint16-to-int32", np.array([[[65535]]], dtype=np.uint16), pyt.int32,
     np.array([[[65535]]], dtype=np.int32)),
    ("non-contiguous", _u8()[:, ::2], pyt.float32,
     _u8()[:, ::2].transpose(2, 0, 1).astype(np.float32) / np.float32(255)),
]


@pytest.mark.parametrize("row", TO_TENSOR, ids=[r[0] for r in TO_TENSOR])
def test_to_tensor_numpy(row):
    _, arr, dtype, expected = row
    out = T.ToTensor()(arr)
    assert isinstance(out, pyt.Tensor) and out.dtype == dtype
    np.testing.assert_array_equal(N(out), expected)
    if dtype == pyt.float32 and arr.dtype == np.uint8:
        assert 0.0 <= float(out.min()) and float(out.max()) <= 1.0


def test_to_tensor_pil():
    Image = pytest.importorskip("PIL.Image")
    rgb = _u8()
    cases = [
        (Image.fromarray(rgb, mode="RGB"), rgb.transpose(2, 0, 1) / np.float32(255), pyt.float32),
        (Image.fromarray(rgb[:, :, 0], mode="L"), rgb[None, :, :, 0] / np.float32(255),
         pyt.float32),
        (Image.fromarray(rgb[:, :, 0] > 127).convert("1"),
         (rgb[None, :, :, 0] > 127).astype(np.float32), pyt.float32),
        (Image.fromarray(img((4, 5)), mode="F"), img((4, 5))[None], pyt.float32),
        (Image.fromarray(np.arange(20, dtype=np.int32).reshape(4, 5) * 1000, mode="I"),
         np.arange(20).reshape(1, 4, 5) * 1000, pyt.int32),
    ]
    for pic, expected, dtype in cases:
        out = T.ToTensor()(pic)
        assert out.dtype == dtype, pic.mode
        np.testing.assert_allclose(N(out), expected.astype(np.float64), rtol=0, atol=0,
                                   err_msg=pic.mode)


def test_to_tensor_errors():
    with pytest.raises(TypeError, match="pic should be PIL Image or ndarray"):
        T.ToTensor()([[1, 2]])
    with pytest.raises(TypeError, match="pic should be PIL Image or ndarray"):
        T.ToTensor()(pyt.zeros(3, 2, 2))
    with pytest.raises(ValueError, match="2/3 dimensional. Got 4"):
        T.ToTensor()(np.zeros((1, 2, 2, 3), np.uint8))
    assert repr(T.ToTensor()) == "ToTensor()"


# ----------------------------------------------------------------------------------------------
# Normalize
# ----------------------------------------------------------------------------------------------

# (id, shape, numpy dtype, mean, std)
NORMALIZE = [
    ("chw", (3, 4, 5), np.float32, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ("nchw", (2, 3, 4, 5), np.float32, (0.5, 0.25, 0.0), (0.5, 2.0, 1.0)),
    ("one-channel", (1, 3, 3), np.float32, [0.1307], [0.3081]),
    ("float64", (3, 2, 2), np.float64, [0.1, 0.2, 0.3], [1.5, 2.5, 3.5]),
    ("scalar-mean", (3, 2, 2), np.float32, 0.5, [0.5, 0.5, 0.5]),
    ("broadcast-one", (4, 2, 2), np.float32, [0.5], [0.2]),
    ("empty", (3, 0, 4), np.float32, [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]),
]


@pytest.mark.parametrize("row", NORMALIZE, ids=[r[0] for r in NORMALIZE])
def test_normalize_exact(row):
    _, shape, dtype, mean, std = row
    x = img(shape, dtype)
    m = np.asarray(mean, dtype=dtype)
    s = np.asarray(std, dtype=dtype)
    if m.ndim == 1:
        m = m[:, None, None]
    if s.ndim == 1:
        s = s[:, None, None]
    expected = (x - m) / s  # the same IEEE ops in the same dtype
    tref = (torch.from_numpy(x) - torch.as_tensor(mean, dtype=torch.from_numpy(x).dtype).reshape(
        m.shape)) / torch.as_tensor(std, dtype=torch.from_numpy(x).dtype).reshape(s.shape)
    out = T.Normalize(mean, std)(P(x))
    assert out.dtype == pyt.from_numpy(x).dtype and tuple(out.shape) == shape
    np.testing.assert_array_equal(N(out), expected)
    np.testing.assert_array_equal(N(out), tref.numpy())
    # numpy in, numpy out, input untouched
    xn = x.copy()
    out_np = T.Normalize(mean, std)(xn)
    assert isinstance(out_np, np.ndarray)
    np.testing.assert_array_equal(out_np, expected)
    np.testing.assert_array_equal(xn, x)


def test_normalize_inplace():
    x = img((3, 4, 4))
    expected = (x - np.float32(0.5)) / np.float32(0.25)
    t = P(x)
    out = T.Normalize([0.5] * 3, [0.25] * 3, inplace=True)(t)
    assert out is t
    np.testing.assert_array_equal(N(t), expected)
    xn = x.copy()
    out = T.Normalize([0.5] * 3, [0.25] * 3, inplace=True)(xn)
    assert out is xn
    np.testing.assert_array_equal(xn, expected)
    xt = np.ascontiguousarray(x.transpose(0, 2, 1)).transpose(0, 2, 1)  # not C-contiguous
    out = T.Normalize([0.5] * 3, [0.25] * 3, inplace=True)(xt)
    assert out is xt
    np.testing.assert_array_equal(xt, expected)
    # not in place: the input is unchanged
    t = P(x)
    T.Normalize([0.5] * 3, [0.25] * 3)(t)
    np.testing.assert_array_equal(N(t), x)


def test_normalize_autograd():
    x = P(img((3, 2, 2))).requires_grad_(True)
    T.Normalize([0.0] * 3, [2.0, 4.0, 8.0])(x).sum().backward()
    np.testing.assert_array_equal(N(x.grad)[:, 0, 0], [0.5, 0.25, 0.125])


NORMALIZE_ERRORS = [
    ("int-tensor", lambda: T.Normalize([0.5], [0.5])(pyt.zeros(1, 2, 2, dtype=pyt.uint8)),
     TypeError, "should be a float tensor"),
    ("2d", lambda: T.Normalize([0.5], [0.5])(pyt.zeros(2, 2)), ValueError, "(..., C, H, W)"),
    ("1d", lambda: T.Normalize([0.5], [0.5])(pyt.zeros(2)), TypeError, "tensor image"),
    ("zero-std", lambda: T.Normalize([0.5, 0.5], [0.5, 0.0])(pyt.zeros(2, 2, 2)), ValueError,
     "std evaluated to zero"),
    ("std-underflows", lambda: T.Normalize([0.0], [1e-50])(pyt.zeros(1, 2, 2)), ValueError,
     "std evaluated to zero"),
    ("not-an-image", lambda: T.Normalize([0.5], [0.5])([[0.0]]), TypeError,
     "pyt Tensor or a numpy array"),
    ("numpy-dtype", lambda: T.Normalize([0.5], [0.5])(np.zeros((1, 2, 2), np.complex64)),
     TypeError, "got dtype complex64"),
]


@pytest.mark.parametrize("row", NORMALIZE_ERRORS, ids=[r[0] for r in NORMALIZE_ERRORS])
def test_normalize_errors(row):
    _, fn, exc, match = row
    with pytest.raises(exc) as info:
        fn()
    assert match in str(info.value)


# ----------------------------------------------------------------------------------------------
# CenterCrop
# ----------------------------------------------------------------------------------------------


def center_crop_ref(x, ch, cw):
    """numpy version of torchvision's rule: zero-pad to the box, then the rounded center."""
    h, w = x.shape[-2:]
    if ch > h or cw > w:
        pt, pb = ((ch - h) // 2, (ch - h + 1) // 2) if ch > h else (0, 0)
        pl, pr = ((cw - w) // 2, (cw - w + 1) // 2) if cw > w else (0, 0)
        x = np.pad(x, [(0, 0)] * (x.ndim - 2) + [(pt, pb), (pl, pr)])
        h, w = x.shape[-2:]
    top, left = round((h - ch) / 2.0), round((w - cw) / 2.0)
    return x[..., top:top + ch, left:left + cw]


# (id, shape, size, expected (h, w))
CENTER_CROP = [
    ("square", (3, 8, 8), 4, (4, 4)),
    ("rect", (3, 7, 10), (3, 5), (3, 5)),
    ("one-seq", (1, 6, 9), [4], (4, 4)),
    ("half-to-even", (1, 5, 5), 2, (2, 2)),  # (5 - 2) / 2 = 1.5 rounds to 2
    ("half-to-even-0.5", (1, 3, 4), (2, 3), (2, 3)),  # 0.5 rounds to 0
    ("batch", (2, 3, 9, 9), 5, (5, 5)),
    ("2d", (6, 6), 3, (3, 3)),
    ("pad-both", (2, 3, 3), 6, (6, 6)),
    ("pad-one-side", (1, 4, 10), (7, 5), (7, 5)),
    ("same", (3, 4, 4), 4, (4, 4)),
]


@pytest.mark.parametrize("row", CENTER_CROP, ids=[r[0] for r in CENTER_CROP])
@pytest.mark.parametrize("dtype", [np.float32, np.uint8])
def test_center_crop(row, dtype):
    _, shape, size, hw = row
    x = img(shape, dtype)
    out = T.CenterCrop(size)(P(x))
    assert tuple(out.shape) == shape[:-2] + hw
    assert out.dtype == pyt.from_numpy(x).dtype
    np.testing.assert_array_equal(N(out), center_crop_ref(x, *hw))
    out_np = T.CenterCrop(size)(x)
    assert isinstance(out_np, np.ndarray)
    np.testing.assert_array_equal(out_np, center_crop_ref(x, *hw))


def test_center_crop_by_hand():
    x = pyt.arange(16.0).reshape(1, 4, 4)
    assert N(T.CenterCrop(2)(x)).tolist() == [[[5.0, 6.0], [9.0, 10.0]]]
    # top = round(3 / 2) = 2 and left = round(1 / 2) = 0 (half to even, as torchvision)
    assert N(T.CenterCrop((1, 3))(x)).tolist() == [[[8.0, 9.0, 10.0]]]
    y = pyt.ones(1, 1, 1)
    assert N(T.CenterCrop(3)(y)).tolist() == [[[0, 0, 0], [0, 1, 0], [0, 0, 0]]]


def test_center_crop_errors():
    with pytest.raises(ValueError, match="only two dimensions"):
        T.CenterCrop((1, 2, 3))
    with pytest.raises(TypeError, match="tensor image"):
        T.CenterCrop(2)(pyt.zeros(3))
    assert repr(T.CenterCrop(3)) == "CenterCrop(size=(3, 3))"


# ----------------------------------------------------------------------------------------------
# RandomHorizontalFlip
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(3, 4, 5), (2, 3, 2, 7), (4, 1), (1, 3, 0)])
def test_hflip_exact(shape):
    x = img(shape)
    out = T.RandomHorizontalFlip(p=1.0)(P(x))
    np.testing.assert_array_equal(N(out), x[..., ::-1])
    np.testing.assert_array_equal(T.RandomHorizontalFlip(p=1.0)(x), x[..., ::-1])
    t = P(x)
    assert T.RandomHorizontalFlip(p=0.0)(t) is t


def test_hflip_uses_pyt_rng():
    flip = T.RandomHorizontalFlip(p=0.5)
    x = pyt.tensor([[[1.0, 2.0]]])
    pyt.manual_seed(7)
    got = [N(flip(x))[0, 0, 0] == 2.0 for _ in range(40)]
    pyt.manual_seed(7)
    draws = [float(pyt.rand(1)) < 0.5 for _ in range(40)]
    assert got == draws
    assert 5 < sum(got) < 35
    x = pyt.tensor([[[1.0, 2.0]]], requires_grad=True)
    T.RandomHorizontalFlip(p=1.0)(x).mul(pyt.tensor([1.0, 10.0])).sum().backward()
    assert N(x.grad).tolist() == [[[10.0, 1.0]]]
    assert repr(flip) == "RandomHorizontalFlip(p=0.5)"


# ----------------------------------------------------------------------------------------------
# RandomCrop and padding
# ----------------------------------------------------------------------------------------------

NP_MODE = {"constant": "constant", "edge": "edge", "reflect": "reflect", "symmetric": "symmetric"}


def pad_ref(x, padding, mode, fill=0):
    if isinstance(padding, int):
        padding = [padding]
    if len(padding) == 1:
        left = right = top = bottom = padding[0]
    elif len(padding) == 2:
        left = right = padding[0]
        top = bottom = padding[1]
    else:
        left, top, right, bottom = padding
    width = [(0, 0)] * (x.ndim - 2) + [(top, bottom), (left, right)]
    if mode == "constant":
        return np.pad(x, width, mode="constant", constant_values=fill)
    return np.pad(x, width, mode=NP_MODE[mode])


# (id, shape, size, kwargs)
RANDOM_CROP = [
    ("plain", (3, 10, 12), 6, {}),
    ("rect", (3, 10, 12), (4, 9), {}),
    ("full", (3, 5, 5), 5, {}),
    ("padding-int", (3, 8, 8), 8, dict(padding=2)),
    ("padding-2", (1, 8, 6), (9, 9), dict(padding=(2, 1))),
    ("padding-4-fill", (3, 6, 6), 7, dict(padding=(1, 2, 3, 0), fill=0.5)),
    ("edge", (2, 6, 6), 8, dict(padding=2, padding_mode="edge")),
    ("reflect", (2, 6, 6), 8, dict(padding=3, padding_mode="reflect")),
    ("symmetric", (2, 6, 6), 8, dict(padding=[3], padding_mode="symmetric")),
    ("pad-if-needed", (3, 4, 6), (8, 9), dict(pad_if_needed=True)),
    ("pad-if-needed-reflect", (3, 5, 4), (6, 6), dict(pad_if_needed=True, padding_mode="reflect")),
    ("batch", (2, 3, 9, 9), 4, dict(padding=1)),
]


@pytest.mark.parametrize("row", RANDOM_CROP, ids=[r[0] for r in RANDOM_CROP])
def test_random_crop_matches_replayed_draws(row):
    _, shape, size, kwargs = row
    x = img(shape)
    crop = T.RandomCrop(size, **kwargs)
    th, tw = crop.size
    pyt.manual_seed(3)
    out = crop(P(x))
    assert tuple(out.shape) == shape[:-2] + (th, tw)
    # the reference: pad with numpy, then draw the corner exactly as documented
    ref = x
    if "padding" in kwargs:
        ref = pad_ref(ref, kwargs["padding"], kwargs.get("padding_mode", "constant"),
                      kwargs.get("fill", 0))
    if kwargs.get("pad_if_needed"):
        mode = kwargs.get("padding_mode", "constant")
        if ref.shape[-1] < tw:
            ref = pad_ref(ref, [tw - ref.shape[-1], 0], mode)
        if ref.shape[-2] < th:
            ref = pad_ref(ref, [0, th - ref.shape[-2]], mode)
    h, w = ref.shape[-2:]
    pyt.manual_seed(3)
    if (h, w) == (th, tw):
        i = j = 0
    else:
        i = int(pyt.randint(0, h - th + 1, (1,)))
        j = int(pyt.randint(0, w - tw + 1, (1,)))
    np.testing.assert_array_equal(N(out), ref[..., i:i + th, j:j + tw].astype(np.float32))
    # numpy in, numpy out, same draw for the same seed
    pyt.manual_seed(3)
    np.testing.assert_array_equal(crop(x), N(out))


@pytest.mark.parametrize("mode,tmode", [("reflect", "reflect"), ("edge", "replicate")])
def test_padding_matches_torch_pad(mode, tmode):
    x = img((2, 5, 6))
    for padding in ([1, 2, 3, 4], [4, 0, 0, 4], [-1, 2, 0, -2]):
        left, top, right, bottom = padding
        expected = F.pad(torch.from_numpy(x)[None], (left, right, top, bottom),
                         mode=tmode)[0].numpy()
        np.testing.assert_array_equal(N(T._pad(P(x), padding, padding_mode=mode)), expected)
    expected = F.pad(torch.from_numpy(x), (2, 1, -1, 3), value=7.0).numpy()
    np.testing.assert_array_equal(N(T._pad(P(x), [2, -1, 1, 3], fill=7.0)), expected)


def test_padding_beyond_size_keeps_reflecting():
    row = pyt.tensor([[[1.0, 2.0, 3.0]]])
    assert N(T._pad(row, [5, 0], padding_mode="reflect"))[0, 0].tolist() == [
        2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2]
    assert N(T._pad(row, [4, 0], padding_mode="symmetric"))[0, 0].tolist() == [
        3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1]
    x = img((2, 3, 4))
    for mode in ("reflect", "symmetric", "edge"):
        np.testing.assert_array_equal(N(T._pad(P(x), [9, 7, 5, 11], padding_mode=mode)),
                                      pad_ref(x, [9, 7, 5, 11], mode), err_msg=mode)
    assert N(T._pad(pyt.ones(1, 1, 1), [2, 0], padding_mode="reflect")).tolist() == [[[1] * 5]]


def test_random_crop_determinism_and_coverage():
    x = P(np.arange(100, dtype=np.float32).reshape(1, 10, 10))
    crop = T.RandomCrop(3)
    pyt.manual_seed(11)
    a = [N(crop(x)) for _ in range(5)]
    pyt.manual_seed(11)
    b = [N(crop(x)) for _ in range(5)]
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    corners = {float(c[0, 0, 0]) for c in a + [N(crop(x)) for _ in range(30)]}
    assert len(corners) > 10
    assert all(c // 10 <= 7 and c % 10 <= 7 for c in corners)


RANDOM_CROP_ERRORS = [
    ("size-length", lambda: T.RandomCrop((1, 2, 3)), ValueError, "only two dimensions"),
    ("too-small", lambda: T.RandomCrop(5)(pyt.zeros(1, 4, 8)), ValueError,
     "Required crop size (5, 5) is larger than input image size (4, 8)"),
    ("padding-length", lambda: T.RandomCrop(2, padding=(1, 2, 3))(pyt.zeros(1, 4, 4)),
     ValueError, "1, 2, or 4 element tuple, not a 3 element"),
    ("padding-mode", lambda: T.RandomCrop(2, padding=1, padding_mode="wrap")(pyt.zeros(1, 4, 4)),
     ValueError, "constant, edge, reflect or symmetric"),
    ("padding-type", lambda: T.RandomCrop(2, padding=1.5)(pyt.zeros(1, 4, 4)), TypeError,
     "inappropriate padding arg"),
    ("fill-type", lambda: T.RandomCrop(2, padding=1, fill=(1, 2))(pyt.zeros(1, 4, 4)),
     TypeError, "inappropriate fill arg"),
    ("mode-type", lambda: T.RandomCrop(2, padding=1, padding_mode=0)(pyt.zeros(1, 4, 4)),
     TypeError, "inappropriate padding_mode arg"),
    ("not-image", lambda: T.RandomCrop(2)("img"), TypeError, "pyt Tensor or a numpy array"),
]


@pytest.mark.parametrize("row", RANDOM_CROP_ERRORS, ids=[r[0] for r in RANDOM_CROP_ERRORS])
def test_random_crop_errors(row):
    _, fn, exc, match = row
    with pytest.raises(exc) as info:
        fn()
    assert match in str(info.value)


# ----------------------------------------------------------------------------------------------
# Resize
# ----------------------------------------------------------------------------------------------


def bilinear_ref(x, oh, ow):
    """float64 numpy reference of the align_corners=False bilinear formula (separable)."""

    def axis(n_in, n_out):
        scale = n_in / n_out
        src = np.maximum((np.arange(n_out) + 0.5) * scale - 0.5, 0.0)
        i0 = np.minimum(np.floor(src).astype(int), n_in - 1)
        lam = src - i0
        i1 = np.minimum(i0 + 1, n_in - 1)
        m = np.zeros((n_out, n_in))
        np.add.at(m, (np.arange(n_out), i0), 1 - lam)
        np.add.at(m, (np.arange(n_out), i1), lam)
        return m

    mh, mw = axis(x.shape[-2], oh), axis(x.shape[-1], ow)
    return mh @ x.astype(np.float64) @ mw.T


def antialias_ref(x, oh, ow):
    """float64 numpy reference of the antialiased (triangle filter) resize."""

    def axis(n_in, n_out):
        scale = n_in / n_out
        support = scale if scale >= 1 else 1.0
        inv = 1 / scale if scale >= 1 else 1.0
        m = np.zeros((n_out, n_in))
        for i in range(n_out):
            center = scale * (i + 0.5)
            xmin = max(int(center - support + 0.5), 0)
            xmax = min(int(center + support + 0.5), n_in)
            for j in range(xmin, xmax):
                m[i, j] = max(0.0, 1 - abs((j - center + 0.5) * inv))
            m[i] /= m[i].sum()
        return m

    mh, mw = axis(x.shape[-2], oh), axis(x.shape[-1], ow)
    return mh @ x.astype(np.float64) @ mw.T


# (id, shape, size, expected (h, w))
RESIZE = [
    ("down", (3, 16, 12), (8, 6), (8, 6)),
    ("up", (3, 5, 7), (11, 13), (11, 13)),
    ("mixed", (1, 9, 20), (14, 7), (14, 7)),
    ("non-integer", (2, 10, 10), (7, 3), (7, 3)),
    ("width-only", (3, 6, 9), (6, 4), (6, 4)),
    ("to-one", (3, 5, 5), (1, 1), (1, 1)),
    ("from-one", (1, 1, 1), (3, 4), (3, 4)),
    ("batch", (2, 3, 12, 8), (5, 9), (5, 9)),
    ("2d", (8, 8), (3, 5), (3, 5)),
    ("four-channels", (4, 9, 9), (4, 13), (4, 13)),
    ("int-smaller-edge-h", (3, 10, 20), 5, (5, 10)),
    ("int-smaller-edge-w", (3, 21, 10), 4, (8, 4)),  # int(4 * 21 / 10) = 8
    ("one-seq", (3, 10, 15), [6], (6, 9)),
]


@pytest.mark.parametrize("row", RESIZE, ids=[r[0] for r in RESIZE])
@pytest.mark.parametrize("antialias", [False, True])
def test_resize_bilinear(row, antialias):
    _, shape, size, hw = row
    for dtype, tol in ((np.float32, 1e-6), (np.float64, 1e-12)):
        x = img(shape, dtype)
        out = T.Resize(size, antialias=antialias)(P(x))
        assert tuple(out.shape) == shape[:-2] + hw
        assert out.dtype == pyt.from_numpy(x).dtype
        ref = (antialias_ref if antialias else bilinear_ref)(x, *hw)
        np.testing.assert_allclose(N(out), ref, rtol=0, atol=tol)
        # torchvision's tensor resize is F.interpolate(align_corners=False) on (N, C, H, W)
        tx = torch.from_numpy(x.reshape((-1,) + x.shape[-3:]) if x.ndim >= 3 else x[None, None])
        texp = F.interpolate(tx, size=hw, mode="bilinear", align_corners=False,
                             antialias=antialias).numpy().reshape(shape[:-2] + hw)
        np.testing.assert_allclose(N(out), texp, rtol=0, atol=tol)
        lo, hi = x.min(), x.max()
        assert lo - tol <= N(out).min() and N(out).max() <= hi + tol


@pytest.mark.parametrize("row", RESIZE, ids=[r[0] for r in RESIZE])
def test_resize_nearest_exact(row):
    _, shape, size, hw = row
    x = img(shape)
    out = T.Resize(size, interpolation=T.InterpolationMode.NEAREST)(P(x))
    tx = torch.from_numpy(x.reshape((-1,) + x.shape[-3:]) if x.ndim >= 3 else x[None, None])
    texp = F.interpolate(tx, size=hw, mode="nearest").numpy().reshape(shape[:-2] + hw)
    np.testing.assert_array_equal(N(out), texp)


def test_resize_by_hand():
    x = pyt.tensor([[[0.0, 1.0], [2.0, 3.0]]])
    up = T.Resize((4, 4), antialias=False)(x)
    # src = (i + 0.5) / 2 - 0.5 -> 0, 0.25, 0.75, 1 (clamped)
    np.testing.assert_allclose(N(up)[0, 0], [0.0, 0.25, 0.75, 1.0])
    np.testing.assert_allclose(N(up)[0, :, 0], [0.0, 0.5, 1.5, 2.0])
    down = T.Resize((1, 1), antialias=False)(x)
    assert N(down).tolist() == [[[1.5]]]
    near = T.Resize(4, interpolation="nearest")(x)
    assert N(near)[0].tolist() == [[0, 0, 1, 1], [0, 0, 1, 1], [2, 2, 3, 3], [2, 2, 3, 3]]


def test_resize_dtypes_and_inputs():
    x8 = img((3, 9, 7), np.uint8)
    out = T.Resize((5, 4), antialias=False)(P(x8))
    assert out.dtype == pyt.uint8
    ref = np.rint(N(T.Resize((5, 4), antialias=False)(P(x8.astype(np.float32))))).astype(np.uint8)
    np.testing.assert_array_equal(N(out), ref)
    out16 = T.Resize((5, 4))(P(img((3, 9, 7), np.float16)))
    assert out16.dtype == pyt.float16
    # numpy in, numpy out
    xn = img((3, 9, 7))
    out_np = T.Resize((4, 4), antialias=False)(xn)
    assert isinstance(out_np, np.ndarray) and out_np.shape == (3, 4, 4)
    # an image of the target size comes back as is
    t = P(xn)
    assert T.Resize((9, 7))(t) is t
    assert T.Resize(7)(t) is t


def test_resize_max_size():
    x = pyt.zeros(1, 10, 40)
    assert tuple(T.Resize(8, max_size=20)(x).shape) == (1, 5, 20)  # 8x32 capped at 20
    assert tuple(T.Resize(8, max_size=40)(x).shape) == (1, 8, 32)
    assert tuple(T.Resize([8], max_size=20)(x).shape) == (1, 5, 20)


def test_resize_autograd_matches_torch():
    x = img((2, 6, 5))
    w = img((2, 4, 8), seed=1)
    px = P(x).requires_grad_(True)
    (T.Resize((4, 8), antialias=False)(px) * P(w)).sum().backward()
    tx = torch.from_numpy(x)[None].requires_grad_(True)
    (F.interpolate(tx, size=(4, 8), mode="bilinear", align_corners=False)[0]
     * torch.from_numpy(w)).sum().backward()
    np.testing.assert_allclose(N(px.grad), tx.grad[0].numpy(), rtol=0, atol=1e-6)


def test_interpolation_argument():
    assert T.Resize(4, interpolation="bilinear").interpolation is T.InterpolationMode.BILINEAR
    assert T.Resize(4, interpolation=0).interpolation is T.InterpolationMode.NEAREST
    assert T.Resize(4, interpolation=2).interpolation is T.InterpolationMode.BILINEAR
    assert repr(T.Resize(4)) == (
        "Resize(size=4, interpolation=bilinear, max_size=None, antialias=True)")


RESIZE_ERRORS = [
    ("size-type", lambda: T.Resize(2.5), TypeError, "Size should be int or sequence"),
    ("size-length", lambda: T.Resize((1, 2, 3)), ValueError, "should have 1 or 2 values"),
    ("interp-type", lambda: T.Resize(2, interpolation=1.5), TypeError,
     "InterpolationMode or a corresponding Pillow"),
    ("interp-name", lambda: T.Resize(2, interpolation="cubic"), TypeError, "InterpolationMode"),
    ("bicubic", lambda: T.Resize(2, interpolation=T.InterpolationMode.BICUBIC)(pyt.zeros(1, 4, 4)),
     NotImplementedError, "bicubic is not implemented"),
    ("max-size-with-pair", lambda: T.Resize((2, 3), max_size=5)(pyt.zeros(1, 4, 4)), ValueError,
     "max_size should only be passed"),
    ("max-size-too-small", lambda: T.Resize(8, max_size=8)(pyt.zeros(1, 4, 4)), ValueError,
     "max_size = 8 must be strictly greater"),
    ("1d", lambda: T.Resize(2)(pyt.zeros(4)), TypeError, "tensor image of shape (..., H, W)"),
    ("not-image", lambda: T.Resize(2)([1, 2]), TypeError, "pyt Tensor or a numpy array"),
]


@pytest.mark.parametrize("row", RESIZE_ERRORS, ids=[r[0] for r in RESIZE_ERRORS])
def test_resize_errors(row):
    _, fn, exc, match = row
    with pytest.raises(exc) as info:
        fn()
    assert match in str(info.value)


# ----------------------------------------------------------------------------------------------
# RandomRotation
# ----------------------------------------------------------------------------------------------


def torchvision_rotate_ref(x, angle, expand=False, center=None, fill=(0.0,)):
    """torchvision's tensor F.rotate (nearest) written with torch ops: affine grid of pixel
    centers, grid_sample(nearest, zeros), and a mask channel for the fill."""
    h, w = x.shape[-2:]
    center_f = [0.0, 0.0]
    if center is not None:
        center_f = [1.0 * (c - s * 0.5) for c, s in zip(center, [w, h])]
    rot = math.radians(-angle)
    a, b, c, d = math.cos(rot), -math.sin(rot), math.sin(rot), math.cos(rot)
    cx, cy = center_f
    m = [d, -b, 0.0, -c, a, 0.0]
    m[2] += m[0] * -cx + m[1] * -cy + cx
    m[5] += m[3] * -cx + m[4] * -cy + cy
    if expand:
        pts = torch.tensor([[-0.5 * w, -0.5 * h, 1.0], [-0.5 * w, 0.5 * h, 1.0],
                            [0.5 * w, 0.5 * h, 1.0], [0.5 * w, -0.5 * h, 1.0]])
        new_pts = pts @ torch.tensor(m, dtype=torch.float).view(2, 3).T
        mn = new_pts.min(dim=0).values + torch.tensor((w * 0.5, h * 0.5))
        mx = new_pts.max(dim=0).values + torch.tensor((w * 0.5, h * 0.5))
        size = torch.ceil((mx / 1e-4).trunc_() * 1e-4) - torch.floor((mn / 1e-4).trunc_() * 1e-4)
        ow, oh = int(size[0]), int(size[1])
    else:
        ow, oh = w, h
    xt = torch.from_numpy(x)
    dtype = xt.dtype if xt.is_floating_point() else torch.float32
    theta = torch.tensor(m, dtype=dtype).reshape(1, 2, 3)
    base = torch.empty(1, oh, ow, 3, dtype=dtype)
    base[..., 0].copy_(torch.linspace(-ow * 0.5 + 0.5, ow * 0.5 - 0.5, steps=ow))
    base[..., 1].copy_(torch.linspace(-oh * 0.5 + 0.5, oh * 0.5 - 0.5, steps=oh).unsqueeze_(-1))
    base[..., 2].fill_(1)
    grid = base.view(1, oh * ow, 3).bmm(theta.transpose(1, 2) / torch.tensor([0.5 * w, 0.5 * h],
                                                                             dtype=dtype))
    grid = grid.view(1, oh, ow, 2)
    xi = xt.to(dtype).reshape((-1,) + tuple(xt.shape[-3:]))
    xi = torch.cat((xi, torch.ones(xi.shape[0], 1, h, w, dtype=dtype)), 1)
    out = F.grid_sample(xi, grid.expand(xi.shape[0], -1, -1, -1), mode="nearest",
                        padding_mode="zeros", align_corners=False)
    mask = out[:, -1:].expand_as(out[:, :-1]) < 0.5
    out = out[:, :-1]
    fill_img = torch.tensor(list(fill), dtype=dtype).view(1, -1, 1, 1).expand_as(out)
    out[mask] = fill_img[mask]
    if not xt.is_floating_point():
        out = torch.round(out).to(xt.dtype)
    return out.reshape(tuple(xt.shape[:-2]) + (oh, ow)).numpy()


def test_rotation_by_hand():
    x = pyt.arange(4.0).reshape(1, 2, 2)
    assert N(T.RandomRotation((90, 90))(x)).tolist() == [[[1.0, 3.0], [0.0, 2.0]]]
    y = img((3, 5, 5))
    for k in (1, 2, 3, 4):
        out = T.RandomRotation((90 * k, 90 * k))(P(y))
        np.testing.assert_array_equal(N(out), np.rot90(y, k, axes=(-2, -1)))
    np.testing.assert_array_equal(N(T.RandomRotation(0)(P(y))), y)
    # rotating a 1x3 bar by 90 degrees inside 3x3 leaves the fill around a vertical bar
    bar = np.zeros((1, 3, 3), np.float32)
    bar[0, 1] = 1
    out = N(T.RandomRotation((90, 90), fill=0.5)(P(bar)))
    assert out[0, :, 1].tolist() == [1, 1, 1] and out[0, 0, 0] == 0


# (id, shape, numpy dtype, angle, expand, center, fill)
ROTATION = [
    ("small", (3, 7, 9), np.float32, 17.0, False, None, 0),
    ("negative", (3, 8, 8), np.float32, -33.5, False, None, 0.25),
    ("expand", (3, 6, 10), np.float32, 30.0, True, None, 0),
    ("expand-90", (1, 4, 7), np.float32, 90.0, True, None, 0),
    ("center", (1, 9, 9), np.float32, 45.0, False, (2, 3), 1.0),
    ("fill-per-channel", (3, 6, 6), np.float32, 120.0, False, None, (0.1, 0.2, 0.3)),
    ("uint8", (3, 10, 8), np.uint8, -75.0, False, None, 200),
    ("uint8-expand", (3, 5, 9), np.uint8, 10.0, True, None, (1, 2, 3)),
    ("float64", (2, 6, 7), np.float64, 200.0, False, None, 0),
    ("batch", (2, 3, 6, 6), np.float32, 63.0, False, None, 0.5),
    ("2d", (7, 5), np.float32, 12.0, False, None, 0),
]


@pytest.mark.parametrize("row", ROTATION, ids=[r[0] for r in ROTATION])
def test_rotation_matches_torchvision_formula(row):
    _, shape, dtype, angle, expand, center, fill = row
    x = img(shape, dtype)
    rot = T.RandomRotation((angle, angle), expand=expand, center=center, fill=fill)
    out = rot(P(x))
    channels = 1 if len(shape) == 2 else shape[-3]
    fills = [float(fill)] * channels if isinstance(fill, (int, float)) else [float(f) for f in fill]
    ref = torchvision_rotate_ref(x if len(shape) > 2 else x[None], angle, expand, center, fills)
    if len(shape) == 2:
        ref = ref[0]
    assert out.dtype == pyt.from_numpy(x).dtype
    np.testing.assert_array_equal(N(out), ref)
    out_np = rot(x)
    assert isinstance(out_np, np.ndarray)
    np.testing.assert_array_equal(out_np, ref)


def test_rotation_random_angles_match_and_repeat():
    x = img((3, 11, 8))
    rot = T.RandomRotation(180, expand=True)
    pyt.manual_seed(5)
    outs = [N(rot(P(x))) for _ in range(6)]
    pyt.manual_seed(5)
    angles = [float(pyt.empty(1).uniform_(-180.0, 180.0)) for _ in range(6)]
    assert all(-180 <= a <= 180 for a in angles) and len(set(angles)) == 6
    for out, angle in zip(outs, angles):
        np.testing.assert_array_equal(out, torchvision_rotate_ref(x, angle, True, None, [0.0] * 3))
    pyt.manual_seed(5)
    np.testing.assert_array_equal(N(rot(P(x))), outs[0])


ROTATION_ERRORS = [
    ("negative-degrees", lambda: T.RandomRotation(-5), ValueError, "must be positive"),
    ("degrees-length", lambda: T.RandomRotation((1, 2, 3)), ValueError,
     "degrees should be a sequence of length 2"),
    ("degrees-type", lambda: T.RandomRotation({1, 2}), TypeError,
     "degrees should be a sequence of length 2"),
    ("center-length", lambda: T.RandomRotation(5, center=(1,)), ValueError,
     "center should be a sequence of length 2"),
    ("fill-type", lambda: T.RandomRotation(5, fill=object()), TypeError,
     "Fill should be either a sequence or a number"),
    ("fill-length", lambda: T.RandomRotation(5, fill=(1, 2))(pyt.zeros(3, 4, 4)), ValueError,
     "cannot broadcast to match the number of channels of the image (2 != 3)"),
    ("bilinear", lambda: T.RandomRotation(5, interpolation="bilinear")(pyt.zeros(1, 4, 4)),
     NotImplementedError, "bilinear is not implemented"),
    ("interp-type", lambda: T.RandomRotation(5, interpolation=None), TypeError,
     "InterpolationMode"),
    ("1d", lambda: T.RandomRotation(5)(pyt.zeros(4)), TypeError, "tensor image"),
]


@pytest.mark.parametrize("row", ROTATION_ERRORS, ids=[r[0] for r in ROTATION_ERRORS])
def test_rotation_errors(row):
    _, fn, exc, match = row
    with pytest.raises(exc) as info:
        fn()
    assert match in str(info.value)


# ----------------------------------------------------------------------------------------------
# ColorJitter
# ----------------------------------------------------------------------------------------------


def replay_jitter(seed, b=None, c=None, s=None):
    """The draws ColorJitter makes after pyt.manual_seed(seed): order and factors."""
    pyt.manual_seed(seed)
    order = [int(i) for i in pyt.randperm(4).tolist()]
    f = [None if r is None else float(pyt.empty(1).uniform_(r[0], r[1])) for r in (b, c, s)]
    return order, f


def jitter_ref(x, order, factors):
    """numpy reference in float64 (uint8: float32 blend, truncating cast, as torchvision)."""
    is_int = x.dtype == np.uint8
    bound = 255.0 if is_int else 1.0
    y = x.astype(np.float64)
    for fn in order:
        if fn > 2 or factors[fn] is None:
            continue
        r = factors[fn]
        if fn == 0:
            other = 0.0
        elif fn == 1:
            gray = 0.2989 * y[..., 0, :, :] + 0.587 * y[..., 1, :, :] + 0.114 * y[..., 2, :, :] \
                if y.shape[-3] == 3 else y[..., 0, :, :]
            if is_int:
                gray = np.floor(gray)
            other = gray.mean(axis=(-2, -1), keepdims=True)[..., None, :, :]
        else:
            gray = 0.2989 * y[..., 0, :, :] + 0.587 * y[..., 1, :, :] + 0.114 * y[..., 2, :, :]
            if is_int:
                gray = np.floor(gray)
            other = gray[..., None, :, :]
        y = np.clip(r * y + (1 - r) * other, 0, bound)
        if is_int:
            y = np.floor(y)
    return y


# (id, shape, dtype, kwargs, tolerance)
JITTER = [
    ("brightness", (3, 5, 6), np.float32, dict(brightness=0.5), 1e-6),
    ("contrast", (3, 5, 6), np.float32, dict(contrast=(0.2, 1.8)), 1e-6),
    ("saturation", (3, 4, 4), np.float32, dict(saturation=0.9), 1e-6),
    ("all", (3, 6, 5), np.float32, dict(brightness=0.3, contrast=0.3, saturation=0.3), 1e-6),
    ("gray-contrast", (1, 5, 5), np.float32, dict(brightness=0.2, contrast=0.7), 1e-6),
    ("batch", (2, 3, 4, 4), np.float32, dict(brightness=0.4, contrast=0.4), 1e-6),
    ("float64", (3, 3, 3), np.float64, dict(brightness=0.4, contrast=0.5, saturation=0.2), 1e-12),
    ("uint8-brightness", (3, 6, 6), np.uint8, dict(brightness=0.8), 1),
    ("uint8-all", (3, 6, 6), np.uint8, dict(brightness=0.3, contrast=0.3, saturation=0.3), 1),
]


@pytest.mark.parametrize("row", JITTER, ids=[r[0] for r in JITTER])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_color_jitter(row, seed):
    _, shape, dtype, kwargs, tol = row
    x = img(shape, dtype, seed=seed)
    cj = T.ColorJitter(**kwargs)
    pyt.manual_seed(seed)
    out = cj(P(x))
    assert out.dtype == pyt.from_numpy(x).dtype and tuple(out.shape) == shape
    order, factors = replay_jitter(seed, cj.brightness, cj.contrast, cj.saturation)
    ref = jitter_ref(x, order, factors)
    np.testing.assert_allclose(N(out).astype(np.float64), ref, rtol=0, atol=tol)
    bound = 255 if dtype == np.uint8 else 1.0
    assert N(out).min() >= 0 and N(out).max() <= bound
    pyt.manual_seed(seed)
    np.testing.assert_array_equal(cj(x), N(out))  # numpy in, numpy out, repeatable


def test_color_jitter_exact_brightness():
    x = img((3, 4, 4))
    pyt.manual_seed(9)
    out = T.ColorJitter(brightness=(0.5, 1.5))(P(x))
    _, (b, _, _) = replay_jitter(9, (0.5, 1.5))
    np.testing.assert_array_equal(N(out), np.clip(np.float32(b) * x, 0, 1))


def test_color_jitter_identity_ranges():
    cj = T.ColorJitter()
    assert cj.brightness is cj.contrast is cj.saturation is cj.hue is None
    x = P(img((3, 2, 2)))
    np.testing.assert_array_equal(N(cj(x)), N(x))
    assert T.ColorJitter(brightness=2.0).brightness == (0.0, 3.0)
    assert T.ColorJitter(contrast=(1, 1)).contrast is None
    assert T.ColorJitter(saturation=[0.5, 2]).saturation == (0.5, 2.0)
    x1 = P(img((1, 3, 3)))
    pyt.manual_seed(0)
    np.testing.assert_array_equal(N(T.ColorJitter(saturation=0.5)(x1)), N(x1))


JITTER_ERRORS = [
    ("negative", lambda: T.ColorJitter(brightness=-0.1), ValueError, "must be non negative"),
    ("order", lambda: T.ColorJitter(contrast=(1.5, 0.5)), ValueError,
     "contrast values should be between"),
    ("bound", lambda: T.ColorJitter(saturation=(-1, 1)), ValueError,
     "saturation values should be between"),
    ("type", lambda: T.ColorJitter(brightness="x"), TypeError,
     "brightness should be a single number or a list/tuple with length 2"),
    ("length", lambda: T.ColorJitter(brightness=(1, 2, 3)), TypeError, "length 2"),
    ("hue-bound", lambda: T.ColorJitter(hue=0.7), ValueError, "hue values should be between"),
    ("hue", lambda: T.ColorJitter(hue=0.1), NotImplementedError, "hue jitter"),
    ("channels", lambda: T.ColorJitter(brightness=0.5)(pyt.zeros(4, 2, 2)), TypeError,
     "permitted channel values are [1, 3], but found 4"),
    ("contrast-channels", lambda: T.ColorJitter(contrast=0.5)(pyt.zeros(2, 2, 2)), TypeError,
     "but found 2"),
    ("1d", lambda: T.ColorJitter(brightness=0.5)(pyt.zeros(3)), TypeError, "tensor image"),
]


@pytest.mark.parametrize("row", JITTER_ERRORS, ids=[r[0] for r in JITTER_ERRORS])
def test_color_jitter_errors(row):
    _, fn, exc, match = row
    pyt.manual_seed(0)
    with pytest.raises(exc) as info:
        fn()
    assert match in str(info.value)


# ----------------------------------------------------------------------------------------------
# Compose and Lambda
# ----------------------------------------------------------------------------------------------


def test_compose_pipeline():
    x = img((12, 10, 3), np.uint8)
    tf = T.Compose([
        T.ToTensor(),
        T.CenterCrop(8),
        T.Lambda(lambda t: t * 2),
        T.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
    ])
    out = tf(x)
    chw = x.transpose(2, 0, 1).astype(np.float32) / np.float32(255)
    ref = (center_crop_ref(chw, 8, 8) * np.float32(2) - np.float32(0.5)) / np.float32(0.5)
    assert out.dtype == pyt.float32 and tuple(out.shape) == (3, 8, 8)
    np.testing.assert_array_equal(N(out), ref)
    text = repr(tf)
    assert text.startswith("Compose(") and "ToTensor()" in text
    assert "CenterCrop(size=(8, 8))" in text
    assert "Lambda()" in text and "Normalize(mean=[0.5, 0.5, 0.5]" in text
    assert T.Compose([])(x) is x


def test_lambda_errors():
    with pytest.raises(TypeError, match="Argument lambd should be callable, got 'int'"):
        T.Lambda(3)


def test_transforms_are_modules():
    for tf in (T.Normalize([0.5], [0.5]), T.Resize(3), T.CenterCrop(2), T.RandomCrop(2),
               T.RandomHorizontalFlip(), T.RandomRotation(5), T.ColorJitter(0.1)):
        assert isinstance(tf, pyt.nn.Module)
    assert set(T.__all__) >= {"Compose", "ToTensor", "Normalize", "Resize", "CenterCrop",
                              "RandomCrop", "RandomHorizontalFlip", "RandomRotation",
                              "ColorJitter", "Lambda", "InterpolationMode"}
