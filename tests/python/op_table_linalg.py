"""Rows of the op table for the LAPACK linear algebra family (det, slogdet, inverse, matrix_exp); see
op_table.py for the row format. The pyt.linalg functions are tested in test_linalg.py."""

from op_table import TOL_SUM, A, OpRow, S, T, both_forms


def _square_samples():
    return [
        S(A(3, 3), desc="3x3"),
        S(A(2, 4, 4), desc="batch"),
        S(A(2, 1, 2, 2), desc="batch2"),
        S(A(1, 1), desc="1x1"),
        S(A(0, 2, 2), desc="empty_batch", grad=False),
        S(A(3, 3, view=T), desc="noncontig"),
    ]


ROWS = [
    OpRow("det", both_forms("det"), _square_samples(), tol=TOL_SUM),
    OpRow("slogdet", both_forms("slogdet"), _square_samples(), tol=TOL_SUM),
    OpRow("inverse", both_forms("inverse"), _square_samples(), tol=TOL_SUM),
    OpRow("matrix_exp", both_forms("matrix_exp"), _square_samples(), tol=TOL_SUM),
]
