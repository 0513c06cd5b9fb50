// Error types and messages: each user error maps onto the exception class torch raises
// (RuntimeError, IndexError, TypeError, ValueError), names the op and shows the shapes.
#include <type_traits>

#include "test_util.h"

using pyt::ScalarType;
using pyt::Tensor;

static_assert(std::is_base_of<pyt::Error, pyt::RuntimeError>::value, "hierarchy");
static_assert(std::is_base_of<pyt::Error, pyt::IndexError>::value, "hierarchy");
static_assert(std::is_base_of<pyt::Error, pyt::TypeError>::value, "hierarchy");
static_assert(std::is_base_of<pyt::Error, pyt::ValueError>::value, "hierarchy");
static_assert(std::is_base_of<pyt::Error, pyt::NotImplementedError>::value, "hierarchy");
static_assert(std::is_base_of<std::runtime_error, pyt::Error>::value, "hierarchy");

TEST(index_errors) {
  Tensor t = pyt::zeros({2, 3});
  CHECK_THROWS(t.size(2), pyt::IndexError, "Dimension out of range");
  CHECK_THROWS(t.size(-3), pyt::IndexError, "[-2, 1]");
  CHECK_EQ(t.size(-1), 3);
  CHECK_THROWS(pyt::select(t, 0, 2), pyt::IndexError, "out of bounds");
  CHECK_THROWS(pyt::select(pyt::scalar_tensor(1.0), 0, 0), pyt::IndexError, "0-dim");
  CHECK_THROWS(pyt::sum(t, std::vector<int64_t>{5}), pyt::IndexError, "out of range");
  CHECK_THROWS(pyt::transpose(t, 0, 2), pyt::IndexError, "out of range");
  CHECK_THROWS(pyt::unsqueeze(t, 4), pyt::IndexError, "out of range");
  CHECK_THROWS(pyt::maybe_wrap_dim(3, 2, "myop"), pyt::IndexError, "myop");
  CHECK_EQ(pyt::maybe_wrap_dim(-1, 2, "myop"), int64_t(1));
  Tensor idx = pyt::arange(3, 4, 1, ScalarType::Int64);  // [3]
  CHECK_THROWS(pyt::index_select(pyt::zeros({3}), 0, idx), pyt::IndexError, "out of bounds");
  CHECK_THROWS(pyt::nll_loss(pyt::zeros({1, 3}), idx), pyt::IndexError, "out of bounds");
}

TEST(runtime_errors_name_op_and_shapes) {
  // Shape mismatch: the op and both shapes are named.
  try {
    pyt::mm(pyt::ones({2, 3}), pyt::ones({4, 2}));
    pyt_test::fail(__FILE__, __LINE__, "mm did not throw");
  } catch (const pyt::RuntimeError& e) {
    std::string m = e.what();
    CHECK(m.find("2x3") != std::string::npos && m.find("4x2") != std::string::npos);
  }
  CHECK_THROWS(pyt::add(pyt::ones({2, 3}), pyt::ones({4})), pyt::RuntimeError, "(4)");
  CHECK_THROWS(pyt::ones({2, 3}).t().view({6}), pyt::RuntimeError, "reshape");
  CHECK_THROWS(pyt::ones({2, 3}).view({4}), pyt::RuntimeError, "invalid");
  CHECK_THROWS(pyt::cat({pyt::ones({2, 3}), pyt::ones({2, 4})}, 0), pyt::RuntimeError, "cat");
  CHECK_THROWS(pyt::expand(pyt::ones({2}), {3}), pyt::RuntimeError, "expand");
  CHECK_THROWS(pyt::ones({2}).item(), pyt::RuntimeError, "cannot be converted to Scalar");
  CHECK_THROWS(pyt::compute_numel({2, -1}), pyt::RuntimeError, "negative");
  CHECK_THROWS(pyt::max(pyt::zeros({0})), pyt::RuntimeError, "");
  CHECK_THROWS(pyt::Device("cuda"), pyt::RuntimeError, "cuda");
}

TEST(type_and_value_errors) {
  CHECK_THROWS(pyt::scalar_type_from_name("float7"), pyt::TypeError, "float7");
  CHECK_THROWS(pyt::set_default_dtype(ScalarType::Int32), pyt::TypeError, "");
  CHECK_THROWS(pyt::div(pyt::ones({2}), pyt::ones({2}), "round"), pyt::RuntimeError, "rounding_mode");
  CHECK_THROWS(pyt::dropout(pyt::ones({2}), 1.5, true), pyt::ValueError, "probability");
  CHECK_THROWS(pyt::mse_loss(pyt::ones({2}), pyt::ones({2}), "avg"), pyt::ValueError, "reduction");
  CHECK_THROWS(pyt::slice(pyt::ones({4}), 0, 0, 4, 0), pyt::ValueError, "step");
}

TEST(errors_leave_state_intact) {
  // A failed in-place op must not bump the version nor change values.
  Tensor a = pyt::ones({2, 3});
  uint32_t v = a._version();
  CHECK_THROWS(pyt::add_(a, pyt::ones({4})), pyt::RuntimeError, "");
  CHECK_EQ(a._version(), v);
  CHECK_VALUES(a, {1, 1, 1, 1, 1, 1});
  // An in-place op whose result dtype cannot be cast to the output's dtype.
  Tensor i = pyt::ones({2}, ScalarType::Int64);
  CHECK_THROWS(pyt::add_(i, pyt::full({2}, 0.5, ScalarType::Float32)), pyt::RuntimeError, "");
  CHECK_VALUES(i, {1, 1});
}

PYT_TEST_MAIN()
