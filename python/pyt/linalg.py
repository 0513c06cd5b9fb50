"""pyt.linalg: linear algebra (torch.linalg).

Norms, determinants, inverses, solves and the LU, Cholesky, QR, symmetric-eigen and singular
value decompositions of batches of matrices ``(*, m, n)``, float32 and float64, with gradients.
The factorizations run on LAPACK (OpenBLAS) in C++ (``src/cpp/pyt/ops/linalg_lapack.cpp``), one
matrix per single-threaded call on pyt's thread pool, so results do not depend on
``pyt.set_num_threads``; norms, pinv, lstsq, matrix_rank, matrix_power, multi_dot and vecdot are
composites of pyt ops. Singular or non-positive-definite inputs raise
:class:`LinAlgError` with torch's messages.

Example:
    >>> A = pyt.tensor([[4., 1.], [1., 3.]])
    >>> pyt.linalg.solve(A, pyt.tensor([1., 2.]))
    tensor([0.0909, 0.6364])
"""

import math
from collections import namedtuple

from . import _C

#: Raised for singular or non-positive-definite input (torch.linalg.LinAlgError); a RuntimeError.
LinAlgError = _C._LinAlgError


class _return_types:
    """Named tuples of pyt.linalg's multi-output functions (torch.return_types.<name>)."""

    slogdet = namedtuple("slogdet", ["sign", "logabsdet"])
    linalg_slogdet = namedtuple("linalg_slogdet", ["sign", "logabsdet"])
    linalg_lu_factor = namedtuple("linalg_lu_factor", ["LU", "pivots"])
    linalg_lu_factor_ex = namedtuple("linalg_lu_factor_ex", ["LU", "pivots", "info"])
    linalg_inv_ex = namedtuple("linalg_inv_ex", ["inverse", "info"])
    linalg_solve_ex = namedtuple("linalg_solve_ex", ["result", "info"])
    linalg_cholesky_ex = namedtuple("linalg_cholesky_ex", ["L", "info"])
    linalg_qr = namedtuple("linalg_qr", ["Q", "R"])
    linalg_eigh = namedtuple("linalg_eigh", ["eigenvalues", "eigenvectors"])
    linalg_svd = namedtuple("linalg_svd", ["U", "S", "Vh"])
    linalg_lstsq = namedtuple("linalg_lstsq", ["solution", "residuals", "rank", "singular_values"])


# ------------------------------------------------------------------------------ norms
def _dims(dim):
    if dim is None:
        return None
    if isinstance(dim, int):
        return (dim,)
    return tuple(int(d) for d in dim)


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None, out=None):
    """vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None) -> Tensor

    The vector ord-norm of x over dim (all elements when None) (torch.linalg.vector_norm):
    ``sum(|x|**ord)**(1/ord)``; ord = inf / -inf give max / min of |x|, ord = 0 counts nonzeros.

    Args:
        x (Tensor): any shape, floating dtype.
        ord (float): the order (default 2).
        dim (int or tuple of ints, optional): dims to reduce.
        keepdim (bool): keep reduced dims as size 1.
        dtype (pyt.dtype, optional): cast x to dtype first.

    Returns:
        Tensor: x's shape without dim.

    Raises:
        RuntimeError: integer input; inf/-inf/negative orders over empty dims.

    Example:
        >>> pyt.linalg.vector_norm(pyt.tensor([3., 4.]))
        tensor(5.)
    """
    if isinstance(ord, str):
        raise RuntimeError(f"linalg.vector_norm: Expected ord to be a number, got '{ord}'")
    r = _C.Tensor.norm(x, float(ord), _dims(dim), keepdim, dtype=dtype)
    return _write_out("linalg.vector_norm", r, out)


def _check_float(A, op):
    if not A.is_floating_point():
        raise RuntimeError(f"{op}: Expected a floating point or complex tensor as input. Got {_dtype_name(A)}")


