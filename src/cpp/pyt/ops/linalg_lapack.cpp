// torch.linalg on LAPACK (ops/linalg_lapack.h): LU, det, slogdet, inverse, solve, Cholesky,
// QR, symmetric eigendecomposition and SVD, batched over leading dims, with their backward
// formulas (torch's FunctionsManual.cpp, written with public pyt ops).
//
// Note [LAPACK layout]: LAPACK is column-major. Each matrix is copied from its row-major
// (contiguous) input into a per-thread column-major scratch buffer, factorized in place, and
// the factors are written back row-major into outputs allocated with their final shapes, so
// outputs are plain contiguous tensors (never views of scratch).
//
// Note [LAPACK threads]: a batch runs on pyt's pool, one matrix per LAPACK call, with OpenBLAS
// on one thread (BlasThreadsGuard). A matrix is always factorized by the same single-threaded
// code whatever the split, so results are bitwise identical for any thread count.
#include "pyt/ops/linalg_lapack.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/blas.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/tensor_iterator.h"
#include "pyt/ops/ops.h"
#include "pyt/ops/reduced_precision.h"
#include "pyt/parallel.h"

extern "C" {
// LAPACK from scipy-openblas32 (32-bit integers, symbols prefixed scipy_); trailing size_t
// arguments are the hidden lengths of Fortran character arguments.
#define PYT_LAPACK_DECL(T, P)                                                                                     \
  void scipy_##P##getrf_(const int* m, const int* n, T* a, const int* lda, int* ipiv, int* info);                \
  void scipy_##P##getrs_(const char* trans, const int* n, const int* nrhs, const T* a, const int* lda,            \
                         const int* ipiv, T* b, const int* ldb, int* info, size_t);                               \
  void scipy_##P##potrf_(const char* uplo, const int* n, T* a, const int* lda, int* info, size_t);              \
  void scipy_##P##geqrf_(const int* m, const int* n, T* a, const int* lda, T* tau, T* work, const int* lwork,    \
                         int* info);                                                                              \
  void scipy_##P##orgqr_(const int* m, const int* n, const int* k, T* a, const int* lda, const T* tau, T* work,  \
                         const int* lwork, int* info);                                                            \
  void scipy_##P##syevd_(const char* jobz, const char* uplo, const int* n, T* a, const int* lda, T* w, T* work,  \
                         const int* lwork, int* iwork, const int* liwork, int* info, size_t, size_t);             \
  void scipy_##P##gesdd_(const char* jobz, const int* m, const int* n, T* a, const int* lda, T* s, T* u,         \
                         const int* ldu, T* vt, const int* ldvt, T* work, const int* lwork, int* iwork, int* info, \
                         size_t);
PYT_LAPACK_DECL(float, s)
PYT_LAPACK_DECL(double, d)
#undef PYT_LAPACK_DECL
}

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace {

template <typename T>
struct Lapack;
#define PYT_LAPACK_IMPL(T, P)                                                                                    \
  template <>                                                                                                    \
  struct Lapack<T> {                                                                                             \
    static void getrf(int m, int n, T* a, int lda, int* ipiv, int* info) {                                       \
      scipy_##P##getrf_(&m, &n, a, &lda, ipiv, info);                                                            \
    }                                                                                                            \
    static void getrs(int n, int nrhs, const T* a, int lda, const int* ipiv, T* b, int ldb, int* info) {         \
      char tr = 'N';                                                                                             \
      scipy_##P##getrs_(&tr, &n, &nrhs, a, &lda, ipiv, b, &ldb, info, 1);                                        \
    }                                                                                                            \
    static void potrf(int n, T* a, int lda, int* info) {                                                         \
      char uplo = 'L';                                                                                           \
      scipy_##P##potrf_(&uplo, &n, a, &lda, info, 1);                                                            \
    }                                                                                                            \
    static void geqrf(int m, int n, T* a, int lda, T* tau, T* work, int lwork, int* info) {                      \
      scipy_##P##geqrf_(&m, &n, a, &lda, tau, work, &lwork, info);                                               \
    }                                                                                                            \
    static void orgqr(int m, int n, int k, T* a, int lda, const T* tau, T* work, int lwork, int* info) {         \
      scipy_##P##orgqr_(&m, &n, &k, a, &lda, tau, work, &lwork, info);                                           \
    }                                                                                                            \
    static void syevd(char jobz, char uplo, int n, T* a, int lda, T* w, T* work, int lwork, int* iwork,          \
                      int liwork, int* info) {                                                                   \
      scipy_##P##syevd_(&jobz, &uplo, &n, a, &lda, w, work, &lwork, iwork, &liwork, info, 1, 1);                 \
    }                                                                                                            \
    static void gesdd(char jobz, int m, int n, T* a, int lda, T* s, T* u, int ldu, T* vt, int ldvt, T* work,    \
                      int lwork, int* iwork, int* info) {                                                        \
      scipy_##P##gesdd_(&jobz, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, info, 1);            \
    }                                                                                                            \
  };
PYT_LAPACK_IMPL(float, s)
PYT_LAPACK_IMPL(double, d)
#undef PYT_LAPACK_IMPL

Tensor wrapped(double v) { return wrapped_scalar(Scalar(v)); }
Tensor mT(const Tensor& x) { return transpose(x, -2, -1); }

int to_int(int64_t v, const char* op) {
  PYT_CHECK(v <= std::numeric_limits<int>::max(), RuntimeError, op, ": matrix dimension ", v,
            " exceeds the 32-bit LAPACK index range");
  return static_cast<int>(v);
}

void check_float(const Tensor& A, const char* op) {
  ScalarType d = A.dtype();
  PYT_CHECK(d != ScalarType::Float16 && d != ScalarType::BFloat16, RuntimeError, op,
            ": Low precision dtypes not supported. Got ", torch_dispatch_name(d));
  PYT_CHECK(d == ScalarType::Float32 || d == ScalarType::Float64, RuntimeError, op,
            ": Expected a floating point or complex tensor as input. Got ", torch_dispatch_name(d));
}

void check_matrix(const Tensor& A, const char* op) {
  PYT_CHECK(A.dim() >= 2, RuntimeError, op, ": The input tensor A must have at least 2 dimensions.");
  check_float(A, op);
}

void check_square(const Tensor& A, const char* op) {
  check_matrix(A, op);
  int64_t m = A.sizes()[A.dim() - 2], n = A.sizes()[A.dim() - 1];
  PYT_CHECK(m == n, RuntimeError, op, ": A must be batches of square matrices, but they are ", m, " by ", n,
            " matrices");
}

std::vector<int64_t> batch_of(const Tensor& A) { return {A.sizes().begin(), A.sizes().end() - 2}; }

std::vector<int64_t> cat_shape(std::vector<int64_t> b, std::initializer_list<int64_t> tail) {
  b.insert(b.end(), tail.begin(), tail.end());
  return b;
}

int64_t prod_of(const std::vector<int64_t>& s) {
  int64_t p = 1;
  for (int64_t v : s) p *= v;
  return p;
}

// Raises the error of the first batch element whose info is nonzero (torch's wording).
enum class InfoKind { Inv, Solve, Cholesky, LuFactor };
void check_info(const Tensor& info, InfoKind kind, const std::string& op) {
  const int* p = info.data_ptr<int>();
  int64_t count = info.numel();
  for (int64_t b = 0; b < count; ++b) {
    int v = p[b];
    if (v == 0) continue;
    PYT_INTERNAL_ASSERT(v > 0, op, ": LAPACK argument ", -v, " had an illegal value");
    std::string where = info.dim() > 0 ? str("(Batch element ", b, "): ") : std::string();
    switch (kind) {
      case InfoKind::Inv:
        throw LinAlgError(str(op, ": ", where, "The diagonal element ", v,
                              " is zero, the inversion could not be completed because the input matrix is singular."));
      case InfoKind::Solve:
        throw LinAlgError(str(op, ": ", where, "The solver failed because the input matrix is singular."));
      case InfoKind::Cholesky:
        throw LinAlgError(str(op, ": ", where,
                              "The factorization could not be completed because the input is not positive-definite "
                              "(the leading minor of order ",
                              v, " is not positive-definite)."));
      case InfoKind::LuFactor:
        throw RuntimeError(str(op, ": ", where, "U[", v, ",", v,
                               "] is zero and using it on lu_solve would result in a division by zero. If you still "
                               "want to perform the factorization, consider calling linalg.lu(A, pivot) or "
                               "linalg.lu_factor_ex(A, pivot)"));
    }
  }
}

// Runs f(begin, end) over the matrices of a batch on pyt's pool (Note [LAPACK threads]);
// cost is the work of one matrix, which sets the grain.
template <typename F>
void for_each_matrix(int64_t count, int64_t cost, F f) {
  if (count == 0) return;
  (void)get_num_threads();
  cpu::BlasThreadsGuard guard(1);
  int64_t grain = std::max<int64_t>(1, (int64_t{1} << 15) / std::max<int64_t>(1, cost));
  parallel_for(0, count, grain, [&](int64_t b, int64_t e) { f(b, e); });
}

// Row-major src (rows x cols) -> column-major dst with leading dimension ld.
template <typename T>
void load_cm(const T* src, int64_t rows, int64_t cols, T* dst, int64_t ld) {
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j) dst[j * ld + i] = src[i * cols + j];
}
// Column-major src (leading dimension ld) -> row-major dst (rows x cols).
template <typename T>
void store_rm(const T* src, int64_t ld, int64_t rows, int64_t cols, T* dst) {
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j) dst[i * cols + j] = src[j * ld + i];
}

