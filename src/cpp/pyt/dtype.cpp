#include "pyt/dtype.h"

#include "pyt/error.h"

namespace pyt {

// Note [Half conversion]: float <-> binary16 by bit manipulation, round to nearest even,
// with subnormals, infinities and NaN preserved.
Half::Half(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  uint32_t sign = (u >> 16) & 0x8000u;
  uint32_t absu = u & 0x7fffffffu;
  if (absu > 0x7f800000u) {  // NaN
    x = static_cast<uint16_t>(sign | 0x7e00u);
    return;
  }
  if (absu >= 0x47800000u) {  // overflow to inf (65520 and above rounds to inf)
    x = static_cast<uint16_t>(sign | 0x7c00u);
    return;
  }
  if (absu < 0x38800000u) {  // subnormal half or zero
    // value = absu as float; half subnormal unit = 2^-24
    float af;
    std::memcpy(&af, &absu, 4);
    float scaled = af * 16777216.0f;  // 2^24, exact
    // round to nearest even
    uint32_t r = static_cast<uint32_t>(scaled);
    float frac = scaled - static_cast<float>(r);
    if (frac > 0.5f || (frac == 0.5f && (r & 1u))) r++;
    x = static_cast<uint16_t>(sign | r);
    return;
  }
  uint32_t mant_odd = (absu >> 13) & 1u;
  absu += 0xc8000fffu + mant_odd;  // rebias exponent (-112 << 23) and round
  x = static_cast<uint16_t>(sign | (absu >> 13));
}

Half::operator float() const {
  uint32_t sign = (static_cast<uint32_t>(x) & 0x8000u) << 16;
  uint32_t exp = (x >> 10) & 0x1fu;
  uint32_t mant = x & 0x3ffu;
  uint32_t u;
  if (exp == 0) {
    if (mant == 0) {
      u = sign;
    } else {
      float f = static_cast<float>(mant) / 16777216.0f;
      std::memcpy(&u, &f, 4);
      u |= sign;
    }
  } else if (exp == 31) {
    u = sign | 0x7f800000u | (mant << 13);
  } else {
    u = sign | ((exp + 112) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

size_t element_size(ScalarType t) {
  switch (t) {
#define PYT_CASE(T, N, S) \
  case ScalarType::N:     \
    return sizeof(T);
    PYT_FORALL_SCALAR_TYPES(PYT_CASE)
#undef PYT_CASE
    default:
      break;
  }
  PYT_INTERNAL_ASSERT(false, "element_size: undefined dtype");
  return 0;
}

const char* scalar_type_name(ScalarType t) {
  switch (t) {
#define PYT_CASE(T, N, S) \
  case ScalarType::N:     \
    return S;
    PYT_FORALL_SCALAR_TYPES(PYT_CASE)
#undef PYT_CASE
    default:
      return "undefined";
  }
}

ScalarType scalar_type_from_name(const std::string& name) {
#define PYT_CASE(T, N, S) \
  if (name == S) return ScalarType::N;
  PYT_FORALL_SCALAR_TYPES(PYT_CASE)
#undef PYT_CASE
  throw TypeError(str("unknown dtype name '", name, "'"));
}

bool is_floating_type(ScalarType t) {
  return t == ScalarType::Float16 || t == ScalarType::BFloat16 || t == ScalarType::Float32 ||
         t == ScalarType::Float64;
}

bool is_integral_type(ScalarType t, bool include_bool) {
  switch (t) {
    case ScalarType::Bool:
      return include_bool;
    case ScalarType::UInt8:
    case ScalarType::Int8:
    case ScalarType::Int16:
    case ScalarType::Int32:
    case ScalarType::Int64:
      return true;
    default:
      return false;
  }
}

ScalarType promote_types(ScalarType a, ScalarType b) {
  PYT_CHECK(a != ScalarType::Undefined && b != ScalarType::Undefined, TypeError,
            "promote_types: undefined dtype");
  if (a == b) return a;
  if (a == ScalarType::Bool) return b;
  if (b == ScalarType::Bool) return a;
  bool fa = is_floating_type(a), fb = is_floating_type(b);
  if (fa && fb) {
    bool half_pair = (a == ScalarType::Float16 && b == ScalarType::BFloat16) ||
                     (a == ScalarType::BFloat16 && b == ScalarType::Float16);
    if (half_pair) return ScalarType::Float32;
    return element_size(a) >= element_size(b) ? a : b;
  }
  if (fa) return a;
  if (fb) return b;
  // both integral
  if ((a == ScalarType::UInt8 && b == ScalarType::Int8) ||
      (a == ScalarType::Int8 && b == ScalarType::UInt8))
    return ScalarType::Int16;
  if (a == ScalarType::UInt8) return b;
  if (b == ScalarType::UInt8) return a;
  return element_size(a) >= element_size(b) ? a : b;
}

static int category(ScalarType t) {
  if (t == ScalarType::Bool) return 0;
  if (is_integral_type(t, false)) return 1;
  return 2;
}

bool can_cast(ScalarType from, ScalarType to) { return category(from) <= category(to); }

static ScalarType g_default_dtype = ScalarType::Float32;

ScalarType get_default_dtype() { return g_default_dtype; }

void set_default_dtype(ScalarType t) {
  PYT_CHECK(t == ScalarType::Float32 || t == ScalarType::Float64, TypeError,
            "set_default_dtype: only floating-point types are supported as the default type, "
            "got ", scalar_type_name(t));
  g_default_dtype = t;
}

}  // namespace pyt