def _dtype_name(A):
    names = {"float32": "Float", "float64": "Double", "float16": "Half", "bfloat16": "BFloat16", "int64": "Long",
             "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}
    s = str(A.dtype).replace("pyt.", "").replace("torch.", "")
    return names.get(s, s)


def _write_out(op, r, out):
    if out is None:
        return r
    from ._extra_ops import _write_out as w

    return w(op, r, out)


def _write_outs(op, r, out):
    """Writes each tensor of the named tuple r into the matching tensor of out (a sequence)."""
    if out is None:
        return r
    if len(out) != len(r):
        raise RuntimeError(f"{op}: expected out to be a sequence of {len(r)} tensors, got {len(out)}")
    return type(r)(*[_write_out(op, x, o) for x, o in zip(r, out)])


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None, out=None):
    """matrix_norm(A, ord='fro', dim=(-2, -1), keepdim=False, *, dtype=None) -> Tensor

    A matrix norm of the matrices of A over the two dims dim (torch.linalg.matrix_norm):
    'fro' (Frobenius), 'nuc' (sum of singular values), inf / -inf (max / min row sum of |A|),
    1 / -1 (max / min column sum of |A|), 2 / -2 (largest / smallest singular value).

    Args:
        A (Tensor): (*, m, n) (dim chooses the matrix dims), floating dtype.
        ord (str or float): the norm (default 'fro').
        dim (2-tuple of ints): the matrix dims.
        keepdim (bool): keep them as size 1.
        dtype (pyt.dtype, optional): cast A to dtype first.

    Returns:
        Tensor: A's shape without dim.

    Raises:
        RuntimeError: fewer than 2 dims, integer input, unsupported ord, a bad dim.

    Example:
        >>> pyt.linalg.matrix_norm(pyt.tensor([[1., 2.], [3., 4.]]), ord=1)
        tensor(6.)
    """
    if A.dim() < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    _check_float(A, "linalg.matrix_norm")
    dim = _dims(dim)
    if dim is None or len(dim) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {' '.join(map(str, dim or ()))}")
    nd = A.dim()
    d0, d1 = (d + nd if d < 0 else d for d in dim)
    if not (0 <= d0 < nd and 0 <= d1 < nd):
        raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got "
                         f"{dim[0] if not 0 <= d0 < nd else dim[1]})")
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, {dim[1]})")
    if dtype is not None:
        A = A.to(dtype)
    if isinstance(ord, str):
        if ord == "fro":
            r = vector_norm(A, 2, (d0, d1), keepdim)
        elif ord == "nuc":
            r = _spectral(A, d0, d1, keepdim, lambda s: s.sum(-1))
        else:
            raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
        return _write_out("linalg.matrix_norm", r, out)
    o = float(ord)
    if o in (2.0, -2.0):
        r = _spectral(A, d0, d1, keepdim, (lambda s: s.amax(-1)) if o > 0 else (lambda s: s.amin(-1)))
    elif o in (1.0, -1.0, math.inf, -math.inf):
        if math.isinf(o):
            d0, d1 = d1, d0
        s = A.abs().sum(d0, keepdim=True)
        r = s.amax(d1, keepdim=True) if o > 0 else s.amin(d1, keepdim=True)
        if not keepdim:
            r = r.squeeze((d0, d1)) if hasattr(r, "squeeze") else r
    else:
        raise RuntimeError(f"linalg.matrix_norm: Order {_fmt(ord)} not supported.")
    return _write_out("linalg.matrix_norm", r, out)


def _fmt(v):
    return str(int(v)) if float(v).is_integer() else str(v)


def _spectral(A, d0, d1, keepdim, reduce):
    """reduce(svdvals) of the matrices over dims (d0, d1)."""
    nd = A.dim()
    rest = [d for d in range(nd) if d not in (d0, d1)]
    B = A.permute(*rest, d0, d1)
    r = reduce(svdvals(B))
    if keepdim:
        for d in sorted((d0, d1)):
            r = r.unsqueeze(d)
    return r


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None, out=None):
    """norm(A, ord=None, dim=None, keepdim=False, *, dtype=None) -> Tensor

    A vector or matrix norm (torch.linalg.norm): a matrix norm (matrix_norm) when ord is a
    string, or ord is given and dim has two entries (or dim is None and A is 2-D); the vector
    norm (vector_norm, ord 2 by default, over all elements when dim is None) otherwise.

    Args:
        A (Tensor): any shape; 1-D or 2-D when ord is given without dim. Floating dtype.
        ord (str or float, optional): see vector_norm and matrix_norm.
        dim (int or tuple, optional): one or two dims.
        keepdim (bool): keep reduced dims as size 1.
        dtype (pyt.dtype, optional): cast A to dtype first.

    Returns:
        Tensor: A's shape without the reduced dims.

    Raises:
        RuntimeError: torch's errors for bad dim/ord combinations and integer input.

    Example:
        >>> pyt.linalg.norm(pyt.tensor([[1., 2.], [2., 4.]]))
        tensor(5.)
    """
    dims = _dims(dim)
    if dims is not None:
        if len(dims) not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. Got {list(dims)}")
    elif ord is not None and A.dim() not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
                           f"Got {A.dim()}D.")
    if isinstance(ord, str):
        r = matrix_norm(A, ord, dims if dims is not None else (0, 1), keepdim, dtype=dtype)
    elif ord is not None and ((dims is not None and len(dims) == 2) or (dims is None and A.dim() == 2)):
        r = matrix_norm(A, ord, dims if dims is not None else (0, 1), keepdim, dtype=dtype)
    else:
        r = vector_norm(A, 2 if ord is None else ord, dims, keepdim, dtype=dtype)
    return _write_out("linalg.norm", r, out)


