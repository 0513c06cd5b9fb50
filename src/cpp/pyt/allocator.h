#pragma once
// The CPU allocator: every buffer pyt owns comes from cpu_allocate and goes back through
// cpu_free (Storage, and kernels' scratch buffers such as convolution's). See Note [CPU caching allocator] in allocator.cpp.
#include <cstddef>
#include <cstdint>

#include "pyt/export.h"

namespace pyt {

/// Returns nbytes (zero allowed; never null) aligned to at least 64 bytes. Blocks of 1 MiB
/// and more are mapped with transparent huge pages where the kernel allows and come from a
/// bounded cache of freed blocks when one of a fitting size is there, so a fresh large
/// output does not page-fault on first touch. Thread safe. Throws RuntimeError when memory
/// is exhausted (after emptying the cache and retrying).
PYT_API void* cpu_allocate(size_t nbytes);
/// Releases p, which cpu_allocate(nbytes) returned (same nbytes); a large block may be kept
/// in the cache for reuse instead of being unmapped.
PYT_API void cpu_free(void* p, size_t nbytes);

/// What the allocator holds and how often the cache served a large request.
struct CpuAllocatorStats {
  size_t cached_bytes = 0;   ///< bytes of freed large blocks held for reuse
  size_t cached_blocks = 0;  ///< number of such blocks
  size_t cache_limit = 0;    ///< most bytes the cache may hold
  uint64_t hits = 0;         ///< large requests served from the cache
  uint64_t misses = 0;       ///< large requests that mapped new memory
  bool caching = false;      ///< false when the cache is off (sanitizer builds, env, at exit)
  bool huge_pages = false;   ///< whether large blocks are advised MADV_HUGEPAGE
};

/// A snapshot of the allocator's counters.
PYT_API CpuAllocatorStats cpu_allocator_stats();
/// Returns every cached block to the operating system.
PYT_API void cpu_allocator_empty_cache();
/// Sets the most bytes the cache may hold (0 turns caching off) and trims it to fit;
/// returns the previous limit.
PYT_API size_t cpu_allocator_set_cache_limit(size_t bytes);

}  // namespace pyt
