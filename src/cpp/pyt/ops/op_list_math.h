#pragma once
// Op list entries of the elementwise math family (see Note [The op list] in op_list.h).
#define PYT_FORALL_OPS_MATH(_)
