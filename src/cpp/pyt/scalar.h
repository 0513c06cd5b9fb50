#pragma once
// Scalar: a Python-style number (bool, int or float) before it becomes a tensor.
// Python scalars are "weak" in type promotion: they take part only by category.
#include <cstdint>
#include <string>

#include "pyt/dtype.h"
#include "pyt/export.h"
#include "pyt/float_cast.h"

namespace pyt {

/// A bool, int64 or double value. Ops that accept a Scalar wrap it as a 0-d
/// "wrapped number" tensor, which type promotion treats as a weak type.
class PYT_API Scalar {
 public:
  enum class Kind : uint8_t { Bool, Int, Float };
  Scalar() : kind_(Kind::Int), i_(0) {}
  Scalar(bool v) : kind_(Kind::Bool), i_(v ? 1 : 0) {}  // NOLINT
  Scalar(int v) : kind_(Kind::Int), i_(v) {}            // NOLINT
  Scalar(int64_t v) : kind_(Kind::Int), i_(v) {}        // NOLINT
  Scalar(long long v) : kind_(Kind::Int), i_(static_cast<int64_t>(v)) {}  // NOLINT
  Scalar(double v) : kind_(Kind::Float), d_(v) {}       // NOLINT
  Scalar(float v) : kind_(Kind::Float), d_(v) {}        // NOLINT

  Kind kind() const { return kind_; }
  bool is_floating_point() const { return kind_ == Kind::Float; }
  bool is_integral() const { return kind_ == Kind::Int; }
  bool is_bool() const { return kind_ == Kind::Bool; }
  double to_double() const { return kind_ == Kind::Float ? d_ : static_cast<double>(i_); }
  int64_t to_int() const { return kind_ == Kind::Float ? float_to_integral<int64_t>(d_) : i_; }
  bool to_bool() const { return kind_ == Kind::Float ? d_ != 0.0 : i_ != 0; }
  /// The dtype a wrapped number of this kind has: bool, int64, or float64.
  ScalarType natural_dtype() const {
    return kind_ == Kind::Float ? ScalarType::Float64
                                : (kind_ == Kind::Int ? ScalarType::Int64 : ScalarType::Bool);
  }
  template <typename T>
  T to() const;
  std::string repr() const;

 private:
  Kind kind_;
  union {
    int64_t i_;
    double d_;
  };
};

template <typename T>
inline T Scalar::to() const {
  if constexpr (std::is_integral_v<T>) {
    if (kind_ == Kind::Float) return float_to_integral<T>(d_);  // NaN, inf: defined values
  } else {
    if (kind_ == Kind::Float) return static_cast<T>(d_);
  }
  return static_cast<T>(i_);
}
/// Whether writing s into a tensor of dtype t overflows, by torch's rule (c10::overflows in
/// c10/util/TypeCast.h): integer dtypes refuse NaN, inf and values outside [lowest, max]
/// (a negative int may wrap into uint8 when its magnitude is at most 255); floating dtypes
/// take inf and NaN but refuse finite values beyond their largest finite value; bool (as a
/// value or a dtype) and float64 never overflow. Example: scalar_overflows(Scalar(300),
/// ScalarType::UInt8) is true, scalar_overflows(Scalar(-1), ScalarType::UInt8) is false.
PYT_API bool scalar_overflows(const Scalar& s, ScalarType t);
/// Throws RuntimeError "value cannot be converted to type uint8_t without overflow" (torch's
/// checked_convert message, with torch's C++ type name) when scalar_overflows(s, t).
/// Used wherever a Python scalar is written into a typed tensor (fill_, full, masked_fill,
/// clamp, where, pow, index_fill, __setitem__).
PYT_API void check_scalar_fits(const Scalar& s, ScalarType t);

template <>
inline bool Scalar::to<bool>() const { return to_bool(); }
template <>
inline Half Scalar::to<Half>() const { return Half(static_cast<float>(to_double())); }
template <>
inline BFloat16 Scalar::to<BFloat16>() const { return BFloat16(static_cast<float>(to_double())); }

}  // namespace pyt
