"""Rows of the op table for elementwise math ops (unary functions, binary functions, logical ops); see op_table.py for the row format."""

from op_table import *  # A, S, OpRow, fn, method, the sample helpers
from op_table import ALL, FLOATS, NUM, OPLIST, STEP, TOL_EXACT, TOL_MATH, T
from op_table import ROWS as ROWS_VIEW  # the view; this module's ROWS is its row list


# ------------------------------------------------------------------------- domain views
def _scaled(factor, name):
    """A view that scales floating tensors into an op's domain (integer tensors pass as they are)."""

    def view(t):
        return t * factor if t.is_floating_point() else t

    view.__name__ = name
    return view


def _then(first, second):
    """The view second(first(t)), named after both."""

    def view(t):
        return second(first(t))

    view.__name__ = f"{first.__name__}+{second.__name__}"
    return view


UNIT = _scaled(0.45, "UNIT")  # (-2, 2) -> (-0.9, 0.9): asin, acos, erfinv
ACOSH = _then(_scaled(1.0, "ACOSH"), lambda t: t + 1.0 if t.is_floating_point() else t)  # pos (0.5, 3) -> (1.5, 4)
TAN = _scaled(0.7, "TAN")  # (-2, 2) -> (-1.4, 1.4): away from tan's poles at +-pi/2
TINY = _scaled(1e-4, "TINY")  # log1p / expm1 near 0, where their accuracy matters
X5 = _scaled(5.0, "X5")  # few-valued {-1, 0, 0.5, 1} -> {-5, 0, 2.5, 5}: exact halves for round


def unary_rows_samples(kind="float", domain=None, special=True):
    """unary_samples with an optional domain view composed onto every sample."""
    if domain is None:
        return unary_samples(kind, special)
    out = [
        S(A(3, 4, kind=kind, view=domain), desc="2d"),
        S(A(kind=kind, view=domain), desc="0d"),
        S(A(0, 3, kind=kind, view=domain), desc="empty"),
        S(A(2, 3, 4, kind=kind, view=_then(T, domain)), desc="noncontig"),
        S(A(5, 6, kind=kind, view=_then(ROWS_VIEW, domain)), desc="rows"),
    ]
    if special:
        out.append(S(A(4, 5, kind="special"), desc="special", grad=False))
    return out


def _unary(name, samples, dtypes=ALL, tol=TOL_MATH):
    return OpRow(name, both_forms(name), samples, dtypes=dtypes, tol=tol)


def _float_unary(name, kind="float", domain=None, extra=()):
    """A unary function that computes integer and bool inputs in the default float dtype."""
    return _unary(name, unary_rows_samples(kind, domain) + list(extra))


_ROUNDING = [
    *[
        _unary(
            n,
            unary_samples() + [S(A(3, 4, kind="few", view=X5), desc="halves", gradcheck=False)],
            NUM,
            TOL_EXACT,
        )
        for n in ("floor", "ceil", "trunc")
    ],
    _unary(
        "round",
        unary_samples()
        + [
            S(A(3, 4, kind="few", view=X5), desc="halves", gradcheck=False),
            S(
                A(3, 4),
                kwargs={"decimals": 2},
                desc="decimals2",
                dtypes=FLOATS,
                grad_fn="RoundBackward1",
            ),
            S(
                A(3, 4, view=X5),
                kwargs={"decimals": 1},
                desc="decimals1",
                dtypes=FLOATS,
                grad_fn="RoundBackward1",
            ),
            S(
                A(3, 4, view=X5),
                kwargs={"decimals": -1},
                desc="decimals-1",
                dtypes=FLOATS,
                grad_fn="RoundBackward1",
            ),
            S(
                A(2, 3),
                kwargs={"decimals": 0},
                desc="decimals0",
                dtypes=FLOATS,
                grad_fn="RoundBackward1",
            ),
            S(A(4, 5, kind="special"), kwargs={"decimals": 3}, desc="decimals_special", grad=False),
        ],
        NUM,
        TOL_EXACT,
    ),
    _unary(
        "frac",
        unary_samples() + [S(A(3, 4, kind="few", view=X5), desc="halves", gradcheck=False)],
        FLOATS,
        TOL_EXACT,
    ),
]


def _tensor_binary(name, a="float", b="float", dtypes=ALL, extra=()):
    return OpRow(
        name, both_forms(name), binary_samples(a, b) + list(extra), dtypes=dtypes, tol=TOL_MATH
    )


