"""Differential tests of pyt.linalg against torch.linalg (the oracle).

Inputs are random well-conditioned matrices (random + n * I, or A A^T + n * I for the symmetric
positive-definite ones) over several batch shapes, including 0-size batches, 1x1 and 0x0
matrices and non-contiguous (transposed) inputs. Decompositions whose factors are unique only up
to sign are compared through invariants (reconstruction, orthogonality) and after normalising
the signs; gradients are compared with torch's on sign-normalised factors and checked by finite
differences in float64.
"""

import math

import numpy as np
import pyt
import pytest
import torch
from helpers import gradcheck

PL, TL = pyt.linalg, torch.linalg
TOL = {"float32": (2e-4, 2e-4), "float64": (1e-9, 1e-9)}
GTOL = {"float32": (2e-3, 2e-3), "float64": (1e-7, 1e-7)}
BATCHES = [(), (3,), (2, 1, 2), (0,)]


def rng(*key):
    return np.random.default_rng(abs(hash(tuple(str(k) for k in key))) % (2**32))


def general(shape, *key):
    """Random matrices (*, m, n); square ones get n * I added (well conditioned)."""
    a = rng("g", shape, *key).standard_normal(shape)
    if len(shape) >= 2 and shape[-1] == shape[-2]:
        a = a + shape[-1] * np.eye(shape[-1])
    return a


def spd(shape, *key):
    a = rng("s", shape, *key).standard_normal(shape)
    n = shape[-1]
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


def sym(shape, *key):
    a = rng("y", shape, *key).standard_normal(shape)
    return a + np.swapaxes(a, -1, -2)


def both(arr, dtype="float64", grad=False, noncontig=False):
    arr = np.ascontiguousarray(arr, dtype=dtype)
    p, t = pyt.tensor(arr.copy()), torch.tensor(arr.copy())
    if noncontig:  # same values, transposed storage
        p = pyt.tensor(np.ascontiguousarray(np.swapaxes(arr, -1, -2))).mT
        t = torch.tensor(np.ascontiguousarray(np.swapaxes(arr, -1, -2))).mT
        if arr.shape[-1] > 1 and arr.size > 0:
            assert not p.is_contiguous()
    if grad:
        p.requires_grad_(True)
        t.requires_grad_(True)
    return p, t


def npy(x):
    if isinstance(x, torch.Tensor):
        return x.detach().numpy()
    return x.detach().numpy()


def close(p, t, tol, what="output"):
    assert tuple(p.shape) == tuple(t.shape), f"{what}: shape {tuple(p.shape)} != {tuple(t.shape)}"
    assert str(p.dtype).split(".")[-1] == str(t.dtype).split(".")[-1], f"{what}: dtype {p.dtype} vs {t.dtype}"
    np.testing.assert_allclose(npy(p), npy(t), rtol=tol[0], atol=tol[1], err_msg=what)


def grads_close(fp, ft, arrays, dtype="float64", tol=None):
    """Gradients of sum(w * f(inputs)) in pyt and torch agree."""
    tol = tol or GTOL[dtype]
    ps, ts = zip(*[both(a, dtype, grad=True) for a in arrays])
    op, ot = fp(*ps), ft(*ts)
    op = op if isinstance(op, (tuple, list)) else (op,)
    ot = ot if isinstance(ot, (tuple, list)) else (ot,)
    lp, lt = 0, 0
    for i, (a, b) in enumerate(zip(op, ot)):
        w = rng("w", i, tuple(a.shape)).standard_normal(tuple(a.shape))
        lp = lp + (a * pyt.tensor(w.astype(dtype))).sum()
        lt = lt + (b * torch.tensor(w.astype(dtype))).sum()
    lp.backward()
    lt.backward()
    for i, (p, t) in enumerate(zip(ps, ts)):
        close(p.grad, t.grad, tol, what=f"grad of input {i}")
    return op


def gradcheck64(f, *arrays):
    ins = [pyt.tensor(np.asarray(a, dtype="float64")).requires_grad_(True) for a in arrays]
    assert gradcheck(f, ins)


# ------------------------------------------------------------------------------ norms
VEC_ORDS = [2, 1, math.inf, -math.inf, 0, 3, 0.5, -1.5]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("ord", VEC_ORDS)
@pytest.mark.parametrize("shape,dim,keepdim", [((5,), None, False), ((3, 4), 1, False), ((2, 3, 4), (0, 2), True),
                                               ((), None, False), ((3, 4), None, True)])
def test_vector_norm(dtype, ord, shape, dim, keepdim):
    a = rng("v", shape).standard_normal(shape)
    p, t = both(a, dtype)
    close(PL.vector_norm(p, ord, dim, keepdim), TL.vector_norm(t, ord, dim, keepdim), TOL[dtype])
    if ord != 0:
        grads_close(lambda x: PL.vector_norm(x, ord, dim, keepdim), lambda x: TL.vector_norm(x, ord, dim, keepdim),
                    [a], dtype)


MAT_ORDS = ["fro", "nuc", math.inf, -math.inf, 1, -1, 2, -2]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("ord", MAT_ORDS)
@pytest.mark.parametrize("shape,dim,keepdim", [((3, 4), (-2, -1), False), ((2, 4, 3), (-2, -1), True),
                                               ((3, 2, 4), (2, 0), False), ((4, 4), (1, 0), True)])
