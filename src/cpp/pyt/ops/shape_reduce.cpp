// Reductions and shape ops beyond the core set. Forward passes run kernels (or compose
// existing ops under NoGradGuard); each op then records one node named as torch names it,
// whose backward formula is written with public ops so that it is differentiable again.
//
// Reductions follow Note [Deterministic reductions] (reduce.cpp): the reduced dims are moved
// last and made contiguous, and every row is reduced as fixed-size chunks whose partial
// results are combined in chunk order. A row's result therefore depends only on its length,
// never on the thread count or on whether rows or chunks were spread across threads. A
// contiguous input reduced over one block of dims followed by kept dims is reduced column by
// column instead (each column in r order, by one thread): no copy, same independence.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace {

constexpr int64_t kChunk = 16384;  // elements per partial result of a row

// ------------------------------------------------------------------ helpers ---

Tensor make_view(const Tensor& t, std::vector<int64_t> sizes, std::vector<int64_t> strides, int64_t offset) {
  auto impl = make_intrusive<TensorImpl>(t.impl()->storage(), t.dtype(), std::move(sizes), std::move(strides), offset,
                                         t.impl()->version_counter());
  impl->set_view_base(t.impl()->is_view() && t.impl()->view_base() ? t.impl()->view_base() : t.impl_ptr());
  return Tensor(std::move(impl));
}

Tensor wrapped(double v) { return wrapped_scalar(Scalar(v)); }

// float16 / bfloat16 compute through float32 (Note [Reduced precision] in reduce.cpp).
ScalarType compute_type(ScalarType dt) {
  return dt == ScalarType::Float16 || dt == ScalarType::BFloat16 ? ScalarType::Float32 : dt;
}

Tensor cast(const Tensor& t, ScalarType dt) { return t.dtype() == dt ? t : to_dtype(t, dt); }

struct ReducePlan {
  std::vector<bool> reduced;       // per input dim
  std::vector<int64_t> keep_sizes;  // output sizes with keepdim
  std::vector<int64_t> out_sizes;   // output sizes without keepdim
  DimList dims;                     // the wrapped reduced dims (nullopt: all)
  int64_t outer = 1, inner = 1;     // kept elements x reduced elements
};

ReducePlan plan_reduce(const Tensor& t, const DimList& dims, const char* op) {
  ReducePlan p;
  int64_t nd = t.dim();
  p.reduced.assign(nd, false);
  if (!dims || dims->empty()) {
    p.reduced.assign(nd, true);
  } else {
    std::vector<int64_t> wrapped_dims;
    for (int64_t d : *dims) {
      int64_t w = maybe_wrap_dim(d, nd, op);
      if (nd == 0) continue;
      PYT_CHECK(!p.reduced[w], RuntimeError, op, ": dim ", w, " appears multiple times in the list of dims");
      p.reduced[w] = true;
      wrapped_dims.push_back(w);
    }
    if (nd > 0) p.dims = wrapped_dims;
  }
  for (int64_t d = 0; d < nd; ++d) {
    if (p.reduced[d]) {
      p.keep_sizes.push_back(1);
      p.inner *= t.sizes()[d];
    } else {
      p.keep_sizes.push_back(t.sizes()[d]);
      p.out_sizes.push_back(t.sizes()[d]);
      p.outer *= t.sizes()[d];
    }
  }
  return p;
}

// The input arranged as a contiguous (outer, inner) array, reduced dims last.
Tensor arrange_for_reduce(const Tensor& t, const ReducePlan& p) {
  std::vector<int64_t> perm;
  for (int64_t d = 0; d < t.dim(); ++d)
    if (!p.reduced[d]) perm.push_back(d);
  for (int64_t d = 0; d < t.dim(); ++d)
    if (p.reduced[d]) perm.push_back(d);
  autograd::NoGradGuard ng;
  Tensor x = t.dim() > 0 ? permute(t.detach(), perm) : t.detach();
  return contiguous(x);
}

// A gradient (or saved output) of a reduction reshaped to the input's rank (reduced dims 1).
Tensor to_keep(const Tensor& g, const std::vector<int64_t>& keep_sizes) {
  return g.sizes() == keep_sizes ? g : reshape(g, keep_sizes);
}

// Reduces every row of a contiguous (outer, inner) array: partial(row, begin, end) over the
// row's chunks of kChunk elements (one empty chunk for an empty row), folded in chunk order
// with combine; store(row, result).
template <typename acc_t, typename Partial, typename Combine, typename Store>
void reduce_rows(int64_t outer, int64_t inner, Partial partial, Combine combine, Store store) {
  if (outer == 0) return;
  int64_t nchunks = std::max<int64_t>(1, (inner + kChunk - 1) / kChunk);
  auto bounds = [inner](int64_t c) { return std::make_pair(c * kChunk, std::min(inner, (c + 1) * kChunk)); };
  if (outer == 1 && nchunks > 1) {
    std::vector<acc_t> parts(nchunks);
    parallel_for(0, nchunks, 1, [&](int64_t b, int64_t e) {
      for (int64_t c = b; c < e; ++c) parts[c] = partial(0, bounds(c).first, bounds(c).second);
    });
    acc_t acc = parts[0];
    for (int64_t c = 1; c < nchunks; ++c) acc = combine(acc, parts[c]);
    store(0, acc);
    return;
  }
  int64_t grain = std::max<int64_t>(1, kGrainSize / std::max<int64_t>(inner, 1));
  parallel_for(0, outer, grain, [&](int64_t b, int64_t e) {
    for (int64_t o = b; o < e; ++o) {
      acc_t acc = partial(o, bounds(0).first, bounds(0).second);
      for (int64_t c = 1; c < nchunks; ++c) acc = combine(acc, partial(o, bounds(c).first, bounds(c).second));
      store(o, acc);
    }
  });
}

template <typename T>
using float_acc_t = std::conditional_t<std::is_floating_point_v<T>, double, uint64_t>;

// Product of x over the plan's dims into a new tensor of x's dtype (no autograd).
Tensor prod_kernel(const Tensor& x_in, const ReducePlan& p, bool keepdim) {
  ScalarType dt = x_in.dtype(), cdt = compute_type(dt);
  Tensor x = arrange_for_reduce(cast(x_in.detach(), cdt), p);
  Tensor out = empty(keepdim ? p.keep_sizes : p.out_sizes, cdt);
  PYT_DISPATCH_NUMERIC(cdt, "prod", [&] {
    // Floats multiply in their own type (as torch: a float32 product overflows like torch's),
    // integers in wrapping 64-bit arithmetic (no signed overflow).
    using acc_t = std::conditional_t<std::is_floating_point_v<scalar_t>, scalar_t, uint64_t>;
    const scalar_t* px = x.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    int64_t inner = p.inner;
    reduce_rows<acc_t>(
        p.outer, inner,
        [&](int64_t o, int64_t b, int64_t e) {
          acc_t a = 1;
          const scalar_t* row = px + o * inner;
          for (int64_t j = b; j < e; ++j) a *= static_cast<acc_t>(row[j]);
          return a;
        },
        [](acc_t a, acc_t b) { return a * b; }, [&](int64_t o, acc_t a) { po[o] = static_cast<scalar_t>(a); });
  });
  return cast(out, dt);
}

// A contiguous input whose reduced dims form one block followed by kept dims is an (A, R, B)
// array reduced over R: it is reduced column by column in place, without the transposing
// copy of arrange_for_reduce. Returns nothing for other layouts (and when B is 1, where the
// rows are already contiguous).
struct ColumnLayout {
  int64_t A = 1, R = 1, B = 1;
};

