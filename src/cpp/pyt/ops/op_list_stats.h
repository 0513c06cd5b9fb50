#pragma once
// Op list entries of the statistics / sorting / searching family (see Note [The op list] in
// op_list.h). quantile and nanquantile are composites whose last op is torch's in-place
// squeeze_ (SqueezeBackward4); nanmean is nansum divided by a count (DivBackward0).
#define PYT_FORALL_OPS_STATS(_)                \
  _(median, "MedianBackward0")                 \
  _(nanmedian, "NanmedianBackward0")           \
  _(kthvalue, "KthvalueBackward0")             \
  _(mode, "ModeBackward0")                     \
  _(quantile, "SqueezeBackward4")              \
  _(nanquantile, "SqueezeBackward4")           \
  _(nansum, "NansumBackward0")                 \
  _(nanmean, "DivBackward0")                   \
  _(cummax, "CummaxBackward0")                 \
  _(cummin, "CumminBackward0")                 \
  _(logcumsumexp, "LogcumsumexpBackward0")     \
  _(searchsorted, "")                          \
  _(bucketize, "")                             \
  _(histc, "")                                 \
  _(bincount, "")                              \
  _(isin, "")                                  \
  _(argwhere, "")                              \
  _(unique_consecutive, "")