# ------------------------------------------------------------------ LU, det, inverse, solve
def det(A, *, out=None):
    """det(A) -> Tensor

    Determinant of square matrices (torch.linalg.det), from an LU factorization.

    Args:
        A (Tensor): (*, n, n), float32 or float64.

    Returns:
        Tensor: (*). Gradient: det * A^{-T}, an SVD formula for singular matrices.

    Raises:
        RuntimeError: non-square, fewer than 2 dims, or integer input.

    Example:
        >>> pyt.linalg.det(pyt.tensor([[1., 2.], [3., 4.]]))
        tensor(-2.)
    """
    return _write_out("linalg.det", _C._linalg_det(A), out)


def slogdet(A, *, out=None):
    """slogdet(A) -> (Tensor, Tensor)

    Sign and natural log of the absolute determinant (torch.linalg.slogdet); a singular matrix
    gives (0, -inf).

    Args:
        A (Tensor): (*, n, n), float32 or float64.

    Returns:
        (sign, logabsdet): each (*).

    Example:
        >>> pyt.linalg.slogdet(pyt.tensor([[1., 2.], [3., 4.]])).sign
        tensor(-1.)
    """
    return _write_outs("linalg.slogdet", _return_types.linalg_slogdet(*_C._linalg_slogdet(A)), out)


def inv(A, *, out=None):
    """inv(A) -> Tensor

    Inverse of square matrices (torch.linalg.inv), by LU factorization and solve.

    Args:
        A (Tensor): (*, n, n), float32 or float64.

    Returns:
        Tensor: (*, n, n). Gradient: -A^{-T} grad A^{-T}.

    Raises:
        LinAlgError: "linalg.inv: The diagonal element k is zero, ..." for a singular matrix
            (prefixed "(Batch element i): " in a batch).
        RuntimeError: non-square or integer input.

    Example:
        >>> pyt.linalg.inv(pyt.tensor([[2., 0.], [0., 4.]]))
        tensor([[0.5000, 0.0000],
                [0.0000, 0.2500]])
    """
    return _write_out("linalg.inv", _C._linalg_inv(A), out)


def inv_ex(A, *, check_errors=False, out=None):
    """inv_ex(A, *, check_errors=False) -> (Tensor, Tensor)

    The inverse and LAPACK's info (int32, (*): 0, or k when U[k-1, k-1] is zero) without
    raising unless check_errors (torch.linalg.inv_ex).

    Example:
        >>> pyt.linalg.inv_ex(pyt.zeros(2, 2)).info
        tensor(1, dtype=pyt.int32)
    """
    return _write_outs("linalg.inv_ex", _return_types.linalg_inv_ex(*_C._linalg_inv_ex(A, check_errors)), out)


def solve(A, B, *, left=True, out=None):
    """solve(A, B, *, left=True) -> Tensor

    The solution X of A X = B (left) or X A = B (torch.linalg.solve).

    Args:
        A (Tensor): (*, n, n), float32 or float64.
        B (Tensor): (*, n, k), or a vector: (n) or A's shape without the last dim, in which case
            X is a vector too. Batch dims broadcast with A's. Same dtype as A.
        left (bool): solve A X = B (True) or X A = B.

    Returns:
        Tensor: (*, n, k) (or (*, n)).

    Raises:
        LinAlgError: "torch.linalg.solve: The solver failed because the input matrix is singular."
        RuntimeError: incompatible shapes (naming both), mixed dtypes, integer input.

    Example:
        >>> pyt.linalg.solve(pyt.tensor([[2., 0.], [0., 4.]]), pyt.tensor([2., 2.]))
        tensor([1.0000, 0.5000])
    """
    return _write_out("linalg.solve", _C._linalg_solve(A, B, left), out)


