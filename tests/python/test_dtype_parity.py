"""dtype parity of pyt's core ops against torch, for each of the ten dtypes.

For every op of the tensor core (elementwise math, comparisons, logical and bitwise ops,
reductions, shape ops, indexing ops, matrix products) and every dtype (bool, uint8, int8,
int16, int32, int64, float16, bfloat16, float32, float64) the op runs in torch on small inputs
of that dtype. If torch succeeds, pyt must succeed with the same result dtype, shape and values
(exact for integers and bool, torch.testing's default tolerances for floats, NaN at the same
places); if torch raises, pyt must raise the same exception type.
"""

import numpy as np
import pytest
import pyt
import torch

DTYPES = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64")
# torch.testing.assert_close's defaults per dtype: (rtol, atol).
TOL = {"float16": (1e-3, 1e-5), "bfloat16": (1.6e-2, 1e-5), "float32": (1.3e-6, 1e-5), "float64": (1e-7, 1e-7)}

# Input values per kind of dtype: x and y are (2, 3); y has no zeros (integer division).
VALUES = {
    "bool": ([[True, False, True], [True, False, False]], [[False, False, True], [True, True, False]]),
    "unsigned": ([[0, 1, 2], [3, 5, 7]], [[1, 2, 3], [1, 2, 4]]),
    "signed": ([[-3, -1, 0], [2, 5, 7]], [[2, -3, 1], [4, -2, 3]]),
    "float": ([[-1.5, -0.25, 0.0], [0.5, 2.0, 3.25]], [[0.75, -2.0, 1.5], [3.0, -0.5, 2.0]]),
}


def _kind(name):
    if name == "bool":
        return "bool"
    if name == "uint8":
        return "unsigned"
    return "float" if name.startswith(("float", "bfloat")) else "signed"


def _make(lib, values, name):
    """A tensor of lib (pyt or torch) holding values in dtype name (bfloat16 via float32)."""
    arr = np.array(values)
    if name == "bfloat16":
        return lib.tensor(arr.astype(np.float32)).to(getattr(lib, name))
    return lib.tensor(arr.astype(np.dtype(name) if name != "bool" else np.bool_))


class Inputs:
    """The inputs of one case in one library: x, y (2, 3) and a (3, 3) of the dtype, a batch
    b (2, 3, 3), vectors v, w (3,), xn (x with nan and inf for floats), a bool mask, and
    int64 index tensors."""

    def __init__(self, lib, name):
        xv, yv = VALUES[_kind(name)]
        self.lib = lib
        self.x = _make(lib, xv, name)
        self.y = _make(lib, yv, name)
        self.a = _make(lib, [xv[0], yv[1], xv[1]], name)
        self.b = _make(lib, [[xv[0], yv[1], xv[1]], [yv[0], xv[1], yv[1]]], name)
        self.v = _make(lib, xv[1], name)
        self.w = _make(lib, yv[0], name)
        xn = [list(r) for r in xv]
        if _kind(name) == "float":
            xn[0][1], xn[1][0], xn[1][2] = float("nan"), float("inf"), float("-inf")
        self.xn = _make(lib, xn, name)
        self.mask = lib.tensor([[True, False, True], [False, False, True]])
        self.idx = lib.tensor([2, 0, 2])  # index_select/index_add/index_copy along dim 1
        self.g = lib.tensor([[0, 2, 1], [1, 1, 0]])  # gather/scatter index (dim 1)
        self.si = lib.tensor([[0, 0, 1], [2, 2, 2]])  # scatter index with duplicates
        self.idx0 = lib.tensor([1, 0, 1])  # index along dim 0 for index_add etc
        self.src = self.y
        self.flat = lib.tensor([5, 0, 3])


