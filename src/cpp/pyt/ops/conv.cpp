// Convolutions (1-3 spatial dims, transposed, grouped, dilated), unfold / fold and pixel
// shuffle. Kernels in ops/cpu/conv_pool.cpp; GEMM through OpenBLAS.
#include <algorithm>
#include <cstring>

#include "pyt/allocator.h"
#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/blas.h"
#include "pyt/ops/cpu/conv_pool.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace {

// A batched convolution problem seen as its forward map x (N, C, *sx) -> y (N, O, *sy)
// with weight (O, C/groups, *k). A transposed convolution runs the adjoint map y -> x.
struct ConvShape {
  int64_t N, C, O, groups, nd;
  cpu::ConvGeom g;  // per image and group: g.C = C / groups, in = sx, out = sy
  int64_t Cg() const { return C / groups; }
  int64_t Og() const { return O / groups; }
  int64_t K() const { return g.rows(); }
  int64_t L() const { return g.out_numel(); }
  int64_t X() const { return g.in_numel(); }
  std::vector<int64_t> x_sizes() const {
    std::vector<int64_t> s{N, C};
    for (int64_t d = 3 - nd; d < 3; ++d) s.push_back(g.in[d]);
    return s;
  }
  std::vector<int64_t> y_sizes() const {
    std::vector<int64_t> s{N, O};
    for (int64_t d = 3 - nd; d < 3; ++d) s.push_back(g.out[d]);
    return s;
  }
};

std::vector<int64_t> expand_param(const IntArrayRef& v, int64_t nd, const char* name, const char* op) {
  PYT_CHECK(static_cast<int64_t>(v.size()) == 1 || static_cast<int64_t>(v.size()) == nd, RuntimeError, op,
            ": expected ", name, " to be a single integer value or a list of ", nd,
            " values to match the convolution dimensions, but got ", name, "=", shape_to_string(v));
  return v.size() == 1 ? std::vector<int64_t>(nd, v[0]) : v;
}

std::string join_x(const std::vector<int64_t>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? " x " : "") + std::to_string(v[i]);
  return s;
}

int64_t floor_div(int64_t x, int64_t y) { return x >= 0 ? x / y : -((-x + y - 1) / y); }

// Note [Convolution lowering]: images are lowered to columns (im2col) in fixed groups of
// B images, B chosen from the output size alone so that each GEMM has at least ~128
// columns (measured: 8x8 outputs run ~10% faster in pairs than in groups of 8, whose
// columns no longer sit in L2), and each group is one GEMM per conv group (W_g @ columns).
// Image groups run in parallel on pyt's pool with single-threaded GEMMs when there are enough of them, else one
// after another with a multi-threaded GEMM. Weight gradients are summed per image group and
// the groups combined in order, so results do not depend on the thread count.
int64_t images_per_gemm(const ConvShape& s) {
  int64_t L = std::max<int64_t>(1, s.L());
  return std::clamp<int64_t>((128 + L - 1) / L, 1, 16);
}

// A buffer of n uninitialised elements from cpu_allocate, released on scope exit.
template <typename T>
class ScratchBuffer {
 public:
  explicit ScratchBuffer(int64_t n) : bytes_(static_cast<size_t>(std::max<int64_t>(n, 1)) * sizeof(T)) {
    data_ = static_cast<T*>(cpu_allocate(bytes_));
  }
  ~ScratchBuffer() { cpu_free(data_, bytes_); }
  ScratchBuffer(const ScratchBuffer&) = delete;
  ScratchBuffer& operator=(const ScratchBuffer&) = delete;
  T* data() const { return data_; }

 private:
  size_t bytes_;
  T* data_;
};

template <typename T, typename F>
void for_each_image_group(const ConvShape& s, int64_t scratch_elems, F f) {
  int64_t B = images_per_gemm(s);
  int64_t ngroups = (s.N + B - 1) / B;
  int threads = get_num_threads();
  auto run = [&](int64_t b, int64_t e) {
    // Uninitialised scratch from pyt's caching allocator: every element is written before
    // it is read, and a reused block costs no page faults.
    ScratchBuffer<T> scratch(scratch_elems);
    for (int64_t q = b; q < e; ++q) f(q, q * B, std::min(B, s.N - q * B), scratch.data());
  };
  if (threads > 1 && ngroups >= threads) {
    cpu::BlasThreadsGuard one(1);
    parallel_for(0, ngroups, 1, run);
  } else {
    run(0, ngroups);
  }
}

