#include "pyt/ops/cpu/pool_kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

namespace pyt::cpu {

namespace {
template <typename T>
inline bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>)
    return std::isnan(v);
  else
    return false;
}

// [lo, hi) of the taps i in [0, k) whose position start + i*dil lies in [0, n): computed once
// per window instead of a bounds check per tap.
inline void tap_range(int64_t start, int64_t k, int64_t dil, int64_t n, int64_t& lo, int64_t& hi) {
  lo = start >= 0 ? 0 : (-start + dil - 1) / dil;
  hi = start >= n ? 0 : std::min<int64_t>(k, (n - 1 - start) / dil + 1);
  if (hi < lo) hi = lo;
}

// torch's average pool window along one dim: [start, end) clipped to the padded input sets
// the divisor when count_include_pad; clipped to the input, it is what is summed.
struct AvgRange {
  int64_t lo, hi, padded;
};
inline AvgRange avg_range(int64_t o, int64_t n, int64_t k, int64_t s, int64_t p) {
  int64_t a = o * s - p;
  int64_t b = std::min(a + k, n + p);
  return {std::max<int64_t>(a, 0), std::min(b, n), b - a};
}

inline int64_t start_index(int64_t o, int64_t out, int64_t in) { return (o * in) / out; }
inline int64_t end_index(int64_t o, int64_t out, int64_t in) { return ((o + 1) * in + out - 1) / out; }
// max_pool_volume for a 2-d pool (D == 1) with a KH x KW window, no padding or dilation, whose
// every window lies inside the plane: no bounds checks and no data-dependent branches. The
// result is the general loop's: the first maximum (an element comparing equal to the maximum,
// so of -0.0 and 0.0 the first), and in a window holding a NaN its last NaN.
template <typename T, int KH, int KW>
void max_pool2d_plane_inside(const T* in, int64_t W, T* out, int64_t* idx, int64_t Hout, int64_t Wout, int64_t sh,
                             int64_t sw) {
  for (int64_t oh = 0; oh < Hout; ++oh) {
    const T* row = in + oh * sh * W;
    for (int64_t ow = 0; ow < Wout; ++ow) {
      const T* win = row + ow * sw;
      // The maximum first (max instructions, no branches), then the first position holding
      // it, picked with conditional moves from the last position back.
      T m = win[0];
      int nan = is_nan(m);
      for (int i = 0; i < KH; ++i)
        for (int j = 0; j < KW; ++j) {
          T v = win[i * W + j];
          nan |= is_nan(v);
          m = v > m ? v : m;
        }
      int64_t bi = 0;
      for (int i = KH - 1; i >= 0; --i)
        for (int j = KW - 1; j >= 0; --j) {
          const int64_t eq = -static_cast<int64_t>(win[i * W + j] == m);  // all ones where equal
          bi = (bi & ~eq) | ((i * W + j) & eq);
        }
      if (nan) {
        for (int i = 0; i < KH * KW; ++i)
          if (is_nan(win[(i / KW) * W + i % KW])) bi = (i / KW) * W + i % KW;
      }
      out[oh * Wout + ow] = win[bi];
      idx[oh * Wout + ow] = (win - in) + bi;
    }
  }
}
}  // namespace

