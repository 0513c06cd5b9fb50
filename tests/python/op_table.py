"""The differential op table: one row per op of ``pyt._C._op_list()`` (Note [The op list]).

Modelled on PyTorch's OpInfo database and tinygrad's ``helper_test_op``. A row says how to
make the op's inputs (``Sample``s of ``Arg``s: shapes including 0-d ``()``, empty ``(0, 3)``,
broadcast pairs, non-contiguous views, inf/nan), how to call it (the same callable runs with
``lib = pyt`` and ``lib = torch``), the dtypes it accepts, its tolerances and whether its
gradient is checked. test_ops.py turns every (row, dtype, sample) into value, gradient,
grad_fn and finite-difference tests.

An ``Arg`` is made from a numpy array of its base shape (values of its ``kind``), copied into
a pyt and a torch tensor, then ``view`` (a function of the tensor) is applied in each library:
gradients are taken w.r.t. the base tensors, so views are differentiated too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
from helpers import FLOATS, NP_DTYPE, is_float_name

ALL = ("float32", "float64", "int64", "bool")
NUM = ("float32", "float64", "int64")
OPLIST = object()  # Sample.grad_fn default: the node named by the op list


# ------------------------------------------------------------------------------- views
def T(t):
    """Transpose of the last two dims: non-contiguous."""
    return t.transpose(-1, -2)


def STEP(t):
    """Every second element of the last dim: non-contiguous, stride 2."""
    return t[..., ::2]


def ROWS(t):
    """Rows 1, 3, 5, ... of dim 0: a storage offset and a step."""
    return t[1::2]


def EXPAND3(t):
    """A stride-0 view: dim 0 (size 1) expanded to 3."""
    return t.expand(3, *t.shape[1:])


# ------------------------------------------------------------------------------ inputs
@dataclass(frozen=True)
class Arg:
    """A tensor argument: base shape, kind of values, fixed dtype (None: the row's), view."""

    shape: tuple
    kind: str = "float"
    dtype: str | None = None
    view: Callable | None = None
    grad: bool = True

    def __repr__(self):
        v = f"|{self.view.__name__}" if self.view else ""
        return f"{self.shape}{v}"


@dataclass(frozen=True)
class Dt:
    """A dtype argument, resolved per library: ``Dt('float64')`` -> pyt.float64 / torch.float64."""

    name: str


def A(*shape, **kw):
    return Arg(tuple(shape), **kw)


def I(*shape, high):  # "I" for index, next to A (tensor) and B (bool mask)
    """An int64 index tensor with values in [0, high)."""
    return Arg(tuple(shape), kind=f"index:{high}", dtype="int64", grad=False)


def B(*shape, **kw):
    """A bool tensor (a mask / condition)."""
    return Arg(tuple(shape), kind="float", dtype="bool", grad=False, **kw)


def make_array(arg, dtype, rng):
    """The numpy base array of arg for a row dtype."""
    dt = arg.dtype or dtype
    shape, kind = arg.shape, arg.kind
    n = int(np.prod(shape)) if shape else 1
    if kind.startswith("index:"):
        return rng.integers(0, int(kind.split(":")[1]), size=shape).astype(np.int64)
    if dt == "bool":
        if kind == "pos":
            return np.ones(shape, dtype=np.bool_)
        return rng.random(size=shape) < 0.5
    floating = is_float_name(dt)
    if kind == "float":
        a = rng.uniform(-2, 2, size=shape) if floating else rng.integers(-5, 6, size=shape)
    elif kind == "pos":
        a = rng.uniform(0.5, 3, size=shape) if floating else rng.integers(1, 6, size=shape)
    elif kind == "small":  # exponents
        a = rng.uniform(-1.5, 1.5, size=shape) if floating else rng.integers(0, 4, size=shape)
    elif kind == "nonzero":
        sign = np.where(rng.random(size=shape) < 0.5, -1, 1)
        a = sign * (rng.uniform(0.5, 2, size=shape) if floating else rng.integers(1, 6, size=shape))
    elif kind == "distinct":  # no ties, no zeros: max/min/relu/abs are differentiable everywhere
        perm = rng.permutation(n).reshape(shape).astype(np.float64) - (n - 1) / 2 - 0.25
        a = perm * 0.37 if floating else np.floor(perm).astype(np.int64)
    elif kind == "few":  # many equal values, for comparisons
        a = (
            rng.choice([-1.0, 0.0, 0.5, 1.0], size=shape)
            if floating
            else rng.integers(-1, 2, size=shape)
        )
    elif kind == "logits_big":
        a = rng.uniform(-2, 2, size=shape) * 500
    elif kind == "special":
        assert floating, "special values need a floating dtype"
        pool = np.array([np.inf, -np.inf, np.nan, 0.0, -0.0, 1.5, -2.0, 1e30, -1e-30])
        a = rng.choice(pool, size=shape)
    else:
        raise ValueError(f"unknown kind {kind}")
    return np.asarray(a).astype(NP_DTYPE[dt])


# --------------------------------------------------------------------------------- rows
@dataclass
class Sample:
    """One call of a row: positional args and kwargs (Arg, Dt, lists of Arg, or Python values).

    grad_fn: the expected first node's name; OPLIST = the op list's entry, None = not
    checked (torch itself records a different node for this form, e.g. matmul of 1-d tensors).
    """

    args: tuple
    kwargs: dict = field(default_factory=dict)
    desc: str = ""
    dtypes: tuple | None = None  # restrict the row's dtypes
    grad: bool = True
    gradcheck: bool = True
    grad_fn: Any = OPLIST
    compare_grad: bool = True  # False: torch cannot differentiate this form; gradcheck only

    def args_of(self):
        out = []
        for a in list(self.args) + list(self.kwargs.values()):
            if isinstance(a, (list, tuple)):
                out.extend(x for x in a if isinstance(x, Arg))
            elif isinstance(a, Arg):
                out.append(a)
        return out

    def accepts(self, dtype):
        if self.dtypes is not None and dtype not in self.dtypes:
            return False
        # inf/nan need a floating dtype
        return is_float_name(dtype) or not any(
            a.kind == "special" and a.dtype is None for a in self.args_of()
        )


def S(*args, desc="", **kw):
    """A Sample; keyword arguments of the op go in ``kwargs=``, the rest configure the sample."""
    return Sample(args=args, desc=desc, **kw)


def fn(name):
    """Calls lib.<name>(*args, **kwargs)."""

    def call(lib, *a, **k):
        return getattr(lib, name)(*a, **k)

    call.__name__ = f"fn_{name}"
    return call


def method(name):
    """Calls args[0].<name>(*args[1:], **kwargs)."""

    def call(lib, *a, **k):
        return getattr(a[0], name)(*a[1:], **k)

    call.__name__ = f"method_{name}"
    return call


def nnf(name):
    """Calls lib.nn.functional.<name>(*args, **kwargs)."""

    def call(lib, *a, **k):
        return getattr(lib.nn.functional, name)(*a, **k)

    call.__name__ = f"F_{name}"
    return call


TOL_EXACT = {"float32": (1e-6, 1e-7), "float64": (1e-12, 1e-14)}
TOL_MATH = {"float32": (1e-5, 1e-6), "float64": (1e-10, 1e-12)}
TOL_SUM = {"float32": (1e-4, 1e-5), "float64": (1e-9, 1e-11)}


@dataclass
class OpRow:
    """One op: its name in the op list, the calls (first = canonical), samples, dtypes."""

    name: str
    calls: list
    samples: list
    dtypes: tuple = FLOATS
    grad: bool = True  # the op is differentiable (its op-list entry is non-empty)
    gradcheck: bool = True
    tol: dict = field(default_factory=lambda: TOL_MATH)

    def tolerance(self, dtype):
        return self.tol.get(dtype, (0.0, 0.0))


def both_forms(name):
    return [fn(name), method(name)]


# ----------------------------------------------------------------------- sample sets
def binary_samples(a="float", b="float"):
    return [
        S(A(3, 4, kind=a), A(3, 4, kind=b), desc="same"),
        S(A(kind=a), A(kind=b), desc="0d"),
        S(A(0, 3, kind=a), A(0, 3, kind=b), desc="empty"),
        S(A(2, 1, 4, kind=a), A(3, 1, kind=b), desc="bcast"),
        S(A(3, 4, kind=a), A(kind=b), desc="bcast_0d"),
        S(A(4, 3, kind=a, view=T), A(3, 8, kind=b, view=STEP), desc="noncontig"),
        S(A(1, 4, kind=a, view=EXPAND3), A(6, 4, kind=b, view=ROWS), desc="expand_rows"),
        S(A(3, 4, kind="special"), A(3, 4, kind="special"), desc="special", grad=False),
    ]


def unary_samples(kind="float", special=True):
    out = [
        S(A(3, 4, kind=kind), desc="2d"),
        S(A(kind=kind), desc="0d"),
        S(A(0, 3, kind=kind), desc="empty"),
        S(A(2, 3, 4, kind=kind, view=T), desc="noncontig"),
        S(A(5, 6, kind=kind, view=ROWS), desc="rows"),
    ]
    if special:
        out.append(S(A(4, 5, kind="special"), desc="special", grad=False))
    return out


def reduce_samples(kind="float", dim_node="SumBackward1"):
    return [
        S(A(3, 4, kind=kind), desc="all"),
        S(A(kind=kind), desc="0d"),
        S(A(0, 3, kind=kind), desc="empty_all"),
        S(A(0, 3, kind=kind), kwargs={"dim": 0}, desc="empty_dim0", grad_fn=dim_node),
        S(A(2, 3, 4, kind=kind), kwargs={"dim": 1}, desc="dim1", grad_fn=dim_node),
        S(
            A(2, 3, 4, kind=kind),
            kwargs={"dim": -1, "keepdim": True},
            desc="dim-1_keep",
            grad_fn=dim_node,
        ),
        S(A(2, 3, 4, kind=kind), kwargs={"dim": (0, 2)}, desc="dim_tuple", grad_fn=dim_node),
        S(
            A(2, 3, 4, kind=kind),
            kwargs={"dim": (-1, 0), "keepdim": True},
            desc="dim_tuple_neg_keep",
            grad_fn=dim_node,
        ),
        S(A(2, 4, 6, kind=kind, view=T), kwargs={"dim": 1}, desc="noncontig_dim", grad_fn=dim_node),
        S(A(4, 5, kind="special"), desc="special", grad=False),
        # float32 accuracy of long sums: pyt must sum as accurately as torch (pairwise/cascade)
        S(A(300_000, kind="pos"), desc="large", gradcheck=False),
        S(
            A(3, 100_000, kind="pos"),
            kwargs={"dim": 1},
            desc="large_dim",
            gradcheck=False,
            grad_fn=dim_node,
        ),
    ]


def maxmin_samples(dim_node):
    return [
        S(A(3, 4, kind="distinct"), desc="all"),
        S(A(kind="distinct"), desc="0d"),
        S(A(4, 6, kind="distinct", view=T), desc="noncontig"),
        # with dim: (values, indices), node MaxBackward0 / MinBackward0 as in torch. Ties (bool)
        # have no specified index, so these run on numbers only.
        S(A(2, 3, 4, kind="distinct"), 1, desc="dim1", grad_fn=dim_node, dtypes=NUM),
        S(
            A(2, 3, 4, kind="distinct"),
            -1,
            kwargs={"keepdim": True},
            desc="dim-1_keep",
            grad_fn=dim_node,
            dtypes=NUM,
        ),
        S(A(3, 4, kind="distinct"), kwargs={"dim": 0}, desc="dim_kw", grad_fn=dim_node, dtypes=NUM),
        S(
            A(0, 4, kind="distinct"),
            kwargs={"dim": 1},
            desc="empty_dim",
            grad_fn=dim_node,
            dtypes=NUM,
        ),
        S(A(4, 5, kind="special"), desc="special", grad=False),
        S(A(4, 5, kind="special"), 1, desc="special_dim", grad=False, dtypes=NUM),
    ]


def cmp_samples():
    return [
        S(A(3, 4, kind="few"), A(3, 4, kind="few"), desc="same"),
        S(A(kind="few"), A(kind="few"), desc="0d"),
        S(A(0, 3, kind="few"), A(3, kind="few"), desc="empty_bcast"),
        S(A(2, 1, 4, kind="few"), A(3, 1, kind="few"), desc="bcast"),
        S(A(3, 4, kind="few"), 0, desc="scalar_int"),
        S(A(3, 4, kind="few"), 0.5, desc="scalar_float", dtypes=NUM),
        S(A(4, 3, kind="few", view=T), A(3, 8, kind="few", view=STEP), desc="noncontig"),
        S(A(3, 4, kind="special"), A(3, 4, kind="special"), desc="special"),
    ]


# ---------------------------------------------------------------------------- the table
def _arith(name, dtypes, extra=()):
    return OpRow(
        name,
        both_forms(name),
        binary_samples()
        + [
            S(A(3, 4), 2.5, desc="py_float"),
            S(A(3, 4), 3, desc="py_int"),
        ]
        + list(extra),
        dtypes=dtypes,
        tol=TOL_MATH,
    )


OP_TABLE = [
    _arith(
        "add",
        ALL,
        [
            S(A(3, 4), A(4), kwargs={"alpha": 2}, desc="alpha", dtypes=NUM),
            S(A(3, 4), A(4), kwargs={"alpha": 0.5}, desc="alpha_float", dtypes=FLOATS),
            S(
                A(3, 4),
                A(4),
                kwargs={"alpha": True},
                desc="alpha_bool",
                dtypes=("bool",),
                grad=False,
            ),
        ],
    ),
    _arith(
        "sub",
        NUM,
        [
            S(A(3, 4), A(4), kwargs={"alpha": 2}, desc="alpha"),
            S(A(3, 4), A(4), kwargs={"alpha": -1.5}, desc="alpha_float", dtypes=FLOATS),
        ],
    ),
    _arith("mul", ALL),
    OpRow(
        "div",
        both_forms("div"),
        [
            S(A(3, 4), A(3, 4, kind="nonzero"), desc="same"),
            S(A(), A(kind="nonzero"), desc="0d"),
            S(A(0, 3), A(3, kind="nonzero"), desc="empty"),
            S(A(2, 1, 4), A(3, 1, kind="nonzero"), desc="bcast"),
            S(A(4, 3, view=T), A(3, 8, kind="nonzero", view=STEP), desc="noncontig"),
            S(A(3, 4), 2.5, desc="py_float"),
            S(A(3, 4), 3, desc="py_int"),
            S(A(3, 4, kind="special"), A(3, 4, kind="special"), desc="special", grad=False),
            S(
                A(3, 4),
                A(3, 4, kind="nonzero"),
                kwargs={"rounding_mode": "trunc"},
                desc="trunc",
                dtypes=NUM,
                grad_fn="DivBackward2",
                gradcheck=False,
            ),
            S(
                A(3, 4),
                A(3, 4, kind="nonzero"),
                kwargs={"rounding_mode": "floor"},
                desc="floor",
                dtypes=NUM,
                grad_fn="DivBackward2",
                gradcheck=False,
            ),
            S(
                A(3, 4),
                -2,
                kwargs={"rounding_mode": "floor"},
                desc="floor_scalar",
                dtypes=NUM,
                grad=False,
            ),
            S(A(3, 4), A(3, 4, kind="nonzero"), kwargs={"rounding_mode": None}, desc="mode_none"),
        ],
        dtypes=ALL,
    ),
    OpRow(
        "remainder",
        both_forms("remainder"),
        [
            S(A(3, 4), A(3, 4, kind="nonzero"), desc="same"),
            S(A(), A(kind="nonzero"), desc="0d"),
            S(A(0, 3), A(3, kind="nonzero"), desc="empty"),
            S(A(2, 1, 4), A(3, 1, kind="nonzero"), desc="bcast"),
            S(A(4, 3, view=T), A(3, 8, kind="nonzero", view=STEP), desc="noncontig"),
            S(A(3, 4), 3, desc="py_int"),
            S(A(3, 4), -2, desc="py_neg_int"),  # the result takes the divisor's sign, as Python's %
            S(A(3, 4), 0.75, desc="py_float"),
            S(A(3, 4, kind="special"), A(3, 4, kind="special"), desc="special", grad=False),
        ],
        dtypes=NUM,
    ),
    OpRow(
        "pow",
        both_forms("pow"),
        [
            S(A(3, 4, kind="pos"), A(3, 4, kind="small"), desc="same"),
            S(A(kind="pos"), A(kind="small"), desc="0d"),
            S(A(0, 3, kind="pos"), A(3, kind="small"), desc="empty"),
            S(A(2, 1, 4, kind="pos"), A(3, 1, kind="small"), desc="bcast"),
            S(A(4, 3, kind="pos", view=T), A(3, 8, kind="small", view=STEP), desc="noncontig"),
            # a scalar exponent is torch's pow.Tensor_Scalar overload: node PowBackward0
            S(A(3, 4), 2, desc="py_int_exp", grad_fn="PowBackward0"),
            S(A(3, 4, kind="pos"), 0.5, desc="py_float_exp", grad_fn="PowBackward0"),
            S(A(3, 4, kind="special"), A(3, 4, kind="special"), desc="special", grad=False),
        ],
        dtypes=NUM,
    ),
    OpRow("maximum", [fn("maximum")], binary_samples("distinct", "distinct"), dtypes=ALL),
    OpRow("minimum", [fn("minimum")], binary_samples("distinct", "distinct"), dtypes=ALL),
    *[
        OpRow(n, both_forms(n), cmp_samples(), dtypes=ALL, grad=False)
        for n in ("eq", "ne", "lt", "le", "gt", "ge")
    ],
    *[
        OpRow(
            n,
            both_forms(n),
            [
                S(A(3, 4), A(3, 4), desc="same"),
                S(A(), A(), desc="0d"),
                S(A(0, 3), A(3), desc="empty"),
                S(A(2, 1, 4), A(3, 1), desc="bcast"),
                S(A(4, 3, view=T), A(3, 8, view=STEP), desc="noncontig"),
                S(A(3, 4), 6, desc="py_int", dtypes=("int64",)),
                S(A(3, 4), True, desc="py_bool", dtypes=("bool",)),
                S(A(3, 4), A(3, 4, dtype="int32"), desc="int32_other", dtypes=("int64",)),
            ],
            dtypes=("int64", "bool"),
            grad=False,
        )
        for n in ("bitwise_and", "bitwise_or", "bitwise_xor")
    ],
    OpRow(
        "bitwise_not",
        both_forms("bitwise_not"),
        unary_samples(special=False),
        dtypes=("int64", "bool"),
        grad=False,
    ),
    OpRow(
        "where",
        [fn("where")],
        [
            S(B(3, 4), A(3, 4), A(3, 4), desc="same"),
            S(B(), A(), A(), desc="0d"),
            S(B(3, 1), A(4), A(), desc="bcast"),
            S(B(0, 3), A(0, 3), A(3), desc="empty"),
            S(B(3, 4), A(4, 3, view=T), A(3, 8, view=STEP), desc="noncontig"),
            S(B(3, 4), A(3, 4), 0.0, desc="scalar_other"),
            S(
                B(3, 4),
                A(3, 4, kind="special"),
                A(3, 4, kind="special"),
                desc="special",
                grad=False,
            ),
        ],
        dtypes=ALL,
    ),
    OpRow("neg", both_forms("neg"), unary_samples(), dtypes=NUM, tol=TOL_EXACT),
    OpRow("exp", both_forms("exp"), unary_samples(), dtypes=ALL),
    OpRow("log", both_forms("log"), unary_samples("pos"), dtypes=ALL),
    OpRow("sqrt", both_forms("sqrt"), unary_samples("pos"), dtypes=ALL),
    OpRow("abs", both_forms("abs"), unary_samples("distinct"), dtypes=NUM, tol=TOL_EXACT),
    OpRow("sign", both_forms("sign"), unary_samples("distinct"), dtypes=ALL, tol=TOL_EXACT),
    OpRow("relu", both_forms("relu"), unary_samples("distinct"), dtypes=NUM, tol=TOL_EXACT),
    OpRow("sigmoid", both_forms("sigmoid"), unary_samples(), dtypes=ALL),
    OpRow("tanh", both_forms("tanh"), unary_samples(), dtypes=ALL),
    OpRow(
        "clamp",
        both_forms("clamp"),
        [
            S(
                A(3, 4, kind="distinct"),
                kwargs={"min": -0.6, "max": 0.45},
                desc="both",
                dtypes=FLOATS,
            ),
            S(A(3, 4, kind="distinct"), -1.01, 1.01, desc="positional", dtypes=FLOATS),
            S(A(3, 4, kind="distinct"), kwargs={"min": 0.1}, desc="min_only", dtypes=FLOATS),
            S(A(3, 4, kind="distinct"), kwargs={"max": 0.1}, desc="max_only", dtypes=FLOATS),
            S(A(kind="distinct"), kwargs={"min": 0.5}, desc="0d", dtypes=FLOATS),
            S(A(0, 3), kwargs={"min": 0.5}, desc="empty", dtypes=FLOATS),
            S(
                A(4, 6, kind="distinct", view=T),
                kwargs={"min": -0.2, "max": 0.3},
                desc="noncontig",
                dtypes=FLOATS,
            ),
            S(A(3, 4), kwargs={"min": -2, "max": 3}, desc="int_bounds", dtypes=("int64",)),
            S(A(3, 4), kwargs={"min": 0.5}, desc="int_tensor_float_bound", dtypes=("int64",)),
            S(
                A(4, 5, kind="special"),
                kwargs={"min": -1.0, "max": 1.0},
                desc="special",
                grad=False,
            ),
        ],
        dtypes=NUM,
    ),
    OpRow(
        "sum",
        both_forms("sum"),
        reduce_samples()
        + [
            S(
                A(3, 4),
                kwargs={"dtype": Dt("float64")},
                desc="dtype_f64",
                gradcheck=False,
                dtypes=("float32", "int64"),
            ),
        ],
        dtypes=ALL,
        tol=TOL_SUM,
    ),
    OpRow("mean", both_forms("mean"), reduce_samples(dim_node="MeanBackward1"), tol=TOL_SUM),
    OpRow("max", both_forms("max"), maxmin_samples("MaxBackward0"), dtypes=ALL, tol=TOL_EXACT),
    OpRow("min", both_forms("min"), maxmin_samples("MinBackward0"), dtypes=ALL, tol=TOL_EXACT),
    *[
        OpRow(
            n,
            both_forms(n),
            [
                S(A(3, 4, kind="distinct"), desc="flat"),
                S(A(kind="distinct"), desc="0d"),
                S(A(3, 4, kind="distinct"), kwargs={"dim": 1}, desc="dim1"),
                S(
                    A(2, 3, 4, kind="distinct"),
                    kwargs={"dim": -2, "keepdim": True},
                    desc="dim-2_keep",
                ),
                S(A(4, 6, kind="distinct", view=T), kwargs={"dim": 0}, desc="noncontig"),
                S(A(3, 4), kwargs={"dim": 0}, desc="ties_first", dtypes=("int64",)),
            ],
            dtypes=NUM,
            grad=False,
        )
        for n in ("argmax", "argmin")
    ],
    *[
        OpRow(
            n,
            both_forms(n),
            [
                S(A(3, 5), -1, desc="dim-1"),
                S(A(3, 5), kwargs={"dim": 0}, desc="dim0"),
                S(A(2, 3, 4), 1, desc="3d_dim1"),
                S(A(), 0, desc="0d"),
                S(A(0, 3), -1, desc="empty"),
                S(A(2, 4, 6, view=T), 1, desc="noncontig"),
                S(A(3, 5, kind="logits_big"), 1, desc="large_logits"),
                S(A(3, 5, kind="special"), 1, desc="special", grad=False),
            ],
            tol=TOL_SUM,
        )
        for n in ("softmax", "log_softmax")
    ],
    OpRow(
        "matmul",
        both_forms("matmul"),
        [
            S(A(3, 4), A(4, 5), desc="2d@2d"),
            S(A(4, 3, view=T), A(5, 4, view=T), desc="2d@2d_noncontig"),
            S(A(0, 4), A(4, 5), desc="empty_rows"),
            S(A(3, 0), A(0, 5), desc="empty_k"),
            S(A(4), A(4), desc="1d@1d", grad_fn=None),
            S(A(4), A(4, 5), desc="1d@2d", grad_fn=None),
            S(A(3, 4), A(4), desc="2d@1d", grad_fn=None),
            S(A(2, 3, 4), A(2, 4, 5), desc="3d@3d", grad_fn=None),
            S(A(2, 3, 4), A(4, 5), desc="3d@2d", grad_fn=None),
            S(A(3, 4), A(2, 4, 5), desc="2d@3d", grad_fn=None),
            S(A(2, 3, 4), A(4), desc="3d@1d", grad_fn=None),
            S(A(4), A(2, 4, 5), desc="1d@3d", grad_fn=None),
            S(A(2, 1, 3, 4), A(5, 4, 2), desc="4d@3d_bcast", grad_fn=None),
            S(A(2, 3, 1, 3, 4), A(2, 5, 4, view=T), desc="5d@3d_bcast", grad_fn=None),
        ],
        dtypes=NUM,
        tol=TOL_SUM,
    ),
    OpRow(
        "mm",
        both_forms("mm"),
        [
            S(A(3, 4), A(4, 5), desc="2d"),
            S(A(4, 3, view=T), A(4, 10, view=STEP), desc="noncontig"),
            S(A(3, 0), A(0, 5), desc="empty_k"),
            S(A(0, 4), A(4, 2), desc="empty_rows"),
            S(A(1, 1), A(1, 1), desc="1x1"),
        ],
        dtypes=NUM,
        tol=TOL_SUM,
    ),
    OpRow(
        "dot",
        both_forms("dot"),
        [
            S(A(5), A(5), desc="1d"),
            S(A(10, view=STEP), A(5), desc="noncontig"),
            S(A(0), A(0), desc="empty"),
        ],
        dtypes=NUM,
        tol=TOL_SUM,
    ),
    OpRow(
        "mv",
        both_forms("mv"),
        [
            S(A(3, 4), A(4), desc="2d"),
            S(A(4, 3, view=T), A(8, view=STEP), desc="noncontig"),
            S(A(0, 4), A(4), desc="empty_rows"),
            S(A(3, 0), A(0), desc="empty_k"),
        ],
        dtypes=NUM,
        tol=TOL_SUM,
    ),
    OpRow(
        "outer",
        both_forms("outer"),
        [
            S(A(3), A(4), desc="1d"),
            S(A(6, view=STEP), A(2), desc="noncontig"),
            S(A(0), A(3), desc="empty"),
        ],
        dtypes=NUM,
        tol=TOL_SUM,
    ),
    OpRow(
        "bmm",
        both_forms("bmm"),
        [
            S(A(2, 3, 4), A(2, 4, 5), desc="3d"),
            S(A(2, 4, 3, view=T), A(2, 5, 4, view=T), desc="noncontig"),
            S(A(0, 3, 4), A(0, 4, 5), desc="empty_batch"),
            S(A(3, 2, 0), A(3, 0, 2), desc="empty_k"),
        ],
        dtypes=NUM,
        tol=TOL_SUM,
    ),
    OpRow(
        "addmm",
        [fn("addmm")],
        [
            S(A(3, 5), A(3, 4), A(4, 5), desc="full_bias"),
            S(A(5), A(3, 4), A(4, 5), desc="row_bias"),
            S(A(), A(3, 4), A(4, 5), desc="0d_bias"),
            S(
                A(3, 5),
                A(4, 3, view=T),
                A(4, 5),
                kwargs={"beta": 0.5, "alpha": 2.0},
                desc="beta_alpha",
                dtypes=FLOATS,
            ),
            S(A(3, 5), A(3, 4), A(4, 5), kwargs={"beta": 2, "alpha": 3}, desc="int_beta_alpha"),
        ],
        dtypes=NUM,
        tol=TOL_SUM,
    ),
    OpRow(
        "t",
        both_forms("t"),
        [
            S(A(3, 4), desc="2d"),
            S(A(4), desc="1d"),
            S(A(), desc="0d"),
            S(A(0, 3), desc="empty"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "transpose",
        both_forms("transpose"),
        [
            S(A(2, 3, 4), 0, 2, desc="0_2"),
            S(A(2, 3, 4), -1, -2, desc="neg"),
            S(A(2, 3, 4), 1, 1, desc="same_dim"),
            S(A(0, 3), 0, 1, desc="empty"),
            S(A(4, 6, view=STEP), 0, 1, desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "permute",
        both_forms("permute"),
        [
            S(A(2, 3, 4), (2, 0, 1), desc="3d"),
            S(A(2, 3, 4), (-1, 0, -2), desc="neg"),
            S(A(), (), desc="0d"),
            S(A(0, 3, 2), (1, 2, 0), desc="empty"),
            S(A(2, 4, 6, view=T), (1, 0, 2), desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "view",
        [method("view")],
        [
            S(A(3, 4), 2, 6, desc="2x6"),
            S(A(3, 4), -1, desc="flat"),
            S(A(2, 3, 4), 6, -1, 1, desc="infer"),
            S(A(), 1, 1, desc="0d_to_2d"),
            S(A(1, 1), (), desc="to_0d"),
            S(A(3, 4), (4, 3), desc="tuple"),
            S(A(0, 3), 3, 0, desc="empty"),
            S(A(4, 6, view=ROWS), 2, 3, 2, desc="rows_view"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "reshape",
        both_forms("reshape"),
        [
            S(A(3, 4), (2, 6), desc="contig"),
            S(A(3, 4), (-1,), desc="flat"),
            S(A(4, 3, view=T), (2, 6), desc="noncontig_copy"),
            S(A(), (1,), desc="0d"),
            S(A(0, 3), (3, 0, 1), desc="empty"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "flatten",
        both_forms("flatten"),
        [
            S(A(2, 3, 4), desc="all"),
            S(A(2, 3, 4), 1, desc="start1"),
            S(A(2, 3, 4, 5), kwargs={"start_dim": 1, "end_dim": -2}, desc="mid"),
            S(A(), desc="0d"),
            S(A(2, 4, 3, view=T), desc="noncontig"),
            S(A(0, 3, 2), 1, desc="empty"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "squeeze",
        both_forms("squeeze"),
        [
            S(A(1, 3, 1, 4), desc="all"),
            S(A(1, 3, 1, 4), 0, desc="dim0", grad_fn="SqueezeBackward1"),
            S(A(1, 3, 1, 4), -2, desc="dim-2", grad_fn="SqueezeBackward1"),
            S(A(1, 3, 1, 4), 1, desc="not_one", grad_fn="SqueezeBackward1"),
            S(A(1, 3, 1, 4), (0, 2), desc="dims_tuple", grad_fn="SqueezeBackward2"),
            S(A(), desc="0d"),
            S(A(0, 1), desc="empty"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "unsqueeze",
        both_forms("unsqueeze"),
        [
            S(A(3, 4), 0, desc="dim0"),
            S(A(3, 4), -1, desc="dim-1"),
            S(A(3, 4), 1, desc="dim1"),
            S(A(), 0, desc="0d"),
            S(A(0, 3), 2, desc="empty"),
            S(A(4, 3, view=T), 1, desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "expand",
        [method("expand")],
        [
            S(A(3, 1), 2, 3, 4, desc="new_dims"),
            S(A(3, 1), (2, 3, 4), desc="tuple"),
            S(A(1, 4), -1, 4, desc="keep"),
            S(A(1, 4), 5, -1, desc="grow"),
            S(A(), 2, 3, desc="0d"),
            S(A(1, 3), 0, 3, desc="to_empty"),
            S(A(4, 1, view=T), 3, 4, desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "select",
        both_forms("select"),
        [
            S(A(3, 4), 0, 1, desc="dim0"),
            S(A(3, 4), 1, -1, desc="neg_index"),
            S(A(2, 3, 4), -2, 2, desc="neg_dim"),
            S(A(4), 0, 3, desc="1d"),
            S(A(0, 3), 1, 2, desc="empty"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "cat",
        [fn("cat")],
        [
            S([A(2, 3), A(4, 3)], desc="dim0"),
            S([A(2, 3), A(2, 5)], 1, desc="dim1"),
            S([A(2, 3), A(2, 1), A(2, 2)], kwargs={"dim": -1}, desc="three_neg"),
            S([A(0, 3), A(2, 3)], desc="with_empty"),
            S([A(3, 2, view=T), A(2, 6, view=STEP)], 0, desc="noncontig"),
            S([A(2, 3)], desc="single"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "stack",
        [fn("stack")],
        [
            S([A(2, 3), A(2, 3)], desc="dim0"),
            S([A(2, 3), A(2, 3), A(2, 3)], -1, desc="dim-1"),
            S([A(), A()], desc="0d"),
            S([A(0, 3), A(0, 3)], 1, desc="empty"),
            S([A(3, 2, view=T), A(2, 6, view=STEP)], 1, desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "index_select",
        both_forms("index_select"),
        [
            S(A(5, 3), 0, I(4, high=5), desc="dim0"),
            S(A(5, 3), 1, I(6, high=3), desc="dim1_dups"),
            S(A(5, 3), -1, I(high=3), desc="0d_index"),
            S(A(5, 3), 0, I(0, high=5), desc="empty_index"),
            S(A(3, 5, view=T), 0, I(3, high=5), desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "gather",
        both_forms("gather"),
        [
            S(A(3, 4), 1, I(3, 2, high=4), desc="dim1"),
            S(A(3, 4), 0, I(2, 4, high=3), desc="dim0"),
            S(A(2, 3, 4), -1, I(2, 3, 5, high=4), desc="3d_dups"),
            S(A(3, 4), 1, I(3, 0, high=4), desc="empty"),
            S(A(4, 3, view=T), 0, I(2, 3, high=3), desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "scatter",
        both_forms("scatter"),
        [
            # Duplicate indices make scatter non-differentiable in src (the overwritten value has no
            # effect), so finite differences disagree with the gather formula torch and pyt share.
            S(A(3, 4), 1, I(3, 2, high=4), A(3, 2), desc="dim1", gradcheck=False),
            # torch's ScatterBackward0 returns a wrongly shaped src gradient here: values only.
            S(A(3, 4), 0, I(2, 4, high=3), A(2, 5), desc="src_larger", grad=False),
            S(A(4, 3, view=T), 0, I(2, 3, high=3), A(2, 3), desc="noncontig", gradcheck=False),
            S(A(3, 4), 1, I(3, 0, high=4), A(3, 0), desc="empty"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "take_along_dim",
        both_forms("take_along_dim"),
        [
            S(A(3, 4), I(3, 2, high=4), 1, desc="dim1"),
            S(A(3, 4), I(1, 4, high=3), 0, desc="broadcast"),
            S(A(3, 4), I(5, high=12), desc="flat"),
            S(A(4, 3, view=T), I(3, 2, high=4), 1, desc="noncontig"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "scatter_add",
        both_forms("scatter_add"),
        [
            S(A(3, 5), 1, I(3, 4, high=5), A(3, 4), desc="dim1"),
            S(A(3, 5), 0, I(2, 5, high=3), A(2, 5), desc="dim0"),
            # torch's own backward fails here (src grad shaped like index): gradcheck only.
            S(A(3, 5), 1, I(2, 2, high=5), A(3, 4), desc="src_larger", compare_grad=False),
            S(A(3, 5), 1, I(3, 0, high=5), A(3, 0), desc="empty"),
            S(A(5, 3, view=T), 1, I(3, 4, high=5), A(3, 4), desc="noncontig"),
        ],
        dtypes=NUM,
        tol=TOL_MATH,
    ),
    OpRow(
        "index_add",
        both_forms("index_add"),
        [
            S(A(5, 3), 0, I(4, high=5), A(4, 3), desc="dim0"),
            S(A(5, 3), 1, I(4, high=3), A(5, 4), desc="dim1"),
            S(A(5, 3), 0, I(4, high=5), A(4, 3), kwargs={"alpha": 2}, desc="alpha"),
            S(A(5, 3), 0, I(0, high=5), A(0, 3), desc="empty"),
            S(A(3, 5, view=T), 0, I(2, high=5), A(3, 2, view=T), desc="noncontig"),
        ],
        dtypes=NUM,
        tol=TOL_MATH,
    ),
    OpRow(
        "nonzero",
        both_forms("nonzero"),
        [
            S(A(3, 4, kind="few"), desc="2d"),
            S(A(7, kind="few"), desc="1d"),
            S(A(kind="few"), desc="0d"),
            S(A(2, 3, 4, kind="few"), desc="3d"),
            S(A(0, 3), desc="empty"),
            S(A(5, 4, kind="few", view=T), desc="noncontig"),
            S(A(4, 5, kind="special"), desc="special"),
        ],
        dtypes=ALL,
        grad=False,
    ),
    OpRow(
        "masked_select",
        both_forms("masked_select"),
        [
            S(A(3, 4), B(3, 4), desc="same"),
            S(A(3, 4), B(4), desc="bcast_mask"),
            S(A(4), B(3, 4), desc="bcast_input"),
            S(A(), B(), desc="0d"),
            S(A(0, 3), B(0, 3), desc="empty"),
            S(A(4, 3, view=T), B(3, 8, view=STEP), desc="noncontig"),
            S(A(3, 4, kind="special"), B(3, 4), desc="special", grad=False),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "masked_fill",
        both_forms("masked_fill"),
        [
            S(A(3, 4), B(3, 4), 0.5, desc="same", dtypes=FLOATS),
            S(A(3, 4), B(4), 2, desc="bcast_mask"),
            S(A(3, 4), B(3, 1), -1, desc="bcast_col"),
            S(A(), B(), 3, desc="0d"),
            S(A(0, 3), B(3), 1, desc="empty"),
            S(
                A(4, 3, view=T),
                B(3, 8, view=STEP),
                float("-inf"),
                desc="noncontig_inf",
                dtypes=FLOATS,
                gradcheck=False,
            ),
            S(A(3, 4), B(3, 4), float("nan"), desc="nan_value", dtypes=FLOATS, gradcheck=False),
            S(A(3, 4), B(3, 4), True, desc="bool_value", dtypes=("bool",)),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "clone",
        both_forms("clone"),
        [
            S(A(3, 4), desc="2d"),
            S(A(), desc="0d"),
            S(A(0, 3), desc="empty"),
            S(A(4, 3, view=T), desc="noncontig"),
            S(A(1, 4, view=EXPAND3), desc="expanded"),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "contiguous",
        [method("contiguous")],
        [
            S(A(4, 3, view=T), desc="transposed"),
            S(A(3, 8, view=STEP), desc="step"),
            S(A(1, 4, view=EXPAND3), desc="expanded"),
            S(A(0, 3, view=T), desc="empty", grad_fn=None),  # an empty tensor is contiguous: self
            S(A(3, 4), desc="already", grad_fn=None),  # returns self: no node
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "to",
        [method("to")],
        [
            S(A(3, 4), Dt("float64"), desc="to_f64", dtypes=("float32",)),
            S(A(3, 4), Dt("float32"), desc="to_f32", dtypes=("float64",), gradcheck=False),
            S(A(3, 4), kwargs={"dtype": Dt("float64")}, desc="kw", dtypes=("float32",)),
            S(A(3, 4), Dt("int64"), desc="to_int", grad=False),
            S(A(3, 4), Dt("bool"), desc="to_bool", grad=False),
            S(A(3, 4), Dt("float32"), desc="int_to_f32", dtypes=("int64", "bool"), grad=False),
            S(A(), Dt("float64"), desc="0d", dtypes=("float32",)),
            S(A(0, 3), Dt("float64"), desc="empty", dtypes=("float32",)),
            S(A(4, 3, view=T), Dt("float64"), desc="noncontig", dtypes=("float32",)),
            S(A(4, 3, kind="special"), Dt("float64"), desc="special", grad=False),
        ],
        dtypes=ALL,
        tol=TOL_EXACT,
    ),
    OpRow(
        "linear",
        [nnf("linear")],
        [
            S(A(3, 4), A(5, 4), A(5), desc="2d_bias"),
            S(A(3, 4), A(5, 4), desc="no_bias", grad_fn="MmBackward0"),
            S(A(2, 3, 4), A(5, 4), A(5), desc="3d", grad_fn=None),
            S(A(4), A(5, 4), A(5), desc="1d", grad_fn=None),
            S(A(0, 4), A(5, 4), A(5), desc="empty"),
            S(A(4, 3, view=T), A(4, 5, view=T), A(10, view=STEP), desc="noncontig"),
        ],
        tol=TOL_SUM,
    ),
    OpRow(
        "conv2d",
        [nnf("conv2d")],
        [
            S(A(2, 3, 6, 6), A(4, 3, 3, 3), A(4), desc="basic"),
            S(A(1, 2, 7, 6), A(3, 2, 3, 2), kwargs={"stride": 2, "padding": 1}, desc="stride_pad"),
            S(
                A(1, 2, 7, 7),
                A(2, 2, 3, 3),
                A(2),
                kwargs={"stride": (2, 1), "padding": (0, 2), "dilation": (2, 1)},
                desc="asym",
            ),
            S(
                A(1, 4, 5, 5),
                A(6, 2, 3, 3),
                A(6),
                kwargs={"groups": 2, "padding": 1},
                desc="groups",
            ),
            S(A(3, 5, 5), A(2, 3, 1, 1), A(2), desc="unbatched", grad_fn="SqueezeBackward1"),
            S(A(1, 3, 5, 5, view=T), A(2, 3, 3, 3), desc="noncontig"),
            S(A(0, 3, 5, 5), A(2, 3, 3, 3), A(2), desc="empty_batch", gradcheck=False),
        ],
        tol=TOL_SUM,
    ),
    OpRow(
        "max_pool2d",
        [nnf("max_pool2d")],
        [
            S(A(2, 3, 6, 6, kind="distinct"), 2, desc="k2"),
            S(A(1, 2, 7, 7, kind="distinct"), 3, kwargs={"stride": 2, "padding": 1}, desc="k3s2p1"),
            S(
                A(1, 2, 7, 8, kind="distinct"),
                (2, 3),
                kwargs={"stride": (1, 2), "dilation": 2},
                desc="dilation",
            ),
            S(A(1, 1, 7, 7, kind="distinct"), 2, kwargs={"ceil_mode": True}, desc="ceil"),
            # ceil_mode's last window would start in the padding: torch drops it (output 3, not 4)
            S(
                A(1, 1, 5, 5, kind="distinct"),
                2,
                kwargs={"stride": 2, "padding": 1, "ceil_mode": True},
                desc="ceil_pad",
            ),
            S(A(2, 5, 5, kind="distinct"), 2, desc="unbatched"),
            S(A(1, 2, 6, 6, kind="distinct", view=T), 2, desc="noncontig"),
            S(A(1, 2, 4, 4, kind="distinct"), 2, kwargs={"return_indices": True}, desc="indices"),
            S(A(1, 1, 4, 4, kind="special"), 2, desc="special", grad=False),
        ],
        tol=TOL_EXACT,
    ),
    OpRow(
        "nll_loss",
        [nnf("nll_loss")],
        [
            S(A(4, 5), I(4, high=5), desc="mean"),
            S(A(4, 5), I(4, high=5), kwargs={"reduction": "sum"}, desc="sum"),
            S(A(4, 5), I(4, high=5), kwargs={"reduction": "none"}, desc="none"),
            S(
                A(4, 5),
                I(4, high=5),
                kwargs={"weight": A(5, kind="pos", grad=False)},
                desc="weight",
            ),
            S(A(6, 3), I(6, high=3), kwargs={"ignore_index": 1}, desc="ignore_index"),
            S(A(5), I(high=5), desc="unbatched"),
            S(A(5, 4, view=T), I(4, high=5), desc="noncontig"),
        ],
        tol=TOL_SUM,
    ),
    OpRow(
        "cross_entropy",
        [nnf("cross_entropy")],
        [
            S(A(4, 5), I(4, high=5), desc="mean"),
            S(A(4, 5), I(4, high=5), kwargs={"reduction": "sum"}, desc="sum"),
            S(A(4, 5), I(4, high=5), kwargs={"reduction": "none"}, desc="none"),
            S(
                A(4, 5),
                I(4, high=5),
                kwargs={"weight": A(5, kind="pos", grad=False)},
                desc="weight",
            ),
            S(A(6, 3), I(6, high=3), kwargs={"ignore_index": 0}, desc="ignore_index"),
            S(A(2, 5, 3), I(2, 3, high=5), desc="spatial"),
            S(A(5), I(high=5), desc="unbatched"),
            S(A(4, 5, kind="logits_big"), I(4, high=5), desc="large_logits"),
        ],
        tol=TOL_SUM,
    ),
    OpRow(
        "mse_loss",
        [nnf("mse_loss")],
        [
            S(A(3, 4), A(3, 4), desc="mean"),
            S(A(3, 4), A(3, 4), kwargs={"reduction": "sum"}, desc="sum"),
            S(A(3, 4), A(3, 4), kwargs={"reduction": "none"}, desc="none"),
            S(A(), A(), desc="0d"),
            S(A(4, 3, view=T), A(3, 8, view=STEP), desc="noncontig"),
        ],
        tol=TOL_SUM,
    ),
    # Random masks differ between libraries: only the deterministic settings are compared
    # here (p=1 zeroes everything with a MulBackward0 node; p=0 / eval return the input);
    # the statistics of p=0.5 are tested in test_ops.py.
    OpRow(
        "dropout",
        [nnf("dropout")],
        [
            S(A(3, 4), 1.0, desc="p1"),
            S(A(3, 4), kwargs={"p": 1.0, "training": True}, desc="p1_kw"),
            S(A(3, 4), 0.0, desc="p0", grad_fn=None),
            S(A(3, 4), 0.5, kwargs={"training": False}, desc="eval", grad_fn=None),
            S(A(0, 3), 1.0, desc="empty", grad_fn=None),
        ],
        tol=TOL_EXACT,
    ),
]

# Rows of further op families live in their own modules (op_table_<family>.py), each defining
# ROWS with the helpers above; they are appended here.
for _family in ("math", "shape", "conv", "loss", "nnnorm", "rnn", "index", "linalg2", "loss2", "sampling", "stats", "extra", "pool", "tmeta", "mathx", "linalg"):
    OP_TABLE += __import__(f"op_table_{_family}").ROWS

ROWS_BY_NAME = {}
for _row in OP_TABLE:
    assert _row.name not in ROWS_BY_NAME, f"duplicate row {_row.name}"
    ROWS_BY_NAME[_row.name] = _row


# --------------------------------------------------------------------- building inputs
def resolve(x, lib):
    """A Dt resolved in lib; other non-tensor arguments pass through."""
    if isinstance(x, Dt):
        return getattr(lib, x.name)
    return x


def _walk(sample):
    """The sample's Args in a fixed order: positional args, then kwargs, lists flattened."""
    for a in list(sample.args) + list(sample.kwargs.values()):
        for x in a if isinstance(a, list) else [a]:
            if isinstance(x, Arg):
                yield x


def make_arrays(sample, dtype, key):
    """The numpy base arrays of the sample's tensor arguments (deterministic in key)."""
    from helpers import rng_for

    rng = rng_for(*key)
    return [make_array(arg, dtype, rng) for arg in _walk(sample)]


def wants_grad(sample, dtype):
    """Per Arg (in _walk order): whether its base tensor requires grad in gradient tests."""
    return [arg.grad and is_float_name(arg.dtype or dtype) for arg in _walk(sample)]


def assemble(sample, lib, leaves):
    """(args, kwargs) of the call in lib, leaves (base tensors, _walk order) viewed as asked."""
    it = iter(leaves)

    def conv(x):
        if isinstance(x, Arg):
            t = next(it)
            return x.view(t) if x.view is not None else t
        if isinstance(x, list):
            return [conv(v) for v in x]
        return resolve(x, lib)

    args = [conv(a) for a in sample.args]
    kwargs = {k: conv(v) for k, v in sample.kwargs.items()}
    return args, kwargs


def cases():
    """(row, dtype, sample) for every sample of every row and every dtype it accepts."""
    return [
        (row, dtype, sample)
        for row in OP_TABLE
        for dtype in row.dtypes
        for sample in row.samples
        if sample.accepts(dtype)
    ]
