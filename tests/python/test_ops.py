"""Differential tests of pyt's tensor ops against torch (the oracle).

The first half runs the op table (op_table.py): values, dtypes, gradients, grad_fn names and
finite-difference gradient checks of every op of ``pyt._C._op_list()``. The second half
holds smaller tables for what the op table cannot express one op at a time: type promotion,
operators, in-place variants, indexing, views, creation and conversion functions.
"""

import math
import warnings

import numpy as np
import pyt
import pytest
import torch
from helpers import (
    NP_DTYPE,
    assert_same,
    assert_tensor_close,
    both,
    dtype_name,
    flatten_out,
    gradcheck,
    rng_for,
    to_np,
)
from op_table import (
    OP_TABLE,
    OPLIST,
    ROWS_BY_NAME,
    TOL_MATH,
    TOL_SUM,
    assemble,
    cases,
    make_arrays,
    wants_grad,
)

OP_LIST = dict(pyt._C._op_list())

# Known pyt gaps: test id -> reason. Strict xfail: when the gap is closed
# fixes the C++ the test XPASSes and fails, and the entry must go.
KNOWN_BUGS = {}


def _param(test, case_id, *values):
    reason = KNOWN_BUGS.get(f"{test}[{case_id}]")
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(*values, id=case_id, marks=marks)


def _case_id(row, dtype, sample, call=None):
    c = "" if call is None else f"-{call}"
    return f"{row.name}{c}-{dtype}-{sample.desc}"


VALUE_CASES = [
    _param("test_op_values", _case_id(r, d, s, ci), r, d, s, ci)
    for r, d, s in cases()
    for ci in range(len(r.calls))
]
GRAD_CASES = [
    _param("test_op_grads", _case_id(r, d, s), r, d, s)
    for r, d, s in cases()
    if r.grad and s.grad and s.compare_grad and d in ("float32", "float64")
]
GRADCHECK_CASES = [
    _param("test_op_gradcheck", _case_id(r, "float64", s), r, s)
    for r, d, s in cases()
    if r.grad and r.gradcheck and s.grad and s.gradcheck and d == "float64"
]


def _leaves(lib, arrays, grads=None):
    out = []
    for i, a in enumerate(arrays):
        t = lib.tensor(a.copy())
        if grads is not None and grads[i]:
            t.requires_grad_(True)
        out.append(t)
    return out


# ------------------------------------------------------------------------ the op table
def test_every_op_is_bound_and_has_a_row():
    missing_binding = [
        n
        for n in OP_LIST
        if not (hasattr(pyt, n) or hasattr(pyt.Tensor, n) or hasattr(pyt.nn.functional, n))
    ]
    missing_row = [n for n in OP_LIST if n not in ROWS_BY_NAME]
    extra_rows = [r.name for r in OP_TABLE if r.name not in OP_LIST]
    assert not missing_binding, f"ops of the op list not bound in pyt: {missing_binding}"
    assert not missing_row, f"ops of the op list without a row in op_table.py: {missing_row}"
    assert not extra_rows, f"rows of op_table.py that are not in the op list: {extra_rows}"


@pytest.mark.parametrize("row", OP_TABLE, ids=lambda r: r.name)
def test_row_agrees_with_op_list(row):
    assert row.grad == bool(OP_LIST[row.name]), (
        f"{row.name}: op list node {OP_LIST[row.name]!r} but row.grad={row.grad}"
    )
    assert row.samples, f"{row.name}: no samples"
    descs = [s.desc for s in row.samples]
    assert len(set(descs)) == len(descs), f"{row.name}: duplicate sample names"
    if row.grad:
        assert any(s.grad and s.grad_fn is OPLIST for s in row.samples), (
            f"{row.name}: no sample checks the op list's node {OP_LIST[row.name]}"
        )


@pytest.mark.parametrize("row,dtype,sample,call", VALUE_CASES)
def test_op_values(row, dtype, sample, call):
    arrays = make_arrays(sample, dtype, (row.name, dtype, sample.desc))
    fn = row.calls[call]
    targs, tkw = assemble(sample, torch, _leaves(torch, arrays))
    expected = fn(torch, *targs, **tkw)
    pargs, pkw = assemble(sample, pyt, _leaves(pyt, arrays))
    got = fn(pyt, *pargs, **pkw)
    _assert_same_tol(got, expected, row.tol)


def _assert_same_tol(got, expected, tol, what="output"):
    """assert_same with the tolerance of each output's dtype (exact for ints and bools)."""
    if isinstance(expected, torch.Tensor):
        rtol, atol = tol.get(dtype_name(expected.dtype), (0.0, 0.0))
        assert_tensor_close(got, expected, rtol, atol, what)
    elif isinstance(expected, (tuple, list)):
        assert isinstance(got, (tuple, list)), f"{what}: expected a tuple, got {type(got).__name__}"
        assert len(got) == len(expected)
        for f in getattr(expected, "_fields", ()):
            assert hasattr(got, f), f"{what}: result has no field {f!r}"
        for i, (g, e) in enumerate(zip(got, expected)):
            _assert_same_tol(g, e, tol, f"{what}[{i}]")
    else:
        assert_same(got, expected, what=what)


@pytest.mark.parametrize("row,dtype,sample", GRAD_CASES)
def test_op_grads(row, dtype, sample):
    key = (row.name, dtype, sample.desc)
    arrays = make_arrays(sample, dtype, key)
    rg = wants_grad(sample, dtype)
    tleaves, pleaves = _leaves(torch, arrays, rg), _leaves(pyt, arrays, rg)
    fn = row.calls[0]
    ta, tk = assemble(sample, torch, tleaves)
    t_outs = flatten_out(fn(torch, *ta, **tk))
    pa, pk = assemble(sample, pyt, pleaves)
    p_outs = flatten_out(fn(pyt, *pa, **pk))
    diff = [i for i, t in enumerate(t_outs) if isinstance(t, torch.Tensor) and t.requires_grad]
    assert diff, "table error: torch's output does not require grad; mark the sample grad=False"
    for i in diff:
        assert p_outs[i].requires_grad, f"output {i} does not require grad"
    first = p_outs[diff[0]]
    expected_node = OP_LIST[row.name] if sample.grad_fn is OPLIST else sample.grad_fn
    if expected_node is not None:
        assert first.grad_fn is not None, f"no grad_fn, expected {expected_node}"
        assert first.grad_fn.name() == expected_node

    rng = rng_for(*key, "cotangent")
    cots = [
        rng.standard_normal(tuple(t_outs[i].shape)).astype(NP_DTYPE[dtype_name(t_outs[i].dtype)])
        for i in diff
    ]
    torch.autograd.backward([t_outs[i] for i in diff], [torch.tensor(c) for c in cots])
    pyt.autograd.backward([p_outs[i] for i in diff], [pyt.tensor(c) for c in cots])
    rtol, atol = (max(a, b) for a, b in zip(row.tol[dtype], TOL_SUM[dtype]))
    for k, (p, t) in enumerate(zip(pleaves, tleaves)):
        if not t.requires_grad:
            continue
        if t.grad is None:
            assert p.grad is None, f"input {k}: torch has no gradient, pyt has one"
            continue
        assert p.grad is not None, f"input {k}: no gradient"
        assert_tensor_close(p.grad, t.grad, rtol, atol, f"grad of input {k}")


