"""Differential tests (vs torch) for tensor-core differences found by users: setitem casts,
0-d tensors as sizes, fill_ of expanded views, comparisons with None, deprecated overloads,
scatter reduce=, legacy tensor types, exception types and messages, and small API additions."""
import warnings

import numpy as np
import pytest
import torch

import pyt


def _run(lib, code):
    """Runs code (which may assign `x` and `r`) with `lib` as the framework; returns r or x."""
    env = {"lib": lib, "np": np}
    exec(code, env)
    return env.get("r", env.get("x"))


def _same(code, exact=True):
    """code gives the same values and dtype in pyt and torch."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p, t = _run(pyt, code), _run(torch, code)
    if isinstance(t, torch.Tensor):
        assert isinstance(p, pyt.Tensor), code
        assert str(p.dtype).split(".")[-1] == str(t.dtype).split(".")[-1], code
        assert tuple(p.shape) == tuple(t.shape), code
        np.testing.assert_allclose(p.detach().double().numpy(), t.detach().double().numpy(), rtol=1e-6,
                                   err_msg=code)
    elif isinstance(t, (tuple, list)) and t and isinstance(t[0], torch.Tensor):
        assert len(p) == len(t)
        for a, b in zip(p, t):
            np.testing.assert_allclose(a.double().numpy(), b.double().numpy(), err_msg=code)
    else:
        assert p == t, (code, p, t)


def _raises(code, phrase):
    """code raises the same exception type in pyt and torch; pyt's message holds phrase."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(Exception) as te:
            _run(torch, code)
        with pytest.raises(te.type, match=phrase):
            _run(pyt, code)


# ------------------------------------------------------------ 1. setitem casts ---
@pytest.mark.parametrize("code", [
    "x = lib.zeros(2, 3, dtype=lib.int32); x[x == 0] = lib.tensor(3.7)",
    "x = lib.zeros(2, 3, dtype=lib.float16); x[x == 0] = lib.tensor(3.)",
    "x = lib.zeros(2, 3); x[x == 0] = lib.tensor(True)",
    "x = lib.zeros(2, 3); x[True] = lib.tensor([1, 2, 3])",
    "x = lib.zeros(2, 3); x[False] = lib.tensor([1, 2, 3])",
    "x = lib.zeros(2, 3); x[:, x[0] == 0] = lib.tensor(5)",
    "x = lib.zeros(2, 3); x[0, x[0] == 0] = lib.tensor(5)",
    "x = lib.zeros(2, 3); x[x > -1] = lib.tensor([7])",
    "x = lib.zeros(2, 3); x[x[:, 0] == 0] = lib.tensor(7)",
    "x = lib.zeros(2, 3); x.index_put_((x > -1,), lib.tensor(1., dtype=lib.float64))",
    "x = lib.zeros(2, 3); r = x.index_put((x > -1,), lib.tensor(2, dtype=lib.int64))",
])
def test_setitem_casts_like_torch(code):
    _same(code)


@pytest.mark.parametrize("code", [
    "x = lib.zeros(2, 3); x[[0, 1]] = lib.tensor([1, 2, 3])",
    "x = lib.zeros(2, 3); x[x == 0] = lib.arange(6)",
    "x = lib.zeros(2, 3); x.index_put_((lib.tensor([0]),), lib.tensor(1))",
    "x = lib.zeros(2, 3); x[lib.tensor(True)] = lib.tensor([1, 2, 3])",
])
def test_setitem_dtype_mismatch_raises_like_torch(code):
    _raises(code, "dtypes match")


def test_setitem_mask_cast_gradient():
    for lib in (pyt, torch):
        v = lib.tensor(2., dtype=lib.float64, requires_grad=True)
        x = lib.zeros(2, 3)
        x[x == 0] = v
        x.sum().backward()
        assert float(v.grad) == 6.0 and v.grad.dtype == lib.float64


# ----------------------------------------------------------- 2. 0-d tensor sizes ---
@pytest.mark.parametrize("code", [
    "r = lib.zeros(lib.tensor(3))", "r = lib.ones(lib.tensor(2))", "r = lib.zeros([lib.tensor(2), 3])",
    "r = lib.zeros(lib.tensor(2), 3)", "r = lib.empty(lib.tensor(2)).fill_(1)", "r = lib.full((lib.tensor(2),), 1.)",
    "r = lib.randn(lib.tensor(2)).shape[0]", "r = lib.zeros(4).view(lib.tensor(2), -1)",
    "r = lib.zeros(4).reshape(lib.tensor(2), -1)", "r = lib.zeros(4).view((lib.tensor(2), -1))",
    "r = lib.zeros(lib.tensor([2]))",
])
def test_tensor_sizes(code):
    _same(code)