int lwork_of(double w) { return std::max(1, static_cast<int>(w)); }

// ---------------------------------------------------------------- kernels (no autograd)
// LU of each matrix: LU row-major, pivots, info.
std::tuple<Tensor, Tensor, Tensor> lu_kernel(const Tensor& A_in) {
  Tensor A = contiguous(A_in.detach());
  int64_t m = A.sizes()[A.dim() - 2], n = A.sizes()[A.dim() - 1], k = std::min(m, n);
  std::vector<int64_t> batch = batch_of(A);
  int64_t count = prod_of(batch);
  Tensor LU = empty(A.sizes(), A.dtype());
  Tensor piv = empty(cat_shape(batch, {k}), ScalarType::Int32);
  Tensor info = zeros(batch, ScalarType::Int32);
  int im = to_int(m, "linalg.lu_factor"), in = to_int(n, "linalg.lu_factor");
  PYT_DISPATCH_FLOATING(A.dtype(), "linalg.lu_factor", [&] {
    using T = scalar_t;
    const T* pa = A.data_ptr<T>();
    T* plu = LU.data_ptr<T>();
    int* pp = piv.data_ptr<int>();
    int* pi = info.data_ptr<int>();
    for_each_matrix(count, m * n * k, [&](int64_t b0, int64_t b1) {
      std::vector<T> a(static_cast<size_t>(std::max<int64_t>(1, m * n)));
      for (int64_t b = b0; b < b1; ++b) {
        if (k == 0) continue;
        load_cm(pa + b * m * n, m, n, a.data(), m);
        Lapack<T>::getrf(im, in, a.data(), im, pp + b * k, pi + b);
        store_rm(a.data(), m, m, n, plu + b * m * n);
      }
    });
  });
  return {LU, piv, info};
}

// det (and optionally sign/logabsdet) from LU factors of square matrices.
void det_from_lu(const Tensor& LU, const Tensor& piv, Tensor* det, Tensor* sign, Tensor* logabs) {
  int64_t n = LU.sizes()[LU.dim() - 1];
  int64_t count = prod_of(batch_of(LU));
  PYT_DISPATCH_FLOATING(LU.dtype(), "linalg.det", [&] {
    using T = scalar_t;
    const T* plu = LU.data_ptr<T>();
    const int* pp = piv.data_ptr<int>();
    for (int64_t b = 0; b < count; ++b) {
      const T* a = plu + b * n * n;
      T ps = 1, s = 1, d = 1, la = 0;  // permutation sign, sign of det, product, log|product|
      for (int64_t i = 0; i < n; ++i) {
        T v = a[i * n + i];
        if (pp[b * n + i] != i + 1) ps = -ps;
        d *= v;
        la += std::log(std::abs(v));
        if (v < 0) s = -s;
      }
      s *= ps;
      if (det) det->data_ptr<T>()[b] = ps * d;
      bool zero = false;
      for (int64_t i = 0; i < n; ++i) zero = zero || a[i * n + i] == T(0);
      if (sign) sign->data_ptr<T>()[b] = zero ? T(0) : s;
      if (logabs) logabs->data_ptr<T>()[b] = zero ? -std::numeric_limits<T>::infinity() : la;
    }
  });
}

// X (row-major, (count, n, k)) with A X = B for square A (count, n, n) and B (count, n, k);
// identity B when B is undefined (the inverse). info from getrf.
std::tuple<Tensor, Tensor> solve_kernel(const Tensor& A_in, const Tensor& B_in, const std::vector<int64_t>& batch,
                                        const char* op) {
  Tensor A = contiguous(A_in.detach());
  int64_t n = A.sizes()[A.dim() - 1];
  Tensor B = B_in.defined() ? contiguous(B_in.detach()) : Tensor();
  int64_t k = B.defined() ? B.sizes()[B.dim() - 1] : n;
  int64_t count = prod_of(batch);
  Tensor X = empty(cat_shape(batch, {n, k}), A.dtype());
  Tensor info = zeros(batch, ScalarType::Int32);
  int in = to_int(n, op), ik = to_int(k, op);
  PYT_DISPATCH_FLOATING(A.dtype(), op, [&] {
    using T = scalar_t;
    const T* pa = A.data_ptr<T>();
    const T* pb = B.defined() ? B.data_ptr<T>() : nullptr;
    T* px = X.data_ptr<T>();
    int* pi = info.data_ptr<int>();
    for_each_matrix(count, n * n * (n + k), [&](int64_t b0, int64_t b1) {
      std::vector<T> a(static_cast<size_t>(std::max<int64_t>(1, n * n)));
      std::vector<T> x(static_cast<size_t>(std::max<int64_t>(1, n * k)));
      std::vector<int> ipiv(static_cast<size_t>(std::max<int64_t>(1, n)));
      for (int64_t b = b0; b < b1; ++b) {
        if (n == 0 || k == 0) continue;
        load_cm(pa + b * n * n, n, n, a.data(), n);
        Lapack<T>::getrf(in, in, a.data(), in, ipiv.data(), pi + b);
        if (pb) {
          load_cm(pb + b * n * k, n, k, x.data(), n);
        } else {
          std::fill(x.begin(), x.end(), T(0));
          for (int64_t i = 0; i < n; ++i) x[i * n + i] = T(1);
        }
        int linfo = 0;
        Lapack<T>::getrs(in, ik, a.data(), in, ipiv.data(), x.data(), in, &linfo);
        store_rm(x.data(), n, n, k, px + b * n * k);
      }
    });
  });
  return {X, info};
}