def solve_ex(A, B, *, left=True, check_errors=False, out=None):
    """solve_ex(A, B, *, left=True, check_errors=False) -> (Tensor, Tensor)

    solve returning (result, info) without raising for singular matrices unless check_errors
    (torch.linalg.solve_ex).

    Example:
        >>> pyt.linalg.solve_ex(pyt.eye(2), pyt.ones(2)).info
        tensor(0, dtype=pyt.int32)
    """
    return _write_outs("linalg.solve_ex", _return_types.linalg_solve_ex(*_C._linalg_solve_ex(A, B, left, check_errors)),
                       out)


def lu_factor(A, *, pivot=True, out=None):
    """lu_factor(A, *, pivot=True) -> (Tensor, Tensor)

    Compact LU factorization with partial pivoting, P A = L U (torch.linalg.lu_factor):
    LU (*, m, n) holds U and L's strict lower triangle (L's diagonal is 1); pivots (*, min(m, n))
    int32, 1-based row interchanges as LAPACK's getrf.

    Raises:
        RuntimeError: a zero U[k, k] ("U[k,k] is zero and using it on lu_solve would result in a
            division by zero..."); pivot=False (not implemented on the CPU).

    Example:
        >>> LU, piv = pyt.linalg.lu_factor(pyt.tensor([[1., 2.], [3., 4.]]))
        >>> piv
        tensor([2, 2], dtype=pyt.int32)
    """
    return _write_outs("linalg.lu_factor", _return_types.linalg_lu_factor(*_C._linalg_lu_factor(A, pivot)), out)


def lu_factor_ex(A, *, pivot=True, check_errors=False, out=None):
    """lu_factor_ex(A, *, pivot=True, check_errors=False) -> (Tensor, Tensor, Tensor)

    lu_factor plus info (int32, (*)) without raising for singular matrices unless check_errors
    (torch.linalg.lu_factor_ex).

    Example:
        >>> pyt.linalg.lu_factor_ex(pyt.zeros(2, 2)).info
        tensor(1, dtype=pyt.int32)
    """
    r = _return_types.linalg_lu_factor_ex(*_C._linalg_lu_factor_ex(A, pivot, check_errors))
    return _write_outs("linalg.lu_factor_ex", r, out)


# ------------------------------------------------------------------ decompositions
def cholesky(A, *, upper=False, out=None):
    """cholesky(A, *, upper=False) -> Tensor

    Cholesky factor of symmetric positive-definite matrices (torch.linalg.cholesky): lower L
    with A = L L^T, or upper U = L^T with A = U^T U. Only A's lower triangle is read.

    Args:
        A (Tensor): (*, n, n), float32 or float64.
        upper (bool): return the upper factor.

    Returns:
        Tensor: (*, n, n).

    Raises:
        LinAlgError: "linalg.cholesky: The factorization could not be completed because the input is
            not positive-definite (the leading minor of order k is not positive-definite)."

    Example:
        >>> pyt.linalg.cholesky(pyt.tensor([[4., 2.], [2., 2.]]))
        tensor([[2., 0.],
                [1., 1.]])
    """
    return _write_out("linalg.cholesky", _C._linalg_cholesky(A, upper), out)


def cholesky_ex(A, *, upper=False, check_errors=False, out=None):
    """cholesky_ex(A, *, upper=False, check_errors=False) -> (Tensor, Tensor)

    cholesky plus info (int32, (*): k when the leading minor of order k is not positive-definite)
    without raising unless check_errors (torch.linalg.cholesky_ex).

    Example:
        >>> pyt.linalg.cholesky_ex(-pyt.eye(2)).info
        tensor(1, dtype=pyt.int32)
    """
    r = _return_types.linalg_cholesky_ex(*_C._linalg_cholesky_ex(A, upper, check_errors))
    return _write_outs("linalg.cholesky_ex", r, out)


