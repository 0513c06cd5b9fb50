// Reductions. Note [Deterministic reductions]: the reduced dims are moved last and made
// contiguous, so each output element reduces one contiguous run. Runs are split into
// fixed-size chunks whose partial results are combined in a fixed order, so the result
// is bitwise the same whatever the number of threads.
#include <cmath>
#include <cstring>
#include <limits>

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

constexpr int64_t kReduceChunk = 16384;

struct ReducePlan {
  std::vector<bool> reduced;        // per input dim
  std::vector<int64_t> out_sizes;   // with keepdim
  std::vector<int64_t> out_sizes_nokeep;
  int64_t outer = 1, inner = 1;     // kept elements x reduced elements
};

ReducePlan plan_reduce(const Tensor& t, const DimList& dims, const char* op) {
  ReducePlan p;
  int64_t nd = t.dim();
  p.reduced.assign(nd, false);
  if (!dims || dims->empty()) {
    p.reduced.assign(nd, true);
  } else {
    for (int64_t d : *dims) {
      int64_t w = maybe_wrap_dim(d, nd, op);
      if (nd == 0) continue;
      PYT_CHECK(!p.reduced[w], RuntimeError, op, ": dim ", w, " appears multiple times in the list of dims");
      p.reduced[w] = true;
    }
  }
  for (int64_t d = 0; d < nd; ++d) {
    if (p.reduced[d]) {
      p.out_sizes.push_back(1);
      p.inner *= t.sizes()[d];
    } else {
      p.out_sizes.push_back(t.sizes()[d]);
      p.out_sizes_nokeep.push_back(t.sizes()[d]);
      p.outer *= t.sizes()[d];
    }
  }
  return p;
}

// The input arranged as (outer, inner), contiguous, reduced dims last.
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

// Sum of a contiguous run. Sixteen independent lanes (vectorizable without reassociating
// a single chain), so the result depends only on n, never on threads.
template <typename acc_t, typename scalar_t>
acc_t sum_run(const scalar_t* p, int64_t n) {
  constexpr int kLanes = 16;
  acc_t lanes[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) lanes[j] += static_cast<acc_t>(p[i + j]);
  for (; i < n; ++i) lanes[0] += static_cast<acc_t>(p[i]);
  for (int w = kLanes / 2; w > 0; w /= 2)
    for (int j = 0; j < w; ++j) lanes[j] += lanes[j + w];
  return lanes[0];
}

// Lane and chunk accumulator types: float32 sums in float lanes within a chunk, chunks
// combined in double; integers in int64.
template <typename T>
using lane_acc_t = std::conditional_t<std::is_floating_point_v<T>, T, int64_t>;
template <typename T>
using chunk_acc_t = std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;

