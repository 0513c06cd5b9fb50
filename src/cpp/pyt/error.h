#pragma once
// Errors. PYT_CHECK blames the caller (bad arguments) and is always on;
// PYT_INTERNAL_ASSERT blames pyt itself. The error classes map one to one onto
// the Python exception types torch raises for the same mistake.
#include <sstream>
#include <stdexcept>
#include <string>

#include "pyt/export.h"

namespace pyt {

/// Base class of every error pyt throws. what() is the full message.
class PYT_API Error : public std::runtime_error {
 public:
  explicit Error(const std::string& msg) : std::runtime_error(msg) {}
};
/// Maps to Python's RuntimeError (shape mismatch, wrong state, unsupported dtype).
class PYT_API RuntimeError : public Error { using Error::Error; };
/// Maps to Python's IndexError (index or dim out of range).
class PYT_API IndexError : public Error { using Error::Error; };
/// Maps to Python's TypeError (argument of the wrong kind or dtype).
class PYT_API TypeError : public Error { using Error::Error; };
/// Maps to Python's ValueError (argument value out of its domain).
class PYT_API ValueError : public Error { using Error::Error; };
/// Maps to Python's NotImplementedError (op has no kernel for a dtype/device).
class PYT_API NotImplementedError : public Error { using Error::Error; };

namespace detail {
inline void str_into(std::ostringstream&) {}
template <typename T, typename... Rest>
void str_into(std::ostringstream& os, const T& v, const Rest&... rest) {
  os << v;
  str_into(os, rest...);
}
}  // namespace detail

/// Concatenates the streamed representation of every argument.
template <typename... Args>
std::string str(const Args&... args) {
  std::ostringstream os;
  detail::str_into(os, args...);
  return os.str();
}

}  // namespace pyt

/// PYT_CHECK(cond, ErrorClass, message parts...): throws pyt::ErrorClass with the
/// concatenated message when cond is false. Use for user errors, of the form
/// "op: expected ..., got ...".
#define PYT_CHECK(cond, ErrorClass, ...)                 \
  do {                                                   \
    if (!(cond)) {                                       \
      throw ::pyt::ErrorClass(::pyt::str(__VA_ARGS__)); \
    }                                                    \
  } while (0)

/// PYT_INTERNAL_ASSERT(cond, ...): an invariant of pyt itself; failure is a pyt bug.
#define PYT_INTERNAL_ASSERT(cond, ...)                                                  \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      throw ::pyt::RuntimeError(::pyt::str("pyt internal error at ", __FILE__, ":",   \
                                           __LINE__, ": ", #cond, " ", ##__VA_ARGS__, \
                                           " (please report a bug)"));                 \
    }                                                                                   \
  } while (0)