@pytest.mark.parametrize("code", ["lib.zeros(lib.tensor(2.))", "lib.full(lib.tensor(2), 1.)", "lib.full(3, 2.)"])
def test_bad_tensor_sizes(code):
    _raises(code, "")


# ----------------------------------------------------- 3. fill_ of expanded views ---
@pytest.mark.parametrize("code", [
    "x = lib.zeros(3); y = x.expand(2, 3).fill_(3); r = x",
    "x = lib.ones(3); y = x.expand(2, 3).zero_(); r = x",
    "x = lib.ones(3, 1); y = x.expand(3, 4).fill_(2); r = y",
])
def test_fill_expanded(code):
    _same(code)


@pytest.mark.parametrize("code", ["lib.zeros(3).expand(2, 3).copy_(lib.ones(2, 3))",
                                  "lib.zeros(3).expand(2, 3).add_(1)"])
def test_write_expanded_still_raises(code):
    _raises(code, "single memory location")


# ------------------------------------------------------------ 4. == None ---
def test_compare_with_none():
    for lib in (pyt, torch):
        t = lib.ones(3)
        assert (t == None) is False and (t != None) is True  # noqa: E711
        assert (t == "a") is False
    _raises("lib.ones(3) + None", "unsupported operand")
    _raises("lib.ones(3) < None", "not supported")


# ------------------------------------------------- 5. deprecated alpha / value first ---
@pytest.mark.parametrize("code", [
    "r = lib.ones(3).add(1, 2)", "r = lib.ones(3).sub(1, 2)", "r = lib.add(lib.ones(3), 2, 3)",
    "r = lib.add(lib.ones(3), 2, lib.tensor(1.))", "r = lib.ones(3).add_(1, 2)", "r = lib.sub(lib.ones(3), 2, 3)",
    "r = lib.addcmul(lib.ones(3), 2, lib.ones(3), lib.full((3,), 3.))",
    "r = lib.ones(3).addcmul(2, lib.ones(3), lib.ones(3))",
    "r = lib.ones(3).addcdiv(2, lib.ones(3), lib.full((3,), 4.))",
    "r = lib.ones(3).addcmul_(2, lib.ones(3), lib.ones(3))",
])
def test_deprecated_overloads(code):
    _same(code)
    with pytest.warns(UserWarning, match="deprecated"):
        _run(pyt, code)


def test_deprecated_overload_rejects_tensor_alpha():
    _raises("lib.ones(3).add(lib.tensor([1., 2, 3]), 2.5)", "positional argument")


# ------------------------------------------------------------ 6. scatter reduce= ---
@pytest.mark.parametrize("code", [
    "r = lib.scatter(lib.ones(2, 3), 0, lib.tensor([[0, 1, 0]]), lib.full((1, 3), 2.), reduce='add')",
    "r = lib.ones(2, 3).scatter(0, lib.tensor([[0, 1, 0]]), lib.full((1, 3), 2.), reduce='multiply')",
    "r = lib.ones(2, 3).scatter_(0, lib.tensor([[0, 1, 0]]), lib.full((1, 3), 2.), reduce='add')",
    "r = lib.ones(2, 3).scatter(0, lib.tensor([[0, 1, 0]]), 2., reduce='add')",
    "r = lib.ones(2, 3).scatter_(0, lib.tensor([[0, 1, 0]]), 3., reduce='multiply')",
])
def test_scatter_reduce_argument(code):
    _same(code)


def test_scatter_reduce_warning_and_error():
    with pytest.warns(UserWarning, match="scatter_reduce"):
        pyt.ones(2).scatter(0, pyt.tensor([0]), pyt.ones(1), reduce="add")
    _raises("lib.ones(2).scatter(0, lib.tensor([0]), lib.ones(1), reduce='sum')", "add or multiply")


