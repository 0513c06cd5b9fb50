#pragma once
// Recurrent cells, whole recurrent layers and scaled dot-product attention (torch names and
// semantics). Part of ops.h.
//
// The cells compute their two GEMMs through linear (addmm), then one fused kernel applies the
// gate nonlinearities and the state update; their backward is one fused kernel too. A layer
// (rnn_layer) runs a whole sequence in C++: one GEMM for the input projections of every step,
// one GEMM per step for the recurrence, and in backward one GEMM per step plus three GEMMs for
// the input and weight gradients. float32 and float64; float16 and bfloat16 layers run in float32
// with outputs rounded once, and float16/bfloat16 cells are composites of pyt ops with torch's
// grad_fn names (Note [Reduced-precision cells] in rnn.cpp). With grad mode on during backward
// (create_graph=True) the gradients are instead computed with differentiable pyt ops, so
// double backward works (Note [Double backward of the recurrent kernels] in rnn.cpp).
#include <optional>
#include <string>
#include <tuple>

#include "pyt/export.h"
#include "pyt/generator.h"
#include "pyt/tensor.h"

namespace pyt {

/// One LSTM step (torch.lstm_cell): gates = input W_ih^T + b_ih + hx W_hh^T + b_hh in (i, f, g, o)
/// order, cy = sigmoid(f) cx + sigmoid(i) tanh(g), hy = sigmoid(o) tanh(cy).
/// input (B, I), hx and cx (B, H), w_ih (4H, I), w_hh (4H, H), biases (4H) or undefined.
/// Returns (hy, cy), both (B, H); B may be 0. RuntimeError on mismatched shapes or dtypes.
PYT_API std::tuple<Tensor, Tensor> lstm_cell(const Tensor& input, const Tensor& hx, const Tensor& cx,
                                             const Tensor& w_ih, const Tensor& w_hh, const Tensor& b_ih,
                                             const Tensor& b_hh);
/// One GRU step (torch.gru_cell), gates in (r, z, n) order:
/// n = tanh(W_in x + b_in + r (W_hn h + b_hn)), hy = (1 - z) n + z hx. w_ih (3H, I), w_hh (3H, H).
PYT_API Tensor gru_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                        const Tensor& b_ih, const Tensor& b_hh);
/// One Elman step hy = tanh(x W_ih^T + b_ih + hx W_hh^T + b_hh) (torch.rnn_tanh_cell).
PYT_API Tensor rnn_tanh_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                             const Tensor& b_ih, const Tensor& b_hh);
/// One Elman step with relu (torch.rnn_relu_cell).
PYT_API Tensor rnn_relu_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                             const Tensor& b_ih, const Tensor& b_hh);

/// One direction of one layer of an RNN over a packed sequence.
/// mode: "LSTM", "GRU", "RNN_TANH" or "RNN_RELU". input (N, I) holds the steps one after
/// another, step t having batch_sizes[t] rows (non-increasing, as PackedSequence.data; an
/// unpacked (T, B, I) input is batch_sizes = [B] * T). hx (B, H) with B >= batch_sizes[0];
/// cx (B, H) for LSTM (undefined otherwise). reverse runs the steps last to first. B may be 0
/// (every step then has 0 rows). float16/bfloat16 tensors run in float32, rounded once.
/// Returns {output (N, H), h_n (B, H), c_n (B, H) or undefined}: h_n[b] is the state after
/// the last step in which row b took part. Backward node MkldnnRnnLayerBackward0: fused, or,
/// under create_graph, per-step pyt ops (differentiable again). RuntimeError on bad shapes or
/// dtypes.
PYT_API std::vector<Tensor> rnn_layer(const std::string& mode, const Tensor& input,
                                      const std::vector<int64_t>& batch_sizes, const Tensor& hx, const Tensor& cx,
                                      const Tensor& w_ih, const Tensor& w_hh, const Tensor& b_ih, const Tensor& b_hh,
                                      bool reverse);

/// softmax(q k^T * scale + mask) v (torch.nn.functional.scaled_dot_product_attention).
/// q (..., L, E), k (..., S, E), v (..., S, Ev), batch dims broadcast; attn_mask (undefined,
/// bool: true = take part, or floating: added) broadcastable to (..., L, S); is_causal masks
/// j > i (no attn_mask allowed then); scale defaults to 1/sqrt(E); dropout_p drops weights
/// (rescaled by 1/(1-p)); enable_gqa lets q have a multiple of k's and v's heads (dim -3).
/// Rows with every key masked give zeros. Returns (..., L, Ev).
PYT_API Tensor scaled_dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                                            const Tensor& attn_mask, double dropout_p, bool is_causal,
                                            std::optional<double> scale, bool enable_gqa, Generator* gen = nullptr);

}  // namespace pyt
