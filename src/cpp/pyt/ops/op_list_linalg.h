#pragma once
// Op list entries of the LAPACK linear algebra family (see Note [The op list] in op_list.h).
// The pyt.linalg functions (solve, cholesky, qr, eigh, svd, ...) are bound as _C._linalg_*
// and tested in tests/python/test_linalg.py; the rows here are the top-level torch names.
#define PYT_FORALL_OPS_LINALG(_)                               \
  _(det, "LinalgDetBackward0")                                 \
  _(slogdet, "LinalgSlogdetBackward0")                         \
  _(inverse, "LinalgInvExBackward0")                           \
  _(matrix_exp, "LinalgMatrixExpBackward0")
