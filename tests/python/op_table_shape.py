"""Rows of the op table for reductions and shape ops; see op_table.py for the row format."""

from op_table import (
    ALL,
    EXPAND3,
    NUM,
    STEP,
    TOL_EXACT,
    TOL_SUM,
    A,
    B,
    Dt,
    I,
    OpRow,
    S,
    T,
    both_forms,
    fn,
    method,
)
from op_table import ROWS as ROWS_VIEW  # the view helper: rows 1, 3, 5, ...

INF = float("inf")


# ------------------------------------------------------------------------------- views
def ZERO(t):
    """All zeros, still differentiable w.r.t. the base (a norm at its kink)."""
    return t * 0


def NEAR1(t):
    """Values within 0.2% of 1: long products stay finite."""
    return t * 0.001 + 1


# ----------------------------------------------------------------------- sample sets
def _reduce_dims(kind="float", zero_d=True):
    """dim / keepdim forms shared by the dim-list reductions (amax, amin, var, std)."""
    return [
        S(A(3, 4, kind=kind), desc="all"),
        *([S(A(kind=kind), desc="0d")] if zero_d else []),
        S(A(2, 3, 4, kind=kind), 1, desc="dim1"),
        S(A(2, 3, 4, kind=kind), kwargs={"dim": (0, 2)}, desc="dim_tuple"),
        S(
            A(2, 3, 4, kind=kind),
            kwargs={"dim": (-1, 0), "keepdim": True},
            desc="dim_tuple_neg_keep",
        ),
        S(A(2, 3, 4, kind=kind), kwargs={"dim": [1]}, desc="dim_list"),
        S(A(2, 4, 6, kind=kind, view=T), kwargs={"dim": 1}, desc="noncontig"),
        S(A(6, 4, kind=kind, view=ROWS_VIEW), kwargs={"dim": 0}, desc="rows"),
        # contiguous, reduced dims followed by kept ones: reduced column by column, no copy
        S(A(2, 3, 4, 5, kind=kind), kwargs={"dim": (1, 2)}, desc="columns"),
        S(A(7, 600, kind=kind), kwargs={"dim": 0}, desc="columns_wide", gradcheck=False),
        S(A(4, 5, kind="special"), kwargs={"dim": 1}, desc="special", grad=False),
    ]


