// The elementwise math family through the C++ API: values against <cmath>, dtype rules,
// gradients against hand-derived formulas, in-place variants and error classes.
#include <cmath>
#include <vector>

#include "test_util.h"

using pyt::ScalarType;
using pyt::Tensor;
using pyt_test::make;

namespace {

// f applied to each value with std:: functions, for comparison.
template <typename F>
std::vector<double> map(const std::vector<double>& v, F f) {
  std::vector<double> out;
  for (double x : v) out.push_back(f(x));
  return out;
}

}  // namespace

TEST(unary_values_match_cmath) {
  std::vector<double> v = {-0.75, -0.2, 0.0, 0.3, 0.9};
  Tensor x = make(v, {}, ScalarType::Float64);
  CHECK_CLOSE(pyt::exp2(x), 0, 1e-15, map(v, [](double a) { return std::exp2(a); }));
  CHECK_CLOSE(pyt::expm1(x), 0, 1e-15, map(v, [](double a) { return std::expm1(a); }));
  CHECK_CLOSE(pyt::log1p(x), 0, 1e-15, map(v, [](double a) { return std::log1p(a); }));
  CHECK_CLOSE(pyt::sin(x), 0, 1e-15, map(v, [](double a) { return std::sin(a); }));
  CHECK_CLOSE(pyt::cos(x), 0, 1e-15, map(v, [](double a) { return std::cos(a); }));
  CHECK_CLOSE(pyt::tan(x), 0, 1e-15, map(v, [](double a) { return std::tan(a); }));
  CHECK_CLOSE(pyt::asin(x), 0, 1e-15, map(v, [](double a) { return std::asin(a); }));
  CHECK_CLOSE(pyt::acos(x), 0, 1e-15, map(v, [](double a) { return std::acos(a); }));
  CHECK_CLOSE(pyt::atan(x), 0, 1e-15, map(v, [](double a) { return std::atan(a); }));
  CHECK_CLOSE(pyt::sinh(x), 0, 1e-15, map(v, [](double a) { return std::sinh(a); }));
  CHECK_CLOSE(pyt::cosh(x), 0, 1e-15, map(v, [](double a) { return std::cosh(a); }));
  CHECK_CLOSE(pyt::erf(x), 0, 1e-15, map(v, [](double a) { return std::erf(a); }));
  // erfinv inverts erf
  CHECK_CLOSE(pyt::erf(pyt::erfinv(x)), 1e-15, 1e-14, v);
  Tensor edges = pyt::erfinv(make({-1, 1, 2}));  // -inf, inf, nan (inf - inf fails all_close)
  CHECK_VALUES(pyt::isinf(edges), {1, 1, 0});
  CHECK_VALUES(pyt::isnan(edges), {0, 0, 1});
  CHECK_VALUES(pyt::sign(pyt::nan_to_num(edges)), {-1, 1, 0});

  Tensor p = make({0.25, 1, 4}, {}, ScalarType::Float64);
  CHECK_VALUES(pyt::log2(p), {-2, 0, 2});
  CHECK_CLOSE(pyt::log10(p), 0, 1e-15, map({0.25, 1, 4}, [](double a) { return std::log10(a); }));
  CHECK_VALUES(pyt::rsqrt(p), {2, 1, 0.5});
  CHECK_VALUES(pyt::reciprocal(p), {4, 1, 0.25});
}

TEST(rounding) {
  Tensor x = make({-2.5, -1.5, -0.5, 0.5, 1.5, 2.7}, {}, ScalarType::Float64);
  CHECK_VALUES(pyt::round(x), {-2, -2, -0, 0, 2, 3});  // half to even
  CHECK_VALUES(pyt::floor(x), {-3, -2, -1, 0, 1, 2});
  CHECK_VALUES(pyt::ceil(x), {-2, -1, -0, 1, 2, 3});
  CHECK_VALUES(pyt::trunc(x), {-2, -1, -0, 0, 1, 2});
  CHECK_CLOSE(pyt::frac(x), 1e-15, 0, {-0.5, -0.5, -0.5, 0.5, 0.5, 0.7});
  CHECK_CLOSE(pyt::round(make({1.2345, 1234.5}, {}, ScalarType::Float64), 2), 1e-12, 0, {1.23, 1234.5});
  CHECK_VALUES(pyt::round(make({1.2345, 1250, 1350}, {}, ScalarType::Float64), -2), {0, 1200, 1400});
  // integers stay integers
  Tensor i = make({3, -4}, {}, ScalarType::Int32);
  CHECK_EQ(pyt::floor(i).dtype(), ScalarType::Int32);
  CHECK_VALUES(pyt::round(i), {3, -4});
  CHECK_THROWS(pyt::frac(i), pyt::NotImplementedError, "frac");
  CHECK_THROWS(pyt::round(i, 1), pyt::NotImplementedError, "round");
  CHECK_THROWS(pyt::floor(make({1, 0}, {}, ScalarType::Bool)), pyt::NotImplementedError, "floor");
}

