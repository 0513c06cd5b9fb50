"""Losses of pyt.nn / pyt.nn.functional, differential against torch (values, gradients,
every reduction, weights, edge cases), gradcheck in float64, and their errors."""

import warnings

import numpy as np
import pytest
import torch

import pyt
import pyt.nn.functional as F

RNG = np.random.default_rng(0)
REDS = ["none", "mean", "sum"]


def rand(*shape, lo=-2.0, hi=2.0):
    return RNG.uniform(lo, hi, size=shape)


def sign(*shape):
    return np.where(RNG.random(shape) < 0.5, -1.0, 1.0)


def libs_call(fn_name, arrays, kwargs, grads, lib, dtype):
    """Call lib.nn.functional.fn_name on tensors built from arrays; return (out, leaves)."""
    leaves = []
    args = []
    for a, g in zip(arrays, grads):
        if isinstance(a, np.ndarray):
            if a.dtype.kind in "iu":
                t = lib.tensor(a)
            else:
                t = lib.tensor(a, dtype=getattr(lib, dtype))
            if g:
                t.requires_grad_(True)
                leaves.append(t)
            args.append(t)
        else:
            args.append(a)
    kw = {}
    for k, v in kwargs.items():
        kw[k] = lib.tensor(v, dtype=getattr(lib, dtype)) if isinstance(v, np.ndarray) else v
    out = getattr(lib.nn.functional, fn_name)(*args, **kw)
    return out, leaves