# ------------------------------------------------------ 7. legacy tensor types ---
@pytest.mark.parametrize("code", [
    "r = lib.FloatTensor([1, 2])", "r = lib.FloatTensor(2, 3).shape", "r = lib.LongTensor([1, 2])",
    "r = lib.BoolTensor([1, 0])", "r = lib.ByteTensor([1, 2])", "r = lib.HalfTensor([1])",
    "r = lib.BFloat16Tensor([1])", "r = lib.IntTensor(2).shape", "r = lib.FloatTensor()",
    "r = lib.DoubleTensor((2, 3))", "r = lib.ShortTensor([1])", "r = lib.CharTensor([1])",
    "r = lib.FloatTensor(np.ones(2))", "r = isinstance(lib.ones(2), lib.FloatTensor)",
    "r = isinstance(lib.ones(2), lib.DoubleTensor)", "r = lib.zeros(2).type(lib.IntTensor)",
    "r = lib.zeros(2).type('torch.IntTensor')", "r = lib.zeros(2).type(lib.int32)",
    "r = lib.zeros(2).type('torch.DoubleTensor')", "r = lib.FloatTensor.dtype == lib.float32",
    "r = issubclass(lib.FloatTensor, lib.Tensor)",
])
def test_legacy_types(code):
    _same(code)


def test_type_names():
    assert pyt.ones(2).type() == "pyt.FloatTensor"
    assert pyt.ones(2, dtype=pyt.int64).type() == "pyt.LongTensor"
    assert pyt.ones(2).type("pyt.LongTensor").dtype == pyt.int64
    x = pyt.ones(2)
    assert x.type(pyt.float32) is x
    _raises("lib.ones(2).type('float')", "invalid type")
    _raises("lib.FloatTensor(lib.ones(2, dtype=lib.int64))", "")


# ------------------------------------------------------------ 8. exception types ---
@pytest.mark.parametrize("code,phrase", [
    ("lib.tensor([[1], 2])", "not a sequence"),
    ("lib.tensor([[1], [2, 3]])", "expected sequence of length 1 at dim 1"),
    ("lib.ones(2**63)", "Overflow"),
    ("lib.randint(0, 2**63, (2,))", "Overflow when unpacking long long"),
    ("lib.zeros(3).put_(lib.tensor([0, 1]), lib.tensor([1.]))", "same number of elements"),
    ("lib.zeros(3).index_add(0, lib.tensor([5]), lib.tensor([1.]))", ""),
    ("lib.ones(2).add(lib.ones(2), alpha=1.5j)", "complex"),
    ("lib.ones(2).to(5)", "CPU"),
])
def test_exception_types(code, phrase):
    _raises(code, phrase)


def test_to_meta_is_not_implemented():
    with pytest.raises(NotImplementedError, match="meta"):
        pyt.ones(2).to("meta")


def test_cuda_is_runtime_error_naming_cpu():
    with pytest.raises(RuntimeError, match="cpu"):
        pyt.ones(2).to("cuda")
    with pytest.raises(RuntimeError, match="cpu"):
        pyt.ones(2, device="cuda")


# ---------------------------------------------------------------- 9. messages ---
@pytest.mark.parametrize("code,phrase", [
    ("lib.zeros(2, dtyp=lib.float32)", "zeros\\(\\) got an unexpected keyword argument 'dtyp'"),
    ("lib.ones(2, dtype='float32')", "ones\\(\\): argument 'dtype' must be .*dtype, not str"),
    ("lib.ones(2, dtype=np.float32)", "ones\\(\\): argument 'dtype' must be .*dtype, not type"),
    ("lib.linspace(0, 1, 2.5)", "linspace\\(\\)"),
    ("lib.ones(2, 3).transpose(1, dim0=0)", "transpose\\(\\)"),
    ("lib.ones(2).numpy(extra=1)", "numpy\\(\\) got an unexpected keyword argument 'extra'"),
    ("np.ones((3, 2)) @ lib.ones(2, 3)", "unsupported operand"),
    ("lib.tensor([1, 'a'])", "str"),
    ("lib.tensor([1, None])", "Could not infer dtype of NoneType"),
    ("x = lib.ones(2, 3); x[...] = 'a'", "can't assign a str to a"),
    ("x = lib.ones(2, 3); x[0] = None", "can't assign a NoneType to a"),
    ("lib.ones(2, 3).masked_fill(lib.ones(3, 2, dtype=lib.bool), 1.)", "must match the size"),
    ("lib.ones(2, 3).mean(dtype=lib.int64)", "Optional dtype must be either a floating point"),
    ("lib.tensor([True]) - lib.tensor([False])", "with two bool tensors is not supported"),
    ("lib.ones(2, 3).fill_(lib.ones(2))", "fill_ only supports 0-dimension value tensor"),
    ("lib.ones(2, 3)[::0]", "slice step cannot be zero"),
    ("lib.sum(lib.ones(2), 1, 2, 3, 4)", "sum\\(\\)"),
])
def test_messages(code, phrase):
    _raises(code, phrase)