// out (A x B) = sum over r of x (A x R x B), all contiguous.
template <typename scalar_t>
void sum_arb(const scalar_t* px, scalar_t* po, int64_t A, int64_t R, int64_t B) {
  using lacc = lane_acc_t<scalar_t>;
  using cacc = chunk_acc_t<scalar_t>;
  if (B == 1) {
    if (A == 1 && R > kReduceChunk) {
      int64_t nchunks = (R + kReduceChunk - 1) / kReduceChunk;
      std::vector<cacc> partial(nchunks);
      parallel_for(0, nchunks, 1, [&](int64_t b, int64_t e) {
        for (int64_t c = b; c < e; ++c) {
          int64_t s0 = c * kReduceChunk;
          partial[c] = static_cast<cacc>(sum_run<lacc>(px + s0, std::min(kReduceChunk, R - s0)));
        }
      });
      cacc total = 0;
      for (auto v : partial) total += v;
      po[0] = static_cast<scalar_t>(total);
      return;
    }
    int64_t grain = std::max<int64_t>(1, 32768 / std::max<int64_t>(R, 1));
    parallel_for(0, A, grain, [&](int64_t b, int64_t e) {
      for (int64_t a = b; a < e; ++a) {
        const scalar_t* row = px + a * R;
        cacc total = 0;
        for (int64_t s0 = 0; s0 < R; s0 += kReduceChunk)
          total += static_cast<cacc>(sum_run<lacc>(row + s0, std::min(kReduceChunk, R - s0)));
        po[a] = static_cast<scalar_t>(total);
      }
    });
    return;
  }
  // Column sums: accumulate whole rows of B, in r order (deterministic), vectorized over B.
  int64_t bblock = 256;
  int64_t nb = (B + bblock - 1) / bblock;
  int64_t grain = std::max<int64_t>(1, 32768 / std::max<int64_t>(1, R * std::min(B, bblock)));
  parallel_for(0, A * nb, grain, [&](int64_t b, int64_t e) {
    std::vector<cacc> acc(static_cast<size_t>(std::min(B, bblock)));
    for (int64_t w = b; w < e; ++w) {
      int64_t a = w / nb, j0 = (w % nb) * bblock, len = std::min(bblock, B - j0);
      std::fill(acc.begin(), acc.begin() + len, cacc(0));
      const scalar_t* base = px + a * R * B + j0;
      for (int64_t r = 0; r < R; ++r) {
        const scalar_t* row = base + r * B;
        for (int64_t j = 0; j < len; ++j) acc[j] += static_cast<cacc>(row[j]);
      }
      scalar_t* out = po + a * B + j0;
      for (int64_t j = 0; j < len; ++j) out[j] = static_cast<scalar_t>(acc[j]);
    }
  });
}

// Sums x (contiguous, dtype of out) over the dims marked in reduced, into out (contiguous,
// numel = product of the kept sizes). Reduces the innermost reduced block first, so every
// stage is a row or a column sum of contiguous memory (no transposing copy).
void sum_kernel(const Tensor& x_in, Tensor& out, const std::vector<bool>& reduced_in) {
  // Merge adjacent dims of the same kind (the tensor is contiguous, so merging is free).
  std::vector<int64_t> sizes;
  std::vector<bool> red;
  for (size_t d = 0; d < reduced_in.size(); ++d) {
    int64_t s = x_in.sizes()[d];
    if (s == 1) continue;
    if (!red.empty() && red.back() == reduced_in[d]) {
      sizes.back() *= s;
    } else {
      sizes.push_back(s);
      red.push_back(reduced_in[d]);
    }
  }
  PYT_DISPATCH_NUMERIC(out.dtype(), "sum", [&] {
    Tensor cur = x_in;
    while (true) {
      int64_t g = -1;
      for (int64_t k = static_cast<int64_t>(red.size()) - 1; k >= 0; --k)
        if (red[k]) {
          g = k;
          break;
        }
      if (g < 0) break;
      int64_t A = 1, B = 1, R = sizes[g];
      for (int64_t k = 0; k < g; ++k) A *= sizes[k];
      for (size_t k = g + 1; k < sizes.size(); ++k) B *= sizes[k];
      bool last = true;
      for (int64_t k = 0; k < g; ++k) last = last && !red[k];
      Tensor next = last ? out : empty({A * B}, out.dtype());
      sum_arb<scalar_t>(cur.data_ptr<scalar_t>(), next.data_ptr<scalar_t>(), A, R, B);
      cur = next;
      sizes.erase(sizes.begin() + g);
      red.erase(red.begin() + g);
      // re-merge neighbours that are now adjacent and of the same kind
      for (size_t k = 1; k < sizes.size();) {
        if (red[k] == red[k - 1]) {
          sizes[k - 1] *= sizes[k];
          sizes.erase(sizes.begin() + k);
          red.erase(red.begin() + k);
        } else {
          ++k;
        }
      }
      if (last) return;
    }
    // Nothing reduced (all reduced dims had size 1): plain copy.
    std::memcpy(out.data_ptr(), cur.data_ptr(), static_cast<size_t>(out.numel()) * out.element_size());
  });
}

