"""Differential tests of the `extra` family beyond the op table (op_table_extra.py): operators,
in-place variants, out=, error parity, aliases and the Python composites (meshgrid,
repeat_interleave, tensordot, kron, splits, ...), against torch."""

import warnings

import numpy as np
import pyt
import pytest
import torch
from helpers import assert_same, assert_tensor_close, both, gradcheck

R = np.random.default_rng(0)


def _lib_call(fn):
    """(pyt result, torch result) of fn(lib), or their exceptions."""
    out = []
    for lib in (pyt, torch):
        try:
            out.append(("ok", fn(lib)))
        except Exception as e:  # noqa: BLE001 - compared below
            out.append(("err", e))
    return out


def _same(fn, rtol=1e-6, atol=1e-7):
    (pk, pv), (tk, tv) = _lib_call(fn)
    if tk == "err":
        assert pk == "err", f"torch raised {type(tv).__name__}: {tv}; pyt returned {pv}"
        assert type(pv).__name__ == type(tv).__name__, f"pyt raised {type(pv).__name__}: {pv}; torch {tv!r}"
        return
    assert pk == "ok", f"pyt raised {type(pv).__name__}: {pv}"
    assert_same(pv, tv, rtol, atol)


def T(lib, data, dtype=None):
    return lib.tensor(data) if dtype is None else lib.tensor(data, dtype=getattr(lib, dtype))


# ------------------------------------------------------------------------ shifts
SHIFT_CASES = {
    "lshift_int8": lambda m: T(m, [1, -8, 3], "int8") << T(m, [7, 1, 8], "int8"),
    "rshift_int8": lambda m: T(m, [-128, -8, 3], "int8") >> T(m, [7, 1, 9], "int8"),
    "lshift_neg": lambda m: T(m, [1, -8, 3]) << -1,
    "rshift_neg": lambda m: T(m, [-8, 8]) >> -1,
    "rshift_uint8_wide": lambda m: T(m, [200], "uint8") >> T(m, [8], "uint8"),
    "lshift_uint8_big": lambda m: T(m, [3], "uint8") << T(m, [200], "uint8"),
    "rlshift": lambda m: 1 << T(m, [1, 2, 62, 63, 64]),
    "rrshift": lambda m: 1024 >> T(m, [1, 2, 11]),
    "lshift_bool_int": lambda m: T(m, [True, False]) << 1,
    "lshift_0d": lambda m: T(m, [1, 2], "int8") << T(m, 3),
    "fn_scalar_self": lambda m: m.bitwise_left_shift(1, T(m, [1, 2])),
    "lshift_float": lambda m: T(m, [1.0]) << 1,
    "lshift_pyfloat": lambda m: T(m, [1, 2]) << 1.5,
    "rlshift_float": lambda m: 1.5 << T(m, [1, 2]),
    "lshift_bool_bool": lambda m: T(m, [True]) << T(m, [True]),
    "lshift_bcast_err": lambda m: m.ones(2, 3, dtype=m.int64) << m.ones(4, dtype=m.int64),
    "ilshift": lambda m: (lambda x: (x.__ilshift__(2), x)[1])(T(m, [1, 2, 3], "int16")),
    "irshift": lambda m: (lambda x: (x.__irshift__(T(m, [1, 0, 1], "int16")), x)[1])(T(m, [-7, 2, 3], "int16")),
    "ilshift_promote_err": lambda m: T(m, [1, 2], "int8").__ilshift__(T(m, [1, 2])),
    "lshift_": lambda m: T(m, [1, 2]).bitwise_left_shift_(3),
    "rshift_noncontig": lambda m: m.arange(24).reshape(4, 6).t() >> m.arange(4),
    "lshift_empty": lambda m: m.ones(0, 3, dtype=m.int32) << 2,
    "both_numbers": lambda m: m.bitwise_left_shift(2, 3),
}


