"""Error paths: for bad input pyt raises the exception type torch raises, with a key word of the
message (STYLE.md item 11). Each row runs the same call in torch first (the table must agree
with the oracle) and then in pyt. Rows where torch succeeds but pyt documents an error (a
dtype without a kernel) say so with ``torch_raises=False``.
"""

import subprocess
import sys
import textwrap

import numpy as np
import pyt
import pytest
import torch


def F(L):
    return L.nn.functional


def _t(L, *shape, dtype=None):
    n = int(np.prod(shape)) if shape else 1
    return L.tensor(np.linspace(-1, 1, n).reshape(shape), dtype=dtype or L.float32)


class Row:
    def __init__(self, id, call, exc, words, torch_raises=True, both_words=True):
        self.id, self.call, self.exc = id, call, exc
        self.words = (words,) if isinstance(words, str) else tuple(words)  # any of them
        self.torch_raises, self.both_words = torch_raises, both_words


R = Row
ERRORS = [
    # ---- shapes of elementwise ops
    R("add_shape", lambda L: _t(L, 2, 3) + _t(L, 4), RuntimeError, "size"),
    R("mul_shape", lambda L: L.mul(_t(L, 2, 3), _t(L, 2, 2)), RuntimeError, "size"),
    R("sub_shape_3d", lambda L: L.sub(_t(L, 2, 3, 4), _t(L, 3, 3, 1)), RuntimeError, "size"),
    R("where_shape", lambda L: L.where(_t(L, 3) > 0, _t(L, 2, 2), _t(L, 3)), RuntimeError, "size"),
    R("maximum_shape", lambda L: L.maximum(_t(L, 5), _t(L, 4)), RuntimeError, "size"),
    R("inplace_bcast_grows", lambda L: _t(L, 3).add_(_t(L, 2, 3)), RuntimeError, "broadcast"),
    R(
        "inplace_int_from_float",
        lambda L: L.ones(3, dtype=L.int64).add_(_t(L, 3)),
        RuntimeError,
        "cast",
    ),
    R(
        "inplace_int_mul_float_scalar",
        lambda L: L.ones(3, dtype=L.int64).mul_(1.5),
        RuntimeError,
        "cast",
    ),
    R("sub_bool", lambda L: L.tensor([True]) - L.tensor([False]), RuntimeError, "bool"),
    R("neg_bool", lambda L: -L.tensor([True]), RuntimeError, "bool"),
    R(
        "where_cond_not_bool",
        lambda L: L.where(_t(L, 3), _t(L, 3), _t(L, 3)),
        RuntimeError,
        ("bool", "Bool"),
    ),
    R("clamp_no_bounds", lambda L: L.clamp(_t(L, 3)), RuntimeError, ("min", "max")),
    # ---- linear algebra
    R("mm_shape", lambda L: L.mm(_t(L, 2, 3), _t(L, 4, 5)), RuntimeError, "cannot be multiplied"),
    R("mm_1d", lambda L: L.mm(_t(L, 3), _t(L, 3, 2)), RuntimeError, ("matrix", "2D", "2-d")),
    R("mm_dtype", lambda L: L.mm(_t(L, 2, 2), _t(L, 2, 2, dtype=L.float64)), RuntimeError, "dtype"),
    R(
        "matmul_shape",
        lambda L: L.matmul(_t(L, 2, 3), _t(L, 4)),
        RuntimeError,
        ("size", "mismatch", "shape"),
    ),
    R(
        "matmul_batch_shape",
        lambda L: _t(L, 2, 3, 4) @ _t(L, 3, 4, 5),
        RuntimeError,
        ("size", "match"),
    ),
    R("matmul_0d", lambda L: L.matmul(_t(L), _t(L, 3)), RuntimeError, ("dimension", "1D", "0")),
    R("bmm_2d", lambda L: L.bmm(_t(L, 2, 3), _t(L, 3, 2)), RuntimeError, ("3D", "3-d")),
    R(
        "bmm_batch",
        lambda L: L.bmm(_t(L, 2, 3, 4), _t(L, 3, 4, 5)),
        RuntimeError,
        ("batch", "size"),
    ),
    R(
        "addmm_bias",
        lambda L: L.addmm(_t(L, 4), _t(L, 2, 3), _t(L, 3, 5)),
        RuntimeError,
        ("size", "match", "expand"),
    ),
    # ---- indexing
    R("index_int_range", lambda L: _t(L, 3)[5], IndexError, "out of"),
    R("index_neg_range", lambda L: _t(L, 3)[-4], IndexError, "out of"),
    R("index_dim1_range", lambda L: _t(L, 2, 3)[0, 3], IndexError, "out of"),
    R("index_too_many", lambda L: _t(L, 2, 3)[0, 0, 0], IndexError, "too many indices"),
    R("index_0d", lambda L: _t(L)[0], IndexError, ("0-dim", "dimension")),
    R("index_float", lambda L: _t(L, 3)[1.5], IndexError, "only integers"),
    R("index_str", lambda L: _t(L, 3)["a"], TypeError, "str"),
    R("index_tensor_range", lambda L: _t(L, 3)[L.tensor([0, 3])], IndexError, "out of"),
    R("index_list_range", lambda L: _t(L, 3, 2)[:, [0, 2]], IndexError, "out of"),
    R("index_float_tensor", lambda L: _t(L, 3)[_t(L, 2)], IndexError, ("integer", "long", "int")),
    R(
        "index_mask_shape",
        lambda L: _t(L, 3)[L.tensor([True, False])],
        IndexError,
        ("shape", "mask"),
    ),
    R("index_step_zero", lambda L: _t(L, 3)[::0], ValueError, "step"),
    R("index_step_negative", lambda L: _t(L, 3)[::-1], ValueError, ("step", "negative")),
    R(
        "setitem_shape",
        lambda L: _t(L, 2, 3).__setitem__(0, _t(L, 4)),
        RuntimeError,
        ("size", "shape"),
    ),
    R("select_range", lambda L: _t(L, 2, 3).select(1, 3), IndexError, "out of"),
    R(
        "index_select_range",
        lambda L: L.index_select(_t(L, 3, 2), 0, L.tensor([3])),
        IndexError,
        "out of",
    ),
    R(
        "index_select_2d_index",
        lambda L: L.index_select(_t(L, 3, 2), 0, L.tensor([[0]])),
        IndexError,
        ("1-D", "1D", "0-D", "vector"),
    ),
    R(
        "index_select_float_index",
        lambda L: L.index_select(_t(L, 3, 2), 0, _t(L, 1)),
        RuntimeError,
        ("int", "Long", "dtype"),
    ),
    R(
        "gather_range",
        lambda L: L.gather(_t(L, 2, 3), 1, L.tensor([[0], [3]])),
        RuntimeError,
        "out of bounds",
    ),
    R(
        "gather_ndim",
        lambda L: L.gather(_t(L, 2, 3), 1, L.tensor([0, 1])),
        RuntimeError,
        ("dimensions", "same number"),
    ),
    R(
        "scatter_add_range",
        lambda L: L.scatter_add(_t(L, 2, 3), 1, L.tensor([[5], [0]]), _t(L, 2, 1)),
        RuntimeError,
        "out of bounds",
    ),
    R(
        "index_add_shape",
        lambda L: L.index_add(_t(L, 3, 2), 0, L.tensor([0, 1]), _t(L, 2, 3)),
        RuntimeError,
        ("size", "shape", "match"),
    ),
    # ---- dims
    R("sum_dim", lambda L: _t(L, 2, 3).sum(2), IndexError, "Dimension out of range"),
    R("sum_neg_dim", lambda L: _t(L, 2, 3).sum(-3), IndexError, "Dimension out of range"),
    R("mean_dims_tuple", lambda L: _t(L, 2, 3).mean((0, 5)), IndexError, "Dimension out of range"),
    R(
        "sum_dup_dims",
        lambda L: _t(L, 2, 3).sum((1, -1)),
        RuntimeError,
        ("appears multiple times", "repeated", "duplicate"),
    ),
    R("softmax_dim", lambda L: L.softmax(_t(L, 2, 3), 2), IndexError, "Dimension out of range"),
    R("max_dim", lambda L: _t(L, 2, 3).max(dim=3), IndexError, "Dimension out of range"),
    R("argmax_dim", lambda L: _t(L, 2, 3).argmax(-3), IndexError, "Dimension out of range"),
    R("transpose_dim", lambda L: _t(L, 2, 3).transpose(0, 5), IndexError, "Dimension out of range"),
    R("unsqueeze_dim", lambda L: _t(L, 2, 3).unsqueeze(4), IndexError, "Dimension out of range"),
    R("squeeze_dim", lambda L: _t(L, 2, 3).squeeze(2), IndexError, "Dimension out of range"),
    R("flatten_dims", lambda L: _t(L, 2, 3).flatten(1, 0), RuntimeError, ("start_dim", "end_dim")),
    R("cat_dim", lambda L: L.cat([_t(L, 2), _t(L, 2)], 1), IndexError, "Dimension out of range"),
    R(
        "stack_dim",
        lambda L: L.stack([_t(L, 2), _t(L, 2)], 3),
        IndexError,
        "Dimension out of range",
    ),
    R("sum_0d_dim1", lambda L: _t(L).sum(1), IndexError, "Dimension out of range"),
    R(
        "permute_len",
        lambda L: _t(L, 2, 3).permute(1, 0, 2),
        RuntimeError,
        ("number of dims", "dims"),
    ),
    R("permute_repeat", lambda L: _t(L, 2, 3).permute(1, 1), RuntimeError, ("repeated", "dim")),
    R("t_3d", lambda L: _t(L, 2, 3, 4).t(), RuntimeError, ("<= 2", "2-D", "2D")),
    # ---- views, reshapes, expand
    R("view_numel", lambda L: _t(L, 2, 3).view(4), RuntimeError, "invalid for input of size"),
    R(
        "view_noncontig",
        lambda L: _t(L, 2, 3).t().view(6),
        RuntimeError,
        ("view size is not compatible", "stride"),
    ),
    R(
        "view_two_infer",
        lambda L: _t(L, 2, 3).view(-1, -1),
        RuntimeError,
        "only one dimension can be inferred",
    ),
    R(
        "view_neg",
        lambda L: _t(L, 2, 3).view(-2, 3),
        RuntimeError,
        ("invalid shape dimension", "-2"),
    ),
    R("reshape_numel", lambda L: _t(L, 2, 3).reshape(5), RuntimeError, "invalid for input of size"),
    R("expand_bad", lambda L: _t(L, 2, 3).expand(4, 3), RuntimeError, "expanded size"),
    R(
        "expand_fewer_dims",
        lambda L: _t(L, 2, 3).expand(3),
        RuntimeError,
        ("number of sizes", "dims", "dimensions"),
    ),
    R(
        "expand_neg_new_dim",
        lambda L: _t(L, 3).expand(-1, 3),
        RuntimeError,
        ("-1", "not allowed", "leading"),
    ),
    # ---- cat / stack
    R(
        "cat_shapes",
        lambda L: L.cat([_t(L, 2, 3), _t(L, 2, 4)]),
        RuntimeError,
        "Sizes of tensors must match",
    ),
    R(
        "cat_ndim",
        lambda L: L.cat([_t(L, 2, 3), _t(L, 3)]),
        RuntimeError,
        ("same number of dimensions", "dimensions"),
    ),
    R("cat_empty_list", lambda L: L.cat([]), (RuntimeError, ValueError), "non-empty"),
    R("cat_tensor_arg", lambda L: L.cat(_t(L, 2, 3)), TypeError, ("tuple", "list", "sequence")),
    R("cat_non_tensor_elem", lambda L: L.cat([_t(L, 2), 3]), TypeError, ("Tensor", "tensor")),
    R("stack_shapes", lambda L: L.stack([_t(L, 2, 3), _t(L, 3, 2)]), RuntimeError, "equal size"),
    R(
        "stack_empty",
        lambda L: L.stack([]),
        (RuntimeError, ValueError),
        ("non-empty", "at least one"),
    ),
    # ---- nn functions
    R(
        "conv2d_channels",
        lambda L: F(L).conv2d(_t(L, 1, 3, 5, 5), _t(L, 2, 4, 3, 3)),
        RuntimeError,
        "channels",
    ),
    R(
        "conv2d_kernel_big",
        lambda L: F(L).conv2d(_t(L, 1, 1, 2, 2), _t(L, 1, 1, 3, 3)),
        RuntimeError,
        ("Kernel size", "too small"),
    ),
    R(
        "conv2d_groups",
        lambda L: F(L).conv2d(_t(L, 1, 4, 5, 5), _t(L, 3, 2, 3, 3), groups=2),
        RuntimeError,
        ("groups", "divisible"),
    ),
    R(
        "conv2d_weight_dims",
        lambda L: F(L).conv2d(_t(L, 1, 3, 5, 5), _t(L, 2, 3, 3)),
        RuntimeError,
        ("4-dimensional", "weight", "dimensions"),
    ),
    R(
        "conv2d_input_dims",
        lambda L: F(L).conv2d(_t(L, 3, 5), _t(L, 2, 3, 3, 3)),
        RuntimeError,
        ("3D", "4D", "dimension", "3-d"),
    ),
    R(
        "conv2d_bias_size",
        lambda L: F(L).conv2d(_t(L, 1, 3, 5, 5), _t(L, 2, 3, 3, 3), _t(L, 3)),
        RuntimeError,
        ("bias", "elements"),
    ),
    R(
        "conv2d_stride0",
        lambda L: F(L).conv2d(_t(L, 1, 1, 5, 5), _t(L, 1, 1, 3, 3), stride=0),
        RuntimeError,
        ("stride", "positive"),
    ),
    R(
        "max_pool_kernel_big",
        lambda L: F(L).max_pool2d(_t(L, 1, 1, 2, 2), 3),
        RuntimeError,
        ("too small", "Output size"),
    ),
    R(
        "max_pool_pad",
        lambda L: F(L).max_pool2d(_t(L, 1, 1, 6, 6), 2, padding=2),
        RuntimeError,
        ("pad", "half"),
    ),
    R(
        "cross_entropy_target_range",
        lambda L: F(L).cross_entropy(_t(L, 3, 5), L.tensor([0, 5, 1])),
        IndexError,
        "out of bounds",
    ),
    R(
        "cross_entropy_target_neg",
        lambda L: F(L).cross_entropy(_t(L, 3, 5), L.tensor([0, -2, 1])),
        IndexError,
        "out of bounds",
    ),
    R(
        "nll_loss_target_range",
        lambda L: F(L).nll_loss(_t(L, 2, 4), L.tensor([4, 0])),
        IndexError,
        "out of bounds",
    ),
    R(
        "cross_entropy_batch",
        lambda L: F(L).cross_entropy(_t(L, 3, 5), L.tensor([0, 1])),
        ValueError,
        "batch_size",
    ),
    R(
        "cross_entropy_float_target_shape",
        lambda L: F(L).cross_entropy(_t(L, 3, 5), _t(L, 3, 4)),
        (RuntimeError, ValueError),
        "target",
    ),
    R(
        "nll_loss_bad_reduction",
        lambda L: F(L).nll_loss(_t(L, 2, 4), L.tensor([1, 0]), reduction="avg"),
        ValueError,
        ("reduction", "avg"),
    ),
    R("mse_loss_shape", lambda L: F(L).mse_loss(_t(L, 2, 3), _t(L, 2, 4)), RuntimeError, "size"),
    R(
        "linear_shape",
        lambda L: F(L).linear(_t(L, 2, 3), _t(L, 4, 5)),
        RuntimeError,
        ("cannot be multiplied", "size", "shape"),
    ),
    R("dropout_p", lambda L: F(L).dropout(_t(L, 3), 1.5), ValueError, "dropout probability"),
    # ---- integer division by zero
    R(
        "int_floordiv_zero",
        lambda L: L.tensor([1, 2]) // L.tensor([1, 0]),
        RuntimeError,
        "ZeroDivisionError",
    ),
    R(
        "int_div_trunc_zero",
        lambda L: L.div(L.tensor([3]), L.tensor([0]), rounding_mode="trunc"),
        RuntimeError,
        "ZeroDivisionError",
    ),
    R(
        "int_div_floor_scalar_zero",
        lambda L: L.div(L.tensor([3]), 0, rounding_mode="floor"),
        RuntimeError,
        "ZeroDivisionError",
    ),
    R(
        "int_inplace_floordiv_zero",
        lambda L: L.tensor([3]).div_(L.tensor([0]), rounding_mode="floor"),
        RuntimeError,
        "ZeroDivisionError",
    ),
    R(
        "div_bad_mode",
        lambda L: L.div(_t(L, 2), _t(L, 2), rounding_mode="round"),
        RuntimeError,
        ("rounding_mode", "round"),
    ),
    # ---- wrong argument types
    R("add_str", lambda L: L.add(_t(L, 2), "a"), TypeError, ("str", "argument")),
    R("op_none", lambda L: _t(L, 2) + None, TypeError, ("NoneType", "unsupported")),
    R("zeros_str", lambda L: L.zeros("a"), TypeError, ("str", "argument")),
    R("zeros_float_size", lambda L: L.zeros(2.5), TypeError, ("float", "argument")),
    R("sum_dim_str", lambda L: _t(L, 2).sum(dim="a"), TypeError, ("str", "argument")),
    R("view_str", lambda L: _t(L, 2).view("a"), TypeError, ("str", "argument")),
    R("tensor_str", lambda L: L.tensor("abc"), TypeError, ("str", "dtype")),
    R(
        "tensor_ragged",
        lambda L: L.tensor([[1, 2], [3]]),
        ValueError,
        ("sequence", "ragged", "shape"),
    ),
    R("exp_of_list", lambda L: L.exp([1.0, 2.0]), TypeError, ("list", "Tensor")),
    R("dtype_str", lambda L: L.ones(2, dtype="float32"), TypeError, ("dtype", "str")),
    R("from_numpy_list", lambda L: L.from_numpy([1, 2]), TypeError, ("ndarray", "numpy")),
    # torch has complex dtypes, pyt does not
    R(
        "from_numpy_complex",
        lambda L: L.from_numpy(np.ones(2, dtype=np.complex64)),
        TypeError,
        ("complex", "type"),
        torch_raises=False,
        both_words=False,
    ),
    R(
        "from_numpy_object",
        lambda L: L.from_numpy(np.array([object()])),
        TypeError,
        ("object", "type"),
    ),
    R("item_many", lambda L: _t(L, 2).item(), RuntimeError, ("elements", "cannot be converted")),
    R(
        "matmul_int_float",
        lambda L: L.tensor([[1]]) @ _t(L, 1, 1),
        RuntimeError,
        ("dtype", "same", "Float", "Long"),
    ),
    # ---- dtypes and values
    R("mean_int", lambda L: L.tensor([1, 2]).mean(), RuntimeError, ("dtype", "Long", "floating")),
    R(
        "softmax_int",
        lambda L: L.softmax(L.tensor([1, 2]), 0),
        (RuntimeError, NotImplementedError),
        ("Long", "int64"),
    ),
    R(
        "abs_bool",
        lambda L: L.abs(L.tensor([True])),
        (RuntimeError, NotImplementedError),
        ("Bool", "bool"),
    ),
    R("relu_bool", lambda L: L.relu(L.tensor([True])), RuntimeError, ("Bool", "bool", "Boolean")),
    R("argmax_bool", lambda L: L.argmax(L.tensor([True, False])), RuntimeError, ("bool", "Bool")),
    R("max_empty", lambda L: L.ones(0).max(), RuntimeError, ("numel() == 0", "empty")),
    R("argmax_empty", lambda L: L.ones(0, 3).argmax(), IndexError, ("numel() == 0", "empty")),
    R(
        "max_dim_empty",
        lambda L: L.ones(2, 0).max(1),
        IndexError,
        ("non-zero size", "empty", "size 0"),
    ),
    R(
        "randint_bounds",
        lambda L: L.randint(5, 3, (2,)),
        RuntimeError,
        ("from", "less", "low", "high"),
    ),
    R("randint_size_int", lambda L: L.randint(0, 3, 2), TypeError, ("size", "tuple", "argument")),
    R("linspace_neg", lambda L: L.linspace(0, 1, -1), RuntimeError, ("non-negative", "steps")),
    R("arange_step0", lambda L: L.arange(0, 3, 0), RuntimeError, ("step", "nonzero", "zero")),
    R("arange_sign", lambda L: L.arange(0, 3, -1), RuntimeError, ("sign", "bound")),
    R("zeros_neg", lambda L: L.zeros(2, -1), RuntimeError, ("negative", "dimension")),
    R("eye_neg", lambda L: L.eye(-1), RuntimeError, ("negative", "n")),
    R("randperm_neg", lambda L: L.randperm(-1), RuntimeError, ("n", "non-negative", "negative")),
    R("bool_of_many", lambda L: bool(_t(L, 2)), RuntimeError, "ambiguous"),
    R(
        "float_of_many",
        lambda L: float(_t(L, 2)),
        (RuntimeError, TypeError, ValueError),
        ("only", "elements", "converted"),
    ),
    R(
        "requires_grad_int",
        lambda L: L.ones(2, dtype=L.int64).requires_grad_(),
        RuntimeError,
        "floating point",
    ),
]


