// Autograd: gradients of small expressions against hand-computed values, accumulation,
// grad mode, retain_graph, and the in-place modification (version counter) error.
#include <cmath>

#include "test_util.h"

using pyt::ScalarType;
using pyt::Tensor;
using pyt_test::make;

TEST(matmul_relu_sum_gradient) {
  // loss = sum(relu(x @ w + b)); see examples/cpp/main.cpp for the hand computation.
  Tensor x = make({-2, -1, 0, 1, 2, 3}, {2, 3});
  Tensor w = pyt::full({3, 2}, 0.5, ScalarType::Float32);
  Tensor b = make({0, 1});
  x.set_requires_grad(true);
  w.set_requires_grad(true);
  b.set_requires_grad(true);
  Tensor loss = pyt::sum(pyt::relu(pyt::add(pyt::matmul(x, w), b)));
  CHECK(loss.requires_grad());
  CHECK(!loss.is_leaf());
  CHECK(loss.grad_fn() != nullptr);
  CHECK(x.is_leaf());
  CHECK_EQ(loss.item<double>(), 7.0);
  loss.backward();
  CHECK_VALUES(w.grad(), {1, 1, 2, 2, 3, 3});
  CHECK_VALUES(b.grad(), {1, 1});
  CHECK_VALUES(x.grad(), {0, 0, 0, 1, 1, 1});
  CHECK_SIZES(w.grad(), {3, 2});
  CHECK(!w.grad().requires_grad());
}

TEST(elementwise_chain_gradient) {
  // f = sum(exp(x) * y / 2 - x * x): df/dx = exp(x) y / 2 - 2x, df/dy = exp(x) / 2.
  std::vector<double> xv = {-1.0, 0.0, 0.5}, yv = {2.0, 3.0, -1.0};
  Tensor x = make(xv, {}, ScalarType::Float64);
  Tensor y = make(yv, {}, ScalarType::Float64);
  x.set_requires_grad(true);
  y.set_requires_grad(true);
  Tensor f = pyt::sum(pyt::exp(x) * y / 2.0 - x * x);
  f.backward();
  std::vector<double> gx, gy;
  double fv = 0;
  for (size_t i = 0; i < xv.size(); ++i) {
    gx.push_back(std::exp(xv[i]) * yv[i] / 2 - 2 * xv[i]);
    gy.push_back(std::exp(xv[i]) / 2);
    fv += std::exp(xv[i]) * yv[i] / 2 - xv[i] * xv[i];
  }
  CHECK_CLOSE(f, 1e-12, 1e-12, {fv});
  CHECK_CLOSE(x.grad(), 1e-12, 1e-12, gx);
  CHECK_CLOSE(y.grad(), 1e-12, 1e-12, gy);
}

TEST(mean_sigmoid_tanh_log_gradient) {
  Tensor x = make({0.5, 1.0, 2.0, 4.0}, {}, ScalarType::Float64);
  x.set_requires_grad(true);
  // g = mean(sigmoid(x) + tanh(x) + log(x) + sqrt(x))
  Tensor g = pyt::mean(pyt::sigmoid(x) + pyt::tanh(x) + pyt::log(x) + pyt::sqrt(x));
  g.backward();
  std::vector<double> want;
  for (double v : {0.5, 1.0, 2.0, 4.0}) {
    double s = 1 / (1 + std::exp(-v));
    double t = std::tanh(v);
    want.push_back((s * (1 - s) + (1 - t * t) + 1 / v + 0.5 / std::sqrt(v)) / 4);
  }
  CHECK_CLOSE(x.grad(), 1e-12, 1e-12, want);
}

TEST(broadcast_gradient_is_reduced) {
  Tensor a = pyt::ones({2, 3});
  Tensor b = pyt::ones({3});
  Tensor c = pyt::scalar_tensor(2.0);
  a.set_requires_grad(true);
  b.set_requires_grad(true);
  c.set_requires_grad(true);
  pyt::sum((a + b) * c).backward();
  CHECK_SIZES(b.grad(), {3});
  CHECK_VALUES(b.grad(), {4, 4, 4});
  CHECK_VALUES(a.grad(), {2, 2, 2, 2, 2, 2});
  CHECK_EQ(c.grad().dim(), 0);
  CHECK_VALUES(c.grad(), {12});
}

TEST(view_and_transpose_gradient) {
  Tensor x = pyt::arange(0, 6, 1, ScalarType::Float32);
  x.set_requires_grad(true);
  Tensor y = x.view({2, 3}).t();  // y[i][j] = x[j * 3 + i]
  Tensor w = make({1, 2, 3, 4, 5, 6}, {3, 2});
  pyt::sum(y * w).backward();
  // x[k] pairs with w[k % 3][k / 3]: w^T flattened.
  CHECK_VALUES(x.grad(), {1, 3, 5, 2, 4, 6});
}

TEST(gradients_accumulate) {
  Tensor x = pyt::ones({2});
  x.set_requires_grad(true);
  pyt::sum(x * 3.0).backward();
  pyt::sum(x * 3.0).backward();
  CHECK_VALUES(x.grad(), {6, 6});
  Tensor g = x.grad();
  pyt::zero_(g);
  pyt::sum(x * x).backward();
  CHECK_VALUES(x.grad(), {2, 2});
}

