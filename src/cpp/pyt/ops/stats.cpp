// Statistics, sorting and searching ops. Forward passes run the kernels of
// ops/cpu/stats_kernels.cpp on the input with the reduced dim moved last and made
// contiguous (float16 / bfloat16 widened to float32, which keeps order and ties); each op
// then records the node torch records, whose backward is written with public ops so that it
// is differentiable again. quantile is a composite of sort, gather and lerp, as torch's.
#include "pyt/ops/stats.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/stats_kernels.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace {

ScalarType compute_type(ScalarType dt) {
  return dt == ScalarType::Float16 || dt == ScalarType::BFloat16 ? ScalarType::Float32 : dt;
}

Tensor cast(const Tensor& t, ScalarType dt) { return t.dtype() == dt ? t : to_dtype(t, dt); }

Tensor wrapped(double v) { return wrapped_scalar(Scalar(v)); }
Tensor wrapped_int(int64_t v) { return wrapped_scalar(Scalar(v)); }

std::string dtype_name(ScalarType dt) {
  std::string s = scalar_type_name(dt);
  // torch's kernel messages spell dtypes as C++ scalar types ('Long', 'Bool', ...)
  if (s == "float32") return "Float";
  if (s == "float64") return "Double";
  if (s == "float16") return "Half";
  if (s == "bfloat16") return "BFloat16";
  if (s == "int64") return "Long";
  if (s == "int32") return "Int";
  if (s == "int16") return "Short";
  if (s == "int8") return "Char";
  if (s == "uint8") return "Byte";
  if (s == "bool") return "Bool";
  return s;
}

[[noreturn]] void not_implemented(const char* kernel, ScalarType dt) {
  throw NotImplementedError(str("\"", kernel, "\" not implemented for '", dtype_name(dt), "'"));
}

// t with dim d moved last, contiguous, in the compute dtype (a 0-d t becomes one row of 1).
Tensor rows_last(const Tensor& t, int64_t d) {
  autograd::NoGradGuard ng;
  Tensor x = t.detach();
  x = t.dim() == 0 ? reshape(x, {1}) : movedim(x, {d}, {t.dim() - 1});
  return contiguous(cast(x, compute_type(t.dtype())));
}

// Output sizes of a reduction over d (keepdim: size 1 there).
std::vector<int64_t> reduced_sizes(const Tensor& t, int64_t d, bool keepdim) {
  std::vector<int64_t> s = t.sizes();
  if (t.dim() == 0) return s;
  if (keepdim)
    s[d] = 1;
  else
    s.erase(s.begin() + d);
  return s;
}

// torch's value_selecting_reduction_backward: the gradient of a selection goes to the
// selected index of each slice.
void record_selection(Tensor& values, const Tensor& t, const Tensor& indices, int64_t d, bool keepdim,
                      const char* node_name) {
  if (!any_requires_grad({&t})) return;
  std::vector<int64_t> in_sizes = t.sizes();
  bool zero_d = t.dim() == 0;
  auto node = make_node(node_name, {t}, [in_sizes, d, keepdim, zero_d](BackwardNode& n, const TensorList& g) {
    if (zero_d) return TensorList{g[0]};
    Tensor gi = keepdim ? g[0] : unsqueeze(g[0], d);
    Tensor idx = keepdim ? n.saved(0) : unsqueeze(n.saved(0), d);
    return TensorList{scatter(zeros(in_sizes, g[0].dtype()), d, idx, gi)};
  });
  node->save(indices);
  set_history(values, node);
}

