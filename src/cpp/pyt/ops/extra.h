#pragma once
// Elementwise ops of the `extra` family (torch names and semantics). Part of ops.h.
//
// Dtype rules, as torch's: binary ops promote their operands (Python numbers are weak);
// copysign, xlogy, ldexp and the unary special functions take integer and bool inputs to the
// default float dtype; logaddexp, logaddexp2 and nextafter need floating operands and the
// shifts integral ones (NotImplementedError naming torch's kernel otherwise). float16 and
// bfloat16 compute in float32 and round once. An in-place variant name_ writes into self
// and throws RuntimeError when the result dtype cannot be cast to self's.
#include <optional>
#include <vector>

#include "pyt/export.h"
#include "pyt/tensor.h"

namespace pyt {

// ----------------------------------------------------------- binary functions ---
/// a << b and a >> b of integral tensors (torch.bitwise_left_shift / bitwise_right_shift):
/// a shift by a negative amount or by the bit width or more gives 0 (left) or the sign fill
/// (right), as torch's CPU kernels.
PYT_API Tensor bitwise_left_shift(const Tensor& a, const Tensor& b);
PYT_API Tensor bitwise_right_shift(const Tensor& a, const Tensor& b);
/// |a| with the sign of b (torch.copysign); the result is floating.
PYT_API Tensor copysign(const Tensor& a, const Tensor& b);
/// The Heaviside step: 0 for a < 0, values where a == 0, 1 for a > 0 (torch.heaviside);
/// a and values must share one dtype (RuntimeError otherwise); not differentiable.
PYT_API Tensor heaviside(const Tensor& a, const Tensor& values);
/// Elementwise max / min ignoring NaN (a NaN loses to a number; torch.fmax / torch.fmin).
PYT_API Tensor fmax(const Tensor& a, const Tensor& b);
PYT_API Tensor fmin(const Tensor& a, const Tensor& b);
/// log(exp(a) + exp(b)) and log2(2^a + 2^b) without overflow (torch.logaddexp / logaddexp2).
PYT_API Tensor logaddexp(const Tensor& a, const Tensor& b);
PYT_API Tensor logaddexp2(const Tensor& a, const Tensor& b);
/// The next representable value after a towards b (torch.nextafter); its gradient is torch's:
/// the incoming gradient for a, zeros for b.
PYT_API Tensor nextafter(const Tensor& a, const Tensor& b);
/// a * log(b), 0 where a == 0 (unless b is NaN) (torch.xlogy).
PYT_API Tensor xlogy(const Tensor& a, const Tensor& b);
/// a * 2^b (torch.ldexp).
PYT_API Tensor ldexp(const Tensor& a, const Tensor& b);
/// pow in float64 (torch.float_power): both operands are cast to float64 first.
PYT_API Tensor float_power(const Tensor& a, const Tensor& b);

PYT_API Tensor& bitwise_left_shift_(Tensor& a, const Tensor& b);
PYT_API Tensor& bitwise_right_shift_(Tensor& a, const Tensor& b);
PYT_API Tensor& copysign_(Tensor& a, const Tensor& b);
PYT_API Tensor& heaviside_(Tensor& a, const Tensor& values);
PYT_API Tensor& nextafter_(Tensor& a, const Tensor& b);
PYT_API Tensor& xlogy_(Tensor& a, const Tensor& b);
PYT_API Tensor& ldexp_(Tensor& a, const Tensor& b);
/// self must be float64 (RuntimeError otherwise, as torch).
PYT_API Tensor& float_power_(Tensor& a, const Tensor& b);

// ------------------------------------------------------------ unary functions ---
/// log|Gamma(t)| (torch.lgamma).
PYT_API Tensor lgamma(const Tensor& t);
/// d/dt log Gamma(t) (torch.digamma): -inf / +inf at -0 / +0, NaN at negative integers.
PYT_API Tensor digamma(const Tensor& t);
/// The n-th derivative of digamma (torch.polygamma); n >= 0 (RuntimeError otherwise).
PYT_API Tensor polygamma(int64_t n, const Tensor& t);
/// sin(pi t) / (pi t), 1 at 0 (torch.sinc).
PYT_API Tensor sinc(const Tensor& t);
/// The modified Bessel functions of the first kind of order 0 and 1 (torch.i0, torch.special.i1).
PYT_API Tensor i0(const Tensor& t);
PYT_API Tensor special_i1(const Tensor& t);
/// t * pi / 180 and t * 180 / pi (torch.deg2rad / rad2deg).
PYT_API Tensor deg2rad(const Tensor& t);
PYT_API Tensor rad2deg(const Tensor& t);
/// log(z / (1 - z)) with z = t clamped to [eps, 1 - eps] when eps is given (torch.logit).
PYT_API Tensor logit(const Tensor& t, std::optional<double> eps = std::nullopt);
/// The sign of real t (torch.sgn = torch.sign for real dtypes; SgnBackward0).
PYT_API Tensor sgn(const Tensor& t);
/// Bool: whether the sign bit is set (-0.0 included) (torch.signbit).
PYT_API Tensor signbit(const Tensor& t);

PYT_API Tensor& lgamma_(Tensor& t);
PYT_API Tensor& digamma_(Tensor& t);
PYT_API Tensor& polygamma_(Tensor& t, int64_t n);
PYT_API Tensor& sinc_(Tensor& t);
PYT_API Tensor& i0_(Tensor& t);
PYT_API Tensor& deg2rad_(Tensor& t);
PYT_API Tensor& rad2deg_(Tensor& t);
PYT_API Tensor& logit_(Tensor& t, std::optional<double> eps = std::nullopt);
PYT_API Tensor& sgn_(Tensor& t);

// --------------------------------------------------------- shape and construction ---
/// A tensor with t's last dim on the offset-th diagonal of the planes (dim1, dim2) of a new
/// dim (torch.diag_embed): t of shape (..., n) gives n + |offset| along dim1 and dim2, zeros
/// elsewhere. RuntimeError for a 0-d t or dim1 == dim2; IndexError for dims out of range.
PYT_API Tensor diag_embed(const Tensor& t, int64_t offset = 0, int64_t dim1 = -2, int64_t dim2 = -1);
/// torch.diag: 1-D t -> the square matrix with t on diagonal `diagonal`; 2-D t -> a copy of
/// that diagonal. Other ranks raise RuntimeError.
PYT_API Tensor diag(const Tensor& t, int64_t diagonal = 0);
/// The sum of the main diagonal of a matrix (torch.trace); integer inputs give int64.
PYT_API Tensor trace(const Tensor& t);
/// The cross product of 3-vectors along dim of the broadcast inputs (torch.linalg.cross);
/// both inputs must share one dtype and have size 3 along dim (RuntimeError).
PYT_API Tensor linalg_cross(const Tensor& a, const Tensor& b, int64_t dim = -1);
/// The block-diagonal matrix of 0-, 1- (a row) or 2-D tensors, in the promoted dtype
/// (torch.block_diag).
PYT_API Tensor block_diag(const TensorList& tensors);
/// t rotated by k * 90 degrees in the plane dims, from dims[0] towards dims[1] (torch.rot90).
PYT_API Tensor rot90(const Tensor& t, int64_t k = 1, const std::vector<int64_t>& dims = {0, 1});
/// p-norm distances between the rows of x1 (..., P, M) and x2 (..., R, M): (..., P, R), the
/// batch dims broadcast (torch.cdist with the direct computation; p >= 0, inf included).
PYT_API Tensor cdist(const Tensor& x1, const Tensor& x2, double p = 2.0);
/// The (row, col) indices of the lower / upper triangle of a rows x cols matrix below / above
/// diagonal `offset`, as a (2, N) tensor in row-major order (torch.tril_indices / triu_indices).
PYT_API Tensor tril_indices(int64_t rows, int64_t cols, int64_t offset = 0, ScalarType dtype = ScalarType::Int64);
PYT_API Tensor triu_indices(int64_t rows, int64_t cols, int64_t offset = 0, ScalarType dtype = ScalarType::Int64);

}  // namespace pyt
