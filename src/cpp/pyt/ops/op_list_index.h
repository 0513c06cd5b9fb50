#pragma once
// Op list entries of the indexing family (see Note [The op list] in op_list.h).
// index_put is the advanced-indexing write behind Tensor.__setitem__; advanced reads
// (Tensor.__getitem__ with tensor indices) record IndexBackward0 through pyt::index.
#define PYT_FORALL_OPS_INDEX(_)                                \
  _(index_put, "IndexPutBackward0")                            \
  _(scatter_reduce, "ScatterReduceBackward0")                  \
  _(index_copy, "IndexCopyBackward0")                          \
  _(index_fill, "IndexFillBackward0")                          \
  _(take, "TakeBackward0")                                     \
  _(put, "PutBackward0")