def test_matrix_norm(dtype, ord, shape, dim, keepdim):
    a = rng("m", shape).standard_normal(shape)
    p, t = both(a, dtype)
    close(PL.matrix_norm(p, ord, dim, keepdim), TL.matrix_norm(t, ord, dim, keepdim), TOL[dtype])
    grads_close(lambda x: PL.matrix_norm(x, ord, dim, keepdim), lambda x: TL.matrix_norm(x, ord, dim, keepdim),
                [a], dtype)


@pytest.mark.parametrize("ord", ["fro", "nuc", 2, -2, 1, math.inf])
def test_matrix_norm_gradcheck(ord):
    a = rng("mg").standard_normal((2, 3, 4))
    gradcheck64(lambda x: PL.matrix_norm(x, ord), a)


@pytest.mark.parametrize("shape,ord,dim", [((5,), None, None), ((3, 4), None, None), ((2, 3, 4), None, None),
                                            ((3, 4), 2, None), ((3, 4), "nuc", None), ((4,), 1, None),
                                            ((2, 3, 4), 1, (1, 2)), ((2, 3, 4), 3, 1), ((2, 3, 4), None, (0, 1)),
                                            ((3, 4), math.inf, None), ((2, 3, 4), "fro", (0, 2))])
def test_norm_dispatch(shape, ord, dim):
    a = rng("n", shape).standard_normal(shape)
    p, t = both(a)
    close(PL.norm(p, ord, dim), TL.norm(t, ord, dim), TOL["float64"])
    close(PL.norm(p, ord, dim, keepdim=True), TL.norm(t, ord, dim, keepdim=True), TOL["float64"])


def test_norm_grad_fn_names():
    p = pyt.randn(3, 4, requires_grad=True)
    assert type(PL.vector_norm(p).grad_fn).__name__ == "LinalgVectorNormBackward0"
    assert type(PL.matrix_norm(p).grad_fn).__name__ == "LinalgVectorNormBackward0"
    assert type(PL.matrix_norm(p, "nuc").grad_fn).__name__ == "SumBackward1"
    assert type(PL.matrix_norm(p, 2).grad_fn).__name__ == "AmaxBackward0"


@pytest.mark.parametrize("call,exc,msg", [
    (lambda: PL.vector_norm(pyt.ones(3, dtype=pyt.int64)), RuntimeError, "Expected a floating point"),
    (lambda: PL.matrix_norm(pyt.ones(3)), RuntimeError, "at least 2 dimensions"),
    (lambda: PL.matrix_norm(pyt.ones(3, 3), ord=3), RuntimeError, "Order 3 not supported"),
    (lambda: PL.matrix_norm(pyt.ones(3, 3), ord="abc"), RuntimeError, "Order abc not supported"),
    (lambda: PL.matrix_norm(pyt.ones(3, 3, dtype=pyt.int64)), RuntimeError, "Expected a floating point"),
    (lambda: PL.matrix_norm(pyt.ones(3, 3), dim=(0, 0)), RuntimeError, "dims must be different"),
    (lambda: PL.norm(pyt.ones(3, 3, 3), ord=2), RuntimeError, "must be 1D or 2D. Got 3D"),
    (lambda: PL.norm(pyt.ones(3, 3, 3), dim=(0, 1, 2)), RuntimeError, "must be of length 1 or 2"),
])
def test_norm_errors(call, exc, msg):
    with pytest.raises(exc, match=msg):
        call()


# ------------------------------------------------------------------ det, slogdet, inv, solve
SQUARE_CASES = [(b, n) for b in BATCHES for n in (1, 3)] + [((2,), 0), ((), 0), ((4,), 5)]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("batch,n", SQUARE_CASES)
@pytest.mark.parametrize("noncontig", [False, True])
def test_det_slogdet_inv_values(dtype, batch, n, noncontig):
    a = general(batch + (n, n), "d")
    p, t = both(a, dtype, noncontig=noncontig)
    close(PL.det(p), TL.det(t), TOL[dtype], "det")
    close(pyt.det(p), torch.det(t), TOL[dtype], "pyt.det")
    close(p.det(), t.det(), TOL[dtype], "Tensor.det")
    sp, st = PL.slogdet(p), TL.slogdet(t)
    close(sp.sign, st.sign, TOL[dtype], "sign")
    close(sp.logabsdet, st.logabsdet, TOL[dtype], "logabsdet")
    s2 = pyt.slogdet(p)
    close(s2[1], torch.slogdet(t)[1], TOL[dtype], "pyt.slogdet")
    close(pyt.logdet(p), torch.logdet(t), TOL[dtype], "logdet")
    close(PL.inv(p), TL.inv(t), TOL[dtype], "inv")
    close(pyt.inverse(p), torch.inverse(t), TOL[dtype], "inverse")
    ip, tp = PL.inv_ex(p), TL.inv_ex(t)
    close(ip.inverse, tp.inverse, TOL[dtype], "inv_ex")
    close(ip.info, tp.info, (0, 0), "info")