// Gradient of a reduction broadcast back to the input's shape.
Tensor expand_reduced_grad(const Tensor& g, const std::vector<int64_t>& in_sizes,
                           const std::vector<int64_t>& keep_sizes) {
  Tensor gg = g.sizes() == keep_sizes ? g : reshape(g, keep_sizes);
  return expand(gg, in_sizes);
}

}  // namespace

Tensor sum(const Tensor& t, const DimList& dims, bool keepdim, OptDtype dtype) {
  ScalarType out_dt = dtype ? *dtype : (is_floating_type(t.dtype()) ? t.dtype() : ScalarType::Int64);
  // A bool sum adds in bool arithmetic, where 1 + 1 is 1: any nonzero element (torch).
  if (out_dt == ScalarType::Bool) return any(t.dtype() == ScalarType::Bool ? t.detach() : to_dtype(t.detach(), out_dt),
                                             dims, keepdim);
  ReducePlan p = plan_reduce(t, dims, "sum");
  Tensor out = empty(keepdim ? p.out_sizes : p.out_sizes_nokeep, out_dt);
  if (p.inner == 0 || t.numel() == 0) {
    autograd::NoGradGuard ng;
    zero_(out);
  } else {
    autograd::NoGradGuard ng;
    // Note [Reduced precision]: float16/bfloat16 accumulate in float32, rounded once.
    bool reduced = out_dt == ScalarType::Float16 || out_dt == ScalarType::BFloat16;
    ScalarType acc_dt = reduced ? ScalarType::Float32 : out_dt;
    Tensor x = contiguous(t.dtype() == acc_dt ? t.detach() : to_dtype(t.detach(), acc_dt));
    Tensor acc = reduced ? empty(out.sizes(), acc_dt) : out;
    sum_kernel(x, acc, p.reduced);
    if (reduced) detail::copy_data(out, acc);
  }
  if (any_requires_grad({&t}) && is_floating_type(out_dt)) {
    std::vector<int64_t> in_sizes = t.sizes(), keep_sizes = p.out_sizes;
    ScalarType in_dt = t.dtype();
    bool all = !dims || dims->empty();
    auto node = make_node(all ? "SumBackward0" : "SumBackward1", {t},
                          [in_sizes, keep_sizes, in_dt](BackwardNode&, const TensorList& g) {
      Tensor r = expand_reduced_grad(g[0], in_sizes, keep_sizes);
      return TensorList{r.dtype() == in_dt ? r : to_dtype(r, in_dt)};
    });
    set_history(out, node);
  }
  return out;
}

Tensor mean(const Tensor& t, const DimList& dims, bool keepdim, OptDtype dtype) {
  ScalarType dt = dtype ? *dtype : t.dtype();
  PYT_CHECK(is_floating_type(dt), RuntimeError, "mean(): could not infer output dtype. ",
            dtype ? "Optional" : "Input", " dtype must be either a floating point or complex dtype. Got: ",
            torch_dispatch_name(dt));
  ReducePlan p = plan_reduce(t, dims, "mean");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    // 0 / 0 gives nan for an empty reduction, as torch does. float16/bfloat16 sum and divide
    // in float32 (the sum alone may overflow), rounded once.
    bool reduced = dt == ScalarType::Float16 || dt == ScalarType::BFloat16;
    out = div(sum(t, dims, keepdim, reduced ? ScalarType::Float32 : dt),
              wrapped_scalar(Scalar(static_cast<double>(p.inner))));
    if (reduced) out = to_dtype(out, dt);
  }
  if (any_requires_grad({&t})) {
    std::vector<int64_t> in_sizes = t.sizes(), keep_sizes = p.out_sizes;
    ScalarType in_dt = t.dtype();
    double n = static_cast<double>(p.inner);
    bool all = !dims || dims->empty();
    auto node = make_node(all ? "MeanBackward0" : "MeanBackward1", {t},
                          [in_sizes, keep_sizes, in_dt, n](BackwardNode&, const TensorList& g) {
                            Tensor r = div(expand_reduced_grad(g[0], in_sizes, keep_sizes), wrapped_scalar(Scalar(n)));
                            return TensorList{r.dtype() == in_dt ? r : to_dtype(r, in_dt)};
                          });
    set_history(out, node);
  }
  return out;
}

