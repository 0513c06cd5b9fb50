// logspace and the samplers of ops/random.h. Note [Counter-based RNG] (generator.h): element
// i of a draw uses Philox block (offset + i), so no result depends on the thread split.
#include "pyt/ops/random.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/cpu/tensor_iterator.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

using autograd::any_requires_grad;
using autograd::BackwardNode;
using autograd::make_node;
using autograd::set_history;

namespace {

uint64_t bits64(const PhiloxOut& r, int half) {
  return (static_cast<uint64_t>(r.v[2 * half]) << 32) | r.v[2 * half + 1];
}

// A fresh tensor of standard normal samples in dtype (float32 for the reduced floats, then
// rounded once).
Tensor standard_normal(const std::vector<int64_t>& sizes, ScalarType dtype, Generator* gen) {
  bool reduced = dtype == ScalarType::Float16 || dtype == ScalarType::BFloat16;
  Tensor z = empty(sizes, reduced ? ScalarType::Float32 : dtype);
  normal_(z, 0.0, 1.0, gen);
  return z;
}

// Records a node whose gradient is zero for every input (samplers, as torch's).
void zero_grad_history(Tensor& out, const char* name, const TensorList& inputs) {
  if (!any_requires_grad(inputs)) return;
  std::vector<std::vector<int64_t>> sizes;
  std::vector<ScalarType> dts;
  for (const Tensor& t : inputs) {
    sizes.push_back(t.defined() ? t.sizes() : std::vector<int64_t>{});
    dts.push_back(t.defined() ? t.dtype() : ScalarType::Float32);
  }
  auto node = make_node(name, inputs, [sizes, dts](BackwardNode& n, const TensorList&) {
    TensorList r(sizes.size());
    for (size_t i = 0; i < sizes.size(); ++i)
      if (n.needs_input_grad(i)) r[i] = zeros(sizes[i], dts[i]);
    return r;
  });
  set_history(out, node);
}

ScalarType normal_dtype(const TensorList& ts) {
  ScalarType dt = result_type(ts);
  PYT_CHECK(is_floating_type(dt), RuntimeError, "normal: expected a floating point mean and std, got ",
            scalar_type_name(dt));
  return dt;
}

void check_std(const Tensor& std) {
  autograd::NoGradGuard ng;
  if (std.numel() == 0) return;
  double lo = min(to_dtype(std.detach(), ScalarType::Float64)).item<double>();
  PYT_CHECK(lo >= 0.0, RuntimeError, "normal expects all elements of std >= 0.0, got a std of ", std.describe(),
            " with minimum ", lo);
}

}  // namespace

Tensor logspace(double start, double end, int64_t steps, double base, ScalarType dtype) {
  PYT_CHECK(steps >= 0, RuntimeError, "logspace: number of steps must be non-negative, got ", steps);
  // torch's logspace_out (aten/src/ATen/native/RangeFactories.cpp), bit for bit: start and end
  // converted to the dtype; step = (end - start) / (steps - 1) with the difference taken in the
  // dtype and the division in double; exponent start + step * i below steps / 2, else
  // end - step * (steps - 1 - i), in double (no fused multiply-add); then pow(base, exponent).
  check_scalar_fits(Scalar(start), dtype);
  check_scalar_fits(Scalar(end), dtype);
  Tensor out = empty({steps}, dtype);
  PYT_DISPATCH_ALL(dtype, "logspace", [&] {
    scalar_t* p = out.data_ptr<scalar_t>();
    const scalar_t s = Scalar(start).to<scalar_t>(), e = Scalar(end).to<scalar_t>();
    const double step = static_cast<double>(static_cast<scalar_t>(e - s)) / static_cast<double>(steps - 1);
    const int64_t half = steps / 2;
    if (steps == 1) {  // torch: base ** start
      p[0] = static_cast<scalar_t>(std::pow(base, static_cast<double>(s)));
      return;
    }
    for (int64_t i = 0; i < steps; ++i) {
      volatile double prod = step * static_cast<double>(i < half ? i : steps - 1 - i);  // keeps the rounding
      double x = i < half ? static_cast<double>(s) + prod : static_cast<double>(e) - prod;
      p[i] = static_cast<scalar_t>(std::pow(base, x));
    }
  });
  return out;
}

Tensor normal(const Tensor& mean, const Tensor& std, Generator* gen) {
  ScalarType dt = normal_dtype({mean, std});
  check_std(std);
  std::vector<int64_t> shape = broadcast_shapes(mean.sizes(), std.sizes(), "normal");
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = to_dtype(add(to_dtype(mean.detach(), dt), mul(to_dtype(std.detach(), dt), standard_normal(shape, dt, gen))),
                   dt);
  }
  zero_grad_history(out, "NormalBackward3", {mean, std});
  return out;
}

Tensor normal(const Tensor& mean, double std, Generator* gen) {
  PYT_CHECK(std >= 0.0, RuntimeError, "normal expects std >= 0.0, but found std ", std);
  ScalarType dt = normal_dtype({mean});
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = to_dtype(add(mean.detach(), mul(standard_normal(mean.sizes(), dt, gen), wrapped_scalar(Scalar(std)))), dt);
  }
  zero_grad_history(out, "NormalBackward1", {mean});
  return out;
}