def _cases():
    c = {}
    unary = ["abs", "neg", "exp", "exp2", "log", "log2", "log10", "log1p", "expm1", "sqrt", "rsqrt", "sin", "cos",
             "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "sigmoid", "relu",
             "erf", "erfinv", "floor", "ceil", "round", "trunc", "frac", "sign", "reciprocal", "square", "isnan",
             "isinf", "isfinite", "nan_to_num", "logical_not", "bitwise_not"]
    for n in unary:
        c[n] = lambda T, d, n=n: getattr(T, n)(d.x)
        c[n + "_method"] = lambda T, d, n=n: getattr(d.x, n)()
    for n in ["isnan", "isinf", "isfinite", "nan_to_num", "abs", "sign", "exp", "floor", "round", "sigmoid", "relu"]:
        c[n + "_nan"] = lambda T, d, n=n: getattr(T, n)(d.xn)
    # 0-d and empty inputs
    for n in ["abs", "neg", "exp", "sqrt", "sigmoid", "floor", "round", "sign", "reciprocal", "isnan", "asinh",
              "logical_not", "bitwise_not"]:
        c[n + "_0d"] = lambda T, d, n=n: getattr(T, n)(d.x[1, 2])
        c[n + "_empty"] = lambda T, d, n=n: getattr(T, n)(d.x[:0])
    for n in ["add", "mul", "div", "remainder", "maximum", "pow", "eq", "bitwise_or", "logical_xor", "atan2"]:
        c[n + "_0d_tensor"] = lambda T, d, n=n: getattr(T, n)(d.x, d.y[0, 0])
        c[n + "_empty"] = lambda T, d, n=n: getattr(T, n)(d.x[:0], d.y[:0])
    for n in ["sum", "mean", "prod", "amax", "argmax", "var", "logsumexp", "all", "any", "count_nonzero", "cumsum"]:
        c[n + "_empty_dim"] = lambda T, d, n=n: getattr(T, n)(d.x[:, :0], 1)
    # non-contiguous inputs
    for n in ["abs", "exp", "round", "sign", "isfinite"]:
        c[n + "_noncontig"] = lambda T, d, n=n: getattr(T, n)(d.x.t())
    for n in ["add", "mul", "floor_divide", "minimum", "lt", "bitwise_xor"]:
        c[n + "_noncontig"] = lambda T, d, n=n: getattr(T, n)(d.x.t(), d.y.t())
    for n in ["sum", "prod", "max", "argmin", "std", "cumprod", "any"]:
        c[n + "_noncontig"] = lambda T, d, n=n: getattr(T, n)(d.a.t(), 0)
    c["sort_noncontig"] = lambda T, d: T.sort(d.a.t(), 1)
    c["gather_noncontig"] = lambda T, d: T.gather(d.a.t(), 1, d.g.t())
    c["matmul_noncontig"] = lambda T, d: T.matmul(d.a.t(), d.x.t())
    c["max_empty"] = lambda T, d: T.max(d.x[:0])
    c["sum_0d"] = lambda T, d: T.sum(d.x[0, 0])
    c["nan_to_num_args"] = lambda T, d: T.nan_to_num(d.xn, nan=1.0, posinf=2.0, neginf=-3.0)
    c["round_decimals"] = lambda T, d: T.round(d.x, decimals=1)
    c["round_decimals_neg"] = lambda T, d: T.round(d.x * 37, decimals=-1)
    binary = ["add", "sub", "mul", "div", "floor_divide", "remainder", "fmod", "maximum", "minimum", "pow", "atan2",
              "hypot", "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor", "bitwise_and",
              "bitwise_or", "bitwise_xor"]
    for n in binary:
        c[n] = lambda T, d, n=n: getattr(T, n)(d.x, d.y)
        c[n + "_method"] = lambda T, d, n=n: getattr(d.x, n)(d.y)
        c[n + "_bcast"] = lambda T, d, n=n: getattr(T, n)(d.x, d.w)
    # the extra family (ops/extra.h and python/pyt/_extra_ops.py)
    for n in ["lgamma", "digamma", "sinc", "i0", "deg2rad", "rad2deg", "logit", "sgn", "signbit", "fix", "absolute",
              "negative", "arcsin", "arccos", "arctan", "arcsinh", "arccosh", "arctanh", "positive"]:
        c[n] = lambda T, d, n=n: getattr(T, n)(d.x)
        if n != "signbit":  # a bfloat16 NaN made by pyt has no sign bit where torch's has one
            c[n + "_nan"] = lambda T, d, n=n: getattr(T, n)(d.xn)
    for n in ["bitwise_left_shift", "bitwise_right_shift", "copysign", "heaviside", "fmax", "fmin", "logaddexp",
              "logaddexp2", "nextafter", "xlogy", "ldexp", "float_power", "arctan2"]:
        c[n] = lambda T, d, n=n: getattr(T, n)(d.x, d.y)
        c[n + "_bcast"] = lambda T, d, n=n: getattr(T, n)(d.x, d.w)
        c[n + "_nan"] = lambda T, d, n=n: getattr(T, n)(d.xn, d.y)
    c["polygamma_2"] = lambda T, d: T.polygamma(2, d.x)
    c["logit_eps"] = lambda T, d: T.logit(d.x, eps=0.25)
    c["lshift_int_scalar"] = lambda T, d: d.x << 2
    c["rshift_int_scalar"] = lambda T, d: d.x >> 1
    c["copysign_float_scalar"] = lambda T, d: T.copysign(d.x, -2.5)
    c["xlogy_scalar_self"] = lambda T, d: T.xlogy(2, d.y)
    c["float_power_scalar"] = lambda T, d: T.float_power(d.x, 2)
    for n in ["diag", "trace", "rot90", "diagflat", "fliplr", "flipud", "block_diag", "atleast_3d"]:
        c[n] = lambda T, d, n=n: getattr(T, n)(d.x)
    c["diag_embed"] = lambda T, d: T.diag_embed(d.x, 1)
    c["cross"] = lambda T, d: T.linalg.cross(d.x, d.y)
    c["cdist"] = lambda T, d: T.cdist(d.x, d.a)
    c["kron"] = lambda T, d: T.kron(d.x, d.y)
    c["tensordot"] = lambda T, d: T.tensordot(d.x, d.a, dims=1)
    c["repeat_interleave"] = lambda T, d: T.repeat_interleave(d.x, 2, dim=1)
    c["cartesian_prod"] = lambda T, d: T.cartesian_prod(d.v, d.w)
    for n in ["add", "sub", "mul", "div", "remainder", "fmod", "pow", "maximum", "eq", "lt"]:
        c[n + "_nan"] = lambda T, d, n=n: getattr(T, n)(d.xn, d.y)
    for n in ["add", "sub", "mul", "div", "floor_divide", "remainder", "fmod", "pow", "eq", "lt", "bitwise_and",
              "logical_and"]:
        c[n + "_int_scalar"] = lambda T, d, n=n: getattr(T, n)(d.x, 2)
    for n in ["add", "sub", "mul", "div", "remainder", "fmod", "pow", "eq", "gt"]:
        c[n + "_float_scalar"] = lambda T, d, n=n: getattr(T, n)(d.x, 2.5)
    c["add_alpha"] = lambda T, d: T.add(d.x, d.y, alpha=2)
    c["sub_alpha"] = lambda T, d: T.sub(d.x, d.y, alpha=2)
    c["add_bool_alpha"] = lambda T, d: T.add(d.x, d.y, alpha=True)
    c["div_trunc"] = lambda T, d: T.div(d.x, d.y, rounding_mode="trunc")
    c["div_floor"] = lambda T, d: T.div(d.x, d.y, rounding_mode="floor")
    c["pow_scalar_base"] = lambda T, d: T.pow(2, d.x)
    c["clamp"] = lambda T, d: T.clamp(d.x, 0, 2)
    c["clamp_min"] = lambda T, d: T.clamp(d.x, min=1)
    c["clamp_float"] = lambda T, d: T.clamp(d.x, -0.5, 1.5)
    c["clamp_tensor"] = lambda T, d: T.clamp(d.x, d.y)
    c["clamp_nan"] = lambda T, d: T.clamp(d.xn, 0, 2)
    c["lerp"] = lambda T, d: T.lerp(d.x, d.y, 0.25)
    c["lerp_tensor"] = lambda T, d: T.lerp(d.x, d.y, d.y)
    c["where"] = lambda T, d: T.where(d.mask, d.x, d.y)
    c["where_scalar"] = lambda T, d: T.where(d.mask, d.x, 0)
    c["where_float_scalar"] = lambda T, d: T.where(d.mask, d.x, 0.5)
    # reductions
    for n in ["sum", "mean", "prod", "max", "min", "amax", "amin", "argmax", "argmin", "var", "std", "norm",
              "logsumexp", "all", "any", "count_nonzero"]:
        if n not in ("amax", "amin", "logsumexp"):
            c[n] = lambda T, d, n=n: getattr(T, n)(d.x)
        c[n + "_dim"] = lambda T, d, n=n: getattr(T, n)(d.x, 1)
    for n in ["sum", "mean", "amax", "max", "argmin", "logsumexp", "all", "count_nonzero"]:
        c[n + "_dim0_keepdim"] = (lambda T, d, n=n: getattr(T, n)(d.x, 0, keepdim=True)) if n != "count_nonzero" \
            else (lambda T, d: T.count_nonzero(d.x, 0))
    for n in ["sum", "max", "min", "amax", "argmax", "mean", "prod", "var", "logsumexp", "cumsum"]:
        c[n + "_nan"] = lambda T, d, n=n: getattr(T, n)(d.xn, 1)
    c["sum_dtype"] = lambda T, d: T.sum(d.x, 1, dtype=T.float64)
    c["sum_dtype_bool"] = lambda T, d: T.sum(d.x, 1, dtype=T.bool)
    c["prod_dtype_bool"] = lambda T, d: T.prod(d.x, 0, dtype=T.bool)
    c["prod_all_dtype_bool"] = lambda T, d: T.prod(d.x, dtype=T.bool)
    c["sum_dtype_int"] = lambda T, d: T.sum(d.x, 0, dtype=T.int32)
    c["sum_tuple_dims"] = lambda T, d: T.sum(d.b, (0, 2))
    c["var_correction0"] = lambda T, d: T.var(d.x, 1, correction=0)
    c["std_unbiased_false"] = lambda T, d: T.std(d.x, 0, unbiased=False)
    c["norm_p1"] = lambda T, d: T.norm(d.x, 1)
    c["norm_inf"] = lambda T, d: T.norm(d.x, float("inf"), dim=1)
    c["cumsum"] = lambda T, d: T.cumsum(d.x, 1)
    c["cumprod"] = lambda T, d: T.cumprod(d.x, 0)
    c["cumsum_dtype"] = lambda T, d: T.cumsum(d.x, 0, dtype=T.float32)
    c["mean_dtype"] = lambda T, d: T.mean(d.x, 1, dtype=T.float64)
    # shape ops
    shape = {
        "reshape": lambda T, d: T.reshape(d.x, (3, 2)),
        "view": lambda T, d: d.x.view(6),
        "t": lambda T, d: T.t(d.x),
        "transpose": lambda T, d: T.transpose(d.b, 0, 2),
        "permute": lambda T, d: T.permute(d.b, (2, 0, 1)),
        "flatten": lambda T, d: T.flatten(d.b, 1),
        "squeeze": lambda T, d: T.squeeze(d.x.reshape(2, 1, 3)),
        "unsqueeze": lambda T, d: T.unsqueeze(d.x, 1),
        "expand": lambda T, d: d.w.expand(2, 3),
        "cat": lambda T, d: T.cat([d.x, d.y], 1),
        "cat_mixed": lambda T, d: T.cat([d.x, d.y.to(T.float32)]),
        "stack": lambda T, d: T.stack([d.x, d.y]),
        "flip": lambda T, d: T.flip(d.x, (0, 1)),
        "roll": lambda T, d: T.roll(d.x, 1, 1),
        "tril": lambda T, d: T.tril(d.a),
        "triu": lambda T, d: T.triu(d.a, 1),
        "split": lambda T, d: T.split(d.x, 2, 1),
        "chunk": lambda T, d: T.chunk(d.x, 2, 1),
        "unbind": lambda T, d: T.unbind(d.x),
        "repeat": lambda T, d: d.x.repeat(2, 1),
        "tile": lambda T, d: T.tile(d.x, (2,)),
        "movedim": lambda T, d: T.movedim(d.b, 0, 2),
        "diagonal": lambda T, d: T.diagonal(d.a),
        "hstack": lambda T, d: T.hstack([d.x, d.y]),
        "vstack": lambda T, d: T.vstack([d.x, d.y]),
        "narrow": lambda T, d: T.narrow(d.x, 1, 1, 2),
        "select": lambda T, d: T.select(d.x, 1, 2),
        "clone": lambda T, d: T.clone(d.x.t()),
        "contiguous": lambda T, d: d.x.t().contiguous(),
        "unflatten": lambda T, d: T.unflatten(d.v.repeat(2), 0, (2, 3)),
        "swapaxes": lambda T, d: T.swapaxes(d.b, 0, 1),
    }
    c.update(shape)
    # indexing ops
    idx = {
        "index_select": lambda T, d: T.index_select(d.x, 1, d.idx),
        "gather": lambda T, d: T.gather(d.x, 1, d.g),
        "scatter": lambda T, d: T.scatter(d.x, 1, d.g, d.src),
        "scatter_value": lambda T, d: T.scatter(d.x, 1, d.g, 1),
        "scatter_add": lambda T, d: T.scatter_add(d.x, 1, d.si, d.src),
        "index_add": lambda T, d: T.index_add(d.x, 1, d.idx, d.src),
        "index_add_alpha": lambda T, d: T.index_add(d.x, 1, d.idx, d.src, alpha=2),
        "index_copy": lambda T, d: T.index_copy(d.x, 1, T.tensor([2, 0, 1]), d.src),
        "index_fill": lambda T, d: T.index_fill(d.x, 1, d.idx, 1),
        "masked_fill": lambda T, d: T.masked_fill(d.x, d.mask, 1),
        "masked_fill_float": lambda T, d: T.masked_fill(d.x, d.mask, 0.5),
        "masked_fill_tensor": lambda T, d: T.masked_fill(d.x, d.mask, d.v[0]),
        "masked_select": lambda T, d: T.masked_select(d.x, d.mask),
        "take": lambda T, d: T.take(d.x, d.flat),
        "take_along_dim": lambda T, d: T.take_along_dim(d.x, d.g, 1),
        "nonzero": lambda T, d: T.nonzero(d.x),
        "nonzero_tuple": lambda T, d: T.nonzero(d.x, as_tuple=True),
        "sort": lambda T, d: T.sort(d.x, 1),
        "sort_desc": lambda T, d: T.sort(d.x, 0, descending=True),
        "sort_stable": lambda T, d: T.sort(d.y, dim=1, stable=True),
        "sort_nan": lambda T, d: T.sort(d.xn, 1),
        "argsort": lambda T, d: T.argsort(d.x, 1),
        "argsort_desc": lambda T, d: T.argsort(d.x, 1, descending=True),
        "topk": lambda T, d: T.topk(d.x, 2, 1),
        "topk_smallest": lambda T, d: T.topk(d.x, 2, 0, largest=False),
        "unique": lambda T, d: T.unique(d.x),
        "unique_all": lambda T, d: T.unique(d.y, return_inverse=True, return_counts=True),
    }
    for reduce in ("sum", "prod", "mean", "amax", "amin"):
        for inc in (True, False):
            idx[f"scatter_reduce_{reduce}_{inc}"] = (
                lambda T, d, r=reduce, i=inc: T.scatter_reduce(d.x, 1, d.si, d.src, r, include_self=i))
    c.update(idx)
    # matrix products
    mats = {
        "matmul": lambda T, d: T.matmul(d.x, d.a),
        "matmul_batched": lambda T, d: T.matmul(d.b, d.v),
        "mm": lambda T, d: T.mm(d.x, d.a),
        "bmm": lambda T, d: T.bmm(d.b, d.b),
        "mv": lambda T, d: T.mv(d.x, d.v),
        "dot": lambda T, d: T.dot(d.v, d.w),
        "outer": lambda T, d: T.outer(d.v, d.w),
        "addmm": lambda T, d: T.addmm(d.x, d.x, d.a),
        "addmm_beta_alpha": lambda T, d: T.addmm(d.x, d.x, d.a, beta=2, alpha=3),
        "baddbmm": lambda T, d: T.baddbmm(d.b, d.b, d.b),
        "einsum": lambda T, d: T.einsum("ij,jk->ik", d.x, d.a),
        "einsum_trace": lambda T, d: T.einsum("ii", d.a),
        "einsum_batch": lambda T, d: T.einsum("bij,bjk->bik", d.b, d.b),
    }
    c.update(mats)
    return c


