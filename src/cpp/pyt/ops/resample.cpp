// Padding (constant / reflect / replicate / circular) and interpolation (nearest,
// nearest-exact, linear, bilinear, bicubic, trilinear). Both are gathers with per-dim index
// maps; their gradients are the adjoint scatters, run per outer slice in output order so
// they are deterministic for any thread count.
#include <algorithm>
#include <cmath>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/conv_pool.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

// ------------------------------------------------------------------------- pad ---

namespace {

struct PadPlan {
  int64_t first;  // first padded dim
  int64_t outer;
  std::vector<int64_t> in_sizes, out_sizes;  // of the padded dims
  std::vector<std::vector<int64_t>> maps;
  std::vector<int64_t> full_out;
};

int64_t source_index(int64_t o, int64_t before, int64_t n, int mode) {
  int64_t i = o - before;
  switch (mode) {
    case 0:  // constant
      return (i >= 0 && i < n) ? i : -1;
    case 1:  // reflect
      if (n == 1) return 0;
      while (i < 0 || i >= n) {
        if (i < 0) i = -i;
        if (i >= n) i = 2 * (n - 1) - i;
      }
      return i;
    case 2:  // replicate
      return std::clamp<int64_t>(i, 0, n - 1);
    default:  // circular
      return ((i % n) + n) % n;
  }
}

// Circular padding as ATen's _pad_circular: negative pads first crop the input, then the
// positive pads wrap around the cropped tensor (left pad copies its end, right pad its start).
int64_t circular_source_index(int64_t q, int64_t before, int64_t after, int64_t n) {
  const int64_t o = n + before + after;
  const int64_t lo = std::max<int64_t>(before, 0), hi = o - std::max<int64_t>(after, 0);  // cropped copy
  const int64_t m = hi - lo;
  if (m <= 0) return -1;
  if (q < lo) q += ((lo - q + m - 1) / m) * m;
  if (q >= hi) q -= ((q - hi) / m + 1) * m;
  return q - before;
}

int pad_mode(const std::string& mode) {
  if (mode == "constant") return 0;
  if (mode == "reflect") return 1;
  if (mode == "replicate") return 2;
  if (mode == "circular") return 3;
  throw NotImplementedError(str("pad: Unrecognised padding mode ", mode));
}

PadPlan plan_pad(const Tensor& input, const IntArrayRef& pad, int mode, const std::string& mode_name) {
  const char* op = "pad";
  int64_t nd = input.dim();
  PYT_CHECK(pad.size() % 2 == 0, RuntimeError, op, ": Padding length must be divisible by 2, got pad=",
            shape_to_string(pad));
  int64_t k = static_cast<int64_t>(pad.size()) / 2;
  PYT_CHECK(k <= nd, RuntimeError, op, ": Padding length should be less than or equal to two times the input "
            "dimension but got padding length ", pad.size(), " and input of dimension ", nd);
  if (mode != 0) {
    bool ok = k >= 1 && k <= 3 && (nd == k + 1 || nd == k + 2);
    PYT_CHECK(ok, NotImplementedError, "pad: Padding size ", pad.size(), " is not supported for ", nd,
              "D input tensor (mode '", mode_name, "', input ", input.describe(), ").\nSupported combinations for "
              "non-constant padding:\n  - 2D or 3D input: padding size = 2 (pads last dimension)\n  - 3D or 4D "
              "input: padding size = 4 (pads last 2 dimensions)\n  - 4D or 5D input: padding size = 6 (pads last "
              "3 dimensions)");
  }
  PadPlan p;
  p.first = nd - k;
  p.outer = 1;
  for (int64_t d = 0; d < p.first; ++d) p.outer *= input.sizes()[d];
  p.full_out = input.sizes();
  for (int64_t d = p.first; d < nd; ++d) {
    int64_t j = nd - 1 - d;  // pad pairs run from the last dim backwards
    int64_t before = pad[2 * j], after = pad[2 * j + 1], n = input.sizes()[d];
    int64_t o = n + before + after;
    PYT_CHECK(o >= 0, RuntimeError, op, ": The input size ", n, ", plus negative padding ", before, " and ", after,
              " resulted in a negative output size, which is invalid. Check dimension ", d, " of your input ",
              input.describe());
    if (mode == 1)
      PYT_CHECK(before < n && after < n, RuntimeError, op, ": Padding size should be less than the corresponding "
                "input dimension, but got: padding (", before, ", ", after, ") at dimension ", d, " of input ",
                input.shape_str());
    if (mode == 3)
      PYT_CHECK(before <= n && after <= n, RuntimeError, op, ": Padding value causes wrapping around more than "
                "once (padding (", before, ", ", after, ") at dimension ", d, " of input ", input.shape_str(), ")");
    if (mode == 3) {
      // With a negative pad on the other side, the wrap reads from the cropped size.
      const int64_t cropped = n - std::max<int64_t>(-before, 0) - std::max<int64_t>(-after, 0);
      PYT_CHECK(cropped >= std::max<int64_t>(before, after) && (cropped > 0 || (before <= 0 && after <= 0)),
                RuntimeError, op, ": circular padding (", before, ", ", after, ") at dimension ", d, " of input ",
                input.shape_str(), " wraps around more than once after cropping to size ", cropped);
    }
    if (mode != 0)
      PYT_CHECK(n > 0, RuntimeError, op, ": input tensor must have non-zero size in the padded dimension ", d,
                " for mode '", mode_name, "', got input ", input.shape_str());
    std::vector<int64_t> m(static_cast<size_t>(o));
    if (mode == 3)
      for (int64_t q = 0; q < o; ++q) m[q] = circular_source_index(q, before, after, n);
    else
      for (int64_t q = 0; q < o; ++q) m[q] = source_index(q, before, n, mode);
    p.maps.push_back(std::move(m));
    p.in_sizes.push_back(n);
    p.out_sizes.push_back(o);
    p.full_out[d] = o;
  }
  return p;
}

}  // namespace

