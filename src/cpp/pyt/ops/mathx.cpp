// The mathx family (ops/mathx.h): argument checks, dtype rules, kernel calls, autograd
// recording. Backward formulas follow torch's tools/autograd/derivatives.yaml with public
// pyt ops, so they are differentiable again.
#include <cmath>
#include <numeric>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/mathx_kernels.h"
#include "pyt/ops/elementwise_util.h"
#include "pyt/ops/ops.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;
using cpu::ErfcKind;
using cpu::GcdKind;

namespace {

using internal::inplace_op;
using internal::num;
using internal::run;

constexpr double kPi = 3.14159265358979323846;

// ---------------------------------------------------------------- gcd / lcm ---

Tensor gcd_compute(GcdKind kind, const Tensor& out, const Tensor& a, const Tensor& b) {
  const char* op = kind == GcdKind::Gcd ? "gcd" : "lcm";
  PYT_CHECK(a.device() == b.device(), RuntimeError, op, ": expected all tensors to be on the same device");
  ScalarType dt = result_type({a, b});
  // Floating and bool operands fail in the kernel's integer dispatch (NotImplementedError).
  return run(op, out, {a, b}, dt, dt, [kind](const TensorIterator& it) { cpu::gcd_kernel(it, kind); });
}

// -------------------------------------------------------------- erfc family ---

Tensor erfc_compute(ErfcKind kind, const Tensor& out, const Tensor& a) {
  ScalarType dt = a.dtype();
  if (kind == ErfcKind::Erfcx || kind == ErfcKind::LogNdtr) {
    // torch has no reduced-precision kernels for these.
    PYT_CHECK(dt != ScalarType::Float16 && dt != ScalarType::BFloat16, NotImplementedError, "\"",
              cpu::erfc_kind_name(kind), "_cpu\" not implemented for '", scalar_type_name(dt), "'");
  }
  ScalarType compute = is_floating_type(dt) ? dt : get_default_dtype();
  return run(cpu::erfc_kind_name(kind), out, {a}, compute, compute,
             [kind](const TensorIterator& it) { cpu::erfc_kernel(it, kind); });
}

Tensor erfc_op(ErfcKind kind, const Tensor& a) {
  Tensor out = erfc_compute(kind, Tensor(), a);
  if (!any_requires_grad({&a}) || !is_floating_type(out.dtype())) return out;
  std::shared_ptr<BackwardNode> node;
  switch (kind) {
    case ErfcKind::Erfc:
      // -2/sqrt(pi) exp(-x^2)
      node = make_node("ErfcBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor x = n.saved(0);
        return TensorList{mul(g[0], mul(exp(neg(mul(x, x))), num(-2.0 / std::sqrt(kPi))))};
      });
      node->save(a);
      break;
    case ErfcKind::Erfcx:
      // 2 x y - 2/sqrt(pi)
      node = make_node("SpecialErfcxBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor x = n.saved(0), y = n.saved(1);
        return TensorList{mul(sub(mul(mul(x, y), num(2.0)), num(2.0 / std::sqrt(kPi))), g[0])};
      });
      node->save(a);
      node->save(out, true);
      break;
    case ErfcKind::Ndtr:
      // The normal density exp(-x^2 / 2) / sqrt(2 pi); torch's node is its composite's last
      // step, mul(Tensor, Scalar).
      node = make_node("MulBackward1", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor x = n.saved(0);
        return TensorList{mul(g[0], mul(exp(mul(mul(x, x), num(-0.5))), num(1.0 / std::sqrt(2.0 * kPi))))};
      });
      node->save(a);
      break;
    case ErfcKind::LogNdtr:
      // exp(-(y + x^2 / 2)) / sqrt(2 pi), the density over the CDF without underflow
      node = make_node("SpecialLogNdtrBackward0", {a}, [](BackwardNode& n, const TensorList& g) {
        Tensor x = n.saved(0), y = n.saved(1);
        Tensor e = exp(neg(add(y, div(mul(x, x), num(2.0)))));
        return TensorList{mul(div(g[0], num(std::sqrt(2.0 * kPi))), e)};
      });
      node->save(a);
      node->save(out, true);
      break;
  }
  set_history(out, node);
  return out;
}