def qr(A, mode="reduced", *, out=None):
    """qr(A, mode='reduced') -> (Tensor, Tensor)

    QR decomposition A = Q R, Q with orthonormal columns, R upper triangular (torch.linalg.qr),
    by Householder reflections (LAPACK geqrf/orgqr). k = min(m, n).

    Args:
        A (Tensor): (*, m, n), float32 or float64.
        mode (str): 'reduced' (Q (*, m, k), R (*, k, n)), 'complete' (Q (*, m, m), R (*, m, n))
            or 'r' (R only; Q is empty).

    Returns:
        (Q, R). The signs of the factors follow LAPACK (R's diagonal may be negative).

    Raises:
        RuntimeError: an unknown mode, fewer than 2 dims, integer input; in backward, mode='r' or
            mode='complete' with m > n.

    Example:
        >>> Q, R = pyt.linalg.qr(pyt.tensor([[3., 1.], [4., 2.]]))
        >>> (Q @ R - pyt.tensor([[3., 1.], [4., 2.]])).abs().max() < 1e-5
        tensor(True)
    """
    return _write_outs("linalg.qr", _return_types.linalg_qr(*_C._linalg_qr(A, mode)), out)


def eigh(A, UPLO="L", *, out=None):
    """eigh(A, UPLO='L') -> (Tensor, Tensor)

    Eigenvalues (ascending) and orthonormal eigenvectors (columns) of symmetric matrices, reading
    the triangle UPLO (torch.linalg.eigh; LAPACK syevd).

    Args:
        A (Tensor): (*, n, n), float32 or float64.
        UPLO (str): 'L' or 'U'.

    Returns:
        (eigenvalues (*, n), eigenvectors (*, n, n)); each eigenvector's sign follows LAPACK.

    Raises:
        LinAlgError: no convergence. RuntimeError: bad UPLO, non-square input.

    Example:
        >>> pyt.linalg.eigh(pyt.tensor([[2., 1.], [1., 2.]])).eigenvalues
        tensor([1., 3.])
    """
    return _write_outs("linalg.eigh", _return_types.linalg_eigh(*_C._linalg_eigh(A, UPLO)), out)


def eigvalsh(A, UPLO="L", *, out=None):
    """eigvalsh(A, UPLO='L') -> Tensor

    Eigenvalues (ascending, (*, n)) of symmetric matrices (torch.linalg.eigvalsh).

    Example:
        >>> pyt.linalg.eigvalsh(pyt.tensor([[2., 1.], [1., 2.]]))
        tensor([1., 3.])
    """
    return _write_out("linalg.eigvalsh", _C._linalg_eigvalsh(A, UPLO), out)


def svd(A, full_matrices=True, *, driver=None, out=None):
    """svd(A, full_matrices=True, *, driver=None) -> (Tensor, Tensor, Tensor)

    Singular value decomposition A = U diag(S) Vh (torch.linalg.svd; LAPACK gesdd).

    Args:
        A (Tensor): (*, m, n), float32 or float64; k = min(m, n).
        full_matrices (bool): U (*, m, m) and Vh (*, n, n) when True, else (*, m, k) and (*, k, n).
        driver: accepted for torch compatibility (CUDA only in torch); must be None.

    Returns:
        (U, S (*, k) descending, Vh). Singular vectors are unique up to sign.

    Raises:
        LinAlgError: non-finite input or no convergence.

    Example:
        >>> pyt.linalg.svd(pyt.tensor([[3., 0.], [0., -2.]])).S
        tensor([3., 2.])
    """
    if driver is not None:
        raise RuntimeError("torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with "
                           "cuSOLVER backend.")
    return _write_outs("linalg.svd", _return_types.linalg_svd(*_C._linalg_svd(A, full_matrices)), out)


def svdvals(A, *, driver=None, out=None):
    """svdvals(A, *, driver=None) -> Tensor

    Singular values (*, min(m, n)), descending (torch.linalg.svdvals).

    Example:
        >>> pyt.linalg.svdvals(pyt.tensor([[3., 0.], [0., -2.]]))
        tensor([3., 2.])
    """
    return _write_out("linalg.svdvals", _C._linalg_svdvals(A), out)


