// grid_sample kernels. Coordinates follow torch's aten/src/ATen/native/GridSampler.h
// (unnormalize, clip, reflect, safe downgrade to the int range) and its CPU kernel's weights
// (w1 = x - floor(x), w0 = 1 - w1; bicubic: cubic convolution with A = -0.75).
//
// Every output point is reduced to a list of "taps": input offsets (or -1 outside the input)
// with their weights and the weights' derivatives w.r.t. the unnormalized source coordinate
// of each axis. Forward, input gradient and grid gradient are sums over the same taps.
//
// Note [Deterministic grid_sample backward]: the input gradient is a scatter (several output
// points add into one input element). Work is partitioned so that each element of
// grad_input is written by exactly one task, in a fixed order: tasks are (image n, block of
// kCBlock channels), and each walks all output points of image n in row-major order. The grid
// gradient (a sum over channels per output point) is partitioned by output row. Neither
// partition depends on the thread count, so results are bitwise identical for any number of
// threads.
#include "pyt/ops/cpu/sampling_kernels.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <vector>

#include "pyt/parallel.h"

namespace pyt::cpu {
namespace {

constexpr int64_t kCBlock = 4;  // channels per input-gradient task
constexpr int kMaxTaps = 16;    // bicubic: 4 x 4

template <typename T>
T unnormalize(T coord, int64_t size, bool align, T* grad) {
  if (align) {
    *grad = static_cast<T>(size - 1) / 2;
    return ((coord + 1) / 2) * static_cast<T>(size - 1);
  }
  *grad = static_cast<T>(size) / 2;
  return ((coord + 1) * static_cast<T>(size) - 1) / 2;
}

template <typename T>
T clip(T in, int64_t limit, T* grad) {
  if (in <= T(0)) {
    *grad = 0;
    return 0;
  }
  const T mx = static_cast<T>(limit - 1);
  if (in >= mx) {
    *grad = 0;
    return mx;
  }
  *grad = 1;
  return in;
}

// Reflects in into [twice_low / 2, twice_high / 2].
template <typename T>
T reflect(T in, int64_t twice_low, int64_t twice_high, T* grad) {
  if (twice_low == twice_high) {
    *grad = 0;
    return 0;
  }
  const T mn = static_cast<T>(twice_low) / 2;
  const T span = static_cast<T>(twice_high - twice_low) / 2;
  in = in - mn;
  T sign = 1;
  if (in < 0) {
    sign = -1;
    in = -in;
  }
  const T extra = std::fmod(in, span);
  const T flips = std::floor(in / span);
  if (std::fmod(flips, T(2)) == 0) {
    *grad = sign;
    return extra + mn;
  }
  *grad = -sign;
  return span - extra + mn;
}

// Non-finite coordinates and ones beyond the int range become -100 (outside any input), so
// the later casts to int64 are defined.
template <typename T>
T safe_downgrade(T x) {
  if (!(x <= static_cast<T>(INT_MAX - 1) && x >= static_cast<T>(INT_MIN))) return T(-100);
  return x;
}

// The padding mode applied to an unnormalized coordinate; *grad its derivative.
template <typename T>
T pad_coord(T c, int64_t size, GridPadding padding, bool align, T* grad) {
  T g_clip = 1, g_refl = 1;
  if (padding == GridPadding::Border) {
    c = clip(c, size, &g_clip);
  } else if (padding == GridPadding::Reflection) {
    c = align ? reflect(c, 0, 2 * (size - 1), &g_refl) : reflect(c, -1, 2 * size - 1, &g_refl);
    c = clip(c, size, &g_clip);
  }
  *grad = g_refl * g_clip;
  return safe_downgrade(c);
}

constexpr double kCubicA = -0.75;

template <typename T>
T cc1(T x) {  // |x| <= 1
  const T A = static_cast<T>(kCubicA);
  return ((A + 2) * x - (A + 3)) * x * x + 1;
}
template <typename T>
T cc2(T x) {  // 1 < |x| < 2
  const T A = static_cast<T>(kCubicA);
  return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
}
template <typename T>
T dcc1(T x) {
  const T A = static_cast<T>(kCubicA);
  return (3 * (A + 2) * x - 2 * (A + 3)) * x;
}
template <typename T>
T dcc2(T x) {
  const T A = static_cast<T>(kCubicA);
  return (3 * A * x - 10 * A) * x + 8 * A;
}

// The taps of one axis: input indices (-1 outside [0, size)), weights, their derivatives
// w.r.t. the source coordinate, and d(source coordinate) / d(grid coordinate).
template <typename T>
struct AxisTaps {
  int m = 1;
  int64_t idx[4] = {0, 0, 0, 0};
  T w[4] = {1, 0, 0, 0};
  T dw[4] = {0, 0, 0, 0};
  T mult = 0;
};

inline int64_t in_range(int64_t i, int64_t size) { return (i >= 0 && i < size) ? i : -1; }

template <typename T>
void axis_taps(T coord, int64_t size, const GridSampleGeom& g, AxisTaps<T>& a) {
  T g_un, g_pad;
  if (g.mode == GridMode::Bicubic) {
    // Taps around the unpadded source coordinate; each tap is padded on its own (torch).
    const T s = unnormalize(coord, size, g.align_corners, &g_un);
    a.mult = g_un;
    const T f = std::floor(s);
    const T t = s - f;
    a.m = 4;
    a.w[0] = cc2(t + 1);
    a.w[1] = cc1(t);
    a.w[2] = cc1(1 - t);
    a.w[3] = cc2(2 - t);
    a.dw[0] = dcc2(t + 1);
    a.dw[1] = dcc1(t);
    a.dw[2] = -dcc1(1 - t);
    a.dw[3] = -dcc2(2 - t);
    for (int k = 0; k < 4; ++k) {
      const T c = pad_coord(f - 1 + static_cast<T>(k), size, g.padding, g.align_corners, &g_pad);
      a.idx[k] = in_range(static_cast<int64_t>(c), size);
    }
    return;
  }
  T s = unnormalize(coord, size, g.align_corners, &g_un);
  s = pad_coord(s, size, g.padding, g.align_corners, &g_pad);
  if (g.mode == GridMode::Nearest) {
    a.m = 1;
    a.idx[0] = in_range(static_cast<int64_t>(std::nearbyint(s)), size);
    a.w[0] = 1;
    a.dw[0] = 0;
    a.mult = 0;
    return;
  }
  const T f = std::floor(s);
  const int64_t i0 = static_cast<int64_t>(f);
  const T w1 = s - f;
  a.m = 2;
  a.idx[0] = in_range(i0, size);
  a.idx[1] = in_range(i0 + 1, size);
  a.w[0] = T(1) - w1;
  a.w[1] = w1;
  a.dw[0] = -1;
  a.dw[1] = 1;
  a.mult = g_un * g_pad;
}

// All taps of one output point: offsets into one (in_d, in_h, in_w) plane (-1 outside),
// weights, d weight / d source coordinate per axis (x, y, z), and the axes' multipliers.
template <typename T>
struct Taps {
  int n = 0;
  int64_t off[kMaxTaps];
  T w[kMaxTaps];
  T dw[3][kMaxTaps];
  T mult[3] = {0, 0, 0};
};

template <typename T>
void point_taps(const GridSampleGeom& g, const T* pt, Taps<T>& out) {
  AxisTaps<T> ax, ay, az;
  axis_taps(pt[0], g.in_w, g, ax);
  axis_taps(pt[1], g.in_h, g, ay);
  if (g.nd == 3) axis_taps(pt[2], g.in_d, g, az);
  out.mult[0] = ax.mult;
  out.mult[1] = ay.mult;
  out.mult[2] = az.mult;
  int k = 0;
  for (int iz = 0; iz < az.m; ++iz)
    for (int iy = 0; iy < ay.m; ++iy)
      for (int ix = 0; ix < ax.m; ++ix, ++k) {
        const int64_t z = az.idx[iz], y = ay.idx[iy], x = ax.idx[ix];
        out.off[k] = (z < 0 || y < 0 || x < 0) ? -1 : (z * g.in_h + y) * g.in_w + x;
        const T wzy = az.w[iz] * ay.w[iy];
        out.w[k] = wzy * ax.w[ix];
        out.dw[0][k] = wzy * ax.dw[ix];
        out.dw[1][k] = (az.w[iz] * ay.dw[iy]) * ax.w[ix];
        out.dw[2][k] = (az.dw[iz] * ay.w[iy]) * ax.w[ix];
      }
  out.n = k;
}

inline int64_t grain_rows(const GridSampleGeom& g, int taps) {
  const int64_t per_row = std::max<int64_t>(1, g.out_w * std::max<int64_t>(g.C, 1) * taps);
  return std::max<int64_t>(1, kGrainSize / per_row);
}

inline int taps_per_point(const GridSampleGeom& g) {
  const int per_axis = g.mode == GridMode::Bicubic ? 4 : g.mode == GridMode::Nearest ? 1 : 2;
  return g.nd == 3 ? per_axis * per_axis * per_axis : per_axis * per_axis;
}

}  // namespace

template <typename T>
void grid_sample_forward(const GridSampleGeom& g, const T* input, const T* grid, T* out) {
  const int64_t rows = g.N * g.out_d * g.out_h;
  const int64_t in_plane = g.in_d * g.in_h * g.in_w;
  const int64_t out_plane = g.out_d * g.out_h * g.out_w;
  parallel_for(0, rows, grain_rows(g, taps_per_point(g)), [&](int64_t r0, int64_t r1) {
    std::vector<Taps<T>> taps(static_cast<size_t>(g.out_w));
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t n = r / (g.out_d * g.out_h);
      const int64_t row_in_image = r % (g.out_d * g.out_h);
      const T* grow = grid + r * g.out_w * g.nd;
      for (int64_t ow = 0; ow < g.out_w; ++ow) point_taps(g, grow + ow * g.nd, taps[ow]);
      for (int64_t c = 0; c < g.C; ++c) {
        const T* src = input + (n * g.C + c) * in_plane;
        T* dst = out + (n * g.C + c) * out_plane + row_in_image * g.out_w;
        for (int64_t ow = 0; ow < g.out_w; ++ow) {
          const Taps<T>& t = taps[ow];
          T acc = 0;
          for (int k = 0; k < t.n; ++k) acc += (t.off[k] >= 0 ? src[t.off[k]] : T(0)) * t.w[k];
          dst[ow] = acc;
        }
      }
    }
  });
}