namespace {

// Node names must outlive the node: string literals only. [mode - 1][k - 1].
const char* const kPadNames[3][3] = {
    {"ReflectionPad1DBackward0", "ReflectionPad2DBackward0", "ReflectionPad3DBackward0"},
    {"ReplicationPad1DBackward0", "ReplicationPad2DBackward0", "ReplicationPad3DBackward0"},
    {"CircularPad1DBackward0", "CircularPad2DBackward0", "CircularPad3DBackward0"}};
const char* const kPadBackNames[3][3] = {
    {"ReflectionPad1DBackwardBackward0", "ReflectionPad2DBackwardBackward0", "ReflectionPad3DBackwardBackward0"},
    {"ReplicationPad1DBackwardBackward0", "ReplicationPad2DBackwardBackward0", "ReplicationPad3DBackwardBackward0"},
    {"CircularPad1DBackwardBackward0", "CircularPad2DBackwardBackward0", "CircularPad3DBackwardBackward0"}};

struct PadOp {
  PadPlan plan;
  int mode;
  int64_t k;
  std::vector<int64_t> in_sizes;
};

Tensor pad_backward_op(const Tensor& g, const PadOp& op);

// Non-constant padding as a gather, recording its mode's node.
Tensor pad_forward_op(const Tensor& input, const PadOp& op) {
  Tensor out = empty(op.plan.full_out, input.dtype());
  if (out.numel() > 0) {
    Tensor x = contiguous(input.detach());
    PYT_DISPATCH_NUMERIC_AND_BOOL(input.dtype(), "pad", [&] {
      cpu::pad_gather(x.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(), op.plan.outer, op.plan.in_sizes,
                      op.plan.out_sizes, op.plan.maps, scalar_t(0));
    });
  }
  if (any_requires_grad({&input})) {
    auto node = make_node(kPadNames[op.mode - 1][op.k - 1], {input}, [op](BackwardNode&, const TensorList& g) {
      return TensorList{pad_backward_op(g[0], op)};
    });
    set_history(out, node);
  }
  return out;
}

// Its adjoint (a scatter-add in output order), whose adjoint is the gather again.
Tensor pad_backward_op(const Tensor& g, const PadOp& op) {
  Tensor go = contiguous(g.detach());
  Tensor gin = zeros(op.in_sizes, go.dtype());
  if (go.numel() > 0)
    PYT_DISPATCH_FLOATING(go.dtype(), "pad_backward", [&] {
      cpu::pad_scatter(go.data_ptr<scalar_t>(), gin.data_ptr<scalar_t>(), op.plan.outer, op.plan.in_sizes,
                       op.plan.out_sizes, op.plan.maps);
    });
  if (any_requires_grad({&g})) {
    auto node = make_node(kPadBackNames[op.mode - 1][op.k - 1], {g}, [op](BackwardNode&, const TensorList& gg) {
      return TensorList{pad_forward_op(gg[0], op)};
    });
    set_history(gin, node);
  }
  return gin;
}

}  // namespace