def _tolerances(S_max, m, n, atol, rtol, dtype):
    """torch's pinv/matrix_rank threshold max(atol, rtol * S_max) (Tensor (*, 1))."""
    import pyt

    eps = 1.1920928955078125e-07 if dtype == pyt.float32 else 2.220446049250313e-16
    if rtol is None:
        atol_zero = atol is None or (not isinstance(atol, pyt.Tensor) and atol == 0)
        rtol = eps * max(m, n) if atol_zero else 0.0
    tol = S_max * rtol if not isinstance(rtol, pyt.Tensor) else S_max * rtol.unsqueeze(-1)
    if atol is not None:
        a = atol.unsqueeze(-1) if isinstance(atol, pyt.Tensor) else atol
        tol = pyt.maximum(tol, a if isinstance(a, pyt.Tensor) else pyt.full_like(tol, a))
    return tol


def pinv(A, *, atol=None, rtol=None, hermitian=False, out=None):
    """pinv(A, *, atol=None, rtol=None, hermitian=False) -> Tensor

    Moore-Penrose pseudo-inverse (torch.linalg.pinv), from the SVD (or eigh when hermitian):
    singular values at or below max(atol, rtol * largest) are treated as zero (rtol defaults to
    eps * max(m, n) when atol is None or 0).

    Args:
        A (Tensor): (*, m, n), float32 or float64.

    Returns:
        Tensor: (*, n, m).

    Example:
        >>> pyt.linalg.pinv(pyt.tensor([[2., 0.], [0., 0.]]))
        tensor([[0.5000, 0.0000],
                [0.0000, 0.0000]])
    """
    import pyt

    if A.dim() < 2 or not A.is_floating_point():
        raise RuntimeError(f"linalg.pinv({_dtype_name(A)}{{{list(A.shape)}}}): expected a tensor with 2 or more "
                           "dimensions of float, double, cfloat or cdouble types")
    m, n = A.shape[-2], A.shape[-1]
    if A.numel() == 0:
        return _write_out("linalg.pinv", pyt.zeros(*A.shape[:-2], n, m, dtype=A.dtype), out)
    if hermitian:
        L, Q = eigh(A)
        absL = L.abs()
        tol = _tolerances(absL.amax(-1, keepdim=True), m, n, atol, rtol, A.dtype)
        Linv = pyt.where(absL > tol, 1.0 / L, pyt.zeros_like(L))
        r = (Q * Linv.unsqueeze(-2)) @ Q.mT
    else:
        U, S, Vh = svd(A, full_matrices=False)
        tol = _tolerances(S[..., :1], m, n, atol, rtol, A.dtype)
        Sinv = pyt.where(S > tol, 1.0 / S, pyt.zeros_like(S))
        r = (Vh.mT * Sinv.unsqueeze(-2)) @ U.mT
    return _write_out("linalg.pinv", r, out)


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False, out=None):
    """matrix_rank(A, *, atol=None, rtol=None, hermitian=False) -> Tensor

    Number of singular values (|eigenvalues| when hermitian) above max(atol, rtol * largest)
    (torch.linalg.matrix_rank); int64, (*).

    Example:
        >>> pyt.linalg.matrix_rank(pyt.tensor([[1., 2.], [2., 4.]]))
        tensor(1)
    """
    import pyt

    if A.dim() < 2:
        raise RuntimeError("linalg.matrix_rank: The input tensor input must have at least 2 dimensions.")
    _check_float(A, "linalg.matrix_rank")
    m, n = A.shape[-2], A.shape[-1]
    with pyt.no_grad():
        S = eigvalsh(A).abs() if hermitian else svdvals(A)
        if S.shape[-1] == 0:
            return _write_out("linalg.matrix_rank", pyt.zeros(*A.shape[:-2], dtype=pyt.int64), out)
        tol = _tolerances(S.amax(-1, keepdim=True), m, n, atol, rtol, A.dtype)
        r = (S > tol).sum(-1)
    return _write_out("linalg.matrix_rank", r, out)


