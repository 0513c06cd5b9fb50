"""Rows of the op table for the `extra` family (shifts, copysign, xlogy, the special functions,
diag / trace / cross / block_diag / rot90 / cdist, ...); see op_table.py for the row format."""

from op_table import *  # A, S, OpRow, fn, method, the sample helpers
from op_table import ALL, FLOATS, NUM, STEP, TOL_EXACT, TOL_MATH, TOL_SUM, T, Dt


def _scaled(factor, shift, name):
    """A view mapping floating tensors to t * factor + shift (integer tensors pass as they are)."""

    def view(t):
        return t * factor + shift if t.is_floating_point() else t

    view.__name__ = name
    return view


def _then(first, second):
    """The view second(first(t)), named after both."""

    def view(t):
        return second(first(t))

    view.__name__ = f"{first.__name__}+{second.__name__}"
    return view


UNIT01 = _scaled(0.225, 0.5, "UNIT01")  # (-2, 2) -> (0.05, 0.95): logit's domain
WIDE = _scaled(6.0, 0.0, "WIDE")  # (-2, 2) -> (-12, 12): both branches of i0's expansions
INTS = ("int64", "int32", "int16", "int8", "uint8")


def _binary(name, dtypes, a="float", b="float", extra=(), tol=TOL_MATH, grad=True):
    return OpRow(name, both_forms(name), binary_samples(a, b) + list(extra), dtypes=dtypes, tol=tol, grad=grad)


def _unary(name, dtypes=ALL, kind="float", extra=(), tol=TOL_MATH, grad=True):
    return OpRow(name, both_forms(name), unary_samples(kind) + list(extra), dtypes=dtypes, tol=tol, grad=grad)


def _shift(name):
    return OpRow(
        name,
        both_forms(name),
        binary_samples()
        + [
            *[S(A(3, 4, dtype=d), A(3, 4, kind="small", dtype=d), desc=d) for d in INTS],
            S(A(3, 4, dtype="int8"), A(3, 4, kind="few", dtype="int8"), desc="int8_neg_shift"),
            S(A(3, 4), 70, desc="py_wide"),
            S(A(3, 4, dtype="int8"), 9, desc="int8_wide"),
            S(A(3, 4, dtype="uint8"), A(3, 4, kind="pos", dtype="uint8"), desc="uint8_pos"),
            S(A(3, 4, dtype="int16"), A(3, 4, dtype="int64"), desc="mixed_dtypes"),
            S(A(3, 4, dtype="int32"), A(dtype="int64", kind="small"), desc="0d_int64_other"),
            S(A(3, 4, dtype="bool"), 1, desc="bool_py_int"),
        ],
        dtypes=("int64",),
        tol=TOL_EXACT,
        grad=False,
    )


def _polygamma_method(lib, n, x):
    return x.polygamma(n)


def _linalg_cross(lib, *a, **k):
    return lib.linalg.cross(*a, **k)


