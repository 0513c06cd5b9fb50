// Matrix products: mm, bmm, addmm (kernels on OpenBLAS GEMM) and matmul (composite).
#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/blas.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/tensor_iterator.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace {

// A 2-d operand in a layout GEMM takes directly: row-major (trans=false) or its
// transpose (trans=true), with leading dimension ld. Copies when neither fits.
struct GemmOperand {
  Tensor t;
  bool trans = false;
  int64_t ld = 1;
};

GemmOperand gemm_operand(const Tensor& x) {  // x is 2-d (rows, cols)
  int64_t rows = x.sizes()[0], cols = x.sizes()[1];
  int64_t s0 = x.strides()[0], s1 = x.strides()[1];
  if ((s1 == 1 || cols == 1) && s0 >= std::max<int64_t>(1, cols)) return {x, false, s0};
  if ((s0 == 1 || rows == 1) && s1 >= std::max<int64_t>(1, rows)) return {x, true, s1};
  Tensor c = contiguous(x);
  return {c, false, std::max<int64_t>(1, cols)};
}

template <typename T>
void gemm_any(bool ta, bool tb, int64_t m, int64_t n, int64_t k, T alpha, const T* a, int64_t lda, const T* b,
              int64_t ldb, T beta, T* c, int64_t ldc) {
  if constexpr (std::is_floating_point_v<T>)
    cpu::gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  else
    cpu::gemm_naive<T>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// c (m x n, contiguous rows) = alpha * a @ b + beta * c.
void gemm_2d(const Tensor& a, const Tensor& b, Tensor& c, double alpha, double beta, const char* op) {
  int64_t m = a.sizes()[0], k = a.sizes()[1], n = b.sizes()[1];
  if (m == 0 || n == 0) return;
  if (c.dtype() == ScalarType::Float16 || c.dtype() == ScalarType::BFloat16) {
    // Note [Reduced precision]: float16/bfloat16 products run in float32 and round once.
    autograd::NoGradGuard ng;
    Tensor af = to_dtype(a, ScalarType::Float32), bf = to_dtype(b, ScalarType::Float32);
    Tensor cf = beta == 0 ? empty({m, n}, ScalarType::Float32) : contiguous(to_dtype(c, ScalarType::Float32));
    gemm_2d(af, bf, cf, alpha, beta, op);
    detail::copy_data(c, cf);
    return;
  }
  GemmOperand ga = gemm_operand(a), gb = gemm_operand(b);
  PYT_DISPATCH_NUMERIC(c.dtype(), op, [&] {
    const scalar_t* pa = ga.t.data_ptr<scalar_t>();
    const scalar_t* pb = gb.t.data_ptr<scalar_t>();
    scalar_t* pc = c.data_ptr<scalar_t>();
    int64_t ldc = c.strides()[0];
    if (k == 0) {
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j)
          pc[i * ldc + j] = beta == 0 ? scalar_t(0) : static_cast<scalar_t>(beta * pc[i * ldc + j]);
      return;
    }
    gemm_any<scalar_t>(ga.trans, gb.trans, m, n, k, static_cast<scalar_t>(alpha), pa, ga.ld, pb, gb.ld,
                       static_cast<scalar_t>(beta), pc, ldc);
  });
}

// Note [Gradient layout of mm]: torch's mm_mat1/mat2_backward. When a matrix operand is a
// transposed contiguous matrix (a Linear layer's weight.t()), its gradient is computed as the
// transpose of a contiguous product, so that after TBackward the leaf receives a contiguous
// gradient (no strided copy in AccumulateGrad).
bool is_transposed_contiguous(const Tensor& m) {
  return m.dim() == 2 && m.strides()[0] == 1 && m.strides()[1] == m.sizes()[0] && m.sizes()[0] > 1 &&
         m.sizes()[1] > 1;
}

// Gradient of a in a @ b, given the output gradient g (a_transposed: a's forward layout).
Tensor mm_mat1_backward(const Tensor& g, bool a_transposed, const Tensor& b) {
  if (a_transposed) return t(mm(b, t(g)));
  return mm(g, t(b));
}

// Gradient of b in a @ b, given the output gradient g (b_transposed: b's forward layout).
Tensor mm_mat2_backward(const Tensor& g, const Tensor& a, bool b_transposed) {
  if (b_transposed) return t(mm(t(g), a));
  return mm(t(a), g);
}

