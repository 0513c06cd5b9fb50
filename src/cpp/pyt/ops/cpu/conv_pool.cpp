#include "pyt/ops/cpu/conv_pool.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "pyt/parallel.h"

namespace pyt::cpu {

namespace {
// [lo, hi) of output positions ow whose input w0 + ow*s lies in [0, W).
inline int64_t ceil_div_nonneg(int64_t a, int64_t b) { return a <= 0 ? 0 : (a + b - 1) / b; }
inline void valid_run(int64_t w0, int64_t s, int64_t W, int64_t Wout, int64_t& lo, int64_t& hi) {
  lo = std::min<int64_t>(ceil_div_nonneg(-w0, s), Wout);
  hi = std::clamp<int64_t>(ceil_div_nonneg(W - w0, s), lo, Wout);
}
}  // namespace

template <typename T>
void im2col(const T* img, int64_t img_cs, const ConvGeom& g, T* col, int64_t col_ld) {
  const int64_t O1 = g.out[1], O2 = g.out[2];
  for (int64_t c = 0; c < g.C; ++c) {
    const T* plane = img + c * img_cs;
    for (int64_t a = 0; a < g.k[0]; ++a)
      for (int64_t i = 0; i < g.k[1]; ++i)
        for (int64_t j = 0; j < g.k[2]; ++j) {
          T* row = col + (((c * g.k[0] + a) * g.k[1] + i) * g.k[2] + j) * col_ld;
          int64_t w0 = j * g.d[2] - g.p[2];
          int64_t lo = 0, hi = 0;
          valid_run(w0, g.s[2], g.in[2], O2, lo, hi);
          for (int64_t od = 0; od < g.out[0]; ++od) {
            int64_t dd = od * g.s[0] - g.p[0] + a * g.d[0];
            if (dd < 0 || dd >= g.in[0]) {
              std::memset(row + od * O1 * O2, 0, sizeof(T) * O1 * O2);
              continue;
            }
            const T* vol = plane + dd * g.in[1] * g.in[2];
            if (g.s[1] == 1 && g.s[2] == 1 && O2 == g.in[2]) {
              // Unit stride, output as wide as the input ('same'-style padding): this row of
              // columns is the plane shifted by (sh, w0) with zeros shifted in, so copy it as one
              // block and then zero the few elements that wrapped around a row edge.
              const int64_t W = O2, sh = i * g.d[1] - g.p[1];
              T* slab = row + od * O1 * O2;
              const int64_t oh_lo = std::clamp<int64_t>(-sh, 0, O1);
              const int64_t oh_hi = std::clamp<int64_t>(g.in[1] - sh, oh_lo, O1);
              std::fill(slab, slab + oh_lo * W, T(0));
              std::fill(slab + oh_hi * W, slab + O1 * W, T(0));
              const int64_t off = sh * W + w0;  // source index minus destination index
              const int64_t first = std::clamp<int64_t>(-off, oh_lo * W, oh_hi * W);
              const int64_t last = std::clamp<int64_t>(g.in[1] * W - off, first, oh_hi * W);
              std::fill(slab + oh_lo * W, slab + first, T(0));
              if (last > first) std::memcpy(slab + first, vol + first + off, sizeof(T) * (last - first));
              std::fill(slab + last, slab + oh_hi * W, T(0));
              for (int64_t oh = oh_lo; oh < oh_hi; ++oh) {
                T* dst = slab + oh * W;
                for (int64_t ow = 0; ow < lo; ++ow) dst[ow] = T(0);
                for (int64_t ow = hi; ow < W; ++ow) dst[ow] = T(0);
              }
              continue;
            }
            for (int64_t oh = 0; oh < O1; ++oh) {
              int64_t h = oh * g.s[1] - g.p[1] + i * g.d[1];
              T* dst = row + (od * O1 + oh) * O2;
              if (h < 0 || h >= g.in[1]) {
                std::memset(dst, 0, sizeof(T) * O2);
                continue;
              }
              const T* src = vol + h * g.in[2];
              if (g.s[2] == 1) {
                // An inline loop, not memcpy: rows of small images are a few elements long and
                // a library call per row would cost more than the copy.
                const T* s0 = src + w0;
                for (int64_t ow = 0; ow < lo; ++ow) dst[ow] = T(0);
                for (int64_t ow = lo; ow < hi; ++ow) dst[ow] = s0[ow];
                for (int64_t ow = hi; ow < O2; ++ow) dst[ow] = T(0);
              } else {
                const int64_t sw = g.s[2];
                for (int64_t ow = 0; ow < lo; ++ow) dst[ow] = T(0);
                const T* s0 = src + w0;
                for (int64_t ow = lo; ow < hi; ++ow) dst[ow] = s0[ow * sw];
                for (int64_t ow = hi; ow < O2; ++ow) dst[ow] = T(0);
              }
            }
          }
        }
  }
}

template <typename T>
void col2im(const T* col, int64_t col_ld, const ConvGeom& g, T* img, int64_t img_cs) {
  const int64_t O1 = g.out[1], O2 = g.out[2];
  for (int64_t c = 0; c < g.C; ++c) {
    T* plane = img + c * img_cs;
    for (int64_t a = 0; a < g.k[0]; ++a)
      for (int64_t i = 0; i < g.k[1]; ++i)
        for (int64_t j = 0; j < g.k[2]; ++j) {
          const T* row = col + (((c * g.k[0] + a) * g.k[1] + i) * g.k[2] + j) * col_ld;
          int64_t w0 = j * g.d[2] - g.p[2];
          int64_t lo = 0, hi = 0;
          valid_run(w0, g.s[2], g.in[2], O2, lo, hi);
          for (int64_t od = 0; od < g.out[0]; ++od) {
            int64_t dd = od * g.s[0] - g.p[0] + a * g.d[0];
            if (dd < 0 || dd >= g.in[0]) continue;
            T* vol = plane + dd * g.in[1] * g.in[2];
            for (int64_t oh = 0; oh < O1; ++oh) {
              int64_t h = oh * g.s[1] - g.p[1] + i * g.d[1];
              if (h < 0 || h >= g.in[1]) continue;
              const T* src = row + (od * O1 + oh) * O2;
              T* dst = vol + h * g.in[2];
              if (g.s[2] == 1) {
                T* d2 = dst + w0;
                for (int64_t ow = lo; ow < hi; ++ow) d2[ow] += src[ow];
              } else {
                const int64_t sw = g.s[2];
                T* d0 = dst + w0;
                for (int64_t ow = lo; ow < hi; ++ow) d0[ow * sw] += src[ow];
              }
            }
          }
        }
  }
}

namespace {
// Walks the output positions of one outer slice of a padded tensor in order, calling
// f(out_offset, in_offset or -1) for every run of the last dim element.
template <typename F>
void pad_walk(const std::vector<int64_t>& in_sizes, const std::vector<int64_t>& out_sizes,
              const std::vector<std::vector<int64_t>>& maps, F f) {
  const size_t nd = out_sizes.size();
  std::vector<int64_t> in_strides(nd, 1);
  for (size_t d = nd - 1; d-- > 0;) in_strides[d] = in_strides[d + 1] * in_sizes[d + 1];
  int64_t total = 1;
  for (int64_t s : out_sizes) total *= s;
  if (total == 0) return;
  const int64_t last = out_sizes[nd - 1];
  std::vector<int64_t> pos(nd, 0);
  for (int64_t o = 0; o < total; o += last) {
    // Input offset of the outer dims (all but the last), -1 if any reads the constant.
    int64_t base = 0;
    for (size_t d = 0; d + 1 < nd; ++d) {
      int64_t s = maps[d][pos[d]];
      if (s < 0) {
        base = -1;
        break;
      }
      base += s * in_strides[d];
    }
    const std::vector<int64_t>& m = maps[nd - 1];
    for (int64_t l = 0; l < last; ++l) f(o + l, base < 0 || m[l] < 0 ? -1 : base + m[l]);
    for (size_t d = nd - 1; d-- > 0;) {
      if (++pos[d] < out_sizes[d]) break;
      pos[d] = 0;
    }
  }
}
}  // namespace

template <typename T>
void pad_gather(const T* in, T* out, int64_t outer, const std::vector<int64_t>& in_sizes,
                const std::vector<int64_t>& out_sizes, const std::vector<std::vector<int64_t>>& maps, T value) {
  int64_t in_n = 1, out_n = 1;
  for (int64_t s : in_sizes) in_n *= s;
  for (int64_t s : out_sizes) out_n *= s;
  parallel_for(0, outer, std::max<int64_t>(1, 32768 / std::max<int64_t>(1, out_n)), [&](int64_t b, int64_t e) {
    for (int64_t q = b; q < e; ++q) {
      const T* src = in + q * in_n;
      T* dst = out + q * out_n;
      pad_walk(in_sizes, out_sizes, maps, [&](int64_t o, int64_t i) { dst[o] = i < 0 ? value : src[i]; });
    }
  });
}

template <typename T>
void pad_scatter(const T* gout, T* gin, int64_t outer, const std::vector<int64_t>& in_sizes,
                 const std::vector<int64_t>& out_sizes, const std::vector<std::vector<int64_t>>& maps) {
  int64_t in_n = 1, out_n = 1;
  for (int64_t s : in_sizes) in_n *= s;
  for (int64_t s : out_sizes) out_n *= s;
  parallel_for(0, outer, std::max<int64_t>(1, 32768 / std::max<int64_t>(1, out_n)), [&](int64_t b, int64_t e) {
    for (int64_t q = b; q < e; ++q) {
      const T* src = gout + q * out_n;
      T* dst = gin + q * in_n;
      pad_walk(in_sizes, out_sizes, maps, [&](int64_t o, int64_t i) {
        if (i >= 0) dst[i] += src[o];
      });
    }
  });
}

template <typename T>
void resample_dim(const T* in, T* out, int64_t outer, int64_t n_in, int64_t n_out, int64_t inner, int64_t taps,
                  const std::vector<int64_t>& idx, const std::vector<T>& w) {
  int64_t rows = outer * n_out;
  parallel_for(0, rows, std::max<int64_t>(1, 16384 / std::max<int64_t>(1, inner * taps)), [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) {
      int64_t o = r / n_out, j = r % n_out;
      T* dst = out + r * inner;
      const T* base = in + o * n_in * inner;
      const int64_t* ix = idx.data() + j * taps;
      const T* wt = w.data() + j * taps;
      if (taps == 1) {
        const T* s0 = base + ix[0] * inner;
        T w0 = wt[0];
        for (int64_t i = 0; i < inner; ++i) dst[i] = w0 * s0[i];
      } else if (taps == 2) {
        const T *s0 = base + ix[0] * inner, *s1 = base + ix[1] * inner;
        T w0 = wt[0], w1 = wt[1];
        for (int64_t i = 0; i < inner; ++i) dst[i] = w0 * s0[i] + w1 * s1[i];
      } else {
        for (int64_t i = 0; i < inner; ++i) dst[i] = T(0);
        for (int64_t t = 0; t < taps; ++t) {
          const T* s = base + ix[t] * inner;
          T wv = wt[t];
          for (int64_t i = 0; i < inner; ++i) dst[i] += wv * s[i];
        }
      }
    }
  });
}