ROWS = [
    # ------------------------------------------------------------- binary functions
    _shift("bitwise_left_shift"),
    _shift("bitwise_right_shift"),
    _binary(
        "copysign",
        ALL,
        extra=[
            S(A(3, 4), -1.5, desc="py_float", grad_fn="CopysignBackward1"),
            S(A(3, 4), A(3, 4, dtype="int64"), desc="int_other", dtypes=FLOATS),
            S(A(3, 4, kind="special"), A(3, 4), desc="special_self", grad=False),
        ],
    ),
    _binary("heaviside", ALL, a="few", b="float", grad=False, tol=TOL_EXACT),
    _binary("fmax", ALL, extra=[S(A(3, 4, kind="special"), A(3, 4), desc="nan_self", grad=False)]),
    _binary("fmin", ALL, extra=[S(A(3, 4, kind="special"), A(3, 4), desc="nan_self", grad=False)]),
    _binary("logaddexp", FLOATS, extra=[S(A(3, 4, kind="logits_big"), A(3, 4, kind="logits_big"), desc="big")]),
    _binary("logaddexp2", FLOATS, extra=[S(A(3, 4, kind="logits_big"), A(3, 4, kind="logits_big"), desc="big")]),
    _binary("nextafter", FLOATS, tol={"float32": (0.0, 0.0), "float64": (0.0, 0.0)}),
    _binary(
        "xlogy",
        ALL,
        b="pos",
        extra=[
            S(A(3, 4, kind="few"), A(3, 4, kind="pos"), desc="zeros"),
            S(A(3, 4), 2.5, desc="py_other", grad_fn="XlogyBackward2"),
            S(A(3, 4, kind="few"), A(3, 4, kind="few"), desc="zero_zero", grad=False),
        ],
    ),
    OpRow(
        "ldexp",
        both_forms("ldexp"),
        [
            S(A(3, 4), A(3, 4, kind="small"), desc="same"),
            S(A(3, 4), A(3, 4, kind="small", dtype="int64"), desc="int_exp"),
            S(A(), A(kind="small"), desc="0d"),
            S(A(0, 3), A(3, kind="small"), desc="empty"),
            S(A(2, 1, 4), A(3, 1, kind="small"), desc="bcast"),
            S(A(4, 3, view=T), A(3, 8, kind="small", view=STEP), desc="noncontig"),
            S(A(3, 4, kind="special"), A(3, 4, kind="small"), desc="special", grad=False),
        ],
        dtypes=NUM,
    ),
    OpRow(
        "float_power",
        both_forms("float_power"),
        [
            S(A(3, 4, kind="pos"), A(3, 4, kind="small"), desc="same"),
            S(A(kind="pos"), A(kind="small"), desc="0d"),
            S(A(0, 3, kind="pos"), A(3, kind="small"), desc="empty"),
            S(A(2, 1, 4, kind="pos"), A(3, 1, kind="small"), desc="bcast"),
            S(A(4, 3, kind="pos", view=T), A(3, 8, kind="small", view=STEP), desc="noncontig"),
            S(A(3, 4, kind="pos"), 2, desc="py_int", grad_fn="PowBackward0"),
            S(A(3, 4, kind="pos"), 0.5, desc="py_float", grad_fn="PowBackward0"),
            S(A(3, 4, kind="special"), A(3, 4, kind="special"), desc="special", grad=False),
        ],
        dtypes=ALL,
    ),
    # -------------------------------------------------------------- unary functions
    _unary("lgamma", kind="pos", extra=[S(A(3, 4, kind="few"), desc="poles", grad=False),
                                        S(A(3, 4), desc="neg", gradcheck=False)]),
    _unary("digamma", kind="pos", extra=[S(A(3, 4, kind="few"), desc="poles", grad=False),
                                         S(A(3, 4), desc="neg", gradcheck=False)]),
    OpRow(
        "polygamma",
        [fn("polygamma"), _polygamma_method],
        [
            S(0, A(3, 4, kind="pos"), desc="n0"),
            S(1, A(3, 4, kind="pos"), desc="n1"),
            S(2, A(3, 4, kind="pos"), desc="n2"),
            S(3, A(2, 3, 4, kind="pos", view=T), desc="n3_noncontig"),
            S(1, A(kind="pos"), desc="0d"),
            S(2, A(0, 3, kind="pos"), desc="empty"),
            S(1, A(3, 4), desc="neg", gradcheck=False),
            S(2, A(4, 5, kind="special"), desc="special", grad=False),
        ],
        dtypes=ALL,
        tol={"float32": (1e-4, 1e-5), "float64": (1e-9, 1e-11)},
    ),
    _unary("sinc", extra=[S(A(3, 4, kind="few"), desc="zeros")]),
    _unary("i0", extra=[S(A(3, 4, view=WIDE), desc="wide", dtypes=FLOATS)]),
    _unary("deg2rad", dtypes=NUM),
    _unary("rad2deg", dtypes=NUM),
    OpRow(
        "logit",
        both_forms("logit"),
        [
            S(A(3, 4, view=UNIT01), desc="2d", dtypes=FLOATS),
            S(A(view=UNIT01), desc="0d", dtypes=FLOATS),
            S(A(0, 3), desc="empty"),
            S(A(2, 3, 4, view=_then(T, UNIT01)), desc="noncontig", dtypes=FLOATS),
            S(A(3, 4, kind="few"), desc="edges", grad=False),
            S(A(3, 4), kwargs={"eps": 0.1}, desc="eps", gradcheck=False),
            S(A(3, 4, view=UNIT01), 0.2, desc="eps_positional", dtypes=FLOATS, gradcheck=False),
            S(A(3, 4), desc="outside", grad=False),
            S(A(4, 5, kind="special"), kwargs={"eps": 1e-6}, desc="special", grad=False),
        ],
        dtypes=ALL,
    ),
    # torch's gradient of sgn is a ZeroTensor (not comparable through numpy): gradcheck only
    OpRow(
        "sgn",
        both_forms("sgn"),
        [S(*s.args, desc=s.desc, grad=s.grad, compare_grad=False) for s in unary_samples()],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    _unary("signbit", grad=False, tol=TOL_EXACT, extra=[S(A(3, 4, dtype="int8"), desc="int8"),
                                                       S(A(3, 4, dtype="float16"), desc="float16")]),
    # -------------------------------------------------------- shape and construction
    OpRow(
        "diag",
        both_forms("diag"),
        [
            S(A(4), desc="1d"),
            S(A(4), 2, desc="1d_above"),
            S(A(3), -1, desc="1d_below"),
            S(A(0), desc="1d_empty"),
            S(A(3, 4), desc="2d", grad_fn="DiagonalBackward0_copy"),
            S(A(3, 4), 1, desc="2d_above", grad_fn="DiagonalBackward0_copy"),
            S(A(3, 4), -2, desc="2d_below", grad_fn="DiagonalBackward0_copy"),
            S(A(3, 4), 5, desc="2d_off_range", grad_fn="DiagonalBackward0_copy"),
            S(A(4, 3, view=T), kwargs={"diagonal": 1}, desc="2d_noncontig", grad_fn="DiagonalBackward0_copy"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "diag_embed",
        both_forms("diag_embed"),
        [
            S(A(2, 3), desc="2d"),
            S(A(3), 1, desc="1d_above"),
            S(A(2, 3), -1, 0, 2, desc="dims_0_2"),
            S(A(2, 3), kwargs={"offset": 2, "dim1": -1, "dim2": 0}, desc="kw_swapped"),
            S(A(0, 3), desc="empty"),
            S(A(4, 2, view=T), desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "trace",
        both_forms("trace"),
        [
            S(A(3, 4), desc="2d"),
            S(A(4, 3), desc="tall"),
            S(A(0, 3), desc="empty"),
            S(A(4, 5, view=T), desc="noncontig"),
        ],
        dtypes=NUM,
        tol=TOL_SUM,
    ),
    OpRow(
        "cross",
        [fn("cross"), method("cross"), _linalg_cross],
        [
            S(A(4, 3), A(4, 3), kwargs={"dim": 1}, desc="rows"),
            S(A(3, 4), A(3, 4), kwargs={"dim": 0}, desc="cols"),
            S(A(2, 1, 3), A(1, 4, 3), kwargs={"dim": -1}, desc="bcast"),
            S(A(0, 3), A(0, 3), kwargs={"dim": 1}, desc="empty"),
            S(A(4, 3, view=T), A(3, 4), kwargs={"dim": 0}, desc="noncontig"),
        ],
        dtypes=NUM,
    ),
    OpRow(
        "block_diag",
        [fn("block_diag")],
        [
            S(A(2, 3), A(1), A(), A(2, 2), desc="mixed_ranks"),
            S(A(2, 2), desc="one"),
            S(A(0, 2), A(3), desc="empty_block"),
            S(A(3, 2, view=T), A(2, 2), desc="noncontig"),
            S(A(2, 2), A(3, dtype="int64"), desc="promote", dtypes=FLOATS),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "rot90",
        both_forms("rot90"),
        [
            S(A(3, 4), desc="default"),
            S(A(3, 4), 2, desc="k2"),
            S(A(3, 4), -1, desc="k-1"),
            S(A(3, 4), 3, desc="k3"),
            S(A(3, 4), 4, desc="k4"),
            S(A(2, 3, 4), 1, [2, 0], desc="dims_2_0"),
            S(A(2, 3, 4), kwargs={"k": 5, "dims": (-1, -2)}, desc="kw_neg_dims"),
            S(A(0, 3), desc="empty"),
            S(A(4, 3, view=T), desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "cdist",
        [fn("cdist")],
        [
            S(A(3, 4), A(5, 4), desc="p2"),
            S(A(3, 4), A(5, 4), 1.0, desc="p1"),
            S(A(3, 4), A(5, 4), 0.0, desc="p0"),
            S(A(3, 4), A(5, 4), 3.0, desc="p3"),
            S(A(3, 4), A(5, 4), 0.5, desc="p_half"),
            S(A(3, 4), A(5, 4), float("inf"), desc="pinf"),
            S(A(2, 3, 4), A(1, 5, 4), desc="batch_bcast"),
            S(A(0, 4), A(5, 4), desc="empty"),
            S(A(4, 3, view=T), A(5, 4), desc="noncontig"),
            S(A(30, 4), A(27, 4), desc="mm_if_necessary", grad_fn=None),
            S(A(3, 4), A(5, 4), kwargs={"compute_mode": "use_mm_for_euclid_dist"}, desc="mm", grad_fn=None),
            S(A(30, 4), A(27, 4), kwargs={"compute_mode": "donot_use_mm_for_euclid_dist"}, desc="no_mm"),
        ],
        dtypes=FLOATS,
        tol={"float32": (1e-4, 1e-5), "float64": (1e-9, 1e-10)},
    ),
    *[
        OpRow(
            n,
            [fn(n)],
            [
                S(3, 4, desc="3x4"),
                S(3, 4, 1, desc="above"),
                S(4, 3, -1, desc="below"),
                S(4, 3, kwargs={"offset": -7}, desc="far_below"),
                S(4, 3, kwargs={"offset": 7}, desc="far_above"),
                S(0, 3, desc="empty"),
                S(3, 3, kwargs={"dtype": Dt("int32")}, desc="int32"),
            ],
            dtypes=("int64",),
            grad=False,
            tol=TOL_EXACT,
        )
        for n in ("tril_indices", "triu_indices")
    ],
]