@pytest.mark.parametrize("row,sample", GRADCHECK_CASES)
def test_op_gradcheck(row, sample):
    arrays = make_arrays(sample, "float64", (row.name, "float64", sample.desc))
    leaves = _leaves(pyt, arrays, wants_grad(sample, "float64"))
    fn = row.calls[0]

    def f(*ls):
        a, k = assemble(sample, pyt, ls)
        return fn(pyt, *a, **k)

    assert gradcheck(f, leaves)


# ------------------------------------------------------------------------ type promotion
def _ints(lib, dtype, shape=(2, 3)):
    return lib.tensor(np.arange(int(np.prod(shape))).reshape(shape) - 2, dtype=getattr(lib, dtype))


def _flts(lib, dtype, shape=(2, 3)):
    return lib.tensor(
        np.linspace(-1.5, 2.5, int(np.prod(shape))).reshape(shape), dtype=getattr(lib, dtype)
    )


# (id, expression over lib): Python scalars are weak types, 0-d tensors only raise the category.
PROMOTION = [
    ("int64+2.5", lambda L: _ints(L, "int64") + 2.5),
    ("int32+2.5", lambda L: _ints(L, "int32") + 2.5),
    ("int32+3", lambda L: _ints(L, "int32") + 3),
    ("int64*True", lambda L: _ints(L, "int64") * True),
    ("float32+f64_0d", lambda L: _flts(L, "float32") + L.tensor(1.25, dtype=L.float64)),
    ("f32_0d+f64_0d", lambda L: L.tensor(1.5) + L.tensor(1.25, dtype=L.float64)),
    ("float64+2", lambda L: _flts(L, "float64") + 2),
    ("float32*2.5", lambda L: _flts(L, "float32") * 2.5),
    ("int32+int64", lambda L: _ints(L, "int32") + _ints(L, "int64")),
    ("int64_0d+int32", lambda L: L.tensor(7) + _ints(L, "int32")),
    ("f64_0d+int32", lambda L: L.tensor(0.5, dtype=L.float64) + _ints(L, "int32")),
    ("int64_0d+f32", lambda L: L.tensor(3) + _flts(L, "float32")),
    (
        "uint8+int8",
        lambda L: L.tensor([1, 2, 3], dtype=L.uint8) + L.tensor([-1, 5, 7], dtype=L.int8),
    ),
    ("int16+int32", lambda L: _ints(L, "int16") + _ints(L, "int32")),
    ("bool+bool", lambda L: L.tensor([True, False, True]) + L.tensor([True, True, False])),
    ("add(bool,bool)", lambda L: L.add(L.tensor([True, False]), L.tensor([False, False]))),
    ("bool*bool", lambda L: L.tensor([True, False, True]) * L.tensor([True, True, False])),
    ("bool+1", lambda L: L.tensor([True, False]) + 1),
    ("bool+1.5", lambda L: L.tensor([True, False]) + 1.5),
    ("bool+int32", lambda L: L.tensor([True, False]) + L.tensor([3, 4], dtype=L.int32)),
    ("int/int", lambda L: _ints(L, "int64") / L.tensor([1, 2, 4])),
    ("int//int", lambda L: _ints(L, "int64") // L.tensor([1, 2, -4])),
    ("int//2", lambda L: _ints(L, "int64") // 2),
    ("float//int", lambda L: _flts(L, "float32") // 2),
    ("int**2", lambda L: _ints(L, "int64") ** 2),
    ("int**2.0", lambda L: _ints(L, "int64") ** 2.0),
    ("int32**int64_0d", lambda L: _ints(L, "int32") ** L.tensor(2)),
    ("2**int", lambda L: 2 ** _ints(L, "int64").abs()),
    ("2.0**int", lambda L: 2.0 ** _ints(L, "int64")),
    ("int<2.5", lambda L: _ints(L, "int64") < 2.5),
    ("int==f32", lambda L: _ints(L, "int64") == _flts(L, "float32")),
    ("maximum(int32,f64)", lambda L: L.maximum(_ints(L, "int32"), _flts(L, "float64"))),
    ("where(c,int,1.5)", lambda L: L.where(_ints(L, "int64") > 0, _ints(L, "int64"), 1.5)),
    (
        "where(c,f32,f64_0d)",
        lambda L: L.where(
            _ints(L, "int64") > 0, _flts(L, "float32"), L.tensor(2.0, dtype=L.float64)
        ),
    ),
    ("sum(int32)", lambda L: _ints(L, "int32").sum()),
    ("sum(bool)", lambda L: (_ints(L, "int64") > 0).sum()),
    ("sum(int,dtype)", lambda L: _ints(L, "int64").sum(dtype=L.float32)),
    ("mean(f32,dtype=f64)", lambda L: _flts(L, "float32").mean(dtype=L.float64)),
    ("exp(int32)", lambda L: _ints(L, "int32").exp()),
    ("sqrt(bool)", lambda L: (_ints(L, "int64") > 0).sqrt()),
    ("abs(int32)", lambda L: _ints(L, "int32").abs()),
    ("neg(int16)", lambda L: -_ints(L, "int16")),
    ("mm(f32,f32)", lambda L: L.mm(_flts(L, "float32"), _flts(L, "float32").t())),
    ("cat(int32,f64)", lambda L: L.cat([_ints(L, "int32"), _flts(L, "float64")])),
    ("cat(bool,int64)", lambda L: L.cat([_ints(L, "int64") > 0, _ints(L, "int64")])),
    ("clamp(int,0.5)", lambda L: _ints(L, "int64").clamp(min=0.5)),
    ("int8+100", lambda L: L.tensor([1, 2], dtype=L.int8) + 100),
    ("result_type(int,2.5)", lambda L: L.result_type(_ints(L, "int64"), 2.5)),
    ("result_type(int32,int64_0d)", lambda L: L.result_type(_ints(L, "int32"), L.tensor(1))),
    (
        "result_type(f32_0d,f64_0d)",
        lambda L: L.result_type(L.tensor(1.0), L.tensor(2.0, dtype=L.float64)),
    ),
    ("result_type(2,2.5)", lambda L: L.result_type(L.tensor(2), 2.5)),
    ("promote_types(int32,f16)", lambda L: L.promote_types(L.int32, L.float16)),
    ("promote_types(uint8,int8)", lambda L: L.promote_types(L.uint8, L.int8)),
    ("promote_types(bool,int8)", lambda L: L.promote_types(L.bool, L.int8)),
    ("promote_types(bf16,f16)", lambda L: L.promote_types(L.bfloat16, L.float16)),
    ("can_cast(f64,int32)", lambda L: L.can_cast(L.float64, L.int32)),
    ("can_cast(int32,f32)", lambda L: L.can_cast(L.int32, L.float32)),
    ("can_cast(int64,bool)", lambda L: L.can_cast(L.int64, L.bool)),
    ("can_cast(bool,uint8)", lambda L: L.can_cast(L.bool, L.uint8)),
]


def _same_result(p, t):
    if isinstance(t, torch.dtype):
        assert dtype_name(p) == dtype_name(t)
    else:
        _assert_same_tol(p, t, TOL_MATH)


@pytest.mark.parametrize("expr", [pytest.param(e, id=i) for i, e in PROMOTION])
def test_type_promotion(expr):
    _same_result(expr(pyt), expr(torch))


# ------------------------------------------------------------------------------ operators
def _xy(L):
    x = L.tensor(np.array([[1.5, -2.0, 0.5], [3.0, 0.25, -1.0]], dtype=np.float32))
    y = L.tensor(np.array([[0.5, 4.0, -2.0], [1.0, -0.5, 2.0]], dtype=np.float32))
    return x, y


def _ij(L):
    return L.tensor([[5, -7, 3], [0, 9, -2]]), L.tensor([[2, 3, -2], [1, -4, 5]])


def _bb(L):
    return L.tensor([True, False, True, False]), L.tensor([True, True, False, False])


def _on(make, f):
    """An expression over lib: f applied to the operands make(lib) builds."""
    return lambda L: f(*make(L))


OPERATORS = [
    ("x+y", _on(_xy, lambda x, y: x + y)),
    ("x-y", _on(_xy, lambda x, y: x - y)),
    ("x*y", _on(_xy, lambda x, y: x * y)),
    ("x/y", _on(_xy, lambda x, y: x / y)),
    ("x//y", _on(_xy, lambda x, y: x // y)),
    ("x**2", lambda L: _xy(L)[0] ** 2),
    ("abs(x)**y", _on(_xy, lambda x, y: abs(x) ** y)),
    ("x@y.T", _on(_xy, lambda x, y: x @ y.T)),
    ("-x", lambda L: -_xy(L)[0]),
    ("+x", lambda L: +_xy(L)[0]),
    ("abs(x)", lambda L: abs(_xy(L)[0])),
    ("2+x", lambda L: 2 + _xy(L)[0]),
    ("2.5-x", lambda L: 2.5 - _xy(L)[0]),
    ("3*x", lambda L: 3 * _xy(L)[0]),
    ("1/x", lambda L: 1 / _xy(L)[0]),
    ("1//x", lambda L: 1 // _xy(L)[0]),
    ("2**x", lambda L: 2 ** _xy(L)[0]),
    ("2.0**i", lambda L: 2.0 ** _ij(L)[0]),
    ("10//i", lambda L: 10 // _ij(L)[1]),
    ("i//j", _on(_ij, lambda i, j: i // j)),
    ("i/j", _on(_ij, lambda i, j: i / j)),
    ("i*2", lambda L: _ij(L)[0] * 2),
    ("x<y", _on(_xy, lambda x, y: x < y)),
    ("x<=y", _on(_xy, lambda x, y: x <= y)),
    ("x>y", _on(_xy, lambda x, y: x > y)),
    ("x>=y", _on(_xy, lambda x, y: x >= y)),
    ("x==y", _on(_xy, lambda x, y: x == y)),
    ("x!=y", _on(_xy, lambda x, y: x != y)),
    ("x==0.5", lambda L: _xy(L)[0] == 0.5),
    ("0<x", lambda L: 0 < _xy(L)[0]),
    ("1.0>=x", lambda L: 1.0 >= _xy(L)[0]),
    ("x%y", _on(_xy, lambda x, y: x % y)),
    ("i%3", lambda L: _ij(L)[0] % 3),
    ("~b", lambda L: ~_bb(L)[0]),
    ("a&b", _on(_bb, lambda a, b: a & b)),
    ("a|b", _on(_bb, lambda a, b: a | b)),
    ("a^b", _on(_bb, lambda a, b: a ^ b)),
    ("i&j", _on(_ij, lambda i, j: i & j)),
    ("i|5", lambda L: _ij(L)[0] | 5),
    ("~i", lambda L: ~_ij(L)[0]),
    ("3&i", lambda L: 3 & _ij(L)[0]),
    ("7%i", lambda L: 7 % _ij(L)[1]),
    ("2.5%x", lambda L: 2.5 % _xy(L)[1]),
]


@pytest.mark.parametrize("expr", [_param("test_operators", i, e) for i, e in OPERATORS])
def test_operators(expr):
    _same_result(expr(pyt), expr(torch))


def test_len_iter_bool_float_int_index():
    for L in (pyt, torch):
        x = L.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        assert len(x) == 3
        rows = list(x)
        assert len(rows) == 3 and tuple(rows[1].shape) == (2,) and rows[2].tolist() == [5.0, 6.0]
        assert bool(L.tensor([0.5])) is True and bool(L.tensor(0)) is False
        assert float(L.tensor([2.5])) == 2.5 and int(L.tensor(7.9)) == 7
        assert [10, 20, 30][L.tensor(1)] == 20  # __index__
        assert list(range(10))[L.tensor(2) : L.tensor(5)] == [2, 3, 4]
    for L in (pyt, torch):
        with pytest.raises(RuntimeError, match="ambiguous"):
            bool(L.tensor([1.0, 2.0]))
        with pytest.raises(TypeError):
            len(L.tensor(3.0))


# ----------------------------------------------------------------------- in-place ops
def _inplace_inputs(L):
    x = L.tensor(np.array([[0.6, -1.2, 2.0], [1.5, -0.3, 0.8]]), requires_grad=True)
    z = L.tensor(np.array([[0.5, 1.5, -2.0], [2.5, 0.7, -1.1]]), requires_grad=True)
    return x, z


# (id, in-place step on a non-leaf y (= x * 1.5) with another tensor z requiring grad)
INPLACE = [
    ("add_", lambda y, z: y.add_(z)),
    ("add_alpha", lambda y, z: y.add_(z, alpha=-2.5)),
    ("add_scalar", lambda y, z: y.add_(3)),
    ("sub_", lambda y, z: y.sub_(z)),
    ("sub_alpha", lambda y, z: y.sub_(z, alpha=0.5)),
    ("mul_", lambda y, z: y.mul_(z)),
    ("mul_scalar", lambda y, z: y.mul_(-2)),
    ("div_", lambda y, z: y.div_(z)),
    ("div_floor", lambda y, z: y.div_(z, rounding_mode="floor")),
    ("pow_", lambda y, z: y.abs().pow_(z)),
    ("pow_scalar", lambda y, z: y.pow_(2)),
    ("neg_", lambda y, z: y.neg_()),
    ("exp_", lambda y, z: y.exp_()),
    ("log_", lambda y, z: y.abs().log_()),
    ("sqrt_", lambda y, z: y.abs().sqrt_()),
    ("abs_", lambda y, z: y.abs_()),
    ("relu_", lambda y, z: y.relu_()),
    ("sigmoid_", lambda y, z: y.sigmoid_()),
    ("tanh_", lambda y, z: y.tanh_()),
    ("clamp_", lambda y, z: y.clamp_(-1.0, 1.0)),
    ("clamp_min", lambda y, z: y.clamp_(min=0.0)),
    ("zero_", lambda y, z: y.zero_()),
    ("fill_", lambda y, z: y.fill_(2.5)),
    ("copy_", lambda y, z: y.copy_(z * 2)),
    ("copy_bcast", lambda y, z: y.copy_(z[0])),
    ("iadd", lambda y, z: y.__iadd__(z)),
    ("isub", lambda y, z: y.__isub__(z)),
    ("imul", lambda y, z: y.__imul__(z)),
    ("itruediv", lambda y, z: y.__itruediv__(z)),
    ("ipow", lambda y, z: y.__ipow__(2)),
    ("fn_relu_", lambda y, z: (pyt if isinstance(y, pyt.Tensor) else torch).relu_(y)),
    (
        "F_relu_inplace",
        lambda y, z: (pyt if isinstance(y, pyt.Tensor) else torch).nn.functional.relu(
            y, inplace=True
        ),
    ),
    ("view_mul_", lambda y, z: (y[1].mul_(3.0), y)[1]),
    ("slice_add_", lambda y, z: (y[:, ::2].add_(z[:, :2]), y)[1]),
    ("chain", lambda y, z: y.mul_(z).add_(1).exp_()),
]


def _node_kind(name):
    """A node's name without namespace and overload number: 'DivBackward1' -> 'DivBackward'."""
    return name.split("::")[-1].rstrip("0123456789")


@pytest.mark.parametrize("step", [_param("test_inplace", i, s) for i, s in INPLACE])
def test_inplace(step):
    res = {}
    for L in (torch, pyt):
        x, z = _inplace_inputs(L)
        y = x * 1.5
        v0 = y._version
        out = step(y, z)
        res[L] = (x, z, y, out, v0)
    (tx, tz, ty, tout, tv0), (px, pz, py, pout, pv0) = res[torch], res[pyt]
    assert_tensor_close(pout, tout, 1e-6, 1e-7)
    assert_tensor_close(py, ty, 1e-6, 1e-7, "y after the in-place op")
    assert (pout is py) == (tout is ty), "in-place op should return self"
    assert (py._version > pv0) == (ty._version > tv0), "version counter not bumped"
    assert py.grad_fn is not None, "the in-place op recorded no node"
    assert _node_kind(py.grad_fn.name()) == _node_kind(ty.grad_fn.name())
    cot = np.linspace(-1, 1, 6).reshape(2, 3)
    tout.backward(torch.tensor(cot))
    pout.backward(pyt.tensor(cot))
    for name, p, t in (("x", px, tx), ("z", pz, tz)):
        if t.grad is None:
            assert p.grad is None, f"{name}: torch has no grad, pyt has one"
        else:
            assert_tensor_close(p.grad, t.grad, 1e-6, 1e-7, f"grad of {name}")


# (id, op, dtype of self, dtype of other): in-place results keep self's dtype
INPLACE_DTYPES = [
    ("f32.add_(f64)", "add_", "float32", "float64"),
    ("f64.mul_(int64)", "mul_", "float64", "int64"),
    ("int32.add_(int64)", "add_", "int32", "int64"),
    ("int64.mul_(bool)", "mul_", "int64", "bool"),
    ("f32.div_(int32)", "div_", "float32", "int32"),
    ("int64.div_floor(int64)", "div_floor", "int64", "int64"),
]


@pytest.mark.parametrize("op,a,b", [pytest.param(o, a, b, id=i) for i, o, a, b in INPLACE_DTYPES])
def test_inplace_keeps_dtype(op, a, b):
    outs = {}
    for L in (torch, pyt):
        x = L.tensor(np.array([3, -4, 5, 7]), dtype=getattr(L, a))
        y = L.tensor(np.array([2, 1, 1, 3]), dtype=getattr(L, b))
        if op == "div_floor":
            outs[L] = x.div_(y, rounding_mode="floor")
        else:
            outs[L] = getattr(x, op)(y)
    assert_tensor_close(outs[pyt], outs[torch], 1e-6, 1e-7)


# ------------------------------------------------------------------------------- indexing
def _idx(L, v):
    """Index value v for library L: ('t', data) -> an int64 tensor, ('m', data) -> a bool tensor."""
    if isinstance(v, tuple) and len(v) == 2 and v[0] in ("t", "m"):
        return L.tensor(v[1], dtype=L.int64 if v[0] == "t" else L.bool)
    if isinstance(v, tuple):
        return tuple(_idx(L, e) for e in v)
    return v


# (id, index) into a (4, 5, 6) tensor; ('t', data) is an integer tensor, ('m', data) a bool mask
GETITEM = [
    ("int", 1),
    ("neg_int", -1),
    ("ints", (1, 2)),
    ("neg_ints", (-1, -2, -3)),
    ("slice", slice(1, 3)),
    ("slice_step", slice(None, None, 2)),
    ("slice_start_step", slice(1, None, 3)),
    ("slice_neg", slice(-3, None)),
    ("slice_neg_stop", slice(None, -1)),
    ("slice_out_of_range", slice(10, 20)),
    ("slice_reversed_empty", slice(3, 1)),
    ("slice_big_step", slice(None, None, 7)),
    ("dim1_int", (slice(None), 2)),
    ("dim1_slice_step", (slice(None), slice(0, 5, 2))),
    ("ellipsis_int", (Ellipsis, 1)),
    ("ellipsis_slice", (Ellipsis, slice(1, 4, 2))),
    ("int_ellipsis", (0, Ellipsis)),
    ("ellipsis_only", Ellipsis),
    ("none", None),
    ("none_mid", (1, None, slice(None, None, 2))),
    ("ellipsis_none", (Ellipsis, None)),
    ("none_none", (None, 0, None)),
    ("empty_tuple", ()),
    ("full_slices", (slice(None), slice(None), slice(None))),
    ("list", [0, 2, 3]),
    ("list_neg", [-1, 0]),
    ("tensor", ("t", [3, 0, 0])),
    ("tensor_neg", ("t", [-1, -2])),
    ("tensor_2d", ("t", [[0, 1], [2, 3]])),
    ("tensor_0d", ("t", 2)),
    ("tensor_empty", ("t", np.zeros(0, dtype=np.int64))),
    ("dim1_list", (slice(None), [1, 4])),
    ("int_tensor", (1, ("t", [0, 4]))),
    ("ellipsis_list", (Ellipsis, [0, -1])),
    ("slice_step_tensor", (slice(None, None, 2), ("t", [4, 1, 1]))),
    ("none_tensor", (None, slice(1, 3), ("t", [2]))),
    ("mask_dim0", ("m", [True, False, True, True])),
    ("mask_full", ("m", np.arange(120).reshape(4, 5, 6) % 7 == 0)),
    ("int_mask", (1, ("m", [False, True, True, False, True]))),
]


@pytest.mark.parametrize("index", [_param("test_getitem", i, v) for i, v in GETITEM])
def test_getitem(index):
    base = np.random.default_rng(0).standard_normal((4, 5, 6))
    px, tx = both(base, requires_grad=True)
    pr, tr = px[_idx(pyt, index)], tx[_idx(torch, index)]
    assert_tensor_close(pr, tr)
    cot = np.random.default_rng(1).standard_normal(tuple(tr.shape))
    tr.backward(torch.tensor(cot))
    pr.backward(pyt.tensor(cot))
    assert_tensor_close(px.grad, tx.grad, 1e-12, 1e-12, "grad")


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(v, id=i)
        for i, v in [
            ("empty", ()),
            ("none", None),
            ("ellipsis", Ellipsis),
            ("none_ellipsis", (None, Ellipsis, None)),
        ]
    ],
)
def test_getitem_0d(index):
    p, t = both(np.array(2.5))
    assert_tensor_close(p[index], t[index])


def test_getitem_views_and_copies_share_like_torch():
    for index in [1, slice(1, 3), (Ellipsis, slice(None, None, 2)), None, [0, 1], ("t", [1])]:
        res = {}
        for L in (pyt, torch):
            x = L.tensor(np.arange(24.0).reshape(4, 6))
            r = x[_idx(L, index)]
            r.fill_(-1.0)  # basic indexing gives a view (writes through), advanced a copy
            res[L] = x
        assert_tensor_close(res[pyt], res[torch], what=f"base after writing x[{index!r}]")


# (id, index, value); value ('v', shape) is a float tensor of that shape
SETITEM = [
    ("int_scalar", 1, 7.0),
    ("neg_int_scalar", -1, -3.0),
    ("slice_step_scalar", slice(None, None, 2), 0.5),
    ("ints_scalar", (1, 2), 9.0),
    ("int_int_int", (1, 2, 3), 5.0),
    ("dim1_slice", (slice(None), slice(1, 4)), 2.0),
    ("ellipsis", (Ellipsis, 0), 4.0),
    ("none", (None, 0), 4.0),
    ("whole", Ellipsis, 1.0),
    ("tensor_value", (1,), ("v", (5, 6))),
    ("bcast_row", (slice(None), 0), ("v", (6,))),
    ("bcast_0d", (2, slice(1, 3)), ("v", ())),
    ("step_tensor", (slice(1, None, 2), slice(None, None, 3)), ("v", (2, 1, 6))),
    ("int_value_to_float", 0, 3),
    ("list", [0, 3], -1.0),
    ("tensor_idx", ("t", [2, 0]), ("v", (2, 5, 6))),
    ("tensor_idx_bcast", ("t", [1, 3]), ("v", (6,))),
    ("mask_scalar", ("m", np.arange(120).reshape(4, 5, 6) % 3 == 0), 0.0),
    ("mask_dim0", ("m", [True, False, False, True]), 8.0),
    ("empty_slice", slice(2, 2), 1.0),
]


@pytest.mark.parametrize("index,value", [_param("test_setitem", i, x, v) for i, x, v in SETITEM])
def test_setitem(index, value):
    base = np.random.default_rng(0).standard_normal((4, 5, 6))
    px, tx = both(base)
    if isinstance(value, tuple) and value[0] == "v":
        pv, tv = both(np.random.default_rng(2).standard_normal(value[1]))
    else:
        pv = tv = value
    tx[_idx(torch, index)] = tv
    px[_idx(pyt, index)] = pv
    assert_tensor_close(px, tx)


def test_setitem_int_tensor_casts_value():
    res = {}
    for L in (pyt, torch):
        x = L.zeros(2, 3, dtype=L.int64)
        x[0] = 2.7  # float value into an int tensor truncates
        x[1, 1:] = L.tensor([1.9, -1.9])
        res[L] = x
    assert_tensor_close(res[pyt], res[torch])


def test_setitem_autograd():
    rng = np.random.default_rng(3)
    xs, zs = rng.standard_normal((3, 4)), rng.standard_normal(4)
    res = {}
    for L in (torch, pyt):
        x, z = L.tensor(xs, requires_grad=True), L.tensor(zs, requires_grad=True)
        y = x * 2
        y[1] = z * 3
        y[:, 0] = 0.0
        (y * y).sum().backward()
        res[L] = (y, x.grad, z.grad)
    for p, t in zip(res[pyt], res[torch]):
        assert_tensor_close(p, t, 1e-12, 1e-12)



# ---------------------------------------------------------------------------------- views
# (id, view of a contiguous (2, 3, 4) tensor): stride, offset, contiguity and shared storage
VIEWS = [
    ("view", lambda x: x.view(6, 4)),
    ("view_infer", lambda x: x.view(-1)),
    ("reshape_contig", lambda x: x.reshape(4, 6)),
    ("flatten", lambda x: x.flatten(1)),
    ("transpose", lambda x: x.transpose(0, 2)),
    ("t_of_2d", lambda x: x[0].t()),
    ("T_of_2d", lambda x: x[1].T),
    ("mT", lambda x: x.mT),
    ("permute", lambda x: x.permute(1, 2, 0)),
    ("permute_varargs_tuple", lambda x: x.permute((2, 0, 1))),
    ("unsqueeze", lambda x: x.unsqueeze(1)),
    ("squeeze", lambda x: x[:1].squeeze(0)),
    ("select", lambda x: x.select(1, 2)),
    ("getitem_int", lambda x: x[1]),
    ("getitem_slice_step", lambda x: x[:, ::2, 1::2]),
    ("getitem_none_ellipsis", lambda x: x[None, ..., 2]),
    ("narrow", lambda x: x.narrow(2, 1, 2)),
    ("detach", lambda x: x.detach()),
    ("view_as", lambda x: x.view_as(x.new_zeros(4, 6))),
    ("chain", lambda x: x.transpose(0, 1)[1:, :, ::3].unsqueeze(0)),
    ("expand", lambda x: x[:, :1].expand(2, 5, 4)),
    ("contiguous_self", lambda x: x.contiguous()),
]


@pytest.mark.parametrize("make_view", [pytest.param(f, id=i) for i, f in VIEWS])
def test_views_share_storage(make_view):
    res = {}
    for L in (torch, pyt):
        x = L.tensor(np.arange(24.0).reshape(2, 3, 4))
        v = make_view(x)
        meta = (tuple(v.shape), tuple(v.stride()), v.storage_offset(), v.is_contiguous())
        x.add_(100.0)  # a write through the base shows in the view
        seen = to_np(v)
        if "expand" not in make_view.__code__.co_names:
            v.mul_(-1.0)  # a write through the view shows in the base
        res[L] = (meta, seen, to_np(x))
    (pm, ps, pb), (tm, ts, tb) = res[pyt], res[torch]
    assert pm == tm, f"(shape, stride, offset, contiguous) {pm} != torch {tm}"
    np.testing.assert_array_equal(ps, ts)
    np.testing.assert_array_equal(pb, tb)


def test_reshape_of_noncontiguous_copies():
    for L in (pyt, torch):
        x = L.tensor(np.arange(6.0).reshape(2, 3))
        r = x.t().reshape(6)
        r.fill_(0.0)
        assert x.sum().item() == 15.0


# ---------------------------------------------------------------------------- creation
# (id, factory call over lib); values compared exactly (float tolerance for linspace/arange)
CREATION = [
    ("zeros", lambda L: L.zeros(2, 3)),
    ("zeros_tuple", lambda L: L.zeros((2, 3))),
    ("zeros_list", lambda L: L.zeros([4])),
    ("zeros_0d", lambda L: L.zeros(())),
    ("zeros_empty", lambda L: L.zeros(0, 3)),
    ("zeros_int", lambda L: L.zeros(2, 2, dtype=L.int64)),
    ("ones", lambda L: L.ones(3)),
    ("ones_bool", lambda L: L.ones(2, 2, dtype=L.bool)),
    ("ones_f64", lambda L: L.ones((1, 2), dtype=L.float64)),
    ("full_float", lambda L: L.full((2, 3), 1.5)),
    ("full_int", lambda L: L.full((2, 3), 7)),
    ("full_bool", lambda L: L.full((2,), True)),
    ("full_dtype", lambda L: L.full((2,), 3, dtype=L.float64)),
    ("full_0d", lambda L: L.full((), -2.0)),
    ("zeros_like", lambda L: L.zeros_like(L.ones(2, 3, dtype=L.int32))),
    ("ones_like_dtype", lambda L: L.ones_like(L.ones(2, 3), dtype=L.float64)),
    ("full_like", lambda L: L.full_like(L.ones(2, 3, dtype=L.int64), 2.7)),
    ("full_like_float", lambda L: L.full_like(L.ones(2), 2.5)),
    ("empty_shape", lambda L: L.empty(2, 0, 3).shape),
    ("empty_dtype", lambda L: L.empty(3, dtype=L.int64).dtype),
    ("empty_like_shape", lambda L: L.empty_like(L.ones(2, 5)).shape),
    ("arange", lambda L: L.arange(5)),
    ("arange_start", lambda L: L.arange(1, 4)),
    ("arange_neg_step", lambda L: L.arange(5, 0, -1)),
    ("arange_int_step", lambda L: L.arange(0, 10, 3)),
    ("arange_float_end", lambda L: L.arange(4.0)),
    ("arange_float_step", lambda L: L.arange(0, 1, 0.1)),
    ("arange_float_step2", lambda L: L.arange(1, 2.5, 0.5)),
    ("arange_float_neg", lambda L: L.arange(1.0, -1.0, -0.3)),
    ("arange_awkward", lambda L: L.arange(-1.0, 1.0, 0.25)),
    ("arange_dtype", lambda L: L.arange(10, dtype=L.float32)),
    ("arange_f64", lambda L: L.arange(0, 1, 0.125, dtype=L.float64)),
    ("arange_empty", lambda L: L.arange(3, 3)),
    ("linspace", lambda L: L.linspace(0, 1, 5)),
    ("linspace_neg", lambda L: L.linspace(2, -3, 7)),
    ("linspace_one", lambda L: L.linspace(-1, 1, 1)),
    ("linspace_zero", lambda L: L.linspace(0, 1, 0)),
    ("linspace_f64", lambda L: L.linspace(2, 3, 11, dtype=L.float64)),
    ("eye", lambda L: L.eye(3)),
    ("eye_rect", lambda L: L.eye(2, 4)),
    ("eye_rect_tall", lambda L: L.eye(4, 2)),
    ("eye_int", lambda L: L.eye(3, dtype=L.int64)),
    ("eye_0", lambda L: L.eye(0)),
    ("tensor_float", lambda L: L.tensor(3.5)),
    ("tensor_int", lambda L: L.tensor([1, 2])),
    ("tensor_bool", lambda L: L.tensor([[True], [False]])),
    ("tensor_mixed", lambda L: L.tensor([1, 2.5])),
    ("tensor_empty", lambda L: L.tensor([])),
    ("tensor_nested_empty", lambda L: L.tensor([[], []])),
    ("tensor_np_f64", lambda L: L.tensor(np.array([1.0, 2.0]))),
    ("tensor_np_int32", lambda L: L.tensor(np.array([1, 2], dtype=np.int32))),
    ("tensor_dtype", lambda L: L.tensor([1, 2], dtype=L.float64)),
    ("tensor_of_tensor", lambda L: L.tensor(L.arange(3))),
    ("as_tensor", lambda L: L.as_tensor([1.5, 2.5])),
    ("new_zeros", lambda L: L.ones(2, dtype=L.int32).new_zeros(3, 2)),
    ("new_ones", lambda L: L.ones(2, dtype=L.float64).new_ones((2,))),
    ("new_full", lambda L: L.ones(2).new_full((2, 2), 4)),
    ("new_empty_shape", lambda L: L.ones(2).new_empty(3, 1).shape),
    ("scalar_tensor", lambda L: L.scalar_tensor(3)),
    ("requires_grad", lambda L: L.zeros(2, requires_grad=True).requires_grad),
]


@pytest.mark.parametrize("make", [_param("test_creation", i, f) for i, f in CREATION])
def test_creation(make):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.tensor(tensor) recommends clone()
        p, t = make(pyt), make(torch)
    if isinstance(t, torch.Size):
        assert tuple(p) == tuple(t)
    elif isinstance(t, torch.dtype):
        assert dtype_name(p) == dtype_name(t)
    else:
        _assert_same_tol(p, t, TOL_MATH)


def test_default_dtype():
    assert pyt.get_default_dtype() == pyt.float32
    pyt.set_default_dtype(pyt.float64)
    try:
        assert pyt.zeros(2).dtype == pyt.float64
        assert pyt.tensor([1.5]).dtype == pyt.float64
        assert pyt.arange(0, 1, 0.5).dtype == pyt.float64
        assert (pyt.tensor([1, 2]) * 0.5).dtype == pyt.float64
    finally:
        pyt.set_default_dtype(pyt.float32)
    assert pyt.zeros(2).dtype == pyt.float32


# --------------------------------------------------------------------------------- random
N_RANDOM = 200_000


# (id, sampler over pyt, expected mean, expected std, support check)
RANDOM_STATS = [
    (
        "rand",
        lambda g: pyt.rand(N_RANDOM, generator=g),
        0.5,
        math.sqrt(1 / 12),
        lambda a: (a >= 0).all() and (a < 1).all(),
    ),
    (
        "rand_f64",
        lambda g: pyt.rand(N_RANDOM, dtype=pyt.float64, generator=g),
        0.5,
        math.sqrt(1 / 12),
        lambda a: (a >= 0).all() and (a < 1).all() and a.dtype == np.float64,
    ),
    ("randn", lambda g: pyt.randn(N_RANDOM, generator=g), 0.0, 1.0, lambda a: np.isfinite(a).all()),
    (
        "randint",
        lambda g: pyt.randint(-3, 7, (N_RANDOM,), generator=g),
        1.5,
        math.sqrt((10**2 - 1) / 12),
        lambda a: a.dtype == np.int64 and set(np.unique(a)) == set(range(-3, 7)),
    ),
    (
        "randint_high",
        lambda g: pyt.randint(4, (N_RANDOM,), generator=g),
        1.5,
        math.sqrt(15 / 12),
        lambda a: set(np.unique(a)) == {0, 1, 2, 3},
    ),
    (
        "uniform_",
        lambda g: pyt.empty(N_RANDOM).uniform_(-2, 4, generator=g),
        1.0,
        math.sqrt(36 / 12),
        lambda a: (a >= -2).all() and (a < 4).all(),
    ),
    (
        "normal_",
        lambda g: pyt.empty(N_RANDOM).normal_(3.0, 0.5, generator=g),
        3.0,
        0.5,
        lambda a: True,
    ),
    (
        "bernoulli_",
        lambda g: pyt.empty(N_RANDOM).bernoulli_(0.3, generator=g),
        0.3,
        math.sqrt(0.21),
        lambda a: set(np.unique(a)) <= {0.0, 1.0},
    ),
    (
        "randperm",
        lambda g: pyt.randperm(1000, generator=g),
        499.5,
        math.sqrt((1000**2 - 1) / 12),
        lambda a: a.dtype == np.int64 and sorted(a.tolist()) == list(range(1000)),
    ),
]


@pytest.mark.parametrize(
    "sample,mean,std,support", [pytest.param(*r[1:], id=r[0]) for r in RANDOM_STATS]
)
def test_random_statistics_and_determinism(sample, mean, std, support):
    g = pyt.Generator().manual_seed(1234)
    a = to_np(sample(g))
    assert support(a)
    n = a.size
    assert abs(a.mean() - mean) < 5 * std / math.sqrt(n) + 1e-9, f"mean {a.mean()} far from {mean}"
    assert abs(a.std() - std) < 0.02 * std, f"std {a.std()} far from {std}"
    # the same seed replays the same stream, another seed gives another
    np.testing.assert_array_equal(to_np(sample(pyt.Generator().manual_seed(1234))), a)
    assert not np.array_equal(to_np(sample(pyt.Generator().manual_seed(4321))), a)
    # the default generator: manual_seed makes it deterministic too
    pyt.manual_seed(7)
    d1 = to_np(sample(None))
    pyt.manual_seed(7)
    np.testing.assert_array_equal(to_np(sample(None)), d1)


def test_generator_streams_are_independent():
    pyt.manual_seed(0)
    a1 = pyt.rand(5)
    a2 = pyt.rand(5)
    assert not np.array_equal(to_np(a1), to_np(a2)), "successive draws must differ"
    pyt.manual_seed(0)
    b1 = pyt.rand(5)
    pyt.rand(3, generator=pyt.Generator().manual_seed(99))  # must not advance the default one
    b2 = pyt.rand(5)
    np.testing.assert_array_equal(to_np(a1), to_np(b1))
    np.testing.assert_array_equal(to_np(a2), to_np(b2))
    g = pyt.Generator().manual_seed(5)
    assert g.initial_seed() == 5
    state = g.get_state()
    x = pyt.randn(4, generator=g)
    g.set_state(state)
    np.testing.assert_array_equal(to_np(pyt.randn(4, generator=g)), to_np(x))
    pyt.manual_seed(11)
    assert pyt.initial_seed() == 11


def test_rand_shapes_and_dtypes():
    assert tuple(pyt.rand(2, 3).shape) == (2, 3) and pyt.rand(2, 3).dtype == pyt.float32
    assert tuple(pyt.randn((4,)).shape) == (4,)
    assert tuple(pyt.rand(0, 3).shape) == (0, 3)
    assert tuple(pyt.rand(()).shape) == ()
    assert pyt.randint(0, 5, (3,), dtype=pyt.int32).dtype == pyt.int32
    assert pyt.randn(3, dtype=pyt.float64).dtype == pyt.float64
    assert pyt.randn(2, requires_grad=True).requires_grad
    assert tuple(pyt.randperm(0).shape) == (0,)
    assert tuple(pyt.rand_like(pyt.ones(2, 2, dtype=pyt.float64)).shape) == (2, 2)
    assert pyt.randn_like(pyt.ones(2, dtype=pyt.float64)).dtype == pyt.float64


def test_dropout_statistics_and_grad():
    x = pyt.ones(100_000, requires_grad=True)
    y = pyt.nn.functional.dropout(x, 0.25, training=True)
    a = to_np(y)
    kept = a != 0
    assert abs(kept.mean() - 0.75) < 0.01
    np.testing.assert_allclose(a[kept], 1 / 0.75, rtol=1e-6)
    y.sum().backward()
    np.testing.assert_allclose(to_np(x.grad), a, rtol=1e-6)  # grad = mask / (1 - p)
    g1 = pyt.Generator().manual_seed(3)
    g2 = pyt.Generator().manual_seed(3)
    np.testing.assert_array_equal(
        to_np(pyt._C._nn.dropout(pyt.ones(50), 0.5, True, g1)),
        to_np(pyt._C._nn.dropout(pyt.ones(50), 0.5, True, g2)),
    )


# ---------------------------------------------------------------------------- numpy interop
@pytest.mark.parametrize(
    "np_dtype", ["float32", "float64", "int64", "int32", "int16", "int8", "uint8", "bool"]
)
def test_from_numpy_zero_copy_both_ways(np_dtype):
    a = (np.arange(6).reshape(2, 3) % 2).astype(np_dtype)
    p, t = pyt.from_numpy(a), torch.from_numpy(a.copy())
    assert dtype_name(p.dtype) == dtype_name(t.dtype)
    assert tuple(p.shape) == (2, 3)
    a[0, 0] = 1  # array -> tensor
    assert p[0, 0].item() == a[0, 0]
    p[1, 2] = 0  # tensor -> array
    assert a[1, 2] == 0
    n = p.numpy()
    n[0, 1] = 1  # tensor.numpy() shares too
    assert a[0, 1] == 1 and p[0, 1].item() == 1
    assert np.shares_memory(n, a)


def test_numpy_shares_and_array_protocol():
    p = pyt.arange(6.0).reshape(2, 3)
    n = p.numpy()
    p.add_(1.0)
    np.testing.assert_array_equal(n, np.arange(6.0).reshape(2, 3) + 1)
    assert n.dtype == np.float32
    np.testing.assert_array_equal(np.asarray(p.t()), n.T)  # __array__ of a non-contiguous tensor
    assert p.t().numpy().shape == (3, 2)
    assert pyt.tensor(5).numpy().shape == ()


def test_from_numpy_strided_and_0d():
    a = np.arange(24.0).reshape(4, 6)[::2, 1::2]
    p, t = pyt.from_numpy(a), torch.from_numpy(a)
    assert tuple(p.stride()) == tuple(t.stride())
    assert_tensor_close(p, t)
    a[0, 0] = -5.0
    assert p[0, 0].item() == -5.0
    z = np.array(3.0)
    assert_tensor_close(pyt.from_numpy(z), torch.from_numpy(z))
    with pytest.raises(ValueError):
        pyt.from_numpy(np.arange(4.0)[::-1])
    with pytest.raises(ValueError):
        torch.from_numpy(np.arange(4.0)[::-1])


def test_from_numpy_keeps_array_alive():
    p = pyt.from_numpy(np.arange(1000.0))
    import gc

    gc.collect()
    assert p.sum().item() == sum(range(1000))


# ------------------------------------------------------------------- item, tolist, to(...)
CONVERSIONS = [
    ("item_float", lambda L: L.tensor([[2.5]]).item()),
    ("item_int", lambda L: L.tensor(7).item()),
    ("item_bool", lambda L: L.tensor([True]).item()),
    ("item_f64", lambda L: L.tensor(0.1, dtype=L.float64).item()),
    ("item_f32_rounding", lambda L: L.tensor(0.1).item()),
    ("tolist_2d", lambda L: L.tensor([[1.5, 2.0], [3.0, 4.25]]).tolist()),
    ("tolist_int", lambda L: L.arange(4).tolist()),
    ("tolist_bool", lambda L: L.tensor([True, False]).tolist()),
    ("tolist_0d", lambda L: L.tensor(3).tolist()),
    ("tolist_empty", lambda L: L.zeros(2, 0).tolist()),
    ("tolist_noncontig", lambda L: L.arange(6).reshape(2, 3).t().tolist()),
    ("to_f64", lambda L: L.tensor([1.5, 2.5]).to(L.float64)),
    ("to_int_truncates", lambda L: L.tensor([1.7, -1.7, 2.5]).to(L.int64)),
    ("to_bool", lambda L: L.tensor([0.0, -0.5, 2.0]).to(L.bool)),
    ("to_kw", lambda L: L.tensor([1, 2]).to(dtype=L.float32)),
    ("to_cpu", lambda L: L.tensor([1, 2]).to("cpu")),
    ("to_device_dtype", lambda L: L.tensor([1, 2]).to("cpu", L.float64)),
    ("to_tensor", lambda L: L.tensor([1, 2]).to(L.tensor([0.5], dtype=L.float64))),
    ("float", lambda L: L.tensor([1, 2]).float()),
    ("double", lambda L: L.tensor([1, 2]).double()),
    ("long", lambda L: L.tensor([1.9, -1.9]).long()),
    ("int", lambda L: L.tensor([1.9, -1.9]).int()),
    ("bool", lambda L: L.tensor([0, 3]).bool()),
    ("half_dtype", lambda L: L.tensor([1.0, 2.0]).half().dtype),
    ("short", lambda L: L.tensor([3.5]).short()),
    ("uint8_wrap_free", lambda L: L.tensor([3, 250]).to(L.uint8)),
    ("int32_to_f32_big", lambda L: L.tensor([16777217], dtype=L.int32).float()),
    ("f64_to_f32_round", lambda L: L.tensor([1.0000000596046448], dtype=L.float64).float()),
    ("cpu", lambda L: L.tensor([1.0]).cpu()),
    ("type", lambda L: L.tensor([1.0]).type(L.float64)),
]


@pytest.mark.parametrize("conv", [_param("test_conversions", i, f) for i, f in CONVERSIONS])
def test_conversions(conv):
    p, t = conv(pyt), conv(torch)
    if isinstance(t, torch.dtype):
        assert dtype_name(p) == dtype_name(t)
    else:
        _assert_same_tol(p, t, {})


@pytest.mark.parametrize(
    "call",
    [
        _param("test_noop_conversion_returns_self", i, f)
        for i, f in [
            ("to", lambda x: x.to(x.dtype)),
            ("float", lambda x: x.float()),
            ("contiguous", lambda x: x.contiguous()),
            ("to_cpu", lambda x: x.to("cpu")),
        ]
    ],
)
def test_noop_conversion_returns_self(call):
    for L in (torch, pyt):
        x = L.ones(3)
        assert call(x) is x, f"{L.__name__}: a no-op conversion returns a new Python object"


def test_to_copy_flag():
    for L in (pyt, torch):
        x = L.ones(3)
        y = x.to(L.float32, copy=True)
        y.fill_(2.0)
        assert x.sum().item() == 3.0


def test_dtype_and_device_objects():
    for name in [
        "bool",
        "uint8",
        "int8",
        "int16",
        "int32",
        "int64",
        "float16",
        "bfloat16",
        "float32",
        "float64",
    ]:
        p, t = getattr(pyt, name), getattr(torch, name)
        assert repr(p) == f"pyt.{name}"
        assert p.is_floating_point == t.is_floating_point
        assert p.itemsize == t.itemsize
    for alias, name in [
        ("float", "float32"),
        ("double", "float64"),
        ("long", "int64"),
        ("int", "int32"),
        ("half", "float16"),
        ("short", "int16"),
    ]:
        assert getattr(pyt, alias) is getattr(pyt, name) or getattr(pyt, alias) == getattr(
            pyt, name
        )
    assert repr(pyt.ones(1).device) == "device(type='cpu')"
    assert pyt.device("cpu") == pyt.ones(1).device


# ------------------------------------------------------------------------------------ repr
def _repr_cases():
    f = np.array
    return [
        ("vec", lambda L: L.tensor(f([1.0, 2.0, 3.5]))),
        ("ints", lambda L: L.tensor(f([1, -20, 300]))),
        ("bools", lambda L: L.tensor(f([True, False]))),
        ("scalar", lambda L: L.tensor(3.5)),
        ("scalar_int", lambda L: L.tensor(-4)),
        ("matrix", lambda L: L.tensor(f([[1.0, 2.0], [3.0, 4.0]]))),
        ("3d", lambda L: L.arange(8).reshape(2, 2, 2)),
        ("empty", lambda L: L.zeros(0, 3)),
        ("empty_1d", lambda L: L.tensor(f([], dtype=np.float32))),
        ("f64", lambda L: L.tensor(f([1.5, 2.0]))),
        ("int32", lambda L: L.tensor(f([1, 2], dtype=np.int32))),
        ("small", lambda L: L.tensor(f([1e-5, 2.0], dtype=np.float32))),
        ("large", lambda L: L.tensor(f([1e10, 1.0], dtype=np.float32))),
        ("frac", lambda L: L.tensor(f([0.123456, -2.5], dtype=np.float32))),
        ("special", lambda L: L.tensor(f([np.inf, -np.inf, np.nan, 1.0], dtype=np.float32))),
        ("requires_grad", lambda L: L.ones(2, requires_grad=True)),
        ("grad_fn", lambda L: L.ones(2, requires_grad=True) * 2),
        ("long_summarized", lambda L: L.arange(2000)),
        ("wide", lambda L: L.linspace(0, 1, 30)),
        ("noncontig", lambda L: L.arange(6.0).reshape(2, 3).t()),
    ]


@pytest.mark.parametrize("make", [pytest.param(f, id=i) for i, f in _repr_cases()])
def test_repr(make):
    expected = repr(make(torch)).replace("torch.", "pyt.")
    assert repr(make(pyt)) == expected
    assert str(make(pyt)) == str(make(torch)).replace("torch.", "pyt.")


# ----------------------------------------------------------------------- half precision
def _half(L, dtype, data=(0.5, -1.25, 2.0, 3.140625, -0.0078125, 100.0)):
    return L.tensor(np.array(data, dtype=np.float32)).to(getattr(L, dtype))


# (id, expression over lib and a half dtype name): float16/bfloat16 compute through float32
# and round once, as torch's CPU kernels do
HALF = [
    ("add", lambda L, d: _half(L, d) + _half(L, d, (1.0, 2.5, -3.0, 0.125, 7.0, 0.5))),
    ("mul", lambda L, d: _half(L, d) * _half(L, d, (1.0, 2.5, -3.0, 0.125, 7.0, 0.5))),
    ("div", lambda L, d: _half(L, d) / 3),
    ("add_py_float", lambda L, d: _half(L, d) + 2.5),
    ("neg", lambda L, d: -_half(L, d)),
    ("exp", lambda L, d: _half(L, d, (0.5, -1.0, 2.0, 0.0, -3.0, 1.5)).exp()),
    ("log", lambda L, d: _half(L, d).abs().log()),
    ("sqrt", lambda L, d: _half(L, d).abs().sqrt()),
    ("tanh", lambda L, d: _half(L, d).tanh()),
    ("sigmoid", lambda L, d: _half(L, d).sigmoid()),
    ("relu", lambda L, d: _half(L, d).relu()),
    ("sum", lambda L, d: _half(L, d).sum()),
    ("lt", lambda L, d: _half(L, d) < 1.0),
    ("promote_f32", lambda L, d: _half(L, d) + _half(L, "float32")),
    (
        "promote_other_half",
        lambda L, d: _half(L, d) + _half(L, "float16" if d == "bfloat16" else "bfloat16"),
    ),
    (
        "round_from_f32",
        lambda L, d: L.tensor(np.float32([0.1, 1 / 3, 65504.0, 1e-5, 300.7])).to(getattr(L, d)),
    ),
    ("to_int", lambda L, d: _half(L, d).to(L.int64)),
]


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("expr", [pytest.param(e, id=i) for i, e in HALF])
def test_half_precision(expr, dtype):
    p, t = expr(pyt, dtype), expr(torch, dtype)
    assert dtype_name(p.dtype) == dtype_name(t.dtype)
    if p.dtype in (pyt.float16, pyt.bfloat16):
        p, t = p.float(), t.float()  # numpy has no bfloat16; the widening is exact
    _assert_same_tol(p, t, {"float32": (0.0, 0.0)})
