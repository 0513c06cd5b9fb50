"""Differential tests against torch for bad-input and edge cases of the tensor core:
checked scalar conversion (fill_/full/setitem/masked_fill/clamp/where/pow/pad), tensor()
wrapping rules, mode with NaN, linspace bit-exactness, and error types/messages."""
import numpy as np
import pytest
import torch

import pyt

NAN = float("nan")


def _run(mod, fn):
    try:
        return ("ok", fn(mod))
    except Exception as e:  # noqa: BLE001 - the exception is the result being compared
        return ("err", e)


def _same(fn, key=None):
    """fn(mod) on torch and pyt: equal values and dtypes, or the same exception type with
    torch's key phrase (``key``, or torch's whole message) in pyt's message."""
    a, b = _run(torch, fn), _run(pyt, fn)
    if a[0] == "err":
        assert b[0] == "err", f"torch raised {a[1]!r}, pyt returned {b[1]!r}"
        assert type(b[1]).__name__ == type(a[1]).__name__, (a[1], b[1])
        assert (key or str(a[1])) in str(b[1]), (a[1], b[1])
        return
    assert b[0] == "ok", f"torch returned {a[1]!r}, pyt raised {b[1]!r}"
    ta, tb = a[1], b[1]
    assert str(ta.dtype).split(".")[-1] == str(tb.dtype).split(".")[-1]
    assert list(ta.shape) == list(tb.shape)
    np.testing.assert_array_equal(ta.float().numpy() if ta.dtype == torch.bfloat16 else ta.numpy(),
                                  tb.float().numpy() if tb.dtype == pyt.bfloat16 else tb.numpy())


DTYPES = ["uint8", "int8", "int16", "int32", "int64", "bool", "float16", "bfloat16", "float32", "float64"]
VALUES = [300, -1, -255, -256, 255.5, -1.0, 1e6, 1e39, 1e309, float("inf"), -1e39, NAN, 2**31, 1e10, 70000, True]


def _setitem(idx, v, dt):
    def f(m):
        r = m.zeros(3, dtype=getattr(m, dt))
        i = idx(m) if callable(idx) else idx
        r[i] = v
        return r
    return f


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("v", VALUES, ids=repr)
def test_scalar_write_overflow(dt, v):
    d = lambda m: getattr(m, dt)  # noqa: E731
    for n in (0, 1, 3):
        _same(lambda m: m.full((n,), v, dtype=d(m)))
        _same(lambda m: m.zeros(n, dtype=d(m)).fill_(v))
    _same(lambda m: m.full_like(m.zeros(2, dtype=d(m)), v))
    _same(lambda m: m.scalar_tensor(v, dtype=d(m)))
    for idx in (0, slice(None), Ellipsis, lambda m: m.tensor([0, 2]), lambda m: m.tensor([True, False, True])):
        _same(_setitem(idx, v, dt))
    mask = lambda m: m.tensor([True, False, True])  # noqa: E731
    _same(lambda m: m.zeros(3, dtype=d(m)).masked_fill(mask(m), v))
    _same(lambda m: m.zeros(3, dtype=d(m)).index_fill(0, m.tensor([1]), v))
    _same(lambda m: m.where(mask(m), m.zeros(3, dtype=d(m)), v))
    _same(lambda m: m.nn.functional.pad(m.zeros(3, dtype=d(m)), (1, 1), value=v))
    if dt != "bool":
        _same(lambda m: m.zeros(3, dtype=d(m)).clamp(max=v))
        _same(lambda m: m.zeros(3, dtype=d(m)).clamp(min=v))


