"""Matrix products in reduced precision and integer dtypes, and einsum's errors, against torch."""

import numpy as np
import pyt
import pytest
import torch
from helpers import assert_tensor_close


def _pair(L, dtype, shape, seed):
    a = np.random.default_rng(seed).uniform(-2, 2, size=shape)
    if dtype.startswith("int") or dtype == "uint8":
        a = np.random.default_rng(seed).integers(-5 if dtype != "uint8" else 0, 6, size=shape)
    return L.tensor(a).to(getattr(L, dtype))


# (id, product over lib and two operands)
PRODUCTS = [
    ("mm", lambda L, a, b: L.mm(a[0], b[0]), (2, 5, 7), (2, 7, 3)),
    ("mm_t", lambda L, a, b: L.mm(a[0].t(), b[1]), (2, 7, 5), (2, 7, 3)),
    ("bmm", lambda L, a, b: L.bmm(a, b), (2, 5, 7), (2, 7, 3)),
    ("matmul_bcast", lambda L, a, b: L.matmul(a, b[0]), (2, 5, 7), (2, 7, 3)),
    ("addmm", lambda L, a, b: L.addmm(b[0, :5], a[0], b[1]), (2, 5, 7), (2, 7, 3)),
    ("baddbmm", lambda L, a, b: L.baddbmm(a[:, :, :3], a, b), (2, 5, 7), (2, 7, 3)),
    ("mv", lambda L, a, b: L.mv(a[0], b[0, :, 0]), (2, 5, 7), (2, 7, 3)),
    ("einsum", lambda L, a, b: L.einsum("bij,bjk->bik", a, b), (2, 5, 7), (2, 7, 3)),
]


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8"])
@pytest.mark.parametrize("prod,sa,sb", [pytest.param(f, a, b, id=i) for i, f, a, b in PRODUCTS])
def test_products_reduced_and_integer(prod, sa, sb, dtype):
    p = prod(pyt, _pair(pyt, dtype, sa, 0), _pair(pyt, dtype, sb, 1))
    t = prod(torch, _pair(torch, dtype, sa, 0), _pair(torch, dtype, sb, 1))
    assert str(p.dtype).split(".")[-1] == str(t.dtype).split(".")[-1]
    if dtype in ("float16", "bfloat16"):
        # float32 accumulation rounded once: at most one unit of the last place from torch
        tol = 1e-2 if dtype == "bfloat16" else 2e-3
        assert_tensor_close(p.float(), t.float(), tol, tol)
    else:
        assert_tensor_close(p, t)


def test_half_grad_of_mm():
    a = np.random.default_rng(0).uniform(-1, 1, (4, 6))
    b = np.random.default_rng(1).uniform(-1, 1, (6, 3))
    res = {}
    for L in (pyt, torch):
        x = L.tensor(a).half().requires_grad_(True)
        y = L.tensor(b).half()
        L.mm(x, y).sum().backward()
        res[L] = x.grad.float()
    assert_tensor_close(res[pyt], res[torch], 2e-3, 2e-3)


EINSUM_ERRORS = [
    ("too_few", lambda L: L.einsum("ij,jk", L.ones(2, 3)), ["fewer operands"]),
    ("too_many", lambda L: L.einsum("ij", L.ones(2, 3), L.ones(3)), ["more operands"]),
    ("size", lambda L: L.einsum("ij,jk->ik", L.ones(2, 3), L.ones(2, 3)), ["subscript j", "size 2", "size 3"]),
    ("out_missing", lambda L: L.einsum("ij->k", L.ones(2, 3)), ["output subscript k"]),
    ("out_twice", lambda L: L.einsum("ij->ii", L.ones(2, 3)), ["more than once"]),
    ("repeat_sizes", lambda L: L.einsum("ii->", L.ones(2, 3)), ["repeated", "3 != 2"]),
    ("dims", lambda L: L.einsum("ijk", L.ones(2, 3)), ["number of subscripts", "dimensions"]),
    ("bad_char", lambda L: L.einsum("i1", L.ones(2, 3)), ["invalid subscript"]),
]


@pytest.mark.parametrize("expr,words", [pytest.param(e, w, id=i) for i, e, w in EINSUM_ERRORS])
def test_einsum_errors(expr, words):
    with pytest.raises(RuntimeError):
        expr(torch)
    with pytest.raises(RuntimeError) as info:
        expr(pyt)
    for w in words:
        assert w in str(info.value), f"{w!r} not in {str(info.value)!r}"


def test_addprod_errors():
    for L in (pyt, torch):
        with pytest.raises(RuntimeError):
            L.baddbmm(L.ones(2, 3, 5), L.ones(2, 3, 4), L.ones(2, 3, 5))
        with pytest.raises(RuntimeError):
            L.addmv(L.ones(3), L.ones(3, 4), L.ones(5))
        assert str(L.addr(L.ones(3, 4), L.ones(3), L.ones(4, dtype=L.float64)).dtype).endswith("float64")
        assert str(L.addr(L.ones(3, 4), L.ones(3, dtype=L.int64), L.ones(4)).dtype).endswith("float32")
        with pytest.raises(RuntimeError):
            L.addr(L.ones(2, 2, dtype=L.int64), L.ones(2, dtype=L.int64), L.ones(2, dtype=L.int64), alpha=0.5)
        r = L.addmv(L.ones(2, dtype=L.int64), L.ones(2, 2, dtype=L.int64), L.ones(2, dtype=L.int64), alpha=1.5)
        assert r.tolist() == [3, 3]  # a float alpha of an integer product is truncated, as torch does