// y = conv(x, w) (+ bias): x, w contiguous; y (N, O, *sy) allocated here.
Tensor conv_forward_kernel(const Tensor& x, const Tensor& w, const Tensor& bias, const ConvShape& s) {
  Tensor y = empty(s.y_sizes(), x.dtype());
  int64_t L = s.L(), X = s.X(), Cg = s.Cg(), Og = s.Og(), K = s.K();
  if (y.numel() == 0) return y;
  int64_t B = images_per_gemm(s);
  PYT_DISPATCH_FLOATING(x.dtype(), "convolution", [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    const scalar_t* pw = w.data_ptr<scalar_t>();
    scalar_t* py = y.data_ptr<scalar_t>();
    Tensor bc = bias.defined() ? contiguous(bias.detach()) : Tensor();
    const scalar_t* pb = bias.defined() ? bc.data_ptr<scalar_t>() : nullptr;
    // 1x1 kernels with unit stride and no padding read the image as its own columns.
    bool pointwise = K == Cg && L == X && s.g.p[0] == 0 && s.g.p[1] == 0 && s.g.p[2] == 0;
    for_each_image_group<scalar_t>(s, (K + Og) * B * L, [&](int64_t, int64_t n0, int64_t nb, scalar_t* scratch) {
      scalar_t* col = scratch;
      scalar_t* res = scratch + K * B * L;
      int64_t ld = nb * L;
      for (int64_t g = 0; g < s.groups; ++g) {
        const scalar_t* cols = col;
        if (pointwise && nb == 1) {
          cols = px + (n0 * s.C + g * Cg) * X;
        } else {
          for (int64_t i = 0; i < nb; ++i) cpu::im2col(px + ((n0 + i) * s.C + g * Cg) * X, X, s.g, col + i * L, ld);
        }
        const scalar_t* bg = pb ? pb + g * Og : nullptr;
        if (nb == 1) {
          // One image: the GEMM writes the output rows in place, accumulating onto the bias.
          scalar_t* dst = py + (n0 * s.O + g * Og) * L;
          for (int64_t o = 0; o < Og; ++o) std::fill(dst + o * L, dst + (o + 1) * L, bg ? bg[o] : scalar_t(0));
          if (K > 0)
            cpu::gemm(false, false, Og, L, K, scalar_t(1), pw + g * Og * K, K, cols, L, scalar_t(bg ? 1 : 0), dst, L);
          continue;
        }
        if (K == 0)
          std::fill(res, res + Og * ld, scalar_t(0));
        else
          cpu::gemm(false, false, Og, ld, K, scalar_t(1), pw + g * Og * K, K, cols, ld, scalar_t(0), res, ld);
        // Scatter the rows to their images, adding the bias on the way.
        for (int64_t i = 0; i < nb; ++i)
          for (int64_t o = 0; o < Og; ++o) {
            scalar_t* dst = py + ((n0 + i) * s.O + g * Og + o) * L;
            const scalar_t* src = res + o * ld + i * L;
            if (bg) {
              scalar_t bv = bg[o];
              for (int64_t l = 0; l < L; ++l) dst[l] = src[l] + bv;
            } else {
              std::memcpy(dst, src, sizeof(scalar_t) * L);
            }
          }
      }
    });
  });
  return y;
}

// Copies rows of y-shaped data (images [n0, n0+nb), conv group g) into buf (Og x nb*L).
template <typename T>
void gather_rows(const T* py, const ConvShape& s, int64_t g, int64_t n0, int64_t nb, T* buf) {
  int64_t L = s.L(), Og = s.Og();
  for (int64_t i = 0; i < nb; ++i)
    for (int64_t o = 0; o < Og; ++o)
      std::memcpy(buf + o * nb * L + i * L, py + ((n0 + i) * s.O + g * Og + o) * L, sizeof(T) * L);
}

// Note [Adjoint as a flipped convolution]: with unit strides the adjoint of the forward map
// is itself a forward convolution: x[c] = sum_o y[o] (*) W[o, c] flipped in every spatial
// dim, with padding d*(k-1) - p per dim (>= 0 needed), dilation d, the roles of C and O
// swapped within each group. Lowering it through im2col of y and one GEMM replaces the
// GEMM into columns and their col2im scatter (and the zero fill of x). It pays when the
// columns of y (Og*k rows) are no taller than those of x (Cg*k rows): measured, it is
// slower when Og = 2*Cg and faster from Og = Cg down.
bool adjoint_as_flipped_conv(const ConvShape& s) {
  if (s.L() == 0 || s.X() == 0 || s.Og() == 0 || s.Cg() == 0) return false;
  for (int64_t d = 0; d < 3; ++d)
    if (s.g.s[d] != 1 || s.g.p[d] > s.g.d[d] * (s.g.k[d] - 1)) return false;
  return s.Og() <= s.Cg();
}

// The forward problem of Note [Adjoint as a flipped convolution], and its weight
// (C, O/groups, *k): wf[g*Cg + c, o, t] = w[g*Og + o, c, kk-1-t] over the flat tap index t.
ConvShape flipped_shape(const ConvShape& s) {
  ConvShape t = s;
  t.C = s.O;
  t.O = s.C;
  t.g.C = s.Og();
  for (int64_t d = 0; d < 3; ++d) {
    t.g.in[d] = s.g.out[d];
    t.g.out[d] = s.g.in[d];
    t.g.p[d] = s.g.d[d] * (s.g.k[d] - 1) - s.g.p[d];
  }
  return t;
}

template <typename T>
void flip_weight(const T* w, const ConvShape& s, T* wf) {
  int64_t Og = s.Og(), Cg = s.Cg(), kk = s.g.k[0] * s.g.k[1] * s.g.k[2];
  for (int64_t g = 0; g < s.groups; ++g)
    for (int64_t o = 0; o < Og; ++o)
      for (int64_t c = 0; c < Cg; ++c) {
        const T* src = w + ((g * Og + o) * Cg + c) * kk;
        T* dst = wf + ((g * Cg + c) * Og + o) * kk;
        for (int64_t q = 0; q < kk; ++q) dst[kk - 1 - q] = src[q];
      }
}

