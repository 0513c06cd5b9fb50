"""Rows of the op table for convolution, pooling, padding and resampling; see op_table.py for the row format."""

from op_table import TOL_EXACT, TOL_MATH, TOL_SUM, A, OpRow, S, T, nnf

FL = ("float32", "float64")  # the non-constant pad modes are floating only
_PAD_NODE = {"reflect": "Reflection", "replicate": "Replication", "circular": "Circular"}
_UPSAMPLE_NODE = {
    "nearest": "Nearest",
    "nearest-exact": "NearestExact",
    "linear": "Linear",
    "bilinear": "Bilinear",
    "bicubic": "Bicubic",
    "trilinear": "Trilinear",
}


def _mode_pad(x, pad, mode, desc=None):
    """A pad sample of a non-constant mode (floating only): ``pad`` covers the last
    ``n = len(pad) // 2`` dims, torch records ``<Mode>Pad<n>DBackward0``, and the desc
    defaults to ``<mode><n>d``."""
    n = len(pad) // 2
    return S(
        x,
        pad,
        kwargs={"mode": mode},
        dtypes=FL,
        desc=desc or f"{mode}{n}d",
        grad_fn=f"{_PAD_NODE[mode]}Pad{n}DBackward0",
    )


def _upsample(x, mode, desc, align_corners=None, **size):
    """An interpolate sample: ``size`` is ``size=`` or ``scale_factor=``; ``mode`` None
    leaves the default (nearest); torch records ``Upsample<Mode><n>DBackward0`` for ``n``
    spatial dims."""
    kwargs = dict(size)
    if mode is not None:
        kwargs["mode"] = mode
    if align_corners is not None:
        kwargs["align_corners"] = align_corners
    node = f"Upsample{_UPSAMPLE_NODE[mode or 'nearest']}{len(x.shape) - 2}DBackward0"
    return S(x, kwargs=kwargs, desc=desc, grad_fn=node)

CONV = [
    OpRow(
        "conv1d",
        [nnf("conv1d")],
        [
            S(A(2, 3, 9), A(4, 3, 3), A(4), desc="basic"),
            S(
                A(1, 4, 10),
                A(6, 2, 3),
                A(6),
                kwargs={"stride": 2, "padding": 2, "dilation": 2, "groups": 2},
                desc="all",
            ),
            S(A(3, 7), A(2, 3, 2), desc="unbatched", grad_fn="SqueezeBackward1"),
            S(A(1, 3, 8), A(2, 3, 4), kwargs={"padding": "same"}, desc="same_even_kernel"),
            S(A(1, 8, 3, view=T), A(2, 3, 3), desc="noncontig"),
            S(A(0, 3, 5), A(2, 3, 3), A(2), desc="empty_batch", gradcheck=False),
        ],
        tol=TOL_SUM,
    ),
    OpRow(
        "conv3d",
        [nnf("conv3d")],
        [
            S(A(1, 2, 4, 5, 4), A(3, 2, 2, 3, 2), A(3), desc="basic"),
            S(
                A(2, 2, 5, 5, 5),
                A(2, 1, 3, 3, 3),
                kwargs={"stride": (2, 1, 2), "padding": 1, "groups": 2},
                desc="stride_groups",
            ),
            S(
                A(2, 4, 4, 4),
                A(2, 2, 1, 2, 3),
                kwargs={"dilation": (1, 2, 1)},
                desc="unbatched",
                grad_fn="SqueezeBackward1",
            ),
        ],
        tol=TOL_SUM,
    ),
    OpRow(
        "conv_transpose1d",
        [nnf("conv_transpose1d")],
        [
            S(A(2, 3, 5), A(3, 2, 3), A(2), desc="basic"),
            S(
                A(1, 4, 6),
                A(4, 3, 3),
                A(6),
                kwargs={"stride": 3, "padding": 1, "output_padding": 2, "groups": 2},
                desc="all",
            ),
            S(
                A(1, 2, 5),
                A(2, 2, 2),
                kwargs={"dilation": 3, "output_padding": 1},
                desc="op_lt_dilation",
            ),
            S(A(3, 4), A(3, 2, 3), desc="unbatched", grad_fn="SqueezeBackward1"),
        ],
        tol=TOL_SUM,
    ),
    OpRow(
        "conv_transpose2d",
        [nnf("conv_transpose2d")],
        [
            S(A(2, 3, 4, 5), A(3, 2, 3, 3), A(2), desc="basic"),
            S(
                A(1, 4, 3, 4),
                A(4, 1, 3, 2),
                A(4),
                kwargs={"stride": (2, 3), "padding": (1, 0), "output_padding": (1, 2), "groups": 4},
                desc="all",
            ),
            S(A(1, 2, 4, 4), A(2, 3, 2, 2), kwargs={"dilation": 2, "stride": 2}, desc="dilation"),
            S(A(1, 2, 5, 4, view=T), A(2, 2, 3, 3), desc="noncontig"),
        ],
        tol=TOL_SUM,
    ),
    OpRow(
        "conv_transpose3d",
        [nnf("conv_transpose3d")],
        [
            S(A(1, 2, 3, 3, 2), A(2, 2, 2, 2, 2), A(2), desc="basic"),
            S(
                A(1, 2, 2, 3, 2),
                A(2, 1, 3, 2, 2),
                kwargs={"stride": 2, "padding": 1, "output_padding": 1},
                desc="stride",
            ),
        ],
        tol=TOL_SUM,
    ),
]