template <typename T>
void max_pool_volume(const T* in, T* out, int64_t* idx, const PoolGeom& g) {
  const int64_t D = g.in[0], H = g.in[1], W = g.in[2];
  if (D == 1 && g.out[0] == 1 && g.k[0] == 1 && g.p[0] == 0 && g.p[1] == 0 && g.p[2] == 0 && g.d[1] == 1 &&
      g.d[2] == 1 && (g.out[1] - 1) * g.s[1] + g.k[1] <= H && (g.out[2] - 1) * g.s[2] + g.k[2] <= W) {
    if (g.k[1] == 2 && g.k[2] == 2)
      return max_pool2d_plane_inside<T, 2, 2>(in, W, out, idx, g.out[1], g.out[2], g.s[1], g.s[2]);
    if (g.k[1] == 3 && g.k[2] == 3)
      return max_pool2d_plane_inside<T, 3, 3>(in, W, out, idx, g.out[1], g.out[2], g.s[1], g.s[2]);
  }
  int64_t o = 0;
  for (int64_t od = 0; od < g.out[0]; ++od) {
    int64_t z0 = od * g.s[0] - g.p[0], alo, ahi;
    tap_range(z0, g.k[0], g.d[0], D, alo, ahi);
    for (int64_t oh = 0; oh < g.out[1]; ++oh) {
      int64_t h0 = oh * g.s[1] - g.p[1], blo, bhi;
      tap_range(h0, g.k[1], g.d[1], H, blo, bhi);
      for (int64_t ow = 0; ow < g.out[2]; ++ow, ++o) {
        int64_t w0 = ow * g.s[2] - g.p[2], clo, chi;
        tap_range(w0, g.k[2], g.d[2], W, clo, chi);
        T best = std::numeric_limits<T>::lowest();
        int64_t bi = -1;
        for (int64_t a = alo; a < ahi; ++a) {
          const int64_t z = z0 + a * g.d[0];
          for (int64_t b = blo; b < bhi; ++b) {
            const int64_t row = (z * H + h0 + b * g.d[1]) * W;
            for (int64_t c = clo; c < chi; ++c) {
              const int64_t j = row + w0 + c * g.d[2];
              const T v = in[j];
              if (bi < 0 || v > best || is_nan(v)) {
                best = v;
                bi = j;
              }
            }
          }
        }
        out[o] = best;
        idx[o] = bi < 0 ? 0 : bi;
      }
    }
  }
}

namespace {
// Calls f(o, rz, rh, rw) for each output o (row-major over g.out) of an average pooling of the
// volume g.in, with its window's ranges along D, H and W (avg_range). Inlined, so each caller
// compiles to its own loop nest (the callers capture by value: no aliasing with the outputs).
template <typename F>
inline void for_each_avg_window(const PoolGeom& g, F&& f) {
  int64_t o = 0;
  for (int64_t od = 0; od < g.out[0]; ++od) {
    const AvgRange rz = avg_range(od, g.in[0], g.k[0], g.s[0], g.p[0]);
    for (int64_t oh = 0; oh < g.out[1]; ++oh) {
      const AvgRange rh = avg_range(oh, g.in[1], g.k[1], g.s[1], g.p[1]);
      for (int64_t ow = 0; ow < g.out[2]; ++ow, ++o) f(o, rz, rh, avg_range(ow, g.in[2], g.k[2], g.s[2], g.p[2]));
    }
  }
}

// The divisor of a window: divisor_override, else its padded or its in-bounds size.
inline int64_t avg_divisor(const PoolGeom& g, const AvgRange& rz, const AvgRange& rh, const AvgRange& rw) {
  return g.divisor_override   ? g.divisor_override
         : g.count_include_pad ? rz.padded * rh.padded * rw.padded
                               : (rz.hi - rz.lo) * (rh.hi - rh.lo) * (rw.hi - rw.lo);
}
}  // namespace

template <typename T>
void avg_pool_volume(const T* in, T* out, const PoolGeom& g) {
  const int64_t H = g.in[1], W = g.in[2];
  for_each_avg_window(g, [=](int64_t o, const AvgRange& rz, const AvgRange& rh, const AvgRange& rw) {
    if (rz.hi <= rz.lo || rh.hi <= rh.lo || rw.hi <= rw.lo) {
      out[o] = T(0);
      return;
    }
    T sum = 0;
    for (int64_t z = rz.lo; z < rz.hi; ++z)
      for (int64_t h = rh.lo; h < rh.hi; ++h) {
        const T* row = in + (z * H + h) * W;
        for (int64_t w = rw.lo; w < rw.hi; ++w) sum += row[w];
      }
    out[o] = sum / static_cast<T>(avg_divisor(g, rz, rh, rw));
  });
}

