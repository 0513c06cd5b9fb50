"""Rows of the op table for the loss family (ctc_loss); see op_table.py for the row format."""

from op_table import *  # A, S, I, OpRow, nnf, the sample helpers
from op_table import TOL_SUM, A, Arg, OpRow, S, nnf


def _labels(t):
    """Class indices shifted past the blank label 0."""
    return t + 1


_labels.__name__ = "LABELS"


def L(*shape, high):
    """Int64 class labels in [1, high]: index values shifted past the blank label 0."""
    return Arg(tuple(shape), kind=f"index:{high}", dtype="int64", grad=False, view=_labels)


def _log_softmax(t):
    """log_probs as CTC expects them (its backward assumes normalised inputs, as torch's)."""
    return t.log_softmax(-1)


_log_softmax.__name__ = "LOG_SOFTMAX"

ROWS = [
    OpRow(
        "ctc_loss",
        [nnf("ctc_loss")],
        [
            S(
                A(8, 3, 5, view=_log_softmax),
                L(3, 4, high=4),
                (8, 6, 7),
                (4, 2, 3),
                desc="padded_mean",
                grad_fn="MeanBackward0",
            ),
            S(
                A(8, 3, 5, view=_log_softmax),
                L(3, 4, high=4),
                (8, 6, 7),
                (4, 2, 0),
                kwargs={"reduction": "none"},
                desc="none_empty_target",
            ),
            S(
                A(8, 2, 5, view=_log_softmax),
                L(5, high=4),
                (8, 7),
                (3, 2),
                kwargs={"reduction": "sum"},
                desc="concat_sum",
                grad_fn="SumBackward0",
            ),
            S(
                A(6, 4, view=_log_softmax),
                L(3, high=3),
                (6,),
                (3,),
                desc="unbatched",
                grad_fn="MeanBackward0",
            ),
            S(
                A(7, 2, 6, view=_log_softmax),
                L(2, 3, high=4),
                (7, 7),
                (3, 3),
                kwargs={"blank": 5},
                desc="blank_last",
                grad_fn="MeanBackward0",
            ),
        ],
        tol=TOL_SUM,
    ),
]