void check_mm_dtypes(const Tensor& a, const Tensor& b, const char* op) {
  PYT_CHECK(a.dtype() == b.dtype(), RuntimeError, op, ": expected m1 and m2 to have the same dtype, but got: ",
            scalar_type_name(a.dtype()), " != ", scalar_type_name(b.dtype()));
  PYT_CHECK(a.dtype() != ScalarType::Bool, NotImplementedError, op, ": \"addmm_impl_cpu_\" not implemented for 'Bool'");
}

}  // namespace

Tensor mm(const Tensor& a, const Tensor& b) {
  PYT_CHECK(a.dim() == 2, RuntimeError, "mm: self must be a matrix, got ", a.dim(), "-d tensor ", a.describe());
  PYT_CHECK(b.dim() == 2, RuntimeError, "mm: mat2 must be a matrix, got ", b.dim(), "-d tensor ", b.describe());
  PYT_CHECK(a.sizes()[1] == b.sizes()[0], RuntimeError, "mm: mat1 and mat2 shapes cannot be multiplied (",
            a.sizes()[0], "x", a.sizes()[1], " and ", b.sizes()[0], "x", b.sizes()[1], ")");
  check_mm_dtypes(a, b, "mm");
  Tensor out = empty({a.sizes()[0], b.sizes()[1]}, a.dtype());
  gemm_2d(a, b, out, 1.0, 0.0, "mm");
  if (any_requires_grad({&a, &b})) {
    bool a_t = is_transposed_contiguous(a), b_t = is_transposed_contiguous(b);
    auto node = make_node("MmBackward0", {a, b}, [a_t, b_t](BackwardNode& n, const TensorList& g) {
      TensorList r(2);
      if (n.needs_input_grad(0)) r[0] = mm_mat1_backward(g[0], a_t, n.saved(1));
      if (n.needs_input_grad(1)) r[1] = mm_mat2_backward(g[0], n.saved(0), b_t);
      return r;
    });
    node->save(b.requires_grad() ? a : Tensor());
    node->save(a.requires_grad() ? b : Tensor());
    set_history(out, node);
  }
  return out;
}

Tensor bmm(const Tensor& a, const Tensor& b) {
  PYT_CHECK(a.dim() == 3, RuntimeError, "bmm: batch1 must be a 3D tensor, got ", a.describe());
  PYT_CHECK(b.dim() == 3, RuntimeError, "bmm: batch2 must be a 3D tensor, got ", b.describe());
  PYT_CHECK(a.sizes()[0] == b.sizes()[0], RuntimeError, "bmm: batch1 and batch2 must have same number of batches, got ",
            a.sizes()[0], " and ", b.sizes()[0]);
  PYT_CHECK(a.sizes()[2] == b.sizes()[1], RuntimeError, "bmm: Expected size for first two dimensions of batch2 "
            "tensor to be: [", a.sizes()[0], ", ", a.sizes()[2], "] but got: [", b.sizes()[0], ", ", b.sizes()[1], "].");
  check_mm_dtypes(a, b, "bmm");
  int64_t batch = a.sizes()[0];
  Tensor out = empty({batch, a.sizes()[1], b.sizes()[2]}, a.dtype());
  {
    autograd::NoGradGuard ng;
    Tensor ad = a.detach(), bd = b.detach();
    for (int64_t i = 0; i < batch; ++i) {
      Tensor ci = select(out, 0, i);
      gemm_2d(select(ad, 0, i), select(bd, 0, i), ci, 1.0, 0.0, "bmm");
    }
  }
  if (any_requires_grad({&a, &b})) {
    auto node = make_node("BmmBackward0", {a, b}, [](BackwardNode& n, const TensorList& g) {
      TensorList r(2);
      if (n.needs_input_grad(0)) r[0] = bmm(g[0], transpose(n.saved(1), 1, 2));
      if (n.needs_input_grad(1)) r[1] = bmm(transpose(n.saved(0), 1, 2), g[0]);
      return r;
    });
    node->save(b.requires_grad() ? a : Tensor());
    node->save(a.requires_grad() ? b : Tensor());
    set_history(out, node);
  }
  return out;
}

