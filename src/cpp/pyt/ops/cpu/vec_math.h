#pragma once
// Vectorised float32 math over contiguous arrays, with runtime dispatch. Internal header.
//
// Note [SIMD dispatch]: vec_math_impl.h is compiled twice, by vec_math_base.cpp (the x86-64
// baseline, SSE2) and by vec_math_avx2.cpp (-mavx2 -mfma), each into a table of function
// pointers; vec_math.cpp picks one table when the library loads (__builtin_cpu_supports), so
// one build runs on any x86-64 and uses AVX2/FMA where present. Every function is elementwise
// and computes each element the same way wherever it sits in the array (a tail shorter than a
// vector is padded and run through the same vector code), so results do not depend on how a
// parallel_for splits the work, i.e. on the thread count. Accuracy: within a few ulp of the
// correctly rounded result (see tests/python/test_vec_math.py); floor, ceil, round, trunc,
// frac and sqrt are exact (bitwise equal to libm).
#include <cstdint>

namespace pyt::cpu::vec {

/// out[i] = f(in[i]) for i < n; in and out may be the same array (not partially overlapping).
using UnaryF32 = void (*)(const float* in, float* out, int64_t n);
/// out[i] = f(a[i], b[i]) for i < n; out may be a or b.
using BinaryF32 = void (*)(const float* a, const float* b, float* out, int64_t n);

/// An activation of torch.nn.functional: fwd: out[i] = f(x[i]); bwd: out[i] = g[i] * f'(x[i])
/// (arguments g, x, out); p = {a, b, c}, its parameters as in ActParams (nn_norm_kernels.h).
struct ActF32 {
  void (*fwd)(const float* x, float* out, int64_t n, const float* p);
  void (*bwd)(const float* g, const float* x, float* out, int64_t n, const float* p);
};

/// One implementation of every vectorised function (one per instruction set).
struct Table {
  const char* isa;  ///< "avx2+fma" or "sse2"
  UnaryF32 exp, exp2, expm1, log, log2, log10, log1p, sin, cos, tan, tanh, sigmoid, erf, sqrt, rsqrt,
      floor, ceil, round, trunc, frac;
  /// out[i] = exp(in[i] - shift) for shift >= every in[i] (a row max; results below FLT_MIN
  /// flush to 0); returns the float sum of out (summed in a fixed order).
  float (*exp_shifted_sum)(const float* in, float* out, int64_t n, float shift);
  /// max of in[0..n) (n >= 1); NaN if any element is NaN.
  float (*max)(const float* in, int64_t n);
  UnaryF32 asin, acos, atan, sinh, cosh, erfinv;
  BinaryF32 atan2;  ///< atan2(a[i], b[i])
  /// Activations; gelu is the erf form, gelu_tanh approximate='tanh'; elu also serves selu, celu.
  ActF32 gelu, gelu_tanh, silu, mish, softplus, elu, log_sigmoid;
  /// out[i] = in[i] * s (softmax's normalisation).
  void (*scale)(const float* in, float* out, int64_t n, float s);
  /// out[i] = (in[i] - a) - b (log_softmax's last pass).
  void (*sub2)(const float* in, float* out, int64_t n, float a, float b);

  // Layer norm rows (nn_norm_kernels.cpp). Sums of float rows in double, in a fixed order
  // (sixteen interleaved accumulators, vec_math_impl.h): sum of x, of (x - m)^2, of a * b.
  double (*row_sum)(const float* x, int64_t n);
  double (*row_sqdev)(const float* x, int64_t n, double m);
  double (*row_dot)(const float* a, const float* b, int64_t n);
  /// y = (x * scale + shift) * w + b; w and/or b may be null (then left out).
  void (*norm_affine)(const float* x, const float* w, const float* b, float* y, int64_t n, float scale,
                      float shift);
  /// For rows r = 0..rows-1 of g and x (row length n), in order: bw[i] += g[r][i] * ((x[r][i] -
  /// mean[r]) * rstd[r]) and bb[i] += g[r][i], accumulated in double.
  void (*norm_param_grads)(const float* g, const float* x, int64_t rows, int64_t n, const float* mean,
                           const float* rstd, double* bw, double* bb);
  /// gw = g * w (stored only when w is not null; else gw is g) with *s = sum(gw) and
  /// *d = sum(gw * x) in double, in row_sum's order.
  void (*norm_grad_sums)(const float* g, const float* w, const float* x, float* gw, int64_t n, double* s, double* d);
  /// gx[i] = rs * (gw[i] - c1 - (x[i] - m) * c2).
  void (*norm_input_grad)(const float* gw, const float* x, float* gx, int64_t n, float m, float rs, float c1,
                          float c2);
  /// sigmoid's backward from its output y: out[i] = g[i] * (y[i] * (1 - y[i])).
  BinaryF32 sigmoid_bwd;
};

/// The table chosen for this CPU (Note [SIMD dispatch]). Set PYT_SIMD=sse2 in the environment
/// to force the baseline table (for testing).
const Table& table();

extern const Table kTableBase;
#if defined(__x86_64__)
extern const Table kTableAvx2;
#endif

}  // namespace pyt::cpu::vec
