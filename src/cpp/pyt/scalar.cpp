// Checked conversion of a Python scalar into a tensor dtype (torch's c10::overflows and
// checked_convert, c10/util/TypeCast.h and c10/core/Scalar.h).
#include <cmath>
#include <limits>

#include "pyt/error.h"
#include "pyt/scalar.h"

namespace pyt {

namespace {

// torch's spelling of the C++ element type in "value cannot be converted to type X ...".
const char* torch_cpp_type_name(ScalarType t) {
  switch (t) {
    case ScalarType::Bool: return "bool";
    case ScalarType::UInt8: return "uint8_t";
    case ScalarType::Int8: return "int8_t";
    case ScalarType::Int16: return "int16_t";
    case ScalarType::Int32: return "int";
    case ScalarType::Int64: return "int64_t";
    case ScalarType::Float16: return "c10::Half";
    case ScalarType::BFloat16: return "c10::BFloat16";
    case ScalarType::Float32: return "float";
    case ScalarType::Float64: return "double";
    default: return scalar_type_name(t);
  }
}

// lowest and max of dtype t as doubles.
void dtype_limits(ScalarType t, double& lo, double& hi) {
  switch (t) {
    case ScalarType::UInt8: lo = 0; hi = 255; return;
    case ScalarType::Int8: lo = -128; hi = 127; return;
    case ScalarType::Int16: lo = -32768; hi = 32767; return;
    case ScalarType::Int32: lo = -2147483648.0; hi = 2147483647.0; return;
    case ScalarType::Int64:
      lo = static_cast<double>(std::numeric_limits<int64_t>::lowest());
      hi = static_cast<double>(std::numeric_limits<int64_t>::max());
      return;
    case ScalarType::Float16: lo = -65504.0; hi = 65504.0; return;
    case ScalarType::BFloat16: lo = -3.3895313892515355e38; hi = 3.3895313892515355e38; return;
    case ScalarType::Float32:
      lo = std::numeric_limits<float>::lowest();
      hi = std::numeric_limits<float>::max();
      return;
    default:
      lo = -std::numeric_limits<double>::infinity();
      hi = std::numeric_limits<double>::infinity();
      return;
  }
}

}  // namespace

bool scalar_overflows(const Scalar& s, ScalarType t) {
  if (s.is_bool() || t == ScalarType::Bool || t == ScalarType::Float64) return false;
  double lo, hi;
  dtype_limits(t, lo, hi);
  if (s.is_floating_point()) {
    double d = s.to_double();
    bool is_float_dtype = is_floating_type(t);
    if (std::isinf(d)) return !is_float_dtype;  // types with infinity take inf
    if (std::isnan(d)) return !is_float_dtype;  // types without NaN refuse it
    return d < lo || d > hi;
  }
  int64_t v = s.to_int();
  if (t == ScalarType::Int64) return false;
  if (t == ScalarType::UInt8) {
    // A negative int wraps (two's complement) as long as its magnitude fits: -255 -> 1.
    if (v < 0) return -static_cast<uint64_t>(v) > 255u;
    return v > 255;
  }
  return static_cast<double>(v) < lo || static_cast<double>(v) > hi;
}

void check_scalar_fits(const Scalar& s, ScalarType t) {
  PYT_CHECK(!scalar_overflows(s, t), RuntimeError, "value cannot be converted to type ", torch_cpp_type_name(t),
            " without overflow");
}

}  // namespace pyt
