"""grid_sample and affine_grid against torch: every mode x padding mode x align_corners, grids
far outside [-1, 1], non-contiguous inputs, 5-D, reduced precision, gradients (compared with
torch's and checked by finite differences in float64), errors and warnings."""

import itertools
import warnings

import numpy as np
import pyt
import pytest
import torch
from helpers import assert_tensor_close, gradcheck, rng_for, to_np

MODES = ("bilinear", "nearest", "bicubic")
PADS = ("zeros", "border", "reflection")
TOL = {"float32": (1e-4, 1e-5), "float64": (1e-10, 1e-11)}


def _run(lib, x_np, g_np, dtype, cot_np=None, **kw):
    """Output and (input, grid) gradients of lib's grid_sample for a cotangent."""
    dt = getattr(lib, dtype)
    x = lib.tensor(x_np, dtype=dt, requires_grad=True)
    g = lib.tensor(g_np, dtype=dt, requires_grad=True)
    out = lib.nn.functional.grid_sample(x, g, **kw)
    if cot_np is None:
        return out, None, None
    (out * lib.tensor(cot_np, dtype=dt)).sum().backward()
    return out, x.grad, g.grad


def _compare(x_np, g_np, dtype, grads=True, **kw):
    rng = np.random.default_rng(0)
    pout, _, _ = _run(pyt, x_np, g_np, dtype, None, **kw)
    cot = rng.standard_normal(tuple(pout.shape)) if grads else None
    p = _run(pyt, x_np, g_np, dtype, cot, **kw)
    t = _run(torch, x_np, g_np, dtype, cot, **kw)
    rtol, atol = TOL[dtype]
    assert_tensor_close(p[0], t[0], rtol, atol)
    if grads:
        assert type(p[0].grad_fn).__name__ == type(t[0].grad_fn).__name__
        assert_tensor_close(p[1], t[1], rtol, atol, what="grad input")
        assert_tensor_close(p[2], t[2], rtol, atol, what="grad grid")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize(
    "mode,padding,align", list(itertools.product(MODES, PADS, (False, True)))
)
def test_grid_sample_2d_matches_torch(mode, padding, align, dtype):
    rng = rng_for("gs2d", mode, padding, align, dtype)
    x = rng.standard_normal((2, 3, 5, 7))
    g = rng.uniform(-1.6, 1.6, (2, 4, 6, 2))  # partly outside the input
    _compare(x, g, dtype, mode=mode, padding_mode=padding, align_corners=align)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize(
    "mode,padding,align",
    list(itertools.product(("bilinear", "nearest"), PADS, (False, True))),
)
def test_grid_sample_3d_matches_torch(mode, padding, align, dtype):
    rng = rng_for("gs3d", mode, padding, align, dtype)
    x = rng.standard_normal((2, 2, 3, 4, 5))
    g = rng.uniform(-1.4, 1.4, (2, 3, 2, 4, 3))
    _compare(x, g, dtype, mode=mode, padding_mode=padding, align_corners=align)


@pytest.mark.parametrize("mode,padding", list(itertools.product(MODES, PADS)))
def test_grid_sample_far_out_of_range(mode, padding):
    """Grids many sizes outside, huge, exactly on the edges: values (and gradients where
    they are away from kinks) as torch."""
    rng = rng_for("far", mode, padding)
    x = rng.standard_normal((1, 2, 4, 3))
    g = rng.uniform(-9, 9, (1, 5, 5, 2))
    _compare(x, g, "float64", mode=mode, padding_mode=padding, align_corners=False)
    edges = np.array([-1.0, 1.0, 0.0, 1e10, -1e10, 3.0, -3.0, 7.25])
    g2 = np.stack(np.meshgrid(edges, edges), -1)[None]
    for align in (False, True):
        _compare(x, g2, "float64", grads=False, mode=mode, padding_mode=padding, align_corners=align)


@pytest.mark.parametrize("mode", MODES)
def test_grid_sample_single_pixel_input(mode):
    x = rng_for("px", mode).standard_normal((2, 3, 1, 1))
    g = rng_for("pxg", mode).uniform(-2, 2, (2, 3, 3, 2))
    for pad, align in itertools.product(PADS, (False, True)):
        _compare(x, g, "float64", mode=mode, padding_mode=pad, align_corners=align)


