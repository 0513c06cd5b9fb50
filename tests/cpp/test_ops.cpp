// Broadcasting, type promotion, reductions, matmul against a naive product.
#include <vector>

#include "test_util.h"

using pyt::ScalarType;
using pyt::Tensor;

namespace {

Tensor iota(const std::vector<int64_t>& sizes, ScalarType dtype = ScalarType::Float32) {
  return pyt::arange(0, pyt::compute_numel(sizes), 1, dtype).view(sizes);
}

// (m x k) @ (k x n) in double by the textbook triple loop.
std::vector<double> naive_mm(const std::vector<double>& a, const std::vector<double>& b, int64_t m,
                             int64_t k, int64_t n) {
  std::vector<double> c(m * n, 0.0);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      for (int64_t p = 0; p < k; ++p) c[i * n + j] += a[i * k + p] * b[p * n + j];
  return c;
}

}  // namespace

TEST(broadcasting_add) {
  Tensor a = iota({2, 3});
  Tensor row = pyt::arange(0, 3, 1, ScalarType::Float32) * 10.0;
  Tensor s = pyt::add(a, row);
  CHECK_SIZES(s, {2, 3});
  CHECK_VALUES(s, {0, 11, 22, 3, 14, 25});

  Tensor col = iota({2, 1});
  Tensor r = iota({1, 3});
  Tensor outer = col + r;
  CHECK_SIZES(outer, {2, 3});
  CHECK_VALUES(outer, {0, 1, 2, 1, 2, 3});

  CHECK_VALUES(pyt::add(a, row, 2), {0, 21, 42, 3, 24, 45});  // alpha
  CHECK_VALUES(pyt::sub(a, pyt::scalar_tensor(1.0)), {-1, 0, 1, 2, 3, 4});

  // Broadcasting against a non-contiguous operand.
  Tensor at = a.t();  // 3 x 2
  CHECK_VALUES(at + iota({3, 1}), {0, 3, 2, 5, 4, 7});

  // 0-d with anything, and an empty dim.
  CHECK_SIZES(pyt::add(pyt::scalar_tensor(1.0), iota({4})), {4});
  CHECK_SIZES(pyt::add(pyt::zeros({0, 3}), row), {0, 3});

  CHECK_THROWS(pyt::add(iota({2, 3}), iota({4})), pyt::RuntimeError, "must match");
}

TEST(elementwise_values) {
  Tensor x = pyt::arange(-2, 3, 1, ScalarType::Float64);  // -2 .. 2
  CHECK_VALUES(pyt::relu(x), {0, 0, 0, 1, 2});
  CHECK_VALUES(pyt::abs(x), {2, 1, 0, 1, 2});
  CHECK_VALUES(pyt::neg(x), {2, 1, 0, -1, -2});
  CHECK_VALUES(pyt::sign(x), {-1, -1, 0, 1, 1});
  CHECK_VALUES(pyt::clamp(x, pyt::Scalar(-1.0), std::nullopt), {-1, -1, 0, 1, 2});
  CHECK_VALUES(x * x, {4, 1, 0, 1, 4});
  CHECK_CLOSE(pyt::exp(x), 1e-12, 1e-12,
              {std::exp(-2.0), std::exp(-1.0), 1.0, std::exp(1.0), std::exp(2.0)});
  CHECK_CLOSE(pyt::sigmoid(x), 1e-12, 1e-12,
              {1 / (1 + std::exp(2.0)), 1 / (1 + std::exp(1.0)), 0.5, 1 / (1 + std::exp(-1.0)),
               1 / (1 + std::exp(-2.0))});
  CHECK_VALUES(pyt::div(x, pyt::scalar_tensor(2.0)), {-1, -0.5, 0, 0.5, 1});
  CHECK_VALUES(pyt::div(x, pyt::scalar_tensor(4.0), "floor"), {-1, -1, 0, 0, 0});
  CHECK_VALUES(pyt::div(x, pyt::scalar_tensor(4.0), "trunc"), {-0.0, -0.0, 0, 0, 0});
  CHECK_VALUES(pyt::where(pyt::gt(x, pyt::scalar_tensor(0.0)), x, pyt::zeros({1}, ScalarType::Float64)),
               {0, 0, 0, 1, 2});
  CHECK_EQ(pyt::lt(x, pyt::scalar_tensor(0.0)).dtype(), ScalarType::Bool);
}

