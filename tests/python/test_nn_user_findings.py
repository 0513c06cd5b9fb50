"""Differential tests (vs torch) for pyt.nn differences found by users."""
import numpy as np
import pytest
import torch

import pyt
import pyt.nn.functional as F
import torch.nn.functional as TF


def _p(a, requires_grad=False):
    return pyt.tensor(np.array(a), requires_grad=requires_grad)


def _t(a, requires_grad=False):
    return torch.tensor(np.array(a), requires_grad=requires_grad)


def _close(p, t, **kw):
    np.testing.assert_allclose(p.detach().numpy(), t.detach().numpy(), equal_nan=True, **kw)


# ---------------------------------------------------- ignored targets: zero gradient ---

_LOSS_CASES = [
    # (fn name, input shape, target, kwargs)
    ("cross_entropy", (2, 3), [-100, -100], {}),
    ("cross_entropy", (2, 3), [-100, -100], {"label_smoothing": 0.1}),
    ("cross_entropy", (2, 3, 4), [[-100] * 4] * 2, {}),
    ("cross_entropy", (2, 3, 4), [[-100] * 4] * 2, {"label_smoothing": 0.2}),
    ("nll_loss", (2, 3), [-100, -100], {}),
    ("nll_loss", (2, 3, 4), [[-100] * 4] * 2, {}),
    ("cross_entropy", (2, 3), [-100, -100], {"reduction": "sum"}),
    ("cross_entropy", (2, 3), [-100, -100], {"reduction": "none"}),
    ("nll_loss", (2, 3), [-100, -100], {"reduction": "none"}),
    ("cross_entropy", (2, 3), [0, -100], {"weight": [0.0, 1.0, 1.0]}),
    ("nll_loss", (2, 3), [0, -100], {"weight": [0.0, 0.0, 0.0]}),
    ("nll_loss", (3, 3), [0, -100, 2], {"weight": [0.0, 1.0, 2.0]}),
    ("cross_entropy", (3, 3), [1, -100, 0], {"weight": [0.0, 1.0, 2.0], "label_smoothing": 0.1}),
    ("cross_entropy", (2, 3), [1, 2], {"ignore_index": 1}),
]


@pytest.mark.parametrize("name,shape,target,kw", _LOSS_CASES)
def test_ignored_targets_zero_grad(name, shape, target, kw):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape) if "weight" in kw else np.zeros(shape)
    pw = {k: (_p(v) if k == "weight" else v) for k, v in kw.items()}
    tw = {k: (_t(v) if k == "weight" else v) for k, v in kw.items()}
    xp, xt = _p(x, True), _t(x, True)
    lp = getattr(F, name)(xp, _p(target), **pw)
    lt = getattr(TF, name)(xt, _t(target), **tw)
    _close(lp, lt, rtol=1e-6, atol=1e-7)
    lp.sum().backward()
    lt.sum().backward()
    _close(xp.grad, xt.grad, rtol=1e-6, atol=1e-7)


def test_ignored_targets_gradcheck():
    x = pyt.randn(4, 3, dtype=pyt.float64, requires_grad=True)
    t = pyt.tensor([0, -100, 2, -100])
    assert pyt.autograd.gradcheck(lambda a: F.cross_entropy(a, t), (x,))
    assert pyt.autograd.gradcheck(lambda a: F.nll_loss(a, t, reduction="none"), (x,))


# ------------------------------------------------ circular padding with negative pads ---

_CIRC_CASES = [
    ((1, 1, 5), (-1, 2)),
    ((1, 1, 5), (2, -1)),
    ((2, 5), (-2, -1)),
    ((1, 2, 5), (3, 3)),
    ((1, 1, 5), (0, -2)),
    ((1, 1, 5), (-3, 1)),
    ((2, 2, 4, 5), (-1, 2, 1, -1)),
    ((1, 3, 4), (2, -1, -1, 2)),
    ((1, 1, 3, 4, 5), (1, -1, -2, 2, 0, 1)),
    ((2, 3, 4, 5), (-1, -1, 2, 0, -1, 2)),
]


def test_circular_pad_wrapping_past_the_crop_raises():
    # torch reads from an overlapping copy here (an error or unspecified values); pyt raises.
    with pytest.raises(RuntimeError, match="pad"):
        F.pad(pyt.randn(1, 3, 4), (2, -1, -1, 3), mode="circular")
    with pytest.raises(RuntimeError, match="pad"):
        F.pad(pyt.randn(1, 1, 5), (-3, 3), mode="circular")


@pytest.mark.parametrize("shape,pad", _CIRC_CASES)
def test_circular_pad_negative(shape, pad):
    x = np.random.default_rng(1).standard_normal(shape)
    xp, xt = _p(x, True), _t(x, True)
    yp = F.pad(xp, pad, mode="circular")
    yt = TF.pad(xt, pad, mode="circular")
    assert tuple(yp.shape) == tuple(yt.shape)
    _close(yp, yt)
    g = np.random.default_rng(2).standard_normal(tuple(yt.shape))
    yp.backward(_p(g))
    yt.backward(_t(g))
    _close(xp.grad, xt.grad, rtol=1e-12)


def test_circular_pad_negative_values_and_gradcheck():
    y = F.pad(pyt.arange(5.0).view(1, 1, 5), (-1, 2), mode="circular")
    assert y.reshape(-1).tolist() == [1, 2, 3, 4, 1, 2]
    y = F.pad(pyt.arange(5.0).view(1, 1, 5), (2, -1), mode="circular")
    assert y.reshape(-1).tolist() == [2, 3, 0, 1, 2, 3]
    x = pyt.randn(1, 2, 4, 5, dtype=pyt.float64, requires_grad=True)
    assert pyt.autograd.gradcheck(lambda a: F.pad(a, (-1, 2, 1, -2), mode="circular"), (x,))