std::optional<ColumnLayout> column_layout(const Tensor& x, const ReducePlan& p) {
  if (!x.is_contiguous() || x.numel() == 0) return std::nullopt;
  ColumnLayout c;
  int state = 0;  // 0: before the reduced block, 1: in it, 2: after it
  for (int64_t d = 0; d < x.dim(); ++d) {
    int64_t s = x.sizes()[d];
    if (s == 1) continue;
    if (p.reduced[d]) {
      if (state == 2) return std::nullopt;  // a second reduced block
      state = 1;
      c.R *= s;
    } else if (state == 0) {
      c.A *= s;
    } else {
      state = 2;
      c.B *= s;
    }
  }
  if (c.B == 1) return std::nullopt;
  return c;
}

// Calls f(a, j0, len) for every a and every block of up to kColumnBlock columns, in parallel;
// each column is reduced by one call, in r order.
constexpr int64_t kColumnBlock = 256;
template <typename F>
void for_column_blocks(const ColumnLayout& c, F f) {
  int64_t nb = (c.B + kColumnBlock - 1) / kColumnBlock;
  int64_t grain = std::max<int64_t>(1, kGrainSize / std::max<int64_t>(1, c.R * std::min(c.B, kColumnBlock)));
  parallel_for(0, c.A * nb, grain, [&](int64_t b, int64_t e) {
    for (int64_t w = b; w < e; ++w) {
      int64_t j0 = (w % nb) * kColumnBlock;
      f(w / nb, j0, std::min(kColumnBlock, c.B - j0));
    }
  });
}

// Max (is_max) or min of x over the plan's dims; nan wins.
Tensor minmax_kernel(const Tensor& x_in, const ReducePlan& p, bool keepdim, bool is_max, const char* op) {
  ScalarType dt = x_in.dtype(), cdt = compute_type(dt);
  Tensor xc = cast(x_in.detach(), cdt);
  auto cols = column_layout(xc, p);
  Tensor x = cols ? xc : arrange_for_reduce(xc, p);
  Tensor out = empty(keepdim ? p.keep_sizes : p.out_sizes, cdt);
  PYT_DISPATCH_NUMERIC_AND_BOOL(cdt, op, [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    int64_t inner = p.inner;
    auto pick = [is_max](scalar_t a, scalar_t b) -> scalar_t {
      if constexpr (std::is_floating_point_v<scalar_t>) {
        if (std::isnan(a)) return a;
        if (std::isnan(b)) return b;
      }
      return is_max ? (b > a ? b : a) : (b < a ? b : a);
    };
    if (cols) {
      const ColumnLayout c = *cols;
      for_column_blocks(c, [&](int64_t a, int64_t j0, int64_t len) {
        scalar_t acc[kColumnBlock];
        const scalar_t* base = px + a * c.R * c.B + j0;
        for (int64_t j = 0; j < len; ++j) acc[j] = base[j];
        for (int64_t r = 1; r < c.R; ++r)
          for (int64_t j = 0; j < len; ++j) acc[j] = pick(acc[j], base[r * c.B + j]);
        std::copy(acc, acc + len, po + a * c.B + j0);
      });
      return;
    }
    reduce_rows<scalar_t>(
        p.outer, inner,
        [&](int64_t o, int64_t b, int64_t e) {  // rows are non-empty (checked by the caller)
          const scalar_t* row = px + o * inner;
          scalar_t best = row[b];
          for (int64_t j = b + 1; j < e; ++j) best = pick(best, row[j]);
          return best;
        },
        pick, [&](int64_t o, scalar_t a) { po[o] = a; });
  });
  return cast(out, dt);
}

// Two-pass variance in float64 over the plan's dims: mean, then the sum of squared
// deviations, each chunked per Note [Deterministic reductions]. Returns float64 values.
Tensor var_kernel(const Tensor& x_in, const ReducePlan& p, bool keepdim, double correction, bool take_sqrt) {
  ScalarType cdt = compute_type(x_in.dtype());
  Tensor xc = cast(x_in.detach(), cdt);
  auto cols = column_layout(xc, p);
  Tensor x = cols ? xc : arrange_for_reduce(xc, p);
  Tensor out = empty(keepdim ? p.keep_sizes : p.out_sizes, ScalarType::Float64);
  double* po = out.data_ptr<double>();
  int64_t inner = p.inner, outer = p.outer;
  double n = static_cast<double>(inner);
  double dof = std::max(0.0, n - correction);
  auto finish = [&](double m2) {
    double v = m2 / dof;
    return take_sqrt ? std::sqrt(v) : v;
  };
  PYT_DISPATCH_FLOATING(cdt, "var", [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    if (cols) {
      const ColumnLayout c = *cols;
      for_column_blocks(c, [&](int64_t a, int64_t j0, int64_t len) {
        double mean[kColumnBlock] = {}, m2[kColumnBlock] = {};
        const scalar_t* base = px + a * c.R * c.B + j0;
        for (int64_t r = 0; r < c.R; ++r)
          for (int64_t j = 0; j < len; ++j) mean[j] += static_cast<double>(base[r * c.B + j]);
        for (int64_t j = 0; j < len; ++j) mean[j] /= n;
        for (int64_t r = 0; r < c.R; ++r)
          for (int64_t j = 0; j < len; ++j) {
            double d = static_cast<double>(base[r * c.B + j]) - mean[j];
            m2[j] += d * d;
          }
        for (int64_t j = 0; j < len; ++j) po[a * c.B + j0 + j] = finish(m2[j]);
      });
      return;
    }
    std::vector<double> means(static_cast<size_t>(outer));
    auto add = [](double a, double b) { return a + b; };
    reduce_rows<double>(
        outer, inner,
        [&](int64_t o, int64_t b, int64_t e) {
          double s = 0;
          const scalar_t* row = px + o * inner;
          for (int64_t j = b; j < e; ++j) s += static_cast<double>(row[j]);
          return s;
        },
        add, [&](int64_t o, double s) { means[o] = s / n; });
    reduce_rows<double>(
        outer, inner,
        [&](int64_t o, int64_t b, int64_t e) {
          double s = 0, m = means[o];
          const scalar_t* row = px + o * inner;
          for (int64_t j = b; j < e; ++j) {
            double d = static_cast<double>(row[j]) - m;
            s += d * d;
          }
          return s;
        },
        add, [&](int64_t o, double m2) { po[o] = finish(m2); });
  });
  return out;
}

// Checks that a max-like reduction (no identity) has something to reduce.
void check_nonempty_reduction(const Tensor& t, const DimList& dims, const ReducePlan& p, const char* op) {
  if (!dims || dims->empty()) {
    PYT_CHECK(t.numel() > 0, RuntimeError, op, "(): Expected reduction dim to be specified for input.numel() == 0. "
              "Specify the reduction dim with the 'dim' argument.");
    return;
  }
  for (int64_t d = 0; d < t.dim(); ++d)
    PYT_CHECK(!p.reduced[d] || t.sizes()[d] > 0, IndexError, op, "(): Expected reduction dim ", d,
              " to have non-zero size; got input of shape ", t.shape_str());
}

// For each element along dim d: the product of the other elements on its line (exclusive
// products from both sides, so zeros need no special case). Public ops only.
Tensor prod_of_others(const Tensor& x, int64_t d) {
  if (x.dim() == 0) return ones_like(x);
  int64_t n = x.sizes()[d];
  if (n <= 1) return ones_like(x);
  Tensor one = ones_like(narrow(x, d, 0, 1));
  Tensor left = cat({one, narrow(cumprod(x, d), d, 0, n - 1)}, d);
  Tensor right = flip(cat({one, narrow(cumprod(flip(x, {d}), d), d, 0, n - 1)}, d), {d});
  return mul(left, right);
}

Tensor reverse_cumsum(const Tensor& g, int64_t d) { return flip(cumsum(flip(g, {d}), d), {d}); }

