#pragma once
// Op list entries of the reduction and shape family (see Note [The op list] in op_list.h).
#define PYT_FORALL_OPS_SHAPE(_)
