"""Rows of the op table for the mathx family (gcd, lcm, erfc, histogram); see op_table.py for the
row format. The special functions, cov / corrcoef and the small composites are tested in
test_mathx.py."""

from op_table import *  # A, S, OpRow, fn, method, the sample helpers
from op_table import ALL, FLOATS, TOL_EXACT, TOL_MATH, T, STEP, EXPAND3, binary_samples, unary_samples
from op_table import ROWS as ROWS_VIEW  # the view; this module's ROWS is its row list

INTS = ("int64", "int32", "int16", "int8", "uint8")
TOL_ERFC = {"float32": (2e-6, 1e-30), "float64": (1e-13, 1e-300)}


def _int_binary_samples():
    """binary_samples without the floating-only special values; few-valued samples give zeros."""
    return [s for s in binary_samples() if s.desc != "special"] + [
        S(A(4, 5, kind="few"), A(4, 5, kind="float"), desc="zeros"),
        S(A(3, 4, kind="pos"), A(1, 4, kind="pos"), desc="bcast_pos"),
    ]


def _wide(t):
    """Scale into erfc's interesting range (the tails at |x| up to ~6)."""
    return t * 3.0 if t.is_floating_point() else t


_wide.__name__ = "WIDE"

ROWS = [
    OpRow("gcd", [fn("gcd"), method("gcd")], _int_binary_samples(), dtypes=INTS, grad=False, tol=TOL_EXACT),
    OpRow("lcm", [fn("lcm"), method("lcm")], _int_binary_samples(), dtypes=INTS, grad=False, tol=TOL_EXACT),
    OpRow(
        "erfc",
        [fn("erfc"), method("erfc")],
        unary_samples() + [S(A(4, 6, view=_wide), desc="tails")],
        dtypes=ALL,
        tol=TOL_ERFC,
    ),
    OpRow(
        "histogram",
        [fn("histogram"), method("histogram")],
        [
            S(A(50), 7, desc="bins7"),
            S(A(6, 5), desc="default_bins"),
            S(A(), 3, desc="0d"),
            S(A(0, 3), 4, desc="empty"),
            S(A(8, 6, view=T), 5, desc="noncontig"),
            S(A(40, kind="few"), 4, desc="ties_at_edges"),
            S(A(30), 6, kwargs={"range": (-1.0, 1.5)}, desc="range"),
            S(A(30), 6, kwargs={"range": (-1.0, 1.5), "density": True}, desc="range_density"),
            S(A(30), 5, kwargs={"weight": A(30, kind="pos")}, desc="weight"),
            S(A(5, 6), 5, kwargs={"weight": A(6, 5, kind="pos", view=T), "density": True}, desc="weight_density"),
            S(A(30, kind="special"), 4, kwargs={"range": (-3.0, 3.0)}, desc="special"),
        ],
        dtypes=FLOATS,
        grad=False,
        tol=TOL_MATH,
    ),
]