// x = conv^T(y, w) (+ bias over x's channels): the adjoint of the forward map.
Tensor conv_adjoint_kernel(const Tensor& y, const Tensor& w, const Tensor& bias, const ConvShape& s) {
  if (adjoint_as_flipped_conv(s)) {
    Tensor wf = empty({w.numel()}, w.dtype());
    PYT_DISPATCH_FLOATING(w.dtype(), "convolution", [&] { flip_weight(w.data_ptr<scalar_t>(), s, wf.data_ptr<scalar_t>()); });
    return conv_forward_kernel(y, wf, bias, flipped_shape(s));
  }
  Tensor x = zeros(s.x_sizes(), y.dtype());
  int64_t L = s.L(), X = s.X(), Cg = s.Cg(), Og = s.Og(), K = s.K();
  if (x.numel() == 0) return x;
  int64_t B = images_per_gemm(s);
  PYT_DISPATCH_FLOATING(y.dtype(), "convolution", [&] {
    const scalar_t* py = y.data_ptr<scalar_t>();
    const scalar_t* pw = w.data_ptr<scalar_t>();
    scalar_t* px = x.data_ptr<scalar_t>();
    Tensor bc = bias.defined() ? contiguous(bias.detach()) : Tensor();
    const scalar_t* pb = bias.defined() ? bc.data_ptr<scalar_t>() : nullptr;
    if (L > 0 && K > 0 && Og > 0)
      for_each_image_group<scalar_t>(s, (K + Og) * B * L, [&](int64_t, int64_t n0, int64_t nb, scalar_t* scratch) {
        scalar_t* col = scratch;
        scalar_t* buf = scratch + K * B * L;
        int64_t ld = nb * L;
        for (int64_t g = 0; g < s.groups; ++g) {
          const scalar_t* src = py + (n0 * s.O + g * Og) * L;
          if (nb > 1) {
            gather_rows(py, s, g, n0, nb, buf);
            src = buf;
          }
          // col (K x nb*L) = W_g^T (K x Og) @ y (Og x nb*L)
          cpu::gemm(true, false, K, ld, Og, scalar_t(1), pw + g * Og * K, K, src, ld, scalar_t(0), col, ld);
          for (int64_t i = 0; i < nb; ++i) cpu::col2im(col + i * L, ld, s.g, px + ((n0 + i) * s.C + g * Cg) * X, X);
        }
      });
    if (pb) {
      int64_t rows = s.N * s.C;
      parallel_for(0, rows, std::max<int64_t>(1, 32768 / std::max<int64_t>(1, X)), [&](int64_t b, int64_t e) {
        for (int64_t r = b; r < e; ++r) {
          scalar_t bv = pb[r % s.C];
          scalar_t* row = px + r * X;
          for (int64_t l = 0; l < X; ++l) row[l] += bv;
        }
      });
    }
  });
  return x;
}

// dW (O, C/groups, *k) = sum over images of y-grad (Og x L) @ columns(x)^T.
Tensor conv_weight_kernel(const Tensor& gy, const Tensor& x, const std::vector<int64_t>& w_sizes, const ConvShape& s) {
  Tensor gw = zeros(w_sizes, gy.dtype());
  int64_t L = s.L(), X = s.X(), Cg = s.Cg(), Og = s.Og(), K = s.K();
  if (gw.numel() == 0 || s.N == 0 || L == 0) return gw;
  int64_t B = images_per_gemm(s);
  int64_t ngroups = (s.N + B - 1) / B;
  PYT_DISPATCH_FLOATING(gy.dtype(), "convolution_backward", [&] {
    const scalar_t* pg = gy.data_ptr<scalar_t>();
    const scalar_t* px = x.data_ptr<scalar_t>();
    int64_t wsize = s.O * K;
    bool pointwise = K == Cg && L == X && s.g.p[0] == 0 && s.g.p[1] == 0 && s.g.p[2] == 0;
    // One partial weight gradient per image group, summed in group order.
    ScratchBuffer<scalar_t> partial(ngroups * wsize);  // every group's GEMM writes its slice
    for_each_image_group<scalar_t>(s, (K + Og) * B * L, [&](int64_t q, int64_t n0, int64_t nb, scalar_t* scratch) {
      scalar_t* col = scratch;
      scalar_t* buf = scratch + K * B * L;
      scalar_t* acc = partial.data() + q * wsize;
      int64_t ld = nb * L;
      for (int64_t g = 0; g < s.groups; ++g) {
        const scalar_t* cols = col;
        if (pointwise && nb == 1)
          cols = px + (n0 * s.C + g * Cg) * X;
        else
          for (int64_t i = 0; i < nb; ++i) cpu::im2col(px + ((n0 + i) * s.C + g * Cg) * X, X, s.g, col + i * L, ld);
        const scalar_t* src = pg + (n0 * s.O + g * Og) * L;
        if (nb > 1) {
          gather_rows(pg, s, g, n0, nb, buf);
          src = buf;
        }
        // acc_g (Og x K) = gy (Og x nb*L) @ col^T (nb*L x K)
        cpu::gemm(false, true, Og, K, ld, scalar_t(1), src, ld, cols, ld, scalar_t(0), acc + g * Og * K, K);
      }
    });
    scalar_t* pw = gw.data_ptr<scalar_t>();
    parallel_for(0, wsize, 4096, [&](int64_t b, int64_t e) {
      for (int64_t q = 0; q < ngroups; ++q) {
        const scalar_t* src = partial.data() + q * wsize;
        for (int64_t k = b; k < e; ++k) pw[k] += src[k];
      }
    });
  });
  return gw;
}

// Sum of g (N, C, *) over all dims but 1, per channel in a fixed order.
Tensor channel_sum(const Tensor& g_) {
  Tensor g = contiguous(g_);
  int64_t N = g.sizes()[0], C = g.sizes()[1];
  int64_t L = N * C == 0 ? 0 : g.numel() / (N * C);
  Tensor out = zeros({C}, g.dtype());
  PYT_DISPATCH_FLOATING(g.dtype(), "convolution_backward", [&] {
    const scalar_t* pg = g.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    parallel_for(0, C, std::max<int64_t>(1, 32768 / std::max<int64_t>(1, N * L)), [&](int64_t b, int64_t e) {
      for (int64_t c = b; c < e; ++c) {
        double acc = 0;
        for (int64_t n = 0; n < N; ++n) {
          const scalar_t* row = pg + (n * C + c) * L;
          scalar_t part = 0;
          for (int64_t l = 0; l < L; ++l) part += row[l];
          acc += part;
        }
        po[c] = static_cast<scalar_t>(acc);
      }
    });
  });
  return out;
}

Tensor conv_apply(const Tensor& input, const Tensor& weight, const Tensor& bias, const ConvShape& s,
                  bool transposed);