POOL = [
    OpRow(
        "max_pool1d",
        [nnf("max_pool1d")],
        [
            S(A(2, 3, 9, kind="distinct"), 2, desc="k2"),
            S(
                A(1, 2, 10, kind="distinct"),
                3,
                kwargs={"stride": 2, "padding": 1, "dilation": 2},
                desc="all",
            ),
            S(A(1, 2, 9, kind="distinct"), 2, kwargs={"ceil_mode": True}, desc="ceil"),
            S(A(2, 7, kind="distinct"), 3, desc="unbatched"),
            S(A(1, 6, 2, kind="distinct", view=T), 2, desc="noncontig"),
            S(A(1, 2, 8, kind="distinct"), 2, kwargs={"return_indices": True}, desc="indices"),
        ],
        tol=TOL_EXACT,
    ),
    OpRow(
        "avg_pool1d",
        [nnf("avg_pool1d")],
        [
            S(A(2, 3, 9), 2, desc="k2"),
            S(A(1, 2, 10), 3, kwargs={"stride": 2, "padding": 1}, desc="pad"),
            S(
                A(1, 2, 10),
                3,
                kwargs={"stride": 2, "padding": 1, "count_include_pad": False, "ceil_mode": True},
                desc="no_pad_count_ceil",
            ),
            S(A(2, 7), 3, desc="unbatched"),
        ],
        tol=TOL_MATH,
    ),
    OpRow(
        "avg_pool2d",
        [nnf("avg_pool2d")],
        [
            S(A(2, 3, 6, 6), 2, desc="k2"),
            S(A(1, 2, 7, 8), (3, 2), kwargs={"stride": (2, 1), "padding": (1, 1)}, desc="pad"),
            S(
                A(1, 2, 7, 7),
                3,
                kwargs={"stride": 2, "padding": 1, "count_include_pad": False, "ceil_mode": True},
                desc="no_pad_count_ceil",
            ),
            S(
                A(1, 2, 6, 6),
                3,
                kwargs={"stride": 2, "padding": 1, "ceil_mode": True},
                desc="ceil_pad",
            ),
            S(A(1, 1, 5, 5), 2, kwargs={"divisor_override": 3}, desc="divisor"),
            S(A(2, 5, 5), 2, desc="unbatched"),
            S(A(1, 2, 6, 5, view=T), 2, desc="noncontig"),
        ],
        tol=TOL_MATH,
    ),
    OpRow(
        "adaptive_avg_pool1d",
        [nnf("adaptive_avg_pool1d")],
        [
            S(A(2, 3, 10), 4, desc="down"),
            S(A(1, 2, 3), 7, desc="up"),
            S(A(2, 9), 3, desc="unbatched"),
        ],
        tol=TOL_MATH,
    ),
    OpRow(
        "adaptive_avg_pool2d",
        [nnf("adaptive_avg_pool2d")],
        [
            S(A(2, 3, 7, 9), (3, 4), desc="down"),
            S(A(1, 2, 3, 2), 5, desc="up"),
            S(A(1, 2, 6, 5), (None, 2), desc="none"),
            S(A(1, 2, 5, 6), 1, desc="global"),
            S(A(2, 5, 5), 2, desc="unbatched"),
            S(A(1, 2, 6, 7, view=T), 3, desc="noncontig"),
        ],
        tol=TOL_MATH,
    ),
    OpRow(
        "adaptive_max_pool2d",
        [nnf("adaptive_max_pool2d")],
        [
            S(A(2, 3, 7, 9, kind="distinct"), (3, 4), desc="down"),
            S(A(1, 2, 5, 5, kind="distinct"), 2, kwargs={"return_indices": True}, desc="indices"),
            S(A(2, 5, 6, kind="distinct"), 3, desc="unbatched"),
            S(A(1, 1, 4, 4, kind="special"), 2, desc="special", grad=False),
        ],
        tol=TOL_EXACT,
    ),
]

