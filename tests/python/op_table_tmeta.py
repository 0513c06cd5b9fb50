"""Rows of the op table for the tensor-metadata family (as_strided, masked_scatter,
index_reduce); see op_table.py for the row format."""

from op_table import *  # A, S, OpRow, fn, method, the sample helpers
from op_table import ALL, FLOATS, NUM, STEP, TOL_EXACT, TOL_MATH, T


def _masked_scatter_samples():
    return [
        S(A(3, 4), B(3, 4), A(12), desc="basic"),
        S(A(3, 4), B(4), A(3, 5), desc="bcast_mask"),
        S(A(4), B(2, 4), A(9), desc="bcast_self"),
        S(A(), B(), A(2), desc="0d"),
        S(A(0, 3), B(0, 3), A(2), desc="empty"),
        S(A(4, 3, view=T), B(3, 4), A(13, view=STEP), desc="noncontig"),
    ]


def _index_reduce_samples():
    out = []
    for reduce in ("prod", "mean", "amax", "amin"):
        for include_self in (True, False):
            out.append(S(A(4, 3), 0, I(5, high=4), A(5, 3), reduce, kwargs={"include_self": include_self},
                         desc=f"{reduce}_{include_self}"))
        out.append(S(A(3, 6, view=T), 1, I(4, high=3), A(6, 4), reduce, desc=f"{reduce}_noncontig_dim1"))
    out.append(S(A(), 0, I(1, high=1), A(), "prod", desc="0d"))
    out.append(S(A(0, 3), 1, I(2, high=3), A(0, 2), "mean", desc="empty"))
    return out


ROWS = [
    OpRow(
        "as_strided",
        both_forms("as_strided"),
        [
            S(A(12), (3, 2), (2, 1), desc="overlap"),
            S(A(3, 4), (2, 2), (1, 4), 1, desc="offset"),
            S(A(3, 4), (4, 3), (1, 4), desc="transpose"),
            S(A(3, 4), (2, 3), (0, 1), desc="stride0"),
            S(A(), (), (), desc="0d"),
            S(A(0, 3), (0, 2), (1, 1), desc="empty"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow("masked_scatter", both_forms("masked_scatter"), _masked_scatter_samples(), dtypes=ALL, tol=TOL_EXACT),
    OpRow("index_reduce", both_forms("index_reduce"), _index_reduce_samples(), dtypes=NUM, tol=TOL_MATH),
]