std::tuple<Tensor, Tensor> select_dim(const Tensor& t, int64_t dim, bool keepdim, cpu::SelectKind kind, int64_t k,
                                      const char* op, const char* kernel, const char* node_name) {
  int64_t d = maybe_wrap_dim(dim, t.dim(), op);
  if (t.dtype() == ScalarType::Bool && kind != cpu::SelectKind::Mode) not_implemented(kernel, t.dtype());
  int64_t n = t.dim() == 0 ? 1 : t.sizes()[d];
  PYT_CHECK(n > 0, IndexError, op, "(): Expected reduction dim ", d, " to have non-zero size.");
  if (kind == cpu::SelectKind::Kth) {
    PYT_CHECK(k >= 1 && k <= n, RuntimeError, op, "(): selected number k out of range for dimension ", d,
              " (k = ", k, ", input ", t.describe(), ")");
  }
  int64_t outer = t.numel() / n;
  Tensor x = rows_last(t, d);
  Tensor values = empty({outer}, x.dtype()), indices = empty({outer}, ScalarType::Int64);
  if (outer > 0) cpu::select_rows(x, outer, n, kind, k, values, indices);
  std::vector<int64_t> out_sizes = reduced_sizes(t, d, keepdim);
  {
    autograd::NoGradGuard ng;
    values = cast(reshape(values, out_sizes), t.dtype());
    indices = reshape(indices, out_sizes);
  }
  record_selection(values, t, indices, d, keepdim, node_name);
  return {values, indices};
}

// torch's evenly_distribute_backward: the gradient of a whole-tensor median is shared
// evenly by the elements equal to the result (the NaN elements when it is NaN).
Tensor median_all_op(const Tensor& t, bool ignore_nan) {
  const char* op = ignore_nan ? "nanmedian" : "median";
  if (t.dtype() == ScalarType::Bool) not_implemented("median_cpu", t.dtype());
  Tensor out;
  {
    autograd::NoGradGuard ng;
    Tensor x = contiguous(cast(reshape(t.detach(), {-1}), compute_type(t.dtype())));
    out = empty({}, x.dtype());
    cpu::median_all(x, ignore_nan, out);
    out = cast(out, t.dtype());
  }
  (void)op;
  if (any_requires_grad({&t})) {
    auto node = make_node(ignore_nan ? "NanmedianBackward0" : "MedianBackward0", {t},
                          [](BackwardNode& n, const TensorList& g) {
                            Tensor x = n.saved(0), v = n.saved(1);
                            bool v_nan = std::isnan(v.item().to_double());
                            Tensor mask = v_nan ? isnan(x) : eq(x, v);
                            Tensor count = sum(mask);
                            return TensorList{mul(to_dtype(mask, g[0].dtype()), div(g[0], count))};
                          });
    node->save(t);
    node->save(out, true);
    set_history(out, node);
  }
  return out;
}

// The op `pre.squeeze(-1)` recorded as torch's in-place squeeze_ records it (SqueezeBackward4).
Tensor squeeze_last(const Tensor& pre) {
  std::vector<int64_t> s(pre.sizes().begin(), pre.sizes().end() - 1);
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = clone(reshape(pre.detach(), s));
  }
  if (any_requires_grad({&pre})) {
    auto node = make_node("SqueezeBackward4", {pre},
                          [](BackwardNode&, const TensorList& g) { return TensorList{unsqueeze(g[0], -1)}; });
    set_history(out, node);
  }
  return out;
}

enum class Interp { Linear, Lower, Higher, Midpoint, Nearest };

Interp interp_mode(const std::string& s) {
  if (s == "linear") return Interp::Linear;
  if (s == "lower") return Interp::Lower;
  if (s == "higher") return Interp::Higher;
  if (s == "midpoint") return Interp::Midpoint;
  if (s == "nearest") return Interp::Nearest;
  throw RuntimeError(str("quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, but got ",
                         s));
}

