#pragma once
// Elementwise loop helpers over a TensorIterator. Kernels pass a scalar lambda; the
// helpers pick a contiguous loop (which the compiler vectorizes), a loop with one
// broadcast scalar operand, or a general strided loop.
#include "pyt/ops/cpu/tensor_iterator.h"

namespace pyt {

/// out = op(a) elementwise; in_t is the input's C++ type, out_t the output's.
template <typename out_t, typename in_t, typename Op>
void unary_loop(const TensorIterator& it, Op op) {
  it.for_each([&](char** data, const int64_t* s, int64_t n) {
    auto* out = reinterpret_cast<out_t*>(data[0]);
    auto* in = reinterpret_cast<const in_t*>(data[1]);
    if (s[0] == sizeof(out_t) && s[1] == sizeof(in_t)) {
      for (int64_t i = 0; i < n; ++i) out[i] = op(in[i]);
    } else if (s[0] == sizeof(out_t) && s[1] == 0) {
      out_t v = op(in[0]);
      for (int64_t i = 0; i < n; ++i) out[i] = v;
    } else {
      for (int64_t i = 0; i < n; ++i)
        *reinterpret_cast<out_t*>(data[0] + i * s[0]) =
            op(*reinterpret_cast<const in_t*>(data[1] + i * s[1]));
    }
  });
}

/// out = f(a) elementwise, f an array function f(in, out, n) of type T (vec_math.h): contiguous
/// runs go to f directly, strided runs through a small buffer, so every element is computed by f.
template <typename T, typename F = void (*)(const T*, T*, int64_t)>
void unary_array_loop(const TensorIterator& it, F f) {
  it.for_each([&](char** data, const int64_t* s, int64_t n) {
    auto* out = reinterpret_cast<T*>(data[0]);
    auto* in = reinterpret_cast<const T*>(data[1]);
    if (s[0] == sizeof(T) && s[1] == sizeof(T)) {
      f(in, out, n);
      return;
    }
    if (s[1] == 0) {
      T v;
      f(in, &v, 1);
      for (int64_t i = 0; i < n; ++i) *reinterpret_cast<T*>(data[0] + i * s[0]) = v;
      return;
    }
    constexpr int64_t kBuf = 256;
    T buf[kBuf];
    for (int64_t i0 = 0; i0 < n; i0 += kBuf) {
      int64_t m = n - i0 < kBuf ? n - i0 : kBuf;
      for (int64_t i = 0; i < m; ++i) buf[i] = *reinterpret_cast<const T*>(data[1] + (i0 + i) * s[1]);
      f(buf, buf, m);
      for (int64_t i = 0; i < m; ++i) *reinterpret_cast<T*>(data[0] + (i0 + i) * s[0]) = buf[i];
    }
  });
}

/// out = f(a, b) elementwise, f an array function f(a, b, out, n) of type T (vec_math.h):
/// contiguous runs go to f directly, other runs (broadcast or strided operands) through small
/// buffers, so every element is computed by f.
template <typename T, typename F>
void binary_array_loop(const TensorIterator& it, F f) {
  it.for_each([&](char** data, const int64_t* s, int64_t n) {
    if (s[0] == sizeof(T) && s[1] == sizeof(T) && s[2] == sizeof(T)) {
      f(reinterpret_cast<const T*>(data[1]), reinterpret_cast<const T*>(data[2]), reinterpret_cast<T*>(data[0]), n);
      return;
    }
    constexpr int64_t kBuf = 256;
    T ba[kBuf], bb[kBuf], bo[kBuf];
    for (int64_t i0 = 0; i0 < n; i0 += kBuf) {
      int64_t m = n - i0 < kBuf ? n - i0 : kBuf;
      for (int64_t i = 0; i < m; ++i) {
        ba[i] = *reinterpret_cast<const T*>(data[1] + (i0 + i) * s[1]);
        bb[i] = *reinterpret_cast<const T*>(data[2] + (i0 + i) * s[2]);
      }
      f(ba, bb, bo, m);
      for (int64_t i = 0; i < m; ++i) *reinterpret_cast<T*>(data[0] + (i0 + i) * s[0]) = bo[i];
    }
  });
}

/// out = op(a, b) elementwise.
template <typename out_t, typename in_t, typename Op>
void binary_loop(const TensorIterator& it, Op op) {
  it.for_each([&](char** data, const int64_t* s, int64_t n) {
    auto* out = reinterpret_cast<out_t*>(data[0]);
    auto* a = reinterpret_cast<const in_t*>(data[1]);
    auto* b = reinterpret_cast<const in_t*>(data[2]);
    constexpr int64_t so = sizeof(out_t), si = sizeof(in_t);
    if (s[0] == so && s[1] == si && s[2] == si) {
      for (int64_t i = 0; i < n; ++i) out[i] = op(a[i], b[i]);
    } else if (s[0] == so && s[1] == si && s[2] == 0) {
      const in_t bv = b[0];
      for (int64_t i = 0; i < n; ++i) out[i] = op(a[i], bv);
    } else if (s[0] == so && s[1] == 0 && s[2] == si) {
      const in_t av = a[0];
      for (int64_t i = 0; i < n; ++i) out[i] = op(av, b[i]);
    } else {
      for (int64_t i = 0; i < n; ++i)
        *reinterpret_cast<out_t*>(data[0] + i * s[0]) =
            op(*reinterpret_cast<const in_t*>(data[1] + i * s[1]),
               *reinterpret_cast<const in_t*>(data[2] + i * s[2]));
    }
  });
}

/// out = op(a, b, c) elementwise (a, b, c of types A, B, C).
template <typename out_t, typename A, typename B, typename C, typename Op>
void ternary_loop(const TensorIterator& it, Op op) {
  it.for_each([&](char** data, const int64_t* s, int64_t n) {
    if (s[0] == sizeof(out_t) && s[1] == sizeof(A) && s[2] == sizeof(B) && s[3] == sizeof(C)) {
      auto* out = reinterpret_cast<out_t*>(data[0]);
      auto* a = reinterpret_cast<const A*>(data[1]);
      auto* b = reinterpret_cast<const B*>(data[2]);
      auto* c = reinterpret_cast<const C*>(data[3]);
      for (int64_t i = 0; i < n; ++i) out[i] = op(a[i], b[i], c[i]);
      return;
    }
    if (s[0] == sizeof(out_t) && s[1] == sizeof(A) && s[2] == sizeof(B) && s[3] == 0) {
      auto* out = reinterpret_cast<out_t*>(data[0]);
      auto* a = reinterpret_cast<const A*>(data[1]);
      auto* b = reinterpret_cast<const B*>(data[2]);
      const C c = *reinterpret_cast<const C*>(data[3]);
      for (int64_t i = 0; i < n; ++i) out[i] = op(a[i], b[i], c);
      return;
    }
    for (int64_t i = 0; i < n; ++i)
      *reinterpret_cast<out_t*>(data[0] + i * s[0]) =
          op(*reinterpret_cast<const A*>(data[1] + i * s[1]), *reinterpret_cast<const B*>(data[2] + i * s[2]),
             *reinterpret_cast<const C*>(data[3] + i * s[3]));
  });
}

}  // namespace pyt