// ---------------------------------------------------------------- backward helpers
// sum over broadcast batch dims back to shape (for inputs whose batch dims broadcast).
Tensor reduce_to(const Tensor& g, const std::vector<int64_t>& shape) {
  if (g.sizes() == shape) return g;
  return sum_to_size(g, shape);
}

// The gradient of det for singular matrices (torch's linalg_det_backward): U diag(prod_{j!=i} s_j)
// Vh, scaled by g det(U) det(Vh).
Tensor det_backward_singular(const Tensor& g, const Tensor& A) {
  auto [U, S, Vh] = linalg_svd(A, false);
  Tensor alpha = mul(mul(linalg_det(U), linalg_det(Vh)), g);
  int64_t k = S.sizes()[S.dim() - 1];
  Tensor mask = to_dtype(eye(k, k, ScalarType::Float32), ScalarType::Bool);
  Tensor others = prod(where(mask, wrapped(1.0), unsqueeze(S, -2)), -1);  // prod_{j != i} s_j
  Tensor D = mul(unsqueeze(alpha, -1), others);
  return matmul(mul(U, unsqueeze(D, -2)), Vh);
}

}  // namespace

// ==================================================================== LU, det
std::tuple<Tensor, Tensor, Tensor> linalg_lu_factor_ex(const Tensor& A, bool pivot, bool check_errors) {
  PYT_CHECK(A.dim() >= 2, RuntimeError, "torch.lu_factor: Expected tensor with 2 or more dimensions. Got size: ",
            A.shape_str(), " instead");
  check_float(A, "linalg.lu_factor");
  PYT_CHECK(pivot, RuntimeError, "linalg.lu_factor: LU without pivoting is not implemented on the CPU");
  auto [LU, piv, info] = lu_kernel(A);
  if (check_errors) check_info(info, InfoKind::LuFactor, "torch.linalg.lu_factor_ex");
  if (any_requires_grad({&A})) {
    int64_t m = A.sizes()[A.dim() - 2], n = A.sizes()[A.dim() - 1];
    auto node = make_node("LinalgLuFactorExBackward0", {A}, [m, n](BackwardNode& nd, const TensorList& g) {
      // torch's linalg_lu_backward (square case): A = P L U,
      // gA = P L^{-T} (tril(L^T gL, -1) + triu(gU U^T)) U^{-T}.
      PYT_CHECK(m == n, NotImplementedError,
                "linalg.lu_factor: the derivative is implemented for square matrices only, got ", m, " by ", n);
      if (!g[0].defined()) return TensorList{Tensor()};
      Tensor LU = nd.saved(0), piv = nd.saved(1);
      Tensor I = eye(n, n, LU.dtype());
      Tensor L = add(tril(LU, -1), I), U = triu(LU);
      Tensor gL = tril(g[0], -1), gU = triu(g[0]);
      Tensor phi = add(tril(matmul(mT(L), gL), -1), triu(matmul(gU, mT(U))));
      Tensor X = linalg_solve(mT(L), phi, true);
      X = linalg_solve(mT(U), X, false);
      // P from the 1-based row interchanges: P[perm[i], i] = 1.
      Tensor P = zeros(LU.sizes(), LU.dtype());
      {
        autograd::NoGradGuard ng;
        Tensor pc = contiguous(piv);
        int64_t count = prod_of(batch_of(LU));
        PYT_DISPATCH_FLOATING(LU.dtype(), "linalg.lu_factor", [&] {
          scalar_t* pp = P.data_ptr<scalar_t>();
          const int* pv = pc.data_ptr<int>();
          std::vector<int64_t> perm(static_cast<size_t>(n));
          for (int64_t b = 0; b < count; ++b) {
            for (int64_t i = 0; i < n; ++i) perm[i] = i;
            for (int64_t i = 0; i < n; ++i) std::swap(perm[i], perm[pv[b * n + i] - 1]);
            for (int64_t i = 0; i < n; ++i) pp[b * n * n + perm[i] * n + i] = 1;
          }
        });
      }
      return TensorList{matmul(P, X)};
    });
    node->save(LU, true);
    node->save(piv, true);
    set_history(LU, node);
  }
  return {LU, piv, info};
}

std::tuple<Tensor, Tensor> linalg_lu_factor(const Tensor& A, bool pivot) {
  auto [LU, piv, info] = linalg_lu_factor_ex(A, pivot, false);
  check_info(info, InfoKind::LuFactor, "torch.linalg.lu_factor");
  return {LU, piv};
}

Tensor linalg_det(const Tensor& A) {
  check_square(A, "linalg.det");
  Tensor det = empty(batch_of(A), A.dtype());
  {
    autograd::NoGradGuard ng;
    auto [LU, piv, info] = lu_kernel(A);
    det_from_lu(LU, piv, &det, nullptr, nullptr);
  }
  if (any_requires_grad({&A})) {
    auto node = make_node("LinalgDetBackward0", {A}, [](BackwardNode& nd, const TensorList& g) {
      if (!g[0].defined()) return TensorList{Tensor()};
      Tensor A = nd.saved(0), d = nd.saved(1);
      int64_t n = A.sizes()[A.dim() - 1];
      // torch's linalg_det_backward. Without create_graph, torch solves with an LU whose zero pivots
      // are nudged by eps against a right-hand side g det = 0, so exactly singular matrices get
      // a zero gradient; with create_graph, |det| < 100 eps uses the SVD formula (adjugate).
      Tensor gd = unsqueeze(unsqueeze(mul(g[0], d), -1), -1);
      Tensor rhs = mul(gd, eye(n, n, A.dtype()));
      Tensor nonsing = std::get<0>(linalg_solve_ex(mT(A), rhs, true, false));
      bool higher = autograd::GradMode::is_enabled();
      Tensor mask;
      bool any_masked = false;
      {
        autograd::NoGradGuard ng;
        double eps = A.dtype() == ScalarType::Float32 ? 1.1920928955078125e-07 : 2.220446049250313e-16;
        mask = higher ? lt(abs(d), wrapped(100 * eps)) : eq(d, wrapped(0.0));
        any_masked = n > 0 && A.numel() > 0 && any(mask).item<bool>();
      }
      if (!any_masked) return TensorList{nonsing};
      Tensor m3 = unsqueeze(unsqueeze(mask, -1), -1);
      Tensor safe = where(m3, wrapped(0.0), nonsing);
      if (!higher) return TensorList{safe};
      return TensorList{where(m3, det_backward_singular(g[0], A), safe)};
    });
    node->save(A);
    node->save(det, true);
    set_history(det, node);
  }
  return det;
}

