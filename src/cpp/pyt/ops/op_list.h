#pragma once
// Note [The op list]: every public op of pyt, with the torch name of the autograd node it
// records ("" when it has no gradient). The Python test suite walks this list: each op must
// be bound in pyt (function or Tensor method) and have a row in the differential test table
// (tests/python/op_table.py), and a differentiable op's row must produce this grad_fn.
#define PYT_FORALL_OPS(_)   \
  PYT_FORALL_OPS_CORE(_) \
  PYT_FORALL_OPS_MATH(_) \
  PYT_FORALL_OPS_SHAPE(_) \
  PYT_FORALL_OPS_CONV(_) \
  PYT_FORALL_OPS_LOSS(_) \
  PYT_FORALL_OPS_NNNORM(_) \
  PYT_FORALL_OPS_RNN(_) \
  PYT_FORALL_OPS_INDEX(_) \
  PYT_FORALL_OPS_LINALG2(_) \
  PYT_FORALL_OPS_LINALG(_) \
  PYT_FORALL_OPS_LOSS2(_) \
  PYT_FORALL_OPS_SAMPLING(_) \
  PYT_FORALL_OPS_STATS(_) \
  PYT_FORALL_OPS_EXTRA(_) \
  PYT_FORALL_OPS_POOL(_) \
  PYT_FORALL_OPS_TMETA(_) \
  PYT_FORALL_OPS_MATHX(_)

#include "pyt/ops/op_list_math.h"
#include "pyt/ops/op_list_shape.h"
#include "pyt/ops/op_list_conv.h"
#include "pyt/ops/op_list_loss.h"
#include "pyt/ops/op_list_nnnorm.h"
#include "pyt/ops/op_list_rnn.h"
#include "pyt/ops/op_list_index.h"
#include "pyt/ops/op_list_linalg2.h"
#include "pyt/ops/op_list_linalg.h"
#include "pyt/ops/op_list_loss2.h"
#include "pyt/ops/op_list_sampling.h"
#include "pyt/ops/op_list_stats.h"
#include "pyt/ops/op_list_extra.h"
#include "pyt/ops/op_list_pool.h"
#include "pyt/ops/op_list_tmeta.h"
#include "pyt/ops/op_list_mathx.h"

#define PYT_FORALL_OPS_CORE(_)                                 \
  _(add, "AddBackward0")                                       \
  _(sub, "SubBackward0")                                       \
  _(mul, "MulBackward0")                                       \
  _(div, "DivBackward0")                                       \
  _(pow, "PowBackward1")                                       \
  _(remainder, "RemainderBackward0")                           \
  _(bitwise_and, "")                                           \
  _(bitwise_or, "")                                            \
  _(bitwise_xor, "")                                           \
  _(bitwise_not, "")                                           \
  _(maximum, "MaximumBackward0")                               \
  _(minimum, "MinimumBackward0")                               \
  _(eq, "")                                                    \
  _(ne, "")                                                    \
  _(lt, "")                                                    \
  _(le, "")                                                    \
  _(gt, "")                                                    \
  _(ge, "")                                                    \
  _(where, "WhereBackward0")                                   \
  _(neg, "NegBackward0")                                       \
  _(exp, "ExpBackward0")                                       \
  _(log, "LogBackward0")                                       \
  _(sqrt, "SqrtBackward0")                                     \
  _(abs, "AbsBackward0")                                       \
  _(sign, "SignBackward0")                                     \
  _(relu, "ReluBackward0")                                     \
  _(sigmoid, "SigmoidBackward0")                               \
  _(tanh, "TanhBackward0")                                     \
  _(clamp, "ClampBackward1")                                   \
  _(sum, "SumBackward0")                                       \
  _(mean, "MeanBackward0")                                     \
  _(max, "MaxBackward1")                                       \
  _(min, "MinBackward1")                                       \
  _(argmax, "")                                                \
  _(argmin, "")                                                \
  _(softmax, "SoftmaxBackward0")                               \
  _(log_softmax, "LogSoftmaxBackward0")                        \
  _(matmul, "MmBackward0")                                     \
  _(mm, "MmBackward0")                                         \
  _(bmm, "BmmBackward0")                                       \
  _(addmm, "AddmmBackward0")                                   \
  _(dot, "DotBackward0")                                       \
  _(mv, "MvBackward0")                                         \
  _(outer, "MulBackward0")                                     \
  _(t, "TBackward0")                                          \
  _(transpose, "TransposeBackward0")                           \
  _(permute, "PermuteBackward0")                               \
  _(view, "ViewBackward0")                                     \
  _(reshape, "ViewBackward0")                                  \
  _(flatten, "ViewBackward0")                                  \
  _(squeeze, "SqueezeBackward0")                               \
  _(unsqueeze, "UnsqueezeBackward0")                           \
  _(expand, "ExpandBackward0")                                 \
  _(select, "SelectBackward0")                                 \
  _(cat, "CatBackward0")                                       \
  _(stack, "CatBackward0")                                     \
  _(index_select, "IndexSelectBackward0")                      \
  _(gather, "GatherBackward0")                                 \
  _(scatter_add, "ScatterAddBackward0")                        \
  _(scatter, "ScatterBackward0")                               \
  _(take_along_dim, "GatherBackward0")                         \
  _(index_add, "IndexAddBackward0")                            \
  _(nonzero, "")                                               \
  _(masked_select, "IndexSelectBackward0")                     \
  _(masked_fill, "WhereBackward0")                             \
  _(clone, "CloneBackward0")                                   \
  _(contiguous, "CloneBackward0")                              \
  _(to, "ToCopyBackward0")                                     \
  _(linear, "AddmmBackward0")                                  \
  _(conv2d, "ConvolutionBackward0")                            \
  _(max_pool2d, "MaxPool2DWithIndicesBackward0")               \
  _(nll_loss, "NllLossBackward0")                               \
  _(cross_entropy, "NllLossBackward0")                             \
  _(mse_loss, "MseLossBackward0")                                  \
  _(dropout, "MulBackward0")

namespace pyt {
/// Number of entries in PYT_FORALL_OPS (checked against the bindings' table by a test).
constexpr int kNumOps = 0
#define PYT_COUNT_OP(N, B) +1
    PYT_FORALL_OPS(PYT_COUNT_OP)
#undef PYT_COUNT_OP
    ;
}  // namespace pyt
