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
#include <utility>

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
// One short SSE2 vector type per lane type: Vec(Vec4f, float, __m128, ps) and
// Vec(Vec2d, double, __m128d, pd). Each operation is the single SSE2 instruction of its scalar
// IEEE operation.
#define PYT_SSE_VEC(Vec, T, R, s)                                                        \
  struct Vec {                                                                            \
    R v;                                                                                  \
    Vec() = default;                                                                      \
    Vec(T x) : v(_mm_set1_##s(x)) {} /* NOLINT: broadcast, implicit on purpose */         \
    explicit Vec(R x) : v(x) {}                                                           \
    static Vec load(const T* p) { return Vec(_mm_loadu_##s(p)); }                        \
    void store(T* p) const { _mm_storeu_##s(p, v); }                                      \
  };                                                                                      \
  inline Vec operator+(Vec a, Vec b) { return Vec(_mm_add_##s(a.v, b.v)); }               \
  inline Vec operator-(Vec a, Vec b) { return Vec(_mm_sub_##s(a.v, b.v)); }               \
  inline Vec operator*(Vec a, Vec b) { return Vec(_mm_mul_##s(a.v, b.v)); }               \
  inline Vec operator/(Vec a, Vec b) { return Vec(_mm_div_##s(a.v, b.v)); }               \
  inline Vec operator-(Vec a) { return Vec(_mm_xor_##s(a.v, _mm_set1_##s(T(-0.0)))); }    \
  inline Vec vsqrt(Vec a) { return Vec(_mm_sqrt_##s(a.v)); }                              \
  inline Vec vabs(Vec a) { return Vec(_mm_andnot_##s(_mm_set1_##s(T(-0.0)), a.v)); }      \
  inline Vec vmaximum(Vec a, Vec b) {                                                     \
    R m = _mm_or_##s(_mm_cmpunord_##s(a.v, a.v), _mm_cmpgt_##s(a.v, b.v));                \
    return Vec(_mm_or_##s(_mm_and_##s(m, a.v), _mm_andnot_##s(m, b.v)));                  \
  }

PYT_SSE_VEC(Vec4f, float, __m128, ps)
PYT_SSE_VEC(Vec2d, double, __m128d, pd)
#undef PYT_SSE_VEC

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

// Note [Optimizer loop skeleton]: the loops below share one skeleton, param_loop: per element
// (a vector V over the bulk, the scalar T over the tail) it loads the gradient gr (negated when
// MAX) and the parameter pk, applies weight decay (WD: coupled, gr += wd * pk, or with DEC
// decoupled, pk *= decay), calls update(V{}, k, gr, pk), which updates the optimizer's state
// at k and returns the new parameter value, and stores it. The functor is inlined, so each
// optimizer compiles to the same single branch-free vector loop as a hand-written one.
template <bool MAX, bool WD, bool DEC, typename T, typename Update>
inline void param_loop(T* __restrict p, const T* __restrict g, int64_t n, T wd, T decay, Update&& update) {
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
    vstore(p + k, update(tag, k, gr, pk));
  });
}

// m = lerp(m, g, w1); v = b2 v + c2 g^2 (Adam, NAdam, RAdam): stores both, returns them
template <typename V, typename T>
inline std::pair<V, V> adam_moments(T* __restrict m, T* __restrict v, int64_t k, V gr, T w1, T b2, T c2) {
  V mk = vlerp(vload<V>(m + k), gr, w1);
  vstore(m + k, mk);
  V vk = vload<V>(v + k) * V(b2);
  vk = vk + (V(c2) * gr) * gr;
  vstore(v + k, vk);
  return {mk, vk};
}

// Adam / AdamW; DEC: decoupled weight decay, AMS: amsgrad
template <bool MAX, bool WD, bool DEC, bool AMS, typename T>
PYT_OPTIM_LOOP void adam(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict v,
                         T* __restrict vmax, int64_t n, T wd, T decay, T w1, T b2, T c2, T bc2s, T ep, T nss) {
  param_loop<MAX, WD, DEC>(p, g, n, wd, decay, [&](auto tag, int64_t k, auto gr, auto pk) {
    using V = decltype(tag);
    auto [mk, vk] = adam_moments<V>(m, v, k, gr, w1, b2, c2);
    V src = vk;
    if constexpr (AMS) {
      src = vmaximum(vload<V>(vmax + k), vk);
      vstore(vmax + k, src);
    }
    V denom = vsqrt(src) / V(bc2s) + V(ep);
    return pk + (V(nss) * mk) / denom;
  });
}

template <bool MAX, bool WD, bool CEN, bool MOM, typename T>
PYT_OPTIM_LOOP void rmsprop(T* __restrict p, const T* __restrict g, T* __restrict sa, T* __restrict ga,
                            T* __restrict buf, int64_t n, T wd, T a, T a1, T ep, T mom, T nlr) {
  param_loop<MAX, WD, false>(p, g, n, wd, T(1), [&](auto tag, int64_t k, auto gr, auto pk) {
    using V = decltype(tag);
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
      return pk + V(nlr) * bv;
    } else {
      return pk + (V(nlr) * gr) / avg;
    }
  });
}

template <bool MAX, bool WD, typename T>
PYT_OPTIM_LOOP void adagrad(T* __restrict p, const T* __restrict g, T* __restrict sum, int64_t n, T wd, T ep,
                            T nclr) {
  param_loop<MAX, WD, false>(p, g, n, wd, T(1), [&](auto tag, int64_t k, auto gr, auto pk) {
    using V = decltype(tag);
    V s = vload<V>(sum + k) + (V(T(1)) * gr) * gr;
    vstore(sum + k, s);
    return pk + (V(nclr) * gr) / (vsqrt(s) + V(ep));
  });
}

template <bool MAX, bool WD, typename T>
PYT_OPTIM_LOOP void adadelta(T* __restrict p, const T* __restrict g, T* __restrict sa, T* __restrict ad, int64_t n,
                             T wd, T r, T r1, T ep, T nlr) {
  param_loop<MAX, WD, false>(p, g, n, wd, T(1), [&](auto tag, int64_t k, auto gr, auto pk) {
    using V = decltype(tag);
    V s = vload<V>(sa + k) * V(r);
    s = s + (V(r1) * gr) * gr;
    vstore(sa + k, s);
    V std_ = vsqrt(s + V(ep));
    V adk = vload<V>(ad + k);
    V delta = vsqrt(adk + V(ep));
    delta = delta / std_;
    delta = delta * gr;
    vstore(ad + k, adk * V(r) + (V(r1) * delta) * delta);
    return pk + V(nlr) * delta;
  });
}

template <bool MAX, bool WD, typename T>
PYT_OPTIM_LOOP void adamax(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict u, int64_t n, T wd,
                           T w1, T b2, T ep, T nclr) {
  param_loop<MAX, WD, false>(p, g, n, wd, T(1), [&](auto tag, int64_t k, auto gr, auto pk) {
    using V = decltype(tag);
    V mk = vlerp(vload<V>(m + k), gr, w1);
    vstore(m + k, mk);
    V uk = vmaximum(vload<V>(u + k) * V(b2), vabs(gr) + V(ep));
    vstore(u + k, uk);
    return pk + (V(nclr) * mk) / uk;
  });
}

template <bool MAX, bool WD, bool DEC, typename T>
PYT_OPTIM_LOOP void nadam(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict v, int64_t n, T wd,
                          T decay, T w1, T b2, T c2, T bc2, T ep, T cg, T ca) {
  param_loop<MAX, WD, DEC>(p, g, n, wd, decay, [&](auto tag, int64_t k, auto gr, auto pk) {
    using V = decltype(tag);
    auto [mk, vk] = adam_moments<V>(m, v, k, gr, w1, b2, c2);
    V denom = vsqrt(vk / V(bc2)) + V(ep);
    pk = pk + (V(cg) * gr) / denom;
    return pk + (V(ca) * mk) / denom;
  });
}

template <bool MAX, bool WD, bool DEC, bool RECT, typename T>
PYT_OPTIM_LOOP void radam(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict v, int64_t n, T wd,
                          T decay, T w1, T b2, T c2, T bc1, T bc2s, T ep, T lr, T rect) {
  param_loop<MAX, WD, DEC>(p, g, n, wd, decay, [&](auto tag, int64_t k, auto gr, auto pk) {
    using V = decltype(tag);
    auto [mk, vk] = adam_moments<V>(m, v, k, gr, w1, b2, c2);
    V upd = (mk / V(bc1)) * V(lr);
    if constexpr (RECT) {
      V adaptive = (V(T(1)) / (vsqrt(vk) + V(ep))) * V(bc2s);
      upd = (upd * adaptive) * V(rect);
    }
    return pk - upd;
  });
}

}  // namespace pyt::optim_loops
