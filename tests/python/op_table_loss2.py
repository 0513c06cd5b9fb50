"""Rows of the op table for the loss2 family (fused losses with their own torch nodes, and
embedding_bag); see op_table.py for the row format."""

from op_table import *  # A, S, I, OpRow, nnf, the sample helpers
from op_table import TOL_SUM, A, Arg, I, OpRow, S, T, nnf


def _offsets(t):
    """Bag starts from small non-negative steps: 0, then non-decreasing (empty bags allowed)."""
    c = t.cumsum(0)
    return c - c[0]


_offsets.__name__ = "OFFSETS"


def OFFS(b, step):
    """(b,) int64 bag offsets starting at 0 with steps in [0, step)."""
    return Arg((b,), kind=f"index:{step}", dtype="int64", grad=False, view=_offsets)


def _offsets_to(n):
    """Like OFFS, with the last entry replaced by n (include_last_offset: the end)."""

    def view(t):
        o = _offsets(t)
        o[-1] = n
        return o

    view.__name__ = f"OFFSETS_TO_{n}"
    return view


def _minus1(t):
    """Index values shifted down by one, so -1 (the end of a label list) occurs."""
    return t - 1


_minus1.__name__ = "MINUS1"


def LABELS(*shape, classes):
    """int64 multilabel targets in [-1, classes): label lists ended by -1."""
    return Arg(tuple(shape), kind=f"index:{classes + 1}", dtype="int64", grad=False, view=_minus1)


def _pointwise(name, extra):
    """Samples of a broadcasting pointwise loss (input, target)."""
    return [
        S(A(3, 4), A(3, 4), desc="mean"),
        S(A(3, 4), A(3, 4), kwargs={"reduction": "sum"}, desc="sum"),
        S(A(3, 4), A(3, 4), kwargs={"reduction": "none"}, desc="none"),
        S(A(), A(), desc="0d"),
        S(A(0, 3), A(0, 3), kwargs={"reduction": "sum"}, desc="empty"),
        S(A(4, 3, view=T), A(3, 4), desc="noncontig"),
        S(A(2, 3, 4), A(3, 4), kwargs={"reduction": "none"}, desc="bcast_target"),
    ] + extra


