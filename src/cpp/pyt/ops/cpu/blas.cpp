#include "pyt/ops/cpu/blas.h"

#include <limits>

#include <cblas.h>

#include "pyt/error.h"
#include "pyt/parallel.h"

namespace pyt::cpu {

namespace {
blasint to_blas(int64_t v, const char* what) {
  PYT_CHECK(v <= std::numeric_limits<blasint>::max(), RuntimeError, "gemm: ", what, " = ", v,
            " exceeds the 32-bit BLAS index range");
  return static_cast<blasint>(v);
}
}  // namespace

// Note [Thread budget]: the first GEMM settles the process's thread count so that
// OpenBLAS follows pyt's budget from the start.
void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda, const float* b,
          int64_t ldb, float beta, float* c, int64_t ldc) {
  (void)get_num_threads();
  scipy_cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, to_blas(m, "m"),
                    to_blas(n, "n"), to_blas(k, "k"), alpha, a, to_blas(lda, "lda"), b, to_blas(ldb, "ldb"), beta, c,
                    to_blas(ldc, "ldc"));
}

void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const double* a, int64_t lda,
          const double* b, int64_t ldb, double beta, double* c, int64_t ldc) {
  (void)get_num_threads();
  scipy_cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, to_blas(m, "m"),
                    to_blas(n, "n"), to_blas(k, "k"), alpha, a, to_blas(lda, "lda"), b, to_blas(ldb, "ldb"), beta, c,
                    to_blas(ldc, "ldc"));
}

BlasThreadsGuard::BlasThreadsGuard(int n) : prev_(scipy_openblas_get_num_threads()) {
  if (prev_ != n) scipy_openblas_set_num_threads(n);
}
BlasThreadsGuard::~BlasThreadsGuard() {
  if (scipy_openblas_get_num_threads() != prev_) scipy_openblas_set_num_threads(prev_);
}

}  // namespace pyt::cpu
