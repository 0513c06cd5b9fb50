#pragma once
// Op list entries of the elementwise math family (see Note [The op list] in op_list.h).
// square records PowBackward0 (torch.square is pow(input, 2)); lerp and fmod name the node
// of their canonical form (Python-number weight, tensor divisor); floor_divide has no
// derivative in torch (its node raises), hence "".
#define PYT_FORALL_OPS_MATH(_)            \
  _(exp2, "Exp2Backward0")                \
  _(log2, "Log2Backward0")                \
  _(log10, "Log10Backward0")              \
  _(log1p, "Log1PBackward0")              \
  _(expm1, "Expm1Backward0")              \
  _(rsqrt, "RsqrtBackward0")              \
  _(sin, "SinBackward0")                  \
  _(cos, "CosBackward0")                  \
  _(tan, "TanBackward0")                  \
  _(asin, "AsinBackward0")                \
  _(acos, "AcosBackward0")                \
  _(atan, "AtanBackward0")                \
  _(atan2, "Atan2Backward0")              \
  _(sinh, "SinhBackward0")                \
  _(cosh, "CoshBackward0")                \
  _(asinh, "AsinhBackward0")              \
  _(acosh, "AcoshBackward0")              \
  _(atanh, "AtanhBackward0")              \
  _(erf, "ErfBackward0")                  \
  _(erfinv, "ErfinvBackward0")            \
  _(floor, "FloorBackward0")              \
  _(ceil, "CeilBackward0")                \
  _(round, "RoundBackward0")              \
  _(trunc, "TruncBackward0")              \
  _(frac, "FracBackward0")                \
  _(reciprocal, "ReciprocalBackward0")    \
  _(square, "PowBackward0")               \
  _(lerp, "LerpBackward0")                \
  _(hypot, "HypotBackward0")              \
  _(fmod, "FmodBackward1")                \
  _(floor_divide, "")                     \
  _(isnan, "")                            \
  _(isinf, "")                            \
  _(isfinite, "")                         \
  _(nan_to_num, "NanToNumBackward0")      \
  _(logical_and, "")                      \
  _(logical_or, "")                       \
  _(logical_xor, "")                      \
  _(logical_not, "")                      \
  _(true_divide, "DivBackward0")          \
  _(multiply, "MulBackward0")             \
  _(subtract, "SubBackward0")
