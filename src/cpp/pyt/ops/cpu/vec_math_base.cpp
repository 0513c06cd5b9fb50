// The baseline (x86-64: SSE2) build of vec_math_impl.h (Note [SIMD dispatch]).
#define PYT_VEC_TABLE kTableBase
#define PYT_VEC_ISA "sse2"
#include "pyt/ops/cpu/vec_math_impl.h"