// -------------------------------------------------------------- histogram ---

const char* hist_dtype_name(ScalarType t) { return scalar_type_name(t); }

// torch's histogramdd_check_inputs.
void check_hist_inputs(const Tensor& input, const std::vector<Tensor>& bins, const Tensor& weight) {
  PYT_CHECK(input.dim() >= 2, RuntimeError, "torch.histogramdd: input tensor should have at least 2 dimensions, but got ",
            input.dim());
  const int64_t D = input.size(-1);
  PYT_CHECK(static_cast<int64_t>(bins.size()) == D, RuntimeError, "torch.histogramdd: expected ", D,
            " sequences of bin edges for a ", D, "-dimensional histogram but got ", bins.size());
  for (int64_t d = 0; d < D; ++d) {
    const Tensor& b = bins[d];
    PYT_CHECK(b.dtype() == input.dtype(), RuntimeError,
              "torch.histogramdd: input tensor and bins tensors should have the same dtype, but got input with dtype ",
              hist_dtype_name(input.dtype()), " and bins for dimension ", d, " with dtype ", hist_dtype_name(b.dtype()));
    PYT_CHECK(b.dim() == 1, RuntimeError, "torch.histogramdd: bins tensor should have one dimension, but got ", b.dim(),
              " dimensions in the bins tensor for dimension ", d);
    PYT_CHECK(b.numel() > 0, RuntimeError, "torch.histogramdd: bins tensor should have at least 1 element, but got ",
              b.numel(), " elements in the bins tensor for dimension ", d);
  }
  if (weight.defined()) {
    PYT_CHECK(weight.dtype() == input.dtype(), RuntimeError,
              "torch.histogramdd: if weight tensor is provided, input tensor and weight tensor should have the same "
              "dtype, but got input(",
              hist_dtype_name(input.dtype()), "), and weight(", hist_dtype_name(weight.dtype()), ")");
    std::vector<int64_t> want(input.sizes().begin(), input.sizes().end() - 1);
    std::vector<int64_t> got = weight.sizes();
    if (got.empty()) got = {1};
    PYT_CHECK(want == got, RuntimeError,
              "torch.histogramdd: if weight tensor is provided it should have the same shape as the input tensor "
              "excluding its innermost dimension, but got input with shape ",
              input.shape_str(), " and weight with shape ", weight.shape_str());
  }
  for (int64_t d = 0; d < D; ++d)
    PYT_CHECK(bins[d].numel() - 1 > 0, RuntimeError, "torch.histogram(): bins must be > 0, but got ",
              bins[d].numel() - 1, " for dimension ", d);
}

// The dtypes of torch's kernels: the min / max of the data (no range) float32 / float64, the
// binning also float16 / bfloat16 (Note [Reduced-precision histograms]).
void check_hist_dtype(const Tensor& input, bool needs_minmax) {
  ScalarType dt = input.dtype();
  bool native = dt == ScalarType::Float32 || dt == ScalarType::Float64;
  PYT_CHECK(native || (!needs_minmax && is_floating_type(dt)), NotImplementedError,
            needs_minmax ? "\"histogramdd\"" : "\"histogram_cpu\"", " not implemented for '", scalar_type_name(dt),
            "'");
}

