// Reductions, shape and ordering ops through the C++ API: values against hand-computed
// results, gradients, errors, and bitwise determinism across thread counts.
#include <cmath>
#include <limits>

#include "test_util.h"

using pyt::ScalarType;
using pyt::Tensor;
using pyt_test::make;

TEST(prod_and_its_gradient_with_a_zero) {
  Tensor x = make({2, 0, 3, 1, 4, 5}, {2, 3}, ScalarType::Float64);
  x.set_requires_grad(true);
  Tensor p = pyt::prod(x, 1);
  CHECK_VALUES(p, {0, 20});
  CHECK_EQ(p.grad_fn()->name(), std::string("ProdBackward1"));
  pyt::sum(p).backward();
  // d(x0 x1 x2)/dx_k = product of the others: row 0 has one zero, row 1 none.
  CHECK_VALUES(x.grad(), {0, 6, 0, 20, 5, 4});
  CHECK_EQ(pyt::prod(make({1, 2, 3}, {}, ScalarType::Int32)).dtype(), ScalarType::Int64);
}

TEST(var_std_with_correction) {
  Tensor x = make({1, 2, 3, 4}, {2, 2}, ScalarType::Float64);
  CHECK_CLOSE(pyt::var(x), 1e-12, 0, {5.0 / 3.0});
  CHECK_CLOSE(pyt::var(x, std::vector<int64_t>{1}, 0.0), 1e-12, 0, {0.25, 0.25});
  CHECK_CLOSE(pyt::std(x, std::vector<int64_t>{0}, 1.0, true), 1e-12, 0, {std::sqrt(2.0), std::sqrt(2.0)});
  CHECK_SIZES(pyt::std(x, std::vector<int64_t>{0}, 1.0, true), {1, 2});
  CHECK_THROWS(pyt::var(make({1, 2}, {}, ScalarType::Int64)), pyt::RuntimeError, "floating point");
}

TEST(norms) {
  Tensor x = make({3, -4}, {}, ScalarType::Float64);
  CHECK_VALUES(pyt::norm(x), {5});
  CHECK_VALUES(pyt::norm(x, 1.0), {7});
  CHECK_VALUES(pyt::norm(x, std::numeric_limits<double>::infinity()), {4});
  CHECK_VALUES(pyt::norm(x, -std::numeric_limits<double>::infinity()), {3});
  CHECK_VALUES(pyt::norm(x, 0.0), {2});
  x.set_requires_grad(true);
  pyt::norm(x).backward();
  CHECK_CLOSE(x.grad(), 1e-12, 0, {0.6, -0.8});
}

TEST(amax_logsumexp_cumulative) {
  Tensor x = make({1, 5, 3, 2, 4, 6}, {2, 3});
  CHECK_VALUES(pyt::amax(x, std::vector<int64_t>{1}), {5, 6});
  CHECK_VALUES(pyt::amin(x), {1});
  CHECK_THROWS(pyt::amax(pyt::empty({0, 3})), pyt::RuntimeError, "numel() == 0");
  CHECK_CLOSE(pyt::logsumexp(x, {1}), 1e-5, 1e-6,
              {std::log(std::exp(1.0) + std::exp(5.0) + std::exp(3.0)),
               std::log(std::exp(2.0) + std::exp(4.0) + std::exp(6.0))});
  CHECK_VALUES(pyt::cumsum(x, 1), {1, 6, 9, 2, 6, 12});
  CHECK_VALUES(pyt::cumprod(x, 0), {1, 5, 3, 2, 20, 18});
  CHECK_EQ(pyt::cumsum(make({1, 0, 1}, {}, ScalarType::Bool), 0).dtype(), ScalarType::Int64);
  CHECK_VALUES(pyt::all(make({1, 0, 2}), std::nullopt), {0});
  CHECK_VALUES(pyt::any(make({1, 0, 2}), std::nullopt), {1});
  CHECK_VALUES(pyt::count_nonzero(x - 2.0, std::vector<int64_t>{0}), {1, 2, 2});
}

