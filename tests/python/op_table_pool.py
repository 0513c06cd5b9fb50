"""Rows of the op table for the 3-d pools and max unpooling; see op_table.py for the row format."""

from op_table import NUM, TOL_EXACT, TOL_MATH, A, OpRow, S, T, nnf


def STEP3(t):
    """Every second element of the last dim of a 5-d tensor: non-contiguous, stride 2."""
    return t[..., ::2]


def CL3(t):
    """A channels_last_3d view: (N, D, H, W, C) storage seen as (N, C, D, H, W)."""
    return t.permute(0, 4, 1, 2, 3)


def unpool(n):
    """max_unpool<n>d of the max_pool<n>d (kernel 2) of x: indices that are valid and distinct
    per volume, so the values and the gradient (through both ops) are well defined."""

    def call(lib, x, **kw):
        F = lib.nn.functional
        values, idx = getattr(F, f"max_pool{n}d")(x, 2, return_indices=True)
        return getattr(F, f"max_unpool{n}d")(values, idx, 2, **kw)

    call.__name__ = f"unpool{n}d"
    return call


def fractional(lib, x, u, *a, **kw):
    """fractional_max_pool2d with _random_samples (u + 2) / 4.01 in [0, 1) (u in [-2, 2))."""
    return lib.nn.functional.fractional_max_pool2d(x, *a, _random_samples=(u + 2) / 4.01, **kw)


