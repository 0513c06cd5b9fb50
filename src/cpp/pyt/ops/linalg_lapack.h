#pragma once
// Linear algebra on LAPACK (torch.linalg): factorizations, determinants, inverses, solves and
// spectral decompositions of batches of matrices (..., m, n). Part of ops.h.
// float32 and float64 only (integer inputs raise "Expected a floating point or complex tensor",
// float16/bfloat16 "Low precision dtypes not supported", as torch). Every matrix of a batch is
// factorized by one single-threaded LAPACK call (OpenBLAS from scipy-openblas32, scipy_ symbols)
// on pyt's pool, so the results are bitwise identical for any thread count. Backward formulas
// follow torch's torch/csrc/autograd/FunctionsManual.cpp and are written with public pyt ops.
#include <string>
#include <tuple>

#include "pyt/error.h"
#include "pyt/export.h"
#include "pyt/tensor.h"

namespace pyt {

/// A matrix was singular or not positive-definite (torch.linalg.LinAlgError, a RuntimeError).
class PYT_API LinAlgError : public RuntimeError {
  using RuntimeError::RuntimeError;
};

/// LU factorization with partial pivoting of A (..., m, n) (torch.linalg.lu_factor_ex):
/// (LU (..., m, n) with L's unit diagonal implied, pivots int32 (..., min(m, n)) 1-based as
/// LAPACK's getrf, info int32 (...): 0, or k > 0 when U[k-1, k-1] is zero). pivot=false
/// raises (not implemented on the CPU, as torch). Node LinalgLuFactorExBackward0 (square A).
///
///   auto [lu, piv, info] = pyt::linalg_lu_factor_ex(a);
PYT_API std::tuple<Tensor, Tensor, Tensor> linalg_lu_factor_ex(const Tensor& A, bool pivot = true,
                                                              bool check_errors = false);
/// linalg_lu_factor_ex without info; RuntimeError when a U[k, k] is zero (torch.linalg.lu_factor).
PYT_API std::tuple<Tensor, Tensor> linalg_lu_factor(const Tensor& A, bool pivot = true);
/// Determinant of square A (..., n, n) -> (...) (torch.linalg.det). Node LinalgDetBackward0.
///
///   pyt::Tensor d = pyt::linalg_det(pyt::eye(3, 3, pyt::ScalarType::Float32));  // 1
PYT_API Tensor linalg_det(const Tensor& A);
/// (sign, log|det|) of square A, each (...) (torch.linalg.slogdet); a singular matrix gives
/// (0, -inf). Node LinalgSlogdetBackward0 (the gradient flows through logabsdet).
PYT_API std::tuple<Tensor, Tensor> linalg_slogdet(const Tensor& A);
/// log(det(A)): nan where det < 0, -inf where det == 0 (torch.logdet).
PYT_API Tensor logdet(const Tensor& A);
/// (inverse (..., n, n), info int32 (...)) of square A (torch.linalg.inv_ex); with
/// check_errors a singular matrix raises LinAlgError. Node LinalgInvExBackward0.
PYT_API std::tuple<Tensor, Tensor> linalg_inv_ex(const Tensor& A, bool check_errors = false);
/// Inverse of square A; LinAlgError "linalg.inv: The diagonal element k is zero, ..." for a
/// singular matrix (torch.linalg.inv).
PYT_API Tensor linalg_inv(const Tensor& A);
/// (X, info) with A X = B (left) or X A = B (torch.linalg.solve_ex). A (*, n, n); B (*, n, k),
/// or a vector (n) / (*, n) when B.dim() == 1 or B's shape is A's without the last dim (then X
/// is a vector too); batch dims broadcast. Node LinalgSolveExBackward0.
PYT_API std::tuple<Tensor, Tensor> linalg_solve_ex(const Tensor& A, const Tensor& B, bool left = true,
                                                   bool check_errors = false);
/// X with A X = B (torch.linalg.solve); LinAlgError for a singular A.
PYT_API Tensor linalg_solve(const Tensor& A, const Tensor& B, bool left = true);
/// (L, info): the Cholesky factor of symmetric positive-definite A (..., n, n), lower
/// (A = L L^T) or upper (A = U^T U), reading only A's lower triangle (torch.linalg.cholesky_ex).
/// Node LinalgCholeskyExBackward0.
PYT_API std::tuple<Tensor, Tensor> linalg_cholesky_ex(const Tensor& A, bool upper = false,
                                                      bool check_errors = false);
/// Cholesky factor; LinAlgError when A is not positive-definite (torch.linalg.cholesky).
PYT_API Tensor linalg_cholesky(const Tensor& A, bool upper = false);
/// (Q, R) with A = Q R for A (..., m, n), k = min(m, n) (torch.linalg.qr): mode "reduced"
/// Q (..., m, k), R (..., k, n); "complete" Q (..., m, m), R (..., m, n); "r" Q empty, R
/// (..., k, n). Node LinalgQrBackward0.
PYT_API std::tuple<Tensor, Tensor> linalg_qr(const Tensor& A, const std::string& mode = "reduced");
/// (eigenvalues (..., n) ascending, eigenvectors (..., n, n) as columns) of symmetric A, reading
/// the triangle UPLO ("L" or "U") (torch.linalg.eigh). Node LinalgEighBackward0.
PYT_API std::tuple<Tensor, Tensor> linalg_eigh(const Tensor& A, const std::string& UPLO = "L");
/// Eigenvalues of symmetric A, ascending (torch.linalg.eigvalsh). Node LinalgEighBackward0.
PYT_API Tensor linalg_eigvalsh(const Tensor& A, const std::string& UPLO = "L");
/// (U, S, Vh) with A = U diag(S) Vh for A (..., m, n), k = min(m, n), S (..., k) descending
/// (torch.linalg.svd): full_matrices U (..., m, m), Vh (..., n, n); else U (..., m, k),
/// Vh (..., k, n). Node LinalgSvdBackward0.
PYT_API std::tuple<Tensor, Tensor, Tensor> linalg_svd(const Tensor& A, bool full_matrices = true);
/// Singular values (..., k), descending (torch.linalg.svdvals). Node LinalgSvdBackward0.
PYT_API Tensor linalg_svdvals(const Tensor& A);

/// Matrix exponential exp(A) = sum_k A^k / k! of square A (..., n, n) (torch.linalg.matrix_exp):
/// scaling and squaring with the degree-13 Pade approximant (Higham 2005, "The scaling and
/// squaring method for the matrix exponential revisited"). Integer input raises. Node
/// LinalgMatrixExpBackward0: the adjoint Frechet derivative, read off exp of the block matrix
/// [[A^T, G], [0, A^T]] (torch's linalg_matrix_exp_differential), so double backward works.
///
///   pyt::Tensor e = pyt::linalg_matrix_exp(pyt::zeros({2, 2}));  // identity
PYT_API Tensor linalg_matrix_exp(const Tensor& A);

}  // namespace pyt