# name, arrays (inputs; int arrays are not differentiated), grads, kwargs variants
CASES = [
    ("l1_loss", lambda: [rand(3, 4), rand(3, 4)], [True, True], [{}]),
    ("l1_loss", lambda: [rand(3, 4), rand(3, 4)], [True, False],
     [{"weight": rand(3, 4, lo=0.5, hi=2)}]),
    ("mse_loss", lambda: [rand(3, 4), rand(3, 4)], [True, True], [{}]),
    ("smooth_l1_loss", lambda: [rand(4, 5), rand(4, 5)], [True, True],
     [{}, {"beta": 0.5}, {"beta": 0.0}, {"beta": 3.0}]),
    ("huber_loss", lambda: [rand(4, 5), rand(4, 5)], [True, True],
     [{}, {"delta": 0.3}, {"delta": 2.5}]),
    ("huber_loss", lambda: [rand(4, 5), rand(4, 5)], [True, False],
     [{"weight": rand(4, 5, lo=0.5, hi=2)}]),
    ("binary_cross_entropy", lambda: [rand(3, 4, lo=0.05, hi=0.95), rand(3, 4, lo=0, hi=1)],
     [True, True], [{}, {"weight": rand(3, 4, lo=0.5, hi=2)}, {"weight": rand(4, lo=0.5, hi=2)}]),
    ("binary_cross_entropy_with_logits", lambda: [rand(3, 4) * 3, rand(3, 4, lo=0, hi=1)],
     [True, True],
     [{}, {"weight": rand(3, 4, lo=0.5, hi=2)}, {"pos_weight": rand(4, lo=0.5, hi=3)},
      {"pos_weight": rand(4, lo=0.5, hi=3), "weight": rand(4, lo=0.5, hi=2)}]),
    ("kl_div", lambda: [np.log(rand(3, 4, lo=0.1, hi=1)), rand(3, 4, lo=0.0, hi=1)],
     [True, True], [{}, {"reduction": "batchmean"}]),
    ("kl_div", lambda: [np.log(rand(3, 4, lo=0.1, hi=1)), np.log(rand(3, 4, lo=0.1, hi=1))],
     [True, True], [{"log_target": True}, {"log_target": True, "reduction": "batchmean"}]),
    ("cosine_embedding_loss", lambda: [rand(5, 4), rand(5, 4), sign(5)], [True, True, False],
     [{}, {"margin": 0.3}, {"margin": -0.5}]),
    ("cosine_embedding_loss", lambda: [rand(4), rand(4), np.array(-1.0)], [True, True, False],
     [{"margin": -0.2}]),
    ("margin_ranking_loss", lambda: [rand(6), rand(6), sign(6)], [True, True, False],
     [{}, {"margin": 0.7}]),
    ("triplet_margin_loss", lambda: [rand(5, 4), rand(5, 4), rand(5, 4)], [True, True, True],
     [{}, {"margin": 0.5, "p": 1}, {"swap": True}, {"p": 3, "eps": 1e-3}]),
    ("triplet_margin_loss", lambda: [rand(4), rand(4), rand(4)], [True, True, True], [{}]),
    ("hinge_embedding_loss", lambda: [rand(4, 5, lo=0.1, hi=2), sign(4, 5)], [True, False],
     [{}, {"margin": 0.4}]),
    ("soft_margin_loss", lambda: [rand(4, 5), sign(4, 5)], [True, False], [{}]),
    ("multilabel_soft_margin_loss", lambda: [rand(4, 5) * 3, (rand(4, 5) > 0).astype(float)],
     [True, True], [{}, {"weight": rand(5, lo=0.5, hi=2)}]),
    ("poisson_nll_loss", lambda: [rand(4, 5), rand(4, 5, lo=0, hi=4).round()], [True, True],
     [{}, {"full": True}]),
    ("poisson_nll_loss", lambda: [rand(4, 5, lo=0.1, hi=3), rand(4, 5, lo=0, hi=4).round()],
     [True, True], [{"log_input": False}, {"log_input": False, "full": True}]),
    ("gaussian_nll_loss", lambda: [rand(4, 3), rand(4, 3), rand(4, 3, lo=0.1, hi=2)],
     [True, True, True], [{}, {"full": True}]),
    ("gaussian_nll_loss", lambda: [rand(4, 3), rand(4, 3), rand(4, lo=0.1, hi=2)],
     [True, True, True], [{}]),
    ("gaussian_nll_loss", lambda: [rand(4, 3), rand(4, 3), rand(4, 1, lo=1e-8, hi=1e-7)],
     [True, True, True], [{"eps": 1e-3}]),
    ("nll_loss", lambda: [rand(5, 4), RNG.integers(0, 4, 5)], [True, False],
     [{}, {"weight": rand(4, lo=0.5, hi=2)}, {"ignore_index": 2},
      {"weight": rand(4, lo=0.5, hi=2), "ignore_index": 1}]),
    ("nll_loss", lambda: [rand(2, 4, 3, 2), RNG.integers(0, 4, (2, 3, 2))], [True, False],
     [{}, {"weight": rand(4, lo=0.5, hi=2), "ignore_index": 0}]),
    ("cross_entropy", lambda: [rand(5, 4), RNG.integers(0, 4, 5)], [True, False],
     [{}, {"weight": rand(4, lo=0.5, hi=2)}, {"ignore_index": 3}, {"label_smoothing": 0.2},
      {"weight": rand(4, lo=0.5, hi=2), "ignore_index": 1, "label_smoothing": 0.1}]),
    ("cross_entropy", lambda: [rand(2, 4, 3, 2), RNG.integers(0, 4, (2, 3, 2))], [True, False],
     [{}, {"weight": rand(4, lo=0.5, hi=2), "ignore_index": 0, "label_smoothing": 0.3}]),
    ("cross_entropy", lambda: [rand(5, 4), rand(5, 4, lo=0, hi=1)], [True, True],
     [{}, {"weight": rand(4, lo=0.5, hi=2)}, {"label_smoothing": 0.25}]),
    ("cross_entropy", lambda: [rand(2, 4, 3), rand(2, 4, 3, lo=0, hi=1)], [True, True],
     [{"weight": rand(4, lo=0.5, hi=2), "label_smoothing": 0.1}]),
]

PARAMS = []
for name, make, grads, variants in CASES:
    for vi, kw in enumerate(variants):
        reds = [kw["reduction"]] if "reduction" in kw else REDS
        for red in reds:
            PARAMS.append(pytest.param(name, make, grads, {**kw, "reduction": red},
                                       id=f"{name}-{vi}-{red}-{len(make())}"))


@pytest.mark.parametrize("name,make,grads,kwargs", PARAMS)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_loss_matches_torch(name, make, grads, kwargs, dtype):
    arrays = make()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_out, t_leaves = libs_call(name, arrays, kwargs, grads, torch, dtype)
        p_out, p_leaves = libs_call(name, arrays, kwargs, grads, pyt, dtype)
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == "float32" else dict(rtol=1e-10, atol=1e-12)
    assert p_out.dtype == getattr(pyt, dtype)
    assert tuple(p_out.shape) == tuple(t_out.shape)
    np.testing.assert_allclose(p_out.detach().numpy(), t_out.detach().numpy(), **tol)
    # gradients of a weighted sum, so that reduction="none" checks every element
    w = RNG.uniform(0.5, 1.5, size=tuple(t_out.shape))
    t_g = torch.autograd.grad((t_out * torch.tensor(w, dtype=t_out.dtype)).sum(), t_leaves)
    p_g = pyt.autograd.grad((p_out * pyt.tensor(w, dtype=p_out.dtype)).sum(), p_leaves)
    for a, b in zip(p_g, t_g):
        np.testing.assert_allclose(a.numpy(), b.numpy(), **tol)


