"""Rows of the op table for the indexing family (index_put, scatter_reduce, index_copy,
index_fill, take, put); see op_table.py for the row format.

Fixed index values are given as ``Ix`` (a tuple of ints, or nested tuples): the calls below
turn them into an int64 tensor of the library under test. Random ``I`` indices may repeat,
and a written-over duplicate has no effect on the result, so finite differences disagree
with the (shared) formula of torch and pyt there: such samples skip gradcheck.
"""

from op_table import ALL, NUM, TOL_EXACT, TOL_MATH, A, B, I, OpRow, S, T


class Ix(tuple):
    """A fixed int64 index: Ix((3, 0, 2)) -> lib.tensor([3, 0, 2])."""


def _conv(lib, x):
    if isinstance(x, Ix):
        return lib.tensor([list(v) if isinstance(v, tuple) else v for v in x], dtype=lib.int64)
    if isinstance(x, list):
        return [_conv(lib, v) for v in x]
    return x


def fn_ix(name):
    """lib.<name>(*args) with Ix arguments made tensors."""

    def call(lib, *a, **k):
        return getattr(lib, name)(*[_conv(lib, x) for x in a], **k)

    call.__name__ = f"fn_{name}"
    return call


def method_ix(name):
    """args[0].<name>(*args[1:]) with Ix arguments made tensors."""

    def call(lib, *a, **k):
        a = [_conv(lib, x) for x in a]
        return getattr(a[0], name)(*a[1:], **k)

    call.__name__ = f"method_{name}"
    return call


def inplace_ix(name):
    """A clone of args[0], then its in-place <name>_ (the in-place variant's values)."""

    def call(lib, *a, **k):
        a = [_conv(lib, x) for x in a]
        return getattr(a[0].clone(), name + "_")(*a[1:], **k)

    call.__name__ = f"inplace_{name}"
    return call


def forms(name):
    return [fn_ix(name), method_ix(name), inplace_ix(name)]


def _scatter_reduce_samples():
    out = []
    for red, kind in (("sum", "float"), ("prod", "nonzero"), ("mean", "float"), ("amax", "distinct"),
                      ("amin", "distinct")):
        dts = NUM if red == "mean" else None
        out += [
            S(A(3, 5, kind=kind), 1, I(3, 4, high=5), A(3, 4, kind=kind), red, desc=red, dtypes=dts),
            S(A(3, 5, kind=kind), 0, I(2, 5, high=3), A(2, 5, kind=kind), red, kwargs={"include_self": False},
              desc=f"{red}_noself", dtypes=dts),
        ]
    out += [
        S(A(5, 3, kind="distinct", view=T), 1, I(3, 4, high=5), A(3, 4, kind="distinct"), "amax",
          desc="noncontig"),
        S(A(3, 5), 1, I(3, 0, high=5), A(3, 0), "mean", desc="empty", dtypes=NUM),
        S(A(), 0, I(high=1), A(), "sum", desc="0d"),
        S(A(3, 5, kind="nonzero"), 1, Ix(((0, 0, 0, 2),) * 3), A(3, 4, kind="nonzero"), "prod",
          desc="prod_src_larger", dtypes=NUM, compare_grad=False),
        # zeros in a product: one zero (the others' product) and two zeros (0) per position
        S(A(2, 4, kind="few"), 1, Ix(((0, 0, 1, 1), (2, 2, 2, 3))), A(2, 4, kind="few"), "prod",
          desc="prod_zeros", dtypes=("float64",), gradcheck=False),
    ]
    return out


ROWS = [
    OpRow(
        "index_put",
        [fn_ix("index_put"), method_ix("index_put"), inplace_ix("index_put")],
        [
            S(A(5, 3), [Ix((4, 0, 2))], A(3, 3), desc="dim0"),
            S(A(5, 3), [Ix((4, -5, 2))], A(3), desc="bcast_values_neg"),
            S(A(4, 5, 3), [Ix((1, 3)), Ix((4, 0))], A(2, 3), desc="two"),
            S(A(4, 5, 3), [Ix(((1,), (3,))), Ix((4, 0, 2))], A(2, 3, 3), desc="bcast_indices"),
            S(A(5, 3), [I(7, high=5)], A(7, 3), kwargs={"accumulate": True}, desc="accumulate_dups"),
            S(A(4, 5), [I(3, high=4), I(3, high=5)], A(3), kwargs={"accumulate": True},
              desc="accumulate_two"),
            S(A(5, 3), [I(4, high=5)], A(4, 3), desc="dups", gradcheck=False),
            S(A(5, 3), [I(0, high=5)], A(0, 3), desc="empty"),
            S(A(3, 4), [B(3, 4)], A(), desc="mask"),
            S(A(3, 5, view=T), [Ix((1, 4))], A(2, 3), desc="noncontig"),
            S(A(3), [Ix(())], A(), desc="0d_index_of_1d"),
        ],
        dtypes=ALL,
        tol=TOL_MATH,
    ),
    OpRow("scatter_reduce", forms("scatter_reduce"), _scatter_reduce_samples(), dtypes=ALL, tol=TOL_MATH),
    OpRow(
        "index_copy",
        forms("index_copy"),
        [
            S(A(5, 3), 0, Ix((4, 0, 2)), A(3, 3), desc="dim0"),
            S(A(3, 5), 1, Ix((1, -5 + 5, 3)), A(3, 3), desc="dim1"),
            S(A(5, 3), -2, I(4, high=5), A(4, 3), desc="dups", gradcheck=False),
            S(A(5, 3), 0, Ix(()), A(0, 3), desc="empty"),
            S(A(3, 5, view=T), 1, Ix((2,)), A(1, 5, view=T), desc="noncontig"),
            S(A(), 0, Ix((0,)), A(), desc="0d"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "index_fill",
        forms("index_fill"),
        [
            S(A(5, 3), 0, Ix((4, 0, 4)), 1.5, desc="dim0", dtypes=("float32", "float64")),
            S(A(3, 5), -1, Ix((1, -1)), 2, desc="dim1_neg"),
            S(A(3, 5), 1, Ix(()), -1, desc="empty"),
            S(A(5, 3, view=T), 1, Ix((0, 2)), True, desc="noncontig_bool"),
            S(A(), 0, Ix((0,)), 3, desc="0d"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "take",
        [fn_ix("take"), method_ix("take")],
        [
            S(A(3, 4), I(5, high=12), desc="2d"),
            S(A(3, 4), Ix(((0, -1), (11, -12))), desc="2d_index_neg"),
            S(A(4, 3, view=T), I(2, 3, high=12), desc="noncontig"),
            S(A(), Ix((0, 0)), desc="0d"),
            S(A(3, 4), I(0, high=12), desc="empty"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "put",
        [method_ix("put"), inplace_ix("put")],
        [
            S(A(3, 4), Ix((0, 5, -1)), A(3), desc="2d"),
            S(A(3, 4), Ix(((0, 5), (5, 0))), A(2, 2), kwargs={"accumulate": True}, desc="accumulate"),
            S(A(4, 3, view=T), Ix((1, 7)), A(2), desc="noncontig"),
            S(A(3, 4), I(6, high=12), A(6), desc="dups", gradcheck=False),
            S(A(), Ix((0,)), A(1), desc="0d"),
        ],
        dtypes=NUM,
        tol=TOL_MATH,
    ),
]
