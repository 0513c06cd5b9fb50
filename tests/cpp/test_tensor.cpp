// Tensor creation, dtypes, views and strides, the shared version counter.
#include "test_util.h"

using pyt::ScalarType;
using pyt::Tensor;

TEST(zeros_ones_full) {
  Tensor z = pyt::zeros({2, 3});
  CHECK_SIZES(z, {2, 3});
  CHECK_STRIDES(z, {3, 1});
  CHECK_EQ(z.dim(), 2);
  CHECK_EQ(z.numel(), 6);
  CHECK_EQ(z.dtype(), ScalarType::Float32);
  CHECK(z.is_contiguous());
  CHECK_VALUES(z, {0, 0, 0, 0, 0, 0});

  Tensor o = pyt::ones({4}, ScalarType::Int32);
  CHECK_EQ(o.dtype(), ScalarType::Int32);
  CHECK_EQ(o.element_size(), size_t(4));
  CHECK_VALUES(o, {1, 1, 1, 1});

  Tensor f = pyt::full({2, 2}, 2.5, ScalarType::Float64);
  CHECK_EQ(f.dtype(), ScalarType::Float64);
  CHECK_VALUES(f, {2.5, 2.5, 2.5, 2.5});
  CHECK_EQ(pyt::select(pyt::select(f, 0, 1), 0, 0).item<double>(), 2.5);
}

TEST(zero_dim_and_empty) {
  Tensor s = pyt::scalar_tensor(3.5);
  CHECK_EQ(s.dim(), 0);
  CHECK_EQ(s.numel(), 1);
  CHECK_EQ(s.item<double>(), 3.5);
  CHECK_EQ(s.dtype(), ScalarType::Float32);  // Python floats become the default dtype

  Tensor e = pyt::zeros({0, 3});
  CHECK_EQ(e.numel(), 0);
  CHECK_SIZES(e, {0, 3});
  CHECK_EQ(pyt::sum(e).item<double>(), 0.0);
}

TEST(arange_linspace_eye) {
  Tensor a = pyt::arange(0, 5, 1, std::nullopt);
  CHECK_EQ(a.dtype(), ScalarType::Int64);
  CHECK_VALUES(a, {0, 1, 2, 3, 4});

  Tensor af = pyt::arange(0.0, 1.0, 0.25, std::nullopt);
  CHECK_EQ(af.dtype(), ScalarType::Float32);
  CHECK_VALUES(af, {0, 0.25, 0.5, 0.75});

  Tensor down = pyt::arange(5, 0, -2, std::nullopt);
  CHECK_VALUES(down, {5, 3, 1});

  Tensor l = pyt::linspace(0, 1, 5, ScalarType::Float64);
  CHECK_VALUES(l, {0, 0.25, 0.5, 0.75, 1});

  Tensor i = pyt::eye(2, 3, ScalarType::Float32);
  CHECK_VALUES(i, {1, 0, 0, 0, 1, 0});
}

TEST(dtype_table) {
  CHECK_EQ(pyt::element_size(ScalarType::Bool), size_t(1));
  CHECK_EQ(pyt::element_size(ScalarType::Float16), size_t(2));
  CHECK_EQ(pyt::element_size(ScalarType::BFloat16), size_t(2));
  CHECK_EQ(pyt::element_size(ScalarType::Int64), size_t(8));
  CHECK_EQ(std::string(pyt::scalar_type_name(ScalarType::BFloat16)), std::string("bfloat16"));
  CHECK_EQ(pyt::scalar_type_from_name("float64"), ScalarType::Float64);
  CHECK(pyt::is_floating_type(ScalarType::Float16));
  CHECK(!pyt::is_floating_type(ScalarType::Int8));
  CHECK(pyt::is_integral_type(ScalarType::Bool, true));
  CHECK(!pyt::is_integral_type(ScalarType::Bool, false));
  for (int i = 0; i < pyt::kNumScalarTypes; ++i) {
    auto t = static_cast<ScalarType>(i);
    CHECK_EQ(pyt::scalar_type_from_name(pyt::scalar_type_name(t)), t);
  }
  // Half and bfloat16 round trips of exactly representable values.
  CHECK_EQ(static_cast<float>(pyt::Half(1.5f)), 1.5f);
  CHECK_EQ(static_cast<float>(pyt::BFloat16(-2.0f)), -2.0f);
}

TEST(view_shares_storage) {
  Tensor a = pyt::arange(0, 6, 1, ScalarType::Float32);
  Tensor v = a.view({2, 3});
  CHECK_SIZES(v, {2, 3});
  CHECK_STRIDES(v, {3, 1});
  CHECK_EQ(v.data_ptr(), a.data_ptr());
  Tensor row = pyt::select(v, 0, 1);  // v[1]
  CHECK_SIZES(row, {3});
  CHECK_EQ(row.storage_offset(), 3);
  pyt::fill_(row, pyt::Scalar(7.0));
  CHECK_VALUES(a, {0, 1, 2, 7, 7, 7});
  Tensor inferred = a.view({-1, 2});
  CHECK_SIZES(inferred, {3, 2});
}

