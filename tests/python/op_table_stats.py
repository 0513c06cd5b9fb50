"""Rows of the op table for the statistics / sorting / searching family (median, kthvalue,
mode, quantile, nansum, cummax, searchsorted, histc, ...); see op_table.py for the row format.

Selections on inputs with ties ("few" values) compare the reported indices with torch's too:
pyt runs torch's selection algorithms, so the index chosen among equal values is torch's.
"""

from op_table import *  # A, S, OpRow, fn, method, the sample helpers
from op_table import ALL, FLOATS, OPLIST, NUM, STEP, TOL_EXACT, TOL_MATH, TOL_SUM, T, I

INTS = ("int64",)
SEL = ("float32", "float64", "int64")


def Q01(t):
    """(-2, 2) -> (0, 1): quantile levels."""
    return (t + 2) / 4


def SORTED(t):
    """The tensor sorted along its last dim (a sorted sequence for searchsorted)."""
    return t.sort(-1).values


def _searchsorted_sorter(lib, seq, values, **kw):
    """searchsorted of an unsorted sequence through sorter = argsort(seq)."""
    return lib.searchsorted(seq, values, sorter=lib.argsort(seq, stable=True), **kw)


_searchsorted_sorter.__name__ = "searchsorted_sorter"


def _selection_samples(node_dim, k=None, dim=()):
    """Samples of a (values, indices) selection along a dim; k: kthvalue's k argument; dim:
    the dim of the samples that use the default one (median needs it given)."""
    ka = () if k is None else (k,)
    kd = ka + tuple(dim)
    node_dim = OPLIST if node_dim is None else node_dim
    return [
        S(A(3, 5, kind="distinct"), *kd, desc="default", grad_fn=node_dim),
        S(A(3, 5, kind="distinct"), *ka, 0, desc="dim0", grad_fn=node_dim),
        S(A(2, 3, 4, kind="distinct"), *ka, 1, True, desc="dim1_keep", grad_fn=node_dim),
        S(A(kind="distinct"), *((1,) if k else ()), *dim, desc="0d", grad_fn=node_dim),
        S(A(4, 6, kind="distinct", view=T), *kd, desc="noncontig", grad_fn=node_dim),
        S(A(5, 8, kind="distinct", view=STEP), *ka, 0, desc="step", grad_fn=node_dim),
        S(A(0, 5), *ka, 1, desc="empty_batch", grad_fn=node_dim, gradcheck=False),
        # ties: values and torch's index among equal values (not differentiable there)
        S(A(4, 9, kind="few"), *kd, desc="ties", grad_fn=node_dim, gradcheck=False),
        S(A(3, 41, kind="few"), *((k * 6,) if k else ()), *dim, desc="ties_long", grad=False),
        S(A(4, 6, kind="special"), *kd, desc="special", grad=False),
    ]


_MEDIAN_ALL = [
    S(A(3, 5, kind="distinct"), desc="all"),
    S(A(kind="distinct"), desc="all_0d"),
    S(A(4, 6, kind="distinct", view=T), desc="all_noncontig"),
    S(A(3, 4, kind="few"), desc="all_ties", gradcheck=False),
    S(A(0, 3), desc="all_empty", grad=False, dtypes=FLOATS),
    S(A(4, 5, kind="special"), desc="all_special", grad=False),
    S(A(7, 9, kind="few"), desc="all_ties_long", grad=False),
]

