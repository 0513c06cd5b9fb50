#pragma once
// GEMM through OpenBLAS (scipy-openblas32, symbols prefixed scipy_). Row-major.
// Internal header.
#include <cstdint>

namespace pyt::cpu {

/// C = alpha * op(A) * op(B) + beta * C, with op(X) = X or X^T; C is m x n, ldc its row stride.
void gemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
          const float* b, int64_t ldb, float beta, float* c, int64_t ldc);
void gemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, double alpha, const double* a, int64_t lda,
          const double* b, int64_t ldb, double beta, double* c, int64_t ldc);
/// Limits OpenBLAS to n threads for the guard's lifetime; take it on the calling thread
/// before pyt's pool runs GEMMs in parallel (never both, see Note [Thread budget]).
class BlasThreadsGuard {
 public:
  explicit BlasThreadsGuard(int n);
  ~BlasThreadsGuard();
  BlasThreadsGuard(const BlasThreadsGuard&) = delete;
  BlasThreadsGuard& operator=(const BlasThreadsGuard&) = delete;

 private:
  int prev_;
};

/// Plain loops for integer dtypes (no BLAS kernel exists for them).
template <typename T>
void gemm_naive(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, T alpha, const T* a, int64_t lda,
                const T* b, int64_t ldb, T beta, T* c, int64_t ldc) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      T acc = 0;
      for (int64_t p = 0; p < k; ++p) {
        T av = trans_a ? a[p * lda + i] : a[i * lda + p];
        T bv = trans_b ? b[j * ldb + p] : b[p * ldb + j];
        acc = static_cast<T>(acc + av * bv);
      }
      c[i * ldc + j] = static_cast<T>(beta == T(0) ? alpha * acc : alpha * acc + beta * c[i * ldc + j]);
    }
}

}  // namespace pyt::cpu