Tensor addmm(const Tensor& bias, const Tensor& a, const Tensor& b, const Scalar& beta, const Scalar& alpha) {
  PYT_CHECK(a.dim() == 2 && b.dim() == 2, RuntimeError, "addmm: expected 2-d matrices, got ", a.describe(), " and ",
            b.describe());
  PYT_CHECK(a.sizes()[1] == b.sizes()[0], RuntimeError, "addmm: mat1 and mat2 shapes cannot be multiplied (",
            a.sizes()[0], "x", a.sizes()[1], " and ", b.sizes()[0], "x", b.sizes()[1], ")");
  check_mm_dtypes(a, b, "addmm");
  PYT_CHECK(bias.dtype() == a.dtype(), RuntimeError, "addmm: expected self and mat1 to have the same dtype, but got: ",
            scalar_type_name(bias.dtype()), " != ", scalar_type_name(a.dtype()));
  std::vector<int64_t> out_sizes{a.sizes()[0], b.sizes()[1]};
  broadcast_shapes(bias.sizes(), out_sizes, "addmm");
  Tensor out = empty(out_sizes, a.dtype());
  {
    autograd::NoGradGuard ng;
    detail::copy_data(out, expand(bias.detach(), out_sizes));
  }
  gemm_2d(a, b, out, alpha.to_double(), beta.to_double(), "addmm");
  if (any_requires_grad({&bias, &a, &b})) {
    std::vector<int64_t> bias_sizes = bias.sizes();
    bool a_t = is_transposed_contiguous(a), b_t = is_transposed_contiguous(b);
    auto node = make_node("AddmmBackward0", {bias, a, b}, [bias_sizes, beta, alpha, a_t, b_t](BackwardNode& n,
                                                                                          const TensorList& g) {
      TensorList r(3);
      double al = alpha.to_double(), be = beta.to_double();
      if (n.needs_input_grad(0)) {
        Tensor gb = sum_to_size(g[0], bias_sizes);
        r[0] = be == 1.0 ? gb : mul(gb, wrapped_scalar(beta));
      }
      if (n.needs_input_grad(1)) {
        Tensor ga = mm_mat1_backward(g[0], a_t, n.saved(1));
        r[1] = al == 1.0 ? ga : mul(ga, wrapped_scalar(alpha));
      }
      if (n.needs_input_grad(2)) {
        Tensor gm = mm_mat2_backward(g[0], n.saved(0), b_t);
        r[2] = al == 1.0 ? gm : mul(gm, wrapped_scalar(alpha));
      }
      return r;
    });
    node->save(b.requires_grad() ? a : Tensor());
    node->save(a.requires_grad() ? b : Tensor());
    set_history(out, node);
  }
  return out;
}

Tensor dot(const Tensor& a, const Tensor& b) {
  PYT_CHECK(a.dim() == 1 && b.dim() == 1, RuntimeError, "1D tensors expected, but got ", a.dim(), "D and ", b.dim(),
            "D tensors");
  PYT_CHECK(a.dtype() == b.dtype(), RuntimeError, "dot : expected both vectors to have same dtype, but found ",
            scalar_type_name(a.dtype()), " and ", scalar_type_name(b.dtype()));
  PYT_CHECK(a.numel() == b.numel(), RuntimeError, "inconsistent tensor size, expected tensor [", a.numel(),
            "] and src [", b.numel(), "] to have the same number of elements, but got ", a.numel(), " and ",
            b.numel(), " elements respectively");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = reshape(mm(unsqueeze(a.detach(), 0), unsqueeze(b.detach(), 1)), {});
  }
  if (any_requires_grad({&a, &b})) {
    auto node = make_node("DotBackward0", {a, b}, [](BackwardNode& n, const TensorList& g) {
      TensorList r(2);
      if (n.needs_input_grad(0)) r[0] = mul(g[0], n.saved(1));
      if (n.needs_input_grad(1)) r[1] = mul(g[0], n.saved(0));
      return r;
    });
    node->save(b.requires_grad() ? a : Tensor());
    node->save(a.requires_grad() ? b : Tensor());
    set_history(out, node);
  }
  return out;
}