std::tuple<Tensor, Tensor> linalg_slogdet(const Tensor& A) {
  check_square(A, "linalg.slogdet");
  Tensor sign = empty(batch_of(A), A.dtype()), logabs = empty(batch_of(A), A.dtype());
  {
    autograd::NoGradGuard ng;
    auto [LU, piv, info] = lu_kernel(A);
    det_from_lu(LU, piv, nullptr, &sign, &logabs);
  }
  if (any_requires_grad({&A})) {
    auto node = make_node("LinalgSlogdetBackward0", {A}, [](BackwardNode& nd, const TensorList& g) {
      // torch's slogdet_backward (real input): the sign is locally constant; d log|det| = A^{-T}.
      if (!g[1].defined()) return TensorList{Tensor()};
      Tensor A = nd.saved(0);
      int64_t n = A.sizes()[A.dim() - 1];
      Tensor rhs = mul(unsqueeze(unsqueeze(g[1], -1), -1), eye(n, n, A.dtype()));
      return TensorList{std::get<0>(linalg_solve_ex(mT(A), rhs, true, false))};
    });
    node->save(A);
    set_history(sign, node);  // sign requires grad as in torch; its gradient is zero
    set_history(logabs, node);
  }
  return {sign, logabs};
}

Tensor logdet(const Tensor& A) {
  PYT_CHECK(A.dim() >= 2, RuntimeError, "logdet: The input tensor A must have at least 2 dimensions.");
  check_float(A, "logdet");
  check_square(A, "logdet");
  auto [sign, logabs] = linalg_slogdet(A);
  return where(eq(sign, wrapped(-1.0)), wrapped(std::numeric_limits<double>::quiet_NaN()), logabs);
}

// ==================================================================== inverse, solve
std::tuple<Tensor, Tensor> linalg_inv_ex(const Tensor& A, bool check_errors) {
  check_square(A, "linalg.inv");
  Tensor inv, info;
  {
    autograd::NoGradGuard ng;
    std::tie(inv, info) = solve_kernel(A, Tensor(), batch_of(A), "linalg.inv");
  }
  if (check_errors) check_info(info, InfoKind::Inv, "linalg.inv_ex");
  if (any_requires_grad({&A})) {
    auto node = make_node("LinalgInvExBackward0", {A}, [](BackwardNode& nd, const TensorList& g) {
      // d(A^{-1}) = -A^{-1} dA A^{-1}  =>  gA = -A^{-T} g A^{-T}.
      if (!g[0].defined()) return TensorList{Tensor()};
      Tensor invT = mT(nd.saved(0));
      return TensorList{neg(matmul(invT, matmul(g[0], invT)))};
    });
    node->save(inv, true);
    set_history(inv, node);
  }
  return {inv, info};
}

Tensor linalg_inv(const Tensor& A) {
  auto [inv, info] = linalg_inv_ex(A, false);
  check_info(info, InfoKind::Inv, "linalg.inv");
  return inv;
}

std::tuple<Tensor, Tensor> linalg_solve_ex(const Tensor& A, const Tensor& B, bool left, bool check_errors) {
  check_square(A, "linalg.solve");
  PYT_CHECK(B.dim() >= 1, RuntimeError, "linalg.solve: The input tensor B must have at least 1 dimensions.");
  PYT_CHECK(A.dtype() == B.dtype(), RuntimeError,
            "linalg.solve: Expected A and B to have the same dtype, but found A of type ", torch_dispatch_name(A.dtype()),
            " and B of type ", torch_dispatch_name(B.dtype()), " instead");
  int64_t n = A.sizes()[A.dim() - 1];
  // torch's linalg_solve_is_vector_rhs: B is a (batch of) vector(s).
  std::vector<int64_t> a_head(A.sizes().begin(), A.sizes().end() - 1);
  bool vector_case = B.dim() == 1 || (A.dim() - 1 == B.dim() && B.sizes() == a_head);
  Tensor Bm = vector_case ? unsqueeze(B.detach(), -1) : B.detach();
  int64_t br = Bm.sizes()[Bm.dim() - 2], bc = Bm.sizes()[Bm.dim() - 1];
  PYT_CHECK(left ? br == n : bc == n, RuntimeError, "linalg.solve: Incompatible shapes of A and B for the equation ",
            left ? "AX = B" : "XA = B", " (", n, "x", n, " and ", br, "x", bc, ")");
  std::vector<int64_t> batch = broadcast_shapes(batch_of(A), batch_of(Bm), "linalg.solve");
  Tensor X, info;
  {
    autograd::NoGradGuard ng;
    Tensor Ae = expand(A.detach(), cat_shape(batch, {n, n}));
    Tensor Be = expand(Bm, cat_shape(batch, {br, bc}));
    if (left) {
      std::tie(X, info) = solve_kernel(Ae, Be, batch, "linalg.solve");
    } else {  // X A = B  <=>  A^T X^T = B^T
      std::tie(X, info) = solve_kernel(mT(Ae), mT(Be), batch, "linalg.solve");
      X = contiguous(mT(X));
    }
    if (vector_case) X = contiguous(squeeze(X, std::vector<int64_t>{-1}));
  }
  {
    // info describes A's matrices (torch factorizes A once): undo the broadcast of A's batch.
    std::vector<int64_t> a_batch = batch_of(A);
    if (batch != a_batch) {
      if (prod_of(batch) == 0) {
        info = zeros(a_batch, ScalarType::Int32);
      } else {
        size_t lead = batch.size() - a_batch.size();
        for (size_t d = 0; d < lead; ++d) info = select(info, 0, 0);
        for (size_t d = 0; d < a_batch.size(); ++d)
          if (a_batch[d] == 1) info = narrow(info, static_cast<int64_t>(d), 0, 1);
        info = contiguous(info);
      }
    }
  }
  if (check_errors) check_info(info, InfoKind::Solve, "torch.linalg.solve_ex");
  if (any_requires_grad({&A, &B})) {
    std::vector<int64_t> a_shape = A.sizes(), b_shape = B.sizes();
    auto node = make_node("LinalgSolveExBackward0", {A, B},
                          [left, vector_case, a_shape, b_shape](BackwardNode& nd, const TensorList& g) {
      // torch's linalg_solve_backward: left: gB = A^{-T} gX, gA = -gB X^T;
      // right (X A = B): gB = gX A^{-T}, gA = -X^T gB.
      TensorList r(2);
      if (!g[0].defined()) return r;
      Tensor A = nd.saved(0), X = nd.saved(1);
      Tensor gX = vector_case ? unsqueeze(g[0], -1) : g[0];
      Tensor Xm = vector_case ? unsqueeze(X, -1) : X;
      Tensor gB = linalg_solve(mT(A), gX, left);
      if (nd.needs_input_grad(0)) {
        Tensor gA = left ? neg(matmul(gB, mT(Xm))) : neg(matmul(mT(Xm), gB));
        r[0] = reduce_to(gA, a_shape);
      }
      if (nd.needs_input_grad(1)) r[1] = reduce_to(vector_case ? squeeze(gB, std::vector<int64_t>{-1}) : gB, b_shape);
      return r;
    });
    node->save(A);
    node->save(X, true);
    set_history(X, node);
  }
  return {X, info};
}

Tensor linalg_solve(const Tensor& A, const Tensor& B, bool left) {
  auto [X, info] = linalg_solve_ex(A, B, left, false);
  check_info(info, InfoKind::Solve, "torch.linalg.solve");
  return X;
}