Tensor quantile_impl(const Tensor& t, const Tensor& q, std::optional<int64_t> dim, bool keepdim,
                     const std::string& interpolation, bool ignore_nan) {
  PYT_CHECK(t.numel() > 0, RuntimeError, "quantile() input tensor must be non-empty");
  PYT_CHECK(q.dim() <= 1, RuntimeError, "quantile() q must be a scalar or 1D tensor (got q ", q.describe(), ")");
  PYT_CHECK(t.dtype() == ScalarType::Float32 || t.dtype() == ScalarType::Float64, RuntimeError,
            "quantile() input tensor must be either float or double dtype (got ", t.describe(), ")");
  PYT_CHECK(q.dtype() == t.dtype(), RuntimeError, "quantile() q tensor must be same dtype as the input tensor (input ",
            t.describe(), ", q ", q.describe(), ")");
  Interp mode = interp_mode(interpolation);
  int64_t d = maybe_wrap_dim(dim.value_or(0), t.dim(), "quantile");
  Tensor qd = q.detach();
  {
    autograd::NoGradGuard ng;
    bool in_range = all(logical_and(ge(qd, wrapped(0.0)), le(qd, wrapped(1.0)))).item().to_bool();
    PYT_CHECK(in_range, RuntimeError, "quantile() q values must be in the range [0, 1]");
  }
  std::vector<int64_t> out_shape;
  if (dim && t.dim() > 0) {
    out_shape = reduced_sizes(t, d, keepdim);
  } else if (keepdim) {
    out_shape.assign(t.dim(), 1);
  }
  // Sort along the reduced dim (the flattened input without dim), laid out as out_shape + [n].
  Tensor sorted;
  if (!dim)
    sorted = std::get<0>(sort(reshape(t, {-1}), -1));
  else if (d == t.dim() - 1)
    sorted = std::get<0>(sort(t, -1));
  else
    sorted = std::get<0>(sort(transpose(unsqueeze(t, -1), d, -1), -1));
  int64_t n = sorted.sizes().back();
  std::vector<int64_t> in_shape = out_shape;
  in_shape.push_back(n);
  sorted = reshape(sorted, in_shape);

  // Ranks in [0, n - 1] (last dim: one per q), as torch computes them in the input dtype. They
  // carry q's gradient: the linear interpolation weight is differentiable in q, as in torch.
  Tensor count_or_nan;
  {
    autograd::NoGradGuard ng;
    Tensor s = sorted.detach();
    count_or_nan = ignore_nan ? sum(logical_not(isnan(s)), std::vector<int64_t>{-1}, true)
                              : any(isnan(s), std::vector<int64_t>{-1}, true);
  }
  Tensor q1 = q.dim() == 0 ? reshape(q, {1}) : q;
  Tensor ranks;
  if (ignore_nan) {
    ranks = mul(q1, sub(count_or_nan, wrapped_int(1)));
    Tensor negative;
    {
      autograd::NoGradGuard ng;
      negative = lt(ranks.detach(), wrapped(0.0));
    }
    ranks = masked_fill(ranks, negative, Scalar(0.0));
  } else {
    Tensor r = mul(q1, wrapped_int(n - 1));
    ranks = where(count_or_nan, full({}, Scalar(static_cast<double>(n - 1)), r.dtype()), r);
  }
  if (mode == Interp::Lower) ranks = floor(ranks);
  if (mode == Interp::Higher) ranks = ceil(ranks);
  if (mode == Interp::Nearest) ranks = round(ranks);
  Tensor ranks_below, ranks_above;
  {
    autograd::NoGradGuard ng;
    ranks_below = to_dtype(ranks.detach(), ScalarType::Int64);
    ranks_above = to_dtype(ceil(ranks.detach()), ScalarType::Int64);
  }
  Tensor values = gather(sorted, -1, ranks_below);
  if (mode == Interp::Linear || mode == Interp::Midpoint) {
    Tensor weights = mode == Interp::Midpoint ? full_like(ranks.detach(), Scalar(0.5)) : sub(ranks, ranks_below);
    values = lerp(values, gather(sorted, -1, ranks_above), weights);
  }
  if (q.dim() == 0) return squeeze_last(values);
  return squeeze_last(transpose(unsqueeze(values, 0), 0, -1));
}

Tensor scalar_q(double q, const Tensor& t) {
  PYT_CHECK(q >= 0 && q <= 1, RuntimeError, "quantile() q must be in the range [0, 1] but got ", q);
  return full({}, Scalar(q), t.dtype());
}

