// Gather / scatter kernels of advanced indexing (see index_kernels.h).
#include "pyt/ops/cpu/index_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "pyt/ops/cpu/dispatch.h"
#include "pyt/parallel.h"
#include "pyt/scalar.h"

namespace pyt::cpu {

namespace {

// True when post_off is 0, 1, 2, ...: the inner block is one contiguous run.
bool is_run(const std::vector<int64_t>& post_off) {
  for (size_t q = 0; q < post_off.size(); ++q)
    if (post_off[q] != static_cast<int64_t>(q)) return false;
  return true;
}

template <typename T>
void gather_typed(const T* src, T* out, const std::vector<int64_t>& pre_off, const int64_t* off, int64_t nb,
                  const std::vector<int64_t>& post_off) {
  const int64_t npre = static_cast<int64_t>(pre_off.size());
  const int64_t nq = static_cast<int64_t>(post_off.size());
  const bool run = is_run(post_off);
  const int64_t rows = npre * nb;
  parallel_for(0, rows, std::max<int64_t>(1, kGrainSize / std::max<int64_t>(1, nq)), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t p = r / nb, b = r % nb;
      const T* s = src + pre_off[p] + off[b];
      T* o = out + r * nq;
      if (nq == 1) {
        o[0] = s[post_off[0]];
      } else if (run) {
        std::memcpy(o, s, nq * sizeof(T));
      } else {
        for (int64_t q = 0; q < nq; ++q) o[q] = s[post_off[q]];
      }
    }
  });
}

template <typename T>
void accumulate_into(T& d, const T& v) {
  if constexpr (std::is_same_v<T, bool>)
    d = d || v;
  else if constexpr (std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>)
    d = T(static_cast<float>(d) + static_cast<float>(v));
  else
    d = static_cast<T>(d + v);
}

template <typename T, bool Acc>
void scatter_typed(T* dst, const T* vals, const std::vector<int64_t>& pre_off, const int64_t* off, int64_t nb,
                   const std::vector<int64_t>& post_off) {
  const int64_t npre = static_cast<int64_t>(pre_off.size());
  const int64_t nq = static_cast<int64_t>(post_off.size());
  // Work items are (p, chunk of q): distinct items never touch the same destination
  // element (distinct p or q), and each item walks b in order, so duplicates resolve the
  // same way for any thread count.
  const int64_t chunk = std::max<int64_t>(1, std::min<int64_t>(nq, 4096));
  const int64_t nchunks = (nq + chunk - 1) / chunk;
  const int64_t items = npre * nchunks;
  const int64_t per_item = std::max<int64_t>(1, nb * chunk);
  parallel_for(0, items, std::max<int64_t>(1, kGrainSize / per_item), [&](int64_t i0, int64_t i1) {
    for (int64_t it = i0; it < i1; ++it) {
      const int64_t p = it / nchunks, c = it % nchunks;
      const int64_t q0 = c * chunk, q1 = std::min(nq, q0 + chunk);
      for (int64_t b = 0; b < nb; ++b) {
        T* d = dst + pre_off[p] + off[b];
        const T* v = vals + (p * nb + b) * nq;
        for (int64_t q = q0; q < q1; ++q) {
          if constexpr (Acc)
            accumulate_into(d[post_off[q]], v[q]);
          else
            d[post_off[q]] = v[q];
        }
      }
    }
  });
}

}  // namespace

void index_gather(const char* src, char* out, size_t es, const std::vector<int64_t>& pre_off, const int64_t* off,
                  int64_t nb, const std::vector<int64_t>& post_off) {
  if (pre_off.empty() || nb == 0 || post_off.empty()) return;
  switch (es) {
    case 1: return gather_typed(reinterpret_cast<const uint8_t*>(src), reinterpret_cast<uint8_t*>(out), pre_off, off, nb, post_off);
    case 2: return gather_typed(reinterpret_cast<const uint16_t*>(src), reinterpret_cast<uint16_t*>(out), pre_off, off, nb, post_off);
    case 4: return gather_typed(reinterpret_cast<const uint32_t*>(src), reinterpret_cast<uint32_t*>(out), pre_off, off, nb, post_off);
    case 8: return gather_typed(reinterpret_cast<const uint64_t*>(src), reinterpret_cast<uint64_t*>(out), pre_off, off, nb, post_off);
    default: throw RuntimeError(str("index: unsupported element size ", es));
  }
}

void index_scatter(char* dst, const char* vals, ScalarType dtype, const std::vector<int64_t>& pre_off,
                   const int64_t* off, int64_t nb, const std::vector<int64_t>& post_off, bool accumulate) {
  if (pre_off.empty() || nb == 0 || post_off.empty()) return;
  PYT_DISPATCH_ALL(dtype, "index_put_", [&] {
    auto* d = reinterpret_cast<scalar_t*>(dst);
    auto* v = reinterpret_cast<const scalar_t*>(vals);
    if (accumulate)
      scatter_typed<scalar_t, true>(d, v, pre_off, off, nb, post_off);
    else
      scatter_typed<scalar_t, false>(d, v, pre_off, off, nb, post_off);
  });
}

}  // namespace pyt::cpu

