#pragma once
// Op list entries of the sampling family (see Note [The op list] in op_list.h): grid_sample
// (GridSampler3DBackward0 for 5-D input) and affine_grid.
#define PYT_FORALL_OPS_SAMPLING(_)                              \
  _(grid_sample, "GridSampler2DBackward0")                     \
  _(affine_grid, "AffineGridGeneratorBackward0")
