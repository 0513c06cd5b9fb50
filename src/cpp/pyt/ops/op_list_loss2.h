#pragma once
// Op list entries of the loss2 family (see Note [The op list] in op_list.h): losses that
// torch implements as single ATen ops with their own backward, and embedding_bag.
#define PYT_FORALL_OPS_LOSS2(_)                                  \
  _(embedding_bag, "EmbeddingBagBackward0")                     \
  _(smooth_l1_loss, "SmoothL1LossBackward0")                    \
  _(huber_loss, "HuberLossBackward0")                           \
  _(soft_margin_loss, "SoftMarginLossBackward0")                \
  _(multi_margin_loss, "MultiMarginLossBackward0")              \
  _(multilabel_margin_loss, "MultilabelMarginLossBackward0")