// ==================================================================== Cholesky
std::tuple<Tensor, Tensor> linalg_cholesky_ex(const Tensor& A_in, bool upper, bool check_errors) {
  check_square(A_in, "linalg.cholesky");
  int64_t n = A_in.sizes()[A_in.dim() - 1];
  std::vector<int64_t> batch = batch_of(A_in);
  int64_t count = prod_of(batch);
  Tensor L = empty(A_in.sizes(), A_in.dtype());
  Tensor info = zeros(batch, ScalarType::Int32);
  {
    autograd::NoGradGuard ng;
    Tensor A = contiguous(A_in.detach());
    int in = to_int(n, "linalg.cholesky");
    PYT_DISPATCH_FLOATING(A.dtype(), "linalg.cholesky", [&] {
      using T = scalar_t;
      const T* pa = A.data_ptr<T>();
      T* pl = L.data_ptr<T>();
      int* pi = info.data_ptr<int>();
      for_each_matrix(count, n * n * n, [&](int64_t b0, int64_t b1) {
        std::vector<T> a(static_cast<size_t>(std::max<int64_t>(1, n * n)));
        for (int64_t b = b0; b < b1; ++b) {
          if (n == 0) continue;
          load_cm(pa + b * n * n, n, n, a.data(), n);
          Lapack<T>::potrf(in, a.data(), in, pi + b);
          T* out = pl + b * n * n;
          for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < n; ++j) {
              // column-major a holds L in its lower triangle: L[i][j] = a[j * n + i].
              if (upper) out[i * n + j] = j >= i ? a[i * n + j] : T(0);
              else out[i * n + j] = j <= i ? a[j * n + i] : T(0);
            }
        }
      });
    });
  }
  if (check_errors) check_info(info, InfoKind::Cholesky, "linalg.cholesky_ex");
  if (any_requires_grad({&A_in})) {
    auto node = make_node("LinalgCholeskyExBackward0", {A_in}, [upper](BackwardNode& nd, const TensorList& g) {
      // torch's cholesky_backward: phi = tril(L^T gL) with halved diagonal,
      // gA = sym(L^{-T} phi L^{-1}).
      if (!g[0].defined()) return TensorList{Tensor()};
      Tensor L = nd.saved(0), gL = g[0];
      if (upper) {
        L = mT(L);
        gL = mT(gL);
      }
      int64_t n = L.sizes()[L.dim() - 1];
      Tensor Linv = linalg_inv(L);
      Tensor phi = tril(matmul(mT(L), gL));
      Tensor half = sub(wrapped(1.0), mul(wrapped(0.5), eye(n, n, L.dtype())));
      phi = mul(phi, half);
      Tensor gA = matmul(matmul(mT(Linv), phi), Linv);
      return TensorList{mul(add(gA, mT(gA)), wrapped(0.5))};
    });
    node->save(L, true);
    set_history(L, node);
  }
  return {L, info};
}

Tensor linalg_cholesky(const Tensor& A, bool upper) {
  auto [L, info] = linalg_cholesky_ex(A, upper, false);
  check_info(info, InfoKind::Cholesky, "linalg.cholesky");
  return L;
}

// ==================================================================== QR
std::tuple<Tensor, Tensor> linalg_qr(const Tensor& A_in, const std::string& mode) {
  PYT_CHECK(mode == "reduced" || mode == "complete" || mode == "r", RuntimeError, "qr received unrecognized mode '",
            mode, "' but expected one of 'reduced' (default), 'r', or 'complete'");
  check_matrix(A_in, "linalg.qr");
  int64_t m = A_in.sizes()[A_in.dim() - 2], n = A_in.sizes()[A_in.dim() - 1], k = std::min(m, n);
  bool compute_q = mode != "r", complete = mode == "complete";
  int64_t rrows = complete ? m : k, qcols = complete ? m : k;
  std::vector<int64_t> batch = batch_of(A_in);
  int64_t count = prod_of(batch);
  Tensor R = zeros(cat_shape(batch, {rrows, n}), A_in.dtype());
  Tensor Q = compute_q ? zeros(cat_shape(batch, {m, qcols}), A_in.dtype()) : empty({0}, A_in.dtype());
  {
    autograd::NoGradGuard ng;
    Tensor A = contiguous(A_in.detach());
    int im = to_int(m, "linalg.qr"), in = to_int(n, "linalg.qr"), ik = static_cast<int>(k),
        iq = static_cast<int>(qcols);
    PYT_DISPATCH_FLOATING(A.dtype(), "linalg.qr", [&] {
      using T = scalar_t;
      const T* pa = A.data_ptr<T>();
      T* pr = R.data_ptr<T>();
      T* pq = compute_q ? Q.data_ptr<T>() : nullptr;
      for_each_matrix(count, m * n * k, [&](int64_t b0, int64_t b1) {
        std::vector<T> a(static_cast<size_t>(std::max<int64_t>(1, m * n)));
        std::vector<T> q(static_cast<size_t>(std::max<int64_t>(1, m * qcols)));
        std::vector<T> tau(static_cast<size_t>(std::max<int64_t>(1, k)));
        std::vector<T> work;
        int info = 0;
        for (int64_t b = b0; b < b1; ++b) {
          if (k == 0) {  // empty factors; complete Q is the identity
            if (pq)
              for (int64_t i = 0; i < std::min(m, qcols); ++i) pq[b * m * qcols + i * qcols + i] = T(1);
            continue;
          }
          load_cm(pa + b * m * n, m, n, a.data(), m);
          T wq = 0;
          Lapack<T>::geqrf(im, in, a.data(), im, tau.data(), &wq, -1, &info);
          int lw = lwork_of(static_cast<double>(wq));
          if (compute_q) {
            Lapack<T>::orgqr(im, iq, ik, q.data(), im, tau.data(), &wq, -1, &info);
            lw = std::max(lw, lwork_of(static_cast<double>(wq)));
          }
          if (static_cast<int>(work.size()) < lw) work.resize(static_cast<size_t>(lw));
          Lapack<T>::geqrf(im, in, a.data(), im, tau.data(), work.data(), lw, &info);
          T* r = pr + b * rrows * n;
          for (int64_t i = 0; i < rrows; ++i)
            for (int64_t j = i; j < n; ++j) r[i * n + j] = a[j * m + i];
          if (compute_q) {
            std::fill(q.begin(), q.end(), T(0));
            std::copy(a.begin(), a.begin() + m * k, q.begin());
            Lapack<T>::orgqr(im, iq, ik, q.data(), im, tau.data(), work.data(), lw, &info);
            store_rm(q.data(), m, m, qcols, pq + b * m * qcols);
          }
        }
      });
    });
  }
  if (any_requires_grad({&A_in})) {
    auto node = make_node("LinalgQrBackward0", {A_in}, [compute_q, complete, m, n](BackwardNode& nd,
                                                                                    const TensorList& g) {
      PYT_CHECK(compute_q, RuntimeError,
                "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use "
                "linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.");
      PYT_CHECK(!complete || m <= n, RuntimeError,
                "The QR decomposition is not differentiable when mode='complete' and nrows > ncols.");
      if (!g[0].defined() && !g[1].defined()) return TensorList{Tensor()};
      Tensor Q = nd.saved(0), R = nd.saved(1);
      Tensor gQ = g[0].defined() ? g[0] : zeros_like(Q);
      Tensor gR = g[1].defined() ? g[1] : zeros_like(R);
      // Square-or-tall case (Walter & Lehmann; TensorFlow's QrGrad):
      // M = tril(Q^T gQ - gQ^T Q + R gR^T - gR R^T), gA = (Q (gR + M R^{-T})) + (gQ - Q Q^T gQ) R^{-T}.
      auto square_or_tall = [](const Tensor& Q, const Tensor& R, const Tensor& gQ, const Tensor& gR) {
        Tensor qdq = matmul(mT(Q), gQ);
        Tensor rdr = matmul(R, mT(gR));
        Tensor M = tril(add(sub(qdq, mT(qdq)), sub(rdr, mT(rdr))));
        Tensor ga = matmul(Q, add(gR, linalg_solve(mT(R), M, false)));
        Tensor gb = linalg_solve(mT(R), sub(gQ, matmul(Q, qdq)), false);
        return add(ga, gb);
      };
      if (m >= n) return TensorList{square_or_tall(Q, R, gQ, gR)};
      // Wide: A = [X | Y], R = [U | V], X = Q U; Y = Q V contributes Q gV and Y gV^T to gQ.
      Tensor U = narrow(R, -1, 0, m), V = narrow(R, -1, m, n - m);
      Tensor gU = narrow(gR, -1, 0, m), gV = narrow(gR, -1, m, n - m);
      Tensor Y = matmul(Q, V);
      Tensor gX = square_or_tall(Q, U, add(gQ, matmul(Y, mT(gV))), gU);
      return TensorList{cat({gX, matmul(Q, gV)}, -1)};
    });
    node->save(Q, true);
    node->save(R, true);
    set_history(Q, node);
    set_history(R, node);
  }
  return {Q, R};
}

