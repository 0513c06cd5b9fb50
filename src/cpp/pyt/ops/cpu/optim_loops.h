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
//
// Note [Reduced-precision optimizer steps]: float16 and bfloat16 parameters run the same
// loops with the compute type float (opmath_t), one element at a time, rounding to the
// parameter's dtype once per torch op (rd, add_alpha, add_scalar), as torch's single-tensor
// implementation does on the CPU: each op computes in float and stores a half tensor.
// torch's op-level rules, which the helpers below follow: a tensor-scalar mul/div and
// addcmul/addcdiv/lerp take their scalar in float; add(x, alpha=a) casts a to the dtype and
// computes fma(a, x, self) in float; add(scalar) casts the scalar to the dtype (so eps=1e-8 is
// 0 in float16, as in torch); lerp is fma(w, end - self, self) (w < 0.5) or
// fma(w - 1, end - self, end). For float and double every helper is the identity or the plain
// IEEE expression, so those loops are unchanged.
#include <cmath>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "pyt/dtype.h"

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

// The type the loops compute in: float for the 16-bit floating types, else the type itself.
template <typename T>
struct OpMath {
  using type = T;
};
template <>
struct OpMath<Half> {
  using type = float;
};
template <>
struct OpMath<BFloat16> {
  using type = float;
};
template <typename T>
using opmath_t = typename OpMath<T>::type;
template <typename T>
constexpr bool is_reduced_v = !std::is_same_v<T, opmath_t<T>>;

// The result of one torch op on a tensor of dtype T: rounded to T for the 16-bit types.
template <typename T, typename V>
inline V rd(V x) {
  if constexpr (is_reduced_v<T>)
    return static_cast<float>(T(x));
  else
    return x;
}

// A scalar as torch casts it to the tensor's dtype T (add's alpha, add(scalar)).
template <typename T, typename C>
inline C to_dtype(C x) {
  return rd<T>(x);
}

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
  else if constexpr (std::is_arithmetic_v<V>)
    return static_cast<V>(*p);  // a 16-bit type widened to float
  else
    return V::load(p);
}
template <typename V, typename T>
inline void vstore(T* p, V x) {
  if constexpr (std::is_same_v<V, T>)
    *p = x;
  else if constexpr (std::is_arithmetic_v<V>)
    *p = T(x);
  else
    x.store(p);
}

// torch's lerp with a uniform weight w (the branch is on the scalar), one op on dtype T
template <typename T, typename V, typename C>
inline V vlerp(V self, V end, C w) {
  if constexpr (is_reduced_v<T>)
    return rd<T>(w < C(0.5) ? std::fma(w, end - self, self) : std::fma(w - C(1), end - self, end));
  else
    return w < C(0.5) ? self + V(w) * (end - self) : end - (end - self) * V(C(1) - w);
}

// x.add(y, alpha=a) on dtype T
template <typename T, typename V, typename C>
inline V add_alpha(V x, C a, V y) {
  if constexpr (is_reduced_v<T>)
    return rd<T>(std::fma(to_dtype<T>(a), y, x));
  else
    return x + V(a) * y;
}

// x.add(s) on dtype T
template <typename T, typename V, typename C>
inline V add_scalar(V x, C s) {
  return rd<T>(x + V(to_dtype<T>(s)));
}

// body(V{}, k) over [0, n) in vector steps, then body(opmath_t<T>{}, k) over the tail
template <typename T, typename Body>
inline void simd_loop(int64_t n, Body&& body) {
  using V = typename VecOf<T>::type;
  constexpr int L = VecOf<T>::size;
  int64_t k = 0;
  if constexpr (L > 1)
    for (; k + L <= n; k += L) body(V{}, k);
  for (; k < n; ++k) body(opmath_t<T>{}, k);
}

// SGD; MOM: momentum != 0, FIRST: the buffer is created from this gradient
template <bool MAX, bool WD, bool MOM, bool FIRST, bool NEST, typename T, typename C = opmath_t<T>>
PYT_OPTIM_LOOP void sgd(T* __restrict p, const T* __restrict g, T* __restrict buf, int64_t n, opmath_t<T> wd,
                        opmath_t<T> mom, opmath_t<T> damp1, opmath_t<T> nlr) {
  for (int64_t k = 0; k < n; ++k) {
    C d = vload<C>(g + k);
    if constexpr (MAX) d = -d;
    if constexpr (WD) d = add_alpha<T>(d, wd, vload<C>(p + k));
    if constexpr (MOM) {
      C bv;
      if constexpr (FIRST)
        bv = d;
      else
        bv = add_alpha<T>(rd<T>(vload<C>(buf + k) * mom), damp1, d);
      vstore(buf + k, bv);
      if constexpr (NEST)
        d = add_alpha<T>(d, mom, bv);
      else
        d = bv;
    }
    vstore(p + k, add_alpha<T>(vload<C>(p + k), nlr, d));
  }
}

