"""The out= keyword of pyt's functions, differential against torch (python/pyt/_out.py).

Each case runs the same call in torch and pyt with an ``out`` tensor: the call must return
``out`` itself, hold torch's values in torch's dtype and shape, bump ``out``'s version
counter, and refuse (with torch's exception type) what torch refuses: an ``out`` dtype the
result cannot be written to, inputs that require grad under grad mode.
"""

import warnings

import numpy as np
import pytest
import pyt
import torch

X = [[-1.5, -0.25, 0.0], [0.5, 2.0, 3.25]]
Y = [[0.75, -2.0, 1.5], [3.0, -0.5, 2.0]]
A = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [-2.0, 1.0, 0.5]]


class In:
    """Inputs of one library: float32 x, y (2, 3), a (3, 3), b (2, 3, 3), v (3,), int64 n,
    a bool mask and int64 indices."""

    def __init__(self, lib):
        self.x = lib.tensor(X)
        self.y = lib.tensor(Y)
        self.a = lib.tensor(A)
        self.b = lib.stack([self.a, self.a * 2])
        self.v = lib.tensor([1.0, -2.0, 0.5])
        self.n = lib.tensor([[3, -1, 0], [2, 5, 7]])
        self.mask = lib.tensor([[True, False, True], [False, False, True]])
        self.idx = lib.tensor([2, 0, 2])
        self.g = lib.tensor([[0, 2, 1], [1, 1, 0]])
        self.lib = lib