@pytest.mark.parametrize("case", SHIFT_CASES, ids=list(SHIFT_CASES))
def test_shift_operators(case):
    _same(SHIFT_CASES[case])


def test_ilshift_is_in_place():
    x = pyt.tensor([1, 2], dtype=pyt.int32)
    y = x
    y <<= 3
    assert y is x and x.tolist() == [8, 16]
    y >>= 1
    assert y is x and x.tolist() == [4, 8]


# ------------------------------------------------------------------ errors, dtypes
ERROR_CASES = {
    "heaviside_dtypes": lambda m: m.heaviside(T(m, [-1, 0, 2]), T(m, [0.5])),
    "heaviside_number": lambda m: m.heaviside(T(m, [1.0]), 0.5),
    "logaddexp_int": lambda m: m.logaddexp(T(m, [1]), T(m, [2])),
    "logaddexp2_int": lambda m: m.logaddexp2(T(m, [1]), T(m, [2])),
    "nextafter_int": lambda m: m.nextafter(T(m, [1]), T(m, [2])),
    "fmax_number": lambda m: m.fmax(T(m, [1.0]), 2),
    "copysign_int_inplace": lambda m: T(m, [1, 2]).copysign_(T(m, [-1, 1])),
    "lgamma_int_inplace": lambda m: T(m, [1, 2]).lgamma_(),
    "float_power_f32_inplace": lambda m: T(m, [1.0, 2]).float_power_(2),
    "polygamma_negative": lambda m: m.polygamma(-1, T(m, [1.0])),
    "diag_3d": lambda m: m.diag(m.ones(2, 2, 2)),
    "diag_embed_0d": lambda m: m.diag_embed(T(m, 1.0)),
    "diag_embed_same_dims": lambda m: m.diag_embed(m.ones(2, 3), 0, 1, 1),
    "diag_embed_dim_oob": lambda m: m.diag_embed(m.ones(2, 3), 0, 0, 5),
    "trace_1d": lambda m: m.trace(m.ones(2)),
    "trace_bool": lambda m: m.trace(m.ones(2, 2, dtype=m.bool)),
    "trace_int8": lambda m: m.trace(m.ones(2, 3, dtype=m.int8)),
    "cross_dtypes": lambda m: m.linalg.cross(m.ones(3), m.ones(3, dtype=m.float64)),
    "cross_size": lambda m: m.linalg.cross(m.ones(4), m.ones(4)),
    "cross_ndim": lambda m: m.linalg.cross(m.ones(2, 3), m.ones(3)),
    "cross_int": lambda m: m.linalg.cross(T(m, [1, 0, 0]), T(m, [0, 1, 0])),
    "cross_bool": lambda m: m.linalg.cross(T(m, [True, False, False]), T(m, [True, True, False])),
    "rot90_one_dim": lambda m: m.rot90(m.ones(2, 3), 1, [0]),
    "rot90_1d": lambda m: m.rot90(m.ones(2), 1, [0, 1]),
    "rot90_same": lambda m: m.rot90(m.ones(2, 3), 1, [0, 0]),
    "block_diag_3d": lambda m: m.block_diag(m.ones(2, 2, 2)),
    "block_diag_none": lambda m: m.block_diag(),
    "cdist_int": lambda m: m.cdist(T(m, [[1, 2]]), T(m, [[1, 2]])),
    "cdist_1d": lambda m: m.cdist(m.ones(3), m.ones(3)),
    "cdist_cols": lambda m: m.cdist(m.ones(2, 3), m.ones(2, 4)),
    "cdist_neg_p": lambda m: m.cdist(m.ones(2, 3), m.ones(2, 3), p=-1),
    "cdist_mode": lambda m: m.cdist(m.ones(2, 3), m.ones(2, 3), compute_mode="x"),
    "cdist_dtypes": lambda m: m.cdist(m.ones(2, 3), m.ones(2, 3, dtype=m.float64)),
    "tril_indices_neg": lambda m: m.tril_indices(-1, 3),
    "tril_indices_float": lambda m: m.tril_indices(3, 3, dtype=m.float32),
    "triu_indices_int16": lambda m: m.triu_indices(3, 3, dtype=m.int16),
    "positive_bool": lambda m: m.positive(T(m, [True])),
    "xlogy_numbers": lambda m: m.xlogy(2, 3),
    "float_power_numbers": lambda m: m.float_power(2, 3),
    "sgn_bool": lambda m: m.sgn(T(m, [True, False])),
    "signbit_bool": lambda m: m.signbit(T(m, [True, False])),
    "heaviside_bool": lambda m: m.heaviside(T(m, [True, False]), T(m, [True, True])),
    "float_power_bool": lambda m: m.float_power(T(m, [True, False]), T(m, [True, True])),
    "ldexp_bool": lambda m: m.ldexp(T(m, [True, False]), T(m, [True, True])),
    "deg2rad_bool": lambda m: m.deg2rad(T(m, [True, False])),
    "lgamma_float16": lambda m: m.lgamma(T(m, [0.5, 3.0], "float16")),
    "digamma_bfloat16": lambda m: m.digamma(T(m, [0.5, 3.0], "bfloat16")).float(),
    "copysign_bfloat16": lambda m: m.copysign(T(m, [0.5, 3.0], "bfloat16"), -1).float(),
    "xlogy_float16": lambda m: m.xlogy(T(m, [0.5, 0.0], "float16"), T(m, [2.0, 0.0], "float16")),
    "fmax_float16": lambda m: m.fmax(T(m, [0.5, float("nan")], "float16"), T(m, [2.0, 1.0], "float16")),
    "logit_bfloat16": lambda m: m.logit(T(m, [0.25, 0.5], "bfloat16")).float(),
    "i0_float16": lambda m: m.i0(T(m, [0.25, 9.5], "float16")),
    "sinc_bfloat16": lambda m: m.sinc(T(m, [0.0, 0.5], "bfloat16")).float(),
    "logaddexp_float16": lambda m: m.logaddexp(T(m, [0.5, 3.0], "float16"), T(m, [2.0, 1.0], "float16")),
    "shift_int16_float": lambda m: T(m, [1], "int16") << T(m, [1.5]),
    "xlogy_scalar_self": lambda m: m.xlogy(2, T(m, [2.0, 0.0])),
    "xlogy_nan": lambda m: m.xlogy(T(m, [0.0, 0.0]), T(m, [float("nan"), 0.0])),
    "logit_int": lambda m: m.logit(T(m, [0, 1])),
    "i0_int": lambda m: m.i0(T(m, [1, 2])),
}