GRADCHECK = [
    ("l1_loss", lambda: [rand(3, 4), rand(3, 4)], {}),
    ("smooth_l1_loss", lambda: [rand(3, 4), rand(3, 4)], {"beta": 0.7}),
    ("huber_loss", lambda: [rand(3, 4), rand(3, 4)], {"delta": 0.6}),
    ("binary_cross_entropy", lambda: [rand(3, 4, lo=0.1, hi=0.9), rand(3, 4, lo=0, hi=1)], {}),
    ("binary_cross_entropy_with_logits", lambda: [rand(3, 4), rand(3, 4, lo=0, hi=1)],
     {"pos_weight": rand(4, lo=0.5, hi=2)}),
    ("kl_div", lambda: [rand(3, 4, lo=-2, hi=-0.1), rand(3, 4, lo=0.1, hi=1)],
     {"reduction": "batchmean"}),
    ("cosine_embedding_loss", lambda: [rand(5, 4), rand(5, 4), sign(5)], {"margin": -0.9}),
    ("margin_ranking_loss", lambda: [rand(6), rand(6), sign(6)], {"margin": 0.3}),
    ("triplet_margin_loss", lambda: [rand(5, 4), rand(5, 4), rand(5, 4)], {"margin": 4.0}),
    ("hinge_embedding_loss", lambda: [rand(4, 5, lo=0.1, hi=0.9), sign(4, 5)], {}),
    ("soft_margin_loss", lambda: [rand(4, 5), sign(4, 5)], {}),
    ("multilabel_soft_margin_loss", lambda: [rand(4, 5), rand(4, 5, lo=0, hi=1)], {}),
    ("poisson_nll_loss", lambda: [rand(4, 5), rand(4, 5, lo=0, hi=3)], {"full": True}),
    ("gaussian_nll_loss", lambda: [rand(4, 3), rand(4, 3), rand(4, 3, lo=0.5, hi=2)], {}),
    ("cross_entropy", lambda: [rand(2, 4, 3), RNG.integers(0, 4, (2, 3))],
     {"weight": rand(4, lo=0.5, hi=2), "label_smoothing": 0.2, "ignore_index": 1}),
    ("cross_entropy", lambda: [rand(3, 4), rand(3, 4, lo=0, hi=1)], {"label_smoothing": 0.2}),
    ("nll_loss", lambda: [rand(2, 4, 3), RNG.integers(0, 4, (2, 3))],
     {"weight": rand(4, lo=0.5, hi=2)}),
]


@pytest.mark.parametrize("name,make,kwargs", GRADCHECK, ids=[g[0] for g in GRADCHECK])
def test_loss_gradcheck_float64(name, make, kwargs):
    arrays = make()
    kw = {k: pyt.tensor(v, dtype=pyt.float64) if isinstance(v, np.ndarray) else v
          for k, v in kwargs.items()}
    leaves = [pyt.tensor(a, dtype=pyt.float64).requires_grad_(True) if a.dtype.kind == "f"
              and a.ndim > 0 and not np.all(np.abs(a) == 1) else pyt.tensor(a) for a in arrays]
    diff = [x for x in leaves if x.requires_grad]

    def f(*xs):
        it = iter(xs)
        args = [next(it) if x.requires_grad else x for x in leaves]
        return getattr(F, name)(*args, **kw)

    assert pyt.autograd.gradcheck(f, tuple(diff))


# ----------------------------------------------------------------------------- edge cases
def test_all_targets_ignored_gives_nan_mean_and_zero_sum_like_torch():
    x = rand(3, 4)
    tgt = np.full(3, -100)
    for red in REDS:
        for fn in ("cross_entropy", "nll_loss"):
            t = getattr(torch.nn.functional, fn)(torch.tensor(x), torch.tensor(tgt), reduction=red)
            p = getattr(F, fn)(pyt.tensor(x), pyt.tensor(tgt), reduction=red)
            np.testing.assert_allclose(p.numpy(), t.numpy(), equal_nan=True)