// Wrapped reduced dims of a DimList (all when absent or empty), and the keepdim sizes.
std::vector<int64_t> keep_sizes_of(const Tensor& t, const DimList& dims, const char* op) {
  std::vector<int64_t> keep = t.sizes();
  if (!dims || dims->empty() || t.dim() == 0) {
    std::fill(keep.begin(), keep.end(), 1);
    return keep;
  }
  for (int64_t x : *dims) keep[maybe_wrap_dim(x, t.dim(), op)] = 1;
  return keep;
}

std::tuple<Tensor, Tensor> cummaxmin(const Tensor& t, int64_t dim, bool is_max) {
  const char* op = is_max ? "cummax" : "cummin";
  int64_t d = maybe_wrap_dim(dim, t.dim(), op);
  int64_t n = t.dim() == 0 ? 1 : t.sizes()[d];
  Tensor x = rows_last(t, d);
  int64_t outer = n == 0 ? 0 : x.numel() / n;
  Tensor vals = empty(x.sizes(), x.dtype()), idx = empty(x.sizes(), ScalarType::Int64);
  if (outer > 0) cpu::cummaxmin_rows(x, outer, n, is_max, vals, idx);
  {
    autograd::NoGradGuard ng;
    if (t.dim() == 0) {
      vals = reshape(vals, {});
      idx = reshape(idx, {});
    } else {
      vals = contiguous(movedim(vals, {t.dim() - 1}, {d}));
      idx = contiguous(movedim(idx, {t.dim() - 1}, {d}));
    }
    vals = cast(vals, t.dtype());
  }
  if (any_requires_grad({&t})) {
    std::vector<int64_t> in_sizes = t.sizes();
    bool trivial = t.dim() == 0 || t.numel() == 0;
    auto node = make_node(is_max ? "CummaxBackward0" : "CumminBackward0", {t},
                          [in_sizes, d, trivial](BackwardNode& nd, const TensorList& g) {
                            if (trivial) return TensorList{g[0]};
                            return TensorList{scatter_add(zeros(in_sizes, g[0].dtype()), d, nd.saved(0), g[0])};
                          });
    node->save(idx);
    set_history(vals, node);
  }
  return {vals, idx};
}

// Shared by unique_dim and unique_consecutive: the slices of t along d, grouped (sorted
// lexicographically first when sort), as (values, inverse, counts).
std::tuple<Tensor, Tensor, Tensor> unique_slices(const Tensor& t, int64_t d, bool sort_first, bool return_inverse,
                                                 bool return_counts, const char* op) {
  autograd::NoGradGuard ng;
  for (int64_t k = 0; k < t.dim(); ++k)
    PYT_CHECK(k == d || t.sizes()[k] > 0, RuntimeError, op,
              ": There are 0 sized dimensions, and they aren't selected, so unique cannot be applied (input ",
              t.describe(), ", dim ", d, ")");
  int64_t n = t.sizes()[d];
  int64_t m = n == 0 ? 0 : t.numel() / n;
  Tensor x = contiguous(cast(movedim(t.detach(), {d}, {0}), compute_type(t.dtype())));
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), int64_t(0));
  std::vector<int64_t> group(static_cast<size_t>(n));
  std::vector<int64_t> firsts;  // positions (in order) where a new group starts
  PYT_DISPATCH_NUMERIC_AND_BOOL(x.dtype(), op, [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    auto nan = [](scalar_t v) {
      if constexpr (std::is_floating_point_v<scalar_t>) return std::isnan(v);
      return false;
    };
    if (sort_first) {
      // lexicographic, NaN the largest value (a strict weak order; NaN slices stay distinct below)
      std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        const scalar_t* ra = px + a * m;
        const scalar_t* rb = px + b * m;
        for (int64_t i = 0; i < m; ++i) {
          bool na = nan(ra[i]), nb = nan(rb[i]);
          if (na || nb) {
            if (na != nb) return nb;
            continue;
          }
          if (ra[i] != rb[i]) return ra[i] < rb[i];
        }
        return false;
      });
    }
    for (int64_t i = 0; i < n; ++i) {
      bool same = i > 0;
      if (same) {
        const scalar_t* ra = px + order[i] * m;
        const scalar_t* rb = px + order[i - 1] * m;
        for (int64_t j = 0; j < m && same; ++j) same = ra[j] == rb[j];
      }
      if (!same) firsts.push_back(i);
      group[order[i]] = static_cast<int64_t>(firsts.size()) - 1;
    }
  });
  int64_t g = static_cast<int64_t>(firsts.size());
  Tensor pick = empty({g}, ScalarType::Int64);
  int64_t* pp = pick.data_ptr<int64_t>();
  for (int64_t j = 0; j < g; ++j) pp[j] = order[firsts[j]];
  Tensor values = index_select(t.detach(), d, pick);
  Tensor inverse, counts;
  if (return_inverse) {
    inverse = empty({n}, ScalarType::Int64);
    if (n > 0) std::memcpy(inverse.data_ptr(), group.data(), group.size() * sizeof(int64_t));
  }
  if (return_counts) {
    counts = empty({g}, ScalarType::Int64);
    int64_t* pc = counts.data_ptr<int64_t>();
    for (int64_t j = 0; j < g; ++j) pc[j] = (j + 1 < g ? firsts[j + 1] : n) - firsts[j];
  }
  return {values, inverse, counts};
}

}  // namespace

