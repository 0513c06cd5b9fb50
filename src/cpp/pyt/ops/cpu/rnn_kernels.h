#pragma once
// Elementwise kernels of the recurrent cells (LSTM, GRU, Elman RNN) and of attention's
// masked softmax. Row-major, contiguous rows; they know nothing of autograd. Internal header.
#include <cstdint>

namespace pyt::cpu {

/// LSTM cell update over n rows of hidden size H. gates (n, 4H) holds the pre-activations
/// (i, f, g, o) and is overwritten with their activations; c_prev (n, H) -> c_new (n, H),
/// tanh_c = tanh(c_new), h_new = o * tanh_c.
template <typename T>
void lstm_cell_forward(int64_t n, int64_t H, T* gates, const T* c_prev, T* c_new, T* tanh_c, T* h_new);

/// Backward of lstm_cell_forward. dh (n, H): gradient of h_new; dc (n, H): gradient of
/// c_new on entry, of c_prev on exit; act: the activated gates; writes dgates (n, 4H), the
/// gradient of the pre-activations.
template <typename T>
void lstm_cell_backward(int64_t n, int64_t H, const T* dh, T* dc, const T* act, const T* c_prev, const T* tanh_c,
                        T* dgates);

/// GRU cell update: gi = W_ih x + b_ih, gh = W_hh h + b_hh, both (n, 3H) in (r, z, n) order.
/// ws (n, 3H) receives r, z and the new-gate value; h_new = (1 - z) * n + z * h_prev.
template <typename T>
void gru_cell_forward(int64_t n, int64_t H, const T* gi, const T* gh, const T* h_prev, T* ws, T* h_new);

/// Backward of gru_cell_forward: dh (n, H) the gradient of h_new; writes dgi, dgh (n, 3H)
/// and dh_prev (n, H), the part of h_prev's gradient that does not flow through gh.
template <typename T>
void gru_cell_backward(int64_t n, int64_t H, const T* dh, const T* ws, const T* gh, const T* h_prev, T* dgi, T* dgh,
                       T* dh_prev);

/// Elman cell: h = tanh(pre) or relu(pre), in place over count elements.
template <typename T>
void rnn_cell_forward(int64_t count, bool relu, T* pre);
/// dpre = dh * act'(h), from the activated values h.
template <typename T>
void rnn_cell_backward(int64_t count, bool relu, const T* dh, const T* h, T* dpre);

}  // namespace pyt::cpu