// The weight gradient sum_n gy_n (Og x L) @ columns(x_n)^T of the forward map, recorded as
// ConvolutionBackwardBackward0 when gy or x require grad: it is bilinear, and its adjoints
// are the forward map of x and the adjoint map of gy, both with weight ggw.
Tensor conv_weight_op(const Tensor& gy, const Tensor& x, const std::vector<int64_t>& w_sizes, const ConvShape& s) {
  Tensor gw = conv_weight_kernel(contiguous(gy.detach()), contiguous(x.detach()), w_sizes, s);
  if (any_requires_grad({&gy, &x})) {
    auto node = make_node("ConvolutionBackwardBackward0", {gy, x}, [s](BackwardNode& n, const TensorList& gr) {
      TensorList r(2);
      if (n.needs_input_grad(0)) r[0] = conv_apply(n.saved(1), gr[0], Tensor(), s, false);
      if (n.needs_input_grad(1)) r[1] = conv_apply(n.saved(0), gr[0], Tensor(), s, true);
      return r;
    });
    node->save(gy);
    node->save(x);
    set_history(gw, node);
  }
  return gw;
}

// Runs the forward map (transposed = false: input is x) or its adjoint (true: input is y),
// recording ConvolutionBackward0. Backward: the input gradient is the other map and the
// weight gradient conv_weight_op, both recorded again, so double backward works.
Tensor conv_apply(const Tensor& input, const Tensor& weight, const Tensor& bias, const ConvShape& s,
                  bool transposed) {
  Tensor in = contiguous(input.detach()), w = contiguous(weight.detach());
  Tensor out = transposed ? conv_adjoint_kernel(in, w, bias, s) : conv_forward_kernel(in, w, bias, s);
  if (any_requires_grad({&input, &weight, &bias})) {
    std::vector<int64_t> w_sizes = weight.sizes();
    auto node = make_node("ConvolutionBackward0", {input, weight, bias},
                          [s, transposed, w_sizes](BackwardNode& n, const TensorList& gr) {
                            TensorList r(3);
                            Tensor g = contiguous(gr[0]);
                            if (n.needs_input_grad(0)) r[0] = conv_apply(g, n.saved(1), Tensor(), s, !transposed);
                            if (n.needs_input_grad(1))
                              r[1] = transposed ? conv_weight_op(n.saved(0), g, w_sizes, s)
                                                : conv_weight_op(g, n.saved(0), w_sizes, s);
                            if (n.needs_input_grad(2)) {
                              if (autograd::GradMode::is_enabled()) {
                                std::vector<int64_t> dims{0};
                                for (int64_t d = 2; d < g.dim(); ++d) dims.push_back(d);
                                r[2] = sum(g, dims);
                              } else {
                                r[2] = channel_sum(g);
                              }
                            }
                            return r;
                          });
    node->save(input);
    node->save(weight);
    set_history(out, node);
  }
  return out;
}

}  // namespace

namespace {
// Checks a convolution call the way torch does and returns its problem shape.
ConvShape make_conv_shape(const Tensor& input, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
                          const IntArrayRef& padding, const IntArrayRef& dilation, bool transposed,
                          const IntArrayRef& output_padding, int64_t groups, const char* op) {
  PYT_CHECK(weight.dim() >= 3 && weight.dim() <= 5, RuntimeError, op, ": expected weight to have 3 to 5 dims ",
            "(out_channels, in_channels/groups, *kernel_size), got ", weight.describe());
  const int64_t nd = weight.dim() - 2;
  PYT_CHECK(input.dim() == weight.dim(), RuntimeError, op, ": Expected ", weight.dim(), "-dimensional input for ",
            weight.dim(), "-dimensional weight ", weight.shape_str(), ", but got ", input.dim(),
            "-dimensional input of size ", input.shape_str(), " instead");
  PYT_CHECK(is_floating_type(input.dtype()) && input.dtype() != ScalarType::Float16 &&
                input.dtype() != ScalarType::BFloat16,
            RuntimeError, op, ": \"", op, "\" not implemented for '", scalar_type_name(input.dtype()), "' (input ",
            input.describe(), ")");
  PYT_CHECK(input.dtype() == weight.dtype(), RuntimeError, op, ": Input type (", scalar_type_name(input.dtype()),
            ") and weight type (", scalar_type_name(weight.dtype()), ") should be the same (input ",
            input.describe(), ", weight ", weight.describe(), ")");
  if (bias.defined())
    PYT_CHECK(bias.dtype() == input.dtype(), RuntimeError, op, ": Input type (", scalar_type_name(input.dtype()),
              ") and bias type (", scalar_type_name(bias.dtype()), ") should be the same");
  PYT_CHECK(groups > 0, RuntimeError, op, ": non-positive groups is not supported");
  auto st = expand_param(stride, nd, "stride", op), pd = expand_param(padding, nd, "padding", op),
       dl = expand_param(dilation, nd, "dilation", op);
  std::vector<int64_t> op_pad = output_padding.empty() ? std::vector<int64_t>(nd, 0)
                                                       : expand_param(output_padding, nd, "output_padding", op);
  for (int64_t d = 0; d < nd; ++d) {
    PYT_CHECK(st[d] > 0, RuntimeError, op, ": non-positive stride is not supported (stride=", shape_to_string(st), ")");
    PYT_CHECK(pd[d] >= 0, RuntimeError, op, ": negative padding is not supported (padding=", shape_to_string(pd),
              ")");
    PYT_CHECK(dl[d] > 0, RuntimeError, op, ": dilation should be greater than zero (dilation=",
              shape_to_string(dl), ")");
    PYT_CHECK(op_pad[d] >= 0, RuntimeError, op, ": negative output_padding is not supported");
    if (transposed)
      PYT_CHECK(op_pad[d] < st[d] || op_pad[d] < dl[d], RuntimeError, op,
                ": output padding must be smaller than either stride or dilation, but got output_padding=",
                shape_to_string(op_pad), ", stride=", shape_to_string(st), ", dilation=", shape_to_string(dl));
    else
      PYT_CHECK(op_pad[d] == 0, RuntimeError, op, ": output_padding is only used by transposed convolutions");
    PYT_CHECK(weight.sizes()[2 + d] > 0, RuntimeError, op, ": non-positive kernel size: weight ", weight.describe());
  }
  PYT_CHECK(weight.sizes()[0] > 0, RuntimeError, op, ": expected weight to have at least one ",
            transposed ? "input" : "output", " channel, got weight of size ", weight.shape_str());
  PYT_CHECK(weight.sizes()[0] % groups == 0, RuntimeError, op, ": Given groups=", groups,
            ", expected weight to be divisible by ", groups, " at dimension 0, but got weight of size ",
            weight.shape_str(), " instead");
  const int64_t N = input.sizes()[0], Cin = input.sizes()[1];
  if (transposed) {
    PYT_CHECK(Cin == weight.sizes()[0], RuntimeError, op, ": Given transposed=1, weight of size ", weight.shape_str(),
              ", expected input", input.shape_str(), " to have ", weight.sizes()[0], " channels, but got ", Cin,
              " channels instead");
  } else {
    PYT_CHECK(Cin == weight.sizes()[1] * groups, RuntimeError, op, ": Given groups=", groups, ", weight of size ",
              weight.shape_str(), ", expected input", input.shape_str(), " to have ", weight.sizes()[1] * groups,
              " channels, but got ", Cin, " channels instead");
  }
  int64_t out_ch = transposed ? weight.sizes()[1] * groups : weight.sizes()[0];
  if (bias.defined())
    PYT_CHECK(bias.dim() == 1 && bias.sizes()[0] == out_ch, RuntimeError, op, ": Given weight of size ",
              weight.shape_str(), ", expected bias to be 1-dimensional with ", out_ch,
              " elements, but got bias of size ", bias.shape_str(), " instead");
  ConvShape s{};
  s.N = N;
  s.groups = groups;
  s.nd = nd;
  s.O = weight.sizes()[0];
  s.C = weight.sizes()[1] * groups;
  for (int64_t d = 0; d < 3; ++d) {
    s.g.in[d] = s.g.out[d] = s.g.k[d] = s.g.s[d] = s.g.d[d] = 1;
    s.g.p[d] = 0;
  }
  s.g.C = weight.sizes()[1];
  std::vector<int64_t> in_sp, out_sp, padded, kern;
  for (int64_t d = 0; d < nd; ++d) {
    int64_t gd = 3 - nd + d, in = input.sizes()[2 + d], k = weight.sizes()[2 + d];
    s.g.k[gd] = k;
    s.g.s[gd] = st[d];
    s.g.p[gd] = pd[d];
    s.g.d[gd] = dl[d];
    int64_t ek = dl[d] * (k - 1) + 1;
    if (transposed) {
      int64_t o = (in - 1) * st[d] - 2 * pd[d] + ek + op_pad[d];
      s.g.out[gd] = in;
      s.g.in[gd] = o;
      out_sp.push_back(o);
    } else {
      s.g.in[gd] = in;
      s.g.out[gd] = floor_div(in + 2 * pd[d] - ek, st[d]) + 1;
      out_sp.push_back(s.g.out[gd]);
    }
    in_sp.push_back(in);
    padded.push_back(in + 2 * pd[d]);
    kern.push_back(ek);
  }
  if (transposed) {
    bool ok = true;
    for (int64_t o : out_sp) ok = ok && o > 0;
    PYT_CHECK(ok, RuntimeError, op, ": Given input size per channel: (", join_x(in_sp),
              "). Calculated output size per channel: (", join_x(out_sp), "). Output size is too small");
  } else {
    bool ok = true;
    for (int64_t d = 0; d < nd; ++d) ok = ok && padded[d] >= kern[d];
    PYT_CHECK(ok, RuntimeError, op, ": Calculated padded input size per channel: (", join_x(padded),
              "). Kernel size: (", join_x(kern), "). Kernel size can't be greater than actual input size (input ",
              input.describe(), ", weight ", weight.describe(), ")");
  }
  return s;
}
}  // namespace