// ============================================================== selections ===

Tensor median(const Tensor& t) { return median_all_op(t, false); }
Tensor nanmedian(const Tensor& t) { return median_all_op(t, true); }

std::tuple<Tensor, Tensor> median(const Tensor& t, int64_t dim, bool keepdim) {
  return select_dim(t, dim, keepdim, cpu::SelectKind::Median, 0, "median", "median_out", "MedianBackward1");
}

std::tuple<Tensor, Tensor> nanmedian(const Tensor& t, int64_t dim, bool keepdim) {
  return select_dim(t, dim, keepdim, cpu::SelectKind::NanMedian, 0, "nanmedian", "median_out", "NanmedianBackward1");
}

std::tuple<Tensor, Tensor> kthvalue(const Tensor& t, int64_t k, int64_t dim, bool keepdim) {
  return select_dim(t, dim, keepdim, cpu::SelectKind::Kth, k, "kthvalue", "kthvalue_cpu", "KthvalueBackward0");
}

std::tuple<Tensor, Tensor> mode(const Tensor& t, int64_t dim, bool keepdim) {
  return select_dim(t, dim, keepdim, cpu::SelectKind::Mode, 0, "mode", "mode_cpu", "ModeBackward0");
}

Tensor quantile(const Tensor& t, const Tensor& q, std::optional<int64_t> dim, bool keepdim,
                const std::string& interpolation) {
  return quantile_impl(t, q, dim, keepdim, interpolation, false);
}
Tensor quantile(const Tensor& t, double q, std::optional<int64_t> dim, bool keepdim, const std::string& interpolation) {
  return quantile_impl(t, scalar_q(q, t), dim, keepdim, interpolation, false);
}
Tensor nanquantile(const Tensor& t, const Tensor& q, std::optional<int64_t> dim, bool keepdim,
                   const std::string& interpolation) {
  return quantile_impl(t, q, dim, keepdim, interpolation, true);
}
Tensor nanquantile(const Tensor& t, double q, std::optional<int64_t> dim, bool keepdim,
                   const std::string& interpolation) {
  return quantile_impl(t, scalar_q(q, t), dim, keepdim, interpolation, true);
}

// =================================================== NaN-aware reductions ===

Tensor nansum(const Tensor& t, const DimList& dims, bool keepdim, OptDtype dtype) {
  std::vector<int64_t> keep = keep_sizes_of(t, dims, "nansum");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    Tensor x = t.detach();
    // NaN -> 0 in one fused pass (infinities kept), then the deterministic sum.
    if (is_floating_type(x.dtype())) {
      double inf = std::numeric_limits<double>::infinity();
      x = nan_to_num(x, 0.0, inf, -inf);
    }
    out = sum(x, dims, keepdim, dtype);
  }
  if (any_requires_grad({&t}) && is_floating_type(out.dtype())) {
    ScalarType in_dt = t.dtype();
    std::vector<int64_t> in_sizes = t.sizes();
    auto node = make_node("NansumBackward0", {t}, [keep, in_sizes, in_dt](BackwardNode& n, const TensorList& g) {
      Tensor gk = expand(reshape(g[0], keep), in_sizes);
      return TensorList{cast(mul(gk, logical_not(isnan(n.saved(0)))), in_dt)};
    });
    node->save(t);
    set_history(out, node);
  }
  return out;
}

