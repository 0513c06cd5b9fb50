// Factory functions and random sampling.
#include <cmath>
#include <numeric>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/cpu/dispatch.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

Tensor scalar_tensor(const Scalar& s, OptDtype dtype) {
  ScalarType dt = dtype ? *dtype : (s.is_floating_point() ? get_default_dtype() : s.natural_dtype());
  // torch converts a 0-d fill with checked_convert, except into float16/bfloat16 (those round to inf).
  if (dtype && dt != ScalarType::Float16 && dt != ScalarType::BFloat16) check_scalar_fits(s, dt);
  Tensor t = empty({}, dt);
  PYT_DISPATCH_ALL(dt, "scalar_tensor", [&] { *t.data_ptr<scalar_t>() = s.to<scalar_t>(); });
  return t;
}

Tensor wrapped_scalar(const Scalar& s) {
  Tensor t = empty({}, s.natural_dtype());
  PYT_DISPATCH_ALL(t.dtype(), "wrapped_scalar", [&] { *t.data_ptr<scalar_t>() = s.to<scalar_t>(); });
  t.impl()->set_wrapped_number(true);
  return t;
}

Tensor full(const IntArrayRef& sizes, const Scalar& value, ScalarType dtype) {
  Tensor t = empty(sizes, dtype);
  detail::fill_data(t, value);
  return t;
}
Tensor zeros(const IntArrayRef& sizes, ScalarType dtype) {
  Tensor t = empty(sizes, dtype);
  std::memset(t.data_ptr(), 0, static_cast<size_t>(t.numel()) * t.element_size());
  return t;
}
Tensor ones(const IntArrayRef& sizes, ScalarType dtype) { return full(sizes, Scalar(1), dtype); }
Tensor zeros_like(const Tensor& t, OptDtype dtype) { return zeros(t.sizes(), dtype.value_or(t.dtype())); }
Tensor ones_like(const Tensor& t, OptDtype dtype) { return ones(t.sizes(), dtype.value_or(t.dtype())); }
Tensor full_like(const Tensor& t, const Scalar& value, OptDtype dtype) {
  return full(t.sizes(), value, dtype.value_or(t.dtype()));
}
Tensor empty_like(const Tensor& t, OptDtype dtype) { return empty(t.sizes(), dtype.value_or(t.dtype())); }

Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step, OptDtype dtype) {
  bool any_float = start.is_floating_point() || end.is_floating_point() || step.is_floating_point();
  ScalarType dt = dtype ? *dtype : (any_float ? get_default_dtype() : ScalarType::Int64);
  double s = start.to_double(), e = end.to_double(), st = step.to_double();
  PYT_CHECK(st != 0, RuntimeError, "arange: step must be nonzero");
  PYT_CHECK(std::isfinite(s) && std::isfinite(e), RuntimeError, "arange: unsupported range: ", s, " -> ", e);
  PYT_CHECK((st > 0 && e >= s) || (st < 0 && e <= s), RuntimeError,
            "upper bound and lower bound inconsistent with step sign (arange: start=", s, ", end=", e,
            ", step=", st, ")");
  // Floating bounds with an integer dtype: as torch, start and step are truncated to int64 for
  // the values; int64 results count with the truncated end too (arange(0, 3.5, dtype=int64) is
  // [0, 1, 2]; with int32 it is [0, 1, 2, 3]), and a step truncating to 0 is a ValueError there.
  const bool trunc = any_float && is_integral_type(dt, false);
  if (trunc)
    PYT_CHECK(std::fabs(s) < 9.2e18 && std::fabs(e) < 9.2e18 && std::fabs(st) < 9.2e18, RuntimeError,
              "arange: start=", s, ", end=", e, ", step=", st, " do not fit ", scalar_type_name(dt));
  int64_t n;
  if (trunc && dt == ScalarType::Int64) {
    int64_t is = static_cast<int64_t>(s), ie = static_cast<int64_t>(e), ist = static_cast<int64_t>(st);
    PYT_CHECK(ist != 0, ValueError, "step must be nonzero (arange: step ", st, " truncates to 0 for int64)");
    n = ist > 0 ? (ie - is + ist - 1) / ist : (is - ie + (-ist) - 1) / (-ist);
  } else if (!any_float) {
    int64_t is = start.to_int(), ie = end.to_int(), ist = step.to_int();
    n = ist > 0 ? (ie - is + ist - 1) / ist : (is - ie + (-ist) - 1) / (-ist);
  } else {
    double count = std::ceil((e - s) / st);
    PYT_CHECK(count < 9.2e18, RuntimeError, "arange: the range [", s, ", ", e, ") with step ", st,
              " has too many elements");
    n = static_cast<int64_t>(count);
  }
  if (dt == ScalarType::Float16 || dt == ScalarType::BFloat16)  // through float32, rounded once
    return to_dtype(arange(start, end, step, ScalarType::Float32), dt);
  Tensor t = empty({n}, dt);
  PYT_DISPATCH_NUMERIC(dt, "arange", [&] {
    scalar_t* p = t.data_ptr<scalar_t>();
    if (!any_float || trunc) {
      int64_t is = trunc ? static_cast<int64_t>(s) : start.to_int();
      int64_t ist = trunc ? static_cast<int64_t>(st) : step.to_int();
      for (int64_t i = 0; i < n; ++i)  // unsigned arithmetic: wraps like torch's int64 accumulator
        p[i] = static_cast<scalar_t>(static_cast<int64_t>(static_cast<uint64_t>(is) + static_cast<uint64_t>(i) *
                                                          static_cast<uint64_t>(ist)));
    } else {
      for (int64_t i = 0; i < n; ++i) p[i] = static_cast<scalar_t>(s + static_cast<double>(i) * st);
    }
  });
  return t;
}