ScalarType cumulative_dtype(const Tensor& t, OptDtype dtype) {
  if (dtype) return *dtype;
  return is_integral_type(t.dtype(), true) ? ScalarType::Int64 : t.dtype();
}

// Running sum or product along dim d of x (already of the output dtype).
Tensor cumulative_kernel(const Tensor& x_in, int64_t d, bool is_sum, const char* op) {
  ScalarType dt = x_in.dtype(), cdt = compute_type(dt);
  Tensor x = contiguous(cast(x_in.detach(), cdt));
  Tensor out = empty(x.sizes(), cdt);
  if (x.numel() == 0) return cast(out, dt);
  int64_t outer = 1, len = 1, inner = 1;
  if (x.dim() > 0) {
    for (int64_t k = 0; k < d; ++k) outer *= x.sizes()[k];
    len = x.sizes()[d];
    for (int64_t k = d + 1; k < x.dim(); ++k) inner *= x.sizes()[k];
  }
  PYT_DISPATCH_NUMERIC(cdt, op, [&] {
    // torch accumulates floats in float64 (acc_type on CPU) and rounds each running value.
    using acc_t = float_acc_t<scalar_t>;
    const scalar_t* px = x.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    int64_t grain = std::max<int64_t>(1, kGrainSize / std::max<int64_t>(1, len * inner));
    parallel_for(0, outer, grain, [&](int64_t b, int64_t e) {
      std::vector<acc_t> acc(static_cast<size_t>(inner));
      for (int64_t o = b; o < e; ++o) {
        std::fill(acc.begin(), acc.end(), acc_t(is_sum ? 0 : 1));
        const scalar_t* src = px + o * len * inner;
        scalar_t* dst = po + o * len * inner;
        for (int64_t j = 0; j < len; ++j)
          for (int64_t k = 0; k < inner; ++k) {
            acc_t v = static_cast<acc_t>(src[j * inner + k]);
            acc[k] = is_sum ? acc[k] + v : acc[k] * v;
            dst[j * inner + k] = static_cast<scalar_t>(acc[k]);
          }
      }
    });
  });
  return cast(out, dt);
}

// Copies the strided source (byte strides, possibly negative) at src into contiguous dst.
void strided_copy(const char* src, const std::vector<int64_t>& sizes, const std::vector<int64_t>& bstrides, char* dst,
                  size_t es) {
  int64_t nd = static_cast<int64_t>(sizes.size());
  int64_t numel = compute_numel(sizes);
  if (numel == 0) return;
  if (nd == 0) {
    std::memcpy(dst, src, es);
    return;
  }
  int64_t inner = sizes.back(), st = bstrides.back();
  int64_t outer = numel / inner;
  int64_t grain = std::max<int64_t>(1, kGrainSize / inner);
  parallel_for(0, outer, grain, [&](int64_t b, int64_t e) {
    for (int64_t o = b; o < e; ++o) {
      int64_t rem = o, off = 0;
      for (int64_t k = nd - 2; k >= 0; --k) {
        off += (rem % sizes[k]) * bstrides[k];
        rem /= sizes[k];
      }
      const char* s = src + off;
      char* dd = dst + o * inner * static_cast<int64_t>(es);
      switch (es) {
        case 1: for (int64_t j = 0; j < inner; ++j) dd[j] = s[j * st]; break;
        case 2: for (int64_t j = 0; j < inner; ++j) std::memcpy(dd + 2 * j, s + j * st, 2); break;
        case 4: for (int64_t j = 0; j < inner; ++j) std::memcpy(dd + 4 * j, s + j * st, 4); break;
        case 8: for (int64_t j = 0; j < inner; ++j) std::memcpy(dd + 8 * j, s + j * st, 8); break;
        default: for (int64_t j = 0; j < inner; ++j) std::memcpy(dd + es * j, s + j * st, es); break;
      }
    }
  });
}

std::vector<int64_t> wrap_dims_unique(const IntArrayRef& dims, int64_t nd, const char* op) {
  std::vector<int64_t> out;
  std::vector<bool> seen(std::max<int64_t>(nd, 1), false);
  for (int64_t d : dims) {
    int64_t w = maybe_wrap_dim(d, nd, op);
    PYT_CHECK(!seen[w], RuntimeError, op, ": dim ", w, " appears multiple times in the list of dims");
    seen[w] = true;
    out.push_back(w);
  }
  return out;
}

}  // namespace

// ================================================================ reductions ===

Tensor prod(const Tensor& t, OptDtype dtype) {
  ScalarType out_dt = cumulative_dtype(t, dtype);
  // A bool product multiplies in bool arithmetic: all elements nonzero (torch).
  if (out_dt == ScalarType::Bool) return all(cast(t.detach(), out_dt));
  ReducePlan p = plan_reduce(t, std::nullopt, "prod");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = prod_kernel(cast(t.detach(), out_dt), p, false);
  }
  if (any_requires_grad({&t}) && is_floating_type(out_dt)) {
    std::vector<int64_t> in_sizes = t.sizes();
    ScalarType in_dt = t.dtype();
    auto node = make_node("ProdBackward0", {t}, [in_sizes, in_dt](BackwardNode& n, const TensorList& g) {
      Tensor x = n.saved(0);
      Tensor others = reshape(prod_of_others(reshape(x, {-1}), 0), in_sizes);
      return TensorList{cast(mul(g[0], others), in_dt)};
    });
    node->save(t);
    set_history(out, node);
  }
  return out;
}

Tensor prod(const Tensor& t, int64_t dim, bool keepdim, OptDtype dtype) {
  ScalarType out_dt = cumulative_dtype(t, dtype);
  if (out_dt == ScalarType::Bool) return all(cast(t.detach(), out_dt), std::vector<int64_t>{dim}, keepdim);
  int64_t d = maybe_wrap_dim(dim, t.dim(), "prod");
  ReducePlan p = plan_reduce(t, std::vector<int64_t>{d}, "prod");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = prod_kernel(cast(t.detach(), out_dt), p, keepdim);
  }
  if (any_requires_grad({&t}) && is_floating_type(out_dt)) {
    std::vector<int64_t> keep = p.keep_sizes;
    ScalarType in_dt = t.dtype();
    auto node = make_node("ProdBackward1", {t}, [keep, d, in_dt](BackwardNode& n, const TensorList& g) {
      Tensor x = n.saved(0);
      return TensorList{cast(mul(to_keep(g[0], keep), prod_of_others(x, d)), in_dt)};
    });
    node->save(t);
    set_history(out, node);
  }
  return out;
}

namespace {
Tensor amax_amin(const Tensor& t, const DimList& dims, bool keepdim, bool is_max) {
  const char* op = is_max ? "amax" : "amin";
  ReducePlan p = plan_reduce(t, dims, op);
  check_nonempty_reduction(t, dims, p, op);
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = minmax_kernel(t, p, keepdim, is_max, op);
  }
  if (any_requires_grad({&t}) && is_floating_type(t.dtype())) {
    std::vector<int64_t> keep = p.keep_sizes;
    DimList rdims = p.dims;
    auto node = make_node(is_max ? "AmaxBackward0" : "AminBackward0", {t},
                          [keep, rdims](BackwardNode& n, const TensorList& g) {
      // The gradient is shared evenly among tied extrema, as torch's scale_grad_by_count.
      Tensor x = n.saved(0), y = to_keep(n.saved(1), keep);
      Tensor mask = to_dtype(eq(x, y), x.dtype());
      return TensorList{mul(div(to_keep(g[0], keep), sum(mask, rdims, true)), mask)};
    });
    node->save(t);
    node->save(out, true);
    set_history(out, node);
  }
  return out;
}
}  // namespace