def test_argument_error_names_no_cpp_types():
    with pytest.raises(TypeError) as e:
        pyt.ones(2, 3).transpose("a", 1)
    assert "incompatible function arguments" not in str(e.value)
    assert "transpose" in str(e.value)
    with pytest.raises(TypeError, match="masked_fill"):
        pyt.ones(2).masked_fill(pyt.ones(2, dtype=pyt.bool), "x")


def test_masked_fill_names_itself():
    with pytest.raises(RuntimeError) as e:
        pyt.ones(2, 3).masked_fill(pyt.ones(3, 2, dtype=pyt.bool), 1.)
    assert "masked_fill" in str(e.value) and "where" not in str(e.value)


# ------------------------------------------------ 10. what torch rejects or accepts ---
@pytest.mark.parametrize("code,phrase", [
    ("x = lib.ones(2, 3); x[0] = [1, 2, 3]", "can't assign a list"),
    ("x = lib.ones(2, 3); x[0] = np.array([1, 2, 3])", "can't assign a numpy.ndarray"),
    ("lib.ones(2).to(lib.int8, lib.int8)", "invalid combination"),
    ("x = lib.ones(2); x.masked_fill_(x > 0, lib.ones(1))", "0-dimensional value tensor"),
    ("f'{lib.ones(2):.2f}'", "unsupported format string"),
])
def test_rejected_like_torch(code, phrase):
    _raises(code, phrase)


@pytest.mark.parametrize("code", [
    "r = lib.arange(6.).reshape(2, 3)[..., ...]", "r = lib.arange(6.).reshape(2, 3)[..., 0, ...]",
    "r = lib.arange(6.).reshape(2, 3)[0, ..., ...]", "r = f'{lib.tensor(2.):.2f}'", "r = f'{lib.ones(2)}'",
    "r = lib.ones(2).to(lib.float64, False, True)", "r = lib.ones(2).to('cpu', lib.int32)",
])
def test_accepted_like_torch(code):
    _same(code)


# ----------------------------------------------------------------- 11. new API ---
@pytest.mark.parametrize("code", [
    "r = lib.tensor([5., -7.]).remainder_(3)", "r = lib.tensor([5., -7., 0.]).sign_()",
    "r = lib.tensor([5, 6]).bitwise_not_()", "r = lib.tensor([5, 6]).bitwise_and_(3)",
    "r = lib.tensor([5, 6]).bitwise_or_(3)", "r = lib.tensor([5, 6]).bitwise_xor_(3)",
    "r = lib.tensor([[1, 2], [3, 4]], dtype=lib.int32).cumprod_(0)",
    "r = lib.ones(2, 2).addmm_(lib.ones(2, 3), lib.ones(3, 2), beta=2, alpha=3)",
    "r = lib.ones(2).addmv_(lib.ones(2, 3), lib.ones(3))",
    "r = lib.ones(2, 2, 2).baddbmm_(lib.ones(2, 2, 3), lib.ones(2, 3, 2))",
    "r = lib.ones(2, 2).addbmm_(lib.ones(2, 2, 3), lib.ones(2, 3, 2))",
    "r = lib.tensor([1., 2., 3.]).greater_(2)", "r = lib.tensor([1., 2., 3.]).less_(2)",
    "r = lib.tensor([1., 2., 3.]).greater_equal_(2)", "r = lib.tensor([1., 2., 3.]).less_equal_(2)",
    "r = lib.tensor([1., 2., 3.]).not_equal_(2)",
    "x = lib.tensor([-1., 2.]); lib.clamp_(x, 0., 1.); r = x", "x = lib.zeros(2); lib.exp_(x); r = x",
    "r = lib.ones(2).is_cpu", "r = lib.ones(1).is_nonzero()", "r = lib.zeros(1).is_nonzero()",
    "r = lib.ones(2).get_device()", "r = lib.ones(2, 3).is_same_size(lib.zeros(2, 3))",
    "r = lib.ones(2, 3).is_same_size(lib.zeros(3, 2))",
    "r = lib.arange(6.).reshape(2, 3).apply_(lambda v: v * 2)",
    "r = lib.arange(6.).reshape(2, 3).split_with_sizes([1, 1])",
    "r = lib.split_with_sizes(lib.arange(6.).reshape(2, 3), [1, 2], 1)",
    "r = lib.arange(6.).reshape(2, 3).renorm(2, 0, 1.)", "r = lib.renorm(lib.arange(6.).reshape(2, 3), 1, 1, 2.)",
    "r = (lib.pi, lib.e, lib.inf, lib.newaxis)", "r = lib.nan != lib.nan",
    "r = lib.vdot(lib.tensor([1., 2.]), lib.tensor([3., 4.]))", "r = lib.isreal(lib.ones(2, dtype=lib.int32))",
    "r = lib.combinations(lib.arange(4))", "r = lib.combinations(lib.arange(3), r=3, with_replacement=True)",
    "r = lib.combinations(lib.arange(3), r=0)", "r = lib.combinations(lib.arange(3), r=4)",
    "r = lib.chain_matmul(lib.ones(2, 3), lib.ones(3, 4), lib.ones(4, 1))",
    "r = lib.arange(6.).reshape(2, 3).narrow_copy(1, 0, 2)",
    "r = lib.select_scatter(lib.zeros(2, 3), lib.ones(3), 0, 1)",
    "r = lib.slice_scatter(lib.zeros(4, 2), lib.ones(2, 2), 0, 0, 4, 2)",
    "r = lib.diagonal_scatter(lib.zeros(3, 3), lib.ones(2), 1)",
    "r = lib.asarray([1, 2])", "r = lib.asarray(lib.ones(2), dtype=lib.int64)",
    "r = lib.frombuffer(bytearray(8), dtype=lib.int32)", "r = lib.dropout(lib.ones(3), 0., True)",
    "r = lib.arange(6.).reshape(2, 3).mH", "r = lib.arange(6.).reshape(2, 3).H", "r = lib.tensor(2.).H",
    "r = lib.ones(2, 3, 4).mH", "r = lib.ones(2).real", "r = lib.ones(2).conj()",
    "r = lib.ones(2, 3).t().dim_order()", "r = lib.ones(2, 3, 4).dim_order()",
])
def test_new_api(code):
    _same(code)