def test_scalar_write_overflow_messages():
    with pytest.raises(RuntimeError, match="value cannot be converted to type int64_t without overflow"):
        pyt.full((2,), NAN, dtype=pyt.int64)
    x = pyt.ones(3, dtype=pyt.int64)
    with pytest.raises(RuntimeError, match="value cannot be converted to type int64_t without overflow"):
        x[0] = NAN
    assert x.tolist() == [1, 1, 1]
    u = pyt.zeros(3, dtype=pyt.uint8)
    for bad in (lambda: u.fill_(300), lambda: u.__setitem__(0, 300), lambda: pyt.full((1,), 300, dtype=pyt.uint8)):
        with pytest.raises(RuntimeError, match="value cannot be converted to type uint8_t without overflow"):
            bad()
    with pytest.raises(RuntimeError, match="type int8_t without overflow"):
        pyt.tensor([1, 3], dtype=pyt.int8) ** 300
    with pytest.raises(RuntimeError, match="type c10::Half without overflow"):
        pyt.zeros(3, dtype=pyt.float16).fill_(1e6)
    with pytest.raises(RuntimeError, match="type float without overflow"):
        pyt.full((1,), 1e39, dtype=pyt.float32)


@pytest.mark.parametrize("expr", [
    lambda m: m.tensor([1, 3], dtype=m.int8) + 300,
    lambda m: m.tensor([1, 3], dtype=m.int8) * 1000,
    lambda m: m.tensor([1, 3], dtype=m.uint8) - 300,
    lambda m: m.tensor([1, 3], dtype=m.int8) ** 2,
    lambda m: m.tensor([1, 3], dtype=m.int8) ** -1,
    lambda m: m.tensor([1, 3], dtype=m.int8).pow(-129),
    lambda m: m.tensor([1, 3], dtype=m.uint8).pow(200),
    lambda m: m.tensor([1, 3], dtype=m.uint8).pow_(300),
    lambda m: m.tensor([1, 3], dtype=m.float16) ** 1e6,
    lambda m: m.tensor([1, 3], dtype=m.float32) ** 1e39,
    lambda m: m.tensor([True, False]) ** True,
    lambda m: m.tensor([True, False]) ** False,
    lambda m: m.tensor([True, False]).pow_(False),
    lambda m: m.tensor([True, False]) ** 2,
    lambda m: m.tensor([1, 3], dtype=m.int8).masked_fill(m.tensor([True, False]), 300),
    lambda m: m.tensor([1, 3], dtype=m.uint8).clamp(max=300),
    lambda m: m.tensor([1, 3], dtype=m.uint8).clamp(min=-1),
    lambda m: m.tensor([1, 3], dtype=m.uint8).clamp(max=2.5),
    lambda m: m.tensor([1, 3], dtype=m.uint8).clamp_(max=300),
    lambda m: m.where(m.tensor([True, False]), m.tensor([1, 3], dtype=m.uint8), 300),
    lambda m: m.where(m.tensor([True, False]), 300, m.tensor([1, 3], dtype=m.uint8)),
    lambda m: m.where(m.tensor([True, False]), m.tensor([1, 3], dtype=m.uint8), -1),
    lambda m: m.where(m.tensor([True, False]), m.tensor([1, 3], dtype=m.int32), 1e39),
    lambda m: m.tensor([1, 3], dtype=m.uint8).add(m.tensor([1, 1], dtype=m.uint8), alpha=300),
    lambda m: m.tensor([1, 3], dtype=m.uint8).add(1, alpha=-1),
    lambda m: m.tensor([1.0, 3.0]).add(m.tensor([1.0, 1.0]), alpha=1e39),
    lambda m: m.zeros(3, dtype=m.uint8).fill_(m.tensor(300)),
    lambda m: m.zeros(3, dtype=m.float16).fill_(m.tensor(1e6)),
    lambda m: m.zeros(3, dtype=m.int8).masked_fill(m.tensor([True, False, True]), m.tensor(300)),
    lambda m: m.zeros(3, dtype=m.float32).clamp(max=NAN),
    lambda m: m.zeros(3, dtype=m.int32).clamp(min=NAN),
])
def test_scalar_ops_vs_torch(expr):
    _same(expr)


def test_setitem_tensor_value_wraps():
    for m in (torch, pyt):
        r = m.zeros(3, dtype=m.uint8)
        r[0] = m.tensor(300)
        r[1:] = m.tensor(-1)
        assert r.tolist() == [44, 255, 255]