template <typename T>
void avg_pool_volume_backward(const T* gout, T* gin, const PoolGeom& g) {
  const int64_t H = g.in[1], W = g.in[2];
  for_each_avg_window(g, [=](int64_t o, const AvgRange& rz, const AvgRange& rh, const AvgRange& rw) {
    const int64_t div = avg_divisor(g, rz, rh, rw);
    if (div == 0) return;  // an empty window (only with count_include_pad=False)
    const T v = gout[o] / static_cast<T>(div);
    for (int64_t z = rz.lo; z < rz.hi; ++z)
      for (int64_t h = rh.lo; h < rh.hi; ++h) {
        T* row = gin + (z * H + h) * W;
        for (int64_t w = rw.lo; w < rw.hi; ++w) row[w] += v;
      }
  });
}

namespace {
// Calls f(o, z0, z1, h0, h1, w0, w1) for each output o (row-major over g.out) of an adaptive
// pooling of the volume g.in, with its window [z0, z1) x [h0, h1) x [w0, w1) (torch's
// start_index / end_index), as for_each_avg_window.
template <typename F>
inline void for_each_adaptive_window(const PoolGeom& g, F&& f) {
  const int64_t D = g.in[0], H = g.in[1], W = g.in[2];
  int64_t o = 0;
  for (int64_t od = 0; od < g.out[0]; ++od) {
    const int64_t z0 = start_index(od, g.out[0], D), z1 = end_index(od, g.out[0], D);
    for (int64_t oh = 0; oh < g.out[1]; ++oh) {
      const int64_t h0 = start_index(oh, g.out[1], H), h1 = end_index(oh, g.out[1], H);
      for (int64_t ow = 0; ow < g.out[2]; ++ow, ++o)
        f(o, z0, z1, h0, h1, start_index(ow, g.out[2], W), end_index(ow, g.out[2], W));
    }
  }
}
}  // namespace

template <typename T>
void adaptive_avg_pool_volume(const T* in, T* out, const PoolGeom& g) {
  const int64_t H = g.in[1], W = g.in[2];
  for_each_adaptive_window(g, [=](int64_t o, int64_t z0, int64_t z1, int64_t h0, int64_t h1, int64_t w0, int64_t w1) {
    T sum = 0;
    for (int64_t z = z0; z < z1; ++z)
      for (int64_t h = h0; h < h1; ++h) {
        const T* row = in + (z * H + h) * W;
        for (int64_t w = w0; w < w1; ++w) sum += row[w];
      }
    out[o] = sum / static_cast<T>((z1 - z0) * (h1 - h0) * (w1 - w0));
  });
}

template <typename T>
void adaptive_avg_pool_volume_backward(const T* gout, T* gin, const PoolGeom& g) {
  const int64_t H = g.in[1], W = g.in[2];
  for_each_adaptive_window(g, [=](int64_t o, int64_t z0, int64_t z1, int64_t h0, int64_t h1, int64_t w0, int64_t w1) {
    const T v = gout[o] / static_cast<T>((z1 - z0) * (h1 - h0) * (w1 - w0));
    for (int64_t z = z0; z < z1; ++z)
      for (int64_t h = h0; h < h1; ++h) {
        T* row = gin + (z * H + h) * W;
        for (int64_t w = w0; w < w1; ++w) row[w] += v;
      }
  });
}

template <typename T>
void adaptive_max_pool_volume(const T* in, T* out, int64_t* idx, const PoolGeom& g) {
  const int64_t H = g.in[1], W = g.in[2];
  for_each_adaptive_window(g, [=](int64_t o, int64_t z0, int64_t z1, int64_t h0, int64_t h1, int64_t w0, int64_t w1) {
    T best = std::numeric_limits<T>::lowest();
    int64_t bi = -1;
    for (int64_t z = z0; z < z1; ++z)
      for (int64_t h = h0; h < h1; ++h)
        for (int64_t w = w0; w < w1; ++w) {
          const int64_t j = (z * H + h) * W + w;
          const T v = in[j];
          if (bi < 0 || v > best || is_nan(v)) {
            best = v;
            bi = j;
          }
        }
    out[o] = best;
    idx[o] = bi < 0 ? 0 : bi;
  });
}