TEST(split_unbind_views_and_gradients) {
  Tensor x = make({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {5, 2});
  x.set_requires_grad(true);
  auto parts = pyt::split(x, 2);
  CHECK_EQ(parts.size(), size_t(3));
  CHECK_SIZES(parts[2], {1, 2});
  CHECK_VALUES(parts[1], {4, 5, 6, 7});
  CHECK_EQ(parts[1].grad_fn()->name(), std::string("SplitBackward0"));
  // only the middle piece is used: the others get zero gradients
  pyt::sum(parts[1] * 3.0).backward();
  CHECK_VALUES(x.grad(), {0, 0, 0, 0, 3, 3, 3, 3, 0, 0});
  auto cols = pyt::unbind(x, 1);
  CHECK_EQ(cols.size(), size_t(2));
  CHECK_VALUES(cols[1], {1, 3, 5, 7, 9});
  CHECK_THROWS(pyt::split_with_sizes(x, {1, 1}), pyt::RuntimeError, "sum exactly");
  CHECK_EQ(pyt::chunk(pyt::empty({0, 3}), 3).size(), size_t(3));
}

TEST(copies_and_views) {
  Tensor x = make({0, 1, 2, 3, 4, 5}, {2, 3});
  CHECK_VALUES(pyt::flip(x, {0, 1}), {5, 4, 3, 2, 1, 0});
  CHECK_VALUES(pyt::roll(x, {1}, {1}), {2, 0, 1, 5, 3, 4});
  CHECK_VALUES(pyt::roll(x, {2}), {4, 5, 0, 1, 2, 3});
  CHECK_VALUES(pyt::tril(x), {0, 0, 0, 3, 4, 0});
  CHECK_VALUES(pyt::triu(x, 1), {0, 1, 2, 0, 0, 5});
  CHECK_VALUES(pyt::repeat(make({1, 2}), {2, 2}), {1, 2, 1, 2, 1, 2, 1, 2});
  CHECK_SIZES(pyt::tile(x, {2}), {2, 6});
  CHECK_SIZES(pyt::movedim(pyt::empty({2, 3, 4}), {0}, {2}), {3, 4, 2});
  CHECK_VALUES(pyt::diagonal(x, 1), {1, 5});
  CHECK_SIZES(pyt::hstack({x, x}), {2, 6});
  CHECK_SIZES(pyt::vstack({make({1, 2}), make({3, 4})}), {2, 2});
  CHECK_SIZES(pyt::unflatten(x, 1, {3, 1}), {2, 3, 1});
  CHECK_VALUES(pyt::narrow(x, 1, -2, 2), {1, 2, 4, 5});
  CHECK_THROWS(pyt::narrow(x, 1, 2, 5), pyt::RuntimeError, "exceeds dimension size");
}

TEST(sort_topk_unique) {
  Tensor x = make({3, 1, 2, 1, std::nan("")}, {});
  auto [v, i] = pyt::sort(x);
  CHECK_CLOSE(pyt::narrow(v, 0, 0, 4), 0, 0, {1, 1, 2, 3});
  CHECK(std::isnan(pyt::select(v, 0, 4).item<double>()));
  CHECK_VALUES(i, {1, 3, 2, 0, 4});  // stable: the first 1 comes first
  auto [tv, ti] = pyt::topk(make({3, 1, 2}), 2);
  CHECK_VALUES(tv, {3, 2});
  CHECK_VALUES(ti, {0, 2});
  auto [u, inv, cnt] = pyt::unique(make({3, 1, 3, 2}, {}, ScalarType::Int64), true, true, true);
  CHECK_VALUES(u, {1, 2, 3});
  CHECK_VALUES(inv, {2, 0, 2, 1});
  CHECK_VALUES(cnt, {1, 1, 2});
}

TEST(reductions_do_not_depend_on_the_thread_count) {
  int old = pyt::get_num_threads();
  Tensor x = pyt::randn({3, 50000}, ScalarType::Float32);
  Tensor flat = pyt::reshape(x, {-1});
  auto run = [&] {
    return std::vector<Tensor>{pyt::var(x, std::vector<int64_t>{1}), pyt::std(flat), pyt::amax(flat),
                               pyt::prod(pyt::add(pyt::mul(flat, pyt::wrapped_scalar(1e-4)),
                                                  pyt::wrapped_scalar(1.0))),
                               pyt::norm(flat, 3.0)};
  };
  pyt::set_num_threads(1);
  auto one = run();
  pyt::set_num_threads(4);
  auto four = run();
  pyt::set_num_threads(old);
  for (size_t k = 0; k < one.size(); ++k) CHECK(pyt_test::values(one[k]) == pyt_test::values(four[k]));
}

PYT_TEST_MAIN()