template <typename T>
void resample_dim_backward(const T* gout, T* gin, int64_t outer, int64_t n_in, int64_t n_out, int64_t inner,
                           int64_t taps, const std::vector<int64_t>& idx, const std::vector<T>& w) {
  // Parallel over (outer, inner block): each output slice is accumulated in j order.
  const int64_t block = 256;
  int64_t nblk = (inner + block - 1) / block;
  int64_t tasks = outer * nblk;
  parallel_for(0, tasks, std::max<int64_t>(1, 16384 / std::max<int64_t>(1, n_out * std::min(block, inner) * taps)),
               [&](int64_t b, int64_t e) {
                 for (int64_t q = b; q < e; ++q) {
                   int64_t o = q / nblk, i0 = (q % nblk) * block, i1 = std::min(inner, i0 + block);
                   T* base = gin + o * n_in * inner;
                   for (int64_t j = 0; j < n_out; ++j) {
                     const T* g = gout + (o * n_out + j) * inner;
                     for (int64_t t = 0; t < taps; ++t) {
                       T* d = base + idx[j * taps + t] * inner;
                       T wv = w[j * taps + t];
                       for (int64_t i = i0; i < i1; ++i) d[i] += wv * g[i];
                     }
                   }
                 }
               });
}

#define PYT_INSTANTIATE(T)                                                                                           \
  template void im2col<T>(const T*, int64_t, const ConvGeom&, T*, int64_t);                                          \
  template void col2im<T>(const T*, int64_t, const ConvGeom&, T*, int64_t);                                          \
  template void pad_scatter<T>(const T*, T*, int64_t, const std::vector<int64_t>&, const std::vector<int64_t>&,      \
                               const std::vector<std::vector<int64_t>>&);                                            \
  template void resample_dim<T>(const T*, T*, int64_t, int64_t, int64_t, int64_t, int64_t,                           \
                                const std::vector<int64_t>&, const std::vector<T>&);                                 \
  template void resample_dim_backward<T>(const T*, T*, int64_t, int64_t, int64_t, int64_t, int64_t,                  \
                                         const std::vector<int64_t>&, const std::vector<T>&);
PYT_INSTANTIATE(float)
PYT_INSTANTIATE(double)
#undef PYT_INSTANTIATE

#define PYT_INSTANTIATE_PAD(T)                                                                                    \
  template void pad_gather<T>(const T*, T*, int64_t, const std::vector<int64_t>&, const std::vector<int64_t>&,    \
                              const std::vector<std::vector<int64_t>>&, T);
PYT_INSTANTIATE_PAD(float)
PYT_INSTANTIATE_PAD(double)
PYT_INSTANTIATE_PAD(uint8_t)
PYT_INSTANTIATE_PAD(int8_t)
PYT_INSTANTIATE_PAD(int16_t)
PYT_INSTANTIATE_PAD(int32_t)
PYT_INSTANTIATE_PAD(int64_t)
PYT_INSTANTIATE_PAD(bool)
#undef PYT_INSTANTIATE_PAD

}  // namespace pyt::cpu