def test_det_signs_and_singular():
    for a in ([[0.0, 1.0], [1.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]], [[1.0, 2.0], [2.0, 4.0]], [[-2.0, 1.0], [0.5, 3.0]]):
        p, t = both(np.array(a))
        close(PL.det(p), TL.det(t), TOL["float64"])
        close(PL.slogdet(p).sign, TL.slogdet(t).sign, (0, 0))
        close(PL.slogdet(p).logabsdet, TL.slogdet(t).logabsdet, TOL["float64"])
        close(pyt.logdet(p), torch.logdet(t), TOL["float64"])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("batch", [(), (3,), (2, 1)])
def test_det_inv_grads(dtype, batch):
    a = general(batch + (4, 4), "dg")
    grads_close(PL.det, TL.det, [a], dtype)
    grads_close(lambda x: PL.slogdet(x).logabsdet, lambda x: TL.slogdet(x).logabsdet, [a], dtype)
    grads_close(pyt.logdet, torch.logdet, [a + 0 * np.eye(4)], dtype)
    grads_close(PL.inv, TL.inv, [a], dtype)
    grads_close(lambda x: PL.inv_ex(x).inverse, lambda x: TL.inv_ex(x).inverse, [a], dtype)


SINGULARS = [np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]]), np.ones((3, 3)), np.zeros((2, 2)),
             np.stack([np.eye(3), np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]])])]


@pytest.mark.parametrize("a", SINGULARS, ids=["rank2", "rank1", "zeros", "batch"])
def test_det_grad_singular(a):
    # first order: torch's eps-nudged LU solve (zero where det is exactly 0)
    grads_close(PL.det, TL.det, [a])
    # create_graph: torch's SVD (adjugate) formula where |det| < 100 eps, and its double backward
    p, t = both(a, grad=True)
    gp, = pyt.autograd.grad(PL.det(p).sum(), p, create_graph=True)
    gt, = torch.autograd.grad(TL.det(t).sum(), t, create_graph=True)
    close(gp, gt, GTOL["float64"], "grad with create_graph")


def test_det_inv_gradcheck():
    a = general((2, 3, 3), "gc")
    gradcheck64(PL.det, a)
    gradcheck64(lambda x: PL.slogdet(x).logabsdet, a)
    gradcheck64(PL.inv, a)
    gradcheck64(lambda x: PL.inv_ex(x)[0], a)


def test_det_inv_double_backward():
    a = general((3, 3), "db")
    for fp, ft in ((PL.det, TL.det), (PL.inv, TL.inv)):
        p, t = both(a, grad=True)
        gp, = pyt.autograd.grad(fp(p).sum(), p, create_graph=True)
        gt, = torch.autograd.grad(ft(t).sum(), t, create_graph=True)
        close(gp, gt, GTOL["float64"])
        hp, = pyt.autograd.grad((gp * gp).sum(), p)
        ht, = torch.autograd.grad((gt * gt).sum(), t)
        close(hp, ht, GTOL["float64"], "double backward")


