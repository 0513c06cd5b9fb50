#pragma once
// Element loops of the fused optimizer updates (ops/optim.cpp, ops/optim2.cpp).
//
// Each loop runs over one contiguous range of one parameter and its state. The options
// that change the arithmetic (maximize, weight decay, momentum, ...) are template
// parameters, so that the loop body has no branches and the compiler vectorizes it; the
// pointers are restrict (a parameter, its gradient and its state never overlap). On x86-64
// with GCC each loop is also compiled for AVX2 and picked at load time (target_clones);
// without FMA, so every element sees exactly the scalar sequence of IEEE operations
// (Note [Fused optimizer arithmetic] in optim2.cpp).
#include <cmath>
#include <cstdint>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define PYT_OPTIM_LOOP __attribute__((target_clones("avx2", "default")))
#else
#define PYT_OPTIM_LOOP
#endif

namespace pyt::optim_loops {

// Calls f(std::integral_constant<bool, b>...) for the runtime flags b..., so that the element
// loops get them as template parameters (read them with PYT_FLAG).
template <typename F>
void with_flags(F&& f) {
  f();
}
template <typename F, typename... Rest>
void with_flags(F&& f, bool b, Rest... rest) {
  if (b)
    with_flags([&](auto... fl) { f(std::true_type{}, fl...); }, rest...);
  else
    with_flags([&](auto... fl) { f(std::false_type{}, fl...); }, rest...);
}

#define PYT_FLAG(X) decltype(X)::value

// Note [Optimizer SIMD]: GCC does not vectorize loops that call std::sqrt unless
// -fno-math-errno (the errno path is a branch), so the loops with a square root are written
// once over a value type V that is either the scalar T or a short SSE2 vector (Vec4f, Vec2d),
// and run with V over the bulk of the range and with T over the tail. Every vector operation
// is the IEEE operation of the scalar code (_mm_sqrt_ps is correctly rounded, negation flips
// the sign bit), so both give the same bits.
template <typename T>
struct VecOf {
  using type = T;
  static constexpr int size = 1;
};

inline float vsqrt(float x) { return std::sqrt(x); }
inline double vsqrt(double x) { return std::sqrt(x); }
inline float vabs(float x) { return std::abs(x); }
inline double vabs(double x) { return std::abs(x); }
template <typename T>
inline T vmaximum(T a, T b) {  // torch.maximum: NaN propagates
  return (a != a || a > b) ? a : b;
}

#if defined(__SSE2__)
struct Vec4f {
  __m128 v;
  Vec4f() = default;
  Vec4f(float x) : v(_mm_set1_ps(x)) {}  // NOLINT: broadcast, implicit on purpose
  explicit Vec4f(__m128 x) : v(x) {}
  static Vec4f load(const float* p) { return Vec4f(_mm_loadu_ps(p)); }
  void store(float* p) const { _mm_storeu_ps(p, v); }
};
inline Vec4f operator+(Vec4f a, Vec4f b) { return Vec4f(_mm_add_ps(a.v, b.v)); }
inline Vec4f operator-(Vec4f a, Vec4f b) { return Vec4f(_mm_sub_ps(a.v, b.v)); }
inline Vec4f operator*(Vec4f a, Vec4f b) { return Vec4f(_mm_mul_ps(a.v, b.v)); }
inline Vec4f operator/(Vec4f a, Vec4f b) { return Vec4f(_mm_div_ps(a.v, b.v)); }
inline Vec4f operator-(Vec4f a) { return Vec4f(_mm_xor_ps(a.v, _mm_set1_ps(-0.0f))); }
inline Vec4f vsqrt(Vec4f a) { return Vec4f(_mm_sqrt_ps(a.v)); }
inline Vec4f vabs(Vec4f a) { return Vec4f(_mm_andnot_ps(_mm_set1_ps(-0.0f), a.v)); }
inline Vec4f vmaximum(Vec4f a, Vec4f b) {
  __m128 m = _mm_or_ps(_mm_cmpunord_ps(a.v, a.v), _mm_cmpgt_ps(a.v, b.v));
  return Vec4f(_mm_or_ps(_mm_and_ps(m, a.v), _mm_andnot_ps(m, b.v)));
}

struct Vec2d {
  __m128d v;
  Vec2d() = default;
  Vec2d(double x) : v(_mm_set1_pd(x)) {}  // NOLINT: broadcast, implicit on purpose
  explicit Vec2d(__m128d x) : v(x) {}
  static Vec2d load(const double* p) { return Vec2d(_mm_loadu_pd(p)); }
  void store(double* p) const { _mm_storeu_pd(p, v); }
};
inline Vec2d operator+(Vec2d a, Vec2d b) { return Vec2d(_mm_add_pd(a.v, b.v)); }
inline Vec2d operator-(Vec2d a, Vec2d b) { return Vec2d(_mm_sub_pd(a.v, b.v)); }
inline Vec2d operator*(Vec2d a, Vec2d b) { return Vec2d(_mm_mul_pd(a.v, b.v)); }
inline Vec2d operator/(Vec2d a, Vec2d b) { return Vec2d(_mm_div_pd(a.v, b.v)); }
inline Vec2d operator-(Vec2d a) { return Vec2d(_mm_xor_pd(a.v, _mm_set1_pd(-0.0))); }
inline Vec2d vsqrt(Vec2d a) { return Vec2d(_mm_sqrt_pd(a.v)); }
inline Vec2d vabs(Vec2d a) { return Vec2d(_mm_andnot_pd(_mm_set1_pd(-0.0), a.v)); }
inline Vec2d vmaximum(Vec2d a, Vec2d b) {
  __m128d m = _mm_or_pd(_mm_cmpunord_pd(a.v, a.v), _mm_cmpgt_pd(a.v, b.v));
  return Vec2d(_mm_or_pd(_mm_and_pd(m, a.v), _mm_andnot_pd(m, b.v)));
}

template <>
struct VecOf<float> {
  using type = Vec4f;
  static constexpr int size = 4;
};
template <>
struct VecOf<double> {
  using type = Vec2d;
  static constexpr int size = 2;
};
#endif

template <typename V, typename T>
inline V vload(const T* p) {
  if constexpr (std::is_same_v<V, T>)
    return *p;
  else
    return V::load(p);
}
template <typename V, typename T>
inline void vstore(T* p, V x) {
  if constexpr (std::is_same_v<V, T>)
    *p = x;
  else
    x.store(p);
}

// torch's lerp with a uniform weight w (the branch is on the scalar)
template <typename V, typename T>
inline V vlerp(V self, V end, T w) {
  return w < T(0.5) ? self + V(w) * (end - self) : end - (end - self) * V(T(1) - w);
}

// body(V{}, k) over [0, n) in vector steps, then body(T{}, k) over the tail
template <typename T, typename Body>
inline void simd_loop(int64_t n, Body&& body) {
  using V = typename VecOf<T>::type;
  constexpr int L = VecOf<T>::size;
  int64_t k = 0;
  if constexpr (L > 1)
    for (; k + L <= n; k += L) body(V{}, k);
  for (; k < n; ++k) body(T{}, k);
}

template <bool MAX, bool WD, typename T>
inline T grad_at(const T* __restrict g, const T* __restrict p, int64_t k, T wd) {
  T gr = MAX ? -g[k] : g[k];
  if constexpr (WD) gr = gr + wd * p[k];
  return gr;
}

// SGD; MOM: momentum != 0, FIRST: the buffer is created from this gradient
template <bool MAX, bool WD, bool MOM, bool FIRST, bool NEST, typename T>
PYT_OPTIM_LOOP void sgd(T* __restrict p, const T* __restrict g, T* __restrict buf, int64_t n, T wd, T mom,
                        T damp1, T nlr) {
  for (int64_t k = 0; k < n; ++k) {
    T d = grad_at<MAX, WD>(g, p, k, wd);
    if constexpr (MOM) {
      T bv;
      if constexpr (FIRST)
        bv = d;
      else
        bv = buf[k] * mom + damp1 * d;
      buf[k] = bv;
      if constexpr (NEST)
        d = d + mom * bv;
      else
        d = bv;
    }
    p[k] = p[k] + nlr * d;
  }
}

// Adam / AdamW; DEC: decoupled weight decay, AMS: amsgrad
template <bool MAX, bool WD, bool DEC, bool AMS, typename T>
PYT_OPTIM_LOOP void adam(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict v,
                         T* __restrict vmax, int64_t n, T wd, T decay, T w1, T b2, T c2, T bc2s, T ep, T nss) {
  simd_loop<T>(n, [&](auto tag, int64_t k) {
    using V = decltype(tag);
    V gr = vload<V>(g + k);
    if constexpr (MAX) gr = -gr;
    V pk = vload<V>(p + k);
    if constexpr (WD) {
      if constexpr (DEC)
        pk = pk * V(decay);
      else
        gr = gr + V(wd) * pk;
    }
    V mk = vlerp(vload<V>(m + k), gr, w1);
    vstore(m + k, mk);
    V vk = vload<V>(v + k) * V(b2);
    vk = vk + (V(c2) * gr) * gr;
    vstore(v + k, vk);
    V src = vk;
    if constexpr (AMS) {
      src = vmaximum(vload<V>(vmax + k), vk);
      vstore(vmax + k, src);
    }
    V denom = vsqrt(src) / V(bc2s) + V(ep);
    vstore(p + k, pk + (V(nss) * mk) / denom);
  });
}

template <bool MAX, bool WD, bool CEN, bool MOM, typename T>
PYT_OPTIM_LOOP void rmsprop(T* __restrict p, const T* __restrict g, T* __restrict sa, T* __restrict ga,
                            T* __restrict buf, int64_t n, T wd, T a, T a1, T ep, T mom, T nlr) {
  simd_loop<T>(n, [&](auto tag, int64_t k) {
    using V = decltype(tag);
    V gr = vload<V>(g + k);
    if constexpr (MAX) gr = -gr;
    if constexpr (WD) gr = gr + V(wd) * vload<V>(p + k);
    V s = vload<V>(sa + k) * V(a);
    s = s + (V(a1) * gr) * gr;
    vstore(sa + k, s);
    V avg;
    if constexpr (CEN) {
      V gak = vlerp(vload<V>(ga + k), gr, a1);
      vstore(ga + k, gak);
      avg = vsqrt(s + (V(T(-1)) * gak) * gak);
    } else {
      avg = vsqrt(s);
    }
    avg = avg + V(ep);
    if constexpr (MOM) {
      V bv = vload<V>(buf + k) * V(mom);
      bv = bv + gr / avg;
      vstore(buf + k, bv);
      vstore(p + k, vload<V>(p + k) + V(nlr) * bv);
    } else {
      vstore(p + k, vload<V>(p + k) + (V(nlr) * gr) / avg);
    }
  });
}

template <bool MAX, bool WD, typename T>
PYT_OPTIM_LOOP void adagrad(T* __restrict p, const T* __restrict g, T* __restrict sum, int64_t n, T wd, T ep,
                            T nclr) {
  simd_loop<T>(n, [&](auto tag, int64_t k) {
    using V = decltype(tag);
    V gr = vload<V>(g + k);
    if constexpr (MAX) gr = -gr;
    V pk = vload<V>(p + k);
    if constexpr (WD) gr = gr + V(wd) * pk;
    V s = vload<V>(sum + k) + (V(T(1)) * gr) * gr;
    vstore(sum + k, s);
    vstore(p + k, pk + (V(nclr) * gr) / (vsqrt(s) + V(ep)));
  });
}

template <bool MAX, bool WD, typename T>
PYT_OPTIM_LOOP void adadelta(T* __restrict p, const T* __restrict g, T* __restrict sa, T* __restrict ad, int64_t n,
                             T wd, T r, T r1, T ep, T nlr) {
  simd_loop<T>(n, [&](auto tag, int64_t k) {
    using V = decltype(tag);
    V gr = vload<V>(g + k);
    if constexpr (MAX) gr = -gr;
    V pk = vload<V>(p + k);
    if constexpr (WD) gr = gr + V(wd) * pk;
    V s = vload<V>(sa + k) * V(r);
    s = s + (V(r1) * gr) * gr;
    vstore(sa + k, s);
    V std_ = vsqrt(s + V(ep));
    V adk = vload<V>(ad + k);
    V delta = vsqrt(adk + V(ep));
    delta = delta / std_;
    delta = delta * gr;
    vstore(ad + k, adk * V(r) + (V(r1) * delta) * delta);
    vstore(p + k, pk + V(nlr) * delta);
  });
}

template <bool MAX, bool WD, typename T>
PYT_OPTIM_LOOP void adamax(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict u, int64_t n, T wd,
                           T w1, T b2, T ep, T nclr) {
  simd_loop<T>(n, [&](auto tag, int64_t k) {
    using V = decltype(tag);
    V gr = vload<V>(g + k);
    if constexpr (MAX) gr = -gr;
    V pk = vload<V>(p + k);
    if constexpr (WD) gr = gr + V(wd) * pk;
    V mk = vlerp(vload<V>(m + k), gr, w1);
    vstore(m + k, mk);
    V uk = vmaximum(vload<V>(u + k) * V(b2), vabs(gr) + V(ep));
    vstore(u + k, uk);
    vstore(p + k, pk + (V(nclr) * mk) / uk);
  });
}

template <bool MAX, bool WD, bool DEC, typename T>
PYT_OPTIM_LOOP void nadam(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict v, int64_t n, T wd,
                          T decay, T w1, T b2, T c2, T bc2, T ep, T cg, T ca) {
  simd_loop<T>(n, [&](auto tag, int64_t k) {
    using V = decltype(tag);
    V gr = vload<V>(g + k);
    if constexpr (MAX) gr = -gr;
    V pk = vload<V>(p + k);
    if constexpr (WD) {
      if constexpr (DEC)
        pk = pk * V(decay);
      else
        gr = gr + V(wd) * pk;
    }
    V mk = vlerp(vload<V>(m + k), gr, w1);
    vstore(m + k, mk);
    V vk = vload<V>(v + k) * V(b2);
    vk = vk + (V(c2) * gr) * gr;
    vstore(v + k, vk);
    V denom = vsqrt(vk / V(bc2)) + V(ep);
    pk = pk + (V(cg) * gr) / denom;
    vstore(p + k, pk + (V(ca) * mk) / denom);
  });
}

template <bool MAX, bool WD, bool DEC, bool RECT, typename T>
PYT_OPTIM_LOOP void radam(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict v, int64_t n, T wd,
                          T decay, T w1, T b2, T c2, T bc1, T bc2s, T ep, T lr, T rect) {
  simd_loop<T>(n, [&](auto tag, int64_t k) {
    using V = decltype(tag);
    V gr = vload<V>(g + k);
    if constexpr (MAX) gr = -gr;
    V pk = vload<V>(p + k);
    if constexpr (WD) {
      if constexpr (DEC)
        pk = pk * V(decay);
      else
        gr = gr + V(wd) * pk;
    }
    V mk = vlerp(vload<V>(m + k), gr, w1);
    vstore(m + k, mk);
    V vk = vload<V>(v + k) * V(b2);
    vk = vk + (V(c2) * gr) * gr;
    vstore(v + k, vk);
    V upd = (mk / V(bc1)) * V(lr);
    if constexpr (RECT) {
      V adaptive = (V(T(1)) / (vsqrt(vk) + V(ep))) * V(bc2s);
      upd = (upd * adaptive) * V(rect);
    }
    vstore(p + k, pk - upd);
  });
}

}  // namespace pyt::optim_loops