Tensor nanmean(const Tensor& t, const DimList& dims, bool keepdim, OptDtype dtype) {
  PYT_CHECK(is_floating_type(t.dtype()), RuntimeError,
            "nanmean(): expected input to have floating point or complex dtype but got ", dtype_name(t.dtype()),
            " (input ", t.describe(), ")");
  Tensor count;
  {
    autograd::NoGradGuard ng;
    count = sum(logical_not(isnan(t.detach())), dims, keepdim);
  }
  return div(nansum(t, dims, keepdim, dtype), count);
}

// ============================================================== cumulative ===

std::tuple<Tensor, Tensor> cummax(const Tensor& t, int64_t dim) { return cummaxmin(t, dim, true); }
std::tuple<Tensor, Tensor> cummin(const Tensor& t, int64_t dim) { return cummaxmin(t, dim, false); }

Tensor logcumsumexp(const Tensor& t, int64_t dim) {
  int64_t d = maybe_wrap_dim(dim, t.dim(), "logcumsumexp");
  if (!is_floating_type(t.dtype())) not_implemented("logcumsumexp_out_cpu", t.dtype());
  int64_t n = t.dim() == 0 ? 1 : t.sizes()[d];
  Tensor x = rows_last(t, d);
  int64_t outer = n == 0 ? 0 : x.numel() / n;
  Tensor out = empty(x.sizes(), x.dtype());
  if (outer > 0) cpu::logcumsumexp_rows(x, outer, n, out);
  {
    autograd::NoGradGuard ng;
    out = t.dim() == 0 ? reshape(out, {}) : contiguous(movedim(out, {t.dim() - 1}, {d}));
    out = cast(out, t.dtype());
  }
  if (any_requires_grad({&t})) {
    auto node = make_node("LogcumsumexpBackward0", {t}, [d](BackwardNode& nd, const TensorList& gs) {
      Tensor g = gs[0], x = nd.saved(0), y = nd.saved(1);
      if (g.dim() == 0 || g.numel() == 0) return TensorList{g};
      // torch's logcumsumexp_backward: the positive and negative parts of g summed in log space.
      double lowest = g.dtype() == ScalarType::Float64 ? std::numeric_limits<double>::lowest()
                                                       : static_cast<double>(std::numeric_limits<float>::lowest());
      Tensor g_min = full({}, Scalar(lowest), g.dtype());
      auto rev_lcse = [d](const Tensor& v) { return flip(logcumsumexp(flip(v, {d}), d), {d}); };
      Tensor log_abs = log(abs(g));
      Tensor log_pos = where(gt(g, wrapped(0.0)), log_abs, g_min);
      Tensor log_neg = where(lt(g, wrapped(0.0)), log_abs, g_min);
      Tensor out_pos = exp(add(rev_lcse(sub(log_pos, y)), x));
      Tensor out_neg = exp(add(rev_lcse(sub(log_neg, y)), x));
      return TensorList{sub(out_pos, out_neg)};
    });
    node->save(t);
    node->save(out, true);
    set_history(out, node);
  }
  return out;
}

// =============================================================== searching ===