@pytest.mark.parametrize("case", ERROR_CASES, ids=list(ERROR_CASES))
def test_errors_and_dtypes(case):
    _same(ERROR_CASES[case], rtol=1e-2, atol=1e-3)  # bfloat16: one unit in the last place


def test_cross_without_dim_warns_and_picks_first_size3_dim():
    a = R.standard_normal((3, 4))
    b = R.standard_normal((3, 4))
    outs = []
    for lib in (pyt, torch):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            outs.append(lib.cross(lib.tensor(a), lib.tensor(b)))
        assert any("deprecated" in str(x.message) for x in w)
    assert_tensor_close(outs[0], outs[1], 1e-12, 1e-12)


# ------------------------------------------------------------- grad_fn and gradients
GRAD_FN_CASES = {
    "xlogy_scalar_self": (lambda m, x: m.xlogy(2.0, x), "XlogyBackward1"),
    # pyt's pow(Number, Tensor) records PowBackward1 where torch records PowBackward2: not checked
    "float_power_scalar_base": (lambda m, x: m.float_power(2, x), None),
    "copysign_scalar": (lambda m, x: m.copysign(x, -1), "CopysignBackward1"),
    "fix": (lambda m, x: m.fix(x), "TruncBackward0"),
    "absolute": (lambda m, x: m.absolute(x), "AbsBackward0"),
    "negative": (lambda m, x: m.negative(x), "NegBackward0"),
    "arcsin": (lambda m, x: m.arcsin(x * 0.3), "AsinBackward0"),
    "arctan2": (lambda m, x: m.arctan2(x, x + 3), "Atan2Backward0"),
    "clip": (lambda m, x: m.clip(x, -0.5, 0.5), "ClampBackward1"),
    "divide_floor": (lambda m, x: m.divide(x, 2, rounding_mode="floor"), "DivBackward2"),
    "fliplr": (lambda m, x: m.fliplr(x.reshape(2, 3)), "FlipBackward0"),
    "flipud": (lambda m, x: m.flipud(x), "FlipBackward0"),
    "diagflat": (lambda m, x: m.diagflat(x), "DiagEmbedBackward0"),
    # pyt's stack records CatBackward0 where torch records StackBackward0: not checked
    "cartesian_prod": (lambda m, x: m.cartesian_prod(x, x[:2]), None),
    "column_stack": (lambda m, x: m.column_stack([x, x]), "CatBackward0"),
    "dstack": (lambda m, x: m.dstack([x, x]), "CatBackward0"),
    "repeat_interleave_tensor": (lambda m, x: m.repeat_interleave(x, m.tensor([1, 0, 2, 1, 1, 3])),
                                 "IndexSelectBackward0"),
    "atleast_2d": (lambda m, x: m.atleast_2d(x), "UnsqueezeBackward0"),
    "meshgrid": (lambda m, x: m.meshgrid(x, x[:2], indexing="ij")[0], "ExpandBackward0"),
    "cumulative_trapezoid": (lambda m, x: m.cumulative_trapezoid(x), "CumsumBackward0"),
}