namespace pyt::cpu {

namespace {

template <typename T>
using acc_t = std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>, float, T>;

template <typename T>
T reduce_identity(ScatterReduce op) {
  using A = acc_t<T>;
  switch (op) {
    case ScatterReduce::Prod: return T(A(1));
    case ScatterReduce::Amax:
      if constexpr (std::is_floating_point_v<A>) return T(-std::numeric_limits<A>::infinity());
      else return std::numeric_limits<T>::lowest();
    case ScatterReduce::Amin:
      if constexpr (std::is_floating_point_v<A>) return T(std::numeric_limits<A>::infinity());
      else return std::numeric_limits<T>::max();
    default: return T(A(0));
  }
}

template <typename T>
T reduce_one(T d, T s, ScatterReduce op) {
  using A = acc_t<T>;
  A a = static_cast<A>(d), b = static_cast<A>(s);
  switch (op) {
    case ScatterReduce::Sum:
    case ScatterReduce::Mean:
      if constexpr (std::is_same_v<T, bool>) return a || b;
      else return T(static_cast<A>(a + b));
    case ScatterReduce::Prod:
      if constexpr (std::is_same_v<T, bool>) return a && b;
      else return T(static_cast<A>(a * b));
    case ScatterReduce::Amax:
      if constexpr (std::is_floating_point_v<A>)
        if (std::isnan(b) || std::isnan(a)) return std::isnan(b) ? s : d;
      return b > a ? s : d;
    case ScatterReduce::Amin:
      if constexpr (std::is_floating_point_v<A>)
        if (std::isnan(b) || std::isnan(a)) return std::isnan(b) ? s : d;
      return b < a ? s : d;
  }
  return d;
}

}  // namespace

void scatter_reduce_kernel(char* out, const std::vector<int64_t>& out_sizes, const int64_t* index,
                           const std::vector<int64_t>& index_sizes, const char* src,
                           const std::vector<int64_t>& src_strides, int64_t dim, ScalarType dtype, ScatterReduce op,
                           bool include_self, int64_t* counts) {
  const int64_t nd = static_cast<int64_t>(index_sizes.size());
  int64_t n = 1;
  for (int64_t s : index_sizes) n *= s;
  if (n == 0) return;
  std::vector<int64_t> os(nd, 1);
  for (int64_t k = nd - 2; k >= 0; --k) os[k] = os[k + 1] * out_sizes[k + 1];
  // Note [Deterministic scatter_reduce]: every output element gathers from index positions
  // that share its coordinates outside dim, so the work splits over those coordinates
  // (outer x inner) with no two threads touching one output element; each element then
  // reduces its sources in increasing position along dim, the serial row-major order. The
  // result is bitwise the same for any number of threads.
  const int64_t len = index_sizes[dim];
  int64_t outer = 1, inner = 1;
  for (int64_t k = 0; k < dim; ++k) outer *= index_sizes[k];
  for (int64_t k = dim + 1; k < nd; ++k) inner *= index_sizes[k];
  // Calls f(out offset, src offset) for the positions of lines [b, e) of (outer x inner), in
  // order along dim.
  auto walk_lines = [&](int64_t b, int64_t e, auto f) {
    for (int64_t q = b; q < e; ++q) {
      int64_t o = q / inner, r = q % inner;
      int64_t oo = 0, so = 0;
      for (int64_t k = nd - 1; k > dim; --k) {
        int64_t c = r % index_sizes[k];
        r /= index_sizes[k];
        oo += c * os[k];
        so += c * src_strides[k];
      }
      for (int64_t k = dim - 1; k >= 0; --k) {
        int64_t c = o % index_sizes[k];
        o /= index_sizes[k];
        oo += c * os[k];
        so += c * src_strides[k];
      }
      const int64_t* idx = index + (q / inner) * len * inner + q % inner;
      for (int64_t j = 0; j < len; ++j) f(oo + idx[j * inner] * os[dim], so + j * src_strides[dim]);
    }
  };
  const int64_t grain = std::max<int64_t>(1, 32768 / std::max<int64_t>(len, 1));
  PYT_DISPATCH_ALL(dtype, "scatter_reduce", [&] {
    auto* po = reinterpret_cast<scalar_t*>(out);
    const auto* ps = reinterpret_cast<const scalar_t*>(src);
    // The reduction is a compile-time constant inside the loops (no switch per element).
    auto run = [&](auto op_c) {
      constexpr ScatterReduce kOp = decltype(op_c)::value;
      parallel_for(0, outer * inner, grain, [&](int64_t b, int64_t e) {
        if (!include_self) {
          scalar_t id = reduce_identity<scalar_t>(kOp);
          walk_lines(b, e, [&](int64_t oo, int64_t) {
            po[oo] = id;
            if (counts) counts[oo] = 0;
          });
        }
        walk_lines(b, e, [&](int64_t oo, int64_t so) {
          po[oo] = reduce_one(po[oo], ps[so], kOp);
          if (counts) counts[oo] += 1;
        });
      });
    };
    using R = ScatterReduce;
    switch (op) {
      case R::Sum: run(std::integral_constant<R, R::Sum>{}); break;
      case R::Mean: run(std::integral_constant<R, R::Mean>{}); break;
      case R::Prod: run(std::integral_constant<R, R::Prod>{}); break;
      case R::Amax: run(std::integral_constant<R, R::Amax>{}); break;
      case R::Amin: run(std::integral_constant<R, R::Amin>{}); break;
    }
  });
}

}  // namespace pyt::cpu