Tensor searchsorted(const Tensor& sorted_sequence, const Tensor& values, bool out_int32, bool right,
                    const std::optional<std::string>& side, const std::optional<Tensor>& sorter) {
  const Tensor& seq = sorted_sequence;
  PYT_CHECK(seq.dim() > 0, RuntimeError,
            "torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 dimension");
  if (side) {
    PYT_CHECK(*side == "left" || *side == "right", RuntimeError,
              "torch.searchsorted(): side can only be 'left' or 'right' but got ", *side);
    PYT_CHECK(!(right && *side == "left"), RuntimeError,
              "torch.searchsorted(): side and right can't be set to opposites, got side of left while right was True");
    right = right || *side == "right";
  }
  bool shared = seq.dim() == 1;
  if (!shared) {
    bool match = seq.dim() == values.dim() &&
                 std::equal(seq.sizes().begin(), seq.sizes().end() - 1, values.sizes().begin());
    PYT_CHECK(match, RuntimeError,
              "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries "
              "tensor and input value tensor must match, but we got boundaries tensor ",
              shape_to_string(seq.sizes()), " and input value tensor ", shape_to_string(values.sizes()));
  }
  int64_t n_seq = seq.sizes().back();
  Tensor sort_idx;
  if (sorter) {
    PYT_CHECK(sorter->dtype() == ScalarType::Int64, RuntimeError,
              "torch.searchsorted(): sorter must be a tensor of long dtype but got ", dtype_name(sorter->dtype()));
    PYT_CHECK(sorter->sizes() == seq.sizes(), RuntimeError,
              "torch.searchsorted(): boundary and sorter must have the same size, but got boundary tensor ",
              shape_to_string(seq.sizes()), "and got sorter tensor ", shape_to_string(sorter->sizes()));
    sort_idx = contiguous(sorter->detach());
    const int64_t* ps = sort_idx.data_ptr<int64_t>();
    for (int64_t i = 0; i < sort_idx.numel(); ++i)
      PYT_CHECK(ps[i] >= 0 && ps[i] < n_seq, RuntimeError, "torch.searchsorted(): sorter index out of range (got ",
                ps[i], " for a boundary dim of size ", n_seq, ")");
  }
  ScalarType common = promote_types(seq.dtype(), values.dtype());
  if (common == ScalarType::Bool) not_implemented("searchsorted_out_cpu", common);
  ScalarType cdt = compute_type(common);
  Tensor out = empty(values.sizes(), out_int32 ? ScalarType::Int32 : ScalarType::Int64);
  if (values.numel() == 0) return out;
  autograd::NoGradGuard ng;
  Tensor s = contiguous(cast(seq.detach(), cdt)), v = contiguous(cast(values.detach(), cdt));
  int64_t n_v = shared ? values.numel() : values.sizes().back();
  int64_t rows = shared ? 1 : values.numel() / n_v;
  cpu::searchsorted_rows(s, v, sort_idx, rows, n_seq, n_v, shared, right, out);
  return out;
}

Tensor bucketize(const Tensor& t, const Tensor& boundaries, bool out_int32, bool right) {
  PYT_CHECK(boundaries.dim() == 1, RuntimeError, "boundaries tensor must be 1 dimension, but got dim(",
            boundaries.dim(), ")");
  return searchsorted(boundaries, t, out_int32, right);
}

Tensor histc(const Tensor& t, int64_t bins, double min, double max) {
  if (!is_floating_type(t.dtype())) not_implemented("histogram_cpu", t.dtype());
  PYT_CHECK(bins > 0, RuntimeError, "torch.histogram(): bins must be > 0, but got ", bins, " for dimension 0");
  autograd::NoGradGuard ng;
  Tensor x = contiguous(cast(reshape(t.detach(), {-1}), compute_type(t.dtype())));
  double lo = min, hi = max;
  if (lo == hi && x.numel() > 0) {
    lo = amin(x).item().to_double();
    hi = amax(x).item().to_double();
  }
  if (lo == hi) {
    lo -= 1;
    hi += 1;
  }
  PYT_CHECK(std::isfinite(lo) && std::isfinite(hi), RuntimeError, "torch.histc: range of [", lo, ", ", hi,
            "] is not finite");
  PYT_CHECK(lo < hi, RuntimeError, "torch.histc: max must be larger than min");
  Tensor out = empty({bins}, x.dtype());
  cpu::histc_kernel(x, bins, lo, hi, out);
  return cast(out, t.dtype());
}