Tensor amax(const Tensor& t, const DimList& dims, bool keepdim) { return amax_amin(t, dims, keepdim, true); }
Tensor amin(const Tensor& t, const DimList& dims, bool keepdim) { return amax_amin(t, dims, keepdim, false); }

namespace {
// torch's var_backward: (2 / (N - correction)) * grad * (x - mean); a full reduction with
// N - correction <= 0 gives inf (nan where x equals the mean).
Tensor var_backward(const Tensor& grad, const Tensor& x, const DimList& rdims, const std::vector<int64_t>& keep,
                    double n, double correction) {
  Tensor g = to_keep(grad, keep);
  Tensor centered = sub(x, mean(x, rdims, true));
  if (!rdims && n - correction <= 0) {
    double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    return mul(g, where(eq(centered, wrapped(0.0)), wrapped(nan), wrapped(inf)));
  }
  return mul(mul(wrapped(2.0 / (n - correction)), g), centered);
}

Tensor var_std(const Tensor& t, const DimList& dims, std::optional<double> correction_o, bool keepdim, bool is_std) {
  PYT_CHECK(is_floating_type(t.dtype()), RuntimeError, is_std ? "std" : "var",
            ": std and var only support floating point and complex dtypes, got ", scalar_type_name(t.dtype()));
  double correction = correction_o.value_or(1.0);
  ReducePlan p = plan_reduce(t, dims, is_std ? "std" : "var");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = cast(var_kernel(t, p, keepdim, correction, is_std), t.dtype());
  }
  if (any_requires_grad({&t})) {
    std::vector<int64_t> keep = p.keep_sizes;
    DimList rdims = p.dims;
    double n = static_cast<double>(p.inner);
    auto node = make_node(is_std ? "StdBackward0" : "VarBackward0", {t},
                          [keep, rdims, n, correction, is_std](BackwardNode& nd, const TensorList& g) {
      Tensor x = nd.saved(0);
      Tensor gv = g[0];
      if (is_std) {
        // torch's std_backward: grad / (2 std), zero where std is zero.
        Tensor s = nd.saved(1);
        gv = masked_fill(div(gv, mul(s, wrapped(2.0))), eq(s, wrapped(0.0)), Scalar(0.0));
      }
      return TensorList{var_backward(gv, x, rdims, keep, n, correction)};
    });
    node->save(t);
    if (is_std) node->save(out, true);
    set_history(out, node);
  }
  return out;
}
}  // namespace

Tensor var(const Tensor& t, const DimList& dims, std::optional<double> correction, bool keepdim) {
  return var_std(t, dims, correction, keepdim, false);
}
Tensor std(const Tensor& t, const DimList& dims, std::optional<double> correction, bool keepdim) {
  return var_std(t, dims, correction, keepdim, true);
}

Tensor norm(const Tensor& t_in, double p, const DimList& dims, bool keepdim, OptDtype dtype) {
  ScalarType dt = dtype.value_or(t_in.dtype());
  PYT_CHECK(is_floating_type(t_in.dtype()) && is_floating_type(dt), RuntimeError,
            "linalg.vector_norm: Expected a floating point or complex tensor as input. Got ",
            scalar_type_name(t_in.dtype()));
  ReducePlan plan = plan_reduce(t_in, dims, "linalg.vector_norm");
  if (p < 0 || std::isinf(p)) {
    std::string pname = std::isinf(p) ? (p > 0 ? "inf" : "-inf") : str(p);
    if (!dims || dims->empty()) {
      PYT_CHECK(t_in.numel() > 0, RuntimeError, "linalg.vector_norm cannot compute the ", pname,
                " norm on an empty tensor because the operation does not have an identity");
    } else {
      for (int64_t d = 0; d < t_in.dim(); ++d)
        PYT_CHECK(!plan.reduced[d] || t_in.sizes()[d] > 0, RuntimeError, "linalg.vector_norm cannot compute the ",
                  pname, " norm on the dimension ", d, " because this dimension is empty and the operation does not "
                  "have an identity (input shape ", t_in.shape_str(), ")");
    }
  }
  Tensor out;
  {
    autograd::NoGradGuard ng;
    // float16/bfloat16 accumulate in float32 and round once, as torch's CPU kernel
    const bool reduced = dt == ScalarType::Float16 || dt == ScalarType::BFloat16;
    Tensor x = cast(t_in.detach(), reduced ? ScalarType::Float32 : dt);
    const DimList& rd = plan.dims;
    if (p == 2.0) {
      out = sqrt(sum(mul(x, x), rd, keepdim));
    } else if (p == 1.0) {
      out = sum(abs(x), rd, keepdim);
    } else if (std::isinf(p)) {
      out = amax_amin(abs(x), rd, keepdim, p > 0);
    } else if (p == 0.0) {
      out = cast(sum(ne(x, wrapped(0.0)), rd, keepdim), dt);
    } else {
      out = pow(sum(pow(abs(x), wrapped(p)), rd, keepdim), wrapped(1.0 / p));
    }
    if (reduced) out = cast(out, dt);
  }
  if (any_requires_grad({&t_in})) {
    std::vector<int64_t> keep = plan.keep_sizes;
    DimList rdims = plan.dims;
    ScalarType in_dt = t_in.dtype();
    auto node = make_node("LinalgVectorNormBackward0", {t_in},
                          [keep, rdims, p, dt, in_dt](BackwardNode& n, const TensorList& gs) {
      // torch's norm_backward (FunctionsManual.cpp), branch by branch.
      Tensor x = cast(n.saved(0), dt);
      Tensor nrm = to_keep(n.saved(1), keep);
      Tensor g = to_keep(gs[0], keep);
      Tensor zero_norm = eq(nrm, wrapped(0.0));
      Tensor r;
      if (p == 0.0) {
        return TensorList{Tensor()};  // piecewise constant: no gradient, as torch
      } else if (p == 1.0) {
        r = mul(sign(x), g);
      } else if (p == 2.0) {
        r = mul(g, masked_fill(div(x, nrm), zero_norm, Scalar(0.0)));
      } else if (std::isinf(p)) {
        Tensor ax = abs(x);
        Tensor mask = bitwise_or(eq(ax, nrm), ne(ax, ax));  // the extrema, or nan
        Tensor mf = to_dtype(mask, x.dtype());
        r = mul(sign(x), mul(div(g, sum(mf, rdims, true)), mf));
      } else if (p < 1.0) {
        Tensor scaled = mul(sign(x), masked_fill(pow(abs(x), wrapped(p - 1)), eq(x, wrapped(0.0)), Scalar(0.0)));
        r = mul(mul(scaled, g), pow(nrm, wrapped(1 - p)));
      } else if (p < 2.0) {
        Tensor scaled = mul(sign(x), pow(abs(x), wrapped(p - 1)));
        r = mul(scaled, masked_fill(div(g, pow(nrm, wrapped(p - 1))), zero_norm, Scalar(0.0)));
      } else {
        Tensor scaled = mul(x, pow(abs(x), wrapped(p - 2)));
        r = mul(scaled, masked_fill(div(g, pow(nrm, wrapped(p - 1))), zero_norm, Scalar(0.0)));
      }
      return TensorList{cast(r, in_dt)};
    });
    node->save(t_in);
    node->save(out, true);
    set_history(out, node);
  }
  return out;
}