Tensor mv(const Tensor& mat, const Tensor& vec) {
  PYT_CHECK(mat.dim() == 2 && vec.dim() == 1, RuntimeError, "vector + matrix @ vector expected, got ", mat.dim(),
            ", ", vec.dim());
  PYT_CHECK(mat.sizes()[1] == vec.numel(), RuntimeError, "size mismatch, got input (", mat.sizes()[0], "), mat (",
            mat.sizes()[0], "x", mat.sizes()[1], "), vec (", vec.numel(), ")");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = squeeze(mm(mat.detach(), unsqueeze(vec.detach(), 1)), std::vector<int64_t>{1});
  }
  if (any_requires_grad({&mat, &vec})) {
    auto node = make_node("MvBackward0", {mat, vec}, [](BackwardNode& n, const TensorList& g) {
      TensorList r(2);
      if (n.needs_input_grad(0)) r[0] = outer(g[0], n.saved(1));
      if (n.needs_input_grad(1)) r[1] = mv(t(n.saved(0)), g[0]);
      return r;
    });
    node->save(vec.requires_grad() ? mat : Tensor());
    node->save(mat.requires_grad() ? vec : Tensor());
    set_history(out, node);
  }
  return out;
}

Tensor outer(const Tensor& a, const Tensor& b) {
  PYT_CHECK(a.dim() == 1 && b.dim() == 1, RuntimeError, "outer: expected 1-D tensors, got ", a.describe(), " and ",
            b.describe());
  // torch's outer is the broadcast product (its node is MulBackward0).
  return mul(unsqueeze(a, 1), b);
}

Tensor matmul(const Tensor& a, const Tensor& b) {
  int64_t da = a.dim(), db = b.dim();
  PYT_CHECK(da > 0 && db > 0, RuntimeError, "both arguments to matmul need to be at least 1D, but they are ", da,
            "D and ", db, "D");
  if (da == 1 && db == 1) {
    PYT_CHECK(a.sizes()[0] == b.sizes()[0], RuntimeError, "inconsistent tensor size, expected tensor [", a.sizes()[0],
              "] and src [", b.sizes()[0], "] to have the same number of elements, but got ", a.sizes()[0], " and ",
              b.sizes()[0], " elements respectively");
    return reshape(mm(unsqueeze(a, 0), unsqueeze(b, 1)), {});
  }
  if (da == 2 && db == 1) return squeeze(mm(a, unsqueeze(b, 1)), std::vector<int64_t>{1});
  if (da == 1 && db == 2) return squeeze(mm(unsqueeze(a, 0), b), std::vector<int64_t>{0});
  if (da == 2 && db == 2) return mm(a, b);
  if (da >= 3 && db <= 2) {
    // Fold the batch into the rows of one GEMM.
    Tensor bb = db == 1 ? unsqueeze(b, 1) : b;
    std::vector<int64_t> out_sizes(a.sizes().begin(), a.sizes().end() - 1);
    int64_t k = a.sizes().back();
    PYT_CHECK(k == bb.sizes()[0], RuntimeError, "matmul: shapes cannot be multiplied (", a.shape_str(), " and ",
              b.shape_str(), ")");
    Tensor r = mm(reshape(a, {-1, k}), bb);
    if (db == 2) out_sizes.push_back(bb.sizes()[1]);
    return reshape(r, out_sizes);
  }
  // General batched case with broadcasting of the batch dims.
  Tensor aa = da == 1 ? unsqueeze(a, 0) : a;
  Tensor bb = db == 1 ? unsqueeze(b, 1) : b;
  int64_t n = aa.sizes()[aa.dim() - 2], k = aa.sizes()[aa.dim() - 1];
  int64_t k2 = bb.sizes()[bb.dim() - 2], m = bb.sizes()[bb.dim() - 1];
  PYT_CHECK(k == k2, RuntimeError, "matmul: shapes cannot be multiplied (", a.shape_str(), " and ", b.shape_str(), ")");
  std::vector<int64_t> ba(aa.sizes().begin(), aa.sizes().end() - 2), bbz(bb.sizes().begin(), bb.sizes().end() - 2);
  std::vector<int64_t> batch = broadcast_shapes(ba, bbz, "matmul");
  int64_t nb = compute_numel(batch);
  std::vector<int64_t> ea = batch, eb = batch;
  ea.push_back(n);
  ea.push_back(k);
  eb.push_back(k);
  eb.push_back(m);
  Tensor r = bmm(reshape(expand(aa, ea), {nb, n, k}), reshape(expand(bb, eb), {nb, k, m}));
  std::vector<int64_t> out_sizes = batch;
  if (da > 1) out_sizes.push_back(n);
  if (db > 1) out_sizes.push_back(m);
  return reshape(r, out_sizes);
}

}  // namespace pyt