# ------------------------------------------------------------- batch_norm eps check ---

@pytest.mark.parametrize("eps,training", [(0.0, True), (-1e-5, True), (-1e-5, False)])
def test_batch_norm_eps_checked(eps, training):
    x = np.random.default_rng(3).standard_normal((4, 3))
    rm, rv = np.zeros(3), np.ones(3)
    with pytest.raises(ValueError) as et:
        TF.batch_norm(_t(x), _t(rm), _t(rv), training=training, eps=eps)
    with pytest.raises(ValueError) as ep:
        F.batch_norm(_p(x), _p(rm), _p(rv), training=training, eps=eps)
    assert str(ep.value) == str(et.value)


def test_batch_norm_eps_zero_eval_allowed_and_module():
    x = np.random.default_rng(3).standard_normal((4, 3))
    rm, rv = np.zeros(3), np.ones(3)
    _close(F.batch_norm(_p(x), _p(rm), _p(rv), eps=0.0), TF.batch_norm(_t(x), _t(rm), _t(rv), eps=0.0))
    with pytest.raises(ValueError, match="batch_norm eps must be positive during training"):
        pyt.nn.BatchNorm1d(3, eps=0.0)(_p(x))
    with pytest.raises(ValueError, match="batch_norm eps must be positive during training"):
        torch.nn.BatchNorm1d(3, eps=0.0)(_t(x))


# --------------------------------------------------------------- argument checks ---

_ARG_CASES = {
    "interp_str": (lambda M, F_: F_.interpolate(M.randn(1, 1, 4), size="2"), TypeError),
    "interp_float": (lambda M, F_: F_.interpolate(M.randn(1, 1, 4), size=2.5), TypeError),
    "maxpool_float": (lambda M, F_: F_.max_pool2d(M.randn(1, 1, 4, 4), 2.0), TypeError),
    "pad_float": (lambda M, F_: F_.pad(M.randn(1, 1, 4), [1.5, 1]), TypeError),
    "pad_repl_empty": (lambda M, F_: F_.pad(M.randn(1, 0, 4), (1, 1), mode="replicate"), RuntimeError),
    "pad_refl_empty": (lambda M, F_: F_.pad(M.randn(1, 0, 4), (1, 1), mode="reflect"), RuntimeError),
    "pad_refl_empty_2d": (lambda M, F_: F_.pad(M.randn(2, 0, 3, 4), (1, 1, 1, 1), mode="reflect"), RuntimeError),
    "nll_0d": (lambda M, F_: F_.nll_loss(M.tensor(1.0), M.tensor(0)), ValueError),
    "ce_0d": (lambda M, F_: F_.cross_entropy(M.tensor(1.0), M.tensor(0)), RuntimeError),
    "interp_nan": (lambda M, F_: F_.interpolate(M.randn(1, 1, 4), scale_factor=float("nan")), RuntimeError),
    "interp_inf": (lambda M, F_: F_.interpolate(M.randn(1, 1, 4), scale_factor=float("inf")), RuntimeError),
    "pad_huge": (lambda M, F_: F_.pad(M.randn(1, 1, 4), (2**40, 0)), RuntimeError),
    "unpool1d": (lambda M, F_: M.nn.MaxUnpool1d(2)(M.randn(1, 1, 2), M.tensor([[[0, 5]]])), RuntimeError),
}


@pytest.mark.parametrize("name", list(_ARG_CASES))
def test_argument_errors_as_torch(name):
    fn, exc = _ARG_CASES[name]
    with pytest.raises(exc) as et:
        fn(torch, TF)
    with pytest.raises(exc) as ep:
        fn(pyt, F)
    msg = str(ep.value)
    if name in ("pad_repl_empty", "pad_refl_empty", "pad_refl_empty_2d", "nll_0d", "pad_float"):
        assert msg == str(et.value)
    if name == "pad_huge":
        assert "pad" in msg and "4398046511120 bytes" in msg
    if name == "unpool1d":
        assert "max_unpool1d" in msg and "max_unpool2d" not in msg


def test_valid_int_like_arguments_still_accepted():
    x = np.random.default_rng(4).standard_normal((1, 1, 4, 4))
    _close(F.max_pool2d(_p(x), np.int64(2)), TF.max_pool2d(_t(x), 2))
    _close(F.interpolate(_p(x), size=(np.int64(3), 5)), TF.interpolate(_t(x), size=(3, 5)))
    _close(F.pad(_p(x), (np.int64(1), 2)), TF.pad(_t(x), (1, 2)))


# ------------------------------------------------------------ linear, 1-D weight ---

@pytest.mark.parametrize("xshape", [(3,), (2, 3), (4, 2, 3)])
def test_linear_1d_weight_no_bias(xshape):
    rng = np.random.default_rng(5)
    x, w = rng.standard_normal(xshape), rng.standard_normal(3)
    xp, wp, xt, wt = _p(x, True), _p(w, True), _t(x, True), _t(w, True)
    yp, yt = F.linear(xp, wp), TF.linear(xt, wt)
    assert tuple(yp.shape) == tuple(yt.shape)
    _close(yp, yt, rtol=1e-12)
    yp.sum().backward()
    yt.sum().backward()
    _close(xp.grad, xt.grad, rtol=1e-12)
    _close(wp.grad, wt.grad, rtol=1e-12)
    assert pyt.autograd.gradcheck(lambda a, b: F.linear(a, b), (xp.detach().requires_grad_(), wp.detach().requires_grad_()))
