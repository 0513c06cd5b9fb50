#pragma once
// Convolution lowering (im2col / col2im) and 2-d max pooling kernels. Internal header.
#include <cstdint>

namespace pyt::cpu {

struct Conv2dGeom {
  int64_t C, H, W;        // input channels (of one group) and spatial size
  int64_t kh, kw;
  int64_t sh, sw, ph, pw, dh, dw;
  int64_t Hout, Wout;
};

/// Writes image img (C, H, W contiguous, channel stride img_cs) as columns: row
/// (c*kh*kw + i*kw + j), column (oh*Wout + ow) at col + row*col_ld; zero padding.
template <typename T>
void im2col(const T* img, int64_t img_cs, const Conv2dGeom& g, T* col, int64_t col_ld);
/// The adjoint of im2col: img += columns scattered back.
template <typename T>
void col2im(const T* col, int64_t col_ld, const Conv2dGeom& g, T* img, int64_t img_cs);

/// Max pooling of one plane: out/idx (Hout, Wout); idx holds h*W + w of the max.
template <typename T>
void max_pool2d_plane(const T* in, int64_t H, int64_t W, T* out, int64_t* idx, int64_t Hout, int64_t Wout, int64_t kh,
                      int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw, int64_t dh, int64_t dw);

}  // namespace pyt::cpu