ROWS = [
    OpRow(
        "max_pool3d",
        [nnf("max_pool3d")],
        [
            S(A(2, 3, 4, 5, 6, kind="distinct"), 2, desc="k2"),
            S(
                A(1, 2, 6, 7, 7, kind="distinct"),
                (2, 3, 3),
                kwargs={"stride": (1, 2, 2), "padding": (1, 1, 0), "dilation": (1, 1, 2)},
                desc="all",
            ),
            S(A(1, 2, 5, 5, 5, kind="distinct"), 2, kwargs={"ceil_mode": True}, desc="ceil"),
            S(
                A(1, 1, 6, 6, 6, kind="distinct"),
                3,
                kwargs={"stride": 2, "padding": 1, "ceil_mode": True},
                desc="ceil_pad",
            ),
            S(A(2, 4, 5, 6, kind="distinct"), 3, desc="unbatched"),
            S(A(1, 2, 4, 6, 5, kind="distinct", view=T), 2, desc="noncontig"),
            S(A(1, 4, 4, 6, 3, kind="distinct", view=CL3), 2, desc="channels_last"),
            S(A(1, 2, 4, 4, 4, kind="distinct"), 2, kwargs={"return_indices": True}, desc="indices"),
            S(A(0, 2, 4, 4, 4), 2, desc="empty_batch", gradcheck=False),
            S(A(1, 1, 3, 3, 3, kind="special"), 2, desc="special", grad=False),
        ],
        dtypes=NUM,
        tol=TOL_EXACT,
    ),
    OpRow(
        "avg_pool3d",
        [nnf("avg_pool3d")],
        [
            S(A(2, 3, 4, 4, 6), 2, desc="k2"),
            S(A(1, 2, 5, 7, 6), (3, 2, 3), kwargs={"stride": (2, 1, 2), "padding": (1, 1, 1)}, desc="pad"),
            S(
                A(1, 2, 5, 7, 7),
                3,
                kwargs={"stride": 2, "padding": 1, "count_include_pad": False, "ceil_mode": True},
                desc="no_pad_count_ceil",
            ),
            S(A(1, 2, 6, 6, 6), 3, kwargs={"stride": 2, "padding": 1, "ceil_mode": True}, desc="ceil_pad"),
            S(A(1, 1, 4, 5, 5), 2, kwargs={"divisor_override": 3}, desc="divisor"),
            S(A(2, 4, 5, 5), 2, desc="unbatched"),
            S(A(1, 2, 4, 6, 5, view=T), 2, desc="noncontig"),
            S(A(1, 4, 4, 6, 3, view=CL3), 2, desc="channels_last"),
            S(A(0, 2, 4, 4, 4), 2, desc="empty_batch", gradcheck=False),
        ],
        dtypes=NUM,
        tol=TOL_MATH,
    ),
    OpRow(
        "adaptive_avg_pool3d",
        [nnf("adaptive_avg_pool3d")],
        [
            S(A(2, 3, 5, 7, 9), (2, 3, 4), desc="down"),
            S(A(1, 2, 2, 3, 2), (3, 5, 4), desc="up"),
            S(A(1, 2, 4, 6, 5), (None, 2, None), desc="none"),
            S(A(1, 2, 3, 5, 6), 1, desc="global"),
            S(A(2, 4, 5, 5), 2, desc="unbatched"),
            S(A(1, 2, 4, 6, 7, view=T), 3, desc="noncontig"),
            S(A(1, 5, 4, 6, 3, view=CL3), (2, 3, 2), desc="channels_last"),
            S(A(0, 2, 4, 4, 4), 2, desc="empty_batch", gradcheck=False),
        ],
        tol=TOL_MATH,
    ),
    OpRow(
        "adaptive_max_pool3d",
        [nnf("adaptive_max_pool3d")],
        [
            S(A(2, 3, 5, 7, 9, kind="distinct"), (2, 3, 4), desc="down"),
            S(A(1, 2, 2, 3, 2, kind="distinct"), (3, 5, 4), desc="up"),
            S(A(1, 2, 4, 5, 5, kind="distinct"), 2, kwargs={"return_indices": True}, desc="indices"),
            S(A(2, 4, 5, 6, kind="distinct"), 3, desc="unbatched"),
            S(A(1, 2, 4, 6, 7, kind="distinct", view=T), 3, desc="noncontig"),
            S(A(1, 5, 4, 6, 3, kind="distinct", view=CL3), 2, desc="channels_last"),
            S(A(0, 2, 4, 4, 4), 2, desc="empty_batch", gradcheck=False),
            S(A(1, 1, 4, 4, 4, kind="special"), 2, desc="special", grad=False),
        ],
        tol=TOL_EXACT,
    ),
    OpRow(
        "fractional_max_pool2d",
        [fractional],
        [
            S(A(2, 3, 9, 8, kind="distinct"), A(2, 3, 2, grad=False), 2, kwargs={"output_size": (4, 5)}, desc="k2"),
            S(A(1, 2, 10, 9, kind="distinct"), A(1, 2, 2, grad=False), (3, 2), kwargs={"output_ratio": (0.5, 0.7)},
              desc="ratio"),
            S(A(1, 2, 7, 7, kind="distinct"), A(1, 2, 2, grad=False), 2, kwargs={"output_size": 6,
              "return_indices": True}, desc="indices_dense"),
            S(A(3, 8, 8, kind="distinct"), A(1, 3, 2, grad=False), 3, kwargs={"output_size": 3}, desc="unbatched"),
            S(A(1, 2, 8, 6, kind="distinct", view=T), A(1, 2, 2, grad=False), 2, kwargs={"output_size": 3},
              desc="noncontig"),
            S(A(0, 2, 6, 6), A(1, 2, 2, grad=False), 2, kwargs={"output_size": 3}, desc="empty_batch",
              gradcheck=False),
        ],
        tol=TOL_EXACT,
    ),
    OpRow(
        "max_unpool2d",
        [unpool(2)],
        [
            S(A(2, 3, 4, 6, kind="distinct"), desc="k2"),
            S(A(1, 2, 5, 7, kind="distinct"), kwargs={"output_size": (5, 7)}, desc="output_size"),
            S(A(3, 4, 6, kind="distinct"), desc="unbatched"),
            S(A(1, 2, 6, 4, kind="distinct", view=T), desc="noncontig"),
            S(A(0, 2, 4, 4), desc="empty_batch", gradcheck=False),
        ],
        tol=TOL_EXACT,
    ),
    OpRow(
        "max_unpool3d",
        [unpool(3)],
        [
            S(A(2, 3, 4, 4, 6, kind="distinct"), desc="k2"),
            S(A(1, 2, 5, 4, 7, kind="distinct"), kwargs={"output_size": (5, 4, 7)}, desc="output_size"),
            S(A(2, 4, 4, 4, kind="distinct"), desc="unbatched"),
            S(A(1, 2, 4, 6, 4, kind="distinct", view=T), desc="noncontig"),
            S(A(0, 2, 4, 4, 4), desc="empty_batch", gradcheck=False),
        ],
        tol=TOL_EXACT,
    ),
]