Tensor linspace(double start, double end, int64_t steps, ScalarType dtype) {
  PYT_CHECK(steps >= 0, RuntimeError, "linspace: number of steps must be non-negative, got ", steps);
  Tensor t = empty({steps}, dtype);
  check_scalar_fits(Scalar(start), dtype);  // torch converts start and end with its overflow check
  check_scalar_fits(Scalar(end), dtype);
  if (dtype == ScalarType::Float16 || dtype == ScalarType::BFloat16) {
    // float16/bfloat16: every operation rounds to the dtype (c10::Half arithmetic), with the
    // same two-sided formula as below.
    auto fill = [&](auto tag) {
      using H = decltype(tag);
      H* p = t.data_ptr<H>();
      auto r = [](float v) { return static_cast<float>(H(v)); };
      const float fs = r(static_cast<float>(start)), fe = r(static_cast<float>(end));
      if (steps == 1) {
        p[0] = H(fs);
        return;
      }
      const int64_t half = steps / 2;
      const float step = r(r(fe - fs) / r(static_cast<float>(steps - 1)));
      for (int64_t i = 0; i < steps; ++i)
        p[i] = H(i < half ? fs + r(step * r(static_cast<float>(i))) : fe - r(step * r(static_cast<float>(steps - 1 - i))));
    };
    if (steps > 0) {
      if (dtype == ScalarType::Float16) fill(Half());
      else fill(BFloat16());
    }
    return t;
  }
  // torch's linspace_kernel (aten/src/ATen/native/cpu/RangeFactoriesKernel.cpp), bit for bit:
  // start and end are first converted to the dtype; step = (end - start) / (steps - 1) in the
  // dtype (double for integers); element i is start + step * i below steps / 2 and
  // end - step * (steps - 1 - i) from there on, symmetric so both ends are exact. torch's build
  // contracts those multiply-adds into one fused multiply-add for float and double (and for the
  // double arithmetic of integer dtypes); float16 and bfloat16 round after every operation.
  PYT_DISPATCH_NUMERIC(dtype, "linspace", [&] {
    scalar_t* p = t.data_ptr<scalar_t>();
    const scalar_t s = Scalar(start).to<scalar_t>(), e = Scalar(end).to<scalar_t>();
    if (steps == 1) {
      p[0] = s;
      return;
    }
    const int64_t half = steps / 2;
    if constexpr (std::is_same_v<scalar_t, float> || std::is_same_v<scalar_t, double>) {
      const scalar_t step = (e - s) / static_cast<scalar_t>(steps - 1);
      for (int64_t i = 0; i < steps; ++i)
        p[i] = i < half ? std::fma(step, static_cast<scalar_t>(i), s)
                        : std::fma(-step, static_cast<scalar_t>(steps - 1 - i), e);
    } else if constexpr (std::is_integral_v<scalar_t>) {
      const double step = (static_cast<double>(e) - static_cast<double>(s)) / static_cast<double>(steps - 1);
      for (int64_t i = 0; i < steps; ++i)
        p[i] = static_cast<scalar_t>(i < half ? std::fma(step, static_cast<double>(i), static_cast<double>(s))
                                              : std::fma(-step, static_cast<double>(steps - 1 - i),
                                                         static_cast<double>(e)));
    }
  });
  return t;
}