TEST(dtype_rules) {
  Tensor i = make({1, 2, 3}, {}, ScalarType::Int64);
  CHECK_EQ(pyt::sin(i).dtype(), ScalarType::Float32);
  CHECK_EQ(pyt::reciprocal(make({1, 0}, {}, ScalarType::Bool)).dtype(), ScalarType::Float32);
  CHECK_EQ(pyt::square(i).dtype(), ScalarType::Int64);
  CHECK_EQ(pyt::square(make({1, 0}, {}, ScalarType::Bool)).dtype(), ScalarType::Int64);
  CHECK_EQ(pyt::atan2(i, i).dtype(), ScalarType::Float32);
  CHECK_EQ(pyt::fmod(i, pyt::wrapped_scalar(2.5)).dtype(), ScalarType::Float32);
  CHECK_EQ(pyt::fmod(i, pyt::wrapped_scalar(2)).dtype(), ScalarType::Int64);
  CHECK_EQ(pyt::isnan(i).dtype(), ScalarType::Bool);
  CHECK_EQ(pyt::logical_and(i, make({0.5, 0, 1})).dtype(), ScalarType::Bool);
  Tensor h = pyt::to_dtype(make({0.5, -1.5}), ScalarType::Float16);
  CHECK_EQ(pyt::sin(h).dtype(), ScalarType::Float16);
  CHECK_EQ(pyt::hypot(h, make({1, 1})).dtype(), ScalarType::Float32);
}

TEST(binary_values) {
  Tensor a = make({-3, 3, 5.5, -7}, {}, ScalarType::Float64);
  Tensor b = make({2, -2, 2, 2}, {}, ScalarType::Float64);
  CHECK_VALUES(pyt::fmod(a, b), {-1, 1, 1.5, -1});  // sign of the dividend
  CHECK_VALUES(pyt::fmod(make({-7, 7}, {}, ScalarType::Int64), pyt::wrapped_scalar(3)), {-1, 1});
  CHECK_VALUES(pyt::floor_divide(a, b), {-2, -2, 2, -4});
  CHECK_VALUES(pyt::hypot(make({3, 5}, {}, ScalarType::Float64), make({4, 12}, {}, ScalarType::Float64)), {5, 13});
  CHECK_CLOSE(pyt::atan2(make({1, -1}, {}, ScalarType::Float64), make({-1, -1}, {}, ScalarType::Float64)), 0, 1e-15,
              {std::atan2(1.0, -1.0), std::atan2(-1.0, -1.0)});
  Tensor s = make({0, 10}), e = make({10, 20});
  CHECK_VALUES(pyt::lerp(s, e, 0.25), {2.5, 12.5});
  CHECK_VALUES(pyt::lerp(s, e, make({1, 0})), {10, 10});  // exact at the ends
  CHECK_VALUES(pyt::logical_xor(make({1, 0, 2}), make({0, 0, 3})), {1, 0, 0});
  CHECK_VALUES(pyt::logical_not(make({0, NAN, 2})), {1, 0, 0});
  Tensor sp = make({NAN, INFINITY, -INFINITY, 1});
  CHECK_VALUES(pyt::isnan(sp), {1, 0, 0, 0});
  CHECK_VALUES(pyt::isinf(sp), {0, 1, 1, 0});
  CHECK_VALUES(pyt::isfinite(sp), {0, 0, 0, 1});
  CHECK_VALUES(pyt::nan_to_num(sp, 2.0, 1.0, -1.0), {2, 1, -1, 1});
  CHECK_VALUES(pyt::nan_to_num(sp), {0, 3.4028234663852886e+38, -3.4028234663852886e+38, 1});
}

