"""pyt.optim with float16 / bfloat16 parameters, differential against torch 2.13.

torch's optimizers run their single-tensor (for-loop) implementation on CPU tensors: every
op computes in float and stores a tensor of the parameter's dtype. pyt's fused kernels
round at the same points (Note [Reduced-precision optimizer steps] in
src/cpp/pyt/ops/cpu/optim_loops.h), so parameters and state agree with torch's to rounding
(almost always bit for bit); the tests compare with half tolerances and check state dtypes.
"""

import numpy as np
import pytest
import torch

import pyt
import pyt.nn as nn

DTYPES = [("float16", torch.float16, pyt.float16), ("bfloat16", torch.bfloat16, pyt.bfloat16)]
# Whole multiples of 64 elements: torch computes add(x, alpha=a) on 16-bit tensors with a
# float fma over its vector chunks but, on the scalar remainder of a tensor (the last
# numel % 32 elements with AVX512, % 16 with AVX2), as alpha*x rounded to the dtype and then
# added; pyt always computes the fma. ODD_SHAPES exercise that remainder.
SHAPES = ((4, 16), (64,), (2, 4, 16))
ODD_SHAPES = ((5, 7), (13,), (3, 2, 4))
STEPS = 6

# (optimizer name, constructor kwargs)
CASES = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.1, momentum=0.9, weight_decay=0.01)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.1, maximize=True)),
    ("SGD", dict(lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.02)),
    ("Adam", dict(lr=0.01)),
    ("Adam", dict(lr=0.01, weight_decay=0.05, amsgrad=True)),
    ("Adam", dict(lr=0.01, maximize=True, eps=1e-3)),
    ("Adam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)),
    ("AdamW", dict(lr=0.01)),
    ("AdamW", dict(lr=0.01, weight_decay=0.1, amsgrad=True, maximize=True)),
    ("RMSprop", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, momentum=0.9, centered=True, weight_decay=0.01)),
    ("RMSprop", dict(lr=0.01, alpha=0.9, momentum=0.5, maximize=True, eps=1e-4)),
    ("Adagrad", dict(lr=0.1)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.05, maximize=True)),
    ("Adadelta", dict(lr=1.0)),
    ("Adadelta", dict(lr=0.5, rho=0.8, weight_decay=0.05, maximize=True, eps=1e-4)),
    ("Adamax", dict(lr=0.02)),
    ("Adamax", dict(lr=0.02, weight_decay=0.05, maximize=True)),
    ("NAdam", dict(lr=0.01)),
    ("NAdam", dict(lr=0.01, weight_decay=0.05, momentum_decay=0.005)),
    ("NAdam", dict(lr=0.01, weight_decay=0.05, decoupled_weight_decay=True, maximize=True)),
    ("RAdam", dict(lr=0.01)),
    ("RAdam", dict(lr=0.01, weight_decay=0.05, maximize=True)),
    ("RAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)),
]

# half tolerances: a few ulps of the dtype (float16: 2^-10, bfloat16: 2^-7 relative)
TOL = {"float16": dict(rtol=4e-3, atol=1e-4), "bfloat16": dict(rtol=3e-2, atol=1e-3)}


def _to_pyt(t, pdt):
    """A torch tensor of a 16-bit dtype as a pyt tensor of the same dtype and values."""
    return pyt.from_numpy(t.float().numpy().copy()).to(pdt)


def _np(t):
    if isinstance(t, torch.Tensor):
        return t.detach().float().numpy()
    return t.detach().float().numpy()


def _run(name, kwargs, tdt, pdt, steps=STEPS, seed=0, shapes=SHAPES):
    g = torch.Generator().manual_seed(seed)
    tparams = [torch.randn(*s, generator=g).to(tdt).requires_grad_() for s in shapes]
    pparams = [nn.Parameter(_to_pyt(t.detach(), pdt)) for t in tparams]
    topt = getattr(torch.optim, name)(tparams, **kwargs)
    popt = getattr(pyt.optim, name)(pparams, **kwargs)
    for s in range(steps):
        gg = torch.Generator().manual_seed(100 + s)
        for tp, pp in zip(tparams, pparams):
            grad = torch.randn(*tp.shape, generator=gg).to(tdt)
            tp.grad = grad.clone()
            pp.grad = _to_pyt(grad, pdt)
        topt.step()
        popt.step()
    return tparams, pparams, topt, popt


