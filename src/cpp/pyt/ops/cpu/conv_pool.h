#pragma once
// Convolution lowering (im2col / col2im over up to 3 spatial dims), padding and resampling
// kernels (the pooling kernels are in pool_kernels.h). Internal header: kernels know nothing
// of autograd or Python; they receive contiguous buffers and finished geometry.
#include <cstdint>
#include <vector>

namespace pyt::cpu {

/// Geometry of one image of one convolution group, always in 3 spatial dims: a 1-d or 2-d
/// convolution has leading dims of size 1 (kernel 1, stride 1, padding 0, dilation 1).
struct ConvGeom {
  int64_t C;       // channels of the group
  int64_t in[3];   // input spatial sizes
  int64_t k[3];    // kernel sizes
  int64_t s[3], p[3], d[3];
  int64_t out[3];  // output spatial sizes
  int64_t in_numel() const { return in[0] * in[1] * in[2]; }
  int64_t out_numel() const { return out[0] * out[1] * out[2]; }
  int64_t rows() const { return C * k[0] * k[1] * k[2]; }
};

/// Writes image img (C planes of in_numel() elements, channel stride img_cs) as columns:
/// row ((c*k0 + i)*k1 + j)*k2 + l, column (od*out1 + oh)*out2 + ow at col + row*col_ld;
/// positions in the zero padding read 0.
template <typename T>
void im2col(const T* img, int64_t img_cs, const ConvGeom& g, T* col, int64_t col_ld);
/// The adjoint of im2col: img += columns scattered back (positions in the padding dropped).
template <typename T>
void col2im(const T* col, int64_t col_ld, const ConvGeom& g, T* img, int64_t img_cs);

/// Padding as gathering: out (outer, out_sizes...) from in (outer, in_sizes...), where
/// maps[d][o] is the input index that output index o of padded dim d reads, or -1 for the
/// constant value. Parallel over the outer index.
template <typename T>
void pad_gather(const T* in, T* out, int64_t outer, const std::vector<int64_t>& in_sizes,
                const std::vector<int64_t>& out_sizes, const std::vector<std::vector<int64_t>>& maps, T value);
/// Adjoint of pad_gather: gin += grad of every output read from it (in output order).
template <typename T>
void pad_scatter(const T* gout, T* gin, int64_t outer, const std::vector<int64_t>& in_sizes,
                 const std::vector<int64_t>& out_sizes, const std::vector<std::vector<int64_t>>& maps);

/// 1-d resampling along the middle dim of (outer, n_in, inner) into (outer, n_out, inner):
/// out[:, j, :] = sum_t w[j*taps + t] * in[:, idx[j*taps + t], :].
template <typename T>
void resample_dim(const T* in, T* out, int64_t outer, int64_t n_in, int64_t n_out, int64_t inner, int64_t taps,
                  const std::vector<int64_t>& idx, const std::vector<T>& w);
/// Adjoint of resample_dim: gin (zeroed by the caller) += w * gout, deterministic.
template <typename T>
void resample_dim_backward(const T* gout, T* gin, int64_t outer, int64_t n_in, int64_t n_out, int64_t inner,
                           int64_t taps, const std::vector<int64_t>& idx, const std::vector<T>& w);

}  // namespace pyt::cpu
