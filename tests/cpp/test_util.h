#pragma once
// A tiny test harness for the C++ tests of the core: TEST cases register themselves,
// CHECK* macros record failures (with file:line) and let the case go on, and
// PYT_TEST_MAIN() runs every case (or those named on the command line) and returns 1 if
// any failed. Uses only the public API (pyt/pyt.h).
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "pyt/pyt.h"

namespace pyt_test {

struct Case {
  const char* name;
  void (*fn)();
};

inline std::vector<Case>& registry() {
  static std::vector<Case> cases;
  return cases;
}

inline int& failures() {
  static int n = 0;
  return n;
}

struct Registrar {
  Registrar(const char* name, void (*fn)()) { registry().push_back({name, fn}); }
};

inline void fail(const char* file, int line, const std::string& what) {
  ++failures();
  std::printf("    FAILED at %s:%d: %s\n", file, line, what.c_str());
}

template <typename T>
std::string to_str(const T& v) {
  std::ostringstream os;
  os << v;
  return os.str();
}
inline std::string to_str(pyt::ScalarType t) { return pyt::scalar_type_name(t); }
inline std::string to_str(bool b) { return b ? "true" : "false"; }

template <typename A, typename B>
std::string describe_pair(const A& a, const B& b) {
  return to_str(a) + " vs " + to_str(b);
}

// A tensor of the given values (row-major) and sizes; the C++ API has no literal factory.
inline pyt::Tensor make(const std::vector<double>& v, std::vector<int64_t> sizes = {},
                        pyt::ScalarType dtype = pyt::ScalarType::Float32) {
  if (sizes.empty()) sizes = {static_cast<int64_t>(v.size())};
  pyt::Tensor t = pyt::empty(sizes, pyt::ScalarType::Float64);
  double* p = t.data_ptr<double>();
  for (size_t i = 0; i < v.size(); ++i) p[i] = v[i];
  return pyt::to_dtype(t, dtype);
}

// Values of a tensor converted to double, in row-major order (any dtype, any strides).
inline std::vector<double> values(const pyt::Tensor& t) {
  pyt::Tensor c = pyt::contiguous(pyt::to_dtype(t, pyt::ScalarType::Float64));
  const double* p = c.data_ptr<double>();
  return std::vector<double>(p, p + c.numel());
}

inline std::string join(const std::vector<double>& v) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < v.size(); ++i) os << (i ? ", " : "") << v[i];
  os << "]";
  return os.str();
}

inline std::string join(const std::vector<int64_t>& v) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < v.size(); ++i) os << (i ? ", " : "") << v[i];
  os << "]";
  return os.str();
}

// True when t's values equal want (row-major) within atol + rtol * |want|.
inline bool all_close(const pyt::Tensor& t, const std::vector<double>& want, double atol,
                      double rtol, std::string* why) {
  std::vector<double> got = values(t);
  if (got.size() != want.size()) {
    *why = "got " + std::to_string(got.size()) + " elements, expected " + std::to_string(want.size());
    return false;
  }
  for (size_t i = 0; i < got.size(); ++i) {
    bool both_nan = std::isnan(got[i]) && std::isnan(want[i]);
    if (!both_nan && !(std::fabs(got[i] - want[i]) <= atol + rtol * std::fabs(want[i]))) {
      *why = "element " + std::to_string(i) + ": got " + join(got) + ", expected " + join(want);
      return false;
    }
  }
  return true;
}

inline int run_all(int argc, char** argv) {
  int failed_cases = 0, ran = 0;
  for (const Case& c : registry()) {
    if (argc > 1) {
      bool wanted = false;
      for (int i = 1; i < argc; ++i) wanted |= std::strcmp(argv[i], c.name) == 0;
      if (!wanted) continue;
    }
    ++ran;
    int before = failures();
    std::printf("[ RUN  ] %s\n", c.name);
    try {
      c.fn();
    } catch (const std::exception& e) {
      fail(__FILE__, __LINE__, std::string("unexpected exception: ") + e.what());
    }
    bool ok = failures() == before;
    failed_cases += ok ? 0 : 1;
    std::printf("[ %s ] %s\n", ok ? " OK " : "FAIL", c.name);
  }
  std::printf("%d of %d cases passed\n", ran - failed_cases, ran);
  if (ran == 0) {
    std::printf("no case matched the names given\n");
    return 1;
  }
  return failed_cases ? 1 : 0;
}

}  // namespace pyt_test