@pytest.mark.parametrize("case", GRAD_FN_CASES, ids=list(GRAD_FN_CASES))
def test_grad_fn_and_grad(case):
    f, name = GRAD_FN_CASES[case]
    base = R.standard_normal(6)
    px, tx = both(base, requires_grad=True)
    py_out, t_out = f(pyt, px), f(torch, tx)
    if name is not None:
        assert type(t_out.grad_fn).__name__ == name
        assert type(py_out.grad_fn).__name__ == name
    assert_tensor_close(py_out, t_out, 1e-12, 1e-12)
    g = R.standard_normal(tuple(t_out.shape))
    py_out.backward(pyt.tensor(g))
    t_out.backward(torch.tensor(g))
    assert_tensor_close(px.grad, tx.grad, 1e-12, 1e-12, "grad")


def test_heaviside_backward_raises_like_torch():
    for lib in (pyt, torch):
        x = lib.tensor([1.0, -1.0], requires_grad=True)
        y = lib.heaviside(x, lib.tensor([0.5]))
        with pytest.raises(RuntimeError):
            y.sum().backward()


def test_nextafter_backward_like_torch():
    grads = []
    for lib in (pyt, torch):
        x = lib.tensor([1.0, -1.0], requires_grad=True)
        o = lib.tensor([2.0, 2.0], requires_grad=True)
        y = lib.nextafter(x, o)
        assert type(y.grad_fn).__name__ == "NextafterBackward0"
        (y * lib.tensor([2.0, 3.0])).sum().backward()
        grads.append((x.grad, o.grad))
    assert_same(grads[0], grads[1])


@pytest.mark.parametrize("name", ["lgamma", "digamma", "i0", "sinc", "logit"])
def test_double_backward(name):
    base = R.uniform(0.2, 0.8, size=5)
    outs = []
    for lib in (pyt, torch):
        x = lib.tensor(base, requires_grad=True)
        (g,) = lib.autograd.grad(getattr(lib, name)(x).sum(), x, create_graph=True)
        (g2,) = lib.autograd.grad(g.sum(), x)
        outs.append((g, g2))
    assert_tensor_close(outs[0][0], outs[1][0], 1e-10, 1e-12)
    assert_tensor_close(outs[0][1], outs[1][1], 1e-8, 1e-10)