TEST(type_promotion) {
  auto dt = [](ScalarType a, ScalarType b) {
    return pyt::add(pyt::ones({2}, a), pyt::ones({2}, b)).dtype();
  };
  CHECK_EQ(dt(ScalarType::Int32, ScalarType::Float32), ScalarType::Float32);
  CHECK_EQ(dt(ScalarType::Int32, ScalarType::Int64), ScalarType::Int64);
  CHECK_EQ(dt(ScalarType::UInt8, ScalarType::Int8), ScalarType::Int16);
  CHECK_EQ(dt(ScalarType::Bool, ScalarType::Bool), ScalarType::Bool);
  CHECK_EQ(dt(ScalarType::Bool, ScalarType::UInt8), ScalarType::UInt8);
  CHECK_EQ(dt(ScalarType::Float16, ScalarType::Float32), ScalarType::Float32);
  CHECK_EQ(dt(ScalarType::Float16, ScalarType::BFloat16), ScalarType::Float32);
  CHECK_EQ(dt(ScalarType::Float32, ScalarType::Float64), ScalarType::Float64);

  CHECK_EQ(pyt::promote_types(ScalarType::Int8, ScalarType::UInt8), ScalarType::Int16);
  CHECK_EQ(pyt::promote_types(ScalarType::Int64, ScalarType::Float16), ScalarType::Float16);
  CHECK(pyt::can_cast(ScalarType::Int32, ScalarType::Float32));
  CHECK(!pyt::can_cast(ScalarType::Float32, ScalarType::Int64));

  // Wrapped numbers (Python scalars) only raise the category: int32 + 2.5 -> float32
  // (the default dtype), float16 + 2.5 -> float16, int8 + 1000 -> int8.
  Tensor i32 = pyt::ones({2}, ScalarType::Int32);
  CHECK_EQ(pyt::add(i32, pyt::wrapped_scalar(2.5)).dtype(), ScalarType::Float32);
  CHECK_EQ((i32 * 2.5).dtype(), ScalarType::Float32);
  CHECK_EQ(pyt::add(pyt::ones({2}, ScalarType::Int8), pyt::wrapped_scalar(1000)).dtype(),
           ScalarType::Int8);
  // 0-d tensors rank below dimensioned ones, but raise the category:
  // int64[2] + float64[] -> float64 (float16[2] + float64[] -> float16: see below).
  CHECK_EQ(pyt::add(pyt::ones({2}, ScalarType::Int64), pyt::scalar_tensor(1.0, ScalarType::Float64)).dtype(),
           ScalarType::Float64);
  CHECK_EQ(pyt::result_type({pyt::ones({2}, ScalarType::Int8), pyt::ones({2}, ScalarType::Int16)}),
           ScalarType::Int16);

  // True division of integers gives the default float dtype.
  CHECK_EQ(pyt::div(i32, i32).dtype(), ScalarType::Float32);
  CHECK_VALUES(pyt::add(pyt::ones({2}, ScalarType::UInt8), pyt::ones({2}, ScalarType::Int8)), {2, 2});
}

