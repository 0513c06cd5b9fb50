// Kernels of the statistics / sorting / searching family. Note [Selection order]: the
// element a selection picks among ties, and so the index it reports, is defined by torch's
// algorithms (std::nth_element with index tie-breaks for median, Sedgewick's quickselect for
// kthvalue, std::sort of (value, index) pairs for mode); these kernels run the same
// algorithms with the same comparisons so that the indices agree with torch's.
#include "pyt/ops/cpu/stats_kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <utility>
#include <vector>

#include "pyt/ops/cpu/dispatch.h"
#include "pyt/parallel.h"

namespace pyt::cpu {

namespace {

template <typename T>
bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>) return std::isnan(v);
  return false;
}

int64_t row_grain(int64_t n) { return std::max<int64_t>(1, kGrainSize / std::max<int64_t>(n, 1)); }

// Sedgewick's quickselect (median-of-three pivot) as torch's kthvalue runs it: afterwards
// position k holds the k-th smallest of v (NaN largest), and idx moved along with v.
template <typename T>
void quick_select(T* v, int64_t* idx, int64_t n, int64_t k) {
  auto gt = [](T a, T b) { return (is_nan(a) && !is_nan(b)) || a > b; };
  auto swap = [&](int64_t i, int64_t j) {
    std::swap(v[i], v[j]);
    std::swap(idx[i], idx[j]);
  };
  int64_t lo = 0, hi = n - 1;
  while (true) {
    if (hi <= lo) return;
    if (hi == lo + 1) {
      if (gt(v[lo], v[hi])) swap(lo, hi);
      return;
    }
    swap(lo + (hi - lo) / 2, lo + 1);
    if (gt(v[lo + 1], v[hi])) swap(lo + 1, hi);
    if (gt(v[lo], v[hi])) swap(lo, hi);
    if (gt(v[lo + 1], v[lo])) swap(lo + 1, lo);
    int64_t i = lo + 1, j = hi;
    T pivot = v[lo];
    while (true) {
      do ++i; while (gt(pivot, v[i]));
      do --j; while (gt(v[j], pivot));
      if (j < i) break;
      swap(i, j);
    }
    swap(lo, j);
    if (j <= k) lo = i;
    if (j >= k) hi = j - 1;
  }
}

template <typename T>
std::pair<T, int64_t> select_one(const T* row, int64_t n, SelectKind kind, int64_t k, std::vector<int64_t>& idx,
                                 std::unique_ptr<T[]>& tmp) {
  idx.resize(n);
  std::iota(idx.begin(), idx.end(), int64_t(0));
  switch (kind) {
    case SelectKind::Median: {
      const T* nan = std::find_if(row, row + n, [](T v) { return is_nan(v); });
      if (nan != row + n) return {*nan, nan - row};
      auto nth = idx.begin() + (n - 1) / 2;
      std::nth_element(idx.begin(), nth, idx.end(),
                       [row](int64_t i, int64_t j) { return row[i] < row[j] || (row[i] == row[j] && i < j); });
      return {row[*nth], *nth};
    }
    case SelectKind::NanMedian: {
      int64_t nans = std::count_if(row, row + n, [](T v) { return is_nan(v); });
      auto nth = idx.begin() + (n - nans - 1) / 2;  // all NaN: (-1) / 2 == 0
      std::nth_element(idx.begin(), nth, idx.end(), [row](int64_t i, int64_t j) {
        return row[i] < row[j] || (row[i] == row[j] && i < j) || (is_nan(row[j]) && !is_nan(row[i]));
      });
      return {row[*nth], *nth};
    }
    case SelectKind::Kth: {
      // (a plain buffer: std::vector<bool> has no data())
      tmp.reset(new T[static_cast<size_t>(n)]);
      std::copy(row, row + n, tmp.get());
      quick_select(tmp.get(), idx.data(), n, k - 1);
      return {tmp[k - 1], idx[k - 1]};
    }
    case SelectKind::Mode: {
      std::vector<std::pair<T, int64_t>> el(n);
      for (int64_t i = 0; i < n; ++i) el[i] = {row[i], i};
      // torch sorts the pairs by value only, with `<`, NaN included; std::sort's order of equal
      // values then decides the reported index (Note [Selection order]). With NaN, `<` is no
      // strict weak order: the NaNs split the row into runs that libstdc++'s sort orders on their
      // own, and torch's mode is whatever that order yields (often not NaN). The same call gives
      // the same answer. It stays in bounds: each unguarded move stops at the pivot or at a NaN.
      std::sort(el.begin(), el.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      T mode = T(0);
      int64_t mode_i = 0, freq = 0, best = 0;
      for (int64_t i = 0; i < n; ++i) {
        ++freq;
        if (i == n - 1 || el[i].first != el[i + 1].first) {
          if (freq > best) {
            mode = el[i].first;
            mode_i = el[i].second;
            best = freq;
          }
          freq = 0;
        }
      }
      return {mode, mode_i};
    }
  }
  return {T(0), 0};
}

}  // namespace