def test_gradcheck_composites():
    def leaf(*shape):
        return pyt.tensor(R.standard_normal(shape), requires_grad=True)

    gradcheck(lambda x, y: pyt.tensordot(x, y, dims=([1, 2], [1, 0])), [leaf(2, 3, 4), leaf(4, 3)])
    gradcheck(lambda x, y: pyt.kron(x, y), [leaf(2, 3), leaf(2, 2)])
    gradcheck(lambda x: pyt.repeat_interleave(x, 2, dim=1), [leaf(2, 3)])
    gradcheck(lambda x: pyt.repeat_interleave(x, pyt.tensor([2, 0, 1]), dim=1), [leaf(2, 3)])
    gradcheck(lambda x: pyt.trapezoid(x, dim=0), [leaf(4, 3)])
    gradcheck(lambda x, y: pyt.cdist(x, y, p=3.0), [leaf(3, 4), leaf(5, 4)])


# ------------------------------------------------------------------- in place, out=
INPLACE_CASES = {
    "copysign_": lambda m: m.ones(3).copysign_(T(m, [-1.0, 0.0, -0.0])),
    "xlogy_": lambda m: T(m, [0.0, 2.0]).xlogy_(T(m, [0.0, 3.0])),
    "heaviside_": lambda m: T(m, [-1.0, 0.0, 2.0]).heaviside_(T(m, [0.5])),
    "nextafter_": lambda m: T(m, [1.0, 2.0]).nextafter_(T(m, [2.0, 0.0])),
    "ldexp_": lambda m: T(m, [1.0, 3.0]).ldexp_(T(m, [3, -1])),
    "float_power_": lambda m: T(m, [2.0, 3.0], "float64").float_power_(2),
    "lgamma_": lambda m: T(m, [0.5, 3.0]).lgamma_(),
    "digamma_": lambda m: T(m, [0.5, 3.0]).digamma_(),
    "polygamma_": lambda m: T(m, [0.5, 3.0]).polygamma_(2),
    "sinc_": lambda m: T(m, [0.0, 0.5]).sinc_(),
    "i0_": lambda m: T(m, [0.0, 9.0]).i0_(),
    "deg2rad_": lambda m: T(m, [180.0, 90.0]).deg2rad_(),
    "rad2deg_": lambda m: T(m, [1.0, 2.0]).rad2deg_(),
    "logit_": lambda m: T(m, [0.25, 0.99]).logit_(eps=0.1),
    "sgn_": lambda m: T(m, [-2.0, 0.0, 3.0]).sgn_(),
    "fix_": lambda m: T(m, [-2.5, 2.5]).fix_(),
    "clip_": lambda m: T(m, [-2.5, 2.5]).clip_(-1, 1),
    "arctan2_": lambda m: T(m, [1.0, -1.0]).arctan2_(T(m, [1.0, 1.0])),
    "divide_": lambda m: T(m, [7.0, -7.0]).divide_(2, rounding_mode="trunc"),
    "negative_": lambda m: T(m, [7.0, -7.0]).negative_(),
    "absolute_": lambda m: T(m, [7.0, -7.0]).absolute_(),
    "deg2rad_int_err": lambda m: T(m, [1, 2]).deg2rad_(),
    "copysign_view": lambda m: (lambda x: (x[:, 1].copysign_(-1.0), x)[1])(m.ones(2, 3)),
}


@pytest.mark.parametrize("case", INPLACE_CASES, ids=list(INPLACE_CASES))
def test_inplace(case):
    _same(INPLACE_CASES[case])


def test_inplace_autograd_copysign_on_nonleaf():
    base = R.standard_normal(4)
    grads = []
    for lib in (pyt, torch):
        x = lib.tensor(base, requires_grad=True)
        y = x * 2
        y.copysign_(lib.tensor([-1.0, 1.0, -1.0, 1.0]))
        assert type(y.grad_fn).__name__ == "CopysignBackward0"
        y.sum().backward()
        grads.append(x.grad)
    assert_tensor_close(grads[0], grads[1], 1e-12, 1e-12)