Tensor pad(const Tensor& input, const IntArrayRef& pad_, const std::string& mode, double value) {
  int m = pad_mode(mode);
  if (m == 0) {
    // torch converts the (float) fill value to input's dtype with its overflow check
    // (int8 value=300 and uint8 value=-1 raise).
    check_scalar_fits(Scalar(value), input.dtype());
  }
  if (is_half_float(input.dtype()))
    return run_in_float32({input}, input.dtype(), [&](const TensorList& a) {
      return TensorList{pad(a[0], pad_, mode, value)};
    })[0];
  if (input.dtype() == ScalarType::Bool && (m == 1 || m == 2)) {
    // torch's reflection / replication kernels have no bool instance
    const int64_t k = std::max<int64_t>(1, static_cast<int64_t>(pad_.size()) / 2);
    throw NotImplementedError(str("pad: \"", m == 1 ? "reflection_pad" : "replication_pad", k,
                                  "d\" not implemented for 'Bool' (input ", input.describe(), ")"));
  }
  PadPlan p = plan_pad(input, pad_, m, mode);
  if (m != 0) return pad_forward_op(input, PadOp{p, m, static_cast<int64_t>(pad_.size()) / 2, input.sizes()});
  Tensor out = empty(p.full_out, input.dtype());
  if (p.first == input.dim()) {  // nothing padded: a copy
    autograd::NoGradGuard ng;
    out = clone(input.detach());
  } else if (out.numel() > 0) {
    Tensor x = contiguous(input.detach());
    PYT_DISPATCH_NUMERIC_AND_BOOL(input.dtype(), "pad", [&] {
      cpu::pad_gather(x.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(), p.outer, p.in_sizes, p.out_sizes, p.maps,
                      static_cast<scalar_t>(value));
    });
  }
  if (any_requires_grad({&input})) {
    std::vector<int64_t> neg_pad;
    for (int64_t v : pad_) neg_pad.push_back(-v);
    auto node = make_node("ConstantPadNdBackward0", {input}, [neg_pad](BackwardNode&, const TensorList& g) {
      return TensorList{pad(g[0], neg_pad, "constant", 0.0)};
    });
    set_history(out, node);
  }
  return out;
}

// ------------------------------------------------------------------ interpolate ---

