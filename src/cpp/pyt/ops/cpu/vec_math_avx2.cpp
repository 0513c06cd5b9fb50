// The AVX2 + FMA build of vec_math_impl.h (Note [SIMD dispatch]); CMakeLists.txt compiles this
// file with -mavx2 -mfma -ffp-contract=fast. Only table() in vec_math.cpp refers to it, and only
// after checking that the CPU has AVX2 and FMA.
#if defined(__x86_64__)
#define PYT_VEC_TABLE kTableAvx2
#define PYT_VEC_ISA "avx2+fma"
#include "pyt/ops/cpu/vec_math_impl.h"
#endif