// ==================================================================== eigh
namespace {
std::tuple<Tensor, Tensor> eigh_impl(const Tensor& A_in, const std::string& UPLO, bool vectors, const char* op) {
  PYT_CHECK(UPLO == "L" || UPLO == "U" || UPLO == "l" || UPLO == "u", RuntimeError,
            "Expected UPLO argument to be 'L' or 'U', but got ", UPLO);
  if (A_in.dim() >= 2 && !is_floating_type(A_in.dtype()))
    throw NotImplementedError(str("\"linalg_eigh_cpu\" not implemented for '", torch_dispatch_name(A_in.dtype()), "'"));
  check_square(A_in, op);
  int64_t n = A_in.sizes()[A_in.dim() - 1];
  std::vector<int64_t> batch = batch_of(A_in);
  int64_t count = prod_of(batch);
  Tensor W = empty(cat_shape(batch, {n}), A_in.dtype());
  Tensor V = vectors ? empty(A_in.sizes(), A_in.dtype()) : empty({0}, A_in.dtype());
  Tensor info = zeros(batch, ScalarType::Int32);
  char uplo = (UPLO == "U" || UPLO == "u") ? 'U' : 'L';
  {
    autograd::NoGradGuard ng;
    Tensor A = contiguous(A_in.detach());
    int in = to_int(n, op);
    PYT_DISPATCH_FLOATING(A.dtype(), op, [&] {
      using T = scalar_t;
      const T* pa = A.data_ptr<T>();
      T* pw = W.data_ptr<T>();
      T* pv = vectors ? V.data_ptr<T>() : nullptr;
      int* pi = info.data_ptr<int>();
      char jobz = vectors ? 'V' : 'N';
      for_each_matrix(count, 4 * n * n * n, [&](int64_t b0, int64_t b1) {
        std::vector<T> a(static_cast<size_t>(std::max<int64_t>(1, n * n)));
        std::vector<T> work;
        std::vector<int> iwork;
        for (int64_t b = b0; b < b1; ++b) {
          if (n == 0) continue;
          load_cm(pa + b * n * n, n, n, a.data(), n);
          T wq = 0;
          int iwq = 0;
          Lapack<T>::syevd(jobz, uplo, in, a.data(), in, pw + b * n, &wq, -1, &iwq, -1, pi + b);
          int lw = lwork_of(static_cast<double>(wq)), liw = std::max(1, iwq);
          if (static_cast<int>(work.size()) < lw) work.resize(static_cast<size_t>(lw));
          if (static_cast<int>(iwork.size()) < liw) iwork.resize(static_cast<size_t>(liw));
          Lapack<T>::syevd(jobz, uplo, in, a.data(), in, pw + b * n, work.data(), lw, iwork.data(), liw, pi + b);
          if (pv) store_rm(a.data(), n, n, n, pv + b * n * n);
        }
      });
    });
  }
  const int* pi = info.data_ptr<int>();
  for (int64_t b = 0; b < count; ++b) {
    PYT_INTERNAL_ASSERT(pi[b] >= 0, op, ": LAPACK argument ", -pi[b], " had an illegal value");
    if (pi[b] > 0)
      throw LinAlgError(str(op, ": ", count > 1 || !batch.empty() ? str("(Batch element ", b, "): ") : std::string(),
                            "The algorithm failed to converge because the input matrix is ill-conditioned or has too "
                            "many repeated eigenvalues (error code: ",
                            pi[b], ")."));
  }
  return {W, V};
}

Tensor eigh_backward(const Tensor& gL, const Tensor& gV, const Tensor& L, const Tensor& V) {
  // torch's linalg_eig_backward (hermitian): gA = V (skew(V^T gV) / E + diag(gL)) V^T with
  // E_ij = L_j - L_i (diagonal 1), skew(X) = (X - X^T) / 2.
  if (!gV.defined()) return matmul(mul(V, unsqueeze(gL, -2)), mT(V));
  int64_t n = L.sizes()[L.dim() - 1];
  Tensor VhgV = matmul(mT(V), gV);
  VhgV = mul(sub(VhgV, mT(VhgV)), wrapped(0.5));
  Tensor E = add(sub(unsqueeze(L, -2), unsqueeze(L, -1)), eye(n, n, L.dtype()));
  Tensor inner = div(VhgV, E);
  if (gL.defined()) inner = add(inner, diag_embed(gL));
  return matmul(V, matmul(inner, mT(V)));
}
}  // namespace

std::tuple<Tensor, Tensor> linalg_eigh(const Tensor& A, const std::string& UPLO) {
  auto [W, V] = eigh_impl(A, UPLO, true, "linalg.eigh");
  if (any_requires_grad({&A})) {
    auto node = make_node("LinalgEighBackward0", {A}, [](BackwardNode& nd, const TensorList& g) {
      if (!g[0].defined() && !g[1].defined()) return TensorList{Tensor()};
      Tensor L = nd.saved(0), V = nd.saved(1);
      Tensor gL = g[0];
      if (!gL.defined() && !g[1].defined()) return TensorList{Tensor()};
      if (!g[1].defined()) return TensorList{eigh_backward(gL, Tensor(), L, V)};
      return TensorList{eigh_backward(gL, g[1], L, V)};
    });
    node->save(W, true);
    node->save(V, true);
    set_history(W, node);
    set_history(V, node);
  }
  return {W, V};
}