namespace {
template <typename T>
std::vector<int64_t> fractional_starts(T u, int64_t n, int64_t out, int64_t k) {
  std::vector<int64_t> seq(static_cast<size_t>(out));
  if (out > 1) {
    const T alpha = static_cast<T>(n - k) / static_cast<T>(out - 1);
    for (int64_t i = 0; i < out - 1; ++i)
      seq[i] = static_cast<int64_t>(static_cast<int>((static_cast<T>(i) + u) * alpha) - static_cast<int>(u * alpha));
  }
  if (out > 0) seq[out - 1] = n - k;
  for (int64_t& v : seq) v = std::clamp<int64_t>(v, 0, n - k);  // samples outside [0, 1) stay in bounds
  return seq;
}
}  // namespace

template <typename T>
void fractional_max_pool2d_plane(const T* in, int64_t H, int64_t W, T* out, int64_t* idx, int64_t Ho, int64_t Wo,
                                 int64_t kh, int64_t kw, const T* samples) {
  const std::vector<int64_t> sw = fractional_starts(samples[0], W, Wo, kw);
  const std::vector<int64_t> sh = fractional_starts(samples[1], H, Ho, kh);
  for (int64_t oh = 0; oh < Ho; ++oh)
    for (int64_t ow = 0; ow < Wo; ++ow) {
      const int64_t h0 = sh[oh], w0 = sw[ow];
      T best = -std::numeric_limits<T>::infinity();
      int64_t bi = h0 * W + w0;
      for (int64_t h = h0; h < h0 + kh; ++h)
        for (int64_t w = w0; w < w0 + kw; ++w) {
          const T v = in[h * W + w];
          if (v > best || std::isnan(v)) {
            best = v;
            bi = h * W + w;
          }
        }
      out[oh * Wo + ow] = best;
      idx[oh * Wo + ow] = bi;
    }
}
template void fractional_max_pool2d_plane<float>(const float*, int64_t, int64_t, float*, int64_t*, int64_t, int64_t,
                                                 int64_t, int64_t, const float*);
template void fractional_max_pool2d_plane<double>(const double*, int64_t, int64_t, double*, int64_t*, int64_t,
                                                  int64_t, int64_t, int64_t, const double*);

#define PYT_INSTANTIATE_MAX(T)                                                        \
  template void max_pool_volume<T>(const T*, T*, int64_t*, const PoolGeom&); \
  template void adaptive_max_pool_volume<T>(const T*, T*, int64_t*, const PoolGeom&);
#define PYT_INSTANTIATE_AVG(T)                                                       \
  template void avg_pool_volume<T>(const T*, T*, const PoolGeom&);                   \
  template void avg_pool_volume_backward<T>(const T*, T*, const PoolGeom&);          \
  template void adaptive_avg_pool_volume<T>(const T*, T*, const PoolGeom&);          \
  template void adaptive_avg_pool_volume_backward<T>(const T*, T*, const PoolGeom&);
PYT_INSTANTIATE_MAX(float)
PYT_INSTANTIATE_MAX(double)
PYT_INSTANTIATE_MAX(uint8_t)
PYT_INSTANTIATE_MAX(int8_t)
PYT_INSTANTIATE_MAX(int16_t)
PYT_INSTANTIATE_MAX(int32_t)
PYT_INSTANTIATE_MAX(int64_t)
PYT_INSTANTIATE_AVG(float)
PYT_INSTANTIATE_AVG(double)
#undef PYT_INSTANTIATE_MAX
#undef PYT_INSTANTIATE_AVG

}  // namespace pyt::cpu
