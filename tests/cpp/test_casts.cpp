// Floating -> integer conversions of NaN, infinities and out-of-range values: defined results
// (torch's x86-64 values), no undefined behaviour (the sanitizer build runs this too).
#include <cmath>
#include <cstdint>
#include <limits>

#include "test_util.h"

using pyt::ScalarType;

TEST(float_to_integral_helper) {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  CHECK_EQ(pyt::float_to_integral<int32_t>(nan), INT32_MIN);
  CHECK_EQ(pyt::float_to_integral<int32_t>(inf), INT32_MIN);
  CHECK_EQ(pyt::float_to_integral<int32_t>(1e10f), INT32_MIN);
  CHECK_EQ(pyt::float_to_integral<int32_t>(-2147483648.0f), INT32_MIN);
  CHECK_EQ(pyt::float_to_integral<int32_t>(-2.5f), -2);
  CHECK_EQ(pyt::float_to_integral<int64_t>(nan), INT64_MIN);
  CHECK_EQ(pyt::float_to_integral<int64_t>(3e9), int64_t(3000000000));
  CHECK_EQ(pyt::float_to_integral<int64_t>(1e300), INT64_MIN);
  CHECK_EQ(int(pyt::float_to_integral<int8_t>(300.0f)), 44);
  CHECK_EQ(int(pyt::float_to_integral<int8_t>(3e9f)), 0);
  CHECK_EQ(int(pyt::float_to_integral<uint8_t>(-1.0f)), 255);
  CHECK_EQ(int(pyt::float_to_integral<uint8_t>(-129.7)), 127);
  CHECK_EQ(int(pyt::float_to_integral<int16_t>(-inf)), 0);
}

TEST(to_dtype_non_finite) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  pyt::Tensor x = pyt_test::make({nan, inf, -inf, 1e20, -3.7, 300.0}, {}, ScalarType::Float32);
  CHECK_VALUES(pyt::to_dtype(x, ScalarType::Int32),
               {double(INT32_MIN), double(INT32_MIN), double(INT32_MIN), double(INT32_MIN), -3, 300});
  CHECK_VALUES(pyt::to_dtype(x, ScalarType::Int64),
               {-9223372036854775808.0, -9223372036854775808.0, -9223372036854775808.0,
                -9223372036854775808.0, -3, 300});
  CHECK_VALUES(pyt::to_dtype(x, ScalarType::UInt8), {0, 0, 0, 0, 253, 44});
  // A NaN fill value for an integer tensor is refused, as torch's checked_convert does.
  CHECK_THROWS(pyt::full({2}, nan, ScalarType::Int32), pyt::RuntimeError, "without overflow");
}

PYT_TEST_MAIN()
