"""Shared helpers of pyt's differential tests: torch is the oracle.

Inputs are made once as numpy arrays and turned into a pyt tensor and a torch tensor with the
same values, so every comparison starts from bit-identical data. ``gradcheck`` is a
finite-difference check of pyt's backward in float64 (pyt has no ``autograd.gradcheck`` yet),
in the spirit of ``torch.autograd.gradcheck``: it compares the vector-Jacobian product
``v^T J`` for a random ``v`` against central differences of ``sum(v * f(x))``.
"""

import zlib

import numpy as np
import pyt
import torch

FLOATS = ("float32", "float64")
NP_DTYPE = {
    "bool": np.bool_,
    "uint8": np.uint8,
    "int8": np.int8,
    "int16": np.int16,
    "int32": np.int32,
    "int64": np.int64,
    "float16": np.float16,
    "float32": np.float32,
    "float64": np.float64,
}


def dtype_name(d):
    """'float32' for pyt.float32 and torch.float32 alike (the part after the module prefix)."""
    return str(d).split(".")[-1]


def is_float_name(name):
    return name in ("float16", "bfloat16", "float32", "float64")


def rng_for(*key):
    """A numpy Generator seeded from a readable key, so each test case has its own fixed data."""
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def both(arr, requires_grad=False):
    """(pyt tensor, torch tensor) holding copies of the numpy array arr."""
    arr = np.asarray(arr)
    p = pyt.tensor(arr.copy())
    t = torch.tensor(arr.copy())
    if requires_grad:
        p.requires_grad_(True)
        t.requires_grad_(True)
    return p, t


def to_np(x):
    """A numpy copy of a pyt or torch tensor (detached)."""
    return np.array(x.detach().numpy(), copy=True)


def assert_tensor_close(p, t, rtol=0.0, atol=0.0, what="output"):
    """p (pyt) equals t (torch): type, shape, dtype and values (nan == nan)."""
    assert isinstance(p, pyt.Tensor), f"{what}: expected a pyt.Tensor, got {type(p).__name__}"
    assert tuple(p.shape) == tuple(t.shape), (
        f"{what}: shape {tuple(p.shape)} != torch {tuple(t.shape)}"
    )
    assert dtype_name(p.dtype) == dtype_name(t.dtype), (
        f"{what}: dtype {dtype_name(p.dtype)} != torch {dtype_name(t.dtype)}"
    )
    np.testing.assert_allclose(
        to_np(p), to_np(t), rtol=rtol, atol=atol, equal_nan=True, err_msg=what
    )


def flatten_out(out):
    """A list of the tensors (or Python values) in a possibly nested tuple/list output."""
    if isinstance(out, (tuple, list)):
        res = []
        for o in out:
            res.extend(flatten_out(o))
        return res
    return [out]


def assert_same(p_out, t_out, rtol=0.0, atol=0.0, what="output"):
    """A pyt result equals a torch result: tensors, (named) tuples of tensors, or Python values."""
    if isinstance(t_out, torch.Tensor):
        assert_tensor_close(p_out, t_out, rtol, atol, what)
    elif isinstance(t_out, (tuple, list)):
        assert isinstance(p_out, (tuple, list)), (
            f"{what}: expected a tuple, got {type(p_out).__name__}"
        )
        assert len(p_out) == len(t_out), f"{what}: {len(p_out)} outputs != torch {len(t_out)}"
        for field in getattr(t_out, "_fields", ()) or ():
            assert hasattr(p_out, field), f"{what}: result has no field {field!r}"
        for i, (a, b) in enumerate(zip(p_out, t_out)):
            assert_same(a, b, rtol, atol, f"{what}[{i}]")
    elif isinstance(t_out, float):
        assert isinstance(p_out, float), f"{what}: expected float, got {type(p_out).__name__}"
        np.testing.assert_allclose(p_out, t_out, rtol=rtol, atol=atol, equal_nan=True)
    else:
        assert type(p_out) is type(t_out), (
            f"{what}: {type(p_out).__name__} != {type(t_out).__name__}"
        )
        assert p_out == t_out, f"{what}: {p_out!r} != torch {t_out!r}"


def numerical_vjp(fn, arrays, wrt, cotangents, eps=1e-6):
    """Central differences of ``sum_k <cotangents[k], out_k>`` w.r.t. arrays[i] for i in wrt.

    fn maps a list of numpy arrays to a list of numpy outputs (the differentiable ones).
    Returns {i: gradient array shaped like arrays[i]}.
    """

    def scalar(arrs):
        outs = fn(arrs)
        return float(sum(np.sum(c * o) for c, o in zip(cotangents, outs)))

    grads = {}
    for i in wrt:
        base = arrays[i]
        g = np.zeros(base.shape, dtype=np.float64)
        for idx in np.ndindex(*base.shape):
            plus = [a.copy() for a in arrays]
            minus = [a.copy() for a in arrays]
            plus[i][idx] += eps
            minus[i][idx] -= eps
            g[idx] = (scalar(plus) - scalar(minus)) / (2 * eps)
        grads[i] = g
    return grads


def gradcheck(fn, inputs, *, eps=1e-6, atol=1e-6, rtol=1e-4, seed=0):
    """Checks pyt's backward of fn at inputs against finite differences (float64 only).

    Args:
        fn: maps pyt tensors (the inputs, in order) to a tensor or a tuple of tensors.
        inputs: pyt tensors; those with requires_grad (float64) are differentiated.
        eps, atol, rtol: step and tolerances, as in torch.autograd.gradcheck.

    Returns:
        True; raises AssertionError naming the input whose gradient differs.

    Example:
        >>> x = pyt.tensor([1.0, 2.0], dtype=pyt.float64, requires_grad=True)
        >>> gradcheck(lambda x: (x * x).sum(), [x])
        True
    """
    wrt = [i for i, x in enumerate(inputs) if isinstance(x, pyt.Tensor) and x.requires_grad]
    assert wrt, "gradcheck: no input requires grad"
    for i in wrt:
        assert inputs[i].dtype == pyt.float64, (
            f"gradcheck: input {i} is {inputs[i].dtype}, need float64"
        )
    outs = [o for o in flatten_out(fn(*inputs)) if isinstance(o, pyt.Tensor) and o.requires_grad]
    assert outs, "gradcheck: no output requires grad"
    rng = np.random.default_rng(seed)
    cots = [rng.standard_normal(tuple(o.shape)) for o in outs]
    pyt.autograd.backward(outs, [pyt.tensor(c, dtype=o.dtype) for c, o in zip(cots, outs)])
    analytic = {
        i: (
            to_np(inputs[i].grad)
            if inputs[i].grad is not None
            else np.zeros(tuple(inputs[i].shape))
        )
        for i in wrt
    }
    for i in wrt:
        inputs[i].grad = None
    arrays = [to_np(x) if isinstance(x, pyt.Tensor) else x for x in inputs]

    def np_fn(arrs):
        ts = [pyt.tensor(a) if isinstance(x, pyt.Tensor) else a for a, x in zip(arrs, inputs)]
        with pyt.no_grad():
            res = [
                o
                for o in flatten_out(fn(*ts))
                if isinstance(o, pyt.Tensor) and o.dtype.is_floating_point
            ]
        return [to_np(o) for o in res]

    numeric = numerical_vjp(np_fn, arrays, wrt, cots, eps)
    for i in wrt:
        np.testing.assert_allclose(
            analytic[i],
            numeric[i],
            rtol=rtol,
            atol=atol,
            err_msg=f"gradcheck: analytic and numerical gradients of input {i} differ",
        )
    return True