TEST(reduced_precision_arithmetic) {
  // float16 and bfloat16 compute like torch on the CPU (values rounded to the dtype).
  Tensor h = pyt::ones({2}, ScalarType::Float16);
  CHECK_EQ((h + 2.5).dtype(), ScalarType::Float16);
  CHECK_VALUES(h + 2.5, {3.5, 3.5});
  CHECK_EQ(pyt::add(h, pyt::scalar_tensor(1.0, ScalarType::Float64)).dtype(), ScalarType::Float16);
  CHECK_VALUES(pyt::add(h, h), {2, 2});
  Tensor bf = pyt::full({2}, 3.0, ScalarType::BFloat16);
  CHECK_EQ(pyt::mul(bf, bf).dtype(), ScalarType::BFloat16);
  CHECK_VALUES(pyt::mul(bf, bf), {9, 9});
  CHECK_CLOSE(pyt::exp(h), 2e-3, 1e-3, {std::exp(1.0), std::exp(1.0)});
  CHECK_EQ(pyt::sum(h).dtype(), ScalarType::Float16);
  CHECK_VALUES(pyt::sum(h), {2});
}

TEST(sum_mean) {
  Tensor a = iota({2, 3});  // [[0, 1, 2], [3, 4, 5]]
  CHECK_EQ(pyt::sum(a).dim(), 0);
  CHECK_EQ(pyt::sum(a).item<double>(), 15.0);
  CHECK_EQ(a.sum().item<double>(), 15.0);
  CHECK_VALUES(pyt::sum(a, std::vector<int64_t>{0}), {3, 5, 7});
  CHECK_VALUES(pyt::sum(a, std::vector<int64_t>{-1}), {3, 12});
  Tensor k = pyt::sum(a, std::vector<int64_t>{1}, true);
  CHECK_SIZES(k, {2, 1});
  CHECK_VALUES(pyt::sum(a, std::vector<int64_t>{0, 1}), {15});
  CHECK_VALUES(pyt::mean(a, std::vector<int64_t>{1}), {1, 4});
  CHECK_EQ(pyt::mean(a).item<double>(), 2.5);
  CHECK_VALUES(pyt::sum(a.t(), std::vector<int64_t>{1}), {3, 5, 7});  // non-contiguous

  // Integer sums accumulate in int64; mean needs a floating dtype.
  Tensor i = iota({4}, ScalarType::Int32);
  CHECK_EQ(pyt::sum(i).dtype(), ScalarType::Int64);
  CHECK_EQ(pyt::sum(pyt::ones({3}, ScalarType::Bool)).item<int64_t>(), int64_t(3));
  CHECK_EQ(pyt::sum(i, std::nullopt, false, ScalarType::Float64).dtype(), ScalarType::Float64);
  CHECK_THROWS(pyt::mean(i), pyt::RuntimeError, "mean");
  CHECK_EQ(pyt::mean(i, std::nullopt, false, ScalarType::Float32).item<double>(), 1.5);

  // Empty: sum is 0, mean is nan.
  CHECK_EQ(pyt::sum(pyt::zeros({0})).item<double>(), 0.0);
  CHECK(std::isnan(pyt::mean(pyt::zeros({0})).item<double>()));

  // max / min / argmax.
  Tensor c = pyt_test::make({-2, 1, -1, 2, 0, 3});
  CHECK_VALUES(c, {-2, 1, -1, 2, 0, 3});
  CHECK_EQ(pyt::max(c).item<double>(), 3.0);
  CHECK_EQ(pyt::min(c).item<double>(), -2.0);
  CHECK_EQ(pyt::argmax(c).item<int64_t>(), int64_t(5));
  auto [mv, mi] = pyt::max(c.view({2, 3}), 1);
  CHECK_VALUES(mv, {1, 3});
  CHECK_VALUES(mi, {1, 2});
  CHECK_EQ(mi.dtype(), ScalarType::Int64);
  CHECK_VALUES(pyt::argmin(c.view({2, 3}), 0), {0, 1, 0});
}