def test_grid_sample_non_contiguous():
    rng = rng_for("nc")
    x_base = rng.standard_normal((2, 6, 5, 3))  # (N, W, H, C) -> permuted to (N, C, H, W)
    g_base = rng.standard_normal((2, 2, 4, 3))  # (N, 2, W, H) -> (N, H, W, 2)
    outs = []
    for lib in (pyt, torch):
        x = lib.tensor(x_base).permute(0, 3, 2, 1)
        g = lib.tensor(g_base).permute(0, 3, 2, 1)
        assert not x.is_contiguous() and not g.is_contiguous()
        outs.append(lib.nn.functional.grid_sample(x, g, mode="bicubic", align_corners=False))
    assert_tensor_close(outs[0], outs[1], 1e-10, 1e-11)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_grid_sample_reduced_precision(dtype):
    rng = rng_for("half", dtype)
    x = rng.standard_normal((1, 2, 4, 4))
    g = rng.uniform(-1, 1, (1, 3, 3, 2))
    outs = []
    for lib in (pyt, torch):
        dt = getattr(lib, dtype)
        xs = lib.tensor(x, dtype=dt, requires_grad=True)
        gs = lib.tensor(g, dtype=dt, requires_grad=True)
        out = lib.nn.functional.grid_sample(xs, gs, align_corners=True)
        out.sum().backward()
        outs.append((out, xs.grad, gs.grad))
    tol = 1e-2 if dtype == "float16" else 5e-2
    for p, t, what in zip(outs[0], outs[1], ("output", "grad input", "grad grid")):
        assert_tensor_close(p.float(), t.float(), tol, tol, what=what)
        assert str(p.dtype).split(".")[-1] == dtype


@pytest.mark.parametrize(
    "mode,padding,align,nd",
    [
        ("bilinear", "zeros", False, 2),
        ("bilinear", "border", True, 2),
        ("bilinear", "reflection", False, 2),
        ("bicubic", "zeros", True, 2),
        ("bicubic", "reflection", False, 2),
        ("nearest", "zeros", False, 2),
        ("bilinear", "reflection", True, 3),
        ("bilinear", "zeros", False, 3),
    ],
)
def test_grid_sample_gradcheck(mode, padding, align, nd):
    rng = rng_for("gc", mode, padding, align, nd)
    xs = (2, 2, 3, 4) if nd == 2 else (1, 2, 2, 3, 3)
    gs = (2, 3, 2, 2) if nd == 2 else (1, 2, 2, 3, 3)
    x = pyt.tensor(rng.standard_normal(xs), requires_grad=True)
    g = pyt.tensor(rng.uniform(-1.2, 1.2, gs), requires_grad=True)
    assert gradcheck(
        lambda a, b: pyt.nn.functional.grid_sample(
            a, b, mode=mode, padding_mode=padding, align_corners=align
        ),
        [x, g],
    )


def test_grid_sample_double_backward_is_a_clear_error():
    """torch 2.13 differentiates grid_sample twice (GridSampler2DBackwardBackward0); pyt does
    not yet and says so instead of returning a wrong second derivative."""
    x = pyt.randn(1, 1, 3, 3, dtype=pyt.float64, requires_grad=True)
    g = pyt.rand(1, 2, 2, 2, dtype=pyt.float64, requires_grad=True)
    out = pyt.nn.functional.grid_sample(x, g, align_corners=False)
    (gx,) = pyt.autograd.grad(out.sum(), g, create_graph=True)
    with pytest.raises(RuntimeError, match="grid_sampler_2d_backward' is not implemented"):
        gx.sum().backward()


def test_grid_sample_default_align_corners_warns():
    x, g = pyt.ones(1, 1, 2, 2), pyt.zeros(1, 1, 1, 2)
    with pytest.warns(UserWarning, match="align_corners=False since 1.3.0"):
        pyt.nn.functional.grid_sample(x, g)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pyt.nn.functional.grid_sample(x, g, align_corners=False)


@pytest.mark.parametrize(
    "x_shape,g_shape,kw,exc,match",
    [
        ((1, 2, 3, 4), (1, 2, 2, 2), {"mode": "linear"}, ValueError, "expected mode"),
        ((1, 2, 3, 4), (1, 2, 2, 2), {"padding_mode": "wrap"}, ValueError, "padding_mode"),
        ((2, 2, 3, 4), (1, 2, 2, 2), {}, RuntimeError, "same batch size"),
        ((1, 2, 3, 4), (1, 2, 2, 1), {}, RuntimeError, "size 2 in last dimension"),
        ((1, 2, 0, 4), (1, 2, 2, 2), {}, RuntimeError, "non-empty spatial dimensions"),
        ((1, 2, 3, 4, 5), (1, 2, 2, 2, 3), {"mode": "bicubic"}, RuntimeError, "bicubic"),
        ((2, 3, 4), (2, 3, 1), {}, RuntimeError, "5D input"),
    ],
)
def test_grid_sample_errors_as_torch(x_shape, g_shape, kw, exc, match):
    for lib in (pyt, torch):
        with pytest.raises(exc, match=match):
            lib.nn.functional.grid_sample(
                lib.zeros(x_shape), lib.zeros(g_shape), align_corners=False, **kw
            )