SOLVE_CASES = [
    ((3, 3), (3,)), ((3, 3), (3, 2)), ((2, 3, 3), (2, 3)), ((2, 3, 3), (3,)), ((2, 3, 3), (3, 4)),
    ((3, 3), (2, 3, 4)), ((2, 1, 3, 3), (4, 3, 2)), ((0, 3, 3), (0, 3)), ((3, 3), (3, 0)), ((1, 1), (1,)),
    ((0, 0), (0,)), ((2, 4, 4), (1, 4, 1)),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("ashape,bshape", SOLVE_CASES)
def test_solve(dtype, ashape, bshape):
    a = general(ashape, "sa")
    b = rng("sb", bshape).standard_normal(bshape)
    (pa, ta), (pb, tb) = both(a, dtype), both(b, dtype)
    close(PL.solve(pa, pb), TL.solve(ta, tb), TOL[dtype])
    rp, rt = PL.solve_ex(pa, pb), TL.solve_ex(ta, tb)
    close(rp.result, rt.result, TOL[dtype])
    close(rp.info, rt.info, (0, 0))
    if 0 not in ashape and 0 not in bshape:
        grads_close(PL.solve, TL.solve, [a, b], dtype)


@pytest.mark.parametrize("ashape,bshape", [((3, 3), (2, 3)), ((2, 3, 3), (2, 4, 3)), ((3, 3), (2, 5, 3))])
def test_solve_right(ashape, bshape):
    a, b = general(ashape, "ra"), rng("rb", bshape).standard_normal(bshape)
    (pa, ta), (pb, tb) = both(a), both(b)
    close(PL.solve(pa, pb, left=False), TL.solve(ta, tb, left=False), TOL["float64"])
    grads_close(lambda x, y: PL.solve(x, y, left=False), lambda x, y: TL.solve(x, y, left=False), [a, b])


def test_solve_noncontig_and_gradcheck():
    a, b = general((2, 3, 3), "sn"), rng("sn").standard_normal((2, 3, 2))
    (pa, ta), (pb, tb) = both(a, noncontig=True), both(b, noncontig=True)
    close(PL.solve(pa, pb), TL.solve(ta, tb), TOL["float64"])
    gradcheck64(PL.solve, a, b)
    gradcheck64(PL.solve, a, b[:, :, 0])
    gradcheck64(lambda x, y: PL.solve(x, y, left=False), a, np.swapaxes(b, -1, -2))


def test_grad_fn_names():
    a = pyt.tensor(general((3, 3), "gf"), requires_grad=True)
    names = {
        "LinalgDetBackward0": PL.det(a),
        "LinalgSlogdetBackward0": PL.slogdet(a).logabsdet,
        "LinalgInvExBackward0": PL.inv(a),
        "LinalgSolveExBackward0": PL.solve(a, pyt.ones(3, dtype=pyt.float64)),
        "LinalgLuFactorExBackward0": PL.lu_factor(a).LU,
        "LinalgCholeskyExBackward0": PL.cholesky(a @ a.mT),
        "LinalgQrBackward0": PL.qr(a).Q,
        "LinalgEighBackward0": PL.eigvalsh(a),
        "LinalgSvdBackward0": PL.svdvals(a),
        "WhereBackward0": pyt.logdet(a),
    }
    for name, out in names.items():
        assert type(out.grad_fn).__name__ == name
    assert type(PL.eigh(a)[1].grad_fn).__name__ == "LinalgEighBackward0"
    assert type(PL.svd(a)[0].grad_fn).__name__ == "LinalgSvdBackward0"


SINGULAR = np.zeros((3, 3))


@pytest.mark.parametrize("call,exc,msg", [
    (lambda: PL.inv(pyt.zeros(3, 3)), PL.LinAlgError,
     r"^linalg.inv: The diagonal element 1 is zero, the inversion could not be completed because the input matrix "
     r"is singular.$"),
    (lambda: PL.inv(pyt.tensor([[1.0, 0.0], [0.0, 0.0]])), PL.LinAlgError, "The diagonal element 2 is zero"),
    (lambda: PL.inv(pyt.stack([pyt.eye(2), pyt.zeros(2, 2)])), PL.LinAlgError, r"\(Batch element 1\): The diagonal"),
    (lambda: PL.inv_ex(pyt.zeros(2, 2), check_errors=True), PL.LinAlgError, "^linalg.inv_ex: The diagonal"),
    (lambda: PL.inv(pyt.ones(2, 3)), RuntimeError, "A must be batches of square matrices, but they are 2 by 3"),
    (lambda: PL.inv(pyt.ones(3)), RuntimeError, "must have at least 2 dimensions"),
    (lambda: PL.inv(pyt.ones(2, 2, dtype=pyt.int64)), RuntimeError,
     "linalg.inv: Expected a floating point or complex tensor as input. Got Long"),
    (lambda: PL.inv(pyt.ones(2, 2, dtype=pyt.float16)), RuntimeError, "Low precision dtypes not supported. Got Half"),
    (lambda: PL.det(pyt.ones(2, 3)), RuntimeError, "linalg.det: A must be batches of square matrices"),
    (lambda: PL.det(pyt.ones(2, 2, dtype=pyt.int32)), RuntimeError, "linalg.det: Expected a floating point"),
    (lambda: pyt.logdet(pyt.ones(2, 2, dtype=pyt.int64)), RuntimeError, "logdet: Expected a floating point"),
    (lambda: PL.solve(pyt.zeros(3, 3), pyt.ones(3)), PL.LinAlgError,
     r"^torch.linalg.solve: The solver failed because the input matrix is singular.$"),
    (lambda: PL.solve(pyt.stack([pyt.eye(3), pyt.zeros(3, 3)]), pyt.ones(3)), PL.LinAlgError,
     r"\(Batch element 1\): The solver failed"),
    (lambda: PL.solve(pyt.eye(3), pyt.ones(4)), RuntimeError,
     r"Incompatible shapes of A and B for the equation AX = B \(3x3 and 4x1\)"),
    (lambda: PL.solve(pyt.eye(3), pyt.ones(3, 2), left=False), RuntimeError, r"XA = B \(3x3 and 3x2\)"),
    (lambda: PL.solve(pyt.eye(3), pyt.ones(3, dtype=pyt.float64)), RuntimeError,
     "Expected A and B to have the same dtype, but found A of type Float and B of type Double"),
    (lambda: PL.solve(pyt.eye(3).expand(2, 3, 3), pyt.ones(4, 3, 1)), RuntimeError, "4"),
    (lambda: PL.lu_factor(pyt.zeros(3, 3)), RuntimeError, r"U\[1,1\] is zero"),
    (lambda: PL.lu_factor(pyt.ones(3)), RuntimeError, "Expected tensor with 2 or more dimensions"),
    (lambda: PL.lu_factor(pyt.eye(3), pivot=False), RuntimeError, "LU without pivoting is not implemented"),
])
def test_errors(call, exc, msg):
    with pytest.raises(exc, match=msg):
        call()


def test_out_arguments():
    a = general((2, 3, 3), "out")
    p, t = both(a)
    o = pyt.empty(0, dtype=pyt.float64)
    r = PL.inv(p, out=o)
    assert r is o
    close(o, TL.inv(t), TOL["float64"])
    Q, R = pyt.empty(0, dtype=pyt.float64), pyt.empty(0, dtype=pyt.float64)
    res = PL.qr(p, out=(Q, R))
    assert res.Q is Q and res.R is R
    close(Q @ R, p, TOL["float64"])
    n = pyt.empty(0, dtype=pyt.float64)
    PL.vector_norm(p, out=n)
    close(n, TL.vector_norm(t), TOL["float64"])


def test_linalg_error_class():
    assert issubclass(PL.LinAlgError, RuntimeError)
    assert PL.LinAlgError.__name__ == "_LinAlgError"


# ------------------------------------------------------------------------------ LU
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4), (3, 5), (5, 3), (0, 2, 2), (1, 1), (0, 0)])
def test_lu_factor(dtype, shape):
    a = rng("lu", shape).standard_normal(shape)
    p, t = both(a, dtype)
    rp, rt = PL.lu_factor_ex(p), TL.lu_factor_ex(t)
    close(rp.LU, rt.LU, TOL[dtype])
    close(rp.pivots, rt.pivots, (0, 0))
    close(rp.info, rt.info, (0, 0))
    if shape[-1] == shape[-2] and 0 not in shape:
        grads_close(lambda x: PL.lu_factor(x).LU, lambda x: TL.lu_factor(x).LU, [a], dtype)
        gradcheck64(lambda x: PL.lu_factor(x).LU, a)


