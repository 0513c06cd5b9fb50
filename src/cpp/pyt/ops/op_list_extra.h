#pragma once
// Op list entries of the `extra` elementwise family (see Note [The op list] in op_list.h).
// heaviside's derivative is not implemented in torch (its node raises), hence ""; nextafter's
// gradient is torch's: the incoming gradient for input, zeros for other. float_power names the node
// of its tensor-tensor form (PowBackward1).
// diag names the node of its 1-D form (a 2-D input records DiagonalBackward0_copy); cross and
// cdist are Python functions (python/pyt/_extra_ops.py) over _C._linalg_cross / _C._cdist_direct.
#define PYT_FORALL_OPS_EXTRA(_)                     \
  _(bitwise_left_shift, "")                         \
  _(bitwise_right_shift, "")                        \
  _(copysign, "CopysignBackward0")                  \
  _(heaviside, "")                                  \
  _(fmax, "FmaxBackward0")                          \
  _(fmin, "FminBackward0")                          \
  _(logaddexp, "LogaddexpBackward0")                \
  _(logaddexp2, "Logaddexp2Backward0")              \
  _(nextafter, "NextafterBackward0")                \
  _(xlogy, "XlogyBackward0")                        \
  _(ldexp, "LdexpBackward0")                        \
  _(float_power, "PowBackward1")                    \
  _(lgamma, "LgammaBackward0")                      \
  _(digamma, "DigammaBackward0")                    \
  _(polygamma, "PolygammaBackward0")                \
  _(sinc, "SincBackward0")                          \
  _(i0, "I0Backward0")                              \
  _(deg2rad, "Deg2RadBackward0")                    \
  _(rad2deg, "Rad2DegBackward0")                    \
  _(logit, "LogitBackward0")                        \
  _(sgn, "SgnBackward0")                            \
  _(signbit, "")                                    \
  _(diag, "DiagEmbedBackward0")                     \
  _(diag_embed, "DiagEmbedBackward0")               \
  _(trace, "TraceBackward0")                        \
  _(cross, "LinalgCrossBackward0")                  \
  _(block_diag, "BlockDiagBackward0")               \
  _(rot90, "Rot90Backward0")                        \
  _(cdist, "CdistBackward0")                        \
  _(tril_indices, "")                               \
  _(triu_indices, "")