RESAMPLE = [
    OpRow(
        "pad",
        [nnf("pad")],
        [
            S(A(2, 3, 4), (1, 2), desc="constant"),
            S(A(2, 3, 4), (1, -1, 2, 0), kwargs={"value": 1.5}, desc="crop_value"),
            S(A(2, 3, 4, 2), (1, 1, 0, 1, 2, 0, 1, 0), desc="all_dims"),
            S(A(2, 3), (0, 0), desc="zero_pad"),
            _mode_pad(A(2, 3, 5), (2, 3), "reflect"),
            _mode_pad(A(1, 2, 4, 5), (1, 2, 3, 1), "reflect"),
            _mode_pad(A(2, 4, 5), (1, 2, 3, 1), "reflect", desc="reflect2d_unbatched"),
            _mode_pad(A(1, 1, 3, 3, 4), (1, 2, 2, 1, 1, 1), "reflect"),
            _mode_pad(A(1, 2, 4, 5), (2, 3, 1, 4), "replicate"),
            _mode_pad(A(2, 3, 5), (3, 1), "replicate"),
            _mode_pad(A(1, 1, 2, 3, 4), (1, 2, 1, 1, 2, 0), "replicate"),
            _mode_pad(A(1, 2, 4, 5), (2, 3, 1, 4), "circular"),
            _mode_pad(A(2, 3, 5), (5, 1), "circular"),
            _mode_pad(A(1, 2, 6, 5, view=T), (1, 2, 3, 1), "reflect", desc="noncontig"),
            S(A(0, 3, 4), (1, 1), desc="empty"),
        ],
        dtypes=("float32", "float64", "int64", "bool"),
        tol=TOL_EXACT,
    ),
    OpRow(
        "interpolate",
        [nnf("interpolate")],
        [
            S(A(2, 3, 4, 5), kwargs={"scale_factor": 2}, desc="nearest_x2"),
            S(A(1, 2, 5, 4), kwargs={"size": (7, 3)}, desc="nearest_size"),
            S(A(1, 2, 5, 4), kwargs={"scale_factor": 1.7}, desc="nearest_frac"),
            _upsample(A(1, 2, 5), None, "nearest1d", size=8),
            _upsample(A(1, 2, 3, 4, 2), None, "nearest3d", scale_factor=(2, 1, 3)),
            _upsample(A(1, 2, 5, 4), "nearest-exact", "nearest_exact", size=(7, 9)),
            _upsample(A(1, 2, 6), "linear", "linear", size=11),
            _upsample(A(1, 2, 6), "linear", "linear_ac", size=4, align_corners=True),
            _upsample(A(2, 2, 4, 5), "bilinear", "bilinear_x2", scale_factor=2),
            _upsample(A(1, 2, 5, 4), "bilinear", "bilinear_ac", size=(3, 7), align_corners=True),
            _upsample(A(1, 2, 5, 4), "bilinear", "bilinear_frac", scale_factor=1.5),
            _upsample(A(1, 2, 4, 5), "bicubic", "bicubic_x2", scale_factor=2),
            _upsample(A(1, 2, 5, 4), "bicubic", "bicubic_ac", size=(3, 7), align_corners=True),
            _upsample(A(1, 1, 3, 4, 2), "trilinear", "trilinear", size=(5, 3, 4)),
            _upsample(A(1, 2, 6, 5, view=T), "bilinear", "noncontig", scale_factor=2),
            S(
                A(1, 2, 6, 6),
                kwargs={"size": (3, 2), "mode": "area"},
                desc="area",
                grad_fn="AdaptiveAvgPool2DBackward0",
            ),
        ],
        tol=TOL_MATH,
    ),
    OpRow(
        "pixel_shuffle",
        [nnf("pixel_shuffle")],
        [
            S(A(2, 8, 3, 2), 2, desc="r2"),
            S(A(9, 2, 2), 3, desc="unbatched"),
            S(A(2, 1, 4, 2, 2), 2, desc="5d"),
        ],
        tol=TOL_EXACT,
    ),
    OpRow(
        "pixel_unshuffle",
        [nnf("pixel_unshuffle")],
        [
            S(A(2, 2, 6, 4), 2, desc="r2"),
            S(A(1, 6, 3), 3, desc="unbatched"),
        ],
        tol=TOL_EXACT,
    ),
    OpRow(
        "unfold",
        [nnf("unfold")],
        [
            S(A(2, 3, 5, 6), 2, desc="k2"),
            S(
                A(1, 2, 7, 6),
                (3, 2),
                kwargs={"dilation": (1, 2), "padding": 1, "stride": (2, 1)},
                desc="all",
            ),
            S(A(2, 4, 4), 3, desc="unbatched"),
            S(A(1, 2, 6, 5, view=T), 2, desc="noncontig"),
        ],
        tol=TOL_EXACT,
    ),
    OpRow(
        "fold",
        [nnf("fold")],
        [
            S(A(2, 12, 12), (4, 5), 2, desc="k2"),
            S(
                A(1, 12, 12),
                (7, 6),
                (3, 2),
                kwargs={"dilation": (1, 2), "padding": 1, "stride": (2, 2)},
                desc="all",
            ),
            S(A(8, 4), (3, 3), 2, desc="unbatched"),
            S(A(1, 6, 8, view=T), (4, 4), (2, 2), kwargs={"stride": (2, 1)}, desc="noncontig"),
        ],
        tol=TOL_SUM,
    ),
]

ROWS = CONV + POOL + RESAMPLE