// Runs the kernel over the rows of input (..., D) with the given edges; density as torch's
// histogramdd_out_cpu_template (divide by the total, then by each dimension's bin lengths).
Tensor hist_run(const Tensor& input, const std::vector<Tensor>& edges, const Tensor& weight, bool density,
                bool linear) {
  autograd::NoGradGuard ng;
  const int64_t D = input.size(-1);
  const int64_t M = D == 0 ? 0 : input.numel() / D;
  std::vector<int64_t> counts(D);
  for (int64_t d = 0; d < D; ++d) counts[d] = edges[d].numel() - 1;
  Tensor hist = zeros(counts, input.dtype());
  if (D == 0) return hist;
  Tensor x = contiguous(reshape(input, {M, D}));
  Tensor w = weight.defined() ? contiguous(reshape(weight, {M})) : Tensor();
  std::vector<Tensor> ec(D);
  std::vector<const void*> ep(D);
  std::vector<int64_t> ne(D);
  for (int64_t d = 0; d < D; ++d) {
    ec[d] = contiguous(edges[d]);
    ep[d] = ec[d].data_ptr();
    ne[d] = ec[d].numel();
  }
  cpu::histogramdd_kernel(x.data_ptr(), M, D, ep, ne, w.defined() ? w.data_ptr() : nullptr, hist.data_ptr(),
                          input.dtype(), linear);
  if (density) {
    Tensor total = sum(hist);
    hist = div(hist, total);
    for (int64_t d = 0; d < D; ++d) {
      Tensor len = sub(slice(ec[d], 0, 1, std::nullopt, 1), slice(ec[d], 0, 0, ne[d] - 1, 1));
      std::vector<int64_t> shape(D, 1);
      shape[d] = len.numel();
      hist = div(hist, reshape(len, shape));
    }
  }
  return hist;
}

}  // namespace

// ------------------------------------------------------------ public API ---

Tensor gcd(const Tensor& a, const Tensor& b) { return gcd_compute(GcdKind::Gcd, Tensor(), a, b); }
Tensor lcm(const Tensor& a, const Tensor& b) { return gcd_compute(GcdKind::Lcm, Tensor(), a, b); }

Tensor& gcd_(Tensor& a, const Tensor& b) {
  return inplace_op(a, {b}, "gcd_", [&](const Tensor& s) { return gcd(s, b); },
                    [&] { gcd_compute(GcdKind::Gcd, a, a, b); });
}
Tensor& lcm_(Tensor& a, const Tensor& b) {
  return inplace_op(a, {b}, "lcm_", [&](const Tensor& s) { return lcm(s, b); },
                    [&] { gcd_compute(GcdKind::Lcm, a, a, b); });
}

Tensor erfc(const Tensor& t) { return erfc_op(ErfcKind::Erfc, t); }
Tensor& erfc_(Tensor& t) {
  if (!is_floating_type(t.dtype()))
    PYT_CHECK(can_cast(get_default_dtype(), t.dtype()), RuntimeError, "erfc_: result type ",
              scalar_type_name(get_default_dtype()), " can't be cast to the desired output type ",
              scalar_type_name(t.dtype()));
  return inplace_op(t, {}, "erfc_", [](const Tensor& s) { return erfc(s); },
                    [&] { erfc_compute(ErfcKind::Erfc, t, t); });
}
Tensor special_erfcx(const Tensor& t) { return erfc_op(ErfcKind::Erfcx, t); }
Tensor special_ndtr(const Tensor& t) { return erfc_op(ErfcKind::Ndtr, t); }
Tensor special_log_ndtr(const Tensor& t) { return erfc_op(ErfcKind::LogNdtr, t); }

std::tuple<Tensor, std::vector<Tensor>> histogramdd(const Tensor& input, const std::vector<Tensor>& bins,
                                                    const Tensor& weight, bool density) {
  check_hist_inputs(input, bins, weight);
  check_hist_dtype(input, false);
  std::vector<Tensor> edges(bins.size());
  {
    autograd::NoGradGuard ng;
    for (size_t d = 0; d < bins.size(); ++d) edges[d] = clone(bins[d]).detach();
  }
  Tensor hist = hist_run(input, edges, weight, density, /*linear=*/false);
  return {hist, edges};
}