Tensor sum_to_size(const Tensor& t, const IntArrayRef& sizes) {
  if (t.sizes() == sizes) return t;
  int64_t lead = t.dim() - static_cast<int64_t>(sizes.size());
  PYT_CHECK(lead >= 0, RuntimeError, "sum_to_size: size ", shape_to_string(sizes), " is not expandable to size ",
            t.shape_str());
  std::vector<int64_t> dims;
  for (int64_t d = 0; d < lead; ++d) dims.push_back(d);
  for (size_t i = 0; i < sizes.size(); ++i) {
    int64_t td = lead + static_cast<int64_t>(i);
    if (sizes[i] == 1 && t.sizes()[td] != 1) dims.push_back(td);
    else
      PYT_CHECK(sizes[i] == t.sizes()[td], RuntimeError, "sum_to_size: size ", shape_to_string(sizes),
                " is not expandable to size ", t.shape_str());
  }
  if (dims.empty()) return reshape(t, sizes);
  Tensor r = sum(t, dims, true);
  return lead > 0 ? reshape(r, sizes) : r;
}

// -------------------------------------------------------- max / min ---

namespace {

template <typename T>
inline bool better(T v, T best, bool is_max) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(v)) return !std::isnan(best);
    if (std::isnan(best)) return false;
  }
  return is_max ? v > best : v < best;
}

// values[o], indices[o] over rows of x (outer, inner); first occurrence wins ties.
void minmax_kernel(const Tensor& x, Tensor* values, Tensor* indices, int64_t outer, int64_t inner, bool is_max,
                   const char* op) {
  if (x.dtype() == ScalarType::Float16 || x.dtype() == ScalarType::BFloat16) {
    // Selection is exact: compare in float32 and write the chosen values back.
    autograd::NoGradGuard ng;
    Tensor xf = to_dtype(x.detach(), ScalarType::Float32);
    Tensor vf = values ? empty(values->sizes(), ScalarType::Float32) : Tensor();
    minmax_kernel(xf, values ? &vf : nullptr, indices, outer, inner, is_max, op);
    if (values) detail::copy_data(*values, vf);
    return;
  }
  PYT_DISPATCH_NUMERIC_AND_BOOL(x.dtype(), op, [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    scalar_t* pv = values ? values->data_ptr<scalar_t>() : nullptr;
    int64_t* pi = indices ? indices->data_ptr<int64_t>() : nullptr;
    int64_t grain = std::max<int64_t>(1, 32768 / std::max<int64_t>(inner, 1));
    parallel_for(0, outer, grain, [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o) {
        const scalar_t* row = px + o * inner;
        scalar_t best = row[0];
        int64_t bi = 0;
        for (int64_t j = 1; j < inner; ++j) {
          if (better(row[j], best, is_max)) {
            best = row[j];
            bi = j;
          }
        }
        if (pv) pv[o] = best;
        if (pi) pi[o] = bi;
      }
    });
  });
}

Tensor full_minmax(const Tensor& t, bool is_max) {
  const char* op = is_max ? "max" : "min";
  PYT_CHECK(t.numel() > 0, RuntimeError, op, "(): Expected reduction dim to be specified for input.numel() == 0. "
            "Specify the reduction dim with the 'dim' argument.");
  Tensor x = contiguous(t.detach());
  Tensor out = empty({}, t.dtype());
  minmax_kernel(x, &out, nullptr, 1, t.numel(), is_max, op);
  if (any_requires_grad({&t}) && is_floating_type(t.dtype())) {
    auto node = make_node(is_max ? "MaxBackward1" : "MinBackward1", {t}, [](BackwardNode& n, const TensorList& g) {
      Tensor x = n.saved(0), y = n.saved(1);
      Tensor mask = to_dtype(eq(x, y), x.dtype());
      // The gradient is shared evenly among tied extrema (torch's evenly_distribute_backward).
      return TensorList{div(mul(mask, g[0]), sum(mask))};
    });
    node->save(t);
    node->save(out, true);
    set_history(out, node);
  }
  return out;
}

