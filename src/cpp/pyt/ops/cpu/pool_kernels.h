#pragma once
// Pooling kernels over one volume (D, H, W): max, average, adaptive average / max and max
// unpooling. Internal header: kernels know nothing of autograd or Python; they receive
// contiguous buffers and finished geometry. A 1-d or 2-d pool is the 3-d one with leading
// dims of size 1 (kernel 1, stride 1, padding 0, dilation 1), so every pool shares one loop.
#include <cstdint>

namespace pyt::cpu {

/// Geometry of one pooled volume: input (in[0], in[1], in[2]) to output (out[0], out[1],
/// out[2]); flat indices are (z * in[1] + h) * in[2] + w, as torch's.
struct PoolGeom {
  int64_t in[3];
  int64_t out[3];
  int64_t k[3], s[3], p[3], d[3];  // kernel, stride, padding, dilation (sliding pools)
  bool count_include_pad = true;   // average pools: padded positions count in the divisor
  int64_t divisor_override = 0;    // average pools: divide by this instead (0: none)
  int64_t in_numel() const { return in[0] * in[1] * in[2]; }
  int64_t out_numel() const { return out[0] * out[1] * out[2]; }
  int64_t window() const { return k[0] * k[1] * k[2]; }
};

/// Max pooling with -inf padding: out/idx (out_numel()), idx the flat input index of the
/// window's maximum; NaN propagates (the last NaN of the window wins, as torch's kernel).
template <typename T>
void max_pool_volume(const T* in, T* out, int64_t* idx, const PoolGeom& g);

/// Average pooling with zero padding (torch's avg_pool3d rules for the divisor: the window
/// clipped to the padded input when count_include_pad, else to the input; or
/// divisor_override).
template <typename T>
void avg_pool_volume(const T* in, T* out, const PoolGeom& g);
/// Its adjoint: gin (in_numel(), zeroed by the caller) += each gout spread over its window.
template <typename T>
void avg_pool_volume_backward(const T* gout, T* gin, const PoolGeom& g);

/// Adaptive average pooling (k, s, p, d unused): output index o of a dim of sizes
/// (in, out) covers [floor(o*in/out), ceil((o+1)*in/out)).
template <typename T>
void adaptive_avg_pool_volume(const T* in, T* out, const PoolGeom& g);
/// Its adjoint: gin (zeroed by the caller) += each gout spread over its window.
template <typename T>
void adaptive_avg_pool_volume_backward(const T* gout, T* gin, const PoolGeom& g);
/// Adaptive max pooling with the windows of adaptive_avg_pool_volume; idx as max_pool_volume.
template <typename T>
void adaptive_max_pool_volume(const T* in, T* out, int64_t* idx, const PoolGeom& g);

/// Fractional max pooling of one plane (H, W) to (Ho, Wo) with windows kh x kw (Graham,
/// "Fractional Max-Pooling", 2014; torch's CPU kernel): the window starts along a dim of size
/// n with pool k and sample u are int((i + u) * alpha) - int(u * alpha), alpha =
/// (n - k) / (out - 1), computed in T, the last one n - k (all clamped to [0, n - k]).
/// samples = (u_w, u_h); idx = h * W + w of the window's maximum (NaN propagates).
template <typename T>
void fractional_max_pool2d_plane(const T* in, int64_t H, int64_t W, T* out, int64_t* idx, int64_t Ho, int64_t Wo,
                                 int64_t kh, int64_t kw, const T* samples);

}  // namespace pyt::cpu
