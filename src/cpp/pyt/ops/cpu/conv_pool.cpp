#include "pyt/ops/cpu/conv_pool.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace pyt::cpu {

template <typename T>
void im2col(const T* img, int64_t img_cs, const Conv2dGeom& g, T* col, int64_t col_ld) {
  for (int64_t c = 0; c < g.C; ++c) {
    const T* plane = img + c * img_cs;
    for (int64_t i = 0; i < g.kh; ++i) {
      for (int64_t j = 0; j < g.kw; ++j) {
        T* row = col + ((c * g.kh + i) * g.kw + j) * col_ld;
        for (int64_t oh = 0; oh < g.Hout; ++oh) {
          int64_t h = oh * g.sh - g.ph + i * g.dh;
          T* dst = row + oh * g.Wout;
          if (h < 0 || h >= g.H) {
            std::memset(dst, 0, sizeof(T) * g.Wout);
            continue;
          }
          const T* src = plane + h * g.W;
          int64_t w0 = j * g.dw - g.pw;
          if (g.sw == 1) {
            // Contiguous run: [lo, hi) of output columns read inside the image.
            int64_t lo = std::max<int64_t>(0, -w0), hi = std::min<int64_t>(g.Wout, g.W - w0);
            if (hi < lo) hi = lo;
            for (int64_t ow = 0; ow < lo; ++ow) dst[ow] = T(0);
            if (hi > lo) std::memcpy(dst + lo, src + w0 + lo, sizeof(T) * (hi - lo));
            for (int64_t ow = hi; ow < g.Wout; ++ow) dst[ow] = T(0);
          } else {
            for (int64_t ow = 0; ow < g.Wout; ++ow) {
              int64_t w = w0 + ow * g.sw;
              dst[ow] = (w >= 0 && w < g.W) ? src[w] : T(0);
            }
          }
        }
      }
    }
  }
}

template <typename T>
void col2im(const T* col, int64_t col_ld, const Conv2dGeom& g, T* img, int64_t img_cs) {
  for (int64_t c = 0; c < g.C; ++c) {
    T* plane = img + c * img_cs;
    for (int64_t i = 0; i < g.kh; ++i) {
      for (int64_t j = 0; j < g.kw; ++j) {
        const T* row = col + ((c * g.kh + i) * g.kw + j) * col_ld;
        for (int64_t oh = 0; oh < g.Hout; ++oh) {
          int64_t h = oh * g.sh - g.ph + i * g.dh;
          if (h < 0 || h >= g.H) continue;
          const T* src = row + oh * g.Wout;
          T* dst = plane + h * g.W;
          int64_t w0 = j * g.dw - g.pw;
          for (int64_t ow = 0; ow < g.Wout; ++ow) {
            int64_t w = w0 + ow * g.sw;
            if (w >= 0 && w < g.W) dst[w] += src[ow];
          }
        }
      }
    }
  }
}

template <typename T>
void max_pool2d_plane(const T* in, int64_t H, int64_t W, T* out, int64_t* idx, int64_t Hout, int64_t Wout, int64_t kh,
                      int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw, int64_t dh, int64_t dw) {
  for (int64_t oh = 0; oh < Hout; ++oh) {
    for (int64_t ow = 0; ow < Wout; ++ow) {
      int64_t hstart = oh * sh - ph, wstart = ow * sw - pw;
      T best = -std::numeric_limits<T>::infinity();
      int64_t bi = -1;
      for (int64_t i = 0; i < kh; ++i) {
        int64_t h = hstart + i * dh;
        if (h < 0 || h >= H) continue;
        for (int64_t j = 0; j < kw; ++j) {
          int64_t w = wstart + j * dw;
          if (w < 0 || w >= W) continue;
          T v = in[h * W + w];
          if (bi < 0 || v > best || std::isnan(v)) {
            best = v;
            bi = h * W + w;
            if (std::isnan(v)) goto done;
          }
        }
      }
    done:
      out[oh * Wout + ow] = best;
      idx[oh * Wout + ow] = bi < 0 ? 0 : bi;
    }
  }
}

#define PYT_INSTANTIATE(T)                                                                                        \
  template void im2col<T>(const T*, int64_t, const Conv2dGeom&, T*, int64_t);                                     \
  template void col2im<T>(const T*, int64_t, const Conv2dGeom&, T*, int64_t);                                     \
  template void max_pool2d_plane<T>(const T*, int64_t, int64_t, T*, int64_t*, int64_t, int64_t, int64_t, int64_t, \
                                    int64_t, int64_t, int64_t, int64_t, int64_t, int64_t);
PYT_INSTANTIATE(float)
PYT_INSTANTIATE(double)
#undef PYT_INSTANTIATE

}  // namespace pyt::cpu