Tensor logsumexp(const Tensor& t_in, const IntArrayRef& dims, bool keepdim) {
  // Integer inputs compute in the default floating dtype, as torch does.
  Tensor t = is_integral_type(t_in.dtype(), true) ? to_dtype(t_in, get_default_dtype()) : t_in;
  ReducePlan p = plan_reduce(t, dims, "logsumexp");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    Tensor x = t.detach();
    if (x.numel() == 0) {
      out = log(sum(exp(x), p.dims, keepdim));
    } else {
      // max subtracted for stability; an infinite max is replaced by 0 (torch does the same).
      Tensor m = amax_amin(x, p.dims, true, true);
      m = masked_fill(m, eq(abs(m), wrapped(std::numeric_limits<double>::infinity())), Scalar(0.0));
      Tensor s = log(sum(exp(sub(x, m)), p.dims, keepdim));
      out = add(s, keepdim ? m : reshape(m, p.out_sizes));
    }
  }
  if (any_requires_grad({&t})) {
    std::vector<int64_t> keep = p.keep_sizes;
    auto node = make_node("LogsumexpBackward0", {t}, [keep](BackwardNode& n, const TensorList& g) {
      Tensor x = n.saved(0), y = to_keep(n.saved(1), keep);
      return TensorList{mul(to_keep(g[0], keep), exp(sub(x, y)))};
    });
    node->save(t);
    node->save(out, true);
    set_history(out, node);
  }
  return out;
}

Tensor cumsum(const Tensor& t, int64_t dim, OptDtype dtype) {
  int64_t d = maybe_wrap_dim(dim, t.dim(), "cumsum");
  ScalarType out_dt = cumulative_dtype(t, dtype);
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = cumulative_kernel(cast(t.detach(), out_dt), d, true, "cumsum");
  }
  if (any_requires_grad({&t}) && is_floating_type(out_dt)) {
    ScalarType in_dt = t.dtype();
    bool zero_d = t.dim() == 0;
    auto node = make_node("CumsumBackward0", {t}, [d, in_dt, zero_d](BackwardNode&, const TensorList& g) {
      return TensorList{cast(zero_d ? g[0] : reverse_cumsum(g[0], d), in_dt)};
    });
    set_history(out, node);
  }
  return out;
}

Tensor cumprod(const Tensor& t, int64_t dim, OptDtype dtype) {
  int64_t d = maybe_wrap_dim(dim, t.dim(), "cumprod");
  ScalarType out_dt = cumulative_dtype(t, dtype);
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = cumulative_kernel(cast(t.detach(), out_dt), d, false, "cumprod");
  }
  if (any_requires_grad({&t}) && is_floating_type(out_dt)) {
    ScalarType in_dt = t.dtype();
    auto node = make_node("CumprodBackward0", {t}, [d, in_dt, out_dt](BackwardNode& n, const TensorList& gs) {
      Tensor x = cast(n.saved(0), out_dt), y = n.saved(1), g = gs[0];
      if (x.dim() == 0 || x.numel() == 0) return TensorList{cast(g, in_dt)};
      // d out_j / d x_k = prod_{i <= j, i != k} x_i for k <= j. Before the first zero of a
      // line that is out_j / x_k; at the first zero it is the running product with that zero
      // replaced by one; after it, zero. (torch's cumprod_backward splits the same way.)
      Tensor is_zero = eq(x, wrapped(0.0));
      Tensor zeros_so_far = cumsum(is_zero, d);
      Tensor before = eq(zeros_so_far, wrapped_scalar(Scalar(int64_t(0))));
      Tensor first = bitwise_and(is_zero, eq(zeros_so_far, wrapped_scalar(Scalar(int64_t(1)))));
      Tensor x_safe = where(before, x, wrapped(1.0));
      Tensor term_before = div(reverse_cumsum(mul(g, y), d), x_safe);
      Tensor x_first_one = where(first, wrapped(1.0), x);
      Tensor term_first = reverse_cumsum(mul(g, cumprod(x_first_one, d)), d);
      Tensor r = where(before, term_before, where(first, term_first, wrapped(0.0)));
      return TensorList{cast(r, in_dt)};
    });
    node->save(t);
    node->save(out, true);
    set_history(out, node);
  }
  return out;
}

namespace {
// all / any by counting: a count of zeros (all) or of nonzeros (any), compared with 0.
Tensor all_any(const Tensor& t, const DimList& dims, bool keepdim, bool is_all) {
  autograd::NoGradGuard ng;
  ReducePlan p = plan_reduce(t, dims, is_all ? "all" : "any");
  Tensor x = t.detach();
  if (dims && dims->empty()) {  // as torch: dim=() reduces nothing, each element is tested alone
    Tensor r = ne(x, wrapped_scalar(Scalar(false)));
    return t.dtype() == ScalarType::UInt8 ? to_dtype(r, ScalarType::UInt8) : r;
  }
  Tensor hits = is_all ? eq(x, wrapped_scalar(Scalar(false))) : ne(x, wrapped_scalar(Scalar(false)));
  Tensor count = sum(hits, p.dims, keepdim);
  Tensor r = is_all ? eq(count, wrapped_scalar(Scalar(int64_t(0)))) : ne(count, wrapped_scalar(Scalar(int64_t(0))));
  return t.dtype() == ScalarType::UInt8 ? to_dtype(r, ScalarType::UInt8) : r;
}
}  // namespace

Tensor all(const Tensor& t, const DimList& dims, bool keepdim) { return all_any(t, dims, keepdim, true); }
Tensor any(const Tensor& t, const DimList& dims, bool keepdim) { return all_any(t, dims, keepdim, false); }

Tensor count_nonzero(const Tensor& t, const DimList& dims) {
  autograd::NoGradGuard ng;
  ReducePlan p = plan_reduce(t, dims, "count_nonzero");
  return sum(ne(t.detach(), wrapped_scalar(Scalar(false))), p.dims, false);
}

// ================================================================ shape ops ===

Tensor flip(const Tensor& t, const IntArrayRef& dims) {
  std::vector<int64_t> fd = wrap_dims_unique(dims, t.dim(), "flip");
  Tensor out = empty(t.sizes(), t.dtype());
  if (t.numel() > 0) {
    size_t es = t.element_size();
    std::vector<int64_t> bstrides(t.dim());
    const char* src = static_cast<const char*>(t.data_ptr());
    for (int64_t k = 0; k < t.dim(); ++k) bstrides[k] = t.strides()[k] * static_cast<int64_t>(es);
    if (t.dim() > 0)
      for (int64_t k : fd) {
        src += (t.sizes()[k] - 1) * bstrides[k];
        bstrides[k] = -bstrides[k];
      }
    strided_copy(src, t.sizes(), bstrides, static_cast<char*>(out.data_ptr()), es);
  }
  if (any_requires_grad({&t})) {
    auto node = make_node("FlipBackward0", {t}, [fd](BackwardNode&, const TensorList& g) {
      return TensorList{flip(g[0], fd)};
    });
    set_history(out, node);
  }
  return out;
}

Tensor roll(const Tensor& t, const IntArrayRef& shifts, const IntArrayRef& dims) {
  PYT_CHECK(!shifts.empty(), RuntimeError, "roll: `shifts` required");
  PYT_CHECK((dims.empty() && shifts.size() == 1) || shifts.size() == dims.size(), RuntimeError,
            "roll: shifts and dimensions must align. shifts: ", shifts.size(), ", dims:", dims.size());
  std::vector<int64_t> wd;
  for (int64_t d : dims) wd.push_back(maybe_wrap_dim(d, t.dim(), "roll"));
  Tensor out;
  {
    autograd::NoGradGuard ng;
    Tensor x = t.detach();
    auto roll_one = [](const Tensor& x, int64_t shift, int64_t d) {
      int64_t n = x.sizes()[d];
      if (n == 0) return x;
      int64_t s = ((shift % n) + n) % n;
      if (s == 0) return x;
      return cat({narrow(x, d, n - s, s), narrow(x, d, 0, n - s)}, d);
    };
    Tensor r;
    if (wd.empty()) {
      r = x.numel() == 0 ? x : reshape(roll_one(reshape(x, {-1}), shifts[0], 0), x.sizes());
    } else if (x.dim() == 0) {
      r = x;
    } else {
      r = x;
      for (size_t i = 0; i < wd.size(); ++i) r = roll_one(r, shifts[i], wd[i]);
    }
    out = r.is_same(x) || r.impl()->storage().get() == x.impl()->storage().get() ? clone(r) : r;
  }
  if (any_requires_grad({&t})) {
    std::vector<int64_t> neg;
    for (int64_t s : shifts) neg.push_back(-s);
    std::vector<int64_t> dd = dims;
    auto node = make_node("RollBackward0", {t}, [neg, dd](BackwardNode&, const TensorList& g) {
      return TensorList{roll(g[0], neg, dd)};
    });
    set_history(out, node);
  }
  return out;
}

