#pragma once
// Op list entries of the second linear algebra family (see Note [The op list] in
// op_list.h). einsum names the node of its "ij,jk->ik" lowering (a view of a bmm).
#define PYT_FORALL_OPS_LINALG2(_)                              \
  _(baddbmm, "BaddbmmBackward0")                               \
  _(addbmm, "AddbmmBackward0")                                 \
  _(addmv, "AddmvBackward0")                                   \
  _(addr, "AddrBackward0")                                     \
  _(einsum, "ViewBackward0")