# name -> call(T, d, **kw) whose kw carries out=
CASES = {
    "add": lambda T, d, **k: T.add(d.x, d.y, **k),
    "add_alpha_scalar": lambda T, d, **k: T.add(d.x, 2, alpha=3, **k),
    "sub_alpha": lambda T, d, **k: T.sub(d.x, d.y, alpha=2, **k),
    "mul": lambda T, d, **k: T.mul(d.x, d.y, **k),
    "mul_int": lambda T, d, **k: T.mul(d.n, 3, **k),
    "div": lambda T, d, **k: T.div(d.x, d.y, **k),
    "div_floor": lambda T, d, **k: T.div(d.x, d.y, rounding_mode="floor", **k),
    "floor_divide_int": lambda T, d, **k: T.floor_divide(d.n, 2, **k),
    "remainder": lambda T, d, **k: T.remainder(d.x, d.y, **k),
    "pow": lambda T, d, **k: T.pow(d.x, 2, **k),
    "maximum": lambda T, d, **k: T.maximum(d.x, d.y, **k),
    "hypot": lambda T, d, **k: T.hypot(d.x, d.y, **k),
    "lerp": lambda T, d, **k: T.lerp(d.x, d.y, 0.25, **k),
    "exp": lambda T, d, **k: T.exp(d.x, **k),
    "exp_int": lambda T, d, **k: T.exp(d.n, **k),
    "sqrt": lambda T, d, **k: T.sqrt(d.x, **k),
    "atanh": lambda T, d, **k: T.atanh(d.x / 4, **k),
    "sigmoid": lambda T, d, **k: T.sigmoid(d.x, **k),
    "abs": lambda T, d, **k: T.abs(d.x, **k),
    "neg_int": lambda T, d, **k: T.neg(d.n, **k),
    "round_decimals": lambda T, d, **k: T.round(d.x, decimals=1, **k),
    "clamp": lambda T, d, **k: T.clamp(d.x, -1, 1, **k),
    "clamp_tensor": lambda T, d, **k: T.clamp(d.x, d.y, **k),
    "nan_to_num": lambda T, d, **k: T.nan_to_num(d.x / 0, **k),
    "eq": lambda T, d, **k: T.eq(d.x, d.y, **k),
    "lt_scalar": lambda T, d, **k: T.lt(d.x, 0.5, **k),
    "logical_and": lambda T, d, **k: T.logical_and(d.x, d.y, **k),
    "bitwise_xor": lambda T, d, **k: T.bitwise_xor(d.n, 6, **k),
    "where": lambda T, d, **k: T.where(d.mask, d.x, d.y, **k),
    "sum_dim": lambda T, d, **k: T.sum(d.x, 1, **k),
    "sum_int": lambda T, d, **k: T.sum(d.n, 0, **k),
    "sum_keepdim": lambda T, d, **k: T.sum(d.x, 0, keepdim=True, **k),
    "mean": lambda T, d, **k: T.mean(d.x, 1, **k),
    "prod": lambda T, d, **k: T.prod(d.x, 0, **k),
    "max_full": lambda T, d, **k: T.max(d.x, **k),
    "amax": lambda T, d, **k: T.amax(d.x, 1, **k),
    "argmax": lambda T, d, **k: T.argmax(d.x, 1, **k),
    "var": lambda T, d, **k: T.var(d.x, 1, **k),
    "std": lambda T, d, **k: T.std(d.x, 0, **k),
    "norm": lambda T, d, **k: T.norm(d.x, dim=1, **k),
    "logsumexp": lambda T, d, **k: T.logsumexp(d.x, 1, **k),
    "cumsum": lambda T, d, **k: T.cumsum(d.x, 1, **k),
    "cumprod_int": lambda T, d, **k: T.cumprod(d.n, 1, **k),
    "cumsum_dtype": lambda T, d, **k: T.cumsum(d.x, 0, dtype=T.float32, **k),
    "sum_no_dim": lambda T, d, **k: T.sum(d.x, **k),
    "prod_no_dim": lambda T, d, **k: T.prod(d.x, **k),
    "all": lambda T, d, **k: T.all(d.x, 1, **k),
    "any": lambda T, d, **k: T.any(d.x, 0, **k),
    "cat": lambda T, d, **k: T.cat([d.x, d.y], **k),
    "cat_dim1": lambda T, d, **k: T.cat([d.x, d.y], 1, **k),
    "stack": lambda T, d, **k: T.stack([d.x, d.y], **k),
    "index_select": lambda T, d, **k: T.index_select(d.x, 1, d.idx, **k),
    "gather": lambda T, d, **k: T.gather(d.x, 1, d.g, **k),
    "scatter": lambda T, d, **k: T.scatter(d.x, 1, d.g, d.y, **k),
    "scatter_add": lambda T, d, **k: T.scatter_add(d.x, 1, d.g, d.y, **k),
    "scatter_reduce": lambda T, d, **k: T.scatter_reduce(d.x, 1, d.g, d.y, "amax", **k),
    "index_add": lambda T, d, **k: T.index_add(d.x, 1, d.idx, d.y, **k),
    "index_copy": lambda T, d, **k: T.index_copy(d.x, 1, T.tensor([2, 0, 1]), d.y, **k),
    "masked_select": lambda T, d, **k: T.masked_select(d.x, d.mask, **k),
    "take": lambda T, d, **k: T.take(d.x, d.idx, **k),
    "take_along_dim": lambda T, d, **k: T.take_along_dim(d.x, d.g, 1, **k),
    "nonzero": lambda T, d, **k: T.nonzero(d.x, **k),
    "matmul": lambda T, d, **k: T.matmul(d.x, d.a, **k),
    "mm": lambda T, d, **k: T.mm(d.x, d.a, **k),
    "bmm": lambda T, d, **k: T.bmm(d.b, d.b, **k),
    "mv": lambda T, d, **k: T.mv(d.x, d.v, **k),
    "dot": lambda T, d, **k: T.dot(d.v, d.v, **k),
    "outer": lambda T, d, **k: T.outer(d.v, d.v, **k),
    "addmm": lambda T, d, **k: T.addmm(d.x, d.x, d.a, beta=0.5, **k),
    "baddbmm": lambda T, d, **k: T.baddbmm(d.b, d.b, d.b, alpha=2, **k),
    "tril": lambda T, d, **k: T.tril(d.a, **k),
    "softmax": lambda T, d, **k: T.softmax(d.x, 1, **k),
}
TUPLE_CASES = {
    "max_dim": lambda T, d, **k: T.max(d.x, 1, **k),
    "min_dim_keepdim": lambda T, d, **k: T.min(d.x, 0, keepdim=True, **k),
    "sort": lambda T, d, **k: T.sort(d.x, 1, descending=True, **k),
    "topk": lambda T, d, **k: T.topk(d.x, 2, 1, **k),
}
OUT_DTYPES = ("float32", "float64", "float16", "int64", "int32", "bool", "uint8")


def _np(t):
    t = t.detach()
    if str(t.dtype).endswith("bfloat16"):
        t = t.float()
    return np.array(t.numpy(), copy=True)


def _same(p, t, what):
    assert str(p.dtype).split(".")[-1] == str(t.dtype).split(".")[-1], f"{what}: dtype {p.dtype} != {t.dtype}"
    assert tuple(p.shape) == tuple(t.shape), f"{what}: shape {tuple(p.shape)} != {tuple(t.shape)}"
    np.testing.assert_allclose(_np(p).astype(np.float64), _np(t).astype(np.float64), rtol=1e-3, atol=1e-5,
                               equal_nan=True, err_msg=what)