Tensor eye(int64_t n, int64_t m, ScalarType dtype) {
  PYT_CHECK(n >= 0, RuntimeError, "eye: n must be greater or equal to 0, got ", n);
  if (m < 0) m = n;
  Tensor t = zeros({n, m}, dtype);
  PYT_DISPATCH_NUMERIC_AND_BOOL(dtype, "eye", [&] {
    scalar_t* p = t.data_ptr<scalar_t>();
    for (int64_t i = 0; i < std::min(n, m); ++i) p[i * m + i] = static_cast<scalar_t>(1);
  });
  return t;
}

// ------------------------------------------------------------- random ---
// Note [Counter-based RNG] (generator.h): element i of a draw uses Philox block
// (offset + i), so the values do not depend on the thread split.

Tensor& uniform_(Tensor& t, double from, double to, Generator* gen) {
  check_inplace(t, "uniform_");
  PYT_CHECK(from <= to, RuntimeError, "uniform_: expects from <= to, but got from=", from, " to=", to);
  if (t.dtype() == ScalarType::Float16 || t.dtype() == ScalarType::BFloat16) {
    // Drawn in float32 and rounded once (Note [Reduced precision]); the stream is the same.
    Tensor f = empty(t.sizes(), ScalarType::Float32);
    uniform_(f, from, to, gen);
    Tensor r = to_dtype(f, t.dtype());
    if (to > from) r = masked_fill(r, ge(r, wrapped_scalar(Scalar(to))), Scalar(from));  // keep [from, to)
    detail::copy_data(t, r);
    t.bump_version("uniform_");
    return t;
  }
  Generator& g = gen ? *gen : default_generator();
  Tensor c = t.is_contiguous() ? t : empty(t.sizes(), t.dtype());
  int64_t n = c.numel();
  uint64_t seed = g.initial_seed();
  uint64_t base = g.reserve(static_cast<uint64_t>(n));
  PYT_DISPATCH_FLOATING(t.dtype(), "uniform_", [&] {
    scalar_t* p = c.data_ptr<scalar_t>();
    parallel_for(0, n, 4096, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        PhiloxOut r = philox4x32(seed, base + static_cast<uint64_t>(i));
        double u;
        if constexpr (std::is_same_v<scalar_t, float>)
          u = uint32_to_uniform_float(r.v[0]);
        else
          u = uint64_to_uniform_double((static_cast<uint64_t>(r.v[0]) << 32) | r.v[1]);
        scalar_t v = static_cast<scalar_t>(from + (to - from) * u);
        if (v >= static_cast<scalar_t>(to) && to > from) v = static_cast<scalar_t>(from);  // keep [from, to)
        p[i] = v;
      }
    });
  });
  if (!c.is_same(t)) detail::copy_data(t, c);
  t.bump_version("uniform_");
  autograd::record_overwrite(t, "UniformBackward0");
  return t;
}

Tensor& normal_(Tensor& t, double mean, double std, Generator* gen) {
  check_inplace(t, "normal_");
  PYT_CHECK(std >= 0, RuntimeError, "normal_: expects std >= 0.0, but found std ", std);
  if (t.dtype() == ScalarType::Float16 || t.dtype() == ScalarType::BFloat16) {
    Tensor f = empty(t.sizes(), ScalarType::Float32);  // float32 draws, rounded once
    normal_(f, mean, std, gen);
    detail::copy_data(t, f);
    t.bump_version("normal_");
    return t;
  }
  Generator& g = gen ? *gen : default_generator();
  Tensor c = t.is_contiguous() ? t : empty(t.sizes(), t.dtype());
  int64_t n = c.numel();
  uint64_t seed = g.initial_seed();
  uint64_t base = g.reserve(static_cast<uint64_t>(n));
  PYT_DISPATCH_FLOATING(t.dtype(), "normal_", [&] {
    scalar_t* p = c.data_ptr<scalar_t>();
    parallel_for(0, n, 4096, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        PhiloxOut r = philox4x32(seed, base + static_cast<uint64_t>(i));
        // Box-Muller on two 53-bit uniforms; u1 in (0, 1].
        double u1 = 1.0 - uint64_to_uniform_double((static_cast<uint64_t>(r.v[0]) << 32) | r.v[1]);
        double u2 = uint64_to_uniform_double((static_cast<uint64_t>(r.v[2]) << 32) | r.v[3]);
        double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
        p[i] = static_cast<scalar_t>(mean + std * z);
      }
    });
  });
  if (!c.is_same(t)) detail::copy_data(t, c);
  t.bump_version("normal_");
  autograd::record_overwrite(t, "NormalBackward0");
  return t;
}

