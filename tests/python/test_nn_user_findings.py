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