OUT_CASES = {
    "copysign": lambda m: m.copysign(T(m, [1.0, 2.0]), -1, out=m.empty(2)),
    "xlogy_resize": lambda m: m.xlogy(T(m, [1.0, 2.0]), T(m, [2.0, 3.0]), out=m.empty(0)),
    "fmax_f64_out": lambda m: m.fmax(T(m, [1.0, 2.0]), T(m, [2.0, 1.0]), out=m.empty(2, dtype=m.float64)),
    "lgamma_int_out_err": lambda m: m.lgamma(T(m, [1.0, 2.0]), out=m.empty(2, dtype=m.int64)),
    "shift_out": lambda m: m.bitwise_left_shift(T(m, [1, 2]), 2, out=m.empty(2, dtype=m.int64)),
    "float_power_out_f32_err": lambda m: m.float_power(T(m, [1.0, 2.0]), 2, out=m.empty(2)),
    "float_power_out": lambda m: m.float_power(T(m, [1.0, 2.0]), 2, out=m.empty(2, dtype=m.float64)),
    "polygamma_out": lambda m: m.polygamma(1, T(m, [1.0, 2.0]), out=m.empty(2)),
    "logit_out": lambda m: m.logit(T(m, [0.25, 0.5]), eps=0.1, out=m.empty(2)),
    "arcsin_out": lambda m: m.arcsin(T(m, [0.25, 0.5]), out=m.empty(2)),
    "clip_out": lambda m: m.clip(T(m, [0.25, 5.0]), 0, 1, out=m.empty(2)),
    "signbit_out": lambda m: m.signbit(T(m, [-0.0, 1.0]), out=m.empty(2, dtype=m.bool)),
}