namespace {
Tensor triangle(const Tensor& t, int64_t k, bool lower) {
  const char* op = lower ? "tril" : "triu";
  PYT_CHECK(t.dim() >= 2, RuntimeError, op, ": input tensor must have at least 2 dimensions, got input of shape ",
            t.shape_str());
  Tensor out;
  {
    autograd::NoGradGuard ng;
    int64_t rows = t.sizes()[t.dim() - 2], cols = t.sizes()[t.dim() - 1];
    Tensor r = reshape(arange(Scalar(int64_t(0)), Scalar(rows), Scalar(int64_t(1)), ScalarType::Int64), {rows, 1});
    Tensor c = arange(Scalar(int64_t(0)), Scalar(cols), Scalar(int64_t(1)), ScalarType::Int64);
    Tensor offset = sub(c, r);  // (rows, cols): column minus row
    Tensor kk = wrapped_scalar(Scalar(k));
    Tensor keep = lower ? le(offset, kk) : ge(offset, kk);
    out = where(keep, t.detach(), scalar_tensor(Scalar(int64_t(0)), t.dtype()));
  }
  if (any_requires_grad({&t})) {
    const char* name = lower ? "TrilBackward0" : "TriuBackward0";
    auto node = make_node(name, {t}, [k, lower](BackwardNode&, const TensorList& g) {
      return TensorList{lower ? tril(g[0], k) : triu(g[0], k)};
    });
    set_history(out, node);
  }
  return out;
}

// Views of consecutive pieces of the given lengths along d, sharing one multi-output node
// whose backward concatenates the pieces' gradients (missing ones arrive zero-filled).
TensorList split_impl(const Tensor& t, const std::vector<int64_t>& lens, int64_t d, const char* node_name) {
  TensorList outs;
  int64_t start = 0;
  for (int64_t len : lens) {
    std::vector<int64_t> sizes = t.sizes();
    sizes[d] = len;
    int64_t offset = t.storage_offset() + (len > 0 ? start * t.strides()[d] : 0);
    outs.push_back(make_view(t, sizes, t.strides(), offset));
    start += len;
  }
  if (any_requires_grad({&t}) && !outs.empty()) {
    auto node = make_node(node_name, {t}, [d](BackwardNode&, const TensorList& g) {
      return TensorList{cat(g, d)};
    });
    for (auto& o : outs) set_history(o, node);
  }
  return outs;
}
}  // namespace

Tensor tril(const Tensor& t, int64_t diagonal) { return triangle(t, diagonal, true); }
Tensor triu(const Tensor& t, int64_t diagonal) { return triangle(t, diagonal, false); }

TensorList split(const Tensor& t, int64_t split_size, int64_t dim) {
  PYT_CHECK(t.dim() > 0, RuntimeError, "split expects at least a 1-dimensional tensor");
  int64_t d = maybe_wrap_dim(dim, t.dim(), "split");
  PYT_CHECK(split_size >= 0, RuntimeError, "split expects split_size be non-negative, but got split_size=",
            split_size);
  int64_t size = t.sizes()[d];
  PYT_CHECK(split_size > 0 || size == 0, RuntimeError, "split: split_size can only be 0 if dimension size is 0, "
            "but got dimension size of ", size, " (input of shape ", t.shape_str(), ", dim ", d, ")");
  int64_t num = split_size == 0 ? 1 : std::max<int64_t>((size + split_size - 1) / split_size, 1);
  std::vector<int64_t> lens(num, split_size);
  lens.back() = split_size - (split_size * num - size);
  return split_impl(t, lens, d, "SplitBackward0");
}

TensorList split_with_sizes(const Tensor& t, const IntArrayRef& sizes, int64_t dim) {
  PYT_CHECK(t.dim() > 0, RuntimeError, "split expects at least a 1-dimensional tensor");
  int64_t d = maybe_wrap_dim(dim, t.dim(), "split_with_sizes");
  int64_t total = 0;
  for (int64_t s : sizes) {
    PYT_CHECK(s >= 0, RuntimeError, "split_with_sizes expects split_sizes have only non-negative entries, but got "
              "split_sizes=", shape_to_string(sizes));
    total += s;
  }
  PYT_CHECK(total == t.sizes()[d], RuntimeError, "split_with_sizes expects split_sizes to sum exactly to ",
            t.sizes()[d], " (input tensor's size at dimension ", d, "), but got split_sizes=", shape_to_string(sizes));
  return split_impl(t, sizes, d, "SplitWithSizesBackward0");
}

TensorList chunk(const Tensor& t, int64_t chunks, int64_t dim) {
  PYT_CHECK(t.dim() > 0, RuntimeError, "chunk expects at least a 1-dimensional tensor");
  PYT_CHECK(chunks > 0, RuntimeError, "chunk expects `chunks` to be greater than 0, got: ", chunks);
  int64_t d = maybe_wrap_dim(dim, t.dim(), "chunk");
  int64_t size = t.sizes()[d];
  int64_t split_size = (size + chunks - 1) / chunks;
  // An empty dim still gives `chunks` empty pieces (torch calls split_with_sizes then).
  if (split_size == 0 && size == 0) return split_with_sizes(t, std::vector<int64_t>(chunks, 0), d);
  return split(t, split_size, d);
}

TensorList unbind(const Tensor& t, int64_t dim) {
  PYT_CHECK(t.dim() > 0, IndexError, "unbind: Dimension specified as ", dim, " but tensor has no dimensions");
  int64_t d = maybe_wrap_dim(dim, t.dim(), "unbind");
  std::vector<int64_t> sizes = t.sizes(), strides = t.strides();
  sizes.erase(sizes.begin() + d);
  strides.erase(strides.begin() + d);
  TensorList outs;
  for (int64_t i = 0; i < t.sizes()[d]; ++i)
    outs.push_back(make_view(t, sizes, strides, t.storage_offset() + i * t.strides()[d]));
  if (any_requires_grad({&t}) && !outs.empty()) {
    auto node = make_node("UnbindBackward0", {t}, [d](BackwardNode&, const TensorList& g) {
      return TensorList{stack(g, d)};
    });
    for (auto& o : outs) set_history(o, node);
  }
  return outs;
}