Tensor linalg_eigvalsh(const Tensor& A, const std::string& UPLO) {
  if (!any_requires_grad({&A})) return std::get<0>(eigh_impl(A, UPLO, false, "linalg.eigvalsh"));
  auto [W, V] = eigh_impl(A, UPLO, true, "linalg.eigvalsh");
  auto node = make_node("LinalgEighBackward0", {A}, [](BackwardNode& nd, const TensorList& g) {
    if (!g[0].defined()) return TensorList{Tensor()};
    return TensorList{eigh_backward(g[0], Tensor(), nd.saved(0), nd.saved(1))};
  });
  node->save(W, true);
  node->save(V);
  set_history(W, node);
  return W;
}

// ==================================================================== SVD
namespace {
std::tuple<Tensor, Tensor, Tensor> svd_impl(const Tensor& A_in, bool full_matrices, bool compute_uv,
                                            const char* op) {
  check_matrix(A_in, op);
  int64_t m = A_in.sizes()[A_in.dim() - 2], n = A_in.sizes()[A_in.dim() - 1], k = std::min(m, n);
  std::vector<int64_t> batch = batch_of(A_in);
  int64_t count = prod_of(batch);
  int64_t ucols = full_matrices ? m : k, vrows = full_matrices ? n : k;
  Tensor S = empty(cat_shape(batch, {k}), A_in.dtype());
  Tensor U = compute_uv ? zeros(cat_shape(batch, {m, ucols}), A_in.dtype()) : empty({0}, A_in.dtype());
  Tensor Vh = compute_uv ? zeros(cat_shape(batch, {vrows, n}), A_in.dtype()) : empty({0}, A_in.dtype());
  Tensor info = zeros(batch, ScalarType::Int32);
  Tensor nonfinite = zeros(batch, ScalarType::Int32);
  {
    autograd::NoGradGuard ng;
    Tensor A = contiguous(A_in.detach());
    int im = to_int(m, op), in = to_int(n, op);
    char jobz = !compute_uv ? 'N' : (full_matrices ? 'A' : 'S');
    int ldu = std::max<int>(1, im), ldvt = std::max<int>(1, static_cast<int>(vrows));
    PYT_DISPATCH_FLOATING(A.dtype(), op, [&] {
      using T = scalar_t;
      const T* pa = A.data_ptr<T>();
      T* ps = S.data_ptr<T>();
      T* pu = compute_uv ? U.data_ptr<T>() : nullptr;
      T* pv = compute_uv ? Vh.data_ptr<T>() : nullptr;
      int* pi = info.data_ptr<int>();
      int* pnf = nonfinite.data_ptr<int>();
      for_each_matrix(count, 8 * m * n * k, [&](int64_t b0, int64_t b1) {
        std::vector<T> a(static_cast<size_t>(std::max<int64_t>(1, m * n)));
        std::vector<T> u(static_cast<size_t>(compute_uv ? std::max<int64_t>(1, m * ucols) : 1));
        std::vector<T> vt(static_cast<size_t>(compute_uv ? std::max<int64_t>(1, vrows * n) : 1));
        std::vector<int> iwork(static_cast<size_t>(std::max<int64_t>(1, 8 * k)));
        std::vector<T> work;
        for (int64_t b = b0; b < b1; ++b) {
          if (k == 0) {  // no singular values; full factors are identities
            if (pu)
              for (int64_t i = 0; i < std::min(m, ucols); ++i) pu[b * m * ucols + i * ucols + i] = T(1);
            if (pv)
              for (int64_t i = 0; i < std::min(vrows, n); ++i) pv[b * vrows * n + i * n + i] = T(1);
            continue;
          }
          const T* src = pa + b * m * n;
          bool finite = true;
          for (int64_t i = 0; i < m * n; ++i) finite = finite && std::isfinite(src[i]);
          if (!finite) {
            pnf[b] = 1;
            continue;
          }
          load_cm(src, m, n, a.data(), m);
          T wq = 0;
          Lapack<T>::gesdd(jobz, im, in, a.data(), im, ps + b * k, u.data(), ldu, vt.data(), ldvt, &wq, -1,
                           iwork.data(), pi + b);
          int lw = lwork_of(static_cast<double>(wq));
          if (static_cast<int>(work.size()) < lw) work.resize(static_cast<size_t>(lw));
          Lapack<T>::gesdd(jobz, im, in, a.data(), im, ps + b * k, u.data(), ldu, vt.data(), ldvt, work.data(), lw,
                           iwork.data(), pi + b);
          if (pu) store_rm(u.data(), ldu, m, ucols, pu + b * m * ucols);
          if (pv) store_rm(vt.data(), ldvt, vrows, n, pv + b * vrows * n);
        }
      });
    });
  }
  const int* pi = info.data_ptr<int>();
  const int* pnf = nonfinite.data_ptr<int>();
  for (int64_t b = 0; b < count; ++b) {
    std::string where = batch.empty() ? std::string() : str("(Batch element ", b, "): ");
    if (pnf[b])
      throw LinAlgError(str(op, ": ", where,
                            "The algorithm failed to converge because the input matrix contained non-finite values."));
    PYT_INTERNAL_ASSERT(pi[b] >= 0, op, ": LAPACK argument ", -pi[b], " had an illegal value");
    if (pi[b] > 0)
      throw LinAlgError(str(op, ": ", where,
                            "The algorithm failed to converge because the input matrix is ill-conditioned or has too "
                            "many repeated singular values (error code: ",
                            pi[b], ")."));
  }
  return {U, S, Vh};
}

Tensor svd_backward(const Tensor& gU_in, const Tensor& gS, const Tensor& gVh_in, const Tensor& U_in,
                    const Tensor& S, const Tensor& Vh_in) {
  // torch's svd_backward (FunctionsManual.cpp), real case.
  int64_t m = U_in.sizes()[U_in.dim() - 2], n = Vh_in.sizes()[Vh_in.dim() - 1];
  int64_t k = S.sizes()[S.dim() - 1];
  Tensor U = narrow(U_in, -1, 0, k), Vh = narrow(Vh_in, -2, 0, k);
  Tensor gU = gU_in.defined() ? narrow(gU_in, -1, 0, k) : Tensor();
  Tensor gVh = gVh_in.defined() ? narrow(gVh_in, -2, 0, k) : Tensor();
  if (!gU.defined() && !gVh.defined()) {
    Tensor gs = gS.defined() ? gS : zeros_like(S);
    return m >= n ? matmul(U, mul(unsqueeze(gs, -1), Vh)) : matmul(mul(U, unsqueeze(gs, -2)), Vh);
  }
  Tensor V = mT(Vh);
  Tensor gV = gVh.defined() ? mT(gVh) : Tensor();
  auto skew = [](const Tensor& X) { return sub(X, mT(X)); };
  Tensor S2 = mul(S, S);
  Tensor E = add(sub(unsqueeze(S2, -2), unsqueeze(S2, -1)), eye(k, k, S.dtype()));
  Tensor gA;
  if (gU.defined() && gV.defined()) {
    Tensor UhgU = skew(matmul(mT(U), gU)), VhgV = skew(matmul(Vh, gV));
    gA = div(add(mul(UhgU, unsqueeze(S, -2)), mul(unsqueeze(S, -1), VhgV)), E);
  } else if (gU.defined()) {
    gA = mul(skew(matmul(mT(U), gU)), div(unsqueeze(S, -2), E));
  } else {
    gA = mul(unsqueeze(S, -1), div(skew(matmul(Vh, gV)), E));
  }
  if (gS.defined()) gA = add(gA, diag_embed(gS));
  if (m > n && gU.defined()) {
    gA = matmul(U, gA);
    Tensor gUSinv = div(gU, unsqueeze(S, -2));
    gA = sub(add(gA, gUSinv), matmul(U, matmul(mT(U), gUSinv)));
    return matmul(gA, Vh);
  }
  if (m < n && gV.defined()) {
    gA = matmul(gA, Vh);
    Tensor gVSinv = div(gV, unsqueeze(S, -2));
    gA = sub(add(gA, mT(gVSinv)), matmul(matmul(mT(gVSinv), V), Vh));
    return matmul(U, gA);
  }
  return m >= n ? matmul(U, matmul(gA, Vh)) : matmul(matmul(U, gA), Vh);
}
}  // namespace