# ------------------------------------------------------------------------------ Cholesky
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("batch,n", [((), 4), ((3,), 3), ((2, 1), 2), ((0,), 3), ((), 1), ((), 0)])
@pytest.mark.parametrize("upper", [False, True])
def test_cholesky(dtype, batch, n, upper):
    a = spd(batch + (n, n), "c")
    p, t = both(a, dtype)
    close(PL.cholesky(p, upper=upper), TL.cholesky(t, upper=upper), TOL[dtype])
    ep, et = PL.cholesky_ex(p, upper=upper), TL.cholesky_ex(t, upper=upper)
    close(ep.L, et.L, TOL[dtype])
    close(ep.info, et.info, (0, 0))
    if n > 0 and 0 not in batch:
        grads_close(lambda x: PL.cholesky(x, upper=upper), lambda x: TL.cholesky(x, upper=upper), [a], dtype)


def test_cholesky_gradcheck_and_errors():
    a = spd((2, 3, 3), "cg")
    gradcheck64(lambda x: PL.cholesky(x @ x.mT), a)
    gradcheck64(lambda x: PL.cholesky(x @ x.mT, upper=True), a)
    with pytest.raises(PL.LinAlgError, match=r"^linalg.cholesky: The factorization could not be completed because "
                       r"the input is not positive-definite \(the leading minor of order 1 is not positive-definite\)"):
        PL.cholesky(-pyt.eye(3))
    with pytest.raises(PL.LinAlgError, match=r"linalg.cholesky_ex: \(Batch element 1\): .*order 2 is not"):
        PL.cholesky_ex(pyt.stack([pyt.eye(2), pyt.tensor([[1.0, 2.0], [2.0, 1.0]])]), check_errors=True)
    assert PL.cholesky_ex(-pyt.eye(3)).info.item() == 1
    with pytest.raises(RuntimeError, match="A must be batches of square matrices, but they are 2 by 3"):
        PL.cholesky(pyt.ones(2, 3))


# ------------------------------------------------------------------------------ QR
def _sign_fix_qr(Q, R):
    d = R.diagonal(0, -2, -1).sign()
    d = d + (d == 0).to(d.dtype)
    return Q * d.unsqueeze(-2), R * d.unsqueeze(-1)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(4, 3), (3, 4), (3, 3), (2, 5, 3), (2, 1, 3, 5), (0, 3, 2), (3, 0), (0, 3), (1, 1)])
@pytest.mark.parametrize("mode", ["reduced", "complete", "r"])
def test_qr(dtype, shape, mode):
    a = rng("qr", shape).standard_normal(shape)
    p, t = both(a, dtype)
    Qp, Rp = PL.qr(p, mode)
    Qt, Rt = TL.qr(t, mode)
    assert tuple(Qp.shape) == tuple(Qt.shape) and tuple(Rp.shape) == tuple(Rt.shape)
    close(Rp.abs(), Rt.abs(), TOL[dtype], "|R|")
    close(Rp.triu(), Rp, (0, 0), "R upper")
    if mode != "r":
        k = min(shape[-2:])
        close(Qp[..., :, :k] @ Rp[..., :k, :], pyt.tensor(a.astype(dtype)), TOL[dtype], "Q R")
        qtq = Qp.mT @ Qp
        close(qtq, pyt.eye(qtq.shape[-1], dtype=qtq.dtype).expand(*qtq.shape), TOL[dtype], "Q^T Q")
        fp, ft = _sign_fix_qr(Qp[..., :, :k], Rp[..., :k, :]), _sign_fix_qr(Qt[..., :, :k], Rt[..., :k, :])
        close(fp[0], ft[0], TOL[dtype], "Q (signs fixed)")
        close(fp[1], ft[1], TOL[dtype], "R (signs fixed)")