ROWS = [
    OpRow(
        "smooth_l1_loss",
        [nnf("smooth_l1_loss")],
        _pointwise(
            "smooth_l1_loss",
            [
                S(A(3, 4), A(3, 4), kwargs={"beta": 0.5}, desc="beta"),
                S(A(3, 4), A(3, 4), kwargs={"beta": 3.0, "reduction": "sum"}, desc="beta_big"),
            ],
        ),
        tol=TOL_SUM,
    ),
    OpRow(
        "huber_loss",
        [nnf("huber_loss")],
        _pointwise(
            "huber_loss",
            [
                S(A(3, 4), A(3, 4), kwargs={"delta": 0.5}, desc="delta"),
                S(
                    A(3, 4),
                    A(3, 4),
                    kwargs={"weight": A(3, 4, kind="pos", grad=False), "reduction": "sum"},
                    desc="weight",
                    grad_fn="SumBackward0",
                ),
            ],
        ),
        tol=TOL_SUM,
    ),
    OpRow(
        "soft_margin_loss",
        [nnf("soft_margin_loss")],
        [
            S(A(3, 4), A(3, 4, kind="nonzero", grad=False), desc="mean"),
            S(A(3, 4), A(3, 4, grad=False), kwargs={"reduction": "sum"}, desc="sum"),
            S(A(3, 4), A(3, 4, grad=False), kwargs={"reduction": "none"}, desc="none"),
            S(A(), A(grad=False), desc="0d"),
            S(A(0, 3), A(0, 3, grad=False), kwargs={"reduction": "sum"}, desc="empty"),
            S(A(4, 3, view=T), A(3, 4, grad=False), desc="noncontig"),
            S(A(2, 3, 4), A(3, 4, grad=False), kwargs={"reduction": "none"}, desc="bcast_target"),
        ],
        tol=TOL_SUM,
    ),
    OpRow(
        "multi_margin_loss",
        [nnf("multi_margin_loss")],
        [
            S(A(4, 5), I(4, high=5), desc="mean"),
            S(A(4, 5), I(4, high=5), kwargs={"reduction": "sum"}, desc="sum"),
            S(A(4, 5), I(4, high=5), kwargs={"reduction": "none"}, desc="none"),
            S(A(4, 5), I(4, high=5), kwargs={"p": 2, "margin": 0.7}, desc="p2_margin"),
            S(
                A(4, 5),
                I(4, high=5),
                kwargs={"weight": A(5, kind="pos", grad=False), "reduction": "none"},
                desc="weight",
            ),
            S(A(5), I(high=5), kwargs={"reduction": "none"}, desc="1d_0d_target"),
            S(A(), I(high=1), desc="0d"),
            S(A(0, 5), I(0, high=5), kwargs={"reduction": "none"}, desc="empty"),
            S(A(5, 4, view=T), I(4, high=5), desc="noncontig"),
        ],
        tol=TOL_SUM,
    ),
    OpRow(
        "multilabel_margin_loss",
        [nnf("multilabel_margin_loss")],
        [
            S(A(4, 5), LABELS(4, 5, classes=5), desc="mean"),
            S(A(4, 5), LABELS(4, 5, classes=5), kwargs={"reduction": "sum"}, desc="sum"),
            S(A(4, 5), LABELS(4, 5, classes=5), kwargs={"reduction": "none"}, desc="none"),
            S(A(6), LABELS(6, classes=6), kwargs={"reduction": "none"}, desc="1d"),
            S(A(0, 5), LABELS(0, 5, classes=5), kwargs={"reduction": "none"}, desc="empty"),
            S(A(5, 4, view=T), LABELS(4, 5, classes=5), desc="noncontig"),
        ],
        tol=TOL_SUM,
    ),
    OpRow(
        "embedding_bag",
        [nnf("embedding_bag")],
        [
            S(I(9, high=6), A(6, 3), OFFS(3, 4), desc="mean"),
            S(I(9, high=6), A(6, 3), OFFS(4, 3), kwargs={"mode": "sum"}, desc="sum_empty_bags"),
            S(I(9, high=6), A(6, 3, kind="distinct"), OFFS(3, 3), kwargs={"mode": "max"}, desc="max"),
            S(I(3, 4, high=7), A(7, 5), desc="2d_mean"),
            S(I(3, 4, high=7), A(7, 5, kind="distinct"), kwargs={"mode": "max"}, desc="2d_max"),
            S(
                I(9, high=6),
                A(6, 3),
                OFFS(3, 4),
                kwargs={"mode": "sum", "per_sample_weights": A(9)},
                desc="per_sample_weights",
            ),
            S(
                I(3, 4, high=7),
                A(7, 5),
                kwargs={"mode": "sum", "per_sample_weights": A(3, 4)},
                desc="2d_per_sample_weights",
            ),
            S(I(9, high=4), A(4, 3), OFFS(3, 4), kwargs={"padding_idx": 1}, desc="padding_mean"),
            S(
                I(9, high=4),
                A(4, 3, kind="distinct"),
                OFFS(3, 4),
                kwargs={"padding_idx": -1, "mode": "max"},
                desc="padding_max",
            ),
            S(
                I(9, high=6),
                A(6, 3),
                Arg((4,), kind="index:3", dtype="int64", grad=False, view=_offsets_to(9)),
                kwargs={"include_last_offset": True, "mode": "sum"},
                desc="include_last_offset",
            ),
            # scale_grad_by_freq: torch's embedding_bag scales some rows by another row's count,
            # so its gradient is checked against F.embedding's in test_loss2.py instead (values
            # are still compared with torch)
            S(
                I(9, high=5),
                A(5, 3),
                OFFS(3, 4),
                kwargs={"scale_grad_by_freq": True},
                desc="freq",
                compare_grad=False,
                gradcheck=False,  # the scaled gradient is not the derivative, by design
            ),
            S(I(0, high=5), A(5, 3), OFFS(2, 1), desc="empty_input"),
            S(I(6, high=5), A(3, 5, view=T), OFFS(2, 3), kwargs={"mode": "sum"}, desc="noncontig_weight"),
        ],
        tol=TOL_SUM,
    ),
]