Tensor repeat(const Tensor& t, const IntArrayRef& repeats) {
  int64_t nd = static_cast<int64_t>(repeats.size());
  PYT_CHECK(nd >= t.dim(), RuntimeError, "repeat: Number of dimensions of repeat dims (", nd,
            ") can not be smaller than number of dimensions of tensor (", t.dim(), ")");
  int64_t lead = nd - t.dim();
  std::vector<int64_t> padded(nd), out_sizes(nd), inter, inter_src;
  for (int64_t i = 0; i < nd; ++i) {
    padded[i] = i < lead ? 1 : t.sizes()[i - lead];
    out_sizes[i] = padded[i] * repeats[i];
    PYT_CHECK(repeats[i] >= 0, RuntimeError, "repeat: Trying to create tensor with negative dimension ",
              out_sizes[i], ": ", shape_to_string(out_sizes));
    inter.push_back(repeats[i]);
    inter.push_back(padded[i]);
    inter_src.push_back(1);
    inter_src.push_back(padded[i]);
  }
  Tensor out = empty(out_sizes, t.dtype());
  if (out.numel() > 0) {
    autograd::NoGradGuard ng;
    // out viewed as (r0, s0, r1, s1, ...) receives t viewed as (1, s0, 1, s1, ...), broadcast.
    Tensor dst = view(out, inter);
    detail::copy_data(dst, reshape(t.detach(), inter_src));
  }
  if (any_requires_grad({&t})) {
    std::vector<int64_t> in_sizes = t.sizes();
    auto node = make_node("RepeatBackward0", {t}, [inter, in_sizes, nd](BackwardNode&, const TensorList& g) {
      if (nd == 0) return TensorList{g[0]};
      std::vector<int64_t> rdims;
      for (int64_t i = 0; i < nd; ++i) rdims.push_back(2 * i);
      return TensorList{reshape(sum(reshape(g[0], inter), rdims, false), in_sizes)};
    });
    set_history(out, node);
  }
  return out;
}

Tensor tile(const Tensor& t, const IntArrayRef& dims) {
  std::vector<int64_t> reps = dims;
  if (static_cast<int64_t>(reps.size()) < t.dim()) reps.insert(reps.begin(), t.dim() - reps.size(), 1);
  return repeat(t, reps);
}

Tensor movedim(const Tensor& t, const IntArrayRef& source, const IntArrayRef& destination) {
  int64_t nd = t.dim();
  PYT_CHECK(source.size() == destination.size(), RuntimeError, "movedim: Invalid source or destination dims: source (",
            shape_to_string(source), " dims) should contain the same number of dims as destination (",
            shape_to_string(destination), " dims)");
  std::vector<int64_t> src, dst;
  for (int64_t s : source) src.push_back(maybe_wrap_dim(s, nd, "movedim"));
  for (int64_t s : destination) dst.push_back(maybe_wrap_dim(s, nd, "movedim"));
  if (nd == 0) return permute(t, {});
  std::vector<bool> src_used(nd, false), dst_used(nd, false);
  for (int64_t s : src) {
    PYT_CHECK(!src_used[s], RuntimeError, "movedim: repeated dim in `source` (", shape_to_string(source), ")");
    src_used[s] = true;
  }
  for (int64_t s : dst) {
    PYT_CHECK(!dst_used[s], RuntimeError, "movedim: repeated dim in `destination` (", shape_to_string(destination),
              ")");
    dst_used[s] = true;
  }
  std::vector<int64_t> order(nd, -1);
  for (size_t i = 0; i < src.size(); ++i) order[dst[i]] = src[i];
  int64_t next_src = 0;
  for (int64_t pos = 0; pos < nd; ++pos) {
    if (order[pos] >= 0) continue;
    while (src_used[next_src]) ++next_src;
    order[pos] = next_src++;
  }
  return permute(t, order);
}

Tensor diagonal(const Tensor& t, int64_t offset, int64_t dim1, int64_t dim2) {
  int64_t nd = t.dim();
  int64_t d1 = maybe_wrap_dim(dim1, nd, "diagonal"), d2 = maybe_wrap_dim(dim2, nd, "diagonal");
  PYT_CHECK(d1 != d2 && nd > 0, RuntimeError, "diagonal dimensions cannot be identical ", dim1, ", ", dim2,
            " (input of shape ", t.shape_str(), ")");
  int64_t s1 = t.sizes()[d1], s2 = t.sizes()[d2];
  int64_t len = offset >= 0 ? std::min(s1, s2 - offset) : std::min(s1 + offset, s2);
  len = std::max<int64_t>(len, 0);
  int64_t storage_offset = t.storage_offset();
  if (len > 0) storage_offset += offset >= 0 ? offset * t.strides()[d2] : -offset * t.strides()[d1];
  std::vector<int64_t> sizes, strides;
  for (int64_t k = 0; k < nd; ++k)
    if (k != d1 && k != d2) {
      sizes.push_back(t.sizes()[k]);
      strides.push_back(t.strides()[k]);
    }
  sizes.push_back(len);
  strides.push_back(t.strides()[d1] + t.strides()[d2]);
  Tensor out = make_view(t, sizes, strides, storage_offset);
  if (any_requires_grad({&t})) {
    std::vector<int64_t> in_sizes = t.sizes();
    auto node = make_node("DiagonalBackward0", {t}, [in_sizes, offset, d1, d2](BackwardNode&, const TensorList& g) {
      // The positions of the diagonal in a contiguous tensor of the input's shape receive g.
      Tensor pos = diagonal(reshape(arange(Scalar(int64_t(0)), Scalar(compute_numel(in_sizes)), Scalar(int64_t(1)),
                                           ScalarType::Int64),
                                    in_sizes),
                            offset, d1, d2);
      Tensor flat = zeros({compute_numel(in_sizes)}, g[0].dtype());
      return TensorList{reshape(index_add(flat, 0, reshape(pos, {-1}), reshape(g[0], {-1})), in_sizes)};
    });
    set_history(out, node);
  }
  return out;
}

Tensor hstack(const TensorList& tensors) {
  PYT_CHECK(!tensors.empty(), RuntimeError, "hstack expects a non-empty TensorList");
  TensorList parts;
  for (auto& x : tensors) parts.push_back(x.dim() == 0 ? reshape(x, {1}) : x);
  return cat(parts, parts[0].dim() == 1 ? 0 : 1);
}

Tensor vstack(const TensorList& tensors) {
  PYT_CHECK(!tensors.empty(), RuntimeError, "vstack expects a non-empty TensorList");
  TensorList parts;
  for (auto& x : tensors) parts.push_back(x.dim() == 0 ? reshape(x, {1, 1}) : x.dim() == 1 ? unsqueeze(x, 0) : x);
  return cat(parts, 0);
}

Tensor unflatten(const Tensor& t, int64_t dim, const IntArrayRef& sizes) {
  PYT_CHECK(t.dim() > 0, RuntimeError, "unflatten: Dimension specified as ", dim, " but tensor has no dimensions");
  int64_t d = maybe_wrap_dim(dim, t.dim(), "unflatten");
  PYT_CHECK(!sizes.empty(), RuntimeError, "unflatten: sizes must be non-empty");
  int64_t size = t.sizes()[d], known = 1, infer = -1;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1) {
      PYT_CHECK(infer < 0, RuntimeError, "unflatten: only one dimension can be inferred");
      infer = static_cast<int64_t>(i);
    } else {
      PYT_CHECK(sizes[i] >= 0, RuntimeError, "unflatten: invalid shape dimension ", sizes[i]);
      known *= sizes[i];
    }
  }
  std::vector<int64_t> res = sizes;
  if (infer >= 0) {
    PYT_CHECK(known != 0 && size % known == 0, RuntimeError, "unflatten: Provided sizes ", shape_to_string(sizes),
              " don't multiply up to the size of dim ", d, " (", size, ") in the input tensor");
    res[infer] = size / known;
  } else {
    PYT_CHECK(known == size, RuntimeError, "unflatten: Provided sizes ", shape_to_string(sizes),
              " don't multiply up to the size of dim ", d, " (", size, ") in the input tensor");
  }
  std::vector<int64_t> shape(t.sizes().begin(), t.sizes().begin() + d);
  shape.insert(shape.end(), res.begin(), res.end());
  shape.insert(shape.end(), t.sizes().begin() + d + 1, t.sizes().end());
  return view(t, shape);
}