@pytest.mark.parametrize("shape", [(4, 3), (3, 3), (3, 5), (2, 4, 2)])
def test_qr_grads(shape):
    a = rng("qg", shape).standard_normal(shape)
    grads_close(lambda x: _sign_fix_qr(*PL.qr(x)), lambda x: _sign_fix_qr(*TL.qr(x)), [a])
    gradcheck64(lambda x: _sign_fix_qr(*PL.qr(x)), a)
    gradcheck64(lambda x: PL.qr(x)[0] @ PL.qr(x)[1], a)


def test_qr_backward_errors():
    x = pyt.randn(4, 3, requires_grad=True)
    with pytest.raises(RuntimeError, match="mode='complete' and nrows > ncols"):
        PL.qr(x, "complete")[0].sum().backward()
    with pytest.raises(RuntimeError, match="not computed when mode='r'"):
        PL.qr(x, "r")[1].sum().backward()
    with pytest.raises(RuntimeError, match="unrecognized mode 'x'"):
        PL.qr(x, "x")
    with pytest.raises(RuntimeError, match="linalg.qr: Expected a floating point"):
        PL.qr(pyt.ones(2, 2, dtype=pyt.int32))


# ------------------------------------------------------------------------------ eigh
def _sign_fix_cols(V):
    """Each column scaled so that its largest-magnitude entry is positive."""
    if V.numel() == 0:
        return V
    idx = V.abs().argmax(-2, keepdim=True)
    s = V.gather(-2, idx).sign()
    return V * s


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("batch,n", [((), 4), ((3,), 3), ((2, 1), 2), ((0,), 3), ((), 1), ((), 0)])
@pytest.mark.parametrize("uplo", ["L", "U"])
def test_eigh(dtype, batch, n, uplo):
    a = sym(batch + (n, n), "e")
    a_tri = np.tril(a) if uplo == "L" else np.triu(a)  # only the UPLO triangle may be read
    p, t = both(a_tri, dtype)
    Lp, Vp = PL.eigh(p, uplo)
    Lt, Vt = TL.eigh(t, uplo)
    close(Lp, Lt, TOL[dtype], "eigenvalues")
    close(PL.eigvalsh(p, uplo), TL.eigvalsh(t, uplo), TOL[dtype], "eigvalsh")
    close(_sign_fix_cols(Vp), _sign_fix_cols(Vt), (TOL[dtype][0] * 10, TOL[dtype][1] * 10), "eigenvectors")
    close((Vp * Lp.unsqueeze(-2)) @ Vp.mT, pyt.tensor(a.astype(dtype)), (TOL[dtype][0] * 10, TOL[dtype][1] * 10))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_eigh_grads(dtype):
    a = sym((2, 4, 4), "eg")
    grads_close(lambda x: PL.eigvalsh(x), lambda x: TL.eigvalsh(x), [a], dtype)
    grads_close(lambda x: (PL.eigh(x)[0], _sign_fix_cols(PL.eigh(x)[1])),
                lambda x: (TL.eigh(x)[0], _sign_fix_cols(TL.eigh(x)[1])), [a], dtype)
    gradcheck64(lambda x: PL.eigvalsh(x + x.mT), a)
    gradcheck64(lambda x: _sign_fix_cols(PL.eigh(x + x.mT)[1]), a)


def test_eigh_errors():
    with pytest.raises(RuntimeError, match="Expected UPLO argument to be 'L' or 'U', but got X"):
        PL.eigh(pyt.eye(2), UPLO="X")
    with pytest.raises(NotImplementedError, match="not implemented for 'Int'"):
        PL.eigh(pyt.ones(2, 2, dtype=pyt.int32))
    with pytest.raises(RuntimeError, match="A must be batches of square matrices"):
        PL.eigvalsh(pyt.ones(2, 3))


# ------------------------------------------------------------------------------ SVD
def _sign_fix_svd(U, S, Vh):
    k = S.shape[-1]
    U, Vh = U[..., :, :k], Vh[..., :k, :]
    if U.numel() == 0:
        return U, S, Vh
    idx = U.abs().argmax(-2, keepdim=True)
    s = U.gather(-2, idx).sign()
    return U * s, S, Vh * s.mT


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(4, 3), (3, 4), (3, 3), (2, 5, 3), (2, 1, 3, 5), (0, 3, 2), (3, 0), (1, 1), (0, 0)])
@pytest.mark.parametrize("full", [True, False])
def test_svd(dtype, shape, full):
    a = rng("svd", shape).standard_normal(shape)
    p, t = both(a, dtype)
    Up, Sp, Vp = PL.svd(p, full_matrices=full)
    Ut, St, Vt = TL.svd(t, full_matrices=full)
    for x, y in ((Up, Ut), (Sp, St), (Vp, Vt)):
        assert tuple(x.shape) == tuple(y.shape)
    close(Sp, St, TOL[dtype], "S")
    close(PL.svdvals(p), TL.svdvals(t), TOL[dtype], "svdvals")
    k = Sp.shape[-1]
    close((Up[..., :, :k] * Sp.unsqueeze(-2)) @ Vp[..., :k, :], pyt.tensor(a.astype(dtype)), TOL[dtype], "U S Vh")
    for Q in (Up, Vp.mT):
        qtq = Q.mT @ Q
        close(qtq, pyt.eye(qtq.shape[-1], dtype=qtq.dtype).expand(*qtq.shape), TOL[dtype], "orthonormal")
    fp, ft = _sign_fix_svd(Up, Sp, Vp), _sign_fix_svd(Ut, St, Vt)
    close(fp[0], ft[0], (TOL[dtype][0] * 10, TOL[dtype][1] * 10), "U (signs fixed)")
    close(fp[2], ft[2], (TOL[dtype][0] * 10, TOL[dtype][1] * 10), "Vh (signs fixed)")