// Note [Optimizer loop skeleton]: the loops below share one skeleton, param_loop: per element
// (a vector V over the bulk, the scalar T over the tail) it loads the gradient gr (negated when
// MAX) and the parameter pk, applies weight decay (WD: coupled, gr += wd * pk, or with DEC
// decoupled, pk *= decay), calls update(V{}, k, gr, pk), which updates the optimizer's state
// at k and returns the new parameter value, and stores it. The functor is inlined, so each
// optimizer compiles to the same single branch-free vector loop as a hand-written one.
template <bool MAX, bool WD, bool DEC, typename T, typename C, typename Update>
inline void param_loop(T* __restrict p, const T* __restrict g, int64_t n, C wd, C decay, Update&& update) {
  simd_loop<T>(n, [&](auto tag, int64_t k) {
    using V = decltype(tag);
    V gr = vload<V>(g + k);
    if constexpr (MAX) gr = -gr;
    V pk = vload<V>(p + k);
    if constexpr (WD) {
      if constexpr (DEC)
        pk = rd<T>(pk * V(decay));
      else
        gr = add_alpha<T>(gr, wd, pk);
    }
    vstore(p + k, update(tag, k, gr, pk));
  });
}

// m = lerp(m, g, w1); v = b2 v + c2 g^2 (Adam, NAdam, RAdam): stores both, returns them
template <typename V, typename T, typename C>
inline std::pair<V, V> adam_moments(T* __restrict m, T* __restrict v, int64_t k, V gr, C w1, C b2, C c2) {
  V mk = vlerp<T>(vload<V>(m + k), gr, w1);
  vstore(m + k, mk);
  V vk = rd<T>(vload<V>(v + k) * V(b2));
  vk = rd<T>(vk + (V(c2) * gr) * gr);
  vstore(v + k, vk);
  return {mk, vk};
}

// Adam / AdamW; DEC: decoupled weight decay, AMS: amsgrad
template <bool MAX, bool WD, bool DEC, bool AMS, typename T, typename C = opmath_t<T>>
PYT_OPTIM_LOOP void adam(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict v,
                         T* __restrict vmax, int64_t n, C wd, C decay, C w1, C b2, C c2, C bc2s, C ep, C nss) {
  param_loop<MAX, WD, DEC>(p, g, n, wd, decay, [&](auto tag, int64_t k, auto gr, auto pk) {
    using V = decltype(tag);
    auto [mk, vk] = adam_moments<V>(m, v, k, gr, w1, b2, c2);
    V src = vk;
    if constexpr (AMS) {
      src = vmaximum(vload<V>(vmax + k), vk);
      vstore(vmax + k, src);
    }
    V denom = add_scalar<T>(rd<T>(rd<T>(vsqrt(src)) / V(bc2s)), ep);
    return rd<T>(pk + (V(nss) * mk) / denom);
  });
}

template <bool MAX, bool WD, bool CEN, bool MOM, typename T, typename C = opmath_t<T>>
PYT_OPTIM_LOOP void rmsprop(T* __restrict p, const T* __restrict g, T* __restrict sa, T* __restrict ga,
                            T* __restrict buf, int64_t n, C wd, C a, C a1, C ep, C mom, C nlr) {
  param_loop<MAX, WD, false>(p, g, n, wd, C(1), [&](auto tag, int64_t k, auto gr, auto pk) {
    using V = decltype(tag);
    V s = rd<T>(vload<V>(sa + k) * V(a));
    s = rd<T>(s + (V(a1) * gr) * gr);
    vstore(sa + k, s);
    V avg;
    if constexpr (CEN) {
      V gak = vlerp<T>(vload<V>(ga + k), gr, a1);
      vstore(ga + k, gak);
      avg = rd<T>(vsqrt(rd<T>(s + (V(C(-1)) * gak) * gak)));
    } else {
      avg = rd<T>(vsqrt(s));
    }
    avg = add_scalar<T>(avg, ep);
    if constexpr (MOM) {
      V bv = rd<T>(vload<V>(buf + k) * V(mom));
      bv = rd<T>(bv + gr / avg);
      vstore(buf + k, bv);
      return add_alpha<T>(pk, nlr, bv);
    } else {
      return rd<T>(pk + (V(nlr) * gr) / avg);
    }
  });
}