TENSOR_DATA = ["[5, -7]", "[-1]", "[300]", "[-300]", "[-255]", "[-256]", "[255.5]", "[-1.0]", "[-1.5]", "[1e20]",
               "[float('nan')]", "[float('inf')]", "[2**63]", "[-2**63 - 1]", "[2**63 - 1]", "300", "-1", "1e20",
               "float('nan')", "[True, 300]", "[[1, 2], [300, -1]]", "[2**31]", "[1e10]", "[[0.5, -1], [2, 3]]",
               "[-1, 2.5]", "[-1.5, 2]", "[1e39]", "[]"]


@pytest.mark.parametrize("data", TENSOR_DATA)
@pytest.mark.parametrize("dt", ["uint8", "int8", "int16", "int32", "int64", "bool", "float16", "float32"])
def test_tensor_list_wrap_or_raise(data, dt):
    key = "Overflow when unpacking long long" if data in ("[2**63]", "[-2**63 - 1]") else None
    _same(lambda m: m.tensor(eval(data), dtype=getattr(m, dt)), key=key)
    _same(lambda m: m.as_tensor(eval(data), dtype=getattr(m, dt)), key=key)


def test_tensor_wrap_examples():
    assert pyt.tensor([5, -7], dtype=pyt.uint8).tolist() == [5, 249]
    assert pyt.as_tensor([-1], dtype=pyt.uint8).tolist() == [255]
    with pytest.raises(RuntimeError, match="value cannot be converted to type uint8 without overflow"):
        pyt.tensor(300, dtype=pyt.uint8)
    with pytest.raises(RuntimeError, match="value cannot be converted to type int32 without overflow"):
        pyt.tensor([float("nan")], dtype=pyt.int32)


MODE_ROWS = [[1.0, NAN, 1.0, 2.0], [NAN, 1.0, 1.0], [1.0, 1.0, NAN], [NAN, NAN, 1.0, 1.0], [2.0, NAN, 2.0, NAN, 2.0, 3.0],
             [NAN], [NAN, NAN], [1.0, 2.0, NAN], [3.0, 3.0, 3.0, NAN, 1.0, 1.0, 1.0, 1.0],
             [1.0, 2.0, 3.0, NAN, 5.0, 6.0, NAN, NAN], [NAN, 2.0, 2.0], [5.0, NAN, 1.0, 1.0, 1.0]]


@pytest.mark.parametrize("row", MODE_ROWS)
@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_mode_with_nan_matches_torch(row, dt):
    a = torch.mode(torch.tensor(row, dtype=getattr(torch, dt)))
    b = pyt.mode(pyt.tensor(row, dtype=getattr(pyt, dt)))
    np.testing.assert_array_equal(a.values.numpy(), b.values.numpy())
    assert a.indices.item() == b.indices.item()


@pytest.mark.parametrize("n", [5, 17, 40, 200])
def test_mode_with_nan_columns_random(n):
    # Small integer values with NaNs sprinkled in, over rows longer than std::sort's insertion cutoff.
    rng = np.random.default_rng(n)
    x = rng.integers(0, 4, size=(n, 6)).astype(np.float64)
    x[rng.random(x.shape) < 0.3] = np.nan
    for dim in (0, 1):
        a = torch.mode(torch.from_numpy(x), dim)
        b = pyt.mode(pyt.from_numpy(x), dim)
        np.testing.assert_array_equal(a.values.numpy(), b.values.numpy())
        np.testing.assert_array_equal(a.indices.numpy(), b.indices.numpy())


LIN_CASES = [(-1e6, 1e6, 7777), (0, 1, 100), (-3.3, 7.1, 1001), (1, -5, 37), (0.1, 0.7, 5), (-1e-3, 5e2, 65),
             (2, 3, 40000), (0, 0, 3), (5, 5, 1), (0.5, 10.5, 7), (-7.9, 3.2, 13), (0, 1, 2), (3, -3, 1000), (1, 2, 0)]