Tensor& bernoulli_(Tensor& t, double p, Generator* gen) {
  check_inplace(t, "bernoulli_");
  PYT_CHECK(p >= 0 && p <= 1, RuntimeError, "bernoulli_: expected p in [0, 1], got ", p);
  Tensor u = empty(t.sizes(), ScalarType::Float64);
  uniform_(u, 0.0, 1.0, gen);
  Tensor mask = lt(u, wrapped_scalar(Scalar(p)));
  detail::copy_data(t, mask);
  t.bump_version("bernoulli_");
  autograd::record_overwrite(t, "BernoulliBackward2");
  return t;
}

// Fresh tensors start at version 0, as torch's factories do: the filled storage is
// wrapped in a new TensorImpl with its own counter.
Tensor rand(const IntArrayRef& sizes, ScalarType dtype, Generator* gen) {
  Tensor t = empty(sizes, dtype);
  uniform_(t, 0.0, 1.0, gen);
  return Tensor(make_intrusive<TensorImpl>(t.impl()->storage(), dtype, t.sizes(), t.strides(), 0));
}

Tensor randn(const IntArrayRef& sizes, ScalarType dtype, Generator* gen) {
  Tensor t = empty(sizes, dtype);
  normal_(t, 0.0, 1.0, gen);
  return Tensor(make_intrusive<TensorImpl>(t.impl()->storage(), dtype, t.sizes(), t.strides(), 0));
}

Tensor randint(int64_t low, int64_t high, const IntArrayRef& sizes, ScalarType dtype, Generator* gen) {
  PYT_CHECK(low < high, RuntimeError, "random_ expects 'from' to be less than 'to', but got from=", low,
            " >= to=", high);
  Generator& g = gen ? *gen : default_generator();
  Tensor t = empty(sizes, dtype);
  int64_t n = t.numel();
  uint64_t seed = g.initial_seed();
  uint64_t base = g.reserve(static_cast<uint64_t>(n));
  uint64_t range = static_cast<uint64_t>(high - low);
  PYT_DISPATCH_NUMERIC(dtype, "randint", [&] {
    scalar_t* p = t.data_ptr<scalar_t>();
    for (int64_t i = 0; i < n; ++i) {
      PhiloxOut r = philox4x32(seed, base + static_cast<uint64_t>(i));
      uint64_t x = (static_cast<uint64_t>(r.v[0]) << 32) | r.v[1];
      p[i] = static_cast<scalar_t>(low + static_cast<int64_t>(x % range));
    }
  });
  return t;
}

Tensor randperm(int64_t n, ScalarType dtype, Generator* gen) {
  PYT_CHECK(n >= 0, RuntimeError, "randperm: n must be non-negative, got ", n);
  PYT_CHECK(static_cast<uint64_t>(n) <= (1ULL << 40), RuntimeError, "randperm: n = ", n, " is too large");
  Generator& g = gen ? *gen : default_generator();
  std::vector<int64_t> perm(static_cast<size_t>(n));
  std::iota(perm.begin(), perm.end(), 0);
  uint64_t seed = g.initial_seed();
  uint64_t base = g.reserve(static_cast<uint64_t>(n));
  for (int64_t i = n - 1; i > 0; --i) {  // Fisher-Yates
    PhiloxOut r = philox4x32(seed, base + static_cast<uint64_t>(i));
    uint64_t x = (static_cast<uint64_t>(r.v[0]) << 32) | r.v[1];
    int64_t j = static_cast<int64_t>(x % static_cast<uint64_t>(i + 1));
    std::swap(perm[i], perm[j]);
  }
  Tensor t = empty({n}, dtype);
  PYT_DISPATCH_NUMERIC(dtype, "randperm", [&] {
    scalar_t* p = t.data_ptr<scalar_t>();
    for (int64_t i = 0; i < n; ++i) p[i] = static_cast<scalar_t>(perm[i]);
  });
  return t;
}

}  // namespace pyt