def lstsq(A, B, rcond=None, *, driver=None):
    """lstsq(A, B, rcond=None, *, driver=None) -> (Tensor, Tensor, Tensor, Tensor)

    Least-squares solution of A X = B (torch.linalg.lstsq with its CPU default driver 'gelsy'):
    the minimum-norm X minimizing ||A X - B||, singular values below rcond * largest (default
    eps * max(m, n)) treated as zero. Computed as pinv(A) @ B.

    Args:
        A (Tensor): (*, m, n); B (Tensor): (*, m, k), batch dims broadcast. Same float dtype.

    Returns:
        (solution (*, n, k), residuals (empty, as gelsy), rank (*) int64, singular_values (empty)).

    Example:
        >>> pyt.linalg.lstsq(pyt.tensor([[1.], [1.]]), pyt.tensor([[1.], [3.]])).solution
        tensor([[2.]])
    """
    import pyt

    if driver not in (None, "gelsy", "gelsd", "gelss", "gels"):
        raise RuntimeError(f"torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    if A.dim() < 2:
        raise RuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.")
    _check_float(A, "torch.linalg.lstsq")
    if A.dtype != B.dtype:
        raise RuntimeError(f"torch.linalg.lstsq: Expected input and other to have the same dtype, but got "
                           f"input's dtype {_dtype_name(A)} and other's dtype {_dtype_name(B)}")
    vector = B.dim() == A.dim() - 1
    Bm = B.unsqueeze(-1) if vector else B
    if Bm.shape[-2] != A.shape[-2]:
        raise RuntimeError(f"torch.linalg.lstsq: input.size(-2) should match other.size(-2). Got "
                           f"{A.shape[-2]} and {Bm.shape[-2]}")
    X = pinv(A, rtol=rcond) @ Bm
    if vector:
        X = X.squeeze(-1)
    rank = matrix_rank(A, rtol=rcond)
    empty = pyt.empty(0, dtype=A.dtype)
    return _return_types.linalg_lstsq(X, empty, rank, empty)


# ------------------------------------------------------------------ products
def matrix_power(A, n, *, out=None):
    """matrix_power(A, n) -> Tensor

    A to the integer power n (torch.linalg.matrix_power) by repeated squaring; n = 0 gives the
    identity, n < 0 powers of inv(A).

    Args:
        A (Tensor): (*, m, m). n (int).

    Returns:
        Tensor: (*, m, m).

    Raises:
        RuntimeError: non-square A; LinAlgError for n < 0 and singular A.

    Example:
        >>> pyt.linalg.matrix_power(pyt.tensor([[1., 1.], [0., 1.]]), 3)
        tensor([[1., 3.],
                [0., 1.]])
    """
    import pyt

    if isinstance(n, bool) or not isinstance(n, int) and not hasattr(n, "__index__"):
        raise TypeError(f"linalg_matrix_power(): argument 'n' (position 2) must be int, not {type(n).__name__}")
    n = n.__index__()
    if A.dim() < 2:
        raise RuntimeError("linalg.matrix_power: The input tensor A must have at least 2 dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.matrix_power: A must be batches of square matrices, but they are "
                           f"{A.shape[-2]} by {A.shape[-1]} matrices")
    n = int(n)
    if n == 0:
        r = pyt.eye(A.shape[-1], dtype=A.dtype).expand(*A.shape).clone()
        return _write_out("linalg.matrix_power", r, out)
    if n < 0:
        A = inv(A)
        n = -n
    if n == 1:
        return _write_out("linalg.matrix_power", A.clone(), out)
    result, z = None, A
    while True:
        if n % 2 == 1:
            result = z if result is None else result @ z
        n //= 2
        if n == 0:
            break
        z = z @ z
    return _write_out("linalg.matrix_power", result, out)


def matrix_exp(A):
    """matrix_exp(A) -> Tensor

    Matrix exponential sum_k A^k / k! (torch.linalg.matrix_exp): scaling and squaring with the
    degree-13 Pade approximant (Higham 2005). Gradient: the adjoint Frechet derivative, from the
    exponential of [[A^T, G], [0, A^T]] (torch's formula).

    Args:
        A (Tensor): (*, n, n), float32 or float64.

    Returns:
        Tensor: (*, n, n).

    Example:
        >>> pyt.linalg.matrix_exp(pyt.tensor([[0., 1.], [0., 0.]]))
        tensor([[1., 1.],
                [0., 1.]])
    """
    return _C.matrix_exp(A)


def multi_dot(tensors, *, out=None):
    """multi_dot(tensors) -> Tensor

    The product of two or more matrices in the cheapest order (torch.linalg.multi_dot); the
    first may be a row vector (n) and the last a column vector (n), as in torch.

    Args:
        tensors (sequence of Tensor): 2-D (first and last may be 1-D), one dtype.

    Returns:
        Tensor: the product; 1-D ends are squeezed out of the result.

    Raises:
        RuntimeError: fewer than 2 tensors, wrong dims, mixed dtypes, incompatible shapes.

    Example:
        >>> pyt.linalg.multi_dot([pyt.ones(2, 3), pyt.ones(3, 4), pyt.ones(4)])
        tensor([12., 12.])
    """
    if isinstance(tensors, _C.Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"linalg_multi_dot(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                        f"{type(tensors).__name__}")
    ts = list(tensors)
    k = len(ts)
    if k < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {k}")
    first_1d, last_1d = ts[0].dim() == 1, ts[-1].dim() == 1
    if ts[0].dim() not in (1, 2):
        raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got {ts[0].dim()}D")
    if ts[-1].dim() not in (1, 2):
        raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got {ts[-1].dim()}D")
    for i in range(1, k - 1):
        if ts[i].dim() != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {ts[i].dim()}D")
    for i in range(1, k):
        if ts[i].dtype != ts[0].dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor 0 is "
                               f"{_dtype_name(ts[0])} and tensor {i} is {_dtype_name(ts[i])}")
    mats = list(ts)
    if first_1d:
        mats[0] = mats[0].unsqueeze(0)
    if last_1d:
        mats[-1] = mats[-1].unsqueeze(-1)
    for i in range(k - 1):
        if mats[i].shape[1] != mats[i + 1].shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {i} and {i + 1} with shapes {list(ts[i].shape)} and "
                               f"{list(ts[i + 1].shape)} cannot be multiplied")
    if k == 2:
        r = mats[0] @ mats[1]
    else:
        # Matrix-chain order by dynamic programming (torch's matrix_chain_order).
        p = [mats[0].shape[0]] + [m.shape[1] for m in mats]
        cost = [[0] * k for _ in range(k)]
        split = [[0] * k for _ in range(k)]
        for length in range(1, k):
            for i in range(k - length):
                j = i + length
                cost[i][j] = None
                for s in range(i, j):
                    c = cost[i][s] + cost[s + 1][j] + p[i] * p[s + 1] * p[j + 1]
                    if cost[i][j] is None or c < cost[i][j]:
                        cost[i][j], split[i][j] = c, s

        def chain(i, j):
            if i == j:
                return mats[i]
            s = split[i][j]
            return chain(i, s) @ chain(s + 1, j)

        r = chain(0, k - 1)
    if first_1d:
        r = r.squeeze(0)
    if last_1d:
        r = r.squeeze(-1)
    return _write_out("linalg.multi_dot", r, out)