_Q_SAMPLES = [
    S(A(3, 5), 0.3, desc="scalar_q"),
    S(A(3, 5), 0.0, desc="q0"),
    S(A(3, 5), 1.0, desc="q1"),
    S(A(3, 5), A(4, view=Q01), desc="tensor_q"),
    S(A(3, 5), A(view=Q01), desc="tensor_q_0d"),
    S(A(3, 5), 0.4, 1, desc="dim1"),
    S(A(2, 3, 4), A(3, view=Q01), 1, True, desc="dim1_keep_qvec"),
    S(A(2, 3, 4), 0.7, kwargs={"keepdim": True}, desc="keep_nodim"),
    S(A(), 0.5, desc="0d"),
    S(A(), 0.5, 0, True, desc="0d_dim"),
    S(A(4, 6, view=T), 0.25, 0, desc="noncontig"),
    *[
        S(A(3, 6), A(5, view=Q01, grad=False), 1, kwargs={"interpolation": m}, desc=m)
        for m in ("lower", "higher", "midpoint", "nearest")
    ],
    S(A(4, 6, kind="special"), 0.5, 1, desc="special", grad=False),
    S(A(4, 6, kind="special"), A(3, view=Q01, grad=False), desc="special_qvec", grad=False),
]

ROWS = [
    # ------------------------------------------------------------------ selections
    OpRow(
        "median",
        both_forms("median"),
        _MEDIAN_ALL + _selection_samples("MedianBackward1", dim=(-1,)),
        dtypes=SEL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "nanmedian",
        both_forms("nanmedian"),
        _MEDIAN_ALL
        + _selection_samples("NanmedianBackward1", dim=(-1,))
        + [S(A(3, 4, kind="special"), desc="all_nan", dtypes=FLOATS, grad=False)],
        dtypes=SEL,
        tol=TOL_EXACT,
    ),
    OpRow("kthvalue", both_forms("kthvalue"), _selection_samples(None, k=2), dtypes=SEL, tol=TOL_EXACT),
    OpRow(
        "mode",
        both_forms("mode"),
        _selection_samples(None) + [S(A(3, 7, kind="few"), 0, desc="bool_cols", dtypes=("bool",), grad=False)],
        dtypes=SEL + ("bool",),
        tol=TOL_EXACT,
    ),
    OpRow("quantile", both_forms("quantile"), _Q_SAMPLES, dtypes=FLOATS, tol=TOL_MATH),
    OpRow(
        "nanquantile",
        both_forms("nanquantile"),
        _Q_SAMPLES + [S(A(4, 6, kind="special"), 0.5, 1, kwargs={"interpolation": "nearest"}, desc="special_nearest", grad=False)],
        dtypes=FLOATS,
        tol=TOL_MATH,
    ),
    # -------------------------------------------------------- NaN-aware reductions
    OpRow(
        "nansum",
        both_forms("nansum"),
        [
            S(A(3, 4), desc="all"),
            S(A(), desc="0d"),
            S(A(0, 3), desc="empty"),
            S(A(2, 3, 4), 1, desc="dim1"),
            S(A(2, 3, 4), (0, 2), True, desc="dims_keep"),
            S(A(4, 6, view=T), 0, desc="noncontig"),
            S(A(4, 5, kind="special"), desc="special", gradcheck=False),
            S(A(4, 5, kind="special"), 1, desc="special_dim", gradcheck=False),
            S(A(3, 4), 1, kwargs={"dtype": Dt("float64")}, desc="dtype", dtypes=FLOATS),
            S(A(3, 4), kwargs={"dtype": Dt("float64")}, desc="int_dtype", dtypes=("int64", "bool"), grad=False),
        ],
        dtypes=ALL,
        tol=TOL_SUM,
    ),
    OpRow(
        "nanmean",
        both_forms("nanmean"),
        [
            S(A(3, 4), desc="all"),
            S(A(), desc="0d"),
            S(A(0, 3), desc="empty", grad=False),
            S(A(2, 3, 4), 1, desc="dim1"),
            S(A(2, 3, 4), (0, 2), True, desc="dims_keep"),
            S(A(4, 6, view=T), 0, desc="noncontig"),
            S(A(4, 5, kind="special"), 1, desc="special_dim", gradcheck=False),
            S(A(3, 4), 1, kwargs={"dtype": Dt("float64")}, desc="dtype"),
        ],
        dtypes=FLOATS,
        tol=TOL_SUM,
    ),
    # ----------------------------------------------------------------- cumulative
    *[
        OpRow(
            name,
            both_forms(name),
            [
                S(A(3, 6, kind="distinct"), 1, desc="dim1"),
                S(A(3, 6, kind="distinct"), 0, desc="dim0"),
                S(A(2, 3, 4, kind="distinct"), -2, desc="3d"),
                S(A(kind="distinct"), 0, desc="0d"),
                S(A(0, 3), 1, desc="empty"),
                S(A(4, 6, kind="distinct", view=T), 1, desc="noncontig"),
                S(A(3, 9, kind="few"), 1, desc="ties", gradcheck=False),
                S(A(4, 6, kind="special"), 1, desc="special", grad=False),
            ],
            dtypes=ALL,
            tol=TOL_EXACT,
        )
        for name in ("cummax", "cummin")
    ],
    OpRow(
        "logcumsumexp",
        both_forms("logcumsumexp"),
        [
            S(A(3, 6), 1, desc="dim1"),
            S(A(3, 6), 0, desc="dim0"),
            S(A(), 0, desc="0d"),
            S(A(0, 3), 1, desc="empty"),
            S(A(4, 6, view=T), 1, desc="noncontig"),
            S(A(3, 5, kind="logits_big"), 1, desc="big", gradcheck=False),
            S(A(4, 6, kind="special"), 1, desc="special", grad=False),
        ],
        dtypes=FLOATS,
        tol=TOL_MATH,
    ),
    # ------------------------------------------------------------------ searching
    OpRow(
        "searchsorted",
        [fn("searchsorted"), _searchsorted_sorter],
        [
            # unsorted sequences: the plain call runs the same deterministic binary search as torch
            S(A(9, kind="few"), A(3, 4, kind="few"), desc="sorter"),
            S(A(9, kind="few"), A(3, 4, kind="few"), kwargs={"right": True}, desc="sorter_right"),
            S(A(2, 7), A(2, 5), desc="sorter_nd"),
            S(A(7, kind="few", view=SORTED), A(3, 4, kind="few"), desc="1d_seq"),
            S(A(7, kind="few", view=SORTED), A(3, 4, kind="few"), kwargs={"right": True}, desc="right"),
            S(A(7, kind="few", view=SORTED), A(3, 4, kind="few"), kwargs={"side": "right"}, desc="side_right"),
            S(A(7, kind="few", view=SORTED), A(3, 4, kind="few"), kwargs={"side": "left", "out_int32": True},
              desc="int32"),
            S(A(2, 3, 6, view=SORTED), A(2, 3, 4), desc="nd_seq"),
            S(A(2, 3, 6, view=SORTED), A(2, 3, 4), kwargs={"right": True}, desc="nd_seq_right"),
            S(A(6, view=SORTED), A(), desc="0d_values"),
            S(A(6, view=SORTED), 0, desc="scalar_int"),
            S(A(6, view=SORTED), 0.5, desc="scalar_float"),
            S(A(6, view=SORTED), A(0, 3), desc="empty_values"),
            S(A(0), A(3), desc="empty_seq"),
            S(A(8, view=SORTED), A(4, 6, view=T), desc="noncontig"),
            S(A(6, kind="special", view=SORTED), A(3, 4, kind="special"), desc="special"),
        ],
        dtypes=NUM,
        grad=False,
    ),
    OpRow(
        "bucketize",
        [fn("bucketize")],
        [
            S(A(3, 4, kind="few"), A(5, kind="few", view=SORTED), desc="basic"),
            S(A(3, 4, kind="few"), A(5, kind="few", view=SORTED), kwargs={"right": True}, desc="right"),
            S(A(3, 4), A(5, view=SORTED), kwargs={"out_int32": True}, desc="int32"),
            S(A(), A(5, view=SORTED), desc="0d"),
            S(1, A(5, view=SORTED), desc="scalar"),
            S(A(0, 2), A(5, view=SORTED), desc="empty"),
            S(A(4, 6, view=T), A(5, view=SORTED), desc="noncontig"),
        ],
        dtypes=NUM,
        grad=False,
    ),
    OpRow(
        "histc",
        both_forms("histc"),
        [
            S(A(30), desc="default"),
            S(A(3, 10), 10, -1, 1, desc="range"),
            S(A(40, kind="few"), 4, desc="few_edges"),
            S(A(40, kind="few"), kwargs={"bins": 3, "min": -1, "max": 1}, desc="kw"),
            S(A(0), 5, desc="empty"),
            S(A(), 4, desc="0d"),
            S(A(4, 6, view=T), 7, -2, 2, desc="noncontig"),
            S(A(5, 8, kind="special"), 6, -2, 2, desc="special_range"),
        ],
        dtypes=FLOATS,
        grad=False,
        tol=TOL_EXACT,
    ),
    OpRow(
        "bincount",
        both_forms("bincount"),
        [
            S(I(20, high=7), desc="default"),
            S(I(20, high=7), kwargs={"minlength": 10}, desc="minlength"),
            S(I(20, high=7), A(20), desc="weights"),
            S(I(20, high=7), A(20, dtype="int64"), desc="int_weights"),
            S(I(0, high=3), kwargs={"minlength": 4}, desc="empty"),
            S(I(12, high=5, ), kwargs={"minlength": 2}, desc="short_minlength"),
        ],
        dtypes=FLOATS,
        grad=False,
        tol=TOL_SUM,
    ),
    OpRow(
        "isin",
        [fn("isin")],
        [
            S(A(3, 4, kind="few"), A(3, kind="few"), desc="basic"),
            S(A(3, 4, kind="few"), A(2, 2, kind="few"), kwargs={"invert": True}, desc="invert"),
            S(A(3, 4, kind="few"), A(3, kind="few"), kwargs={"assume_unique": True}, desc="assume_unique"),
            S(A(3, 4, kind="few"), 0, desc="scalar_test"),
            S(1, A(3, kind="few"), desc="scalar_elements"),
            S(A(), A(3, kind="few"), desc="0d"),
            S(A(0, 3), A(3), desc="empty"),
            S(A(3, 4), A(0), desc="empty_test"),
            S(A(4, 6, kind="few", view=T), A(5, kind="few", view=STEP), desc="noncontig"),
            S(A(4, 5, kind="special"), A(6, kind="special"), desc="special"),
        ],
        dtypes=NUM,
        grad=False,
    ),
    OpRow(
        "argwhere",
        both_forms("argwhere"),
        [
            S(A(3, 4, kind="few"), desc="2d"),
            S(A(2, 3, 4, kind="few"), desc="3d"),
            S(A(kind="pos"), desc="0d"),
            S(A(0, 3), desc="empty"),
            S(A(4, 6, kind="few", view=T), desc="noncontig"),
            S(A(4, 5, kind="special"), desc="special"),
        ],
        dtypes=ALL,
        grad=False,
    ),
    OpRow(
        "unique_consecutive",
        both_forms("unique_consecutive"),
        [
            S(A(12, kind="few"), desc="default"),
            S(A(12, kind="few", view=SORTED), kwargs={"return_inverse": True, "return_counts": True}, desc="sorted"),
            S(A(3, 4, kind="few"), kwargs={"return_inverse": True}, desc="2d_inverse"),
            S(A(6, 2, kind="few"), kwargs={"dim": 0, "return_inverse": True, "return_counts": True}, desc="dim0"),
            S(A(2, 6, kind="few"), kwargs={"dim": 1, "return_counts": True}, desc="dim1"),
            S(A(kind="few"), kwargs={"return_inverse": True}, desc="0d"),
            S(A(0, 3), kwargs={"return_inverse": True, "return_counts": True}, desc="empty"),
            S(A(0, 3), kwargs={"dim": 0, "return_inverse": True, "return_counts": True}, desc="empty_dim"),
            S(A(4, 5, kind="few", view=T), kwargs={"return_counts": True}, desc="noncontig"),
            S(A(10, kind="special"), kwargs={"return_counts": True}, desc="special"),
        ],
        dtypes=ALL,
        grad=False,
    ),
]