# Known pyt gaps, strict xfail until fixed.
KNOWN_BUGS = {}


def _matches(msg, words):
    low = msg.lower()
    return any(w.lower() in low for w in words)


def _row_param(r):
    marks = [pytest.mark.xfail(reason=KNOWN_BUGS[r.id], strict=True)] if r.id in KNOWN_BUGS else []
    return pytest.param(r, id=r.id, marks=marks)


@pytest.mark.filterwarnings("ignore:Using a target size")
@pytest.mark.filterwarnings("ignore:Using a non-tuple sequence")
@pytest.mark.parametrize("row", [_row_param(r) for r in ERRORS])
def test_error_matches_torch(row):
    exc = row.exc if isinstance(row.exc, tuple) else (row.exc,)
    if row.torch_raises:
        with pytest.raises(Exception) as t_err:
            row.call(torch)
        assert isinstance(t_err.value, exc), (
            f"table error: torch raised {type(t_err.value).__name__}: {t_err.value}"
        )
        t_type = type(t_err.value)
        if row.both_words:
            assert _matches(str(t_err.value), row.words), (
                f"table error: torch's message: {t_err.value}"
            )
    else:
        row.call(torch)  # torch computes it: the error is pyt's documented limitation
        t_type = None
    with pytest.raises(Exception) as p_err:
        row.call(pyt)
    got = p_err.value
    if t_type is not None:
        assert isinstance(got, t_type), (
            f"pyt raised {type(got).__name__}: {got}; torch raises {t_type.__name__}"
        )
    assert isinstance(got, exc), f"pyt raised {type(got).__name__}: {got}"
    assert _matches(str(got), row.words), f"pyt's message lacks {row.words}: {got}"