def vecdot(x, y, *, dim=-1, out=None):
    """vecdot(x, y, *, dim=-1) -> Tensor

    Dot products of x and y along dim after broadcasting (torch.linalg.vecdot): sum(x * y, dim).

    Example:
        >>> pyt.linalg.vecdot(pyt.tensor([[1., 2.], [3., 4.]]), pyt.tensor([1., 1.]))
        tensor([3., 7.])
    """
    return _write_out("linalg.vecdot", (x * y).sum(dim), out)


def matmul(input, other, *, out=None):
    """matmul(input, other) -> Tensor

    Alias of pyt.matmul (torch.linalg.matmul).

    Example:
        >>> pyt.linalg.matmul(pyt.ones(2, 3), pyt.ones(3))
        tensor([3., 3.])
    """
    import pyt

    return pyt.matmul(input, other, out=out) if out is not None else pyt.matmul(input, other)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """diagonal(A, *, offset=0, dim1=-2, dim2=-1) -> Tensor

    Alias of pyt.diagonal with matrix defaults (torch.linalg.diagonal): a view of the diagonals.

    Example:
        >>> pyt.linalg.diagonal(pyt.eye(2))
        tensor([1., 1.])
    """
    return A.diagonal(offset, dim1, dim2)


__all__ = [
    "LinAlgError", "vector_norm", "matrix_norm", "norm", "det", "slogdet", "inv", "inv_ex", "solve", "solve_ex",
    "lu_factor", "lu_factor_ex", "cholesky", "cholesky_ex", "qr", "eigh", "eigvalsh", "svd", "svdvals", "pinv",
    "matrix_rank", "lstsq", "matrix_power", "matrix_exp", "multi_dot", "vecdot", "matmul", "diagonal", "cross",
]