void select_rows(const Tensor& x, int64_t outer, int64_t n, SelectKind kind, int64_t k, Tensor& values,
                 Tensor& indices) {
  PYT_DISPATCH_NUMERIC_AND_BOOL(x.dtype(), "select_rows", [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    scalar_t* pv = values.data_ptr<scalar_t>();
    int64_t* pi = indices.data_ptr<int64_t>();
    parallel_for(0, outer, row_grain(n), [&](int64_t b, int64_t e) {
      std::vector<int64_t> idx;
      std::unique_ptr<scalar_t[]> tmp;
      for (int64_t r = b; r < e; ++r) {
        auto [v, i] = select_one<scalar_t>(px + r * n, n, kind, k, idx, tmp);
        pv[r] = v;
        pi[r] = i;
      }
    });
  });
}

void median_all(const Tensor& x, bool ignore_nan, Tensor& out) {
  PYT_DISPATCH_NUMERIC(x.dtype(), "median", [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    int64_t n = x.numel();
    scalar_t* po = out.data_ptr<scalar_t>();
    if (n == 0) {
      *po = std::numeric_limits<scalar_t>::quiet_NaN();
      return;
    }
    std::vector<scalar_t> v(px, px + n);
    if (!ignore_nan && std::any_of(v.begin(), v.end(), [](scalar_t a) { return is_nan(a); })) {
      *po = std::numeric_limits<scalar_t>::quiet_NaN();
      return;
    }
    auto nth = v.begin();
    if (!ignore_nan) {
      nth += (n - 1) / 2;
      std::nth_element(v.begin(), nth, v.end());
    } else {
      int64_t nans = std::count_if(v.begin(), v.end(), [](scalar_t a) { return is_nan(a); });
      nth += (n - nans - 1) / 2;
      std::nth_element(v.begin(), nth, v.end(),
                       [](scalar_t a, scalar_t b) { return a < b || (is_nan(b) && !is_nan(a)); });
    }
    *po = *nth;
  });
}

void cummaxmin_rows(const Tensor& x, int64_t outer, int64_t n, bool is_max, Tensor& values, Tensor& indices) {
  PYT_DISPATCH_NUMERIC_AND_BOOL(x.dtype(), is_max ? "cummax" : "cummin", [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    scalar_t* pv = values.data_ptr<scalar_t>();
    int64_t* pi = indices.data_ptr<int64_t>();
    parallel_for(0, outer, row_grain(n), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        const scalar_t* row = px + r * n;
        scalar_t best = row[0];
        int64_t bi = 0;
        for (int64_t i = 0; i < n; ++i) {
          scalar_t v = row[i];
          bool take = is_max ? v >= best : v <= best;
          if (is_nan(v) || (!is_nan(best) && take)) {
            best = v;
            bi = i;
          }
          pv[r * n + i] = best;
          pi[r * n + i] = bi;
        }
      }
    });
  });
}

void logcumsumexp_rows(const Tensor& x, int64_t outer, int64_t n, Tensor& out) {
  PYT_DISPATCH_FLOATING(x.dtype(), "logcumsumexp", [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    scalar_t* po = out.data_ptr<scalar_t>();
    // log(exp(a) + exp(b)) = max + log1p(exp(min - max)); two equal infinities give themselves.
    auto log_add_exp = [](scalar_t a, scalar_t b) -> scalar_t {
      scalar_t lo = std::isnan(b) ? b : std::min(a, b);
      scalar_t hi = std::isnan(b) ? b : std::max(a, b);
      if (lo != hi || std::isfinite(lo)) return std::log1p(std::exp(lo - hi)) + hi;
      return a;
    };
    parallel_for(0, outer, row_grain(n), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        scalar_t acc = -std::numeric_limits<scalar_t>::infinity();
        for (int64_t i = 0; i < n; ++i) {
          acc = log_add_exp(px[r * n + i], acc);
          po[r * n + i] = acc;
        }
      }
    });
  });
}