def _compare(tparams, pparams, topt, popt, dname, tol=None):
    tol = tol or TOL[dname]
    for tp, pp in zip(tparams, pparams):
        assert pp.dtype == getattr(pyt, dname)
        np.testing.assert_allclose(_np(pp), _np(tp), **tol)
        ts, ps = topt.state[tp], popt.state[pp]
        assert set(ts) == set(ps)
        for key, tv in ts.items():
            pv = ps[key]
            if isinstance(tv, torch.Tensor):
                assert str(pv.dtype).split(".")[-1] == str(tv.dtype).split(".")[-1], key
                assert tuple(pv.shape) == tuple(tv.shape), key
                np.testing.assert_allclose(_np(pv), _np(tv), err_msg=key, **tol)
            else:
                assert pv == pytest.approx(tv), key


@pytest.mark.parametrize("dname,tdt,pdt", DTYPES, ids=[d[0] for d in DTYPES])
@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_half_params_match_torch(name, kwargs, dname, tdt, pdt):
    tparams, pparams, topt, popt = _run(name, kwargs, tdt, pdt)
    _compare(tparams, pparams, topt, popt, dname)


@pytest.mark.parametrize("dname,tdt,pdt", DTYPES, ids=[d[0] for d in DTYPES])
@pytest.mark.parametrize("name,kwargs", [c for c in CASES if c[0] in ("SGD", "RMSprop")])
def test_half_scalar_remainder_close_to_torch(name, kwargs, dname, tdt, pdt):
    # tensors whose elements all fall in torch's scalar remainder of add(x, alpha=a) (see
    # SHAPES): pyt's fma differs from torch's two roundings by at most one ulp per step
    tparams, pparams, topt, popt = _run(name, kwargs, tdt, pdt, shapes=ODD_SHAPES)
    tol = {"float16": dict(rtol=1e-2, atol=2e-3), "bfloat16": dict(rtol=6e-2, atol=1e-2)}[dname]
    _compare(tparams, pparams, topt, popt, dname, tol)


def _bits_equal_fraction(name, kwargs, tdt, pdt):
    tparams, pparams, _, _ = _run(name, kwargs, tdt, pdt)
    same = total = 0
    for tp, pp in zip(tparams, pparams):
        a, b = _np(tp), _np(pp)
        same += int(((a == b) | (np.isnan(a) & np.isnan(b))).sum())
        total += a.size
    return same / total


@pytest.mark.parametrize("dname,tdt,pdt", DTYPES, ids=[d[0] for d in DTYPES])
@pytest.mark.parametrize("name", ["SGD", "Adam", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam"])
def test_half_rounds_per_op_like_torch(name, dname, tdt, pdt):
    # Rounding once per torch op (not once per step through float32) reproduces torch's
    # values bit for bit (allowing for a rare double-rounding difference) after several steps.
    for n, kwargs in CASES:
        if n == name:
            assert _bits_equal_fraction(name, kwargs, tdt, pdt) >= 0.99, kwargs


def test_half_eps_rounds_to_zero_like_torch():
    # Adam's eps=1e-8 is 0 in float16 (add(scalar) casts it), as in torch: a zero gradient
    # gives 0/0 = nan in both.
    tp = torch.zeros(3, dtype=torch.float16, requires_grad=True)
    pp = nn.Parameter(pyt.zeros(3, dtype=pyt.float16))
    tp.grad = torch.tensor([0.0, 1.0, -2.0], dtype=torch.float16)
    pp.grad = pyt.tensor([0.0, 1.0, -2.0], dtype=pyt.float16)
    topt, popt = torch.optim.Adam([tp], lr=0.1), pyt.optim.Adam([pp], lr=0.1)
    topt.step()
    popt.step()
    np.testing.assert_array_equal(np.isnan(_np(pp)), np.isnan(_np(tp)))
    np.testing.assert_allclose(_np(pp), _np(tp), rtol=4e-3, equal_nan=True)


@pytest.mark.parametrize("pdt", [pyt.float16, pyt.bfloat16])
def test_half_noncontiguous_param(pdt):
    # a non-contiguous 16-bit parameter is updated through a contiguous copy
    base = pyt.randn(4, 6).to(pdt)
    p = base.t()
    p.requires_grad_(True)
    p.grad = pyt.ones(6, 4).to(pdt)
    before = p.detach().float().clone()
    pyt.optim.SGD([p], lr=0.5).step()
    np.testing.assert_allclose(p.detach().float().numpy(), (before - 0.5).to(pdt).float().numpy())