def test_bce_extreme_inputs_clamped_like_torch():
    x = np.array([0.0, 1.0, 0.5, 1e-30])
    y = np.array([1.0, 0.0, 1.0, 1.0])
    t = torch.nn.functional.binary_cross_entropy(torch.tensor(x), torch.tensor(y), reduction="none")
    p = F.binary_cross_entropy(pyt.tensor(x), pyt.tensor(y), reduction="none")
    np.testing.assert_allclose(p.numpy(), t.numpy())


def test_bce_with_logits_large_logits_are_stable():
    x = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    y = np.array([1.0, 0.0, 0.5, 1.0, 0.0])
    tx = torch.tensor(x, requires_grad=True)
    px = pyt.tensor(x).requires_grad_(True)
    t = torch.nn.functional.binary_cross_entropy_with_logits(tx, torch.tensor(y), reduction="sum")
    p = F.binary_cross_entropy_with_logits(px, pyt.tensor(y), reduction="sum")
    np.testing.assert_allclose(p.item(), t.item())
    t.backward()
    p.backward()
    np.testing.assert_allclose(px.grad.numpy(), tx.grad.numpy(), atol=1e-15)


def test_empty_inputs_like_torch():
    for fn in ("l1_loss", "smooth_l1_loss", "huber_loss", "soft_margin_loss"):
        for red in REDS:
            t = getattr(torch.nn.functional, fn)(torch.zeros(0, 3), torch.zeros(0, 3), reduction=red)
            p = getattr(F, fn)(pyt.zeros(0, 3), pyt.zeros(0, 3), reduction=red)
            assert tuple(p.shape) == tuple(t.shape)
            np.testing.assert_allclose(p.numpy(), t.numpy(), equal_nan=True)


def test_broadcast_and_noncontiguous_inputs():
    a, b = rand(4, 3), rand(3)
    with pytest.warns(UserWarning, match="target size"):
        p = F.l1_loss(pyt.tensor(a), pyt.tensor(b))
    with pytest.warns(UserWarning, match="target size"):
        t = torch.nn.functional.l1_loss(torch.tensor(a), torch.tensor(b))
    np.testing.assert_allclose(p.numpy(), t.numpy())
    a = rand(5, 4)
    c = rand(4, 5)
    p = F.smooth_l1_loss(pyt.tensor(a).t(), pyt.tensor(c), reduction="none")
    t = torch.nn.functional.smooth_l1_loss(torch.tensor(a).t(), torch.tensor(c), reduction="none")
    np.testing.assert_allclose(p.numpy(), t.numpy())


# ----------------------------------------------------------------------------- CTC
def _ctc_inputs(T=12, N=4, C=6, S=5, seed=1):
    r = np.random.default_rng(seed)
    logits = r.normal(size=(T, N, C))
    tgt = r.integers(1, C, size=(N, S))
    il = r.integers(S * 2, T + 1, size=N)
    tl = r.integers(1, S + 1, size=N)
    return logits, tgt, il, tl