@pytest.mark.parametrize("shape", [(4, 3), (3, 4), (3, 3), (2, 5, 3)])
@pytest.mark.parametrize("full", [False, True])
def test_svd_grads(shape, full):
    a = rng("sg", shape).standard_normal(shape)
    grads_close(lambda x: PL.svdvals(x), lambda x: TL.svdvals(x), [a])
    grads_close(lambda x: PL.svd(x, full_matrices=full).S.sum(), lambda x: TL.svd(x, full_matrices=full).S.sum(), [a])
    if not full:
        grads_close(lambda x: _sign_fix_svd(*PL.svd(x, False)), lambda x: _sign_fix_svd(*TL.svd(x, False)), [a])
        gradcheck64(lambda x: _sign_fix_svd(*PL.svd(x, False)), a)
    gradcheck64(PL.svdvals, a)

    def recon(x):
        U, S, Vh = PL.svd(x, full_matrices=full)
        k = S.shape[-1]
        return (U[..., :, :k] * S.unsqueeze(-2)) @ Vh[..., :k, :]

    gradcheck64(recon, a)


def test_svd_errors():
    with pytest.raises(PL.LinAlgError, match="non-finite values"):
        PL.svd(pyt.full((3, 3), float("nan")))
    with pytest.raises(RuntimeError, match="linalg.svd: Expected a floating point"):
        PL.svd(pyt.ones(2, 2, dtype=pyt.int32))
    with pytest.raises(RuntimeError, match="at least 2 dimensions"):
        PL.svdvals(pyt.ones(3))


# ------------------------------------------------------------------ pinv, matrix_rank, lstsq
@pytest.mark.parametrize("shape", [(4, 3), (3, 4), (2, 3, 3), (0, 3, 2)])
def test_pinv_rank(shape):
    a = rng("pi", shape).standard_normal(shape)
    p, t = both(a)
    close(PL.pinv(p), TL.pinv(t), TOL["float64"])
    close(PL.matrix_rank(p), TL.matrix_rank(t), (0, 0))
    if 0 not in shape:
        grads_close(PL.pinv, TL.pinv, [a])
        gradcheck64(PL.pinv, a)
    s = sym(shape[:-2] + (shape[-1], shape[-1]), "ph")
    ps, ts = both(s)
    close(PL.pinv(ps, hermitian=True), TL.pinv(ts, hermitian=True), TOL["float64"])
    close(PL.matrix_rank(ps, hermitian=True), TL.matrix_rank(ts, hermitian=True), (0, 0))


def test_rank_deficient():
    a = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]])
    p, t = both(a)
    close(PL.matrix_rank(p), TL.matrix_rank(t), (0, 0))
    close(PL.pinv(p), TL.pinv(t), (1e-8, 1e-8))
    close(PL.matrix_rank(p, atol=1.0, rtol=0.0), TL.matrix_rank(t, atol=1.0, rtol=0.0), (0, 0))
    close(PL.pinv(p, rtol=0.5), TL.pinv(t, rtol=0.5), (1e-8, 1e-8))


@pytest.mark.parametrize("ashape,bshape", [((5, 3), (5, 2)), ((3, 3), (3, 1)), ((2, 6, 4), (2, 6, 3)),
                                           ((5, 3), (5,))])
def test_lstsq(ashape, bshape):
    a, b = rng("la", ashape).standard_normal(ashape), rng("lb", bshape).standard_normal(bshape)
    (pa, ta), (pb, tb) = both(a), both(b)
    rp, rt = PL.lstsq(pa, pb), TL.lstsq(ta, tb)
    close(rp.solution, rt.solution, (1e-8, 1e-8))
    close(rp.rank, rt.rank, (0, 0))
    assert tuple(rp.residuals.shape) == tuple(rt.residuals.shape)
    grads_close(lambda x, y: PL.lstsq(x, y).solution, lambda x, y: TL.lstsq(x, y).solution, [a, b])


# ------------------------------------------------------------------ products
@pytest.mark.parametrize("n", [0, 1, 2, 3, 6, -1, -3])
@pytest.mark.parametrize("batch", [(), (2,), (0,)])
def test_matrix_power(n, batch):
    a = general(batch + (3, 3), "mp") / 3
    p, t = both(a)
    close(PL.matrix_power(p, n), TL.matrix_power(t, n), (1e-9, 1e-9))
    if 0 not in batch and n != 0:
        grads_close(lambda x: PL.matrix_power(x, n), lambda x: TL.matrix_power(x, n), [a])
    with pytest.raises(RuntimeError, match="A must be batches of square matrices, but they are 2 by 3"):
        PL.matrix_power(pyt.ones(2, 3), 2)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("scale", [0.1, 1.0, 8.0, 40.0])