CASES = _cases()


def _flat(r):
    if isinstance(r, (tuple, list)):
        out = []
        for e in r:
            out.extend(_flat(e))
        return out
    return [r]


def _np(t, lib):
    if t.dtype == lib.bfloat16:
        t = t.float()
    return np.array(t.detach().numpy(), copy=True)


def _compare(p, t, what):
    ps, ts = _flat(p), _flat(t)
    assert len(ps) == len(ts), f"{what}: {len(ps)} outputs, torch gives {len(ts)}"
    for k, (pp, tt) in enumerate(zip(ps, ts)):
        w = f"{what} output {k}"
        if not isinstance(tt, torch.Tensor):
            assert pp == tt, f"{w}: {pp!r} != torch {tt!r}"
            continue
        assert isinstance(pp, pyt.Tensor), f"{w}: {type(pp).__name__} is not a Tensor"
        assert str(pp.dtype).split(".")[-1] == str(tt.dtype).split(".")[-1], f"{w}: dtype {pp.dtype} != {tt.dtype}"
        assert tuple(pp.shape) == tuple(tt.shape), f"{w}: shape {tuple(pp.shape)} != {tuple(tt.shape)}"
        a, b = _np(pp, pyt), _np(tt, torch)
        name = str(tt.dtype).split(".")[-1]
        if name in TOL:
            assert np.array_equal(np.isnan(a), np.isnan(b)), f"{w}: NaN at different places:\n{a}\n{b}"
            rtol, atol = TOL[name]
            np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, equal_nan=True, err_msg=w)
        else:
            np.testing.assert_array_equal(a, b, err_msg=w)


def run_case(case, dtype):
    """Runs one case in torch and pyt and checks they agree (values or exception type)."""
    fn = CASES[case]
    try:
        expected = fn(torch, Inputs(torch, dtype))
    except Exception as e:  # torch refuses: pyt must refuse with the same type
        with pytest.raises(type(e)):
            fn(pyt, Inputs(pyt, dtype))
        return
    got = fn(pyt, Inputs(pyt, dtype))
    _compare(got, expected, f"{case}[{dtype}]")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_dtype_parity(case, dtype):
    run_case(case, dtype)