namespace {

enum class Interp { Nearest, NearestExact, Linear, Cubic };

// Taps of one spatial dim, with torch's source-index rules (aten/src/ATen/native/UpSample.h):
// nearest computes its scale in float; linear and cubic in the op's math type T.
template <typename T>
void make_taps(Interp mode, int64_t in, int64_t out, double scale_user, bool align, int64_t& taps,
               std::vector<int64_t>& idx, std::vector<T>& w) {
  if (mode == Interp::Nearest || mode == Interp::NearestExact) {
    taps = 1;
    float scale = scale_user > 0 ? static_cast<float>(1.0 / scale_user) : static_cast<float>(in) / out;
    idx.resize(out);
    w.assign(out, T(1));
    for (int64_t j = 0; j < out; ++j) {
      if (mode == Interp::Nearest) {
        if (out == in) idx[j] = j;
        else if (out == 2 * in) idx[j] = j >> 1;
        else idx[j] = std::min(static_cast<int64_t>(std::floor(j * scale)), in - 1);
      } else {
        idx[j] = out == in ? j : std::min(static_cast<int64_t>(std::floor((j + 0.5f) * scale)), in - 1);
      }
    }
    return;
  }
  T scale = align ? (out > 1 ? static_cast<T>(in - 1) / static_cast<T>(out - 1) : T(0))
                  : (scale_user > 0 ? static_cast<T>(1.0 / scale_user) : static_cast<T>(in) / static_cast<T>(out));
  if (mode == Interp::Linear) {
    taps = 2;
    idx.resize(2 * out);
    w.resize(2 * out);
    for (int64_t j = 0; j < out; ++j) {
      if (out == in) {
        idx[2 * j] = idx[2 * j + 1] = j;
        w[2 * j] = T(1);
        w[2 * j + 1] = T(0);
        continue;
      }
      T real = align ? scale * static_cast<T>(j)
                     : std::max(scale * (static_cast<T>(j) + T(0.5)) - T(0.5), T(0));
      int64_t i0 = std::min(static_cast<int64_t>(std::floor(real)), in - 1);
      T l1 = std::min(std::max(real - static_cast<T>(i0), T(0)), T(1));
      idx[2 * j] = i0;
      idx[2 * j + 1] = i0 + (i0 < in - 1 ? 1 : 0);
      w[2 * j] = T(1) - l1;
      w[2 * j + 1] = l1;
    }
    return;
  }
  // Cubic convolution, A = -0.75; indices clamped to the border.
  taps = 4;
  idx.resize(4 * out);
  w.resize(4 * out);
  const T A = T(-0.75);
  auto cc1 = [A](T x) { return ((A + 2) * x - (A + 3)) * x * x + 1; };
  auto cc2 = [A](T x) { return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A; };
  for (int64_t j = 0; j < out; ++j) {
    T real = align ? scale * static_cast<T>(j) : scale * (static_cast<T>(j) + T(0.5)) - T(0.5);
    int64_t i0 = std::min(static_cast<int64_t>(std::floor(real)), in - 1);
    T t = std::min(std::max(real - static_cast<T>(i0), T(0)), T(1));
    T c[4] = {cc2(t + 1), cc1(t), cc1(1 - t), cc2(2 - t)};
    for (int64_t q = 0; q < 4; ++q) {
      idx[4 * j + q] = std::clamp<int64_t>(i0 - 1 + q, 0, in - 1);
      w[4 * j + q] = c[q];
    }
  }
}

struct InterpPlan {
  Interp mode;
  bool align;
  const char* name;       // node of the forward
  const char* back_name;  // node of its adjoint
  std::vector<int64_t> in_sizes, out_sizes;  // full (N, C, *spatial)
  std::vector<double> scales;
};

// Sizes of the tensor after resampling dims [2, 2 + d) to the output.
std::vector<int64_t> stage_sizes(const InterpPlan& p, int64_t d) {
  std::vector<int64_t> s = p.in_sizes;
  for (int64_t q = 2; q < 2 + d; ++q) s[q] = p.out_sizes[q];
  return s;
}

void stage_layout(const std::vector<int64_t>& sizes, int64_t dim, int64_t& outer, int64_t& inner) {
  outer = 1;
  inner = 1;
  for (int64_t q = 0; q < dim; ++q) outer *= sizes[q];
  for (int64_t q = dim + 1; q < static_cast<int64_t>(sizes.size()); ++q) inner *= sizes[q];
}

Tensor interp_forward(const Tensor& x_, const InterpPlan& p) {
  Tensor cur = contiguous(x_);
  int64_t nsp = static_cast<int64_t>(p.in_sizes.size()) - 2;
  // The result is allocated first, so that an output too large to exist fails at once instead
  // of after the intermediate stages ran (and no stage ever outgrows it).
  Tensor result = empty(stage_sizes(p, nsp), cur.dtype());
  for (int64_t d = 0; d < nsp; ++d) {
    int64_t dim = 2 + d;
    std::vector<int64_t> out_sizes = stage_sizes(p, d + 1);
    Tensor next = d == nsp - 1 ? result : empty(out_sizes, cur.dtype());
    if (next.numel() > 0) {
      int64_t outer, inner;
      stage_layout(out_sizes, dim, outer, inner);
      PYT_DISPATCH_FLOATING(cur.dtype(), "interpolate", [&] {
        int64_t taps;
        std::vector<int64_t> idx;
        std::vector<scalar_t> w;
        make_taps<scalar_t>(p.mode, p.in_sizes[dim], p.out_sizes[dim], p.scales[d], p.align, taps, idx, w);
        cpu::resample_dim(cur.data_ptr<scalar_t>(), next.data_ptr<scalar_t>(), outer, p.in_sizes[dim],
                          p.out_sizes[dim], inner, taps, idx, w);
      });
    }
    cur = next;
  }
  return cur;
}

Tensor interp_backward(const Tensor& g, const InterpPlan& p) {
  Tensor cur = contiguous(g.detach());
  int64_t nsp = static_cast<int64_t>(p.in_sizes.size()) - 2;
  for (int64_t d = nsp - 1; d >= 0; --d) {
    int64_t dim = 2 + d;
    std::vector<int64_t> in_sizes = stage_sizes(p, d);
    Tensor prev = zeros(in_sizes, cur.dtype());
    if (prev.numel() > 0 && cur.numel() > 0) {
      int64_t outer, inner;
      stage_layout(in_sizes, dim, outer, inner);
      PYT_DISPATCH_FLOATING(cur.dtype(), "interpolate_backward", [&] {
        int64_t taps;
        std::vector<int64_t> idx;
        std::vector<scalar_t> w;
        make_taps<scalar_t>(p.mode, p.in_sizes[dim], p.out_sizes[dim], p.scales[d], p.align, taps, idx, w);
        cpu::resample_dim_backward(cur.data_ptr<scalar_t>(), prev.data_ptr<scalar_t>(), outer, p.in_sizes[dim],
                                   p.out_sizes[dim], inner, taps, idx, w);
      });
    }
    cur = prev;
  }
  return cur;
}

Tensor interp_backward_op(const Tensor& g, const InterpPlan& p);

Tensor interp_forward_op(const Tensor& input, const InterpPlan& p) {
  Tensor out = interp_forward(input.detach(), p);
  if (any_requires_grad({&input})) {
    auto node = make_node(p.name, {input}, [p](BackwardNode&, const TensorList& g) {
      return TensorList{interp_backward_op(g[0], p)};
    });
    set_history(out, node);
  }
  return out;
}

// The adjoint resampling (the backward of interpolate), whose adjoint is the forward again.
Tensor interp_backward_op(const Tensor& g, const InterpPlan& p) {
  Tensor gin = interp_backward(g, p);
  if (any_requires_grad({&g})) {
    auto node = make_node(p.back_name, {g}, [p](BackwardNode&, const TensorList& gg) {
      return TensorList{interp_forward_op(gg[0], p)};
    });
    set_history(gin, node);
  }
  return gin;
}


// ---------------------------------------------------- uint8 bilinear / bicubic ---
// torch's uint8 kernels (after Pillow): each resized dim is resampled on its own, the last
// (contiguous) dim first, with int16 fixed-point weights; every pass rounds and saturates to
// uint8. Weights: bilinear, the triangle filter around each output pixel's centre normalised
// to sum 1; bicubic, the float kernel's four cubic (a = -0.75) taps with the source index
// clamped to the border. They are scaled by 2^precision with the largest precision that keeps
// twice the biggest weight below 2^15.
struct U8Taps {
  std::vector<int64_t> xmin, xsize;
  std::vector<int16_t> w;  // out x K
  int64_t K = 0;
  int prec = 0;
};

U8Taps u8_taps(int64_t in, int64_t out, bool align, double opt_scale, bool cubic) {
  const double scale = align ? (out > 1 ? static_cast<double>(in - 1) / static_cast<double>(out - 1) : 0.0)
                             : (opt_scale > 0 ? 1.0 / opt_scale : static_cast<double>(in) / static_cast<double>(out));
  const double support = cubic ? 2.0 : 1.0;
  const double delta = align ? 0.5 : 0.0;
  auto filter = [cubic](double x) {
    x = std::abs(x);
    if (!cubic) return x < 1.0 ? 1.0 - x : 0.0;
    const double a = -0.75;
    if (x < 1.0) return ((a + 2) * x - (a + 3)) * x * x + 1;
    if (x < 2.0) return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
    return 0.0;
  };
  U8Taps t;
  t.K = static_cast<int64_t>(std::ceil(support)) * 2 + 1;
  t.xmin.resize(out);
  t.xsize.resize(out);
  std::vector<double> wf(static_cast<size_t>(out * t.K), 0.0);
  double wmax = 0.0;
  for (int64_t i = 0; i < out && cubic; ++i) {
    // bicubic: the float kernel's four taps (source index clamped to the border), whose
    // weights are summed per clamped index
    const double A = -0.75;
    const double src = align ? scale * static_cast<double>(i) : scale * (static_cast<double>(i) + 0.5) - 0.5;
    const double fl = std::floor(src);
    const int64_t ix = static_cast<int64_t>(fl);
    const double tt = src - fl;
    const double c[4] = {((A * (tt + 1) - 5 * A) * (tt + 1) + 8 * A) * (tt + 1) - 4 * A,
                         ((A + 2) * tt - (A + 3)) * tt * tt + 1,
                         ((A + 2) * (1 - tt) - (A + 3)) * (1 - tt) * (1 - tt) + 1,
                         ((A * (2 - tt) - 5 * A) * (2 - tt) + 8 * A) * (2 - tt) - 4 * A};
    const int64_t lo = std::clamp<int64_t>(ix - 1, 0, in - 1), hi = std::clamp<int64_t>(ix + 2, 0, in - 1);
    double* w = wf.data() + i * t.K;
    for (int k = 0; k < 4; ++k) w[std::clamp<int64_t>(ix - 1 + k, 0, in - 1) - lo] += c[k];
    for (int64_t j = 0; j <= hi - lo; ++j) wmax = std::max(wmax, w[j]);
    t.xmin[i] = lo;
    t.xsize[i] = hi - lo + 1;
  }
  for (int64_t i = 0; i < out && !cubic; ++i) {
    const double center = scale * (static_cast<double>(i) + 0.5 - delta);
    int64_t xmin = std::max<int64_t>(static_cast<int64_t>(center - support + 0.5 + delta), 0);
    int64_t xsize = std::min<int64_t>(static_cast<int64_t>(center + support + 0.5 + delta), in) - xmin;
    xsize = std::clamp<int64_t>(xsize, 0, t.K);
    double total = 0.0;
    double* w = wf.data() + i * t.K;
    for (int64_t j = 0; j < xsize; ++j) {
      w[j] = filter(static_cast<double>(j + xmin) - center + 0.5 - delta);
      total += w[j];
    }
    if (total != 0.0)
      for (int64_t j = 0; j < xsize; ++j) {
        w[j] /= total;
        wmax = std::max(wmax, w[j]);
      }
    t.xmin[i] = xmin;
    t.xsize[i] = xsize;
  }
  for (t.prec = 0; t.prec < 22; ++t.prec)
    if (static_cast<int>(0.5 + wmax * (1 << (t.prec + 1))) >= (1 << 15)) break;
  t.w.resize(wf.size());
  for (size_t j = 0; j < wf.size(); ++j) {
    const double v = wf[j] * (1 << t.prec);
    t.w[j] = static_cast<int16_t>(v < 0 ? v - 0.5 : v + 0.5);
  }
  return t;
}

// Resamples dim d of contiguous uint8 x (sizes) to n, returning a new contiguous tensor.
Tensor u8_resample_dim(const Tensor& x, int64_t d, int64_t n, bool align, double opt_scale, bool cubic) {
  std::vector<int64_t> sizes = x.sizes();
  const int64_t in = sizes[d];
  U8Taps t = u8_taps(in, n, align, opt_scale, cubic);
  int64_t outer = 1, inner = 1;
  for (int64_t k = 0; k < d; ++k) outer *= sizes[k];
  for (int64_t k = d + 1; k < static_cast<int64_t>(sizes.size()); ++k) inner *= sizes[k];
  sizes[d] = n;
  Tensor y = empty(sizes, ScalarType::UInt8);
  const uint8_t* px = x.data_ptr<uint8_t>();
  uint8_t* py = y.data_ptr<uint8_t>();
  const int round = t.prec > 0 ? 1 << (t.prec - 1) : 0;
  parallel_for(0, outer, std::max<int64_t>(1, 16384 / std::max<int64_t>(1, n * inner)), [&](int64_t b, int64_t e) {
    for (int64_t o = b; o < e; ++o)
      for (int64_t i = 0; i < n; ++i) {
        const int16_t* w = t.w.data() + i * t.K;
        const uint8_t* src = px + (o * in + t.xmin[i]) * inner;
        uint8_t* dst = py + (o * n + i) * inner;
        for (int64_t q = 0; q < inner; ++q) {
          int acc = round;
          for (int64_t j = 0; j < t.xsize[i]; ++j) acc += static_cast<int>(src[j * inner + q]) * w[j];
          dst[q] = static_cast<uint8_t>(std::clamp(acc >> t.prec, 0, 255));
        }
      }
  });
  return y;
}

Tensor u8_separable(const Tensor& input, const IntArrayRef& output_size, const std::vector<double>& scales,
                    bool align, bool cubic) {
  Tensor x = contiguous(input.detach());
  const int64_t nsp = input.dim() - 2;
  for (int64_t k = nsp - 1; k >= 0; --k) {  // the contiguous dim first, as torch
    if (output_size[k] == x.sizes()[2 + k]) continue;
    x = u8_resample_dim(x, 2 + k, output_size[k], align, scales.empty() ? 0.0 : scales[k], cubic);
  }
  return x.is_same(input) ? clone(x) : x;
}
}  // namespace