@pytest.mark.parametrize("batch", [(), (3,), (0,)])
def test_matrix_exp(dtype, scale, batch):
    a = rng("me", batch).standard_normal(batch + (4, 4)) * scale / 4
    if batch == (3,):
        a[1] *= 0.01  # a different number of squarings per matrix
    p, t = both(a, dtype)
    tol = TOL[dtype] if scale < 10 else (TOL[dtype][0] * 10, TOL[dtype][1])
    close(PL.matrix_exp(p), TL.matrix_exp(t), tol)
    close(pyt.matrix_exp(p), torch.matrix_exp(t), tol)
    if 0 not in batch and scale < 10:
        grads_close(PL.matrix_exp, TL.matrix_exp, [a], dtype)


def test_matrix_exp_gradcheck():
    gradcheck64(PL.matrix_exp, rng("meg").standard_normal((2, 3, 3)))
    gradcheck64(PL.matrix_exp, rng("meg").standard_normal((3, 3)) * 4)
    with pytest.raises(RuntimeError, match="A must be batches of square matrices"):
        PL.matrix_exp(pyt.ones(2, 3))


@pytest.mark.parametrize("shapes", [[(2, 3), (3, 4)], [(3,), (3, 4), (4, 2)], [(2, 3), (3, 4), (4,)],
                                    [(5, 2), (2, 7), (7, 3), (3, 1)], [(3,), (3,)], [(2, 0), (0, 3), (3, 2)]])
def test_multi_dot(shapes):
    arrays = [rng("md", i, s).standard_normal(s) for i, s in enumerate(shapes)]
    ps, ts = zip(*[both(a) for a in arrays])
    close(PL.multi_dot(list(ps)), TL.multi_dot(list(ts)), (1e-10, 1e-10))
    if all(0 not in s for s in shapes):
        grads_close(lambda *x: PL.multi_dot(list(x)), lambda *x: TL.multi_dot(list(x)), arrays)


@pytest.mark.parametrize("call,msg", [
    (lambda: PL.multi_dot([pyt.ones(3)]), "expected at least 2 tensors but got 1"),
    (lambda: PL.multi_dot([pyt.ones(2, 2, 2), pyt.ones(2, 2)]), "the first tensor must be 1D or 2D but got 3D"),
    (lambda: PL.multi_dot([pyt.ones(2, 2), pyt.ones(2), pyt.ones(2, 2)]), "tensor 1 must be 2D but got 1D"),
    (lambda: PL.multi_dot([pyt.ones(2, 3), pyt.ones(4, 2)]), r"tensors 0 and 1 with shapes \[2, 3\] and \[4, 2\]"),
    (lambda: PL.multi_dot([pyt.ones(2, 2), pyt.ones(2, 2, dtype=pyt.float64)]), "must have be the same dtype"),
])
def test_multi_dot_errors(call, msg):
    with pytest.raises(RuntimeError, match=msg):
        call()


def test_vecdot_matmul_diagonal():
    a, b = rng("vd").standard_normal((2, 3, 4)), rng("vd2").standard_normal((3, 4))
    (pa, ta), (pb, tb) = both(a), both(b)
    close(PL.vecdot(pa, pb), TL.vecdot(ta, tb), (1e-12, 1e-12))
    close(PL.vecdot(pa, pb[:, :1], dim=1), TL.vecdot(ta, tb[:, :1], dim=1), (1e-12, 1e-12))
    grads_close(PL.vecdot, TL.vecdot, [a, b])
    close(PL.matmul(pa, pb.mT), TL.matmul(ta, tb.mT), (1e-12, 1e-12))
    close(PL.diagonal(pa), TL.diagonal(ta), (0, 0))
    close(PL.diagonal(pa, offset=1, dim1=0, dim2=2), TL.diagonal(ta, offset=1, dim1=0, dim2=2), (0, 0))
    x, y = pyt.tensor([1.0, 0.0, 0.0]), pyt.tensor([0.0, 1.0, 0.0])
    assert PL.cross(x, y).tolist() == [0.0, 0.0, 1.0]


# ------------------------------------------------------------------ threads
def test_deterministic_across_threads():
    a = general((48, 6, 6), "th")
    s = spd((48, 6, 6), "th")
    fns = [PL.inv, PL.det, lambda x: PL.solve(x, x[..., 0]), lambda x: PL.qr(x)[0], lambda x: PL.svd(x)[0],
           lambda x: PL.lu_factor(x)[0]]
    sym_fns = [lambda x: PL.eigh(x)[1], PL.cholesky]
    old = pyt.get_num_threads()
    try:
        results = []
        for nt in (1, 2):
            pyt.set_num_threads(nt)
            results.append([f(pyt.tensor(a)).numpy().copy() for f in fns]
                           + [f(pyt.tensor(s)).numpy().copy() for f in sym_fns])
    finally:
        pyt.set_num_threads(old)
    for r1, r2 in zip(*results):
        assert np.array_equal(r1, r2)
