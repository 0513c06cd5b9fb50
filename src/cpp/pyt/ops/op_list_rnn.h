#pragma once
// Op list entries of the recurrent / attention family (see Note [The op list] in op_list.h).
// The cells record the fused nodes torch uses for its fused cells (ThnnFused...); the Elman
// cells fuse the sum of the two GEMM results with the activation and record its node.
// scaled_dot_product_attention records torch's node of the fused CPU kernel.
#define PYT_FORALL_OPS_RNN(_)                 \
  _(lstm_cell, "ThnnFusedLstmCellBackward0")  \
  _(gru_cell, "ThnnFusedGruCellBackward0")    \
  _(rnn_tanh_cell, "TanhBackward0")           \
  _(rnn_relu_cell, "ReluBackward0")           \
  _(scaled_dot_product_attention, "ScaledDotProductFlashAttentionForCpuBackward0")