Tensor convolution(const Tensor& input, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
                   const IntArrayRef& padding, const IntArrayRef& dilation, bool transposed,
                   const IntArrayRef& output_padding, int64_t groups, const char* op) {
  // float16 / bfloat16: computed through float32, rounded once
  ScalarType rd = reduced_float_of({input, weight, bias});
  if (rd != ScalarType::Undefined)
    return run_in_float32({input, weight, bias}, rd, [&](const TensorList& a) {
      return TensorList{convolution(a[0], a[1], a[2], stride, padding, dilation, transposed, output_padding, groups,
                                    op)};
    })[0];
  // integer convolutions: torch's slow CPU paths. Every integer type for plain (undilated)
  // convolutions, int64 only for dilated and transposed ones, never bool. Computed exactly in
  // float64 (exact while every partial sum stays below 2^53) and cast back.
  const ScalarType dt = input.dtype();
  if (!is_floating_type(dt) && weight.dtype() == dt && (!bias.defined() || bias.dtype() == dt)) {
    bool dilated = false;
    for (int64_t d : dilation) dilated = dilated || d != 1;
    const int64_t nd = weight.dim() - 2;
    const char* kernel = transposed ? (nd == 3 ? "slow_conv_transpose3d_out_cpu" : "slow_conv_transpose2d_out_cpu")
                         : dilated  ? "slow_conv_dilated<>"
                         : nd == 3  ? "compute_columns3d"
                                    : "slow_conv2d_cpu";
    PYT_CHECK(dt != ScalarType::Bool && (dt == ScalarType::Int64 || (!transposed && !dilated)), NotImplementedError, op,
              ": \"", kernel, "\" not implemented for '", torch_dispatch_name(dt), "' (input ", input.describe(), ")");
    Tensor out = convolution(to_dtype(input, ScalarType::Float64), to_dtype(weight, ScalarType::Float64),
                             bias.defined() ? to_dtype(bias, ScalarType::Float64) : bias, stride, padding, dilation,
                             transposed, output_padding, groups, op);
    return to_dtype(to_dtype(out, ScalarType::Int64), dt);
  }
  ConvShape s = make_conv_shape(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups, op);
  return conv_apply(input, weight, bias, s, transposed);
}