Tensor interpolate(const Tensor& input, const IntArrayRef& output_size, const std::vector<double>& scales,
                   const std::string& mode, bool align_corners) {
  const char* op = "interpolate";
  int64_t nsp = input.dim() - 2;
  PYT_CHECK(nsp >= 1 && nsp <= 3, NotImplementedError, op, ": Input Error: Only 3D, 4D and 5D input Tensors "
            "supported (got ", input.dim(), "D) for the modes: nearest | linear | bilinear | bicubic | trilinear "
            "(got ", mode, ", input ", input.describe(), ")");
  // Node names must outlive the node: string literals only.
  static const char* const kNearest[3][2] = {
      {"UpsampleNearest1DBackward0", "UpsampleNearest1DBackwardBackward0"},
      {"UpsampleNearest2DBackward0", "UpsampleNearest2DBackwardBackward0"},
      {"UpsampleNearest3DBackward0", "UpsampleNearest3DBackwardBackward0"}};
  static const char* const kExact[3][2] = {
      {"UpsampleNearestExact1DBackward0", "UpsampleNearestExact1DBackwardBackward0"},
      {"UpsampleNearestExact2DBackward0", "UpsampleNearestExact2DBackwardBackward0"},
      {"UpsampleNearestExact3DBackward0", "UpsampleNearestExact3DBackwardBackward0"}};
  Interp m;
  int64_t need = 0;
  const char* name = nullptr;
  const char* back_name = nullptr;
  if (mode == "nearest") {
    m = Interp::Nearest;
  } else if (mode == "nearest-exact") {
    m = Interp::NearestExact;
  } else if (mode == "linear") {
    m = Interp::Linear, need = 1, name = "UpsampleLinear1DBackward0", back_name = "UpsampleLinear1DBackwardBackward0";
  } else if (mode == "bilinear") {
    m = Interp::Linear, need = 2, name = "UpsampleBilinear2DBackward0",
    back_name = "UpsampleBilinear2DBackwardBackward0";
  } else if (mode == "trilinear") {
    m = Interp::Linear, need = 3, name = "UpsampleTrilinear3DBackward0",
    back_name = "UpsampleTrilinear3DBackwardBackward0";
  } else if (mode == "bicubic") {
    m = Interp::Cubic, need = 2, name = "UpsampleBicubic2DBackward0", back_name = "UpsampleBicubic2DBackwardBackward0";
  } else {
    throw NotImplementedError(str(op, ": Input Error: mode '", mode, "' is not one of nearest | nearest-exact | "
                                  "linear | bilinear | bicubic | trilinear"));
  }
  if (need)
    PYT_CHECK(nsp == need, NotImplementedError, op, ": Got ", input.dim(), "D input, but ", mode, " mode needs ",
              need + 2, "D input (input ", input.describe(), ")");
  PYT_CHECK(static_cast<int64_t>(output_size.size()) == nsp, RuntimeError, op, ": expected output_size with ", nsp,
            " elements for input ", input.describe(), ", got ", shape_to_string(output_size));
  PYT_CHECK(scales.empty() || static_cast<int64_t>(scales.size()) == nsp, RuntimeError, op, ": expected ", nsp,
            " scale factors, got ", scales.size());
  if (is_half_float(input.dtype()))
    return run_in_float32({input}, input.dtype(), [&](const TensorList& a) {
      return TensorList{interpolate(a[0], output_size, scales, mode, align_corners)};
    })[0];
  // torch's integer support: uint8 for the nearest modes, bilinear and bicubic; nothing else
  const bool nearest = m == Interp::Nearest || m == Interp::NearestExact;
  const bool u8_ok = input.dtype() == ScalarType::UInt8 && (nearest || mode == "bilinear" || mode == "bicubic");
  PYT_CHECK(is_floating_type(input.dtype()) || u8_ok, NotImplementedError, op, ": \"upsample_", mode,
            "\" not implemented for '", torch_dispatch_name(input.dtype()), "' (input ", input.describe(), ")");
  for (int64_t d = 0; d < nsp; ++d) {
    PYT_CHECK(input.sizes()[2 + d] > 0 && output_size[d] > 0, RuntimeError, op,
              ": Input and output sizes should be greater than 0, but got input (",
              shape_to_string(std::vector<int64_t>(input.sizes().begin() + 2, input.sizes().end())), ") output (",
              shape_to_string(output_size), ")");
  }
  if (input.dtype() == ScalarType::UInt8) {
    // the nearest modes copy (through float32, exactly); bilinear and bicubic run torch's
    // separable fixed-point uint8 kernel
    autograd::NoGradGuard ng;
    if (!nearest) return u8_separable(input, output_size, scales, align_corners, mode == "bicubic");
    return to_dtype(interpolate(to_dtype(input, ScalarType::Float32), output_size, scales, mode, align_corners),
                    ScalarType::UInt8);
  }
  InterpPlan p;
  p.mode = m;
  p.align = align_corners;
  p.in_sizes = input.sizes();
  p.out_sizes = input.sizes();
  for (int64_t d = 0; d < nsp; ++d) p.out_sizes[2 + d] = output_size[d];
  p.scales = scales.empty() ? std::vector<double>(nsp, 0.0) : scales;
  if (!name) {
    const char* const* names = m == Interp::Nearest ? kNearest[nsp - 1] : kExact[nsp - 1];
    name = names[0];
    back_name = names[1];
  }
  p.name = name;
  p.back_name = back_name;
  return interp_forward_op(input, p);
}

}  // namespace pyt