std::tuple<Tensor, Tensor> dim_minmax(const Tensor& t, int64_t dim, bool keepdim, bool is_max, bool want_values) {
  // argmax/argmin report under their own names (torch: "argmax(): Expected reduction dim 0 ...").
  const char* op = want_values ? (is_max ? "max" : "min") : (is_max ? "argmax" : "argmin");
  if (!want_values)
    PYT_CHECK(t.dtype() != ScalarType::Bool, RuntimeError, is_max ? "argmax" : "argmin",
              "(): does not support bool input");
  int64_t d = maybe_wrap_dim(dim, t.dim(), op);
  int64_t len = t.dim() == 0 ? 1 : t.sizes()[d];
  PYT_CHECK(len > 0, IndexError, op, "(): Expected reduction dim ", d, " to have non-zero size; got input of shape ",
            t.shape_str());
  ReducePlan p = plan_reduce(t, std::vector<int64_t>{d}, op);
  Tensor xa = arrange_for_reduce(t, p);
  auto& osz = keepdim ? p.out_sizes : p.out_sizes_nokeep;
  Tensor values = want_values ? empty(osz, t.dtype()) : Tensor();
  Tensor indices = empty(osz, ScalarType::Int64);
  if (p.outer > 0) minmax_kernel(xa, want_values ? &values : nullptr, &indices, p.outer, p.inner, is_max, op);
  if (want_values && any_requires_grad({&t}) && is_floating_type(t.dtype())) {
    std::vector<int64_t> in_sizes = t.sizes();
    int64_t nd = t.dim();
    auto node = make_node(is_max ? "MaxBackward0" : "MinBackward0", {t},
                          [in_sizes, d, keepdim, nd](BackwardNode& n, const TensorList& g) {
                            Tensor idx = n.saved(0);
                            Tensor gg = g[0];
                            if (nd == 0) return TensorList{gg};
                            if (!keepdim) {
                              gg = unsqueeze(gg, d);
                              idx = unsqueeze(idx, d);
                            }
                            return TensorList{scatter_add(zeros(in_sizes, gg.dtype()), d, idx, gg)};
                          });
    node->save(indices);
    set_history(values, node);
  }
  return {values, indices};
}

}  // namespace

Tensor max(const Tensor& t) { return full_minmax(t, true); }
Tensor min(const Tensor& t) { return full_minmax(t, false); }
std::tuple<Tensor, Tensor> max(const Tensor& t, int64_t dim, bool keepdim) { return dim_minmax(t, dim, keepdim, true, true); }
std::tuple<Tensor, Tensor> min(const Tensor& t, int64_t dim, bool keepdim) { return dim_minmax(t, dim, keepdim, false, true); }

Tensor argmax(const Tensor& t, std::optional<int64_t> dim, bool keepdim) {
  if (!dim) {
    PYT_CHECK(t.numel() > 0, IndexError, "argmax(): Expected reduction dim to be specified for input.numel() == 0.");
    Tensor flat = reshape(t.detach(), {t.numel()});
    Tensor r = std::get<1>(dim_minmax(flat, 0, false, true, false));
    return keepdim ? reshape(r, std::vector<int64_t>(t.dim(), 1)) : r;
  }
  return std::get<1>(dim_minmax(t.detach(), *dim, keepdim, true, false));
}

Tensor argmin(const Tensor& t, std::optional<int64_t> dim, bool keepdim) {
  if (!dim) {
    PYT_CHECK(t.numel() > 0, IndexError, "argmin(): Expected reduction dim to be specified for input.numel() == 0.");
    Tensor flat = reshape(t.detach(), {t.numel()});
    Tensor r = std::get<1>(dim_minmax(flat, 0, false, false, false));
    return keepdim ? reshape(r, std::vector<int64_t>(t.dim(), 1)) : r;
  }
  return std::get<1>(dim_minmax(t.detach(), *dim, keepdim, false, false));
}

}  // namespace pyt
