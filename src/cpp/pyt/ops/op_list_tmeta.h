#pragma once
// Op list entries of the tensor-metadata family (see Note [The op list] in op_list.h): strided
// views and index/mask reductions. (Tensor.unfold is not listed: the op list's unfold is
// nn.functional.unfold.)
#define PYT_FORALL_OPS_TMETA(_)                                \
  _(as_strided, "AsStridedBackward0")                          \
  _(masked_scatter, "MaskedScatterBackward0")                  \
  _(index_reduce, "IndexReduceBackward0")