@pytest.mark.parametrize("red", REDS)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("layout", ["padded", "concat"])
def test_ctc_matches_torch(red, dtype, layout):
    logits, tgt, il, tl = _ctc_inputs()
    outs, grads = [], []
    for lib in (torch, pyt):
        x = lib.tensor(logits, dtype=getattr(lib, dtype)).requires_grad_(True)
        lp = x.log_softmax(2)
        if layout == "padded":
            tg = lib.tensor(tgt)
        else:
            tg = lib.tensor(np.concatenate([tgt[i, : tl[i]] for i in range(len(tl))]))
        out = lib.nn.functional.ctc_loss(lp, tg, lib.tensor(il), lib.tensor(tl), reduction=red)
        (out.sum() if red == "none" else out).backward()
        outs.append(out.detach().numpy())
        grads.append(x.grad.numpy())
    tol = dict(rtol=1e-5, atol=1e-5) if dtype == "float32" else dict(rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(outs[1], outs[0], **tol)
    np.testing.assert_allclose(grads[1], grads[0], **tol)


def test_ctc_impossible_alignment_inf_and_zero_infinity():
    # target longer than the input can emit: loss is inf; zero_infinity zeroes loss and grad
    logits = np.random.default_rng(2).normal(size=(3, 2, 4))
    tgt = np.array([[1, 1, 1, 2], [1, 2, 0, 0]])
    il, tl = [3, 3], [4, 2]
    for zi in (False, True):
        res = []
        for lib in (torch, pyt):
            x = lib.tensor(logits).requires_grad_(True)
            out = lib.nn.CTCLoss(reduction="none", zero_infinity=zi)(
                x.log_softmax(2), lib.tensor(tgt), lib.tensor(il), lib.tensor(tl))
            out.sum().backward()
            res.append((out.detach().numpy(), x.grad.numpy()))
        np.testing.assert_allclose(res[1][0], res[0][0], rtol=1e-10)
        np.testing.assert_allclose(res[1][1], res[0][1], rtol=1e-10, atol=1e-12)


def test_ctc_gradcheck_and_module():
    logits, tgt, il, tl = _ctc_inputs(T=6, N=2, C=4, S=2)
    x = pyt.tensor(logits).requires_grad_(True)
    tg, ilt, tlt = pyt.tensor(tgt), pyt.tensor(il), pyt.tensor(tl)
    assert pyt.autograd.gradcheck(
        lambda z: F.ctc_loss(z.log_softmax(2), tg, ilt, tlt, reduction="sum"), (x,))
    m = pyt.nn.CTCLoss(blank=0)
    t = torch.nn.CTCLoss(blank=0)(torch.tensor(logits).log_softmax(2), torch.tensor(tgt),
                                  torch.tensor(il), torch.tensor(tl))
    np.testing.assert_allclose(m(x.log_softmax(2), tg, ilt, tlt).item(), t.item(), rtol=1e-10)


def test_ctc_errors():
    lp = pyt.randn(5, 2, 4).log_softmax(2)
    tg = pyt.tensor([[1, 2], [2, 3]])
    with pytest.raises(RuntimeError, match="input_lengths"):
        F.ctc_loss(lp, tg, (6, 5), (2, 2))
    with pytest.raises(RuntimeError, match="batch_size"):
        F.ctc_loss(lp, tg, (5,), (2, 2))
    with pytest.raises(RuntimeError, match="blank"):
        F.ctc_loss(lp, tg, (5, 5), (2, 2), blank=4)
    with pytest.raises(RuntimeError, match="size at least 3"):
        F.ctc_loss(lp, tg, (5, 5), (3, 2))
    with pytest.raises(RuntimeError, match="target 7 of sample 1"):
        F.ctc_loss(lp, pyt.tensor([[1, 2], [7, 3]]), (5, 5), (2, 2))
    with pytest.raises(RuntimeError, match="equals blank"):
        F.ctc_loss(lp, pyt.tensor([[1, 0], [1, 3]]), (5, 5), (2, 2))
    with pytest.raises(ValueError, match="reduction"):
        F.ctc_loss(lp, tg, (5, 5), (2, 2), reduction="avg")


# ----------------------------------------------------------------------------- modules
MODULES = [
    ("L1Loss", {}, lambda: [rand(3, 4), rand(3, 4)]),
    ("SmoothL1Loss", {"beta": 0.5}, lambda: [rand(3, 4), rand(3, 4)]),
    ("HuberLoss", {"delta": 0.5}, lambda: [rand(3, 4), rand(3, 4)]),
    ("MSELoss", {"reduction": "sum"}, lambda: [rand(3, 4), rand(3, 4)]),
    ("BCELoss", {"weight": rand(4, lo=0.5, hi=1)},
     lambda: [rand(3, 4, lo=0.1, hi=0.9), rand(3, 4, lo=0, hi=1)]),
    ("BCEWithLogitsLoss", {"pos_weight": rand(4, lo=0.5, hi=2)},
     lambda: [rand(3, 4), rand(3, 4, lo=0, hi=1)]),
    ("KLDivLoss", {"reduction": "batchmean", "log_target": True},
     lambda: [rand(3, 4, lo=-2, hi=0), rand(3, 4, lo=-2, hi=0)]),
    ("CosineEmbeddingLoss", {"margin": 0.2}, lambda: [rand(4, 3), rand(4, 3), sign(4)]),
    ("MarginRankingLoss", {"margin": 0.2}, lambda: [rand(4), rand(4), sign(4)]),
    ("TripletMarginLoss", {"margin": 0.5, "swap": True},
     lambda: [rand(4, 3), rand(4, 3), rand(4, 3)]),
    ("HingeEmbeddingLoss", {"margin": 0.5}, lambda: [rand(4, 3), sign(4, 3)]),
    ("SoftMarginLoss", {}, lambda: [rand(4, 3), sign(4, 3)]),
    ("MultiLabelSoftMarginLoss", {"weight": rand(3, lo=0.5, hi=2)},
     lambda: [rand(4, 3), rand(4, 3, lo=0, hi=1)]),
    ("PoissonNLLLoss", {"log_input": False, "full": True},
     lambda: [rand(4, 3, lo=0.1, hi=2), rand(4, 3, lo=0, hi=4).round()]),
    ("GaussianNLLLoss", {"full": True},
     lambda: [rand(4, 3), rand(4, 3), rand(4, 3, lo=0.1, hi=2)]),
    ("CrossEntropyLoss", {"label_smoothing": 0.1, "ignore_index": 2},
     lambda: [rand(5, 4), RNG.integers(0, 4, 5)]),
    ("NLLLoss", {"weight": rand(4, lo=0.5, hi=2)}, lambda: [rand(5, 4), RNG.integers(0, 4, 5)]),
]


@pytest.mark.parametrize("cls,kwargs,make", MODULES, ids=[m[0] for m in MODULES])
def test_loss_modules_match_torch(cls, kwargs, make):
    arrays = make()
    res = []
    for lib in (torch, pyt):
        kw = {k: lib.tensor(v) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
        m = getattr(lib.nn, cls)(**kw)
        ins = [lib.tensor(a) for a in arrays]
        res.append((m(*ins).detach().numpy(), repr(m), sorted(m.state_dict().keys())))
    np.testing.assert_allclose(res[1][0], res[0][0], rtol=1e-10, atol=1e-12)
    assert res[1][1] == res[0][1]
    assert res[1][2] == res[0][2]


# ----------------------------------------------------------------------------- errors
def test_loss_errors_like_torch():
    x = pyt.rand(3, 4)
    with pytest.raises(ValueError, match="is not a valid value for reduction"):
        F.l1_loss(x, x, reduction="avg")
    with pytest.raises(RuntimeError, match="negative values for beta"):
        F.smooth_l1_loss(x, x, beta=-1.0)
    with pytest.raises(ValueError, match="different to the input size"):
        F.binary_cross_entropy(x, pyt.rand(4))
    with pytest.raises(RuntimeError, match="between 0 and 1"):
        F.binary_cross_entropy(x + 1, x)
    with pytest.raises(ValueError, match=r"Target size \(pyt.Size\(\[4\]\)\) must be the same"):
        F.binary_cross_entropy_with_logits(x, pyt.rand(4))
    with pytest.raises(RuntimeError, match="same dimension"):
        F.margin_ranking_loss(pyt.rand(3), pyt.rand(3), pyt.rand(3, 1))
    with pytest.raises(ValueError, match="margin must be greater than 0"):
        F.triplet_margin_loss(x, x, x, margin=0)
    with pytest.raises(RuntimeError, match="same number of dimensions"):
        F.triplet_margin_loss(x, x, pyt.rand(4))
    with pytest.raises(RuntimeError, match="1D target tensor expects 2D input"):
        F.cosine_embedding_loss(pyt.rand(3), pyt.rand(3), pyt.ones(3))
    with pytest.raises(ValueError, match="var has negative"):
        F.gaussian_nll_loss(x, x, -pyt.ones(3, 4))
    with pytest.raises(ValueError, match="var is of incorrect size"):
        F.gaussian_nll_loss(x, x, pyt.ones(2, 2))
    with pytest.raises(ValueError, match="Weights and input must have the same size"):
        F.l1_loss(x, x, weight=pyt.ones(4))
    with pytest.raises(IndexError, match="out of bounds"):
        F.cross_entropy(x, pyt.tensor([0, 1, 4]))
    with pytest.raises(ValueError, match="batch_size"):
        F.cross_entropy(x, pyt.tensor([0, 1]))
    with pytest.raises(TypeError, match="must be Tensor"):
        F.soft_margin_loss([1.0], x)
    with pytest.warns(UserWarning, match="batchmean"):
        F.kl_div(x.log(), x)