def _amax_row(name):
    return OpRow(
        name,
        both_forms(name),
        _reduce_dims("distinct")
        + [
            S(A(0, 3), kwargs={"dim": 1}, desc="empty_kept"),
            S(A(1, 4, kind="distinct", view=EXPAND3), kwargs={"dim": 0}, desc="expanded"),
            # ties share the gradient evenly (not differentiable there: no gradcheck)
            S(A(3, 6, kind="few"), kwargs={"dim": 1}, desc="ties", gradcheck=False),
            S(A(3, 4, kind="few"), desc="ties_all", gradcheck=False),
            S(A(4, 5, kind="special"), desc="special_all", grad=False),
            # several chunks per row, and one row split into chunks across threads
            S(A(3, 40_000, kind="distinct"), kwargs={"dim": 1}, desc="large_dim", gradcheck=False),
            S(A(100_000, kind="distinct"), desc="large", gradcheck=False),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    )


def _var_row(name):
    return OpRow(
        name,
        both_forms(name),
        _reduce_dims(zero_d=False)
        + [
            S(A(2, 3, 4), kwargs={"dim": -1, "correction": 0}, desc="correction0"),
            S(A(2, 3, 4), kwargs={"dim": 1, "correction": 2}, desc="correction2"),
            S(A(3, 4), kwargs={"correction": 0.5}, desc="correction_float"),
            S(A(3, 4), kwargs={"unbiased": False}, desc="unbiased_false"),
            S(A(3, 4), 1, False, desc="dim_unbiased_positional"),
            S(A(3, 4), False, desc="unbiased_positional"),
            S(A(2, 3, 4), (0, 1), True, True, desc="dim_unbiased_keep"),
            S(A(0, 3), kwargs={"dim": 0}, desc="empty_dim0"),
            S(A(0, 3), kwargs={"dim": 1}, desc="empty_kept"),
            # N - correction <= 0: nan values, nan/inf gradients (compared, not gradchecked)
            S(A(1, 4), kwargs={"dim": 0}, desc="dof0_dim", gradcheck=False),
            S(A(), desc="dof0_0d", gradcheck=False),
            S(A(3, 40_000, kind="pos"), kwargs={"dim": 1}, desc="large_dim", gradcheck=False),
            S(A(100_000, kind="pos"), desc="large", gradcheck=False),
        ],
        tol=TOL_SUM,
    )


def _cumulative_row(name, extra=()):
    return OpRow(
        name,
        both_forms(name),
        [
            S(A(3, 4), 1, desc="dim1"),
            S(A(3, 4), kwargs={"dim": 0}, desc="dim0_kw"),
            S(A(2, 3, 4), -2, desc="dim-2"),
            S(A(), 0, desc="0d"),
            S(A(0, 3), 0, desc="empty"),
            S(A(4, 6, view=T), 1, desc="noncontig"),
            S(A(1, 4, view=EXPAND3), 0, desc="expanded"),
            S(
                A(3, 4),
                1,
                kwargs={"dtype": Dt("float64")},
                desc="dtype",
                dtypes=("float32", "int64"),
            ),
            S(A(4, 5, kind="special"), 1, desc="special", grad=False),
        ]
        + list(extra),
        dtypes=ALL,
        tol=TOL_SUM,
    )


def _bool_reduce_row(name, keepdim=True):
    samples = [
        S(A(3, 4, kind="few"), desc="all"),
        S(A(3, 4, kind="few"), 1, desc="dim1"),
        S(A(2, 3, 4, kind="few"), (0, 2), desc="dim_tuple"),
        S(A(kind="few"), desc="0d"),
        S(A(0, 3), desc="empty"),
        S(A(0, 3), 1, desc="empty_dim1"),
        S(A(4, 6, kind="few", view=T), 0, desc="noncontig"),
        S(A(4, 5, kind="special"), 1, desc="special"),
    ]
    if keepdim:
        samples.append(S(A(2, 3, 4, kind="few"), kwargs={"dim": -1, "keepdim": True}, desc="keep"))
    # a uint8 input keeps uint8 for all/any
    samples.append(S(A(3, 4, dtype="uint8"), desc="uint8_input", dtypes=("float32",)))
    return OpRow(name, both_forms(name), samples, dtypes=ALL, grad=False)


def _stack_row(name, samples):
    return OpRow(name, [fn(name)], samples, dtypes=ALL, tol=TOL_EXACT)


def _swap_row(name):
    return OpRow(
        name,
        both_forms(name),
        [
            S(A(3, 4), 0, 1, desc="2d"),
            S(A(2, 3, 4), -1, 0, desc="neg"),
            S(A(0, 3), 0, 1, desc="empty"),
            S(A(4, 3, view=T), 1, 0, desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    )


def _movedim_row(name):
    return OpRow(
        name,
        both_forms(name),
        [
            S(A(2, 3, 4), 0, 2, desc="int"),
            S(A(2, 3, 4), (0, 1), (2, 0), desc="tuple"),
            S(A(2, 3, 4), [2], [0], desc="list"),
            S(A(2, 3, 4), -1, 0, desc="neg"),
            S(A(0, 3), 0, 1, desc="empty"),
            S(A(2, 4, 3, view=T), 1, 0, desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    )


ROWS = [
    # ------------------------------------------------------------------ reductions
    OpRow(
        "prod",
        both_forms("prod"),
        [
            S(A(3, 4), desc="all"),
            S(A(), desc="0d"),
            S(A(0, 3), desc="empty_all"),
            S(A(2, 3, 4), 1, desc="dim1", grad_fn="ProdBackward1"),
            S(A(2, 3, 4), -1, True, desc="dim-1_keep", grad_fn="ProdBackward1"),
            S(
                A(2, 3, 4),
                kwargs={"dim": 0, "keepdim": True},
                desc="dim_kw",
                grad_fn="ProdBackward1",
            ),
            S(A(), 0, desc="0d_dim", grad_fn="ProdBackward1"),
            S(A(0, 3), 0, desc="empty_dim0", grad_fn="ProdBackward1"),
            S(A(0, 3), 1, desc="empty_kept", grad_fn="ProdBackward1"),
            S(A(2, 4, 6, view=T), 1, desc="noncontig", grad_fn="ProdBackward1"),
            S(A(1, 4, view=EXPAND3), desc="expanded"),
            # zeros (one or several per line): the gradient needs the products of the others
            S(A(3, 5, kind="few"), 1, desc="zeros_dim", grad_fn="ProdBackward1"),
            S(A(2, 3, kind="few"), desc="zeros_all"),
            S(A(3, 4), kwargs={"dtype": Dt("float64")}, desc="dtype", dtypes=("float32", "int64")),
            S(
                A(3, 4),
                1,
                kwargs={"dtype": Dt("float64")},
                desc="dim_dtype",
                dtypes=("float32", "int64"),
                grad_fn="ProdBackward1",
            ),
            S(A(4, 5, kind="special"), 1, desc="special", grad=False),
            S(
                A(3, 40_000, view=NEAR1),
                1,
                desc="large_dim",
                gradcheck=False,
                grad_fn="ProdBackward1",
            ),
        ],
        dtypes=ALL,
        tol=TOL_SUM,
    ),
    _amax_row("amax"),
    _amax_row("amin"),
    _var_row("var"),
    _var_row("std"),
    OpRow(
        "norm",
        both_forms("norm"),
        [
            S(A(3, 4), desc="fro_default"),
            S(A(3, 4), 1, desc="p1"),
            S(A(3, 4), 2, desc="p2"),
            S(A(3, 4, kind="distinct"), INF, desc="pinf"),
            S(A(3, 4, kind="distinct"), -INF, desc="p-inf"),
            S(A(3, 4), 3, desc="p3"),
            S(A(3, 4), 1.5, desc="p1.5"),
            S(A(3, 4, kind="nonzero"), 0.5, desc="p0.5"),
            S(A(3, 4, kind="few"), 0, desc="p0"),
            S(A(2, 3, 4), kwargs={"p": 2, "dim": 1}, desc="dim1"),
            S(A(2, 3, 4), "fro", (0, 2), True, desc="fro_tuple_keep"),
            S(A(2, 3, 4), kwargs={"p": 1, "dim": -1, "keepdim": True}, desc="p1_dim_keep"),
            S(A(2, 3, 4, kind="distinct"), kwargs={"p": INF, "dim": (0, 1)}, desc="pinf_tuple"),
            S(A(3, 4), kwargs={"dtype": Dt("float64")}, desc="dtype", dtypes=("float32",)),
            S(A(), desc="0d"),
            S(A(0, 3), desc="empty"),
            S(A(0, 3), kwargs={"dim": 1}, desc="empty_kept"),
            S(A(4, 6, view=T), kwargs={"dim": 0}, desc="noncontig"),
            S(A(3, 4, view=ZERO), desc="zero_vector"),
            S(A(3, 4, view=ZERO), kwargs={"p": 3, "dim": 1}, desc="zero_vector_p3"),
            S(A(3, 4, kind="few"), INF, desc="pinf_ties", gradcheck=False),
            S(A(4, 5, kind="special"), desc="special", grad=False),
            S(A(4, 5, kind="special"), INF, 1, desc="special_inf", grad=False),
            S(A(100_000), desc="large", gradcheck=False),
        ],
        tol=TOL_SUM,
    ),
    OpRow(
        "logsumexp",
        both_forms("logsumexp"),
        [
            S(A(3, 4), 1, desc="dim1"),
            S(A(2, 3, 4), (0, 2), desc="dim_tuple"),
            S(A(2, 3, 4), -1, True, desc="keep"),
            S(A(2, 3, 4), kwargs={"dim": [0], "keepdim": False}, desc="kw_list"),
            S(A(), 0, desc="0d"),
            S(A(0, 3), 0, desc="empty_dim0"),
            S(A(0, 3), 1, desc="empty_kept"),
            S(A(3, 5, kind="logits_big"), 1, desc="large_logits"),
            S(A(4, 6, view=T), 0, desc="noncontig"),
            S(A(4, 5, kind="special"), 1, desc="special", grad=False),
            S(A(3, 40_000), 1, desc="large_dim", gradcheck=False),
        ],
        dtypes=NUM,
        tol=TOL_SUM,
    ),
    _cumulative_row("cumsum", [S(A(2, 5000), 1, desc="long", gradcheck=False)]),
    _cumulative_row(
        "cumprod",
        [
            # zeros: before, at and after the first zero of a line the gradient differs
            S(A(3, 6, kind="few"), 1, desc="zeros"),
            S(A(6, 3, kind="few"), 0, desc="zeros_dim0"),
            S(A(2, 300, view=NEAR1), 1, desc="long", gradcheck=False),
        ],
    ),
    _bool_reduce_row("all"),
    _bool_reduce_row("any"),
    _bool_reduce_row("count_nonzero", keepdim=False),
    # ------------------------------------------------------------------ shape ops
    OpRow(
        "flip",
        both_forms("flip"),
        [
            S(A(3, 4), (0,), desc="dim0"),
            S(A(3, 4), (0, 1), desc="both"),
            S(A(2, 3, 4), (-1, 0), desc="neg"),
            S(A(3, 4), [], desc="no_dims"),
            S(A(), (), desc="0d"),
            S(A(0, 3), (1,), desc="empty"),
            S(A(4, 6, view=T), (0, 1), desc="noncontig"),
            S(A(3, 8, view=STEP), (1,), desc="step"),
            S(A(1, 4, view=EXPAND3), (0, 1), desc="expanded"),
            S(A(4, 5, kind="special"), (1,), desc="special", grad=False),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "roll",
        both_forms("roll"),
        [
            S(A(3, 4), 1, 1, desc="dim1"),
            S(A(3, 4), -1, 0, desc="neg_shift"),
            S(A(3, 4), 5, desc="flat"),
            S(A(3, 4), (1, 2), (0, 1), desc="multi"),
            S(A(3, 4), (1, 2), (1, 1), desc="same_dim_twice"),
            S(A(3, 4), kwargs={"shifts": 2, "dims": -1}, desc="kw"),
            S(A(3, 4), 7, 1, desc="big_shift"),
            S(A(3, 4), 0, 1, desc="zero_shift"),
            S(A(), 1, desc="0d"),
            S(A(0, 3), 1, 0, desc="empty"),
            S(A(0, 3), 2, desc="empty_flat"),
            S(A(4, 6, view=T), 2, 1, desc="noncontig"),
            S(A(4, 6, view=T), -3, desc="noncontig_flat"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    *[
        OpRow(
            n,
            both_forms(n),
            [
                S(A(3, 4), desc="default"),
                S(A(3, 4), 1, desc="k1"),
                S(A(4, 3), -1, desc="k-1"),
                S(A(2, 3, 4), kwargs={"diagonal": 2}, desc="batched"),
                S(A(3, 4), 10, desc="k_big"),
                S(A(3, 4), -10, desc="k_neg_big"),
                S(A(0, 3), desc="empty"),
                S(A(4, 3, view=T), desc="noncontig"),
                S(A(4, 5, kind="special"), desc="special", grad=False),
            ],
            dtypes=ALL,
            tol=TOL_EXACT,
        )
        for n in ("tril", "triu")
    ],
    OpRow(
        "split",
        both_forms("split"),
        [
            S(A(5, 3), 2, desc="int"),
            S(A(3, 6), 2, 1, desc="dim1"),
            S(A(3, 5), 10, -1, desc="bigger_than_dim"),
            S(A(5, 3), [1, 4], desc="sizes", grad_fn="SplitWithSizesBackward0"),
            S(A(5, 3), [2, 0, 3], desc="sizes_zero", grad_fn="SplitWithSizesBackward0"),
            S(A(0, 3), 2, desc="empty"),
            S(A(4, 6, view=T), 4, 1, desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "chunk",
        both_forms("chunk"),
        [
            S(A(6, 3), 3, desc="even"),
            S(A(5, 3), 3, desc="uneven"),
            S(A(5, 3), 10, desc="more_chunks"),
            S(A(3, 7), 2, 1, desc="dim1"),
            S(A(0, 3), 2, desc="empty", grad_fn="SplitWithSizesBackward0"),
            S(A(4, 6, view=T), 2, 1, desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "unbind",
        both_forms("unbind"),
        [
            S(A(3, 4), desc="dim0"),
            S(A(3, 4), 1, desc="dim1"),
            S(A(2, 3, 4), -1, desc="neg"),
            S(A(0, 3), 1, desc="empty_pieces"),
            S(A(0, 3), 0, desc="no_pieces", grad=False),
            S(A(4, 6, view=T), 0, desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "repeat",
        [method("repeat")],
        [
            S(A(2, 3), 2, 1, desc="basic"),
            S(A(2, 3), (2, 2), desc="tuple"),
            S(A(3), 2, 3, desc="new_dims"),
            S(A(), 2, 3, desc="0d"),
            S(A(0, 3), 2, 2, desc="empty"),
            S(A(2, 3), 0, 2, desc="zero"),
            S(A(4, 3, view=T), 2, 1, 2, desc="noncontig"),
            S(A(1, 4, view=EXPAND3), 1, 2, desc="expanded"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "tile",
        both_forms("tile"),
        [
            S(A(2, 3), (2,), desc="short"),
            S(A(2, 3), (2, 2), desc="same"),
            S(A(2, 3), (2, 1, 2), desc="long"),
            S(A(2, 3), (), desc="no_dims"),
            S(A(), (3,), desc="0d"),
            S(A(0, 3), (2, 2), desc="empty"),
            S(A(4, 3, view=T), (1, 2), desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    _movedim_row("movedim"),
    _movedim_row("moveaxis"),
    OpRow(
        "diagonal",
        both_forms("diagonal"),
        [
            S(A(3, 4), desc="main"),
            S(A(3, 4), 1, desc="offset1"),
            S(A(3, 4), -2, desc="offset-2"),
            S(A(3, 4), 5, desc="offset_out"),
            S(A(2, 3, 4), 0, 1, 2, desc="3d"),
            S(A(2, 3, 4), kwargs={"offset": 1, "dim1": -1, "dim2": 0}, desc="kw_neg"),
            S(A(0, 3), desc="empty"),
            S(A(4, 3, view=T), desc="noncontig"),
            S(A(4, 5, kind="special"), desc="special", grad=False),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    _stack_row(
        "hstack",
        [
            S([A(2, 3), A(2, 2)], desc="2d"),
            S([A(3), A(2)], desc="1d"),
            S([A(), A()], desc="0d"),
            S([A(), A(3)], desc="0d_1d"),
            S([A(2, 2, 3), A(2, 1, 3)], desc="3d"),
            S([A(3, 2, view=T), A(2, 6, view=STEP)], desc="noncontig"),
            S([A(2, 0), A(2, 3)], desc="with_empty"),
        ],
    ),
    _stack_row(
        "vstack",
        [
            S([A(3), A(3)], desc="1d"),
            S([A(2, 3), A(1, 3)], desc="2d"),
            S([A(), A()], desc="0d"),
            S([A(3), A(2, 3)], desc="1d_2d"),
            S([A(2, 2, 3), A(1, 2, 3)], desc="3d"),
            S([A(3, 2, view=T), A(2, 6, view=STEP)], desc="noncontig"),
        ],
    ),
    OpRow(
        "unflatten",
        both_forms("unflatten"),
        [
            S(A(3, 4), 1, (2, 2), desc="basic"),
            S(A(3, 4), -1, (-1, 2), desc="infer"),
            S(A(6), 0, (2, 1, 3), desc="1d"),
            S(A(0, 4), 1, (2, 2), desc="empty"),
            S(A(4, 6, view=T), 0, (3, 2), desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "narrow",
        both_forms("narrow"),
        [
            S(A(3, 5), 1, 1, 3, desc="basic"),
            S(A(3, 5), 0, -2, 2, desc="neg_start"),
            S(A(3, 5), -1, 0, 0, desc="empty_len"),
            S(A(3, 5), 1, 5, 0, desc="at_end"),
            S(A(3, 5), 1, I(high=3), 2, desc="tensor_start"),
            S(A(4, 6, view=T), 0, 1, 2, desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    _swap_row("swapaxes"),
    _swap_row("swapdims"),
    OpRow(
        "expand_as",
        [method("expand_as")],
        [
            S(A(3, 1), B(2, 3, 4), desc="new_dims"),
            S(A(), B(2, 3), desc="0d"),
            S(A(1, 3), B(0, 3), desc="to_empty"),
            S(A(4, 1, view=T), B(3, 4), desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "view_as",
        [method("view_as")],
        [
            S(A(3, 4), B(2, 6), desc="basic"),
            S(A(), B(1, 1), desc="0d"),
            S(A(0, 3), B(3, 0), desc="empty"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    # ------------------------------------------------------------------- ordering
    OpRow(
        "sort",
        both_forms("sort"),
        [
            S(A(3, 5, kind="distinct"), desc="default", dtypes=NUM),
            S(A(3, 5, kind="distinct"), 0, desc="dim0", dtypes=NUM),
            S(A(3, 5, kind="distinct"), kwargs={"descending": True}, desc="desc", dtypes=NUM),
            S(A(2, 3, 4, kind="distinct"), 1, True, desc="3d_desc", dtypes=NUM),
            S(A(kind="distinct"), desc="0d"),
            S(A(0, 3), desc="empty"),
            S(A(0, 3), 0, desc="empty_dim"),
            S(A(4, 6, kind="distinct", view=T), desc="noncontig", dtypes=NUM),
            # ties: the gradient follows the stable order (not differentiable there: no gradcheck)
            S(A(3, 8, kind="few"), kwargs={"stable": True}, desc="stable_ties", gradcheck=False),
            S(
                A(3, 8, kind="few"),
                kwargs={"stable": True, "descending": True},
                desc="stable_ties_desc",
                gradcheck=False,
            ),
            S(A(4, 6, kind="special"), kwargs={"stable": True}, desc="special", grad=False),
            S(
                A(4, 6, kind="special"),
                kwargs={"stable": True, "descending": True},
                desc="special_desc",
                grad=False,
            ),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "argsort",
        both_forms("argsort"),
        [
            S(A(3, 5, kind="distinct"), desc="default", dtypes=NUM),
            S(A(3, 5, kind="distinct"), 0, True, desc="dim0_desc", dtypes=NUM),
            S(A(kind="distinct"), desc="0d"),
            S(A(0, 3), desc="empty"),
            S(A(4, 6, kind="distinct", view=T), desc="noncontig", dtypes=NUM),
            S(A(3, 8, kind="few"), kwargs={"stable": True}, desc="stable_ties"),
            S(A(4, 6, kind="special"), kwargs={"stable": True, "descending": True}, desc="special"),
        ],
        dtypes=ALL,
        grad=False,
    ),
    OpRow(
        "topk",
        both_forms("topk"),
        [
            S(A(3, 5, kind="distinct"), 2, desc="k2"),
            S(A(3, 5, kind="distinct"), 2, 0, desc="dim0"),
            S(A(3, 5, kind="distinct"), 3, kwargs={"largest": False}, desc="smallest"),
            S(A(3, 5, kind="distinct"), 0, desc="k0"),
            S(A(3, 5, kind="distinct"), 5, desc="all"),
            S(A(2, 3, 4, kind="distinct"), 2, 1, desc="3d"),
            S(A(kind="distinct"), 1, desc="0d"),
            S(A(4, 6, kind="distinct", view=T), 2, desc="noncontig"),
            S(A(0, 3), 2, 1, desc="empty_batch"),
        ],
        dtypes=NUM,
        tol=TOL_EXACT,
    ),
    OpRow(
        "unique",
        both_forms("unique"),
        [
            S(A(3, 4, kind="few"), desc="default"),
            S(A(3, 4, kind="few"), kwargs={"return_inverse": True}, desc="inverse"),
            S(A(3, 4, kind="few"), kwargs={"return_counts": True}, desc="counts"),
            S(
                A(3, 4, kind="few"),
                kwargs={"return_inverse": True, "return_counts": True},
                desc="both",
            ),
            S(A(kind="few"), kwargs={"return_inverse": True}, desc="0d"),
            S(A(0, 3), kwargs={"return_inverse": True, "return_counts": True}, desc="empty"),
            S(A(4, 5, kind="few", view=T), kwargs={"return_counts": True}, desc="noncontig"),
            S(
                A(4, 5, kind="special"),
                kwargs={"return_inverse": True, "return_counts": True},
                desc="special",
            ),
        ],
        dtypes=ALL,
        grad=False,
    ),
]