std::tuple<Tensor, std::vector<Tensor>> histogramdd(const Tensor& input, const std::vector<int64_t>& bins,
                                                    const std::optional<std::vector<double>>& range,
                                                    const Tensor& weight, bool density) {
  PYT_CHECK(input.dim() >= 2, RuntimeError, "torch.histogramdd: input tensor should have at least 2 dimensions");
  const int64_t D = input.size(-1);
  PYT_CHECK(static_cast<int64_t>(bins.size()) == D, RuntimeError, "torch.histogramdd: expected ", D,
            " sequences of bin edges for a ", D, "-dimensional histogram but got ", bins.size());
  check_hist_dtype(input, !range && input.numel() > 0);
  // torch's select_outer_bin_edges: the range, else the data's min / max (0, 1 when empty).
  std::vector<double> lo(D, 0.0), hi(D, 1.0);
  if (range) {
    PYT_CHECK(static_cast<int64_t>(range->size()) == 2 * D, RuntimeError, "torch.histogramdd: for a ", D,
              "-dimensional histogram range should have ", 2 * D, " elements, but got ", range->size());
    for (int64_t d = 0; d < D; ++d) {
      lo[d] = (*range)[2 * d];
      hi[d] = (*range)[2 * d + 1];
    }
  } else if (input.numel() > 0) {
    autograd::NoGradGuard ng;
    Tensor x = reshape(input, {input.numel() / D, D});
    Tensor mn = contiguous(to_dtype(amin(x, std::vector<int64_t>{0}), ScalarType::Float64));
    Tensor mx = contiguous(to_dtype(amax(x, std::vector<int64_t>{0}), ScalarType::Float64));
    for (int64_t d = 0; d < D; ++d) {
      lo[d] = mn.data_ptr<double>()[d];
      hi[d] = mx.data_ptr<double>()[d];
    }
  }
  for (int64_t d = 0; d < D; ++d) {
    PYT_CHECK(std::isfinite(lo[d]) && std::isfinite(hi[d]), RuntimeError, "torch.histogramdd: dimension ", d,
              "'s range [", lo[d], ", ", hi[d], "] is not finite");
    PYT_CHECK(lo[d] <= hi[d], RuntimeError, "torch.histogramdd: min should not exceed max, but got min ", lo[d],
              " max ", hi[d], " for dimension ", d);
    if (lo[d] == hi[d]) {  // widened as numpy, so density has no 0 division
      lo[d] -= 0.5;
      hi[d] += 0.5;
    }
  }
  for (int64_t d = 0; d < D; ++d)
    PYT_CHECK(bins[d] > 0, RuntimeError, "torch.histogram(): bins must be > 0, but got ", bins[d], " for dimension ",
              d);
  std::vector<Tensor> edges(D);
  for (int64_t d = 0; d < D; ++d) {
    edges[d] = empty({bins[d] + 1}, input.dtype());
    cpu::linspace_fma(edges[d].data_ptr(), input.dtype(), lo[d], hi[d], bins[d] + 1);
  }
  check_hist_inputs(input, edges, weight);
  Tensor hist = hist_run(input, edges, weight, density, /*linear=*/true);
  return {hist, edges};
}

std::tuple<Tensor, Tensor> histogram(const Tensor& input, int64_t bins,
                                     const std::optional<std::pair<double, double>>& range, const Tensor& weight,
                                     bool density) {
  std::optional<std::vector<double>> r;
  if (range) r = std::vector<double>{range->first, range->second};
  Tensor w = weight.defined() ? reshape(weight, {-1}) : weight;
  auto [hist, edges] = histogramdd(reshape(input, {-1, 1}), std::vector<int64_t>{bins}, r, w, density);
  return {hist, edges[0]};
}

std::tuple<Tensor, Tensor> histogram(const Tensor& input, const Tensor& bins, const Tensor& weight, bool density) {
  Tensor w = weight.defined() ? reshape(weight, {-1}) : weight;
  auto [hist, edges] = histogramdd(reshape(input, {-1, 1}), std::vector<Tensor>{bins}, w, density);
  return {hist, edges[0]};
}

}  // namespace pyt