std::tuple<Tensor, Tensor, Tensor> linalg_svd(const Tensor& A, bool full_matrices) {
  auto [U, S, Vh] = svd_impl(A, full_matrices, true, "linalg.svd");
  if (any_requires_grad({&A})) {
    auto node = make_node("LinalgSvdBackward0", {A}, [](BackwardNode& nd, const TensorList& g) {
      if (!g[0].defined() && !g[1].defined() && !g[2].defined()) return TensorList{Tensor()};
      return TensorList{svd_backward(g[0], g[1], g[2], nd.saved(0), nd.saved(1), nd.saved(2))};
    });
    node->save(U, true);
    node->save(S, true);
    node->save(Vh, true);
    set_history(U, node);
    set_history(S, node);
    set_history(Vh, node);
  }
  return {U, S, Vh};
}

Tensor linalg_svdvals(const Tensor& A) {
  if (!any_requires_grad({&A})) return std::get<1>(svd_impl(A, false, false, "linalg.svdvals"));
  auto [U, S, Vh] = svd_impl(A, false, true, "linalg.svdvals");
  auto node = make_node("LinalgSvdBackward0", {A}, [](BackwardNode& nd, const TensorList& g) {
    if (!g[0].defined()) return TensorList{Tensor()};
    return TensorList{svd_backward(Tensor(), g[0], Tensor(), nd.saved(0), nd.saved(1), nd.saved(2))};
  });
  node->save(U);
  node->save(S, true);
  node->save(Vh);
  set_history(S, node);
  return S;
}

// ==================================================================== matrix_exp
namespace {
// exp of each matrix, without autograd: per-matrix scaling by 2^-s (s from the 1-norm against
// theta_13 = 5.37), the [13/13] Pade approximant, then s squarings (Higham 2005, Algorithm 2.3).
Tensor matrix_exp_impl(const Tensor& A_in) {
  autograd::NoGradGuard ng;
  Tensor A = contiguous(A_in.detach());
  int64_t n = A.sizes()[A.dim() - 1];
  std::vector<int64_t> batch = batch_of(A);
  if (A.numel() == 0) return contiguous(A);
  if (n == 1) return exp(A);
  const double theta13 = 5.371920351148152;
  static const double b[14] = {64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
                               129060195264000.0,   10559470521600.0,    670442572800.0,     33522128640.0,
                               1323241920.0,        40840800.0,          960960.0,           16380.0,
                               182.0,               1.0};
  // s per matrix from the 1-norm (max column sum of |A|).
  Tensor norm1 = to_dtype(amax(sum(abs(A), std::vector<int64_t>{-2}), std::vector<int64_t>{-1}), ScalarType::Float64);
  Tensor nc = contiguous(norm1);
  std::vector<int64_t> s(static_cast<size_t>(std::max<int64_t>(1, nc.numel())), 0);
  int64_t smax = 0;
  for (int64_t i = 0; i < nc.numel(); ++i) {
    double v = nc.data_ptr<double>()[i];
    int64_t si = (std::isfinite(v) && v > theta13) ? static_cast<int64_t>(std::ceil(std::log2(v / theta13))) : 0;
    s[static_cast<size_t>(i)] = si;
    smax = std::max(smax, si);
  }
  Tensor scale = empty(batch, A.dtype());
  {
    Tensor sc64 = empty(batch, ScalarType::Float64);
    for (int64_t i = 0; i < sc64.numel(); ++i) sc64.data_ptr<double>()[i] = std::ldexp(1.0, -static_cast<int>(s[i]));
    scale = to_dtype(sc64, A.dtype());
  }
  Tensor X = mul(A, unsqueeze(unsqueeze(scale, -1), -1));
  Tensor I = eye(n, n, A.dtype());
  Tensor X2 = matmul(X, X), X4 = matmul(X2, X2), X6 = matmul(X4, X2);
  auto lin = [&](double c6, double c4, double c2, const Tensor* c0) {
    Tensor r = add(add(mul(X6, wrapped(c6)), mul(X4, wrapped(c4))), mul(X2, wrapped(c2)));
    return c0 ? add(r, *c0) : r;
  };
  Tensor b1I = mul(I, wrapped(b[1])), b0I = mul(I, wrapped(b[0]));
  Tensor U = matmul(X, add(matmul(X6, lin(b[13], b[11], b[9], nullptr)), lin(b[7], b[5], b[3], &b1I)));
  Tensor V = add(matmul(X6, lin(b[12], b[10], b[8], nullptr)), lin(b[6], b[4], b[2], &b0I));
  Tensor R = linalg_solve(sub(V, U), add(V, U), true);
  // s_b squarings for matrix b: every matrix is squared while its own count lasts.
  Tensor sv = empty(batch, ScalarType::Int64);
  for (int64_t i = 0; i < sv.numel(); ++i) sv.data_ptr<int64_t>()[i] = s[i];
  for (int64_t k = 0; k < smax; ++k) {
    Tensor m3 = unsqueeze(unsqueeze(gt(sv, wrapped_scalar(Scalar(k))), -1), -1);
    R = where(m3, matmul(R, R), R);
  }
  return contiguous(R);
}
}  // namespace

Tensor linalg_matrix_exp(const Tensor& A) {
  check_square(A, "linalg.matrix_exp");
  Tensor out = matrix_exp_impl(A);
  if (any_requires_grad({&A})) {
    auto node = make_node("LinalgMatrixExpBackward0", {A}, [](BackwardNode& nd, const TensorList& g) {
      // torch's linalg_matrix_exp_differential(A, G, adjoint=true): exp([[A^T, G], [0, A^T]])
      // holds the adjoint Frechet derivative in its top-right block.
      if (!g[0].defined()) return TensorList{Tensor()};
      Tensor A = nd.saved(0);
      int64_t n = A.sizes()[A.dim() - 1];
      Tensor At = mT(A);
      Tensor top = cat({At, g[0]}, -1);
      Tensor bottom = cat({zeros_like(At), At}, -1);
      Tensor big = linalg_matrix_exp(cat({top, bottom}, -2));
      return TensorList{narrow(narrow(big, -2, 0, n), -1, n, n)};
    });
    node->save(A);
    set_history(out, node);
  }
  return out;
}

}  // namespace pyt