TEST(reductions_do_not_depend_on_thread_count) {
  // Promise: bitwise-identical results whatever the thread count.
  pyt::Generator g(11);
  Tensor x = pyt::randn({1 << 20}, ScalarType::Float32, &g);
  Tensor y = pyt::randn({512, 2048}, ScalarType::Float32, &g);
  int threads = pyt::get_num_threads();
  pyt::set_num_threads(1);
  double s1 = pyt::sum(x).item<double>();
  Tensor r1 = pyt::sum(y, std::vector<int64_t>{1});
  Tensor c1 = pyt::sum(y, std::vector<int64_t>{0});
  pyt::set_num_threads(std::max(2, threads));
  double s2 = pyt::sum(x).item<double>();
  Tensor r2 = pyt::sum(y, std::vector<int64_t>{1});
  Tensor c2 = pyt::sum(y, std::vector<int64_t>{0});
  pyt::set_num_threads(threads);
  CHECK_EQ(s1, s2);
  CHECK_EQ(pyt::ne(r1, r2).to(ScalarType::Int64).sum().item<int64_t>(), int64_t(0));
  CHECK_EQ(pyt::ne(c1, c2).to(ScalarType::Int64).sum().item<int64_t>(), int64_t(0));
  // And the sum is accurate: compare with a double-precision sum.
  std::vector<double> xs = pyt_test::values(x);
  double ref = 0;
  for (double v : xs) ref += v;
  CHECK(std::fabs(s1 - ref) < 1e-2);
}

TEST(matmul_matches_naive) {
  pyt::Generator g(3);
  for (auto [m, k, n] : std::vector<std::tuple<int64_t, int64_t, int64_t>>{
           {1, 1, 1}, {7, 5, 9}, {64, 33, 17}, {3, 0, 4}}) {
    Tensor a = pyt::randn({m, k}, ScalarType::Float32, &g);
    Tensor b = pyt::randn({k, n}, ScalarType::Float32, &g);
    std::vector<double> want = naive_mm(pyt_test::values(a), pyt_test::values(b), m, k, n);
    Tensor c = pyt::matmul(a, b);
    CHECK_SIZES(c, {m, n});
    CHECK_EQ(c.dtype(), ScalarType::Float32);
    CHECK_CLOSE(c, 1e-4, 1e-4, want);
    CHECK_CLOSE(pyt::mm(a, b), 1e-4, 1e-4, want);
    // Transposed (non-contiguous) operands give the same product.
    Tensor at = a.t().contiguous().t();
    Tensor bt = b.t().contiguous().t();
    CHECK(k <= 1 || !at.is_contiguous());
    CHECK_CLOSE(pyt::matmul(at, bt), 1e-4, 1e-4, want);
  }
  // float64 and integer products.
  Tensor a = iota({2, 3}, ScalarType::Float64);
  Tensor b = iota({3, 2}, ScalarType::Float64);
  CHECK_VALUES(pyt::matmul(a, b), {10, 13, 28, 40});
  CHECK_VALUES(pyt::matmul(iota({2, 3}, ScalarType::Int64), iota({3, 2}, ScalarType::Int64)),
               {10, 13, 28, 40});

  // 1-d cases: dot, matrix-vector, vector-matrix.
  Tensor v = iota({3});
  Tensor dot = pyt::matmul(v, v);
  CHECK_EQ(dot.dim(), 0);
  CHECK_EQ(dot.item<double>(), 5.0);
  CHECK_VALUES(pyt::matmul(iota({2, 3}), v), {5, 14});
  CHECK_VALUES(pyt::matmul(iota({2}), iota({2, 3})), {3, 4, 5});

  // Batched, with the batch dims broadcast: (2, 1, 2, 3) @ (3, 3, 2) -> (2, 3, 2, 2).
  Tensor ba = iota({2, 1, 2, 3});
  Tensor bb = iota({3, 3, 2});
  Tensor bc = pyt::matmul(ba, bb);
  CHECK_SIZES(bc, {2, 3, 2, 2});
  for (int64_t i = 0; i < 2; ++i) {
    for (int64_t j = 0; j < 3; ++j) {
      Tensor lhs = pyt::select(pyt::select(ba, 0, i), 0, 0);
      Tensor rhs = pyt::select(bb, 0, j);
      std::vector<double> want = naive_mm(pyt_test::values(lhs), pyt_test::values(rhs), 2, 3, 2);
      CHECK_CLOSE(pyt::select(pyt::select(bc, 0, i), 0, j), 1e-4, 1e-5, want);
    }
  }
  CHECK_SIZES(pyt::bmm(iota({4, 2, 3}), iota({4, 3, 5})), {4, 2, 5});
  CHECK_VALUES(pyt::addmm(pyt::ones({2}), iota({2, 3}), iota({3, 2})), {11, 14, 29, 41});

  CHECK_THROWS(pyt::matmul(pyt::ones({2, 3}), pyt::ones({4, 2})), pyt::RuntimeError, "2x3");
  CHECK_THROWS(pyt::mm(pyt::ones({2, 3}), pyt::ones({3})), pyt::RuntimeError, "mm");
}