#define PYT_TEST_CONCAT_(a, b) a##b
#define PYT_TEST_CONCAT(a, b) PYT_TEST_CONCAT_(a, b)

/// TEST(name) { ... }: defines and registers a test case.
#define TEST(name)                                                                    \
  static void name();                                                                 \
  static ::pyt_test::Registrar PYT_TEST_CONCAT(pyt_test_registrar_, name)(#name, name); \
  static void name()

/// Runs every registered case; put once at the end of each test file.
#define PYT_TEST_MAIN() \
  int main(int argc, char** argv) { return ::pyt_test::run_all(argc, argv); }

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) ::pyt_test::fail(__FILE__, __LINE__, "CHECK(" #cond ")"); \
  } while (0)

#define CHECK_EQ(a, b)                                                                       \
  do {                                                                                       \
    auto&& pyt_a_ = (a);                                                                     \
    auto&& pyt_b_ = (b);                                                                     \
    if (!(pyt_a_ == pyt_b_))                                                                 \
      ::pyt_test::fail(__FILE__, __LINE__,                                                   \
                       std::string("CHECK_EQ(" #a ", " #b "): ") +                           \
                           ::pyt_test::describe_pair(pyt_a_, pyt_b_));                       \
  } while (0)

/// CHECK_SIZES(t, {2, 3}): t's sizes equal the list.
#define CHECK_SIZES(t, ...)                                                                  \
  do {                                                                                       \
    std::vector<int64_t> pyt_want_ = __VA_ARGS__;                                            \
    if ((t).sizes() != pyt_want_)                                                            \
      ::pyt_test::fail(__FILE__, __LINE__,                                                   \
                       "sizes of " #t ": got " + ::pyt_test::join((t).sizes()) +             \
                           ", expected " + ::pyt_test::join(pyt_want_));                     \
  } while (0)

/// CHECK_STRIDES(t, {3, 1}).
#define CHECK_STRIDES(t, ...)                                                                \
  do {                                                                                       \
    std::vector<int64_t> pyt_want_ = __VA_ARGS__;                                            \
    if ((t).strides() != pyt_want_)                                                          \
      ::pyt_test::fail(__FILE__, __LINE__,                                                   \
                       "strides of " #t ": got " + ::pyt_test::join((t).strides()) +         \
                           ", expected " + ::pyt_test::join(pyt_want_));                     \
  } while (0)

/// CHECK_VALUES(t, {1, 2, 3}): t's values (row-major) equal the list exactly.
#define CHECK_VALUES(t, ...) CHECK_CLOSE(t, 0.0, 0.0, __VA_ARGS__)

/// CHECK_CLOSE(t, atol, rtol, {1, 2, 3}).
#define CHECK_CLOSE(t, atol, rtol, ...)                                                      \
  do {                                                                                       \
    std::vector<double> pyt_want_ = __VA_ARGS__;                                             \
    std::string pyt_why_;                                                                    \
    if (!::pyt_test::all_close((t), pyt_want_, (atol), (rtol), &pyt_why_))                   \
      ::pyt_test::fail(__FILE__, __LINE__, "values of " #t ": " + pyt_why_);                 \
  } while (0)

/// CHECK_THROWS(stmt, pyt::IndexError, "out of range"): stmt throws exactly that class (or
/// a subclass) and the message contains the key word.
#define CHECK_THROWS(stmt, ErrorClass, keyword)                                              \
  do {                                                                                       \
    bool pyt_thrown_ = false;                                                                \
    try {                                                                                    \
      stmt;                                                                                  \
    } catch (const ErrorClass& e) {                                                          \
      pyt_thrown_ = true;                                                                    \
      if (std::string(e.what()).find(keyword) == std::string::npos)                          \
        ::pyt_test::fail(__FILE__, __LINE__,                                                 \
                         std::string(#stmt " threw " #ErrorClass " without \"") + (keyword) + \
                             "\" in: " + e.what());                                          \
    } catch (const std::exception& e) {                                                      \
      pyt_thrown_ = true;                                                                    \
      ::pyt_test::fail(__FILE__, __LINE__,                                                   \
                       std::string(#stmt " threw the wrong error type: ") + e.what());       \
    }                                                                                        \
    if (!pyt_thrown_)                                                                        \
      ::pyt_test::fail(__FILE__, __LINE__, #stmt " did not throw " #ErrorClass);             \
  } while (0)
