#pragma once
// Op list entries of the mathx family (see Note [The op list] in op_list.h): integer gcd / lcm
// (no gradient in torch), the complementary error function, and histogram (no gradient).
#define PYT_FORALL_OPS_MATHX(_) \
  _(gcd, "")                    \
  _(lcm, "")                    \
  _(erfc, "ErfcBackward0")      \
  _(histogram, "")
