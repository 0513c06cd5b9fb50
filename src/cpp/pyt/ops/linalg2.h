#pragma once
// Linear algebra beyond the core set (torch names and semantics). Part of ops.h.
// Products run on the GEMM of ops/cpu/blas; float16 and bfloat16 compute in float32 and
// round once; integer dtypes compute exactly in their own type (wrapping on overflow, as
// torch's CPU kernels). Errors name the op and every operand's shape and dtype.
#include <string>

#include "pyt/export.h"
#include "pyt/scalar.h"
#include "pyt/tensor.h"

namespace pyt {

/// beta * self + alpha * (batch1 @ batch2) for batch1 (b, n, m), batch2 (b, m, p) and self
/// broadcastable to (b, n, p) (torch.baddbmm). beta = 0 ignores self (nan and inf too).
/// Node BaddbmmBackward0.
///
///   pyt::Tensor r = pyt::baddbmm(pyt::zeros({2, 3, 5}), pyt::ones({2, 3, 4}), pyt::ones({2, 4, 5}));  // all 4
PYT_API Tensor baddbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2,
                       const Scalar& beta = Scalar(1), const Scalar& alpha = Scalar(1));
/// beta * self + alpha * sum_b (batch1[b] @ batch2[b]), self broadcastable to (n, p)
/// (torch.addbmm). Node AddbmmBackward0.
PYT_API Tensor addbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2,
                      const Scalar& beta = Scalar(1), const Scalar& alpha = Scalar(1));
/// beta * self + alpha * (mat @ vec) for mat (n, m), vec (m), self broadcastable to (n)
/// (torch.addmv). Node AddmvBackward0.
PYT_API Tensor addmv(const Tensor& self, const Tensor& mat, const Tensor& vec,
                     const Scalar& beta = Scalar(1), const Scalar& alpha = Scalar(1));
/// beta * self + alpha * outer(vec1, vec2) for vec1 (n), vec2 (m), self broadcastable to
/// (n, m) (torch.addr). Node AddrBackward0.
PYT_API Tensor addr(const Tensor& self, const Tensor& vec1, const Tensor& vec2,
                    const Scalar& beta = Scalar(1), const Scalar& alpha = Scalar(1));
/// Einstein summation (torch.einsum): equation such as "bij,bjk->bik", "ii->i", "...ij->...ji"
/// or "ij,jk" (implicit output: the letters seen once, sorted). A letter repeated in one
/// operand takes its diagonal; "..." broadcasts; letters absent from the output are summed.
/// Lowered to diagonal/permute/reshape/bmm/sum, so gradients come from those ops.
/// RuntimeError (naming the subscript, operand and sizes) for a malformed equation, a
/// wrong number of operands or sizes that disagree.
///
///   pyt::Tensor c = pyt::einsum("ij,jk->ik", {a, b});   // a @ b
PYT_API Tensor einsum(const std::string& equation, const TensorList& operands);

}  // namespace pyt