def test_grid_sample_dtype_errors_as_torch():
    for lib in (pyt, torch):
        with pytest.raises(RuntimeError, match="expected scalar type Float but found Double"):
            lib.nn.functional.grid_sample(
                lib.zeros(1, 1, 2, 2), lib.zeros(1, 1, 1, 2, dtype=lib.float64), align_corners=False
            )
        with pytest.raises(NotImplementedError, match="not implemented for 'Long'"):
            lib.nn.functional.grid_sample(
                lib.zeros(1, 1, 2, 2, dtype=lib.long),
                lib.zeros(1, 1, 1, 2, dtype=lib.long),
                align_corners=False,
            )


def test_grid_sample_bitwise_identical_with_1_and_2_threads():
    n = pyt.get_num_threads()
    rng = rng_for("threads")
    x = pyt.tensor(rng.standard_normal((2, 5, 24, 24)).astype(np.float32))
    g = pyt.tensor(rng.uniform(-1.1, 1.1, (2, 40, 40, 2)).astype(np.float32))
    cot = pyt.tensor(rng.standard_normal((2, 5, 40, 40)).astype(np.float32))
    res = {}
    try:
        for t in (1, 2):
            pyt.set_num_threads(t)
            xs, gs = x.clone().requires_grad_(), g.clone().requires_grad_()
            out = pyt.nn.functional.grid_sample(xs, gs, mode="bicubic", align_corners=False)
            (out * cot).sum().backward()
            res[t] = [to_np(out), to_np(xs.grad), to_np(gs.grad)]
    finally:
        pyt.set_num_threads(n)
    for a, b in zip(res[1], res[2]):
        np.testing.assert_array_equal(a, b)


# ------------------------------------------------------------------------- affine_grid
@pytest.mark.parametrize("align", [False, True])
@pytest.mark.parametrize(
    "theta_shape,size",
    [((2, 2, 3), (2, 3, 4, 5)), ((1, 2, 3), (1, 1, 1, 6)), ((2, 3, 4), (2, 1, 3, 4, 2))],
)
def test_affine_grid_matches_torch(theta_shape, size, align):
    th = rng_for("ag", theta_shape, align).standard_normal(theta_shape)
    res = []
    for lib in (pyt, torch):
        t = lib.tensor(th, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unit-size grids with align_corners warn
            grid = lib.nn.functional.affine_grid(t, size, align_corners=align)
        (grid * lib.arange(grid.numel(), dtype=lib.float64).view(grid.shape)).sum().backward()
        res.append((grid, t.grad))
    assert type(res[0][0].grad_fn).__name__ == "AffineGridGeneratorBackward0"
    assert_tensor_close(res[0][0], res[1][0], 1e-12, 1e-12)
    assert_tensor_close(res[0][1], res[1][1], 1e-10, 1e-10, what="grad theta")


def test_affine_grid_gradcheck_and_double_backward():
    th = pyt.tensor(rng_for("agc").standard_normal((2, 2, 3)), requires_grad=True)
    fn = lambda t: pyt.nn.functional.affine_grid(t, [2, 1, 3, 4], align_corners=False) ** 2  # noqa: E731
    assert gradcheck(fn, [th])
    (g,) = pyt.autograd.grad(fn(th).sum(), th, create_graph=True)
    g.sum().backward()  # a second-order graph exists
    assert th.grad is not None


def test_affine_grid_then_grid_sample_identity():
    x = pyt.randn(1, 2, 5, 6)
    theta = pyt.tensor([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]])
    grid = pyt.nn.functional.affine_grid(theta, x.shape, align_corners=False)
    out = pyt.nn.functional.grid_sample(x, grid, align_corners=False)
    np.testing.assert_allclose(to_np(out), to_np(x), atol=1e-6)


@pytest.mark.parametrize(
    "theta,size,exc,match",
    [
        ((1, 2, 3), (1, 1, 2), NotImplementedError, "4D and 5D"),
        ((1, 3, 3), (1, 1, 2, 2), ValueError, "Nx2x3"),
        ((1, 2, 3), (1, 1, 2, 2, 2), ValueError, "Nx3x4"),
        ((1, 2, 3), (1, 1, 0, 2), ValueError, "positive output size"),
    ],
)
def test_affine_grid_errors_as_torch(theta, size, exc, match):
    for lib in (pyt, torch):
        with pytest.raises(exc, match=match):
            lib.nn.functional.affine_grid(lib.zeros(theta), size, align_corners=False)
    for lib in (pyt, torch):
        with pytest.raises(ValueError, match="floating point"):
            lib.nn.functional.affine_grid(lib.zeros(1, 2, 3, dtype=lib.long), (1, 1, 2, 2), False)


def test_affine_grid_warnings_as_torch():
    for lib in (pyt, torch):
        with pytest.warns(UserWarning, match="align_corners=False since 1.3.0"):
            lib.nn.functional.affine_grid(lib.zeros(1, 2, 3), (1, 1, 2, 2))
        with pytest.warns(UserWarning, match="unit-size grids"):
            lib.nn.functional.affine_grid(lib.zeros(1, 2, 3), (1, 1, 1, 2), align_corners=True)