namespace {
Tensor conv_nd(const Tensor& input, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
               const IntArrayRef& padding, const IntArrayRef& dilation, bool transposed,
               const IntArrayRef& output_padding, int64_t groups, int64_t nd, const char* op) {
  PYT_CHECK(input.dim() == nd + 1 || input.dim() == nd + 2, RuntimeError, op, ": Expected ", nd + 1,
            "D (unbatched) or ", nd + 2, "D (batched) input to ", op, ", but got input of size: ", input.shape_str());
  PYT_CHECK(weight.dim() == nd + 2, RuntimeError, op, ": expected weight to be ", nd + 2, "-D (",
            transposed ? "in_channels, out_channels/groups" : "out_channels, in_channels/groups",
            ", *kernel_size), got ", weight.describe());
  if (input.dim() == nd + 1) {
    Tensor out = convolution(unsqueeze(input, 0), weight, bias, stride, padding, dilation, transposed,
                             output_padding, groups, op);
    return squeeze(out, std::vector<int64_t>{0});
  }
  return convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups, op);
}
}  // namespace

Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
              const IntArrayRef& padding, const IntArrayRef& dilation, int64_t groups) {
  return conv_nd(input, weight, bias, stride, padding, dilation, false, {}, groups, 1, "conv1d");
}
Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
              const IntArrayRef& padding, const IntArrayRef& dilation, int64_t groups) {
  return conv_nd(input, weight, bias, stride, padding, dilation, false, {}, groups, 2, "conv2d");
}
Tensor conv3d(const Tensor& input, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
              const IntArrayRef& padding, const IntArrayRef& dilation, int64_t groups) {
  return conv_nd(input, weight, bias, stride, padding, dilation, false, {}, groups, 3, "conv3d");
}
Tensor conv_transpose1d(const Tensor& input, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
                        const IntArrayRef& padding, const IntArrayRef& output_padding, int64_t groups,
                        const IntArrayRef& dilation) {
  return conv_nd(input, weight, bias, stride, padding, dilation, true, output_padding, groups, 1, "conv_transpose1d");
}
Tensor conv_transpose2d(const Tensor& input, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
                        const IntArrayRef& padding, const IntArrayRef& output_padding, int64_t groups,
                        const IntArrayRef& dilation) {
  return conv_nd(input, weight, bias, stride, padding, dilation, true, output_padding, groups, 2, "conv_transpose2d");
}
Tensor conv_transpose3d(const Tensor& input, const Tensor& weight, const Tensor& bias, const IntArrayRef& stride,
                        const IntArrayRef& padding, const IntArrayRef& output_padding, int64_t groups,
                        const IntArrayRef& dilation) {
  return conv_nd(input, weight, bias, stride, padding, dilation, true, output_padding, groups, 3, "conv_transpose3d");
}

// Kept for C++ callers: the two gradients of conv2d as standalone kernels (no graph).
Tensor conv2d_backward_input(const Tensor& grad_out, const Tensor& weight, const IntArrayRef& input_sizes,
                             const IntArrayRef& stride, const IntArrayRef& padding, const IntArrayRef& dilation,
                             int64_t groups) {
  PYT_CHECK(input_sizes.size() == 4, RuntimeError, "conv2d_backward_input: expected 4 input sizes, got ",
            shape_to_string(input_sizes));
  Tensor probe = empty(input_sizes, grad_out.dtype());
  ConvShape s = make_conv_shape(probe, weight, Tensor(), stride, padding, dilation, false, {}, groups,
                                "conv2d_backward_input");
  PYT_CHECK(grad_out.sizes() == s.y_sizes(), RuntimeError, "conv2d_backward_input: expected grad_out of shape ",
            shape_to_string(s.y_sizes()), ", got ", grad_out.describe());
  return conv_adjoint_kernel(contiguous(grad_out.detach()), contiguous(weight.detach()), Tensor(), s);
}

Tensor conv2d_backward_weight(const Tensor& grad_out, const Tensor& input, const IntArrayRef& weight_sizes,
                              const IntArrayRef& stride, const IntArrayRef& padding, const IntArrayRef& dilation,
                              int64_t groups) {
  Tensor probe = empty(weight_sizes, input.dtype());
  ConvShape s = make_conv_shape(input, probe, Tensor(), stride, padding, dilation, false, {}, groups,
                                "conv2d_backward_weight");
  PYT_CHECK(grad_out.sizes() == s.y_sizes(), RuntimeError, "conv2d_backward_weight: expected grad_out of shape ",
            shape_to_string(s.y_sizes()), ", got ", grad_out.describe());
  return conv_weight_kernel(contiguous(grad_out.detach()), contiguous(input.detach()), weight_sizes, s);
}

// ------------------------------------------------------------- unfold / fold ---