def _divisor_samples(scalar_node=OPLIST):
    """Samples of a division-like op: nonzero divisors, broadcasting, views, Python numbers
    (whose node is scalar_node: torch's Tensor-Scalar overload records another one)."""
    return [
        S(A(3, 4), A(3, 4, kind="nonzero"), desc="same"),
        S(A(), A(kind="nonzero"), desc="0d"),
        S(A(0, 3), A(3, kind="nonzero"), desc="empty"),
        S(A(2, 1, 4), A(3, 1, kind="nonzero"), desc="bcast"),
        S(A(4, 3, view=T), A(3, 8, kind="nonzero", view=STEP), desc="noncontig"),
        S(A(3, 4), 3, desc="py_int", grad_fn=scalar_node),
        S(A(3, 4), -2, desc="py_neg_int", grad_fn=scalar_node),
        S(A(3, 4), 0.75, desc="py_float", grad_fn=scalar_node),
        S(A(3, 4, kind="special"), A(3, 4, kind="special"), desc="special", grad=False),
    ]


ROWS = [
    # ---------------------------------------------------------------- unary functions
    _float_unary("exp2", extra=[S(A(3, 4, kind="logits_big"), desc="overflow", grad=False)]),
    _float_unary("log2", "pos"),
    _float_unary("log10", "pos"),
    _float_unary("log1p", "pos", extra=[S(A(3, 4, view=TINY), desc="tiny", dtypes=FLOATS)]),
    _float_unary("expm1", extra=[S(A(3, 4, view=TINY), desc="tiny", dtypes=FLOATS)]),
    _float_unary("rsqrt", "pos"),
    _float_unary("sin"),
    _float_unary("cos"),
    _float_unary("tan", domain=TAN),
    _float_unary("asin", domain=UNIT, extra=[S(A(3, 4, kind="few"), desc="edges", grad=False)]),
    _float_unary("acos", domain=UNIT, extra=[S(A(3, 4, kind="few"), desc="edges", grad=False)]),
    _float_unary("atan"),
    _float_unary("sinh"),
    _float_unary("cosh"),
    _float_unary("asinh"),
    _float_unary("acosh", "pos", domain=ACOSH),
    _float_unary("atanh", domain=UNIT, extra=[S(A(3, 4, kind="few"), desc="edges", grad=False)]),
    _float_unary("erf"),
    _float_unary("erfinv", domain=UNIT, extra=[S(A(3, 4, kind="few"), desc="edges", grad=False)]),
    _float_unary(
        "reciprocal",
        "nonzero",
        extra=[S(A(3, 4, kind="few"), desc="zeros", grad=False, dtypes=FLOATS)],
    ),
    *_ROUNDING,
    OpRow(
        "square",
        both_forms("square"),
        unary_samples() + [S(A(3, 4, dtype="int32"), desc="int32", grad=False)],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    # --------------------------------------------------------------- binary functions
    _tensor_binary(
        "atan2",
        extra=[
            S(A(3, 4), A(dtype="float64"), desc="0d_f64_other", dtypes=("float32", "int64")),
            S(A(3, 4), A(3, 4, dtype="int64"), desc="int_other", dtypes=FLOATS),
            S(A(3, 4, kind="few"), A(3, 4, kind="few"), desc="zeros", grad=False),
        ],
    ),
    _tensor_binary(
        "hypot",
        dtypes=FLOATS,
        extra=[
            S(A(3, 4), A(3, 4, dtype="int64"), desc="int_other"),
            S(A(3, 4, kind="logits_big"), A(3, 4, kind="logits_big"), desc="large", grad=False),
        ],
    ),
    OpRow(
        "fmod",
        both_forms("fmod"),
        _divisor_samples("FmodBackward0")
        + [
            S(A(3, 4), A(dtype="int64", kind="nonzero"), desc="0d_int_tensor", dtypes=FLOATS),
            S(A(3, 4), True, desc="py_bool", grad_fn="FmodBackward0"),
        ],
        dtypes=NUM,
    ),
    OpRow(
        "floor_divide",
        both_forms("floor_divide"),
        _divisor_samples()
        + [
            S(
                A(3, 4),
                A(3, 4, kind="nonzero", dtype="int32"),
                desc="int32_other",
                dtypes=("int64",),
            ),
        ],
        dtypes=NUM,
        grad=False,
    ),
    OpRow(
        "lerp",
        both_forms("lerp"),
        [
            S(A(3, 4), A(3, 4), 0.3, desc="scalar_small"),
            S(A(3, 4), A(3, 4), 0.8, desc="scalar_large"),
            S(A(3, 4), A(3, 4), kwargs={"weight": 2}, desc="scalar_int"),
            S(A(), A(), -0.25, desc="0d"),
            S(A(0, 3), A(3), 0.5, desc="empty"),
            S(A(2, 1, 4), A(3, 1), 0.6, desc="bcast"),
            S(A(4, 3, view=T), A(3, 8, view=STEP), 0.1, desc="noncontig"),
            S(A(3, 4), A(3, 4), A(3, 4), desc="tensor_weight", grad_fn="LerpBackward1"),
            S(A(2, 1, 4), A(3, 1), A(4), desc="tensor_bcast", grad_fn="LerpBackward1"),
            S(A(), A(3, 4), A(), desc="tensor_0d", grad_fn="LerpBackward1"),
            S(
                A(4, 3, view=T),
                A(3, 4),
                A(3, 8, view=STEP),
                desc="tensor_noncontig",
                grad_fn="LerpBackward1",
            ),
            S(
                A(3, 4),
                A(3, 4),
                A(dtype="float64"),
                desc="0d_f64_weight",
                grad_fn="LerpBackward1",
                dtypes=("float32",),
            ),
            S(A(3, 4, kind="special"), A(3, 4, kind="special"), 0.5, desc="special", grad=False),
            S(
                A(3, 4, kind="special"),
                A(3, 4, kind="special"),
                A(3, 4, kind="special"),
                desc="special_tensor",
                grad=False,
            ),
        ],
        dtypes=FLOATS,
    ),
    # ------------------------------------------------------------ classification
    *[
        OpRow(
            n,
            both_forms(n),
            unary_samples() + [S(A(3, 4, kind="logits_big"), desc="big")],
            dtypes=ALL,
            grad=False,
        )
        for n in ("isnan", "isinf", "isfinite")
    ],
    OpRow(
        "nan_to_num",
        both_forms("nan_to_num"),
        unary_samples()
        + [
            # finite differences cannot see the gradient at 1e30 (eps is lost): compare with torch only
            S(
                A(4, 5, kind="special"),
                kwargs={"nan": 2.0, "posinf": 1.0, "neginf": -1.0},
                desc="replace",
                gradcheck=False,
            ),
            S(A(4, 5, kind="special"), 0.5, 3.0, desc="positional", grad=False),
            S(
                A(4, 5, kind="special"),
                kwargs={"posinf": 1e300},
                desc="posinf_overflow",
                grad=False,
            ),
            S(A(4, 5, kind="special"), kwargs={"nan": True}, desc="bool_nan", grad=False),
            S(
                A(3, 4),
                kwargs={"nan": 1.5, "posinf": 2.5},
                desc="int_kwargs",
                dtypes=("int64", "bool"),
            ),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    # ------------------------------------------------------------------- logical
    *[
        OpRow(
            n,
            both_forms(n),
            cmp_samples()[:4]
            + [
                S(A(4, 3, kind="few", view=T), A(3, 8, kind="few", view=STEP), desc="noncontig"),
                S(A(3, 4, kind="few"), B(3, 4), desc="bool_other"),
                S(A(3, 4, kind="few"), A(4, kind="few", dtype="float64"), desc="f64_other"),
                S(A(3, 4, kind="special"), A(3, 4, kind="special"), desc="special"),
            ],
            dtypes=ALL,
            grad=False,
        )
        for n in ("logical_and", "logical_or", "logical_xor")
    ],
    OpRow("logical_not", both_forms("logical_not"), unary_samples("few"), dtypes=ALL, grad=False),
    # ------------------------------------------------------------------- aliases
    OpRow(
        "true_divide",
        both_forms("true_divide"),
        [
            S(A(3, 4), A(3, 4, kind="nonzero"), desc="same"),
            S(A(2, 1, 4), A(3, 1, kind="nonzero"), desc="bcast"),
            S(A(3, 4), 2, desc="py_int"),
            S(A(3, 4, kind="special"), A(3, 4, kind="special"), desc="special", grad=False),
        ],
        dtypes=ALL,
    ),
    OpRow(
        "multiply",
        both_forms("multiply"),
        [
            S(A(3, 4), A(3, 4), desc="same"),
            S(A(2, 1, 4), A(3, 1), desc="bcast"),
            S(A(3, 4), 2.5, desc="py_float"),
        ],
        dtypes=ALL,
    ),
    OpRow(
        "subtract",
        both_forms("subtract"),
        [
            S(A(3, 4), A(3, 4), desc="same"),
            S(A(2, 1, 4), A(3, 1), desc="bcast"),
            S(A(3, 4), A(4), kwargs={"alpha": 2}, desc="alpha"),
            S(A(3, 4), 1.5, desc="py_float"),
        ],
        dtypes=NUM,
    ),
]
