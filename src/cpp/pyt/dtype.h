#pragma once
// Scalar types. Note [One list per enumeration]: PYT_FORALL_SCALAR_TYPES is the
// single list of dtypes; names, sizes and the enum are all derived from it and a
// static_assert keeps the count in step.
#include <cstdint>
#include <cstring>
#include <string>

#include "pyt/export.h"

namespace pyt {

/// IEEE 754 binary16, stored as bits. Converts to and from float (round to nearest even).
struct PYT_API Half {
  uint16_t x = 0;
  Half() = default;
  Half(float f);  // NOLINT: implicit like a builtin float type
  operator float() const;
  static Half from_bits(uint16_t b) { Half h; h.x = b; return h; }
};

/// bfloat16 (the upper 16 bits of a float32), round to nearest even on conversion.
struct PYT_API BFloat16 {
  uint16_t x = 0;
  BFloat16() = default;
  BFloat16(float f) {  // NOLINT
    uint32_t u;
    std::memcpy(&u, &f, 4);
    if ((u & 0x7fffffffu) > 0x7f800000u) { x = 0x7fc0; return; }  // NaN
    uint32_t rounding_bias = 0x7fffu + ((u >> 16) & 1u);
    x = static_cast<uint16_t>((u + rounding_bias) >> 16);
  }
  operator float() const {
    uint32_t u = static_cast<uint32_t>(x) << 16;
    float f;
    std::memcpy(&f, &u, 4);
    return f;
  }
  static BFloat16 from_bits(uint16_t b) { BFloat16 h; h.x = b; return h; }
};

// _(C++ type, enum name, torch name, is_floating, is_integral(no bool))
#define PYT_FORALL_SCALAR_TYPES(_)            \
  _(bool, Bool, "bool")                       \
  _(uint8_t, UInt8, "uint8")                  \
  _(int8_t, Int8, "int8")                     \
  _(int16_t, Int16, "int16")                  \
  _(int32_t, Int32, "int32")                  \
  _(int64_t, Int64, "int64")                  \
  _(::pyt::Half, Float16, "float16")          \
  _(::pyt::BFloat16, BFloat16, "bfloat16")    \
  _(float, Float32, "float32")                \
  _(double, Float64, "float64")

/// The dtype of a tensor's elements (torch.dtype).
enum class ScalarType : int8_t {
#define PYT_DEFINE_ENUM(T, N, S) N,
  PYT_FORALL_SCALAR_TYPES(PYT_DEFINE_ENUM)
#undef PYT_DEFINE_ENUM
  NumTypes,
  Undefined
};

constexpr int kNumScalarTypes = static_cast<int>(ScalarType::NumTypes);
static_assert(kNumScalarTypes == 10, "the dtype list and kNumScalarTypes drifted apart");

/// Size in bytes of one element of dtype t.
PYT_API size_t element_size(ScalarType t);
/// torch's short name of the dtype, e.g. "float32".
PYT_API const char* scalar_type_name(ScalarType t);
/// Parses a name produced by scalar_type_name; throws TypeError if unknown.
PYT_API ScalarType scalar_type_from_name(const std::string& name);
/// True for float16, bfloat16, float32, float64.
PYT_API bool is_floating_type(ScalarType t);
/// True for the integer types; bool counts only when include_bool.
PYT_API bool is_integral_type(ScalarType t, bool include_bool);
/// torch.promote_types: the smallest dtype both a and b convert to without losing
/// category (bool < integer < floating). Source: torch's c10/core/ScalarType.h table.
PYT_API ScalarType promote_types(ScalarType a, ScalarType b);
/// True when a value of dtype from may be written into dtype to without moving to a
/// lower category (torch.can_cast).
PYT_API bool can_cast(ScalarType from, ScalarType to);

/// Default floating dtype for Python floats and factory functions (float32 unless set).
PYT_API ScalarType get_default_dtype();
/// Sets the default floating dtype; only float32 and float64 are accepted (TypeError otherwise).
PYT_API void set_default_dtype(ScalarType t);

template <typename T>
struct CppTypeToScalarType;
#define PYT_SPECIALIZE_CPP_TO_ST(T, N, S) \
  template <>                             \
  struct CppTypeToScalarType<T> { static constexpr ScalarType value = ScalarType::N; };
PYT_FORALL_SCALAR_TYPES(PYT_SPECIALIZE_CPP_TO_ST)
#undef PYT_SPECIALIZE_CPP_TO_ST

}  // namespace pyt