@pytest.mark.parametrize("case", LIN_CASES)
@pytest.mark.parametrize("dt", ["float32", "float64", "float16", "bfloat16", "int64", "int32"])
def test_linspace_bitwise(case, dt):
    _same(lambda m: m.linspace(*case, dtype=getattr(m, dt)))


@pytest.mark.parametrize("case", [(-3, 3, 50), (0, 1, 100), (-3.3, 7.1, 1001), (1, -5, 37), (-1e-3, 5, 65), (2, 9, 1),
                                  (0, 10, 7777), (1, 2, 0)])
@pytest.mark.parametrize("base", [10.0, 2.0, 2.5])
@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_logspace_bitwise(case, base, dt):
    _same(lambda m: m.logspace(*case, base=base, dtype=getattr(m, dt)))


@pytest.mark.parametrize("expr,key", [
    (lambda m: ~m.ones(2), "~ (operator.invert) is only implemented on integer and Boolean-type tensors"),
    (lambda m: ~m.ones(2, dtype=m.float16), "~ (operator.invert) is only implemented on integer and Boolean-type"),
    (lambda m: ~m.tensor([1, 2], dtype=m.int8), None),
    (lambda m: m.from_numpy(np.arange(3, dtype=">i4")), "given numpy array has byte order different from the native"),
    (lambda m: m.tensor(np.arange(3, dtype=">i4")), "given numpy array has byte order different from the native"),
    (lambda m: m.as_tensor(np.arange(3, dtype=">i4")), "given numpy array has byte order different from the native"),
    (lambda m: m.tensor(5.0)[0], "invalid index of a 0-dim tensor"),
    (lambda m: m.argmax(m.ones(0, 3), 0), "argmax(): Expected reduction dim 0 to have non-zero size"),
    (lambda m: m.argmin(m.ones(0, 3), 0), "argmin(): Expected reduction dim 0 to have non-zero size"),
    (lambda m: m.max(m.ones(0, 3), 0), "max(): Expected reduction dim 0 to have non-zero size"),
    (lambda m: m.arange(0, -1), "upper bound and lower bound inconsistent with step sign"),
    (lambda m: m.arange(0, 5, -1), "upper bound and lower bound inconsistent with step sign"),
])
def test_error_types_and_messages(expr, key):
    _same(expr, key=key)


@pytest.mark.parametrize("op,key", [("max", "received an invalid combination of arguments"),
                                    ("min", "received an invalid combination of arguments"),
                                    ("median", "argument 'dim' (position "),
                                    ("nanmedian", "argument 'dim' (position ")])
def test_tuple_dim_is_type_error(op, key):
    _same(lambda m: getattr(m, op)(m.ones(2, 2), (0, 1)), key=key)
    _same(lambda m: getattr(m.ones(2, 2), op)((0, 1)), key=key)


@pytest.mark.parametrize("expr,key", [
    (lambda m: m.tensor(3.0).index_add(0, m.tensor([0]), m.tensor([1.0])),
     "source tensor shape must match self tensor shape, excluding the specified dimension"),
    (lambda m: m.tensor(3.0).index_add(0, m.tensor([0]), m.tensor(1.0)), None),
    (lambda m: m.ones(2, 2).tril(m.ones(1)), "tril(): argument 'diagonal'"),
    (lambda m: m.ones(2, 2).triu(m.ones(1)), "triu(): argument 'diagonal'"),
    (lambda m: m.ones(2, 2).tril(1.5), "tril(): argument 'diagonal' (position 1) must be int, not float"),
    (lambda m: m.ones(2, 2).tril(-1), None),
    (lambda m: m.tensor(3.0).permute(), 'permute() missing 1 required positional arguments: "dims"'),
    (lambda m: m.ones(2).permute(), 'permute() missing 1 required positional arguments: "dims"'),
])
def test_argument_errors(expr, key):
    _same(expr, key=key)
