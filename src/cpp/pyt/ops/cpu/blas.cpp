#include "pyt/ops/cpu/blas.h"

#include <algorithm>
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

// Note [Deterministic GEMM]: OpenBLAS's own threads split the work differently for each
// thread count, and its kernels round differently for different block shapes, so C = A B
// would change in the last bits with pyt.set_num_threads. pyt therefore runs OpenBLAS on
// one thread and splits C into fixed tiles (tile_rows x kTileCols, independent of the
// thread count), computing each tile with one single-threaded GEMM on its own pool.
// The tile height depends only on the product's shape: the tallest of 256, 128 and 64 rows
// that still gives at least kMinTiles tiles (taller tiles repack B less often: 1024^3 runs
// about 20% faster with 256-row tiles than with 64-row ones), so the split, and with it every
// bit of C, is the same for any thread count.
constexpr int64_t kTileCols = 512;
constexpr int64_t kMinTiles = 4;

int64_t tile_rows(int64_t m, int64_t n) {
  int64_t tc = (n + kTileCols - 1) / kTileCols;
  for (int64_t r : {256, 128}) {
    if (((m + r - 1) / r) * tc >= kMinTiles) return r;
  }
  return 64;
}

template <typename T, typename F>
void tiled_gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b, int64_t ldb,
                T* c, int64_t ldc, F call) {
  (void)get_num_threads();  // settles the thread budget (and OpenBLAS at one thread) first
  const int64_t rows = tile_rows(m, n);
  int64_t tr = (m + rows - 1) / rows, tc = (n + kTileCols - 1) / kTileCols;
  auto tile = [&](int64_t t) {
    int64_t i0 = (t / tc) * rows, j0 = (t % tc) * kTileCols;
    int64_t mm = std::min(rows, m - i0), nn = std::min(kTileCols, n - j0);
    const T* at = ta ? a + i0 : a + i0 * lda;
    const T* bt = tb ? b + j0 * ldb : b + j0;
    call(mm, nn, at, bt, c + i0 * ldc + j0);
  };
  int64_t tiles = tr * tc;
  // Small products stay on the calling thread (a parallel region costs microseconds).
  if (tiles == 1 || m * n * k < (1 << 18)) {
    for (int64_t t = 0; t < tiles; ++t) tile(t);
    return;
  }
  parallel_for(0, tiles, 1, [&](int64_t b0, int64_t e0) {
    for (int64_t t = b0; t < e0; ++t) tile(t);
  });
}

void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda, const float* b,
          int64_t ldb, float beta, float* c, int64_t ldc) {
  to_blas(lda, "lda");
  to_blas(ldb, "ldb");
  to_blas(ldc, "ldc");
  tiled_gemm<float>(ta, tb, m, n, k, a, lda, b, ldb, c, ldc,
                    [&](int64_t mm, int64_t nn, const float* at, const float* bt, float* ct) {
                      scipy_cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                                        to_blas(mm, "m"), to_blas(nn, "n"), to_blas(k, "k"), alpha, at,
                                        static_cast<blasint>(lda), bt, static_cast<blasint>(ldb), beta, ct,
                                        static_cast<blasint>(ldc));
                    });
}

void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const double* a, int64_t lda,
          const double* b, int64_t ldb, double beta, double* c, int64_t ldc) {
  to_blas(lda, "lda");
  to_blas(ldb, "ldb");
  to_blas(ldc, "ldc");
  tiled_gemm<double>(ta, tb, m, n, k, a, lda, b, ldb, c, ldc,
                     [&](int64_t mm, int64_t nn, const double* at, const double* bt, double* ct) {
                       scipy_cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                                         to_blas(mm, "m"), to_blas(nn, "n"), to_blas(k, "k"), alpha, at,
                                         static_cast<blasint>(lda), bt, static_cast<blasint>(ldb), beta, ct,
                                         static_cast<blasint>(ldc));
                     });
}

BlasThreadsGuard::BlasThreadsGuard(int n) : prev_(scipy_openblas_get_num_threads()) {
  if (prev_ != n) scipy_openblas_set_num_threads(n);
}
BlasThreadsGuard::~BlasThreadsGuard() {
  if (scipy_openblas_get_num_threads() != prev_) scipy_openblas_set_num_threads(prev_);
}

}  // namespace pyt::cpu