Tensor bincount(const Tensor& t, const std::optional<Tensor>& weights, int64_t minlength) {
  if (!is_integral_type(t.dtype(), false)) not_implemented("bincount_cpu", t.dtype());
  PYT_CHECK(minlength >= 0, RuntimeError, "minlength should be >= 0");
  autograd::NoGradGuard ng;
  Tensor x = contiguous(t.detach());
  bool nonneg = t.numel() == 0 || amin(x).item().to_int() >= 0;
  PYT_CHECK(t.dim() == 1 && nonneg, RuntimeError, "bincount only supports 1-d non-negative integral inputs. (got ",
            t.describe(), ")");
  if (t.numel() == 0) return zeros({minlength}, ScalarType::Int64);
  if (weights && weights->defined()) {
    PYT_CHECK(weights->dim() == 1 && weights->sizes()[0] == t.sizes()[0], RuntimeError,
              "weights should be 1-d and have the same length as input (input ", t.describe(), ", weights ",
              weights->describe(), ")");
  }
  int64_t nbins = std::max(minlength, amax(x).item().to_int() + 1);
  Tensor w;
  ScalarType out_dt = ScalarType::Int64;
  if (weights && weights->defined()) {
    out_dt = weights->dtype() == ScalarType::Float32 ? ScalarType::Float32 : ScalarType::Float64;
    w = contiguous(cast(weights->detach(), out_dt));
  }
  Tensor out = zeros({nbins}, out_dt);
  cpu::bincount_kernel(x, w, out);
  return out;
}

Tensor isin(const Tensor& elements, const Tensor& test_elements, bool assume_unique, bool invert) {
  (void)assume_unique;  // a hint only: the binary search is right either way
  PYT_CHECK(elements.dtype() != ScalarType::Bool && test_elements.dtype() != ScalarType::Bool, RuntimeError,
            "Unsupported input type encountered for isin(): Bool");
  ScalarType cdt = compute_type(promote_types(elements.dtype(), test_elements.dtype()));
  autograd::NoGradGuard ng;
  Tensor x = contiguous(cast(elements.detach(), cdt));
  Tensor s = contiguous(std::get<0>(sort(reshape(cast(test_elements.detach(), cdt), {-1}), 0)));
  Tensor out = empty(elements.sizes(), ScalarType::Bool);
  if (out.numel() > 0) cpu::isin_kernel(x, s, invert, out);
  return out;
}

Tensor argwhere(const Tensor& t) {
  autograd::NoGradGuard ng;
  if (t.dim() == 0) {
    bool hit = to_dtype(t.detach(), ScalarType::Bool).item().to_bool();
    return empty({hit ? 1 : 0, 0}, ScalarType::Int64);
  }
  return nonzero(t);
}

// ================================================================== unique ===

std::tuple<Tensor, Tensor, Tensor> unique_dim(const Tensor& t, int64_t dim, bool sorted, bool return_inverse,
                                              bool return_counts) {
  (void)sorted;  // always sorted, as torch's unique with dim
  PYT_CHECK(t.dim() > 0, IndexError, "Dimension specified as ", dim, " but tensor has no dimensions");
  int64_t d = maybe_wrap_dim(dim, t.dim(), "unique");
  return unique_slices(t, d, true, return_inverse, return_counts, "unique");
}

std::tuple<Tensor, Tensor, Tensor> unique_consecutive(const Tensor& t, bool return_inverse, bool return_counts,
                                                      std::optional<int64_t> dim) {
  if (dim) {
    PYT_CHECK(t.dim() > 0, IndexError, "Dimension specified as ", *dim, " but tensor has no dimensions");
    int64_t d = maybe_wrap_dim(*dim, t.dim(), "unique_consecutive");
    return unique_slices(t, d, false, return_inverse, return_counts, "unique_consecutive");
  }
  Tensor flat;
  {
    autograd::NoGradGuard ng;
    flat = reshape(t.detach(), {-1});
  }
  auto [values, inverse, counts] = unique_slices(flat, 0, false, return_inverse, return_counts, "unique_consecutive");
  if (return_inverse) inverse = reshape(inverse, t.sizes());
  return {values, inverse, counts};
}

}  // namespace pyt