namespace {
cpu::ConvGeom fold_geom(int64_t C, int64_t H, int64_t W, const std::vector<int64_t>& k, const std::vector<int64_t>& d,
                        const std::vector<int64_t>& p, const std::vector<int64_t>& s, int64_t Ho, int64_t Wo) {
  cpu::ConvGeom g{};
  g.C = C;
  g.in[0] = 1, g.in[1] = H, g.in[2] = W;
  g.k[0] = 1, g.k[1] = k[0], g.k[2] = k[1];
  g.s[0] = 1, g.s[1] = s[0], g.s[2] = s[1];
  g.p[0] = 0, g.p[1] = p[0], g.p[2] = p[1];
  g.d[0] = 1, g.d[1] = d[0], g.d[2] = d[1];
  g.out[0] = 1, g.out[1] = Ho, g.out[2] = Wo;
  return g;
}

struct FoldArgs {
  std::vector<int64_t> k, d, p, s;
};

FoldArgs fold_args(const IntArrayRef& kernel_size, const IntArrayRef& dilation, const IntArrayRef& padding,
                   const IntArrayRef& stride, const char* op) {
  FoldArgs a{expand_param(kernel_size, 2, "kernel_size", op), expand_param(dilation, 2, "dilation", op),
             expand_param(padding, 2, "padding", op), expand_param(stride, 2, "stride", op)};
  PYT_CHECK(a.k[0] > 0 && a.k[1] > 0, RuntimeError, op, ": kernel size should be greater than zero, but got kernel_size=",
            shape_to_string(a.k));
  PYT_CHECK(a.d[0] > 0 && a.d[1] > 0, RuntimeError, op, ": dilation should be greater than zero, but got dilation=",
            shape_to_string(a.d));
  PYT_CHECK(a.p[0] >= 0 && a.p[1] >= 0, RuntimeError, op, ": padding should be non-negative, but got padding=",
            shape_to_string(a.p));
  PYT_CHECK(a.s[0] > 0 && a.s[1] > 0, RuntimeError, op, ": stride should be greater than zero, but got stride=",
            shape_to_string(a.s));
  return a;
}

Tensor im2col_impl(const Tensor& x, const FoldArgs& a, int64_t Ho, int64_t Wo) {
  int64_t N = x.sizes()[0], C = x.sizes()[1], H = x.sizes()[2], W = x.sizes()[3];
  int64_t L = Ho * Wo, K = C * a.k[0] * a.k[1];
  Tensor xc = contiguous(x);
  Tensor out = empty({N, K, L}, x.dtype());
  cpu::ConvGeom g = fold_geom(C, H, W, a.k, a.d, a.p, a.s, Ho, Wo);
  if (out.numel() == 0) return out;
  PYT_DISPATCH_FLOATING(x.dtype(), "im2col", [&] {
    const scalar_t* px = xc.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    parallel_for(0, N, std::max<int64_t>(1, 32768 / std::max<int64_t>(1, K * L)), [&](int64_t b, int64_t e) {
      for (int64_t n = b; n < e; ++n) cpu::im2col(px + n * C * H * W, H * W, g, po + n * K * L, L);
    });
  });
  return out;
}

Tensor col2im_impl(const Tensor& cols, int64_t C, int64_t H, int64_t W, const FoldArgs& a, int64_t Ho, int64_t Wo) {
  int64_t N = cols.sizes()[0], L = Ho * Wo, K = C * a.k[0] * a.k[1];
  Tensor cc = contiguous(cols);
  Tensor out = zeros({N, C, H, W}, cols.dtype());
  cpu::ConvGeom g = fold_geom(C, H, W, a.k, a.d, a.p, a.s, Ho, Wo);
  if (out.numel() == 0 || L == 0) return out;
  PYT_DISPATCH_FLOATING(cols.dtype(), "col2im", [&] {
    const scalar_t* pc = cc.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    parallel_for(0, N, std::max<int64_t>(1, 32768 / std::max<int64_t>(1, K * L)), [&](int64_t b, int64_t e) {
      for (int64_t n = b; n < e; ++n) cpu::col2im(pc + n * K * L, L, g, po + n * C * H * W, H * W);
    });
  });
  return out;
}

int64_t blocks(int64_t in, int64_t k, int64_t d, int64_t p, int64_t s) {
  return floor_div(in + 2 * p - d * (k - 1) - 1, s) + 1;
}
}  // namespace

Tensor im2col(const Tensor& input, const IntArrayRef& kernel_size, const IntArrayRef& dilation,
              const IntArrayRef& padding, const IntArrayRef& stride) {
  const char* op = "unfold";
  // float16 / bfloat16 through float32; bool as 0/1 in float32 (a fold of bools is their "or")
  if (is_half_float(input.dtype()))
    return run_in_float32({input}, input.dtype(), [&](const TensorList& a) { return TensorList{im2col(a[0], kernel_size, dilation, padding, stride)}; })[0];
  PYT_CHECK(input.dim() == 3 || input.dim() == 4, RuntimeError, op,
            ": Expected 3D or 4D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions "
            "for input, but got: ", input.shape_str());
  PYT_CHECK(is_floating_type(input.dtype()) || input.dtype() == ScalarType::Bool, NotImplementedError, op,
            ": \"im2col_out_cpu\" not implemented for '", torch_dispatch_name(input.dtype()), "' (input ", input.describe(), ")");
  if (input.dtype() == ScalarType::Bool) {
    autograd::NoGradGuard ng;
    const TensorList a{to_dtype(input, ScalarType::Float32)};
    return ne((im2col(a[0], kernel_size, dilation, padding, stride)), wrapped_scalar(Scalar(0.0)));
  }
  FoldArgs a = fold_args(kernel_size, dilation, padding, stride, op);
  bool unbatched = input.dim() == 3;
  Tensor x = unbatched ? unsqueeze(input.detach(), 0) : input.detach();
  int64_t H = x.sizes()[2], W = x.sizes()[3];
  int64_t Ho = blocks(H, a.k[0], a.d[0], a.p[0], a.s[0]), Wo = blocks(W, a.k[1], a.d[1], a.p[1], a.s[1]);
  PYT_CHECK(Ho > 0 && Wo > 0, RuntimeError, op, ": Given input with spatial size (", H, ", ", W,
            "), kernel_size=", shape_to_string(a.k), ", dilation=", shape_to_string(a.d), ", padding=",
            shape_to_string(a.p), ", calculated shape of the array of sliding blocks as (", Ho, ", ", Wo,
            "), but its components must be at least one.");
  Tensor out = im2col_impl(x, a, Ho, Wo);
  if (unbatched) out = squeeze(out, std::vector<int64_t>{0});
  if (any_requires_grad({&input})) {
    auto node = make_node("Im2ColBackward0", {input}, [a, H, W](BackwardNode&, const TensorList& g) {
      return TensorList{col2im(g[0], {H, W}, a.k, a.d, a.p, a.s)};
    });
    set_history(out, node);
  }
  return out;
}