void searchsorted_rows(const Tensor& seq, const Tensor& v, const Tensor& sorter, int64_t rows, int64_t n_seq,
                       int64_t n_v, bool seq_shared, bool right, Tensor& out) {
  bool i32 = out.dtype() == ScalarType::Int32;
  PYT_DISPATCH_NUMERIC(seq.dtype(), "searchsorted", [&] {
    const scalar_t* ps = seq.data_ptr<scalar_t>();
    const scalar_t* pv = v.data_ptr<scalar_t>();
    const int64_t* psort = sorter.defined() ? sorter.data_ptr<int64_t>() : nullptr;
    void* po = out.data_ptr();
    int64_t total = rows * n_v;
    parallel_for(0, total, 4096, [&](int64_t b, int64_t e) {
      for (int64_t t = b; t < e; ++t) {
        int64_t r = n_v == 0 ? 0 : t / n_v;
        int64_t off = seq_shared ? 0 : r * n_seq;
        const scalar_t* s = ps + off;
        const int64_t* so = psort ? psort + off : nullptr;
        scalar_t val = pv[t];
        int64_t lo = 0, hi = n_seq;
        while (lo < hi) {
          int64_t mid = lo + ((hi - lo) >> 1);
          scalar_t m = so ? s[so[mid]] : s[mid];
          // (not >=) rather than (<) so that NaN in seq sorts last, as torch's bounds do.
          bool go_right = right ? !(m > val) : !(m >= val);
          if (go_right)
            lo = mid + 1;
          else
            hi = mid;
        }
        if (i32)
          static_cast<int32_t*>(po)[t] = static_cast<int32_t>(lo);
        else
          static_cast<int64_t*>(po)[t] = lo;
      }
    });
  });
}

void histc_kernel(const Tensor& x, int64_t bins, double lo, double hi, Tensor& out) {
  PYT_DISPATCH_FLOATING(x.dtype(), "histc", [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    int64_t n = x.numel();
    scalar_t left = static_cast<scalar_t>(lo), right = static_cast<scalar_t>(hi);
    // Per-chunk integer counts added in chunk order: exact and thread-count independent.
    constexpr int64_t kChunk = 65536;
    int64_t nchunks = (n + kChunk - 1) / kChunk;
    std::vector<int64_t> counts(static_cast<size_t>(std::max<int64_t>(nchunks, 1) * bins), 0);
    parallel_for(0, nchunks, 1, [&](int64_t b, int64_t e) {
      for (int64_t c = b; c < e; ++c) {
        int64_t* cc = counts.data() + c * bins;
        for (int64_t i = c * kChunk; i < std::min(n, (c + 1) * kChunk); ++i) {
          scalar_t v = px[i];
          if (!(v >= left && v <= right)) continue;
          int64_t pos = static_cast<int64_t>((v - left) * static_cast<scalar_t>(bins) / (right - left));
          if (pos >= bins) pos = bins - 1;
          ++cc[pos];
        }
      }
    });
    scalar_t* po = out.data_ptr<scalar_t>();
    for (int64_t j = 0; j < bins; ++j) {
      int64_t s = 0;
      for (int64_t c = 0; c < nchunks; ++c) s += counts[c * bins + j];
      po[j] = static_cast<scalar_t>(s);
    }
  });
}

void bincount_kernel(const Tensor& x, const Tensor& weights, Tensor& out) {
  PYT_DISPATCH_NUMERIC(x.dtype(), "bincount", [&] {
    if constexpr (std::is_integral_v<scalar_t>) {
      const scalar_t* px = x.data_ptr<scalar_t>();
      int64_t n = x.numel();
      if (!weights.defined()) {
        int64_t* po = out.data_ptr<int64_t>();
        for (int64_t i = 0; i < n; ++i) ++po[static_cast<int64_t>(px[i])];
      } else if (out.dtype() == ScalarType::Float32) {
        const float* pw = weights.data_ptr<float>();
        float* po = out.data_ptr<float>();
        for (int64_t i = 0; i < n; ++i) po[static_cast<int64_t>(px[i])] += pw[i];
      } else {
        const double* pw = weights.data_ptr<double>();
        double* po = out.data_ptr<double>();
        for (int64_t i = 0; i < n; ++i) po[static_cast<int64_t>(px[i])] += pw[i];
      }
    }
  });
}

void isin_kernel(const Tensor& x, const Tensor& sorted_test, bool invert, Tensor& out) {
  PYT_DISPATCH_NUMERIC_AND_BOOL(x.dtype(), "isin", [&] {
    const scalar_t* px = x.data_ptr<scalar_t>();
    const scalar_t* pt = sorted_test.data_ptr<scalar_t>();
    int64_t m = sorted_test.numel();
    bool* po = out.data_ptr<bool>();
    auto less = [](scalar_t a, scalar_t b) { return (!is_nan(a) && is_nan(b)) || a < b; };
    parallel_for(0, x.numel(), 4096, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        scalar_t v = px[i];
        const scalar_t* it = std::lower_bound(pt, pt + m, v, less);
        bool found = it != pt + m && *it == v;  // NaN never equals
        po[i] = found != invert;
      }
    });
  });
}

}  // namespace pyt::cpu