@pytest.mark.parametrize("code,phrase", [
    ("lib.ones(2, dtype=lib.int64).remainder_(1.5)", "can't be cast"),
    ("lib.ones(2).greater_(lib.ones(3))", ""),
    ("lib.ones(2).is_nonzero()", "more than one value"),
    ("lib.ones(0).is_nonzero()", "no values"),
    ("lib.vdot(lib.ones(2, 2), lib.ones(2))", "1D tensors expected"),
    ("lib.combinations(lib.ones(2, 3))", "Expect a 1D vector"),
    ("lib.chain_matmul(lib.ones(2))", "expected 2"),
    ("lib.ones(3).H", "only supported on matrices"),
    ("lib.ones(3).mH", "only supported on matrices"),
])
def test_new_api_errors(code, phrase):
    _raises(code, phrase)


@pytest.mark.skipif(not hasattr(pyt.Tensor, "as_strided"), reason="empty_strided is built on Tensor.as_strided")
@pytest.mark.parametrize("code", ["r = lib.empty_strided((2, 3), (1, 2)).stride()",
                                  "r = str(lib.empty_strided((2, 3), (3, 1), dtype=lib.int32).dtype).split('.')[-1]"])
def test_empty_strided(code):
    _same(code)



def test_scatter_ops_gradients():
    for name, args in (("select_scatter", (0, 1)), ("slice_scatter", (1, 0, 3, 2)), ("diagonal_scatter", (0,))):
        shapes = {"select_scatter": (3,), "slice_scatter": (2, 2), "diagonal_scatter": (2,)}[name]
        grads = []
        for lib in (pyt, torch):
            a = lib.tensor(np.arange(6.).reshape(2, 3), requires_grad=True)
            s = lib.tensor(np.arange(1., 1. + np.prod(shapes)).reshape(shapes), requires_grad=True)
            out = getattr(lib, name)(a, s, *args)
            (out * lib.tensor(np.arange(6.).reshape(2, 3))).sum().backward()
            grads.append((a.grad.numpy(), s.grad.numpy()))
        np.testing.assert_allclose(grads[0][0], grads[1][0])
        np.testing.assert_allclose(grads[0][1], grads[1][1])
    a = pyt.tensor(np.random.rand(2, 3), dtype=pyt.float64, requires_grad=True)
    s = pyt.tensor(np.random.rand(3), dtype=pyt.float64, requires_grad=True)
    assert pyt.autograd.gradcheck(lambda a, s: pyt.select_scatter(a, s, 0, 0), (a, s))


def test_inplace_forms_keep_gradient():
    for lib in (pyt, torch):
        a = lib.tensor([5., -7.], requires_grad=True)
        b = a.clone()
        b.remainder_(3)
        b.sum().backward()
        assert a.grad.tolist() == [1.0, 1.0]