Tensor col2im(const Tensor& input, const IntArrayRef& output_size, const IntArrayRef& kernel_size,
              const IntArrayRef& dilation, const IntArrayRef& padding, const IntArrayRef& stride) {
  const char* op = "fold";
  // float16 / bfloat16 through float32; bool as 0/1 in float32 (a fold of bools is their "or")
  if (is_half_float(input.dtype()))
    return run_in_float32({input}, input.dtype(), [&](const TensorList& a) { return TensorList{col2im(a[0], output_size, kernel_size, dilation, padding, stride)}; })[0];
  PYT_CHECK(input.dim() == 2 || input.dim() == 3, RuntimeError, op,
            ": Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions "
            "for input, but got: ", input.shape_str());
  PYT_CHECK(is_floating_type(input.dtype()) || input.dtype() == ScalarType::Bool, NotImplementedError, op,
            ": \"col2im_out_cpu\" not implemented for '", torch_dispatch_name(input.dtype()), "' (input ", input.describe(), ")");
  if (input.dtype() == ScalarType::Bool) {
    autograd::NoGradGuard ng;
    const TensorList a{to_dtype(input, ScalarType::Float32)};
    return ne((col2im(a[0], output_size, kernel_size, dilation, padding, stride)), wrapped_scalar(Scalar(0.0)));
  }
  FoldArgs a = fold_args(kernel_size, dilation, padding, stride, op);
  auto os = expand_param(output_size, 2, "output_size", op);
  PYT_CHECK(os[0] > 0 && os[1] > 0, RuntimeError, op, ": output_size should be greater than zero, but got ",
            shape_to_string(os));
  bool unbatched = input.dim() == 2;
  Tensor x = unbatched ? unsqueeze(input.detach(), 0) : input.detach();
  int64_t kk = a.k[0] * a.k[1];
  PYT_CHECK(x.sizes()[1] % kk == 0, RuntimeError, op,
            ": Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got "
            "input.size(1)=", x.sizes()[1], " and kernel_size=", shape_to_string(a.k));
  int64_t C = x.sizes()[1] / kk;
  int64_t Ho = blocks(os[0], a.k[0], a.d[0], a.p[0], a.s[0]), Wo = blocks(os[1], a.k[1], a.d[1], a.p[1], a.s[1]);
  PYT_CHECK(Ho > 0 && Wo > 0 && x.sizes()[2] == Ho * Wo, RuntimeError, op, ": Given output_size=",
            shape_to_string(os), ", kernel_size=", shape_to_string(a.k), ", dilation=", shape_to_string(a.d),
            ", padding=", shape_to_string(a.p), ", stride=", shape_to_string(a.s), ", expected size of input's "
            "dimension 2 to match the calculated number of sliding blocks ", Ho, " * ", Wo, " = ", Ho * Wo,
            ", but got input.size(2)=", x.sizes()[2], ".");
  Tensor out = col2im_impl(x, C, os[0], os[1], a, Ho, Wo);
  if (unbatched) out = squeeze(out, std::vector<int64_t>{0});
  if (any_requires_grad({&input})) {
    auto node = make_node("Col2ImBackward0", {input}, [a](BackwardNode&, const TensorList& g) {
      return TensorList{im2col(g[0], a.k, a.d, a.p, a.s)};
    });
    set_history(out, node);
  }
  return out;
}

// --------------------------------------------------------------- pixel shuffle ---

namespace {
Tensor shuffle_impl(const Tensor& input, int64_t r, bool up) {
  const char* op = up ? "pixel_shuffle" : "pixel_unshuffle";
  PYT_CHECK(input.dim() >= 3, RuntimeError, op, ": expected input to have at least 3 dims (*, C, H, W), got ",
            input.describe());
  PYT_CHECK(r > 0, RuntimeError, op, ": ", up ? "upscale_factor" : "downscale_factor",
            " must be greater than 0, but got ", r);
  int64_t nd = input.dim();
  std::vector<int64_t> sz = input.sizes();
  int64_t C = sz[nd - 3], H = sz[nd - 2], W = sz[nd - 1];
  std::vector<int64_t> batch(sz.begin(), sz.end() - 3);
  std::vector<int64_t> view_sizes = batch, perm, out_sizes = batch;
  int64_t b = static_cast<int64_t>(batch.size());
  for (int64_t i = 0; i < b; ++i) perm.push_back(i);
  if (up) {
    PYT_CHECK(C % (r * r) == 0, RuntimeError, op, ": pixel_shuffle expects its input's 'channel' dimension to be "
              "divisible by the square of upscale_factor, but input.size(-3)=", C, " is not divisible by ", r * r);
    int64_t oc = C / (r * r);
    view_sizes.insert(view_sizes.end(), {oc, r, r, H, W});
    for (int64_t i : {0, 3, 1, 4, 2}) perm.push_back(b + i);
    out_sizes.insert(out_sizes.end(), {oc, H * r, W * r});
  } else {
    PYT_CHECK(H % r == 0 && W % r == 0, RuntimeError, op, ": pixel_unshuffle expects height and width to be "
              "divisible by downscale_factor, but got input of size ", input.shape_str(), " and downscale_factor=", r);
    view_sizes.insert(view_sizes.end(), {C, H / r, r, W / r, r});
    for (int64_t i : {0, 2, 4, 1, 3}) perm.push_back(b + i);
    out_sizes.insert(out_sizes.end(), {C * r * r, H / r, W / r});
  }
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = reshape(contiguous(permute(reshape(input.detach(), view_sizes), perm)), out_sizes);
    if (out.impl()->storage()->data() == input.impl()->storage()->data()) out = clone(out);
  }
  if (any_requires_grad({&input})) {
    auto node = make_node(up ? "PixelShuffleBackward0" : "PixelUnshuffleBackward0", {input},
                          [r, up](BackwardNode&, const TensorList& g) {
                            return TensorList{up ? pixel_unshuffle(g[0], r) : pixel_shuffle(g[0], r)};
                          });
    set_history(out, node);
  }
  return out;
}
}  // namespace

Tensor pixel_shuffle(const Tensor& input, int64_t upscale_factor) { return shuffle_impl(input, upscale_factor, true); }
Tensor pixel_unshuffle(const Tensor& input, int64_t downscale_factor) {
  return shuffle_impl(input, downscale_factor, false);
}

}  // namespace pyt