template <bool MAX, bool WD, typename T, typename C = opmath_t<T>>
PYT_OPTIM_LOOP void adagrad(T* __restrict p, const T* __restrict g, T* __restrict sum, int64_t n, C wd, C ep,
                            C nclr) {
  param_loop<MAX, WD, false>(p, g, n, wd, C(1), [&](auto tag, int64_t k, auto gr, auto pk) {
    using V = decltype(tag);
    V s = rd<T>(vload<V>(sum + k) + (V(C(1)) * gr) * gr);
    vstore(sum + k, s);
    return rd<T>(pk + (V(nclr) * gr) / add_scalar<T>(rd<T>(vsqrt(s)), ep));
  });
}

template <bool MAX, bool WD, typename T, typename C = opmath_t<T>>
PYT_OPTIM_LOOP void adadelta(T* __restrict p, const T* __restrict g, T* __restrict sa, T* __restrict ad, int64_t n,
                             C wd, C r, C r1, C ep, C nlr) {
  param_loop<MAX, WD, false>(p, g, n, wd, C(1), [&](auto tag, int64_t k, auto gr, auto pk) {
    using V = decltype(tag);
    V s = rd<T>(vload<V>(sa + k) * V(r));
    s = rd<T>(s + (V(r1) * gr) * gr);
    vstore(sa + k, s);
    V std_ = rd<T>(vsqrt(add_scalar<T>(s, ep)));
    V adk = vload<V>(ad + k);
    V delta = rd<T>(vsqrt(add_scalar<T>(adk, ep)));
    delta = rd<T>(delta / std_);
    delta = rd<T>(delta * gr);
    vstore(ad + k, rd<T>(rd<T>(adk * V(r)) + (V(r1) * delta) * delta));
    return add_alpha<T>(pk, nlr, delta);
  });
}

template <bool MAX, bool WD, typename T, typename C = opmath_t<T>>
PYT_OPTIM_LOOP void adamax(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict u, int64_t n, C wd,
                           C w1, C b2, C ep, C nclr) {
  param_loop<MAX, WD, false>(p, g, n, wd, C(1), [&](auto tag, int64_t k, auto gr, auto pk) {
    using V = decltype(tag);
    V mk = vlerp<T>(vload<V>(m + k), gr, w1);
    vstore(m + k, mk);
    V uk = vmaximum(rd<T>(vload<V>(u + k) * V(b2)), add_scalar<T>(vabs(gr), ep));
    vstore(u + k, uk);
    return rd<T>(pk + (V(nclr) * mk) / uk);
  });
}

template <bool MAX, bool WD, bool DEC, typename T, typename C = opmath_t<T>>
PYT_OPTIM_LOOP void nadam(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict v, int64_t n, C wd,
                          C decay, C w1, C b2, C c2, C bc2, C ep, C cg, C ca) {
  param_loop<MAX, WD, DEC>(p, g, n, wd, decay, [&](auto tag, int64_t k, auto gr, auto pk) {
    using V = decltype(tag);
    auto [mk, vk] = adam_moments<V>(m, v, k, gr, w1, b2, c2);
    V denom = add_scalar<T>(rd<T>(vsqrt(rd<T>(vk / V(bc2)))), ep);
    pk = rd<T>(pk + (V(cg) * gr) / denom);
    return rd<T>(pk + (V(ca) * mk) / denom);
  });
}

template <bool MAX, bool WD, bool DEC, bool RECT, typename T, typename C = opmath_t<T>>
PYT_OPTIM_LOOP void radam(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict v, int64_t n, C wd,
                          C decay, C w1, C b2, C c2, C bc1, C bc2s, C ep, C lr, C rect) {
  param_loop<MAX, WD, DEC>(p, g, n, wd, decay, [&](auto tag, int64_t k, auto gr, auto pk) {
    using V = decltype(tag);
    auto [mk, vk] = adam_moments<V>(m, v, k, gr, w1, b2, c2);
    V upd = rd<T>(rd<T>(mk / V(bc1)) * V(lr));
    if constexpr (RECT) {
      // bc2s / x is x.reciprocal() * bc2s in torch
      V adaptive = rd<T>(rd<T>(V(C(1)) / add_scalar<T>(rd<T>(vsqrt(vk)), ep)) * V(bc2s));
      upd = rd<T>(rd<T>(upd * adaptive) * V(rect));
    }
    return rd<T>(pk - upd);
  });
}

}  // namespace pyt::optim_loops
