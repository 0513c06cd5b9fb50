#pragma once
// Op list entries of the 3-d pooling and max unpooling family (see Note [The op list] in
// op_list.h); the 1-d and 2-d pools are in the conv family.
#define PYT_FORALL_OPS_POOL(_)                           \
  _(max_pool3d, "MaxPool3DWithIndicesBackward0")         \
  _(avg_pool3d, "AvgPool3DBackward0")                    \
  _(adaptive_avg_pool3d, "AdaptiveAvgPool3DBackward0")   \
  _(adaptive_max_pool3d, "AdaptiveMaxPool3DBackward0")   \
  _(fractional_max_pool2d, "FractionalMaxPool2DBackward0") \
  _(max_unpool2d, "MaxUnpool2DBackward0")                \
  _(max_unpool3d, "MaxUnpool3DBackward0")
