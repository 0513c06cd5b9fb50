#pragma once
// Op list entries of the convolution / pooling / resampling family (see Note [The op list]
// in op_list.h). The 1-d pools record SqueezeBackward1 as torch's do (they are the 2-d pool
// of an unsqueezed input); pad's canonical node is the constant one.
#define PYT_FORALL_OPS_CONV(_)                             \
  _(conv1d, "ConvolutionBackward0")                        \
  _(conv3d, "ConvolutionBackward0")                        \
  _(conv_transpose1d, "ConvolutionBackward0")              \
  _(conv_transpose2d, "ConvolutionBackward0")              \
  _(conv_transpose3d, "ConvolutionBackward0")              \
  _(max_pool1d, "SqueezeBackward1")                        \
  _(avg_pool1d, "SqueezeBackward1")                        \
  _(avg_pool2d, "AvgPool2DBackward0")                      \
  _(adaptive_avg_pool1d, "SqueezeBackward1")               \
  _(adaptive_avg_pool2d, "AdaptiveAvgPool2DBackward0")     \
  _(adaptive_max_pool2d, "AdaptiveMaxPool2DBackward0")     \
  _(pad, "ConstantPadNdBackward0")                         \
  _(interpolate, "UpsampleNearest2DBackward0")             \
  _(pixel_shuffle, "PixelShuffleBackward0")                \
  _(pixel_unshuffle, "PixelUnshuffleBackward0")            \
  _(unfold, "Im2ColBackward0")                             \
  _(fold, "Col2ImBackward0")