template <typename T>
void grid_sample_backward(const GridSampleGeom& g, const T* grad_out, const T* input, const T* grid,
                          T* grad_input, T* grad_grid) {
  const int64_t in_plane = g.in_d * g.in_h * g.in_w;
  const int64_t out_plane = g.out_d * g.out_h * g.out_w;
  if (grad_input) {
    // Note [Deterministic grid_sample backward]
    const int64_t cblocks = (g.C + kCBlock - 1) / kCBlock;
    const int64_t per_task = std::max<int64_t>(1, out_plane * kCBlock * taps_per_point(g));
    parallel_for(0, g.N * cblocks, std::max<int64_t>(1, kGrainSize / per_task), [&](int64_t t0, int64_t t1) {
      Taps<T> t;
      for (int64_t task = t0; task < t1; ++task) {
        const int64_t n = task / cblocks;
        const int64_t c0 = (task % cblocks) * kCBlock;
        const int64_t c1 = std::min(g.C, c0 + kCBlock);
        std::fill(grad_input + (n * g.C + c0) * in_plane, grad_input + (n * g.C + c1) * in_plane, T(0));
        const T* gimg = grid + n * out_plane * g.nd;
        for (int64_t p = 0; p < out_plane; ++p) {
          point_taps(g, gimg + p * g.nd, t);
          for (int64_t c = c0; c < c1; ++c) {
            const T go = grad_out[(n * g.C + c) * out_plane + p];
            T* dst = grad_input + (n * g.C + c) * in_plane;
            for (int k = 0; k < t.n; ++k)
              if (t.off[k] >= 0) dst[t.off[k]] += t.w[k] * go;
          }
        }
      }
    });
  }
  if (grad_grid) {
    const int64_t rows = g.N * g.out_d * g.out_h;
    const int nd = g.nd;
    parallel_for(0, rows, grain_rows(g, taps_per_point(g)), [&](int64_t r0, int64_t r1) {
      std::vector<Taps<T>> taps(static_cast<size_t>(g.out_w));
      std::vector<T> acc(static_cast<size_t>(g.out_w * nd));
      for (int64_t r = r0; r < r1; ++r) {
        const int64_t n = r / (g.out_d * g.out_h);
        const int64_t row_in_image = r % (g.out_d * g.out_h);
        const T* grow = grid + r * g.out_w * nd;
        T* ggrow = grad_grid + r * g.out_w * nd;
        if (g.mode == GridMode::Nearest) {  // piecewise constant: zero gradient
          std::fill(ggrow, ggrow + g.out_w * nd, T(0));
          continue;
        }
        for (int64_t ow = 0; ow < g.out_w; ++ow) point_taps(g, grow + ow * nd, taps[ow]);
        std::fill(acc.begin(), acc.end(), T(0));
        for (int64_t c = 0; c < g.C; ++c) {
          const T* src = input + (n * g.C + c) * in_plane;
          const T* go = grad_out + (n * g.C + c) * out_plane + row_in_image * g.out_w;
          for (int64_t ow = 0; ow < g.out_w; ++ow) {
            const Taps<T>& t = taps[ow];
            for (int a = 0; a < nd; ++a) {
              T s = 0;
              for (int k = 0; k < t.n; ++k) s += (t.off[k] >= 0 ? src[t.off[k]] : T(0)) * t.dw[a][k];
              acc[ow * nd + a] += s * go[ow];
            }
          }
        }
        for (int64_t ow = 0; ow < g.out_w; ++ow)
          for (int a = 0; a < nd; ++a) ggrow[ow * nd + a] = taps[ow].mult[a] * acc[ow * nd + a];
      }
    });
  }
}

template void grid_sample_forward<float>(const GridSampleGeom&, const float*, const float*, float*);
template void grid_sample_forward<double>(const GridSampleGeom&, const double*, const double*, double*);
template void grid_sample_backward<float>(const GridSampleGeom&, const float*, const float*, const float*,
                                          float*, float*);
template void grid_sample_backward<double>(const GridSampleGeom&, const double*, const double*, const double*,
                                           double*, double*);

}  // namespace pyt::cpu