TEST(gradients) {
  std::vector<double> v = {-0.5, 0.25, 0.75};
  Tensor x = make(v, {}, ScalarType::Float64);
  x.set_requires_grad(true);
  pyt::sum(pyt::sin(x)).backward();
  CHECK_CLOSE(x.grad(), 0, 1e-15, map(v, [](double a) { return std::cos(a); }));
  CHECK_EQ(std::string(pyt::sin(x).grad_fn()->name()), std::string("SinBackward0"));

  x.set_grad(Tensor());
  pyt::sum(pyt::erfinv(x)).backward();  // sqrt(pi)/2 exp(erfinv(x)^2)
  std::vector<double> y = pyt_test::values(pyt::erfinv(x.detach()));
  std::vector<double> want;
  for (double yi : y) want.push_back(0.5 * std::sqrt(M_PI) * std::exp(yi * yi));
  CHECK_CLOSE(x.grad(), 0, 1e-14, want);

  Tensor a = make({1, 2}, {}, ScalarType::Float64), b = make({3, -1}, {}, ScalarType::Float64);
  a.set_requires_grad(true);
  b.set_requires_grad(true);
  pyt::sum(pyt::atan2(a, b)).backward();  // b / (a^2 + b^2), -a / (a^2 + b^2)
  CHECK_CLOSE(a.grad(), 0, 1e-15, {0.3, -0.2});
  CHECK_CLOSE(b.grad(), 0, 1e-15, {-0.1, -0.4});

  Tensor w = make({0.25, 0.5}, {}, ScalarType::Float64);
  w.set_requires_grad(true);
  a.set_grad(Tensor());
  b.set_grad(Tensor());
  pyt::sum(pyt::lerp(a, b, w)).backward();
  CHECK_VALUES(a.grad(), {0.75, 0.5});
  CHECK_VALUES(b.grad(), {0.25, 0.5});
  CHECK_VALUES(w.grad(), {2, -3});

  Tensor f = pyt::floor_divide(a, pyt::wrapped_scalar(2));
  CHECK_THROWS(pyt::sum(f).backward(), pyt::RuntimeError, "not implemented");
}

TEST(inplace_variants) {
  Tensor x = make({0.5, -1.5, 2.5});
  uint32_t v0 = x._version();
  Tensor& r = pyt::sin_(x);
  CHECK(&r == &x);
  CHECK(x._version() > v0);
  CHECK_CLOSE(x, 1e-7, 1e-6, {std::sin(0.5), std::sin(-1.5), std::sin(2.5)});
  Tensor i = make({7, -7}, {}, ScalarType::Int64);
  CHECK_THROWS(pyt::exp2_(i), pyt::RuntimeError, "cast");
  pyt::fmod_(i, pyt::wrapped_scalar(3));
  CHECK_VALUES(i, {1, -1});
  pyt::logical_not_(i);
  CHECK_VALUES(i, {0, 0});
  CHECK_EQ(i.dtype(), ScalarType::Int64);
  Tensor s = make({1});
  CHECK_THROWS(pyt::lerp_(s, make({1, 2, 3}), 0.5), pyt::RuntimeError, "shape");
  Tensor leaf = make({1, 2});
  leaf.set_requires_grad(true);
  CHECK_THROWS(pyt::cos_(leaf), pyt::RuntimeError, "leaf");
}

TEST(errors) {
  Tensor i = make({1, 2}, {}, ScalarType::Int64);
  CHECK_THROWS(pyt::hypot(i, i), pyt::NotImplementedError, "hypot");
  CHECK_THROWS(pyt::fmod(i, pyt::wrapped_scalar(0)), pyt::RuntimeError, "ZeroDivisionError");
  CHECK_THROWS(pyt::lerp(make({1}), make({1}, {}, ScalarType::Float64), 0.5), pyt::RuntimeError, "dtype");
  CHECK_THROWS(pyt::lerp(i, i, 0.5), pyt::NotImplementedError, "lerp");
  Tensor bl = make({1, 0}, {}, ScalarType::Bool);
  CHECK_THROWS(pyt::floor_divide(bl, bl), pyt::NotImplementedError, "div_floor");
  CHECK_THROWS(pyt::atan2(make({1, 2}), make({1, 2, 3})), pyt::RuntimeError, "must match");
}

PYT_TEST_MAIN()