TEST(transpose_permute_contiguous) {
  Tensor a = pyt::arange(0, 6, 1, ScalarType::Float32).view({2, 3});
  Tensor t = a.t();
  CHECK_SIZES(t, {3, 2});
  CHECK_STRIDES(t, {1, 3});
  CHECK(!t.is_contiguous());
  CHECK_EQ(t.data_ptr(), a.data_ptr());
  CHECK_VALUES(t, {0, 3, 1, 4, 2, 5});
  Tensor c = t.contiguous();
  CHECK(c.is_contiguous());
  CHECK_STRIDES(c, {2, 1});
  CHECK(c.data_ptr() != a.data_ptr());
  CHECK_VALUES(c, {0, 3, 1, 4, 2, 5});
  // contiguous() of a contiguous tensor is the tensor itself.
  CHECK(a.contiguous().is_same(a));

  Tensor b = pyt::arange(0, 24, 1, ScalarType::Float32).view({2, 3, 4});
  Tensor p = pyt::permute(b, {2, 0, 1});
  CHECK_SIZES(p, {4, 2, 3});
  CHECK_STRIDES(p, {1, 12, 4});
  Tensor r = p.reshape({4, 6});  // dims 1 and 2 merge: a view
  CHECK_EQ(r.data_ptr(), b.data_ptr());
  CHECK_STRIDES(r, {1, 4});
  CHECK_VALUES(pyt::select(r, 0, 1), {1, 5, 9, 13, 17, 21});
  Tensor flat = p.reshape({24});  // not viewable: reshape copies
  CHECK(flat.is_contiguous());
  CHECK(flat.data_ptr() != b.data_ptr());
  CHECK_VALUES(pyt::slice(flat, 0, 0, 7), {0, 4, 8, 12, 16, 20, 1});
  CHECK_THROWS(p.view({24}), pyt::RuntimeError, "view");
}

TEST(slice_expand_squeeze) {
  Tensor a = pyt::arange(0, 10, 1, ScalarType::Int64);
  Tensor s = pyt::slice(a, 0, 1, 8, 3);  // a[1:8:3]
  CHECK_SIZES(s, {3});
  CHECK_STRIDES(s, {3});
  CHECK_EQ(s.storage_offset(), 1);
  CHECK_VALUES(s, {1, 4, 7});
  Tensor tail = pyt::slice(a, 0, -3, std::nullopt);  // a[-3:]
  CHECK_VALUES(tail, {7, 8, 9});

  Tensor col = pyt::arange(0, 3, 1, ScalarType::Float32).view({3, 1});
  Tensor e = pyt::expand(col, {3, 4});
  CHECK_SIZES(e, {3, 4});
  CHECK_STRIDES(e, {1, 0});
  CHECK_VALUES(e, {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2});

  Tensor u = pyt::unsqueeze(pyt::zeros({2, 3}), 1);
  CHECK_SIZES(u, {2, 1, 3});
  CHECK_SIZES(pyt::squeeze(u), {2, 3});
  CHECK_SIZES(pyt::squeeze(pyt::zeros({1, 2, 1}), std::vector<int64_t>{0}), {2, 1});
  CHECK_SIZES(pyt::flatten(pyt::zeros({2, 3, 4}), 1), {2, 12});
}

TEST(cat_stack) {
  Tensor a = pyt::ones({2, 2});
  Tensor b = pyt::zeros({1, 2});
  Tensor c = pyt::cat({a, b}, 0);
  CHECK_SIZES(c, {3, 2});
  CHECK_VALUES(c, {1, 1, 1, 1, 0, 0});
  Tensor s = pyt::stack({b, b}, 1);
  CHECK_SIZES(s, {1, 2, 2});
}

TEST(version_counter_shared_by_views) {
  Tensor a = pyt::zeros({4});
  Tensor v = pyt::slice(a, 0, 1, 3);
  uint32_t before = a._version();
  CHECK_EQ(v._version(), before);
  pyt::add_(v, pyt::ones({2}));
  CHECK(a._version() > before);
  CHECK_EQ(a._version(), v._version());
  CHECK_VALUES(a, {0, 1, 1, 0});
  // clone() has its own counter.
  Tensor c = a.clone();
  uint32_t cv = c._version();
  pyt::mul_(a, pyt::scalar_tensor(2.0));
  CHECK_EQ(c._version(), cv);
  CHECK_VALUES(c, {0, 1, 1, 0});
}

TEST(random_is_seeded_and_thread_independent) {
  pyt::Generator g1(123), g2(123);
  Tensor a = pyt::randn({1000}, ScalarType::Float32, &g1);
  Tensor b = pyt::randn({1000}, ScalarType::Float32, &g2);
  CHECK_VALUES(pyt::eq(a, b).to(ScalarType::Int64).sum(), {1000});
  double m = pyt::mean(a).item<double>();
  CHECK(std::fabs(m) < 0.15);

  // Note [Counter-based RNG]: the values do not depend on the thread count.
  int threads = pyt::get_num_threads();
  pyt::Generator g3(7), g4(7);
  pyt::set_num_threads(1);
  Tensor one = pyt::rand({200000}, ScalarType::Float32, &g3);
  pyt::set_num_threads(std::max(2, threads));
  Tensor many = pyt::rand({200000}, ScalarType::Float32, &g4);
  pyt::set_num_threads(threads);
  CHECK_VALUES(pyt::ne(one, many).to(ScalarType::Int64).sum(), {0});
  CHECK(pyt::min(one).item<double>() >= 0.0);
  CHECK(pyt::max(one).item<double>() < 1.0);
}

PYT_TEST_MAIN()