TEST(nn_ops) {
  // softmax rows sum to 1; log_softmax = log(softmax); cross_entropy of uniform logits = log(C).
  Tensor x = iota({2, 4});
  Tensor sm = pyt::softmax(x, 1);
  CHECK_CLOSE(pyt::sum(sm, std::vector<int64_t>{1}), 1e-6, 0, {1, 1});
  CHECK_CLOSE(pyt::exp(pyt::log_softmax(x, 1)), 1e-6, 1e-6, pyt_test::values(sm));
  Tensor target = pyt::zeros({3}, ScalarType::Int64);
  CHECK_CLOSE(pyt::cross_entropy(pyt::zeros({3, 5}), target), 1e-6, 1e-6, {std::log(5.0)});
  CHECK_CLOSE(pyt::mse_loss(pyt::ones({4}), pyt::zeros({4})), 0, 0, {1});

  // linear = x W^T + b.
  Tensor w = iota({2, 3});
  Tensor b = pyt::ones({2});
  CHECK_VALUES(pyt::linear(iota({1, 3}), w, b), {6, 15});

  // conv2d with a 1x1 kernel of ones over 2 channels sums the channels.
  Tensor img = iota({1, 2, 2, 2});
  Tensor k = pyt::ones({1, 2, 1, 1});
  Tensor out = pyt::conv2d(img, k, Tensor(), {1, 1}, {0, 0}, {1, 1}, 1);
  CHECK_SIZES(out, {1, 1, 2, 2});
  CHECK_VALUES(out, {4, 6, 8, 10});
  // 3x3 kernel of ones with padding 1 over a 3x3 image of ones: neighbour counts.
  Tensor box = pyt::conv2d(pyt::ones({1, 1, 3, 3}), pyt::ones({1, 1, 3, 3}), pyt::zeros({1}),
                           {1, 1}, {1, 1}, {1, 1}, 1);
  CHECK_VALUES(box, {4, 6, 4, 6, 9, 6, 4, 6, 4});

  Tensor pooled = pyt::max_pool2d(iota({1, 1, 4, 4}), {2, 2}, {2, 2}, {0, 0}, {1, 1}, false);
  CHECK_VALUES(pooled, {5, 7, 13, 15});

  // dropout: eval is identity; train keeps the mean roughly and zeroes about p.
  Tensor ones = pyt::ones({10000});
  CHECK(pyt::dropout(ones, 0.5, false).is_same(ones) ||
        pyt::eq(pyt::dropout(ones, 0.5, false), ones).to(ScalarType::Int64).sum().item<int64_t>() == 10000);
  pyt::Generator g(5);
  Tensor d = pyt::dropout(ones, 0.5, true, &g);
  double kept = pyt::ne(d, pyt::scalar_tensor(0.0)).to(ScalarType::Int64).sum().item<double>();
  CHECK(kept > 4500 && kept < 5500);
  CHECK(std::fabs(pyt::mean(d).item<double>() - 1.0) < 0.1);
}

PYT_TEST_MAIN()