Tensor narrow(const Tensor& t, int64_t dim, int64_t start, int64_t length) {
  PYT_CHECK(t.dim() > 0, RuntimeError, "narrow() cannot be applied to a 0-dim tensor.");
  PYT_CHECK(length >= 0, RuntimeError, "narrow(): length must be non-negative.");
  int64_t d = maybe_wrap_dim(dim, t.dim(), "narrow");
  int64_t size = t.sizes()[d];
  PYT_CHECK(start >= -size && start <= size, IndexError, "narrow(): start out of range (expected to be in range of [",
            -size, ", ", size, "], but got ", start, ")");
  if (start < 0) start += size;
  PYT_CHECK(start <= size - length, RuntimeError, "narrow(): start (", start, ") + length (", length,
            ") exceeds dimension size (", size, ").");
  return slice(t, d, start, start + length, 1);
}

// ================================================================= ordering ===

namespace {
// Argsort of every row of a contiguous (outer, n) array, nan the largest value. Ties are
// broken by index, which makes the order that of a stable sort whichever algorithm runs; only
// the first k positions of a row are sorted (a partial sort, for topk).
template <typename scalar_t>
void argsort_rows(const scalar_t* px, int64_t* pi, int64_t outer, int64_t n, int64_t k, bool descending) {
  auto less = [](scalar_t a, scalar_t b) {
    if constexpr (std::is_floating_point_v<scalar_t>) {
      if (std::isnan(a)) return false;
      if (std::isnan(b)) return !std::isnan(a);
    }
    return a < b;
  };
  int64_t grain = std::max<int64_t>(1, kGrainSize / std::max<int64_t>(n, 1));
  parallel_for(0, outer, grain, [&](int64_t b, int64_t e) {
    for (int64_t o = b; o < e; ++o) {
      const scalar_t* row = px + o * n;
      int64_t* idx = pi + o * n;
      std::iota(idx, idx + n, int64_t(0));
      auto before = [&](int64_t i, int64_t j) {
        scalar_t a = row[i], c = row[j];
        if (descending ? less(c, a) : less(a, c)) return true;
        if (descending ? less(a, c) : less(c, a)) return false;
        return i < j;  // equal (nan equals nan): input order
      };
      if (k < n)
        std::partial_sort(idx, idx + k, idx + n, before);
      else
        std::sort(idx, idx + n, before);
    }
  });
}

// Sorted indices along d (int64, shape of t), no autograd; with k >= 0 only the first k
// positions along d are meaningful.
Tensor sort_indices(const Tensor& t, int64_t d, bool descending, const char* op, int64_t k = -1) {
  if (t.dim() == 0) return zeros({}, ScalarType::Int64);
  ScalarType cdt = compute_type(t.dtype());
  Tensor moved = contiguous(cast(movedim(t.detach(), {d}, {t.dim() - 1}), cdt));
  int64_t n = t.sizes()[d];
  int64_t outer = n == 0 ? 0 : moved.numel() / n;
  Tensor idx = empty(moved.sizes(), ScalarType::Int64);
  PYT_DISPATCH_NUMERIC_AND_BOOL(cdt, op, [&] {
    argsort_rows<scalar_t>(moved.data_ptr<scalar_t>(), idx.data_ptr<int64_t>(), outer, n, k < 0 ? n : k,
                           descending);
  });
  return movedim(idx, {t.dim() - 1}, {d});
}

// values = t gathered at indices along d, with the node that scatters the gradient back.
Tensor gather_values(const Tensor& t, int64_t d, const Tensor& indices, const char* node_name) {
  Tensor values;
  {
    autograd::NoGradGuard ng;
    values = t.dim() == 0 ? clone(t.detach()) : gather(t.detach(), d, indices);
  }
  if (any_requires_grad({&t})) {
    std::vector<int64_t> in_sizes = t.sizes();
    bool zero_d = t.dim() == 0;
    auto node = make_node(node_name, {t}, [in_sizes, d, zero_d](BackwardNode& n, const TensorList& g) {
      if (zero_d) return TensorList{g[0]};
      return TensorList{scatter_add(zeros(in_sizes, g[0].dtype()), d, n.saved(0), g[0])};
    });
    node->save(indices);
    set_history(values, node);
  }
  return values;
}
}  // namespace

std::tuple<Tensor, Tensor> sort(const Tensor& t, int64_t dim, bool descending, bool stable) {
  (void)stable;  // pyt's sort is always stable
  int64_t d = maybe_wrap_dim(dim, t.dim(), "sort");
  Tensor idx = contiguous(sort_indices(t, d, descending, "sort"));
  return {gather_values(t, d, idx, "SortBackward0"), idx};
}

Tensor argsort(const Tensor& t, int64_t dim, bool descending, bool stable) {
  (void)stable;
  int64_t d = maybe_wrap_dim(dim, t.dim(), "argsort");
  return contiguous(sort_indices(t, d, descending, "argsort"));
}

std::tuple<Tensor, Tensor> topk(const Tensor& t, int64_t k, int64_t dim, bool largest, bool sorted) {
  (void)sorted;  // results always come sorted
  PYT_CHECK(t.dtype() != ScalarType::Bool, RuntimeError, "topk does not support bool dtypes on CPU (input ",
            t.describe(), ")");
  int64_t d = maybe_wrap_dim(dim, t.dim(), "topk");
  int64_t n = t.dim() == 0 ? 1 : t.sizes()[d];
  PYT_CHECK(k >= 0 && k <= n, RuntimeError, "topk: selected index k out of range (k = ", k, ", size of dim ", d,
            " is ", n, ")");
  Tensor idx = sort_indices(t, d, largest, "topk", k);
  if (t.dim() > 0) idx = contiguous(narrow(idx, d, 0, k));
  return {gather_values(t, d, idx, "TopkBackward0"), idx};
}

std::tuple<Tensor, Tensor, Tensor> unique(const Tensor& t, bool sorted, bool return_inverse, bool return_counts) {
  (void)sorted;  // always sorted
  autograd::NoGradGuard ng;
  Tensor flat = reshape(t.detach(), {-1});
  Tensor order = contiguous(sort_indices(flat, 0, false, "unique"));
  Tensor values = index_select(flat, 0, order);
  int64_t n = flat.numel();
  ScalarType cdt = compute_type(t.dtype());
  Tensor vc = contiguous(cast(values, cdt));
  // group[i]: the unique value sorted position i belongs to (nan never equals anything).
  std::vector<int64_t> group(static_cast<size_t>(n));
  std::vector<int64_t> firsts;
  PYT_DISPATCH_NUMERIC_AND_BOOL(cdt, "unique", [&] {
    const scalar_t* pv = vc.data_ptr<scalar_t>();
    for (int64_t i = 0; i < n; ++i) {
      if (i == 0 || !(pv[i] == pv[i - 1])) firsts.push_back(i);
      group[i] = static_cast<int64_t>(firsts.size()) - 1;
    }
  });
  int64_t m = static_cast<int64_t>(firsts.size());
  Tensor first_pos = empty({m}, ScalarType::Int64);
  if (m > 0) std::memcpy(first_pos.data_ptr(), firsts.data(), firsts.size() * sizeof(int64_t));
  Tensor out = index_select(values, 0, first_pos);
  Tensor inverse, counts;
  if (return_inverse) {
    inverse = empty(t.sizes(), ScalarType::Int64);
    int64_t* pinv = inverse.data_ptr<int64_t>();
    const int64_t* po = order.data_ptr<int64_t>();
    for (int64_t i = 0; i < n; ++i) pinv[po[i]] = group[i];
  }
  if (return_counts) {
    counts = empty({m}, ScalarType::Int64);
    int64_t* pc = counts.data_ptr<int64_t>();
    for (int64_t j = 0; j < m; ++j) pc[j] = (j + 1 < m ? firsts[j + 1] : n) - firsts[j];
  }
  return {out, inverse, counts};
}

}  // namespace pyt
