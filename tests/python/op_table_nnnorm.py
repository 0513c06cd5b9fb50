"""Rows of the op table for the nn_norm family (activations, normalisations, embeddings); see op_table.py for the row format."""

from op_table import (
    STEP,
    I,
    TOL_SUM,
    A,
    OpRow,
    S,
    T,
    nnf,
    unary_samples,
)
from op_table import ROWS as ROWS_VIEW  # the view helper: rows 1, 3, 5, ...

TOL_ACT = {"float32": (1e-5, 1e-6), "float64": (1e-10, 1e-12)}
TOL_NORM = {"float32": (1e-4, 1e-5), "float64": (1e-9, 1e-11)}


def _act(name, extra=(), kwargs=None, kind="float", tol=TOL_ACT):
    """An elementwise activation: the unary sample set (0-d, empty, non-contiguous, inf/nan)."""
    samples = unary_samples(kind)
    if kwargs:
        samples = [S(*s.args, kwargs=dict(kwargs), desc=s.desc, grad=s.grad) for s in samples]
    return OpRow(name, [nnf(name)], samples + list(extra), tol=tol)


def _widen(t):
    """Values in (-8, 8): the saturating regions of the hard activations."""
    return t * 4


ACTIVATION_ROWS = [
    _act(
        "gelu",
        [
            S(A(3, 4), kwargs={"approximate": "tanh"}, desc="tanh"),
            S(A(2, 3, 4, view=T), kwargs={"approximate": "tanh"}, desc="tanh_noncontig"),
            S(A(), kwargs={"approximate": "tanh"}, desc="tanh_0d"),
        ],
    ),
    _act("silu"),
    _act("mish"),
    _act("elu", [S(A(3, 4), kwargs={"alpha": 0.5}, desc="alpha")]),
    _act("selu"),
    _act("celu", [S(A(3, 4), kwargs={"alpha": 2.0}, desc="alpha")]),
    _act("leaky_relu", [S(A(3, 4), 0.2, desc="slope")]),
    _act("relu6", [S(A(3, 4, view=_widen), desc="wide")]),
    _act("hardtanh", [S(A(3, 4), -0.5, 1.5, desc="bounds")]),
    _act("hardsigmoid", [S(A(3, 4, view=_widen), desc="wide")]),
    _act("hardswish", [S(A(3, 4, view=_widen), desc="wide")]),
    _act("softplus", [S(A(3, 4, view=_widen), kwargs={"beta": 2.0, "threshold": 3.0}, desc="beta_threshold")]),
    _act("threshold", kwargs={"threshold": 0.25, "value": -3.0}),
    _act("logsigmoid", [S(A(3, 4, view=_widen), desc="wide")]),
    _act("hardshrink", [S(A(3, 4), kwargs={"lambd": 1.0}, desc="lambd")]),
    _act("softshrink", [S(A(3, 4), kwargs={"lambd": 1.0}, desc="lambd")]),
    OpRow(
        "prelu",
        [nnf("prelu")],
        [
            S(A(2, 3, 4), A(3), desc="per_channel"),
            S(A(2, 3, 4), A(1), desc="shared"),
            S(A(3, 4), A(4), desc="2d"),
            S(A(), A(1), desc="0d"),
            S(A(0, 3), A(3), desc="empty"),
            S(A(2, 4, 3, view=T), A(3), desc="noncontig"),
        ],
        tol=TOL_SUM,
    ),
    OpRow(
        "glu",
        [nnf("glu")],
        [
            S(A(3, 4), desc="last"),
            S(A(4, 3), 0, desc="dim0"),
            S(A(2, 6, 3), kwargs={"dim": 1}, desc="dim1"),
            S(A(0, 4), desc="empty"),
            S(A(4, 6, view=T), desc="noncontig"),
        ],
    ),
]

