// Elementwise kernels of the recurrent cells (see rnn_kernels.h). Each row is independent;
// the caller parallelises over rows when the step is large enough.
#include "pyt/ops/cpu/rnn_kernels.h"

#include <cmath>

namespace pyt::cpu {

namespace {
template <typename T>
inline T sigmoid(T x) {
  return T(1) / (T(1) + std::exp(-x));
}
}  // namespace

template <typename T>
void lstm_cell_forward(int64_t n, int64_t H, T* gates, const T* c_prev, T* c_new, T* tanh_c, T* h_new) {
  for (int64_t r = 0; r < n; ++r) {
    T* g = gates + r * 4 * H;
    const T* cp = c_prev + r * H;
    T* cn = c_new ? c_new + r * H : nullptr;
    T* tc = tanh_c ? tanh_c + r * H : nullptr;
    T* h = h_new + r * H;
    for (int64_t j = 0; j < H; ++j) {
      T i = sigmoid(g[j]), f = sigmoid(g[H + j]), gg = std::tanh(g[2 * H + j]), o = sigmoid(g[3 * H + j]);
      g[j] = i;
      g[H + j] = f;
      g[2 * H + j] = gg;
      g[3 * H + j] = o;
      T c = f * cp[j] + i * gg;
      T t = std::tanh(c);
      if (cn) cn[j] = c;
      if (tc) tc[j] = t;
      h[j] = o * t;
    }
  }
}

template <typename T>
void lstm_cell_backward(int64_t n, int64_t H, const T* dh, T* dc, const T* act, const T* c_prev, const T* tanh_c,
                        T* dgates) {
  for (int64_t r = 0; r < n; ++r) {
    const T* a = act + r * 4 * H;
    const T* cp = c_prev + r * H;
    const T* tc = tanh_c + r * H;
    const T* dhr = dh + r * H;
    T* dcr = dc + r * H;
    T* dg = dgates + r * 4 * H;
    for (int64_t j = 0; j < H; ++j) {
      T i = a[j], f = a[H + j], g = a[2 * H + j], o = a[3 * H + j], t = tc[j];
      T dct = dcr[j] + dhr[j] * o * (T(1) - t * t);
      dg[j] = dct * g * i * (T(1) - i);
      dg[H + j] = dct * cp[j] * f * (T(1) - f);
      dg[2 * H + j] = dct * i * (T(1) - g * g);
      dg[3 * H + j] = dhr[j] * t * o * (T(1) - o);
      dcr[j] = dct * f;
    }
  }
}

template <typename T>
void gru_cell_forward(int64_t n, int64_t H, const T* gi, const T* gh, const T* h_prev, T* ws, T* h_new) {
  for (int64_t r = 0; r < n; ++r) {
    const T* a = gi + r * 3 * H;
    const T* b = gh + r * 3 * H;
    const T* hp = h_prev + r * H;
    T* w = ws + r * 3 * H;
    T* h = h_new + r * H;
    for (int64_t j = 0; j < H; ++j) {
      T rr = sigmoid(a[j] + b[j]);
      T z = sigmoid(a[H + j] + b[H + j]);
      T nn = std::tanh(a[2 * H + j] + rr * b[2 * H + j]);
      w[j] = rr;
      w[H + j] = z;
      w[2 * H + j] = nn;
      h[j] = (T(1) - z) * nn + z * hp[j];
    }
  }
}

template <typename T>
void gru_cell_backward(int64_t n, int64_t H, const T* dh, const T* ws, const T* gh, const T* h_prev, T* dgi, T* dgh,
                       T* dh_prev) {
  for (int64_t r = 0; r < n; ++r) {
    const T* w = ws + r * 3 * H;
    const T* b = gh + r * 3 * H;
    const T* hp = h_prev + r * H;
    const T* d = dh + r * H;
    T* di = dgi + r * 3 * H;
    T* dhh = dgh + r * 3 * H;
    T* dp = dh_prev + r * H;
    for (int64_t j = 0; j < H; ++j) {
      T rr = w[j], z = w[H + j], nn = w[2 * H + j];
      T dn = d[j] * (T(1) - z) * (T(1) - nn * nn);
      T dz = d[j] * (hp[j] - nn) * z * (T(1) - z);
      T dr = dn * b[2 * H + j] * rr * (T(1) - rr);
      di[j] = dr;
      di[H + j] = dz;
      di[2 * H + j] = dn;
      dhh[j] = dr;
      dhh[H + j] = dz;
      dhh[2 * H + j] = dn * rr;
      dp[j] = d[j] * z;
    }
  }
}

template <typename T>
void rnn_cell_forward(int64_t count, bool relu, T* pre) {
  if (relu) {
    for (int64_t k = 0; k < count; ++k) pre[k] = pre[k] > T(0) ? pre[k] : (std::isnan(pre[k]) ? pre[k] : T(0));
  } else {
    for (int64_t k = 0; k < count; ++k) pre[k] = std::tanh(pre[k]);
  }
}

template <typename T>
void rnn_cell_backward(int64_t count, bool relu, const T* dh, const T* h, T* dpre) {
  if (relu) {
    for (int64_t k = 0; k < count; ++k) dpre[k] = h[k] > T(0) ? dh[k] : T(0);
  } else {
    for (int64_t k = 0; k < count; ++k) dpre[k] = dh[k] * (T(1) - h[k] * h[k]);
  }
}

#define PYT_RNN_INSTANTIATE(T)                                                                                  \
  template void lstm_cell_forward<T>(int64_t, int64_t, T*, const T*, T*, T*, T*);                               \
  template void lstm_cell_backward<T>(int64_t, int64_t, const T*, T*, const T*, const T*, const T*, T*);        \
  template void gru_cell_forward<T>(int64_t, int64_t, const T*, const T*, const T*, T*, T*);                    \
  template void gru_cell_backward<T>(int64_t, int64_t, const T*, const T*, const T*, const T*, T*, T*, T*);     \
  template void rnn_cell_forward<T>(int64_t, bool, T*);                                                         \
  template void rnn_cell_backward<T>(int64_t, bool, const T*, const T*, T*);
PYT_RNN_INSTANTIATE(float)
PYT_RNN_INSTANTIATE(double)
#undef PYT_RNN_INSTANTIATE

}  // namespace pyt::cpu
