#pragma once
// Dtype dispatch. PYT_DISPATCH_<SET>(dtype, op, lambda) calls lambda with scalar_t
// bound to the C++ type of dtype, or throws NotImplementedError naming op and dtype
// for a dtype outside SET (never a silently wrong result).
#include "pyt/dtype.h"
#include "pyt/error.h"

#define PYT_DISPATCH_CASE(ENUM, TYPE, ...) \
  case ::pyt::ScalarType::ENUM: {          \
    using scalar_t = TYPE;                 \
    return __VA_ARGS__();                  \
  }

#define PYT_DISPATCH_FAIL(DT, OP)                                                             \
  default:                                                                                    \
    throw ::pyt::NotImplementedError(::pyt::str("\"", OP, "\" not implemented for '",        \
                                                ::pyt::scalar_type_name(DT), "'"));

#define PYT_DISPATCH_FLOATING(DT, OP, ...)               \
  [&] {                                                  \
    switch (DT) {                                        \
      PYT_DISPATCH_CASE(Float32, float, __VA_ARGS__)     \
      PYT_DISPATCH_CASE(Float64, double, __VA_ARGS__)    \
      PYT_DISPATCH_FAIL(DT, OP)                          \
    }                                                    \
  }()

/// Floating dtypes including float16 and bfloat16 (kernels that compute the 16-bit types
/// through float themselves).
#define PYT_DISPATCH_FLOATING_AND_REDUCED(DT, OP, ...)            \
  [&] {                                                           \
    switch (DT) {                                                 \
      PYT_DISPATCH_CASE(Float32, float, __VA_ARGS__)              \
      PYT_DISPATCH_CASE(Float64, double, __VA_ARGS__)             \
      PYT_DISPATCH_CASE(Float16, ::pyt::Half, __VA_ARGS__)        \
      PYT_DISPATCH_CASE(BFloat16, ::pyt::BFloat16, __VA_ARGS__)   \
      PYT_DISPATCH_FAIL(DT, OP)                                   \
    }                                                             \
  }()

#define PYT_DISPATCH_INTEGRAL_CASES(...)                 \
  PYT_DISPATCH_CASE(UInt8, uint8_t, __VA_ARGS__)         \
  PYT_DISPATCH_CASE(Int8, int8_t, __VA_ARGS__)           \
  PYT_DISPATCH_CASE(Int16, int16_t, __VA_ARGS__)         \
  PYT_DISPATCH_CASE(Int32, int32_t, __VA_ARGS__)         \
  PYT_DISPATCH_CASE(Int64, int64_t, __VA_ARGS__)

/// Every dtype that computes natively (floating and integral, not bool).
#define PYT_DISPATCH_NUMERIC(DT, OP, ...)                \
  [&] {                                                  \
    switch (DT) {                                        \
      PYT_DISPATCH_CASE(Float32, float, __VA_ARGS__)     \
      PYT_DISPATCH_CASE(Float64, double, __VA_ARGS__)    \
      PYT_DISPATCH_INTEGRAL_CASES(__VA_ARGS__)           \
      PYT_DISPATCH_FAIL(DT, OP)                          \
    }                                                    \
  }()

/// Numeric dtypes plus bool.
#define PYT_DISPATCH_NUMERIC_AND_BOOL(DT, OP, ...)       \
  [&] {                                                  \
    switch (DT) {                                        \
      PYT_DISPATCH_CASE(Float32, float, __VA_ARGS__)     \
      PYT_DISPATCH_CASE(Float64, double, __VA_ARGS__)    \
      PYT_DISPATCH_INTEGRAL_CASES(__VA_ARGS__)           \
      PYT_DISPATCH_CASE(Bool, bool, __VA_ARGS__)         \
      PYT_DISPATCH_FAIL(DT, OP)                          \
    }                                                    \
  }()

/// All ten dtypes (conversion and data movement only).
#define PYT_DISPATCH_ALL(DT, OP, ...)                       \
  [&] {                                                     \
    switch (DT) {                                           \
      PYT_DISPATCH_CASE(Float32, float, __VA_ARGS__)        \
      PYT_DISPATCH_CASE(Float64, double, __VA_ARGS__)       \
      PYT_DISPATCH_INTEGRAL_CASES(__VA_ARGS__)              \
      PYT_DISPATCH_CASE(Bool, bool, __VA_ARGS__)            \
      PYT_DISPATCH_CASE(Float16, ::pyt::Half, __VA_ARGS__)  \
      PYT_DISPATCH_CASE(BFloat16, ::pyt::BFloat16, __VA_ARGS__) \
      PYT_DISPATCH_FAIL(DT, OP)                             \
    }                                                       \
  }()