NORM_ROWS = [
    OpRow(
        "layer_norm",
        [nnf("layer_norm")],
        [
            S(A(3, 5), [5], desc="1d"),
            S(A(2, 3, 4), (3, 4), A(3, 4), A(3, 4), desc="2d_affine"),
            S(A(2, 3, 4), [4], A(4), desc="weight_only"),
            S(A(2, 3, 4), [4], None, A(4), desc="bias_only"),
            S(A(4, 6), [6], A(6), A(6), kwargs={"eps": 0.1}, desc="eps"),
            S(A(4), [4], A(4), A(4), desc="one_row"),
            S(A(0, 4), [4], A(4), A(4), desc="empty"),
            S(A(2, 5, 4, view=T), [5], A(5), A(5), desc="noncontig"),
            S(A(6, 10, view=STEP), [5], A(5), A(5), desc="step"),
            S(A(6, 7, view=ROWS_VIEW), [7], desc="rows"),
        ],
        tol=TOL_NORM,
    ),
    OpRow(
        "rms_norm",
        [nnf("rms_norm")],
        [
            S(A(3, 5), [5], desc="1d"),
            S(A(2, 3, 4), (3, 4), A(3, 4), desc="2d_weight"),
            S(A(2, 3, 4), [4], A(4), kwargs={"eps": 1e-3}, desc="eps"),
            S(A(0, 4), [4], A(4), desc="empty"),
            S(A(2, 5, 4, view=T), [5], A(5), desc="noncontig"),
        ],
        tol=TOL_NORM,
    ),
    OpRow(
        "batch_norm",
        [nnf("batch_norm")],
        [
            S(A(4, 3), None, None, kwargs={"training": True}, desc="2d_train"),
            S(
                A(2, 3, 4),
                A(3, grad=False),
                A(3, kind="pos", grad=False),
                A(3),
                A(3),
                True,
                0.3,
                desc="train_running",
            ),
            S(
                A(2, 3, 4),
                A(3, grad=False),
                A(3, kind="pos", grad=False),
                A(3),
                A(3),
                False,
                desc="eval",
            ),
            S(A(2, 3, 2, 2), None, None, A(3), A(3), True, kwargs={"eps": 0.1}, desc="4d"),
            S(A(2, 4, 3, view=T), None, None, A(3), None, True, desc="noncontig"),
            S(A(3, 2, 5), None, None, None, A(2), True, desc="bias_only"),
        ],
        tol=TOL_NORM,
    ),
    OpRow(
        "group_norm",
        [nnf("group_norm")],
        [
            S(A(2, 4, 3), 2, A(4), A(4), desc="3d"),
            S(A(2, 6), 3, desc="2d"),
            S(A(2, 4, 2, 2), 4, A(4), A(4), kwargs={"eps": 0.1}, desc="4d"),
            S(A(3, 5, 2, view=T), 1, A(2), desc="noncontig"),
            S(A(2, 4, 3), 1, A(4), desc="weight_only"),
        ],
        tol=TOL_NORM,
    ),
]

EMBEDDING_ROWS = [
    OpRow(
        "embedding",
        [nnf("embedding")],
        [
            S(I(2, 3, high=10), A(10, 4), desc="2d"),
            # padding_idx and scale_grad_by_freq change the gradient on purpose (not the
            # derivative): compared with torch's, not with finite differences
            S(I(7, high=5), A(5, 3), kwargs={"padding_idx": 2}, desc="padding", gradcheck=False),
            S(I(9, high=4), A(4, 3), kwargs={"scale_grad_by_freq": True}, desc="freq", gradcheck=False),
            S(I(high=6), A(6, 2), desc="0d_index"),
            S(I(0, high=6), A(6, 2), desc="empty"),
            S(I(5, high=4), A(3, 4, view=T), desc="noncontig_weight"),
        ],
        tol=TOL_SUM,
    ),
]

ROWS = ACTIVATION_ROWS + NORM_ROWS + EMBEDDING_ROWS