@pytest.mark.parametrize("case", OUT_CASES, ids=list(OUT_CASES))
def test_out(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _same(OUT_CASES[case])


# ------------------------------------------------------------ composites (values)
x24 = R.standard_normal((2, 3, 4))
COMPOSITE_CASES = {
    "meshgrid_ij": lambda m: m.meshgrid(m.arange(2), m.arange(3), indexing="ij"),
    "meshgrid_xy": lambda m: m.meshgrid(m.arange(2), m.arange(3), m.arange(4), indexing="xy"),
    "meshgrid_list": lambda m: m.meshgrid([m.arange(2), m.tensor(5)], indexing="xy"),
    "meshgrid_single": lambda m: m.meshgrid(m.arange(3), indexing="xy"),
    "meshgrid_2d_err": lambda m: m.meshgrid(m.ones(2, 2), indexing="ij"),
    "meshgrid_bad_indexing": lambda m: m.meshgrid(m.ones(2), indexing="ab"),
    "repeat_interleave_int": lambda m: m.repeat_interleave(m.tensor(x24), 2, dim=1),
    "repeat_interleave_flat": lambda m: m.repeat_interleave(m.tensor(x24), 2),
    "repeat_interleave_tensor": lambda m: m.repeat_interleave(m.tensor(x24), m.tensor([1, 0, 2]), dim=1),
    "repeat_interleave_tensor_1": lambda m: m.repeat_interleave(m.tensor(x24), m.tensor([3]), dim=-1),
    "repeat_interleave_only": lambda m: m.repeat_interleave(m.tensor([1, 0, 3])),
    "repeat_interleave_output_size": lambda m: m.repeat_interleave(m.tensor([1, 2]), m.tensor([2, 1]), dim=0,
                                                                   output_size=3),
    "repeat_interleave_bad_size": lambda m: m.repeat_interleave(m.tensor([1, 2]), m.tensor([2, 1, 1]), dim=0),
    "repeat_interleave_negative": lambda m: m.repeat_interleave(m.tensor([1, 2]), m.tensor([2, -1]), dim=0),
    "repeat_interleave_0d": lambda m: m.repeat_interleave(m.tensor(5), 3),
    "repeat_interleave_method": lambda m: m.tensor([[1, 2], [3, 4]]).repeat_interleave(2, dim=0),
    "repeat_interleave_empty": lambda m: m.repeat_interleave(m.ones(0, 2), 3, dim=0),
    "tensordot_int": lambda m: m.tensordot(m.tensor(x24), m.tensor(x24).transpose(0, 2), dims=1),
    "tensordot_lists": lambda m: m.tensordot(m.arange(24.0).reshape(2, 3, 4), m.arange(12.0).reshape(4, 3),
                                             dims=([1, 2], [1, 0])),
    "tensordot_zero": lambda m: m.tensordot(m.ones(2), m.ones(3), dims=0),
    "tensordot_mismatch": lambda m: m.tensordot(m.ones(2, 3), m.ones(4, 3), dims=([0], [0])),
    "kron": lambda m: m.kron(m.tensor([[1, 2], [3, 4]]), m.tensor([[0, 1], [1, 0], [2, 2]])),
    "kron_ranks": lambda m: m.kron(m.tensor(x24), m.tensor([1.0, -1.0])),
    "cartesian_prod": lambda m: m.cartesian_prod(m.tensor([1, 2]), m.tensor([3, 4, 5]), m.tensor([6])),
    "cartesian_prod_one": lambda m: m.cartesian_prod(m.tensor([1, 2])),
    "atleast_1d": lambda m: m.atleast_1d(m.tensor(1.5)),
    "atleast_2d_multi": lambda m: m.atleast_2d(m.tensor(1.5), m.ones(3), m.ones(2, 2)),
    "atleast_3d_list": lambda m: m.atleast_3d([m.tensor(1.5), m.ones(3), m.ones(2, 2), m.ones(1, 2, 3, 4)]),
    "flipud": lambda m: m.flipud(m.tensor(x24)),
    "fliplr": lambda m: m.tensor(x24).fliplr(),
    "fliplr_1d": lambda m: m.fliplr(m.ones(3)),
    "column_stack": lambda m: m.column_stack([m.tensor([1, 2]), m.tensor([[3, 4], [5, 6]]), m.tensor([7, 8])]),
    "dstack": lambda m: m.dstack([m.tensor([1, 2]), m.tensor([3, 4])]),
    "tensor_split_int": lambda m: m.tensor_split(m.arange(7), 3),
    "tensor_split_idx": lambda m: m.tensor_split(m.arange(14).reshape(2, 7), [1, 5, 20], dim=1),
    "tensor_split_neg_idx": lambda m: m.arange(7).tensor_split([-2, 3]),
    "tensor_split_tensor": lambda m: m.tensor_split(m.arange(7), m.tensor([2, 4])),
    "tensor_split_zero": lambda m: m.tensor_split(m.arange(7), 0),
    "hsplit": lambda m: m.hsplit(m.arange(12).reshape(2, 6), 3),
    "hsplit_bad": lambda m: m.hsplit(m.arange(12).reshape(2, 6), 4),
    "vsplit": lambda m: m.arange(12).reshape(4, 3).vsplit([1, 3]),
    "dsplit": lambda m: m.dsplit(m.arange(24).reshape(2, 3, 4), 2),
    "dsplit_2d": lambda m: m.dsplit(m.ones(2, 2), 2),
    "swapaxes": lambda m: m.swapaxes(m.tensor(x24), 0, 2),
    "swapdims": lambda m: m.tensor(x24).swapdims(1, 2),
    "moveaxis": lambda m: m.moveaxis(m.tensor(x24), 0, -1),
    "trapezoid": lambda m: m.trapezoid(m.tensor(x24)),
    "trapezoid_dx": lambda m: m.trapezoid(m.tensor(x24), dx=0.5, dim=1),
    "trapezoid_x": lambda m: m.trapezoid(m.tensor(x24), m.tensor([0.0, 1.0, 3.0, 3.5])),
    "cumulative_trapezoid": lambda m: m.cumulative_trapezoid(m.tensor(x24), dim=0),
    "cumulative_trapezoid_x": lambda m: m.cumulative_trapezoid(m.tensor(x24), m.tensor([0.0, 1.0, 3.0, 3.5])),
    "positive": lambda m: m.positive(m.tensor([1, -2])),
    "special_xlogy": lambda m: m.special.xlogy(m.tensor([0.0, 2.0]), 3.0),
    "special_i1": lambda m: m.special.i1(m.tensor([-9.0, 0.0, 0.5, 9.0], dtype=m.float64)),
    "special_psi": lambda m: m.special.psi(m.tensor([0.5, 3.0])),
    "special_gammaln": lambda m: m.special.gammaln(m.tensor([0.5, 3.0])),
    "special_expit": lambda m: m.special.expit(m.tensor([0.5, 3.0])),
    "special_polygamma": lambda m: m.special.polygamma(2, m.tensor([0.5, 3.0])),
    "linalg_cross_default": lambda m: m.linalg.cross(m.tensor(x24[:, :, :3]), m.tensor(x24[:, :, 1:])),
}


@pytest.mark.parametrize("case", COMPOSITE_CASES, ids=list(COMPOSITE_CASES))
def test_composites(case):
    _same(COMPOSITE_CASES[case], rtol=1e-6, atol=1e-6)


def test_meshgrid_warns_without_indexing():
    for lib in (pyt, torch):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            lib.meshgrid(lib.arange(2), lib.arange(3))
        assert any(issubclass(x.category, UserWarning) and "indexing" in str(x.message) for x in w)


def test_reproducers_t8_t7():
    """The user reproducers of these ops (copysign, ldexp, xlogy, heaviside, diag, meshgrid, ...)."""
    cases = {
        "copysign": lambda m: m.copysign(T(m, [1, 2]), T(m, [-0.0, 1])),
        "ldexp": lambda m: m.ldexp(T(m, [1.0]), T(m, [3])),
        "xlogy": lambda m: m.xlogy(T(m, [0.0, 2]), T(m, [0.0, 3])),
        "heaviside": lambda m: m.heaviside(T(m, [-1.0, 0, 2]), T(m, [0.5])),
        "diag": lambda m: m.diag(m.arange(6).reshape(2, 3), 1),
        "triu_indices": lambda m: m.triu_indices(3, 4, 1),
        "meshgrid": lambda m: m.meshgrid(m.arange(2), m.arange(3), indexing="xy"),
        "repeat_interleave": lambda m: m.arange(3).repeat_interleave(T(m, [1, 0, 2])),
        "tensordot": lambda m: m.tensordot(m.arange(24.0).reshape(2, 3, 4), m.arange(12.0).reshape(4, 3),
                                           dims=([1, 2], [1, 0])),
        "lgamma": lambda m: m.lgamma(T(m, [-1.0, 0.5, 0])),
        "fmax": lambda m: m.fmax(T(m, [1.0, float("nan")]), T(m, [float("nan"), 0])),
        "shift": lambda m: T(m, [1, -8], "int32") >> 1,
        "lshift": lambda m: T(m, [1, -8], "int8") << T(m, [7, 1], "int8"),
    }
    for name, f in cases.items():
        _same(f)
    rs = np.random.RandomState(3)
    a, b = rs.randn(3, 4), rs.randn(5, 4)
    grads = []
    for lib in (pyt, torch):
        x, y = lib.tensor(a, requires_grad=True), lib.tensor(b, requires_grad=True)
        o = lib.cdist(x, y)
        o.pow(2).sum().backward()
        grads.append((o, x.grad, y.grad))
    for p, t in zip(*grads):
        assert_tensor_close(p, t, 1e-10, 1e-12)
