"""Rows of the op table for the sampling family (grid_sample, affine_grid); see op_table.py
for the row format. test_sampling.py covers every mode x padding x align_corners combination,
errors and thread determinism."""

from op_table import *  # A, S, OpRow, nnf, the sample helpers
from op_table import TOL_SUM, A, OpRow, S, T, nnf


def _perm_grid(t):
    """A (N, W, H, 2) base made (N, H, W, 2) by swapping dims 1 and 2: non-contiguous."""
    return t.transpose(1, 2)


_perm_grid.__name__ = "T12"


def _chan_last(t):
    """An (N, H, W, C) base viewed as (N, C, H, W): channels-last strides."""
    return t.permute(0, 3, 1, 2)


_chan_last.__name__ = "CHANNELS_LAST"

ROWS = [
    OpRow(
        "grid_sample",
        [nnf("grid_sample")],
        [
            S(A(2, 3, 4, 5), A(2, 3, 6, 2), kwargs={"align_corners": False}, desc="bilinear"),
            S(
                A(2, 3, 4, 5),
                A(2, 3, 6, 2),
                kwargs={"align_corners": True, "padding_mode": "border"},
                desc="bilinear_border_align",
            ),
            S(
                A(2, 3, 4, 5),
                A(2, 3, 6, 2),
                kwargs={"align_corners": False, "padding_mode": "reflection"},
                desc="bilinear_reflection",
            ),
            S(
                A(2, 3, 4, 5),
                A(2, 3, 6, 2),
                kwargs={"align_corners": False, "mode": "nearest"},
                desc="nearest",
            ),
            S(
                A(2, 3, 4, 5),
                A(2, 3, 6, 2),
                kwargs={"align_corners": True, "mode": "bicubic", "padding_mode": "reflection"},
                desc="bicubic_reflection_align",
            ),
            S(
                A(2, 4, 5, 3, view=_chan_last),
                A(2, 6, 3, 2, view=_perm_grid),
                kwargs={"align_corners": False, "mode": "bicubic"},
                desc="noncontig",
            ),
            S(A(0, 3, 4, 5), A(0, 3, 6, 2), kwargs={"align_corners": False}, desc="empty_batch"),
            S(A(2, 3, 4, 5), A(2, 0, 6, 2), kwargs={"align_corners": False}, desc="empty_grid"),
            S(
                A(2, 2, 3, 4, 5),
                A(2, 2, 3, 4, 3),
                kwargs={"align_corners": False},
                desc="trilinear_5d",
                grad_fn="GridSampler3DBackward0",
            ),
            S(
                A(2, 2, 3, 4, 5),
                A(2, 2, 3, 4, 3),
                kwargs={"align_corners": True, "mode": "nearest", "padding_mode": "border"},
                desc="nearest_5d_border",
                grad_fn="GridSampler3DBackward0",
            ),
        ],
        tol=TOL_SUM,
    ),
    OpRow(
        "affine_grid",
        [nnf("affine_grid")],
        [
            S(A(2, 2, 3), [2, 3, 4, 5], kwargs={"align_corners": False}, desc="2d"),
            S(A(2, 2, 3), [2, 1, 4, 1], kwargs={"align_corners": False}, desc="2d_unit"),
            S(A(1, 3, 4), [1, 2, 3, 4, 5], kwargs={"align_corners": True}, desc="3d_align"),
            S(A(4, 3, 2, view=T), [4, 1, 3, 3], kwargs={"align_corners": False}, desc="noncontig"),
        ],
        tol=TOL_SUM,
    ),
]