Tensor normal(double mean, const Tensor& std, Generator* gen) {
  ScalarType dt = normal_dtype({std});
  check_std(std);
  Tensor out;
  {
    autograd::NoGradGuard ng;
    out = to_dtype(add(mul(std.detach(), standard_normal(std.sizes(), dt, gen)), wrapped_scalar(Scalar(mean))), dt);
  }
  zero_grad_history(out, "NormalBackward2", {std});
  return out;
}

Tensor normal(double mean, double std, const IntArrayRef& size, ScalarType dtype, Generator* gen) {
  PYT_CHECK(std >= 0.0, RuntimeError, "normal expects std >= 0.0, but found std ", std);
  PYT_CHECK(is_floating_type(dtype), RuntimeError, "normal: expected a floating point dtype, got ",
            scalar_type_name(dtype));
  Tensor z = standard_normal(size, dtype, gen);
  autograd::NoGradGuard ng;
  return to_dtype(add(mul(z, wrapped_scalar(Scalar(std))), wrapped_scalar(Scalar(mean))), dtype);
}

Tensor bernoulli(const Tensor& p, Generator* gen) {
  PYT_CHECK(is_floating_type(p.dtype()), RuntimeError, "bernoulli: expected a floating point probability tensor, "
            "got ", p.describe());
  Tensor out = empty(p.sizes(), p.dtype());
  {
    autograd::NoGradGuard ng;
    bernoulli_(out, p.detach(), gen);
  }
  out = Tensor(make_intrusive<TensorImpl>(out.impl()->storage(), out.dtype(), out.sizes(), out.strides(), 0));
  zero_grad_history(out, "BernoulliBackward0", {p});
  return out;
}

Tensor bernoulli(const Tensor& t, double p, Generator* gen) {
  Tensor out = empty(t.sizes(), t.dtype());
  bernoulli_(out, p, gen);
  return Tensor(make_intrusive<TensorImpl>(out.impl()->storage(), out.dtype(), out.sizes(), out.strides(), 0));
}

