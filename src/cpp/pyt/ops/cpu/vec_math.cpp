#include "pyt/ops/cpu/vec_math.h"

#include <cstdlib>
#include <cstring>

namespace pyt::cpu::vec {

namespace {
const Table* choose() {
  const char* force = std::getenv("PYT_SIMD");
  bool baseline = force && std::strcmp(force, "sse2") == 0;
#if defined(__x86_64__)
  if (!baseline) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return &kTableAvx2;
  }
#endif
  (void)baseline;
  return &kTableBase;
}
}  // namespace

const Table& table() {
  static const Table* chosen = choose();  // once, at first use (Note [SIMD dispatch])
  return *chosen;
}

}  // namespace pyt::cpu::vec