def _run(lib, fn, out):
    d = In(lib)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(lib, d, out=out)


@pytest.mark.parametrize("name", sorted(CASES))
def test_out_matches_torch_and_returns_out(name):
    fn = CASES[name]
    expected = fn(torch, In(torch))
    po, to = pyt.empty(tuple(expected.shape), dtype=getattr(pyt, str(expected.dtype).split(".")[-1])), \
        torch.empty(expected.shape, dtype=expected.dtype)
    v0 = po._version
    try:
        rt = _run(torch, fn, to)
    except TypeError:  # torch has no out= for this form (sum/prod over all dims)
        with pytest.raises(TypeError):
            _run(pyt, fn, po)
        return
    r = _run(pyt, fn, po)
    assert r is po
    assert po._version > v0, "out= must bump out's version counter"
    _same(po, rt, name)
    _same(po, expected, name)


@pytest.mark.parametrize("out_dtype", OUT_DTYPES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_out_dtype_rules_match_torch(name, out_dtype):
    """Every (op, out dtype): both write the same values or both raise the same type."""
    fn = CASES[name]
    shape = tuple(fn(torch, In(torch)).shape)
    to = torch.zeros(shape, dtype=getattr(torch, out_dtype))
    po = pyt.zeros(shape, dtype=getattr(pyt, out_dtype))
    try:
        _run(torch, fn, to)
    except Exception as e:
        with pytest.raises(type(e)):
            _run(pyt, fn, po)
        return
    r = _run(pyt, fn, po)
    assert r is po
    _same(po, to, f"{name} out={out_dtype}")


@pytest.mark.parametrize("name", sorted(TUPLE_CASES))
def test_tuple_out(name):
    fn = TUPLE_CASES[name]
    expected = fn(torch, In(torch))
    vt, it = torch.empty(0), torch.empty(0, dtype=torch.long)
    _run(torch, fn, (vt, it))
    vp, ip = pyt.empty(0), pyt.empty(0, dtype=pyt.int64)
    r = _run(pyt, fn, (vp, ip))
    assert r[0] is vp and r[1] is ip
    assert r.values is vp and r.indices is ip
    assert type(r) is type(fn(pyt, In(pyt)))
    _same(vp, expected.values, name + " values")
    _same(ip, expected.indices, name + " indices")
    _same(vp, vt, name)
    # values must have the input's dtype and indices int64, as in torch
    for bad in ((pyt.empty(0, dtype=pyt.float64), pyt.empty(0, dtype=pyt.int64)),
                (pyt.empty(0), pyt.empty(0, dtype=pyt.int32))):
        with pytest.raises(RuntimeError):
            _run(pyt, fn, bad)
        with pytest.raises(RuntimeError):
            _run(torch, fn, (torch.empty(0, dtype=getattr(torch, str(bad[0].dtype).split(".")[-1])),
                             torch.empty(0, dtype=getattr(torch, str(bad[1].dtype).split(".")[-1]))))


def test_cast_error_message():
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
        pyt.add(pyt.ones(2), pyt.ones(2), out=pyt.empty(2, dtype=pyt.int64))
    with pytest.raises(TypeError, match="can't be cast to the desired output type Long"):
        pyt.cat([pyt.ones(2)], out=pyt.empty(2, dtype=pyt.int64))


def test_out_resized_with_warning():
    x = pyt.ones(2, 3)
    out = pyt.empty(5)
    with pytest.warns(UserWarning, match=r"was resized since it had shape \[5\].*\[2, 3\]"):
        r = pyt.add(x, 1, out=out)
    assert r is out and tuple(out.shape) == (2, 3) and out.is_contiguous()
    assert out.tolist() == [[2.0] * 3] * 2
    # an empty out is resized silently
    out = pyt.empty(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pyt.matmul(pyt.ones(2, 3), pyt.ones(3, 4), out=out)
    assert tuple(out.shape) == (2, 4) and out.tolist() == [[3.0] * 4] * 2
    # growing the storage keeps working for larger results
    out = pyt.zeros(1)
    with pytest.warns(UserWarning):
        pyt.cat([pyt.ones(100), pyt.ones(100)], out=out)
    assert out.shape == (200,) and out.sum().item() == 200


def test_out_non_contiguous_keeps_strides():
    x = pyt.tensor(X)
    out_t = torch.empty(3, 2).t()
    out_p = pyt.empty(3, 2).t()
    torch.add(torch.tensor(X), 1, out=out_t)
    r = pyt.add(x, 1, out=out_p)
    assert r is out_p and tuple(out_p.stride()) == tuple(out_t.stride()) == (1, 2)
    np.testing.assert_array_equal(out_p.numpy(), out_t.numpy())
    # out a view: the base sees the result
    base = pyt.zeros(2, 6)
    pyt.mul(x, 2, out=base[:, ::2])
    np.testing.assert_array_equal(base.numpy()[:, ::2], (torch.tensor(X) * 2).numpy())
    assert (base[:, 1::2] == 0).all()


@pytest.mark.parametrize("lib", [pyt, torch], ids=["pyt", "torch"])
def test_out_aliasing_input(lib):
    x = lib.tensor(X)
    lib.add(x, x, out=x)
    assert x.tolist() == [[2 * v for v in r] for r in X]
    if lib is torch:
        return
    # torch zeroes (matmul) or resizes (sum) an aliased out before reading the input, which
    # loses it; pyt computes the result first, so these give the plain results.
    x = lib.tensor(X)
    lib.matmul(x, lib.tensor(A), out=x)
    ref = (torch.tensor(X) @ torch.tensor(A)).tolist()
    np.testing.assert_allclose(x.tolist(), ref, rtol=1e-6)
    x = lib.tensor(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lib.sum(x, 0, out=x)
    np.testing.assert_allclose(x.tolist(), torch.tensor(X).sum(0).tolist())


def test_out_bumps_version_once_per_output():
    out = pyt.empty(2, 3)
    v = out._version
    pyt.add(pyt.tensor(X), 1, out=out)
    assert out._version == v + 1
    vals, idx = pyt.empty(2), pyt.empty(2, dtype=pyt.int64)
    v1, v2 = vals._version, idx._version
    pyt.max(pyt.tensor(X), 1, out=(vals, idx))
    assert vals._version == v1 + 1 and idx._version == v2 + 1


@pytest.mark.parametrize("call", [
    lambda T, a, o: T.add(a, a, out=o),
    lambda T, a, o: T.exp(a, out=o),
    lambda T, a, o: T.sum(a, 0, out=o[0]),
    lambda T, a, o: T.cat([a, a], out=o),
    lambda T, a, o: T.matmul(a, a, out=o[0]),
    lambda T, a, o: T.max(a, 0, out=(o[0], o.long()[0])),
], ids=["add", "exp", "sum", "cat", "matmul", "max_tuple"])
def test_out_refuses_autograd(call):
    for T in (pyt, torch):
        a = T.ones(3, requires_grad=True)
        with pytest.raises(RuntimeError, match="don't support automatic differentiation"):
            call(T, a, T.empty(3))
        with T.no_grad(), warnings.catch_warnings():  # outside grad mode the call is fine
            warnings.simplefilter("ignore")  # (cat resizes its out)
            call(T, a, T.empty(3))
        # out itself requiring grad is refused too
        b = T.ones(3)
        with pytest.raises(RuntimeError, match="don't support automatic differentiation"):
            T.add(b, b, out=T.empty(3, requires_grad=True))


@pytest.mark.parametrize("call", [
    lambda T: T.relu(T.ones(2), out=T.empty(2)),
    lambda T: T.isnan(T.ones(2), out=T.empty(2, dtype=T.bool)),
    lambda T: T.reshape(T.ones(2), (2,), out=T.empty(2)),
    lambda T: T.einsum("i->i", T.ones(2), out=T.empty(2)),
])
def test_functions_without_out_in_torch_refuse_it(call):
    with pytest.raises(TypeError):
        call(torch)
    with pytest.raises(TypeError):
        call(pyt)


def test_out_wrapper_keeps_fast_path_and_docs():
    assert pyt.add(pyt.ones(2), 1).tolist() == [2.0, 2.0]
    assert "add" in (pyt.add.__doc__ or "")
    assert pyt.max(pyt.tensor(X), 1).values.tolist() == [0.0, 3.25]


def test_resize_():
    t = pyt.arange(6.0)
    assert t.resize_(2, 3) is t and t.shape == (2, 3)
    assert t.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    t.resize_((2,))
    assert t.tolist() == [0.0, 1.0]
    t.resize_(4, 4)
    assert t.shape == (4, 4) and t.flatten()[:2].tolist() == [0.0, 1.0]
    t.resize_as_(pyt.empty(3))
    assert t.shape == (3,)
    with pytest.raises(RuntimeError, match="negative dimension"):
        t.resize_(-1)
    with pytest.raises(RuntimeError, match="require grad"):
        pyt.ones(2, requires_grad=True).resize_(3)