Tensor& bernoulli_(Tensor& t, const Tensor& p, Generator* gen) {
  check_inplace(t, "bernoulli_");
  Tensor pd;
  {
    autograd::NoGradGuard ng;
    pd = to_dtype(p.detach(), ScalarType::Float64);
    if (pd.numel() > 0) {
      double lo = min(pd).item<double>(), hi = max(pd).item<double>();
      PYT_CHECK(lo >= 0.0 && hi <= 1.0, RuntimeError, "bernoulli_: expected all probabilities in [0, 1], got ",
                p.describe(), " with values in [", lo, ", ", hi, "]");
    }
    broadcast_shapes(t.sizes(), p.sizes(), "bernoulli_");
    Tensor u = empty(t.sizes(), ScalarType::Float64);
    uniform_(u, 0.0, 1.0, gen);
    Tensor mask = lt(u, pd);
    PYT_CHECK(mask.sizes() == t.sizes(), RuntimeError, "bernoulli_: p of shape ", p.shape_str(),
              " does not broadcast to self's shape ", t.shape_str());
    detail::copy_data(t, mask);
  }
  t.bump_version("bernoulli_");
  return t;
}

Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement, Generator* gen) {
  PYT_CHECK(probs.dim() == 1 || probs.dim() == 2, RuntimeError, "multinomial: prob_dist must be 1 or 2 dim, got ",
            probs.describe());
  PYT_CHECK(is_floating_type(probs.dtype()), RuntimeError, "multinomial only supports floating-point dtypes for "
            "input, got ", probs.describe());
  PYT_CHECK(num_samples > 0, RuntimeError, "multinomial: cannot sample n_sample <= 0 samples");
  const int64_t k = probs.sizes().back();
  const int64_t rows = probs.dim() == 2 ? probs.sizes()[0] : 1;
  PYT_CHECK(replacement || num_samples <= k, RuntimeError, "multinomial: cannot sample n_sample > prob_dist.size(-1) "
            "samples without replacement (", num_samples, " > ", k, ")");
  Tensor w = contiguous(to_dtype(probs.detach(), ScalarType::Float64));
  const double* pw = w.data_ptr<double>();
  for (int64_t r = 0; r < rows; ++r) {
    double total = 0;
    for (int64_t c = 0; c < k; ++c) {
      double v = pw[r * k + c];
      PYT_CHECK(std::isfinite(v) && v >= 0, RuntimeError, "multinomial: probability tensor contains either `inf`, "
                "`nan` or element < 0 (row ", r, ", category ", c, ": ", v, ")");
      total += v;
    }
    PYT_CHECK(total > 0, RuntimeError, "multinomial: invalid multinomial distribution (sum of probabilities <= 0) in "
              "row ", r);
    // Without replacement, more samples than nonzero weights is allowed (torch's topk of
    // p / Exp(1) keys): the zero-weight categories fill the remaining places.
  }
  Generator& g = gen ? *gen : default_generator();
  const uint64_t seed = g.initial_seed();
  // With replacement: one block per sample; without: one per category (exponential race).
  const int64_t per_row = replacement ? num_samples : k;
  const uint64_t base = g.reserve(static_cast<uint64_t>(rows * per_row));
  Tensor out = empty(probs.dim() == 2 ? std::vector<int64_t>{rows, num_samples} : std::vector<int64_t>{num_samples},
                     ScalarType::Int64);
  int64_t* po = out.data_ptr<int64_t>();
  parallel_for(0, rows, 1, [&](int64_t r0, int64_t r1) {
    std::vector<double> cdf(k);
    std::vector<std::pair<double, int64_t>> keys(k);
    for (int64_t r = r0; r < r1; ++r) {
      const double* row = pw + r * k;
      const uint64_t rb = base + static_cast<uint64_t>(r * per_row);
      if (replacement) {
        std::partial_sum(row, row + k, cdf.begin());
        const double total = cdf[k - 1];
        for (int64_t j = 0; j < num_samples; ++j) {
          double u = uint64_to_uniform_double(bits64(philox4x32(seed, rb + static_cast<uint64_t>(j)), 0)) * total;
          // The first category whose cumulative weight exceeds u (never a zero-weight one).
          int64_t c = std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin();
          if (c >= k) c = k - 1;
          while (row[c] == 0 && c > 0) --c;
          po[r * num_samples + j] = c;
        }
      } else {
        // Note [Sampling without replacement]: category c gets key w_c / E_c with E_c ~ Exp(1);
        // the num_samples largest keys are a weighted draw without replacement.
        for (int64_t c = 0; c < k; ++c) {
          double u = uint64_to_uniform_double(bits64(philox4x32(seed, rb + static_cast<uint64_t>(c)), 0));
          double e = -std::log1p(-u);  // Exp(1), > 0 except for u == 0
          keys[c] = {row[c] > 0 ? row[c] / std::max(e, 1e-300) : -1.0, c};
        }
        std::partial_sort(keys.begin(), keys.begin() + num_samples, keys.end(),
                          [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
        for (int64_t j = 0; j < num_samples; ++j) po[r * num_samples + j] = keys[j].second;
      }
    }
  });
  return out;
}

Tensor& exponential_(Tensor& t, double lambd, Generator* gen) {
  check_inplace(t, "exponential_");
  PYT_CHECK(lambd > 0.0, RuntimeError, "exponential_ expects lambda > 0.0, but found lambda=", lambd);
  PYT_CHECK(is_floating_type(t.dtype()), RuntimeError, "exponential_: expected a floating point tensor, got ",
            t.describe());
  {
    autograd::NoGradGuard ng;
    Tensor u = empty(t.sizes(), ScalarType::Float64);
    uniform_(u, 0.0, 1.0, gen);
    // -log(1 - u) / lambd, u in [0, 1): finite and >= 0.
    Tensor x = div(neg(log1p(neg(u))), wrapped_scalar(Scalar(lambd)));
    detail::copy_data(t, x);
  }
  t.bump_version("exponential_");
  return t;
}

Tensor& random_(Tensor& t, int64_t from, std::optional<int64_t> to, Generator* gen) {
  check_inplace(t, "random_");
  int64_t hi;
  if (to) {
    hi = *to;
  } else {
    switch (t.dtype()) {
      case ScalarType::Float32: hi = (int64_t(1) << 24) + 1; break;
      case ScalarType::Float64: hi = (int64_t(1) << 53) + 1; break;
      case ScalarType::Float16: hi = (int64_t(1) << 11) + 1; break;
      case ScalarType::BFloat16: hi = (int64_t(1) << 8) + 1; break;
      case ScalarType::Bool: hi = 2; break;
      case ScalarType::UInt8: hi = 256; break;
      case ScalarType::Int8: hi = 128; break;
      case ScalarType::Int16: hi = 32768; break;
      case ScalarType::Int32: hi = int64_t(1) << 31; break;
      default: hi = std::numeric_limits<int64_t>::max(); break;
    }
  }
  PYT_CHECK(from < hi, RuntimeError, "random_ expects 'from' to be less than 'to', but got from=", from, " >= to=", hi);
  Generator& g = gen ? *gen : default_generator();
  const int64_t n = t.numel();
  const uint64_t seed = g.initial_seed();
  const uint64_t base = g.reserve(static_cast<uint64_t>(n));
  const uint64_t range = static_cast<uint64_t>(hi) - static_cast<uint64_t>(from);
  Tensor vals = empty(t.sizes(), ScalarType::Int64);
  int64_t* pv = vals.data_ptr<int64_t>();
  parallel_for(0, n, 4096, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i)
      pv[i] = from + static_cast<int64_t>(bits64(philox4x32(seed, base + static_cast<uint64_t>(i)), 0) % range);
  });
  {
    autograd::NoGradGuard ng;
    detail::copy_data(t, vals);
  }
  t.bump_version("random_");
  return t;
}

}  // namespace pyt
