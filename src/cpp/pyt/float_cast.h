#pragma once
// Floating -> integer conversion without undefined behaviour.
#include <cstdint>
#include <type_traits>

namespace pyt {

/// static_cast<To>(v) for a floating v and an integral To (not bool), defined for every v as
/// torch's CPU kernels behave on x86-64: truncation toward zero; int64 (and uint8, which
/// torch converts through int64) take NaN and values outside int64's range to INT64_MIN, the
/// narrower types take them to INT32_MIN through int32; the intermediate then wraps to To
/// (int8(300.0) == 44, uint8(-1.0) == 255, int32(nan) == INT32_MIN). A plain static_cast is
/// undefined behaviour for such values (and UBSan reports it).
/// Example: float_to_integral<int32_t>(1e10f) == INT32_MIN.
template <typename To, typename From>
inline To float_to_integral(From v) {
  static_assert(std::is_floating_point_v<From> && std::is_integral_v<To> && !std::is_same_v<To, bool>);
  if constexpr (sizeof(To) == 8 || std::is_same_v<To, uint8_t>) {
    // [-2^63, 2^63): the range of int64, exactly representable bounds.
    if (!(v >= From(-9223372036854775808.0) && v < From(9223372036854775808.0)))
      return static_cast<To>(INT64_MIN);
    return static_cast<To>(static_cast<int64_t>(v));
  } else {
    if (!(v > From(-2147483649.0) && v < From(2147483648.0))) return static_cast<To>(INT32_MIN);
    return static_cast<To>(static_cast<int32_t>(v));
  }
}

}  // namespace pyt