def test_errors_do_not_crash_the_process():
    """Runs every error row's pyt call in a child process: a crash (segfault, abort) shows as a
    failure here instead of killing the test run."""
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(__file__.rsplit("/", 1)[0])!r})
        import test_errors as te
        import pyt
        for row in te.ERRORS:
            try:
                row.call(pyt)
            except Exception:
                pass
        print("survived", len(te.ERRORS))
    """)
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert r.returncode == 0, f"child died with {r.returncode}: {r.stderr[-2000:]}"
    assert "survived" in r.stdout


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda L: L.tensor([1, -1, 0]) / L.tensor([0, 0, 0]), id="int_true_div"),
        pytest.param(
            lambda L: L.tensor([1.0, -1.0, 0.0]) // L.tensor([0.0, 0.0, 0.0]), id="float_floordiv"
        ),
        pytest.param(
            lambda L: L.div(L.tensor([1.0, -2.0]), 0, rounding_mode="trunc"),
            id="float_trunc_scalar",
        ),
    ],
)
def test_division_by_zero_that_is_not_an_error(call):
    p, t = call(pyt), call(torch)
    np.testing.assert_array_equal(p.numpy(), t.numpy())
    assert str(p.dtype).split(".")[-1] == str(t.dtype).split(".")[-1]
