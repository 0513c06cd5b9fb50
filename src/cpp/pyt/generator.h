#pragma once
// Random number generation. Note [Counter-based RNG]: every random op draws from a
// Philox4x32-10 stream addressed by (seed, offset + element index), so the values do
// not depend on how the work is split across threads. The generator's offset moves
// past the blocks an op consumed.
#include <cstdint>
#include <mutex>

#include "pyt/export.h"

namespace pyt {

/// torch.Generator for the CPU: a seed and a Philox counter offset.
class PYT_API Generator {
 public:
  /// torch's default seed.
  static constexpr uint64_t kDefaultSeed = 67280421310721ULL;
  explicit Generator(uint64_t seed = kDefaultSeed) : seed_(seed) {}
  void manual_seed(uint64_t seed) {
    std::lock_guard<std::mutex> g(mu_);
    seed_ = seed;
    offset_ = 0;
  }
  uint64_t initial_seed() const { return seed_; }
  uint64_t offset() const { return offset_; }
  void set_offset(uint64_t o) {
    std::lock_guard<std::mutex> g(mu_);
    offset_ = o;
  }
  /// Reserves n Philox blocks; returns the first block's offset.
  uint64_t reserve(uint64_t n) {
    std::lock_guard<std::mutex> g(mu_);
    uint64_t start = offset_;
    offset_ += n;
    return start;
  }

 private:
  std::mutex mu_;
  uint64_t seed_;
  uint64_t offset_ = 0;
};

/// The process-wide default generator (torch.default_generator).
PYT_API Generator& default_generator();
/// Seeds the default generator (torch.manual_seed).
PYT_API void manual_seed(uint64_t seed);

/// Four 32-bit random words: Philox4x32-10 of counter (block, 0) under key seed.
struct PhiloxOut {
  uint32_t v[4];
};
PYT_API PhiloxOut philox4x32(uint64_t seed, uint64_t block);

/// Uniform in [0, 1) from 24 random bits (float) or 53 (double).
inline float uint32_to_uniform_float(uint32_t x) { return static_cast<float>(x >> 8) * (1.0f / 16777216.0f); }
inline double uint64_to_uniform_double(uint64_t x) {
  return static_cast<double>(x >> 11) * (1.0 / 9007199254740992.0);
}

}  // namespace pyt
