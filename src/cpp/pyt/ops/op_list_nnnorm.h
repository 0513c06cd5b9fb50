#pragma once
// Op list entries of the nn_norm family: normalisation layers, activations and embeddings
// (see Note [The op list] in op_list.h). Node names are torch's: selu records EluBackward0,
// relu6 HardtanhBackward0, rms_norm MulBackward0 (torch composes it and ends in a mul).
#define PYT_FORALL_OPS_NNNORM(_)                 \
  _(layer_norm, "NativeLayerNormBackward0")      \
  _(batch_norm, "NativeBatchNormBackward0")      \
  _(group_norm, "NativeGroupNormBackward0")      \
  _(rms_norm, "MulBackward0")                    \
  _(embedding, "EmbeddingBackward0")             \
  _(gelu, "GeluBackward0")                       \
  _(silu, "SiluBackward0")                       \
  _(mish, "MishBackward0")                       \
  _(elu, "EluBackward0")                         \
  _(selu, "EluBackward0")                        \
  _(celu, "CeluBackward0")                       \
  _(leaky_relu, "LeakyReluBackward0")            \
  _(relu6, "HardtanhBackward0")                  \
  _(hardtanh, "HardtanhBackward0")               \
  _(hardsigmoid, "HardsigmoidBackward0")         \
  _(hardswish, "HardswishBackward0")             \
  _(softplus, "SoftplusBackward0")               \
  _(threshold, "ThresholdBackward0")             \
  _(logsigmoid, "LogSigmoidBackward0")           \
  _(hardshrink, "HardshrinkBackward0")           \
  _(softshrink, "SoftshrinkBackward0")           \
  _(prelu, "PreluKernelBackward0")               \
  _(glu, "GluBackward0")