TEST(explicit_gradient_and_retain_graph) {
  Tensor x = make({1, 2, 3});
  x.set_requires_grad(true);
  Tensor y = x * x;  // not a scalar: needs a gradient
  y.backward(make({1, 0, -1}), /*retain_graph=*/true);
  CHECK_VALUES(x.grad(), {2, 0, -6});
  y.backward(pyt::ones({3}));  // the graph was retained
  CHECK_VALUES(x.grad(), {4, 4, 0});
  CHECK_THROWS(y.backward(pyt::ones({3})), pyt::RuntimeError, "second time");
  Tensor z = x * 2.0;
  CHECK_THROWS(z.backward(), pyt::RuntimeError, "scalar outputs");
}

TEST(grad_mode) {
  Tensor x = pyt::ones({2});
  x.set_requires_grad(true);
  CHECK(pyt::autograd::GradMode::is_enabled());
  {
    pyt::autograd::NoGradGuard guard;
    CHECK(!pyt::autograd::GradMode::is_enabled());
    Tensor y = x * 2.0;
    CHECK(!y.requires_grad());
    CHECK(y.grad_fn() == nullptr);
    {
      pyt::autograd::AutoGradMode enable(true);
      CHECK((x * 2.0).requires_grad());
    }
    CHECK(!pyt::autograd::GradMode::is_enabled());
  }
  CHECK(pyt::autograd::GradMode::is_enabled());
  Tensor d = (x * 2.0).detach();
  CHECK(!d.requires_grad());
  CHECK(d.is_leaf());
}

TEST(requires_grad_rules) {
  Tensor i = pyt::ones({2}, ScalarType::Int64);
  CHECK_THROWS(i.set_requires_grad(true), pyt::RuntimeError, "floating point");
  Tensor x = pyt::ones({2});
  x.set_requires_grad(true);
  Tensor y = x * 2.0;
  CHECK_THROWS(y.set_requires_grad(false), pyt::RuntimeError, "leaf variables");
  // An in-place op on a leaf that requires grad is an error.
  CHECK_THROWS(pyt::add_(x, pyt::ones({2})), pyt::RuntimeError, "leaf");
  {
    pyt::autograd::NoGradGuard guard;  // ... but fine under no_grad (an optimizer step)
    pyt::add_(x, pyt::ones({2}));
  }
  CHECK_VALUES(x, {2, 2});
}

TEST(inplace_modification_error) {
  // mul saves its inputs; modifying one in place before backward must be detected by the
  // version counter, and the message must name the op that modified it.
  Tensor x = make({1, 2, 3});
  x.set_requires_grad(true);
  Tensor w = make({4, 5, 6});  // does not require grad, but is saved for x's gradient
  Tensor loss = pyt::sum(x * w);
  pyt::mul_(w, pyt::scalar_tensor(2.0));
  CHECK_THROWS(loss.backward(), pyt::RuntimeError, "modified by an inplace operation");
  Tensor loss2 = pyt::sum(x * w);
  pyt::add_(w, pyt::ones({3}));
  CHECK_THROWS(loss2.backward(), pyt::RuntimeError, "add_");

  // Through a view: the view shares the base's version counter.
  Tensor base = make({1, 2, 3, 4});
  Tensor v = pyt::slice(base, 0, 0, 2);
  Tensor loss3 = pyt::sum(x * pyt::slice(base, 0, 1, 4));
  pyt::fill_(v, pyt::Scalar(0.0));
  CHECK_THROWS(loss3.backward(), pyt::RuntimeError, "version");

  // Without a modification the same graph runs: w is now (4, 5, 6) * 2 + 1.
  Tensor loss4 = pyt::sum(x * w);
  loss4.backward();
  CHECK_VALUES(x.grad(), {9, 11, 13});
}

TEST(nn_gradients) {
  // cross_entropy on zero logits: d/dlogits = (softmax - onehot) / N = (1/C - onehot) / N.
  Tensor logits = pyt::zeros({2, 4});
  logits.set_requires_grad(true);
  Tensor target = make({1, 3}, {}, ScalarType::Int64);
  pyt::cross_entropy(logits, target).backward();
  CHECK_CLOSE(logits.grad(), 1e-7, 1e-6,
              {0.125, -0.375, 0.125, 0.125, 0.125, 0.125, 0.125, -0.375});

  // conv2d with a 1x1 kernel: d sum / d weight[c] = sum of channel c; d / d input = weight.
  Tensor img = pyt::arange(0, 8, 1, ScalarType::Float32).view({1, 2, 2, 2});
  Tensor k = make({1, -1}, {1, 2, 1, 1});
  img.set_requires_grad(true);
  k.set_requires_grad(true);
  pyt::sum(pyt::conv2d(img, k, Tensor(), {1, 1}, {0, 0}, {1, 1}, 1)).backward();
  CHECK_VALUES(k.grad(), {6, 22});
  CHECK_VALUES(img.grad(), {1, 1, 1, 1, -1, -1, -1, -1});

  // max_pool2d routes the gradient to the maxima.
  Tensor p = pyt::arange(0, 16, 1, ScalarType::Float32).view({1, 1, 4, 4});
  p.set_requires_grad(true);
  pyt::sum(pyt::max_pool2d(p, {2, 2}, {2, 2}, {0, 0}, {1, 1}, false)).backward();
  CHECK_VALUES(p.grad(), {0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1});
}

PYT_TEST_MAIN()
