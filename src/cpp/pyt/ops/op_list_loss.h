#pragma once
// Op list entries of the loss family (see Note [The op list] in op_list.h).
#define PYT_FORALL_OPS_LOSS(_) _(ctc_loss, "CtcLossBackward0")
